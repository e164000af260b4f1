r"""Proofs that a polynomial's minimum over ``R^n`` is attained, beyond coercivity of ``f`` itself.

The searches here build the certificates of :mod:`symopt.critical.check_attainment`:

* :func:`lower_bound` proves ``expr >= b`` on ``R^n`` by structure: numbers, even powers,
  sums and products of bounded parts, and Gram matrices: the terms ``c u^2`` and
  ``c u v`` of a sum (``u``, ``v`` any polynomials, the *atoms*) form ``a^T Q a`` and
  ``Q`` is PSD by an exact ``LDL^T``; a polynomial of degree ``<= 2`` gets its exact
  minimum ``t`` (a solution of the linear system ``grad = 0``) with the Gram matrix of
  ``q - t`` over ``(1, x_1, ..., x_n)``.
* :func:`prove_attainment`: ``f >= L`` with the least critical value exactly ``L``
  (the infimum is attained there); or ``f >= g`` with ``g`` coercive, ``g`` the sum of
  ``f``'s terms each replaced by a minorant (a product ``c F_1 ... F_k`` of factors with
  ``F_i >= b_i > 0`` by ``(c/k) sum_i (prod_{j != i} b_j) F_i``, a bounded term by its
  bound); or a triangular change of variables ``y -> y + p(other variables)`` read off a
  square ``(y - p)^2`` of ``f`` (a bijection of ``R^n``) after which ``f`` is coercive.
* a bound for a polynomial as a whole: degree <= 2 (exact minimum), one variable (the
  least critical value, exact or a rational just below, checked by Sturm counts), or a
  ridge (``f`` constant along rational directions: restricted to coordinates meeting them).

Each is general (no case per function) and the checker re-derives every step.
"""

from __future__ import annotations

from typing import Any, Sequence

import sympy as sp

from ..errors import BudgetExceeded, SymoptError
from ..exact.linalg import LDLFactorization
from ..limits import run_with_budget
import itertools

from .check_attainment import AttainmentCertificate, LowerBound, Term, _univariate_nonnegative, coercive_text

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
    Q = _symmetric(len(atoms), ((c, atoms.index(u), atoms.index(v)) for c, u, v in triples))
    if not _psd(Q):
        return None
    return LowerBound("gram", expr, sp.Integer(0), atoms=tuple(atoms), gram=sp.ImmutableMatrix(Q))


def _symmetric(n: int, entries: Any) -> sp.Matrix:
    """The symmetric ``n x n`` matrix of a quadratic form ``sum c z_i z_j`` given as ``(c, i, j)``."""
    Q = sp.zeros(n, n)
    for c, i, j in entries:
        if i == j:
            Q[i, i] += c
        else:
            Q[i, j] += c / 2
            Q[j, i] += c / 2
    return Q


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
    entries = []
    for mono, c in sp.Poly(sp.expand(q - t), *free).terms():
        nz = [k + 1 for k, e in enumerate(mono) for _ in range(e)]
        entries.append((c, *(nz + [0, 0])[:2]))
    Q = _symmetric(n, entries)
    if not _psd(Q):
        return None
    return LowerBound("gram", expr, t, atoms=tuple(atoms), gram=sp.ImmutableMatrix(Q))


def _polynomial(expr: sp.Expr, variables: Sequence[sp.Symbol], depth: int = 0) -> LowerBound | None:
    """A bound for a polynomial as a whole: exact quadratic minimum, one variable, or a ridge."""
    free = sorted(expr.free_symbols & set(variables), key=str)
    if not free or expr.free_symbols - set(variables) or depth > 4:
        return None
    try:
        poly = sp.Poly(expr, *free)
    except sp.PolynomialError:
        return None
    if not all(c.is_Rational for c in poly.coeffs()):
        return None
    if poly.total_degree() <= 2:
        return _quadratic(expr, variables)
    if len(free) == 1:
        return _univariate(expr, free[0])
    return _ridge(expr, poly, free, variables, depth)


def _univariate(expr: sp.Expr, x: sp.Symbol) -> LowerBound | None:
    """The least value of a one-variable polynomial (exact where a rational point attains it, else a
    rational just below), checked by Sturm counts before it is returned."""
    poly = sp.Poly(expr, x)
    d = poly.degree()
    if d % 2 or poly.LC() <= 0:
        return None
    best = None
    for r in poly.diff(x).real_roots():
        value = poly.eval(r) if r.is_Rational else sp.Float(sp.N(poly.as_expr().xreplace({x: r}), 40), 40)
        if best is None or value < best:
            best = value
    if best is None:
        return None
    t = best if best.is_Rational else sp.floor(best * 10**12) / sp.Integer(10**12) - sp.Rational(1, 10**12)
    t = sp.Rational(t)
    if not _univariate_nonnegative(sp.expand(expr - t)):
        return None
    return LowerBound("univariate", expr, t)


def _ridge(expr: sp.Expr, poly: sp.Poly, free: list, variables: Sequence[sp.Symbol], depth: int) -> LowerBound | None:
    """``expr`` constant along rational directions: restrict it to coordinates that meet them."""
    columns = [poly.diff(v).as_dict() for v in free]
    monos = sorted({m for c in columns for m in c})
    M = sp.Matrix(len(monos), len(free), lambda i, j: columns[j].get(monos[i], 0))
    rows = [tuple(v) for v in M.nullspace()]
    if not rows or len(rows) >= len(free):
        return None
    k = len(rows)
    for J in itertools.combinations(range(len(free)), k):
        if sp.Matrix([[r[j] for j in J] for r in rows]).det() != 0:
            break
    else:
        return None
    zeroed = tuple(free[j] for j in J)
    reduced = sp.expand(expr.xreplace({s: 0 for s in zeroed}))
    part = _polynomial(reduced, variables, depth + 1)
    if part is None:
        return None
    return LowerBound("invariant", expr, part.value, (part,), data=(tuple(free), tuple(rows), zeroed))


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
        return _polynomial(expr, variables)
    if expr.is_Mul:
        parts = [lower_bound(a, variables, depth + 1) for a in expr.args]
        if all(p is not None and p.value >= 0 for p in parts):
            return LowerBound("product", expr, sp.Mul(*[p.value for p in parts]), tuple(parts))
        return _polynomial(expr, variables)
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
    return _polynomial(expr, variables)


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
    if (tree is None or tree.value != lower) and sp.Poly(f, *variables).total_degree() <= 2:
        tree = _quadratic(sp.expand(f), variables)  # the exact minimum of a (singular) quadratic
    if tree is not None and lower == upper == tree.value:
        cert = AttainmentCertificate("lower bound", f, variables, parts=(tree,))
        return (f"f >= {tree.value} on R^n ({tree.describe()}), and f = {tree.value} at a certified critical point",
                cert)
    return _minorant(f, variables) or _substitution(f, variables)


def _mixed(term: sp.Expr, variables: tuple) -> bool:
    """The expanded term has a monomial in two or more variables."""
    return any(sum(1 for e in m if e) >= 2 for m in sp.Poly(term, *variables).monoms())


def _product_term(term: sp.Expr, variables: tuple) -> Term | None:
    coeff, rest = term.as_coeff_Mul()
    factors = sp.Mul.make_args(rest)
    if not (coeff > 0 and len(factors) >= 2):
        return None
    nodes = [lower_bound(F, variables) for F in factors]
    if all(n is not None and n.value > 0 for n in nodes):
        return Term("product", term, coeff, tuple(nodes))
    return None


def _minorant(f: sp.Expr, variables: tuple) -> tuple[str, AttainmentCertificate] | None:
    """``f = sum of terms``, each replaced by a minorant (a product of positive factors by its
    coercive average, a bounded term by its bound, else itself), the sum coercive.  Tried: bound
    the bounded terms with mixed monomials (they defeat the separable bound), then every one."""
    terms = _terms(f)
    products = [_product_term(t, variables) for t in terms]
    bounds = [None if t.is_number else lower_bound(t, variables) for t in terms]

    def entry(k: int, bound_it: bool) -> Term:
        if products[k] is not None:
            return products[k]
        if bound_it and bounds[k] is not None:
            return Term("bound", terms[k], parts=(bounds[k],))
        return Term("keep", terms[k])

    mixed = [k for k in range(len(terms)) if bounds[k] is not None and _mixed(terms[k], variables)]
    tried = set()
    for chosen in _choices(mixed, [k for k in range(len(terms)) if bounds[k] is not None]):
        entries = tuple(entry(k, k in chosen) for k in range(len(terms)))
        kinds = tuple(e.kind for e in entries)
        if kinds in tried or all(k == "keep" for k in kinds):
            continue
        tried.add(kinds)
        pieces = [e.minorant() for e in entries]
        if any(piece is None for piece in pieces):
            continue
        g = sp.expand(sp.Add(*pieces))
        if g.is_number:
            continue
        how = coercive_text(g, variables)
        if how is not None:
            cert = AttainmentCertificate("minorant", f, variables, parts=entries)
            said = sorted({"a product of factors bounded below by positive constants (their weighted average "
                           "below it)" if e.kind == "product" else "a term bounded below (its bound)"
                           for e in entries if e.kind != "keep"})
            return (f"f >= g, g the sum of f's terms with {' and '.join(said)} replaced by minorants, and g is "
                    f"coercive ({how}); so f is coercive and its minimum is attained at a critical point", cert)
    return None


def _choices(mixed: list[int], bounded: list[int]) -> list[set[int]]:
    """Which bounded terms to replace by their bounds: none, those with mixed monomials, all of
    them, then (a few terms) every other subset, fewest first: dropping one non-negative term
    may leave a coercive rest (``(x^2 + y - 10)^2 + (x + y^2 - 7)^2 + (x^2 + y^3 - 1)^2``: the
    first two alone are coercive)."""
    out = [set(), set(mixed), set(bounded)]
    if len(bounded) <= 6:
        for size in range(1, len(bounded)):
            out += [set(c) for c in itertools.combinations(bounded, size)]
    return out


def _square_bases(expr: sp.Expr) -> list[sp.Expr]:
    """Bases ``u`` of the even powers ``u^(2k)`` inside ``expr``, in order of appearance."""
    out: list[sp.Expr] = []
    for node in sp.preorder_traversal(expr):
        if node.is_Pow and node.exp.is_Integer and node.exp > 0 and node.exp % 2 == 0 and node.base not in out:
            out.append(node.base)
    return out


def _substitution(f: sp.Expr, variables: tuple) -> tuple[str, AttainmentCertificate] | None:
    """A triangular change of variables ``y -> (y + p)/c`` read off a square ``(c y - p)^2`` of ``f``
    (``p`` free of every substituted variable, not constant) after which ``f`` is coercive (itself,
    or through a minorant of its terms)."""
    candidates = []
    for u in _square_bases(f):
        try:
            poly = sp.Poly(u, *variables)
        except sp.PolynomialError:
            continue
        if not all(c.is_Rational for c in poly.coeffs()):
            continue
        for y in variables:
            if poly.degree(y) != 1:
                continue
            c = sp.expand(sp.diff(u, y))
            p = sp.expand(c * y - u)
            if c.is_Rational and c != 0 and y not in p.free_symbols and not p.is_number:
                candidates.append((y, c, p))
    candidates.sort(key=lambda cand: -sp.Poly(cand[2], *variables).total_degree())  # curved valleys first
    chosen: list = []
    for y, c, p in candidates:
        taken = {z for z, _, _ in chosen}
        if y in taken or p.free_symbols & (taken | {y}) or any(y in q.free_symbols for _, _, q in chosen):
            continue
        chosen.append((y, c, p))
    tries = [chosen] + [[cand] for cand in candidates[:6] if [cand] != chosen]
    for subs in tries:
        if not subs:
            continue
        g = f.xreplace({y: (y + p) / c for y, c, p in subs})
        how = coercive_text(sp.expand(g), variables)
        inner = None
        if how is None:
            inner = _minorant(g, variables)
            if inner is None:
                continue
            how = f"a minorant of it is: {inner[0]}"
        if how is not None:
            cert = AttainmentCertificate("substitution", f, variables, parts=() if inner is None else (inner[1],),
                                         remainder=g, substitution=tuple(subs))
            text = ", ".join(f"{y} -> ({y} + {p})/{c}" if c != 1 else f"{y} -> {y} + {p}" for y, c, p in subs)
            return (f"after the triangular change of variables {text} (a bijection of R^n) f is coercive "
                    f"({how}); so its minimum is attained, at a critical point", cert)
    return None
