"""Algebraic objectives: square roots lifted to new variables.

Where ``f`` holds square roots of polynomials, ``sqrt(b_k(x))`` (``sqrt(1 + x^2) + (y - x)^2``),
each ``b_k^(p/2)`` becomes ``s_k^p`` in a new variable ``s_k`` with ``s_k^2 = b_k`` and ``s_k > 0``.
The gradient entries become ``u_i P_i(x, s) / d_i(x, s)`` (:func:`~symopt.critical.check_reduced.split_entry`
over the lifted variables), and a point ``x`` with every ``b_k(x) > 0`` is critical exactly when
``(x, sqrt(b(x)))`` is a real zero of ``P = 0, s_k^2 - b_k = 0`` with every ``s_k > 0`` and
every ``d_i != 0``: the lifted system is solved by the exact method, zeros with some ``s_k < 0``
(or a vanishing denominator) are dropped, and the rest are projected to ``x`` (distinct lifts
give distinct ``x``: ``s`` is a function of ``x``).  Where a lifted zero has ``s_k = 0`` (``f``
may not be differentiable there) the method gives up.  Evidence and checker:
:class:`~symopt.critical.check_reduced.LiftedCertificate`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Sequence

import sympy as sp

from ..core.objective import Objective
from ..core.points import CriticalPoint, CriticalPoints, classify_hessian
from ..errors import BudgetExceeded
from .algebraic import polynomial_points
from ..exact.interval import float_box
from .check import UnsupportedComplexity, _NotZeroDimensional, _interval_kind, rationalize
from .check_reduced import LiftedCertificate, denominator_sign, lift, never_zero, split_entry, sqrt_bases

__all__ = ["classified", "lifted_points"]


@dataclass(frozen=True)
class _Lifted:
    """What the exact method needs of an objective: the (lifted) variables."""

    variables: tuple

    @property
    def n(self) -> int:
        return len(self.variables)


def lifted_points(obj: Objective, digits: int = 15) -> CriticalPoints | None:
    """The complete critical points (where every ``b_k > 0``) of an objective with square roots of
    polynomials, or ``None`` when the method does not apply (see the module docstring)."""
    variables = tuple(obj.variables)
    grads = [rationalize(g) for g in obj.gradient]
    bases = sqrt_bases(grads, variables)
    if not bases or len(bases) > 3:
        return None
    names = {str(v) for v in variables}
    svars = []
    for k in range(len(bases)):
        name = f"s{k}"
        while name in names:
            name += "_"
        svars.append(sp.Symbol(name, real=True))
    V = variables + tuple(svars)
    split = [split_entry(lift(g, bases, svars), V) for g in grads]
    if any(s is None for s in split) or not all(never_zero(s[0], V) for s in split):
        return None
    units = tuple(s[0] for s in split)
    dens = tuple(s[2] for s in split)
    system = tuple(s[1] for s in split) + tuple(sp.expand(s**2 - b) for s, b in zip(svars, bases))
    try:
        found = polynomial_points(_Lifted(V), list(system), sp.zeros(len(V), len(V)), digits, f=None, classify=False)
    except (_NotZeroDimensional, UnsupportedComplexity, BudgetExceeded):
        return None
    if found.components or not found.complete or any(cp.enclosure is None for cp in found):
        return None
    kept, excluded = [], []
    for cp in found:
        s_signs = [denominator_sign(s, V, cp) for s in svars]
        d_signs = [denominator_sign(d, V, cp) for d in dens]
        if any(t is None for t in s_signs + d_signs) or 0 in s_signs:
            return None  # undecided, or a zero where some b_k = 0
        (excluded if -1 in s_signs or 0 in d_signs else kept).append(cp)
    H = [[rationalize(obj.hessian[i, j]) for j in range(obj.n)] for i in range(obj.n)]
    n = len(variables)
    listed = []
    for cp in kept:
        proj = CriticalPoint({v: cp.point[v] for v in variables}, "inconclusive", enclosure=tuple(cp.enclosure[:n]))
        listed.append(classified(obj, H, proj))
    cert = LiftedCertificate(variables, tuple(svars), tuple(bases), units, system, dens, found.certificate,
                             tuple(kept), tuple(excluded))
    roots = ", ".join(f"{s} = sqrt({b})" for s, b in zip(svars, bases))
    note = (f"every critical point where f is differentiable (certified: {roots} lifted to new variables with "
            f"s^2 = b, s > 0; the lifted gradient's numerators solved exactly, {len(excluded)} lifted zero(s) "
            f"with s < 0 or on a pole dropped)")
    return CriticalPoints(listed, complete=True, note=note, certificate=cert, objective=obj)


def classified(obj: Objective, H: Sequence, cp: CriticalPoint) -> CriticalPoint:
    """The kind from an interval Hessian over the enclosure, exactly at a rational point."""
    kind, eig, reason = _interval_kind(H, obj.variables, float_box(cp.enclosure))
    if kind == "inconclusive" and all(getattr(v, "is_Rational", False) for v in cp.point.values()):
        try:
            kind, eig, reason = classify_hessian(rationalize(obj.hessian).xreplace(cp.point))
        except (TypeError, ValueError, ArithmeticError):
            pass
    return dataclasses.replace(cp, kind=kind, eigenvalues=tuple(eig) if eig else (), reason=reason)
