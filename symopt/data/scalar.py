r"""Smoothness ``L`` and strong convexity ``mu`` of ordinary scalar objectives: sup/inf of the Hessian's eigenvalues.

For ``f : R^n -> R``, ``L = sup_x lambda_max(hess f(x))`` (with ``|lambda_min|``
when ``f`` is not convex) and ``mu = inf_x lambda_min(hess f(x))``.  Both are
found by reducing ``f`` to one-variable questions, exactly:

* **ridge sums**: ``f = q(x) + sum_j c_j phi_j(a_j^T x + b_j)`` with ``q``
  quadratic.  Then ``Q + sum c_j inf phi_j'' a_j a_j^T <= hess f <= Q + sum c_j
  sup phi_j'' a_j a_j^T`` (``c_j >= 0``), and the bound is the true ``L`` when
  one point puts every ``phi_j`` at its largest curvature (solved exactly and
  checked on the Hessian there);
* **radial terms**: ``g(alpha |x - c|^2 + beta)`` has eigenvalues
  ``2 alpha g'(s)`` (tangential) and ``2 alpha g'(s) + 4 alpha g''(s)(s - beta)``
  (radial) at ``s = alpha |x - c|^2 + beta``: two functions of one variable;
* **log-sum-exp** of distinct variables: ``diag(p) - p p^T``, whose largest
  eigenvalue is at most ``max_i 2 p_i (1 - p_i) <= 1/2`` (Gershgorin) and
  approaches ``1/2`` as ``p -> (1/2, 1/2, 0, ...)``;
* one variable: ``f''`` itself.

The extremes of a one-variable function ``h`` on an interval come from its
pieces' critical points, endpoints and limits (:func:`extremes_1d`).  Each result
carries a certificate whose ``check()`` re-derives it on another route: the
decomposition is recomposed and compared with ``f``, every curvature bound
``s - phi'' >= 0`` is proved by the sign prover (:mod:`symopt.exact.signs`),
``phi'`` is checked continuous across breakpoints, and an attained value is
recomputed from ``sympy.hessian(f)`` at the witness point.

This is the machinery ``symopt.convexity(f, property="L-smooth", L=...)`` and
``"strongly convex", modulus=...`` can call: :meth:`CurvatureBound.decide`.

    >>> from symopt.core.objective import Objective
    >>> smoothness(Objective("sqrt(x**2 + y**2 + 1/100)")).value
    10
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from .. import display
from ..core.objective import Objective
from ..errors import BudgetExceeded, UnsupportedError
from ..limits import run_with_budget
from .constants import _T, _c1, _gap_proved, _piece_intervals

__all__ = ["CurvatureBound", "Extremes1D", "extremes_1d", "smoothness", "strong_convexity", "decide"]

_S = sp.Symbol("s", real=True)


@dataclass(frozen=True)
class Extremes1D:
    """``sup`` and ``inf`` of a one-variable function on a set, with where they are reached.

    Attributes:
        sup, inf: the exact values (``oo``/``-oo`` when unbounded).
        sup_at, inf_at: a point reaching them, or ``None`` (only approached).
    """

    sup: sp.Expr
    sup_at: sp.Expr | None
    inf: sp.Expr
    inf_at: sp.Expr | None


def _num(v: sp.Expr) -> float:
    return float(sp.N(v, 30)) if v.is_finite is not False else (float("inf") if v == sp.oo else float("-inf"))


def _interior(iv: sp.Interval) -> sp.Expr:
    a, b = iv.start, iv.end
    if a.is_finite and b.is_finite:
        return (a + b) / 2
    if a.is_finite:
        return a + 1
    if b.is_finite:
        return b - 1
    return sp.Integer(0)


def _continuous_parts(expr: sp.Expr, t: sp.Symbol, parts: list) -> list:
    """The intervals split where ``expr`` is not continuous (a pole becomes an open end: its limit is a candidate)."""
    out = []
    for iv in parts:
        if not isinstance(iv, sp.Interval) or not expr.has(t):
            out.append(iv)
            continue
        cd = sp.calculus.util.continuous_domain(expr, t, iv)
        if not isinstance(cd, (sp.Interval, sp.Union, sp.FiniteSet)) and cd is not sp.S.EmptySet:
            raise UnsupportedError(f"cannot find where {expr} is continuous")
        pieces = list(cd.args) if isinstance(cd, sp.Union) else [cd]
        for p in pieces:
            if isinstance(p, sp.Interval) and p != iv:
                # a removed point inside: keep the piece open there so the one-sided limit is taken
                p = sp.Interval(p.start, p.end, p.left_open or p.start not in cd, p.right_open or p.end not in cd)
            out.append(p)
    return out


def extremes_1d(h: sp.Expr, t: sp.Symbol, domain: sp.Set = sp.S.Reals) -> Extremes1D:
    """The exact ``sup`` and ``inf`` of ``h(t)`` over ``domain`` (an interval or union), piece by piece.

    Candidates: critical points inside each piece, the ends (values where they
    belong to the piece, one-sided limits where not), limits at infinity.

    Raises:
        UnsupportedError: a critical-point set SymPy cannot list.
    """
    h = sp.piecewise_fold(h.rewrite(sp.Piecewise))
    pieces = h.args if isinstance(h, sp.Piecewise) else ((h, sp.true),)
    taken: sp.Set = sp.S.EmptySet
    cands: list[tuple[sp.Expr, sp.Expr | None]] = []  # (value, point or None)
    for expr, cond in pieces:
        cset = cond.as_set() if cond is not sp.true else sp.S.Reals
        here = sp.Intersection(cset, domain) - taken
        taken = sp.Union(taken, cset)
        parts = list(here.args if isinstance(here, sp.Union) else (here,))
        expr = sp.simplify(expr)
        for iv in _continuous_parts(expr, t, parts):
            if iv is sp.S.EmptySet:
                continue
            if isinstance(iv, sp.FiniteSet):
                cands += [(expr.subs(t, p), p) for p in iv]
                continue
            if not isinstance(iv, sp.Interval):
                raise UnsupportedError(f"cannot split {h} into intervals")
            if not expr.has(t):
                cands.append((expr, _interior(iv)))
                continue
            crit = sp.solveset(sp.diff(expr, t), t, iv)
            if crit == iv:  # h' = 0 on the whole piece: constant there
                cands.append((sp.simplify(expr.subs(t, _interior(iv))), _interior(iv)))
                continue
            if not crit.is_empty and not isinstance(crit, sp.FiniteSet):
                raise UnsupportedError(f"critical points of {expr} on {iv}: {crit}")
            cands += [(sp.simplify(expr.subs(t, p)), p) for p in (() if crit.is_empty else crit)]
            for end, inside, side in ((iv.start, not iv.left_open, "+"), (iv.end, not iv.right_open, "-")):
                if end.is_infinite:
                    cands.append((sp.limit(expr, t, end), None))
                elif inside:
                    cands.append((sp.simplify(expr.subs(t, end)), end))
                else:
                    cands.append((sp.limit(expr, t, end, side), None))
    if not cands:
        raise UnsupportedError("empty domain")
    key = [(_num(v), p is not None) for v, p in cands]
    i_sup = max(range(len(cands)), key=lambda i: key[i])
    i_inf = min(range(len(cands)), key=lambda i: (key[i][0], not key[i][1]))
    return Extremes1D(cands[i_sup][0], cands[i_sup][1], cands[i_inf][0], cands[i_inf][1])


# ------------------------------------------------------------------------------------- decomposition


@dataclass(frozen=True)
class _Ridge:
    c: sp.Expr
    a: tuple
    b: sp.Expr
    phi: sp.Expr  # in _S


@dataclass(frozen=True)
class _Radial:
    c: sp.Expr
    alpha: sp.Expr
    center: tuple
    beta: sp.Expr
    g: sp.Expr  # in _S, s = alpha |x - center|^2 + beta


@dataclass(frozen=True)
class _LSE:
    c: sp.Expr
    xs: tuple


def _linear(e: sp.Expr, xs: tuple) -> tuple | None:
    if not e.free_symbols & set(xs):
        return None
    try:
        p = sp.Poly(e, *xs)
    except sp.PolynomialError:
        return None
    if p.total_degree() != 1:
        return None
    return tuple(p.coeff_monomial(v) for v in xs), p.coeff_monomial(1)


def _ridge(c: sp.Expr, g: sp.Expr, xs: tuple) -> _Ridge | None:
    forms = []
    for node in sp.preorder_traversal(g):
        if isinstance(node, sp.Expr) and (not node.is_Atom or node in xs):
            lin = _linear(node, xs)
            if lin is not None:
                forms.append(lin)
    for a, b in forms:
        k = next(i for i, v in enumerate(a) if v != 0)
        rest = sum(a[i] * xs[i] for i in range(len(xs)) if i != k) + b
        phi = sp.simplify(g.subs(xs[k], (_S - rest) / a[k])) if len(xs) > 1 else g.subs(xs[k], (_S - b) / a[k])
        if not phi.free_symbols & set(xs):
            return _Ridge(c, a, b, phi)
    return None


def _radial(c: sp.Expr, g: sp.Expr, xs: tuple) -> _Radial | None:
    if len(xs) < 2:
        return None
    for node in sp.preorder_traversal(g):
        if not isinstance(node, sp.Expr) or node.is_Atom or not set(xs) <= node.free_symbols:
            continue
        try:
            p = sp.Poly(node, *xs)
        except sp.PolynomialError:
            continue
        if p.total_degree() != 2:
            continue
        H = sp.hessian(node, xs)
        alpha = H[0, 0] / 2
        if H != 2 * alpha * sp.eye(len(xs)) or not alpha.is_positive:
            continue
        center = tuple(-sp.diff(node, v).subs({u: 0 for u in xs}) / (2 * alpha) for v in xs)
        beta = sp.simplify(node.subs(dict(zip(xs, center))))
        r2 = sum((xs[i] - center[i]) ** 2 for i in range(1, len(xs)))
        sub = center[0] + sp.sqrt((_S - beta) / alpha - r2)
        gs = sp.simplify(g.subs(xs[0], sub))
        if not gs.free_symbols & set(xs):
            return _Radial(c, alpha, center, beta, gs)
    return None


def _lse(c: sp.Expr, g: sp.Expr, xs: tuple) -> _LSE | None:
    if not isinstance(g, sp.log):
        return None
    terms = sp.Add.make_args(g.args[0])
    if len(terms) < 2 or not all(isinstance(e, sp.exp) and e.args[0] in xs for e in terms):
        return None
    vs = tuple(e.args[0] for e in terms)
    return _LSE(c, vs) if len(set(vs)) == len(vs) else None


def _decompose(f: sp.Expr, xs: tuple) -> tuple:
    """``(Q, pieces)``: the quadratic part's constant Hessian and the other terms; ``None`` pieces when stuck."""
    quad = sp.Integer(0)
    pieces = []
    for term in sp.Add.make_args(sp.expand(f, deep=False, mul=True, power_base=False, power_exp=False, log=False)):
        if term.is_polynomial(*xs) and sp.Poly(term, *xs).total_degree() <= 2:
            quad += term
            continue
        c, g = term.as_coeff_Mul()
        piece = (_lse(c, g, xs) or _ridge(c, g, xs) or _radial(c, g, xs)) if len(xs) > 1 else _ridge(c, g, xs)
        if piece is None:
            return sp.hessian(quad, xs), None, f"no ridge, radial or log-sum-exp form found for the term {term}"
        pieces.append(piece)
    return sp.hessian(quad, xs) if xs else sp.Matrix(), tuple(pieces), ""


def _recompose(Q: sp.Matrix, pieces: tuple, xs: tuple) -> sp.Matrix:
    """The Hessian rebuilt from the pieces (for the certificate: compared with ``sympy.hessian(f)``)."""
    H = Q
    for p in pieces:
        if isinstance(p, _Ridge):
            z = sum(ai * v for ai, v in zip(p.a, xs)) + p.b
            a = sp.Matrix(p.a)
            H = H + p.c * sp.diff(p.phi, _S, 2).subs(_S, z) * (a * a.T)
        elif isinstance(p, _Radial):
            s = p.alpha * sum((v - c0) ** 2 for v, c0 in zip(xs, p.center)) + p.beta
            H = H + p.c * sp.hessian(p.g.subs(_S, s), xs)
        else:
            H = H + p.c * sp.hessian(sp.log(sum(sp.exp(v) for v in p.xs)), xs)
    return H


# ------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class CurvatureBound:
    """``L = sup_x lambda_max(hess f)`` or ``mu = inf_x lambda_min(hess f)`` with its certificate.

    Attributes:
        property: ``"L-smooth"`` or ``"strongly convex"``.
        status: ``"proved"`` (``value`` is a valid constant), ``"unbounded"``
            (no finite L) or ``"unknown"``.
        value: the constant (exact).
        tight: ``"attained"``, ``"supremum"`` (approached, not reached),
            ``"infimum"`` or ``"bound"`` (valid, tightness not shown).
        witness: a point where the value is reached (when attained).
        method: the reduction used.
        reason: why ``unknown``.
    """

    property: str
    status: str
    value: sp.Expr | None
    tight: str
    witness: dict | None
    method: str
    reason: str = ""
    _data: Any = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:
        return display.short_repr("CurvatureBound", f"{self.property} {self.status}", value=self.value,
                                  tight=self.tight)

    def _repr_html_(self) -> str:
        return display.record_html(self, "property", "status", "value", "tight", "witness", "method", "reason")

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {"property": self.property, "status": self.status, "value": None if self.value is None else str(self.value),
                "tight": self.tight, "witness": None if self.witness is None else {str(k): str(v) for k, v in
                                                                                 self.witness.items()},
                "method": self.method, "reason": self.reason}

    def decide(self, claimed: Any) -> tuple[str, str]:
        """``("proved" | "refuted" | "unknown", why)`` for "f is L-smooth with L = claimed" (or mu-strongly convex).

        Proved when the certified value is at least as good as the claim; refuted
        when the value is attained (or, for a supremum, exceeded nearby) beyond the claim.
        """
        claimed = sp.nsimplify(claimed)
        if self.status != "proved":
            return "unknown", self.reason or self.status
        better = (claimed >= self.value) if self.property == "L-smooth" else (claimed <= self.value)
        if better:
            return "proved", f"{self.property} with constant {self.value} ({self.method}); {claimed} is no better"
        if self.tight in ("attained", "supremum", "infimum"):
            return "refuted", f"the true constant is {self.value} ({self.tight}); {claimed} is beyond it"
        return "unknown", f"certified {self.value} is only a bound; {claimed} not decided"

    def check(self) -> bool:
        """Re-derive: recomposition equals ``sympy.hessian(f)``, curvature bounds by the sign prover,
        ``C^1`` gluing, and the Hessian at the witness."""
        if self.status != "proved":
            return False
        f, xs, Q, pieces, mat = self._data
        if sp.simplify(sp.hessian(f, xs) - _recompose(Q, pieces, xs)) != sp.zeros(len(xs), len(xs)):
            return False
        if not _bounds_proved(pieces, self.property):
            return False
        if mat is not None:  # value is an extreme eigenvalue of a constant matrix
            x = sp.Dummy("lam")
            cp = mat.charpoly(x).as_expr(x)
            if sp.simplify(cp.subs(x, self.value)) != 0:
                return False
            roots = _eigen_sorted(mat)
            extreme = roots[-1] if self.property == "L-smooth" else roots[0]
            if abs(sp.N(extreme - self.value, 50)) > sp.Float(10) ** -40:
                return False
        if self.witness is not None:
            H = sp.hessian(f, xs).subs(self.witness)
            vals = H.eigenvals()
            target = max(vals, key=_num) if self.property == "L-smooth" else min(vals, key=_num)
            if sp.simplify(target - self.value) != 0:
                return False
        return True


def _bounds_proved(pieces: tuple, prop: str) -> bool:
    """Every piece's curvature bound, proved by the sign prover on each piece's interval (not the calculus
    that found it), and ``phi'`` continuous across the breakpoints."""
    upper = prop == "L-smooth"
    for p in pieces:
        if isinstance(p, _Ridge):
            bound = p._ex.sup if upper else p._ex.inf  # type: ignore[attr-defined]
            items = [(sp.diff(sp.piecewise_fold(p.phi.rewrite(sp.Piecewise)), _S, 2), sp.Reals)]
            if _c1(p.phi.subs(_S, _T)) is None:
                return False
        elif isinstance(p, _Radial):
            bound = p._ex  # type: ignore[attr-defined]
            dom = sp.Interval(p.beta, sp.oo)
            items = [(e, dom) for e in p._eigs]  # type: ignore[attr-defined]
            if _c1(p.g.subs(_S, _T), dom) is None:
                return False
        else:  # log-sum-exp: Gershgorin, 1/2 - 2p(1 - p) = (2p - 1)^2/2 (constants.loss_curvature_proof)
            continue
        for h, dom in items:
            for q, iv in _piece_intervals(h, _S, dom):
                if not _gap_proved((bound - q) if upper else (q - bound), _S, iv):
                    return False
    return True


def _set_attr(obj: Any, name: str, value: Any) -> None:
    object.__setattr__(obj, name, value)


def _analyse_both(f: sp.Expr, xs: tuple, prop: str) -> CurvatureBound:
    """For ``L``: the largest eigenvalue's supremum, checked against the smallest's infimum (``|lambda| <= L``)."""
    if prop != "L-smooth":
        return _analyse(f, xs, prop)
    up = _analyse(f, xs, prop)
    if up.status != "proved":
        return up
    lo = _analyse(f, xs, "strongly convex", allow_negative=True)
    if lo.status != "proved" or _num(-lo.value) > _num(up.value):
        why = lo.reason if lo.status != "proved" else f"inf lambda_min = {lo.value} is below -{up.value}"
        return CurvatureBound(prop, "unknown", None, "", None, up.method, f"the negative side is not bounded by "
                              f"sup lambda_max: {why}")
    return up


def _analyse(f: sp.Expr, xs: tuple, prop: str, allow_negative: bool = False) -> CurvatureBound:
    Q, pieces, why = _decompose(f, xs)
    if pieces is None:
        return CurvatureBound(prop, "unknown", None, "", None, "", why)
    upper = prop == "L-smooth"
    method = []
    ridge = [p for p in pieces if isinstance(p, _Ridge)]
    others = [p for p in pieces if not isinstance(p, _Ridge)]
    M = Q
    targets = []
    for p in pieces:
        if isinstance(p, _Ridge) and _c1(p.phi.subs(_S, _T)) is None or \
                isinstance(p, _Radial) and _c1(p.g.subs(_S, _T), sp.Interval(p.beta, sp.oo)) is None:
            return CurvatureBound(prop, "unknown", None, "", None, "", "a term's derivative is not shown continuous "
                                  "across its breakpoints (a kink: not differentiable there)")
    for p in ridge:
        if not p.c.is_nonnegative:
            return CurvatureBound(prop, "unknown", None, "", None, "", f"negative coefficient {p.c}")
        ex = extremes_1d(sp.diff(p.phi, _S, 2), _S)
        _set_attr(p, "_ex", ex)
        val = ex.sup if upper else ex.inf
        if not val.is_finite:
            return CurvatureBound(prop, "unbounded", None, "", None, "ridge term", f"phi'' of {p.phi} is unbounded")
        a = sp.Matrix(p.a)
        M = M + p.c * val * (a * a.T)
        targets.append((p, ex.sup_at if upper else ex.inf_at))
    if ridge:
        method.append("ridge terms: Q + sum c_j (sup or inf phi_j'') a_j a_j^T")
    roots = _eigen_sorted(M) if xs else [sp.Integer(0)]
    base = roots[-1] if upper else roots[0]
    value = base
    tight = "attained" if all(t is not None for _, t in targets) else ("supremum" if upper else "infimum")
    witness = None
    mat = M
    for p in others:
        if not p.c.is_positive:
            return CurvatureBound(prop, "unknown", None, "", None, "", f"negative coefficient {p.c} of a "
                                  "radial or log-sum-exp term")
        mat = None
        if isinstance(p, _Radial):
            tv, at = _radial_extreme(p, len(xs), upper)
            value = value + p.c * tv
            method.append("radial term: tangential 2 alpha g'(s) and radial 2 alpha g'(s) + 4 alpha g''(s)(s - beta)")
            if at is None:
                tight = "supremum" if upper else "infimum"
            else:
                witness = {xs[0]: p.center[0] + sp.sqrt((at - p.beta) / p.alpha), **dict(zip(xs[1:], p.center[1:]))}
        else:
            value = value + (p.c / 2 if upper else 0)
            method.append("log-sum-exp: lambda(diag p - p p^T) in [0, 1/2] (Gershgorin), approached, not attained")
            tight = "supremum" if upper else "infimum"
    if len(pieces) - len(ridge) > 1 or (others and ridge) or (others and Q != sp.zeros(*Q.shape) and not _scalar(Q)):
        tight = "bound"  # Weyl's inequality: the sum of the parts' extremes
    if ridge and not others and tight == "attained":
        witness = _ridge_witness(targets, xs)
        if witness is None:
            tight = "bound"
    if not upper and value.is_negative and not allow_negative:
        return CurvatureBound(prop, "unknown", value, tight, witness, "; ".join(method),
                              "inf lambda_min is negative: not convex")
    if not value.is_finite:
        return CurvatureBound(prop, "unbounded" if upper else "unknown", None, "", None, "; ".join(method),
                              f"the {'largest' if upper else 'smallest'} eigenvalue is unbounded ({value})")
    data = (f, xs, Q, pieces, mat if not others else None)
    if upper and not others:
        lo = roots[0]
        if lo.is_negative and abs(_num(lo)) > _num(value):  # L-smooth also bounds -lambda_min
            return CurvatureBound(prop, "unknown", None, "", None, "", "the Hessian's negative side dominates")
    return CurvatureBound(prop, "proved", sp.nsimplify(value) if value.is_Rational else sp.radsimp(value), tight,
                          witness, "; ".join(method) or "constant Hessian", "", data)


def _scalar(Q: sp.Matrix) -> bool:
    return Q == Q[0, 0] * sp.eye(Q.rows)


def _eigen_sorted(M: sp.Matrix) -> list:
    """The eigenvalues of a symmetric constant matrix, exact, sorted ascending (radicals where SymPy finds them)."""
    if M.rows == 1:
        return [M[0, 0]]
    lam = sp.Dummy("lam")
    if all(e.is_Rational for e in M):
        p = sp.Poly(M.charpoly(lam).as_expr(lam), lam)
        roots = p.real_roots()
        nice = []
        if M.rows <= 4:
            try:
                nice = [r for r in sp.roots(p, multiple=True) if r.is_real]
            except (NotImplementedError, TypeError, sp.PolynomialError):
                nice = []
        out = []
        for r in roots:
            match = [q for q in nice if abs(sp.N(q - r, 50)) < sp.Float(10) ** -40]
            out.append(sp.radsimp(match[0]) if match else r)
        return out
    vals = []
    for v, m in M.eigenvals().items():
        vals += [v] * m
    if len(vals) != M.rows:
        raise UnsupportedError("the eigenvalues of the bound matrix were not found exactly")
    return sorted(vals, key=_num)


def _pw_map(g: sp.Expr, fn: Any) -> sp.Expr:
    """``fn`` applied to each piece of ``g`` (the pieces' own, simple conditions are kept)."""
    pw = sp.piecewise_fold(g.rewrite(sp.Piecewise))
    if isinstance(pw, sp.Piecewise):
        return sp.Piecewise(*[(sp.simplify(fn(e)), c) for e, c in pw.args])
    return sp.simplify(fn(pw))


def _radial_extreme(p: _Radial, n: int, upper: bool) -> tuple[sp.Expr, sp.Expr | None]:
    a, b = p.alpha, p.beta
    rad = _pw_map(p.g, lambda e: 2 * a * sp.diff(e, _S) + 4 * a * sp.diff(e, _S, 2) * (_S - b))
    tang = _pw_map(p.g, lambda e: 2 * a * sp.diff(e, _S))
    eigs = [rad] + ([tang] if n > 1 else [])
    dom = sp.Interval(p.beta, sp.oo)
    exs = [extremes_1d(sp.piecewise_fold(e), _S, dom) for e in eigs]
    if upper:
        best = max(exs, key=lambda e: (_num(e.sup), e.sup_at is not None))
        val, at = best.sup, best.sup_at
    else:
        best = min(exs, key=lambda e: (_num(e.inf), e.inf_at is None))
        val, at = best.inf, best.inf_at
    _set_attr(p, "_ex", val)
    _set_attr(p, "_eigs", eigs)
    return val, at


def _ridge_witness(targets: list, xs: tuple) -> dict | None:
    eqs = [sum(ai * v for ai, v in zip(p.a, xs)) + p.b - t for p, t in targets]
    if not eqs:
        return {v: 0 for v in xs}
    sol = sp.linsolve(eqs, list(xs))
    if not sol:
        return None
    (pt,) = sol
    free = set().union(*[e.free_symbols for e in pt]) & set(xs)
    return {v: sp.simplify(e.subs({u: 0 for u in free})) for v, e in zip(xs, pt)}


def _run(obj: Any, prop: str) -> CurvatureBound:
    if not isinstance(obj, Objective):
        obj = Objective(obj)
    real = {v: sp.Symbol(v.name, real=True) for v in obj.variables}  # |x|'' needs a real x
    xs = tuple(real[v] for v in obj.variables)
    try:
        return run_with_budget(_analyse_both, obj.expr.xreplace(real), xs, prop, step="data.smoothness")
    except BudgetExceeded as exc:
        return CurvatureBound(prop, "unknown", None, "", None, "", str(exc))
    except (UnsupportedError, NotImplementedError, ValueError, TypeError, sp.PolynomialError) as exc:
        return CurvatureBound(prop, "unknown", None, "", None, "", f"not reduced to one variable: {exc}")


def smoothness(obj: Any) -> CurvatureBound:
    """``L = sup_x lambda_max(hess f(x))`` over R^n, exact, with a certificate (``check()``).

    Args:
        obj: an :class:`~symopt.core.objective.Objective` or its text.

    Returns:
        A :class:`CurvatureBound`; ``status="unknown"`` with the reason when ``f``
        is not a ridge sum, a radial function or a log-sum-exp plus a quadratic.
    """
    return _run(obj, "L-smooth")


def strong_convexity(obj: Any) -> CurvatureBound:
    """``mu = inf_x lambda_min(hess f(x))`` over R^n, exact, with a certificate (``check()``).

    A positive ``mu`` proves ``f`` ``mu``-strongly convex; ``mu = 0`` only convexity.
    """
    return _run(obj, "strongly convex")


def decide(obj: Any, prop: str, constant: Any) -> tuple[str, str, CurvatureBound]:
    """Decide "``f`` is L-smooth with ``L = constant``" or "``f`` is ``constant``-strongly convex" on R^n.

    The hook for ``symopt.convexity(obj, property="L-smooth", L=...)`` and
    ``property="strongly convex", modulus=...``: ``proved`` when the exact
    constant (with its certificate) is at least as good as the claim,
    ``refuted`` when the exact constant is reached or approached beyond it,
    otherwise ``unknown`` with the reason.

    Args:
        obj: an :class:`~symopt.core.objective.Objective` or its text.
        prop: ``"L-smooth"`` or ``"strongly convex"``.
        constant: the claimed ``L`` or modulus (a number or exact SymPy number).

    Returns:
        ``(status, reason, bound)``; ``bound.check()`` re-derives the evidence.

    Raises:
        UnsupportedError: another property.
    """
    if prop not in ("L-smooth", "strongly convex"):
        raise UnsupportedError(f"decide answers 'L-smooth' or 'strongly convex', got {prop!r}")
    bound = smoothness(obj) if prop == "L-smooth" else strong_convexity(obj)
    status, why = bound.decide(constant)
    return status, why, bound
