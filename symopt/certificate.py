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

from .exact import interval as ivl
from .core.domain import Box, Bound
from .core.parse import as_expression
from .exact.signs import (
    CHECK_PRECISION,
    NONSMOOTH,
    as_rational,
    const_sign,
    defined_on,
    drop_atoms,
    gap_sign,
    interior_sample,
    is_smooth,
    is_zero_identity,
    prove_sign,
    twice_differentiable,
    value_at,
)

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
    "SingularHessianWitness",
    "CurvatureFamilyWitness",
    "AffineSegmentWitness",
    "KinkWitness",
    "BoundedSlopeWitness",
    "GeometricJensenWitness",
    "QuasiJensenWitness",
    "Rewritten",
    "SumOfConvex",
    "MaxOfConvex",
    "GridPiecewiseConvex",
    "AffineComposition",
    "PiecewiseConvex",
    "LogReduction",
    "QuasiProof",
    "drop_atoms",
    "prove_sign",
    "defined_on",
    "NONSMOOTH",
    "STATUSES",
]

STATUSES = ("proved", "refuted", "unknown")

# ----------------------------------------------------------------------------- helpers


def certifies_convex(ev: "Evidence", g: sp.Expr) -> bool:
    """``ev`` is (structurally) a convexity certificate for exactly ``g``; run ``ev.check()`` too."""
    if isinstance(ev, DCPStep):
        return ev.curvature in ("convex", "affine", "constant") and is_zero_identity(ev.expr, g)
    if isinstance(ev, HessianCertificate):
        return is_zero_identity(ev.f, g)
    if isinstance(ev, (Rewritten, SumOfConvex, PiecewiseConvex, MaxOfConvex, GridPiecewiseConvex, AffineComposition)):
        return is_zero_identity(ev.f, g)
    return False


def _every_certifies(evidence: Sequence[Any], target: sp.Expr) -> bool:
    """At least one piece of evidence, and each one proves ``target`` convex and re-checks."""
    return bool(evidence) and all(certifies_convex(ev, target) and ev.check() for ev in evidence)


def certifies_strict(ev: "Evidence", g: sp.Expr) -> bool:
    """``ev`` is (structurally) a strict-convexity certificate for exactly ``g``."""
    if isinstance(ev, HessianCertificate):
        return ev.strict and is_zero_identity(ev.f, g)
    if isinstance(ev, (StrictFromAnalyticity, Separable)):
        return is_zero_identity(ev.f, g)
    if isinstance(ev, PiecewiseConvex):
        return ev.strict and is_zero_identity(ev.f, g)
    return False


def _safe_check(check: Any) -> Any:
    """A witness check that meets arithmetic SymPy cannot do (huge exact powers) answers ``False``, not a traceback."""
    import functools

    @functools.wraps(check)
    def wrapped(self: Any) -> bool:
        try:
            return bool(check(self))
        except (OverflowError, ValueError, TypeError, RecursionError, ZeroDivisionError):
            return False

    return wrapped


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
                s = const_sign(d)
                if s is None:
                    ok = False
                    break
                if s < 0:
                    ok = False
                    break
                if s == 0:
                    if any(const_sign(W[i, k]) != 0 for i in range(k + 1, n)):
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
        if not all(is_zero_identity(product[i, j], self.H[i, j]) for i in range(n) for j in range(n)):
            return False
        for d in self.D:
            s = const_sign(d)
            if s is None or s * self.sign < 0:
                return False
        return True

    def summary(self) -> str:
        kind = ("PD" if self.definite else "PSD") if self.sign > 0 else ("ND" if self.definite else "NSD")
        return f"exact LDL^T factorisation with pivots D = {list(self.D)} ({kind})"

    def to_json(self) -> dict:
        return {"kind": "LDLFactorization", "summary": self.summary(), "D": [str(d) for d in self.D],
                "L": [[str(v) for v in row] for row in self.L.tolist()]}


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
            if const_sign(q) == -1:
                return v
    return None


@dataclass(frozen=True)
class Nonnegative(Evidence):
    """``expr >= 0`` (or ``> 0`` when ``strict``) on a box.

    Methods:

    * ``"assumptions"``: SymPy's assumptions on ``form`` with half-line
      variables written through signed dummies;
    * ``"enclosure"``: interval enclosure of ``form`` over the box;
    * ``"sign"``: :func:`prove_sign`'s exact methods (signs of factors with
      strict bounds, Sturm counts, coefficient signs on orthants);
    * ``"univariate"``: ``expr = odd * square**2``, where ``odd`` (the product
      of the odd-multiplicity factors) has no root inside the interval (Sturm
      count) and is positive at ``sample``;
    * ``"branch-and-bound"``: enclosures of ``form`` on sub-boxes that cover
      the box;
    * ``"monotone"``: one variable, ``expr(c) >= 0`` at an exact anchor ``c``
      and ``expr' <= 0`` left of it, ``>= 0`` right of it (each a
      :class:`Nonnegative`, possibly by the same method): Taylor-type
      inequalities such as ``cosh x - 1 - x^2/2 >= 0`` on R, where enclosures
      of the whole line fail;
    * ``"sos"``: a sum-of-squares identity ``expr = m^T Q m`` with a vector of
      monomials ``m`` and an exact rational Gram matrix ``Q`` that has an
      exact PSD LDL^T factorisation (nonnegative on all of R^n);
    * ``"sos-shift"``: ``expr`` at ``x = lo + u^2`` (or ``hi - u^2``) is a sum of
      squares in ``u`` (an ``"sos"`` evidence), so ``expr >= 0`` for ``x >= lo``
      (``x <= hi``): every such ``x`` is ``lo + u^2`` for a real ``u``.

    ``form`` equals ``expr`` identically (checked by expansion).
    """

    expr: sp.Expr
    box: Box
    method: str
    form: sp.Expr
    strict: bool = False
    data: tuple = ()

    def check(self) -> bool:
        if not is_zero_identity(self.form, self.expr) and self.method != "univariate":
            return False
        rel = ">0" if self.strict else ">=0"
        if self.method in ("assumptions", "enclosure", "sign"):
            return prove_sign(self.form, self.box, rel) is not None
        if self.method == "univariate":
            return _check_univariate(self)
        if self.method == "sos-shift":
            # expr(x) >= 0 for x >= lo (x <= hi) because expr(lo + u^2) (expr(hi - u^2)) is a sum of squares in u
            shifts, inner = self.data
            sub = {}
            for v, u, end, side in shifts:
                b = self.box.bound(v)
                if u in self.expr.free_symbols or not isinstance(u, sp.Symbol) or u.is_real is not True:
                    return False
                if side == "lo" and not (b.lo == end and end.is_Rational):
                    return False
                if side == "hi" and not (b.hi == end and end.is_Rational):
                    return False
                sub[v] = end + u**2 if side == "lo" else end - u**2
            if self.strict or not isinstance(inner, Nonnegative) or inner.method != "sos":
                return False
            return is_zero_identity(inner.expr, sp.expand(self.expr.xreplace(sub))) and inner.check()
        if self.method == "sos":
            monomials, Q = self.data
            m = sp.Matrix(list(monomials))
            if Q.shape != (len(m), len(m)) or Q != Q.T or any(not q.is_Rational for q in Q):
                return False
            if not is_zero_identity((m.T * Q * m)[0, 0], self.expr):
                return False
            try:
                ldl = LDLFactorization.of(Q)
            except ValueError:
                return False
            return ldl.sign > 0 and ldl.check() and (not self.strict)
        if self.method == "monotone":
            # one variable: h(c) >= 0 at an anchor c, h' <= 0 left of c and h' >= 0 right of c, so h >= h(c) there
            if len(self.box.variables) != 1 or self.strict:
                return False
            (x,) = self.box.variables
            c, left, right = self.data
            b = self.box.bound(x)
            c = sp.sympify(c)
            if not c.is_Rational or (b.lo is not -sp.oo and c < b.lo) or (b.hi is not sp.oo and c > b.hi):
                return False
            if not is_smooth(self.expr) or defined_on(self.expr, Box((x,), (Bound(b.lo, b.hi),))) is None:
                return False  # continuous on the closed interval, anchor included
            if const_sign(value_at(self.expr, {x: c})) not in (0, 1):
                return False
            d = sp.diff(self.expr, x)
            for side, ev, sign, present in ((Box((x,), (Bound(b.lo, c, b.lo_strict, False),)), left, -1, b.lo != c),
                                            (Box((x,), (Bound(c, b.hi, False, b.hi_strict),)), right, 1, b.hi != c)):
                if not present:
                    if ev is not None:
                        return False
                    continue
                if not (isinstance(ev, Nonnegative) and ev.box in (side, side.interior())
                        and is_zero_identity(ev.expr, sign * d) and ev.check()):
                    return False
            return True
        if self.method == "branch-and-bound":
            boxes = self.data
            if not _covers(boxes, self.box):
                return False
            for sub in boxes:
                try:
                    r = ivl.enclose(self.form, {v: (lo, hi) for v, (lo, hi) in zip(self.box.variables, sub)}, prec=CHECK_PRECISION)
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
    if not is_zero_identity(ev.expr, odd * root**2):
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
    sample = interior_sample(b)
    value = poly.eval(sample) if poly.degree() > 0 else poly.LC()
    return value > 0 or (not ev.strict and value >= 0 and poly.degree() == 0)


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
            if not is_zero_identity(det, ev.expr):
                return False
            if not ev.check():
                return False
        return True

    def summary(self) -> str:
        return f"all {len(self.minors)} principal minors of the Hessian are >= 0"


@dataclass(frozen=True)
class LeadingMinors(Evidence):
    """Every leading principal minor of ``H`` is positive on the box, so ``H`` is positive definite there
    (Sylvester's criterion); a PD Hessian on the whole domain makes ``f`` strictly convex.

    Attributes:
        H: the Hessian.
        minors: ``(k, Nonnegative)`` with ``strict=True`` for ``k = 1..n`` (the leading k x k minor).
    """

    H: sp.Matrix
    minors: tuple

    def check(self) -> bool:
        n = self.H.shape[0]
        if [k for k, _ in self.minors] != list(range(1, n + 1)):
            return False
        for k, ev in self.minors:
            det = self.H.extract(list(range(k)), list(range(k))).det(method="berkowitz")
            if not isinstance(ev, Nonnegative) or not ev.strict or not is_zero_identity(det, ev.expr) or not ev.check():
                return False
        return True

    def summary(self) -> str:
        return f"all {len(self.minors)} leading principal minors of the Hessian are > 0 (Sylvester: positive definite)"


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
            if not isinstance(ev, Nonnegative) or not is_zero_identity(ev.expr, self.H[i, i]):
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
            if not interval_psd(self.hessian, env, strict=self.strict, prec=CHECK_PRECISION):
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
            same = all(is_zero_identity(H[i, j], inner.H[i, j]) for i in range(H.shape[0]) for j in range(H.shape[0]))
            ok = same and inner.sign > 0 and (inner.definite or not self.strict)
        elif isinstance(inner, Nonnegative):
            ok = H.shape == (1, 1) and is_zero_identity(H[0, 0], inner.expr) and (inner.strict or not self.strict)
            ok = ok and inner.box == self.box
        elif isinstance(inner, DiagonalPSD):
            ok = ((inner.strict or not self.strict)
                  and all(is_zero_identity(H[i, j], inner.H[i, j]) for i in range(H.shape[0]) for j in range(H.shape[0]))
                  and all(ev.box == self.box for ev in inner.entries))
        elif isinstance(inner, LeadingMinors):
            ok = all(is_zero_identity(H[i, j], inner.H[i, j]) for i in range(H.shape[0]) for j in range(H.shape[0]))
            ok = ok and all(ev.box == self.box for _, ev in inner.minors)
        elif isinstance(inner, PrincipalMinors):
            ok = not self.strict and all(is_zero_identity(H[i, j], inner.H[i, j]) for i in range(H.shape[0]) for j in range(H.shape[0]))
        elif isinstance(inner, IntervalHessianCover):
            ok = (inner.box == self.box and (inner.strict or not self.strict)
                  and all(is_zero_identity(H[i, j], inner.hessian[i, j]) for i in range(H.shape[0]) for j in range(H.shape[0])))
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
            if expected is None or not is_zero_identity(expected, g):
                return False
            if not evs or not all(certifies_convex(ev, g) and ev.check() for ev in evs):
                return False
        if any(h.startswith("smooth") for h in self.transform):
            if self.transform != ("smooth-upper", "smooth-lower"):
                return False
            # L/2||x||^2 - f and L/2||x||^2 + f both convex (and finite) make f differentiable with an
            # L-Lipschitz gradient, smooth or not: both are then differentiable since their sum is
            # (Cannarsa & Sinestrari, Semiconcave Functions, Cor. 3.3.8: semiconvex and semiconcave with
            # modulus L gives C^{1,1} with constant L)
            if defined_on(self.f, self.box) is None:
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
        s, _ = gap_sign(d2)
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
        if not is_zero_identity(sp.Add(*[p for p, _, _ in self.parts]), self.f):
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
            xs = [as_rational(c) for c in self.x]
            ys = [as_rational(c) for c in self.y]
            t = as_rational(self.theta)
        except ValueError:
            return False
        if not (0 < t < 1) or xs == ys:
            return False
        if not self.box.contains(dict(zip(self.variables, xs))) or not self.box.contains(dict(zip(self.variables, ys))):
            return False
        for pt in (xs, ys):
            if value_at(self.expr, dict(zip(self.variables, pt))).has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I):
                return False
        try:
            s, _ = gap_sign(self.gap())
        except (OverflowError, ValueError, TypeError, RecursionError):
            return False  # a gap SymPy cannot even form is not a witness
        if self.kind == "strict":
            return s == 1
        return s is not None and s >= 0

    def summary(self) -> str:
        return "Jensen witness: " + self.statement()

    def statement(self, sign: int = 1, name: str = "f") -> str:
        """The inequality that holds, for ``sign * expr`` written as ``name``, with point names (a, b) that
        cannot clash with the variables, and the two sides' values.

        With ``sign=-1`` (a concavity question, where the stored witness is for
        ``-f``) the inequality is the reverse one for ``f``: ``f(mid) < mean``.
        """
        pa, pb = _point_names(self.variables)
        t = self.theta
        if self.kind == "strict":
            rel = ">" if sign > 0 else "<"
        else:
            rel = ">=" if sign > 0 else "<="
        mid = {v: t * a + (1 - t) * b for v, a, b in zip(self.variables, self.x, self.y)}
        lhs = sign * value_at(self.expr, mid)
        rhs = sign * (t * value_at(self.expr, dict(zip(self.variables, self.x)))
                      + (1 - t) * value_at(self.expr, dict(zip(self.variables, self.y))))
        combo = f"{pa}/2 + {pb}/2" if t == sp.Rational(1, 2) else f"{t}*{pa} + {1 - t}*{pb}"
        mean = f"(f({pa}) + f({pb}))/2" if t == sp.Rational(1, 2) else f"{t}*f({pa}) + {1 - t}*f({pb})"
        text = (f"{name}({combo}) {rel} {mean.replace('f(', name + '(')} at {pa} = {_coords(self.variables, self.x)}, "
                f"{pb} = {_coords(self.variables, self.y)}")
        return text + f": {_num_text(lhs)} {rel} {_num_text(rhs)}"

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

    @_safe_check
    def check(self) -> bool:
        try:
            xs = [as_rational(c) for c in self.x]
            ys = [as_rational(c) for c in self.y]
        except ValueError:
            return False
        if xs == ys or not self.box.contains(dict(zip(self.variables, xs))) or not self.box.contains(dict(zip(self.variables, ys))):
            return False
        s, _ = gap_sign(self.gap())
        return s == 1

    def summary(self) -> str:
        return f"||grad f(x) - grad f(y)|| > {self.L} ||x - y|| at x = {list(self.x)}, y = {list(self.y)}"

    def to_json(self) -> dict:
        return {"kind": "LipschitzWitness", "x": [str(c) for c in self.x], "y": [str(c) for c in self.y], "L": str(self.L)}


# ----------------------------------------------------------------------------- sign rewriting (checker level)


@dataclass(frozen=True)
class Rewritten(Evidence):
    """``f`` equals the smoother ``g`` on the box (its abs/max/min atoms have proved branches), and ``g`` is convex.

    The checker recomputes :func:`drop_atoms` of ``f`` on the box (every
    replaced branch backed by a proved sign), compares it with ``g``
    identically, and re-checks the evidence for ``g``.
    """

    f: sp.Expr
    g: sp.Expr
    box: Box
    evidence: tuple

    def check(self) -> bool:
        if not is_zero_identity(drop_atoms(self.f, self.box), self.g):
            return False
        return _every_certifies(self.evidence, self.g)

    def summary(self) -> str:
        return (f"on the domain {self.f} equals {self.g} (branches of abs/max/min fixed by proved signs); "
                + "; ".join(ev.summary() for ev in self.evidence))


@dataclass(frozen=True)
class SumOfConvex(Evidence):
    """``f = sum_k g_k`` with every ``g_k`` convex on the box (each with its own evidence): a sum of convex functions is convex."""

    f: sp.Expr
    parts: tuple  # ((g, evidence tuple), ...)
    box: Box

    def check(self) -> bool:
        if len(self.parts) < 2 or not is_zero_identity(sp.Add(*[g for g, _ in self.parts]), self.f):
            return False
        return all(evs and all(certifies_convex(ev, g) and self._same_box(getattr(ev, "box", self.box), g) and ev.check()
                               for ev in evs) for g, evs in self.parts)

    def _same_box(self, box: Box | None, g: sp.Expr) -> bool:
        """The part's evidence is on this box, or on its factor in the part's own variables
        (a convex function of some coordinates is convex on the product)."""
        if box == self.box:
            return True
        if box is None or not set(box.variables) <= set(self.box.variables):
            return False
        return (g.free_symbols & set(self.box.variables)) <= set(box.variables) and all(
            box.bound(v) == self.box.bound(v) for v in box.variables)

    def summary(self) -> str:
        return f"sum of {len(self.parts)} convex parts: " + "; ".join(
            f"{g}: {evs[0].summary()}" for g, evs in self.parts)


def max_args(f: sp.Expr) -> list | None:
    """The arguments ``g_i`` when ``f = max(g_1, ..., g_k)`` as written (``Max(...)``, or ``-Min(h_1, ...)``
    = ``max(-h_1, ...)``), else ``None``."""
    if isinstance(f, sp.Max):
        return list(f.args)
    if f.is_Mul and len(f.args) == 2 and f.args[0] == -1 and isinstance(f.args[1], sp.Min):
        return [-a for a in f.args[1].args]
    return None


def affine_range(ell: sp.Expr, box: Box) -> Bound | None:
    """The exact range of an affine function with rational coefficients over the box (strictness kept)."""
    vs = box.variables
    try:
        p = sp.Poly(ell, *vs)
    except sp.PolynomialError:
        return None
    if p.total_degree() > 1 or any(not c.is_Rational for c in p.coeffs()):
        return None
    lo, hi = ell.xreplace({v: 0 for v in vs}), ell.xreplace({v: 0 for v in vs})
    lo_strict = hi_strict = False
    for v, b in zip(vs, box.bounds):
        c = sp.diff(ell, v)
        if c == 0:
            continue
        (a, a_st), (z, z_st) = ((b.lo, b.lo_strict), (b.hi, b.hi_strict)) if c > 0 else ((b.hi, b.hi_strict), (b.lo, b.lo_strict))
        lo = lo + c * a if lo is not -sp.oo and a not in (sp.oo, -sp.oo) else -sp.oo
        hi = hi + c * z if hi is not sp.oo and z not in (sp.oo, -sp.oo) else sp.oo
        lo_strict, hi_strict = lo_strict or a_st, hi_strict or z_st
    return Bound(lo, hi, lo_strict and lo is not -sp.oo, hi_strict and hi is not sp.oo)


@dataclass(frozen=True)
class AffineComposition(Evidence):
    """``f(x) = phi(l(x))`` with ``l`` affine and ``phi`` convex on an interval containing ``l(box)``:
    a convex function of an affine map is convex (BV 3.2.2).

    Attributes:
        f: the function.
        ell: the affine form ``l`` (rational coefficients).
        phi: the one-variable function, in ``u``.
        u: its variable.
        evidence: convexity of ``phi`` on ``ubox`` (the exact range of ``l`` over the box).
    """

    f: sp.Expr
    box: Box
    ell: sp.Expr
    phi: sp.Expr
    u: sp.Symbol
    ubox: Box
    evidence: tuple

    def check(self) -> bool:
        if self.ubox.variables != (self.u,) or self.u in self.box.variables:
            return False
        rng = affine_range(self.ell, self.box)
        if rng is None or self.ubox.bounds[0] != rng:
            return False
        if not is_zero_identity(self.phi.xreplace({self.u: self.ell}), self.f):
            return False
        return bool(self.evidence) and all(certifies_convex(ev, self.phi) and getattr(ev, "box", self.ubox) == self.ubox
                                           and ev.check() for ev in self.evidence)

    def summary(self) -> str:
        return f"f = phi({self.ell}) with phi({self.u}) = {self.phi} convex: " + "; ".join(e.summary() for e in self.evidence)


@dataclass(frozen=True)
class MaxOfConvex(Evidence):
    """``f = max(g_1, ..., g_k)`` (a ``Max`` of its arguments, or a scaled/shifted one) with every ``g_i`` convex
    (each with its own evidence): a pointwise maximum of convex functions is convex (BV 3.2.3)."""

    f: sp.Expr
    parts: tuple  # ((g, evidence tuple), ...)
    box: Box

    def check(self) -> bool:
        args = max_args(self.f)
        if args is None or len(self.parts) != len(args):
            return False
        if not all(is_zero_identity(g, a) for (g, _), a in zip(self.parts, args)):
            return False
        return all(evs and all(certifies_convex(ev, g) and getattr(ev, "box", self.box) == self.box and ev.check()
                               for ev in evs) for g, evs in self.parts)

    def summary(self) -> str:
        return f"maximum of {len(self.parts)} convex functions: " + "; ".join(
            f"{g}: {evs[0].summary()}" for g, evs in self.parts)


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
            if not is_smooth(g) or not is_zero_identity(drop_atoms(self.f, cell), g):
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

    def summary(self) -> str:
        cuts = ", ".join(f"{v} = {', '.join(map(str, pts))}" for v, pts in self.cuts)
        return (f"convex on each of {len(self.cells)} cells cut at {cuts}; continuous across the cuts with "
                "non-decreasing normal slopes")


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

    def summary(self) -> str:
        kinks = [str(p[1]) for p in self.pieces[:-1]]
        return (f"{'strictly ' if self.strict else ''}convex on each of {len(self.pieces)} pieces split at {', '.join(kinks) or 'no point'}, "
                "continuous, with left slope <= right slope at every kink")


# ----------------------------------------------------------------------------- witnesses for every modulus at once


def _num_text(v: Any) -> str:
    v = sp.sympify(v)
    if v.is_Rational:
        return str(v)
    try:
        return f"{float(v.evalf(30)):.6g}"
    except (TypeError, ValueError, OverflowError):
        return str(v)


def _point_names(variables: Sequence[sp.Symbol]) -> tuple[str, str]:
    """Two names for witness points that no variable uses (a, b; else p, q; else P1, P2)."""
    used = {v.name for v in variables}
    for pair in (("a", "b"), ("p", "q"), ("u", "w"), ("P1", "P2")):
        if not (set(pair) & used):
            return pair
    return ("point_1", "point_2")


def _coords(variables: Sequence[sp.Symbol], pt: Sequence[Any]) -> str:
    if len(variables) == 1:
        return f"({variables[0]} = {pt[0]})"
    return "(" + ", ".join(f"{v} = {c}" for v, c in zip(variables, pt)) + ")"


@dataclass(frozen=True)
class SingularHessianWitness(Witness):
    r"""An inner point ``p`` and an exact nonzero ``v`` with :math:`\nabla^2 f(p)\, v = 0`.

    An m-strongly convex, twice differentiable ``f`` has
    :math:`v^\top \nabla^2 f(p) v \ge m \|v\|^2 > 0` at inner points, so this
    refutes strong convexity for *every* modulus ``m > 0`` at once (``x**4``
    at 0).  The checker recomputes the Hessian of ``expr`` at ``p`` exactly.
    """

    expr: sp.Expr
    variables: tuple
    point: tuple
    vector: tuple
    box: Box

    @_safe_check
    def check(self) -> bool:
        try:
            p = [as_rational(c) for c in self.point]
            v = [as_rational(c) for c in self.vector]
        except ValueError:
            return False
        if len(p) != len(self.variables) or len(v) != len(self.variables) or all(c == 0 for c in v):
            return False
        if not self.box.interior().contains(dict(zip(self.variables, p))):
            return False
        if not twice_differentiable(self.expr, self.variables, self.box):
            return False
        H = sp.hessian(self.expr, list(self.variables))
        at = dict(zip(self.variables, p))
        Hp = H.applyfunc(lambda e: value_at(e, at))
        Hv = Hp * sp.Matrix(v)
        return all(const_sign(c) == 0 for c in Hv)

    def summary(self) -> str:
        return (f"Hessian singular at {_coords(self.variables, self.point)}: H v = 0 for v = {list(self.vector)}, "
                "so v^T H v = 0 < m |v|^2 for every m > 0")

    def to_json(self) -> dict:
        return {"kind": "SingularHessianWitness", "point": [str(c) for c in self.point],
                "vector": [str(c) for c in self.vector], "summary": self.summary()}


@dataclass(frozen=True)
class CurvatureFamilyWitness(Witness):
    r"""A family of inner points ``p(s)``, ``s > 0``, along which the curvature in direction ``v`` escapes every bound.

    ``bound="above"``: :math:`v^\top \nabla^2 f(p(s)) v > s \|v\|^2` for every
    ``s > 0``: no ``L`` makes ``f`` L-smooth (``exp(x)`` with
    ``p(s) = log(s) + 1``: ``f''(p(s)) = e s > s``).  ``bound="below"``: the
    same for :math:`-v^\top \nabla^2 f v` (curvature unbounded below).
    ``bound="vanishing"``: :math:`v^\top \nabla^2 f(p(s)) v < s \|v\|^2`: no
    modulus ``m`` makes ``f`` m-strongly convex (``exp(x)`` with
    ``p(s) = log(s) - 1``).  The checker proves, symbolically for every
    ``s > 0`` (SymPy's assumptions with ``s`` positive, or the sign
    machinery of :func:`prove_sign` on the half-line), that ``p(s)`` lies in
    the interior of the domain and that the inequality holds.
    """

    expr: sp.Expr
    variables: tuple
    parameter: sp.Symbol
    point: tuple
    vector: tuple
    box: Box
    bound: str = "above"

    def curvature(self) -> sp.Expr:
        r""":math:`v^\top \nabla^2 f(p(s)) v` as an expression in ``s``."""
        H = sp.hessian(self.expr, list(self.variables))
        v = sp.Matrix(list(self.vector))
        q = (v.T * H * v)[0, 0]
        return q.xreplace(dict(zip(self.variables, self.point)))

    @_safe_check
    def check(self) -> bool:
        s = self.parameter
        if not isinstance(s, sp.Symbol) or s in self.expr.free_symbols or s in self.variables:
            return False
        if self.bound not in ("above", "below", "vanishing"):
            return False
        try:
            v = [as_rational(c) for c in self.vector]
        except ValueError:
            return False
        if len(v) != len(self.variables) or all(c == 0 for c in v) or len(self.point) != len(v):
            return False
        if any(sp.sympify(c).free_symbols - {s} for c in self.point):
            return False
        if not twice_differentiable(self.expr, self.variables, self.box):
            return False
        half = Box((s,), (Bound(sp.S.Zero, sp.oo, True, False),))
        inner = self.box.interior()
        for c, b in zip(self.point, inner.bounds):
            c = sp.sympify(c)
            if b.lo is not -sp.oo and prove_sign(c - b.lo, half, ">0" if b.lo_strict else ">=0") is None:
                return False
            if b.hi is not sp.oo and prove_sign(b.hi - c, half, ">0" if b.hi_strict else ">=0") is None:
                return False
        norm2 = sum(c * c for c in v)
        q = self.curvature()
        gap = {"above": q - s * norm2, "below": -q - s * norm2, "vanishing": s * norm2 - q}[self.bound]
        if prove_sign(gap, half, ">0") is not None:
            return True
        other = gap.rewrite(sp.exp)  # cosh(log(s) + 1) = (e s + 1/(e s))/2: an identity
        return other != gap and prove_sign(other, half, ">0") is not None

    def summary(self) -> str:
        s = self.parameter
        rel = {"above": f"v^T H v > {s} |v|^2", "below": f"v^T H v < -{s} |v|^2",
               "vanishing": f"v^T H v < {s} |v|^2"}[self.bound]
        what = {"above": "no L works (curvature unbounded above)", "below": "no L works (curvature unbounded below)",
                "vanishing": "no modulus m > 0 works (curvature tends to 0)"}[self.bound]
        return f"for every {s} > 0, at {_coords(self.variables, self.point)} with v = {list(self.vector)}: {rel}; {what}"

    def to_json(self) -> dict:
        return {"kind": "CurvatureFamilyWitness", "parameter": str(self.parameter),
                "point": [str(c) for c in self.point], "vector": [str(c) for c in self.vector],
                "bound": self.bound, "summary": self.summary()}


@dataclass(frozen=True)
class BoundedSlopeWitness(Witness):
    r"""A ray ``p + t d`` (``t >= 0``) inside the domain along which the slope of ``f`` stays bounded.

    With :math:`\varphi(t) = f(p + t d)`, the checker proves
    :math:`B^2 - \varphi'(t)^2 \ge 0` for every ``t >= 0``.  An m-strongly convex
    ``f`` has :math:`\varphi'(t) \ge \varphi'(0) + m t \|d\|^2`, unbounded: so no
    modulus ``m > 0`` works (``sqrt(1 + x^2)``: slope ``x/sqrt(1 + x^2)``, ``|.| <= 1``;
    ``log cosh``: ``tanh``).
    """

    expr: sp.Expr
    variables: tuple
    point: tuple
    direction: tuple
    bound: sp.Rational
    box: Box

    def slope(self) -> tuple[sp.Symbol, sp.Expr]:
        """``(t, phi'(t))``."""
        t = sp.Dummy("t", nonnegative=True)
        phi = self.expr.xreplace({v: c + t * d for v, c, d in zip(self.variables, self.point, self.direction)})
        return t, sp.diff(phi, t)

    @_safe_check
    def check(self) -> bool:
        try:
            p = [as_rational(c) for c in self.point]
            d = [as_rational(c) for c in self.direction]
            B = as_rational(self.bound)
        except ValueError:
            return False
        if all(c == 0 for c in d) or len(p) != len(self.variables) or B < 0:
            return False
        if not is_smooth(self.expr) or not self.box.contains(dict(zip(self.variables, p))):
            return False
        # the whole ray lies in the domain: every coordinate moving towards an infinite end only
        for c, e, b in zip(p, d, self.box.bounds):
            if (e > 0 and b.hi is not sp.oo) or (e < 0 and b.lo is not -sp.oo):
                return False
        t, sl = self.slope()
        ray = Box((t,), (Bound(sp.S.Zero, sp.oo),))
        if defined_on(self.expr.xreplace({v: c + t * e for v, c, e in zip(self.variables, p, d)}), ray) is None:
            return False
        if prove_sign(B**2 - sl**2, ray, ">=0") is not None:
            return True
        if sp.count_ops(sl) > 40 or not sl.has(sp.sinh, sp.cosh, sp.sin, sp.cos):
            return False
        other = sp.trigsimp(sl)  # sinh/cosh -> tanh: an identity
        return other != sl and prove_sign(B**2 - other**2, ray, ">=0") is not None

    def summary(self) -> str:
        return (f"along the ray {_coords(self.variables, self.point)} + t*{list(self.direction)}, t >= 0, the slope of f "
                f"stays within [-{self.bound}, {self.bound}]; a strongly convex f has an unbounded slope there, "
                "so no modulus m > 0 works")

    def to_json(self) -> dict:
        return {"kind": "BoundedSlopeWitness", "point": [str(c) for c in self.point],
                "direction": [str(c) for c in self.direction], "bound": str(self.bound), "summary": self.summary()}


@dataclass(frozen=True)
class KinkWitness(Witness):
    r"""An inner point ``p`` and a direction ``d`` along which ``f`` has two different one-sided slopes.

    :math:`\varphi(t) = f(p + t d)` equals smooth :math:`\varphi_-` on
    ``[-delta, 0]`` and :math:`\varphi_+` on ``[0, delta]`` (branches of
    abs/max/min fixed by proved signs, :func:`drop_atoms`), and
    :math:`\varphi_-'(0) \ne \varphi_+'(0)`: ``f`` is not differentiable at
    ``p``, so no ``L`` makes it L-smooth (``|x|`` at 0).
    """

    expr: sp.Expr
    variables: tuple
    point: tuple
    direction: tuple
    delta: sp.Rational
    box: Box

    def slopes(self) -> tuple[sp.Expr, sp.Expr] | None:
        """The left and right slopes of ``f`` at ``p`` along ``d`` (``None`` when a branch is not fixed)."""
        t = sp.Dummy("t", real=True)
        phi = self.expr.xreplace({v: c + t * d for v, c, d in zip(self.variables, self.point, self.direction)})
        out = []
        for lo, hi in ((-self.delta, sp.S.Zero), (sp.S.Zero, self.delta)):
            piece = drop_atoms(phi, Box((t,), (Bound(lo, hi),)))
            if not is_smooth(piece) or defined_on(piece, Box((t,), (Bound(lo, hi),))) is None:
                return None
            out.append(value_at(sp.diff(piece, t), {t: sp.S.Zero}))
        return out[0], out[1]

    @_safe_check
    def check(self) -> bool:
        try:
            p = [as_rational(c) for c in self.point]
            d = [as_rational(c) for c in self.direction]
            delta = as_rational(self.delta)
        except ValueError:
            return False
        if delta <= 0 or all(c == 0 for c in d) or len(p) != len(self.variables):
            return False
        inner = self.box.interior()
        for sgn in (-1, 1):
            if not inner.contains({v: c + sgn * delta * e for v, c, e in zip(self.variables, p, d)}):
                return False
        sl = self.slopes()
        if sl is None:
            return False
        return const_sign(sl[1] - sl[0]) not in (None, 0)

    def summary(self) -> str:
        sl = self.slopes()
        what = f" (left slope {sl[0]}, right slope {sl[1]})" if sl is not None else ""
        return (f"f has a kink at {_coords(self.variables, self.point)} along {list(self.direction)}{what}: "
                "not differentiable there, so no L works")

    def to_json(self) -> dict:
        return {"kind": "KinkWitness", "point": [str(c) for c in self.point],
                "direction": [str(c) for c in self.direction], "summary": self.summary()}


@dataclass(frozen=True)
class AffineSegmentWitness(Witness):
    r"""Exact points ``a != b`` in the domain with ``f`` affine on the segment ``[a, b]``.

    A strictly convex ``f`` is never affine on a segment, so this refutes
    strict convexity, and strong convexity for every modulus.  The checker
    restricts ``f`` to :math:`\varphi(t) = f(a + t (b - a))`, fixes the
    branches of abs/max/min on ``0 <= t <= 1`` by proved signs
    (:func:`drop_atoms`) and checks :math:`\varphi'' \equiv 0` identically.
    """

    expr: sp.Expr
    variables: tuple
    a: tuple
    b: tuple
    box: Box

    @_safe_check
    def check(self) -> bool:
        try:
            a = [as_rational(c) for c in self.a]
            b = [as_rational(c) for c in self.b]
        except ValueError:
            return False
        if a == b or len(a) != len(self.variables) or len(b) != len(a):
            return False
        if not (self.box.contains(dict(zip(self.variables, a))) and self.box.contains(dict(zip(self.variables, b)))):
            return False
        t = sp.Dummy("t", real=True)
        phi = self.expr.xreplace({v: ai + t * (bi - ai) for v, ai, bi in zip(self.variables, a, b)})
        seg = Box((t,), (Bound(sp.S.Zero, sp.S.One),))
        psi = drop_atoms(phi, seg)
        if not is_smooth(psi) or defined_on(psi, seg) is None:
            return False
        return is_zero_identity(sp.diff(psi, t, 2), sp.S.Zero)

    def summary(self) -> str:
        pa, pb = _point_names(self.variables)
        return (f"f is affine on the segment from {pa} = {_coords(self.variables, self.a)} to "
                f"{pb} = {_coords(self.variables, self.b)}, so it is not strictly (nor strongly) convex")

    def to_json(self) -> dict:
        return {"kind": "AffineSegmentWitness", "a": [str(c) for c in self.a], "b": [str(c) for c in self.b],
                "summary": self.summary()}


@dataclass(frozen=True)
class GeometricJensenWitness(Witness):
    r"""Exact points where the geometric-mean inequality of log-concavity (or log-convexity) fails.

    Log-concave ``f`` (Boyd & Vandenberghe 3.5) satisfies
    :math:`f(\tfrac{a+b}{2})^2 \ge f(a) f(b)`; ``kind="log-concave"`` claims
    ``f(a), f(b) > 0`` and (``f(m) < 0`` or :math:`f(m)^2 < f(a) f(b)`), which
    refutes log-concavity.  ``kind="log-convex"`` claims ``f(a), f(b) > 0`` and
    (:math:`f(m) \le 0` or :math:`f(m)^2 > f(a) f(b)`), which refutes
    log-convexity (a log-convex function is positive).
    """

    expr: sp.Expr
    variables: tuple
    a: tuple
    b: tuple
    box: Box
    kind: str = "log-concave"

    def values(self) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
        """``f(a), f(b), f((a + b)/2)``."""
        a = dict(zip(self.variables, self.a))
        b = dict(zip(self.variables, self.b))
        m = {v: (a[v] + b[v]) / 2 for v in self.variables}
        return value_at(self.expr, a), value_at(self.expr, b), value_at(self.expr, m)

    @_safe_check
    def check(self) -> bool:
        try:
            a = [as_rational(c) for c in self.a]
            b = [as_rational(c) for c in self.b]
        except ValueError:
            return False
        if a == b or not (self.box.contains(dict(zip(self.variables, a))) and self.box.contains(dict(zip(self.variables, b)))):
            return False
        fa, fb, fm = self.values()
        if any(v.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I) for v in (fa, fb, fm)):
            return False
        if gap_sign(fa)[0] != 1 or gap_sign(fb)[0] != 1:
            return False
        sm = gap_sign(fm)[0]
        if sm is None:
            return False
        if self.kind == "log-concave":
            return sm < 0 or gap_sign(fa * fb - fm**2)[0] == 1
        if self.kind == "log-convex":
            return sm <= 0 or gap_sign(fm**2 - fa * fb)[0] == 1
        return False

    def summary(self) -> str:
        pa, pb = _point_names(self.variables)
        rel = "<" if self.kind == "log-concave" else ">"
        return (f"f(({pa} + {pb})/2)^2 {rel} f({pa}) f({pb}) at {pa} = {_coords(self.variables, self.a)}, "
                f"{pb} = {_coords(self.variables, self.b)}, so f is not {self.kind}")

    def to_json(self) -> dict:
        return {"kind": "GeometricJensenWitness", "a": [str(c) for c in self.a], "b": [str(c) for c in self.b],
                "claim": self.kind, "summary": self.summary()}


@dataclass(frozen=True)
class QuasiJensenWitness(Witness):
    r"""Exact points with :math:`f(\theta a + (1-\theta) b) > \max(f(a), f(b))` (not quasiconvex).

    Quasiconvexity means convex sublevel sets, equivalently
    :math:`f(\theta a + (1-\theta) b) \le \max(f(a), f(b))` (Boyd &
    Vandenberghe 3.4.1); ``kind="quasiconcave"`` claims the mirror image
    :math:`f(m) < \min(f(a), f(b))`.
    """

    expr: sp.Expr
    variables: tuple
    a: tuple
    b: tuple
    theta: sp.Rational
    box: Box
    kind: str = "quasiconvex"

    @_safe_check
    def check(self) -> bool:
        try:
            a = [as_rational(c) for c in self.a]
            b = [as_rational(c) for c in self.b]
            t = as_rational(self.theta)
        except ValueError:
            return False
        if a == b or not (0 < t < 1):
            return False
        if not (self.box.contains(dict(zip(self.variables, a))) and self.box.contains(dict(zip(self.variables, b)))):
            return False
        m = {v: t * x + (1 - t) * y for v, x, y in zip(self.variables, a, b)}
        fa = value_at(self.expr, dict(zip(self.variables, a)))
        fb = value_at(self.expr, dict(zip(self.variables, b)))
        fm = value_at(self.expr, m)
        if any(v.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I) for v in (fa, fb, fm)):
            return False
        sgn = 1 if self.kind == "quasiconvex" else -1
        return gap_sign(sgn * (fm - fa))[0] == 1 and gap_sign(sgn * (fm - fb))[0] == 1

    def summary(self) -> str:
        pa, pb = _point_names(self.variables)
        t = self.theta
        rel = "> max" if self.kind == "quasiconvex" else "< min"
        return (f"f({t}*{pa} + {1 - t}*{pb}) {rel}(f({pa}), f({pb})) at {pa} = {_coords(self.variables, self.a)}, "
                f"{pb} = {_coords(self.variables, self.b)}, so f is not {self.kind}")

    def to_json(self) -> dict:
        return {"kind": "QuasiJensenWitness", "a": [str(c) for c in self.a], "b": [str(c) for c in self.b],
                "theta": str(self.theta), "claim": self.kind, "summary": self.summary()}


# ----------------------------------------------------------------------------- log and quasi properties


@dataclass(frozen=True)
class LogReduction(Evidence):
    r"""``f > 0`` on the box and ``g = log f`` is convex (log-convex) or ``-g`` convex (log-concave).

    The checker proves ``f > 0`` (:func:`prove_sign`), that ``g`` is real on
    the box (:func:`defined_on`) and that :math:`e^{g} \equiv f` identically;
    then ``g = log f`` there.  ``evidence`` certifies convexity of ``target``
    (``g`` or ``-g``).
    """

    f: sp.Expr
    g: sp.Expr
    box: Box
    kind: str
    evidence: tuple

    @property
    def target(self) -> sp.Expr:
        """The function whose convexity the evidence shows."""
        return self.g if self.kind == "log-convex" else -self.g

    def check(self) -> bool:
        if self.kind not in ("log-convex", "log-concave") or prove_sign(self.f, self.box, ">0") is None:
            return False
        if defined_on(self.g, self.box) is None or not is_zero_identity(sp.exp(self.g), self.f):
            try:
                if defined_on(self.g, self.box) is None or sp.simplify(sp.exp(self.g) - self.f) != 0:
                    return False
            except (TypeError, ValueError, RecursionError):
                return False
        return _every_certifies(self.evidence, self.target)

    def summary(self) -> str:
        return (f"f > 0 and log f = {self.g} is {'convex' if self.kind == 'log-convex' else 'concave'}: "
                + "; ".join(ev.summary() for ev in self.evidence))


@dataclass(frozen=True)
class QuasiProof(Evidence):
    r"""Quasiconvexity (``sign=+1``) or quasiconcavity (``sign=-1``) of ``f`` on the box.

    Methods (Boyd & Vandenberghe 3.4; CVXPY's DQCP rules):

    * ``"convex"``: ``sign*f`` is convex (``evidence``): convex functions are quasiconvex;
    * ``"monotone"``: one variable, ``f'`` of one sign on the interval (``data`` =
      the :class:`Nonnegative` evidence for ``sign_f' * f'``): monotone functions
      on an interval are quasiconvex and quasiconcave;
    * ``"unimodal"``: one variable, ``sign*f' <= 0`` left of an exact point ``c``
      and ``>= 0`` right of it (``data = (c, left, right)``);
    * ``"linear-fractional"``: ``f = p/q`` with ``p``, ``q`` affine and ``q > 0``
      (quasilinear: :math:`\{p/q \le t\} = \{p - t q \le 0\}` is a halfspace);
    * ``"log"``: ``f`` log-concave (quasiconcave) or log-convex (quasiconvex), a :class:`LogReduction`;
    * ``"neglog"``: ``-f`` log-concave (so ``f`` is quasiconvex) or log-convex (so ``f`` is concave, quasiconcave);
    * ``"ratio"``: ``f = p/q`` with ``p >= 0`` convex and ``q > 0`` concave
      (quasiconvex: :math:`\{p/q \le t\} = \{p - t q \le 0\}` is convex for
      ``t >= 0`` and empty for ``t < 0``); for ``sign=-1``: ``p >= 0`` concave and ``q > 0`` convex.
    """

    f: sp.Expr
    box: Box
    sign: int
    method: str
    evidence: tuple = ()
    data: tuple = ()

    def check(self) -> bool:
        s = self.sign
        if s not in (1, -1):
            return False
        vs = self.box.variables
        if self.method == "convex":
            return _every_certifies(self.evidence, s * self.f)
        if self.method == "monotone":
            if len(vs) != 1 or not is_smooth(self.f) or defined_on(self.f, self.box) is None:
                return False
            (x,) = vs
            d = sp.diff(self.f, x)
            if defined_on(d, self.box.interior()) is None:
                return False
            (ev,) = self.data
            return isinstance(ev, Nonnegative) and ev.box == self.box and ev.check() and (
                is_zero_identity(ev.expr, d) or is_zero_identity(ev.expr, -d))
        if self.method == "unimodal":
            # on [lo, c] and on [c, hi] f equals a smooth g (abs/max/min branches fixed by proved signs) whose
            # derivative has the sign shown: f is monotone on each side, so its level sets are intervals
            if len(vs) != 1:
                return False
            (x,) = vs
            c, left, right = self.data
            b = self.box.bound(x)
            c = sp.sympify(c)
            if not (c.is_number and c.is_real and c.is_finite) or not self.box.contains({x: c}):
                return False
            lbox = Box((x,), (Bound(b.lo, c, b.lo_strict, False),))
            rbox = Box((x,), (Bound(c, b.hi, False, b.hi_strict),))
            for side, ev, sgn in ((lbox, left, -s), (rbox, right, s)):
                g = drop_atoms(self.f, side)
                if not is_smooth(g) or defined_on(g, side) is None:
                    return False
                d = sp.diff(g, x)
                if defined_on(d, side.interior()) is None:
                    return False
                # the slope's sign on the open side suffices: g is continuous on the closed side
                if not (isinstance(ev, Nonnegative) and ev.box in (side, side.interior())
                        and is_zero_identity(ev.expr, sgn * d) and ev.check()):
                    return False
            return True
        if self.method == "linear-fractional":
            p, q = self.data
            if not is_zero_identity(p / q, self.f) and not is_zero_identity(sp.together(p / q - self.f), sp.S.Zero):
                return False
            for e in (p, q):
                if not e.is_polynomial(*vs) or sp.Poly(e, *vs).total_degree() > 1:
                    return False
            return prove_sign(q, self.box, ">0") is not None
        if self.method == "log":
            (ev,) = self.evidence
            want = "log-convex" if s > 0 else "log-concave"
            return isinstance(ev, LogReduction) and ev.kind == want and is_zero_identity(ev.f, self.f) and ev.check()
        if self.method == "neglog":
            # -f log-concave: -f quasiconcave, f quasiconvex; -f log-convex: -f convex, f concave, quasiconcave
            (ev,) = self.evidence
            want = "log-concave" if s > 0 else "log-convex"
            return isinstance(ev, LogReduction) and ev.kind == want and is_zero_identity(ev.f, -self.f) and ev.check()
        if self.method == "ratio":
            p, q, p_ev, q_ev = self.data
            if not is_zero_identity(p / q, self.f) and not is_zero_identity(sp.together(p / q - self.f), sp.S.Zero):
                return False
            if prove_sign(p, self.box, ">=0") is None or prove_sign(q, self.box, ">0") is None:
                return False
            return (bool(p_ev) and bool(q_ev)
                    and all(certifies_convex(ev, s * p) and ev.check() for ev in p_ev)
                    and all(certifies_convex(ev, -s * q) and ev.check() for ev in q_ev))
        return False

    def summary(self) -> str:
        what = "quasiconvex" if self.sign > 0 else "quasiconcave"
        how = {"convex": "convex functions are quasiconvex" if self.sign > 0 else "concave functions are quasiconcave",
               "monotone": "monotone on an interval (f' of one sign)",
               "unimodal": f"f' changes sign once, at {self.data[0] if self.data else '?'}",
               "linear-fractional": "linear-fractional (p, q affine, q > 0): every sublevel set is a halfspace",
               "log": "log-convex, hence convex" if self.sign > 0 else "log-concave: superlevel sets {log f >= log t} are convex",
               "neglog": "-f is log-concave, so -f is quasiconcave" if self.sign > 0 else "-f is log-convex, so -f is convex",
               "ratio": "ratio p/q with p >= 0 " + ("convex and q > 0 concave" if self.sign > 0 else "concave and q > 0 convex")}
        return f"{what}: {how.get(self.method, self.method)}"



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
        domain: the :class:`~symopt.core.domain.Box` asked about.
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
        if prop in ("quasiconvex", "quasiconcave"):
            return (isinstance(ev, QuasiProof) and ev.sign == (1 if prop == "quasiconvex" else -1)
                    and is_zero_identity(ev.f, f))
        if prop in ("log-convex", "log-concave"):
            return isinstance(ev, LogReduction) and ev.kind == prop and is_zero_identity(ev.f, f)
        if not isinstance(ev, Reduction) or not is_zero_identity(ev.f, f) or tuple(ev.variables) != tuple(self.variables):
            return False
        wanted = {"concave": ("negate",), "strongly convex": ("strong",), "L-smooth": ("smooth-upper", "smooth-lower")}[prop]
        return ev.transform == wanted and (prop == "concave" or (p is not None and ev.parameter == p))

    def _witness_matches(self) -> bool:
        w = self.witness
        if getattr(w, "box", None) != self.domain or tuple(getattr(w, "variables", ())) != tuple(self.variables):
            return False
        if isinstance(w, LipschitzWitness):
            return self.property == "L-smooth" and is_zero_identity(w.expr, self.expr) and w.L == self.parameter
        same = is_zero_identity(getattr(w, "expr", sp.nan), self.expr)
        if isinstance(w, SingularHessianWitness):
            return self.property == "strongly convex" and same
        if isinstance(w, KinkWitness):
            return self.property == "L-smooth" and same
        if isinstance(w, BoundedSlopeWitness):
            return self.property == "strongly convex" and same
        if isinstance(w, CurvatureFamilyWitness):
            wanted = ("vanishing",) if self.property == "strongly convex" else ("above", "below")
            return self.property in ("strongly convex", "L-smooth") and w.bound in wanted and same
        if isinstance(w, AffineSegmentWitness):
            return self.property in ("strictly convex", "strongly convex") and same
        if isinstance(w, GeometricJensenWitness):
            return self.property == w.kind and same
        if isinstance(w, QuasiJensenWitness):
            return self.property == w.kind and same
        if self.property in ("quasiconvex", "quasiconcave", "log-convex", "log-concave"):
            return False
        if not isinstance(w, JensenWitness):
            return False
        if self.property in ("strictly convex", "strongly convex") and self.parameter is None:
            return is_zero_identity(w.expr, self.expr)
        if w.kind != "strict":
            return False
        return any(is_zero_identity(w.expr, t) for t in self._targets())

    def explain(self) -> str:
        """A few lines of text: the verdict, the reason, the evidence or witness."""
        what = self.property + (f" (parameter {self.parameter})" if self.parameter is not None else "")
        lines = [f"{self.expr} on {self.domain.describe()}: {what}: {self.status}", f"  reason: {self.reason}"]
        for ev in self.evidence:
            if ev is self.witness:
                continue
            lines.append(f"  evidence: {ev.summary()}")
            if isinstance(ev, DCPStep):
                lines.append(ev.tree(2))
        if self.witness is not None:
            lines.append(f"  witness: {self.witness_text()}")
        return "\n".join(lines)

    def witness_text(self) -> str:
        """The witness as the inequality that holds for the user's ``f`` (empty without a witness).

        A concavity question stores its Jensen witness for ``-f``; the text
        states the reverse inequality for ``f`` itself (``f(mid) < mean``).  A
        witness for a transformed function (``f - m/2 ||x||^2``) names it.
        """
        w = self.witness
        if w is None:
            return ""
        if isinstance(w, JensenWitness):
            if is_zero_identity(w.expr, self.expr):
                return w.statement(1, "f")
            if is_zero_identity(w.expr, -self.expr):
                return w.statement(-1, "f") + " (f is not concave)"
            return w.statement(1, "g") + f", where g = {w.expr}"
        return w.summary()

    # -- display (symopt.display's conventions) ------------------------------------------

    def __repr__(self) -> str:
        from .display import short_repr

        head = f"{self.property}: {self.status}"
        fields: dict = {"f": str(self.expr), "on": self.domain.describe()}
        if self.parameter is not None:
            fields["parameter"] = str(self.parameter)
        if self.status == "proved":
            fields["evidence"] = "; ".join(type(ev).__name__ for ev in self.evidence)
        elif self.status == "refuted":
            fields["witness"] = type(self.witness).__name__
        else:
            fields["reason"] = self.reason
        return short_repr("Verdict", head, **fields)

    def _display_rows(self) -> list:
        rows: list = [["question", f"is f {self.property} on {self.domain.describe()}?"],
                      ["f", self.expr], ["status", self.status]]
        if self.parameter is not None:
            rows.append(["parameter", self.parameter])
        if self.reason:
            rows.append(["reason", self.reason])
        for ev in self.evidence:
            if ev is not self.witness:
                rows.append([f"evidence ({type(ev).__name__})", ev.summary()])
        if self.witness is not None:
            rows.append([f"witness ({type(self.witness).__name__})", self.witness_text()])
        return rows

    def _repr_html_(self) -> str:
        from .display import html_table

        note = {"proved": "check() re-verifies the evidence independently of the search that found it",
                "refuted": "check() re-verifies the witness in exact arithmetic",
                "unknown": "nothing is claimed"}[self.status]
        return html_table(["", ""], self._display_rows(), title=f"Verdict: {self.property}: {self.status}",
                          notes=[note], math=True)

    def _repr_markdown_(self) -> str:
        from .display import markdown_table

        return markdown_table(["", ""], self._display_rows(), title=f"Verdict: {self.property}: {self.status}")

    def to_json(self) -> dict:
        """The same dict as :meth:`to_dict` (kept as an alias for one release: it never returned JSON text)."""
        return self.to_dict()

    def to_dict(self) -> dict:
        """A JSON-ready dict with keys ``status``, ``property``, ``reason``, ``witness``, ``evidence``, ...

        ``json.dumps(verdict.to_dict())`` is the JSON text.
        """
        return {
            "status": self.status,
            "property": self.property,
            "reason": self.reason,
            "witness": None if self.witness is None else {**self.witness.to_json(), "statement": self.witness_text()},
            "evidence": [ev.to_json() for ev in self.evidence],
            "parameter": None if self.parameter is None else str(self.parameter),
            "domain": self.domain.describe(),
            "expr": str(self.expr),
        }
