"""Fuzzing helpers: input generators, an execution sentinel and independent soundness checks.

Used by ``tests/test_fuzz.py`` and the other robustness tests; importable by
users who want to fuzz their own entry points.  Hypothesis is imported only
inside :func:`expressions` and :func:`argv_lists` (it is a test dependency).

The sentinel (:func:`no_execution`) replaces ``eval``, ``exec`` and
``compile`` while a block runs and records every call that could execute user
text: a call whose source mentions the marker that the fuzzed inputs carry
(:data:`MARKER`), or a call from inside symopt that is not the compiler's own
generated code (:data:`GENERATED_CODE_FILES`).  ``compile`` with
``PyCF_ONLY_AST`` (what ``ast.parse`` does: build a tree, run nothing) is allowed.

    >>> with no_execution() as calls:
    ...     _ = eval("1 + 1")  # not from symopt, no marker: allowed
    >>> calls
    []
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import os
import sys
import tempfile
from typing import Any, Iterator

import numpy as np
from .errors import SymoptError

__all__ = [
    "MARKER",
    "SENTINEL",
    "HOSTILE_PIECES",
    "VARIABLES",
    "no_execution",
    "expressions",
    "argv_lists",
    "negative_curvature",
    "escaped",
]

#: A word every payload in :data:`HOSTILE_PIECES` carries; no executed source may contain it.
MARKER = "symopt_sentinel"

#: A file the payloads would create if anything ran them.
SENTINEL = os.path.join(tempfile.gettempdir(), f"{MARKER}_{os.getpid()}")

#: Variable names the generated expressions use (``lambda`` is a Python keyword the parser maps).
VARIABLES = ("x", "y", "z", "x1", "lambda")

#: Pieces spliced into generated text: payloads (each would create :data:`SENTINEL`)
#: and syntax from outside the grammar.
HOSTILE_PIECES = (
    f"__import__('os').system('touch {SENTINEL}')",
    f"open('{SENTINEL}', 'w')",
    f"exec(\"open('{SENTINEL}','w')\")",
    f"eval('{MARKER}')",
    f"(lambda: open('{SENTINEL}', 'w'))()",
    f"{MARKER}.__class__.__bases__[0].__subclasses__()",
    f"x.__globals__['{MARKER}']",
    f"[{MARKER} for {MARKER} in x]",
    f"f'{{{MARKER}}}'",
    f"sympify('{MARKER}')",
    f"getattr(x, '{MARKER}')",
    f"{MARKER}",
    "x.real", "x[0]", "x[1:2]", ".", ",", ";", ":", ":=", "'", '"', "#", "\\", "@", "//", "%", "&", "|",
    "~", "<<", "!", "$", "?", "`", "1j", "0x1f", "\x00", "\x1b", "\u202e", "λ", "α", "__", "**", "^", "(", ")",
    "[", "]", "{", "}", "==", "<", "not ", " and ", " if x else ", "None", "True", "...", "9**9**9**9",
    "x**100001", "1e999", "1" * 1200, "exp(" * 30, ")" * 30, "-" * 300, "(" * 120,
)

_NUMBERS = (
    "0", "1", "2", "3", "10", "0.5", "0.1", "1e-3", "2.5e2", "1e300", "1e-300", "1e-310", "123456789",
    "1e400", "7", "1/3", "pi", "E",
)
_UNARY = (
    "exp", "log", "sqrt", "abs", "sin", "cos", "cosh", "sinh", "tanh", "atan", "asinh", "softplus", "sigmoid", "relu",
)
_FUNCTIONS = (
    "exp", "log", "ln", "sqrt", "abs", "sign", "sin", "cos", "tan", "sinh", "cosh", "tanh", "atan",
    "asin", "acosh", "atanh", "max", "min", "softplus", "sigmoid", "logsumexp", "relu", "sec", "cot", "foo",
)


# --------------------------------------------------------------------------- sentinel


def _from_symopt(depth: int = 2) -> str:
    frame = sys._getframe(depth)
    return str(frame.f_globals.get("__name__", ""))


def _is_module_source(args: tuple) -> bool:
    """``compile(source, filename, ...)`` of a Python file that exists on disk (an import
    without a cached ``.pyc``: ``PYTHONDONTWRITEBYTECODE``), not text made at run time."""
    filename = args[0] if args else None
    return isinstance(filename, str) and filename.endswith(".py") and os.path.isfile(filename)


#: File names of the code symopt generates from validated SymPy trees (or fixed
#: templates) and compiles itself: the array kernels, the single-start float
#: gradient and the unrolled GD loop.  Any other compile/exec from symopt is flagged.
GENERATED_CODE_FILES = frozenset({"<symopt-kernel>", "<symopt-scalar-grad>", "<symopt-gd-loop>"})


@contextlib.contextmanager
def no_execution(marker: str = MARKER) -> Iterator[list[str]]:
    """Record every ``eval``/``exec``/``compile`` call that could run user text.

    Yields a list that receives one line per suspicious call.  Restores the
    builtins on exit.  Also fails the block (``AssertionError``) if
    :data:`SENTINEL` exists afterwards.
    """
    calls: list[str] = []
    originals = {name: getattr(builtins, name) for name in ("eval", "exec", "compile")}

    def spy(name: str):
        original = originals[name]

        def wrapper(source: Any, *args: Any, **kwargs: Any) -> Any:
            flags = args[2] if len(args) > 2 else kwargs.get("flags", 0)
            if name == "compile" and isinstance(flags, int) and flags & ast.PyCF_ONLY_AST:
                return original(source, *args, **kwargs)  # ast.parse: builds a tree, runs nothing
            caller = _from_symopt()
            if name == "compile" and caller.startswith("importlib") and _is_module_source(args):
                return original(source, *args, **kwargs)  # the import system compiling a .py file on disk
            text = source if isinstance(source, str) else getattr(source, "co_filename", "")
            if isinstance(source, (bytes, bytearray)):
                text = bytes(source).decode("utf-8", "replace")
            if marker in str(text) or "__import__" in str(text):
                calls.append(f"{name} of text carrying the marker from {caller}")
            elif caller.startswith("symopt") and caller != "symopt._fuzz":
                filename = args[0] if (name == "compile" and args) else getattr(source, "co_filename", None)
                if filename not in GENERATED_CODE_FILES:
                    calls.append(f"{name} from {caller} (file {filename!r})")
            return original(source, *args, **kwargs)

        return wrapper

    for name in originals:
        setattr(builtins, name, spy(name))
    try:
        yield calls
    finally:
        for name, original in originals.items():
            setattr(builtins, name, original)
    assert not os.path.exists(SENTINEL), "a payload was executed: the sentinel file exists"


# --------------------------------------------------------------------------- generators


def expressions(max_leaves: int = 10, hostile: bool = True, strict: bool = False) -> Any:
    """Hypothesis strategy: text from symopt's grammar, optionally with hostile pieces spliced in.

    The grammar part builds nested ``+ - * / ** ^``, unary minus and calls of
    known (and one unknown) function with 0-3 arguments over
    :data:`VARIABLES` and numbers from tiny to huge; the hostile part inserts
    or overwrites one of :data:`HOSTILE_PIECES` at a random place.  With
    ``strict`` every call has a known function and a valid argument count and
    numbers stay moderate, so that most texts parse (for fuzzing what comes
    after the parser).
    """
    from hypothesis import strategies as st

    variable = st.sampled_from(VARIABLES)
    leaf = st.one_of(variable, variable, variable, st.sampled_from(_NUMBERS), st.integers(0, 10**12).map(str))
    ops = st.sampled_from(["+", "-", "*", "/", "**", "^"])

    def extend(children: Any) -> Any:
        return st.one_of(
            st.tuples(children, ops, children).map(lambda t: f"({t[0]}){t[1]}({t[2]})"),
            st.tuples(children, ops, children).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
            st.tuples(st.sampled_from(_FUNCTIONS), children).map(lambda t: f"{t[0]}({t[1]})"),
            st.tuples(st.sampled_from(_FUNCTIONS), children).map(lambda t: f"{t[0]}({t[1]})"),
            st.tuples(st.sampled_from(_FUNCTIONS), st.lists(children, min_size=0, max_size=3)).map(
                lambda t: f"{t[0]}({', '.join(t[1])})"
            ),
            children.map(lambda c: f"-{c}"),
        )

    def extend_strict(children: Any) -> Any:
        return st.one_of(
            st.tuples(children, st.sampled_from(["+", "-", "*", "/"]), children).map(lambda t: f"({t[0]}){t[1]}({t[2]})"),
            st.tuples(children, st.sampled_from(["2", "3", "4", "-1", "1/2", "x"])).map(lambda t: f"({t[0]})**{t[1]}"),
            st.tuples(st.sampled_from(_UNARY), children).map(lambda t: f"{t[0]}({t[1]})"),
            st.tuples(st.sampled_from(["max", "min", "logsumexp"]), children, children).map(
                lambda t: f"{t[0]}({t[1]}, {t[2]})"
            ),
            children.map(lambda c: f"-{c}"),
        )

    if strict:
        small = st.sampled_from(["0", "1", "2", "3", "0.5", "1/3", "10", "pi"])
        return st.recursive(st.one_of(variable, variable, small), extend_strict, max_leaves=max_leaves)
    grammar = st.recursive(leaf, extend, max_leaves=max_leaves)
    if not hostile:
        return grammar

    def splice(args: tuple[str, int, str, bool]) -> str:
        text, at, piece, overwrite = args
        at = at % (len(text) + 1)
        return text[:at] + piece + text[at + (len(piece) if overwrite else 0):]

    mutated = st.tuples(grammar, st.integers(0, 10**6), st.sampled_from(HOSTILE_PIECES), st.booleans()).map(splice)
    return st.one_of(grammar, grammar, mutated)


_CLI_OPTIONS = {
    "analyze": ["--vars", "--params", "--at", "--order", "--no-convexity", "--json"],
    "convex": ["--vars", "--domain", "--property", "--modulus", "--L", "--budget", "--json"],
    "run": ["--method", "--x0", "--lr", "--steps", "--vars", "--params", "--form", "--tol", "--beta", "--eps", "--json"],
    "newton": ["--vars", "--at", "--eta", "--no-check", "--json"],
    "stability": ["--state", "--params", "--at", "--values", "--json"],
    "rate": ["--vars", "--json"],
}
_FLAGS = {"--no-convexity", "--json", "--no-check"}
_VALUES = {
    "--vars": ["x", "x,y", "x,x", "y", "", "x,,y", "__import__", "lambda", "exp"],
    "--params": ["a", "c=0.5", "lambda=1", "", "a=", "x=1"],
    "--at": ["x=0", "x=1,y=2", "x=1/0", "x=", "y=2", "x=1e400", "x=nan", "x=0,y=0,z=0"],
    "--order": ["0", "2", "13", "-1", "x"],
    "--domain": ["x > 0", "-1 <= x <= 2", "x > 1, x < 0", "x + y > 0", "x == 1", "x > nan", ""],
    "--property": ["convex", "concave", "strictly convex", "strongly convex", "L-smooth", "wobbly"],
    "--modulus": ["1", "0", "-1", "1/2", "x"],
    "--L": ["1", "0", "100", "-2", "oo"],
    "--budget": ["0.2", "0", "-1", "nan", "inf"],
    "--method": ["gd", "newton", "momentum", "adam", "sgd", "line_search", "rmsprop", "yogi", "nope"],
    "--x0": ["1", "1,2", "-5,-2", "nan,1", "inf", "1e308,1e308", "", "x", "1,2,3"],
    "--lr": ["0.1", "0", "-1", "1e308", "nan", "inf"],
    "--steps": ["0", "1", "5", "-3", "20000", "1.5"],
    "--form": ["text", "torch", "other"],
    "--tol": ["1e-8", "0", "-1", "nan"],
    "--beta": ["0.5", "1", "2", "-1", "nan"],
    "--eps": ["1e-8", "0", "-1"],
    "--eta": ["1", "0", "1/2", "x", "-1"],
    "--state": ["x", "x,v", "v,x", "", "x,x"],
    "--values": ["eta=0.1", "eta=0.6,beta=0.5,lambda=4", "eta=", "nan=1"],
}


def argv_lists() -> Any:
    """Hypothesis strategy: argument lists for every ``symopt`` subcommand, mostly malformed."""
    from hypothesis import strategies as st

    def build(command: str) -> Any:
        options = _CLI_OPTIONS[command]

        def one(option: str) -> Any:
            if option in _FLAGS:
                return st.just([option])
            return st.sampled_from(_VALUES[option]).map(lambda v: [option, v])

        chosen = st.lists(st.sampled_from(options), max_size=4, unique=True).flatmap(
            lambda opts: st.tuples(*[one(o) for o in opts]) if opts else st.just(())
        )
        return st.tuples(expressions(max_leaves=5), chosen).map(
            lambda t: [command, t[0]] + [piece for pair in t[1] for piece in pair]
        )

    return st.sampled_from(sorted(_CLI_OPTIONS)).flatmap(build)


# --------------------------------------------------------------------------- checks


def negative_curvature(compiled: Any, box: Any, count: int = 300, seed: int = 0) -> np.ndarray | None:
    """A point of ``box`` where the compiled Hessian has a clearly negative eigenvalue, or ``None``.

    Independent of symopt's convexity layers: it samples points (uniform on
    the box's finite part, within [-4, 4] where a side is unbounded), keeps
    those where value and Hessian are finite, and flags an eigenvalue below
    ``-1e-6 * max(1, |lambda|_max)`` (far outside float64 rounding of the
    Hessian entries).
    """
    rng = np.random.default_rng(seed)
    n = compiled.n
    lo = np.full(n, -4.0)
    hi = np.full(n, 4.0)
    if box is not None:
        for i, b in enumerate(box.bounds):
            if b.lo.is_finite:
                lo[i] = float(b.lo)
                hi[i] = max(hi[i], lo[i] + 1.0) if not b.hi.is_finite else hi[i]
            if b.hi.is_finite:
                hi[i] = float(b.hi)
                if not b.lo.is_finite:
                    lo[i] = min(lo[i], hi[i] - 1.0)
    width = hi - lo
    P = lo + width * rng.uniform(0.001, 0.999, size=(count, n))
    with np.errstate(all="ignore"):
        values = compiled.value(P)
        H = compiled.hess(P)
    ok = np.isfinite(values) & np.all(np.isfinite(H.reshape(count, -1)), axis=1)
    if not np.any(ok):
        return None
    lam = np.linalg.eigvalsh(H[ok])
    scale = np.maximum(1.0, np.abs(lam).max(axis=1))
    bad = lam[:, 0] < -1e-6 * scale
    if np.any(bad):
        return P[ok][np.argmax(bad)]
    return None


def escaped(exc: BaseException) -> bool:
    """Whether ``exc`` is an error symopt must not let out (anything but a documented SymoptError)."""

    return not isinstance(exc, SymoptError)


# ----------------------------------------------------------------- update rules (issue 14)

#: Right-hand-side pieces for generated update rules: the shapes RMSProp/Adam take (a parameter
#: under a square root), kinks (abs, max), divisions, poles, symbolic steps and momentum terms.
RULE_PIECES = (
    "x", "x**3", "lam*x", "4*x**3", "x/sqrt(s)", "x/(sqrt(s) + eps)", "abs(x)", "max(x, 0)", "x/(1 + x**2)",
    "sin(x)", "x/h", "sqrt(x**2 + 1) - 1", "exp(x) - 1", "1/x", "x**2/(x - 1)", "tanh(x)", "x*abs(x)",
    "min(x, 2*x)", "x/(lam - 1)", "log(1 + x**2)", "sign(x)*x**2",
)
_STEPS = ("eta", "1/10", "h", "eta/2", "0", "2", "eta*lam")
_MOMENTA = ("beta", "1/2", "9/10", "0", "1", "b")


def update_rules() -> Any:
    """Hypothesis strategy: ``(rule, state, fixed point)`` for :func:`symopt.stability.analyze`.

    Rules are one-state (``x = x - step*g``), momentum (``v = b*v + g; x = x - step*v``),
    look-ahead (Nesterov's ``y = x + b*(x - xp); xp = x; x = y - step*g``) or Adam-like
    (a second moment ``s`` in the state under a square root), with ``g`` built from
    :data:`RULE_PIECES`.  The fixed point is the origin (``xp`` and ``s`` too).
    """
    from hypothesis import strategies as st

    piece = st.sampled_from(RULE_PIECES)
    g = st.one_of(piece, st.tuples(piece, st.sampled_from(["+", "-", "*", "/"]), piece).map(
        lambda t: f"({t[0]}) {t[1]} ({t[2]})"))
    step, mom = st.sampled_from(_STEPS), st.sampled_from(_MOMENTA)

    def build(args: tuple) -> tuple[str, str, str]:
        form, gg, s, b = args
        if form == "gd":
            return f"x = x - {s}*({gg})", "x", "x=0"
        if form == "momentum":
            return f"v = {b}*v + {gg}; x = x - {s}*v", "x, v", "x=0, v=0"
        if form == "lookahead":
            return f"y = x + {b}*(x - xp); xp = x; x = y - {s}*({gg})", "x, xp", "x=0, xp=0"
        return (f"m = {b}*m + (1 - {b})*({gg}); s = b2*s + (1 - b2)*({gg})**2; x = x - {s}*m/(sqrt(s) + eps)",
                "x, m, s", "x=0, m=0, s=0")

    return st.tuples(st.sampled_from(["gd", "momentum", "lookahead", "adam"]), g, step, mom).map(build)


#: Methods for :func:`symopt.stability.method_stability`, with user rules that call grad()/hess().
METHOD_CHOICES = (
    ("gd", None, None), ("heavy_ball", None, None), ("momentum", None, None), ("nesterov", None, None),
    ("nesterov_torch", None, None), ("rmsprop", None, None), ("adam", None, None),
    ("rule", "x = x - eta*grad(x)/sqrt(1 + grad(x)**2)", "x"),
    ("rule", "v = beta*v + grad(x); x = x - eta*v", "x, v"),
    ("rule", "x = x - eta*hess(x, grad(x))", "x"),
    ("rule", "x = x - eta*abs(grad(x))", "x"),
    ("rule", "x = x - h*grad(x + beta*(x - xp)); xp = x", "x, xp"),
)
