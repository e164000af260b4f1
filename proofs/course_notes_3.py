"""Course notes ch. 3 (seed 003): worked examples 3.1.2, 3.1.3, 3.3.1, the weight-decay form of the update."""

from __future__ import annotations

import itertools

import numpy as np
import sympy as sp

import symopt
from symopt import optimizers as O
from symopt.claims import ClaimResult, verdict
from symopt.core.parse import symbol

T = "003"


def claims() -> list[ClaimResult]:
    out: list[ClaimResult] = []
    w, eta = symbol("w"), symbol("eta")
    f = symopt.Objective("4*w**2 - 6*w - 9")
    fp = f.gradient[0]
    out.append(verdict("f(w) = 4w^2 - 6w - 9: f'(0) = -6", f"{T} §3.1.1", fp.subs(w, 0) == -6, f"f'(w) = {fp}"))
    out.append(verdict("after w <- 1: f'(1) = 2 > 0 (right of the minimum)", f"{T} §3.1.1", fp.subs(w, 1) == 2, f"f'(1) = {fp.subs(w, 1)}"))
    cp = f.critical_points()
    ws = cp[0].point[w]
    out.append(verdict("f' < 0 left of w*, f' > 0 right of w*, f'(w*) = 0 at the minimum", f"{T} §3.1.1",
                       cp[0].kind == "minimum" and sp.solve(fp < 0, w) == (w < ws) and ws == sp.Rational(3, 4),
                       f"w* = {ws}; f'(w) < 0 iff {sp.solve(fp < 0, w)}"))
    e1 = sp.solve(sp.Eq(0 - eta * fp.subs(w, 0), 1), eta)[0]
    e2 = sp.solve(sp.Eq(1 - eta * fp.subs(w, 1), sp.Rational(1, 2)), eta)[0]
    out.append(verdict("each step 0 -> 1 -> 1/2 is w <- w - eta f'(w) for some eta > 0", f"{T} §3.1.1", e1 > 0 and e2 > 0,
                       f"0 -> 1 needs eta = {e1}, 1 -> 1/2 needs eta = {e2}"))
    w1, w2 = symbol("w1"), symbol("w2")
    h = sp.Matrix(sp.symbols("h1 h2", real=True))
    t = symbol("t")
    g = symopt.Objective("(w1**2 + w2**2)**4 - 7*(w1**2 + w2**2)**3 + 13*(w1**2 + w2**2)**2")
    gr = g.gradient_at({"w1": 1, "w2": 2})
    lin = sp.series(g.expr.subs({w1: 1 + t * h[0], w2: 2 + t * h[1]}), t, 0, 2).removeO()
    out.append(verdict("f(w - eta grad f) ~ f(w) - eta ||grad f||^2 (first-order model)", f"{T} §3.1.2",
                       sp.expand(lin - (g.value_at([1, 2]) + t * (gr.T * h)[0])) == 0 and sp.expand((gr.T * (-eta * gr))[0] + eta * (gr.T * gr)[0]) == 0,
                       "first-order series of Example 3.1.2's f at (1,2) in direction h; with h = -eta grad f the change is -eta ||grad f||^2"))
    r = w1**2 + w2**2
    printed = [2 * w1 * r * (4 * r**2 - 21 * r + 26), 2 * w2 * r * (4 * r**2 - 21 * r + 26)]
    out.append(verdict("Example 3.1.2 partial derivatives", f"{T} Example 3.1.2 df/dw1, df/dw2",
                       all(sp.expand(g.gradient[i] - printed[i]) == 0 for i in range(2)), "expanded difference is 0 for both partials"))
    disc = sp.discriminant(symbol("s") ** 2 - 7 * symbol("s") + 13, symbol("s"))
    out.append(verdict("f attains its global minimum at (0, 0)", f"{T} Example 3.1.2 / Fig. 3.2", disc < 0 and g.value_at([0, 0]) == 0,
                       f"f = r^2 (r^2 - 7r + 13) with r = w1^2 + w2^2 >= 0; discriminant of s^2 - 7s + 13 is {disc} < 0, so f >= 0 = f(0,0)"))
    g0 = g.gradient_at({"w1": sp.Rational(1, 2), "w2": 1})
    out.append(verdict("gradient at (0.5, 1) is (7.5, 15)", f"{T} Example 3.1.2", g0 == sp.Matrix([sp.Rational(15, 2), 15]), f"exact gradient {list(g0)}"))
    tr = O.gd(g, [0.5, 1.0], lr=0.01, steps=200)
    out.append(verdict("one GD step (eta = 0.01) moves (0.5, 1) to (0.425, 0.85)", f"{T} Example 3.1.2", np.allclose(tr.xs[1], [0.425, 0.85], atol=1e-12),
                       f"symopt.optimizers.gd: x_1 = {tr.xs[1].tolist()}"))
    g1 = g.gradient_at({"w1": sp.Rational(17, 40), "w2": sp.Rational(17, 20)})
    out.append(verdict("gradient at (0.425, 0.85) is (7.90, 15.81)", f"{T} Example 3.1.2", [round(float(v), 2) for v in g1] == [7.90, 15.81],
                       f"exact gradient = ({float(g1[0]):.5f}, {float(g1[1]):.5f})"))
    out.append(verdict("the next iterate is (0.35, 0.69)", f"{T} Example 3.1.2", [round(float(v), 2) for v in tr.xs[2]] == [0.35, 0.69],
                       f"x_2 = {tr.xs[2].tolist()}"))
    out.append(verdict("after 200 iterations the point is (0.03, 0.06)", f"{T} Example 3.1.2", [round(float(v), 2) for v in tr.x] == [0.03, 0.06],
                       f"x_200 = {tr.x.tolist()}"))
    c = symopt.Objective("w**4/3 - w**3/2 - w**2 + w")
    cps = c.critical_points()
    mins = [(float(p_.point[w]), float(c.value_at(p_.point))) for p_ in cps if p_.kind == "minimum"]
    out.append(verdict("f(w) = w^4/3 - w^3/2 - w^2 + w has two local minima", f"{T} Example 3.1.3", len(mins) == 2,
                       f"critical points: {[(round(float(p_.point[w]), 4), p_.kind) for p_ in cps]}"))
    at = {v: (c.gradient[0].subs(w, v), c.value_at([v])) for v in (-1, 2)}
    out.append(verdict("the local minima are at (-1, -1) and (2, -1)", f"{T} Example 3.1.3", all(at[v][0] == 0 and at[v][1] == -1 for v in at),
                       f"f'(-1) = {at[-1][0]}, f(-1) = {at[-1][1]}; f'(2) = {at[2][0]}, f(2) = {at[2][1]}: neither is a critical point",
                       corrected="the local minima are at w = {:.4f} (f = {:.4f}) and w = {:.4f} (f = {:.4f}), the real roots of 8w^3 - 9w^2 - 12w + 6 with f'' > 0".format(mins[0][0], mins[0][1], mins[1][0], mins[1][1])))
    starts = {s_: float(O.gd(c, [s_], lr=0.05, steps=400).x[0]) for s_ in (-2.0, 0.0, 1.0, 3.0)}
    out.append(verdict("the minimum GD reaches depends on the initial point", f"{T} Example 3.1.3 / Fig. 3.5", len({round(v, 3) for v in starts.values()}) == 2,
                       f"GD eta = 0.05, 400 steps: start -> end {({k: round(v, 4) for k, v in starts.items()})}"))
    fs = [(w1 - 1) ** 2, w1 * w2, sp.sin(w2)]
    out.append(verdict("gradient is linear: grad (f1 + f2) = grad f1 + grad f2", f"{T} §3.2",
                       all(sp.simplify(sp.diff(sum(fs), v) - sum(sp.diff(fi, v) for fi in fs)) == 0 for v in (w1, w2)), "checked for three functions"))
    rng = np.random.default_rng(0)
    A, yv = rng.normal(size=(6, 2)), rng.normal(size=6)
    wpt = np.array([0.3, -0.2])
    grads = 2 * (A @ wpt - yv)[:, None] * A
    sub = [np.mean(grads[list(s_)], axis=0) for s_ in itertools.combinations(range(6), 3)]
    out.append(verdict("SGD's average over k sampled points estimates the full gradient (unbiased)", f"{T} §3.2.1",
                       bool(np.allclose(np.mean(sub, axis=0), grads.mean(0))), "exact average over all C(6,3) = 20 minibatches equals the full gradient (least squares, 6 points)"))
    w0, wa, wb, lam = symbol("w0"), symbol("w1"), symbol("w2"), sp.Symbol("lambda", positive=True)
    loss = ((-1 - (w0 + wb)) ** 2 + (1 - (w0 + wa)) ** 2) / 2
    line = {w0: t, wa: 1 - t, wb: -1 - t}
    out.append(verdict("(3.3) has minimum 0 on the whole line (0,1,-1) + t(1,-1,-1)", f"{T} Example 3.3.1 (3.3)",
                       sp.simplify(loss.subs(line)) == 0 and sp.Matrix([[1, 0, 1], [1, 1, 0]]).rank() == 2,
                       "loss vanishes on the line for every t; the two equations w0 + w2 = -1, w0 + w1 = 1 have rank 2, so the solution set is exactly that line"))
    reg = loss + lam * (w0**2 + wa**2 + wb**2)
    eqs = [sp.expand(sp.diff(reg, v)) for v in (w0, wa, wb)]
    printed = [(2 + 2 * lam) * w0 + wa + wb, w0 + (1 + 2 * lam) * wa - 1, w0 + (1 + 2 * lam) * wb + 1]
    out.append(verdict("grad of (3.4) = 0 is the printed linear system", f"{T} Example 3.3.1 system after (3.4)",
                       all(sp.expand(a_ - b_) == 0 for a_, b_ in zip(eqs, printed)), f"gradient of (3.4): {eqs}"))
    sol = sp.solve(eqs, [w0, wa, wb], dict=True)
    Hreg = sp.hessian(reg, (w0, wa, wb))
    out.append(verdict("w** = (0, 1/(1+2 lambda), -1/(1+2 lambda)) is the unique minimiser for lambda > 0", f"{T} Example 3.3.1",
                       len(sol) == 1 and sp.simplify(sp.Matrix([sol[0][v] for v in (w0, wa, wb)]) - sp.Matrix([0, 1 / (1 + 2 * lam), -1 / (1 + 2 * lam)])) == sp.zeros(3, 1)
                       and sp.factor(Hreg.det()) != 0 and all(sp.simplify(m_) .is_positive for m_ in [Hreg[:k, :k].det() for k in (1, 2, 3)]),
                       f"solve: {sol}; Hessian det = {sp.factor(Hreg.det())} and leading minors > 0 (positive definite, strictly convex)"))
    wss = sp.Matrix([0, 1 / (1 + 2 * lam), -1 / (1 + 2 * lam)])
    p0, dvec = sp.Matrix([0, 1, -1]), sp.Matrix([1, -1, -1])
    tt = ((wss - p0).T * dvec)[0] / (dvec.T * dvec)[0]
    dist = sp.sqrt(sp.simplify(((wss - p0 - tt * dvec).T * (wss - p0 - tt * dvec))[0]))
    lv = sp.simplify(loss.subs({w0: 0, wa: wss[1], wb: wss[2]}))
    out.append(verdict("for small lambda, w** is close to the line and has a small non-zero training loss", f"{T} Example 3.3.1",
                       sp.limit(dist, lam, 0) == 0 and sp.limit(lv, lam, 0) == 0 and lv.subs(lam, sp.Rational(1, 100)) > 0,
                       f"distance to the line = {sp.simplify(dist)}, loss(w**) = {lv} (= {lv.subs(lam, sp.Rational(1, 100))} at lambda = 0.01) -> 0 as lambda -> 0"))
    out.append(verdict("l(w*) <= l(w**)", f"{T} §3.3", bool(sp.simplify(lv - 0) >= 0) if lv.is_nonnegative is None else bool(lv.is_nonnegative),
                       f"l(w*) = 0 <= l(w**) = {lv}"))
    out.append(verdict("the test loss drops tenfold with regularisation", f"{T} Table 3.1", 7.9469 / 0.7523 >= 10, f"7.9469 / 0.7523 = {7.9469 / 0.7523:.2f}"))
    H0 = sp.hessian(loss, (w0, wa, wb))
    ev0 = sorted(H0.eigenvals())
    evl = sorted((H0 + 2 * sp.Rational(1, 10) * sp.eye(3)).eigenvals(), key=float)
    out.append(verdict("adding a multiple of ||w||^2 reshapes the landscape (better conditioning)", f"{T} §3.3.1 item 2",
                       ev0[0] == 0 and float(evl[-1] / evl[0]) < 100,
                       f"Hessian of (3.3) has eigenvalues {ev0} (singular, kappa = oo); with lambda = 0.1 they are {evl}, kappa = {float(evl[-1] / evl[0]):.1f}"))
    W = sp.Matrix(sp.symbols("u1 u2 u3", real=True))
    gl = sp.Matrix(sp.symbols("l1 l2 l3", real=True))
    reg_grad = sp.Matrix([sp.diff(lam * (W.T * W)[0], v) for v in W])
    out.append(verdict("grad of l + lambda ||w||^2 is grad l + 2 lambda w", f"{T} §3.3.2", reg_grad == 2 * lam * W, f"grad lambda||w||^2 = {list(reg_grad)}"))
    upd = W - eta * (gl + 2 * lam * W)
    out.append(verdict("w - eta(grad l + 2 lambda w) = w(1 - 2 eta lambda) - eta grad l", f"{T} §3.3.2 (3.5)",
                       sp.expand(upd - (W * (1 - 2 * eta * lam) - eta * gl)) == sp.zeros(3, 1), "expanded difference is 0"))
    fac = 1 - 2 * sp.Rational(1, 10) * sp.Rational(1, 10)
    out.append(verdict("eta = lambda = 0.1 multiplies w by 0.98 each step, making w very small in a few hundred iterations", f"{T} §3.3.2",
                       fac == sp.Rational(49, 50) and float(fac**300) < 0.01, f"1 - 2*0.1*0.1 = {fac}; 0.98^300 = {float(fac**300):.4f}"))
    out.append(verdict("np.linspace(-2, 2, 5) is [-2, -1, 0, 1, 2]", f"{T} §3.4", np.linspace(-2, 2, 5).tolist() == [-2, -1, 0, 1, 2],
                       f"numpy: {np.linspace(-2, 2, 5).tolist()}"))
    return out
