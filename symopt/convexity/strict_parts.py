"""Strict convexity of a sum from one strictly convex term and a convex remainder (Boyd & Vandenberghe 3.2.1).

The search behind :class:`~symopt.convexity.evidence_strict.StrictPlusConvex`: each additive term of ``f`` that
involves every variable (a term missing one is affine along that axis, so it cannot carry strictness alone) is tried
as the strictly convex part, cheapest first (a power of an injective Euclidean norm, then the top-level strict
decider on the term); the rest must be proved convex.  Both proofs go through the context's deciders, under the work
limit of the call.
"""

from __future__ import annotations

import sympy as sp

from .context import _Ctx, _Outcome
from .evidence_strict import StrictPlusConvex, norm_power_strictness

__all__: list[str] = []

#: Sums with more terms are left to the other methods (each try costs a strict and a convex decision).
_MAX_TERMS = 8
#: At most this many terms go through the full strict decider.
_MAX_FULL_TRIES = 3


def _strict_plus_convex(f: sp.Expr, ctx: _Ctx) -> _Outcome | None:
    """A strictly convex term plus a convex rest, or ``None``."""
    vs = set(ctx.variables)
    terms = sp.Add.make_args(f)
    if not 2 <= len(terms) <= _MAX_TERMS:
        return None
    full = [t for t in terms if t.free_symbols >= vs]
    quick = [t for t in full if norm_power_strictness(t, ctx.variables, ctx.box) is not None]
    tries = quick + [t for t in full if t not in quick][:_MAX_FULL_TRIES]
    for t in tries:
        if ctx.remaining() <= 0:
            return None
        ev = norm_power_strictness(t, ctx.variables, ctx.box)
        strict = (ev,) if ev is not None else None
        if strict is None:
            out = ctx.is_strict(t)
            if out.status != "proved":
                continue
            strict = tuple(out.evidence)
        rest = f - t
        out = ctx.is_convex(rest)
        if out.status != "proved":
            continue
        cert = StrictPlusConvex(f, ctx.box, (t, strict), (rest, tuple(out.evidence)))
        if cert.check():
            return _Outcome("proved", (cert,), None, cert.summary())
    return None
