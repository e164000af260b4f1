"""Every critical point on an interval domain where ``f''`` has one strict sign (one variable).

``f'' > 0`` (or ``< 0``) on the objective's interval domain, proved by the sign
prover, makes ``f'`` strictly monotone there: at most one zero.  An exact zero that
SymPy's ``solve`` finds in the domain (checked exactly) is then the whole list,
complete on the domain even when it is unbounded (``x log x`` on ``x > 0``: ``x = 1/e``).
The evidence is :class:`symopt.critical.check_domain.MonotoneGradientCertificate`.
"""

from __future__ import annotations

from ..core.domain import Box as DomainBox
from ..core.objective import Objective
from ..core.points import CriticalPoint, CriticalPoints, exact_sign
from .check import rationalize
from .check_domain import MonotoneGradientCertificate, second_derivative_sign


def monotone_points(obj: Objective, domain: DomainBox, found: CriticalPoints) -> CriticalPoints | None:
    """The complete list on ``domain`` by the monotone-derivative theorem, or ``None`` when it does not apply.

    Args:
        obj: a one-variable objective.
        domain: its domain (an interval).
        found: SymPy's exact solutions of ``f' = 0`` (checked by substitution).
    """
    if obj.n != 1:
        return None
    (x,) = obj.variables
    f1 = rationalize(obj.gradient[0])
    f2 = rationalize(obj.hessian[0, 0])
    sign = second_derivative_sign(f2, domain)
    if sign is None:
        return None
    relation, how = sign
    inside = [cp for cp in found if not cp.numeric and not cp.point[x].free_symbols and domain.contains(cp.point)]
    inside = [cp for cp in inside if exact_sign(f1.xreplace(cp.point)) == 0]
    if len(inside) != 1:
        return None
    (cp,) = inside
    kind = "minimum" if relation == ">0" else "maximum"
    try:
        eig = (float(f2.xreplace(cp.point)),)
    except (TypeError, ValueError):
        eig = ()
    word = "increasing" if relation == ">0" else "decreasing"
    reason = f"f'' {relation[0]} 0 on {domain.describe()} ({how}): f' is strictly {word}, so this is its only zero"
    point = CriticalPoint(dict(cp.point), kind, eig, False, reason)
    cert = MonotoneGradientCertificate(x, f1, f2, domain, relation, how)
    where = domain.describe()
    note = (f"every critical point on the domain {where} (certified: f'' {relation[0]} 0 there, so f' has at most "
            f"one zero; SymPy's exact solution checked)")
    return CriticalPoints([point], complete=True, note=note, status=f"complete on {where} (certified)",
                          certificate=cert, objective=obj)
