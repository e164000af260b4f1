"""Evidence for L-smoothness and strong convexity from a certified curvature bound (floor 3, evidence).

:func:`symopt.data.smoothness` and :func:`symopt.data.strong_convexity` bound
``sup_x lambda_max(hess f)`` / ``inf_x lambda_min(hess f)`` over ``R^n`` by an
exact decomposition of the Hessian (ridge, radial and log-sum-exp pieces plus a
constant matrix), each piece's curvature proved by the sign prover.  This module
only *checks* such a bound against a question: the bound's own ``check()``
re-derives it (recomposition equals ``sympy.hessian(f)``, each piece's bound
proved again, ``C^1`` gluing, the witness's Hessian), the bound is about the
very function asked about, and its value is at least as good as the constant
asked for.  It knows nothing of how the bound was found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from ..core.domain import Box
from ..exact.schur import constant_sign
from ..exact.signs import is_zero_identity
from .evidence import Evidence

__all__ = ["CurvatureBoundProof"]


@dataclass(frozen=True)
class CurvatureBoundProof(Evidence):
    r"""``f`` is ``L``-smooth (``-L I \preceq \nabla^2 f \preceq L I``) or ``m``-strongly convex on ``R^n``
    because a certified curvature bound says so.

    Attributes:
        f: the function.
        variables: its variables.
        property: ``"L-smooth"`` or ``"strongly convex"``.
        parameter: the constant asked about (``L`` or ``m``).
        bound: the certified bound (a :class:`symopt.data.CurvatureBound`).
        box: the domain (the whole space: the bound is over ``R^n``).
    """

    f: sp.Expr
    variables: tuple
    property: str
    parameter: sp.Expr
    bound: Any = field(repr=False)
    box: Box | None = None

    def check(self) -> bool:
        b = self.bound
        if getattr(b, "status", None) != "proved" or b.property != self.property or b.value is None:
            return False
        if self.box is not None and any(bd.lo is not -sp.oo or bd.hi is not sp.oo for bd in self.box.bounds):
            return False  # the bound is over R^n only
        data = getattr(b, "_data", None)
        if data is None or [v.name for v in data[1]] != [v.name for v in self.variables]:
            return False
        same = dict(zip(data[1], self.variables))  # the bound works with real copies of the variables
        if not is_zero_identity(data[0].xreplace(same), self.f):
            return False
        good = (self.parameter - b.value) if self.property == "L-smooth" else (b.value - self.parameter)
        if constant_sign(sp.simplify(good)) not in (0, 1):  # exact zero after simplification, or clearly >= 0
            return False
        return bool(b.check())

    def summary(self) -> str:
        b = self.bound
        side = "sup lambda_max" if self.property == "L-smooth" else "inf lambda_min"
        rel = "<=" if self.property == "L-smooth" else ">="
        return (f"{side}(hess f) over R^n = {b.value} ({b.tight}; {b.method}) {rel} {self.parameter}: "
                f"certified curvature bound")

    def to_json(self) -> dict:
        return {"kind": type(self).__name__, "summary": self.summary(), "property": self.property,
                "parameter": str(self.parameter), "bound": self.bound.to_dict()}

