"""Evidence for critical points of gradients that reduce to a polynomial system, and its checker.

An evidence module (imports only ``symopt.core``, ``symopt.exact``, floor 0 and the other
evidence modules).  See :mod:`symopt.critical.reduced` for the mathematics.  The checker
re-derives: each gradient entry times its denominator equals its unit times its numerator
(``g_i d_i = u_i P_i``, exact), each unit is a product of non-zero rationals and exponentials
of real polynomials (never zero), the numerators' real zeros are the listed points plus the
excluded ones (the inner certificate: shape lemma and count, or the gcd components), every
listed point has non-zero denominators (exact at rational points, else an interval
evaluation over its enclosure), every excluded one an exactly vanishing denominator, and the
kinds re-derive.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import sympy as sp

from ..core.points import CriticalPoints, exact_sign
from ..exact.interval import enclosure, lower_rational, precision, rational_interval, upper_rational
from .check import CheckResult, check_kinds, failed, rationalize, run_check
from .check_algebraic import AlgebraicCertificate
from .check_attainment import check_lower_bound

__all__ = ["RationalMinimumEvidence", "ReducedGradientCertificate", "rational_parts", "denominator_sign", "never_zero", "split_entry"]


def _polynomial(e: sp.Expr, variables: Sequence[sp.Symbol]) -> bool:
    if e.free_symbols - set(variables) or not e.is_polynomial(*variables):
        return False
    try:
        sp.Poly(e, *variables, domain=sp.QQ)
    except (sp.PolynomialError, sp.polys.polyerrors.CoercionFailed):
        return False
    return True


def never_zero(u: sp.Expr, variables: Sequence[sp.Symbol]) -> bool:
    """``u`` is a product of non-zero rationals and ``exp`` of real polynomials (integer powers
    of such allowed): it vanishes nowhere on ``R^n``."""
    for fac in sp.Mul.make_args(u):
        if fac.is_Rational:
            if fac == 0:
                return False
            continue
        if fac.is_Pow and fac.exp.is_Integer:
            fac = fac.base
        if isinstance(fac, sp.exp) and _polynomial(fac.args[0], variables):
            continue
        return False
    return True


def split_entry(g: sp.Expr, variables: Sequence[sp.Symbol]) -> tuple | None:
    """``(u, P, d)`` with ``g = u P / d``: ``u`` the factors that never vanish, ``P`` and ``d``
    polynomials over Q; ``None`` when a factor is neither."""
    if g == 0:
        return sp.Integer(1), sp.Integer(0), sp.Integer(1)
    num, den = sp.fraction(sp.factor_terms(sp.together(g)))
    unit, P, D = sp.Integer(1), sp.Integer(1), sp.Integer(1)
    for part, sign in ((num, 1), (den, -1)):
        for fac in sp.Mul.make_args(part):
            if never_zero(fac, variables):
                unit = unit * fac**sign
            elif _polynomial(fac, variables):
                if sign == 1:
                    P = P * fac
                else:
                    D = D * fac
            else:
                return None
    return unit, sp.expand(P), sp.expand(D)


def denominator_sign(d: sp.Expr, variables: Sequence[sp.Symbol], cp: Any) -> int | None:
    """The sign of ``d`` at a listed point: exact at a rational point or when exact arithmetic
    decides, else from an interval evaluation over the point's enclosure; ``None`` if undecided."""
    if d.is_number:
        return 0 if d == 0 else (1 if d > 0 else -1)
    if all(getattr(v, "is_Rational", False) for v in cp.point.values()):
        value = d.xreplace(cp.point)
        return 0 if value == 0 else (1 if value > 0 else -1)
    if cp.enclosure is not None:
        with precision(200):
            env = {v: rational_interval(lo, hi) for v, (lo, hi) in zip(variables, cp.enclosure)}
            val = enclosure(d, env)
        if lower_rational(val) > 0:
            return 1
        if upper_rational(val) < 0:
            return -1
    return exact_sign(d.xreplace(cp.point))


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    diff = sp.expand(sp.powsimp(sp.expand(a - b)))
    return diff == 0 or sp.simplify(diff) == 0


@dataclass(frozen=True)
class ReducedGradientCertificate:
    """Evidence that the listed points are every critical point on ``f``'s domain.

    Attributes:
        variables: the variables.
        units, system, denominators: ``u_i``, ``P_i``, ``d_i`` with ``df/dx_i = u_i P_i / d_i``.
        inner: the certificate of the real zeros of ``P`` (an
            :class:`~symopt.critical.check_algebraic.AlgebraicCertificate`, or a
            :class:`~symopt.critical.check_components.GcdComponentsCertificate` with components).
        excluded: real zeros of ``P`` where a denominator vanishes (not points of the domain).
    """

    variables: tuple
    units: tuple
    system: tuple
    denominators: tuple
    inner: Any
    excluded: tuple = ()

    def __repr__(self) -> str:
        return f"ReducedGradientCertificate(numerators {list(self.system)}; {self.inner!r})"

    def verify_points(self, points: CriticalPoints) -> CheckResult:
        """Re-derive every claim (see the module docstring)."""
        obj = points.objective
        variables = tuple(self.variables)
        if tuple(obj.variables) != variables:
            return failed("the certificate is for other variables")
        result = run_check(_check_split, self, [rationalize(g) for g in obj.gradient], points.components,
                           reason="the gradient is not units times the numerators over the denominators")
        if not result:
            return result
        listed = [cp for cp in points if cp.enclosure is not None]
        if len(listed) != len(points) - points.extra:
            return failed("a listed point has no enclosure")
        everything = listed + list(self.excluded)
        if hasattr(self.inner, "check_system"):
            result = self.inner.check_system(list(self.system), None, points.components, everything)
        elif isinstance(self.inner, AlgebraicCertificate) and not points.components:
            nonzero = [p for p in self.system if p != 0]
            if len(nonzero) != len(self.inner.equations) or any(sp.expand(p - e) != 0
                                                                  for p, e in zip(nonzero, self.inner.equations)):
                return failed("the inner certificate is not for the numerators")
            result = self.inner.check(everything)
        else:
            return failed("no certificate for the numerators")
        if not result:
            return result
        result = run_check(_check_domain, self, listed, reason="a listed point is a pole, or an excluded one is not")
        if not result:
            return result
        return run_check(check_kinds, obj, listed, reason="a kind does not re-derive")


def _check_split(cert: ReducedGradientCertificate, gradient: list, components: Sequence) -> bool:
    variables = tuple(cert.variables)
    if not (len(gradient) == len(cert.units) == len(cert.system) == len(cert.denominators)):
        return False
    for g, u, p, d in zip(gradient, cert.units, cert.system, cert.denominators):
        if not (never_zero(u, variables) and _polynomial(p, variables) and _polynomial(d, variables)) or d == 0:
            return False
        if not _same(g * d, u * p):
            return False
    if components and any(not d.is_number for d in cert.denominators):
        return False
    return True


def _check_domain(cert: ReducedGradientCertificate, listed: list) -> bool:
    variables = tuple(cert.variables)
    for cp in listed:
        if any(denominator_sign(d, variables, cp) in (0, None) for d in cert.denominators):
            return False
    for cp in cert.excluded:
        if not any(exact_sign(d.xreplace(cp.point)) == 0 for d in cert.denominators):
            return False
    return True


def rational_parts(f: sp.Expr, variables: Sequence[sp.Symbol]) -> tuple | None:
    """``(p, q)`` polynomials over Q with ``f = p / q`` (``q`` not constant), or ``None``."""
    p, q = sp.fraction(sp.together(f))
    if not (_polynomial(p, variables) and _polynomial(q, variables)) or q.is_number:
        return None
    return sp.expand(p), sp.expand(q)


@dataclass(frozen=True)
class RationalMinimumEvidence:
    """Evidence for ``min f = L`` of a rational ``f`` (:mod:`symopt.critical.rational_minimum`).

    Attributes:
        points: the complete critical points (their own certificate).
        denominator, numerator: lower-bound trees for ``D`` (value ``> 0``) and ``N`` (value
            ``>= 0``) with ``f - L = N / D``.
        value: ``L``.
    """

    points: CriticalPoints
    denominator: Any
    numerator: Any
    value: Any

    def check(self, gm: Any) -> CheckResult | bool:
        """Re-derive: the points re-check, ``f - L = N/D`` (exact), both trees, and ``L`` is ``f``
        at every listed minimiser (listed critical points); ``lower = upper = L``."""
        from_points = self.points.check()
        if not from_points:
            return from_points
        return run_check(_check_rational_minimum, self, gm, reason="the rational lower bound does not re-check")


def _check_rational_minimum(ev: RationalMinimumEvidence, gm: Any) -> bool:
    obj = ev.points.objective
    variables = tuple(obj.variables)
    f = rationalize(obj.expr)
    L = ev.value
    if rational_parts(f, variables) is None or not (gm.lower == gm.upper == L):
        return False
    N, D = ev.numerator.expr, ev.denominator.expr
    if not (ev.denominator.value > 0 and ev.numerator.value >= 0):
        return False
    if sp.cancel(sp.together(f - L - N / D)) != 0:
        return False
    if not (check_lower_bound(ev.denominator) and check_lower_bound(ev.numerator)):
        return False
    listed = [dict(cp.point) for cp in ev.points]
    return bool(gm.minimisers) and all(m in listed and f.xreplace(m) == L for m in gm.minimisers)
