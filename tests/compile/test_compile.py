"""Compiled functions: shapes on scalars, (n,), (B, n), (B1, B2, n); constants broadcast;
parameters; agreement with exact evaluation."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from symopt import Objective
from symopt.compile import compile_entries
from symopt.errors import DimensionError, ParameterError, UnsupportedError
from symopt.core.parse import symbol

SHAPES = [(), (5,), (3, 4)]


@pytest.mark.parametrize("batch", SHAPES)
@pytest.mark.parametrize(
    "text, params",
    [
        ("x1**2 + 2*x2**2", {}),  # constant Hessian, linear gradient
        ("0.1*x1**2 + 2*x2**2 + 7", {}),
        ("a*x1**2 + b*x1*x2 + x2", {"a": 2.0, "b": -1.0}),
        ("x1 + x2", {}),  # constant gradient, zero Hessian
        ("exp(x1)*sin(x2) + x3", {}),
    ],
)
def test_shapes(text, params, batch):
    obj = Objective(text)
    if params:
        obj = Objective(text, variables=[v for v in ("x1", "x2", "x3") if v in text])
    f = obj.compile(**params)
    n = obj.n
    X = np.random.default_rng(0).normal(size=batch + (n,))
    assert f.value(X).shape == batch
    assert f.grad(X).shape == batch + (n,)
    assert f.hess(X).shape == batch + (n, n)
    # agreement with exact evaluation at one point
    point = X.reshape(-1, n)[0]
    exact_obj = obj.bind(**params) if params else obj
    subs = dict(zip(obj.variables, [sp.Float(c, 30) for c in point]))
    np.testing.assert_allclose(f.value(point), float(exact_obj.expr.subs(subs)), rtol=1e-12)
    np.testing.assert_allclose(f.grad(point), [float(g.subs(subs)) for g in exact_obj.gradient], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(
        f.hess(point), np.array(exact_obj.hessian.subs(subs).tolist(), dtype=float), rtol=1e-12, atol=1e-12
    )


def test_constant_entries_broadcast_to_the_batch():
    f = Objective("x1 + 2*x2").compile()
    X = np.zeros((4, 3, 2))
    g = f.grad(X)
    assert g.shape == (4, 3, 2) and np.all(g[..., 0] == 1) and np.all(g[..., 1] == 2)
    assert np.all(f.hess(X) == 0)


def test_one_variable_accepts_plain_arrays_of_scalars():
    f = Objective("x**3").compile()
    xs = np.linspace(-1, 1, 7)
    assert f.value(xs).shape == (7,) and f.grad(xs).shape == (7, 1) and f.hess(xs).shape == (7, 1, 1)
    assert f.value(2.0).shape == () and float(f.value(2.0)) == 8.0
    np.testing.assert_allclose(f.grad(xs)[:, 0], 3 * xs**2)


def test_parameters_bound_at_compile_time_share_kernels():
    obj = Objective("a*x**2", variables="x")
    f2, f3 = obj.compile(a=2), obj.compile(a=3)
    assert f2.value(1.0) == 2 and f3.value(1.0) == 3
    assert f2._kernel("value") is f3._kernel("value")
    with pytest.raises(ParameterError):
        obj.compile()
    with pytest.raises(ParameterError):
        obj.compile(a=1, b=2)
    with pytest.raises(ParameterError):
        obj.compile(a="x")


def test_bad_points_and_backends():
    f = Objective("x + y").compile()
    with pytest.raises(DimensionError):
        f.value(np.zeros((3, 3)))
    with pytest.raises(DimensionError):
        f.value(1.0)
    with pytest.raises(DimensionError):
        f.value([["a", "b"]])
    with pytest.raises(UnsupportedError):
        Objective("x").compile(backend="fortran")


def test_non_smooth_atoms_compile_to_their_almost_everywhere_derivatives():
    f = Objective("max(x, y) + abs(x) + relu(y)").compile()
    np.testing.assert_allclose(f.grad(np.array([[1.0, 2.0], [-1.0, -2.0]])), [[1, 2], [0, 0]])
    np.testing.assert_allclose(f.hess(np.array([1.0, 2.0])), np.zeros((2, 2)))


def test_domain_errors_give_nan_without_warnings(recwarn):
    f = Objective("log(x) + sqrt(x)").compile()
    v = f.value(np.array([-1.0, 4.0]))
    assert np.isnan(v[0]) and np.isclose(v[1], np.log(4) + 2)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_generated_source_names_only_symopt_arguments():
    weird = sp.Symbol("__import__('os').system('echo hacked')", real=True)
    kernel = compile_entries({(0,): weird**2 + 1}, (1,), [weird])
    source = kernel.function.__symopt_source__
    assert "import" not in source and "os" not in source.replace("numpy", "")
    out = kernel([np.array([2.0])], (), (1,))
    assert out.tolist() == [[5.0]]


def test_deep_expressions_compile():
    x = symbol("x")
    e = x
    for _ in range(80):
        e = sp.sin(e) + x
    f = Objective(e).compile()
    assert np.isfinite(f.grad(np.array([0.3]))).all()


def test_rosenbrock_sparse_hessian_is_tridiagonal():
    n = 50
    xs = [symbol(f"x{i}") for i in range(1, n + 1)]
    e = sum(100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2 for i in range(n - 1))
    f = Objective(e).compile()
    H = f.hess(np.ones(n))
    assert np.count_nonzero(H) == n + 2 * (n - 1)
    assert np.allclose(f.grad(np.ones(n)), 0)


def test_an_objective_that_is_not_real_valued_is_refused_at_compile_time():
    """(-1)**x has gradient I*pi*(-1)**x: the kernel wrote complex numbers into a float
    array (TypeError from deep inside); now a clear UnsupportedError."""
    from symopt.errors import UnsupportedError

    with pytest.raises(UnsupportedError, match="not real-valued"):
        Objective("(-1)**x + y**2").compile().grad(np.array([0.5, 1.0]))


def test_constant_entries_without_a_real_value_compile_to_nan():
    """0**x has the constant gradient nan (0**x * log 0); it must not crash the printer."""
    f = Objective("0**x").compile()
    assert np.isnan(f.grad(np.array([0.5]))).all()
