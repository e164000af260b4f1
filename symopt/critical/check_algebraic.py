"""Evidence that the real critical points of a polynomial are all of them, and its checker.

An evidence module (imports only ``symopt.core``, ``symopt.exact``, floor 0 and
the base evidence module :mod:`symopt.critical.check`).

:class:`AlgebraicCertificate` holds a rational univariate representation of the
critical set: a square-free ``chi`` of degree ``D`` and ``x_i = g_i(t)`` for the
separating form ``t = sum c_i x_i``.  The checker re-verifies, without solving again:

1. **the points** (substitution): every gradient entry ``f_j(g(T)) = 0`` and
   ``t(g(T)) = T`` modulo ``chi`` (FLINT's exact rational polynomials), so the ``D``
   roots of ``chi`` give ``D`` distinct critical points; each coordinate's eliminant
   vanishes at ``g_i(T)`` too;
2. **the count** ``|V| <= D``: for two variables by resultants (cheap): with
   ``t = c . x`` and the other coordinate ``s``, ``R(t) = Res_s(f_1, f_2)`` (``f_1``
   with a constant leading coefficient in ``s``, so no solution escapes to infinity)
   vanishes exactly at the ``t``-values of the critical points, and the order of a
   root ``t_0`` is the sum of the intersection multiplicities on the line
   ``t = t_0`` (Fulton, *Algebraic Curves*, ch. 3 and 5; Cox, Little, O'Shea, *Ideals,
   Varieties, and Algorithms*, ch. 3 sec. 6).  So ``sqf(R) | chi`` and, at each
   multiple root (rational ``t_0``), ``gcd_s(f_1, f_2)(t_0, s)`` with one distinct root
   give at most one point per root of ``chi``.  Otherwise (``n != 2``, or an irrational
   multiple root) a Groebner basis by F5B (the search used Buchberger) and its
   standard monomials give ``|V| <= D``; when that runs out of its work limit the
   answer is ``"not re-checked"``, never ``"failed"``;
3. **the real points**: Sturm-type counts of ``chi``'s real roots (SymPy's exact
   continued-fraction isolation, not Arb), each isolating interval mapped by interval
   arithmetic into exactly one listed point's enclosure;
4. **the exact coordinates**: each is a root of its variable's eliminant, the only one
   in the enclosure; a rational by evaluation, an algebraic number (``CRootOf``,
   ``2*CRootOf(...)``, a surd) through its minimal polynomial dividing the eliminant
   (exact algebraic-number arithmetic, never ``expand(...) == 0``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import sympy as sp
from mpmath import iv

from ..core.points import CriticalPoint, CriticalPoints
from ..exact.interval import lower_rational, precision, rational_interval, upper_rational
from .check import (
    CheckResult,
    _flint,
    _fq,
    _groebner,
    _NotZeroDimensional,
    _ring,
    _sq,
    _standard_monomials,
    check_kinds,
    failed,
    rationalize,
    run_check,
)

__all__ = ["AlgebraicCertificate"]


@dataclass(frozen=True)
class AlgebraicCertificate:
    """Evidence that a list of real critical points of a polynomial is complete.

    Attributes:
        variables: the variables.
        equations: the gradient entries (rational coefficients).
        added: square-free eliminants added to reach the radical (may be empty).
        form: coefficients ``c`` of the separating form ``t = sum c_i x_i``.
        eliminant: ``chi`` as ascending rational coefficients.
        parametrisation: ``g_i`` as ascending rational coefficients (``x_i = g_i(t)``).
        intervals: isolating intervals (rational endpoints) of ``chi``'s real roots, ascending.
        eliminants: the square-free eliminant of each variable (ascending coefficients).
    """

    variables: tuple
    equations: tuple
    added: tuple
    form: tuple
    eliminant: tuple
    parametrisation: tuple
    intervals: tuple
    eliminants: tuple

    def __repr__(self) -> str:
        return (f"AlgebraicCertificate(deg chi = {len(self.eliminant) - 1}, "
                f"{len(self.intervals)} real root(s), t = {self.form})")

    def check(self, points: Sequence[CriticalPoint]) -> CheckResult:
        """Re-verify the points, the count ``|V| <= D``, the real roots and the exact
        coordinates (see the module docstring); ``"not re-checked"`` when the count's
        Groebner route runs out of its work limit."""
        points = list(points)
        result = run_check(_check_points_of, self, points, reason="the points do not re-check")
        if not result:
            return result
        return run_check(_check_count, self, reason="the count |V| <= deg chi does not re-check")

    def verify_points(self, points: CriticalPoints) -> CheckResult:
        """:meth:`check` for a whole list: the certified system must be the list's
        objective's gradient (divided by its components' equations), and the kinds re-derive."""
        obj = points.objective
        if tuple(self.variables) != tuple(obj.variables):
            return failed("the certificate is for other variables")
        nonzero = [g for g in (rationalize(g) for g in obj.gradient) if g != 0]
        if len(nonzero) != len(self.equations):
            return failed("the certificate is for another gradient")
        if points.components:
            if not _divided_by_components(obj.variables, nonzero, self.equations, points.components):
                return failed("the certified system is not the gradient divided by the components")
        elif any(sp.expand(g - e) != 0 for g, e in zip(nonzero, self.equations)):
            return failed("the certificate is for another gradient")
        real = [cp for cp in points if cp.enclosure is not None]
        if len(real) != len(points) - points.extra:
            return failed("a listed point has no enclosure")
        result = self.check(real)
        if not result:
            return result
        return run_check(check_kinds, obj, real, reason="a kind does not re-derive")


def _divided_by_components(variables: Sequence[sp.Symbol], gradient: list, equations: Sequence, components: Sequence) -> bool:
    """Each gradient entry is its certified equation times a product of the components' equations."""
    eqs = {sp.expand(c.equation) for c in components}
    for g, e in zip(gradient, equations):
        ratio = sp.cancel(g / e)
        poly = sp.Poly(ratio, *variables)
        if poly.total_degree() == 0:
            return False
        if not all(poly.gcd(sp.Poly(c.equation, *variables)).total_degree() > 0 for c in components):
            return False
        _, facs = sp.factor_list(ratio, *variables)
        if not all(sp.expand(f) in eqs or sp.expand(-f) in eqs for f, _ in facs):
            return False
    return True


def _upoly(coeffs: Sequence[sp.Rational], T: sp.Symbol) -> sp.Poly:
    return sp.Poly(list(reversed(coeffs)) or [0], T, domain=sp.QQ)


def _mod_chi(terms: Iterable, gpolys: list, fchi: Any, powers: dict) -> Any:
    """``sum c x^a`` at ``x = g(T)``, reduced modulo ``chi`` (FLINT's exact rational polynomials)."""
    flint = _flint()
    acc = flint.fmpq_poly([])
    for mono, c in terms:
        term = flint.fmpq_poly([_fq(c)])
        for i, k in enumerate(mono):
            if k:
                term = (term * _power(gpolys, i, k, fchi, powers)) % fchi
        acc = acc + term
    return acc % fchi


def _power(gpolys: list, i: int, k: int, fchi: Any, powers: dict) -> Any:
    """``g_i(T)^k`` modulo ``chi``, built up one factor at a time (cached)."""
    key = (i, k)
    if key not in powers:
        powers[key] = gpolys[i] % fchi if k == 1 else (_power(gpolys, i, k - 1, fchi, powers) * gpolys[i]) % fchi
    return powers[key]


def _one_root_between(q: sp.Poly, lo: sp.Rational, hi: sp.Rational) -> bool:
    """``q`` (square-free) has exactly one real root in ``(lo, hi)``, ``q(lo) q(hi) != 0``.

    Descartes' rule of signs after the Moebius map ``x = (lo + hi u)/(1 + u)`` of
    ``(lo, hi)`` onto ``(0, oo)``: one sign variation in the coefficients of
    ``(1 + u)^d q(x)`` proves exactly one root (the count of variations exceeds the count
    of positive roots by an even number); otherwise SymPy's Sturm count decides.
    """
    flint = _flint()
    coeffs = [_fq(c) for c in reversed(q.all_coeffs())]
    d = len(coeffs) - 1
    if d < 1 or q.eval(lo) == 0 or q.eval(hi) == 0:
        return q.count_roots(lo, hi) == 1
    num = flint.fmpq_poly([_fq(lo), _fq(hi)])
    den = flint.fmpq_poly([1, 1])
    acc = flint.fmpq_poly([])
    for k, c in enumerate(coeffs):
        if c != 0:
            acc = acc + c * num**k * den ** (d - k)
    signs = [1 if c > 0 else -1 for c in acc.coeffs() if c != 0]
    variations = sum(1 for a, b in zip(signs, signs[1:]) if a != b)
    if variations <= 1:
        return variations == 1
    return q.count_roots(lo, hi) == 1


def _root_of(value: sp.Expr, q: sp.Poly, v: sp.Symbol) -> bool:
    """``q(value) = 0`` for an algebraic number ``value`` (``2*CRootOf(...)``, a surd, ...):
    its minimal polynomial divides ``q`` (exact algebraic-number arithmetic)."""
    m = sp.Poly(sp.minimal_polynomial(value, v), v, domain=sp.QQ)
    return m.degree() >= 1 and q.rem(m).is_zero


def _check_points_of(cert: AlgebraicCertificate, points: list) -> bool:
    """Steps 1, 3 and 4 of the module docstring (everything but the count)."""
    variables = list(cert.variables)
    n = len(variables)
    R = _ring(variables)
    T = sp.Dummy("T")
    F = [R.from_expr(e) for e in cert.equations]
    chi = _upoly(cert.eliminant, T)
    D = chi.degree()
    if D < 0 or (D > 0 and sp.gcd(chi, chi.diff(T)).degree() > 0):
        return False
    if D == 0:
        return not points and not cert.intervals
    flint = _flint()
    fchi = flint.fmpq_poly([_fq(c) for c in cert.eliminant])
    gpolys = [flint.fmpq_poly([_fq(c) for c in g]) for g in cert.parametrisation]
    # 3. each equation vanishes at (g_1(T), ..., g_n(T)) modulo chi, and t(g(T)) = T
    powers: dict = {}
    for e in F:
        if _mod_chi(e.terms(), gpolys, fchi, powers) != 0:
            return False
    # each coordinate's eliminant vanishes at g_i(T) (so the exact values below are the points')
    for i, q in enumerate(cert.eliminants):
        if _mod_chi([(tuple(k if j == i else 0 for j in range(n)), c) for k, c in enumerate(q) if c], gpolys, fchi, powers) != 0:
            return False
    lin = flint.fmpq_poly([])
    for c, g in zip(cert.form, gpolys):
        lin = lin + g * c
    if (lin - flint.fmpq_poly([0, 1])) % fchi != 0:
        return False
    # 4. the number of real roots (SymPy's exact continued-fraction isolation, not Arb) equals
    #    the number of intervals, each interval holds a root (exact, or a sign change), and the
    #    intervals are disjoint: so each holds exactly one
    if len(chi.intervals()) != len(cert.intervals) or len(points) != len(cert.intervals):
        return False
    for k, (lo, hi) in enumerate(cert.intervals):
        if lo == hi:
            if fchi(_fq(lo)) != 0:
                return False
        elif lo > hi or not (fchi(_fq(lo)) * fchi(_fq(hi)) < 0):
            return False
        if k and cert.intervals[k - 1][1] >= lo:
            return False
    # 5. each interval maps (mpmath interval arithmetic) into exactly one listed point's enclosure
    bits = max((int(c.p).bit_length() + int(c.q).bit_length() for g in cert.parametrisation for c in g), default=1)
    widths = [hi - lo for cp in points for lo, hi in cp.enclosure if hi > lo]
    finest = min(widths) if widths else sp.Integer(1)
    bits = 128 + 2 * bits + max(0, -int(math.log2(float(finest)) if finest > 1e-300 else -1100))
    with precision(bits):
        ivg = [[rational_interval(c) for c in g] for g in cert.parametrisation]
    used: set = set()
    for lo, hi in cert.intervals:
        a, b = _fq(lo), _fq(hi)
        va = fchi(a)
        match = None
        for step in range(600):
            if step % 8:  # cheap exact bisections between interval evaluations
                inside = []
            else:
                with precision(bits):
                    A, B = rational_interval(_sq(a)), rational_interval(_sq(b))
                    I = A + (B - A) * iv.mpf([0, 1])  # contains [a, b]
                    vals = []
                    for g in ivg:
                        acc = iv.mpf(0)
                        for c in reversed(g):
                            acc = acc * I + c
                        vals.append(acc)
                    bounds = [(lower_rational(v), upper_rational(v)) for v in vals]
                inside = [k for k, cp in enumerate(points)
                          if all(cp.enclosure[i][0] <= bl and bh <= cp.enclosure[i][1]
                                 for i, (bl, bh) in enumerate(bounds))]
            if len(inside) == 1:
                match = inside[0]
                break
            mid = (a + b) / 2
            vm = fchi(mid)
            if vm == 0:
                a = b = mid
            elif (vm > 0) == (va > 0):
                a = mid
            else:
                b = mid
        if match is None or match in used:
            return False
        used.add(match)
    # 6. exact coordinates: a root of the variable's square-free eliminant, the only one in the enclosure
    for cp in points:
        for i, v in enumerate(variables):
            value = cp.point[v]
            lo, hi = cp.enclosure[i]
            q = _upoly(cert.eliminants[i], v)
            if (q.eval(lo) != 0) if lo == hi else (lo > hi or not _one_root_between(q, lo, hi)):
                return False
            if value.is_Rational:
                if not (lo <= value <= hi) or q.eval(value) != 0:
                    return False
            elif isinstance(value, sp.CRootOf):
                if not q.rem(sp.Poly(value.poly.all_coeffs(), v, domain=sp.QQ)).is_zero:
                    return False
                approx = sp.Rational(str(sp.N(value, 40)))
                if not (lo - sp.Rational(1, 10**35) <= approx <= hi + sp.Rational(1, 10**35)):
                    return False
            else:
                if not _root_of(value, q, v):
                    return False
                approx = sp.Rational(str(sp.N(value, 40)))
                if not (lo - sp.Rational(1, 10**35) <= approx <= hi + sp.Rational(1, 10**35)):
                    return False
    return True


def _check_count(cert: AlgebraicCertificate) -> bool:
    """``|V(F)| <= deg chi`` (step 2 of the module docstring)."""
    by_resultant = _count_by_resultant(cert)
    if by_resultant is not None:
        return by_resultant
    return _count_by_groebner(cert)


def _count_by_groebner(cert: AlgebraicCertificate) -> bool:
    """A Groebner basis by F5B (with the added square-free eliminants, each shown to vanish
    on ``V``: a power of it lies in the ideal) and its standard monomials: ``|V| <= D``."""
    variables = list(cert.variables)
    n = len(variables)
    R = _ring(variables)
    F = [R.from_expr(e) for e in cert.equations]
    G = _groebner(F, R, method="f5b")
    for i, coeffs in cert.added:
        qR = R.from_expr(_upoly(coeffs, variables[i]).as_expr())
        qk = qR
        for _ in range(64):
            if not qk.rem(G):
                break
            qk = qk * qR
        else:
            return False
        F = F + [qR]
    if cert.added:
        G = _groebner(F, R, method="f5b")
    try:
        std = _standard_monomials(G, n)
    except _NotZeroDimensional:
        return False
    return len(std) == len(cert.eliminant) - 1


def _count_by_resultant(cert: AlgebraicCertificate) -> bool | None:
    """``|V| <= D`` in two variables by resultants; ``None`` when the route does not apply."""
    if len(cert.variables) != 2 or len(cert.equations) != 2:
        return None
    flint = _flint()
    x, y = cert.variables
    c0, c1 = (sp.Rational(c) for c in cert.form)
    t, s = sp.Dummy("t"), sp.Dummy("s")
    if c0 != 0:
        change = {x: (t - c1 * s) / c0, y: s}
    elif c1 != 0:
        change = {x: s, y: t / c1}
    else:
        return None
    ctx = flint.fmpq_mpoly_ctx.get(("t", "s"), "lex")
    polys = []
    for e in cert.equations:
        p = sp.Poly(sp.expand(sp.sympify(e).xreplace(change)), t, s, domain=sp.QQ)
        polys.append((p, ctx.from_dict({m: _fq(c) for m, c in p.terms()})))
    # one of them needs a constant leading coefficient in s (no solution at infinity on the lines)
    def monic_in_s(p: sp.Poly) -> bool:
        top = max(m[1] for m in p.monoms())
        return top > 0 and all(m[0] == 0 for m in p.monoms() if m[1] == top)
    if not monic_in_s(polys[0][0]):
        polys.reverse()
        if not monic_in_s(polys[0][0]):
            return None
    (pa, A), (pb, B) = polys
    res = A.resultant(B, "s")
    if res.is_zero():
        return None  # a common factor: not zero-dimensional
    coeffs = [0] * (res.degrees()[0] + 1)
    for (k, _), c in res.to_dict().items():
        coeffs[k] = c
    Rt = flint.fmpq_poly(coeffs)
    fchi = flint.fmpq_poly([_fq(c) for c in cert.eliminant])
    if Rt.degree() < 1:
        return fchi.degree() == 0
    sqf = Rt / Rt.gcd(Rt.derivative())
    if fchi % sqf != 0:
        return False  # a critical point with a t-value that is no root of chi
    _, factors = Rt.factor()
    for p, mult in factors:
        if mult == 1:
            continue
        if p.degree() != 1:
            return None  # a multiple irrational root: leave it to the Groebner route
        t0 = -p[0] / p[1]
        ua, ub = (_at_line(q, t0) for q in (pa, pb))
        g = ua.gcd(ub) if not ub.is_zero() else ua
        if g.degree() < 1 or (g / g.gcd(g.derivative())).degree() != 1:
            return False  # more than one point (or none) on the line t = t0
    return True


def _at_line(p: sp.Poly, t0: Any) -> Any:
    """``p(t0, s)`` as a FLINT polynomial in ``s``."""
    flint = _flint()
    coeffs: dict = {}
    for (i, j), c in p.terms():
        coeffs[j] = coeffs.get(j, 0) + _fq(c) * t0**i
    top = max(coeffs) if coeffs else 0
    return flint.fmpq_poly([coeffs.get(j, 0) for j in range(top + 1)])
