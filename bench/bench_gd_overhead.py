"""Single-trajectory overhead: 1,000 GD steps on x1**2 + 2*x2**2, symopt vs the texts' plain Python loop.

* peer: the texts' ``train_2d`` loop (D2L 11.3.2) with the hand-written
  ``gradf`` and ``gd`` trainer, recording every iterate, 1,000 steps;
* symopt: ``symopt.optimizers.gd(f, [-5, -2], lr=0.1, steps=1000)`` on an
  objective compiled once (the peer's ``gradf`` is also written once), with its
  full record (iterates, values, gradients, step sizes, status);
* symopt from text: the same call on the objective's text, so parsing,
  derivation and compilation are inside the timed region.

Both trajectories are checked identical before timing.

Run: ``python bench/bench_gd_overhead.py [--steps 1000]``
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

sys.path.insert(0, __import__("os").path.dirname(__file__))
from _common import best_of, table, write_results  # noqa: E402

from symopt import Objective  # noqa: E402
from symopt.optimizers import gd  # noqa: E402

TEXT = "x1**2 + 2*x2**2"


def texts_loop(steps: int, eta: float = 0.1):
    """D2L's train_2d with its gd trainer (11.3.2), printing removed."""

    def gradf(x1, x2):
        return (2 * x1, 4 * x2)

    def trainer(x1, x2, s1, s2):
        (g1, g2) = gradf(x1, x2)
        return (x1 - eta * g1, x2 - eta * g2, 0, 0)

    x1, x2, s1, s2 = -5, -2, 0, 0
    results = [(x1, x2)]
    for i in range(steps):
        x1, x2, s1, s2 = trainer(x1, x2, s1, s2)
        results.append((x1, x2))
    return results


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    T = args.steps
    f = Objective(TEXT).compile()
    assert np.array_equal(gd(f, [-5, -2], lr=0.1, steps=T).xs, np.array(texts_loop(T), dtype=float))

    t_peer = best_of(lambda: texts_loop(T), repeat=args.repeat)
    t_ours = best_of(lambda: gd(f, [-5, -2], lr=0.1, steps=T), repeat=args.repeat)
    t_text = best_of(lambda: gd(TEXT, [-5, -2], lr=0.1, steps=T), repeat=args.repeat)
    rows = [
        {"run": "texts' plain Python loop (peer)", "seconds": t_peer, "ratio": 1.0},
        {"run": "symopt gd, compiled objective", "seconds": t_ours, "ratio": t_ours / t_peer},
        {"run": "symopt gd, from the objective's text", "seconds": t_text, "ratio": t_text / t_peer},
    ]
    print(table(rows, ["run", "seconds", "ratio"]))
    print(f"symopt / texts' loop: {t_ours / t_peer:.2f}x (target <= 2x)")
    print("wrote", write_results("gd_overhead", rows, {"steps": T, "objective": TEXT,
                                                       "ratio_symopt_over_texts_loop": t_ours / t_peer}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
