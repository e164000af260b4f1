"""One call that derives everything ``symopt analyze`` shows, as a frozen result.

    >>> from symopt.analysis import analyze
    >>> report = analyze("x1**2 + 2*x2**2", at="x1=1, x2=1", convexity=False)
    >>> report.hessian
    Matrix([
    [2, 0],
    [0, 4]])
    >>> report.condition_number
    2
    >>> [cp.kind for cp in report.critical_points]
    ['minimum']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from .budget import run_with_budget
from .errors import BudgetExceeded, SymoptError
from .objective import CriticalPoints, Objective

__all__ = ["Analysis", "analyze", "ConvexitySummary", "ANALYZE_CONVEXITY_BUDGET"]

#: Seconds the convexity layers may take inside ``analyze`` (the full verdict: ``symopt.convexity``).
ANALYZE_CONVEXITY_BUDGET = 2.0


@dataclass(frozen=True)
class ConvexitySummary:
    """The convexity verdict as shown by ``analyze`` (``status``, ``property``, ``reason``, ``witness``)."""

    status: str
    property: str
    reason: str
    witness: Any = None
    verdict: Any = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict:
        """JSON-ready dict with DESIGN's keys."""
        if self.verdict is not None and hasattr(self.verdict, "to_json"):
            return self.verdict.to_json()
        return {"status": self.status, "property": self.property, "reason": self.reason, "witness": self.witness}


@dataclass(frozen=True)
class Analysis:
    """Everything derived for one objective.

    Attributes:
        objective: the objective.
        gradient: column gradient.
        hessian: Hessian.
        critical_points: with kinds (a :class:`~symopt.objective.CriticalPoints`).
        at: the point of the local model, or ``None``.
        taylor: second-order Taylor model about ``at`` (or ``None``).
        condition_number: the Hessian's condition number at ``at`` (or ``None``).
        convexity: the convexity verdict summary (or ``None`` when not asked).
        notes: what could not be derived, and why.
    """

    objective: Objective
    gradient: sp.Matrix
    hessian: sp.Matrix
    critical_points: CriticalPoints
    at: dict | None = None
    taylor: sp.Expr | None = None
    condition_number: sp.Expr | None = None
    convexity: ConvexitySummary | None = None
    notes: tuple[str, ...] = ()


def _convexity_summary(obj: Objective) -> ConvexitySummary:
    try:
        from .convexity import convexity as decide
    except ImportError:
        return ConvexitySummary("unknown", "convex", "the convexity module is not available")
    try:
        verdict = run_with_budget(decide, obj, budget=ANALYZE_CONVEXITY_BUDGET, step="convexity")
    except BudgetExceeded as exc:
        return ConvexitySummary("unknown", "convex", str(exc))
    except SymoptError as exc:
        return ConvexitySummary("unknown", "convex", f"{type(exc).__name__}: {exc}")
    witness = getattr(verdict, "witness", None)
    return ConvexitySummary(
        str(getattr(verdict, "status", "unknown")),
        str(getattr(verdict, "property", "convex")),
        str(getattr(verdict, "reason", "")),
        witness,
        verdict,
    )


def analyze(
    expr: Any,
    variables: Any = None,
    params: Any = None,
    at: Any = None,
    order: int = 2,
    convexity: bool = True,
) -> Analysis:
    """Derive gradient, Hessian, critical points, the local model at ``at`` and convexity.

    Args:
        expr: an :class:`~symopt.Objective`, text or a SymPy expression.
        variables, params: as for :class:`~symopt.Objective`.
        at: a point for the Taylor model and the condition number.
        order: the Taylor model's order.
        convexity: also decide convexity (under the ``convexity`` budget).
    """
    obj = expr if isinstance(expr, Objective) else Objective(expr, variables=variables, params=params)
    notes: list[str] = []
    points = obj.critical_points()
    if points.note:
        notes.append(f"critical points: {points.note}")
    point = taylor = cond = None
    if at is not None:
        point = obj.point(at)
        taylor = obj.taylor(point, order=order)
        try:
            cond = obj.condition_number(point)
        except SymoptError as exc:
            notes.append(f"condition number: {exc}")
    summary = _convexity_summary(obj) if convexity else None
    return Analysis(obj, obj.gradient, obj.hessian, points, point, taylor, cond, summary, tuple(notes))
