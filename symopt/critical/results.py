"""Result types of the critical-point analysis.

:class:`~symopt.core.points.CriticalPoint` and
:class:`~symopt.core.points.CriticalPoints` live in ``symopt.core`` (``Objective``
returns them) and are re-exported here; :class:`Component` (a positive-dimensional
piece of the critical set) and :class:`GlobalMinimum` (a certified enclosure of
``min f``) are defined here.  The evidence types live with their checkers
(:mod:`symopt.critical.check`, :mod:`~symopt.critical.check_algebraic`,
:mod:`~symopt.critical.check_minimum`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import sympy as sp

from .. import display
from ..core.points import CriticalPoint, CriticalPoints
from .check import CheckResult, as_result, failed

__all__ = ["CriticalPoint", "CriticalPoints", "Component", "GlobalMinimum", "CheckResult"]


@dataclass(frozen=True)
class Component:
    """A positive-dimensional piece of the critical set: ``{x : equation(x) = 0}``.

    Attributes:
        equation: a polynomial (an irreducible factor of the gcd of the gradient entries),
            or a tuple of them (the equations of a family ``x = phi(t)``).
        dimension: the complex dimension (``n - 1`` for a hypersurface).
        parametrisation: ``((variable, value), ...)``: the family ``x = phi(t)`` over the
            free variables ``t`` (empty for a hypersurface).
        real_dimension: the family's real dimension (the rank of ``phi``'s Jacobian at a real
            rational parameter point, exactly), or ``None`` when not derived.
        value: ``f`` on the component (a constant), or ``None`` when not derived.
    """

    equation: Any
    dimension: int
    parametrisation: tuple = ()
    real_dimension: int | None = None
    value: Any = None

    def to_dict(self) -> dict:
        """Plain JSON-ready data (expressions as text)."""
        return {"equation": str(self.equation), "dimension": self.dimension,
                "parametrisation": {str(v): str(e) for v, e in self.parametrisation},
                "real_dimension": self.real_dimension, "value": None if self.value is None else str(self.value)}

    def __repr__(self) -> str:
        if self.parametrisation:
            eqs = ", ".join(f"{v} = {e}" for v, e in self.parametrisation if e != v)
            value = "" if self.value is None else f", f = {self.value}"
            return f"Component({eqs}; real dimension {self.real_dimension}{value})"
        real = "" if self.real_dimension is None else f", real dimension {self.real_dimension}"
        value = "" if self.value is None else f", f = {self.value}"
        return f"Component({self.equation} = 0, complex dimension {self.dimension}{real}{value})"


@dataclass(frozen=True)
class GlobalMinimum:
    """A certified enclosure of ``min f`` and where it is attained.

    Attributes:
        status: ``"certified"``, ``"unbounded"`` (``inf f = -oo``: a certified ray, no minimum) or
            ``"unknown"`` (the ``bound`` kind of :mod:`symopt.results`).
        lower, upper: rationals with ``lower <= min f <= upper`` (``None`` when unknown).
        domain: ``"R^n"`` (n the dimension) or the box's text.
        minimisers: exact points ``{var: value}`` (polynomial case) or boxes
            ``{var: (lo, hi)}`` that together contain every minimiser.
        proof: why the minimum is attained and where it is (coercivity bound,
            sum of squares, branch-and-bound tree size).
        reason: for ``unknown``, why.
    """

    STATUS_KIND: ClassVar[str] = "bound"  # symopt.results: certified, refuted, unbounded, unknown

    status: str
    lower: sp.Rational | None
    upper: sp.Rational | None
    domain: str
    minimisers: tuple = ()
    proof: str = ""
    reason: str = ""
    _evidence: Any = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict:
        """Plain JSON-ready data (exact values as text, with float approximations)."""
        def num(v: Any) -> Any:
            return None if v is None else {"exact": str(v), "float": float(v)}

        return {"status": self.status, "lower": num(self.lower), "upper": num(self.upper), "domain": self.domain,
                "minimisers": [{str(k): str(v) for k, v in m.items()} for m in self.minimisers],
                "proof": self.proof, "reason": self.reason}

    def __repr__(self) -> str:
        if self.status == "unbounded":
            return f"GlobalMinimum(unbounded below on {self.domain}: inf f = -oo, no minimum)"
        if self.status != "certified":
            return f"GlobalMinimum(unknown: {self.reason[:80]})"
        value = self.lower if self.lower == self.upper else f"[{float(self.lower):.10g}, {float(self.upper):.10g}]"
        return f"GlobalMinimum(min f = {value} on {self.domain}, {len(self.minimisers)} minimiser(s))"

    def _repr_latex_(self) -> str | None:

        if self.status == "unbounded":
            return r"$$\inf f = -\infty$$"
        if self.status != "certified":
            return None
        if self.lower == self.upper:
            return display.latex_block(self.lower, label=r"\min f")
        return rf"$$\min f \in \left[{float(self.lower):.15g},\ {float(self.upper):.15g}\right]$$"

    def _repr_html_(self) -> str:

        rows = [["status", self.status], ["domain", self.domain], ["lower", self.lower], ["upper", self.upper]]
        rows += [[f"minimiser {k + 1}", display.math_text(m)] for k, m in enumerate(self.minimisers[:20])]
        return display.html_table(["", ""], rows, title="GlobalMinimum", notes=[self.proof or self.reason])

    def check(self) -> CheckResult:
        """Re-verify the enclosure from the evidence (independently of the search).

        Returns a :class:`CheckResult` (``"verified"``, ``"failed"``, or ``"not re-checked"``
        when a re-check ran out of its work limit, or the minimum is ``unknown`` and claims
        nothing); ``bool()`` is true only when verified.
        """
        if self.status not in ("certified", "unbounded"):
            return CheckResult("not re-checked", f"the minimum is {self.status}: the result claims nothing to re-check")
        if self._evidence is None:
            return failed(f"a {self.status} minimum without its evidence")
        return as_result(self._evidence.check(self), "the evidence does not prove the enclosure")
