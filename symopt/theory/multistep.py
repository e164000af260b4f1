r"""Orders that are not integers: two-step maps (the secant method) and Puiseux expansions.

**Two-step maps** ``x_{k+1} = F(x_k, x_{k-1})`` with a fixed point ``x*``: the
error map ``E(e_1, e_0) = F(x* + e_1, x* + e_0) - x*`` is expanded in both
errors; when its dominant term is ``C e_k^a e_{k-1}^b`` the errors obey
``e_{k+1} ~ C e_k^a e_{k-1}^b``.  Trying ``e_{k+1} ~ K e_k^p`` gives
``e_{k-1} ~ (e_k / K)^{1/p}``, hence the characteristic equation of the
exponents ``p^2 = a p + b`` and ``K^{(p + b)/p} = |C|``, i.e.
``K = |C|^{p/(p + b)}``.  Which term dominates depends on ``p`` itself: ``p``
solves ``p^2 = min (a p + b)`` over the terms present (a unique root, since
the right side is concave and increasing).  For the secant method
``C = f''(x*)/(2 f'(x*))``, ``a = b = 1``: ``p = (1 + sqrt 5)/2`` and
``K = |f''/(2 f')|^{1/phi}`` (Atkinson 1989, sec. 2.3, eq. 2.3.9).

**Puiseux expansions**: a scalar map with fractional powers of ``x - x*``
(``x^(1/3)``) is expanded in ``s = (x - x*)^{1/q}`` for ``x > x*`` (``q`` the
common denominator of the exponents); a leading term ``c s^m`` gives
``e_{k+1} ~ c e_k^{m/q}`` from the right.  Newton's method for
``x + x^(4/3)`` at 0: order ``4/3``, constant ``1/3``.

Each order is cross-checked by an mpmath run at high precision.
"""

from __future__ import annotations

import math

import mpmath
import sympy as sp

from ..errors import BudgetExceeded, DomainError, UndecidedError
from ..exact.schur import constant_sign
from ..limits import run_with_budget
from ._common import _budgeted_simplify, _mp_callable
from ._fields import _enclose_number, _zero_test

__all__: list[str] = []


def two_step_roles(vs: list, images: list) -> tuple | None:
    """``(x, xp, F)`` when the map is ``x = F(x, xp); xp = x`` (in either order), else ``None``.

    The second state variable only remembers the previous iterate, and ``F`` depends on it.
    """
    if len(vs) != 2:
        return None
    for i, j in ((0, 1), (1, 0)):
        if sp.sympify(images[j]) == vs[i] and vs[j] in images[i].free_symbols:
            return vs[i], vs[j], images[i]
    return None


def is_two_step(vs: list, images: list) -> bool:
    """``x = F(x, xp); xp = x`` (either order): see :func:`two_step_roles`."""
    return two_step_roles(vs, images) is not None


def two_step_terms(F: sp.Expr, x: sp.Symbol, xp: sp.Symbol, x0: sp.Expr, degree: int = 5) -> dict:
    """``{(a, b): c_ab}``: the error map's terms ``c e_1^a e_0^b`` of total degree ``<= degree`` (exact).

    ``E(t u, t v)`` is expanded in ``t``; the coefficient of ``t^d`` must cancel to a
    homogeneous polynomial in ``u, v`` (a removable singularity such as the secant's
    difference quotient on ``x = xp`` cancels here).
    """
    t, u, v = sp.symbols("t u v", positive=True)
    E = F.xreplace({x: x0 + t * u, xp: x0 + t * v}) - x0
    terms: dict = {}
    for (a, b), c in _error_terms(E, t, (u, v), degree, "the two errors"):
        terms[(a, b)] = terms.get((a, b), 0) + c
    return {k: _budgeted_simplify(c) for k, c in terms.items() if c != 0}


def _error_terms(E: sp.Expr, t: sp.Symbol, us: tuple, degree: int, what: str) -> list[tuple[tuple, sp.Expr]]:
    """``(monomial in us, coefficient)`` of the error map ``E(t u)``'s expansion in ``t`` up to ``t^degree``.

    ``E`` is cancelled first (a removable singularity such as the secant's difference
    quotient on ``x = xp`` goes), and each degree's coefficient must cancel to a polynomial
    in ``us``; otherwise :class:`UndecidedError` says which (``what`` names the errors).
    """
    try:
        E = run_with_budget(lambda: sp.cancel(sp.together(E)), step="simplify")
    except (sp.PolynomialError, TypeError, ValueError):
        pass
    ser = run_with_budget(lambda: sp.expand(sp.series(E, t, 0, degree + 1).removeO()), step="series")
    if not ser.is_polynomial(t):
        raise UndecidedError(f"the error map's expansion is not a power series in {what}")
    out: list = []
    for d in range(degree + 1):
        cd = ser.coeff(t, d)
        if cd == 0:
            continue
        cd = run_with_budget(lambda c=cd: sp.cancel(sp.together(c)), step="simplify")
        if not cd.is_polynomial(*us):
            raise UndecidedError(f"the error map's degree-{d} part is not a polynomial in {what}")
        out.extend(sp.Poly(cd, *us).terms())
    return out


def two_step_order(F: sp.Expr, x: sp.Symbol, xp: sp.Symbol, x0: sp.Expr, degree: int = 4, max_degree: int = 8
                   ) -> dict:
    """Order ``p``, constant ``K`` and the dominant term of a two-step map (see the module).

    The expansion goes to total degree ``degree``, raised up to ``max_degree`` while
    the order found needs higher terms (every unseen term has weight ``>= degree + 1``,
    so ``p^2 < degree + 1`` settles it).  Returns ``{"order", "constant", "C", "a",
    "b", "q", "note"}`` (``constant`` ``None`` when ``e_(k+1)/e_k^p`` has no limit);
    raises :class:`UndecidedError` when a zero test, a tie between terms or the
    truncation leaves it undecided.
    """
    exact_degree = None  # a polynomial map: every term is seen once the expansion reaches its degree
    if F.is_polynomial(x, xp) and sp.Poly(F, x, xp).total_degree() <= 12:
        exact_degree = sp.Poly(F, x, xp).total_degree()
        degree = max(degree, exact_degree)
    while True:
        terms = two_step_terms(F, x, xp, x0, degree)
        live = {}
        for k, c in terms.items():
            z = _zero_test(c)
            if z is None:
                raise UndecidedError(f"could not decide whether the coefficient of e_k^{k[0]} e_(k-1)^{k[1]} is 0")
            if z is False:
                live[k] = c
        if (0, 0) in live:
            raise DomainError(f"{x} = {xp} = {x0} is not a fixed point of the two-step map "
                              f"(F(x*, x*) - x* = {live[(0, 0)]})")
        if any(a + b == 1 for a, b in live):
            raise UndecidedError("the error map has a linear term: a linear two-step iteration (use its iteration matrix)")
        best = None
        for a, b in sorted(live):
            p = (sp.Integer(a) + sp.sqrt(a * a + 4 * b)) / 2
            pv = float(p)
            vals = {k: k[0] * pv + k[1] for k in live}
            m = min(vals.values())
            if abs(a * pv + b - m) < 1e-12:
                best = (p, a, b, [k for k, val in vals.items() if abs(val - m) < 1e-9])
                break
        if exact_degree is None and (best is not None and float(best[0]) ** 2 >= degree + 1 or best is None and not live):
            if degree >= max_degree:
                raise UndecidedError(f"every term of the error map up to total degree {degree} vanishes" if best is None
                                     else f"order {float(best[0]):.4g} needs terms beyond total degree {degree}")
            degree = min(max_degree, max(degree + 1, int(float(best[0]) ** 2) + 1 if best else degree + 2))
            continue
        break
    if best is None or best[0] <= 1:
        raise UndecidedError("no superlinear order p solves p^2 = min(a p + b) over the error map's terms")
    p, a, b, tied = best
    if len(tied) > 1:
        raise UndecidedError(f"two terms of the error map dominate together ({tied}): the recursion is not one power")
    C = live[(a, b)]
    q = sp.Integer(a) - p  # the other root of p^2 = a p + b
    note = (f"two-step error recursion e_(k+1) ~ C e_k^{a} e_(k-1)^{b} with C = {C}; the exponents' characteristic "
            f"equation p^2 = {a} p + {b} gives order p = {p}")
    if b >= a + 1:  # |q| >= 1: log e_k = A p^k + B q^k + const, and e_(k+1)/e_k^p = exp(B q^k (q - p) + ...)
        note += (f"; its other root {q} has |q| >= 1, so e_(k+1)/e_k^p keeps oscillating with the start "
                 "(no asymptotic constant; p is the R-order)")
        return {"order": p, "constant": None, "C": C, "a": a, "b": b, "q": q, "note": note}
    sC = constant_sign(C)
    absC = C if sC == 1 else -C if sC == -1 else sp.Abs(C)
    K = absC ** sp.radsimp(p / (p + b))
    note += f", constant K = |C|^(p/(p + {b})) (the other root {q} has |q| < 1)"
    enc = _enclose_number(K)
    if enc is not None:
        note += f"; certified enclosure of K: [{enc[0]:.17g}, {enc[1]:.17g}]"
    return {"order": p, "constant": K, "C": C, "a": a, "b": b, "q": q, "note": note}


def two_step_empirical(F: sp.Expr, x: sp.Symbol, xp: sp.Symbol, x0: sp.Expr, p: sp.Expr, a: int, b: int,
                       dps: int = 600) -> tuple[float, float] | None:
    """Order and ``C`` from an mpmath run of the two-step map (independent of the series).

    The order is ``log(e_(k+1)/e_k) / log(e_k/e_(k-1))`` at the last steps; ``C`` is
    ``e_(k+1) / (e_k^a e_(k-1)^b)`` (which converges like ``O(e_k)``, while
    ``e_(k+1)/e_k^p`` converges only like ``q^k``).
    """
    try:
        f = sp.lambdify((x, xp), F, modules="mpmath", dummify=True)
        with mpmath.workdps(dps):
            xs = mpmath.mpf(sp.N(x0, dps + 10))
            prev, cur = xs + mpmath.mpf("0.02"), xs + mpmath.mpf("0.01")
            errs = [abs(prev - xs), abs(cur - xs)]
            floor = mpmath.mpf(10) ** (-(dps // 2))
            for _ in range(200):
                prev, cur = cur, f(cur, prev)
                err = abs(cur - xs)
                if err < floor or err == 0:
                    break
                errs.append(err)
            if len(errs) < 5:
                return None
            e1, e2, e3 = errs[-3], errs[-2], errs[-1]
            pe = mpmath.log(e3 / e2) / mpmath.log(e2 / e1)
            C = e3 / (e2 ** a * e1 ** b)
            return float(pe), float(C)
    except (ValueError, TypeError, ZeroDivisionError, ArithmeticError, NameError):
        return None


# ----------------------------------------------------------------------------- Puiseux


def fractional_denominator(F: sp.Expr, x: sp.Symbol, x0: sp.Expr | None = None) -> int:
    """The common denominator ``q`` of the non-integer rational exponents of powers that depend on ``x``.

    With ``x0``, a power whose base is provably non-zero at ``x0`` is skipped: it is
    analytic there (``sqrt(1 + x^2)`` at 0), and a Taylor series suffices.
    """
    q = 1
    for pw in F.atoms(sp.Pow):
        if x in pw.base.free_symbols and pw.exp.is_Rational and not pw.exp.is_Integer:
            if x0 is not None:
                b0 = pw.base.xreplace({x: x0})
                if not b0.has(sp.nan, sp.zoo, sp.oo, -sp.oo) and _zero_test(b0) is False:
                    continue
            q = q * pw.exp.q // math.gcd(q, pw.exp.q)
    return q


def puiseux_order(F: sp.Expr, x: sp.Symbol, x0: sp.Expr, q: int, max_terms: int = 24) -> dict:
    """Leading term ``c s^m`` of ``F(x* + s^q) - x*`` for ``s > 0``: order ``m/q``, constant ``|c|``."""
    s = sp.Symbol("s", positive=True)
    E = sp.powsimp(sp.expand_power_base(F.xreplace({x: x0 + s**q}) - x0, force=True), force=True)
    if E.xreplace({s: 0}).has(sp.nan, sp.zoo) is False and _zero_test(E.xreplace({s: 0})) is False:
        raise DomainError(f"{x} = {x0} is not a fixed point of the iteration")
    ser = run_with_budget(lambda: sp.series(E, s, 0, max_terms).removeO(), step="series")
    ser = sp.expand(ser)
    if ser == 0:
        raise UndecidedError(f"every term of the Puiseux expansion up to s^{max_terms} vanishes")
    lead = None
    for term in sorted(sp.Add.make_args(ser), key=lambda tm: sp.degree(tm, s) if tm.is_polynomial(s) else 0):
        if not term.is_polynomial(s):
            raise UndecidedError("the expansion in s is not a power series")
        c, m = sp.Poly(term, s).LC(), sp.degree(term, s)
        z = _zero_test(c)
        if z is None:
            raise UndecidedError(f"could not decide whether the coefficient of s^{m} is 0")
        if z is False:
            lead = (c, m)
            break
    if lead is None:
        raise UndecidedError("no non-zero term found in the Puiseux expansion")
    c, m = lead
    order = sp.Rational(m, q)
    sc = constant_sign(c)
    const = c if sc == 1 else -c if sc == -1 else sp.Abs(c)
    note = (f"Puiseux expansion in s = (x - x*)^(1/{q}) for x > x*: F(x* + e) - x* = {c}*e^({order}) + ..., "
            f"so e_(k+1) ~ {const} e_k^({order}) from the right")
    if order > 1 and sc == 1:
        note += " (the iterates stay right of x*: the term is positive)"
    return {"order": order, "constant": const, "c": c, "note": note}


def puiseux_empirical(F: sp.Expr, x: sp.Symbol, x0: sp.Expr, order: sp.Expr, dps: int = 300
                      ) -> tuple[float, float] | None:
    """Order and constant from an mpmath run from ``x* + 10^-3`` (the right side)."""
    try:
        f = _mp_callable(x, F)
        with mpmath.workdps(dps):
            xs = mpmath.mpf(sp.N(x0, dps + 10))
            cur = xs + mpmath.mpf("1e-3")
            errs = [cur - xs]
            floor = mpmath.mpf(10) ** (-(dps // 2))
            for _ in range(200):
                cur = f(cur)
                if isinstance(cur, mpmath.mpc):
                    return None
                err = cur - xs
                if abs(err) < floor or err == 0:
                    break
                errs.append(err)
            errs = [abs(e) for e in errs]
            if len(errs) < 4:
                return None
            e1, e2, e3 = errs[-3], errs[-2], errs[-1]
            pe = mpmath.log(e3 / e2) / mpmath.log(e2 / e1)
            K = e3 / e2 ** mpmath.mpf(sp.N(order, dps))
            return float(pe), float(K)
    except (ValueError, TypeError, ZeroDivisionError, ArithmeticError, NameError, BudgetExceeded):
        return None


# ----------------------------------------------------------------------------- m-step maps (m >= 3)


def chain_roles(vs: list, images: list) -> tuple | None:
    """``(x_0, x_1, ..., x_{m-1}, F)`` for ``x_0 = F(x_0, ..., x_{m-1}); x_1 = x_0; ...; x_{m-1} = x_{m-2}``
    (lines in any order, ``m >= 3``): an iteration with memory of the last ``m`` iterates; else ``None``."""
    m = len(vs)
    if m < 3:
        return None
    img = {v: sp.sympify(e) for v, e in zip(vs, images)}
    copies = {v: e for v, e in img.items() if e in img and e != v}  # x_j = x_(j-1)
    heads = [v for v in vs if v not in copies]
    if len(heads) != 1 or len(copies) != m - 1:
        return None
    chain = [heads[0]]
    while len(chain) < m:
        nxt = [v for v, e in copies.items() if e == chain[-1]]
        if len(nxt) != 1:
            return None
        chain.append(nxt[0])
    if chain[-1] not in img[chain[0]].free_symbols:
        return None
    return (*chain, img[chain[0]])


def multi_step_order(F: sp.Expr, chain: list, x0: sp.Expr, degree: int = 4, max_degree: int = 8) -> dict:
    """Order of ``x_(k+1) = F(x_k, ..., x_(k-m+1))`` from its dominant error term ``C prod e_(k-j)^(a_j)``.

    Trying ``e_(k+1) ~ K e_k^p`` gives the indicial equation ``p^m = sum_j a_j p^(m-1-j)`` (Traub 1964,
    ch. 3: Muller's method, ``a = (1, 1, 1)``, has order 1.839...), ``p`` solving ``p^m = min`` over the
    terms, and ``K = |C|^(1/(1 + sum_j a_j S_j p^-j))`` with ``S_j = 1 + p + ... + p^(j-1)`` when the
    other roots lie inside the unit circle (decided from 50-digit roots with a margin; else ``None``).
    """
    m = len(chain)
    t = sp.Dummy("t", positive=True)
    us = sp.symbols(f"u0:{m}", positive=True)
    E = F.xreplace({c: x0 + t * u for c, u in zip(chain, us)}) - x0
    if F.is_polynomial(*chain) and sp.Poly(F, *chain).total_degree() <= 12:
        degree, exact = max(degree, sp.Poly(F, *chain).total_degree()), True
    else:
        exact = False
    live: dict = {}
    for mono, c in _error_terms(E, t, us, degree, "the errors"):
        z = _zero_test(_budgeted_simplify(c))
        if z is None:
            raise UndecidedError(f"could not decide whether the coefficient of the error term {mono} is 0")
        if z is False:
            live[mono] = live.get(mono, 0) + c
    if not live or any(sum(k) <= 1 for k in live):
        raise UndecidedError("the error map has a constant or linear term (not a fixed point, or a linear "
                             "iteration: use its iteration matrix)" if live else "every term computed vanishes")
    z = sp.Dummy("z")
    best = None
    for mono in live:
        P = sp.Poly(z**m - sum(a * z ** (m - 1 - j) for j, a in enumerate(mono)), z)
        roots = [r for r in P.real_roots() if r > 0]
        if not roots:
            continue
        p = max(roots)
        pv = float(p)
        vals = {k: sum(a * pv ** (m - 1 - j) for j, a in enumerate(k)) for k in live}
        if abs(vals[mono] - min(vals.values())) < 1e-12:
            best = (p, mono, P, [k for k, v in vals.items() if abs(v - vals[mono]) < 1e-9])
            break
    if best is None or best[0] <= 1:
        raise UndecidedError("no superlinear order solves the indicial equation over the error map's terms")
    p, mono, P, tied = best
    if len(tied) > 1:
        raise UndecidedError(f"several terms of the error map dominate together ({tied})")
    if not exact and float(p) ** m >= degree + 1:  # an unseen term (total degree > degree) weighs >= degree + 1
        if degree < max_degree:
            return multi_step_order(F, chain, x0, min(max_degree, int(float(p) ** m) + 1), max_degree)
        raise UndecidedError(f"order {float(p):.4g} may need terms beyond total degree {degree}")
    C = live[mono]
    with mpmath.workdps(60):
        others = [r for r in mpmath.polyroots([int(c) for c in P.all_coeffs()], maxsteps=400, extraprec=400)
                  if abs(r - mpmath.mpf(sp.N(p, 60))) > mpmath.mpf(10) ** -40]
        margin = mpmath.mpf(10) ** -30
        inside = all(abs(r) < 1 - margin for r in others)
        borderline = not inside and all(abs(r) < 1 + margin for r in others)
    sC = constant_sign(C)
    absC = C if sC == 1 else -C if sC == -1 else sp.Abs(C)
    expo = 1 + sum(a * sum(p**i for i in range(j)) / p**j for j, a in enumerate(mono))
    K = absC ** (1 / expo) if inside else None
    terms = " ".join(f"e_(k-{j})^{a}" if j else f"e_k^{a}" for j, a in enumerate(mono) if a)
    note = (f"{m}-step error recursion e_(k+1) ~ C {terms} with C = {C}; the indicial equation "
            f"{P.as_expr().xreplace({z: sp.Symbol('t')})} = 0 gives order p = {p}")
    note += (f", constant K = |C|^(1/({expo})) (the other roots of the indicial "
             "equation lie inside the unit circle)" if inside else
             "; another root of the indicial equation lies within 1e-30 of the unit circle: whether e_(k+1)/e_k^p "
             "has a limit is not decided (p is the R-order)" if borderline else
             "; another root of the indicial equation is not inside the unit circle: no asymptotic constant "
             "(p is the R-order)")
    return {"order": p, "constant": K, "C": C, "exponents": mono, "expo": expo, "note": note}


def multi_step_empirical(F: sp.Expr, chain: list, x0: sp.Expr, exponents: tuple, expo: sp.Expr, dps: int = 1500
                         ) -> tuple[float, float] | None:
    """Order ``log e_(k+1)/log e_k`` and ``K = |C_obs|^(1/expo)`` with ``C_obs = e_(k+1)/prod e_(k-j)^(a_j)``
    from an mpmath run of the m-step map from errors 0.01, 0.02, ... (independent of the series)."""
    try:
        f = sp.lambdify(chain, F, modules="mpmath", dummify=True)
        with mpmath.workdps(dps):
            xs = mpmath.mpf(sp.N(x0, dps + 10))
            hist = [xs + mpmath.mpf(j + 1) / 100 for j in range(len(chain))]  # newest first
            errs = [abs(h - xs) for h in reversed(hist)]
            floor = mpmath.mpf(10) ** (-(dps // 2))
            for _ in range(200):
                hist = [f(*hist)] + hist[:-1]
                err = abs(hist[0] - xs)
                if err < floor or err == 0:
                    break
                errs.append(err)
            if len(errs) < len(chain) + 3:
                return None
            pe = mpmath.log(errs[-1]) / mpmath.log(errs[-2])
            C = errs[-1] / mpmath.fprod(errs[-2 - j] ** a for j, a in enumerate(exponents))
            return float(pe), float(abs(C) ** (1 / mpmath.mpf(sp.N(expo, 30))))
    except (ValueError, TypeError, ZeroDivisionError, ArithmeticError, NameError):
        return None
