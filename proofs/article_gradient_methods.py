"""Article (seed 004): random search, random local search, steepest descent, Jacobians/Hessians, finite differences."""

from __future__ import annotations

import random

import mpmath as mp
import numpy as np
import sympy as sp

import symopt
from symopt import optimizers as O
from symopt.claims import ClaimResult, fair_verdict, verdict
from symopt.core.parse import symbol

T = "004"


def _random_local_search(L, start, iters: int, step, seed: int = 0) -> tuple[float, tuple[float, float]]:
    """The article's pseudo-code; ``step`` draws (dx, dz)."""
    rnd = random.Random(seed)
    best = start
    bestloss = float("inf")
    for _ in range(iters):
        dx, dz = step(rnd)
        x, z = best[0] + dx, best[1] + dz
        y = L(x, z)
        if y < bestloss:
            bestloss, best = y, (x, z)
    return bestloss, best


def claims() -> list[ClaimResult]:
    out: list[ClaimResult] = []
    x, h, e = symbol("x"), symbol("h"), symbol("epsilon")
    f = sp.exp(x) * sp.sin(x)
    lim = sp.limit((f.subs(x, x + h) - f) / h, h, 0)
    out.append(verdict("f(x + h) ~ f(x) + h f'(x) from the limit definition of the derivative", f"{T} derivative section",
                       sp.simplify(lim - sp.diff(f, x)) == 0, f"lim (f(x+h)-f(x))/h = {sp.simplify(lim)} = f'(x) for exp(x) sin(x)"))
    g = x**4 - 3 * x
    phi = g.subs(x, x - e * sp.sign(sp.diff(g, x)))
    vals = {p: sp.diff(phi, e).subs(e, 0).subs(x, p) for p in (-1, 0, 2)}
    out.append(verdict("for a small enough eps, f(x - eps sign(f'(x))) is smaller than f(x)", f"{T} 'for a small enough ϵ, f(x — ϵ sign(f’(x)))'",
                       all(v < 0 for v in vals.values()), f"slope of eps -> f(x - eps sign f'(x)) at 0 is -|f'(x)|: {vals} for x^4 - 3x"))
    obj = symopt.Objective("x**2 + 3*x*y + y**3")
    p = {"x": 1, "y": 1}
    gr = obj.gradient_at(p)
    th = symbol("theta")
    u = sp.Matrix([sp.cos(th), sp.sin(th)])
    dd = (u.T * gr)[0]
    ang = sp.acos((u.T * gr)[0] / gr.norm())
    out.append(verdict("the directional derivative is proportional to the cosine of the angle to the gradient", f"{T} Parameter Update Formula",
                       sp.simplify(dd - gr.norm() * sp.cos(ang)) == 0, f"u'grad f = ||grad f|| cos(theta_u), ||grad f|| = {gr.norm()} at (1,1)"))
    vmin = -gr
    # theta = pi: the unit vector u with u'grad f = -||grad f||, i.e. u = -grad f/||grad f||, a positive multiple of -grad f
    u_star = vmin / gr.norm()
    parallel = sp.simplify((u_star.T * gr)[0] + gr.norm()) == 0 and all(sp.simplify(a_ / b_) == 1 / gr.norm() for a_, b_ in zip(u_star, vmin))
    out.append(fair_verdict("the unit direction of steepest descent (theta = pi) is 'nothing but the vector -grad f'", f"{T} Parameter Update Formula",
                            intended=parallel, literal=sp.simplify(vmin.norm() - 1) == 0,
                            reading="the direction of -grad f: the next line steps x' = x - eps grad f, the length going into eps",
                            evidence=f"at (1,1): u = -grad f/||grad f|| = {list(u_star)} has u'grad f = -||grad f|| (theta = pi) and is -grad f "
                            f"scaled by 1/{gr.norm()}; taken literally -grad f = {list(vmin)} is not a unit vector (norm {vmin.norm()})",
                            sharper="the unit direction is -grad f / ||grad f||; the update x' = x - eps grad f absorbs the norm into eps"))
    q = symopt.Objective("x**2 + 4*y**2 + x*y")
    x0 = {"x": 2, "y": 1}
    g0, H0 = q.gradient_at(x0), q.hessian_at(x0)
    es = (g0.T * g0)[0] / (g0.T * H0 * g0)[0]
    x1 = sp.Matrix([2, 1]) - es * g0
    g1 = q.gradient_at(list(x1))
    out.append(verdict("solving for eps with v' grad f(x') = 0 (exact line search) makes the new gradient orthogonal to the step", f"{T} Parameter Update Formula",
                       sp.simplify((g1.T * g0)[0]) == 0, f"x^2 + 4y^2 + xy from (2,1): eps = {es}, grad f(x') . grad f(x) = {sp.simplify((g1.T * g0)[0])}"))
    nt = O.newton(symopt.Objective("x**2 + 4*y**2 + x*y - 3*x"), [2.0, 1.0], steps=1)
    mn = symopt.Objective("x**2 + 4*y**2 + x*y - 3*x").critical_points()[0].point
    out.append(verdict("Newton's method x' = x - H^{-1} grad f uses curvature to pick the step", f"{T} Second-Order Optimization",
                       np.allclose(nt.x, [float(v) for v in mn.values()], atol=1e-12),
                       f"on x^2 + 4y^2 + xy - 3x one Newton step from (2,1) reaches the minimiser {mn}: {nt.x.tolist()}"))
    hq = symopt.Objective("exp(x)*y + x*y**2")
    jg = hq.gradient.jacobian(list(hq.variables))
    out.append(verdict("the Hessian is the Jacobian of the gradient", f"{T} Jacobians and Hessians", sp.simplify(jg - hq.hessian) == sp.zeros(2, 2),
                       f"J(grad f) = {jg.tolist()} = Objective.hessian"))
    n = symbol("n")
    out.append(verdict("the Hessian has O(n^2) entries to compute", f"{T} Why not second-order", sp.limit(n * (n + 1) / 2 / n**2, n, sp.oo) == sp.Rational(1, 2),
                       "n(n+1)/2 distinct second derivatives (symmetric Hessian): ~ n^2/2"))
    k = sp.Symbol("k", integer=True, positive=True)
    ops = sp.summation((n - k) * (n - k + 1), (k, 1, n - 1))
    out.append(verdict("solving the normal equations (Gaussian elimination) is O(n^3)", f"{T} Why can't we just equate the derivative to 0",
                       sp.limit(ops / n**3, n, sp.oo) == sp.Rational(1, 3), f"multiplications in forward elimination: sum_k (n-k)(n-k+1) = {sp.factor(ops)} ~ n^3/3"))
    fx = sp.exp(x) * sp.cos(x)
    central = sp.series((fx.subs(x, x + h) - fx.subs(x, x - h)) / (2 * h) - sp.diff(fx, x), h, 0, 3).removeO()
    forward = sp.series((fx.subs(x, x + h) - fx) / h - sp.diff(fx, x), h, 0, 2).removeO()
    out.append(verdict("the centred difference (f(x+h) - f(x-h))/2h is the recommended (more accurate) formula", f"{T} Using finite differences",
                       sp.simplify(central.coeff(h, 1)) == 0 and sp.simplify(central.coeff(h, 2)) != 0 and sp.simplify(forward.coeff(h, 1)) != 0,
                       f"error of centred difference = h^2 f'''/6 + O(h^4) (leading coefficient {sp.simplify(central.coeff(h, 2))}); forward difference error = h f''/2 + ..."))
    xm = 0.7
    errs = [(hh, abs(float((mp.e ** (xm + hh) * mp.cos(xm + hh) - mp.e ** (xm - hh) * mp.cos(xm - hh)) / (2 * hh)) - float(mp.e**xm * (mp.cos(xm) - mp.sin(xm))))) for hh in (1e-2, 1e-3)]
    out.append(verdict("centred differences are only approximate", f"{T} Using finite differences", errs[0][1] > 0 and 50 < errs[0][1] / errs[1][1] < 200,
                       f"errors at h = 1e-2, 1e-3: {errs[0][1]:.2e}, {errs[1][1]:.2e} (ratio ~100: second order)"))
    out.append(verdict("a million parameters and 1000 steps: the loop runs 1000 * 1000000 times", f"{T} Using finite differences",
                       1000 * 1_000_000 == 10**9, "10^9 loop iterations, each with 2 evaluations of f: 2*10^9 evaluations"))
    L = lambda a, b: (a + 1.0) ** 2 + (b + 2.0) ** 2  # noqa: E731 - minimum at (-1, -2)
    best_text, pt_text = _random_local_search(L, (0.5, 0.5), 500, lambda r: (r.random(), r.random()))
    best_sym, pt_sym = _random_local_search(L, (0.5, 0.5), 500, lambda r: (r.uniform(-0.5, 0.5), r.uniform(-0.5, 0.5)))
    out.append(fair_verdict("random local search (small random dx, dz added to the best point) can walk down to the minimum",
                            f"{T} Random Local Search pseudo-code", intended=best_sym < 1e-2, literal=best_text < 1.0,
                            reading="the prose: 'generate some small random dx, dz'; random() in the pseudo-code stands for such a step "
                            "(the article's pseudo-code is not Python: 'for a few iterations', 'if ... then')",
                            evidence=f"L = (x+1)^2 + (z+2)^2 from (0.5, 0.5), 500 iterations: symmetric small steps uniform(-0.5, 0.5) reach "
                            f"{best_sym:.2e}; taken literally, random() in [0,1) only moves up and right: best loss {best_text:.3f} at "
                            f"{tuple(round(v, 3) for v in pt_text)}",
                            sharper="draw dx, dz symmetrically around 0 (e.g. uniform(-d, d) or Gaussian); a one-sided random() in [0, 1) "
                            "can never decrease x or z"))
    Ls = lambda a, b: (a - 0.3) ** 2 + 10 * (b - 0.7) ** 2  # noqa: E731
    rng = np.random.default_rng(0)
    draws = rng.random((100, 2))
    rs_best = float(min(Ls(a, b) for a, b in draws))
    sd = O.line_search(symopt.Objective("(x - 0.3)**2 + 10*(z - 0.7)**2"), [0.0, 0.0], steps=100)
    out.append(verdict("random search is a pretty bad approach compared with steepest descent", f"{T} Random Search",
                       float(sd.values[-1]) < rs_best / 1e6, f"(x-0.3)^2 + 10(z-0.7)^2, 100 evaluations of random search: best {rs_best:.2e}; steepest descent with line search, 100 steps: {float(sd.values[-1]):.2e}"))
    svm = symopt.convexity(symopt.Objective("Max(0, 1 + w1 - w2) + Max(0, 1 + w3 - w2)"))
    out.append(verdict("the multiclass SVM loss is convex", f"{T} The Minima", svm.status == "proved",
                       f"sum_j max(0, 1 + s_j - s_y) with linear scores: symopt.convexity {svm.status} ({svm.property})"))
    sc = [e_ for e_ in ("x**4 + x**2", "exp(x) + x**2", "cosh(x) - x")]
    counts = {e_: len(symopt.Objective(e_).critical_points()) for e_ in sc}
    strict = {e_: symopt.convexity(symopt.Objective(e_), property="strictly convex").status for e_ in sc}
    out.append(verdict("a strictly convex function has no more than one minimum", f"{T} The Minima",
                       all(s_ == "proved" for s_ in strict.values()) and all(c_ <= 1 for c_ in counts.values()),
                       f"two minimisers a != b would give f((a+b)/2) < f(a) = f(b); examples {strict}, critical points found {counts}"))
    quad = sp.diff(3 * x**2 - 2 * x + 1, x)
    out.append(verdict("for a quadratic the derivative is a line", f"{T} Second Derivative Test", sp.degree(quad, x) == 1, f"d/dx (3x^2 - 2x + 1) = {quad}"))
    kinds = sorted(c_.kind for c_ in symopt.Objective("x**3 - 12*x").critical_points())
    out.append(verdict("f'' > 0 at a critical point: local minimum; f'' < 0: local maximum", f"{T} Second Derivative Test", kinds == ["maximum", "minimum"],
                       f"x^3 - 12x: critical points at -2 (f'' = -12) and 2 (f'' = 12): {kinds}"))
    return out
