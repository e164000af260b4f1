"""Tests of symopt.plots: each figure renders to a PNG and shows the data it was given."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from symopt import optimizers as O
from symopt import plots, schedules
from symopt.errors import DimensionError

F_ILL = "0.1*x1**2 + 2*x2**2"


def _data_lines(ax):
    """The lines that carry data (start/end markers are labelled _start/_end)."""
    return [ln for ln in ax.lines if ln.get_label() not in ("_start", "_end")]


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=50)
    data = buf.getvalue()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return data


def test_trace_1d_draws_function_and_iterates():
    tr = O.gd("x**2", [10], lr=0.2, steps=10)
    fig = plots.trace_1d("x**2", tr)
    _png(fig)
    ax = fig.axes[0]
    curve, path = _data_lines(ax)
    assert np.allclose(path.get_xdata(), tr.xs[:, 0])
    assert np.allclose(path.get_ydata(), tr.values)
    assert curve.get_xdata().min() == -10 and curve.get_xdata().max() == 10  # the text's [-n, n]


def test_trace_2d_path_and_contours():
    tr = O.momentum(F_ILL, [-5, -2], lr=0.6, beta=0.5, steps=20)
    fig = plots.trace_2d(F_ILL, tr, xlim=(-5.5, 1.0), ylim=(-3.0, 1.0))
    _png(fig)
    ax = fig.axes[0]
    (path,) = _data_lines(ax)
    assert np.allclose(path.get_xdata(), tr.xs[:, 0]) and np.allclose(path.get_ydata(), tr.xs[:, 1])
    assert ax.get_xlim() == (-5.5, 1.0)
    assert len(ax.collections) >= 1  # contour set


def test_convergence_log_gap():
    a = O.gd(F_ILL, [-5, -2], lr=0.4, steps=20)
    b = O.momentum(F_ILL, [-5, -2], lr=0.6, beta=0.5, steps=20)
    fig = plots.convergence({"gd": a, "momentum": b}, f_star=0.0)
    _png(fig)
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    assert np.allclose(_data_lines(ax)[0].get_ydata(), a.values)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["gd", "momentum"]


def test_schedules_plot_values():
    s = schedules.cosine(40, base_lr=0.5, final_lr=0.01, warmup_steps=5)
    fig = plots.schedules({"cosine": s, "sqrt": schedules.sqrt(1.0)}, steps=40)
    _png(fig)
    assert np.allclose(fig.axes[0].lines[0].get_ydata(), s.values(40))


def test_compare_two_panels_for_2d_and_one_otherwise():
    runs = {"gd": O.gd(F_ILL, [-5, -2], lr=0.4), "adagrad": O.adagrad(F_ILL, [-5, -2], lr=2)}
    fig = plots.compare(F_ILL, runs)
    _png(fig)
    assert len(fig.axes) == 2 and len(_data_lines(fig.axes[0])) == 2
    f3 = "x1**2 + x2**2 + x3**2"
    fig3 = plots.compare(f3, {"gd": O.gd(f3, [1, 1, 1]), "adam": O.adam(f3, [1, 1, 1], lr=0.1)})
    assert len(fig3.axes) == 1


def test_plot_errors():
    tr = O.gd("x**2", np.ones((3, 1)), lr=0.1)
    with pytest.raises(DimensionError):
        plots.trace_1d("x**2", tr)  # a batch
    with pytest.raises(DimensionError):
        plots.trace_2d("x**2", tr.member(0))  # wrong dimension
    _png(plots.trace_1d("x**2", tr.member(1)))


def test_figures_show_themselves_in_jupyter_and_are_figures():
    """IPython shows an object with ``_repr_png_`` (IPython docs, "Rich display"); the figure stays a Figure."""
    from matplotlib.figure import Figure

    tr = O.gd("x**2", [10], lr=0.2, steps=10)
    fig = plots.trace_1d("x**2", tr)
    assert isinstance(fig, Figure)
    assert fig._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = fig.get_size_inches() * plots.DPI
    assert w >= 500 and h >= 350  # legible: not the old 350 x 250 px
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    labels = [ln.get_label() for ln in ax.lines]
    assert "_start" in labels and "_end" in labels


def test_convergence_axes_never_reach_down_to_a_fake_floor():
    """The gap of the best iterate is 0 when f* is the smallest value seen; the old default drew it
    at 1e-300 and the y-axis spanned 1e13 .. 1e-315 (issue 16).  Now: without f* the values
    themselves are plotted, with f* the non-positive gaps are left out, and the y-limits span the data."""
    tr = O.gd(F_ILL, [-5, -2], lr=0.4, steps=30)
    values = np.asarray(tr.values)
    ax = plots.convergence(tr).axes[0]
    lo, hi = ax.get_ylim()
    assert ax.get_ylabel() == "f(x_k)" and "unknown" in ax.get_title()
    if ax.get_yscale() == "log":
        assert lo > values.min() / 100 and hi < values.max() * 100
    else:  # matplotlib's 5% margins around the data
        span = values.max() - values.min()
        assert values.min() - 0.1 * span <= lo and hi <= values.max() + 0.1 * span

    # f* = the smallest value seen: that step's gap is 0 and is not drawn
    f_star = float(values.min())
    ax = plots.convergence(tr, f_star=f_star).axes[0]
    lo, hi = ax.get_ylim()
    gaps = values - f_star
    positive = gaps[gaps > 0]
    assert ax.get_yscale() == "log"
    assert lo >= positive.min() / 10 and hi <= positive.max() * 10
    assert lo > 1e-30
    assert "not drawn" in ax.get_title()


def test_convergence_uses_the_certified_minimum_when_symopt_derives_it():
    """For x1^2 + 2 x2^2 the minimum is 0 (certified); the plotted gap is then f(x_k) itself."""
    tr = O.gd(F_ILL, [-5, -2], lr=0.4, steps=20)
    f_star = plots.certified_minimum(F_ILL)
    if f_star is None:
        pytest.skip("symopt.critical.global_minimum is not available in this build")
    assert abs(f_star) < 1e-12
    ax = plots.convergence(tr, obj=F_ILL).axes[0]
    assert "certified" in ax.get_title()
    assert np.allclose(_data_lines(ax)[0].get_ydata(), tr.values)


def test_a_minimum_certified_only_in_a_box_is_not_used_as_f_star():
    """x cos x is unbounded below on R (x = 2 pi k + pi, k -> oo); a minimum over [-10, 10] is not f*."""
    assert plots.certified_minimum("x*cos(x)") is None
    tr = O.gd("x*cos(x)", [1.0], lr=0.1, steps=20)
    assert "unknown" in plots.convergence(tr, obj="x*cos(x)").axes[0].get_title()
