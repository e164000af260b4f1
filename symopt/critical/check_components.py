"""Evidence for a positive-dimensional critical set, and its checker.

An evidence module (imports only ``symopt.core``, ``symopt.exact``, floor 0 and the
base evidence module :mod:`symopt.critical.check`).  See
:mod:`symopt.critical.components` for the mathematics; the checker re-derives every
claim: each family annihilates the gradient identically, ``f`` is the stated constant
on it, its real dimension is the rank of its Jacobian at a real rational parameter
point, the listed isolated points are exact zeros of the gradient, and the
critical-value polynomial ``p(c)`` is recomputed (a lex Groebner basis; when that
runs out of its work limit the answer is "not re-checked") and the stated least value
is its least real root, attained on a listed real component or point.

:class:`GcdComponentsCertificate`: the gradient's common factor ``H = gcd(df/dx_i)``
(polynomial gcd over Q).  ``grad f = H q`` exactly, so ``{grad f = 0} = {H = 0} ∪ {q = 0}``;
the checker re-derives ``H | df/dx_i`` with quotient ``q_i`` (exact division), the value of
``f`` on each irreducible factor ``h`` (``h | f - c``: ``f`` is constant on an irreducible
component of the critical set), a real dimension ``n - 1`` from two rational points where
``h`` takes opposite signs, and the quotient's real zeros by their own certificate.  The list
is then complete in this sense: every critical point is a listed point or lies on a listed
component.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Sequence

import sympy as sp

from ..core.points import CriticalPoints, exact_sign
from ..exact.interval import enclosure, lower_rational, precision, rational_interval, upper_rational
from .check import CheckResult, check_kinds, failed, rationalize, run_check
from .check_minimum import coercivity_bound, leading_form_positive, nonnegative_terms

__all__ = ["ComponentsCertificate", "ComponentMinimumEvidence", "GcdComponentsCertificate", "point_value_bounds",
           "subset_coercive", "component_value", "critical_values", "divides",
           "family_real_dimension", "family_value", "sign_witness"]

_C = sp.Symbol("c")


def family_value(f: sp.Expr, grads: Sequence[sp.Expr], phi: tuple) -> sp.Expr | None:
    """``f`` on the family ``x = phi(t)`` when the gradient vanishes on it identically and ``f``
    is constant there, else ``None`` (exact rational-function arithmetic)."""
    sub = dict(phi)
    params = set().union(*(e.free_symbols for _, e in phi)) & {v for v, _ in phi}
    for g in grads:
        if sp.cancel(sp.together(g.xreplace(sub))) != 0:
            return None
    value = sp.cancel(sp.together(f.xreplace(sub)))
    return None if value.free_symbols & params or value.free_symbols else value


def family_real_dimension(phi: tuple, variables: Sequence[sp.Symbol]) -> int | None:
    """The rank of ``phi``'s Jacobian (in its free symbols: variables left free, or an orbit's
    parameter) at the first real rational parameter point where ``phi`` is defined (tried in
    a fixed order), or ``None``."""
    params = sorted(set().union(*(e.free_symbols for _, e in phi)), key=lambda s: s.name)
    if not params:
        return None
    exprs = sp.Matrix([e for _, e in phi])
    J = exprs.jacobian(params)
    for sample in itertools.product((1, 2, sp.Rational(1, 2), 3, -1), repeat=len(params)):
        at = dict(zip(params, sample))
        try:
            values = exprs.xreplace(at)
            Jt = J.xreplace(at)
        except (ZeroDivisionError, ValueError, TypeError):
            continue
        if any(v.has(sp.zoo, sp.nan, sp.oo) or not v.is_real for v in list(values) + list(Jt)):
            continue
        return Jt.rank()
    return None


def critical_values(f: sp.Expr, grads: Sequence[sp.Expr], variables: Sequence[sp.Symbol]) -> sp.Expr | None:
    """The generator of ``<grad f, c - f> ∩ Q[c]`` (a lex Groebner basis), or ``None``."""
    G = sp.groebner([g for g in grads if g != 0] + [_C - f], *variables, _C, order="lex")
    last = G.exprs[-1]
    if last.free_symbols != {_C}:
        return None
    return sp.expand(last)


@dataclass(frozen=True)
class ComponentsCertificate:
    """Evidence for the components of a positive-dimensional critical set.

    Attributes:
        variables, gradient: the objective's.
        families: each component's parametrisation ``((variable, value), ...)``.
        real_dimensions, values: each component's real dimension and value of ``f``.
        critical_values: ``p(c)`` as ascending coefficients, or ``None``.
        least: the certified least value of ``f`` on the real critical set, or ``None``.
    """

    variables: tuple
    gradient: tuple
    families: tuple
    real_dimensions: tuple
    values: tuple
    critical_values: tuple | None
    least: Any

    def __repr__(self) -> str:
        return f"ComponentsCertificate({len(self.families)} families, least value {self.least})"

    def verify_points(self, points: CriticalPoints) -> CheckResult:
        """Re-derive every claim (see the module docstring)."""
        obj = points.objective
        if tuple(obj.variables) != tuple(self.variables):
            return failed("the certificate is for other variables")
        grads = [rationalize(g) for g in obj.gradient]
        if len(grads) != len(self.gradient) or any(sp.expand(g - e) != 0 for g, e in zip(grads, self.gradient)):
            return failed("the certificate is for another gradient")
        comps = tuple(c.parametrisation for c in points.components)
        if comps != self.families:
            return failed("the components are not the certified families")
        result = run_check(_check_families, self, rationalize(obj.expr), points, reason="a component does not re-check")
        if not result or self.least is None:
            return result
        return run_check(_check_least, self, rationalize(obj.expr), points, reason="the least critical value does not re-check")


def _check_families(cert: ComponentsCertificate, f: sp.Expr, points: CriticalPoints) -> bool:
    for phi, dim, value, comp in zip(cert.families, cert.real_dimensions, cert.values, points.components):
        if family_value(f, cert.gradient, phi) != value or comp.value != value:
            return False
        if family_real_dimension(phi, cert.variables) != dim or comp.real_dimension != dim:
            return False
    for cp in points:
        if any(exact_sign(g.xreplace(cp.point)) != 0 for g in cert.gradient):
            return False
    return True


def _check_least(cert: ComponentsCertificate, f: sp.Expr, points: CriticalPoints) -> bool:
    p = critical_values(f, cert.gradient, cert.variables)
    if p is None or cert.critical_values is None:
        return False
    if sp.expand(p - sum(c * _C**k for k, c in enumerate(cert.critical_values))) != 0:
        return False
    poly = sp.Poly(p, _C)
    roots = poly.sqf_part().real_roots()
    if not roots or sp.simplify(roots[0] - cert.least) != 0:
        return False
    attained = [v for v in cert.values] + [f.xreplace(cp.point) for cp in points]
    return any(sp.simplify(v - cert.least) == 0 for v in attained)


# ----------------------------------------------------------------------------- common factors of the gradient


def component_value(f: sp.Expr, h: sp.Expr, variables: Sequence[sp.Symbol]) -> sp.Rational | None:
    """The constant ``c`` with ``h | f - c`` (the value of ``f`` on ``h = 0``), or ``None``.

    ``{h}`` is a Groebner basis of ``<h>`` for every order, so the remainder of ``f`` on
    division by ``h`` is a constant ``c`` exactly when ``h`` divides ``f - c``."""
    _, r = sp.reduced(sp.expand(f), [sp.expand(h)], *variables)
    r = sp.expand(r)
    return r if r.is_Rational else None


def divides(h: sp.Expr, g: sp.Expr, variables: Sequence[sp.Symbol]) -> sp.Expr | None:
    """``g / h`` when ``h`` divides ``g`` exactly (polynomials over Q), else ``None``."""
    try:
        return sp.Poly(sp.expand(g), *variables, domain=sp.QQ).exquo(sp.Poly(sp.expand(h), *variables, domain=sp.QQ)).as_expr()
    except (sp.polys.polyerrors.ExactQuotientFailed, sp.PolynomialError):
        return None


#: Coordinates tried for a sign change of a component's equation (a fixed order).
_WITNESS_VALUES = (0, 1, -1, 2, -2, sp.Rational(1, 2), 3, -3, sp.Rational(-1, 2), 5)


def sign_witness(h: sp.Expr, variables: Sequence[sp.Symbol], limit: int = 4000) -> tuple | None:
    """Two rational points ``(a, b)`` with ``h(a) > 0 > h(b)`` (a fixed grid, at most ``limit``
    points), or ``None``.  A polynomial that takes both signs vanishes on a set of real dimension
    ``n - 1``: every segment from a point near ``a`` to a point near ``b`` meets ``h = 0``."""
    poly = sp.Poly(sp.expand(h), *variables, domain=sp.QQ)
    pos = neg = None
    for k, point in enumerate(itertools.product(_WITNESS_VALUES, repeat=len(variables))):
        if k >= limit:
            break
        s = poly.eval(dict(zip(variables, point))) if len(variables) > 1 else poly.eval(point[0])
        if s > 0 and pos is None:
            pos = tuple(sp.Rational(c) for c in point)
        elif s < 0 and neg is None:
            neg = tuple(sp.Rational(c) for c in point)
        if pos is not None and neg is not None:
            return pos, neg
    return None


def membership_power(j: sp.Expr, H: sp.Expr, system: Sequence[sp.Expr], variables: Sequence[sp.Symbol],
                     only: int | None = None) -> int | None:
    """The least ``k <= 16`` (or exactly ``only``) with ``H^k j`` in the ideal ``<system>`` (normal
    form 0 modulo a grevlex Groebner basis), or ``None``."""
    G = sp.groebner(list(system), *variables, order="grevlex")
    for k in ([only] if only is not None else range(17)):
        if G.reduce(sp.expand(H**k * j))[1] == 0:
            return k
    return None


@dataclass(frozen=True)
class GcdComponentsCertificate:
    """Evidence that a polynomial's critical set is the listed points and hypersurfaces.

    With ``H`` the gcd of the non-zero gradient entries, ``grad f = H q`` (``q`` the quotient
    system), so ``{grad f = 0} = {H = 0} ∪ {q = 0}`` exactly: every critical point lies on a
    component ``h_j = 0`` (``H = prod h_j^(m_j)``) or is a real zero of ``q``, which ``inner``
    (an :class:`~symopt.critical.check_algebraic.AlgebraicCertificate`) certifies complete.

    Attributes:
        variables: the variables.
        common: ``H`` (a non-zero rational times the product of the factors' powers).
        factors: ``((h_j, m_j), ...)``: the irreducible factors of ``H`` and their multiplicities.
        values: ``f`` on each ``h_j = 0`` (``h_j | f - c_j``), or ``None``.
        witnesses: for each ``h_j``, rational points ``(a, b)`` with ``h_j(a) > 0 > h_j(b)`` (real
            dimension ``n - 1``), or ``None``.
        inner: the certificate of the real zeros of the quotient system (followed by the
            saturation's generators, when there are any).
        saturation: ``((j, k), ...)`` with ``H^k j`` in ``<q>``: where ``q = 0`` has positive
            dimension, its zeros off ``{H = 0}`` are zeros of every ``j`` (the saturation
            ``q : H^oo``), so ``inner`` certifies the zeros of ``q`` and the ``j`` together.
    """

    variables: tuple
    common: Any
    factors: tuple
    values: tuple
    witnesses: tuple
    inner: Any
    saturation: tuple = ()

    def __repr__(self) -> str:
        eqs = ", ".join(f"{h} = 0" for h, _ in self.factors)
        return f"GcdComponentsCertificate({eqs}; quotient: {self.inner!r})"

    def verify_points(self, points: CriticalPoints) -> CheckResult:
        """Re-derive: ``grad f = H q`` exactly (``q`` the certified quotient system), each component's
        value (``h | f - c``) and sign witnesses, and the quotient's points (the inner certificate)."""
        obj = points.objective
        if tuple(obj.variables) != tuple(self.variables):
            return failed("the certificate is for other variables")
        gradient = [rationalize(g) for g in obj.gradient]
        result = self.check_system(gradient, rationalize(obj.expr), points.components, list(points))
        if not result:
            return result
        if len(points) - points.extra != len([cp for cp in points if cp.enclosure is not None]):
            return failed("a listed point has no enclosure")
        return run_check(check_kinds, obj, [cp for cp in points if cp.enclosure is not None],
                         reason="a kind does not re-derive")

    def check_system(self, gradient: Sequence, f: sp.Expr | None, components: Sequence, listed: Sequence) -> CheckResult:
        """The claims for the polynomial system ``gradient`` (``f``: the objective, for the values;
        ``None`` where it is not a polynomial and no value is claimed) and the listed real points."""
        result = run_check(_check_gcd, self, gradient, f, components,
                           reason="the common factor of the gradient does not re-check")
        if not result:
            return result
        return self.inner.check([cp for cp in listed if cp.enclosure is not None])


def _check_gcd(cert: GcdComponentsCertificate, gradient: Sequence, f: sp.Expr | None, comps: Sequence) -> bool:
    variables = tuple(cert.variables)
    nonzero = [g for g in gradient if g != 0]
    extra = [j for j, _ in cert.saturation]
    if not cert.factors or len(nonzero) + len(extra) != len(cert.inner.equations):
        return False
    if any(sp.expand(j - e) != 0 for j, e in zip(extra, cert.inner.equations[len(nonzero):])):
        return False
    H = sp.expand(cert.common)
    content = sp.cancel(H / sp.Mul(*[h**m for h, m in cert.factors]))
    if not (content.is_Rational and content != 0):
        return False
    if any(sp.Poly(h, *variables).total_degree() < 1 or m < 1 for h, m in cert.factors):
        return False
    for g, e in zip(nonzero, cert.inner.equations):  # g = H q exactly
        q = divides(H, g, variables)
        if q is None or sp.expand(q - e) != 0:
            return False
    quotient = cert.inner.equations[:len(nonzero)]
    for j, k in cert.saturation:  # H^k j in <q>: off {H = 0}, q = 0 forces j = 0
        if not (isinstance(k, int) and 0 <= k <= 16) or membership_power(j, H, quotient, variables, k) != k:
            return False
    if len(comps) != len(cert.factors):
        return False
    for comp, (h, _), value, witness in zip(comps, cert.factors, cert.values, cert.witnesses):
        if sp.expand(comp.equation - h) != 0 or comp.value != value:
            return False
        if value is not None and (f is None or divides(h, f - value, variables) is None):
            return False
        if witness is None:
            if comp.real_dimension is not None:
                return False
            continue
        a, b = witness
        ha, hb = (h.xreplace(dict(zip(variables, p))) for p in (a, b))
        if not (ha.is_Rational and hb.is_Rational and ha > 0 > hb) or comp.real_dimension != len(variables) - 1:
            return False
    return True


# ----------------------------------------------------------------------------- the global minimum with components


def point_value_bounds(f: sp.Expr, variables: Sequence[sp.Symbol], cp: Any) -> tuple:
    """``(lo, hi)`` rationals enclosing ``f`` at a listed point: exact at a rational point, else an
    interval evaluation over its certified enclosure (200 bits, outward rounding)."""
    if all(getattr(v, "is_Rational", False) for v in cp.point.values()):
        value = f.xreplace(cp.point)
        return value, value
    with precision(200):
        env = {v: rational_interval(lo, hi) for v, (lo, hi) in zip(variables, cp.enclosure)}
        val = enclosure(f, env)
    return lower_rational(val), upper_rational(val)


def subset_coercive(f: sp.Expr, variables: Sequence[sp.Symbol]) -> bool:
    """``f`` depends only on a proper subset ``S`` of the variables and is coercive in them
    (weighted AM-GM bound or a positive definite leading form, over ``S``)."""
    used = tuple(v for v in variables if v in f.free_symbols)
    if not used or len(used) == len(variables):
        return False
    terms = sp.Poly(sp.expand(f), *used, domain=sp.QQ).terms()
    return coercivity_bound(terms, len(used)) is not None or leading_form_positive(f, used) is not None


@dataclass(frozen=True)
class ComponentMinimumEvidence:
    """Evidence for ``min f`` over ``R^n`` when the critical set has hypersurface components.

    Attributes:
        points: the complete description (points and components, its own certificate).
        proof_kind: why the minimum is attained: ``"coercive"``, ``"leading form"``, ``"subset"``,
            ``"nonnegative"`` or ``"attainment"`` (with ``attainment``, an
            :class:`~symopt.critical.check_attainment.AttainmentCertificate`).
    """

    points: CriticalPoints
    proof_kind: str
    attainment: Any = None

    def check(self, gm: Any) -> CheckResult | bool:
        """Re-derive: the description re-checks, the attainment proof re-derives, every critical
        value (points: exact or interval; components: their certified values) is ``>= lower``, and
        one with real points is ``<= upper``; each rational minimiser is a critical point with value ``upper``."""
        pts = self.points
        if not pts.complete or not pts.components:
            return False
        listed = pts.check()
        if not listed:
            return listed
        obj = pts.objective
        variables = tuple(obj.variables)
        f = rationalize(obj.expr)
        kind = self.proof_kind
        if kind == "coercive":
            ok = coercivity_bound(sp.Poly(f, *variables).terms(), len(variables)) is not None
        elif kind == "leading form":
            ok = leading_form_positive(f, variables) is not None
        elif kind == "subset":
            ok = subset_coercive(f, variables)
        elif kind == "nonnegative":
            ok = nonnegative_terms(f) and gm.lower == gm.upper == 0
        elif kind == "attainment":
            cert = self.attainment
            ok = (cert is not None and tuple(cert.variables) == variables and sp.expand(cert.f - f) == 0
                  and cert.check(gm.lower, gm.upper))
        else:
            ok = False
        if not ok:
            return False
        reached = False
        for cp in pts:
            lo, hi = point_value_bounds(f, variables, cp)
            if lo < gm.lower:
                return False
            reached = reached or hi <= gm.upper
        for comp in pts.components:
            if comp.value is None or comp.value < gm.lower:
                return False
            reached = reached or (comp.real_dimension is not None and comp.value <= gm.upper)
        for m in gm.minimisers:  # a rational minimiser: a critical point where f = upper (exact)
            if all(getattr(v, "is_Rational", False) for v in m.values()):
                if f.xreplace(m) != gm.upper or any(rationalize(g).xreplace(m) != 0 for g in obj.gradient):
                    return False
                reached = True
        return reached and gm.lower <= gm.upper
