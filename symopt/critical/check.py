"""Evidence for critical points, and its checkers (they know nothing of the searches).

An evidence module: imports only ``symopt.core``, ``symopt.exact`` and floor 0
(``symopt.critical.check_algebraic`` and ``symopt.critical.check_minimum``, the
other evidence modules, build on this one).  :func:`check_points` re-verifies a
:class:`~symopt.core.points.CriticalPoints` list against its certificate:

* :class:`IntervalCertificate` (here): every leaf of the branch-and-bound tree is
  re-evaluated with fresh interval arithmetic (``0 not in g_i(X)``, ``K(X) ∩ X = ∅``,
  ``K(X)`` inside ``X``) and the listed points are matched one-to-one with the
  ``unique`` leaves, each by Krawczyk's existence test on its own enclosure;
* :class:`~symopt.critical.check_algebraic.AlgebraicCertificate`: see that module;
* the kinds: re-derived from an interval Hessian over each enclosure (Weyl's bound),
  exactly at rational points, or by the deterministic higher-order test
  :func:`higher_order_nd`.

A check answers with a :class:`CheckResult`: ``"verified"``, ``"failed"`` (the
evidence does not prove the claim) or ``"not re-checked"`` (the re-check ran out of
its work limit: unknown, never "wrong"); ``bool()`` is true only for ``"verified"``.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import sympy as sp
from sympy.polys.groebnertools import groebner
from sympy.polys.orderings import grevlex
from sympy.polys.rings import ring

from ..core.domain import Bound
from ..core.domain import Box as DomainBox
from ..core.objective import Objective
from ..core.points import CriticalPoint, CriticalPoints, classify_hessian
from ..errors import BudgetExceeded, SymoptError
from ..exact.interval import (
    FloatBox,
    Undefined,
    box_env,
    children,
    disjoint,
    enclosure,
    float_box,
    inside,
    krawczyk,
    lower_float,
    upper_float,
    weyl_inertia,
)
from ..exact.signs import prove_sign, sign_by_factors
from ..limits import run_with_budget

__all__ = ["CheckResult", "IntervalCertificate", "check_points", "higher_order_nd", "rationalize",
           "UnsupportedComplexity"]

#: What a failing evidence check may raise (an honest "failed", never a traceback).
CHECK_FAILURES = (SymoptError, ValueError, TypeError, ZeroDivisionError, ArithmeticError,
                  sp.polys.polyerrors.BasePolynomialError)


@dataclass(frozen=True)
class CheckResult:
    """The answer of a re-check: ``status`` is ``"verified"``, ``"failed"`` or
    ``"not re-checked"`` (the re-check ran out of its work limit: unknown, not wrong).

    ``bool(result)`` is true only for ``"verified"``, so ``assert pts.check()`` and
    ``if gm.check():`` keep their meaning; ``result.status`` tells a failure from an
    unfinished re-check.
    """

    status: str
    reason: str = ""

    def __bool__(self) -> bool:
        return self.status == "verified"

    def __repr__(self) -> str:
        return f"CheckResult({self.status}{': ' + self.reason if self.reason else ''})"

    def to_dict(self) -> dict:
        return {"status": self.status, "reason": self.reason}


VERIFIED = CheckResult("verified")


def failed(reason: str = "") -> CheckResult:
    """A ``"failed"`` check with its reason."""
    return CheckResult("failed", reason)


def not_rechecked(exc: BudgetExceeded) -> CheckResult:
    """The re-check ran out of its work limit: unknown, never "wrong"."""
    return CheckResult("not re-checked", f"the re-check ran out of its work limit ({exc})")


def as_result(value: Any, reason: str = "") -> CheckResult:
    """A bool (or a CheckResult) as a CheckResult."""
    if isinstance(value, CheckResult):
        return value
    return VERIFIED if value else failed(reason)


def run_check(fn: Any, *args: Any, reason: str = "") -> CheckResult:
    """Run a checker under the ``critical_points`` work limit: an exhausted limit is
    ``"not re-checked"``, an exception of the evidence a ``"failed"``."""
    try:
        return as_result(run_with_budget(fn, *args, step="critical_points"), reason)
    except BudgetExceeded as exc:
        return not_rechecked(exc)
    except CHECK_FAILURES as exc:
        return failed(f"{reason}: {type(exc).__name__}" if reason else type(exc).__name__)


def rationalize(expr: sp.Expr) -> sp.Expr:
    """Replace every Float by the rational its decimal text denotes (``2.1 -> 21/10``)."""
    floats = expr.atoms(sp.Float)
    if not floats:
        return expr
    return expr.xreplace({f: sp.Rational(str(f)) for f in floats})


Box = FloatBox


def _box_text(box: Box) -> str:
    def num(v: float) -> str:
        return f"{v:g}"

    if len(set(box)) == 1:
        lo, hi = box[0]
        return f"[{num(lo)}, {num(hi)}]^{len(box)}" if len(box) > 1 else f"[{num(lo)}, {num(hi)}]"
    return " x ".join(f"[{num(lo)}, {num(hi)}]" for lo, hi in box)


def _tree_counts(tree: tuple) -> str:
    counts = {"none": 0, "unique": 0, "undecided": 0}
    stack = [tree]
    while stack:
        node = stack.pop()
        if node[0] == "split":
            stack += [node[3], node[4]]
        elif node[0] == "contract":
            stack.append(node[2])
        else:
            counts[node[0]] += 1
    return f"{counts['unique']} unique, {counts['none']} excluded, {counts['undecided']} undecided leaves"


def _flint():
    import flint  # optional dependency (python-flint)

    return flint


def _fq(c: Any):
    flint = _flint()
    if isinstance(c, flint.fmpq):
        return c
    if isinstance(c, int):
        return flint.fmpq(c)
    num = getattr(c, "numerator", None)
    if num is None:
        num, den = c.p, c.q
    else:
        den = c.denominator
        num = num() if callable(num) else num
        den = den() if callable(den) else den
    return flint.fmpq(int(num), int(den))


def _sq(c: Any) -> sp.Rational:
    """A SymPy Rational from a flint fmpq / int / QQ element."""
    c = _fq(c)
    return sp.Rational(int(c.p), int(c.q))


class _Prec:
    """Run a block at ``bits`` of Arb precision (restored on exit)."""

    def __init__(self, bits: int):
        self.bits = bits

    def __enter__(self):
        flint = _flint()
        self.saved = flint.ctx.prec
        flint.ctx.prec = self.bits

    def __exit__(self, *exc):
        _flint().ctx.prec = self.saved


def _arb_poly(coeffs: Sequence, x: Any) -> Any:
    """Horner evaluation of ascending rational coefficients at an arb ball."""
    flint = _flint()
    acc = flint.arb(0)
    for c in reversed(coeffs):
        acc = acc * x + flint.arb(_fq(c))
    return acc


def _arb_mpoly(terms: Sequence[tuple[tuple[int, ...], Any]], balls: Sequence[Any]) -> Any:
    flint = _flint()
    acc = flint.arb(0)
    for mono, c in terms:
        t = flint.arb(_fq(c))
        for b, e in zip(balls, mono):
            if e:
                t = t * b**e
        acc = acc + t
    return acc


class _NotZeroDimensional(Exception):
    pass


def _ring(variables: Sequence[sp.Symbol]):
    R, *_ = ring(list(variables), sp.QQ, grevlex)
    return R


def _groebner(F: list, R: Any, method: str = "buchberger") -> list:
    F = [f for f in F if f]
    if not F:
        return []
    return groebner(F, R, method=method)


def _standard_monomials(G: list, n: int) -> list[tuple[int, ...]]:
    """Monomials outside the initial ideal; raises _NotZeroDimensional for an infinite set."""
    if any(g.LM == (0,) * n for g in G):
        return []
    leads = [g.LM for g in G]
    bounds = []
    for i in range(n):
        pure = [m[i] for m in leads if m[i] > 0 and all(m[j] == 0 for j in range(n) if j != i)]
        if not pure:
            raise _NotZeroDimensional
        bounds.append(min(pure))
    if math.prod(bounds) > 200_000:
        raise UnsupportedComplexity(f"the quotient ring has up to {math.prod(bounds)} standard monomials")
    out = []
    for m in itertools.product(*(range(b) for b in bounds)):
        if not any(all(m[i] >= l[i] for i in range(n)) for l in leads):
            out.append(m)
    out.sort(key=lambda m: (sum(m), m))
    return out


class UnsupportedComplexity(Exception):
    """The exact method would be too large; the caller falls back."""


def _kind_from_inertia(pos: int, neg: int, n: int, how: str) -> tuple[str, str]:
    if pos and neg:
        return "saddle", f"Hessian has eigenvalues of both signs; {how}"
    if pos == n:
        return "minimum", f"Hessian positive definite; {how}"
    return "maximum", f"Hessian negative definite; {how}"


def _interval_kind(hess: Sequence, variables: Sequence[sp.Symbol], E: Box) -> tuple[str, tuple, str]:
    n = len(variables)
    try:
        env = box_env(variables, E)
        H = [[enclosure(hess[i][j], env) for j in range(n)] for i in range(n)]
    except (Undefined, ZeroDivisionError, ValueError, TypeError, ArithmeticError):
        return "inconclusive", (), "no interval enclosure of the Hessian at the point"
    mid = [[(lower_float(h) + upper_float(h)) / 2 for h in row] for row in H]
    rad = [[(upper_float(h) - lower_float(h)) / 2 * (1 + 1e-12) for h in row] for row in H]
    res = weyl_inertia(mid, rad)
    if res is None:
        return "inconclusive", (), "the interval Hessian over the point's enclosure contains a singular matrix"
    pos, neg, eig = res
    kind, reason = _kind_from_inertia(pos, neg, n, "eigenvalue signs certified by Weyl's bound on an interval Hessian over the enclosure")
    return kind, eig, reason


def _directions(n: int, hess: sp.Matrix) -> list[tuple]:
    """Rational directions to try: the axes, e_i +- e_j, and a basis of the Hessian's null space."""
    dirs: list[tuple] = [tuple(sp.Integer(int(i == k)) for i in range(n)) for k in range(n)]
    for i, j in itertools.combinations(range(n), 2):
        for sign in (1, -1):
            dirs.append(tuple(sp.Integer(1 if k == i else sign if k == j else 0) for k in range(n)))
    try:
        for v in hess.nullspace():
            if all(c.is_Rational for c in v):
                dirs.append(tuple(v))
    except (TypeError, ValueError, ArithmeticError):
        pass
    return dirs


def _leading_term(g: sp.Expr, h: Sequence[sp.Symbol], d: tuple, t: sp.Symbol) -> tuple[int, sp.Rational] | None:
    """``(k, c)`` with ``g(t d) = c t^k + O(t^(k+1))``, ``c != 0``; ``None`` if ``g`` vanishes on the line."""
    q = sp.Poly(sp.expand(g.xreplace({hi: di * t for hi, di in zip(h, d)})), t)
    for (k,), c in sorted(q.terms()):
        if c != 0:
            return k, c
    return None


def higher_order_nd(f: sp.Expr, variables: Sequence[sp.Symbol], point: Mapping, fallback: str,
                    radius: sp.Rational = sp.Rational(1, 10)) -> tuple[str, str]:
    """Kind of a critical point of a polynomial where the Hessian is singular (``n >= 2``),
    at a rational ``point``, by exact tests on ``g(h) = f(p + h) - f(p)``:

    * **saddle** when a line ``t -> p + t d`` (rational ``d``: the axes, ``e_i +- e_j``,
      the Hessian's null vectors) has ``g(t d) = c t^k + O(t^(k+1))`` with ``k`` odd, or
      two lines have leading terms of opposite sign: ``g`` takes both signs
      arbitrarily close to ``p``;
    * **minimum** (maximum) when ``g >= 0`` (``<= 0``) is proved on the box
      ``|h_i| <= radius`` by :func:`symopt.certificate.prove_sign`: a local
      extremum, possibly not strict;
    * otherwise ``"inconclusive"`` with the reason.

    Deterministic, so :func:`check_points` re-runs it to re-derive the kind.
    """
    n = len(variables)
    if n < 2 or not all(getattr(point.get(v), "is_Rational", False) for v in variables):
        return "inconclusive", fallback
    h = sp.symbols(f"_h0:{n}", real=True)
    t = sp.Symbol("_t", real=True)
    shift = {v: point[v] + hi for v, hi in zip(variables, h)}
    try:
        g = sp.expand(f.xreplace(shift) - f.xreplace(dict(point)))
        if not g.is_polynomial(*h) or g.free_symbols - set(h):
            return "inconclusive", fallback
        hess = sp.hessian(g, h).xreplace({hi: 0 for hi in h})
        signs: dict[int, tuple] = {}
        for d in _directions(n, hess):
            lead = _leading_term(g, h, d, t)
            if lead is None:
                continue
            k, c = lead
            if k % 2:
                return "saddle", (f"{fallback}; along direction {tuple(d)} f(p + t d) - f(p) = {c}*t^{k} + ... "
                                  f"with k = {k} odd: it changes sign at p (exact higher-order test)")
            signs.setdefault(1 if c > 0 else -1, (d, k, c))
        if len(signs) == 2:
            (d1, k1, c1), (d2, k2, c2) = signs[1], signs[-1]
            return "saddle", (f"{fallback}; f(p + t d) - f(p) ~ {c1}*t^{k1} > 0 along {tuple(d1)} and ~ {c2}*t^{k2} < 0 "
                              f"along {tuple(d2)} (exact higher-order test)")
        box = DomainBox(tuple(h), tuple(Bound(-radius, radius) for _ in h))
        for relation, kind in ((">=0", "minimum"), ("<=0", "maximum")):
            if signs and (1 if kind == "minimum" else -1) not in signs:
                continue
            how = prove_sign(g, box, relation) or sign_by_factors(g, box, relation)
            if how is not None:
                word = ">=" if kind == "minimum" else "<="
                return kind, (f"{fallback}; f(p + h) - f(p) {word} 0 for |h_i| <= {radius} ({how}): a local {kind}, "
                              f"possibly not strict (higher-order test)")
    except (TypeError, ValueError, ArithmeticError, sp.PolynomialError, RecursionError):
        return "inconclusive", fallback
    return "inconclusive", f"{fallback}; the higher-order test in several variables did not decide"


@dataclass(frozen=True)
class IntervalCertificate:
    """Evidence of an interval branch-and-bound for ``grad f = 0`` over a box.

    Attributes:
        variables: the variables.
        gradient: the gradient entries.
        hessian: the Hessian (rows of entries).
        box: the box searched.
        tree: nested tuples: ``("split", axis, at, left, right)``, ``("contract", C, child)``
            (every zero in ``X`` lies in ``K(X) ∩ X``, which lies in the box ``C``: the search
            goes on in ``C``), ``("none", i)`` (``0 not in g_i(X)``, or ``i = -1``: ``K(X) ∩ X``
            empty), ``("unique",)`` (``K(X)`` inside ``X``), ``("undecided", why)``.
    """

    variables: tuple
    gradient: tuple
    hessian: tuple
    box: Box
    tree: tuple

    def __repr__(self) -> str:
        counts = _tree_counts(self.tree)
        return f"IntervalCertificate(box {_box_text(self.box)}, {counts})"

    def check(self, points: Sequence[CriticalPoint], undecided: Sequence = ()) -> CheckResult:
        """Re-verify every leaf of the tree with fresh interval evaluations and match the
        listed points one-to-one with the ``unique`` leaves (each point's enclosure must
        satisfy Krawczyk's existence test and lie in its leaf)."""
        return run_check(_check_interval, self, list(points), list(undecided), reason="the interval tree does not re-check")

    def verify_points(self, points: CriticalPoints) -> CheckResult:
        """:meth:`check` for a whole list: the certificate must be the list's objective's,
        and the kinds re-derive (see :func:`check_points`)."""
        obj = points.objective
        grads = [rationalize(g) for g in obj.gradient]
        if tuple(self.variables) != tuple(obj.variables):
            return failed("the certificate is for other variables")
        if len(grads) != len(self.gradient) or any(sp.expand(g - e) != 0 for g, e in zip(grads, self.gradient)):
            return failed("the certificate is for another gradient")
        boxed = [cp for cp in points if cp.enclosure is not None]
        if len(boxed) != len(points) - points.extra:
            return failed("a listed point has no enclosure")
        result = self.check(boxed, points.undecided)
        if not result:
            return result
        return run_check(check_kinds, obj, boxed, reason="a kind does not re-derive")


def check_points(points: CriticalPoints) -> CheckResult:
    """Re-verify ``points.certificate`` against ``points`` and its objective.

    Returns:
        :class:`CheckResult`: ``"verified"``, ``"failed"`` (no certificate, or a point
        dropped, added or moved, a kind that does not re-derive) or ``"not re-checked"``.
    """
    cert = points.certificate
    obj = points.objective
    if cert is None or obj is None:
        return failed("no certificate")
    verify = getattr(cert, "verify_points", None)
    if verify is None:
        return failed("the certificate cannot be re-checked")
    try:
        return as_result(verify(points))
    except BudgetExceeded as exc:
        return not_rechecked(exc)
    except CHECK_FAILURES as exc:
        return failed(f"the re-check failed ({type(exc).__name__})")


def check_kinds(obj: Objective, points: Sequence[CriticalPoint]) -> bool:
    """Definite kinds re-derived from an mpmath interval Hessian over each enclosure (or exactly)."""
    hess = rationalize(obj.hessian)
    n = obj.n
    H = [[hess[i, j] for j in range(n)] for i in range(n)]
    for cp in points:
        if cp.kind not in ("minimum", "maximum", "saddle"):
            continue
        kind, _, _ = _interval_kind(H, obj.variables, float_box(cp.enclosure))
        if kind == "inconclusive":
            if all(getattr(v, "is_Rational", False) for v in cp.point.values()):
                kind, _, _ = classify_hessian(hess.xreplace(cp.point))
                if kind == "inconclusive" and n == 1:
                    continue  # decided by the exact higher-order test, re-run below
                if kind == "inconclusive":
                    kind, _ = higher_order_nd(rationalize(obj.expr), obj.variables, cp.point, "")
            else:
                continue
        if kind != cp.kind and not (n == 1 and kind == "inconclusive"):
            return False
    return True


def _check_interval(cert: IntervalCertificate, points: list, undecided: list) -> bool:
    variables = list(cert.variables)
    grad, hess = cert.gradient, cert.hessian
    leaves: list[Box] = []
    n_undecided = 0
    stack = [(cert.tree, cert.box)]
    while stack:
        node, X = stack.pop()
        tag = node[0]
        if tag == "split":
            _, axis, at, left, right = node
            lo, hi = X[axis]
            if not lo < at < hi:
                return False
            a, b = children(X, axis, at)
            stack += [(left, a), (right, b)]
        elif tag == "contract":
            _, C, child = node
            K = krawczyk(grad, hess, variables, X)
            if K is None or any(not (lo <= c_lo <= c_hi <= hi) for (c_lo, c_hi), (lo, hi) in zip(C, X)):
                return False
            # every zero in X lies in K(X) ∩ X, which must lie in C
            if any(c_lo > max(lower_float(k), lo) or c_hi < min(upper_float(k), hi)
                   for k, (c_lo, c_hi), (lo, hi) in zip(K, C, X)):
                return False
            stack.append((child, C))
        elif tag == "none":
            env = box_env(variables, X)
            if node[1] >= 0:
                e = enclosure(grad[node[1]], env)
                if not (lower_float(e) > 0 or upper_float(e) < 0):
                    return False
            else:
                K = krawczyk(grad, hess, variables, X)
                if K is None or not disjoint(K, X):
                    return False
        elif tag == "unique":
            K = krawczyk(grad, hess, variables, X)
            if K is None or not inside(K, X, strict=True):
                return False
            leaves.append(X)
        elif tag == "undecided":
            n_undecided += 1
        else:
            return False
    if n_undecided != len(undecided) or len(points) != len(leaves):
        return False
    used: set = set()
    for cp in points:
        E = float_box(cp.enclosure)
        K = krawczyk(grad, hess, variables, E)
        if K is None or not inside(K, E, strict=False):
            return False  # no proof of a zero in the enclosure
        owner = [k for k, X in enumerate(leaves) if all(xl <= el and eh <= xh for (xl, xh), (el, eh) in zip(X, E))]
        if len(owner) != 1 or owner[0] in used:
            return False
        used.add(owner[0])
    return True
