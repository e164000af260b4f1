"""Backends of ``Objective.compile``: the optional SymEngine and JAX backends agree with the NumPy
backend and with exact evaluation; SymEngine-derived kernels agree with SymPy-derived ones.

Tests of an optional backend are skipped when its package is not installed.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from symopt import Objective
from symopt.compile.backends import symengine as bse
from symopt.compile import BACKENDS
from symopt.errors import DimensionError, ParameterError, UnsupportedError

CASES = [
    ("x1**2 + 2*x2**2", {}),
    ("a*x1**2 + b*x1*x2 + exp(x2)", {"a": 2.0, "b": -1.5}),
    ("sin(x1)*cos(x2) + log(1 + x1**2) + tanh(x2)/3", {}),
    ("x1**4 - 3*x1*x2 + sqrt(1 + x2**2) + atan(x1) + asinh(x2)", {}),
    ("exp(-x1**2 - x2**2)/(1 + x1**2)", {}),
    ("max(x1, x2) + abs(x1) + relu(x2) + x1*x2", {}),  # outside SymEngine's safe nodes
    ("x1 + 2*x2", {}),  # constant gradient, zero Hessian
]
BATCHES = [(), (7,), (2, 3)]


def _exact(obj: Objective, params: dict, point: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    bound = obj.bind(**params) if params else obj
    subs = dict(zip(obj.variables, [sp.Float(float(c), 30) for c in point]))
    value = float(bound.expr.xreplace(subs))
    grad = np.array([float(g.xreplace(subs)) for g in bound.gradient])
    hess = np.array(bound.hessian.xreplace(subs).tolist(), dtype=float)
    return value, grad, hess


def _objective(text: str, params: dict) -> Objective:
    return Objective(text, variables="x1, x2") if params or "x2" in text else Objective(text)


@pytest.mark.parametrize("text, params", CASES)
@pytest.mark.parametrize("batch", BATCHES)
def test_symengine_backend_matches_numpy_and_exact(text, params, batch):
    pytest.importorskip("symengine")
    obj = _objective(text, params)
    ref, fast = obj.compile(**params), obj.compile(backend="symengine", **params)
    X = np.random.default_rng(1).uniform(-1.5, 1.5, size=batch + (obj.n,))
    for which in ("value", "grad", "hess"):
        got, want = getattr(fast, which)(X), getattr(ref, which)(X)
        assert isinstance(got, np.ndarray) and got.dtype == np.float64 and got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    point = X.reshape(-1, obj.n)[0]
    value, grad, hess = _exact(obj, params, point)
    np.testing.assert_allclose(fast.value(point), value, rtol=1e-12)
    np.testing.assert_allclose(fast.grad(point), grad, rtol=1e-11, atol=1e-12)
    np.testing.assert_allclose(fast.hess(point), hess, rtol=1e-11, atol=1e-12)


@pytest.mark.parametrize("text, params", CASES)
def test_symengine_derivation_matches_sympy_derivation(text, params):
    """The kernels compiled from SymEngine trees equal those from symopt's SymPy derivation."""
    pytest.importorskip("symengine")
    obj = _objective(text, params)
    derivation = bse.derive(obj, min_nodes=0)
    safe = "max" not in text
    assert (derivation is not None) == safe
    if derivation is None:
        return
    symbols = derivation.symbols
    lookup = {s: v for s, v in zip(symbols, obj.variables + obj.params)}
    # each SymEngine entry, converted back, is identical (as a function) to the SymPy entry
    entries = dict(derivation.gradient)
    for i, g in enumerate(obj.gradient):
        mine = sp.sympify(entries.get(i, 0)).xreplace({sp.Symbol(s.name): lookup[s] for s in symbols})
        assert sp.simplify(mine - g) == 0
    hentries = dict(derivation.hessian)
    for i in range(obj.n):
        for j in range(i, obj.n):
            mine = sp.sympify(hentries.get((i, j), 0)).xreplace({sp.Symbol(s.name): lookup[s] for s in symbols})
            assert sp.simplify(mine - obj.hessian[i, j]) == 0


def test_small_objectives_keep_sympy_trees_large_ones_use_symengine():
    pytest.importorskip("symengine")
    assert bse.derive(Objective("x**2 + y**4")) is None
    n = 60
    xs = sp.symbols(f"x1:{n + 1}", real=True)
    big = Objective(sp.Add(*[100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2 for i in range(n - 1)]), variables=xs)
    assert bse.derive(big) is not None


def test_symengine_path_can_be_switched_off(monkeypatch):
    pytest.importorskip("symengine")
    monkeypatch.setenv("SYMOPT_SYMENGINE", "0")
    obj = Objective("x**2 + y**4")
    assert bse.derive(obj, min_nodes=0) is None
    np.testing.assert_allclose(obj.compile().grad(np.array([1.0, 2.0])), [2.0, 32.0])


def test_symengine_kernels_are_printed_from_trees_with_symopt_names_only(monkeypatch):
    pytest.importorskip("symengine")
    monkeypatch.setattr(bse, "MIN_NODES", 0)
    obj = Objective("exp(x)*sin(y) + x**(-1) + sqrt(y)", variables="x, y")
    f = obj.compile().warm()
    assert obj.__dict__["_symengine_derivation"] is not None
    source = f._kernel("grad").function.__symopt_source__
    assert "x" not in source.replace("_x", "").replace("exp", "") and "import" not in source


@pytest.mark.parametrize("text, params", CASES)
@pytest.mark.parametrize("batch", BATCHES)
def test_jax_backend_matches_numpy(text, params, batch):
    jax = pytest.importorskip("jax")
    obj = _objective(text, params)
    ref, fj = obj.compile(**params), obj.compile(backend="jax", **params)
    X = np.random.default_rng(2).uniform(-1.5, 1.5, size=batch + (obj.n,))
    for which in ("value", "grad", "hess"):
        got, want = getattr(fj, which)(X), getattr(ref, which)(X)
        assert isinstance(got, jax.Array) and got.shape == want.shape
        tol = 1e-12 if got.dtype == np.float64 else 2e-5  # JAX computes in float32 unless x64 is enabled
        np.testing.assert_allclose(np.asarray(got), want, rtol=tol, atol=tol)


def test_jax_backend_traces_parameters_once_and_composes_with_jit():
    jax = pytest.importorskip("jax")
    obj = Objective("a*x**2 + y", variables="x, y")
    f2, f3 = obj.compile(backend="jax", a=2), obj.compile(backend="jax", a=3)
    assert f2._kernel("grad") is f3._kernel("grad")
    X = np.array([[1.0, 5.0], [3.0, 0.0]])
    np.testing.assert_allclose(np.asarray(f2.grad(X)), [[4, 1], [12, 1]])
    np.testing.assert_allclose(np.asarray(f3.grad(X)), [[6, 1], [18, 1]])
    # the kernel is a pure JAX function: it can sit inside a user's jit
    step = jax.jit(lambda Z: Z - 0.1 * f2.grad(Z))
    np.testing.assert_allclose(np.asarray(step(X)), X - 0.1 * np.array([[4, 1], [12, 1]]), rtol=1e-6)


def test_jax_one_variable_and_errors():
    pytest.importorskip("jax")
    f = Objective("x**3").compile(backend="jax")
    assert f.grad(np.linspace(0, 1, 5)).shape == (5, 1)
    assert float(f.value(2.0)) == 8.0
    with pytest.raises(DimensionError):
        Objective("x + y").compile(backend="jax").value(np.zeros((3, 3)))
    with pytest.raises(ParameterError):
        Objective("a*x", variables="x").compile(backend="jax")


def test_backend_names_and_missing_packages(monkeypatch):
    assert BACKENDS == ("numpy", "symengine", "jax")
    with pytest.raises(UnsupportedError, match="unknown backend"):
        Objective("x").compile(backend="torch")
    monkeypatch.setenv("SYMOPT_SYMENGINE", "0")  # behaves as if SymEngine were not installed
    with pytest.raises(UnsupportedError, match=r"symopt-toolkit\[fast\]"):
        Objective("x").compile(backend="symengine")


def test_large_sparse_objective_compiles_on_every_available_backend():
    n = 70  # 4900 Hessian entries: the JAX kernel scatters (more than 4096)
    xs = sp.symbols(f"x1:{n + 1}", real=True)
    expr = sp.Add(*[100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2 for i in range(n - 1)])
    obj = Objective(expr, variables=xs)
    backends = ["numpy"] + [b for b, mod in (("symengine", "symengine"), ("jax", "jax")) if _has(mod)]
    for backend in backends:
        f = obj.compile(backend=backend)
        H = np.asarray(f.hess(np.ones(n)))
        assert np.count_nonzero(H) == n + 2 * (n - 1)
        np.testing.assert_allclose(np.asarray(f.grad(np.ones(n))), 0, atol=1e-6)


def _has(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


@pytest.mark.parametrize("text, params", CASES)
def test_symengine_derived_kernels_agree_with_sympy_derived_kernels(text, params, monkeypatch):
    pytest.importorskip("symengine")
    X = np.random.default_rng(3).uniform(-1.5, 1.5, size=(5, 2) if "x2" in text else (5, 1))
    monkeypatch.setenv("SYMOPT_SYMENGINE", "0")
    plain = _objective(text, params).compile(**params)
    want = [getattr(plain, w)(X) for w in ("value", "grad", "hess")]
    monkeypatch.delenv("SYMOPT_SYMENGINE")
    monkeypatch.setattr(bse, "MIN_NODES", 0)
    obj = _objective(text, params)
    fast = obj.compile(**params)
    got = [getattr(fast, w)(X) for w in ("value", "grad", "hess")]
    assert (obj.__dict__["_symengine_derivation"] is None) == ("max" in text)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("backend", ["numpy", "symengine"])
def test_constants_beyond_the_float_range_compile_to_inf_not_overflow(backend):
    """``10**400`` has no float64; fuzzing found the SymEngine printer raising
    OverflowError from ``float(10**400)``.  Both printers round to ``inf``."""
    if backend == "symengine":
        pytest.importorskip("symengine")
    obj = Objective("10**400*x**2 + y*3**700/7**900 + x", variables="x, y")
    fn = obj.compile(backend=backend)
    value = fn.value(np.array([1.0, 2.0]))
    assert value == np.inf
    grad = fn.grad(np.array([1.0, 2.0]))
    assert grad[0] == np.inf and grad[1] == 0.0  # 3**700/7**900 ~ 1e-426 rounds to 0.0
