"""Rich display: short reprs and Jupyter's ``_repr_latex_`` / ``_repr_html_`` for every result type.

IPython's display protocol (IPython docs, "Rich display": an object's
``_repr_html_``, ``_repr_latex_``, ``_repr_markdown_``, ``_repr_png_``) is what
Jupyter calls; these tests call the same methods.  The size limits come from
issue 16 (a 50-step Trace repr was 6,000 characters; a Verdict's ~900).
"""

from __future__ import annotations

import html
import re

import numpy as np
import pytest
import sympy as sp

import symopt
from symopt import Objective, display
from symopt import optimizers as O

SHORT = display.REPR_WIDTH


def test_short_repr_cuts_fields_and_the_line():
    line = display.short_repr("T", "head", a="x" * 500, b=sp.Symbol("y") ** 2, c=None, d="")
    assert line.startswith("T(head, a='") and "b=y**2" in line and "c=" not in line and "d=" not in line
    assert len(line) <= SHORT
    assert len(display.short_repr("T", *["p" * 50] * 20)) <= SHORT


def test_math_text_and_latex_of_mappings_sequences_arrays():
    x, y = sp.symbols("x y")
    assert display.math_text({x: 1, y: sp.Rational(1, 2)}) == "x = 1, y = 1/2"
    assert display.math_text(np.array([0.1234567891, 2.0])) == "(0.123457, 2)"
    assert display.math_text(float("inf")) == "inf"
    assert display.latex({x: sp.Rational(1, 2)}) == r"x = \frac{1}{2}"
    assert display.latex_block(x**2, label="f(x)") == "$$f(x) = x^{2}$$"
    block = display.latex_block(**{r"\nabla f": sp.Matrix([2 * x]), "H": sp.Matrix([[2]])})
    assert block.startswith(r"$$\begin{aligned}") and block.endswith(r"\end{aligned}$$")


def test_html_table_escapes_and_counts_hidden_rows():
    table = display.html_table(["a", "b"], [["<script>", 1]] * 60, title="t<", notes=["n&"], max_rows=50)
    assert "<script>" not in table and "&lt;script&gt;" in table
    assert table.count("<tr>") == 51  # header + 50 rows
    assert "10 more rows" in table and "t&lt;" in table and "n&amp;" in table
    md = display.markdown_table(["a|b"], [["x|y"]])
    assert md.splitlines()[0] == r"| a\|b |"


def test_objective_renders_as_latex_and_keeps_a_short_repr():
    obj = Objective("a*x**2 + log(y)", variables="x, y", params="a", domain="y > 0")
    assert obj._repr_latex_() == r"$$f(x, y; a) = a x^{2} + \log{\left(y \right)}, \quad y > 0$$"
    big = Objective(" + ".join(f"(x{i} - {i})**2" for i in range(1, 60)))
    assert len(repr(big)) < 400


def test_trace_repr_is_short_and_has_the_optimize_result_fields():
    """scipy.optimize.OptimizeResult's x, fun, nit, jac, success, message (SciPy reference docs)."""
    tr = O.gd("x1**2 + 2*x2**2", [-5, -2], lr=0.1, steps=50)
    text = repr(tr)
    assert len(text) <= SHORT and text.startswith("Trace(gd, max_steps, nit=50, fun=")
    assert tr.fun == pytest.approx(float(tr.value)) and tr.nit == 50 and tr.success is False
    assert "step budget" in tr.message
    assert np.array_equal(tr.jac, tr.grads[-1]) and np.array_equal(tr.x0, [-5.0, -2.0])
    conv = O.gd("x1**2 + 2*x2**2", [-5, -2], lr=0.1, steps=500, tol=1e-8)
    assert conv.success is True and conv.nit < 500 and "converged" in conv.message
    batch = O.gd("x**2", np.ones((3, 1)), lr=np.array([0.1, 0.5, 1.5]), steps=20)
    assert repr(batch) == "Trace(gd, batch (3,), 20 steps, max_steps 3)"
    assert batch.success.shape == (3,)


def test_trace_html_has_the_summary_and_a_small_plot():
    tr = O.momentum("0.1*x1**2 + 2*x2**2", [-5, -2], lr=0.6, beta=0.5, steps=20)
    page = tr._repr_html_()
    assert "Trace: momentum" in page and "max_steps" in page and "x1 = " in page
    assert page.count("data:image/png;base64,") == 1
    assert "| status | max_steps |" in tr._repr_markdown_()


def test_x0_as_a_dict_names_the_variables():
    a = O.gd("x1**2 + 2*x2**2", {"x2": -2, "x1": -5}, lr=0.1, steps=5)
    b = O.gd("x1**2 + 2*x2**2", [-5, -2], lr=0.1, steps=5)
    assert np.array_equal(a.xs, b.xs)
    x1, x2 = sp.symbols("x1 x2")
    assert np.array_equal(O.gd("x1**2 + 2*x2**2", {x1: -5, x2: -2}, lr=0.1, steps=5).xs, b.xs)
    with pytest.raises(symopt.DimensionError, match="lacks x2"):
        O.gd("x1**2 + 2*x2**2", {"x1": -5}, steps=5)
    with pytest.raises(symopt.DimensionError, match="'x3', which is not a variable"):
        O.gd("x1**2 + 2*x2**2", {"x1": -5, "x3": 1}, steps=5)


def test_verdict_repr_html_and_to_dict():
    """Convexity of x^2 + 2y^2 (proved) and x cos(pi x) (refuted; D2L 11.1's example)."""
    proved = symopt.convexity("x**2 + 2*y**2")
    refuted = symopt.convexity("x*cos(pi*x)")
    for v in (proved, refuted):
        assert len(repr(v)) <= SHORT and "Box(" not in repr(v)
        assert v.to_dict() == v.to_json()
    assert repr(proved).startswith("Verdict(convex: proved")
    assert repr(refuted).startswith("Verdict(convex: refuted") and "witness=" in repr(refuted)
    page = refuted._repr_html_()
    assert "witness" in page and "refuted" in page
    assert "evidence" in proved._repr_html_()


def test_rates_results_render():
    r = symopt.rates.gd_quadratic(sp.Matrix([[1, 0], [0, 10]]))
    assert repr(r) == ("GDQuadraticRate(stable_range=Interval.open(0, 1/5), optimal_eta=2/11, "
                       "optimal_rate=9/11, condition_number=10)")
    page = r._repr_html_()
    assert r"\(\frac{2}{11}\)" in html.unescape(page)


def test_figure_png_and_inline_html():
    from symopt import plots

    fig = plots.trace_1d("x**2", O.gd("x**2", [3], lr=0.2, steps=5))
    png = display.figure_png(fig, dpi=40)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    tag = display.figure_html(fig, dpi=40, width=200)
    assert re.match(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" width="200"/>', tag)


def test_progress_is_silent_in_tests_and_a_tqdm_bar_when_asked(capsys):
    """tqdm (tqdm.github.io) bars only in interactive sessions; pytest's captured stderr is not one."""
    items = list(range(5))
    assert display.progress(items) is items
    bar = display.progress(items, enabled=True, delay=0, desc="sweep")
    assert list(bar) == items and bar.total == 5
    assert display.progress(iter(items), enabled=False) is not None
    capsys.readouterr()
