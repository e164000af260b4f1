"""The one seam from ``symopt.core`` (floor 1) up to the packages built on it.

``Objective``'s convenience methods (``critical_points``, ``global_minimum``,
``compile``) and ``CriticalPoints.check`` reach :mod:`symopt.critical` and
:mod:`symopt.compile` only through these two functions, whose imports run when
they are called: those packages import ``symopt.core`` at module level,
``symopt.core`` never imports them at module level, so loading either never
meets a half-initialised module.  ``tests/test_layout.py`` allows function-level
imports up the floors here and nowhere else.
"""

from __future__ import annotations

from types import ModuleType

__all__ = ["critical", "compile_package"]


def critical() -> ModuleType:
    """:mod:`symopt.critical`, imported on first use."""
    from .. import critical as package

    return package


def compile_package() -> ModuleType:
    """:mod:`symopt.compile`, imported on first use."""
    from .. import compile as package

    return package
