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
* ``gram``: ``expr - value = a^T Q a`` as an identity, for atoms ``a = (a_1, ..., a_m)``
  (any polynomials) and a rational symmetric ``Q`` that is positive semidefinite by an
  exact ``LDL^T`` factorisation: a Gram certificate (sum of squares) over the atoms.

**Attainment.**  :class:`AttainmentCertificate` is one of

* ``lower bound``: a tree proves ``f >= L`` and the least critical value is exactly ``L``:
  the infimum ``L`` is attained at a critical point;
* ``coercive minorant``: ``f = c F_1 ... F_k`` with ``c > 0`` and trees proving
  ``F_i >= b_i > 0``; then ``f >= c prod_{j != i} b_j F_i`` for each ``i``, so
  ``f >= g = (c/k) sum_i (prod_{j != i} b_j) F_i``, and ``g`` is coercive (the separable
  AM-GM bound or a positive definite leading form, re-derived here): so is ``f``, and its
  minimum is attained at a critical point.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import sympy as sp

from ..exact.linalg import LDLFactorization
from .check_minimum import coercivity_bound, leading_form_positive

__all__ = ["LowerBound", "AttainmentCertificate", "check_lower_bound", "coercive_text", "minorant"]


@dataclass(frozen=True)
class LowerBound:
    """``expr >= value`` on ``R^n`` by ``rule`` (see the module docstring)."""

    rule: str
    expr: sp.Expr
    value: sp.Rational
    parts: tuple = ()
    atoms: tuple = ()
    gram: sp.ImmutableMatrix | None = None

    def describe(self) -> str:
        if self.rule == "gram":
            return f"a Gram (sum-of-squares) matrix over {len(self.atoms)} atoms, PSD by exact LDL^T"
        if self.rule in ("sum", "product"):
            inner = sorted({p.describe() for p in self.parts if p.rule not in ("number", "even power")})
            return f"{self.rule} of bounded parts" + (f" ({'; '.join(inner)})" if inner else "")
        return self.rule


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    return a == b or sp.expand(a - b) == 0


def check_lower_bound(node: LowerBound) -> bool:
    """Re-check ``node.expr >= node.value`` rule by rule (exact arithmetic)."""
    v = node.value
    if not (isinstance(v, sp.Rational) or (isinstance(v, sp.Basic) and v.is_Rational)):
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
        a = sp.Matrix(node.atoms)
        if sp.expand(node.expr - v - (a.T * Q * a)[0, 0]) != 0:
            return False
        try:
            ldl = LDLFactorization.of(sp.Matrix(Q))
        except ValueError:
            return False
        return ldl.sign == 1 and ldl.check()
    return False


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
class AttainmentCertificate:
    """Why the minimum of a polynomial ``f`` over ``R^n`` is attained (see the module docstring)."""

    kind: str  # "lower bound" | "coercive minorant"
    f: sp.Expr
    variables: tuple
    coeff: sp.Rational = sp.Integer(1)
    parts: tuple = ()  # lower bound: (tree,); coercive minorant: one tree per factor

    def check(self, lower: sp.Expr, upper: sp.Expr) -> bool:
        """Re-check the certificate; ``lower``/``upper`` enclose the least critical value."""
        if not all(check_lower_bound(p) for p in self.parts) or not self.parts:
            return False
        if self.kind == "lower bound":
            (tree,) = self.parts
            return _same(tree.expr, self.f) and lower == upper == tree.value
        if self.kind == "coercive minorant":
            if not (self.coeff.is_Rational and self.coeff > 0 and all(p.value > 0 for p in self.parts)):
                return False
            if not _same(self.f, self.coeff * sp.Mul(*[p.expr for p in self.parts])):
                return False
            return coercive_text(minorant(self.coeff, self.parts), self.variables) is not None
        return False
