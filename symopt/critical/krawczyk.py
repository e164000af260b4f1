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
from typing import Sequence

import sympy as sp

from ..config import config
from ..core.objective import Objective
from ..core.points import CriticalPoint, CriticalPoints
from ..exact.interval import (
    Undefined,
    box_env,
    children,
    disjoint,
    enclose_all,
    enclosure,
    inside,
    krawczyk,
    lower_float,
    to_rational,
    upper_float,
)
from .check import Box, IntervalCertificate, _box_text, _interval_kind, _tree_counts


#: Boxes (leaves of the search tree) per reference second of the ``interval`` limit: the
#: search is bounded by a count of boxes, never by the clock (same answer on any machine).
BOXES_PER_REFERENCE_SECOND = 400


def box_limit() -> int:
    """The most leaves an interval search visits: ``config.budgets["interval"]`` reference
    seconds times :data:`BOXES_PER_REFERENCE_SECOND` times ``config.effort``."""
    seconds = config.budget_for("interval")
    if seconds is None or seconds == float("inf"):
        return 10**7
    return max(1, int(seconds * BOXES_PER_REFERENCE_SECOND * getattr(config, "effort", 1.0)))


def _excluded_by(grad: Sequence, env: dict) -> int | None:
    """A gradient entry with one strict sign on the box (``0 not in g_i(X)``: no zero there)."""
    try:
        values = enclose_all(grad, env)
    except Undefined:
        values = None
    for i, g in enumerate(grad):
        e = values[i] if values is not None else enclosure(g, env)
        if values is not None and (lower_float(e) == 0 or upper_float(e) == 0):
            # the shared-subterm form touches 0 at an endpoint (a subterm vanishes on a face of the
            # box): the expression's own tree may keep the strict sign (Brent at the box's corner)
            try:
                e = enclosure(g, env)
            except Undefined:
                pass
        if lower_float(e) > 0 or upper_float(e) < 0:
            return i
    return None


def split_box(X: Box, jacobian: Sequence[Sequence] | None = None) -> tuple[int, float]:
    """Where to cut ``X``: the side of largest (relative) width, or with an interval Jacobian,
    the side of largest ``width_j * max_i |J_ij|`` (the smear rule: the variable whose range
    moves the gradient most); off-centre, so zeros at round numbers stay inside a box."""
    widths = [(hi - lo) / max(1.0, abs(lo), abs(hi)) for lo, hi in X]
    axis = max(range(len(X)), key=lambda i: widths[i])
    if jacobian:
        smear = []
        for j, (lo, hi) in enumerate(X):
            mag = max(max(abs(lower_float(row[j])), abs(upper_float(row[j]))) for row in jacobian)
            smear.append((hi - lo) * mag if math.isfinite(mag) else math.inf)
        best = max(range(len(X)), key=lambda j: smear[j])
        if smear[best] > 0 and X[best][1] - X[best][0] > 0:
            axis = best
    lo, hi = X[axis]
    at = lo + (hi - lo) * 0.4921875
    if not lo < at < hi:  # a side too thin to cut in floating point (a contraction to [0, 5e-324]): the widest
        axis = max(range(len(X)), key=lambda i: X[i][1] - X[i][0])
        lo, hi = X[axis]
        at = lo + (hi - lo) * 0.4921875
    return axis, at


def _contracted(K: Sequence, X: Box) -> Box | None:
    """``K(X) ∩ X`` (every zero in ``X`` lies in it), widened a little, when that cuts some side by a
    quarter, else ``None``."""
    out = tuple((max(lower_float(k), lo), min(upper_float(k), hi)) for k, (lo, hi) in zip(K, X))
    if any(not a <= b for a, b in out):
        return None
    # widened a little (still inside X): a zero on the edge of K(X) stays inside the new box
    out = tuple((max(lo, a - 0.0625 * (b - a) - 4 * _ulp(a)), min(hi, b + 0.0625 * (b - a) + 4 * _ulp(b)))
                for (a, b), (lo, hi) in zip(out, X))
    # no side below 1e-12 of its magnitude: a side contracted to the rounding level while another is
    # still wide can never hold K strictly inside later (1 - e^-x at x = 0 with y still in [0, 1e-3])
    out = tuple(_at_least(a, b, lo, hi) for (a, b), (lo, hi) in zip(out, X))
    if any((b - a) < 0.75 * (hi - lo) for (a, b), (lo, hi) in zip(out, X)):
        return out
    return None


def _at_least(a: float, b: float, lo: float, hi: float) -> tuple[float, float]:
    floor = 1e-12 * max(1.0, abs(a), abs(b))
    if b - a >= floor:
        return a, b
    c = (a + b) / 2
    return max(lo, c - floor), min(hi, c + floor)


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
    def __init__(self, grad, hess, variables, box, max_leaves):
        self.grad, self.hess, self.variables = grad, hess, variables
        self.box = box
        self.max_leaves = max_leaves
        self.leaves = 0
        self.found: list[tuple[Box, Box]] = []  # (leaf, enclosure)
        self.undecided: list[tuple[Box, str]] = []
        scale = max(max(abs(lo), abs(hi)) for lo, hi in box)
        # one variable: boxes are cheap, and zeros in exponentially close pairs (e^-3x - sin^3 x near
        # 5 pi: 1.2e-10 apart) need widths near the rounding level to be told apart
        self.min_width = (1e-14 if len(box) == 1 else 1e-9) * max(1.0, scale)

    def leaf(self, node: tuple, X: Box) -> tuple:
        self.leaves += 1
        if node[0] == "undecided":
            self.undecided.append((X, node[1]))
        return node

    def visit(self, X: Box, depth: int = 0) -> tuple:
        if self.leaves >= self.max_leaves:
            return self.leaf(("undecided", f"the search's limit of {self.max_leaves} boxes"), X)
        width = max(hi - lo for lo, hi in X)
        J: list = []
        try:
            env = box_env(self.variables, X)
            i = _excluded_by(self.grad, env)
            if i is not None:
                return self.leaf(("none", i), X)
            K = krawczyk(self.grad, self.hess, self.variables, X, J)
            if K is not None:
                if disjoint(K, X):
                    return self.leaf(("none", -1), X)
                if inside(K, X, strict=True):
                    E = _tight(self.grad, self.hess, self.variables, X)
                    self.found.append((X, E))
                    return self.leaf(("unique",), X)
                C = _contracted(K, X)
                if C is not None and width > self.min_width:
                    return ("contract", C, self.visit(C, depth + 1))
            why = "the Krawczyk test neither proved nor excluded a zero (a singular or non-isolated zero?)"
        except (Undefined, ZeroDivisionError, ValueError, TypeError, OverflowError, ArithmeticError) as exc:
            why = f"no interval enclosure of the derivatives here ({str(exc)[:60] or type(exc).__name__})"
            if depth >= 8 * len(X):
                return self.leaf(("undecided", why), X)
        if width <= self.min_width:
            return self.leaf(("undecided", why), X)
        axis, at = split_box(X, J)
        if not X[axis][0] < at < X[axis][1]:
            return self.leaf(("undecided", why), X)
        left, right = children(X, axis, at)
        return ("split", axis, at, self.visit(left, depth + 1), self.visit(right, depth + 1))


def interval_points(obj: Objective, grads: list, hess: sp.Matrix, box: Box, max_leaves: int | None = None) -> CriticalPoints:
    """Every critical point in ``box`` by Krawczyk branch-and-bound with contraction
    (``K(X) ∩ X`` replaces ``X`` when it is much smaller), the smear rule for splitting and
    exclusion by monotonicity; at most ``max_leaves`` boxes (default :func:`box_limit`)."""
    variables = obj.variables
    n = len(variables)
    H = [[hess[i, j] for j in range(n)] for i in range(n)]
    search = _Search(grads, H, variables, box, box_limit() if max_leaves is None else max_leaves)
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
