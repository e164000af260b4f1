"""Optimal tunings of GD, heavy ball and Nesterov for eigenvalues in ``[mu, L]``, derived symbolically.

    >>> gd_optimal().params["eta"]
    2/(L + mu)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..limits import run_with_budget
from ..data.constants import theory_parameters
from ..errors import ParameterError, UndecidedError
from ._common import _budgeted_factor, _budgeted_simplify

__all__ = ["Tuning", "gd_optimal", "heavy_ball_optimal", "nesterov_optimal", "nesterov_joint_optimal"]


@dataclass(frozen=True, repr=False)
class Tuning:
    """Parameters for eigenvalues in ``[mu, L]`` and the rate they give.

    Attributes:
        method: ``"gd"``, ``"heavy_ball"`` or ``"nesterov"``.
        params: ``{name: expression in mu, L}``.
        rate: the worst-case spectral radius over ``lambda in [mu, L]``.
        rate_kappa: the rate in ``kappa = L/mu``.
        derivation: how it was derived (on quadratics with eigenvalues in ``[mu, L]``).
        caveat: what the literature says beyond that derivation, with its source (not
            derived here, and not printed as a claim about an input).
    """
    method: str
    params: dict
    rate: sp.Expr
    rate_kappa: sp.Expr
    derivation: str
    caveat: str = ""

    def __repr__(self) -> str:
        ps = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"Tuning({self.method}: {ps}; rate {self.rate_kappa})"

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {"method": self.method, "params": {k: str(v) for k, v in self.params.items()},
                "rate": str(self.rate), "rate_kappa": str(self.rate_kappa), "derivation": self.derivation}

    def at(self, constants: Any) -> "Tuning":
        """The tuning with ``mu`` and ``L`` replaced by certified numbers.

        Args:
            constants: a :class:`symopt.data.TheoryParameters`, a data objective
                (:class:`symopt.data.DataObjective`: its certified ``mu`` and ``L``
                are computed), or a mapping ``{"mu": ..., "L": ...}``.

        Returns:
            A :class:`Tuning` whose parameters and rate are exact numbers (the
            derivation is unchanged: any ``mu' <= mu`` and ``L' >= L`` keep it valid).

        Raises:
            ParameterError: ``mu`` is not positive (the rates need ``kappa < oo``) or
                ``L < mu``.

            >>> gd_optimal().at({"mu": 1, "L": 3}).params["eta"]
            1/2
        """
        mu_v, L_v = _constants(constants)
        mu, L = _mu_L()
        kappa = sp.Symbol("kappa", positive=True)
        subs = {mu: mu_v, L: L_v}
        params = {k: sp.nsimplify(sp.S(v).subs(subs)) for k, v in self.params.items()}
        rate = sp.simplify(self.rate.subs(subs))
        return Tuning(self.method, params, rate, sp.simplify(self.rate_kappa.subs(kappa, L_v / mu_v)),
                      self.derivation + f"; at the certified mu = {mu_v}, L = {L_v}", self.caveat)


def _constants(constants: Any) -> tuple[sp.Expr, sp.Expr]:
    """``(mu, L)`` as exact positive numbers from certified constants, a data objective or a mapping."""
    if hasattr(constants, "loss_terms"):  # a data objective: its certified constants
        constants = theory_parameters(constants)
    if isinstance(constants, dict):
        mu_v, L_v = constants.get("mu"), constants.get("L")
    else:
        mu_v, L_v = getattr(constants, "mu", None), getattr(constants, "L", None)
    try:
        mu_v, L_v = sp.nsimplify(sp.S(mu_v)), sp.nsimplify(sp.S(L_v))
    except (sp.SympifyError, TypeError, ValueError) as exc:
        raise ParameterError(f"mu and L must be numbers, got {mu_v!r}, {L_v!r}") from exc
    if not (mu_v.is_number and L_v.is_number and mu_v > 0 and L_v >= mu_v):
        raise ParameterError(f"the tunings need 0 < mu <= L, got mu = {mu_v}, L = {L_v}"
                             + (" (mu = 0: the objective is not certified strongly convex)" if mu_v == 0 else ""))
    return mu_v, L_v


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
                  "covers the interval (optimal over quadratics with eigenvalues in [mu, L])",
                  "on general smooth strongly convex functions these parameters can cycle (Lessard, Recht, "
                  "Packard 2016, sec. 4.6)")


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
                  "lambda = mu balanced against the real root -rho at lambda = L (Lessard, Recht, Packard 2016)",
                  "optimal over quadratics only, like heavy ball's tuning (Lessard, Recht, Packard 2016)")


# ----------------------------------------------------------------------------- display (issue 16)
from .. import display as _display  # noqa: E402

Tuning._repr_html_ = lambda self: _display.record_html(self, "method", "params", "rate", "rate_kappa", "derivation")  # type: ignore[attr-defined]
