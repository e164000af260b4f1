r"""Verdicts and the evidence behind them, each re-checkable on its own.

A :class:`Verdict` says whether a property (``"convex"``, ``"concave"``,
``"strictly convex"``, ``"strongly convex"``, ``"L-smooth"``) was ``proved``,
``refuted`` or is ``unknown``.  A proof carries :class:`Evidence` objects and a
refutation carries a :class:`Witness`; :meth:`Verdict.check` re-verifies them
with the small checkers in this module, which know nothing of the search that
produced them:

* :class:`LDLFactorization`: :math:`H = L D L^\top` with exact entries and
  :math:`D \succeq 0` (so :math:`H \succeq 0`);
* :class:`Nonnegative`: ``expr >= 0`` on a box, through an identity
  ``expr == form`` (checked by expansion) and an interval enclosure of ``form``,
  a univariate root count (Sturm), or a branch-and-bound cover of the box;
* :class:`PrincipalMinors`: every principal minor of a Hessian is
  nonnegative, hence the Hessian is positive semidefinite;
* :class:`IntervalHessianCover`: sub-boxes covering a box, on each of which the
  interval Hessian is diagonally dominant or passes interval Cholesky;
* :class:`DCPStep`: a composition-rule proof tree (CVXPY's DCP rules);
* :class:`Reduction`: a property reduced to convexity of a related function
  (``-f`` for concavity, ``f - m/2 ||x||^2`` for m-strong convexity, ...);
* :class:`JensenWitness` and :class:`LipschitzWitness`: exact rational points
  where the defining inequality fails (or holds with equality), checked in
  exact arithmetic or by a rigorous interval enclosure.

    >>> import sympy as sp
    >>> ev = LDLFactorization.of(sp.Matrix([[2, 1], [1, 2]]))
    >>> ev.D, ev.check()
    ((2, 3/2), True)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import sympy as sp

from . import _interval as ivl
from .domain import Box
from .parse import as_expression

__all__ = [
    "Verdict",
    "Evidence",
    "Witness",
    "LDLFactorization",
    "Nonnegative",
    "PrincipalMinors",
    "IntervalHessianCover",
    "Definedness",
    "HessianCertificate",
    "DiagonalPSD",
    "Separable",
    "DCPStep",
    "Reduction",
    "StrictFromAnalyticity",
    "JensenWitness",
    "LipschitzWitness",
    "prove_sign",
    "defined_on",
    "NONSMOOTH",
    "STATUSES",
]

STATUSES = ("proved", "refuted", "unknown")

#: Functions whose presence makes an expression non-smooth (Hessian arguments do not apply).
NONSMOOTH = (sp.Abs, sp.Max, sp.Min, sp.sign, sp.Heaviside, sp.floor, sp.ceiling, sp.Piecewise, sp.DiracDelta)

_PRECISION = 160  # bits used by checkers (the search uses fewer)


# ----------------------------------------------------------------------------- helpers


def _is_zero_identity(a: sp.Expr, b: sp.Expr) -> bool:
    """``a == b`` as an identity, decided by expansion (exact; False when unsure)."""
    diff = sp.expand(a - b)
    if diff == 0:
        return True
    try:
        return sp.cancel(sp.together(diff)) == 0
    except (sp.PolynomialError, TypeError, ValueError):
        return False


def prove_sign(expr: sp.Expr, box: Box, relation: str) -> str | None:
    """Prove ``expr (relation) 0`` on the box; returns how, or ``None``.

    ``relation`` is one of ``">=0"``, ``">0"``, ``"<=0"``, ``"<0"``.  Two sound
    methods are tried: SymPy's assumptions after writing half-line variables
    through signed dummies (``x > 0`` becomes a positive symbol), and a
    rigorous interval enclosure over the closed box.
    """
    expr = as_expression(expr)  # text is parsed, never evaluated
    how = _affine_sign(expr, box, relation)
    if how is not None:
        return how
    how = _sign_once(expr, box, relation)
    if how is not None or expr.is_polynomial(*box.variables):
        return how
    try:
        other = sp.together(expr)
    except (TypeError, ValueError, sp.PolynomialError, RecursionError):
        return None
    if other != expr:
        how = _sign_once(other, box, relation)
        return None if how is None else how + " (after sympy.together)"
    return None


def value_at(expr: sp.Expr, point: dict) -> sp.Expr:
    """``expr`` at an exact point, or ``nan`` where it has no value there.

    SymPy raises instead of answering for some undefined values
    (``Min(0, zoo)``: "The argument 'zoo' is not comparable"); a witness at such
    a point must fail its check, not crash it.

        >>> import sympy as sp
        >>> x = sp.Symbol("x", real=True)
        >>> value_at(sp.Min(x, 1/x), {x: 0})
        nan
        >>> value_at(sp.Min(x, 1/x), {x: 2})
        1/2
    """
    try:
        return expr.xreplace(point)
    except (ValueError, TypeError, ZeroDivisionError):
        return sp.nan


def _sign_once(expr: sp.Expr, box: Box, relation: str) -> str | None:
    attr = {">=0": "is_nonnegative", ">0": "is_positive", "<=0": "is_nonpositive", "<0": "is_negative"}[relation]
    try:
        sub = box.assumptions_substitution()
        if getattr(expr.xreplace(sub) if sub else expr, attr) is True:
            return "SymPy assumptions on the domain"
    except (TypeError, ValueError, AttributeError, RecursionError):
        pass
    try:
        r = ivl.enclose(expr, box.intervals(), prec=_PRECISION)
    except (ivl.Undefined, ArithmeticError, ValueError, TypeError):
        return None
    lo, hi = ivl.lower(r), ivl.upper(r)
    ok = {">=0": lo >= 0, ">0": lo > 0, "<=0": hi <= 0, "<0": hi < 0}[relation]
    return f"interval enclosure [{_fmt(lo)}, {_fmt(hi)}] over the domain" if ok else None


def _affine_sign(expr: sp.Expr, box: Box, relation: str) -> str | None:
    """Exact sign of an affine function with rational coefficients on a box (strict bounds respected).

    ``g = c0 + sum c_i x_i`` attains its infimum over the closure at a corner;
    ``g > 0`` holds when that infimum is positive, or is 0 and some ``x_i``
    with ``c_i != 0`` never reaches its minimising bound (a strict bound).
    """
    vs = box.variables
    if not expr.is_polynomial(*vs):
        return None
    try:
        p = sp.Poly(expr, *vs)
    except sp.PolynomialError:
        return None
    if p.total_degree() > 1 or any(not c.is_Rational for c in p.coeffs()):
        return None
    g = expr if relation in (">=0", ">0") else -expr
    strict_wanted = relation in (">0", "<0")
    total = g.xreplace({v: 0 for v in vs})
    strict_somewhere = False
    for v, b in zip(vs, box.bounds):
        c = sp.diff(g, v)
        if c == 0:
            continue
        bound, strict = (b.lo, b.lo_strict) if c > 0 else (b.hi, b.hi_strict)
        if bound in (sp.oo, -sp.oo) or not bound.is_Rational:
            return None
        total += c * bound
        strict_somewhere = strict_somewhere or strict
    if total > 0 or (total == 0 and (not strict_wanted or strict_somewhere)):
        return "exact minimum of an affine function over the box"
    return None


def _fmt(v: Any) -> str:
    try:
        return f"{float(v):.6g}"
    except (TypeError, ValueError, OverflowError):
        return str(v)


def defined_on(expr: sp.Expr, box: Box) -> str | None:
    """Why ``expr`` is finite everywhere on the box, or ``None`` when that is not proved.

    Every logarithm needs a positive argument, every fractional power a
    nonnegative base (positive for negative exponents), every negative power a
    base that keeps one strict sign; only functions defined on all of R are
    allowed otherwise.
    """
    total = (sp.exp, sp.sin, sp.cos, sp.sinh, sp.cosh, sp.tanh, sp.atan, sp.Abs, sp.Max, sp.Min, sp.asinh)
    for node in sp.preorder_traversal(expr):
        if node.is_Atom or node.is_Add or node.is_Mul:
            continue
        if isinstance(node, total):
            continue
        if isinstance(node, sp.log):
            if prove_sign(node.args[0], box, ">0") is None:
                return None
            continue
        if node.is_Pow:
            base, e = node.args
            if base is sp.E or (e.is_Integer and e >= 0):
                continue
            if base.is_number and base.is_positive:
                continue
            if e.is_Integer:
                if prove_sign(base, box, ">0") is None and prove_sign(base, box, "<0") is None:
                    return None
                continue
            if e.is_Rational and e > 0:
                if prove_sign(base, box, ">=0") is None:
                    return None
                continue
            if prove_sign(base, box, ">0") is None:
                return None
            continue
        return None
    return "every logarithm, root and quotient has a valid argument on the domain"


def is_smooth(expr: sp.Expr) -> bool:
    """No non-smooth function (abs, max, min, sign, ...) occurs in ``expr``."""
    return not expr.has(*NONSMOOTH)


def twice_differentiable(f: sp.Expr, variables: Sequence[sp.Symbol], box: Box) -> bool:
    """``f`` is defined on the box and twice continuously differentiable on its interior.

    No non-smooth function occurs, ``f`` is defined on the box, and every
    Hessian entry is defined on the interior (so no singular point hides inside).
    """
    if not is_smooth(f) or defined_on(f, box) is None:
        return False
    inner = box.interior()
    H = sp.hessian(f, list(variables))
    return all(defined_on(H[i, j], inner) is not None for i in range(H.shape[0]) for j in range(i, H.shape[0]))


def certifies_convex(ev: "Evidence", g: sp.Expr) -> bool:
    """``ev`` is (structurally) a convexity certificate for exactly ``g``; run ``ev.check()`` too."""
    if isinstance(ev, DCPStep):
        return ev.curvature in ("convex", "affine", "constant") and _is_zero_identity(ev.expr, g)
    if isinstance(ev, HessianCertificate):
        return _is_zero_identity(ev.f, g)
    return False


def certifies_strict(ev: "Evidence", g: sp.Expr) -> bool:
    """``ev`` is (structurally) a strict-convexity certificate for exactly ``g``."""
    if isinstance(ev, HessianCertificate):
        return ev.strict and _is_zero_identity(ev.f, g)
    if isinstance(ev, (StrictFromAnalyticity, Separable)):
        return _is_zero_identity(ev.f, g)
    return False


def _rat(v: Any) -> sp.Rational:
    v = as_expression(v)  # a witness coordinate given as text is parsed, never evaluated
    if not v.is_Rational:
        raise ValueError(f"{v} is not rational")
    return v


def _gap_sign(gap: sp.Expr) -> tuple[int | None, str]:
    """Sign of a constant expression: exact for rationals, else by interval enclosure."""
    gap = sp.sympify(gap)
    if gap.is_Rational:
        return (0 if gap == 0 else (1 if gap > 0 else -1)), "exact rational arithmetic"
    try:
        r = ivl.enclose(gap, {}, prec=_PRECISION)
    except (ivl.Undefined, ArithmeticError, ValueError, TypeError):
        return None, "could not enclose"
    if ivl.lower(r) > 0:
        return 1, f"interval enclosure at {_PRECISION} bits"
    if ivl.upper(r) < 0:
        return -1, f"interval enclosure at {_PRECISION} bits"
    return None, "enclosure contains 0"


# ----------------------------------------------------------------------------- evidence


class Evidence:
    """Base class of proof objects: ``check()`` re-verifies, ``summary()`` describes."""

    def check(self) -> bool:  # pragma: no cover - overridden
        return False

    def summary(self) -> str:  # pragma: no cover - overridden
        return type(self).__name__

    def to_json(self) -> dict:
        return {"kind": type(self).__name__, "summary": self.summary()}


@dataclass(frozen=True)
class LDLFactorization(Evidence):
    r"""Exact :math:`H = L D L^\top` with unit lower-triangular ``L`` and diagonal ``D``.

    ``H`` is positive semidefinite exactly when every ``D[k] >= 0`` (positive
    definite when every ``D[k] > 0``); zero pivots are allowed only with a zero
    column below them (else ``H`` is indefinite and no factorisation exists).

    Attributes:
        H: the symmetric matrix (constant entries).
        L: unit lower-triangular factor.
        D: the pivots.
        sign: ``+1`` for a PSD claim, ``-1`` for an NSD claim (``D[k] <= 0``).
    """

    H: sp.Matrix
    L: sp.Matrix
    D: tuple
    sign: int = 1

    @staticmethod
    def of(H: sp.Matrix) -> "LDLFactorization":
        """Factor ``H`` (symmetric, constant) exactly.

        Raises:
            ValueError: ``H`` is not semidefinite of one sign (the message holds a
                direction ``v`` with ``v^T H v`` of the wrong sign in ``.args[1]``).
        """
        H = sp.Matrix(H)
        n = H.shape[0]
        for sign in (1, -1):
            A = H * sign
            L = sp.eye(n)
            D: list[sp.Expr] = []
            W = sp.Matrix(A)
            ok = True
            for k in range(n):
                d = W[k, k]
                s = _const_sign(d)
                if s is None:
                    ok = False
                    break
                if s < 0:
                    ok = False
                    break
                if s == 0:
                    if any(_const_sign(W[i, k]) != 0 for i in range(k + 1, n)):
                        ok = False
                        break
                    D.append(sp.S.Zero)
                    continue
                D.append(d)
                for i in range(k + 1, n):
                    L[i, k] = sp.nsimplify(W[i, k] / d) if (W[i, k] / d).is_Rational else W[i, k] / d
                for i in range(k + 1, n):
                    for j in range(k + 1, n):
                        W[i, j] = W[i, j] - L[i, k] * d * L[j, k]
            if ok:
                return LDLFactorization(H, L, tuple(sp.sympify(d) * sign for d in D) if sign == 1 else tuple(-d for d in D), sign)
        raise ValueError("matrix is not semidefinite", negative_direction(H))

    @property
    def definite(self) -> bool:
        """All pivots nonzero (H definite)."""
        return all(d != 0 for d in self.D)

    def check(self) -> bool:
        n = self.H.shape[0]
        if self.L.shape != (n, n) or len(self.D) != n:
            return False
        for i in range(n):
            if self.L[i, i] != 1 or any(self.L[i, j] != 0 for j in range(i + 1, n)):
                return False
        product = self.L * sp.diag(*self.D) * self.L.T
        if not all(_is_zero_identity(product[i, j], self.H[i, j]) for i in range(n) for j in range(n)):
            return False
        for d in self.D:
            s = _const_sign(d)
            if s is None or s * self.sign < 0:
                return False
        return True

    def summary(self) -> str:
        kind = ("PD" if self.definite else "PSD") if self.sign > 0 else ("ND" if self.definite else "NSD")
        return f"exact LDL^T factorisation with pivots D = {list(self.D)} ({kind})"

    def to_json(self) -> dict:
        return {"kind": "LDLFactorization", "summary": self.summary(), "D": [str(d) for d in self.D],
                "L": [[str(v) for v in row] for row in self.L.tolist()]}


def _const_sign(d: sp.Expr) -> int | None:
    d = sp.sympify(d)
    if d.free_symbols:
        return None
    if d.is_Rational:
        return 0 if d == 0 else (1 if d > 0 else -1)
    if sp.expand(d) == 0:
        return 0
    s, _ = _gap_sign(d)
    return s


def negative_direction(H: sp.Matrix) -> sp.Matrix | None:
    """A rational vector ``v`` with ``v^T H v < 0`` for a constant symmetric ``H``, if one is found."""
    import numpy as np

    try:
        A = np.array(H.evalf(30).tolist(), dtype=float)
    except (TypeError, ValueError):
        return None
    lam, V = np.linalg.eigh(A)
    for k in range(len(lam)):
        if lam[k] >= 0:
            break
        for den in (1, 4, 16, 256, 4096):
            v = sp.Matrix([sp.Rational(round(c * den), den) for c in V[:, k]])
            if v == sp.zeros(len(v), 1):
                continue
            q = (v.T * H * v)[0, 0]
            if _const_sign(q) == -1:
                return v
    return None


@dataclass(frozen=True)
class Nonnegative(Evidence):
    """``expr >= 0`` (or ``> 0`` when ``strict``) on a box.

    Methods:

    * ``"assumptions"``: SymPy's assumptions on ``form`` with half-line
      variables written through signed dummies;
    * ``"enclosure"``: interval enclosure of ``form`` over the box;
    * ``"univariate"``: ``expr = odd * square**2``, where ``odd`` (the product
      of the odd-multiplicity factors) has no root inside the interval (Sturm
      count) and is positive at ``sample``;
    * ``"branch-and-bound"``: enclosures of ``form`` on sub-boxes that cover
      the box;
    * ``"sos"``: a sum-of-squares identity ``expr = m^T Q m`` with a vector of
      monomials ``m`` and an exact rational Gram matrix ``Q`` that has an
      exact PSD LDL^T factorisation (nonnegative on all of R^n).

    ``form`` equals ``expr`` identically (checked by expansion).
    """

    expr: sp.Expr
    box: Box
    method: str
    form: sp.Expr
    strict: bool = False
    data: tuple = ()

    def check(self) -> bool:
        if not _is_zero_identity(self.form, self.expr) and self.method != "univariate":
            return False
        rel = ">0" if self.strict else ">=0"
        if self.method in ("assumptions", "enclosure"):
            return prove_sign(self.form, self.box, rel) is not None
        if self.method == "univariate":
            return _check_univariate(self)
        if self.method == "sos":
            monomials, Q = self.data
            m = sp.Matrix(list(monomials))
            if Q.shape != (len(m), len(m)) or Q != Q.T or any(not q.is_Rational for q in Q):
                return False
            if not _is_zero_identity((m.T * Q * m)[0, 0], self.expr):
                return False
            try:
                ldl = LDLFactorization.of(Q)
            except ValueError:
                return False
            return ldl.sign > 0 and ldl.check() and (not self.strict)
        if self.method == "branch-and-bound":
            boxes = self.data
            if not _covers(boxes, self.box):
                return False
            for sub in boxes:
                try:
                    r = ivl.enclose(self.form, {v: (lo, hi) for v, (lo, hi) in zip(self.box.variables, sub)}, prec=_PRECISION)
                except (ivl.Undefined, ArithmeticError):
                    return False
                if not (ivl.lower(r) > 0 if self.strict else ivl.lower(r) >= 0):
                    return False
            return True
        return False

    def summary(self) -> str:
        extra = f" over {len(self.data)} sub-boxes" if self.method == "branch-and-bound" else ""
        return f"{self.expr} {'>' if self.strict else '>='} 0 on {self.box.describe()} by {self.method}{extra}"


def _check_univariate(ev: Nonnegative) -> bool:
    (x,) = ev.box.variables
    odd, root = ev.data
    if not _is_zero_identity(ev.expr, odd * root**2):
        return False
    b = ev.box.bound(x)
    poly = sp.Poly(odd, x)
    if poly.degree() > 0:
        lo = b.lo if b.lo is not -sp.oo else None
        hi = b.hi if b.hi is not sp.oo else None
        inside = poly.count_roots(lo, hi)
        at_ends = sum(1 for e in (lo, hi) if e is not None and poly.eval(e) == 0)
        if inside - at_ends != 0:
            return False
    sample = _interior_sample(b)
    value = poly.eval(sample) if poly.degree() > 0 else poly.LC()
    return value > 0 or (not ev.strict and value >= 0 and poly.degree() == 0)


def _interior_sample(b: Any) -> sp.Rational:
    lo, hi = b.lo, b.hi
    if lo is -sp.oo and hi is sp.oo:
        return sp.S.Zero
    if lo is -sp.oo:
        return sp.floor(hi) - 1
    if hi is sp.oo:
        return sp.ceiling(lo) + 1
    return sp.nsimplify((lo + hi) / 2) if ((lo + hi) / 2).is_Rational else sp.Rational(int(sp.floor((lo + hi) * 512)), 1024)


def _bisect_box(sub: tuple) -> tuple[tuple, tuple]:
    """Split a box at the midpoint of its widest side (first widest on ties)."""
    k = max(range(len(sub)), key=lambda i: (sub[i][1] - sub[i][0], -i))
    lo, hi = sub[k]
    mid = (lo + hi) / 2
    left, right = list(sub), list(sub)
    left[k] = (lo, mid)
    right[k] = (mid, hi)
    return tuple(left), tuple(right)


def _covers(boxes: Sequence[tuple], box: Box) -> bool:
    """The sub-boxes are the leaves of a bisection tree of ``box`` (so they cover it).

    A box is covered when it is one of the leaves, or both halves of its
    bisection are covered; a box that contains no leaf is not covered.
    """
    full = tuple((b.lo, b.hi) for b in box.bounds)
    if not all(lo.is_Rational and hi.is_Rational for lo, hi in full):
        return False
    leaves = {tuple((sp.Rational(lo), sp.Rational(hi)) for lo, hi in sub) for sub in boxes}

    def inside(a: tuple, b: tuple) -> bool:
        return all(blo <= alo and ahi <= bhi for (alo, ahi), (blo, bhi) in zip(a, b))

    def covered(root: tuple, depth: int) -> bool:
        if root in leaves:
            return True
        if depth > 64 or not any(inside(leaf, root) for leaf in leaves):
            return False
        left, right = _bisect_box(root)
        return covered(left, depth + 1) and covered(right, depth + 1)

    return covered(full, 0)


@dataclass(frozen=True)
class Definedness(Evidence):
    """``expr`` is finite everywhere on the box (see :func:`defined_on`)."""

    expr: sp.Expr
    box: Box

    def check(self) -> bool:
        return defined_on(self.expr, self.box) is not None

    def summary(self) -> str:
        return f"defined on {self.box.describe()}: logarithms, roots and quotients have valid arguments"


@dataclass(frozen=True)
class PrincipalMinors(Evidence):
    """Every principal minor of ``H`` is nonnegative on the box, so ``H`` is PSD there.

    Attributes:
        H: the Hessian (entries in the box's variables).
        minors: ``(indices, Nonnegative)`` for every nonempty index subset.
    """

    H: sp.Matrix
    minors: tuple

    def check(self) -> bool:
        n = self.H.shape[0]
        wanted = {c for k in range(1, n + 1) for c in itertools.combinations(range(n), k)}
        seen = {tuple(idx) for idx, _ in self.minors}
        if seen != wanted:
            return False
        for idx, ev in self.minors:
            det = self.H.extract(list(idx), list(idx)).det(method="berkowitz")
            if not _is_zero_identity(det, ev.expr):
                return False
            if not ev.check():
                return False
        return True

    def summary(self) -> str:
        return f"all {len(self.minors)} principal minors of the Hessian are >= 0"


@dataclass(frozen=True)
class DiagonalPSD(Evidence):
    """A diagonal matrix with every diagonal entry nonnegative on the box is PSD there.

    Attributes:
        H: the matrix; its off-diagonal entries must vanish identically.
        entries: one :class:`Nonnegative` per diagonal entry.
    """

    H: sp.Matrix
    entries: tuple
    strict: bool = False

    def check(self) -> bool:
        n = self.H.shape[0]
        if len(self.entries) != n:
            return False
        if any(sp.expand(self.H[i, j]) != 0 for i in range(n) for j in range(n) if i != j):
            return False
        for i, ev in enumerate(self.entries):
            if not isinstance(ev, Nonnegative) or not _is_zero_identity(ev.expr, self.H[i, i]):
                return False
            if self.strict and not ev.strict:
                return False
            if not ev.check():
                return False
        return True

    def summary(self) -> str:
        return f"diagonal Hessian with every entry {'>' if self.strict else '>='} 0: " + "; ".join(e.summary() for e in self.entries)


@dataclass(frozen=True)
class IntervalHessianCover(Evidence):
    """Sub-boxes covering the box; on each the interval Hessian is PSD.

    PSD of every symmetric matrix in an interval matrix follows from diagonal
    dominance (``lo(H_ii) >= sum_j max|H_ij|``) or from interval Cholesky
    succeeding with positive pivots (then every member is positive definite).
    """

    hessian: sp.Matrix
    box: Box
    boxes: tuple
    strict: bool = False

    def check(self) -> bool:
        if not _covers(self.boxes, self.box):
            return False
        for sub in self.boxes:
            env = {v: (lo, hi) for v, (lo, hi) in zip(self.box.variables, sub)}
            if not interval_psd(self.hessian, env, strict=self.strict, prec=_PRECISION):
                return False
        return True

    def summary(self) -> str:
        return f"interval Hessian PSD on each of {len(self.boxes)} sub-boxes covering {self.box.describe()}"


def interval_psd(H: sp.Matrix, env: Mapping, strict: bool = False, prec: int = 53) -> bool:
    """Every symmetric matrix in the interval enclosure of ``H`` over ``env`` is PSD (PD if strict)."""
    n = H.shape[0]
    try:
        M = [[ivl.enclose(H[i, j], env, prec=prec) for j in range(n)] for i in range(n)]
    except (ivl.Undefined, ArithmeticError):
        return False
    with ivl.precision(prec):
        dominant = True
        for i in range(n):
            off = sum((max(abs(ivl.lower(M[i][j])), abs(ivl.upper(M[i][j]))) for j in range(n) if j != i), 0)
            if not (ivl.lower(M[i][i]) - off > 0 if strict else ivl.lower(M[i][i]) - off >= 0):
                dominant = False
                break
        if dominant:
            return True
        # interval Cholesky: success with positive pivots proves every member PD
        from mpmath import iv

        A = [[M[i][j] for j in range(n)] for i in range(n)]
        for k in range(n):
            piv = A[k][k]
            if not ivl.lower(piv) > 0:
                return False
            for i in range(k + 1, n):
                for j in range(k + 1, n):
                    A[i][j] = A[i][j] - A[i][k] * A[k][j] / piv
        del iv
        return True


@dataclass(frozen=True)
class HessianCertificate(Evidence):
    """``f`` is twice differentiable on the box and its Hessian is PSD there (PD when ``strict``).

    Ties the matrix evidence to ``f``: the checker recomputes the Hessian of
    ``f``, checks that ``f`` uses no non-smooth function and is defined on the
    box, and that ``inner`` (an :class:`LDLFactorization`, a 1x1
    :class:`Nonnegative`, :class:`PrincipalMinors` or an
    :class:`IntervalHessianCover`) is about exactly that matrix.  A function
    that is continuous on a convex set and has a PSD Hessian on its interior is
    convex there (D2L 11.2, "Derivatives and Convexity"); a PD Hessian gives
    strict convexity.
    """

    f: sp.Expr
    variables: tuple
    box: Box
    inner: Evidence
    strict: bool = False

    def check(self) -> bool:
        if not twice_differentiable(self.f, self.variables, self.box):
            return False
        H = sp.hessian(self.f, self.variables)
        inner = self.inner
        if isinstance(inner, LDLFactorization):
            same = all(_is_zero_identity(H[i, j], inner.H[i, j]) for i in range(H.shape[0]) for j in range(H.shape[0]))
            ok = same and inner.sign > 0 and (inner.definite or not self.strict)
        elif isinstance(inner, Nonnegative):
            ok = H.shape == (1, 1) and _is_zero_identity(H[0, 0], inner.expr) and (inner.strict or not self.strict)
            ok = ok and inner.box == self.box
        elif isinstance(inner, DiagonalPSD):
            ok = ((inner.strict or not self.strict)
                  and all(_is_zero_identity(H[i, j], inner.H[i, j]) for i in range(H.shape[0]) for j in range(H.shape[0]))
                  and all(ev.box == self.box for ev in inner.entries))
        elif isinstance(inner, PrincipalMinors):
            ok = not self.strict and all(_is_zero_identity(H[i, j], inner.H[i, j]) for i in range(H.shape[0]) for j in range(H.shape[0]))
        elif isinstance(inner, IntervalHessianCover):
            ok = (inner.box == self.box and (inner.strict or not self.strict)
                  and all(_is_zero_identity(H[i, j], inner.hessian[i, j]) for i in range(H.shape[0]) for j in range(H.shape[0])))
        else:
            ok = False
        return ok and inner.check()

    def summary(self) -> str:
        what = "positive definite" if self.strict else "positive semidefinite"
        return f"Hessian {what} on {self.box.describe()}: {self.inner.summary()}"

    def to_json(self) -> dict:
        return {"kind": "HessianCertificate", "summary": self.summary(), "inner": self.inner.to_json()}


# ----------------------------------------------------------------------------- DCP


CURVATURES = ("constant", "affine", "convex", "concave", "unknown")


@dataclass(frozen=True)
class DCPStep(Evidence):
    """One node of a composition-rule (DCP) proof tree.

    Attributes:
        expr: the subexpression.
        curvature: what the rule concludes for it.
        rule: the rule's name (``"sum"``, ``"scale"``, ``"exp"``, ``"power"``,
            ``"log-sum-exp"``, ``"quadratic"``, ...).
        children: proofs for the arguments the rule uses.
        facts: ``(expr, relation)`` sign facts the rule needs (``(x, ">0")``).
        box: the domain.
        extra: more evidence the rule relies on (an LDL factorisation).
    """

    expr: sp.Expr
    curvature: str
    rule: str
    children: tuple = ()
    facts: tuple = ()
    box: Box | None = None
    extra: tuple = ()

    def check(self) -> bool:
        from ._dcp import conclude

        for child in self.children:
            if not child.check():
                return False
        for e, rel in self.facts:
            if prove_sign(e, self.box, rel) is None:
                return False
        for ev in self.extra:
            if not ev.check():
                return False
        try:
            return conclude(self.expr, self.rule, self.children, self.facts, self.box, self.extra) == self.curvature
        except (ValueError, TypeError):
            return False

    def summary(self) -> str:
        return f"composition rules (DCP): {self.expr} is {self.curvature} by rule '{self.rule}'"

    def tree(self, indent: int = 0) -> str:
        """The proof tree as indented text."""
        facts = "" if not self.facts else "  [" + ", ".join(f"{e} {r[:-1]} 0" for e, r in self.facts) + "]"
        lines = [f"{'  ' * indent}{self.expr}: {self.curvature} ({self.rule}){facts}"]
        for child in self.children:
            lines.append(child.tree(indent + 1))
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {"kind": "DCPStep", "expr": str(self.expr), "curvature": self.curvature, "rule": self.rule,
                "facts": [f"{e} {r[:-1]} 0" for e, r in self.facts],
                "children": [c.to_json() for c in self.children]}


# ----------------------------------------------------------------------------- reductions


@dataclass(frozen=True)
class Reduction(Evidence):
    """A property of ``f`` reduced to convexity of ``g`` (each with its own evidence).

    Attributes:
        description: the mathematical reduction in words.
        f: the original expression.
        targets: ``(g, evidence...)`` pairs; ``g`` must equal the stated
            transformation of ``f`` (``transform``).
        transform: ``"negate"`` (g = -f), ``"strong"`` (g = f - m/2 ||x||^2),
            ``"smooth-upper"`` / ``"smooth-lower"`` (g = L/2 ||x||^2 -+ f).
        parameter: ``m`` or ``L``.
        variables: the variables.
    """

    description: str
    f: sp.Expr
    targets: tuple
    transform: tuple
    parameter: sp.Expr | None = None
    variables: tuple = ()
    box: Box | None = None

    def check(self) -> bool:
        sq = sp.Add(*[v**2 for v in self.variables])
        for (g, evs), how in zip(self.targets, self.transform):
            expected = {
                "negate": -self.f,
                "strong": self.f - self.parameter / 2 * sq if self.parameter is not None else None,
                "smooth-upper": self.parameter / 2 * sq - self.f if self.parameter is not None else None,
                "smooth-lower": self.f + self.parameter / 2 * sq if self.parameter is not None else None,
                "same": self.f,
            }.get(how)
            if expected is None or not _is_zero_identity(expected, g):
                return False
            if not evs or not all(certifies_convex(ev, g) and ev.check() for ev in evs):
                return False
        if any(h.startswith("smooth") for h in self.transform):
            if self.transform != ("smooth-upper", "smooth-lower"):
                return False
            if not twice_differentiable(self.f, self.variables, self.box):
                return False
        return len(self.targets) == len(self.transform) and len(self.targets) > 0

    def summary(self) -> str:
        inner = "; ".join(ev.summary() for _, evs in self.targets for ev in evs)
        return f"{self.description}: {inner}"

    def to_json(self) -> dict:
        return {"kind": "Reduction", "summary": self.description,
                "targets": [{"g": str(g), "evidence": [ev.to_json() for ev in evs]} for g, evs in self.targets]}


@dataclass(frozen=True)
class StrictFromAnalyticity(Evidence):
    """A convex, real-analytic function of one variable with ``f''`` not identically 0 is strictly convex.

    ``f''`` is analytic on the interval, so its zeros are isolated when it is
    not identically zero (shown by an exact point ``at`` where ``f'' != 0``);
    ``f'`` is then strictly increasing.

    Attributes:
        f: the function.
        variable: its variable.
        at: a rational point in the domain with ``f''(at) != 0``.
        convexity: evidence that ``f`` is convex there.
    """

    f: sp.Expr
    variable: sp.Symbol
    at: sp.Rational
    box: Box
    convexity: tuple

    def check(self) -> bool:
        allowed = (sp.exp, sp.log, sp.sin, sp.cos, sp.sinh, sp.cosh, sp.tanh, sp.atan, sp.asinh)
        for node in sp.preorder_traversal(self.f):
            if node.is_Atom or node.is_Add or node.is_Mul or node.is_Pow or isinstance(node, allowed):
                continue
            return False
        if not self.box.contains({self.variable: self.at}):
            return False
        if self.box.variables != (self.variable,) or not twice_differentiable(self.f, (self.variable,), self.box):
            return False
        d2 = value_at(sp.diff(self.f, self.variable, 2), {self.variable: self.at})
        s, _ = _gap_sign(d2)
        return (s is not None and s != 0 and bool(self.convexity)
                and all(certifies_convex(ev, self.f) and ev.check() for ev in self.convexity))

    def summary(self) -> str:
        return f"convex and analytic with f''({self.at}) != 0, so f'' vanishes only at isolated points"


@dataclass(frozen=True)
class Separable(Evidence):
    """``f = sum_j f_j`` over disjoint groups of variables, each part strictly convex in its group."""

    f: sp.Expr
    parts: tuple  # (expr, variables, evidence tuple)
    variables: tuple = ()

    def check(self) -> bool:
        if not _is_zero_identity(sp.Add(*[p for p, _, _ in self.parts]), self.f):
            return False
        seen: set = set()
        for p, vs, evs in self.parts:
            if set(vs) & seen or not p.free_symbols <= set(vs):
                return False
            seen |= set(vs)
            if not evs or not all(certifies_strict(ev, p) and ev.check() for ev in evs):
                return False
        return seen == set(self.variables) and len(self.parts) > 1

    def summary(self) -> str:
        return f"separable sum of {len(self.parts)} strictly convex parts in disjoint variables"


# ----------------------------------------------------------------------------- witnesses


class Witness(Evidence):
    """Base class of counterexamples."""


@dataclass(frozen=True)
class JensenWitness(Witness):
    r"""Exact points where Jensen's inequality fails for ``expr``.

    With :math:`m = \theta x + (1-\theta) y` the gap is
    :math:`f(m) - \theta f(x) - (1-\theta) f(y)`.  ``kind="strict"`` claims
    gap > 0 (so ``expr`` is not convex); ``kind="equality"`` claims gap >= 0 with
    ``x != y`` (so ``expr`` is not strictly convex).
    """

    expr: sp.Expr
    variables: tuple
    x: tuple
    y: tuple
    theta: sp.Rational
    box: Box
    kind: str = "strict"

    def gap(self) -> sp.Expr:
        """The exact gap as a SymPy constant."""
        t = self.theta
        mid = {v: t * a + (1 - t) * b for v, a, b in zip(self.variables, self.x, self.y)}
        fx = value_at(self.expr, dict(zip(self.variables, self.x)))
        fy = value_at(self.expr, dict(zip(self.variables, self.y)))
        return value_at(self.expr, mid) - t * fx - (1 - t) * fy

    def check(self) -> bool:
        try:
            xs = [_rat(c) for c in self.x]
            ys = [_rat(c) for c in self.y]
            t = _rat(self.theta)
        except ValueError:
            return False
        if not (0 < t < 1) or xs == ys:
            return False
        if not self.box.contains(dict(zip(self.variables, xs))) or not self.box.contains(dict(zip(self.variables, ys))):
            return False
        for pt in (xs, ys):
            if value_at(self.expr, dict(zip(self.variables, pt))).has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I):
                return False
        s, _ = _gap_sign(self.gap())
        if self.kind == "strict":
            return s == 1
        return s is not None and s >= 0

    def summary(self) -> str:
        rel = ">" if self.kind == "strict" else ">="
        return (f"Jensen witness: f({self.theta}*x + {1 - self.theta}*y) {rel} {self.theta}*f(x) + {1 - self.theta}*f(y) "
                f"at x = {list(self.x)}, y = {list(self.y)}")

    def to_json(self) -> dict:
        g = self.gap()
        try:
            gap = float(g.evalf(20))
        except (TypeError, ValueError):
            gap = None
        return {"kind": "JensenWitness", "x": [str(c) for c in self.x], "y": [str(c) for c in self.y],
                "theta": str(self.theta), "function": str(self.expr), "gap": gap, "claim": self.kind}


@dataclass(frozen=True)
class LipschitzWitness(Witness):
    r"""Exact points with :math:`\|\nabla f(x) - \nabla f(y)\|^2 > L^2 \|x - y\|^2` (not L-smooth)."""

    expr: sp.Expr
    variables: tuple
    x: tuple
    y: tuple
    L: sp.Expr
    box: Box

    def gap(self) -> sp.Expr:
        grad = [sp.diff(self.expr, v) for v in self.variables]
        gx = [value_at(g, dict(zip(self.variables, self.x))) for g in grad]
        gy = [value_at(g, dict(zip(self.variables, self.y))) for g in grad]
        return sum((a - b) ** 2 for a, b in zip(gx, gy)) - self.L**2 * sum((a - b) ** 2 for a, b in zip(self.x, self.y))

    def check(self) -> bool:
        try:
            xs = [_rat(c) for c in self.x]
            ys = [_rat(c) for c in self.y]
        except ValueError:
            return False
        if xs == ys or not self.box.contains(dict(zip(self.variables, xs))) or not self.box.contains(dict(zip(self.variables, ys))):
            return False
        s, _ = _gap_sign(self.gap())
        return s == 1

    def summary(self) -> str:
        return f"||grad f(x) - grad f(y)|| > {self.L} ||x - y|| at x = {list(self.x)}, y = {list(self.y)}"

    def to_json(self) -> dict:
        return {"kind": "LipschitzWitness", "x": [str(c) for c in self.x], "y": [str(c) for c in self.y], "L": str(self.L)}


# ----------------------------------------------------------------------------- verdict


@dataclass(frozen=True)
class Verdict:
    """The answer to "is ``expr`` <property> on ``domain``?".

    Attributes:
        status: ``"proved"``, ``"refuted"`` or ``"unknown"``.
        property: ``"convex"``, ``"strictly convex"``, ``"strongly convex"``,
            ``"concave"`` or ``"L-smooth"``.
        expr: the objective.
        variables: its variables.
        domain: the :class:`~symopt.domain.Box` asked about.
        evidence: proof objects (for ``proved``).
        reason: one line saying how it was decided, or why it was not.
        witness: the counterexample (for ``refuted``).
        parameter: the strong-convexity modulus ``m`` or smoothness constant ``L``.

    ``bool(verdict)`` raises ``TypeError``: compare ``verdict.status`` instead.
    """

    status: str
    property: str
    expr: sp.Expr
    variables: tuple
    domain: Box
    evidence: tuple = ()
    reason: str = ""
    witness: Witness | None = None
    parameter: sp.Expr | None = None
    notes: tuple = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}")
        if self.status == "proved" and not self.evidence:
            raise ValueError("a proved verdict needs evidence")
        if self.status == "refuted" and self.witness is None:
            raise ValueError("a refuted verdict needs a witness")

    def __bool__(self) -> bool:
        raise TypeError("a Verdict is not a bool (it may be 'unknown'); compare verdict.status == 'proved'")

    @property
    def proved(self) -> bool:
        """``status == "proved"``."""
        return self.status == "proved"

    @property
    def refuted(self) -> bool:
        """``status == "refuted"``."""
        return self.status == "refuted"

    def check(self) -> bool:
        """Re-verify the evidence (proved) or the witness (refuted); ``True`` for unknown (nothing claimed).

        Besides each object's own check, the evidence must be about this
        verdict's expression and property (a convexity proof of ``-f`` for
        "concave", of ``f - m/2 ||x||^2`` for "strongly convex", ...).
        """
        if self.status == "proved":
            return bool(self.evidence) and all(self._matches(ev) and ev.check() for ev in self.evidence)
        if self.status == "refuted":
            return self.witness is not None and self._witness_matches() and self.witness.check()
        return True

    def _targets(self) -> list[sp.Expr]:
        sq = sp.Add(*[v**2 for v in self.variables])
        f, p = self.expr, self.parameter
        if self.property == "concave":
            return [-f]
        if self.property == "strongly convex" and p is not None:
            return [f - p / 2 * sq]
        if self.property == "L-smooth" and p is not None:
            return [p / 2 * sq - f, f + p / 2 * sq]
        return [f]

    def _matches(self, ev: Evidence) -> bool:
        f, prop, p = self.expr, self.property, self.parameter
        if getattr(ev, "box", self.domain) != self.domain:
            return False
        if prop == "convex":
            return certifies_convex(ev, f)
        if prop == "strictly convex":
            return certifies_strict(ev, f)
        if not isinstance(ev, Reduction) or not _is_zero_identity(ev.f, f) or tuple(ev.variables) != tuple(self.variables):
            return False
        wanted = {"concave": ("negate",), "strongly convex": ("strong",), "L-smooth": ("smooth-upper", "smooth-lower")}[prop]
        return ev.transform == wanted and (prop == "concave" or (p is not None and ev.parameter == p))

    def _witness_matches(self) -> bool:
        w = self.witness
        if getattr(w, "box", None) != self.domain or tuple(getattr(w, "variables", ())) != tuple(self.variables):
            return False
        if isinstance(w, LipschitzWitness):
            return self.property == "L-smooth" and _is_zero_identity(w.expr, self.expr) and w.L == self.parameter
        if not isinstance(w, JensenWitness):
            return False
        if self.property in ("strictly convex", "strongly convex") and self.parameter is None:
            return _is_zero_identity(w.expr, self.expr)
        if w.kind != "strict":
            return False
        return any(_is_zero_identity(w.expr, t) for t in self._targets())

    def explain(self) -> str:
        """A few lines of text: the verdict, the reason, the evidence or witness."""
        what = self.property + (f" (parameter {self.parameter})" if self.parameter is not None else "")
        lines = [f"{self.expr} on {self.domain.describe()}: {what}: {self.status}", f"  reason: {self.reason}"]
        for ev in self.evidence:
            lines.append(f"  evidence: {ev.summary()}")
            if isinstance(ev, DCPStep):
                lines.append(ev.tree(2))
        if self.witness is not None:
            lines.append(f"  witness: {self.witness.summary()}")
        return "\n".join(lines)

    def to_json(self) -> dict:
        """A JSON-ready dict with keys ``status``, ``property``, ``reason``, ``witness``, ``evidence``, ..."""
        return {
            "status": self.status,
            "property": self.property,
            "reason": self.reason,
            "witness": None if self.witness is None else self.witness.to_json(),
            "evidence": [ev.to_json() for ev in self.evidence],
            "parameter": None if self.parameter is None else str(self.parameter),
            "domain": self.domain.describe(),
            "expr": str(self.expr),
        }
