"""symopt.data: convexity for every data set, certified mu and L, scalar smoothness questions, factorisations.

Closed forms checked (each against NumPy's eigenvalues, an independent route):

* ridge ``||Xw - y||^2/(2n) + lam/2 ||w||^2``: ``mu = lambda_min(X^T X/n) + lam``,
  ``L = lambda_max(X^T X/n) + lam`` (Boyd and Vandenberghe, *Convex Optimization*, 2004, Sec. 9.1.2);
* logistic regression: ``L = lambda_max(X^T X)/(4n) + lam``, ``mu = lam`` (Bubeck, *Convex
  Optimization: Algorithms and Complexity*, 2015, Sec. 3.2; Nesterov, *Lectures on Convex
  Optimization*, 2018, Thm 2.1.6 for L from a Hessian bound);
* softmax cross-entropy: at most Boehning's ``lambda_max(X^T X)/(2n)`` (Boehning, Ann. Inst.
  Statist. Math. 44, 1992); Huber regression at most ``lambda_max(X^T X)/n``; L2-loss SVM
  ``2 lambda_max(X^T X)/n`` (Chang, Hsieh and Lin, JMLR 9, 2008).

Scalar constants (Beck, *First-Order Methods in Optimization*, SIAM 2017, Ch. 5 and 6): the
Huber function with parameter ``mu`` is ``1/mu``-smooth; ``sqrt(||x||^2 + eps^2)`` is
``1/eps``-smooth; half the squared distance to a closed convex set is 1-smooth; log-sum-exp's
Hessian ``diag(p) - p p^T`` has largest eigenvalue below ``1/2`` (Boehning 1992).  Matrix
factorisation: Eckart and Young, Psychometrika 1 (1936): the nearest rank-one matrix leaves the
tail singular values.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from data.curvature_cases import CURVATURE_CASES, CURVATURE_IDS  # tests/data (pythonpath: tests)
from symopt.core.objective import Objective
from symopt.data import (
    DataObjective,
    constants,
    convexity,
    extremes,
    gram,
    huber_regression,
    logistic_regression,
    one_hot,
    poisson_regression,
    psd_gap,
    rank_one_critical_set,
    ridge_regression,
    smoothness,
    softmax_regression,
    squared_hinge_svm,
    strong_convexity,
    theory_parameters,
)


def _lam(X: np.ndarray) -> np.ndarray:
    return np.linalg.eigvalsh(X.T @ X / X.shape[0])


def _within(value, true, rel=0.01) -> bool:
    v, t = float(value), float(true)
    return t - 1e-12 <= v <= t * (1 + rel) + 1e-12


@pytest.mark.parametrize("n,d", [(3, 2), (40, 3), (2000, 20)])
def test_ridge_and_logistic_constants_are_the_closed_forms(n, d):
    rng = np.random.default_rng(n + d)
    X = rng.normal(size=(n, d)) * rng.uniform(0.2, 3, size=d)
    y = np.sign(rng.normal(size=n))
    ev = _lam(X)
    r = constants(ridge_regression(X, y, lam="1/10"))
    assert _within(r.L.value, ev[-1] + 0.1) and r.mu.value <= ev[0] + 0.1 + 1e-12
    assert float(r.mu.value) >= (ev[0] + 0.1) * (1 - 0.01)
    lg = constants(logistic_regression(X, y, lam="1/10"))
    assert _within(lg.L.value, ev[-1] / 4 + 0.1)
    assert lg.mu.value == sp.Rational(1, 10)
    assert "w = 0" in lg.L.attained
    assert r.check() and lg.check()
    if n == 3:  # small rational data: exact algebraic constants
        assert lg.L.exact is not None and abs(float(lg.L.exact) - (ev[-1] / 4 + 0.1)) < 1e-12


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10 ** 6), st.sampled_from(["logistic", "bce", "huber", "sqhinge", "ridge", "softmax"]))
def test_certified_constants_bound_the_hessian_everywhere_sampled(seed, name):
    """lambda_min(hess f(w)) >= mu and lambda_max(hess f(w)) <= L at random w (an independent numeric check)."""
    rng = np.random.default_rng(seed)
    n, d = int(rng.integers(2, 40)), int(rng.integers(1, 5))
    X = rng.normal(size=(n, d)) * 2
    y = np.sign(rng.normal(size=n))
    f = {"logistic": lambda: logistic_regression(X, y, lam=0.05),
         "bce": lambda: logistic_regression(X, (y > 0) * 1.0, lam=0.05, labels="01"),
         "huber": lambda: huber_regression(X, y * 0.3, delta=0.5, lam=0.05),
         "sqhinge": lambda: squared_hinge_svm(X, y, lam=0.05),
         "ridge": lambda: ridge_regression(X, y, lam=0.05),
         "softmax": lambda: softmax_regression(X, one_hot(rng.integers(0, 3, n), 3), lam=0.05)}[name]()
    c = f.constants()
    comp = f.compile()
    W = rng.normal(size=(20, f.d)) * rng.choice([0.1, 1, 10], size=(20, 1))
    ev = np.linalg.eigvalsh(comp.hess(W))
    assert np.all(ev[:, -1] <= float(c.L.value) * (1 + 1e-9) + 1e-12)
    assert np.all(ev[:, 0] >= float(c.mu.value) * (1 - 1e-9) - 1e-12)


def test_softmax_huber_and_squared_hinge_are_at_least_as_good_as_the_standard_bounds():
    rng = np.random.default_rng(11)
    X = rng.normal(size=(300, 6))
    ev = _lam(X)
    for k in (2, 3, 5):
        Y = one_hot(rng.integers(0, k, 300), k)
        c = constants(softmax_regression(X, Y))
        assert float(c.L.value) <= ev[-1] / 2 * (1 + 1e-6)  # Boehning
        assert "Boehning" in c.L.bound
        assert float(c.L.true_range[0]) == pytest.approx(ev[-1] / k, rel=1e-9)  # the curvature at W = 0
        assert ("k = 2" in c.L.attained) == (k == 2)
        assert c.check()
    h = constants(huber_regression(X, 0.1 * rng.normal(size=300), delta=1))
    assert float(h.L.value) <= ev[-1] * (1 + 1e-6) and "w = 0" in h.L.attained  # every |y_i| < delta
    s = constants(squared_hinge_svm(X, np.sign(rng.normal(size=300))))
    assert _within(s.L.value, 2 * ev[-1]) and "w = 0" in s.L.attained
    assert h.check() and s.check()


def test_poisson_regression_is_refuted_as_globally_smooth_with_a_witness():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(30, 3)), rng.poisson(1.0, size=30).astype(float)
    f = poisson_regression(X, y, lam=0.1)
    c = constants(f)
    assert c.L.status == "refuted" and c.L.check()
    cert = c.L.certificate
    wit = cert.witness(50)
    w = float(wit["t"]) * X[cert.row]
    assert np.linalg.eigvalsh(f.compile().hess(w))[-1] > 50  # the point really has curvature above L
    assert c.mu.status == "certified" and float(c.mu.value) == pytest.approx(0.1)
    with pytest.raises(Exception, match="no certified L"):
        theory_parameters(f)


def test_tampered_certificates_fail_their_check():
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(50, 4)), np.sign(rng.normal(size=50))
    c = constants(logistic_regression(X, y, lam=0.1))
    too_small = dataclasses.replace(c.L.certificate, value=c.L.value * sp.Rational(99, 100))
    assert c.L.certificate.check() and not too_small.check()
    too_big = dataclasses.replace(c.mu.certificate, value=c.mu.value * 2)
    assert c.mu.certificate.check() and not too_big.check()
    p = dataclasses.replace(constants(poisson_regression(X, np.abs(y))).L.certificate, coefficient=sp.Integer(0))
    assert not p.check()


def test_convexity_holds_for_every_data_set_and_negative_weights_are_not_proved():
    X, y = np.ones((3, 2)), np.ones(3)
    v = convexity(DataObjective("mean(logistic(y * (X @ w))) + lam/2*norm(w)**2", data={"X": X, "y": y},
                                params={"lam": "1/5"}))
    assert (v.status, v.property, v.modulus) == ("proved", "strongly convex", sp.Rational(1, 5)) and v.check()
    u = convexity(DataObjective("mean(squares(X @ w - y)) - mean(logistic(y * (X @ w)))", data={"X": X, "y": y}))
    assert u.status == "unknown" and "negative" in u.reason and not u.check()
    c = constants(DataObjective("mean(squares(X @ w - y)) - mean(logistic(y * (X @ w)))", data={"X": X, "y": y}))
    assert c.L.status == "unknown" and c.mu.status == "unknown" and c.check()


def test_enclosures_and_the_independent_psd_check():
    rng = np.random.default_rng(9)
    X = rng.normal(size=(500, 12))
    G = gram([(X, np.ones(500), sp.Rational(1, 500))], 12)
    ex = extremes(G)
    ev = _lam(X)
    assert float(ex.lo_max) <= ev[-1] <= float(ex.hi_max) and float(ex.lo_min) <= ev[0] <= float(ex.hi_min)
    assert float(ex.hi_max - ex.lo_max) < 1e-9
    assert psd_gap(G, sp.Rational(ev[-1]) * sp.Rational(1000001, 1000000), "upper")
    assert not psd_gap(G, sp.Rational(ev[-1]) * sp.Rational(999, 1000), "upper")


def test_theory_parameters_feed_the_tunings_and_pep():
    from symopt import pep, theory as rates

    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(60, 3)), np.sign(rng.normal(size=60))
    p = theory_parameters(logistic_regression(X, y, lam="1/10"))
    eta = rates.gd_optimal().params["eta"].subs(p.subs)
    assert eta == p.gd_step == 2 / (p.mu + p.L)
    assert pep.smooth_strongly_convex(p.mu, p.L) is not None
    from symopt.data import quadratic_hessian

    Xs, ys = np.array([[1.0, 2.0], [0.0, 1.0], [2.0, -1.0]]), np.array([1.0, 0.0, 2.0])
    r = ridge_regression(Xs, ys, lam="1/2")
    A = quadratic_hessian(r)
    assert A == sp.Matrix([[sp.Rational(5, 3) + sp.Rational(1, 2), 0], [0, 2 + sp.Rational(1, 2)]])
    q = rates.gd_quadratic(A)
    c = constants(r)
    assert sp.simplify(q.optimal_eta - 2 / (c.mu.value + c.L.value)) == 0


# ------------------------------------------------------------------------- scalar questions (issue 27)

SCALAR = CURVATURE_CASES  # tests/data/curvature_cases.py


@pytest.mark.parametrize("text,prop,true", SCALAR, ids=CURVATURE_IDS)
def test_scalar_constants_are_exact_and_decide_the_questions(text, prop, true):
    r = (smoothness if prop == "L-smooth" else strong_convexity)(Objective(text))
    assert r.status == "proved" and sp.simplify(r.value - true) == 0
    assert r.check()
    assert r.decide(true)[0] == "proved"
    worse = true * sp.Rational(101, 100) if prop == "L-smooth" else true * sp.Rational(99, 100)
    better = true * sp.Rational(99, 100) if prop == "L-smooth" else true * sp.Rational(101, 100)
    assert r.decide(worse)[0] == "proved" and r.decide(better)[0] == "refuted"


def test_huber_function_with_parameter_one_half_is_two_smooth():
    x = sp.Symbol("x", real=True)
    mu = sp.Rational(1, 2)
    huber = sp.Piecewise((x ** 2 / (2 * mu), sp.Abs(x) <= mu), (sp.Abs(x) - mu / 2, True))
    r = smoothness(Objective(huber))
    assert (r.status, r.value, r.tight) == ("proved", 2, "attained") and r.check()


def test_l2_regularised_logistic_regression_is_one_smooth():
    text = SCALAR[-1][0]
    L = smoothness(Objective(text))
    assert L.decide(1)[0] == "proved" and float(L.value) < 1 and L.check()


def test_unbounded_or_unreduced_curvature_is_not_claimed():
    assert smoothness(Objective("exp(x) + y**2")).status == "unbounded"
    assert smoothness(Objective("1/x")).status == "unbounded"  # a pole: no finite L (regression: was L = 0)
    assert smoothness(Objective("sqrt(x**2 + y**2)")).status == "unbounded"  # the cone's apex
    for kink in ("Abs(x)", "Max(0, x + y)", "Max(0, sqrt(x**2 + y**2) - 1)"):  # gradient jumps: never proved
        assert smoothness(Objective(kink)).status == "unknown"
    r = smoothness(Objective("x**2*y**2"))
    assert r.status == "unknown" and r.reason and r.decide(100)[0] == "unknown"


# ------------------------------------------------------------------------- factorisation


@pytest.mark.parametrize("X", [[[3, 0], [0, 1]], [[1, 2], [3, 4]], [[2, 0], [0, 2]], [[1, 1], [1, 1]]])
def test_rank_one_factorisation_components_and_eckart_young_minimum(X):
    r = rank_one_critical_set(X)
    s = np.linalg.svd(np.array(X, dtype=float), compute_uv=False)
    assert float(r.minimum) == pytest.approx(float(np.sum(s[1:] ** 2)), abs=1e-12)
    assert r.check()
    dims = sorted(c.dimension for c in r.components if c.kind.startswith("sigma"))
    assert sum(dims) == int(np.sum(s > 1e-12))  # one real dimension per singular direction
    tampered = dataclasses.replace(r, minimum=r.minimum + 1)
    assert not tampered.check()


@settings(max_examples=6, deadline=None)
@given(st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3)).filter(lambda a: a != (0, 0)), min_size=1,
                max_size=3), st.sampled_from(["logistic", "sqhinge"]))
def test_random_ridge_sums_have_the_closed_form_constant(rows, kind):
    """sum_j phi(a_j^T x) with phi'' at most s (reached at 0): L = s lambda_max(sum_j a_j a_j^T) (s = 1/4 or 2)."""
    from symopt.data import decide

    terms = [f"log(1 + exp({a}*x + {b}*y))" if kind == "logistic" else f"Max(0, 1 - ({a}*x + {b}*y))**2"
             for a, b in rows]
    A = np.array(rows, dtype=float)
    s = 0.25 if kind == "logistic" else 2.0
    true = s * np.linalg.eigvalsh(A.T @ A)[-1]
    status, _, bound = decide(" + ".join(terms), "L-smooth", sp.Rational(str(round(true * 1.001, 6))))
    assert status == "proved" and float(bound.value) == pytest.approx(true, rel=1e-12)
    assert bound.tight == "attained" and bound.check()


def test_hinge_loss_is_refuted_as_smooth_with_an_exact_gradient_jump():
    """The hinge loss is not differentiable at margin 1 (Shalev-Shwartz and Ben-David 2014, Sec. 15.2.3)."""
    rng = np.random.default_rng(8)
    X, y = rng.normal(size=(25, 3)), np.sign(rng.normal(size=25))
    f = DataObjective("mean(hinge(y * (X @ w))) + lam/2*norm(w)**2", data={"X": X, "y": y}, params={"lam": "1/10"})
    c = constants(f)
    assert c.L.status == "refuted" and c.L.check()
    wit = c.L.certificate.witness(10 ** 4)
    wm, wp = (np.array([float(v) for v in wit[k]]) for k in ("w_minus", "w_plus"))
    g = f.compile()
    assert np.linalg.norm(g.grad(wp) - g.grad(wm)) > 10 ** 4 * np.linalg.norm(wp - wm) * 0.999
    assert c.mu.value == sp.Rational(1, 10) and c.mu.check()


@pytest.mark.parametrize("text", ["x**2 + log(1 + exp(x + y))", "(x + y)**2 + log(1 + exp(2*x - y))", "log(cosh(x))",
                                  "x**2/2 + exp(-1)*x*y + y**2", "log(exp(x) + exp(y)) + x**2",
                                  "sqrt((x - 1)**2 + (y + 2)**2 + 1) + (x + y)**2"])
def test_scalar_bounds_hold_at_sampled_points(text):
    """An independent numeric check: the Hessian's eigenvalues at random points lie in [mu, L]."""
    obj = Objective(text)
    L, mu = smoothness(obj), strong_convexity(obj)
    assert L.status == "proved" and mu.status == "proved" and L.check()
    H = sp.lambdify(obj.variables, sp.hessian(obj.expr, obj.variables), "numpy")
    rng = np.random.default_rng(0)
    for p in rng.normal(size=(200, obj.n)) * rng.choice([0.1, 1, 5], size=(200, 1)):
        ev = np.linalg.eigvalsh(np.array(H(*p), dtype=float))
        assert ev[-1] <= float(L.value) + 1e-9 and ev[0] >= float(mu.value) - 1e-9
