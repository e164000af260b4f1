"""Critical points on a box's edges and degenerate zeros in one variable (the search side).

When the interval search of a box ``B`` leaves sub-boxes undecided, search a slightly larger
box ``B'`` (each side widened by ``2^-20`` of its width, where the gradient and Hessian have
enclosures on the added slab), then carry the result back to ``B``: a zero proved in ``B'``
is in ``B``, outside it, or on a face of ``B`` (decided exactly); an undecided leaf of one
variable is settled by an exact zero of ``f'`` and the generalised Rolle theorem.  The
evidence and its checker are :mod:`symopt.critical.check_edges`; the result replaces the
plain search's only when it has fewer undecided sub-boxes.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Sequence

import sympy as sp

from ..core.objective import Objective
from ..core.points import CriticalPoint, CriticalPoints
from ..exact.interval import Undefined, box_env, enclose_all, float_box
from .check import Box, _box_text, _tree_counts
from .check_edges import EdgeCertificate, membership, rolle_order
from .classify import classify_exact
from .krawczyk import interval_points

#: Each side of the box is widened by this fraction of its width for the search.
WIDEN = 2.0 ** -20


def _widened(grads: Sequence, hess: Sequence, variables: Sequence, B: Box) -> Box:
    """``B`` with each side widened where the derivatives are enclosable on the added slab."""
    out = list(B)
    exprs = list(grads) + [h for row in hess for h in row]
    for i, (lo, hi) in enumerate(B):
        pad = max((hi - lo) * WIDEN, 4 * math.ulp(max(abs(lo), abs(hi), 1.0)))
        new = [lo, hi]
        for side, end in ((0, lo - pad), (1, hi + pad)):
            slab = list(B)
            slab[i] = (end, lo) if side == 0 else (hi, end)
            try:
                enclose_all(exprs, box_env(variables, float_box(slab)))
            except (Undefined, ArithmeticError, ValueError, TypeError):
                continue
            new[side] = end
        out[i] = (new[0], new[1])
    return float_box(out)


def _candidates(legacy: Sequence[CriticalPoint], X: Box, x: sp.Symbol) -> list:
    """Exact candidates for a zero in the leaf ``X``: SymPy's exact solutions and the simplest
    rational (and rational multiple of pi) in ``X`` (each is verified exactly before use)."""
    out: list = []
    for cp in legacy:
        v = cp.point.get(x)
        if v is not None and not getattr(cp, "numeric", False) and not sp.sympify(v).free_symbols \
                and sp.sympify(v).is_real is True:
            out.append(sp.sympify(v))
    lo, hi = X[0]
    mid, rad = (lo + hi) / 2, (hi - lo) / 2
    for guess in (sp.nsimplify(mid, rational=True, tolerance=rad), sp.nsimplify(mid, [sp.pi], tolerance=rad)):
        if guess not in out and guess.is_real:
            out.append(guess)
    return out


def _guesses(E: Box, variables: Sequence) -> list[dict]:
    """Exact points in ``E``: each coordinate's simplest rational, or rational multiple of pi, within its
    side (a guess only: it is verified exactly before use)."""
    out = []
    for consts in ((), (sp.pi,)):
        point = {}
        for v, (lo, hi) in zip(variables, E):
            mid, rad = (lo + hi) / 2, max((hi - lo) / 2, 1e-300)
            try:
                point[v] = sp.nsimplify(mid, list(consts), tolerance=rad, rational=not consts)
            except (ValueError, TypeError, ArithmeticError):
                break
        else:
            out.append(point)
    return out


def edge_points(obj: Objective, grads: list, hess: sp.Matrix, B: Box, legacy: Sequence[CriticalPoint],
                found: CriticalPoints, exact: tuple | None = None) -> CriticalPoints:
    """The search of ``B`` redone on the widened box and carried back (see the module docstring);
    ``found`` (the plain search of ``B``) is returned unless this leaves fewer sub-boxes undecided."""
    variables = tuple(obj.variables)
    n = len(variables)
    H = [[hess[i, j] for j in range(n)] for i in range(n)]
    outer = _widened(grads, H, variables, B)
    inner = interval_points(obj, grads, hess, outer)
    cert_in = inner.certificate
    if exact is not None and tuple(float_box(exact)) != tuple(B):
        exact = None
    G, HH = tuple(grads), tuple(tuple(r) for r in H)
    decisions, witnesses = [], []
    for cp in inner:
        E = float_box(cp.enclosure)
        d, w = membership(G, HH, variables, E, B, exact), None
        if d == "unknown":  # an exact zero from SymPy's solve inside E is the zero there
            guesses = [dict(q.point) for q in legacy if not getattr(q, "numeric", False)
                       and set(q.point) == set(variables)] + _guesses(E, variables)
            for g in guesses:
                d2 = membership(G, HH, variables, E, B, exact, g)
                if d2 != "unknown":
                    d, w = d2, g
                    break
        decisions.append(d)
        witnesses.append(w)
    decisions = tuple(decisions)
    points = [cp if w is None else dataclasses.replace(cp, point=dict(w), numeric=False,
                                                       reason=f"{cp.reason}; exact value verified (grad f = 0 there)")
              for cp, d, w in zip(inner, decisions, witnesses) if d in ("in", "face")]
    undecided = [(float_box(cp.enclosure), "a zero on or next to the box's edge, not decided exactly")
                 for cp, d in zip(inner, decisions) if d == "unknown"]
    resolved = []
    for X, why in inner.undecided:
        if not all(xl <= bh and bl <= xh for (xl, xh), (bl, bh) in zip(X, B)):
            continue  # outside B: says nothing about B
        hit = None
        if n == 1:
            for p in _candidates(legacy, X, variables[0]):
                if not p.is_Rational and min(abs(float(sp.N(p - e, 30))) for e in B[0]) < 1e-20:
                    continue  # an irrational point this close to the box's end: its side is not decided
                k = rolle_order(grads[0], variables[0], p, X)
                if k is not None:
                    hit = (X, p, k)
                    break
        if hit is None:
            undecided.append((X, why))
            continue
        resolved.append(hit)
        _, p, k = hit
        lo, hi = (sp.Rational(v) for v in B[0])
        inside = (lo <= p <= hi) if p.is_Rational else (sp.Float(lo, 30) < sp.N(p, 30) < sp.Float(hi, 30))
        if inside:
            cp = classify_exact(obj, {variables[0]: p})
            reason = (f"{cp.reason}; the only zero of f' in its sub-box: f' and its first {k - 1} derivative(s) "
                      f"vanish there exactly and the {k}-th has no zero (generalised Rolle)")
            enc = ((p, p),) if p.is_Rational else None
            points.append(CriticalPoint({variables[0]: p}, cp.kind, cp.eigenvalues, False, reason, enclosure=enc))
    if len(undecided) >= len(found.undecided):
        return found
    points.sort(key=lambda cp: tuple(float(sp.N(v)) for v in cp.point.values()))
    cert = EdgeCertificate(cert_in, tuple(inner), tuple(inner.undecided), B, outer, decisions, tuple(resolved), exact,
                           tuple(witnesses))
    where = _box_text(B)
    how = (f"interval Krawczyk branch-and-bound of {_box_text(outer)} ({_tree_counts(cert_in.tree)}), zeros on "
           f"the faces decided exactly, degenerate zeros by the generalised Rolle theorem")
    if undecided:
        status = f"incomplete: {len(undecided)} sub-box(es) of {where} undecided ({undecided[0][1]})"
        return CriticalPoints(points, complete=False, note=f"{how}: {len(points)} certified point(s)", status=status,
                              box=B, undecided=tuple(undecided), certificate=cert, objective=obj)
    return CriticalPoints(points, complete=True, note=f"every critical point in {where} (certified: {how})",
                          status=f"complete in {where} (certified)", box=B, certificate=cert, objective=obj)


__all__ = ["edge_points", "WIDEN"]
