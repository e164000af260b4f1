"""The parser's grammar: the whitelist of functions and constants, the text checks, and the
translator from Python's ``ast`` to SymPy (see :mod:`symopt.core.parse` for the entry points).

Nothing here executes text: :class:`_Translator` walks a syntax tree that
``ast.parse`` built and translates each whitelisted node by hand.

    >>> symbol("x").is_real
    True
"""

from __future__ import annotations

import ast
import difflib
import io
import math
import re
import tokenize
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import sympy as sp

from ..config import config
from ..display import shorten
from ..errors import ParseError


def symbol(name: str) -> sp.Symbol:
    """The real SymPy symbol symopt uses for ``name``.

    Text is parsed into these symbols (``Symbol(name, real=True)``).  An
    :class:`~symopt.Objective` built from *your own* SymPy symbols keeps them
    (``sp.symbols("x y")`` work in ``subs``/``diff`` on its results), and
    symopt's analyses treat every variable as real all the same.  ``symbol("x")``
    and ``sp.Symbol("x")`` are different SymPy symbols; symopt matches
    variables, parameters, points and domains *by name*, so either may be used
    where symopt asks for a variable.

    >>> symbol("x").is_real
    True
    """
    return sp.Symbol(name, real=True)


def _softplus(x: sp.Expr) -> sp.Expr:
    return sp.log(1 + sp.exp(x))


def _sigmoid(x: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-x))


def _logsumexp(*xs: sp.Expr) -> sp.Expr:
    return sp.log(sp.Add(*[sp.exp(x) for x in xs]))


def _log(x: sp.Expr, base: sp.Expr | None = None) -> sp.Expr:
    return sp.log(x) if base is None else sp.log(x, base)


def _relu(x: sp.Expr) -> sp.Expr:
    return sp.Max(0, x)


@dataclass(frozen=True)
class _Function:
    build: Callable[..., sp.Expr]
    min_args: int
    max_args: int | None  # None: any number >= min_args


#: Functions the parser knows, by name: ``(builder, min args, max args)``.
FUNCTIONS: dict[str, _Function] = {
    "exp": _Function(sp.exp, 1, 1),
    "log": _Function(_log, 1, 2),
    "ln": _Function(sp.log, 1, 1),
    "sqrt": _Function(sp.sqrt, 1, 1),
    "abs": _Function(sp.Abs, 1, 1),
    "Abs": _Function(sp.Abs, 1, 1),
    "sign": _Function(sp.sign, 1, 1),
    "sin": _Function(sp.sin, 1, 1),
    "cos": _Function(sp.cos, 1, 1),
    "tan": _Function(sp.tan, 1, 1),
    "cot": _Function(sp.cot, 1, 1),
    "sec": _Function(sp.sec, 1, 1),
    "csc": _Function(sp.csc, 1, 1),
    "sinh": _Function(sp.sinh, 1, 1),
    "cosh": _Function(sp.cosh, 1, 1),
    "tanh": _Function(sp.tanh, 1, 1),
    "asin": _Function(sp.asin, 1, 1),
    "acos": _Function(sp.acos, 1, 1),
    "atan": _Function(sp.atan, 1, 1),
    "arcsin": _Function(sp.asin, 1, 1),
    "arccos": _Function(sp.acos, 1, 1),
    "arctan": _Function(sp.atan, 1, 1),
    "asinh": _Function(sp.asinh, 1, 1),
    "acosh": _Function(sp.acosh, 1, 1),
    "atanh": _Function(sp.atanh, 1, 1),
    "arcsinh": _Function(sp.asinh, 1, 1),
    "arccosh": _Function(sp.acosh, 1, 1),
    "arctanh": _Function(sp.atanh, 1, 1),
    "max": _Function(sp.Max, 2, None),
    "min": _Function(sp.Min, 2, None),
    "Max": _Function(sp.Max, 2, None),
    "Min": _Function(sp.Min, 2, None),
    "softplus": _Function(_softplus, 1, 1),
    "sigmoid": _Function(_sigmoid, 1, 1),
    "logsumexp": _Function(_logsumexp, 1, None),
    "relu": _Function(_relu, 1, 1),
}

#: Named constants.
CONSTANTS: dict[str, sp.Expr] = {"pi": sp.pi, "E": sp.E}

#: Names users write for functions symopt spells differently.
_ALIASES = {"e": ("E", "exp(...)"), "ln": ("log",), "arcsin": ("asin",), "Exp": ("exp",), "Log": ("log",),
            "Sin": ("sin",), "Cos": ("cos",), "Tan": ("tan",), "Sqrt": ("sqrt",), "Pi": ("pi",), "PI": ("pi",),
            "inf": ("a finite number",), "oo": ("a finite number",), "i": (), "I": ("(symopt is real-valued)",)}


def suggest(name: str, candidates: Iterable[str], *, prefix: str = " (did you mean ", suffix: str = "?)") -> str:
    """A "did you mean" hint for a mistyped ``name`` among ``candidates`` ("" when nothing is close).

    Case-insensitive matches come first, then close spellings (difflib).

    >>> suggest("Log", FUNCTIONS)
    " (did you mean 'log'?)"
    >>> suggest("zz", ["x", "y"])
    ''
    """
    pool = sorted(set(str(c) for c in candidates))
    found = [c for c in pool if c.lower() == name.lower() and c != name]
    found += [c for c in difflib.get_close_matches(name, pool, n=3, cutoff=0.75) if c not in found and c != name]
    if not found:
        return ""
    return prefix + " or ".join(repr(c) for c in found[:3]) + suffix


def _looks_like_call(name: str) -> tuple[str, str] | None:
    """``sinx`` -> ``("sin", "x")``: a known function name run into a variable name."""
    best = None
    for fn in FUNCTIONS:
        if len(fn) >= 2 and name.startswith(fn) and len(name) > len(fn):
            rest = name[len(fn):]
            if _IDENTIFIER.match(rest) and (best is None or len(fn) > len(best[0])):
                best = (fn, rest)
    return best


def lookalike_warnings(expr: sp.Expr) -> list[str]:
    """Messages for symbol names in ``expr`` that look like slips.

    * ``e`` (Euler's number is ``E``; ``exp(x)`` for the exponential);
    * a known function's name run into a name (``sinx`` -> ``sin(x)``) when the
      rest is one letter or another symbol of the expression;
    * a capitalised or misspelt function or constant name used as a symbol (``Pi``).

    >>> from symopt.core.parse import parse
    >>> lookalike_warnings(parse("sinx + x"))
    ["'sinx' is read as one symbol; did you mean sin(x)?"]
    """
    names = {s.name for s in expr.free_symbols if isinstance(s, sp.Symbol)}
    out = []
    for name in sorted(names):
        if name == "e":
            out.append("'e' is read as a symbol; did you mean E (Euler's number) or exp(...)?")
            continue
        call = _looks_like_call(name)
        if call is not None and (len(call[1]) == 1 or call[1] in names):
            out.append(f"{name!r} is read as one symbol; did you mean {call[0]}({call[1]})?")
            continue
        hint = suggest(name, list(FUNCTIONS) + list(CONSTANTS), prefix="; did you mean ", suffix="?")
        if hint and (name.lower() in {c.lower() for c in list(FUNCTIONS) + list(CONSTANTS)}):
            out.append(f"{name!r} is read as a symbol{hint}")
    return out


# Identifiers that would be Python keywords are rewritten to these stand-ins
# before ``ast.parse`` (they are valid identifiers no user text can clash with
# in meaning: each maps back to the keyword's own name).
_KEYWORD_STANDINS = {"lambda": "λ"}
_STANDIN_NAMES = {"λ": "lambda"}
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_MAX_NAME_LENGTH = 64
_MAX_LITERAL_DIGITS = 1000
_MAX_LITERAL_EXPONENT = 400


# --------------------------------------------------------------------------- text


@dataclass(frozen=True)
class _Source:
    """The rewritten source and a map from its columns back to the user's text."""

    original: str
    code: str
    origin: tuple[int, ...]  # origin[i] = column in ``original`` of code column i

    def column(self, code_col: int | None) -> int | None:
        if code_col is None:
            return None
        if 0 <= code_col < len(self.origin):
            return self.origin[code_col]
        return len(self.original)


def _fail(message: str, source: _Source, code_col: int | None = None) -> ParseError:
    return ParseError(message, source.original, source.column(code_col))


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise ParseError(f"expected the expression as text, got {type(text).__name__}")
    limit = config.max_expression_length
    if len(text) > limit:
        raise ParseError(f"expression is {len(text)} characters long; the limit is {limit}")
    if not text.strip():
        raise ParseError("empty expression", text, 0)
    for i, ch in enumerate(text):
        if ch in "\n\r\t":
            continue
        if ord(ch) < 32 or ord(ch) == 127:
            raise ParseError(f"control character {ch!r} in expression", text, i)
        if ch in "\\;":
            raise ParseError(f"character {ch!r} is not allowed", text, i)
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
            if depth > config.max_nesting_depth:
                raise ParseError(f"expression nested deeper than {config.max_nesting_depth} levels", text, i)
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                raise ParseError(f"unmatched {ch!r}", text, i)
    if depth > 0:
        raise ParseError("unclosed parenthesis", text, len(text))
    return text


def _rewrite(text: str) -> _Source:
    """Tokenise; turn ``^`` into ``**`` and keyword identifiers into stand-ins."""
    flat = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(flat).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError) as exc:
        col = None
        if isinstance(exc, SyntaxError) and exc.offset is not None:
            col = max(exc.offset - 1, 0)
        raise ParseError(f"cannot read the expression: {_plain(exc)}", text, col) from None
    pieces: list[str] = []
    origin: list[int] = []
    cursor = 0
    for tok in tokens:
        if tok.type in (tokenize.ENDMARKER, tokenize.NEWLINE, tokenize.NL):
            continue
        if tok.type in (tokenize.INDENT, tokenize.DEDENT):
            continue
        start = tok.start[1]
        if tok.type == tokenize.NAME and tok.string.startswith("__"):
            raise ParseError("dunder names are not allowed", text, start)
        if tok.type == tokenize.COMMENT:
            raise ParseError("comments ('#') are not allowed", text, start)
        if tok.type == tokenize.STRING or (tok.type == tokenize.ERRORTOKEN and tok.string in "'\""):
            raise ParseError("strings are not allowed", text, start)
        if tok.type == tokenize.ERRORTOKEN and tok.string.strip():
            raise ParseError(f"unexpected character {tok.string!r}", text, start)
        # whitespace between tokens
        if start > cursor:
            pieces.append(" " * (start - cursor))
            origin.extend(range(cursor, start))
        piece = tok.string
        if tok.type == tokenize.OP and piece == "^":
            piece = "**"
        elif tok.type == tokenize.NAME and piece in _KEYWORD_STANDINS:
            piece = _KEYWORD_STANDINS[piece]
        pieces.append(piece)
        origin.extend([start] * len(piece))
        cursor = tok.end[1]
    return _Source(text, "".join(pieces), tuple(origin))


def _plain(exc: BaseException) -> str:
    msg = exc.args[0] if exc.args else str(exc)
    return str(msg).split("\n")[0]


# ---------------------------------------------------------------------- numbers


def parse_number(literal: str, exact: bool = True) -> sp.Number:
    """An exact SymPy number from a decimal literal (bounded in size).

    >>> parse_number("0.1")
    1/10
    >>> parse_number("2.5e-3")
    1/400

    Raises:
        ParseError: not a finite decimal literal, or too large.
    """
    text = literal.replace("_", "")
    match = re.fullmatch(r"(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?", text)
    if not match or not (match.group(1) or match.group(2)):
        raise ParseError(f"not a number: {literal!r}")
    digits = (match.group(1) or "") + (match.group(2) or "")
    if len(digits) > _MAX_LITERAL_DIGITS:
        raise ParseError(f"number literal has more than {_MAX_LITERAL_DIGITS} digits")
    exponent = int(match.group(3)) if match.group(3) else 0
    if abs(exponent) > _MAX_LITERAL_EXPONENT:
        raise ParseError(f"number literal exponent {exponent} is out of range (|e| <= {_MAX_LITERAL_EXPONENT})")
    value = sp.Rational(text)
    if not exact:
        return sp.Float(value, 17) if not value.is_Integer else value
    return value


# ---------------------------------------------------------------------- translate


_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)


class _Translator:
    """Translates a whitelisted ``ast`` tree into SymPy, iteratively for long chains."""

    def __init__(self, source: _Source, exact: bool, local_functions: dict[str, _Function] | None = None):
        self.source = source
        self.exact = exact
        self.functions = FUNCTIONS if not local_functions else {**FUNCTIONS, **local_functions}
        # one-line source as UTF-8 (ast offsets count bytes), encoded once: ast.get_source_segment
        # splits the whole text into lines on every call, quadratic over a 1500-term sum
        code = source.code
        self._code_bytes = code.encode("utf-8") if "\n" not in code and "\r" not in code else None

    def _segment(self, node: ast.AST) -> str | None:
        """The source text of ``node``."""
        if self._code_bytes is not None and getattr(node, "end_col_offset", None) is not None:
            return self._code_bytes[node.col_offset : node.end_col_offset].decode("utf-8")
        return ast.get_source_segment(self.source.code, node)

    def fail(self, message: str, node: ast.AST | None) -> ParseError:
        return _fail(message, self.source, getattr(node, "col_offset", None))

    def expr(self, node: ast.AST, depth: int = 0) -> sp.Expr:
        if depth > config.max_nesting_depth:
            raise self.fail(f"expression nested deeper than {config.max_nesting_depth} levels", node)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            return self._chain(node, depth, (ast.Add, ast.Sub))
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
            return self._chain(node, depth, (ast.Mult, ast.Div))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            base = self.expr(node.left, depth + 1)
            exponent = self.expr(node.right, depth + 1)
            return self._power(base, exponent, node)
        if isinstance(node, ast.BinOp):
            raise self.fail(f"operator {_op_name(node.op)} is not allowed", node)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return -self.expr(node.operand, depth + 1)
            if isinstance(node.op, ast.UAdd):
                return self.expr(node.operand, depth + 1)
            raise self.fail(f"operator {_op_name(node.op)} is not allowed", node)
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        raise self.fail(_describe_disallowed(node), node)

    def _chain(self, node: ast.BinOp, depth: int, ops: tuple[type, ...]) -> sp.Expr:
        operands: list[tuple[ast.AST, ast.operator | None]] = []
        current: ast.AST = node
        while isinstance(current, ast.BinOp) and isinstance(current.op, ops):
            operands.append((current.right, current.op))
            current = current.left
        operands.append((current, None))
        operands.reverse()
        additive = ops[0] is ast.Add
        terms: list[sp.Expr] = []
        for operand, op in operands:
            value = self.expr(operand, depth + 1)
            if additive:
                terms.append(-value if isinstance(op, ast.Sub) else value)
            elif isinstance(op, ast.Div):
                if value == 0:
                    raise self.fail("division by zero", operand)
                terms.append(sp.Pow(value, -1))
            else:
                terms.append(value)
        return sp.Add(*terms) if additive else sp.Mul(*terms)

    def _power(self, base: sp.Expr, exponent: sp.Expr, node: ast.AST) -> sp.Expr:
        if exponent.is_Number:
            if abs(exponent) > config.max_symbolic_exponent and not (base == 1 or base == 0):
                raise self.fail(
                    f"exponent {shorten(exponent, 20)} is too large (|exponent| <= {config.max_symbolic_exponent})",
                    node,
                )
            if base.is_Rational and exponent.is_Rational:
                bits = max(int(base.p).bit_length(), int(base.q).bit_length())
                if bits * abs(exponent) > config.max_power_bits:
                    raise self.fail("numeric power is too large to compute", node)
                # SymPy extracts exact roots by raising the base's prime factors to
                # powers up to the root index q: one C-level integer power of about
                # bits * q bits, which no budget can interrupt (q = 10**300 never ends)
                if not exponent.is_Integer and base not in (0, 1) and bits * int(exponent.q) > _MAX_ROOT_WORK_BITS:
                    raise self.fail(
                        f"the exact root of index {shorten(exponent.q, 20)} of {shorten(base, 20)} is too costly "
                        "(write the exponent with fewer digits)",
                        node,
                    )
            if base == 0 and exponent.is_negative:
                raise self.fail("division by zero (0 to a negative power)", node)
        return sp.Pow(base, exponent)

    def _constant(self, node: ast.Constant) -> sp.Expr:
        value = node.value
        if isinstance(value, bool) or value is None or value is Ellipsis:
            raise self.fail(f"{value!r} is not allowed", node)
        if isinstance(value, (str, bytes)):
            raise self.fail("strings are not allowed", node)
        if isinstance(value, complex):
            raise self.fail("complex numbers are not allowed (symopt works over the reals)", node)
        if isinstance(value, (int, float)):
            literal = self._segment(node)
            if literal is None:
                literal = repr(value)
            try:
                return parse_number(literal, exact=self.exact)
            except ParseError as exc:
                raise self.fail(exc.reason, node) from None
        raise self.fail("this constant is not allowed", node)

    def _name(self, node: ast.Name) -> sp.Expr:
        name = _STANDIN_NAMES.get(node.id, node.id)
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name in self.functions:
            raise self.fail(f"function {name!r} needs arguments: write {name}(...)", node)
        _check_identifier(name, self.source, node)
        return symbol(name)

    def _call(self, node: ast.Call, depth: int) -> sp.Expr:
        if not isinstance(node.func, ast.Name):
            if isinstance(node.func, ast.Attribute):
                raise self.fail("attribute access is not allowed", node.func)
            if isinstance(node.func, (ast.Constant, ast.BinOp, ast.UnaryOp, ast.Call)):
                raise self.fail(_IMPLICIT + ": write '*' before the parenthesis, e.g. 2*(x + 1)",
                                _At(self.source.code.find("(", getattr(node.func, "end_col_offset", 0) or 0)))
            raise self.fail("only calls of known functions by name are allowed", node)
        name = node.func.id
        if name.startswith("__"):
            raise self.fail("dunder names are not allowed", node.func)
        if name not in self.functions:
            shown = _STANDIN_NAMES.get(name, name)
            hint = suggest(shown, self.functions)
            if not hint and len(shown) <= 2:  # x(y + 1): a variable, not a function
                hint = f" (implicit multiplication? write {shown}*(...))"
            raise self.fail(f"unknown function {shown!r}{hint}", node.func)
        if node.keywords:
            raise self.fail("keyword arguments are not allowed", node)
        spec = self.functions[name]
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.fail("starred arguments are not allowed", arg)
        count = len(node.args)
        if count < spec.min_args or (spec.max_args is not None and count > spec.max_args):
            wanted = (
                f"{spec.min_args}"
                if spec.max_args == spec.min_args
                else f"at least {spec.min_args}" if spec.max_args is None else f"{spec.min_args} to {spec.max_args}"
            )
            raise self.fail(f"{name} takes {wanted} argument(s), got {count}", node)
        args = [self.expr(arg, depth + 1) for arg in node.args]
        _check_growth(name, args, lambda message: self.fail(message, node))
        try:
            return spec.build(*args)
        except (ValueError, TypeError, ArithmeticError) as exc:  # max(x, asin(2)): "not comparable"
            if isinstance(exc, ParseError):
                raise
            detail = str(exc) if len(str(exc)) <= 60 else str(exc)[:57] + "..."
            raise self.fail(f"{name}(...) cannot be formed: {detail}", node) from None


_IMPLICIT = "implicit multiplication is not supported"

#: Functions that grow like ``exp(|t|)``: of a number past ``max_power_bits * log 2`` their
#: value has more than ``max_power_bits`` bits (SymPy would then need that many bits of
#: ``log 2`` just to decide a sign: minutes of big-integer work in a few uncounted C calls).
_EXPONENTIAL = {"exp": 1, "cosh": 0, "sinh": 0, "softplus": 1, "logsumexp": 1, "sigmoid": -1}


def _check_growth(name: str, args: Sequence[sp.Expr], fail: Callable[[str], ParseError]) -> None:
    """Refuse an exponential of a number whose value is past the size limit on numbers.

    ``direction`` 1: large positive arguments overflow; -1: large negative ones
    (``sigmoid(t) = 1/(1 + exp(-t))``); 0: either sign (``cosh``, ``sinh``).
    """
    if name not in _EXPONENTIAL:
        return
    direction = _EXPONENTIAL[name]
    bound = config.max_power_bits * math.log(2)
    for arg in args:
        if not isinstance(arg, sp.Number) or not arg.is_finite:
            continue
        value = float(arg) if abs(arg) < 10**300 else float("inf") * (1 if arg > 0 else -1)
        reach = abs(value) if direction == 0 else direction * value
        if reach > bound:
            raise fail(f"{name}({shorten(arg, 20)}) is too large: a number of more than "
                       f"{config.max_power_bits} bits (the size limit on numbers)")


class _At:
    """A node stand-in for a column of the (rewritten) source: where a missing '*' goes."""

    def __init__(self, column: int):
        self.col_offset = column if column >= 0 else None


_IMPLICIT_NUMBER = re.compile(r"(?<![A-Za-z_0-9.])(\d+(?:\.\d*)?|\.\d+)(?![eE][+-]?\d)([A-Za-z_(])")
_IMPLICIT_NAMES = re.compile(r"(?<![A-Za-z_0-9.])([A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d*)?|\))\s+([A-Za-z_(][A-Za-z0-9_]*)")


def _implicit_multiplication(text: str) -> tuple[str, int] | None:
    """Where ``text`` writes a product without ``*`` (``4xy``, ``2 x``, ``x y``, ``)(``): (hint, column)."""
    m = _IMPLICIT_NUMBER.search(text)
    if m:
        number, nxt = m.group(1), m.group(2)
        rest = text[m.end(1):]
        word = re.match(r"[A-Za-z_][A-Za-z0-9_]*", rest)
        if word:
            w = word.group(0)
            spelled = "*".join(w) if len(w) > 1 and w not in FUNCTIONS and w not in CONSTANTS else w
            hint = f"write {number}*{w}" + (f" (or {number}*{spelled} for a product of one-letter variables)"
                                             if spelled != w else "")
        else:
            hint = f"write {number}*(...)"
        return hint, m.end(1)
    m = re.search(r"\)\s*\(", text)
    if m:
        return "write ')*('", m.start() + 1
    for m in _IMPLICIT_NAMES.finditer(text):
        a, b = m.group(1), m.group(2)
        if a in ("lambda",) or b in ("lambda",):
            continue
        if a in FUNCTIONS:
            return f"write {a}({b.rstrip('(') or '...'})", m.start(2)
        return f"write {a}*{b.rstrip('(') or '(...)'}", m.start(2)
    return None


def _check_identifier(name: str, source: _Source, node: ast.AST) -> None:
    if name.startswith("__") or name.endswith("__"):
        raise _fail("dunder names are not allowed", source, getattr(node, "col_offset", None))
    if len(name) > _MAX_NAME_LENGTH:
        raise _fail(f"name longer than {_MAX_NAME_LENGTH} characters", source, getattr(node, "col_offset", None))
    if not _IDENTIFIER.match(name) and name not in _STANDIN_NAMES.values():
        raise _fail(
            f"name {name!r} is not allowed (use letters, digits and '_', starting with a letter)",
            source,
            getattr(node, "col_offset", None),
        )


#: Bound on ``bits(base) * q`` for an exact power ``base**(p/q)`` of a number (see ``_power``).
_MAX_ROOT_WORK_BITS = 1_000_000


def _op_name(op: ast.AST) -> str:
    names = {
        ast.BitXor: "'^' (xor)",
        ast.BitAnd: "'&'",
        ast.BitOr: "'|'",
        ast.LShift: "'<<'",
        ast.RShift: "'>>'",
        ast.FloorDiv: "'//'",
        ast.Mod: "'%'",
        ast.MatMult: "'@'",
        ast.Invert: "'~'",
        ast.Not: "'not'",
    }
    return names.get(type(op), type(op).__name__)


def _describe_disallowed(node: ast.AST) -> str:
    kinds = {
        ast.Attribute: "attribute access is not allowed",
        ast.Subscript: "subscripts are not allowed (write x1, x2, ... for indexed variables)",
        ast.Lambda: "lambda expressions are not allowed",
        ast.ListComp: "comprehensions are not allowed",
        ast.SetComp: "comprehensions are not allowed",
        ast.DictComp: "comprehensions are not allowed",
        ast.GeneratorExp: "comprehensions are not allowed",
        ast.Compare: "comparisons are not allowed in an expression",
        ast.BoolOp: "boolean operators are not allowed",
        ast.IfExp: "conditional expressions are not allowed",
        ast.List: "lists are not allowed",
        ast.Tuple: "tuples are not allowed (one scalar expression expected)",
        ast.Set: "sets are not allowed",
        ast.Dict: "dicts are not allowed",
        ast.JoinedStr: "strings are not allowed",
        ast.NamedExpr: "assignment expressions are not allowed",
        ast.Await: "await is not allowed",
        ast.Yield: "yield is not allowed",
        ast.YieldFrom: "yield is not allowed",
        ast.Starred: "starred expressions are not allowed",
        ast.Slice: "slices are not allowed",
    }
    return kinds.get(type(node), f"{type(node).__name__} is not allowed")
