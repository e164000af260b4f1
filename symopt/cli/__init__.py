"""The ``symopt`` command.

Subcommands come from small modules (``symopt.cli.analyze``, ``symopt.cli.run``,
``symopt.cli.convex``, ``symopt.cli.theory``, ``symopt.cli.proofs``); each
defines ``register(subparsers)``.  Errors print one line on stderr:

* exit 2: bad input (any :class:`~symopt.errors.SymoptError`, bad arguments);
* exit 1: an internal error (a bug: please report it).

A :class:`~symopt.errors.ParseError` prints its text with a caret under the
column it names; an error in an option's value names the option
(``symopt: error: --x0: ...``; see :func:`option_error`).  A
:class:`~symopt.errors.SymoptWarning` (``sinx`` read as one symbol, ...)
prints one ``symopt: warning: ...`` line and the command goes on.

Two options apply to every command, before or after its name: ``--effort N``
scales every work limit by ``N`` (default 1; see :mod:`symopt.limits`) and
``--time-limit S`` sets the outer clock guard in seconds (``0``: none).  A part
of an answer that reaches a limit is printed as ``unknown`` with the limit's
name; the command still exits 0.

This module imports nothing heavy at start-up so that ``symopt --help`` is fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

__all__ = ["main", "build_parser", "COMMAND_MODULES", "option_error", "format_error"]

COMMAND_MODULES = (
    "symopt.cli.analyze",
    "symopt.cli.run",
    "symopt.cli.convex",
    "symopt.cli.theory",
    "symopt.cli.proofs",
    "symopt.cli.pep",
)


class _OneLineParser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"symopt: error: {message} (see 'symopt --help')\n")
        raise SystemExit(2)


def available_modules() -> list:
    """The command modules that are installed, imported."""
    modules = []
    for name in COMMAND_MODULES:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return modules


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand."""
    from .. import __version__

    parser = _OneLineParser(
        prog="symopt",
        description="Symbolic optimisation mathematics: derive, verify, analyse and run.",
    )
    parser.add_argument("--version", action="version", version=f"symopt {__version__}")
    parser.add_argument("--effort", metavar="N", help="scale every work limit by N (default 1; any command)")
    parser.add_argument("--time-limit", metavar="S", help="outer clock guard in seconds, 0 for none (any command)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_OneLineParser)
    for module in available_modules():
        module.register(subparsers)
    return parser


def _one_line(message: str) -> str:
    return " ".join(str(message).split("\n")[0].split())


def option_error(option: str, exc: BaseException) -> BaseException:
    """``exc`` with its message prefixed by the option it came from (``--x0: ...``), same type.

    A ParseError keeps its text and column (the caret then points into the
    option's value).
    """
    from ..errors import ParseError

    if isinstance(exc, ParseError):
        return ParseError(f"{option}: {exc.reason}", exc.text, exc.position)
    try:
        new = type(exc)(f"{option}: {_one_line(str(exc))}")
    except Exception:  # an error type with another signature: a plain SymoptError
        from ..errors import SymoptError

        new = SymoptError(f"{option}: {_one_line(str(exc))}")
    return new


def format_error(exc: BaseException) -> str:
    """The lines ``main`` prints for a SymoptError (a caret under a ParseError's column)."""
    from ..errors import ParseError

    if isinstance(exc, ParseError):
        head = f"symopt: error: {_one_line(exc.reason)}"
        if exc.text is None or exc.position is None or "\n" in exc.text:
            return head + (f" (at column {exc.position})" if exc.position is not None else "")
        text = exc.text if len(exc.text) <= 120 else exc.text[:117] + "..."
        caret = " " * min(exc.position, len(text)) + "^"
        return f"{head} (at column {exc.position})\n  {text}\n  {caret}"
    return f"symopt: error: {_one_line(str(exc))}"


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    from ..errors import SymoptWarning

    if issubclass(category, SymoptWarning):
        sys.stderr.write(f"symopt: warning: {_one_line(str(message))}\n")
    else:
        sys.stderr.write(f"symopt: warning: {category.__name__}: {_one_line(str(message))}\n")


def _negative_expressions_as_text(argv: Sequence[str]) -> list[str]:
    """``-x**2`` is an objective, not an option: argparse would reject it ("the
    following arguments are required: expr").  symopt has no short options but
    ``-h``, so every other single-dash word before ``--`` gets a leading space,
    which argparse reads as a value and symopt's parser ignores."""
    out: list[str] = []
    command_seen = False
    for i, word in enumerate(argv):
        if word == "--":
            return out + list(argv[i:])
        if command_seen and len(word) > 1 and word[0] == "-" and word[1] != "-" and word != "-h":
            word = " " + word
        command_seen = command_seen or not word.startswith("-")
        out.append(word)
    return out


_LIMIT_OPTIONS = {"--effort": ("effort", 1e-6), "--time-limit": ("time_limit", 0.0)}


def limit_settings(argv: Sequence[str]) -> tuple[list[str], dict]:
    """Take ``--effort N`` / ``--time-limit S`` out of ``argv`` wherever they stand.

    Returns the remaining words and the settings for :meth:`symopt.config.Config.override`.

    Raises:
        SystemExit: (exit 2, one line) for a value that is not a number in range.
    """
    rest: list[str] = []
    settings: dict = {}
    words = list(argv)
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--":
            rest += words[i:]
            break
        name, _, value = word.partition("=")
        if name in _LIMIT_OPTIONS:
            if not _:
                if i + 1 >= len(words):
                    _usage_error(f"{name} needs a number")
                value = words[i + 1]
                i += 1
            key, minimum = _LIMIT_OPTIONS[name]
            try:
                number = float(value)
            except ValueError:
                number = float("nan")
            if not (number >= minimum) or number == float("inf"):
                _usage_error(f"{name}: {value!r} is not a number >= {minimum:g}")
            settings[key] = (number or None) if key == "time_limit" else number
        else:
            rest.append(word)
        i += 1
    return rest, settings


def _usage_error(message: str) -> None:
    sys.stderr.write(f"symopt: error: {message} (see 'symopt --help')\n")
    raise SystemExit(2)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    if argv is None:
        argv = sys.argv[1:]
    try:
        argv, limits = limit_settings(argv)
        args = parser.parse_args(_negative_expressions_as_text(argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    from ..errors import SymoptError

    import warnings

    from ..config import config

    try:
        with warnings.catch_warnings(), config.override(**limits):
            warnings.showwarning = _show_warning
            warnings.simplefilter("default")
            return int(handler(args) or 0)
    except SymoptError as exc:
        sys.stderr.write(format_error(exc) + "\n")
        return 2
    except (RecursionError, MemoryError):
        sys.stderr.write("symopt: error: the input is too large or too deeply nested\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("symopt: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - never a traceback for the user
        sys.stderr.write(f"symopt: internal error: {type(exc).__name__}: {_one_line(str(exc))}\n")
        return 1
