"""The natural domain of an expression when it is a box: where every logarithm and fractional power is real.

Every ``log(a)`` needs ``a > 0``; every fractional power ``b**(p/q)`` needs ``b >= 0``
(``b > 0`` for a negative exponent).  When each such argument depends on one variable and
its solution set is an interval (``log(log(x))``: ``x > 0`` and ``log(x) > 0``, so
``x > 1``), the natural domain is the product of those intervals, and
:func:`~symopt.exact.signs.defined_on` confirms ``f`` is defined on it.  Anything else
(a condition on two variables, ``x**-1`` excluding one point) gives ``None``: no box.

>>> import sympy as sp
>>> x, y = sp.symbols("x y")
>>> natural_box(sp.log(x) + sp.sqrt(y - 1), (x, y)).describe()
'x > 0, y >= 1'
>>> natural_box(x**2 + y, (x, y)).is_whole
True
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from ..core.domain import Bound, Box
from ..errors import BudgetExceeded, DomainError
from ..limits import run_with_budget
from .signs import defined_on

__all__ = ["natural_box", "objective_domain"]


def natural_box(f: sp.Expr, variables: tuple) -> Box | None:
    """The natural domain of ``f`` as a box, or ``None`` when it is not one symopt can derive."""
    variables = tuple(variables)
    allowed: dict = {v: sp.Interval(-sp.oo, sp.oo) for v in variables}
    for node in sp.preorder_traversal(f):
        if isinstance(node, sp.log):
            arg, strict = node.args[0], True
        elif node.is_Pow and node.base is not sp.E and not node.base.is_number and not (node.exp.is_Integer and node.exp >= 0):
            if not node.exp.is_Rational or node.exp.is_Integer:
                return None  # x**-1 excludes a point, not a half-line
            arg, strict = node.base, node.exp < 0
        else:
            continue
        fs = arg.free_symbols & set(variables)
        if len(fs) != 1 or arg.free_symbols - fs:
            return None
        (v,) = fs
        try:
            sol = run_with_budget(sp.solve_univariate_inequality, arg > 0 if strict else arg >= 0, v, False, sp.S.Reals,
                                  step="simplify", seconds=1.0)
        except (BudgetExceeded, NotImplementedError, TypeError, ValueError):
            return None
        sol = sol.intersect(allowed[v])
        if not isinstance(sol, sp.Interval):
            return None
        allowed[v] = sol
    bounds = tuple(Bound(i.start, i.end, bool(i.left_open) and i.start is not -sp.oo, bool(i.right_open) and i.end is not sp.oo)
                   for i in (allowed[v] for v in variables))
    box = Box(variables, bounds)
    return box if defined_on(f, box) is not None else None


def objective_domain(obj: Any) -> Box | None:
    """An objective's domain as a box, or ``None`` (one that is not a box, or all of ``R^n``).

    The domain given (``Objective(..., domain="x > 0")``) when there is one; otherwise the
    natural domain of ``f`` when it is a box other than ``R^n`` (``log(x) + x``: ``x > 0``), so a
    search never lists a point where ``f`` has no real value.  Polynomials and objectives with
    parameters have none.
    """
    if not getattr(obj, "domain", None):
        expr = sp.sympify(obj.expr)
        if getattr(obj, "params", None) or expr.is_polynomial(*obj.variables):
            return None
        natural = natural_box(expr, tuple(obj.variables))
        return None if natural is None or natural.is_whole else natural
    try:
        dom = Box.parse(obj.domain, obj.variables)
    except DomainError:
        return None
    return None if dom.is_whole else dom
