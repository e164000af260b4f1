"""Kinds of critical points: the Hessian's inertia, and higher-order tests where it is singular.

* rational points: the Hessian's inertia exactly (:func:`~symopt.core.points.classify_hessian`),
  then the higher-order test in one variable (first non-vanishing derivative) or in
  several (:func:`~symopt.critical.check.higher_order_nd`, deterministic, so the
  checker re-runs it);
* algebraic points: an Arb enclosure of the Hessian and Weyl's bound
  (:func:`~symopt.exact.interval.weyl_inertia`); in one variable, the exact
  higher-order test (``f^(k)(theta) = 0`` iff the minimal polynomial divides ``f^(k)``);
* SymPy's exact solutions: the same, with :func:`~symopt.core.points.exact_sign`.
"""

from __future__ import annotations

from typing import Any, Sequence

import sympy as sp

from ..core.objective import Objective
from ..core.points import CriticalPoint, classify_hessian, exact_sign
from ..exact.interval import weyl_inertia
from .check import _arb_mpoly, _arb_poly, _kind_from_inertia, _Prec, _ring, higher_order_nd, rationalize


def _hessian_terms(hess: sp.Matrix, variables: Sequence[sp.Symbol]) -> list:
    n = len(variables)
    R = _ring(variables)
    return [[list(R.from_expr(hess[i, j]).terms()) for j in range(n)] for i in range(n)]


def kind_algebraic(obj: Objective, point: dict, factors: list, balls: list, hess: sp.Matrix, prec: int):
    """Kind of a critical point of a polynomial: exact for rational points, Arb + Weyl otherwise."""
    variables = obj.variables
    n = len(variables)
    if all(v.is_Rational for v in point.values()):
        H = hess.xreplace(point)
        kind, eig, reason = classify_hessian(H)
        if kind == "inconclusive" and n == 1:
            kind, reason = _higher_order_1d(obj, hess, factors[0], balls[0], prec, reason)
        elif kind == "inconclusive":
            kind, reason = higher_order_nd(rationalize(obj.expr), obj.variables, point, reason)
        return kind, eig, reason
    terms = _hessian_terms(hess, variables)
    with _Prec(prec):
        H = [[_arb_mpoly(terms[i][j], balls) for j in range(n)] for i in range(n)]
        mid = [[float(h.mid()) for h in row] for row in H]
        rad = [[float(h.rad()) for h in row] for row in H]
    res = weyl_inertia(mid, rad)
    if res is not None:
        pos, neg, eig = res
        kind, reason = _kind_from_inertia(pos, neg, n, "eigenvalue signs certified by Weyl's bound on an Arb enclosure of the Hessian")
        return kind, eig, reason
    if n == 1:
        kind, reason = _higher_order_1d(obj, hess, factors[0], balls[0], prec, "f'' = 0 at the point")
        return kind, (), reason
    return "inconclusive", (), "the Hessian is singular at this algebraic point (its eigenvalue enclosure contains 0); no higher-order test in several variables"


def _higher_order_1d(obj: Objective, hess: sp.Matrix, factor: Any, ball: Any, prec: int, fallback: str) -> tuple[str, str]:
    """First non-vanishing derivative f^(k) at a root of the irreducible ``factor`` (exact test:
    f^(k)(theta) = 0 iff the minimal polynomial divides f^(k)); its sign from an Arb ball."""
    (x,) = obj.variables
    d = sp.Poly(hess[0, 0], x, domain=sp.QQ)
    m = sp.Poly(list(reversed([int(c) for c in factor.coeffs()])), x, domain=sp.QQ)
    for k in range(3, 40):
        d = d.diff(x)
        if d.is_zero:
            return "inconclusive", f"{fallback}; every derivative vanishes"
        if d.rem(m).is_zero:
            continue
        coeffs = list(reversed(d.all_coeffs()))
        with _Prec(prec):
            val = _arb_poly(coeffs, ball)
            s = 1 if val > 0 else (-1 if val < 0 else 0)
        if s == 0:
            return "inconclusive", f"{fallback}; sign of f^({k}) not separated from 0"
        if k % 2:
            return "saddle", f"f'' = ... = f^({k - 1}) = 0 and f^({k}) != 0 with k = {k} odd: inflection (saddle point); exact test"
        kind = "minimum" if s > 0 else "maximum"
        return kind, f"higher-order test: first non-zero derivative f^({k}) {'>' if s > 0 else '<'} 0, k even; exact test"
    return "inconclusive", f"{fallback}; derivatives up to order 40 vanish"


def classify_exact(self: Objective, point: dict) -> CriticalPoint:
    H = self.hessian.xreplace(point)
    kind, eig, reason = classify_hessian(H)
    if kind == "inconclusive" and self.n == 1 and not H.free_symbols:
        kind, reason = _higher_order_test(self, point, reason)
    return CriticalPoint(point, kind, eig, False, reason)


def _higher_order_test(self: Objective, point: dict, fallback: str) -> tuple[str, str]:
    (x,) = self.variables
    d = self.hessian[0, 0]
    for k in range(3, 13):
        d = d.diff(x)
        s = exact_sign(d.xreplace(point))
        if s is None:
            return "inconclusive", f"{fallback}; sign of f^({k}) undecided"
        if s == 0:
            continue
        if k % 2:
            return "saddle", f"f''=...=f^({k - 1})=0 and f^({k})!=0 with k={k} odd: inflection (saddle point)"
        kind = "minimum" if s > 0 else "maximum"
        return kind, f"higher-order test: first non-zero derivative f^({k}) {'>' if s > 0 else '<'} 0, k even"
    return "inconclusive", f"{fallback}; derivatives up to order 12 vanish"
