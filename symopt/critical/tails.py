"""A compact core for an open or unbounded box domain (the search side of :mod:`~symopt.critical.check_tails`).

For each side of the domain that is unbounded or open, try cuts (``|x_i| >= 10, 100, 1000`` for
an unbounded side; ``1/16, 1/1024, 2^-20`` of the width, or of 1, inside an open finite end)
until the sign prover shows one strict sign of ``df/dx_i`` on the slab beyond the cut.  The
core box is then searched by intervals; the slabs need no search.
"""

from __future__ import annotations

from typing import Sequence

import itertools

import sympy as sp

from ..core.domain import Box as DomainBox
from ..errors import BudgetExceeded
from ..limits import run_with_budget
from .check_grid import GridCover, prove_cell
from .check_tails import Slab, TailCover, prove_slab

#: Cuts tried on an unbounded side, and fractions tried inside an open finite end.
FAR_CUTS = (10, 100, 1000)
NEAR_FRACTIONS = (sp.Rational(1, 16), sp.Rational(1, 1024), sp.Rational(1, 2**20))


def _slab(dom: DomainBox, grad: sp.Expr, i: int, side: str, cuts: Sequence) -> Slab | None:
    for cut in cuts:
        for relation in ("<0", ">0") if side == "lower" else (">0", "<0"):  # inwards first
            probe = Slab(i, side, sp.Rational(cut), relation, "")
            try:
                how = run_with_budget(prove_slab, grad, dom, probe, step="simplify")
            except BudgetExceeded:
                how = None
            if how is not None:
                return Slab(i, side, sp.Rational(cut), relation, how)
    return None


def tail_cover(domain: DomainBox, grads: Sequence[sp.Expr]) -> TailCover | None:
    """A cover of ``domain`` by a compact core and signed slabs, or ``None`` when some side has no slab."""
    core, slabs = [], []
    for i, b in enumerate(domain.bounds):
        lo_f, hi_f = b.lo.is_finite, b.hi.is_finite
        if lo_f and hi_f:
            width = b.hi - b.lo
        else:
            width = sp.Integer(1)
        ends = []
        for side, end, strict in (("lower", b.lo, b.lo_strict), ("upper", b.hi, b.hi_strict)):
            sign = 1 if side == "lower" else -1
            if end.is_finite and not strict:
                ends.append(end)
                continue
            if end.is_finite:
                if not end.is_Rational:
                    return None
                cuts = [end + sign * width * q for q in NEAR_FRACTIONS]
            else:
                cuts = [-sign * c for c in FAR_CUTS]
                if lo_f and side == "upper":
                    cuts = [max(c, b.lo + 1) if b.lo.is_Rational else c for c in cuts]
                if hi_f and side == "lower":
                    cuts = [min(c, b.hi - 1) if b.hi.is_Rational else c for c in cuts]
            s = _slab(domain, grads[i], i, side, cuts)
            if s is None:
                return None
            slabs.append(s)
            ends.append(s.cut)
        if not ends[0] < ends[1]:
            return None
        core.append((ends[0], ends[1]))
    return TailCover(domain, tuple(core), tuple(slabs))


#: Most variables the grid cover takes on (``3^n - 1`` cells, each a sign proof).
MAX_GRID_VARIABLES = 3


def grid_cover(domain: DomainBox, grads: Sequence[sp.Expr]) -> GridCover | None:
    """A cover of ``domain`` by a core and the cells of a ``3^n`` grid, each with an entry of one sign
    (:mod:`~symopt.critical.check_grid`); inward entries are preferred.  ``None`` when a cell has none."""
    n = len(domain.variables)
    if n > MAX_GRID_VARIABLES:
        return None
    for q, far in zip(NEAR_FRACTIONS[:2], FAR_CUTS[:2]):
        core = []
        for b in domain.bounds:
            width = b.hi - b.lo if (b.lo.is_finite and b.hi.is_finite) else sp.Integer(1)
            ends = []
            for end, strict, sign in ((b.lo, b.lo_strict, 1), (b.hi, b.hi_strict, -1)):
                if end.is_finite and not strict:
                    ends.append(end)
                elif end.is_finite:
                    if not end.is_Rational:
                        return None
                    ends.append(end + sign * width * q)
                else:
                    other = b.hi if sign > 0 else b.lo
                    cut = -sign * far
                    if other.is_finite and other.is_Rational:
                        cut = min(cut, other - 1) if sign > 0 else max(cut, other + 1)
                    ends.append(sp.Integer(cut) if isinstance(cut, int) else cut)
            if not ends[0] < ends[1]:
                return None
            core.append((ends[0], ends[1]))
        core = tuple(core)
        cells = []
        for pos in itertools.product((-1, 0, 1), repeat=n):
            if all(p == 0 for p in pos):
                continue
            if any((p < 0 and b.lo.is_finite and not b.lo_strict) or (p > 0 and b.hi.is_finite and not b.hi_strict)
                   for b, p in zip(domain.bounds, pos)):
                continue
            tries = [(i, "<0" if pos[i] < 0 else ">0") for i in range(n) if pos[i] != 0]
            tries += [(i, r) for i in range(n) for r in ("<0", ">0") if (i, r) not in tries]
            hit = None
            for i, relation in tries:
                try:
                    how = run_with_budget(prove_cell, grads[i], domain, core, pos, relation, step="simplify")
                except BudgetExceeded:
                    how = None
                if how is not None:
                    hit = (pos, i, relation, how)
                    break
            if hit is None:
                break
            cells.append(hit)
        else:
            return GridCover(domain, core, tuple(cells))
    return None
