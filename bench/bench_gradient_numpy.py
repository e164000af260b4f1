"""Compiled gradient on 10^5 points, n = 10: symopt vs hand-written vectorised NumPy.

Two objectives, each with a hand-written NumPy gradient (whole-array slicing, as
one writes it by hand):

* 10-D Rosenbrock;
* the 10-D objective of the Adam benchmark: ``sum c_i x_i^2 + sum x_i x_{i+1} / 2 + sum log(1 + x_i^2)``.

symopt: ``Objective(text).compile()`` (the default NumPy backend), plus the
optional SymEngine backend (``compile(backend="symengine")``) when installed.
Input ``X`` of shape (100000, 10), float64, the same for every side; outputs
are checked equal first.  Each figure is the best of ``--repeat`` calls.
Target: symopt within 1.5x of the hand-written gradient.

Run: ``python bench/bench_gradient_numpy.py [--points 100000] [--repeat 30]``
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

sys.path.insert(0, __import__("os").path.dirname(__file__))
from _common import best_of, table, write_results  # noqa: E402

from symopt import Objective  # noqa: E402

N = 10
TARGET = 1.5
COEF = np.arange(1, N + 1) / 2.0

ROSENBROCK = " + ".join(f"100*(x{i + 2} - x{i + 1}**2)**2 + (1 - x{i + 1})**2" for i in range(N - 1))
COUPLED = (
    " + ".join(f"{c}*x{i + 1}**2" for i, c in enumerate(COEF))
    + " + "
    + " + ".join(f"x{i + 1}*x{i + 2}/2" for i in range(N - 1))
    + " + "
    + " + ".join(f"log(1 + x{i + 1}**2)" for i in range(N))
)


def rosenbrock_grad(X: np.ndarray) -> np.ndarray:
    g = np.zeros_like(X)
    x0, x1 = X[:, :-1], X[:, 1:]
    t = x1 - x0 * x0
    g[:, :-1] = -400 * x0 * t - 2 * (1 - x0)
    g[:, 1:] += 200 * t
    return g


def coupled_grad(X: np.ndarray) -> np.ndarray:
    g = 2 * COEF * X + 2 * X / (1 + X * X)
    g[:, :-1] += X[:, 1:] / 2
    g[:, 1:] += X[:, :-1] / 2
    return g


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args(argv)
    try:
        import symengine  # noqa: F401

        backends = ["numpy", "symengine"]
    except ImportError:
        backends = ["numpy"]
    X = np.random.default_rng(0).normal(size=(args.points, N))
    rows = []
    for name, text, hand in (("rosenbrock", ROSENBROCK, rosenbrock_grad), ("coupled quadratic + log", COUPLED, coupled_grad)):
        obj = Objective(text)
        assert obj.n == N
        t_hand = best_of(lambda: hand(X), repeat=args.repeat)
        row = {"objective": name, "points": args.points, "hand_numpy_s": t_hand}
        for backend in backends:
            f = obj.compile(backend=backend).warm()
            np.testing.assert_allclose(f.grad(X), hand(X), rtol=1e-10, atol=1e-9)
            t = best_of(lambda: f.grad(X), repeat=args.repeat)
            row[f"symopt_{backend}_s"] = t
            row[f"ratio_{backend}"] = t / t_hand
        row["within_target"] = row["ratio_numpy"] <= TARGET
        rows.append(row)
    columns = ["objective", "hand_numpy_s"] + [c for b in backends for c in (f"symopt_{b}_s", f"ratio_{b}")] + ["within_target"]
    print(table(rows, columns))
    print(f"ratio = symopt time / hand-written NumPy time (target <= {TARGET}); {args.points} points, n = {N}")
    write_results("gradient_numpy", rows, {"target_ratio": TARGET})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
