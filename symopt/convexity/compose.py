"""Monotone substitutions: ``f = phi(s(x))`` with a one-variable ``phi``, for convexity and quasiconvexity.

The inner function ``s`` is a subexpression of ``f`` that carries all of its
variables (``(x - 2*y)**2`` in ``log(1 + (x - 2*y)**2/4)``), or the norm
``sqrt(q)`` of a quadratic ``q`` in it (``sqrt(x**2 + y**2)`` in a Huber
function of the norm).  Its range over the box is bounded by an interval
enclosure and proved; ``phi`` is decided in one variable on that interval:

* convexity (Boyd & Vandenberghe 3.2.4): ``phi`` convex and nondecreasing with
  ``s`` convex, or nonincreasing with ``s`` concave
  (:class:`~symopt.convexity.evidence_combine.MonotoneComposition`);
* quasiconvexity (3.4.4): ``phi`` monotone with ``s`` convex or concave
  (:class:`~symopt.convexity.evidence_combine.QuasiProof`, method ``"composition"``).
"""

from __future__ import annotations

import math

import sympy as sp

from ..core.domain import Bound, Box
from ..errors import BudgetExceeded
from ..exact import interval as ivl
from ..exact.signs import drop_atoms, is_smooth
from .context import _Ctx, _Outcome
from .dcp import analyze
from .evidence_combine import MonotoneComposition, QuasiProof, bound_holds, monotone_holds, range_holds
from .nonnegative import prove_nonnegative
from .nonsmooth import _kinks

_MAX_CANDIDATES = 6


def _candidates(f: sp.Expr, ctx: _Ctx, affine: bool = False) -> list[tuple[sp.Expr, sp.Symbol, sp.Expr]]:
    """``(s, u, phi)`` with ``f == phi(s)`` and ``phi`` in ``u`` only: subexpressions first, then norms of quadratics
    (affine ``s`` only with ``affine``: a monotone function of an affine form is quasilinear, BV 3.4.4)."""
    vs = set(ctx.variables)
    used = f.free_symbols & vs
    if not used:
        return []
    out: list = []
    seen: set = set()
    u = sp.Dummy("u", real=True)
    r = sp.Dummy("r", nonnegative=True)
    for node in sp.preorder_traversal(f):
        if len(out) >= _MAX_CANDIDATES:
            break
        if node is f or not isinstance(node, sp.Expr) or node.is_Atom or node in seen or not used <= node.free_symbols:
            continue
        seen.add(node)
        p = node.as_poly(*ctx.variables) if node.is_polynomial(*ctx.variables) else None
        if p is not None and p.total_degree() <= 1 and not affine:
            continue  # an affine inner function: the affine rules cover it
        try:
            phi = f.subs(node, u)
        except (TypeError, ValueError):
            continue
        if not (phi.free_symbols & vs) and phi.has(u):
            out.append((node, u, phi))
        if p is not None and p.total_degree() == 2:
            try:
                phi = f.subs(node, r**2)
            except (TypeError, ValueError):
                continue
            if not (phi.free_symbols & vs) and phi.has(r):
                out.append((sp.sqrt(node), r, phi))
    return out


def _range(s: sp.Expr, ctx: _Ctx) -> Bound | None:
    """A proved interval holding ``s`` over the box: ``s >= 0`` when proved, else the enclosure's rounded ends."""
    lo, hi = -sp.oo, sp.oo
    if bound_holds(s, sp.S.Zero, ctx.box, True, False):
        lo = sp.S.Zero
    try:
        r = ivl.enclose(s, ctx.box.intervals(), prec=53)
        a, b = float(ivl.lower(r)), float(ivl.upper(r))
    except (ivl.Undefined, ArithmeticError, TypeError, ValueError, OverflowError):
        a, b = -math.inf, math.inf
    if math.isfinite(a) and (lo is -sp.oo or math.floor(a) > lo):
        lo = sp.Integer(math.floor(a))
    if math.isfinite(b):
        hi = sp.Integer(math.ceil(b))
    lo_strict = lo is not -sp.oo and bound_holds(s, lo, ctx.box, True, True)
    hi_strict = hi is not sp.oo and bound_holds(s, hi, ctx.box, False, True)
    bound = Bound(lo, hi, lo_strict, hi_strict)
    return bound if range_holds(s, ctx.box, Box((sp.Dummy("t"),), (bound,))) else None


def _monotone(phi: sp.Expr, u: sp.Symbol, ubox: Box, direction: int, ctx: _Ctx, convex: tuple = ()) -> tuple | None:
    """A proof that ``phi`` is monotone in ``direction`` on ``ubox``: its derivative's sign, or a convex ``phi``'s end slope."""
    if is_smooth(phi):
        ev = prove_nonnegative(direction * sp.diff(phi, u), ubox.interior(), ctx=ctx.sub((u,), ubox.interior()))
        proof = ("derivative", ev) if ev is not None else None
        if proof is not None and monotone_holds(phi, u, ubox, direction, proof):
            return proof
    else:
        pieces = _monotone_pieces_search(phi, u, ubox, direction, ctx)
        if pieces is not None and monotone_holds(phi, u, ubox, direction, ("pieces", pieces)):
            return ("pieces", pieces)
    if convex:
        for delta in (sp.Rational(1, 2), sp.Rational(1, 16), sp.Rational(1, 1024)):
            proof = ("end-slope", delta)
            if monotone_holds(phi, u, ubox, direction, proof, convex):
                return proof
    return None


def _monotone_pieces_search(phi: sp.Expr, u: sp.Symbol, ubox: Box, direction: int, ctx: _Ctx) -> tuple | None:
    """A non-smooth ``phi`` split at its exact kinks in ``ubox``: ``direction * phi' >= 0`` on each piece's branch."""
    b = ubox.bound(u)
    try:
        kinks = ctx.run(_kinks, phi, u, b.lo, b.hi, step="convexity", cap=max(0.2, 0.2 * ctx.remaining()))
    except BudgetExceeded:
        return None
    if kinks is None:
        return None
    ends = [b.lo, *kinks, b.hi]
    pieces = []
    for k, (lo, hi) in enumerate(zip(ends, ends[1:])):
        sub = Box((u,), (Bound(lo, hi, b.lo_strict if k == 0 else False, b.hi_strict if k == len(ends) - 2 else False),))
        g = drop_atoms(phi, sub, open_conditions=True)
        if not is_smooth(g):
            return None
        ev = prove_nonnegative(direction * sp.diff(g, u), sub.interior(), ctx=ctx.sub((u,), sub.interior()))
        if ev is None:
            return None
        pieces.append((lo, hi, ev))
    return tuple(pieces)


def _inner(g: sp.Expr, ctx: _Ctx, quick: bool) -> tuple | None:
    """Convexity evidence for the inner function: the composition rules only (``quick``), or the full decision."""
    if quick:
        try:
            node = analyze(g, ctx.box)
        except Exception:  # noqa: BLE001 - an expression the rules cannot read
            return None
        return (node,) if node.curvature in ("convex", "affine", "constant") else None
    out = ctx.is_convex(g)
    return tuple(out.evidence) if out.status == "proved" else None


def _composition(f: sp.Expr, ctx: _Ctx) -> _Outcome | None:
    """Convexity of ``f = phi(s)``: ``phi`` convex and monotone on the range of ``s``, ``s`` convex or concave.

    Not re-entered for an ``f`` already being decomposed in this context: ``x^2 + y^2`` is ``phi(sqrt(x^2 + y^2))``
    and ``sqrt(x^2 + y^2)`` is ``phi(x^2 + y^2)``, a cycle that only the work limit used to end.
    """
    active = ctx.__dict__.setdefault("_composing", set())
    if f in active:
        return None
    active.add(f)
    try:
        for quick in (True, False):
            out = _composition_pass(f, ctx, quick)
            if out is not None:
                return out
        return None
    finally:
        active.discard(f)


def _composition_pass(f: sp.Expr, ctx: _Ctx, quick: bool) -> _Outcome | None:
    for s, u, phi in _candidates(f, ctx):
        if ctx.remaining() <= 0.2:
            return None
        rng = _range(s, ctx)
        if rng is None:
            continue
        ubox = Box((u,), (rng,))
        outer = ctx.sub((u,), ubox).is_convex(phi)
        if outer.status != "proved":
            continue
        for direction in (1, -1):
            proof = _monotone(phi, u, ubox, direction, ctx, tuple(outer.evidence))
            if proof is None:
                continue
            inner = _inner(direction * s, ctx, quick)
            if inner is None:
                continue
            ev = MonotoneComposition(f, ctx.box, s, u, phi, ubox, direction, inner, tuple(outer.evidence), proof)
            if ev.check():
                return _Outcome("proved", (ev,), None, ev.summary())
    return None


def _quasi_composition(f: sp.Expr, ctx: _Ctx, sign: int) -> _Outcome | None:
    """Quasiconvexity (``sign = 1``) or quasiconcavity (``-1``) of ``f = phi(s)``: ``phi`` monotone, ``s`` convex or concave."""
    for quick in (True, False):
        out = _quasi_pass(f, ctx, sign, quick)
        if out is not None:
            return out
    return None


def _quasi_pass(f: sp.Expr, ctx: _Ctx, sign: int, quick: bool) -> _Outcome | None:
    for s, u, phi in _candidates(f, ctx, affine=True):
        if ctx.remaining() <= 0.2:
            return None
        rng = _range(s, ctx)
        if rng is None:
            continue
        ubox = Box((u,), (rng,))
        for direction in (1, -1):
            try:
                proof = _monotone(phi, u, ubox, direction, ctx)
            except BudgetExceeded:
                proof = None
            if proof is None:
                continue
            inner = _inner(sign * direction * s, ctx, quick)
            if inner is None:
                continue
            q = QuasiProof(f, ctx.box, sign, "composition", inner, (s, u, phi, ubox, direction, proof))
            if q.check():
                what = "nondecreasing" if direction > 0 else "nonincreasing"
                return _Outcome("proved", (q,), None, f"f = phi({s}) with phi {what} on {ubox.describe()} and the inner "
                                f"function {'convex' if sign * direction > 0 else 'concave'}")
    return None
