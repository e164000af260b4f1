r"""Linear rates from the Lyapunov family of Taylor, Van Scoy and Lessard (ICML 2018).

The family: :math:`V_k = (\xi_k, g_k)^\top P\,(\xi_k, g_k) + c\,(f(y_k) - f_\star)`,
:math:`\xi_k` the method's state (e.g. :math:`(x_k - x_\star, x_{k-1} - x_\star)`),
:math:`g_k = \nabla f(y_k)` at the step's first oracle point :math:`y_k`, with
:math:`P` symmetric but *not* required to be positive semidefinite and
:math:`c \ge 0`.  Two conditions, each an LMI through the class's interpolation
inequalities (S-procedure with multipliers :math:`\lambda, \eta \ge 0`):

1. decrease, over every function of the class (the points :math:`x_\star, y_k, y_{k+1}`):

   .. math:: \rho^2 V_k - V_{k+1} + \sum \lambda_{ij} c_{ij} = \langle S_1, G\rangle,\quad S_1 \succeq 0;

2. a lower bound, over the points :math:`x_\star, y_k` only:

   .. math:: V_k - \|\xi_{k,1}\|^2 + \sum \eta_{ij} c_{ij} = \langle S_2, G\rangle,\quad S_2 \succeq 0,

   (:math:`\xi_{k,1} = x_k - x_\star`, the state's first component), so :math:`V_k \ge \|x_k - x_\star\|^2 \ge 0`
   for every function of the class although :math:`P` may be indefinite.

Together: :math:`\|x_k - x_\star\|^2 \le V_k \le \rho^{2k} V_0`.  Bisection on
:math:`\rho` finds the smallest :math:`\rho` *of this family* (the published
Lyapunov functions of triple momentum, :math:`\rho = 1 - \sqrt{\mu/L}`, and of
robust momentum are in it); the certificate at a rational :math:`\rho^2` just
above it is exact: both identities are re-verified in rationals and
:math:`S_1, S_2` are factored exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping

from ..errors import SymoptError, UnsupportedError
from ._exact import SOLVER_SECONDS, _ldl, _ldl_reproduces
from .certify import _restore, _to_frac
from .classes import FunctionClass
from .methods import Method
from .step import _build_step, _StepProblem
from .sdp import _solver, _svec_index

FORM = "interpolation"


@dataclass(frozen=True)
class _Lower:
    """The lower-bound condition's data: its constraints (indices into ``Q.constraints``) and target."""

    idx: tuple
    target: Mapping  # the Gram form of ||x_k - x*||^2


def _lower(Q: _StepProblem) -> _Lower:
    idx = tuple(k for k, con in enumerate(Q.constraints) if con.label in ("interp(*,0)", "interp(0,*)"))
    if not idx:
        raise UnsupportedError("no interpolation inequality between x* and the step's oracle point")
    return _Lower(idx, {(0, 0): Fraction(1)})  # the state's first component is basis vector 0


def _zero_set(Q: _StepProblem, mats) -> set:
    touched = set()
    for A in mats:
        touched.update(i for (i, j) in A if i == j)
    return {i for i in range(Q.ng) if i not in touched}


def _columns(Q: _StepProblem, low: _Lower, rho2: Fraction):
    """Exact linear conditions on ``v = (lam, p, c, eta)``: both F-identities, zero rows of S1 and S2."""
    m, npairs, m2 = len(Q.constraints), len(Q.pairs), len(low.idx)
    z1 = _zero_set(Q, [con.A for con in Q.constraints] + list(Q.vk) + list(Q.vk1))
    z2 = _zero_set(Q, [Q.constraints[k].A for k in low.idx] + list(Q.vk) + [low.target])

    def zr(tag, zero, A, scale, col):
        for (i, j), v in A.items():
            if i in zero and i <= j or j in zero and j < i:
                key = (tag, min(i, j), max(i, j))
                col[key] = col.get(key, 0) + scale * v

    cols: dict[int, dict] = {}
    for c, con in enumerate(Q.constraints):
        col = {("F1", j): v for j, v in con.a.items()}
        zr("S1", z1, con.A, Fraction(1), col)
        cols[c] = col
    for k in range(npairs):
        col: dict = {}
        zr("S1", z1, Q.vk[k], rho2, col)
        zr("S1", z1, Q.vk1[k], Fraction(-1), col)
        zr("S2", z2, Q.vk[k], Fraction(1), col)
        cols[m + k] = col
    col = {}
    for j, v in Q.fk.items():
        col[("F1", j)] = col.get(("F1", j), 0) + rho2 * v
        col[("F2", j)] = col.get(("F2", j), 0) + v
    for j, v in Q.fk1.items():
        col[("F1", j)] = col.get(("F1", j), 0) - v
    cols[m + npairs] = col
    for r, k in enumerate(low.idx):
        con = Q.constraints[k]
        col = {("F2", j): v for j, v in con.a.items()}
        zr("S2", z2, con.A, Fraction(1), col)
        cols[m + npairs + 1 + r] = col
    rhs: dict = {}
    zr("S2", z2, low.target, Fraction(1), rhs)  # S2 = ... - target: its zero rows need the same entries
    return cols, rhs, z1, z2


def _S(Q: _StepProblem, low: _Lower, rho2: Fraction, lam, p, c, eta):
    n = Q.ng
    S1 = [[Fraction(0)] * n for _ in range(n)]
    S2 = [[Fraction(0)] * n for _ in range(n)]
    for l, con in zip(lam, Q.constraints):
        if l:
            for (i, j), v in con.A.items():
                S1[i][j] += l * v
    for e, k in zip(eta, low.idx):
        if e:
            for (i, j), v in Q.constraints[k].A.items():
                S2[i][j] += e * v
    for pv, A, A1 in zip(p, Q.vk, Q.vk1):
        if pv:
            for (i, j), v in A.items():
                S1[i][j] += rho2 * pv * v
                S2[i][j] += pv * v
            for (i, j), v in A1.items():
                S1[i][j] -= pv * v
    for (i, j), v in low.target.items():
        S2[i][j] -= v
    return S1, S2


def _solve(Q: _StepProblem, low: _Lower, rho2: float):
    """Maximise the margin ``t <= 1`` with ``S1 - t I' >= 0`` and ``S2 - t I'' >= 0`` (off their zero rows)."""
    import numpy as np
    import scipy.sparse as sps

    clarabel = _solver()
    cols_exact, rhs, z1, z2 = _columns(Q, low, Fraction(rho2))
    m, npairs, m2 = len(Q.constraints), len(Q.pairs), len(low.idx)
    nv = m + npairs + 1 + m2 + 1
    it = nv - 1
    rows, cols, vals = [], [], []
    # equalities: the F-identities (zero rows of S are handled by the margin's exclusion + exact restore)
    keys = sorted({k for col in cols_exact.values() for k in col if k[0] in ("F1", "F2")}, key=str)
    kidx = {k: r for r, k in enumerate(keys)}
    for j, col in cols_exact.items():
        for k, v in col.items():
            if k in kidx:
                rows.append(kidx[k]), cols.append(j), vals.append(float(v))
    b_parts = [np.zeros(len(keys))]
    off = len(keys)
    nonneg = list(range(m)) + [m + npairs] + list(range(m + npairs + 1, m + npairs + 1 + m2))
    for r, j in enumerate(nonneg):
        rows.append(off + r), cols.append(j), vals.append(-1.0)
    rows.append(off + len(nonneg)), cols.append(it), vals.append(1.0)
    b_parts.append(np.concatenate([np.zeros(len(nonneg)), [1.0]]))
    off += len(nonneg) + 1
    sv = _svec_index(Q.ng)
    r2 = math.sqrt(2.0)

    def put(col: int, A: Mapping, scale: float, base: int) -> None:
        for (i, j), v in A.items():
            if i <= j:
                rows.append(base + sv[(i, j)]), cols.append(col), vals.append(-scale * float(v) * (1.0 if i == j else r2))

    for c, con in enumerate(Q.constraints):
        put(c, con.A, 1.0, off)
    for k in range(npairs):
        put(m + k, Q.vk[k], rho2, off)
        put(m + k, Q.vk1[k], -1.0, off)
    for i in range(Q.ng):
        if i not in z1:
            rows.append(off + sv[(i, i)]), cols.append(it), vals.append(1.0)
    b_parts.append(np.zeros(len(sv)))
    off += len(sv)
    for r, k in enumerate(low.idx):
        put(m + npairs + 1 + r, Q.constraints[k].A, 1.0, off)
    for k in range(npairs):
        put(m + k, Q.vk[k], 1.0, off)
    for i in range(Q.ng):
        if i not in z2:
            rows.append(off + sv[(i, i)]), cols.append(it), vals.append(1.0)
    b2 = np.zeros(len(sv))
    for (i, j), v in low.target.items():  # S2 = ... - target: the constant goes to b (s = b - A x)
        if i <= j:
            b2[sv[(i, j)]] -= float(v) * (1.0 if i == j else r2)
    b_parts.append(b2)
    off += len(sv)
    A = sps.csc_matrix((vals, (rows, cols)), shape=(off, nv))
    q = np.zeros(nv)
    q[it] = -1.0
    cones = [clarabel.ZeroConeT(len(keys)), clarabel.NonnegativeConeT(len(nonneg) + 1),
             clarabel.PSDTriangleConeT(Q.ng), clarabel.PSDTriangleConeT(Q.ng)]
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.max_iter = 200
    settings.time_limit = SOLVER_SECONDS
    sol = clarabel.DefaultSolver(sps.csc_matrix((nv, nv)), q, A, np.concatenate(b_parts), cones, settings).solve()
    x = np.array(sol.x)
    ok = str(sol.status) in ("Solved", "AlmostSolved")  # feasibility only: the exact certificate decides
    return ok, (float(x[it]) if ok else -math.inf), x


def _certificate(Q: _StepProblem, low: _Lower, rho2: Fraction):
    import numpy as np

    ok, t, x = _solve(Q, low, float(rho2))
    if not ok or t <= 1e-10:
        return None
    m, npairs, m2 = len(Q.constraints), len(Q.pairs), len(low.idx)
    cols, rhs, _, _ = _columns(Q, low, rho2)
    n = m + npairs + 1 + m2
    nonneg = set(range(m)) | {m + npairs} | set(range(m + npairs + 1, n))
    top = float(np.max(np.abs(x[:n]))) or 1.0
    for Qd in (10**12, 10**15):
        v = [Fraction(0) if (k in nonneg and xv <= 1e-11 * top) else _to_frac(float(xv), Qd) for k, xv in enumerate(x[:n])]
        v = _restore(cols, rhs, v, sorted(nonneg))
        if v is None:
            continue
        lam, p, c, eta = v[:m], v[m:m + npairs], v[m + npairs], v[m + npairs + 1:]
        S1, S2 = _S(Q, low, rho2, lam, p, c, eta)
        f1, f2 = _ldl(S1), _ldl(S2)
        if f1 is not None and f2 is not None:
            return lam, p, c, eta, f1, f2
    return None


@dataclass(frozen=True)
class InterpolationLyapunovCertificate:
    r"""An exact proof of :math:`\|x_k - x_\star\|^2 \le V_k` and :math:`V_{k+1} \le \rho^2 V_k`
    for every function of the class, :math:`V` of the Taylor-Van Scoy-Lessard family (``P`` indefinite)."""

    method: Method
    cls: FunctionClass
    rho2: Fraction
    multipliers: tuple  # decrease: (label, lambda)
    lower_multipliers: tuple  # lower bound: (label, eta)
    P: tuple
    c: Fraction
    L1: tuple = field(repr=False)
    D1: tuple = field(repr=False)
    L2: tuple = field(repr=False)
    D2: tuple = field(repr=False)

    def __repr__(self) -> str:
        return f"InterpolationLyapunovCertificate({self.method.name}: V_(k+1) <= {self.rho2} V_k, V_k >= ||x_k - x*||^2)"

    def check(self) -> bool:
        """Re-verify both identities and both factorisations in exact rationals (no solver)."""
        try:
            Q = _build_step(self.method, self.cls, "state+grad")
            low = _lower(Q)
        except SymoptError:
            return False
        if len(self.multipliers) != len(Q.constraints) or len(self.lower_multipliers) != len(low.idx):
            return False
        lam, eta = [], []
        for (label, v), con in zip(self.multipliers, Q.constraints):
            if label != con.label or not isinstance(v, Fraction) or v < 0:
                return False
            lam.append(v)
        for (label, v), k in zip(self.lower_multipliers, low.idx):
            if label != Q.constraints[k].label or not isinstance(v, Fraction) or v < 0:
                return False
            eta.append(v)
        if not isinstance(self.c, Fraction) or self.c < 0 or not isinstance(self.rho2, Fraction) or not 0 <= self.rho2:
            return False
        P = [list(r) for r in self.P]
        if len(P) != Q.s or any(len(r) != Q.s for r in P) or any(P[a][b] != P[b][a] for a in range(Q.s) for b in range(Q.s)):
            return False
        if any(not isinstance(P[a][b], Fraction) for a in range(Q.s) for b in range(Q.s)):
            return False
        p = [P[a][b] for a, b in Q.pairs]
        cols, rhs, _, _ = _columns(Q, low, self.rho2)
        v = lam + p + [self.c] + eta
        total: dict = {}
        for j, col in cols.items():
            for row, val in col.items():
                total[row] = total.get(row, 0) + val * v[j]
        if any(total.get(r, 0) != 0 for r in total if r[0] in ("F1", "F2")):
            return False
        S1, S2 = _S(Q, low, self.rho2, lam, p, self.c, eta)
        return (_ldl_reproduces(S1, [list(r) for r in self.L1], list(self.D1))
                and _ldl_reproduces(S2, [list(r) for r in self.L2], list(self.D2)))


def interpolation_rate(meth: Method, cls: FunctionClass, tol: float = 1e-6):
    """The smallest rho of the Taylor-Van Scoy-Lessard family (bisection), with an exact certificate.

    Returns:
        ``(rho_numeric, certificate or None, reason)``; ``rho_numeric`` is None when no rho < 1 is feasible.
    """
    Q = _build_step(meth, cls, "state+grad")
    low = _lower(Q)
    _solver()

    def feasible(rho: float) -> bool:
        ok, t, _ = _solve(Q, low, rho * rho)
        return ok and t > 1e-9

    hi = 1.0 - 1e-9
    if not feasible(hi):
        return None, None, "the Taylor-Van Scoy-Lessard LMI (P indefinite, V >= ||x_k - x*||^2) is infeasible at rho = 1"
    lo = 0.0
    while hi - lo > tol:
        mid = (lo + hi) / 2
        if feasible(mid):
            hi = mid
        else:
            lo = mid
    for bump in (1e-6, 1e-5, 1e-4):
        rho2 = Fraction(hi * hi * (1 + bump)).limit_denominator(10**9)
        if rho2 >= 1:
            rho2 = Fraction(hi * hi).limit_denominator(10**9)
        ex = _certificate(Q, low, rho2)
        if ex is not None:
            lam, p, c, eta, (L1, D1), (L2, D2) = ex
            P = [[Fraction(0)] * Q.s for _ in range(Q.s)]
            for (a, b), v in zip(Q.pairs, p):
                P[a][b] = P[b][a] = v
            cert = InterpolationLyapunovCertificate(
                meth, cls, rho2, tuple((con.label, l) for con, l in zip(Q.constraints, lam)),
                tuple((Q.constraints[k].label, e) for k, e in zip(low.idx, eta)), tuple(tuple(r) for r in P), c,
                tuple(tuple(r) for r in L1), tuple(D1), tuple(tuple(r) for r in L2), tuple(D2))
            return hi, cert, ""
    return hi, None, f"the bisection found rho ~ {hi:.8g} numerically but no exact certificate was built"
