"""Certified critical points and global minima (symopt.critical), against independent truths.

The corpus (tests/critical/corpus_critical.py) computes each truth by a method that shares
nothing with symopt's: resultants + SymPy's continued-fraction root isolation +
mpmath (2-D polynomials), numpy roots + sign changes (1-D), products of 1-D truths
(separable), a linear solve (quadratics), dense sign-change sweeps and hand-derived
enumerations (transcendental).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import pathlib
import subprocess
import sys

import mpmath
import numpy as np
import pytest
import sympy as sp

from symopt import Objective
from symopt.critical import critical_points, global_minimum, rationalize
from symopt.config import config
from symopt.core.parse import symbol

sys.path.insert(0, str(pathlib.Path(__file__).parent))  # the corpus sits beside this file
from corpus_critical import CORPUS, Case  # noqa: E402


# ----------------------------------------------------------------------------- independent truths


def _kind_2x2(H) -> str:
    det = H[0][0] * H[1][1] - H[0][1] * H[1][0]
    tr = H[0][0] + H[1][1]
    if det < 0:
        return "saddle"
    if det > 0:
        return "minimum" if tr > 0 else "maximum"
    return "inconclusive"


def truth_resultant(obj: Objective) -> list:
    """Real critical points of a 2-D polynomial: Res_y(f_x, f_y), SymPy real roots, mpmath polyroots in y."""
    x, y = obj.variables
    fx, fy = (sp.expand(rationalize(g)) for g in obj.gradient)
    if fx == 0 or fy == 0:
        raise AssertionError("corpus case must have two non-zero gradient entries")
    res = sp.Poly(sp.resultant(fx, fy, y), x)
    roots_x = sp.Poly(res.as_expr(), x).sqf_part().real_roots() if res.degree() > 0 else []
    with mpmath.workdps(50):  # restores the caller's precision (other test modules set their own)
        return _common_y(obj, fx, fy, roots_x)


def _common_y(obj, fx, fy, roots_x) -> list:
    x, y = obj.variables
    pts = []
    for rx in roots_x:
        x0 = mpmath.mpf(str(sp.N(rx, 60)))
        py = sp.Poly(fx.subs(x, sp.Float(str(x0), 60)), y)
        cands = []
        if py.degree() <= 0:
            py = sp.Poly(fy.subs(x, sp.Float(str(x0), 60)), y)
        coeffs = [mpmath.mpf(str(c)) for c in py.all_coeffs()]
        for r in mpmath.polyroots(coeffs, maxsteps=400, extraprec=400):
            if abs(mpmath.im(r)) < mpmath.mpf(10) ** -15:
                y0 = mpmath.re(r)
                gy = fy.subs({x: sp.Float(str(x0), 60), y: sp.Float(str(y0), 60)})
                gx = fx.subs({x: sp.Float(str(x0), 60), y: sp.Float(str(y0), 60)})
                if abs(gy) < 1e-12 and abs(gx) < 1e-12:
                    cands.append(float(y0))
        for y0 in cands:
            if not any(abs(px - float(x0)) < 1e-9 and abs(py_ - y0) < 1e-9 for (px, py_), _ in pts):
                H = [[float(obj.hessian[i, j].subs({x: float(x0), y: y0})) for j in range(2)] for i in range(2)]
                pts.append(((float(x0), y0), _kind_2x2(H)))
    return pts


def _sign_change_kind(fp, x0: float, h: float = 1e-5) -> str:
    left, right = fp(x0 - h), fp(x0 + h)
    if left < 0 < right:
        return "minimum"
    if left > 0 > right:
        return "maximum"
    return "saddle"


def truth_univariate(text: str) -> list:
    (x,) = Objective(text).variables
    g = sp.Poly(sp.expand(rationalize(Objective(text).gradient[0])), x)
    fp = sp.lambdify(x, g.as_expr(), "mpmath")
    # roots of the square-free part are simple, so numpy's estimates are good to ~1e-15 and
    # Newton polishing converges (at a multiple root of f' it need not: (x**2 - 1)**3)
    simple = sp.Poly(sp.sqf_part(g.as_expr()), x)
    fs = sp.lambdify(x, simple.as_expr(), "mpmath")
    roots = []
    for r in np.roots([float(c) for c in simple.all_coeffs()]):
        if abs(r.imag) < 1e-6:
            x0 = float(mpmath.findroot(fs, mpmath.mpf(r.real))) if abs(fs(r.real)) > 0 else r.real
            if not any(abs(x0 - p) < 1e-6 for p in roots):
                roots.append(x0)
    return [((x0,), _sign_change_kind(fp, x0)) for x0 in sorted(roots)]


def truth_separable(h: str, n: int) -> list:
    one = truth_univariate(h)
    out = []
    for combo in itertools.product(one, repeat=n):
        kinds = {k for _, k in combo}
        kind = "minimum" if kinds == {"minimum"} else "maximum" if kinds == {"maximum"} else "saddle"
        if "saddle" in kinds and len(kinds) == 1 or ("saddle" in kinds and n > 1):
            kind = "saddle" if ("minimum" in kinds and "maximum" in kinds) or kinds == {"saddle"} else kind
        out.append((tuple(p[0] for p, _ in combo), kind))
    return out


def truth_linear(obj: Objective) -> list:
    H = np.array(obj.hessian.tolist(), dtype=float)
    b = np.array([float(g.subs({v: 0 for v in obj.variables})) for g in obj.gradient])
    xs = np.linalg.solve(H, -b)
    lam = np.linalg.eigvalsh(H)
    kind = "minimum" if lam.min() > 0 else "maximum" if lam.max() < 0 else "saddle"
    return [(tuple(xs), kind)]


def truth_sweep(obj: Objective, box) -> list:
    (x,) = obj.variables
    fp = sp.lambdify(x, obj.gradient[0], "numpy")
    lo, hi = box[0]
    grid = np.linspace(lo, hi, 200001)
    vals = fp(grid)
    out = []
    for i in np.nonzero(np.sign(vals[1:]) != np.sign(vals[:-1]))[0]:
        root = float(mpmath.findroot(sp.lambdify(x, obj.gradient[0], "mpmath"), (grid[i], grid[i + 1]), solver="anderson"))
        if vals[i] == 0 or any(abs(root - r[0][0]) < 1e-9 for r in out):  # a grid point exactly on a zero
            continue
        out.append(((root,), "minimum" if vals[i] < 0 else "maximum"))
    return out


def truth(case: Case) -> list:
    obj = Objective(case.text)
    if case.truth == "resultant":
        return truth_resultant(obj)
    if case.truth == "univariate":
        return truth_univariate(case.text)
    if case.truth == "separable":
        return truth_separable(case.h, case.n)
    if case.truth == "linear":
        return truth_linear(obj)
    if case.truth == "sweep":
        return truth_sweep(obj, case.box)
    return case.analytic()


def _coords(cp) -> tuple:
    return tuple(float(sp.N(v, 20)) if isinstance(v, sp.Expr) else float(v) for v in cp.point.values())


# ----------------------------------------------------------------------------- the corpus


@pytest.mark.parametrize("case", CORPUS, ids=[c.name for c in CORPUS])
def test_corpus(case: Case):
    """Every point of the independent truth is listed with its kind, nothing extra; complete
    (on R^n for polynomials, in the stated box otherwise) and the certificate re-checks."""
    obj = Objective(case.text)
    assert obj.n == case.n
    pts = obj.critical_points(box=case.box)
    expected = truth(case)
    got = [(_coords(cp), cp.kind) for cp in pts]
    assert pts.complete, pts.status
    if case.box is None:
        assert pts.status_text == "complete (certified)"
    else:
        assert pts.status_text.startswith("complete in [")
    assert len(got) == len(expected), (got, expected)
    for point, kind in expected:
        match = [g for g in got if all(abs(a - b) < 1e-8 * max(1.0, abs(b)) for a, b in zip(g[0], point))]
        assert len(match) == 1, (point, got)
        assert match[0][1] == kind or match[0][1] == "inconclusive" and kind != "saddle" and case.n > 1, (point, kind, match)
    for key, count in case.literature.items():
        if key == "points":
            assert len(got) == count
        else:
            assert sum(k == key for _, k in got) == count, (key, got)
    assert pts.check()
    # every enclosure holds its point's printed coordinates
    for cp in pts:
        for (lo, hi), value in zip(cp.enclosure, _coords(cp)):
            assert float(lo) - 1e-12 <= value <= float(hi) + 1e-12


def test_corpus_size_and_mix():
    assert len(CORPUS) >= 30
    assert {c.n for c in CORPUS} == {1, 2, 3, 4}
    assert sum(c.box is None for c in CORPUS) >= 20 and sum(c.box is not None for c in CORPUS) >= 8


# ----------------------------------------------------------------------------- certificates


def test_tampered_algebraic_certificate_fails():
    """check() re-derives everything: a dropped point, a shifted enclosure, a wrong kind, a
    changed eliminant all fail; the untouched list passes."""
    pts = Objective("(x**2 + y - 11)**2 + (x + y**2 - 7)**2").critical_points()
    assert pts.check()
    dropped = type(pts)(list(pts)[1:], complete=True, note=pts.note, certificate=pts.certificate, objective=pts.objective)
    assert not dropped.check()
    cp = pts[0]
    (lo, hi), rest = cp.enclosure[0], cp.enclosure[1:]
    shifted = dataclasses.replace(cp, enclosure=((lo + sp.Rational(1, 1000), hi + sp.Rational(1, 1000)),) + rest)
    moved = type(pts)([shifted] + list(pts)[1:], complete=True, certificate=pts.certificate, objective=pts.objective)
    assert not moved.check()
    wrong_kind = dataclasses.replace(cp, kind="maximum" if cp.kind != "maximum" else "minimum")
    assert not type(pts)([wrong_kind] + list(pts)[1:], complete=True, certificate=pts.certificate, objective=pts.objective).check()
    bad = dataclasses.replace(pts.certificate, eliminant=pts.certificate.eliminant[:-1] + (2,))
    assert not type(pts)(list(pts), complete=True, certificate=bad, objective=pts.objective).check()
    # another objective's certificate does not fit
    other = Objective("(x**2 + y - 11)**2 + (x + y**2 - 7)**2 + x")
    assert not type(pts)(list(pts), complete=True, certificate=pts.certificate, objective=other).check()


def test_tampered_interval_certificate_fails():
    pts = Objective("sin(x + y) + (x - y)**2 - 1.5*x + 2.5*y + 1").critical_points(box=((-1.5, 4), (-3, 4)))
    assert pts.complete and pts.check()
    kw = dict(complete=True, certificate=pts.certificate, objective=pts.objective, box=pts.box)
    assert not type(pts)(list(pts)[1:], **kw).check()
    cp = pts[0]
    shifted = dataclasses.replace(cp, enclosure=tuple((lo + sp.Rational(1, 100), hi + sp.Rational(1, 100)) for lo, hi in cp.enclosure))
    assert not type(pts)([shifted] + list(pts)[1:], **kw).check()
    # a pruned subtree claimed empty where a critical point lies
    tree = pts.certificate.tree
    def prune(node):
        if node[0] == "unique":
            return ("none", 0)
        if node[0] == "split":
            return ("split", node[1], node[2], prune(node[3]), prune(node[4]))
        if node[0] == "contract":
            return ("contract", node[1], prune(node[2]))
        return node
    forged = dataclasses.replace(pts.certificate, tree=prune(tree))
    assert not type(pts)(list(pts), **{**kw, "certificate": forged}).check()


def test_no_certificate_no_check():
    pts = Objective("a*x**2", variables="x", params="a").critical_points()
    assert not pts.complete and not pts.check() and "parameters" in pts.note


# ----------------------------------------------------------------------------- behaviour


def test_six_hump_camel_is_no_longer_one_saddle():
    """Issue 13: symopt used to list only (0, 0), complete=True.  Molga & Smutnicki (2005):
    global minima f = -1.0316 at (0.0898, -0.7126) and (-0.0898, 0.7126)."""
    obj = Objective("(4 - 2.1*x**2 + x**4/3)*x**2 + x*y + (-4 + 4*y**2)*y**2")
    pts = obj.critical_points()
    assert pts.complete and len(pts) == 15
    gm = obj.global_minimum()
    assert gm.status == "certified" and gm.check()
    assert abs(float(gm.lower) + 1.031628453489877) < 1e-12 and abs(float(gm.upper) + 1.031628453489877) < 1e-12
    got = sorted(tuple(round(float(sp.N(v, 20)), 4) for v in m.values()) for m in gm.minimisers)
    assert got == [(-0.0898, 0.7127), (0.0898, -0.7127)]


def test_himmelblau_rational_point_is_exact():
    obj = Objective("(x**2 + y - 11)**2 + (x + y**2 - 7)**2")
    pts = obj.critical_points()
    x, y = obj.variables
    assert {x: 3, y: 2} in [cp.point for cp in pts]
    assert all(isinstance(v, (sp.Rational, sp.CRootOf)) for cp in pts for v in cp.point.values())
    gm = obj.global_minimum()
    assert gm.lower == gm.upper == 0 and len(gm.minimisers) == 4 and gm.check()
    assert not dataclasses.replace(gm, minimisers=gm.minimisers[1:]).check()  # a dropped minimiser
    assert not dataclasses.replace(gm, lower=sp.Rational(1, 10**6)).check()   # a lower bound above a critical value


def test_radicals_and_digits():
    pts = Objective("x**4 - x**2").critical_points(digits=40)
    x = pts.objective.variables[0]
    assert [cp.point[x] for cp in pts] == [-sp.sqrt(2) / 2, 0, sp.sqrt(2) / 2]
    lo, hi = pts[0].enclosure[0]
    assert hi - lo < sp.Rational(1, 10**39)
    assert pts.check()


def test_positive_dimensional_sets_are_components_of_a_complete_description():
    """A common factor of the gradient is listed as components; 'complete' then means every
    critical point is a listed point or lies on a listed component (issue 25)."""
    obj = Objective("(x - y)**2")
    pts = obj.critical_points()
    assert pts.complete and "component" in pts.status_text
    x, y = obj.variables
    assert [c.equation for c in pts.components] == [x - y] and pts.components[0].dimension == 1
    assert pts.components[0].value == 0 and pts.components[0].real_dimension == 1
    assert pts.check()
    # course notes ex. 3.1.2: the origin plus the circles r^2 = 2 and r^2 = 13/4
    ring = Objective("(w1**2 + w2**2)**4 - 7*(w1**2 + w2**2)**3 + 13*(w1**2 + w2**2)**2").critical_points()
    assert ring.complete and len(ring) == 1 and all(v == 0 for v in ring[0].point.values())
    eqs = {str(c.equation) for c in ring.components}
    assert "w1**2 + w2**2 - 2" in eqs and "4*w1**2 + 4*w2**2 - 13" in eqs
    assert ring.check()


def test_degenerate_kinds():
    """Higher-order tests where the Hessian is singular: in one variable, and in several
    (x**2 + y**4 >= 0 = f(0)); what no test decides is 'inconclusive' with its reason
    (x**4 + x**2*y**2 + x*y**3 + y**4 is a positive definite quartic form, a strict
    minimum, that neither the line tests nor the sign provers settle: never a wrong kind)."""
    kinds = {str(cp.point[symbol("x")]): cp.kind for cp in Objective("(x**2 - 1)**3").critical_points()}
    assert kinds == {"-1": "saddle", "0": "minimum", "1": "saddle"}
    (cp,) = Objective("x**2 + y**4").critical_points()
    assert cp.kind == "minimum" and "singular" in cp.reason and "higher-order test" in cp.reason
    hard = [c for c in Objective("x**4 + x**2*y**2 + x*y**3 + y**4").critical_points()
            if all(v == 0 for v in c.point.values())]
    assert len(hard) == 1 and hard[0].kind in ("minimum", "inconclusive") and hard[0].reason


def test_float_coefficients_become_the_decimals_rationals():
    obj = Objective("0.26*(x**2 + y**2) - 0.48*x*y")
    eq = obj.critical_points().certificate.equations
    assert all(c.is_Rational for e in eq for c in sp.Poly(e, *obj.variables).coeffs())
    assert rationalize(sp.Float(2.1) * symbol("x")) == sp.Rational(21, 10) * symbol("x")


def test_box_arguments_and_errors():
    from symopt.errors import DimensionError

    obj = Objective("sin(x) + cos(y)")
    assert obj.critical_points(box=2).status_text == "complete in [-2, 2]^2 (certified)"
    assert len(obj.critical_points(box=[(-2, 2), (0.5, 2)])) == 0
    with pytest.raises(DimensionError):
        obj.critical_points(box=[(-1, 1)] * 3)
    with pytest.raises(DimensionError):
        obj.critical_points(box=[(1, -1), (0, 1)])


def test_starved_budget_is_never_complete():
    obj = Objective("sin(x + y) + (x - y)**2 - 1.5*x + 2.5*y + 1")
    with config.override(budgets={"interval": 0.05}, fresh_cache=True):
        pts = obj.critical_points()
    assert not pts.complete and pts.undecided and pts.status_text.startswith("incomplete")
    assert pts.check()  # what it did certify still checks
    # fresh_cache: the count must not depend on what earlier tests left in SymPy's cache (a warm
    # cache let this starved search finish when it ran after the Himmelblau tests)
    with config.override(budgets={"critical_points": 0.01}, fresh_cache=True):
        pts = Objective("(x**2 + y - 11)**2 + (x + y**2 - 7)**2").critical_points()
    assert not pts.complete


def test_global_minimum_in_a_box_and_unattained():
    """McCormick on its standard domain: -1.9133 at (-0.54719, -1.54719) (Jamil & Yang 2013, f80)."""
    gm = Objective("sin(x + y) + (x - y)**2 - 1.5*x + 2.5*y + 1").global_minimum(box=[(-1.5, 4), (-3, 4)])
    assert gm.status == "certified" and gm.check()
    assert gm.lower <= -1.913222954981037 <= gm.upper and gm.upper - gm.lower < 1e-5
    (m,) = gm.minimisers
    assert all(lo <= v <= hi for v, (lo, hi) in zip((-0.5471975511965976, -1.5471975511965976), m.values()))
    forged = dataclasses.replace(gm, lower=gm.lower + 1)
    assert not forged.check()
    for text in ("x**3", "x"):  # no minimum: a certified ray along which f -> -oo
        gm = Objective(text).global_minimum()
        assert gm.status == "unbounded" and gm.lower is None and gm.check()


def test_analyze_cli_prints_certified_status_and_minimum():
    out = subprocess.run([sys.executable, "-m", "symopt", "analyze", "(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
                          "--no-convexity"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "critical points (∇f = 0): complete (certified)" in out.stdout
    assert "x = 3, y = 2: minimum" in out.stdout
    assert "global minimum on R^2: min f = 0" in out.stdout
    js = subprocess.run([sys.executable, "-m", "symopt", "analyze", "x*cos(x)", "--no-convexity", "--json"],
                        capture_output=True, text=True, timeout=120)
    data = json.loads(js.stdout)
    for key in ("variables", "gradient", "hessian", "critical_points", "convexity", "critical_points_status", "global_minimum"):
        assert key in data
    assert data["critical_points_status"] == "complete in [-10, 10] (certified)"
    assert all(p["enclosure"] is not None for p in data["critical_points"])


HIGHER_ORDER_CASES = [
    # (objective, kind at the origin, source)
    ("x**4 + y**4", "minimum", "degenerate minimum: Hessian 0 at the origin"),
    ("x**2 + y**4", "minimum", "Hessian diag(2, 0): the quartic decides"),
    ("-(x**4 + y**6)", "maximum", "degenerate maximum"),
    ("x**3 - 3*x*y**2", "saddle", "the monkey saddle (e.g. Stewart, Calculus, sec. 14.7 exercises; Wikipedia 'Monkey saddle')"),
    ("x**4 - y**4", "saddle", "leading quartic terms of opposite sign along the axes"),
    ("x**4 + y**3", "saddle", "odd leading order along the y-axis"),
    ("(w1**2 + w2**2)**4 - 7*(w1**2 + w2**2)**3 + 13*(w1**2 + w2**2)**2", "minimum",
     "course notes Ex. 3.1.2: f = r^4 (r^4 - 7 r^2 + 13), the quadratic factor has discriminant 49 - 52 < 0"),
]


@pytest.mark.parametrize("text, kind, source", HIGHER_ORDER_CASES, ids=[c[0] for c in HIGHER_ORDER_CASES])
def test_higher_order_test_in_several_variables(text, kind, source):
    """The Hessian is singular at the origin; the kind comes from the higher-order terms
    (exact tests on f(p + h) - f(p)).  Independent truth: the sign of f - f(0) at exact
    rational points on small circles around 0 (every sample >= 0 for a minimum, <= 0 for a
    maximum, both signs for a saddle)."""
    obj = Objective(text)
    pts = obj.critical_points()
    origin = [cp for cp in pts if all(v == 0 for v in cp.point.values())]
    assert len(origin) == 1 and origin[0].kind == kind, (source, origin)
    assert pts.check()
    x, y = obj.variables
    f0 = obj.expr.xreplace({x: 0, y: 0})
    signs = set()
    for r in (sp.Rational(1, 50), sp.Rational(1, 200)):
        for k in range(48):  # rational points on the circle via t = tan(angle/2)
            t = sp.Rational(k - 24, 7)
            px, py = r * (1 - t**2) / (1 + t**2), r * 2 * t / (1 + t**2)
            d = obj.expr.xreplace({x: px, y: py}) - f0
            signs.add(sp.sign(d))
    expected = {"minimum": {1, 0}, "maximum": {-1, 0}, "saddle": None}[kind]
    if expected is None:
        assert {1, -1} <= signs
    else:
        assert signs <= expected


def test_a_tampered_higher_order_kind_fails_check():
    import dataclasses

    pts = Objective("x**3 - 3*x*y**2").critical_points()
    (saddle,) = [cp for cp in pts if cp.kind == "saddle"]
    tampered = type(pts)([dataclasses.replace(saddle, kind="minimum")], complete=True, certificate=pts.certificate,
                         objective=pts.objective)
    assert pts.check() and not tampered.check()
