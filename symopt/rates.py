r"""Convergence rates derived for the user's objective: GD on quadratics, Newton, SGD.

Gradient descent on ``f = 1/2 x^T A x + b^T x`` (A symmetric) moves the error
``e = x - x*`` by ``e <- (I - eta A) e``: along the eigenvector of eigenvalue
``lambda_i`` it is multiplied by ``1 - eta lambda_i``.  Hence (derived by
:func:`gd_quadratic` from ``A``'s exact eigenvalues):

* contraction ``|1 - eta lambda_i|`` per direction, rate ``max_i |1 - eta lambda_i|``;
* the stable range ``0 < eta < 2/lambda_max`` (needs ``lambda_min > 0``);
* the optimal step ``2/(lambda_min + lambda_max)`` and rate ``(kappa-1)/(kappa+1)``.

Newton's method ``x <- x - eta f'(x)/f''(x)`` near a critical point ``x*``:
:func:`newton` expands the map's error ``E(e) = N(x* + e) - x*`` in a series;
its leading term ``c e^p`` gives the order ``p`` and constant ``|c|``
(``e_{k+1} ~ c e_k^p``).  D2L 10.3.3.2 / 11.3 write the bound with
``f'''/f'`` and call quadratic convergence "linear": the series gives
``c = f'''(x*) / (2 f''(x*))`` and order 2 (see the theory notebook).

SGD on convex losses (D2L 11.4.3): :func:`sgd_bound` builds
``(r^2 + L^2 sum eta_t^2) / (2 sum eta_t)`` for a schedule and
:func:`sgd_optimal_constant_step` derives the best constant step for a horizon.

    >>> r = gd_quadratic([[2, 0], [0, 4]])
    >>> r.eigenvalues, r.optimal_eta, r.optimal_rate, r.condition_number
    ((2, 4), 1/3, 1/3, 2)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import sympy as sp

from .exact.schur import _sign
from .budget import run_with_budget
from .config import config
from .errors import (
    BudgetExceeded,
    DimensionError,
    DomainError,
    ParameterError,
    ParseError,
    UndecidedError,
)
from .core.parse import as_expression, parse, symbol

__all__ = [
    "GDQuadraticRate",
    "gd_quadratic",
    "quadratic_matrix",
    "Tuning",
    "gd_optimal",
    "heavy_ball_optimal",
    "nesterov_optimal",
    "nesterov_joint_optimal",
    "SmoothnessBounds",
    "smoothness_on_box",
    "NewtonRate",
    "NewtonRates",
    "newton",
    "newton_map",
    "IterationOrder",
    "order",
    "NewtonRegion",
    "newton_region",
    "empirical_order",
    "SGDBound",
    "sgd_bound",
    "SGDStep",
    "sgd_optimal_constant_step",
]

ETA = symbol("eta")


def _symopt_errors_only(fn: Callable) -> Callable:
    """Public entry points raise only symopt's errors: a SymPy/NumPy exception from deep inside a derivation
    becomes an :class:`~symopt.errors.UndecidedError` naming it (the question is then undecided, not answered)."""
    import functools

    from .errors import SymoptError

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except SymoptError:
            raise
        except (RecursionError, MemoryError):
            raise
        except Exception as exc:  # noqa: BLE001 - converted, with its type and message
            raise UndecidedError(f"{fn.__name__}: SymPy/NumPy failed inside the derivation "
                                 f"({type(exc).__name__}: {str(exc)[:160]})") from exc

    return wrapper


# --------------------------------------------------------------------------- GD


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
    from .core.objective import Objective

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
    try:
        from .core.objective import Objective

        if isinstance(A, Objective):
            return quadratic_matrix(A)[0]
    except ImportError:  # pragma: no cover
        pass
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


def _order(vals: Sequence[sp.Expr]) -> list[sp.Expr] | None:
    out = list(vals)
    for i in range(len(out)):
        for j in range(len(out) - 1 - i):
            s = _sign(out[j] - out[j + 1])
            if s is None:
                return None
            if s > 0:
                out[j], out[j + 1] = out[j + 1], out[j]
    return out


@_symopt_errors_only
def gd_quadratic(A: Any) -> GDQuadraticRate:
    """Derive gradient descent's rates on ``f = 1/2 x^T A x + b^T x``.

    Args:
        A: the symmetric matrix (SymPy, nested lists, NumPy, or a quadratic
            objective as text / :class:`~symopt.Objective`, whose Hessian is used).
            Entries may be symbolic.

    Returns:
        :class:`GDQuadraticRate`.  With ``lambda_min > 0``: the stable range is
        ``(0, 2/lambda_max)`` (solved from ``|1 - eta lambda_i| < 1``), the
        optimal step equalises ``1 - eta lambda_min = eta lambda_max - 1``.

    Raises:
        DimensionError: A not square or not symmetric.

    >>> r = gd_quadratic("0.1*x1**2 + 2*x2**2")
    >>> r.stable_range, r.optimal_eta, r.optimal_rate
    (Interval.open(0, 1/2), 10/21, 19/21)
    """
    M = _as_matrix(A)
    try:
        vals = _eigenvalues_symmetric(M)
    except (UndecidedError, BudgetExceeded) as exc:
        return _gd_without_eigenvalues(M, str(exc))
    ordered = _order(vals)
    contractions = tuple(sp.Abs(1 - ETA * v) for v in (ordered or vals))
    cond = sp.And(*[sp.And(ETA * v > 0, ETA * v < 2) for v in (ordered or vals)])
    if ordered is None:
        return GDQuadraticRate(M, tuple(vals), contractions, cond, None, None, None, None, None, None,
                               "eigenvalues could not be ordered: the stable condition is stated per eigenvalue")
    lmin, lmax = ordered[0], ordered[-1]
    s_min = _sign(lmin)
    eta_r = sp.Symbol("eta", real=True)
    if s_min is None:
        note = "the sign of lambda_min is undecided: stable range not stated"
        return GDQuadraticRate(M, tuple(ordered), contractions, cond, None, lmin, lmax, None, None, None, note)
    if s_min <= 0:
        note = ("lambda_min <= 0: no step size contracts every direction "
                "(the error along a non-positive eigenvalue's direction never shrinks)")
        return GDQuadraticRate(M, tuple(ordered), contractions, cond, sp.EmptySet, lmin, lmax, None, None, None, note)
    stable = sp.Interval.open(0, sp.oo)
    if not lmax.free_symbols:
        for v in ordered:
            piece = run_with_budget(sp.solveset, sp.Abs(1 - eta_r * v) < 1, eta_r, sp.S.Reals, step="solve")
            stable = stable.intersect(piece)
    else:
        stable = sp.Interval.open(0, 2 / lmax)
    (eta_opt,) = run_with_budget(sp.solve, sp.Eq(1 - eta_r * lmin, eta_r * lmax - 1), eta_r, step="solve")
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
    from .exact.schur import region

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


# ------------------------------------------------------- optimal tunings (mu, L)


@dataclass(frozen=True, repr=False)
class Tuning:
    """Parameters for eigenvalues in ``[mu, L]`` and the rate they give.

    Attributes:
        method: ``"gd"``, ``"heavy_ball"`` or ``"nesterov"``.
        params: ``{name: expression in mu, L}``.
        rate: the worst-case spectral radius over ``lambda in [mu, L]``.
        rate_kappa: the rate in ``kappa = L/mu``.
        derivation: how it was derived.
    """

    method: str
    params: dict
    rate: sp.Expr
    rate_kappa: sp.Expr
    derivation: str

    def __repr__(self) -> str:
        ps = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"Tuning({self.method}: {ps}; rate {self.rate_kappa})"

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {"method": self.method, "params": {k: str(v) for k, v in self.params.items()},
                "rate": str(self.rate), "rate_kappa": str(self.rate_kappa), "derivation": self.derivation}


def _mu_L() -> tuple[sp.Symbol, sp.Symbol]:
    return sp.Symbol("mu", positive=True), sp.Symbol("L", positive=True)


def _in_kappa(expr: sp.Expr, mu: sp.Symbol, L: sp.Symbol) -> sp.Expr:
    kappa = sp.Symbol("kappa", positive=True)
    return _budgeted_simplify(_budgeted_factor(expr.subs(L, kappa * mu)))


def gd_optimal() -> Tuning:
    """GD ``x <- x - eta lambda x``: minimise ``max(|1 - eta mu|, |1 - eta L|)``.

    The maximum of the two convex pieces is smallest where they cross:
    ``1 - eta mu = eta L - 1``.

    >>> t = gd_optimal(); t.params["eta"], t.rate_kappa
    (2/(L + mu), (kappa - 1)/(kappa + 1))
    """
    mu, L = _mu_L()
    eta = sp.Symbol("eta", positive=True)
    (sol,) = run_with_budget(sp.solve, sp.Eq(1 - eta * mu, eta * L - 1), eta, step="solve")
    rate = _budgeted_factor(1 - sol * mu)
    return Tuning("gd", {"eta": sol}, rate, _in_kappa(rate, mu, L),
                  "equalise the contraction 1 - eta*mu of the flattest direction with eta*L - 1 of the steepest")


def heavy_ball_optimal() -> Tuning:
    """Polyak's heavy ball: parameters making every ``lambda in [mu, L]`` critically damped or complex.

    For ``p(z) = z^2 - (1 + beta - eta lambda) z + beta`` the roots are complex
    (modulus ``sqrt(beta)``) iff ``(1 - sqrt beta)^2 <= eta lambda <= (1 + sqrt beta)^2``.
    Covering ``[mu, L]`` with the smallest ``sqrt(beta)`` puts the ends on the
    boundary: ``sqrt(eta mu) = 1 - s``, ``sqrt(eta L) = 1 + s``, ``s = sqrt(beta)``;
    a linear system in ``(sqrt eta, s)``.  The discriminant, convex in lambda,
    is then <= 0 on the whole interval, so the rate is ``s`` for every lambda.

    >>> t = heavy_ball_optimal(); t.rate_kappa
    (sqrt(kappa) - 1)/(sqrt(kappa) + 1)
    """
    mu, L = _mu_L()
    r, s = sp.symbols("r s", positive=True)
    sol = run_with_budget(sp.solve, [r * sp.sqrt(mu) - (1 - s), r * sp.sqrt(L) - (1 + s)], [r, s], dict=True,
                          step="solve")[0]
    eta = _budgeted_simplify(sol[r] ** 2)
    beta = _budgeted_simplify(sol[s] ** 2)
    rate = _budgeted_simplify(sol[s])
    lam = sp.Symbol("lambda", positive=True)
    disc = (1 + beta - eta * lam) ** 2 - 4 * beta
    ends = [_budgeted_simplify(disc.subs(lam, v)) for v in (mu, L)]
    if ends != [0, 0]:
        raise UndecidedError(f"heavy-ball derivation check failed: discriminant at mu, L = {ends}")
    kappa = sp.Symbol("kappa", positive=True)
    rk = _budgeted_simplify(rate.subs(L, kappa * mu))
    return Tuning("heavy_ball", {"eta": eta, "beta": beta}, rate, rk,
                  "complex roots (modulus sqrt(beta)) for every lambda in [mu, L]; smallest sqrt(beta) that "
                  "covers the interval. Note: optimal on quadratics only; on general smooth strongly convex "
                  "functions these parameters can cycle (Lessard, Recht, Packard 2016)")


def nesterov_optimal() -> Tuning:
    """Nesterov with ``eta = 1/L`` (the textbook form): choose beta for a double root at ``lambda = mu``.

    See :func:`nesterov_joint_optimal` for ``eta`` and ``beta`` tuned together.

    On ``lambda/2 x^2`` the rule gives ``p(z) = z^2 - (1+beta)(1-eta lambda) z + beta (1 - eta lambda)``
    with discriminant ``(1 - eta lambda)[(1+beta)^2 (1 - eta lambda) - 4 beta]``.
    Setting it to zero at ``lambda = mu`` fixes beta (the root in [0, 1));
    for ``lambda`` in ``(mu, L]`` the bracket is negative, so roots are complex
    with modulus ``sqrt(beta (1 - lambda/L))``, largest at ``mu`` where the
    double root is ``(1 + beta)(1 - mu/L)/2``.

    >>> nesterov_optimal().rate_kappa
    1 - 1/sqrt(kappa)
    """
    mu, L = _mu_L()
    kappa = sp.Symbol("kappa", positive=True)
    beta = sp.Symbol("beta", real=True)
    q = 1 - 1 / kappa  # 1 - eta*mu with eta = 1/L, L = kappa*mu
    sols = run_with_budget(sp.solve, sp.Eq((1 + beta) ** 2 * q, 4 * beta), beta, step="solve")
    chosen = None
    for sol in sols:
        test = sol.subs(kappa, 4)
        if test.is_real and 0 <= test < 1:
            chosen = _budgeted_simplify(sol)
    if chosen is None:
        raise UndecidedError("could not select Nesterov's momentum parameter")
    chosen_k = _budgeted_simplify(sp.radsimp(chosen))
    target = (sp.sqrt(kappa) - 1) / (sp.sqrt(kappa) + 1)
    if _budgeted_simplify(chosen_k - target) == 0:
        chosen_k = target
    rate_k = _budgeted_simplify((1 + chosen_k) * q / 2)
    if _budgeted_simplify(rate_k - (1 - 1 / sp.sqrt(kappa))) == 0:
        rate_k = 1 - 1 / sp.sqrt(kappa)
    beta_muL = _budgeted_simplify(chosen_k.subs(kappa, L / mu))
    rate_muL = _budgeted_simplify(rate_k.subs(kappa, L / mu))
    return Tuning("nesterov", {"eta": 1 / L, "beta": beta_muL}, rate_muL, rate_k,
                  "eta = 1/L; beta from a zero discriminant at lambda = mu (double root), complex roots above")


def nesterov_joint_optimal() -> Tuning:
    """Nesterov's method with ``eta`` and ``beta`` tuned jointly for eigenvalues in ``[mu, L]``.

    On ``lambda/2 x^2`` the look-ahead rule has
    ``p(z) = z^2 - (1+beta)(1-eta lambda) z + beta (1-eta lambda)``.  For
    ``lambda`` where the roots are complex their modulus
    ``sqrt(beta (1 - eta lambda))`` is largest at ``lambda = mu``; past the
    discriminant's zero the roots are real and at ``lambda = L`` (with
    ``eta L > 1``) the dominant one is negative.  The joint tuning balances the
    two ends, as GD's does: a double root ``rho`` at ``mu`` (zero discriminant,
    ``rho = (1+beta)(1-eta mu)/2``) and ``p_L(-rho) = 0``.  SymPy solves the three
    equations for ``(eta, beta, rho)``; the solution with ``rho < 1`` is
    Lessard, Recht & Packard's (2016) ``eta = 4/(3L + mu)``,
    ``beta = (sqrt(3 kappa + 1) - 2)/(sqrt(3 kappa + 1) + 2)``, rate
    ``1 - 2/sqrt(3 kappa + 1)`` (derived here, then compared with those closed
    forms only to print them tidily).

    >>> t = nesterov_joint_optimal(); t.params["eta"], t.rate_kappa
    (4/(3*L + mu), 1 - 2/sqrt(3*kappa + 1))
    """
    mu, L = _mu_L()
    kappa = sp.Symbol("kappa", positive=True)
    a, b, r = sp.symbols("alpha beta rho", positive=True)
    eqs = [(1 + b) ** 2 * (1 - a * mu) - 4 * b,
           (1 + b) * (1 - a * mu) / 2 - r,
           r**2 + (1 + b) * (1 - a * L) * r + b * (1 - a * L)]
    sols = run_with_budget(sp.solve, eqs, [a, b, r], dict=True, step="solve")
    chosen = None
    for sol in sols:
        test = {mu: 1, L: 10}
        rv = sol[r].subs(test)
        bv = sol[b].subs(test)
        if rv.is_number and 0 < rv < 1 and 0 <= bv < 1:
            chosen = sol
    if chosen is None:
        raise UndecidedError("could not select the jointly optimal Nesterov parameters")
    eta = _budgeted_factor(chosen[a])
    beta_k = _budgeted_simplify(chosen[b].subs(L, kappa * mu))
    rate_k = _budgeted_simplify(chosen[r].subs(L, kappa * mu))
    s = sp.sqrt(3 * kappa + 1)
    if _budgeted_simplify(beta_k - (s - 2) / (s + 2)) == 0:
        beta_k = (s - 2) / (s + 2)
    if _budgeted_simplify(rate_k - (1 - 2 / s)) == 0:
        rate_k = 1 - 2 / s
    beta = beta_k.subs(kappa, L / mu)
    rate = rate_k.subs(kappa, L / mu)
    return Tuning("nesterov_joint", {"eta": eta, "beta": beta}, rate, rate_k,
                  "jointly optimal (eta, beta) on quadratics with eigenvalues in [mu, L]: a double root at "
                  "lambda = mu balanced against the real root -rho at lambda = L (Lessard, Recht, Packard 2016). "
                  "Optimal on quadratics only, like heavy ball's tuning")


# ---------------------------------------------------------------- L and mu on a box


@dataclass(frozen=True)
class SmoothnessBounds:
    """Certified bounds ``mu <= eig(H(x)) <= L`` for every x in a box.

    Attributes:
        L: upper bound on the Hessian's eigenvalues (L-smoothness on the box).
        mu: lower bound (strong convexity on the box when > 0).
        certified: the bounds come from rigorous interval enclosures.
        eta: the step ``2/(mu + L)`` (``None`` when ``mu <= 0``).
        rate: ``(L - mu)/(L + mu)``: ``||x_k - x*|| <= rate^k ||x_0 - x*||`` for
            GD with step ``eta`` while the iterates stay in the box, which holds
            when x* is in the box and x_0 in a ball around x* inside the box.
        method: how the bounds were obtained.
    """

    L: float
    mu: float
    certified: bool
    eta: float | None
    rate: float | None
    method: str


@_symopt_errors_only
def smoothness_on_box(objective: Any, box: Mapping[Any, tuple[Any, Any]], splits: int = 4) -> SmoothnessBounds:
    """L-smoothness and strong-convexity constants on a box, from certified Hessian bounds.

    Each Hessian entry is enclosed over sub-boxes (``splits`` per axis) by
    rigorous interval arithmetic; Gershgorin's discs then bound the
    eigenvalues: ``lambda in [H_ii - sum_j |H_ij|, H_ii + sum_j |H_ij|]``.

    Raises:
        UndecidedError: the interval machinery is not available or the Hessian
            is undefined somewhere on the box.

    >>> b = smoothness_on_box("x**2 + 2*y**2", {"x": (-1, 1), "y": (-1, 1)})
    >>> b.mu, b.L, b.rate
    (2.0, 4.0, 0.3333333333333333)
    """
    from .core.objective import Objective

    try:
        from .exact import interval as _interval
    except ImportError as exc:  # pragma: no cover - depends on the convexity module
        raise UndecidedError(f"interval enclosures are not available ({exc})") from None
    # the user's plain symbols: the analyses need SymPy to know the variables are real
    obj = (objective if isinstance(objective, Objective) else Objective(objective)).with_real_symbols()
    if obj.params:
        raise ParameterError("bind the parameters first (smoothness bounds are numeric)")
    bounds = {}
    for k, (lo, hi) in box.items():
        s = symbol(k) if isinstance(k, str) else k
        lo_e, hi_e = as_expression(lo), as_expression(hi)
        if not lo_e <= hi_e:
            raise DomainError(f"empty box side for {s}")
        bounds[s] = (lo_e, hi_e)
    missing = [v.name for v in obj.variables if v not in bounds]
    if missing:
        raise DomainError(f"the box gives no range for {', '.join(missing)}")
    import itertools

    n = obj.n
    H = obj.hessian
    splits = max(1, int(splits))
    pieces = []
    for v in obj.variables:
        lo, hi = bounds[v]
        edges = [lo + (hi - lo) * sp.Rational(i, splits) for i in range(splits + 1)]
        pieces.append([(edges[i], edges[i + 1]) for i in range(splits)])
    L_up = -math.inf
    mu_lo = math.inf
    for cell in itertools.product(*pieces):
        sub = {v: _box_interval(a, b) for v, (a, b) in zip(obj.variables, cell)}
        try:
            enc = [[_interval.enclose(H[i, j], sub) for j in range(n)] for i in range(n)]
        except _interval.Undefined as exc:
            raise UndecidedError(f"the Hessian is undefined or unsupported on the box: {exc}") from None
        for i in range(n):
            radius = sum(max(abs(_interval.lower(enc[i][j])), abs(_interval.upper(enc[i][j])))
                         for j in range(n) if j != i)
            up = _interval.upper(enc[i][i]) + radius
            lo = _interval.lower(enc[i][i]) - radius
            L_up = max(L_up, float(up))
            mu_lo = min(mu_lo, float(lo))
    # float() of an mpf rounds to nearest; widen by one ulp to stay certified
    L_up = math.nextafter(L_up, math.inf) if not float(L_up).is_integer() else L_up
    mu_lo = math.nextafter(mu_lo, -math.inf) if not float(mu_lo).is_integer() else mu_lo
    eta = rate = None
    if mu_lo > 0:
        eta = 2.0 / (mu_lo + L_up)
        rate = (L_up - mu_lo) / (L_up + mu_lo)
    return SmoothnessBounds(L_up, mu_lo, True, eta, rate,
                            f"interval enclosure of the Hessian on {splits}^{n} sub-boxes + Gershgorin discs")


def _box_interval(lo: sp.Expr, hi: sp.Expr) -> Any:
    """``[lo, hi]`` as an mpmath interval rounded outwards (exact rational ends)."""
    from mpmath import iv

    def enc(v: sp.Expr) -> Any:
        v = sp.Rational(v)
        return iv.mpf(int(v.p)) / iv.mpf(int(v.q))

    return iv.mpf([enc(lo).a, enc(hi).b])


# ------------------------------------------------------------------------ Newton


@dataclass(frozen=True, repr=False)
class NewtonRate:
    """Local convergence of (damped) Newton's method at a critical point.

    ``|e_{k+1}| ~ constant * |e_k|^order`` as ``e_k -> 0``.

    Attributes:
        point: the critical point ``{x: x*}``.
        order: 1 (linear), 2 (quadratic), 3, ... or ``None`` (undecided).
        constant: the asymptotic constant (``|c|`` of the leading term ``c e^p``);
            for order 1 it is the linear rate, which must be < 1 to converge.
        signed_constant: ``c`` itself (1-D), e.g. ``f'''(x*) / (2 f''(x*))``.
        multiplicity: multiplicity of x* as a root of ``f'`` (1-D).
        eta: the step (1 = pure Newton).
        leading_term: the series' leading term in the error ``e``.
        converges: whether iterates started close enough converge.
        empirical_order: order estimated from mpmath iterates (``None`` if not run).
        empirical_constant: the constant estimated the same way.
        kind: the critical point's kind (``"minimum"``, ...).
        note: derivation and caveats.
    """

    point: dict
    order: int | None
    constant: Any
    signed_constant: Any = None
    multiplicity: int | None = None
    eta: Any = 1
    leading_term: Any = None
    converges: bool | None = None
    empirical_order: float | None = None
    empirical_constant: float | None = None
    kind: str = ""
    note: str = ""

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        s = lambda v: None if v is None else str(v)  # noqa: E731
        return {
            "point": {k.name: str(v) for k, v in self.point.items()},
            "kind": self.kind,
            "order": self.order,
            "constant": s(self.constant),
            "constant_float": _maybe_float(self.constant),
            "signed_constant": s(self.signed_constant),
            "multiplicity": self.multiplicity,
            "eta": str(self.eta),
            "leading_term": s(self.leading_term),
            "converges": self.converges,
            "empirical_order": self.empirical_order,
            "empirical_constant": self.empirical_constant,
            "note": self.note,
        }


    def __repr__(self) -> str:
        where = ", ".join(f"{k}={_clip(v, 30)}" for k, v in self.point.items())
        if self.order is None:
            return f"NewtonRate({where}: order undecided)"
        return f"NewtonRate({where}: order {self.order}, constant {_clip(self.constant, 40)})"


@dataclass(frozen=True, eq=False, repr=False)
class NewtonRates(Sequence):
    """Newton's local rates at every critical point found: a read-only sequence of
    :class:`NewtonRate` (index it, iterate it, ``len`` it, compare it with a list).

    Attributes:
        rates: one :class:`NewtonRate` per critical point.
        complete: whether the critical points are known to be all of them (from
            :meth:`~symopt.Objective.critical_points`; a theorem of the method
            that found them, never a guess).  For a non-polynomial objective
            that means all of them *in a box*: ``status`` says which.
        note: how the points were found.
        status: the critical-point list's own status ("complete (certified)",
            "complete in [-10, 10]^2 (certified)", "incomplete: ...").
    """

    rates: tuple = ()
    complete: bool = False
    note: str = ""
    status: str = ""

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return list(self.rates[i])
        return self.rates[i]

    def __len__(self) -> int:
        return len(self.rates)

    def __iter__(self):
        return iter(self.rates)

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, NewtonRates):
            return self.rates == other.rates
        if isinstance(other, (list, tuple)):
            return list(self.rates) == list(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.rates)

    def __repr__(self) -> str:
        inner = "; ".join(repr(r)[len("NewtonRate("):-1] for r in self.rates[:4])
        more = f"; ... {len(self.rates) - 4} more" if len(self.rates) > 4 else ""
        return f"NewtonRates({len(self.rates)} point{'s' if len(self.rates) != 1 else ''}: {inner}{more})"

    def _repr_html_(self) -> str:
        from . import display

        rows = [[r.point, r.kind, "undecided" if r.order is None else r.order, r.constant] for r in self.rates]
        notes = [self.note, self.status or ("complete: every critical point" if self.complete else "")]
        return display.html_table(["point", "kind", "order", "constant"], rows, title="Newton's local rates",
                                  notes=notes, math=True)

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {"points": [r.to_dict() for r in self.rates], "complete": self.complete, "status": self.status,
                "note": self.note}


def _maybe_float(v: Any) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def newton_map(objective: Any, eta: Any = 1) -> sp.Expr | sp.Matrix:
    """The Newton map ``N(x) = x - eta f'(x)/f''(x)`` (``x - eta H^{-1} grad f`` in n-D).

    >>> newton_map("cosh(x/2)")
    x - 2*tanh(x/2)
    """
    from .core.objective import Objective

    # the user's plain symbols: the analyses need SymPy to know the variables are real
    obj = (objective if isinstance(objective, Objective) else Objective(objective)).with_real_symbols()
    e = as_expression(eta)
    if obj.n == 1:
        (x,) = obj.variables
        g = obj.gradient[0]
        return _budgeted_simplify(x - e * g / obj.hessian[0, 0])
    X = sp.Matrix(obj.variables)
    return X - e * obj.hessian.LUsolve(obj.gradient)


def _series_leading(expr: sp.Expr, e: sp.Symbol, max_order: int = 12) -> tuple[sp.Expr, int] | None:
    """Leading term ``c e^p`` of ``expr`` at ``e = 0`` (exact, under budget)."""
    for n in (4, 8, max_order):
        try:
            s = run_with_budget(lambda: sp.series(expr, e, 0, n).removeO(), step="series")
        except BudgetExceeded:
            return None
        s = sp.expand(s)
        if s == 0:
            continue
        poly = sp.Poly(s, e) if s.is_polynomial(e) else None
        if poly is None:
            return None
        for (p,), c in sorted(poly.terms(), key=lambda t: t[0][0]):
            c = sp.nsimplify(c) if c.is_Float else c
            try:
                cs = run_with_budget(sp.simplify, c, step="simplify")
            except BudgetExceeded:
                cs = c
            if cs != 0 and _sign(cs) != 0:
                return cs, p
    return None


def _multiplicity(g: sp.Expr, x: sp.Symbol, x0: sp.Expr, limit: int = 12) -> int | None:
    d = g
    for m in range(1, limit + 1):
        d = sp.diff(d, x)
        v = d.xreplace({x: x0})
        s = _sign(_budgeted_simplify(v))
        if s is None:
            return None
        if s != 0:
            return m
    return None


@_symopt_errors_only
def newton(objective: Any, at: Any = None, eta: Any = 1, check: bool = True) -> NewtonRate | NewtonRates:
    """Order and asymptotic constant of Newton's method at critical points.

    One dimension: the error map ``E(e) = N(x* + e) - x*`` is expanded in a
    series; its leading term ``c e^p`` gives the order p and constant |c|.
    This yields, without case tables: order 2 with ``c = f'''/(2 f'')`` when
    ``f''(x*) != 0 != f'''(x*)``; order >= 3 when ``f'''(x*) = 0``; order 1 with
    rate ``1 - eta/m`` at a root of ``f'`` of multiplicity m (``(m-1)/m`` for
    eta = 1); ``|1 - eta|`` for damped Newton at a simple root.

    Several dimensions (``H(x*)`` invertible): the map's Jacobian at x* is
    ``(1 - eta) I``; for eta = 1 the error is ``e' = 1/2 H^{-1} D^3 f[e, e] + O(|e|^3)``,
    order 2 when that is non-zero, with constant ``max_{|u|=1} |1/2 H^{-1} D^3f[u,u]|``
    (estimated on sampled unit vectors: a lower estimate, labelled so).
    Local quadratic convergence needs x_0 close enough: with ``H`` M-Lipschitz
    and ``H(x*) >= mu I``, ``|x_0 - x*| < 2 mu / (3 M)`` suffices (Nesterov 2004, Thm 1.2.5).

    Args:
        objective: text or :class:`~symopt.Objective` (no unbound parameters).
        at: the critical point (``"x=0"``, dict, number); default: every
            critical point the objective finds, one result each.
        eta: step size (damped Newton).
        check: cross-check with the empirical order from mpmath iterates.

    Returns:
        One :class:`NewtonRate` for ``at``, else :class:`NewtonRates` (a sequence
        of them, one per critical point, that says whether the list is complete).

    Raises:
        DomainError: ``at`` is not a critical point.

    >>> r = newton("cosh(x/2)", at="x=0", check=False)
    >>> r.order, r.constant
    (3, 1/12)
    >>> r = newton("x**4", at=0, check=False)
    >>> r.order, r.constant, r.multiplicity
    (1, 2/3, 3)
    """
    from .core.objective import Objective

    # the user's plain symbols: the analyses need SymPy to know the variables are real
    obj = (objective if isinstance(objective, Objective) else Objective(objective)).with_real_symbols()
    if obj.params:
        raise ParameterError(f"bind the parameters {', '.join(p.name for p in obj.params)} first")
    e_step = as_expression(eta)
    if at is None:
        points = _critical_points(obj)
        rates = tuple(_newton_at(obj, cp.point, e_step, check, cp.kind) for cp in points)
        return NewtonRates(rates, bool(getattr(points, "complete", False)), str(getattr(points, "note", "")),
                           str(getattr(points, "status", "")))
    point = _as_point(obj, at)
    return _newton_at(obj, point, e_step, check, "")


def _critical_points(obj: Any) -> Any:
    """``obj.critical_points()``; a crash inside that engine becomes an :class:`UndecidedError`."""
    from .errors import SymoptError

    try:
        return obj.critical_points()
    except SymoptError:
        raise
    except Exception as exc:  # noqa: BLE001 - another module's failure must not escape as a raw exception
        raise UndecidedError(f"the critical-point search failed ({type(exc).__name__}: {exc}); pass at=...") from None


def _as_point(obj: Any, at: Any) -> dict:
    if isinstance(at, (int, float, sp.Basic)) and not isinstance(at, sp.MatrixBase) and obj.n == 1:
        return {obj.variables[0]: as_expression(at)}
    if isinstance(at, str) and "=" not in at and obj.n == 1:
        return {obj.variables[0]: parse(at)}
    if isinstance(at, Mapping) and any(isinstance(v, float) for v in at.values()):
        # floats mark an approximate (numeric) critical point: refined later at high precision
        named = {(k if isinstance(k, str) else k.name): v for k, v in at.items()}
        return {v: sp.Float(named[v.name], 30) if isinstance(named[v.name], float) else as_expression(named[v.name])
                for v in obj.variables if v.name in named}
    return obj.point(at)


def _newton_at(obj: Any, point: dict, eta: sp.Expr, check: bool, kind: str) -> NewtonRate:
    if any(isinstance(v, (float, sp.Float)) for v in point.values()):
        return _newton_numeric(obj, point, eta, check, kind)
    grad = obj.gradient.xreplace(point)
    for g in grad:
        s = _sign(_budgeted_simplify(g)) if g != 0 else 0
        if s is None:
            v = sp.N(g, 30)
            if not (v.is_Number and v.is_finite and abs(v) < 1e-20):
                raise UndecidedError(f"could not decide that the gradient vanishes at {point}")
        elif s != 0:
            v = sp.N(g, 30)
            if not (v.is_Number and v.is_finite and abs(v) < 1e-12 and any(isinstance(p, sp.Float) for p in point.values())):
                raise DomainError(f"{_fmt(point)} is not a critical point (gradient {grad.T})")
    if obj.n == 1:
        return _newton_1d(obj, point, eta, check, kind)
    return _newton_nd(obj, point, eta, kind)


def _fmt(point: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in point.items())


class _AlgebraicField:
    """Exact arithmetic in ``QQ(alpha) = QQ[t]/(q)`` for an algebraic point ``alpha`` (``q`` its minimal polynomial).

    Elements are polynomials in ``t`` of degree < deg q with rational
    coefficients; zero-testing is exact (an element is 0 iff its reduced
    polynomial is), so no series, ``simplify`` or floating point decides an
    order.  Used for Newton at the critical points of polynomial objectives
    (``CRootOf`` or radicals).
    """

    def __init__(self, alpha: sp.Expr, q: sp.Poly):
        self.alpha = alpha
        self.q = q
        self.t = q.gens[0]

    @classmethod
    def of(cls, alpha: sp.Expr) -> "_AlgebraicField | None":
        if alpha.is_Rational or not alpha.is_number or alpha.has(sp.Float):
            return None
        t = sp.Dummy("t")
        try:
            if isinstance(alpha, sp.CRootOf) and alpha.is_real:
                q = sp.Poly(alpha.poly.as_expr().xreplace({alpha.poly.gen: t}), t)
                facs = [f for f, _ in q.factor_list()[1] if f.degree() >= 1]
                if len(facs) != 1:  # CRootOf keeps irreducible polynomials; anything else: be general
                    q = sp.Poly(run_with_budget(sp.minimal_polynomial, alpha, t, step="simplify"), t)
                else:
                    q = sp.Poly(facs[0].as_expr(), t)
            else:
                q = sp.Poly(run_with_budget(sp.minimal_polynomial, alpha, t, step="simplify"), t)
        except Exception:  # noqa: BLE001 - NotAlgebraic, PolynomialError, BudgetExceeded...: not a field we can use
            return None
        return cls(alpha, q)

    def of_poly(self, g: sp.Poly) -> sp.Poly:
        """``g(alpha)`` for ``g`` with rational coefficients, reduced."""
        return sp.rem(sp.Poly(g.as_expr().xreplace({g.gen: self.t}), self.t), self.q)

    def const(self, c: Any) -> sp.Poly:
        return sp.Poly(c, self.t)

    def div(self, a: sp.Poly, b: sp.Poly) -> sp.Poly:
        inv = sp.invert(b.as_expr(), self.q.as_expr(), self.t)
        return sp.rem(sp.Poly(sp.expand(a.as_expr() * inv), self.t), self.q)

    def mul(self, a: sp.Poly, b: sp.Poly) -> sp.Poly:
        return sp.rem(a * b, self.q)

    @staticmethod
    def is_zero(a: sp.Poly) -> bool:
        return a.is_zero

    def to_expr(self, a: sp.Poly) -> sp.Expr:
        return sp.expand(a.as_expr().xreplace({self.t: self.alpha}))

    def enclosure(self, a: sp.Poly) -> tuple[float, float] | None:
        """A rigorous interval around the element's value: Horner's scheme in mpmath interval
        arithmetic on a rational interval that contains ``alpha``."""
        from mpmath import iv

        try:
            if isinstance(self.alpha, sp.CRootOf):
                dx = sp.Rational(1, 10**40)
                mid = sp.Rational(self.alpha.eval_rational(dx=dx))
            else:
                mid = sp.Rational(str(sp.N(self.alpha, 60)))
                dx = sp.Rational(1, 10**50)  # 60 significant digits
            lo, hi = mid - dx, mid + dx
            from .exact.interval import precision

            with precision(200):
                A = iv.mpf([(iv.mpf(int(lo.p)) / int(lo.q)).a, (iv.mpf(int(hi.p)) / int(hi.q)).b])
                val = iv.mpf(0)
                for c in a.all_coeffs():
                    c = sp.Rational(c)
                    val = val * A + iv.mpf(int(c.p)) / int(c.q)
                return float(val.a), float(val.b)
        except Exception:  # noqa: BLE001 - an enclosure is optional evidence
            return None


class _ExprField:
    """Exact SymPy numbers; zero-testing by a rigorous interval that excludes 0, an exact
    simplification to 0 (both under budget), else undecided (:class:`UndecidedError`)."""

    alpha = None

    @staticmethod
    def const(c: Any) -> sp.Expr:
        return sp.sympify(c)

    @staticmethod
    def div(a: sp.Expr, b: sp.Expr) -> sp.Expr:
        return a / b

    @staticmethod
    def mul(a: sp.Expr, b: sp.Expr) -> sp.Expr:
        return a * b

    @staticmethod
    def is_zero(a: sp.Expr) -> bool:
        verdict = _zero_test(a)
        if verdict is None:
            raise UndecidedError(f"could not decide whether {_clip(a)} is 0")
        return verdict

    @staticmethod
    def to_expr(a: sp.Expr) -> sp.Expr:
        return a if a.is_Rational else _budgeted_simplify(a)

    @staticmethod
    def enclosure(a: sp.Expr) -> tuple[float, float] | None:
        return _enclose_number(a)


def _clip(e: Any, n: int = 80) -> str:
    t = str(e)
    return t if len(t) <= n else t[: n - 3] + "..."


def _enclose_number(a: sp.Expr) -> tuple[float, float] | None:
    """A rigorous float interval around the constant ``a`` (symopt's interval arithmetic), or ``None``."""
    try:
        from .exact import interval as _interval

        enc = run_with_budget(_interval.enclose, a, {}, step="interval")
        return float(_interval.lower(enc)), float(_interval.upper(enc))
    except Exception:  # noqa: BLE001 - no enclosure: the caller falls back
        return None


def _zero_test(a: Any) -> bool | None:
    """Exactly whether the constant ``a`` is 0: ``True``, ``False`` or ``None`` (undecided).

    Decided by SymPy's assumptions, a rigorous interval enclosure that excludes
    0, an exact simplification to 0, or (algebraic numbers) the minimal
    polynomial; each under a budget.
    """
    a = sp.sympify(a)
    if a.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return None
    if a.is_Rational:
        return a == 0
    if a.free_symbols:
        return None
    if a.is_zero is not None:
        return bool(a.is_zero)
    enc = _enclose_number(a)
    if enc is not None and (enc[0] > 0 or enc[1] < 0):
        return False
    try:
        if run_with_budget(lambda: _budgeted_simplify(a) == 0, step="simplify"):
            return True
    except (BudgetExceeded, TypeError, ValueError):
        pass
    if a.is_algebraic and not a.has(sp.Float):
        try:
            t = sp.Dummy("t")
            mp = sp.Poly(run_with_budget(sp.minimal_polynomial, a, t, step="simplify"), t)
            return mp.degree() == 1 and mp.nth(0) == 0
        except Exception:  # noqa: BLE001 - NotAlgebraic and friends: undecided
            return None
    return None


def _taylor_coefficients(obj: Any, x0: sp.Expr, count: int) -> tuple[Any, list, list]:
    """``(field, g_k, h_k)``: Taylor coefficients of f' and f'' at ``x0`` in exact arithmetic
    (``g_k = f^(k+1)(x0)/k!``), up to ``k = count``."""
    (x,) = obj.variables
    g = obj.gradient[0]
    field = None
    if g.is_polynomial(x) and all(c.is_Rational for c in sp.Poly(g, x).coeffs()):
        field = _AlgebraicField.of(x0)
    gk: list = []
    if field is not None:
        d = sp.Poly(g, x)
        fact = 1
        for k in range(count + 2):
            gk.append(field.div(field.of_poly(d), field.const(fact)))
            d = d.diff(x)
            fact *= k + 1
    else:
        field = _ExprField()
        d = g
        fact = 1
        for k in range(count + 2):
            v = d.xreplace({x: x0})
            gk.append(v / fact)
            d = sp.diff(d, x)
            fact *= k + 1
    hk = [field.mul(field.const(k + 1), gk[k + 1]) for k in range(count + 1)]
    return field, gk, hk


_NONSMOOTH_1D = (sp.Abs, sp.Max, sp.Min, sp.Heaviside, sp.sign, sp.Piecewise, sp.DiracDelta, sp.floor, sp.ceiling)


def _newton_1d(obj: Any, point: dict, eta: sp.Expr, check: bool, kind: str) -> NewtonRate:
    """Newton in one dimension from the power series of f' and f'' at x* (exact arithmetic).

    With ``f'(x* + e) = sum g_k e^k`` (``g_0 = 0``; ``m`` the first index with
    ``g_m != 0``, the multiplicity of x* as a root of f') and
    ``f''(x* + e) = sum (k+1) g_{k+1} e^k``, the quotient is
    ``f'/f'' = e Q(e)`` with ``Q_0 = 1/m`` and ``Q_k`` by series division, so the
    error map is ``E(e) = (1 - eta/m) e - eta sum_{k>=1} Q_k e^(k+1)``.  Its first
    non-zero coefficient gives the order and constant.  At algebraic points of
    polynomial objectives every coefficient is an element of ``QQ(x*)`` and every
    zero test is exact; elsewhere zero tests are certified (interval enclosure
    excluding 0, or exact simplification to 0) or the order is undecided.
    """
    (x,) = obj.variables
    x0 = point[x]
    g = obj.gradient[0]
    h = obj.hessian[0, 0]
    e = sp.Symbol("e", real=True)
    if g == 0 or h == 0:
        return NewtonRate(point, None, None, None, None, eta, None, None, kind=kind,
                          note="f'' vanishes identically: the Newton step f'/f'' is 0/0, not defined")
    if obj.expr.has(*_NONSMOOTH_1D) or g.has(*_NONSMOOTH_1D):
        return _newton_1d_series(obj, point, eta, check, kind)
    K = 12
    try:
        field, gk, hk = run_with_budget(_taylor_coefficients, obj, x0, K, step="taylor")
        if any(v.has(sp.nan, sp.zoo, sp.oo, -sp.oo) for v in gk if isinstance(v, sp.Basic)):
            return _newton_1d_series(obj, point, eta, check, kind)
        zero = field.is_zero
        if not zero(gk[0]):
            raise DomainError(f"{_fmt(point)} is not a critical point (f' = {_clip(field.to_expr(gk[0]))})")
        m = next((k for k in range(1, K + 1) if not zero(gk[k])), None)
        if m is None:
            return NewtonRate(point, None, None, None, None, eta, None, None, kind=kind,
                              note=f"f' vanishes to order > {K} at x*: order not derived")
        Gp = gk[m:]
        Hp = hk[m - 1:]
        n_terms = min(len(Gp), len(Hp))
        Q = [field.div(Gp[0], Hp[0])]
        for k in range(1, n_terms):
            acc = Gp[k]
            for j in range(1, k + 1):
                acc = acc - field.mul(Hp[j], Q[k - j])
            Q.append(field.div(acc, Hp[0]))
    except BudgetExceeded:
        return _newton_1d_series(obj, point, eta, check, kind)
    except UndecidedError as exc:
        return NewtonRate(point, None, None, None, None, eta, None, None, kind=kind,
                          note=f"order undecided: {exc}")
    first = 1 - eta / m
    if sp.sympify(eta).free_symbols:
        const = sp.Abs(first)
        return NewtonRate(point, 1, const, first, m, eta, first * e, None, kind=kind,
                          note=f"symbolic step: linear with rate |1 - eta/{m}| for eta != {m} (x* a root of f' of "
                               f"multiplicity {m}); it converges for 0 < eta < {2 * m}; at eta = {m} the order is "
                               "higher (pass that value)")
    if _zero_test(first) is False:
        const = sp.Abs(first)
        s1 = _sign(const - 1)
        converges = None if s1 is None else s1 < 0
        note = (f"x* is a root of f' of multiplicity {m}: linear with rate |1 - eta/m| = {const}" if m > 1
                else f"damped Newton: linear with rate |1 - eta| = {const}")
        return _with_check(obj, point, eta, check, kind, 1, const, first, m, first * e, converges, note)
    for k in range(1, len(Q)):
        try:
            if field.is_zero(Q[k]):
                continue
        except UndecidedError as exc:
            return NewtonRate(point, None, None, None, m, eta, None, None, kind=kind,
                              note=f"order undecided: {exc}")
        c = -eta * field.to_expr(Q[k])
        p = k + 1
        const = c if _sign(c) == 1 else -c if _sign(c) == -1 else sp.Abs(c)
        note = "exact arithmetic in QQ(x*) (x* algebraic); " if isinstance(field, _AlgebraicField) else ""
        if p == 2 and m == 1:
            note += "f''(x*) != 0: quadratic, c = f'''(x*)/(2 f''(x*))"
        elif m == 1:
            note += f"f''(x*) != 0, f'''(x*) = 0: order {p} (series of the Newton map)"
        else:
            note += f"x* a root of f' of multiplicity {m} and step eta = {m}: order {p} (series of the Newton map)"
        enc = field.enclosure(Q[k])
        if enc is not None and not isinstance(c, sp.Rational):
            ae = float(abs(eta))
            lo, hi = sorted((abs(enc[0]) * ae, abs(enc[1]) * ae))
            if enc[0] <= 0 <= enc[1]:
                lo = 0.0
            note += f"; certified enclosure of the constant: [{lo:.17g}, {hi:.17g}]"
        return _with_check(obj, point, eta, check, kind, p, const, c, m, c * e**p, True, note)
    return NewtonRate(point, None, sp.Integer(0), sp.Integer(0), m, eta, sp.Integer(0), True, kind=kind,
                      note=f"every series coefficient up to e^{len(Q)} vanishes: the Newton map is exact near x* "
                           "(f quadratic there) or of order above the terms computed")


def _with_check(obj: Any, point: dict, eta: Any, check: bool, kind: str, p: int, const: Any, c: Any, m: Any,
                lead: Any, converges: Any, note: str) -> NewtonRate:
    emp_p = emp_c = None
    if check and not sp.sympify(eta).free_symbols:
        try:
            emp = empirical_order(obj, point, eta, order_hint=p, dps=200 if p <= 2 else 400)
        except (ValueError, TypeError, ZeroDivisionError, ArithmeticError, NameError):
            emp = None
        if emp is not None:
            emp_p, emp_c = emp
    return NewtonRate(point, int(p), const, c, m, eta, lead, converges, emp_p, emp_c, kind, note)


def _newton_1d_series(obj: Any, point: dict, eta: sp.Expr, check: bool, kind: str) -> NewtonRate:
    """The series route (non-smooth objectives, or when the exact Taylor route runs out of budget)."""
    (x,) = obj.variables
    x0 = point[x]
    g = obj.gradient[0]
    e = sp.Symbol("e", real=True)
    h = obj.hessian[0, 0]
    m = _multiplicity(g, x, x0)
    E = (e - eta * g / h).xreplace({x: x0 + e})
    try:
        exact = run_with_budget(lambda: _budgeted_simplify(sp.cancel(E)), step="simplify") == 0
    except BudgetExceeded:
        exact = False
    if exact:
        return NewtonRate(point, None, sp.Integer(0), sp.Integer(0), m, eta, sp.Integer(0), True, kind=kind,
                          note="the Newton map sends every nearby point to x* in one step (f is quadratic near x*)")
    lead = _series_leading(E, e)
    if lead is None:
        return NewtonRate(point, None, None, None, m, eta, None, None, kind=kind,
                          note="the series of the Newton map could not be computed within budget")
    c, p = lead
    const = _budgeted_simplify(sp.Abs(c))
    if p == 1:
        converges = _sign(const - 1) == -1 if _sign(const - 1) is not None else None
    else:
        converges = True
    if p >= 2 and m == 1 and eta == 1:
        note = "f''(x*) != 0: " + ("quadratic, c = f'''(x*)/(2 f''(x*))" if p == 2
                                  else f"f'''(x*) = 0, so order {p} (series of the Newton map)")
    elif p == 1 and m and m > 1:
        note = f"x* is a root of f' of multiplicity {m}: linear with rate |1 - eta/m| = {const}"
    elif p == 1 and m == 1:
        note = f"damped Newton: linear with rate |1 - eta| = {const}"
    elif p == 1:
        note = f"linear with rate {const} (leading term of the Newton map's series)"
    else:
        note = f"leading term of the Newton map's error: {c}*e**{p}"
    return _with_check(obj, point, eta, check, kind, p, const, c, m, c * e**p, converges, note)


def _budgeted_simplify(e: sp.Expr) -> sp.Expr:
    """``simplify`` under the ``simplify`` budget; the expression unchanged when it runs out."""
    try:
        return run_with_budget(sp.simplify, e, step="simplify")
    except BudgetExceeded:
        return e


def _budgeted_factor(e: sp.Expr) -> sp.Expr:
    """``factor`` under the ``factor`` budget; the expression unchanged when it runs out or fails."""
    try:
        return run_with_budget(sp.factor, e, step="factor")
    except (BudgetExceeded, sp.PolynomialError, NotImplementedError, TypeError, ValueError):
        return e


def _newton_numeric(obj: Any, point: dict, eta: sp.Expr, check: bool, kind: str) -> NewtonRate:
    """Newton at a numerically found critical point: refine it at 60 digits, then read
    the order from derivative values (decided only when they are clearly non-zero)."""
    import mpmath

    if obj.n != 1:
        return NewtonRate(point, None, None, kind=kind, eta=eta,
                          note="numeric critical point in several dimensions: order not derived")
    (x,) = obj.variables
    third = sp.diff(obj.hessian[0, 0], x)
    if third.has(sp.DiracDelta, sp.Heaviside, sp.Piecewise, sp.sign):
        return NewtonRate(point, None, None, kind=kind, eta=eta,
                          note="f is not three times differentiable (a kink or jump in its derivatives): "
                               "order not derived at a numeric critical point")
    g = _mp_callable(x, obj.gradient[0])
    h = _mp_callable(x, obj.hessian[0, 0])
    t = _mp_callable(x, third)
    with mpmath.workdps(60):
        try:
            xs = mpmath.findroot(g, mpmath.mpf(float(point[x])))
            gv, hv, tv = g(xs), h(xs), t(xs)
        except (ValueError, ZeroDivisionError, TypeError, NameError):
            return NewtonRate(point, None, None, kind=kind, eta=eta, note="could not refine the numeric critical point")
        refined = {x: sp.Float(mpmath.nstr(xs, 50), 50)}
        if abs(gv) > mpmath.mpf(10) ** -30:
            raise DomainError(f"{_fmt(point)} is not a critical point")
        if abs(hv) < mpmath.mpf(10) ** -20:
            return NewtonRate(refined, None, None, kind=kind, eta=eta,
                              note="the second derivative is numerically 0: the order cannot be decided from numbers")
        if eta != 1:
            rate = sp.Abs(1 - eta)
            return NewtonRate(refined, 1, rate, 1 - eta, 1, eta, None, _sign(rate - 1) == -1, kind=kind,
                              note="damped Newton at a numeric critical point: linear with rate |1 - eta|")
        if abs(tv) < mpmath.mpf(10) ** -20:
            return NewtonRate(refined, None, None, None, 1, eta, None, True, kind=kind,
                              note="the third derivative is numerically 0: order >= 3, not decided from numbers")
        c_f = sp.Float(mpmath.nstr(tv / (2 * hv), 30), 30)
    emp_p = emp_c = None
    if check:
        emp = empirical_order(obj, refined, eta, order_hint=2, dps=120)
        if emp is not None:
            emp_p, emp_c = emp
    e = sp.Symbol("e", real=True)
    return NewtonRate(refined, 2, abs(c_f), c_f, 1, eta, c_f * e**2, True, emp_p, emp_c, kind,
                      "numeric critical point (refined to 60 digits): quadratic, c = f3(x*)/(2 f2(x*))")


def _newton_nd(obj: Any, point: dict, eta: sp.Expr, kind: str) -> NewtonRate:
    import numpy as np

    H = obj.hessian.xreplace(point)
    det = run_with_budget(H.det, step="eigen")
    if det == 0 or _zero_test(det) is True:
        return NewtonRate(point, None, None, None, None, eta, None, None, kind=kind,
                          note="the Hessian is singular at x*: the Newton map is not defined there (order undecided)")
    n = obj.n
    if eta != 1:
        rate = sp.Abs(1 - eta)
        return NewtonRate(point, 1, rate, 1 - eta, None, eta, None, _sign(rate - 1) == -1, kind=kind,
                          note="Jacobian of the damped Newton map at x* is (1 - eta) I")
    us = sp.symbols(f"u1:{n + 1}", real=True)
    Hinv = H.inv()
    T = [[[sp.diff(obj.hessian[i, j], obj.variables[k]).xreplace(point) for k in range(n)]
          for j in range(n)] for i in range(n)]
    vec = sp.Matrix([sum(T[i][j][k] * us[j] * us[k] for j in range(n) for k in range(n)) for i in range(n)])
    second = (Hinv * vec / 2).applyfunc(sp.expand)
    xs_ = obj.variables
    if all(c == 0 for c in second) and obj.expr.is_polynomial(*xs_) and sp.Poly(obj.expr, *xs_).total_degree() <= 2:
        return NewtonRate(point, None, sp.Integer(0), sp.Integer(0), None, eta, sp.Integer(0), True, kind=kind,
                          note="f is quadratic: the Newton map sends every point to x* in one step")
    if all(c == 0 for c in second):
        return NewtonRate(point, None, None, None, None, eta, None, True, kind=kind,
                          note="third derivatives vanish at x*: order >= 3 (not derived in several dimensions)")
    numeric = [c.xreplace({a: sp.Float(sp.N(a, 30), 30) for a in c.atoms(sp.CRootOf)}) for c in second]
    f = sp.lambdify(us, numeric, modules="numpy", dummify=True)
    rng = np.random.default_rng(0)
    eye = np.eye(n)
    pairs = [(eye[i] + s * eye[j]) / np.sqrt(2) for i in range(n) for j in range(i + 1, n) for s in (1, -1)]
    U = np.vstack([eye, *(pairs or [eye[:0]]), rng.normal(size=(4000, n))])
    U /= np.linalg.norm(U, axis=1, keepdims=True)
    # a component that is identically 0 comes back from lambdify as the scalar 0: broadcast each one
    vals = np.stack([np.broadcast_to(np.asarray(c, dtype=float), (U.shape[0],)) for c in f(*U.T)])
    C = float(np.max(np.linalg.norm(vals, axis=0)))
    upper = _newton_constant_upper_bound(H, T)
    bound = "" if upper is None else f"; certified upper bound {upper:.6g} = ||H^-1||_2 ||D^3f||_F / 2"
    return NewtonRate(point, 2, C, None, None, eta, tuple(second), True, kind=kind,
                      note="quadratic: e' = 1/2 H^{-1} D^3 f[e, e]; constant = max over the axes, their "
                           "diagonals and 4000 sampled unit directions (an estimate from below)" + bound +
                           ". Quadratic convergence is local: |x_0 - x*| < 2 mu/(3 M) suffices (H(x*) >= mu I, "
                           "H M-Lipschitz)")


def _newton_constant_upper_bound(H: sp.Matrix, T: list) -> float | None:
    """``||H^-1||_2 ||T||_F / 2`` rounded up: ``|1/2 H^-1 T[u, u]| <= ||H^-1|| ||T[u, u]|| <= ||H^-1|| ||T||_F``
    for a unit ``u``; ``||H^-1||_2 = 1/sqrt(lambda_min(H^2))`` with a rigorous lower bound on that eigenvalue."""
    import mpmath

    try:
        Hn = H.applyfunc(lambda e: sp.N(e, 40))
        lam = _min_eigenvalue_lower_bound((Hn * Hn).applyfunc(lambda e: sp.N(e, 40)))
        if not lam > 0:
            return None
        with mpmath.workprec(120):
            fro = mpmath.sqrt(sum(mpmath.mpmathify(sp.N(t, 40)) ** 2 for row in T for col in row for t in col))
            val = fro / (2 * mpmath.sqrt(mpmath.mpf(lam)))
            out = float(val)
            return math.nextafter(out, math.inf) if mpmath.mpf(out) < val else out
    except (TypeError, ValueError, ArithmeticError):
        return None


# ------------------------------------------------------- order of any iteration


@dataclass(frozen=True, repr=False)
class IterationOrder:
    """Local order of convergence of an iteration ``x <- F(x)`` at a fixed point ``x*``.

    ``|e_{k+1}| ~ constant * |e_k|^order`` with ``e_k = x_k - x*``, read off the
    first non-zero Taylor coefficient of the error map ``E(e) = F(x* + e) - x*``.

    Attributes:
        map: ``F`` (one expression; a tuple for a vector iteration).
        point: ``{x: x*}``.
        order: 1, 2, 3, ... or ``None`` (undecided, see ``note``).
        constant: ``|c|`` for the leading term ``c e^p`` (scalar); for order 1 the
            rate (the spectral radius of the Jacobian for a vector iteration).
        signed_constant: ``c`` (scalar iterations).
        coefficients: the error map's Taylor coefficients ``c_1, c_2, ...`` computed (scalar).
        converges: ``True`` when iterates close enough to x* converge (order >= 2, or
            rate < 1), ``False`` when the rate is > 1, ``None`` when undecided (rate 1).
        empirical_order, empirical_constant: the same read from mpmath iterates.
        note: how it was decided.
    """

    map: Any
    point: dict
    order: int | None
    constant: Any
    signed_constant: Any = None
    coefficients: tuple = ()
    converges: bool | None = None
    empirical_order: float | None = None
    empirical_constant: float | None = None
    note: str = ""

    def __repr__(self) -> str:
        where = ", ".join(f"{k}={_clip(v, 30)}" for k, v in self.point.items())
        if self.order is None:
            return f"IterationOrder({where}: order undecided)"
        return f"IterationOrder({where}: order {self.order}, constant {_clip(self.constant, 40)})"

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        s = lambda v: None if v is None else str(v)  # noqa: E731
        return {"map": s(self.map), "point": {k.name: str(v) for k, v in self.point.items()},
                "order": self.order, "constant": s(self.constant), "constant_float": _maybe_float(self.constant),
                "signed_constant": s(self.signed_constant), "converges": self.converges,
                "empirical_order": self.empirical_order, "empirical_constant": self.empirical_constant,
                "note": self.note}


def _read_map(rule: Any, variable: Any = None) -> tuple[list[sp.Symbol], list[sp.Expr]]:
    """``(variables, images)`` from ``"x - f/f'"``, ``"x = ..."``, ``"x = ...; y = ..."`` or SymPy."""
    from .core.parse import parse_symbols

    if isinstance(rule, str) and "=" in rule.replace("==", "").replace("<=", "").replace(">=", ""):
        pieces = [p.strip() for line in rule.split("\n") for p in line.split(";") if p.strip()]
        names, images = [], []
        for piece in pieces:
            if piece.count("=") != 1:
                raise ParseError(f"expected 'name = expression', got {piece!r}", piece, 0)
            lhs, rhs = piece.split("=")
            (name,) = parse_symbols([lhs.strip()])
            names.append(name)
            images.append(parse(rhs))
        env = {}
        out = []
        for nm, img in zip(names, images):  # simultaneous: every right-hand side uses the old values
            out.append(img)
        return names, out
    if isinstance(rule, (list, tuple)):
        exprs = [parse(r) if isinstance(r, str) else as_expression(r) for r in rule]
    else:
        exprs = [parse(rule) if isinstance(rule, str) else as_expression(rule)]
    if variable is not None:
        vs = list(parse_symbols(variable))
    else:
        free = set().union(*[e.free_symbols for e in exprs])
        vs = sorted(free, key=lambda t: t.name) if len(exprs) == len(free) else []
        if not vs and len(exprs) == 1 and len(free) >= 1:
            cands = [s for s in free if s.name == "x"]
            vs = cands if cands else []
        if len(vs) != len(exprs):
            raise DimensionError("name the iteration's variable(s): variable='x' (or write 'x = ...')")
    if len(vs) != len(exprs):
        raise DimensionError(f"{len(exprs)} update expression(s) for {len(vs)} variable(s)")
    return vs, exprs


def _rational_parts(F: sp.Expr, x: sp.Symbol) -> tuple[sp.Poly, sp.Poly] | None:
    try:
        num, den = sp.fraction(run_with_budget(sp.together, F, step="simplify"))
        if not (num.is_polynomial(x) and den.is_polynomial(x)):
            return None
        N, D = sp.Poly(num, x), sp.Poly(den, x)
    except (BudgetExceeded, sp.PolynomialError, TypeError, ValueError):
        return None
    if not all(c.is_Rational for c in N.coeffs() + D.coeffs()):
        return None
    return N, D


def _error_coefficients(F: sp.Expr, x: sp.Symbol, x0: sp.Expr, count: int) -> tuple[Any, list]:
    """``(field, [E_0, E_1, ..., E_count])``: Taylor coefficients of ``F(x0 + e) - x0`` in exact arithmetic.

    A rational ``F`` with rational coefficients is expanded as a quotient of
    two Taylor-shifted polynomials (common powers of ``e`` cancelled: removable
    singularities such as ``f/f'`` at a multiple root are fine), in ``QQ(x0)``
    when ``x0`` is algebraic.  Otherwise the derivatives of ``F`` at ``x0``.
    """
    parts = _rational_parts(F, x)
    if parts is not None:
        N, D = parts
        field = _AlgebraicField.of(x0) or _ExprField()

        def taylor(P: sp.Poly) -> list:
            if P.is_zero:
                return [field.const(0)]
            out, d, fact = [], P, 1
            for k in range(P.degree() + 1):
                val = field.of_poly(d) if isinstance(field, _AlgebraicField) else d.as_expr().xreplace({x: x0})
                out.append(field.div(val, field.const(fact)))
                d = d.diff(x)
                fact *= k + 1
            return out

        Nc, Dc = taylor(N), taylor(D)
        a = next((k for k, c in enumerate(Nc) if not field.is_zero(c)), None)
        b = next((k for k, c in enumerate(Dc) if not field.is_zero(c)), None)
        if b is None:
            raise DomainError("the iteration map's denominator vanishes identically")
        if a is None:
            coeffs = [field.const(0)] * (count + 1)
        else:
            if a < b:
                raise DomainError(f"the iteration map has a pole at {x} = {x0}")
            Np, Dp = Nc[a:], Dc[b:]
            pad = lambda L: L + [field.const(0)] * (count + 1 - len(L)) if len(L) < count + 1 else L  # noqa: E731
            Np, Dp = pad(Np), pad(Dp)
            Q = [field.div(Np[0], Dp[0])]
            for k in range(1, count + 1):
                acc = Np[k]
                for j in range(1, k + 1):
                    acc = acc - field.mul(Dp[j], Q[k - j])
                Q.append(field.div(acc, Dp[0]))
            shift = a - b
            coeffs = [field.const(0)] * shift + Q
            coeffs = coeffs[: count + 1]
        coeffs[0] = coeffs[0] - field.const(x0) if not isinstance(field, _AlgebraicField) else \
            coeffs[0] - field.of_poly(sp.Poly(x, x))
        if len(coeffs) > 1:
            pass
        return field, coeffs
    field = _ExprField()
    coeffs = []
    d = F
    fact = 1
    for k in range(count + 1):
        v = d.xreplace({x: x0})
        if v.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            v = run_with_budget(sp.limit, d, x, x0, step="series")
        coeffs.append(v / fact - (x0 if k == 0 else 0))
        d = sp.diff(d, x)
        fact *= k + 1
    return field, coeffs


@_symopt_errors_only
def order(rule: Any, at: Any, variable: Any = None, check: bool = True, max_order: int = 8) -> IterationOrder:
    """Order and asymptotic constant of a user-written iteration at a fixed point.

    The error map ``E(e) = F(x* + e) - x*`` is expanded exactly: ``E(0) = 0``
    (else ``at`` is not a fixed point), and its first non-zero Taylor
    coefficient ``c_p e^p`` gives ``|e_{k+1}| ~ |c_p| |e_k|^p``.  Zero tests are
    exact (arithmetic in ``QQ(x*)`` for rational maps at algebraic points) or
    certified (interval enclosure excluding 0; exact simplification to 0);
    otherwise the order is undecided, never guessed.  An mpmath run at high
    precision cross-checks the order and constant.

    A vector iteration ``x = ...; y = ...`` is linear with rate ``rho(J)``
    (spectral radius of the Jacobian at x*) when ``J != 0``; when ``J = 0`` and a
    second derivative is non-zero, it is quadratic (constant not reduced to a
    number: it depends on the norm).

    Args:
        rule: ``"x - (x**3 - 2)/(3*x**2)"`` or ``"x = ..."`` (or several lines
            for a vector iteration), or SymPy.
        at: the fixed point (``"x = 2**(1/3)"``, a number, a dict).
        variable: the variable, when the rule has several symbols.
        check: run the mpmath cross-check.
        max_order: the highest order looked for.

    >>> r = order("x - 2*(x**3 - 2)*3*x**2/(2*(3*x**2)**2 - (x**3 - 2)*6*x)", at="2**(1/3)")
    >>> r.order, r.constant
    (3, 2**(1/3)/3)
    >>> order("x - 2*(x - 1)**2*(x + 3)/(2*(x - 1)*(x + 3) + (x - 1)**2)", at=1).order
    2
    """
    vs, images = _read_map(rule, variable)
    if isinstance(at, Mapping):
        point = {(symbol(k) if isinstance(k, str) else symbol(k.name)): as_expression(v) for k, v in at.items()}
    elif isinstance(at, str) and "=" in at:
        from .core.parse import parse_assignments

        point = dict(parse_assignments(at))
    elif isinstance(at, (list, tuple)):
        point = {v: as_expression(a) for v, a in zip(vs, at)}
    else:
        point = {vs[0]: parse(at) if isinstance(at, str) else as_expression(at)}
    missing = [v.name for v in vs if v not in point]
    if missing:
        raise DimensionError(f"the fixed point gives no value for {', '.join(missing)}")
    extra = set().union(*[e.free_symbols for e in images]) - set(vs)
    if len(vs) > 1:
        return _order_vector(vs, images, point, extra)
    (x,) = vs
    F = images[0]
    x0 = point[x]
    if F.has(sp.Abs, sp.Max, sp.Min, sp.Heaviside, sp.sign, sp.Piecewise, sp.floor, sp.ceiling):
        return IterationOrder(F, point, None, None, note="the map is not smooth (abs/max/sign/...): order not derived")
    try:
        field, coeffs = run_with_budget(_error_coefficients, F, x, x0, max_order, step="taylor")
        if extra:
            raise UndecidedError("parameters " + ", ".join(sorted(s.name for s in extra)))
        if not field.is_zero(coeffs[0]):
            raise DomainError(f"{x} = {x0} is not a fixed point of the iteration (F(x*) - x* = "
                              f"{_clip(field.to_expr(coeffs[0]))})")
        p = next((k for k in range(1, len(coeffs)) if not field.is_zero(coeffs[k])), None)
    except BudgetExceeded as exc:
        return IterationOrder(F, point, None, None, note=f"the error map's coefficients ran out of budget ({exc})")
    except (DomainError, DimensionError, ParameterError, ParseError):
        raise
    except (TypeError, ValueError, ArithmeticError, NotImplementedError, AttributeError, sp.PolynomialError) as exc:
        return IterationOrder(F, point, None, None,
                              note=f"order undecided: SymPy could not expand the error map ({type(exc).__name__})")
    except UndecidedError as exc:
        if extra:
            return _order_symbolic(F, x, x0, point, extra)
        return IterationOrder(F, point, None, None, note=f"order undecided: {exc}")
    exprs = tuple(field.to_expr(c) for c in coeffs[1:(p or max_order) + 1])
    if p is None:
        return IterationOrder(F, point, None, None, coefficients=exprs, converges=True,
                              note=f"every Taylor coefficient of the error map up to e^{max_order} vanishes: "
                                   f"order > {max_order} (or the map is x* near x*)")
    c = field.to_expr(coeffs[p])
    sgn = _sign(c)
    const = c if sgn == 1 else -c if sgn == -1 else sp.Abs(c)
    if p == 1:
        s1 = _sign(const - 1)
        converges = None if s1 in (None, 0) else s1 < 0
        note = f"linear: rate |F'(x*)| = {const}"
        if s1 == 0:
            note += " = 1: the linearisation is inconclusive (not exponentially convergent)"
    else:
        converges = True
        note = f"F'(x*) = 0{', ..., F^(' + str(p - 1) + ')(x*) = 0' if p > 2 else ''}: order {p}, c = F^({p})(x*)/{p}!"
    if isinstance(field, _AlgebraicField):
        note += "; exact arithmetic in QQ(x*)"
        enc = field.enclosure(coeffs[p])
        if enc is not None:
            lo, hi = sorted((abs(enc[0]), abs(enc[1])))
            note += f"; certified enclosure of the constant [{lo:.17g}, {hi:.17g}]"
    emp_p = emp_c = None
    if check:
        emp = _empirical_iteration(F, x, x0, p)
        if emp is not None:
            emp_p, emp_c = emp
    return IterationOrder(F, point, p, const, c, exprs, converges, emp_p, emp_c, note)


def _order_symbolic(F: sp.Expr, x: sp.Symbol, x0: sp.Expr, point: dict, params: set) -> IterationOrder:
    """With symbolic parameters: the linear coefficient ``F'(x*)`` as an expression."""
    try:
        c1 = _budgeted_simplify(sp.diff(F, x).xreplace({x: x0}))
    except (TypeError, ValueError):
        c1 = None
    names = ", ".join(sorted(s.name for s in params))
    if c1 is None or c1.has(sp.nan, sp.zoo):
        return IterationOrder(F, point, None, None, note=f"order undecided with symbolic {names}")
    return IterationOrder(F, point, 1, sp.Abs(c1), c1, (c1,), None,
                          note=f"symbolic {names}: linear with rate |F'(x*)| = |{c1}| where that is not 0 "
                               "(higher order where it vanishes: pass values)")


def _order_vector(vs: list, images: list, point: dict, extra: set) -> IterationOrder:
    X = sp.Matrix(vs)
    F = sp.Matrix(images)
    J = run_with_budget(lambda: F.jacobian(X).xreplace(point), step="taylor")
    res = [img.xreplace(point) - point[v] for v, img in zip(vs, images)]
    if any(_zero_test(r) is False for r in res):
        raise DomainError(f"{_fmt(point)} is not a fixed point of the iteration")
    if J.has(sp.nan, sp.zoo, sp.oo):
        return IterationOrder(tuple(images), point, None, None, note="the Jacobian has no finite value at x*")
    if extra:
        return IterationOrder(tuple(images), point, 1 if J != sp.zeros(*J.shape) else None, None,
                              note=f"symbolic parameters {', '.join(sorted(s.name for s in extra))}: the "
                                   f"Jacobian at x* is {J.tolist()}")
    if all(_zero_test(e) is True for e in J):
        second = []
        for img in images:
            Hs = sp.hessian(img, vs).xreplace(point)
            second.append(Hs)
        if any(_zero_test(e) is False for Hs in second for e in Hs):
            return IterationOrder(tuple(images), point, 2, None, converges=True,
                                  coefficients=tuple(second),
                                  note="J(x*) = 0 and a second derivative is non-zero: quadratic; the constant is "
                                       "the quadratic map e -> 1/2 [e^T H_i e]_i (norm-dependent)")
        return IterationOrder(tuple(images), point, None, None, converges=True,
                              note="J(x*) = 0 and the second derivatives vanish: order >= 3 (not derived for vectors)")
    from .exact.schur import characteristic_polynomial, eigenvalues, unit_circle_analysis

    ev = eigenvalues(J)
    where = unit_circle_analysis(characteristic_polynomial(J))
    rho = None
    if ev is not None:
        try:
            mods = [_budgeted_simplify(sp.Abs(e)) for e in ev]
            ordered = _order(mods)
            rho = ordered[-1] if ordered else None
        except (TypeError, ValueError):
            rho = None
    conv = {"inside": True, "outside": False}.get(where) if where else None
    if rho is not None and _zero_test(rho) is True:
        return IterationOrder(tuple(images), point, None, sp.Integer(0), None, (J,), True,
                              note="the Jacobian at x* is nilpotent (spectral radius 0, J != 0): superlinear; "
                                   "the order is not derived for this vector iteration")
    return IterationOrder(tuple(images), point, 1, rho, None, (J,), conv,
                          note="linear: rate = spectral radius of the Jacobian at x*"
                               + (" (exactly 1: inconclusive)" if where == "circle" else ""))


def _empirical_iteration(F: sp.Expr, x: sp.Symbol, x0: sp.Expr, p: int, dps: int = 400) -> tuple[float, float] | None:
    """Order and constant from mpmath iterates of ``F`` near ``x0`` (independent of the series)."""
    import mpmath

    try:
        f = _mp_callable(x, F)
        with mpmath.workdps(dps):
            xs = mpmath.mpf(sp.N(x0, dps + 10))
            e0 = mpmath.mpf("1e-1") if p == 1 else mpmath.mpf("1e-2")
            cur = xs + e0
            errs = [abs(cur - xs)]
            floor = mpmath.mpf(10) ** (-(dps // 2))
            for _ in range(80 if p == 1 else 30):
                cur = f(cur)
                err = abs(cur - xs)
                if err < floor or err == 0:
                    break
                errs.append(err)
            return _observed_order(errs)
    except (ValueError, TypeError, ZeroDivisionError, ArithmeticError, NameError):
        return None



@dataclass(frozen=True)
class NewtonRegion:
    """A certified ball of quadratic convergence for Newton's method around a minimum.

    Nesterov (2004, Thm 1.2.5): if ``H`` is M-Lipschitz on the ball, ``H(x*) >= mu I``
    with ``mu > 0`` and ``|x_0 - x*| < r = 2 mu / (3 M)``, the iterates stay in the
    ball and ``|e_{k+1}| <= M |e_k|^2 / (2 (mu - M |e_k|))``.

    Attributes:
        mu: lower bound on the smallest Hessian eigenvalue at x*.
        M: upper bound on the Hessian's Lipschitz constant over the box (spectral
            norm), from interval enclosures of every third derivative:
            ``M = sqrt(sum_ijk max |d^3 f / dx_i dx_j dx_k|^2)``.
        radius: ``2 mu / (3 M)``, shrunk to the largest ball around x* inside the box.
        certified: all bounds are rigorous (interval arithmetic, exact or
            outward-rounded eigenvalue bound).
    """

    point: dict
    mu: float
    M: float
    radius: float
    certified: bool

    def next_error_bound(self, error: float) -> float:
        """``M e^2 / (2 (mu - M e))`` for an error ``e`` inside the ball."""
        if not 0 <= error < self.radius:
            raise DomainError(f"error {error} is outside the ball of radius {self.radius}")
        return self.M * error**2 / (2 * (self.mu - self.M * error))


@_symopt_errors_only
def newton_region(objective: Any, at: Any, box: Mapping[Any, tuple[Any, Any]]) -> NewtonRegion:
    """Certified radius of Newton's local quadratic convergence at a strict local minimum.

    Raises:
        DomainError: ``at`` is not a critical point, not inside the box, or not a
            strict minimum (``mu <= 0``).
        UndecidedError: a third derivative cannot be enclosed on the box.

    >>> r = newton_region("x**2 + x**3", "x=0", {"x": (-1, 1)})
    >>> r.mu, r.M, round(r.radius, 6)
    (2.0, 6.0, 0.222222)
    """
    import itertools

    import mpmath

    from .exact import interval as _interval
    from .core.objective import Objective

    # the user's plain symbols: the analyses need SymPy to know the variables are real
    obj = (objective if isinstance(objective, Objective) else Objective(objective)).with_real_symbols()
    if obj.params:
        raise ParameterError("bind the parameters first")
    point = _as_point(obj, at)
    if any(_sign(_budgeted_simplify(g)) not in (0,) for g in obj.gradient.xreplace(point)):
        raise DomainError(f"{_fmt(point)} is not a critical point")
    bounds = {}
    for k, (lo, hi) in box.items():
        s = symbol(k) if isinstance(k, str) else k
        bounds[s] = (as_expression(lo), as_expression(hi))
    if any(v not in bounds for v in obj.variables):
        raise DomainError("the box must give a range for every variable")
    inside = min(min(point[v] - bounds[v][0], bounds[v][1] - point[v]) for v in obj.variables)
    if not inside > 0:
        raise DomainError("the point must lie inside the box")
    H = obj.hessian.xreplace(point)
    lam_min = _min_eigenvalue_lower_bound(H)
    if not lam_min > 0:
        raise DomainError("not a strict local minimum (smallest Hessian eigenvalue <= 0): no quadratic-convergence ball")
    env = {v: _box_interval(*bounds[v]) for v in obj.variables}
    total = mpmath.mpf(0)
    xs = obj.variables
    for i, j, k in itertools.product(range(obj.n), repeat=3):
        third = sp.diff(obj.hessian[i, j], xs[k])
        if third == 0:
            continue
        try:
            enc = _interval.enclose(third, env)
        except _interval.Undefined as exc:
            raise UndecidedError(f"cannot enclose a third derivative on the box: {exc}") from None
        t = max(abs(_interval.lower(enc)), abs(_interval.upper(enc)))
        total += t * t
    with mpmath.workprec(120):
        root = mpmath.sqrt(total)
        M = float(root)
        if mpmath.mpf(M) < root:
            M = math.nextafter(M, math.inf)
        if M == 0:
            radius = math.inf
        else:
            exact_r = 2 * mpmath.mpf(lam_min) / (3 * mpmath.mpf(M))
            radius = float(exact_r)
            if mpmath.mpf(radius) > exact_r:
                radius = math.nextafter(radius, 0.0)
        room = float(sp.N(inside, 30))
        if sp.Float(room, 30) > inside:
            room = math.nextafter(room, 0.0)
    return NewtonRegion(point, lam_min, M, min(radius, room), True)


def _min_eigenvalue_lower_bound(H: sp.Matrix) -> float:
    """A float that is <= the smallest eigenvalue of the symmetric constant matrix ``H``."""
    if H.shape == (1, 1):
        v = H[0, 0]
        f = float(v)
        return f if v.is_Rational and sp.Rational(f) <= v else math.nextafter(f, -math.inf) - 1e-15 * abs(f)
    import numpy as np

    w = np.linalg.eigvalsh(np.array(H.evalf(30).tolist(), dtype=float))
    # eigvalsh is backward stable: the error is below n * eps * ||H||; subtract a margin of that size
    margin = 8 * H.rows * np.finfo(float).eps * float(np.max(np.abs(w)))
    return float(w[0] - margin)


def _mp_callable(variable: sp.Symbol, expr: sp.Expr) -> Callable[[Any], Any]:
    """An mpmath function of one variable for a SymPy expression (derivatives included).

    ``Heaviside`` and ``DiracDelta`` (from derivatives of ``abs``, ``max``,
    ``relu``) have no mpmath counterpart: ``Heaviside(z, h0)`` is 0, 1 or ``h0``;
    ``DiracDelta(z)`` is 0 away from 0 and raises ``ValueError`` at 0, where it
    has no value.
    """
    import mpmath

    def heaviside(z: Any, at_zero: Any = mpmath.mpf(1) / 2) -> Any:
        return mpmath.mpf(1) if z > 0 else mpmath.mpf(0) if z < 0 else at_zero

    def dirac_delta(z: Any, *order: Any) -> Any:
        if z == 0:
            raise ValueError("DiracDelta has no value at 0")
        return mpmath.mpf(0)

    translations = {"Heaviside": heaviside, "DiracDelta": dirac_delta, "sign": mpmath.sign}
    return sp.lambdify(variable, expr, modules=[translations, "mpmath"], dummify=True)


def empirical_order(objective: Any, point: dict, eta: Any = 1, order_hint: int | None = None,
                    start: float | None = None, dps: int = 400) -> tuple[float, float] | None:
    """Order and constant estimated from Newton iterates at high precision (mpmath).

    Iterates ``x <- x - eta f'/f''`` from ``x* + start`` at ``dps`` digits and
    estimates ``p ~ log(e_{k+1}/e_k) / log(e_k/e_{k-1})`` from the last three
    errors above the noise floor, and ``C ~ e_{k+1} / e_k^p`` with the rounded p.

    Returns:
        ``(order, constant)`` or ``None`` (too few usable iterates).
    """
    import mpmath

    from .core.objective import Objective

    # the user's plain symbols: the analyses need SymPy to know the variables are real
    obj = (objective if isinstance(objective, Objective) else Objective(objective)).with_real_symbols()
    (x,) = obj.variables
    x0 = point[x]
    g = _mp_callable(x, obj.gradient[0])
    h = _mp_callable(x, obj.hessian[0, 0])
    with mpmath.workdps(dps):
        if not x0.is_number:
            return None
        xs = mpmath.mpf(sp.N(x0, dps + 10))
        if x0.has(sp.Float):
            try:
                xs = mpmath.findroot(g, xs, tol=mpmath.mpf(10) ** (-dps + 10))
            except (ValueError, ZeroDivisionError):
                return None
        step = mpmath.mpf(sp.N(as_expression(eta), dps))
        linear = order_hint == 1
        e0 = mpmath.mpf(start) if start is not None else (mpmath.mpf("1e-1") if linear else mpmath.mpf("1e-2"))
        cur = xs + e0
        errs = [abs(cur - xs)]
        floor = mpmath.mpf(10) ** (-(dps // 2))
        for _ in range(60 if linear else 30):
            try:
                hv = h(cur)
                if hv == 0:
                    break
                cur = cur - step * g(cur) / hv
            except (ValueError, ZeroDivisionError, TypeError):  # an iterate at a kink: no value there
                break
            err = abs(cur - xs)
            if err < floor or err == 0:
                break
            errs.append(err)
        return _observed_order(errs)


def _observed_order(errs: Sequence[Any]) -> tuple[float, float] | None:
    """Order and constant from the last three errors of a run: ``p = log(e3/e2) / log(e2/e1)``,
    ``C = e3 / e2**p`` with ``p`` rounded when within 0.1 of an integer; ``None`` unless
    there are at least four errors and the last three strictly decrease."""
    import mpmath

    if len(errs) < 4 or any(b >= a for a, b in zip(errs[-3:], errs[-2:])):
        return None
    e1, e2, e3 = errs[-3], errs[-2], errs[-1]
    p = mpmath.log(e3 / e2) / mpmath.log(e2 / e1)
    pr = round(float(p)) if abs(float(p) - round(float(p))) < 0.1 else float(p)
    return float(p), float(e3 / e2 ** pr)


# --------------------------------------------------------------------------- SGD


@dataclass(frozen=True)
class SGDBound:
    """D2L (11.4.16) for a schedule: ``E[R(w_bar)] - R* <= (r^2 + L^2 S2) / (2 S1)``.

    Attributes:
        schedule: ``eta_t`` as an expression in ``t``.
        S1: ``sum_{t=1}^T eta_t`` (closed form when SymPy finds one).
        S2: ``sum_{t=1}^T eta_t^2``.
        bound: the bound as an expression in ``T, r, L`` (and the schedule's constants).
        order: the bound's growth as ``T -> oo``: ``bound = Theta(order)`` (an expression
            in ``T``; ``1`` means the bound does not vanish), when derivable.
        note: assumptions of the bound.
    """

    schedule: sp.Expr
    S1: sp.Expr
    S2: sp.Expr
    bound: sp.Expr
    order: sp.Expr | None
    note: str = ("convex losses with ||gradient|| <= L, r = ||w_0 - w*||; bound on the eta-weighted "
                 "average w_bar = sum eta_t w_t / sum eta_t")

    def at(self, **values: Any) -> float:
        """The bound's value, e.g. ``at(T=100, r=1, L=1)``."""
        env = {symbol(k) if k not in ("T", "t") else sp.Symbol(k, positive=True, integer=True): as_expression(v)
               for k, v in values.items()}
        expr = self.bound.xreplace(env)
        if expr.free_symbols:
            expr = expr.xreplace({s: env.get(symbol(s.name), s) for s in expr.free_symbols})
        if expr.free_symbols:
            raise ParameterError(f"missing values for {', '.join(sorted(s.name for s in expr.free_symbols))}")
        return float(sp.N(expr.doit(), 30))


_T = sp.Symbol("T", positive=True, integer=True)
_t = sp.Symbol("t", positive=True, integer=True)


def sgd_bound(schedule: Any) -> SGDBound:
    """The SGD bound ``(r^2 + L^2 sum eta_t^2)/(2 sum eta_t)`` for a schedule ``eta_t``.

    Args:
        schedule: ``eta_t`` as text or SymPy in ``t`` (``"eta0/sqrt(t)"``, ``"eta"``).

    >>> b = sgd_bound("c/sqrt(t)")
    >>> b.order
    log(T)/sqrt(T)
    >>> sgd_bound("eta").bound
    (L**2*T*eta**2 + r**2)/(2*T*eta)
    """
    expr = parse(schedule) if isinstance(schedule, str) else as_expression(schedule)
    t_real = symbol("t")
    expr = expr.xreplace({t_real: _t, sp.Symbol("t"): _t})
    if any(s.name == "T" for s in expr.free_symbols):
        expr = expr.xreplace({s: _T for s in expr.free_symbols if s.name == "T"})
    r, L = symbol("r"), symbol("L")
    S1 = run_with_budget(lambda: sp.summation(expr, (_t, 1, _T)), step="rates")
    S2 = run_with_budget(lambda: sp.summation(sp.expand(expr**2), (_t, 1, _T)), step="rates")
    bound = _budgeted_factor((r**2 + L**2 * S2) / (2 * S1)) if not S1.has(sp.Sum) else (r**2 + L**2 * S2) / (2 * S1)
    order = _growth(bound, expr)
    return SGDBound(expr, S1, S2, bound, order)


def _growth(bound: sp.Expr, schedule: sp.Expr) -> sp.Expr | None:
    """``O(.)`` of the bound as ``T -> oo`` via integral comparison for monotone positive schedules."""
    Tc = sp.Symbol("T", positive=True)
    x = sp.Symbol("x", positive=True)
    b = bound
    for s in list(b.atoms(sp.Sum)):
        f = s.function.xreplace({_t: x})
        # sum_{t=1}^T f(t) = Theta(integral_1^T f + f(1)) for monotone f
        try:
            integral = run_with_budget(lambda: sp.integrate(f, (x, 1, Tc)), step="rates")
        except BudgetExceeded:
            return None
        b = b.xreplace({s: integral + f.xreplace({x: 1})})
    b = b.xreplace({_T: Tc})
    b = b.replace(lambda a: isinstance(a, sp.harmonic), _harmonic_asymptotic)
    try:
        lim = run_with_budget(lambda: sp.limit(b, Tc, sp.oo), step="rates")
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
        lim = None
    if lim is not None and lim != 0 and not lim.has(sp.oo, -sp.oo, sp.zoo, sp.nan, sp.Limit) \
            and Tc not in lim.free_symbols:
        return sp.Integer(1)
    try:
        o = run_with_budget(lambda: sp.Order(_budgeted_simplify(b), (Tc, sp.oo)), step="rates")
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
        return None
    expr = sp.expand_log(o.expr, force=True)
    parts = []
    for term in sp.Add.make_args(sp.expand(expr)):
        dep = term.as_independent(Tc, as_Add=False)[1]
        if dep != 1 or not parts:
            parts.append(dep)
    try:
        return _dominant(sp.Add(*parts), Tc)
    except (NotImplementedError, ValueError, TypeError, BudgetExceeded):
        return None


def _dominant(expr: sp.Expr, T: sp.Symbol) -> sp.Expr:
    """The fastest-growing part of ``expr`` as ``T -> oo`` (constants dropped), recursively."""
    if T not in expr.free_symbols:
        return sp.Integer(1)
    if isinstance(expr, sp.Add):
        parts = [_dominant(a, T) for a in expr.args]
        for cand in parts:
            if all(run_with_budget(lambda: sp.limit(q / cand, T, sp.oo), step="rates").is_finite for q in parts):
                return cand
        raise ValueError("no dominant term")
    if isinstance(expr, sp.Mul):
        return sp.Mul(*[_dominant(a, T) for a in expr.args])
    if isinstance(expr, sp.Pow) and T not in expr.exp.free_symbols:
        return _dominant(expr.base, T) ** expr.exp
    return expr


def _harmonic_asymptotic(a: sp.Expr) -> sp.Expr:
    """``harmonic(T, s)`` up to o(1): ``log T + gamma`` (s = 1), ``zeta(s)`` (s > 1),
    ``T^(1-s)/(1-s) + zeta(s)`` (s < 1)."""
    n = a.args[0]
    s = a.args[1] if len(a.args) > 1 else sp.Integer(1)
    if s == 1:
        return sp.log(n) + sp.EulerGamma
    if s.is_number and s > 1:
        return sp.zeta(s)
    return n ** (1 - s) / (1 - s) + sp.zeta(s)


@dataclass(frozen=True)
class SGDStep:
    """The best constant step for a known horizon, derived.

    Attributes:
        eta: ``argmin_eta (r^2 + L^2 T eta^2)/(2 T eta)``.
        bound: the bound at that step.
        text_bound: D2L 11.4.3's stated bound ``r L (1 + 1/T) / (2 sqrt T)``.
        text_bound_holds: whether the text's value equals the derived one.
    """

    eta: sp.Expr
    bound: sp.Expr
    text_bound: sp.Expr
    text_bound_holds: bool


def sgd_optimal_constant_step() -> SGDStep:
    """Minimise the constant-step SGD bound over eta (derivative = 0, second derivative > 0).

    >>> s = sgd_optimal_constant_step()
    >>> s.eta, s.bound, s.text_bound_holds
    (r/(L*sqrt(T)), L*r/sqrt(T), False)
    """
    r, L = sp.Symbol("r", positive=True), sp.Symbol("L", positive=True)
    T = sp.Symbol("T", positive=True)
    eta = sp.Symbol("eta", positive=True)
    B = (r**2 + L**2 * T * eta**2) / (2 * T * eta)
    crit = run_with_budget(sp.solve, sp.diff(B, eta), eta, step="solve")
    if len(crit) != 1:
        raise UndecidedError(f"expected one positive critical step, got {crit}")
    e_opt = _budgeted_simplify(crit[0])
    if not _budgeted_simplify(sp.diff(B, eta, 2).subs(eta, e_opt)).is_positive:
        raise UndecidedError("the critical step is not a minimum")
    value = _budgeted_simplify(B.subs(eta, e_opt))
    text = r * L * (1 + 1 / T) / (2 * sp.sqrt(T))
    holds = _budgeted_simplify(text - value) == 0
    return SGDStep(e_opt, value, text, bool(holds))


# ----------------------------------------------------------------------------- display (issue 16)
# Short reprs (the headline fields) and Jupyter tables (every field), in symopt.display's style.
from . import display as _display  # noqa: E402

_display.attach(GDQuadraticRate, "stable_range", "optimal_eta", "optimal_rate", "condition_number")
_display.attach(SmoothnessBounds, "L", "mu", "certified", "rate")
_display.attach(NewtonRegion, "point", "radius", "certified")
_display.attach(SGDBound, "schedule", "bound", "order")
_display.attach(SGDStep, "eta", "bound", "text_bound_holds")

# display of issue 14's result types: short reprs above, Jupyter tables from symopt.display
NewtonRate._repr_html_ = lambda self: _display.record_html(self, "point", "kind", "order", "constant", "eta",  # type: ignore[attr-defined]
                                                            "multiplicity", "converges", "empirical_order",
                                                            "empirical_constant", "note")
IterationOrder._repr_html_ = lambda self: _display.record_html(self, "map", "point", "order", "constant",  # type: ignore[attr-defined]
                                                                "converges", "empirical_order", "empirical_constant",
                                                                "note")
Tuning._repr_html_ = lambda self: _display.record_html(self, "method", "params", "rate", "rate_kappa", "derivation")  # type: ignore[attr-defined]
