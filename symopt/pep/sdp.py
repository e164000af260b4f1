"""The numeric SDP (Clarabel): the dual of the PEP, its primal worst case."""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Mapping, Sequence

import sympy as sp

from ..errors import ParameterError, ParseError, SymoptError, UnsupportedError
from ._exact import INSTALL_HINT, SOLVER_SECONDS
from .problem import _Problem


# ============================================================================ numeric solve (Clarabel)


def _solver():
    try:
        import clarabel  # noqa: F401
        import numpy as np  # noqa: F401
        import scipy.sparse  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the environment
        raise UnsupportedError(f"performance estimation needs an SDP solver: {INSTALL_HINT} (cvxpy with Clarabel and SCS)") from None
    import clarabel

    return clarabel


def _svec_index(n: int) -> dict[tuple[int, int], int]:
    """Clarabel's PSDTriangle order: upper triangle, column by column."""
    idx, k = {}, 0
    for j in range(n):
        for i in range(j + 1):
            idx[(i, j)] = k
            k += 1
    return idx


@dataclass
class _Numeric:
    tau: float
    lam: Any  # multipliers of the constraints
    w: Any  # weights of the measures
    G: Any  # worst-case Gram matrix
    F: Any  # worst-case function values
    status: str
    solve_seconds: float


def _constraint_matrices(P: _Problem):
    """Every constraint's ``A`` as floats, shape ``(m, n, n)`` (vectorised over the atom terms; cached)."""
    cached = P.__dict__.get("_float_A")
    if cached is None:
        cached = _constraint_matrices_uncached(P)
        object.__setattr__(P, "_float_A", cached)
    return cached


def _constraint_matrices_uncached(P: _Problem):
    import numpy as np

    n = P.ng
    m = len(P.constraints)
    Z = np.zeros((max(len(P.atoms), 1), n))
    for k, v in enumerate(P.atoms):
        for i, val in v.c.items():
            Z[k, i] = float(val)
    cidx, coef, us, vs = [], [], [], []
    for c, con in enumerate(P.constraints):
        for cf, u, v in con.terms:
            cidx.append(c), coef.append(float(cf)), us.append(u), vs.append(v)
    out = np.zeros((m, n, n))
    if cidx:
        Zu, Zv = Z[us], Z[vs]
        outer = np.asarray(coef)[:, None, None] * Zu[:, :, None] * Zv[:, None, :]
        np.add.at(out, np.asarray(cidx), outer)
        out = (out + out.transpose(0, 2, 1)) / 2
    return out


def _svec_constraints(P: _Problem):
    """``(sv, order, As)``: the svec index of the Gram matrix, the svec position of each
    upper-triangle entry ``(iu, ju)``, and every constraint's Gram matrix as a row of
    upper-triangle entries in that order, off-diagonal ones scaled by sqrt(2)."""
    import numpy as np

    n = P.ng
    sv = _svec_index(n)
    iu, ju = np.triu_indices(n)
    order = np.array([sv[(int(i), int(j))] for i, j in zip(iu, ju)])
    scale = np.where(iu == ju, 1.0, math.sqrt(2.0))
    return sv, order, _constraint_matrices(P)[:, iu, ju] * scale


def _dual_arrays(P: _Problem):
    import numpy as np

    m, K = len(P.constraints), len(P.measures)
    sv, order, As = _svec_constraints(P)
    nsv = len(sv)
    r2 = math.sqrt(2.0)
    cc, rr = np.nonzero(As)
    rows_psd = list(order[rr])
    cols_psd = list(cc)
    vals_psd = list(-As[cc, rr])
    for k, (a, A) in enumerate(P.measures):
        for (i, j), v in A.items():
            if i <= j:
                rows_psd.append(sv[(i, j)]), cols_psd.append(m + k), vals_psd.append(float(v) * (1.0 if i == j else r2))
    # equalities: sum_c lam_c a_c - sum_k w_k am_k = 0 (per f index), sum w = 1
    rows_eq, cols_eq, vals_eq = [], [], []
    for c, con in enumerate(P.constraints):
        for j, v in con.a.items():
            rows_eq.append(j), cols_eq.append(c), vals_eq.append(float(v))
    for k, (a, A) in enumerate(P.measures):
        for j, v in a.items():
            rows_eq.append(j), cols_eq.append(m + k), vals_eq.append(-float(v))
        rows_eq.append(P.nf), cols_eq.append(m + k), vals_eq.append(1.0)
    b_eq = np.zeros(P.nf + 1)
    b_eq[P.nf] = 1.0
    bvec = np.array([float(con.b) for con in P.constraints] + [0.0] * K)
    return sv, nsv, (rows_psd, cols_psd, vals_psd), (rows_eq, cols_eq, vals_eq), b_eq, bvec


def _structural_zeros(P: _Problem) -> list[int]:
    """Gram indices whose diagonal no constraint or measure touches: their row of ``S`` must vanish."""
    touched = set()
    for con in P.constraints:
        for cf, u, v in con.terms:
            zu, zv = con.atoms[u].c, con.atoms[v].c
            touched.update(i for i in zu if i in zv)
    for a, A in P.measures:
        touched.update(i for (i, j) in A if i == j)
    return [i for i in range(P.ng) if i not in touched]


def _cone_layout(P: _Problem, sv: Mapping[tuple[int, int], int], margin_matrix: Any = None):
    """``(pos, blocks, rows)``: the Gram coordinates split into blocks no form couples (the connected
    components of the coordinates that share an entry of a constraint, a measure or the margin
    matrix), one PSD cone each when at least two blocks have more than one coordinate (else the single
    cone, exactly as before); ``pos[k]`` is the row (within the PSD part) of the svec entry ``k``, -1
    for an entry between two blocks.  The cone ``G >= 0`` is then ``G_b >= 0`` for each block (the
    entries between blocks are free: no form sees them, and 0 completes them), and the dual residual
    is block-diagonal anyway.  An LMI lifted into the Gram matrix (:mod:`symopt.pep.lmi`) is its own
    block: many small cones instead of one large one."""
    import numpy as np

    cached = P.__dict__.get("_cone_layout") if margin_matrix is None else None
    if cached is not None:
        return cached
    n = P.ng
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = np.argwhere(np.any(_constraint_matrices(P) != 0, axis=0)) if P.constraints else np.zeros((0, 2), int)
    extra = [(i, j) for _, A in P.measures for (i, j) in A]
    if margin_matrix is not None:
        extra += [tuple(ij) for ij in np.argwhere(np.asarray(margin_matrix) != 0)]
    for i, j in list(map(tuple, pairs)) + extra:
        a, b = find(int(i)), find(int(j))
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    blocks = sorted(groups.values())
    if sum(len(blk) > 1 for blk in blocks) < 2:  # one block (and untouched coordinates): the single cone as always
        blocks = [list(range(n))]
    pos = np.full(len(sv), -1, dtype=int)
    row = 0
    for blk in blocks:
        for b, j in enumerate(blk):
            for i in blk[:b + 1]:
                pos[sv[(i, j)]] = row
                row += 1
    out = (pos, blocks, row)
    if margin_matrix is None:
        object.__setattr__(P, "_cone_layout", out)
    return out


def _solve(P: _Problem, margin_cap: float | None = None, weights: Any = None, tol: float = 1e-10,
           scale: Any = None, margin_matrix: Any = None, wsum: float = 1.0,
           options: Mapping[str, Any] | None = None, null_rows: Any = None) -> _Numeric:
    """Phase 1 (``margin_cap is None``): minimise the bound.  Phase 2: bound <= cap, maximise the
    smallest eigenvalue of ``S`` (an interior dual point, robust to rounding).

    ``wsum`` normalises the measure weights to ``sum w = wsum`` instead of 1 (a power of two near
    ``1/tau``): every multiplier is then of order one, so the solver's absolute tolerances are
    relative ones for a tiny worst case.  The returned multipliers, weights and bound are divided
    back by ``wsum`` (the Gram matrix, a dual variable of Clarabel's problem, does not change).

    ``null_rows`` (a float matrix, one row per condition, columns ``(lam, w)``) adds homogeneous
    equalities: phase 2 asks ``S v = 0`` on structural null directions ``v`` this way, so that its
    point needs only a rounding-sized correction to satisfy them exactly."""
    import numpy as np
    import scipy.sparse as sps

    clarabel = _solver()
    sv, nsv, psd, eq, b_eq, bvec = _dual_arrays(P)
    b_eq = b_eq * wsum
    m, K = len(P.constraints), len(P.measures)
    nv = m + K + (1 if margin_cap is not None else 0)
    neq = P.nf + 1
    rows, cols, vals = list(eq[0]), list(eq[1]), list(eq[2])
    if null_rows is not None and len(null_rows):
        nr = np.asarray(null_rows, dtype=float)
        for r, c in zip(*np.nonzero(nr)):
            rows.append(neq + int(r)), cols.append(int(c)), vals.append(float(nr[r, c]))
        b_eq = np.concatenate([b_eq, np.zeros(nr.shape[0])])
        neq += nr.shape[0]
    b_parts = [b_eq]
    cones = [clarabel.ZeroConeT(neq)]
    off = neq
    # nonnegativity of lam, w
    for i in range(m + K):
        rows.append(off + i), cols.append(i), vals.append(-1.0)
    b_parts.append(np.zeros(m + K))
    off += m + K
    n_nonneg = m + K
    if margin_cap is not None:
        for i in range(m):
            if bvec[i]:
                rows.append(off), cols.append(i), vals.append(bvec[i])
        rows.append(off + 1), cols.append(nv - 1), vals.append(1.0)
        b_parts.append(np.array([margin_cap * wsum, 1.0]))
        off += 2
        n_nonneg += 2
    cones.append(clarabel.NonnegativeConeT(n_nonneg))
    pos, blocks, npsd = _cone_layout(P, sv, margin_matrix if margin_cap is not None else None)
    if scale is not None:  # the cone holds D S D (a congruence: same multipliers, better conditioning)
        inv = {k: ij for ij, k in sv.items()}
        dsc = np.asarray(scale, dtype=float)
        for r, c, v in zip(*psd):
            i, j = inv[r]
            rows.append(off + pos[r]), cols.append(c), vals.append(v * dsc[i] * dsc[j])
    else:
        for r, c, v in zip(*psd):
            rows.append(off + pos[r]), cols.append(c), vals.append(v)
    if margin_cap is not None and margin_matrix is not None:
        r2m = math.sqrt(2.0)
        for (i, j), k in sv.items():
            val = float(margin_matrix[i, j]) * (1.0 if i == j else r2m)
            if val:
                rows.append(off + pos[k]), cols.append(nv - 1), vals.append(val)
    elif margin_cap is not None:
        zero = set(_structural_zeros(P))
        for i in range(P.ng):
            if i not in zero:
                rows.append(off + pos[sv[(i, i)]]), cols.append(nv - 1), vals.append(1.0 if weights is None else float(weights[i]))
    b_parts.append(np.zeros(npsd))
    cones.extend(clarabel.PSDTriangleConeT(len(blk)) for blk in blocks)
    A = sps.csc_matrix((vals, (rows, cols)), shape=(off + npsd, nv))
    b = np.concatenate(b_parts)
    q = np.zeros(nv)
    if margin_cap is None:
        q[:m] = bvec[:m]
    else:
        q[-1] = -1.0
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.tol_gap_abs = settings.tol_gap_rel = tol
    settings.tol_feas = tol
    settings.max_iter = 200
    settings.time_limit = SOLVER_SECONDS
    for key, val in (options or {}).items():
        setattr(settings, key, val)
    t0 = time.perf_counter()
    sol = clarabel.DefaultSolver(sps.csc_matrix((nv, nv)), q, A, b, cones, settings).solve()
    dt = time.perf_counter() - t0
    status = str(sol.status)
    x = np.array(sol.x)
    z = np.array(sol.z)
    zpsd = z[off:off + npsd]
    G = np.zeros((P.ng, P.ng))
    for (i, j), k in sv.items():
        if pos[k] >= 0:  # the entries between two blocks no form sees stay 0 (a PSD completion)
            G[i, j] = G[j, i] = zpsd[pos[k]] / (1.0 if i == j else math.sqrt(2.0))
    if scale is not None:
        dsc = np.asarray(scale, dtype=float)
        G = dsc[:, None] * G * dsc[None, :]
    F = -z[:P.nf]
    tau = float(bvec[:m] @ x[:m]) / wsum
    return _Numeric(tau, x[:m] / wsum, x[m:m + K] / wsum, G, F, status, dt)


def _low_rank(P: _Problem, tau: float, slack: float = 1e-7) -> _Numeric | None:
    """A worst case of smallest trace (PEPit's 'trace' dimension-reduction heuristic): the primal
    SDP ``min tr G`` over the feasible ``(G, F)`` whose measure stays within ``slack`` (relative) of ``tau``.
    Interior-point solutions of the plain PEP have the largest rank in the optimal face; this one
    is often rank one, which gives a one-dimensional tight function."""
    import numpy as np
    import scipy.sparse as sps

    clarabel = _solver()
    n, nf = P.ng, P.nf
    sv, order, As = _svec_constraints(P)
    nsv = len(sv)
    r2 = math.sqrt(2.0)
    nv = nsv + nf
    rows, cols, vals, b = [], [], [], []
    r = 0
    for c, con in enumerate(P.constraints):  # a.F + <A, G> <= b
        for k in np.nonzero(As[c])[0]:
            rows.append(r), cols.append(int(order[k])), vals.append(float(As[c, k]))
        for j, v in con.a.items():
            rows.append(r), cols.append(nsv + j), vals.append(float(v))
        b.append(float(con.b))
        r += 1
    for a, A in P.measures:  # measure >= tau (1 - slack)
        for (i, j), v in A.items():
            if i <= j:
                rows.append(r), cols.append(sv[(i, j)]), vals.append(-float(v) * (1.0 if i == j else r2))
        for j, v in a.items():
            rows.append(r), cols.append(nsv + j), vals.append(-float(v))
        b.append(-tau * (1 - slack))
        r += 1
    n_nonneg = r
    for k in range(nsv):
        rows.append(r + k), cols.append(k), vals.append(-1.0)
    b += [0.0] * nsv
    A = sps.csc_matrix((vals, (rows, cols)), shape=(n_nonneg + nsv, nv))
    q = np.zeros(nv)
    for i in range(n):
        q[sv[(i, i)]] = 1.0
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.time_limit = SOLVER_SECONDS
    t0 = time.perf_counter()
    sol = clarabel.DefaultSolver(sps.csc_matrix((nv, nv)), q, A, np.array(b),
                                 [clarabel.NonnegativeConeT(n_nonneg), clarabel.PSDTriangleConeT(n)], settings).solve()
    if str(sol.status) != "Solved":  # a reduced-accuracy ("AlmostSolved") worst case is not used
        return None
    x = np.array(sol.x)
    G = np.zeros((n, n))
    for (i, j), k in sv.items():
        G[i, j] = G[j, i] = x[k] / (1.0 if i == j else r2)
    return _Numeric(tau, None, None, G, x[nsv:], str(sol.status), time.perf_counter() - t0)


def _pow2(x: float) -> float:
    """The power of two nearest ``x`` (exact in binary: scaling by it loses nothing)."""
    return float(2.0 ** round(math.log2(x)))


def _gram_scale(num: _Numeric):
    import numpy as np

    dg = np.clip(np.diag(num.G), 1e-14 * max(float(np.max(np.diag(num.G))), 1e-300), None)
    return 2.0 ** np.round(-0.5 * np.log2(dg))


#: A phase-1 bound below this is re-solved with the weights normalised to ~1/tau.
SMALL_TAU = 1e-3


@dataclass
class _Accurate:
    num: _Numeric | None
    wsum: float = 1.0
    scale: Any = None
    reason: str = ""
    almost: bool = False  # only a reduced-accuracy solve: the bound must be confirmed by the primal
    fallback: Any = None  # the reduced-accuracy solve (an _Accurate) a later setting's full solve replaced


def _primal_value(P: _Problem, num: _Numeric) -> tuple[float, float]:
    """``(value, violation)`` of the solver's worst case ``(G, F)``: the smallest measure and the
    largest violation of a constraint or of ``G >= 0`` (floats)."""
    import numpy as np

    As = _constraint_matrices(P)
    G, F = np.asarray(num.G), np.asarray(num.F)
    if not (np.all(np.isfinite(G)) and np.all(np.isfinite(F))):
        return math.nan, math.inf
    viol = max(0.0, -float(np.linalg.eigvalsh(G)[0]))
    lin = np.tensordot(As, G, axes=([1, 2], [0, 1]))
    for c, con in enumerate(P.constraints):
        v = sum(float(x) * F[j] for j, x in con.a.items()) + float(lin[c]) - float(con.b)
        viol = max(viol, v)
    vals = [sum(float(x) * F[j] for j, x in a.items()) + sum(float(x) * G[i, j] for (i, j), x in A.items())
            for a, A in P.measures]
    return min(vals), viol


#: Phase-1 settings tried in turn until Clarabel reports a full "Solved": the tightest tolerance
#: first, then Clarabel's own defaults (1e-8 on the gap and the residuals, still a full solve), then
#: the same with shorter steps, without equilibration, or with tighter iterative refinement (which
#: help on problems whose dual optimal face is large).  A "Solved" at 1e-8 gives the bound to about
#: 1e-8 relative; the exact certificate may then raise tau by at most MAX_INFLATION (1e-6).
LADDER: tuple[tuple[float, dict[str, Any]], ...] = (
    (1e-10, {}),
    (1e-9, {}),
    (1e-8, {}),
    (1e-8, {"max_step_fraction": 0.95}),
    (1e-8, {"equilibrate_enable": False}),
    (1e-8, {"iterative_refinement_reltol": 1e-15, "iterative_refinement_abstol": 1e-15,
            "iterative_refinement_max_iter": 50}),
)

#: Clarabel statuses after which another setting is not tried (the answer would not change).
FINAL = ("Solved", "PrimalInfeasible", "DualInfeasible", "MaxTime")


def _solve_ladder(P: _Problem, scale: Any = None, wsum: float = 1.0, first: int = 0) -> _Numeric:
    """Phase 1 under each of LADDER's settings until one is fully solved (or ends for good); else the
    first reduced-accuracy ("AlmostSolved") solve, else the last one."""
    first_almost = None
    cur = None
    for tol, opts in LADDER[first:]:
        cur = _solve(P, tol=tol, scale=scale, wsum=wsum, options=opts)
        if cur.status in FINAL:
            return cur
        if cur.status == "AlmostSolved" and first_almost is None:
            first_almost = cur
    return first_almost if first_almost is not None else cur


def _solve_accurate(P: _Problem) -> _Accurate:
    """Phase 1, fully solved when possible: a solve that stops at reduced accuracy ("AlmostSolved", or
    a tiny bound whose absolute tolerance is not relative) is re-solved with the measure's weights
    normalised to ``sum w = 2^k ~ 1/tau`` and the Gram basis scaled by the worst case's magnitudes,
    then under the rest of the LADDER's settings (plain, then scaled).  When only reduced-accuracy solves remain, the last one is
    returned with ``almost=True``: its bound is then used only if the solver's primal worst case
    confirms it (see ``_certify_problem``)."""
    import numpy as np

    num = _solve(P)
    if num.status == "Solved" and num.tau >= SMALL_TAU:
        return _Accurate(num)
    if num.status in ("PrimalInfeasible", "DualInfeasible", "MaxTime"):
        return _Accurate(None, reason=num.status)
    last = num
    best: _Accurate | None = _Accurate(num) if num.status == "Solved" else None
    almost: _Accurate | None = _Accurate(num, almost=True) if num.status == "AlmostSolved" else None
    d = None
    for _ in range(3):
        est = last.tau
        if not (math.isfinite(est) and est > 0) or not np.all(np.isfinite(last.G)):
            break
        wsum = _pow2(1.0 / est) if est < SMALL_TAU else 1.0
        d = _gram_scale(last)
        cur = _solve(P, scale=d, wsum=wsum)
        if cur.status == "Solved":
            out = _Accurate(cur, wsum, d)
            if abs(cur.tau - est) <= 1e-6 * max(abs(est), abs(cur.tau)) or est >= SMALL_TAU:
                return out
            best = out
        elif cur.status == "AlmostSolved" and almost is None:
            almost = _Accurate(cur, wsum, d, almost=True)
        if not (math.isfinite(cur.tau) and cur.tau > 0):
            break
        last = cur
    if best is not None:
        return best
    lad = _solve_ladder(P, first=1)  # the rest of the ladder: other settings, plain, then scaled
    if lad.status == "Solved" and lad.tau >= SMALL_TAU:
        return _Accurate(lad, fallback=almost)
    for scale in ((_gram_scale(lad),) if math.isfinite(lad.tau) and np.all(np.isfinite(lad.G)) else ()) + \
            ((d,) if d is not None else ()):
        lad = _solve_ladder(P, scale=scale)
        if lad.status == "Solved" and lad.tau >= SMALL_TAU:
            return _Accurate(lad, 1.0, scale, fallback=almost)
    if almost is not None:
        return almost
    return _Accurate(None, reason=f"the SDP solver stopped ({num.status}), also after rescaling the measure and the Gram basis")
