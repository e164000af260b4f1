"""SymPy's ``solve`` on ``grad f = 0``: exact solutions, checked by substitution, never complete.

Exact solutions that SymPy's ``solve`` finds are kept after substitution back (they
give exact values inside the interval boxes, and families of points such as
``cosh(lam/y)``'s line ``lam = 0``); completeness never rests on them (SymPy issues
12594, 11179, 17449: ``solve`` drops real solutions it cannot write by radicals).
"""

from __future__ import annotations

from typing import Sequence

import sympy as sp

from ..config import config
from ..core.derivatives import natural_key
from ..core.objective import Objective
from ..core.points import CriticalPoints, exact_sign
from ..core.parse import has_oversized_number
from ..errors import BudgetExceeded, SymoptError
from ..limits import run_with_budget
from .classify import classify_exact


def sympy_solutions(obj: Objective) -> CriticalPoints:
    """SymPy's ``solve`` on ``grad f = 0``: solutions checked by substitution, each classified
    exactly; never marked complete."""
    exact, note, _ = _solve_gradient(obj)
    if exact is None:
        return CriticalPoints([], complete=False, note=note)
    return CriticalPoints([classify_exact(obj, sol) for sol in exact], complete=False, note=note)


def mixed_gradient_reason(obj: Objective) -> str | None:
    eqs = [g for g in obj.gradient if g != 0]
    return mixed_trigonometric_factor(eqs, obj.variables)


def _solve_gradient(self: Objective) -> tuple[list[dict] | None, str, bool]:
    eqs = [g for g in self.gradient if g != 0]
    if not eqs:
        return [dict(zip(self.variables, self.variables))], "the gradient is identically zero", False
    mixed = mixed_trigonometric_factor(eqs, self.variables)
    if mixed is not None:
        return None, f"grad f = 0 has no closed form SymPy can find ({mixed}); exact solving skipped", False
    try:
        sols = run_with_budget(_solve_system, eqs, self.variables, step="solve", seconds=_solve_limit(eqs, self.variables))
    except BudgetExceeded as exc:
        return None, f"solve ran out of its work limit ({exc})", False
    except (NotImplementedError, ValueError, TypeError, AttributeError, RecursionError,
            sp.polys.polyerrors.PolynomialError) as exc:
        return None, f"SymPy could not solve grad f = 0 ({type(exc).__name__})", False
    polynomial = all(e.is_polynomial(*self.variables) for e in eqs)
    # real_roots of one polynomial in one variable are its exact roots: nothing to verify
    # (asking SymPy whether f'(CRootOf) is zero costs seconds of minimal polynomials)
    by_construction = _single_polynomial(eqs, self.variables)
    kept: list[dict] = []
    parametric = False
    for sol in sols:
        point = {v: sol.get(v, v) for v in self.variables}
        if any(val.free_symbols & set(self.variables) for val in point.values()):
            parametric = True
        candidates = [point] if _is_real_point(point) else _real_members(point, self.variables)
        for candidate in candidates:
            if not by_construction and not _verify_zero_gradient(self, candidate):
                continue
            if candidate not in kept:
                kept.append(candidate)
    complete = False  # SymPy's solve may drop real solutions (SymPy issues 12594, 11179, 17449)
    how = "SymPy's solve on grad f = 0 (solutions checked; the list is not certified complete)"
    if not polynomial:
        how += " (transcendental equations: SymPy may list only some solutions)"
    if parametric:
        how += " (a continuum of critical points)"
    kept.sort(key=lambda p: tuple(_sort_value(v) for v in p.values()))
    return kept, how, complete


#: The share of the ``solve`` limit given to coupled transcendental systems in several variables.
COUPLED_SHARE = 0.1


def _solve_limit(eqs: Sequence[sp.Expr], variables: Sequence[sp.Symbol]) -> float | None:
    """The work limit (reference seconds) for SymPy's ``solve`` on ``grad f = 0``.

    Coupled transcendental equations in several variables (an entry that is not a
    polynomial and holds more than one variable: Easom's ``exp(-r^2) cos x sin y``) have
    no closed form in all but rare cases, and there ``solve`` only spends its limit
    (SymPy issues 12594, 11179); they get :data:`COUPLED_SHARE` of it: the exact values it
    finds are a convenience (completeness rests on the interval search), and what is cheap
    to solve is solved within it.  Polynomial and separable systems get the whole limit.
    """
    limit = config.budget_for("solve")
    if limit is None or len(variables) < 2:
        return limit
    vs = set(variables)
    coupled = any(len(e.free_symbols & vs) > 1 and not e.is_polynomial(*variables) for e in eqs)
    return limit * COUPLED_SHARE if coupled else limit


def _verify_zero_gradient(self: Objective, point: dict) -> bool:
    try:
        g = self.gradient.xreplace(point)
    except (ValueError, TypeError, ZeroDivisionError):  # SymPy refuses to form the value: not a point of the domain
        return False
    if has_oversized_number(g):  # a number too large to evaluate exactly (issue 22's size limit)
        return False
    if not _real_value(self.expr, point):  # log(x) + x at x = -1: the gradient's formula vanishes, f is complex
        return False
    for entry in g:
        if entry == 0:
            continue
        if entry.has(sp.nan, sp.zoo, sp.oo):  # f is not differentiable there (cosh(x/y) at y = 0)
            return False
        sign = exact_sign(entry) if not entry.free_symbols else None
        if sign == 0:
            continue
        if sign is not None:
            return False
        try:
            if run_with_budget(lambda: sp.simplify(entry) == 0, step="simplify"):
                continue
        except (BudgetExceeded, SymoptError):
            pass
        # undecided: keep the point (SymPy's own solution) unless shown non-zero
    return True


def _real_value(f: sp.Expr, point: dict) -> bool:
    """``f`` at the point is a finite real number (not decided false: an exact imaginary part,
    or one above 1e-25 at 30 digits, is a point outside ``f``'s real domain)."""
    try:
        value = f.xreplace(point)
    except (ValueError, TypeError, ZeroDivisionError):
        return False
    if value.free_symbols:
        return True  # a family: its points are checked where they are used
    if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or value.is_real is False:
        return False
    if value.is_real is None:
        try:
            approx = value.evalf(30)
        except (ValueError, TypeError, ArithmeticError):
            return True
        if approx.has(sp.nan, sp.zoo) or abs(sp.im(approx)) > sp.Float("1e-25"):
            return False
    return True


def _solve_system(eqs: list[sp.Expr], variables: Sequence[sp.Symbol]) -> list[dict]:
    """Solutions of ``eqs = 0``; one polynomial in one variable gives exact real roots (CRootOf if needed)."""
    if len(variables) == 1 and len(eqs) == 1 and eqs[0].is_polynomial(variables[0]):
        (x,) = variables
        poly = sp.Poly(eqs[0], x)
        if poly.free_symbols - {x}:
            return sp.solve(eqs, list(variables), dict=True)
        roots = sorted(set(sp.real_roots(poly)), key=lambda r: float(r.evalf(20)))
        return [{x: r} for r in roots]
    return sp.solve(eqs, list(variables), dict=True)


def _single_polynomial(eqs: Sequence[sp.Expr], variables: Sequence[sp.Symbol]) -> bool:
    """One equation, polynomial in the one variable, no parameters: the case ``_solve_system`` solves by ``real_roots``."""
    if len(variables) != 1 or len(eqs) != 1:
        return False
    (x,) = variables
    return bool(eqs[0].is_polynomial(x)) and eqs[0].free_symbols <= {x}


_TRIG = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)


def mixed_trigonometric_factor(eqs: Sequence[sp.Expr], variables: Sequence[sp.Symbol]) -> str | None:
    """A reason why ``solve`` cannot succeed on ``g(x) = 0`` in one variable, or ``None``.

    When a factor of ``g`` holds ``x`` both inside a trigonometric function and
    outside every one (``cos(c x) - c x sin(c x)``), the equation is
    transcendental of mixed type: it has no closed-form solution in elementary
    functions or Lambert W, and SymPy's ``solve`` spends its whole budget before
    raising ``NotImplementedError``.  Skipping it loses nothing exact.  (Products
    such as ``x sin x`` are split into factors first, which ``solve`` does handle.)
    """
    if len(variables) != 1 or len(eqs) != 1:
        return None
    (x,) = variables
    for factor in sp.Mul.make_args(sp.factor_terms(eqs[0])):
        if x not in factor.free_symbols:
            continue
        base = factor.base if factor.is_Pow and factor.exp.is_positive else factor
        trig = [a for a in base.atoms(*_TRIG) if x in a.free_symbols]
        if not trig:
            continue
        rest = base.xreplace({a: sp.Dummy() for a in trig})
        if x in rest.free_symbols:
            return f"{x} appears both inside and outside trigonometric functions"
    return None


def _real_members(family: dict, variables: Sequence[sp.Symbol]) -> list[dict]:
    """Real points of a complex family of solutions, e.g. ``(w1, I*|w1|)`` is real only at ``w1 = 0``.

    Solves ``Im(value) = 0`` for the family's free variables (under the solve budget)
    and keeps the real, fully determined points.
    """
    free = sorted(set().union(*(v.free_symbols for v in family.values())) & set(variables), key=natural_key)
    if not free:
        return []
    imaginary = [sp.im(v) for v in family.values()]
    imaginary = [e for e in imaginary if e != 0]
    if not imaginary:
        return []
    try:
        solutions = run_with_budget(lambda: sp.solve(imaginary, free, dict=True), step="solve")
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError, AttributeError, RecursionError):
        return []
    points = []
    for sol in solutions:
        point = {v: sp.simplify(val.xreplace(sol)) if val.free_symbols else val for v, val in family.items()}
        point = {v: sol.get(v, val) if val == v else val for v, val in point.items()}
        if any(val.free_symbols & set(variables) for val in point.values()):
            continue
        if _is_real_point(point) and all(val.is_real for val in point.values()):
            points.append(point)
    return points


def _is_real_point(point: dict) -> bool:
    for val in point.values():
        if val.is_real is False:
            return False
        if val.free_symbols and (val.as_coefficient(sp.I) is not None or sp.im(val).is_zero is False):
            return False
        if val.is_real is None and not val.free_symbols:
            approx = val.evalf(30)
            if abs(sp.im(approx)) > sp.Float("1e-25"):
                return False
    return True


def _sort_value(v: sp.Expr) -> float:
    try:
        return float(v.evalf(15)) if not v.free_symbols else 0.0
    except (TypeError, ValueError):
        return 0.0
