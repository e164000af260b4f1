"""The global minimum of a polynomial whose critical set has hypersurface components.

When the critical set is described completely by points and components ``h_j = 0``
(:mod:`~symopt.critical.gcd_components`), every critical value is a listed point's value or
a component's value ``c_j`` (``h_j | f - c_j``).  If the minimum of ``f`` over ``R^n`` is
attained, it is attained at a critical point, so ``min f`` is the least of these values over
the points and the components with real points (real dimension derived).  Attainment is
proved as for finite critical sets: ``f`` coercive (weighted AM-GM bound, or a positive
definite leading form), coercive in the variables it depends on (``f(x) = F(x_S)`` with ``F``
coercive: the minimum of ``F`` is attained and the other coordinates are free), ``f`` a sum
of non-negative terms with least value ``0``, or the proofs of
:mod:`~symopt.critical.attainment`.  Evidence and checker:
:class:`~symopt.critical.check_components.ComponentMinimumEvidence`.
"""

from __future__ import annotations

import itertools
from typing import Sequence

import sympy as sp

from ..core.objective import Objective
from ..core.points import CriticalPoints
from .attainment import prove_attainment
from .check_components import ComponentMinimumEvidence, point_value_bounds, subset_coercive
from .check_minimum import coercivity_bound, leading_form_positive, nonnegative_terms
from .check import _ring
from .results import GlobalMinimum

__all__ = ["component_minimum"]


def component_minimum(obj: Objective, f: sp.Expr, points: CriticalPoints) -> GlobalMinimum:
    """``min f`` over ``R^n`` from a complete description by points and components (see the module docstring)."""
    variables = tuple(obj.variables)
    where = f"R^{obj.n}"
    comps = points.components
    if any(c.value is None for c in comps):
        return GlobalMinimum("unknown", None, None, where, reason="the value of f on a component was not derived")
    values = [point_value_bounds(f, variables, cp) for cp in points]
    found = {k: rational_point_on_all(c.equation, variables) for k, c in enumerate(comps) if c.real_dimension is None}
    real = [c.value for k, c in enumerate(comps) if c.real_dimension is not None or found.get(k) is not None]
    lows = [lo for lo, _ in values] + real
    highs = [hi for _, hi in values] + real
    if not lows:
        return GlobalMinimum("unknown", None, None, where, reason="no real critical point or component: the infimum is not attained")
    lower, upper = min(lows), min(highs)
    unsure = [c for k, c in enumerate(comps) if c.real_dimension is None and found.get(k) is None and c.value < lower]
    if unsure:
        return GlobalMinimum("unknown", None, None, where,
                             reason=f"f = {unsure[0].value} on {unsure[0].equation} = 0, whose real points were not derived")
    kind, proof, certificate = _attainment(f, variables, lower, upper)
    if kind is None:
        return GlobalMinimum("unknown", None, None, where,
                             reason=("could not prove that the minimum is attained (f not shown coercive, nor coercive in "
                                     "the variables it depends on; no lower bound reached at a critical value)"))
    minimisers = [dict(cp.point) for cp, (lo, _) in zip(points, values) if lo <= upper]
    on = [c for k, c in enumerate(comps) if (c.real_dimension is not None or found.get(k) is not None)
          and c.value <= upper]
    for c in on:
        rational = rational_point_on_all(c.equation, variables)
        if rational is not None and rational not in minimisers:
            minimisers.append(rational)
    text = ", ".join(f"{c.equation} = 0" for c in on)
    proof = f"{proof}; every critical point is a listed point or lies on a listed component (certified)"
    if on:
        proof += f"; min f = {upper} is attained on all of {text}"
    return GlobalMinimum("certified", lower, upper, where, tuple(minimisers), proof,
                         _evidence=ComponentMinimumEvidence(points, kind, certificate))


def _attainment(f: sp.Expr, variables: tuple, lower: sp.Expr, upper: sp.Expr):
    """``(kind, proof text, certificate or None)``; ``(None, "", None)`` when no proof is found."""
    if coercivity_bound(_ring(variables).from_expr(f).terms(), len(variables)) is not None:
        return "coercive", "f is coercive (weighted AM-GM bound), so its minimum is attained at a critical point", None
    leading = leading_form_positive(f, variables)
    if leading is not None:
        return "leading form", f"f is coercive: {leading}; so its minimum is attained at a critical point", None
    if subset_coercive(f, variables):
        return "subset", ("f depends only on some variables and is coercive in them, so its minimum is attained "
                          "(at a critical point)"), None
    if nonnegative_terms(f) and lower == upper == 0:
        return "nonnegative", "f is a sum of non-negative terms, so f >= 0, and f = 0 at a critical point", None
    attained = prove_attainment(f, variables, lower, upper)
    if attained is None:
        return None, "", None
    return "attainment", attained[0], attained[1]


def rational_point_on(h: sp.Expr, variables: Sequence[sp.Symbol]) -> dict | None:
    """A rational point of ``h = 0`` (all coordinates but one at small integers, a rational root in
    the last), or ``None``."""
    for v in variables:
        others = [w for w in variables if w != v]
        for values in itertools.islice(itertools.product((0, 1, -1, 2, -2), repeat=len(others)), 25):
            at = dict(zip(others, (sp.Integer(c) for c in values)))
            u = sp.Poly(sp.expand(h.xreplace(at)), v)
            if u.degree() < 1:
                continue
            roots = sorted(sp.roots(u, filter="Q"))
            if roots:
                return {w: ({**at, v: roots[0]})[w] for w in variables}
    return None


def rational_point_on_all(equation, variables: Sequence[sp.Symbol]) -> dict | None:
    """A rational point where every equation of a component vanishes (one equation: a hypersurface;
    a tuple: all of them), or ``None``; tried from each equation's rational points."""
    eqs = list(equation) if isinstance(equation, (sp.Tuple, tuple)) else [equation]
    eqs = [sp.expand(e) for e in eqs if sp.expand(e) != 0]
    if not eqs:
        return None
    for e in eqs:
        for v in variables:
            others = [w for w in variables if w != v]
            for values in itertools.islice(itertools.product((0, 1, -1, 2, -2), repeat=len(others)), 125):
                at = dict(zip(others, (sp.Integer(c) for c in values)))
                u = sp.Poly(e.xreplace(at), v)
                if u.degree() < 1:
                    continue
                for r in sorted(sp.roots(u, filter="Q")):
                    point = {**at, v: r}
                    if all(g.xreplace(point) == 0 for g in eqs):
                        return {w: point[w] for w in variables}
    return None
