"""Build the proofs/exercise notebooks (run from the repository root), execute them and save with outputs.

    .venv/bin/python notebooks/_build/build_proofs_notebooks.py
"""

from __future__ import annotations

import pathlib
import sys

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = pathlib.Path(__file__).resolve().parent.parent
SETUP = """import numpy as np
import sympy as sp
import matplotlib
import matplotlib.pyplot as plt
%matplotlib inline
plt.rcParams["figure.dpi"] = 100
import symopt
from symopt import Objective, optimizers as O"""

NOTEBOOKS: dict[str, list[tuple[str, str]]] = {}

NOTEBOOKS["errata"] = [
    ("md", """# Errata of the five source texts

`symopt proofs` checks every quantitative claim of the texts (D2L 10.3, D2L ch. 11, Goodfellow 4.3,
the course notes ch. 3, the article). This notebook runs all proof files, counts the verdicts per
text and lists every claim that fails with its corrected statement and evidence (the same content
as `ERRATA.md`). It ends with a bar chart of the verdicts per text."""),
    ("code", SETUP + "\nfrom symopt.claims import run_proofs, summarize, TEXTS"),
    ("code", """results = run_proofs()
counts = summarize(results)
for key in sorted(counts):
    print(f"{TEXTS.get(key, key):<55} {counts[key]}")"""),
    ("md", "## Every failing claim"),
    ("code", """for i, r in enumerate([r for r in results if r.status == "fails"], 1):
    print(f"{i:2d}. [{r.source}] {r.claim}\\n    holds: {r.corrected}\\n    evidence: {r.evidence}\\n")"""),
    ("md", "## Undecided claims (with the reason)"),
    ("code", """for r in results:
    if r.status == "unknown":
        print(f"[{r.source}] {r.claim}\\n    {r.evidence}\\n")"""),
    ("code", """keys = [k for k in sorted(counts) if k != "total"]
bottom = np.zeros(len(keys))
fig, ax = plt.subplots(figsize=(7, 3))
for status, colour in [("holds", "tab:green"), ("fails", "tab:red"), ("unknown", "tab:gray")]:
    vals = np.array([counts[k][status] for k in keys])
    ax.bar([TEXTS[k].split(":")[0][:22] for k in keys], vals, bottom=bottom, color=colour, label=status)
    bottom += vals
ax.set_ylabel("claims"); ax.legend(); plt.xticks(rotation=20, fontsize=8); plt.tight_layout()"""),
]

NOTEBOOKS["course_notes_examples"] = [
    ("md", """# The course notes' worked examples (ch. 3), recomputed

Example 3.1.2 (GD on a radial polynomial: the printed iterates and gradients hold), Example 3.1.3
(the printed minima (-1, -1) and (2, -1) are wrong: the true minima are computed here), and Example
3.3.1 (the regularised least-squares minimiser w** and its distance to the line of unregularised
minimisers, as lambda varies). Ends with plots of each."""),
    ("code", SETUP),
    ("code", """f = Objective("(w1**2 + w2**2)**4 - 7*(w1**2 + w2**2)**3 + 13*(w1**2 + w2**2)**2")
print("gradient at (0.5, 1):", list(f.gradient_at({"w1": sp.Rational(1, 2), "w2": 1})))
tr = O.gd(f, [0.5, 1.0], lr=0.01, steps=200)
print("x1 =", tr.xs[1], " x2 =", np.round(tr.xs[2], 4), " x200 =", np.round(tr.x, 4))
print("gradient at (0.425, 0.85):", [round(float(v), 3) for v in f.gradient_at({"w1": sp.Rational(17, 40), "w2": sp.Rational(17, 20)})])"""),
    ("code", """g = Objective("w**4/3 - w**3/2 - w**2 + w")
for c in g.critical_points():
    w0 = c.point[g.variables[0]]
    print(f"w = {float(w0):+.4f}  f = {float(g.value_at(c.point)):+.4f}  {c.kind}")
print("text's points: f'(-1) =", g.gradient_at([-1])[0], ", f'(2) =", g.gradient_at([2])[0])"""),
    ("code", """lam = sp.Symbol("lambda", positive=True)
w0, w1, w2 = sp.symbols("w0 w1 w2", real=True)
loss = ((-1 - (w0 + w2))**2 + (1 - (w0 + w1))**2) / 2
sol = sp.solve([sp.diff(loss + lam*(w0**2 + w1**2 + w2**2), v) for v in (w0, w1, w2)], [w0, w1, w2], dict=True)[0]
print("w** =", sol)
train = sp.simplify(loss.subs(sol)); print("training loss of w** =", train)"""),
    ("code", """fig, axes = plt.subplots(1, 3, figsize=(11, 3))
grid = np.linspace(-1.2, 1.2, 200); X, Y = np.meshgrid(grid, grid)
fc = f.compile(); Z = fc.value(np.stack([X, Y], -1))
axes[0].contour(X, Y, Z, 30); axes[0].plot(tr.xs[:, 0], tr.xs[:, 1], ".-", color="tab:orange", ms=3); axes[0].set_title("Example 3.1.2: GD, 200 steps")
ws = np.linspace(-2, 2.6, 300); gc = g.compile(); axes[1].plot(ws, gc.value(ws[:, None]))
for c in g.critical_points():
    if c.kind == "minimum":
        w_ = float(c.point[g.variables[0]]); axes[1].plot(w_, float(g.value_at(c.point)), "go")
axes[1].plot([-1, 2], [-1, -1], "rx", ms=10, label="text's minima"); axes[1].legend(); axes[1].set_title("Example 3.1.3")
ls = np.logspace(-3, 1, 60)
axes[2].loglog(ls, [float(train.subs(lam, l)) for l in ls], label="training loss of w**")
axes[2].loglog(ls, [float(2*np.sqrt(2)*l/(2*l + 1)) for l in ls], label="distance to the minimiser line")
axes[2].set_xlabel("lambda"); axes[2].legend(fontsize=8); axes[2].set_title("Example 3.3.1"); plt.tight_layout()"""),
]

NOTEBOOKS["article_random_search"] = [
    ("md", """# The article's random search, random local search and steepest descent, compared

The article's pseudo-code for random search draws points in [0, 1)^2; its random local search adds
`random(), random()` (both in [0, 1)), so it can only move up and to the right: on a loss whose
minimum lies elsewhere it never gets there. We run the text's versions, a corrected local search
(symmetric steps) and steepest descent with exact line search on the same budget of function
evaluations, over 50 seeds. Ends with the best loss against evaluations."""),
    ("code", SETUP + "\nimport random"),
    ("code", """L = lambda x, z: (x + 1.0)**2 + 3*(z - 0.4)**2   # minimum at (-1, 0.4), outside [0, 1)^2
def random_search(n, seed):
    r = random.Random(seed); best = np.inf; hist = []
    for _ in range(n):
        best = min(best, L(r.random(), r.random())); hist.append(best)
    return hist
def local_search(n, seed, symmetric):
    r = random.Random(seed); x = (r.random(), r.random()); best = np.inf; hist = []
    for _ in range(n):
        d = (r.uniform(-0.3, 0.3), r.uniform(-0.3, 0.3)) if symmetric else (r.random(), r.random())
        c = (x[0] + d[0], x[1] + d[1]); y = L(*c)
        if y < best: best, x = y, c
        hist.append(best)
    return hist
n = 200
curves = {name: np.mean([fn(s) for s in range(50)], axis=0) for name, fn in [
    ("random search (text)", lambda s: random_search(n, s)),
    ("random local search (text: random())", lambda s: local_search(n, s, False)),
    ("random local search (symmetric steps)", lambda s: local_search(n, s, True))]}
sd = O.line_search(Objective("(x + 1)**2 + 3*(z - 2/5)**2"), [0.5, 0.5], steps=20)
for k, v in curves.items(): print(f"{k:<40} best loss after {n} evaluations: {v[-1]:.3e}")
print(f"{'steepest descent + line search':<40} after {len(sd.values)-1} steps: {float(sd.values[-1]):.3e}")"""),
    ("code", """fig, ax = plt.subplots(figsize=(6, 3.5))
for k, v in curves.items(): ax.semilogy(np.arange(1, n + 1), v, label=k)
ax.semilogy(np.arange(len(sd.values)), np.maximum(sd.values, 1e-16), "k.-", label="steepest descent (per step)")
ax.set_xlabel("evaluations / steps"); ax.set_ylabel("best loss (mean of 50 seeds)"); ax.legend(fontsize=7); plt.tight_layout()"""),
]

NOTEBOOKS["exercises_d2l_10_3"] = [
    ("md", """# Exercises of D2L 10.3 / 11.3 (gradient descent), solved with symopt

1. learning rates (experiment); 2. line search on [a, b] for log(exp(x) + exp(-2x - 3)) (exact
minimiser and the rate of bisection); 3. an objective where GD is slow (scaled coordinates);
4. diagonal-Hessian Newton with absolute values; 5. what a 45-degree rotation does to it.
Ends with a convergence plot."""),
    ("code", SETUP),
    ("md", "**Ex. 2.** The minimiser is exact: f'(x) = 0 gives exp(3x) = 2 exp(-3), x* = (ln 2 - 3)/3. Bisection on the sign of f' (a derivative is needed, or a value comparison of two interior points for golden section) halves the bracket each step: linear convergence with factor 1/2."),
    ("code", """x = symopt.core.parse.symbol("x")
obj = Objective("log(exp(x) + exp(-2*x - 3))")
xs = sp.solve(sp.diff(obj.expr, x), x)
print("stationary points:", xs, "=", [sp.N(v) for v in xs], " expected", sp.N((sp.log(2) - 3)/3))
fp = sp.lambdify(x, sp.diff(obj.expr, x))
a, b, widths = -5.0, 5.0, []
for _ in range(30):
    m = (a + b)/2; a, b = (m, b) if fp(m) < 0 else (a, m); widths.append(b - a)
print("bisection:", (a + b)/2, " width ratios:", set(np.round(np.array(widths[1:])/np.array(widths[:-1]), 6)))"""),
    ("md", "**Ex. 1, 3.** GD on x1^2 + s x2^2: the stable range is 0 < eta < 2/max(2, 2s) and the optimal rate (kappa-1)/(kappa+1) with kappa = s degrades as the scale s grows."),
    ("code", """for s in [2, 20, 200]:
    r = symopt.rates.gd_quadratic(Objective(f"x1**2 + {s}*x2**2").hessian)
    print(f"s = {s:4d}: stable eta in {r.stable_range}, optimal eta {r.optimal_eta}, rate {r.optimal_rate} = {float(r.optimal_rate):.4f}")"""),
    ("md", "**Ex. 4, 5.** Diagonal Newton with |diag H| (symopt's `preconditioned`-style update written out here) solves an axis-aligned problem in one step, and loses that property when the coordinates are rotated by 45 degrees."),
    ("code", """def diag_newton(obj, x0, steps=30, eta=1.0):
    f = obj.compile(); xk = np.array(x0, float); vals = [f.value(xk)]
    for _ in range(steps):
        d = np.abs(np.diagonal(f.hess(xk))); xk = xk - eta * f.grad(xk) / d; vals.append(f.value(xk))
    return np.array(vals)
aligned = Objective("x1**2 + 50*x2**2")
rotated = Objective("(x1 + x2)**2/2 + 50*(x1 - x2)**2/2")
va, vr = diag_newton(aligned, [3.0, 1.0]), diag_newton(rotated, [3.0, 1.0], eta=0.5)
vg = O.gd(aligned, [3.0, 1.0], lr=0.019, steps=30).values
print("aligned: f after 1 step", va[1], "| rotated (eta 0.5): f after 30 steps", vr[-1], "| GD aligned:", vg[-1])"""),
    ("code", """fig, ax = plt.subplots(figsize=(6, 3.2))
ax.semilogy(np.maximum(va, 1e-18), "o-", label="diag Newton, axis aligned")
ax.semilogy(np.maximum(vr, 1e-18), "s-", label="diag Newton, rotated 45 deg")
ax.semilogy(vg, label="GD eta=0.019, aligned"); ax.set_xlabel("step"); ax.set_ylabel("f"); ax.legend(fontsize=8); plt.tight_layout()"""),
]

NOTEBOOKS["exercises_d2l_11_1_11_2"] = [
    ("md", """# Exercises of D2L 11.1 and 11.2 (challenges, convexity), solved with symopt

11.1: permutation symmetry of a hidden layer (d! equivalent solutions), symmetric random matrices'
eigenvalues (experiment). 11.2: p-balls, max/min of convex functions, log-sum-exp, affine sets and the
projection onto a null space, the l1-ball projection via soft thresholding, non-expansiveness of
projections. Ends with a histogram and a table."""),
    ("code", SETUP + "\nfrom itertools import permutations\nfrom symopt import projections"),
    ("md", "**11.1 Ex. 1.** Permuting the d hidden units (rows of W1, entries of b1, columns of W2) leaves the network unchanged: d! parameter vectors give the same function (checked for d = 3, all 6 permutations)."),
    ("code", """rng = np.random.default_rng(0); d = 3
W1, b1, W2 = rng.normal(size=(d, 2)), rng.normal(size=d), rng.normal(size=(1, d))
X = rng.normal(size=(5, 2)); net = lambda W1, b1, W2: (np.maximum(X @ W1.T + b1, 0) @ W2.T)
outs = [net(W1[list(p)], b1[list(p)], W2[:, list(p)]) for p in permutations(range(d))]
print(len(outs), "permutations, max deviation", max(np.abs(o - outs[0]).max() for o in outs))"""),
    ("md", "**11.1 Ex. 2.** For a symmetric matrix with symmetric entry distributions, M and -M have the same law, so the eigenvalue distribution is symmetric. That does not give P(lambda > 0) = 0.5 for a given eigenvalue (eigenvalues are ordered; the largest is positive with high probability). Experiment below."),
    ("code", """Ms = rng.normal(size=(4000, 6, 6)); Ms = (Ms + np.transpose(Ms, (0, 2, 1))) / 2
ev = np.linalg.eigvalsh(Ms)
print("P(eigenvalue > 0) over all:", (ev > 0).mean().round(3), "| P(largest > 0):", (ev[:, -1] > 0).mean().round(3))"""),
    ("md", "**11.2 Ex. 2.** For p >= 1, ||.||_p is a norm (Minkowski), so ||t a + (1-t) b||_p <= t||a||_p + (1-t)||b||_p <= r: B_p[r] is convex. For p < 1 it is not (checked below on the segment between (1,0) and (0,1))."),
    ("code", """a_, b_ = np.array([1.0, 0.0]), np.array([0.0, 1.0]); ts = np.linspace(0, 1, 101)
for pp in (0.5, 1, 2, 4):
    worst = max(np.sum(np.abs(t*a_ + (1-t)*b_)**pp)**(1/pp) for t in ts)
    print(f"p = {pp}: max ||t a + (1-t) b||_p on the segment = {worst:.4f} ({'inside' if worst <= 1 + 1e-12 else 'outside'} the unit ball)")"""),
    ("md", "**11.2 Ex. 7.** Taylor's theorem with the Lagrange remainder gives f(x+eps) = f(x) + eps f'(x) + eps^2 f''(x + xi)/2 with xi in [0, eps] (convexity is not needed); the xi is computed for exp at x = 0, eps = 1."),
    ("code", """xi = sp.Symbol("xi", real=True)
sol = sp.nsolve(sp.exp(0) + 1*sp.exp(0) + sp.exp(xi)/2 - sp.exp(1), xi, 0.3)
print("xi =", sol, "in [0, 1]:", 0 <= sol <= 1)"""),
    ("md", "**11.2 Ex. 3-4.** max(f, g) of convex functions is convex, min need not be; log-sum-exp is convex (symopt certificates)."),
    ("code", """for e in ["Max(x**2, (x - 2)**2)", "Min(x**2, (x - 2)**2)", "log(exp(x) + exp(y) + exp(z))"]:
    v = symopt.convexity(Objective(e)); print(f"{e:<32} {v.status:<8} {v.property}")"""),
    ("md", "**11.2 Ex. 5-6.** {x : Wx = b} is convex (affine combinations of solutions solve it); for b = 0 the projection is Mx with M = I - W'(WW')^{-1}W."),
    ("code", """W = sp.Matrix([[1, 2, 0], [0, 1, -1]]); M = sp.eye(3) - W.T * (W * W.T).inv() * W
xv = sp.Matrix([3, -1, 2]); p = M * xv
print("M =", M.tolist()); print("W p =", list(W * p), "; (x - p) in row space, orthogonal to null space:", list(M * (xv - p)))"""),
    ("md", "**11.2 Ex. 8.** min ||w - w'||^2 + lambda ||w'||_1 is solved coordinate-wise by soft thresholding w'_i = sign(w_i) max(|w_i| - lambda/2, 0); the right lambda makes ||w'||_1 = 1 and is found by a 1-D root search (no trial and error)."),
    ("code", """w = np.array([0.8, -0.5, 0.1, 1.2])
soft = lambda lam: np.sign(w) * np.maximum(np.abs(w) - lam/2, 0)
lo, hi = 0.0, 2*np.abs(w).max()
for _ in range(60):
    mid = (lo + hi)/2; lo, hi = (mid, hi) if np.abs(soft(mid)).sum() > 1 else (lo, mid)
print("lambda =", round(lo, 6), "soft =", soft(lo).round(6), "| projections.l1_ball =", projections.l1_ball(w[None], 1.0)[0].round(6))"""),
    ("md", "**11.2 Ex. 9.** Projections onto convex sets never increase distances (experiment with 10,000 random pairs for the l1 ball, l2 ball and box)."),
    ("code", """A, B = rng.normal(size=(10000, 3)) * 3, rng.normal(size=(10000, 3)) * 3
rows = []
for name, P in [("l2 ball", lambda X: projections.l2_ball(X, 1.0)), ("l1 ball", lambda X: projections.l1_ball(X, 1.0)), ("box", lambda X: projections.box(X, -1.0, 1.0))]:
    ratio = np.linalg.norm(P(A) - P(B), axis=1) / np.linalg.norm(A - B, axis=1); rows.append((name, ratio.max()))
    print(f"{name:<8} max ||P(x)-P(y)|| / ||x-y|| = {ratio.max():.6f}")
fig, ax = plt.subplots(figsize=(5, 2.8)); ax.hist(ev.ravel(), 80); ax.set_title("11.1 Ex. 2: eigenvalues of symmetric random 6x6"); plt.tight_layout()"""),
]

NOTEBOOKS["exercises_d2l_11_4_11_11"] = [
    ("md", """# Exercises of D2L 11.4-11.11 (SGD, momentum, Adagrad, RMSProp, Adam, schedules), solved with symopt

Determinate ones derived (11.4 Ex. 2 and 5, 11.6 Ex. 3, 11.7 Ex. 1 and 4, 11.8 Ex. 1, 11.10 Ex. 2),
open-ended ones answered with an experiment (11.4 Ex. 1, 11.6 Ex. 2, 11.7/11.8 Ex. 2 rotation,
11.11 Ex. 2). Ends with plots."""),
    ("code", SETUP),
    ("md", "**11.4 Ex. 2.** With l(x, w) = (x1 - w1)^2 + 2(x2 - w2)^2 and x ~ N(0, Sigma), grad_w l = grad f(w) + noise with mean 0: the noise is -(2 x1, 4 x2), so adding N(0, s^2) noise to the gradient equals x1 ~ N(0, s^2/4), x2 ~ N(0, s^2/16); E_x l = f(w) + const. Same for f = (x - mu)'Q(x - mu)/2."),
    ("code", """x1, x2, w1, w2, s = sp.symbols("x1 x2 w1 w2 s", real=True)
l = (x1 - w1)**2 + 2*(x2 - w2)**2
g = sp.Matrix([sp.diff(l, w1), sp.diff(l, w2)]); gf = sp.Matrix([2*w1, 4*w2])
print("grad_w l - grad f =", list(sp.expand(g - gf)), "-> mean 0, variances (4 Var x1, 16 Var x2)")
print("E[l] - f =", sp.expand(l.subs({x1: 0, x2: 0}) - (w1**2 + 2*w2**2)), "+ Var x1 + 2 Var x2 (a constant)")"""),
    ("md", "**11.4 Ex. 5.** f(x) = x^2 (1 + sin x) >= 0 vanishes at 0 and at x = -pi/2 + 2 pi k: infinitely many (global, hence local) minima."),
    ("code", """xx = sp.Symbol("x", real=True); f5 = xx**2*(1 + sp.sin(xx))
zeros = [-sp.pi/2 + 2*sp.pi*k for k in range(-3, 4)]
print([sp.simplify(f5.subs(xx, z)) for z in zeros], "; f >= 0 since 1 + sin x >= 0")"""),
    ("md", "**11.4 Ex. 1 and 3 (experiment).** Distance to the optimum (0, 0) of x1^2 + 2x2^2 under SGD with the text's noise (N(0.1, 1) as coded, here zero-mean N(0,1)) for constant, exponential and polynomial schedules; and least squares SGD sampling with vs without replacement."),
    ("code", """rng = np.random.default_rng(0)
def sgd_dist(sched, steps=1000, reps=200):
    xk = np.tile([-5.0, -2.0], (reps, 1)); out = []
    for k in range(steps):
        xk = xk - 0.1 * sched(k) * (np.array([2.0, 4.0]) * xk + rng.normal(size=xk.shape)); out.append(np.linalg.norm(xk, axis=1).mean())
    return np.array(out)
dists = {"constant": sgd_dist(lambda k: 1.0), "exponential": sgd_dist(lambda k: np.exp(-0.1*(k + 2))), "polynomial": sgd_dist(lambda k: (1 + 0.1*(k + 2))**-0.5)}
for k_, v_ in dists.items(): print(f"{k_:<12} mean distance after 1000 steps: {v_[-1]:.4f}")
A_ = rng.normal(size=(200, 5)); y_ = A_ @ np.arange(1.0, 6.0) + 0.1*rng.normal(size=200); wstar = np.linalg.lstsq(A_, y_, rcond=None)[0]
def ls_sgd(replace, epochs=20, lr=0.01):
    wv = np.zeros(5)
    for _ in range(epochs):
        idx = rng.integers(0, 200, 200) if replace else rng.permutation(200)
        for i in idx: wv -= lr * 2 * (A_[i] @ wv - y_[i]) * A_[i]
    return np.linalg.norm(wv - wstar)
print("least squares, 20 epochs: with replacement", np.mean([ls_sgd(True) for _ in range(5)]).round(5), "| without", np.mean([ls_sgd(False) for _ in range(5)]).round(5))"""),
    ("md", "**11.6 Ex. 2.** GD vs momentum on f = sum_i lambda_i x_i^2 / 2 with lambda_i = 2^{-i}, x_i = 1."),
    ("code", """n = 10; expr = " + ".join(f"{2.0**-i}*x{i:02d}**2/2" for i in range(n)); fq = Objective(expr)
gd = O.gd(fq, [1.0]*n, lr=1.0, steps=200); mo = O.momentum(fq, [1.0]*n, lr=1.0, beta=0.9, steps=200)
print("f after 200 steps: GD", gd.values[-1], " momentum", mo.values[-1])"""),
    ("md", "**11.6 Ex. 3.** h(x) = x'Qx/2 + x'c + b with Q positive definite: grad h = Qx + c = 0 gives x* = -Q^{-1}c and h(x*) = b - c'Q^{-1}c/2 (symbolic 2x2 check)."),
    ("code", """q11, q12, q22, c1, c2, bb = sp.symbols("q11 q12 q22 c1 c2 b", real=True)
Qs = sp.Matrix([[q11, q12], [q12, q22]]); cs = sp.Matrix([c1, c2]); X = sp.Matrix(sp.symbols("y1 y2", real=True))
hq = (X.T*Qs*X)[0]/2 + (X.T*cs)[0] + bb; xs_ = -Qs.inv()*cs
print("grad at x*:", list(sp.simplify(sp.Matrix([sp.diff(hq, v) for v in X]).subs(dict(zip(X, xs_))))),
      "| h(x*) - (b - c'Q^-1 c/2):", sp.simplify(hq.subs(dict(zip(X, xs_))) - (bb - (cs.T*Qs.inv()*cs)[0]/2)))"""),
    ("md", "**11.7 Ex. 1 and 4.** Orthogonal maps keep distances (||Uc - U delta|| = ||c - delta||); Gerschgorin on diag^{-1/2} M diag^{-1/2} (unit diagonal) puts every eigenvalue in |lambda - 1| <= max_j sum_{k != j} |M_jk|/sqrt(M_jj M_kk)."),
    ("code", """U = sp.Matrix([[sp.Rational(3,5), -sp.Rational(4,5)], [sp.Rational(4,5), sp.Rational(3,5)]]); c, dl = sp.Matrix([2, -1]), sp.Matrix([sp.Rational(1,3), 5])
print("||c-d||^2 =", ((c-dl).T*(c-dl))[0], " ||Uc-Ud||^2 =", ((U*c-U*dl).T*(U*c-U*dl))[0])
Mg = np.array([[4.0, 1, 0.5], [1, 9, 2], [0.5, 2, 1]]); Pm = np.diag(np.diag(Mg)**-0.5) @ Mg @ np.diag(np.diag(Mg)**-0.5)
radius = (np.abs(Pm).sum(1) - 1).max(); print("eigenvalues", np.linalg.eigvalsh(Pm).round(4), " within 1 +- ", radius.round(4))"""),
    ("md", "**11.8 Ex. 1.** gamma = 1 freezes s_t = s_0 = 0, so the step is eta g/sqrt(eps): plain GD with learning rate eta/sqrt(1e-6) = 1000 eta, which diverges here."),
    ("code", """try:
    O.rmsprop(Objective("0.1*x1**2 + 2*x2**2"), [-5, -2], lr=0.4, gamma=1.0, steps=3)
except symopt.errors.OptimizerError as exc:
    print("symopt refuses it:", exc)
xk, sk = np.array([-5.0, -2.0]), np.zeros(2)   # the update by hand with gamma = 1
for k in range(3):
    gk = np.array([0.2, 4.0]) * xk; sk = 1.0 * sk + 0.0 * gk**2; xk = xk - 0.4 / np.sqrt(sk + 1e-6) * gk
    print(k + 1, xk)"""),
    ("md", "**11.9 Ex. 2.** Without g'_t: update Delta x first from the ratio, in place: x -= sqrt((d + eps)/(s + eps)) * g and d = rho d + (1 - rho) * (d + eps)/(s + eps) * g^2 (the square of the step, no temporary). Checked equal to the two-variable form."),
    ("code", """rho_, eps_ = sp.Rational(9, 10), sp.Rational(1, 10**5); sv, dv, gv = sp.symbols("s d g", positive=True)
gp = sp.sqrt((dv + eps_)/(sv + eps_))*gv
print(sp.simplify(rho_*dv + (1 - rho_)*gp**2 - (rho_*dv + (1 - rho_)*(dv + eps_)/(sv + eps_)*gv**2)) == 0)"""),
    ("md", "**11.8 Ex. 4 and 11.9 Ex. 3 (experiments).** RMSProp's sensitivity to gamma on 0.1x1^2 + 2x2^2; Adadelta is not really learning-rate free: its first steps are about sqrt(eps) in size, so a minimiser far from the start (here at 1000) is approached very slowly."),
    ("code", """for gm in (0.5, 0.9, 0.99, 0.999):
    print(f"RMSProp gamma = {gm:<6} f after 100 steps: {O.rmsprop(Objective('0.1*x1**2 + 2*x2**2'), [-5, -2], lr=0.1, gamma=gm, steps=100).values[-1]:.3e}")
far = O.adadelta(Objective("(x - 1000)**2"), [0.0], rho=0.9, steps=2000)
print("Adadelta on (x - 1000)^2 from 0: x after 10, 100, 2000 steps:", far.xs[10, 0], far.xs[100, 0], far.x[0])"""),
    ("md", "**11.10 Ex. 3.** With a constant step, stochastic gradients keep the iterate in a noise ball whose size grows with eta (measured below for SGD on x1^2 + 2x2^2 with N(0,1) gradient noise): reducing eta as we converge shrinks that ball."),
    ("code", """for lr_ in (0.1, 0.03, 0.01):
    xk = np.tile([0.0, 0.0], (500, 1))
    for k in range(2000):
        xk = xk - lr_ * (np.array([2.0, 4.0]) * xk + rng.normal(size=xk.shape))
    print(f"eta = {lr_:<5} stationary mean distance {np.linalg.norm(xk, axis=1).mean():.4f}")"""),
    ("md", "**11.10 Ex. 2.** Initialising v_0 = g_1 and s_0 = g_1^2 (or dividing by the running weight sum (1 - beta^t)) removes the need for bias correction; checked: with v_0 = g the EWMA of a constant gradient equals g at every t."),
    ("code", """b, gg = sp.symbols("beta g", real=True); v = gg
print([sp.simplify(v := b*v + (1 - b)*gg) for _ in range(3)])"""),
    ("md", "**11.7 Ex. 2 / 11.8 Ex. 2 (experiment).** Adagrad and RMSProp on 0.1x1^2 + 2x2^2 and its 45-degree rotation: the per-coordinate scaling helps only when the problem is axis aligned."),
    ("code", """rot = Objective("0.1*(x1 + x2)**2 + 2*(x1 - x2)**2")
runs = {"Adagrad, aligned": O.adagrad(Objective("0.1*x1**2 + 2*x2**2"), [-5, -2], lr=0.4, steps=60),
        "Adagrad, rotated": O.adagrad(rot, [-5, -2], lr=0.4, steps=60),
        "RMSProp, aligned": O.rmsprop(Objective("0.1*x1**2 + 2*x2**2"), [-5, -2], lr=0.1, gamma=0.9, steps=60),
        "RMSProp, rotated": O.rmsprop(rot, [-5, -2], lr=0.1, gamma=0.9, steps=60)}
for k, t in runs.items(): print(f"{k:<18} f after 60 steps: {t.values[-1]:.3e}")"""),
    ("md", "**11.11 Ex. 2 (experiment).** Exponent alpha of the polynomial decay eta_t = 0.1 (1 + 0.1 t)^(-alpha) in noisy SGD on x1^2 + 2x2^2: too small keeps the noise floor, too large stops early."),
    ("code", """for alpha in (0.0, 0.25, 0.5, 1.0, 2.0):
    print(f"alpha = {alpha:<5} mean distance after 1000 steps: {sgd_dist(lambda k: (1 + 0.1*(k + 2))**-alpha)[-1]:.4f}")"""),
    ("code", """fig, axes = plt.subplots(1, 2, figsize=(10, 3.2))
axes[0].semilogy(gd.values, label="GD"); axes[0].semilogy(mo.values, label="momentum 0.9"); axes[0].set_title("11.6 Ex. 2: lambda_i = 2^-i"); axes[0].legend()
for k, t in runs.items(): axes[1].semilogy(np.maximum(t.values, 1e-300), label=k)
axes[1].set_title("rotation by 45 degrees"); axes[1].legend(fontsize=7); plt.tight_layout()"""),
    ("code", """fig, ax = plt.subplots(figsize=(6, 3))
for k_, v_ in dists.items(): ax.loglog(np.arange(1, len(v_) + 1), v_, label=k_)
ax.set_xlabel("iteration"); ax.set_ylabel("mean distance to (0, 0)"); ax.set_title("11.4 Ex. 1"); ax.legend(); plt.tight_layout()"""),
]


def build(name: str, cells: list[tuple[str, str]], execute: bool = True) -> pathlib.Path:
    nb = new_notebook(cells=[new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = HERE / f"{name}.ipynb"
    if execute:
        NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}).execute()
    nbformat.write(nb, path)
    return path


if __name__ == "__main__":
    only = sys.argv[1:] or list(NOTEBOOKS)
    for n in only:
        print("built", build(n, NOTEBOOKS[n]))
