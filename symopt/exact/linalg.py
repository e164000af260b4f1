r"""Exact and certified linear algebra: LDL^T factorisations, inertia, interval PSD tests.

Floor 2 (beside :mod:`symopt.exact.signs` and :mod:`symopt.exact.interval`):
the convexity checkers, the critical-point classifier and the theory modules
use these without knowing each other.

* :class:`LDLFactorization`: exact :math:`H = L D L^\top`; ``H`` is PSD
  (NSD) exactly when every pivot is ``>= 0`` (``<= 0``); its ``check()``
  re-multiplies the factors.
* :func:`negative_direction`: a rational ``v`` with :math:`v^\top H v < 0`
  (a certificate that ``H`` is not PSD).
* :func:`inertia`: the numbers of positive, negative and zero eigenvalues of
  a constant symmetric matrix (Sylvester's law of inertia applied to the
  exact symmetric elimination).
* :func:`interval_psd`: every symmetric member of an interval matrix is PSD
  (diagonal dominance or interval Cholesky).
* :func:`bisect_box` and :func:`covers`: the bisection trees that
  branch-and-bound certificates are made of.

    >>> import sympy as sp
    >>> ev = LDLFactorization.of(sp.Matrix([[2, 1], [1, 2]]))
    >>> ev.D, ev.check()
    ((2, 3/2), True)
    >>> inertia(sp.Matrix([[1, 2], [2, 1]]))
    (1, 1, 0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import sympy as sp

from ..core.domain import Box
from . import interval as ivl
from .signs import const_sign, is_zero_identity

__all__ = ["LDLFactorization", "negative_direction", "inertia", "interval_psd", "bisect_box", "covers"]


@dataclass(frozen=True)
class LDLFactorization:
    r"""Exact :math:`H = L D L^\top` with unit lower-triangular ``L`` and diagonal ``D``.

    ``H`` is positive semidefinite exactly when every ``D[k] >= 0`` (positive
    definite when every ``D[k] > 0``); zero pivots are allowed only with a zero
    column below them (else ``H`` is indefinite and no factorisation exists).

    Attributes:
        H: the symmetric matrix (constant entries).
        L: unit lower-triangular factor.
        D: the pivots.
        sign: ``+1`` for a PSD claim, ``-1`` for an NSD claim (``D[k] <= 0``).
    """

    H: sp.Matrix
    L: sp.Matrix
    D: tuple
    sign: int = 1

    @staticmethod
    def of(H: sp.Matrix) -> "LDLFactorization":
        """Factor ``H`` (symmetric, constant) exactly.

        Raises:
            ValueError: ``H`` is not semidefinite of one sign (the message holds a
                direction ``v`` with ``v^T H v`` of the wrong sign in ``.args[1]``).
        """
        H = sp.Matrix(H)
        n = H.shape[0]
        for sign in (1, -1):
            A = H * sign
            L = sp.eye(n)
            D: list[sp.Expr] = []
            W = sp.Matrix(A)
            ok = True
            for k in range(n):
                d = W[k, k]
                s = const_sign(d)
                if s is None:
                    ok = False
                    break
                if s < 0:
                    ok = False
                    break
                if s == 0:
                    if any(const_sign(W[i, k]) != 0 for i in range(k + 1, n)):
                        ok = False
                        break
                    D.append(sp.S.Zero)
                    continue
                D.append(d)
                for i in range(k + 1, n):
                    L[i, k] = sp.nsimplify(W[i, k] / d) if (W[i, k] / d).is_Rational else W[i, k] / d
                for i in range(k + 1, n):
                    for j in range(k + 1, n):
                        W[i, j] = W[i, j] - L[i, k] * d * L[j, k]
            if ok:
                return LDLFactorization(H, L, tuple(sp.sympify(d) * sign for d in D) if sign == 1 else tuple(-d for d in D), sign)
        raise ValueError("matrix is not semidefinite", negative_direction(H))

    @property
    def definite(self) -> bool:
        """All pivots nonzero (H definite)."""
        return all(d != 0 for d in self.D)

    def check(self) -> bool:
        n = self.H.shape[0]
        if self.L.shape != (n, n) or len(self.D) != n:
            return False
        for i in range(n):
            if self.L[i, i] != 1 or any(self.L[i, j] != 0 for j in range(i + 1, n)):
                return False
        product = self.L * sp.diag(*self.D) * self.L.T
        if not all(is_zero_identity(product[i, j], self.H[i, j]) for i in range(n) for j in range(n)):
            return False
        for d in self.D:
            s = const_sign(d)
            if s is None or s * self.sign < 0:
                return False
        return True

    def summary(self) -> str:
        kind = ("PD" if self.definite else "PSD") if self.sign > 0 else ("ND" if self.definite else "NSD")
        return f"exact LDL^T factorisation with pivots D = {list(self.D)} ({kind})"

    def to_json(self) -> dict:
        return {"kind": "LDLFactorization", "summary": self.summary(), "D": [str(d) for d in self.D],
                "L": [[str(v) for v in row] for row in self.L.tolist()]}


def negative_direction(H: sp.Matrix) -> sp.Matrix | None:
    """A rational vector ``v`` with ``v^T H v < 0`` for a constant symmetric ``H``, if one is found."""
    try:
        A = np.array(H.evalf(30).tolist(), dtype=float)
    except (TypeError, ValueError):
        return None
    lam, V = np.linalg.eigh(A)
    for k in range(len(lam)):
        if lam[k] >= 0:
            break
        for den in (1, 4, 16, 256, 4096):
            v = sp.Matrix([sp.Rational(round(c * den), den) for c in V[:, k]])
            if v == sp.zeros(len(v), 1):
                continue
            q = (v.T * H * v)[0, 0]
            if const_sign(q) == -1:
                return v
    return None


def interval_psd(H: sp.Matrix, env: Mapping, strict: bool = False, prec: int = 53) -> bool:
    """Every symmetric matrix in the interval enclosure of ``H`` over ``env`` is PSD (PD if strict)."""
    n = H.shape[0]
    try:
        M = [[ivl.enclose(H[i, j], env, prec=prec) for j in range(n)] for i in range(n)]
    except (ivl.Undefined, ArithmeticError):
        return False
    with ivl.precision(prec):
        dominant = True
        for i in range(n):
            off = sum((max(abs(ivl.lower(M[i][j])), abs(ivl.upper(M[i][j]))) for j in range(n) if j != i), 0)
            if not (ivl.lower(M[i][i]) - off > 0 if strict else ivl.lower(M[i][i]) - off >= 0):
                dominant = False
                break
        if dominant:
            return True
        # interval Cholesky: success with positive pivots proves every member PD
        A = [[M[i][j] for j in range(n)] for i in range(n)]
        for k in range(n):
            piv = A[k][k]
            if not ivl.lower(piv) > 0:
                return False
            for i in range(k + 1, n):
                for j in range(k + 1, n):
                    A[i][j] = A[i][j] - A[i][k] * A[k][j] / piv
        return True


def bisect_box(sub: tuple) -> tuple[tuple, tuple]:
    """Split a box at the midpoint of its widest side (first widest on ties)."""
    k = max(range(len(sub)), key=lambda i: (sub[i][1] - sub[i][0], -i))
    lo, hi = sub[k]
    mid = (lo + hi) / 2
    left, right = list(sub), list(sub)
    left[k] = (lo, mid)
    right[k] = (mid, hi)
    return tuple(left), tuple(right)


def covers(boxes: Sequence[tuple], box: Box) -> bool:
    """The sub-boxes are the leaves of a bisection tree of ``box`` (so they cover it).

    A box is covered when it is one of the leaves, or both halves of its
    bisection are covered; a box that contains no leaf is not covered.
    """
    full = tuple((b.lo, b.hi) for b in box.bounds)
    if not all(lo.is_Rational and hi.is_Rational for lo, hi in full):
        return False
    leaves = {tuple((sp.Rational(lo), sp.Rational(hi)) for lo, hi in sub) for sub in boxes}

    def inside(a: tuple, b: tuple) -> bool:
        return all(blo <= alo and ahi <= bhi for (alo, ahi), (blo, bhi) in zip(a, b))

    def covered(root: tuple, depth: int) -> bool:
        if root in leaves:
            return True
        if depth > 64 or not any(inside(leaf, root) for leaf in leaves):
            return False
        left, right = bisect_box(root)
        return covered(left, depth + 1) and covered(right, depth + 1)

    return covered(full, 0)



def inertia(H: sp.Matrix) -> tuple[int, int, int] | None:
    """``(positive, negative, zero)`` eigenvalue counts of a constant symmetric ``H``, exactly.

    Symmetric Gaussian elimination with 2x2 pivots where a diagonal entry
    vanishes (Bunch-Kaufman style, in exact arithmetic) is a congruence, so the
    signs of the pivots' eigenvalues give the inertia (Sylvester's law).
    ``None`` when an entry's sign cannot be decided exactly.
    """
    A = sp.Matrix(H)
    n = A.shape[0]
    pos = neg = zero = 0
    idx = list(range(n))
    while idx:
        k = next((i for i in idx if const_sign(A[i, i]) not in (0, None)), None)
        if k is not None:
            d = A[k, k]
            s = const_sign(d)
            pos, neg = pos + (s > 0), neg + (s < 0)
            rest = [i for i in idx if i != k]
            for i in rest:
                for j in rest:
                    A[i, j] = A[i, j] - A[i, k] * A[k, j] / d
            idx = rest
            continue
        if any(const_sign(A[i, i]) is None for i in idx):
            return None
        pair = next(((i, j) for i in idx for j in idx if i < j and const_sign(A[i, j]) not in (0, None)), None)
        if pair is None:
            if any(const_sign(A[i, j]) is None for i in idx for j in idx):
                return None
            return pos, neg, zero + len(idx)
        i0, j0 = pair
        b = A[i0, j0]  # the 2x2 block [[0, b], [b, 0]] has eigenvalues +-|b|
        pos, neg = pos + 1, neg + 1
        rest = [i for i in idx if i not in pair]
        # eliminate with the inverse of [[0, b], [b, 0]] = [[0, 1/b], [1/b, 0]]
        for i in rest:
            for j in rest:
                A[i, j] = A[i, j] - (A[i, i0] * A[j0, j] + A[i, j0] * A[i0, j]) / b
        idx = rest
    return pos, neg, zero
