"""Polynomials unbounded below along a weighted curve ``x_i = c_i t^(w_i)``.

A ray ``p + t d`` sees only the ordinary leading forms; Peano's surface
``(y - x^2)(y - 2x^2)`` tends to ``+oo`` along every ray yet ``f(t, 3t^2/2) = -t^4/4``.  With
integer weights ``w`` the restriction ``g(t) = f(c_1 t^(w_1), ..., c_n t^(w_n))`` is a polynomial
whose top coefficient is the weighted leading form ``F_w(c)``; a rational ``c`` with
``g`` of degree ``>= 1`` and negative leading coefficient proves ``inf f = -oo``.  The search
tries small weights (not all equal: that is the ray case) and ``c`` on a small grid; the
certificate ``(w, c)`` is re-expanded by :meth:`CurveEvidence.check`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Sequence

import sympy as sp

__all__ = ["CurveEvidence", "unbounded_curve"]

_C_VALUES = (1, -1, 2, -2, sp.Rational(3, 2), sp.Rational(-3, 2), sp.Rational(1, 2), sp.Rational(-1, 2), 3, -3)


def _restriction(f: sp.Expr, variables: Sequence[sp.Symbol], weights: tuple, coeffs: tuple) -> sp.Poly:
    t = sp.Dummy("t")
    return sp.Poly(sp.expand(f.xreplace({v: c * t**w for v, w, c in zip(variables, weights, coeffs)})), t)


@dataclass(frozen=True)
class CurveEvidence:
    """``inf f = -oo`` along ``x_i = c_i t^(w_i)``, ``t -> +oo`` (see the module docstring)."""

    f: sp.Expr
    variables: tuple
    weights: tuple
    coeffs: tuple

    def describe(self) -> str:
        curve = ", ".join(f"{v} = {c}*t**{w}" for v, w, c in zip(self.variables, self.weights, self.coeffs))
        return f"f -> -oo along the curve {curve} as t -> +oo (the restriction has a negative leading coefficient)"

    def check(self, gm: Any) -> bool:
        """Re-expand the restriction; ``gm`` must say ``"unbounded"``."""
        if gm.status != "unbounded" or len(self.weights) != len(self.variables) != len(self.coeffs):
            return False
        if not all(isinstance(w, int) and w >= 1 for w in self.weights):
            return False
        if not all(getattr(sp.sympify(c), "is_Rational", False) for c in self.coeffs):
            return False
        g = _restriction(self.f, self.variables, self.weights, self.coeffs)
        return g.degree() >= 1 and g.LC() < 0


def unbounded_curve(f: sp.Expr, variables: Sequence[sp.Symbol]) -> CurveEvidence | None:
    """A weighted curve along which the polynomial ``f -> -oo`` (up to three variables), or ``None``:
    for each weight vector, the weighted leading form ``F_w`` (the terms of largest ``<w, a>``) on a
    grid of ``c``; ``F_w(c) < 0`` is the restriction's leading coefficient."""
    variables = tuple(variables)
    n = len(variables)
    if n < 2 or n > 3 or not f.is_polynomial(*variables):
        return None
    poly = sp.Poly(sp.expand(f), *variables)
    if not all(c.is_Rational for c in poly.coeffs()):
        return None
    grid = _C_VALUES if n == 2 else _C_VALUES[:6]
    for weights in itertools.product((1, 2, 3), repeat=n):
        if len(set(weights)) == 1:
            continue
        top = max(sum(w * a for w, a in zip(weights, m)) for m in poly.monoms())
        if top < 1:
            continue
        lead = [(m, c) for m, c in poly.terms() if sum(w * a for w, a in zip(weights, m)) == top]
        for coeffs in itertools.product(grid, repeat=n):
            value = sum(c * sp.Mul(*[x**a for x, a in zip(coeffs, m)]) for m, c in lead)
            if value < 0:
                return CurveEvidence(f, variables, weights, tuple(sp.sympify(c) for c in coeffs))
    return None
