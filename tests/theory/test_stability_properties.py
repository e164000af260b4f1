"""Property tests of derived stability regions: runs of the update rule itself (not of the
matrix) converge inside the region and diverge outside it; Schur--Cohn agrees with roots."""

from __future__ import annotations

import numpy as np
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from symopt.core.parse import symbol
from symopt.exact.schur import Z, region
from symopt.theory import NESTEROV_RULE, momentum_matrix
from symopt.theory import rule_stability as analyze

beta, eta, lam = symbol("beta"), symbol("eta"), symbol("lambda")
REGION = region(momentum_matrix(beta, eta, lam))
NESTEROV = analyze(NESTEROV_RULE, "x, xp", params="beta, eta, lambda")

tenths = st.integers(min_value=-15, max_value=15).map(lambda k: sp.Rational(k, 10))
steps = st.integers(min_value=1, max_value=60).map(lambda k: sp.Rational(k, 20))
curvature = st.integers(min_value=1, max_value=40).map(lambda k: sp.Rational(k, 10))


def _radius(M: sp.Matrix) -> float:
    return float(np.max(np.abs(np.linalg.eigvals(np.array(M.evalf(20).tolist(), dtype=float)))))


def _run(step, state, n: int) -> float:
    start = np.linalg.norm(state)
    for _ in range(n):
        state = step(state)
        if not np.all(np.isfinite(state)) or np.linalg.norm(state) > 1e150:
            return np.inf
    return float(np.linalg.norm(state) / start)


@settings(deadline=None, max_examples=60)
@given(b=tenths, e=steps, l=curvature, seed=st.integers(min_value=0, max_value=2**16))
def test_momentum_inside_converges_outside_diverges(b, e, l, seed):
    env = {beta: b, eta: e, lam: l}
    rho = _radius(momentum_matrix(b, e, l))
    assume(abs(rho - 1) > 0.02)  # away from the boundary, where finitely many steps decide
    inside = bool(REGION.xreplace(env))
    bf, ef, lf = float(b), float(e), float(l)

    def step(s):
        v = bf * s[0] + lf * s[1]  # D2L (11.6.5) on f = lambda/2 x^2
        return np.array([v, s[1] - ef * v])

    ratio = _run(step, np.random.default_rng(seed).normal(size=2), 3000)
    if inside:
        assert ratio < 1e-6
    else:
        assert ratio > 1e6


@settings(deadline=None, max_examples=40)
@given(b=tenths, e=steps, l=curvature, seed=st.integers(min_value=0, max_value=2**16))
def test_nesterov_inside_converges_outside_diverges(b, e, l, seed):
    env = {beta: b, eta: e, lam: l}
    rho = _radius(NESTEROV.matrix.xreplace(env))
    assume(abs(rho - 1) > 0.02)
    inside = bool(NESTEROV.region.xreplace(env))
    bf, ef, lf = float(b), float(e), float(l)

    def step(s):
        x, xp = s
        y = x + bf * (x - xp)
        return np.array([y - ef * lf * y, x])

    ratio = _run(step, np.random.default_rng(seed).normal(size=2), 3000)
    assert (ratio < 1e-6) if inside else (ratio > 1e6)


@settings(deadline=None, max_examples=60)
@given(coeffs=st.lists(st.integers(min_value=-12, max_value=12), min_size=3, max_size=3))
def test_schur_cohn_cubic_matches_roots(coeffs):
    p = sp.Poly(Z**3 + sum(sp.Rational(c, 8) * Z**i for i, c in enumerate(coeffs)), Z)
    rho = max(abs(np.roots([float(a) for a in p.all_coeffs()])))
    assume(abs(rho - 1) > 1e-6)
    assert bool(region(p)) == (rho < 1)
