"""Refutations for every constant at once: no modulus ``m > 0`` (strong convexity) or no ``L`` (smoothness) works.

A singular Hessian at an inner point, a path along which the curvature
vanishes or escapes every bound, a ray of bounded slope, a segment where ``f``
is affine, a kink.  Each witness is exact and checked by its own class.
"""

from __future__ import annotations

import itertools
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from ..errors import BudgetExceeded
from ..exact.signs import is_smooth, twice_differentiable, value_at
from .constants import _nice_above, _nice_below
from .context import _Ctx, _hessian, _interior_point, _rat
from .evidence import Witness
from .nonsmooth import _rational_roots, _switching
from .search import _compiled, _samples
from .witnesses import AffineSegmentWitness, BoundedSlopeWitness, CurvatureFamilyWitness, JensenWitness, KinkWitness, SingularHessianWitness


def _bounded_slope(f: sp.Expr, ctx: _Ctx) -> Witness | None:
    """A ray along which the slope of f stays bounded (numeric filter, then the exact check)."""
    try:
        return ctx.run(_bounded_slope_search, f, ctx, step="convexity", cap=max(0.3, 0.3 * ctx.remaining()))
    except BudgetExceeded:
        return None


def _bounded_slope_search(f: sp.Expr, ctx: _Ctx) -> Witness | None:
    vs, box = ctx.variables, ctx.box
    n = len(vs)
    fc = _compiled(f, ctx)
    if fc is None:
        return None
    p0 = _interior_point(ctx)
    p = tuple(p0[v] for v in vs)
    ts = np.array([0.0, 1.0, 5.0, 20.0, 50.0, 100.0, 1e3, 1e4])
    for i in range(n):
        for sgn in (1, -1):
            b = box.bound(vs[i])
            if (sgn > 0 and b.hi is not sp.oo) or (sgn < 0 and b.lo is not -sp.oo):
                continue
            d = tuple(sgn if k == i else 0 for k in range(n))
            h = 1e-4
            with np.errstate(all="ignore"):
                P = np.array([[float(c) for c in p]] * len(ts)) + np.outer(ts, d)
                sl = (fc.value(P + h * np.array(d)) - fc.value(P - h * np.array(d))) / (2 * h)
            sl = sl[np.isfinite(sl)]  # overflow far out (log cosh at 1e4): judge on the finite part
            if len(sl) < 5:
                continue
            B = float(np.max(np.abs(sl)))
            if np.abs(sl[-1]) > 1.5 * max(np.abs(sl[-2]), 1e-9) or np.abs(sl[-1]) > 1e3:
                continue  # still growing: not bounded
            for cand in _nearest(B) + _nice_above(B * 1.01) + [sp.Integer(int(B) + 1)]:
                w = BoundedSlopeWitness(f, vs, p, d, cand, box)
                if w.check():
                    return w
    return None


def _nonsmooth_candidates(f: sp.Expr, ctx: _Ctx, which: str) -> list[sp.Expr]:
    """Candidate m (smallest) or L (largest) curvature of a non-smooth f from sampled second differences.

    Only candidates: the proof (convexity of f - m/2||x||^2, of L/2||x||^2 -+ f) decides.
    Second differences across a kink are large, so L also tries a high quantile.
    """
    fc = _compiled(f, ctx)
    if fc is None:
        return []
    rng = np.random.default_rng(ctx.seed + 5)
    X = _samples(ctx, 256, rng)
    n = len(ctx.variables)
    V = rng.normal(size=(len(X), n))
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    h = 1e-3
    with np.errstate(all="ignore"):
        try:
            d2 = (fc.value(X + h * V) - 2 * fc.value(X) + fc.value(X - h * V)) / h**2
        except Exception:  # noqa: BLE001
            return []
    d2 = d2[np.isfinite(d2)]
    if not len(d2):
        return []
    if which == "m":
        lo = float(np.quantile(d2, 0.02))
        return (_nearest(lo) + [c for c in _nice_below(lo) if c not in _nearest(lo)]) if lo > 0 else []
    out: list[sp.Expr] = []
    for q in (0.9, 0.98, 1.0):
        hi = float(np.quantile(np.abs(d2), q))
        out += [c for c in _nearest(hi) + _nice_above(hi) if c not in out] if hi > 0 else []
    return out[:5]


def _nearest(v: float) -> list[sp.Rational]:
    """The simple rational (denominator 1, 2, 4, 8) within 1% of ``v``, if any: second differences round."""
    for den in (1, 2, 4, 8):
        r = sp.Rational(round(v * den), den)
        if r > 0 and abs(float(r) - v) <= 0.01 * abs(v):
            return [r]
    return []


def _kink(f: sp.Expr, ctx: _Ctx) -> Witness | None:
    """A kink at an inner point (abs / max / min switching), found at the exact zeros of a switching function."""
    vs, box = ctx.variables, ctx.box
    p0 = _interior_point(ctx)
    for s_fn in _switching(f):
        for i, v in enumerate(vs):
            if not s_fn.has(v):
                continue
            g = s_fn.xreplace({u: p0[u] for u in vs if u != v})
            if not is_smooth(g):
                continue
            b = box.bound(v)
            roots = _rational_roots(g, v, b.lo, b.hi)
            for c in roots or []:
                point = tuple(c if u == v else p0[u] for u in vs)
                d = tuple(1 if k == i else 0 for k in range(len(vs)))
                for delta in (sp.Rational(1, 4), sp.Rational(1, 64), sp.Rational(1, 4096)):
                    w = KinkWitness(f, vs, point, d, delta, box)
                    if w.check():
                        return w
    return None


def _param_symbol(vs: tuple) -> sp.Symbol:
    names = {v.name for v in vs}
    for n in ("s", "r", "t", "K"):
        if n not in names:
            return sp.Symbol(n, positive=True)
    return sp.Dummy("s", positive=True)


def _families(b: Any, p0: sp.Expr, s: sp.Symbol) -> list[sp.Expr]:
    """Candidate coordinate paths ``c(s)``, ``s > 0``, inside the bound ``b``, running to its ends."""
    pos = []
    for r in (1, sp.Rational(1, 2), sp.Rational(1, 3), sp.Rational(1, 4), 2, 3, sp.Rational(2, 3), sp.Rational(3, 2)):
        for c in (1, 2, sp.Rational(1, 2), 4, sp.Rational(1, 4)):
            pos.append(c * s**r)
            pos.append(c * s**(-r))
    pos += [sp.log(1 + s) + k for k in (0, 1, 2)]
    out = []
    if b.lo is -sp.oo and b.hi is sp.oo:
        # logarithmic paths first: exponential growth or decay is the common case, and they check fastest
        out += [sp.log(s) + k for k in (1, -1, 2, -2, 0)] + [-sp.log(s) + k for k in (1, -1, 2, -2, 0)]
        out += [p0 + q for q in pos] + [p0 - q for q in pos]
    else:
        if b.lo is not -sp.oo:
            out += [b.lo + q for q in pos if b.hi is sp.oo or q.has(sp.log) is False]
        if b.hi is not sp.oo:
            out += [b.hi - q for q in pos]
    return out


def _modulus_free_witness(f: sp.Expr, ctx: _Ctx, bounds: tuple) -> Witness | None:
    """A witness that refutes strong convexity ("vanishing") or L-smoothness ("above"/"below") for every constant."""
    try:
        return ctx.run(_modulus_free_search, f, ctx, bounds, step="convexity", cap=max(0.5, 0.5 * ctx.remaining()))
    except BudgetExceeded:
        return None


def _modulus_free_search(f: sp.Expr, ctx: _Ctx, bounds: tuple) -> Witness | None:
    vs, box = ctx.variables, ctx.box
    if not twice_differentiable(f, vs, box):
        return None
    H = sp.hessian(f, vs)
    n = len(vs)
    if "vanishing" in bounds:
        w = _singular_point(f, H, ctx)
        if w is not None:
            return w
    s = _param_symbol(vs)
    p0 = _interior_point(ctx)
    probes = [1e-4, 1e-2, 1.0, 1e2, 1e4]
    try:
        hfun = [sp.lambdify(vs, H[j, j], modules="mpmath", dummify=True) for j in range(n)]
    except Exception:  # noqa: BLE001 - no numeric filter, no search
        return None
    base = [mpmath.mpf(float(p0[v])) for v in vs]
    tried = 0
    for i in range(n):
        for path in _families(box.bound(vs[i]), p0[vs[i]], s):
            try:
                pf = sp.lambdify(s, path, modules="mpmath")
                coords = [pf(mpmath.mpf(p)) for p in probes]
            except Exception:  # noqa: BLE001
                continue
            point = tuple(path if j == i else p0[v] for j, v in enumerate(vs))
            for j in range(n):
                try:
                    vals = []
                    for c in coords:
                        args = list(base)
                        args[i] = c
                        r = hfun[j](*args)
                        vals.append(float(r) if not isinstance(r, mpmath.mpc) else float("nan"))
                except Exception:  # noqa: BLE001 - numeric filter only
                    continue
                for bound in bounds:
                    gaps = {"above": [v - p for v, p in zip(vals, probes)], "below": [-v - p for v, p in zip(vals, probes)],
                            "vanishing": [p - v for v, p in zip(vals, probes)]}[bound]
                    if not all(np.isfinite(g) and g > 0 for g in gaps):
                        continue
                    vec = tuple(1 if k == j else 0 for k in range(n))
                    w = CurvatureFamilyWitness(f, vs, s, point, vec, box, bound)
                    tried += 1
                    if w.check():
                        return w
                    if tried >= 16:
                        return None
    return None


def _singular_point(f: sp.Expr, H: sp.Matrix, ctx: _Ctx) -> SingularHessianWitness | None:
    """An inner rational point where the Hessian is singular: exact roots of f'' (1-D) or simple grid points."""
    vs, box = ctx.variables, ctx.box
    inner = box.interior()
    cands: list[dict] = []
    if len(vs) == 1:
        (x,) = vs
        r = _rational_roots(H[0, 0], x, box.bound(x).lo, box.bound(x).hi) if is_smooth(H[0, 0]) else None
        cands += [{x: c} for c in (r or [])]
        if r is None and H[0, 0].is_polynomial(x) and sp.degree(H[0, 0], x) <= 8:
            try:  # irrational roots written with radicals (f'' = (x**2 - 2)**2 vanishes at sqrt(2))
                roots = sp.roots(sp.Poly(H[0, 0], x))
            except (sp.PolynomialError, NotImplementedError):
                roots = {}
            cands += [{x: c} for c in roots if c.is_real]
    vals = [sp.S.Zero, sp.S.One, -sp.S.One, sp.Rational(1, 2), -sp.Rational(1, 2), sp.Integer(2), -sp.Integer(2)]
    for pt in itertools.islice(itertools.product(vals, repeat=len(vs)), 64):
        cands.append(dict(zip(vs, pt)))
    for c in cands:
        if not inner.contains(c):
            continue
        Hp = H.applyfunc(lambda e: value_at(e, c))
        if any(not e.is_Rational for e in Hp):
            continue
        ker = Hp.nullspace()
        if ker:
            v = ker[0] * sp.ilcm(1, 1, *[sp.fraction(e)[1] for e in ker[0]])
            w = SingularHessianWitness(f, vs, tuple(c[v_] for v_ in vs), tuple(v), box)
            if w.check():
                return w
    return None


def _kernel_directions(v: Any) -> list[tuple]:
    """Rational directions near the float vector ``v``: scaled so its largest entry is 1 and each entry rounded to a
    small denominator (an exact kernel direction such as (6, -1) is found from (0.986, -0.164)), then integers."""
    big = float(np.max(np.abs(v)))
    if not big > 0:
        return []
    out = []
    for den in (12, 64):
        r = [_rat(c / big, den) for c in v]
        scale = sp.ilcm(*[sp.fraction(c)[1] for c in r])
        d = tuple(c * scale for c in r)
        if d not in out:
            out.append(d)
    out.append(tuple(_rat(c, 64) for c in v))
    return out


def _affine_segment(f: sp.Expr, ctx: _Ctx) -> AffineSegmentWitness | JensenWitness | None:
    """Exact points with f affine between them (refutes strict convexity): coordinate and diagonal segments, kernel directions."""
    try:
        return ctx.run(_affine_segment_search, f, ctx, step="convexity", cap=max(0.5, 0.4 * ctx.remaining()))
    except BudgetExceeded:
        return None


def _affine_at_60_digits(f: sp.Expr, vs: tuple, a: tuple, b: tuple) -> bool:
    """A filter before the exact check: at 60 digits, ``f`` at the midpoint and the quarter points of ``[a, b]`` is
    the average of its ends to within 1e-45 relative (an affine segment passes; curvature like e^-15 does not)."""
    try:
        fm = sp.lambdify(vs, f, modules="mpmath")
        with mpmath.workdps(60):
            pts = [[mpmath.mpf(sp.Rational(ai).p) / sp.Rational(ai).q * (1 - t) + mpmath.mpf(sp.Rational(bi).p) / sp.Rational(bi).q * t
                    for ai, bi in zip(a, b)] for t in (mpmath.mpf(0), mpmath.mpf(1) / 4, mpmath.mpf(1) / 2, mpmath.mpf(1))]
            v0, vq, vm, v1 = (fm(*p) for p in pts)
            scale = 1 + abs(v0) + abs(v1)
            return bool(abs(vm - (v0 + v1) / 2) <= mpmath.mpf(10) ** -45 * scale
                        and abs(vq - (3 * v0 + v1) / 4) <= mpmath.mpf(10) ** -45 * scale)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError, NameError):
        return True  # not evaluable here: leave the decision to the exact check


def _affine_segment_search(f: sp.Expr, ctx: _Ctx) -> AffineSegmentWitness | JensenWitness | None:
    vs, box = ctx.variables, ctx.box
    n = len(vs)
    dirs = [tuple(1 if k == i else 0 for k in range(n)) for i in range(n)]
    if n >= 2:
        dirs += [tuple([1] * n), tuple([1, -1] + [0] * (n - 2))]
    smooth = is_smooth(f)
    if smooth:
        H = _hessian(f, ctx)
        if H is not None:
            fc = _compiled(f, ctx, H)
            rng = np.random.default_rng(ctx.seed + 3)
            X = _samples(ctx, 32, rng)
            with np.errstate(all="ignore"):
                try:
                    Hs = fc.hess(X)
                    ok = np.all(np.isfinite(Hs.reshape(len(X), -1)), axis=1)
                    lam, V = np.linalg.eigh(Hs[ok])
                    for k in np.argsort(np.abs(lam[:, 0]))[:4]:
                        if abs(lam[k, 0]) < 1e-10 * max(1.0, abs(lam[k]).max()):
                            for d in _kernel_directions(V[k][:, 0]):
                                if any(d) and d not in dirs:
                                    dirs.insert(0, d)
                except Exception:  # noqa: BLE001
                    pass
    fv = _compiled(f, ctx)
    starts = [_interior_point(ctx)]
    for val in (1, -1, 2, -2, sp.Rational(1, 2), 3, -3):
        p = {v: c + val for v, c in starts[0].items()}
        if box.contains(p):
            starts.append(p)
    for p in starts:
        for d in dirs:
            for length in (1, sp.Rational(1, 2), sp.Rational(1, 8)):
                a = tuple(p[v] for v in vs)
                b = tuple(p[v] + length * c for v, c in zip(vs, d))
                if not box.contains(dict(zip(vs, b))):
                    b = tuple(p[v] - length * c for v, c in zip(vs, d))
                    if not box.contains(dict(zip(vs, b))):
                        continue
                if fv is not None:
                    with np.errstate(all="ignore"):
                        ts = np.linspace(0.0, 1.0, 5)
                        pts = np.array([[float(ai) + t * (float(bi) - float(ai)) for ai, bi in zip(a, b)] for t in ts])
                        vals = fv.value(pts)
                    if not np.all(np.isfinite(vals)):
                        continue
                    lin = vals[0] + ts * (vals[-1] - vals[0])
                    if np.max(np.abs(vals - lin)) > 1e-9 * (1 + np.max(np.abs(vals))):
                        continue
                if not _affine_at_60_digits(f, vs, a, b):
                    continue  # curvature below double precision (log-sum-exp far out): the exact identity test would be costly
                seg = AffineSegmentWitness(f, vs, a, b, box)
                if seg.check():
                    return seg
                w = JensenWitness(f, vs, a, b, sp.Rational(1, 2), box, kind="equality")
                if w.check():
                    return w
    return None
