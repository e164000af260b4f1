"""A hyper-parameter sweep cut into independent batches (shared by ``bench/example_sweep_*.py``).

The sweep: Adam on the 10-D objective of the Adam benchmark, every pair
(learning rate, start) of ``LRS x STARTS`` for ``STEPS`` steps.  One *batch* is a
slice of that grid: a (rows, 10) array of starts and a (rows,) array of learning
rates, run as one batched ``symopt.optimizers.adam`` call.  A batch is
described by plain data (the objective's text, two index ranges), so it can be
sent to another process or another machine; the worker compiles the objective
once per process (kernels are cached) and returns the final values.
"""

from __future__ import annotations

import functools

import numpy as np

N = 10
COEF = np.arange(1, N + 1) / 2.0
TEXT = (
    " + ".join(f"{c}*x{i + 1}**2" for i, c in enumerate(COEF))
    + " + "
    + " + ".join(f"x{i + 1}*x{i + 2}/2" for i in range(N - 1))
    + " + "
    + " + ".join(f"log(1 + x{i + 1}**2)" for i in range(N))
)
LRS = np.geomspace(1e-3, 1.0, 50)
STARTS = 2000
STEPS = 100
SEED = 0


def grid_size() -> int:
    """Runs in the whole sweep."""
    return len(LRS) * STARTS


def batches(size: int) -> list[tuple[int, int]]:
    """``[start, stop)`` index ranges covering the grid, ``size`` runs each."""
    total = grid_size()
    return [(lo, min(lo + size, total)) for lo in range(0, total, size)]


def _grid(lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """Starts and learning rates of runs ``lo .. hi - 1`` (run k: learning rate k // STARTS, start k % STARTS)."""
    starts = np.random.default_rng(SEED).uniform(-3, 3, size=(STARTS, N))
    k = np.arange(lo, hi)
    return starts[k % STARTS], LRS[k // STARTS]


@functools.lru_cache(maxsize=4)
def _compiled(text: str):
    from symopt import Objective

    return Objective(text).compile().warm()


def warm(_: object = None) -> int:
    """Import symopt and compile the objective in this process (a worker's one-off start-up cost).

    Used as the pool's initializer; called again as a task, it lingers briefly so
    that a warm-up round of such tasks reaches every worker.
    """
    import os
    import time

    _compiled(TEXT)
    if _ is not None:
        time.sleep(0.2)
    return os.getpid()


def run_batch(bounds: tuple[int, int], text: str = TEXT) -> np.ndarray:
    """Final objective values of the runs in ``bounds`` (one batched Adam call)."""
    from symopt.optimizers import adam

    lo, hi = bounds
    X0, lr = _grid(lo, hi)
    return adam(_compiled(text), X0, lr=lr, steps=STEPS, record=False).value


def summary(values: np.ndarray) -> dict:
    """Per learning rate: the median final value over the starts; and the best learning rate."""
    per_lr = np.median(values.reshape(len(LRS), STARTS), axis=1)
    best = int(np.argmin(per_lr))
    return {"runs": int(values.size), "best_lr": float(LRS[best]), "best_median_value": float(per_lr[best])}
