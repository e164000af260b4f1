"""L-smoothness and strong convexity on ``R^n`` through the exact curvature bounds of :mod:`symopt.data`.

When the Hessian-form reductions of :mod:`symopt.convexity.decide` leave
``"L-smooth"`` or ``"strongly convex"`` undecided on the whole space, the same
machinery as the data objectives answers: :func:`symopt.data.smoothness`
(``sup_x lambda_max``) or :func:`symopt.data.strong_convexity`
(``inf_x lambda_min``), exact, with a certificate.  A proof is returned as
:class:`~symopt.convexity.evidence_curvature.CurvatureBoundProof`, which the
verdict's ``check()`` re-derives.  A claim beyond an attained constant is left
to the witness search (a refutation needs a point the verdict can check).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from ..core.domain import Box
from ..core.objective import Objective
from ..data import scalar
from .context import _Outcome
from .evidence_curvature import CurvatureBoundProof

__all__ = ["curvature_outcome"]


def curvature_outcome(f: sp.Expr, variables: tuple, box: Box, prop: str, parameter: Any) -> tuple[_Outcome, Any] | None:
    """A proof of ``prop`` (with ``parameter``, or the exact constant when it is ``None``), or ``None``.

    Only on the whole space, and only a proof: ``None`` leaves the verdict to the caller.
    """
    if prop not in ("L-smooth", "strongly convex") or not box.is_whole:
        return None
    obj = Objective(f, variables=list(variables))
    bound = scalar.smoothness(obj) if prop == "L-smooth" else scalar.strong_convexity(obj)
    if bound.status != "proved" or bound.value is None:
        return None
    constant = parameter if parameter is not None else bound.value
    if prop == "strongly convex" and not (sp.S(constant) > 0) is True:
        return None  # mu = 0: convex only, no modulus
    if bound.decide(constant)[0] != "proved":
        return None
    ev = CurvatureBoundProof(f, tuple(variables), prop, sp.S(constant), bound, box)
    if not ev.check():
        return None  # a bound its own checker does not re-derive is no proof (Huber of x - 2y: Piecewise Hessians)
    name = "L" if prop == "L-smooth" else "m"
    why = (f"{prop} with {name} = {constant}: " + ev.summary())
    return _Outcome("proved", (ev,), None, why), constant
