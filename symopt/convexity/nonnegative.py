"""Proofs that a function is nonnegative on a box: the building block of every Hessian certificate.

:func:`prove_nonnegative` tries, cheapest first: SymPy's assumptions and
interval enclosures of the function, its expansion and its factorisation
(:func:`~symopt.exact.signs.prove_sign`); Sturm counting for univariate
polynomials; sums of squares (:mod:`symopt.convexity.sos`); a monotone
argument from an exact anchor for one-variable transcendental functions; and
interval branch-and-bound on bounded boxes.  Each result is a
:class:`~symopt.convexity.evidence.Nonnegative` that re-checks on its own.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np
import sympy as sp

from ..exact import interval as ivl
from ..config import config
from ..core.domain import Bound, Box
from ..errors import BudgetExceeded
from ..limits import work_deadline
from ..exact.linalg import bisect_box, interval_psd
from ..exact.signs import const_sign, defined_on, is_smooth, prove_sign, value_at
from .context import _BNB_BOXES, _Ctx
from .evidence import IntervalHessianCover, Nonnegative
from .sos import _sos, _sos_search, _sos_shifted

__all__ = ["prove_nonnegative"]


def prove_nonnegative(h: sp.Expr, box: Box, strict: bool = False, ctx: _Ctx | None = None) -> Nonnegative | None:
    """Evidence that ``h >= 0`` (``> 0`` if strict) on ``box``, or ``None``.

    Tries SymPy's assumptions and interval enclosures of ``h``, of its
    expansion and of its factorisation; Sturm counting for univariate
    polynomials; then interval branch-and-bound on bounded boxes.

    >>> from symopt.core.parse import parse, parse_symbols
    >>> (x,) = parse_symbols("x")
    >>> prove_nonnegative(parse("x**2 - 2*x + 2"), Box.whole((x,))).method   # a Sturm count
    'sign'
    """
    if ctx is None:
        ctx = _Ctx(box.variables, box, work_deadline(config.budget_for("interval") or 5.0))
    rel = ">0" if strict else ">=0"
    h = sp.sympify(h)
    forms = [h]
    # cancel() clears radicals from a small quotient (1/(2x) - (sqrt(x) - 1)/(2x^(3/2)) = 1/(2x^(3/2))); on big
    # expressions it runs into long integer arithmetic that no work limit interrupts, so only there
    radical = any(p.exp.is_Rational and not p.exp.is_Integer for p in h.atoms(sp.Pow))
    small = radical and sp.count_ops(h) <= 40 and all(abs(n) < 10**12 for n in h.atoms(sp.Integer))
    for fn in (sp.expand, sp.factor, sp.cancel) if small else (sp.expand, sp.factor) if _modest(h, box.variables) else ():
        try:
            forms.append(ctx.run(fn, h, step="convexity", cap=max(0.2, 0.1 * ctx.remaining())))
        except (BudgetExceeded, sp.PolynomialError, TypeError, ValueError):
            pass
    for form in forms:
        how = prove_sign(form, box, rel)
        if how is not None:
            method = "assumptions" if how.startswith("SymPy") else ("enclosure" if how.startswith("interval") else "sign")
            ev = Nonnegative(h, box, method, form, strict)
            return ev
    ev = _termwise(h, forms, box, strict) or _quotient(h, box, strict, ctx)
    if ev is not None:
        return ev
    vs = box.variables
    if len(vs) == 1 and h.is_polynomial(vs[0]) and not strict and _modest(h, vs):
        try:
            ev = ctx.run(_univariate, h, box, step="convexity", cap=max(0.2, 0.2 * ctx.remaining()))
        except BudgetExceeded:
            ev = None
        if ev is not None:
            return ev
    algebra = h.is_polynomial(*vs) and _modest(h, vs)
    if not strict and algebra:
        try:
            ev = ctx.run(_sos, h, box, step="convexity", cap=max(0.2, 0.2 * ctx.remaining()))
        except BudgetExceeded:
            ev = None
        if ev is not None:
            return ev
    if not strict and len(vs) == 1 and is_smooth(h) and not h.is_polynomial(*vs):
        ev = _monotone_from_anchor(h, box, ctx, depth=3)
        if ev is not None:
            return ev
    if len(vs) == 1 and box.bounds[0].lo is not -sp.oo and box.bounds[0].lo >= 0 and _root_degree(h, vs[0]) > 1:
        ev = _root_substitution(h, box, strict, ctx)
        if ev is not None:
            return ev
    if len(vs) == 1 and h.has(sp.log) and box.bounds[0].lo is not -sp.oo and box.bounds[0].lo >= 0:
        ev = _log_substitution(h, box, strict, ctx)
        if ev is not None:
            return ev
    if not strict and algebra and not box.is_whole:
        ev = _sos_shifted(h, box, ctx)
        if ev is not None:
            return ev
    if not strict and algebra:
        try:
            ev = ctx.run(_sos_search, h, box, step="convexity", cap=max(0.5, 0.5 * ctx.remaining()))
        except BudgetExceeded:
            ev = None
        if ev is not None:
            return ev
    if box.bounded:
        return _bnb_scalar(h, box, strict, ctx)
    return None


def _termwise(h: sp.Expr, forms: list, box: Box, strict: bool) -> Nonnegative | None:
    """A sum (one of ``forms``) whose terms each have a proved sign: ``>= 0`` each, one ``> 0`` when ``strict``.

    Sums of positive terms that blow up at an open end of the box (``1/x^2 + 1/(1 - x - y)^2`` on ``(0, 1/2)^2``)
    have no finite enclosure, but each term's sign follows from its factors."""
    for form in forms:
        terms = sp.Add.make_args(form)
        if not 2 <= len(terms) <= 24:
            continue
        parts = []
        for t in terms:
            how = prove_sign(t, box, ">=0")
            if how is None:
                break
            positive = strict and not any(p.strict for p in parts) and prove_sign(t, box, ">0") is not None
            parts.append(Nonnegative(t, box, "sign", t, positive))
        else:
            if strict and not any(p.strict for p in parts):
                continue
            return Nonnegative(h, box, "terms", form, strict, tuple(parts))
    return None


def _quotient(h: sp.Expr, box: Box, strict: bool, ctx: _Ctx) -> Nonnegative | None:
    """``h = num/den`` with ``den > 0`` on the box (signs of its factors) and ``num`` proved on the closed box.

    A Hessian minor of a barrier is such a quotient: its denominator vanishes at the open ends, so no enclosure of
    ``h`` is finite there, while the polynomial numerator is bounded on the closure."""
    vs = box.variables
    if not h.is_rational_function(*vs) or not _modest(h, vs):
        return None
    try:
        num, den = ctx.run(lambda: sp.fraction(sp.cancel(sp.together(h))), step="convexity",
                           cap=max(0.2, 0.1 * ctx.remaining()))
    except (BudgetExceeded, sp.PolynomialError):
        return None
    if den.is_number or prove_sign(den, box, ">0") is None:
        return None
    closure = Box(vs, tuple(Bound(b.lo, b.hi) for b in box.bounds))
    inner = prove_nonnegative(num, closure, strict, ctx)
    if inner is None and closure != box:
        inner = prove_nonnegative(num, box, strict, ctx)
    if inner is None:
        return None
    return Nonnegative(h, box, "quotient", h, strict, (inner, Nonnegative(den, box, "sign", den, True)))


def _log_substitution(h: sp.Expr, box: Box, strict: bool, ctx: _Ctx) -> Nonnegative | None:
    """``h(x) >= 0`` on ``x > 0`` from ``h(e^t) >= 0`` on an interval of ``t`` holding ``log`` of the box.

    The ends of that interval are rational bounds outward of ``log lo`` and ``log hi`` (``-oo`` for ``lo = 0``).
    """
    (x,) = box.variables
    b = box.bound(x)
    if b.lo == 0 and not b.lo_strict:
        return None
    t = sp.Dummy("t", real=True)
    k = h.xreplace({x: sp.exp(t)})
    if k.has(sp.log) or ctx.remaining() <= 0.1:
        return None

    def outward(v: sp.Expr, up: bool) -> sp.Expr:
        if v is sp.oo or v == 0:
            return sp.oo if up else -sp.oo
        val = float(sp.log(v).evalf(30))
        r = sp.Rational(math.ceil(val * 1024) if up else math.floor(val * 1024), 1024)
        return r

    tbox = Box((t,), (Bound(outward(b.lo, False), outward(b.hi, True)),))
    inner = prove_nonnegative(k, tbox, strict=strict, ctx=ctx.sub((t,), tbox))
    if inner is None:
        return None
    ev = Nonnegative(h, box, "log-substitution", h, strict, (t, inner))
    return ev if ev.check() else None


def _root_degree(h: sp.Expr, x: sp.Symbol) -> int:
    """The least common denominator ``q`` of the fractional exponents of ``x`` in ``h`` (1 when there are none)."""
    dens = [p.exp.q for p in h.atoms(sp.Pow) if p.base == x and p.exp.is_Rational and not p.exp.is_Integer]
    return int(sp.ilcm(*dens)) if len(dens) > 1 else (int(dens[0]) if dens else 1)


def _root_substitution(h: sp.Expr, box: Box, strict: bool, ctx: _Ctx) -> Nonnegative | None:
    """``h(x) >= 0`` on ``x >= 0`` from ``h(u^q) >= 0`` on ``u >= 0``: ``x = u^q`` maps ``[0, oo)`` onto itself
    monotonically, and clears the roots (``exp(sqrt(x))*(sqrt(x) - 1)/x**(3/2)`` becomes ``e^u (u - 1)/u^3``).

    The ``u``-interval's ends are rational, outward of ``lo^(1/q)`` and ``hi^(1/q)``.
    """
    (x,) = box.variables
    b = box.bound(x)
    q = _root_degree(h, x)
    if ctx.remaining() <= 0.1:
        return None
    u = sp.Dummy("u", nonnegative=True)
    k = h.xreplace({x: u**q})

    def outward(v: sp.Expr, up: bool) -> sp.Expr:
        if v is sp.oo:
            return sp.oo
        r = sp.root(v, q)
        if r.is_Rational:
            return r
        val = float(r.evalf(30))
        return sp.Rational(math.ceil(val * 1024) if up else max(math.floor(val * 1024), 0), 1024)

    lo, hi = outward(b.lo, False), outward(b.hi, True)
    ubox = Box((u,), (Bound(lo, hi, b.lo_strict and lo ** q == b.lo, b.hi_strict and hi is not sp.oo and hi ** q == b.hi),))
    inner = prove_nonnegative(k, ubox, strict=strict, ctx=ctx.sub((u,), ubox))
    if inner is None:
        return None
    ev = Nonnegative(h, box, "root-substitution", h, strict, (u, q, inner))
    return ev if ev.check() else None


def _monotone_from_anchor(h: sp.Expr, box: Box, ctx: _Ctx, depth: int) -> Nonnegative | None:
    """``h >= 0`` on an interval from ``h(c) >= 0`` and the sign of ``h'`` on each side of an anchor ``c``.

    Anchors: the interval's finite ends and the exact rational zeros of ``h'`` found among simple points;
    the signs of ``h'`` are proved by the direct methods or, ``depth`` times, by this method again.
    """
    if depth <= 0 or ctx.remaining() <= 0.05:
        return None
    (x,) = box.variables
    b = box.bound(x)
    if defined_on(h, Box((x,), (Bound(b.lo, b.hi),))) is None:
        return None
    d = sp.diff(h, x)
    anchors = [e for e in (b.lo, b.hi) if e.is_Rational]
    for c in (0, 1, -1, 2, -2, sp.Rational(1, 2), -sp.Rational(1, 2)):
        c = sp.Integer(c) if isinstance(c, int) else c
        if (b.lo is -sp.oo or c > b.lo) and (b.hi is sp.oo or c < b.hi) and _exact_zero(value_at(d, {x: c})):
            anchors.append(c)
    for c in anchors:
        if const_sign(value_at(h, {x: c})) not in (0, 1):
            continue
        sides = []
        for lo, hi, ls, hs, sign, present in ((b.lo, c, b.lo_strict, False, -1, b.lo != c),
                                              (c, b.hi, False, b.hi_strict, 1, b.hi != c)):
            if not present:
                sides.append(None)
                continue
            side = Box((x,), (Bound(lo, hi, ls, hs),)).interior()
            g = sign * d
            ev = None
            for form in (g, sp.expand(g)):
                how = prove_sign(form, side, ">=0")
                if how is not None:
                    ev = Nonnegative(g, side, "assumptions" if how.startswith("SymPy") else "enclosure", form, False)
                    break
            if ev is None:
                ev = _monotone_from_anchor(g, side, ctx, depth - 1)
            if ev is None:
                break
            sides.append(ev)
        if len(sides) == 2:
            out = Nonnegative(h, box, "monotone", h, False, (c, sides[0], sides[1]))
            if out.check():
                return out
    return None


def _exact_zero(v: sp.Expr) -> bool:
    return const_sign(v) == 0


def _modest(h: sp.Expr, variables: tuple) -> bool:
    """Small enough for exact polynomial algebra (expansion, factoring, square-free parts): degree at most 60 in each
    variable and integers below 10^60.  Beyond, that algebra runs in long integer arithmetic that no work limit
    interrupts (``(x + 1)**10000``), and the enclosures and branch-and-bound still apply."""
    for p in h.atoms(sp.Pow):
        if p.exp.is_Integer and abs(p.exp) > 60:
            return False
    return all(abs(n) < 10**60 for n in h.atoms(sp.Integer))


def _univariate(h: sp.Expr, box: Box) -> Nonnegative | None:
    (x,) = box.variables
    b = box.bound(x)
    for e in (b.lo, b.hi):
        if e.is_finite and not e.is_Rational:
            return None
    try:
        p = sp.Poly(h, x)
    except sp.PolynomialError:
        return None
    if any(not c.is_Rational for c in p.coeffs()):
        return None
    c, factors = p.sqf_list()
    odd = sp.Poly(c, x)
    root = sp.Poly(1, x)
    for fac, mult in factors:
        if mult % 2:
            odd = odd * fac
        root = root * fac ** (mult // 2)
    ev = Nonnegative(h, box, "univariate", h, False, (odd.as_expr(), root.as_expr()))
    return ev if ev.check() else None


def _rational_bounds(box: Box) -> list[tuple[sp.Rational, sp.Rational]] | None:
    out = []
    for b in box.bounds:
        if not (b.lo.is_Rational and b.hi.is_Rational):
            return None
        out.append((b.lo, b.hi))
    return out


def _bnb(accept: Callable[[tuple], bool], reject: Callable[[tuple], bool], box: Box, ctx: _Ctx) -> tuple | None:
    start = _rational_bounds(box)
    if start is None:
        return None
    stack = [tuple(start)]
    done: list[tuple] = []
    evaluated = 0
    while stack:
        if ctx.remaining() <= 0.05 or evaluated > _BNB_BOXES:
            return None
        sub = stack.pop()
        evaluated += 1
        if accept(sub):
            done.append(sub)
            continue
        if reject(sub):
            return None
        stack.extend(bisect_box(sub))
    return tuple(done)


def _center(sub: tuple, vs: tuple) -> dict:
    return {v: (lo + hi) / 2 for v, (lo, hi) in zip(vs, sub)}


def _bnb_scalar(h: sp.Expr, box: Box, strict: bool, ctx: _Ctx) -> Nonnegative | None:
    vs = box.variables

    def accept(sub: tuple) -> bool:
        try:
            r = ivl.enclose(h, dict(zip(vs, sub)), prec=80)
        except (ivl.Undefined, ArithmeticError):
            return False
        return ivl.lower(r) > 0 if strict else ivl.lower(r) >= 0

    def reject(sub: tuple) -> bool:
        try:
            r = ivl.enclose(h, ivl.point_box(_center(sub, vs)), prec=80)
        except (ivl.Undefined, ArithmeticError):
            return True
        return ivl.upper(r) < 0

    try:
        boxes = ctx.run(_bnb, accept, reject, box, ctx, step="interval", cap=max(0.3, 0.5 * ctx.remaining()))
    except BudgetExceeded:
        return None
    if boxes is None:
        return None
    ev = Nonnegative(h, box, "branch-and-bound", h, strict, boxes)
    return ev


def _bnb_matrix(H: sp.Matrix, ctx: _Ctx, strict: bool = False) -> IntervalHessianCover | None:
    vs, box = ctx.variables, ctx.box
    def accept(sub: tuple) -> bool:
        return interval_psd(H, dict(zip(vs, sub)), strict=strict, prec=80)

    def reject(sub: tuple) -> bool:
        c = _center(sub, vs)
        try:
            A = np.array(H.xreplace(c).evalf(20).tolist(), dtype=float)
        except (TypeError, ValueError):
            return True
        if not np.all(np.isfinite(A)):
            return True
        return float(np.linalg.eigvalsh(A)[0]) < -1e-12 * max(1.0, float(np.abs(A).max()))

    try:
        boxes = ctx.run(_bnb, accept, reject, box, ctx, step="interval", cap=max(0.3, 0.5 * ctx.remaining()))
    except BudgetExceeded:
        return None
    if boxes is None:
        return None
    return IntervalHessianCover(H, box, boxes, strict)
