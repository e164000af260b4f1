"""Write notebooks/tour.ipynb (the toolkit as a student meets it) and execute it.

    .venv/bin/python notebooks/_build/build_tour.py

The cells are plain code; the stored outputs come from executing them with
nbclient (the same kernel tests/test_notebooks.py uses).
"""

from __future__ import annotations

import pathlib

import nbformat
from nbclient import NotebookClient

HERE = pathlib.Path(__file__).resolve().parent.parent

CELLS = [
    ("md", """# A tour of symopt

This notebook is what a student meets first: write an objective with your own
SymPy symbols, let symopt derive the gradient, Hessian, Taylor model, critical
points and a convexity verdict with its evidence, then run the texts'
optimizers and look at the figures.  Every result renders itself here (LaTeX
for formulas, tables for points, verdicts and runs, PNG for figures)."""),
    ("code", """import numpy as np
import sympy as sp
import symopt
from symopt import Objective, plots
from symopt.optimizers import gd, momentum, adagrad"""),
    ("md", """## An objective in your own symbols

symopt keeps the symbols you give it: the gradient below can be evaluated with
`subs({x: 1, y: 2})` and differentiated with `sp.diff(..., x)`."""),
    ("code", """x, y = sp.symbols("x y")
obj = Objective(x**2 + 2*y**2 + x*y)
obj"""),
    ("code", """obj.gradient"""),
    ("code", """obj.gradient.subs({x: 1, y: 2}), sp.diff(obj.expr, x)"""),
    ("code", """obj.hessian"""),
    ("md", """The second-order Taylor model of the course notes' quartic, written in powers of $(w - a)$:"""),
    ("code", """quartic = Objective("(w1**2 + w2**2)**4 - 7*(w1**2 + w2**2)**3 + 13*(w1**2 + w2**2)**2")
quartic.taylor({"w1": sp.Rational(1, 2), "w2": 1}, order=2)"""),
    ("md", """## Critical points and convexity

Critical points come with their kind and say whether the list is complete;
the convexity verdict comes with evidence that `check()` re-verifies."""),
    ("code", """obj.critical_points()"""),
    ("code", """verdict = symopt.convexity(obj)
verdict"""),
    ("code", """verdict.check()"""),
    ("code", """symopt.convexity("x*cos(pi*x)")"""),
    ("md", """## Rates

Gradient descent on the quadratic $\\frac12 x^\\top A x$: the stable step sizes,
the optimal step and its rate."""),
    ("code", """symopt.rates.gd_quadratic(sp.Matrix([[1, 0], [0, 10]]))"""),
    ("md", """## Running the texts' optimizers

A run is a `Trace`; it shows a summary with a small plot of $f(x_k)$, and
has SciPy's `fun`, `nit`, `success` and `message`.  `x0` may name the variables."""),
    ("code", """F = "0.1*x1**2 + 2*x2**2"
tr = momentum(F, x0={"x1": -5, "x2": -2}, lr=0.6, beta=0.5, steps=20)
tr"""),
    ("code", """tr.fun, tr.nit, tr.success"""),
    ("code", """plots.trace_2d(F, tr, xlim=(-5.5, 1.0), ylim=(-3.0, 1.0))"""),
    ("md", """Convergence: $f^*$ is the minimum symopt certifies (here 0, on all of $\\mathbb{R}^2$);
pass `f_star=` if you know it, and without either the values $f(x_k)$ themselves are plotted."""),
    ("code", """runs = {"gd": gd(F, [-5, -2], lr=0.4, steps=20), "momentum": tr, "adagrad": adagrad(F, [-5, -2], lr=0.4, steps=20)}
plots.compare(F, runs)"""),
    ("md", """Long runs (1,000+ steps that are still going after 2 s) show a progress bar;
`progress=True` asks for one always, `progress=False` never."""),
    ("code", """long = gd("x1**2 + 2*x2**2", [-5, -2], lr=0.01, steps=5000, tol=1e-8, progress=False)
long.nit, long.success, long.message"""),
    ("md", """## Typos are caught

A name that runs a function into its argument is a warning; implicit
multiplication is an error that points at the character."""),
    ("code", """import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    Objective("sinx + x**2")
print(caught[0].message)
try:
    Objective("x^4 + y^4 - 4xy")
except symopt.ParseError as exc:
    print(exc)"""),
]


def build() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for kind, text in CELLS:
        nb.cells.append(nbformat.v4.new_markdown_cell(text) if kind == "md" else nbformat.v4.new_code_cell(text))
    return nb


def main() -> None:
    nb = build()
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}).execute()
    nbformat.write(nb, HERE / "tour.ipynb")


if __name__ == "__main__":
    main()
