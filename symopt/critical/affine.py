"""Objectives whose gradient is affine, ``grad f = H x + b`` (quadratics with any exact coefficients).

The exact method over ``Q`` does not take a surd coefficient (``7 x^2 - 6 sqrt(3) x y +
13 y^2``); linear algebra does: with ``det H != 0`` the one critical point on ``R^n`` is
``x* = -H^(-1) b`` (exact), its kind the inertia of ``H``, and a positive definite ``H``
makes ``f(x*)`` the global minimum.  Evidence and checker in
:mod:`symopt.critical.check_affine`.
"""

from __future__ import annotations

import sympy as sp

from ..core.objective import Objective
from ..core.points import CriticalPoint, CriticalPoints, classify_hessian, exact_sign
from .check import rationalize
from .check_affine import AffineCertificate

__all__ = ["affine_points"]


def affine_points(obj: Objective) -> CriticalPoints | None:
    """The complete list (one point) when ``grad f = H x + b`` with ``det H != 0``, else ``None``."""
    variables = tuple(obj.variables)
    H = sp.Matrix(rationalize(obj.hessian))
    if H.free_symbols or any(e.has(sp.nan, sp.zoo, sp.oo) for e in H):
        return None
    grads = [rationalize(g) for g in obj.gradient]
    b = sp.Matrix([g.xreplace({v: 0 for v in variables}) for g in grads])
    if b.free_symbols:
        return None
    x = sp.Matrix(variables)
    if any(sp.expand(g - a) != 0 for g, a in zip(grads, H * x + b)):
        return None
    if exact_sign(H.det()) in (0, None):
        return None
    xs = [sp.radsimp(sp.simplify(e)) for e in H.LUsolve(-b)]
    if any(exact_sign(sp.expand(e)) != 0 for e in H * sp.Matrix(xs) + b):
        return None
    kind, eig, reason = classify_hessian(H)
    point = dict(zip(variables, xs))
    cert = AffineCertificate(variables, sp.ImmutableMatrix(H), tuple(b), tuple(xs))
    note = "every critical point (certified: grad f = H x + b with det H != 0, so x* = -H^(-1) b is the only one)"
    return CriticalPoints([CriticalPoint(point, kind, eig, False, reason)], complete=True, note=note,
                          certificate=cert, objective=obj)
