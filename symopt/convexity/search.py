"""Numeric search for counterexamples, made exact: Jensen witnesses from negative curvature and midpoint gaps.

Candidates come from floats (sampled Hessians, midpoint gaps); every
returned witness is rational and has passed its own exact ``check()``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from ..errors import BudgetExceeded
from ..exact.linalg import negative_direction
from ..exact.signs import gap_sign, is_smooth, value_at
from .context import _Ctx, _hessian, _interior_point, _rat
from .witnesses import JensenWitness


def _constant_hessian_witness(g: sp.Expr, H: sp.Matrix, ctx: _Ctx) -> JensenWitness | None:
    v = negative_direction(H)
    if v is None:
        return None
    p = _interior_point(ctx)
    if not ctx.box.contains(p):
        return None
    vs = ctx.variables
    for k in range(0, 30):
        t = sp.Rational(1, 2**k)
        x = tuple(p[s] + t * v[i] for i, s in enumerate(vs))
        y = tuple(p[s] - t * v[i] for i, s in enumerate(vs))
        w = JensenWitness(g, vs, x, y, sp.Rational(1, 2), ctx.box)
        if ctx.box.contains(dict(zip(vs, x))) and ctx.box.contains(dict(zip(vs, y))):
            return w if w.check() else None
    return None


def _singular_witness(f: sp.Expr, ctx: _Ctx) -> JensenWitness | None:
    """Equality witness along a kernel direction of a constant singular Hessian."""
    vs = ctx.variables
    if not is_smooth(f):
        return None
    H = _hessian(f, ctx)
    if H is None or H.free_symbols & set(vs):
        return None
    ker = H.nullspace()
    if not ker:
        return None
    v = ker[0]
    if any(not c.is_Rational for c in v):
        return None
    p = _interior_point(ctx)
    for k in range(0, 30):
        t = sp.Rational(1, 2**k)
        x = tuple(p[s] + t * v[i] for i, s in enumerate(vs))
        y = tuple(p[s] - t * v[i] for i, s in enumerate(vs))
        if ctx.box.contains(dict(zip(vs, x))) and ctx.box.contains(dict(zip(vs, y))):
            w = JensenWitness(f, vs, x, y, sp.Rational(1, 2), ctx.box, kind="equality")
            return w if w.check() else None
    return None


def _nonzero_point(h: sp.Expr, ctx: _Ctx) -> sp.Rational | None:
    (x,) = ctx.variables
    p = _interior_point(ctx)[x]
    for q in (p, p + sp.Rational(1, 3), p - sp.Rational(1, 3), p + sp.Rational(1, 7)):
        if not ctx.box.contains({x: q}):
            continue
        val = value_at(h, {x: q})

        s, _ = gap_sign(val)
        if s is not None and s != 0:
            return q
    return None


def _samples(ctx: _Ctx, count: int, rng: Any) -> Any:
    """``count`` points inside the box: a small grid of simple values first, then random ones."""
    simple = []
    for b in ctx.box.bounds:
        vals = (0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0)
        ok = []
        for v in vals:
            if b.lo is not -sp.oo and (v < float(b.lo) or (b.lo_strict and v == float(b.lo))):
                continue
            if b.hi is not sp.oo and (v > float(b.hi) or (b.hi_strict and v == float(b.hi))):
                continue
            ok.append(v)
        simple.append(ok or [None])
    grid = [p for p in itertools.product(*simple) if None not in p][: max(0, count // 4)]
    rand = _random_samples(ctx, count - len(grid), rng)
    if not grid:
        return rand
    return np.concatenate([np.array(grid, dtype=float).reshape(len(grid), len(simple)), rand], axis=0)


def _random_samples(ctx: _Ctx, count: int, rng: Any) -> Any:
    cols = []
    for b in ctx.box.bounds:
        lo = float(b.lo) if b.lo is not -sp.oo else None
        hi = float(b.hi) if b.hi is not sp.oo else None
        if lo is not None and hi is not None:
            w = hi - lo
            col = rng.uniform(lo + 1e-3 * w, hi - 1e-3 * w, count)
        elif lo is not None:
            col = lo + 10 ** rng.uniform(-2, 1.3, count)
        elif hi is not None:
            col = hi - 10 ** rng.uniform(-2, 1.3, count)
        else:
            scale = rng.choice([0.5, 2.0, 5.0, 20.0], count)
            col = rng.uniform(-1, 1, count) * scale
        cols.append(col)
    return np.stack(cols, axis=-1)


@dataclass(frozen=True)
class _Numeric:
    """Float value and Hessian of ``g`` for the numeric search (batched over the first axis)."""

    value_fn: Any
    hess_fn: Any
    n: int

    def value(self, X: Any) -> Any:
        X = np.asarray(X, dtype=float)
        out = _floats(self.value_fn, [X[..., i] for i in range(self.n)], X.shape[:-1])
        return np.broadcast_to(_real_values(out), X.shape[:-1])

    def hess(self, X: Any) -> Any:
        X = np.asarray(X, dtype=float)
        cols = [X[..., i] for i in range(self.n)]
        rows = [[np.broadcast_to(_real_values(_floats(fn, cols, X.shape[:-1])), X.shape[:-1]) for fn in row]
                for row in self.hess_fn]
        return np.stack([np.stack(r, axis=-1) for r in rows], axis=-2)


def _floats(fn: Any, cols: list, shape: tuple) -> Any:
    """``fn(*cols)``; NaN where a constant of the expression has no float (``1e400``: an integer
    too large to convert), so the numeric search skips it instead of raising."""
    try:
        return fn(*cols)
    except OverflowError:
        return np.full(shape, np.nan)


def _real_values(values: Any) -> Any:
    """Float array of ``values``; a complex entry with a non-zero imaginary part has no
    real value and becomes NaN (``(-2)**x``: dropping the imaginary part would invent one)."""
    arr = np.asarray(values)
    if np.iscomplexobj(arr):
        arr = np.where(arr.imag == 0, arr.real, np.nan)
    return arr.astype(float)


def _compiled(g: sp.Expr, ctx: _Ctx, H: sp.Matrix | None = None) -> _Numeric | None:
    """NumPy callables for the search (SymPy's lambdify on SymPy objects only, never on user text;
    ``dummify`` keeps even the user's variable names out of the generated source)."""
    vs = ctx.variables
    try:
        value_fn = sp.lambdify(vs, g, modules="numpy", dummify=True)
        hess_fn = None
        if H is not None:
            hess_fn = [
                [sp.lambdify(vs, H[i, j], modules="numpy", dummify=True) for j in range(len(vs))]
                for i in range(len(vs))
            ]
    except (TypeError, ValueError, NameError, KeyError, AttributeError, SyntaxError):
        return None
    return _Numeric(value_fn, hess_fn, len(vs))


def _search_witness(g: sp.Expr, ctx: _Ctx, H: sp.Matrix | None, quick: bool) -> JensenWitness | None:
    try:
        return ctx.run(_search, g, ctx, H, quick, step="convexity",
                       cap=max(0.3, (0.25 if quick else 0.6) * ctx.remaining()))
    except BudgetExceeded:
        return None


def _search(g: sp.Expr, ctx: _Ctx, H: sp.Matrix | None, quick: bool) -> JensenWitness | None:
    fc = _compiled(g, ctx, H)
    use_hessian = H is not None
    if fc is None:
        return None
    rng = np.random.default_rng(ctx.seed + (0 if quick else 1))
    count = 96 if quick else 512
    X = _samples(ctx, count, rng)
    vs = ctx.variables
    n = len(vs)
    with np.errstate(all="ignore"):
        if use_hessian:
            try:
                Hs = np.asarray(fc.hess(X), dtype=float).reshape(count, n, n)
            except Exception:  # noqa: BLE001 - a compiled function that fails numerically gives no candidates
                Hs = None
            if Hs is not None:
                ok = np.all(np.isfinite(Hs.reshape(count, -1)), axis=1)
                idx = np.nonzero(ok)[0]
                if len(idx):
                    lam, V = np.linalg.eigh(Hs[idx])
                    scale = np.maximum(1.0, np.abs(lam).max(axis=1))
                    rel = lam[:, 0] / scale
                    # most negative curvature first; among ties, points of moderate size (readable witnesses)
                    size = np.abs(np.log(np.maximum(np.linalg.norm(X[idx], axis=1), 1e-12)))
                    order = np.lexsort((size, np.round(rel, 3)))
                    for j in order[: (6 if quick else 20)]:
                        if rel[j] >= -1e-9:
                            break
                        w = _from_direction(g, fc, X[idx[j]], V[j][:, 0], ctx)
                        if w is not None:
                            return w
        # segments: Jensen midpoint gaps
        Y = _random_samples(ctx, count, rng)
        for Xa, Ya in ((X, Y), (X, X[::-1])):
            mid = (Xa + Ya) / 2
            try:
                gap = fc.value(mid) - (fc.value(Xa) + fc.value(Ya)) / 2
            except Exception:  # noqa: BLE001
                return None
            gap = np.where(np.isfinite(gap), gap, -np.inf)
            order = np.argsort(-gap)
            for j in order[: (4 if quick else 16)]:
                if not gap[j] > 0:
                    break
                w = _exact_pair(g, Xa[j], Ya[j], ctx)
                if w is not None:
                    return w
    return None


def _from_direction(g: sp.Expr, fc: Any, p: Any, v: Any, ctx: _Ctx) -> JensenWitness | None:
    for den in (4, 64, 4096):
        w = _from_direction_den(g, fc, p, v, ctx, den)
        if w is not None:
            return w
    return None


def _from_direction_den(g: sp.Expr, fc: Any, p: Any, v: Any, ctx: _Ctx, den: int) -> JensenWitness | None:
    vs = ctx.variables
    pr = [_rat(c, den) for c in p]
    vr = [_rat(c, min(den, 64)) for c in v]
    if all(c == 0 for c in vr):
        return None
    pf = np.array([float(c) for c in pr])
    vf = np.array([float(c) for c in vr])
    for k in range(0, 24):
        t = sp.Rational(1, 2**k)
        tf = 2.0**-k
        with np.errstate(all="ignore"):
            fx, fy, fm = (float(fc.value(pf + tf * vf)), float(fc.value(pf - tf * vf)), float(fc.value(pf)))
        if not (np.isfinite(fx) and np.isfinite(fy) and np.isfinite(fm)):
            continue
        if fm - (fx + fy) / 2 <= 0:
            continue
        x = tuple(a + t * b for a, b in zip(pr, vr))
        y = tuple(a - t * b for a, b in zip(pr, vr))
        if not (ctx.box.contains(dict(zip(vs, x))) and ctx.box.contains(dict(zip(vs, y)))):
            continue
        w = JensenWitness(g, vs, x, y, sp.Rational(1, 2), ctx.box)
        if w.check():
            return w
    return None


def _exact_pair(g: sp.Expr, xa: Any, ya: Any, ctx: _Ctx) -> JensenWitness | None:
    vs = ctx.variables
    for den in (16, 1024, 2**20):
        x = tuple(_rat(c, den) for c in xa)
        y = tuple(_rat(c, den) for c in ya)
        if x == y:
            continue
        if not (ctx.box.contains(dict(zip(vs, x))) and ctx.box.contains(dict(zip(vs, y)))):
            continue
        w = JensenWitness(g, vs, x, y, sp.Rational(1, 2), ctx.box)
        if w.check():
            return w
    return None
