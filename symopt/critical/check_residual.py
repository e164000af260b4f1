"""Evidence for sums of ``n`` squares in ``n`` variables on a box (least squares), and its checker.

An evidence module (imports only ``symopt.core``, ``symopt.exact``, floor 0 and the base
evidence module :mod:`symopt.critical.check`).

Let ``f = sum_i w_i r_i^2`` with rationals ``w_i > 0`` and ``n`` residuals ``r_i`` in ``n``
variables, so ``grad f = 2 J^T W r`` with ``J`` the residuals' Jacobian.  Where ``det J != 0``
(proved by interval enclosures of ``det J`` over a partition of the box), ``grad f = 0`` if and
only if ``r = 0``: the critical points of ``f`` in the box are exactly the zeros of the square
system ``r``, searched by Krawczyk's operator on ``r`` and ``J`` (far better conditioned than
``grad f`` and its Hessian ``~ J^T J``: Powell's badly scaled function has ``cond J ~ 1e9``
but ``cond J^T J ~ 1e18``, beyond double precision).  Each zero is a global minimiser of ``f``
(``f >= 0 = f(z)``), so its kind is ``"minimum"`` and the minimum of ``f`` over the box is 0.

The checker re-derives ``f = sum w_i r_i^2`` exactly, ``J`` as the Jacobian of ``r``, every
cell of the ``det J`` partition, and the Krawczyk tree on ``r``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..core.points import CriticalPoints
from ..exact.interval import Undefined, box_env, children, enclosure, krawczyk, inside, float_box, lower_float, upper_float
from ..exact.signs import is_zero_identity
from .check import Box, CheckResult, IntervalCertificate, failed, rationalize, run_check

__all__ = ["ResidualCertificate", "ResidualMinimumEvidence", "squares_of", "det_cells_ok"]


def squares_of(f: sp.Expr, n: int) -> tuple[tuple, tuple] | None:
    """``(weights, residuals)`` with ``f = sum w_i r_i^2`` read off ``f``'s terms (``n`` of them,
    each ``w * r**2`` with a rational ``w > 0``), or ``None``."""
    if not f.is_Add or len(f.args) != n:
        return None
    weights, residuals = [], []
    for term in f.args:
        coeff, rest = term.as_coeff_Mul()
        if not (coeff.is_Rational and coeff > 0 and rest.is_Pow and rest.exp == 2):
            return None
        weights.append(coeff)
        residuals.append(rest.base)
    return tuple(weights), tuple(residuals)


def _det(J: sp.Matrix) -> sp.Expr:
    return J.det(method="berkowitz") if J.shape[0] > 2 else J[0, 0] * J[1, 1] - J[0, 1] * J[1, 0] \
        if J.shape[0] == 2 else J[0, 0]


def det_cells_ok(det: sp.Expr, variables: tuple, box: Box, cells: tuple) -> bool:
    """Every cell has ``0 ∉ det(cell)`` and the cells, a tree of splits, tile the box."""
    stack = [(cells, box)]
    while stack:
        node, X = stack.pop()
        if node[0] == "split":
            _, axis, at, left, right = node
            if not X[axis][0] < at < X[axis][1]:
                return False
            a, b = children(X, axis, at)
            stack += [(left, a), (right, b)]
        elif node[0] == "nonzero":
            try:
                e = enclosure(det, box_env(variables, X))
            except (Undefined, ArithmeticError, ValueError, TypeError):
                return False
            if not (lower_float(e) > 0 or upper_float(e) < 0):
                return False
        else:
            return False
    return True


@dataclass(frozen=True)
class ResidualCertificate:
    """``f = sum w_i r_i^2``, ``det J != 0`` on the box (``cells``), and the Krawczyk tree ``inner``
    of the system ``r = 0`` (an :class:`~symopt.critical.check.IntervalCertificate` whose
    "gradient" is ``r`` and "Hessian" is ``J``)."""

    weights: tuple
    residuals: tuple
    cells: tuple
    inner: IntervalCertificate

    def __repr__(self) -> str:
        return f"ResidualCertificate({len(self.residuals)} squares, det J != 0 on the box; {self.inner!r})"

    @property
    def box(self) -> Box:
        return self.inner.box

    def identity_ok(self, f: sp.Expr, variables: tuple) -> bool:
        """``f = sum w_i r_i^2`` (exactly), ``w_i > 0``, and the inner system is ``r`` with Jacobian ``J``."""
        n = len(variables)
        if len(self.weights) != n or len(self.residuals) != n or tuple(self.inner.variables) != tuple(variables):
            return False
        if any(not (sp.sympify(w).is_Rational and w > 0) for w in self.weights):
            return False
        if not is_zero_identity(f, sp.Add(*[w * r**2 for w, r in zip(self.weights, self.residuals)])):
            return False
        if tuple(self.inner.gradient) != tuple(self.residuals):
            return False
        J = sp.Matrix([[sp.diff(r, v) for v in variables] for r in self.residuals])
        return all(sp.expand(J[i, j] - self.inner.hessian[i][j]) == 0 for i in range(n) for j in range(n))

    def verify_points(self, points: CriticalPoints) -> CheckResult:
        return run_check(_check_residual, self, points, reason="the least-squares evidence does not re-check")


def _check_residual(cert: ResidualCertificate, points: CriticalPoints) -> bool | CheckResult:
    obj = points.objective
    variables = tuple(obj.variables)
    if not cert.identity_ok(rationalize(obj.expr), variables):
        return False
    J = sp.Matrix(cert.inner.hessian)
    if not det_cells_ok(_det(J), variables, cert.inner.box, cert.cells):
        return False
    boxed = [cp for cp in points if cp.enclosure is not None]
    if len(boxed) != len(points) - points.extra:
        return False  # only SymPy's exact solutions outside any certified box may lack an enclosure
    if any(cp.kind != "minimum" for cp in boxed):
        return False  # a zero of the residuals is a global minimiser of f
    return cert.inner.check(boxed, points.undecided)


@dataclass(frozen=True)
class ResidualMinimumEvidence:
    """``f = sum w_i r_i^2 >= 0`` and ``r(z) = 0`` at a point ``z`` of the box (Krawczyk existence
    in the enclosure ``E ⊆ box``): ``min f = 0`` over the box."""

    f: sp.Expr
    variables: tuple
    certificate: ResidualCertificate
    enclosure: Box

    def check(self, gm: Any) -> CheckResult:
        """Re-verify (under the work limit: an exhausted limit is \"not re-checked\", never \"failed\")."""
        return run_check(self._check, gm, reason="the evidence does not re-check")

    def _check(self, gm: Any) -> CheckResult | bool:
        cert = self.certificate
        if not cert.identity_ok(self.f, self.variables):
            return failed("f is not the weighted sum of the residuals' squares")
        if gm.lower != 0 or gm.upper != 0:
            return failed("the minimum claimed is not 0")
        E = float_box(self.enclosure)
        box = cert.inner.box
        if any(not (bl <= el and eh <= bh) for (el, eh), (bl, bh) in zip(E, box)):
            return failed("the zero's enclosure leaves the box")
        try:
            K = krawczyk(list(cert.residuals), [list(r) for r in cert.inner.hessian], list(self.variables), E)
        except (Undefined, ArithmeticError, ValueError, TypeError):
            return failed("no enclosure of the residuals' Jacobian")
        if K is None or not inside(K, E, strict=False):
            return failed("Krawczyk's test does not prove a zero of the residuals in the enclosure")
        return CheckResult("verified")
