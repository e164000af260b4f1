"""symopt.data: objectives over data: input (text, SymPy), matrix-form derivatives, vectorised compile, optimizers.

Derivatives are checked against an independent route: SymPy differentiating the
objective unrolled over scalar symbols (``unrolled_objective``), and central
finite differences.  The matrix forms are those of Hastie, Tibshirani and
Friedman, *The Elements of Statistical Learning* (2nd ed., 2009), eqs.
(4.21)-(4.24): gradient ``X^T (p - y)``, Hessian ``X^T W X`` with ``W = diag(p(1 - p))``.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symopt import optimizers
from symopt.data import (
    LOSSES,
    DataObjective,
    check_templates,
    from_sample,
    from_sympy,
    huber_regression,
    logistic_regression,
    loss_derivatives,
    one_hot,
    ridge_regression,
    softmax_regression,
    unrolled_objective,
)
from symopt.errors import DimensionError, ParameterError, ParseError, UnsupportedError

TEXTS = [
    "mean(logistic(y * (X @ w))) + lam/2*norm(w)**2",
    "mean(bce(X @ w, b)) + lam*sumsq(w)",
    "mean(sqhinge(y * (X @ w))) + lam/2*dot(w, w)",
    "mean(huber(X @ w - y, 1/2)) + lam/2*norm(w)**2",
    "norm(X @ w - y)**2/(2*n) + lam/2*norm(w)**2",
    "mean((X @ w - y)**2)",
    "mean(poisson(X @ w, c)) + lam/2*norm(w)**2",
    "2*sum(logistic(y * (X @ w)))/n - 0.5*mean(squares(X @ w - y)) + 3",
]


def _data(seed: int, n: int = 7, d: int = 3) -> dict:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = np.sign(rng.normal(size=n))
    return {"X": X, "y": y, "b": (y > 0).astype(float), "c": rng.poisson(2.0, size=n).astype(float)}


@pytest.mark.parametrize("text", TEXTS)
def test_compiled_value_gradient_hessian_match_the_unrolled_sympy_derivation(text):
    """The matrix-form kernels agree with SymPy differentiating the sum written out sample by sample."""
    data = _data(1)
    f = DataObjective(text, data=data, params={"lam": "1/10"})
    fast, slow = f.compile(), unrolled_objective(f).compile()
    rng = np.random.default_rng(5)
    W = rng.normal(size=(4, f.d)) * 0.7
    np.testing.assert_allclose(fast.value(W), slow.value(W), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(fast.grad(W), slow.grad(W), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(fast.hess(W), slow.hess(W), rtol=1e-10, atol=1e-12)


def test_softmax_cross_entropy_matches_the_unrolled_derivation_and_batches():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(6, 3))
    Y = one_hot(rng.integers(0, 3, 6), 3)
    f = softmax_regression(X, Y, lam="1/4")
    fast, slow = f.compile(), unrolled_objective(f).compile()
    W = rng.normal(size=(2, 5, 9))
    np.testing.assert_allclose(fast.value(W), slow.value(W), rtol=1e-12)
    np.testing.assert_allclose(fast.grad(W), slow.grad(W), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(fast.hess(W), slow.hess(W), rtol=1e-10, atol=1e-12)
    assert str(f.gradient) == "X^T (softmax(X W) - Y) / n + lam W"


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["logistic", "bce", "huber", "squares", "sqhinge"]))
def test_gradient_is_the_derivative_of_the_value_by_finite_differences(seed, name):
    rng = np.random.default_rng(seed)
    n, d = int(rng.integers(1, 30)), int(rng.integers(1, 6))
    X = rng.normal(size=(n, d))
    y = rng.normal(size=n) if name in ("huber", "squares") else np.sign(rng.normal(size=n)) + 0.0
    if name == "bce":
        y = (y > 0).astype(float)
    text = {"logistic": "mean(logistic(y * (X @ w)))", "bce": "mean(bce(X @ w, y))",
            "huber": "mean(huber(X @ w - y, 2))", "squares": "mean(squares(X @ w - y))",
            "sqhinge": "mean(sqhinge(y * (X @ w)))"}[name]
    f = DataObjective(text + " + lam/2*norm(w)**2", data={"X": X, "y": y}, params={"lam": 0.3}).compile()
    w = rng.normal(size=d)
    h = 1e-6
    fd = np.array([(f.value(w + h * e) - f.value(w - h * e)) / (2 * h) for e in np.eye(d)])
    np.testing.assert_allclose(f.grad(w), fd, rtol=1e-5, atol=1e-6)
    fdh = np.array([(f.grad(w + h * e) - f.grad(w - h * e)) / (2 * h) for e in np.eye(d)])
    if name not in ("huber", "sqhinge"):  # kinks: the Hessian is one-sided there
        np.testing.assert_allclose(f.hess(w), fdh, rtol=1e-4, atol=1e-5)


def test_matrix_forms_are_the_textbook_ones_and_never_unrolled():
    """ESL (4.21)-(4.24): gradient X^T (p - y), Hessian X^T diag(p (1 - p)) X; sizes do not enter the text."""
    for n in (5, 5000):
        X = np.random.default_rng(0).normal(size=(n, 4))
        y = (X[:, 0] > 0).astype(float)
        f = DataObjective("mean(bce(X @ w, y)) + lambda/2*norm(w)**2", data={"X": X, "y": y}, params={"lambda": 0.1})
        assert str(f.gradient) == "X^T (sigmoid(X w) - y) / n + lambda w"
        assert str(f.hessian) == "X^T diag(sigmoid(X w) * (1 - sigmoid(X w))) X / n + lambda I"
        assert f.gradient.latex == r"\frac{1}{n} X^\top \left(\sigma(X w) - y\right) + \lambda w"
    r = ridge_regression(X, y, lam=2)
    assert (str(r.gradient), str(r.hessian)) == ("X^T (X w - y) / n + lam w", "X^T X / n + lam I")


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_loss_kernels_agree_with_the_sympy_derivatives_of_the_definition(name):
    assert check_templates(LOSSES[name])


@pytest.mark.parametrize("name", ["logistic", "bce", "hinge", "sqhinge", "huber", "squares", "poisson", "softmax_ce"])
def test_declared_curvature_bounds_and_monotonicity_are_re_derived_from_the_definition(name):
    """Curvature (convex), sup/inf of phi'' and monotonicity as CVXPY's atoms declare them, proved by the sign prover.

    Constants: logistic and BCE 1/4 (Bubeck 2015, Sec. 3.2), squared hinge 2 (Chang, Hsieh, Lin 2008),
    Huber 1 (Beck 2017, Ch. 6), softmax 1/2 (Boehning 1992); the Poisson loss has no bound."""
    from symopt.data import loss_curvature_proof

    lo = LOSSES[name]
    proof = loss_curvature_proof(lo)
    assert proof["convex"] and proof["inf"]
    assert bool(proof["sup"]) == (lo.sup_curvature is not None)
    if lo.monotonicity != "none":
        assert proof["monotone"]


def test_loss_derivative_is_derived_not_typed():
    z, y = sp.symbols("z y", real=True)
    d1, d2 = loss_derivatives(LOSSES["bce"])
    assert sp.simplify(d1 - (1 / (1 + sp.exp(-z)) - y)) == 0


# ------------------------------------------------------------------------------------------- input


def test_text_is_parsed_safely_and_errors_name_the_problem():
    data = _data(0)
    bad = {
        "__import__('os').system('true')": "not allowed",
        "mean(logistic(X @ y))": "@ is for data @ weight",
        "mean(foo(X @ w))": "'foo' is not allowed",
        "mean(logistic(y * (X @ w))) + lam": "unknown name 'lam'",
        "X @ w": "not an objective",
        "mean(logistic(y * (X @ w))) + (lambda x: x)": "not an expression",
        "mean(logistic(y * (X @ w))) + [v for v in X]": "ListComp is not allowed",
        "mean(logistic(y * (X @ w))).real": "Attribute",
        "mean(huber(X @ w - y, -1))": "positive",
        "norm(w)": "squared",
        "mean(logistic(y * (X @ w))) / 0": "division by zero",
        "mean(" * 200 + ")" * 200: "",
    }
    for text, words in bad.items():
        with pytest.raises(ParseError) as info:
            DataObjective(text, data=data)
        assert words in str(info.value)


def test_shapes_are_checked_and_both_shapes_named():
    X = np.ones((5, 3))
    with pytest.raises(DimensionError, match=r"\(4,\).*\(5, 3\)"):
        DataObjective("mean(logistic(y * (X @ w)))", data={"X": X, "y": np.ones(4)})
    with pytest.raises(DimensionError, match=r"Z has shape \(5, 2\).*X has shape \(5, 3\)"):
        DataObjective("mean(logistic(y * (X @ w))) + mean(squares(Z @ w - y))",
                      data={"X": X, "y": np.ones(5), "Z": np.ones((5, 2))})
    with pytest.raises(DimensionError, match="last axis"):
        logistic_regression(X, np.ones(5)).compile().grad(np.zeros(4))
    with pytest.raises(ParameterError, match="lam"):
        DataObjective("mean(logistic(y * (X @ w))) + lam*sumsq(w)", data={"X": X, "y": np.ones(5)},
                      params={"lam": "oops"})
    with pytest.raises(ParameterError, match="non-finite"):
        DataObjective("mean(squares(X @ w - y))", data={"X": X * np.nan, "y": np.ones(5)})


def test_sympy_indexed_sum_and_matrix_symbol_inputs_give_the_same_objective_as_text():
    data = _data(3)
    i, j = sp.symbols("i j", integer=True)
    n, d = sp.symbols("n d", integer=True, positive=True)
    X, y, w = sp.IndexedBase("X"), sp.IndexedBase("y"), sp.IndexedBase("w")
    lam = sp.Symbol("lam")
    expr = (sp.Sum(sp.log(1 + sp.exp(-y[i] * sp.Sum(X[i, j] * w[j], (j, 0, d - 1)))), (i, 0, n - 1)) / n
            + lam / 2 * sp.Sum(w[j] ** 2, (j, 0, d - 1)))
    a = from_sympy(expr, {"X": data["X"], "y": data["y"]}, {"lam": 0.1}).compile()
    b = logistic_regression(data["X"], data["y"], lam=0.1).compile()
    W = np.random.default_rng(0).normal(size=(3, 3))
    np.testing.assert_allclose(a.grad(W), b.grad(W), rtol=1e-13)
    with pytest.raises(DimensionError, match=r"5 terms.*\(7, 3\)"):
        from_sympy(sp.Sum(sp.log(1 + sp.exp(-y[i] * sp.Sum(X[i, j] * w[j], (j, 0, 2)))), (i, 0, 4)),
                   {"X": data["X"], "y": data["y"]})
    with pytest.raises(UnsupportedError, match="not one of the named losses"):
        from_sympy(sp.Sum(sp.sin(sp.Sum(X[i, j] * w[j], (j, 0, 2))), (i, 0, 6)), {"X": data["X"]})
    Xm, wm, ym = sp.MatrixSymbol("X", 7, 3), sp.MatrixSymbol("w", 3, 1), sp.MatrixSymbol("y", 7, 1)
    m = from_sympy((Xm * wm - ym).T * (Xm * wm - ym) / (2 * n) + lam / 2 * wm.T * wm,
                   {"X": data["X"], "y": data["y"]}, {"lam": 0.1}).compile()
    r = ridge_regression(data["X"], data["y"], lam=0.1).compile()
    np.testing.assert_allclose(m.grad(W), r.grad(W), rtol=1e-13)
    Xbad = sp.MatrixSymbol("X", 6, 3)
    with pytest.raises(DimensionError, match=r"\(6, 3\).*\(7, 3\)"):
        from_sympy((Xbad * wm).T * (Xbad * wm), {"X": data["X"]})


def test_a_vector_of_symbols_finds_the_prediction_exactly():
    data = _data(4)
    ws, xs, t = sp.symbols("w0:3", real=True), sp.symbols("x0:3", real=True), sp.Symbol("t", real=True)
    f = from_sample(sp.log(1 + sp.exp(-t * sum(a * b for a, b in zip(ws, xs)))), ws, xs, t, data["X"], data["y"],
                    reg=sp.Rational(1, 20))
    g = logistic_regression(data["X"], data["y"], lam="1/10")
    W = np.random.default_rng(1).normal(size=(2, 3))
    np.testing.assert_allclose(f.compile().grad(W), g.compile().grad(W), rtol=1e-13)
    with pytest.raises(UnsupportedError, match="other than through z"):
        from_sample(ws[0] ** 2 * xs[1], ws, xs, None, data["X"])


# ------------------------------------------------------------------------------------------ optimizers


def test_optimizers_run_a_data_objective_directly():
    """GD with the certified step 2/(mu + L) reaches SciPy's optimum; minibatch SGD gets close; no column names."""
    from scipy.optimize import minimize

    rng = np.random.default_rng(7)
    X = rng.normal(size=(400, 4))
    y = np.sign(X @ np.array([1.0, -2.0, 0.5, 0.0]) + 0.5 * rng.normal(size=400))
    f = logistic_regression(X, y, lam=0.05)
    from symopt.data import theory_parameters

    p = theory_parameters(f)
    tr = optimizers.gd(f, x0=np.zeros(4), lr=float(p.gd_step), steps=300)
    c = f.compile()
    ref = minimize(c.value, np.zeros(4), jac=c.grad, method="BFGS", options={"gtol": 1e-12})
    np.testing.assert_allclose(tr.x, ref.x, atol=1e-6)
    nt = optimizers.newton(f, x0=np.zeros(4), steps=8)
    # the linear rate (kappa - 1)/(kappa + 1) of GD at 2/(mu + L) on a mu-strongly convex, L-smooth function
    rate = float((p.kappa - 1) / (p.kappa + 1))
    errs = np.linalg.norm(tr.xs - nt.x, axis=-1)
    assert np.all(errs[1:60] <= rate ** np.arange(1, 60) * errs[0] * (1 + 1e-9))
    sgd = optimizers.minibatch_sgd(f, x0=np.zeros(4), lr=0.5, batch_size=40, epochs=30, seed=1)
    assert sgd.values[-1] - ref.fun < 1e-3
    assert sgd.nit == 300
    np.testing.assert_allclose(nt.x, tr.x, atol=1e-10)


def test_minibatch_gradient_is_unbiased():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(12, 3)), rng.normal(size=12)
    c = huber_regression(X, y, delta=1, lam=0.2).compile()
    w = rng.normal(size=3)
    parts = [c.minibatch_grad(np.array([i, i + 6]), w) for i in range(6)]
    np.testing.assert_allclose(np.mean(parts, axis=0), c.grad(w), rtol=1e-12)


def test_jax_backend_matches_numpy():
    pytest.importorskip("jax")
    rng = np.random.default_rng(0)
    f = logistic_regression(rng.normal(size=(50, 4)), np.sign(rng.normal(size=50)), lam=0.1)
    W = rng.normal(size=(3, 4))
    np.testing.assert_allclose(f.compile("jax").grad(W), f.compile().grad(W), rtol=1e-10)


def test_the_optimum_is_scikit_learns():
    """scikit-learn's ``LogisticRegression`` minimises ``||w||^2/2 + C sum_i log(1 + exp(-y_i x_i^T w))``: the same
    minimiser as ``mean(logistic) + lam/2 ||w||^2`` for ``C = 1/(n lam)`` (scikit-learn user guide, 1.1.11.1)."""
    linear = pytest.importorskip("sklearn.linear_model")
    datasets = pytest.importorskip("sklearn.datasets")
    raw = datasets.load_breast_cancer()
    Z = (raw.data - raw.data.mean(axis=0)) / raw.data.std(axis=0)
    X = np.hstack([Z, np.ones((len(Z), 1))])
    y = np.where(raw.target == 1, 1.0, -1.0)
    lam = 0.05
    f = logistic_regression(X, y, lam=lam)
    w = optimizers.newton(f, x0=np.zeros(f.d), steps=12).x
    sk = linear.LogisticRegression(C=1 / (len(y) * lam), fit_intercept=False, tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(w, sk.coef_[0], atol=1e-5)
    assert np.linalg.norm(f.compile().grad(w)) < 1e-12


def test_softmax_hessian_is_an_operator_on_directions():
    rng = np.random.default_rng(0)
    f = softmax_regression(rng.normal(size=(5, 2)), one_hot(rng.integers(0, 3, 5), 3), lam=0.1)
    assert str(f.hessian) == "V -> X^T (P * (X V) - P * rowsum(P * X V)) / n + lam V, P = softmax(X W)"


_ALPHABET = st.sampled_from(list("Xyw@*+-/()., 0123456789") + ["mean(", "sum(", "logistic(", "norm(", "**", "huber(",
                                                                "softmax_ce(", "lam", "__", "import", "lambda", "n"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=30).map("".join))
def test_any_text_parses_or_raises_a_parse_error(text):
    """Hostile or random text never reaches eval and never raises anything but symopt's input errors."""
    X, y = np.ones((3, 2)), np.ones(3)
    try:
        DataObjective(text, data={"X": X, "y": y}, params={"lam": 1})
    except (ParseError, DimensionError, ParameterError):
        pass


def test_numbers_are_read_exactly_after_a_lambda():
    """``lambda`` is rewritten before parsing; numbers after it are still read from the parsed text (regression)."""
    X, y = np.ones((3, 2)), np.ones(3)
    f = DataObjective("lambda*12*norm(w)**2 + 0.1*sumsq(w) + 34*mean(logistic(y*(X@w)))", data={"X": X, "y": y},
                      params={"lambda": 1})
    assert f.reg == 12 * sp.Symbol("lambda") + sp.Rational(1, 10)
    assert f.value_of(f.loss_terms[0].coef, f.loss_terms[0]) == sp.Rational(34, 3)
