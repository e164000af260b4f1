"""Exact number fields for series coefficients: ``QQ(alpha)`` at algebraic points, SymPy numbers elsewhere.

Zero tests here are exact or certified (interval enclosures excluding 0),
never a floating-point guess; private to :mod:`symopt.theory`.
"""

from __future__ import annotations

from typing import Any

import mpmath
import sympy as sp
from mpmath import iv

from ..limits import run_with_budget
from ..errors import BudgetExceeded, UndecidedError
from ..exact import interval as _interval
from ..exact.interval import precision
from ._common import _budgeted_simplify, _clip


class _AlgebraicField:
    """Exact arithmetic in ``QQ(alpha) = QQ[t]/(q)`` for an algebraic point ``alpha`` (``q`` its minimal polynomial).

    Elements are polynomials in ``t`` of degree < deg q with rational
    coefficients; zero-testing is exact (an element is 0 iff its reduced
    polynomial is), so no series, ``simplify`` or floating point decides an
    order.  Used for Newton at the critical points of polynomial objectives
    (``CRootOf`` or radicals).
    """
    def __init__(self, alpha: sp.Expr, q: sp.Poly):
        self.alpha = alpha
        self.q = q
        self.t = q.gens[0]

    @classmethod
    def of(cls, alpha: sp.Expr) -> "_AlgebraicField | None":
        if alpha.is_Rational or not alpha.is_number or alpha.has(sp.Float):
            return None
        t = sp.Dummy("t")
        try:
            if isinstance(alpha, sp.CRootOf) and alpha.is_real:
                q = sp.Poly(alpha.poly.as_expr().xreplace({alpha.poly.gen: t}), t)
                facs = [f for f, _ in q.factor_list()[1] if f.degree() >= 1]
                if len(facs) != 1:  # CRootOf keeps irreducible polynomials; anything else: be general
                    q = sp.Poly(run_with_budget(sp.minimal_polynomial, alpha, t, step="simplify"), t)
                else:
                    q = sp.Poly(facs[0].as_expr(), t)
            else:
                q = sp.Poly(run_with_budget(sp.minimal_polynomial, alpha, t, step="simplify"), t)
        except Exception:  # noqa: BLE001 - NotAlgebraic, PolynomialError, BudgetExceeded...: not a field we can use
            return None
        return cls(alpha, q)

    def of_poly(self, g: sp.Poly) -> sp.Poly:
        """``g(alpha)`` for ``g`` with rational coefficients, reduced."""
        return sp.rem(sp.Poly(g.as_expr().xreplace({g.gen: self.t}), self.t), self.q)

    def const(self, c: Any) -> sp.Poly:
        return sp.Poly(c, self.t)

    def div(self, a: sp.Poly, b: sp.Poly) -> sp.Poly:
        inv = sp.invert(b.as_expr(), self.q.as_expr(), self.t)
        return sp.rem(sp.Poly(sp.expand(a.as_expr() * inv), self.t), self.q)

    def mul(self, a: sp.Poly, b: sp.Poly) -> sp.Poly:
        return sp.rem(a * b, self.q)

    @staticmethod
    def is_zero(a: sp.Poly) -> bool:
        return a.is_zero

    def to_expr(self, a: sp.Poly) -> sp.Expr:
        return sp.expand(a.as_expr().xreplace({self.t: self.alpha}))

    def enclosure(self, a: sp.Poly) -> tuple[float, float] | None:
        """A rigorous interval around the element's value: Horner's scheme in mpmath interval
        arithmetic on a rational interval that contains ``alpha``."""

        try:
            if isinstance(self.alpha, sp.CRootOf):
                dx = sp.Rational(1, 10**40)
                mid = sp.Rational(self.alpha.eval_rational(dx=dx))
            else:
                mid = sp.Rational(str(sp.N(self.alpha, 60)))
                dx = sp.Rational(1, 10**50)  # 60 significant digits
            lo, hi = mid - dx, mid + dx

            with precision(200):
                A = iv.mpf([(iv.mpf(int(lo.p)) / int(lo.q)).a, (iv.mpf(int(hi.p)) / int(hi.q)).b])
                val = iv.mpf(0)
                for c in a.all_coeffs():
                    c = sp.Rational(c)
                    val = val * A + iv.mpf(int(c.p)) / int(c.q)
                return float(val.a), float(val.b)
        except Exception:  # noqa: BLE001 - an enclosure is optional evidence
            return None


class _ExprField:
    """Exact SymPy numbers; zero-testing by a rigorous interval that excludes 0, an exact
    simplification to 0 (both under budget), else undecided (:class:`UndecidedError`)."""

    alpha = None

    @staticmethod
    def const(c: Any) -> sp.Expr:
        return sp.sympify(c)

    @staticmethod
    def div(a: sp.Expr, b: sp.Expr) -> sp.Expr:
        return a / b

    @staticmethod
    def mul(a: sp.Expr, b: sp.Expr) -> sp.Expr:
        return a * b

    @staticmethod
    def is_zero(a: sp.Expr) -> bool:
        verdict = _zero_test(a)
        if verdict is None:
            raise UndecidedError(f"could not decide whether {_clip(a)} is 0")
        return verdict

    @staticmethod
    def to_expr(a: sp.Expr) -> sp.Expr:
        return a if a.is_Rational else _budgeted_simplify(a)

    @staticmethod
    def enclosure(a: sp.Expr) -> tuple[float, float] | None:
        return _enclose_number(a)


def _enclose_number(a: sp.Expr) -> tuple[float, float] | None:
    """A rigorous float interval around the constant ``a`` (symopt's interval arithmetic), or ``None``."""
    try:

        enc = run_with_budget(_interval.enclose, a, {}, step="interval")
        return float(_interval.lower(enc)), float(_interval.upper(enc))
    except Exception:  # noqa: BLE001 - no enclosure: the caller falls back
        return None


def _zero_test(a: Any) -> bool | None:
    """Exactly whether the constant ``a`` is 0: ``True``, ``False`` or ``None`` (undecided).

    Decided by SymPy's assumptions, a rigorous interval enclosure that excludes
    0, an exact simplification to 0, or (algebraic numbers) the minimal
    polynomial; each under a budget.
    """
    a = sp.sympify(a)
    if a.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return None
    if a.is_Rational:
        return a == 0
    if a.free_symbols:
        return None
    if a.is_zero is not None:
        return bool(a.is_zero)
    enc = _enclose_number(a)
    if enc is not None and (enc[0] > 0 or enc[1] < 0):
        return False
    try:
        if run_with_budget(lambda: _budgeted_simplify(a) == 0, step="simplify"):
            return True
    except (BudgetExceeded, TypeError, ValueError):
        pass
    if a.is_algebraic and not a.has(sp.Float):
        try:
            t = sp.Dummy("t")
            mp = sp.Poly(run_with_budget(sp.minimal_polynomial, a, t, step="simplify"), t)
            return mp.degree() == 1 and mp.nth(0) == 0
        except Exception:  # noqa: BLE001 - NotAlgebraic and friends: undecided
            return None
    return None


def certified_decimals(a: Any, digits: int = 15) -> str | None:
    """``a`` as decimals every one of which is certified: an interval enclosure (real roots ``CRootOf``
    isolated to 10^-40 first) whose two ends agree to those digits; ``None`` when no enclosure exists
    or ``a`` is rational (exact already)."""
    try:
        if isinstance(a, float):
            return None
        a = sp.sympify(a)
        if not a.is_number or a.is_Rational or a.has(sp.I, sp.Float):
            return None
        env = {}
        rep = {}
        for r in a.atoms(sp.CRootOf):
            if not r.is_real:
                return None
            d = sp.Dummy("r")
            mid = sp.Rational(r.eval_rational(dx=sp.Rational(1, 10**40)))
            eps = sp.Rational(1, 10**40)
            rep[r] = d
            env[d] = _interval.interval(mid - eps, mid + eps)
        with precision(200):
            enc = run_with_budget(_interval.enclose, a.xreplace(rep), env, 200, step="interval")
            lo, hi = _interval.lower(enc), _interval.upper(enc)
        if not (mpmath.isfinite(lo) and mpmath.isfinite(hi)):
            return None
        for n in range(digits, 2, -1):
            s_lo, s_hi = mpmath.nstr(lo, n, strip_zeros=False), mpmath.nstr(hi, n, strip_zeros=False)
            if s_lo == s_hi:
                return s_lo
        return None
    except Exception:  # noqa: BLE001 - decimals are a display aid; no enclosure, no decimals
        return None
