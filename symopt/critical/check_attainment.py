r"""Evidence that a polynomial's minimum over ``R^n`` is attained, and its checkers.

An evidence module (imports only ``symopt.core``, ``symopt.exact``, floor 0 and the
evidence modules of this package): it re-checks a certificate, it never searches.

**Lower-bound trees.**  A :class:`LowerBound` node claims ``expr >= value`` on ``R^n``;
each rule is re-checked locally:

* ``number``: ``expr`` is the rational ``value``;
* ``even power``: ``expr = u^(2k)`` and ``value = 0``;
* ``power``: ``expr = u^k`` (``k >= 1``), its part proves ``u >= b >= 0`` and ``value = b^k``;
* ``sum``: ``expr`` is (as an identity) the sum of its parts and ``value`` the sum of their bounds;
* ``product``: ``expr`` is the product of its parts, every part's bound is ``>= 0`` and
  ``value`` is the product of the bounds (``u >= a >= 0, v >= b >= 0`` give ``uv >= ab``);
* ``univariate``: ``expr - value`` is a polynomial in one variable whose factors of odd
  multiplicity have no real root (Sturm) and which is positive at a rational point;
* ``invariant``: ``expr`` is constant along rational directions ``d_1, ..., d_k``
  (``d . grad expr = 0`` identically) whose coordinates ``J`` form an invertible ``k x k``
  matrix; so every value of ``expr`` is taken on ``{x_J = 0}``, and the part bounds
  ``expr`` restricted there (a ridge function reduces to fewer variables);
* ``gram``: ``expr - value = a^T Q a`` as an identity, for atoms ``a = (a_1, ..., a_m)``
  (any polynomials) and a rational symmetric ``Q`` that is positive semidefinite by an
  exact ``LDL^T`` factorisation: a Gram certificate (sum of squares) over the atoms.

**Attainment.**  :class:`AttainmentCertificate` is one of

* ``lower bound``: a tree proves ``f >= L`` and the least critical value is exactly ``L``:
  the infimum ``L`` is attained at a critical point;
* ``minorant``: ``f = T_1 + ... + T_m`` and each term replaced by a minorant: itself, the
  constant of a tree proving ``T >= b``, or for ``T = c F_1 ... F_k`` (``c > 0``, trees proving
  ``F_i >= b_i > 0``) the polynomial ``(c/k) sum_i (prod_{j != i} b_j) F_i`` (as
  ``T >= c prod_{j != i} b_j F_i`` for each ``i``); the sum ``g <= f`` of the minorants is
  coercive (the separable AM-GM bound or a positive definite leading form, re-derived
  here), so is ``f``, and its minimum is attained at a critical point;
* ``substitution``: a triangular change of variables ``y_i -> (y_i + p_i)/c_i`` (``p_i`` free
  of every ``y_j``: a bijection of ``R^n``, its inverse ``y_i -> c_i y_i - p_i``) after which
  ``f`` is coercive (itself, or by a ``minorant`` certificate); a bijection keeps the minimum
  and whether it is attained;
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import sympy as sp

from ..exact.linalg import LDLFactorization
from .check_minimum import coercivity_bound, leading_form_positive

__all__ = ["LowerBound", "Term", "AttainmentCertificate", "check_lower_bound", "coercive_text", "minorant"]


@dataclass(frozen=True)
class LowerBound:
    """``expr >= value`` on ``R^n`` by ``rule`` (see the module docstring)."""

    rule: str
    expr: sp.Expr
    value: sp.Rational
    parts: tuple = ()
    atoms: tuple = ()
    gram: sp.ImmutableMatrix | None = None
    data: tuple = ()  # invariant: (symbols, direction rows, symbols set to 0)

    def describe(self) -> str:
        if self.rule == "gram":
            return f"a Gram (sum-of-squares) matrix over {len(self.atoms)} atoms, PSD by exact LDL^T"
        if self.rule in ("sum", "product"):
            inner = sorted({p.describe() for p in self.parts if p.rule not in ("number", "even power")})
            return f"{self.rule} of bounded parts" + (f" ({'; '.join(inner)})" if inner else "")
        return self.rule


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    return a == b or sp.expand(a - b) == 0


def _real_polynomial(e: sp.Expr) -> bool:
    """``e`` is a polynomial with rational coefficients (so real-valued on ``R^n``)."""
    if not isinstance(e, sp.Basic):
        return False
    if e.is_Rational:
        return True
    free = sorted(e.free_symbols, key=str)
    if not free or not all(s.is_Symbol for s in free):
        return False
    try:
        return all(c.is_Rational for c in sp.Poly(e, *free).coeffs())
    except sp.PolynomialError:
        return False


def check_lower_bound(node: LowerBound) -> bool:
    """Re-check ``node.expr >= node.value`` rule by rule (exact arithmetic); every expression
    in the tree must be a polynomial with rational coefficients (real-valued)."""
    v = node.value
    if not (isinstance(v, sp.Rational) or (isinstance(v, sp.Basic) and v.is_Rational)):
        return False
    if not _real_polynomial(node.expr):
        return False
    if node.rule == "number":
        return node.expr.is_Rational and node.expr == v
    if node.rule == "even power":
        e = node.expr
        return e.is_Pow and e.exp.is_Integer and e.exp > 0 and e.exp % 2 == 0 and v == 0
    if node.rule == "power":
        e = node.expr
        if not (e.is_Pow and e.exp.is_Integer and e.exp > 0 and len(node.parts) == 1):
            return False
        (p,) = node.parts
        return p.expr == e.base and p.value >= 0 and v == p.value ** e.exp and check_lower_bound(p)
    if node.rule == "sum":
        return (bool(node.parts) and v == sum(p.value for p in node.parts)
                and _same(node.expr, sp.Add(*[p.expr for p in node.parts]))
                and all(check_lower_bound(p) for p in node.parts))
    if node.rule == "product":
        return (bool(node.parts) and all(p.value >= 0 for p in node.parts)
                and v == sp.Mul(*[p.value for p in node.parts])
                and _same(node.expr, sp.Mul(*[p.expr for p in node.parts]))
                and all(check_lower_bound(p) for p in node.parts))
    if node.rule == "gram":
        Q = node.gram
        m = len(node.atoms)
        if Q is None or Q.shape != (m, m) or Q != Q.T or not all(q.is_Rational for q in Q):
            return False
        if not all(_real_polynomial(a) for a in node.atoms):
            return False
        a = sp.Matrix(node.atoms)
        if sp.expand(node.expr - v - (a.T * Q * a)[0, 0]) != 0:
            return False
        try:
            ldl = LDLFactorization.of(sp.Matrix(Q))
        except ValueError:
            return False
        return ldl.sign == 1 and ldl.check()
    if node.rule == "univariate":
        return _univariate_nonnegative(node.expr - v)
    if node.rule == "invariant":
        return _check_invariant(node)
    return False


def _univariate_nonnegative(h: sp.Expr) -> bool:
    """``h >= 0`` on ``R`` for a polynomial in at most one variable: every factor of odd
    multiplicity has no real root (Sturm count) and ``h > 0`` at a rational point."""
    free = h.free_symbols
    if len(free) > 1:
        return False
    if not free:
        return h.is_Rational and h >= 0
    (x,) = free
    try:
        poly = sp.Poly(h, x)
    except sp.PolynomialError:
        return False
    if not all(c.is_Rational for c in poly.coeffs()):
        return False
    for g, k in poly.sqf_list()[1]:
        if k % 2 and g.degree() > 0 and g.count_roots() > 0:
            return False
    for k in range(poly.degree() + 2):
        value = poly.eval(sp.Integer(k))
        if value != 0:
            return value > 0
    return False


def _check_invariant(node: LowerBound) -> bool:
    """``expr`` is constant along the directions ``d`` (``d . grad expr = 0`` as an identity), the
    directions restricted to the zeroed coordinates ``J`` form an invertible matrix (every point
    moves along them into ``{x_J = 0}``), and the part bounds ``expr`` there."""
    if len(node.data) != 3 or len(node.parts) != 1:
        return False
    symbols, rows, zeroed = node.data
    (part,) = node.parts
    if not node.expr.free_symbols <= set(symbols) or not set(zeroed) <= set(symbols) or len(rows) != len(zeroed):
        return False
    if not rows or any(len(r) != len(symbols) or not all(sp.sympify(c).is_Rational for c in r) for r in rows):
        return False
    try:
        if not all(c.is_Rational for c in sp.Poly(node.expr, *symbols).coeffs()):
            return False
    except sp.PolynomialError:
        return False
    for r in rows:
        if sp.expand(sum(c * sp.diff(node.expr, s) for c, s in zip(r, symbols))) != 0:
            return False
    cols = [list(symbols).index(s) for s in zeroed]
    if sp.Matrix([[r[j] for j in cols] for r in rows]).det() == 0:
        return False
    return (part.value == node.value and _same(part.expr, node.expr.xreplace({s: 0 for s in zeroed}))
            and check_lower_bound(part))


def minorant(coeff: sp.Rational, factors: Sequence[LowerBound]) -> sp.Expr:
    """``g = (c/k) sum_i (prod_{j != i} b_j) F_i``, a minorant of ``c F_1 ... F_k`` when every ``F_i >= b_i > 0``."""
    k = len(factors)
    return sp.expand(sum(coeff / k * sp.Mul(*[q.value for j, q in enumerate(factors) if j != i]) * p.expr
                         for i, p in enumerate(factors)))


def coercive_text(g: sp.Expr, variables: Sequence[sp.Symbol]) -> str | None:
    """How the polynomial ``g`` is proved coercive (AM-GM separable bound or PD leading form), or ``None``."""
    poly = sp.Poly(g, *variables)
    if coercivity_bound(poly.terms(), len(variables)) is not None:
        return "the weighted AM-GM separable bound"
    return leading_form_positive(g, variables)


@dataclass(frozen=True)
class Term:
    """One term ``T`` of ``f = sum T`` and its minorant: ``keep`` (``T`` itself), ``bound``
    (the constant of the tree ``parts[0]``), or ``product`` (``T = c F_1 ... F_k``, trees
    ``F_i >= b_i > 0``, minorant ``(c/k) sum_i (prod_{j != i} b_j) F_i``)."""

    kind: str
    expr: sp.Expr
    coeff: sp.Rational = sp.Integer(1)
    parts: tuple = ()

    def minorant(self) -> sp.Expr | None:
        """The checked minorant of ``expr``, or ``None`` when the entry does not prove one."""
        if self.kind == "keep":
            return self.expr
        if not self.parts or not all(check_lower_bound(p) for p in self.parts):
            return None
        if self.kind == "bound" and len(self.parts) == 1:
            return self.parts[0].value if _same(self.parts[0].expr, self.expr) else None
        if self.kind == "product":
            if not (self.coeff.is_Rational and self.coeff > 0 and all(p.value > 0 for p in self.parts)):
                return None
            if not _same(self.expr, self.coeff * sp.Mul(*[p.expr for p in self.parts])):
                return None
            return minorant(self.coeff, self.parts)
        return None


@dataclass(frozen=True)
class AttainmentCertificate:
    """Why the minimum of a polynomial ``f`` over ``R^n`` is attained (see the module docstring)."""

    kind: str  # "lower bound" | "minorant" | "substitution"
    f: sp.Expr
    variables: tuple
    parts: tuple = ()  # lower bound: (tree,); minorant: one Term per term of f
    remainder: sp.Expr = sp.Integer(0)  # substitution: f after it (coercive, or parts = (its minorant certificate,))
    substitution: tuple = ()  # substitution: ((y, c, p), ...) for y -> (y + p)/c

    def check(self, lower: sp.Expr, upper: sp.Expr) -> bool:
        """Re-check the certificate; ``lower``/``upper`` enclose the least critical value."""
        if self.kind == "substitution":
            return self._check_substitution()
        if not self.parts:
            return False
        if self.kind == "lower bound":
            (tree,) = self.parts
            return check_lower_bound(tree) and _same(tree.expr, self.f) and lower == upper == tree.value
        if self.kind == "minorant":
            if not all(isinstance(t, Term) and _real_polynomial(t.expr) for t in self.parts):
                return False
            if not _same(self.f, sp.Add(*[t.expr for t in self.parts])):
                return False
            pieces = [t.minorant() for t in self.parts]
            if any(g is None for g in pieces):
                return False
            g = sp.expand(sp.Add(*pieces))
            return not g.is_number and coercive_text(g, self.variables) is not None
        return False

    def _check_substitution(self) -> bool:
        """``y_i -> (y_i + p_i)/c_i`` with rational ``c_i != 0`` and polynomials ``p_i`` free of
        every substituted variable is a bijection of ``R^n`` (its inverse ``y_i -> c_i y_i - p_i``);
        ``f`` after it equals the coercive ``remainder``."""
        subs = self.substitution
        ys = [y for y, _, _ in subs]
        if not subs or len(set(ys)) != len(ys) or not set(ys) <= set(self.variables):
            return False
        for y, c, p in subs:
            if not (c.is_Rational and c != 0) or p.free_symbols & set(ys) or not p.free_symbols <= set(self.variables):
                return False
            if not sp.Poly(p, *self.variables).coeffs() or not all(q.is_Rational for q in sp.Poly(p, *self.variables).coeffs()):
                return False
        image = self.f.xreplace({y: (y + p) / c for y, c, p in subs})
        if not _same(image, self.remainder):
            return False
        if not self.parts:
            return coercive_text(sp.expand(self.remainder), self.variables) is not None
        (inner,) = self.parts
        return (isinstance(inner, AttainmentCertificate) and inner.kind == "minorant"
                and tuple(inner.variables) == tuple(self.variables) and _same(inner.f, self.remainder)
                and inner.check(None, None))


@dataclass(frozen=True)
class BoundReachedEvidence:
    """``min f = t`` over ``R^n`` without a complete list of critical points: a tree proving
    ``f >= t`` everywhere (:func:`check_lower_bound`) and a rational point ``z`` with
    ``f(z) = t`` exactly (a PSD quadratic whose minimisers form an affine set, a positive-
    dimensional critical set on which ``f`` reaches its bound)."""

    f: sp.Expr
    variables: tuple
    tree: LowerBound
    point: tuple

    def check(self, gm: object) -> bool:
        t = self.tree.value
        if not (check_lower_bound(self.tree) and _same(self.tree.expr, self.f)):
            return False
        if len(self.point) != len(self.variables) or not all(sp.sympify(c).is_Rational for c in self.point):
            return False
        z = dict(zip(self.variables, (sp.sympify(c) for c in self.point)))
        if sp.expand(self.f.xreplace(z)) != t:
            return False
        return (getattr(gm, "lower", None) == t == getattr(gm, "upper", None)
                and tuple(getattr(gm, "minimisers", ())) == (z,))
