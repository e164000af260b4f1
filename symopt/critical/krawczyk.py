"""Interval branch-and-bound for ``grad f = 0`` in a box (Krawczyk's operator).

Over a box (the user's, or ``[-10, 10]^n``) with mpmath's ``iv`` (outward rounding):
``0 not in g_i(X)`` or ``K(X) ∩ X = ∅`` proves no zero in ``X``; ``K(X)`` inside the
interior of ``X`` proves exactly one (and ``K(X)`` encloses it; the enclosure is
then tightened by further Krawczyk steps).  Boxes that reach the minimum width or
the search's limit undecided are listed in ``undecided``; ``complete`` then is false.

References: Krawczyk 1969; Moore 1977; Neumaier, *Interval Methods for Systems of
Equations* (1990), ch. 5.
"""

from __future__ import annotations

import math
import sys
import time
from typing import Sequence

import sympy as sp

from ..core.objective import CriticalPoint, CriticalPoints, Objective
from ..exact.interval import (
    Undefined,
    box_env,
    children,
    disjoint,
    enclosure,
    inside,
    krawczyk,
    lower_float,
    to_rational,
    upper_float,
)
from .check import Box, IntervalCertificate, _box_text, _interval_kind, _tree_counts


def _excluded_by(grad: Sequence, env: dict) -> int | None:
    for i, g in enumerate(grad):
        e = enclosure(g, env)
        if lower_float(e) > 0 or upper_float(e) < 0:
            return i
    return None


def split_box(X: Box) -> tuple[int, float]:
    widths = [(hi - lo) / max(1.0, abs(lo), abs(hi)) for lo, hi in X]
    axis = max(range(len(X)), key=lambda i: widths[i])
    lo, hi = X[axis]
    at = lo + (hi - lo) * 0.4921875  # off-centre: zeros at round numbers stay inside a box
    return axis, at


def _tight(grad: Sequence, hess: Sequence, variables: Sequence[sp.Symbol], X: Box) -> Box:
    """Shrink a box with a unique zero by Krawczyk steps; the box returned has ``K(E) ⊆ E``
    (so it holds the zero), checked for that very box."""
    E = X
    for _ in range(200):
        K = krawczyk(grad, hess, variables, E)
        if K is None or not inside(K, E, strict=False):
            break
        verified = E
        new = tuple((max(lower_float(k), lo), min(upper_float(k), hi)) for k, (lo, hi) in zip(K, E))
        # a little inflation keeps the zero inside the next box's interior despite rounding
        new = tuple((max(lo, a - 4 * _ulp(a)), min(hi, b + 4 * _ulp(b))) for (a, b), (lo, hi) in zip(new, E))
        if all((b - a) >= (1 - 1e-9) * (hi - lo) for (a, b), (lo, hi) in zip(new, E)):
            return verified  # no more progress (rounding level)
        E = new
        X = verified
    else:
        return E if _krawczyk_contains(grad, hess, variables, E) else X
    return X


def _ulp(v: float) -> float:
    return math.ulp(v) if v else 5e-324


def _krawczyk_contains(grad, hess, variables, E: Box) -> bool:
    K = krawczyk(grad, hess, variables, E)
    return K is not None and inside(K, E, strict=False)


class _Search:
    def __init__(self, grad, hess, variables, box, deadline, max_leaves=4000):
        self.grad, self.hess, self.variables = grad, hess, variables
        self.box = box
        self.deadline = deadline
        self.max_leaves = max_leaves
        self.leaves = 0
        self.found: list[tuple[Box, Box]] = []  # (leaf, enclosure)
        self.undecided: list[tuple[Box, str]] = []
        scale = max(max(abs(lo), abs(hi)) for lo, hi in box)
        self.min_width = 1e-9 * max(1.0, scale)

    def leaf(self, node: tuple, X: Box) -> tuple:
        self.leaves += 1
        if node[0] == "undecided":
            self.undecided.append((X, node[1]))
        return node

    def visit(self, X: Box, depth: int = 0) -> tuple:
        if time.monotonic() > self.deadline or self.leaves >= self.max_leaves:
            return self.leaf(("undecided", "budget"), X)
        width = max(hi - lo for lo, hi in X)
        try:
            env = box_env(self.variables, X)
            i = _excluded_by(self.grad, env)
            if i is not None:
                return self.leaf(("none", i), X)
            K = krawczyk(self.grad, self.hess, self.variables, X)
            if K is not None:
                if disjoint(K, X):
                    return self.leaf(("none", -1), X)
                if inside(K, X, strict=True):
                    E = _tight(self.grad, self.hess, self.variables, X)
                    self.found.append((X, E))
                    return self.leaf(("unique",), X)
            why = "the Krawczyk test neither proved nor excluded a zero (a singular or non-isolated zero?)"
        except (Undefined, ZeroDivisionError, ValueError, TypeError, OverflowError, ArithmeticError) as exc:
            why = f"no interval enclosure of the derivatives here ({str(exc)[:60] or type(exc).__name__})"
            if depth >= 8 * len(X):
                return self.leaf(("undecided", why), X)
        if width <= self.min_width:
            return self.leaf(("undecided", why), X)
        axis, at = split_box(X)
        left, right = children(X, axis, at)
        return ("split", axis, at, self.visit(left, depth + 1), self.visit(right, depth + 1))


def interval_points(obj: Objective, grads: list, hess: sp.Matrix, box: Box, deadline: float) -> CriticalPoints:
    variables = obj.variables
    n = len(variables)
    H = [[hess[i, j] for j in range(n)] for i in range(n)]
    search = _Search(grads, H, variables, box, deadline)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4000))
    try:
        tree = search.visit(box)
    finally:
        sys.setrecursionlimit(limit)
    points = []
    for leaf, E in search.found:
        mid = {v: (lo + hi) / 2 for v, (lo, hi) in zip(variables, E)}  # floats, as numeric points always were
        kind, eig, reason = _interval_kind(H, variables, E)
        enclosure = tuple((to_rational(lo), to_rational(hi)) for lo, hi in E)
        points.append(CriticalPoint(mid, kind, eig, True, reason, enclosure=enclosure))
    points.sort(key=lambda cp: tuple(float(v) for v in cp.point.values()))
    cert = IntervalCertificate(tuple(variables), tuple(grads), tuple(tuple(r) for r in H), box, tree)
    where = _box_text(box)
    undecided = tuple(search.undecided)
    periodic = any(a.has(*variables) for a in obj.expr.atoms(sp.sin, sp.cos, sp.tan, sp.sec, sp.csc, sp.cot))
    tail = "; f is periodic-like in places (trigonometric terms): only the box is searched" if periodic else ""
    if undecided:
        reasons = sorted({why for _, why in undecided})
        status = f"incomplete: {len(undecided)} sub-box(es) of {where} undecided ({reasons[0]})"
        note = (f"interval Krawczyk search in {where}: {len(points)} certified point(s); "
                f"{len(undecided)} sub-box(es) undecided{tail}")
        return CriticalPoints(points, complete=False, note=note, status=status, box=box, undecided=undecided,
                              certificate=cert, objective=obj)
    note = (f"every critical point in {where} (certified: interval Krawczyk branch-and-bound, "
            f"{_tree_counts(tree)}){tail}")
    return CriticalPoints(points, complete=True, note=note, status=f"complete in {where} (certified)", box=box,
                          certificate=cert, objective=obj)
