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
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

from .sdp import _solve

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
    """``"5x5, 4x4"``: the sizes of the LMIs (for messages)."""
    return ", ".join(f"{len(rows)}x{len(rows)}" for _, rows in lmis)


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
