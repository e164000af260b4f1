"""Hypothesis: polynomials with planted critical points (issue 13).

Construction (a gradient field that is a gradient by design): ``g(x) = sum_i P_i(x_i)`` with
``P_i' = c_i prod_k (x_i - r_ik)`` for chosen distinct rationals ``r_ik``, so the critical
points of ``g`` are exactly the grid ``{(r_1k1, ..., r_nkn)}`` and each one's kind follows from
the signs of ``P_i''(r_ik) = c_i prod_{j != k} (r_ik - r_ij)``.  Then ``f(u) = g(A u)`` for an
invertible integer matrix ``A``: ``grad f(u) = A^T grad g(A u)``, so the critical points are
``A^{-1} r`` exactly, and ``hess f = A^T (hess g) A`` is congruent to ``hess g`` (Sylvester's law of
inertia: same kinds).  symopt must list every planted point exactly, nothing else, with the
planted kinds, mark the list complete, and pass ``check()``.
"""

from __future__ import annotations

import itertools

import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symopt import Objective

X = sp.symbols("u1 u2", real=True)
T = sp.Symbol("t", real=True)

roots_1d = st.lists(st.fractions(min_value=-4, max_value=4, max_denominator=3), min_size=1, max_size=3, unique=True)


@st.composite
def planted(draw):
    n = draw(st.integers(1, 2))
    roots = [sorted(draw(roots_1d)) for _ in range(n)]
    signs = [draw(st.sampled_from([1, -1])) for _ in range(n)]
    if n == 2:
        a = draw(st.lists(st.integers(-2, 2), min_size=4, max_size=4).filter(lambda m: m[0] * m[3] - m[1] * m[2] != 0))
        A = sp.Matrix(2, 2, a)
    else:
        A = sp.Matrix([[draw(st.sampled_from([1, -1, 2, -3]))]])
    return n, roots, signs, A


def _build(n, roots, signs, A):
    xs = []
    g = 0
    for i in range(n):
        dP = signs[i] * sp.prod([T - sp.Rational(r.numerator, r.denominator) for r in roots[i]])
        P = sp.integrate(sp.expand(dP), T)
        xs.append(P)
    u = sp.Matrix(X[:n])
    z = A * u
    f = sum(P.subs(T, z[i]) for i, P in enumerate(xs))
    return sp.expand(f)


def _planted_points(n, roots, signs, A):
    Ainv = A.inv()
    out = {}
    for combo in itertools.product(*[range(len(r)) for r in roots]):
        r = sp.Matrix([sp.Rational(roots[i][k].numerator, roots[i][k].denominator) for i, k in enumerate(combo)])
        curv = []
        for i, k in enumerate(combo):
            ri = roots[i][k]
            c = signs[i] * sp.prod([sp.Rational((ri - rj).numerator, (ri - rj).denominator) for j, rj in enumerate(roots[i]) if j != k])
            curv.append(c)
        kind = "minimum" if all(c > 0 for c in curv) else "maximum" if all(c < 0 for c in curv) else "saddle"
        out[tuple(Ainv * r)] = kind
    return out


@settings(max_examples=25)
@given(planted())
def test_every_planted_point_found_nothing_extra_kinds_right(case):
    n, roots, signs, A = case
    f = _build(n, roots, signs, A)
    obj = Objective(f, variables=list(X[:n]))
    pts = obj.critical_points()
    expected = _planted_points(n, roots, signs, A)
    got = {tuple(cp.point[v] for v in obj.variables): cp.kind for cp in pts}
    assert pts.complete and pts.status_text == "complete (certified)"
    assert got == expected
    assert pts.check()


# ----------------------------------------------------------------------------- transcendental, in a box


@st.composite
def planted_sines(draw):
    """f = sum_i c_i sin(a_i x_i + b_i): critical points where every cos(a_i x_i + b_i) = 0, i.e.
    x_i = (pi/2 + k pi - b_i) / a_i; along x_i the second derivative is -c_i a_i^2 sin(...) = +-c_i a_i^2."""
    n = draw(st.integers(1, 2))
    a = [draw(st.sampled_from([1, 2, sp.Rational(3, 2), sp.Rational(1, 2)])) for _ in range(n)]
    b = [draw(st.sampled_from([0, sp.Rational(1, 3), sp.Rational(-7, 10), 1])) for _ in range(n)]
    c = [draw(st.sampled_from([1, -2, 3])) for _ in range(n)]
    return n, a, b, c


@settings(max_examples=10)
@given(planted_sines())
def test_interval_search_finds_planted_periodic_points(case):
    """Every critical point in [-3, 3]^n, nothing else, kinds right, certificate re-checks."""
    import math

    n, a, b, c = case
    f = sum(ci * sp.sin(ai * xi + bi) for ai, bi, ci, xi in zip(a, b, c, X[:n]))
    obj = Objective(f, variables=list(X[:n]))
    pts = obj.critical_points(box=[(-3, 3)] * n)
    per_axis = []
    for ai, bi, ci in zip(a, b, c):
        roots = []
        for k in range(-20, 21):
            x = (math.pi / 2 + k * math.pi - float(bi)) / float(ai)
            if -3 <= x <= 3:
                curv = -float(ci) * float(ai) ** 2 * math.sin(float(ai) * x + float(bi))
                roots.append((x, curv))
        per_axis.append(roots)
    expected = []
    for combo in itertools.product(*per_axis):
        curv = [cv for _, cv in combo]
        kind = "minimum" if all(v > 0 for v in curv) else "maximum" if all(v < 0 for v in curv) else "saddle"
        expected.append((tuple(x for x, _ in combo), kind))
    assert pts.complete and pts.status_text == f"complete in [-3, 3]{'^2' if n == 2 else ''} (certified)"
    assert len(pts) == len(expected)
    for point, kind in expected:
        match = [cp for cp in pts if all(abs(float(cp.point[v]) - p) < 1e-9 for v, p in zip(obj.variables, point))]
        assert len(match) == 1 and match[0].kind == kind
        assert all(hi - lo < 1e-9 for lo, hi in match[0].enclosure)  # tight, not just a box that holds it
    assert pts.check()
