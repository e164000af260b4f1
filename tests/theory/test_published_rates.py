"""Published convergence facts, each re-derived by symopt and checked against the publication.

Every test names its source in its docstring: PEPit's examples (their stated
``theoretical_tau``), Goh's Distill article "Why Momentum Really Works" (2017),
Lessard, Recht & Packard (2016, SIAM J. Optim. 26(1)), Nesterov's "Introductory
Lectures on Convex Optimization" (2004), Polyak (1964), numerical-analysis
texts on Newton-type iterations, and Cohen et al. on the edge of stability
(ICLR 2021; "Adaptive gradient methods at the edge of stability", 2022).
The checks never compare symopt with itself: published closed forms, numeric
spectral radii computed here in mpmath, brute-force grids or direct runs of the
iteration.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from symopt import Objective
from symopt.core.parse import symbol
from symopt.exact.schur import is_stable, jury_conditions, region
from symopt.theory import (
    gd_optimal,
    gd_quadratic,
    heavy_ball_optimal,
    iteration_matrix,
    method_stability,
    nesterov_joint_optimal,
    nesterov_optimal,
)
from symopt.theory import iteration_order as order
from symopt.theory import newton_rate as newton

MU, L = sp.Symbol("mu", positive=True), sp.Symbol("L", positive=True)
KAPPA = sp.Symbol("kappa", positive=True)
eta, beta, beta1, a_ = symbol("eta"), symbol("beta"), symbol("beta1"), symbol("a")


def _only_values(result):
    """mpmath.eig's eigenvalues (it returns a tuple with vectors for 1x1 matrices)."""
    return result[0] if isinstance(result, tuple) else result


def _rho(M: sp.Matrix, env: dict | None = None, dps: int = 40) -> mpmath.mpf:
    """Spectral radius in mpmath (independent of symopt's exact region)."""
    M = M.xreplace(env or {})
    with mpmath.workdps(dps):
        A = mpmath.matrix([[mpmath.mpmathify(sp.N(e, dps)) for e in M.row(i)] for i in range(M.rows)])
        return max(abs(v) for v in _only_values(mpmath.eig(A, left=False, right=False)))


def _sharpness_model(method: str, **kw):
    """The method on f = a/2 x^2 (a = the sharpness), linearised at 0."""
    obj = Objective("a*x**2/2", variables="x", params="a")
    return method_stability(method, obj, at="x=0", **kw)


# ---------------------------------------------------------------- gradient descent


def test_gd_optimal_step_and_rate_nesterov_2004():
    """Nesterov (2004), Thm 2.1.15: on mu-strongly convex L-smooth f, GD with h = 2/(mu + L)
    contracts ||x_k - x*|| by (L - mu)/(L + mu) = (kappa - 1)/(kappa + 1) per step."""
    t = gd_optimal()
    assert sp.simplify(t.params["eta"] - 2 / (MU + L)) == 0
    assert sp.simplify(t.rate_kappa - (KAPPA - 1) / (KAPPA + 1)) == 0


def test_gd_stable_iff_step_below_two_over_L():
    """Nesterov (2004) Sec. 1.2.3 / Boyd & Vandenberghe (2004) Sec. 9.3: on a quadratic with largest
    curvature L, fixed-step GD converges iff 0 < h < 2/L."""
    r = gd_quadratic([[1, 0], [0, 10]])
    assert r.stable_range == sp.Interval.open(0, sp.Rational(1, 5))
    m = method_stability("gd", "x**2/2 + 5*y**2", at="x=0, y=0")
    assert m.region == sp.And(eta > 0, eta < sp.Rational(1, 5))


def test_pepit_gd_quadratics_asymptotic_factor():
    """PEPit example gradient_descent_quadratics (tight, [1, eq. (4.17)]):
    f(x_n) - f* <= L/2 max{alpha (1 - alpha L gamma)^(2n), (1 - L gamma)^(2n)} ||x0 - x*||^2 with
    alpha = proj_[mu/L, 1](1/(L gamma (2n+1))): for large n the per-step factor tends to
    max(|1 - mu gamma|, |1 - L gamma|)^2, the square of symopt's GD rate."""
    mu, Lv, gamma = 0.1, 1.0, 1.5
    r = gd_quadratic([[sp.Rational(1, 10), 0], [0, 1]])
    rate = float(r.rate(sp.Rational(3, 2)))

    def tau(n):
        alpha = min(max(1 / (Lv * gamma * (2 * n + 1)), mu / Lv), 1.0)
        return 0.5 * Lv * max(alpha * (1 - alpha * Lv * gamma) ** (2 * n), (1 - Lv * gamma) ** (2 * n))

    n = 400
    assert (tau(n + 1) / tau(n)) == pytest.approx(rate**2, rel=1e-9)


def test_optimal_fixed_step_matches_exact_line_search_worst_case():
    """PEPit example gradient_exact_line_search (de Klerk, Glineur & Taylor 2017):
    tau = ((L - mu)/(L + mu))^(2n) for f-values; the optimal fixed step reaches the same
    per-step factor on quadratics ((kappa - 1)/(kappa + 1))^2."""
    t = gd_optimal()
    env = {MU: sp.Rational(1, 10), L: 1}
    assert sp.simplify(t.rate.xreplace(env) ** 2 - ((1 - sp.Rational(1, 10)) / (1 + sp.Rational(1, 10))) ** 2) == 0


# ---------------------------------------------------------------------- heavy ball


def test_polyak_heavy_ball_tuning():
    """Polyak (1964) and Goh, "Why Momentum Really Works" (Distill 2017): alpha = (2/(sqrt L + sqrt mu))^2,
    beta = ((sqrt kappa - 1)/(sqrt kappa + 1))^2, rate (sqrt kappa - 1)/(sqrt kappa + 1)."""
    t = heavy_ball_optimal()
    assert sp.simplify(t.params["eta"] - (2 / (sp.sqrt(L) + sp.sqrt(MU))) ** 2) == 0
    k = t.params["beta"].subs(L, KAPPA * MU)
    assert sp.simplify(k - ((sp.sqrt(KAPPA) - 1) / (sp.sqrt(KAPPA) + 1)) ** 2) == 0
    assert sp.simplify(t.rate_kappa - (sp.sqrt(KAPPA) - 1) / (sp.sqrt(KAPPA) + 1)) == 0


@pytest.mark.parametrize("b, al, lam", [("0", "1/2", 3), ("1/2", "1/2", "2.9"), ("1/2", "1/2", "3.1"),
                                        ("9/10", "1", "3.7"), ("9/10", "1", "3.9"), ("1/4", "1", "2.4")])
def test_distill_momentum_region(b, al, lam):
    """Distill (Goh 2017), "The Dynamics of Momentum": the momentum iteration converges iff
    0 < alpha lambda < 2 + 2 beta, for 0 <= beta < 1 (checked at points on both sides)."""
    b, al, lam = sp.Rational(b), sp.Rational(al), sp.Rational(lam)
    m = _sharpness_model("momentum")
    inside = bool(m.region.xreplace({beta: b, eta: al, a_: lam}))
    assert inside == (0 < al * lam < 2 + 2 * b)


def test_distill_beta_zero_is_gradient_descent():
    """Distill (Goh 2017): with beta = 0 momentum is gradient descent, stable iff 0 < alpha lambda < 2."""
    m = _sharpness_model("momentum", values={"beta": 0})
    assert m.region == sp.And(eta > 0, eta < 2 / a_) or bool(
        sp.simplify(m.region.xreplace({a_: 3, eta: sp.Rational(2, 3) - sp.Rational(1, 100)})))
    assert not bool(m.region.xreplace({a_: 3, eta: sp.Rational(2, 3) + sp.Rational(1, 100)}))


def test_distill_critical_damping():
    """Distill (Goh 2017): for a fixed step alpha, the best momentum on eigenvalue lambda is
    beta = (1 - sqrt(alpha lambda))^2, giving the rate 1 - sqrt(alpha lambda) (a double eigenvalue)."""
    al, lam = sp.Rational(1, 10), 4
    b = (1 - sp.sqrt(al * lam)) ** 2
    m = _sharpness_model("heavy_ball")
    rho = _rho(m.matrix, {eta: al, beta: b, a_: lam})
    assert float(rho) == pytest.approx(float(1 - sp.sqrt(al * lam)), abs=1e-12)
    # nearby betas are worse
    for db in (sp.Rational(-1, 50), sp.Rational(1, 50)):
        assert _rho(m.matrix, {eta: al, beta: b + db, a_: lam}) > rho


def test_pepit_heavy_ball_ghadimi():
    """PEPit example heavy_ball_momentum (Ghadimi, Feyzmahdavian & Johansson 2015, Thm 4): with
    alpha in (0, 1/L] and beta = sqrt((1 - alpha mu)(1 - alpha L)), f(x_n) - f* <= (1 - alpha mu)^n (f(x0) - f*).
    On quadratics with curvatures mu, L the squared spectral radius stays below 1 - alpha mu."""
    mu, Lv = sp.Rational(1, 10), 1
    for al in (sp.Rational(1, 2), sp.Rational(9, 10), 1):
        b = sp.sqrt((1 - al * mu) * (1 - al * Lv))
        m = method_stability("heavy_ball", "x**2/20 + y**2/2", at="x=0, y=0")
        assert bool(m.region.xreplace({eta: al, beta: b})) or b == 0
        assert float(_rho(m.matrix, {eta: al, beta: b})) ** 2 <= float(1 - al * mu) + 1e-12


def test_heavy_ball_attains_nesterov_lower_bound():
    """Nesterov (2004), Thm 2.1.13: no first-order method beats ((sqrt kappa - 1)/(sqrt kappa + 1))^k
    on the worst quadratic; Polyak's heavy ball attains that rate (spectral radius, mpmath)."""
    m = method_stability("heavy_ball", "x**2/2 + 8*y**2", at="x=0, y=0")
    t = m.tunings["heavy_ball"]
    kappa = 16
    assert sp.simplify(t["rate"] - sp.Rational(3, 5)) == 0  # (4 - 1)/(4 + 1)
    assert float(_rho(m.matrix, {symbol(k): v for k, v in t["params"].items()})) == pytest.approx(
        (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1), abs=1e-9)


def test_lessard_recht_packard_heavy_ball_cycles_off_quadratics():
    """Lessard, Recht & Packard (2016), Sec. 4.6: Polyak's quadratic-optimal tuning (mu = 1, L = 25:
    alpha = 1/9, beta = 4/9) converges on every quadratic in the class but cycles on a
    smooth strongly convex function; symopt's region is local off quadratics, and says so (issue 24: on a
    quadratic the update is affine and the region is exactly convergence from every start, derived)."""
    m = method_stability("heavy_ball", "x**2/2", at="x=0")
    assert m.linear and "from every start" in m.note
    off = method_stability("heavy_ball", "x**2/2 + log(cosh(x))", at="x=0")  # smooth, strongly convex, not quadratic
    assert not off.linear and "close enough to x*" in off.note and "not from every start" in off.note
    for lam in (1, 25):
        mm = method_stability("heavy_ball", f"{lam}*x**2/2", at="x=0")
        assert bool(mm.region.xreplace({eta: sp.Rational(1, 9), beta: sp.Rational(4, 9)}))

    def grad(x):
        return 25 * x if x < 1 else (x + 24 if x < 2 else 25 * x - 24)

    x_prev = x = 3.3
    tail = []
    for k in range(1500):
        x, x_prev = x - grad(x) / 9 + 4 / 9 * (x - x_prev), x
        if k > 1400:
            tail.append(abs(x))
    assert min(tail) > 0.1


def test_polyak_local_rate_is_the_quadratic_models():
    """Polyak (1964), Thm 9 (local convergence of heavy ball): near a non-degenerate minimiser the
    linearised iteration is that of the quadratic model f(x*) + 1/2 e^T H(x*) e."""
    a = method_stability("heavy_ball", "x**2 + 5*y**2 + x**4 + x**2*y**2", at="x=0, y=0")
    b = method_stability("heavy_ball", "x**2 + 5*y**2", at="x=0, y=0")
    assert a.matrix == b.matrix and a.region == b.region


# ------------------------------------------------------------------------ Nesterov


def test_nesterov_constant_step_scheme():
    """Nesterov (2004), constant step scheme III (2.2.22) and PEPit example accelerated_gradient_strongly_convex:
    h = 1/L, beta = (sqrt L - sqrt mu)/(sqrt L + sqrt mu); on quadratics the rate is 1 - 1/sqrt(kappa)."""
    t = nesterov_optimal()
    assert t.params["eta"] == 1 / L
    assert sp.simplify(t.params["beta"] - (sp.sqrt(L) - sp.sqrt(MU)) / (sp.sqrt(L) + sp.sqrt(MU))) == 0
    assert sp.simplify(t.rate_kappa - (1 - 1 / sp.sqrt(KAPPA))) == 0


def test_pepit_accelerated_gradient_bound_is_consistent():
    """PEPit accelerated_gradient_strongly_convex ([1, Cor. 4.15]): f(x_n) - f* <= (1 - sqrt(mu/L))^n (...).
    The asymptotic factor on quadratics, rho^2 with rho symopt's spectral radius, must not exceed it."""
    m = method_stability("nesterov", "x**2/20 + y**2/2", at="x=0, y=0")
    t = m.tunings["nesterov (eta = 1/L)"]
    rho = _rho(m.matrix, {symbol(k): v for k, v in t["params"].items()})
    assert float(rho) ** 2 <= 1 - math.sqrt(0.1) + 1e-12


def test_lessard_recht_packard_joint_nesterov():
    """Lessard, Recht & Packard (2016), Sec. 3 (Nesterov on quadratics): alpha = 4/(3L + mu),
    beta = (sqrt(3 kappa + 1) - 2)/(sqrt(3 kappa + 1) + 2), rate 1 - 2/sqrt(3 kappa + 1)."""
    t = nesterov_joint_optimal()
    assert sp.simplify(t.params["eta"] - 4 / (3 * L + MU)) == 0
    s = sp.sqrt(3 * KAPPA + 1)
    assert sp.simplify(t.params["beta"].subs(L, KAPPA * MU) - (s - 2) / (s + 2)) == 0
    assert sp.simplify(t.rate_kappa - (1 - 2 / s)) == 0


def test_joint_nesterov_beats_every_grid_point():
    """Lessard, Recht & Packard (2016): the joint tuning is optimal for Nesterov's method on quadratics:
    no (eta, beta) on a fine grid gives a smaller worst spectral radius over [mu, L] = [1, 10]."""
    lams = np.linspace(1, 10, 40)

    def worst(e, b):
        q = 1 - e * lams
        tr, det = (1 + b) * q, b * q
        disc = tr**2 - 4 * det + 0j
        return np.max(np.maximum(abs((tr + np.sqrt(disc)) / 2), abs((tr - np.sqrt(disc)) / 2)))

    best = min(worst(e, b) for e in np.linspace(0.05, 0.2, 151) for b in np.linspace(0, 0.9, 181))
    opt = 1 - 2 / math.sqrt(31)
    assert best >= opt - 1e-9
    # a double root at lambda = mu: float64 resolves it to ~sqrt(machine epsilon)
    assert worst(4 / 31, (math.sqrt(31) - 2) / (math.sqrt(31) + 2)) == pytest.approx(opt, abs=1e-7)


def test_nesterov_forms_share_their_characteristic_polynomial():
    """Sutskever et al. (2013, ICML) and PyTorch's SGD(nesterov=True) docs: the look-ahead and the
    'v = beta v + g; x -= eta (g + beta v)' forms are the same method; on quadratics their
    iteration matrices have the same characteristic polynomial."""
    a = method_stability("nesterov", "3*x**2", at="x=0")
    b = method_stability("nesterov_torch", "3*x**2", at="x=0")
    z = sp.Symbol("z")
    pa = sp.expand(a.matrix.charpoly(z).as_expr())
    pb = sp.expand(b.matrix.charpoly(z).as_expr())
    assert sp.expand(pa - pb) == 0


def test_triple_momentum_rate():
    """PEPit example triple_momentum (Van Scoy, Freeman & Lynch 2018, Thm 1): with rho = 1 - 1/sqrt(kappa),
    alpha = (1+rho)/L, beta = rho^2/(2-rho), gamma = rho^2/((1+rho)(2-rho)), the rate is rho; on every
    quadratic with curvature in [mu, L] the spectral radius is at most rho."""
    rule = "xi = (1 + b)*x - b*xo - al*grad(y); y = (1 + g)*xi - g*x; xo = x; x = xi"
    kappa = 9
    rho = 1 - 1 / sp.sqrt(kappa)
    env = {symbol("al"): (1 + rho) / kappa, symbol("b"): rho**2 / (2 - rho),
           symbol("g"): rho**2 / ((1 + rho) * (2 - rho))}
    for lam in (1, 3, 9):
        m = method_stability("rule", f"{lam}*x**2/2", at="x=0", rule=rule, state="x, xo, y")
        assert float(_rho(m.matrix, env)) <= float(rho) + 1e-9


# ------------------------------------------------------------- edge of stability


@pytest.mark.parametrize("e", ["1/10", "1/100"])
def test_cohen_edge_of_stability_gd(e):
    """Cohen, Kaur, Li, Kolter & Talwalkar (ICLR 2021), Sec. 2: GD with step eta on a quadratic is
    stable iff the sharpness (largest Hessian eigenvalue) is below 2/eta."""
    e = sp.Rational(e)
    m = _sharpness_model("gd")
    assert bool(m.region.xreplace({eta: e, a_: 2 / e - sp.Rational(1, 1000)}))
    assert not bool(m.region.xreplace({eta: e, a_: 2 / e + sp.Rational(1, 1000)}))


def test_cohen_edge_of_stability_heavy_ball():
    """Cohen et al. (ICLR 2021), Appendix: for Polyak momentum the maximal stable sharpness is (2 + 2 beta)/eta."""
    m = _sharpness_model("heavy_ball")
    for b in (sp.Rational(9, 10), sp.Rational(1, 2)):
        thr = (2 + 2 * b) / sp.Rational(1, 100)
        assert bool(m.region.xreplace({eta: sp.Rational(1, 100), beta: b, a_: thr - sp.Rational(1, 100)}))
        assert not bool(m.region.xreplace({eta: sp.Rational(1, 100), beta: b, a_: thr + sp.Rational(1, 100)}))


def test_cohen_edge_of_stability_nesterov():
    """Cohen et al. (ICLR 2021), Appendix: for Nesterov momentum the threshold is (2 + 2 beta)/((1 + 2 beta) eta)."""
    m = _sharpness_model("nesterov")
    b, e = sp.Rational(9, 10), sp.Rational(1, 100)
    thr = (2 + 2 * b) / ((1 + 2 * b) * e)
    assert bool(m.region.xreplace({eta: e, beta: b, a_: thr - sp.Rational(1, 100)}))
    assert not bool(m.region.xreplace({eta: e, beta: b, a_: thr + sp.Rational(1, 100)}))


def test_cohen_adam_preconditioned_sharpness_38_over_eta():
    """Cohen et al., "Adaptive gradient methods at the edge of stability" (2022): with a frozen
    preconditioner, Adam is stable iff the preconditioned sharpness is below (2 + 2 beta1)/((1 - beta1) eta),
    i.e. 38/eta for beta1 = 0.9."""
    m = _sharpness_model("adam", preconditioner=1, values={"beta1": "9/10"})
    e = sp.Rational(1, 1000)
    assert bool(m.region.xreplace({eta: e, a_: 38 / e - 1}))
    assert not bool(m.region.xreplace({eta: e, a_: 38 / e + 1}))


def test_cohen_rmsprop_preconditioned_sharpness():
    """Cohen et al. (2022): for a frozen preconditioner P^-1 = D, RMSProp is stable iff lambda_max(D H) < 2/eta."""
    m = method_stability("rmsprop", "x**2 + 10*y**2", at="x=0, y=0", preconditioner=[1, sp.Rational(1, 10)])
    # D H = diag(2, 2): threshold eta < 1
    assert m.region == sp.And(eta > 0, eta < 1)


# ------------------------------------------------------------------- Jury / regions


def test_jury_second_order_criterion():
    """Jury (1964) / Ogata, Discrete-Time Control Systems, Sec. 4-5: z^2 + a1 z + a0 has both roots
    in the open unit disk iff |a0| < 1, 1 + a1 + a0 > 0 and 1 - a1 + a0 > 0."""
    a0, a1 = symbol("a0"), symbol("a1")
    z = sp.Symbol("z")
    reg = region(sp.Poly(z**2 + a1 * z + a0, z))
    for v0 in np.linspace(-1.5, 1.5, 13):
        for v1 in np.linspace(-2.5, 2.5, 11):
            env = {a0: sp.nsimplify(round(v0, 2)), a1: sp.nsimplify(round(v1, 2))}
            jury = abs(env[a0]) < 1 and 1 + env[a1] + env[a0] > 0 and 1 - env[a1] + env[a0] > 0
            assert bool(reg.xreplace(env)) == bool(jury)
    assert len(jury_conditions(sp.Poly(z**2 + a1 * z + a0, z))) == 3


# ---------------------------------------------------------------- Newton-type orders


def test_newton_simple_root_constant():
    """Suli & Mayers, An Introduction to Numerical Analysis (2003), Thm 1.8: at a simple root,
    |x_{k+1} - xi| ~ |f''(xi)/(2 f'(xi))| |x_k - xi|^2; for f = x^2 - 2: 1/(2 sqrt 2)."""
    r = order("x - (x**2 - 2)/(2*x)", at="sqrt(2)")
    assert r.order == 2 and sp.simplify(r.constant - 1 / (2 * sp.sqrt(2))) == 0
    assert r.empirical_constant == pytest.approx(1 / (2 * math.sqrt(2)), rel=1e-6)


def test_newton_multiple_root_is_linear():
    """Suli & Mayers (2003), Exercise 1.? / Atkinson (1989) Sec. 2.7: at a root of multiplicity m
    Newton's method converges linearly with rate (m - 1)/m."""
    for m in (2, 3, 5):
        r = order(f"x - (x - 1)**{m}/({m}*(x - 1)**{m - 1})", at=1, check=False)
        r2 = order(f"x - (x - 1)**{m}*(x + 2)/(diff_placeholder)".replace(
            "diff_placeholder", f"{m}*(x - 1)**{m - 1}*(x + 2) + (x - 1)**{m}"), at=1)
        assert r.order == 1 and r.constant == sp.Rational(m - 1, m)
        assert r2.order == 1 and r2.constant == sp.Rational(m - 1, m)
        assert r2.empirical_constant == pytest.approx((m - 1) / m, rel=1e-3)


def test_modified_newton_is_quadratic_again():
    """Schroeder (1870); Atkinson, An Introduction to Numerical Analysis (1989), Sec. 2.7:
    x <- x - m f/f' at a root of multiplicity m converges quadratically."""
    r = order("x - 2*(x - 1)**2*(x + 3)/(2*(x - 1)*(x + 3) + (x - 1)**2)", at=1)
    assert r.order == 2 and r.empirical_order == pytest.approx(2, abs=1e-3)
    assert r.empirical_constant == pytest.approx(float(r.constant), rel=1e-3)


def test_halley_cubic_root_of_two():
    """Gander, "On Halley's iteration method", Amer. Math. Monthly 92 (1985): Halley's method is cubic with
    e_{k+1} ~ ((f''/(2f'))^2 - f'''/(6f')) e_k^3; for f = x^3 - 2 at 2^(1/3): 1/x*^2 - 1/(3 x*^2) = 2^(1/3)/3."""
    r = order("x - 2*(x**3 - 2)*3*x**2/(2*(3*x**2)**2 - (x**3 - 2)*6*x)", at="2**(1/3)")
    assert r.order == 3
    assert sp.simplify(r.constant - sp.cbrt(2) / 3) == 0
    assert abs(float(r.constant) - 0.41997368329829) < 1e-12
    assert r.empirical_constant == pytest.approx(2 ** (1 / 3) / 3, rel=1e-6)


def test_halley_square_root_constant():
    """Gander (1985): Halley's constant (f''/(2f'))^2 - f'''/(6f'); for f = x^2 - 3 at sqrt 3 it is 1/12."""
    r = order("x - 2*(x**2 - 3)*2*x/(2*(2*x)**2 - (x**2 - 3)*2)", at="sqrt(3)")
    assert r.order == 3 and r.constant == sp.Rational(1, 12)


def test_heron_square_root():
    """Heron's (Babylonian) method, e.g. Suli & Mayers (2003) Example 1.9: x <- (x + a/x)/2 is Newton
    on x^2 - a, quadratic with constant 1/(2 sqrt a)."""
    r = order("x/2 + 5/(2*x)", at="sqrt(5)")
    assert r.order == 2 and sp.simplify(r.constant - 1 / (2 * sp.sqrt(5))) == 0


def test_newton_raphson_division():
    """Newton-Raphson division (e.g. Flynn 1970; Wikipedia 'Division algorithm'): x <- x (2 - a x)
    converges to 1/a with e_{k+1} = -a e_k^2, i.e. quadratic with constant a."""
    r = order("x*(2 - 7*x)", at="1/7")
    assert r.order == 2 and r.constant == 7 and r.signed_constant == -7


def test_steffensen_constant():
    """Steffensen's method (e.g. Suli & Mayers 2003; Wikipedia 'Steffensen's method'):
    x <- x - f^2/(f(x + f) - f), quadratic with e_{k+1} ~ (f''/(2f'))(1 + f') e_k^2."""
    r = order("x - (x**2 - 2)**2/(((x + x**2 - 2)**2 - 2) - (x**2 - 2))", at="sqrt(2)")
    fp, fpp = 2 * sp.sqrt(2), 2
    assert r.order == 2 and sp.simplify(r.constant - fpp / (2 * fp) * (1 + fp)) == 0


def test_newton_minimisation_constant():
    """Nocedal & Wright (2006), Thm 3.5 (quadratic convergence of Newton's method for minimisation) with the
    constant of Suli & Mayers Thm 1.8 applied to f': |e_{k+1}| ~ |f'''/(2 f'')| |e_k|^2."""
    r = newton("x**2 + x**3", at=0)
    assert r.order == 2 and r.constant == sp.Rational(3, 2)


def test_newton_quartic_algebraic_points_exact():
    """The constant f'''(x*)/(2 f''(x*)) at the three critical points of x^4 - 3x^2 + x (roots of 4x^3 - 6x + 1),
    checked against mpmath roots found here; exact and deterministic (the issue's 15-22 s case;
    speed is measured in bench/: tests never read the clock)."""
    rs = newton("x**4 - 3*x**2 + x", check=False)
    roots = sorted(mpmath.polyroots([4, 0, -6, 1], extraprec=100))
    assert len(rs) == 3 and all(r.order == 2 for r in rs)
    for r, xr in zip(sorted(rs, key=lambda q: float(sp.N(list(q.point.values())[0]))), roots):
        expected = abs(24 * xr / (2 * (12 * xr**2 - 6)))
        assert float(sp.N(r.constant, 30)) == pytest.approx(float(expected), rel=1e-12)


# --------------------------------------------------------------- unit circle


def test_gd_on_quartic_is_inconclusive_not_unstable():
    """GD on f = x^4 (x <- x - 4 eta x^3) converges, sublinearly (x_k ~ 1/sqrt(8 eta k)), e.g. Nesterov (2004)
    Sec. 1.2.3 on non-strongly-convex problems: the Jacobian is 1, so linearisation decides nothing."""
    M = iteration_matrix("x = x - eta*4*x**3", "x", params="eta")
    status, reason = is_stable(M, {"eta": sp.Rational(1, 10)})
    assert status == "unknown" and "inconclusive" in reason
    with mpmath.workdps(30):
        x = mpmath.mpf("0.5")
        for _ in range(20000):
            x = x - mpmath.mpf("0.4") * x**3
        assert x < 0.02 and x > 0
        assert float(x) == pytest.approx(1 / math.sqrt(8 * 0.1 * 20000), rel=0.05)


def test_heavy_ball_at_degenerate_minimum_is_inconclusive():
    """Heavy ball on (x - 1)^4 at x = 1 (H = 0): an eigenvalue is exactly 1, so the verdict is
    'unknown' (Polyak 1964's local theorem needs H(x*) > 0), and a long run still converges."""
    m = method_stability("heavy_ball", "(x - 1)**4", at="x=1")
    v = m.verdict({"eta": sp.Rational(1, 10), "beta": sp.Rational(1, 2)})
    assert v.status == "unknown" and "inconclusive" in v.reason
    x_prev = x = 1.3
    for _ in range(20000):
        x, x_prev = x - 0.1 * 4 * (x - 1) ** 3 + 0.5 * (x - x_prev), x
    assert abs(x - 1) < 0.05
