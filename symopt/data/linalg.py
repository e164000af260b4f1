r"""Certified extreme eigenvalues of weighted Gram matrices ``M = sum_t c_t X_t^T diag(s_t) X_t + b I``.

Two routes, both rigorous:

* **exact**: data that are small (``d <= 4``) are read as exact rationals (a
  float is the dyadic rational it stores); the eigenvalues are the real roots of
  the characteristic polynomial, as radicals or :class:`sympy.CRootOf`.
* **enclosure**: otherwise ``M`` is formed in floating point with a rigorous
  entrywise error radius (Higham, *Accuracy and Stability of Numerical
  Algorithms*, 2nd ed., Thm 3.5: ``|fl(x^T y) - x^T y| <= gamma_n |x|^T |y|``,
  ``gamma_n = n u / (1 - n u)``, valid for any summation order and with fused
  multiply-adds; ``|x|^T |y| <= ||x|| ||y||`` bounds it in ``O(n d)``), the
  eigenvalues of the (exactly representable) midpoint are
  enclosed with Arb balls (python-flint ``acb_mat.eig``: each ball holds an
  eigenvalue and together they hold all), and Weyl's inequality widens them by
  ``||E||_2 <= ||E||_F`` of the error matrix.  When Arb cannot isolate the
  eigenvalues, Gershgorin discs and Rayleigh quotients give a looser, still
  rigorous, enclosure (the method says which).

:func:`psd_gap` re-derives ``t I - M >= 0`` (or ``M - t I >= 0``) independently:
an LDL^T factorisation in exact rationals (small ``d``) or in Arb interval
arithmetic, every pivot proved positive.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np
import sympy as sp

__all__ = ["Gram", "Extremes", "gram", "extremes", "psd_gap", "arb_to_rational"]

_U = 2.0 ** -53


@dataclass(frozen=True)
class Gram:
    """A symmetric matrix known exactly or as midpoint plus entrywise radius.

    Attributes:
        exact: the exact matrix (SymPy, rational entries) or ``None``.
        mid: the float midpoint (``d x d``).
        rad: the entrywise error radius (``d x d``, 0 when exact).
    """

    exact: sp.Matrix | None
    mid: np.ndarray
    rad: np.ndarray

    @property
    def d(self) -> int:
        """The dimension."""
        return int(self.mid.shape[0])


@dataclass(frozen=True)
class Extremes:
    """Certified ``lambda_min`` and ``lambda_max``.

    Attributes:
        lo_min, hi_min: ``lo_min <= lambda_min <= hi_min`` (rationals).
        lo_max, hi_max: ``lo_max <= lambda_max <= hi_max``.
        exact_min, exact_max: the exact algebraic values when known.
        method: how they were found.
    """

    lo_min: sp.Rational
    hi_min: sp.Rational
    lo_max: sp.Rational
    hi_max: sp.Rational
    exact_min: sp.Expr | None
    exact_max: sp.Expr | None
    method: str


def _rat(v: float) -> sp.Rational:
    return sp.Rational(Fraction(float(v)))


def gram(parts: Sequence[tuple[np.ndarray, np.ndarray, sp.Expr]], d: int, shift: sp.Expr = 0,
         exact_up_to: int = 4) -> Gram:
    """``M = sum c X^T diag(s) X + shift I`` with a rigorous error radius (or exactly).

    Args:
        parts: ``(X, s, c)`` or ``(X, s, c, s_exact)``: a float data matrix ``(n, d)``, the per-row
            weights ``s`` (floats, within 2 ulp of the exact weights), the exact coefficient ``c``, and
            optionally the exact weights (rationals) for the exact route.
        d: the dimension.
        shift: the exact multiple of ``I`` added.
        exact_up_to: form the exact rational matrix when ``d`` is at most this
            and the data have at most 2,000 entries.
    """
    parts = [(p[0], p[1], p[2], p[3] if len(p) > 3 else None) for p in parts]
    parts = [(X, s, c, e) for X, s, c, e in parts if np.any(s != 0) and sp.sympify(c) != 0]
    small = (d <= exact_up_to and sum(X.size for X, _, _, _ in parts) <= 2000) or not parts
    if not parts:  # a multiple of the identity: exact in any dimension
        return Gram(sp.sympify(shift) * sp.eye(d), float(shift) * np.eye(d), np.zeros((d, d)))
    mid = np.zeros((d, d))
    rad = np.zeros((d, d))
    exact = sp.zeros(d, d) + sp.sympify(shift) * sp.eye(d) if small else None
    for X, s, c, s_exact in parts:
        cf = float(c)
        n = X.shape[0]
        Xs = X * s[:, None]
        mid += cf * (X.T @ Xs)
        # |X|^T diag(|s|) |X| <= a a^T entrywise (Cauchy-Schwarz), a_j = sqrt(sum_i |s_i| x_ij^2): O(n d), not O(n d^2)
        a = np.sqrt(np.einsum("ij,ij,i->j", X, X, np.abs(s))) * (1 + 1e-6)
        absd = np.outer(a, a)
        k = n + 6
        gamma = k * _U / (1 - k * _U)
        rad += abs(cf) * gamma * absd * 1.01 + abs(cf) * absd * _U
        if small:
            Xe = sp.Matrix(X.shape[0], X.shape[1], [_rat(v) for v in X.ravel()])
            D = sp.diag(*(s_exact if s_exact is not None else [_rat(v) for v in s]))
            exact += sp.sympify(c) * (Xe.T * D * Xe)
    mid = mid + float(shift) * np.eye(d)
    rad = rad + (abs(float(shift)) * _U * 2) * np.eye(d) + np.abs(mid) * 4 * _U
    if small:
        mid = np.array(exact.evalf(20).tolist(), dtype=float)
        rad = np.zeros((d, d))
    return Gram(exact, mid, rad)


def arb_to_rational(x: Any) -> tuple[sp.Rational, sp.Rational]:
    """The exact rational ends ``[lower, upper]`` of an Arb ball."""
    out = []
    for end in (x.lower(), x.upper()):
        m, e = end.man_exp()
        out.append(sp.Integer(int(m)) * sp.Integer(2) ** int(e))
    return out[0], out[1]


def _exact_extremes(M: sp.Matrix) -> Extremes:
    t = sp.Symbol("t")
    p = sp.Poly(M.charpoly(t).as_expr(), t)
    roots = p.real_roots()  # sorted ascending, exact (CRootOf or rationals)
    lo, hi = roots[0], roots[-1]
    nice = {}
    if p.degree() <= 4:
        try:
            rad_roots = [r for r in sp.roots(p, multiple=True) if r.is_real]
        except (NotImplementedError, TypeError):
            rad_roots = []
        for r in rad_roots:
            for target in (lo, hi):
                if abs(sp.N(r - target, 50)) < sp.Float(10) ** -40:
                    nice[target] = sp.radsimp(r)
    lo_e, hi_e = nice.get(lo, lo), nice.get(hi, hi)
    ends = []
    for v in (lo, hi):
        iv = sp.Rational(str(sp.N(v, 50)))
        ends.append((iv - sp.Rational(1, 10 ** 30), iv + sp.Rational(1, 10 ** 30)) if not v.is_Rational else (v, v))
    return Extremes(ends[0][0], ends[0][1], ends[1][0], ends[1][1], lo_e, hi_e,
                    "exact: real roots of the characteristic polynomial in exact rationals")


def _weyl_radius(rad: np.ndarray) -> Any:
    from flint import arb

    s = arb(0)
    for v in rad.ravel():
        if v:
            s += arb(float(v)) ** 2
    return s.sqrt()


def extremes(G: Gram) -> Extremes:
    """Certified enclosures of ``lambda_min(M)`` and ``lambda_max(M)``."""
    if G.exact is not None:
        return _exact_extremes(G.exact)
    from flint import acb_mat, arb, arb_mat

    d = G.d
    A = acb_mat(arb_mat([[float(v) for v in row] for row in G.mid]))
    widen = _weyl_radius(G.rad)
    method = "Arb eigenvalue enclosures of the float midpoint (python-flint acb_mat.eig), Weyl-widened by ||E||_F"
    try:
        eig = A.eig()
    except (ValueError, ArithmeticError):
        try:
            eig = A.eig(multiple=True)
        except (ValueError, ArithmeticError):
            eig = None
    if eig is not None:
        reals = [e.real for e in eig]
        lo_min = min((r.lower() for r in reals), key=lambda v: float(v.mid())) - widen
        hi_min = min((r.upper() for r in reals), key=lambda v: float(v.mid())) + widen
        lo_max = max((r.lower() for r in reals), key=lambda v: float(v.mid())) - widen
        hi_max = max((r.upper() for r in reals), key=lambda v: float(v.mid())) + widen
    else:
        method = "Gershgorin discs (upper/lower ends) and Rayleigh quotients of float eigenvectors, in Arb"
        Ab = arb_mat([[arb(float(v)) for v in row] for row in G.mid])
        radii = [sum(abs(Ab[i, j]) for j in range(d) if j != i) for i in range(d)]
        hi_max = max((Ab[i, i] + radii[i] for i in range(d)), key=lambda v: float(v.mid())) + widen
        lo_min = min((Ab[i, i] - radii[i] for i in range(d)), key=lambda v: float(v.mid())) - widen
        w, V = np.linalg.eigh(G.mid)
        rq = []
        for col in (V[:, 0], V[:, -1]):
            v = arb_mat([[float(c)] for c in col])
            rq.append((v.transpose() * Ab * v)[0, 0] / (v.transpose() * v)[0, 0])
        hi_min, lo_max = rq[0] + widen, rq[1] - widen
    lo_min_r, _ = arb_to_rational(lo_min)
    _, hi_min_r = arb_to_rational(hi_min)
    lo_max_r, _ = arb_to_rational(lo_max)
    _, hi_max_r = arb_to_rational(hi_max)
    return Extremes(lo_min_r, hi_min_r, lo_max_r, hi_max_r, None, None, method)


def psd_gap(G: Gram, t: sp.Expr, side: str) -> bool:
    """Prove ``t I - M >= 0`` (``side="upper"``) or ``M - t I >= 0`` (``side="lower"``) for every ``M`` in ``G``.

    An independent route: LDL^T with every pivot proved positive, in exact
    rationals for an exact matrix (``t`` must then be rational or algebraic:
    for an algebraic ``t`` the determinant vanishes and the check compares the
    characteristic polynomial's largest/smallest real root instead), and in
    Arb interval arithmetic (with the error radius folded into the entries) otherwise.
    Returns ``False`` when the proof fails (not a disproof).
    """
    sign = 1 if side == "upper" else -1
    if G.exact is not None:
        M = G.exact
        if not sp.sympify(t).is_Rational:
            x = sp.Symbol("x")
            roots = sp.Poly(M.charpoly(x).as_expr(), x).real_roots()
            r = roots[-1] if side == "upper" else roots[0]
            return bool(sp.simplify(r - t) == 0) or abs(sp.N(r - t, 60)) < sp.Float(10) ** -50 and \
                sp.simplify(M.charpoly(x).as_expr().subs(x, t)) == 0
        A = sign * (t * sp.eye(M.rows) - M)
        return _ldl_nonneg_exact(A)
    from flint import arb, arb_mat

    d = G.d
    tr = Fraction(t.p, t.q) if isinstance(t, sp.Rational) else None
    if tr is None:
        return False
    ta = arb(tr.numerator) / tr.denominator
    A = [[None] * d for _ in range(d)]
    for i in range(d):
        for j in range(d):
            m = arb(float(G.mid[i, j]), float(G.rad[i, j]))
            v = (ta - m) if i == j else -m
            A[i][j] = v if sign == 1 else -v
    return _ldl_positive_arb(A)


def _ldl_nonneg_exact(A: sp.Matrix) -> bool:
    """Positive semidefinite by exact symmetric elimination (a zero pivot needs a zero row)."""
    A = sp.Matrix(A)
    n = A.rows
    for k in range(n):
        p = A[k, k]
        if p < 0:
            return False
        if p == 0:
            if any(A[k, j] != 0 for j in range(k + 1, n)):
                return False
            continue
        for i in range(k + 1, n):
            f = A[i, k] / p
            for j in range(k + 1, n):
                A[i, j] -= f * A[k, j]
    return True


def _ldl_positive_arb(A: list) -> bool:
    """Every pivot of the interval LDL^T is positive: the matrix is positive definite."""
    n = len(A)
    for k in range(n):
        p = A[k][k]
        if not p > 0:
            return False
        inv = 1 / p
        row = A[k]
        for i in range(k + 1, n):
            f = A[i][k] * inv
            Ai = A[i]
            for j in range(k + 1, n):
                Ai[j] = Ai[j] - f * row[j]
    return True
