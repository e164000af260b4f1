"""D2L 11.1 (seed 001): local minima, saddle points, vanishing gradients."""

from __future__ import annotations

import mpmath as mp
import numpy as np
import sympy as sp

import symopt
from symopt.claims import ClaimResult, verdict
from symopt.core.parse import symbol

T = "001 §11.1"


def claims() -> list[ClaimResult]:
    x = symbol("x")
    out: list[ClaimResult] = []
    f = x * sp.cos(sp.pi * x)
    fp = sp.lambdify(x, sp.diff(f, x), "mpmath")
    loc = mp.findroot(fp, -0.3)
    glob = mp.findroot(fp, 1.1)
    fl = sp.lambdify(x, f, "mpmath")
    ok = abs(loc + 0.3) < 0.1 and abs(fl(loc) + 0.25) < 0.1 and abs(glob - 1.1) < 0.1 and abs(fl(glob) + 0.95) < 0.1
    grid_min = min(fl(mp.mpf(k) / 1000) for k in range(-1000, 2001))
    ok &= abs(grid_min - fl(glob)) < 1e-4
    out.append(verdict("x cos(pi x) on [-1, 2]: local minimum near (-0.3, -0.25), global minimum near (1.1, -0.95)",
                       f"{T}.2 (11.1.1) and the annotations", ok,
                       f"f'(x)=0 at x={mp.nstr(loc, 6)} (f={mp.nstr(fl(loc), 6)}) and x={mp.nstr(glob, 6)} (f={mp.nstr(fl(glob), 6)}); grid min on [-1,2] = {mp.nstr(grid_min, 6)}"))
    cube = sp.diff(x**3, x), sp.diff(x**3, x, 2)
    out.append(verdict("f = x^3: first and second derivative vanish at 0, and 0 is not a minimum", f"{T}.2 Saddle Points",
                       cube[0].subs(x, 0) == 0 and cube[1].subs(x, 0) == 0 and (x**3).subs(x, -sp.Rational(1, 10)) < 0,
                       "f'(0) = f''(0) = 0, f(-1/10) = -1/1000 < f(0)"))
    cps = symopt.Objective("x**2 - y**2").critical_points()
    out.append(verdict("x^2 - y^2 has a saddle point at (0,0): max in y, min in x", f"{T}.2 Saddle Points",
                       len(cps) == 1 and cps[0].kind == "saddle" and sorted(cps[0].eigenvalues) == [-2, 2],
                       f"Objective.critical_points(): {[(c.point, c.kind, c.eigenvalues) for c in cps]}"))
    for expr, kind, pt in [("x**2 + y**2", "minimum", "all eigenvalues positive"),
                           ("-x**2 - y**2", "maximum", "all eigenvalues negative"),
                           ("x**2 - 3*y**2", "saddle", "eigenvalues of both signs")]:
        cp = symopt.Objective(expr).critical_points()[0]
        out.append(verdict(f"second-order test: {pt} -> local {kind}", f"{T}.2 Hessian eigenvalue bullets", cp.kind == kind,
                           f"{expr}: eigenvalues {cp.eigenvalues}, kind {cp.kind}"))
    rng = np.random.default_rng(0)
    frac = []
    for k in (1, 2, 4, 8):
        M = rng.normal(size=(4000, k, k))
        ev = np.linalg.eigvalsh((M + np.transpose(M, (0, 2, 1))) / 2)
        frac.append(float((ev > 0).all(axis=1).mean()))
    out.append(verdict("in high dimensions some Hessian eigenvalue is likely negative: saddles are more likely than minima", f"{T}.2 Saddle Points",
                       all(a_ > b_ for a_, b_ in zip(frac, frac[1:])) and frac[-1] < 0.01,
                       f"P(all eigenvalues > 0) for symmetric Gaussian k x k matrices, k = 1, 2, 4, 8 (4000 draws each): {frac}"))
    d = sp.diff(sp.tanh(x), x)
    val = sp.N(d.subs(x, 4), 10)
    out.append(verdict("f = tanh: f'(x) = 1 - tanh^2(x) and f'(4) = 0.0013", f"{T}.2 Vanishing Gradients",
                       sp.simplify(d - (1 - sp.tanh(x) ** 2)) == 0 and round(float(val), 4) == 0.0013,
                       f"f'(4) = {val}"))
    return out
