"""Polynomials unbounded below: a certified ray along which ``f -> -oo``.

A polynomial ``f`` on ``R^n`` has no global minimum when some line ``t -> p + t d``
(rational ``p`` and ``d``) makes ``g(t) = f(p + t d)`` a univariate polynomial of degree
``>= 1`` with a negative leading coefficient: then ``g(t) -> -oo`` as ``t -> +oo``, so
``inf f = -oo``.  The certificate is the pair ``(p, d)``; :meth:`UnboundedBelowEvidence.check`
expands ``g`` exactly and reads its leading coefficient.

The search, all exact and of bounded size (no clock):

* the leading form ``f_k`` (the terms of top degree ``k``) at small primitive integer
  directions: ``f_k(d) < 0`` gives the ray from ``p = 0`` (``g`` has degree ``k`` and
  leading coefficient ``f_k(d)``); so does ``f_k(d) > 0`` when ``k`` is odd, with ``-d``;
* where ``f_k(d) = 0`` exactly the lower-degree terms decide: ``g(t) = f(p + t d)`` for base
  points ``p`` in ``{0, +-e_i}`` and for ``d`` and ``-d`` (``x^2 y^2 + x``: ``d = -e_x``);
* a seeded sample of the unit sphere, the least value of ``f_k`` rounded to a rational
  direction and confirmed exactly (``x^2 + 3 x y + y^2``: ``f_k(1, -1) = -1``).

No ray found is not a proof of anything: the caller keeps its ``unknown``.

>>> import sympy as sp
>>> x, y = sp.symbols("x y")
>>> ray = unbounded_ray(x**2 - y**2, (x, y))
>>> ray.check_ray()
True
>>> ray.direction
(0, 1)
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np
import sympy as sp

from .check import rationalize

__all__ = ["UnboundedBelowEvidence", "unbounded_ray"]

_T = sp.Dummy("t")

#: At most this many directions with ``f_k(d) = 0`` are tried from each base point.
MAX_ZERO_DIRECTIONS = 24
#: Points sampled on the unit sphere (seeded: the same points on every machine).
SPHERE_SAMPLES = 4000


@dataclass(frozen=True)
class UnboundedBelowEvidence:
    """``g(t) = f(point + t * direction)`` has degree ``>= 1`` and a negative leading
    coefficient, so ``f -> -oo`` along the ray: ``inf f = -oo`` and no minimum exists.

    Attributes:
        f: the polynomial (rational coefficients).
        variables: its variables, in order.
        point, direction: rationals, one per variable.
    """

    f: sp.Expr
    variables: tuple
    point: tuple
    direction: tuple

    def restriction(self) -> sp.Poly:
        """``g(t) = f(point + t direction)`` as a polynomial in ``t`` (exact)."""
        subs = {v: sp.Rational(p) + _T * sp.Rational(d) for v, p, d in zip(self.variables, self.point, self.direction)}
        return sp.Poly(sp.expand(self.f.xreplace(subs)), _T)

    def check_ray(self) -> bool:
        """Re-derive ``g`` and its leading coefficient's sign."""
        if len(self.point) != len(self.variables) or len(self.direction) != len(self.variables):
            return False
        if not all(sp.Rational(c).is_Rational for c in (*self.point, *self.direction)):
            return False
        g = self.restriction()
        return g.degree() >= 1 and g.LC() < 0

    def check(self, gm: Any) -> bool:
        """The evidence proves ``gm`` (status ``"unbounded"``) for ``gm``'s objective."""
        if gm.status != "unbounded" or gm.lower is not None:
            return False
        return self.check_ray()

    def describe(self) -> str:
        g = self.restriction().as_expr().subs(_T, sp.Symbol("t"))
        names = ", ".join(str(v) for v in self.variables)
        p = ", ".join(str(c) for c in self.point)
        d = ", ".join(str(c) for c in self.direction)
        return (f"f is unbounded below: on the line ({names}) = ({p}) + t ({d}), f = {g}, "
                f"which tends to -oo as t -> +oo (degree {sp.degree(g, sp.Symbol('t'))}, negative leading coefficient)")


def unbounded_ray(f: sp.Expr, variables: Sequence[sp.Symbol]) -> UnboundedBelowEvidence | None:
    """A certified ray along which the polynomial ``f`` tends to ``-oo``, or ``None``."""
    variables = tuple(variables)
    f = rationalize(sp.sympify(f))
    try:
        poly = sp.Poly(f, *variables)
    except sp.PolynomialError:
        return None
    if poly.is_zero or poly.total_degree() < 1 or not all(c.is_Rational for c in poly.coeffs()):
        return None
    k = poly.total_degree()
    top = [(m, Fraction(int(c.p), int(c.q))) for m, c in poly.terms() if sum(m) == k]
    n = len(variables)
    zero_directions = []
    for d in _integer_directions(n):
        value = _form_at(top, d)
        if value < 0:
            return _evidence(f, variables, (0,) * n, d)
        if value > 0 and k % 2 == 1:
            return _evidence(f, variables, (0,) * n, tuple(-c for c in d))
        if value == 0 and len(zero_directions) < MAX_ZERO_DIRECTIONS:
            zero_directions.append(d)
    sampled = _sphere_minimum(top, n)
    if sampled is not None and _form_at(top, sampled) < 0:
        return _evidence(f, variables, (0,) * n, sampled)
    for p in _base_points(n):
        for d in zero_directions:
            for sign in (1, -1):
                candidate = UnboundedBelowEvidence(f, variables, p, tuple(sign * c for c in d))
                if candidate.check_ray():
                    return candidate
    return None


def _evidence(f: sp.Expr, variables: tuple, p: tuple, d: tuple) -> UnboundedBelowEvidence | None:
    candidate = UnboundedBelowEvidence(f, variables, tuple(sp.Rational(c) for c in p), tuple(sp.Rational(c) for c in d))
    return candidate if candidate.check_ray() else None


def _form_at(terms: list, d: Sequence) -> Fraction:
    """The form ``sum c x^m`` at the rational point ``d`` (exact)."""
    total = Fraction(0)
    for m, c in terms:
        term = c
        for di, e in zip(d, m):
            term *= Fraction(di) ** e
        total += term
    return total


def _integer_directions(n: int) -> list[tuple]:
    """Primitive integer directions, one of each pair ``+-d``: entries in ``[-2, 2]`` for
    ``n <= 4``, in ``[-1, 1]`` for ``n <= 6``, else the coordinate axes and their pairs."""
    if n <= 6:
        r = 2 if n <= 4 else 1
        out = []
        for d in itertools.product(range(-r, r + 1), repeat=n):
            first = next((c for c in d if c), 0)
            if first > 0 and math.gcd(*d) == 1:
                out.append(d)
        return sorted(out, key=lambda d: (sum(map(abs, d)), [-c for c in d]))
    axes = [tuple(int(i == j) for j in range(n)) for i in range(n)]
    pairs = [tuple(int(j in (a, b)) * (1 if j == a else s) for j in range(n))
             for a, b in itertools.combinations(range(n), 2) for s in (1, -1)]
    return axes + pairs


def _sphere_minimum(terms: list, n: int) -> tuple | None:
    """A rational direction near the least value of the form on a seeded sample of the sphere."""
    rng = np.random.default_rng(20261208)
    pts = rng.standard_normal((SPHERE_SAMPLES, n))
    pts /= np.linalg.norm(pts, axis=1, keepdims=True)
    values = np.zeros(SPHERE_SAMPLES)
    for m, c in terms:
        values += float(c) * np.prod(pts ** np.array(m), axis=1)
    best = pts[int(np.argmin(values))]
    if not np.all(np.isfinite(best)) or float(np.min(values)) >= 0:
        return None
    return tuple(Fraction(float(c)).limit_denominator(1000) for c in best)


def _base_points(n: int) -> list[tuple]:
    """``0`` and ``+-e_i``: where a ray with ``f_k(d) = 0`` may start."""
    points = [(0,) * n]
    for i in range(n):
        for s in (1, -1):
            points.append(tuple(s if j == i else 0 for j in range(n)))
    return points
