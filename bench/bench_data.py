"""Logistic regression over data: symopt.data vs hand-written NumPy, side by side in one run.

For ``f(w) = (1/n) sum_i log(1 + exp(-y_i x_i^T w)) + (lam/2)||w||^2`` with
``n = 100,000, d = 100`` and ``n = 10,000, d = 50`` (float64, the same data on
every side):

* derive + compile time: ``DataObjective(text, data=...)``, its matrix-form
  gradient and Hessian, and ``compile()`` (goal: under 1 s; independent of n);
* one gradient: symopt's compiled ``grad(w)`` vs the hand-written
  ``X.T @ (-y * expit(-y * (X @ w))) / n + lam * w`` (goal: within 1.5x);
  outputs are checked equal first; best of ``--repeat`` calls;
* the JAX backend's gradient when JAX is installed (jit-compiled, first call excluded);
* certified ``mu`` and ``L`` (Arb enclosures) and their time, with the
  closed form ``lambda_max(X^T X)/(4n) + lam`` from NumPy for comparison.

Run: ``python bench/bench_data.py [--repeat 20]``
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

sys.path.insert(0, __import__("os").path.dirname(__file__))
from _common import best_of, table, write_results  # noqa: E402

from symopt.data import DataObjective  # noqa: E402

TARGET_RATIO = 1.5
TARGET_DERIVE_S = 1.0
LAM = 0.01


def hand_grad(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The textbook NumPy gradient, written by hand (stable sigmoid via tanh)."""
    z = X @ w
    s = 0.5 * (1.0 + np.tanh(0.5 * (-y * z)))  # expit(-y z)
    return X.T @ (-y * s) / X.shape[0] + LAM * w


def one(n: int, d: int, repeat: int) -> dict:
    rng = np.random.default_rng(n + d)
    X = rng.normal(size=(n, d))
    y = np.sign(X @ rng.normal(size=d) + rng.normal(size=n))
    w = rng.normal(size=d) * 0.1
    start = time.perf_counter()
    f = DataObjective("mean(logistic(y * (X @ w))) + lam/2*norm(w)**2", data={"X": X, "y": y}, params={"lam": LAM})
    _ = (str(f.gradient), str(f.hessian))
    c = f.compile()
    derive_s = time.perf_counter() - start
    np.testing.assert_allclose(c.grad(w), hand_grad(X, y, w), rtol=1e-10, atol=1e-14)
    t_hand = best_of(lambda: hand_grad(X, y, w), repeat=repeat)
    t_sym = best_of(lambda: c.grad(w), repeat=repeat)
    row = {"n": n, "d": d, "derive_compile_s": derive_s, "hand_numpy_s": t_hand, "symopt_s": t_sym,
           "ratio": t_sym / t_hand}
    try:
        import jax  # noqa: F401

        cj = f.compile("jax")
        cj.grad(w)
        row["jax_s"] = best_of(lambda: cj.grad(w), repeat=repeat)
        row["ratio_jax"] = row["jax_s"] / t_hand
    except ImportError:
        row["jax_s"] = None
    start = time.perf_counter()
    k = f.constants()
    row["constants_s"] = time.perf_counter() - start
    row["L_certified"] = float(k.L.value)
    row["L_closed_form"] = float(np.linalg.eigvalsh(X.T @ X)[-1] / (4 * n) + LAM)
    row["mu_certified"] = float(k.mu.value)
    row["within_target"] = row["ratio"] <= TARGET_RATIO and derive_s < TARGET_DERIVE_S
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    rows = [one(10_000, 50, args.repeat), one(100_000, 100, args.repeat)]
    print(table(rows, ["n", "d", "derive_compile_s", "hand_numpy_s", "symopt_s", "ratio", "jax_s", "constants_s",
                       "L_certified", "L_closed_form", "mu_certified", "within_target"]))
    if not args.no_write:
        write_results("data_logistic", rows, {"target_ratio": TARGET_RATIO, "target_derive_s": TARGET_DERIVE_S})
    return 0 if all(r["within_target"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
