r"""Convexity for every data set, and certified ``mu`` and ``L`` for the data at hand.

**Convexity** (CVXPY's DCP rule with the data as parameters): each loss
declares its curvature in ``z``; ``z = X w`` is affine in ``w`` whatever ``X``
and ``y`` are; a nonnegative combination of convex functions is convex; and
``a ||w||^2`` with ``a > 0`` makes the sum ``2a``-strongly convex.  The
declared curvatures are re-derived by :meth:`DataConvexity.check` (the sign
prover on ``phi''``, piece by piece, plus ``C^1`` gluing for the piecewise losses).

**Constants.**  With ``s_i = sup_z phi''(z, y_i)`` and ``m_i = inf_z phi''(z, y_i)``,

    sum_t c_t X_t^T diag(m) X_t + 2a I  <=  hess f(w)  <=  sum_t c_t X_t^T diag(s) X_t + 2a I

for every ``w`` (Loewner order), so ``L <= lambda_max`` of the right and
``mu >= lambda_min`` of the left; the eigenvalues are exact for small rational
data and certified Arb enclosures otherwise (:mod:`symopt.data.linalg`).
Where every sample reaches its supremum at one ``w`` (``w = 0`` for the
logistic, BCE and squared-hinge losses) the bound is the true ``L``; for the
softmax cross-entropy ``s`` is Boehning's ``1/2`` (``lambda_max(diag p - p
p^T) <= max_i 2 p_i (1 - p_i) <= 1/2`` by Gershgorin) and the true ``L`` lies
between ``lambda_max/k`` (at ``W = 0``) and that bound.  The Poisson loss
(``phi'' = e^z``) is refuted as globally smooth: :class:`UnboundedCurvature`
gives, for any ``L``, an exact point where the Hessian exceeds it.

References: Nesterov, *Lectures on Convex Optimization* (2018), Thm 2.1.6
(L-smoothness from a Hessian bound); Bubeck (2015) Sec. 3.2 (logistic
``L = lambda_max(X^T X)/(4n)``); Boehning (1992) (softmax).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from .. import display
from ..core.domain import Bound, Box
from ..errors import UndecidedError, UnsupportedError
from ..exact.signs import prove_sign
from .terms import LossTerm
from .linalg import Extremes, Gram, extremes, gram, psd_gap
from .losses import Y, Z

__all__ = ["DataConvexity", "Constant", "DataConstants", "CurvatureCertificate", "UnboundedCurvature", "GradientJump",
           "TheoryParameters", "convexity", "constants", "theory_parameters", "loss_curvature_proof",
           "quadratic_hessian"]

_T = sp.Symbol("t", real=True)
_U = sp.Symbol("u", positive=True)
_MARGIN = sp.Rational(1, 10 ** 8)  # relative margin added to certified enclosures before the LDL re-check


# ------------------------------------------------------------------------------------ loss curvature


def _univariate(lo) -> sp.Expr:
    """The loss as a function of one variable ``t`` (the margin ``y z``, the residual ``z - y``, or ``z``)."""
    y = 1 if lo.kind == "margin" else 0
    return lo.phi().subs(Y, y).subs(Z, _T)


def _pieces(e: sp.Expr) -> list[sp.Expr]:
    e = sp.piecewise_fold(e.rewrite(sp.Piecewise))
    return [p for p, _ in e.args] if isinstance(e, sp.Piecewise) else [e]


def _nonneg(expr: sp.Expr) -> str | None:
    """Prove ``expr(t) >= 0`` for every real ``t`` (several exact routes); ``None`` if not proved."""
    whole = Box.whole([_T])
    for e in (expr, sp.factor(sp.together(expr))):
        how = prove_sign(e, whole, ">=0")
        if how:
            return how
    sub = sp.factor(sp.together(expr.subs(sp.exp(-_T), 1 / _U).subs(sp.exp(_T), _U)))
    if _T not in sub.free_symbols:
        how = prove_sign(sub, Box.parse({_U: (0, sp.oo)}, [_U]), ">=0")
        if how:
            return f"with u = exp(t) > 0: {sub} >= 0 ({how})"
    return None


def _c1(e: sp.Expr, domain: sp.Set = sp.S.Reals) -> str | None:
    """``e'`` continuous across the breakpoints of a piecewise ``e(t)``: at each end shared by two pieces, the
    one-sided limits of the two pieces' own (smooth) derivatives agree.  ``None`` when not shown."""
    pw = sp.piecewise_fold(e.rewrite(sp.Piecewise))
    if not isinstance(pw, sp.Piecewise):
        return "smooth"
    d1 = sp.Piecewise(*[(sp.diff(q, _T), c) for q, c in pw.args])
    try:
        parts = _piece_intervals(d1, _T, domain)
    except UnsupportedError:
        return None
    ends: dict = {}
    for q, iv in parts:
        if isinstance(iv, sp.FiniteSet):
            continue
        if iv.start.is_finite and iv.start != domain.inf:
            ends.setdefault(iv.start, {})["+"] = sp.limit(q, _T, iv.start, "+")
        if iv.end.is_finite and iv.end != domain.sup:
            ends.setdefault(iv.end, {})["-"] = sp.limit(q, _T, iv.end, "-")
    for b, sides in ends.items():
        if len(sides) == 2 and sp.simplify(sides["+"] - sides["-"]) != 0:
            return None
        if len(sides) != 2:
            return None
    return f"phi' continuous at the breakpoints {sorted(ends, key=float)}"


def _piece_intervals(h: sp.Expr, t: sp.Symbol, domain: sp.Set) -> list[tuple[sp.Expr, sp.Interval]]:
    """The pieces of ``h`` with the intervals of ``domain`` where each one applies (Piecewise order)."""
    h = sp.piecewise_fold(h.rewrite(sp.Piecewise))
    pieces = h.args if isinstance(h, sp.Piecewise) else ((h, sp.true),)
    taken: sp.Set = sp.S.EmptySet
    out = []
    for expr, cond in pieces:
        cset = cond.as_set() if cond is not sp.true else sp.S.Reals
        here = sp.Intersection(cset, domain) - taken
        taken = sp.Union(taken, cset)
        for iv in (here.args if isinstance(here, sp.Union) else (here,)):
            if isinstance(iv, sp.Interval):
                out.append((expr, iv))
            elif isinstance(iv, sp.FiniteSet):
                out += [(expr, sp.FiniteSet(p)) for p in iv]
            elif iv is not sp.S.EmptySet:
                raise UnsupportedError(f"cannot split {h} into intervals")
    return out


def _gap_proved(gap: sp.Expr, t: sp.Symbol, iv: sp.Interval) -> bool:
    if isinstance(iv, sp.FiniteSet):
        return all(sp.simplify(gap.subs(t, p)) >= 0 for p in iv)
    box = Box((t,), (Bound(iv.start, iv.end, bool(iv.left_open), bool(iv.right_open)),))
    for g in (gap, sp.simplify(gap), sp.factor(sp.together(gap))):
        if prove_sign(g, box, ">=0"):
            return True
    return False


def loss_curvature_proof(lo: Any, delta: Any = 1) -> dict:
    """Re-derive a loss's convexity and its curvature bounds ``inf/sup phi''`` from its definition.

    Returns ``{"convex": how or None, "sup": how or None, "inf": how or None}`` (and ``"monotone"`` for a
    loss that declares a monotonicity):
    the sign prover's argument for ``phi'' >= 0``, ``s - phi'' >= 0`` and
    ``phi'' - m >= 0`` on every piece, in the loss's own variable (margin,
    residual or prediction), plus ``C^1`` gluing of the pieces.  The softmax
    cross-entropy is checked through Gershgorin: ``lambda_max(diag p - p p^T) <=
    max_i 2 p_i (1 - p_i)`` and ``1/2 - 2p(1 - p) = (2p - 1)^2/2 >= 0``.
    """
    if lo.kind == "multiclass":
        p = _T
        how = _nonneg(sp.Rational(1, 2) - 2 * p * (1 - p))
        return {"convex": "diag(p) - p p^T is diagonally dominant with nonnegative diagonal (row sums 0)",
                "sup": how and "Gershgorin: lambda_max <= max_i 2 p_i (1 - p_i); " + how, "inf": "PSD: 0"}
    e = _univariate(lo).subs(sp.Symbol("delta", positive=True), delta)
    pieces = _pieces(sp.diff(sp.piecewise_fold(e.rewrite(sp.Piecewise)), _T, 2))
    glue = _c1(e) if lo.smooth else ("max of affine functions" if isinstance(e, sp.Max) else None)
    convex = [_nonneg(q) for q in pieces]
    out = {"convex": ("; ".join(convex) + f"; {glue}") if all(convex) and glue else None}
    s = lo.sup_curvature(sp.Integer(1)) if lo.sup_curvature else None
    sups = [_nonneg(s - q) for q in pieces] if s is not None else [None]
    out["sup"] = "; ".join(sups) if all(sups) and glue else None
    m = lo.inf_curvature(sp.Integer(1))
    infs = [_nonneg(q - m) for q in pieces]
    out["inf"] = "; ".join(infs) if all(infs) else None
    if lo.monotonicity != "none":
        sign = -1 if lo.monotonicity == "nonincreasing" else 1
        slope = sp.diff(sp.piecewise_fold(e.rewrite(sp.Piecewise)), _T)
        ok = all(_gap_proved(sign * q, _T, iv) for q, iv in _piece_intervals(slope, _T, sp.S.Reals))
        out["monotone"] = f"phi' {'<=' if sign < 0 else '>='} 0 on every piece (sign prover)" if ok else None
    return out


# ------------------------------------------------------------------------------------ convexity


@dataclass(frozen=True)
class DataConvexity:
    """Convexity of a data objective for every data set (DCP with the data as parameters).

    Attributes:
        status: ``"proved"`` or ``"unknown"``.
        property: ``"convex"`` or ``"strongly convex"`` (with ``a > 0``).
        modulus: the strong-convexity modulus valid for every data set (``2a``), or 0.
        steps: the DCP derivation, one line per term.
        reason: why not proved (when ``unknown``).
    """

    status: str
    property: str
    modulus: sp.Expr
    steps: tuple
    reason: str = ""
    objective: Any = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:
        return display.short_repr("DataConvexity", f"{self.status}: {self.property}", modulus=self.modulus)

    def _repr_html_(self) -> str:
        return display.html_table(["step"], [[s] for s in self.steps], title=f"{self.property}: {self.status}",
                                  notes=[self.reason] if self.reason else [])

    def check(self) -> bool:
        """Re-derive every loss's curvature from its definition and every coefficient's sign, exactly."""
        if self.status != "proved":
            return False
        obj = self.objective
        for t in obj.loss_terms:
            if not loss_curvature_proof(t.loss, obj.value_of(t.delta))["convex"]:
                return False
            if not sp.sympify(obj.value_of(t.coef, t)) >= 0:
                return False
        return sp.sympify(obj.value_of(obj.reg)) >= 0 and sp.simplify(2 * obj.value_of(obj.reg) - self.modulus) == 0

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {"status": self.status, "property": self.property, "modulus": str(self.modulus),
                "steps": list(self.steps), "reason": self.reason}


def convexity(obj: Any) -> DataConvexity:
    """Convexity of ``obj`` for every data matrix and label vector (the parameters at their values).

    Each term ``c sum_i phi(x_i^T w, y_i)`` is convex when ``c >= 0`` (exact)
    and ``phi`` is convex in ``z`` (declared by the loss; re-derived by ``check``),
    because ``z = x_i^T w`` is affine in ``w``; ``a ||w||^2`` is ``2a``-strongly convex.
    """
    steps = []
    for t in obj.loss_terms:
        c = obj.value_of(t.coef, t)
        if t.loss.curvature != "convex":
            return DataConvexity("unknown", "convex", sp.Integer(0), tuple(steps),
                                 f"{t.loss.name} has no declared curvature", obj)
        if not (c >= 0):
            return DataConvexity("unknown", "convex", sp.Integer(0), tuple(steps),
                                 f"the coefficient {t.coef} = {c} of {t.text()} is negative", obj)
        steps.append(f"{t.text()}: {t.loss.name} is convex in z for every label; z = {t.X} w is affine in w "
                     f"for every {t.X}; coefficient {t.coef} >= 0")
    a = obj.value_of(obj.reg)
    if a < 0:
        return DataConvexity("unknown", "convex", sp.Integer(0), tuple(steps), f"the penalty {a} ||w||^2 is concave",
                             obj)
    if a > 0:
        steps.append(f"{a} ||w||^2 is {2 * a}-strongly convex; convex + strongly convex is strongly convex")
        return DataConvexity("proved", "strongly convex", 2 * a, tuple(steps), "", obj)
    steps.append("a nonnegative sum of convex functions is convex")
    return DataConvexity("proved", "convex", sp.Integer(0), tuple(steps), "", obj)


# ------------------------------------------------------------------------------------ certificates


def _label_values(obj: Any, t: LossTerm) -> np.ndarray:
    n = obj.rows(t)
    if t.y is None:
        return np.ones(n) if t.loss.kind == "margin" else np.zeros(n)
    return obj.data[t.y]


def _row_weights(obj: Any, t: LossTerm, side: str) -> np.ndarray | None:
    """``sup`` (or ``inf``) of ``phi''`` per row, as floats holding exact values; ``None`` when unbounded."""
    fn = t.loss.sup_curvature if side == "sup" else t.loss.inf_curvature
    if fn is None:
        return None
    n = obj.rows(t)
    if t.loss.kind == "margin":
        base = float(fn(sp.Integer(1)))
        y = _label_values(obj, t)
        return base * y * y
    return np.full(n, float(fn(sp.Integer(1))))


def _exact_weights(obj: Any, t: LossTerm, side: str) -> list | None:
    """The exact per-row curvature bounds (``base * y_i^2`` for margins, with ``y_i`` the float's exact value)."""
    if obj.data[t.X].size > 2000:
        return None
    fn = t.loss.sup_curvature if side == "sup" else t.loss.inf_curvature
    base = fn(sp.Integer(1))
    if t.loss.kind != "margin":
        return [base] * obj.rows(t)
    return [base * sp.Rational(Fraction(float(v))) ** 2 for v in _label_values(obj, t)]


def _parts(obj: Any, side: str) -> list | None:
    parts = []
    for t in obj.loss_terms:
        s = _row_weights(obj, t, side)
        if s is None:
            return None
        parts.append((obj.data[t.X], s, obj.value_of(t.coef, t), _exact_weights(obj, t, side)))
    return parts


def _bound_gram(obj: Any, side: str) -> Gram | None:
    parts = _parts(obj, side)
    if parts is None:
        return None
    shift = 2 * obj.value_of(obj.reg)
    if len(obj.weight_shape) == 2:  # softmax: (1/2)(X^T X) (x) I_k bound, the same extremes as X^T X / 2
        d = obj.weight_shape[0]
        return gram(parts, d, shift)
    return gram(parts, obj.d, shift)


@dataclass(frozen=True)
class CurvatureCertificate:
    """``hess f(w) <= value I`` (``side="upper"``) or ``>= value I`` (``"lower"``) for every ``w``.

    Attributes:
        side: ``"upper"`` (an L) or ``"lower"`` (a mu).
        value: the certified constant.
        curvature: per loss, the bound on ``phi''`` used and its proof.
        method: how the eigenvalue was enclosed.
    """

    side: str
    value: sp.Expr
    curvature: tuple
    method: str
    objective: Any = field(default=None, repr=False, compare=False)

    def check(self) -> bool:
        """Independently: re-prove each loss's curvature bound from its definition, rebuild the bound
        matrix from the data, and prove ``value I - M >= 0`` (or ``M - value I >= 0``) by LDL^T."""
        obj = self.objective
        key = "sup" if self.side == "upper" else "inf"
        for t in obj.loss_terms:
            if not loss_curvature_proof(t.loss, obj.value_of(t.delta))[key]:
                return False
        if self.side == "lower" and self.value == 0:  # M = sum c X^T diag(m) X + 2a I with c, m, a >= 0 is PSD
            return all(obj.value_of(t.coef, t) >= 0 and t.loss.inf_curvature(sp.Integer(1)) >= 0
                       for t in obj.loss_terms) and obj.value_of(obj.reg) >= 0
        G = _bound_gram(obj, "sup" if self.side == "upper" else "inf")
        return G is not None and psd_gap(G, self.value, self.side)

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {"side": self.side, "value": str(self.value), "curvature": list(self.curvature), "method": self.method}


@dataclass(frozen=True)
class UnboundedCurvature:
    """A refutation of global L-smoothness: ``phi'' = exp(z)`` grows without bound along ``w = t x_i``.

    For a row ``x_i != 0`` of a term with coefficient ``c > 0``, ``hess f(w) >= c e^{x_i^T w} x_i x_i^T``
    (the other terms are PSD), so ``lambda_max(hess f(t x_i)) >= c e^{t |x_i|^2} |x_i|^2``.

    Attributes:
        row: the row index used.
        coefficient: ``c`` (exact).
        norm2: ``|x_i|^2`` (exact).
    """

    row: int
    coefficient: sp.Rational
    norm2: sp.Rational
    X: str

    def witness(self, L: Any) -> dict:
        """An exact point ``w = t x_i`` with ``lambda_max(hess f(w)) > L``: ``{"t": t, "lower_bound": ...}``."""
        L = sp.nsimplify(L)
        t = sp.Integer(1)
        while self._lower(t) <= L:
            t *= 2
        return {"t": t, "w": f"{t} * {self.X}[{self.row}]", "lower_bound": self._lower(t)}

    def _lower(self, t: sp.Expr) -> sp.Rational:
        s = t * self.norm2  # exp(s) >= 1 + s + s^2/2 + s^3/6 for s >= 0 (exact, rational)
        return self.coefficient * self.norm2 * (1 + s + s ** 2 / 2 + s ** 3 / 6)

    def check(self, Ls: Any = (1, 10 ** 3, 10 ** 6, 10 ** 12)) -> bool:
        """For each ``L``, the witness's exact lower bound on ``lambda_max`` exceeds ``L``."""
        return self.coefficient > 0 and self.norm2 > 0 and all(self.witness(L)["lower_bound"] > L for L in Ls)


@dataclass(frozen=True)
class Constant:
    """A certified smoothness (``L``) or strong-convexity (``mu``) constant of a data objective.

    Attributes:
        name: ``"L"`` or ``"mu"``.
        status: ``"certified"`` (``value`` is a valid constant), ``"refuted"``
            (no finite constant; ``certificate`` is the witness) or ``"unknown"``.
        value: the certified constant (a rational; ``exact`` when known exactly).
        exact: the exact algebraic value of the bound when the data are small and rational.
        true_range: ``(lo, hi)`` enclosing the true constant (``sup lambda_max`` or ``inf lambda_min``).
        bound: which bound it is.
        attained: where the true constant is reached, or why it is only a limit/bound.
        certificate: re-checkable evidence (``check()``).
    """

    name: str
    status: str
    value: sp.Expr | None
    exact: sp.Expr | None
    true_range: tuple
    bound: str
    attained: str
    certificate: Any = field(default=None, repr=False)

    def __repr__(self) -> str:
        v = self.exact if self.exact is not None else self.value
        shown = f"{float(v):.6g}" if v is not None and v.is_number else v
        return display.short_repr("Constant", f"{self.name} {self.status}", value=shown, attained=self.attained)

    def _repr_html_(self) -> str:
        return display.record_html(self, "name", "status", "value", "exact", "true_range", "bound", "attained")

    def check(self) -> bool:
        """Re-check the certificate."""
        return self.certificate is not None and bool(self.certificate.check())

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {"name": self.name, "status": self.status, "value": None if self.value is None else str(self.value),
                "exact": None if self.exact is None else str(self.exact),
                "true_range": [str(v) for v in self.true_range], "bound": self.bound, "attained": self.attained}


@dataclass(frozen=True)
class DataConstants:
    """``mu`` and ``L`` of a data objective for its data, with the convexity verdict.

    Attributes:
        mu: the strong-convexity constant.
        L: the smoothness constant.
        convexity: the verdict for every data set.
    """

    mu: Constant
    L: Constant
    convexity: DataConvexity

    def __repr__(self) -> str:
        return f"DataConstants(mu={self.mu!r}, L={self.L!r})"

    def _repr_html_(self) -> str:
        rows = [[c.name, c.status, c.value, c.exact, c.bound, c.attained] for c in (self.mu, self.L)]
        return display.html_table(["", "status", "certified", "exact", "bound", "attained"], rows,
                                  title="certified constants", math=True)

    def check(self) -> bool:
        """Every certificate re-checks."""
        return all(c.check() for c in (self.mu, self.L) if c.status != "unknown")

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {"mu": self.mu.to_dict(), "L": self.L.to_dict(), "convexity": self.convexity.to_dict()}


def _round_up(ex: Extremes, side: str) -> sp.Rational:
    """A rational just outside the enclosure, with a margin for the LDL^T re-check (the exact value if rational)."""
    exact = ex.exact_max if side == "upper" else ex.exact_min
    if exact is not None:
        if exact.is_Rational:
            return exact
        return ex.hi_max if side == "upper" else ex.lo_min
    if side == "upper":
        hi = ex.hi_max
        return _simple_rational(hi + abs(hi) * _MARGIN + sp.Rational(1, 10 ** 15), up=True)
    lo = ex.lo_min
    return _simple_rational(lo - abs(lo) * _MARGIN - sp.Rational(1, 10 ** 15), up=False)


def _simple_rational(v: sp.Rational, up: bool) -> sp.Rational:
    """A short decimal rational ``>= v`` (``up``) or ``<= v``, at 12 significant digits."""
    f = Fraction(int(v.p), int(v.q))
    if f == 0:
        return sp.Integer(0)
    import math

    scale = 10 ** (11 - math.floor(math.log10(abs(float(f)))))
    num = f * scale
    k = math.ceil(num) if up else math.floor(num)
    return sp.Rational(k, scale)


def _curvature_lines(obj: Any, key: str) -> tuple:
    out = []
    for t in obj.loss_terms:
        fn = t.loss.sup_curvature if key == "sup" else t.loss.inf_curvature
        what = "unbounded" if fn is None else str(fn(Y))
        out.append(f"{t.loss.name}: {key}_z phi''(z, y) = {what}")
    return tuple(out)


def _attained_at_zero(obj: Any, t: LossTerm) -> bool:
    """Every row's ``phi''`` reaches its supremum at ``w = 0`` (exact check on the loss; labels for residuals)."""
    lo = t.loss
    if lo.sup_curvature is None or lo.kind == "multiclass":
        return False
    e = _univariate(lo).subs(sp.Symbol("delta", positive=True), obj.value_of(t.delta))
    d2 = sp.diff(sp.piecewise_fold(e.rewrite(sp.Piecewise)), _T, 2)
    s = lo.sup_curvature(sp.Integer(1))
    if lo.kind in ("margin", "glm"):
        return sp.simplify(d2.subs(_T, 0) - s) == 0
    if lo.name == "squares":
        return True
    y = _label_values(obj, t)  # residual -y_i at w = 0: Huber's phi'' = 1 iff |y_i| < delta
    delta = obj.value_of(t.delta)
    return bool(np.all([sp.Rational(Fraction(float(abs(v)))) < delta for v in np.unique(np.abs(y))]))


def _smoothness(obj: Any) -> Constant:
    for t in obj.loss_terms:
        if not obj.value_of(t.coef, t) >= 0:
            return Constant("L", "unknown", None, None, (None, None), "none",
                            f"the coefficient of {t.text()} is negative: the curvature bounds flip", None)
    if obj.value_of(obj.reg) < 0:
        return Constant("L", "unknown", None, None, (None, None), "none", "a negative multiple of ||w||^2", None)
    for t in obj.loss_terms:
        if t.loss.sup_curvature is None:
            return _unbounded(obj, t)
    G = _bound_gram(obj, "sup")
    ex = extremes(G)
    value = _round_up(ex, "upper")
    k = obj.weight_shape[1] if len(obj.weight_shape) == 2 else None
    cert = CurvatureCertificate("upper", value, _curvature_lines(obj, "sup"), ex.method, obj)
    names = sorted({t.loss.name for t in obj.loss_terms})
    if k is not None:
        bound = "Boehning: lambda_max(c X^T X)/2 + 2a (lambda_max(diag p - p p^T) <= 1/2)"
        a2 = 2 * obj.value_of(obj.reg)
        lo_true = (ex.lo_max - a2) * 2 / k + a2  # at W = 0 the curvature is (I/k - 11^T/k^2): lambda_max 1/k
        attained = ("at W = 0 (k = 2: Boehning's bound is exact)" if k == 2 else
                    f"not attained in general: at W = 0 the curvature is lambda_max/{k}; the bound is a supremum "
                    "only where the rows allow p -> (1/2, 1/2, 0, ...)")
        return Constant("L", "certified", value, ex.exact_max, (lo_true, ex.hi_max), bound, attained, cert)
    bound = "lambda_max(sum_t c_t X_t^T diag(sup phi''_t) X_t) + 2a (" + ", ".join(names) + ")"
    if all(_attained_at_zero(obj, t) for t in obj.loss_terms):
        return Constant("L", "certified", value, ex.exact_max, (ex.lo_max, ex.hi_max), bound,
                        "at w = 0: every sample is at its largest curvature, hess f(0) is the bound matrix", cert)
    lo_true = max(_lower_at_zero(obj), _lower_at_fit(obj))
    return Constant("L", "certified", value, ex.exact_max, (lo_true, ex.hi_max), bound,
                    "not shown attained: no single w puts every sample at its largest curvature "
                    "(the true L lies in true_range; the lower end is lambda_max(hess f(0)))", cert)


def _lower_at_zero(obj: Any) -> sp.Rational:
    """A certified lower bound on ``sup lambda_max``: ``lambda_max(hess f(0))`` (rows active at 0 only)."""
    parts = []
    for t in obj.loss_terms:
        lo = t.loss
        y = _label_values(obj, t)
        if lo.name == "huber":
            delta = float(obj.value_of(t.delta))
            s = np.where(np.abs(y) < delta * (1 - 1e-12), 1.0, 0.0)
        else:
            s = np.asarray(lo.d2(np.zeros_like(y), y), dtype=float)
            if lo.name not in ("squares", "sqhinge"):  # curvature at 0 is not exactly a float: use the sup rows only
                s = np.where(np.isclose(s, _row_weights(obj, t, "sup")), _row_weights(obj, t, "sup"), 0.0)
        parts.append((obj.data[t.X], s, obj.value_of(t.coef, t)))
    ex = extremes(gram(parts, obj.d, 2 * obj.value_of(obj.reg)))
    return ex.lo_max


def _lower_at_fit(obj: Any) -> sp.Rational:
    """For Huber terms: ``lambda_max(hess f(w*))`` at the least-squares fit ``w*``, counting only rows proved
    active (``|x_i^T w* - y_i| < delta`` with a rigorous rounding margin); 0 when not applicable."""
    if any(t.loss.name not in ("huber", "squares") for t in obj.loss_terms) or len(obj.loss_terms) != 1:
        return sp.Integer(0)
    (t,) = obj.loss_terms
    X, y = obj.data[t.X], _label_values(obj, t)
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    r = X @ w - y
    k = X.shape[1] + 2
    err = (k * 2.0 ** -53 / (1 - k * 2.0 ** -53)) * (np.abs(X) @ np.abs(w) + np.abs(y)) * 1.01
    delta = float(obj.value_of(t.delta))
    s = np.where(np.abs(r) + err < delta * (1 - 1e-12), 1.0, 0.0) if t.loss.name == "huber" else np.full(len(y), 2.0)
    ex = extremes(gram([(X, s, obj.value_of(t.coef, t))], obj.d, 2 * obj.value_of(obj.reg)))
    return ex.lo_max


def _unbounded(obj: Any, t: LossTerm) -> Constant:
    X = obj.data[t.X]
    norms = np.einsum("ij,ij->i", X, X)
    i = int(np.argmax(norms))
    c = obj.value_of(t.coef, t)
    if t.loss.name == "hinge":
        jump = _hinge_jump(obj, t)
        if jump is None:
            return Constant("L", "unknown", None, None, (None, None), "none",
                            "the hinge loss is not differentiable at y z = 1; no exact witness was built", None)
        return Constant("L", "refuted", None, None, (sp.oo, sp.oo), "the gradient jumps across y_i x_i^T w = 1",
                        f"no finite L: the gradient jumps by a fixed vector between w = (1 -/+ eps) v, "
                        f"v = {t.X}[{jump.row}]/(y |x|^2), while |w+ - w-| = 2 eps |v| -> 0", jump)
    if t.loss.name != "poisson" or norms[i] == 0 or not c > 0:
        return Constant("L", "unknown", None, None, (None, None), "none", "no bound on phi''", None)
    norm2 = sum(sp.Rational(Fraction(float(v))) ** 2 for v in X[i])
    cert = UnboundedCurvature(i, sp.Rational(c), norm2, t.X)
    return Constant("L", "refuted", None, None, (sp.oo, sp.oo), "phi'' = exp(z) is unbounded",
                    f"no finite L: lambda_max(hess f(t {t.X}[{i}])) >= c e^(t |x|^2) |x|^2 -> oo", cert)


def _rat_rows(A: np.ndarray) -> list:
    return [[Fraction(float(v)) for v in row] for row in np.atleast_2d(A)]


@dataclass(frozen=True)
class GradientJump:
    """A refutation of L-smoothness for a hinge term: the gradient is discontinuous across ``y_i x_i^T w = 1``.

    With ``v = y_i x_i / |x_i|^2`` (margin 1 for row ``i``), the rows ``K`` at margin exactly 1 switch on
    between ``w- = (1 - eps) v`` and ``w+ = (1 + eps) v`` while no other row switches (``eps < eps0``), so
    ``grad f(w+) - grad f(w-) = c sum_{k in K} y_k x_k + 4 a eps v`` stays away from 0 (its inner product with
    ``v`` is ``c |K| > 0``) while ``|w+ - w-| = 2 eps |v|`` shrinks: no ``L`` bounds the ratio.

    Attributes:
        row: the row ``i``.
        eps0: below this no other row changes side (exact).
    """

    row: int
    eps0: Fraction
    objective: Any = field(default=None, repr=False, compare=False)

    def _grad(self, w: list) -> list:
        obj = self.objective
        (t,) = obj.loss_terms
        X, y = _rat_rows(obj.data[t.X]), [Fraction(float(v)) for v in _label_values(obj, t)]
        c = Fraction(str(obj.value_of(t.coef, t)))
        a2 = Fraction(str(2 * obj.value_of(obj.reg)))
        g = [a2 * wj for wj in w]
        for xk, yk in zip(X, y):
            m = yk * sum(a * b for a, b in zip(xk, w))
            if m == 1:
                raise ArithmeticError("a point on the kink")
            if m < 1:
                g = [gj - c * yk * a for gj, a in zip(g, xk)]
        return g

    def witness(self, L: Any) -> dict:
        """``w-``, ``w+`` (exact) with ``|grad f(w+) - grad f(w-)|^2 > L^2 |w+ - w-|^2``."""
        obj = self.objective
        (t,) = obj.loss_terms
        x = _rat_rows(obj.data[t.X])[self.row]
        yi = Fraction(float(_label_values(obj, t)[self.row]))
        n2 = sum(a * a for a in x)
        v = [yi * a / (n2 * yi * yi) for a in x]
        L2 = Fraction(str(sp.nsimplify(L))) ** 2
        eps = self.eps0
        for _ in range(200):
            wm, wp = [(1 - eps) * a for a in v], [(1 + eps) * a for a in v]
            dg = [p - m for p, m in zip(self._grad(wp), self._grad(wm))]
            dw2 = sum((p - m) ** 2 for p, m in zip(wp, wm))
            if sum(d * d for d in dg) > L2 * dw2:
                return {"w_minus": wm, "w_plus": wp, "eps": eps}
            eps /= 2
        raise ArithmeticError("no witness found")

    def check(self, Ls: Any = (1, 10 ** 3, 10 ** 6)) -> bool:
        """For each ``L``: exact gradients at the two points (neither on a kink) differ by more than ``L |w+ - w-|``."""
        try:
            return all(self.witness(L) is not None for L in Ls)
        except (ArithmeticError, ValueError):
            return False


def _hinge_jump(obj: Any, t: LossTerm) -> GradientJump | None:
    """The exact jump witness for an objective of one hinge term plus the penalty (small data only)."""
    if len(obj.loss_terms) != 1 or obj.data[t.X].size > 50_000 or not obj.value_of(t.coef, t) > 0:
        return None
    X = obj.data[t.X]
    y = _label_values(obj, t)
    rows = [k for k in range(X.shape[0]) if y[k] != 0 and np.any(X[k] != 0)]
    if not rows:
        return None
    i = rows[0]
    Xr, yr = _rat_rows(X), [Fraction(float(v)) for v in y]
    n2 = sum(a * a for a in Xr[i])
    v = [yr[i] * a / (n2 * yr[i] * yr[i]) for a in Xr[i]]
    margins = [yk * sum(a * b for a, b in zip(xk, v)) for xk, yk in zip(Xr, yr)]
    gaps = [abs(m - 1) / abs(m) for m in margins if m != 1 and m != 0]
    eps0 = min([Fraction(1, 2)] + [g / 2 for g in gaps])
    return GradientJump(i, eps0, obj)


def _strong_convexity(obj: Any) -> Constant:
    G = _bound_gram(obj, "inf")
    ex = extremes(G)
    value = _round_up(ex, "lower")
    if value < 0:
        value = sp.Integer(0)
    cert = CurvatureCertificate("lower", value, _curvature_lines(obj, "inf"), ex.method, obj)
    names = {t.loss.name for t in obj.loss_terms}
    bound = "lambda_min(sum_t c_t X_t^T diag(inf phi''_t) X_t) + 2a"
    if names <= {"squares"}:
        att = "everywhere: the Hessian is constant"
        rng = (ex.lo_min, ex.hi_min)
    elif names <= {"hinge"}:
        att = "everywhere off the kinks: the hinge is piecewise linear, so hess f = 2a I there"
        rng = (ex.lo_min, ex.hi_min)
    elif names <= {"squares", "logistic", "bce", "huber", "softmax_ce"}:
        att = ("as an infimum, not attained: along w = t v (t -> oo, X v with no zero entry) the curvature of "
               + ", ".join(sorted(names - {"squares"})) + " vanishes")
        rng = (ex.lo_min, ex.hi_min)
    else:
        att = "lower bound; not shown tight (the loss curvature need not vanish everywhere at once)"
        rng = (ex.lo_min, None)
    exact = ex.exact_min
    return Constant("mu", "certified", value, exact, rng, bound, att, cert)


def constants(obj: Any) -> DataConstants:
    """Certified ``mu`` and ``L`` of a :class:`~symopt.data.expr.DataObjective` for its data.

    ``L``: ``f`` is ``L``-smooth with ``L = value`` (a rational just above the
    certified enclosure of the bound; ``exact`` when the data are small and
    rational).  ``mu``: ``f`` is ``mu``-strongly convex with ``mu = value``
    (0 when only convexity holds).  ``true_range`` encloses the true constants.
    """
    conv = convexity(obj)
    L = _smoothness(obj)
    if conv.status != "proved":
        mu = Constant("mu", "unknown", None, None, (None, None), "none", conv.reason, None)
    else:
        mu = _strong_convexity(obj)
    return DataConstants(mu, L, conv)


@dataclass(frozen=True)
class TheoryParameters:
    """Certified ``mu`` and ``L`` in the form :mod:`symopt.rates` tunings and :mod:`symopt.pep` classes take.

    ``subs`` maps the tunings' symbols ``mu``, ``L`` (positive) to the
    numbers: ``rates.gd_optimal().params["eta"].subs(p.subs)`` is the step
    ``2/(mu + L)``; ``pep.smooth_strongly_convex(p.mu, p.L)`` the function class.
    Any ``mu' <= mu`` and ``L' >= L`` keep the guarantees, so the certified
    (outward-rounded) constants are safe to use.
    """

    mu: sp.Rational
    L: sp.Rational

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {"mu": str(self.mu), "L": str(self.L), "kappa": str(self.kappa), "gd_step": str(self.gd_step)}

    @property
    def subs(self) -> dict:
        """``{Symbol("mu", positive=True): mu, Symbol("L", positive=True): L}``."""
        return {sp.Symbol("mu", positive=True): self.mu, sp.Symbol("L", positive=True): self.L}

    @property
    def kappa(self) -> sp.Expr:
        """The condition number ``L / mu`` (``oo`` when ``mu = 0``)."""
        return self.L / self.mu if self.mu > 0 else sp.oo

    @property
    def gd_step(self) -> sp.Expr:
        """``2 / (mu + L)``, the step that minimises GD's worst-case rate ``(kappa - 1)/(kappa + 1)``."""
        return 2 / (self.mu + self.L)


def theory_parameters(obj: Any) -> TheoryParameters:
    """The certified ``mu`` and ``L`` of a data objective for :mod:`symopt.rates` and :mod:`symopt.pep`.

    Raises:
        UndecidedError: ``L`` is not certified (unbounded curvature or unknown).
    """
    c = constants(obj)
    if c.L.status != "certified":
        raise UndecidedError(f"no certified L: {c.L.attained or c.L.status}")
    mu = c.mu.value if c.mu.status == "certified" else sp.Integer(0)
    return TheoryParameters(sp.Rational(mu), sp.Rational(c.L.value))


def quadratic_hessian(obj: Any) -> sp.Matrix:
    """The exact constant Hessian of a least-squares objective (``sum c ||X w - y||^2 + a ||w||^2``).

    For :func:`symopt.theory.gd_quadratic` (stable steps, optimal step and rate
    from the exact eigenvalues).  Small data only (at most 2,000 entries, ``d <= 4``).

    Raises:
        UnsupportedError: a loss other than least squares, or data too large for exact arithmetic.
    """
    if any(t.loss.name != "squares" for t in obj.loss_terms):
        raise UnsupportedError("only least squares has a constant Hessian")
    G = _bound_gram(obj, "sup")
    if G.exact is None:
        raise UnsupportedError("the exact Hessian is formed for small data only (d <= 4, at most 2,000 entries)")
    return G.exact
