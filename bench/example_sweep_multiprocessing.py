"""Splitting a sweep over batches with the standard library's ``multiprocessing`` (no extra package).

50 learning rates x 2,000 starts x 100 Adam steps on a 10-D objective (see
``bench/_sweep.py``), cut into batches of ``--batch`` runs.  The same batches
run (1) in this process one after another and (2) on a ``multiprocessing.Pool``
of ``--workers`` processes; the results are checked identical, and the wall
times are printed.  On one machine this uses its cores; docs/scaling.md shows
the same batches on a Dask cluster (``example_sweep_dask.py``).

Run: ``python bench/example_sweep_multiprocessing.py [--workers 2] [--batch 10000]``
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time

import numpy as np

sys.path.insert(0, __import__("os").path.dirname(__file__))
import _sweep  # noqa: E402
from _common import table, write_results  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=10000)
    args = ap.parse_args(argv)
    parts = _sweep.batches(args.batch)

    start = time.perf_counter()
    serial = np.concatenate([_sweep.run_batch(b) for b in parts])
    t_serial = time.perf_counter() - start

    start = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(args.workers, initializer=_sweep.warm) as pool:
        pool.map(_sweep.warm, range(2 * args.workers), chunksize=1)  # start-up: import symopt, compile
        t_start = time.perf_counter() - start
        start = time.perf_counter()
        pooled = np.concatenate(pool.map(_sweep.run_batch, parts, chunksize=1))
        t_pool = time.perf_counter() - start

    assert np.array_equal(serial, pooled), "batches gave different results in worker processes"
    rows = [
        {"engine": "one process, batches in turn", "workers": 1, "batches": len(parts), "seconds": t_serial},
        {"engine": "multiprocessing.Pool (spawn)", "workers": args.workers, "batches": len(parts), "seconds": t_pool,
         "worker_start_s": t_start},
    ]
    print(table(rows, ["engine", "workers", "batches", "seconds", "worker_start_s"]))
    print(f"speed-up over one process: {t_serial / t_pool:.2f}x on {args.workers} workers (start-up of the pool not counted)")
    print(f"{_sweep.grid_size()} runs x {_sweep.STEPS} steps; results identical; {_sweep.summary(pooled)}")
    write_results("example_sweep_multiprocessing", rows, {"summary": _sweep.summary(pooled)})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
