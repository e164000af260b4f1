"""Objective: derivations checked independently (mpmath central differences), Taylor error
orders, critical points and their kinds, and the texts' worked numbers."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_core import CORE_CORPUS
from symopt import Objective
from symopt.errors import DimensionError, DomainError, ParameterError, ParseError, SymoptWarning
from symopt.core.objective import derivative, jacobian
from symopt.core.parse import symbol



@pytest.fixture(autouse=True)
def _forty_digits():
    """mpmath at 40 digits inside these tests only (a module-level ``mp.dps = 40`` changed every later test)."""
    with mpmath.workdps(40):
        yield


def _mp_function(obj: Objective):
    return sp.lambdify(obj.variables, obj.expr, modules="mpmath")


def _central_gradient(f, point, h=mpmath.mpf("1e-12")):
    grad = []
    for i in range(len(point)):
        plus = list(point)
        minus = list(point)
        plus[i] += h
        minus[i] -= h
        grad.append((f(*plus) - f(*minus)) / (2 * h))
    return grad


def _central_hessian(f, point, h=mpmath.mpf("1e-9")):
    n = len(point)
    H = [[None] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            def shifted(si, sj):
                p = list(point)
                p[i] += si * h
                p[j] += sj * h
                return f(*p)

            H[i][j] = (shifted(1, 1) - shifted(1, -1) - shifted(-1, 1) + shifted(-1, -1)) / (4 * h * h)
    return H


def _objective(text):
    obj = Objective(text)
    if obj.params:
        raise AssertionError("corpus entries have no parameters")
    return obj


def test_corpus_has_at_least_thirty_expressions():
    assert len(CORE_CORPUS) >= 30


@pytest.mark.parametrize("text, width, positive", CORE_CORPUS, ids=[c[0][:40] for c in CORE_CORPUS])
@settings(max_examples=8, deadline=None)
@given(data=st.data())
def test_gradient_and_hessian_match_high_precision_differences(text, width, positive, data):
    obj = _objective(text)
    low = 0.2 if positive else -width
    coords = [data.draw(st.floats(low, width, allow_nan=False)) for _ in obj.variables]
    point = [mpmath.mpf(c) for c in coords]
    f = _mp_function(obj)
    exact_grad = [mpmath.mpf(sp.N(g.subs(dict(zip(obj.variables, point))), 40)) for g in obj.gradient]
    fd_grad = _central_gradient(f, point)
    for a, b in zip(exact_grad, fd_grad):
        assert abs(a - b) <= mpmath.mpf("1e-15") * max(1, abs(a))
    H = obj.hessian
    fd_H = _central_hessian(f, point)
    for i in range(obj.n):
        for j in range(obj.n):
            exact = mpmath.mpf(sp.N(H[i, j].subs(dict(zip(obj.variables, point))), 40))
            assert abs(exact - fd_H[i][j]) <= mpmath.mpf("1e-10") * max(1, abs(exact))
    # the compiled NumPy functions agree with the exact values
    compiled = obj.compile()
    X = np.array([float(c) for c in coords])
    np.testing.assert_allclose(compiled.grad(X), [float(g) for g in exact_grad], rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("text, width, positive", CORE_CORPUS[:12], ids=[c[0][:40] for c in CORE_CORPUS[:12]])
def test_sparse_derivatives_equal_sympy_diff(text, width, positive):
    obj = _objective(text)
    for v, g in zip(obj.variables, obj.gradient):
        assert sp.simplify(g - obj.expr.diff(v)) == 0
    assert sp.simplify(obj.hessian - sp.hessian(obj.expr, obj.variables)) == sp.zeros(obj.n, obj.n)


@pytest.mark.parametrize("order", [1, 2, 3, 4])
@pytest.mark.parametrize("text", ["exp(x)*cos(y)", "log(1 + x**2 + y**2)", "x*cos(0.15*pi*x)", "cosh(x) + x*y**3"])
def test_taylor_error_has_the_right_order(text, order):
    """|f(p + h d) - T_k(p + h d)| = Theta(h^(k+1)): halving h divides the error by about 2^(k+1)."""
    obj = Objective(text)
    p = {v: sp.Rational(1, 3) for v in obj.variables}
    T = obj.taylor(p, order=order)
    direction = [sp.Rational(1), sp.Rational(-2, 3)][: obj.n]

    def error(h):
        at = {v: p[v] + h * d for v, d in zip(obj.variables, direction)}
        return abs(sp.N(obj.expr.subs(at) - T.subs(at), 50))

    ratios = [error(sp.Rational(1, 2**k)) / error(sp.Rational(1, 2 ** (k + 1))) for k in (8, 9)]
    for r in ratios:
        assert abs(float(r) / 2 ** (order + 1) - 1) < 0.05


def test_taylor_matches_sympy_series_in_one_variable():
    obj = Objective("x*cos(c*x)", variables="x", params="c")
    x, c = symbol("x"), symbol("c")
    T = obj.taylor({"x": 0}, order=5)
    assert sp.expand(T - sp.series(x * sp.cos(c * x), x, 0, 6).removeO()) == 0


def test_course_notes_example_3_1_2_gradient():
    """Course notes Ex. 3.1.2: the gradient at (0.5, 1) is (7.5, 15); at (0.425, 0.85) it is (7.90, 15.81)."""
    obj = Objective("(w1**2 + w2**2)**4 - 7*(w1**2 + w2**2)**3 + 13*(w1**2 + w2**2)**2")
    assert list(obj.gradient_at([sp.Rational(1, 2), 1])) == [sp.Rational(15, 2), 15]
    after = [sp.Rational(1, 2) - sp.Rational(1, 100) * sp.Rational(15, 2), 1 - sp.Rational(15, 100)]
    assert after == [sp.Rational(17, 40), sp.Rational(17, 20)]  # the text's (0.425, 0.85)
    g = [float(v) for v in obj.gradient_at(after)]
    assert round(g[0], 2) == 7.90 and round(g[1], 2) == 15.81
    # the text's stated partial derivative is the derived one, factored
    r2 = symbol("w1") ** 2 + symbol("w2") ** 2
    stated = 2 * symbol("w1") * r2 * (4 * r2**2 - 21 * r2 + 26)
    assert sp.expand(obj.gradient[0] - stated) == 0


def test_course_notes_example_3_1_3_minima_are_not_where_the_text_says():
    """Ex. 3.1.3 says the minima are at w = -1 and w = 2; the derived minima are elsewhere."""
    obj = Objective("w**4/3 - w**3/2 - w**2 + w")
    points = obj.critical_points()
    assert points.complete
    minima = [cp for cp in points if cp.kind == "minimum"]
    assert len(minima) == 2 and len([cp for cp in points if cp.kind == "maximum"]) == 1
    for cp in points:
        (value,) = cp.point.values()
        assert abs(sp.N(obj.gradient[0].subs(symbol("w"), value), 50)) < 1e-40
    assert obj.gradient_at([-1])[0] != 0 and obj.gradient_at([2])[0] != 0


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("x**2", ["minimum"]),
        ("-x**2 + 3", ["maximum"]),
        ("x**3", ["saddle"]),
        ("x**4", ["minimum"]),
        ("-x**6", ["maximum"]),
        ("x**5", ["saddle"]),
        ("x1**2 + 2*x2**2", ["minimum"]),
        ("x**2 - y**2", ["saddle"]),
        ("x*y", ["saddle"]),
        ("x**4 - x**2", ["minimum", "maximum", "minimum"]),
        ("x**2 + y**4", ["minimum"]),  # Hessian singular at 0: decided by the higher-order test
        ("x**3 - 3*x + y**2", ["saddle", "minimum"]),
        ("x**2 + x*y + y**2 - x", ["minimum"]),
    ],
)
def test_critical_point_kinds(text, kinds):
    obj = Objective(text)
    points = obj.critical_points()
    assert [cp.kind for cp in points] == kinds
    for cp in points:
        assert all(g == 0 for g in obj.gradient_at(cp.point))
        H = np.array(obj.hessian_at(cp.point).tolist(), dtype=float)
        lam = np.linalg.eigvalsh(H)
        if cp.kind == "minimum":
            assert np.all(lam >= 0)
        if cp.kind == "maximum":
            assert np.all(lam <= 0)
        if cp.kind == "saddle" and obj.n > 1:
            assert lam.min() < 0 < lam.max()


def test_numeric_fallback_for_transcendental_equations():
    """D2L 10.3's x cos(cx) with c = 0.15 pi: SymPy cannot solve f' = 0; the interval Krawczyk
    search certifies every critical point in the default box [-10, 10] (complete there only)."""
    obj = Objective("x*cos(c*x)", variables="x", params="c").bind(c=sp.Rational(15, 100) * sp.pi)
    points = obj.critical_points()
    assert points and all(cp.numeric for cp in points) and points.complete
    assert points.status_text == "complete in [-10, 10] (certified)" and points.check()
    # f' = cos(cx) - c x sin(cx) has 4 zeros in [-10, 10] (sign changes on a fine grid, independent of the search)
    c = 0.15 * np.pi
    grid = np.linspace(-10, 10, 200001)
    fp = np.cos(c * grid) - c * grid * np.sin(c * grid)
    assert len(points) == int(np.sum(np.sign(fp[1:]) != np.sign(fp[:-1]))) == 4
    f = obj.compile()
    for cp in points:
        (value,) = cp.point.values()
        assert abs(f.grad(np.array([value]))[0]) < 1e-8
        assert cp.kind == ("minimum" if f.hess(np.array([value]))[0, 0] > 0 else "maximum")


def test_directional_derivative_optimal_step_condition_number():
    obj = Objective("x1**2 + 2*x2**2")
    assert obj.directional_derivative([1, 1], point=[1, 1]) == 6
    assert obj.directional_derivative([3, 4], point=[1, 1], normalize=True) == sp.Rational(22, 5)
    # Goodfellow 4.3: eps* = g'g / g'Hg
    g = obj.gradient_at([1, 1])
    H = obj.hessian
    assert obj.optimal_step([1, 1]) == (g.T * g)[0, 0] / (g.T * H * g)[0, 0] == sp.Rational(20, 72)
    assert obj.condition_number([0, 0]) == 2
    assert Objective("0.1*x1**2 + 2*x2**2").condition_number([0, 0]) == 20
    assert Objective("x**2 - y**2").optimal_step([1, 1]) == sp.oo
    d = obj.steepest_descent([1, 1])
    assert sp.simplify((d.T * d)[0, 0]) == 1 and (d.T * g)[0, 0] < 0


def test_jacobian_of_vector_maps():
    J = jacobian(["x*y", "sin(x) + y**2", "exp(x*y)"], "x, y")
    x, y = symbol("x"), symbol("y")
    assert J == sp.Matrix([sp.Matrix([[y, x]]), sp.Matrix([[sp.cos(x), 2 * y]]), sp.Matrix([[y * sp.exp(x * y), x * sp.exp(x * y)]])])


def test_derivative_rules_agree_with_sympy():
    x, y = symbol("x"), symbol("y")
    for e in [x**y, sp.Abs(x * y), sp.Max(x, y), sp.exp(x) ** 2 / (1 + x**2), sp.asinh(x * y), sp.sqrt(x) ** 3]:
        assert sp.simplify(derivative(e, x) - e.diff(x)) == 0


def test_variables_params_and_bad_input():
    with pytest.warns(SymoptWarning, match="a, b are not declared"):  # the documented default, said aloud
        obj = Objective("a*x**2 + b*x", variables="x")
    assert [p.name for p in obj.params] == ["a", "b"]
    assert obj.bind(a=2, b=0).expr == 2 * symbol("x") ** 2
    assert [v.name for v in Objective("x10 + x2 + x1").variables] == ["x1", "x2", "x10"]
    with pytest.raises(ParameterError):
        obj.compile(a=1)
    with pytest.raises(ParameterError):
        obj.bind(z=1)
    with pytest.raises(DimensionError):
        Objective(sp.Matrix([symbol("x"), symbol("y")]))
    with pytest.raises(DimensionError):
        Objective([1, 2])
    with pytest.raises(DimensionError):
        Objective("3")
    with pytest.raises(ParseError):
        Objective(sp.I * sp.Symbol("x"))
    with pytest.raises(ParseError):
        Objective(sp.Function("f")(sp.Symbol("x")))
    with pytest.raises(ParameterError):
        Objective("x + y", variables="x", params="y, x")
    with pytest.raises(DimensionError):
        Objective("x + y").point([1, 2, 3])
    with pytest.raises(DimensionError):
        Objective("x + y").point({"z": 1, "x": 2})


def test_sympy_input_keeps_the_users_symbols():
    x = sp.Symbol("x")
    assert Objective(x).expr == x  # a bare Symbol is an expression, not a condition
    with pytest.raises(ParseError):
        Objective(x > 0)
    obj = Objective(sp.sqrt(x**2))
    assert obj.variables == (x,)
    # symopt's own real symbol gives SymPy's real simplification
    assert Objective(sp.sqrt(symbol("x") ** 2)).expr == sp.Abs(symbol("x"))
    with pytest.raises(ParseError, match="not real"):
        Objective(sp.Symbol("z", imaginary=True) ** 2)


def test_pickle_and_threads_share_no_surprises():
    import pickle
    from concurrent.futures import ThreadPoolExecutor

    obj = Objective("x**2 + sin(y)")
    clone = pickle.loads(pickle.dumps(obj))
    assert clone == obj and hash(clone) == hash(obj)
    with ThreadPoolExecutor(4) as pool:
        grads = list(pool.map(lambda _: obj.compile().grad(np.ones((3, 2))), range(8)))
    for g in grads:
        np.testing.assert_allclose(g, grads[0])


def test_real_points_inside_complex_families_are_found():
    """Ex. 3.1.2: SymPy returns the family (w1, ±I|w1|), real only at the origin, the text's global minimum."""
    obj = Objective("(w1**2 + w2**2)**4 - 7*(w1**2 + w2**2)**3 + 13*(w1**2 + w2**2)**2")
    points = obj.critical_points()
    origin = {symbol("w1"): 0, symbol("w2"): 0}
    assert any(cp.point == origin for cp in points)
    # the rings r^2 = 2 and r^2 = 13/4 are continua: listed as components of a complete description
    # (with the factor r^2 of the gradient, whose only real point is the origin)
    assert points.complete and sorted(c.real_dimension or 0 for c in points.components) == [0, 1, 1]
    for cp in points:
        assert all(sp.simplify(g) == 0 for g in obj.gradient.xreplace(cp.point))
        assert all(not v.has(sp.I) for v in cp.point.values())


def test_exact_evaluation_that_would_factor_a_huge_integer_is_refused_by_size():
    """Found by fuzzing: f'(-39/2) of acosh(10**(300 x)) asks SymPy to factor a 5850-digit integer.

    That work is one long C call (a modular ``pow``), which no call count sees: the
    size of every power of numbers is checked before evaluating (issue 22: a limit
    that counts sizes, the same on every machine), whatever the work limits say."""
    from symopt.config import config
    from symopt.errors import UnsupportedError

    obj = Objective("x + acosh((1e300)^x)")
    for budgets in ({"evaluate": 0.5}, {"evaluate": 1000.0}):
        with config.override(budgets=budgets):
            with pytest.raises(UnsupportedError, match="19,433 bits"):
                obj.gradient_at([sp.Rational(-39, 2)])
    assert obj.value_at([0]) == sp.acosh(1)


# ------------------------------------------------------------- undefined points


@pytest.mark.parametrize("text, point", [("min(x, 1/x)", [0]), ("max(log(x), x)", [0]), ("min(x*y, 1/y)", [1, 0])])
def test_a_value_sympy_cannot_form_is_a_domain_error(text, point):
    """``Min(0, zoo)`` makes SymPy raise ValueError ("not comparable"); fuzzing found it escaping."""
    obj = Objective(text)
    with pytest.raises(DomainError, match="no value at"):
        obj.value_at(point)
    with pytest.raises(DomainError):
        obj.taylor(point, order=1)


@pytest.mark.parametrize("text, point", [("1/x", [0]), ("abs(x)", [0]), ("abs(1/x)", [0]), ("sqrt(x) + min(x, 1/x)", [-1])])
def test_condition_number_where_the_hessian_has_no_finite_value(text, point):
    with pytest.raises(DomainError, match="no finite value|cannot be compared"):
        Objective(text).condition_number(point)


def test_condition_number_at_an_ordinary_point_is_unchanged():
    assert Objective("x**2 + 4*y**2").condition_number([1, 2]) == 4


def test_an_exact_value_with_a_number_too_large_to_print_is_refused():
    """x**0.79129 at 20871/100000 is a root of a 5000-digit integer; str() of it raised ValueError."""
    from symopt.errors import UnsupportedError

    with pytest.raises(UnsupportedError, match="bits"):
        Objective("x**0.79129").value_at(["20871/100000"])


def test_exact_sign_of_a_value_that_is_not_finite_is_undecided():
    """f = -x**2*sqrt(x) at 0: f''' is zoo there; comparing its NaN evaluation raised TypeError."""
    from symopt.core.objective import exact_sign

    assert [exact_sign(v) for v in (sp.nan, sp.zoo, sp.oo)] == [None, None, None]
    (cp,) = Objective("-x**2*sqrt(x)").critical_points()
    assert cp.point == {symbol("x"): 0} and cp.kind == "inconclusive"


def test_a_point_can_be_given_as_coordinates_in_text():
    obj = Objective("x**2 + y**2")
    assert obj.point("-1, 2") == obj.point("y=2, x=-1") == obj.point([-1, 2])


def test_a_point_where_the_gradient_has_no_value_is_not_critical():
    """cosh(lam/y): SymPy's solve offers (0, 0), where f is undefined; the gradient there
    is nan, which is not zero (fuzzing: 'Invalid NaN comparison' in the inertia test)."""
    from symopt.config import config

    obj = Objective("cosh(lam/y)", variables="lam, y")
    with config.override(budgets={"interval": 0.5}, fresh_cache=True):  # lam = 0 leaves the box search undecided
        points = obj.critical_points()
    lam, y = obj.variables
    assert all(cp.point[y] != 0 for cp in points)
    assert any(cp.point == {lam: 0, y: y} for cp in points)
    assert not points.complete and points.undecided  # a continuum: never complete


# ------------------------------------------------------------------ the user's own SymPy symbols (issue 16)


def test_the_users_symbols_survive_a_round_trip():
    """x, y = sp.symbols("x y"): the results are in the user's symbols, so SymPy's own subs and diff
    work on them (SymPy docs, "Gotchas": symbols with different assumptions are different symbols)."""
    x, y = sp.symbols("x y")
    o = Objective(x**2 + x * y)
    assert o.variables == (x, y)
    assert o.gradient.subs({x: 1, y: 2}) == sp.Matrix([4, 1])
    assert sp.diff(o.expr, x) == 2 * x + y
    assert o.hessian == sp.hessian(x**2 + x * y, (x, y))
    T = o.taylor({x: 1, y: 1}, order=2)
    assert T.free_symbols == {x, y} and sp.expand(T - (x**2 + x * y)) == 0
    # names still work everywhere symopt takes a variable
    assert o.point({"x": 1, "y": 2}) == {x: 1, y: 2}
    assert o.value_at({"x": 1, "y": 2}) == 3
    from symopt.errors import SymoptWarning

    with pytest.warns(SymoptWarning, match="y is not declared and taken as parameter"):
        assert Objective(x**2 + y, variables="x").params == (y,)
    assert Objective(x**2 * y, params=[sp.Symbol("y", real=True)]).params == (y,)
    dom = Objective(sp.log(x), domain="x > 0").domain
    assert dom == (sp.StrictGreaterThan(x, 0),)
    # the compiled and analysed objective agree with the text one
    text = Objective("x**2 + x*y")
    X = np.array([[0.5, -1.0], [2.0, 3.0]])
    assert np.allclose(o.compile().grad(X), text.compile().grad(X), rtol=1e-12, atol=0)
    assert [cp.kind for cp in o.critical_points()] == [cp.kind for cp in text.critical_points()]


def test_symopt_symbols_and_user_symbols_of_one_name_are_merged():
    x_user, x_symopt = sp.Symbol("x"), symbol("x")
    o = Objective(x_user**2 + x_symopt)
    assert o.variables == (x_user,) and o.expr == x_user**2 + x_user


def test_taylor_models_are_written_in_powers_of_x_minus_a():
    """Course notes / D2L 11.3: T_2(x) = f(a) + f'(a)(x - a) + f''(a)/2 (x - a)^2, not multiplied out."""
    T = Objective("x**3 + x*y").taylor({"x": 1, "y": 2}, order=2)
    assert str(T) == "3*(x - 1)**2 + (x - 1)*(y - 2) + 5*(x - 1) + (y - 2) + 3"
    assert sp.expand(T) == sp.expand(3 * symbol("x") ** 2 + symbol("x") * symbol("y") - 3 * symbol("x") + 1)


def test_typos_in_declarations_are_errors_or_warnings_with_suggestions():
    from symopt.errors import SymoptWarning

    with pytest.raises(ParameterError, match=r"variable 'z' does not occur.*did you mean 'y'"):
        Objective("x**2 + y**2", variables="x, z")
    with pytest.warns(SymoptWarning, match=r"parameter 'b' does not occur in the objective \(its symbols: a, x\)"):
        Objective("a*x**2", params="b")
    with pytest.warns(SymoptWarning, match=r"did you mean sin\(x\)"):
        Objective("sinx + x")
    with pytest.warns(SymoptWarning, match="did you mean E"):
        Objective("e^x")
    with pytest.raises(DimensionError, match="abc is not a symbol of the objective"):
        Objective("x**2 + y**2").point("x=abc, y=1")
    # a parameter may appear in a point; a constant objective may declare its variables
    assert Objective("a*x**2", variables="x", params="a").point({"x": sp.Symbol("a")})
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Objective("0", variables="x, y")


def test_with_real_symbols_gives_sympy_the_realness_back():
    """Logistic loss in plain symbols: SymPy cannot show exp(-y) > 0 for a complex y, so the
    definedness proof needs the real view (Boyd & Vandenberghe 3.1.5: log(1 + e^x) is convex)."""
    x, y = sp.symbols("x y")
    o = Objective(-sp.log(1 / (1 + sp.exp(-x))) - sp.log(1 - 1 / (1 + sp.exp(-y))), domain="x > -1")
    r = o.with_real_symbols()
    assert r.variables == (symbol("x"), symbol("y")) and r.domain == (sp.StrictGreaterThan(symbol("x"), -1),)
    assert r.with_real_symbols() is r
    assert symopt_convexity(r).status == "proved"


def symopt_convexity(obj):
    from symopt import convexity

    return convexity(obj)
