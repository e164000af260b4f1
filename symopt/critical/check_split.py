"""Evidence for a critical set split along the factors of gradient entries, and its checker.

An evidence module (imports only ``symopt.core``, ``symopt.exact``, floor 0 and the other
evidence modules).  See :mod:`symopt.critical.split`.  The checker walks the tree: the root
system is the gradient (its non-zero entries); at a split, the entry is exactly the content
times the product of the stated factor powers and each child's system is the parent's with
that entry replaced by one factor (so the zero sets of the children cover the parent's); a
points leaf is re-checked by its :class:`~symopt.critical.check_algebraic.AlgebraicCertificate`
against the listed points it names; a component leaf is the listed component with those
equations, and a stated value ``c`` is re-derived (``f - c`` reduces to 0 modulo a Groebner
basis of the leaf's ideal).  Every listed point and component must be used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import sympy as sp

from ..core.points import CriticalPoints
from .check import CheckResult, check_kinds, failed, rationalize, run_check
from .check_algebraic import AlgebraicCertificate

__all__ = ["SplitCertificate", "leaf_value"]


def leaf_value(f: sp.Expr, system: Sequence[sp.Expr], variables: Sequence[sp.Symbol]) -> sp.Rational | None:
    """The constant ``c`` with ``f - c`` in the ideal ``<system>`` (``f`` reduced modulo a grevlex
    Groebner basis is a rational constant), or ``None``."""
    G = sp.groebner(list(system), *variables, order="grevlex")
    if list(G.exprs) == [1]:
        return None
    r = sp.expand(G.reduce(sp.expand(f))[1])
    return r if r.is_Rational else None


@dataclass(frozen=True)
class SplitCertificate:
    """Evidence that the listed points and components are the whole critical set.

    Attributes:
        variables: the variables.
        tree: ``("split", system, k, content, ((a_j, m_j), ...), children)``,
            ``("points", system, AlgebraicCertificate, indices into the list)`` or
            ``("component", system, index into the components)``.
    """

    variables: tuple
    tree: tuple

    def __repr__(self) -> str:
        return f"SplitCertificate({_count(self.tree)})"

    def verify_points(self, points: CriticalPoints) -> CheckResult:
        """Re-derive every claim (see the module docstring)."""
        obj = points.objective
        if tuple(obj.variables) != tuple(self.variables) or points.extra:
            return failed("the certificate is for other variables, or the list has unproved points")
        if any(cp.enclosure is None for cp in points):
            return failed("a listed point has no enclosure")
        result = run_check(_check_tree, self, points, reason="the split tree does not re-check")
        if not result:
            return result
        return run_check(check_kinds, obj, list(points), reason="a kind does not re-derive")


def _count(tree: tuple) -> str:
    stack, counts = [tree], {"split": 0, "points": 0, "component": 0}
    while stack:
        node = stack.pop()
        counts[node[0]] += 1
        if node[0] == "split":
            stack += list(node[5])
    return f"{counts['split']} split(s), {counts['points']} solved branch(es), {counts['component']} component(s)"


def _check_tree(cert: SplitCertificate, points: CriticalPoints) -> bool:
    obj = points.objective
    variables = tuple(cert.variables)
    f = rationalize(obj.expr)
    gradient = tuple(g for g in (sp.expand(rationalize(g)) for g in obj.gradient) if g != 0)
    root = cert.tree
    if len(root[1]) != len(gradient) or any(sp.expand(a - b) != 0 for a, b in zip(root[1], gradient)):
        return False
    used_points: set = set()
    used_components: set = set()
    stack = [root]
    while stack:
        node = stack.pop()
        tag, system = node[0], node[1]
        if tag == "split":
            _, _, k, content, factors, children = node
            if not (0 <= k < len(system)) or len(children) != len(factors) or not factors:
                return False
            if not content.is_Rational or content == 0:
                return False
            if sp.expand(content * sp.Mul(*[a**m for a, m in factors]) - system[k]) != 0:
                return False
            for (a, _), child in zip(factors, children):
                expected = tuple(a if j == k else g for j, g in enumerate(system))
                if len(child[1]) != len(expected) or any(sp.expand(x - y) != 0 for x, y in zip(child[1], expected)):
                    return False
                stack.append(child)
        elif tag == "points":
            _, _, inner, index = node
            nonzero = [e for e in system if e != 0]
            if not isinstance(inner, AlgebraicCertificate) or len(nonzero) != len(inner.equations):
                return False
            if any(sp.expand(a - b) != 0 for a, b in zip(nonzero, inner.equations)):
                return False
            if any(not (0 <= i < len(points)) for i in index) or len(set(index)) != len(index):
                return False
            if not inner.check([points[i] for i in index]):
                return False
            used_points |= set(index)
        elif tag == "component":
            _, _, i = node
            if not (0 <= i < len(points.components)):
                return False
            comp = points.components[i]
            eqs = tuple(comp.equation) if isinstance(comp.equation, sp.Tuple) else ()
            if len(eqs) != len(system) or any(sp.expand(a - b) != 0 for a, b in zip(eqs, system)):
                return False
            if comp.value is not None and leaf_value(f, system, variables) != comp.value:
                return False
            used_components.add(i)
        else:
            return False
    return used_points == set(range(len(points))) and used_components == set(range(len(points.components)))
