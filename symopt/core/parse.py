"""The safe parser: text -> SymPy, through a whitelist over Python's ``ast``.

Nothing in the text is ever executed: the text is tokenised, parsed into a
Python syntax tree (``ast.parse`` only builds a tree), and every node is
translated by hand into SymPy; any node that is not on the whitelist is a
:class:`~symopt.errors.ParseError` that names the problem and shows its
position.  ``eval``, ``exec``, ``sympify`` and ``parse_expr`` are never called
on the text.

Grammar accepted:

* numbers: integers and decimals (``0.1`` is the exact rational ``1/10``;
  pass ``exact=False`` for floats), scientific notation (``1e-3``);
* ``+ - * / **``, ``^`` as power, unary ``+``/``-``, parentheses;
* identifiers are real symbols (``x``, ``x1``, ``w_2``, ``beta``, ``eta``,
  ``gamma``, and ``lambda`` although it is a Python keyword; ``λ`` is the
  same symbol as ``lambda``); ``pi`` and ``E`` are the constants;
* the functions in :data:`FUNCTIONS`.

Work is bounded: the text's length, the tree's nesting depth, exponent sizes
(``9**9**9**9`` is refused before anything is computed), and the size of every
number.

    >>> parse("x^2 + 2*y**2")
    x**2 + 2*y**2
    >>> parse("0.1*x1**2")
    x1**2/10
    >>> parse("softplus(lambda)")
    log(exp(lambda) + 1)
"""

from __future__ import annotations

import ast
import math
import re
import threading
import warnings
from typing import Any, Callable, Iterable, Sequence

import sympy as sp

from ..limits import run_with_budget
from ..config import config
from ..errors import BudgetExceeded, ParseError
from .grammar import (
    _IDENTIFIER,
    _IMPLICIT,
    _MAX_NAME_LENGTH,
    _STANDIN_NAMES,
    CONSTANTS,
    FUNCTIONS,
    _check_text,
    _fail,
    _implicit_multiplication,
    _plain,
    _rewrite,
    _Source,
    _Translator,
    lookalike_warnings,
    parse_number,
    suggest,
    symbol,
)

__all__ = [
    "parse",
    "parse_symbols",
    "parse_assignments",
    "parse_relations",
    "parse_number",
    "symbol",
    "as_expression",
    "FUNCTIONS",
    "CONSTANTS",
    "suggest",
    "lookalike_warnings",
    "split_calls",
]


def split_calls(text: str, names: Sequence[str], prefix: str, start: int = 0
                ) -> tuple[str, list[tuple[str, str, list[str]]]]:
    """Replace each outermost call ``name(...)`` of ``names`` in ``text`` by a placeholder.

    The rule languages (update rules with ``grad(...)``/``hess(...)``) use this
    before :func:`parse`, which knows no such functions.  Placeholders are
    ``f"{prefix}{k}"`` for ``k = start, start + 1, ...``, set off by spaces.
    Nothing is evaluated.

    Returns:
        The new text and ``[(placeholder, name, [argument texts])]``, the
        arguments split at top-level commas (they may hold calls of their own).

    Raises:
        ParseError: unbalanced parentheses in a call.

    >>> split_calls("x - eta*grad(x + b*v)", ("grad",), "g")
    ('x - eta* g0 ', [('g0', 'grad', ['x + b*v'])])
    """
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\s*\(")
    out: list[str] = []
    calls: list[tuple[str, str, list[str]]] = []
    i = 0
    while True:
        m = pattern.search(text, i)
        if not m:
            out.append(text[i:])
            break
        out.append(text[i:m.start()])
        depth, j = 1, m.end()
        args, arg_start = [], m.end()
        while j < len(text) and depth:
            ch = text[j]
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    args.append(text[arg_start:j])
            elif ch == "," and depth == 1:
                args.append(text[arg_start:j])
                arg_start = j + 1
            j += 1
        if depth:
            raise ParseError(f"unbalanced parentheses in {m.group(1)}(...)", text, m.start())
        name = f"{prefix}{start + len(calls)}"
        calls.append((name, m.group(1), args))
        out.append(f" {name} ")
        i = j
    return "".join(out), calls


# ---------------------------------------------------------------------- entry points


def _tree(text: str, mode_hint: str = "expression") -> tuple[ast.AST, _Source]:
    text = _check_text(text)
    source = _rewrite(text)
    if not source.code.strip():
        raise ParseError("empty expression", text, 0)
    try:
        with warnings.catch_warnings():  # "1not y" warns (SyntaxWarning) before failing: keep stderr clean
            warnings.simplefilter("ignore")
            tree = ast.parse(source.code.strip(), mode="eval")
    except SyntaxError as exc:
        implicit = _implicit_multiplication(text)
        if implicit is not None:
            hint, column = implicit
            raise ParseError(f"{_IMPLICIT}: {hint}", text, column) from None
        col = (exc.offset - 1) if exc.offset else len(source.code.strip())
        lead = len(source.code) - len(source.code.lstrip())
        raise _fail(f"invalid {mode_hint}: {_plain(exc)}", source, None if col is None else col + lead) from None
    except (RecursionError, MemoryError):
        raise ParseError(f"{mode_hint} is nested too deeply", text, 0) from None
    except ValueError as exc:  # e.g. null bytes
        raise ParseError(f"invalid {mode_hint}: {_plain(exc)}", text, 0) from None
    lead = len(source.code) - len(source.code.lstrip())
    if lead:
        source = _Source(source.original, source.code[lead:], source.origin[lead:])
    return tree.body, source


def has_oversized_number(expr: sp.Basic) -> bool:
    """Whether an integer or rational in ``expr`` has more than ``config.max_power_bits``
    bits (past Python's 4300-digit printing limit, such a number cannot even be shown)."""
    return any(
        max(int(number.p).bit_length(), int(number.q).bit_length()) > config.max_power_bits
        for number in expr.atoms(sp.Rational)
    )


def _finish(expr: sp.Expr, source: _Source) -> sp.Expr:
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise ParseError("the expression is undefined (division by zero or an infinite value)", source.original, 0)
    if expr.has(sp.I):
        raise ParseError("the expression is not real (it contains the imaginary unit)", source.original, 0)
    if has_oversized_number(expr):  # products of allowed powers can still grow past the limit
        raise ParseError("a number in the expression is too large", source.original, 0)
    for node in expr.atoms(sp.Function, sp.Pow):
        if not node.free_symbols and node.is_extended_real is False:
            raise ParseError(f"{node} is not a real number", source.original, 0)
    return expr


def parse(text: str, *, exact: bool = True) -> sp.Expr:
    """Parse one scalar expression.

    Args:
        text: the expression, e.g. ``"x1**2 + 2*x2**2"`` or ``"x*cos(c*x)"``.
        exact: decimals become exact rationals (default) or floats.

    Returns:
        A SymPy expression whose symbols are real (:func:`symbol`).

    Raises:
        ParseError: anything outside the grammar, with its position.

    >>> parse("x*cos(c*x)")
    x*cos(c*x)
    >>> parse("__import__('os')")
    Traceback (most recent call last):
    ...
    symopt.errors.ParseError: dunder names are not allowed (at column 0)
      __import__('os')
      ^
    """
    tree, source = _tree(text)

    def build() -> sp.Expr:
        try:
            expr = _Translator(source, exact).expr(tree)
        except RecursionError:
            raise ParseError("expression is nested too deeply", text, 0) from None
        return _finish(sp.sympify(expr, strict=True) if not isinstance(expr, sp.Basic) else expr, source)

    return _within_parse_budget(build, text)


def _within_parse_budget(build: Callable[[], Any], text: str) -> Any:
    """Run ``build`` under the ``parse`` budget (main thread).

    The grammar and size limits leave constants that SymPy evaluates eagerly
    and slowly: ``logsumexp(cosh(13156957), -10**12)`` asks whether
    ``exp(cosh(13156957)) + exp(-10**12)`` is negative, refining its precision for
    minutes.  Elsewhere than the main thread the build runs unbounded (a fork
    per parse would cost more than it saves).
    """
    if threading.current_thread() is not threading.main_thread():
        return build()
    try:
        return run_with_budget(build, step="parse")
    except BudgetExceeded as exc:
        raise ParseError(
            f"building the expression exceeded its work limit ({exc}; numbers of extreme size?)", text, 0
        ) from None


def parse_symbols(names: str | Iterable[str | sp.Symbol] | sp.Symbol | None) -> tuple[sp.Symbol, ...]:
    """Real symbols from ``"x, y"``, ``["x", "y"]`` or SymPy symbols.

    >>> parse_symbols("x1, x2")
    (x1, x2)

    Raises:
        ParseError: a name that is not a valid identifier, or a duplicate.
    """
    if names is None:
        return ()
    if isinstance(names, sp.Symbol):
        names = [names]
    if isinstance(names, str):
        items: list[str | sp.Symbol] = [n.strip() for n in names.split(",")]
        if not names.strip():
            return ()
        if any(not n for n in items):
            raise ParseError("empty name in the list", names, 0)
    else:
        try:
            items = list(names)
        except TypeError:
            raise ParseError(f"expected names, got {type(names).__name__}") from None
    result: list[sp.Symbol] = []
    seen: set[sp.Symbol] = set()  # a set: list membership would make n names cost O(n^2)
    for item in items:
        if isinstance(item, sp.Symbol):
            name = item.name
        elif isinstance(item, str):
            name = item.strip()
        else:
            raise ParseError(f"expected a name, got {type(item).__name__}")
        name = _STANDIN_NAMES.get(name, name)
        if name in FUNCTIONS or name in CONSTANTS:
            raise ParseError(f"{name!r} is a function or constant, not a variable name", name, 0)
        if not (_IDENTIFIER.match(name) or name == "lambda") or name.startswith("__") or len(name) > _MAX_NAME_LENGTH:
            raise ParseError(f"invalid name {name!r}", name, 0)
        sym = symbol(name)
        if sym in seen:
            raise ParseError(f"name {name!r} given twice", name, 0)
        seen.add(sym)
        result.append(sym)
    return tuple(result)


def _split_top_level(text: str, sep: str = ",") -> list[tuple[str, int]]:
    """Split at ``sep`` outside parentheses; returns (piece, start column)."""
    pieces: list[tuple[str, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == sep and depth == 0:
            pieces.append((text[start:i], start))
            start = i + 1
    pieces.append((text[start:], start))
    return pieces


def parse_assignments(text: str, *, exact: bool = True) -> dict[sp.Symbol, sp.Expr]:
    """Parse ``"x=1, y=1/2"`` into ``{x: 1, y: 1/2}`` (values are expressions).

    >>> parse_assignments("x=1, y=0.5")
    {x: 1, y: 1/2}

    Raises:
        ParseError: a piece without ``=``, a bad name, a repeated name.
    """
    _check_text(text)
    result: dict[sp.Symbol, sp.Expr] = {}
    for piece, offset in _split_top_level(text):
        if not piece.strip():
            raise ParseError("empty assignment", text, offset)
        if piece.count("=") != 1:
            raise ParseError("expected name=value", text, offset)
        name, value = piece.split("=")
        if not name.strip() or "," in name:
            raise ParseError("expected name=value (the name is missing)", text, offset)
        (sym,) = parse_symbols(name.strip())
        if sym in result:
            raise ParseError(f"{sym.name} assigned twice", text, offset)
        if not value.strip():
            raise ParseError(f"no value after '{sym.name}=' (write e.g. {sym.name}=0.5)", text,
                             offset + len(name) + 1)
        try:
            result[sym] = parse(value, exact=exact)
        except ParseError as exc:
            col = None if exc.position is None else offset + len(name) + 1 + exc.position
            raise ParseError(exc.reason, text, col) from None
    return result


_RELATIONS = {
    ast.Lt: sp.StrictLessThan,
    ast.LtE: sp.LessThan,
    ast.Gt: sp.StrictGreaterThan,
    ast.GtE: sp.GreaterThan,
}


def parse_relations(text: str, *, exact: bool = True) -> tuple[sp.Rel, ...]:
    """Parse comma-separated (chained) inequalities, e.g. ``"x > 0, -1 <= y <= 2"``.

    Chains are split into their pairwise relations.

    >>> parse_relations("x > 0, -1 <= y <= 2")
    (x > 0, y >= -1, y <= 2)

    Raises:
        ParseError: anything that is not an inequality between expressions
            (``==`` and ``!=`` are refused too).
    """
    _check_text(text)
    return _within_parse_budget(lambda: _relations(text, exact), text)


def _relations(text: str, exact: bool) -> tuple[sp.Rel, ...]:
    relations: list[sp.Rel] = []
    for piece, offset in _split_top_level(text):
        if not piece.strip():
            raise ParseError("empty condition", text, offset)
        tree, source = _tree(piece, "inequality")
        if not isinstance(tree, ast.Compare):
            raise ParseError("expected an inequality such as 'x > 0'", text, offset)
        translator = _Translator(source, exact)
        left = translator.expr(tree.left)
        for op, right_node in zip(tree.ops, tree.comparators):
            if type(op) not in _RELATIONS:
                raise ParseError(f"only <, <=, >, >= are allowed, got {type(op).__name__}", text, offset)
            right = translator.expr(right_node)
            _finish(left, source)
            _finish(right, source)
            rel = _RELATIONS[type(op)](left, right)
            if rel in (sp.true, sp.false):
                raise ParseError(f"condition {piece.strip()!r} involves no variable", text, offset)
            relations.append(_canonical(rel))
            left = right
    return tuple(relations)


def _canonical(rel: sp.Rel) -> sp.Rel:
    """Put a lone symbol on the left (``-1 <= y`` becomes ``y >= -1``)."""
    if not rel.lhs.is_Symbol and rel.rhs.is_Symbol:
        return rel.reversed
    return rel


def as_expression(value: object) -> sp.Expr:
    """A SymPy expression from text (parsed safely) or a SymPy/Python number.

    Used wherever a user hands a value: text goes through :func:`parse`,
    SymPy objects pass, Python ints/floats/fractions become exact numbers.

    Raises:
        ParseError: anything else.
    """
    if isinstance(value, str):
        return parse(value)
    if isinstance(value, sp.Basic):
        return value  # type: ignore[return-value]
    if isinstance(value, bool):
        raise ParseError("a boolean is not a number")
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, float):  # numpy.float64 is a float subclass: use the plain float's repr
        value = float(value)
        if not math.isfinite(value):
            raise ParseError(f"non-finite number {value!r}")
        return sp.Rational(repr(value))
    try:
        import fractions

        if isinstance(value, fractions.Fraction):
            return sp.Rational(value.numerator, value.denominator)
    except ImportError:  # pragma: no cover
        pass
    try:
        import numpy as np

        if isinstance(value, np.generic):
            return as_expression(value.item())
    except ImportError:  # pragma: no cover
        pass
    raise ParseError(f"cannot use a {type(value).__name__} as a number")
