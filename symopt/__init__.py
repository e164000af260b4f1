"""symopt: symbolic optimisation mathematics.

Write an objective; symopt derives gradients, Hessians, Taylor models and
critical points exactly, decides convexity with checkable certificates,
derives convergence rates and stability regions, and compiles everything into
batched NumPy functions and optimizers.

    >>> import symopt
    >>> symopt.Objective("x**2 + 2*y**2").hessian
    Matrix([
    [2, 0],
    [0, 4]])

Submodules are imported on first use (``symopt.optimizers``,
``symopt.convexity``, ``symopt.theory``, ``symopt.data``, ...), so ``import symopt``
stays light.  The packages stand on floors (see the architecture page of the
documentation): ``core`` (parse, objective, derivatives), ``exact`` (intervals,
signs, linear algebra), ``compile``, ``data``; the analyses ``convexity``,
``critical``, ``theory``, ``pep``, ``optimizers``; then ``analysis``, ``plots``,
``claims``, ``testing``; the ``cli`` on top.
"""

from __future__ import annotations

import importlib
from typing import Any

from .errors import (
    BudgetExceeded,
    DimensionError,
    DomainError,
    OptimizerError,
    ParameterError,
    ParseError,
    SymoptError,
    UndecidedError,
    UnsupportedError,
)

__version__ = "0.1.0"

__all__ = [
    "Objective",
    "CriticalPoint",
    "jacobian",
    "convexity",
    "SymoptError",
    "ParseError",
    "DimensionError",
    "DomainError",
    "ParameterError",
    "OptimizerError",
    "UndecidedError",
    "BudgetExceeded",
    "UnsupportedError",
]

_LAZY_ATTRS = {
    "Objective": ("symopt.core.objective", "Objective"),
    "CriticalPoint": ("symopt.core.objective", "CriticalPoint"),
    "jacobian": ("symopt.core.objective", "jacobian"),
}
_SUBMODULES = {
    "optimizers", "schedules", "projections", "rates", "stability", "theory", "plots", "testing",
    "certificate", "compile", "objective", "budget", "config", "claims", "parse", "analysis", "domain", "display",
    "pep", "data", "critical", "core", "exact", "limits", "results", "errors",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY_ATTRS:
        module, attr = _LAZY_ATTRS[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    if name == "convexity":
        # ``symopt.convexity(obj)`` is the function; the module stays importable
        # as ``import symopt.convexity`` / ``from symopt.convexity import ...``.
        module = importlib.import_module("symopt.convexity")
        return module.convexity
    if name in _SUBMODULES:
        return importlib.import_module(f"symopt.{name}")
    raise AttributeError(f"module 'symopt' has no attribute {name!r}")
