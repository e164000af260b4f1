"""Log-convexity, log-concavity, quasiconvexity and quasiconcavity (Boyd & Vandenberghe 3.4-3.5; CVXPY's DQCP).

``f > 0`` with ``log f`` convex / concave; monotone or unimodal functions of one
variable; linear-fractional functions and ratios; witnesses from sampled pairs.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from ..core.domain import Bound, Box
from ..errors import BudgetExceeded
from ..exact.signs import defined_on, drop_atoms, is_smooth, prove_sign
from .compose import _quasi_composition
from .context import _Ctx, _Outcome, _rat
from .evidence import Witness
from .evidence_combine import LogReduction, QuasiProof
from .nonnegative import prove_nonnegative
from .nonsmooth import _kinks, _rational_roots
from .quasi_ratio import ratio_family
from .search import _compiled, _random_samples, _samples
from .witnesses import GeometricJensenWitness, JensenWitness, QuasiJensenWitness


def _log_prop(f: sp.Expr, ctx: _Ctx, prop: str) -> _Outcome:
    """Log-convex / log-concave: ``f > 0`` and ``log f`` convex / concave (Boyd & Vandenberghe 3.5)."""
    vs, box = ctx.variables, ctx.box
    positive = prove_sign(f, box, ">0") is not None
    reasons = []
    if positive:
        forms = []
        for make in (lambda: sp.expand_log(sp.log(f), force=True), lambda: sp.log(f)):
            try:
                g = ctx.run(make, step="convexity", cap=max(0.3, 0.1 * ctx.remaining()))
            except BudgetExceeded:
                continue
            if g not in forms:
                forms.append(g)
        for g in forms:
            target = g if prop == "log-convex" else -g
            out = ctx.is_convex(target)
            if out.status == "proved":
                ev = LogReduction(f, g, box, prop, tuple(out.evidence))
                if ev.check():
                    return _Outcome("proved", (ev,), None, f"f > 0 and log f = {g} is "
                                    f"{'convex' if prop == 'log-convex' else 'concave'}: {out.reason}")
            if out.status == "refuted" and isinstance(out.witness, JensenWitness) and out.witness.theta == sp.Rational(1, 2):
                w = GeometricJensenWitness(f, vs, out.witness.x, out.witness.y, box, prop)
                if w.check():
                    return _Outcome("refuted", (), w, f"log f fails Jensen's inequality: {out.reason}")
            reasons.append(out.reason)
    else:
        reasons.append("f > 0 on the domain is not shown")
    w = _pair_search(f, ctx, prop)
    if w is not None:
        return _Outcome("refuted", (), w, "the geometric-mean inequality fails at exact points")
    return _Outcome("unknown", reason="; ".join(r for r in reasons if r) or "no layer decided")


def _quasi(f: sp.Expr, ctx: _Ctx, prop: str) -> _Outcome:
    """Quasiconvex / quasiconcave: convexity, monotonicity or one sign change of f' (1-D), ratio rules (DQCP)."""
    vs, box = ctx.variables, ctx.box
    sgn = 1 if prop == "quasiconvex" else -1
    out = ctx.is_convex(sgn * f)
    if out.status == "proved":
        return _Outcome("proved", (QuasiProof(f, box, sgn, "convex", tuple(out.evidence)),), None,
                        f"{'convex' if sgn > 0 else 'concave'} ({out.reason}), hence {prop}")
    reasons = [f"{'convex' if sgn > 0 else 'concave'}: {out.status} ({out.reason})"]
    if len(vs) == 1 and is_smooth(f) and defined_on(f, box) is not None:
        (x,) = vs
        d = sp.diff(f, x)
        if defined_on(d, box.interior()) is not None:
            for sign in (1, -1):
                ev = prove_nonnegative(sign * d, box, ctx=ctx)
                if ev is not None:
                    q = QuasiProof(f, box, sgn, "monotone", (), (ev,))
                    if q.check():
                        return _Outcome("proved", (q,), None, f"monotone on the interval (f' {'>=' if sign > 0 else '<='} 0), "
                                        "so every sublevel and superlevel set is an interval")
            b = box.bound(x)
            roots = _rational_roots(d, x, b.lo, b.hi) if d.is_rational_function(x) else None
            if roots is None:
                roots = _exact_roots(d, x, box, ctx)
            if roots is not None and len(roots) == 1:
                c = roots[0]
                lbox = Box((x,), (Bound(b.lo, c, b.lo_strict, False),))
                rbox = Box((x,), (Bound(c, b.hi, False, b.hi_strict),))
                left = prove_nonnegative(-sgn * d, lbox.interior(), ctx=ctx)
                right = prove_nonnegative(sgn * d, rbox.interior(), ctx=ctx) if left is not None else None
                if right is not None:
                    q = QuasiProof(f, box, sgn, "unimodal", (), (c, left, right))
                    if q.check():
                        return _Outcome("proved", (q,), None, f"f' changes sign once, at {x} = {c}: "
                                        f"{'decreasing then increasing' if sgn > 0 else 'increasing then decreasing'}")
    if len(vs) == 1 and not is_smooth(f) and defined_on(f, box) is not None:
        out = _quasi_kinked(f, ctx, sgn)
        if out is not None:
            return out
    try:
        p, q = sp.fraction(sp.together(f))
    except (TypeError, ValueError, sp.PolynomialError):
        p, q = f, sp.S.One
    if q != 1:
        if prove_sign(q, box, "<0") is not None:
            p, q = -p, -q
        affine = all(e.is_polynomial(*vs) and sp.Poly(e, *vs).total_degree() <= 1 for e in (p, q))
        if affine and prove_sign(q, box, ">0") is not None:
            ev = QuasiProof(f, box, sgn, "linear-fractional", (), (p, q))
            if ev.check():
                return _Outcome("proved", (ev,), None, f"linear-fractional {p}/({q}) with {q} > 0: sublevel and "
                                "superlevel sets are halfspaces")
        if prove_sign(p, box, ">=0") is not None and prove_sign(q, box, ">0") is not None:
            po, qo = ctx.is_convex(sgn * p), ctx.is_convex(-sgn * q)
            if po.status == "proved" and qo.status == "proved":
                ev = QuasiProof(f, box, sgn, "ratio", (), (p, q, tuple(po.evidence), tuple(qo.evidence)))
                if ev.check():
                    return _Outcome("proved", (ev,), None, f"ratio p/q with p = {p} >= 0 {'convex' if sgn > 0 else 'concave'} "
                                    f"and q = {q} > 0 {'concave' if sgn > 0 else 'convex'}")
    out = _quasi_composition(f, ctx, sgn)
    if out is not None:
        return out
    # f log-convex (convex), or -f > 0 log-concave (so -f quasiconcave) for quasiconvexity; mirrored for quasiconcavity
    for neg, kind in ((1, "log-convex" if sgn > 0 else "log-concave"), (-1, "log-concave" if sgn > 0 else "log-convex")):
        lo = _log_prop(neg * f, ctx, kind)
        if lo.status == "proved":
            ev = QuasiProof(f, box, sgn, "log" if neg > 0 else "neglog", tuple(lo.evidence))
            if ev.check():
                who = "f" if neg > 0 else "-f"
                return _Outcome("proved", (ev,), None, f"{who} is {kind} ({lo.reason}), hence f is {prop}")
    out = ratio_family(f, ctx, sgn)  # every sublevel set of f^k = p/q from two convex ends (quasi_ratio.py)
    if out is not None:
        return out
    w = _pair_search(f, ctx, prop)
    if w is not None:
        return _Outcome("refuted", (), w, f"f at a convex combination {'exceeds the larger' if sgn > 0 else 'falls below the smaller'} "
                        "of its values at the ends")
    return _Outcome("unknown", reason="; ".join(r for r in reasons if r) or "no layer decided")


def _quasi_kinked(f: sp.Expr, ctx: _Ctx, sgn: int) -> _Outcome | None:
    """1-D non-smooth f: monotone on each side of a kink (sqrt|x|: decreasing, then increasing); a side may be
    monotone piece by piece between further kinks (a Tukey biweight: rising on [0, 1], flat beyond)."""
    box = ctx.box
    (x,) = ctx.variables
    b = box.bound(x)
    kinks = _kinks(f, x, b.lo, b.hi) or []
    for c in kinks:
        lbox = Box((x,), (Bound(b.lo, c, b.lo_strict, False),))
        rbox = Box((x,), (Bound(c, b.hi, False, b.hi_strict),))
        proofs = []
        for side, sign in ((lbox, -sgn), (rbox, sgn)):
            g = drop_atoms(f, side)
            ev = prove_nonnegative(sign * sp.diff(g, x), side.interior(), ctx=ctx) if is_smooth(g) else None
            if ev is None:
                ev = _side_in_pieces(f, x, side, [k for k in kinks if side.interior().contains({x: k})], sign, ctx)
            if ev is None:
                break
            proofs.append(ev)
        if len(proofs) == 2:
            q = QuasiProof(f, box, sgn, "unimodal", (), (c, proofs[0], proofs[1]))
            if q.check():
                return _Outcome("proved", (q,), None, f"monotone on each side of the kink {x} = {c}")
    return None


def _side_in_pieces(f: sp.Expr, x: sp.Symbol, side: Box, cuts: list, sign: int, ctx: _Ctx) -> tuple | None:
    """``((a, b, ev), ...)``: ``sign * g' >= 0`` on each piece of ``side`` between the cuts (``g`` the piece's branch)."""
    b = side.bound(x)
    ends = [b.lo, *sorted(cuts), b.hi]
    pieces = []
    for k, (lo, hi) in enumerate(zip(ends, ends[1:])):
        sub = Box((x,), (Bound(lo, hi, b.lo_strict if k == 0 else False, b.hi_strict if k == len(ends) - 2 else False),))
        g = drop_atoms(f, sub, open_conditions=True)
        if not is_smooth(g):
            return None
        ev = prove_nonnegative(sign * sp.diff(g, x), sub.interior(), ctx=ctx)
        if ev is None:
            return None
        pieces.append((lo, hi, ev))
    return tuple(pieces) if len(pieces) > 1 else None


def _exact_roots(d: sp.Expr, x: sp.Symbol, box: Box, ctx: _Ctx) -> list | None:
    """Exact real zeros of ``d`` inside the interval (SymPy's solveset, under the budget); ``None`` when not all found.

    Only a candidate list: the proofs that use a zero re-prove the sign of ``d`` on each side.
    """
    b = box.bound(x)
    interval = sp.Interval(b.lo, b.hi, b.lo_strict or b.lo is -sp.oo, b.hi_strict or b.hi is sp.oo)
    try:
        num = sp.fraction(sp.together(d))[0]
        sol = ctx.run(sp.solveset, num, x, interval, step="convexity", cap=max(0.3, 0.2 * ctx.remaining()))
    except (BudgetExceeded, NotImplementedError, TypeError, ValueError):
        return None
    if not isinstance(sol, sp.FiniteSet):
        return None
    roots = [r for r in sol if r.is_number and r.is_real]
    return roots if len(roots) == len(sol) else None


def _pair_search(f: sp.Expr, ctx: _Ctx, prop: str) -> Witness | None:
    try:
        return ctx.run(_pair_search_run, f, ctx, prop, step="convexity", cap=max(0.5, 0.5 * ctx.remaining()))
    except BudgetExceeded:
        return None


def _pair_search_run(f: sp.Expr, ctx: _Ctx, prop: str) -> Witness | None:
    """Sampled pairs (a, b) whose midpoint breaks the property's inequality, made exact and checked."""
    vs = ctx.variables
    fc = _compiled(f, ctx)
    if fc is None:
        return None
    rng = np.random.default_rng(ctx.seed + 11)
    X = _samples(ctx, 256, rng)
    Y = np.concatenate([_random_samples(ctx, 256, rng), X[::-1]])
    X = np.concatenate([X, X])
    M = (X + Y) / 2
    with np.errstate(all="ignore"):
        try:
            fa, fb, fm = fc.value(X), fc.value(Y), fc.value(M)
        except Exception:  # noqa: BLE001
            return None
        if prop == "quasiconvex":
            score = fm - np.maximum(fa, fb)
        elif prop == "quasiconcave":
            score = np.minimum(fa, fb) - fm
        elif prop == "log-concave":
            score = np.where((fa > 0) & (fb > 0), np.where(fm <= 0, 1.0, 0.5 * (np.log(fa) + np.log(fb)) - np.log(np.abs(fm))), -np.inf)
        else:
            score = np.where((fa > 0) & (fb > 0), np.where(fm <= 0, 1.0, np.log(np.abs(fm)) - 0.5 * (np.log(fa) + np.log(fb))), -np.inf)
    score = np.where(np.isfinite(score), score, -np.inf)
    for j in np.argsort(-score)[:12]:
        if not score[j] > 0:
            break
        for den in (16, 1024, 2**20):
            a = tuple(_rat(c, den) for c in X[j])
            b = tuple(_rat(c, den) for c in Y[j])
            if a == b or not (ctx.box.contains(dict(zip(vs, a))) and ctx.box.contains(dict(zip(vs, b)))):
                continue
            if prop.startswith("quasi"):
                w = QuasiJensenWitness(f, vs, a, b, sp.Rational(1, 2), ctx.box, prop)
            else:
                w = GeometricJensenWitness(f, vs, a, b, ctx.box, prop)
            if w.check():
                return w
    return None
