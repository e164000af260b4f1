"""From the solver's dual to an exact certificate: rounding, exact identity restoration, exact LDL."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Mapping, Sequence


from ._exact import MAX_INFLATION, _echelon, _ldl
from .problem import _Problem
from .sdp import (SMALL_TAU, SOLVER_SECONDS, _Numeric, _constraint_matrices, _gram_scale, _primal_value, _solve, _solve_accurate,
                  _solve_ladder,
                  _structural_zeros)


# ============================================================================ exact certificate


def _residual_gram(P: _Problem, lam: Sequence[Fraction], w: Sequence[Fraction]) -> list[list[Fraction]]:
    """``S = sum_c lam_c A_c - sum_k w_k Am_k`` exactly (a dense list of lists).

    The constraints' part is ``Z^T W Z`` with ``W`` the multiplier-weighted atom pairs: one small
    matrix product instead of one dense matrix per constraint."""
    n = P.ng
    half = [[Fraction(0)] * n for _ in range(n)]
    Wrow: dict[int, dict[int, Fraction]] = {}
    atoms = P.atoms
    for l, con in zip(lam, P.constraints):
        if l:
            for cf, u, v in con.terms:
                row = Wrow.setdefault(u, {})
                row[v] = row.get(v, 0) + l * cf
    for u, row in Wrow.items():
        y: dict[int, Fraction] = {}
        for v, wv in row.items():
            if wv:
                for j, zj in atoms[v].c.items():
                    y[j] = y.get(j, 0) + wv * zj
        for i, zi in atoms[u].c.items():
            hi = half[i]
            for j, yj in y.items():
                hi[j] += zi * yj
    S = [[(half[i][j] + half[j][i]) / 2 for j in range(n)] for i in range(n)]
    for wk, (a, A) in zip(w, P.measures):
        if wk:
            for (i, j), v in A.items():
                S[i][j] -= wk * v
    return S


def _linear_residual(P: _Problem, lam: Sequence[Fraction], w: Sequence[Fraction]) -> list[Fraction]:
    """Coefficients of ``F`` in ``sum_c lam_c a_c - sum_k w_k am_k`` (must all be 0), then ``sum w - 1``."""
    r = [Fraction(0)] * P.nf
    for l, con in zip(lam, P.constraints):
        if l:
            for j, v in con.a.items():
                r[j] += l * v
    for wk, (a, A) in zip(w, P.measures):
        if wk:
            for j, v in a.items():
                r[j] -= wk * v
    return r + [sum(w, Fraction(0)) - 1]


def _to_frac(x: float, Q: int) -> Fraction:
    return Fraction(round(x * Q), Q)


def _equations(P: _Problem, nulls: Sequence[Sequence[Fraction]] = (),
               eigen: bool = False) -> tuple[dict[int, dict[Any, Fraction]], dict[Any, Fraction]]:
    """The exact linear conditions on ``v = (lam, w)``: columns ``{row: coefficient}`` and the right-hand side.

    Rows: the coefficient of each function value (must be 0), ``sum w`` (must be 1), and
    ``S[i][j]`` for each structurally zero diagonal ``i`` (must be 0, else ``S`` is not PSD), and
    ``(S v)_i`` for each structural null direction ``v`` in ``nulls`` (``v' A v = 0`` for every
    constraint and measure, so ``v' S v = 0`` and a PSD ``S`` must have ``S v = 0``).

    With ``eigen=True`` each ``v`` is only asked to be an eigenvector of ``S`` (``u' S v = 0`` for
    the basis ``u = e_i - (v_i / v_p) e_p``, ``i != p``, of ``v``'s orthogonal complement, ``p`` the
    pivot of ``v``): for a direction on which the forms are flat only up to the data's last digits
    (``v' A_c v`` of order 1e-16), ``v' S v`` is then a tiny number the multipliers fix, and the
    exact LDL decides whether it is non-negative.
    """
    zero = set(_structural_zeros(P))
    m = len(P.constraints)
    cols: dict[int, dict[Any, Fraction]] = {}
    for c, con in enumerate(P.constraints):
        col: dict[Any, Fraction] = dict(con.a)
        for (i, j), v in (con.A.items() if zero else ()):
            if i in zero and i <= j or j in zero and j < i:
                key = ("S", min(i, j), max(i, j))
                col[key] = col.get(key, 0) + v
        cols[c] = col
    for k, (a, A) in enumerate(P.measures):
        col = {j: -val for j, val in a.items()}
        col["w"] = Fraction(1)
        for (i, j), v in (A.items() if zero else ()):
            if i in zero and i <= j or j in zero and j < i:
                key = ("S", min(i, j), max(i, j))
                col[key] = col.get(key, 0) - v
        cols[m + k] = col
    for t, v in enumerate(nulls):
        p = max(range(len(v)), key=lambda i: abs(v[i]))

        def rows(Av: dict[int, Fraction]) -> dict[int, Fraction]:
            if not eigen:
                return Av
            out = {i: val for i, val in Av.items() if i != p}
            if Av.get(p):
                for i, vi in enumerate(v):
                    if vi and i != p:
                        out[i] = out.get(i, 0) - vi / v[p] * Av[p]
            return out

        for c, con in enumerate(P.constraints):
            for i, val in rows(_matvec_terms(con, v)).items():
                cols[c][("Sv", t, i)] = cols[c].get(("Sv", t, i), 0) + val
        for k, (a, A) in enumerate(P.measures):
            for i, val in rows(_matvec_dense(A, v)).items():
                cols[m + k][("Sv", t, i)] = cols[m + k].get(("Sv", t, i), 0) - val
    return cols, {"w": Fraction(1)}


def _dot(z: Mapping[int, Fraction], v: Sequence[Fraction]) -> Fraction:
    return sum((val * v[i] for i, val in z.items()), Fraction(0))


def _matvec_terms(con: Any, v: Sequence[Fraction]) -> dict[int, Fraction]:
    """``A_c v`` exactly, from the atom terms: ``sum coef (z_u (z_v . v) + z_v (z_u . v)) / 2``."""
    out: dict[int, Fraction] = {}
    for cf, u, w in con.terms:
        zu, zw = con.atoms[u].c, con.atoms[w].c
        du, dw = _dot(zu, v), _dot(zw, v)
        for i, val in zu.items():
            if dw:
                out[i] = out.get(i, 0) + cf * val * dw / 2
        for i, val in zw.items():
            if du:
                out[i] = out.get(i, 0) + cf * val * du / 2
    return {i: val for i, val in out.items() if val}


def _matvec_dense(A: Mapping, v: Sequence[Fraction]) -> dict[int, Fraction]:
    out: dict[int, Fraction] = {}
    for (i, j), val in A.items():
        if v[j]:
            out[i] = out.get(i, 0) + val * v[j]
    return {i: val for i, val in out.items() if val}


def _quadratic_vanishes(P: _Problem, v: Sequence[Fraction]) -> bool:
    """``v' A v == 0`` exactly for every constraint and measure (a structural null direction)."""
    for con in P.constraints:
        if sum((cf * _dot(con.atoms[u].c, v) * _dot(con.atoms[w].c, v) for cf, u, w in con.terms), Fraction(0)):
            return False
    for a, A in P.measures:
        if sum((val * v[i] * v[j] for (i, j), val in A.items()), Fraction(0)):
            return False
    return True


def _structural_nulls(P: _Problem, num: Any, scale: Any = None, wsum: float = 1.0, rel: float = 1e-3,
                      exact: bool = True) -> list[list[Fraction]]:
    """Exact null directions every dual point shares (found numerically, verified exactly).

    A generous phase 2 (tau inflated by 1e-3) leaves ``S`` singular only in structural directions,
    e.g. in a composite f + h the move of every gradient of f by u and of h by -u (all points at
    x*), on which every interpolation inequality is flat.  Each candidate is rounded to small
    rationals and kept only if ``v' A v = 0`` holds exactly for every constraint and measure.

    With ``exact=False`` (and a tight ``rel``) the candidates are the directions in which the
    near-optimal ``S`` must vanish (the worst case's own directions when the optimal face is
    large): kept when they round to small rationals, without the structural test; the certificate
    then asks ``S v = 0`` exactly, and the exact LDL decides as always.
    """
    import numpy as np

    sec = _solve(P, margin_cap=num.tau + rel * abs(num.tau), scale=scale, wsum=wsum)
    if sec.status not in ("Solved", "AlmostSolved"):  # candidates only: each is verified exactly
        return []
    As = _constraint_matrices(P)
    S = np.tensordot(sec.lam, As, axes=1)
    for wk, (a, A) in zip(sec.w, P.measures):
        for (i, j), val in A.items():
            S[i, j] -= wk * float(val)
    ev, V = np.linalg.eigh(S)
    scale = max(1.0, float(abs(ev[-1])))
    k = int(np.sum(ev <= 1e-9 * scale))
    if k == 0 or k >= P.ng:
        return []
    cands = [V[:, r].copy() for r in range(k)]
    B = V[:, :k].T.copy()  # the candidate space in echelon form too (one of the two often rounds cleanly)
    _echelon(B)
    cands += [B[r] for r in range(k)]
    out: list[list[Fraction]] = []
    for c in cands:
        c = c / c[int(np.argmax(np.abs(c)))]
        v = [Fraction(float(x)).limit_denominator(100) if abs(x) > 1e-3 else Fraction(0) for x in c]
        if any(v) and v not in out and (not exact or _quadratic_vanishes(P, v)):
            # keep it only if independent of those kept
            M = np.array([[float(x) for x in u] for u in out + [v]])
            if np.linalg.matrix_rank(M) == len(out) + 1:
                out.append(v)
    return out


def _restore_identity(P: _Problem, v: list[Fraction], nulls: Sequence[Sequence[Fraction]] = (),
                      eigen: bool = False, eqs: Any = None) -> list[Fraction] | None:
    """Adjust a few positive entries of ``v = (lam, w)`` so the linear conditions hold exactly
    (``eqs``: the conditions of :func:`_equations`, when already computed)."""
    cols, rhs = eqs if eqs is not None else _equations(P, nulls, eigen)
    out = _restore(cols, rhs, v, range(len(v)))
    return out if out is not None else _project(cols, rhs, v)


def _project(cols: Mapping[int, Mapping[Any, Fraction]], rhs: Mapping[Any, Fraction],
             v: list[Fraction]) -> list[Fraction] | None:
    r"""Peyrl and Parrilo's projection onto the affine conditions, weighted: the correction
    ``delta = W A^T (A W A^T)^+ r`` (``W = diag(v_j^2)`` over the positive entries, ``A`` the
    conditions, ``r`` the residual) changes every multiplier in proportion to itself, so that a
    small one is not driven negative as when a few columns absorb the whole residual.  ``y =
    (A W A^T)^+ r`` is computed in floats and read exactly, ``delta`` exactly from it; what that
    leaves (of the order of r times 1e-16) is then restored exactly by :func:`_restore`."""
    import numpy as np

    rows, r = _residual(cols, rhs, v)
    if not any(r.values()):
        return v
    ri = {row: k for k, row in enumerate(rows)}
    cand = [j for j in range(len(v)) if v[j] > 0 and cols.get(j)]
    A = np.zeros((len(rows), len(cand)))
    for c, j in enumerate(cand):
        for row, val in cols[j].items():
            A[ri[row], c] = float(val)
    wts = np.array([float(v[j]) for j in cand]) ** 2
    rv = np.array([float(r[row]) for row in rows])
    y = np.linalg.lstsq((A * wts) @ A.T, rv, rcond=1e-13)[0]
    yq = [Fraction(float(x)) for x in y]
    out = list(v)
    for c, j in enumerate(cand):
        wj = Fraction(float(wts[c]))
        d = wj * sum((val * yq[ri[row]] for row, val in cols[j].items()), Fraction(0))
        out[j] += d
        if out[j] < 0:
            _DEBUG.append(("project-negative", j))
            return None
    return _restore(cols, rhs, out, range(len(out)))


def _residual(cols: Mapping[int, Mapping[Any, Fraction]], rhs: Mapping[Any, Fraction],
              v: Sequence[Fraction]) -> tuple[list, dict]:
    """The rows (in a fixed order) and the exact residual ``rhs - sum_j v_j cols[j]``."""
    rows_set = set(rhs)
    for col in cols.values():
        rows_set.update(col)
    rows = sorted(rows_set, key=str)
    r = {row: rhs.get(row, Fraction(0)) for row in rows}
    for j, col in cols.items():
        if v[j]:
            for row, val in col.items():
                r[row] -= val * v[j]
    return rows, r


#: Size (bits of numerator + denominator) of an elimination pivot past which restoring gives up.
MAX_PIVOT_BITS = 3000


def _restore(cols: Mapping[int, Mapping[Any, Fraction]], rhs: Mapping[Any, Fraction], v: list[Fraction],
             adjustable: Sequence[int] | range) -> list[Fraction] | None:
    """Exactly satisfy ``sum_j v_j cols[j] = rhs`` by changing a few positive, adjustable ``v_j``
    (largest first, an independent set of columns); None when that fails or makes one negative."""
    rows, r = _residual(cols, rhs, v)
    if not any(r.values()):
        return v
    order = sorted((j for j in adjustable if v[j] > 0 and cols.get(j)), key=lambda j: -v[j])
    reduced: list[dict[Any, Fraction]] = []
    combs: list[dict[int, Fraction]] = []  # reduced[k] = sum_j combs[k][j] cols[j]
    pivots: list[Any] = []
    chosen: list[int] = []
    for j in order:
        col = dict(cols[j])
        comb = {j: Fraction(1)}
        for pr, rc, cc in zip(pivots, reduced, combs):
            f = col.get(pr, 0)
            if f:
                for i, val in rc.items():
                    col[i] = col.get(i, 0) - f * val
                col = {i: val for i, val in col.items() if val != 0}
                for i, val in cc.items():
                    comb[i] = comb.get(i, 0) - f * val
        if not col:
            continue
        pr = max(col, key=lambda i: abs(col[i]))
        piv = col[pr]
        if piv.numerator.bit_length() + piv.denominator.bit_length() > MAX_PIVOT_BITS:
            _DEBUG.append(("restore-size", len(pivots)))
            return None  # exact elimination growing without bound (decimal coefficients): give up
        reduced.append({i: val / piv for i, val in col.items()})
        combs.append({i: val / piv for i, val in comb.items() if val})
        pivots.append(pr)
        chosen.append(j)
        if len(pivots) == len(rows):
            break
    # r in the reduced basis (each reduced vector is 0 at the earlier pivots, 1 at its own), then
    # back to the original columns through the combinations; every row is verified exactly (sparse)
    left = dict(r)
    delta: dict[int, Fraction] = {}
    for pr, rc, cc in zip(pivots, reduced, combs):
        f = left.get(pr, 0)
        if f:
            for i, val in rc.items():
                left[i] = left.get(i, 0) - f * val
            for i, val in cc.items():
                delta[i] = delta.get(i, 0) + f * val
    sol = [delta.get(j, Fraction(0)) for j in chosen]
    if any(left.values()):
        _DEBUG.append(("restore-inconsistent", len(pivots), len(rows)))
        return None  # inconsistent: the adjustable columns cannot restore every row
    out = list(v)
    for j, d in zip(chosen, sol):
        out[j] = out[j] + d
        if out[j] < 0:
            _DEBUG.append(("restore-negative", j, float(v[j]), float(d)))
            return None
    return out


def _least_solve(M: list[list[Fraction]], b: list[Fraction], n: int) -> list[Fraction] | None:
    """An exact solution of ``M d = b`` (``M`` has full column rank ``n``), or None if inconsistent."""
    rows = len(M)
    A = [M[i][:] + [b[i]] for i in range(rows)]
    piv_rows: list[int] = []
    r = 0
    for c in range(n):
        p = next((i for i in range(r, rows) if A[i][c] != 0), None)
        if p is None:
            return None
        A[r], A[p] = A[p], A[r]
        pv = A[r][c]
        A[r] = [x / pv for x in A[r]]
        for i in range(rows):
            if i != r and A[i][c] != 0:
                f = A[i][c]
                A[i] = [x - f * y for x, y in zip(A[i], A[r])]
        piv_rows.append(r)
        r += 1
    if any(A[i][n] != 0 for i in range(r, rows)):
        return None
    return [A[i][n] for i in range(n)]


#: The last reasons a rounding attempt failed (for diagnostics; bounded).
_DEBUG: Any = __import__("collections").deque(maxlen=64)


def _exact_certificate(P: _Problem, num: _Numeric, scale: Any = None,
                       wsum: float = 1.0) -> tuple[list[Fraction], list[Fraction], Fraction, Any] | None:
    """Round an interior dual point to an exact certificate, inflating tau by at most MAX_INFLATION.

    Phase 2 asks the solver for the dual point with the largest smallest eigenvalue of ``S`` at
    ``tau (1 + rel)``; its multipliers are rounded to rationals, the linear identity is restored
    exactly, and ``S`` is factored exactly.  A float eigenvalue test skips roundings that cannot
    pass; the inflation goes from 2e-8 straight to 9e-7 when the first one has no margin (and
    starts at 9e-7 when the initial condition has no Gram part).  When the full problem gives no
    margin (the solver's accuracy, ~1e-9, exceeds it), the same is tried on the problem without the
    constraints whose phase-1 multiplier is negligible: a certificate that uses fewer
    inequalities is still a certificate (their multipliers are 0).
    """
    import dataclasses

    import numpy as np

    rels = (2e-8, 9e-7) if P.constraints[0].terms else (9e-7,)
    found = _attempt(P, num.tau, rels, scale, wsum=wsum)
    if found is not None:
        return found
    tried: list = []
    for rel, exact, rels in ((1e-3, True, (2e-8, 9e-7)), (1e-3, False, (2e-8, 9e-7)), (9e-7, False, (9e-7,))):
        # the third and second sets: directions every generous (resp. near-optimal) dual point leaves
        # null although the forms are not exactly flat on them (coefficients read from floats, a few
        # ulps off); S v = 0 is then imposed exactly and the exact LDL decides as always
        nulls = _structural_nulls(P, num, scale, wsum, rel=rel, exact=exact)
        if nulls and nulls not in tried:
            tried.append(nulls)
            found = _attempt(P, num.tau, rels, scale, nulls, wsum=wsum, eigen=not exact)
            if found is not None:
                return found
    lam1 = np.asarray(num.lam)
    top = float(np.max(lam1)) if lam1.size else 0.0
    keep = [i for i, l in enumerate(lam1) if i == 0 or l > 1e-6 * top]
    if len(keep) == len(P.constraints):
        return None
    P2 = dataclasses.replace(P, constraints=tuple(P.constraints[i] for i in keep))
    found = _attempt(P2, num.tau, (2e-8, 9e-7), scale, wsum=wsum)
    if found is None:
        return None
    lam2, w, tau, fac = found
    lam = [Fraction(0)] * len(P.constraints)
    for i, l in zip(keep, lam2):
        lam[i] = l
    return lam, w, tau, fac


def _null_rows(P: _Problem, nulls: Sequence[Sequence[Fraction]], eigen: bool, eqs: Any = None):
    """The ``S v = 0`` conditions of :func:`_equations` as a float matrix over ``(lam, w)``."""
    import numpy as np

    cols, _ = eqs if eqs is not None else _equations(P, nulls, eigen)
    keys = sorted({k for col in cols.values() for k in col if isinstance(k, tuple) and k[0] == "Sv"}, key=str)
    ki = {k: i for i, k in enumerate(keys)}
    out = np.zeros((len(keys), len(P.constraints) + len(P.measures)))
    for j, col in cols.items():
        for k, val in col.items():
            if k in ki:
                out[ki[k], j] = float(val)
    return out


def _attempt(P: _Problem, tau1: float, rels: Sequence[float], scale: Any = None,
             nulls: Sequence[Sequence[Fraction]] = (), wsum: float = 1.0, eigen: bool = False):
    """Phase 2 at ``tau1 (1 + rel)`` for each ``rel``, rounded (relative to the ``wsum`` normalisation,
    a power of two, so a tiny bound keeps its digits), restored exactly and factored exactly."""
    import numpy as np

    eqs = _equations(P, nulls, eigen)
    for rel in rels:
        cap = tau1 + rel * abs(tau1)  # a negative worst case (a rate of decrease) too
        margin = null_rows = None
        if nulls:  # ask for a margin only off the null directions: S - s (I - projector) >= 0
            Vn = np.array([[float(x) for x in v] for v in nulls]).T
            margin = np.eye(P.ng) - Vn @ np.linalg.solve(Vn.T @ Vn, Vn.T)
            null_rows = _null_rows(P, nulls, eigen, eqs)
        # with null directions, the margin asked off them only, then (when that solve fails: a dense
        # projector can leave Clarabel at reduced accuracy with an infeasible point) the plain diagonal
        # margin with the same S v = 0 equalities, whose point is often strictly PSD off them
        variants = [(margin, tol) for tol in PHASE2_TOLS] + ([(None, tol) for tol in PHASE2_TOLS] if nulls else [])
        for margin_v, tol in variants:
            sec = _solve(P, margin_cap=cap, scale=scale, margin_matrix=margin_v, wsum=wsum, tol=tol, null_rows=null_rows)
            # Phase 2 only proposes a point to round (its exact check decides); the bound's accuracy comes
            # from phase 1, fully solved, and tau <= tau1 (1 + 1e-6) below: a reduced-accuracy phase 2 is fine.
            if sec.status not in ("Solved", "AlmostSolved") or not np.all(np.isfinite(sec.lam)):
                _DEBUG.append(("phase2", rel, sec.status))
                continue
            vals = np.concatenate([sec.lam, sec.w]) * wsum
            for grid in GRIDS:
                found = _round_and_factor(P, vals, wsum, grid, tau1, scale, nulls, eigen, rel, eqs)
                if found is not None:
                    return found
    return None


#: Phase 2's tolerances, tried in turn: the tight one stops at reduced accuracy on some problems
#: whose point, read back, is not PSD; a looser, fully solved one can leave a positive margin.
PHASE2_TOLS = (1e-10, 1e-9)


#: Rounding grids of phase 2's point, tried in turn: 1e-12 (short rationals), then the floats
#: themselves read exactly (``None``: no rounding error at all, only the exact restoration's, for a
#: residual whose margin is below 1e-12; every positive multiplier is then kept, however small), then
#: 1e-12 again with every multiplier below 1e-8 of the largest dropped (the solver's noise on an
#: inactive inequality, which an exact null condition ``S v = 0`` may not tolerate).  Each entry is
#: ``(grid, drop)``: multipliers at most ``drop`` times the largest are set to 0.
GRIDS: tuple = ((10**12, 1e-11), (None, 0.0), (10**12, 1e-8))


def _round_and_factor(P: _Problem, vals: Any, wsum: float, grid: int | None, tau1: float, scale: Any,
                      nulls: Sequence[Sequence[Fraction]], eigen: bool, rel: float, eqs: Any = None):
    """Round ``vals = (lam, w) * wsum`` to ``grid`` (exactly when None), restore the identity exactly,
    test ``S`` in floats, then factor it exactly; ``(lam, w, tau, (L, D))`` or None."""
    import numpy as np

    m = len(P.constraints)
    As = _constraint_matrices(P)
    top = float(np.max(np.abs(vals))) or 1.0
    ws = Fraction(wsum)
    grid, drop = grid
    if grid is None:
        v = [Fraction(float(x)) / ws if x > drop * top else Fraction(0) for x in vals]
    else:
        v = [Fraction(0) if x <= drop * top else _to_frac(float(x), grid) / ws for x in vals]
    v = _restore_identity(P, v, nulls, eigen, eqs)
    if v is None:
        _DEBUG.append(("restore", rel))
        return None
    lam, w = v[:m], v[m:]
    Sf = np.tensordot(np.array([float(x) for x in lam]), As, axes=1)
    for wk, (a, A) in zip(w, P.measures):
        for (i, j), val in A.items():
            Sf[i, j] -= float(wk) * float(val)
    if scale is not None:
        dsc = np.asarray(scale, dtype=float)
        Sf = dsc[:, None] * Sf * dsc[None, :]
    if nulls:  # the null directions' eigenvalues are ~0 by construction: test the rest
        import scipy.linalg

        Q = scipy.linalg.null_space(np.array([[float(x) for x in u] for u in nulls]))
        ev = np.linalg.eigvalsh(Q.T @ Sf @ Q) if Q.shape[1] else np.zeros(1)
    else:
        ev = np.linalg.eigvalsh(Sf)
    if ev[0] < -1e-12 * max(1.0, abs(ev[-1])):
        _DEBUG.append(("eig", rel, grid, float(ev[0])))
        return None
    tau = sum((l * con.b for l, con in zip(lam, P.constraints)), Fraction(0))
    if tau > Fraction(tau1) + abs(Fraction(tau1)) * MAX_INFLATION + Fraction(1, 10**14):
        return None
    fac = _ldl(_residual_gram(P, lam, w))
    if fac is not None:
        return lam, w, tau, fac
    _DEBUG.append(("ldl", rel, grid))
    return None


#: Why a phase-1 solve gave no worst case, by Clarabel's status.
STOP_REASONS = {"PrimalInfeasible": "the worst case is unbounded: no multipliers prove any bound (the dual SDP is infeasible)",
                "DualInfeasible": "the SDP is unbounded below (an inconsistent problem)",
                "MaxTime": f"the SDP solver ran out of its {SOLVER_SECONDS:.0f} s"}

NO_CERTIFICATE = "no exact certificate within 1e-6 of the numeric worst case (rounding the dual did not give a PSD residual)"


#: A reduced-accuracy solve's bound is kept only when its primal worst case is feasible within
#: PRIMAL_FEAS (times min(1, 1000 tau): tighter for a tiny bound) and reaches the exact bound within
#: PRIMAL_GAP (relative).
PRIMAL_FEAS = 1e-7
PRIMAL_GAP = 1e-5


def _confirmed(P: _Problem, num: _Numeric, ex: Any) -> tuple[Any, str]:
    """The exact certificate of a reduced-accuracy ("AlmostSolved") solve, kept only when the solver's
    own primal worst case confirms it: ``G >= 0`` and every constraint hold within ``PRIMAL_FEAS`` and
    the measure there is within ``PRIMAL_GAP`` (relative) of the exact bound.  The exact bound is an
    upper bound in any case; the primal shows that it is not loose (the reduced-accuracy dual value
    alone can be far too high: GD on a tiny worst case gave 1,220 times the truth)."""
    if ex is None:
        return None, "the SDP solver reached only reduced accuracy (AlmostSolved) and its dual did not round to a certificate"
    tau = float(ex[2])
    value, viol = _primal_value(P, num)
    gap = PRIMAL_GAP * abs(tau) if tau else PRIMAL_FEAS / 100  # a zero bound (a potential): absolute 1e-9
    feas = PRIMAL_FEAS * min(1.0, 1e3 * abs(tau)) if tau else PRIMAL_FEAS / 100
    if viol <= feas and math.isfinite(value) and tau - value <= gap:
        return ex, ""
    return None, (f"the SDP solver reached only reduced accuracy (AlmostSolved): the exact bound {tau:.10g} is not "
                  f"confirmed by its primal worst case (value {value:.10g}, constraint violation {viol:.2g}); not reported")


def _certify_problem(P: _Problem, certify: bool = True):
    """Phase 1 (fully solved only, rescaled when needed), then the exact certificate.

    Returns ``(num, ex, reason)``: the accepted numeric solve (None when there is none), the exact
    ``(lam, w, tau, (L, D))`` (None when not found) and the reason when something is missing.  When
    the first rounding fails, the Gram basis is rescaled by the worst case's own magnitudes
    (``d_i ~ 1/sqrt(G_ii)``: contractive methods meet gradients many orders smaller than
    ``x0 - x*``) and the rounding is tried again from a solve that agrees within 1e-6.
    """
    acc = _solve_accurate(P)
    if acc.num is None:
        return None, None, STOP_REASONS.get(acc.reason, acc.reason)
    num = acc.num
    if not certify:
        return num, None, "certify=False: numeric worst case only"
    ex = _exact_certificate(P, num, scale=acc.scale, wsum=acc.wsum)
    if ex is None and (acc.almost or acc.num.tau >= SMALL_TAU):
        # the other order: Clarabel's other settings on the plain problem first (a fully solved
        # phase 1 only; its exact certificate decides)
        lad = _solve_ladder(P, first=1)
        if lad.status == "Solved" and lad.tau >= SMALL_TAU and lad.tau != num.tau:
            ex2 = _exact_certificate(P, lad)
            if ex2 is not None:
                return lad, ex2, ""
    if acc.almost:
        return num, *_confirmed(P, num, ex)
    fb = acc.fallback
    if ex is None and fb is not None:  # as before the ladder: the reduced-accuracy solve, confirmed by its primal
        ex_fb = _exact_certificate(P, fb.num, scale=fb.scale, wsum=fb.wsum)
        kept, why = _confirmed(P, fb.num, ex_fb)
        if kept is not None:
            return fb.num, kept, why
    if ex is None and acc.scale is None:
        d = _gram_scale(num)
        num_s = _solve_ladder(P, scale=d, wsum=acc.wsum)
        if num_s.status == "Solved" and abs(num_s.tau - num.tau) <= 1e-6 * abs(num.tau):
            ex = _exact_certificate(P, num_s, scale=d, wsum=acc.wsum)
            if ex is not None:
                num = num_s
    return num, ex, "" if ex is not None else NO_CERTIFICATE
