"""Evidence that a domain's critical points and minima lie in a compact core, cell by cell, and its checker.

An evidence module (imports only ``symopt.core``, ``symopt.exact``, floor 0 and the evidence
modules :mod:`symopt.critical.check` and :mod:`symopt.critical.check_tails`).

The slabs of :mod:`~symopt.critical.check_tails` need one gradient entry of one sign on a whole
slab ``{x_i >= R}``; ``x^2 - log x + y^2 - log y + x y`` on the open quadrant has none (on
``x <= 1/16``, ``df/dx`` changes sign as ``y`` grows).  Here each coordinate's range is cut in
three, a lower tail ``(lo, a_i]``, the core side ``[a_i, b_i]`` and an upper tail
``[b_i, hi)`` (a closed finite end is its own cut), and every cell of the ``3^n`` grid but the
core ``K`` gets an entry ``g_i`` of strict sign on it, proved by the sign prover (open finite
ends through ``x = e +- 1/s``).  Then no critical point lies outside ``K``.

When each cell's entry points **inwards** (the cell lies in ``i``'s lower tail and ``g_i < 0``,
or in its upper tail and ``g_i > 0``), ``inf_D f = min_K f``, attained: from any ``x ∉ K``,
move the coordinate its cell names towards ``K`` to the cell's edge (``f`` strictly decreases,
mean value theorem), and repeat; each move brings one coordinate from a tail to its core side
and no coordinate ever moves back, so after at most ``n`` moves the point lies in ``K``, with a
smaller value.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy as sp

from ..core.domain import Bound
from ..core.domain import Box as DomainBox
from ..exact.interval import float_box
from ..exact.signs import prove_sign

__all__ = ["GridCover", "cell_box", "prove_cell", "check_grid"]


@dataclass(frozen=True)
class GridCover:
    """The domain, the core's exact sides, and for each non-core cell (its position in ``{-1, 0, 1}^n``)
    the entry ``index`` with ``g_index (relation) 0`` there, proved as ``how``."""

    domain: DomainBox
    core: tuple
    cells: tuple

    slabs: tuple = ()  # (the slab interface of TailCover: a grid has none)

    @property
    def inward(self) -> bool:
        return all(pos[i] == (-1 if rel == "<0" else 1) for pos, i, rel, _ in self.cells)

    def float_core(self) -> tuple:
        return float_box(self.core)

    def describe(self) -> str:
        return f"a gradient entry of one sign on each of the {len(self.cells)} cells around the core"


def cell_box(domain: DomainBox, core: tuple, pos: tuple) -> DomainBox:
    """The cell at ``pos`` (``-1`` lower tail, ``0`` core side, ``1`` upper tail in each coordinate)."""
    bounds = []
    for b, (a, c), p in zip(domain.bounds, core, pos):
        if p < 0:
            bounds.append(Bound(b.lo, a, b.lo_strict, False))
        elif p > 0:
            bounds.append(Bound(c, b.hi, False, b.hi_strict))
        else:
            bounds.append(Bound(a, c, False, False))
    return DomainBox(domain.variables, tuple(bounds))


def prove_cell(grad: sp.Expr, domain: DomainBox, core: tuple, pos: tuple, relation: str) -> str | None:
    """How ``grad (relation) 0`` is proved on the cell: the sign prover on it, or after ``x_j = e +- 1/s_j``
    for every coordinate whose tail ends at an open finite end ``e`` (``s_j >= 1/|cut - e|``)."""
    box = cell_box(domain, core, pos)
    try:
        how = prove_sign(grad, box, relation)
        if how is not None:
            return how
        sub, variables, bounds = {}, list(domain.variables), list(box.bounds)
        for j, (x, b, (a, c), p) in enumerate(zip(domain.variables, domain.bounds, core, pos)):
            end, strict, cut, sign = (b.lo, b.lo_strict, a, 1) if p < 0 else (b.hi, b.hi_strict, c, -1)
            if p == 0 or not (end.is_finite and strict):
                continue
            s = sp.Dummy(f"s{j}", positive=True)
            sub[x] = end + sign / s
            variables[j] = s
            bounds[j] = Bound(1 / abs(cut - end), sp.oo, False, False)
        if not sub:
            return None
        how = prove_sign(grad.xreplace(sub), DomainBox(tuple(variables), tuple(bounds)), relation)
        return None if how is None else f"{how} (after x = e +- 1/s at the open ends)"
    except (ArithmeticError, ValueError, TypeError, AttributeError, NotImplementedError, RecursionError):
        return None


def check_grid(cover: GridCover, gradient: tuple) -> bool:
    """The core's sides are the closed finite ends or cuts strictly inside open/infinite ones, every
    non-core cell is listed once (and no empty cell), and each cell's sign re-proves."""
    dom = cover.domain
    n = len(dom.variables)
    if len(cover.core) != n:
        return False
    for b, (a, c) in zip(dom.bounds, cover.core):
        if not (sp.sympify(a).is_Rational and sp.sympify(c).is_Rational and a < c):
            return False
        for end, strict, cut, lower in ((b.lo, b.lo_strict, a, True), (b.hi, b.hi_strict, c, False)):
            if end.is_finite and not strict:
                if cut != end:
                    return False
            elif end.is_finite and not ((end < cut) if lower else (cut < end)):
                return False
    need = set()
    for pos in itertools.product((-1, 0, 1), repeat=n):
        if all(p == 0 for p in pos):
            continue
        empty = False
        for b, (a, c), p in zip(dom.bounds, cover.core, pos):
            if (p < 0 and b.lo.is_finite and not b.lo_strict) or (p > 0 and b.hi.is_finite and not b.hi_strict):
                empty = True  # a closed side: no tail there
        if not empty:
            need.add(pos)
    if {pos for pos, _, _, _ in cover.cells} != need or len(cover.cells) != len(need):
        return False
    for pos, i, relation, _ in cover.cells:
        if relation not in (">0", "<0") or not 0 <= i < n:
            return False
        if prove_cell(gradient[i], dom, cover.core, pos, relation) is None:
            return False
    return True
