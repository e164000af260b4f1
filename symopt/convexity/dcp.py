"""The search for a composition-rule (DCP) proof tree, bottom-up.

:func:`analyze` reads an expression, picks the atom that fits each node (the
atoms and the composition rule are declared in
:mod:`symopt.convexity.evidence_dcp`), proves the sign facts the atom asks for
(:meth:`~symopt.convexity.evidence_dcp.Atom.wanted`) and records them in a
:class:`~symopt.convexity.evidence_dcp.DCPStep`, whose ``check()`` replays the
tree through the same declarations after re-proving every fact.

    >>> from symopt.core.parse import parse, parse_symbols
    >>> from symopt.core.domain import Box
    >>> x, y = parse_symbols("x, y")
    >>> analyze(parse("logsumexp(x, y) + x**2/y"), Box.parse("y > 0", (x, y))).curvature
    'convex'
"""

from __future__ import annotations

from typing import Sequence

import sympy as sp

from ..core.domain import Box
from ..exact.linalg import LDLFactorization
from ..exact.signs import prove_sign
from .evidence_dcp import (
    ATOMS,
    DCPStep,
    _geo_parts,
    _homogenized,
    _is_const,
    _lse_terms,
    _poly,
    _quadratic_matrix,
    conclude,
    power_sum_terms,
)


__all__ = ["analyze"]


def _node(expr: sp.Expr, rule: str, children: Sequence[DCPStep], facts: Sequence, box: Box, extra: Sequence = ()) -> DCPStep:
    try:
        curv = conclude(expr, rule, children, facts, box, extra)
    except ValueError:
        curv = "unknown"
    return DCPStep(expr, curv, rule, tuple(children), tuple(facts), box, tuple(extra))


def _unknown(expr: sp.Expr, box: Box, why: str = "no rule") -> DCPStep:
    return DCPStep(expr, "unknown", why, (), (), box, ())


def _sign_facts(e: sp.Expr, box: Box, wanted: Sequence[str]) -> list[tuple[sp.Expr, str]]:
    out = []
    for rel in wanted:
        if prove_sign(e, box, rel) is not None:
            out.append((e, rel))
            if rel in (">0", "<0"):
                weak = ">=0" if rel == ">0" else "<=0"
                if weak in wanted:
                    out.append((e, weak))
                break
    return out


def _apply(rule: str, expr: sp.Expr, args: Sequence[sp.Expr], box: Box) -> DCPStep:
    """The node for atom ``rule`` at ``expr`` with arguments ``args``: the facts it wants, proofs of the arguments."""
    facts: list = []
    for e, rels in ATOMS[rule].wanted(expr, args, box):
        facts += _sign_facts(e, box, rels)
    return _node(expr, rule, [analyze(a, box) for a in args], facts, box)


def analyze(expr: sp.Expr, box: Box) -> DCPStep:
    """The best DCP proof tree for ``expr`` on ``box`` (curvature ``"unknown"`` when none)."""
    expr = sp.sympify(expr)
    if _is_const(expr, box):
        return _node(expr, "constant", (), (), box)
    p = _poly(expr, box)
    if p is not None:
        if p.total_degree() <= 1:
            return _node(expr, "affine", (), (), box)
        if p.total_degree() == 2:
            H = _quadratic_matrix(expr, box)
            try:
                ldl = LDLFactorization.of(H)
            except ValueError:
                return _unknown(expr, box, "indefinite quadratic")
            return _node(expr, "quadratic", (), (), box, (ldl,))
    if expr.is_Add:
        return _apply("sum", expr, expr.args, box)
    if expr.is_Mul:
        c, rest = expr.as_independent(*box.variables, as_Add=False)
        if c != 1 and not _is_const(rest, box):
            return _apply("scale", expr, (rest,), box)
        return _analyze_product(expr, box)
    if expr.is_Pow:
        return _analyze_pow(expr, box)
    if isinstance(expr, sp.exp):
        return _apply("exp", expr, expr.args, box)
    if isinstance(expr, sp.log):
        terms = _lse_terms(expr.args[0], box)
        if terms is not None:
            node = _apply("log-sum-exp", expr, [g for g, _ in terms if g is not None], box)
            if node.curvature != "unknown":
                return node
        g = expr.args[0]
        if isinstance(g, sp.cosh):
            node = _apply("log-cosh", expr, g.args, box)
            if node.curvature != "unknown":
                return node
        return _apply("log", expr, (g,), box)
    if isinstance(expr, (sp.Abs, sp.cosh)):
        return _apply("abs" if isinstance(expr, sp.Abs) else "cosh", expr, expr.args, box)
    if isinstance(expr, (sp.Max, sp.Min)):
        return _apply("max" if isinstance(expr, sp.Max) else "min", expr, expr.args, box)
    return _unknown(expr, box, f"no composition rule for {type(expr).__name__}")


def _analyze_product(expr: sp.Expr, box: Box) -> DCPStep:
    factors = expr.args
    if len(factors) == 2:
        a, b = factors
        for g, lg in ((a, b), (b, a)):  # g*log(g)
            if isinstance(lg, sp.log) and lg.args[0] == g:
                node = _apply("entropy", expr, (g,), box)
                if node.curvature != "unknown":
                    return node
        for g, lg in ((a, b), (b, a)):  # g*log(g/h)
            if isinstance(lg, sp.log):
                num, den = sp.fraction(lg.args[0])
                if num == g and den != 1:
                    node = _apply("rel-entr", expr, (num, den), box)
                    if node.curvature != "unknown":
                        return node
        for num, den in ((a, b), (b, a)):  # a**2 / b
            if num.is_Pow and num.exp == 2 and den.is_Pow and den.exp == -1:
                node = _apply("quad-over-lin", expr, (num.base, den.base), box)
                if node.curvature != "unknown":
                    return node
    parts = _geo_parts(expr, box)
    if parts is not None:
        node = _apply("geo-mean", expr, [g for g, _ in parts], box)
        if node.curvature != "unknown":
            return node
    return _unknown(expr, box, "product with no composition rule")


def _analyze_pow(expr: sp.Expr, box: Box) -> DCPStep:
    base, e = expr.args
    if _is_const(base, box):
        return _apply("exp-base", expr, (e,), box)
    if not e.is_Rational:
        return _unknown(expr, box, "power with a non-constant or irrational exponent")
    if e >= sp.Rational(1, 2):
        p = _poly(base, box)
        if p is not None and p.total_degree() == 2:
            try:
                ldl = LDLFactorization.of(_homogenized(base, box))
            except ValueError:
                ldl = None
            if ldl is not None and ldl.sign > 0:
                return _node(expr, "norm", (), (), box, (ldl,))
    if power_sum_terms(expr, box) is not None:  # p-norms and power means
        node = _apply("power-sum", expr, [g for _, g, _ in power_sum_terms(expr, box)[1]], box)
        if node.curvature != "unknown":
            return node
    if base.is_Mul and 0 < e <= 1:
        parts = _geo_parts(expr, box)
        if parts is not None:
            node = _apply("geo-mean", expr, [g for g, _ in parts], box)
            if node.curvature != "unknown":
                return node
    return _apply("power", expr, (base,), box)
