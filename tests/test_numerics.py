"""Numerical edge cases: NaN/inf, overflow, singular Hessians, zero gradients, denormals; compiled = exact.

Documented behaviour (README "Robustness"):

* compiled ``value``/``grad``/``hess`` follow IEEE float64 arithmetic on the
  formula as written: NaN in gives NaN out, overflow gives +-inf, 0/0 and
  inf/inf give NaN; they never raise and never warn (NumPy's ``errstate``
  is "ignore" inside the kernels);
* exact entry points refuse non-finite numbers (ParseError) and optimizers
  refuse a non-finite ``x0`` (DimensionError) or hyper-parameter (OptimizerError);
* during a run, a non-finite gradient or iterate (an overflowing exponential,
  a singular Newton system) marks that member ``"diverged"`` at that step;
  the run itself never raises;
* a zero gradient leaves every method at rest (no 0/0: the adaptive methods'
  ``eps`` must be positive);
* denormal inputs are used as they are (no flush to zero).

Compiled functions are compared with exact evaluation in mpmath at 50 digits
at the same (exactly representable) points.  The stated tolerance is a
first-order forward error bound computed alongside the exact value: every
``+``, ``*``, power and constant contributes one rounding (unit roundoff
``u = 2**-53``), every library function ``4u``, and errors propagate through
each node by its exact derivative (``|f'(a)| * err(a)``).  The test asserts
``|compiled - exact| <= 4 * bound + 1e-300``; for well-conditioned points the
bound is a few ``u * |exact|`` (relative error ~1e-15), and near a
singularity or a cancellation it grows exactly as the arithmetic does.
"""

from __future__ import annotations

import math
import warnings

import mpmath
import numpy as np
import pytest
import sympy as sp

from corpus_core import CORE_CORPUS
from symopt import Objective, optimizers
from symopt.errors import DimensionError, OptimizerError, ParseError
from symopt.core.parse import parse

U = 2.0**-53
FUNCTION_ULPS = 4

# --------------------------------------------------------------------------- exact evaluation with an error bound

_FUNCS = {
    sp.exp: (mpmath.exp, mpmath.exp),
    sp.log: (mpmath.log, lambda a: 1 / a),
    sp.sin: (mpmath.sin, mpmath.cos),
    sp.cos: (mpmath.cos, lambda a: -mpmath.sin(a)),
    sp.tan: (mpmath.tan, lambda a: 1 + mpmath.tan(a) ** 2),
    sp.sinh: (mpmath.sinh, mpmath.cosh),
    sp.cosh: (mpmath.cosh, mpmath.sinh),
    sp.tanh: (mpmath.tanh, lambda a: 1 - mpmath.tanh(a) ** 2),
    sp.atan: (mpmath.atan, lambda a: 1 / (1 + a**2)),
    sp.asin: (mpmath.asin, lambda a: 1 / mpmath.sqrt(1 - a**2)),
    sp.acos: (mpmath.acos, lambda a: -1 / mpmath.sqrt(1 - a**2)),
    sp.asinh: (mpmath.asinh, lambda a: 1 / mpmath.sqrt(a**2 + 1)),
    sp.acosh: (mpmath.acosh, lambda a: 1 / mpmath.sqrt(a**2 - 1)),
    sp.atanh: (mpmath.atanh, lambda a: 1 / (1 - a**2)),
    sp.Abs: (abs, lambda a: mpmath.sign(a)),
}


_FLOAT_MAX = mpmath.mpf(np.finfo(float).max)


def exact_with_bound(expr: sp.Expr, point: dict) -> tuple[mpmath.mpf, mpmath.mpf]:
    """(exact value, first-order bound on float64 evaluation error) at an exact point.

    The bound is infinite when some intermediate value overflows float64
    (the kernel then returns inf or NaN, as documented).
    """
    value, bound = _exact_with_bound(expr, point)
    if abs(value) > _FLOAT_MAX:
        return value, mpmath.inf
    return value, bound


def _exact_with_bound(expr: sp.Expr, point: dict) -> tuple[mpmath.mpf, mpmath.mpf]:
    if expr.is_Symbol:
        return mpmath.mpf(point[expr]), mpmath.mpf(0)
    if expr.is_Integer:
        v = mpmath.mpf(int(expr))
        return v, (U * abs(v) if abs(int(expr)) >= 2**53 else mpmath.mpf(0))
    if expr.is_Number or expr.is_NumberSymbol:
        v = mpmath.mpf(sp.N(expr, 60)) if not expr.is_Rational else mpmath.mpf(int(expr.p)) / int(expr.q)
        return v, U * abs(v)
    if expr.is_Add:
        parts = [exact_with_bound(a, point) for a in expr.args]
        v = mpmath.fsum(p[0] for p in parts)
        magnitude = mpmath.fsum(abs(p[0]) for p in parts)
        return v, mpmath.fsum(p[1] for p in parts) + (len(parts) - 1) * U * magnitude
    if expr.is_Mul:
        parts = [exact_with_bound(a, point) for a in expr.args]
        v = mpmath.fprod(p[0] for p in parts)
        err = mpmath.mpf(0)
        for i, (_, e) in enumerate(parts):
            err += abs(mpmath.fprod(q[0] for j, q in enumerate(parts) if j != i)) * e
        return v, err + (len(parts) - 1) * U * abs(v)
    if expr.is_Pow:
        (b, eb), (k, ek) = exact_with_bound(expr.base, point), exact_with_bound(expr.exp, point)
        v = mpmath.power(b, k)
        db = abs(k * mpmath.power(b, k - 1)) * eb if eb else 0
        dk = abs(v * mpmath.log(abs(b))) * ek if ek and b != 0 else 0
        ulps = 1 if expr.exp in (-1, sp.S.Half, 2) else FUNCTION_ULPS
        return v, db + dk + ulps * U * abs(v)
    if expr.func in _FUNCS and len(expr.args) == 1:
        f, df = _FUNCS[expr.func]
        a, ea = exact_with_bound(expr.args[0], point)
        v = f(a)
        return v, abs(df(a)) * ea + FUNCTION_ULPS * U * abs(v)
    raise NotImplementedError(f"no reference evaluation for {expr.func}")  # a test-corpus error, not symopt's


def _exact_point(variables, row) -> dict:
    return {v: sp.Rational(float(c)) for v, c in zip(variables, row)}


def _check_against_exact(obj: Objective, X: np.ndarray) -> int:
    """Compare value, gradient and Hessian at each row of X; returns how many numbers were compared."""
    f = obj.compile()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the kernels never warn
        values, grads, hessians = f.value(X), f.grad(X), f.hess(X)
    compared = 0
    with mpmath.workdps(50):
        for r, row in enumerate(X):
            point = _exact_point(obj.variables, row)
            targets = [(obj.expr, values[r])]
            targets += [(g, grads[r, i]) for i, g in enumerate(obj._gradient_entries)]
            targets += [(h, hessians[r, i, j]) for (i, j), h in obj._hessian_entries.items()]
            for expr, got in targets:
                exact, bound = exact_with_bound(expr, point)
                if not mpmath.isfinite(bound):
                    continue  # an intermediate overflows: inf/NaN as documented (tested separately)
                assert math.isfinite(got), f"{expr} at {row}: got {got}, exact {exact}"
                error = abs(mpmath.mpf(got) - exact)
                assert error <= 4 * bound + mpmath.mpf("1e-300"), (
                    f"{expr} at {row}: compiled {got!r}, exact {mpmath.nstr(exact, 20)}, "
                    f"error {mpmath.nstr(error, 3)} > 4 * bound {mpmath.nstr(bound, 3)}"
                )
                compared += 1
    return compared


@pytest.mark.parametrize("text, width, positive", CORE_CORPUS, ids=[c[0][:40] for c in CORE_CORPUS])
def test_compiled_equals_exact_on_the_core_corpus(text, width, positive):
    obj = Objective(text)
    rng = np.random.default_rng(7)
    X = rng.uniform(0.05 if positive else -width, width, size=(6, obj.n))
    assert _check_against_exact(obj, X) > 0


#: Near singularities, cancellations, overflow edges and denormals: (text, points).
NEAR_SINGULAR = [
    ("log(x)", [1e-300, 5e-324, 1 - 2.0**-52, 1 + 2.0**-52]),
    ("1/x", [1e-300, -1e-300, 2.0**-1022]),
    ("1/(x - 1)", [1 + 2.0**-52, 1 - 2.0**-53, 1.0000001]),
    ("sqrt(x)", [1e-310, 5e-324, 1e-300]),
    ("x*log(x)", [1e-300, 1e-310]),
    ("(1 - cos(x))/x**2", [1e-4, 1e-6, 1e-8]),
    ("log(1 + x)", [1e-17, -1 + 2.0**-40]),
    ("x**2 - y**2", [(1.0, 1.0 + 2.0**-52), (1e150, 1e150 * (1 + 2.0**-52))]),
    ("tan(x)", [1.5707963267948966, -1.5707963267948966]),
    ("exp(x)", [709.7, -745.0, -700.0]),
    ("sigmoid(x)", [-700.0, 35.0, 700.0]),
    ("atanh(x)", [1 - 2.0**-50, -1 + 2.0**-50]),
    ("x**(-3)", [1e-100, 2.0**-300]),
    ("exp(-1/x**2)", [0.05, 0.2]),
    ("sin(x)/x", [1e-300, 1e-8]),
    ("acosh(x)", [1 + 2.0**-50]),
]


@pytest.mark.parametrize("text, points", NEAR_SINGULAR, ids=[c[0] for c in NEAR_SINGULAR])
def test_compiled_equals_exact_near_singularities(text, points):
    obj = Objective(text)
    X = np.array(points, dtype=float).reshape(len(points), obj.n)
    _check_against_exact(obj, X)


def test_the_error_bound_is_tight_enough_to_catch_a_wrong_kernel():
    """The tolerance is not vacuous: a value off by 1e-12 relative fails it."""
    x = sp.Symbol("x", real=True)
    exact, bound = exact_with_bound(sp.exp(x) * sp.cos(x), {x: sp.Rational(1, 3)})
    assert bound < 1e-14 * abs(exact)
    assert 1e-12 * abs(exact) > 4 * bound


# --------------------------------------------------------------------------- IEEE behaviour of compiled functions


def test_nan_and_inf_inputs_propagate_without_errors_or_warnings():
    f = Objective("x**2 + exp(y) + log(1 + x**2)").compile()
    X = np.array([[np.nan, 0.0], [np.inf, 0.0], [0.0, -np.inf], [0.0, np.inf], [-np.inf, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        v, g, h = f.value(X), f.grad(X), f.hess(X)
    assert np.isnan(v[0]) and np.isnan(g[0, 0]) and np.isnan(h[0, 0, 0])
    assert v[1] == np.inf and v[3] == np.inf
    assert np.isnan(g[1, 0])  # 2x + 2x/(1 + x**2) at x = inf: inf + inf/inf
    assert v[2] == 0.0 and g[2, 1] == 0.0  # exp(-inf) = 0 exactly
    assert np.isnan(g[4, 0])  # -inf + (-inf)/inf
    assert h.shape == (5, 2, 2)


def test_overflow_in_exponentials_gives_inf_and_nan_as_ieee_arithmetic_does():
    f = Objective("exp(x**2)").compile()
    assert f.value([30.0]) == np.inf  # exp(900) > max float
    assert f.grad([30.0])[0] == np.inf
    assert f.value([26.0]) == pytest.approx(math.exp(676.0), rel=1e-13)
    # the formula as written: log(1 + exp(x)) overflows in exp before the log
    g = Objective("softplus(x)").compile()
    assert g.value([700.0]) == pytest.approx(700.0, rel=1e-15)
    assert g.value([710.0]) == np.inf
    assert np.isnan(g.grad([710.0])[0])  # exp(x)/(1 + exp(x)) = inf/inf
    assert g.grad([-710.0])[0] == pytest.approx(math.exp(-710.0), rel=1e-12)  # a denormal, kept


def test_denormals_are_not_flushed():
    f = Objective("x**2 + 3*x").compile()
    tiny = 5e-324
    assert f.value([tiny]) == 3 * tiny + 0.0 and f.value([tiny]) > 0
    assert f.grad([1e-310])[0] == pytest.approx(3.0)
    g = Objective("x/2").compile()
    assert g.value([2 * tiny]) == tiny


def test_exact_entry_points_refuse_non_finite_numbers():
    obj = Objective("x**2")
    for bad in (float("nan"), float("inf"), -float("inf")):
        with pytest.raises(ParseError):
            obj.value_at([bad])
        with pytest.raises(ParseError):
            obj.bind  # noqa: B018 - attribute exists
            Objective("a*x", variables="x").bind(a=bad)
    with pytest.raises(ParseError):
        parse("x + 1e999")


# --------------------------------------------------------------------------- during runs


def test_optimizers_refuse_non_finite_start_and_hyper_parameters():
    with pytest.raises(DimensionError):
        optimizers.gd("x**2", x0=[float("nan")])
    with pytest.raises(DimensionError):
        optimizers.gd("x**2 + y**2", x0=[1.0, float("inf")])
    for lr in (float("nan"), float("inf")):
        with pytest.raises(OptimizerError):
            optimizers.gd("x**2", x0=[1.0], lr=lr)
    with pytest.raises(OptimizerError):
        optimizers.adam("x**2", x0=[1.0], eps=0.0)


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return fn(*args, **kwargs)


def test_overflow_during_a_run_marks_the_member_diverged():
    tr = _quiet(optimizers.gd, "exp(x**2)", x0=[30.0], lr=0.1, steps=5)
    assert tr.status == "diverged" and tr.steps == 0  # the first gradient is already inf
    tr = _quiet(optimizers.gd, "x**2", x0=[1.0], lr=1.5, steps=200)  # |1 - 2 lr| = 2: doubles each step
    assert tr.status == "diverged" and abs(tr.x[0]) > 1e12 and np.all(np.isfinite(tr.xs))
    batch = _quiet(optimizers.gd, "exp(x**2)", x0=[[30.0], [0.5]], lr=0.1, steps=50)
    assert list(batch.status) == ["diverged", "max_steps"]
    assert abs(batch.x[1, 0]) < 0.5  # the healthy member went on


def test_newton_with_a_singular_hessian_ends_diverged_and_never_raises():
    tr = _quiet(optimizers.newton, "x**2 + y", x0=[1.0, 1.0], steps=3)  # H = diag(2, 0), grad_y = 1
    assert tr.status == "diverged"
    tr = _quiet(optimizers.newton, "x", x0=[1.0], steps=3)  # f'' = 0, f' = 1: x - 1/0
    assert tr.status == "diverged"
    tr = _quiet(optimizers.newton, "x**3", x0=[0.0], steps=3)  # 0/0 at a degenerate critical point
    assert tr.status == "diverged"
    tr = _quiet(optimizers.newton, "x**3", x0=[0.0], steps=3, tol=1e-12)  # ...unless the zero gradient stops it first
    assert tr.status == "converged" and tr.steps == 0


def test_newton_on_an_indefinite_hessian_goes_to_the_saddle_unless_fixed():
    plain = _quiet(optimizers.newton, "x**2 - y**2", x0=[1.0, 2.0], steps=3)
    assert np.allclose(plain.x, 0.0)  # one exact step to the saddle point
    fixed = _quiet(optimizers.newton, "x**2 - y**2", x0=[1.0, 2.0], steps=3, hessian_fix="abs")
    assert fixed.x[0] == 0.0 and fixed.x[1] == 16.0  # |H| = diag(2, 2): y doubles each step, away from the saddle
    assert np.all(np.diff(fixed.values) < 0)  # and f decreases


@pytest.mark.parametrize("method", ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "yogi",
                                    "newton", "line_search"])
def test_zero_gradient_leaves_every_method_at_rest(method):
    tr = _quiet(getattr(optimizers, method), "x**2 + y**2", x0=[0.0, 0.0], steps=5)
    assert np.all(tr.xs == 0.0) and np.all(np.isfinite(tr.grads))
    assert tr.status == "max_steps"


def test_denormal_iterates_stay_finite_and_decrease():
    tr = _quiet(optimizers.gd, "x**2", x0=[1e-310], lr=0.1, steps=5)
    assert np.all(np.isfinite(tr.xs)) and tr.x[0] == pytest.approx(1e-310 * 0.8**5, rel=1e-3)
    assert np.all(np.diff(tr.xs[:, 0]) < 0)
