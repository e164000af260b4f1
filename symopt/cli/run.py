"""``symopt run``: run an optimizer on an objective and print the final iterate in the texts' format.

    symopt run "x1**2 + 2*x2**2" --method gd --lr 0.1 --x0 -5,-2 --steps 20
    epoch 20, x1 -0.057646, x2 -0.000073

Heavy imports happen inside the handlers so ``symopt --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any

__all__ = ["register", "tour_section", "trace_to_json"]

_METHODS = ("gd", "sgd", "newton", "preconditioned", "line_search", "momentum", "nesterov", "adagrad", "rmsprop",
            "adadelta", "adam", "yogi")
# hyper-parameter options and the methods that take them
_HYPER = {
    "beta": ("momentum", "nesterov"),
    "beta1": ("adam", "yogi"),
    "beta2": ("adam", "yogi"),
    "gamma": ("rmsprop",),
    "rho": ("adadelta",),
    "eps": ("adagrad", "rmsprop", "adadelta", "adam", "yogi"),
    "noise": ("sgd",),
    "seed": ("sgd",),
    "hessian_fix": ("newton",),
    "search": ("line_search",),
}
_PROGRESS_MIN_STEPS = 1000


def register(subparsers: Any) -> None:
    """Add ``run`` to the command line."""
    p = subparsers.add_parser(
        "run",
        help="run an optimizer (gd, momentum, adam, newton, ...) on an objective",
        description="Compile the objective, run the optimizer from --x0 and print the final iterate "
        "as the texts do ('epoch 20, x1 -0.057646, x2 -0.000073').",
    )
    p.add_argument("expr", help='the objective, e.g. "x1**2 + 2*x2**2"')
    p.add_argument("--method", default="gd", help=f"one of {', '.join(_METHODS)} (default gd)")
    p.add_argument("--x0", required=True, help="the start, comma-separated, e.g. -5,-2")
    p.add_argument("--lr", type=float, default=None, help="learning rate (default: the method's)")
    p.add_argument("--steps", type=int, default=20, help="number of steps (default 20)")
    p.add_argument("--vars", help="variables, comma-separated, in x0's order (default: sorted symbols)")
    p.add_argument("--params", help='parameter values, e.g. "c=0.5"')
    p.add_argument("--form", choices=("text", "torch"), default="text", help="update formula (default text)")
    p.add_argument("--tol", type=float, default=None, help="stop when the gradient norm is at most this")
    p.add_argument("--beta", type=float, help="momentum / nesterov beta")
    p.add_argument("--beta1", type=float, help="adam / yogi beta1")
    p.add_argument("--beta2", type=float, help="adam / yogi beta2")
    p.add_argument("--gamma", type=float, help="rmsprop gamma")
    p.add_argument("--rho", type=float, help="adadelta rho")
    p.add_argument("--eps", type=float, help="the method's eps")
    p.add_argument("--noise", type=float, help="sgd gradient-noise standard deviation")
    p.add_argument("--seed", type=int, help="sgd random seed")
    p.add_argument("--hessian-fix", dest="hessian_fix", choices=("none", "abs", "levenberg"), help="newton")
    p.add_argument("--search", choices=("bisection", "golden", "armijo"), help="line_search")
    p.add_argument("--plot", help="write a figure of the run to this file (.png, .pdf or .svg)")
    p.add_argument("--f-star", dest="f_star", type=float, default=None,
                   help="the optimal value f*, for the convergence plot of f(x_k) - f* (default: the certified "
                        "minimum when symopt derives it, else the values f(x_k))")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    # let "--x0 -5,-2" read -5,-2 as a value, not as an option
    p._negative_number_matcher = re.compile(r"^-\d+$|^-\d*\.\d+$|^-[\d.eE+-]*(,[-+\d.eE]+)+$")
    p.set_defaults(handler=_run)


def _floats(text: str, what: str) -> list[float]:
    """Comma-separated numbers (``-5,-2``; ``(-5, -2)`` and ``[-5, -2]`` too); errors name ``what``."""
    from ..errors import DimensionError, ParseError
    from ..core.parse import parse
    from . import option_error

    body = text.strip()
    if len(body) >= 2 and (body[0], body[-1]) in (("(", ")"), ("[", "]")):
        body = body[1:-1]
    out = []
    for piece in body.split(","):
        piece = piece.strip()
        if not piece:
            raise DimensionError(f"{what} has an empty coordinate: {text!r} (write numbers separated by commas, "
                                 f"e.g. {what} -5,-2)")
        try:
            out.append(float(piece))
        except ValueError:
            try:
                expr = parse(piece)
            except ParseError as exc:
                raise option_error(what, exc) from None
            if expr.free_symbols:
                raise DimensionError(f"{what} coordinate {piece!r} is not a number") from None
            try:
                out.append(float(expr))
            except TypeError:
                raise DimensionError(f"{what} coordinate {piece!r} is not a real number") from None
    return out


def _objective(args: argparse.Namespace):
    from ..errors import ParseError, SymoptError
    from ..core.objective import Objective
    from ..core.parse import parse_assignments
    from . import option_error

    params: dict[str, float] = {}
    if args.params:
        try:
            assignments = parse_assignments(args.params)
        except ParseError as exc:
            raise option_error("--params", exc) from None
        for sym, value in assignments.items():
            if value.free_symbols:
                raise option_error("--params", ParseError(f"{sym.name} = {value} is not a number"))
            try:
                params[sym.name] = float(value)
            except TypeError:
                raise option_error("--params", ParseError(f"{sym.name} = {value} is not a real number")) from None
    import warnings

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            obj = Objective(args.expr, variables=args.vars, params=",".join(params) if params else None)
    except ParseError as exc:
        if exc.text is not None and exc.text != args.expr:  # from --vars / --params
            raise option_error("--vars" if args.vars and exc.text in args.vars else "--params", exc) from None
        raise
    except SymoptError as exc:
        if args.vars and "variable" in str(exc):
            raise option_error("--vars", exc) from None
        raise
    for w in caught:  # "taken as parameters" is said below as an error naming --params
        if "not declared and taken as" not in str(w.message):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    missing = [p.name for p in obj.params if p.name not in params]
    if missing:
        from ..errors import ParameterError

        example = ",".join(f"{m}=1" for m in missing)
        one = len(missing) == 1
        raise ParameterError(f"--params: {', '.join(missing)} {'needs a value' if one else 'need values'} "
                             f"(e.g. --params {example}), or list {'it' if one else 'them'} in --vars")
    return obj, params


_PLOT_FORMATS = ("png", "pdf", "svg")


def _check_plot_path(path: str) -> str | None:
    """Why ``--plot PATH`` cannot be written (``None`` when it can), checked before the run."""
    import os

    ext = os.path.splitext(path)[1].lower().lstrip(".")
    if ext not in _PLOT_FORMATS:
        return (f"--plot {path}: the file name must end in {', '.join('.' + e for e in _PLOT_FORMATS)} "
                f"(got {'.' + ext if ext else 'no extension'})")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        return f"--plot {path}: the folder {folder} does not exist"
    if not os.access(folder, os.W_OK):
        return f"--plot {path}: the folder {folder} is not writable"
    return None


def _kwargs(args: argparse.Namespace) -> dict[str, Any]:
    from ..errors import OptimizerError

    if args.method not in _METHODS:
        from ..core.parse import suggest

        hint = suggest(args.method, _METHODS, prefix="; did you mean ", suffix="?")
        raise OptimizerError(f"unknown method {args.method!r}{hint} (available: {', '.join(_METHODS)})")
    kw: dict[str, Any] = {"steps": args.steps, "form": args.form, "tol": args.tol}
    if args.lr is not None:
        kw["lr"] = args.lr
    for name, methods in _HYPER.items():
        value = getattr(args, name)
        if value is None:
            continue
        if args.method not in methods:
            raise OptimizerError(f"--{name.replace('_', '-')} does not apply to {args.method} (it is for {', '.join(methods)})")
        kw[name] = value
    return kw


class _Progress:
    """A tqdm progress bar with ETA on stderr (``tqdm.auto``: a widget in Jupyter); closes itself at the end."""

    def __init__(self, steps: int, desc: str = "steps"):
        from tqdm.auto import tqdm

        self.bar = tqdm(total=max(int(steps), 1), desc=desc, unit="step", leave=False, mininterval=0.2)
        self.done = 0

    def __call__(self, t: int, steps: int) -> None:
        if t > self.done:
            self.bar.update(t - self.done)
            self.done = t
        if t >= steps:
            self.close()

    def close(self) -> None:
        self.bar.close()


def trace_to_json(trace: Any) -> dict[str, Any]:
    """A single-trajectory trace as a JSON-ready dict."""
    return {
        "method": trace.method,
        "form": trace.form,
        "variables": list(trace.variables),
        "x0": [float(v) for v in trace.xs[0]],
        "x": [float(v) for v in trace.x],
        "value": float(trace.value),
        "status": trace.status,
        "steps": int(trace.stop),
        "epoch_line": trace.epoch_line(),
        "xs": [[float(v) for v in row] for row in trace.xs],
        "values": [float(v) for v in trace.values],
        "lrs": [float(v) for v in trace.lrs],
    }


def _json_safe(obj: Any) -> Any:
    import math

    if isinstance(obj, float) and not math.isfinite(obj):
        return None if math.isnan(obj) else ("inf" if obj > 0 else "-inf")
    if isinstance(obj, dict):
        return {k: _json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_json_safe(v) for v in obj]
    return obj


def _run(args: argparse.Namespace) -> int:
    from ..optimizers import minimize

    from ..errors import DimensionError
    from . import option_error

    obj, params = _objective(args)
    kw = _kwargs(args)
    x0 = _floats(args.x0, "--x0")
    if len(x0) != obj.n:
        raise DimensionError(f"--x0 has {len(x0)} coordinate(s) but the objective has {obj.n} variable(s) "
                             f"({', '.join(v.name for v in obj.variables)})")
    plot_problem = _check_plot_path(args.plot) if args.plot else None
    progress = None
    if not args.json and args.steps >= _PROGRESS_MIN_STEPS and sys.stderr.isatty():
        progress = kw["progress"] = _Progress(args.steps, desc=args.method)
    compiled = obj.compile(**params)
    try:
        trace = minimize(compiled, x0, method=args.method, **kw)
    finally:
        if progress is not None:
            progress.close()
    if args.json:
        print(json.dumps(_json_safe(trace_to_json(trace)), indent=2))
    else:
        print(trace.epoch_line())
        if trace.status != "max_steps":
            print(f"status: {trace.status} at step {trace.stop}")
    sys.stdout.flush()
    if args.plot:  # after the run's output, so a bad path loses nothing
        if plot_problem:
            sys.stderr.write(f"symopt: error: {plot_problem}\n")
            return 2
        try:
            _save_plot(obj, params, trace, args.plot, args.f_star)
        except OSError as exc:
            sys.stderr.write(f"symopt: error: --plot {args.plot}: {exc.strerror or exc}\n")
            return 2
        except ValueError as exc:  # matplotlib: unsupported format
            raise option_error("--plot", DimensionError(str(exc))) from None
    return 0


def _save_plot(obj: Any, params: dict, trace: Any, path: str, f_star: float | None = None) -> None:
    from .. import plots

    if obj.n == 1:
        fig = plots.trace_1d(obj, trace, params=params)
    elif obj.n == 2:  # the path over the contours and the convergence of f(x_k) - f*
        fig = plots.compare(obj, {trace.method: trace}, params=params, f_star=f_star)
    else:
        fig = plots.convergence(trace, f_star=f_star, obj=obj if f_star is None else None, params=params)
    fig.savefig(path, dpi=plots.DPI)


def tour_section(outdir: Any) -> str:
    """The optimizers' part of ``symopt tour``: the texts' 2-D runs and a figure (``tour_run.png``)."""
    import pathlib

    from .. import plots
    from ..optimizers import adagrad, gd, momentum, rmsprop

    outdir = pathlib.Path(outdir)
    f1, f2 = "x1**2 + 2*x2**2", "0.1*x1**2 + 2*x2**2"
    runs = [
        (f"gd on {f1}, lr 0.1", gd(f1, [-5, -2], lr=0.1, steps=20)),
        (f"gd on {f2}, lr 0.6", gd(f2, [-5, -2], lr=0.6, steps=20)),
        (f"momentum on {f2}, lr 0.6, beta 0.5", momentum(f2, [-5, -2], lr=0.6, beta=0.5, steps=20)),
        (f"adagrad on {f2}, lr 0.4", adagrad(f2, [-5, -2], lr=0.4, steps=20)),
        (f"rmsprop on {f2}, lr 0.4, gamma 0.9", rmsprop(f2, [-5, -2], lr=0.4, gamma=0.9, steps=20)),
    ]
    lines = ["Optimizers (symopt run): the texts' 2-D runs from (-5, -2)"]
    for label, tr in runs:
        lines.append(f"  {label:<45} {tr.epoch_line()}")
    fig = plots.compare(f2, {"gd lr 0.4": gd(f2, [-5, -2], lr=0.4, steps=20), "momentum": runs[2][1],
                             "adagrad": runs[3][1], "rmsprop": runs[4][1]})
    out = outdir / "tour_run.png"
    fig.savefig(out, dpi=plots.DPI)
    lines.append(f"  figure: {out}")
    return "\n".join(lines)
