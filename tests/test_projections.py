"""Projections: closed forms, vectorisation, the projection properties (via symopt.testing)."""

from __future__ import annotations

import numpy as np
import pytest

from symopt import projections as P
from symopt.errors import DimensionError, DomainError, ParameterError
from symopt.testing import check_nonexpansive

RNG = np.random.default_rng(1)
X = RNG.normal(size=(200, 4)) * 3
Y = RNG.normal(size=(200, 4)) * 3
A = np.array([[1.0, 2.0, 0.0, -1.0], [0.0, 1.0, 1.0, 1.0]])
b = np.array([1.0, -2.0])

SETS = {
    "l2_ball": lambda Z: P.l2_ball(Z, 2.0),
    "l2_ball_center": lambda Z: P.l2_ball(Z, 1.5, center=[1, 0, 0, -1]),
    "l1_ball": lambda Z: P.l1_ball(Z, 1.5),
    "box": lambda Z: P.box(Z, -1.0, [1.0, 2.0, 0.5, 3.0]),
    "simplex": lambda Z: P.simplex(Z, 2.0),
    "halfspace": lambda Z: P.halfspace(Z, [1.0, -1.0, 2.0, 0.0], 0.5),
    "affine": lambda Z: P.affine(Z, A, b),
    "dykstra_ball_halfspace": lambda Z: P.dykstra(Z, [SETS["l2_ball"], SETS["halfspace"]], max_iter=5000, tol=1e-14),
}


@pytest.mark.parametrize("name", list(SETS))
def test_projection_properties(name):
    check_nonexpansive(SETS[name], X, Y, tol=1e-6 if name.startswith("dykstra") else 1e-9)


@pytest.mark.parametrize("name", list(SETS))
def test_vectorised_over_leading_axes(name):
    proj = SETS[name]
    Z = X[:24].reshape(2, 3, 4, 4)
    out = proj(Z)
    assert out.shape == Z.shape
    np.testing.assert_allclose(out.reshape(24, 4), proj(X[:24]), atol=1e-6)


def test_l2_ball_is_gradient_clipping():
    g = np.array([3.0, 4.0])
    np.testing.assert_allclose(P.clip_gradient(g, 1.0), g * min(1, 1 / 5))
    np.testing.assert_allclose(P.l2_ball(np.array([0.3, 0.4]), 1.0), [0.3, 0.4])


def test_simplex_and_l1_feasible_and_optimal():
    S = P.simplex(X, 1.0)
    assert np.all(S >= 0) and np.allclose(S.sum(axis=-1), 1.0)
    L1 = P.l1_ball(X, 1.0)
    assert np.all(np.abs(L1).sum(axis=-1) <= 1 + 1e-12)
    # optimality: the projection is no farther than any random feasible point
    for k in range(20):
        feas = P.l1_ball(RNG.normal(size=(50, 4)), 1.0)
        assert np.all(np.linalg.norm(X[k] - L1[k]) <= np.linalg.norm(X[k] - feas, axis=-1) + 1e-12)


def test_l1_example_from_d2l_exercise_8():
    w = np.array([0.8, -0.6, 0.2])  # ||w||_1 = 1.6 > 1: soft-threshold with lambda = 0.2
    np.testing.assert_allclose(P.l1_ball(w, 1.0), [0.6, -0.4, 0.0], atol=1e-12)


def test_affine_with_b_zero_is_linear():
    M = P.affine(np.eye(4), A, np.zeros(2))
    np.testing.assert_allclose(P.affine(X, A, np.zeros(2)), X @ M.T, atol=1e-12)
    np.testing.assert_allclose(A @ P.affine(X, A, b).T, np.repeat(b[:, None], len(X), axis=1), atol=1e-9)


def test_dykstra_finds_the_projection_not_just_a_point():
    # box [0,1]^2 and halfspace x + y <= 1: projection of (2, 2) is (1/2, 1/2)
    out = P.dykstra(np.array([2.0, 2.0]), [lambda Z: P.box(Z, 0, 1), lambda Z: P.halfspace(Z, [1, 1], 1)], max_iter=2000)
    np.testing.assert_allclose(out, [0.5, 0.5], atol=1e-8)


def test_bad_input():
    with pytest.raises(ParameterError):
        P.l2_ball(X, 0)
    with pytest.raises(ParameterError):
        P.l1_ball(X, -1)
    with pytest.raises(DomainError):
        P.box(X, 1, 0)
    with pytest.raises(DimensionError):
        P.halfspace(X, [1, 2], 0)
    with pytest.raises(ParameterError):
        P.halfspace(X, [0, 0, 0, 0], 1)
    with pytest.raises(DomainError):
        P.affine(X, [[1, 0, 0, 0], [1, 0, 0, 0]], [0, 1])
    with pytest.raises(DimensionError):
        P.l2_ball(3.0)
    with pytest.raises(ParameterError):
        P.dykstra(X, [])
