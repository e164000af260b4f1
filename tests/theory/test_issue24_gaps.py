"""Issue 24, the gaps left after the first pass: fixed points given as intervals, orders at numeric fixed points,
general two-step maps, analytic fractional powers, wording.  Each case is checked against a published fact (cited
per test) recomputed here with mpmath or by iterating the map, never by re-reading symopt's own derivation."""

from __future__ import annotations

import math

import mpmath
import pytest
import sympy as sp

from symopt.cli import main
from symopt.errors import DomainError
from symopt.theory import iteration_order, method_stability, newton_rate
from symopt.theory.fixed import certify_zero, numeric_point
from symopt.core.parse import symbol

x = symbol("x")


def _dottie(dps: int = 50) -> mpmath.mpf:
    with mpmath.workdps(dps):
        return mpmath.findroot(lambda t: t - mpmath.cos(t), 0.7)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ item 3: intervals and decimals


@pytest.mark.parametrize("at", ["x=[0.73, 0.74]", "x in [0.73, 0.74]", (0.73, 0.74), {"x": (0.73, 0.74)},
                                {"x": "[0.73, 0.74]"}, {"x": 0.739085}])
def test_dottie_fixed_point_from_an_interval_or_a_decimal(at):
    """Kaplan (2007), "The Dottie Number", Math. Magazine 80(1): x = cos x has exactly one real fixed point,
    0.739085..., where the iteration is linear with rate |sin x*| = 0.673612...  (recomputed with mpmath)."""
    r = iteration_order("cos(x)", at=at)
    star = _dottie()
    assert r.order == 1 and r.converges is True
    assert r.enclosure.lower <= float(star) <= r.enclosure.upper and r.enclosure.check()
    assert float(r.constant) == pytest.approx(float(mpmath.sin(star)), rel=1e-14)
    if not isinstance(at, dict) or not isinstance(at["x"], float):
        assert "the only one with x in [0.73, 0.74]" in r.note


def test_an_interval_with_two_zeros_is_refused():
    """sin has three zeros in [-4, 4] (-pi, 0, pi): no unique zero there, an error, not a choice."""
    with pytest.raises(DomainError, match="at least two zeros"):
        certify_zero("sin(x)", "x", (-4, 4))


def test_a_wide_interval_is_searched_and_its_only_zero_proved():
    """x - cos x is increasing (1 + sin x >= 0), so [0, 1] holds exactly its one zero, the Dottie number."""
    e = certify_zero("x - cos(x)", "x", (0, 1))
    assert e.searched is not None and e.lower <= float(_dottie()) <= e.upper and e.check()


def test_numeric_point_reads_every_form_and_leaves_exact_points_alone():
    """The forms the issue asks for (a number or an interval) and exact points, which take the exact route."""
    assert numeric_point("x=[0.73,0.74]", [x]) == {x: (sp.Rational(73, 100), sp.Rational(37, 50))}
    assert numeric_point(0.5, [x]) == {x: 0.5}
    assert numeric_point("x = sqrt(2)", [x]) is None and numeric_point("x = 1/2", [x]) is None


def test_newton_at_an_interval_around_a_critical_point_without_closed_form():
    """f = x^2/2 - sin x has f' = x - cos x: its critical point is the Dottie number, f'' = 1 + sin x* > 0.
    Newton is quadratic there with c = f'''/(2 f'') = cos x*/(2 (1 + sin x*)) (Nocedal & Wright 2006, Thm 3.5;
    Suli & Mayers 2003, Thm 1.8)."""
    r = newton_rate("x**2/2 - sin(x)", at="x=[0.73, 0.74]", check=False)
    star = _dottie()
    assert r.order == 2 and r.enclosure.lower <= float(star) <= r.enclosure.upper
    assert float(r.constant) == pytest.approx(float(mpmath.cos(star) / (2 * (1 + mpmath.sin(star)))), rel=1e-12)
    assert "the only one with x in [0.73, 0.74]" in r.note


def test_newton_at_decimals_that_are_an_exact_critical_point_is_exact():
    """f = x^4/4 - cos x: f'(0) = 0, f''(0) = 1, f'''(0) = 0, f''''(0) = 5; so Newton's map N = x - f'/f'' has
    N(e) = (f''''/(3 f'') - ...) e^3: order 3 (Atkinson 1989, sec. 2.5, Thm 2.8: order p when N' = ... = N^(p-1) = 0 at x*).
    0.0 is exactly the critical point, so the exact analysis runs (a rational constant), not the numeric one."""
    r = newton_rate("x**4/4 - cos(x)", at=0.0, check=False)
    assert r.order == 3 and r.constant.is_Rational
    # independent: N(e)/e^3 at e = 10^-8 with mpmath
    with mpmath.workdps(60):
        e = mpmath.mpf("1e-8")
        n = e - (e**3 + mpmath.sin(e)) / (3 * e**2 + mpmath.cos(e))
        assert float(abs(n) / e**3) == pytest.approx(float(r.constant), rel=1e-6)


def test_method_stability_at_an_interval():
    """Gradient descent on f near a nondegenerate minimiser is locally stable iff 0 < eta < 2/f''(x*) (Polyak
    1987, sec. 1.4, Thm 3 on the linearisation): here 2/(1 + sin x*) at the Dottie number."""
    m = method_stability("gd", "x**2/2 - sin(x)", at="x=[0.73, 0.74]")
    star = _dottie(60)
    bound = float(2 / (1 + mpmath.sin(star)))
    eta = sp.Symbol("eta", real=True)
    rel = [r for r in m.region.atoms(sp.StrictLessThan) if r.lhs.free_symbols == {eta} or r.rhs.free_symbols == {eta}]
    ends = [float(r.rhs) for r in rel if r.lhs == eta and r.rhs.is_number]
    assert any(abs(e - bound) < 1e-12 for e in ends)
    assert "the only one with x in [0.73, 0.74]" in m.note


def test_cli_commands_take_an_interval_and_show_the_enclosure(capsys):
    """The same three analyses from the command line, with the enclosure printed (Kaplan 2007 as above)."""
    code, out, _ = run(capsys, "order", "cos(x)", "--at", "x=[0.73,0.74]")
    assert code == 0 and "order 1 (linear)" in out and "x in [0.73, 0.74]" in out and "0.6736120291" in out
    code, out, _ = run(capsys, "newton", "x**2/2 - sin(x)", "--at", "x=[0.73,0.74]", "--no-check")
    assert code == 0 and "order 2 (quadratic)" in out and "Krawczyk" in out
    code, out, _ = run(capsys, "converge", "gd", "x**2/2 - sin(x)", "--at", "x=0.739")
    assert code == 0 and "Krawczyk" in out


# ------------------------------------------------------------------ orders at numeric fixed points


def test_newton_and_halley_maps_at_a_numeric_root_have_orders_two_and_three():
    """Atkinson (1989), sec. 2.2: Newton's map for g has order 2 with c = g''/(2 g'); Gander (1985), "On Halley's
    iteration method", Amer. Math. Monthly 92: Halley's has order 3, |c| = |(g''/(2 g'))^2 - g'''/(6 g')|.  Here
    g = x - cos x at the Dottie number, given only as a decimal."""
    star = _dottie()
    g1, g2, g3 = 1 + mpmath.sin(star), mpmath.cos(star), -mpmath.sin(star)
    r = iteration_order("x - (x - cos(x))/(1 + sin(x))", at=0.739)
    assert r.order == 2 and float(r.constant) == pytest.approx(float(abs(g2 / (2 * g1))), rel=1e-12)
    assert r.empirical_order == pytest.approx(2, abs=1e-3)
    h = iteration_order("x - 2*(x - cos(x))*(1 + sin(x))/(2*(1 + sin(x))**2 - (x - cos(x))*cos(x))", at=0.739)
    assert h.order == 3
    assert float(h.constant) == pytest.approx(float(abs((g2 / (2 * g1)) ** 2 - g3 / (6 * g1))), rel=1e-10)


def test_vector_iteration_at_a_numeric_fixed_point():
    """A contraction in the infinity norm has a unique fixed point and converges linearly (Banach; Ortega &
    Rheinboldt 1970, 12.1.2); the rate is the spectral radius of the Jacobian there (Ostrowski, O&R 10.1.3)."""
    r = iteration_order("x = cos(y)/2; y = sin(x)/2 + 1/10", at="x=0.5, y=0.3")
    with mpmath.workdps(40):
        X, Y = mpmath.findroot(lambda a, b: [mpmath.cos(b) / 2 - a, mpmath.sin(a) / 2 + mpmath.mpf(1) / 10 - b],
                               (0.5, 0.3))
        rho = mpmath.sqrt(mpmath.sin(Y) * mpmath.cos(X)) / 2  # eigenvalues of [[0, -sin y/2], [cos x/2, 0]]
    assert r.order == 1 and r.converges is True and float(r.constant) == pytest.approx(float(rho), rel=1e-12)
    (bx, by) = r.enclosure.box
    assert bx[0] <= float(X) <= bx[1] and by[0] <= float(Y) <= by[1]


# ------------------------------------------------------------------ item 2: general two-step maps


def _observed_two_step(step, root, dps=800):
    """log(e_(k+1)/e_k)/log(e_k/e_(k-1)) at the last steps above 10^-(dps/2)."""
    with mpmath.workdps(dps):
        a, b = root + mpmath.mpf("0.02"), root + mpmath.mpf("0.01")
        errs = []
        while not errs or errs[-1] > mpmath.mpf(10) ** (-dps // 2):
            a, b = b, step(b, a)
            errs.append(abs(b - root))
        errs = errs[:-1]
        return float(mpmath.log(errs[-1] / errs[-2]) / mpmath.log(errs[-2] / errs[-3]))


def test_secant_for_exp_written_with_the_previous_iterate_first():
    """Atkinson (1989), sec. 2.3, eq. (2.3.9): the secant method has order (1 + sqrt 5)/2 and constant
    |f''/(2 f')|^(1/phi); for f = e^x - 2 at log 2, f''/(2 f') = 1/2.  The rule is written 'xp = x' first."""
    r = iteration_order("xp = x; x = x - (exp(x) - 2)*(x - xp)/(exp(x) - exp(xp))", at="x = log(2), xp = log(2)")
    phi = (1 + math.sqrt(5)) / 2
    assert sp.simplify(r.order - (1 + sp.sqrt(5)) / 2) == 0
    assert float(r.constant) == pytest.approx(0.5 ** (1 / phi), rel=1e-12)
    assert r.empirical_constant == pytest.approx(0.5 ** (1 / phi), rel=1e-6)
    with mpmath.workdps(800):
        obs = _observed_two_step(lambda b, a: b - (mpmath.exp(b) - 2) * (b - a) / (mpmath.exp(b) - mpmath.exp(a)),
                                 mpmath.log(2))
    assert obs == pytest.approx(phi, abs=2e-3)


def test_two_step_map_with_e_k_squared_e_k_minus_one():
    """Traub (1964), ch. 3 (iterations with memory): e_(k+1) ~ C e_k^a e_(k-1)^b has order the positive root of
    t^2 = a t + b; for a = 2, b = 1 that is 1 + sqrt 2.  Checked by iterating at 800 digits."""
    r = iteration_order("x = 1 + (x - 1)**2*(xp - 1)*(2 + x); xp = x", at="x=1, xp=1")
    assert sp.simplify(r.order - (1 + sp.sqrt(2))) == 0 and float(r.constant) == pytest.approx(
        3 ** ((1 + math.sqrt(2)) / (2 + math.sqrt(2))), rel=1e-12)  # K = |C|^(p/(p + b))
    obs = _observed_two_step(lambda b, a: 1 + (b - 1) ** 2 * (a - 1) * (2 + b), mpmath.mpf(1))
    assert obs == pytest.approx(1 + math.sqrt(2), abs=5e-3)


def test_secant_at_an_inflection_root_has_order_two_and_no_constant():
    """With f''(x*) = 0 the secant error obeys e_(k+1) ~ (f'''/(6 f')) e_k e_(k-1) (e_k + e_(k-1)) (Atkinson 1989,
    sec. 2.3, the error formula (2.3.7) expanded one order further), dominated by e_k e_(k-1)^2: t^2 = t + 2 gives
    order 2 (Traub 1964, ch. 3).  The other root -1 has modulus 1: e_(k+1)/e_k^2 does not settle, so no constant."""
    r = iteration_order("x = x - (x**3 + x)*(x - xp)/((x**3 + x) - (xp**3 + xp)); xp = x", at="x=0, xp=0")
    assert r.order == 2 and r.constant is None and "no asymptotic constant" in repr(r)
    with mpmath.workdps(1200):
        f = lambda t: t**3 + t  # noqa: E731
        a, b = mpmath.mpf("0.02"), mpmath.mpf("0.01")
        ratios = []
        while abs(b) > mpmath.mpf(10) ** -500:
            a, b = b, b - f(b) * (b - a) / (f(b) - f(a))
            ratios.append(abs(b) / abs(a) ** 2)
    assert max(ratios[-4:]) / min(ratios[-4:]) > 10  # oscillates, no limit


# ------------------------------------------------------------------ items 2 and 7: analytic fractional powers


def test_newton_on_sqrt_one_plus_x_squared_is_a_taylor_case():
    """f = sqrt(1 + x^2): f'/f'' = x (1 + x^2), so Newton's map is N(x) = -x^3 (computed by hand): order 3,
    constant 1 (Nesterov 2004, sec. 1.2.4 uses this function).  sqrt(1 + x^2) is analytic at 0: no Puiseux
    expansion and no 'from the right' restriction."""
    r = newton_rate("sqrt(1 + x**2)", at=0, check=False)
    assert r.order == 3 and r.constant == 1 and "Puiseux" not in r.note and "right" not in r.note
    o = iteration_order("2*sqrt(1 + x**2) - 2 + x**3", at=0)  # = x^2 + x^3 - x^4/4 + ...: order 2, c = 1
    assert o.order == 2 and o.constant == 1 and "Puiseux" not in o.note


# ------------------------------------------------------------------ items 1 and 6: wording of exact answers


def test_fixed_subspace_sentence_is_true():
    """x+ = diag(1, 1/2) x: the iterates reach (x0, 0) with error 2^-k y0, exponentially fast, yet the origin is
    not attractive (x+ = A x with rho(A) = 1 and only semisimple eigenvalues on the circle is stable, not
    asymptotically stable: Elaydi 2005, An Introduction to Difference Equations, ch. 4).  The old sentence 'never exponentially' was false; the note must not say it."""
    r = iteration_order("x = x; y = y/2", at="x=0, y=0")
    assert r.converges is False and "never exponentially" not in r.note and "not attractive" in r.note


# ------------------------------------------------------------------ item 7: n-D Newton at saddles, cubic case


def test_newton_at_a_saddle_with_vanishing_third_derivatives_is_cubic():
    """f = sin x sin y has a nondegenerate saddle at 0 (H = [[0, 1], [1, 0]]) with D^3 f(0) = 0.  Newton's method
    converges locally at any nondegenerate critical point (Ortega & Rheinboldt 1970, ch. 10); with D^3 f = 0 the
    error map starts at degree 3, as in one dimension (Atkinson 1989, sec. 2.5, Thm 2.8: N'' = f'''/f'' = 0).
    Checked by Newton steps at 60 digits: |e'|/|e|^3 -> 2/3 along (1, 1)/sqrt 2 (by hand: e' = -(x^3 + 3xy^2,
    3x^2 y + y^3)/3)."""
    r = newton_rate("sin(x)*sin(y)", at="x=0, y=0", check=False)
    assert r.order == 3 and r.constant == pytest.approx(2 / 3, rel=1e-6)
    with mpmath.workdps(60):
        t = mpmath.mpf("1e-6")
        X = mpmath.matrix([t / mpmath.sqrt(2), t / mpmath.sqrt(2)])
        g = mpmath.matrix([mpmath.cos(X[0]) * mpmath.sin(X[1]), mpmath.sin(X[0]) * mpmath.cos(X[1])])
        H = mpmath.matrix([[-mpmath.sin(X[0]) * mpmath.sin(X[1]), mpmath.cos(X[0]) * mpmath.cos(X[1])],
                           [mpmath.cos(X[0]) * mpmath.cos(X[1]), -mpmath.sin(X[0]) * mpmath.sin(X[1])]])
        nxt = X - mpmath.lu_solve(H, g)
        assert float(mpmath.norm(nxt) / t**3) == pytest.approx(2 / 3, rel=1e-6)
    q = newton_rate("x**2 - y**2 + x**4", at="x=0, y=0", check=False)  # along x: N = 4x^3 (by hand)
    assert q.order == 3 and q.constant >= 4 * (1 - 1e-9)


# ------------------------------------------------------------------ item 3: a certified point with a closed form


def test_newton_on_atan_from_an_interval_is_exact_once_the_point_is_recognised():
    """Newton's map for g = atan x is N(x) = x - (1 + x^2) atan x = -2x^3/3 + ... (Taylor of atan, by hand): order
    3, constant 2/3 at the root 0 (the cubic case of Atkinson 1989, sec. 2.5, Thm 2.8).  Given only the interval
    [-0.5, 0.5], the certified fixed point is recognised as exactly 0 and the exact analysis runs."""
    r = iteration_order("x - (1 + x**2)*atan(x)", at="x=[-0.5, 0.5]")
    assert r.order == 3 and r.constant == sp.Rational(2, 3) and r.enclosure is not None and "exactly x=0" in r.note
    n = newton_rate("x*atan(x) - log(1 + x**2)/2", at="x=[-0.5, 0.5]", check=False)  # f' = atan x
    assert n.order == 3 and n.constant == sp.Rational(2, 3)


def test_atan_newton_two_cycle_is_certified_and_repelling():
    """Newton on atan diverges from |x0| > x_c, where 2 x_c = (1 + x_c^2) atan x_c, x_c = 1.3917452...: there
    N(x_c) = -x_c, a 2-cycle (the standard example of Newton's method failing globally; the value 1.3917452
    is the one quoted in issue 24).  As a fixed point of N o N
    its rate is N'(x_c)^2 = (2 x_c atan x_c)^2 > 1: repelling.  Both recomputed here with mpmath."""
    N = "x - (1 + x**2)*atan(x)"
    NN = N.replace("x", "({})".format(N))
    r = iteration_order(NN, at=1.3917452, check=False)
    with mpmath.workdps(40):
        xc = mpmath.findroot(lambda t: 2 * t - (1 + t**2) * mpmath.atan(t), 1.39)
        rate = (2 * xc * mpmath.atan(xc)) ** 2
    assert r.enclosure.lower <= float(xc) <= r.enclosure.upper and r.converges is False
    assert float(r.constant) == pytest.approx(float(rate), rel=1e-12)


# ------------------------------------------------------------------ items 1 and 7: JSON and wording


def test_json_of_non_integer_orders(capsys):
    """The secant's order (1 + sqrt 5)/2 (Atkinson 1989, sec. 2.3) and Newton's 4/3 on g = x + x^(4/3) (issue 24)
    come out of --json as exact text with a float, not as a crash."""
    import json

    code, out, _ = run(capsys, "order", "x = x - (x**2 - 2)*(x - xp)/((x**2 - 2) - (xp**2 - 2)); xp = x",
                       "--at", "x=sqrt(2), xp=sqrt(2)", "--json", "--no-check")
    d = json.loads(out)
    assert code == 0 and d["order_float"] == pytest.approx((1 + math.sqrt(5)) / 2, rel=1e-15)
    assert sp.simplify(sp.sympify(d["order"]) - (1 + sp.sqrt(5)) / 2) == 0
    code, out, _ = run(capsys, "newton", "x**2/2 + 3*x**(7/3)/7", "--at", "x=0", "--json", "--no-check")
    (p,) = json.loads(out)["points"]
    assert p["order"] == "4/3" and p["order_float"] == pytest.approx(4 / 3)


def test_affine_rule_on_a_non_quadratic_does_not_claim_a_linear_gradient():
    """x+ = (1 - eta) x is affine whatever f is (here x^4, whose gradient 4x^3 is not linear): the note may say the
    map is its own linearisation (so |1 - eta| < 1 is exactly global convergence, Elaydi 2005, ch. 1 on linear
    maps), but not that the gradient is linear."""
    m = method_stability("rule", "x**4", rule="x = x - eta*x", state="x", at="x=0")
    assert m.linear is True and "the gradient is linear" not in m.note and "its own linearisation" in m.note
    g = method_stability("gd", "x**2 + 10*y**2", at="x=0, y=0")
    assert "the gradient is linear" in g.note


# ------------------------------------------------------------------ Steffensen and Chebyshev (issue 24's list)


def _map(kind: str, f: sp.Expr, t: sp.Symbol) -> sp.Expr:
    d1, d2 = sp.diff(f, t), sp.diff(f, t, 2)
    if kind == "steffensen":
        return t - f**2 / (f.subs(t, t + f) - f)
    return t - f / d1 - d2 * f**2 / (2 * d1**3)  # Chebyshev


def test_steffensen_and_chebyshev_orders_with_the_users_own_symbols():
    """Traub (1964), sec. 5.1 and 5.2 / Atkinson (1989), sec. 2.5 ex.: Steffensen's method has order 2 with
    constant f''(1 + f')/(2 f'), Chebyshev's order 3 with constant f''^2/(2 f'^2) - f'''/(6 f') (constants
    recomputed here from f's derivatives).  The maps are built from the user's plain sp.Symbol('x') (symopt
    matches symbols by name; before, the mismatch read x as a parameter and claimed 'order 1, constant 0')."""
    t = sp.Symbol("x")
    for f, root in [(t**3 - 2, sp.cbrt(2)), (sp.exp(t) - 2, sp.log(2))]:
        d1, d2, d3 = (sp.diff(f, t, k).subs(t, root) for k in (1, 2, 3))
        s = iteration_order(_map("steffensen", f, t), at=root, variable="x", check=False)
        assert s.order == 2 and float(s.constant) == pytest.approx(float(abs(d2 * (1 + d1) / (2 * d1))), rel=1e-12)
        c = iteration_order(_map("chebyshev", f, t), at=root, variable="x", check=False)
        assert c.order == 3
        assert float(c.constant) == pytest.approx(float(abs(d2**2 / (2 * d1**2) - d3 / (6 * d1))), rel=1e-12)


def test_a_parameter_that_zeroes_the_derivative_is_not_called_linear():
    """F = x - a (x^2 - 2)/(2x) at sqrt 2 has F'(x*) = 1 - a (damped Newton: Atkinson 1989, sec. 2.5, Thm 2.8
    with p = 1): linear with rate |1 - a| where that is not 0; F = 1 + a (x - 1)^2 has F'(1) = 0 for every a:
    at least quadratic, never 'order 1, constant 0'."""
    r = iteration_order("1 + a*(x - 1)**2", at=1, variable="x")
    assert r.order is None and "at least 2" in r.note
    d = iteration_order("x - a*(x**2 - 2)/(2*x)", at="sqrt(2)", variable="x")
    assert d.order == 1 and sp.simplify(d.signed_constant - (1 - sp.Symbol("a", real=True))) == 0


@pytest.mark.parametrize("a, b", [(1, 1), (2, 1), (1, 2), (2, 2), (3, 1), (0, 2)])
def test_two_step_orders_are_the_roots_of_the_indicial_equation(a, b):
    """Traub (1964), ch. 3: e_(k+1) = C e_k^a e_(k-1)^b has order p = (a + sqrt(a^2 + 4b))/2, the positive root of
    t^2 = a t + b, and e_(k+1)/e_k^p tends to C^(p/(p + b)) exactly when the other root a - p lies inside the unit
    circle (log e_k = A p^k + B (a - p)^k - log(C)/(a + b - 1)).  The map x+ = 3 x^a xp^b at 0 (a = 0: only the
    previous iterate), checked by iterating it at 3000 digits."""
    r = iteration_order(f"x = 3*x**{a}*xp**{b}; xp = x", at="x=0, xp=0", check=False)
    p = (a + math.sqrt(a * a + 4 * b)) / 2
    assert float(r.order) == pytest.approx(p, rel=1e-15)
    if abs(a - p) < 1:
        assert float(r.constant) == pytest.approx(3 ** (p / (p + b)), rel=1e-12)
    else:
        assert r.constant is None
    with mpmath.workdps(3000):
        prev, cur, errs = mpmath.mpf("1e-2"), mpmath.mpf("2e-2"), []
        while cur > mpmath.mpf(10) ** -1400:
            prev, cur = cur, 3 * cur**a * prev**b
            errs.append(cur)
        lg = [mpmath.log(e) for e in errs[-4:]]  # log e_(k+2)/log e_k -> p^2 (the q^k part keeps its ratio q^2)
        assert float(mpmath.sqrt(lg[-1] / lg[-3])) == pytest.approx(p, rel=0.02)


@pytest.mark.parametrize("argv", [
    ["order", "a*y + b*y**2", "--at", "0"],
    ["stability", "x = x**2 - c", "--state", "x"],
    ["converge", "rule", "x**2"],
    ["converge", "gd", "x**3"],
])
def test_cli_errors_name_options_not_python_keywords(capsys, argv):
    """Issue 24 item 7: 'symopt converge rule' without --state answered in Python terms ("needs rule='...' and
    state='x, ...'"); every such message names the command line's options instead."""
    code, out, err = run(capsys, *argv)
    text = out + err
    assert code != 0 and "error" in text
    assert not any(k in text for k in ("variable=", "at=...", "rule='", "state='", "values=...", "verdict()"))


def test_a_decimal_that_is_not_near_a_critical_point_is_refused_not_moved():
    """f = x^4/4 - cos x has f' = x^3 + sin x, whose only real zero is 0 (x^3 + sin x has the sign of x), so
    x = 0.739 is no critical point: the answer must not silently move to x = 0."""
    for fn in (lambda: newton_rate("x**4/4 - cos(x)", at=0.739, check=False),
               lambda: method_stability("gd", "x**4/4 - cos(x)", at=0.739)):
        with pytest.raises(DomainError, match="0.739"):
            fn()


# ------------------------------------------------------------------ beyond two steps: iterations with memory


def test_inverse_quadratic_interpolation_has_order_1_839():
    """Traub (1964), ch. 3, and Brent (1973), Algorithms for Minimization without Derivatives, ch. 3-4: inverse
    quadratic interpolation (like Muller's method, Atkinson 1989, sec. 2.4) satisfies e_(k+1) ~ C e_k e_(k-1)
    e_(k-2), order the real root 1.8393 of t^3 = t^2 + t + 1.  C is checked here from the iterates at 1500 digits:
    e_(k+1)/(e_k e_(k-1) e_(k-2))."""
    f = lambda s: f"({s}**2 - 2)"  # noqa: E731
    F = (f"x*{f('y')}*{f('z')}/(({f('x')} - {f('y')})*({f('x')} - {f('z')}))"
         f" + y*{f('x')}*{f('z')}/(({f('y')} - {f('x')})*({f('y')} - {f('z')}))"
         f" + z*{f('x')}*{f('y')}/(({f('z')} - {f('x')})*({f('z')} - {f('y')}))")
    r = iteration_order(f"x = {F}; y = x; z = y", at="x=sqrt(2), y=sqrt(2), z=sqrt(2)", check=False)
    with mpmath.workdps(60):
        root = mpmath.findroot(lambda t: t**3 - t**2 - t - 1, 1.8)
    assert float(r.order) == pytest.approx(float(root), rel=1e-14)
    g = lambda t: t**2 - 2  # noqa: E731
    with mpmath.workdps(1500):
        s2 = mpmath.sqrt(2)
        a, b, c = s2 + mpmath.mpf("0.03"), s2 + mpmath.mpf("0.02"), s2 + mpmath.mpf("0.01")  # oldest first
        errs = []
        while not errs or errs[-1] > mpmath.mpf(10) ** -700:
            n = (c * g(b) * g(a) / ((g(c) - g(b)) * (g(c) - g(a))) + b * g(c) * g(a) / ((g(b) - g(c)) * (g(b) - g(a)))
                 + a * g(c) * g(b) / ((g(a) - g(c)) * (g(a) - g(b))))
            a, b, c = b, c, n
            errs.append(abs(n - s2))
        C_obs = errs[-1] / (errs[-2] * errs[-3] * errs[-4])
    assert float(abs(r.signed_constant)) == pytest.approx(float(C_obs), rel=1e-6)


@pytest.mark.parametrize("rule, poly", [("x = 3*x*y*z; y = x; z = y", [1, -1, -1, -1]),
                                        ("z = y; y = x; x = 2*x**2*z", [1, -2, 0, -1]),
                                        ("x = x*z**2; y = x; z = y", [1, -1, 0, -2])])
def test_three_step_orders_are_roots_of_the_indicial_equation(rule, poly):
    """Traub (1964), ch. 3: e_(k+1) = C e_k^a e_(k-1)^b e_(k-2)^c has order the positive root of
    t^3 = a t^2 + b t + c; the limit of e_(k+1)/e_k^p exists when the other roots are inside the unit circle
    (t^3 - t^2 - 2 has a complex pair of modulus sqrt(2/1.6956) > 1: none).  Roots recomputed with mpmath."""
    r = iteration_order(rule, at="x=0, y=0, z=0", check=False)
    with mpmath.workdps(40):
        roots = mpmath.polyroots(poly)
    p = max(float(mpmath.re(q)) for q in roots if abs(mpmath.im(q)) < 1e-30)
    assert float(r.order) == pytest.approx(p, rel=1e-14)
    others = [q for q in roots if abs(q - p) > 1e-10]
    assert (r.constant is None) == any(abs(q) >= 1 for q in others)
