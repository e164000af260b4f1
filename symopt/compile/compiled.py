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

import math
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Sequence

import numpy as np
import sympy as sp

from ..errors import DimensionError, UnsupportedError

if TYPE_CHECKING:
    from ..core.objective import Objective

__all__ = ["CompiledObjective", "compile_objective", "compile_entries", "BACKENDS"]

BACKENDS = ("numpy", "symengine", "jax")
"""Backends for :meth:`Objective.compile`: ``"numpy"`` (default, always available),
``"symengine"`` (``symengine.Lambdify``; ``pip install symopt[fast]``) and ``"jax"``
(``jax.jit`` over ``jax.numpy``, returns JAX arrays; ``pip install symopt[jax]``)."""


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


def _short_expr(expr: Any) -> str:
    text = str(expr)
    return text if len(text) <= 40 else text[:37] + "..."


def float_or_inf(number: Any) -> float:
    """``float(number)``, with ``±inf`` where the number lies beyond the float range
    (``float(10**400)`` raises OverflowError)."""
    try:
        return float(number)
    except OverflowError:
        return math.inf if number > 0 else -math.inf


def _float_constant(expr: Any) -> float:
    """A constant entry as a float: ``±inf`` beyond the float range, NaN where it has no real value."""
    try:
        return float_or_inf(expr)
    except (TypeError, ValueError):  # zoo, nan
        return math.nan


def float_code(number: Any) -> str:
    """Source text of ``number`` rounded to float64; beyond the float range it is
    ``numpy.inf`` (``-x/1e-310`` holds the integer ``10**310``: ``repr(float(...))``
    raised OverflowError, and ``inf`` is no Python literal)."""
    value = float_or_inf(number)
    if math.isnan(value):
        return "numpy.nan"
    if math.isinf(value):
        return "numpy.inf" if value > 0 else "(-numpy.inf)"
    return repr(value)

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
MAX_UNROLLED_POWER = 32
"""Integer powers up to this exponent (and their reciprocals) are printed as
products of multiplications, which every evaluator rounds the same way."""


class CodeWriter:
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
            name = self._temporary(text)
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
            return repr(value) if abs(value) < 2**53 else float_code(expr)
        if expr.is_Rational:
            return f"({int(expr.p)}/{int(expr.q)})" if max(abs(expr.p), expr.q) < 2**53 else float_code(expr)
        if expr.is_Number or expr.is_NumberSymbol:
            return float_code(expr)
        child = depth + 1
        if expr.is_Add:
            return _print_add(self, expr.args, child)
        if expr.is_Mul:
            return _print_mul(self, expr.args, child)
        if expr.is_Pow:
            base, exponent = expr.args
            b = self.emit(base, child)
            if exponent == -1:
                return f"(1/{b})"
            if exponent == sp.S.Half:
                return f"numpy.sqrt({b})"
            if exponent == -sp.S.Half:
                return f"(1/numpy.sqrt({b}))"
            if exponent.is_Integer and 2 <= abs(int(exponent)) <= MAX_UNROLLED_POWER:
                product = self._unrolled_power(b, abs(int(exponent)))
                return product if exponent > 0 else f"(1/{product})"
            return f"({b}**{self.emit(exponent, child)})"
        name = _NUMPY_FUNCTIONS.get(expr.func)
        if name is not None and len(expr.args) == 1:
            return f"{name}({self.emit(expr.args[0], child)})"
        if isinstance(expr, sp.Heaviside):  # H(0) is the second argument (SymPy's default 1/2)
            at_zero = expr.args[1] if len(expr.args) > 1 else sp.S.Half
            return f"numpy.heaviside({self.emit(expr.args[0], child)}, {self.emit(at_zero, child)})"
        if isinstance(expr, (sp.Max, sp.Min)):
            combine = "numpy.maximum" if isinstance(expr, sp.Max) else "numpy.minimum"
            parts = [self.emit(a, child) for a in expr.args]
            text = parts[0]
            for part in parts[1:]:
                text = f"{combine}({text}, {part})"
            return text
        return self._fallback_print(expr)

    def _temporary(self, text: str) -> str:
        """A name for ``text``: itself if it is a name already, else a new temporary line."""
        if text.isidentifier():
            return text
        name = f"_t{len(self.lines)}"
        self.lines.append(f"    {name} = {text}")
        return name

    def _unrolled_power(self, base: str, n: int) -> str:
        """``base**n`` as multiplications by binary powering (``n >= 2``).

        ``float.__pow__`` calls the C library's ``pow`` while NumPy's ``power``
        dispatches to SIMD kernels (AVX-512 on some CPUs) that round differently,
        so the single-start float path and the batched NumPy path disagreed in
        the last bit.  A product of IEEE-754 multiplications is correctly
        rounded at every step on every CPU, so both paths now compute the very
        same number (and a product is faster than ``pow``).  The relative error
        is at most about ``(n - 1)`` units in the last place, which is why only
        exponents up to :data:`MAX_UNROLLED_POWER` are unrolled.
        """
        square = self._temporary(base)
        factors: list[str] = []
        while True:
            if n & 1:
                factors.append(square)
            n >>= 1
            if not n:
                break
            square = self._temporary(f"({square}*{square})")
        return factors[0] if len(factors) == 1 else "(" + "*".join(factors) + ")"

    def _fallback_print(self, expr: sp.Expr) -> str:
        if self._fallback is None:
            from sympy.printing.numpy import NumPyPrinter

            self._fallback = NumPyPrinter({"fully_qualified_modules": True, "strict": True})
        renamed = expr.xreplace({s: sp.Symbol(self.mapping[s]) for s in expr.free_symbols if s in self.mapping})
        try:
            return "(" + self._fallback.doprint(renamed) + ")"
        except Exception as exc:  # SymPy's printer raises several types for unsupported nodes
            raise UnsupportedError(f"cannot compile {type(expr).__name__} to NumPy: {exc}") from None


def _negative_number(node: Any) -> bool:
    """``node`` is a negative number (SymPy or SymEngine)."""
    try:
        return bool(node.is_Number) and float(node) < 0
    except (TypeError, ValueError):  # zoo, nan
        return False


def _negated(writer: Any, node: Any, depth: int) -> str | None:
    """Code for ``-node`` when ``node`` is ``c * rest`` with a number ``c < 0`` printed inline, else ``None``."""
    if not node.is_Mul or node in writer.memo or node in writer.shared:
        return None
    first, *rest = node.args
    if not _negative_number(first) or not rest:
        return None
    factors = rest if first == -1 else [-first, *rest]
    if len(factors) == 1:
        return writer.emit(factors[0], depth)
    return "(" + "*".join(writer.emit(f, depth) for f in factors) + ")"


def _print_add(writer: Any, args: Sequence[Any], depth: int) -> str:
    """``(a + b - c)``: terms ``-c`` with a negative coefficient become subtractions (one ufunc call fewer)."""
    args = list(args)
    lead = next((k for k, a in enumerate(args) if not (a.is_Mul and _negative_number(a.args[0]))), 0)
    args.insert(0, args.pop(lead))  # start with a term that is not negated: `x - y**2`, not `-y**2 + x`
    parts: list[str] = []
    for a in args:
        negative = _negated(writer, a, depth) if parts else None
        if negative is not None:
            parts.append(f" - {negative}")
        else:
            parts.append((" + " if parts else "") + writer.emit(a, depth))
    return "(" + "".join(parts) + ")"


def _print_mul(writer: Any, args: Sequence[Any], depth: int) -> str:
    """``(a*b)``; a leading factor -1 becomes a unary minus."""
    if len(args) > 1 and args[0] == -1:
        return "(-" + "*".join(writer.emit(a, depth) for a in args[1:]) + ")"
    return "(" + "*".join(writer.emit(a, depth) for a in args) + ")"


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
    from .backends import symengine as bse

    shape = _shape(objective, which)
    vars_, params = objective.variables, objective.params
    derivation = bse.derive(objective)
    if backend == "symengine":
        if bse.module() is None:
            raise UnsupportedError("the 'symengine' backend needs SymEngine: pip install 'symopt[fast]'")
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
        from .backends import jax as _backend_jax

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
            from .backends.jax import jnp

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
        from .backends.symengine import available

        if not available():
            raise UnsupportedError("the 'symengine' backend needs SymEngine: pip install 'symopt[fast]'")
    elif backend == "jax":
        from .backends.jax import jnp

        jnp()  # raises UnsupportedError without JAX
    values = objective._param_values(param_values, require_all=True)
    floats = []
    for p in objective.params:
        try:
            v = float(values[p])
        except (TypeError, ValueError):
            from ..errors import ParameterError

            raise ParameterError(f"parameter {p.name} must be a real number, got {values[p]}") from None
        floats.append(v)
    return CompiledObjective(objective, tuple(floats), backend)
