"""Build notebooks/theory_convergence.ipynb (run from the repository root, then execute it).

    .venv/bin/python notebooks/_build/build_theory.py
"""

from __future__ import annotations

import pathlib

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CELLS = [
    ("md", """# Convergence theory with symopt: D2L 10.3 / 11.3, 11.4.3 and 11.6 retold

This notebook re-derives the texts' convergence analyses with `symopt.rates` and
`symopt.stability`, and checks each statement:

1. **Gradient descent on quadratics** (11.3, 11.6.3): per-direction contraction, the exact stable
   step range, the optimal step and rate; the printed outputs of 11.3 and 11.6 reproduced from the
   derived contractions.
2. **Newton's method** (10.3.3.2 = 11.3 "Convergence Analysis"): order and constant from a series of
   the Newton map, cross-checked at 400 digits. The text's bound (with `f'''/f'`) and its name
   for the rate ("linear") are both wrong.
3. **SGD on convex objectives** (11.4.3): the bound as a function of the schedule, the optimal
   constant step for a horizon (the text's value of the bound is wrong), rates per schedule.
4. **Momentum** (11.6): the iteration matrix R(β, η, λ) derived from the update rule, its exact
   stability region (the text omits |β| < 1), Polyak's and Nesterov's tunings, and the honest limit:
   the heavy ball's quadratic-optimal parameters cycle on a smooth strongly convex function
   (Lessard, Recht and Packard 2016).

It ends with a stability map (spectral radius with the derived boundary on top) and a summary table."""),
    ("code", """import math
import numpy as np
import sympy as sp
import matplotlib.pyplot as plt
%matplotlib inline
plt.rcParams["figure.dpi"] = 60

from symopt import Objective
from symopt.core.parse import symbol
from symopt.rates import gd_quadratic, newton, newton_map, sgd_bound, sgd_optimal_constant_step
from symopt.stability import (analyze, momentum_matrix, region, is_stable, spectral_radius, stability_map,
                              gd_optimal, heavy_ball_optimal, nesterov_optimal, MOMENTUM_RULE, NESTEROV_RULE)
x = symbol("x")"""),
    ("md", """## 1. Gradient descent on quadratics (11.3, 11.6.3)

For f = ½xᵀAx + bᵀx the error obeys e ← (I − ηA)e, so along the eigenvector of λᵢ it is multiplied by
1 − ηλᵢ. symopt derives the eigenvalues exactly and from them everything else."""),
    ("code", """r = gd_quadratic("x**2")
print("f = x^2: eigenvalues", r.eigenvalues, "| stable eta in", r.stable_range, "| optimal eta", r.optimal_eta)
(lam,) = r.eigenvalues
grad = sp.lambdify(x, Objective("x**2").gradient[0], "math")
for eta in (0.2, 0.05, 1.1):           # D2L 11.3.1, x0 = 10, 10 steps, the text's update x -= eta*f'(x)
    cur = 10
    for _ in range(10):
        cur -= eta * grad(cur)
    print(f"eta = {eta}: epoch 10, x: {cur!r}   derived 10*(1 - eta*lambda)^10 = {10 * (1 - eta * float(lam)) ** 10:.15g}"
          f"   contraction |1 - eta*lambda| = {r.rate(sp.nsimplify(eta))}")"""),
    ("md", """The texts print `0.06046617599999997`, `3.4867844009999995` and `61.917364224000096`: reproduced digit for digit
by the update, and to 15 digits by the derived closed form (1 − 2η)¹⁰·10 (the last digit is float rounding). η = 1.1 is outside the derived stable range (0, 1).

11.6.3 says that for f = λ/2 x² the rate "improves initially as we increase η until ηλ = 1. Beyond that
things diverge". The contraction |1 − ηλ| says otherwise: for 1 < ηλ < 2 the iterates oscillate
**and still converge**; only ηλ > 2 diverges (the text's next sentence has it right)."""),
    ("code", """for eta in (sp.Rational(3, 4), sp.Rational(9, 10), sp.Rational(21, 20)):   # lambda = 2: eta*lambda = 1.5, 1.8, 2.1
    print(f"eta*lambda = {2*eta}: contraction {r.rate(eta)}  -> x_20 = {10 * float(1 - 2*eta) ** 20:.4g}")"""),
    ("code", """r2 = gd_quadratic("x1**2 + 2*x2**2")
l1, l2 = r2.eigenvalues
print("x1^2 + 2 x2^2, eta = 0.1:  epoch 20, x1 %f, x2 %f" % (-5 * (1 - 0.1*float(l1))**20, -2 * (1 - 0.1*float(l2))**20))
r3 = gd_quadratic("0.1*x1**2 + 2*x2**2")
l1, l2 = r3.eigenvalues
for eta in (0.4, 0.6):
    print("0.1 x1^2 + 2 x2^2, eta = %.1f: epoch 20, x1 %f, x2 %f" % (eta, -5*(1-eta*float(l1))**20, -2*(1-eta*float(l2))**20))
print("stable eta:", r3.stable_range, "| optimal eta:", r3.optimal_eta, "| rate:", r3.optimal_rate,
      "| kappa:", r3.condition_number)"""),
    ("md", """All four printed outputs of 11.3.2 and 11.6.1 (`-0.057646, -0.000073`, `-0.943467, -0.000073`,
`-0.387814, -1673.365109`) come out of the derived contractions; η = 0.6 fails because it leaves the
stable range (0, 1/2) set by λ_max = 4. At the optimal step 2/(λmin+λmax) = 10/21 the rate is
(κ−1)/(κ+1) = 19/21 with κ = 20.

(11.6.9) writes z_t = z_{t−1} − Λz_{t−1} = (I − Λ)z_{t−1}: the step size η is missing; it is (I − ηΛ)z_{t−1}.
(11.6.7) also has a sign slip: with minimiser x* = −Q⁻¹c the square is (x + Q⁻¹c)ᵀQ(x + Q⁻¹c)."""),
    ("md", """## 2. Newton's method: order and constant (10.3.3.2)

With eₖ = xₖ − x*, the Newton step maps e to E(e) = N(x* + e) − x*. symopt expands E in a series; the
leading term c·eᵖ gives the order p and the constant |c|. For a general f with f'(x*) = 0:"""),
    ("code", """e = sp.Symbol("e")
f = sp.Function("f")
a = sp.symbols("a2:6")   # Taylor coefficients of f' at x*: f'(x*+e) = a2 e + a3 e^2 + ...
fp = sum(a[k] * e**(k + 1) for k in range(4))
E = e - fp / sp.diff(fp, e)
lead = sp.series(E, e, 0, 3).removeO()
print("E(e) =", sp.factor(lead), "+ O(e^3)")
print("with a2 = f''(x*), a3 = f'''(x*)/2:  c = a3/a2 = f'''(x*) / (2 f''(x*))")"""),
    ("md", """So e_{k+1} ≈ f'''(x*)/(2f''(x*)) · e_k²: **quadratic** convergence with constant f'''/(2f''). The text
divides by f'(x_k) instead of f''(x_k) in (10.3.10)'s bound (e_{k+1} ≤ e_k² f'''(ξ)/f'(x_k); f'(x_k) → 0, so
that "bound" blows up), drops the ½, and then calls quadratic convergence "linear" and e_{k+1} ≤ αe_k a
"constant" rate: in standard terms e_{k+1} ≤ c e_k² is quadratic and e_{k+1} ≤ αe_k is linear.

`symopt.rates.newton` does this for the user's objective, at each critical point:"""),
    ("code", """rows = []
for expr, at, eta in [("x**2 + x**3", "x=0", 1), ("cosh(x/2)", "x=0", 1), ("x**4", "x=0", 1),
                      ("exp(x) - x", "x=0", "1/2")]:
    res = newton(expr, at=at, eta=eta)
    rows.append((expr, at, eta, res.order, res.constant, round(res.empirical_order, 4), res.note))
for row in rows:
    print(" | ".join(str(v) for v in row))"""),
    ("md", """* x² + x³: quadratic, C = 6/(2·2) = 3/2.
* cosh(x/2) (the text's first example): f'''(0) = 0, so Newton is **cubic** at 0 with C = 1/12: faster
  than the text's analysis promises.
* x⁴: f''(0) = 0, outside the text's assumptions: linear with rate (m−1)/m = 2/3 (0 is a triple root of f').
* damped Newton (η = ½): linear with rate |1 − η|.

The mpmath column iterates Newton at 400 digits and estimates p = log(e_{k+1}/e_k)/log(e_k/e_{k−1}).

The texts' printed Newton runs, from the Newton map symopt derives:"""),
    ("code", """c = sp.Float(0.15 * math.pi)
for name, expr, eta in [("cosh(x/2)", sp.cosh(x / 2), 1), ("x cos(cx)", x * sp.cos(c * x), 1),
                        ("x cos(cx)", x * sp.cos(c * x), 0.5)]:
    obj = Objective(expr)
    g = sp.lambdify(x, obj.gradient[0], "math")
    h = sp.lambdify(x, obj.hessian[0, 0], "math")
    cur = 10.0
    for _ in range(10):
        cur -= eta * g(cur) / h(cur)          # the text's update, with symopt's derivatives
    print(f"{name}, eta = {eta}: epoch 10, x: {cur!r}  (15 digits: {cur:.15g})")"""),
    ("md", """The texts print `0.0`, `26.83413291324767` and `7.269860168684531`: the same to 15 significant digits (the
16th depends on the order of floating-point operations in the hand-written derivatives). At x ≈ 26.83 Newton has converged to a
**maximum** of x cos(cx) (f'' < 0 there), the text's "spectacularly wrong" run; with η = 0.5 it converges
linearly (rate |1 − η| = ½) to the local minimum near 7.27:"""),
    ("code", """for guess in (26.83413291324767, 7.269860168684531):
    res = newton("x*cos(3*pi/20*x)", at={"x": guess})
    print(f"x* = {float(res.point[x]):.12f}: order {res.order}, C = {float(res.constant):.6f}, "
          f"observed {res.empirical_order:.4f}; f''(x*) = "
          f"{float(Objective('x*cos(3*pi/20*x)').hessian_at({x: res.point[x]})[0]):.4f}")
print(newton("x*cos(3*pi/20*x)", at={"x": 7.269860168684531}, eta="1/2").note)"""),
    ("md", """The text's caveat "we don't really have much of a guarantee when we will reach the region of rapid
convergence" can be made concrete: with H M-Lipschitz on a box and H(x*) ⪰ μI, every start with
|x₀ − x*| < 2μ/(3M) converges quadratically (Nesterov 2004, Thm 1.2.5). symopt certifies μ and M
(interval enclosures of all third derivatives):"""),
    ("code", """from symopt.rates import newton_region, smoothness_on_box
ball = newton_region("cosh(x/2) + x**3/10", "x=0", {"x": (-2, 2)})
print(f"mu = {ball.mu}, M = {ball.M:.6f}, certified radius {ball.radius:.6f}")
sb = smoothness_on_box("x1**2 + 2*x2**2 + cosh(x1)/4", {"x1": (-1, 1), "x2": (-1, 1)})
print(f"on the box: {sb.mu:.4f} <= eig(H) <= {sb.L:.4f}; GD with eta = {sb.eta:.4f} contracts by {sb.rate:.4f}")"""),
    ("md", """## 3. SGD on convex objectives (11.4.3)

The text's bound (11.4.16): E[R(w̄)] − R* ≤ (r² + L²Σηₜ²)/(2Σηₜ). ((11.4.15) writes Σηₜ·E[w̄] where
Σηₜ·E[R(w̄)] is meant: by convexity Σηₜ E[R(wₜ)] ≥ Σηₜ · E[R(w̄)].) symopt builds the bound for a schedule
and derives the best constant step for a known horizon T:"""),
    ("code", """s = sgd_optimal_constant_step()
print("optimal constant step:", s.eta, "  bound there:", s.bound)
print("text's stated bound:  ", s.text_bound, "  equal?", s.text_bound_holds)
T = sp.Symbol("T", positive=True)
print("ratio text/derived:", sp.simplify(s.text_bound / s.bound), "-> 1/2 as T grows")"""),
    ("md", """The step η = r/(L√T) is right, but the bound it gives is exactly rL/√T, not rL(1 + 1/T)/(2√T):
Σηₜ = r√T/L and Σηₜ² = r²/L², so (r² + r²)/(2r√T/L) = rL/√T. The text's value is about half of it and is
not an upper bound the argument proves. Also, after (11.4.11), progress needs the excess loss to outweigh
ηₜL²/2, not ηₜL².

How the bound behaves for other schedules (Θ as T → ∞, from integral comparison of the sums):"""),
    ("code", """for sched in ["eta", "c/sqrt(t)", "c/t", "c/t**(2/3)", "c*exp(-t/10)"]:
    b = sgd_bound(sched)
    print(f"eta_t = {sched:12s}  bound = Theta({b.order})")"""),
    ("md", """1/√t gives the text's O(log T/√T) for an unknown horizon. A constant step or an exponentially decaying
one does not drive the bound to zero (Θ(1)), which matches the text's exponential-schedule experiment
that "fails to converge". 1/t gives only Θ(1/log T)."""),
    ("md", """## 4. Momentum (11.6): R(β, η, λ) and its stability region

The update (11.6.5) on f = λ/2 x², written as a rule symopt reads and linearises:"""),
    ("code", """rep = analyze(MOMENTUM_RULE, "v, x", params="beta, eta, lambda")
print("rule:", MOMENTUM_RULE)
print("R =", rep.matrix.tolist())
print("char. polynomial:", rep.charpoly.as_expr())
for cnd in rep.conditions:
    print("  ", cnd.relation, "   [", cnd.origin, "]")
print("region:", rep.region)"""),
    ("md", """The derived matrix equals the text's (11.6.12). Its determinant is β, so the two eigenvalues multiply to
β: stability needs |β| < 1 and then exactly 0 < ηλ < 2 + 2β. The text states "0 < ηλ < 2 + 2β" alone;
that is right only with |β| < 1 (the text introduced β ∈ (0, 1) earlier). A counterexample to the bare
statement:"""),
    ("code", """b, e_, l = symbol("beta"), symbol("eta"), symbol("lambda")
R = momentum_matrix(2, sp.Rational(1, 10), 10)       # eta*lambda = 1 < 2 + 2*beta = 6
print("eta*lambda = 1, beta = 2:", is_stable(R), " spectral radius", spectral_radius(R))
print("spectral radius >= sqrt(|beta|) always (det R = beta): large beta is not 'desirable' for the rate")"""),
    ("md", """The text's conclusion "in general large values of β are desirable" does not follow: the feasible ηλ
range widens with β, but the rate is at least √|β|.

**Tuning for eigenvalues in [μ, L].** symopt derives the step/momentum that make every eigenvalue's
roots complex (heavy ball) or critically damped at μ (Nesterov) and the worst-case rate:"""),
    ("code", """rows = []
for t in (gd_optimal(), heavy_ball_optimal(), nesterov_optimal()):
    rows.append((t.method, t.params, t.rate_kappa))
    print(f"{t.method:10s}  params {t.params}   rate {t.rate_kappa}")
kap = sp.Symbol("kappa", positive=True)
for k in (10, 100, 1000):
    print(f"kappa = {k:5d}: " + ", ".join(f"{m} {float(r.subs(kap, k)):.4f}" for m, _, r in rows))"""),
    ("md", """## 5. Honest limits: eigen-stability is not global convergence

The heavy-ball parameters above are optimal **on quadratics**. Lessard, Recht and Packard (2016) give a
function with μ = 1, L = 25 (∇f = 25x for x < 1, x + 24 on [1, 2), 25x − 24 for x ≥ 2: smooth and strongly
convex) on which heavy ball with exactly these parameters (η = 1/9, β = 4/9) never converges:"""),
    ("code", """t = heavy_ball_optimal()
env = {sp.Symbol("mu", positive=True): 1, sp.Symbol("L", positive=True): 25}
a_, b_ = float(t.params["eta"].subs(env)), float(t.params["beta"].subs(env))
print("eta, beta =", t.params["eta"].subs(env), t.params["beta"].subs(env))
grad = lambda z: 25 * z if z < 1 else (z + 24 if z < 2 else 25 * z - 24)
xs, xp, xc = [], 3.3, 3.3
for k in range(60):
    xc, xp = xc - a_ * grad(xc) + b_ * (xc - xp), xc
    xs.append(xc)
print("last iterates:", np.round(xs[-6:], 4), " (a 3-cycle; the minimiser is 0)")
q = []
for lam_ in (1.0, 25.0):
    xp = xc = 3.3
    for k in range(60):
        xc, xp = xc - a_ * lam_ * xc + b_ * (xc - xp), xc
    q.append(abs(xc))
print("same parameters on lambda/2 x^2 with lambda = 1, 25: |x_60| =", q)"""),
    ("md", """`symopt.stability.region` therefore says what it covers: exact convergence for linear rules (quadratic
objectives), and local convergence near the fixed point for nonlinear rules, never global convergence.

## 6. Stability map and summary

Spectral radius of R(β, η, λ = 1) over (η, β), with the boundary of the derived region drawn on top."""),
    ("code", """fig, ax = plt.subplots(figsize=(5, 3.6))
stability_map(momentum_matrix(b, e_, l), "eta", "beta", (0.0, 4.5), (-1.2, 1.2), values={"lambda": 1},
              resolution=121, ax=ax)
ax.plot([0, 4], [-1, 1], "w--", lw=0.8, label="text: eta*lambda = 2 + 2 beta")
ax.legend(loc="lower right", fontsize=7)
fig.tight_layout()
plt.show()"""),
    ("code", """summary = [
    ("GD stable steps (10.3/11.3, 11.6.3)", "eta*lambda < 2 (beyond 1 'things diverge')", "0 < eta < 2/lambda_max; 1 < eta*lambda < 2 oscillates but converges"),
    ("GD optimal step", "-", "eta = 2/(lambda_min+lambda_max), rate (kappa-1)/(kappa+1)"),
    ("(11.6.9)", "z_t = (I - Lambda) z_{t-1}", "z_t = (I - eta Lambda) z_{t-1}"),
    ("Newton bound (10.3.10)", "e_{k+1} <= e_k^2 f'''/f'", "e_{k+1} ~ f'''(x*)/(2 f''(x*)) e_k^2"),
    ("Newton rate name", "'linear'", "quadratic (order 2); cubic when f''' = 0; (m-1)/m at multiplicity m"),
    ("SGD optimal constant step", "eta = r/(L sqrt T)", "eta = r/(L sqrt T) (agrees)"),
    ("SGD bound at that step", "r L (1 + 1/T) / (2 sqrt T)", "r L / sqrt T"),
    ("SGD progress condition", "loss gap > eta_t L^2", "loss gap > eta_t L^2 / 2"),
    ("momentum R(beta, eta, lambda)", "[[beta, lambda], [-eta beta, 1 - eta lambda]]", "same (derived from the rule)"),
    ("momentum region", "0 < eta*lambda < 2 + 2 beta", "|beta| < 1 and 0 < eta*lambda < 2 + 2 beta"),
    ("large beta", "'desirable'", "rate >= sqrt(|beta|)"),
]
w = max(len(r[0]) for r in summary)
print(f"{'claim':{w}s} | text | derived")
for r in summary:
    print(f"{r[0]:{w}s} | {r[1]} | {r[2]}")"""),
    ("md", """## 7. One call: a method's stability on the texts' objectives (issue 14)

`method_stability(method, objective)` composes the method's update with the objective's own gradient,
linearises it at each certified minimiser (the Hessian there enters the iteration matrix), factors the
characteristic polynomial over the field of the Hessian's eigenvalues and returns the exact region in the
hyper-parameters, simplified, with the derived optimal hyper-parameters and their rate (each rate re-checked
as an mpmath spectral radius). Methods: `gd`, `heavy_ball`, `momentum` (D2L's form), `nesterov` (look-ahead),
`nesterov_torch`, `rmsprop` / `adam` (frozen preconditioner), or any rule calling `grad(...)`.

D2L 11.6's objective f = 0.1 x₁² + 2 x₂²:"""),
    ("code", """from symopt.stability import method_stability
from symopt.rates import order, nesterov_joint_optimal

f116 = "0.1*x1**2 + 2*x2**2"
for method in ("gd", "momentum", "nesterov"):
    (m,) = method_stability(method, f116)
    print(f"{method:9s} stable iff {m.region}")
    for label, t in m.tunings.items():
        print(f"          optimal {label}: {t['params']}, rate {t['rate']} ~ {float(t['rate']):.4f}")
(mom,) = method_stability("momentum", f116)
for vals in ({"eta": "0.6", "beta": "0.5"}, {"eta": "0.6", "beta": "0.25"}, {"eta": "0.6", "beta": "0"}):
    print("D2L 11.6 run", vals, "->", mom.verdict(vals).status)"""),
    ("md", """The text's runs (η = 0.6 with β = 0.5 and 0.25) are inside the region; plain GD with η = 0.6 (β = 0) is not.

Heavy ball on a quadratic whose Hessian has eigenvalues 4 ± √6: the characteristic polynomial splits over
ℚ(√6) and the region is one bound per parameter, not eight inequalities:"""),
    ("code", """m = method_stability("heavy_ball", "2*x**2 + sqrt(6)*x*y + 2*y**2", at="x=0, y=0")
print("factors:", [f.as_expr() for f in m.factors])
print("region:", m.region)
m"""),
    ("md", """A non-quadratic objective (D2L 11.3's kind of quartic), near each of its certified minimisers, whose
coordinates are algebraic numbers (roots of 4x³ − 6x + 1). The region is local: it decides convergence
close to x*, not from every start (section 5)."""),
    ("code", """for m in method_stability("heavy_ball", "x**4 - 3*x**2 + x"):
    print("x* =", m.point, " f''(x*) ~", float(sp.N(m.hessian[0, 0])))
    print("   stable iff", m.region)
    t = m.tunings["heavy_ball"]
    print("   optimal:", {k: float(sp.N(v)) for k, v in t["params"].items()}, "rate", float(sp.N(t["rate"])))"""),
    ("md", """**All tunings, derived with symbolic μ, L.** Nesterov's textbook fixes η = 1/L; Lessard, Recht and
Packard (2016) tune η and β jointly on quadratics: α = 4/(3L + μ), rate 1 − 2/√(3κ + 1). symopt derives it
(a double root at μ balanced against the real root at L):"""),
    ("code", """t = nesterov_joint_optimal()
print(t.params, "rate", t.rate_kappa)
for k in (10, 100, 1000):
    print(f"kappa = {k:4d}:", ", ".join(f"{tt.method} {float(tt.rate_kappa.subs(kap, k)):.4f}"
                                       for tt in (gd_optimal(), heavy_ball_optimal(), nesterov_optimal(), t)))"""),
    ("md", """**Order of any iteration.** `order(rule, at=...)` reads the order and constant from the exact Taylor
coefficients of the error map, with an mpmath cross-check: Halley's method on x³ − 2 is cubic with constant
2^(1/3)/3; Newton with step m at a root of multiplicity m is quadratic again; plain Newton there is linear."""),
    ("code", """halley = "x - 2*(x**3 - 2)*3*x**2/(2*(3*x**2)**2 - (x**3 - 2)*6*x)"
for rule, at in [(halley, "2**(1/3)"),
                 ("x - 2*(x - 1)**2*(x + 3)/(2*(x - 1)*(x + 3) + (x - 1)**2)", 1),
                 ("x - (x - 1)**2*(x + 3)/(2*(x - 1)*(x + 3) + (x - 1)**2)", 1)]:
    r = order(rule, at=at)
    print(f"order {r.order}, constant {r.constant} ~ {float(r.constant):.6f}; mpmath: {r.empirical_order:.4f}, "
          f"{r.empirical_constant:.6f}")
import time
t0 = time.perf_counter()
rs = newton("x**4 - 3*x**2 + x")
print(f"Newton at the 3 critical points of x^4 - 3x^2 + x in {time.perf_counter() - t0:.2f} s:", rs)"""),
    ("md", """**The unit circle.** An iteration whose linearisation has an eigenvalue on the unit circle is neither
proved stable nor unstable: GD on x⁴ has Jacobian 1 at 0 and still converges (sublinearly)."""),
    ("code", """from symopt.stability import iteration_matrix
print(is_stable(iteration_matrix("x = x - eta*4*x**3", "x", params="eta"), {"eta": "1/10"}))
cur = 0.5
for _ in range(20000):
    cur -= 0.1 * 4 * cur**3
print("after 20000 steps:", cur, " ~ 1/sqrt(8*0.1*20000) =", 1 / math.sqrt(8 * 0.1 * 20000))"""),
]


def build() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.cells = [new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


if __name__ == "__main__":
    root = pathlib.Path(__file__).resolve().parents[2]
    nbformat.write(build(), root / "notebooks" / "theory_convergence.ipynb")
