"""With no domain given, critical points and minima live on f's natural domain (issue 25).

``log(x) + x`` has the zero ``x = -1`` of its derivative's formula ``1 + 1/x``, where ``f`` has no
real value: it is no critical point.  Truths are calculus outside symopt: ``x - log x`` has its minimum
1 at x = 1 (f' = 1 - 1/x), ``x log x`` has -1/e at 1/e, ``x + x^(-1/2)`` has 3 2^(1/3)/2 at 2^(-2/3)
(f' = 1 - x^(-3/2)/2), ``log x + log y - x - y`` has a maximum at (1, 1) and no minimum (log x -> -oo).
"""

from __future__ import annotations

import math

import pytest
import sympy as sp

from symopt import Objective
from symopt.exact.natural import natural_box


@pytest.mark.parametrize("text, domain", [
    ("log(x) + x", "x > 0"),
    ("sqrt(x - 1) + log(y)", "x >= 1, y > 0"),
    ("log(log(x))", "x > 1"),
    ("x**(-1/2) + y", "x > 0"),
])
def test_natural_box(text, domain):
    f = sp.sympify(text)
    box = natural_box(f, tuple(sorted(f.free_symbols, key=str)))
    assert box is not None and box.describe().startswith(domain)


def test_no_box_when_the_domain_is_not_one():
    x, y = sp.symbols("x y")
    assert natural_box(sp.log(x + y), (x, y)) is None  # a half-plane
    assert natural_box(1 / x, (x,)) is None  # one point removed


def test_a_zero_of_the_derivative_where_f_is_not_real_is_not_listed():
    points = Objective("log(x) + x").critical_points()
    assert len(points) == 0 and points.complete and points.check()
    assert "x > 0" in points.status_text
    gm = Objective("log(x) + x").global_minimum()
    assert gm.status in ("unknown", "unbounded") and gm.lower is None


@pytest.mark.parametrize("text, where, value", [
    ("x - log(x)", 1.0, 1.0),
    ("x*log(x)", math.exp(-1), -math.exp(-1)),
    ("x + 1/sqrt(x)", 2 ** (-2 / 3), 3 * 2 ** (1 / 3) / 2),
])
def test_minima_on_the_natural_domain(text, where, value):
    obj = Objective(text)
    points = obj.critical_points()
    assert points.complete and points.check() and len(points) == 1
    (cp,) = points
    assert abs(float(next(iter(cp.point.values()))) - where) < 1e-9
    gm = obj.global_minimum()
    assert gm.status == "certified" and gm.check(), gm
    assert float(gm.lower) - 1e-9 <= value <= float(gm.upper) + 1e-9


def test_a_maximum_and_no_minimum_on_the_open_quadrant():
    obj = Objective("log(x) + log(y) - x - y")
    points = obj.critical_points()
    assert points.complete and points.check()
    assert [cp.kind for cp in points] == ["maximum"]
    gm = obj.global_minimum()
    assert gm.status == "unbounded" and gm.check()


def test_analyze_reports_the_minimum_over_the_natural_domain():
    """The report's minimum is over x > 0, not over the compact core the search kept (x log x: -1/e)."""
    from symopt.analysis import analyze

    gm = analyze("x*log(x)").global_minimum
    assert gm.status == "certified" and gm.check() and gm.domain == "x > 0"
    assert float(gm.lower) - 1e-12 <= -math.exp(-1) <= float(gm.upper) + 1e-12
