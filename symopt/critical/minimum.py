"""Certified global minima: over ``R^n`` from complete critical points, over a box by branch-and-bound.

Over ``R^n`` (polynomials): the minimum is attained when ``f`` is coercive (proved by
a separable lower bound: every mixed monomial ``c x^a`` with ``|a| = k`` is bounded
below by ``-|c| sum_i (a_i/k)|x_i|^k`` (weighted AM-GM) and each univariate bound must
have a positive leading coefficient; or by a positive definite leading form: a positive
definite quadratic part, or a leading form positive on the surface of the cube) or when ``f`` is syntactically a sum of
non-negative terms and a critical point attains ``0``, or by the proofs of
:mod:`symopt.critical.attainment` (a proved lower bound reached at a critical point, a
coercive minorant, a triangular change of variables); then it is the least critical
value.  Over a box: Moore-Skelboe interval branch-and-bound with the monotonicity test.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import sys
from typing import Any

import numpy as np
import sympy as sp
from mpmath import iv

from ..core.objective import Objective
from ..core.points import CriticalPoints, exact_sign
from ..errors import BudgetExceeded, SymoptError
from ..exact.interval import (
    Undefined,
    box_env,
    children,
    disjoint,
    enclosure,
    krawczyk,
    lower_float,
    lower_rational,
    precision,
    rational_interval,
    to_rational,
    upper_float,
    upper_rational,
)
from ..limits import run_with_budget
from .check import Box, _box_text, _ring, rationalize
from .check_minimum import (
    BoxMinimumEvidence,
    PolynomialMinimumEvidence,
    mean_value_lower,
    coercivity_bound,
    leading_form_positive,
    nonnegative_terms,
)
from .krawczyk import _contracted, box_limit, split_box
from .attainment import _quadratic, lower_bound, prove_attainment
from .component_minimum import component_minimum
from .check_reduced import LiftedCertificate, ReducedGradientCertificate
from .rational_minimum import rational_minimum
from .check_attainment import BoundReachedEvidence
from .check_affine import AffineCertificate, AffineMinimumEvidence, positive_definite
from .results import GlobalMinimum
from .unbounded import unbounded_ray
from .weighted_unbounded import unbounded_curve
from .check_domain import ConvexMinimumEvidence, MonotoneGradientCertificate
from .check_tails import LimitRayEvidence, TailCertificate, TailMinimumEvidence, end_limit, ray_limit
from .check_residual import ResidualMinimumEvidence
from .residual import residual_points
from .region import as_box, domain_box, search_region
from .search import _ENGINE_FAILURES, _is_polynomial, critical_points


def global_minimum(obj: Objective, box: Any = None) -> GlobalMinimum:
    """A certified enclosure of ``min f`` over ``R^n`` (polynomials) or over a box.

    Over ``R^n`` (``box=None``, polynomial ``f``): the critical points must be complete
    and the minimum provably attained (coercivity by a separable bound or a PD leading
    form, ``f`` a sum of non-negative terms with a critical value 0, or
    :func:`~symopt.critical.attainment.prove_attainment`); the minimum is then the least
    critical value, enclosed with Arb, attained at the listed points.  Otherwise
    (``box`` given, or ``f`` not polynomial: box ``[-10, 10]^n``): interval
    branch-and-bound on ``f`` over the box.

    Returns:
        :class:`GlobalMinimum`; ``status`` is ``"unknown"`` with the reason when
        nothing could be certified.
    """
    where = f"R^{obj.n}" if box is None else _box_text(as_box(box, obj.n, obj.variables))
    try:
        return run_with_budget(_global_minimum, obj, box, step="critical_points")
    except BudgetExceeded as exc:
        return GlobalMinimum("unknown", None, None, where, reason=f"ran out of its work limit ({exc})")
    except SymoptError:
        raise
    except _ENGINE_FAILURES as exc:
        return GlobalMinimum("unknown", None, None, where, reason=f"the search failed ({type(exc).__name__}: {str(exc)[:120]})")


def _global_minimum(obj: Objective, box: Any) -> GlobalMinimum:
    variables = obj.variables
    if obj.params:
        return GlobalMinimum("unknown", None, None, f"R^{obj.n}", reason="the objective has parameters")
    f = rationalize(obj.expr)
    grads = [rationalize(g) for g in obj.gradient]
    dom = domain_box(obj) if box is None else None
    if box is None and dom is None and _is_polynomial([f], variables):
        points = critical_points(obj)
        return _polynomial_minimum(obj, f, points)
    if box is None and not getattr(obj, "domain", None):  # R^n, or f's natural domain
        points = critical_points(obj)
        if isinstance(points.certificate, AffineCertificate):
            return _affine_minimum(obj, f, points)
        if isinstance(points.certificate, (ReducedGradientCertificate, LiftedCertificate)):  # rational_minimum
            gm = rational_minimum(obj, f, points)
            if dom is None or gm.status != "unknown":
                return gm
            # f's natural domain as a declared one: the search of the domain by slabs and its core
            declared = Objective(obj.expr, variables=list(obj.variables), domain=dom.describe())
            on_domain = _global_minimum(declared, None)
            return on_domain if on_domain.status != "unknown" else _or_ray(f, dom, gm)
    if dom is not None:
        points = critical_points(obj)
        if isinstance(points.certificate, MonotoneGradientCertificate):
            return _or_ray(f, dom, _convex_minimum(obj, f, points, dom))
        if isinstance(points.certificate, TailCertificate):
            return _domain_minimum(obj, f, grads, points, dom)
        region = search_region(obj, None)
        if region.unbounded:
            return _or_ray(f, dom, GlobalMinimum("unknown", None, None, dom.describe(),
                                                 reason=f"unbounded domain {dom.describe()}: no proof that the minimum "
                                                        f"is attained"))
        return _box_minimum(obj, f, grads, region.box)
    B = as_box(box, obj.n, variables)
    zero = _zero_residual_minimum(obj, f, B)
    if zero is not None:
        return zero
    return _box_minimum(obj, f, grads, B)


def _zero_residual_minimum(obj: Objective, f: sp.Expr, B: Box) -> GlobalMinimum | None:
    """``f = sum w_i r_i^2`` (``n`` squares, ``w_i > 0``) with a certified zero of ``r`` in the box:
    ``min f = 0`` there (:mod:`~symopt.critical.check_residual`), or ``None``."""
    found = residual_points(obj, B)
    if found is None or not len(found):
        return None
    minimisers = tuple({v: tuple(pair) for v, pair in zip(obj.variables, cp.enclosure)} for cp in found)
    proof = (f"f is a sum of squares with positive weights, so f >= 0, and the residuals vanish at a point of "
             f"{_box_text(B)} (Krawczyk's test on the residual system)"
             + ("; these are all the minimisers (the residuals' zeros in the box, certified complete)"
                if found.complete else ""))
    return GlobalMinimum("certified", sp.Integer(0), sp.Integer(0), _box_text(B), minimisers, proof,
                         _evidence=ResidualMinimumEvidence(f, tuple(obj.variables), found.certificate,
                                                           found[0].enclosure))


def _domain_minimum(obj: Objective, f: sp.Expr, grads: list, points: CriticalPoints, dom: Any) -> GlobalMinimum:
    """The minimum over an open or unbounded domain from its cover (:mod:`~symopt.critical.check_tails`):
    every slab inwards makes ``inf_D f = min_K f`` over the compact core ``K``; otherwise, on an open
    domain whose critical points are all certified and none is a local minimum, ``f`` has no minimum."""
    cover = points.certificate.cover
    dom = cover.domain  # sides where f has no value are open
    where = dom.describe()
    if cover.inward:
        gm = _box_minimum(obj, f, grads, cover.float_core())
        if gm.status != "certified":
            return dataclasses.replace(gm, domain=where)
        proof = (f"{cover.describe()} (sign prover): f decreases towards the core {_box_text(cover.float_core())}, "
                 f"so the minimum over {where} is attained there; {gm.proof}")
        return dataclasses.replace(gm, domain=where, proof=proof, _evidence=TailMinimumEvidence(cover, gm._evidence))
    ray = _unbounded_ray_on(f, cover)
    if ray is not None:
        return GlobalMinimum("unbounded", None, None, where, proof=ray.describe(), _evidence=ray)
    below = _below_end_limits(obj, f, grads, cover, where)
    if below is not None:
        return below
    open_sides = all((b.lo_strict or not b.lo.is_finite) and (b.hi_strict or not b.hi.is_finite) for b in dom.bounds)
    if points.complete and open_sides and all(cp.kind in ("maximum", "saddle") for cp in points):
        return GlobalMinimum("unknown", None, None, where,
                             reason=(f"f has no minimum on {where}: the domain is open, so a minimiser would be a "
                                     f"critical point with a positive semidefinite Hessian, and the {len(points)} "
                                     f"critical point(s) there (certified complete) are maxima or saddles"))
    return GlobalMinimum("unknown", None, None, where,
                         reason=f"{cover.describe()}: f does not decrease towards the core on every side (no attainment proof)")


def _below_end_limits(obj: Objective, f: sp.Expr, grads: list, cover: Any, where: str) -> GlobalMinimum | None:
    """One variable with outward slabs: ``f`` decreases towards each such end, so its values there exceed
    the limit ``L`` at the end; when the core's certified minimum is at most every ``L``, it is the minimum."""
    if obj.n != 1:
        return None
    limits = []
    for k, s in enumerate(cover.slabs):
        if s.inward:
            continue
        try:
            L = run_with_budget(end_limit, f, cover.domain, s, step="simplify")
        except (BudgetExceeded, ArithmeticError, ValueError, TypeError, NotImplementedError, RecursionError):
            return None
        if not (L.is_finite and L.is_real):
            return None
        limits.append((k, L))
    gm = _box_minimum(obj, f, grads, cover.float_core())
    if gm.status != "certified" or any(exact_sign(L - gm.upper) not in (0, 1) for _, L in limits):
        return None
    ends = ", ".join(f"{L}" for _, L in limits)
    proof = (f"{cover.describe()} (sign prover): towards an outward end f decreases to its limit ({ends}), which "
             f"the minimum over the core {_box_text(cover.float_core())} does not exceed; {gm.proof}")
    return dataclasses.replace(gm, domain=where, proof=proof,
                               _evidence=TailMinimumEvidence(cover, gm._evidence, tuple(limits)))


def _or_ray(f: sp.Expr, dom: Any, gm: GlobalMinimum) -> GlobalMinimum:
    """``gm`` unless it is unknown and ``f -> -oo`` along a ray of an unbounded side of the domain, from a
    point of the domain (the others' midpoints, or 1 inside a finite end, or 0)."""
    if gm.status != "unknown":
        return gm
    base = []
    for b in dom.bounds:
        if b.lo.is_finite and b.hi.is_finite:
            base.append((b.lo + b.hi) / 2)
        elif b.lo.is_finite:
            base.append(b.lo + 1)
        elif b.hi.is_finite:
            base.append(b.hi - 1)
        else:
            base.append(sp.Integer(0))
    for i, b in enumerate(dom.bounds):
        for sign, end in ((1, b.hi), (-1, b.lo)):
            if end.is_finite:
                continue
            try:
                value = run_with_budget(ray_limit, f, dom, tuple(base), i, sign, step="simplify")
            except (BudgetExceeded, ArithmeticError, ValueError, TypeError, NotImplementedError, RecursionError):
                continue
            if value == -sp.oo:
                ray = LimitRayEvidence(f, dom, tuple(base), i, sign)
                return GlobalMinimum("unbounded", None, None, dom.describe(), proof=ray.describe(), _evidence=ray)
    return gm


def _unbounded_ray_on(f: sp.Expr, cover: Any) -> LimitRayEvidence | None:
    """A ray along an outward slab of an unbounded side, from the core's centre, on which ``f -> -oo``."""
    base = tuple(sp.Rational(a + b) / 2 for a, b in cover.core)
    for s in cover.slabs:
        b = cover.domain.bounds[s.index]
        sign = 1 if s.side == "upper" else -1
        if s.inward or (b.hi if sign > 0 else b.lo).is_finite:
            continue
        try:
            value = run_with_budget(ray_limit, f, cover.domain, base, s.index, sign, step="simplify")
        except (BudgetExceeded, ArithmeticError, ValueError, TypeError, NotImplementedError, RecursionError):
            continue
        if value == -sp.oo:
            return LimitRayEvidence(f, cover.domain, base, s.index, sign)
    return None


def _affine_minimum(obj: Objective, f: sp.Expr, points: CriticalPoints) -> GlobalMinimum:
    """``grad f = H x + b``: with ``H`` positive definite, ``f(x*)`` is the global minimum."""
    cert = points.certificate
    if not positive_definite(sp.Matrix(cert.hessian)):
        return GlobalMinimum("unknown", None, None, f"R^{obj.n}",
                             reason="f is a quadratic whose H is not positive definite: no global minimiser")
    (cp,) = points
    value = sp.radsimp(sp.expand(f.xreplace(cp.point)))
    proof = ("f is a quadratic with positive definite H (Sylvester's criterion): "
             "f(x) = f(x*) + (x - x*)^T H (x - x*)/2, so its one critical point x* is the global minimiser")
    return GlobalMinimum("certified", value, value, f"R^{obj.n}", (dict(cp.point),), proof,
                         _evidence=AffineMinimumEvidence(points))


def _convex_minimum(obj: Objective, f: sp.Expr, points: CriticalPoints, dom: Any) -> GlobalMinimum:
    """``f'' > 0`` on the interval domain and one critical point: the global minimiser."""
    cert = points.certificate
    where = dom.describe()
    if cert.relation != ">0" or len(points) != 1:
        return GlobalMinimum("unknown", None, None, where, reason="f is strictly concave on the domain: no minimiser inside")
    (cp,) = points
    value = f.xreplace(cp.point)
    proof = (f"f'' > 0 on {where} ({cert.how}): f is strictly convex there, so its one critical point "
             f"is the global minimiser over the domain")
    return GlobalMinimum("certified", value, value, where, (dict(cp.point),), proof,
                         _evidence=ConvexMinimumEvidence(points))


def minimum_from_points(obj: Objective, points: CriticalPoints) -> GlobalMinimum:
    """The global minimum over ``R^n`` of a polynomial from its certified critical points
    (as :func:`global_minimum` with ``box=None``, without searching again)."""
    f = rationalize(obj.expr)
    if not _is_polynomial([f], obj.variables) or obj.params:
        return GlobalMinimum("unknown", None, None, f"R^{obj.n}", reason="f is not a polynomial without parameters")
    return _polynomial_minimum(obj, f, points)


def _polynomial_minimum(obj: Objective, f: sp.Expr, points: CriticalPoints) -> GlobalMinimum:
    variables = obj.variables
    if points.complete and points.components:  # points and hypersurfaces (symopt.critical.component_minimum)
        return component_minimum(obj, f, points)
    if not points.complete:
        reached = _bound_reached(f, variables, points)
        if reached is not None:
            return reached
        least = getattr(points.certificate, "least", None)
        if least is not None:
            return _unbounded_or(obj, f, "unknown", None, None, f"R^{obj.n}",
                                 reason=(f"the critical set has positive dimension: the least value of f on it is {least} "
                                         f"(certified), but that the infimum of f is attained is not proved"))
        return _unbounded_or(obj, f, "unknown", None, None, f"R^{obj.n}",
                             reason=f"the critical points are not certified complete ({points.status_text})")
    coercive = coercivity_bound(_ring(variables).from_expr(f).terms(), len(variables)) is not None
    values = []
    for cp in points:
        if all(v.is_Rational for v in cp.point.values()):
            exact = f.xreplace(cp.point)
            values.append((exact, exact, exact))
            continue
        if not any(isinstance(v, sp.CRootOf) for v in cp.point.values()):  # quadratic surds: exact value
            try:
                exact = run_with_budget(lambda: sp.radsimp(sp.expand(f.xreplace(cp.point))), step="simplify")
            except (BudgetExceeded, SymoptError):
                exact = None
            if exact is not None and exact.is_Rational:
                values.append((exact, exact, exact))
                continue
        with precision(200):
            env = {v: rational_interval(lo) + (rational_interval(hi) - rational_interval(lo)) * iv.mpf([0, 1])
                   for v, (lo, hi) in zip(variables, cp.enclosure)}
            val = enclosure(f, env)
        values.append((lower_rational(val), upper_rational(val), None))
    if not values:
        return _unbounded_or(obj, f, "unknown", None, None, f"R^{obj.n}",
                             reason="f has no critical point: the infimum is not attained")
    upper = min(v[1] for v in values)
    lower = min(v[0] for v in values)
    leading = None if coercive else leading_form_positive(f, variables)
    if coercive:
        proof_kind = "coercive"
        proof = ("f is coercive (weighted AM-GM bound f(x) >= sum_i P_i(|x_i|) with every P_i of positive "
                 "leading coefficient), so its minimum is attained at a critical point; all critical points are certified")
    elif leading is not None:
        proof_kind = "leading form"
        proof = (f"f is coercive: {leading}; so its minimum is attained at a critical point; "
                 "all critical points are certified")
    elif nonnegative_terms(f) and lower == 0 and upper == 0:
        proof_kind = "nonnegative"
        proof = "f is a sum of non-negative terms, so f >= 0, and f = 0 at a certified critical point"
    else:
        attained = prove_attainment(f, variables, lower, upper)
        if attained is None:
            return _unbounded_or(obj, f, "unknown", None, None, f"R^{obj.n}",
                                 reason=("could not prove that the minimum is attained (f not shown coercive, no lower "
                                         "bound reached at a critical point, no coercive minorant)"))
        proof_kind = "attainment"
        proof = f"{attained[0]}; all critical points are certified"
    minimisers = tuple(dict(cp.point) for cp, v in zip(points, values) if v[0] <= upper)
    gm_lower = lower
    certificate = attained[1] if proof_kind == "attainment" else None
    return GlobalMinimum("certified", gm_lower, upper, f"R^{obj.n}", minimisers, proof,
                         _evidence=PolynomialMinimumEvidence(points, proof_kind, upper, certificate))


def _unbounded_or(obj: Objective, f: sp.Expr, *unknown: Any, **fields: Any) -> GlobalMinimum:
    """``GlobalMinimum("unbounded")`` with a certified ray when :func:`~symopt.critical.unbounded.unbounded_ray`
    finds one; otherwise the ``unknown`` result built from ``unknown`` and ``fields``."""
    ray = unbounded_ray(f, obj.variables)
    if ray is None:
        ray = unbounded_curve(f, obj.variables)  # x_i = c_i t^(w_i) (symopt.critical.weighted_unbounded)
    if ray is None:
        return GlobalMinimum(*unknown, **fields)
    return GlobalMinimum("unbounded", None, None, f"R^{obj.n}", proof=ray.describe(), _evidence=ray)


def _bound_reached(f: sp.Expr, variables: tuple, points: CriticalPoints) -> GlobalMinimum | None:
    """``min f = t`` from a lower-bound tree ``f >= t`` and a rational point where ``f = t`` (no
    complete list needed): the points tried are the listed rational points, a rational point of
    each listed family or linear component, and for a quadratic a rational solution of
    ``grad f = 0`` (its free parameters set to 0)."""
    try:
        quadratic = sp.Poly(f, *variables).total_degree() <= 2
        tree = run_with_budget(_quadratic if quadratic else lower_bound, sp.expand(f) if quadratic else f,
                               variables, step="simplify")
    except (BudgetExceeded, SymoptError, RecursionError, sp.PolynomialError, ValueError, TypeError):
        return None
    if tree is None:
        return None
    for found in _rational_points(f, variables, points):
        z = {v: found[v] for v in variables}
        if sp.expand(f.xreplace(z)) == tree.value:
            proof = (f"f >= {tree.value} on R^n ({tree.describe()}), and f = {tree.value} at the rational point "
                     f"{tuple(z[v] for v in variables)} (the critical set need not be finite)")
            return GlobalMinimum("certified", tree.value, tree.value, f"R^{len(variables)}", (z,), proof,
                                 _evidence=BoundReachedEvidence(f, tuple(variables), tree,
                                                                tuple(z[v] for v in variables)))
    return None


def _rational_points(f: sp.Expr, variables: tuple, points: CriticalPoints) -> list[dict]:
    out = [dict(cp.point) for cp in points if all(getattr(v, "is_Rational", False) for v in cp.point.values())]
    for comp in points.components:
        if comp.parametrisation:
            free = set().union(*(sp.sympify(e).free_symbols for _, e in comp.parametrisation))
            at = {v: sp.sympify(e).xreplace({s: sp.Integer(1) for s in free}) for v, e in comp.parametrisation}
            if all(c.is_Rational for c in at.values()):
                out.append(at)
        elif isinstance(comp.equation, sp.Expr):
            out += _points_on(comp.equation, variables)
    if sp.Poly(f, *variables).total_degree() <= 2:
        sols = sp.linsolve([sp.diff(f, v) for v in variables], *variables)
        for sol in sols:
            free = set().union(*(e.free_symbols for e in sol))
            out.append({v: e.xreplace({s: 0 for s in free}) for v, e in zip(variables, sol)})
    return out


def _points_on(h: sp.Expr, variables: tuple) -> list[dict]:
    """A few rational points of the hypersurface ``h = 0``: every variable but one at small
    integers, the rational roots of ``h`` in the last one."""
    out: list[dict] = []
    for v in variables:
        others = [w for w in variables if w != v]
        for values in itertools.islice(itertools.product((0, 1, -1, 2), repeat=len(others)), 16):
            at = dict(zip(others, (sp.Integer(c) for c in values)))
            u = sp.Poly(h.xreplace(at), v)
            if u.degree() < 1:
                continue
            roots = [r for r in sp.roots(u, filter="Q")]
            if roots:
                out.append({**at, v: roots[0]})
                break
        if len(out) >= 2:
            break
    return out


def _box_minimum(obj: Objective, f: sp.Expr, grads: list, B: Box) -> GlobalMinimum:
    max_leaves = min(40_000, 20 * box_limit())  # a count of boxes, never the clock
    variables = obj.variables
    n = len(variables)
    where = _box_text(B)
    # an upper bound from a grid of points
    best = (math.inf, None)
    steps = max(2, int(round(400 ** (1 / n))))
    for idx in itertools.product(range(steps + 1), repeat=n):
        # clamped: lo + (hi - lo) * 1 can round past hi (1.2000000000000002 on [-0.9, 1.2]), and a value
        # outside the box is no upper bound on its minimum (check() rejected Ursem waves' enclosure)
        p = tuple(min(max(lo + (hi - lo) * k / steps, lo), hi) for k, (lo, hi) in zip(idx, B))
        try:
            v = upper_float(enclosure(f, {s: iv.mpf(c) for s, c in zip(variables, p)}))
        except (Undefined, ArithmeticError, ValueError, TypeError):
            continue
        if v < best[0]:
            best = (v, p)
    if best[1] is None:
        return GlobalMinimum("unknown", None, None, where, reason="f has no finite value at any grid point of the box")
    # a better upper bound: a local descent from the best grid point (value re-enclosed exactly there)
    refined = _descend(obj, B, best[1])
    if refined is not None:
        try:
            v = upper_float(enclosure(f, {s: iv.mpf(c) for s, c in zip(variables, refined)}))
            if v < best[0]:
                best = (v, refined)
        except (Undefined, ArithmeticError, ValueError, TypeError):
            pass
    state = {"U": best[0], "witness": best[1], "leaves": 0}
    hess = rationalize(obj.hessian)
    H = [[hess[i, j] for j in range(n)] for i in range(n)]
    scale = max(max(abs(lo), abs(hi)) for lo, hi in B)
    min_width = 1e-7 * max(1.0, scale)
    kept: list[tuple[Box, float]] = []

    def visit(X: Box) -> tuple:
        state["leaves"] += 1
        try:
            env = box_env(variables, X)
            F = enclosure(f, env)
        except (Undefined, ArithmeticError, ValueError, TypeError):
            F = None
        if F is not None and lower_float(F) > state["U"]:
            return ("above",)
        low = lower_float(F) if F is not None else -math.inf
        if F is not None:
            Gs: list = []
            for i, g in enumerate(grads):
                try:
                    G = enclosure(g, env)
                except (Undefined, ArithmeticError, ValueError, TypeError):
                    Gs.append(None)
                    continue
                Gs.append(G)
                lo, hi = X[i]
                if (lower_float(G) > 0 and lo > B[i][0]) or (upper_float(G) < 0 and hi < B[i][1]):
                    return ("mono", i)
            # the mean-value form: second order near a minimiser, where the natural extension is first order
            if all(G is not None for G in Gs):
                low = max(low, mean_value_lower(f, grads, variables, X, Gs))
                if low > state["U"]:
                    return ("above",)
            m = tuple((lo + hi) / 2 for lo, hi in X)
            try:
                v = upper_float(enclosure(f, {s: iv.mpf(c) for s, c in zip(variables, m)}))
                if v < state["U"]:
                    state["U"], state["witness"] = v, m
            except (Undefined, ArithmeticError, ValueError, TypeError):
                pass
        width = max(hi - lo for lo, hi in X)
        if F is None and width <= min_width * 1e3:
            raise _Unbounded
        if width <= min_width or state["leaves"] > max_leaves:
            kept.append((X, low))
            return ("keep",)
        if F is not None and all(a > lo and b < hi for (a, b), (lo, hi) in zip(X, B)):
            # inside the box a minimiser is a zero of the gradient: Krawczyk excludes or contracts
            try:
                K = krawczyk(grads, H, variables, X)
            except (Undefined, ArithmeticError, ValueError, TypeError, ZeroDivisionError):
                K = None
            if K is not None:
                if disjoint(K, X):
                    return ("none",)
                C = _contracted(K, X)
                if C is not None:
                    return ("contract", C, visit(C))
        axis, at = split_box(X)
        left, right = children(X, axis, at)
        return ("split", axis, at, visit(left), visit(right))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4000))
    try:
        tree = visit(B)
    except _Unbounded:
        return GlobalMinimum("unknown", None, None, where, reason="f has no interval enclosure on part of the box (undefined there?)")
    finally:
        sys.setrecursionlimit(limit)
    U = state["U"]
    live = [(X, lo) for X, lo in kept if lo <= U]
    if not live:
        live = kept
    lower = min(lo for _, lo in live)
    if not math.isfinite(lower):
        return GlobalMinimum("unknown", None, None, where, reason="no finite lower bound on part of the box")
    boxes = _merge_boxes([X for X, _ in live])
    minimisers = tuple({v: (to_rational(lo), to_rational(hi)) for v, (lo, hi) in zip(variables, X)} for X in boxes)
    proof = (f"interval branch-and-bound over {where} ({state['leaves']} boxes; monotonicity test, mean-value form, "
             f"Krawczyk exclusion and contraction inside the box)")
    return GlobalMinimum("certified", to_rational(lower), to_rational(U), where, minimisers, proof,
                         _evidence=BoxMinimumEvidence(f, tuple(grads), tuple(variables), B, tree, state["witness"],
                                                       tuple(tuple(r) for r in H)))


def _descend(obj: Objective, B: Box, start: tuple, steps: int = 60) -> tuple | None:
    """A local descent in the box from ``start`` (projected Newton steps where the Hessian is
    positive definite, else gradient steps; backtracking): only a better upper bound for the
    branch and bound (the value at the point it returns is enclosed exactly before use), so
    the search prunes near a minimiser at once instead of splitting around it."""
    try:
        fc = obj.compile()
        lo = np.array([a for a, _ in B], dtype=float)
        hi = np.array([b for _, b in B], dtype=float)
        x = np.array(start, dtype=float)
        fx = float(fc.value(x))
        for _ in range(steps):
            g = np.asarray(fc.grad(x), dtype=float)
            H = np.asarray(fc.hess(x), dtype=float)
            d = -g
            if np.all(np.isfinite(H)) and np.all(np.linalg.eigvalsh((H + H.T) / 2) > 0):
                d = -np.linalg.solve(H, g)
            t, moved = 1.0, False
            while t > 1e-12:
                y = np.clip(x + t * d, lo, hi)
                fy = float(fc.value(y))
                if np.isfinite(fy) and fy < fx:
                    x, fx, moved = y, fy, True
                    break
                t /= 2
            if not moved:
                break
        return tuple(float(c) for c in x) if np.all(np.isfinite(x)) else None
    except (ArithmeticError, ValueError, TypeError, np.linalg.LinAlgError, SymoptError):
        return None  # a heuristic upper bound only: a failure leaves the grid's point


class _Unbounded(Exception):
    pass


def _merge_boxes(boxes: list[Box]) -> list[Box]:
    """Hulls of clusters of touching boxes."""
    clusters: list[list] = []
    for X in boxes:
        hit = None
        for c in clusters:
            H = c[0]
            if all(lo <= hh and ll <= hi for (lo, hi), (ll, hh) in zip(X, H)):
                hit = c
                break
        if hit is None:
            clusters.append([X])
        else:
            hit[0] = tuple((min(a, c), max(b, d)) for (a, b), (c, d) in zip(hit[0], X))
    return [c[0] for c in clusters]
