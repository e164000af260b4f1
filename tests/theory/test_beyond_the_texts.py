"""Issue 24: convergence theory beyond the texts, each case against a published fact (cited per test) and
checked independently here (mpmath runs, exact rational CG, direct iteration), never by re-reading symopt."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from symopt.config import config
from symopt.core.parse import symbol
from symopt.theory import (
    cg_quadratic,
    gd_quadratic,
    iteration_order,
    method_stability,
    momentum_matrix,
    newton_rate,
    newton_region,
    stability_verdict,
)
from symopt.theory.cg import cg_chebyshev_bound, linear_cg

x = symbol("x")


# ------------------------------------------------------------------ orders that are not integers


def test_secant_order_is_the_golden_ratio_with_atkinsons_constant():
    """Atkinson (1989), An Introduction to Numerical Analysis, sec. 2.3, eq. (2.3.9): the secant method has
    order p = (1 + sqrt 5)/2 and |e_{k+1}| ~ |f''(a)/(2 f'(a))|^(p - 1) |e_k|^p.  For f = x^2 - 2 at sqrt 2:
    f''/(2f') = 2/(4 sqrt 2)."""
    r = iteration_order("x = x - (x**2 - 2)*(x - xp)/((x**2 - 2) - (xp**2 - 2)); xp = x",
                        at="x = sqrt(2), xp = sqrt(2)")
    phi = (1 + sp.sqrt(5)) / 2
    assert sp.simplify(r.order - phi) == 0
    expected = (2 / (4 * math.sqrt(2))) ** (float(phi) - 1)
    assert float(r.constant) == pytest.approx(expected, rel=1e-12)
    # independent: the secant iteration itself at 400 digits
    with mpmath.workdps(400):
        root = mpmath.sqrt(2)
        a, b = root + mpmath.mpf("0.02"), root + mpmath.mpf("0.01")
        errs = []
        for _ in range(10):  # e_k ~ 10^(-2 phi^k): still above 10^-400 after ten steps
            a, b = b, b - (b**2 - 2) * (b - a) / ((b**2 - 2) - (a**2 - 2))
            errs.append(abs(b - root))
        p_obs = mpmath.log(errs[-1] / errs[-2]) / mpmath.log(errs[-2] / errs[-3])
    assert float(p_obs) == pytest.approx(float(phi), abs=5e-3)
    assert r.empirical_order == pytest.approx(float(phi), abs=5e-3)


def test_two_step_map_that_is_not_at_a_fixed_point_is_refused():
    """A two-step map at a point that is not fixed is an error, not an order."""
    from symopt.errors import DomainError

    with pytest.raises(DomainError, match="not a fixed point"):
        iteration_order("x = x - (x**2 - 2)*(x - xp)/((x**2 - 2) - (xp**2 - 2)); xp = x", at="x = 1, xp = 1")


def test_newton_for_x_plus_x_to_the_four_thirds_has_order_four_thirds():
    """Issue 24's case: Newton's map for g(x) = x + x^(4/3) at its root 0.  With s = x^(1/3):
    g/g' = (s^3 + s^4)/(1 + 4s/3) = s^3 - s^4/3 + O(s^5), so N(x) = x - g/g' = x^(4/3)/3 + ...: order 4/3,
    constant 1/3 (a Puiseux expansion; Ortega & Rheinboldt 1970, 9.1, on orders that are not integers).
    Checked by iterating N at 300 digits from x0 = 10^-3."""
    r = iteration_order("x = x - (x + x**(4/3))/(1 + 4*x**(1/3)/3)", at=0)
    assert r.order == sp.Rational(4, 3) and r.constant == sp.Rational(1, 3) and r.converges is True
    with mpmath.workdps(300):
        cur = mpmath.mpf("1e-3")
        errs = [cur]
        for _ in range(12):
            cur = cur - (cur + cur ** (mpmath.mpf(4) / 3)) / (1 + 4 * cur ** (mpmath.mpf(1) / 3) / 3)
            errs.append(cur)
        ratio = errs[-1] / errs[-2] ** (mpmath.mpf(4) / 3)
    assert float(ratio) == pytest.approx(1 / 3, rel=1e-3)
    # the same through Newton's method on an objective whose gradient is x + x^(4/3)
    n = newton_rate("x**2/2 + 3*x**(7/3)/7", at=0, check=False)
    assert n.order == sp.Rational(4, 3) and n.constant == sp.Rational(1, 3)


# ------------------------------------------------------------------ certified fixed points


def test_dottie_number_certified_and_its_rate():
    """x = cos x has one fixed point, the Dottie number 0.7390851332151607 (Kaplan 2007, "The Dottie Number",
    Math. Magazine 80(1)), where the iteration is linear with rate |-sin x*| = 0.673612029183215."""
    r = iteration_order("cos(x)", at=0.7390851332151607)
    with mpmath.workdps(50):
        star = mpmath.findroot(lambda t: t - mpmath.cos(t), 0.7)
        rate = mpmath.sin(star)
    assert r.order == 1 and r.converges is True
    assert r.enclosure.lower <= float(star) <= r.enclosure.upper
    assert r.enclosure.upper - r.enclosure.lower < 1e-12
    assert float(r.constant) == pytest.approx(float(rate), rel=1e-14)
    assert "certified fixed point" in r.note and "0.67361202918321" in r.note
    same = iteration_order("x = cos(x)", at=(0.7, 0.8))
    assert float(same.constant) == pytest.approx(float(rate), rel=1e-14)


def test_newton_at_a_critical_point_known_only_numerically_is_certified():
    """x cos x has a critical point at the root of cos x - x sin x near 0.86 (solved here with mpmath);
    Newton is quadratic there with c = f'''/(2 f'') (Nocedal & Wright 2006, Thm 3.5; Suli & Mayers Thm 1.8)."""
    r = newton_rate("x*cos(x)", at=0.86, check=False)
    with mpmath.workdps(50):
        star = mpmath.findroot(lambda t: mpmath.cos(t) - t * mpmath.sin(t), 0.86)
        # f1 = cos x - x sin x, f2 = -2 sin x - x cos x, f3 = -3 cos x + x sin x (derivatives of x cos x)
        c = (-3 * mpmath.cos(star) + star * mpmath.sin(star)) / (2 * (-2 * mpmath.sin(star) - star * mpmath.cos(star)))
    assert r.order == 2 and r.enclosure.lower <= float(star) <= r.enclosure.upper
    assert float(r.constant) == pytest.approx(abs(float(c)), rel=1e-12)


def test_newton_at_a_numeric_saddle_in_two_dimensions():
    """f = y sin x + y^3 has a nondegenerate saddle at (pi, 0) (H = [[0, -1], [-1, 0]]); Newton's method is
    locally quadratic at any nondegenerate critical point (Nocedal & Wright 2006, Thm 3.5 applied to grad f)."""
    r = newton_rate("sin(x)*y + y**3", at={"x": 3.14159, "y": 0.0}, check=False)
    assert r.order == 2
    (xb, yb) = r.enclosure.box
    assert xb[0] <= math.pi <= xb[1] and yb[0] <= 0 <= yb[1]


def test_newton_ball_for_sqrt_one_plus_x_squared():
    """Nesterov (2004), Thm 1.2.5: with mu = f''(0) = 1 and M = max |f'''| = 3/2 (4/5)^(5/2) (at x = 1/2,
    computed by hand here) Newton converges quadratically from |x0| < 2 mu/(3 M) ~ 0.776 for sqrt(1 + x^2)."""
    r = newton_region("sqrt(1 + x**2)", "x=0", {"x": (-10, 10)})
    M = 1.5 * (4 / 5) ** 2.5
    exact = 2 / (3 * M)
    assert r.M >= M and r.radius <= exact  # sound
    assert r.radius >= 0.999 * exact  # and sharp (the 0.111 was 7x too small)


# ------------------------------------------------------------------ conjugate gradient


def test_cg_terminates_in_as_many_steps_as_distinct_eigenvalues():
    """Nocedal & Wright (2006), Thm 5.4: with r distinct eigenvalues CG reaches x* in at most r steps.
    Exact rational CG here on a 5x5 matrix with eigenvalues {1, 1, 3, 3, 7} (r = 3; [[2, 1], [1, 2]] has 1, 3)."""
    A = sp.Matrix([[2, 1, 0, 0, 0], [1, 2, 0, 0, 0], [0, 0, 2, 1, 0], [0, 0, 1, 2, 0], [0, 0, 0, 0, 7]])
    evs = sorted(set(A.eigenvals()))
    b = sp.Matrix([1, 2, 3, 4, 5])
    xs = linear_cg(A, b)
    assert len(xs) - 1 == len(evs)
    assert A * xs[-1] == b and A * xs[-2] != b
    r = cg_quadratic(A)
    assert r.termination_steps == len(evs) and list(r.distinct_eigenvalues) == evs


def test_cg_chebyshev_bound_holds_along_the_iterates():
    """Nocedal & Wright (2006), eq. (5.36): ||x_k - x*||_A <= 2 ((sqrt k - 1)/(sqrt k + 1))^k ||x_0 - x*||_A.
    symopt's CG (linear variant) on diag(1, ..., 100)-like spectra, the A-norm errors computed here."""
    from symopt.optimizers import cg

    lam = np.array([1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 100.0])
    text = " + ".join(f"{v}*x{i}**2/2" for i, v in enumerate(lam))
    r = cg_quadratic(text)
    assert r.condition_number == 100
    kappa = sp.Symbol("kappa", positive=True)
    assert sp.simplify(cg_chebyshev_bound()[1] - 2 * ((sp.sqrt(kappa) - 1) / (sp.sqrt(kappa) + 1)) ** sp.Symbol("k",
                       integer=True, nonnegative=True)) == 0
    x0 = np.ones(len(lam))
    tr = cg(text, x0=x0, steps=6, variant="linear")
    e0 = math.sqrt(float(np.sum(lam * x0**2)))
    for k in range(1, 7):
        ek = math.sqrt(float(np.sum(lam * tr.xs[k] ** 2)))
        assert ek <= r.bound_at(k) * e0 + 1e-12
        assert ek <= r.chebyshev_at(k) * e0 + 1e-12 <= r.bound_at(k) * e0 + 1e-12


@pytest.mark.parametrize("variant", ["linear", "fletcher-reeves", "polak-ribiere", "polak-ribiere+"])
def test_nonlinear_cg_with_exact_line_search_is_linear_cg_on_a_quadratic(variant):
    """Nocedal & Wright (2006), sec. 5.2: with exact line searches Fletcher-Reeves and Polak-Ribiere reduce to
    linear CG on a strongly convex quadratic, so three distinct eigenvalues end in three steps."""
    from symopt.optimizers import cg

    tr = cg("x**2 + 10*y**2 + 3*z**2 + x*y", x0=[3, 1, 2], steps=3, variant=variant)
    assert np.max(np.abs(tr.x)) < 1e-8
    tr2 = cg("x**2 + 10*y**2 + 3*z**2 + x*y", x0=[3, 1, 2], steps=2, variant=variant)
    assert np.max(np.abs(tr2.x)) > 1e-3


def test_polyak_step_on_a_quadratic():
    """Polyak (1987), Introduction to Optimization, sec. 5.3: eta_k = (f(x_k) - f*)/||g_k||^2.  On ||x||^2
    (f* = 0) that is 1/4, so each step halves x: (4, 1) -> (2, 0.5) -> (1, 0.25)."""
    from symopt.optimizers import polyak

    tr = polyak("x**2 + y**2", x0=[4, 1], steps=2)
    assert np.allclose(tr.xs[1], [2, 0.5]) and np.allclose(tr.xs[2], [1, 0.25])


# ------------------------------------------------------------------ assumptions, boundaries, wording


def test_gd_quadratic_with_assumptions_gives_the_textbook_step():
    """Polyak (1987), sec. 1.4, Thm 3: for l I <= A <= L I the best constant step is 2/(l + L), with rate
    (L - l)/(L + l).  With mu <= L assumed, symopt derives exactly that for diag(mu, L)."""
    mu, L = sp.symbols("mu L", positive=True)
    r = gd_quadratic(sp.diag(mu, L), assume="0 < mu <= L")
    assert sp.simplify(r.optimal_eta - 2 / (mu + L)) == 0
    assert sp.simplify(r.optimal_rate - (L - mu) / (L + mu)) == 0
    assert r.stable_range == sp.Interval.open(0, 2 / L)
    assert gd_quadratic(sp.diag(mu, L)).optimal_eta is None  # without it the order is unknown


def test_linear_iteration_on_the_boundary_gets_the_exact_answer():
    """Polyak (1964); Lessard, Recht & Packard (2016), sec. 3: heavy ball on lambda/2 x^2 is stable iff
    0 <= beta < 1 and 0 < eta lambda < 2(1 + beta).  On the boundary eta = 2(1 + beta)/lambda the iteration
    matrix has eigenvalue -1: a linear iteration that does not converge (checked by iterating it here)."""
    beta, lam = sp.Rational(1, 2), 1
    R = momentum_matrix(beta, 2 * (1 + beta) / lam, lam)
    v = stability_verdict(R)
    assert v.status == "refuted" and v.converges is False and v.check()
    s = sp.Matrix([1, 1])
    for _ in range(60):
        s = R * s
    assert max(abs(float(c)) for c in s) > 0.1
    ident = stability_verdict(sp.Matrix([[1, 0], [0, sp.Rational(1, 2)]]))
    assert ident.status == "refuted" and ident.converges is True
    assert stability_verdict(R, linear=False).status == "unknown"


def test_the_global_sentence_is_printed_only_for_affine_rules():
    """Issue 24: 'On a quadratic it is exactly global convergence' was printed for x = x - eta g (1 + g^2),
    which diverges at eta = 1/2 from x0 = 2 on x^2 (x -> -32 -> 131072, iterated here)."""
    m = method_stability("rule", "x**2", rule="x = x - eta*grad(x)*(1 + grad(x)**2)", state="x", at="x=0")
    assert m.linear is False and "not from every start" in m.note and "from every start, exponentially" not in m.note
    cur = sp.Integer(2)
    seen = []
    for _ in range(2):
        g = 2 * cur
        cur = cur - sp.Rational(1, 2) * g * (1 + g**2)
        seen.append(cur)
    assert seen == [-32, 131072]
    gd = method_stability("gd", "x**2 + 10*y**2", at="x=0, y=0")
    assert gd.linear is True and "from every start" in gd.note


def test_method_stability_without_at_exposes_its_single_result():
    """Issue 24: method_stability(...) without at= returned a sequence whose .region raised AttributeError."""
    ms = method_stability("gd", "x**2 + 10*y**2")
    assert ms.region == ms[0].region and ms.tunings == ms[0].tunings
    many = method_stability("gd", "x**4 - 2*x**2")
    assert len(many) == 2
    with pytest.raises(AttributeError, match="index the result"):
        many.region


def test_joint_tuning_out_of_work_keeps_the_rest():
    """Issue 22: when the joint Nesterov tuning runs out of its work limit, the eta = 1/L tuning (Nesterov 2004,
    sec. 2.2: rate 1 - 1/sqrt(kappa), here kappa = 10) and the region stay; the joint part is unknown."""
    with config.override(budgets={"solve": 0.2}, fresh_cache=True):  # hitting the limit must not depend on the cache
        m = method_stability("nesterov", "x**2 + 10*y**2", at="x=0, y=0")
    joint, first = m.tunings["nesterov (joint)"], m.tunings["nesterov (eta = 1/L)"]
    assert joint["rate"] is None and "not derived" in joint["unknown"]
    assert sp.simplify(first["rate"] - (1 - 1 / sp.sqrt(10))) == 0
    assert m.region is not sp.false and m.to_dict()["tunings"]["nesterov (joint)"]["status"] == "unknown"


def test_certified_decimals_of_algebraic_newton_constants():
    """Exact constants at CRootOf points come with certified decimals; the value f3/(2 f2) of the third and
    second derivatives (Nocedal & Wright 2006, Thm 3.5) at the smallest root of 4x^3 - 6x + 1 (mpmath here)
    agrees with every digit shown."""
    t = symbol("x")
    r = newton_rate("x**4 - 3*x**2 + x", at={"x": sp.CRootOf(4 * t**3 - 6 * t + 1, 0)}, check=False)
    xr = min(mpmath.polyroots([4, 0, -6, 1], extraprec=100))
    shown = repr(r).split(" = ")[-1].rstrip(".)")
    expected = abs(24 * xr / (2 * (12 * xr**2 - 6)))
    assert len(shown.split(".")[1]) >= 10
    assert abs(float(shown) - float(expected)) <= 10 ** -(len(shown.split(".")[1]) - 1)


def test_starved_stability_step_keeps_the_matrix():
    """Issue 22: when the characteristic polynomial runs out of its work limit, the iteration matrix (D2L
    eq. 11.6.12's R for the momentum rule, written out here) is still returned; the region is unknown, not
    an error."""
    from symopt.theory import rule_stability

    beta, eta, lam = symbol("beta"), symbol("eta"), symbol("lambda")
    with config.override(budgets={"stability": 0.0001}, fresh_cache=True):
        r = rule_stability("v = beta*v + lambda*x; x = x - eta*v", "v, x")
    assert r.matrix == sp.Matrix([[beta, lam], [-beta * eta, 1 - eta * lam]])
    assert r.region is None and "UNKNOWN" in r.note and r.to_dict()["region"] is None
