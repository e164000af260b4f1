"""Exact critical points of polynomial objectives: Groebner basis, shape lemma, Arb root isolation.

Let ``I = <df/dx_1, ..., df/dx_n>`` (rational coefficients).  A reduced Groebner
basis decides whether ``V(I)`` is finite (zero-dimensional: every variable has a
pure power among the leading monomials).  Then, in the quotient ``A = Q[x]/J``
(``J = I``, or ``I`` plus the square-free parts of the characteristic polynomials of
the multiplication maps ``M_{x_i}``, which is the radical of ``I`` by Seidenberg's
lemma), a generic linear form ``t = sum c_i x_i`` whose multiplication matrix ``M_t``
has a square-free characteristic polynomial ``chi`` of degree ``D = dim A`` gives the
shape lemma / rational univariate representation ``x_i = g_i(t)``, ``chi(t) = 0``
(``g_i`` from the Krylov basis ``1, t, ..., t^{D-1}`` of ``A``).  Completeness is a
theorem: ``|V(J)| <= D``, and the ``D`` distinct roots of ``chi`` give ``D`` distinct
solutions, so they are all of them; a real root of ``chi`` gives a real point and a
real point gives a real root.  Real roots of ``chi`` are isolated by FLINT/Arb
(certified balls, real roots flagged exactly); each coordinate is identified as a
root of the square-free eliminant of its variable (rational, quadratic surd or
``CRootOf`` with its index) by ball overlap.  Positive-dimensional critical sets are
split by the gcd ``H`` of the gradient entries: ``grad f = H q``, so the critical set is
``{H = 0} ∪ {q = 0}``; the irreducible factors of ``H`` are reported as ``components`` (with
``f``'s value and real dimension where derived, :mod:`~symopt.critical.gcd_components`), ``q``
is solved as above, and the list is complete in that sense: every critical point is a listed
point or lies on a listed component.

References: Cox, Little, O'Shea, *Ideals, Varieties, and Algorithms*, ch. 2-3, 5;
*Using Algebraic Geometry*, ch. 2; Rouillier 1999 (rational univariate representation).
"""

from __future__ import annotations

import heapq
from typing import Any, Iterable, Sequence

import sympy as sp

from ..core.objective import Objective
from ..core.points import CriticalPoint, CriticalPoints
from ..exact.interval import to_rational
from .check import UnsupportedComplexity, _NotZeroDimensional, rationalize, _arb_poly, _flint, _fq, _groebner, _Prec, _ring, _sq, _standard_monomials
from .check_algebraic import AlgebraicCertificate
from .gcd_components import hypersurface_components, saturation_of, with_components
from .classify import kind_algebraic
from .results import Component


def _real_roots(zpoly: Any) -> list:
    """Certified real roots (arb balls, ascending) of a square-free integer polynomial."""
    if zpoly.degree() < 1:
        return []
    return [r.real for r, _ in zpoly.complex_roots() if r.imag.is_zero()]


def _ball_interval(b: Any) -> tuple[sp.Rational, sp.Rational]:
    return to_rational(b.lower()), to_rational(b.upper())


def _coords(poly: Any, index: dict, D: int) -> list:
    vec = [0] * D
    for mono, c in poly.items():
        vec[index[mono]] = c
    return vec


def _grevlex_key(e: tuple) -> tuple:
    """A heap key: the smallest key is the grevlex-largest monomial."""
    return (-sum(e), tuple(reversed(e)))


class _Reducer:
    """Normal forms modulo a reduced grevlex Groebner basis ``G`` (a heap of monomials: each
    step takes the largest remaining monomial, divides it by a leading monomial when one
    divides it, else moves it to the remainder).  The same remainder as ``p.rem(G)``: the
    normal form modulo a Groebner basis is unique."""

    def __init__(self, G: list):
        self.basis = []
        for g in G:
            lm = g.LM
            lc = g[lm]
            self.basis.append((lm, lc, [(e, c) for e, c in g.items() if e != lm]))

    def normal_form(self, poly: dict) -> dict:
        p = dict(poly)
        heap = [(_grevlex_key(e), e) for e in p]
        heapq.heapify(heap)
        out: dict = {}
        while heap:
            _, e = heapq.heappop(heap)
            c = p.pop(e, None)
            if not c:
                continue
            for lm, lc, rest in self.basis:
                if all(a >= b for a, b in zip(e, lm)):
                    shift = tuple(a - b for a, b in zip(e, lm))
                    q = c / lc
                    for e2, c2 in rest:
                        t = tuple(a + b for a, b in zip(e2, shift))
                        if t in p:
                            p[t] = p[t] - q * c2
                        else:
                            p[t] = -q * c2
                            heapq.heappush(heap, (_grevlex_key(t), t))
                    break
            else:
                out[e] = c
        return {e: c for e, c in out.items() if c}


def _quotient(F: list, R: Any, n: int):
    """(G, standard monomials, multiplication matrices M_{x_i}) of the ideal <F>."""
    flint = _flint()
    G = _groebner(F, R)
    std = _standard_monomials(G, n)
    D = len(std)
    index = {m: k for k, m in enumerate(std)}
    reducer = _Reducer(G)
    mats = []
    for i in range(n):
        rows = [[0] * D for _ in range(D)]
        for j, m in enumerate(std):
            mono = tuple(e + (1 if k == i else 0) for k, e in enumerate(m))
            if mono in index:
                rows[index[mono]][j] = 1
            else:
                nf = reducer.normal_form({mono: R.domain.one})
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


def polynomial_points(obj: Objective, grads: list, hess: sp.Matrix, digits: int, f: sp.Expr | None = None,
                      classify: bool = True) -> CriticalPoints:
    """The certified, complete real critical points of a polynomial (or components + points).

    ``grads``: the polynomial system (the gradient, or its reduction by factors that never vanish,
    :mod:`~symopt.critical.reduced`); ``f``: the polynomial whose values the components get
    (``obj``'s by default; ``None`` with ``classify=False``: no values, kinds left to the caller)."""
    f = rationalize(obj.expr) if f is None and classify else f
    _flint()  # the exact method needs python-flint
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
            factors = [(sp.expand(fac), m) for fac, m in factors]
            components = hypersurface_components(f, [fac for fac, _ in factors], variables)
            system = [p.exquo(h) for p in nonzero]
            common = h.as_expr()
    if not nonzero:
        return CriticalPoints([CriticalPoint(dict(zip(variables, variables)), "inconclusive", reason="the gradient is identically zero")],
                              complete=False, note="the gradient is identically zero: every point is critical",
                              components=(Component(sp.Integer(0), n),), objective=obj)
    F = list(system)
    saturation: tuple = ()
    try:
        added, form, chi, gs, elim = _univariate_representation(F, R, variables)
    except _NotZeroDimensional:
        if not components:
            raise
        # q = 0 has positive dimension: its part off {H = 0} is V(q : H^oo) (gcd_components.saturation)
        saturation = saturation_of([p.as_expr() for p in system], common, variables)
        F = F + [R.from_expr(j) for j, _ in saturation]
        added, form, chi, gs, elim = _univariate_representation(F, R, variables)
    points, intervals = _isolate(obj, chi, gs, elim, hess, digits, classify)
    cert = AlgebraicCertificate(
        tuple(variables),
        tuple(p.as_expr() for p in F),
        tuple((i, tuple(_sq(c) for c in q.coeffs())) for i, q in added),
        tuple(form),
        tuple(_sq(c) for c in chi.coeffs()),
        tuple(tuple(_sq(c) for c in g.coeffs()) for g in gs),
        tuple(intervals),
        tuple(tuple(_sq(c) for c in q.coeffs()) for q in elim),
    )
    if components:
        return with_components(obj, points, components, factors, cert, common, saturation)
    note = (f"every real critical point (certified: Groebner basis, shape lemma with t = "
            f"{_form_text(form, variables)}, eliminant of degree {chi.degree()}, Arb root isolation)")
    return CriticalPoints(points, complete=True, note=note, certificate=cert, objective=obj)


def _form_text(form: Sequence[int], variables: Sequence[sp.Symbol]) -> str:
    return str(sum(c * v for c, v in zip(form, variables)))


def _isolate(obj: Objective, chi: Any, gs: list, elim: list, hess: sp.Matrix, digits: int, classify: bool = True):
    """Real roots of chi -> exact, certified points with their kinds."""
    variables = obj.variables
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
        if classify:
            kind, eig, reason = kind_algebraic(obj, point, [f for _, f in exact], balls, hess, prec)
        else:
            kind, eig, reason = "inconclusive", (), "not classified"
        points.append(CriticalPoint(point, kind, eig, False, reason, enclosure=enclosure))
    order = sorted(range(len(points)), key=lambda k: tuple(float(b.mid()) for b in rows[k][1]))
    return [points[k] for k in order], intervals
