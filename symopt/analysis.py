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
    >>> report.critical_points.status, report.critical_points.status_text
    ('complete', 'complete (certified)')
    >>> report.global_minimum
    GlobalMinimum(min f = 0 on R^2, 1 minimiser(s))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from .limits import run_with_budget
from .errors import BudgetExceeded, SymoptError
from .core.objective import CriticalPoints, Objective
from .critical import GlobalMinimum
from .critical import minimum_from_points
from .exact.natural import objective_domain
from .display import short_repr
from .display import html_table
from .display import math_text
from .convexity import convexity as decide

__all__ = ["Analysis", "analyze", "ConvexitySummary", "ANALYZE_CONVEXITY_BUDGET", "ANALYZE_MINIMUM_BUDGET"]

#: Seconds the convexity layers may take inside ``analyze`` (the full verdict: ``symopt.convexity``).
ANALYZE_CONVEXITY_BUDGET = 2.0

#: Seconds the global minimum's interval branch-and-bound may take inside ``analyze`` (non-polynomial f).
ANALYZE_MINIMUM_BUDGET = 2.0


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
        critical_points: with kinds (a :class:`~symopt.core.objective.CriticalPoints`).
        at: the point of the local model, or ``None``.
        taylor: second-order Taylor model about ``at`` (or ``None``).
        condition_number: the Hessian's condition number at ``at`` (or ``None``).
        convexity: the convexity verdict summary (or ``None`` when not asked).
        notes: what could not be derived, and why.
        global_minimum: a :class:`~symopt.critical.GlobalMinimum` (certified enclosure
            of ``min f`` on ``R^n`` or in the critical-point box), or ``None``.
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
    global_minimum: Any = None


def _global_minimum(obj: Objective, points: CriticalPoints) -> Any:
    """The certified global minimum when it is cheap: from complete polynomial critical
    points, or by interval branch-and-bound in the box the critical points were certified in."""

    try:
        if points.complete and objective_domain(obj) is not None:
            # over the objective's domain (given, or f's natural one): the box searched is only the domain's
            # compact core, and a minimum over it is not the minimum over the domain
            return run_with_budget(obj.global_minimum, seconds=ANALYZE_MINIMUM_BUDGET, step="critical_points")
        if points.complete and points.box is None:
            return minimum_from_points(obj, points)
        if points.complete and points.box is not None:
            return run_with_budget(lambda: obj.global_minimum(box=points.box), seconds=ANALYZE_MINIMUM_BUDGET, step="critical_points")
        return GlobalMinimum("unknown", None, None, f"R^{obj.n}", reason=f"the critical points are not certified complete ({points.status_text})")
    except BudgetExceeded as exc:
        return GlobalMinimum("unknown", None, None, f"R^{obj.n}", reason=str(exc))
    except SymoptError as exc:
        return GlobalMinimum("unknown", None, None, f"R^{obj.n}", reason=f"{type(exc).__name__}: {exc}")

    # -- display (symopt.display's conventions; issue 16) --------------------------------

    def __repr__(self) -> str:

        conv = None if self.convexity is None else f"{self.convexity.property}: {self.convexity.status}"
        return short_repr("Analysis", f"f = {self.objective.expr}",
                          f"{len(self.critical_points)} critical point(s)", conv)

    def _repr_html_(self) -> str:

        rows: list = [["f", self.objective.expr], ["gradient", self.gradient.T], ["Hessian", self.hessian]]
        for cp in self.critical_points:
            rows.append(["critical point", f"{math_text(cp.point)}: {cp.kind}"])
        if self.at is not None:
            rows += [["Taylor model at", math_text(self.at)], ["T(x)", self.taylor]]
        if self.condition_number is not None:
            rows.append(["condition number", self.condition_number])
        if self.convexity is not None:
            rows.append([self.convexity.property, f"{self.convexity.status}: {self.convexity.reason}"])
        return html_table(["", ""], rows, title="Analysis", notes=self.notes, math=True)


def _convexity_summary(obj: Objective) -> ConvexitySummary:
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
    minimum = _global_minimum(obj, points) if not obj.params else None
    return Analysis(obj, obj.gradient, obj.hessian, points, point, taylor, cond, summary, tuple(notes), minimum)
