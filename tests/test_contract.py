"""DESIGN.md's public contract: the names other tools rely on exist and behave as documented,
and the README's quick start runs as written."""

from __future__ import annotations

import pathlib
import re

import numpy as np
import pytest
import sympy as sp

import symopt
from symopt.core.parse import symbol

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


def test_objective_contract():
    obj = symopt.Objective("x**2 + 2*y**2")
    assert obj.variables == (symbol("x"), symbol("y"))
    assert obj.gradient.shape == (2, 1) and obj.hessian.shape == (2, 2)
    assert isinstance(obj.taylor({"x": 1, "y": 1}, order=2), sp.Expr)
    assert isinstance(obj.directional_derivative([1, 0]), sp.Expr)
    (cp,) = obj.critical_points()
    assert cp.point == {symbol("x"): 0, symbol("y"): 0} and cp.kind == "minimum"
    f = obj.compile()
    X = np.zeros((4, 2))
    assert f.value(X).shape == (4,) and f.grad(X).shape == (4, 2) and f.hess(X).shape == (4, 2, 2)
    obj2 = symopt.Objective("a*x**2", variables="x", params="a")
    assert obj2.params == (symbol("a"),)


def test_verdict_contract():
    v = symopt.convexity(symopt.Objective("x**2 + 2*y**2"))
    assert v.status in ("proved", "refuted", "unknown")
    assert isinstance(v.property, str) and v.evidence is not None
    assert v.check() is True
    with pytest.raises(TypeError):
        bool(v)


def test_optimizer_and_theory_contract():
    obj = symopt.Objective("x1**2 + 2*x2**2")
    tr = symopt.optimizers.gd(obj, x0=[-5, -2], lr=0.1, steps=20)
    for attr in ("xs", "values", "x", "status"):
        assert hasattr(tr, attr)
    for name in ("sgd", "newton", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "yogi", "line_search"):
        assert callable(getattr(symopt.optimizers, name))
    x = symbol("x")
    rate = symopt.rates.newton(symopt.Objective("cosh(x)"), at={x: 0})
    assert hasattr(rate, "order") and hasattr(rate, "constant")
    assert symopt.rates.gd_quadratic([[1, 0], [0, 4]]).optimal_eta == sp.Rational(2, 5)
    beta, eta, lam = symbol("beta"), symbol("eta"), symbol("lambda")
    R = symopt.stability.momentum_matrix(beta, eta, lam)
    assert isinstance(R, sp.MatrixBase) and R.shape == (2, 2)
    assert isinstance(symopt.stability.region(R, [beta, eta, lam]), sp.logic.boolalg.Boolean)
    for name in ("l2_ball", "l1_ball", "box", "simplex", "halfspace", "affine"):
        assert callable(getattr(symopt.projections, name))


def test_readme_quick_start_runs():
    """The README's quick start, run as the doctest it is: every line's output as printed."""
    import doctest

    text = README.read_text()
    block = re.search(r"## Quick start\s+```python\n(.*?)```", text, re.S).group(1)
    test = doctest.DocTestParser().get_doctest(block, {}, "README quick start", str(README), 0)
    assert len(test.examples) >= 4
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.failures == 0 and runner.tries == len(test.examples)
