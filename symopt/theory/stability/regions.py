"""Exact stability regions of update rules: verdicts at values, the rule's report, region simplification, maps.

``M`` is (Schur) stable when every root of its characteristic polynomial
``p(z) = det(zI - M)`` lies in the open unit disk.
:func:`symopt.exact.schur.region` turns that into exact polynomial
inequalities in the parameters with the Schur--Cohn recursion (Jury's closed
form for degree <= 2):

* ``p`` of degree ``n`` with ``|a_0| < |a_n|`` is stable iff
  ``q(z) = (a_n p(z) - a_0 z^n p(1/z)) / z`` (degree ``n - 1``) is stable
  (Rouché's theorem on the unit circle, where ``|z^n p(1/z)| = |p(z)|``);
  ``|a_0| < |a_n|`` is itself necessary (``|a_0/a_n|`` is the product of the
  root moduli).  Each step adds ``a_n^2 - a_0^2 > 0``.
* degree 2, monic: ``p(1) > 0``, ``p(-1) > 0``, ``|p(0)| < 1`` (Jury).

The region is a condition on real parameter values and is exact: no root of
``p`` is ever found numerically to decide it.  What it covers is *local*,
linear stability at the fixed point: for a rule that is linear in the state
(GD, momentum, Nesterov on a quadratic) it is exactly convergence from every
start; for a nonlinear rule it decides convergence near the fixed point only
(see :func:`symopt.theory.tuning.heavy_ball_optimal`'s note and the theory
notebook's Lessard--Recht--Packard example).

:func:`rule_stability` (``symopt.stability.analyze`` is its old name) derives
all of it for an update rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Mapping, Sequence

import mpmath
import numpy as np
import sympy as sp

from ...results import summary_latex
from ...limits import run_with_budget
from ...errors import BudgetExceeded, ParameterError
from ...exact.schur import (INCONCLUSIVE, POLY_ERRORS, Condition, as_number, characteristic_polynomial, constant_sign,
                            eigenvalues, is_stable, linear_boundary, region, stability_conditions,
                            unit_circle_analysis)
from ...core.parse import symbol
from ... import display
from .._common import _budgeted_simplify, _clip, _symopt_errors_only
from .maps import UpdateMap, _fixed_point, _linearise, affine_in_state, update_map

__all__ = ["StabilityVerdict", "stability_verdict", "StabilityReport", "rule_stability", "simplify_region",
           "stability_map"]


@dataclass(frozen=True, repr=False)
class StabilityVerdict:
    """Whether an iteration matrix at given values is exponentially stable (spectral radius < 1).

    Attributes:
        status: ``"proved"`` (every eigenvalue has modulus < 1, by the exact
            Jury/Schur--Cohn inequalities), ``"refuted"`` (an eigenvalue of modulus
            > 1, exactly: no root on the unit circle decides it) or ``"unknown"``
            (an eigenvalue on the unit circle: linearisation inconclusive; or undecided).
        property: ``"exponentially stable"``.
        matrix: the matrix at the values.
        charpoly: its characteristic polynomial.
        reason: how it was decided, or why not.
        witness: for ``refuted``, an eigenvalue of modulus > 1 (a 50-digit mpmath value), or for
            a linear iteration with spectral radius exactly 1 the exact factor of the characteristic
            polynomial whose roots are the eigenvalues on the unit circle (a SymPy ``Poly``).
        converges: for a linear iteration on the boundary (spectral radius exactly 1): whether
            the iterates still converge from every start (to a start-dependent fixed point), else ``None``.
    """

    STATUS_KIND: ClassVar[str] = "verdict"  # symopt.results: its status vocabulary

    status: str
    property: str
    matrix: sp.Matrix
    charpoly: Any
    reason: str
    witness: Any = None
    converges: bool | None = None

    def __bool__(self) -> bool:
        raise TypeError("a StabilityVerdict is not a bool (it may be 'unknown'); compare .status == 'proved'")

    def check(self) -> bool:
        """Re-verify independently: the roots of the characteristic polynomial, recomputed from the
        matrix's own determinant in 50-digit mpmath, all have modulus < 1 (proved), or the witness is
        a root of modulus > 1 (refuted).  ``True`` for unknown (nothing claimed)."""

        if self.status == "unknown":
            return True
        z = sp.Symbol("z")
        p = sp.Poly(sp.expand((z * sp.eye(self.matrix.rows) - self.matrix).det(method="berkowitz")), z)
        with mpmath.workdps(50):
            coeffs = [mpmath.mpmathify(sp.N(c, 60)) for c in p.all_coeffs()]
            if self.status == "proved":
                try:
                    roots = mpmath.polyroots(coeffs, maxsteps=200, extraprec=200) if len(coeffs) > 1 else []
                except mpmath.libmp.libhyper.NoConvergence:  # repeated roots: the exact inequalities alone
                    return region(p) is sp.true
                return all(abs(r) < 1 - mpmath.mpf(10) ** -40 for r in roots) or \
                    (all(abs(r) < 1 for r in roots) and region(p) is sp.true)
            if isinstance(self.witness, sp.Poly):  # eigenvalues exactly on the unit circle
                g = sp.Poly(self.witness.as_expr().xreplace({self.witness.gen: z}), z)
                if not sp.rem(p, g).is_zero:
                    return False
                on = mpmath.polyroots([mpmath.mpmathify(c) for c in g.all_coeffs()], maxsteps=400, extraprec=200) \
                    if g.degree() > 1 else [-mpmath.mpmathify(g.all_coeffs()[1]) / mpmath.mpmathify(g.LC())]
                tol = mpmath.mpf(10) ** -30
                if not all(abs(abs(r) - 1) < tol for r in on):
                    return False
                rest = list(coeffs)
                while len(rest) > 1 and rest[-1] == 0:  # roots at 0 are inside
                    rest.pop()
                try:
                    roots = mpmath.polyroots(rest, maxsteps=400, extraprec=400) if len(rest) > 1 else []
                    return all(abs(r) < 1 + tol for r in roots)
                except mpmath.libmp.libhyper.NoConvergence:  # repeated roots: decide the rest exactly instead
                    return unit_circle_analysis(sp.quo(p, g)) in ("inside", "circle")
            w = mpmath.mpmathify(self.witness)
            val = mpmath.polyval(coeffs, w)
            return abs(w) > 1 and abs(val) < mpmath.mpf(10) ** -30 * max(1, abs(w)) ** len(coeffs)

    def __repr__(self) -> str:
        return f"StabilityVerdict({self.property}: {self.status}, reason={_clip(self.reason, 60)!r})"

    def _repr_latex_(self) -> str:
        return summary_latex(self)

    def _repr_html_(self) -> str:

        return display.html_fields({"status": self.status, "matrix": self.matrix,
                                    "characteristic polynomial": self.charpoly.as_expr() if self.charpoly is not None
                                    else None, "witness": None if self.witness is None else str(self.witness)},
                                   title=f"StabilityVerdict: {self.property}", notes=[self.reason], math=True)


@_symopt_errors_only
def stability_verdict(matrix: Any, values: Mapping[Any, Any] | None = None, linear: bool = True
                      ) -> StabilityVerdict:
    """:func:`is_stable` as a verdict: ``proved`` / ``refuted`` / ``unknown`` with a reason and a checkable witness.

    ``linear``: the matrix *is* the iteration ``s+ = M s`` (default: a matrix given
    alone is a linear map; also a rule that is affine in the state, such as a
    gradient method on a quadratic).  Then spectral radius exactly 1 is decided
    exactly: not exponentially stable (``refuted``), and the reason says whether
    the iterates still converge from every start (:func:`symopt.exact.schur.linear_boundary`).
    With ``linear=False`` (the linearisation of a nonlinear map) that case is
    ``unknown``: the linear part decides neither convergence nor divergence.

    >>> from symopt.theory import MOMENTUM_RULE, momentum_matrix
    >>> stability_verdict(momentum_matrix("1/2", "3/5", 4)).status
    'proved'
    >>> v = stability_verdict(sp.Matrix([[1]])); v.status, v.converges
    ('refuted', True)
    >>> v = stability_verdict(sp.Matrix([[1]]), linear=False); v.status, "inconclusive" in v.reason
    ('unknown', True)
    """
    M = sp.Matrix(matrix)
    env = {symbol(k) if isinstance(k, str) else k: as_number(v) for k, v in (values or {}).items()}
    Mv = M.xreplace(env)
    status, reason = is_stable(Mv)
    p = None
    witness = None
    if not Mv.free_symbols and not Mv.has(sp.nan, sp.zoo, sp.oo):
        try:
            p = characteristic_polynomial(Mv)
        except BudgetExceeded:
            p = None
    if status == "unstable" and p is not None:
        with mpmath.workdps(50):
            coeffs = [mpmath.mpmathify(sp.N(c, 60)) for c in p.all_coeffs()]
            roots = mpmath.polyroots(coeffs, maxsteps=200, extraprec=200)
            big = max(roots, key=abs)
            if abs(big) > 1:
                witness = big
    if linear and status == "unknown" and reason == INCONCLUSIVE:
        converges, why, g = linear_boundary(Mv)
        if g is not None:
            return StabilityVerdict("refuted", "exponentially stable", Mv, p,
                                    "spectral radius exactly 1 for this linear iteration: not exponentially stable; "
                                    + why, g, converges)
    if status == "unstable" and witness is None:
        return StabilityVerdict("unknown", "exponentially stable", Mv, p,
                                reason + " (no eigenvalue of modulus > 1 could be exhibited numerically)")
    if Mv.has(sp.Float) and status in ("stable", "unstable"):
        reason += " (for the matrix's floating-point entries as given: a numeric fixed point's rounding is not covered)"
    return StabilityVerdict({"stable": "proved", "unstable": "refuted"}.get(status, "unknown"),
                            "exponentially stable", Mv, p, reason, witness)


@dataclass(frozen=True)
class StabilityReport:
    """Everything :func:`rule_stability` derives for an update rule.

    Attributes:
        map: the composed update map.
        fixed_point: where it was linearised.
        matrix: the iteration matrix.
        charpoly: ``det(zI - M)``.
        eigenvalues: exact eigenvalues, or ``None`` when not in closed form.
        region: the exact stability region (SymPy Boolean).
        conditions: the region's inequalities with their origin.
        note: what the result covers.
        status: ``"proved"`` when ``region`` is the exact region (a derivation, checked by
            Schur-Cohn), ``"unknown"`` when it ran out of its work limit (``region`` is ``None``).
    """

    STATUS_KIND: ClassVar[str] = "verdict"  # symopt.results: its status vocabulary

    map: UpdateMap
    fixed_point: dict
    matrix: sp.Matrix
    charpoly: sp.Poly
    eigenvalues: tuple | None
    region: sp.Basic
    conditions: tuple[Condition, ...]
    note: str = ""
    linear: bool = False

    @property
    def status(self) -> str:
        """``"proved"`` (the exact region was derived) or ``"unknown"`` (``region`` is ``None``)."""
        return "unknown" if self.region is None else "proved"

    def to_dict(self) -> dict:
        """JSON-ready summary (expressions as strings)."""
        return {
            "state": [s.name for s in self.map.state],
            "params": [s.name for s in self.map.params],
            "fixed_point": {k.name: str(v) for k, v in self.fixed_point.items()},
            "matrix": [[str(e) for e in self.matrix.row(i)] for i in range(self.matrix.rows)],
            "charpoly": None if self.charpoly is None else str(self.charpoly.as_expr()),
            "eigenvalues": None if self.eigenvalues is None else [str(e) for e in self.eigenvalues],
            "region": None if self.region is None else str(self.region),
            "conditions": [{"relation": str(c.relation), "origin": c.origin} for c in self.conditions],
            "note": self.note,
            "linear": self.linear,
        }

    def _repr_latex_(self) -> str:
        return summary_latex(self)


@_symopt_errors_only
def rule_stability(
    rules: Any,
    state: str | Sequence[Any],
    params: str | Sequence[Any] | None = None,
    at: Any = None,
    simultaneous: bool = False,
) -> StabilityReport:
    """Linearise an update rule and derive its matrix, eigenvalues and exact region.

    >>> from symopt.theory import MOMENTUM_RULE
    >>> r = rule_stability(MOMENTUM_RULE, "v, x", params="beta, eta, lambda")
    >>> r.charpoly.as_expr()
    beta + z**2 + z*(-beta + eta*lambda - 1)
    """
    m = update_map(rules, state, params=params, simultaneous=simultaneous)
    point = _fixed_point(m, at)
    M = _linearise(m, point)
    linear = affine_in_state(m)
    try:
        p = characteristic_polynomial(M)
    except BudgetExceeded as exc:  # the matrix stands; what needs its polynomial is unknown
        return StabilityReport(m, point, M, None, None, None, (), _coverage(linear) + f". UNKNOWN: the "
                               f"characteristic polynomial ran out of its work limit ({exc})", linear)
    ev = eigenvalues(p)
    try:
        conds = tuple(stability_conditions(p)) if p.degree() >= 1 else ()
        reg = region(p)
    except BudgetExceeded as exc:
        return StabilityReport(m, point, M, p, None if ev is None else tuple(ev), None, (), _coverage(linear)
                               + f". UNKNOWN: the region's conditions ran out of their work limit ({exc})", linear)
    return StabilityReport(m, point, M, p, None if ev is None else tuple(ev), reg, conds, _coverage(linear), linear)


def _coverage(linear: bool) -> str:
    """What the region means for this rule: derived from whether the map is affine in the state."""
    if linear:
        return ("the rule is affine in the state, so the map is its own linearisation: the region is exactly "
                "where the iterates converge to the fixed point from every start; outside it (spectral radius "
                ">= 1) some start does not converge to it")
    return ("the rule is not affine in the state: the region is where the linearisation at the fixed point has "
            "spectral radius < 1, which proves exponential convergence from starts close enough to it, not from "
            "every start; where the spectral radius is exactly 1 the linearisation is inconclusive")


def _as_positive(rel: sp.Basic) -> sp.Expr | None:
    if isinstance(rel, sp.StrictGreaterThan):
        return rel.lhs - rel.rhs
    if isinstance(rel, sp.StrictLessThan):
        return rel.rhs - rel.lhs
    return None


def _sign_on(expr: sp.Expr, q: sp.Symbol | None, where: sp.Set) -> int | None:
    """The constant sign (-1, 0 or 1) of ``expr`` for every ``q`` in ``where`` (an interval or a union
    of intervals), or ``None`` when it changes or cannot be decided exactly.

    The real roots of the numerator and denominator in ``where`` are found
    exactly (``solveset``, under budget); with none inside an open piece, the
    sign there is the sign at one rational sample point.
    """
    if q is None or q not in expr.free_symbols:
        return constant_sign(expr)
    try:
        num, den = sp.fraction(run_with_budget(sp.together, expr, step="simplify"))
    except (BudgetExceeded, *POLY_ERRORS):
        return None
    if not (_rational_in(num, q) and _rational_in(den, q)):
        return None  # only polynomial root sets are complete (solveset's FiniteSet is then every root)
    pieces = where.args if isinstance(where, sp.Union) else (where,)
    signs = set()
    for piece in pieces:
        if not isinstance(piece, sp.Interval):
            return None
        cuts = {piece.start, piece.end}
        for part in (num, den):
            if q not in part.free_symbols:
                continue
            try:
                rts = run_with_budget(sp.solveset, part, q, piece, step="solve")
            except (BudgetExceeded, *POLY_ERRORS):
                return None
            if rts is sp.S.EmptySet:
                continue
            if not isinstance(rts, sp.FiniteSet):
                return None
            cuts |= set(rts)
        try:
            pts = sorted(cuts, key=lambda v: float(v) if v.is_finite else (1e308 if v == sp.oo else -1e308))
        except (TypeError, ValueError):
            return None
        for a, b in zip(pts, pts[1:]):
            if a == -sp.oo and b == sp.oo:
                t = sp.Integer(0)
            elif a == -sp.oo:
                t = sp.floor(b) - 1
            elif b == sp.oo:
                t = sp.ceiling(a) + 1
            else:
                t = sp.nsimplify((a + b) / 2, rational=True) if not (a + b).is_Rational else (a + b) / 2
                if not (a < t < b):
                    t = (a + b) / 2
            s = constant_sign(expr.xreplace({q: t}))
            if s is None:
                return None
            signs.add(s)
    if len(signs) == 1:
        return signs.pop()
    return None


def _rational_in(expr: Any, q: sp.Symbol) -> bool:
    """``expr`` is a rational function of ``q`` (numeric or radical coefficients): its real zeros and poles
    are roots of polynomials, which ``solveset`` returns completely as a ``FiniteSet``."""
    if expr is None:
        return False
    try:
        num, den = sp.fraction(sp.together(expr))
        return bool(num.is_polynomial(q) and den.is_polynomial(q))
    except POLY_ERRORS:
        return False


def simplify_region(relations: Sequence[sp.Basic], params: Sequence[sp.Symbol] = ()) -> sp.Basic:
    """A stability region's inequalities, simplified without changing the set they define.

    * inequalities in a single parameter are solved exactly (``-1 < beta < 1``);
    * an inequality linear in one parameter with a coefficient of constant sign
      (exactly decided on the set above) becomes a bound on it: ``eta < (2 + 2 beta)/lambda``;
    * of two bounds of the same direction, one that the other implies on that
      set is dropped (the difference has constant sign there, decided exactly);
    * repeated inequalities are dropped.

    Anything not decided exactly is kept as it was: the result is the same set.

    >>> b, e = symbol("beta"), symbol("eta")
    >>> simplify_region([2*e > 0, 4*e > 0, 2 + 2*b - 2*e > 0, 2 + 2*b - 4*e > 0, b**2 < 1], [e, b])
    (beta > -1) & (eta > 0) & (beta < 1) & (eta < beta/2 + 1/2)
    """
    rels = [r for r in relations if r is not sp.true]
    if any(r is sp.false for r in rels):
        return sp.false
    syms = sorted(set(params) | set().union(*[r.free_symbols for r in rels]) if rels else set(params),
                  key=lambda t: (not t.name.startswith("eta"), t.name))
    univariate: dict[sp.Symbol, sp.Set] = {}
    rest: list[sp.Basic] = []
    for r in rels:
        fs = r.free_symbols
        if len(fs) == 1 and _rational_in(_as_positive(r), next(iter(fs))):
            (q,) = fs
            try:
                sol = run_with_budget(sp.solveset, r, q, sp.S.Reals, step="solve")
            except (BudgetExceeded, *POLY_ERRORS):
                rest.append(r)
                continue
            if isinstance(sol, (sp.Interval, sp.Union)) or sol is sp.S.EmptySet or sol == sp.S.Reals:
                univariate[q] = univariate.get(q, sp.S.Reals).intersect(sol)
                continue
            rest.append(r)
        elif not fs:
            if r is sp.false or (r.is_Relational and bool(r) is False):
                return sp.false
        else:
            rest.append(r)
    if any(s is sp.S.EmptySet for s in univariate.values()):
        return sp.false
    bounds: dict[tuple[sp.Symbol, str], list[sp.Expr]] = {}
    kept: list[sp.Basic] = []
    for r in rest:
        d = _as_positive(r)
        placed = False
        if d is not None:
            d = sp.expand(d)
            for p in syms:
                if p not in d.free_symbols:
                    continue
                try:
                    poly = sp.Poly(d, p)
                except POLY_ERRORS:
                    continue
                if poly.degree() != 1:
                    continue
                a, b0 = poly.nth(1), poly.nth(0)
                others = a.free_symbols
                if len(others) > 1:
                    continue
                q = next(iter(others)) if others else None
                s = _sign_on(a, q, univariate.get(q, sp.S.Reals)) if q is not None else _sign_on(a, None, sp.S.Reals)
                if s not in (1, -1):
                    continue
                bound = _budgeted_simplify(-b0 / a)
                side = "lower" if s == 1 else "upper"  # a p + b > 0  <=>  p > -b/a (a > 0)
                bounds.setdefault((p, side), []).append(bound)
                placed = True
                break
        if not placed and r not in kept:
            kept.append(r)
    out: list[sp.Basic] = []
    for q in sorted(univariate, key=lambda t: (not t.name.startswith("eta"), t.name)):
        rel = univariate[q].as_relational(q)
        for piece in (rel.args if isinstance(rel, sp.And) else (rel,)):
            if isinstance(piece, sp.StrictLessThan) and piece.rhs == q:  # 0 < eta  ->  eta > 0
                piece = sp.StrictGreaterThan(q, piece.lhs, evaluate=False)
            elif isinstance(piece, sp.StrictGreaterThan) and piece.rhs == q:
                piece = sp.StrictLessThan(q, piece.lhs, evaluate=False)
            out.append(piece)
    for (p, side), bs in sorted(bounds.items(), key=lambda kv: (kv[0][0].name, kv[0][1])):
        uniq: list[sp.Expr] = []
        for b in bs:
            if not any(sp.expand(b - u) == 0 for u in uniq):
                uniq.append(b)
        keep = list(uniq)
        for b in uniq:
            if b not in keep:
                continue
            for c in keep:
                if c is b:
                    continue
                fs = (b - c).free_symbols - {p}
                q = next(iter(fs)) if len(fs) == 1 else None
                if len(fs) > 1:
                    continue
                s = _sign_on(b - c, q, univariate.get(q, sp.S.Reals) if q is not None else sp.S.Reals)
                # a lower bound b is implied by c when c >= b; an upper bound when c <= b
                if s is not None and ((side == "lower" and s <= 0) or (side == "upper" and s >= 0)):
                    keep.remove(b)
                    break
        for b in keep:
            out.append(sp.StrictGreaterThan(p, b) if side == "lower" else sp.StrictLessThan(p, b))
    out.extend(kept)
    return sp.And(*out)


def stability_map(
    matrix: Any,
    x: Any,
    y: Any,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    values: Mapping[Any, Any] | None = None,
    resolution: int = 161,
    ax: Any = None,
) -> Any:
    """Plot the spectral radius over a parameter grid, with the derived boundary on top.

    The colour is ``min(rho, 1.5)`` from NumPy eigenvalues at each grid point;
    the black curve is the boundary of :func:`region` (the exact inequalities,
    evaluated on the grid).  Matplotlib is imported here, not at module import.

    Args:
        matrix: the iteration matrix.
        x, y: the parameters on the axes.
        x_range, y_range: the axes' ranges.
        values: values for the other symbols.
        resolution: grid points per axis.
        ax: a matplotlib Axes to draw on (default: a new figure).

    Returns:
        The Figure, like every function of :mod:`symopt.plots`: a new one (built
        without pyplot, it shows itself as a Jupyter cell's value) or ``ax``'s.
        ``fig.axes[0]`` is the map's Axes; ``fig.figure is fig``, so code written
        for the Axes this returned before (``result.figure.savefig(...)``) works.
    """
    if ax is None:

        ax = display.figure(figsize=(6.0, 4.5)).add_subplot()

    xs, ys = (symbol(v) if isinstance(v, str) else v for v in (x, y))
    env = {symbol(k) if isinstance(k, str) else k: as_number(v) for k, v in (values or {}).items()}
    M = sp.Matrix(matrix).xreplace(env)
    left = M.free_symbols - {xs, ys}
    if left:
        raise ParameterError(f"stability_map needs values for {', '.join(sorted(s.name for s in left))}")
    n = M.rows
    X, Y = np.meshgrid(np.linspace(*x_range, resolution), np.linspace(*y_range, resolution))
    A = np.zeros(X.shape + (n, n))
    for i in range(n):
        for j in range(n):
            f = sp.lambdify((xs, ys), M[i, j], modules="numpy", dummify=True)
            A[..., i, j] = np.broadcast_to(f(X, Y), X.shape)
    rho = np.max(np.abs(np.linalg.eigvals(A)), axis=-1)
    im = ax.pcolormesh(X, Y, np.minimum(rho, 1.5), shading="auto", cmap="viridis")
    ax.figure.colorbar(im, ax=ax, label="spectral radius (clipped at 1.5)")
    reg = region(M)
    inside = np.ones(X.shape, dtype=bool)
    for rel in (reg.args if isinstance(reg, sp.And) else (reg,)):
        if rel in (sp.true, sp.false):
            inside &= bool(rel)
            continue
        diff = sp.lambdify((xs, ys), rel.lhs - rel.rhs, modules="numpy", dummify=True)
        d = np.broadcast_to(diff(X, Y), X.shape)
        inside &= (d > 0) if isinstance(rel, sp.StrictGreaterThan) else (d < 0)
    ax.contour(X, Y, inside.astype(float), levels=[0.5], colors="black", linewidths=1.5)
    ax.set_xlabel(str(xs))
    ax.set_ylabel(str(ys))
    ax.set_title("spectral radius; black: derived region boundary")
    return ax.figure


# ----------------------------------------------------------------------------- display (issue 16)
display.attach(StabilityReport, "region", "eigenvalues")
display.attach(Condition, "relation", "origin", html=False)
