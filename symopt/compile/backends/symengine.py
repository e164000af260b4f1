"""SymEngine (optional, ``pip install 'symopt-toolkit[fast]'``): fast derivation and the ``"symengine"`` backend.

Two uses, both invisible in results:

* **derivation for compilation.**  When SymEngine is installed, the objective is
  large enough for derivation time to matter (at least :data:`MIN_NODES`
  distinct subtrees; smaller objectives derive in milliseconds either way and
  keep the SymPy trees, whose printed code the single-run optimizer fast path
  reproduces operation for operation), and every node of
  the objective is one whose derivative SymEngine and symopt agree on (sums,
  products, powers, ``exp``, ``log``, trigonometric and hyperbolic functions,
  ``atan``, ``asinh``; see :data:`SAFE_NODES`), the kernels of
  :meth:`Objective.compile` are derived and printed from SymEngine trees:
  gradient entries term by term, Hessian entries from the gradient's terms (the
  same sparse scheme as :func:`symopt.core.objective.sparse_gradient`), never
  building SymPy trees.  SymPy expressions are still what
  ``Objective.gradient`` / ``hessian`` return; they are derived by SymPy when
  asked for.  Anything else (``Abs``, ``Max``, piecewise atoms, ...) keeps the
  SymPy path.
* **the ``"symengine"`` backend**: kernels evaluated by ``symengine.Lambdify``
  (compiled C++ evaluation of the whole batch, with common subexpressions).

Set the environment variable ``SYMOPT_SYMENGINE=0`` to never use SymEngine.
"""

from __future__ import annotations

import math
import os
from fractions import Fraction
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Sequence

import numpy as np
from ..printing import float_code
from ...errors import DimensionError
from ..printing import _print_add
from ..printing import _print_mul
from ...errors import UnsupportedError
from ..printing import float_or_inf

if TYPE_CHECKING:  # pragma: no cover
    from ...core.objective import Objective

__all__ = ["available", "module", "derive", "SAFE_NODES", "SECodeWriter", "LambdifyKernel", "lambdify_kernel"]

SAFE_NODES = frozenset(
    {
        "Symbol", "Integer", "Zero", "One", "NegativeOne", "Half", "Rational", "RealDouble", "Exp1", "Pi",
        "Add", "Mul", "Pow",
        "log", "sin", "cos", "tan", "sinh", "cosh", "tanh", "atan", "asinh",
    }
)  # fmt: skip
"""SymEngine node types whose derivatives match symopt's rules exactly (and that the printer knows)."""

_NUMPY_NAMES = {
    "log": "numpy.log", "sin": "numpy.sin", "cos": "numpy.cos", "tan": "numpy.tan",
    "sinh": "numpy.sinh", "cosh": "numpy.cosh", "tanh": "numpy.tanh",
    "atan": "numpy.arctan", "asinh": "numpy.arcsinh",
}  # fmt: skip
_HOIST_DEPTH = 24
MIN_NODES = 256
"""Objectives with fewer distinct subtrees than this are derived by SymPy for compilation."""
_MISSING = object()
_module: Any = _MISSING


def module() -> Any:
    """The ``symengine`` module, or ``None`` when it is not installed (or disabled by ``SYMOPT_SYMENGINE=0``)."""
    global _module
    if os.environ.get("SYMOPT_SYMENGINE", "1") == "0":
        return None
    if _module is _MISSING:
        try:
            import symengine
        except ImportError:
            symengine = None
        _module = symengine
    return _module


def available() -> bool:
    """Whether SymEngine can be used."""
    return module() is not None


def _safe(exprs: Sequence[Any]) -> int | None:
    """Number of distinct subtrees, or ``None`` when a node is outside :data:`SAFE_NODES`."""
    seen: set = set()
    stack = list(exprs)
    while stack:
        node = stack.pop()
        if type(node).__name__ not in SAFE_NODES:
            return None
        for a in node.args:
            if a not in seen:
                seen.add(a)
                stack.append(a)
    return len(seen) + 1


@dataclass(frozen=True)
class Derivation:
    """An objective's value, gradient and Hessian entries as SymEngine trees.

    Attributes:
        symbols: SymEngine symbols of the variables then the parameters.
        value: the objective.
        gradient: ``[(i, d f / d x_i)]`` for the entries that are not identically 0.
        hessian: ``[((i, j), d^2 f / dx_i dx_j)]`` with ``i <= j``, non-zero entries only.
    """

    symbols: tuple
    value: Any
    gradient: tuple
    hessian: tuple


def derive(objective: "Objective", min_nodes: int | None = None) -> Derivation | None:
    """SymEngine derivation of ``objective``, or ``None`` when SymEngine is not to be used.

    ``None`` when SymEngine is missing, the expression does not convert, it
    holds a node outside :data:`SAFE_NODES`, or it has fewer than ``min_nodes``
    distinct subtrees (default :data:`MIN_NODES`).  Memoised on the objective
    for the default ``min_nodes``.
    """
    if min_nodes is not None:
        return _derive(objective, min_nodes)
    cached = objective.__dict__.get("_symengine_derivation", _MISSING)
    if cached is not _MISSING:
        return cached
    with objective._lock:
        cached = objective.__dict__.get("_symengine_derivation", _MISSING)
        if cached is _MISSING:
            cached = _derive(objective, MIN_NODES)
            objective.__dict__["_symengine_derivation"] = cached
    return cached


def _derive(objective: "Objective", min_nodes: int) -> Derivation | None:
    se = module()
    if se is None:
        return None
    try:
        symbols = tuple(se.sympify(s) for s in objective.variables + objective.params)
        expr = se.sympify(objective.expr)
    except Exception:  # noqa: BLE001 - SymEngine's converter raises several types; the SymPy path is the fallback
        return None
    if len(set(symbols)) != len(symbols) or not expr.free_symbols <= set(symbols):
        return None
    nodes = _safe([expr])
    if nodes is None or nodes < min_nodes:
        return None
    variables = symbols[: objective.n]
    index = {v: i for i, v in enumerate(variables)}
    parts: list[list] = [[] for _ in variables]
    for term in se.Add.make_args(expr):
        for s in term.free_symbols:
            i = index.get(s)
            if i is not None:
                parts[i].append(term.diff(s))
    gradient = [se.Add(*p) for p in parts]
    hess: dict[tuple[int, int], list] = {}
    for i, g in enumerate(gradient):
        for term in se.Add.make_args(g):
            for s in term.free_symbols:
                j = index.get(s)
                if j is not None and j >= i:
                    hess.setdefault((i, j), []).append(term.diff(s))
    hessian = [(key, se.Add(*v)) for key, v in sorted(hess.items())]
    grad_items = tuple((i, g) for i, g in enumerate(gradient) if g != 0)
    hess_items = tuple((k, h) for k, h in hessian if h != 0)
    if _safe([g for _, g in grad_items] + [h for _, h in hess_items]) is None:
        return None
    return Derivation(symbols, expr, grad_items, hess_items)


class SECodeWriter:
    """Prints SymEngine trees (nodes in :data:`SAFE_NODES`) as NumPy code; same output form as SymPy's writer.

    Only symopt's argument names (``_x0``, ``_p0``, ...) and ``numpy.*``
    functions appear in the output; repeated subtrees become temporaries.
    """

    def __init__(self, exprs: Sequence[Any], mapping: dict):
        self.mapping = mapping
        self.lines: list[str] = []
        self.memo: dict = {}
        self.shared = self._repeated(exprs)

    @staticmethod
    def _repeated(exprs: Sequence[Any]) -> set:
        seen: set = set()
        repeated: set = set()
        stack = list(exprs)
        while stack:
            node = stack.pop()
            if not node.args:
                continue
            if node in seen:
                repeated.add(node)
                continue
            seen.add(node)
            stack.extend(node.args)
        return repeated

    def emit(self, expr: Any, depth: int = 0) -> str:
        cached = self.memo.get(expr)
        if cached is not None:
            return cached
        text = self._print(expr, depth)
        if expr.args and (expr in self.shared or depth >= _HOIST_DEPTH):
            name = f"_t{len(self.lines)}"
            self.lines.append(f"    {name} = {text}")
            self.memo[expr] = name
            return name
        self.memo[expr] = text
        return text

    def _print(self, expr: Any, depth: int) -> str:

        kind = type(expr).__name__
        if kind == "Symbol":
            name = self.mapping.get(expr)
            if name is None:

                raise DimensionError(f"unexpected symbol {expr} in a compiled expression")
            return name
        if kind in ("Integer", "Zero", "One", "NegativeOne"):
            value = int(expr)
            return repr(value) if abs(value) < 2**53 else float_code(value)
        if kind in ("Rational", "Half"):
            p, q = (int(v) for v in expr.get_num_den())
            return f"({p}/{q})" if max(abs(p), q) < 2**53 else float_code(Fraction(p, q))
        if kind == "RealDouble":
            return repr(float(expr))
        if kind == "Exp1":
            return repr(math.e)
        if kind == "Pi":
            return repr(math.pi)
        child = depth + 1
        if kind == "Add":

            return _print_add(self, expr.args, child)
        if kind == "Mul":

            return _print_mul(self, expr.args, child)
        if kind == "Pow":
            base, exponent = expr.args
            if type(base).__name__ == "Exp1":
                return f"numpy.exp({self.emit(exponent, child)})"
            b = self.emit(base, child)
            ek = type(exponent).__name__
            if ek == "NegativeOne":
                return f"(1/{b})"
            if ek == "Half":
                return f"numpy.sqrt({b})"
            if ek == "Rational" and tuple(int(v) for v in exponent.get_num_den()) == (-1, 2):
                return f"(1/numpy.sqrt({b}))"
            return f"({b}**{self.emit(exponent, child)})"
        name = _NUMPY_NAMES.get(kind)
        if name is not None and len(expr.args) == 1:
            return f"{name}({self.emit(expr.args[0], child)})"

        raise UnsupportedError(f"cannot print SymEngine node {kind}")


# ------------------------------------------------------------------ the "symengine" backend


@dataclass(frozen=True)
class LambdifyKernel:
    """Evaluates entries of an output array with ``symengine.Lambdify`` over the whole batch."""

    shape: tuple[int, ...]
    constants: tuple
    targets: tuple
    function: Callable[..., Any] | None
    nargs: int

    def evaluate(self, A: np.ndarray, params: Sequence[float]) -> np.ndarray:
        """The entries at points ``A`` of shape ``(..., n)`` (``n + len(params) == nargs``)."""
        batch = A.shape[:-1]
        out = np.zeros(batch + self.shape)
        for places, value in self.constants:
            for place in places:
                out[(Ellipsis,) + place] = value
        if self.function is not None:
            size = math.prod(batch)
            inp = np.ascontiguousarray(A.reshape(size, A.shape[-1]), dtype=float)
            if params:
                inp = np.concatenate([inp, np.broadcast_to(np.asarray(params, dtype=float), (size, len(params)))], axis=1)
            values = np.asarray(self.function(inp)).reshape(size, len(self.targets))
            for k, places in enumerate(self.targets):
                column = values[:, k].reshape(batch)
                for place in places:
                    out[(Ellipsis,) + place] = column
        return out


def lambdify_kernel(items: Sequence[tuple[Sequence[tuple[int, ...]], Any]], shape: tuple[int, ...], symbols: Sequence[Any]) -> LambdifyKernel:
    """A :class:`LambdifyKernel` for SymEngine expressions ``[(places, expr)]`` over ``symbols`` (variables then params)."""
    se = module()


    constants, targets, exprs = [], [], []
    allowed = set(symbols)
    for places, expr in items:
        if expr == 0:
            continue
        places = tuple(tuple(p) for p in places)
        expr = _numbers_rounded_to_float(expr)
        if not expr.free_symbols:
            try:
                constants.append((places, float_or_inf(expr)))
            except (TypeError, ValueError, RuntimeError) as exc:
                raise UnsupportedError(f"cannot evaluate the constant {expr}: {exc}") from None
            continue
        if not expr.free_symbols <= allowed:

            raise DimensionError("expression has symbols outside the variables and parameters")
        targets.append(places)
        exprs.append(expr)
    function = None
    if exprs:
        try:
            function = se.Lambdify(list(symbols), exprs, cse=True)
        except Exception as exc:  # noqa: BLE001 - SymEngine raises RuntimeError/TypeError for unsupported nodes
            raise UnsupportedError(f"SymEngine cannot compile this objective: {exc}") from None
    return LambdifyKernel(tuple(shape), tuple(constants), tuple(targets), function, len(symbols))


def _numbers_rounded_to_float(expr: Any) -> Any:
    """``expr`` with every integer or rational that float64 cannot hold exactly
    replaced by its float rounding.

    ``symengine.Lambdify`` evaluates ``3**700/7**900`` as ``inf * 0 = nan``; the
    rounded constant is ``0.0``, as the NumPy printer writes it (``float_code``).
    """

    se = module()
    wide: dict = {}
    stack, seen = [expr], set()
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        kind = type(node).__name__
        if kind == "Integer" and abs(int(node)) >= 2**53:
            wide[node] = se.RealDouble(float_or_inf(int(node)))
        elif kind == "Rational":
            p, q = (int(v) for v in node.get_num_den())
            if max(abs(p), q) >= 2**53:
                wide[node] = se.RealDouble(float_or_inf(Fraction(p, q)))
        stack.extend(node.args)
    return expr.xreplace(wide) if wide else expr


def to_symengine(exprs: Sequence[Any]) -> list:
    """SymPy expressions converted to SymEngine (``UnsupportedError`` when one does not convert)."""
    se = module()
    try:
        return [se.sympify(e) for e in exprs]
    except Exception as exc:  # noqa: BLE001

        raise UnsupportedError(f"SymEngine cannot represent this objective: {exc}") from None
