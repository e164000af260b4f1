"""Evidence for critical points on an objective's own domain (one variable), and its checker.

An evidence module (imports only ``symopt.core``, ``symopt.exact``, floor 0 and the
base evidence module :mod:`symopt.critical.check`).

On an interval ``I`` (the objective's domain, bounded or not), ``f'' > 0`` on ``I``
(or ``< 0``) makes ``f'`` strictly monotone, so ``f'`` has at most one zero in ``I``:
an exact zero in ``I`` is then every critical point, and (``f'' > 0``) ``f`` is
strictly convex on ``I``, so that point is the global minimiser of ``f`` over ``I``
(a stationary point of a convex function on a convex set).  The checker re-proves
the sign of ``f''`` with :func:`symopt.exact.signs.prove_sign` (or
:func:`~symopt.exact.signs.sign_by_factors`) and re-verifies the point exactly: in
``I``, ``f'(p) = 0``, and its kind from the sign of ``f''``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..core.domain import Box as DomainBox
from ..core.points import CriticalPoints, exact_sign
from ..exact.signs import prove_sign, sign_by_factors
from .check import CheckResult, failed, rationalize, run_check

__all__ = ["MonotoneGradientCertificate", "ConvexMinimumEvidence", "second_derivative_sign"]


def second_derivative_sign(f2: sp.Expr, domain: DomainBox) -> tuple[str, str] | None:
    """``(relation, how)`` with ``f'' (relation) 0`` proved on the domain (``">0"`` or ``"<0"``), or ``None``."""
    for relation in (">0", "<0"):
        how = prove_sign(f2, domain, relation) or sign_by_factors(f2, domain, relation)
        if how is not None:
            return relation, how
    return None


@dataclass(frozen=True)
class MonotoneGradientCertificate:
    """``f''`` has one strict sign on the interval domain, so ``f'`` has at most one zero there.

    Attributes:
        variable: the variable.
        derivative: ``f'``.
        second: ``f''``.
        domain: the interval (a :class:`symopt.core.domain.Box`).
        relation: ``">0"`` or ``"<0"``: the proved sign of ``f''``.
        how: how the sign was proved.
    """

    variable: sp.Symbol
    derivative: sp.Expr
    second: sp.Expr
    domain: DomainBox
    relation: str
    how: str

    def __repr__(self) -> str:
        return f"MonotoneGradientCertificate(f'' {self.relation[0]} 0 on {self.domain.describe()}: {self.how})"

    def check(self, points: Any) -> CheckResult:
        """Re-prove the sign of ``f''`` and re-verify each listed point exactly."""
        return run_check(_check_monotone, self, list(points), reason="the monotone-gradient evidence does not re-check")

    def verify_points(self, points: CriticalPoints) -> CheckResult:
        """:meth:`check`, with the certificate matched to the list's objective."""
        obj = points.objective
        if obj.n != 1 or obj.variables[0] != self.variable:
            return failed("the certificate is for other variables")
        if sp.simplify(rationalize(obj.gradient[0]) - self.derivative) != 0:
            return failed("the certificate is for another derivative")
        if sp.simplify(rationalize(obj.hessian[0, 0]) - self.second) != 0:
            return failed("the certificate is for another second derivative")
        return self.check(points)


def _check_monotone(cert: MonotoneGradientCertificate, points: list) -> bool:
    if cert.relation not in (">0", "<0"):
        return False
    if prove_sign(cert.second, cert.domain, cert.relation) is None and \
            sign_by_factors(cert.second, cert.domain, cert.relation) is None:
        return False
    if len(points) > 1:
        return False  # f' strictly monotone: at most one zero
    x = cert.variable
    for cp in points:
        p = cp.point[x]
        if not cert.domain.contains({x: p}):
            return False
        if exact_sign(cert.derivative.xreplace({x: p})) != 0:
            return False
        if cp.kind != ("minimum" if cert.relation == ">0" else "maximum"):
            return False
    return True


@dataclass(frozen=True)
class ConvexMinimumEvidence:
    """``f'' > 0`` on the interval domain and ``f'(p) = 0`` there: ``p`` is the global minimiser
    of ``f`` over the domain and ``min f = f(p)`` exactly."""

    points: CriticalPoints

    def check(self, gm: Any) -> CheckResult:
        result = self.points.check()
        if not result:
            return result
        cert = self.points.certificate
        if not isinstance(cert, MonotoneGradientCertificate) or cert.relation != ">0" or len(self.points) != 1:
            return failed("not a strictly convex function with one critical point")
        (cp,) = self.points
        f = rationalize(self.points.objective.expr)
        value = f.xreplace(cp.point)
        if exact_sign(value - gm.lower) != 0 or exact_sign(value - gm.upper) != 0:
            return failed("the minimum value is not f at the critical point")
        if len(gm.minimisers) != 1 or gm.minimisers[0] != dict(cp.point):
            return failed("the minimiser is not the critical point")
        return CheckResult("verified")
