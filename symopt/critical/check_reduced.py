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

Also here: :class:`LiftedCertificate` (square roots as new variables, :mod:`symopt.critical.lifted`)
and the evidence of the minima of :mod:`symopt.critical.rational_minimum`:
:class:`RationalMinimumEvidence` (``f - L = N/D``, trees ``N >= 0``, ``D > 0``),
:class:`ExponentialMinimumEvidence` (``P exp(u)``, ``-u`` coercive, a negative critical value),
:class:`AlgebraicMinimumEvidence` (``sum c_k sqrt(b_k) + R`` bounded below, the bound reached),
:class:`ZeroMinimumEvidence` (``f >= 0`` reached at a rational point) and
:class:`ExpUnboundedEvidence` (a ray along which ``P exp(u) -> -oo``).
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
from .check_components import point_value_bounds
from .check_minimum import coercivity_bound, nonnegative_terms

__all__ = ["RationalUnboundedEvidence", "rational_ray_limit", "ZeroMinimumEvidence", "AlgebraicMinimumEvidence", "ExponentialMinimumEvidence", "sqrt_parts", "LiftedCertificate", "exp_parts", "RationalMinimumEvidence", "lift", "sqrt_bases", "ReducedGradientCertificate", "rational_parts", "denominator_sign", "never_zero", "split_entry"]


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


def positive_everywhere(d: sp.Expr, variables: Sequence[sp.Symbol]) -> bool:
    """``d > 0`` on ``R^n`` syntactically: a positive constant term plus a sum of non-negative terms
    (``1 + y^2``), or a product of such factors and even powers of them."""
    if d.is_number:
        return bool(d > 0)
    factors = sp.Mul.make_args(sp.factor_terms(d))
    if len(factors) > 1:
        return all(positive_everywhere(f, variables) if not (f.is_Pow and f.exp.is_Integer and f.exp > 0)
                   else positive_everywhere(f.base, variables) for f in factors)
    if d.is_Pow and d.exp.is_Integer and d.exp > 0:
        return positive_everywhere(d.base, variables)
    e = sp.expand(d)
    c = e.as_coeff_Add()[0]
    return bool(c > 0) and _polynomial(e, variables) and nonnegative_terms(sp.expand(e - c))


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
    if components and not all(positive_everywhere(d, variables) for d in cert.denominators):
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


# ----------------------------------------------------------------------------- square roots lifted


def _is_root(a: sp.Expr, variables: Sequence[sp.Symbol]) -> bool:
    return bool(a.is_Pow and a.exp.is_Rational and a.exp.q == 2 and _polynomial(a.base, variables)
                and not a.base.is_number)


def sqrt_bases(exprs: Sequence[sp.Expr], variables: Sequence[sp.Symbol]) -> list:
    """The distinct polynomials ``b`` (expanded) with ``b^(p/2)`` (``p`` odd) in the expressions."""
    out: list = []
    for e in exprs:
        for a in e.atoms(sp.Pow):
            if _is_root(a, variables) and sp.expand(a.base) not in out:
                out.append(sp.expand(a.base))
    return out


def lift(expr: sp.Expr, bases: Sequence[sp.Expr], svars: Sequence[sp.Symbol]) -> sp.Expr:
    """``expr`` with every ``b_k^(p/2)`` replaced by ``s_k^p`` (a pure substitution: at ``s_k =
    sqrt(b_k(x))`` the result equals ``expr``)."""
    variables = sorted(set().union(*(b.free_symbols for b in bases)), key=str)
    index = {b: k for k, b in enumerate(bases)}

    def swap(a: sp.Expr) -> sp.Expr:
        k = index.get(sp.expand(a.base))
        return a if k is None else svars[k] ** a.exp.p

    return expr.replace(lambda a: _is_root(a, variables) and sp.expand(a.base) in index, swap)


@dataclass(frozen=True)
class LiftedCertificate:
    """Evidence for the critical points of an objective with square roots (:mod:`symopt.critical.lifted`).

    Attributes:
        variables, svars, bases: ``x``, the lifted variables ``s_k`` and ``b_k`` (``s_k = sqrt(b_k)``).
        units, system, denominators: the lifted gradient entries ``u_i P_i / d_i`` (``system``
            ends with ``s_k^2 - b_k``).
        inner: the :class:`~symopt.critical.check_algebraic.AlgebraicCertificate` of ``system``.
        kept: the lifted zeros with every ``s_k > 0`` and no pole (projected: the listed points).
        excluded: the other lifted zeros (some ``s_k < 0``, or a vanishing denominator).
    """

    variables: tuple
    svars: tuple
    bases: tuple
    units: tuple
    system: tuple
    denominators: tuple
    inner: Any
    kept: tuple
    excluded: tuple

    def __repr__(self) -> str:
        return f"LiftedCertificate({', '.join(f'{s} = sqrt({b})' for s, b in zip(self.svars, self.bases))}; {self.inner!r})"

    def verify_points(self, points: CriticalPoints) -> CheckResult:
        """Re-derive every claim (see :mod:`symopt.critical.lifted`)."""
        obj = points.objective
        if tuple(obj.variables) != tuple(self.variables) or points.components or points.extra:
            return failed("the certificate is for other variables, or the list has other parts")
        result = run_check(_check_lifted, self, [rationalize(g) for g in obj.gradient], list(points),
                           reason="the lifted system does not re-check")
        if not result:
            return result
        if not isinstance(self.inner, AlgebraicCertificate):
            return failed("no certificate for the lifted system")
        result = self.inner.check(list(self.kept) + list(self.excluded))
        if not result:
            return result
        return run_check(check_kinds, obj, list(points), reason="a kind does not re-derive")


def _check_lifted(cert: LiftedCertificate, gradient: list, listed: list) -> bool:
    V = tuple(cert.variables) + tuple(cert.svars)
    n, m = len(cert.variables), len(cert.svars)
    if set(cert.svars) & set(cert.variables) or len(cert.bases) != m or m == 0:
        return False
    if len(gradient) != len(cert.units) or len(cert.system) != len(gradient) + m:
        return False
    for g, u, p, d in zip(gradient, cert.units, cert.system, cert.denominators):
        if not (never_zero(u, V) and _polynomial(p, V) and _polynomial(d, V)) or d == 0:
            return False
        if not _same(lift(g, cert.bases, cert.svars) * d, u * p):
            return False
    for s, b, e in zip(cert.svars, cert.bases, cert.system[len(gradient):]):
        if not _polynomial(b, cert.variables) or sp.expand(e - (s**2 - b)) != 0:
            return False
    nonzero = [p for p in cert.system if p != 0]
    if len(nonzero) != len(cert.inner.equations) or any(sp.expand(p - e) != 0 for p, e in zip(nonzero, cert.inner.equations)):
        return False
    for cp in cert.kept:  # every s_k > 0 and no pole
        if any(denominator_sign(s, V, cp) != 1 for s in cert.svars):
            return False
        if any(denominator_sign(d, V, cp) in (0, None) for d in cert.denominators):
            return False
    for cp in cert.excluded:  # some s_k < 0, or a denominator exactly 0
        if not (any(denominator_sign(s, V, cp) == -1 for s in cert.svars)
                or any(exact_sign(d.xreplace(cp.point)) == 0 for d in cert.denominators)):
            return False
    if len(listed) != len(cert.kept):
        return False
    for cp, lifted in zip(listed, cert.kept):
        if cp.point != {v: lifted.point[v] for v in cert.variables} or tuple(cp.enclosure) != tuple(lifted.enclosure[:n]):
            return False
    return True


# ----------------------------------------------------------------------------- P exp(u), -u coercive


def exp_parts(f: sp.Expr, variables: Sequence[sp.Symbol], coercive: bool = True) -> tuple | None:
    """``(P, u)`` with ``f = P exp(u)``, ``P`` and ``u`` polynomials over Q and (``coercive``) ``-u``
    coercive (weighted AM-GM bound), or ``None``."""
    P, u = sp.Integer(1), sp.Integer(0)
    for fac in sp.Mul.make_args(sp.powsimp(sp.factor_terms(f))):
        if isinstance(fac, sp.exp) and _polynomial(fac.args[0], variables):
            u = u + fac.args[0]
        elif _polynomial(fac, variables):
            P = P * fac
        else:
            return None
    u = sp.expand(u)
    if u == 0 or not _polynomial(u, variables):
        return None
    if coercive and coercivity_bound(sp.Poly(-u, *variables, domain=sp.QQ).terms(), len(variables)) is None:
        return None
    return sp.expand(P), u


def exp_ray_limit(P: sp.Expr, u: sp.Expr, variables: Sequence[sp.Symbol], base: tuple, direction: tuple) -> bool:
    """``P exp(u) -> -oo`` along ``t -> base + t direction`` (``t -> +oo``), exactly: with ``p(t)``, ``v(t)``
    the restrictions, ``p`` has a negative leading coefficient and either ``v`` has a positive one
    (degree >= 1) or ``v`` is constant and ``p`` has degree >= 1."""
    t = sp.Dummy("t")
    at = {x: b + t * d for x, b, d in zip(variables, base, direction)}
    p = sp.Poly(sp.expand(P.xreplace(at)), t)
    v = sp.Poly(sp.expand(u.xreplace(at)), t)
    if p.is_zero or p.LC() >= 0:
        return False
    return (v.degree() >= 1 and v.LC() > 0) or (v.degree() <= 0 and p.degree() >= 1)


@dataclass(frozen=True)
class ExpUnboundedEvidence:
    """``inf f = -oo`` for ``f = P exp(u)``: a rational ray along which ``f -> -oo`` (:func:`exp_ray_limit`).

    Attributes:
        f: the objective (rational coefficients); variables; base, direction: the ray.
    """

    f: sp.Expr
    variables: tuple
    base: tuple
    direction: tuple

    def describe(self) -> str:
        return (f"f -> -oo along the ray {self.base} + t {self.direction}, t -> +oo (f = P exp(u): the restriction "
                f"of P has a negative leading coefficient and exp(u) does not decay along it)")

    def check(self, gm: Any) -> bool:
        """Re-derive the limit along the ray (``gm`` must say ``"unbounded"``)."""
        if gm.status != "unbounded" or not all(getattr(c, "is_Rational", False) for c in (*self.base, *self.direction)):
            return False
        return check_exp_ray(self.f, self.variables, self.base, self.direction)


def check_exp_ray(f: sp.Expr, variables: Sequence[sp.Symbol], base: tuple, direction: tuple) -> bool:
    """The ray certificate for ``f`` re-derived."""
    parts = exp_parts(f, variables, coercive=False)
    return parts is not None and exp_ray_limit(*parts, variables, base, direction)


@dataclass(frozen=True)
class ExponentialMinimumEvidence:
    """Evidence for ``min f`` of ``f = P exp(u)`` with ``-u`` coercive (:mod:`symopt.critical.rational_minimum`).

    Attributes:
        points: the complete critical points (their own certificate).
    """

    points: CriticalPoints

    def check(self, gm: Any) -> CheckResult | bool:
        """Re-derive: the points re-check; ``f = P exp(u)`` with ``-u`` coercive; every critical value
        (interval enclosure at each point) is ``>= lower``, one is ``<= upper < 0``."""
        result = self.points.check()
        if not result:
            return result
        return run_check(_check_exponential_minimum, self, gm, reason="the decay bound does not re-check")


def _check_exponential_minimum(ev: ExponentialMinimumEvidence, gm: Any) -> bool:
    obj = ev.points.objective
    variables = tuple(obj.variables)
    f = rationalize(obj.expr)
    parts = exp_parts(f, variables)
    if parts is None or ev.points.components or not ev.points.complete:
        return False
    P, u = parts
    if not _same(f, P * sp.exp(u)) or not gm.upper < 0 or gm.lower > gm.upper:
        return False
    reached = False
    for cp in ev.points:
        lo, hi = point_value_bounds(f, variables, cp)
        if lo < gm.lower:
            return False
        reached = reached or hi <= gm.upper
    return reached


# ----------------------------------------------------------------------------- sums of square roots


def sqrt_parts(f: sp.Expr, variables: Sequence[sp.Symbol]) -> tuple | None:
    """``(((c_k, b_k), ...), R)`` with ``f = sum c_k sqrt(b_k) + R``, ``c_k > 0`` rational, ``b_k`` and
    ``R`` polynomials over Q, at least one root; else ``None``."""
    roots, rest = [], sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(f)):
        c, t = term.as_coeff_Mul()
        if t.is_Pow and t.exp == sp.Rational(1, 2) and _polynomial(t.base, variables) and c > 0:
            roots.append((c, sp.expand(t.base)))
        elif _polynomial(term, variables):
            rest = rest + term
        else:
            return None
    return (tuple(roots), sp.expand(rest)) if roots else None


@dataclass(frozen=True)
class AlgebraicMinimumEvidence:
    """Evidence for ``min f = L`` of ``f = sum c_k sqrt(b_k) + R`` (:mod:`symopt.critical.rational_minimum`).

    Attributes:
        points: the complete critical points.
        rest: a lower-bound tree for ``R`` (``None`` when ``R`` is a number).
        roots: ``((tree for b_k, r_k), ...)`` with ``r_k >= 0``, ``r_k^2`` at most the tree's value.
        value: ``L = sum c_k r_k + rho``.
    """

    points: CriticalPoints
    rest: Any
    roots: tuple
    value: Any

    def check(self, gm: Any) -> CheckResult | bool:
        """Re-derive: the points re-check, the decomposition of ``f``, every tree, the bound's value,
        and ``f = L`` at each minimiser (a listed rational critical point)."""
        result = self.points.check()
        if not result:
            return result
        return run_check(_check_algebraic_minimum, self, gm, reason="the square-root lower bound does not re-check")


def _check_algebraic_minimum(ev: AlgebraicMinimumEvidence, gm: Any) -> bool:
    obj = ev.points.objective
    variables = tuple(obj.variables)
    f = rationalize(obj.expr)
    parts = sqrt_parts(f, variables)
    if parts is None or not (gm.lower == gm.upper == ev.value) or len(parts[0]) != len(ev.roots):
        return False
    roots, rest = parts
    if ev.rest is None:
        if not rest.is_Rational:
            return False
        bound = rest
    else:
        if sp.expand(ev.rest.expr - rest) != 0 or not check_lower_bound(ev.rest):
            return False
        bound = ev.rest.value
    for (c, b), (tree, r) in zip(roots, ev.roots):
        if sp.expand(tree.expr - b) != 0 or not check_lower_bound(tree):
            return False
        if not (r.is_Rational and r >= 0 and r**2 <= tree.value):
            return False
        bound = bound + c * r
    if bound != ev.value:
        return False
    listed = [dict(cp.point) for cp in ev.points]
    return bool(gm.minimisers) and all(m in listed and sp.simplify(f.xreplace(m) - bound) == 0 for m in gm.minimisers)


@dataclass(frozen=True)
class ZeroMinimumEvidence:
    """``min f = 0``: ``f >= 0`` (``f = P exp(u)`` with a tree ``P >= 0``, or ``f = p/q`` with trees
    ``p >= 0``, ``q > 0``) and ``f = 0`` at a rational point (:mod:`symopt.critical.rational_minimum`)."""

    f: sp.Expr
    variables: tuple
    numerator: Any
    denominator: Any
    point: tuple

    def check(self, gm: Any) -> bool:
        """Re-derive the decomposition of ``f``, the trees and ``f(point) = 0``; ``lower = upper = 0``."""
        return bool(run_check(_check_zero_minimum, self, gm, reason="the zero lower bound does not re-check"))


def _check_zero_minimum(ev: ZeroMinimumEvidence, gm: Any) -> bool:
    variables = tuple(ev.variables)
    if not (gm.lower == gm.upper == 0) or len(ev.point) != len(variables):
        return False
    if not all(getattr(c, "is_Rational", False) for c in ev.point):
        return False
    at = dict(zip(variables, ev.point))
    loose = exp_parts(ev.f, variables, coercive=False)
    if loose is not None and ev.denominator is None:
        num, den = loose[0], None
    else:
        parts = rational_parts(ev.f, variables)
        if parts is None or ev.denominator is None:
            return False
        num, den = parts
        N, D = ev.numerator.expr, ev.denominator.expr
        if sp.cancel(sp.together(ev.f - N / D)) != 0 or not ev.denominator.value > 0 or not check_lower_bound(ev.denominator):
            return False  # f = N / D with D > 0
        num, den = sp.expand(N), sp.expand(D)
    if (den is None and sp.expand(ev.numerator.expr - num) != 0) or ev.numerator.value < 0:
        return False
    if not check_lower_bound(ev.numerator):
        return False
    return num.xreplace(at) == 0 and (den is None or den.xreplace(at) != 0)


def rational_ray_limit(p: sp.Expr, q: sp.Expr, variables: Sequence[sp.Symbol], base: tuple, direction: tuple) -> bool:
    """``p/q -> -oo`` along ``t -> base + t direction`` (``t -> +oo``), exactly: the restrictions
    ``P(t)``, ``Q(t)`` have ``deg P > deg Q`` and leading coefficients of opposite signs (``Q`` has
    finitely many real zeros, so ``f`` is defined on the ray for large ``t``)."""
    t = sp.Dummy("t")
    at = {x: b + t * d for x, b, d in zip(variables, base, direction)}
    P = sp.Poly(sp.expand(p.xreplace(at)), t)
    Q = sp.Poly(sp.expand(q.xreplace(at)), t)
    if P.is_zero or Q.is_zero or P.degree() <= Q.degree():
        return False
    return P.LC() * Q.LC() < 0


@dataclass(frozen=True)
class RationalUnboundedEvidence:
    """``inf f = -oo`` for a rational ``f = p/q``: a rational ray along which ``f -> -oo``.

    Attributes:
        f: the objective; variables; base, direction: the ray.
    """

    f: sp.Expr
    variables: tuple
    base: tuple
    direction: tuple

    def describe(self) -> str:
        return (f"f -> -oo along the ray {self.base} + t {self.direction}, t -> +oo (f = p/q: the restriction of p "
                f"has the larger degree and the leading coefficients have opposite signs)")

    def check(self, gm: Any) -> bool:
        """Re-derive the limit along the ray (``gm`` must say ``"unbounded"``)."""
        if gm.status != "unbounded" or not all(getattr(c, "is_Rational", False) for c in (*self.base, *self.direction)):
            return False
        parts = rational_parts(self.f, self.variables)
        return parts is not None and rational_ray_limit(*parts, self.variables, self.base, self.direction)
