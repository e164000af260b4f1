r"""Strict convexity of a power of a Euclidean norm of an injective affine map, and of a strictly convex part plus a
convex part.

Let :math:`q(x) = x^\top Q x + b^\top x + c` have a positive semidefinite homogenised matrix
:math:`\tilde Q = \begin{pmatrix} Q & b/2 \\ b^\top/2 & c \end{pmatrix} = L D L^\top`.  Then
:math:`q(x) = \|u(x)\|_2^2` with the affine map :math:`u(x) = D^{1/2} L^\top (x, 1)`, whose linear part
:math:`A` has :math:`A^\top A = Q`.  For :math:`r > 1/2` the function :math:`f = k\, q^r` (``k > 0``) is
:math:`k\,\varphi(\|u\|)` with :math:`\varphi(t) = t^{2r}` strictly increasing and strictly convex on
:math:`[0, \infty)`.  For :math:`a \ne b` and :math:`0 < \theta < 1`,

.. math::
    \|u(\theta a + (1-\theta) b)\| \le \theta \|u(a)\| + (1-\theta)\|u(b)\|, \qquad
    \varphi(\theta s + (1-\theta) t) \le \theta \varphi(s) + (1-\theta)\varphi(t),

so :math:`f` is convex, and equality in both needs :math:`\|u(a)\| = \|u(b)\|` (strict convexity of
:math:`\varphi`) and :math:`u(a), u(b)` positively collinear (equality in the triangle inequality of the
Euclidean norm), hence :math:`u(a) = u(b)`.  When :math:`Q` is positive definite, :math:`A` is injective and
:math:`a = b`: ``f`` is strictly convex on :math:`\mathbb R^n`, so on every box (Boyd & Vandenberghe 3.2.4;
Rockafellar, *Convex Analysis*, Thm 5.1).  ``(x^2 + y^2)^(3/4) = |(x, y)|^(3/2)`` is one: its Hessian is
undefined at the origin, so no Hessian test applies.

:class:`NormPowerStrictness` re-derives both factorisations from ``f``.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..core.domain import Box
from ..exact.linalg import LDLFactorization
from ..exact.signs import is_zero_identity
from .evidence import Evidence, certifies_convex, certifies_strict

__all__ = ["NormPowerStrictness", "StrictPlusConvex", "norm_power_parts"]


def norm_power_parts(f: sp.Expr, variables: tuple) -> tuple | None:
    """``(k, q, r)`` with ``f = k * q**r``: ``k > 0`` and ``r > 1/2`` rationals, ``q`` a quadratic polynomial
    with rational coefficients in ``variables``; else ``None``."""
    k, core = f.as_coeff_Mul()
    if not (k.is_Rational and k > 0) or not core.is_Pow:
        return None
    q, r = core.args
    if not (r.is_Rational and r > sp.Rational(1, 2)) or not q.is_polynomial(*variables):
        return None
    try:
        p = sp.Poly(q, *variables)
    except sp.PolynomialError:
        return None
    if p.total_degree() != 2 or any(not c.is_Rational for c in p.coeffs()):
        return None
    return k, q, r


def _homogenised(q: sp.Expr, variables: tuple) -> sp.Matrix:
    n = len(variables)
    zero = {v: 0 for v in variables}
    M = sp.zeros(n + 1, n + 1)
    M[:n, :n] = sp.hessian(q, variables) / 2
    for i, v in enumerate(variables):
        M[i, n] = M[n, i] = sp.diff(q, v).xreplace(zero) / 2
    M[n, n] = q.xreplace(zero)
    return M


@dataclass(frozen=True)
class NormPowerStrictness(Evidence):
    """``f = k q^r`` (``k > 0``, ``r > 1/2``) with ``q`` a quadratic whose homogenised matrix is PSD (``sqrt q`` is a
    Euclidean norm of an affine map) and whose quadratic part is PD (the map is injective): strictly convex.

    Attributes:
        f: the function.
        variables: its variables.
        box: the domain (any box: the claim holds on all of R^n).
        homogenised: exact LDL^T of the homogenised matrix, PSD.
        quadratic: exact LDL^T of the quadratic part ``Q``, PD.
    """

    f: sp.Expr
    variables: tuple
    box: Box
    homogenised: LDLFactorization
    quadratic: LDLFactorization

    def check(self) -> bool:
        parts = norm_power_parts(self.f, self.variables)
        if parts is None or self.box.variables != self.variables:
            return False
        _, q, _ = parts
        M = _homogenised(q, self.variables)
        n = len(self.variables)
        if not (isinstance(self.homogenised, LDLFactorization) and isinstance(self.quadratic, LDLFactorization)):
            return False
        if self.homogenised.H != M or self.quadratic.H != M[:n, :n]:
            return False
        return (self.homogenised.sign > 0 and self.homogenised.check() and self.quadratic.sign > 0
                and self.quadratic.definite and self.quadratic.check())

    def proves_convex(self, g: sp.Expr) -> bool:
        return is_zero_identity(self.f, g)

    def proves_strict(self, g: sp.Expr) -> bool:
        return is_zero_identity(self.f, g)

    def summary(self) -> str:
        return (f"{self.f} = k |u(x)|^(2r) with r > 1/2 and u affine and injective (homogenised matrix PSD, "
                "quadratic part PD): strictly convex")


def norm_power_strictness(f: sp.Expr, variables: tuple, box: Box) -> NormPowerStrictness | None:
    """The certificate for ``f`` when it has this form, else ``None``."""
    parts = norm_power_parts(f, variables)
    if parts is None:
        return None
    M = _homogenised(parts[1], variables)
    n = len(variables)
    try:
        hom, quad = LDLFactorization.of(M), LDLFactorization.of(M[:n, :n])
    except ValueError:
        return None
    ev = NormPowerStrictness(f, tuple(variables), box, hom, quad)
    return ev if ev.check() else None


@dataclass(frozen=True)
class StrictPlusConvex(Evidence):
    r"""``f = g + h`` with ``g`` strictly convex and ``h`` convex on the box: ``f`` is strictly convex.

    For :math:`a \ne b` and :math:`0 < \theta < 1` the Jensen gap of ``f`` is the sum of the gaps of ``g`` (``< 0``)
    and ``h`` (``<= 0``), so it is ``< 0`` (Boyd & Vandenberghe 3.2.1).

    Attributes:
        f: the function.
        box: the domain.
        strict_part: ``(g, evidence tuple)``, each certifying strict convexity of ``g`` on this box.
        convex_part: ``(h, evidence tuple)``, each certifying convexity of ``h`` on this box.
    """

    f: sp.Expr
    box: Box
    strict_part: tuple
    convex_part: tuple

    def check(self) -> bool:
        (g, gevs), (h, hevs) = self.strict_part, self.convex_part
        if not is_zero_identity(g + h, self.f) or not gevs or not hevs:
            return False
        if not all(certifies_strict(ev, g) and getattr(ev, "box", self.box) == self.box and ev.check() for ev in gevs):
            return False
        return all(certifies_convex(ev, h) and getattr(ev, "box", self.box) == self.box and ev.check() for ev in hevs)

    def proves_convex(self, g: sp.Expr) -> bool:
        return is_zero_identity(self.f, g)

    def proves_strict(self, g: sp.Expr) -> bool:
        return is_zero_identity(self.f, g)

    def summary(self) -> str:
        return f"{self.strict_part[0]} strictly convex plus {self.convex_part[0]} convex: strictly convex"
