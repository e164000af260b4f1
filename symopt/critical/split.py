"""Positive-dimensional critical sets split along the factors of gradient entries.

When ``grad f = 0`` is not zero-dimensional and its entries have no common factor
(``(x^2 + y^2 - 1)^2 + z^2``: a circle and points), an entry that factors,
``g_k = c prod_j a_j^(m_j)``, splits the zero set exactly:
``V(g_1, ..., g_n) = union_j V(g_1, ..., a_j, ..., g_n)``.  Each branch is solved by the exact
method when it is zero-dimensional, split again otherwise (a bounded depth), and a branch that
no factor splits is listed as a :class:`~symopt.critical.results.Component` given by its
equations (with ``f``'s value on it when ``f`` reduces to a constant modulo a Groebner basis of
its ideal).  The description is complete in the sense of issue 25: every critical point is a
listed point or lies on a listed component.  Evidence and checker:
:class:`~symopt.critical.check_split.SplitCertificate`.
"""

from __future__ import annotations

import sympy as sp

from ..core.objective import Objective
from ..core.points import CriticalPoints
from .algebraic import _isolate, _univariate_representation
from .check import UnsupportedComplexity, _NotZeroDimensional, _ring, _sq, rationalize
from .check_algebraic import AlgebraicCertificate
from .check_split import SplitCertificate, leaf_value
from .results import Component
from .squares import _merge

__all__ = ["split_points"]

#: Most splits along one path, and most leaves in all.
MAX_DEPTH, MAX_LEAVES = 4, 64


def split_points(obj: Objective, digits: int = 15) -> CriticalPoints | None:
    """The complete description by splitting (see the module docstring), or ``None``."""
    variables = tuple(obj.variables)
    grads = [sp.expand(rationalize(g)) for g in obj.gradient]
    system = tuple(g for g in grads if g != 0)
    if not system:
        return None
    hess = rationalize(obj.hessian)
    f = rationalize(obj.expr)
    listed: list = []
    components: list[Component] = []
    leaves = [0]

    def solve(sys_: tuple, depth: int) -> tuple | None:
        leaves[0] += 1
        if leaves[0] > MAX_LEAVES:
            return None
        R = _ring(variables)
        try:
            added, form, chi, gs, elim = _univariate_representation([R.from_expr(e) for e in sys_], R, variables)
        except _NotZeroDimensional:
            return branch(sys_, depth)
        points, intervals = _isolate(obj, chi, gs, elim, hess, digits)
        cert = AlgebraicCertificate(
            variables, tuple(sys_), tuple((i, tuple(_sq(c) for c in q.coeffs())) for i, q in added), tuple(form),
            tuple(_sq(c) for c in chi.coeffs()), tuple(tuple(_sq(c) for c in g.coeffs()) for g in gs),
            tuple(intervals), tuple(tuple(_sq(c) for c in q.coeffs()) for q in elim))
        index = []
        for cp in points:
            k = _merge(listed, cp)
            if k is None:
                raise UnsupportedComplexity("two branches give overlapping, unequal points")
            index.append(k)
        return ("points", sys_, cert, tuple(index))

    def branch(sys_: tuple, depth: int) -> tuple | None:
        if depth < MAX_DEPTH:
            for k, e in enumerate(sys_):
                content, factors = sp.factor_list(e, *variables)
                if len(factors) >= 2 or (factors and factors[0][1] > 1):
                    children = []
                    for a, _ in factors:
                        child = solve(tuple(sp.expand(a) if j == k else g for j, g in enumerate(sys_)), depth + 1)
                        if child is None:
                            return None
                        children.append(child)
                    return ("split", sys_, k, content, tuple((sp.expand(a), m) for a, m in factors), tuple(children))
        value = leaf_value(f, sys_, variables)
        components.append(Component(sp.Tuple(*sys_), None, value=value))  # dimension not derived
        return ("component", sys_, len(components) - 1)

    try:
        tree = solve(system, 0)
    except (UnsupportedComplexity, ValueError, TypeError, ArithmeticError):
        return None
    if tree is None or tree[0] != "split":
        return None  # nothing split (the whole set as one component says nothing), or too many leaves
    cert = SplitCertificate(variables, tree)
    eqs = "; ".join(", ".join(f"{e} = 0" for e in c.equation) for c in components)
    note = (f"every critical point is a listed point or lies on a listed component (certified: gradient entries split "
            f"along their factors, each branch solved exactly or kept as a component); components: {eqs or 'none'}")
    status = f"complete (certified): {len(listed)} point(s) and {len(components)} component(s)"
    return CriticalPoints(listed, complete=True, note=note, components=tuple(components), certificate=cert,
                          objective=obj, status=status)
