r"""Constants asked at a given value: a proof at a sharper constant, or a local witness where the curvature peaks.

Two general facts about ``L``-smoothness and strong convexity with a modulus (Beck, *First-Order Methods in
Optimization*, Theorem 5.12 and 5.3.1; Nesterov, *Lectures on Convex Optimization*, Thm 2.1.6 / 2.1.11):

* **Monotone in the constant.**  If :math:`\tfrac c2\|x\|^2 - f` and :math:`f + \tfrac c2\|x\|^2` are convex and
  :math:`c \le L`, then :math:`\tfrac L2\|x\|^2 - f = (\tfrac c2\|x\|^2 - f) + \tfrac{L - c}2\|x\|^2` is a sum of
  convex functions (and likewise the lower side): a proof at a sharper ``c`` is a proof at ``L``.  For the modulus,
  :math:`f - \tfrac m2\|x\|^2 = (f - \tfrac{m'}2\|x\|^2) + \tfrac{m' - m}2\|x\|^2` for :math:`m' \ge m`.  The
  result is an ordinary :class:`~symopt.convexity.evidence_combine.Reduction` at the asked constant whose targets
  carry :class:`~symopt.convexity.evidence_combine.SumOfConvex` evidence, so the verdict's ``check()`` re-derives
  every step.  The sharper constant is only a candidate (from the numeric Hessian range); the proof decides.
* **A local witness.**  A claimed ``L`` fails where some eigenvalue of the Hessian exceeds ``L`` in absolute value
  (a claimed ``m`` where one is below ``m``).  The Hessian is evaluated numerically at sampled points *and at the
  vertices of a bounded box* (curvature often peaks at a corner); along the offending eigenvector a short segment
  inside the box is rounded to rationals and the exact Jensen inequality of :math:`\tfrac L2\|x\|^2 - f` (or
  :math:`f + \tfrac L2\|x\|^2`, :math:`f - \tfrac m2\|x\|^2`) is checked; only a witness whose exact gap is
  positive is returned (:class:`~symopt.convexity.witnesses.JensenWitness`).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import sympy as sp

from ..core.domain import Box
from ..errors import BudgetExceeded
from ..exact.signs import is_smooth
from ..limits import work_deadline
from .constants import _modulus_candidates, _smoothness_candidates
from .context import _Ctx, _hessian, _OutOfTime, _Outcome, _rat
from .evidence_combine import Reduction, SumOfConvex
from .search import _compiled, _random_samples, _samples
from .witnesses import JensenWitness

__all__ = ["constant_reach"]

_MAX_VERTICES_N = 5


def constant_reach(f: sp.Expr, variables: tuple, box: Box, prop: str, parameter: Any, seconds: float, seed: int,
                   convex: Any, strict: Any) -> tuple[_Outcome, Any] | None:
    """A decision of ``prop`` at the asked ``parameter`` by the two facts above, or ``None``.

    Runs in its own counted-work budget (a share of ``seconds``); running out is ``None`` (undecided).
    """
    if prop not in ("L-smooth", "strongly convex") or parameter is None:
        return None
    ctx = _Ctx(tuple(variables), box, work_deadline(max(1.0, 0.5 * float(seconds))), seed,
               decide_convex=convex, decide_strict=strict)
    try:
        w = _local_witness(f, ctx, prop, sp.S(parameter))
        if w is not None:
            return w, parameter
        out = _relaxed(f, ctx, prop, sp.S(parameter))
        return (out, parameter) if out is not None else None
    except (_OutOfTime, BudgetExceeded):
        return None


def _sq(variables: tuple) -> sp.Expr:
    return sp.Add(*[v**2 for v in variables])


def _relaxed(f: sp.Expr, ctx: _Ctx, prop: str, p: sp.Expr) -> _Outcome | None:
    """A proof at a sharper candidate constant, lifted to ``p`` by adding a nonnegative multiple of ``||x||^2``."""
    if not is_smooth(f):
        return None
    sq = _sq(ctx.variables)
    if prop == "L-smooth":
        cands = [c for c in _smoothness_candidates(f, ctx) if 0 < c < p]
    else:
        cands = [c for c in _modulus_candidates(f, ctx) if c > p]
    for c in cands[:2]:
        if prop == "L-smooth":
            pairs = [(c / 2 * sq - f, p / 2 * sq - f, "smooth-upper"), (f + c / 2 * sq, f + p / 2 * sq, "smooth-lower")]
        else:
            pairs = [(f - c / 2 * sq, f - p / 2 * sq, "strong")]
        targets = []
        for sharp, asked, how in pairs:
            inner = ctx.is_convex(sharp)
            if inner.status != "proved":
                break
            extra = abs(p - c) / 2 * sq
            quad = ctx.is_convex(extra)
            if quad.status != "proved":
                break
            ev = SumOfConvex(asked, ((sharp, tuple(inner.evidence)), (extra, tuple(quad.evidence))), ctx.box)
            if not ev.check():
                break
            targets.append((asked, (ev,), how))
        if len(targets) != len(pairs):
            continue
        name = "L" if prop == "L-smooth" else "m"
        desc = (f"{prop} with {name} = {p}: proved at the sharper {name} = {c}, and adding "
                f"{abs(p - c) / 2} ||x||^2 (convex) keeps each target convex")
        red = Reduction(desc, f, tuple((g, evs) for g, evs, _ in targets), tuple(h for _, _, h in targets), p,
                        ctx.variables, ctx.box)
        if red.check():
            return _Outcome("proved", (red,), None, desc)
    return None


def _points(ctx: _Ctx, rng: Any) -> np.ndarray:
    """Sampled points, plus every vertex of the box when it is bounded (and the dimension small)."""
    X = np.concatenate([_samples(ctx, 128, rng), _random_samples(ctx, 128, rng)])
    bounds = ctx.box.bounds
    if len(bounds) <= _MAX_VERTICES_N:
        ends = []
        for b in bounds:
            e = [float(v) for v, strict in ((b.lo, b.lo_strict), (b.hi, b.hi_strict)) if v.is_finite and not strict]
            ends.append(e)
        if all(ends):
            X = np.concatenate([np.array(list(itertools.product(*ends)), dtype=float), X])
    return X


def _local_witness(f: sp.Expr, ctx: _Ctx, prop: str, p: sp.Expr) -> _Outcome | None:
    """An exact Jensen witness for the target at the sampled point where the claimed constant fails the most."""
    if not is_smooth(f):
        return None
    H = _hessian(f, ctx)
    fc = _compiled(f, ctx, H) if H is not None else None
    if fc is None:
        return None
    rng = np.random.default_rng(ctx.seed + 23)
    X = _points(ctx, rng)
    with np.errstate(all="ignore"):
        try:
            Hs = np.asarray(fc.hess(X), dtype=float)
        except Exception:  # noqa: BLE001 - a Hessian NumPy cannot evaluate: no witness from here
            return None
        ok = np.all(np.isfinite(Hs.reshape(len(X), -1)), axis=1)
        if not ok.any():
            return None
        X, Hs = X[ok], Hs[ok]
        lam, vec = np.linalg.eigh(Hs)
    pf = float(p)
    sq = _sq(ctx.variables)
    if prop == "L-smooth":
        over_hi, over_lo = lam[:, -1] - pf, -pf - lam[:, 0]
        score = np.maximum(over_hi, over_lo)
    else:
        score = pf - lam[:, 0]
    for j in np.argsort(-score)[:6]:
        if not score[j] > 1e-12:
            break
        if prop == "L-smooth" and over_hi[j] >= over_lo[j]:
            g, v = p / 2 * sq - f, vec[j][:, -1]
        elif prop == "L-smooth":
            g, v = f + p / 2 * sq, vec[j][:, 0]
        else:
            g, v = f - p / 2 * sq, vec[j][:, 0]
        w = _segment_witness(g, ctx, X[j], v)
        if w is not None:
            name = "L" if prop == "L-smooth" else "m"
            return _Outcome("refuted", (), w, f"the Hessian's eigenvalue near {tuple(round(float(c), 6) for c in X[j])} "
                            f"is beyond {name} = {p}: Jensen's inequality fails for {g} at exact points there")
    return None


def _segment_witness(g: sp.Expr, ctx: _Ctx, point: np.ndarray, v: np.ndarray) -> JensenWitness | None:
    """Short segments through (or ending at) ``point`` along ``v``, rounded to rationals, checked exactly."""
    vs = ctx.variables
    scale = 1.0 + float(np.abs(point).max())
    for h in (1e-1, 1e-2, 1e-3):
        step = h * scale * v
        for a, b in ((point + step, point - step), (point, point - 2 * step), (point, point + 2 * step)):
            for den in (2**10, 2**20):
                ra = tuple(_rat(c, den) for c in a)
                rb = tuple(_rat(c, den) for c in b)
                if ra == rb or not (ctx.box.contains(dict(zip(vs, ra))) and ctx.box.contains(dict(zip(vs, rb)))):
                    continue
                w = JensenWitness(g, vs, ra, rb, sp.Rational(1, 2), ctx.box)
                if w.check():
                    return w
    return None
