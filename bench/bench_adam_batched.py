"""10,000 starts x 100 Adam steps on a 10-D objective: symopt's batched run vs hand-written NumPy, torch.optim, single runs.

* symopt: ``symopt.optimizers.adam(obj, X0, ...)`` with ``X0`` of shape (10000, 10),
  gradient derived and compiled by symopt (timed with ``record=False``, i.e.
  keeping the first and last iterate like the hand loop does, and with the full
  record of every iterate);
* peer: a hand-written vectorised NumPy Adam loop with a hand-coded gradient
  (the same update, the texts' form);
* torch.optim.Adam on a (10000, 10) float64 parameter, autograd gradient (when torch is importable);
* a Python loop of single symopt runs (timed on a subset, scaled to 10,000).

The symopt and hand-loop results are checked equal before timing.

Run: ``python bench/bench_adam_batched.py [--starts 10000] [--steps 100]``
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

sys.path.insert(0, __import__("os").path.dirname(__file__))
from _common import best_of, table, write_results  # noqa: E402

from symopt import Objective  # noqa: E402
from symopt.optimizers import adam  # noqa: E402

N = 10
COEF = np.arange(1, N + 1) / 2.0
TEXT = " + ".join(f"{c}*x{i + 1}**2" for i, c in enumerate(COEF)) + " + " + " + ".join(
    f"x{i + 1}*x{i + 2}/2" for i in range(N - 1)) + " + " + " + ".join(f"log(1 + x{i + 1}**2)" for i in range(N))


def hand_grad(X):
    g = 2 * COEF * X + 2 * X / (1 + X * X)
    g[:, :-1] += X[:, 1:] / 2
    g[:, 1:] += X[:, :-1] / 2
    return g


def hand_adam(X0, lr, steps, b1=0.9, b2=0.999, eps=1e-6):
    x = X0.copy()
    v = np.zeros_like(x)
    s = np.zeros_like(x)
    for t in range(1, steps + 1):
        g = hand_grad(x)
        v = b1 * v + (1 - b1) * g
        s = b2 * s + (1 - b2) * np.square(g)
        v_hat = v / (1 - b1**t)
        s_hat = s / (1 - b2**t)
        x = x - lr * v_hat / (np.sqrt(s_hat) + eps)
    return x


def torch_adam(torch, X0, lr, steps):
    x = torch.tensor(X0, dtype=torch.float64, requires_grad=True)
    c = torch.tensor(COEF, dtype=torch.float64)
    opt = torch.optim.Adam([x], lr=lr, eps=1e-6)
    for _ in range(steps):
        opt.zero_grad()
        f = (c * x**2).sum() + (x[:, :-1] * x[:, 1:] / 2).sum() + torch.log(1 + x**2).sum()
        f.backward()
        opt.step()
    return x.detach().numpy()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--starts", type=int, default=10000)
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--single-subset", type=int, default=100)
    args = ap.parse_args()
    B, T, lr = args.starts, args.steps, 0.05
    X0 = np.random.default_rng(0).uniform(-3, 3, size=(B, N))
    f = Objective(TEXT).compile().warm()
    assert f.n == N

    ours = adam(f, X0, lr=lr, steps=T, record=False).x
    hand = hand_adam(X0, lr, T)
    assert np.allclose(ours, hand, rtol=1e-12, atol=1e-12), np.abs(ours - hand).max()

    rows = []
    t_hand = best_of(lambda: hand_adam(X0, lr, T))
    t_lean = best_of(lambda: adam(f, X0, lr=lr, steps=T, record=False))
    t_full = best_of(lambda: adam(f, X0, lr=lr, steps=T))
    rows.append({"run": "hand-written NumPy loop (peer)", "seconds": t_hand, "symopt_ratio": None})
    rows.append({"run": "symopt adam, record=False", "seconds": t_lean, "symopt_ratio": t_lean / t_hand})
    rows.append({"run": "symopt adam, full record", "seconds": t_full, "symopt_ratio": t_full / t_hand})

    k = min(args.single_subset, B)
    t_sub = best_of(lambda: [adam(f, X0[i], lr=lr, steps=T) for i in range(k)], repeat=1)
    t_single = t_sub * B / k
    rows.append({"run": f"Python loop of single symopt runs (x{B // k} from {k})", "seconds": t_single,
                 "symopt_ratio": None})
    extra = {"starts": B, "steps": T, "dimension": N, "objective": TEXT,
             "ratio_symopt_over_hand": t_lean / t_hand, "speedup_over_single_runs": t_single / t_lean}
    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None:
        torch.set_num_threads(1)
        tx = torch_adam(torch, X0, lr, T)
        assert np.allclose(tx, hand, rtol=1e-8, atol=1e-8)
        t_torch = best_of(lambda: torch_adam(torch, X0, lr, T))
        rows.append({"run": f"torch.optim.Adam {torch.__version__} (1 thread)", "seconds": t_torch, "symopt_ratio": None})
        extra["speedup_over_torch"] = t_torch / t_lean
    print(table(rows, ["run", "seconds", "symopt_ratio"]))
    print(f"symopt / hand-written: {t_lean / t_hand:.2f}x (target <= 1.5x); "
          f"speed-up over single runs: {t_single / t_lean:.0f}x"
          + (f"; over torch.optim: {extra['speedup_over_torch']:.2f}x" if "speedup_over_torch" in extra else ""))
    print("wrote", write_results("adam_batched", rows, extra))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
