r"""Gradient descent on quadratics, derived from the matrix's exact eigenvalues.

Gradient descent on ``f = 1/2 x^T A x + b^T x`` (A symmetric) moves the error
``e = x - x*`` by ``e <- (I - eta A) e``: along the eigenvector of eigenvalue
``lambda_i`` it is multiplied by ``1 - eta lambda_i``.  Hence (derived by
:func:`gd_quadratic` from ``A``'s exact eigenvalues):

* contraction ``|1 - eta lambda_i|`` per direction, rate ``max_i |1 - eta lambda_i|``;
* the stable range ``0 < eta < 2/lambda_max`` (needs ``lambda_min > 0``);
* the optimal step ``2/(lambda_min + lambda_max)`` and rate ``(kappa-1)/(kappa+1)``.

    >>> r = gd_quadratic([[2, 0], [0, 4]])
    >>> r.eigenvalues, r.optimal_eta, r.optimal_rate, r.condition_number
    ((2, 4), 1/3, 1/3, 2)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..limits import run_with_budget
from ..config import config
from ..errors import BudgetExceeded, DimensionError, DomainError, UndecidedError
from ..exact.schur import region
from ..core.objective import Objective
from ..core.parse import as_expression
from ._assume import order_sign, sign_under
from ._common import ETA, _budgeted_simplify, _order, _symopt_errors_only

__all__ = ["GDQuadraticRate", "gd_quadratic", "quadratic_matrix"]


@dataclass(frozen=True)
class GDQuadraticRate:
    """Gradient descent on ``1/2 x^T A x + b^T x``, derived from ``A``'s eigenvalues.

    Attributes:
        A: the (symmetric) matrix.
        eigenvalues: exact eigenvalues with multiplicity, ascending when they
            can be ordered.
        contractions: ``|1 - eta lambda_i|`` per eigendirection (``eta`` symbolic).
        stable_condition: ``0 < eta lambda_i < 2`` for all i (SymPy Boolean in eta).
        stable_range: the exact set of eta with every contraction < 1 (an
            ``Interval``, empty when some eigenvalue is <= 0), or ``None`` when
            the eigenvalues are symbolic and cannot be ordered.
        lambda_min, lambda_max: extreme eigenvalues (``None`` if not orderable).
        optimal_eta: ``2/(lambda_min + lambda_max)`` (``None`` unless positive definite).
        optimal_rate: ``max_i |1 - eta* lambda_i| = (kappa - 1)/(kappa + 1)``.
        condition_number: ``lambda_max / lambda_min`` (``None`` unless positive definite).
        note: what holds and why.
    """
    A: sp.Matrix
    eigenvalues: tuple
    contractions: tuple
    stable_condition: sp.Basic
    stable_range: sp.Set | None
    lambda_min: sp.Expr | None
    lambda_max: sp.Expr | None
    optimal_eta: sp.Expr | None
    optimal_rate: sp.Expr | None
    condition_number: sp.Expr | None
    note: str = ""

    def rate(self, eta: Any) -> sp.Expr:
        """``max_i |1 - eta lambda_i|``: ``||x_k - x*|| <= rate^k ||x_0 - x*||``.

        >>> gd_quadratic([[2, 0], [0, 4]]).rate("0.1")
        4/5
        """
        e = as_expression(eta)
        vals = [c.xreplace({ETA: e}) for c in self.contractions]
        return sp.Max(*vals)

    def iterations(self, eta: Any, tolerance: float) -> int | None:
        """Steps after which ``||x_k - x*|| <= tolerance ||x_0 - x*||`` is guaranteed
        (``None`` when the rate is not below 1).

        >>> gd_quadratic([[2, 0], [0, 4]]).iterations("1/3", 1e-6)
        13
        """
        rho = float(self.rate(eta))
        if not 0 <= rho < 1:
            return None
        if rho == 0:
            return 1
        return max(0, math.ceil(math.log(tolerance) / math.log(rho)))

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        s = lambda v: None if v is None else str(v)  # noqa: E731
        return {
            "matrix": [[str(e) for e in self.A.row(i)] for i in range(self.A.rows)],
            "eigenvalues": [str(e) for e in self.eigenvalues],
            "contractions": [str(c) for c in self.contractions],
            "stable_condition": str(self.stable_condition),
            "stable_range": s(self.stable_range),
            "lambda_min": s(self.lambda_min),
            "lambda_max": s(self.lambda_max),
            "optimal_eta": s(self.optimal_eta),
            "optimal_rate": s(self.optimal_rate),
            "condition_number": s(self.condition_number),
            "note": self.note,
        }


def quadratic_matrix(objective: Any, variables: Any = None) -> tuple[sp.Matrix, sp.Matrix]:
    """``(A, b)`` with ``f = 1/2 x^T A x + b^T x + c`` for a quadratic objective.

    >>> quadratic_matrix("x1**2 + 2*x2**2 - x1")
    (Matrix([
    [2, 0],
    [0, 4]]), Matrix([
    [-1],
    [ 0]]))
    """
    # the user's plain symbols: the analyses need SymPy to know the variables are real
    obj = (objective if isinstance(objective, Objective) else Objective(objective, variables=variables)).with_real_symbols()
    xs = obj.variables
    poly_ok = obj.expr.is_polynomial(*xs)
    if not poly_ok or sp.Poly(obj.expr, *xs).total_degree() > 2:
        raise DomainError("not a quadratic in the variables (degree <= 2 polynomial expected)")
    H = obj.hessian
    zero = {x: 0 for x in xs}
    b = obj.gradient.xreplace(zero)
    return H, b


def _as_matrix(A: Any) -> sp.Matrix:
    if isinstance(A, str):
        return quadratic_matrix(A)[0]
    if isinstance(A, Objective):
        return quadratic_matrix(A)[0]
    if hasattr(A, "tolist") and not isinstance(A, sp.MatrixBase):
        A = A.tolist()
    if isinstance(A, sp.MatrixBase):
        M = sp.Matrix(A)
    else:
        try:
            rows = [list(r) for r in A]
        except TypeError:
            rows = [[A]]
        M = sp.Matrix([[as_expression(v) for v in row] for row in rows])
    if M.rows != M.cols:
        raise DimensionError(f"A must be square, got {M.rows}x{M.cols}")
    diff = (M - M.T).applyfunc(sp.expand)
    if diff != sp.zeros(M.rows, M.cols):
        try:
            diff = run_with_budget(lambda: diff.applyfunc(sp.simplify), step="simplify")
        except BudgetExceeded:
            raise UndecidedError("could not decide within budget whether A is symmetric") from None
        if diff != sp.zeros(M.rows, M.cols):
            raise DimensionError("A must be symmetric (f = 1/2 x^T A x only sees (A + A^T)/2: pass that)")
    return M


def _eigenvalues_symmetric(A: sp.Matrix) -> list[sp.Expr]:
    cp = run_with_budget(A.charpoly, step="eigen")
    lam = cp.gen
    poly = sp.Poly(cp.as_expr(), lam)
    if not poly.free_symbols - {lam}:
        roots = run_with_budget(lambda: poly.real_roots(radicals=True), step="eigen")
        if len(roots) != A.rows:
            raise DomainError("A has non-real eigenvalues: it is not symmetric")
        return [sp.nsimplify(r) if r.is_Rational else r for r in roots]
    rts = run_with_budget(sp.roots, poly, step="eigen")
    if sum(rts.values()) != A.rows:
        raise UndecidedError("could not find A's eigenvalues in closed form")
    if any(sp.count_ops(r) > 200 for r in rts):
        raise UndecidedError("A's eigenvalues have no usable closed form (general cubic/quartic formulas)")
    out: list[sp.Expr] = []
    for r, k in rts.items():
        out.extend([_budgeted_simplify(r)] * k)
    return out


@_symopt_errors_only
def gd_quadratic(A: Any, assume: Any = None) -> GDQuadraticRate:
    """Derive gradient descent's rates on ``f = 1/2 x^T A x + b^T x``.

    Args:
        A: the symmetric matrix (SymPy, nested lists, NumPy, or a quadratic
            objective as text / :class:`~symopt.Objective`, whose Hessian is used).
            Entries may be symbolic.
        assume: relations between the symbols, e.g. ``"0 < mu <= L"`` (text, SymPy
            relations or a list): the eigenvalues are ordered and signed under them
            (every value they allow), so ``diag(mu, L)`` gives ``2/(mu + L)``.

    Returns:
        :class:`GDQuadraticRate`.  With ``lambda_min > 0``: the stable range is
        ``(0, 2/lambda_max)`` (solved from ``|1 - eta lambda_i| < 1``), the
        optimal step equalises ``1 - eta lambda_min = eta lambda_max - 1``.

    Raises:
        DimensionError: A not square or not symmetric.

    >>> r = gd_quadratic("0.1*x1**2 + 2*x2**2")
    >>> r.stable_range, r.optimal_eta, r.optimal_rate
    (Interval.open(0, 1/2), 10/21, 19/21)
    >>> mu, L = sp.symbols("mu L", positive=True)
    >>> gd_quadratic(sp.diag(mu, L), assume="0 < mu <= L").optimal_eta
    2/(L + mu)
    """
    M = _as_matrix(A)
    try:
        vals = _eigenvalues_symmetric(M)
    except (UndecidedError, BudgetExceeded) as exc:
        return _gd_without_eigenvalues(M, str(exc))
    ordered = _order(vals, order_sign(assume))
    contractions = tuple(sp.Abs(1 - ETA * v) for v in (ordered or vals))
    cond = sp.And(*[sp.And(ETA * v > 0, ETA * v < 2) for v in (ordered or vals)])
    if ordered is None:
        return GDQuadraticRate(M, tuple(vals), contractions, cond, None, None, None, None, None, None,
                               "eigenvalues could not be ordered: the stable condition is stated per eigenvalue")
    lmin, lmax = ordered[0], ordered[-1]
    s_min = sign_under(assume)(lmin)
    eta_r = sp.Symbol("eta", real=True)
    if s_min is None:
        note = "the sign of lambda_min is undecided: stable range not stated"
        return GDQuadraticRate(M, tuple(ordered), contractions, cond, None, lmin, lmax, None, None, None, note)
    if s_min <= 0:
        note = ("lambda_min <= 0: no step size contracts every direction "
                "(the error along a non-positive eigenvalue's direction never shrinks)")
        return GDQuadraticRate(M, tuple(ordered), contractions, cond, sp.EmptySet, lmin, lmax, None, None, None, note)
    # 0 < lambda_min <= lambda_i <= lambda_max: |1 - eta lambda_i| < 1 for all i  <=>  0 < eta < 2/lambda_max
    stable = sp.Interval.open(0, 2 / lmax)
    if not lmax.free_symbols:
        try:
            solved = sp.Interval.open(0, sp.oo)
            for v in ordered:
                piece = run_with_budget(sp.solveset, sp.Abs(1 - eta_r * v) < 1, eta_r, sp.S.Reals, step="solve")
                solved = solved.intersect(piece)
            stable = solved
        except BudgetExceeded:
            pass
    try:
        (eta_opt,) = run_with_budget(sp.solve, sp.Eq(1 - eta_r * lmin, eta_r * lmax - 1), eta_r, step="solve")
    except BudgetExceeded as exc:
        note = f"the optimal step was not derived ({exc}); the stable range is exact"
        return GDQuadraticRate(M, tuple(ordered), contractions, stable.as_relational(ETA), stable, lmin, lmax,
                               None, None, _budgeted_simplify(lmax / lmin), note)
    eta_opt = _budgeted_simplify(eta_opt)
    rate = _budgeted_simplify(1 - eta_opt * lmin)
    kappa = _budgeted_simplify(lmax / lmin)
    if isinstance(stable, sp.Interval):
        cond = stable.as_relational(ETA)
    note = ("||x_k - x*|| <= rate(eta)^k ||x_0 - x*|| exactly (the bound is attained along an eigenvector); "
            "optimal rate (kappa-1)/(kappa+1)")
    return GDQuadraticRate(M, tuple(ordered), contractions, cond, stable, lmin, lmax, eta_opt, rate, kappa, note)


def _gd_without_eigenvalues(M: sp.Matrix, why: str) -> GDQuadraticRate:
    """GD's exact stable condition without eigenvalues: the Schur--Cohn region of ``I - eta A``.

    ``x <- x - eta (A x + b)`` converges for every start iff every eigenvalue of
    ``I - eta A`` lies in the open unit disk; the Schur--Cohn inequalities of its
    characteristic polynomial say exactly that, with no root ever computed.
    """
    n = M.rows
    try:
        cond = run_with_budget(region, sp.eye(n) - ETA * M, step="stability",
                               seconds=min(3.0, config.budget_for("stability") or 3.0))
        note = (f"eigenvalues not derived ({why}); stable condition = exact Schur-Cohn region of I - eta*A "
                "(no eigenvalue computed)")
    except BudgetExceeded:
        cond = sp.And(*[sp.StrictLessThan(sp.Abs(1 - ETA * sp.Symbol(f"lambda_{i + 1}")), 1) for i in range(n)])
        note = (f"eigenvalues not derived ({why}) and the Schur-Cohn region of I - eta*A ran out of budget: the "
                "condition is stated for A's (unknown) eigenvalues lambda_i")
    return GDQuadraticRate(M, (), (), cond, None, None, None, None, None, None, note)


# ----------------------------------------------------------------------------- display (issue 16)
from .. import display as _display  # noqa: E402

_display.attach(GDQuadraticRate, "stable_range", "optimal_eta", "optimal_rate", "condition_number")
