r"""Evidence for convexity: the base classes and the Hessian certificates, each re-checkable on its own.

A proof carries :class:`Evidence` objects and a refutation a :class:`Witness`;
every ``check()`` here re-derives its claim with :mod:`symopt.exact` and
knows nothing of the search that produced it (this module imports only
:mod:`symopt.core`, :mod:`symopt.exact` and floor 0):

* :class:`Nonnegative`: ``expr >= 0`` on a box, through an identity
  ``expr == form`` (checked by expansion) and an interval enclosure of ``form``,
  a univariate root count (Sturm), a sum of squares, or a branch-and-bound
  cover of the box;
* :class:`PrincipalMinors`, :class:`LeadingMinors`, :class:`DiagonalPSD`,
  :class:`IntervalHessianCover` and the exact
  :class:`~symopt.exact.linalg.LDLFactorization`: the Hessian is PSD (PD);
* :class:`HessianCertificate` ties such matrix evidence to ``f``: twice
  differentiable on the box with that Hessian.

The composition-rule trees live in :mod:`~symopt.convexity.evidence_dcp`,
reductions and combinations in :mod:`~symopt.convexity.evidence_combine` and
:mod:`~symopt.convexity.evidence_pieces`, counterexamples in
:mod:`~symopt.convexity.witnesses`.

    >>> import sympy as sp
    >>> from symopt.core.domain import Box
    >>> x = sp.Symbol("x", real=True)
    >>> Nonnegative(x**2 + 1, Box.whole((x,)), "enclosure", x**2 + 1).check()
    True
"""

from __future__ import annotations

from typing import Sequence


import functools
import itertools
from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..core.domain import Bound, Box
from ..exact import interval as ivl
from ..exact.linalg import LDLFactorization, covers, interval_psd
from ..exact.signs import (
    CHECK_PRECISION,
    const_sign,
    defined_on,
    gap_sign,
    interior_sample,
    is_smooth,
    is_zero_identity,
    prove_sign,
    twice_differentiable,
    value_at,
)


__all__ = [
    "Evidence",
    "Witness",
    "certifies_convex",
    "certifies_strict",
    "every_certifies",
    "safe_check",
    "Nonnegative",
    "Definedness",
    "PrincipalMinors",
    "LeadingMinors",
    "DiagonalPSD",
    "IntervalHessianCover",
    "HessianCertificate",
    "FormStrictness",
    "LeadingFormStrictness",
    "leading_form",
    "form_degree",
    "cube_face",
]


def certifies_convex(ev: Any, g: sp.Expr) -> bool:
    """``ev`` is (structurally) a convexity certificate for exactly ``g``; run ``ev.check()`` too.

    Each evidence class declares what it certifies (:meth:`Evidence.proves_convex`).
    """
    method = getattr(ev, "proves_convex", None)
    return bool(method(g)) if method is not None else False


def every_certifies(evidence: Sequence[Any], target: sp.Expr) -> bool:
    """At least one piece of evidence, and each one proves ``target`` convex and re-checks."""
    return bool(evidence) and all(certifies_convex(ev, target) and ev.check() for ev in evidence)


def certifies_strict(ev: Any, g: sp.Expr) -> bool:
    """``ev`` is (structurally) a strict-convexity certificate for exactly ``g`` (:meth:`Evidence.proves_strict`)."""
    method = getattr(ev, "proves_strict", None)
    return bool(method(g)) if method is not None else False


def safe_check(check: Any) -> Any:
    """A witness check that meets arithmetic SymPy cannot do (huge exact powers) answers ``False``, not a traceback."""
    @functools.wraps(check)
    def wrapped(self: Any) -> bool:
        try:
            return bool(check(self))
        except (OverflowError, ValueError, TypeError, RecursionError, ZeroDivisionError):
            return False

    return wrapped


class Evidence:
    """Base class of proof objects: ``check()`` re-verifies, ``summary()`` describes.

    A class that certifies convexity (or strict convexity) of a function
    overrides :meth:`proves_convex` (:meth:`proves_strict`): the structural
    test that it is about that very function, which containers such as
    :class:`SumOfConvex` ask of their parts' evidence.
    """

    def check(self) -> bool:  # pragma: no cover - overridden
        return False

    def summary(self) -> str:  # pragma: no cover - overridden
        return type(self).__name__

    def to_json(self) -> dict:
        return {"kind": type(self).__name__, "summary": self.summary()}

    def proves_convex(self, g: sp.Expr) -> bool:
        """Whether this evidence, when it checks, shows that exactly ``g`` is convex (structure only)."""
        return False

    def proves_strict(self, g: sp.Expr) -> bool:
        """Whether this evidence, when it checks, shows that exactly ``g`` is strictly convex (structure only)."""
        return False


class Witness(Evidence):
    """Base class of counterexamples (their classes live in :mod:`symopt.convexity.witnesses`)."""


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
    * ``"log-substitution"``: one variable ``x > 0``, ``data = (t, inner)``: ``inner`` shows
      ``expr(e^t) >= 0`` on an interval of ``t`` that holds ``log`` of the box (``log(x)**2``'s
      ``f'' = 2 (1 - log x)/x^2`` on ``(0, e]``: ``2 (1 - t) e^{-2t} >= 0`` for ``t <= 1``);
    * ``"root-substitution"``: one variable ``x >= 0``, ``data = (u, q, inner)``: ``inner`` shows
      ``expr(u^q) >= 0`` for ``u >= 0`` on an interval holding the ``q``-th roots of the box (``x = u^q`` is
      increasing onto ``[0, oo)``: ``e^sqrt(x) (sqrt(x) - 1)/x^(3/2)`` becomes ``e^u (u - 1)/u^3``);
    * ``"sos-shift"``: ``expr`` at ``x = lo + u^2`` (or ``hi - u^2``) is a sum of
      squares in ``u`` (an ``"sos"`` evidence), so ``expr >= 0`` for ``x >= lo``
      (``x <= hi``): every such ``x`` is ``lo + u^2`` for a real ``u``.
    * ``"terms"``: ``form`` is a sum whose terms each have their own :class:`Nonnegative` on the same box
      (``data``, one per term, in order); with ``strict`` at least one of them is strict
      (``1/x^2 + 1/(1 - x - y)^2 > 0`` on an open box, where no single enclosure of the sum is finite).
    * ``"quotient"``: ``expr = num/den`` with ``data = (num_ev, den_ev)``: ``den > 0`` on the box and ``num >= 0``
      (``> 0`` when strict) on the box or on its closure (a polynomial numerator proved on the closed box by
      branch-and-bound while the quotient blows up at the open ends).

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
        if self.method == "quotient":
            num, den = self.data
            closure = Box(self.box.variables, tuple(Bound(b.lo, b.hi) for b in self.box.bounds))
            if not (isinstance(num, Nonnegative) and isinstance(den, Nonnegative) and den.strict
                    and (num.strict or not self.strict) and num.box in (self.box, closure) and den.box == self.box):
                return False
            return is_zero_identity(self.expr * den.expr, num.expr) and num.check() and den.check()
        if self.method == "terms":
            # a sum of terms each >= 0 is >= 0, and > 0 when one of them is > 0
            parts = self.data
            if len(parts) < 2 or not all(isinstance(ev, Nonnegative) and ev.box == self.box for ev in parts):
                return False
            if list(sp.Add.make_args(self.form)) != [ev.expr for ev in parts]:
                return False
            if self.strict and not any(ev.strict for ev in parts):
                return False
            return all(ev.check() for ev in parts)
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
        if self.method == "log-substitution":
            # one variable x > 0: h(x) = k(log x) and k >= 0 on an interval holding log(box) (the monotone substitution
            # x = e^t maps (0, oo) onto R), so h >= 0 (> 0) wherever k is
            if len(self.box.variables) != 1:
                return False
            (x,) = self.box.variables
            t, inner = self.data
            b = self.box.bound(x)
            if not (isinstance(inner, Nonnegative) and inner.box.variables == (t,) and t not in self.expr.free_symbols
                    and t.is_real and (inner.strict or not self.strict)) or b.lo is -sp.oo or b.lo < 0:
                return False
            tb = inner.box.bound(t)
            low_ok = tb.lo is -sp.oo or (b.lo > 0 and gap_sign(b.lo - sp.exp(tb.lo))[0] in (0, 1))
            high_ok = tb.hi is sp.oo if b.hi is sp.oo else (tb.hi is sp.oo or gap_sign(sp.exp(tb.hi) - b.hi)[0] in (0, 1))
            if not (low_ok and high_ok) or (tb.lo_strict or tb.hi_strict):
                return False
            if b.lo == 0 and not b.lo_strict:
                return False  # log 0 is not a real number
            return is_zero_identity(inner.expr, self.expr.xreplace({x: sp.exp(t)})) and inner.check()
        if self.method == "root-substitution":
            # one variable x >= 0: x = u^q (u >= 0) is increasing from [0, oo) onto itself, so every x of the box is
            # u^q for a u in [x_lo^(1/q), x_hi^(1/q)], inside the inner interval; h(x) = k(u) >= 0 (> 0) there
            if len(self.box.variables) != 1:
                return False
            (x,) = self.box.variables
            u, q, inner = self.data
            b = self.box.bound(x)
            if not (isinstance(q, int) and q >= 2 and isinstance(inner, Nonnegative) and inner.box.variables == (u,)
                    and u not in self.expr.free_symbols and u.is_nonnegative and (inner.strict or not self.strict)):
                return False
            ub = inner.box.bound(u)
            if b.lo is -sp.oo or b.lo < 0 or ub.lo is -sp.oo or ub.lo < 0 or ub.lo ** q > b.lo:
                return False
            if ub.lo_strict and not (b.lo_strict and ub.lo ** q == b.lo):
                return False
            if b.hi is sp.oo:
                if ub.hi is not sp.oo:
                    return False
            elif ub.hi is not sp.oo and (ub.hi ** q < b.hi or (ub.hi_strict and not (b.hi_strict and ub.hi ** q == b.hi))):
                return False
            return is_zero_identity(inner.expr, self.expr.xreplace({x: u**q})) and inner.check()
        if self.method == "branch-and-bound":
            boxes = self.data
            if not covers(boxes, self.box):
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
        if not covers(self.boxes, self.box):
            return False
        for sub in self.boxes:
            env = {v: (lo, hi) for v, (lo, hi) in zip(self.box.variables, sub)}
            if not interval_psd(self.hessian, env, strict=self.strict, prec=CHECK_PRECISION):
                return False
        return True

    def summary(self) -> str:
        return f"interval Hessian PSD on each of {len(self.boxes)} sub-boxes covering {self.box.describe()}"


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
            ok = ok and inner.box in (self.box, self.box.interior())  # continuous on the box, PSD Hessian inside
        elif isinstance(inner, DiagonalPSD):
            ok = ((inner.strict or not self.strict)
                  and all(is_zero_identity(H[i, j], inner.H[i, j]) for i in range(H.shape[0]) for j in range(H.shape[0]))
                  and all(ev.box in (self.box, self.box.interior()) for ev in inner.entries))
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

    def proves_convex(self, g: sp.Expr) -> bool:
        return is_zero_identity(self.f, g)

    def proves_strict(self, g: sp.Expr) -> bool:
        return self.strict and is_zero_identity(self.f, g)

    def summary(self) -> str:
        what = "positive definite" if self.strict else "positive semidefinite"
        return f"Hessian {what} on {self.box.describe()}: {self.inner.summary()}"

    def to_json(self) -> dict:
        return {"kind": "HessianCertificate", "summary": self.summary(), "inner": self.inner.to_json()}



def form_degree(H: sp.Matrix, variables: tuple) -> int | None:
    """The common total degree of a matrix's nonzero entries when each is a form with rational coefficients."""
    degree = None
    for e in H:
        e = sp.expand(e)
        if e == 0:
            continue
        try:
            p = sp.Poly(e, *variables)
        except sp.PolynomialError:
            return None
        if not p.is_homogeneous or any(not c.is_Rational for c in p.coeffs()):
            return None
        if degree is None:
            degree = p.total_degree()
        elif p.total_degree() != degree:
            return None
    return degree


def cube_face(variables: tuple, k: int) -> Box:
    """The face ``x_k = 1`` of the cube ``[-1, 1]^n``, as a box in the other variables."""
    others = tuple(variables[:k]) + tuple(variables[k + 1:])
    return Box(others, tuple(Bound(sp.Integer(-1), sp.Integer(1)) for _ in others))


@dataclass(frozen=True)
class FormStrictness(Evidence):
    r"""Strict convexity of a convex polynomial whose Hessian entries are forms of one even degree ``d``.

    :math:`H(tx) = t^d H(x)` and :math:`H(-x) = H(x)`, so :math:`\det H(tx) = t^{nd} \det H(x)` and every
    :math:`x \ne 0` is :math:`|x_k|` times a point of a face :math:`\{x_k = 1, |x_j| \le 1\}` up to sign:
    :math:`\det H > 0` on the ``n`` faces gives :math:`\det H \ne 0` off the origin.  ``f`` is convex (its
    evidence), so :math:`H \succeq 0`, hence :math:`H \succ 0` off the origin; on any segment
    :math:`v^\top H v > 0` except at one point at most, so ``f`` is affine on no segment: strictly convex
    (the Hessian is positive definite off a set that contains no segment).

    Attributes:
        f: the polynomial (rational coefficients).
        variables: its variables.
        box: the domain.
        degree: the common degree ``d`` of the Hessian's nonzero entries.
        convexity: evidence that ``f`` is convex on the box.
        faces: per variable ``x_k``, a strict :class:`Nonnegative` for :math:`\det H` at ``x_k = 1`` on
            :func:`cube_face`.
    """

    f: sp.Expr
    variables: tuple
    box: Box
    degree: int
    convexity: tuple
    faces: tuple

    def check(self) -> bool:
        vs = tuple(self.variables)
        n = len(vs)
        if n < 2 or tuple(self.box.variables) != vs or len(self.faces) != n or self.degree % 2:
            return False
        try:
            if any(not c.is_Rational for c in sp.Poly(self.f, *vs).coeffs()):
                return False
        except sp.PolynomialError:
            return False
        H = sp.hessian(self.f, vs)
        if form_degree(H, vs) != self.degree:
            return False
        det = sp.expand(H.det(method="berkowitz"))
        for k, ev in enumerate(self.faces):
            if not (isinstance(ev, Nonnegative) and ev.strict and ev.box == cube_face(vs, k)):
                return False
            if not is_zero_identity(ev.expr, det.xreplace({vs[k]: sp.Integer(1)})) or not ev.check():
                return False
        return bool(self.convexity) and all(certifies_convex(ev, self.f) and getattr(ev, "box", self.box) == self.box
                                            and ev.check() for ev in self.convexity)

    def proves_strict(self, g: sp.Expr) -> bool:
        return is_zero_identity(self.f, g)

    def summary(self) -> str:
        return (f"convex, and det H > 0 on the {len(self.faces)} faces x_k = 1 of the cube (the Hessian's entries are "
                f"forms of degree {self.degree}): H positive definite off the origin, which holds no segment")


def leading_form(f: sp.Expr, variables: tuple) -> tuple[int, sp.Expr] | None:
    """``(k, f_k)``: the total degree of a polynomial with rational coefficients and its homogeneous part of that degree."""
    try:
        p = sp.Poly(f, *variables)
    except sp.PolynomialError:
        return None
    if p.is_zero or any(not c.is_Rational for c in p.coeffs()):
        return None
    k = p.total_degree()
    top = sp.Add(*[c * sp.Mul(*[v**e for v, e in zip(variables, m)]) for m, c in p.terms() if sum(m) == k])
    return k, top


@dataclass(frozen=True)
class LeadingFormStrictness(Evidence):
    r"""Strict convexity of a convex polynomial whose leading form is positive definite.

    On a segment :math:`a + t v` the polynomial :math:`\varphi(t) = f(a + t v)` has :math:`t^k`-coefficient
    :math:`f_k(v)`, where :math:`f_k` is the homogeneous part of top degree ``k >= 2`` (even).  If
    :math:`f_k(v) > 0` for every :math:`v \ne 0` then :math:`\varphi''` is a nonzero polynomial, so ``f`` is affine on
    no segment; being convex (its evidence), it is strictly convex.  :math:`f_k > 0` off the origin follows from
    :math:`f_k > 0` on the ``n`` faces ``x_k = 1`` of the cube (homogeneity, and :math:`f_k(-v) = f_k(v)`).
    ``x**4 + 6*x**2*y**2 + y**4``: its Hessian is singular on the lines ``x = +-y``, yet no segment is flat.

    Attributes:
        f, variables, box: the polynomial, its variables, the domain.
        degree: the total degree ``k``.
        convexity: evidence that ``f`` is convex on the box.
        faces: per variable, a strict :class:`Nonnegative` for :math:`f_k` at ``x_k = 1`` on :func:`cube_face`.
    """

    f: sp.Expr
    variables: tuple
    box: Box
    degree: int
    convexity: tuple
    faces: tuple

    def check(self) -> bool:
        vs = tuple(self.variables)
        if tuple(self.box.variables) != vs or len(self.faces) != len(vs) or not vs:
            return False
        lead = leading_form(self.f, vs)
        if lead is None or lead[0] != self.degree or self.degree < 2 or self.degree % 2:
            return False
        top = lead[1]
        for k, ev in enumerate(self.faces):
            face = cube_face(vs, k)
            if not (isinstance(ev, Nonnegative) and ev.strict and ev.box == face):
                return False
            if not is_zero_identity(ev.expr, top.xreplace({vs[k]: sp.Integer(1)})) or not ev.check():
                return False
        return bool(self.convexity) and all(certifies_convex(ev, self.f) and getattr(ev, "box", self.box) == self.box
                                            and ev.check() for ev in self.convexity)

    def proves_strict(self, g: sp.Expr) -> bool:
        return is_zero_identity(self.f, g)

    def summary(self) -> str:
        return (f"convex, and its leading form (degree {self.degree}) is > 0 on the {len(self.faces)} faces x_k = 1 of "
                "the cube, hence positive definite: f is a polynomial of exact degree along every line, affine on no segment")
