"""The global minimum over ``R^n`` of a rational objective ``f = p / q`` with ``q`` of one sign.

When the critical points of ``f`` are complete (:mod:`~symopt.critical.reduced`) and the least
critical value ``L`` is attained at a rational point, ``min f = L`` once ``f >= L`` everywhere:
with ``q >= b > 0`` proved on ``R^n`` (a lower-bound tree,
:func:`~symopt.critical.attainment.lower_bound`), ``f - L = (p - L q)/q >= 0`` follows from
``p - L q >= 0`` (another tree); the same with signs reversed for ``q < 0``, and for the
unexpanded numerator and denominator of ``f - L`` (``(x - 1)^2 + y^2 (1 + y^2)``).  This is a level-set
bound that needs no coercivity (``x/(1 + x^2 + y^2)`` tends to 0 at infinity).  Evidence and
checker: :class:`~symopt.critical.check_reduced.RationalMinimumEvidence`.

``f = P exp(u)`` with ``-u`` coercive tends to 0 at infinity: a negative least critical value is
then the minimum (:func:`exponential_minimum`,
:class:`~symopt.critical.check_reduced.ExponentialMinimumEvidence`).  With square roots,
``f = sum c_k sqrt(b_k) + R >= sum c_k r_k + rho`` from lower bounds of the ``b_k`` and ``R``,
reached at a rational critical point (:func:`algebraic_minimum`).
"""

from __future__ import annotations

import itertools

import sympy as sp

from ..core.objective import Objective
from ..core.points import CriticalPoints
from ..errors import BudgetExceeded, SymoptError
from ..limits import run_with_budget
from .attainment import lower_bound
from .check_components import point_value_bounds
from .component_minimum import rational_point_on
from .check_reduced import (
    AlgebraicMinimumEvidence,
    ExponentialMinimumEvidence,
    ExpUnboundedEvidence,
    exp_ray_limit,
    LiftedCertificate,
    RationalMinimumEvidence,
    exp_parts,
    rational_parts,
    sqrt_parts,
    RationalUnboundedEvidence,
    rational_ray_limit,
    ZeroMinimumEvidence,
)
from .results import GlobalMinimum

__all__ = ["rational_unbounded_ray", "zero_minimum", "exp_unbounded_ray", "algebraic_minimum", "exponential_minimum", "rational_minimum"]


def rational_minimum(obj: Objective, f: sp.Expr, points: CriticalPoints) -> GlobalMinimum:
    """``min f`` from complete critical points of a rational ``f`` (see the module docstring)."""
    variables = tuple(obj.variables)
    where = f"R^{obj.n}"

    def unknown(reason: str) -> GlobalMinimum:
        return GlobalMinimum("unknown", None, None, where, reason=reason)

    if isinstance(points.certificate, LiftedCertificate):
        return algebraic_minimum(obj, f, points)
    zero = zero_minimum(obj, f, points) if points.complete else None
    if zero is not None:
        return zero
    if exp_parts(f, variables) is not None:
        return exponential_minimum(obj, f, points)
    loose = exp_parts(f, variables, coercive=False)
    if loose is not None:
        ray = exp_unbounded_ray(f, loose, variables)
        if ray is not None:
            return GlobalMinimum("unbounded", None, None, where, proof=ray.describe(), _evidence=ray)
    parts = rational_parts(f, variables)
    if parts is not None:
        ray = rational_unbounded_ray(f, parts, variables)
        if ray is not None:
            return GlobalMinimum("unbounded", None, None, where, proof=ray.describe(), _evidence=ray)
    if parts is None or not points.complete or points.components:
        return unknown("f is not a rational function with a finite, complete critical set")
    p, q = parts
    exact = [(f.xreplace(cp.point), cp) for cp in points if all(getattr(v, "is_Rational", False) for v in cp.point.values())]
    if not exact:
        return unknown("no rational critical point: the least critical value is not exact")
    L, _ = min(exact, key=lambda e: e[0])
    n2, d2 = sp.fraction(sp.together(f - L))
    forms = [(sp.expand(p - L * q), q), (n2, d2)]
    try:
        for num_expr, den_expr in forms:
            for sign in (1, -1):
                den = run_with_budget(lower_bound, sign * den_expr, variables, step="simplify")
                if den is None or not den.value > 0:
                    continue
                num = run_with_budget(lower_bound, sign * num_expr, variables, step="simplify")
                if num is not None and num.value >= 0:
                    minimisers = tuple(dict(cp.point) for v, cp in exact if v == L)
                    proof = (f"f - L = N/D with D >= {den.value} > 0 and N >= {num.value} on R^n (L = {L}, "
                             f"lower-bound trees), so f >= L, attained at a certified critical point")
                    return GlobalMinimum("certified", L, L, where, minimisers, proof,
                                         _evidence=RationalMinimumEvidence(points, den, num, L))
    except (BudgetExceeded, SymoptError, RecursionError, sp.PolynomialError, ValueError, TypeError):
        pass
    return unknown(f"f = p/q: no proof that f >= {L} (the least critical value) on R^n")


def exponential_minimum(obj: Objective, f: sp.Expr, points: CriticalPoints) -> GlobalMinimum:
    """``min f`` for ``f = P exp(u)`` (``P``, ``u`` polynomials, ``-u`` coercive) from complete critical
    points: ``f -> 0`` at infinity (``|P| exp(u) <= |P| exp(C - c|x|^2)``-type decay: ``-u`` coercive by the
    weighted AM-GM bound dominates ``log |P|``), so when the least critical value ``L`` is negative the
    sublevel set ``{f <= L/2}`` is compact and non-empty, the minimum is attained at a critical point,
    and it is ``L`` (enclosed by interval arithmetic at the certified points)."""
    variables = tuple(obj.variables)
    where = f"R^{obj.n}"
    parts = exp_parts(f, variables)
    if parts is None or not points.complete or points.components or not len(points):
        return GlobalMinimum("unknown", None, None, where,
                             reason="f is not P exp(u) with -u coercive and a finite, complete critical set")
    values = [point_value_bounds(f, variables, cp) for cp in points]
    lower = min(lo for lo, _ in values)
    upper = min(hi for _, hi in values)
    if not upper < 0:
        return GlobalMinimum("unknown", None, None, where,
                             reason="f -> 0 at infinity, but no critical value is shown negative: the infimum may be 0")
    minimisers = tuple(dict(cp.point) for cp, (lo, _) in zip(points, values) if lo <= upper)
    proof = (f"f = P exp(u) with -u coercive (weighted AM-GM bound), so f -> 0 at infinity; the least critical value "
             f"is < 0, so the minimum is attained at a certified critical point")
    return GlobalMinimum("certified", lower, upper, where, minimisers, proof,
                         _evidence=ExponentialMinimumEvidence(points))


def algebraic_minimum(obj: Objective, f: sp.Expr, points: CriticalPoints) -> GlobalMinimum:
    """``min f`` for ``f = sum_k c_k sqrt(b_k) + R`` (``c_k > 0``, ``b_k``, ``R`` polynomials) by a lower
    bound reached at a rational critical point: ``b_k >= beta_k`` and ``R >= rho`` (lower-bound trees),
    ``r_k >= 0`` rational with ``r_k^2 <= beta_k``, so ``f >= sum c_k r_k + rho``; when that bound equals
    ``f`` at a listed rational critical point, it is the minimum (``sqrt(1 + x^2) + (y - x)^2 >= 1``)."""
    variables = tuple(obj.variables)
    where = f"R^{obj.n}"
    parts = sqrt_parts(f, variables)
    if parts is None or not points.complete:
        return GlobalMinimum("unknown", None, None, where, reason="f is not a positive sum of square roots plus a polynomial")
    roots, rest = parts
    exact = [cp for cp in points if all(getattr(v, "is_Rational", False) for v in cp.point.values())]
    try:
        rest_tree = run_with_budget(lower_bound, rest, variables, step="simplify") if rest.free_symbols else None
        rho = rest_tree.value if rest_tree is not None else (rest if rest.is_Rational else None)
        trees, bound = [], rho
        for c, b in roots:
            tree = run_with_budget(lower_bound, b, variables, step="simplify")
            if tree is None or bound is None or tree.value < 0:
                bound = None
                break
            r = sp.sqrt(tree.value)
            r = r if r.is_Rational else sp.Rational(int(sp.floor(r * 10**6)), 10**6)
            trees.append((tree, r))
            bound = bound + c * r
    except (BudgetExceeded, SymoptError, RecursionError, sp.PolynomialError, ValueError, TypeError):
        bound = None
    if bound is not None:
        for cp in exact:
            if sp.simplify(f.xreplace(cp.point) - bound) == 0:
                proof = (f"f = sum c_k sqrt(b_k) + R >= {bound} (each b_k and R bounded below by a lower-bound tree), "
                         f"and f = {bound} at a certified critical point")
                return GlobalMinimum("certified", bound, bound, where, (dict(cp.point),), proof,
                                     _evidence=AlgebraicMinimumEvidence(points, rest_tree, tuple(trees), bound))
    return GlobalMinimum("unknown", None, None, where, reason="no lower bound of f reached at a rational critical point")


#: Base-point coordinates tried for a ray of an exponential objective (a fixed order).
_RAY_BASES = (0, 1, -1, 2, -2, 3, 4)


def exp_unbounded_ray(f: sp.Expr, parts: tuple, variables: tuple) -> ExpUnboundedEvidence | None:
    """A rational ray along which ``f = P exp(u) -> -oo`` (axis directions, base points on a small
    grid of the other coordinates; up to three variables), or ``None``."""
    P, u = parts
    n = len(variables)
    if n > 3:
        return None
    for i in range(n):
        for sign in (1, -1):
            d = tuple(sp.Integer(sign if k == i else 0) for k in range(n))
            for rest in itertools.product(_RAY_BASES, repeat=n - 1):
                base = list(rest)
                base.insert(i, 0)
                base = tuple(sp.Integer(c) for c in base)
                if exp_ray_limit(P, u, variables, base, d):
                    return ExpUnboundedEvidence(f, variables, base, d)
    return None


def zero_minimum(obj: Objective, f: sp.Expr, points: CriticalPoints) -> GlobalMinimum | None:
    """``min f = 0`` when ``f >= 0`` is proved (``f = P exp(u)`` with ``P >= 0``, or ``f = p/q`` with
    ``p >= 0``, ``q > 0``: lower-bound trees) and ``f = 0`` at a rational point (a listed critical point
    or a rational point of a listed component); else ``None``.  No attainment argument is needed:
    the bound itself is reached."""
    variables = tuple(obj.variables)
    loose = exp_parts(f, variables, coercive=False)
    if loose is not None:
        num, den = loose[0], None
    else:
        parts = rational_parts(f, variables)
        if parts is None:
            return None
        num, den = parts
    raw_num, raw_den = sp.fraction(sp.together(f)) if den is not None else (loose[0], None)
    if den is not None and sp.expand(raw_num * den - num * raw_den) != 0:
        raw_num, raw_den = num, den
    try:
        num_tree = (run_with_budget(lower_bound, raw_num, variables, step="simplify")
                    or run_with_budget(lower_bound, num, variables, step="simplify"))
        den_tree = None if den is None else (run_with_budget(lower_bound, raw_den, variables, step="simplify")
                                             or run_with_budget(lower_bound, den, variables, step="simplify"))
    except (BudgetExceeded, SymoptError, RecursionError, sp.PolynomialError, ValueError, TypeError):
        return None
    if num_tree is None or num_tree.value < 0 or (den is not None and (den_tree is None or not den_tree.value > 0)):
        return None
    candidates = [dict(cp.point) for cp in points if all(getattr(v, "is_Rational", False) for v in cp.point.values())]
    for comp in points.components:
        if isinstance(comp.equation, sp.Expr):
            found = rational_point_on(comp.equation, variables)
            if found is not None:
                candidates.append(found)
    for point in candidates:
        if num.xreplace(point) == 0 and (den is None or den.xreplace(point) != 0):
            proof = (f"f >= 0 on R^n ({'P >= 0, exp(u) > 0' if den is None else 'p >= 0, q > 0'}: lower-bound trees) "
                     f"and f = 0 at the rational point {tuple(point[v] for v in variables)}")
            return GlobalMinimum("certified", sp.Integer(0), sp.Integer(0), f"R^{obj.n}", (point,), proof,
                                 _evidence=ZeroMinimumEvidence(f, variables, num_tree, den_tree, tuple(point[v] for v in variables)))
    return None


def _directions(n: int) -> list[tuple]:
    """The axes and the diagonals e_i +- e_j, both signs (a fixed order)."""
    out = []
    for i in range(n):
        for sign in (1, -1):
            out.append(tuple(sp.Integer(sign if k == i else 0) for k in range(n)))
    for i, j in itertools.combinations(range(n), 2):
        for si, sj in itertools.product((1, -1), repeat=2):
            out.append(tuple(sp.Integer(si if k == i else sj if k == j else 0) for k in range(n)))
    return out


def rational_unbounded_ray(f: sp.Expr, parts: tuple, variables: tuple) -> RationalUnboundedEvidence | None:
    """A rational ray along which ``p/q -> -oo`` (axes and diagonals, base points on a small grid;
    up to three variables), or ``None``."""
    p, q = parts
    n = len(variables)
    if n > 3:
        return None
    for d in _directions(n):
        for base in itertools.product(_RAY_BASES[:5], repeat=n):
            base = tuple(sp.Integer(c) for c in base)
            if rational_ray_limit(p, q, variables, base, d):
                return RationalUnboundedEvidence(f, variables, base, d)
    return None
