"""Closed forms in N fitted on certified bounds, and certified bounds as test properties."""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Mapping, Sequence

import sympy as sp

from .. import display
from ..errors import ParameterError, ParseError, SymoptError, UnsupportedError
from ._exact import MAX_INFLATION
from .classes import FunctionClass, function_class
from .methods import Method, method
from .problem import _build
from .results import PEPResult, worst_case
from ..limits import run_with_budget


# ============================================================================ closed forms in N


@dataclass(frozen=True)
class ClosedForm:
    """A rational function of N fitted to certified worst cases, checked at further N.

    Attributes:
        formula: the fitted ``tau(N)`` as a SymPy expression in ``N`` (or None).
        fitted: ``{N: tau_N}`` certified bounds used for the fit (Fractions).
        checked: ``{N: tau_N}`` certified bounds at further N, each within ``1e-6`` above ``formula(N)``.
        proved: what is a theorem (each N's certificate).
        conjecture: what is not (the formula for every N).
    """

    method: Method
    cls: FunctionClass
    formula: sp.Expr | None
    fitted: Mapping
    checked: Mapping
    proved: str
    conjecture: str
    status: str

    def __repr__(self) -> str:
        return display.short_repr("ClosedForm", f"{self.method.name}: {self.status}",
                                  formula=None if self.formula is None else str(self.formula))

    def _repr_latex_(self) -> str:
        return display.latex_block(self.formula if self.formula is not None else sp.Symbol("unknown"), label=r"\tau_N")

    def _repr_html_(self) -> str:
        rows = {"method": repr(self.method), "class": repr(self.cls), "formula": self.formula,
                "proved": self.proved, "conjecture": self.conjecture, "status": self.status}
        return display.html_fields(rows, title="Closed form in N")

    def to_dict(self) -> dict:
        return {"method": self.method.name, "class": repr(self.cls), "status": self.status,
                "formula": None if self.formula is None else str(self.formula),
                "fitted": {str(k): str(v) for k, v in self.fitted.items()},
                "checked": {str(k): str(v) for k, v in self.checked.items()},
                "proved": self.proved, "conjecture": self.conjecture}


def _fit_rational(points: Mapping[int, Fraction], max_degree: int = 2) -> sp.Expr | None:
    """The simplest ``p(N)/q(N)`` (degrees <= max_degree) through every point, exactly; None if none fits."""

    Nsym = sp.Symbol("N", positive=True, integer=True)
    items = sorted(points.items())
    for total in range(0, 2 * max_degree + 1):
        for dq in range(0, min(total, max_degree) + 1):
            dp = total - dq
            if dp > max_degree or len(items) < dp + dq + 3:
                continue
            rows = []
            for n, t in items:
                tr = sp.Rational(t.numerator, t.denominator)
                rows.append([sp.Integer(n) ** k for k in range(dp + 1)] + [-tr * sp.Integer(n) ** k for k in range(dq + 1)])
            ns = run_with_budget(lambda: sp.Matrix(rows).nullspace(), step="pep-fit", seconds=5.0)
            if len(ns) != 1:
                continue
            v = ns[0]
            p = sum(v[k] * Nsym**k for k in range(dp + 1))
            q = sum(v[dp + 1 + k] * Nsym**k for k in range(dq + 1))
            if q == 0:
                continue
            expr = sp.factor(sp.cancel(p / q))
            if all(expr.subs(Nsym, n) == sp.Rational(t.numerator, t.denominator) for n, t in items):
                return expr
    return None


def closed_form(meth: Method | str, cls: FunctionClass | str, *, fit: Sequence[int] = (1, 2, 3, 4, 5, 6),
                check: Sequence[int] = (8, 10), initial: str = "dist", measure: str = "f", **params: Any) -> ClosedForm:
    r"""Fit a rational function of N to the certified worst cases, then test it at further N.

    For each N in ``fit`` symopt certifies :math:`\tau_N` (exactly) and reads the
    numeric worst case as a small rational (``limit_denominator(10**6)``, kept only
    when within 1e-9); the simplest :math:`p(N)/q(N)` through all of them is the
    conjecture.  At each N in ``check`` a fresh certificate must prove a bound within
    1e-6 (relative) above the formula.  *Proved*: the bound at each listed N.
    *Conjecture*: the formula for every N (no induction is attempted).

    Example: GD with step 1/L on convex L-smooth functions gives ``1/(4N + 2)``
    (Drori and Teboulle 2014), i.e. :math:`L R^2/(4N+2)`.
    """
    if isinstance(cls, str):
        cls = function_class(cls, **{k: params.pop(k) for k in ("L", "mu", "M") if k in params})
    if isinstance(meth, str):
        meth = method(meth, **params)
    fitted: dict[int, Fraction] = {}
    exact_pts: dict[int, Fraction] = {}
    for n in fit:
        r = worst_case(meth, cls, n, initial=initial, measure=measure, tight=False)
        if r.status != "proved":
            return ClosedForm(meth, cls, None, fitted, {}, "", "", f"unknown: N = {n}: {r.reason}")
        fitted[n] = r.tau
        guess = Fraction(r.numeric).limit_denominator(10**6)
        if abs(float(guess) - r.numeric) <= 1e-9 * max(1.0, abs(r.numeric)) and guess <= r.tau:
            exact_pts[n] = guess
    if len(exact_pts) < len(fit):
        return ClosedForm(meth, cls, None, fitted, {}, f"the bounds at N = {sorted(fitted)} (each certified)",
                          "", "no rational closed form: some worst cases are not small rationals")
    expr = _fit_rational(exact_pts)
    proved_at = f"measure <= tau_N * init for N in {sorted(fitted)}"
    if expr is None:
        return ClosedForm(meth, cls, None, fitted, {}, proved_at, "", "no rational function of degree <= 2 fits")
    Nsym = next(iter(expr.free_symbols)) if expr.free_symbols else sp.Symbol("N")
    checked: dict[int, Fraction] = {}
    for n in check:
        r = worst_case(meth, cls, n, initial=initial, measure=measure, tight=False)
        val = expr.subs(Nsym, n)
        fv = Fraction(int(sp.numer(val)), int(sp.denom(val)))
        if r.status != "proved" or not (fv * (1 - Fraction(1, 10**9)) <= r.tau <= fv * (1 + MAX_INFLATION)):
            return ClosedForm(meth, cls, expr, fitted, checked, proved_at,
                              f"tau_N = {expr} fitted on N in {sorted(fitted)}",
                              f"refuted at N = {n}: certified {float(r.tau) if r.tau else r.numeric} vs formula {float(fv)}")
        checked[n] = r.tau
    proved = (f"for N in {sorted(set(fitted) | set(checked))}: measure <= tau_N * init with an exact certificate, "
              f"tau_N within 1e-6 above {expr}")
    conj = f"tau_N = {expr} for every N (fitted on N in {sorted(fitted)}, confirmed at N in {sorted(checked)}; not proved for all N)"
    return ClosedForm(meth, cls, expr, fitted, checked, proved, conj, "conjecture")


def bound_property(result: PEPResult) -> Callable[[Callable[[Any], float], Callable[[Any], Any], Any], bool]:
    """A property for hypothesis tests: ``prop(f, grad, x0, x_star, f_star)`` runs the method on a 1-D
    (or n-D) function and checks ``measure <= tau * init`` (with a 1e-9 relative slack for floats).

    The bound is a theorem for every function of the class (``result.check()``); a sampled
    function that violates it is either outside the class or a bug in the code under test.
    """
    if result.tau is None:
        raise UnsupportedError(f"no certified bound to test: {result.reason}")
    P = _build(result.method, result.cls, result.N, result.initial, result.measure)
    tau = float(result.tau)

    def prop(f: Callable[[Any], float], grad: Callable[[Any], Any], x0: Any, x_star: Any = 0.0, f_star: float = 0.0) -> bool:
        import numpy as np

        x0 = np.asarray(x0, dtype=float)
        xs = np.asarray(x_star, dtype=float)
        c = {0: x0 - xs}
        fs = []
        for (x, g, fv) in P.points:
            (k,) = g.c.keys()
            if k in x.c:
                raise UnsupportedError("bound_property cannot replay implicit (proximal) steps")
            pt = sum((float(v) * c[i] for i, v in x.c.items()), np.zeros_like(x0)) + xs
            c[k] = np.asarray(grad(pt), dtype=float)
            fs.append(float(f(pt)) - f_star)
        vals = [sum(float(v) * fs[j] for j, v in a.items()) + sum(float(v) * float(np.dot(c[i], c[j])) for (i, j), v in A.items())
                for a, A in P.measures]
        init_c = P.constraints[0]
        init = sum(float(v) * fs[j] for j, v in init_c.a.items()) + sum(float(v) * float(np.dot(c[i], c[j])) for (i, j), v in init_c.A.items())
        return min(vals) <= tau * init * (1 + 1e-9) + 1e-12

    return prop
