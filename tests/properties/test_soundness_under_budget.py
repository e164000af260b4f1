"""Soundness under stress: with budgets from 1 ms up, every verdict is correct or unknown.

Convexity: every case of ``tests/corpus_convexity.py`` (each with its
mathematical truth from the textbooks, not from symopt) is decided under
total budgets from 1 ms to 1 s, and separately with every *inner* step
(solve, simplify, factor, interval, ...) starved to 1-20 ms while the total
budget is generous.  A ``proved`` verdict must be for a true case and its
evidence must re-check; a ``refuted`` verdict must be for a false case and its
witness must re-check.  Running out is allowed to give ``unknown`` (with a
reason) or :class:`~symopt.errors.BudgetExceeded` naming the step, nothing else.

Stability: ``is_stable`` of the momentum iteration matrix at random rational
``(beta, eta, lambda)`` under starved budgets must agree with the spectral
radius computed independently in 50-digit mpmath whenever it says
``stable``/``unstable``.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_convexity import CORPUS
from symopt.config import config
from symopt.convexity import convexity
from symopt.errors import BudgetExceeded, SymoptError
from symopt.stability import is_stable, momentum_matrix

SWEEP = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3)


def _all_budgets(seconds: float) -> dict:
    """Every step's budget starved, but the parser's: reading the text is not a verdict."""
    return {name: seconds for name in config.budgets if name != "parse"}


def _decide(case, budget: float, inner: float | None = None):
    inner_budgets = _all_budgets(budget if inner is None else inner)
    inner_budgets["convexity"] = budget
    with config.override(budgets=inner_budgets):
        try:
            return convexity(case.expr, domain=case.domain, property=case.property, modulus=case.modulus,
                             L=case.L, budget=budget)
        except BudgetExceeded as exc:
            assert exc.step, "BudgetExceeded must name its step"
            return None


def _assert_sound(case, v) -> str:
    if v is None:
        return "budget"
    assert v.status in ("proved", "refuted", "unknown")
    if v.status == "unknown":
        assert v.reason, f"{case.name}: unknown without a reason"
        return "unknown"
    if v.status == "proved":
        assert case.truth, f"UNSOUND: {case.name} proved {case.property} but it is false ({case.why})"
        assert v.check(), f"{case.name}: proof does not re-check"
    else:
        assert not case.truth, f"UNSOUND: {case.name} refuted {case.property} but it holds ({case.why})"
        assert v.witness is not None and v.witness.check(), f"{case.name}: witness does not re-check"
        assert v.check()
    return v.status


@pytest.mark.parametrize("budget", SWEEP)
def test_every_corpus_verdict_is_correct_or_unknown(budget):
    outcomes = [_assert_sound(case, _decide(case, budget)) for case in CORPUS]
    assert len(outcomes) == len(CORPUS)


def test_the_sweep_reaches_decided_verdicts():
    """The largest sweep budget decides most of the corpus, so the soundness checks above bite."""
    decided = sum(_assert_sound(c, _decide(c, SWEEP[-1])) in ("proved", "refuted") for c in CORPUS)
    assert decided >= len(CORPUS) // 2


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(CORPUS), st.floats(0.001, 1.0), st.sampled_from([0.001, 0.005, 0.02]))
def test_starved_inner_steps_never_give_a_wrong_verdict(case, budget, inner):
    _assert_sound(case, _decide(case, max(budget, 0.3), inner=inner))


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(CORPUS), st.floats(0.001, 1.0).map(lambda s: round(s**3, 4) or 0.001))
def test_random_total_budgets_never_give_a_wrong_verdict(case, budget):
    _assert_sound(case, _decide(case, budget))


# --------------------------------------------------------------------------- stability


def _spectral_radius_vs_one(beta, eta, lam) -> int:
    """sign(rho - 1) for the momentum matrix: 50-digit eigenvalues, exact roots near the boundary."""
    M = momentum_matrix(beta, eta, lam)
    with mpmath.workdps(50):
        A = mpmath.matrix([[mpmath.mpf(int(sp.Rational(e).p)) / int(sp.Rational(e).q) for e in row] for row in M.tolist()])
        gap = max(abs(e) for e in mpmath.eig(A)[0]) - 1
        if abs(gap) > mpmath.mpf("1e-30"):
            return 1 if gap > 0 else -1
    z = sp.Symbol("z")
    roots = sp.Poly(M.charpoly(z).as_expr(), z).all_roots()  # exact (rational or algebraic)
    rho2 = max(sp.nsimplify(sp.expand(r * sp.conjugate(r))) for r in roots)
    return int(sp.sign(sp.simplify(rho2 - 1)))


_RATIONAL = st.fractions(min_value=-2, max_value=3, max_denominator=40)


@settings(max_examples=40, deadline=None)
@given(_RATIONAL, _RATIONAL.filter(lambda v: v != 0), st.fractions(min_value=0, max_value=5, max_denominator=10),
       st.sampled_from([0.001, 0.005, 0.05]))
def test_stability_verdicts_under_starved_budgets_match_the_spectral_radius(beta, eta, lam, budget):
    beta, eta, lam = sp.Rational(beta), sp.Rational(eta), sp.Rational(lam)
    with config.override(budgets=_all_budgets(budget)):
        try:
            status, reason = is_stable(momentum_matrix(beta, eta, lam))
        except BudgetExceeded:
            return
        except SymoptError as exc:
            pytest.fail(f"undocumented failure under a budget: {exc!r}")
    side = _spectral_radius_vs_one(beta, eta, lam)
    if status == "stable":
        assert side < 0, f"UNSOUND: 'stable' but the spectral radius is >= 1 ({reason})"
    elif status == "unstable":
        assert side >= 0, f"UNSOUND: 'unstable' but the spectral radius is < 1 ({reason})"
    else:
        assert status == "unknown" and reason
