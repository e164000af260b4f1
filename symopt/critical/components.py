"""Positive-dimensional critical sets of polynomials: components, their real dimension, the least value.

When the gradient ideal is not zero-dimensional, SymPy's ``solve`` may return
families ``x = phi(t)`` over some of the variables (``||X - u v^T||^2``: the
scaling orbits ``(t a, sigma b / t)``).  Each family is kept as a
:class:`~symopt.critical.results.Component` once checked exactly:

* ``grad f(phi(t)) = 0`` identically (rational-function arithmetic);
* ``f(phi(t))`` is a constant, the component's value;
* its real dimension: the rank of ``phi``'s Jacobian at a real rational parameter
  point where ``phi`` is defined (a rank-``k`` map of ``R^k`` has a ``k``-dimensional image).

When ``f`` has a scaling symmetry ``f(t^w x) = f(x)`` (weights in ``{-1, 0, 1}``, checked
identically; up to five variables), each critical point ``p`` on a slice ``x_i = 1``
(``w_i != 0``; SymPy's ``solve`` on a zero-dimensional system) is swept into the curve
``t -> t^w p`` of critical points (``grad f(t^w x) =
t^(-w) grad f(x)`` componentwise), checked exactly as above.

Every critical value of ``f`` (complex points included) is a root of the generator
``p(c)`` of ``<grad f, c - f> ∩ Q[c]`` (a lex Groebner basis; finitely many critical
values by the algebraic Sard theorem).  When the least value found on a real
component or point is the least real root of ``p``, it is the minimum of ``f`` over
the real critical set (certified); the list itself is never "complete" (SymPy's
``solve`` may miss families), and the global minimum also needs the infimum attained.
"""

from __future__ import annotations

import itertools
from typing import Sequence

import sympy as sp

from ..core.objective import Objective
from ..core.points import CriticalPoints
from ..errors import BudgetExceeded
from ..limits import run_with_budget
from .check import rationalize
from .check_components import ComponentsCertificate, critical_values, family_real_dimension, family_value
from .results import Component
from .split import split_points


def positive_dimensional(obj: Objective, found: CriticalPoints, why: str) -> CriticalPoints:
    """The components (families from SymPy's ``solve``, checked) and isolated points of a
    positive-dimensional critical set, with the certified least critical value where possible."""
    variables = tuple(obj.variables)
    try:  # entries that factor split the set exactly (symopt.critical.split)
        split = run_with_budget(split_points, obj, step="solve")
    except BudgetExceeded:
        split = None
    if split is not None:
        return split
    grads = [rationalize(g) for g in obj.gradient]
    f = rationalize(obj.expr)
    families, isolated = [], []
    for cp in found:
        free = set().union(*(sp.sympify(v).free_symbols for v in cp.point.values())) & set(variables)
        (families if free else isolated).append(cp)
    components = []
    for cp in families:
        phi = tuple((v, sp.sympify(cp.point[v])) for v in variables)
        value = family_value(f, grads, phi)
        dim = family_real_dimension(phi, variables)
        if value is None or dim is None:
            continue
        eqs = tuple(sp.numer(sp.together(v - e)) for v, e in phi if e != v)
        components.append(Component(sp.Tuple(*eqs), dim, phi, dim, value))
    if not components:
        components = _orbit_components(obj, f, grads)
    points = [cp for cp in isolated if all(sp.sympify(v).is_real for v in cp.point.values())]
    try:
        p = run_with_budget(critical_values, f, grads, variables, step="solve")
    except BudgetExceeded:
        p = None
    values = [c.value for c in components] + [f.xreplace(cp.point) for cp in points]
    least = min(values, key=lambda v: float(v)) if values else None
    certified = p is not None and least is not None and _least_real_root(p, least)
    cert = ComponentsCertificate(variables, tuple(grads), tuple(c.parametrisation for c in components),
                                 tuple(c.real_dimension for c in components), tuple(c.value for c in components),
                                 None if p is None else tuple(reversed(sp.Poly(p, sp.Symbol("c")).all_coeffs())),
                                 least if certified else None)
    parts = [f"{len(components)} component(s) of real dimension {', '.join(str(c.real_dimension) for c in components)}"
             if components else "no family SymPy's solve could write down"]
    if certified:
        parts.append(f"the least value of f on the critical set is {least} (certified: every critical value is a root "
                     f"of {sp.factor(p)}, the least real root is attained)")
    elif p is not None:
        parts.append(f"every critical value is a root of {sp.factor(p)}")
    note = f"{why}; " + "; ".join(parts) + "; the list is not complete (SymPy's solve may miss families)"
    return CriticalPoints(points, complete=False, note=note, status=f"incomplete: {why}",
                          components=tuple(components), certificate=cert, objective=obj)


def scaling_symmetries(f: sp.Expr, variables: Sequence[sp.Symbol]) -> list[tuple[int, ...]]:
    """Weights ``w`` in ``{-1, 0, 1}^n`` (first non-zero entry 1) with ``f(t^w x) = f(x)`` identically."""
    n = len(variables)
    if n > 5:
        return []
    t = sp.Symbol("_t", positive=True)
    out = []
    for w in itertools.product((0, 1, -1), repeat=n):
        nonzero = [e for e in w if e]
        if not nonzero or nonzero[0] != 1 or len(set(nonzero)) < 2:
            continue  # only mixed weights can leave f unchanged without being trivial
        scaled = f.xreplace({v: t**e * v for v, e in zip(variables, w) if e})
        if sp.expand(scaled - f) == 0:
            out.append(w)
    return out


def _orbit_components(obj: Objective, f: sp.Expr, grads: list) -> list[Component]:
    """Components swept by a scaling symmetry: ``f(t^w x) = f(x)`` maps critical points to critical
    points, so each critical point ``p`` on the slice ``x_i = 1`` (SymPy's ``solve``, a
    zero-dimensional system) gives the curve ``t -> t^w p`` of critical points (checked exactly
    like any family: the gradient vanishes on it identically, ``f`` is constant there)."""
    variables = tuple(obj.variables)
    out: list[Component] = []
    t = sp.Symbol("t", real=True)
    for w in scaling_symmetries(f, variables)[:1]:
        for i in (k for k, e in enumerate(w) if e):  # one slice x_i = 1 per moved variable
            try:
                sols = run_with_budget(sp.solve, [sp.expand(g) for g in grads] + [variables[i] - 1], list(variables),
                                       dict=True, step="solve")
            except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
                continue
            for sol in sols:
                point = [sp.sympify(sol.get(v, v)) for v in variables]
                if any(p.free_symbols for p in point) or not all(p.is_real for p in point):
                    continue
                if any(_on_orbit(c.parametrisation, point, w, t) for c in out):
                    continue  # the same curve, met on another slice
                phi = tuple((v, (t**e) * p if e else p) for v, e, p in zip(variables, w, point))
                value = family_value(f, grads, phi)
                dim = family_real_dimension(phi, variables)
                if value is None or dim is None:
                    continue
                eqs = tuple(sp.numer(sp.together(v - e)) for v, e in phi)
                out.append(Component(sp.Tuple(*eqs), dim, phi, dim, sp.radsimp(value)))
    return out


def _on_orbit(phi: tuple, point: list, w: tuple, t: sp.Symbol) -> bool:
    """``point = phi(t0)`` for some ``t0`` (read off a moved coordinate, then checked exactly)."""
    for (v, e), q, wk in zip(phi, point, w):
        base = e.xreplace({t: 1})
        if wk and base != 0 and q != 0:
            t0 = sp.radsimp(q / base) if wk == 1 else sp.radsimp(base / q)
            return all(sp.simplify(ek.xreplace({t: t0}) - qk) == 0 for (_, ek), qk in zip(phi, point))
    return False


def _least_real_root(p: sp.Expr, value: sp.Expr) -> bool:
    """``value`` is the least real root of ``p`` (exact)."""
    c = sp.Symbol("c")
    poly = sp.Poly(p, c)
    if poly.degree() < 1 or sp.simplify(poly.as_expr().subs(c, value)) != 0:
        return False
    roots = poly.sqf_part().real_roots()
    return bool(roots) and sp.simplify(roots[0] - value) == 0
