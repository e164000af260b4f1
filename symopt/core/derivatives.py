"""Derivatives that stay sparse and exact (floor 1): d/dx of every supported function, term-wise gradients and Hessians, Jacobians.

The objective is split into its additive terms, each term is differentiated
only with respect to the variables it contains, and the Hessian is assembled
from the gradient's terms the same way (upper triangle, mirrored).

    >>> from symopt.core.parse import parse_symbols, parse
    >>> x, y = parse_symbols("x, y")
    >>> sparse_gradient(parse("x**2 + x*y"), (x, y))
    [2*x + y, x]
"""
from __future__ import annotations

import re
from typing import Any, Sequence

import sympy as sp
from sympy.core.function import AppliedUndef

from ..errors import DimensionError, ParseError
from .parse import as_expression, parse, parse_symbols


def _unary_derivatives() -> dict:
    return {
        sp.exp: sp.exp,
        sp.log: lambda u: 1 / u,
        sp.sin: sp.cos,
        sp.cos: lambda u: -sp.sin(u),
        sp.tan: lambda u: 1 + sp.tan(u) ** 2,
        sp.sinh: sp.cosh,
        sp.cosh: sp.sinh,
        sp.tanh: lambda u: 1 - sp.tanh(u) ** 2,
        sp.atan: lambda u: 1 / (1 + u**2),
        sp.asinh: lambda u: 1 / sp.sqrt(u**2 + 1),
        sp.Abs: sp.sign,
    }


_UNARY_DERIVATIVES = _unary_derivatives()


def derivative(expr: sp.Expr, x: sp.Symbol) -> sp.Expr:
    """d expr / d x by the sum, product, power and chain rules.

    Faster than ``expr.diff(x)`` on the trees symopt meets (no assumption
    queries for constant exponents, no detour through ``log``); any node it does
    not know is handed to SymPy's ``diff``.  ``d|u| = sign(u) du`` (real ``u``, a.e.).

    >>> x, y = parse_symbols("x, y")
    >>> derivative(x**3*y + sp.exp(2*x), x)
    3*x**2*y + 2*exp(2*x)
    """
    if expr.is_Atom:  # symbols are compared by value: SymPy's cache may hold equal copies
        return sp.S.One if expr == x else sp.S.Zero
    if x not in expr.free_symbols:
        return sp.S.Zero
    if expr.is_Add:
        return sp.Add(*[derivative(a, x) for a in expr.args])
    if expr.is_Mul:
        args = expr.args
        terms = []
        for i, a in enumerate(args):
            da = derivative(a, x)
            if da is not sp.S.Zero:
                terms.append(sp.Mul(*(args[:i] + (da,) + args[i + 1 :])))
        return sp.Add(*terms)
    if expr.is_Pow:
        base, exponent = expr.args
        if x not in exponent.free_symbols:
            db = derivative(base, x)
            if db is sp.S.Zero:
                return sp.S.Zero
            return sp.Mul(exponent, sp.Pow(base, exponent - 1), db)
        return expr.diff(x)
    if isinstance(expr, (sp.Max, sp.Min)):
        return _minmax_derivative(expr, x)
    if isinstance(expr, sp.Heaviside):  # d H(u) = delta(u) du (H keeps its value at 0 as a 2nd arg)
        du = derivative(expr.args[0], x)
        return sp.S.Zero if du is sp.S.Zero else sp.Mul(sp.DiracDelta(expr.args[0], evaluate=False), du)
    rule = _UNARY_DERIVATIVES.get(expr.func)
    if rule is not None and len(expr.args) == 1:
        du = derivative(expr.args[0], x)
        return sp.S.Zero if du is sp.S.Zero else sp.Mul(rule(expr.args[0]), du)
    return expr.diff(x)


def _minmax_derivative(expr: sp.Expr, x: sp.Symbol) -> sp.Expr:
    """SymPy's rule for ``Max``/``Min`` (``d Max = sum_i H(a_i - Max(others)) da_i``), built without
    re-evaluating ``Max(others)``: evaluating it compares every pair of arguments, so the
    gradient of a max of n variables cost O(n^3) assumption queries (190 s for n = 60)."""
    args = expr.args
    terms = []
    for i, a in enumerate(args):
        da = derivative(a, x)
        if da is sp.S.Zero:
            continue
        others = args[:i] + args[i + 1 :]  # already pairwise irreducible: they are args of expr
        rest = others[0] if len(others) == 1 else expr.func(*others, evaluate=False)
        gap = a - rest if isinstance(expr, sp.Max) else rest - a
        terms.append(sp.Mul(sp.Heaviside(gap, evaluate=False), da))  # evaluating asks its sign: slow
    return sp.Add(*terms)


def sparse_gradient(expr: sp.Expr, variables: Sequence[sp.Symbol]) -> list[sp.Expr]:
    """Gradient entries, differentiating each additive term only by its own variables.

    >>> x, y = parse_symbols("x, y")
    >>> sparse_gradient(x**2 + x*y + 3, (x, y))
    [2*x + y, x]
    """
    index = {v: i for i, v in enumerate(variables)}
    parts: list[list[sp.Expr]] = [[] for _ in variables]
    for term in sp.Add.make_args(expr):
        for s in term.free_symbols:
            i = index.get(s)
            if i is not None:
                parts[i].append(derivative(term, s))
    return [sp.Add(*p) for p in parts]


def sparse_hessian(gradient: Sequence[sp.Expr], variables: Sequence[sp.Symbol]) -> sp.Matrix:
    """Hessian assembled from gradient entries (upper triangle, then mirrored)."""
    n = len(variables)
    H = sp.zeros(n, n)
    for (i, j), value in sparse_hessian_entries(gradient, variables).items():
        H[i, j] = value
        H[j, i] = value
    return H


def sparse_hessian_entries(gradient: Sequence[sp.Expr], variables: Sequence[sp.Symbol]) -> dict[tuple[int, int], sp.Expr]:
    """The non-zero upper-triangle Hessian entries ``{(i, j): d^2 f / dx_i dx_j}`` with ``i <= j``."""
    index = {v: i for i, v in enumerate(variables)}
    entries: dict[tuple[int, int], list[sp.Expr]] = {}
    for i, g in enumerate(gradient):
        for term in sp.Add.make_args(g):
            for s in term.free_symbols:
                j = index.get(s)
                if j is not None and j >= i:
                    entries.setdefault((i, j), []).append(derivative(term, s))
    summed = {key: sp.Add(*parts) for key, parts in entries.items()}
    return {key: value for key, value in sorted(summed.items()) if value != 0}


def jacobian(exprs: Sequence[Any], variables: str | Sequence[Any] | None = None) -> sp.Matrix:
    """Jacobian ``J[i, j] = d f_i / d x_j`` of a vector map.

    Args:
        exprs: the map's components, as text or SymPy expressions.
        variables: the variables (default: all symbols, naturally sorted).

    >>> jacobian(["x*y", "x + y**2"], "x, y")
    Matrix([
    [y,   x],
    [1, 2*y]])
    """
    if isinstance(exprs, (str, sp.Basic)) and not isinstance(exprs, sp.MatrixBase):
        exprs = [exprs]
    components = [_as_scalar_expr(e) for e in exprs]
    if not components:
        raise DimensionError("the map has no components")
    if variables is None:
        found = set().union(*(c.free_symbols for c in components))
        vars_ = tuple(sorted(found, key=natural_key))
    else:
        vars_ = parse_symbols(variables)
    if not vars_:
        raise DimensionError("the map has no variables")
    return sp.Matrix([sparse_gradient(c, vars_) for c in components])


def natural_key(sym: sp.Symbol) -> tuple:
    """Sort key that orders ``x2`` before ``x10``."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", sym.name))


def _as_scalar_expr(expr: Any) -> sp.Expr:
    if isinstance(expr, str):
        return parse(expr)
    if isinstance(expr, (sp.MatrixBase,)):
        if expr.shape == (1, 1):
            return _as_scalar_expr(expr[0, 0])
        raise DimensionError(f"the objective must be scalar, got a {expr.shape[0]}x{expr.shape[1]} matrix")
    if isinstance(expr, (list, tuple, set, dict)):
        raise DimensionError(f"the objective must be scalar, got a {type(expr).__name__}")
    if hasattr(expr, "shape") and getattr(expr, "shape", ()) not in ((), None):
        raise DimensionError(f"the objective must be scalar, got an array of shape {expr.shape}")
    if isinstance(expr, (sp.logic.boolalg.BooleanFunction, sp.logic.boolalg.BooleanAtom, sp.core.relational.Relational)):
        raise ParseError("the objective must be an expression, not a condition")
    if not isinstance(expr, sp.Basic):
        expr = as_expression(expr)
    if not isinstance(expr, sp.Expr):
        raise ParseError(f"the objective must be a SymPy expression, got {type(expr).__name__}")
    if expr.atoms(AppliedUndef):
        names = sorted(str(f.func) for f in expr.atoms(AppliedUndef))
        raise ParseError(f"undefined function(s) {', '.join(names)}: symopt needs explicit formulas")
    if expr.has(sp.Derivative, sp.Integral, sp.Sum, sp.Product):
        raise ParseError("unevaluated derivatives, integrals, sums or products are not supported; call .doit() first")
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise ParseError("the objective is undefined (contains an infinity or NaN)")
    expr = _one_symbol_per_name(expr)
    if expr.has(sp.I):
        raise ParseError("the objective is not real (it contains the imaginary unit)")
    for s in expr.free_symbols:
        if not isinstance(s, sp.Symbol):
            raise ParseError(f"unsupported free object {s!r} in the objective")
    return expr


def _one_symbol_per_name(expr: Any) -> Any:
    """The user's symbols kept; several symbols of one name become one (the first without assumptions).

    Raises:
        ParseError: a symbol assumed not real (``Symbol("z", imaginary=True)``).
    """
    by_name: dict[str, list[sp.Symbol]] = {}
    for s in expr.free_symbols:
        if isinstance(s, sp.Symbol):
            if s.is_extended_real is False:
                raise ParseError(f"the symbol {s.name} is assumed not real; symopt's variables are real")
            by_name.setdefault(s.name, []).append(s)
    mapping = {}
    for group in by_name.values():
        if len(group) > 1:
            keep = min(group, key=lambda g: (len(g.assumptions0), sp.default_sort_key(g)))
            mapping.update({g: keep for g in group if g != keep})
    return expr.xreplace(mapping) if mapping else expr
