"""LMI constraints (PEPit's ``PSDMatrix``) in symopt's exact PEP certificates (issue 23, item 3).

References:

* PEPit 0.5.1 (Goujaud, Moucer, Glineur, Hendrickx, Taylor and Dieuleveut, "PEPit: computer-assisted
  worst-case analyses of first-order optimization methods in Python", Math. Prog. Comp. 2024): the
  ``PSDMatrix`` docstring (``[[expr, t], [t, 1]] >= 0`` is ``t <= sqrt(expr)``), its CVXPY wrapper (a
  symmetric matrix variable equal to the expressions entry by entry, so an LMI whose expressions differ
  across the diagonal also says they are equal), and its examples, each run by PEPit itself in the
  same test and compared.
* Gradient descent on a quadratic with Hessian spectrum in [mu, L]: x_N - x* = (I - gamma Q)^N (x_0 - x*),
  so ||x_N - x*||^2 <= max(|1 - gamma mu|, |1 - gamma L|)^(2N) ||x_0 - x*||^2, attained on an eigenvector
  (e.g. Polyak, "Introduction to Optimization", 1987, section 1.4; PEPit's proximal_gradient_quadratics
  states the same value as its theoretical guarantee).
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest

pytest.importorskip("clarabel")


def _sqrt_problem():
    """max t s.t. e <= 2 and [[e, t], [t, 1]] >= 0 (PEPit's PSDMatrix docstring: t <= sqrt(e)): sqrt(2)."""
    pytest.importorskip("PEPit")
    from PEPit import PEP, Expression

    problem = PEP()
    e, t = Expression(), Expression()
    problem.add_constraint(e <= 2)
    problem.add_psd_matrix([[e, t], [t, 1]])
    problem.set_performance_metric(t)
    return problem


def _gd_quadratic(mu: float, L: float, gamma: float, n: int):
    """Gradient descent with step gamma on a mu-strongly convex L-smooth quadratic (PEPit's quadratic
    class, whose smoothness and convexity are one LMI), measure ||x_n - x*||^2, ||x_0 - x*||^2 <= 1."""
    pytest.importorskip("PEPit")
    from PEPit import PEP
    from PEPit.functions import SmoothStronglyConvexQuadraticFunction

    problem = PEP()
    f = problem.declare_function(SmoothStronglyConvexQuadraticFunction, mu=mu, L=L)
    xs = f.stationary_point()
    x0 = problem.set_initial_point()
    problem.set_initial_condition((x0 - xs) ** 2 <= 1)
    x = x0
    for _ in range(n):
        x = x - gamma * f.gradient(x)
    problem.set_performance_metric((x - xs) ** 2)
    return problem


def test_square_root_lmi_is_certified_from_above():
    """[[e, t], [t, 1]] >= 0 with e <= 2 gives t <= sqrt(2) (Schur complement, PEPit's docstring): the
    bound is rational, at least sqrt(2) (tau^2 >= 2 exactly) and within 1e-6 of it; the dual matrix is
    PSD and check() re-verifies everything in rationals."""
    from symopt.pep import bridge

    res = bridge.certify_pepit(_sqrt_problem())
    assert res.status == "proved", res.reason
    assert res.tau ** 2 >= 2
    assert float(res.tau) == pytest.approx(2 ** 0.5, rel=1e-6)
    cert = res.certificate
    assert len(cert.duals) == 1 and len(cert.duals[0]) == 2
    assert cert.check()
    assert cert.to_dict()["lmi_duals"][0][0][1] == str(cert.duals[0][0][1])


def test_asymmetric_lmi_means_equal_entries():
    """PEPit sends a symmetric variable equal to every entry: [[1, t], [s, 1]] >= 0 with s <= 1/2 forces
    t = s, so max t = 1/2 (not 3/2, the bound of the symmetric part (t + s)/2 <= 1 alone)."""
    pytest.importorskip("PEPit")
    from PEPit import PEP, Expression

    from symopt.pep import bridge

    problem = PEP()
    s, t = Expression(), Expression()
    problem.add_constraint(s <= 0.5)
    problem.add_psd_matrix([[1, t], [s, 1]])
    problem.set_performance_metric(t)
    res = bridge.certify_pepit(problem)
    assert res.status == "proved", res.reason
    assert Fraction(1, 2) <= res.tau <= Fraction(1, 2) * (1 + Fraction(1, 10**6))
    Z = res.certificate.duals[0]
    assert Z[0][1] != Z[1][0]  # the equality t = s is used: the dual is not symmetric
    assert res.check()


@pytest.mark.parametrize("mu, L, gamma, n", [(0.1, 1, 1, 2), (0.1, 1, 1.5, 2), (0.5, 2, 0.5, 3)])
def test_gd_on_quadratics_matches_the_spectral_rate(mu, L, gamma, n):
    """||x_n - x*||^2 <= max(|1 - gamma mu|, |1 - gamma L|)^(2n), tight (spectral argument, see the
    module docstring): the exact bound is at least that value and within 1e-6 of it."""
    from symopt.pep import bridge

    res = bridge.certify_pepit(_gd_quadratic(mu, L, gamma, n))
    mu_, L_, g_ = (Fraction(str(x)) for x in (mu, L, gamma))
    exact = max(abs(1 - g_ * mu_), abs(1 - g_ * L_)) ** (2 * n)
    assert res.status == "proved", res.reason
    assert res.check()
    assert exact * (1 - Fraction(1, 10**9)) <= res.tau <= exact * (1 + Fraction(2, 10**6))


def test_tampered_lmi_certificates_are_rejected():
    """A dual matrix made indefinite, an identity broken through a dual entry, a lowered bound, a dual
    matrix of the wrong size or a missing one: check() rejects each; the untouched one passes and
    matches the problem it came from."""
    from symopt.pep import bridge

    res = bridge.certify_pepit(_gd_quadratic(0.1, 1, 1, 2))
    cert = res.certificate
    assert cert.check() and cert.matches(_gd_quadratic(0.1, 1, 1, 2))
    assert not cert.matches(_gd_quadratic(0.1, 1, 1.5, 2))
    Z = [list(r) for r in cert.duals[0]]
    n = len(Z)
    # indefinite: a diagonal entry pushed far below zero (the factors no longer reproduce it either)
    bad = [r[:] for r in Z]
    bad[0][0] = -1 - abs(bad[0][0])
    assert not dataclasses.replace(cert, duals=(tuple(map(tuple, bad)),)).check()
    # indefinite with a matching factorisation: the check's PSD test itself must catch it
    from symopt.pep import _exact, lmi

    neg = [[Fraction(0)] * n for _ in range(n)]
    neg[0][0] = Fraction(-1)
    fake_L = tuple(tuple(Fraction(int(i == j)) for j in range(n)) for i in range(n))
    fake_D = (Fraction(-1),) + (Fraction(0),) * (n - 1)
    assert _exact._ldl(lmi.sym(neg)) is None
    assert not dataclasses.replace(cert, duals=(tuple(map(tuple, neg)),), dual_factors=((fake_L, fake_D),)).check()
    # the identity broken, every matrix still PSD and factored: Z scaled by 1 + 1e-6 (sym(cZ) = L (cD) L^T)
    (ZL, ZD), c = cert.dual_factors[0], 1 + Fraction(1, 10**6)
    assert any(any(r) for r in Z)
    scaled = dataclasses.replace(cert, duals=(tuple(tuple(c * x for x in r) for r in Z),),
                                 dual_factors=((ZL, tuple(c * d for d in ZD)),))
    assert _exact._ldl_reproduces(lmi.sym(scaled.duals[0]), [list(r) for r in ZL], [c * d for d in ZD])
    assert not scaled.check()
    assert not dataclasses.replace(cert, tau=cert.tau * Fraction(999, 1000)).check()
    assert not dataclasses.replace(cert, duals=(), dual_factors=()).check()
    assert not dataclasses.replace(cert, duals=(tuple(tuple(r[:-1]) for r in Z[:-1]),)).check()


def test_gradient_descent_lc_reaches_the_conjectured_value():
    """PEPit's gradient_descent_lc at its __main__ parameters (L_g = 3, mu_g = 0.3, M general with
    ||M|| <= 1, gamma = 1/3, n = 3): Bousselmi, Hendrickx and Glineur (2023, arXiv:2302.08781,
    Conjecture 4.2, quoted in the example's docstring) conjecture the tight value 0.16379001563...; the
    exact certificate is an upper bound at least that value and within 1e-6 of it (PEPit's own solvers
    give 0.163804 (MOSEK, its docstring) and 0.163806 (Clarabel), above this proved bound: the
    constraint v ** 2 == 0 leaves their SDP without an interior)."""
    pytest.importorskip("PEPit")
    from symopt.pep import bridge
    from symopt.pep import pepit_library as pl

    path = dict(pl.example_files())["unconstrained_convex_minimization/gradient_descent_lc"]
    res = bridge.certify_pepit(pl.capture(path))
    assert res.status == "proved", res.reason
    assert res.check()
    conj = 0.1637900156308819  # the example's theoretical_tau (its formula, evaluated by PEPit in floats)
    assert conj * (1 - 1e-9) <= float(res.tau) <= conj * (1 + 1e-6)
    assert len(res.certificate.duals) == 2 and [len(Z) for Z in res.certificate.duals] == [5, 4]


def test_lift_pairs_and_duals():
    """The lift: an upper entry per pair, a lower one only where the expressions differ; an identically
    zero row and column is left out; Z = lambda+ - lambda-, split evenly across the diagonal."""
    from symopt.pep import lmi

    zero = ({}, {}, Fraction(0))
    one = ({}, {}, Fraction(1))
    x = ({0: Fraction(1)}, {}, Fraction(0))
    y = ({1: Fraction(1)}, {}, Fraction(0))
    rows = ((one, x, zero), (y, one, zero), (zero, zero, zero))
    assert lmi.kept_indices(rows) == [0, 1]
    assert lmi.lifted_pairs(rows) == [(0, 0), (0, 1), (1, 1), (1, 0)]
    ng, cons, pairs = lmi.lift(3, [("M", rows)])
    assert ng == 5 and len(cons) == 8
    assert cons[2] == ("M[0,1] (<=)", {0: Fraction(-1)}, {(3, 4): Fraction(1)}, Fraction(0))
    mult = [Fraction(3), Fraction(1), Fraction(2), Fraction(0), Fraction(5), Fraction(4), Fraction(0), Fraction(1)]
    (Z,) = lmi.duals([("M", rows)], pairs, mult)
    assert Z == ((2, 2, 0), (-1, 1, 0), (0, 0, 0))
    sym_rows = ((one, x), (x, one))
    (Zs,) = lmi.duals([("S", sym_rows)], [lmi.lifted_pairs(sym_rows)], [Fraction(1), 0, Fraction(3), 0, Fraction(1), 0])
    assert Zs == ((1, Fraction(3, 2)), (Fraction(3, 2), 1))


#: PEPit's examples with LMIs (all six of PEPit 0.5.1 that have them, except the two with 48 7x7 LMIs,
#: whose lift is a 343x343 Gram matrix: see bench/bench_pep_library.py).  gradient_descent_lc needs the
#: zero row of ``v ** 2 == 0`` removed and the two symmetries of g(Mx) imposed (lmi.joint_nulls).
LMI_EXAMPLES = [
    "unconstrained_convex_minimization/gradient_descent_quadratics",
    "unconstrained_convex_minimization/gradient_descent_lc",
    "composite_convex_minimization/proximal_gradient_quadratics",
    "nonconvex_optimization/gradient_descent_quadratic_lojasiewicz_expensive",
]


@pytest.mark.slow
@pytest.mark.parametrize("name", LMI_EXAMPLES)
def test_pepit_lmi_examples_certified_exactly(name):
    """PEPit's example at its __main__ parameters: PEPit's own value (run here) and symopt's exact
    certificate (with its LMI dual matrices) agree within 1e-4; check() re-verifies in rationals."""
    pytest.importorskip("PEPit")
    from symopt.pep import pepit_library as pl

    row = pl.compare(name, dict(pl.example_files())[name])
    assert row.verdict == "matched", row.reason
    assert row.checked


@pytest.mark.parametrize("mu, L, gamma, n", [(0.1, 1, 1.5, 2), (0.5, 2, 0.5, 3)])
def test_unlifted_path_matches_the_spectral_rate(monkeypatch, mu, L, gamma, n):
    """The path for many LMIs (one PSD cone per LMI, no lift), forced on a small problem: the same
    spectral rate as above, an exact certificate that checks."""
    from symopt.pep import bridge

    monkeypatch.setattr(bridge, "LIFT_BYTES", 0)
    res = bridge.certify_pepit(_gd_quadratic(mu, L, gamma, n))
    mu_, L_, g_ = (Fraction(str(x)) for x in (mu, L, gamma))
    exact = max(abs(1 - g_ * mu_), abs(1 - g_ * L_)) ** (2 * n)
    assert res.status == "proved", res.reason
    assert res.check()
    assert exact * (1 - Fraction(1, 10**9)) <= res.tau <= exact * (1 + Fraction(3, 10**6))


def test_zero_diagonal_reduction_and_fill():
    """A constraint c G_kk <= 0 marks k; the fill makes S + d e_k e_k' PSD exactly (its Schur complement
    on k made diagonally dominant), and refuses when the rest is not PSD or a zero pivot has a column."""
    from symopt.pep import _exact, lmi

    cons = [("v**2 (<=)", {}, {(2, 2): Fraction(3)}, Fraction(0)), ("v**2 (>=)", {}, {(2, 2): Fraction(-3)}, Fraction(0)),
            ("other", {0: Fraction(1)}, {(2, 2): Fraction(1)}, Fraction(0)), ("init", {}, {(0, 0): Fraction(1)}, Fraction(1))]
    assert lmi.zero_diagonals(cons) == [2]
    F = Fraction
    S = [[F(2), F(1), F(3)], [F(1), F(1), F(-1)], [F(3), F(-1), F(0)]]
    (d,) = lmi.fill_diagonal(S, [2])
    assert d > 0
    filled = [row[:] for row in S]
    filled[2][2] += d
    assert _exact._ldl(filled) is not None
    assert lmi.fill_diagonal([[F(-1), F(0)], [F(0), F(0)]], [1]) is None
    assert lmi.fill_diagonal([[F(0), F(1)], [F(1), F(0)]], [1]) is None


def test_zero_diagonal_row_of_an_lmi():
    """A PSD matrix with a zero diagonal entry has that whole row zero (Horn and Johnson, Matrix
    Analysis, 2nd ed., Observation 7.1.10): max s with [[0, t - s], [t - s, 1]] >= 0 and t <= 1 is 1
    (t = s forced).  The row is removed, its entry becomes an equality, and the certificate carried
    back to the original LMI (the free Z_00 raised until sym(Z) is PSD) checks."""
    pytest.importorskip("PEPit")
    from PEPit import PEP, Expression

    from symopt.pep import bridge, lmi

    problem = PEP()
    s, t = Expression(), Expression()
    problem.add_constraint(t <= 1)
    problem.add_psd_matrix([[0, t - s], [t - s, 1]])
    problem.set_performance_metric(s)
    pep = bridge.from_pepit(problem)
    extra, reduced, back = lmi.reduce_rows(len(pep.constraints), pep.lmis)
    assert len(extra) == 2 and back == [(0, 0, 1)] and len(reduced[0][1]) == 1
    res = bridge.certify_pepit(problem)
    assert res.status == "proved", res.reason
    assert 1 <= res.tau <= 1 + Fraction(1, 10**6)
    assert len(res.certificate.duals[0]) == 2 and res.check()
