"""Hypersurfaces of critical points: the common factor of the gradient entries.

Let ``H = gcd(df/dx_1, ..., df/dx_n)`` (polynomial gcd over Q, of the non-zero entries) and
``grad f = H q``.  Then ``{grad f = 0} = {H = 0} ∪ {q = 0}`` exactly.  Each irreducible factor
``h`` of ``H`` is a :class:`~symopt.critical.results.Component`:

* its **value**: ``f`` is constant on an irreducible component of the critical set (on its
  smooth part, connected, ``df`` vanishes), so ``h | f - c`` for a constant ``c`` when ``c``
  is rational; ``c`` is the remainder of ``f`` on division by ``h`` (``{h}`` is a Groebner
  basis of ``<h>``), kept only when that remainder is a constant;
* its **real dimension** ``n - 1`` when ``h`` takes both signs at two rational points (the zero
  set of a polynomial that changes sign separates ``R^n``); a factor of one sign (a sum of
  squares) is left to :mod:`~symopt.critical.squares`, which finds its real points.

The quotient ``q`` is solved by the exact method (:mod:`~symopt.critical.algebraic`), so the
list is complete in this sense: every critical point is a listed point or lies on a listed
component.  Evidence and checker: :class:`~symopt.critical.check_components.GcdComponentsCertificate`.
"""

from __future__ import annotations

from typing import Sequence

import sympy as sp

from ..core.objective import Objective
from ..core.points import CriticalPoint, CriticalPoints
from ..errors import BudgetExceeded
from ..limits import run_with_budget
from .check import _NotZeroDimensional
from .check_components import GcdComponentsCertificate, component_value, membership_power, sign_witness
from .results import Component

__all__ = ["hypersurface_components", "with_components", "components_text"]


def hypersurface_components(f: sp.Expr | None, factors: Sequence[sp.Expr], variables: Sequence[sp.Symbol]) -> list[Component]:
    """A :class:`Component` per irreducible factor ``h`` of the gradient's gcd: value and real dimension
    where derived (``None`` otherwise)."""
    n = len(variables)
    out = []
    for h in factors:
        try:
            value = None if f is None else run_with_budget(component_value, f, h, variables, step="simplify")
        except BudgetExceeded:
            value = None
        witness = sign_witness(h, variables)
        out.append(Component(sp.expand(h), n - 1, real_dimension=None if witness is None else n - 1, value=value))
    return out


def components_text(components: Sequence[Component]) -> str:
    """``h = 0 (real dimension d, f = c)`` for each component."""
    parts = []
    for c in components:
        bits = [f"real dimension {c.real_dimension}" if c.real_dimension is not None else "real points not derived"]
        if c.value is not None:
            bits.append(f"f = {c.value}")
        parts.append(f"{c.equation} = 0 ({', '.join(bits)})")
    return "; ".join(parts)


def saturation_of(system: Sequence[sp.Expr], H: sp.Expr, variables: Sequence[sp.Symbol]) -> tuple:
    """Generators ``j`` of the saturation ``(q : H^oo)`` (``<q, 1 - t H>`` eliminated by a lex Groebner
    basis), each with the least ``k <= 16`` such that ``H^k j`` lies in ``<q>``: ``((j, k), ...)``.
    Its zeros hold every zero of ``q`` off ``{H = 0}``.  Raises ``_NotZeroDimensional`` when a
    membership is not found."""
    t = sp.Dummy("t")
    G = sp.groebner(list(system) + [1 - t * H], t, *variables, order="lex")
    out = []
    for j in (g for g in G.exprs if t not in g.free_symbols):
        k = membership_power(j, H, system, variables)
        if k is None:
            raise _NotZeroDimensional
        out.append((sp.expand(j), k))
    return tuple(out)


def with_components(obj: Objective, points: list[CriticalPoint], components: list[Component], factors: list,
                    inner, common: sp.Expr, saturation: tuple = ()) -> CriticalPoints:
    """The complete description: the quotient's points (certified by ``inner``) and the components."""
    variables = tuple(obj.variables)
    cert = GcdComponentsCertificate(variables, sp.expand(common), tuple(factors), tuple(c.value for c in components),
                                    tuple(sign_witness(c.equation, variables) for c in components), inner,
                                    saturation)
    text = components_text(components)
    note = (f"every critical point is a listed point or lies on a listed component (certified: grad f = H q with "
            f"H = gcd of the gradient entries, so grad f = 0 exactly on {{H = 0}} and at the real zeros of q); "
            f"components: {text}; {len(points)} point(s) solve q = 0 (Groebner basis, shape lemma, Arb)")
    status = f"complete (certified): {len(points)} point(s) and {len(components)} component(s)"
    return CriticalPoints(points, complete=True, note=note, components=tuple(components), certificate=cert,
                          objective=obj, status=status)
