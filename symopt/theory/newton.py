"""Newton's method near a critical point: order and asymptotic constant, derived.

Newton's method ``x <- x - eta f'(x)/f''(x)`` near a critical point ``x*``:
:func:`newton_rate` expands the map's error ``E(e) = N(x* + e) - x*`` in a
series; its leading term ``c e^p`` gives the order ``p`` and constant ``|c|``
(``e_{k+1} ~ c e_k^p``).  D2L 10.3.3.2 / 11.3 write the bound with
``f'''/f'`` and call quadratic convergence "linear": the series gives
``c = f'''(x*) / (2 f''(x*))`` and order 2 (see the theory notebook).

``newton_rate`` is the local rate (``symopt.rates.newton`` is its old name);
:func:`symopt.optimizers.newton` runs the method.
"""

from __future__ import annotations

import math
import dataclasses
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import mpmath
import numpy as np
import sympy as sp

from .. import display
from ..limits import run_with_budget
from ..results import SearchStatus
from ..errors import BudgetExceeded, DomainError, ParameterError, UndecidedError
from ..exact.schur import constant_sign
from ..exact.signs import NONSMOOTH
from ..core.objective import Objective
from ..core.parse import as_expression, parse
from ._common import (_budgeted_simplify, _clip, _json_order, _critical_points, _fmt, _maybe_float, _min_eigenvalue_lower_bound,
                      _mp_callable, _observed_order, _symopt_errors_only)
from ._fields import _AlgebraicField, _ExprField, _zero_test, certified_decimals
from .fixed import certify_zero, certify_zeros, enclose_on, exact_point, exact_zero_in, numeric_point
from .multistep import fractional_denominator, puiseux_empirical, puiseux_order

__all__ = ["NewtonRate", "NewtonRates", "newton_rate", "newton_map", "empirical_order"]


@dataclass(frozen=True, repr=False)
class NewtonRate:
    """Local convergence of (damped) Newton's method at a critical point.

    ``|e_{k+1}| ~ constant * |e_k|^order`` as ``e_k -> 0``.

    Attributes:
        point: the critical point ``{x: x*}``.
        order: 1 (linear), 2 (quadratic), 3, ... or ``None`` (undecided).
        constant: the asymptotic constant (``|c|`` of the leading term ``c e^p``);
            for order 1 it is the linear rate, which must be < 1 to converge.
        signed_constant: ``c`` itself (1-D), e.g. ``f'''(x*) / (2 f''(x*))``.
        multiplicity: multiplicity of x* as a root of ``f'`` (1-D).
        eta: the step (1 = pure Newton).
        leading_term: the series' leading term in the error ``e``.
        converges: whether iterates started close enough converge.
        empirical_order: order estimated from mpmath iterates (``None`` if not run).
        empirical_constant: the constant estimated the same way.
        kind: the critical point's kind (``"minimum"``, ...).
        note: derivation and caveats.
    """
    point: dict
    order: int | None
    constant: Any
    signed_constant: Any = None
    multiplicity: int | None = None
    eta: Any = 1
    leading_term: Any = None
    converges: bool | None = None
    empirical_order: float | None = None
    empirical_constant: float | None = None
    kind: str = ""
    note: str = ""
    enclosure: Any = None

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        s = lambda v: None if v is None else str(v)  # noqa: E731
        return {
            "point": {k.name: str(v) for k, v in self.point.items()},
            "kind": self.kind,
            "order": _json_order(self.order),
            "order_float": _maybe_float(self.order),
            "constant": s(self.constant),
            "constant_float": _maybe_float(self.constant),
            "signed_constant": s(self.signed_constant),
            "multiplicity": self.multiplicity,
            "eta": str(self.eta),
            "leading_term": s(self.leading_term),
            "converges": self.converges,
            "empirical_order": self.empirical_order,
            "empirical_constant": self.empirical_constant,
            "note": self.note,
            "enclosure": None if self.enclosure is None else self.enclosure.to_dict(),
        }


    def __repr__(self) -> str:
        where = ", ".join(f"{k}={_clip(v, 30)}" for k, v in self.point.items())
        if self.order is None:
            return f"NewtonRate({where}: order undecided)"
        dec = None if isinstance(self.constant, sp.Float) else certified_decimals(self.constant, 12)
        return (f"NewtonRate({where}: order {self.order}, constant {_clip(self.constant, 40)}"
                + (f" = {dec}..." if dec else "") + ")")


@dataclass(frozen=True, eq=False, repr=False)
class NewtonRates(SearchStatus, Sequence):
    """Newton's local rates at every critical point found: a read-only sequence of
    :class:`NewtonRate` (index it, iterate it, ``len`` it, compare it with a list).

    Attributes:
        rates: one :class:`NewtonRate` per critical point.
        complete: whether the critical points are known to be all of them (from
            :meth:`~symopt.Objective.critical_points`; a theorem of the method
            that found them, never a guess).  For a non-polynomial objective
            that means all of them *in a box*: ``status`` says which.
        note: how the points were found.
        status_text: the critical-point list's status in words ("complete (certified)",
            "complete in [-10, 10]^2 (certified)", "incomplete: ...").
        status: ``"complete"`` or ``"incomplete"`` (the ``search`` kind of :mod:`symopt.results`).
    """
    rates: tuple = ()
    complete: bool = False
    note: str = ""
    status_text: str = ""

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return list(self.rates[i])
        return self.rates[i]

    def __len__(self) -> int:
        return len(self.rates)

    def __iter__(self):
        return iter(self.rates)

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, NewtonRates):
            return self.rates == other.rates
        if isinstance(other, (list, tuple)):
            return list(self.rates) == list(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.rates)

    def __repr__(self) -> str:
        inner = "; ".join(repr(r)[len("NewtonRate("):-1] for r in self.rates[:4])
        more = f"; ... {len(self.rates) - 4} more" if len(self.rates) > 4 else ""
        return f"NewtonRates({len(self.rates)} point{'s' if len(self.rates) != 1 else ''}: {inner}{more})"

    def _repr_html_(self) -> str:

        rows = [[r.point, r.kind, "undecided" if r.order is None else r.order, r.constant] for r in self.rates]
        notes = [self.note, self.status_text or ("complete: every critical point" if self.complete else "")]
        return display.html_table(["point", "kind", "order", "constant"], rows, title="Newton's local rates",
                                  notes=notes, math=True)

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {"points": [r.to_dict() for r in self.rates], "complete": self.complete, "status": self.status, "status_text": self.status_text,
                "note": self.note}


def newton_map(objective: Any, eta: Any = 1) -> sp.Expr | sp.Matrix:
    """The Newton map ``N(x) = x - eta f'(x)/f''(x)`` (``x - eta H^{-1} grad f`` in n-D).

    >>> newton_map("cosh(x/2)")
    x - 2*tanh(x/2)
    """
    # the user's plain symbols: the analyses need SymPy to know the variables are real
    obj = (objective if isinstance(objective, Objective) else Objective(objective)).with_real_symbols()
    e = as_expression(eta)
    if obj.n == 1:
        (x,) = obj.variables
        g = obj.gradient[0]
        return _budgeted_simplify(x - e * g / obj.hessian[0, 0])
    X = sp.Matrix(obj.variables)
    return X - e * obj.hessian.LUsolve(obj.gradient)


def _series_leading(expr: sp.Expr, e: sp.Symbol, max_order: int = 12) -> tuple[sp.Expr, int] | None:
    """Leading term ``c e^p`` of ``expr`` at ``e = 0`` (exact, under budget)."""
    for n in (4, 8, max_order):
        try:
            s = run_with_budget(lambda: sp.series(expr, e, 0, n).removeO(), step="series")
        except BudgetExceeded:
            return None
        s = sp.expand(s)
        if s == 0:
            continue
        poly = sp.Poly(s, e) if s.is_polynomial(e) else None
        if poly is None:
            return None
        for (p,), c in sorted(poly.terms(), key=lambda t: t[0][0]):
            c = sp.nsimplify(c) if c.is_Float else c
            try:
                cs = run_with_budget(sp.simplify, c, step="simplify")
            except BudgetExceeded:
                cs = c
            if cs != 0 and constant_sign(cs) != 0:
                return cs, p
    return None


def _multiplicity(g: sp.Expr, x: sp.Symbol, x0: sp.Expr, limit: int = 12) -> int | None:
    d = g
    for m in range(1, limit + 1):
        d = sp.diff(d, x)
        v = d.xreplace({x: x0})
        s = constant_sign(_budgeted_simplify(v))
        if s is None:
            return None
        if s != 0:
            return m
    return None


@_symopt_errors_only
def newton_rate(objective: Any, at: Any = None, eta: Any = 1, check: bool = True) -> NewtonRate | NewtonRates:
    """Order and asymptotic constant of Newton's method at critical points.

    One dimension: the error map ``E(e) = N(x* + e) - x*`` is expanded in a
    series; its leading term ``c e^p`` gives the order p and constant |c|.
    This yields, without case tables: order 2 with ``c = f'''/(2 f'')`` when
    ``f''(x*) != 0 != f'''(x*)``; order >= 3 when ``f'''(x*) = 0``; order 1 with
    rate ``1 - eta/m`` at a root of ``f'`` of multiplicity m (``(m-1)/m`` for
    eta = 1); ``|1 - eta|`` for damped Newton at a simple root.

    Several dimensions (``H(x*)`` invertible): the map's Jacobian at x* is
    ``(1 - eta) I``; for eta = 1 the error is ``e' = 1/2 H^{-1} D^3 f[e, e] + O(|e|^3)``,
    order 2 when that is non-zero, with constant ``max_{|u|=1} |1/2 H^{-1} D^3f[u,u]|``
    (estimated on sampled unit vectors: a lower estimate, labelled so).
    Local quadratic convergence needs x_0 close enough: with ``H`` M-Lipschitz
    and ``H(x*) >= mu I``, ``|x_0 - x*| < 2 mu / (3 M)`` suffices (Nesterov 2004, Thm 1.2.5).

    Args:
        objective: text or :class:`~symopt.Objective` (no unbound parameters).
        at: the critical point (``"x=0"``, dict, number), or decimals or intervals
            (``0.739``, ``"x = [0.73, 0.74]"``) for one without a closed form: a unique
            critical point is certified there (Krawczyk on the gradient); default: every
            critical point the objective finds, one result each.
        eta: step size (damped Newton).
        check: cross-check with the empirical order from mpmath iterates.

    Returns:
        One :class:`NewtonRate` for ``at``, else :class:`NewtonRates` (a sequence
        of them, one per critical point, that says whether the list is complete).

    Raises:
        DomainError: ``at`` is not a critical point.

    >>> r = newton_rate("cosh(x/2)", at="x=0", check=False)
    >>> r.order, r.constant
    (3, 1/12)
    >>> r = newton_rate("x**4", at=0, check=False)
    >>> r.order, r.constant, r.multiplicity
    (1, 2/3, 3)
    """
    # the user's plain symbols: the analyses need SymPy to know the variables are real
    obj = (objective if isinstance(objective, Objective) else Objective(objective)).with_real_symbols()
    if obj.params:
        raise ParameterError(f"bind the parameters {', '.join(p.name for p in obj.params)} first")
    e_step = as_expression(eta)
    if at is None:
        points = _critical_points(obj)
        rates = tuple(_newton_at(obj, cp.point, e_step, check, cp.kind) for cp in points)
        return NewtonRates(rates, bool(getattr(points, "complete", False)), str(getattr(points, "note", "")),
                           str(getattr(points, "status_text", "")))
    guess = numeric_point(at, obj.variables)  # decimals or intervals: certified (Krawczyk on the gradient)
    if guess is not None:
        exact = exact_point(guess)
        smooth = not obj.hessian.has(sp.DiracDelta, sp.Heaviside, sp.Piecewise, sp.sign)
        if exact is not None and smooth and all(_zero_test(g) is True for g in obj.gradient.xreplace(exact)):
            return _newton_at(obj, exact, e_step, check, "")  # the decimals are an exact critical point
        enc = None
        if exact is None or smooth:
            try:
                enc = certify_zeros(list(obj.gradient), obj.variables, [guess[v] for v in obj.variables])
            except DomainError:
                if exact is None:  # an interval: nothing certified in it
                    raise
        if enc is not None:
            closed = exact_zero_in(enc) if smooth else None
            if closed is None:
                return _newton_numeric(obj, dict(enc.value), e_step, check, "", enc)
            r = _newton_at(obj, closed, e_step, check, "")  # the certified critical point has a closed form
            return dataclasses.replace(r, enclosure=enc, note=f"certified critical point {enc.describe()} "
                                       f"(Krawczyk), exactly {_fmt(closed)} (the gradient vanishes there, and it is "
                                       f"the only one): {r.note}")
        r = _newton_numeric(obj, {v: sp.Float(g, 30) for v, g in guess.items()}, e_step, check, "")
        if any(abs(float(sp.N(r.point[v], 20)) - guess[v]) > 0.1 * max(1.0, abs(guess[v])) for v in obj.variables):
            raise DomainError(f"{', '.join(f'{v} = {guess[v]}' for v in obj.variables)} is not a critical point: "
                              f"the nearest zero of the gradient found from it is {_fmt(r.point)}")
        return r
    return _newton_at(obj, _as_point(obj, at), e_step, check, "")


def _as_point(obj: Any, at: Any) -> dict:
    if isinstance(at, (int, sp.Basic)) and not isinstance(at, sp.MatrixBase) and obj.n == 1:
        return {obj.variables[0]: as_expression(at)}
    if isinstance(at, str) and "=" not in at and obj.n == 1:
        return {obj.variables[0]: parse(at)}
    return obj.point(at)


def _newton_at(obj: Any, point: dict, eta: sp.Expr, check: bool, kind: str) -> NewtonRate:
    if any(isinstance(v, (float, sp.Float)) for v in point.values()):
        return _newton_numeric(obj, point, eta, check, kind)
    grad = obj.gradient.xreplace(point)
    for g in grad:
        s = constant_sign(_budgeted_simplify(g)) if g != 0 else 0
        if s is None:
            v = sp.N(g, 30)
            if not (v.is_Number and v.is_finite and abs(v) < 1e-20):
                raise UndecidedError(f"could not decide that the gradient vanishes at {point}")
        elif s != 0:
            v = sp.N(g, 30)
            if not (v.is_Number and v.is_finite and abs(v) < 1e-12 and any(isinstance(p, sp.Float) for p in point.values())):
                raise DomainError(f"{_fmt(point)} is not a critical point (gradient {grad.T})")
    if obj.n == 1:
        return _newton_1d(obj, point, eta, check, kind)
    return _newton_nd(obj, point, eta, kind)


def _taylor_coefficients(obj: Any, x0: sp.Expr, count: int) -> tuple[Any, list, list]:
    """``(field, g_k, h_k)``: Taylor coefficients of f' and f'' at ``x0`` in exact arithmetic
    (``g_k = f^(k+1)(x0)/k!``), up to ``k = count``."""
    (x,) = obj.variables
    g = obj.gradient[0]
    field = None
    if g.is_polynomial(x) and all(c.is_Rational for c in sp.Poly(g, x).coeffs()):
        field = _AlgebraicField.of(x0)
    gk: list = []
    if field is not None:
        d = sp.Poly(g, x)
        fact = 1
        for k in range(count + 2):
            gk.append(field.div(field.of_poly(d), field.const(fact)))
            d = d.diff(x)
            fact *= k + 1
    else:
        field = _ExprField()
        d = g
        fact = 1
        for k in range(count + 2):
            v = d.xreplace({x: x0})
            gk.append(v / fact)
            d = sp.diff(d, x)
            fact *= k + 1
    hk = [field.mul(field.const(k + 1), gk[k + 1]) for k in range(count + 1)]
    return field, gk, hk


def _newton_1d(obj: Any, point: dict, eta: sp.Expr, check: bool, kind: str) -> NewtonRate:
    """Newton in one dimension from the power series of f' and f'' at x* (exact arithmetic).

    With ``f'(x* + e) = sum g_k e^k`` (``g_0 = 0``; ``m`` the first index with
    ``g_m != 0``, the multiplicity of x* as a root of f') and
    ``f''(x* + e) = sum (k+1) g_{k+1} e^k``, the quotient is
    ``f'/f'' = e Q(e)`` with ``Q_0 = 1/m`` and ``Q_k`` by series division, so the
    error map is ``E(e) = (1 - eta/m) e - eta sum_{k>=1} Q_k e^(k+1)``.  Its first
    non-zero coefficient gives the order and constant.  At algebraic points of
    polynomial objectives every coefficient is an element of ``QQ(x*)`` and every
    zero test is exact; elsewhere zero tests are certified (interval enclosure
    excluding 0, or exact simplification to 0) or the order is undecided.
    """
    (x,) = obj.variables
    x0 = point[x]
    g = obj.gradient[0]
    h = obj.hessian[0, 0]
    e = sp.Symbol("e", real=True)
    if g == 0 or h == 0:
        return NewtonRate(point, None, None, None, None, eta, None, None, kind=kind,
                          note="f'' vanishes identically: the Newton step f'/f'' is 0/0, not defined")
    if obj.expr.has(*NONSMOOTH) or g.has(*NONSMOOTH):
        return _newton_1d_series(obj, point, eta, check, kind)
    q = fractional_denominator(g, x, x0)
    if q > 1 and not sp.sympify(eta).free_symbols:  # x^(1/3) and the like: a Puiseux expansion of the map
        return _newton_puiseux(obj, point, eta, check, kind, q)
    K = 12
    try:
        field, gk, hk = run_with_budget(_taylor_coefficients, obj, x0, K, step="taylor")
        if any(v.has(sp.nan, sp.zoo, sp.oo, -sp.oo) for v in gk if isinstance(v, sp.Basic)):
            return _newton_1d_series(obj, point, eta, check, kind)
        zero = field.is_zero
        if not zero(gk[0]):
            raise DomainError(f"{_fmt(point)} is not a critical point (f' = {_clip(field.to_expr(gk[0]))})")
        m = next((k for k in range(1, K + 1) if not zero(gk[k])), None)
        if m is None:
            return NewtonRate(point, None, None, None, None, eta, None, None, kind=kind,
                              note=f"f' vanishes to order > {K} at x*: order not derived")
        Gp = gk[m:]
        Hp = hk[m - 1:]
        n_terms = min(len(Gp), len(Hp))
        Q = [field.div(Gp[0], Hp[0])]
        for k in range(1, n_terms):
            acc = Gp[k]
            for j in range(1, k + 1):
                acc = acc - field.mul(Hp[j], Q[k - j])
            Q.append(field.div(acc, Hp[0]))
    except BudgetExceeded:
        return _newton_1d_series(obj, point, eta, check, kind)
    except UndecidedError as exc:
        return NewtonRate(point, None, None, None, None, eta, None, None, kind=kind,
                          note=f"order undecided: {exc}")
    first = 1 - eta / m
    if sp.sympify(eta).free_symbols:
        const = sp.Abs(first)
        return NewtonRate(point, 1, const, first, m, eta, first * e, None, kind=kind,
                          note=f"symbolic step: linear with rate |1 - eta/{m}| for eta != {m} (x* a root of f' of "
                               f"multiplicity {m}); it converges for 0 < eta < {2 * m}; at eta = {m} the order is "
                               "higher (pass that value)")
    if _zero_test(first) is False:
        const = sp.Abs(first)
        s1 = constant_sign(const - 1)
        converges = None if s1 is None else s1 < 0
        note = (f"x* is a root of f' of multiplicity {m}: linear with rate |1 - eta/m| = {const}" if m > 1
                else f"damped Newton: linear with rate |1 - eta| = {const}")
        return _with_check(obj, point, eta, check, kind, 1, const, first, m, first * e, converges, note)
    for k in range(1, len(Q)):
        try:
            if field.is_zero(Q[k]):
                continue
        except UndecidedError as exc:
            return NewtonRate(point, None, None, None, m, eta, None, None, kind=kind,
                              note=f"order undecided: {exc}")
        c = -eta * field.to_expr(Q[k])
        p = k + 1
        const = c if constant_sign(c) == 1 else -c if constant_sign(c) == -1 else sp.Abs(c)
        note = "exact arithmetic in QQ(x*) (x* algebraic); " if isinstance(field, _AlgebraicField) else ""
        if p == 2 and m == 1:
            note += "f''(x*) != 0: quadratic, c = f'''(x*)/(2 f''(x*))"
        elif m == 1:
            note += f"f''(x*) != 0, f'''(x*) = 0: order {p} (series of the Newton map)"
        else:
            note += f"x* a root of f' of multiplicity {m} and step eta = {m}: order {p} (series of the Newton map)"
        enc = field.enclosure(Q[k])
        if enc is not None and not isinstance(c, sp.Rational):
            ae = float(abs(eta))
            lo, hi = sorted((abs(enc[0]) * ae, abs(enc[1]) * ae))
            if enc[0] <= 0 <= enc[1]:
                lo = 0.0
            note += f"; certified enclosure of the constant: [{lo:.17g}, {hi:.17g}]"
        return _with_check(obj, point, eta, check, kind, p, const, c, m, c * e**p, True, note)
    try:  # f'/f'' = (x - x*)/eta exactly: the map is x* near x*
        exact = run_with_budget(lambda: sp.cancel(sp.together(eta * g - (x - x0) * h)), step="simplify") == 0
    except (BudgetExceeded, sp.PolynomialError, TypeError, ValueError):
        exact = False
    if exact:
        return NewtonRate(point, None, sp.Integer(0), sp.Integer(0), m, eta, sp.Integer(0), True, kind=kind,
                          note="f'/f'' = (x - x*)/eta exactly" + (" (f is quadratic)" if eta == 1 else "")
                               + ": the Newton map sends every nearby point to x* in one step")
    return NewtonRate(point, None, sp.Integer(0), sp.Integer(0), m, eta, sp.Integer(0), True, kind=kind,
                      note=f"every series coefficient up to e^{len(Q)} vanishes: the Newton map's order exceeds the "
                           "terms computed, or the map is x* near x* (when f'/f'' = (x - x*)/eta exactly"
                           + (", as for a quadratic f)" if eta == 1 else ")"))


def _newton_puiseux(obj: Any, point: dict, eta: sp.Expr, check: bool, kind: str, q: int) -> NewtonRate:
    """Newton's map ``x - eta f'/f''`` expanded in ``s = (x - x*)^(1/q)`` for ``x > x*`` (:mod:`.multistep`)."""
    (x,) = obj.variables
    x0 = point[x]
    N = x - eta * obj.gradient[0] / obj.hessian[0, 0]
    e = sp.Symbol("e", positive=True)
    try:
        r = run_with_budget(puiseux_order, N, x, x0, q, step="taylor")
    except (UndecidedError, BudgetExceeded) as exc:
        return NewtonRate(point, None, None, None, None, eta, None, None, kind=kind,
                          note=f"Puiseux expansion of the Newton map: order undecided ({exc})")
    emp = puiseux_empirical(N, x, x0, r["order"]) if check else None
    p, const = r["order"], r["constant"]
    converges = True if p > 1 else (None if constant_sign(const - 1) in (None, 0) else constant_sign(const - 1) < 0)
    return NewtonRate(point, p, const, r["c"], None, eta, r["c"] * e ** p, converges,
                      None if emp is None else emp[0], None if emp is None else emp[1], kind, r["note"])


def _with_check(obj: Any, point: dict, eta: Any, check: bool, kind: str, p: int, const: Any, c: Any, m: Any,
                lead: Any, converges: Any, note: str) -> NewtonRate:
    emp_p = emp_c = None
    if check and not sp.sympify(eta).free_symbols:
        try:
            emp = empirical_order(obj, point, eta, order_hint=p, dps=200 if p <= 2 else 400)
        except (ValueError, TypeError, ZeroDivisionError, ArithmeticError, NameError):
            emp = None
        if emp is not None:
            emp_p, emp_c = emp
    return NewtonRate(point, int(p), const, c, m, eta, lead, converges, emp_p, emp_c, kind, note)


def _newton_1d_series(obj: Any, point: dict, eta: sp.Expr, check: bool, kind: str) -> NewtonRate:
    """The series route (non-smooth objectives, or when the exact Taylor route runs out of budget)."""
    (x,) = obj.variables
    x0 = point[x]
    g = obj.gradient[0]
    e = sp.Symbol("e", real=True)
    h = obj.hessian[0, 0]
    m = _multiplicity(g, x, x0)
    E = (e - eta * g / h).xreplace({x: x0 + e})
    try:
        exact = run_with_budget(lambda: _budgeted_simplify(sp.cancel(E)), step="simplify") == 0
    except BudgetExceeded:
        exact = False
    if exact:
        return NewtonRate(point, None, sp.Integer(0), sp.Integer(0), m, eta, sp.Integer(0), True, kind=kind,
                          note="the Newton map sends every nearby point to x* in one step (f'/f'' = "
                               + ("x - x*: f is quadratic near x*)" if eta == 1 else "(x - x*)/eta there)"))
    lead = _series_leading(E, e)
    if lead is None:
        return NewtonRate(point, None, None, None, m, eta, None, None, kind=kind,
                          note="the series of the Newton map could not be computed within budget")
    c, p = lead
    const = _budgeted_simplify(sp.Abs(c))
    if p == 1:
        converges = constant_sign(const - 1) == -1 if constant_sign(const - 1) is not None else None
    else:
        converges = True
    if p >= 2 and m == 1 and eta == 1:
        note = "f''(x*) != 0: " + ("quadratic, c = f'''(x*)/(2 f''(x*))" if p == 2
                                  else f"f'''(x*) = 0, so order {p} (series of the Newton map)")
    elif p == 1 and m and m > 1:
        note = f"x* is a root of f' of multiplicity {m}: linear with rate |1 - eta/m| = {const}"
    elif p == 1 and m == 1:
        note = f"damped Newton: linear with rate |1 - eta| = {const}"
    elif p == 1:
        note = f"linear with rate {const} (leading term of the Newton map's series)"
    else:
        note = f"leading term of the Newton map's error: {c}*e**{p}"
    return _with_check(obj, point, eta, check, kind, p, const, c, m, c * e**p, converges, note)


def _newton_numeric(obj: Any, point: dict, eta: sp.Expr, check: bool, kind: str, enc: Any = None) -> NewtonRate:
    """Newton at a numerically found critical point: refine it at 60 digits, then read
    the order from derivative values (decided only when they are clearly non-zero).
    ``enc``: the critical point's certified enclosure, when the caller has it."""

    if obj.n != 1:
        try:  # certify the critical point (Krawczyk on the gradient), then the n-D analysis at 50 digits
            enc = enc or certify_zeros(list(obj.gradient), obj.variables, [float(point[v]) for v in obj.variables])
        except DomainError:
            return NewtonRate(point, None, None, kind=kind, eta=eta,
                              note="numeric critical point in several dimensions that could not be certified: "
                                   "order not derived")
        r = _newton_nd(obj, dict(enc.value), eta, kind)
        return NewtonRate(r.point, r.order, r.constant, r.signed_constant, r.multiplicity, r.eta, r.leading_term,
                          r.converges, r.empirical_order, r.empirical_constant, r.kind,
                          f"certified critical point {enc.describe()} (Krawczyk: exactly one there), refined to "
                          f"50 digits; at it: {r.note}", enc)
    (x,) = obj.variables
    third = sp.diff(obj.hessian[0, 0], x)
    if third.has(sp.DiracDelta, sp.Heaviside, sp.Piecewise, sp.sign):
        return NewtonRate(point, None, None, kind=kind, eta=eta,
                          note="f is not three times differentiable (a kink or jump in its derivatives): "
                               "order not derived at a numeric critical point")
    try:  # a unique critical point certified near the given number (Krawczyk on f')
        enc = enc or certify_zero(obj.gradient[0], x, float(point[x]))
    except DomainError:
        enc = None
    cert = ""
    if enc is not None:
        d2, d3 = enclose_on(obj.hessian[0, 0], enc), enclose_on(third, enc)
        cert = f"; certified critical point {enc.describe()} (Krawczyk: exactly one there)"
        if d2 is not None and d3 is not None and not d2[0] <= 0 <= d2[1] and not d3[0] <= 0 <= d3[1]:
            cert += (f", the second derivative in [{d2[0]:.17g}, {d2[1]:.17g}] and the third in "
                     f"[{d3[0]:.17g}, {d3[1]:.17g}] exclude 0 there")
    g = _mp_callable(x, obj.gradient[0])
    h = _mp_callable(x, obj.hessian[0, 0])
    t = _mp_callable(x, third)
    with mpmath.workdps(60):
        try:
            xs = mpmath.findroot(g, mpmath.mpf(float(point[x])))
            gv, hv, tv = g(xs), h(xs), t(xs)
        except (ValueError, ZeroDivisionError, TypeError, NameError):
            return NewtonRate(point, None, None, kind=kind, eta=eta, note="could not refine the numeric critical point")
        refined = {x: sp.Float(mpmath.nstr(xs, 50), 50)}
        if abs(gv) > mpmath.mpf(10) ** -30:
            raise DomainError(f"{_fmt(point)} is not a critical point")
        if abs(hv) < mpmath.mpf(10) ** -20:
            return NewtonRate(refined, None, None, kind=kind, eta=eta,
                              note="the second derivative is numerically 0: the order cannot be decided from numbers")
        if eta != 1:
            rate = sp.Abs(1 - eta)
            return NewtonRate(refined, 1, rate, 1 - eta, 1, eta, None, constant_sign(rate - 1) == -1, kind=kind,
                              note="damped Newton at a numeric critical point: linear with rate |1 - eta|")
        if abs(tv) < mpmath.mpf(10) ** -20:
            return NewtonRate(refined, None, None, None, 1, eta, None, True, kind=kind,
                              note="the third derivative is numerically 0: order >= 3, not decided from numbers")
        c_f = sp.Float(mpmath.nstr(tv / (2 * hv), 30), 30)
    emp_p = emp_c = None
    if check:
        emp = empirical_order(obj, refined, eta, order_hint=2, dps=120)
        if emp is not None:
            emp_p, emp_c = emp
    e = sp.Symbol("e", real=True)
    return NewtonRate(refined, 2, abs(c_f), c_f, 1, eta, c_f * e**2, True, emp_p, emp_c, kind,
                      "numeric critical point (refined to 60 digits): quadratic, c = f3(x*)/(2 f2(x*))" + cert, enc)


def _newton_nd(obj: Any, point: dict, eta: sp.Expr, kind: str) -> NewtonRate:

    H = obj.hessian.xreplace(point)
    det = run_with_budget(H.det, step="eigen")
    if det == 0 or _zero_test(det) is True:
        return NewtonRate(point, None, None, None, None, eta, None, None, kind=kind,
                          note="the Hessian is singular at x*: the Newton map is not defined there (order undecided)")
    n = obj.n
    if eta != 1:
        rate = sp.Abs(1 - eta)
        return NewtonRate(point, 1, rate, 1 - eta, None, eta, None, constant_sign(rate - 1) == -1, kind=kind,
                          note="Jacobian of the damped Newton map at x* is (1 - eta) I")
    us = sp.symbols(f"u1:{n + 1}", real=True)
    Hinv = H.inv()
    T = [[[sp.diff(obj.hessian[i, j], obj.variables[k]).xreplace(point) for k in range(n)]
          for j in range(n)] for i in range(n)]
    vec = sp.Matrix([sum(T[i][j][k] * us[j] * us[k] for j in range(n) for k in range(n)) for i in range(n)])
    second = (Hinv * vec / 2).applyfunc(sp.expand)
    xs_ = obj.variables
    if all(c == 0 for c in second) and obj.expr.is_polynomial(*xs_) and sp.Poly(obj.expr, *xs_).total_degree() <= 2:
        return NewtonRate(point, None, sp.Integer(0), sp.Integer(0), None, eta, sp.Integer(0), True, kind=kind,
                          note="f is quadratic: the Newton map sends every point to x* in one step")
    if all(c == 0 for c in second):
        return _newton_nd_cubic(obj, point, H, Hinv, us, kind)
    C = _sampled_max_norm(second, us)
    upper = _newton_constant_upper_bound(H, T)
    try:
        definite = _min_eigenvalue_lower_bound(H.applyfunc(lambda v: sp.N(v, 40))) > 0
    except (TypeError, ValueError):
        definite = False
    local = (". Quadratic convergence is local: H(x*) >= mu I with mu > 0 here, so |x_0 - x*| < 2 mu/(3 M) "
             "suffices for H M-Lipschitz (Nesterov 2004, Thm 1.2.5; newton_region certifies such a ball)"
             if definite else ". Quadratic convergence holds from starts close enough to x* (H(x*) is invertible)")
    bound = "" if upper is None else f"; certified upper bound {upper:.6g} = ||H^-1||_2 ||D^3f||_F / 2"
    return NewtonRate(point, 2, C, None, None, eta, tuple(second), True, kind=kind,
                      note="quadratic: e' = 1/2 H^{-1} D^3 f[e, e]; constant = max over the axes, their "
                           "diagonals and 4000 sampled unit directions (an estimate from below)" + bound + local)


def _sampled_max_norm(components: Any, us: tuple) -> float:
    """``max ||v(u)||`` over the axes, their diagonals and 4000 sampled unit vectors ``u`` (an estimate from below)."""
    n = len(us)
    numeric = [c.xreplace({a: sp.Float(sp.N(a, 30), 30) for a in c.atoms(sp.CRootOf)}) for c in components]
    f = sp.lambdify(us, numeric, modules="numpy", dummify=True)
    rng = np.random.default_rng(0)
    eye = np.eye(n)
    pairs = [(eye[i] + s * eye[j]) / np.sqrt(2) for i in range(n) for j in range(i + 1, n) for s in (1, -1)]
    U = np.vstack([eye, *(pairs or [eye[:0]]), rng.normal(size=(4000, n))])
    U /= np.linalg.norm(U, axis=1, keepdims=True)
    # a component that is identically 0 comes back from lambdify as the scalar 0: broadcast each one
    vals = np.stack([np.broadcast_to(np.asarray(c, dtype=float), (U.shape[0],)) for c in f(*U.T)])
    return float(np.max(np.linalg.norm(vals, axis=0)))


def _newton_nd_cubic(obj: Any, point: dict, H: sp.Matrix, Hinv: sp.Matrix, us: tuple, kind: str) -> NewtonRate:
    """Third derivatives 0 at x*: with ``Q = D^4 f(x*)``, ``g(x* + e) = H e + Q[e,e,e]/6 + O(e^4)`` and
    ``H(x* + e)^-1 = H^-1 - H^-1 Q[e,e] H^-1/2 + O(e^3)``, so ``e' = H^-1 Q[e,e,e]/3 + O(e^4)``: cubic
    where that map is not 0 (in one dimension f4/(3 f2), as the series gives)."""
    n, xs = obj.n, obj.variables
    Q = [[[[sp.diff(obj.hessian[i, j], xs[k], xs[m]).xreplace(point) for m in range(n)] for k in range(n)]
          for j in range(n)] for i in range(n)]
    vec = sp.Matrix([sum(Q[i][j][k][m] * us[j] * us[k] * us[m] for j in range(n) for k in range(n) for m in range(n))
                     for i in range(n)])
    third = (Hinv * vec / 3).applyfunc(sp.expand)
    coeffs = [k for c in third if c != 0 for k in sp.Poly(c, *us).coeffs()]
    zero = [_zero_test(k) for k in coeffs]
    if None in zero:
        return NewtonRate(point, None, None, None, None, 1, None, True, kind=kind,
                          note="third derivatives vanish at x*; whether H^-1 D^4 f[e, e, e] is 0 was not decided")
    if all(zero):
        return NewtonRate(point, None, None, None, None, 1, None, True, kind=kind,
                          note="third and fourth derivatives vanish at x*: order >= 4 (not derived in several "
                               "dimensions)")
    C = _sampled_max_norm(third, us)
    flat = [[[Q[i][j][k][m] for k in range(n) for m in range(n)] for j in range(n)] for i in range(n)]
    upper = _newton_constant_upper_bound(H, flat)
    bound = "" if upper is None else f"; certified upper bound {upper * 2 / 3:.6g} = ||H^-1||_2 ||D^4f||_F / 3"
    return NewtonRate(point, 3, C, None, None, 1, tuple(third), True, kind=kind,
                      note="third derivatives vanish at x*: cubic, e' = 1/3 H^{-1} D^4 f[e, e, e] + O(|e|^4); "
                           "constant = max over the axes, their diagonals and 4000 sampled unit directions (an "
                           "estimate from below)" + bound + ". Cubic convergence holds from starts close enough to "
                           "x* (H(x*) is invertible)")


def _newton_constant_upper_bound(H: sp.Matrix, T: list) -> float | None:
    """``||H^-1||_2 ||T||_F / 2`` rounded up: ``|1/2 H^-1 T[u, u]| <= ||H^-1|| ||T[u, u]|| <= ||H^-1|| ||T||_F``
    for a unit ``u``; ``||H^-1||_2 = 1/sqrt(lambda_min(H^2))`` with a rigorous lower bound on that eigenvalue."""

    try:
        Hn = H.applyfunc(lambda e: sp.N(e, 40))
        lam = _min_eigenvalue_lower_bound((Hn * Hn).applyfunc(lambda e: sp.N(e, 40)))
        if not lam > 0:
            return None
        with mpmath.workprec(120):
            fro = mpmath.sqrt(sum(mpmath.mpmathify(sp.N(t, 40)) ** 2 for row in T for col in row for t in col))
            val = fro / (2 * mpmath.sqrt(mpmath.mpf(lam)))
            out = float(val)
            return math.nextafter(out, math.inf) if mpmath.mpf(out) < val else out
    except (TypeError, ValueError, ArithmeticError):
        return None


def empirical_order(objective: Any, point: dict, eta: Any = 1, order_hint: int | None = None,
                    start: float | None = None, dps: int = 400) -> tuple[float, float] | None:
    """Order and constant estimated from Newton iterates at high precision (mpmath).

    Iterates ``x <- x - eta f'/f''`` from ``x* + start`` at ``dps`` digits and
    estimates ``p ~ log(e_{k+1}/e_k) / log(e_k/e_{k-1})`` from the last three
    errors above the noise floor, and ``C ~ e_{k+1} / e_k^p`` with the rounded p.

    Returns:
        ``(order, constant)`` or ``None`` (too few usable iterates).
    """


    # the user's plain symbols: the analyses need SymPy to know the variables are real
    obj = (objective if isinstance(objective, Objective) else Objective(objective)).with_real_symbols()
    (x,) = obj.variables
    x0 = point[x]
    g = _mp_callable(x, obj.gradient[0])
    h = _mp_callable(x, obj.hessian[0, 0])
    with mpmath.workdps(dps):
        if not x0.is_number:
            return None
        xs = mpmath.mpf(sp.N(x0, dps + 10))
        if x0.has(sp.Float):
            try:
                xs = mpmath.findroot(g, xs, tol=mpmath.mpf(10) ** (-dps + 10))
            except (ValueError, ZeroDivisionError):
                return None
        step = mpmath.mpf(sp.N(as_expression(eta), dps))
        linear = order_hint == 1
        e0 = mpmath.mpf(start) if start is not None else (mpmath.mpf("1e-1") if linear else mpmath.mpf("1e-2"))
        cur = xs + e0
        errs = [abs(cur - xs)]
        floor = mpmath.mpf(10) ** (-(dps // 2))
        for _ in range(60 if linear else 30):
            try:
                hv = h(cur)
                if hv == 0:
                    break
                cur = cur - step * g(cur) / hv
            except (ValueError, ZeroDivisionError, TypeError):  # an iterate at a kink: no value there
                break
            err = abs(cur - xs)
            if err < floor or err == 0:
                break
            errs.append(err)
        return _observed_order(errs)


# ----------------------------------------------------------------------------- display (issue 16)
from .. import display as _display  # noqa: E402

NewtonRate._repr_html_ = lambda self: _display.record_html(self, "point", "kind", "order", "constant", "eta",  # type: ignore[attr-defined]
                                                            "multiplicity", "converges", "empirical_order",
                                                            "empirical_constant", "note")
