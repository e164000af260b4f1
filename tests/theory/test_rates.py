"""Rates checked independently: the texts' printed GD numbers, brute-force step searches,
simulated iterations, Newton iterates at high precision, and direct summation for SGD."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from symopt import Objective
from symopt.errors import DimensionError, DomainError, ParameterError
from symopt.core.parse import symbol
from symopt.theory import (
    empirical_order,
    gd_quadratic,
    newton_map,
    quadratic_matrix,
    sgd_bound,
    sgd_optimal_constant_step,
    smoothness_on_box,
)
from symopt.theory import newton_rate as newton

x = symbol("x")


def _gd_coordinate(x0: float, lam: sp.Expr, eta: float, steps: int) -> float:
    return x0 * (1 - eta * float(lam)) ** steps


# ------------------------------------------------------------------ texts' GD numbers


def test_d2l_11_3_1d_outputs_from_the_contraction():
    r = gd_quadratic("x**2")
    (lam,) = r.eigenvalues
    assert lam == 2
    # D2L 11.3.1 prints "epoch 10, x: ..." for eta = 0.2, 0.05, 1.1 from x = 10
    assert _gd_coordinate(10, lam, 0.2, 10) == pytest.approx(0.06046617599999997, rel=1e-12)
    assert _gd_coordinate(10, lam, 0.05, 10) == pytest.approx(3.4867844009999995, rel=1e-12)
    assert _gd_coordinate(10, lam, 1.1, 10) == pytest.approx(61.917364224000096, rel=1e-12)
    assert r.stable_range == sp.Interval.open(0, 1)
    assert sp.Rational(11, 10) not in r.stable_range


def test_d2l_11_3_2d_and_11_6_outputs():
    r = gd_quadratic("x1**2 + 2*x2**2")
    l1, l2 = r.eigenvalues
    assert (round(_gd_coordinate(-5, l1, 0.1, 20), 6), round(_gd_coordinate(-2, l2, 0.1, 20), 6)) == (-0.057646, -0.000073)
    r = gd_quadratic("0.1*x1**2 + 2*x2**2")
    l1, l2 = r.eigenvalues
    assert (round(_gd_coordinate(-5, l1, 0.4, 20), 6), round(_gd_coordinate(-2, l2, 0.4, 20), 6)) == (-0.943467, -0.000073)
    assert (round(_gd_coordinate(-5, l1, 0.6, 20), 6), round(_gd_coordinate(-2, l2, 0.6, 20), 6)) == (-0.387814, -1673.365109)
    # the text's explanation: eta = 0.6 leaves the stable range (0, 1/2) because of x2
    assert sp.Rational(3, 5) not in r.stable_range and sp.Rational(2, 5) in r.stable_range


def test_gd_quadratic_against_brute_force():
    rng = np.random.default_rng(3)
    for _ in range(10):
        B = rng.integers(-3, 4, size=(3, 3))
        A = B.T @ B + np.eye(3, dtype=int)
        r = gd_quadratic(A.tolist())
        w = np.linalg.eigvalsh(A.astype(float))
        assert [float(v) for v in r.eigenvalues] == pytest.approx(sorted(w))
        etas = np.linspace(1e-4, 2.5 / w.max(), 40001)
        worst = np.max(np.abs(1 - np.outer(etas, w)), axis=1)
        assert float(r.optimal_eta) == pytest.approx(etas[np.argmin(worst)], abs=3e-4 / w.max() * 2.5)
        assert float(r.optimal_rate) == pytest.approx(worst.min(), abs=1e-4)
        assert float(r.optimal_rate) == pytest.approx((w.max() / w.min() - 1) / (w.max() / w.min() + 1))
        stable = etas[worst < 1]
        assert float(r.stable_range.sup) == pytest.approx(stable.max(), abs=1e-3)
        assert float(r.condition_number) == pytest.approx(w.max() / w.min())


def test_gd_rate_bound_holds_along_iterates():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    r = gd_quadratic([[3, 1], [1, 2]])
    b = np.array([1.0, -1.0])
    xstar = np.linalg.solve(A, -b)
    for eta in (0.1, 0.3, float(r.optimal_eta)):
        rho = float(r.rate(sp.nsimplify(eta)))
        xk = np.array([4.0, -3.0])
        e0 = np.linalg.norm(xk - xstar)
        for k in range(1, 60):
            xk = xk - eta * (A @ xk + b)
            assert np.linalg.norm(xk - xstar) <= rho**k * e0 * (1 + 1e-9) + 1e-14 * e0


def test_gd_quadratic_not_positive_definite():
    r = gd_quadratic("x**2 - y**2")
    assert r.stable_range == sp.EmptySet and r.optimal_eta is None and "lambda_min <= 0" in r.note
    r = gd_quadratic([[1, 0], [0, 0]])
    assert r.stable_range == sp.EmptySet


def test_gd_quadratic_symbolic():
    a, b = symbol("a"), symbol("b")
    r = gd_quadratic(sp.Matrix([[a, 0], [0, b]]))
    assert r.optimal_eta is None and r.stable_range is None
    env = {a: 1, b: 3, symbol("eta"): sp.Rational(1, 2)}
    assert bool(r.stable_condition.xreplace(env)) is True
    env[symbol("eta")] = 1
    assert bool(r.stable_condition.xreplace(env)) is False


def test_gd_quadratic_bad_input():
    with pytest.raises(DimensionError, match="symmetric"):
        gd_quadratic([[1, 2], [0, 1]])
    with pytest.raises(DimensionError, match="square"):
        gd_quadratic([[1, 2, 3], [0, 1, 3]])
    with pytest.raises(DomainError, match="quadratic"):
        quadratic_matrix("x**3 + y")


def test_iterations():
    r = gd_quadratic([[2, 0], [0, 4]])
    n = r.iterations(sp.Rational(1, 3), 1e-6)
    assert (1 / 3) ** n <= 1e-6 < (1 / 3) ** (n - 1)
    assert r.iterations(1, 1e-6) is None


# ------------------------------------------------------------------------- smoothness


def test_smoothness_on_box_encloses_true_eigenvalues():
    b = smoothness_on_box("cosh(x) + y**2/2 + x*y/4", {"x": (-1, 1), "y": (-1, 1)}, splits=8)
    # true eigenvalues of [[cosh x, 1/4], [1/4, 1]] over x in [-1, 1]
    lams = []
    for t in np.linspace(-1, 1, 201):
        lams.extend(np.linalg.eigvalsh(np.array([[math.cosh(t), 0.25], [0.25, 1.0]])))
    assert b.mu <= min(lams) and b.L >= max(lams)
    assert b.L - max(lams) < 0.6 and min(lams) - b.mu < 0.6
    assert b.certified and 0 < b.rate < 1


def test_smoothness_on_box_errors():
    with pytest.raises(DomainError):
        smoothness_on_box("x**2 + y**2", {"x": (-1, 1)})
    with pytest.raises(ParameterError):
        smoothness_on_box(Objective("a*x**2", variables="x", params="a"), {"x": (0, 1)})


# ----------------------------------------------------------------------------- Newton


def _observed_order(f_expr: sp.Expr, x0: sp.Expr, eta=1, start="0.01", steps=8, dps=300):
    g = sp.lambdify(x, sp.diff(f_expr, x), "mpmath")
    h = sp.lambdify(x, sp.diff(f_expr, x, 2), "mpmath")
    with mpmath.workdps(dps):
        xs = mpmath.mpf(sp.N(x0, dps))
        cur = xs + mpmath.mpf(start)
        errs = [abs(cur - xs)]
        for _ in range(steps):
            cur = cur - mpmath.mpf(sp.N(eta, dps)) * g(cur) / h(cur)
            errs.append(abs(cur - xs))
        e1, e2, e3 = errs[-3:]
        return float(mpmath.log(e3 / e2) / mpmath.log(e2 / e1)), errs


def test_newton_quadratic_constant_is_f3_over_2f2():
    f = x**2 + x**3
    r = newton(f, at=0)
    c = sp.diff(f, x, 3).subs(x, 0) / (2 * sp.diff(f, x, 2).subs(x, 0))
    assert r.order == 2 and r.constant == abs(c) == sp.Rational(3, 2)
    p, errs = _observed_order(f, 0, steps=6)
    assert round(p, 2) == 2.0
    assert float(errs[-1] / errs[-2] ** 2) == pytest.approx(1.5, rel=1e-3)
    assert round(r.empirical_order, 2) == 2.0


def test_newton_cosh_is_cubic_at_zero():
    # D2L's cosh(c x), c = 1/2: f'''(0) = 0 so Newton is faster than quadratic there
    r = newton("cosh(x/2)", at="x=0")
    assert r.order == 3 and r.constant == sp.Rational(1, 12)
    p, errs = _observed_order(sp.cosh(x / 2), 0, start="0.1", steps=5)
    assert round(p, 2) == 3.0
    assert float(errs[-1] / errs[-2] ** 3) == pytest.approx(1 / 12, rel=1e-3)


@pytest.mark.parametrize("power", [4, 6, 8])
def test_newton_degenerate_minimum_is_linear(power):
    r = newton(x**power, at=0)
    m = power - 1
    assert r.multiplicity == m and r.order == 1
    assert r.constant == sp.Rational(m - 1, m)
    _, errs = _observed_order(x**power, 0, start="0.5", steps=30)
    assert float(errs[-1] / errs[-2]) == pytest.approx((m - 1) / m, rel=1e-9)


@pytest.mark.parametrize("eta,rate", [("1/2", "1/2"), ("3/2", "1/2"), ("1/4", "3/4")])
def test_damped_newton_rate(eta, rate):
    r = newton("exp(x) - x", at=0, eta=eta)
    assert r.order == 1 and r.constant == sp.Rational(rate) and r.converges
    _, errs = _observed_order(sp.exp(x) - x, 0, eta=sp.Rational(eta), start="0.001", steps=60)
    assert float(errs[-1] / errs[-2]) == pytest.approx(float(sp.Rational(rate)), rel=1e-6)


def test_damped_newton_too_long_step_does_not_converge():
    r = newton("x**2 + x**3", at=0, eta="5/2", check=False)
    assert r.order == 1 and r.constant == sp.Rational(3, 2) and r.converges is False


def test_newton_on_d2l_nonconvex_example_reproduces_printed_iterates():
    # D2L 11.3.3: f = x cos(c x), c = 0.15 pi, x0 = 10, 10 Newton steps: 26.83413291324767;
    # with eta = 0.5: 7.269860168684531
    c = 0.15 * math.pi
    N = sp.lambdify(x, newton_map(Objective(sp.sympify("x*cos(c*x)").subs("c", sp.Float(c)).xreplace(
        {sp.Symbol("x"): x}))), "math")
    cur = 10.0
    for _ in range(10):
        cur = N(cur)
    assert cur == pytest.approx(26.83413291324767, rel=1e-9)
    r = newton("x*cos(3*pi/20*x)", at={"x": cur})  # a numeric critical point: refined, then analysed
    assert abs(float(r.point[x]) - cur) < 1e-9
    assert r.order == 2 and round(r.empirical_order, 2) == 2.0


def test_newton_every_critical_point_and_errors():
    results = newton("x**3 - 3*x")
    assert sorted(float(r.point[x]) for r in results) == [-1.0, 1.0]
    for r in results:
        xs = r.point[x]
        assert r.order == 2 and r.constant == abs(sp.Integer(6) / (2 * 6 * xs))  # f3/(2 f2) at x*
    with pytest.raises(DomainError, match="not a critical point"):
        newton("x**2", at="x=1")
    with pytest.raises(ParameterError):
        newton(Objective("a*x**2", variables="x", params="a"))


def test_newton_multivariate():
    results = newton("x**2 + 2*y**2 + x**3*y")
    saddles = [r for r in results if r.kind == "saddle"]
    assert saddles and all(r.order == 2 and r.constant > 0 for r in saddles)
    r = newton("x**2 + y**2", at="x=0, y=0", eta="1/2")
    assert r.order == 1 and r.constant == sp.Rational(1, 2)


def test_empirical_order_function():
    obj = Objective("x**2 + x**3")
    p, c = empirical_order(obj, {x: sp.Integer(0)})
    assert round(p, 2) == 2.0 and c == pytest.approx(1.5, rel=1e-6)


# -------------------------------------------------------------------------------- SGD


def test_sgd_bound_constant_step_matches_direct_sum():
    b = sgd_bound("eta")
    r, L, e, T = 2.0, 3.0, 0.05, 40
    direct = (r**2 + L**2 * sum(e**2 for _ in range(T))) / (2 * sum(e for _ in range(T)))
    assert b.at(T=T, r=r, L=L, eta=e) == pytest.approx(direct)


def test_sgd_bound_inverse_sqrt_schedule():
    b = sgd_bound("c/sqrt(t)")
    assert b.order == sp.log(sp.Symbol("T", positive=True)) / sp.sqrt(sp.Symbol("T", positive=True))
    r, L, c, T = 1.0, 1.0, 0.5, 200
    direct = (r**2 + L**2 * sum((c / math.sqrt(t)) ** 2 for t in range(1, T + 1))) / (
        2 * sum(c / math.sqrt(t) for t in range(1, T + 1)))
    assert b.at(T=T, r=r, L=L, c=c) == pytest.approx(direct, rel=1e-10)


def test_sgd_bound_other_schedules():
    T = sp.Symbol("T", positive=True)
    assert sgd_bound("eta").order == 1  # a constant step does not drive the bound to 0
    assert sgd_bound("c/t").order == 1 / sp.log(T)
    assert sgd_bound("c*exp(-t/10)").order == 1  # exponential decay stalls (D2L 11.4.2)


def test_sgd_optimal_constant_step_and_the_texts_bound():
    s = sgd_optimal_constant_step()
    r, L, T = (sp.Symbol(n, positive=True) for n in ("r", "L", "T"))
    assert s.eta == r / (L * sp.sqrt(T))
    assert sp.simplify(s.bound - r * L / sp.sqrt(T)) == 0
    # D2L 11.4.3 claims r L (1 + 1/T) / (2 sqrt T): half the true value (for large T); refuted at numbers
    assert s.text_bound_holds is False
    env = {r: 1, L: 1, T: 100}
    etas = np.linspace(0.001, 1, 100000)
    brute = ((1 + 100 * etas**2) / (2 * 100 * etas)).min()
    assert float(s.bound.subs(env)) == pytest.approx(brute, rel=1e-6)
    assert float(s.text_bound.subs(env)) < brute * 0.6


def test_newton_region_ball_and_error_bound():
    from symopt.theory import newton_region

    reg = newton_region("x**2 + x**3 + cosh(x) - x**2/2", "x=0", {"x": (-1, 1)})
    f3 = lambda t: 6 + math.sinh(t)  # noqa: E731 - third derivative, by hand
    assert reg.M >= max(abs(f3(t)) for t in np.linspace(-1, 1, 2001))
    assert reg.mu <= 2 and reg.mu == pytest.approx(2.0) and reg.radius == pytest.approx(2 * reg.mu / (3 * reg.M))
    g = lambda t: 2 * t + 3 * t**2 + math.sinh(t) - t  # noqa: E731
    h = lambda t: 2 + 6 * t + math.cosh(t) - 1  # noqa: E731
    for x0 in np.linspace(-0.99, 0.99, 9) * reg.radius:
        cur = x0
        for _ in range(4):
            if cur == 0:
                break
            nxt = cur - g(cur) / h(cur)
            assert abs(nxt) <= reg.next_error_bound(abs(cur)) * (1 + 1e-12) + 1e-300
            cur = nxt
    # two dimensions: the ball lies inside the box and the bound holds along an iterate sequence
    obj = Objective("x**2 + 2*y**2 + x**3*y")
    reg2 = newton_region(obj, "x=0, y=0", {"x": (-1, 1), "y": (-1, 1)})
    assert 0 < reg2.radius < 1
    H = lambda p: np.array([[2 + 6 * p[0] * p[1], 3 * p[0] ** 2], [3 * p[0] ** 2, 4.0]])  # noqa: E731
    G = lambda p: np.array([2 * p[0] + 3 * p[0] ** 2 * p[1], 4 * p[1] + p[0] ** 3])  # noqa: E731
    p = np.array([0.7, -0.7]) * reg2.radius
    for _ in range(3):
        nxt = p - np.linalg.solve(H(p), G(p))
        assert np.linalg.norm(nxt) <= reg2.next_error_bound(np.linalg.norm(p)) * (1 + 1e-12) + 1e-300
        p = nxt
    with pytest.raises(DomainError, match="strict local minimum"):
        newton_region("x**4", "x=0", {"x": (-1, 1)})


@pytest.mark.parametrize("text, at", [("-max(x, 0)", -1.0), ("x*cos(x) + abs(x - 3)", 0.0)])
def test_newton_at_numeric_points_of_a_nonsmooth_objective_is_undecided_not_a_crash(text, at):
    """Heaviside/DiracDelta in the derivatives used to reach mpmath's lambdify (NameError).
    (Numeric critical points given by hand: the critical-point engine is not what is tested.)"""
    r = newton(Objective(text), at={"x": at})
    assert r.order is None and "differentiable" in r.note


def test_newton_on_abs_cubed_is_linear_with_rate_one_half_and_says_why():
    """f = |x|^3: f'/f'' = x/2 near 0, so e -> e/2.  The derivatives carry DiracDelta
    (mpmath's lambdify had no name for it) and the note must not call it damped Newton."""
    (r,) = newton(Objective("abs(x)**3"))
    assert r.order == 1 and r.constant == sp.Rational(1, 2) and "damped" not in r.note
    assert r.empirical_order == pytest.approx(1, abs=1e-3) and r.empirical_constant == pytest.approx(0.5, rel=1e-3)


@pytest.mark.parametrize("text, variables", [("0", "x"), ("x - x", "x"), ("0", "x, y")])
def test_newton_on_a_constant_objective_says_the_step_is_undefined(text, variables):
    """Every point is critical and f'' = 0: the Newton step is 0/0 (fuzzing: 'Invalid NaN comparison')."""
    results = newton(Objective(text, variables=variables))
    assert results and all(r.order is None and r.note for r in results)


# ------------------------------------------------------------- issue 14: rates


def test_newton_returns_a_sequence_result_with_a_short_repr():
    """rates.newton() without `at` gives NewtonRates: indexable, iterable, equal to the list of its items."""
    from symopt.theory import NewtonRate, NewtonRates

    rs = newton("x**3 - 3*x", check=False)
    assert isinstance(rs, NewtonRates) and len(rs) == 2 and isinstance(rs[0], NewtonRate)
    assert list(rs) == [rs[0], rs[1]] and rs == list(rs)
    assert repr(rs).startswith("NewtonRates(2 points") and len(repr(rs)) < 200
    assert "order 2" in repr(rs[0])
    assert "<table" in rs._repr_html_() and "order" in rs._repr_html_()


def test_gd_optimal_reachable_from_rates_and_stability():
    """gd_optimal and the other tunings live in rates (next to gd_quadratic); stability keeps aliases."""
    import symopt.rates as R
    import symopt.stability as S

    assert R.gd_optimal is S.gd_optimal and R.heavy_ball_optimal is S.heavy_ball_optimal
    assert R.nesterov_optimal is S.nesterov_optimal and R.nesterov_joint_optimal is S.nesterov_joint_optimal
    assert "rate" in repr(R.gd_optimal())


def test_gd_quadratic_symbolic_4x4_does_not_hang():
    """Issue 14: the symbolic 4x4 matrix ran 142 s in an unbudgeted simplify. Now the eigenvalues are refused
    (no usable closed form) and the stable condition is exact Schur-Cohn on I - eta A, or stated per eigenvalue."""
    a, b, c, d = (symbol(n) for n in "abcd")
    r = gd_quadratic(sp.Matrix([[a, b, 0, 0], [b, c, b, 0], [0, b, c, d], [0, 0, d, a]]))
    assert r.eigenvalues == () and r.optimal_eta is None and "eigenvalues not derived" in r.note


def test_newton_with_symbolic_step():
    """Issue 14: newton(obj, eta="h") crashed in the mpmath cross-check (cannot create mpf from h)."""
    r = newton("x**2 + x**3", at=0, eta="h")
    h = symbol("h")
    assert r.order == 1 and r.constant == sp.Abs(1 - h) and r.empirical_order is None
    assert "0 < eta < 2" in r.note


@pytest.mark.parametrize("text", ["x**2 + y**2 + x**3", "x**2 + y**2 + y**3", "x**2 + y**2 + z**2 + x**3"])
def test_newton_nd_with_an_identically_zero_error_component(text):
    """Issue 14: a component of the quadratic error term is identically 0 and lambdify returned a scalar."""
    rs = newton(text)
    assert rs and all(r.order == 2 for r in rs)
    # e+ = 1/2 H^-1 D^3f[e, e]: along the cubic variable, H = 2 and f''' = 6, so the constant is 6/(2*2) = 1.5
    assert all(float(r.constant) == pytest.approx(1.5, rel=1e-3) for r in rs)


def test_newton_quartic_is_deterministic_and_exact():
    """Issue 14: newton("x**4 - 3*x**2 + x") took 15-22 s and returned order None at random points."""
    first = newton("x**4 - 3*x**2 + x", check=False)
    again = newton("x**4 - 3*x**2 + x", check=False)
    assert [r.order for r in first] == [2, 2, 2] and [r.constant for r in first] == [r.constant for r in again]
    assert all("certified enclosure" in r.note for r in first)


def test_order_of_user_iterations():
    """order(): scalar maps from the error map's Taylor coefficients, checked with direct iteration here."""
    from symopt.theory import iteration_order as order

    r = order("x = cos(x) + x - 1", at=0)  # F'(0) = 1 - sin(0) = 1: inconclusive linear
    assert r.order == 1 and r.constant == 1 and r.converges is None and "inconclusive" in r.note
    r = order("x = x/2 + x**2", at=0)
    assert r.order == 1 and r.constant == sp.Rational(1, 2) and r.converges is True
    r = order("x - sin(x)", at=0, variable="x")  # x - sin x = x^3/6 + ...
    assert r.order == 3 and r.constant == sp.Rational(1, 6)
    with mpmath.workdps(50):
        cur = mpmath.mpf("1e-4")
        assert float((cur - mpmath.sin(cur)) / cur**3) == pytest.approx(1 / 6, rel=1e-6)


def test_order_vector_and_errors():
    """Vector iterations: linear with the Jacobian's spectral radius; bad input gives symopt errors."""
    from symopt.theory import iteration_order as order

    r = order("x = x/2 + y/3; y = x/4", at="x=0, y=0")
    w = np.linalg.eigvals(np.array([[0.5, 1 / 3], [0.25, 0.0]]))
    assert r.order == 1 and float(r.constant) == pytest.approx(max(abs(w)))
    r = order("x = y**2; y = x*y", at="x=0, y=0")
    assert r.order == 2
    with pytest.raises(DomainError, match="not a fixed point"):
        order("x = x**2 + 1", at=0)
    with pytest.raises(DimensionError):
        order("a + b", at=0)
    assert order("x = x - abs(x)/2", at=0).order is None


def test_newton_nd_constant_is_bracketed():
    """n-D Newton: e+ = 1/2 H^-1 D^3f[e, e] + O(|e|^3).  The sampled constant is a lower estimate and the note's
    certified bound an upper one; the true max over the unit circle (dense grid here, from f's derivatives
    written by hand) lies between them."""
    import re

    (r,) = [q for q in newton("x**2 + 3*y**2 + x**2*y + y**3") if q.point == {symbol("x"): 0, symbol("y"): 0}]
    upper = float(re.search(r"certified upper bound ([0-9.e+-]+)", r.note).group(1))
    H = np.array([[2.0, 0.0], [0.0, 6.0]])
    t = np.linspace(0, 2 * np.pi, 20001)
    u, v = np.cos(t), np.sin(t)
    # D^3 f[u, u] for f3 = x^2 y + y^3: (4 u v, 2 u^2 + 6 v^2)
    vals = 0.5 * np.linalg.solve(H, np.vstack([4 * u * v, 2 * u**2 + 6 * v**2]))
    true = np.max(np.linalg.norm(vals, axis=0))
    assert float(r.constant) <= true + 1e-9 <= upper + 1e-9
    assert float(r.constant) == pytest.approx(true, rel=1e-3)


def test_newton_rates_carry_the_box_their_completeness_holds_in():
    """For a transcendental objective the critical points are complete only in a box
    (issue 13's interval search); the rates must say which box, not "every point"."""
    from symopt import rates

    r = rates.newton("x*cos(x)")
    assert r.complete and r.status_text.startswith("complete in [-10, 10]")
    assert r.to_dict()["status"] == r.status
    assert rates.newton("x**4 - 3*x**2 + x").status_text == "complete (certified)"
