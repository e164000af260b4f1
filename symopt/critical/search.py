"""The entry point: certified critical points of an objective (dispatch between the methods).

Polynomial gradients go to the exact method (:mod:`symopt.critical.algebraic`);
others (or when the exact method gives up) to SymPy's ``solve``
(:mod:`~symopt.critical.solve`) for exact values and the interval search
(:mod:`~symopt.critical.krawczyk`) for certified completeness in a box.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, Sequence

import sympy as sp

from ..core.objective import Objective
from ..core.points import CriticalPoints
from ..errors import BudgetExceeded, DimensionError, SymoptError
from ..limits import run_with_budget
from .affine import affine_points
from .reduced import reduced_points
from .algebraic import polynomial_points
from .components import positive_dimensional, scaling_symmetries
from .check import UnsupportedComplexity, _NotZeroDimensional, _ring, rationalize
from .edges import edge_points
from .krawczyk import interval_points
from .monotone import monotone_points
from .region import as_box, domain_box, exact_box, search_region
from .residual import residual_points
from .check import _box_text
from .check_tails import TailCertificate, effective_domain
from .tails import grid_cover, tail_cover
from .solve import mixed_gradient_reason, sympy_solutions
from .squares import real_points_of_components


#: Most variables the interval search takes on (one Krawczyk step evaluates n^2 Hessian entries).
MAX_INTERVAL_VARIABLES = 6


#: Largest number of terms (an upper estimate) of an expanded gradient entry the exact method takes.
MAX_EXPANDED_TERMS = 20_000


def _expanded_terms(expr: sp.Expr) -> int:
    """An upper estimate of the number of terms of ``expand(expr)`` (without expanding)."""
    if expr.is_Add:
        return sum(_expanded_terms(a) for a in expr.args)
    if expr.is_Mul:
        out = 1
        for a in expr.args:
            out *= _expanded_terms(a)
            if out > 10**9:
                return out
        return out
    if expr.is_Pow and expr.exp.is_Integer and expr.exp > 0:
        base = _expanded_terms(expr.base)
        k = int(expr.exp)
        return base if base == 1 else (math.comb(base + k - 1, k) if k < 200 and base < 10**4 else 10**9)
    return 1


_ENGINE_FAILURES = (ArithmeticError, ValueError, TypeError, NotImplementedError, RecursionError,
                    sp.polys.polyerrors.BasePolynomialError)


def _is_polynomial(grads: Sequence[sp.Expr], variables: Sequence[sp.Symbol]) -> bool:
    """Polynomials in the variables with rational coefficients (no nan/oo, no other symbols)."""
    vs = set(variables)
    for g in grads:
        if g.free_symbols - vs or g.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not g.is_polynomial(*variables):
            return False
    if any(_expanded_terms(g) > MAX_EXPANDED_TERMS for g in grads):
        return False  # expanding would explode (a product of 40 binomials): not for the exact method
    R = _ring(variables)
    for g in grads:
        try:
            R.from_expr(g)
        except (sp.polys.polyerrors.BasePolynomialError, ValueError, TypeError):
            return False
    return True


def critical_points(obj: Objective, box: Any = None, digits: int = 15, numeric: bool = True) -> CriticalPoints:
    """Certified critical points of ``obj`` (see the module docstring).

    Args:
        obj: the objective.
        box: for non-polynomial objectives, the box searched: ``None`` (the objective's
            domain where it is a box, else ``[-10, 10]^n``), a half-width ``r``
            (``[-r, r]^n``), one ``(lo, hi)`` pair for every side, one pair per
            variable, or a dict ``{"x": (lo, hi), ...}``.  A polynomial's list is
            complete on ``R^n``, box or not.
        digits: decimal digits each coordinate's enclosure certifies (polynomial case).
        numeric: when exact methods do not apply, search the box with interval arithmetic
            (``False``: only SymPy's exact solutions, never complete).

    Returns:
        :class:`~symopt.core.points.CriticalPoints`: ``complete`` is true only when the
        list is provably every critical point (on ``R^n``, or in ``box`` as ``status`` says).
    """
    if obj.n == 0:
        raise DimensionError("the objective has no variables")
    as_box(box, obj.n, obj.variables)  # bad boxes are the caller's error (DimensionError), before any search
    try:
        return run_with_budget(_critical_points, obj, box, digits, numeric, step="critical_points")
    except BudgetExceeded as exc:
        return CriticalPoints([], complete=False, note=f"the search ran out of its work limit ({exc})",
                              objective=obj)
    except SymoptError:
        raise
    except _ENGINE_FAILURES as exc:  # an engine failure is an honest "incomplete", never a raw traceback
        return CriticalPoints([], complete=False, note=f"the search failed ({type(exc).__name__}: {str(exc)[:120]})",
                              objective=obj)


def _critical_points(obj: Objective, box: Any, digits: int, numeric: bool) -> CriticalPoints:
    if obj.params:
        legacy = sympy_solutions(obj)
        note = f"{legacy.note}; the objective has parameters: completeness is not certified"
        return CriticalPoints(list(legacy), complete=False, note=note, objective=obj)
    variables = obj.variables
    grads = [rationalize(g) for g in obj.gradient]
    hess = rationalize(obj.hessian)
    why = ""
    if _is_polynomial(grads, variables):
        try:
            exact = run_with_budget(polynomial_points, obj, grads, hess, digits, step="solve")
            return _on_domain_note(obj, _squares(obj, exact, hess, digits))
        except _NotZeroDimensional:
            why = "the complex critical set has positive dimension (Groebner basis)"
        except UnsupportedComplexity as exc:
            why = str(exc)
        except BudgetExceeded as exc:
            why = f"the exact method ran out of its work limit ({exc})"
        except (ArithmeticError, ValueError, TypeError, NotImplementedError,
                sp.polys.polyerrors.BasePolynomialError) as exc:
            if isinstance(exc, SymoptError):
                raise
            why = f"the exact method failed ({type(exc).__name__}); interval search instead"
        if why.startswith("the complex critical set"):
            # a scaling symmetry gives the components from slices; otherwise SymPy's solve on the whole system
            symmetric = bool(scaling_symmetries(rationalize(obj.expr), obj.variables))
            return positive_dimensional(obj, CriticalPoints() if symmetric else sympy_solutions(obj), why)
    if not why and box is None and not getattr(obj, "domain", None):  # R^n, or f's natural domain (the routes keep f real)
        affine = run_with_budget(affine_points, obj, step="solve")  # a quadratic with surd coefficients
        if affine is not None:
            return affine
        reduced = run_with_budget(reduced_points, obj, digits, step="solve")  # rational, poly * exp(poly)
        if reduced is not None:
            return reduced
    # not polynomial (or the exact method gave up): exact solutions SymPy finds + interval search in a box
    legacy = CriticalPoints()
    mixed = mixed_gradient_reason(obj)
    if mixed is None:
        legacy = sympy_solutions(obj)
    if not numeric or obj.n > MAX_INTERVAL_VARIABLES:
        if numeric:
            why = (f"{why + '; ' if why else ''}the interval search is limited to {MAX_INTERVAL_VARIABLES} "
                   f"variables (this objective has {obj.n})")
        note = "; ".join(t for t in (why, mixed, legacy.note) if t)
        return CriticalPoints(list(legacy), complete=False, note=note, objective=obj)
    region = search_region(obj, box)
    if region.domain is not None and obj.n == 1:
        on_domain = monotone_points(obj, region.domain, legacy)
        if on_domain is not None:
            return on_domain
    B = region.box
    cover = None
    effective = effective_domain(region.domain, rationalize(obj.expr)) if region.domain is not None else None
    if effective is not None and _open_or_unbounded(effective):
        cover = tail_cover(effective, grads)  # a compact core; slabs where a gradient entry has one sign
        if cover is None:
            cover = grid_cover(effective, grads)  # or one sign on each cell of a 3^n grid around the core
        if cover is not None:
            B = cover.float_core()
    found = residual_points(obj, B) if cover is None else None  # a sum of n squares: zeros of the residuals
    if found is None or not found.complete:
        found = interval_points(obj, grads, hess, B)
    if found.undecided and _rescuable(found.undecided, B):  # zeros on the box's faces, degenerate 1-D zeros
        sides = exact_box(box, obj.n, variables) if cover is None and box is not None else None
        found = edge_points(obj, grads, hess, B, list(legacy), found, sides)
    if cover is not None:
        where = effective.describe()
        how = f"no critical point where {cover.describe()} (sign prover); the core {_box_text(B)} searched"
        status = f"complete on {where} (certified)" if found.complete else found.status_text
        found = CriticalPoints(list(found), complete=found.complete, note=f"{how}; {found.note}", status=status,
                               box=found.box, undecided=found.undecided,
                               certificate=TailCertificate(cover, found.certificate), objective=obj)
    elif region.unbounded:
        found = CriticalPoints(list(found), complete=False, note=f"{region.note}; {found.note}",
                               status=f"incomplete: {region.note}", box=found.box, undecided=found.undecided,
                               certificate=found.certificate, objective=obj)
    elif region.note:
        found = CriticalPoints(list(found), complete=found.complete, note=f"{region.note}; {found.note}",
                               status=found.status_text, box=found.box, undecided=found.undecided,
                               certificate=found.certificate, objective=obj)
    merged = list(found)
    extra = []
    outside = 0
    for cp in legacy:
        if cp.numeric or any(v.free_symbols for v in cp.point.values()):
            if any(v.free_symbols for v in cp.point.values()):
                extra.append(cp)
            continue
        hit = None
        for k, f in enumerate(merged):
            if f.enclosure and all(lo <= _num_value(cp.point[v]) <= hi for v, (lo, hi) in zip(variables, f.enclosure)):
                hit = k
                break
        if hit is None and not all(lo <= _num_value(cp.point[v]) <= hi for v, (lo, hi) in zip(variables, B)):
            outside += 1
            continue
        if hit is not None:
            decided = merged[hit].kind == "inconclusive" and cp.kind != "inconclusive"  # classified at the exact point
            merged[hit] = dataclasses.replace(merged[hit], point=dict(cp.point), numeric=False,
                                              kind=cp.kind if decided else merged[hit].kind,
                                              reason=(cp.reason if decided else merged[hit].reason)
                                              + "; exact value from SymPy's solve, inside the certified box")
        else:
            extra.append(cp)
    notes = [found.note]
    if mixed:
        notes.insert(0, f"grad f = 0 has no closed form SymPy can find ({mixed}); exact solving skipped")
    if why:
        notes.insert(0, why)
    if outside:
        notes.append(f"{outside} exact solution(s) from SymPy's solve lie outside the box (not listed)")
    if extra:
        notes.append(f"{len(extra)} more solution(s) from SymPy's solve, checked but not in a certified box")
    return CriticalPoints(merged + extra, complete=found.complete, note="; ".join(notes), status=found.status_text,
                          box=found.box, undecided=found.undecided, certificate=found.certificate, objective=obj,
                          extra=len(extra))


def _rescuable(undecided: Sequence, B: Any) -> bool:
    """Worth the search of a slightly larger box: in one variable (Rolle), or every undecided sub-box
    touches the box's boundary; never after the search ran out of its count of boxes."""
    if any("limit of" in why for _, why in undecided):
        return False
    if len(B) == 1:
        return True
    return all(any(x[0] == b[0] or x[1] == b[1] for x, b in zip(X, B)) for X, _ in undecided)


def _open_or_unbounded(dom: Any) -> bool:
    """Some side of the domain is unbounded, or finite and open (``f`` may be undefined there)."""
    return any(not b.lo.is_finite or not b.hi.is_finite or b.lo_strict or b.hi_strict for b in dom.bounds)


def _squares(obj: Objective, exact: CriticalPoints, hess: sp.Matrix, digits: int) -> CriticalPoints:
    """Components that are sums of squares give up their real points (:mod:`~symopt.critical.squares`);
    when that fails or runs out of its work limit, the exact list stays as it was."""
    if not exact.components or (exact.complete and not hasattr(exact.certificate, "inner")):
        return exact
    try:
        return run_with_budget(real_points_of_components, obj, exact, hess, digits, step="solve") or exact
    except BudgetExceeded:
        return exact
    except _ENGINE_FAILURES as exc:
        if isinstance(exc, SymoptError):
            raise
        return exact


def _on_domain_note(obj: Objective, points: CriticalPoints) -> CriticalPoints:
    """A polynomial's list is complete on ``R^n``; where the objective has a domain, say which
    listed points lie in it (exact membership) instead of dropping the others silently."""
    dom = domain_box(obj)
    if dom is None:
        return points
    inside = sum(1 for cp in points if cp.enclosure is not None and dom.contains(cp.point))
    points.note = (f"{points.note}; the list is on R^{obj.n}: {inside} of the {len(points)} point(s) lie in the "
                   f"domain {dom.describe()}")
    return points


def _num_value(v: sp.Expr) -> sp.Rational | float:
    if isinstance(v, float):
        return sp.Rational(v)
    if v.is_Rational:
        return v
    approx = sp.N(v, 30)
    re, im = approx.as_real_imag()  # a real radical of the casus irreducibilis leaves a 1e-36 i of rounding
    if abs(im) > 1e-25 * max(1, abs(re)):
        raise ValueError(f"{v} is not real")
    return sp.Rational(str(re))
