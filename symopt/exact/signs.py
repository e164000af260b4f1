"""The sign prover (floor 2): decide ``expr >= 0`` / ``> 0`` / ``<= 0`` / ``< 0`` on a box, exactly.

:func:`prove_sign` tries, in order of cost: an exact constant, affine
expressions through their endpoint values, factor-wise signs, polynomial
coefficient signs, univariate Sturm root counts, and interval enclosures
(:mod:`symopt.exact.interval`).  It returns a short description of the
argument that proved the sign, or ``None`` (undecided, never a guess).
Shared by :mod:`symopt.convexity` (Hessian and Jensen checks) and
:mod:`symopt.critical` (classification on boxes).

    >>> from symopt.core.parse import symbol
    >>> from symopt.core.domain import Box
    >>> x = symbol("x")
    >>> prove_sign(x**2 + 1, Box.whole([x]), ">0") is not None
    True
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import sympy as sp

from . import interval as ivl
from ..core.domain import Box, Bound
from ..core.parse import as_expression

__all__ = [
    "prove_sign", "sign_by_factors", "value_at", "defined_on", "drop_atoms", "is_smooth", "twice_differentiable",
    "is_zero_identity", "const_sign", "gap_sign", "as_rational", "interior_sample", "NONSMOOTH", "CHECK_PRECISION",
]


#: Functions whose presence makes an expression non-smooth (Hessian arguments do not apply).
NONSMOOTH = (sp.Abs, sp.Max, sp.Min, sp.sign, sp.Heaviside, sp.floor, sp.ceiling, sp.Piecewise, sp.DiracDelta)


CHECK_PRECISION = 160  # bits used by checkers (the search uses fewer)


def is_zero_identity(a: sp.Expr, b: sp.Expr) -> bool:
    """``a == b`` as an identity, decided by expansion (exact; False when unsure)."""
    diff = sp.expand(a - b)
    if diff == 0:
        return True
    try:
        return sp.cancel(sp.together(diff)) == 0
    except (sp.PolynomialError, TypeError, ValueError):
        return False


def prove_sign(expr: sp.Expr, box: Box, relation: str) -> str | None:
    """Prove ``expr (relation) 0`` on the box; returns how, or ``None``.

    ``relation`` is one of ``">=0"``, ``">0"``, ``"<=0"``, ``"<0"``.  Two sound
    methods are tried: SymPy's assumptions after writing half-line variables
    through signed dummies (``x > 0`` becomes a positive symbol), and a
    rigorous interval enclosure over the closed box.
    """
    expr = as_expression(expr)  # text is parsed, never evaluated
    how = _affine_sign(expr, box, relation) or _quadratic_sign(expr, box, relation)
    if how is not None:
        return how
    how = _sign_once(expr, box, relation)
    if how is not None:
        return how
    how = _univariate_sign(expr, box, relation) or _coefficient_sign(expr, box, relation) or \
        _fraction_sign(expr, box, relation)
    if how is not None:
        return how
    if relation in (">0", "<0"):
        how = _strict_near_open_ends(expr if relation == ">0" else -expr, box)
        if how is not None:
            return how
    if any(b.lo_strict or b.hi_strict for b in box.bounds) or not expr.is_polynomial(*box.variables):
        how = sign_by_factors(expr, box, relation)
        if how is not None:
            return how
    if expr.is_polynomial(*box.variables):
        return None
    try:
        other = sp.together(expr)
    except (TypeError, ValueError, sp.PolynomialError, RecursionError):
        return None
    if other != expr:
        how = _sign_once(other, box, relation)
        return None if how is None else how + " (after sympy.together)"
    return None


def value_at(expr: sp.Expr, point: dict) -> sp.Expr:
    """``expr`` at an exact point, or ``nan`` where it has no value there.

    SymPy raises instead of answering for some undefined values
    (``Min(0, zoo)``: "The argument 'zoo' is not comparable"); a witness at such
    a point must fail its check, not crash it.

        >>> import sympy as sp
        >>> x = sp.Symbol("x", real=True)
        >>> value_at(sp.Min(x, 1/x), {x: 0})
        nan
        >>> value_at(sp.Min(x, 1/x), {x: 2})
        1/2
    """
    try:
        return expr.xreplace(point)
    except (ValueError, TypeError, ZeroDivisionError, OverflowError, RecursionError):
        # OverflowError: SymPy's perfect-power test on huge integers ((1/16 / y**x)**x at exact points)
        return sp.nan


def _sign_once(expr: sp.Expr, box: Box, relation: str) -> str | None:
    attr = {">=0": "is_nonnegative", ">0": "is_positive", "<=0": "is_nonpositive", "<0": "is_negative"}[relation]
    try:
        sub = box.assumptions_substitution()
        if getattr(expr.xreplace(sub) if sub else expr, attr) is True:
            return "SymPy assumptions on the domain"
    except (TypeError, ValueError, AttributeError, RecursionError):
        pass
    try:
        r = ivl.enclose(expr, box.intervals(), prec=CHECK_PRECISION)
    except (ivl.Undefined, ArithmeticError, ValueError, TypeError):
        return None
    lo, hi = ivl.lower(r), ivl.upper(r)
    ok = {">=0": lo >= 0, ">0": lo > 0, "<=0": hi <= 0, "<0": hi < 0}[relation]
    return f"interval enclosure [{_fmt(lo)}, {_fmt(hi)}] over the domain" if ok else None


def _quadratic_sign(expr: sp.Expr, box: Box, relation: str) -> str | None:
    r"""Sign of a quadratic with rational coefficients on all of R^n (hence on any box), exactly.

    :math:`q(x) = [x; 1]^T M [x; 1]`; ``M`` positive semidefinite (exact symmetric elimination with rational
    pivots, none negative, a zero pivot only with a zero column) gives ``q >= 0``, every pivot positive gives
    ``q > 0`` (``[x; 1]`` is never 0).  ``<= 0`` / ``< 0`` read ``-M``.  Sufficient, not necessary.
    """
    vs = tuple(box.variables)
    if not vs or not expr.is_polynomial(*vs):
        return None
    try:
        p = sp.Poly(expr, *vs)
    except sp.PolynomialError:
        return None
    if p.total_degree() != 2 or any(not c.is_Rational for c in p.coeffs()):
        return None
    n = len(vs)
    M = [[sp.S.Zero] * (n + 1) for _ in range(n + 1)]
    for monom, c in p.terms():
        idx = [i for i, e in enumerate(monom) for _ in range(e)] + [n, n]
        i, j = idx[0], idx[1]
        M[i][j] += c if i == j else c / 2
        if i != j:
            M[j][i] += c / 2
    sign = 1 if relation in (">=0", ">0") else -1
    W = [[sign * c for c in row] for row in M]
    for k in range(n + 1):
        d = W[k][k]
        if d < 0 or (d == 0 and any(W[i][k] != 0 for i in range(k + 1, n + 1))):
            return None
        if d == 0:
            if relation in (">0", "<0"):
                return None
            continue
        for i in range(k + 1, n + 1):
            r = W[i][k] / d
            for j in range(k, n + 1):
                W[i][j] -= r * W[k][j]
    return "a quadratic [x; 1]^T M [x; 1] with M semidefinite (exact rational elimination)"


def _affine_sign(expr: sp.Expr, box: Box, relation: str) -> str | None:
    """Exact sign of an affine function with rational coefficients on a box (strict bounds respected).

    ``g = c0 + sum c_i x_i`` attains its infimum over the closure at a corner;
    ``g > 0`` holds when that infimum is positive, or is 0 and some ``x_i``
    with ``c_i != 0`` never reaches its minimising bound (a strict bound).
    """
    vs = box.variables
    if not expr.is_polynomial(*vs):
        return None
    try:
        p = sp.Poly(expr, *vs)
    except sp.PolynomialError:
        return None
    if p.total_degree() > 1 or any(not c.is_Rational for c in p.coeffs()):
        return None
    g = expr if relation in (">=0", ">0") else -expr
    strict_wanted = relation in (">0", "<0")
    total = g.xreplace({v: 0 for v in vs})
    strict_somewhere = False
    for v, b in zip(vs, box.bounds):
        c = sp.diff(g, v)
        if c == 0:
            continue
        bound, strict = (b.lo, b.lo_strict) if c > 0 else (b.hi, b.hi_strict)
        if bound in (sp.oo, -sp.oo) or not bound.is_Rational:
            return None
        total += c * bound
        strict_somewhere = strict_somewhere or strict
    if total > 0 or (total == 0 and (not strict_wanted or strict_somewhere)):
        return "exact minimum of an affine function over the box"
    return None


def _fmt(v: Any) -> str:
    try:
        return f"{float(v):.6g}"
    except (TypeError, ValueError, OverflowError):
        return str(v)


def defined_on(expr: sp.Expr, box: Box) -> str | None:
    """Why ``expr`` is finite everywhere on the box, or ``None`` when that is not proved.

    Every logarithm needs a positive argument, every fractional power a
    nonnegative base (positive for negative exponents), every negative power a
    base that keeps one strict sign; only functions defined on all of R are
    allowed otherwise.
    """
    total = (sp.exp, sp.sin, sp.cos, sp.sinh, sp.cosh, sp.tanh, sp.atan, sp.Abs, sp.Max, sp.Min, sp.asinh, sp.erf)
    for node in sp.preorder_traversal(expr):
        if node.is_Atom or node.is_Add or node.is_Mul:
            continue
        if isinstance(node, total):
            continue
        if isinstance(node, sp.Piecewise):  # defined where every branch value is (each is visited) and a branch always applies
            if node.args[-1].cond is not sp.true:
                return None
            continue
        if isinstance(node, (sp.functions.elementary.piecewise.ExprCondPair, sp.logic.boolalg.Boolean)):
            continue  # conditions: their expressions are visited too
        if isinstance(node, sp.log):
            if prove_sign(node.args[0], box, ">0") is None:
                return None
            continue
        if isinstance(node, sp.tan):  # a pole where cos vanishes: cos of the argument keeps one strict sign
            c = sp.cos(node.args[0])
            if prove_sign(c, box, ">0") is None and prove_sign(c, box, "<0") is None:
                return None
            continue
        if node.is_Pow:
            base, e = node.args
            if base is sp.E or (e.is_Integer and e >= 0):
                continue
            if base.is_number and base.is_positive:
                continue
            if e.is_Integer:
                if prove_sign(base, box, ">0") is None and prove_sign(base, box, "<0") is None:
                    return None
                continue
            if e.is_Rational and e > 0:
                if prove_sign(base, box, ">=0") is None:
                    return None
                continue
            if prove_sign(base, box, ">0") is None:
                return None
            continue
        return None
    return "every logarithm, root and quotient has a valid argument on the domain"


def is_smooth(expr: sp.Expr) -> bool:
    """No non-smooth function (abs, max, min, sign, ...) occurs in ``expr``."""
    return not expr.has(*NONSMOOTH)


def twice_differentiable(f: sp.Expr, variables: Sequence[sp.Symbol], box: Box) -> bool:
    """``f`` is defined on the box and twice continuously differentiable on its interior.

    No non-smooth function occurs, ``f`` is defined on the box, and every
    Hessian entry is defined on the interior (so no singular point hides inside).
    """
    if not is_smooth(f) or defined_on(f, box) is None:
        return False
    inner = box.interior()
    H = sp.hessian(f, list(variables))
    return all(defined_on(H[i, j], inner) is not None for i in range(H.shape[0]) for j in range(i, H.shape[0]))


def as_rational(v: Any) -> sp.Rational:
    v = as_expression(v)  # a witness coordinate given as text is parsed, never evaluated
    if not v.is_Rational:
        raise ValueError(f"{v} is not rational")
    return v


def gap_sign(gap: sp.Expr) -> tuple[int | None, str]:
    """Sign of a constant expression: exact for rationals, else by interval enclosure."""
    gap = sp.sympify(gap)
    if gap.is_Rational:
        return (0 if gap == 0 else (1 if gap > 0 else -1)), "exact rational arithmetic"
    try:
        r = ivl.enclose(gap, {}, prec=CHECK_PRECISION)
    except (ivl.Undefined, ArithmeticError, ValueError, TypeError):
        return None, "could not enclose"
    if ivl.lower(r) > 0:
        return 1, f"interval enclosure at {CHECK_PRECISION} bits"
    if ivl.upper(r) < 0:
        return -1, f"interval enclosure at {CHECK_PRECISION} bits"
    return None, "enclosure contains 0"


def const_sign(d: sp.Expr) -> int | None:
    d = sp.sympify(d)
    if d.free_symbols:
        return None
    if d.is_Rational:
        return 0 if d == 0 else (1 if d > 0 else -1)
    if sp.expand(d) == 0:
        return 0
    s, _ = gap_sign(d)
    return s


def sign_by_factors(expr: sp.Expr, box: Box, relation: str) -> str | None:
    """Sign of a (rational) function from the signs of its factors (each factor by the direct methods).

    ``1 - x**2 = (1 - x)(1 + x)`` on ``-1 < x < 1``: each affine factor is
    positive there (strict bounds respected), so the product is; the closed
    box's interval enclosure ``[0, 1]`` could not say so.
    """
    if sp.count_ops(expr) > 120:
        return None
    try:
        num, den = sp.fraction(sp.together(expr))
        parts = []
        for part, is_den in ((num, False), (den, True)):
            c, facs = sp.factor_list(part)
            parts.append((c, facs, is_den))
    except (sp.PolynomialError, TypeError, ValueError, NotImplementedError, RecursionError):
        return None
    sign, strict = 1, True
    for c, facs, is_den in parts:
        if not c.is_Rational or c == 0:
            if c == 0 and not is_den:
                sign, strict = 1, False  # expr == 0
                continue
            return None
        sign *= 1 if c > 0 else -1
        for base, mult in facs:
            s = None
            for rel, val, st in ((">0", 1, True), ("<0", -1, True), (">=0", 1, False), ("<=0", -1, False)):
                if _affine_sign(base, box, rel) is not None or _sign_once(base, box, rel) is not None \
                        or _univariate_sign(base, box, rel) is not None or (
                            rel in (">0", "<0") and _strict_near_open_ends(base if rel == ">0" else -base, box)):
                    s = (val, st)
                    break
            if s is None:
                if mult % 2 == 0 and not is_den:
                    strict = False
                    continue
                return None
            val, st = s
            if is_den and not st:
                return None
            if mult % 2:
                sign *= val
            strict = strict and st
    ok = {">=0": sign > 0, ">0": sign > 0 and strict, "<=0": sign < 0, "<0": sign < 0 and strict}[relation]
    if relation in (">=0", "<=0") and not ok and not strict:
        return None
    return "signs of its factors on the domain (strict bounds respected)" if ok else None


def _strict_near_open_ends(expr: sp.Expr, box: Box) -> str | None:
    """``expr > 0`` on an interval whose open finite end is a zero: strictly monotone away from that end.

    One variable ``x`` on ``(lo, hi)`` with ``lo`` excluded: ``expr(lo) >= 0`` and
    ``expr' > 0`` on ``[lo, m]`` make ``expr > 0`` on ``(lo, m]`` (strictly increasing
    from a value >= 0); the mirror image at an excluded ``hi``; the middle by an
    enclosure on a closed interval (``sin x > 0`` on ``0 < x < 3``).
    """
    fs = expr.free_symbols
    if len(fs) != 1 or not set(fs) <= set(box.variables):
        return None
    (x,) = fs
    b = box.bound(x)
    ends = [(e, st) for e, st in ((b.lo, b.lo_strict), (b.hi, b.hi_strict))]
    if not any(st and e.is_Rational for e, st in ends):
        return None
    lo, hi = b.lo, b.hi
    if not (lo.is_Rational and hi.is_Rational):
        return None
    w = hi - lo
    m1, m2 = lo, hi
    d = sp.diff(expr, x)
    for end, st, inner, sign in ((lo, b.lo_strict, lo + w / 4, 1), (hi, b.hi_strict, hi - w / 4, -1)):
        if not st:
            continue
        v = value_at(expr, {x: end})
        s0 = const_sign(v)
        if s0 == 1:
            continue  # positive at the end itself: the middle enclosure may reach it
        if s0 != 0:
            return None
        part = Box((x,), (Bound(min(end, inner), max(end, inner)),))
        if _sign_once(sign * d, part, ">0") is None:
            return None
        if sign > 0:
            m1 = inner
        else:
            m2 = inner
    middle = Box((x,), (Bound(m1, m2),))
    if _sign_once(expr, middle, ">0") is None:
        return None
    return "strictly monotone away from an excluded end where it vanishes, an enclosure in between"


def _coefficient_sign(expr: sp.Expr, box: Box, relation: str) -> str | None:
    """Sign on an orthant-like box from coefficient signs.

    Every variable of ``expr`` ranges over ``x >= 0`` (or ``x > 0``) with no
    upper bound.  ``expr = num/den`` with polynomials (in the variables, and in
    their inverses) whose coefficients are constants of known sign: a nonzero
    polynomial with nonnegative coefficients is ``>= 0`` there, and ``> 0`` when
    every variable is strictly positive.
    """
    vs = [v for v in box.variables if v in expr.free_symbols]
    if not vs or len(vs) > 6 or sp.count_ops(expr) > 200:
        return None
    strict_all = True
    for v in vs:
        b = box.bound(v)
        if b.lo != 0 or b.hi is not sp.oo:
            return None
        strict_all = strict_all and b.lo_strict
    try:
        num, den = sp.fraction(sp.together(expr))
        signs = []
        for part in (num, den):
            part = sp.expand(part)
            if not part.is_polynomial(*vs):
                return None
            coeffs = sp.Poly(part, *vs).coeffs()
            cs = []
            for c in coeffs:
                if c.free_symbols:
                    return None
                sg = const_sign(c)
                if sg is None:
                    return None
                cs.append(sg)
            if all(c >= 0 for c in cs) and any(c > 0 for c in cs):
                signs.append(1)
            elif all(c <= 0 for c in cs) and any(c < 0 for c in cs):
                signs.append(-1)
            else:
                return None
    except (sp.PolynomialError, TypeError, ValueError, NotImplementedError, RecursionError):
        return None
    if not strict_all and sp.Poly(sp.expand(den), *vs).as_expr().xreplace({v: 0 for v in vs}) == 0:
        return None  # the denominator may vanish on the boundary
    sign = signs[0] * signs[1]
    ok = {">=0": sign > 0, ">0": sign > 0 and strict_all, "<=0": sign < 0, "<0": sign < 0 and strict_all}[relation]
    return "coefficients of one sign on the orthant" if ok else None


def _univariate_sign(expr: sp.Expr, box: Box, relation: str) -> str | None:
    """Sign of a univariate polynomial with rational coefficients: Sturm count on the interval, strict ends respected."""
    fs = expr.free_symbols
    if len(fs) != 1 or not set(fs) <= set(box.variables):
        return None
    (x,) = fs
    b = box.bound(x)
    try:
        p = sp.Poly(expr, x)
    except sp.PolynomialError:
        return None
    if p.degree() < 1 or p.degree() > 40 or any(not c.is_Rational for c in p.coeffs()):
        return None
    for e in (b.lo, b.hi):
        if e.is_finite and not e.is_Rational:
            return None
    lo = None if b.lo is -sp.oo else b.lo
    hi = None if b.hi is sp.oo else b.hi
    roots = p.count_roots(lo, hi)
    ends = [(e, st) for e, st in ((lo, b.lo_strict), (hi, b.hi_strict)) if e is not None and p.eval(e) == 0]
    if roots - len(ends) != 0:
        return None
    if any(not st for _, st in ends) and relation in (">0", "<0"):
        return None
    sample = interior_sample(b)
    v = p.eval(sample)
    want_pos = relation in (">=0", ">0")
    if (v > 0) == want_pos and v != 0:
        return "Sturm root count on the interval and the sign at an inner point"
    return None


#: Largest degree (after ``x = u^q``) handed to the Sturm count; the work grows with it.
_FRACTION_DEGREE_LIMIT = 60


def _fraction_sign(expr: sp.Expr, box: Box, relation: str) -> str | None:
    """Sign of a univariate rational function of ``x`` and its rational powers ``x^(p/q)``, exactly.

    On ``x >= 0`` write ``x = u^q`` (``q`` the least common denominator of the
    powers; ``u >= 0`` and ``(u^q)^(p/q) = u^p`` there), so ``expr = N(u)/D(u)``
    with rational polynomials.  When the ends' ``q``-th roots are rational, Sturm
    counts decide: ``D`` has no root on the closed interval (else ``expr`` is
    undefined there and nothing is claimed), ``N`` has roots at most at the ends
    (and none there for a strict relation unless that end is excluded), and
    ``N/D`` has the wanted sign at an inner point.  E.g. ``10 - 1/sqrt(x) >= 0``
    on ``[1/100, oo)``: ``u = sqrt(x)`` on ``[1/10, oo)``, ``(10u - 1)/u``.
    """
    fs = expr.free_symbols
    if len(fs) != 1 or not set(fs) <= set(box.variables) or relation not in (">=0", ">0", "<=0", "<0"):
        return None
    (x,) = fs
    b = box.bound(x)
    powers = [e.exp for e in expr.atoms(sp.Pow) if e.base == x]
    if any(not r.is_Rational for r in powers) or any(e.base != x and e.base.has(x) and not e.exp.is_Integer
                                                      for e in expr.atoms(sp.Pow)):
        return None
    q = math.lcm(1, *[int(r.q) for r in powers])
    if q > 1 and not (sp.S(b.lo).is_finite and sp.S(b.lo) >= 0):
        return None
    ends = []
    for e in (sp.S(b.lo), sp.S(b.hi)):
        if e.is_finite:
            r = sp.root(e, q) if q > 1 else e
            if not r.is_Rational:
                return None
            ends.append(r)
        else:
            ends.append(None)
    u = sp.Dummy("u", nonnegative=True) if q > 1 else x
    try:
        f = sp.together(expr.xreplace({x: u ** q}) if q > 1 else expr)
        num, den = sp.fraction(f)
        N, D = sp.Poly(num, u), sp.Poly(den, u)
    except (sp.PolynomialError, sp.GeneratorsNeeded, TypeError, ValueError):
        return None
    if max(N.degree(), D.degree()) > _FRACTION_DEGREE_LIMIT or \
            any(not c.is_Rational for c in N.coeffs() + D.coeffs()) or D.is_zero:
        return None
    lo, hi = ends
    if D.count_roots(lo, hi) != 0:
        return None
    roots = N.count_roots(lo, hi) if not N.is_zero else None
    if roots is None:
        return "identically zero" if relation in (">=0", "<=0") else None
    at_ends = [(e, st) for e, st in ((lo, b.lo_strict), (hi, b.hi_strict)) if e is not None and N.eval(e) == 0]
    if roots - len(at_ends) != 0:
        return None
    if any(not st for _, st in at_ends) and relation in (">0", "<0"):
        return None
    ub = Bound(lo if lo is not None else -sp.oo, hi if hi is not None else sp.oo)
    t = interior_sample(ub)
    v = N.eval(t) / D.eval(t)
    if v != 0 and (v > 0) == (relation in (">=0", ">0")):
        return ("Sturm root counts of numerator and denominator" +
                (f" after x = u^{q}" if q > 1 else "") + " and the sign at an inner point")
    return None


def _branch_sign(u: sp.Expr, box: Box) -> int | None:
    """+1 when ``u >= 0`` on the box is proved, -1 when ``u <= 0`` is, else ``None``."""
    if prove_sign(u, box, ">=0") is not None:
        return 1
    if prove_sign(u, box, "<=0") is not None:
        return -1
    return None


def drop_atoms(expr: sp.Expr, box: Box, open_conditions: bool = False) -> sp.Expr:
    """``expr`` with every abs / max / min / Piecewise whose branch is fixed on the box replaced by that branch.

    ``Abs(u)`` becomes ``u`` where ``u >= 0`` is proved on the box and ``-u``
    where ``u <= 0`` is; ``Max(a, b)`` becomes ``a`` where ``a - b >= 0`` is
    proved; a ``Piecewise`` takes the first branch whose condition is proved
    true after the earlier ones are proved false.  The result equals ``expr``
    at every point of the box (each replacement is justified by a proved sign).
    Innermost atoms go first, so a rewritten argument helps its parent.
    With ``open_conditions`` a Piecewise's conditions are decided on the
    box's interior only: the result then equals ``expr`` inside the box (the
    caller checks the boundary points, as :class:`PiecewiseConvex` does).
    """
    if not expr.has(sp.Abs, sp.Max, sp.Min, sp.Piecewise):
        return expr
    if expr.is_Atom:
        return expr
    if isinstance(expr, sp.Piecewise):
        where = box.interior() if open_conditions else box
        for (val, cond) in expr.args:
            t = _condition_truth(drop_atoms(cond, where) if not isinstance(cond, bool) else cond, where)
            if t is True:
                return drop_atoms(val, box, open_conditions)
            if t is None:
                break
        return expr.func(*[(drop_atoms(v, box, open_conditions), c) for v, c in expr.args])
    args = [drop_atoms(a, box, open_conditions) if isinstance(a, sp.Expr) else a for a in expr.args]
    new = expr.func(*args) if args != list(expr.args) else expr
    if isinstance(new, sp.Abs):
        s = _branch_sign(new.args[0], box)
        return new if s is None else s * new.args[0]
    if isinstance(new, (sp.Max, sp.Min)):
        keep = list(new.args)
        rel = "<=0" if isinstance(new, sp.Max) else ">=0"
        for a in list(keep):
            # a never beats another remaining candidate b: dropping a leaves the max (min) unchanged
            if any(b != a and prove_sign(a - b, box, rel) is not None for b in keep if b is not a):
                keep.remove(a)
        return keep[0] if len(keep) == 1 else new.func(*keep)
    return new


def _condition_truth(cond: Any, box: Box) -> bool | None:
    if cond is sp.true or cond is True:
        return True
    if cond is sp.false or cond is False:
        return False
    if isinstance(cond, sp.core.relational.Relational) and not isinstance(cond, (sp.Eq, sp.Ne)):
        d = cond.lhs - cond.rhs
        strict = isinstance(cond, (sp.StrictGreaterThan, sp.StrictLessThan))
        greater = isinstance(cond, (sp.StrictGreaterThan, sp.GreaterThan))
        g = d if greater else -d
        if prove_sign(g, box, ">0" if strict else ">=0") is not None:
            return True
        if prove_sign(g, box, "<=0" if strict else "<0") is not None:
            return False
        return None
    if isinstance(cond, sp.And):
        vals = [_condition_truth(c, box) for c in cond.args]
        if all(v is True for v in vals):
            return True
        if any(v is False for v in vals):
            return False
    if isinstance(cond, sp.Or):
        vals = [_condition_truth(c, box) for c in cond.args]
        if any(v is True for v in vals):
            return True
        if all(v is False for v in vals):
            return False
    return None


def interior_sample(b: Any) -> sp.Rational:
    lo, hi = b.lo, b.hi
    if lo is -sp.oo and hi is sp.oo:
        return sp.S.Zero
    if lo is -sp.oo:
        return sp.floor(hi) - 1
    if hi is sp.oo:
        return sp.ceiling(lo) + 1
    return sp.nsimplify((lo + hi) / 2) if ((lo + hi) / 2).is_Rational else sp.Rational(int(sp.floor((lo + hi) * 512)), 1024)
