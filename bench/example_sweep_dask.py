"""Splitting a sweep over batches with Dask (optional: ``pip install 'symopt-toolkit[sweep]'``).

The batches of ``bench/_sweep.py`` become ``dask.delayed`` tasks; ``dask.compute``
runs them on Dask's local process scheduler here.  Pointed at a cluster
(``dask.distributed.Client("tcp://scheduler:8786")``, with symopt installed on
the workers) the same code spreads the batches over many machines; see
docs/scaling.md.  The result is checked identical to running the batches in
this process.  Exits 0 with a note when Dask is not installed.

Run: ``python bench/example_sweep_dask.py [--workers 2] [--batch 10000]``
"""

from __future__ import annotations

import argparse
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
    try:
        import dask
    except ImportError:
        print("Dask is not installed (pip install 'symopt-toolkit[sweep]'): skipped")
        return 0
    parts = _sweep.batches(args.batch)

    start = time.perf_counter()
    serial = np.concatenate([_sweep.run_batch(b) for b in parts])
    t_serial = time.perf_counter() - start

    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(args.workers, mp_context=get_context("spawn"), initializer=_sweep.warm) as pool:
        start = time.perf_counter()
        list(pool.map(_sweep.warm, range(2 * args.workers)))  # start-up: import symopt, compile
        t_start = time.perf_counter() - start
        tasks = [dask.delayed(_sweep.run_batch)(b) for b in parts]
        start = time.perf_counter()
        results = dask.compute(*tasks, scheduler="processes", pool=pool)
        t_dask = time.perf_counter() - start
    distributed = np.concatenate(results)

    assert np.array_equal(serial, distributed), "batches gave different results under Dask"
    rows = [
        {"engine": "one process, batches in turn", "workers": 1, "batches": len(parts), "seconds": t_serial},
        {"engine": f"dask {dask.__version__}, processes scheduler", "workers": args.workers, "batches": len(parts),
         "seconds": t_dask, "worker_start_s": t_start},
    ]
    print(table(rows, ["engine", "workers", "batches", "seconds", "worker_start_s"]))
    print(f"speed-up over one process: {t_serial / t_dask:.2f}x on {args.workers} workers (start-up of the pool not counted)")
    print(f"{_sweep.grid_size()} runs x {_sweep.STEPS} steps; results identical; {_sweep.summary(distributed)}")
    write_results("example_sweep_dask", rows, {"summary": _sweep.summary(distributed)})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
