"""The shared machinery of :mod:`symopt.optimizers`: ``Rule``, ``Trace`` and the run loop.

An optimizer is a :class:`Rule`: a pure ``init(x) -> state`` and a pure
``update(x, g, state, t, lr, f) -> (x_new, state_new, lr_used)`` (the optax
model).  Hyper-parameters are closed over when the rule is built.  Every rule
works on a batch: ``x`` has shape ``(..., n)`` and hyper-parameters are arrays
broadcast against the batch shape ``(...)`` (shaped ``(..., 1)`` internally).

:func:`run` is the one loop: it evaluates gradients, applies the rule, records
the trajectory, and marks each member of the batch ``converged`` (gradient
norm at most ``tol``), ``diverged`` (a non-finite iterate or one with a
coordinate beyond ``diverge_at``) or ``max_steps``.  A stopped member is frozen
at its stopping iterate while the others go on; the loop ends when every
member has stopped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, ClassVar, Mapping, NamedTuple, Sequence

import numpy as np

from ..errors import DimensionError, OptimizerError, ParameterError
from .. import display
from ..compile import CompiledObjective
from ..core.objective import Objective
from ..core.parse import suggest
from ..display import tqdm_class
from ..config import config
from ..results import plain, summary_latex
from ..display import progress_enabled
from .fast import gd_scalar

__all__ = ["Rule", "Trace", "run", "STATUSES", "as_compiled", "as_x0", "hyper_array", "check_lr"]

STATUSES = ("converged", "diverged", "max_steps")
_CONVERGED, _DIVERGED, _RUNNING = 0, 1, 2

Array = np.ndarray


class Rule(NamedTuple):
    """One algorithm as a pure ``(init, update)`` pair.

    Attributes:
        name: the method's name (``"adam"``, ...).
        init: ``init(x) -> state`` (a tuple of arrays).
        update: ``update(x, g, state, t, lr, f) -> (x_new, state_new, lr_used)``;
            ``t`` is the 0-based step index, ``lr`` the step size of this step
            (an array broadcastable to ``x``), ``f`` the compiled objective (for
            methods that need values or Hessians); ``lr_used`` is the step size
            actually taken (line searches choose their own) or ``None`` for ``lr``.
        hyper: the hyper-parameters, for the record.
    """

    name: str
    init: Callable[[Array], tuple]
    update: Callable[..., tuple]
    hyper: Mapping[str, Any]
    scalar: str | None = None


def _readonly(a: Array) -> Array:
    a = np.asarray(a)
    a.flags.writeable = False
    return a


@dataclass(frozen=True, repr=False)
class Trace:
    """The record of one optimizer run (single trajectory or a batch).

    With ``x0`` of shape ``(n,)`` the arrays have no batch axes; with a batch
    of shape ``B`` (``x0`` of shape ``B + (n,)`` or array hyper-parameters)
    every array carries ``B`` after its step axis.

    Attributes:
        method: the algorithm's name.
        xs: iterates ``x_0 .. x_T``, shape ``(T+1, *B, n)``; a stopped member
            keeps its stopping iterate in the later rows.
        values: ``f(x_k)``, shape ``(T+1, *B)``.
        grads: the gradient the method used at ``x_k`` (noisy for SGD,
            minibatch for minibatch SGD), shape ``(T+1, *B, n)``.
        lrs: the step size taken at step ``k`` (``x_k -> x_{k+1}``), shape ``(T, *B)``.
        x: the final iterate of each member, shape ``(*B, n)``.
        value: ``f(x)``, shape ``B``.
        status: ``"converged"``, ``"diverged"`` or ``"max_steps"`` (an array of
            them for a batch).
        stop: the step at which each member stopped (its number of steps).
        variables: the variable names, in coordinate order.
        hyper: the hyper-parameters of the run.
        form: ``"text"`` or ``"torch"`` (which update formula was used).
    """

    STATUS_KIND: ClassVar[str] = "run"  # symopt.results: converged, diverged, max_steps (one per member)

    method: str
    xs: Array
    values: Array
    grads: Array
    lrs: Array
    x: Array
    value: Array
    status: Any
    stop: Any
    variables: tuple[str, ...]
    hyper: Mapping[str, Any] = field(default_factory=dict)
    form: str = "text"

    @property
    def steps(self) -> int:
        """Number of steps recorded (``len(xs) - 1``)."""
        return int(self.xs.shape[0]) - 1

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """The batch shape ``B`` (``()`` for a single trajectory)."""
        return tuple(self.x.shape[:-1])

    def member(self, index: Any) -> "Trace":
        """One member of a batched trace as a single-trajectory ``Trace``.

        The member's arrays are cut at its stopping step.
        """
        if not self.batch_shape:
            raise DimensionError("this trace is a single trajectory; it has no members")
        idx = index if isinstance(index, tuple) else (index,)
        stop = int(np.asarray(self.stop)[idx])
        sl = (slice(0, stop + 1),) + idx
        return Trace(
            self.method,
            _readonly(self.xs[sl].copy()),
            _readonly(self.values[sl].copy()),
            _readonly(self.grads[sl].copy()),
            _readonly(self.lrs[(slice(0, stop),) + idx].copy()),
            _readonly(self.x[idx].copy()),
            _readonly(np.asarray(self.value[idx]).copy()),
            str(np.asarray(self.status)[idx]),
            stop,
            self.variables,
            self.hyper,
            self.form,
        )

    # -- scipy.optimize.OptimizeResult's names ----------------------------------------

    @property
    def fun(self) -> Any:
        """``f(x)`` at the final iterate (SciPy's ``OptimizeResult.fun``; the same as ``value``)."""
        v = np.asarray(self.value)
        return float(v) if v.ndim == 0 else v

    @property
    def nit(self) -> Any:
        """Steps taken (SciPy's ``nit``; the same as ``stop``)."""
        return self.stop

    @property
    def jac(self) -> Array:
        """The gradient the method used at the final iterate (SciPy's ``jac``)."""
        return self.grads[-1]

    @property
    def x0(self) -> Array:
        """The start (``xs[0]``)."""
        return self.xs[0]

    @property
    def success(self) -> Any:
        """``True`` where the run converged (``status == "converged"``; SciPy's ``success``).

        A run without ``tol`` never converges by this test: it runs its steps
        and ends with ``status == "max_steps"``, ``success == False``.
        """
        if self.batch_shape:
            return np.asarray(self.status) == "converged"
        return self.status == "converged"

    @property
    def message(self) -> Any:
        """Why the run stopped, in words (SciPy's ``message``)."""
        words = {
            "converged": "converged: the gradient norm reached tol",
            "diverged": "diverged: an iterate became non-finite or left the diverge_at bound",
            "max_steps": "stopped after the step budget (no convergence test met)",
        }
        if self.batch_shape:
            return np.vectorize(words.get, otypes=[object])(np.asarray(self.status))
        return words[str(self.status)]

    # -- display -------------------------------------------------------------------------

    def __repr__(self) -> str:

        if self.batch_shape:
            counts = {s: int(np.sum(np.asarray(self.status) == s)) for s in STATUSES}
            summary = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
            return display.short_repr("Trace", self.method, f"batch {self.batch_shape}",
                                      f"{self.steps} steps", summary)
        x = display.math_text(dict(zip(self.variables, (float(v) for v in np.ravel(self.x)))))
        return display.short_repr("Trace", self.method, str(self.status), f"nit={int(self.stop)}",
                                  f"fun={display.math_text(float(np.asarray(self.value)))}", f"at {x}")

    def _summary_rows(self) -> dict[str, Any]:

        rows: dict[str, Any] = {"method": self.method}
        if self.batch_shape:
            counts = {s: int(np.sum(np.asarray(self.status) == s)) for s in STATUSES}
            rows["batch"] = str(self.batch_shape)
            rows["status"] = ", ".join(f"{k}: {v}" for k, v in counts.items() if v)
            rows["steps"] = self.steps
            return rows
        rows["status"] = str(self.status)
        rows["steps (nit)"] = int(self.stop)
        rows["x0"] = display.math_text(dict(zip(self.variables, (float(v) for v in self.xs[0]))))
        rows["x"] = display.math_text(dict(zip(self.variables, (float(v) for v in self.x))))
        rows["f(x) (fun)"] = float(np.asarray(self.value))
        g = np.asarray(self.grads[-1], dtype=float)
        rows["|grad f(x)|"] = float(np.sqrt(np.sum(g * g)))
        if self.hyper:
            rows["hyper-parameters"] = ", ".join(f"{k}={display.math_text(v, 20)}" for k, v in self.hyper.items())
        rows["form"] = self.form
        return rows

    def _values_figure(self):
        from matplotlib.figure import Figure

        v = np.asarray(self.values[: int(self.stop) + 1], dtype=float)
        fig = Figure(figsize=(3.2, 2.0), layout="constrained")
        ax = fig.add_subplot()
        k = np.arange(v.size)
        ok = np.isfinite(v)
        ax.plot(k[ok], v[ok], "-", color="#1f77b4")
        if ok.any():
            ax.plot(k[ok][0], v[ok][0], "o", color="#2ca02c", label="start")
            ax.plot(k[ok][-1], v[ok][-1], "s", color="#d62728", label="end")
        if ok.any() and np.all(v[ok] > 0) and v[ok].max() / max(v[ok].min(), 1e-300) > 1e3:
            ax.set_yscale("log")
        ax.set_xlabel("step k")
        ax.set_ylabel("f(x_k)")
        ax.set_title(f"{self.method}: f(x_k)", fontsize="small")
        return fig

    def _repr_html_(self) -> str:

        extra = ""
        if not self.batch_shape and self.steps > 0:
            try:
                extra = display.figure_html(self._values_figure(), dpi=80)
            except ImportError:  # matplotlib missing: the table alone
                extra = ""
        return display.html_fields(self._summary_rows(), title=f"Trace: {self.method}", notes=[
            "" if self.batch_shape else self.message], extra_html=extra)

    def _repr_latex_(self) -> str:
        return summary_latex(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: method, status, steps, final ``x`` and ``f(x)``, stop steps,
        variables, hyper-parameters and form (the iterates stay in the arrays)."""
        return plain({"method": self.method, "status": self.status, "steps": self.steps, "x": self.x,
                      "value": self.value, "stop": self.stop, "variables": self.variables,
                      "hyper": dict(self.hyper), "form": self.form, "message": self.message})

    def _repr_markdown_(self) -> str:

        return display.markdown_table(["", ""], list(self._summary_rows().items()), title=f"Trace: {self.method}")

    def epoch_line(self) -> str:
        """The texts' progress line for the final iterate.

        One variable: ``epoch 10, x: 0.06046617599999997`` (Python's ``repr``
        of the float, as ``print('epoch 10, x:', x)`` shows it); several:
        ``epoch 20, x1 -0.057646, x2 -0.000073`` (``%f`` of each coordinate).

        >>> import numpy as np
        >>> from symopt.optimizers import gd
        >>> gd("x**2", x0=[10], lr=0.2, steps=10).epoch_line()
        'epoch 10, x: 0.06046617599999997'
        """
        if self.batch_shape:
            raise DimensionError("epoch_line is for a single trajectory; use trace.member(i) first")
        x = [float(v) for v in self.x]
        if len(x) == 1:
            return f"epoch {self.stop}, {self.variables[0]}: {x[0]!r}"
        parts = ", ".join("%s %f" % (name, v) for name, v in zip(self.variables, x))
        return f"epoch {self.stop}, {parts}"


# ----------------------------------------------------------------------------- input checks


def as_compiled(obj: Any, params: Mapping[str, Any] | None = None):
    """A :class:`~symopt.compile.CompiledObjective` from an Objective, text or compiled objective."""

    if isinstance(obj, CompiledObjective):
        if params:
            raise OptimizerError("params= cannot be applied to an already compiled objective; bind before compiling")
        return obj
    if hasattr(obj, "__symopt_compiled__"):  # e.g. symopt.data: value/grad/hess on (..., n) arrays, variables, n
        if params:
            raise OptimizerError("params= cannot be applied to this objective; give its parameters when building it")
        return obj.__symopt_compiled__()
    params = {str(k): v for k, v in dict(params or {}).items()}
    if not isinstance(obj, Objective):
        # text: the names given values are the parameters, the other symbols the variables
        obj = Objective(obj, params=",".join(params) if params else None)
        free = {s.name for s in obj.expr.free_symbols}
        unknown = sorted(set(params) - free)
        if unknown:
            raise ParameterError(f"{', '.join(unknown)} given in params but not a symbol of the objective")
    return obj.compile(**params)


def as_x0(x0: Any, n: int, names: Sequence[str]) -> Array:
    """``x0`` as a float array of shape ``(..., n)``; DimensionError on a wrong length.

    ``x0`` may be a dict ``{name or Symbol: value}`` naming every variable
    (values may be arrays of one batch shape).
    """
    if isinstance(x0, Mapping):
        x0 = _x0_from_mapping(x0, names)
    try:
        X = np.array(x0, dtype=float)
    except (TypeError, ValueError) as exc:
        raise DimensionError(f"x0 must be a list of numbers, got {x0!r}: {exc}") from None
    if X.ndim == 0:
        if n == 1:
            X = X.reshape(1)
        else:
            raise DimensionError(f"x0 is a single number but the objective has {n} variables ({', '.join(names)})")
    if X.shape[-1] != n:
        raise DimensionError(
            f"x0 has {X.shape[-1]} coordinate(s) but the objective has {n} variable(s) ({', '.join(names)})"
        )
    if not np.all(np.isfinite(X)):
        raise DimensionError("x0 must be finite")
    return X


def _x0_from_mapping(x0: Mapping[Any, Any], names: Sequence[str]) -> list:

    given = {}
    for key, value in x0.items():
        name = getattr(key, "name", None) or str(key)
        if name not in names:
            hint = suggest(name, names)
            raise DimensionError(f"x0 names {name!r}, which is not a variable of the objective "
                                 f"({', '.join(names)}){hint}")
        given[name] = value
    missing = [n for n in names if n not in given]
    if missing:
        raise DimensionError(f"x0 lacks {', '.join(missing)} (the variables are {', '.join(names)})")
    cols = [np.asarray(given[n], dtype=float) if not isinstance(given[n], str) else given[n] for n in names]
    try:
        return np.stack(np.broadcast_arrays(*cols), axis=-1)
    except (TypeError, ValueError) as exc:
        raise DimensionError(f"x0's values must be numbers or arrays of one shape: {exc}") from None


def hyper_array(name: str, value: Any, low: float | None = None, high: float | None = None,
                low_open: bool = False, high_open: bool = True) -> Array | float:
    """Check a hyper-parameter (number or array); returns a float or a float array.

    Raises:
        OptimizerError: non-numeric, non-finite, or outside ``[low, high)``
            (the openness of each end as given).
    """
    try:
        a = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise OptimizerError(f"{name} must be a number or an array of numbers, got {value!r}") from None
    if not np.all(np.isfinite(a)):
        raise OptimizerError(f"{name} must be finite, got {value!r}")
    if low is not None:
        bad = a <= low if low_open else a < low
        if np.any(bad):
            sym = "(" if low_open else "["
            raise OptimizerError(f"{name} must be in {sym}{low:g}, {'inf' if high is None else format(high, 'g')}"
                                 f"{')' if high is None or high_open else ']'}, got {_show(a[bad])}")
    if high is not None:
        bad = a >= high if high_open else a > high
        if np.any(bad):
            sym = "(" if low_open else "["
            raise OptimizerError(f"{name} must be in {sym}{low if low is not None else '-inf'}, {high:g}"
                                 f"{')' if high_open else ']'}, got {_show(a[bad])}")
    return float(a) if a.ndim == 0 else a


def _show(bad: Array) -> str:
    flat = np.ravel(bad)
    return f"{flat[0]:g}" if flat.size == 1 else f"{flat.size} bad values (first {flat[0]:g})"


def check_lr(lr: Any, name: str = "lr") -> Any:
    """A learning rate: a non-negative finite number or array, or a schedule ``t -> eta``."""
    if callable(lr):
        return lr
    return hyper_array(name, lr, low=0.0)


# ----------------------------------------------------------------------------- the run loop


def _batch_shape(x0: Array, hypers: Sequence[Any]) -> tuple[int, ...]:
    shapes = [x0.shape[:-1]] + [np.shape(h) for h in hypers if isinstance(h, np.ndarray)]
    try:
        return tuple(np.broadcast_shapes(*shapes))
    except ValueError:
        raise DimensionError(
            "x0's batch shape and the hyper-parameter arrays do not broadcast: "
            + ", ".join(str(s) for s in shapes)
        ) from None


def shape_hyper(value: Any, batch: tuple[int, ...]) -> Any:
    """A hyper-parameter shaped ``batch + (1,)`` to broadcast against ``x`` (floats pass through)."""
    if isinstance(value, np.ndarray):
        return np.broadcast_to(value, batch)[..., None]
    return value


def _lr_at(lr: Any, t: int, batch: tuple[int, ...]) -> Any:
    if callable(lr):
        value = lr(t)
        a = np.asarray(value, dtype=float)
        if not np.all(np.isfinite(a)) or np.any(a < 0):
            raise OptimizerError(f"the learning-rate schedule returned {value!r} at step {t}; it must be finite and >= 0")
        return float(a) if a.ndim == 0 else np.broadcast_to(a, batch)[..., None]
    return lr


def _out_of_bounds(x: Array, limit: float, batch: tuple[int, ...]) -> Array:
    """Members with a non-finite coordinate or one beyond ``limit`` (a cheap global test first)."""
    hi, lo = x.max(), x.min()  # NaN propagates into both
    if lo >= -limit and hi <= limit:
        return np.zeros(batch, dtype=bool)
    return ~(np.abs(x).max(-1) <= limit)


def _fast_trace(rule: Rule, f: Any, names: tuple[str, ...], fast: tuple, form: str) -> Trace:
    xs_l, gs_l, lrs_l, code, stop = fast
    n = len(names)
    xs = np.array(xs_l, dtype=float).reshape(-1, n)
    gs = np.array(gs_l, dtype=float).reshape(-1, n)
    lrs = np.array(lrs_l, dtype=float).reshape(-1)
    with np.errstate(all="ignore"):
        values = np.asarray(f.value(xs), dtype=float)
    x = xs[-1].copy()
    return Trace(rule.name, _readonly(xs), _readonly(values), _readonly(gs), _readonly(lrs), _readonly(x),
                 _readonly(np.asarray(values[-1]).copy()), STATUSES[code], int(stop), names,
                 MappingProxyType(dict(rule.hyper)), form)


class _Bar:
    """``progress(t, steps)`` drawing a tqdm bar (tqdm.auto's widget where ipywidgets exists)."""

    def __init__(self, steps: int, desc: str, delay: float):

        self.bar = tqdm_class()(total=max(int(steps), 1), desc=desc, unit="step", leave=False, delay=delay,
                        mininterval=0.25)
        self.done = 0

    def __call__(self, t: int, steps: int) -> None:
        if t > self.done:
            self.bar.update(t - self.done)
            self.done = t

    def close(self) -> None:
        self.bar.close()


def progress_for(progress: Any, steps: int, desc: str) -> Any:
    """The progress callback for ``progress`` (``None``: automatic, see :class:`~symopt.config.Config`).

    Returns ``None`` (no bar), the user's callable, or a :class:`_Bar` (call ``close()`` at the end).
    """

    if callable(progress):
        return progress
    if progress is None:
        progress = config.progress
        if progress is None:

            if int(steps) < config.progress_min_steps or not progress_enabled():
                return None
            return _Bar(steps, desc, config.progress_delay)
    if not progress:
        return None
    return _Bar(steps, desc, 0.0 if config.progress else config.progress_delay)


def run(
    rule: Rule,
    f: Any,
    x0: Array,
    steps: int,
    lr: Any,
    *,
    hypers: Sequence[Any] = (),
    tol: float | None = None,
    diverge_at: float = 1e12,
    gradient: Callable[[Array, int], Array] | None = None,
    record: bool = True,
    value: Callable[[Array], Array] | None = None,
    form: str = "text",
    progress: Callable[[int, int], None] | None = None,
) -> Trace:
    """Run ``rule`` from ``x0`` for at most ``steps`` steps; returns a :class:`Trace`.

    Args:
        rule: the algorithm.
        f: the compiled objective.
        x0: start(s), shape ``(..., n)`` (already checked).
        steps: the step budget.
        lr: a float, an array over the batch (already shaped ``B + (1,)``), or a
            schedule ``t -> eta``.
        hypers: the array hyper-parameters (used only to find the batch shape).
        tol: stop a member once ``||g||_2 <= tol`` (``None``: never).
        diverge_at: a member whose iterate has a coordinate with ``|x_i| >
            diverge_at`` or a non-finite coordinate is marked diverged.
        gradient: ``gradient(x, t)`` the gradient the method sees (default ``f.grad``).
        record: keep every iterate (``False``: only the first and last rows).
        value: the objective recorded in ``values`` (default ``f.value``).
        form: recorded in the trace.
        progress: ``progress(t, steps)`` called after each step; ``True`` for a
            tqdm bar, ``False`` for none, ``None`` (default) for a bar in an
            interactive session when the run is long (``symopt.config``'s
            ``progress`` settings).
    """
    steps = int(steps)
    names = tuple(v.name for v in f.variables)
    batch = _batch_shape(x0, list(hypers) + ([lr] if isinstance(lr, np.ndarray) else []))
    if (rule.scalar == "gd" and not batch and gradient is None and value is None and record
            and (progress is None or progress is False)
            and not isinstance(lr, np.ndarray) and hasattr(f, "objective")):

        fast = gd_scalar(f, [float(v) for v in x0], steps, lr, tol, diverge_at)
        if fast is not None:
            return _fast_trace(rule, f, names, fast, form)
    bar = progress_for(progress, steps, rule.name)
    try:
        return _loop(rule, f, x0, steps, lr, batch, names, tol, diverge_at, gradient, record, value, form, bar)
    finally:
        if isinstance(bar, _Bar):
            bar.close()


def _loop(rule, f, x0, steps, lr, batch, names, tol, diverge_at, gradient, record, value, form, progress) -> Trace:
    x = np.array(np.broadcast_to(x0, batch + x0.shape[-1:]), dtype=float)
    if isinstance(lr, np.ndarray):
        lr = shape_hyper(lr, batch)
    grad_fn = gradient if gradient is not None else (lambda X, t: f.grad(X))
    value_fn = value if value is not None else f.value
    tol2 = None if tol is None else float(tol) ** 2
    n = x.shape[-1]

    with np.errstate(all="ignore"):
        g = grad_fn(x, 0)
        status = np.full(batch, _RUNNING, dtype=np.int8)
        stop = np.zeros(batch, dtype=np.int64)
        bad = ~np.isfinite(g).all(-1)
        status[bad] = _DIVERGED
        if tol2 is not None:
            status[(np.einsum("...i,...i->...", g, g) <= tol2) & (status == _RUNNING)] = _CONVERGED
        rows = steps + 1 if record else 2
        xs = np.empty((rows,) + batch + (n,))
        gs = np.empty((rows,) + batch + (n,))
        lrs = np.empty((steps,) + batch)
        xs[0], gs[0] = x, g
        state = rule.init(x)
        active = status == _RUNNING
        all_active = bool(active.all())
        t = 0
        while t < steps and active.any():
            lr_t = _lr_at(lr, t, batch)
            x_new, state, used = rule.update(x, g, state, t, lr_t, f)
            used = lr_t if used is None else used
            used = np.asarray(used, dtype=float)
            used = np.broadcast_to(used[..., 0] if used.ndim == len(batch) + 1 else used, batch)
            lrs[t] = used if all_active else np.where(active, used, 0.0)
            newly_bad = _out_of_bounds(x_new, diverge_at, batch) & active
            if not all_active:
                x_new = np.where(active[..., None], x_new, x)
            x = x_new
            g_new = grad_fn(x, t + 1)
            if not all_active:
                g_new = np.where(active[..., None], g_new, g)
            g = g_new
            t += 1
            if newly_bad.any():
                status[newly_bad] = _DIVERGED
            if tol2 is not None:
                done = (np.einsum("...i,...i->...", g, g) <= tol2) & active & ~newly_bad
                status[done] = _CONVERGED
            now_active = status == _RUNNING
            stop[active & ~now_active] = t
            if all_active and not now_active.all():
                all_active = False
            active = now_active
            if record:
                xs[t], gs[t] = x, g
            if progress is not None:
                progress(t, steps)
        stop[active] = t
        status[active] = _RUNNING
        if record:
            xs, gs = xs[: t + 1], gs[: t + 1]
        else:
            xs[1], gs[1] = x, g
        lrs = lrs[:t]
        values = value_fn(xs)
        final_value = value_fn(x)

    words = np.array(["converged", "diverged", "max_steps"])[status]
    if batch:
        status_out: Any = _readonly(words)
        stop_out: Any = _readonly(stop)
    else:
        status_out = str(words)
        stop_out = int(stop)
    return Trace(
        rule.name,
        _readonly(xs),
        _readonly(np.asarray(values, dtype=float)),
        _readonly(gs),
        _readonly(lrs),
        _readonly(x),
        _readonly(np.asarray(final_value, dtype=float)),
        status_out,
        stop_out,
        names,
        MappingProxyType(dict(rule.hyper)),
        form,
    )
