"""Tests of symopt.optimizers.

Reproduced printed outputs of the texts (every deterministic one in D2L 10.3
(seed 000) and 11.3-11.11 (seed 001)); each is produced by running symopt on
the *symbolic* objective (gradients and Hessians derived and compiled by
symopt, never written by hand) and compared to the digits the text prints:

| section        | run                                                     | printed                                  |
| -------------- | ------------------------------------------------------- | ---------------------------------------- |
| 10.3.1 / 11.3.1 | GD on x**2 from 10, eta 0.2, 10 steps                   | epoch 10, x: 0.06046617599999997         |
| 10.3.1.1 / 11.3.1 Learning Rate | GD on x**2, eta 0.05                      | epoch 10, x: 3.4867844009999995          |
| 10.3.1.1 / 11.3.1 Learning Rate | GD on x**2, eta 1.1                       | epoch 10, x: 61.917364224000096          |
| 10.3.1.2 / 11.3.1 Local Minima  | GD on x*cos(c x), c = 0.15 pi, eta 2      | epoch 10, x: -1.528165927635083          |
| 10.3.2 / 11.3.2 | GD on x1**2 + 2 x2**2 from (-5, -2), eta 0.1, 20 steps  | epoch 20, x1 -0.057646, x2 -0.000073     |
| 10.3.3.1 / 11.3.3 Newton | Newton on cosh(c x), c = 0.5, from 10           | epoch 10, x: 0.0                         |
| 10.3.3.1 / 11.3.3 Newton | Newton on x*cos(c x), c = 0.15 pi, eta 1        | epoch 10, x: 26.83413291324767           |
| 10.3.3.1 / 11.3.3 Newton | Newton on x*cos(c x), c = 0.15 pi, eta 0.5      | epoch 10, x: 7.269860168684531           |
| 11.6.1 Ill-conditioned   | GD on 0.1 x1**2 + 2 x2**2, eta 0.4              | epoch 20, x1 -0.943467, x2 -0.000073     |
| 11.6.1 Ill-conditioned   | GD on 0.1 x1**2 + 2 x2**2, eta 0.6              | epoch 20, x1 -0.387814, x2 -1673.365109  |
| 11.6.1 Momentum Method   | momentum, eta 0.6, beta 0.5                     | epoch 20, x1 0.007188, x2 0.002553       |
| 11.6.1 Momentum Method   | momentum, eta 0.6, beta 0.25                    | epoch 20, x1 -0.126340, x2 -0.186632     |
| 11.7.3 Adagrad           | Adagrad, eta 0.4 (eps 1e-6 inside the root)     | epoch 20, x1 -2.382563, x2 -0.158591     |
| 11.7.3 Adagrad           | Adagrad, eta 2                                  | epoch 20, x1 -0.002295, x2 -0.000000     |
| 11.8.2 RMSProp           | RMSProp, eta 0.4, gamma 0.9                     | epoch 20, x1 -0.010599, x2 0.000000      |
| 11.11.3 Factor scheduler | factor 0.9, stop 1e-2, base 2.0                 | (plotted only; checked in test_schedules) |

Not reproducible, and why (not tested as numbers):

* 11.4.1-11.4.2 SGD runs (``epoch 50, x1 -0.522513, x2 0.085780``, ``epoch
  1000, x1 -0.862200, x2 -0.019736``, ``epoch 50, x1 -0.024847, x2 0.090820``):
  they draw unseeded ``np.random.normal`` noise, so the digits are one random
  draw.  Note also that ``np.random.normal(0.1)`` is noise of mean 0.1 and
  standard deviation 1, not the zero-mean noise the text describes.
  They are checked statistically instead (``test_texts_sgd_outputs_against_
  seeded_replications``): among 2,000 seeded runs of the text's procedure
  (noise mean 0.1, sd 1, the text's schedules with its counter starting at 2)
  the exponential- and polynomial-decay outputs are ordinary draws, but the
  constant-rate ``x1 -0.522513`` lies about 2.8 standard deviations below the
  mean (percentile < 1%): implausible as a draw of the stated procedure.
* 11.5-11.10 ``loss: 0.2xx, 0.0xx sec/epoch`` lines: they train on the
  airfoil data set (not available here) from a random initialisation and
  report timings.
* 11.5.1 GFlops figures and 11.11 Fashion-MNIST training lines: timings and
  network training, outside symopt's scope.
"""

from __future__ import annotations

import json
import math
import pathlib
import warnings

import numpy as np
import pytest

from symopt import Objective
from symopt import optimizers as O
from symopt.errors import DimensionError, OptimizerError, ParameterError, SymoptError

C = 0.15 * math.pi
F_2D = "x1**2 + 2*x2**2"
F_ILL = "0.1*x1**2 + 2*x2**2"
X0 = [-5, -2]


# ----------------------------------------------------------------------------- the texts' printed outputs

TEXT_OUTPUTS = [
    # (section, runner, printed)
    ("11.3.1", lambda: O.gd("x**2", [10], lr=0.2, steps=10), "epoch 10, x: 0.06046617599999997"),
    ("11.3.1 Learning Rate", lambda: O.gd("x**2", [10], lr=0.05, steps=10), "epoch 10, x: 3.4867844009999995"),
    ("11.3.1 Learning Rate", lambda: O.gd("x**2", [10], lr=1.1, steps=10), "epoch 10, x: 61.917364224000096"),
    ("11.3.1 Local Minima", lambda: O.gd("x*cos(c*x)", [10], lr=2, steps=10, params={"c": C}),
     "epoch 10, x: -1.528165927635083"),
    ("11.3.2", lambda: O.gd(F_2D, X0, lr=0.1, steps=20), "epoch 20, x1 -0.057646, x2 -0.000073"),
    ("11.3.3 Newton", lambda: O.newton("cosh(c*x)", [10], lr=1, steps=10, params={"c": 0.5}), "epoch 10, x: 0.0"),
    ("11.3.3 Newton", lambda: O.newton("x*cos(c*x)", [10], lr=1, steps=10, params={"c": C}),
     "epoch 10, x: 26.83413291324767"),
    ("11.3.3 Newton", lambda: O.newton("x*cos(c*x)", [10], lr=0.5, steps=10, params={"c": C}),
     "epoch 10, x: 7.269860168684531"),
    ("11.6.1 Ill-conditioned", lambda: O.gd(F_ILL, X0, lr=0.4, steps=20), "epoch 20, x1 -0.943467, x2 -0.000073"),
    ("11.6.1 Ill-conditioned", lambda: O.gd(F_ILL, X0, lr=0.6, steps=20), "epoch 20, x1 -0.387814, x2 -1673.365109"),
    ("11.6.1 Momentum", lambda: O.momentum(F_ILL, X0, lr=0.6, beta=0.5, steps=20),
     "epoch 20, x1 0.007188, x2 0.002553"),
    ("11.6.1 Momentum", lambda: O.momentum(F_ILL, X0, lr=0.6, beta=0.25, steps=20),
     "epoch 20, x1 -0.126340, x2 -0.186632"),
    ("11.7.3 Adagrad", lambda: O.adagrad(F_ILL, X0, lr=0.4, steps=20), "epoch 20, x1 -2.382563, x2 -0.158591"),
    ("11.7.3 Adagrad", lambda: O.adagrad(F_ILL, X0, lr=2, steps=20), "epoch 20, x1 -0.002295, x2 -0.000000"),
    ("11.8.2 RMSProp", lambda: O.rmsprop(F_ILL, X0, lr=0.4, gamma=0.9, steps=20),
     "epoch 20, x1 -0.010599, x2 0.000000"),
]


@pytest.mark.parametrize("section, runner, printed", TEXT_OUTPUTS, ids=[f"{s}:{p}" for s, _, p in TEXT_OUTPUTS])
def test_texts_printed_outputs(section, runner, printed):
    trace = runner()
    assert trace.epoch_line() == printed
    assert trace.status == "max_steps"


def test_texts_outputs_come_from_symbolic_gradients():
    """The x*cos(cx) runs use symopt's derived derivatives: check them against the texts' formulas."""
    obj = Objective("x*cos(c*x)", variables="x", params="c")
    f = obj.compile(c=C)
    xs = np.linspace(-10, 10, 41)
    assert np.allclose(f.grad(xs)[:, 0], np.cos(C * xs) - C * xs * np.sin(C * xs), rtol=0, atol=1e-12)
    assert np.allclose(f.hess(xs)[:, 0, 0], -2 * C * np.sin(C * xs) - xs * C**2 * np.cos(C * xs), rtol=0, atol=1e-12)


def test_gd_trace_matches_closed_form():
    # GD on x^2: x_k = (1 - 2 eta)^k x_0 exactly for eta a power of two fraction
    tr = O.gd("x**2", [10.0], lr=0.25, steps=8)
    assert tr.xs.shape == (9, 1) and tr.values.shape == (9,) and tr.grads.shape == (9, 1) and tr.lrs.shape == (8,)
    assert np.array_equal(tr.xs[:, 0], np.ldexp(10.0, -np.arange(9)))  # exact: halving is exact in binary
    assert np.array_equal(tr.values, tr.xs[:, 0] ** 2)
    assert np.array_equal(tr.grads[:, 0], 2 * tr.xs[:, 0])
    assert np.all(tr.lrs == 0.25)
    assert tr.stop == 8 and tr.steps == 8


def test_trace_is_frozen():
    tr = O.gd(F_2D, X0, lr=0.1, steps=3)
    with pytest.raises(Exception):
        tr.status = "converged"
    with pytest.raises(ValueError):
        tr.xs[0, 0] = 1.0


def test_tolerance_converged_status_and_stop():
    tr = O.gd("x**2", [1.0], lr=0.25, steps=100, tol=1e-3)
    # |g_k| = 2 * 0.5^k <= 1e-3  first at k = 11
    assert tr.status == "converged" and tr.stop == 11 and tr.steps == 11
    assert abs(tr.grads[-1, 0]) <= 1e-3 < abs(tr.grads[-2, 0])


def test_newton_hessian_fixes_descend_on_nonconvex():
    # x cos(cx) from 10: plain Newton climbs to the local maximum region; |f''| descends
    plain = O.newton("x*cos(c*x)", [10], lr=1, steps=10, params={"c": C})
    fixed = O.newton("x*cos(c*x)", [10], lr=1, steps=10, params={"c": C}, hessian_fix="abs")
    assert plain.value > plain.values[0]  # the text's "spectacularly wrong"
    assert fixed.value < fixed.values[0]
    f = Objective("x*cos(c*x)", variables="x", params="c").compile(c=C)
    assert abs(f.grad(fixed.x)[0]) < 1e-8 and f.hess(fixed.x)[0, 0] > 0  # a local minimum
    lev = O.newton(F_2D, X0, steps=1, hessian_fix="levenberg", shift=2.0)
    # (H + 2I)^{-1} g with H = diag(2, 4): x1 = -5 - (-10/4), x2 = -2 - (-8/6)
    assert np.allclose(lev.x, [-5 + 2.5, -2 + 8 / 6])


def test_newton_one_step_on_quadratic_and_singular_hessian():
    tr = O.newton("x1**2 + x1*x2 + 2*x2**2 - x1", [3.0, -4.0], steps=1)
    # minimiser of the quadratic: solve [[2,1],[1,4]] x = [1, 0]
    assert np.allclose(tr.x, np.linalg.solve([[2, 1], [1, 4]], [1, 0]), atol=1e-14)
    sing = O.newton("x**3", [0.0, 1.0] if False else [0.0], steps=3)
    assert sing.status == "diverged" and sing.stop == 1


def test_preconditioned_removes_axis_scaling():
    tr = O.preconditioned(F_ILL, X0, lr=1.0, steps=1)
    assert np.allclose(tr.x, [0, 0])  # diag(H)^{-1} g is exact for an axis-aligned quadratic
    ab = O.preconditioned("x**4 - x**2", [0.3], lr=0.5, steps=50, absolute=True)
    assert abs(abs(float(ab.x[0])) - 1 / math.sqrt(2)) < 1e-8


@pytest.mark.parametrize("search", ["bisection", "golden"])
def test_exact_line_search_step_is_the_optimal_step(search):
    # for a quadratic the exact step along -g is g'g / g'Hg (checked independently here)
    H = np.array([[2.0, 0.0], [0.0, 4.0]])
    tr = O.line_search(F_2D, X0, steps=5, search=search, iters=80)
    for k in range(5):
        g = tr.grads[k]
        assert abs(tr.lrs[k] - g @ g / (g @ H @ g)) < 1e-9
    # steepest descent with exact steps on kappa = 2: f_k <= ((kappa-1)/(kappa+1))^(2k) f_0 (Kantorovich)
    assert tr.values[-1] <= tr.values[0] * (1 / 9) ** 5 * (1 + 1e-9)


def test_armijo_condition_holds():
    tr = O.line_search("(1 - x1)**2 + 10*(x2 - x1**2)**2", [-1.2, 1.0], lr=1.0, steps=200, search="armijo", c=1e-4)
    for k in range(tr.steps):
        g = tr.grads[k]
        assert tr.values[k + 1] <= tr.values[k] - 1e-4 * tr.lrs[k] * (g @ g) + 1e-15
    assert tr.values[-1] < tr.values[0] * 1e-3


def test_projected_gd_box():
    tr = O.projected_gd(F_2D + " - 4*x1", [0.5, 0.5], projection=lambda X: np.clip(X, -1, 1), lr=0.2, steps=50)
    # the unconstrained minimiser x1 = 2 is outside the box: the constrained one is (1, 0)
    assert np.allclose(tr.x, [1, 0], atol=1e-9)
    assert np.all(np.abs(tr.xs) <= 1)
    with pytest.raises(DimensionError):
        O.projected_gd(F_2D, X0, projection=lambda X: X[..., :1], steps=2)


def test_projected_gd_with_symopt_projection():
    from symopt.projections import l2_ball

    tr = O.projected_gd("(x1 - 3)**2 + (x2 - 4)**2", [0.0, 0.0], projection=lambda X: l2_ball(X, 1.0), lr=0.1,
                        steps=100)
    # the closest point of the unit disc to (3, 4) is (3, 4) / 5
    assert np.allclose(tr.x, [0.6, 0.8], atol=1e-12)
    assert np.all(np.linalg.norm(tr.xs, axis=-1) <= 1 + 1e-12)


def test_sgd_seeded_and_noise_statistics():
    a = O.sgd(F_2D, X0, lr=0.1, steps=50, seed=3)
    b = O.sgd(F_2D, X0, lr=0.1, steps=50, seed=3)
    c = O.sgd(F_2D, X0, lr=0.1, steps=50, seed=4)
    assert np.array_equal(a.xs, b.xs) and not np.array_equal(a.xs, c.xs)
    # with zero noise SGD is GD
    assert np.array_equal(O.sgd(F_2D, X0, lr=0.1, steps=20, noise=0.0).xs, O.gd(F_2D, X0, lr=0.1, steps=20).xs)
    # the injected noise has the requested mean and spread (many members at once)
    tr = O.sgd(F_2D, np.zeros((4000, 2)), lr=0.0, steps=1, noise=1.0, noise_mean=0.1, seed=0)
    noise = tr.grads[0]  # the true gradient at 0 is 0
    assert abs(noise.mean() - 0.1) < 0.05 and abs(noise.std() - 1.0) < 0.05


def test_texts_sgd_outputs_against_seeded_replications():
    runs = 2000
    x0 = np.tile([-5.0, -2.0], (runs, 1))
    cases = {
        "constant": (0.1, 50, (-0.522513, 0.085780)),
        "exponential": (lambda t: 0.1 * math.exp(-0.1 * (t + 2)), 1000, (-0.862200, -0.019736)),
        "polynomial": (lambda t: 0.1 * (1 + 0.1 * (t + 2)) ** -0.5, 50, (-0.024847, 0.090820)),
    }
    percentile = {}
    for name, (lr, steps, printed) in cases.items():
        tr = O.sgd(F_2D, x0, lr=lr, steps=steps, noise=1.0, noise_mean=0.1, seed=0, record=False)
        percentile[name] = [float((tr.x[:, i] <= printed[i]).mean()) for i in range(2)]
        if name == "constant":
            # stationary spread of x1 under eta = 0.1, sd 1: eta / sqrt(1 - (1 - 2 eta)^2) = 1/6
            assert abs(tr.x[:, 0].std() - 1 / 6) < 0.01
    assert percentile["constant"][0] < 0.01
    for name in ("exponential", "polynomial"):
        assert all(0.02 < p < 0.98 for p in percentile[name]), (name, percentile[name])
    assert 0.02 < percentile["constant"][1] < 0.98


def test_minibatch_sgd_linear_regression():
    rng = np.random.default_rng(0)
    a = rng.normal(size=200)
    b = 2.0 * a - 1.0
    tr = O.minibatch_sgd("(w*a + c0 - b)**2", [0.0, 0.0], data={"a": a, "b": b}, lr=0.1, batch_size=20, epochs=30)
    assert tr.steps == 30 * 10
    assert np.allclose(tr.x, [-1.0, 2.0], atol=1e-6)  # variables sorted: c0, w
    # values are the full-data mean loss, checked against NumPy directly
    c0, w = tr.xs[5]
    assert abs(tr.values[5] - np.mean((w * a + c0 - b) ** 2)) < 1e-12
    full = O.minibatch_sgd("(w*a - b)**2", [0.0], data={"a": a, "b": b}, lr=0.1, batch_size=200, epochs=3)
    # a full batch is gradient descent on the mean loss
    gd = O.gd(f"{np.mean(a * a)}*w**2 - 2*{np.mean(a * b)}*w + {np.mean(b * b)}", [0.0], lr=0.1, steps=3)
    assert np.allclose(full.xs, gd.xs, rtol=1e-12, atol=1e-12)
    with pytest.raises(DimensionError):  # b, not given as data, is read as a second variable
        O.minibatch_sgd("(w*a - b)**2", [0.0], data={"a": a}, lr=0.1)
    with pytest.raises(ParameterError):
        O.minibatch_sgd(Objective("(w*a - b)**2", variables="w", params="a,b"), [0.0], data={"a": a}, lr=0.1)
    with pytest.raises(ParameterError):
        O.minibatch_sgd("(w*a - b)**2", [0.0], data={"a": a, "b": b[:5]}, lr=0.1)


def test_minibatch_sgd_over_the_terms_of_a_sum():
    text = "(x - 1)**2 + (x - 2)**2/2 + c*(x - 6)**2 + y**2"
    # one batch of every term is gradient descent on the sum
    full = O.minibatch_sgd(text, [0.0, 1.0], lr=0.05, batch_size=4, epochs=7, params={"c": 0.5})
    ref = O.gd(text, [0.0, 1.0], lr=0.05, steps=7, params={"c": 0.5})
    assert np.allclose(full.xs, ref.xs, rtol=1e-13, atol=1e-13)
    assert np.allclose(full.values, ref.values, rtol=1e-13, atol=1e-13)
    # single terms: 4 terms, batch size 1 -> 4 steps per epoch
    one = O.minibatch_sgd(text, [0.0, 1.0], lr=0.01, batch_size=1, epochs=3, params={"c": 0.5}, seed=2)
    assert one.steps == 12 and one.hyper["examples"] == 4
    minimiser = 2.5  # 2(x - 1) + (x - 2) + (x - 6) = 0
    long = O.minibatch_sgd(text, [0.0, 1.0], lr=0.002, batch_size=1, epochs=2000,
                           params={"c": 0.5}, seed=0, record=False)
    assert abs(long.x[0] - minimiser) < 0.05 and abs(long.x[1]) < 1e-3
    with pytest.raises(ParameterError):
        O.minibatch_sgd(Objective("c*x**2 + x", variables="x", params="c"), [1.0], lr=0.1)
    bare = O.minibatch_sgd("x**2 + x", [1.0], lr=0.1, batch_size=2, epochs=3)  # a bare-symbol term
    assert np.allclose(bare.xs, O.gd("x**2 + x", [1.0], lr=0.1, steps=3).xs)
    with pytest.raises(OptimizerError):
        O.minibatch_sgd(Objective("x**2 + x").compile(), [1.0], lr=0.1)


def test_nesterov_text_form_lookahead():
    # one step by hand: v1 = grad f(x0) (v0 = 0), x1 = x0 - eta v1; step two uses the look-ahead point
    tr = O.nesterov(F_2D, X0, lr=0.1, beta=0.9, steps=2)
    g = lambda x: np.array([2 * x[0], 4 * x[1]])
    x0 = np.array(X0, float)
    v1 = g(x0)
    x1 = x0 - 0.1 * v1
    v2 = 0.9 * v1 + g(x1 - 0.1 * 0.9 * v1)
    assert np.allclose(tr.xs[1], x1) and np.allclose(tr.xs[2], x1 - 0.1 * v2)


def test_adam_and_yogi_converge_and_bias_correction():
    # first Adam step has length ~eta in every coordinate (bias correction), whatever the gradient scale
    tr = O.adam(F_ILL, X0, lr=0.1, steps=1)
    assert np.allclose(np.abs(tr.xs[1] - tr.xs[0]), 0.1, rtol=1e-5)
    a = O.adam(F_2D, X0, lr=0.1, steps=500)
    y = O.yogi(F_2D, X0, lr=0.1, steps=500)
    assert a.value < 1e-4 and y.value < 1e-4


def test_adadelta_text_form_matches_its_code():
    # the text's adadelta code (11.9.2), written out here with eps = 1e-5
    tr = O.adadelta(F_ILL, X0, steps=30)
    x = np.array(X0, float)
    s = np.zeros(2)
    d = np.zeros(2)
    for _ in range(30):
        g = np.array([0.2 * x[0], 4 * x[1]])
        s = 0.9 * s + 0.1 * g**2
        step = np.sqrt(d + 1e-5) / np.sqrt(s + 1e-5) * g
        x = x - step
        d = 0.9 * d + 0.1 * step * step
    assert np.allclose(tr.x, x, rtol=0, atol=1e-14)


# ----------------------------------------------------------------------------- batches


def test_batched_learning_rates_match_single_runs():
    lrs = np.linspace(0.01, 1.2, 1000)
    tr = O.gd("x**2", [10.0], lr=lrs, steps=10)
    assert tr.xs.shape == (11, 1000, 1) and tr.status.shape == (1000,)
    for i in (0, 17, 500, 999):
        single = O.gd("x**2", [10.0], lr=float(lrs[i]), steps=10)
        assert np.array_equal(tr.member(i).xs, single.xs)
    assert list(np.unique(tr.status)) == ["max_steps"]


def test_batched_starts_and_hyper_arrays_broadcast():
    x0 = np.array([[-5.0, -2.0], [1.0, 1.0], [3.0, -1.0]])
    betas = np.array([0.0, 0.5, 0.9])
    tr = O.momentum(F_ILL, x0, lr=0.3, beta=betas, steps=15)
    for i in range(3):
        single = O.momentum(F_ILL, x0[i], lr=0.3, beta=float(betas[i]), steps=15)
        assert np.array_equal(tr.member(i).xs, single.xs)
    with pytest.raises(DimensionError):
        O.momentum(F_ILL, x0, lr=0.3, beta=np.array([0.1, 0.2]), steps=3)


def test_divergence_marked_per_member_without_warnings():
    lrs = np.array([0.05, 0.1, 1.5, 40.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tr = O.gd("exp(x**2)", [1.0], lr=lrs, steps=50, diverge_at=1e6)
    assert list(tr.status[:2]) == ["max_steps", "max_steps"]
    assert list(tr.status[2:]) == ["diverged", "diverged"]
    # x_1 = 1 - 40 * 2e = -216.5 is still below the bound; x_2 overflows to inf: diverged at step 2
    assert abs(tr.xs[1, 3, 0] - (1 - 40 * 2 * math.e)) < 1e-9 and tr.stop[3] == 2
    assert not np.isfinite(tr.xs[2, 3, 0])
    # the diverged members are frozen at their stopping iterate; the others kept going
    for i in (2, 3):
        k = int(tr.stop[i])
        m = tr.member(i)
        assert m.steps == k and m.status == "diverged"
        assert np.all(tr.xs[k:, i] == tr.xs[k, i]) or not np.isfinite(tr.xs[k, i]).all()
        assert np.all(tr.lrs[k:, i] == 0.0)
        assert np.all(np.abs(tr.xs[: k, i]) <= 1e6)
    assert abs(tr.x[1, 0]) < 1e-3


def test_mixed_statuses_in_one_batch():
    tr = O.gd("x**2", np.array([[1.0], [1.0], [1.0]]), lr=np.array([0.25, 0.1, 1.5]), steps=200, tol=1e-6)
    assert list(tr.status) == ["converged", "converged", "diverged"]
    assert tr.stop[0] < tr.stop[1]
    assert tr.steps == max(tr.stop)


def test_record_false_keeps_first_and_last():
    full = O.adam(F_2D, np.ones((5, 2)), lr=0.1, steps=30)
    light = O.adam(F_2D, np.ones((5, 2)), lr=0.1, steps=30, record=False)
    assert light.xs.shape == (2, 5, 2)
    assert np.array_equal(light.xs[-1], full.xs[-1]) and np.array_equal(light.x, full.x)


def test_schedule_as_lr():
    from symopt import schedules

    s = schedules.exponential(0.2, rate=0.5)
    tr = O.gd("x**2", [1.0], lr=s, steps=4)
    assert np.allclose(tr.lrs, 0.2 * np.exp(-0.5 * np.arange(4)))
    x = 1.0
    for t in range(4):
        x = x - s(t) * 2 * x
    # exact by construction: the same schedule values, and (s*2)*x == s*(2*x) since doubling is exact
    assert tr.x[0] == x


# ----------------------------------------------------------------------------- torch parity

REFERENCE = pathlib.Path(__file__).parent / "data" / "torch_reference.json"


def _reference_cases():
    return json.loads(REFERENCE.read_text())["cases"]


@pytest.mark.parametrize("case", _reference_cases(), ids=lambda c: f"{c['name']}-{c['method']}-{c['kwargs']}")
def test_torch_form_matches_stored_torch_trajectories(case):
    tr = O.minimize(case["objective"], case["x0"], method=case["method"], steps=case["steps"], form="torch",
                    **case["kwargs"])
    ref = np.array(case["xs"])
    assert tr.xs.shape == ref.shape
    assert np.max(np.abs(tr.xs - ref)) <= 1e-6


def test_reference_covers_every_torch_method():
    assert {c["method"] for c in _reference_cases()} == set(O.TORCH_METHODS) - {"sgd"}
    assert all(c["steps"] == 100 for c in _reference_cases())


def test_text_and_torch_forms_differ_where_eps_sits():
    a = O.adagrad(F_ILL, X0, lr=0.4, steps=20)
    b = O.adagrad(F_ILL, X0, lr=0.4, steps=20, form="torch")
    assert not np.allclose(a.x, b.x, rtol=0, atol=1e-12)
    with pytest.raises(OptimizerError):
        O.yogi(F_2D, X0, form="torch")


def test_torch_direct_parity():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x0 = rng.normal(size=3)
    text = "x1**4/4 + (x2 - 1)**2 + x1*x3 + exp(x3/2)"

    def fn(x):
        return x[0] ** 4 / 4 + (x[1] - 1) ** 2 + x[0] * x[2] + torch.exp(x[2] / 2)

    setups = [
        ("momentum", {"lr": 0.05, "beta": 0.8}, "SGD", {"lr": 0.05, "momentum": 0.8}),
        ("nesterov", {"lr": 0.05, "beta": 0.8}, "SGD", {"lr": 0.05, "momentum": 0.8, "nesterov": True}),
        ("adagrad", {"lr": 0.2}, "Adagrad", {"lr": 0.2}),
        ("rmsprop", {"lr": 0.01}, "RMSprop", {"lr": 0.01}),
        ("adadelta", {"lr": 1.0, "rho": 0.9}, "Adadelta", {"lr": 1.0, "rho": 0.9}),
        ("adam", {"lr": 0.05}, "Adam", {"lr": 0.05}),
    ]
    for method, skw, cls, tkw in setups:
        x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
        opt = getattr(torch.optim, cls)([x], **tkw)
        rows = [x.detach().numpy().copy()]
        for _ in range(100):
            opt.zero_grad()
            fn(x).backward()
            opt.step()
            rows.append(x.detach().numpy().copy())
        tr = O.minimize(text, x0, method=method, steps=100, form="torch", **skw)
        assert np.max(np.abs(tr.xs - np.array(rows))) <= 1e-6, method


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: O.gd(F_2D, [1, 2, 3]), DimensionError, "3 coordinate"),
        (lambda: O.gd(F_2D, 1.0), DimensionError, "single number"),
        (lambda: O.gd(F_2D, ["a", 1]), DimensionError, "x0"),
        (lambda: O.gd(F_2D, [np.nan, 1]), DimensionError, "finite"),
        (lambda: O.minimize(F_2D, X0, method="lbfgs"), OptimizerError, "unknown method"),
        (lambda: O.minimize(F_2D, X0, method="gd", beta=0.5), OptimizerError, "does not take beta"),
        (lambda: O.gd(F_2D, X0, lr=-0.1), OptimizerError, "lr"),
        (lambda: O.gd(F_2D, X0, lr=float("inf")), OptimizerError, "finite"),
        (lambda: O.gd(F_2D, X0, lr=np.array([0.1, np.nan])), OptimizerError, "finite"),
        (lambda: O.momentum(F_2D, X0, beta=1.0), OptimizerError, "beta"),
        (lambda: O.momentum(F_2D, X0, beta=-0.1), OptimizerError, "beta"),
        (lambda: O.adam(F_2D, X0, beta2=1.5), OptimizerError, "beta2"),
        (lambda: O.rmsprop(F_2D, X0, gamma=1.0), OptimizerError, "gamma"),
        (lambda: O.adam(F_2D, X0, eps=0.0), OptimizerError, "eps"),
        (lambda: O.gd(F_2D, X0, steps=-1), OptimizerError, "steps"),
        (lambda: O.gd(F_2D, X0, steps=2.5), OptimizerError, "steps"),
        (lambda: O.gd(F_2D, X0, form="jax"), OptimizerError, "form"),
        (lambda: O.newton(F_2D, X0, hessian_fix="clip"), OptimizerError, "hessian_fix"),
        (lambda: O.line_search(F_2D, X0, search="wolfe"), OptimizerError, "search"),
        (lambda: O.gd(Objective("a*x**2", variables="x", params="a"), [1.0]), ParameterError, "a"),
        (lambda: O.gd("a*x**2", [1.0], params={"b": 1}), ParameterError, "b"),
        (lambda: O.gd("x**2", [1.0], lr=lambda t: -1.0), OptimizerError, "schedule"),
    ],
)
def test_bad_input_raises_named_errors(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert isinstance(info.value, SymoptError)
    assert words in str(info.value)


def test_diverging_run_is_a_result():
    tr = O.gd("x**2", [10], lr=3.0, steps=100)
    assert tr.status == "diverged" and tr.stop < 100
    assert abs(float(tr.x[0])) > 1e12


# ----------------------------------------------------------------------------- the single-trajectory fast path


@pytest.mark.parametrize(
    "text, x0, kw",
    [
        ("x*cos(c*x)", [10.0], {"lr": 2.0, "steps": 10, "params": {"c": C}}),
        ("x1**2 + 2*x2**2", X0, {"lr": 0.1, "steps": 20}),
        ("log(exp(x1) + exp(-2*x1 - 3)) + sqrt(1 + x2**2) + Abs(x1 - x2)", [1.0, 2.0], {"lr": 0.05, "steps": 60}),
        ("x**2", [10.0], {"lr": 3.0, "steps": 100}),
        ("x**2", [1.0], {"lr": 0.25, "steps": 100, "tol": 1e-3}),
        ("x1**4 + x2**2", [1.0, 1.0], {"lr": lambda t: 0.1 / (t + 1), "steps": 30}),
    ],
)
def test_fast_single_path_equals_the_batched_loop(text, x0, kw):
    """These gradients use only correctly rounded IEEE 754 operations (integer powers
    are printed as products), so the float path and NumPy's path agree bit for bit
    by construction, on every CPU (issue 12: ``4*x**3`` through ``float.__pow__`` and
    NumPy's AVX-512 ``power`` differed in the last bit)."""
    single = O.gd(text, x0, **kw)
    batched = O.gd(text, np.array([x0], dtype=float), **kw).member(0)
    assert single.status == batched.status and single.stop == batched.stop
    assert np.array_equal(single.xs, batched.xs)
    assert np.array_equal(single.grads, batched.grads)
    assert np.array_equal(single.lrs, batched.lrs)
    assert np.array_equal(single.values, batched.values)


@pytest.mark.parametrize(
    "text, x0",
    [
        ("exp(x) - 2*x + sin(y)**2", [1.5, 0.7]),
        ("log(1 + x**2) + cosh(y/3)", [2.0, -1.0]),
        ("x**2.5 + tanh(x)**2", [1.2]),
        ("sigmoid(x)*y**2 + x**2", [0.3, 0.9]),
    ],
)
def test_fast_single_path_agrees_within_ulps_with_transcendental_functions(text, x0):
    """``exp``, ``log``, ``sin``... come from the C library on the float path and from
    NumPy's SIMD kernels on the batched path; neither is correctly rounded, so the
    promise is agreement to a few ulp per evaluation.  On these contracting runs the
    trajectories stay within 1e-12 (relative) of each other."""
    single = O.gd(text, x0, lr=0.05, steps=40)
    batched = O.gd(text, np.array([x0], dtype=float), lr=0.05, steps=40).member(0)
    assert single.status == batched.status and single.stop == batched.stop
    np.testing.assert_allclose(single.xs, batched.xs, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(single.grads, batched.grads, rtol=1e-11, atol=1e-14)
    np.testing.assert_allclose(single.values, batched.values, rtol=1e-12, atol=1e-300)


def test_fast_path_declines_on_overflow():
    # math.exp overflows where NumPy gives inf: the general loop takes over and marks divergence
    tr = O.gd("exp(x**2)", [3.0], lr=1.0, steps=10)
    assert tr.status == "diverged"


@pytest.mark.parametrize(
    "text, x0",
    [
        ("relu(x)", [0.0]),  # gradient Heaviside(x): the float path lacked heaviside
        ("relu(x - 1) + x**2", [3.0]),
        ("max(x, y) + x**2 + y**2", [1.0, 1.0]),
        ("abs(x - 1) + sigmoid(y)", [2.0, -1.0]),
        ("10**400*x**2 + y**2", [1.0, 1.0]),  # a constant beyond float range: numpy.inf in the kernel
        ("log(x)", [-1.0]),  # math.log(-1) raises where numpy gives nan: the NumPy path takes over
        ("0**x", [0.0]),  # a constant NaN gradient: the float path printed it as the name 'nan'
        ("2**x", [1.0]),
    ],
)
def test_single_start_float_path_equals_the_batched_numpy_path(text, x0):
    """One GD start runs on Python floats (a faster loop); a batch of one runs on NumPy.
    The two must give the same trajectory, statuses included, for non-smooth and overflowing objectives."""
    obj = Objective(text)
    single = O.gd(obj, x0=x0, lr=0.1, steps=20)
    batched = O.gd(obj, x0=[x0], lr=0.1, steps=20)
    # sigmoid and 2**x go through exp (the C library's on one path, NumPy's kernel on
    # the other): a few ulp apart; the piecewise-linear and infinite cases agree exactly
    np.testing.assert_allclose(single.xs, batched.xs[:, 0], rtol=1e-13, atol=0)
    assert str(single.status) == str(batched.status[0]) and single.stop == batched.stop[0]
