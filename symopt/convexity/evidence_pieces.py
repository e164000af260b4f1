r"""Evidence for functions convex piece by piece: cells of a grid, intervals between kinks.

Both checkers re-derive each piece's smooth form with
:func:`~symopt.exact.signs.drop_atoms` (branches of abs/max/min/Piecewise fixed
by proved signs), re-check each piece's convexity evidence, and glue the
pieces: continuity across every cut and slopes that do not drop there
(Rockafellar, Convex Analysis, Thm 24.1; Boyd & Vandenberghe 3.1.3).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Mapping

import sympy as sp

from ..core.domain import Bound, Box
from ..exact.signs import const_sign, defined_on, drop_atoms, is_smooth, is_zero_identity, prove_sign, value_at
from .evidence import Evidence, certifies_convex, certifies_strict


__all__ = ["grid_cells", "GridPiecewiseConvex", "PiecewiseConvex"]


def grid_cells(box: Box, cuts: Mapping) -> list[Box]:
    """The boxes of the grid that ``cuts`` (``{variable: sorted exact points}``) lays over ``box``.

    Inner faces are closed on both sides; the outer ends keep the box's strictness.
    """
    axes = []
    for v, b in zip(box.variables, box.bounds):
        pts = [b.lo, *cuts.get(v, ()), b.hi]
        axes.append([Bound(lo, hi, b.lo_strict if k == 0 else False, b.hi_strict if k == len(pts) - 2 else False)
                     for k, (lo, hi) in enumerate(zip(pts, pts[1:]))])
    return [Box(box.variables, tuple(bs)) for bs in itertools.product(*axes)]


@dataclass(frozen=True)
class GridPiecewiseConvex(Evidence):
    r"""``f`` convex on a box cut by hyperplanes ``x_i = c`` into cells, on each of which it is smooth and convex.

    On every cell ``f`` equals a smooth ``g`` (abs/max/min branches fixed by proved
    signs, :func:`drop_atoms`) proved convex there.  Across each cut ``x_i = c``
    the neighbours agree identically on the face (continuity; so their
    tangential derivatives agree), their gradients are finite on the face, and
    the normal slope does not drop: :math:`\partial_i g_{right} - \partial_i
    g_{left} \ge 0` on the face.  Every segment then meets the cells in convex
    pieces whose slopes do not drop where it crosses a face (at a corner, the
    jump is a sum of such nonnegative jumps), so ``f`` is convex on every
    segment, hence convex.

    Attributes:
        f: the function.
        box: the domain.
        cuts: ``((variable, (c_1, c_2, ...)), ...)``, exact rational cut points.
        cells: ``(g, evidence tuple)`` per cell, in the order of :func:`grid_cells`.
    """

    f: sp.Expr
    box: Box
    cuts: tuple
    cells: tuple

    def check(self) -> bool:
        cuts = dict(self.cuts)
        vs = self.box.variables
        for v, pts in cuts.items():
            b = self.box.bound(v)
            if v not in vs or list(pts) != sorted(set(pts)) or any(not c.is_Rational for c in pts):
                return False
            if any((b.lo is not -sp.oo and c <= b.lo) or (b.hi is not sp.oo and c >= b.hi) for c in pts):
                return False
        boxes = grid_cells(self.box, cuts)
        if len(boxes) != len(self.cells) or len(boxes) < 2:
            return False
        for cell, (g, evs) in zip(boxes, self.cells):
            if not is_smooth(g) or not _equal_on_cell(self.f, g, cell):
                return False
            if not evs or not all(certifies_convex(ev, g) and getattr(ev, "box", cell) == cell and ev.check() for ev in evs):
                return False
        index = {tuple((b.lo, b.hi) for b in cell.bounds): k for k, cell in enumerate(boxes)}
        for k, cell in enumerate(boxes):
            for i, v in enumerate(vs):
                b = cell.bounds[i]
                if b.hi not in cuts.get(v, ()):
                    continue
                key = list((bb.lo, bb.hi) for bb in cell.bounds)
                pts = [self.box.bound(v).lo, *cuts[v], self.box.bound(v).hi]
                j = pts.index(b.hi)
                key[i] = (pts[j], pts[j + 1])
                right = index.get(tuple(key))
                if right is None:
                    return False
                gl, gr = self.cells[k][0], self.cells[right][0]
                c = b.hi
                face = Box(tuple(u for u in vs if u != v), tuple(bb for u, bb in zip(vs, cell.bounds) if u != v))
                if not is_zero_identity(gl.xreplace({v: c}), gr.xreplace({v: c})):
                    return False
                for g in (gl, gr):
                    for u in vs:
                        if defined_on(sp.diff(g, u).xreplace({v: c}), face) is None:
                            return False
                jump = (sp.diff(gr, v) - sp.diff(gl, v)).xreplace({v: c})
                if face.variables:
                    if prove_sign(jump, face, ">=0") is None:
                        return False
                elif const_sign(jump) not in (0, 1):
                    return False
        return True

    def proves_convex(self, g: sp.Expr) -> bool:
        return is_zero_identity(self.f, g)

    def summary(self) -> str:
        cuts = ", ".join(f"{v} = {', '.join(map(str, pts))}" for v, pts in self.cuts)
        return (f"convex on each of {len(self.cells)} cells cut at {cuts}; continuous across the cuts with "
                "non-decreasing normal slopes")


def _equal_on_cell(f: sp.Expr, g: sp.Expr, cell: Box) -> bool:
    """``f = g`` on the closed cell: with branches fixed on the cell itself, or on its interior and then on every face
    that belongs to the cell (a ``Piecewise`` whose conditions switch on the face, ``x >= 0`` on ``x <= 0``; the face
    values must agree too, or a dip or a jump on the face would go unseen)."""
    if is_zero_identity(drop_atoms(f, cell), g):
        return True
    if not is_zero_identity(drop_atoms(f, cell, open_conditions=True), g):
        return False
    vs = cell.variables
    for i, (v, b) in enumerate(zip(vs, cell.bounds)):
        for end, strict in ((b.lo, b.lo_strict), (b.hi, b.hi_strict)):
            if not end.is_finite or strict:
                continue
            face = Box(tuple(u for u in vs if u != v), tuple(bb for u, bb in zip(vs, cell.bounds) if u != v))
            fv, gv = f.xreplace({v: end}), g.xreplace({v: end})
            if face.variables:
                if not is_zero_identity(drop_atoms(fv, face), gv):
                    return False
            elif const_sign(value_at(fv, {}) - value_at(gv, {})) != 0:
                return False
    return True


@dataclass(frozen=True)
class PiecewiseConvex(Evidence):
    r"""A continuous function of one variable, convex on each closed piece, with non-decreasing slope at every kink.

    The pieces :math:`[c_0, c_1], [c_1, c_2], \dots` cover the interval; on
    piece ``k`` the function equals the smooth ``g_k`` (abs/max/min branches
    fixed by proved signs, :func:`drop_atoms`), ``g_k`` is convex there (its
    evidence), neighbours agree at each kink ``c`` (continuity), and
    :math:`g_k'(c) \le g_{k+1}'(c)` (left slope <= right slope).  Then ``f'``
    (one-sided) is non-decreasing on the whole interval, so ``f`` is convex
    (Rockafellar, Convex Analysis, Thm 24.1 / Boyd & Vandenberghe 3.1.3).
    With ``strict`` every piece is strictly convex (its evidence certifies
    strict convexity), and so is ``f``: a segment where ``f`` is affine would
    meet some piece in a segment.
    """

    f: sp.Expr
    variable: sp.Symbol
    box: Box
    pieces: tuple  # ((lo, hi, g, evidence tuple), ...); lo/hi exact, +-oo at the ends
    strict: bool = False

    def check(self) -> bool:
        x = self.variable
        if self.box.variables != (x,) or not self.pieces:
            return False
        b = self.box.bound(x)
        if self.pieces[0][0] != b.lo or self.pieces[-1][1] != b.hi:
            return False
        for k, (lo, hi, g, evs) in enumerate(self.pieces):
            if not (lo < hi) or (k + 1 < len(self.pieces) and self.pieces[k + 1][0] != hi):
                return False
            if (lo.is_finite and not lo.is_Rational) or (hi.is_finite and not hi.is_Rational):
                return False
            sub = Box((x,), (Bound(lo, hi, b.lo_strict if k == 0 else False,
                                   b.hi_strict if k == len(self.pieces) - 1 else False),))
            if not is_smooth(g) or not is_zero_identity(drop_atoms(self.f, sub, open_conditions=True), g):
                return False
            # f equals g on the closed piece: at its finite ends too (a Piecewise may take a third value there)
            for e, st in ((lo, k == 0 and b.lo_strict), (hi, k == len(self.pieces) - 1 and b.hi_strict)):
                if e.is_finite and not st and const_sign(value_at(self.f, {x: e}) - value_at(g, {x: e})) != 0:
                    return False
            certifies = certifies_strict if self.strict else certifies_convex
            if not evs or not all(certifies(ev, g) and getattr(ev, "box", sub) == sub and ev.check() for ev in evs):
                return False
        for k in range(len(self.pieces) - 1):
            c = self.pieces[k][1]
            gl, gr = self.pieces[k][2], self.pieces[k + 1][2]
            vl, vr = value_at(gl, {x: c}), value_at(gr, {x: c})
            if const_sign(vl - vr) != 0:
                return False
            dl, dr = value_at(sp.diff(gl, x), {x: c}), value_at(sp.diff(gr, x), {x: c})
            s = const_sign(dr - dl)
            if s is None or s < 0:
                return False
        return True

    def proves_convex(self, g: sp.Expr) -> bool:
        return is_zero_identity(self.f, g)

    def proves_strict(self, g: sp.Expr) -> bool:
        return self.strict and is_zero_identity(self.f, g)

    def summary(self) -> str:
        kinks = [str(p[1]) for p in self.pieces[:-1]]
        return (f"{'strictly ' if self.strict else ''}convex on each of {len(self.pieces)} pieces split at {', '.join(kinks) or 'no point'}, "
                "continuous, with left slope <= right slope at every kink")
