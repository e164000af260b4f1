"""Evidence for objectives with an affine gradient (quadratics with any exact coefficients), and its checkers.

An evidence module (imports only ``symopt.core``, ``symopt.exact``, floor 0 and the base
evidence module :mod:`symopt.critical.check`).

If ``grad f(x) = H x + b`` identically with a constant matrix ``H`` (``f`` a quadratic;
its coefficients may be surds such as ``sqrt(3)``, which the exact method over ``Q``
does not take) and ``det H != 0``, then ``x* = -H^(-1) b`` is the one critical point on
``R^n`` (linear algebra), its kind is the inertia of ``H``, and when ``H`` is positive
definite (leading principal minors ``> 0``, Sylvester) ``f(x*)`` is the global minimum
(``f(x) = f(x*) + (x - x*)^T H (x - x*)/2``).  The checker re-derives each step with
exact arithmetic: the identity, ``det H``'s sign, ``H x* + b = 0`` and the kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..core.points import CriticalPoints, classify_hessian, exact_sign
from .check import CheckResult, failed, rationalize, run_check

__all__ = ["AffineCertificate", "AffineMinimumEvidence", "positive_definite"]


def positive_definite(H: sp.Matrix) -> bool:
    """Every leading principal minor of ``H`` is provably ``> 0`` (Sylvester's criterion)."""
    n = H.shape[0]
    return all(exact_sign(sp.Matrix(H[:k, :k]).det()) == 1 for k in range(1, n + 1))


@dataclass(frozen=True)
class AffineCertificate:
    """``grad f = H x + b`` with ``det H != 0``: the one critical point ``point``.

    Attributes:
        variables: the variables.
        hessian: ``H`` (constant).
        offset: ``b = grad f(0)``.
        point: ``x*`` (exact values, in the order of ``variables``).
    """

    variables: tuple
    hessian: sp.ImmutableMatrix
    offset: tuple
    point: tuple

    def __repr__(self) -> str:
        return f"AffineCertificate(grad f = H x + b, det H != 0, x* = {self.point})"

    def verify_points(self, points: CriticalPoints) -> CheckResult:
        """Re-derive the identity, ``det H != 0``, ``H x* + b = 0``, and the listed point and kind."""
        obj = points.objective
        if tuple(obj.variables) != tuple(self.variables):
            return failed("the certificate is for other variables")
        return run_check(_check_affine, self, points, reason="the affine gradient does not re-check")


def _check_affine(cert: AffineCertificate, points: CriticalPoints) -> bool:
    obj = points.objective
    x = sp.Matrix(cert.variables)
    H = sp.Matrix(cert.hessian)
    b = sp.Matrix(cert.offset)
    if H.free_symbols or b.free_symbols or H.shape != (len(x), len(x)):
        return False
    grads = [rationalize(g) for g in obj.gradient]
    affine = H * x + b
    if any(exact_sign(sp.expand(g - a)) != 0 and sp.simplify(g - a) != 0 for g, a in zip(grads, affine)):
        return False
    if exact_sign(H.det()) in (0, None):
        return False
    xs = sp.Matrix(cert.point)
    if any(exact_sign(sp.expand(e)) != 0 for e in H * xs + b):
        return False
    if len(points) != 1 or points.extra:
        return False
    (cp,) = points
    if any(exact_sign(sp.expand(cp.point[v] - c)) != 0 for v, c in zip(cert.variables, cert.point)):
        return False
    kind, _, _ = classify_hessian(H)
    return kind == cp.kind


@dataclass(frozen=True)
class AffineMinimumEvidence:
    """The global minimum of a quadratic with positive definite ``H`` is ``f(x*)``."""

    points: CriticalPoints

    def check(self, gm: Any) -> Any:
        cert = self.points.certificate
        if not isinstance(cert, AffineCertificate):
            return False
        listed = self.points.check()
        if not listed:
            return listed
        if not positive_definite(sp.Matrix(cert.hessian)):
            return False
        obj = self.points.objective
        z = dict(zip(cert.variables, cert.point))
        value = rationalize(obj.expr).xreplace(z)
        return (exact_sign(sp.expand(gm.lower - value)) == 0 and exact_sign(sp.expand(gm.upper - value)) == 0
                and len(gm.minimisers) == 1 and all(exact_sign(sp.expand(gm.minimisers[0][v] - z[v])) == 0
                                                    for v in cert.variables))
