"""The result contract (issue 21): every result type has a status from its kind's documented
vocabulary, ``to_dict()``, a one-line ``repr`` and Jupyter displays (``symopt.results``)."""

from __future__ import annotations

import json

import numpy as np
import pytest

import symopt
from symopt import Objective
from symopt.results import STATUS_VOCABULARIES, follows_contract


def _samples():
    """One or more results of each kind, made through the public API."""
    from symopt import claims, optimizers, pep
    from symopt.core.parse import symbol
    from symopt.theory import newton_rate, rule_stability

    obj = Objective("x**2 + 2*y**2")
    yield "verdict proved", lambda: symopt.convexity(obj)
    yield "verdict refuted", lambda: symopt.convexity("x**3")
    yield "verdict unknown", lambda: symopt.convexity("sin(x)*exp(y)", budget=0.01)
    yield "critical points", lambda: obj.critical_points()
    yield "global minimum", lambda: obj.global_minimum()
    yield "trace", lambda: optimizers.gd(obj, x0=[1.0, 1.0], lr=0.1, steps=5)
    yield "batched trace", lambda: optimizers.gd("x**2", x0=[[1.0], [2.0]], lr=np.array([[0.1], [1.5]]), steps=5)
    yield "claim", lambda: claims.verdict("x**2 is convex", "a test", True, "DCP proof")
    yield "pep worst case", lambda: pep.worst_case(pep.gd("1/L"), pep.smooth_convex(1), N=1)
    x, eta = symbol("x"), symbol("eta")
    yield "stability", lambda: rule_stability({x: x - eta * 2 * x}, [x], params=[eta])
    yield "newton rates", lambda: newton_rate(Objective("cosh(x) - 1"))


@pytest.mark.parametrize("name, make", list(_samples()), ids=[n for n, _ in _samples()])
def test_every_result_follows_the_contract(name, make):
    result = make()
    assert follows_contract(result) == []
    json.dumps(result.to_dict(), default=str)  # JSON-ready (numbers may need str)


def test_the_vocabularies_are_disjoint_where_kinds_differ_in_meaning():
    assert set(STATUS_VOCABULARIES["run"]).isdisjoint(STATUS_VOCABULARIES["verdict"])
    assert set(STATUS_VOCABULARIES["search"]).isdisjoint(STATUS_VOCABULARIES["verdict"])
    for words in STATUS_VOCABULARIES.values():
        assert len(set(words)) == len(words)


def test_a_result_that_breaks_the_contract_is_reported():
    class Loose:
        STATUS_KIND = "verdict"
        status = "probably"

        def __repr__(self):
            return "Loose(\nmany lines)"

    problems = follows_contract(Loose())
    assert any("probably" in p for p in problems)
    assert any("to_dict" in p for p in problems)
    assert any("repr" in p for p in problems)
    assert any("_repr_html_" in p for p in problems)
