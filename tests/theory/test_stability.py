"""Iteration matrices and exact stability regions, checked against numeric eigenvalues
and simulated iterations (never against the library's own formulas)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy as sp

from symopt.errors import DimensionError, DomainError, ParameterError, ParseError, UndecidedError
from symopt.core.parse import symbol
from symopt.exact.schur import (
    Z,
    characteristic_polynomial,
    eigenvalues,
    is_stable,
    jury_conditions,
    region,
    schur_cohn_conditions,
    spectral_radius,
)
from symopt.theory import (
    GD_RULE,
    NESTEROV_RULE,
    gd_optimal,
    heavy_ball_optimal,
    iteration_matrix,
    momentum_matrix,
    nesterov_optimal,
    stability_map,
    update_map,
)
from symopt.theory import rule_stability as analyze

beta, eta, lam = symbol("beta"), symbol("eta"), symbol("lambda")


def _numeric_radius(M: sp.Matrix, env: dict) -> float:
    A = np.array(M.xreplace(env).evalf(30).tolist(), dtype=float)
    return float(np.max(np.abs(np.linalg.eigvals(A))))


def _simulate_momentum(b: float, e: float, l: float, steps: int, seed: int = 0) -> float:
    """Run the texts' momentum rule on f = l/2 x^2 directly (not through the matrix)."""
    rng = np.random.default_rng(seed)
    v, x = rng.normal(size=2)
    start = np.hypot(v, x)
    for _ in range(steps):
        v = b * v + l * x
        x = x - e * v
        if not np.isfinite(x) or abs(x) > 1e200:
            return np.inf
    return float(np.hypot(v, x) / start)


def test_momentum_matrix_matches_d2l_11_6_12():
    # D2L (11.6.12): R = [[beta, lambda], [-eta*beta, 1 - eta*lambda]] in the state (v, x).
    R = momentum_matrix(beta, eta, lam)
    expected = sp.Matrix([[beta, lam], [-eta * beta, 1 - eta * lam]])
    assert (R - expected).applyfunc(sp.expand) == sp.zeros(2, 2)


def test_momentum_matrix_propagates_the_rule():
    # R applied to (v, x) equals one step of the rule, for arbitrary numbers.
    b, e, l, v0, x0 = (sp.Rational(k, 7) for k in (3, 5, 11, -2, 9))
    v1 = b * v0 + l * x0
    x1 = x0 - e * v1
    assert momentum_matrix(b, e, l) * sp.Matrix([v0, x0]) == sp.Matrix([v1, x1])


def test_momentum_region_is_exact_on_a_grid():
    R = momentum_matrix(beta, eta, lam)
    reg = region(R, "eta, beta")
    checked = 0
    for b, e, l in itertools.product(np.linspace(-1.3, 1.3, 14), np.linspace(-0.5, 5.5, 13), [0.5, 1.0, 3.0]):
        env = {beta: sp.nsimplify(round(b, 3)), eta: sp.nsimplify(round(e, 3)), lam: sp.nsimplify(l)}
        rho = _numeric_radius(R, env)
        if abs(rho - 1) < 1e-9:
            continue
        assert bool(reg.xreplace(env)) == (rho < 1), (env, rho)
        checked += 1
    assert checked > 400


def test_text_momentum_region_omits_beta_bound():
    # D2L 11.6.3 states "0 < eta*lambda < 2 + 2*beta"; without |beta| < 1 that is not enough.
    env = {beta: 2, eta: sp.Rational(1, 10), lam: 10}  # eta*lambda = 1 < 2 + 2*beta = 6
    assert 0 < env[eta] * env[lam] < 2 + 2 * env[beta]
    R = momentum_matrix(beta, eta, lam).xreplace(env)
    assert _numeric_radius(R, {}) > 1.4  # = sqrt(2): complex pair of modulus sqrt(beta)
    assert is_stable(R)[0] == "unstable"
    assert _simulate_momentum(2.0, 0.1, 10.0, 200) > 1e10


def test_d2l_momentum_examples_are_inside_the_region():
    # D2L 11.6.1: eta = 0.6 with beta = 0.5 and 0.25 on f = 0.1 x1^2 + 2 x2^2 (lambda = 0.2, 4) converge,
    # plain GD with eta = 0.6 diverges in x2 (eta*lambda = 2.4 > 2).
    for b in ("1/2", "1/4"):
        for l in ("1/5", "4"):
            assert is_stable(momentum_matrix(b, "3/5", l))[0] == "stable"
    gd = iteration_matrix(GD_RULE, "x").xreplace({eta: sp.Rational(3, 5), lam: 4})
    assert is_stable(gd)[0] == "unstable"


def test_gd_region():
    M = iteration_matrix(GD_RULE, "x")
    assert M == sp.Matrix([[1 - eta * lam]])
    reg = region(M)
    for e, l in [(0.1, 1), (1.9, 1), (2.1, 1), (-0.1, 1), (0.5, 3.9), (0.5, 4.1)]:
        env = {eta: sp.nsimplify(e), lam: sp.nsimplify(l)}
        assert bool(reg.xreplace(env)) == (abs(1 - e * l) < 1)


def test_nesterov_matrix_and_region():
    r = analyze(NESTEROV_RULE, "x, xp", params="beta, eta, lambda")
    # one step of the rule by hand, at numbers
    b, e, l, x0, xp0 = (sp.Rational(k, 5) for k in (2, 1, 3, 4, -1))
    y = x0 + b * (x0 - xp0)
    x1, xp1 = y - e * l * y, x0
    env = {beta: b, eta: e, lam: l}
    assert r.matrix.xreplace(env) * sp.Matrix([x0, xp0]) == sp.Matrix([x1, xp1])
    rng = np.random.default_rng(1)
    for _ in range(200):
        vals = {beta: sp.Rational(int(rng.integers(-15, 16)), 10), eta: sp.Rational(int(rng.integers(0, 30)), 10),
                lam: sp.Rational(int(rng.integers(1, 20)), 10)}
        rho = _numeric_radius(r.matrix, vals)
        if abs(rho - 1) > 1e-9:
            assert bool(r.region.xreplace(vals)) == (rho < 1)


@pytest.mark.parametrize("degree", [1, 2, 3, 4])
def test_schur_cohn_matches_numeric_roots(degree):
    rng = np.random.default_rng(degree)
    for _ in range(120):
        coeffs = [sp.Rational(int(c), 8) for c in rng.integers(-9, 10, size=degree)]
        p = sp.Poly(Z**degree + sum(c * Z**i for i, c in enumerate(coeffs)), Z)
        rho = max(abs(np.roots([float(a) for a in p.all_coeffs()])))
        if abs(rho - 1) < 1e-7:
            continue
        conds = schur_cohn_conditions(p)
        assert bool(sp.And(*[c.relation for c in conds])) == (rho < 1)


def test_schur_cohn_symbolic_cubic_against_numbers():
    a, b = symbol("a"), symbol("b")
    p = sp.Poly(Z**3 + a * Z**2 + b * Z + sp.Rational(1, 4), Z)
    reg = region(p)
    rng = np.random.default_rng(7)
    for _ in range(150):
        env = {a: sp.Rational(int(rng.integers(-30, 31)), 10), b: sp.Rational(int(rng.integers(-30, 31)), 10)}
        q = p.as_expr().xreplace(env)
        rho = max(abs(np.roots([float(c) for c in sp.Poly(q, Z).all_coeffs()])))
        if abs(rho - 1) > 1e-7:
            assert bool(reg.xreplace(env)) == (rho < 1)


def test_jury_and_schur_cohn_agree_at_degree_two():
    c1, c0 = symbol("c1"), symbol("c0")
    p = sp.Poly(Z**2 + c1 * Z + c0, Z)
    jury = sp.And(*[c.relation for c in jury_conditions(p)])
    sc = sp.And(*[c.relation for c in schur_cohn_conditions(p)])
    for u, v in itertools.product(np.linspace(-2.5, 2.5, 21), repeat=2):
        env = {c1: sp.nsimplify(u), c0: sp.nsimplify(v)}
        assert bool(jury.xreplace(env)) == bool(sc.xreplace(env))


def test_characteristic_polynomial_and_eigenvalues():
    M = sp.Matrix([[0, 1], [-2, 3]])
    assert characteristic_polynomial(M).as_expr() == Z**2 - 3 * Z + 2
    assert eigenvalues(M) == [1, 2]
    assert spectral_radius(M) == pytest.approx(2.0)
    assert is_stable(M)[0] == "unstable"


def test_linearisation_of_a_nonlinear_rule_matches_finite_differences():
    M = iteration_matrix("x = x - eta*(x**3 - x)", "x", at="x=1")
    F = lambda x, e: x - e * (x**3 - x)  # noqa: E731
    e, h = 0.3, 1e-6
    fd = (F(1 + h, e) - F(1 - h, e)) / (2 * h)
    assert float(M[0, 0].subs(eta, sp.Rational(3, 10))) == pytest.approx(fd, rel=1e-8)


def test_fixed_point_found_when_not_the_origin():
    # x <- x - eta*(x - 3): fixed point 3, matrix 1 - eta
    r = analyze("x = x - eta*(x - 3)", "x")
    assert r.fixed_point == {symbol("x"): 3}
    assert r.matrix == sp.Matrix([[1 - eta]])


def test_sequential_versus_simultaneous():
    seq = update_map("v = beta*v + lambda*x; x = x - eta*v", "v, x")
    sim = update_map("v = beta*v + lambda*x; x = x - eta*v", "v, x", simultaneous=True)
    v, x = symbol("v"), symbol("x")
    assert sp.expand(seq.images[1]) == sp.expand(x - eta * (beta * v + lam * x))
    assert sim.images[1] == x - eta * v


def test_bad_rules_are_clear_errors():
    with pytest.raises(ParseError):
        update_map("x == 1", "x")
    with pytest.raises(ParseError):
        update_map("x = __import__('os')", "x")
    with pytest.raises(DimensionError, match="not a map of the stated state"):
        update_map("y = 2*x", "x")
    with pytest.raises(DimensionError, match="never used"):
        update_map("y = 2*x; x = x/2", "x")
    with pytest.raises(ParameterError, match="neither"):
        update_map("x = x - eta*g", "x", params="eta")
    with pytest.raises(DomainError, match="not a fixed point"):
        iteration_matrix("x = x/2 + 1", "x", at="x=1")
    with pytest.raises(UndecidedError, match="fixed point"):  # a fixed point only when eta = 0
        iteration_matrix("x = x - eta*(x - 3)", "x", at="x=1")
    with pytest.raises(DomainError, match="not differentiable"):
        iteration_matrix("x = x - eta*abs(x)", "x")
    with pytest.raises(DimensionError):
        iteration_matrix("x = x/2", "x", at=[0, 1])
    with pytest.raises(ParameterError):
        region(momentum_matrix(beta, eta, lam), "gamma")


def test_undecided_is_unknown_not_stable():
    status, reason = is_stable(momentum_matrix(beta, "1/2", 1))
    assert status == "unknown" and "beta" in reason


def test_gd_optimal_against_brute_force():
    t = gd_optimal()
    mu, L = 1.0, 10.0
    e_opt = float(t.params["eta"].subs({sp.Symbol("mu", positive=True): mu, sp.Symbol("L", positive=True): L}))
    grid = np.linspace(0.001, 0.2, 20001)
    worst = np.maximum(abs(1 - grid * mu), abs(1 - grid * L))
    assert e_opt == pytest.approx(grid[np.argmin(worst)], abs=2e-5)
    assert float(t.rate_kappa.subs(sp.Symbol("kappa", positive=True), 10)) == pytest.approx(worst.min(), abs=1e-4)


@pytest.mark.parametrize("kappa", [4, 25, 100])
def test_heavy_ball_tuning_gives_its_rate_on_every_eigenvalue(kappa):
    t = heavy_ball_optimal()
    env = {sp.Symbol("mu", positive=True): 1, sp.Symbol("L", positive=True): kappa}
    b, e = float(t.params["beta"].subs(env)), float(t.params["eta"].subs(env))
    rate = float(t.rate.subs(env))
    assert rate == pytest.approx((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1))
    radii = [_numeric_radius(momentum_matrix(b, e, float(l)), {}) for l in np.linspace(1, kappa, 101)]
    assert max(radii) == pytest.approx(rate, abs=1e-6)
    # it beats the best GD rate for kappa > 1
    assert rate < (kappa - 1) / (kappa + 1)


@pytest.mark.parametrize("kappa", [4, 25, 100])
def test_nesterov_tuning_rate(kappa):
    t = nesterov_optimal()
    env = {sp.Symbol("mu", positive=True): 1, sp.Symbol("L", positive=True): kappa}
    b, e = t.params["beta"].subs(env), t.params["eta"].subs(env)
    M = iteration_matrix(NESTEROV_RULE, "x, xp", params="beta, eta, lambda")
    radii = [_numeric_radius(M, {beta: b, eta: e, lam: sp.nsimplify(l)}) for l in np.linspace(1, kappa, 101)]
    assert max(radii) == pytest.approx(1 - 1 / np.sqrt(kappa), abs=1e-6)


def test_lessard_recht_packard_heavy_ball_cycles():
    """Honest limit: quadratic-optimal heavy ball does not converge on this mu=1, L=25 function."""
    t = heavy_ball_optimal()
    env = {sp.Symbol("mu", positive=True): 1, sp.Symbol("L", positive=True): 25}
    a, b = float(t.params["eta"].subs(env)), float(t.params["beta"].subs(env))
    assert (a, b) == pytest.approx((1 / 9, 4 / 9))

    def grad(x):
        return 25 * x if x < 1 else (x + 24 if x < 2 else 25 * x - 24)

    x_prev = x = 3.3
    tail = []
    for k in range(2000):
        x, x_prev = x - a * grad(x) + b * (x - x_prev), x
        if k >= 1900:
            tail.append(abs(x))
    assert min(tail) > 0.1  # never reaches the minimiser 0
    # on the quadratics with the same curvature range it converges
    for l in (1.0, 25.0):
        x_prev = x = 3.3
        for _ in range(2000):
            x, x_prev = x - a * l * x + b * (x - x_prev), x
        assert abs(x) < 1e-12


def test_stability_map_draws_boundary():
    """One convention with symopt.plots (issue 16): a pyplot-free Figure that shows
    itself in Jupyter (PNG) is returned; ``.figure`` still reaches it."""
    fig = stability_map(momentum_matrix(beta, eta, lam), "eta", "beta", (0, 5), (-1.2, 1.2), values={"lambda": 1},
                        resolution=41)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "eta" and ax.get_ylabel() == "beta"
    assert len(ax.collections) >= 2  # the colour mesh and the boundary contour
    assert fig.figure is fig and fig._repr_png_().startswith(b"\x89PNG")


def test_stability_map_draws_on_a_given_axes():
    from matplotlib.figure import Figure

    own = Figure()
    ax = own.add_subplot()
    fig = stability_map(momentum_matrix(beta, eta, lam), "eta", "beta", (0, 5), (-1.2, 1.2), values={"lambda": 1},
                        resolution=21, ax=ax)
    assert fig is own and len(ax.collections) >= 2


def test_undecidable_fixed_point_raises_undecided_or_domain():
    with pytest.raises((UndecidedError, DomainError)):
        iteration_matrix("x = x - eta*(exp(x) - x - 2)", "x")


def test_two_dimensional_momentum_factors_into_eigendirections():
    """D2L 11.6.1's momentum on 0.1 x1^2 + 2 x2^2 as one 4-state rule: the region is the
    intersection of the per-eigenvalue regions (lambda = 1/5 and 4), checked by simulation."""
    rule = "v1 = beta*v1 + x1/5; v2 = beta*v2 + 4*x2; x1 = x1 - eta*v1; x2 = x2 - eta*v2"
    r = analyze(rule, "x1, x2, v1, v2", params="eta, beta")
    assert r.matrix.shape == (4, 4)
    for b, e in [(0.5, 0.6), (0.25, 0.6), (0.0, 0.6), (0.9, 3.0), (0.9, 0.9), (-0.5, 0.2)]:
        env = {beta: sp.nsimplify(b), eta: sp.nsimplify(e)}
        x1, x2, v1, v2 = -5.0, -2.0, 0.0, 0.0
        for _ in range(3000):
            v1, v2 = b * v1 + 0.2 * x1, b * v2 + 4 * x2
            x1, x2 = x1 - e * v1, x2 - e * v2
            if abs(x2) > 1e100:
                break
        converged = abs(x1) + abs(x2) < 1e-8
        assert bool(r.region.xreplace(env)) == converged, (b, e)
    # the text's two runs (eta = 0.6, beta = 0.5 and 0.25) are inside; plain GD (beta = 0) is not
    assert bool(r.region.xreplace({eta: sp.Rational(3, 5), beta: sp.Rational(1, 4)}))
    assert not bool(r.region.xreplace({eta: sp.Rational(3, 5), beta: 0}))


# ------------------------------------------------------------- issue 14: stability


def test_unit_circle_is_inconclusive_not_unstable():
    """Issue 14: spectral radius exactly 1 is 'not exponentially stable; linearisation inconclusive'."""
    M = iteration_matrix("x = x - eta*4*x**3", "x", params="eta")
    status, reason = is_stable(M, {"eta": "0.1"})
    assert status == "unknown" and "inconclusive" in reason
    hb = iteration_matrix("v = beta*v + 4*(x - 1)**3; x = x - eta*v", "x, v", at="x=1, v=0")
    assert is_stable(hb, {"beta": "1/2", "eta": "1/10"})[0] == "unknown"
    # a genuine root outside still says unstable, with the reason
    assert is_stable(sp.Matrix([[2]]))[0] == "unstable"
    assert is_stable(sp.Matrix([[0, 1], [-1, 0]]))[0] == "unknown"  # rotation: eigenvalues +-i


@pytest.mark.parametrize("coeffs", [[1, 0, 1], [1, -3, 1], [1, 1, 1], [1, -1, 0], [2, 0, 0, -2], [1, 0, 0, 0, -1],
                                    [1, -2, 1], [1, 0, -2], [4, 0, 1], [1, 1, 1, 1], [3, 2, 3], [2, -3, 0, 1]])
def test_unit_circle_analysis_against_numpy_roots(coeffs):
    """The exact inside/circle/outside classification agrees with numpy's roots (away from rounding)."""
    from symopt.exact.schur import unit_circle_analysis

    z = sp.Symbol("z")
    p = sp.Poly(sum(c * z ** (len(coeffs) - 1 - i) for i, c in enumerate(coeffs)), z)
    mods = np.abs(np.roots(coeffs))
    expected = "outside" if mods.max() > 1 + 1e-6 else ("circle" if mods.max() > 1 - 1e-6 else "inside")
    assert unit_circle_analysis(p) == expected


def test_rule_with_a_parameter_under_a_square_root():
    """Issue 14: x = x - eta*lam*x/sqrt(s) (RMSProp's shape) raised PolynomialError from factor_list."""
    r = analyze("x = x - eta*lam*x/sqrt(s)", "x", params="eta, lam, s")
    s_, e_, l_ = symbol("s"), symbol("eta"), symbol("lam")
    for sv, ev, lv in [(4, "1/2", 3), (4, 2, 3), (1, "1/10", 1)]:
        env = {s_: sp.Integer(sv), e_: sp.Rational(ev), l_: sp.Integer(lv)}
        assert bool(r.region.xreplace(env)) == (abs(1 - float(env[e_] * env[l_]) / np.sqrt(sv)) < 1)


def test_adam_with_second_moment_in_the_state_is_differentiable():
    """Issue 14: Adam with s updated and eps > 0 was refused as 'an infinite derivative' (0*oo from
    substitution). The derivative of m/(sqrt(s) + eps) in s at m = 0 is 0; the matrix is finite."""
    rule = "m = b1*m + (1-b1)*lam*x; s = b2*s + (1-b2)*(lam*x)**2; x = x - eta*m/(sqrt(s) + eps)"
    r = analyze(rule, "x, m, s", at="x=0, m=0, s=0")
    assert not r.matrix.has(sp.nan, sp.zoo, sp.oo)
    eps, b2 = symbol("eps"), symbol("b2")
    assert r.matrix[0, 2] == 0 and r.matrix[2, 2] == b2
    assert r.matrix[0, 0] == sp.simplify(r.matrix[0, 0]) and eps in r.matrix[0, 0].free_symbols
    # run the rule itself at values inside the region: it converges
    env = {"b1": 0.9, "b2": 0.999, "lam": 2.0, "eta": 0.01, "eps": 1e-3}
    assert bool(r.region.xreplace({symbol(k): sp.nsimplify(v) for k, v in env.items()}))


def test_method_stability_heavy_ball_region_is_factored_and_simplified():
    """Issue 14's example: heavy ball on a quadratic with Hessian eigenvalues 4 +- sqrt(6) gives
    eta < (2 + 2 beta)/(4 + sqrt(6)) (not 8 inequalities); checked against numpy spectral radii."""
    from symopt.theory import method_stability

    m = method_stability("heavy_ball", "2*x**2 + sqrt(6)*x*y + 2*y**2", at="x=0, y=0")
    assert len(m.factors) == 2 and all(f.degree() == 2 for f in m.factors)
    assert sp.StrictLessThan(eta, (2 * beta + 2) / (sp.sqrt(6) + 4)) in m.region.args
    assert len(str(m.region)) < 120
    rng = np.random.default_rng(1)
    for _ in range(60):
        e, b = rng.uniform(0, 0.7), rng.uniform(-1.2, 1.2)
        rho = _numeric_radius(m.matrix, {eta: sp.Float(e), beta: sp.Float(b)})
        if abs(rho - 1) > 1e-6:
            assert bool(m.region.xreplace({eta: sp.Float(e), beta: sp.Float(b)})) == (rho < 1)


def test_method_stability_defaults_to_minimisers_and_reports():
    """Default fixed points: the certified minimisers; a short repr, HTML, JSON-ready dict."""
    from symopt.theory import MethodStabilities, method_stability

    ms = method_stability("gd", "x**2 + 10*y**2")
    assert isinstance(ms, MethodStabilities) and len(ms) == 1
    m = ms[0]
    assert m.kind == "minimum" and m.region == sp.And(eta > 0, eta < sp.Rational(1, 10))
    assert m.tunings["gd"]["params"]["eta"] == sp.Rational(1, 11) and m.tunings["gd"]["checked"]
    assert repr(m).startswith("MethodStability(gd") and len(repr(m)) < 200
    assert "<table" in m._repr_html_() and m.to_dict()["region"]
    ok, bad, edge = m.verdict(eta="1/20"), m.verdict(eta="1/5"), m.verdict(eta="1/10")
    assert ok.status == "proved" and bad.status == "refuted" and ok.check() and bad.check()
    assert abs(complex(bad.witness)) > 1  # an eigenvalue of modulus > 1: 1 - eta*20 = -3
    # on the boundary: an eigenvalue -1 of a linear iteration (GD on a quadratic): exactly not convergent (issue 24)
    assert edge.status == "refuted" and edge.converges is False and edge.check() and "linear iteration" in edge.reason
    with pytest.raises(TypeError):
        bool(ok)


def test_method_stability_errors():
    """Bad input: symopt errors, never SymPy tracebacks."""
    from symopt.errors import SymoptError, UnsupportedError
    from symopt.theory import method_stability

    with pytest.raises(UnsupportedError):
        method_stability("lbfgs", "x**2")
    with pytest.raises(DomainError, match="not a critical point"):
        method_stability("gd", "x**2", at="x=1")
    with pytest.raises(UnsupportedError):
        method_stability("rule", "x**2", at="x=0")
    with pytest.raises(SymoptError):
        method_stability("rule", "x**2", at="x=0", rule="x = x - eta*grad(x, x)", state="x")
    with pytest.raises(SymoptError):
        method_stability("rule", "x**2", at="x=0", rule="x = x - eta*hess(x, x, x)", state="x")
    # nested calls are fine: a Hessian-vector product with the gradient (eigenvalues 1 - eta*lambda^2)
    m = method_stability("rule", "x**2 + 3*y**2", at="x=0, y=0", rule="x = x - eta*hess(x, grad(x))", state="x")
    assert m.region == sp.And(eta > 0, eta < sp.Rational(1, 18))
    with pytest.raises(SymoptError):
        method_stability("rule", "x**2", at="x=0", rule="v = beta*v + grad(x)", state="x, v")


@pytest.mark.parametrize("M", [
    sp.Matrix([[sp.sqrt(2), 0], [0, sp.Rational(1, 2)]]),
    sp.Matrix([[sp.sqrt(2) / 2, 0], [0, 1]]),
    sp.Matrix([[0, -1], [1, sp.sqrt(2)]]),
    sp.Matrix([[0, -1], [1, sp.sqrt(2) + 1]]),
    sp.Matrix([[0, -sp.Rational(1, 2)], [1, sp.sqrt(2) / 2]]),
    sp.Matrix([[1 + sp.sqrt(2), 1], [0, -1]]),
])
def test_is_stable_with_radical_entries_agrees_with_numpy(M):
    """Radical coefficients: exact decisions per factor over QQ(sqrt 2), checked against numpy's radius."""
    status, _ = is_stable(M)
    rho = max(abs(np.linalg.eigvals(np.array(M.evalf(30).tolist(), dtype=float))))
    expected = "stable" if rho < 1 - 1e-9 else ("unstable" if rho > 1 + 1e-9 else "unknown")
    assert status == expected


def test_method_stability_at_numeric_minimisers():
    """D2L 11.3's non-convex f = x cos(c x) (c = 0.15 pi): its minimisers have no closed form; the certified
    numeric points are refined to 60 digits and the region's bound is eta < (2 + 2 beta)/f''(x*), with
    f''(x*) recomputed here from the printed iterate of D2L 11.3.3 (x = 7.2693...) independently."""
    import math

    from symopt.theory import method_stability

    res = method_stability("heavy_ball", "x*cos(3*pi/20*x)")
    c = 0.15 * math.pi
    for m in res:
        x0 = float(list(m.point.values())[0])
        f2 = -2 * c * math.sin(c * x0) - c * c * x0 * math.cos(c * x0)
        assert f2 > 0 and "numeric" in m.note
        bound = [r for r in m.region.args if isinstance(r, sp.StrictLessThan) and r.lhs == eta]
        assert len(bound) == 1
        assert float(bound[0].rhs.subs(beta, 0)) == pytest.approx(2 / f2, rel=1e-9)
    assert any(abs(float(list(m.point.values())[0]) - 7.269860168684531) < 1e-2 for m in res)


def test_method_stability_three_variables_splits_per_eigenvalue():
    """A 3x3 Hessian (eigenvalues 4 and 4 +- sqrt(6)): heavy ball's 6x6 matrix is handled per eigenvalue
    (block-diagonal in the eigenbasis) instead of a degree-6 Schur-Cohn; checked against numpy radii,
    and Adam's frozen-preconditioner tuning comes out with CRootOf eigenvalues, its rate re-checked."""
    from symopt.theory import method_stability

    (m,) = method_stability("heavy_ball", "x**2 + 2*y**2 + 3*z**2 + x*y + y*z")
    assert sp.StrictLessThan(eta, (2 * beta + 2) / (sp.sqrt(6) + 4)) in m.region.args
    rng = np.random.default_rng(2)
    for _ in range(40):
        env = {eta: sp.Rational(int(rng.integers(1, 40)), 80), beta: sp.Rational(int(rng.integers(-39, 40)), 40)}
        rho = _numeric_radius(m.matrix, env)
        if abs(rho - 1) > 1e-9:
            assert bool(m.region.xreplace(env)) == (rho < 1)
    (a,) = method_stability("adam", "x**2 + 2*y**2 + 3*z**2 + x*y + y*z", preconditioner=[1, 2, sp.Rational(1, 2)])
    assert a.tunings["heavy_ball"]["checked"] is True


def test_method_stabilities_carry_the_critical_point_status():
    """The minimisers' completeness is reported with its scope (R^n or a box)."""
    from symopt.theory import method_stability

    res = method_stability("gd", "x**2 + 10*y**2")
    assert res.complete and res.status_text == "complete (certified)"
    assert res.to_dict()["status"] == res.status


def test_method_stability_and_newton_take_the_users_own_sympy_symbols():
    """Issue 16: an Objective built from plain ``sp.symbols`` keeps them; the theory
    functions run on its real-symbol view (a rule's x is symopt's real x) instead of
    failing with 'the fixed point gives no value for x, y'."""
    from symopt import Objective, rates
    from symopt.theory import method_stability

    x, y = sp.symbols("x y")
    obj = Objective(x**2 + x*y + y**2 - x)
    (res,) = method_stability("gd", obj)
    assert str(res.region) == "(eta > 0) & (eta < 2/3)"  # H = [[2, 1], [1, 2]], lambda_max = 3: eta < 2/3
    r = rates.newton(Objective(x**3 - 3*x))
    assert [k.order for k in r] == [2, 2]
    at = rates.newton(obj, at={x: sp.Rational(2, 3), y: sp.Rational(-1, 3)})
    assert at.converges
