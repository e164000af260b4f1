"""SGD on convex losses (D2L 11.4.3): the bound for a schedule and the best constant step.

:func:`sgd_bound` builds ``(r^2 + L^2 sum eta_t^2) / (2 sum eta_t)`` for a
schedule and :func:`sgd_optimal_constant_step` derives the best constant step
for a horizon.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..limits import run_with_budget
from ..errors import BudgetExceeded, ParameterError, UndecidedError
from ..core.parse import as_expression, parse, symbol
from ._common import _budgeted_factor, _budgeted_simplify

__all__ = ["SGDBound", "sgd_bound", "SGDStep", "sgd_optimal_constant_step"]


@dataclass(frozen=True)
class SGDBound:
    """D2L (11.4.16) for a schedule: ``E[R(w_bar)] - R* <= (r^2 + L^2 S2) / (2 S1)``.

    Attributes:
        schedule: ``eta_t`` as an expression in ``t``.
        S1: ``sum_{t=1}^T eta_t`` (closed form when SymPy finds one).
        S2: ``sum_{t=1}^T eta_t^2``.
        bound: the bound as an expression in ``T, r, L`` (and the schedule's constants).
        order: the bound's growth as ``T -> oo``: ``bound = Theta(order)`` (an expression
            in ``T``; ``1`` means the bound does not vanish), when derivable.
        note: assumptions of the bound.
    """
    schedule: sp.Expr
    S1: sp.Expr
    S2: sp.Expr
    bound: sp.Expr
    order: sp.Expr | None
    note: str = ("convex losses with ||gradient|| <= L, r = ||w_0 - w*||; bound on the eta-weighted "
                 "average w_bar = sum eta_t w_t / sum eta_t")

    def at(self, **values: Any) -> float:
        """The bound's value, e.g. ``at(T=100, r=1, L=1)``."""
        env = {symbol(k) if k not in ("T", "t") else sp.Symbol(k, positive=True, integer=True): as_expression(v)
               for k, v in values.items()}
        expr = self.bound.xreplace(env)
        if expr.free_symbols:
            expr = expr.xreplace({s: env.get(symbol(s.name), s) for s in expr.free_symbols})
        if expr.free_symbols:
            raise ParameterError(f"missing values for {', '.join(sorted(s.name for s in expr.free_symbols))}")
        return float(sp.N(expr.doit(), 30))


_T = sp.Symbol("T", positive=True, integer=True)


_t = sp.Symbol("t", positive=True, integer=True)


def sgd_bound(schedule: Any) -> SGDBound:
    """The SGD bound ``(r^2 + L^2 sum eta_t^2)/(2 sum eta_t)`` for a schedule ``eta_t``.

    Args:
        schedule: ``eta_t`` as text or SymPy in ``t`` (``"eta0/sqrt(t)"``, ``"eta"``).

    >>> b = sgd_bound("c/sqrt(t)")
    >>> b.order
    log(T)/sqrt(T)
    >>> sgd_bound("eta").bound
    (L**2*T*eta**2 + r**2)/(2*T*eta)
    """
    expr = parse(schedule) if isinstance(schedule, str) else as_expression(schedule)
    t_real = symbol("t")
    expr = expr.xreplace({t_real: _t, sp.Symbol("t"): _t})
    if any(s.name == "T" for s in expr.free_symbols):
        expr = expr.xreplace({s: _T for s in expr.free_symbols if s.name == "T"})
    r, L = symbol("r"), symbol("L")
    S1 = run_with_budget(lambda: sp.summation(expr, (_t, 1, _T)), step="rates")
    S2 = run_with_budget(lambda: sp.summation(sp.expand(expr**2), (_t, 1, _T)), step="rates")
    bound = _budgeted_factor((r**2 + L**2 * S2) / (2 * S1)) if not S1.has(sp.Sum) else (r**2 + L**2 * S2) / (2 * S1)
    order = _growth(bound, expr)
    return SGDBound(expr, S1, S2, bound, order)


def _growth(bound: sp.Expr, schedule: sp.Expr) -> sp.Expr | None:
    """``O(.)`` of the bound as ``T -> oo`` via integral comparison for monotone positive schedules."""
    Tc = sp.Symbol("T", positive=True)
    x = sp.Symbol("x", positive=True)
    b = bound
    for s in list(b.atoms(sp.Sum)):
        f = s.function.xreplace({_t: x})
        # sum_{t=1}^T f(t) = Theta(integral_1^T f + f(1)) for monotone f
        try:
            integral = run_with_budget(lambda: sp.integrate(f, (x, 1, Tc)), step="rates")
        except BudgetExceeded:
            return None
        b = b.xreplace({s: integral + f.xreplace({x: 1})})
    b = b.xreplace({_T: Tc})
    b = b.replace(lambda a: isinstance(a, sp.harmonic), _harmonic_asymptotic)
    try:
        lim = run_with_budget(lambda: sp.limit(b, Tc, sp.oo), step="rates")
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
        lim = None
    if lim is not None and lim != 0 and not lim.has(sp.oo, -sp.oo, sp.zoo, sp.nan, sp.Limit) \
            and Tc not in lim.free_symbols:
        return sp.Integer(1)
    try:
        o = run_with_budget(lambda: sp.Order(_budgeted_simplify(b), (Tc, sp.oo)), step="rates")
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
        return None
    expr = sp.expand_log(o.expr, force=True)
    parts = []
    for term in sp.Add.make_args(sp.expand(expr)):
        dep = term.as_independent(Tc, as_Add=False)[1]
        if dep != 1 or not parts:
            parts.append(dep)
    try:
        return _dominant(sp.Add(*parts), Tc)
    except (NotImplementedError, ValueError, TypeError, BudgetExceeded):
        return None


def _dominant(expr: sp.Expr, T: sp.Symbol) -> sp.Expr:
    """The fastest-growing part of ``expr`` as ``T -> oo`` (constants dropped), recursively."""
    if T not in expr.free_symbols:
        return sp.Integer(1)
    if isinstance(expr, sp.Add):
        parts = [_dominant(a, T) for a in expr.args]
        for cand in parts:
            if all(run_with_budget(lambda: sp.limit(q / cand, T, sp.oo), step="rates").is_finite for q in parts):
                return cand
        raise ValueError("no dominant term")
    if isinstance(expr, sp.Mul):
        return sp.Mul(*[_dominant(a, T) for a in expr.args])
    if isinstance(expr, sp.Pow) and T not in expr.exp.free_symbols:
        return _dominant(expr.base, T) ** expr.exp
    return expr


def _harmonic_asymptotic(a: sp.Expr) -> sp.Expr:
    """``harmonic(T, s)`` up to o(1): ``log T + gamma`` (s = 1), ``zeta(s)`` (s > 1),
    ``T^(1-s)/(1-s) + zeta(s)`` (s < 1)."""
    n = a.args[0]
    s = a.args[1] if len(a.args) > 1 else sp.Integer(1)
    if s == 1:
        return sp.log(n) + sp.EulerGamma
    if s.is_number and s > 1:
        return sp.zeta(s)
    return n ** (1 - s) / (1 - s) + sp.zeta(s)


@dataclass(frozen=True)
class SGDStep:
    """The best constant step for a known horizon, derived.

    Attributes:
        eta: ``argmin_eta (r^2 + L^2 T eta^2)/(2 T eta)``.
        bound: the bound at that step.
        text_bound: D2L 11.4.3's stated bound ``r L (1 + 1/T) / (2 sqrt T)``.
        text_bound_holds: whether the text's value equals the derived one.
    """
    eta: sp.Expr
    bound: sp.Expr
    text_bound: sp.Expr
    text_bound_holds: bool


def sgd_optimal_constant_step() -> SGDStep:
    """Minimise the constant-step SGD bound over eta (derivative = 0, second derivative > 0).

    >>> s = sgd_optimal_constant_step()
    >>> s.eta, s.bound, s.text_bound_holds
    (r/(L*sqrt(T)), L*r/sqrt(T), False)
    """
    r, L = sp.Symbol("r", positive=True), sp.Symbol("L", positive=True)
    T = sp.Symbol("T", positive=True)
    eta = sp.Symbol("eta", positive=True)
    B = (r**2 + L**2 * T * eta**2) / (2 * T * eta)
    crit = run_with_budget(sp.solve, sp.diff(B, eta), eta, step="solve")
    if len(crit) != 1:
        raise UndecidedError(f"expected one positive critical step, got {crit}")
    e_opt = _budgeted_simplify(crit[0])
    if not _budgeted_simplify(sp.diff(B, eta, 2).subs(eta, e_opt)).is_positive:
        raise UndecidedError("the critical step is not a minimum")
    value = _budgeted_simplify(B.subs(eta, e_opt))
    text = r * L * (1 + 1 / T) / (2 * sp.sqrt(T))
    holds = _budgeted_simplify(text - value) == 0
    return SGDStep(e_opt, value, text, bool(holds))


# ----------------------------------------------------------------------------- display (issue 16)
from .. import display as _display  # noqa: E402

_display.attach(SGDBound, "schedule", "bound", "order")
_display.attach(SGDStep, "eta", "bound", "text_bound_holds")
