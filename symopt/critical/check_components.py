"""Evidence for a positive-dimensional critical set, and its checker.

An evidence module (imports only ``symopt.core``, ``symopt.exact``, floor 0 and the
base evidence module :mod:`symopt.critical.check`).  See
:mod:`symopt.critical.components` for the mathematics; the checker re-derives every
claim: each family annihilates the gradient identically, ``f`` is the stated constant
on it, its real dimension is the rank of its Jacobian at a real rational parameter
point, the listed isolated points are exact zeros of the gradient, and the
critical-value polynomial ``p(c)`` is recomputed (a lex Groebner basis; when that
runs out of its work limit the answer is "not re-checked") and the stated least value
is its least real root, attained on a listed real component or point.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Sequence

import sympy as sp

from ..core.points import CriticalPoints, exact_sign
from .check import CheckResult, failed, rationalize, run_check

__all__ = ["ComponentsCertificate", "critical_values", "family_real_dimension", "family_value"]

_C = sp.Symbol("c")


def family_value(f: sp.Expr, grads: Sequence[sp.Expr], phi: tuple) -> sp.Expr | None:
    """``f`` on the family ``x = phi(t)`` when the gradient vanishes on it identically and ``f``
    is constant there, else ``None`` (exact rational-function arithmetic)."""
    sub = dict(phi)
    params = set().union(*(e.free_symbols for _, e in phi)) & {v for v, _ in phi}
    for g in grads:
        if sp.cancel(sp.together(g.xreplace(sub))) != 0:
            return None
    value = sp.cancel(sp.together(f.xreplace(sub)))
    return None if value.free_symbols & params or value.free_symbols else value


def family_real_dimension(phi: tuple, variables: Sequence[sp.Symbol]) -> int | None:
    """The rank of ``phi``'s Jacobian (in its free symbols: variables left free, or an orbit's
    parameter) at the first real rational parameter point where ``phi`` is defined (tried in
    a fixed order), or ``None``."""
    params = sorted(set().union(*(e.free_symbols for _, e in phi)), key=lambda s: s.name)
    if not params:
        return None
    exprs = sp.Matrix([e for _, e in phi])
    J = exprs.jacobian(params)
    for sample in itertools.product((1, 2, sp.Rational(1, 2), 3, -1), repeat=len(params)):
        at = dict(zip(params, sample))
        try:
            values = exprs.xreplace(at)
            Jt = J.xreplace(at)
        except (ZeroDivisionError, ValueError, TypeError):
            continue
        if any(v.has(sp.zoo, sp.nan, sp.oo) or not v.is_real for v in list(values) + list(Jt)):
            continue
        return Jt.rank()
    return None


def critical_values(f: sp.Expr, grads: Sequence[sp.Expr], variables: Sequence[sp.Symbol]) -> sp.Expr | None:
    """The generator of ``<grad f, c - f> ∩ Q[c]`` (a lex Groebner basis), or ``None``."""
    G = sp.groebner([g for g in grads if g != 0] + [_C - f], *variables, _C, order="lex")
    last = G.exprs[-1]
    if last.free_symbols != {_C}:
        return None
    return sp.expand(last)


@dataclass(frozen=True)
class ComponentsCertificate:
    """Evidence for the components of a positive-dimensional critical set.

    Attributes:
        variables, gradient: the objective's.
        families: each component's parametrisation ``((variable, value), ...)``.
        real_dimensions, values: each component's real dimension and value of ``f``.
        critical_values: ``p(c)`` as ascending coefficients, or ``None``.
        least: the certified least value of ``f`` on the real critical set, or ``None``.
    """

    variables: tuple
    gradient: tuple
    families: tuple
    real_dimensions: tuple
    values: tuple
    critical_values: tuple | None
    least: Any

    def __repr__(self) -> str:
        return f"ComponentsCertificate({len(self.families)} families, least value {self.least})"

    def verify_points(self, points: CriticalPoints) -> CheckResult:
        """Re-derive every claim (see the module docstring)."""
        obj = points.objective
        if tuple(obj.variables) != tuple(self.variables):
            return failed("the certificate is for other variables")
        grads = [rationalize(g) for g in obj.gradient]
        if len(grads) != len(self.gradient) or any(sp.expand(g - e) != 0 for g, e in zip(grads, self.gradient)):
            return failed("the certificate is for another gradient")
        comps = tuple(c.parametrisation for c in points.components)
        if comps != self.families:
            return failed("the components are not the certified families")
        result = run_check(_check_families, self, rationalize(obj.expr), points, reason="a component does not re-check")
        if not result or self.least is None:
            return result
        return run_check(_check_least, self, rationalize(obj.expr), points, reason="the least critical value does not re-check")


def _check_families(cert: ComponentsCertificate, f: sp.Expr, points: CriticalPoints) -> bool:
    for phi, dim, value, comp in zip(cert.families, cert.real_dimensions, cert.values, points.components):
        if family_value(f, cert.gradient, phi) != value or comp.value != value:
            return False
        if family_real_dimension(phi, cert.variables) != dim or comp.real_dimension != dim:
            return False
    for cp in points:
        if any(exact_sign(g.xreplace(cp.point)) != 0 for g in cert.gradient):
            return False
    return True


def _check_least(cert: ComponentsCertificate, f: sp.Expr, points: CriticalPoints) -> bool:
    p = critical_values(f, cert.gradient, cert.variables)
    if p is None or cert.critical_values is None:
        return False
    if sp.expand(p - sum(c * _C**k for k, c in enumerate(cert.critical_values))) != 0:
        return False
    poly = sp.Poly(p, _C)
    roots = poly.sqf_part().real_roots()
    if not roots or sp.simplify(roots[0] - cert.least) != 0:
        return False
    attained = [v for v in cert.values] + [f.xreplace(cp.point) for cp in points]
    return any(sp.simplify(v - cert.least) == 0 for v in attained)
