"""Issue 25's critical-point questions, asked from outside the project, and checked independently.

Sources:
* Wayburn-Seader 1, Price 4, Easom, Hartmann 3-D: M. Jamil and X.-S. Yang, "A literature
  survey of benchmark functions for global optimization problems", Int. J. Math. Modelling
  and Numerical Optimisation 4(2), 2013 (functions f133, f98, f50, f56 there);
  Hartmann's constants as in Dixon and Szegő (eds.), "Towards Global Optimisation 2", 1978.
* Eckart-Young: C. Eckart and G. Young, "The approximation of one matrix by another of lower
  rank", Psychometrika 1(3), 1936: min over rank-one M of ||X - M||_F^2 is the sum of the
  squared tail singular values.
* x log x: its minimum -1/e at x = 1/e (any calculus text).

Independent truths: exact substitution into the gradient, resultants (SymPy's subresultant
PRS, no Groebner basis), SciPy's root finder from a grid of starts, NumPy's linear solve and SVD.
"""

from __future__ import annotations

import dataclasses
import itertools
import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from symopt import Objective
from symopt.config import config
from symopt.errors import DimensionError

WAYBURN_SEADER_1 = "(x**6 + y**4 - 17)**2 + (2*x + y - 4)**2"
PRICE_4 = "(2*x**3*y - y**3)**2 + (6*x - y**2 + y)**2"
EASOM = "-cos(x)*cos(y)*exp(-((x - pi)**2 + (y - pi)**2))"
_A = [[3, 10, 30], [0.1, 10, 35], [3, 10, 30], [0.1, 10, 35]]
_C = [1, 1.2, 3, 3.2]
_P = [[0.3689, 0.1170, 0.2673], [0.4699, 0.4387, 0.7470], [0.1091, 0.8732, 0.5547], [0.0381, 0.5743, 0.8828]]
HARTMANN_3 = " + ".join(
    f"-{c}*exp(-(" + " + ".join(f"{a}*(x{j + 1} - {p})**2" for j, (a, p) in enumerate(zip(Ai, Pi))) + "))"
    for c, Ai, Pi in zip(_C, _A, _P))


def _real_critical_count_by_resultant(obj: Objective) -> int:
    """Real solutions of grad f = 0 in two variables: real roots x of Res_y(f_x, f_y) and, for
    each, the common real roots y (50 digits).  Shares nothing with symopt's Groebner route."""
    x, y = obj.variables
    fx, fy = (sp.expand(g) for g in obj.gradient)
    res = sp.Poly(sp.resultant(fx, fy, y), x).sqf_part()
    count = 0
    with mpmath.workdps(50):
        for rx in res.real_roots():
            x0 = sp.Float(sp.N(rx, 50), 50)
            py = sp.Poly(fx.subs(x, x0), y)
            for r in mpmath.polyroots([mpmath.mpf(str(c)) for c in py.all_coeffs()], maxsteps=400, extraprec=400):
                if abs(mpmath.im(r)) < 1e-20:
                    y0 = sp.Float(str(mpmath.re(r)), 50)
                    if abs(fy.subs({x: x0, y: y0})) < 1e-15:
                        count += 1
    return count


# ----------------------------------------------------------------------------- check() accepts right answers


def test_wayburn_seader_1_checks_with_an_algebraic_coordinate():
    """A coordinate 2*CRootOf(...) is re-checked through its minimal polynomial (it used to fail
    on expand(q(value)) != 0); the points agree with the resultant count; minima substitute exactly."""
    obj = Objective(WAYBURN_SEADER_1)
    pts = obj.critical_points()
    assert pts.complete
    assert any(not v.is_Rational and not isinstance(v, sp.CRootOf) for cp in pts for v in cp.point.values())
    result = pts.check()
    assert result and result.status == "verified"
    assert len(pts) == _real_critical_count_by_resultant(obj)
    x, y = obj.variables
    assert {x: 1, y: 2} in [cp.point for cp in pts]            # Jamil & Yang: a global minimum, f = 0
    gm = obj.global_minimum()
    assert gm.status == "certified" and gm.lower == gm.upper == 0 and gm.check()
    for m in gm.minimisers:                                  # each minimiser is an exact zero of the gradient
        for g in obj.gradient:
            assert abs(sp.N(g.xreplace(m), 40)) < 1e-30


def test_price_4_checks_without_a_fresh_groebner_basis():
    """Price 4's ideal is not radical (the origin is a multiple zero); the count |V| <= deg chi is
    re-checked by resultants (a multiple rational root with one point on its line), not F5B."""
    from symopt.critical.check_algebraic import _count_by_resultant

    obj = Objective(PRICE_4)
    pts = obj.critical_points()
    assert pts.complete and pts.certificate.added       # the search needed the radical
    assert _count_by_resultant(pts.certificate) is True  # the cheap route decides
    assert pts.check().status == "verified"
    assert len(pts) == _real_critical_count_by_resultant(obj)
    x, y = obj.variables
    listed = [cp.point for cp in pts]
    assert {x: 0, y: 0} in listed and {x: 2, y: 4} in listed   # Jamil & Yang: minima (0, 0), (2, 4)
    gm = obj.global_minimum()
    assert gm.status == "certified" and gm.lower == gm.upper == 0 and gm.check()


def test_a_recheck_out_of_its_limit_is_not_re_checked_never_wrong():
    """Three variables (the Groebner route); a starved limit gives 'not re-checked', bool() false."""
    obj = Objective("x**4 + y**4 + z**4 - x*y*z - x")
    pts = obj.critical_points()
    assert pts.complete and pts.check().status == "verified"
    with config.override(budgets={"critical_points": 1e-4}, fresh_cache=True):
        starved = pts.check()
    assert starved.status == "not re-checked" and not starved
    cp = pts[0]
    wrong = dataclasses.replace(cp, kind="maximum" if cp.kind != "maximum" else "minimum")
    tampered = type(pts)([wrong] + list(pts)[1:], complete=True, certificate=pts.certificate, objective=obj)
    assert tampered.check().status == "failed"


# ----------------------------------------------------------------------------- interval search finishes


def _scipy_roots(obj: Objective, box, starts: int) -> list:
    """Distinct zeros of the gradient in the box by SciPy's hybrid root finder from a grid of starts."""
    from scipy.optimize import root

    f = obj.compile()
    grid = [np.linspace(lo + (hi - lo) / (2 * starts), hi - (hi - lo) / (2 * starts), starts) for lo, hi in box]
    found: list = []
    for x0 in itertools.product(*grid):
        sol = root(lambda z: f.grad(z), np.array(x0), jac=lambda z: f.hess(z), method="hybr", tol=1e-13)
        z = sol.x
        if sol.success and np.linalg.norm(f.grad(z)) < 1e-10 and all(lo <= c <= hi for c, (lo, hi) in zip(z, box)):
            if not any(np.linalg.norm(z - w) < 1e-6 for w in found):
                found.append(z)
    return found


def _matches(pts, truth) -> bool:
    got = [np.array([float(v) for v in cp.point.values()]) for cp in pts]
    return len(got) == len(truth) and all(sum(np.linalg.norm(g - t) < 1e-6 for g in got) == 1 for t in truth)


def test_easom_on_1_5_squared_is_complete():
    """Easom (Jamil & Yang f50) on [1, 5]^2: 13 critical points, complete, every run (the search is
    bounded by a count of boxes, not seconds); agrees with SciPy's roots from a 12 x 12 grid."""
    obj = Objective(EASOM)
    box = {"x": (1, 5), "y": (1, 5)}
    pts = obj.critical_points(box=box)
    assert pts.complete and pts.status_text == "complete in [1, 5]^2 (certified)"
    assert len(pts) == 13
    assert _matches(pts, _scipy_roots(obj, [(1, 5), (1, 5)], 12))
    assert sum(cp.kind == "minimum" for cp in pts) >= 1
    assert pts.check()


@pytest.mark.slow
def test_hartmann_3d_on_the_unit_cube_is_complete():
    """Hartmann 3-D (Jamil & Yang f56; Dixon & Szegő 1978) on [0, 1]^3: 5 critical points;
    global minimum -3.86278 near (0.114614, 0.555649, 0.852547); agrees with SciPy's roots."""
    obj = Objective(HARTMANN_3)
    pts = obj.critical_points(box=[(0, 1)] * 3)
    assert pts.complete and len(pts) == 5
    assert _matches(pts, _scipy_roots(obj, [(0, 1)] * 3, 6))
    best = min(pts, key=lambda cp: float(obj.compile().value(np.array([float(v) for v in cp.point.values()]))))
    assert best.kind == "minimum"
    # the survey prints the minimiser to about four digits and the value to six
    assert np.allclose([float(v) for v in best.point.values()], [0.114614, 0.555649, 0.852547], atol=1e-4)
    value = float(obj.compile().value(np.array([float(v) for v in best.point.values()])))
    assert abs(value - (-3.86278)) < 1e-5
    assert pts.check()


# ----------------------------------------------------------------------------- attainment of the global minimum


def test_positive_definite_quadratic_in_four_variables():
    """The minimum of a PD quadratic exists trivially; symopt proves it (Sylvester) and NumPy's
    solve of H x = -b gives the same minimiser and value."""
    text = "x**2 + x*y + y**2 + x*z + z**2 + 2*w**2 - x + y*w"
    obj = Objective(text)
    gm = obj.global_minimum()
    assert gm.status == "certified" and gm.check() and "positive definite" in gm.proof
    H = np.array(obj.hessian.tolist(), dtype=float)
    b = np.array([float(g.subs({v: 0 for v in obj.variables})) for g in obj.gradient])
    xs = np.linalg.solve(H, -b)
    (m,) = gm.minimisers
    assert np.allclose([float(m[v]) for v in obj.variables], xs, atol=1e-12)
    assert abs(float(gm.lower) - float(obj.compile().value(xs))) < 1e-12


def test_positive_definite_quartic_leading_form():
    """(x^2 + y^2)^2 - x^3 y - 2x: the leading form is positive definite (not separable enough for
    the AM-GM bound); the minimum agrees with SciPy's minimize from many starts."""
    from scipy.optimize import minimize

    obj = Objective("(x**2 + y**2)**2 - x**3*y - 2*x")
    gm = obj.global_minimum()
    assert gm.status == "certified" and gm.check() and "leading form" in gm.proof
    f = obj.compile()
    best = min(minimize(lambda z: float(f.value(z)), np.array(s), method="BFGS").fun
               for s in itertools.product([-2, -0.5, 0.5, 2], repeat=2))
    assert float(gm.lower) - 1e-9 <= best <= float(gm.upper) + 1e-9


# ----------------------------------------------------------------------------- dict boxes and domains


def test_dict_boxes_everywhere():
    waves = Objective("sin(x) + cos(y)")
    by_dict = waves.critical_points(box={"x": (-2, 2), "y": (-1, 4)})
    by_pairs = waves.critical_points(box=[(-2, 2), (-1, 4)])
    assert by_dict.complete and [cp.point for cp in by_dict] == [cp.point for cp in by_pairs]
    assert len(by_dict) == 4 and by_dict.check()  # x = +-pi/2, y = 0, pi
    obj = Objective("sin(x + y) + (x - y)**2 - 1.5*x + 2.5*y + 1")
    gm = obj.global_minimum(box={"x": (-1.5, 4), "y": (-3, 4)})
    assert gm.status == "certified" and gm.lower <= -1.913222954981037 <= gm.upper  # McCormick, Jamil & Yang f80
    with pytest.raises(DimensionError):
        obj.critical_points(box={"x": (-2, 2)})
    with pytest.raises(DimensionError):
        obj.global_minimum(box={"x": (-2, 2), "z": (0, 1)})


def test_the_domain_is_the_search_region():
    """x log x on x > 0: x = 1/e exactly, min -1/e (f'' = 1/x > 0 there: f' has one zero)."""
    obj = Objective("x*log(x)", domain="x > 0")
    pts = obj.critical_points()
    (x,) = obj.variables
    assert pts.complete and [cp.point for cp in pts] == [{x: sp.exp(-1)}] and pts[0].kind == "minimum"
    assert pts.check()
    assert sp.simplify(obj.gradient[0].subs(x, sp.exp(-1))) == 0
    gm = obj.global_minimum()
    assert gm.status == "certified" and sp.simplify(gm.lower + sp.exp(-1)) == 0 and gm.check()
    from scipy.optimize import minimize_scalar

    res = minimize_scalar(lambda t: t * math.log(t), bounds=(1e-9, 10), method="bounded", options={"xatol": 1e-12})
    assert abs(res.fun - float(gm.lower)) < 1e-9
    # an unbounded domain without such a theorem is never complete, and says why
    wavy = Objective("sin(x)", domain="x > 0").critical_points()
    assert not wavy.complete and "unbounded domain" in wavy.status_text
    # a bounded domain is searched as it is: zeros of cos(x) - sin(x)/5 in [0, 10]
    damped = Objective("sin(x)*exp(-x/5)", domain="0 <= x <= 10").critical_points()
    grid = np.linspace(0, 10, 100001)
    g = np.cos(grid) - np.sin(grid) / 5
    assert damped.complete and len(damped) == int(np.sum(np.sign(g[1:]) != np.sign(g[:-1])))


# ----------------------------------------------------------------------------- positive-dimensional sets


@pytest.mark.parametrize("X", [[[2, 0], [0, 1]], [[3, 1], [1, 2]]], ids=["diag(2,1)", "[[3,1],[1,2]]"])
def test_rank_one_factorisation_components_and_least_value(X):
    """||X - u v^T||^2: the critical set holds curves u v^T = sigma_k a_k b_k^T (scaling orbits of
    real dimension 1, f = ||X||^2 - sigma_k^2 on them); the least value on the critical set is the
    squared tail singular value (Eckart-Young), from NumPy's SVD.  diag(2, 1): SymPy's solve
    writes the families; [[3, 1], [1, 2]] (irrational singular values): the scaling symmetry
    sweeps the points of the slice u1 = 1 into the curves."""
    X = np.array(X, dtype=float)
    text = " + ".join(f"({int(X[i, j])} - u{i + 1}*v{j + 1})**2" for i in range(2) for j in range(2))
    obj = Objective(text)
    pts = obj.critical_points()
    assert not pts.complete
    assert sorted(c.real_dimension for c in pts.components) == [1, 1]
    s = np.linalg.svd(X, compute_uv=False)
    assert sorted(float(c.value) for c in pts.components) == pytest.approx(sorted(
        float(np.sum(X**2) - sk**2) for sk in s), abs=1e-12)
    assert abs(float(pts.certificate.least) - s[-1] ** 2) < 1e-12
    for comp in pts.components:  # the family annihilates the gradient at sample parameters
        phi = dict(comp.parametrisation)
        for t in (sp.Rational(3, 7), sp.Integer(-5)):
            free = set().union(*(e.free_symbols for e in phi.values()))
            at = {k: e.xreplace({p: t for p in free}) for k, e in phi.items()}
            assert all(sp.simplify(g.xreplace(at)) == 0 for g in obj.gradient)
    assert pts.check()
    bad = dataclasses.replace(pts.components[0], value=pts.components[0].value + 1)
    forged = type(pts)(list(pts), complete=False, components=(bad,) + pts.components[1:],
                       certificate=pts.certificate, objective=obj)
    assert not forged.check()
