"""Non-smooth functions (abs, max, min, Piecewise) outside the composition rules, and sums proved by parts.

Branches fixed by proved signs (:func:`~symopt.exact.signs.drop_atoms`); a 1-D
domain split at the exact kinks (convex pieces, slopes that do not drop); an
n-D box cut at hyperplanes ``x_i = c``; a convex function of one affine form
reduced to one variable; a maximum of pieces and a sum of parts proved piece
by piece (each piece asked of the top-level decider through the context).
"""

from __future__ import annotations

import itertools

import sympy as sp

from ..core.domain import Bound, Box
from ..errors import BudgetExceeded
from ..exact.signs import const_sign, drop_atoms, is_smooth, value_at
from .context import _Ctx, _Outcome, _interior_point, _separate
from .dcp import analyze
from .evidence import Witness
from .evidence_combine import AffineComposition, MaxOfConvex, Rewritten, SumOfConvex, affine_range, max_args
from .evidence_pieces import GridPiecewiseConvex, PiecewiseConvex, grid_cells
from .witnesses import JensenWitness


def _switching(expr: sp.Expr) -> list[sp.Expr]:
    """Functions whose sign decides the branch of each abs / max / min / Piecewise atom in ``expr``."""
    out: list[sp.Expr] = []
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Abs):
            out.append(node.args[0])
        elif isinstance(node, (sp.Max, sp.Min)):
            out += [a - b for a, b in itertools.combinations(node.args, 2)]
        elif isinstance(node, sp.Piecewise):
            for _, cond in node.args:
                for rel in ([cond] if isinstance(cond, sp.core.relational.Relational) else
                            list(cond.atoms(sp.core.relational.Relational)) if hasattr(cond, "atoms") else []):
                    out.append(rel.lhs - rel.rhs)
    seen, uniq = set(), []
    for s in out:
        if s not in seen:
            seen.add(s)
            uniq.append(s)
    return uniq


def _rational_roots(s: sp.Expr, x: sp.Symbol, lo: sp.Expr, hi: sp.Expr) -> list | None:
    """Every root of ``s`` strictly inside ``(lo, hi)``, exact and rational; ``None`` when that is not shown."""
    try:
        num, _ = sp.fraction(sp.together(s))
        if not num.is_polynomial(x):
            return None
        p = sp.Poly(num, x)
        if p.is_zero or any(not c.is_Rational for c in p.coeffs()):
            return None
        roots = []
        for r in p.real_roots():
            if not r.is_Rational:
                if (lo is -sp.oo or r > lo) and (hi is sp.oo or r < hi):
                    return None
                continue
            if (lo is -sp.oo or r > lo) and (hi is sp.oo or r < hi):
                roots.append(r)
        return sorted(set(roots))
    except (sp.PolynomialError, NotImplementedError, TypeError, ValueError):
        return None


def _kinks(expr: sp.Expr, x: sp.Symbol, lo: sp.Expr, hi: sp.Expr, depth: int = 0) -> list | None:
    """Rational points of ``(lo, hi)`` where some atom of ``expr`` may change branch (innermost atoms first)."""
    if depth > 4:
        return None
    points: set = set()
    for s in _switching(expr):
        if s.free_symbols - {x}:
            return None
        if not s.has(x):
            continue
        if is_smooth(s):
            r = _rational_roots(s, x, lo, hi)
            if r is None:
                return None
            points |= set(r)
            continue
        inner = _kinks(s, x, lo, hi, depth + 1)
        if inner is None:
            return None
        points |= set(inner)
        cuts = [lo, *inner, hi]
        for a, b in zip(cuts, cuts[1:]):
            s2 = drop_atoms(s, Box((x,), (Bound(a, b),)))
            if not is_smooth(s2):
                return None
            r = _rational_roots(s2, x, a, b)
            if r is None:
                return None
            points |= set(r)
        if len(points) > 12:
            return None
    return sorted(points)


def _lift(w: Witness | None, g: sp.Expr, ctx: _Ctx) -> JensenWitness | None:
    """A Jensen witness found for a piece (or a rewritten form) of ``g``, restated for ``g`` on the whole domain."""
    if not isinstance(w, JensenWitness):
        return None
    out = JensenWitness(g, ctx.variables, w.x, w.y, w.theta, ctx.box, w.kind)
    return out if out.check() else None


def _nonsmooth(g: sp.Expr, ctx: _Ctx, strict: bool = False) -> _Outcome | None:
    """Abs / max / min outside the composition rules: fix branches with proved signs, else split a 1-D domain at the kinks.

    With ``strict`` the pieces must be strictly convex (1-D split only).
    """
    vs, box = ctx.variables, ctx.box
    if strict:
        if len(vs) != 1:
            return None
        return _split_1d(g, ctx, strict)
    try:
        g2 = ctx.run(drop_atoms, g, box, step="convexity", cap=max(0.5, 0.3 * ctx.remaining()))
    except BudgetExceeded:
        return None
    if g2 != g:
        out = ctx.is_convex(g2)
        if out.status == "proved":
            ev = Rewritten(g, g2, box, tuple(out.evidence))
            return _Outcome("proved", (ev,), None, f"abs/max/min with fixed branches on the domain: f = {g2} there; {out.reason}")
        if out.status == "refuted":
            w = _lift(out.witness, g, ctx)
            if w is not None:
                return _Outcome("refuted", (), w, out.reason)
        g = g2
        if is_smooth(g):
            return out
    out = _max_parts(g, ctx)
    if out is not None:
        return out
    if len(vs) != 1:
        return _affine_reduction(g, ctx) or _safe_affine_plus_quadratic(g, ctx) or _split_grid(g, ctx)
    return _split_1d(g, ctx, strict)


def _affine_reduction(g: sp.Expr, ctx: _Ctx) -> _Outcome | None:
    """``g = phi(l(x))`` for an affine ``l`` found inside an abs/max/min: prove ``phi`` in one variable."""
    vs, box = ctx.variables, ctx.box
    for ell in _switching(g):
        fs = [v for v in vs if ell.has(v)]
        if len(fs) < 2 or not ell.is_polynomial(*vs) or sp.Poly(ell, *vs).total_degree() != 1:
            continue
        v0 = fs[0]
        c0 = sp.diff(ell, v0)
        if not c0.is_Rational:
            continue
        u = sp.Dummy("u", real=True)
        phi = g.xreplace({v0: (u - (ell - c0 * v0)) / c0})
        if phi.free_symbols & set(vs):
            continue
        rng = affine_range(ell, box)
        if rng is None:
            continue
        ubox = Box((u,), (rng,))
        out = ctx.sub((u,), ubox).is_convex(phi)
        if out.status == "proved":
            ev = AffineComposition(g, box, ell, phi, u, ubox, tuple(out.evidence))
            if ev.check():
                return _Outcome("proved", (ev,), None, f"a convex function of the affine {ell}: {out.reason}")
        return None
    return None


def _safe_affine_plus_quadratic(g: sp.Expr, ctx: _Ctx) -> _Outcome | None:
    try:
        return _affine_plus_quadratic(g, ctx)
    except (TypeError, ValueError, ZeroDivisionError, ArithmeticError, sp.PolynomialError, NotImplementedError):
        return None  # an expression this route cannot read: no proof from it


def _affine_plus_quadratic(g: sp.Expr, ctx: _Ctx) -> _Outcome | None:
    r"""``g = phi(l(x)) + R(x)`` with ``l = a.x + c`` affine (inside an abs/max/min) and ``R`` a quadratic whose
    Hessian ``Q`` is positive definite: with :math:`\lambda = 1/(2 a^\top Q^{-1} a)`, ``g`` is the sum of
    :math:`\phi(l) + \lambda (l - c)^2` (a function of ``l`` alone) and :math:`R - \lambda (a.x)^2` (Hessian
    :math:`Q - 2\lambda a a^\top \succeq 0`), each proved convex on its own (a :class:`SumOfConvex`).  Along the
    direction :math:`Q^{-1} a` the second part is affine, so a Jensen witness of the first in ``l`` carries over to
    ``g``.  ``L/2 |x|^2 - huber(x - 2y)`` (L-smoothness of a Huber function of an affine form) is of this kind."""
    vs, box = ctx.variables, ctx.box
    terms = sp.Add.make_args(g)
    quad = [t for t in terms if t.is_polynomial(*vs) and sp.Poly(t, *vs).total_degree() <= 2]
    rest = [t for t in terms if t not in quad]
    if not quad or not rest or len(vs) < 2:
        return None
    R, N = sp.Add(*quad), sp.Add(*rest)
    Q = sp.hessian(R, vs)
    if Q.free_symbols or any(not q.is_Rational for q in Q) or Q.det() == 0 or not Q.is_positive_definite:
        return None
    for ell in _switching(N):
        if not ell.is_polynomial(*vs) or sp.Poly(ell, *vs).total_degree() != 1:
            continue
        a = sp.Matrix([sp.diff(ell, v) for v in vs])
        c0 = sp.sympify(ell.xreplace({v: sp.S.Zero for v in vs}))
        if any(not ai.is_Rational for ai in a) or not c0.is_Rational:
            continue
        u = sp.Dummy("u", real=True)
        v0 = next(v for v, ai in zip(vs, a) if ai != 0)
        phi = N.xreplace({v0: (u - (ell - a[vs.index(v0)] * v0)) / a[vs.index(v0)]})
        if phi.free_symbols & set(vs):
            continue
        qa = Q.solve(a)
        lam = 1 / (2 * (a.T * qa)[0, 0])
        first = N + lam * (ell - c0) ** 2
        second = sp.expand(R - lam * (ell - c0) ** 2)
        out1 = ctx.is_convex(first)
        if out1.status == "refuted":
            w = _lift_along(out1.witness, g, ell, qa, ctx)
            return _Outcome("refuted", (), w, f"not convex along {list(qa)}: " + out1.reason) if w is not None else None
        if out1.status != "proved":
            return None
        out2 = ctx.is_convex(second)
        if out2.status != "proved":
            return None
        ev = SumOfConvex(g, ((first, tuple(out1.evidence)), (second, tuple(out2.evidence))), box)
        if ev.check():
            return _Outcome("proved", (ev,), None, f"a convex function of the affine {ell} plus a positive "
                            f"semidefinite quadratic: {out1.reason}")
        return None
    return None


def _lift_along(w: Witness | None, g: sp.Expr, ell: sp.Expr, qa: sp.Matrix, ctx: _Ctx) -> JensenWitness | None:
    """A Jensen witness of ``phi(l) + lambda (l - c)^2`` moved onto the line through an inner point along
    :math:`Q^{-1} a`, where the quadratic remainder is affine: same values of ``l``, same gap."""
    if not isinstance(w, JensenWitness):
        return None
    vs = ctx.variables
    p0 = _interior_point(ctx)
    base = ell.xreplace(p0)
    rate = ell.xreplace({v: p0[v] + qa[i] for i, v in enumerate(vs)}) - base
    if rate == 0:
        return None
    pts = []
    for pt in (w.x, w.y):
        s = ell.xreplace(dict(zip(w.variables, pt)))
        t = (s - base) / rate
        pts.append(tuple(p0[v] + qa[i] * t for i, v in enumerate(vs)))
    out = JensenWitness(g, vs, pts[0], pts[1], w.theta, ctx.box, w.kind)
    return out if out.check() else None


def _split_grid(g: sp.Expr, ctx: _Ctx) -> _Outcome | None:
    """n-D: every abs/max/min switches across hyperplanes x_i = c: prove each cell, glue across the faces."""
    vs, box = ctx.variables, ctx.box
    cuts: dict = {}
    for s_fn in _switching(g):
        fs = s_fn.free_symbols & set(vs)
        if not fs:
            continue
        if len(fs) != 1 or not is_smooth(s_fn):
            return None
        (v,) = fs
        b = box.bound(v)
        r = _rational_roots(s_fn, v, b.lo, b.hi)
        if r is None:
            return None
        cuts[v] = sorted(set(cuts.get(v, [])) | set(r))
    cuts = {v: tuple(p) for v, p in cuts.items() if p}
    cells = grid_cells(box, cuts)
    if not cuts or len(cells) > 16:
        return None
    proofs = []
    for cell in cells:
        gk = drop_atoms(g, cell)
        if not is_smooth(gk):  # a Piecewise condition that switches on the cell's face: fixed inside, faces checked
            gk = drop_atoms(g, cell, open_conditions=True)
        if not is_smooth(gk):
            return None
        out = ctx.sub(vs, cell).is_convex(gk)
        if out.status == "refuted":
            w = _lift(out.witness, g, ctx)
            if w is not None:
                return _Outcome("refuted", (), w, f"not convex on the cell {cell.describe()}; " + out.reason)
            return None
        if out.status != "proved":
            return _Outcome("unknown", reason=f"cell {cell.describe()} (f = {gk}): {out.reason}")
        proofs.append((gk, tuple(out.evidence)))
    ev = GridPiecewiseConvex(g, box, tuple((v, cuts[v]) for v in vs if v in cuts), tuple(proofs))
    if not ev.check():
        return _Outcome("unknown", reason="convex on every cell, but the gluing across the cuts was not shown")
    return _Outcome("proved", (ev,), None, "convex on every cell of the cuts where abs/max/min switch, glued with "
                    "non-decreasing normal slopes")


def _max_parts(g: sp.Expr, ctx: _Ctx) -> _Outcome | None:
    """``max(g_1, ..., g_k)`` with each ``g_i`` proved convex by any layer (the rules need DCP children)."""
    args = max_args(g)
    if args is None:
        return None
    proofs = []
    for a in args:
        out = ctx.is_convex(a)
        if out.status != "proved":
            return None
        proofs.append((a, tuple(out.evidence)))
    ev = MaxOfConvex(g, tuple(proofs), ctx.box)
    return _Outcome("proved", (ev,), None, "maximum of functions each proved convex") if ev.check() else None


def _split_1d(g: sp.Expr, ctx: _Ctx, strict: bool) -> _Outcome:
    box = ctx.box
    (x,) = ctx.variables
    b = box.bound(x)
    try:
        kinks = ctx.run(_kinks, g, x, b.lo, b.hi, step="convexity", cap=max(0.5, 0.3 * ctx.remaining()))
    except BudgetExceeded:
        return None
    if kinks is None:
        return _Outcome("unknown", reason="could not locate exactly (rational points) where abs/max/min change branch")
    cuts = [b.lo, *kinks, b.hi]
    pieces = []
    for k, (lo, hi) in enumerate(zip(cuts, cuts[1:])):
        sub = Box((x,), (Bound(lo, hi, b.lo_strict if k == 0 else False, b.hi_strict if k == len(cuts) - 2 else False),))
        gk = drop_atoms(g, sub, open_conditions=True)
        if not is_smooth(gk):
            return _Outcome("unknown", reason=f"the branches of abs/max/min on {sub.describe()} are not fixed by proved signs")
        piece = ctx.sub((x,), sub)
        out = piece.is_strict(gk) if strict else piece.is_convex(gk)
        if out.status == "refuted":
            w = _lift(out.witness, g, ctx)
            if w is not None:
                return _Outcome("refuted", (), w, f"not convex on the piece {sub.describe()}; " + out.reason)
            return _Outcome("unknown", reason=f"a piece ({sub.describe()}) is not convex but its witness did not carry over")
        if out.status != "proved":
            return _Outcome("unknown", reason=f"piece {sub.describe()} (f = {gk}): {out.reason}")
        pieces.append((lo, hi, gk, tuple(out.evidence)))
    for k in range(len(pieces) - 1):
        c = pieces[k][1]
        gl, gr = pieces[k][2], pieces[k + 1][2]
        dl = value_at(sp.diff(gl, x), {x: c})
        dr = value_at(sp.diff(gr, x), {x: c})
        if const_sign(value_at(gl, {x: c}) - value_at(gr, {x: c})) != 0:
            return _Outcome("unknown", reason=f"f jumps at {x} = {c}")
        if const_sign(dr - dl) == -1:
            w = _kink_witness(g, c, ctx)
            if w is not None:
                return _Outcome("refuted", (), w, f"the slope drops at the kink {x} = {c} (left {dl} > right {dr})")
            return _Outcome("unknown", reason=f"the slope drops at {x} = {c} but no exact witness was found")
    ev = PiecewiseConvex(g, x, box, tuple(pieces), strict)
    if not ev.check():
        return _Outcome("unknown", reason="the piecewise proof did not re-check")
    where = ", ".join(str(p[1]) for p in pieces[:-1]) or "no kink"
    return _Outcome("proved", (ev,), None, f"{'strictly ' if strict else ''}convex on each piece between the kinks ({where}), "
                    "slopes non-decreasing across them")


def _kink_witness(g: sp.Expr, c: sp.Expr, ctx: _Ctx) -> JensenWitness | None:
    (x,) = ctx.variables
    for k in range(0, 30):
        t = sp.Rational(1, 2**k)
        a, b = c - t, c + t
        if ctx.box.contains({x: a}) and ctx.box.contains({x: b}):
            w = JensenWitness(g, (x,), (a,), (b,), sp.Rational(1, 2), ctx.box)
            if w.check():
                return w
    return None


def _sum_parts(g: sp.Expr, ctx: _Ctx) -> _Outcome | None:
    """A sum that no single layer proves: prove the parts (disjoint variable groups, or DCP terms + the rest) one by one."""
    if not g.is_Add:
        return None
    vs = ctx.variables
    groups = _separate(g, vs)
    parts = [e for e, _ in groups] if len(groups) > 1 else []
    if not parts:
        dcp, rest = [], []
        for t in g.args:
            try:
                node = analyze(t, ctx.box)
            except Exception:  # noqa: BLE001 - a term DCP cannot read goes with the rest
                node = None
            (dcp if node is not None and node.curvature in ("convex", "affine", "constant") else rest).append(t)
        rough = [t for t in dcp if not is_smooth(t)]
        smooth_rest = [t for t in g.args if t not in rough]
        if rough and smooth_rest and all(is_smooth(t) for t in smooth_rest):
            # the non-smooth terms by the rules, every smooth term together for the Hessian layers
            out = _prove_parts(g, [sp.Add(*rough), sp.Add(*smooth_rest)], groups, ctx)
            if out is not None:
                return out
        if dcp and rest:
            parts = [sp.Add(*dcp), sp.Add(*rest)]
    if len(parts) < 2:
        return None
    return _prove_parts(g, parts, groups, ctx)


def _prove_parts(g: sp.Expr, parts: list, groups: list, ctx: _Ctx) -> _Outcome | None:
    vs = ctx.variables
    proofs = []
    for p in parts:
        group = tuple(v for v in vs if v in p.free_symbols)
        sub = ctx.sub(group, Box(group, tuple(ctx.box.bound(v) for v in group))) if group and len(groups) > 1 else ctx
        out = sub.is_convex(p)
        if out.status != "proved":
            if out.status == "refuted" and len(groups) > 1:
                # disjoint variables: the other parts are fixed along the witness segment, the gap is the part's
                w = _lift_part(out.witness, g, ctx)
                if w is not None:
                    return _Outcome("refuted", (), w, f"the part {p} is not convex; " + out.reason)
            return None
        proofs.append((p, tuple(out.evidence)))
    ev = SumOfConvex(g, tuple(proofs), ctx.box)
    return _Outcome("proved", (ev,), None, "sum of parts, each proved convex") if ev.check() else None


def _lift_part(w: Witness | None, g: sp.Expr, ctx: _Ctx) -> JensenWitness | None:
    """A witness for one part (in its own variables) extended by fixed values of the other variables."""
    if not isinstance(w, JensenWitness):
        return None
    fixed = _interior_point(ctx)
    x, y = [], []
    for v in ctx.variables:
        if v in w.variables:
            x.append(w.x[w.variables.index(v)])
            y.append(w.y[w.variables.index(v)])
        else:
            x.append(fixed[v])
            y.append(fixed[v])
    out = JensenWitness(g, ctx.variables, tuple(x), tuple(y), w.theta, ctx.box, w.kind)
    return out if out.check() else None
