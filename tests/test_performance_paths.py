"""The fast paths added for speed give the same answers as the slow ones.

* critical points: ``solve`` is skipped on a 1-D equation mixing the variable
  inside and outside trigonometric functions (no closed form), and roots of one
  polynomial found by ``real_roots`` are not re-verified; both checked here
  against independent numeric evidence.
* ``Objective`` construction and compilation of a 1000-variable objective work
  (the former O(n^2) membership tests are gone; no time is asserted).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from symopt import Objective
from symopt.core.objective import _mixed_trigonometric_factor
from symopt.core.parse import parse_symbols


@pytest.mark.parametrize(
    "text, mixed",
    [
        ("cos(c*x) - c*x*sin(c*x)", True),  # d/dx x cos(cx): the texts' Newton example
        ("x - sin(x)", True),
        ("(x - tan(x))**2", True),
        ("x*sin(x)", False),  # a product: solve handles factor by factor
        ("sin(x) - 1/2", False),
        ("x*exp(x) - 1", False),  # Lambert W: solve succeeds
        ("x**3 - 2*x", False),
    ],
)
def test_mixed_trigonometric_detection(text, mixed):
    from symopt.core.parse import parse

    x = parse_symbols("x")
    assert (_mixed_trigonometric_factor([parse(text)], x) is not None) == mixed


def test_mixed_equations_are_really_unsolvable_by_sympy():
    """What the shortcut skips is what SymPy gives up on (checked on a cheap instance)."""
    x = sp.Symbol("x", real=True)
    with pytest.raises(NotImplementedError):
        sp.solve(x - sp.sin(x) - 1, x)


def test_x_cos_cx_critical_points_are_numeric_and_noted():
    obj = Objective("x*cos(0.15*pi*x)")
    points = obj.critical_points()
    assert "exact solving skipped" in points.note and points.status_text == "complete in [-10, 10] (certified)"  # issue 13: interval-certified in the box
    assert points and all(cp.numeric for cp in points)
    c = 0.15 * np.pi
    for cp in points:
        (x0,) = cp.point.values()
        assert abs(np.cos(c * x0) - c * x0 * np.sin(c * x0)) < 1e-9  # f'(x0) = 0
        f2 = -2 * c * np.sin(c * x0) - c * c * x0 * np.cos(c * x0)
        assert cp.kind == ("minimum" if f2 > 0 else "maximum")


def test_symbolic_parameter_gives_no_points_and_says_why():
    points = Objective("x*cos(c*x)", variables="x", params="c").critical_points()
    assert list(points) == [] and not points.complete and "no closed form" in points.note


def test_real_roots_of_one_polynomial_are_kept_without_reverification():
    obj = Objective("w**4/3 - w**3/2 - w**2 + w")  # course notes ex. 3.1.3
    points = obj.critical_points()
    assert points.complete
    w = obj.variables[0]
    roots = sorted(float(cp.point[w]) for cp in points)
    expected = sorted(np.roots([4 / 3, -3 / 2, -2, 1]).real)  # f'(w) = 4/3 w^3 - 3/2 w^2 - 2 w + 1
    np.testing.assert_allclose(roots, expected, rtol=1e-12)
    for cp in points:
        assert sp.simplify(obj.gradient[0].xreplace(cp.point)) == 0  # exact zeros, checked independently
    assert [cp.kind for cp in points] == ["minimum", "maximum", "minimum"]


def test_thousand_variables_construct_and_compile():
    n = 1000
    xs = sp.symbols(f"x1:{n + 1}", real=True)
    expr = sp.Add(*[100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2 for i in range(n - 1)])
    obj = Objective(expr, variables=xs)
    assert obj.n == n and obj.params == ()
    f = obj.compile()
    assert np.allclose(f.grad(np.ones(n)), 0)
    assert np.count_nonzero(f.hess(np.ones(n))) == n + 2 * (n - 1)
