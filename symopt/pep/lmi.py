r"""LMI constraints (PEPit's ``PSDMatrix``) in the exact PEP: the lift, the dual matrices, their check.

A PEPit problem may ask, besides the scalar constraints, that matrices of
affine expressions be positive semidefinite:

.. math::

    M_l(G, F) = C_l + \sum_j F_j B_{lj} + \mathcal{A}_l(G) \succeq 0 ,

each entry :math:`(M_l)_{pq}` an affine expression in the Gram matrix and the
function values (read exactly like a scalar constraint).  PEPit sends a
*symmetric* matrix variable :math:`Y_l \succeq 0` to the solver with one
equality :math:`(Y_l)_{pq} = (M_l)_{pq}` per entry, so an entry whose
expressions differ across the diagonal also says :math:`M_{pq} = M_{qp}`.

**Certificate.**  With one (not necessarily symmetric) rational matrix
:math:`Z_l` per LMI whose symmetric part is PSD, the identity

.. math::

    \sum_k w_k m_k - \sum_i \lambda_i (a_i\cdot F + \langle A_i, G\rangle - b_i)
    + \langle S, G\rangle + \sum_l \sum_{p,q} (Z_l)_{pq} (M_l)_{pq} = \tau - \text{offset}

(identically in :math:`G, F`) proves :math:`\min_k m_k \le \tau` on every
feasible point: each added term is non-negative there
(:math:`\sum_{pq} Z_{pq} M_{pq} = \langle \operatorname{sym} Z, M\rangle \ge 0`
when :math:`M` is symmetric PSD).  Coefficient by coefficient:
constant :math:`\lambda\cdot b + \sum_l \langle Z_l, C_l\rangle = \tau - \text{offset}`,
:math:`F_j`: :math:`\sum_i\lambda_i a_{ij} - \sum_k w_k a^m_{kj} - \sum_l\langle Z_l, B_{lj}\rangle = 0`,
Gram part :math:`S = \sum_i \lambda_i A_i - \sum_k w_k A^m_k - \sum_l \mathcal{A}_l^*(Z_l) \succeq 0`.

**Lift.**  The numeric and rounding machinery of :mod:`symopt.pep.certify`
handles one PSD matrix (the Gram matrix) and scalar constraints; the LMIs
enter it unchanged by lifting: new Gram coordinates :math:`y_1, \dots, y_p`
per LMI with the equalities :math:`\langle y_p, y_q\rangle = (M_l)_{pq}`
(two inequalities each, as PEPit's own equalities).  The lifted Gram matrix
:math:`\begin{pmatrix} G & X \\ X^\top & Y\end{pmatrix} \succeq 0` with
:math:`X` free is the same condition as :math:`G \succeq 0, Y \succeq 0`, so
the lifted problem has the same value, and its dual residual is
block-diagonal, :math:`\operatorname{diag}(S, \operatorname{sym} Z_l)`, with
:math:`(Z_l)_{pq} = \lambda^+_{pq} - \lambda^-_{pq}` (the lifted equality's
two multipliers).  The certificate is re-stated on the original problem and
checked there (:func:`identity_parts`, :func:`sym`): the lift is only how the
multipliers are found.

**Making the lift solvable.**  An identically zero row of an LMI is not lifted
(:func:`kept_indices`); a Gram coordinate a constraint ``c G_kk <= 0`` forces
to zero is removed and its multiplier restored exactly (:func:`zero_diagonals`,
:func:`fill_diagonal`); LMIs inactive at every worst case are relaxed away
(:func:`idle`); symmetries of the lift give exact null directions imposed in
the rounding (:func:`joint_nulls`).  Many LMIs (a lift too large for the dense
pipeline, :func:`lift_bytes`) are not lifted: the SDP with one cone per LMI is
solved and rounded directly (:func:`sparse_certificate`).
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any, Sequence

from ._exact import _ldl
from .certify import _restore, _to_frac
from .sdp import _constraint_matrices, _solve, _solver, _svec_index

#: One LMI: ``(label, rows)`` with ``rows[p][q] = (a, G, const)`` the exact affine form of entry (p, q)
#: (``a`` {f index: coefficient}, ``G`` {(i, j), i <= j: coefficient} as in ExactPEP).
LMI = tuple


_ZERO = ({}, {}, Fraction(0))


def kept_indices(rows: Sequence[Sequence[tuple]]) -> list[int]:
    """The rows of an LMI that are not identically zero (with their column): a zero row and column
    (e.g. the quadratic class's own stationary point, ``x_i - x_s = 0``, ``g_i = 0``) is PSD whatever the
    rest is, and lifting it would force a zero diagonal (no strictly feasible point for the solver)."""
    n = len(rows)
    return [p for p in range(n) if any(rows[p][q] != _ZERO or rows[q][p] != _ZERO for q in range(n))]


def lifted_pairs(rows: Sequence[Sequence[tuple]]) -> list[tuple[int, int]]:
    """The entries ``(p, q)`` that get an equality ``<y_p, y_q> = M_pq``: the upper triangle, and a
    lower entry only when its affine form differs from its mirror's (PEPit's symmetric variable),
    over the rows that are not identically zero (:func:`kept_indices`)."""
    keep = kept_indices(rows)
    out = [(p, q) for i, p in enumerate(keep) for q in keep[i:]]
    out += [(p, q) for i, p in enumerate(keep) for q in keep[:i] if rows[p][q] != rows[q][p]]
    return out


def lift(ng: int, lmis: Sequence[LMI]) -> tuple[int, list[tuple], list[list[tuple[int, int]]]]:
    """``(ng', constraints, pairs)``: the lifted Gram size, the lifted equalities as ExactPEP
    constraints (``<=`` then ``>=`` per entry, in the order of ``pairs``) and the entries lifted per LMI.

    Entry ``(p, q)`` of LMI ``l`` with new coordinates ``y`` (one per row kept by :func:`kept_indices`):
    ``<y_p, y_q> - a.F - G_M(G) <= const`` and its negation."""
    cons: list[tuple] = []
    pairs: list[list[tuple[int, int]]] = []
    base = ng
    for label, rows in lmis:
        prs = lifted_pairs(rows)
        pos = {p: base + k for k, p in enumerate(kept_indices(rows))}
        for p, q in prs:
            a, G, const = rows[p][q]
            y = (min(pos[p], pos[q]), max(pos[p], pos[q]))
            Gl = {k: -v for k, v in G.items()}
            Gl[y] = Gl.get(y, 0) + 1
            Gl = {k: v for k, v in Gl.items() if v}
            name = f"{label}[{p},{q}]"
            cons.append((name + " (<=)", {k: -v for k, v in a.items()}, Gl, const))
            cons.append((name + " (>=)", dict(a), {k: -v for k, v in Gl.items()}, -const))
        pairs.append(prs)
        base += len(pos)
    return base, cons, pairs


def duals(lmis: Sequence[LMI], pairs: Sequence[Sequence[tuple[int, int]]],
          mult: Sequence[Fraction]) -> tuple:
    """The dual matrices ``Z_l`` from the lifted equalities' multipliers ``mult`` (two per entry, in the
    order of :func:`lift`): ``Z_pq = lambda+ - lambda-``; an upper entry whose mirror was not lifted
    (the same affine form) is split evenly across the diagonal, so ``Z`` is symmetric there."""
    out = []
    k = 0
    for (label, rows), prs in zip(lmis, pairs):
        n = len(rows)
        Z = [[Fraction(0)] * n for _ in range(n)]
        lifted = set(prs)
        for p, q in prs:
            mu = mult[k] - mult[k + 1]
            k += 2
            if p < q and (q, p) not in lifted:
                Z[p][q] += mu / 2
                Z[q][p] += mu / 2
            else:
                Z[p][q] += mu
        out.append(tuple(tuple(r) for r in Z))
    return tuple(out)


def sym(Z: Sequence[Sequence[Fraction]]) -> list[list[Fraction]]:
    """``(Z + Z^T) / 2`` exactly."""
    n = len(Z)
    return [[(Z[i][j] + Z[j][i]) / 2 for j in range(n)] for i in range(n)]


def well_formed(lmis: Sequence[LMI], Zs: Sequence) -> bool:
    """One square rational ``Z`` per LMI, of the LMI's size."""
    if len(Zs) != len(lmis):
        return False
    for (label, rows), Z in zip(lmis, Zs):
        n = len(rows)
        if len(Z) != n or any(len(r) != n or any(not isinstance(x, Fraction) for x in r) for r in Z):
            return False
    return True


def identity_parts(ng: int, nf: int, lmis: Sequence[LMI],
                   Zs: Sequence) -> tuple[Fraction, list[Fraction], list[list[Fraction]]]:
    r"""``(c, f, A)``: the LMIs' share of the certificate's identity, exactly.

    ``c = sum_l <Z_l, C_l>`` (constant), ``f_j = sum_l <Z_l, B_lj>`` (coefficient of ``F_j``) and
    ``A = sum_l A_l^*(Z_l)`` (the symmetric matrix with ``<A, G> = sum_l sum_pq Z_pq G-part(M_pq)``;
    a term ``c <x_i, x_j>``, ``i < j``, puts ``c/2`` at ``(i, j)`` and at ``(j, i)``)."""
    c = Fraction(0)
    f = [Fraction(0)] * nf
    A = [[Fraction(0)] * ng for _ in range(ng)]
    for (label, rows), Z in zip(lmis, Zs):
        n = len(rows)
        for p in range(n):
            for q in range(n):
                z = Z[p][q]
                if not z:
                    continue
                a, G, const = rows[p][q]
                c += z * const
                for j, v in a.items():
                    f[j] += z * v
                for (i, j), v in G.items():
                    if i == j:
                        A[i][i] += z * v
                    else:
                        A[i][j] += z * v / 2
                        A[j][i] += z * v / 2
    return c, f, A


def shapes(lmis: Sequence[LMI]) -> str:
    """``"2 LMIs (5x5, 4x4)"``, ``"48 LMIs (48 of 7x7)"``: the sizes of the LMIs (for messages)."""
    sizes: dict[int, int] = {}
    for _, rows in lmis:
        sizes[len(rows)] = sizes.get(len(rows), 0) + 1
    parts = ", ".join(f"{c} of {n}x{n}" if c > 1 else f"{n}x{n}" for n, c in sorted(sizes.items()))
    return f"{len(lmis)} LMI{'s' if len(lmis) != 1 else ''} ({parts})"


def zero(n: int) -> tuple:
    """The ``n x n`` zero dual matrix (an LMI relaxed away)."""
    return tuple(tuple(Fraction(0) for _ in range(n)) for _ in range(n))


#: :func:`idle`: the tau inflation of the generous dual point, and the size (relative to the largest
#: entry of the residual) below which an LMI's dual block counts as zero.
IDLE_REL = 1e-3
IDLE_TOL = 1e-8


def idle(P, m: int, lmis: Sequence[LMI]) -> list[int]:
    """The LMIs whose dual block vanishes on a generous dual point of the lift ``P`` (floats).

    A dual point of the lifted problem at ``tau (1 + IDLE_REL)`` with the largest smallest eigenvalue
    (phase 2 of :mod:`symopt.pep.certify`) leaves a block ``sym(Z_l)`` at zero only when every dual
    point near the optimum does: the LMI is inactive at every worst case (e.g. PEPit's
    quadratic-Lojasiewicz LMIs at the pairs the worst case does not use).  ``m`` is the number of
    original constraints (the lifted equalities follow, two per entry, in the order of :func:`lift`).
    Only a guide: what is dropped is decided again by the exact certificate and the bound it gives."""
    import numpy as np

    num = _solve(P)
    if num.status not in ("Solved", "AlmostSolved") or not np.isfinite(num.tau):
        return []
    sec = _solve(P, margin_cap=num.tau + IDLE_REL * abs(num.tau))
    if sec.status not in ("Solved", "AlmostSolved") or not np.all(np.isfinite(sec.lam)):
        return []
    pairs = [lifted_pairs(rows) for _, rows in lmis]
    Zs = duals(lmis, pairs, list(sec.lam[m:]))
    sizes = [max((abs(x) for r in Z for x in r), default=0.0) for Z in Zs]
    top = max(sizes + [float(np.max(np.abs(sec.lam)))]) or 1.0
    return [i for i, s in enumerate(sizes) if s <= IDLE_TOL * top]


def zero_diagonals(constraints: Sequence[tuple]) -> list[int]:
    """Gram coordinates ``k`` that a constraint ``c G_kk <= 0`` (``c > 0``, no function values, right-hand
    side 0: e.g. PEPit's ``v ** 2 == 0`` on a leaf point) forces to zero: ``G >= 0`` then has its whole
    row ``k`` zero, and the problem without the coordinate is the same problem with an interior
    (the solver stops at reduced accuracy on the one without)."""
    out = []
    for _, a, G, b in constraints:
        if not a and b == 0 and len(G) == 1:
            (i, j), c = next(iter(G.items()))
            if i == j and c > 0 and i not in out:
                out.append(i)
    return sorted(out)


def fill_diagonal(S: Sequence[Sequence[Fraction]], K: Sequence[int]) -> list[Fraction] | None:
    """Non-negative amounts ``d_k`` (``k`` in ``K``) with ``S + sum_k d_k e_k e_k^T >= 0``, exactly, or None.

    The coordinates outside ``K`` are eliminated first (exact Gaussian elimination; their block must
    be PSD and a zero pivot must have a zero column); the Schur complement ``R`` on ``K`` is then made
    diagonally dominant: ``d_k = max(0, sum_{j != k} |R_kj| - R_kk)``.  The caller re-factors the sum."""
    n = len(S)
    Kset = set(K)
    order = [i for i in range(n) if i not in Kset] + list(K)
    W = [[S[i][j] for j in order] for i in order]
    m = n - len(K)
    for k in range(m):
        d = W[k][k]
        if d < 0:
            return None
        if d == 0:
            if any(W[i][k] for i in range(k + 1, n)):
                return None
            continue
        for i in range(k + 1, n):
            f = W[i][k] / d
            if f:
                Wi, Wk = W[i], W[k]
                for j in range(k + 1, n):
                    if Wk[j]:
                        Wi[j] -= f * Wk[j]
    R = [row[m:] for row in W[m:]]
    return [max(Fraction(0), sum((abs(x) for j, x in enumerate(R[k]) if j != k), Fraction(0)) - R[k][k])
            for k in range(len(K))]


def _form_value(con: Any, v: Sequence[Fraction]) -> Fraction:
    """``v' A v`` exactly for a constraint given by atom terms."""
    tot = Fraction(0)
    for cf, u, w in con.terms:
        du = sum((val * v[i] for i, val in con.atoms[u].c.items()), Fraction(0))
        if du:
            tot += cf * du * sum((val * v[i] for i, val in con.atoms[w].c.items()), Fraction(0))
    return tot


def _solve_exact(rows: Sequence[tuple[dict, Fraction]], n: int) -> list[Fraction] | None:
    """A solution of the sparse rational system ``a_r . f = b_r`` (free unknowns 0), or None."""
    piv: list[tuple[int, dict, Fraction]] = []
    for a, b in rows:
        a, b = dict(a), b
        for j, pa, pb in piv:
            c = a.get(j)
            if c:
                for i, v in pa.items():
                    a[i] = a.get(i, 0) - c * v
                b -= c * pb
                a = {i: v for i, v in a.items() if v}
        if not a:
            if b:
                return None
            continue
        j = min(a)
        c = a[j]
        pa, pb = {i: v / c for i, v in a.items()}, b / c
        for t, (jj, qa, qb) in enumerate(piv):  # keep the pivot rows reduced
            cc = qa.get(j)
            if cc:
                qa = {i: qa.get(i, 0) - cc * pa.get(i, 0) for i in set(qa) | set(pa)}
                piv[t] = (jj, {i: v for i, v in qa.items() if v}, qb - cc * pb)
        piv.append((j, pa, pb))
    f = [Fraction(0)] * n
    for j, pa, pb in piv:
        f[j] = pb
    return f


def _direction_f(P: Any, m0: int, w: Sequence[Fraction]) -> list[Fraction] | None:
    """Function values ``f`` with ``a . f + w' A w = 0`` for every original constraint and measure (the
    direction ``(w w', f)`` leaves each unchanged), or None."""
    rows = [(dict(con.a), -_form_value(con, w)) for con in P.constraints[:m0]]
    rows += [(dict(a), -sum((val * w[i] * w[j] for (i, j), val in A.items()), Fraction(0))) for a, A in P.measures]
    return _solve_exact(rows, P.nf)


def _lmi_image(P: Any, m0: int, blocks: Sequence[tuple], w: Sequence[Fraction],
               f: Sequence[Fraction]) -> list | None:
    """``M_l(w w', f)`` (homogeneous part) for each LMI, exact matrices over its lifted rows, from the
    lifted equalities ``<y_p, y_q> - M_pq <= b`` at the direction ``(w, 0; f)``; None when two mirrored
    entries disagree (the direction would break the symmetry PEPit asks of the matrix)."""
    out = []
    k = m0
    for start, n, prs in blocks:
        M: dict = {}
        for p, q in prs:
            con = P.constraints[k]
            M.setdefault((p, q), -_form_value(con, w) - sum((v * f[j] for j, v in con.a.items()), Fraction(0)))
            k += 2
        rows = sorted({p for p, _ in prs})
        pos = {p: i for i, p in enumerate(rows)}
        A = [[Fraction(0)] * len(rows) for _ in rows]
        for (p, q), val in M.items():
            A[pos[p]][pos[q]] = val
            mirror = M.get((q, p))
            if mirror is not None and mirror != val:
                return None
            A[pos[q]][pos[p]] = val
        out.append(A)
    return out


#: Ratios tried in the combinations ``w_a + t w_b`` of two echelon candidates (a recession direction
#: may need both, e.g. the shift of the points and of the gradients together).
RATIOS = tuple(Fraction(p, q) * sg for p, q in ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (1, 4), (4, 1), (1, 10), (10, 1))
               for sg in (1, -1))


def _candidates(N: Any, support: Sequence[int], k: int, pad: int):
    """Rational candidates in the column space of ``N``: its echelon basis on every choice of ``k``
    pivots among ``support``, rounded to denominators <= 100, then sums ``w_a + t w_b`` (:data:`RATIOS`)."""
    import numpy as np

    basis: list[list[Fraction]] = []
    for piv in itertools.combinations(support, k):
        sub = N[list(piv)]
        if abs(np.linalg.det(sub)) < 1e-6:
            continue
        E = N @ np.linalg.inv(sub)
        for c in range(k):
            w = [Fraction(float(x)).limit_denominator(100) if abs(x) > 1e-6 else Fraction(0) for x in E[:, c]]
            w += [Fraction(0)] * pad
            if any(w) and w not in basis:
                basis.append(w)
                yield w
    for a, b in itertools.permutations(range(len(basis)), 2):
        for t in RATIOS:
            yield [x + t * y for x, y in zip(basis[a], basis[b])]


def joint_nulls(P: Any, m0: int, ng0: int, blocks: Sequence[tuple], tau: float | None = None,
                rel: float = 1e-3) -> list[list[Fraction]]:
    r"""Exact null directions every dual point of the lift ``P`` shares, found through a symmetry.

    A rational ``w`` over the first ``ng0`` (original Gram) coordinates and function values ``f`` with
    ``a . f + w' A w = 0`` for every original constraint and measure (the first ``m0`` constraints of
    ``P``), whose LMI images ``M_l(w w', f)`` (homogeneous parts) are PSD, give a primal recession
    direction of the lift (``G + t w w'``, ``F + t f``, ``Y_l + t M_l(w w', f)``: every scalar
    constraint and the measure unchanged).  The identity then gives
    ``w' S w + sum_l <Z_l, M_l(w w', f)> = 0`` for every certificate (the linear part cancels), so
    ``S w = 0`` and ``Z_l u = 0`` for every ``u`` in the range of ``M_l(w w', f)``: these vectors are
    returned (as vectors of ``P``'s coordinates, one block each).  E.g. in gradient descent on ``g(Mx)`` (PEPit's
    gradient_descent_lc) the shift of every gradient of ``g`` along a new direction in the kernel of
    ``M^T``, and the shift of every ``x`` along a direction in the kernel of ``M``.

    ``blocks``: ``(start, size, pairs)`` of each LMI's lifted coordinates (the lifted equalities
    follow the original constraints, two per pair; ``tau``: the phase-1 bound when known).  Candidates ``w`` come from the null space of the
    Gram block of a generous dual point (phase 2 at ``tau (1 + rel)``), in echelon form on every
    choice of pivots, rounded to small rationals; each is verified exactly as above.
    """
    import numpy as np

    if ng0 == 0 or not blocks:
        return []
    if tau is None:
        num = _solve(P)
        if num.status not in ("Solved", "AlmostSolved") or not np.isfinite(num.tau):
            return []
        tau = num.tau
    sec = _solve(P, margin_cap=tau + rel * abs(tau))
    if sec.status not in ("Solved", "AlmostSolved") or not np.all(np.isfinite(sec.lam)):
        return []
    S = np.tensordot(sec.lam, _constraint_matrices(P), axes=1)
    for wk, (a, A) in zip(sec.w, P.measures):
        for (i, j), val in A.items():
            S[i, j] -= wk * float(val)
    ev, V = np.linalg.eigh(S[:ng0, :ng0])
    k = int(np.sum(ev <= 1e-7 * max(1.0, float(abs(ev[-1])))))
    if k == 0 or k > 4:
        return []
    N = V[:, :k]
    support = [i for i in range(ng0) if np.max(np.abs(N[i])) > 1e-3]
    As = _constraint_matrices(P)[:m0]
    Am = np.zeros((len(P.measures), P.ng, P.ng))
    lin = np.zeros((m0 + len(P.measures), P.nf))
    for r, con in enumerate(P.constraints[:m0]):
        for j, v in con.a.items():
            lin[r, j] = float(v)
    for r, (a, A) in enumerate(P.measures):
        for (i, j), v in A.items():
            Am[r, i, j] += float(v)
        for j, v in a.items():
            lin[m0 + r, j] = float(v)
    ws: list[list[Fraction]] = []
    out: list[list[Fraction]] = []
    for w in _candidates(N, support, k, P.ng - ng0):
        if w in ws or not any(w):
            continue
        wf = np.array([float(x) for x in w])  # a float test first: is a . f = -w'Aw solvable at all?
        rhs = -np.concatenate([np.einsum("cij,i,j->c", As, wf, wf), np.einsum("cij,i,j->c", Am, wf, wf)])
        if lin.size:
            sol = np.linalg.lstsq(lin, rhs, rcond=None)[0]
            if np.linalg.norm(lin @ sol - rhs) > 1e-9 * (1 + np.linalg.norm(rhs)):
                continue
        elif np.linalg.norm(rhs) > 1e-12:
            continue
        if np.linalg.matrix_rank(np.array([[float(x) for x in u] for u in ws + [w]])) <= len(ws):
            continue
        f = _direction_f(P, m0, w)
        if f is None:
            continue
        images = _lmi_image(P, m0, blocks, w, f)
        if images is None:
            continue
        facs = [_ldl(M) for M in images]
        if any(fac is None for fac in facs):
            continue
        ws.append(w)
        out.append(w)
        for (start, n, _), M, (L, D) in zip(blocks, images, facs):
            for col, d in enumerate(D):
                if d:
                    u = [Fraction(0)] * P.ng
                    for r in range(n):
                        u[start + r] = L[r][col]
                    if np.linalg.matrix_rank(np.array([[float(x) for x in v] for v in out + [u]])) > len(out):
                        out.append(u)
    return out


def lift_bytes(ng: int, m: int, lmis: Sequence[LMI]) -> int:
    """The memory the dense pipeline would take for the lift (one float ``n x n`` matrix per constraint)."""
    n = ng + sum(len(kept_indices(rows)) for _, rows in lmis)
    return 8 * n * n * (m + 2 * sum(len(lifted_pairs(rows)) for _, rows in lmis))


def _sparse_system(ng: int, nf: int, constraints: Sequence[tuple], measures: Sequence[tuple], lmis: Sequence[LMI]):
    """The dual SDP of an LMI problem in Clarabel's form ``A x + s = b``, ``s`` in the cones, without
    the lift: variables ``(lambda, w, mu)`` (``mu``: one per lifted entry, as in :func:`duals`).

    Returns ``(R, C, V, b, q, cones, psd)``: the sparse triplets, ``b``, the objective ``q`` (``lambda . b +
    sum mu C``), the cones as ``(kind, size)`` and the PSD cones as ``(row offset, size)`` (``S`` first when
    ``ng > 0``, then one ``sym(Z_l)`` per LMI)."""
    r2 = 2.0 ** 0.5
    m, K = len(constraints), len(measures)
    pairs = [lifted_pairs(rows) for _, rows in lmis]
    R: list[int] = []
    C: list[int] = []
    V: list[float] = []

    def add(r: int, c: int, v: float) -> None:
        R.append(r), C.append(c), V.append(v)

    def svec_add(base: int, sv: dict, Gd: dict, c: int, sign: float) -> None:
        for (i, j), v in Gd.items():  # s = svec(S) = -A x: the form sum_{i<=j} G_ij <x_i, x_j> as a matrix
            add(base + sv[(i, j)], c, -sign * (float(v) if i == j else float(v) / 2 * r2))

    for c, (_, a, _, _) in enumerate(constraints):
        for j, v in a.items():
            add(j, c, float(v))
    for k, (a, _) in enumerate(measures):
        for j, v in a.items():
            add(j, m + k, -float(v))
        add(nf, m + k, 1.0)
    col = m + K
    for (_, rows), prs in zip(lmis, pairs):
        for p, q in prs:
            for j, v in rows[p][q][0].items():
                add(j, col, -float(v))
            col += 1
    off = nf + 1
    for i in range(m + K):
        add(off + i, i, -1.0)
    off += m + K
    cones = [("zero", nf + 1), ("nonneg", m + K)]
    psd = []
    if ng:
        sv = _svec_index(ng)
        for c, (_, _, G, _) in enumerate(constraints):
            svec_add(off, sv, G, c, 1.0)
        for k, (_, G) in enumerate(measures):
            svec_add(off, sv, G, m + k, -1.0)
        col = m + K
        for (_, rows), prs in zip(lmis, pairs):
            for p, q in prs:
                svec_add(off, sv, rows[p][q][1], col, -1.0)
                col += 1
        psd.append((off, ng))
        off += len(sv)
    col = m + K
    for (_, rows), prs in zip(lmis, pairs):
        pos = {p: i for i, p in enumerate(kept_indices(rows))}
        svl = _svec_index(len(pos))
        for p, q in prs:
            i, j = sorted((pos[p], pos[q]))
            add(off + svl[(i, j)], col, -1.0 if i == j else -r2 / 2)  # sym(Z)_ij = (mu_pq + mu_qp) / 2
            col += 1
        psd.append((off, len(pos)))
        off += len(svl)
    cones += [("psd", n) for _, n in psd]
    b = [0.0] * off
    b[nf] = 1.0
    q = [float(c[3]) for c in constraints] + [0.0] * K
    for (_, rows), prs in zip(lmis, pairs):
        q += [float(rows[p][q_][2]) for p, q_ in prs]
    return R, C, V, b, q, cones, psd


def sparse_solve(ng: int, nf: int, constraints: Sequence[tuple], measures: Sequence[tuple], lmis: Sequence[LMI],
                 cap: float | None = None) -> tuple[str, Any, float]:
    """Solve the unlifted dual SDP (:func:`_sparse_system`): phase 1 (``cap`` None: minimise the bound),
    or phase 2 (bound <= ``cap``, maximise the smallest eigenvalue ``t <= 1`` of ``S`` and of every
    ``sym(Z_l)``).  ``(status, x, bound)`` with ``x = (lambda, w, mu)``."""
    import numpy as np
    import scipy.sparse as sps

    clarabel = _solver()
    R, C, V, b, q, cones, psd = _sparse_system(ng, nf, constraints, measures, lmis)
    nv = len(q)
    nrow = len(b)
    qv = np.array(q)
    if cap is not None:  # one more variable t; two more nonnegative rows: cap - q.x >= 0, 1 - t >= 0
        t = nv
        for off, n in psd:
            sv = _svec_index(n)
            for i in range(n):
                R.append(off + sv[(i, i)]), C.append(t), V.append(1.0)
        R += [nrow + 0] * nv + [nrow + 1]
        C += list(range(nv)) + [t]
        V += list(qv) + [1.0]
        b = b + [cap, 1.0]
        nrow += 2
        nv += 1
    kinds = {"zero": clarabel.ZeroConeT, "nonneg": clarabel.NonnegativeConeT, "psd": clarabel.PSDTriangleConeT}
    clist = [kinds[k](n) for k, n in cones]
    if cap is not None:  # the two extra rows sit after the PSD cones
        clist.append(clarabel.NonnegativeConeT(2))
    A = sps.csc_matrix((V, (R, C)), shape=(nrow, nv))
    obj = np.zeros(nv)
    if cap is None:
        obj[:] = qv
    else:
        obj[-1] = -1.0
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.time_limit = 120.0
    for tol in (1e-10, 1e-9, 1e-8):  # the first full solve (a reduced-accuracy one is reported as such)
        settings.tol_gap_abs = settings.tol_gap_rel = settings.tol_feas = tol
        sol = clarabel.DefaultSolver(sps.csc_matrix((nv, nv)), obj, A, np.array(b), clist, settings).solve()
        if str(sol.status) == "Solved":
            break
    x = np.array(sol.x)[:len(qv)]
    return str(sol.status), x, float(qv @ x)


def sparse_certificate(ng: int, nf: int, constraints: Sequence[tuple], measures: Sequence[tuple],
                       lmis: Sequence[LMI]) -> tuple[Any, str]:
    """An exact certificate without the lift (for LMIs too many for the dense pipeline):
    ``((lam, w, Zs, tau1), "")`` or ``(None, reason)``.

    Phase 1 fully solved (:func:`sparse_solve`), phase 2 at ``tau1 (1 + rel)`` (an interior point), its
    ``(lambda, w, mu)`` rounded to 1e-12 (``lambda, w`` below 1e-11 of the largest set to 0), the linear
    identity (coefficients of the function values, ``sum w = 1``) restored exactly by adjusting a few
    positive multipliers (:func:`symopt.pep.certify._restore`); ``Z_l`` from ``mu`` (:func:`duals`).  The
    caller factors ``S`` and every ``sym(Z_l)`` exactly and checks the whole."""
    import numpy as np

    status, x1, tau1 = sparse_solve(ng, nf, constraints, measures, lmis)
    if status != "Solved":
        return None, f"the SDP solver stopped ({status}) on the LMI problem"
    m, K = len(constraints), len(measures)
    pairs = [lifted_pairs(rows) for _, rows in lmis]
    cols: dict[int, dict] = {}
    for c, (_, a, _, _) in enumerate(constraints):
        cols[c] = dict(a)
    for k, (a, _) in enumerate(measures):
        cols[m + k] = {j: -v for j, v in a.items()}
        cols[m + k]["w"] = Fraction(1)
    col = m + K
    for (_, rows), prs in zip(lmis, pairs):
        for p, q in prs:
            cols[col] = {j: -v for j, v in rows[p][q][0].items()}
            col += 1
    for rel in (2e-8, 9e-7):
        st, x, _ = sparse_solve(ng, nf, constraints, measures, lmis, cap=tau1 + rel * abs(tau1))
        if st not in ("Solved", "AlmostSolved") or not np.all(np.isfinite(x)):
            continue
        top = float(np.max(np.abs(x[:m + K]))) or 1.0
        v = [Fraction(0) if i < m + K and xi <= 1e-11 * top else _to_frac(float(xi), 10**12) for i, xi in enumerate(x)]
        v = _restore(cols, {"w": Fraction(1)}, v, range(m + K))
        if v is None:
            continue
        lam, w, mu = v[:m], v[m:m + K], v[m + K:]
        Zs = _duals_from_mu(lmis, pairs, mu)
        return (lam, w, Zs, tau1), ""
    return None, "no exact certificate from the unlifted LMI problem"


def _duals_from_mu(lmis: Sequence[LMI], pairs: Sequence, mu: Sequence[Fraction]) -> tuple:
    """``Z_l`` from one multiplier per lifted entry (:func:`duals` takes the two of each equality)."""
    both = []
    for x in mu:
        both += [x, Fraction(0)]
    return duals(lmis, pairs, both)


def zero_diagonal_rows(rows: Sequence[Sequence[tuple]]) -> list[int]:
    """Rows ``p`` of an LMI with ``M_pp`` identically 0 (the whole row must then vanish)."""
    return [p for p in range(len(rows)) if rows[p][p] == _ZERO]


def reduce_rows(m: int, lmis: Sequence[LMI]) -> tuple[list[tuple], tuple, list]:
    r"""Facial reduction of LMIs with an identically zero diagonal entry.

    ``M >= 0`` with ``M_pp = 0`` is the same as ``M_pq = M_qp = 0`` for every ``q`` and ``M >= 0``
    without row and column ``p``: the rows are removed and their non-zero entries become scalar
    equalities (``<=`` then ``>=``, appended after the ``m`` original constraints).  Without this the
    lifted or unlifted SDP has no interior and the solver stops at reduced accuracy.  Returns
    ``(extra constraints, reduced LMIs, back)``; ``back`` lists ``(l, p, q)`` per extra equality (the
    entry of ``Z_l`` its multipliers go to, :func:`expand_duals`)."""
    extra: list[tuple] = []
    back: list[tuple[int, int, int]] = []
    out = []
    for l, (label, rows) in enumerate(lmis):
        zr = zero_diagonal_rows(rows)
        n = len(rows)
        keep = [p for p in range(n) if p not in zr]
        seen = set()
        for p in zr:
            for q in range(n):
                for (i, j) in ((p, q), (q, p)):
                    if (i, j) in seen or rows[i][j] == _ZERO or (i != j and (j, i) in seen and rows[i][j] == rows[j][i]):
                        continue
                    seen.add((i, j))
                    a, G, const = rows[i][j]
                    extra.append((f"{label}[{i},{j}] = 0 (<=)", dict(a), dict(G), -const))
                    extra.append((f"{label}[{i},{j}] = 0 (>=)", {k: -v for k, v in a.items()}, {k: -v for k, v in G.items()}, const))
                    back.append((l, i, j))
        out.append((label, tuple(tuple(rows[p][q] for q in keep) for p in keep)))
    return extra, tuple(out), back


def expand_duals(lmis: Sequence[LMI], reduced: Sequence, back: Sequence[tuple[int, int, int]],
                 mult: Sequence[Fraction]) -> tuple | None:
    """The dual matrices of the original LMIs from those of :func:`reduce_rows`' LMIs: embedded, the
    extra equalities' multipliers (two per entry, ``lambda-  - lambda+``) added at their entries, and
    each removed diagonal entry (free: ``M_pp = 0``) raised until ``sym(Z)`` is PSD
    (:func:`fill_diagonal`); None when that is impossible."""
    out = []
    for l, (label, rows) in enumerate(lmis):
        n = len(rows)
        zr = zero_diagonal_rows(rows)
        keep = [p for p in range(n) if p not in zr]
        Z = [[Fraction(0)] * n for _ in range(n)]
        for a, p in enumerate(keep):
            for b, q in enumerate(keep):
                Z[p][q] = reduced[l][a][b]
        for k, (ll, i, j) in enumerate(back):
            if ll == l:
                nu = mult[2 * k + 1] - mult[2 * k]
                if i != j and rows[i][j] == rows[j][i]:
                    Z[i][j] += nu / 2
                    Z[j][i] += nu / 2
                else:
                    Z[i][j] += nu
        if zr:
            fill = fill_diagonal(sym(Z), zr)
            if fill is None:
                return None
            for p, d in zip(zr, fill):
                Z[p][p] += d
        out.append(tuple(tuple(r) for r in Z))
    return tuple(out)
