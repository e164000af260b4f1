"""Candidate constants: the modulus ``m`` of strong convexity and the smoothness constant ``L``.

Only candidates (exact eigenvalues of a constant Hessian, interval Gershgorin
bounds, sampled eigenvalues rounded to simple rationals): the proof for a
candidate is a convexity proof of ``f - m/2 ||x||^2`` or of ``L/2 ||x||^2 -+ f``.
"""

from __future__ import annotations

import math
import mpmath
import numpy as np
import sympy as sp

from ..exact import interval as ivl
from ..errors import BudgetExceeded, SymoptError
from ..exact.signs import is_smooth
from .context import _Ctx, _hessian
from .search import _compiled, _samples


def _constant_hessian(f: sp.Expr, ctx: _Ctx) -> sp.Matrix | None:
    if not is_smooth(f):
        return None
    H = _hessian(f, ctx)
    if H is None or (H.free_symbols & set(ctx.variables)):
        return None
    return H


def _eigen_bounds(H: sp.Matrix, ctx: _Ctx) -> tuple[sp.Expr, sp.Expr] | None:
    """(lambda_min, lambda_max): exact when rational, else rational bounds outward."""
    try:
        ev = ctx.run(lambda: H.eigenvals(multiple=True), step="eigen", cap=max(0.3, 0.2 * ctx.remaining()))
        if all(e.is_Rational for e in ev):
            return min(ev), max(ev)
    except (BudgetExceeded, SymoptError, NotImplementedError, sp.PolynomialError):
        pass
    A = np.array(H.evalf(30).tolist(), dtype=float)
    lam = np.linalg.eigvalsh(A)
    margin = 1e-9 * max(1.0, float(np.abs(lam).max()))
    lo = sp.Rational(int(np.floor((lam[0] - margin) * 2**20)), 2**20)
    hi = sp.Rational(int(np.ceil((lam[-1] + margin) * 2**20)), 2**20)
    return lo, hi


def _interval_hessian_bounds(f: sp.Expr, ctx: _Ctx) -> tuple[float, float] | None:
    """Gershgorin bounds (lower on lambda_min, upper on max |lambda|) from the interval Hessian over the box."""
    H = _hessian(f, ctx) if is_smooth(f) else None
    if H is None:
        return None
    n = H.shape[0]
    env = ctx.box.intervals()
    try:
        M = [[ivl.enclose(H[i, j], env, prec=80) for j in range(n)] for i in range(n)]
    except (ivl.Undefined, ArithmeticError):
        return None
    low, high = [], []
    for i in range(n):
        off = sum(max(abs(ivl.lower(M[i][j])), abs(ivl.upper(M[i][j]))) for j in range(n) if j != i)
        low.append(ivl.lower(M[i][i]) - off)
        high.append(max(abs(ivl.lower(M[i][i])), abs(ivl.upper(M[i][i]))) + off)
    lo, hi = min(low), max(high)
    if mpmath.isinf(lo) or mpmath.isnan(lo):
        lo = None
    if mpmath.isinf(hi) or mpmath.isnan(hi):
        hi = None
    return (None if lo is None else float(lo), None if hi is None else float(hi))


def _nice_below(v: float) -> list[sp.Rational]:
    out = []
    for den in (1, 4, 16, 64):
        r = sp.Rational(int(v * den * (1 + 1e-12) + 1e-12), den) if v > 0 else sp.S.Zero
        if 0 < r <= v * (1 + 1e-12) and r not in out:
            out.append(r)
    return sorted(out, reverse=True)[:2]


def _nice_above(v: float) -> list[sp.Rational]:
    out = []
    for den in (1, 4, 16, 64):
        r = sp.Rational(math.ceil(v * den * (1 - 1e-12) - 1e-12), den)
        if r >= v * (1 - 1e-12) and r > 0 and r not in out:
            out.append(r)
    return sorted(out)[:2]


def _numeric_eigen_range(f: sp.Expr, ctx: _Ctx) -> tuple[float, float] | None:
    H = _hessian(f, ctx) if is_smooth(f) else None
    fc = _compiled(f, ctx, H) if H is not None else None
    if fc is None:
        return None
    rng = np.random.default_rng(ctx.seed + 7)
    X = _samples(ctx, 256, rng)
    with np.errstate(all="ignore"):
        try:
            Hs = fc.hess(X)
        except Exception:  # noqa: BLE001
            return None
        ok = np.all(np.isfinite(Hs.reshape(len(X), -1)), axis=1)
        if not ok.any():
            return None
        lam = np.linalg.eigvalsh(Hs[ok])
    return float(lam[:, 0].min()), float(np.abs(lam).max())


def _modulus_candidates(f: sp.Expr, ctx: _Ctx) -> list[sp.Expr]:
    H = _constant_hessian(f, ctx)
    if H is not None:
        b = _eigen_bounds(H, ctx)
        return [b[0]] if b is not None and b[0] > 0 else []
    out: list[sp.Expr] = []
    b = _interval_hessian_bounds(f, ctx)
    if b is not None and b[0] is not None and b[0] > 0:
        out += _nice_below(b[0])
        m = sp.Rational(int(b[0] * 2**20) - 1, 2**20)
        if m > 0:
            out.append(m)
    est = _numeric_eigen_range(f, ctx)
    if est is not None and est[0] > 0:
        out += [c for c in _nice_below(est[0]) if c not in out]
    return out


def _smoothness_candidates(f: sp.Expr, ctx: _Ctx) -> list[sp.Expr]:
    H = _constant_hessian(f, ctx)
    if H is not None:
        b = _eigen_bounds(H, ctx)
        if b is None:
            return []
        L = max(abs(b[0]), abs(b[1]))
        return [L] if L > 0 else []
    out: list[sp.Expr] = []
    est = _numeric_eigen_range(f, ctx)
    if est is not None and est[1] > 0:
        out += _nice_above(est[1])
    b = _interval_hessian_bounds(f, ctx)
    if b is not None and b[1] is not None and b[1] > 0:
        out += [c for c in _nice_above(b[1]) if c not in out]
    return out
