r"""Proofs that a polynomial's minimum over ``R^n`` is attained, beyond coercivity of ``f`` itself.

The searches here build the certificates of :mod:`symopt.critical.check_attainment`:

* :func:`lower_bound` proves ``expr >= b`` on ``R^n`` by structure: numbers, even powers,
  sums and products of bounded parts, and Gram matrices: the terms ``c u^2`` and
  ``c u v`` of a sum (``u``, ``v`` any polynomials, the *atoms*) form ``a^T Q a`` and
  ``Q`` is PSD by an exact ``LDL^T``; a polynomial of degree ``<= 2`` gets its exact
  minimum ``t`` (a solution of the linear system ``grad = 0``) with the Gram matrix of
  ``q - t`` over ``(1, x_1, ..., x_n)``.
* :func:`prove_attainment`: ``f >= L`` with the least critical value exactly ``L``
  (the infimum is attained there), or ``f = c F_1 ... F_k`` with every ``F_i >= b_i > 0``
  and the minorant ``(c/k) sum_i (prod_{j != i} b_j) F_i`` coercive.

Each is general (no case per function) and the checker re-derives every step.
"""

from __future__ import annotations

from typing import Sequence

import sympy as sp

from ..errors import BudgetExceeded, SymoptError
from ..exact.linalg import LDLFactorization
from ..limits import run_with_budget
from .check_attainment import AttainmentCertificate, LowerBound, coercive_text, minorant

__all__ = ["lower_bound", "prove_attainment"]


def _psd(Q: sp.Matrix) -> bool:
    try:
        return LDLFactorization.of(Q).sign == 1
    except ValueError:
        return False


def _terms(expr: sp.Expr, coeff: sp.Expr = sp.Integer(1)) -> list[sp.Expr]:
    """The terms of a sum, with numeric multiples of inner sums distributed."""
    out = []
    for t in sp.Add.make_args(expr):
        c, rest = t.as_coeff_Mul()
        if rest.is_Add:
            out += _terms(rest, coeff * c)
        else:
            out.append(coeff * t)
    return out


def _gram_form(term: sp.Expr) -> tuple | None:
    """``c u^2 -> (c, u, u)``, ``c u v -> (c, u, v)`` (``u``, ``v`` not numbers), else ``None``."""
    c, rest = term.as_coeff_Mul()
    if rest.is_Pow and rest.exp == 2:
        return c, rest.base, rest.base
    factors = sp.Mul.make_args(rest)
    if len(factors) == 2 and all(not f.is_number and not (f.is_Pow and f.exp != 1) for f in factors):
        return c, factors[0], factors[1]
    return None


def _gram_node(expr: sp.Expr, triples: Sequence[tuple]) -> LowerBound | None:
    atoms: list[sp.Expr] = []
    for _, u, v in triples:
        for a in (u, v):
            if a not in atoms:
                atoms.append(a)
    m = len(atoms)
    Q = sp.zeros(m, m)
    for c, u, v in triples:
        i, j = atoms.index(u), atoms.index(v)
        if i == j:
            Q[i, i] += c
        else:
            Q[i, j] += c / 2
            Q[j, i] += c / 2
    if not _psd(Q):
        return None
    return LowerBound("gram", expr, sp.Integer(0), atoms=tuple(atoms), gram=sp.ImmutableMatrix(Q))


def _quadratic(expr: sp.Expr, variables: Sequence[sp.Symbol]) -> LowerBound | None:
    """Exact minimum ``t`` of a polynomial of degree <= 2 and the Gram matrix of ``q - t``."""
    free = sorted(expr.free_symbols & set(variables), key=str)
    if not free:
        return None
    try:
        poly = sp.Poly(expr, *free)
    except sp.PolynomialError:
        return None
    if poly.total_degree() > 2 or not all(c.is_Rational for c in poly.coeffs()):
        return None
    q = poly.as_expr()
    sols = sp.linsolve([sp.diff(q, v) for v in free], *free)
    if not sols:
        return None
    (sol,) = list(sols)
    z = {v: s.xreplace({w: 0 for w in free}) for v, s in zip(free, sol)}
    t = sp.expand(q.xreplace(z))
    if not t.is_Rational:
        return None
    atoms = [sp.Integer(1)] + list(free)
    n = len(atoms)
    Q = sp.zeros(n, n)
    for mono, c in sp.Poly(sp.expand(q - t), *free).terms():
        nz = [k + 1 for k, e in enumerate(mono) for _ in range(e)]
        i, j = (nz + [0, 0])[:2]
        if i == j:
            Q[i, i] += c
        else:
            Q[i, j] += c / 2
            Q[j, i] += c / 2
    if not _psd(Q):
        return None
    return LowerBound("gram", expr, t, atoms=tuple(atoms), gram=sp.ImmutableMatrix(Q))


def lower_bound(expr: sp.Expr, variables: Sequence[sp.Symbol], depth: int = 0) -> LowerBound | None:
    """A tree proving ``expr >= b`` on ``R^n`` (rules of :mod:`~symopt.critical.check_attainment`), or ``None``."""
    if expr.is_Rational:
        return LowerBound("number", expr, expr)
    if depth > 40:
        return None
    if expr.is_Pow and expr.exp.is_Integer and expr.exp > 0:
        inner = lower_bound(expr.base, variables, depth + 1)
        if inner is not None and inner.value >= 0:
            return LowerBound("power", expr, inner.value ** expr.exp, (inner,))
        if expr.exp % 2 == 0:
            return LowerBound("even power", expr, sp.Integer(0))
        return _quadratic(expr, variables)
    if expr.is_Mul:
        parts = [lower_bound(a, variables, depth + 1) for a in expr.args]
        if all(p is not None and p.value >= 0 for p in parts):
            return LowerBound("product", expr, sp.Mul(*[p.value for p in parts]), tuple(parts))
        return _quadratic(expr, variables)
    if expr.is_Add:
        return _sum_bound(expr, variables, depth)
    return None


def _sum_bound(expr: sp.Expr, variables: Sequence[sp.Symbol], depth: int) -> LowerBound | None:
    terms = _terms(expr)
    nodes = [lower_bound(t, variables, depth + 1) for t in terms]
    if all(n is not None for n in nodes):
        return LowerBound("sum", expr, sum(n.value for n in nodes), tuple(nodes))
    # a Gram matrix over the atoms of the square and cross terms, the rest bounded on its own
    forms = [_gram_form(t) for t in terms]
    if all(n is not None or f is not None for n, f in zip(nodes, forms)):
        grouped = [(t, f) for t, n, f in zip(terms, nodes, forms) if f is not None and (n is None or n.rule != "number")]
        rest = [n for t, n, f in zip(terms, nodes, forms) if not (f is not None and (n is None or n.rule != "number"))]
        gram = _gram_node(sp.Add(*[t for t, _ in grouped]), [f for _, f in grouped])
        if gram is not None:
            parts = (gram,) + tuple(rest)
            return LowerBound("sum", expr, sum(p.value for p in parts), parts)
    return _quadratic(expr, variables)


def prove_attainment(f: sp.Expr, variables: Sequence[sp.Symbol], lower: sp.Expr,
                     upper: sp.Expr) -> tuple[str, AttainmentCertificate] | None:
    """A proof that ``min f`` over ``R^n`` is attained (at a critical point), or ``None``.

    ``lower``/``upper`` enclose the least critical value.  Returns ``(proof text, certificate)``.
    """
    try:
        return run_with_budget(_prove, f, tuple(variables), lower, upper, step="simplify")
    except (BudgetExceeded, SymoptError, RecursionError, sp.PolynomialError, ValueError, TypeError):
        return None


def _prove(f: sp.Expr, variables: tuple, lower: sp.Expr, upper: sp.Expr) -> tuple[str, AttainmentCertificate] | None:
    tree = lower_bound(f, variables)
    if tree is not None and lower == upper == tree.value:
        cert = AttainmentCertificate("lower bound", f, variables, parts=(tree,))
        return (f"f >= {tree.value} on R^n ({tree.describe()}), and f = {tree.value} at a certified critical point",
                cert)
    coeff, rest = f.as_coeff_Mul()
    factors = sp.Mul.make_args(rest)
    if coeff > 0 and len(factors) >= 2:
        nodes = [lower_bound(F, variables) for F in factors]
        if all(n is not None and n.value > 0 for n in nodes):
            how = coercive_text(minorant(coeff, nodes), variables)
            if how is not None:
                bounds = ", ".join(str(n.value) for n in nodes)
                cert = AttainmentCertificate("coercive minorant", f, variables, coeff, tuple(nodes))
                return (f"f = c F_1 ... F_k with F_i >= b_i > 0 (b = {bounds}), so f >= (c/k) sum_i (prod_(j != i) b_j) F_i, "
                        f"which is coercive ({how}); so the minimum is attained at a critical point", cert)
    return None
