"""Objective and compiled functions from several threads and processes, caches included.

* Threads share one :class:`~symopt.Objective`: its cached derivations and its
  compiled kernels (built once under the objective's lock: every thread gets
  the same kernel object) give every thread the sequential answer.
* Budgeted steps started from threads run in forked children
  (:mod:`symopt.budget`) and still return their results.
* Objectives and compiled functions pickle, so process pools (fork and
  spawn) can run a parameter sweep; the sweep equals the sequential one.
"""

from __future__ import annotations

import multiprocessing
import pickle
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import sympy as sp

from symopt import Objective, optimizers
from symopt.limits import run_with_budget
from symopt.errors import BudgetExceeded

TEXT = "a*(x - 1)**2 + (y + 2)**4 + exp(x*y/10) + log(1 + x**2)"
THREADS = 8


def _barrier_run(fn, count=THREADS):
    """Run fn(i) in `count` threads released together; returns results in order."""
    barrier = threading.Barrier(count)
    results: list = [None] * count
    errors: list = []

    def work(i):
        try:
            barrier.wait()
            results[i] = fn(i)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    return results


def test_cached_derivations_race_to_one_answer():
    obj = Objective(TEXT, variables="x, y", params="a")
    hessians = _barrier_run(lambda i: obj.hessian)
    gradients = _barrier_run(lambda i: obj.gradient)
    reference = Objective(TEXT, variables="x, y", params="a")
    assert all(h == reference.hessian for h in hessians)
    assert all(g == reference.gradient for g in gradients)


def test_kernels_are_built_once_and_shared_between_threads():
    obj = Objective(TEXT, variables="x, y", params="a")
    compiled = [obj.compile(a=i + 1) for i in range(THREADS)]
    kernels = _barrier_run(lambda i: compiled[i]._kernel("hess"))
    assert all(k is kernels[0] for k in kernels)  # one kernel serves every parameter value


def test_compiled_functions_from_many_threads_equal_sequential_evaluation():
    obj = Objective(TEXT, variables="x, y", params="a")
    rng = np.random.default_rng(3)
    batches = [rng.uniform(-2, 2, size=(500, 2)) for _ in range(THREADS)]
    fresh = [Objective(TEXT, variables="x, y", params="a").compile(a=i + 1) for i in range(THREADS)]
    expected = [(f.value(X), f.grad(X), f.hess(X)) for f, X in zip(fresh, batches)]
    shared = [obj.compile(a=i + 1) for i in range(THREADS)]  # kernels not built yet: built inside the race

    def work(i):
        out = []
        for _ in range(20):
            out.append((shared[i].value(batches[i]), shared[i].grad(batches[i]), shared[i].hess(batches[i])))
        return out

    for i, runs in enumerate(_barrier_run(work)):
        for v, g, h in runs:
            np.testing.assert_array_equal(v, expected[i][0])
            np.testing.assert_array_equal(g, expected[i][1])
            np.testing.assert_array_equal(h, expected[i][2])


def test_exact_methods_from_threads():
    obj = Objective("x**4 - 2*x**2 + y**2")
    points = _barrier_run(lambda i: [(cp.kind, tuple(cp.point.values())) for cp in obj.critical_points()], count=4)
    assert all(p == points[0] for p in points)
    assert sorted(k for k, _ in points[0]) == ["minimum", "minimum", "saddle"]
    values = _barrier_run(lambda i: obj.value_at([sp.Rational(i, 3), 1]))
    assert values == [sp.Rational(i, 3) ** 4 - 2 * sp.Rational(i, 3) ** 2 + 1 for i in range(THREADS)]


def _tick():
    return None


def _spin(seconds):
    """Work worth ``seconds`` reference seconds (counted calls), whatever the machine's speed."""
    from symopt.limits import CALLS_PER_REFERENCE_SECOND

    for _ in range(int(seconds * CALLS_PER_REFERENCE_SECOND)):
        _tick()
    return "done"


def test_budgeted_steps_from_threads_return_their_results_or_run_out():
    def work(i):
        ok = run_with_budget(lambda: sp.factor(sp.Symbol("x") ** (i + 2) - 1), step="factor", seconds=30)
        try:
            run_with_budget(_spin, 30, step="solve", seconds=0.2)
            ran_out = False
        except BudgetExceeded as exc:
            ran_out = exc.step == "solve"
        return ok, ran_out

    x = sp.Symbol("x")
    for i, (ok, ran_out) in enumerate(_barrier_run(work, count=4)):
        assert sp.expand(ok - (x ** (i + 2) - 1)) == 0 and ran_out


def test_objective_and_compiled_functions_pickle():
    obj = Objective(TEXT, variables="x, y", params="a")
    f = obj.compile(a=2).warm()
    g = pickle.loads(pickle.dumps(f))
    X = np.array([[0.5, -1.0], [1.5, 0.25]])
    np.testing.assert_array_equal(g.hess(X), f.hess(X))
    assert pickle.loads(pickle.dumps(obj)) == obj


def _sweep_member(args):
    a, lr = args
    obj = Objective(TEXT, variables="x, y", params="a")
    tr = optimizers.gd(obj, x0=[0.5, -1.5], lr=lr, steps=40, params={"a": a})
    return a, lr, str(tr.status), tr.x.tolist(), float(tr.value)


def _compiled_value(args):
    f, X = args
    return f.value(X)


SWEEP = [(a, lr) for a in (0.5, 1.0, 2.0, 4.0) for lr in (0.01, 0.05, 0.2)]


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_multiprocess_parameter_sweep_equals_sequential(method):
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{method} not available")
    expected = [_sweep_member(p) for p in SWEEP]
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(2) as pool:
        got = pool.map(_sweep_member, SWEEP)
        # compiled functions travel to the workers too (kernels rebuilt there)
        f = Objective(TEXT, variables="x, y", params="a").compile(a=3)
        X = np.random.default_rng(0).uniform(-1, 1, size=(4, 100, 2))
        values = pool.map(_compiled_value, [(f, chunk) for chunk in X])
    assert got == expected
    for chunk, v in zip(X, values):
        np.testing.assert_array_equal(v, f.value(chunk))
    assert {s for _, _, s, _, _ in got} >= {"max_steps"}
