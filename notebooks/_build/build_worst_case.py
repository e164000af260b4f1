"""Build notebooks/worst_case.ipynb (run from the repository root; executes it and saves the outputs).

    .venv/bin/python notebooks/_build/build_worst_case.py
"""

from __future__ import annotations

import pathlib

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CELLS = [
    ("md", """# Worst cases over function classes, proved: GD, heavy ball and Nesterov side by side

A bound such as "gradient descent with step 1/L reaches f(x_N) − f* ≤ L‖x₀ − x*‖²/(4N + 2) on
every convex L-smooth function" is a statement about a whole class of functions. Sampling
functions cannot prove it. **Performance estimation** (Drori and Teboulle 2014; Taylor, Hendrickx
and Glineur 2017) computes the exact worst case as a small semidefinite program, and
`symopt.pep` turns the solver's dual into an **exact rational certificate**: multipliers for the
class's interpolation inequalities and an LDL factor with non-negative rational pivots. Its
`check()` re-verifies the identity in `fractions.Fraction` arithmetic, with no solver and no floats.

This notebook:

1. certifies the worst case of GD, heavy ball and Nesterov's method after N = 1…8 steps on
   μ-strongly convex L-smooth functions (κ = L/μ = 10) and plots the three certified bounds;
2. certifies linear rates for every N (Lyapunov functions, Lessard, Recht and Packard 2016;
   Taylor, Van Scoy and Lessard 2018); the heavy ball at its quadratic-optimal tuning gets none for κ = 25;
3. shows the tight function: a one-dimensional Huber-type function on which GD attains its bound,
   and runs `symopt.optimizers.gd` on it;
4. fits the closed form L R²/(4N + 2) from certified values and says what is proved and what is conjectured.

It needs the optional solver: `pip install 'symopt-toolkit[pep]'`."""),
    ("code", """from fractions import Fraction
import numpy as np
import matplotlib.pyplot as plt
%matplotlib inline
plt.rcParams["figure.dpi"] = 60

from symopt import pep
from symopt.optimizers import gd

mu = Fraction(1, 10)
cls = pep.smooth_strongly_convex(mu, L=1)
methods = {
    "GD, step 1/L": pep.gd("1/L"),
    "heavy ball, step 1/L, beta 1/2": pep.heavy_ball("1/L", Fraction(1, 2)),
    "Nesterov, step 1/L, beta (1-sqrt(q))/(1+sqrt(q))": pep.nesterov_strongly_convex(),
}
Ns = range(1, 9)
results = {name: [pep.worst_case(m, cls, N, tight=False) for N in Ns] for name, m in methods.items()}
for name, rs in results.items():
    print(f"{name:50s}", "  ".join(f"{float(r.tau):.5f}" for r in rs), "| all checked:", all(r.check() for r in rs))"""),
    ("md", """Each number is a **proved** bound: f(x_N) − f* ≤ τ_N ‖x₀ − x*‖² for every function of the class,
within 10⁻⁶ (relative) of the numeric worst case. One of them in full:"""),
    ("code", """r = results["GD, step 1/L"][2]
print(r.statement)
print("numeric worst case:", r.numeric, " certified tau:", r.tau, "=", float(r.tau))
cert = r.certificate
print("non-zero multipliers:", sum(1 for _, v in cert.multipliers if v), "of", len(cert.multipliers))
print("pivots of the residual Gram matrix (all >= 0):", [str(d) for d in cert.D][:4], "...")
print("check() with no solver, no floats:", cert.check())
r"""),
    ("code", """fig, ax = plt.subplots(figsize=(6, 3.5))
for name, rs in results.items():
    ax.semilogy(list(Ns), [float(r.tau) for r in rs], "o-", label=name)
ax.set_xlabel("N"); ax.set_ylabel("certified worst case of f(x_N) - f*  (R = 1)")
ax.set_title("mu/L = 1/10: proved worst cases"); ax.legend(fontsize=8); plt.show()"""),
    ("md", """## Linear rates for every N

A quadratic Lyapunov function V (in the method's state, and the gradient at the step's point) with
V_{k+1} ≤ ρ² V_k for every function of the class gives a rate for all N at once. Bisection finds the
smallest ρ the LMI certifies; the certificate is exact at a rational ρ² slightly above it."""),
    ("code", """for name, m in methods.items():
    lr = pep.linear_rate(m, cls)
    print(f"{name:50s} rho = {lr.rho:.6f}  (rho^2 = {lr.rho2}), check(): {lr.check()}")
hb_quad = pep.heavy_ball("4/(sqrt(L)+sqrt(mu))**2", "((sqrt(L)-sqrt(mu))/(sqrt(L)+sqrt(mu)))**2")
lr = pep.linear_rate(hb_quad, pep.smooth_strongly_convex(Fraction(1, 25)))
print("heavy ball, quadratic-optimal tuning, kappa = 25:", lr.status, "-", lr.reason)"""),
    ("md", """The heavy ball with the tuning that is optimal on quadratics gets **no** certificate for κ = 25:
Lessard, Recht and Packard (2016) show it cycles on a smooth strongly convex piecewise quadratic.
`symopt` says "unknown" with the reason, never a guessed rate.

## The tight functions

From the solver's worst case, when its Gram matrix has rank one, symopt interpolates the points with
the smooth (strongly) convex interpolant of Taylor et al.: a piecewise quadratic in one variable. The
method reaches its certified bound on it, and symopt's own optimizers reproduce that:
`symopt.optimizers.gd` for GD (on convex L-smooth functions this is Drori and Teboulle's Huber-type
worst case) and `symopt.optimizers.nesterov` (look-ahead form) for Nesterov. The heavy ball's worst case
here is two-dimensional (rank 2), so symopt builds no one-dimensional function for it and says so."""),
    ("code", """from symopt.optimizers import nesterov
N = 3
w_gd = pep.worst_case(pep.gd("1/L"), pep.smooth_convex(1), N)
w_nag = pep.worst_case(methods["Nesterov, step 1/L, beta (1-sqrt(q))/(1+sqrt(q))"], cls, N)
w_hb = pep.worst_case(methods["heavy ball, step 1/L, beta 1/2"], cls, N)
print("heavy ball:", w_hb.tight_reason)
beta = (1 - np.sqrt(0.1)) / (1 + np.sqrt(0.1))
runs = [("GD on convex 1-smooth", w_gd, gd(w_gd.tight.objective(), x0=[w_gd.tight.x0], lr=1.0, steps=N)),
        ("Nesterov on mu/L = 1/10", w_nag, nesterov(w_nag.tight.objective(), x0=[w_nag.tight.x0], lr=1.0, beta=beta, steps=N))]
fig, axes = plt.subplots(1, 2, figsize=(9, 3.2))
for ax, (title, w, tr) in zip(axes, runs):
    tf = w.tight
    reached = float(tf(tr.x[0]) - tf(0.0))
    print(f"{title}: f(x_N) - f* = {reached:.9f} on the tight function, certified bound {float(w.tau):.9f}")
    lo, hi = min(-1.2, tr.xs[:, 0].min() - 0.2), max(1.2, tr.xs[:, 0].max() + 0.2)
    xs = np.linspace(lo, hi, 400)
    ax.plot(xs, tf(xs), label="tight function")
    ax.plot(tr.xs[:, 0], tf(tr.xs[:, 0]), "o-", label="iterates (symopt.optimizers)")
    ax.set_title(f"{title}, N = {N}", fontsize=9); ax.set_xlabel("x"); ax.legend(fontsize=7)
plt.show()"""),
    ("md", """## A closed form in N

The certified τ_N for N = 1…4 are fitted by a rational function of N, which is then checked against
fresh certificates at N = 6 and 8. Each listed N is **proved**; the formula for every N is a
**conjecture** here (it is Drori and Teboulle's theorem)."""),
    ("code", """cf = pep.closed_form(pep.gd("1/L"), pep.smooth_convex("L"), fit=(1, 2, 3, 4), check=(6, 8))
print("formula:", cf.formula)
print("proved:", cf.proved)
print("conjecture:", cf.conjecture)
cf"""),
]


def build(path: pathlib.Path) -> None:
    nb = new_notebook()
    nb.metadata["symopt"] = {"extras": ["pep"]}
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for kind, src in CELLS:
        nb.cells.append(new_markdown_cell(src) if kind == "md" else new_code_cell(src))
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(nb, path)


if __name__ == "__main__":
    build(pathlib.Path(__file__).resolve().parent.parent / "worst_case.ipynb")
