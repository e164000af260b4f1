"""Sums of ``n`` squares in ``n`` variables on a box: critical points as zeros of the residuals.

The search side of :mod:`symopt.critical.check_residual`: read ``f = sum w_i r_i^2`` off the
objective, prove ``det J != 0`` on the box (a partition by bisection, at most
:data:`MAX_DET_CELLS` cells), then search ``r = 0`` with the Krawczyk branch-and-bound.
"""

from __future__ import annotations

import sys

import sympy as sp

from ..core.objective import Objective
from ..core.points import CriticalPoint, CriticalPoints
from ..exact.interval import Undefined, box_env, children, enclosure, lower_float, to_rational, upper_float
from .check import Box, IntervalCertificate, _box_text, _tree_counts, rationalize
from .check_residual import ResidualCertificate, _det, squares_of
from .krawczyk import _Search, box_limit, split_box

#: Most cells of the partition proving ``det J != 0``.
MAX_DET_CELLS = 512


def _det_cells(det: sp.Expr, variables: tuple, X: Box, budget: list) -> tuple | None:
    budget[0] -= 1
    if budget[0] < 0:
        return None
    try:
        e = enclosure(det, box_env(variables, X))
        if lower_float(e) > 0 or upper_float(e) < 0:
            return ("nonzero",)
    except (Undefined, ArithmeticError, ValueError, TypeError):
        pass
    axis, at = split_box(X)
    if not X[axis][0] < at < X[axis][1]:
        return None
    a, b = children(X, axis, at)
    left = _det_cells(det, variables, a, budget)
    if left is None:
        return None
    right = _det_cells(det, variables, b, budget)
    return None if right is None else ("split", axis, at, left, right)


def residual_points(obj: Objective, box: Box) -> CriticalPoints | None:
    """Every critical point of a sum of ``n`` squares in the box, as zeros of the residuals, or
    ``None`` when ``f`` is not such a sum or ``det J`` is not proved nonzero on the box."""
    variables = tuple(obj.variables)
    n = len(variables)
    parts = squares_of(rationalize(obj.expr), n)
    if parts is None:
        return None
    weights, residuals = parts
    J = sp.Matrix([[sp.diff(r, v) for v in variables] for r in residuals])
    cells = _det_cells(_det(J), variables, box, [MAX_DET_CELLS])
    if cells is None:
        return None
    rows = [[J[i, j] for j in range(n)] for i in range(n)]
    search = _Search(list(residuals), rows, variables, box, box_limit())
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4000))
    try:
        tree = search.visit(box)
    finally:
        sys.setrecursionlimit(limit)
    points = []
    for _, E in search.found:
        mid = {v: (lo + hi) / 2 for v, (lo, hi) in zip(variables, E)}
        enc = tuple((to_rational(lo), to_rational(hi)) for lo, hi in E)
        points.append(CriticalPoint(mid, "minimum", (), True,
                                    "a zero of the residuals (Krawczyk): f = 0 there and f >= 0, a global minimiser",
                                    enclosure=enc))
    inner = IntervalCertificate(variables, tuple(residuals), tuple(tuple(r) for r in rows), box, tree)
    cert = ResidualCertificate(weights, tuple(residuals), cells, inner)
    where = _box_text(box)
    how = (f"f is a sum of {n} squares and det J != 0 on {where}, so grad f = 0 iff the residuals vanish; "
           f"Krawczyk branch-and-bound on the residuals ({_tree_counts(tree)})")
    if search.undecided:
        status = f"incomplete: {len(search.undecided)} sub-box(es) of {where} undecided ({search.undecided[0][1]})"
        return CriticalPoints(points, complete=False, note=how, status=status, box=box,
                              undecided=tuple(search.undecided), certificate=cert, objective=obj)
    return CriticalPoints(points, complete=True, note=f"every critical point in {where} (certified: {how})",
                          status=f"complete in {where} (certified)", box=box, certificate=cert, objective=obj)


__all__ = ["residual_points", "MAX_DET_CELLS"]

