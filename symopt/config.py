"""Settings: work limits for symbolic steps, the outer clock guard, limits on parsed input.

``symopt.config.config`` is the one settings object.  Read a budget with
:meth:`Config.budget_for`; change settings for a block of code with
:meth:`Config.override`::

    >>> from symopt.config import config
    >>> config.budget_for("solve")
    2.0
    >>> with config.override(budgets={"solve": 0.5}):
    ...     config.budget_for("solve")
    0.5
    >>> config.budget_for("solve")
    2.0

A budget is the work limit of one call of the named step, in *reference
seconds* of work: :func:`symopt.limits.run_with_budget` counts the calls the
step makes and stops it after ``budget * CALLS_PER_REFERENCE_SECOND * effort``
calls, on any machine at any load (see :mod:`symopt.limits`).  A budget of
``0`` or ``None`` means "no limit".  ``effort`` scales every limit at once;
``time_limit`` is only the outer clock guard against a runaway.

The environment sets the starting values: ``SYMOPT_EFFORT`` (a positive
number) and ``SYMOPT_TIME_LIMIT`` (seconds; ``0`` turns the guard off).
"""

from __future__ import annotations

import contextlib
import copy
import math
import os
import threading
from dataclasses import dataclass, field
from typing import Iterator

from .errors import UnsupportedError

__all__ = ["Config", "config", "DEFAULT_BUDGETS"]

#: Default work limit per named symbolic step, in reference seconds of work
#: (one reference second = ``symopt.limits.CALLS_PER_REFERENCE_SECOND`` calls).
DEFAULT_BUDGETS: dict[str, float] = {
    "solve": 2.0,
    "simplify": 2.0,
    "series": 5.0,
    "factor": 2.0,
    "expand": 2.0,
    "eigen": 2.0,
    "taylor": 10.0,
    "critical_points": 10.0,
    "numeric_roots": 5.0,
    "interval": 5.0,
    "convexity": 10.0,
    "stability": 10.0,
    "rates": 10.0,
    "evaluate": 5.0,
    "parse": 5.0,
    "default": 5.0,
}


def _env_number(name: str, default: float, minimum: float) -> float:
    """A number from the environment, or ``default`` (an unreadable value is ignored: never a crash at import)."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        return default
    return value if math.isfinite(value) and value >= minimum else default


@dataclass
class Config:
    """symopt's settings.

    Attributes:
        budgets: work limit per named step in reference seconds of work (see
            :data:`DEFAULT_BUDGETS` and :mod:`symopt.limits`).
        effort: factor applied to every work limit (``SYMOPT_EFFORT``; default 1).
        time_limit: the outer clock guard in seconds per outermost step
            (``SYMOPT_TIME_LIMIT``; default 600; ``None`` or ``0``: none).  Only a
            guard against a runaway: reaching it gives ``unknown`` with the reason
            "time limit", never a verdict the work limits would have reached.
        max_expression_length: longest text the parser accepts, in characters.
        max_nesting_depth: deepest nesting of the parsed expression tree.
        max_symbolic_exponent: largest ``|k|`` accepted in ``x**k`` for symbolic ``x``.
        max_power_bits: largest size (in bits) of a number the parser will
            compute from a numeric power such as ``9**9``, and of any number in
            a parsed expression.  The default, 12000 bits (about 3600 decimal
            digits), keeps every number printable under Python's limit of 4300
            digits for ``str(int)``.
        max_variables: most variables an :class:`~symopt.Objective` accepts.
        progress: progress bars (tqdm; a widget in Jupyter when ipywidgets is
            installed, text otherwise) for long optimizer runs: ``None`` (default)
            shows them only in an interactive session (Jupyter or a terminal)
            for runs of at least ``progress_min_steps`` steps that are still going
            after ``progress_delay`` seconds; ``True`` always; ``False`` never.
        progress_min_steps: the shortest run that gets a bar.
        progress_delay: seconds a run must last before its bar appears.
        fresh_cache: clear SymPy's cache at the start of every outermost limited
            step (``SYMOPT_FRESH_CACHE=1``; default off).  The work a step counts
            includes SymPy's cache hits: a cache warmed by earlier calls in the
            same session can let a step finish under a limit that a fresh
            process would reach.  With ``fresh_cache`` the answer does not depend
            on what ran before either (at some cost in speed); without it, it
            does not depend on the machine or its load.
    """

    budgets: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_BUDGETS))
    effort: float = field(default_factory=lambda: _env_number("SYMOPT_EFFORT", 1.0, 1e-6))
    time_limit: float | None = field(default_factory=lambda: _env_number("SYMOPT_TIME_LIMIT", 600.0, 0.0) or None)
    max_expression_length: int = 20_000
    max_nesting_depth: int = 100
    max_symbolic_exponent: int = 10_000
    max_power_bits: int = 12_000
    max_variables: int = 5_000
    progress: bool | None = None
    progress_min_steps: int = 1_000
    progress_delay: float = 2.0
    fresh_cache: bool = field(default_factory=lambda: os.environ.get("SYMOPT_FRESH_CACHE", "").strip().lower()
                              in ("1", "true", "yes", "on"))
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    def budget_for(self, step: str) -> float | None:
        """The work limit of ``step`` in reference seconds of work, before ``effort`` (``None`` = unlimited)."""
        value = self.budgets.get(step, self.budgets.get("default"))
        if value is None or value <= 0:
            return None
        return float(value)

    @contextlib.contextmanager
    def override(self, budgets: dict[str, float] | None = None, **settings: object) -> Iterator["Config"]:
        """Temporarily change settings; restores the previous ones on exit.

        Args:
            budgets: budgets to change (others keep their values).
            **settings: any other attribute of :class:`Config`.

        Raises:
            UnsupportedError: for an unknown setting name.
        """
        for name in settings:
            if name.startswith("_") or not hasattr(self, name) or name == "budgets":
                raise UnsupportedError(f"unknown symopt setting {name!r}")
        with self._lock:
            saved = {name: getattr(self, name) for name in settings}
            saved_budgets = copy.copy(self.budgets)
            if budgets:
                self.budgets = {**self.budgets, **budgets}
            for name, value in settings.items():
                setattr(self, name, value)
        try:
            yield self
        finally:
            with self._lock:
                self.budgets = saved_budgets
                for name, value in saved.items():
                    setattr(self, name, value)


config = Config()
