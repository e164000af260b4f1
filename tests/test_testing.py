"""symopt.testing: strategies produce what they promise; checks catch what they should."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from symopt import Objective
from symopt import testing as T
from symopt.convexity import convexity


@settings(max_examples=25, deadline=None)
@given(T.psd_matrices(3, max_condition=50.0))
def test_psd_matrices_are_pd_with_bounded_condition(M):
    lam = np.linalg.eigvalsh(M)
    assert np.allclose(M, M.T)
    assert lam[0] > 0 and lam[-1] / lam[0] <= 50.0 * (1 + 1e-8)


@settings(max_examples=25, deadline=None)
@given(T.psd_matrices(3, definite=False))
def test_psd_matrices_semidefinite(M):
    assert np.linalg.eigvalsh(M)[0] >= -1e-9


@settings(max_examples=15, deadline=None)
@given(T.convex_quadratics(2))
def test_convex_quadratics_are_proved_convex(obj):
    v = convexity(obj, budget=5.0)
    assert v.status == "proved" and v.check()


@settings(max_examples=15, deadline=None)
@given(T.convex_expressions(("x", "y")))
def test_convex_expressions_never_refuted(expr):
    v = convexity(Objective(expr, variables="x, y"), budget=3.0)
    assert v.status != "refuted", v.explain()
    assert v.check()


@settings(max_examples=20, deadline=None)
@given(T.points(3, bound=2.0), T.step_sizes(0.5))
def test_points_and_steps_in_range(p, eta):
    assert p.shape == (3,) and np.all(np.abs(p) <= 2.0)
    assert 0 < eta <= 0.5


def test_check_gradient_accepts_right_and_rejects_wrong():
    obj = Objective("x*cos(0.15*pi*x) + y**2")
    X = np.random.default_rng(0).normal(size=(20, 2))
    assert T.check_gradient(obj, X) < 1e-4
    f = obj.compile()
    with pytest.raises(AssertionError, match="gradient mismatch"):
        T.check_gradient(f.value, X, grad=lambda Z: 1.01 * f.grad(Z))


def test_check_jensen_passes_convex_and_shrinks_counterexample():
    T.check_jensen("x**2 + exp(y)", max_examples=100)
    with pytest.raises(AssertionError, match="Jensen"):
        T.check_jensen("x**4 - x**2", max_examples=300)
    with pytest.raises(AssertionError, match="Jensen"):
        T.check_jensen(lambda Z: np.cos(np.pi * np.asarray(Z)[..., 0]), n=1)


def test_check_nonexpansive_rejects_a_non_projection():
    X = np.random.default_rng(2).normal(size=(50, 2))
    with pytest.raises(AssertionError):
        T.check_nonexpansive(lambda Z: 2 * Z, X, X[::-1])
    with pytest.raises(AssertionError, match="idempotent|variational|expansive"):
        T.check_nonexpansive(lambda Z: np.roll(Z, 1, axis=-1) / 10, X, X[::-1])
