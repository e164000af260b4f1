"""Polynomial stability, one floor below :mod:`symopt.theory` (floor 2).

Characteristic polynomials, Jury's and the Schur--Cohn conditions, exact
stability regions, the exact unit-circle analysis and ``is_stable``, with the
small exact helpers they rest on (``constant_sign``, ``as_number``,
``polynomial_factors``, ``algebraic_generators``, ``POLY_ERRORS``): the
machinery :mod:`symopt.theory` (and any other analysis package) uses, public
here so that no private name crosses a package (DESIGN.md: what two packages
share goes one floor down).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import sympy as sp

from ..limits import run_with_budget
from ..errors import BudgetExceeded, DimensionError, ParameterError, UndecidedError
from ..core.parse import as_expression, parse_symbols, symbol

__all__ = [
    "Z",
    "Condition",
    "characteristic_polynomial",
    "eigenvalues",
    "spectral_radius",
    "region",
    "schur_cohn_conditions",
    "stability_conditions",
    "jury_conditions",
    "is_stable",
    "unit_circle_analysis",
    "INCONCLUSIVE",
    "POLY_ERRORS",
    "linear_boundary",
    "constant_sign",
    "as_number",
    "algebraic_generators",
    "polynomial_factors",
]

Z = sp.Symbol("z")


def _momentum(beta: Any, eta: Any, lam: Any) -> sp.Matrix:
    """The texts' momentum matrix R (see :func:`symopt.stability.momentum_matrix`), for the examples here."""
    b, e, l = (as_number(a) for a in (beta, eta, lam))
    return sp.Matrix([[b, l], [-e * b, 1 - e * l]]).applyfunc(sp.expand)


def constant_sign(e: sp.Expr) -> int | None:
    """Sign of a constant: SymPy's assumptions, else a 50-digit value clearly away from 0; ``None`` if undecided."""
    if e.is_positive:
        return 1
    if e.is_negative:
        return -1
    if e.is_zero:
        return 0
    if e.is_number:
        v = sp.N(e, 50)
        if v.is_Number and v.is_finite and abs(v) > sp.Float("1e-40"):
            return 1 if v > 0 else -1
    return None


def as_number(value: Any) -> sp.Expr:
    """``as_expression`` that also takes NumPy scalars (exact value of the float)."""
    if hasattr(value, "item") and not isinstance(value, sp.Basic):
        value = value.item()
    if isinstance(value, float):
        return as_expression(float(value))
    return as_expression(value)


# --------------------------------------------------------------------- polynomials


def characteristic_polynomial(matrix: Any, z: sp.Symbol = Z) -> sp.Poly:
    """``det(z I - M)`` as a monic polynomial in ``z`` (coefficients in the parameters).

    >>> characteristic_polynomial(_momentum(*sp.symbols("beta eta lambda")))
    Poly(z**2 + (-beta + eta*lambda - 1)*z + beta, z, domain='ZZ[beta,eta,lambda]')
    """
    M = sp.Matrix(matrix)
    if M.rows != M.cols:
        raise DimensionError(f"an iteration matrix must be square, got {M.rows}x{M.cols}")
    try:
        p = run_with_budget(lambda: M.charpoly(z).as_expr(), step="stability")
    except POLY_ERRORS:  # SymPy's domain machinery can fail on algebraic entries: Berkowitz on expressions
        p = run_with_budget(lambda: sp.expand((z * sp.eye(M.rows) - M).det(method="berkowitz")), step="stability")
    return sp.Poly(sp.expand(p), z)


def _as_poly(obj: Any, z: sp.Symbol = Z) -> sp.Poly:
    if isinstance(obj, sp.Poly):
        return obj
    if isinstance(obj, (sp.MatrixBase, list)):
        return characteristic_polynomial(obj, z)
    return sp.Poly(sp.expand(as_expression(obj)), z)


def eigenvalues(matrix: Any) -> list[sp.Expr] | None:
    """Exact eigenvalues with multiplicity (roots of the characteristic polynomial),
    or ``None`` when SymPy cannot give them all in closed form within budget.

    >>> eigenvalues(sp.Matrix([[0, 1], [-1, 0]]))
    [-I, I]
    """
    p = _as_poly(matrix)
    try:
        rts = run_with_budget(sp.roots, p, step="solve")
    except BudgetExceeded:
        return None
    if sum(rts.values()) != p.degree():
        return None
    out: list[sp.Expr] = []
    for r, k in rts.items():
        out.extend([r] * k)
    try:
        out.sort(key=lambda r: (complex(sp.N(r)).real, complex(sp.N(r)).imag))
    except (TypeError, ValueError):
        pass
    return out


def spectral_radius(matrix: Any, values: Mapping[Any, Any] | None = None) -> float:
    """Numeric spectral radius ``max |eig(M)|`` at given parameter values (float64).

    For a decision use :func:`is_stable`, which is exact.

    >>> round(spectral_radius(_momentum(0.5, 0.6, 4)), 6)
    0.707107
    """
    import numpy as np

    M = sp.Matrix(matrix)
    if values:
        M = M.xreplace({symbol(k) if isinstance(k, str) else k: as_number(v) for k, v in values.items()})
    if M.free_symbols:
        raise ParameterError(f"spectral_radius needs values for {', '.join(sorted(s.name for s in M.free_symbols))}")
    A = np.array(M.evalf(30).tolist(), dtype=complex)
    return float(np.max(np.abs(np.linalg.eigvals(A))))


# ---------------------------------------------------------------- stability region


@dataclass(frozen=True)
class Condition:
    """One inequality of a stability region and where it comes from."""

    relation: sp.Basic
    origin: str


def _positive(expr: sp.Expr) -> sp.Basic:
    """``expr > 0``, factored (positive constant factors dropped) under a budget."""
    expr = sp.expand(expr)
    try:
        f = run_with_budget(sp.factor, expr, step="factor")
    except (BudgetExceeded, *POLY_ERRORS):
        f = expr
    coeff, rest = f.as_coeff_Mul()
    if coeff.is_number and coeff.is_positive:
        f = rest
    elif coeff.is_number and coeff.is_negative:
        return sp.StrictLessThan(rest, 0)
    return sp.StrictGreaterThan(f, 0)


def jury_conditions(poly: Any) -> list[Condition]:
    """Jury's conditions for a real polynomial of degree 1 or 2 (exact, necessary and sufficient).

    Degree 2, ``p = a2 z^2 + a1 z + a0``: ``a2 p(1) > 0``, ``a2 p(-1) > 0``,
    ``a2^2 - a0^2 > 0``.  Degree 1: ``a1^2 - a0^2 > 0``.

    >>> [c.relation for c in jury_conditions(sp.Poly(Z**2 - Z/2 + symbol("b"), Z))]
    [2*b + 1 > 0, 2*b + 3 > 0, b**2 < 1]
    """
    p = _as_poly(poly)
    n = p.degree()
    a = [p.nth(k) for k in range(n + 1)]
    if n == 1:
        return [Condition(_square_gap(a[1], a[0]), "|a0| < |a1|")]
    if n != 2:
        raise DimensionError(f"Jury's closed form here is for degree <= 2, got {n}; use schur_cohn_conditions")
    z = p.gens[0]
    e = p.as_expr()
    return [
        Condition(_positive(a[2] * e.subs(z, 1)), "a2 p(1) > 0"),
        Condition(_positive(a[2] * e.subs(z, -1)), "a2 p(-1) > 0"),
        Condition(_square_gap(a[2], a[0]), "|a0| < |a2|"),
    ]


def _square_gap(an: sp.Expr, a0: sp.Expr) -> sp.Basic:
    """``a0^2 < an^2``; kept as such for a lone symbol against a number, else factored."""
    if an.is_number and a0.is_Symbol:
        return sp.StrictLessThan(a0**2, an**2)
    return _positive(an**2 - a0**2)


def schur_cohn_conditions(poly: Any) -> list[Condition]:
    """The Schur--Cohn recursion: exact conditions for every root in the open unit disk.

    For real ``p = sum a_k z^k`` of degree ``n``: require ``a_n^2 - a_0^2 > 0``,
    then recurse on ``q(z) = (a_n p(z) - a_0 z^n p(1/z)) / z`` (degree ``n-1``).

    >>> [c.relation for c in schur_cohn_conditions(sp.Poly(Z - symbol("c"), Z))]
    [(c - 1)*(c + 1) < 0]
    """
    p = _as_poly(poly)
    z = p.gens[0]
    conds: list[Condition] = []
    level = 0
    while p.degree() >= 1:
        n = p.degree()
        a = [p.nth(k) for k in range(n + 1)]
        conds.append(Condition(_square_gap(a[n], a[0]), f"Schur-Cohn step {level}: |a0| < |a{n}|"))
        reversed_ = sp.Poly(sum(a[k] * z ** (n - k) for k in range(n + 1)), z)
        q = run_with_budget(lambda: sp.Poly(sp.expand((a[n] * p.as_expr() - a[0] * reversed_.as_expr()) / z), z),
                            step="expand")
        if q.degree() != n - 1 and n - 1 >= 1:
            # leading coefficient a_n^2 - a_0^2 is non-zero under the condition just added
            q = sp.Poly(q.as_expr(), z)
        try:
            q = sp.Poly(run_with_budget(sp.factor, q.as_expr(), step="factor"), z)
        except (BudgetExceeded, *POLY_ERRORS):
            pass
        p = q
        level += 1
        if level > 12:
            raise UndecidedError("polynomials of degree above 12 are not handled")
    return conds


def region(matrix: Any, params: str | Sequence[Any] | None = None) -> sp.Basic:
    """The exact stability region: spectral radius < 1, as a SymPy Boolean.

    Args:
        matrix: an iteration matrix, or a characteristic polynomial (``Poly`` in ``z``).
        params: the parameters the region is about (checked against the matrix's
            symbols; other symbols stay symbolic in the answer).

    Returns:
        ``And(...)`` of strict polynomial inequalities (Jury for degree <= 2,
        Schur--Cohn otherwise), true exactly at the real parameter values where
        every eigenvalue has modulus < 1.  (A characteristic polynomial is monic;
        a polynomial passed in with a symbolic leading coefficient is treated as
        having that degree, so values where the leading coefficient vanishes fall
        outside the region: possibly a wrong "unstable", never a wrong "stable".)

    Raises:
        ParameterError: a named parameter the matrix does not contain.

    >>> b, e, l = sp.symbols("beta eta lambda", real=True)
    >>> region(_momentum(b, e, l), "eta, beta")
    (beta > -1) & (beta < 1) & (eta*lambda > 0) & (2*beta - eta*lambda + 2 > 0)
    """
    p = _as_poly(matrix)
    if params is not None:
        ps = parse_symbols(params)
        missing = [s.name for s in ps if s not in p.free_symbols - {Z}]
        if missing:
            raise ParameterError(f"the matrix does not depend on {', '.join(missing)}")
    if p.degree() < 1:
        return sp.true
    return _tidy(sp.And(*[c.relation for c in stability_conditions(p)]))


#: SymPy's polynomial machinery raises these on input it cannot represent (a parameter
#: under a square root, an algebraic coefficient it cannot coerce): symopt falls back.
POLY_ERRORS = (sp.PolynomialError, sp.polys.polyerrors.CoercionFailed, sp.polys.polyerrors.DomainError,
                sp.polys.polyerrors.GeneratorsNeeded, NotImplementedError, TypeError, ValueError,
                ZeroDivisionError, AttributeError, RecursionError)


def algebraic_generators(expr: sp.Basic) -> list[sp.Expr]:
    """Numeric radicals (``sqrt(6)``, ``2**(1/3)``) in ``expr``: the extension field to factor over."""
    out = []
    for a in sp.preorder_traversal(expr):
        if (isinstance(a, sp.Pow) and a.is_number and a.exp.is_Rational and not a.exp.is_Integer
                and a.base.is_Rational):
            g = a.base ** (sp.Rational(1, a.exp.q))
            if g not in out:
                out.append(g)
    return out[:4]


def polynomial_factors(p: sp.Poly, extension: Sequence[sp.Expr] | None = None) -> list[sp.Poly]:
    """The distinct non-constant factors of ``p`` in ``z``.

    Factored over the field generated by the numeric radicals in the
    coefficients (the field of the Hessian's eigenvalues for an iteration
    matrix built from a Hessian with eigenvalues ``4 +- sqrt(6)``), with the
    parameters as further polynomial variables; over the rationals when there
    are none.  Whatever SymPy cannot factor within budget stays one factor.
    """
    z = p.gens[0]
    expr = p.as_expr()
    monic = p.LC() == 1
    if monic and not expr.is_polynomial(*expr.free_symbols):
        # clear denominators in the parameters: a monic p = num/den, den free of z and
        # non-zero wherever p is defined, so each factor's leading coefficient is too
        try:
            expr = sp.fraction(run_with_budget(sp.together, expr, step="factor"))[0]
        except (BudgetExceeded, *POLY_ERRORS):
            return [p]
    params = sorted(expr.free_symbols - {z}, key=lambda t: t.name)
    ext = list(extension or []) or algebraic_generators(expr)
    try:
        if not expr.is_polynomial(z, *params):
            raise sp.PolynomialError("coefficients are not polynomial in the parameters")
        kwargs = {"extension": ext} if ext else {}
        _, factors = run_with_budget(sp.factor_list, expr, z, *params, step="factor", **kwargs)
    except BudgetExceeded:
        return [p]
    except POLY_ERRORS:
        try:
            _, factors = run_with_budget(sp.factor_list, expr, z, step="factor")
        except (BudgetExceeded, *POLY_ERRORS):
            return [p]
    out = []
    for f, _mult in factors:
        try:
            fp = sp.Poly(f, z)
            if monic and fp.degree() >= 1 and fp.LC() != 1:
                fp = sp.Poly(sp.expand(fp.as_expr() / fp.LC()), z)
        except POLY_ERRORS:
            return [p]
        if fp.degree() >= 1 and fp not in out:
            out.append(fp)
    return out or [p]


def stability_conditions(poly: Any) -> list[Condition]:
    """Exact conditions for every root of ``poly`` in the open unit disk.

    The polynomial is factored first (the roots of a product are the union of the
    factors' roots); each factor gets Jury's closed form (degree <= 2) or the
    Schur--Cohn recursion.  A factor whose leading coefficient is not a non-zero
    number (it could vanish for some parameter values) makes the whole
    polynomial go through Schur--Cohn instead.

    >>> p = sp.Poly((Z - symbol("a")) * (Z**2 - symbol("b")), Z)
    >>> [c.origin for c in stability_conditions(p)][:2]
    ['factor -a + z: |a0| < |a1|', 'factor -b + z**2: a2 p(1) > 0']
    >>> region(p)
    (a > -1) & (b > -1) & (a < 1) & (b < 1) & (1 - b > 0)
    """
    p = _as_poly(poly)
    factors = polynomial_factors(p)
    if any(not (f.LC().is_number and f.LC() != 0) for f in factors):
        factors = [p]
    conds: list[Condition] = []
    for f in factors:
        part = jury_conditions(f) if f.degree() <= 2 else schur_cohn_conditions(f)
        if len(factors) > 1:
            part = [Condition(c.relation, f"factor {f.as_expr()}: {c.origin}") for c in part]
        conds.extend(part)
    return [c for c in conds if c.relation is not sp.true]


def _tidy(boolean: sp.Basic) -> sp.Basic:
    """Drop repeated inequalities and write ``k (1 - c^2) > 0`` (c a symbol, k > 0) as ``-1 < c < 1``."""
    if boolean in (sp.true, sp.false):
        return boolean
    parts = boolean.args if isinstance(boolean, sp.And) else (boolean,)
    out: list[sp.Basic] = []
    seen: set = set()
    for rel in parts:
        d = _positive_part(rel)
        if d is None:
            out.append(rel)
            continue
        syms = sorted(d.free_symbols, key=lambda t: t.name)
        if not syms:
            out.append(rel)
            continue
        content, prim = sp.Poly(d, *syms).primitive()
        key = prim.as_expr()
        if key in seen:
            continue
        seen.add(key)
        if len(syms) == 1 and sp.expand(key - (1 - syms[0] ** 2)) == 0:
            c = syms[0]
            for extra in (sp.StrictGreaterThan(c, -1), sp.StrictLessThan(c, 1)):
                if extra not in out:
                    out.append(extra)
        else:
            out.append(rel)
    return sp.And(*out)


def _positive_part(rel: sp.Basic) -> sp.Expr | None:
    """``d`` with ``rel`` equivalent to ``d > 0`` for a strict polynomial inequality, else ``None``."""
    if isinstance(rel, sp.StrictGreaterThan):
        d = sp.expand(rel.lhs - rel.rhs)
    elif isinstance(rel, sp.StrictLessThan):
        d = sp.expand(rel.rhs - rel.lhs)
    else:
        return None
    return d if d.is_polynomial() else None


#: The reason given when an eigenvalue lies exactly on the unit circle.
INCONCLUSIVE = ("not exponentially stable; linearisation inconclusive: an eigenvalue lies on the unit circle "
                "(spectral radius exactly 1), so the linear part decides neither convergence nor divergence")


def is_stable(matrix: Any, values: Mapping[Any, Any] | None = None) -> tuple[str, str]:
    """Decide stability exactly at given parameter values.

    ``"stable"`` (proved: every eigenvalue has modulus < 1, by the exact
    Jury/Schur--Cohn inequalities), ``"unstable"`` (proved: an eigenvalue of
    modulus > 1, found exactly, see :func:`unit_circle_analysis`) or
    ``"unknown"`` with the reason.  An eigenvalue *on* the unit circle with none
    outside is ``"unknown"``: the iteration is not exponentially stable and its
    linearisation is inconclusive (``x <- x - eta*4*x**3`` converges, slowly).

    Returns:
        ``(status, reason)``.

    >>> is_stable(_momentum("1/2", "3/5", 4))
    ('stable', 'every Jury/Schur-Cohn inequality holds exactly')
    >>> is_stable(_momentum(2, "1/10", 1))[0]
    'unstable'
    >>> is_stable(sp.Matrix([[1]]))[0]
    'unknown'
    """
    M = sp.Matrix(matrix)
    env = {symbol(k) if isinstance(k, str) else k: as_number(v) for k, v in (values or {}).items()}
    M = M.xreplace(env)
    if M.free_symbols:
        return "unknown", f"no values for {', '.join(sorted(s.name for s in M.free_symbols))}"
    if M.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return "unknown", "the matrix has entries without a finite value at these parameter values"
    try:
        p = characteristic_polynomial(M)
        reg = region(p)
    except BudgetExceeded as exc:
        return "unknown", f"the characteristic polynomial or its conditions ran out of budget ({exc})"
    if reg is sp.true:
        return "stable", "every Jury/Schur-Cohn inequality holds exactly"
    if reg is not sp.false:
        return "unknown", f"could not decide {reg}"
    where = unit_circle_analysis(p)
    if where == "outside":
        return "unstable", ("a Jury/Schur-Cohn inequality fails exactly and an eigenvalue has modulus > 1 "
                            "(exact: not on the unit circle)")
    if where == "circle":
        return "unknown", INCONCLUSIVE
    return "unknown", ("a Jury/Schur-Cohn inequality fails (spectral radius >= 1), but whether an eigenvalue "
                       "lies outside the unit circle or only on it could not be decided exactly")


def _unit_circle_algebraic(p: sp.Poly, z: sp.Symbol) -> str | None:
    """Numeric (radical) coefficients: factor over their field; decide each factor of degree <= 2 exactly.

    ``z - c``: the sign of ``c^2 - 1``.  ``z^2 + a1 z + a0`` (real): complex roots
    (``a1^2 < 4 a0``) have modulus ``sqrt(a0)``; real roots are compared with +-1 through
    the signs of ``q(1)``, ``q(-1)`` and the vertex.  Signs are exact or certified
    (symopt's exact sign test), else undecided.
    """
    verdicts = []
    for f in polynomial_factors(p):
        if not all(c.is_real for c in f.all_coeffs()):
            return None
        f = sp.Poly((f.as_expr() / f.LC()).expand(), z)
        if f.degree() == 1:
            c = -f.nth(0)
            s = constant_sign(c**2 - 1)
            verdicts.append({-1: "inside", 0: "circle", 1: "outside"}.get(s))
        elif f.degree() == 2:
            a1, a0 = f.nth(1), f.nth(0)
            disc = constant_sign(a1**2 - 4 * a0)
            if disc is None:
                return None
            if disc < 0:
                s = constant_sign(a0 - 1)
                verdicts.append({-1: "inside", 0: "circle", 1: "outside"}.get(s))
            else:
                # real roots: both in (-1, 1) iff q(1) > 0, q(-1) > 0 and |vertex| < 1 (a1 = -sum)
                q1, qm1, v = constant_sign(1 + a1 + a0), constant_sign(1 - a1 + a0), constant_sign(a1**2 - 4)
                if None in (q1, qm1, v):
                    return None
                if q1 < 0 or qm1 < 0:
                    verdicts.append("outside")  # q changes sign beyond +-1: a real root outside
                elif q1 > 0 and qm1 > 0:
                    verdicts.append("inside" if v < 0 else "outside")
                else:  # a root at +1 or -1: the other root is a0 / (+-1)
                    other = constant_sign(a0**2 - 1)
                    verdicts.append(None if other is None else "outside" if other > 0 else "circle")
        else:
            return None
        if verdicts[-1] is None:
            return None
    if "outside" in verdicts:
        return "outside"
    return "circle" if "circle" in verdicts else "inside"


def _palindromic_in_w(coeffs: list[sp.Expr]) -> sp.Poly | None:
    """``G`` with ``r(z) = z^m G(z + 1/z)`` for a palindromic ``r`` of degree ``2m`` (Dickson polynomials)."""
    w = sp.Symbol("w")
    d = len(coeffs) - 1
    if d % 2:
        return None
    m = d // 2
    a = list(reversed(coeffs))  # a[k] is the coefficient of z**k
    if any(sp.expand(a[k] - a[d - k]) != 0 for k in range(d + 1)):
        return None
    dickson = [sp.Integer(2), w]
    for _ in range(2, m + 1):
        dickson.append(sp.expand(w * dickson[-1] - dickson[-2]))
    G = a[m] + sum(a[m + k] * dickson[k] for k in range(1, m + 1))
    return sp.Poly(sp.expand(G), w)


def unit_circle_analysis(poly: Any) -> str | None:
    """Where the roots of a numeric polynomial lie relative to the unit circle, exactly.

    Returns ``"inside"`` (every root has modulus < 1), ``"outside"`` (some root
    has modulus > 1), ``"circle"`` (every root has modulus <= 1 and some = 1) or
    ``None`` (undecided within budget or for coefficients outside the rationals).

    Method: a root ``z`` on the unit circle of a real polynomial ``p`` is also
    a root of its reversal ``p*(z) = z^n p(1/z)`` (``1/z = conj z``), so it is
    a root of ``g = gcd(p_sf, p_sf*)`` (``p_sf`` the square-free part); the
    cofactor ``h = p_sf / g`` has no root on the circle, so Schur--Cohn decides
    it exactly.  The roots of ``g`` come in pairs ``r, 1/r``; after removing
    ``z -+ 1`` the rest is palindromic, ``g = z^m G(z + 1/z)``, and all its roots
    lie on the circle iff ``G`` has ``m`` real roots in ``[-2, 2]`` (Sturm
    counting, exact).

    >>> unit_circle_analysis(sp.Poly(Z**2 + 1, Z)), unit_circle_analysis(sp.Poly(Z**2 - 3*Z + 1, Z))
    ('circle', 'outside')
    """
    p = _as_poly(poly)
    if p.free_symbols - set(p.gens):
        return None
    z = p.gens[0]
    try:
        return run_with_budget(_unit_circle, p, z, step="stability")
    except (BudgetExceeded, *POLY_ERRORS):
        return None


def _unit_circle(p: sp.Poly, z: sp.Symbol) -> str | None:
    if p.degree() < 1:
        return "inside"
    if not all(c.is_Rational for c in p.all_coeffs()):
        return _unit_circle_algebraic(p, z)
    ps = sp.Poly(sp.sqf_part(p.as_expr()), z)
    coeffs = ps.all_coeffs()
    while coeffs and coeffs[-1] == 0:  # roots at 0 are inside
        coeffs.pop()
    ps = sp.Poly(coeffs, z) if coeffs else sp.Poly(1, z)
    rev = sp.Poly(list(reversed(ps.all_coeffs())), z)
    g = sp.gcd(ps, rev)
    h = sp.quo(ps, g)
    if h.degree() >= 1 and region(h) is not sp.true:
        return "outside"  # h has no root on the circle: a root not inside is outside
    if g.degree() < 1:
        return "inside"
    rest = g
    for lin in (sp.Poly(z - 1, z), sp.Poly(z + 1, z)):
        q, r = sp.div(rest, lin)
        if r.is_zero:
            rest = q
    if rest.degree() < 1:
        return "circle"
    G = _palindromic_in_w([c / rest.LC() for c in rest.all_coeffs()])
    if G is None:
        lc0 = rest.all_coeffs()
        G = _palindromic_in_w([-c for c in lc0]) if lc0 else None
    if G is None:
        return None
    inside = sp.count_roots(G, -2, 2)
    return "circle" if inside == G.degree() else "outside"


def linear_boundary(matrix: Any) -> tuple[bool | None, str, sp.Poly | None]:
    """A *linear* iteration ``s+ = M s`` whose spectral radius is exactly 1: does it converge from every start?

    With every eigenvalue in the closed unit disk and some on the circle
    (:func:`unit_circle_analysis` says ``"circle"``), ``M^k s_0`` converges for
    every ``s_0`` iff the only eigenvalue on the circle is 1 and it is
    semisimple (algebraic multiplicity = ``n - rank(M - I)``): then ``M^k`` tends
    to the projection onto the fixed subspace ``ker(M - I)``.  Otherwise an
    eigenvalue ``e^{i theta} != 1`` keeps a component rotating, or a Jordan
    block at 1 makes it grow linearly.  Never exponentially stable (the fixed point is not
    attractive), though the iterates may approach their limit exponentially fast.

    Returns:
        ``(converges, reason, g)`` with ``g`` the factor of the characteristic
        polynomial whose roots are the eigenvalues on the circle (the witness),
        ``converges`` ``None`` when undecided.

    >>> linear_boundary(sp.Matrix([[1, 0], [0, sp.Rational(1, 2)]]))[0]
    True
    >>> linear_boundary(sp.Matrix([[0, -1], [1, 0]]))[0]
    False
    """
    M = sp.Matrix(matrix)
    try:
        p = characteristic_polynomial(M)
        if p.free_symbols - set(p.gens) or not all(c.is_Rational for c in p.all_coeffs()):
            return None, "the characteristic polynomial has non-rational coefficients", None
        z = p.gens[0]
        ps = sp.Poly(sp.sqf_part(p.as_expr()), z)
        rev = sp.Poly(list(reversed(ps.all_coeffs())), z)
        g = sp.gcd(ps, rev)
        # the reversal trick keeps roots r and 1/r: keep only the factors of g with every root on the circle
        g = sp.Poly(sp.Mul(*[f.as_expr() for f, _ in g.factor_list()[1]
                             if unit_circle_analysis(f) == "circle" and region(sp.Poly(f, z)) is not sp.true]), z)
        if g.degree() < 1:
            return None, "no eigenvalue on the unit circle was isolated exactly", None
        at_one = sp.Poly(z - 1, z)
        if sp.rem(g, at_one).is_zero is False or g.degree() > 1:
            return False, ("an eigenvalue on the unit circle other than 1 (a root of "
                           f"{g.as_expr()}): the component along it keeps its size (it flips sign or rotates), so the iterates "
                           "do not converge from every start"), g
        mult = 0
        q = p
        while True:
            quo, r = sp.div(q, at_one)
            if not r.is_zero:
                break
            mult, q = mult + 1, quo
        geo = M.rows - (M - sp.eye(M.rows)).rank()
    except (BudgetExceeded, *POLY_ERRORS) as exc:
        return None, f"could not decide the eigenvalues on the unit circle exactly ({exc})", None
    if geo == mult:
        return True, (f"the only eigenvalue on the unit circle is 1, semisimple (multiplicity {mult} = dim ker(M - I)):"
                      f" the iterates converge from every start to a fixed point in the {geo}-dimensional fixed "
                      "subspace ker(M - I), which depends on the start (so x* is not attractive: not exponentially stable)"), g
    return False, (f"the eigenvalue 1 has multiplicity {mult} but only {geo} independent eigenvectors (a Jordan "
                   "block): the iterates grow linearly from some starts and do not converge"), g
