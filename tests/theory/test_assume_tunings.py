"""Tunings of ``method_stability`` with symbolic eigenvalues ordered by assumptions (issue 24, item 5).

Published formulas on ``f = mu/2 x^2 + L/2 y^2`` with ``0 < mu < L``:

* GD: ``eta = 2/(mu + L)``, rate ``(L - mu)/(L + mu)`` (Polyak, *Introduction to Optimization*, 1987,
  section 1.4, Theorem 3; Nesterov 2004, Theorem 2.1.15);
* heavy ball: ``eta = 4/(sqrt L + sqrt mu)^2``, ``beta = ((sqrt L - sqrt mu)/(sqrt L + sqrt mu))^2``, rate
  ``(sqrt L - sqrt mu)/(sqrt L + sqrt mu)`` (Polyak 1964; Lessard, Recht & Packard, SIAM J. Optim. 2016,
  section 3.2);
* Nesterov with ``eta = 1/L``: ``beta = (sqrt L - sqrt mu)/(sqrt L + sqrt mu)``, rate ``1 - sqrt(mu/L)``
  (Lessard et al. 2016, Proposition 1 and Table 1).
"""

import pytest
import sympy as sp

from symopt import Objective
from symopt.cli import main
from symopt.theory import method_stability



def _tunings(method, assume="0 < mu < L"):
    r = method_stability(method, Objective("mu/2*x**2 + L/2*y**2", params="mu, L"), at="x=0, y=0", assume=assume)
    return {k: (v["params"], v["rate"]) for k, v in r.tunings.items()}, r.note


def _same(a, b):
    env = {s: sp.Symbol(s.name, positive=True) for s in (sp.S(a) - sp.S(b)).free_symbols}
    return sp.simplify((sp.S(a) - sp.S(b)).xreplace(env)) == 0



def test_gd_formula():
    t, note = _tunings("gd")
    params, rate = t["gd"]
    free = {s.name: s for s in sp.S(rate).free_symbols}
    m, l = free["mu"], free["L"]
    assert _same(params["eta"], 2 / (m + l)) and _same(rate, (l - m) / (l + m))
    assert "ordered under the assumptions" in note


def test_heavy_ball_and_nesterov_formulas():
    t, _ = _tunings("heavy_ball")
    params, rate = t["heavy_ball"]
    free = {s.name: s for s in sp.S(rate).free_symbols}
    m, l = free["mu"], free["L"]
    q = (sp.sqrt(l) - sp.sqrt(m)) / (sp.sqrt(l) + sp.sqrt(m))
    assert _same(params["eta"], 4 / (sp.sqrt(l) + sp.sqrt(m)) ** 2) and _same(params["beta"], q ** 2)
    assert _same(rate, q)
    t, _ = _tunings("nesterov")
    params, rate = t["nesterov (eta = 1/L)"]
    assert _same(params["eta"], 1 / l) and _same(params["beta"], q) and _same(rate, 1 - sp.sqrt(m / l))


def test_reversed_assumptions_swap_the_extremes_and_none_gives_no_tuning():
    t, _ = _tunings("gd", assume="0 < L < mu")
    params, rate = t["gd"]
    free = {s.name: s for s in sp.S(rate).free_symbols}
    assert _same(rate, (free["mu"] - free["L"]) / (free["mu"] + free["L"]))
    r = method_stability("gd", Objective("mu/2*x**2 + L/2*y**2", params="mu, L"), at="x=0, y=0")
    assert r.tunings == {} and "assume" in r.note


def test_cli_takes_assume(capsys):
    code = main(["converge", "gd", "mu/2*x**2 + L/2*y**2", "--params", "mu,L", "--at", "x=0,y=0",
                 "--assume=0 < mu < L"])
    out, _ = capsys.readouterr()
    assert code == 0 and "optimal (gd): eta = 2/(L + mu); rate (L - mu)/(L + mu)" in out


def test_a_wrong_keyword_is_a_type_error_not_an_undecided_derivation():
    with pytest.raises(TypeError):
        method_stability("gd", "x**2", params="a")
