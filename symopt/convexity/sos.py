"""Sums of squares: exact Gram matrices ``h = m^T Q m`` with ``Q`` PSD (exact LDL^T).

Fixed canonical Gram candidates first (no solver), then a semidefinite
search (CVXPY, optional) rounded to rationals and repaired exactly (Parrilo;
Peyrl & Parrilo 2008); on half-lines and boxes, the substitution
``x = lo + u^2`` turns nonnegativity on ``x >= lo`` into a sum of squares in ``u``.
"""

from __future__ import annotations

import itertools
import sys
from typing import Any, Sequence

import sympy as sp

from ..core.domain import Box
from ..errors import BudgetExceeded
from ..exact.linalg import LDLFactorization
from .context import _Ctx
from .evidence import Nonnegative


def _sos_shifted(h: sp.Expr, box: Box, ctx: _Ctx) -> Nonnegative | None:
    """``h >= 0`` on half-lines / boxes: ``x = lo + u^2`` (or ``hi - u^2``) and a sum of squares in ``u``."""
    shifts, sub = [], {}
    for v in box.variables:
        b = box.bound(v)
        if v not in h.free_symbols:
            continue
        u = sp.Dummy(f"u_{v.name}", real=True)
        if b.lo is not -sp.oo and b.lo.is_Rational:
            shifts.append((v, u, b.lo, "lo"))
            sub[v] = b.lo + u**2
        elif b.hi is not sp.oo and b.hi.is_Rational:
            shifts.append((v, u, b.hi, "hi"))
            sub[v] = b.hi - u**2
    if not shifts:
        return None
    g = sp.expand(h.xreplace(sub))
    ubox = Box.whole(tuple(u for _, u, _, _ in shifts) + tuple(v for v in box.variables if v in h.free_symbols and v not in sub))
    try:
        inner = ctx.run(_sos, g, ubox, step="convexity", cap=max(0.2, 0.1 * ctx.remaining()))
        if inner is None:
            inner = ctx.run(_sos_search, g, ubox, step="convexity", cap=max(0.5, 0.4 * ctx.remaining()))
    except BudgetExceeded:
        return None
    if inner is None:
        return None
    ev = Nonnegative(h, box, "sos-shift", h, False, (tuple(shifts), inner))
    return ev if ev.check() else None


def _sos_basis(h: sp.Expr, vs: Sequence[sp.Symbol], max_basis: int) -> tuple | None:
    """``(poly, terms, basis)`` for an SOS Gram matrix of ``h`` in ``vs``, or ``None``.

    ``h`` must be a polynomial with rational coefficients whose total degree and
    degree in each variable are even; the monomial basis is every exponent vector
    up to half of each variable's degree with total degree between half the
    lowest and half the highest term degree (a box around the half Newton
    polytope), at most ``max_basis`` of them.
    """
    try:
        p = sp.Poly(sp.expand(h), *vs)
    except sp.PolynomialError:
        return None
    if p.is_zero or any(not c.is_Rational for c in p.coeffs()):
        return None
    terms = dict(p.terms())
    maxexp = [max(m[i] for m in terms) for i in range(len(vs))]
    degs = [sum(m) for m in terms]
    if max(degs) % 2 or any(e % 2 for e in maxexp):
        return None
    lo_d, hi_d = (min(degs) + 1) // 2, max(degs) // 2
    basis = [e for e in itertools.product(*[range(m // 2 + 1) for m in maxexp]) if lo_d <= sum(e) <= hi_d]
    if not basis or len(basis) > max_basis:
        return None
    return p, terms, basis


def _sos_search(h: sp.Expr, box: Box, max_basis: int = 15) -> Nonnegative | None:
    """A Gram matrix found by semidefinite programming (CVXPY with Clarabel or SCS, optional), rounded to
    rationals and repaired so that ``h = m^T Q m`` holds exactly; then an exact PSD check (LDL^T).

    The solver maximises the smallest eigenvalue margin so that rounding keeps ``Q`` PSD (Parrilo's
    SOS method; the exact repair follows Peyrl & Parrilo, "Computing sum of squares decompositions with
    rational coefficients", 2008).  Without CVXPY this returns ``None`` (the fixed candidates of
    :func:`_sos` still run).
    """
    for attempt in (0, 1):
        cp = _cvxpy()
        if cp is None:
            return None
        try:
            return _sos_search_with(cp, h, box, max_basis)
        except Exception:  # noqa: BLE001 - the solver failed on this problem, or the stack is broken
            if _cvxpy_is_whole(cp):
                return None  # a solver failure: nothing to repair, and CVXPY stays as other code holds it
            _purge_cvxpy()  # an import cut short by a budget: re-import once
    return None


def _cvxpy_is_whole(cp: Any) -> bool:
    """Whether a CVXPY module has what the search uses (a half-imported one lacks these)."""
    try:
        cp.Variable, cp.Problem, cp.constraints.PSD  # noqa: B018
        return True
    except Exception:  # noqa: BLE001
        return False


def _cvxpy() -> Any:
    """CVXPY if it is installed and imports completely, else ``None`` (it is optional).

    Only a module left half-initialised by an interrupted import is dropped from
    ``sys.modules`` and imported again: a whole one may be in use elsewhere in the
    process (the user's code, PEPit), whose references a purge would break.
    """
    try:
        import cvxpy as cp
    except ImportError:
        return None  # not installed
    except Exception:  # noqa: BLE001 - an import that fails half-way
        cp = None
    if cp is not None and _cvxpy_is_whole(cp):
        return cp
    _purge_cvxpy()
    try:
        import cvxpy as cp

        return cp if _cvxpy_is_whole(cp) else None
    except Exception:  # noqa: BLE001
        return None


def _purge_cvxpy() -> None:
    for name in [m for m in sys.modules if m == "cvxpy" or m.startswith("cvxpy.")]:
        sys.modules.pop(name, None)


def _sos_search_with(cp: Any, h: sp.Expr, box: Box, max_basis: int) -> Nonnegative | None:
    vs = tuple(v for v in box.variables if v in h.free_symbols)
    if not vs:
        return None
    setup = _sos_basis(h, vs, max_basis)
    if setup is None:
        return None
    p, terms, basis = setup
    n = len(basis)
    pairs: dict = {}
    for i, a in enumerate(basis):
        for j in range(i, n):
            key = tuple(x + y for x, y in zip(a, basis[j]))
            pairs.setdefault(key, []).append((i, j))
    if any(k not in pairs for k in terms):
        return None
    Q = cp.Variable((n, n), symmetric=True)
    t = cp.Variable()
    cons = [cp.constraints.PSD(Q - cp.diag(cp.hstack([t] * n))), t <= 1]
    for key, plist in pairs.items():
        c = float(terms.get(key, 0))
        cons.append(sum((Q[i, j] if i == j else 2 * Q[i, j]) for i, j in plist) == c)
    prob = cp.Problem(cp.Maximize(t), cons)
    for solver in ("CLARABEL", "SCS"):
        try:
            prob.solve(solver=solver)
        except cp.error.SolverError:  # this solver failed: try the next (budget interrupts are BaseExceptions)
            continue
        if Q.value is not None and t.value is not None and t.value > -1e-9:
            break
    else:
        return None
    Qv = Q.value
    monomials = tuple(sp.Mul(*[v**k for v, k in zip(vs, e)]) for e in basis)
    for den in (10**4, 10**6, 10**8):
        R = sp.Matrix(n, n, lambda i, j: sp.Rational(round(float(Qv[min(i, j), max(i, j)]) * den), den))
        # exact repair: each monomial's equation fixed on one entry (a diagonal one when there is one)
        for key, plist in pairs.items():
            c = sp.Rational(terms.get(key, 0))
            diag = [pr for pr in plist if pr[0] == pr[1]]
            i0, j0 = diag[0] if diag else plist[0]
            rest = sum((R[i, j] if i == j else 2 * R[i, j]) for i, j in plist if (i, j) != (i0, j0))
            val = (c - rest) / (1 if i0 == j0 else 2)
            R[i0, j0] = R[j0, i0] = val
        try:
            ldl = LDLFactorization.of(R)
        except ValueError:
            continue
        if ldl.sign > 0:
            ev = Nonnegative(h, box, "sos", h, False, (monomials, R))
            if ev.check():
                return ev
    return None


def _sos(h: sp.Expr, box: Box, max_basis: int = 20) -> Nonnegative | None:
    """Try ``h = m^T Q m`` with ``Q`` PSD, for a few canonical choices of the Gram matrix.

    Each monomial of ``h`` must be split over the pairs ``(i, j)`` with
    ``m_i m_j`` equal to it; the splits tried are: least-norm, all on the
    diagonal pair when there is one, and all on one off-diagonal pair.  No
    optimisation solver: when no split gives a PSD ``Q`` the method fails.
    """
    vs = box.variables
    setup = _sos_basis(h, vs, max_basis)
    if setup is None:
        return None
    p, terms, basis = setup
    pairs: dict = {}
    for i, a in enumerate(basis):
        for j in range(i, len(basis)):
            key = tuple(x + y for x, y in zip(a, basis[j]))
            pairs.setdefault(key, []).append((i, j))
    if any(k not in pairs for k in terms):
        return None
    monomials = tuple(sp.Mul(*[v**k for v, k in zip(vs, e)]) for e in basis)
    n = len(basis)
    for strategy in ("least-norm", "diagonal", "off-diagonal"):
        Q = sp.zeros(n, n)
        for key, plist in pairs.items():
            c = terms.get(key, sp.S.Zero)
            if c == 0 and strategy != "least-norm":
                continue
            weights = [1 if i == j else 2 for i, j in plist]
            if strategy == "least-norm":
                norm2 = sum(w * w for w in weights)
                for (i, j), w in zip(plist, weights):
                    q = sp.Rational(c) * w / norm2
                    Q[i, j] = Q[j, i] = q
            else:
                diag = [(i, j) for i, j in plist if i == j]
                pick = diag[0] if (strategy == "diagonal" and diag) else ([pr for pr in plist if pr[0] != pr[1]] or plist)[0]
                i, j = pick
                w = 1 if i == j else 2
                Q[i, j] = Q[j, i] = sp.Rational(c) / w
        try:
            ldl = LDLFactorization.of(Q)
        except ValueError:
            continue
        if ldl.sign > 0:
            ev = Nonnegative(h, box, "sos", h, False, (monomials, Q))
            if ev.check():
                return ev
    return None
