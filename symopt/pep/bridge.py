r"""A bridge from PEPit's problem objects to symopt's exact certificates.

PEPit (Goujaud et al. 2022) builds a performance estimation problem from
a method written with its ``Point``/``Expression``/``Function`` objects: the
worst case is

.. math::

    \max_{G \succeq 0,\,F}\ \min_k m_k(G, F)\quad\text{s.t.}\quad
    c_i(G, F) \le 0,\ \ e_j(G, F) = 0,

where every :math:`m_k, c_i, e_j` is affine in the Gram matrix :math:`G` of
PEPit's leaf points and the vector :math:`F` of its leaf function values
(the class interpolation inequalities that PEPit generates, the initial
conditions, the extra constraints of the method).  :func:`from_pepit` reads
that formulation off a ``PEP`` object (PEPit's own
``_prepare_constraints``, then each expression's decomposition), with every
float coefficient read as the shortest rational (denominator at most 10^6)
within 64 units in the last place of it (``1/3`` for ``0.333...``, ``1/18`` for
PEPit's float of ``mu / (2 (1 - mu/L))``; a coefficient with no such rational
is its exact decimal value; one within 64 ulps of the largest coefficient of its
expression is the residue of a cancellation and read as 0).  Directions on which
every form is flat up to 64 ulps of its scale are then made exactly flat
(:func:`_snap_kernel`).  The certified problem is this rational one: its
coefficients are within 64 ulps of PEPit's floats (of their form's scale).  :func:`certify_pepit` solves the dual SDP (Clarabel) and rounds it
to an exact certificate: multipliers :math:`\lambda_i \ge 0`, free
:math:`\nu_j` (two non-negative ones), weights :math:`w_k \ge 0` with
:math:`\sum w_k = 1` and :math:`S = LDL^\top \succeq 0` such that,
identically in :math:`(G, F)`,

.. math::

    \sum_k w_k m_k - \sum_i \lambda_i c_i - \sum_j \nu_j e_j + \langle S, G\rangle = \tau,

hence :math:`\min_k m_k \le \tau` on every feasible point.
:meth:`BridgeCertificate.check` re-verifies this identity in rationals on
the stored exact problem (no solver, no floats), and
:meth:`BridgeCertificate.matches` re-reads a PEPit problem and compares it
with the stored one, so a certificate can be checked against the problem it
claims to bound.

LMI constraints (PEPit's ``PSDMatrix``: matrices of affine expressions that
must be PSD) are read exactly too; the certificate then carries one exact
rational dual matrix :math:`Z_l` per LMI (symmetric part PSD, factored
exactly) and the identity gains :math:`\sum_l \sum_{pq} (Z_l)_{pq} (M_l)_{pq}`
(see :mod:`symopt.pep.lmi`: the LMIs are lifted into the Gram matrix for the
solver and the rounding, the certificate is checked on the original problem).

PEPit is an optional dependency: it is imported only inside functions.
What the bridge cannot express (performance metrics with different constant
terms) raises :class:`~symopt.errors.UnsupportedError` with the reason.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, ClassVar, Sequence

from ..results import summary_latex
from ..errors import UnsupportedError
from . import lmi as _lmi
from ._exact import MAX_INFLATION, _V, _echelon, _ldl, _ldl_reproduces
from .certify import _attempt, _certify_problem, _linear_residual, _residual_gram
from .problem import _Constraint, _Problem
from .sdp import _solve_accurate

#: Largest denominator tried when reading a float coefficient as a short rational.
SHORT_DENOMINATOR = 10**6
#: How far (in units in the last place) that rational may be from the float: PEPit computes
#: e.g. 1/(2(1 - mu/L)) = 5/9 or mu/(2(1 - mu/L)) = 1/18 in floats, a few ulps off the rational they
#: stand for; read exactly, the off-by-an-ulp copies break the identities that make the dual's
#: structure exact (a direction on which every inequality is flat is no longer flat).
#: Products of a few such floats (Halpern's 1/((k+1)(k+2)) times a step) land up to a few dozen ulps
#: off: 64 ulps (~1e-14 relative) still leaves a float that no short rational explains unchanged
#: (a spurious match has probability about 64 ulps / 1e-12, the spacing of those rationals).
ULPS = 64


def _rat(x: Any) -> Fraction:
    """A float coefficient as the shortest rational (denominator <= 10^6) within ``ULPS`` units in the last
    place of it, else its exact decimal value."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int) and not isinstance(x, bool):
        return Fraction(x)
    v = float(x)
    if not math.isfinite(v):
        raise UnsupportedError(f"a PEPit coefficient is not finite ({x!r})")
    short = Fraction(v).limit_denominator(SHORT_DENOMINATOR)
    if abs(float(short) - v) <= ULPS * math.ulp(v):
        return short
    return Fraction(repr(v))


@dataclass(frozen=True)
class ExactPEP:
    """The exact (rational) data of a PEPit problem.

    Attributes:
        ng, nf: sizes of the Gram matrix and of the function-value vector.
        constraints: ``(label, a, G, b)`` per inequality ``a.F + <G, Gram> <= b`` (equalities appear twice,
            as ``<=`` and ``>=``), ``a`` a dict ``{index: Fraction}``, ``G`` a dict ``{(i, j): Fraction}``
            with ``i <= j`` (an off-diagonal entry counts for both ``G_ij`` and ``G_ji``: the form is
            ``sum_{i<=j} G[i,j] <x_i, x_j>``).
        measures: ``(a, G)`` per performance metric (without its constant).
        offset: the metrics' common constant term (added to the bound).
        lmis: ``(label, rows)`` per LMI ``M(G, F) >= 0`` (PEPit's ``PSDMatrix``), ``rows[p][q] = (a, G, const)``
            the affine form of entry ``(p, q)`` (see :mod:`symopt.pep.lmi`).
    """

    ng: int
    nf: int
    constraints: tuple
    measures: tuple
    offset: Fraction = Fraction(0)
    lmis: tuple = ()

    def lifted(self) -> tuple["ExactPEP", list]:
        """The problem with each LMI lifted into the Gram matrix (:func:`symopt.pep.lmi.lift`) and the
        entries lifted per LMI; the lifted equalities come after the original constraints."""
        ng, extra, pairs = _lmi.lift(self.ng, self.lmis)
        return ExactPEP(ng, self.nf, self.constraints + tuple(extra), self.measures, self.offset), pairs

    def problem(self) -> _Problem:
        """The same data in the form of symopt's own PEP (atoms = PEPit's leaf points)."""
        atoms = tuple(_V({i: Fraction(1)}) for i in range(self.ng))
        cons = []
        for label, a, Gd, b in self.constraints:
            terms = tuple((v, i, j) for (i, j), v in sorted(Gd.items()) if v)
            cons.append(_Constraint(label, dict(a), terms, b, atoms))
        meas = []
        for a, Gd in self.measures:
            A: dict = {}
            for (i, j), v in Gd.items():
                if i == j:
                    A[(i, i)] = A.get((i, i), 0) + v
                else:
                    A[(i, j)] = A.get((i, j), 0) + v / 2
                    A[(j, i)] = A.get((j, i), 0) + v / 2
            meas.append((dict(a), {k: v for k, v in A.items() if v}))
        return _Problem(self.ng, self.nf, tuple(cons), tuple(meas), (), None, (), atoms)


def _decompose(expr: Any, fidx: dict, ng_seen: set) -> tuple[dict, dict, Fraction]:
    """``(a, G, const)`` of a PEPit Expression (PEPit's own decomposition into leaf values and products)."""
    from PEPit.expression import Expression

    a: dict = {}
    G: dict = {}
    const = Fraction(0)
    if expr.get_is_leaf():
        a[fidx.setdefault(expr.counter, len(fidx))] = Fraction(1)
        return a, G, const
    top = max((abs(float(w)) for w in expr.decomposition_dict.values()), default=0.0)
    for key, w in expr.decomposition_dict.items():
        if abs(float(w)) <= ULPS * math.ulp(top):
            continue  # the residue of a cancellation in PEPit's floats (1 - 1 computed as 2^-52)
        w = _rat(w)
        if not w:
            continue
        if isinstance(key, Expression):
            if not key.get_is_leaf():
                raise UnsupportedError("a PEPit expression refers to a non-leaf function value")
            k = fidx.setdefault(key.counter, len(fidx))
            a[k] = a.get(k, 0) + w
        elif isinstance(key, tuple):
            p1, p2 = key
            if not (p1.get_is_leaf() and p2.get_is_leaf()):
                raise UnsupportedError("a PEPit inner product refers to a non-leaf point")
            i, j = sorted((p1.counter, p2.counter))
            ng_seen.update((i, j))
            G[(i, j)] = G.get((i, j), 0) + w
        elif key == 1:
            const += w
        else:
            raise UnsupportedError(f"unexpected term in a PEPit expression: {key!r}")
    return {k: v for k, v in a.items() if v}, {k: v for k, v in G.items() if v}, const


def _read_lmi(psd: Any, fidx: dict, seen: set) -> tuple:
    """``(label, rows)`` of a PEPit ``PSDMatrix``: every entry's exact affine form (:func:`_decompose`)."""
    n = psd.shape[0]
    rows = tuple(tuple(_decompose(psd.matrix_of_expressions[i, j], fidx, seen) for j in range(n)) for i in range(n))
    return str(psd.get_name() or f"LMI {psd.counter}"), rows


def from_pepit(problem: Any) -> ExactPEP:
    """Read a PEPit ``PEP`` (built, not yet solved) into exact rational data.

    Args:
        problem: a ``PEPit.PEP`` on which the method, the initial conditions and the performance
            metrics are set (the state in which PEPit's ``solve`` would be called).

    Returns:
        ExactPEP: the constraints (class interpolation inequalities generated by PEPit, initial
        conditions, the method's own constraints, partition constraints) and the metrics.

    Raises:
        UnsupportedError: the problem has metrics with different constants, or nothing to maximise.
    """
    from PEPit.point import Point

    if problem.objective is None:
        problem._prepare_constraints(verbose=0)
    metrics = list(problem.list_of_performance_metrics)
    if not metrics:
        raise UnsupportedError("the PEPit problem has no performance metric")
    psd = [p for p in problem._list_of_prepared_psd if p.activated]
    skip = set(id(c) for c in problem._list_of_prepared_constraints[:len(metrics)])
    fidx: dict = {}
    seen: set = set()
    cons = []
    for c in problem._list_of_prepared_constraints:
        if id(c) in skip or not c.activated:
            continue
        a, G, const = _decompose(c.expression, fidx, seen)
        label = str(c.get_name() or f"constraint {c.counter}")
        if not a and not G:
            if const > 0 or (c.equality_or_inequality == "equality" and const != 0):
                raise UnsupportedError(f"the PEPit constraint {label!r} is a false constant statement")
            continue
        if c.equality_or_inequality == "equality":
            cons.append((label + " (<=)", a, G, -const))
            cons.append((label + " (>=)", {k: -v for k, v in a.items()}, {k: -v for k, v in G.items()}, const))
        else:
            cons.append((label, a, G, -const))
    lmis = tuple(_read_lmi(p, fidx, seen) for p in psd)
    meas = []
    consts = set()
    for m in metrics:
        a, G, const = _decompose(m, fidx, seen)
        meas.append((a, G))
        consts.add(const)
    if len(consts) > 1:
        raise UnsupportedError("PEPit performance metrics with different constant terms")
    cons.sort(key=lambda c: c[3] == 0)  # the conditions with a right-hand side (the initial ones) first
    pep = ExactPEP(Point.counter, len(fidx), tuple(cons), tuple(meas), consts.pop(), lmis)
    return pep if lmis else _snap_kernel(pep)  # the snapping does not see the LMIs' forms


@dataclass(frozen=True)
class BridgeCertificate:
    r"""An exact proof that ``min_k m_k(G, F) <= tau`` on every feasible point of an :class:`ExactPEP`.

    ``sum_k w_k m_k + sum_i lambda_i (b_i - a_i.F - <A_i, G>) + <S, G> + sum_l sum_pq Z_l[p][q] M_l[p][q]
    = tau - offset`` identically, ``S = L D L^T`` with ``D >= 0``, ``lambda, w >= 0``, ``sum w = 1``, and for
    each LMI ``M_l(G, F) >= 0`` a rational ``Z_l`` with ``sym(Z_l) = L_l D_l L_l^T``, ``D_l >= 0``
    (``duals``, ``dual_factors``; empty without LMIs).
    """

    pep: ExactPEP = field(repr=False)
    tau: Fraction
    multipliers: tuple
    weights: tuple
    L: tuple = field(repr=False)
    D: tuple = field(repr=False)
    duals: tuple = field(default=(), repr=False)
    dual_factors: tuple = field(default=(), repr=False)

    def __repr__(self) -> str:
        used = sum(1 for v in self.multipliers if v)
        return f"BridgeCertificate(tau={float(self.tau):.10g}, {used} of {len(self.multipliers)} multipliers)"

    def check(self) -> bool:
        """Re-verify the identity and the factorisation in exact rationals (no solver, no floats)."""
        P = self.pep.problem()
        lam, w = list(self.multipliers), list(self.weights)
        if len(lam) != len(P.constraints) or len(w) != len(P.measures):
            return False
        if any(not isinstance(x, Fraction) or x < 0 for x in lam + w):
            return False
        lmis = self.pep.lmis
        if not _lmi.well_formed(lmis, self.duals) or len(self.dual_factors) != len(lmis):
            return False
        c, f, A = _lmi.identity_parts(P.ng, P.nf, lmis, self.duals)
        if any(r - fj for r, fj in zip(_linear_residual(P, lam, w), f + [Fraction(0)])):
            return False
        if sum((l * con.b for l, con in zip(lam, P.constraints)), Fraction(0)) + c + self.pep.offset != self.tau:
            return False
        S = _residual_gram(P, lam, w)
        if lmis:
            S = [[s - a for s, a in zip(rs, ra)] for rs, ra in zip(S, A)]
        if not _ldl_reproduces(S, [list(r) for r in self.L], list(self.D)):
            return False
        return all(_ldl_reproduces(_lmi.sym(Z), [list(r) for r in ZL], list(ZD))
                   for Z, (ZL, ZD) in zip(self.duals, self.dual_factors))

    def matches(self, problem: Any) -> bool:
        """Whether a PEPit problem reads into exactly the data this certificate bounds."""
        return from_pepit(problem) == self.pep

    def to_dict(self) -> dict:
        """JSON-ready: the bound and the non-zero multipliers as exact fraction strings."""
        labels = [c[0] for c in self.pep.constraints]
        return {"tau": str(self.tau), "multipliers": [[lab, str(v)] for lab, v in zip(labels, self.multipliers) if v],
                "weights": [str(v) for v in self.weights], "pivots": [str(d) for d in self.D],
                "lmi_duals": [[[str(x) for x in r] for r in Z] for Z in self.duals]}


@dataclass(frozen=True)
class BridgeResult:
    """The worst case of a PEPit problem, certified exactly by symopt.

    Attributes:
        status: ``"proved"`` (an exact certificate that checks) or ``"unknown"`` (``reason``).
        tau: the proved bound (a Fraction) or None.
        numeric: the solver's worst case (float; NaN when the solver did not finish).
        certificate: the :class:`BridgeCertificate` or None.
        seconds: wall time of the extraction, the solve and the rounding.
    """

    STATUS_KIND: ClassVar[str] = "verdict"  # symopt.results: its status vocabulary

    status: str
    tau: Fraction | None
    numeric: float
    certificate: BridgeCertificate | None = field(repr=False)
    reason: str = ""
    seconds: float = 0.0

    def __bool__(self) -> bool:
        raise TypeError("a BridgeResult has no truth value: use .status or .check()")

    def check(self) -> bool:
        """Re-verify the certificate exactly; False when there is none."""
        return self.certificate is not None and self.certificate.check()

    def to_dict(self) -> dict:
        return {"status": self.status, "tau": None if self.tau is None else str(self.tau),
                "tau_float": None if self.tau is None else float(self.tau), "numeric": self.numeric,
                "reason": self.reason, "certificate": None if self.certificate is None else self.certificate.to_dict()}

    def _repr_latex_(self) -> str:
        return summary_latex(self)


def _forms(pep: ExactPEP):
    """Every quadratic form of the problem as a dense float matrix (constraints, then measures)."""
    import numpy as np

    mats = []
    for Gd in [c[2] for c in pep.constraints] + [m[1] for m in pep.measures]:
        M = np.zeros((pep.ng, pep.ng))
        for (i, j), v in Gd.items():
            M[i, j] += float(v) / 2
            M[j, i] += float(v) / 2
        mats.append(M)
    return mats


def _applies_zero(Gd: dict, v: Sequence[Fraction]) -> bool:
    """``A v == 0`` exactly for the form ``sum_{i<=j} G[i,j] <x_i, x_j>``."""
    out: dict = {}
    for (i, j), c in Gd.items():
        if i == j:
            out[i] = out.get(i, 0) + c * v[i]
        else:
            out[i] = out.get(i, 0) + c * v[j] / 2
            out[j] = out.get(j, 0) + c * v[i] / 2
    return not any(out.values())


def _kernel_echelon(pep: ExactPEP) -> tuple[Any, list[int]]:
    r"""The numerical common kernel of all forms: rows of a basis in echelon form, and their pivots.

    The kernel of :math:`\sum_c A_c^2` (each form scaled by the largest coefficient of all) is the
    common kernel of the forms; its eigenvectors with eigenvalue at most ``1e-12`` of the largest are
    reduced by :func:`._exact._echelon`.  Floats: callers verify each direction exactly."""
    import numpy as np

    forms = _forms(pep)
    scale = max(float(np.max(np.abs(A))) for A in forms) or 1.0
    gram = sum((A / scale) @ (A / scale) for A in forms)
    ev, V = np.linalg.eigh(gram)
    k = int(np.sum(ev <= 1e-12 * max(float(ev[-1]), 1e-300)))
    B = V[:, :k].T.copy()
    return B, _echelon(B)


def _common_kernel(pep: ExactPEP) -> list[int]:
    r"""Gram coordinates that can be dropped: pivots of an exact basis of the common kernel of all forms.

    PEPit keeps :math:`x_\star` as a point of its own, so every form sees only differences such as
    :math:`x_0 - x_\star`: the kernel direction (1, 1, 0, ...) makes the SDP's optimal set unbounded
    and the interior-point solver loses accuracy.  With ``K`` a kernel basis in echelon form (identity
    on its pivot rows), ``B = [T K]`` (``T`` the other unit vectors) is invertible and
    ``B^T A B = diag(T^T A T, 0)`` for every form ``A``: the problem without the pivot coordinates is
    the same problem (the found basis is verified exactly; a certificate of the reduced problem gives
    ``S = B^{-T} diag(S', 0) B^{-1} >= 0`` on the original one, factored exactly there)."""

    if pep.ng == 0:
        return []
    B, pivots = _kernel_echelon(pep)
    k = len(pivots)
    if k <= 0:
        return []
    forms = [c[2] for c in pep.constraints] + [m[1] for m in pep.measures]
    keep = []
    for r in range(k):
        v = [Fraction(float(x)).limit_denominator(1000) if abs(x) > 1e-9 else Fraction(0) for x in B[r]]
        if v[pivots[r]] == 1 and all(v[p] == 0 for p in pivots if p != pivots[r]) and all(_applies_zero(G, v) for G in forms):
            keep.append(pivots[r])
    return keep


#: How flat (relative to a form's largest coefficient) every form must be on a direction for
#: :func:`_snap_kernel` to make it exactly flat: 64 units in the last place of 1.
SNAP_REL = 64 * 2.0 ** -52


def _sym(Gd: dict, n: int) -> list[list[Fraction]]:
    """The symmetric matrix of the form ``sum_{i<=j} G[i,j] <x_i, x_j>``."""
    A = [[Fraction(0)] * n for _ in range(n)]
    for (i, j), c in Gd.items():
        if i == j:
            A[i][i] += c
        else:
            A[i][j] += c / 2
            A[j][i] += c / 2
    return A


def _snap_kernel(pep: ExactPEP) -> ExactPEP:
    r"""Make the directions on which every form is flat up to rounding exactly flat.

    PEPit computes its iterates' coefficients in floats: in triple momentum the last iterate's
    coefficient on :math:`x_0` is :math:`1 + 2^{-52}`, so the translation of every point
    (:math:`x_0` and :math:`x_\star` together) is no longer exactly flat for the forms read from
    those floats (:math:`\|A_c v\| \approx 10^{-16}`).  The rational problem then has a worst case
    that escapes along that direction (``G`` growing like ``t v v^T``), and no dual point whose
    residual is PSD lies near the solver's: the exact rounding fails however small its error.

    Each candidate ``v`` of the numerical common kernel (echelon form, pivot ``v_p = 1``, small
    rationals) on which every form satisfies ``max |A v| <= SNAP_REL max |A|`` exactly is made exact
    by the congruence ``A -> M^T A M``, ``M = I - sum_r v_r e_{p_r}^T`` (then ``A v_r = 0``); every
    coefficient moves by at most a few times ``SNAP_REL max |A|`` (checked, else nothing is
    changed), i.e. within 64 ulps of its form's scale, like the reading of each coefficient.  The
    linear parts and right-hand sides are unchanged.  The certified problem is the snapped one."""

    if pep.ng == 0:
        return pep
    B, pivots = _kernel_echelon(pep)
    k = len(pivots)
    if k <= 0:
        return pep
    n = pep.ng
    vs = []
    for r in range(k):
        v = [Fraction(float(x)).limit_denominator(1000) if abs(x) > 1e-9 else Fraction(0) for x in B[r]]
        if v[pivots[r]] == 1 and all(v[p] == 0 for p in pivots if p != pivots[r]):
            vs.append((pivots[r], v))
    if not vs:
        return pep
    gds = [c[2] for c in pep.constraints] + [m[1] for m in pep.measures]
    new_gds = []
    tol = Fraction(SNAP_REL)
    for Gd in gds:
        if not Gd:
            new_gds.append(Gd)
            continue
        A = _sym(Gd, n)
        big = max(abs(c) for c in Gd.values())
        AV = [[sum((A[i][j] * v[j] for j in range(n) if v[j]), Fraction(0)) for _, v in vs] for i in range(n)]
        if all(x == 0 for row in AV for x in row):
            new_gds.append(Gd)
            continue
        if any(abs(x) > tol * big for row in AV for x in row):
            return pep  # not flat up to rounding: a real direction, nothing is changed
        # M^T A M = A - AV E^T - E (AV)^T + E (V^T A V) E^T
        VAV = [[sum((vs[r][1][i] * AV[i][q] for i in range(n) if vs[r][1][i]), Fraction(0)) for q in range(len(vs))]
               for r in range(len(vs))]
        for r, (p, _) in enumerate(vs):
            for i in range(n):
                A[i][p] -= AV[i][r]
                A[p][i] -= AV[i][r]
            for q, (pq, _) in enumerate(vs):
                A[p][pq] += VAV[r][q]
        out = {}
        for i in range(n):
            for j in range(i, n):
                c = A[i][i] if i == j else A[i][j] + A[j][i]
                if c:
                    out[(i, j)] = c
        if any(abs(out.get(key, 0) - Gd.get(key, 0)) > 4 * tol * big for key in set(out) | set(Gd)):
            return pep
        new_gds.append(out)
    m = len(pep.constraints)
    cons = tuple((lab, a, G, b) for (lab, a, _, b), G in zip(pep.constraints, new_gds[:m]))
    meas = tuple((a, G) for (a, _), G in zip(pep.measures, new_gds[m:]))
    return ExactPEP(pep.ng, pep.nf, cons, meas, pep.offset)


def _drop(pep: ExactPEP, drop: Sequence[int]) -> ExactPEP:
    """The problem without the Gram coordinates ``drop`` (``T^T A T``: their rows and columns deleted)."""
    kept = [i for i in range(pep.ng) if i not in set(drop)]
    new = {old: k for k, old in enumerate(kept)}

    def sub(Gd):
        return {(new[i], new[j]): v for (i, j), v in Gd.items() if i in new and j in new}

    cons = tuple((lab, a, sub(G), b) for lab, a, G, b in pep.constraints)
    meas = tuple((a, sub(G)) for a, G in pep.measures)
    return ExactPEP(len(kept), pep.nf, cons, meas, pep.offset)


def certify_exact(pep: ExactPEP) -> BridgeResult:
    """Solve an :class:`ExactPEP` and round its dual to an exact certificate (or say why not).

    The common kernel of the forms (e.g. a translation of every point) is removed first
    (:func:`_common_kernel`); the multipliers found on the reduced problem are verified, and the
    residual factored exactly, on the original one.  A problem with LMIs is certified on its lift
    (:func:`_certify_lmi`)."""
    if pep.lmis:
        return _certify_lmi(pep)
    start = time.perf_counter()
    drop = _common_kernel(pep)
    small = _drop(pep, drop) if drop else pep
    num, ex, reason = _certify_problem(small.problem())
    numeric = math.nan if num is None else num.tau + float(pep.offset)
    if ex is None:
        return BridgeResult("unknown", None, numeric, None, reason, time.perf_counter() - start)
    lam, w, tau, (Lf, Df) = ex
    if drop:
        fac = _ldl(_residual_gram(pep.problem(), lam, w))
        if fac is None:  # cannot happen when the kernel was verified; kept as a guard
            return BridgeResult("unknown", None, numeric, None, "the reduced certificate does not factor on the original problem",
                                time.perf_counter() - start)
        Lf, Df = fac
    cert = BridgeCertificate(pep, tau + pep.offset, tuple(lam), tuple(w), tuple(tuple(r) for r in Lf), tuple(Df))
    return BridgeResult("proved", cert.tau, numeric, cert, "", time.perf_counter() - start)


def _lifted_certificate(pep: ExactPEP, keep: Sequence[int]) -> tuple[BridgeResult, BridgeCertificate | None]:
    """Certify the lift of the LMIs ``keep`` (the others relaxed away), then restate the certificate on
    ``pep``: the original multipliers, ``Z_l`` from the lifted equalities' multipliers (0 for an LMI not
    kept), ``S`` and every ``sym(Z_l)`` factored exactly, the whole re-checked (None if it does not)."""
    sub = ExactPEP(pep.ng, pep.nf, pep.constraints, pep.measures, pep.offset, tuple(pep.lmis[i] for i in keep))
    big, pairs = sub.lifted()
    blocks, start = [], pep.ng
    for (_, rows), prs in zip(sub.lmis, pairs):
        n = len(_lmi.kept_indices(rows))
        blocks.append((start, n, prs))
        start += n
    res, lam_big, w = _certify_without_zero_rows(big, len(pep.constraints), pep.ng, blocks)
    if lam_big is None:
        return res, None
    m = len(pep.constraints)
    lam = list(lam_big[:m])
    kept = dict(zip(keep, _lmi.duals(sub.lmis, pairs, lam_big[m:])))
    Zs = tuple(kept.get(i, _lmi.zero(len(rows))) for i, (_, rows) in enumerate(pep.lmis))
    cert = _restate(pep, lam, w, Zs)
    return res, (cert if cert is not None and cert.tau == res.tau else None)  # equal: the restatement is an identity


def _restate(pep: ExactPEP, lam: Sequence[Fraction], w: Sequence[Fraction], Zs: tuple) -> BridgeCertificate | None:
    """The certificate of ``pep`` with these multipliers and LMI duals: ``S`` and every ``sym(Z_l)``
    factored exactly, the bound from the identity's constant, the whole re-checked; None if it fails."""
    P = pep.problem()
    c, _, A = _lmi.identity_parts(P.ng, P.nf, pep.lmis, Zs)
    S = [[s - a for s, a in zip(rs, ra)] for rs, ra in zip(_residual_gram(P, lam, w), A)]
    facs = [_ldl(S)] + [_ldl(_lmi.sym(Z)) for Z in Zs]
    if any(fac is None for fac in facs):
        return None
    tau = sum((l * con.b for l, con in zip(lam, P.constraints)), Fraction(0)) + c + pep.offset
    cert = BridgeCertificate(pep, tau, tuple(lam), tuple(w), tuple(tuple(r) for r in facs[0][0]), tuple(facs[0][1]),
                             Zs, tuple((tuple(tuple(r) for r in ZL), tuple(ZD)) for ZL, ZD in facs[1:]))
    return cert if cert.check() else None


#: Past this size (bytes of the dense pipeline's constraint matrices) the LMIs are not lifted: the
#: unlifted SDP (one cone per LMI) is solved and rounded directly (:func:`symopt.pep.lmi.sparse_certificate`).
LIFT_BYTES = 4 * 10**8


def _certify_unlifted(pep: ExactPEP, start: float) -> BridgeResult:
    """The certificate from the unlifted SDP (many LMIs), bound within ``2 MAX_INFLATION`` of its phase 1."""
    found, reason = _lmi.sparse_certificate(pep.ng, pep.nf, pep.constraints, pep.measures, pep.lmis)
    size = _lmi.lift_bytes(pep.ng, len(pep.constraints), pep.lmis) / 1e9
    reason = reason and f"{_lmi.shapes(pep.lmis)} not lifted (the dense lift would take {size:.1f} GB): {reason}"
    numeric = math.nan if found is None else found[3] + float(pep.offset)
    cert = None if found is None else _restate(pep, found[0], found[1], found[2])
    if found is not None and cert is None:
        reason = "rounding the unlifted LMI problem's dual did not give PSD matrices"
    if cert is not None and cert.tau > Fraction(numeric) + 2 * MAX_INFLATION * abs(Fraction(numeric)) + Fraction(1, 10**14):
        cert, reason = None, f"the exact bound {float(cert.tau):.10g} is not within 2e-6 of the worst case {numeric:.10g}"
    if cert is None:
        return BridgeResult("unknown", None, numeric, None, reason, time.perf_counter() - start)
    return BridgeResult("proved", cert.tau, numeric, cert, "", time.perf_counter() - start)


def _certify_without_zero_rows(big: ExactPEP, m: int, ng: int,
                               blocks: Sequence[tuple]) -> tuple[BridgeResult, list | None, list | None]:
    """``certify_exact`` on the lift ``big`` (``m`` original constraints, ``ng`` original Gram coordinates, the
    LMIs' coordinates ``blocks``) without the Gram coordinates a constraint ``c G_kk <= 0`` forces to zero
    (:func:`symopt.pep.lmi.zero_diagonals`; the constraints left empty by it removed), or the rounding
    with the null directions of :func:`symopt.pep.lmi.joint_nulls`
    imposed (tried first: when the lift has such symmetries, the plain rounding cannot succeed and
    its fallbacks are slow).  Then the multipliers on the whole lift: those found, and on each ``c G_kk <= 0`` the amount
    that makes the residual PSD (:func:`symopt.pep.lmi.fill_diagonal`).  ``(result, multipliers,
    weights)``, the last two None when there is no certificate."""
    K = [k for k in _lmi.zero_diagonals(big.constraints) if k < ng]
    Ks = set(K)
    keep = [i for i, (_, a, G, b) in enumerate(big.constraints) if a or b or any(i not in Ks and j not in Ks for i, j in G)]
    red = ExactPEP(big.ng, big.nf, tuple(big.constraints[i] for i in keep), big.measures, big.offset)
    red = _drop(red, K) if K else red
    found = _with_joint_nulls(red, sum(1 for i in keep if i < m), ng - len(K), [(s - len(K), n, prs) for s, n, prs in blocks])
    if found is not None:
        (lam_red, w, tau, _), tau1 = found
        res = BridgeResult("proved", tau + big.offset, tau1 + float(big.offset), None, "")
    else:
        res = certify_exact(red)
        if res.certificate is None:
            return res, None, None
        lam_red, w = list(res.certificate.multipliers), list(res.certificate.weights)
    lam = [Fraction(0)] * len(big.constraints)
    for i, l in zip(keep, lam_red):
        lam[i] = l
    fill = _lmi.fill_diagonal(_residual_gram(big.problem(), lam, w), K) if K else []
    if fill is None:
        return BridgeResult("unknown", None, res.numeric, None, "the certificate without the zero Gram coordinates "
                            "does not extend to them"), None, None
    for k, d in zip(K, fill):
        i = next(i for i, (_, a, G, b) in enumerate(big.constraints) if not a and not b and list(G) == [(k, k)] and G[(k, k)] > 0)
        lam[i] += d / big.constraints[i][2][(k, k)]
    return res, lam, w


def _with_joint_nulls(red: ExactPEP, m0: int, ng0: int, blocks: Sequence[tuple]):
    """The exact rounding (:func:`symopt.pep.certify._attempt`) of the lift ``red``, from a fully solved
    phase 1, with the null directions of :func:`symopt.pep.lmi.joint_nulls` imposed:
    ``((lam, w, tau, factors), tau1)`` or None (no such direction, or no certificate with them)."""
    drop = _common_kernel(red)
    if any(k >= ng0 for k in drop):
        return None
    P = (_drop(red, drop) if drop else red).problem()
    acc = _solve_accurate(P)
    if acc.num is None or acc.almost:
        return None
    nulls = _lmi.joint_nulls(P, m0, ng0 - len(drop), [(s - len(drop), n, prs) for s, n, prs in blocks], acc.num.tau)
    found = _attempt(P, acc.num.tau, (2e-8, 9e-7), acc.scale, nulls, wsum=acc.wsum) if nulls else None
    return None if found is None else (found, acc.num.tau)


def _certify_reduced_rows(pep: ExactPEP, start: float) -> BridgeResult | None:
    """When an LMI has an identically zero diagonal entry with a non-zero row: the problem with those rows
    removed and their entries as scalar equalities (:func:`symopt.pep.lmi.reduce_rows`), certified, and
    its certificate carried back (:func:`symopt.pep.lmi.expand_duals`) and re-checked; None otherwise."""
    extra, lmis, back = _lmi.reduce_rows(len(pep.constraints), pep.lmis)
    if not back:
        return None
    m = len(pep.constraints)
    res = _certify_lmi(ExactPEP(pep.ng, pep.nf, pep.constraints + tuple(extra), pep.measures, pep.offset, lmis))
    if res.certificate is None:
        return res
    c = res.certificate
    Zs = _lmi.expand_duals(pep.lmis, c.duals, back, c.multipliers[m:])
    cert = None if Zs is None else _restate(pep, c.multipliers[:m], c.weights, Zs)
    if cert is None or cert.tau != res.tau:
        return BridgeResult("unknown", None, res.numeric, None, "the certificate without the LMIs' zero-diagonal rows "
                            "does not extend to them", time.perf_counter() - start)
    return BridgeResult("proved", cert.tau, res.numeric, cert, "", time.perf_counter() - start)


def _certify_lmi(pep: ExactPEP) -> BridgeResult:
    """A problem with LMIs: its lift certified and restated (:func:`_lifted_certificate`).  When that
    fails, the LMIs whose dual block vanishes on the lift's near-optimal dual points
    (:func:`symopt.pep.lmi.idle`: inactive at every worst case, their ``Z_l = 0``; left in, they leave
    the residual no margin) are relaxed away, and the certificate of the rest is kept when its bound
    is within ``2 MAX_INFLATION`` (relative) of the whole problem's numeric worst case."""
    start = time.perf_counter()
    reduced = _certify_reduced_rows(pep, start)
    if reduced is not None:
        return reduced
    if _lmi.lift_bytes(pep.ng, len(pep.constraints), pep.lmis) > LIFT_BYTES:
        return _certify_unlifted(pep, start)
    res, cert = _lifted_certificate(pep, range(len(pep.lmis)))
    if cert is None and math.isfinite(res.numeric):
        big, _ = pep.lifted()
        drop = _common_kernel(big)
        idle = _lmi.idle((_drop(big, drop) if drop else big).problem(), len(pep.constraints), pep.lmis)
        if idle:
            res2, cert2 = _lifted_certificate(pep, [i for i in range(len(pep.lmis)) if i not in idle])
            limit = Fraction(res.numeric) + 2 * MAX_INFLATION * abs(Fraction(res.numeric)) + Fraction(1, 10**14)
            if cert2 is not None and cert2.tau <= limit:
                res, cert = res2, cert2
            elif cert2 is not None:
                res = BridgeResult("unknown", None, res.numeric, None, f"without its {len(idle)} inactive LMIs the bound "
                                   f"{float(cert2.tau):.10g} is above the worst case {res.numeric:.10g}")
    if cert is None:
        reason = res.reason or "the lifted certificate does not restate on the LMI problem"
        return BridgeResult("unknown", None, res.numeric, None, reason, time.perf_counter() - start)
    return BridgeResult("proved", cert.tau, res.numeric, cert, "", time.perf_counter() - start)


def certify_pepit(problem: Any) -> BridgeResult:
    """The exact worst case of a PEPit ``PEP`` object, with a certificate symopt re-checks in rationals.

    Args:
        problem: a built ``PEPit.PEP`` (method, initial conditions and performance metrics set).

    Returns:
        BridgeResult: ``proved`` with ``tau`` when the certificate checks, else ``unknown`` with the reason
        (including what the bridge cannot express).
    """
    start = time.perf_counter()
    try:
        pep = from_pepit(problem)
    except UnsupportedError as exc:
        return BridgeResult("unknown", None, math.nan, None, f"not expressible: {exc}", time.perf_counter() - start)
    res = certify_exact(pep)
    return BridgeResult(res.status, res.tau, res.numeric, res.certificate, res.reason, time.perf_counter() - start)
