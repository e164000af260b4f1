"""``Tuning.at``: the derived tunings at certified constants (numbers, a data objective, TheoryParameters).

Closed forms checked: GD ``eta = 2/(mu + L)``, rate ``(kappa - 1)/(kappa + 1)`` (Nesterov, *Introductory
Lectures*, 2004, Theorem 2.1.15); heavy ball ``eta = 4/(sqrt L + sqrt mu)^2``, ``beta = ((sqrt kappa - 1)/
(sqrt kappa + 1))^2`` (Polyak 1964; Lessard, Recht & Packard 2016, section 3.2); Nesterov with ``eta = 1/L``,
``beta = (sqrt kappa - 1)/(sqrt kappa + 1)``, rate ``1 - 1/sqrt(kappa)`` (Lessard et al. 2016, Proposition 1).
"""

import numpy as np
import pytest
import sympy as sp

from symopt.data import logistic_regression, theory_parameters
from symopt.errors import ParameterError
from symopt.theory import gd_optimal, heavy_ball_optimal, nesterov_optimal


@pytest.mark.parametrize("mu, L", [(1, 3), (sp.Rational(1, 10), 7), (2, 2)])
def test_closed_forms_at_numbers(mu, L):
    mu, L = sp.S(mu), sp.S(L)
    k = L / mu
    g = gd_optimal().at({"mu": mu, "L": L})
    assert g.params["eta"] == 2 / (mu + L) and sp.simplify(g.rate - (k - 1) / (k + 1)) == 0
    h = heavy_ball_optimal().at({"mu": mu, "L": L})
    assert sp.simplify(h.params["eta"] - 4 / (sp.sqrt(L) + sp.sqrt(mu)) ** 2) == 0
    assert sp.simplify(h.params["beta"] - ((sp.sqrt(k) - 1) / (sp.sqrt(k) + 1)) ** 2) == 0
    n = nesterov_optimal().at({"mu": mu, "L": L})
    assert n.params["eta"] == 1 / L and sp.simplify(n.rate - (1 - 1 / sp.sqrt(k))) == 0


def test_a_data_objective_is_taken_directly():
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(60, 3)), np.sign(rng.normal(size=60))
    obj = logistic_regression(X, y, lam="1/10")
    p = theory_parameters(obj)
    assert gd_optimal().at(obj).params == gd_optimal().at(p).params == {"eta": p.gd_step}


@pytest.mark.parametrize("bad", [{"mu": 0, "L": 1}, {"mu": 2, "L": 1}, {"mu": "a", "L": 1}])
def test_constants_that_do_not_fit_are_refused(bad):
    with pytest.raises(ParameterError):
        gd_optimal().at(bad)
