"""Certified critical points and global minima.

Public API (``Objective.critical_points()`` / ``Objective.global_minimum()`` are
thin conveniences over these two functions)::

    >>> from symopt import Objective
    >>> from symopt.critical import critical_points, global_minimum
    >>> pts = critical_points(Objective("(x**2 + y - 11)**2 + (x + y**2 - 7)**2"))
    >>> len(pts), pts.complete, pts.status
    (9, True, 'complete (certified)')
    >>> pts.check()
    True
    >>> gm = global_minimum(Objective("(x**2 + y - 11)**2 + (x + y**2 - 7)**2"))
    >>> gm.lower, gm.upper, len(gm.minimisers)
    (0, 0, 4)

* :func:`critical_points` ``(obj, box=None, digits=15) -> CriticalPoints``: a
  list of :class:`~symopt.core.objective.CriticalPoint` (``point``, ``kind``,
  ``enclosure``...) with ``complete``, ``status``, ``box``, ``components``,
  ``undecided``, ``certificate`` and ``check()``.
* :func:`global_minimum` ``(obj, box=None) -> GlobalMinimum``: a certified
  enclosure ``[lower, upper]`` of ``min f`` and the minimisers (exact points or
  boxes), with ``check()``.

**Polynomial gradients** (rational coefficients; a float such as ``2.1`` in the
objective is read as the rational its decimal text denotes, ``21/10``, so the
answer is certified for that rational objective).  Let ``I = <df/dx_1, ...,
df/dx_n>``.  A reduced Groebner basis decides whether ``V(I)`` is finite
(zero-dimensional: every variable has a pure power among the leading
monomials).  Then, in the quotient ``A = Q[x]/J`` (``J = I``, or ``I`` plus the
square-free parts of the characteristic polynomials of the multiplication
maps ``M_{x_i}``, which is the radical of ``I`` by Seidenberg's lemma), a
generic linear form ``t = sum c_i x_i`` whose multiplication matrix ``M_t`` has
a square-free characteristic polynomial ``chi`` of degree ``D = dim A`` gives
the shape lemma / rational univariate representation ``x_i = g_i(t)``,
``chi(t) = 0`` (``g_i`` from the Krylov basis ``1, t, ..., t^{D-1}`` of ``A``).
Completeness is a theorem: ``|V(J)| <= D``, and the ``D`` distinct roots of
``chi`` give ``D`` distinct solutions, so they are all of them; a real root of
``chi`` gives a real point and a real point gives a real root (``t`` has real
coefficients and separates conjugate points).  Real roots of ``chi`` are
isolated by FLINT/Arb (``fmpz_poly.complex_roots``: certified balls, real roots
flagged exactly); each coordinate is identified as a root of the square-free
eliminant of its variable (rational, quadratic surd or ``CRootOf`` with its
index) by ball overlap.  Positive-dimensional critical sets are split by the
gcd of the gradient entries: its irreducible factors are reported as
``components`` (never "complete"), the rest is solved as above.

**Other gradients**: interval branch-and-bound over a box (the user's, or
``[-10, 10]^n``) with the Krawczyk operator ``K(X) = m - Y g(m) + (I - Y
g'(X))(X - m)`` (mpmath's ``iv``, outward rounding): ``K(X)`` inside the
interior of ``X`` proves exactly one zero in ``X`` (and ``K(X)`` encloses it),
``K(X) ∩ X = ∅`` or ``0 ∉ g_i(X)`` proves none.  Boxes that reach the
minimum width or the budget undecided are listed in ``undecided``; ``complete``
then is false.  ``complete`` means complete *in the box*, and ``status`` names it.

**Kinds**: the Hessian's inertia, exactly (rational points: Descartes' rule on
the characteristic polynomial, the higher-order test in one variable) or from
an interval Hessian over the point's enclosure (Weyl's inequality around the
midpoint matrix); "inconclusive" carries its reason.

**Global minimum** over ``R^n`` (polynomials): the minimum is attained when
``f`` is coercive (proved by a separable lower bound: every mixed monomial
``c x^a`` with ``|a| = k`` is bounded below by ``-|c| sum_i (a_i/k)|x_i|^k``
(weighted AM-GM) and each univariate bound must have a positive leading
coefficient) or when ``f`` is syntactically a sum of non-negative terms and a
critical point attains ``0``; then it is the least critical value.  Over a box:
Moore-Skelboe interval branch-and-bound with the monotonicity test.

References: Cox, Little, O'Shea, *Ideals, Varieties, and Algorithms*, ch. 2-3,
5 (Groebner bases, finiteness theorem); Cox, Little, O'Shea, *Using Algebraic
Geometry*, ch. 2 (multiplication matrices, Stickelberger, Seidenberg);
Rouillier 1999 (rational univariate representation); Krawczyk 1969, Moore 1977
and Neumaier, *Interval Methods for Systems of Equations* (1990), ch. 5.
"""

from __future__ import annotations

import itertools
import math
import sys
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterable, Mapping, Sequence

import sympy as sp

from .budget import run_with_budget
from .config import config
from .errors import BudgetExceeded, DimensionError, SymoptError
from .core.objective import (
    CriticalPoint,
    CriticalPoints,
    Objective,
    _exact_at,
    classify_hessian,
    exact_sign,
    natural_key,
)

__all__ = [
    "critical_points",
    "global_minimum",
    "GlobalMinimum",
    "Component",
    "AlgebraicCertificate",
    "IntervalCertificate",
    "DEFAULT_HALF_WIDTH",
    "MAX_INTERVAL_VARIABLES",
    "rationalize",
    "minimum_from_points",
    "check_points",
]

#: The default box for non-polynomial objectives: ``[-DEFAULT_HALF_WIDTH, DEFAULT_HALF_WIDTH]^n``.
DEFAULT_HALF_WIDTH = 10

#: Most variables the interval search takes on (one Krawczyk step evaluates n^2 Hessian entries).
MAX_INTERVAL_VARIABLES = 6

Box = tuple[tuple[float, float], ...]


# ----------------------------------------------------------------------------- small helpers


def rationalize(expr: sp.Expr) -> sp.Expr:
    """Replace every Float by the rational its decimal text denotes (``2.1 -> 21/10``)."""
    floats = expr.atoms(sp.Float)
    if not floats:
        return expr
    return expr.xreplace({f: sp.Rational(str(f)) for f in floats})


def _box_text(box: Box) -> str:
    def num(v: float) -> str:
        return f"{v:g}"

    if len(set(box)) == 1:
        lo, hi = box[0]
        return f"[{num(lo)}, {num(hi)}]^{len(box)}" if len(box) > 1 else f"[{num(lo)}, {num(hi)}]"
    return " x ".join(f"[{num(lo)}, {num(hi)}]" for lo, hi in box)


def _as_box(box: Any, n: int) -> Box:
    """A box as float pairs, rounded outwards so it covers the box asked for."""
    if box is None:
        return tuple((-float(DEFAULT_HALF_WIDTH), float(DEFAULT_HALF_WIDTH)) for _ in range(n))
    if isinstance(box, (int, float)) and not isinstance(box, bool):
        return tuple((-float(box), float(box)) for _ in range(n))
    pairs = list(box)
    if len(pairs) == 2 and all(isinstance(p, (int, float, sp.Number)) for p in pairs):
        pairs = [tuple(pairs)] * n
    if len(pairs) != n:
        raise DimensionError(f"the box has {len(pairs)} sides for {n} variable(s)")
    out = []
    for pair in pairs:
        lo, hi = (float(sp.Rational(str(v)) if isinstance(v, str) else v) for v in pair)
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
            raise DimensionError(f"a box side must be a finite interval lo < hi, not {pair}")
        out.append((math.nextafter(lo, -math.inf) if float(lo) != lo else lo, hi))
    return tuple(out)


def _frac(x: Any) -> sp.Rational:
    """An exact rational from an arb endpoint / mpf / float."""
    if hasattr(x, "_mpf_"):  # mpmath mpf: (sign, man, exp, bc)
        sign, man, exp, _ = x._mpf_
        if not man and exp:
            raise ValueError(f"{x} is not a finite number")
        return (-1 if sign else 1) * sp.Rational(int(man)) * sp.Rational(2) ** int(exp)
    if hasattr(x, "man_exp"):
        man, exp = x.man_exp()
        return sp.Rational(int(man)) * sp.Rational(2) ** int(exp)
    f = Fraction(x)
    return sp.Rational(f.numerator, f.denominator)


def _deadline() -> float:
    """When interval searches stop (leaving undecided boxes): the ``critical_points`` budget,
    or sooner when an enclosing budget ends sooner (minus a margin to assemble the result)."""
    from .budget import deadline_remaining

    seconds = config.budget_for("interval")
    seconds = seconds if seconds is not None else 1e9
    outer = deadline_remaining()
    if outer is not None:
        seconds = min(seconds, 0.8 * outer)
    return time.monotonic() + seconds


# ----------------------------------------------------------------------------- result types


@dataclass(frozen=True)
class Component:
    """A positive-dimensional piece of the critical set: ``{x : equation(x) = 0}``.

    Attributes:
        equation: a polynomial (an irreducible factor of the gcd of the gradient entries).
        dimension: the complex dimension (``n - 1`` for a hypersurface).
    """

    equation: sp.Expr
    dimension: int

    def __repr__(self) -> str:
        return f"Component({self.equation} = 0, complex dimension {self.dimension})"


@dataclass(frozen=True)
class GlobalMinimum:
    """A certified enclosure of ``min f`` and where it is attained.

    Attributes:
        status: ``"certified"`` or ``"unknown"``.
        lower, upper: rationals with ``lower <= min f <= upper`` (``None`` when unknown).
        domain: ``"R^n"`` (n the dimension) or the box's text.
        minimisers: exact points ``{var: value}`` (polynomial case) or boxes
            ``{var: (lo, hi)}`` that together contain every minimiser.
        proof: why the minimum is attained and where it is (coercivity bound,
            sum of squares, branch-and-bound tree size).
        reason: for ``unknown``, why.
    """

    status: str
    lower: sp.Rational | None
    upper: sp.Rational | None
    domain: str
    minimisers: tuple = ()
    proof: str = ""
    reason: str = ""
    _evidence: Any = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:
        if self.status != "certified":
            return f"GlobalMinimum(unknown: {self.reason[:80]})"
        value = self.lower if self.lower == self.upper else f"[{float(self.lower):.10g}, {float(self.upper):.10g}]"
        return f"GlobalMinimum(min f = {value} on {self.domain}, {len(self.minimisers)} minimiser(s))"

    def _repr_latex_(self) -> str | None:
        from . import display

        if self.status != "certified":
            return None
        if self.lower == self.upper:
            return display.latex_block(self.lower, label=r"\min f")
        return rf"$$\min f \in \left[{float(self.lower):.15g},\ {float(self.upper):.15g}\right]$$"

    def _repr_html_(self) -> str:
        from . import display

        rows = [["status", self.status], ["domain", self.domain], ["lower", self.lower], ["upper", self.upper]]
        rows += [[f"minimiser {k + 1}", display.math_text(m)] for k, m in enumerate(self.minimisers[:20])]
        return display.html_table(["", ""], rows, title="GlobalMinimum", notes=[self.proof or self.reason])

    def check(self) -> bool:
        """Re-verify the enclosure from the evidence (independently of the search)."""
        if self.status != "certified" or self._evidence is None:
            return False
        return bool(self._evidence.check(self))


@dataclass(frozen=True)
class AlgebraicCertificate:
    """Evidence that a list of real critical points of a polynomial is complete.

    Attributes:
        variables: the variables.
        equations: the gradient entries (rational coefficients).
        added: square-free eliminants added to reach the radical (may be empty).
        form: coefficients ``c`` of the separating form ``t = sum c_i x_i``.
        eliminant: ``chi`` as ascending rational coefficients.
        parametrisation: ``g_i`` as ascending rational coefficients (``x_i = g_i(t)``).
        intervals: isolating intervals (rational endpoints) of ``chi``'s real roots, ascending.
        eliminants: the square-free eliminant of each variable (ascending coefficients).
    """

    variables: tuple
    equations: tuple
    added: tuple
    form: tuple
    eliminant: tuple
    parametrisation: tuple
    intervals: tuple
    eliminants: tuple

    def __repr__(self) -> str:
        return (f"AlgebraicCertificate(deg chi = {len(self.eliminant) - 1}, "
                f"{len(self.intervals)} real root(s), t = {self.form})")

    def check(self, points: Sequence[CriticalPoint]) -> bool:
        """Re-verify: Groebner basis recomputed by another algorithm (F5B), the count
        ``|V| <= D`` from its standard monomials, ``chi`` square-free of degree ``D``,
        ``f_j(g(T)) = 0`` and ``t(g(T)) = T`` modulo ``chi``, Sturm counts of real roots,
        and each point's exact coordinates and enclosures."""
        try:
            return run_with_budget(_check_algebraic, self, list(points), step="critical_points")
        except (BudgetExceeded, SymoptError, ValueError, ZeroDivisionError, ArithmeticError,
                sp.polys.polyerrors.BasePolynomialError):
            return False


@dataclass(frozen=True)
class IntervalCertificate:
    """Evidence of an interval branch-and-bound for ``grad f = 0`` over a box.

    Attributes:
        variables: the variables.
        gradient: the gradient entries.
        hessian: the Hessian (rows of entries).
        box: the box searched.
        tree: nested tuples: ``("split", axis, at, left, right)``, ``("none", i)``
            (``0 not in g_i(X)``, or ``i = -1``: ``K(X) ∩ X`` empty), ``("unique",)``
            (``K(X)`` inside ``X``), ``("undecided", why)``.
    """

    variables: tuple
    gradient: tuple
    hessian: tuple
    box: Box
    tree: tuple

    def __repr__(self) -> str:
        counts = _tree_counts(self.tree)
        return f"IntervalCertificate(box {_box_text(self.box)}, {counts})"

    def check(self, points: Sequence[CriticalPoint], undecided: Sequence = ()) -> bool:
        """Re-verify every leaf of the tree with fresh interval evaluations and match the
        listed points one-to-one with the ``unique`` leaves (each point's enclosure must
        satisfy Krawczyk's existence test and lie in its leaf)."""
        try:
            return run_with_budget(_check_interval, self, list(points), list(undecided), step="critical_points")
        except (BudgetExceeded, SymoptError, ValueError, ZeroDivisionError, ArithmeticError,
                sp.polys.polyerrors.BasePolynomialError):
            return False


def _tree_counts(tree: tuple) -> str:
    counts = {"none": 0, "unique": 0, "undecided": 0}
    stack = [tree]
    while stack:
        node = stack.pop()
        if node[0] == "split":
            stack += [node[3], node[4]]
        else:
            counts[node[0]] += 1
    return f"{counts['unique']} unique, {counts['none']} excluded, {counts['undecided']} undecided leaves"


# ----------------------------------------------------------------------------- flint helpers


def _flint():
    import flint

    return flint


def _fq(c: Any):
    flint = _flint()
    if isinstance(c, flint.fmpq):
        return c
    if isinstance(c, int):
        return flint.fmpq(c)
    num = getattr(c, "numerator", None)
    if num is None:
        num, den = c.p, c.q
    else:
        den = c.denominator
        num = num() if callable(num) else num
        den = den() if callable(den) else den
    return flint.fmpq(int(num), int(den))


def _sq(c: Any) -> sp.Rational:
    """A SymPy Rational from a flint fmpq / int / QQ element."""
    c = _fq(c)
    return sp.Rational(int(c.p), int(c.q))


class _Prec:
    """Run a block at ``bits`` of Arb precision (restored on exit)."""

    def __init__(self, bits: int):
        self.bits = bits

    def __enter__(self):
        flint = _flint()
        self.saved = flint.ctx.prec
        flint.ctx.prec = self.bits

    def __exit__(self, *exc):
        _flint().ctx.prec = self.saved


def _arb_poly(coeffs: Sequence, x: Any) -> Any:
    """Horner evaluation of ascending rational coefficients at an arb ball."""
    flint = _flint()
    acc = flint.arb(0)
    for c in reversed(coeffs):
        acc = acc * x + flint.arb(_fq(c))
    return acc


def _arb_mpoly(terms: Sequence[tuple[tuple[int, ...], Any]], balls: Sequence[Any]) -> Any:
    flint = _flint()
    acc = flint.arb(0)
    for mono, c in terms:
        t = flint.arb(_fq(c))
        for b, e in zip(balls, mono):
            if e:
                t = t * b**e
        acc = acc + t
    return acc


def _real_roots(zpoly: Any) -> list:
    """Certified real roots (arb balls, ascending) of a square-free integer polynomial."""
    if zpoly.degree() < 1:
        return []
    return [r.real for r, _ in zpoly.complex_roots() if r.imag.is_zero()]


def _ball_interval(b: Any) -> tuple[sp.Rational, sp.Rational]:
    return _frac(b.lower()), _frac(b.upper())


# ----------------------------------------------------------------------------- polynomial engine


class _NotZeroDimensional(Exception):
    pass


def _ring(variables: Sequence[sp.Symbol]):
    from sympy.polys.orderings import grevlex
    from sympy.polys.rings import ring

    R, *_ = ring(list(variables), sp.QQ, grevlex)
    return R


def _groebner(F: list, R: Any, method: str = "buchberger") -> list:
    from sympy.polys.groebnertools import groebner

    F = [f for f in F if f]
    if not F:
        return []
    return groebner(F, R, method=method)


def _standard_monomials(G: list, n: int) -> list[tuple[int, ...]]:
    """Monomials outside the initial ideal; raises _NotZeroDimensional for an infinite set."""
    if any(g.LM == (0,) * n for g in G):
        return []
    leads = [g.LM for g in G]
    bounds = []
    for i in range(n):
        pure = [m[i] for m in leads if m[i] > 0 and all(m[j] == 0 for j in range(n) if j != i)]
        if not pure:
            raise _NotZeroDimensional
        bounds.append(min(pure))
    if math.prod(bounds) > 200_000:
        raise UnsupportedComplexity(f"the quotient ring has up to {math.prod(bounds)} standard monomials")
    out = []
    for m in itertools.product(*(range(b) for b in bounds)):
        if not any(all(m[i] >= l[i] for i in range(n)) for l in leads):
            out.append(m)
    out.sort(key=lambda m: (sum(m), m))
    return out


class UnsupportedComplexity(Exception):
    """The exact method would be too large; the caller falls back."""


def _coords(poly: Any, index: dict, D: int) -> list:
    vec = [0] * D
    for mono, c in poly.items():
        vec[index[mono]] = c
    return vec


def _quotient(F: list, R: Any, n: int):
    """(G, standard monomials, multiplication matrices M_{x_i}) of the ideal <F>."""
    flint = _flint()
    G = _groebner(F, R)
    std = _standard_monomials(G, n)
    D = len(std)
    index = {m: k for k, m in enumerate(std)}
    mats = []
    for i in range(n):
        rows = [[0] * D for _ in range(D)]
        for j, m in enumerate(std):
            mono = tuple(e + (1 if k == i else 0) for k, e in enumerate(m))
            if mono in index:
                rows[index[mono]][j] = 1
            else:
                nf = R({mono: 1}).rem(G)
                for mm, c in nf.items():
                    rows[index[mm]][j] = c
        mats.append(flint.fmpq_mat(D, D, [_fq(c) for row in rows for c in row]))
    return G, std, mats


def _sqfree(p: Any) -> Any:
    g = p.gcd(p.derivative())
    return p if g.degree() < 1 else p / g


def _forms(n: int) -> Iterable[tuple[int, ...]]:
    yield tuple(1 if i == 0 else 0 for i in range(n))
    for k in (2, 3, -2, 5, 7, -3, 11, 13, -5, 17):
        yield tuple(k**i for i in range(n))


def _univariate_representation(F: list, R: Any, variables: Sequence[sp.Symbol]):
    """Shape-lemma data of the zero set of F (see the module docstring).

    Returns (added, form, chi, g list, eliminants) with fmpq_poly objects.
    """
    flint = _flint()
    n = len(variables)
    added: list = []
    G, std, mats = _quotient(F, R, n)
    for attempt in range(2):
        D = len(std)
        if D == 0:
            return tuple(added), (1,) + (0,) * (n - 1), flint.fmpq_poly([1]), [flint.fmpq_poly([]) for _ in range(n)], []
        for form in _forms(n):
            Mt = mats[0] * form[0]
            for c, M in zip(form[1:], mats[1:]):
                if c:
                    Mt = Mt + M * c
            chi = Mt.charpoly()
            if chi.gcd(chi.derivative()).degree() > 0:
                continue
            # Krylov basis 1, t, ..., t^(D-1) of the quotient ring
            one = [0] * D
            one[std.index((0,) * n)] = 1
            v = flint.fmpq_mat(D, 1, one)
            cols = [v]
            for _ in range(D - 1):
                v = Mt * v
                cols.append(v)
            K = flint.fmpq_mat(D, D, [cols[j][i, 0] for i in range(D) for j in range(D)])
            index = {m: k for k, m in enumerate(std)}
            B = []
            for i in range(n):
                mono = tuple(1 if k == i else 0 for k in range(n))
                vec = _coords(R({mono: 1}).rem(G), index, D)
                B.append(vec)
            Bm = flint.fmpq_mat(D, n, [_fq(B[j][i]) for i in range(D) for j in range(n)])
            A = K.solve(Bm)
            gs = [flint.fmpq_poly([A[k, i] for k in range(D)]) for i in range(n)]
            elim = [_sqfree(M.charpoly()) for M in mats]
            return tuple(added), form, chi, gs, elim
        if attempt == 0:  # not radical: add the square-free eliminants (Seidenberg) and retry
            for i, M in enumerate(mats):
                q = _sqfree(M.charpoly())
                added.append((i, q))
                F = F + [_upoly_to_ring(q, R, i, n)]
            G, std, mats = _quotient(F, R, n)
    raise UnsupportedComplexity("no separating linear form found among the forms tried")


def _upoly_to_ring(q: Any, R: Any, i: int, n: int) -> Any:
    terms = {}
    for k, c in enumerate(q.coeffs()):
        if c != 0:
            terms[tuple(k if j == i else 0 for j in range(n))] = sp.QQ(int(_fq(c).p), int(_fq(c).q))
    return R(terms)


def _exact_root(fac: Any, k: int, x: sp.Symbol) -> sp.Expr:
    """The k-th real root (ascending) of an irreducible integer polynomial, exactly."""
    c = [int(v) for v in fac.coeffs()]
    if len(c) == 2:
        return sp.Rational(-c[0], c[1])
    if len(c) == 3:
        a, b, cc = c[2], c[1], c[0]
        s = sp.sqrt(sp.Integer(b * b - 4 * a * cc))
        roots = [(-b - s) / (2 * a), (-b + s) / (2 * a)]
        if a < 0:
            roots.reverse()
        return sp.radsimp(roots[k])
    poly = sp.Poly(list(reversed(c)), x)
    return sp.CRootOf(poly, k)


def _polynomial_points(obj: Objective, grads: list, hess: sp.Matrix, digits: int) -> CriticalPoints:
    """The certified, complete real critical points of a polynomial (or components + points)."""
    flint = _flint()
    variables = obj.variables
    n = len(variables)
    R = _ring(variables)
    polys = [R.from_expr(g) for g in grads]  # sparse: hundreds of variables stay cheap
    nonzero = [p for p in polys if p]
    components: list[Component] = []
    system = nonzero
    if nonzero and n >= 2:
        h = nonzero[0]
        for p in nonzero[1:]:
            if h.LM == (0,) * n:
                break
            h = h.gcd(p)
        if h and h.LM != (0,) * n:
            _, factors = sp.factor_list(h.as_expr(), *variables)
            components = [Component(sp.expand(f), n - 1) for f, _ in factors]
            system = [p.exquo(h) for p in nonzero]
    if not nonzero:
        return CriticalPoints([CriticalPoint(dict(zip(variables, variables)), "inconclusive", reason="the gradient is identically zero")],
                              complete=False, note="the gradient is identically zero: every point is critical",
                              components=(Component(sp.Integer(0), n),), objective=obj)
    F = list(system)
    added, form, chi, gs, elim = _univariate_representation(F, R, variables)
    points, intervals = _isolate(obj, chi, gs, elim, hess, digits)
    cert = AlgebraicCertificate(
        tuple(variables),
        tuple(p.as_expr() for p in system),
        tuple((i, tuple(_sq(c) for c in q.coeffs())) for i, q in added),
        tuple(form),
        tuple(_sq(c) for c in chi.coeffs()),
        tuple(tuple(_sq(c) for c in g.coeffs()) for g in gs),
        tuple(intervals),
        tuple(tuple(_sq(c) for c in q.coeffs()) for q in elim),
    )
    if components:
        eqs = ", ".join(f"{c.equation} = 0" for c in components)
        note = (f"grad f = 0 contains the hypersurface(s) {eqs} (the gcd of the gradient entries); "
                f"the {len(points)} point(s) listed are every real solution off them (certified)")
        return CriticalPoints(points, complete=False, note=note, components=tuple(components), certificate=cert,
                              objective=obj, status=f"incomplete: the critical set contains {eqs}")
    note = (f"every real critical point (certified: Groebner basis, shape lemma with t = "
            f"{_form_text(form, variables)}, eliminant of degree {chi.degree()}, Arb root isolation)")
    return CriticalPoints(points, complete=True, note=note, certificate=cert, objective=obj)


def _form_text(form: Sequence[int], variables: Sequence[sp.Symbol]) -> str:
    return str(sum(c * v for c, v in zip(form, variables)))


def _isolate(obj: Objective, chi: Any, gs: list, elim: list, hess: sp.Matrix, digits: int):
    """Real roots of chi -> exact, certified points with their kinds."""
    flint = _flint()
    variables = obj.variables
    n = len(variables)
    Z = chi.numer()
    factor_lists = []
    for q in elim:
        _, facs = q.numer().factor()
        factor_lists.append([f for f, _ in facs])
    prec = max(80, int(digits * 3.33) + 40)
    while True:
        with _Prec(prec):
            thetas = _real_roots(Z)
            cand = [[(f, k, b) for f in facs for k, b in enumerate(_real_roots(f))] for facs in factor_lists]
            rows = []
            ok = True
            for th in thetas:
                balls = [_arb_poly(g.coeffs(), th) for g in gs]
                exact = []
                for i, b in enumerate(balls):
                    if float(b.rad()) > 10.0 ** (-digits) * max(1.0, abs(float(b.mid()))):
                        ok = False
                        break
                    hits = [(f, k) for f, k, rb in cand[i] if rb.overlaps(b)]
                    if len(hits) != 1:
                        ok = False
                        break
                    exact.append((_exact_root(hits[0][0], hits[0][1], variables[i]), hits[0][0]))
                if not ok:
                    break
                rows.append((_ball_interval(th), balls, exact, [_ball_interval(b) for b in balls]))
        if ok or prec > 8000:
            break
        prec *= 2
    if not ok:
        raise UnsupportedComplexity("root isolation did not separate the coordinates")
    points = []
    intervals = []
    for th_interval, balls, exact, enclosure in rows:
        intervals.append(th_interval)
        point = dict(zip(variables, (e for e, _ in exact)))
        enclosure = tuple(enclosure)
        kind, eig, reason = _kind_algebraic(obj, point, [f for _, f in exact], balls, hess, prec)
        points.append(CriticalPoint(point, kind, eig, False, reason, enclosure=enclosure))
    order = sorted(range(len(points)), key=lambda k: tuple(float(b.mid()) for b in rows[k][1]))
    return [points[k] for k in order], intervals


# ----------------------------------------------------------------------------- kinds


def _weyl_inertia(mid: Any, rad: Any) -> tuple[int, int, tuple[float, ...]] | None:
    """(positive, negative, eigenvalues) for every symmetric matrix within ``rad`` of ``mid``.

    Weyl: each eigenvalue of ``mid + E`` is within ``||E||_2 <= ||E||_F`` of one of
    ``mid``'s; ``eigvalsh``'s own backward error is bounded by ``64 (n+1) eps ||mid||_F``.
    Returns ``None`` when an eigenvalue is within that margin of 0.
    """
    import numpy as np

    mid = np.asarray(mid, dtype=float)
    rad = np.asarray(rad, dtype=float)
    if not (np.all(np.isfinite(mid)) and np.all(np.isfinite(rad))):
        return None
    n = mid.shape[0]
    mid = (mid + mid.T) / 2
    rad = np.maximum(rad, rad.T) + 4 * np.finfo(float).eps * np.abs(mid)
    lam = np.linalg.eigvalsh(mid)
    margin = float(np.linalg.norm(rad)) * (1 + 1e-9) + 64 * (n + 1) * np.finfo(float).eps * float(np.linalg.norm(mid)) + 1e-300
    if np.any(np.abs(lam) <= margin):
        return None
    pos = int(np.sum(lam > 0))
    return pos, n - pos, tuple(float(v) for v in lam)


def _kind_from_inertia(pos: int, neg: int, n: int, how: str) -> tuple[str, str]:
    if pos and neg:
        return "saddle", f"Hessian has eigenvalues of both signs; {how}"
    if pos == n:
        return "minimum", f"Hessian positive definite; {how}"
    return "maximum", f"Hessian negative definite; {how}"


def _hessian_terms(hess: sp.Matrix, variables: Sequence[sp.Symbol]) -> list:
    n = len(variables)
    R = _ring(variables)
    return [[list(R.from_expr(hess[i, j]).terms()) for j in range(n)] for i in range(n)]


def _kind_algebraic(obj: Objective, point: dict, factors: list, balls: list, hess: sp.Matrix, prec: int):
    """Kind of a critical point of a polynomial: exact for rational points, Arb + Weyl otherwise."""
    variables = obj.variables
    n = len(variables)
    if all(v.is_Rational for v in point.values()):
        H = hess.xreplace(point)
        kind, eig, reason = classify_hessian(H)
        if kind == "inconclusive" and n == 1:
            kind, reason = _higher_order_1d(obj, hess, factors[0], balls[0], prec, reason)
        elif kind == "inconclusive":
            kind, reason = higher_order_nd(rationalize(obj.expr), obj.variables, point, reason)
        return kind, eig, reason
    terms = _hessian_terms(hess, variables)
    with _Prec(prec):
        H = [[_arb_mpoly(terms[i][j], balls) for j in range(n)] for i in range(n)]
        mid = [[float(h.mid()) for h in row] for row in H]
        rad = [[float(h.rad()) for h in row] for row in H]
    res = _weyl_inertia(mid, rad)
    if res is not None:
        pos, neg, eig = res
        kind, reason = _kind_from_inertia(pos, neg, n, "eigenvalue signs certified by Weyl's bound on an Arb enclosure of the Hessian")
        return kind, eig, reason
    if n == 1:
        kind, reason = _higher_order_1d(obj, hess, factors[0], balls[0], prec, "f'' = 0 at the point")
        return kind, (), reason
    return "inconclusive", (), "the Hessian is singular at this algebraic point (its eigenvalue enclosure contains 0); no higher-order test in several variables"


def _higher_order_1d(obj: Objective, hess: sp.Matrix, factor: Any, ball: Any, prec: int, fallback: str) -> tuple[str, str]:
    """First non-vanishing derivative f^(k) at a root of the irreducible ``factor`` (exact test:
    f^(k)(theta) = 0 iff the minimal polynomial divides f^(k)); its sign from an Arb ball."""
    flint = _flint()
    (x,) = obj.variables
    d = sp.Poly(hess[0, 0], x, domain=sp.QQ)
    m = sp.Poly(list(reversed([int(c) for c in factor.coeffs()])), x, domain=sp.QQ)
    for k in range(3, 40):
        d = d.diff(x)
        if d.is_zero:
            return "inconclusive", f"{fallback}; every derivative vanishes"
        if d.rem(m).is_zero:
            continue
        coeffs = list(reversed(d.all_coeffs()))
        with _Prec(prec):
            val = _arb_poly(coeffs, ball)
            s = 1 if val > 0 else (-1 if val < 0 else 0)
        if s == 0:
            return "inconclusive", f"{fallback}; sign of f^({k}) not separated from 0"
        if k % 2:
            return "saddle", f"f'' = ... = f^({k - 1}) = 0 and f^({k}) != 0 with k = {k} odd: inflection (saddle point); exact test"
        kind = "minimum" if s > 0 else "maximum"
        return kind, f"higher-order test: first non-zero derivative f^({k}) {'>' if s > 0 else '<'} 0, k even; exact test"
    return "inconclusive", f"{fallback}; derivatives up to order 40 vanish"


def _directions(n: int, hess: sp.Matrix) -> list[tuple]:
    """Rational directions to try: the axes, e_i +- e_j, and a basis of the Hessian's null space."""
    dirs: list[tuple] = [tuple(sp.Integer(int(i == k)) for i in range(n)) for k in range(n)]
    for i, j in itertools.combinations(range(n), 2):
        for sign in (1, -1):
            dirs.append(tuple(sp.Integer(1 if k == i else sign if k == j else 0) for k in range(n)))
    try:
        for v in hess.nullspace():
            if all(c.is_Rational for c in v):
                dirs.append(tuple(v))
    except (TypeError, ValueError, ArithmeticError):
        pass
    return dirs


def _leading_term(g: sp.Expr, h: Sequence[sp.Symbol], d: tuple, t: sp.Symbol) -> tuple[int, sp.Rational] | None:
    """``(k, c)`` with ``g(t d) = c t^k + O(t^(k+1))``, ``c != 0``; ``None`` if ``g`` vanishes on the line."""
    q = sp.Poly(sp.expand(g.xreplace({hi: di * t for hi, di in zip(h, d)})), t)
    for (k,), c in sorted(q.terms()):
        if c != 0:
            return k, c
    return None


def higher_order_nd(f: sp.Expr, variables: Sequence[sp.Symbol], point: Mapping, fallback: str,
                    radius: sp.Rational = sp.Rational(1, 10)) -> tuple[str, str]:
    """Kind of a critical point of a polynomial where the Hessian is singular (``n >= 2``),
    at a rational ``point``, by exact tests on ``g(h) = f(p + h) - f(p)``:

    * **saddle** when a line ``t -> p + t d`` (rational ``d``: the axes, ``e_i +- e_j``,
      the Hessian's null vectors) has ``g(t d) = c t^k + O(t^(k+1))`` with ``k`` odd, or
      two lines have leading terms of opposite sign: ``g`` takes both signs
      arbitrarily close to ``p``;
    * **minimum** (maximum) when ``g >= 0`` (``<= 0``) is proved on the box
      ``|h_i| <= radius`` by :func:`symopt.certificate.prove_sign`: a local
      extremum, possibly not strict;
    * otherwise ``"inconclusive"`` with the reason.

    Deterministic, so :func:`check_points` re-runs it to re-derive the kind.
    """
    from .exact.signs import prove_sign, sign_by_factors
    from .core.domain import Bound, Box

    n = len(variables)
    if n < 2 or not all(getattr(point.get(v), "is_Rational", False) for v in variables):
        return "inconclusive", fallback
    h = sp.symbols(f"_h0:{n}", real=True)
    t = sp.Symbol("_t", real=True)
    shift = {v: point[v] + hi for v, hi in zip(variables, h)}
    try:
        g = sp.expand(f.xreplace(shift) - f.xreplace(dict(point)))
        if not g.is_polynomial(*h) or g.free_symbols - set(h):
            return "inconclusive", fallback
        hess = sp.hessian(g, h).xreplace({hi: 0 for hi in h})
        signs: dict[int, tuple] = {}
        for d in _directions(n, hess):
            lead = _leading_term(g, h, d, t)
            if lead is None:
                continue
            k, c = lead
            if k % 2:
                return "saddle", (f"{fallback}; along direction {tuple(d)} f(p + t d) - f(p) = {c}*t^{k} + ... "
                                  f"with k = {k} odd: it changes sign at p (exact higher-order test)")
            signs.setdefault(1 if c > 0 else -1, (d, k, c))
        if len(signs) == 2:
            (d1, k1, c1), (d2, k2, c2) = signs[1], signs[-1]
            return "saddle", (f"{fallback}; f(p + t d) - f(p) ~ {c1}*t^{k1} > 0 along {tuple(d1)} and ~ {c2}*t^{k2} < 0 "
                              f"along {tuple(d2)} (exact higher-order test)")
        box = Box(tuple(h), tuple(Bound(-radius, radius) for _ in h))
        for relation, kind in ((">=0", "minimum"), ("<=0", "maximum")):
            if signs and (1 if kind == "minimum" else -1) not in signs:
                continue
            how = prove_sign(g, box, relation) or sign_by_factors(g, box, relation)
            if how is not None:
                word = ">=" if kind == "minimum" else "<="
                return kind, (f"{fallback}; f(p + h) - f(p) {word} 0 for |h_i| <= {radius} ({how}): a local {kind}, "
                              f"possibly not strict (higher-order test)")
    except (TypeError, ValueError, ArithmeticError, sp.PolynomialError, RecursionError):
        return "inconclusive", fallback
    return "inconclusive", f"{fallback}; the higher-order test in several variables did not decide"


# ----------------------------------------------------------------------------- interval engine


def _iv():
    from mpmath import iv

    return iv


def _env(variables: Sequence[sp.Symbol], X: Box) -> dict:
    iv = _iv()
    return {v: iv.mpf([lo, hi]) for v, (lo, hi) in zip(variables, X)}


def _raw(t: tuple) -> Fraction:
    """The exact value of a raw mpf tuple ``(sign, man, exp, bc)``."""
    sign, man, exp, _ = t
    if not man:
        if exp:  # inf / nan
            raise ArithmeticError("an interval endpoint is not finite")
        return Fraction(0)
    v = Fraction(int(man)) * (Fraction(2) ** int(exp))
    return -v if sign else v


def _lo(x: Any) -> float:
    """A float <= the interval's lower end (beyond float range: -inf, or the largest float)."""
    try:
        v = _raw(x._mpi_[0])
    except ArithmeticError:
        return -math.inf
    try:
        f = float(v)
    except OverflowError:
        return -math.inf if v < 0 else sys.float_info.max
    return f if f <= v else math.nextafter(f, -math.inf)


def _hi(x: Any) -> float:
    """A float >= the interval's upper end (beyond float range: inf, or minus the largest float)."""
    try:
        v = _raw(x._mpi_[1])
    except ArithmeticError:
        return math.inf
    try:
        f = float(v)
    except OverflowError:
        return math.inf if v > 0 else -sys.float_info.max
    return f if f >= v else math.nextafter(f, math.inf)


def _lo_q(x: Any) -> sp.Rational:
    v = _raw(x._mpi_[0])
    return sp.Rational(v.numerator, v.denominator)


def _hi_q(x: Any) -> sp.Rational:
    v = _raw(x._mpi_[1])
    return sp.Rational(v.numerator, v.denominator)


def _enc(expr: sp.Expr, env: dict) -> Any:
    """An interval enclosure (``Undefined`` where none exists, including values too large for
    mpmath: ``exp(exp(exp(200)))`` would need an exponent of 10^86 digits)."""
    from .exact.interval import Undefined, enclose

    try:
        return enclose(expr, env)
    except (MemoryError, OverflowError, RecursionError) as exc:
        raise Undefined(f"the enclosure is too large to compute ({type(exc).__name__})") from None


def _krawczyk(grad: Sequence, hess: Sequence, variables: Sequence[sp.Symbol], X: Box) -> list | None:
    """``K(X)`` as a list of intervals, or ``None`` when the midpoint Jacobian is singular."""
    import numpy as np

    iv = _iv()
    n = len(X)
    m = [lo + (hi - lo) / 2 for lo, hi in X]
    m = [min(max(mi, lo), hi) for mi, (lo, hi) in zip(m, X)]
    env_m = {v: iv.mpf(mi) for v, mi in zip(variables, m)}
    gm = [_enc(g, env_m) for g in grad]
    env = _env(variables, X)
    J = [[_enc(hess[i][j], env) for j in range(n)] for i in range(n)]
    mid = np.array([[(_lo(J[i][j]) + _hi(J[i][j])) / 2 for j in range(n)] for i in range(n)])
    if not np.all(np.isfinite(mid)):
        return None
    try:
        Y = np.linalg.inv(mid)
    except np.linalg.LinAlgError:
        return None
    if not np.all(np.isfinite(Y)):
        return None
    K = []
    for i in range(n):
        acc = iv.mpf(m[i])
        for j in range(n):
            acc = acc - iv.mpf(float(Y[i, j])) * gm[j]
        for j in range(n):
            c = iv.mpf(1 if i == j else 0)
            for k in range(n):
                c = c - iv.mpf(float(Y[i, k])) * J[k][j]
            acc = acc + c * (env[variables[j]] - iv.mpf(m[j]))
        K.append(acc)
    return K


def _inside(K: list, X: Box, strict: bool) -> bool:
    if strict:
        return all(_lo(k) > lo and _hi(k) < hi for k, (lo, hi) in zip(K, X))
    return all(_lo(k) >= lo and _hi(k) <= hi for k, (lo, hi) in zip(K, X))


def _disjoint(K: list, X: Box) -> bool:
    return any(_hi(k) < lo or _lo(k) > hi for k, (lo, hi) in zip(K, X))


def _excluded_by(grad: Sequence, env: dict) -> int | None:
    for i, g in enumerate(grad):
        e = _enc(g, env)
        if _lo(e) > 0 or _hi(e) < 0:
            return i
    return None


def _split(X: Box) -> tuple[int, float]:
    widths = [(hi - lo) / max(1.0, abs(lo), abs(hi)) for lo, hi in X]
    axis = max(range(len(X)), key=lambda i: widths[i])
    lo, hi = X[axis]
    at = lo + (hi - lo) * 0.4921875  # off-centre: zeros at round numbers stay inside a box
    return axis, at


def _children(X: Box, axis: int, at: float) -> tuple[Box, Box]:
    left = tuple((lo, at) if i == axis else (lo, hi) for i, (lo, hi) in enumerate(X))
    right = tuple((at, hi) if i == axis else (lo, hi) for i, (lo, hi) in enumerate(X))
    return left, right


def _tight(grad: Sequence, hess: Sequence, variables: Sequence[sp.Symbol], X: Box) -> Box:
    """Shrink a box with a unique zero by Krawczyk steps; the box returned has ``K(E) ⊆ E``
    (so it holds the zero), checked for that very box."""
    E = X
    for _ in range(200):
        K = _krawczyk(grad, hess, variables, E)
        if K is None or not _inside(K, E, strict=False):
            break
        verified = E
        new = tuple((max(_lo(k), lo), min(_hi(k), hi)) for k, (lo, hi) in zip(K, E))
        # a little inflation keeps the zero inside the next box's interior despite rounding
        new = tuple((max(lo, a - 4 * _ulp(a)), min(hi, b + 4 * _ulp(b))) for (a, b), (lo, hi) in zip(new, E))
        if all((b - a) >= (1 - 1e-9) * (hi - lo) for (a, b), (lo, hi) in zip(new, E)):
            return verified  # no more progress (rounding level)
        E = new
        X = verified
    else:
        return E if _krawczyk_contains(grad, hess, variables, E) else X
    return X


def _ulp(v: float) -> float:
    return math.ulp(v) if v else 5e-324


def _krawczyk_contains(grad, hess, variables, E: Box) -> bool:
    K = _krawczyk(grad, hess, variables, E)
    return K is not None and _inside(K, E, strict=False)


class _Search:
    def __init__(self, grad, hess, variables, box, deadline, max_leaves=4000):
        self.grad, self.hess, self.variables = grad, hess, variables
        self.box = box
        self.deadline = deadline
        self.max_leaves = max_leaves
        self.leaves = 0
        self.found: list[tuple[Box, Box]] = []  # (leaf, enclosure)
        self.undecided: list[tuple[Box, str]] = []
        scale = max(max(abs(lo), abs(hi)) for lo, hi in box)
        self.min_width = 1e-9 * max(1.0, scale)

    def leaf(self, node: tuple, X: Box) -> tuple:
        self.leaves += 1
        if node[0] == "undecided":
            self.undecided.append((X, node[1]))
        return node

    def visit(self, X: Box, depth: int = 0) -> tuple:
        from .exact.interval import Undefined

        if time.monotonic() > self.deadline or self.leaves >= self.max_leaves:
            return self.leaf(("undecided", "budget"), X)
        width = max(hi - lo for lo, hi in X)
        try:
            env = _env(self.variables, X)
            i = _excluded_by(self.grad, env)
            if i is not None:
                return self.leaf(("none", i), X)
            K = _krawczyk(self.grad, self.hess, self.variables, X)
            if K is not None:
                if _disjoint(K, X):
                    return self.leaf(("none", -1), X)
                if _inside(K, X, strict=True):
                    E = _tight(self.grad, self.hess, self.variables, X)
                    self.found.append((X, E))
                    return self.leaf(("unique",), X)
            why = "the Krawczyk test neither proved nor excluded a zero (a singular or non-isolated zero?)"
        except (Undefined, ZeroDivisionError, ValueError, TypeError, OverflowError, ArithmeticError) as exc:
            why = f"no interval enclosure of the derivatives here ({str(exc)[:60] or type(exc).__name__})"
            if depth >= 8 * len(X):
                return self.leaf(("undecided", why), X)
        if width <= self.min_width:
            return self.leaf(("undecided", why), X)
        axis, at = _split(X)
        left, right = _children(X, axis, at)
        return ("split", axis, at, self.visit(left, depth + 1), self.visit(right, depth + 1))


def _interval_kind(hess: Sequence, variables: Sequence[sp.Symbol], E: Box) -> tuple[str, tuple, str]:
    from .exact.interval import Undefined

    n = len(variables)
    try:
        env = _env(variables, E)
        H = [[_enc(hess[i][j], env) for j in range(n)] for i in range(n)]
    except (Undefined, ZeroDivisionError, ValueError, TypeError, ArithmeticError):
        return "inconclusive", (), "no interval enclosure of the Hessian at the point"
    mid = [[(_lo(h) + _hi(h)) / 2 for h in row] for row in H]
    rad = [[(_hi(h) - _lo(h)) / 2 * (1 + 1e-12) for h in row] for row in H]
    res = _weyl_inertia(mid, rad)
    if res is None:
        return "inconclusive", (), "the interval Hessian over the point's enclosure contains a singular matrix"
    pos, neg, eig = res
    kind, reason = _kind_from_inertia(pos, neg, n, "eigenvalue signs certified by Weyl's bound on an interval Hessian over the enclosure")
    return kind, eig, reason


def _interval_points(obj: Objective, grads: list, hess: sp.Matrix, box: Box, deadline: float) -> CriticalPoints:
    variables = obj.variables
    n = len(variables)
    H = [[hess[i, j] for j in range(n)] for i in range(n)]
    search = _Search(grads, H, variables, box, deadline)
    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4000))
    try:
        tree = search.visit(box)
    finally:
        sys.setrecursionlimit(limit)
    points = []
    for leaf, E in search.found:
        mid = {v: (lo + hi) / 2 for v, (lo, hi) in zip(variables, E)}  # floats, as numeric points always were
        kind, eig, reason = _interval_kind(H, variables, E)
        enclosure = tuple((_frac(lo), _frac(hi)) for lo, hi in E)
        points.append(CriticalPoint(mid, kind, eig, True, reason, enclosure=enclosure))
    points.sort(key=lambda cp: tuple(float(v) for v in cp.point.values()))
    cert = IntervalCertificate(tuple(variables), tuple(grads), tuple(tuple(r) for r in H), box, tree)
    where = _box_text(box)
    undecided = tuple(search.undecided)
    periodic = any(a.has(*variables) for a in obj.expr.atoms(sp.sin, sp.cos, sp.tan, sp.sec, sp.csc, sp.cot))
    tail = "; f is periodic-like in places (trigonometric terms): only the box is searched" if periodic else ""
    if undecided:
        reasons = sorted({why for _, why in undecided})
        status = f"incomplete: {len(undecided)} sub-box(es) of {where} undecided ({reasons[0]})"
        note = (f"interval Krawczyk search in {where}: {len(points)} certified point(s); "
                f"{len(undecided)} sub-box(es) undecided{tail}")
        return CriticalPoints(points, complete=False, note=note, status=status, box=box, undecided=undecided,
                              certificate=cert, objective=obj)
    note = (f"every critical point in {where} (certified: interval Krawczyk branch-and-bound, "
            f"{_tree_counts(tree)}){tail}")
    return CriticalPoints(points, complete=True, note=note, status=f"complete in {where} (certified)", box=box,
                          certificate=cert, objective=obj)


# ----------------------------------------------------------------------------- entry points


#: Largest number of terms (an upper estimate) of an expanded gradient entry the exact method takes.
MAX_EXPANDED_TERMS = 20_000


def _expanded_terms(expr: sp.Expr) -> int:
    """An upper estimate of the number of terms of ``expand(expr)`` (without expanding)."""
    if expr.is_Add:
        return sum(_expanded_terms(a) for a in expr.args)
    if expr.is_Mul:
        out = 1
        for a in expr.args:
            out *= _expanded_terms(a)
            if out > 10**9:
                return out
        return out
    if expr.is_Pow and expr.exp.is_Integer and expr.exp > 0:
        base = _expanded_terms(expr.base)
        k = int(expr.exp)
        return base if base == 1 else (math.comb(base + k - 1, k) if k < 200 and base < 10**4 else 10**9)
    return 1


_ENGINE_FAILURES = (ArithmeticError, ValueError, TypeError, NotImplementedError, RecursionError,
                    sp.polys.polyerrors.BasePolynomialError)


def _is_polynomial(grads: Sequence[sp.Expr], variables: Sequence[sp.Symbol]) -> bool:
    """Polynomials in the variables with rational coefficients (no nan/oo, no other symbols)."""
    vs = set(variables)
    for g in grads:
        if g.free_symbols - vs or g.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not g.is_polynomial(*variables):
            return False
    if any(_expanded_terms(g) > MAX_EXPANDED_TERMS for g in grads):
        return False  # expanding would explode (a product of 40 binomials): not for the exact method
    R = _ring(variables)
    for g in grads:
        try:
            R.from_expr(g)
        except (sp.polys.polyerrors.BasePolynomialError, ValueError, TypeError):
            return False
    return True


def critical_points(obj: Objective, box: Any = None, digits: int = 15, numeric: bool = True) -> CriticalPoints:
    """Certified critical points of ``obj`` (see the module docstring).

    Args:
        obj: the objective.
        box: for non-polynomial objectives, the box searched: ``None`` (``[-10, 10]^n``),
            a half-width ``r`` (``[-r, r]^n``), one ``(lo, hi)`` pair for every side, or
            one pair per variable.  A polynomial's list is complete on ``R^n``, box or not.
        digits: decimal digits each coordinate's enclosure certifies (polynomial case).
        numeric: when exact methods do not apply, search the box with interval arithmetic
            (``False``: only SymPy's exact solutions, never complete).

    Returns:
        :class:`~symopt.core.objective.CriticalPoints`: ``complete`` is true only when the
        list is provably every critical point (on ``R^n``, or in ``box`` as ``status`` says).
    """
    if obj.n == 0:
        raise DimensionError("the objective has no variables")
    _as_box(box, obj.n)  # bad boxes are the caller's error (DimensionError), before any search
    try:
        return run_with_budget(_critical_points, obj, box, digits, numeric, step="critical_points")
    except BudgetExceeded as exc:
        return CriticalPoints([], complete=False, note=f"the search ran out of its budget ({exc.budget:g} s)",
                              objective=obj)
    except SymoptError:
        raise
    except _ENGINE_FAILURES as exc:  # an engine failure is an honest "incomplete", never a raw traceback
        return CriticalPoints([], complete=False, note=f"the search failed ({type(exc).__name__}: {str(exc)[:120]})",
                              objective=obj)


def _critical_points(obj: Objective, box: Any, digits: int, numeric: bool) -> CriticalPoints:
    if obj.params:
        legacy = _sympy_solutions(obj)
        note = f"{legacy.note}; the objective has parameters: completeness is not certified"
        return CriticalPoints(list(legacy), complete=False, note=note, objective=obj)
    variables = obj.variables
    grads = [rationalize(g) for g in obj._gradient_entries]
    hess = rationalize(obj.hessian)
    why = ""
    if _is_polynomial(grads, variables):
        try:
            return run_with_budget(_polynomial_points, obj, grads, hess, digits, step="solve")
        except _NotZeroDimensional:
            why = "the complex critical set has positive dimension (Groebner basis)"
        except UnsupportedComplexity as exc:
            why = str(exc)
        except BudgetExceeded as exc:
            why = f"the exact method ran out of its budget ({exc.budget:g} s)"
        except (ArithmeticError, ValueError, TypeError, NotImplementedError,
                sp.polys.polyerrors.BasePolynomialError) as exc:
            if isinstance(exc, SymoptError):
                raise
            why = f"the exact method failed ({type(exc).__name__}); interval search instead"
        legacy = _sympy_solutions(obj)
        if why.startswith("the complex critical set"):
            note = f"{why}; points from SymPy's solve (checked, not certified complete)"
            return CriticalPoints(list(legacy), complete=False, note=note, objective=obj,
                                  status=f"incomplete: {why}")
    # not polynomial (or the exact method gave up): exact solutions SymPy finds + interval search in a box
    legacy = CriticalPoints()
    mixed = _mixed_gradient_reason(obj)
    if mixed is None:
        legacy = _sympy_solutions(obj)
    if not numeric or obj.n > MAX_INTERVAL_VARIABLES:
        if numeric:
            why = (f"{why + '; ' if why else ''}the interval search is limited to {MAX_INTERVAL_VARIABLES} "
                   f"variables (this objective has {obj.n})")
        note = "; ".join(t for t in (why, mixed, legacy.note) if t)
        return CriticalPoints(list(legacy), complete=False, note=note, objective=obj)
    B = _as_box(box, obj.n)
    found = _interval_points(obj, grads, hess, B, _deadline())
    merged = list(found)
    extra = []
    outside = 0
    for cp in legacy:
        if cp.numeric or any(v.free_symbols for v in cp.point.values()):
            if any(v.free_symbols for v in cp.point.values()):
                extra.append(cp)
            continue
        hit = None
        for k, f in enumerate(merged):
            if f.enclosure and all(lo <= _num_value(cp.point[v]) <= hi for v, (lo, hi) in zip(variables, f.enclosure)):
                hit = k
                break
        if hit is None and not all(lo <= _num_value(cp.point[v]) <= hi for v, (lo, hi) in zip(variables, B)):
            outside += 1
            continue
        if hit is not None:
            import dataclasses

            merged[hit] = dataclasses.replace(merged[hit], point=dict(cp.point), numeric=False,
                                              reason=merged[hit].reason + "; exact value from SymPy's solve, inside the certified box")
        else:
            extra.append(cp)
    notes = [found.note]
    if mixed:
        notes.insert(0, f"grad f = 0 has no closed form SymPy can find ({mixed}); exact solving skipped")
    if why:
        notes.insert(0, why)
    if outside:
        notes.append(f"{outside} exact solution(s) from SymPy's solve lie outside the box (not listed)")
    if extra:
        notes.append(f"{len(extra)} more solution(s) from SymPy's solve, checked but not in a certified box")
    return CriticalPoints(merged + extra, complete=found.complete, note="; ".join(notes), status=found.status,
                          box=found.box, undecided=found.undecided, certificate=found.certificate, objective=obj,
                          extra=len(extra))


def _num_value(v: sp.Expr) -> sp.Rational | float:
    if isinstance(v, float):
        return sp.Rational(v)
    if v.is_Rational:
        return v
    return sp.Rational(str(sp.N(v, 30)))




# ----------------------------------------------------------------------------- SymPy's solve (checked, never complete)
# Exact solutions that SymPy's ``solve`` finds are kept after substitution back
# (they give exact values inside the interval boxes, and families of points such as
# cosh(lam/y)'s line lam = 0); completeness never rests on them (SymPy issues
# 12594, 11179, 17449: ``solve`` drops real solutions it cannot write by radicals).


def _sympy_solutions(obj: Objective) -> CriticalPoints:
    """SymPy's ``solve`` on ``grad f = 0``: solutions checked by substitution, each classified
    exactly; never marked complete."""
    exact, note, _ = _solve_gradient(obj)
    if exact is None:
        return CriticalPoints([], complete=False, note=note)
    return CriticalPoints([_classify_exact(obj, sol) for sol in exact], complete=False, note=note)


def _mixed_gradient_reason(obj: Objective) -> str | None:
    eqs = [g for g in obj._gradient_entries if g != 0]
    return _mixed_trigonometric_factor(eqs, obj.variables)


def _solve_gradient(self: Objective) -> tuple[list[dict] | None, str, bool]:
    eqs = [g for g in self._gradient_entries if g != 0]
    if not eqs:
        return [dict(zip(self.variables, self.variables))], "the gradient is identically zero", False
    mixed = _mixed_trigonometric_factor(eqs, self.variables)
    if mixed is not None:
        return None, f"grad f = 0 has no closed form SymPy can find ({mixed}); exact solving skipped", False
    try:
        sols = run_with_budget(_solve_system, eqs, self.variables, step="solve")
    except BudgetExceeded as exc:
        return None, f"solve ran out of budget ({exc.budget:g} s)", False
    except (NotImplementedError, ValueError, TypeError, AttributeError, RecursionError,
            sp.polys.polyerrors.PolynomialError) as exc:
        return None, f"SymPy could not solve grad f = 0 ({type(exc).__name__})", False
    polynomial = all(e.is_polynomial(*self.variables) for e in eqs)
    # real_roots of one polynomial in one variable are its exact roots: nothing to verify
    # (asking SymPy whether f'(CRootOf) is zero costs seconds of minimal polynomials)
    by_construction = _single_polynomial(eqs, self.variables)
    kept: list[dict] = []
    parametric = False
    for sol in sols:
        point = {v: sol.get(v, v) for v in self.variables}
        if any(val.free_symbols & set(self.variables) for val in point.values()):
            parametric = True
        candidates = [point] if _is_real_point(point) else _real_members(point, self.variables)
        for candidate in candidates:
            if not by_construction and not _verify_zero_gradient(self, candidate):
                continue
            if candidate not in kept:
                kept.append(candidate)
    complete = False  # SymPy's solve may drop real solutions (SymPy issues 12594, 11179, 17449)
    how = "SymPy's solve on grad f = 0 (solutions checked; the list is not certified complete)"
    if not polynomial:
        how += " (transcendental equations: SymPy may list only some solutions)"
    if parametric:
        how += " (a continuum of critical points)"
    kept.sort(key=lambda p: tuple(_sort_value(v) for v in p.values()))
    return kept, how, complete

def _verify_zero_gradient(self: Objective, point: dict) -> bool:
    try:
        g = _exact_at(self.gradient, point)
    except SymoptError:
        return False
    for entry in g:
        if entry == 0:
            continue
        if entry.has(sp.nan, sp.zoo, sp.oo):  # f is not differentiable there (cosh(x/y) at y = 0)
            return False
        sign = exact_sign(entry) if not entry.free_symbols else None
        if sign == 0:
            continue
        if sign is not None:
            return False
        try:
            if run_with_budget(lambda: sp.simplify(entry) == 0, step="simplify"):
                continue
        except (BudgetExceeded, SymoptError):
            pass
        # undecided: keep the point (SymPy's own solution) unless shown non-zero
    return True

def _classify_exact(self: Objective, point: dict) -> CriticalPoint:
    H = self.hessian.xreplace(point)
    kind, eig, reason = classify_hessian(H)
    if kind == "inconclusive" and self.n == 1 and not H.free_symbols:
        kind, reason = _higher_order_test(self, point, reason)
    return CriticalPoint(point, kind, eig, False, reason)

def _higher_order_test(self: Objective, point: dict, fallback: str) -> tuple[str, str]:
    (x,) = self.variables
    d = self.hessian[0, 0]
    for k in range(3, 13):
        d = d.diff(x)
        s = exact_sign(d.xreplace(point))
        if s is None:
            return "inconclusive", f"{fallback}; sign of f^({k}) undecided"
        if s == 0:
            continue
        if k % 2:
            return "saddle", f"f''=...=f^({k - 1})=0 and f^({k})!=0 with k={k} odd: inflection (saddle point)"
        kind = "minimum" if s > 0 else "maximum"
        return kind, f"higher-order test: first non-zero derivative f^({k}) {'>' if s > 0 else '<'} 0, k even"
    return "inconclusive", f"{fallback}; derivatives up to order 12 vanish"


def _solve_system(eqs: list[sp.Expr], variables: Sequence[sp.Symbol]) -> list[dict]:
    """Solutions of ``eqs = 0``; one polynomial in one variable gives exact real roots (CRootOf if needed)."""
    if len(variables) == 1 and len(eqs) == 1 and eqs[0].is_polynomial(variables[0]):
        (x,) = variables
        poly = sp.Poly(eqs[0], x)
        if poly.free_symbols - {x}:
            return sp.solve(eqs, list(variables), dict=True)
        roots = sorted(set(sp.real_roots(poly)), key=lambda r: float(r.evalf(20)))
        return [{x: r} for r in roots]
    return sp.solve(eqs, list(variables), dict=True)


def _single_polynomial(eqs: Sequence[sp.Expr], variables: Sequence[sp.Symbol]) -> bool:
    """One equation, polynomial in the one variable, no parameters: the case ``_solve_system`` solves by ``real_roots``."""
    if len(variables) != 1 or len(eqs) != 1:
        return False
    (x,) = variables
    return bool(eqs[0].is_polynomial(x)) and eqs[0].free_symbols <= {x}


_TRIG = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)


def _mixed_trigonometric_factor(eqs: Sequence[sp.Expr], variables: Sequence[sp.Symbol]) -> str | None:
    """A reason why ``solve`` cannot succeed on ``g(x) = 0`` in one variable, or ``None``.

    When a factor of ``g`` holds ``x`` both inside a trigonometric function and
    outside every one (``cos(c x) - c x sin(c x)``), the equation is
    transcendental of mixed type: it has no closed-form solution in elementary
    functions or Lambert W, and SymPy's ``solve`` spends its whole budget before
    raising ``NotImplementedError``.  Skipping it loses nothing exact.  (Products
    such as ``x sin x`` are split into factors first, which ``solve`` does handle.)
    """
    if len(variables) != 1 or len(eqs) != 1:
        return None
    (x,) = variables
    for factor in sp.Mul.make_args(sp.factor_terms(eqs[0])):
        if x not in factor.free_symbols:
            continue
        base = factor.base if factor.is_Pow and factor.exp.is_positive else factor
        trig = [a for a in base.atoms(*_TRIG) if x in a.free_symbols]
        if not trig:
            continue
        rest = base.xreplace({a: sp.Dummy() for a in trig})
        if x in rest.free_symbols:
            return f"{x} appears both inside and outside trigonometric functions"
    return None


def _real_members(family: dict, variables: Sequence[sp.Symbol]) -> list[dict]:
    """Real points of a complex family of solutions, e.g. ``(w1, I*|w1|)`` is real only at ``w1 = 0``.

    Solves ``Im(value) = 0`` for the family's free variables (under the solve budget)
    and keeps the real, fully determined points.
    """
    free = sorted(set().union(*(v.free_symbols for v in family.values())) & set(variables), key=natural_key)
    if not free:
        return []
    imaginary = [sp.im(v) for v in family.values()]
    imaginary = [e for e in imaginary if e != 0]
    if not imaginary:
        return []
    try:
        solutions = run_with_budget(lambda: sp.solve(imaginary, free, dict=True), step="solve")
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError, AttributeError, RecursionError):
        return []
    points = []
    for sol in solutions:
        point = {v: sp.simplify(val.xreplace(sol)) if val.free_symbols else val for v, val in family.items()}
        point = {v: sol.get(v, val) if val == v else val for v, val in point.items()}
        if any(val.free_symbols & set(variables) for val in point.values()):
            continue
        if _is_real_point(point) and all(val.is_real for val in point.values()):
            points.append(point)
    return points


def _is_real_point(point: dict) -> bool:
    for val in point.values():
        if val.is_real is False:
            return False
        if val.free_symbols and (val.as_coefficient(sp.I) is not None or sp.im(val).is_zero is False):
            return False
        if val.is_real is None and not val.free_symbols:
            approx = val.evalf(30)
            if abs(sp.im(approx)) > sp.Float("1e-25"):
                return False
    return True


def _sort_value(v: sp.Expr) -> float:
    try:
        return float(v.evalf(15)) if not v.free_symbols else 0.0
    except (TypeError, ValueError):
        return 0.0


# ----------------------------------------------------------------------------- checkers (independent of the search)


def check_points(points: CriticalPoints) -> bool:
    """Re-verify ``points.certificate`` against ``points`` and its objective."""
    cert = points.certificate
    obj = points.objective
    if cert is None or obj is None:
        return False
    try:
        grads = [rationalize(g) for g in obj._gradient_entries]
        if isinstance(cert, AlgebraicCertificate):
            if tuple(cert.variables) != tuple(obj.variables):
                return False
            # the certified system must be the gradient divided by the components' product
            h = sp.Integer(1)
            for comp in points.components:
                h = h * comp.equation
            if not points.components and len(cert.equations) != len([g for g in grads if g != 0]):
                return False
            nonzero = [g for g in grads if g != 0]
            if len(nonzero) != len(cert.equations):
                return False
            if points.components:
                for g, e in zip(nonzero, cert.equations):
                    ratio = sp.cancel(g / e)
                    if not all(sp.Poly(ratio, *obj.variables).gcd(sp.Poly(c.equation, *obj.variables)).total_degree() > 0
                               for c in points.components):
                        return False
                    if sp.Poly(ratio, *obj.variables).total_degree() == 0:
                        return False
                    _, facs = sp.factor_list(ratio, *obj.variables)
                    eqs = {sp.expand(c.equation) for c in points.components}
                    if not all(sp.expand(f) in eqs or sp.expand(-f) in eqs for f, _ in facs):
                        return False
            else:
                if any(sp.expand(g - e) != 0 for g, e in zip(nonzero, cert.equations)):
                    return False
            real = [cp for cp in points if cp.enclosure is not None]
            if len(real) != len(points) - points.extra:
                return False
            return cert.check(real) and _check_kinds(obj, real)
        if isinstance(cert, IntervalCertificate):
            if tuple(cert.variables) != tuple(obj.variables):
                return False
            if any(sp.expand(g - e) != 0 for g, e in zip(grads, cert.gradient)) or len(grads) != len(cert.gradient):
                return False
            boxed = [cp for cp in points if cp.enclosure is not None]
            if len(boxed) != len(points) - points.extra:
                return False
            return cert.check(boxed, points.undecided) and _check_kinds(obj, boxed)
    except (SymoptError, ValueError, TypeError, ZeroDivisionError, ArithmeticError, sp.polys.polyerrors.BasePolynomialError):
        return False
    return False


def _check_kinds(obj: Objective, points: Sequence[CriticalPoint]) -> bool:
    """Definite kinds re-derived from an mpmath interval Hessian over each enclosure (or exactly)."""
    hess = rationalize(obj.hessian)
    n = obj.n
    H = [[hess[i, j] for j in range(n)] for i in range(n)]
    for cp in points:
        if cp.kind not in ("minimum", "maximum", "saddle"):
            continue
        box = tuple((float(lo) if float(lo) <= lo else math.nextafter(float(lo), -math.inf),
                     float(hi) if float(hi) >= hi else math.nextafter(float(hi), math.inf)) for lo, hi in cp.enclosure)
        kind, _, _ = _interval_kind(H, obj.variables, box)
        if kind == "inconclusive":
            if all(getattr(v, "is_Rational", False) for v in cp.point.values()):
                kind, _, _ = classify_hessian(hess.xreplace(cp.point))
                if kind == "inconclusive" and n == 1:
                    continue  # decided by the exact higher-order test, re-run below
                if kind == "inconclusive":
                    kind, _ = higher_order_nd(rationalize(obj.expr), obj.variables, cp.point, "")
            else:
                continue
        if kind != cp.kind and not (n == 1 and kind == "inconclusive"):
            return False
    return True


def _iv_rat(c: sp.Rational) -> Any:
    iv = _iv()
    return iv.mpf(int(c.p)) / iv.mpf(int(c.q))


def _iv_poly(coeffs: Sequence[sp.Rational], x: Any) -> Any:
    iv = _iv()
    acc = iv.mpf(0)
    for c in reversed(coeffs):
        acc = acc * x + _iv_rat(c)
    return acc


def _upoly(coeffs: Sequence[sp.Rational], T: sp.Symbol) -> sp.Poly:
    return sp.Poly(list(reversed(coeffs)) or [0], T, domain=sp.QQ)


def _check_algebraic(cert: AlgebraicCertificate, points: list) -> bool:
    variables = list(cert.variables)
    n = len(variables)
    R = _ring(variables)
    T = sp.Dummy("T")
    F = [R.from_expr(e) for e in cert.equations]
    # 1. a Groebner basis of the equations, by F5B (the search used Buchberger)
    G = _groebner(F, R, method="f5b")
    for i, coeffs in cert.added:
        # the added square-free eliminant must vanish on V: some power of it lies in the ideal
        q = _upoly(coeffs, variables[i]).as_expr()
        qR = R.from_expr(q)
        qk = qR
        for _ in range(64):
            if not qk.rem(G):
                break
            qk = qk * qR
        else:
            return False
        F = F + [qR]
    if cert.added:
        G = _groebner(F, R, method="f5b")
    chi = _upoly(cert.eliminant, T)
    try:
        std = _standard_monomials(G, n)
    except _NotZeroDimensional:
        return False
    D = len(std)
    # 2. chi square-free of degree D: D distinct solutions, and |V| <= D
    if chi.degree() != D or (D > 0 and sp.gcd(chi, chi.diff(T)).degree() > 0):
        return False
    if D == 0:
        return not points and not cert.intervals
    # univariate arithmetic modulo chi with FLINT's exact rational polynomials
    flint = _flint()
    fchi = flint.fmpq_poly([_fq(c) for c in cert.eliminant])
    gpolys = [flint.fmpq_poly([_fq(c) for c in g]) for g in cert.parametrisation]
    # 3. each equation vanishes at (g_1(T), ..., g_n(T)) modulo chi, and t(g(T)) = T
    powers: dict = {}
    for e in F[:len(cert.equations)]:
        acc = flint.fmpq_poly([])
        for mono, c in e.terms():
            term = flint.fmpq_poly([_fq(c)])
            for i, k in enumerate(mono):
                if k:
                    key = (i, k)
                    if key not in powers:
                        powers[key] = (gpolys[i] ** k) % fchi
                    term = (term * powers[key]) % fchi
            acc = acc + term
        if acc % fchi != 0:
            return False
    lin = flint.fmpq_poly([])
    for c, g in zip(cert.form, gpolys):
        lin = lin + g * c
    if (lin - flint.fmpq_poly([0, 1])) % fchi != 0:
        return False
    # 4. the number of real roots (SymPy's exact continued-fraction isolation, not Arb) equals
    #    the number of intervals, each interval holds a root (exact, or a sign change), and the
    #    intervals are disjoint: so each holds exactly one
    if len(chi.intervals()) != len(cert.intervals) or len(points) != len(cert.intervals):
        return False
    for k, (lo, hi) in enumerate(cert.intervals):
        if lo == hi:
            if fchi(_fq(lo)) != 0:
                return False
        elif lo > hi or not (fchi(_fq(lo)) * fchi(_fq(hi)) < 0):
            return False
        if k and cert.intervals[k - 1][1] >= lo:
            return False
    # 5. each interval maps (mpmath interval arithmetic) into exactly one listed point's enclosure
    from .exact.interval import precision

    bits = max((int(c.p).bit_length() + int(c.q).bit_length() for g in cert.parametrisation for c in g), default=1)
    widths = [hi - lo for cp in points for lo, hi in cp.enclosure if hi > lo]
    finest = min(widths) if widths else sp.Integer(1)
    bits = 128 + 2 * bits + max(0, -int(math.log2(float(finest)) if finest > 1e-300 else -1100))
    with precision(bits):
        ivg = [[_iv_rat(c) for c in g] for g in cert.parametrisation]
    used: set = set()
    for lo, hi in cert.intervals:
        a, b = _fq(lo), _fq(hi)
        va = fchi(a)
        match = None
        for step in range(600):
            if step % 8:  # cheap exact bisections between interval evaluations
                inside = []
            else:
                with precision(bits):
                    A, B = _iv_rat(_sq(a)), _iv_rat(_sq(b))
                    I = A + (B - A) * _iv().mpf([0, 1])  # contains [a, b]
                    vals = []
                    for g in ivg:
                        acc = _iv().mpf(0)
                        for c in reversed(g):
                            acc = acc * I + c
                        vals.append(acc)
                    bounds = [(_lo_q(v), _hi_q(v)) for v in vals]
                inside = [k for k, cp in enumerate(points)
                          if all(cp.enclosure[i][0] <= bl and bh <= cp.enclosure[i][1]
                                 for i, (bl, bh) in enumerate(bounds))]
            if len(inside) == 1:
                match = inside[0]
                break
            mid = (a + b) / 2
            vm = fchi(mid)
            if vm == 0:
                a = b = mid
            elif (vm > 0) == (va > 0):
                a = mid
            else:
                b = mid
        if match is None or match in used:
            return False
        used.add(match)
    # 6. exact coordinates: a root of the variable's square-free eliminant, the only one in the enclosure
    for cp in points:
        for i, v in enumerate(variables):
            value = cp.point[v]
            lo, hi = cp.enclosure[i]
            q = _upoly(cert.eliminants[i], v)
            if (q.eval(lo) != 0) if lo == hi else (lo > hi or q.count_roots(lo, hi) != 1):
                return False
            if value.is_Rational:
                if not (lo <= value <= hi) or q.eval(value) != 0:
                    return False
            elif isinstance(value, sp.CRootOf):
                if not q.rem(sp.Poly(value.poly.all_coeffs(), v, domain=sp.QQ)).is_zero:
                    return False
                approx = sp.Rational(str(sp.N(value, 40)))
                if not (lo - sp.Rational(1, 10**35) <= approx <= hi + sp.Rational(1, 10**35)):
                    return False
            else:
                if sp.expand(q.as_expr().xreplace({v: value})) != 0:
                    return False
                approx = sp.Rational(str(sp.N(value, 40)))
                if not (lo - sp.Rational(1, 10**35) <= approx <= hi + sp.Rational(1, 10**35)):
                    return False
    return True


def _check_interval(cert: IntervalCertificate, points: list, undecided: list) -> bool:
    variables = list(cert.variables)
    grad, hess = cert.gradient, cert.hessian
    leaves: list[Box] = []
    n_undecided = 0
    stack = [(cert.tree, cert.box)]
    while stack:
        node, X = stack.pop()
        tag = node[0]
        if tag == "split":
            _, axis, at, left, right = node
            lo, hi = X[axis]
            if not lo < at < hi:
                return False
            a, b = _children(X, axis, at)
            stack += [(left, a), (right, b)]
        elif tag == "none":
            env = _env(variables, X)
            if node[1] >= 0:
                e = _enc(grad[node[1]], env)
                if not (_lo(e) > 0 or _hi(e) < 0):
                    return False
            else:
                K = _krawczyk(grad, hess, variables, X)
                if K is None or not _disjoint(K, X):
                    return False
        elif tag == "unique":
            K = _krawczyk(grad, hess, variables, X)
            if K is None or not _inside(K, X, strict=True):
                return False
            leaves.append(X)
        elif tag == "undecided":
            n_undecided += 1
        else:
            return False
    if n_undecided != len(undecided) or len(points) != len(leaves):
        return False
    used: set = set()
    for cp in points:
        E = tuple((float(lo) if float(lo) <= lo else math.nextafter(float(lo), -math.inf),
                   float(hi) if float(hi) >= hi else math.nextafter(float(hi), math.inf)) for lo, hi in cp.enclosure)
        K = _krawczyk(grad, hess, variables, E)
        if K is None or not _inside(K, E, strict=False):
            return False  # no proof of a zero in the enclosure
        owner = [k for k, X in enumerate(leaves) if all(xl <= el and eh <= xh for (xl, xh), (el, eh) in zip(X, E))]
        if len(owner) != 1 or owner[0] in used:
            return False
        used.add(owner[0])
    return True


# ----------------------------------------------------------------------------- global minimum


def _coercivity_bound(terms: Iterable, n: int) -> list | None:
    """Separable lower bound ``f(x) >= sum_i P_i(|x_i|)`` (weighted AM-GM on mixed monomials).

    Returns the ``P_i`` as ``{degree: coefficient}`` dicts when each has a positive
    leading coefficient (then ``f`` is coercive), else ``None``.
    """
    P: list[dict] = [dict() for _ in range(n)]
    for mono, c in terms:
        c = _sq(c)
        k = sum(mono)
        if k == 0:
            continue
        used = [i for i, e in enumerate(mono) if e]
        if len(used) == 1:
            (i,) = used
            if k % 2 == 0:
                P[i][k] = P[i].get(k, 0) + c
            else:
                P[i][k] = P[i].get(k, 0) - abs(c)
            continue
        for i in used:
            P[i][k] = P[i].get(k, 0) - abs(c) * sp.Rational(mono[i], k)
    for p in P:
        nonzero = {k: v for k, v in p.items() if v != 0}
        if not nonzero:
            return None
        top = max(nonzero)
        if nonzero[top] <= 0:
            return None
    return [{int(k): v for k, v in p.items()} for p in P]


def _nonnegative_terms(expr: sp.Expr) -> bool:
    """``expr`` is syntactically a sum of non-negative terms: ``c * prod(u_j**(2 k_j))``, ``c >= 0``."""
    for term in sp.Add.make_args(expr):
        coeff, rest = term.as_coeff_Mul()
        if coeff < 0:
            return False
        for factor in sp.Mul.make_args(rest):
            if factor == 1:
                continue
            base, exp = factor.as_base_exp()
            if not (exp.is_Integer and exp % 2 == 0):
                if factor.is_number and factor.is_nonnegative:
                    continue
                return False
    return True


def global_minimum(obj: Objective, box: Any = None) -> GlobalMinimum:
    """A certified enclosure of ``min f`` over ``R^n`` (polynomials) or over a box.

    Over ``R^n`` (``box=None``, polynomial ``f``): the critical points must be complete
    and the minimum provably attained (coercivity by a separable bound, or ``f`` a sum
    of non-negative terms with a critical value 0); the minimum is then the least
    critical value, enclosed with Arb, attained at the listed points.  Otherwise
    (``box`` given, or ``f`` not polynomial: box ``[-10, 10]^n``): interval
    branch-and-bound on ``f`` over the box.

    Returns:
        :class:`GlobalMinimum`; ``status`` is ``"unknown"`` with the reason when
        nothing could be certified.
    """
    where = f"R^{obj.n}" if box is None else _box_text(_as_box(box, obj.n))
    try:
        return run_with_budget(_global_minimum, obj, box, step="critical_points")
    except BudgetExceeded as exc:
        return GlobalMinimum("unknown", None, None, where, reason=f"ran out of its budget ({exc.budget:g} s)")
    except SymoptError:
        raise
    except _ENGINE_FAILURES as exc:
        return GlobalMinimum("unknown", None, None, where, reason=f"the search failed ({type(exc).__name__}: {str(exc)[:120]})")


def _global_minimum(obj: Objective, box: Any) -> GlobalMinimum:
    variables = obj.variables
    if obj.params:
        return GlobalMinimum("unknown", None, None, f"R^{obj.n}", reason="the objective has parameters")
    f = rationalize(obj.expr)
    grads = [rationalize(g) for g in obj._gradient_entries]
    if box is None and _is_polynomial([f], variables):
        points = critical_points(obj)
        return _polynomial_minimum(obj, f, points)
    B = _as_box(box, obj.n)
    return _box_minimum(obj, f, grads, B, _deadline())


@dataclass(frozen=True)
class _PolyMinEvidence:
    points: CriticalPoints
    proof_kind: str
    value: sp.Expr

    def check(self, gm: GlobalMinimum) -> bool:
        obj = self.points.objective
        f = rationalize(obj.expr)
        if not self.points.complete or not self.points.check():
            return False
        if self.proof_kind == "coercive":
            if _coercivity_bound(_ring(obj.variables).from_expr(f).terms(), obj.n) is None:
                return False
        elif self.proof_kind == "nonnegative":
            if not (_nonnegative_terms(f) and gm.lower == 0):
                return False
        else:
            return False
        # every critical value is >= lower; the minimisers' values are <= upper
        from .exact.interval import precision

        found = 0
        for cp in self.points:
            with precision(200):
                env = {v: _iv_rat(lo) + (_iv_rat(hi) - _iv_rat(lo)) * _iv().mpf([0, 1])
                       for v, (lo, hi) in zip(obj.variables, cp.enclosure)}
                val = _enc(f, env)
            if _hi_q(val) < gm.lower:
                return False
            if any(all(cp.point[v] == m.get(v) for v in obj.variables) for m in gm.minimisers):
                if _lo_q(val) > gm.upper:
                    return False
                found += 1
            elif _lo_q(val) <= gm.upper:  # a critical point that may attain the minimum is missing
                return False
        return found == len(gm.minimisers) and found > 0


def minimum_from_points(obj: Objective, points: CriticalPoints) -> GlobalMinimum:
    """The global minimum over ``R^n`` of a polynomial from its certified critical points
    (as :func:`global_minimum` with ``box=None``, without searching again)."""
    f = rationalize(obj.expr)
    if not _is_polynomial([f], obj.variables) or obj.params:
        return GlobalMinimum("unknown", None, None, f"R^{obj.n}", reason="f is not a polynomial without parameters")
    return _polynomial_minimum(obj, f, points)


def _polynomial_minimum(obj: Objective, f: sp.Expr, points: CriticalPoints) -> GlobalMinimum:
    variables = obj.variables
    if not points.complete:
        return GlobalMinimum("unknown", None, None, f"R^{obj.n}", reason=f"the critical points are not certified complete ({points.status})")
    coercive = _coercivity_bound(_ring(variables).from_expr(f).terms(), len(variables)) is not None
    values = []
    from .exact.interval import precision

    for cp in points:
        if all(v.is_Rational for v in cp.point.values()):
            exact = f.xreplace(cp.point)
            values.append((exact, exact, exact))
            continue
        if not any(isinstance(v, sp.CRootOf) for v in cp.point.values()):  # quadratic surds: exact value
            try:
                exact = run_with_budget(lambda: sp.radsimp(sp.expand(f.xreplace(cp.point))), step="simplify")
            except (BudgetExceeded, SymoptError):
                exact = None
            if exact is not None and exact.is_Rational:
                values.append((exact, exact, exact))
                continue
        with precision(200):
            env = {v: _iv_rat(lo) + (_iv_rat(hi) - _iv_rat(lo)) * _iv().mpf([0, 1])
                   for v, (lo, hi) in zip(variables, cp.enclosure)}
            val = _enc(f, env)
        values.append((_lo_q(val), _hi_q(val), None))
    if not values:
        return GlobalMinimum("unknown", None, None, f"R^{obj.n}", reason="f has no critical point: the infimum is not attained")
    upper = min(v[1] for v in values)
    lower = min(v[0] for v in values)
    if coercive:
        proof_kind = "coercive"
        proof = ("f is coercive (weighted AM-GM bound f(x) >= sum_i P_i(|x_i|) with every P_i of positive "
                 "leading coefficient), so its minimum is attained at a critical point; all critical points are certified")
    elif _nonnegative_terms(f) and lower == 0 and upper == 0:
        proof_kind = "nonnegative"
        proof = "f is a sum of non-negative terms, so f >= 0, and f = 0 at a certified critical point"
    else:
        return GlobalMinimum("unknown", None, None, f"R^{obj.n}",
                             reason="could not prove that the minimum is attained (f not shown coercive, not a sum of squares reaching 0)")
    minimisers = tuple(dict(cp.point) for cp, v in zip(points, values) if v[0] <= upper)
    gm_lower = lower
    return GlobalMinimum("certified", gm_lower, upper, f"R^{obj.n}", minimisers, proof,
                         _evidence=_PolyMinEvidence(points, proof_kind, upper))


@dataclass(frozen=True)
class _BoxMinEvidence:
    f: sp.Expr
    gradient: tuple
    variables: tuple
    box: Box
    tree: tuple
    witness: tuple

    def check(self, gm: GlobalMinimum) -> bool:
        from .exact.interval import Undefined

        try:
            iv = _iv()
            wv = _enc(self.f, {v: iv.mpf(w) for v, w in zip(self.variables, self.witness)})
            if _hi_q(wv) > gm.upper or not all(lo <= w <= hi for w, (lo, hi) in zip(self.witness, self.box)):
                return False
            lows = []
            stack = [(self.tree, self.box)]
            while stack:
                node, X = stack.pop()
                if node[0] == "split":
                    _, axis, at, left, right = node
                    if not X[axis][0] < at < X[axis][1]:
                        return False
                    a, b = _children(X, axis, at)
                    stack += [(left, a), (right, b)]
                elif node[0] == "above":
                    if not _lo_q(_enc(self.f, _env(self.variables, X))) > gm.upper:
                        return False
                elif node[0] == "mono":
                    i = node[1]
                    g = _enc(self.gradient[i], _env(self.variables, X))
                    lo, hi = X[i]
                    if _lo(g) > 0 and lo > self.box[i][0]:
                        continue
                    if _hi(g) < 0 and hi < self.box[i][1]:
                        continue
                    return False
                elif node[0] == "keep":
                    lows.append(_lo_q(_enc(self.f, _env(self.variables, X))))
                else:
                    return False
            return bool(lows) and min(lows) >= gm.lower
        except (Undefined, ArithmeticError, ValueError, TypeError):
            return False


def _box_minimum(obj: Objective, f: sp.Expr, grads: list, B: Box, deadline: float) -> GlobalMinimum:
    from .exact.interval import Undefined

    variables = obj.variables
    n = len(variables)
    iv = _iv()
    where = _box_text(B)
    # an upper bound from a grid of points
    best = (math.inf, None)
    steps = max(2, int(round(400 ** (1 / n))))
    for idx in itertools.product(range(steps + 1), repeat=n):
        p = tuple(lo + (hi - lo) * k / steps for k, (lo, hi) in zip(idx, B))
        try:
            v = _hi(_enc(f, {s: iv.mpf(c) for s, c in zip(variables, p)}))
        except (Undefined, ArithmeticError, ValueError, TypeError):
            continue
        if v < best[0]:
            best = (v, p)
    if best[1] is None:
        return GlobalMinimum("unknown", None, None, where, reason="f has no finite value at any grid point of the box")
    state = {"U": best[0], "witness": best[1], "leaves": 0}
    scale = max(max(abs(lo), abs(hi)) for lo, hi in B)
    min_width = 1e-7 * max(1.0, scale)
    kept: list[tuple[Box, float]] = []

    def visit(X: Box) -> tuple:
        state["leaves"] += 1
        try:
            env = _env(variables, X)
            F = _enc(f, env)
        except (Undefined, ArithmeticError, ValueError, TypeError):
            F = None
        if F is not None and _lo(F) > state["U"]:
            return ("above",)
        if F is not None:
            for i, g in enumerate(grads):
                try:
                    G = _enc(g, env)
                except (Undefined, ArithmeticError, ValueError, TypeError):
                    continue
                lo, hi = X[i]
                if (_lo(G) > 0 and lo > B[i][0]) or (_hi(G) < 0 and hi < B[i][1]):
                    return ("mono", i)
            m = tuple((lo + hi) / 2 for lo, hi in X)
            try:
                v = _hi(_enc(f, {s: iv.mpf(c) for s, c in zip(variables, m)}))
                if v < state["U"]:
                    state["U"], state["witness"] = v, m
            except (Undefined, ArithmeticError, ValueError, TypeError):
                pass
        width = max(hi - lo for lo, hi in X)
        if F is None and width <= min_width * 1e3:
            raise _Unbounded
        if width <= min_width or time.monotonic() > deadline or state["leaves"] > 40_000:
            kept.append((X, _lo(F) if F is not None else -math.inf))
            return ("keep",)
        axis, at = _split(X)
        left, right = _children(X, axis, at)
        return ("split", axis, at, visit(left), visit(right))

    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4000))
    try:
        tree = visit(B)
    except _Unbounded:
        return GlobalMinimum("unknown", None, None, where, reason="f has no interval enclosure on part of the box (undefined there?)")
    finally:
        sys.setrecursionlimit(limit)
    U = state["U"]
    live = [(X, lo) for X, lo in kept if lo <= U]
    if not live:
        live = kept
    lower = min(lo for _, lo in live)
    if not math.isfinite(lower):
        return GlobalMinimum("unknown", None, None, where, reason="no finite lower bound on part of the box")
    boxes = _merge_boxes([X for X, _ in live])
    minimisers = tuple({v: (_frac(lo), _frac(hi)) for v, (lo, hi) in zip(variables, X)} for X in boxes)
    proof = f"interval branch-and-bound over {where} ({state['leaves']} boxes; monotonicity test)"
    return GlobalMinimum("certified", _frac(lower), _frac(U), where, minimisers, proof,
                         _evidence=_BoxMinEvidence(f, tuple(grads), tuple(variables), B, tree, state["witness"]))


class _Unbounded(Exception):
    pass


def _merge_boxes(boxes: list[Box]) -> list[Box]:
    """Hulls of clusters of touching boxes."""
    clusters: list[list] = []
    for X in boxes:
        hit = None
        for c in clusters:
            H = c[0]
            if all(lo <= hh and ll <= hi for (lo, hi), (ll, hh) in zip(X, H)):
                hit = c
                break
        if hit is None:
            clusters.append([X])
        else:
            hit[0] = tuple((min(a, c), max(b, d)) for (a, b), (c, d) in zip(hit[0], X))
    return [c[0] for c in clusters]
