"""Build notebooks/convexity_11_2.ipynb (run from the repository root)."""

import nbformat as nbf

cells = []
md = lambda s: cells.append(nbf.v4.new_markdown_cell(s))  # noqa: E731
code = lambda s: cells.append(nbf.v4.new_code_cell(s))  # noqa: E731

md("""# D2L 11.2 Convexity, retold with symopt

This notebook walks through D2L section 11.2 (convex sets and functions, Jensen's
inequality, properties, the Hessian test, constraints and projections) and lets
symopt *decide* each claim: a convexity verdict is `proved` with a certificate,
`refuted` with an exact rational Jensen witness $(x, y, \\theta)$, or `unknown` with
a reason.  Every verdict is re-checked with `v.check()`.  Where the text is
imprecise we say so.  It ends with a figure of projections and a summary table.""")

code("""import numpy as np
import matplotlib.pyplot as plt
import symopt
from symopt import Objective
from symopt.convexity import convexity
from symopt import projections as P
from symopt.testing import check_jensen, check_nonexpansive""")

md("""## Functions: $f = \\tfrac12 x^2$, $g = \\cos(\\pi x)$, $h = e^{x/2}$

D2L plots the three functions with the chord over $[-1.5, 1]$ and says $f$ and $h$
are convex and $g$ is not.  symopt proves the first and third by composition
rules and refutes the second with an exact witness.""")

code("""verdicts = {e: convexity(e) for e in ["0.5*x**2", "cos(pi*x)", "exp(0.5*x)"]}
for e, v in verdicts.items():
    print(f"{e:12} {v.status:8} check={v.check()}  {v.reason}")
w = verdicts["cos(pi*x)"].witness
print("witness:", w.summary())
print("gap f(mid) - mean = ", float(w.gap()))""")

md("""The chord used in the book is itself a witness: at $x=-1.5$, $y=1$, $\\theta=\\tfrac12$
we have $\\cos(\\pi \\cdot (-0.25)) \\approx 0.707 > \\tfrac12(\\cos(-1.5\\pi) + \\cos(\\pi)) = -0.5$.
symopt checks that exactly (interval enclosure at 160 bits):""")

code("""import sympy as sp
from symopt.convexity import JensenWitness
from symopt.core.domain import Box
from symopt.core.parse import parse, parse_symbols
(x,) = parse_symbols("x")
book = JensenWitness(parse("cos(pi*x)"), (x,), (sp.Rational(-3, 2),), (sp.S(1),), sp.Rational(1, 2), Box.whole((x,)))
print(book.check(), book.gap(), float(book.gap()))""")

md("""## Jensen's inequality

$\\sum_i \\alpha_i f(x_i) \\ge f(\\sum_i \\alpha_i x_i)$ for convex $f$.  `symopt.testing.check_jensen`
searches for a violation with hypothesis and shrinks it; it passes for convex
functions and reports a counterexample otherwise.""")

code("""check_jensen("0.5*x**2 + exp(0.5*y)", max_examples=200)
print("no violation found for 0.5 x^2 + exp(y/2)")
try:
    check_jensen("cos(pi*x)", max_examples=200)
except AssertionError as err:
    print(err)""")

md("""## Properties

**Local minima.** The text says "convex functions do not have local minima".  That
is a slip: $x^2$ has one.  The correct statement (and what the argument in
(11.2.5) proves) is that *every local minimum of a convex function is a global
minimum*.  The example $(x+1)(x-1)^2$ has a local minimum at $x=1$ that is not
global, so it cannot be convex, and symopt refutes it.  $\\max(|x|-1, 0)$ is
convex, with a whole interval of minimisers.""")

code("""for e in ["(x+1)*(x-1)**2", "max(abs(x) - 1, 0)", "exp(x)"]:
    v = convexity(e)
    print(f"{e:20} {v.status:8} {v.check()}  {v.reason}")
print(convexity("exp(x)", property="strictly convex").reason)
print(convexity("exp(x)", property="strongly convex").reason)""")

md("""**Below-sets.** The text's $f(x, y) = 0.5x^2 + \\cos(2\\pi y)$ (its code plots
$x^2 + 0.5\\cos(2\\pi y)$) is not convex; both versions are refuted.""")

code("""for e in ["0.5*x**2 + cos(2*pi*y)", "x**2 + 0.5*cos(2*pi*y)"]:
    v = convexity(e)
    print(e, v.status, v.witness.summary())""")

md("""## Derivatives and convexity

A twice-differentiable $f$ is convex iff its Hessian is PSD.  For
$\\tfrac12\\|x\\|^2$ the Hessian is $I$; symopt gives an exact $LDL^\\top$.  For
non-constant Hessians it proves nonnegativity of principal minors, or uses
interval branch-and-bound on a box (here $f'' = e^x - 2x$ on $[-1, 2]$).""")

code("""v = convexity("0.5*(x1**2 + x2**2 + x3**2)", property="strictly convex")
print(v.explain())
v = convexity("exp(x) - x**3/3", domain="-1 <= x <= 2")
print(v.explain())""")

md("""## Exercises 3 and 4: max, min and log-sum-exp

$\\max(f, g)$ of convex functions is convex; $\\min(f, g)$ *need not* be (the text
says "is not convex", which is too strong: $\\min(f, f) = f$).  Log-sum-exp is
convex (a DCP atom).""")

code("""for e in ["max(x**2, (x-2)**2)", "min(x**2, (x-2)**2)", "min(x**2, x**2 + 1)", "logsumexp(x1, x2, x3)"]:
    v = convexity(e)
    print(f"{e:24} {v.status:8} {v.check()}")""")

md("""## Constraints, penalties and projections

Gradient clipping $g \\leftarrow g \\min(1, c/\\|g\\|)$ (11.2.13) is the projection onto
the $\\ell_2$ ball of radius $c$.  The $\\ell_1$ projection (exercise 8) is
soft-thresholding with the $\\lambda$ found by sorting (Duchi et al.), and
projections never increase distances (exercise 9): `check_nonexpansive`
tests that, firm non-expansiveness, idempotence and the variational inequality.""")

code("""g = np.array([3.0, 4.0])
print("clip to c=1:", P.clip_gradient(g, 1.0))
w = np.array([0.8, -0.6, 0.2])
print("l1 projection of", w, "->", np.round(P.l1_ball(w, 1.0), 12) + 0.0, "(soft threshold lambda = 0.2)")
rng = np.random.default_rng(0)
X, Y = rng.normal(size=(2, 500, 2)) * 2
for name, proj in [("l2 ball", lambda Z: P.l2_ball(Z, 1.0)), ("l1 ball", lambda Z: P.l1_ball(Z, 1.0)),
                   ("simplex", P.simplex), ("ball ∩ halfspace (Dykstra)",
                    lambda Z: P.dykstra(Z, [lambda U: P.l2_ball(U, 1.0), lambda U: P.halfspace(U, [1.0, 1.0], 0.5)], max_iter=3000))]:
    check_nonexpansive(proj, X, Y, tol=1e-6)
    print(f"{name:28} non-expansive, firmly non-expansive, idempotent, variational inequality: ok")
A = np.array([[1.0, 1.0]])
M = P.affine(np.eye(2), A, [0.0])
print("exercise 6: projection onto {x1 + x2 = 0} is x -> M x with M =\\n", M)""")

md("""The figure mirrors Fig. 11.2.4: points outside the disc and the diamond
(black) go to their closest points (red); for the ball the direction is kept,
for the diamond it is not.""")

code("""pts = np.array([[1.6, 0.4], [-0.3, 1.5], [-1.2, -1.1], [1.1, -1.4], [0.2, 0.3]])
fig, axes = plt.subplots(1, 2, figsize=(8, 4))
t = np.linspace(0, 2 * np.pi, 200)
for ax, (name, proj, outline) in zip(axes, [
        ("l2 ball", lambda Z: P.l2_ball(Z, 1.0), (np.cos(t), np.sin(t))),
        ("l1 ball", lambda Z: P.l1_ball(Z, 1.0), ([1, 0, -1, 0, 1], [0, 1, 0, -1, 0]))]):
    ax.fill(*outline, color="gold", alpha=0.4)
    proj_pts = proj(pts)
    for p, q in zip(pts, proj_pts):
        ax.plot([p[0], q[0]], [p[1], q[1]], "k--", lw=0.8)
    ax.plot(pts[:, 0], pts[:, 1], "ko")
    ax.plot(proj_pts[:, 0], proj_pts[:, 1], "ro")
    ax.set_aspect("equal"); ax.set_title(name); ax.set_xlim(-2, 2); ax.set_ylim(-2, 2)
plt.tight_layout()
plt.show()""")

md("""## Summary table""")

code("""rows = [("0.5*x**2", None, "convex"), ("cos(pi*x)", None, "convex"), ("exp(0.5*x)", None, "convex"),
        ("(x+1)*(x-1)**2", None, "convex"), ("max(abs(x) - 1, 0)", None, "convex"),
        ("0.5*x**2 + cos(2*pi*y)", None, "convex"), ("logsumexp(x1, x2)", None, "convex"),
        ("x*log(x)", "x > 0", "convex"), ("sqrt(x*y)", "x >= 0, y >= 0", "concave"),
        ("x**2 + 2*y**2", None, "strongly convex"), ("x**2 + 2*y**2", None, "L-smooth")]
print(f"{'objective':26} {'domain':16} {'property':16} {'status':8} {'param':6} check")
for e, d, p in rows:
    v = convexity(e, domain=d, property=p)
    print(f"{e:26} {str(d or 'R^n'):16} {p:16} {v.status:8} {str(v.parameter or ''):6} {v.check()}")""")

nb = nbf.v4.new_notebook()
nb["cells"] = cells
nb["metadata"]["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nbf.write(nb, "notebooks/convexity_11_2.ipynb")
