"""PEP on a data objective's certified constants (issue 27 item 5): ``pep.class_of``.

GD with ``eta = 2/(mu + L)`` contracts the distance to the minimiser by exactly
``(L - mu)/(L + mu)`` per step on ``F_{mu,L}`` (Nesterov, *Introductory Lectures*, 2004,
Theorem 2.1.15; tight by Taylor, Hendrickx & Glineur, "Exact worst-case convergence rates of
the proximal gradient method", JOTA 2018); ``mu`` and ``L`` here are certified for the data.
"""

import numpy as np
import pytest
import sympy as sp

from symopt import pep
from symopt.data import logistic_regression, theory_parameters


def _data(seed=5):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(60, 3)), np.sign(rng.normal(size=60))


def test_the_class_of_a_regularised_loss_is_smooth_strongly_convex_and_gd_attains_the_textbook_rate():
    X, y = _data()
    obj = logistic_regression(X, y, lam="1/10")
    p = theory_parameters(obj)
    fc = pep.class_of(obj)
    assert (fc.mu, fc.L) == (p.mu, p.L)
    lr = pep.linear_rate(pep.gd(2 / (p.mu + p.L)), fc)
    assert lr.status == "proved" and lr.check()
    assert lr.rho == pytest.approx(float((p.L - p.mu) / (p.L + p.mu)), abs=1e-5)


def test_without_regularisation_the_class_is_smooth_convex():
    X, y = _data(2)
    fc = pep.class_of(logistic_regression(X, y))
    assert fc.mu == 0 and fc.L == theory_parameters(logistic_regression(X, y)).L
    assert sp.S(fc.L) == pytest.approx(np.linalg.eigvalsh(X.T @ X / (4 * 60))[-1], rel=1e-12)
