"""Property tests of derived rates: GD contraction on random convex quadratics, Newton's
observed order against the derived one, and averaged SGD against its bound."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from symopt.core.parse import symbol
from symopt.theory import gd_quadratic, sgd_bound
from symopt.theory import newton_rate as newton

x = symbol("x")
small = st.integers(min_value=-4, max_value=4)


@settings(deadline=None, max_examples=25)
@given(
    entries=st.lists(small, min_size=4, max_size=4),
    shift=st.integers(min_value=1, max_value=5),
    frac=st.fractions(min_value=0.05, max_value=0.99),
    seed=st.integers(min_value=0, max_value=2**16),
)
def test_gd_iterates_obey_the_derived_contraction(entries, shift, frac, seed):
    """||x_k - x*|| <= rho^k ||x_0 - x*|| with rho = max |1 - eta lambda_i| from symopt."""
    B = np.array(entries, dtype=int).reshape(2, 2)
    A = (B.T @ B + shift * np.eye(2, dtype=int)).astype(int)
    r = gd_quadratic(A.tolist())
    eta = sp.Rational(frac.numerator, frac.denominator) * r.stable_range.sup  # inside (0, 2/lambda_max)
    rho = float(r.rate(eta))
    assert rho < 1
    rng = np.random.default_rng(seed)
    b = rng.normal(size=2)
    Af = A.astype(float)
    xstar = np.linalg.solve(Af, -b)
    xk = rng.normal(size=2) * 5
    e0 = np.linalg.norm(xk - xstar)
    ef = float(eta)
    for k in range(1, 80):
        xk = xk - ef * (Af @ xk + b)
        assert np.linalg.norm(xk - xstar) <= rho**k * e0 * (1 + 1e-9) + 1e-13 * e0


@settings(deadline=None, max_examples=15)
@given(
    a2=st.integers(min_value=1, max_value=6),
    a3=st.integers(min_value=-5, max_value=5),
    a4=st.integers(min_value=-5, max_value=5),
)
def test_newton_observed_order_matches_derived(a2, a3, a4):
    """Newton iterates at 300 digits, computed here from f' and f'' directly, show the derived order."""
    f = a2 * x**2 + a3 * x**3 + a4 * x**4
    r = newton(f, at=0, check=False)
    if a3 == 0 and a4 == 0:
        assert r.order is None and r.constant == 0  # exact in one step
        return
    g = sp.lambdify(x, sp.diff(f, x), "mpmath")
    h = sp.lambdify(x, sp.diff(f, x, 2), "mpmath")
    with mpmath.workdps(300):
        cur = mpmath.mpf("0.001")
        errs = [abs(cur)]
        for _ in range(12):
            cur = cur - g(cur) / h(cur)
            if abs(cur) < mpmath.mpf(10) ** -250 or cur == 0:
                break
            errs.append(abs(cur))
        assume(len(errs) >= 4)
        e1, e2, e3 = errs[-3:]
        p = float(mpmath.log(e3 / e2) / mpmath.log(e2 / e1))
        c = float(e3 / e2 ** r.order)
    assert round(p, 2) == r.order
    assert abs(c - float(r.constant)) <= 1e-3 * float(r.constant)


@settings(deadline=None, max_examples=8)
@given(k=st.integers(min_value=2, max_value=5), eta=st.fractions(min_value=0.2, max_value=1))
def test_newton_degenerate_rate_matches_iterates(k, eta):
    """At x* of multiplicity m = 2k - 1 of f', (damped) Newton contracts by 1 - eta/m."""
    f = x ** (2 * k)
    e = sp.Rational(eta.numerator, eta.denominator)
    r = newton(f, at=0, eta=e, check=False)
    m = 2 * k - 1
    cur = 0.5
    for _ in range(20):
        nxt = cur - float(e) * (2 * k * cur ** (2 * k - 1)) / (2 * k * (2 * k - 1) * cur ** (2 * k - 2))
        ratio, cur = nxt / cur, nxt
    assert r.order == 1 and abs(float(r.constant) - ratio) < 1e-12
    assert r.multiplicity == m


def _risk(w: np.ndarray) -> np.ndarray:
    """R(w) = E|w - xi| for xi ~ N(0, 1): w (2 Phi(w) - 1) + 2 phi(w); minimum R* = 2 phi(0) at w* = 0."""
    phi = np.exp(-w**2 / 2) / math.sqrt(2 * math.pi)
    Phi = 0.5 * (1 + np.vectorize(math.erf)(w / math.sqrt(2)))
    return w * (2 * Phi - 1) + 2 * phi


@settings(deadline=None, max_examples=10)
@given(
    w0=st.floats(min_value=-4, max_value=4),
    c=st.floats(min_value=0.05, max_value=2.0),
    T=st.integers(min_value=10, max_value=200),
    schedule=st.sampled_from(["c", "c/sqrt(t)", "c/t"]),
    seed=st.integers(min_value=0, max_value=2**16),
)
def test_averaged_sgd_stays_below_the_bound(w0, c, T, schedule, seed):
    """E[R(w_bar)] - R* <= (r^2 + L^2 sum eta_t^2)/(2 sum eta_t) for l(xi, w) = |w - xi| (L = 1).

    Statistical margin: over 400 independent runs, the mean excess risk minus three
    standard errors (a one-sided ~99.9% lower confidence limit) must not exceed the bound.
    """
    bound = sgd_bound(schedule).at(T=T, r=abs(w0), L=1, c=c)
    rng = np.random.default_rng(seed)
    runs = 400
    t = np.arange(1, T + 1)
    eta = {"c": np.full(T, c), "c/sqrt(t)": c / np.sqrt(t), "c/t": c / t}[schedule]
    w = np.full(runs, w0)
    num = np.zeros(runs)
    for k in range(T):
        num += eta[k] * w  # average of w_t over t = 1..T with w_1 = w_0 (the text's indexing)
        xi = rng.normal(size=runs)
        w = w - eta[k] * np.sign(w - xi)
    wbar = num / eta.sum()
    excess = _risk(wbar) - 2 / math.sqrt(2 * math.pi)
    mean, se = excess.mean(), excess.std(ddof=1) / math.sqrt(runs)
    assert mean - 3 * se <= bound
