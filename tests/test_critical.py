"""Certified critical points and global minima (symopt.critical), against independent truths.

The corpus (tests/corpus_critical.py) computes each truth by a method that shares
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
import subprocess
import sys

import mpmath
import numpy as np
import pytest
import sympy as sp

from symopt import Objective
from symopt.critical import critical_points, global_minimum, rationalize
from symopt.config import config
from symopt.parse import symbol

from corpus_critical import CORPUS, Case  # noqa: E402  (tests/ is on sys.path via rootdir conftest)


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
    mpmath.mp.dps = 50
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
    mpmath.mp.dps = 15
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
    roots = []
    for r in np.roots([float(c) for c in g.all_coeffs()]):
        if abs(r.imag) < 1e-6:
            x0 = float(mpmath.findroot(fp, mpmath.mpf(r.real))) if abs(fp(r.real)) > 0 else r.real
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
        assert pts.status == "complete (certified)"
    else:
        assert pts.status.startswith("complete in [")
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
