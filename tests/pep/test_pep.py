"""Performance estimation (symopt.pep) against PEPit and the published worst cases.

References (cited per test):

* [DT14] Drori and Teboulle, Performance of first-order methods for smooth convex
  minimization: a novel approach, Math. Program. 145 (2014): GD with step 1/L has
  worst case L R^2 / (4N + 2), attained by a 1-D Huber-type function.
* [THG17] Taylor, Hendrickx and Glineur, Smooth strongly convex interpolation and
  exact worst-case performance of first-order methods, Math. Program. 161 (2017).
* [KF16] Kim and Fessler, Optimized first-order methods for smooth convex
  minimization, Math. Program. 159 (2016): OGM's bound L R^2 / (2 theta_N^2).
* [G91] Gueler, On the convergence of the proximal point algorithm, SIAM J.
  Control Optim. 29 (1991); tight constant 1/(4 gamma N) in [THG17b].
* PEPit (Goujaud, Moucer, Glineur, Hendrickx, Taylor, Dieuleveut 2022) examples
  in PEPit/examples/unconstrained_convex_minimization: each test below runs the
  PEPit example in the same test and compares.
"""

from __future__ import annotations

import math
import sys
from fractions import Fraction

import numpy as np
import pytest

from symopt import pep
from symopt.errors import ParameterError, ParseError, UnsupportedError

REL = 1e-5  # the two interior-point solvers' agreement (PEPit through cvxpy + Clarabel, symopt: Clarabel directly)


def _pepit(module: str, fn: str, *args):
    pytest.importorskip("PEPit")
    import importlib

    mod = importlib.import_module(f"PEPit.examples.{module}")
    # PEPit's default through cvxpy is SCS (first order, ~1e-4 here); Clarabel (interior point) is the
    # solver of record for a comparison at 1e-5.
    return getattr(mod, fn)(*args, wrapper="cvxpy", solver="CLARABEL", verbose=-1)


def _agree(res: pep.PEPResult, pepit_tau: float) -> None:
    """Numeric worst cases agree; the exact certificate proves a bound within 1e-6 above."""
    assert res.numeric == pytest.approx(pepit_tau, rel=REL, abs=1e-9)
    assert res.status == "proved", res.reason
    assert res.check()
    tau = float(res.tau)
    # within 1e-6 (relative) of the numeric worst case; it may sit a hair below a numeric value the
    # solver overestimated (the certificate is exact, the interior-point value is not)
    assert abs(tau - res.numeric) <= 1e-6 * res.numeric + 1e-12
    assert tau == pytest.approx(pepit_tau, rel=REL, abs=1e-9)


# ----------------------------------------------------------------------------- custom methods (PEPit's code)


def _ogm():
    """Kim and Fessler's optimized gradient method, as PEPit's optimized_gradient example writes it."""
    def build(t, N):
        theta = 1.0
        x_new = y = t.x0
        for i in range(N):
            x_old = x_new
            x_new = y - t.grad(y) * t.step("1/L")
            th_old = theta
            theta = (1 + math.sqrt((4 if i < N - 1 else 8) * theta**2 + 1)) / 2
            y = x_new + (x_new - x_old) * t.c((th_old - 1) / theta) + (x_new - y) * t.c(th_old / theta)
        return y
    return pep.Method("ogm", build)


def _agm_simplified():
    def build(t, N):
        x_new = y = t.x0
        for i in range(N):
            x_old = x_new
            x_new = y - t.grad(y) * t.step("1/L")
            y = x_new + (x_new - x_old) * Fraction(i, i + 3)
        return x_new
    return pep.Method("agm_simplified", build)


def _item(mu, L):
    def build(t, N):
        q = mu / L
        A_new = 0.0
        x = z = t.x0
        for _ in range(N):
            A_old = A_new
            A_new = ((1 + q) * A_old + 2 * (1 + math.sqrt((1 + A_old) * (1 + q * A_old)))) / (1 - q) ** 2
            beta = A_old / (1 - q) / A_new
            delta = 0.5 * ((1 - q) ** 2 * A_new - (1 + q) * A_old) / (1 + q + q * A_old)
            y = z * t.c(1 - beta) + x * t.c(beta)
            g = t.grad(y)
            x = y - g * t.step("1/L")
            z = z * t.c(1 - q * delta) + y * t.c(q * delta) - g * t.c(delta / L)
        return z
    return pep.Method("item", build)


# ----------------------------------------------------------------------------- 15+ PEPit examples


@pytest.mark.parametrize("L,gamma,n", [(3, 1 / 3, 4), (1, 1.5, 2)])
def test_gd_smooth_convex_matches_pepit(L, gamma, n):
    """PEPit gradient_descent; [DT14]: step 1/L gives L/(4N+2) exactly."""
    res = pep.worst_case(pep.gd(Fraction(gamma).limit_denominator(100)), pep.smooth_convex(L), n)
    pepit_tau, theory = _pepit("unconstrained_convex_minimization.gradient_descent", "wc_gradient_descent", L, gamma, n)
    _agree(res, pepit_tau)
    if gamma * L == 1:
        assert res.numeric == pytest.approx(L / (4 * n + 2), rel=1e-7)


def test_accelerated_gradient_convex_matches_pepit():
    """PEPit accelerated_gradient_convex (FISTA momentum), mu = 0, L = 1, n = 3; theory L/(2 lam_{n-1}^2) is an upper bound."""
    res = pep.worst_case(pep.nesterov(1), pep.smooth_convex(1), 3)
    pepit_tau, theory = _pepit("unconstrained_convex_minimization.accelerated_gradient_convex", "wc_accelerated_gradient_convex", 0, 1, 3)
    _agree(res, pepit_tau)
    assert res.numeric <= theory + 1e-8
    assert res.rounded  # irrational momenta: the proof is for their stated rational values


def test_accelerated_gradient_strongly_convex_matches_pepit():
    """PEPit accelerated_gradient_strongly_convex, mu = 0.1, L = 1, n = 2; theory (1 - sqrt(kappa))^n bounds it."""
    res = pep.worst_case(pep.nesterov_strongly_convex(), pep.smooth_strongly_convex(0.1, 1), 2, initial="f+mu/2*dist")
    pepit_tau, theory = _pepit("unconstrained_convex_minimization.accelerated_gradient_strongly_convex",
                               "wc_accelerated_gradient_strongly_convex", 0.1, 1, 2)
    _agree(res, pepit_tau)
    assert res.numeric <= theory + 1e-8


def test_agm_simplified_matches_pepit():
    """PEPit accelerated_gradient_convex_simplified (momentum i/(i+3)), mu = 0, L = 1, n = 3."""
    res = pep.worst_case(_agm_simplified(), pep.smooth_convex(1), 3)
    pepit_tau, theory = _pepit("unconstrained_convex_minimization.accelerated_gradient_convex_simplified",
                               "wc_accelerated_gradient_convex_simplified", 0, 1, 3)
    _agree(res, pepit_tau)
    assert res.numeric <= theory + 1e-8


def test_heavy_ball_matches_pepit():
    """PEPit heavy_ball_momentum, mu = 0.1, L = 1, alpha = 1/2, beta = sqrt((1 - alpha mu)(1 - L alpha)), n = 2."""
    alpha, mu = 0.5, 0.1
    beta = math.sqrt((1 - alpha * mu) * (1 - alpha))
    res = pep.worst_case(pep.heavy_ball(Fraction(1, 2), f"sqrt((1 - mu/2)*(1 - 1/2))"), pep.smooth_strongly_convex(mu, 1), 2, initial="f")
    pepit_tau, theory = _pepit("unconstrained_convex_minimization.heavy_ball_momentum", "wc_heavy_ball_momentum", mu, 1, alpha, beta, 2)
    _agree(res, pepit_tau)
    assert res.numeric <= theory + 1e-8


def test_triple_momentum_matches_pepit():
    """PEPit triple_momentum, mu = 0.1, L = 1, n = 3 (Van Scoy, Freeman and Lynch 2018)."""
    res = pep.worst_case(pep.triple_momentum(), pep.smooth_strongly_convex(0.1, 1), 3)
    pepit_tau, theory = _pepit("unconstrained_convex_minimization.triple_momentum", "wc_triple_momentum", 0.1, 1, 3)
    _agree(res, pepit_tau)


def test_subgradient_method_matches_pepit():
    """PEPit subgradient_method, M = 2, n = 4, gamma = 1/(M sqrt(n+1)): best iterate <= M R / sqrt(n+1) (tight)."""
    M, n = 2, 4
    gamma = 1 / (M * math.sqrt(n + 1))
    res = pep.worst_case(pep.subgradient("1/(2*sqrt(5))"), pep.convex_lipschitz(M), n, measure="min_f")
    pepit_tau, theory = _pepit("unconstrained_convex_minimization.subgradient_method", "wc_subgradient_method", M, n, gamma)
    _agree(res, pepit_tau)
    assert res.numeric == pytest.approx(theory, rel=1e-6)


def test_proximal_point_matches_pepit():
    """PEPit proximal_point, gamma = 3, n = 4: 1/(4 gamma n) exactly ([G91], [THG17])."""
    res = pep.worst_case(pep.proximal_point(3), pep.convex(), 4)
    pepit_tau, theory = _pepit("unconstrained_convex_minimization.proximal_point", "wc_proximal_point", 3, 4)
    _agree(res, pepit_tau)
    assert res.numeric == pytest.approx(1 / 48, rel=1e-6)


def test_optimized_gradient_matches_pepit():
    """PEPit optimized_gradient, L = 1, n = 3: L R^2 / (2 theta_N^2) exactly [KF16]."""
    res = pep.worst_case(_ogm(), pep.smooth_convex(1), 3)
    pepit_tau, theory = _pepit("unconstrained_convex_minimization.optimized_gradient", "wc_optimized_gradient", 1, 3)
    _agree(res, pepit_tau)
    assert res.numeric == pytest.approx(theory, rel=1e-6)


def test_low_dimensional_optimized_gradient_value():
    """PEPit low_dimensional_worst_cases_scenarios/optimized_gradient, L = 3, n = 2 (same worst case value)."""
    res = pep.worst_case(_ogm(), pep.smooth_convex(3), 2)
    pepit_tau, theory = _pepit("low_dimensional_worst_cases_scenarios.optimized_gradient", "wc_optimized_gradient", 3, 2)
    _agree(res, pepit_tau)


def test_information_theoretic_exact_method_matches_pepit():
    """PEPit information_theoretic_exact_method (ITEM, Taylor and Drori 2022), mu = 0.1, L = 1, n = 2: 1/(1 + q A_n)."""
    res = pep.worst_case(_item(0.1, 1.0), pep.smooth_strongly_convex(0.1, 1), 2, measure="dist")
    pepit_tau, theory = _pepit("unconstrained_convex_minimization.information_theoretic_exact_method", "wc_information_theoretic", 0.1, 1, 2)
    _agree(res, pepit_tau)
    assert res.numeric == pytest.approx(theory, rel=1e-5)


def test_silver_stepsizes_match_pepit():
    """PEPit gradient_descent_silver_stepsize_convex (Altschuler and Parrilo 2023), L = 1, n = 3."""
    h = [1 + (1 + math.sqrt(2)) ** (((i & -i).bit_length() - 1) - 1) for i in range(1, 4)]
    res = pep.worst_case(pep.gd(h), pep.smooth_convex(1), 3)
    pepit_tau, theory = _pepit("unconstrained_convex_minimization.gradient_descent_silver_stepsize_convex",
                               "wc_gradient_descent_silver_stepsize_convex", 1, 3)
    _agree(res, pepit_tau)
    assert res.numeric <= theory + 1e-8


def test_gd_strongly_convex_distance_matches_pepit_contraction_rate():
    """GD on F_{mu,L}, step 1/L, ||x_N - x*||^2: (1 - mu/L)^{2N} exactly ([THG17], Sec. 4; PEPit tutorials)."""
    res = pep.worst_case(pep.gd("1/L"), pep.smooth_strongly_convex(0.1, 1), 3, measure="dist")
    assert res.status == "proved" and res.check()
    assert res.numeric == pytest.approx(0.9**6, rel=1e-6)


def test_gd_gradient_norm_smooth_convex():
    """GD step 1/L, ||grad f(x_N)||^2 <= ... ; PEPit gradient_descent_lyapunov-free variant: compare with PEPit directly."""
    pytest.importorskip("PEPit")
    from PEPit import PEP
    from PEPit.functions import SmoothConvexFunction

    problem = PEP()
    f = problem.declare_function(SmoothConvexFunction, L=1)
    xs = f.stationary_point()
    x0 = problem.set_initial_point()
    problem.set_initial_condition((x0 - xs) ** 2 <= 1)
    x = x0
    for _ in range(2):
        x = x - f.gradient(x)
    problem.set_performance_metric(f.gradient(x) ** 2)
    pepit_tau = problem.solve(wrapper="cvxpy", solver="CLARABEL", verbose=0)
    res = pep.worst_case(pep.gd(1), pep.smooth_convex(1), 2, measure="grad")
    _agree(res, pepit_tau)


def test_optimized_gradient_for_gradient_matches_pepit():
    """PEPit optimized_gradient_for_gradient (OGM-G, Kim and Fessler 2021), L = 1, n = 2: 2L (f0 - f*)/theta_0^2 exactly."""
    def build(t, N):
        th = [1.0]
        for i in range(N):
            th.append((1 + math.sqrt((4 if i < N - 1 else 8) * th[i] ** 2 + 1)) / 2)
        th.reverse()
        x = y_new = t.x0
        for i in range(N):
            y_old = y_new
            y_new = x - t.grad(x) * t.step("1/L")
            x = (y_new + (y_new - y_old) * t.c((th[i] - 1) * (2 * th[i + 1] - 1) / th[i] / (2 * th[i] - 1))
                 + (y_new - x) * t.c((2 * th[i + 1] - 1) / (2 * th[i] - 1)))
        return x
    res = pep.worst_case(pep.Method("ogm_g", build), pep.smooth_convex(1), 2, initial="f", measure="grad")
    pepit_tau, theory = _pepit("unconstrained_convex_minimization.optimized_gradient_for_gradient", "wc_optimized_gradient_for_gradient", 1, 2)
    _agree(res, pepit_tau)
    assert res.numeric == pytest.approx(theory, rel=1e-5)


# ----------------------------------------------------------------------------- certificates: exact, tamper-evident


def test_certificate_checks_without_solver_or_floats(monkeypatch):
    """check() rebuilds the PEP and verifies the identity in Fractions: it works with the solver gone."""
    res = pep.worst_case(pep.gd(1), pep.smooth_convex(), 2)
    cert = res.certificate
    assert isinstance(cert.tau, Fraction)
    assert all(isinstance(v, Fraction) for _, v in cert.multipliers)
    assert all(isinstance(d, Fraction) and d >= 0 for d in cert.D)
    monkeypatch.setitem(sys.modules, "clarabel", None)
    monkeypatch.setitem(sys.modules, "cvxpy", None)
    assert cert.check()
    with pytest.raises(UnsupportedError, match=r"pip install 'symopt-toolkit\[pep\]'"):
        pep.worst_case(pep.gd(1), pep.smooth_convex(), 2)


def test_tampered_certificates_fail():
    """A changed multiplier, a negated pivot, a smaller tau, a different question: check() is False."""
    import dataclasses

    cert = pep.worst_case(pep.gd(1), pep.smooth_convex(), 2).certificate
    assert cert.check()
    i = next(k for k, (_, v) in enumerate(cert.multipliers) if v > 0 and k > 0)
    mult = list(cert.multipliers)
    mult[i] = (mult[i][0], mult[i][1] * Fraction(101, 100))
    assert not dataclasses.replace(cert, multipliers=tuple(mult)).check()
    j = next(k for k, d in enumerate(cert.D) if d > 0)
    D = list(cert.D)
    D[j] = -D[j]
    assert not dataclasses.replace(cert, D=tuple(D)).check()
    assert not dataclasses.replace(cert, tau=cert.tau * Fraction(999, 1000)).check()
    assert not dataclasses.replace(cert, N=3).check()
    assert not dataclasses.replace(cert, method=pep.gd(Fraction(3, 2))).check()


# ----------------------------------------------------------------------------- tight functions


def test_tight_function_gd_reproduces_bound_through_optimizers():
    """[DT14]: GD with step 1/L reaches L R^2/(4N+2) on a 1-D Huber-type function; symopt.optimizers.gd reproduces it."""
    from symopt.optimizers import gd

    N = 3
    res = pep.worst_case(pep.gd(1), pep.smooth_convex(1), N)
    tf = res.tight
    assert tf is not None
    obj = tf.objective()
    tr = gd(obj, x0=[tf.x0], lr=1.0, steps=N)
    fmin = float(tf(0.0))
    assert float(tf(tr.x[0])) - fmin == pytest.approx(1 / (4 * N + 2), rel=1e-5)
    assert tf.value == pytest.approx(res.numeric, rel=1e-5)
    assert res.refutes(Fraction(1, 4 * N + 3))  # a claimed smaller bound fails on it
    # the function is in the class: convex and 1-smooth (second differences in [0, L])
    xs = np.linspace(-3, 3, 2001)
    d = np.diff(tf(xs), 2) / (xs[1] - xs[0]) ** 2
    assert d.min() >= -1e-6 and d.max() <= 1 + 1e-6


def test_tight_function_heavy_ball_through_momentum_optimizer():
    """Heavy ball on F_{mu,L} from f(x0) - f* <= 1: symopt.optimizers.momentum (v = beta v + g, x -= eta v) on the tight function."""
    from symopt.optimizers import momentum

    res = pep.worst_case(pep.heavy_ball(Fraction(1, 2), Fraction(1, 2)), pep.smooth_strongly_convex(0.1, 1), 2, initial="f")
    tf = res.tight
    assert tf is not None, res.tight_reason
    tr = momentum(tf.objective(), x0=[tf.x0], lr=0.5, beta=0.5, steps=2)
    assert float(tf(tr.x[0])) - float(tf(0.0)) == pytest.approx(res.numeric, rel=1e-4)


# ----------------------------------------------------------------------------- rules, symbols, errors


def test_rule_language_equals_named_method():
    """The update rule 'x = x - 1/L*grad(x)' is GD with step 1/L: same PEP, same bound."""
    a = pep.worst_case(pep.from_rule("x = x - 1/L*grad(x)"), pep.smooth_convex(), 2)
    b = pep.worst_case(pep.gd(1), pep.smooth_convex(), 2)
    assert a.numeric == pytest.approx(b.numeric, rel=1e-8)
    hb = pep.from_rule("y = x - 1/2*grad(x) + 1/2*(x - xp); xp = x; x = y", state="x, xp")
    c = pep.worst_case(hb, pep.smooth_strongly_convex(0.1), 2, initial="f")
    d = pep.worst_case(pep.heavy_ball(Fraction(1, 2), Fraction(1, 2)), pep.smooth_strongly_convex(0.1), 2, initial="f")
    assert c.numeric == pytest.approx(d.numeric, rel=1e-6)


def test_symbolic_L_states_scaling_law():
    """Symbolic L: solved at L = 1, stated as tau * L R^2 (homogeneity)."""
    r = pep.worst_case(pep.gd("1/L"), pep.smooth_convex("L"), 1)
    assert r.scaling == "L R^2" and "L R^2" in r.statement
    with pytest.raises(ParameterError, match="scaling"):
        pep.worst_case(pep.gd(1), pep.smooth_convex("L"), 1)


def test_bad_input_is_a_symopt_error():
    with pytest.raises(UnsupportedError, match="not linear"):
        pep.worst_case(pep.from_rule("x = x - grad(x)*x"), pep.smooth_convex(), 1)
    with pytest.raises(ParseError):
        pep.from_rule("x = x - grad(x")
    with pytest.raises(UnsupportedError):
        pep.worst_case(pep.gd(1), pep.smooth_convex(), 1, measure="nope")
    with pytest.raises(ParameterError):
        pep.smooth_strongly_convex(2, 1)
    with pytest.raises(ParameterError):
        pep.worst_case(pep.gd(1), pep.smooth_convex(), -1)
    with pytest.raises(UnsupportedError):
        pep.method("adamw")


# ----------------------------------------------------------------------------- linear rates (Lyapunov)


def test_linear_rate_gd_matches_known_rate():
    """GD step 1/L on F_{mu,L}: rho = 1 - mu/L ([THG17]; Lessard, Recht and Packard 2016, Sec. 4.4)."""
    r = pep.linear_rate(pep.gd("1/L"), pep.smooth_strongly_convex(Fraction(1, 10)))
    assert r.status == "proved" and r.check()
    assert r.rho == pytest.approx(0.9, abs=1e-5) and r.rho >= 0.9 - 1e-9
    r2 = pep.linear_rate(pep.gd("2/(L+mu)"), pep.smooth_strongly_convex(Fraction(1, 10)))
    assert r2.rho == pytest.approx(9 / 11, abs=1e-5)


def test_heavy_ball_quadratic_tuning_has_no_certificate():
    """Heavy ball at its quadratic-optimal tuning, kappa = 25: no rho < 1 (Lessard, Recht and Packard 2016,
    Sec. 4.6: it cycles on a smooth strongly convex piecewise quadratic); Nesterov and TMM are certified."""
    cls = pep.smooth_strongly_convex(Fraction(1, 25))
    hb = pep.heavy_ball("4/(sqrt(L)+sqrt(mu))**2", "((sqrt(L)-sqrt(mu))/(sqrt(L)+sqrt(mu)))**2")
    r = pep.linear_rate(hb, cls)
    assert r.status == "unknown" and "rho < 1" in r.reason and not r.check()
    for m in (pep.nesterov_strongly_convex(), pep.triple_momentum()):
        rr = pep.linear_rate(m, cls)
        assert rr.status == "proved" and rr.check() and rr.rho < 1


def test_heavy_ball_quadratic_tuning_really_cycles():
    """The 'unknown' above is not a gap of the method: Lessard, Recht and Packard (2016, Sec. 4.6) give
    f = 25/2 x^2 - 12 max(0, x-1)^2 + 12 max(0, x-2)^2 (1-strongly convex, 25-smooth) on which heavy ball with
    alpha = 4/(sqrt L + sqrt mu)^2 = 1/9, beta = 4/9 cycles (period 3): symopt.optimizers.momentum reproduces it."""
    from symopt.optimizers import momentum

    tr = momentum("25/2*x**2 - 12*max(0, x - 1)**2 + 12*max(0, x - 2)**2", x0=[3.3], lr=1 / 9, beta=4 / 9, steps=600)
    tail = tr.xs[-3:, 0]
    assert np.allclose(sorted(tail), [-1.80244898, 0.64653061, 2.11591837], atol=1e-6)
    assert np.allclose(tr.xs[-1, 0], tr.xs[-4, 0], atol=1e-9)


def test_tampered_lyapunov_certificate_fails():
    import dataclasses

    r = pep.linear_rate(pep.gd("1/L"), pep.smooth_strongly_convex(Fraction(1, 10)))
    cert = r.certificate
    assert not dataclasses.replace(cert, rho2=cert.rho2 * Fraction(99, 100)).check()
    D = list(cert.DS)
    k = next(i for i, d in enumerate(D) if d > 0)
    D[k] = -D[k]
    assert not dataclasses.replace(cert, DS=tuple(D)).check()


def test_closed_form_gd_drori_teboulle():
    """[DT14]: GD with step 1/L on F_{0,L}: L R^2 / (4N + 2); fitted on N = 1..4, checked at N = 6."""
    c = pep.closed_form(pep.gd(1), pep.smooth_convex(), fit=(1, 2, 3, 4), check=(6,))
    import sympy as sp

    N = next(iter(c.formula.free_symbols))
    assert sp.simplify(c.formula - 1 / (4 * N + 2)) == 0
    assert c.status == "conjecture" and "not proved for all N" in c.conjecture
    assert set(c.checked) == {6}


# ----------------------------------------------------------------------------- the bound as a property


def test_certified_bound_as_hypothesis_property():
    """symopt.testing.check_pep_bound: GD 1/L, N = 3, on sampled 1-D Huber functions and convex quadratics
    (all in F_{0,1}); the certified bound holds on every sample."""
    from hypothesis import given, strategies as st

    from symopt.testing import check_pep_bound

    res = pep.worst_case(pep.gd(1), pep.smooth_convex(), 3, tight=False)

    @given(st.floats(0.01, 5.0), st.floats(0.05, 1.0), st.floats(-10, 10))
    def prop(delta, curv, x0):
        f = lambda x: float(np.where(abs(x) <= delta, curv * x * x / 2, curv * delta * (abs(x) - delta / 2)).sum())
        g = lambda x: np.clip(curv * np.asarray(x), -curv * delta, curv * delta)
        check_pep_bound(res, f, g, [x0])

    prop()
    with pytest.raises(AssertionError):  # outside the class (curvature 3 > L = 1): the property catches it
        check_pep_bound(res, lambda x: float(1.5 * np.dot(x, x)), lambda x: 3 * np.asarray(x), [1.0])


def test_results_render():
    r = pep.worst_case(pep.gd(1), pep.smooth_convex(), 1)
    assert "proved" in repr(r) and len(repr(r)) < 200
    assert "<table" in r._repr_html_()
    d = r.to_dict()
    assert d["status"] == "proved" and Fraction(d["tau"]) == r.tau
    assert "<table" in r.certificate._repr_html_() and "<table" in r.tight._repr_html_()
    assert "PEPCertificate" in repr(r.certificate) and "TightFunction" in repr(r.tight)


# ----------------------------------------------------------------------------- CLI


def test_cli_table_and_json(capsys):
    import json

    from symopt.cli import main

    assert main(["pep", "gd", "--step", "1/L", "--N", "1,2"]) == 0
    out = capsys.readouterr().out
    assert "proved" in out and "certified tau" in out
    assert main(["pep", "rule", "--rule", "x = x - 1/L*grad(x)", "--N", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    r = data["results"][0]
    assert r["status"] == "proved" and abs(Fraction(r["tau"]) - Fraction(1, 10)) <= Fraction(1, 10**7)
    assert main(["pep", "heavy_ball", "--step", "1", "--class", "smooth strongly convex", "--mu", "1/10"]) == 2
    assert "needs --beta" in capsys.readouterr().err
    assert main(["pep", "gd", "--class", "smooth strongly convex", "--mu", "1/10", "--rate", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "proved"


# ----------------------------------------------------------------------------- more checks


def test_proofs_witness_for_d2l_11_4_16_rechecked_independently():
    """proofs/pep_global_bounds.py refutes (11.4.16) with the t = 1..T average at T = 1 using
    f(x, y) = max(0, 7/25 x + 24/25 y, 7/25 x - 24/25 y); re-checked here with SymPy rationals:
    the subgradient inequality at w_0 on a grid, 1-Lipschitz slopes, and the gap 702/625 > 1."""
    import itertools

    import sympy as sp

    a, b = sp.Rational(7, 25), sp.Rational(24, 25)
    f = lambda x, y: sp.Max(0, a * x + b * y, a * x - b * y)  # noqa: E731
    w0, g0 = (sp.Integer(1), sp.Integer(0)), (a, b)
    grid = [sp.Rational(k, 4) for k in range(-8, 9)]
    assert all(f(x, y) >= f(*w0) + g0[0] * (x - w0[0]) + g0[1] * (y - w0[1]) for x, y in itertools.product(grid, grid))
    assert a**2 + b**2 == 1 and f(0, 0) == 0
    w1 = (w0[0] - g0[0], w0[1] - g0[1])
    assert f(*w1) == sp.Rational(702, 625) and f(*w1) > 1


def test_symbolic_mu_ratio_and_rule_rates():
    """mu = L/10 with symbolic L gives the same PEP as mu = 1/10, L = 1; a rule has a stationary form for rates."""
    a = pep.worst_case(pep.gd("1/L"), pep.smooth_strongly_convex("L/10", "L"), 2, measure="dist")
    b = pep.worst_case(pep.gd(1), pep.smooth_strongly_convex(Fraction(1, 10), 1), 2, measure="dist")
    assert a.numeric == pytest.approx(b.numeric, rel=1e-8) and a.scaling == "R^2"
    r = pep.linear_rate(pep.from_rule("x = x - 1/L*grad(x)"), pep.smooth_strongly_convex(Fraction(1, 10)))
    assert r.status == "proved" and r.rho == pytest.approx(0.9, abs=1e-5)
    with pytest.raises(UnsupportedError):
        pep.linear_rate(pep.nesterov(1), pep.smooth_strongly_convex(Fraction(1, 10)))  # not stationary
    with pytest.raises(UnsupportedError):
        pep.worst_case(pep.subgradient(1), pep.convex(), 2)  # unbounded without a subgradient bound


def test_lyapunov_certificate_checks_without_solver(monkeypatch):
    r = pep.linear_rate(pep.heavy_ball("1/L", Fraction(1, 2)), pep.smooth_strongly_convex(Fraction(1, 10)))
    monkeypatch.setitem(sys.modules, "clarabel", None)
    assert r.check()
    assert "<table" in r._repr_html_()


def test_proximal_gradient_composite_matches_pepit():
    """PEPit composite_convex_minimization/proximal_gradient: f in F_{mu,L} (mu = 0.1, L = 1) plus a closed convex h,
    gamma = 1, n = 2, ||x_n - x*||^2: max(|1 - gamma L|, |1 - gamma mu|)^(2n) = 0.9^4 (Taylor, Hendrickx, Glineur 2018)."""
    res = pep.worst_case(pep.proximal_gradient(1), (pep.smooth_strongly_convex(Fraction(1, 10), 1), pep.convex()), 2, measure="dist")
    pepit_tau, theory = _pepit("composite_convex_minimization.proximal_gradient", "wc_proximal_gradient", 1, 0.1, 1, 2)
    _agree(res, pepit_tau)
    assert res.numeric == pytest.approx(0.9**4, rel=1e-6)
    assert "F = f + h" in res.statement


def test_projected_gradient_with_indicator_is_proved():
    """Projected gradient (h an indicator of a closed convex set), step 1/L: F(x_N) - F* <= L R^2/(4N)
    (Taylor, Hendrickx and Glineur 2018, proximal gradient on F_{0,L} + convex h; tight).  The dual is
    degenerate (moving every gradient of f by u and of h by -u leaves every inequality flat): the
    certificate keeps S u = 0 exactly, found numerically and verified exactly."""
    for N in (2, 3):
        res = pep.worst_case(pep.proximal_gradient(1), (pep.smooth_convex(1), pep.indicator()), N)
        assert res.numeric == pytest.approx(1 / (4 * N), rel=1e-6)
        assert res.status == "proved" and res.check()
        assert float(res.tau) <= 1 / (4 * N) * (1 + 1e-6)


def test_unbounded_and_oversized_problems_are_clear():
    """A gradient step on the class of all convex functions has no finite worst case: 'unknown' with the reason."""
    r = pep.worst_case(pep.from_rule("x = x - grad(x)"), pep.convex(), 2)
    assert r.status == "unknown" and "unbounded" in r.reason and r.numeric == math.inf
    with pytest.raises(ParameterError, match="too large"):
        pep.worst_case(pep.gd(1), pep.smooth_convex(), pep.MAX_N + 1)


def test_cli_closed_form_and_rule_state(capsys):
    from symopt.cli import main

    assert main(["pep", "proximal_point", "--class", "convex", "--step", "2", "--closed-form"]) == 0
    out = capsys.readouterr().out
    assert "formula: 1/(8*N)" in out and "conjecture" in out
    assert main(["pep", "rule", "--rule", "y = x + 1/2*(x - xp) - 1/2*grad(x); xp = x; x = y", "--state", "x,xp",
                 "--class", "smooth strongly convex", "--mu", "1/10", "--initial", "f", "--N", "2"]) == 0
    assert "proved" in capsys.readouterr().out


def test_tour_section_with_and_without_solver(monkeypatch):
    from symopt.cli.pep import tour_section

    assert "check() True" in tour_section(".")
    monkeypatch.setitem(sys.modules, "clarabel", None)
    assert "pip install 'symopt-toolkit[pep]'" in tour_section(".")


def test_tight_function_nesterov_through_nesterov_optimizer():
    """Nesterov's constant-momentum method on F_{mu,L} (PEPit accelerated_gradient_strongly_convex's method):
    its worst case is one-dimensional here and symopt.optimizers.nesterov (text form: the look-ahead
    gradient x_{k-1} - eta beta v_{k-1} = y_{k-1}) reaches it on the tight function."""
    from symopt.optimizers import nesterov

    mu = Fraction(1, 4)
    beta = (1 - math.sqrt(0.25)) / (1 + math.sqrt(0.25))
    res = pep.worst_case(pep.nesterov_strongly_convex(), pep.smooth_strongly_convex(mu), 3, initial="f+mu/2*dist")
    assert res.status == "proved" and res.tight is not None
    tf = res.tight
    tr = nesterov(tf.objective(), x0=[tf.x0], lr=1.0, beta=beta, steps=3)
    assert float(tf(tr.x[0]) - tf(0.0)) == pytest.approx(res.numeric, rel=1e-6)


def test_parameters_are_never_evaluated_as_text(tmp_path):
    """House rule: nothing from the user is executed.  A parameter given as an object
    whose text is Python code is refused (SymPy's sympify would evaluate str(obj));
    strings go through symopt's parser, which rejects the payload."""
    from sympy import SympifyError

    from symopt.errors import ParseError
    from symopt.pep import classes

    marker = tmp_path / "pwned"

    class Payload:
        def __str__(self):
            return f"__import__('pathlib').Path({str(marker)!r}).touch()"

    with pytest.raises(SympifyError):
        classes._sym(Payload())
    with pytest.raises(ParseError):
        classes._sym(str(Payload()))
    assert not marker.exists()
