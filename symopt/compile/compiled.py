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

Backends (one keyword, :data:`BACKENDS`): ``"numpy"`` (default), ``"symengine"``
(``symengine.Lambdify``, optional) and ``"jax"`` (the same printed kernels over
``jax.numpy`` under ``jax.jit``, optional; see :mod:`symopt.compile.backends.jax`).  With
SymEngine installed, large objectives are derived and printed from SymEngine
trees (:mod:`symopt.compile.backends.symengine`).  For batches of at least
``_CONTIGUOUS_FROM`` points the coordinate columns are copied out contiguously
first (element-wise NumPy on strided columns is about 2.5x slower).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Sequence

import numpy as np
import sympy as sp

from ..errors import DimensionError, UnsupportedError
from .printing import CodeWriter, _float_constant, _short_expr, float_code, float_or_inf  # noqa: F401  (re-exported)
from .backends import symengine as bse
from .backends import jax as _backend_jax
from .backends.jax import jnp
from .backends.symengine import available
from ..errors import ParameterError

if TYPE_CHECKING:
    from ..core.objective import Objective

__all__ = ["CompiledObjective", "compile_objective", "compile_entries", "BACKENDS"]

BACKENDS = ("numpy", "symengine", "jax")
"""Backends for :meth:`Objective.compile`: ``"numpy"`` (default, always available),
``"symengine"`` (``symengine.Lambdify``; ``pip install 'symopt-toolkit[fast]'``) and ``"jax"``
(``jax.jit`` over ``jax.numpy``, returns JAX arrays; ``pip install 'symopt-toolkit[jax]'``)."""


@dataclass(frozen=True)
class _Kernel:
    """Evaluates a fixed set of entries of an output array."""

    shape: tuple[int, ...]
    constants: tuple[tuple[tuple[tuple[int, ...], ...], float], ...]
    targets: tuple[tuple[tuple[int, ...], ...], ...]
    function: Callable[..., Any] | None

    def evaluate(self, A: np.ndarray, params: Sequence[float]) -> np.ndarray:
        """The entries at points ``A`` of shape ``(..., n)``."""
        return self(_columns(A), params, A.shape[:-1])

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


_CONTIGUOUS_FROM = 2048  # batch size from which columns are copied out contiguously


def _columns(A: np.ndarray) -> list[np.ndarray]:
    """The coordinate columns ``A[..., i]``; contiguous copies for large batches.

    Element-wise NumPy on the strided views ``A[..., i]`` of a C-ordered
    ``(B, n)`` array runs about 2.5x slower than on contiguous columns, and one
    transposing copy costs less than the difference.
    """
    n = A.shape[-1]
    if n > 1 and A.size >= _CONTIGUOUS_FROM * n:
        return list(np.ascontiguousarray(np.moveaxis(A, -1, 0)))
    return [A[..., i] for i in range(n)]


def _is_jax_float(X: Any) -> bool:
    dtype = getattr(X, "dtype", None)
    return type(X).__module__.startswith("jax") and dtype is not None and np.issubdtype(dtype, np.floating)


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
    return _Kernel(*_pieces(items, shape, variables, params))


def _pieces(
    items: Sequence[tuple[Sequence[tuple[int, ...]], Any]],
    shape: tuple[int, ...],
    variables: Sequence[Any],
    params: Sequence[Any],
    writer: type | None = None,
    namespace_module: Any = np,
) -> tuple:
    """``(shape, constants, targets, function)`` for entries ``[(places, expr)]``.

    SymPy trees by default; with ``writer`` (a SymEngine printer) SymEngine trees.
    ``namespace_module`` is what the name ``numpy`` means in the generated code.
    """
    names = [f"_x{i}" for i in range(len(variables))] + [f"_p{i}" for i in range(len(params))]
    mapping = dict(zip(list(variables) + list(params), names))
    constants: list[tuple[tuple[tuple[int, ...], ...], float]] = []
    targets: list[tuple[tuple[int, ...], ...]] = []
    exprs: list[Any] = []
    for places, expr in items:
        if writer is None:
            expr = _prepare(sp.sympify(expr))
        if expr == 0:
            continue
        places = tuple(tuple(p) for p in places)
        if writer is None and expr.has(sp.I):
            raise UnsupportedError(
                f"the objective is not real-valued: {_short_expr(expr)} contains the imaginary unit "
                "(a negative base to a variable power?); symopt works over the reals"
            )
        free = expr.free_symbols
        if not free:
            constants.append((places, _float_constant(expr)))
            continue
        extra = {s for s in free if s not in mapping}  # not `free - mapping.keys()`: that walks every key
        if extra:
            raise DimensionError(
                f"expression has symbols outside the variables and parameters: {', '.join(sorted(map(str, extra)))}"
            )
        targets.append(places)
        exprs.append(expr)
    function = _generate(exprs, mapping, names, writer or CodeWriter, namespace_module) if exprs else None
    return tuple(shape), tuple(constants), tuple(targets), function


# ------------------------------------------------------------------ code generation


def _generate(
    exprs: Sequence[Any],
    mapping: dict[Any, str],
    names: Sequence[str],
    writer_class: type = None,  # type: ignore[assignment]
    namespace_module: Any = np,
) -> Callable[..., list]:
    """Build ``kernel(*names) -> [values]`` for the expressions (generated from the trees, not from text)."""
    writer = (writer_class or CodeWriter)(exprs, mapping)
    results = [writer.emit(e) for e in exprs]
    body = "\n".join(writer.lines)
    source = f"def _kernel({', '.join(names)}):\n{body}\n    return [{', '.join(results)}]\n"
    namespace: dict[str, Any] = {"numpy": namespace_module, "functools": __import__("functools")}
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


def _shape(objective: "Objective", which: str) -> tuple[int, ...]:
    return {"value": (), "grad": (objective.n,), "hess": (objective.n, objective.n)}[which]


def _hessian_places(i: int, j: int) -> tuple[tuple[int, int], ...]:
    return ((i, j),) if i == j else ((i, j), (j, i))


def _sympy_items(objective: "Objective", which: str) -> list:
    """``[(places, SymPy expr)]`` for one kernel, from the objective's (cached, sparse) derivations."""
    if which == "value":
        return [(((),), objective.expr)]
    if which == "grad":
        return [(((i,),), g) for i, g in enumerate(objective._gradient_entries)]
    return [(_hessian_places(i, j), value) for (i, j), value in objective._hessian_entries.items()]


def _symengine_items(derivation: Any, which: str) -> list:
    if which == "value":
        return [(((),), derivation.value)]
    if which == "grad":
        return [(((i,),), g) for i, g in derivation.gradient]
    return [(_hessian_places(i, j), h) for (i, j), h in derivation.hessian]


def _build(objective: "Objective", which: str, backend: str = "numpy") -> Any:
    """One kernel.  With SymEngine installed and a safe objective, derived and printed from SymEngine trees."""

    shape = _shape(objective, which)
    vars_, params = objective.variables, objective.params
    derivation = bse.derive(objective)
    if backend == "symengine":
        if bse.module() is None:
            raise UnsupportedError("the 'symengine' backend needs SymEngine: pip install 'symopt-toolkit[fast]'")
        if derivation is not None:
            items = _symengine_items(derivation, which)
            symbols = derivation.symbols
            return bse.lambdify_kernel(items, shape, symbols)
        # SymPy derivation (symopt's rules for |u|, max, ...), converted for Lambdify;
        # what SymEngine cannot evaluate (Heaviside, piecewise atoms) runs as the NumPy kernel.
        sympy_items = [(places, _prepare(sp.sympify(e))) for places, e in _sympy_items(objective, which)]
        try:
            converted = bse.to_symengine([e for _, e in sympy_items] + list(vars_) + list(params))
            items = [(places, e) for (places, _), e in zip(sympy_items, converted)]
            return bse.lambdify_kernel(items, shape, tuple(converted[len(sympy_items) :]))
        except UnsupportedError:
            return _Kernel(*_pieces(sympy_items, shape, vars_, params))
    namespace_module: Any = np
    if backend == "jax":

        namespace_module = _backend_jax.jnp()
    if derivation is not None:
        symbols = derivation.symbols
        pieces = _pieces(
            _symengine_items(derivation, which),
            shape,
            symbols[: objective.n],
            symbols[objective.n :],
            writer=bse.SECodeWriter,
            namespace_module=namespace_module,
        )
    else:
        pieces = _pieces(_sympy_items(objective, which), shape, vars_, params, namespace_module=namespace_module)
    if backend == "jax":
        return _backend_jax.jax_kernel(*pieces, objective.n)
    return _Kernel(*pieces)


@dataclass(frozen=True, eq=False)
class CompiledObjective:
    """Batched NumPy evaluation of an objective, its gradient and its Hessian.

    Kernels are compiled on first use and shared by every ``CompiledObjective``
    of the same :class:`~symopt.Objective` (parameters are kernel arguments).

    Attributes:
        objective: the source objective.
        param_values: the parameters' values, in ``objective.params`` order.
        backend: ``"numpy"`` (float64 NumPy arrays), ``"symengine"`` (float64
            NumPy arrays, evaluated by ``symengine.Lambdify``) or ``"jax"`` (JAX
            arrays from one jitted function per kernel; see ``symopt.compile.backends.jax``).
    """

    objective: "Objective"
    param_values: tuple[float, ...] = ()
    backend: str = "numpy"
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __reduce__(self) -> tuple:
        # picklable for process pools: the lock is not, and kernels are rebuilt on first use there
        return (type(self), (self.objective, self.param_values, self.backend))

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
                    kernel = _build(self.objective, which, self.backend)
                    kernels[which] = kernel
        return kernel

    def _array(self, X: Any) -> Any:
        if self.backend == "jax":

            np_ = jnp()
            try:
                A = np_.asarray(X)
                if not np_.issubdtype(A.dtype, np_.floating):
                    A = A.astype(np_.result_type(float))
            except (TypeError, ValueError) as exc:
                raise DimensionError(f"points must be numeric arrays: {exc}") from None
        else:
            try:
                A = np.asarray(X, dtype=float)
            except (TypeError, ValueError) as exc:
                raise DimensionError(f"points must be numeric arrays: {exc}") from None
        return A

    def _checked(self, X: Any) -> Any:
        A = self._array(X)
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
        return A

    def _points(self, X: Any) -> tuple[list[np.ndarray], tuple[int, ...]]:
        A = self._checked(X)
        return [A[..., i] for i in range(self.n)], A.shape[:-1]

    def _evaluate(self, which: str, X: Any) -> np.ndarray:
        kernel = self._kernel(which)
        if self.backend == "jax":
            shape = getattr(X, "shape", None)
            if shape is not None and len(shape) >= 1 and shape[-1] == self.n and self.n > 1 and _is_jax_float(X):
                return kernel(X, self.param_values)  # a JAX float array of the right shape: no checks to do
            return kernel(self._checked(X), self.param_values)
        A = self._checked(X)
        with np.errstate(all="ignore"):
            return kernel.evaluate(A, self.param_values)

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
    if backend == "symengine":

        if not available():
            raise UnsupportedError("the 'symengine' backend needs SymEngine: pip install 'symopt-toolkit[fast]'")
    elif backend == "jax":

        jnp()  # raises UnsupportedError without JAX
    values = objective._param_values(param_values, require_all=True)
    floats = []
    for p in objective.params:
        try:
            v = float(values[p])
        except (TypeError, ValueError):

            raise ParameterError(f"parameter {p.name} must be a real number, got {values[p]}") from None
        floats.append(v)
    return CompiledObjective(objective, tuple(floats), backend)
