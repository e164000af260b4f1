"""Figures for optimizer runs: traces over the function or its contours, convergence, schedules.

Every function returns a :class:`matplotlib.figure.Figure` built without
pyplot (no global state, no display needed); save it with
``fig.savefig("out.png")``.  matplotlib is imported on first use.

* :func:`trace_1d`: ``f`` over an interval with the iterates on it (the texts' ``show_trace``);
* :func:`trace_2d`: contours of ``f`` with the path of the iterates (``show_trace_2d``);
* :func:`convergence`: ``f(x_k) - f*`` on a log scale for one or several traces;
* :func:`schedules`: learning-rate schedules over steps;
* :func:`compare`: several optimizers on one 2-D objective (paths and convergence).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from .errors import DimensionError

__all__ = ["trace_1d", "trace_2d", "convergence", "schedules", "compare"]

_PATH_COLOR = "#ff7f0e"
_CONTOUR_COLOR = "#1f77b4"


def _figure(size=(3.5, 2.5), ncols: int = 1):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(size[0] * ncols, size[1]), layout="constrained")
    axes = [fig.add_subplot(1, ncols, i + 1) for i in range(ncols)]
    return fig, axes


def _compiled(obj: Any, params: Mapping[str, Any] | None):
    from .optimizers.core import as_compiled

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
    ax.set_xlabel(trace.variables[0])
    ax.set_ylabel(f"f({trace.variables[0]})")
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
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel(trace.variables[0])
    ax.set_ylabel(trace.variables[1])
    return fig


def _as_dict(traces: Any) -> dict[str, Any]:
    if isinstance(traces, Mapping):
        return dict(traces)
    if hasattr(traces, "xs"):
        return {traces.method: traces}
    return {f"{t.method} ({i})": t for i, t in enumerate(traces)}


def convergence(traces: Any, *, f_star: float | None = None, ax: Any = None, floor: float = 1e-300):
    """``f(x_k) - f*`` against ``k`` on a log scale.

    Args:
        traces: a Trace, a list of them, or ``{label: trace}``.
        f_star: the optimal value (default: the smallest value seen in any trace).
        floor: gaps below this (exact zeros) are drawn at ``floor``.
    """
    items = _as_dict(traces)
    if f_star is None:
        seen = [np.nanmin(np.asarray(t.values)[np.isfinite(t.values)]) for t in items.values()
                if np.isfinite(t.values).any()]
        f_star = float(min(seen)) if seen else 0.0
    if ax is None:
        fig, (ax,) = _figure((4.5, 3.0))
    else:
        fig = ax.figure
    for label, t in items.items():
        if t.batch_shape:
            raise DimensionError("convergence plots single trajectories: pass trace.member(i)")
        gap = np.maximum(np.asarray(t.values[: t.stop + 1]) - f_star, floor)
        ax.semilogy(np.arange(gap.size), gap, label=label)
    ax.set_xlabel("step")
    ax.set_ylabel("f(x) - f*")
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
        fig, (ax,) = _figure((4.5, 3.0))
    else:
        fig = ax.figure
    for label, s in items.items():
        ax.plot(t, [float(s(int(k))) for k in t], label=label)
    ax.set_xlabel("step t")
    ax.set_ylabel("learning rate")
    if len(items) > 1:
        ax.legend(fontsize="small")
    return fig


def compare(obj: Any, traces: Any, *, params: Mapping[str, Any] | None = None, f_star: float | None = None,
            levels: int = 12):
    """Several optimizers on one objective: paths over the contours (2-D) and their convergence.

    For an objective of two variables the figure has two panels (paths,
    convergence); otherwise only the convergence panel.
    """
    items = _as_dict(traces)
    f = _compiled(obj, params)
    if f.n == 2:
        fig, (ax1, ax2) = _figure((4.0, 3.2), ncols=2)
        paths = {k: _path(t) for k, t in items.items()}
        xlim, ylim = _box(list(paths.values()))
        _contours(ax1, f, xlim, ylim, levels)
        for label, p in paths.items():
            ax1.plot(p[:, 0], p[:, 1], "-o", markersize=2, label=label)
        ax1.set_xlim(*xlim)
        ax1.set_ylim(*ylim)
        names = next(iter(items.values())).variables
        ax1.set_xlabel(names[0])
        ax1.set_ylabel(names[1])
        ax1.legend(fontsize="small")
        convergence(items, f_star=f_star, ax=ax2)
        return fig
    fig, (ax,) = _figure((4.5, 3.0))
    convergence(items, f_star=f_star, ax=ax)
    return fig
