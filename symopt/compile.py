"""SymPy -> NumPy: batched ``value``, ``grad`` and ``hess`` with guaranteed shapes.

For an objective of ``n`` variables, ``X`` of shape ``(..., n)`` gives

* ``value(X)``: shape ``(...)``
* ``grad(X)``:  shape ``(..., n)``
* ``hess(X)``:  shape ``(..., n, n)``

Constant entries are broadcast to the batch shape (plain ``lambdify`` returns a
bare scalar for them), structurally zero entries are never evaluated, and
common subexpressions are shared (``cse``).  Parameters are extra arguments of
the generated kernels, so one compilation serves every parameter value::

    >>> import numpy as np
    >>> from symopt import Objective
    >>> f = Objective("a*x**2 + y", variables="x, y").compile(a=2)
    >>> f.grad(np.array([[1.0, 5.0], [3.0, 0.0]]))
    array([[ 4.,  1.],
           [12.,  1.]])

For an objective of one variable, an array whose last axis is not of length 1
is read as a batch of scalars: ``value(np.linspace(0, 1, 5))`` has shape ``(5,)``
and ``grad`` of it ``(5, 1)``.

Generalised functions from differentiating non-smooth atoms (``DiracDelta``)
compile to their value almost everywhere, 0.

The generated code comes from SymPy's printer over symopt's own argument
names (``Dummy`` symbols): no user-chosen name ever reaches the generated
source.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Sequence

import numpy as np
import sympy as sp

from .errors import DimensionError, UnsupportedError

if TYPE_CHECKING:
    from .objective import Objective

__all__ = ["CompiledObjective", "compile_objective", "compile_entries", "BACKENDS"]

BACKENDS = ("numpy",)


@dataclass(frozen=True)
class _Kernel:
    """Evaluates a fixed set of entries of an output array."""

    shape: tuple[int, ...]
    constants: tuple[tuple[tuple[tuple[int, ...], ...], float], ...]
    targets: tuple[tuple[tuple[int, ...], ...], ...]
    function: Callable[..., Any] | None

    def __call__(self, columns: Sequence[np.ndarray], params: Sequence[float], batch: tuple[int, ...]) -> np.ndarray:
        out = np.zeros(batch + self.shape)
        for places, value in self.constants:
            for place in places:
                out[(Ellipsis,) + place] = value
        if self.function is not None:
            values = self.function(*columns, *params)
            for places, value in zip(self.targets, values):
                for place in places:
                    out[(Ellipsis,) + place] = value
        return out


def _prepare(expr: sp.Expr) -> sp.Expr:
    if expr.has(sp.DiracDelta):
        expr = expr.replace(lambda e: isinstance(e, sp.DiracDelta), lambda e: sp.S.Zero)
    return expr


def compile_entries(
    entries: dict[tuple[int, ...], sp.Expr] | Sequence[tuple[Sequence[tuple[int, ...]], sp.Expr]],
    shape: tuple[int, ...],
    variables: Sequence[sp.Symbol],
    params: Sequence[sp.Symbol] = (),
) -> _Kernel:
    """Compile expressions placed at indices of an output array of ``shape``.

    Args:
        entries: ``{index: expr}`` or ``[(indices, expr), ...]`` (one expression
            written to several places, e.g. both halves of a symmetric matrix).
        shape: the output's shape per point.
        variables: the symbols read from the last axis of the input.
        params: symbols passed as extra scalar arguments.
    """
    items = [((k,), v) for k, v in entries.items()] if isinstance(entries, dict) else list(entries)
    names = [f"_x{i}" for i in range(len(variables))] + [f"_p{i}" for i in range(len(params))]
    mapping = dict(zip(list(variables) + list(params), names))
    constants: list[tuple[tuple[tuple[int, ...], ...], float]] = []
    targets: list[tuple[tuple[int, ...], ...]] = []
    exprs: list[sp.Expr] = []
    for places, expr in items:
        expr = _prepare(sp.sympify(expr))
        if expr == 0:
            continue
        places = tuple(tuple(p) for p in places)
        free = expr.free_symbols
        if not free:
            constants.append((places, float(expr)))
            continue
        extra = free - mapping.keys()
        if extra:
            raise DimensionError(
                f"expression has symbols outside the variables and parameters: {', '.join(sorted(map(str, extra)))}"
            )
        targets.append(places)
        exprs.append(expr)
    function = _generate(exprs, mapping, names) if exprs else None
    return _Kernel(tuple(shape), tuple(constants), tuple(targets), function)


# ------------------------------------------------------------------ code generation

_NUMPY_FUNCTIONS = {
    sp.exp: "numpy.exp",
    sp.log: "numpy.log",
    sp.sin: "numpy.sin",
    sp.cos: "numpy.cos",
    sp.tan: "numpy.tan",
    sp.sinh: "numpy.sinh",
    sp.cosh: "numpy.cosh",
    sp.tanh: "numpy.tanh",
    sp.asin: "numpy.arcsin",
    sp.acos: "numpy.arccos",
    sp.atan: "numpy.arctan",
    sp.asinh: "numpy.arcsinh",
    sp.acosh: "numpy.arccosh",
    sp.atanh: "numpy.arctanh",
    sp.Abs: "numpy.abs",
    sp.sign: "numpy.sign",
}
_HOIST_DEPTH = 24  # keeps generated lines well inside Python's nesting limits


class _CodeWriter:
    """Prints SymPy trees as NumPy code, sharing repeated subtrees as temporaries.

    Only symopt's own argument names (``_x0``, ``_p0``, ...) and ``numpy.*``
    functions appear in the output; a node outside the known set is printed by
    SymPy's ``NumPyPrinter`` (which sees the same renamed symbols).
    """

    def __init__(self, exprs: Sequence[sp.Expr], mapping: dict[sp.Symbol, str]):
        self.mapping = mapping
        self.lines: list[str] = []
        self.memo: dict[sp.Expr, str] = {}
        self.shared = self._repeated(exprs)
        self._fallback: Any = None

    @staticmethod
    def _repeated(exprs: Sequence[sp.Expr]) -> set:
        seen: set = set()
        repeated: set = set()
        stack = list(exprs)
        while stack:
            node = stack.pop()
            if node.is_Atom:
                continue
            if node in seen:
                repeated.add(node)
                continue
            seen.add(node)
            stack.extend(node.args)
        return repeated

    def emit(self, expr: sp.Expr, depth: int = 0) -> str:
        cached = self.memo.get(expr)
        if cached is not None:
            return cached
        text = self._print(expr, depth)
        if not expr.is_Atom and (expr in self.shared or depth >= _HOIST_DEPTH):
            name = f"_t{len(self.lines)}"
            self.lines.append(f"    {name} = {text}")
            self.memo[expr] = name
            return name
        self.memo[expr] = text
        return text

    def _print(self, expr: sp.Expr, depth: int) -> str:
        if expr.is_Symbol:
            name = self.mapping.get(expr)
            if name is None:
                raise DimensionError(f"unexpected symbol {expr} in a compiled expression")
            return name
        if expr.is_Integer:
            value = int(expr)
            return repr(value) if abs(value) < 2**53 else repr(float(value))
        if expr.is_Rational:
            return f"({int(expr.p)}/{int(expr.q)})" if max(abs(expr.p), expr.q) < 2**53 else repr(float(expr))
        if expr.is_Number or expr.is_NumberSymbol:
            return repr(float(expr))
        child = depth + 1
        if expr.is_Add:
            return "(" + " + ".join(self.emit(a, child) for a in expr.args) + ")"
        if expr.is_Mul:
            return "(" + "*".join(self.emit(a, child) for a in expr.args) + ")"
        if expr.is_Pow:
            base, exponent = expr.args
            b = self.emit(base, child)
            if exponent == -1:
                return f"(1/{b})"
            if exponent == sp.S.Half:
                return f"numpy.sqrt({b})"
            if exponent == -sp.S.Half:
                return f"(1/numpy.sqrt({b}))"
            return f"({b}**{self.emit(exponent, child)})"
        name = _NUMPY_FUNCTIONS.get(expr.func)
        if name is not None and len(expr.args) == 1:
            return f"{name}({self.emit(expr.args[0], child)})"
        if isinstance(expr, (sp.Max, sp.Min)):
            combine = "numpy.maximum" if isinstance(expr, sp.Max) else "numpy.minimum"
            parts = [self.emit(a, child) for a in expr.args]
            text = parts[0]
            for part in parts[1:]:
                text = f"{combine}({text}, {part})"
            return text
        return self._fallback_print(expr)

    def _fallback_print(self, expr: sp.Expr) -> str:
        if self._fallback is None:
            from sympy.printing.numpy import NumPyPrinter

            self._fallback = NumPyPrinter({"fully_qualified_modules": True, "strict": True})
        renamed = expr.xreplace({s: sp.Symbol(self.mapping[s]) for s in expr.free_symbols if s in self.mapping})
        try:
            return "(" + self._fallback.doprint(renamed) + ")"
        except Exception as exc:  # SymPy's printer raises several types for unsupported nodes
            raise UnsupportedError(f"cannot compile {type(expr).__name__} to NumPy: {exc}") from None


def _generate(exprs: Sequence[sp.Expr], mapping: dict[sp.Symbol, str], names: Sequence[str]) -> Callable[..., list]:
    """Build ``kernel(*names) -> [values]`` for the expressions (generated from the trees, not from text)."""
    writer = _CodeWriter(exprs, mapping)
    results = [writer.emit(e) for e in exprs]
    body = "\n".join(writer.lines)
    source = f"def _kernel({', '.join(names)}):\n{body}\n    return [{', '.join(results)}]\n"
    namespace: dict[str, Any] = {"numpy": np, "functools": __import__("functools")}
    # The source is printed from a validated SymPy tree over symopt's own
    # argument names; no user-written text is part of it.
    code = compile(source, "<symopt-kernel>", "exec")
    exec(code, namespace)  # noqa: S102
    kernel = namespace["_kernel"]
    kernel.__symopt_source__ = source
    return kernel


def _kernels_for(objective: "Objective", backend: str) -> dict[str, _Kernel]:
    """The objective's compiled kernels, built once per objective and backend (thread-safe)."""
    cache_name = f"_kernels_{backend}"
    cached = objective.__dict__.get(cache_name)
    if cached is None:
        with objective._lock:
            cached = objective.__dict__.get(cache_name)
            if cached is None:
                cached = {}
                objective.__dict__[cache_name] = cached
    return cached


def _build(objective: "Objective", which: str) -> _Kernel:
    n = objective.n
    vars_, params = objective.variables, objective.params
    if which == "value":
        return compile_entries([(((),), objective.expr)], (), vars_, params)
    if which == "grad":
        return compile_entries([(((i,),), g) for i, g in enumerate(objective._gradient_entries)], (n,), vars_, params)
    items = [
        ((((i, j),) if i == j else ((i, j), (j, i))), value) for (i, j), value in objective._hessian_entries.items()
    ]
    return compile_entries(items, (n, n), vars_, params)


@dataclass(frozen=True, eq=False)
class CompiledObjective:
    """Batched NumPy evaluation of an objective, its gradient and its Hessian.

    Kernels are compiled on first use and shared by every ``CompiledObjective``
    of the same :class:`~symopt.Objective` (parameters are kernel arguments).

    Attributes:
        objective: the source objective.
        param_values: the parameters' values, in ``objective.params`` order.
        backend: the backend name.
    """

    objective: "Objective"
    param_values: tuple[float, ...] = ()
    backend: str = "numpy"
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def n(self) -> int:
        """Number of variables."""
        return self.objective.n

    @property
    def variables(self) -> tuple[sp.Symbol, ...]:
        """The variables, in the order of the input's last axis."""
        return self.objective.variables

    def _kernel(self, which: str) -> _Kernel:
        kernels = _kernels_for(self.objective, self.backend)
        kernel = kernels.get(which)
        if kernel is None:
            with self.objective._lock:
                kernel = kernels.get(which)
                if kernel is None:
                    kernel = _build(self.objective, which)
                    kernels[which] = kernel
        return kernel

    def _points(self, X: Any) -> tuple[list[np.ndarray], tuple[int, ...]]:
        try:
            A = np.asarray(X, dtype=float)
        except (TypeError, ValueError) as exc:
            raise DimensionError(f"points must be numeric arrays: {exc}") from None
        n = self.n
        if n == 1 and (A.ndim == 0 or A.shape[-1] != 1):
            A = A[..., None]
        if A.ndim == 0:
            raise DimensionError(f"a scalar was given; the objective has {n} variables")
        if A.shape[-1] != n:
            raise DimensionError(
                f"points have {A.shape[-1]} coordinate(s) on the last axis; the objective has {n} "
                f"({', '.join(v.name for v in self.variables)})"
            )
        return [A[..., i] for i in range(n)], A.shape[:-1]

    def _evaluate(self, which: str, X: Any) -> np.ndarray:
        columns, batch = self._points(X)
        kernel = self._kernel(which)
        with np.errstate(all="ignore"):
            return kernel(columns, self.param_values, batch)

    def value(self, X: Any) -> np.ndarray:
        """f at points ``X`` of shape ``(..., n)``; returns shape ``(...)``."""
        return self._evaluate("value", X)

    __call__ = value

    def grad(self, X: Any) -> np.ndarray:
        """Gradient at points ``X`` of shape ``(..., n)``; returns shape ``(..., n)``."""
        return self._evaluate("grad", X)

    def hess(self, X: Any) -> np.ndarray:
        """Hessian at points ``X`` of shape ``(..., n)``; returns shape ``(..., n, n)``."""
        return self._evaluate("hess", X)

    def value_and_grad(self, X: Any) -> tuple[np.ndarray, np.ndarray]:
        """Both ``value(X)`` and ``grad(X)``."""
        return self.value(X), self.grad(X)

    def warm(self) -> "CompiledObjective":
        """Compile every kernel now (normally done on first use); returns self."""
        for which in ("value", "grad", "hess"):
            self._kernel(which)
        return self


def compile_objective(objective: "Objective", backend: str = "numpy", **param_values: Any) -> CompiledObjective:
    """Compile ``objective`` with every parameter bound (see :meth:`Objective.compile`)."""
    if backend not in BACKENDS:
        raise UnsupportedError(f"unknown backend {backend!r}; available: {', '.join(BACKENDS)}")
    values = objective._param_values(param_values, require_all=True)
    floats = []
    for p in objective.params:
        try:
            v = float(values[p])
        except (TypeError, ValueError):
            from .errors import ParameterError

            raise ParameterError(f"parameter {p.name} must be a real number, got {values[p]}") from None
        floats.append(v)
    return CompiledObjective(objective, tuple(floats), backend)
