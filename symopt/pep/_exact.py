"""Constants and exact-arithmetic helpers of symopt.pep: rationals, sparse exact vectors, exact LDL."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Mapping, Sequence

import sympy as sp

from ..errors import ParameterError
from ..core.parse import parse
from ..limits import run_with_budget


INSTALL_HINT = "pip install 'symopt-toolkit[pep]'"

#: Initial conditions (normalised to ``<= 1``): distance, function gap, or the Lyapunov-style sum.
INITIALS = ("dist", "f", "f+mu/2*dist", "grad")
#: Measures: ``f(x_N) - f*``, ``||grad f(x_N)||^2``, ``||x_N - x*||^2``, best iterate ``min_k f(x_k) - f*``.
MEASURES = ("f", "grad", "dist", "min_f", "min_grad")

#: Largest relative inflation of tau allowed to make the residual Gram matrix positive definite.
MAX_INFLATION = Fraction(1, 10**6)

_ROUND = 10**12  # denominators for rounding irrational method coefficients

#: Largest horizon accepted (the SDP has ~N^2 constraints on an ~N x N Gram matrix).
MAX_N = 60

#: Wall-clock limit of one SDP solve, in seconds (Clarabel's ``time_limit``); past it the result is unknown.
SOLVER_SECONDS = 120.0



# ============================================================================ exact helpers


def _frac(value: Any, what: str = "value") -> tuple[Fraction, bool]:
    """``value`` as a Fraction; the flag says it was rounded (an irrational number)."""
    if isinstance(value, bool):
        raise ParameterError(f"{what} must be a number, got {value!r}")
    if isinstance(value, Fraction):
        return value, False
    if isinstance(value, int):
        return Fraction(value), False
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ParameterError(f"{what} must be finite, got {value!r}")
        return Fraction(repr(value)), False
    if isinstance(value, str):

        value = parse(value)
    expr = sp.sympify(value, strict=True) if not isinstance(value, sp.Basic) else value  # no text here
    if not isinstance(expr, sp.Expr) or expr.free_symbols:
        raise ParameterError(f"{what} must be a number here, got {value!r}")
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q)), False

    num = run_with_budget(lambda: sp.N(expr, 40), step="pep-coefficient", seconds=5.0)
    if not num.is_real or not num.is_finite:
        raise ParameterError(f"{what} must be a finite real number, got {value!r}")
    return Fraction(str(num)).limit_denominator(_ROUND), True


class _V:
    """A vector of exact coefficients over a growing basis (a sparse dict)."""

    __slots__ = ("c",)

    def __init__(self, c: Mapping[int, Fraction] | None = None):
        self.c = {k: v for k, v in (c or {}).items() if v != 0}

    def __add__(self, other: "_V") -> "_V":
        out = dict(self.c)
        for k, v in other.c.items():
            out[k] = out.get(k, 0) + v
        return _V(out)

    def __sub__(self, other: "_V") -> "_V":
        return self + other * -1

    def __mul__(self, a: Any) -> "_V":
        a = a if isinstance(a, Fraction) else _frac(a)[0]
        return _V({k: v * a for k, v in self.c.items()})

    __rmul__ = __mul__

    def __neg__(self) -> "_V":
        return self * -1

    def dot_matrix(self, other: "_V") -> dict[tuple[int, int], Fraction]:
        """The symmetric matrix ``(u v^T + v u^T)/2`` so that ``<u, v> = <M, G>``."""
        out: dict[tuple[int, int], Fraction] = {}
        for i, a in self.c.items():
            for j, b in other.c.items():
                v = a * b / 2
                out[(i, j)] = out.get((i, j), 0) + v
                out[(j, i)] = out.get((j, i), 0) + v
        return out


def _madd(acc: dict, m: Mapping, scale: Fraction) -> None:
    for k, v in m.items():
        acc[k] = acc.get(k, 0) + scale * v


def _ldl(S: list[list[Fraction]]) -> tuple[list[list[Fraction]], list[Fraction]] | None:
    """Exact ``S = L D L^T`` (unit lower ``L``) with ``D >= 0``; ``None`` when ``S`` is not PSD."""
    n = len(S)
    W = [row[:] for row in S]
    L = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    D: list[Fraction] = []
    for k in range(n):
        d = W[k][k]
        if d < 0:
            return None
        if d == 0:
            if any(W[i][k] != 0 for i in range(k + 1, n)):
                return None
            D.append(Fraction(0))
            continue
        D.append(d)
        col = [W[i][k] / d for i in range(k + 1, n)]
        for a, i in enumerate(range(k + 1, n)):
            L[i][k] = col[a]
        for a, i in enumerate(range(k + 1, n)):
            li = col[a] * d
            if li == 0:
                continue
            Wi = W[i]
            for b, j in enumerate(range(k + 1, n)):
                if col[b]:
                    Wi[j] -= li * col[b]
    return L, D


def _ldl_reproduces(S: list[list[Fraction]], L: Sequence[Sequence[Fraction]], D: Sequence[Fraction]) -> bool:
    """``L`` unit lower triangular, ``D >= 0`` and ``L D L^T == S`` exactly."""
    n = len(S)
    if len(L) != n or len(D) != n or any(len(r) != n for r in L):
        return False
    for i in range(n):
        if L[i][i] != 1 or any(L[i][j] != 0 for j in range(i + 1, n)):
            return False
    if any((not isinstance(d, Fraction)) or d < 0 for d in D):
        return False
    for i in range(n):
        for j in range(i + 1):
            s = sum((L[i][k] * D[k] * L[j][k] for k in range(j + 1)), Fraction(0))
            if s != S[i][j] or S[i][j] != S[j][i]:
                return False
    return True


def _echelon(B: Any) -> list[int]:
    """Reduce the rows of the float array ``B`` in place to echelon form with unit pivots.

    Each row in turn is divided by its largest entry (its pivot, made 1) and that column is
    cleared in every other row.  Returns the pivot columns, one per row.
    """
    import numpy as np

    pivots = []
    for r in range(B.shape[0]):
        piv = int(np.argmax(np.abs(B[r])))
        B[r] /= B[r, piv]
        for q in range(B.shape[0]):
            if q != r:
                B[q] -= B[q, piv] * B[r]
        pivots.append(piv)
    return pivots
