"""A fast path for single-trajectory gradient descent: plain Python floats, no per-step NumPy.

For one start point, NumPy's per-call overhead (microseconds) dwarfs the
arithmetic of a 2-D step, so :func:`gd_scalar` runs the texts' own kind of
loop: the gradient is printed from the objective's SymPy tree (by the same
printer as :mod:`symopt.compile`, so the operations and their order are the
same) into a function of Python floats using :mod:`math`, and the loop is
unrolled over the ``n`` coordinates.  Values and gradients for the record are
then evaluated once, vectorised, on the whole trajectory.

Anything unusual (a function :mod:`math` lacks, an overflow, a division by
zero) makes the fast path decline (``None``), and the caller runs the general
NumPy loop instead; results are then the same run, marked the same way.

What the fast path promises, compared with a batch of one through NumPy:

* **Bitwise the same trajectory** when the gradient is built from ``+ - * /``,
  integer powers up to :data:`symopt.compile.MAX_UNROLLED_POWER` (printed as
  products), ``sqrt``, ``abs``, ``sign``, ``max``/``min`` and ``Heaviside``.
  IEEE 754 rounds each of these correctly, so Python's floats and NumPy's SIMD
  kernels give the same bits on every CPU (AVX-512 included).
* **Within a few units in the last place per evaluation** otherwise: ``exp``,
  ``log``, ``sin``, ``cos``, ``tanh``, ``x**2.5``, ... come from the C library
  (:mod:`math`) on one path and from NumPy's vectorised kernels on the other.
  Those are not correctly rounded, and which kernel NumPy picks depends on the
  CPU (``NPY_DISABLE_CPU_FEATURES``).  A contracting run keeps the difference at
  that level, and statuses agree except for a run that ends within rounding of
  a threshold (``tol``, ``diverge_at``).
"""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any, Callable

import sympy as sp
from ..compile import CodeWriter
from ..compile import float_code

__all__ = ["scalar_gradient", "gd_scalar"]


def _sign(v: float) -> float:
    return (v > 0) - (v < 0) if v == v else v


def _heaviside(v: float, at_zero: float) -> float:
    """``numpy.heaviside`` on one float: 0 below 0, 1 above, ``at_zero`` at 0, NaN for NaN."""
    if v != v:
        return v
    return 1.0 if v > 0 else 0.0 if v < 0 else at_zero


def _maximum(a: float, b: float) -> float:
    """``numpy.maximum`` on floats: NaN in either argument gives NaN (Python's ``max`` does not)."""
    return a if a != a else b if b != b else (a if a >= b else b)


def _minimum(a: float, b: float) -> float:
    """``numpy.minimum`` on floats, NaN-propagating."""
    return a if a != a else b if b != b else (a if a <= b else b)


_MATH = SimpleNamespace(
    exp=math.exp, log=math.log, sin=math.sin, cos=math.cos, tan=math.tan, sinh=math.sinh, cosh=math.cosh,
    tanh=math.tanh, arcsin=math.asin, arccos=math.acos, arctan=math.atan, arcsinh=math.asinh, arccosh=math.acosh,
    arctanh=math.atanh, sqrt=math.sqrt, abs=abs, sign=_sign, maximum=_maximum, minimum=_minimum,
    heaviside=_heaviside, inf=math.inf, nan=math.nan,
)


def scalar_gradient(f: Any) -> Callable[..., tuple] | None:
    """``grad(*x, *params) -> tuple`` of Python floats for a compiled objective, or ``None``."""
    cached = getattr(f.objective, "__dict__", {}).get("_symopt_scalar_grad")
    if cached is not None:
        return cached if cached != "unavailable" else None
    obj = f.objective
    n, params = obj.n, obj.params
    names = [f"_x{i}" for i in range(n)] + [f"_p{i}" for i in range(len(params))]
    mapping = dict(zip(list(obj.variables) + list(params), names))
    entries = [sp.sympify(e) for e in obj.gradient]
    try:
        live = [e for e in entries if e.free_symbols]
        writer = CodeWriter(live, mapping)
        printed = {}
        for e in live:
            printed[e] = writer.emit(e)
        results = [printed[e] if e.free_symbols else float_code(e) for e in entries]
        body = "\n".join(writer.lines)
        source = f"def _grad({', '.join(names)}):\n{body}\n    return ({', '.join(results)},)\n"
        namespace: dict[str, Any] = {"numpy": _MATH}
        # generated from the objective's SymPy tree over symopt's own argument names
        exec(compile(source, "<symopt-scalar-grad>", "exec"), namespace)  # noqa: S102
        fn = namespace["_grad"]
    except Exception:  # noqa: BLE001 - any printing problem: use the NumPy path
        fn = None
    try:
        obj.__dict__["_symopt_scalar_grad"] = fn if fn is not None else "unavailable"
    except (AttributeError, TypeError):  # pragma: no cover
        pass
    return fn


_LOOPS: dict[tuple, Callable[..., Any]] = {}


def _loop_for(n: int, n_params: int, scheduled: bool, with_tol: bool) -> Callable[..., Any]:
    """The unrolled GD loop for ``n`` coordinates (built once per shape of the problem)."""
    key = (n, n_params, scheduled, with_tol)
    loop = _LOOPS.get(key)
    if loop is not None:
        return loop
    xv = ", ".join(f"x{i}" for i in range(n))
    gv = ", ".join(f"g{i}" for i in range(n))
    args = ", ".join([f"x{i}" for i in range(n)] + [f"p{i}" for i in range(n_params)])
    unpack_p = f"    {', '.join(f'p{i}' for i in range(n_params))}, = P\n" if n_params else ""
    step = "; ".join(f"x{i} = x{i} - eta * g{i}" for i in range(n))
    bounds = " and ".join(f"-limit <= x{i} <= limit" for i in range(n))
    norm = " + ".join(f"g{i} * g{i}" for i in range(n))
    gfinite = " and ".join(f"-INF < g{i} < INF" for i in range(n))
    sched = "        eta = sched(t)\n        lrs.append(eta)\n" if scheduled else ""
    tol_start = "    if {norm} <= tol2:\n        return xs, gs, lrs, 0, 0\n".format(norm=norm) if with_tol else ""
    tol_step = "        if {norm} <= tol2:\n            return xs, gs, lrs, 0, t + 1\n".format(norm=norm) if with_tol else ""
    source = (
        "def _gd_loop(grad, P, x, eta, sched, steps, limit, tol2):\n"
        + unpack_p
        + f"    {xv}, = x\n"
        + f"    {gv}, = grad({args})\n"
        + f"    xs = [{xv}]\n    gs = [{gv}]\n    lrs = []\n"
        + "    xa = xs.extend\n    ga = gs.extend\n"
        + f"    if not ({gfinite}):\n        return xs, gs, lrs, 1, 0\n"
        + tol_start
        + "    for t in range(steps):\n"
        + sched
        + f"        {step}\n"
        + f"        xa(({xv},))\n"
        + f"        if not ({bounds}):\n"
        + f"            {gv}, = grad({args})\n"
        + f"            ga(({gv},))\n"
        + "            return xs, gs, lrs, 1, t + 1\n"
        + f"        {gv}, = grad({args})\n"
        + f"        ga(({gv},))\n"
        + tol_step
        + "    return xs, gs, lrs, 2, steps\n"
    )
    namespace: dict[str, Any] = {"INF": math.inf}
    exec(compile(source, "<symopt-gd-loop>", "exec"), namespace)  # noqa: S102 - our own template, no user text
    loop = namespace["_gd_loop"]
    _LOOPS[key] = loop
    return loop


def gd_scalar(f: Any, x0: list[float], steps: int, lr: Any, tol: float | None, diverge_at: float):
    """Run GD on one start with Python floats; ``(xs, gs, lrs, status, stop)`` or ``None`` to decline."""
    grad = scalar_gradient(f)
    if grad is None:
        return None
    sched = lr if callable(lr) else None
    eta = None if sched is not None else float(lr)
    if sched is not None:
        def sched(t, _s=lr):  # noqa: E306 - checked like the NumPy path does
            v = _s(t)
            v = float(v)
            if not (v >= 0 and math.isfinite(v)):
                raise ValueError("bad schedule value")
            return v
    params = tuple(f.param_values)
    loop = _loop_for(len(x0), len(params), sched is not None, tol is not None)
    try:
        xs, gs, lrs, code, stop = loop(grad, params, tuple(x0), eta, sched, steps, float(diverge_at),
                                       None if tol is None else float(tol) ** 2)
    except (OverflowError, ValueError, ZeroDivisionError, TypeError, AttributeError, NameError):
        return None  # a math-domain error or a function the float namespace lacks: the NumPy path runs it
    if sched is None:
        lrs = [eta] * stop
    return xs, gs, lrs, code, stop
