"""Evidence that a component given by a sum of squares holds only finitely many real critical points.

An evidence module (imports only ``symopt.core``, ``symopt.exact``, floor 0 and the
other evidence modules of this package).

When the gradient entries share a factor ``h`` (their gcd), the complex critical set
holds the hypersurface ``h = 0``.  Its *real* points may still be finitely many: if
``h = sum_j w_j q_j^2`` with rational ``w_j > 0`` and real polynomials ``q_j``, then
for real ``x``, ``h(x) = 0`` exactly when every ``q_j(x) = 0`` (a sum of non-negative
numbers is 0 only when each is).  So, with ``grad f = h_1^(m_1) ... h_k^(m_k) s``
(each ``h_i`` dividing every gradient entry),

    ``V_R(grad f) = V_R(s) ∪ V_R(q_(1,1), ..., q_(1,r_1)) ∪ ... ∪ V_R(q_(k,1), ...)``,

and the list is complete when each of those systems is zero-dimensional and solved
with its own :class:`~symopt.critical.check_algebraic.AlgebraicCertificate`.

:class:`SquaresCertificate` is re-checked without solving again: the factorisation of
the gradient (exact division), each identity ``h_i = sum w_j q_j^2`` (expansion,
``w_j > 0``), each sub-certificate on its own part of the list, the parts covering the
list, the listed points pairwise distinct (disjoint enclosures), and the kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import sympy as sp

from ..core.points import CriticalPoint, CriticalPoints
from .check import CheckResult, check_kinds, failed, rationalize, run_check
from .check_algebraic import AlgebraicCertificate

__all__ = ["SquaresCertificate", "is_sum_of_squares", "distinct_enclosures"]


def is_sum_of_squares(h: sp.Expr, weights: Sequence, bases: Sequence, variables: Sequence[sp.Symbol]) -> bool:
    """``h = sum_j w_j q_j^2`` identically, every ``w_j`` a positive rational and every ``q_j`` a
    polynomial with rational coefficients (so ``h(x) = 0`` on ``R^n`` iff every ``q_j(x) = 0``)."""
    if not weights or len(weights) != len(bases):
        return False
    for w, q in zip(weights, bases):
        w, q = sp.sympify(w), sp.sympify(q)
        if not (w.is_Rational and w > 0):
            return False
        if q.free_symbols - set(variables) or not all(c.is_Rational for c in sp.Poly(q, *variables).coeffs()):
            return False
    return sp.expand(h - sum(sp.sympify(w) * sp.sympify(q) ** 2 for w, q in zip(weights, bases))) == 0


def distinct_enclosures(points: Sequence[CriticalPoint]) -> bool:
    """Every two listed points have disjoint enclosures in some coordinate (so they differ)."""
    boxes = [cp.enclosure for cp in points]
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            if all(not (hi1 < lo2 or hi2 < lo1) for (lo1, hi1), (lo2, hi2) in zip(boxes[a], boxes[b])):
                return False
    return True


@dataclass(frozen=True)
class SquaresCertificate:
    """Evidence for a complete list when the gradient's common factors are sums of squares.

    Attributes:
        variables: the variables.
        main: the certificate of the gradient divided by its common factors (``s`` above).
        factors: each common factor ``h_i`` with its decomposition: ``(h_i, weights, bases)``.
        parts: one sub-certificate per factor (``None`` where a base is a non-zero constant:
            no real point).
        main_index: the listed points the main certificate accounts for (indices).
        part_index: the listed points each sub-certificate accounts for (indices).
    """

    variables: tuple
    main: AlgebraicCertificate
    factors: tuple
    parts: tuple
    main_index: tuple
    part_index: tuple

    def __repr__(self) -> str:
        eqs = ", ".join(str(h) for h, _, _ in self.factors)
        return f"SquaresCertificate(common factor(s) {eqs}, each a sum of squares; {len(self.parts)} part(s))"

    def verify_points(self, points: CriticalPoints) -> CheckResult:
        """Re-derive every claim (see the module docstring)."""
        obj = points.objective
        if tuple(self.variables) != tuple(obj.variables):
            return failed("the certificate is for other variables")
        variables = tuple(self.variables)
        nonzero = [g for g in (rationalize(g) for g in obj.gradient) if g != 0]
        if not _factorised(variables, nonzero, self.main.equations, [h for h, _, _ in self.factors]):
            return failed("the gradient is not the certified system times the common factors")
        for (h, weights, bases), part in zip(self.factors, self.parts):
            if not is_sum_of_squares(h, weights, bases, variables):
                return failed(f"{h} is not the stated sum of squares")
            if part is None:
                if not any(sp.sympify(q).is_number and q != 0 for q in bases):
                    return failed("a part without a certificate has no non-zero constant base")
            elif tuple(sp.expand(e) for e in part.equations) != tuple(sp.expand(q) for q in bases if q != 0):
                return failed("a part's certificate is not for the bases of its sum of squares")
        if len(self.parts) != len(self.factors) or len(self.part_index) != len(self.parts):
            return failed("a factor without its part")
        listed = list(points)
        real = [cp for cp in listed if cp.enclosure is not None]
        if len(real) != len(listed) or points.extra:
            return failed("a listed point has no enclosure")
        used = set(self.main_index).union(*self.part_index) if self.part_index else set(self.main_index)
        if used != set(range(len(listed))):
            return failed("the parts do not cover the list")
        if not distinct_enclosures(listed):
            return failed("two listed points are not shown distinct")
        result = self.main.check([listed[i] for i in self.main_index])
        if not result:
            return result
        for part, index in zip(self.parts, self.part_index):
            if part is None:
                if index:
                    return failed("a part with no real point lists points")
                continue
            result = part.check([listed[i] for i in index])
            if not result:
                return result
        return run_check(check_kinds, obj, listed, reason="a kind does not re-derive")


def _factorised(variables: tuple, gradient: list, equations: Sequence, factors: Sequence) -> bool:
    """Each gradient entry is its certified equation times factors from ``factors``, and every
    factor divides every gradient entry (so its zero set lies in the critical set)."""
    if len(gradient) != len(equations) or not factors:
        return False
    fpolys = [sp.Poly(h, *variables, domain=sp.QQ) for h in factors]
    if any(p.total_degree() < 1 for p in fpolys):
        return False
    monic = {p.monic() for p in fpolys}
    for g, e in zip(gradient, equations):
        G = sp.Poly(g, *variables, domain=sp.QQ)
        q, r = sp.div(G, sp.Poly(e, *variables, domain=sp.QQ))
        if not r.is_zero or q.is_zero:
            return False
        _, facs = q.factor_list()
        if any(f.total_degree() > 0 and f.monic() not in monic for f, _ in facs):
            return False
        if any(not G.rem(p).is_zero for p in fpolys):
            return False
    return True
