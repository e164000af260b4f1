"""Polynomials unbounded below: ``global_minimum`` says ``"unbounded"`` with a ray that re-checks.

Sources of the cases:

* Ash & Sexton (1985), "A surface with one local minimum", Math. Magazine 58(3): ``x^2 + y^2 (1 - x)^3``
  has one critical point, a strict local minimum, and no global minimum.
* Calvert & Vamanamurthy (1980) / Durfee et al. (1993), "Critical points of real polynomials": the
  infimum of ``x^2 + (1 - x y)^2`` is 0 and not attained, so the polynomial is bounded below (never
  "unbounded").
* Bertsekas, *Nonlinear Programming* (3rd ed.), Example 1.1.2 style saddles ``x^2 - y^2``, and the cubic
  ``x^3`` of every calculus text.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symopt import Objective
from symopt.critical.unbounded import UnboundedBelowEvidence, unbounded_ray

x, y, z = sp.symbols("x y z")

UNBOUNDED = [
    "x**3",
    "x*y",
    "x**2 - y**2",
    "x**2 + 3*x*y + y**2",
    "x**2*y**2 + x",  # leading form >= 0: the ray needs the lower terms
    "x**2*(y - 1)**2 + x",  # ... and a base point off the origin
    "x**2 + y**2*(1 - x)**3",  # Ash-Sexton: one critical point, a local minimum
    "x**2 + y**2 + z**2 - 4*x*y*z",
    "x + y**2",  # no critical point at all
]

BOUNDED_BELOW = [
    "x**2 + (1 - x*y)**2",  # infimum 0, not attained
    "x**4 + y**4 - x*y",
    "(x*y - 1)**2 + (x - 1)**2",
    "x**2*y**2",
    "(x**2 + y**2 - 1)**2",
]


def _numeric_descent(expr: str, ev: UnboundedBelowEvidence) -> bool:
    """f along the ray, in floats outside symopt, falls without bound (checked at t = 10, 100, 1000)."""
    f = sp.lambdify(ev.variables, sp.sympify(expr), "numpy")
    p = np.array([float(c) for c in ev.point])
    d = np.array([float(c) for c in ev.direction])
    values = [f(*(p + t * d)) for t in (10.0, 100.0, 1000.0)]
    return values[0] > values[1] > values[2] and values[2] < values[0] - 500


@pytest.mark.parametrize("expr", UNBOUNDED)
def test_unbounded_polynomials_get_a_ray_that_rechecks(expr):
    gm = Objective(expr).global_minimum()
    assert gm.status == "unbounded", gm
    assert gm.lower is None and gm.upper is None and gm.minimisers == ()
    assert gm.check(), gm.check()
    ev = gm._evidence
    plain = ev.f.xreplace({v: sp.Symbol(v.name) for v in ev.variables})
    assert sp.expand(plain - sp.sympify(expr)) == 0  # the ray is for the user's f
    assert _numeric_descent(expr, ev)
    assert "-oo" in repr(gm)


@pytest.mark.parametrize("expr", BOUNDED_BELOW)
def test_bounded_below_polynomials_are_never_called_unbounded(expr):
    gm = Objective(expr).global_minimum()
    assert gm.status != "unbounded"
    assert unbounded_ray(sp.sympify(expr), sorted(sp.sympify(expr).free_symbols, key=str)) is None


def test_ash_sexton_one_local_minimum_and_no_global_one():
    """The one critical point (0, 0) is a local minimum, yet f is unbounded below (Ash-Sexton 1985)."""
    obj = Objective("x**2 + y**2*(1 - x)**3")
    points = obj.critical_points()
    assert points.complete and len(points) == 1
    assert points[0].kind == "minimum"  # a (local) minimum by the Hessian
    assert obj.global_minimum().status == "unbounded"


def test_tampered_rays_are_rejected():
    ev = unbounded_ray(x**2 - y**2, (x, y))
    assert ev.check_ray()
    assert not replace(ev, direction=(sp.Integer(1), sp.Integer(0))).check_ray()  # f = t^2: bounded along it
    assert not replace(ev, direction=(sp.Integer(0), sp.Integer(0))).check_ray()  # not a line
    assert not replace(ev, point=(sp.Integer(0),)).check_ray()  # wrong length
    gm = Objective("x**2 - y**2").global_minimum()
    forged = replace(gm, status="certified", lower=sp.Integer(0), upper=sp.Integer(0))
    assert not forged.check()


def test_unknown_minimum_check_is_not_a_failure():
    """An ``unknown`` result claims nothing: its check is "not re-checked", never "failed"."""
    gm = Objective("x**2 + (1 - x*y)**2").global_minimum()
    assert gm.status == "unknown"
    result = gm.check()
    assert not result and result.status == "not re-checked"


_monomial = st.tuples(st.integers(-5, 5), st.integers(0, 3), st.integers(0, 3))


@settings(deadline=None, max_examples=40)
@given(st.lists(_monomial, min_size=1, max_size=5))
def test_random_rays_are_sound(terms):
    """Any ray found re-checks, and f really falls along it (floats, outside symopt); a sum of squares
    plus a positive constant is never called unbounded."""
    f = sum((c * x**a * y**b for c, a, b in terms), sp.Integer(0))
    ev = unbounded_ray(f, (x, y))
    if ev is not None:
        assert ev.check_ray()
        assert _numeric_descent(str(f), ev)
    square = sp.expand(f**2 + 1)
    assert unbounded_ray(square, (x, y)) is None
