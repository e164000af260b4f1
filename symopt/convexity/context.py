"""The working context of a convexity decision: variables, box, deadline, budgeted steps, outcomes.

Shared by every layer of :mod:`symopt.convexity` (a private module of the package).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable

import sympy as sp

from ..limits import run_with_budget, seconds_left
from ..core.domain import Box
from ..errors import BudgetExceeded
from .evidence import Witness


_MAX_MINORS_N = 4


_BNB_BOXES = 400


class _OutOfTime(Exception):
    pass


@dataclass
class _Ctx:
    """Where a convexity question is asked (variables, box), its deadline, and the two deciders.

    ``deadline`` is a count of work (:func:`symopt.limits.work_deadline`), not a time:
    the same question gets the same answer on any machine at any load.

    ``decide_convex`` and ``decide_strict`` are the top-level deciders
    (:func:`symopt.convexity.decide._convex` and ``_strict``), passed in by
    :func:`~symopt.convexity.decide.convexity`: the layers that prove a
    function piece by piece (non-smooth splits, sums, quasiconvexity) ask them
    about each piece without importing the module that imports them.
    """

    variables: tuple
    box: Box
    deadline: int
    seed: int = 0
    notes: list = field(default_factory=list)
    decide_convex: Callable[[sp.Expr, "_Ctx"], "_Outcome"] | None = None
    decide_strict: Callable[[sp.Expr, "_Ctx"], "_Outcome"] | None = None

    def is_convex(self, g: sp.Expr) -> "_Outcome":
        """The full convexity decision for ``g`` on this context's box."""
        if self.decide_convex is None:
            return _Outcome("unknown", reason="no convexity decider in this context")
        return self.decide_convex(g, self)

    def is_strict(self, g: sp.Expr) -> "_Outcome":
        """The strict-convexity decision for ``g`` on this context's box."""
        if self.decide_strict is None:
            return _Outcome("unknown", reason="no strict-convexity decider in this context")
        return self.decide_strict(g, self)

    def remaining(self) -> float:
        """Reference seconds of work left (counted work, never the clock: see :mod:`symopt.limits`)."""
        return seconds_left(self.deadline)

    def run(self, fn: Callable, *args: Any, step: str = "convexity", cap: float | None = None) -> Any:
        left = self.remaining()
        if left <= 0.01:
            raise _OutOfTime()
        seconds = left if cap is None else min(left, cap)
        try:
            return run_with_budget(fn, *args, step=step, seconds=seconds)
        except BudgetExceeded:
            # A step capped at a fraction of what was left may not be starved while most of the
            # whole budget is unused: retry once with a larger share (at most half of what is left
            # now, at least 4x the first cap), so the verdict depends on the total budget, not its split.
            left = self.remaining()
            if cap is None or seconds >= 0.5 * left or left <= 0.05:
                raise
            return run_with_budget(fn, *args, step=step, seconds=min(left, max(4 * seconds, 0.5 * left)))

    def sub(self, variables: tuple, box: Box) -> "_Ctx":
        return _Ctx(variables, box, self.deadline, self.seed, self.notes, self.decide_convex, self.decide_strict)


@dataclass
class _Outcome:
    status: str
    evidence: tuple = ()
    witness: Witness | None = None
    reason: str = ""


def _sq(ctx: _Ctx) -> sp.Expr:
    return sp.Add(*[v**2 for v in ctx.variables])


def _separate(f: sp.Expr, vs: tuple) -> list[tuple[sp.Expr, tuple]]:
    """Split ``f`` into sums over disjoint variable groups (constants go with the first group)."""
    terms = sp.Add.make_args(f)
    parent = {v: v for v in vs}

    def find(v: sp.Symbol) -> sp.Symbol:
        while parent[v] != v:
            v = parent[v]
        return v

    for t in terms:
        tv = [v for v in vs if v in t.free_symbols]
        for a, b in zip(tv, tv[1:]):
            parent[find(a)] = find(b)
    groups: dict = {}
    for v in vs:
        groups.setdefault(find(v), []).append(v)
    if len(groups) < 2:
        return [(f, vs)]
    out = []
    consts = [t for t in terms if not (t.free_symbols & set(vs))]
    for k, (root, group) in enumerate(groups.items()):
        part = sp.Add(*[t for t in terms if t.free_symbols & set(group)])
        if k == 0:
            part = part + sp.Add(*consts)
        out.append((part, tuple(group)))
    return out


def _hessian(g: sp.Expr, ctx: _Ctx) -> sp.Matrix | None:
    try:
        return ctx.run(lambda: sp.hessian(g, ctx.variables), step="convexity", cap=max(0.5, 0.2 * ctx.remaining()))
    except BudgetExceeded:
        return None


def _rat(v: float, den: int = 4096) -> sp.Rational:
    fr = Fraction(float(v)).limit_denominator(den)
    return sp.Rational(fr.numerator, fr.denominator)


def _interior_point(ctx: _Ctx) -> dict:
    pt = {}
    for v, b in zip(ctx.variables, ctx.box.bounds):
        lo, hi = b.lo, b.hi
        if lo is -sp.oo and hi is sp.oo:
            pt[v] = sp.S.Zero
        elif lo is -sp.oo:
            pt[v] = _rat(float(hi)) - 1
        elif hi is sp.oo:
            pt[v] = _rat(float(lo)) + 1
        else:
            pt[v] = _rat((float(lo) + float(hi)) / 2)
    return pt
