r"""Conjugate gradient on quadratics: finite termination and the Chebyshev bound, derived for the matrix.

Linear CG on ``f = 1/2 x^T A x - b^T x`` (A symmetric positive definite) picks
``x_k`` in ``x_0 + K_k(A, r_0)`` minimising the A-norm error, so for every
polynomial ``p`` of degree ``k`` with ``p(0) = 1``

.. math:: \|x_k - x^*\|_A \le \max_{\lambda \in \sigma(A)} |p(\lambda)|\, \|x_0 - x^*\|_A

(Nocedal & Wright 2006, eq. 5.34).  Two consequences, both derived here from
``A``'s exact eigenvalues:

* **finite termination**: with ``r`` distinct eigenvalues, ``p(z) = prod (1 - z/lambda_i)``
  vanishes on the spectrum, so ``x_r = x^*`` (N&W Thm 5.4);
* **the Chebyshev bound**: on ``[mu, L]`` the best ``p`` is the scaled Chebyshev
  polynomial, ``max |p| = 1 / T_k((L + mu)/(L - mu))``, and
  ``T_k(z) >= (z + sqrt(z^2 - 1))^k / 2`` with ``z + sqrt(z^2 - 1) =
  (sqrt kappa + 1)/(sqrt kappa - 1)`` gives N&W eq. 5.36:
  ``||x_k - x*||_A <= 2 ((sqrt kappa - 1)/(sqrt kappa + 1))^k ||x_0 - x*||_A``.

    >>> r = cg_quadratic([[1, 0, 0], [0, 2, 0], [0, 0, 2]])
    >>> r.distinct_eigenvalues, r.termination_steps, r.condition_number
    ((1, 2), 2, 2)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..errors import BudgetExceeded, DomainError, UndecidedError
from ..exact.schur import constant_sign
from ..limits import run_with_budget
from ._common import _budgeted_simplify, _order, _symopt_errors_only
from ._fields import _zero_test
from .quadratic import _as_matrix, _eigenvalues_symmetric

__all__ = ["CGQuadraticRate", "cg_quadratic", "cg_chebyshev_bound", "linear_cg"]

_K = sp.Symbol("k", integer=True, nonnegative=True)
_KAPPA = sp.Symbol("kappa", positive=True)


def cg_chebyshev_bound() -> tuple[sp.Expr, sp.Expr]:
    """``(exact, simple)``: CG's A-norm contraction after ``k`` steps for eigenvalues in ``[mu, L]``, in ``kappa``.

    ``exact = 1/T_k((kappa + 1)/(kappa - 1))`` (the min-max polynomial), ``simple``
    the texts' ``2 ((sqrt kappa - 1)/(sqrt kappa + 1))^k``, derived from
    ``T_k(z) = ((z + s)^k + (z - s)^k)/2 >= (z + s)^k / 2`` with ``s = sqrt(z^2 - 1)``
    and ``z + s`` simplified here.

    >>> cg_chebyshev_bound()[1]
    2*((sqrt(kappa) - 1)/(sqrt(kappa) + 1))**k
    """
    z = (_KAPPA + 1) / (_KAPPA - 1)
    target = (sp.sqrt(_KAPPA) + 1) / (sp.sqrt(_KAPPA) - 1)
    # z + sqrt(z^2 - 1) = target: (target - z)^2 = z^2 - 1 exactly, and target - z = 2 sqrt(kappa)/(kappa - 1) > 0
    square = run_with_budget(sp.simplify, (target - z) ** 2 - (z**2 - 1), step="simplify")
    gap = run_with_budget(sp.simplify, target - z - 2 * sp.sqrt(_KAPPA) / (_KAPPA - 1), step="simplify")
    if square != 0 or gap != 0:
        raise UndecidedError("could not identify z + sqrt(z^2 - 1) with (sqrt(kappa) + 1)/(sqrt(kappa) - 1)")
    exact = 1 / sp.chebyshevt(_K, z)
    simple = 2 * (1 / target) ** _K
    return exact, simple


@dataclass(frozen=True)
class CGQuadraticRate:
    """Linear conjugate gradient on ``1/2 x^T A x - b^T x``, derived from ``A``'s eigenvalues.

    Attributes:
        A: the matrix.
        eigenvalues: exact eigenvalues with multiplicity (ascending when ordered).
        distinct_eigenvalues: the distinct ones.
        termination_steps: ``r``, the number of distinct eigenvalues: ``x_r = x*``
            from every start (exact arithmetic), N&W Thm 5.4.
        condition_number: ``kappa = lambda_max / lambda_min``.
        bound: ``k -> 2 ((sqrt kappa - 1)/(sqrt kappa + 1))^k`` (expression in ``k``),
            ``||x_k - x*||_A <= bound ||x_0 - x*||_A`` (N&W eq. 5.36).
        chebyshev_bound: the sharper ``1 / T_k((kappa + 1)/(kappa - 1))``.
        note: what holds and why.
    """

    A: sp.Matrix
    eigenvalues: tuple
    distinct_eigenvalues: tuple
    termination_steps: int | None
    condition_number: sp.Expr | None
    bound: sp.Expr | None
    chebyshev_bound: sp.Expr | None
    note: str = ""

    def bound_at(self, k: int) -> float | None:
        """The value of :attr:`bound` after ``k`` steps (``None`` when not derived)."""
        return None if self.bound is None else float(sp.N(self.bound.subs(_K, k), 30))

    def chebyshev_at(self, k: int) -> float | None:
        """The value of :attr:`chebyshev_bound` after ``k`` steps."""
        return None if self.chebyshev_bound is None else float(sp.N(self.chebyshev_bound.subs(_K, k), 30))

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        s = lambda v: None if v is None else str(v)  # noqa: E731
        return {"eigenvalues": [str(e) for e in self.eigenvalues],
                "distinct_eigenvalues": [str(e) for e in self.distinct_eigenvalues],
                "termination_steps": self.termination_steps, "condition_number": s(self.condition_number),
                "bound": s(self.bound), "chebyshev_bound": s(self.chebyshev_bound), "note": self.note}


@_symopt_errors_only
def cg_quadratic(A: Any) -> CGQuadraticRate:
    """Derive linear CG's finite termination and its Chebyshev bound for the matrix ``A``.

    Args:
        A: a symmetric matrix with numeric entries (lists, SymPy, NumPy) or a
            quadratic objective (its Hessian).

    Raises:
        DomainError: ``A`` is not positive definite (CG's theory needs it).
    """
    M = _as_matrix(A)
    if M.free_symbols:
        raise DomainError("cg_quadratic needs numeric entries (the distinct eigenvalues are counted exactly)")
    try:
        vals = _eigenvalues_symmetric(M)
    except (UndecidedError, BudgetExceeded) as exc:
        return CGQuadraticRate(M, (), (), None, None, None, None,
                               f"eigenvalues not derived ({exc}): termination count and bound unknown")
    ordered = _order(vals)
    if ordered is None:
        return CGQuadraticRate(M, tuple(vals), (), None, None, None, None,
                               "eigenvalues could not be ordered exactly: termination count and bound unknown")
    if constant_sign(ordered[0]) != 1:
        raise DomainError("A is not positive definite: CG's convergence theory does not apply")
    distinct: list = []
    for v in ordered:
        same = _zero_test(v - distinct[-1]) if distinct else False
        if same is None:
            return CGQuadraticRate(M, tuple(ordered), (), None, None, None, None,
                                   "could not decide exactly whether two eigenvalues are equal: termination count "
                                   "and bound unknown")
        if not same:
            distinct.append(v)
    kappa = _budgeted_simplify(ordered[-1] / ordered[0])
    exact, simple = cg_chebyshev_bound()
    r = len(distinct)
    note = (f"{r} distinct eigenvalue{'s' if r != 1 else ''}: x_{r} = x* from every start in exact arithmetic "
            "(the polynomial prod(1 - z/lambda_i) vanishes on the spectrum; N&W Thm 5.4); "
            "||x_k - x*||_A <= 2((sqrt(kappa) - 1)/(sqrt(kappa) + 1))^k ||x_0 - x*||_A (Chebyshev, N&W eq. 5.36)")
    return CGQuadraticRate(M, tuple(ordered), tuple(distinct), r, kappa, simple.subs(_KAPPA, kappa),
                           exact.subs(_KAPPA, kappa), note)


def linear_cg(A: Any, b: Any, x0: Any = None, steps: int | None = None) -> list[sp.Matrix]:
    """Linear CG in exact arithmetic (N&W Algorithm 5.2): the iterates ``x_0, x_1, ...``.

    Stops when the residual is exactly 0 or after ``steps`` (default ``n``) steps.

    >>> xs = linear_cg([[2, 0], [0, 4]], [2, 4])
    >>> xs[-1].T, len(xs) - 1
    (Matrix([[1, 1]]), 2)
    """
    M = sp.Matrix(A)
    bb = sp.Matrix(b)
    x = sp.zeros(M.rows, 1) if x0 is None else sp.Matrix(x0)
    r = M * x - bb
    p = -r
    xs = [x]
    for _ in range(M.rows if steps is None else int(steps)):
        if all(v == 0 for v in r):
            break
        rr = (r.T * r)[0]
        Ap = M * p
        alpha = rr / (p.T * Ap)[0]
        x = x + alpha * p
        r_new = r + alpha * Ap
        beta = (r_new.T * r_new)[0] / rr
        p = -r_new + beta * p
        r = r_new
        xs.append(x)
    return xs


# ----------------------------------------------------------------------------- display (issue 16)
from .. import display as _display  # noqa: E402

_display.attach(CGQuadraticRate, "termination_steps", "condition_number", "bound")
