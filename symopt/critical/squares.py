"""Real points of components given by sums of squares (the search; evidence in :mod:`check_squares`).

When the gradient entries share a factor ``h``, the exact method reports the complex
hypersurface ``h = 0`` as a component and the list as incomplete.  If ``h`` is a sum
of squares of real polynomials, ``h = sum_j w_j q_j^2`` (``w_j > 0``), its real points
are the real solutions of ``q_1 = ... = q_r = 0``: often finitely many, and then the
critical list is complete after all (``(x^2 + y^2)^2``: the component
``x^2 + y^2 = 0`` has the one real point ``(0, 0)``).

The decomposition is searched with a Gram matrix: ``h = z^T G z`` over the monomials
``z`` of half degree allowed by the exponents of ``h``; each coefficient goes on the
diagonal where a square monomial produces it, else it is split evenly among the pairs
that do (pairs whose two squares appear in ``h`` first); an exact ``LDL^T`` of ``G`` with non-negative pivots ``d_k`` gives
``h = sum_k d_k (L^T z)_k^2``.  (A heuristic choice of ``G``; the identity itself is
re-checked by expansion, so a decomposition found is always right.)
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Sequence

import sympy as sp

from ..core.objective import Objective
from ..core.points import CriticalPoint, CriticalPoints
from ..exact.linalg import LDLFactorization
from .algebraic import _isolate, _univariate_representation
from .check import UnsupportedComplexity, _NotZeroDimensional, _ring, _sq
from .check_algebraic import AlgebraicCertificate
from .check_squares import SquaresCertificate, distinct_enclosures, is_sum_of_squares

__all__ = ["sum_of_squares", "real_points_of_components"]

#: Most monomials in the Gram basis (the matrix is exact; beyond this the search is skipped).
MAX_GRAM_MONOMIALS = 40


def sum_of_squares(h: sp.Expr, variables: Sequence[sp.Symbol]) -> tuple[tuple, tuple] | None:
    """``(weights, bases)`` with ``h = sum_j w_j q_j^2`` (``w_j > 0`` rational) or ``-h`` so, else ``None``."""
    for sign in (1, -1):
        found = _gram_squares(sp.expand(sign * h), tuple(variables))
        if found is not None:
            return found
    return None


def _gram_squares(h: sp.Expr, variables: tuple) -> tuple[tuple, tuple] | None:
    try:
        poly = sp.Poly(h, *variables, domain=sp.QQ)
    except (sp.PolynomialError, sp.polys.polyerrors.CoercionFailed):
        return None
    if poly.is_zero:
        return None
    terms = poly.terms()
    degrees = [sum(m) for m, _ in terms]
    if max(degrees) % 2 or min(degrees) % 2:
        return None
    top = [max(m[i] for m, _ in terms) // 2 for i in range(len(variables))]
    low, high = min(degrees) // 2, max(degrees) // 2
    basis = [m for m in itertools.product(*(range(t + 1) for t in top)) if low <= sum(m) <= high]
    if not basis or len(basis) > MAX_GRAM_MONOMIALS:
        return None
    pairs: dict[tuple, list] = {}
    for i, a in enumerate(basis):
        for j in range(i, len(basis)):
            pairs.setdefault(tuple(p + q for p, q in zip(a, basis[j])), []).append((i, j))
    G = sp.zeros(len(basis), len(basis))
    mixed = []
    for mono, c in terms:
        options = pairs.get(tuple(mono))
        if not options:
            return None
        diagonal = [(i, j) for i, j in options if i == j]
        if diagonal:
            i, _ = diagonal[0]
            G[i, i] += c
        else:
            mixed.append((options, c))
    for options, c in mixed:  # on pairs whose both squares are present, where there are such pairs
        supported = [(i, j) for i, j in options if G[i, i] > 0 and G[j, j] > 0]
        options = supported or options
        share = sp.Rational(c) / (2 * len(options))
        for i, j in options:
            G[i, j] += share
            G[j, i] += share
    try:
        ldl = LDLFactorization.of(G)
    except ValueError:
        return None
    if ldl.sign != 1:
        return None
    z = [sp.Mul(*[v**e for v, e in zip(variables, m)]) for m in basis]
    weights, bases = [], []
    for k, d in enumerate(ldl.D):
        if d == 0:
            continue
        q = sp.expand(sum(ldl.L[i, k] * z[i] for i in range(len(z))))
        weights.append(sp.Rational(d))
        bases.append(q)
    if not is_sum_of_squares(h, weights, bases, variables):
        return None
    return tuple(weights), tuple(bases)


def real_points_of_components(obj: Objective, found: CriticalPoints, hess: sp.Matrix, digits: int) -> CriticalPoints | None:
    """The complete list when every component of ``found`` (hypersurfaces ``h_i = 0``, the
    gradient's common factors) is a sum of squares whose bases have finitely many common
    zeros; ``None`` otherwise (``found`` stays as it is)."""
    main = getattr(found.certificate, "inner", found.certificate)  # the quotient's certificate
    if not isinstance(main, AlgebraicCertificate) or not found.components:
        return None
    if any(c.parametrisation or not isinstance(c.equation, sp.Expr) for c in found.components):
        return None
    variables = tuple(obj.variables)
    R = _ring(variables)
    listed = list(found)
    main_index = tuple(range(len(listed)))
    factors, parts, part_index = [], [], []
    for comp in found.components:
        sos = sum_of_squares(comp.equation, variables)
        if sos is None:
            return None
        weights, bases = sos
        factors.append((comp.equation, weights, bases))
        if any(q.is_number and q != 0 for q in bases):
            parts.append(None)
            part_index.append(())
            continue
        system = [q for q in bases if q != 0]
        try:
            added, form, chi, gs, elim = _univariate_representation([R.from_expr(q) for q in system], R, variables)
            points, intervals = _isolate(obj, chi, gs, elim, hess, digits)
        except (_NotZeroDimensional, UnsupportedComplexity):
            return None
        parts.append(AlgebraicCertificate(
            variables, tuple(system), tuple((i, tuple(_sq(c) for c in q.coeffs())) for i, q in added), tuple(form),
            tuple(_sq(c) for c in chi.coeffs()), tuple(tuple(_sq(c) for c in g.coeffs()) for g in gs),
            tuple(intervals), tuple(tuple(_sq(c) for c in q.coeffs()) for q in elim)))
        index = []
        for cp in points:
            k = _merge(listed, cp)
            if k is None:
                return None
            index.append(k)
        part_index.append(tuple(index))
    if not distinct_enclosures(listed):
        return None
    cert = SquaresCertificate(variables, main, tuple(factors), tuple(parts), main_index, tuple(part_index))
    eqs = ", ".join(f"{h} = 0" for h, _, _ in factors)
    note = (f"every real critical point (certified): the gradient's common factor(s) ({eqs}) are sums of squares, "
            f"so their real zeros are the common zeros of the squared bases, solved exactly like the rest")
    return CriticalPoints(listed, complete=True, note=note, certificate=cert, objective=obj)


def _merge(listed: list[CriticalPoint], cp: CriticalPoint) -> int | None:
    """The index of ``cp`` in ``listed`` (appended when new; the same exact point met twice keeps
    one entry with the hull of both enclosures); ``None`` when overlapping enclosures hold points
    not shown equal."""
    for k, other in enumerate(listed):
        overlap = all(not (h1 < l2 or h2 < l1) for (l1, h1), (l2, h2) in zip(other.enclosure, cp.enclosure))
        if not overlap:
            continue
        if all(sp.simplify(other.point[v] - cp.point[v]) == 0 for v in cp.point):
            hull = tuple((min(l1, l2), max(h1, h2)) for (l1, h1), (l2, h2) in zip(other.enclosure, cp.enclosure))
            listed[k] = dataclasses.replace(other, enclosure=hull)
            return k
        return None
    listed.append(cp)
    return len(listed) - 1
