"""Every error type symopt raises, in one place.

All of them derive from :class:`SymoptError`, so a caller can catch the whole
family with one ``except``.  Errors that describe bad *input* also derive from
:class:`ValueError` so they read naturally to Python users.
"""

from __future__ import annotations

__all__ = [
    "SymoptError",
    "ParseError",
    "DimensionError",
    "DomainError",
    "ParameterError",
    "OptimizerError",
    "UndecidedError",
    "BudgetExceeded",
    "UnsupportedError",
    "SymoptWarning",
]


class SymoptError(Exception):
    """Base class of every error symopt raises on purpose."""


class ParseError(SymoptError, ValueError):
    """Text that is not a valid symopt expression.

    Attributes:
        text: the text that failed to parse (may be truncated).
        position: 0-based column of the problem, or ``None``.
    """

    def __init__(self, message: str, text: str | None = None, position: int | None = None):
        self.reason = message
        self.text = text
        self.position = position
        super().__init__(self._render())

    def _render(self) -> str:
        if self.text is None or self.position is None:
            return self.reason
        line = self.text if len(self.text) <= 120 else self.text[:117] + "..."
        if "\n" in line:
            return f"{self.reason} (at column {self.position})"
        caret = " " * min(self.position, len(line)) + "^"
        return f"{self.reason} (at column {self.position})\n  {line}\n  {caret}"


class DimensionError(SymoptError, ValueError):
    """Wrong shape: a non-scalar objective, a point of the wrong length, ..."""


class DomainError(SymoptError, ValueError):
    """A domain that does not parse, is empty, or does not fit the objective."""


class ParameterError(SymoptError, ValueError):
    """A symbolic parameter left unbound, or a parameter value that is not allowed."""


class OptimizerError(SymoptError, ValueError):
    """Bad optimizer input: unknown method, bad learning rate, bad x0, ..."""


class UnsupportedError(SymoptError, ValueError):
    """A request symopt does not support (unknown property, unknown backend, ...)."""


class UndecidedError(SymoptError):
    """A question symopt could not decide; the message says why."""


class SymoptWarning(UserWarning):
    """Input symopt accepts but that looks like a slip (``sinx``, ``e^x``, an undeclared parameter)."""


class BudgetExceeded(SymoptError):
    """A symbolic step ran out of its work limit (or, rarely, the outer clock guard).

    Public functions catch it and return an ``unknown`` part of their result with
    the reason; it only escapes from :func:`symopt.limits.run_with_budget` itself.

    Attributes:
        step: the name of the step that ran out (``"solve"``, ``"series"``, ...):
            what the limit bounds.
        budget: the limit that was reached: calls for ``kind == "work"``,
            seconds for ``kind == "time"``.
        kind: ``"work"`` (a deterministic work limit: the same input runs out on
            every machine) or ``"time"`` (the outer clock guard against a runaway).
    """

    def __init__(self, step: str, budget: float | None = None, detail: str = "", kind: str = "work"):
        self.step = step
        self.budget = budget
        self.kind = kind
        self._detail = detail
        if kind == "time":
            what = f"{step} reached the time limit"
            if budget is not None:
                what += f" of {budget:g} s"
            what += (" (an outer guard against a runaway, not a work limit; raise symopt.config.config.time_limit "
                     "or SYMOPT_TIME_LIMIT)")
        else:
            what = f"{step} exceeded its work limit"
            if budget:
                what += f" of {int(budget):,} calls"
            what += " (raise symopt.config.config.effort, SYMOPT_EFFORT or --effort)"
        if detail:
            what += f": {detail}"
        super().__init__(what)

    def __reduce__(self) -> tuple:
        """Pickled by its arguments (it crosses a process boundary from a forked worker)."""
        return (type(self), (self.step, self.budget, self._detail, self.kind))
