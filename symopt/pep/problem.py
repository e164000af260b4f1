"""The performance estimation problem in exact arithmetic: interpolation inequalities, initial conditions, measures."""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Mapping, Sequence

import sympy as sp

from ..errors import ParameterError, ParseError, SymoptError, UnsupportedError
from ._exact import INITIALS, MAX_N, MEASURES, _V, _madd
from .classes import FunctionClass
from .methods import Method, _Tracer


# ============================================================================ the PEP in exact arithmetic


@dataclass(frozen=True)
class _Constraint:
    """``a . F + <A, G> <= b`` with ``A = sum coef * sym(z_u z_v^T)`` over atom vectors ``z``.

    ``terms`` lists ``(coef, u, v)`` with ``u, v`` indices into ``atoms`` (the points' iterates and
    gradients as exact vectors); ``A`` is the dense symmetric matrix (a sparse dict), built on demand.
    """

    label: str
    a: Mapping[int, Fraction]
    terms: tuple
    b: Fraction
    atoms: tuple = field(default=(), repr=False, compare=False)

    @property
    def A(self) -> dict:
        cached = self.__dict__.get("_A")
        if cached is None:
            cached = {}
            for coef, u, v in self.terms:
                _madd(cached, self.atoms[u].dot_matrix(self.atoms[v]), coef)
            cached = {k: val for k, val in cached.items() if val != 0}
            object.__setattr__(self, "_A", cached)
        return cached


@dataclass(frozen=True)
class _Problem:
    ng: int
    nf: int
    constraints: tuple  # of _Constraint; the first is the initial condition (b = 1)
    measures: tuple  # of (a, A): the worst case of the minimum of these
    points: tuple  # (x, g, f) per oracle call, _V each
    output: Any  # x_N as a _V
    rounded: tuple
    atoms: tuple = ()


def _quad(u: _V, v: _V) -> dict:
    return u.dot_matrix(v)


class _Atoms:
    """Registry of the distinct vectors that appear in quadratic forms."""

    def __init__(self):
        self.vecs: list[_V] = []
        self.index: dict = {}

    def __call__(self, v: _V) -> int | None:
        if not v.c:
            return None
        key = tuple(sorted(v.c.items()))
        k = self.index.get(key)
        if k is None:
            k = self.index[key] = len(self.vecs)
            self.vecs.append(v)
        return k


def _bil(out: list, U: Sequence[tuple[Fraction, int | None]], V: Sequence[tuple[Fraction, int | None]], c: Fraction) -> None:
    """Append ``c <sum_a a U_a, sum_b b V_b>`` as atom terms."""
    if not c:
        return
    for a, u in U:
        if u is None or not a:
            continue
        for b, v in V:
            if v is None or not b:
                continue
            out.append((c * a * b, u, v))


def _interpolation(cls: FunctionClass, L: Fraction | None, mu: Fraction, M: Fraction | None,
                   pts: Sequence[tuple[str, _V, _V, _V]], atoms: _Atoms | None = None) -> list[_Constraint]:
    """Interpolation inequalities between every ordered pair of points (Taylor et al. 2017, Thm. 4;
    convex: Thm. 1 with L = inf; bounded subgradients: ``||g_i||^2 <= M^2``)."""
    atoms = atoms if atoms is not None else _Atoms()
    ids = [(atoms(x), atoms(g)) for _, x, g, _ in pts]
    one = Fraction(1)
    out: list[_Constraint] = []
    for i, (ni, xi, gi, fi) in enumerate(pts):
        for j, (nj, xj, gj, fj) in enumerate(pts):
            if i == j:
                continue
            (axi, agi), (axj, agj) = ids[i], ids[j]
            # f_j - f_i + <g_j, x_i - x_j> + q <= 0
            a = dict((fj - fi).c)
            terms: list = []
            dx = [(one, axi), (-one, axj)]
            dg = [(one, agi), (-one, agj)]
            _bil(terms, [(one, agj)], dx, one)
            if L is not None:
                c = 1 / (2 * (1 - mu / L))
                _bil(terms, dg, dg, c / L)
                if mu:
                    _bil(terms, dx, dx, c * mu)
                    _bil(terms, dg, dx, -2 * c * mu / L)  # -2c mu/L <g_j - g_i, x_j - x_i> = ... <g_i - g_j, x_i - x_j>
            if not a and not terms:
                continue
            out.append(_Constraint(f"interp({ni},{nj})", a, tuple(terms), Fraction(0), atoms.vecs))
    if cls.kind == "convex_lipschitz":
        for k, (ni, xi, gi, fi) in enumerate(pts):
            if gi.c:
                ag = ids[k][1]
                out.append(_Constraint(f"|g_{ni}|^2<=M^2", {}, ((one, ag, ag),), M * M, atoms.vecs))
    if cls.kind == "indicator":  # the indicator of a closed convex set is 0 on it: f_i = 0
        for ni, xi, gi, fi in pts:
            if fi.c:
                out.append(_Constraint(f"f_{ni}<=0", dict(fi.c), (), Fraction(0), atoms.vecs))
                out.append(_Constraint(f"f_{ni}>=0", dict((-fi).c), (), Fraction(0), atoms.vecs))
    return out


def _dense(label: str, a: Mapping, vecs: Sequence[tuple[Fraction, _V, _V]], b: Fraction, atoms: _Atoms) -> _Constraint:
    terms = []
    for c, u, v in vecs:
        iu, iv = atoms(u), atoms(v)
        if iu is not None and iv is not None and c:
            terms.append((c, iu, iv))
    return _Constraint(label, a, tuple(terms), b, atoms.vecs)


def _classes(cls: Any) -> tuple:
    classes = tuple(cls) if isinstance(cls, (tuple, list)) else (cls,)
    if not classes or not all(isinstance(c, FunctionClass) for c in classes):
        raise ParameterError("give a FunctionClass, or a pair (f's class, h's class) for a composite f + h")
    if len(classes) > 2:
        raise UnsupportedError("composite problems are sums of two functions here")
    if len(classes) == 2 and any(c.symbolic for c in classes):
        raise ParameterError("composite problems take numeric parameters")
    return classes


def _build(meth: Method, cls: Any, N: int, initial: str, measure: str) -> _Problem:
    if isinstance(N, bool) or not isinstance(N, int) or N < 0:
        raise ParameterError(f"N must be a non-negative integer, got {N!r}")
    if N > MAX_N:
        raise ParameterError(f"N = {N} is too large for an exact certificate here (at most {MAX_N}; "
                             "the SDP grows like N^2 constraints of size N)")
    if initial not in INITIALS:
        raise UnsupportedError(f"unknown initial condition {initial!r}; known: {', '.join(INITIALS)}")
    if measure not in MEASURES:
        raise UnsupportedError(f"unknown measure {measure!r}; known: {', '.join(MEASURES)}")
    classes = _classes(cls)
    composite = len(classes) == 2
    cls = classes[0]
    L, mu, M = cls.numbers()
    if cls.kind in ("convex", "convex_lipschitz", "indicator") and initial == "grad":
        raise UnsupportedError("the initial condition ||grad f(x0)||^2 <= 1 needs a smooth class")
    if composite and (measure in ("grad", "min_grad", "min_f") or initial in ("grad", "f+mu/2*dist")):
        raise UnsupportedError("a composite f + h supports initial 'dist' or 'f' and measures 'f' (of f + h) or 'dist'")
    if not composite and cls.kind == "convex" and meth.name not in ("proximal_point",) and not meth.name.startswith("rule"):
        raise UnsupportedError("on the class of all convex functions only proximal (implicit) steps have a finite worst case; "
                               "use convex_lipschitz for subgradient steps")
    if not composite and cls.kind == "indicator":
        raise UnsupportedError("an indicator function alone has no worst case to estimate; use it as h in (f's class, indicator())")
    t = _Tracer(classes)
    out = meth.build(t, N)
    x0 = t.x0
    atoms = _Atoms()
    one = Fraction(1)

    def total_value(x: _V) -> dict:
        acc = _V()
        for k in range(len(classes)):
            acc = acc + t.value(x, k)
        return dict(acc.c)

    # initial condition
    if initial == "dist":
        init = _dense("initial", {}, [(one, x0, x0)], one, atoms)
    elif initial == "f":
        init = _dense("initial", total_value(x0), [], one, atoms)
    elif initial == "grad":
        g0 = t.grad(x0)
        init = _dense("initial", {}, [(one, g0, g0)], one, atoms)
    else:
        init = _dense("initial", dict(t.value(x0).c), [(mu / 2, x0, x0)], one, atoms)
    measures: list = []
    if measure == "f":
        measures.append((total_value(out), {}))
    elif measure == "grad":
        g = t.grad(out)
        measures.append(({}, _quad(g, g)))
    elif measure == "dist":
        measures.append(({}, _quad(out, out)))
    else:
        marks = sorted(set(t.marks))
        if not marks:
            raise UnsupportedError(f"{meth.name} marks no iterates for a best-iterate measure")
        for k in marks:
            _, g, f = t.calls[k]
            measures.append((dict(f.c), {}) if measure == "min_f" else ({}, _quad(g, g)))
    cons = [init]
    for k, ck in enumerate(classes):
        Lk, muk, Mk = ck.numbers()
        tag = f"{k}:" if composite else ""
        pts = [(f"{tag}*", _V(), t.gstar[k], _V())] + [(f"{tag}{i}", x, g, f) for i, ((x, g, f), fn)
                                                        in enumerate(zip(t.calls, t.fns)) if fn == k]
        cons += _interpolation(ck, Lk, muk, Mk, pts, atoms)
    return _Problem(t.ng, len(t.calls), tuple(cons), tuple(measures), tuple(t.calls), out,
                    tuple(dict.fromkeys(t.rounded)), tuple(atoms.vecs))
