"""The printer shared by every kernel (floor 2): SymPy trees -> straight-line NumPy source.

:class:`CodeWriter` prints a tree as a sequence of assignments with shared
subtrees hoisted into temporaries; integer powers up to
:data:`MAX_UNROLLED_POWER` (and their reciprocals) are printed as products by
binary powering, so the array kernels and the single-start float path do the
same correctly rounded IEEE 754 operations in the same order.  Used by
:mod:`symopt.compile.compiled`, the SymEngine backend and the optimizers' fast
path.

    >>> float_code(0.5)
    '0.5'
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import sympy as sp

from ..errors import DimensionError, UnsupportedError

__all__ = ["CodeWriter", "float_code", "float_or_inf", "MAX_UNROLLED_POWER"]


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
