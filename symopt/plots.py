"""Figures for optimizer runs: traces over the function or its contours, convergence, schedules.

One convention: every function returns a :class:`matplotlib.figure.Figure`
and that figure shows itself in Jupyter when it is the value of a cell (it has
a ``_repr_png_``), with or without ``%matplotlib inline``.  The figures are
built without pyplot (no global state, nothing shown twice, no display
needed); save one with ``fig.savefig("out.png")``.  Pass ``ax=`` to draw into
an Axes of your own instead (then that Axes' figure is returned).
matplotlib is imported on first use.

* :func:`trace_1d`: ``f`` over an interval with the iterates on it (the texts' ``show_trace``);
* :func:`trace_2d`: contours of ``f`` with the path of the iterates (``show_trace_2d``);
* :func:`convergence`: ``f(x_k) - f*`` on a log scale for one or several traces,
  with ``f*`` the value you pass, else the certified minimum of the objective
  you pass (:func:`symopt.critical.global_minimum`), else the values
  ``f(x_k)`` themselves (never a gap of 0 drawn at an arbitrary floor);
* :func:`schedules`: learning-rate schedules over steps;
* :func:`compare`: several optimizers on one 2-D objective (paths and convergence).

Paths carry a start marker (circle) and an end marker (square); every figure
has a title and axis labels.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from .errors import DimensionError
from .display import figure
from .optimizers.core import as_compiled
from .critical import global_minimum
from .core.objective import Objective
from .config import config

__all__ = ["trace_1d", "trace_2d", "convergence", "certified_minimum", "schedules", "compare", "FIGSIZE", "DPI"]

_PATH_COLOR = "#ff7f0e"
_CONTOUR_COLOR = "#1f77b4"


#: Default figure size in inches (at 100 dpi: 600 x 400 pixels).
FIGSIZE = (6.0, 4.0)
#: Resolution of the PNG a figure shows in Jupyter.
DPI = 100

def _figure(size=FIGSIZE, ncols: int = 1):

    fig = figure((size[0] * ncols, size[1]), dpi=DPI)
    axes = [fig.add_subplot(1, ncols, i + 1) for i in range(ncols)]
    return fig, axes


def _markers(ax, xs, ys, color) -> None:
    """Start (circle) and end (square) markers of a path."""
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    ok = np.isfinite(xs) & np.isfinite(ys)
    if not ok.any():
        return
    xs, ys = xs[ok], ys[ok]
    ax.plot([xs[0]], [ys[0]], "o", color=color, markersize=8, markerfacecolor="white", markeredgewidth=2,
            zorder=5, label="_start")
    ax.plot([xs[-1]], [ys[-1]], "s", color=color, markersize=7, zorder=5, label="_end")


def _compiled(obj: Any, params: Mapping[str, Any] | None):

    return as_compiled(obj, params)


def _path(trace: Any) -> np.ndarray:
    if trace.batch_shape:
        raise DimensionError("plot one trajectory at a time: pass trace.member(i)")
    return np.asarray(trace.xs[: trace.stop + 1], dtype=float)


def trace_1d(obj: Any, trace: Any, *, params: Mapping[str, Any] | None = None, span: tuple[float, float] | None = None,
             ax: Any = None):
    """``f`` over ``[-r, r]`` (``r`` the largest ``|x_k|``, as the texts choose it) with the iterates.

    Args:
        obj: the objective (one variable).
        trace: a single-trajectory :class:`~symopt.optimizers.Trace`.
        params: parameter values of ``obj``.
        span: the plotted interval instead of ``[-r, r]``.
        ax: draw into this Axes instead of a new Figure.
    """
    f = _compiled(obj, params)
    if f.n != 1:
        raise DimensionError(f"trace_1d needs an objective of one variable, got {f.n}")
    xs = _path(trace)[:, 0]
    finite = xs[np.isfinite(xs)]
    if span is None:
        r = float(np.max(np.abs(finite))) if finite.size else 1.0
        span = (-r, r) if r > 0 else (-1.0, 1.0)
    grid = np.linspace(span[0], span[1], 400)
    if ax is None:
        fig, (ax,) = _figure()
    else:
        fig = ax.figure
    ax.plot(grid, f.value(grid), "-", color=_CONTOUR_COLOR)
    ax.plot(finite, f.value(finite), "-o", color=_PATH_COLOR, markersize=3)
    _markers(ax, finite, f.value(finite), _PATH_COLOR)
    ax.set_xlabel(trace.variables[0])
    ax.set_ylabel(f"f({trace.variables[0]})")
    ax.set_title(f"{trace.method}: {trace.stop} steps from {trace.variables[0]} = {float(finite[0]):g}"
                 if finite.size else trace.method)
    return fig


def _box(paths: Sequence[np.ndarray], pad: float = 0.1) -> tuple[tuple[float, float], tuple[float, float]]:
    pts = np.concatenate([p[np.isfinite(p).all(-1)] for p in paths]) if paths else np.zeros((1, 2))
    lo, hi = pts.min(0), pts.max(0)
    width = np.maximum(hi - lo, 1.0)
    lo, hi = lo - pad * width, hi + pad * width
    return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


def _contours(ax, f, xlim, ylim, levels):
    g1, g2 = np.meshgrid(np.linspace(*xlim, 200), np.linspace(*ylim, 200))
    Z = f.value(np.stack([g1, g2], axis=-1))
    ax.contour(g1, g2, Z, levels=levels, colors=_CONTOUR_COLOR, linewidths=0.8)


def trace_2d(obj: Any, trace: Any, *, params: Mapping[str, Any] | None = None,
             xlim: tuple[float, float] | None = None, ylim: tuple[float, float] | None = None,
             levels: int = 12, ax: Any = None):
    """Contours of a 2-variable ``f`` with the path ``x_0, x_1, ...`` (the texts' ``show_trace_2d``).

    The default window is the path's bounding box padded by 10% (the texts fix
    ``[-5.5, 1] x [-3, 1]``; pass ``xlim``/``ylim`` for that).
    """
    f = _compiled(obj, params)
    if f.n != 2:
        raise DimensionError(f"trace_2d needs an objective of two variables, got {f.n}")
    path = _path(trace)
    bx, by = _box([path])
    xlim, ylim = xlim or bx, ylim or by
    if ax is None:
        fig, (ax,) = _figure()
    else:
        fig = ax.figure
    _contours(ax, f, xlim, ylim, levels)
    ax.plot(path[:, 0], path[:, 1], "-o", color=_PATH_COLOR, markersize=3)
    _markers(ax, path[:, 0], path[:, 1], _PATH_COLOR)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel(trace.variables[0])
    ax.set_ylabel(trace.variables[1])
    ax.set_title(f"{trace.method}: {trace.stop} steps, {trace.status}")
    return fig


def _as_dict(traces: Any) -> dict[str, Any]:
    if isinstance(traces, Mapping):
        return dict(traces)
    if hasattr(traces, "xs"):
        return {traces.method: traces}
    return {f"{t.method} ({i})": t for i, t in enumerate(traces)}


def certified_minimum(obj: Any, params: Mapping[str, Any] | None = None) -> float | None:
    """The minimum of ``obj`` when symopt can certify it (``None`` otherwise).

    Uses :func:`symopt.critical.global_minimum` (within 2 s) and returns
    its certified lower bound (so ``f(x_k) - f*`` is never understated), when
    the minimum is certified over the whole space (a minimum over a search box
    is not ``f*`` for iterates that may leave it).
    Returns ``None`` for text that is not an objective, an unbound parameter, or
    a minimum that is not certified.
    """
    try:

        o = obj if isinstance(obj, Objective) else Objective(obj)
        if params:
            o = o.bind(params)
        if o.params:
            return None

        with config.override(budgets={"critical_points": min(config.budget_for("critical_points") or 2.0, 2.0)}):
            gm = global_minimum(o)  # a figure waits at most ~2 s for its f*
    except Exception:  # any failure means: not derivable here; the plot falls back to f(x_k)
        return None
    if getattr(gm, "status", None) != "certified" or gm.lower is None:
        return None
    if not str(getattr(gm, "domain", "")).startswith("R^"):  # a minimum over a box only: not f*
        return None
    return float(gm.lower)


def convergence(traces: Any, *, f_star: float | None = None, obj: Any = None, params: Mapping[str, Any] | None = None,
                ax: Any = None, title: str | None = None, floor: float | None = None):
    """``f(x_k) - f*`` against ``k`` on a log scale, or ``f(x_k)`` when ``f*`` is not known.

    Args:
        traces: a Trace, a list of them, or ``{label: trace}``.
        f_star: the optimal value, if you know it.
        obj: the objective; without ``f_star`` its certified minimum is used
            when symopt can derive it (:func:`certified_minimum`).
        params: parameter values of ``obj``.
        ax: draw into this Axes.
        title: the title (default: says which ``f*`` was used).
        floor: ignored (deprecated; kept for one release): gaps that are not
            positive are left out instead of being drawn at a floor.

    With neither ``f_star`` nor a certified minimum the values ``f(x_k)``
    themselves are plotted (log scale when they are positive and span more
    than three decades).  Steps whose gap is not positive (``f(x_k) <= f*``)
    are left out rather than drawn at an arbitrary floor; the y-axis spans the
    drawn gaps only.
    """
    if floor is not None:
        import warnings

        warnings.warn("plots.convergence(floor=...) is ignored: non-positive gaps are left out", DeprecationWarning,
                      stacklevel=2)
    items = _as_dict(traces)
    source = "given"
    if f_star is None and obj is not None:
        f_star = certified_minimum(obj, params)
        source = "certified"
    if ax is None:
        fig, (ax,) = _figure()
    else:
        fig = ax.figure
    drawn: list[np.ndarray] = []
    below = 0
    for label, t in items.items():
        if t.batch_shape:
            raise DimensionError("convergence plots single trajectories: pass trace.member(i)")
        v = np.asarray(t.values[: t.stop + 1], dtype=float)
        k = np.arange(v.size)
        y = v - f_star if f_star is not None else v
        ok = np.isfinite(y) & (y > 0 if f_star is not None else True)
        below += int(np.sum(np.isfinite(y) & ~ok))
        line = ax.plot(k[ok], y[ok], "-", label=label)[0]
        if ok.any():
            _markers(ax, k[ok], y[ok], line.get_color())
            drawn.append(y[ok])
    values = np.concatenate(drawn) if drawn else np.zeros(0)
    if f_star is not None:
        if values.size:
            ax.set_yscale("log")
            lo, hi = float(values.min()), float(values.max())
            ax.set_ylim(lo / 2.0, hi * 2.0)
        ax.set_ylabel("f(x_k) - f*")
        what = f"f* = {f_star:.6g}, " + ("the certified minimum" if source == "certified" else "given")
        if below:
            what += f"; {below} step(s) with f(x_k) <= f* not drawn"
    else:
        if values.size and values.min() > 0 and values.max() / values.min() > 1e3:
            ax.set_yscale("log")
        ax.set_ylabel("f(x_k)")
        what = "f* unknown: values f(x_k)"
    ax.set_xlabel("step k")
    ax.set_title(title if title is not None else f"convergence: {what}", fontsize="medium")
    if len(items) > 1:
        ax.legend(fontsize="small")
    return fig


def schedules(items: Any, steps: int = 50, *, ax: Any = None):
    """Learning-rate schedules ``t -> eta`` for ``t = 0 .. steps-1``.

    Args:
        items: a schedule, a list, or ``{label: schedule}``.
    """
    if callable(items) and not isinstance(items, Mapping):
        items = {getattr(items, "__class__", type(items)).__name__: items}
    elif not isinstance(items, Mapping):
        items = {f"schedule {i}": s for i, s in enumerate(items)}
    t = np.arange(int(steps))
    if ax is None:
        fig, (ax,) = _figure()
    else:
        fig = ax.figure
    for label, s in items.items():
        ax.plot(t, [float(s(int(k))) for k in t], label=label)
    ax.set_xlabel("step t")
    ax.set_ylabel("learning rate")
    ax.set_title("learning-rate schedules" if len(items) > 1 else f"learning rate: {next(iter(items))}")
    if len(items) > 1:
        ax.legend(fontsize="small")
    return fig


def compare(obj: Any, traces: Any, *, params: Mapping[str, Any] | None = None, f_star: float | None = None,
            levels: int = 12):
    """Several optimizers on one objective: paths over the contours (2-D) and their convergence.

    For an objective of two variables the figure has two panels (paths,
    convergence); otherwise only the convergence panel.  ``f*`` as in
    :func:`convergence` (given, else certified from ``obj``, else the values).
    """
    items = _as_dict(traces)
    f = _compiled(obj, params)
    if f.n == 2:
        fig, (ax1, ax2) = _figure((FIGSIZE[0] * 0.85, FIGSIZE[1]), ncols=2)
        paths = {k: _path(t) for k, t in items.items()}
        xlim, ylim = _box(list(paths.values()))
        _contours(ax1, f, xlim, ylim, levels)
        for label, p in paths.items():
            line = ax1.plot(p[:, 0], p[:, 1], "-o", markersize=2, label=label)[0]
            _markers(ax1, p[:, 0], p[:, 1], line.get_color())
        ax1.set_xlim(*xlim)
        ax1.set_ylim(*ylim)
        names = next(iter(items.values())).variables
        ax1.set_xlabel(names[0])
        ax1.set_ylabel(names[1])
        ax1.set_title("paths over the contours of f", fontsize="medium")
        ax1.legend(fontsize="small")
        convergence(items, f_star=f_star, obj=obj if f_star is None else None, params=params, ax=ax2)
        return fig
    fig, (ax,) = _figure()
    convergence(items, f_star=f_star, obj=obj if f_star is None else None, params=params, ax=ax)
    return fig
