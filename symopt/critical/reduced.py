"""Gradients that are a polynomial system up to factors that never vanish.

Rational objectives, ``p(x) exp(u(x))`` and their sums with a common exponential (``f`` built only from functions
defined on all of ``R``, :func:`defined_everywhere`) have
gradient entries ``df/dx_i = u_i(x) P_i(x) / d_i(x)`` where ``u_i`` is a product of non-zero
rationals and exponentials of real expressions (never zero), and ``P_i``, ``d_i`` are
polynomials over Q.  On the domain of ``f`` (``d_i != 0``: a point where a denominator
vanishes is not in it) ``grad f = 0`` exactly when ``P = 0``.  The system ``P`` is solved by
the exact method (:mod:`~symopt.critical.algebraic`: Groebner basis, shape lemma, Arb; its
common factor as components, :mod:`~symopt.critical.gcd_components`), then each real zero is
kept when every ``d_i`` is non-zero there (exact at rational points, else an interval
evaluation over the point's certified enclosure) and dropped when some ``d_i`` is exactly 0.
Kinds: an interval Hessian over the enclosure (Weyl's bound), exact at rational points.
Square roots of polynomials are lifted to new variables first (:mod:`~symopt.critical.lifted`).
Evidence and checker: :class:`~symopt.critical.check_reduced.ReducedGradientCertificate`.
"""

from __future__ import annotations

import sympy as sp

from ..core.objective import Objective
from ..core.points import CriticalPoints
from ..errors import BudgetExceeded
from .algebraic import polynomial_points
from .check import UnsupportedComplexity, _NotZeroDimensional, rationalize
from .lifted import classified, lifted_points
from .check_reduced import ReducedGradientCertificate, denominator_sign, never_zero, positive_everywhere, split_entry

__all__ = ["defined_everywhere", "reduced_points"]

#: Functions whose derivative's formula keeps their domain: real-analytic on all of R (exp, atan,
#: asinh), or asin/acos, whose derivative holds sqrt(1 - u^2), so the lift s > 0 keeps |u| < 1.
_EVERYWHERE = (sp.exp, sp.atan, sp.asinh, sp.asin, sp.acos)


def defined_everywhere(f: sp.Expr, variables) -> bool:
    """``f`` is built from the variables, rationals, ``+``, ``*``, integer powers, square roots of
    polynomials (their domain is kept by the lift ``s > 0``), functions defined on all of ``R``
    (``exp``, ``atan``, ``asinh``) and ``asin``, ``acos`` (their derivatives' ``sqrt(1 - u^2)`` is lifted): so the critical points found from the gradient's formula, off its
    poles and with every lifted root positive, are points of ``f``'s domain.  ``log(x) + x`` is not
    (its gradient's formula ``1 + 1/x`` vanishes at ``x = -1``, outside the domain)."""
    for node in sp.preorder_traversal(f):
        if isinstance(node, sp.Function) and not isinstance(node, _EVERYWHERE):
            return False
        if node.is_Pow and not node.exp.is_Integer:
            if not (node.exp.is_Rational and node.exp.q == 2 and node.base.is_polynomial(*variables)):
                return False
    return True


def reduced_points(obj: Objective, digits: int = 15) -> CriticalPoints | None:
    """The complete critical set on ``f``'s domain when the gradient reduces to a polynomial system
    (see the module docstring), else ``None``."""
    variables = tuple(obj.variables)
    if not defined_everywhere(rationalize(obj.expr), variables):
        return None  # log, acosh, ...: the gradient's formula outlives f's domain
    grads = [rationalize(g) for g in obj.gradient]
    split = [split_entry(g, variables) for g in grads]
    if any(s is None for s in split):
        return lifted_points(obj, digits)  # square roots of polynomials: lifted to new variables
    units = tuple(s[0] for s in split)
    system = tuple(s[1] for s in split)
    dens = tuple(s[2] for s in split)
    if all(u == 1 for u in units) and all(d == 1 for d in dens):
        return None  # a polynomial: the exact method proper
    if not all(never_zero(u, variables) for u in units):
        return None
    hess = sp.zeros(len(variables), len(variables))
    try:
        found = polynomial_points(obj, [g for g in system], hess, digits, f=None, classify=False)
    except (_NotZeroDimensional, UnsupportedComplexity, BudgetExceeded):
        return None
    if found.components and not all(positive_everywhere(d, variables) for d in dens):
        return None  # a component might meet a pole: not handled
    if not found.complete or any(cp.enclosure is None for cp in found):
        return None
    kept, excluded = [], []
    for cp in found:
        signs = [denominator_sign(d, variables, cp) for d in dens]
        if any(s is None for s in signs):
            return None
        (excluded if 0 in signs else kept).append(cp)
    H = [[rationalize(obj.hessian[i, j]) for j in range(obj.n)] for i in range(obj.n)]
    kept = [classified(obj, H, cp) for cp in kept]
    cert = ReducedGradientCertificate(variables, units, system, dens, found.certificate, tuple(excluded))
    what = "a rational function" if all(u.is_Rational for u in units) else "a polynomial system times factors that never vanish"
    note = (f"every critical point on the domain of f (certified: grad f is {what}; its numerators solved exactly"
            f"{', components from their common factor' if found.components else ''}"
            f"{f'; {len(excluded)} zero(s) of the numerators lie on a pole and are not points of the domain' if excluded else ''})")
    status = "complete (certified)"
    if found.components:
        status = f"complete (certified): {len(kept)} point(s) and {len(found.components)} component(s)"
    return CriticalPoints(kept, complete=True, note=note, components=found.components, certificate=cert,
                          objective=obj, status=status)
