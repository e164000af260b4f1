"""Certified critical points: ``symopt analyze`` on the classic two-variable test functions
against ``sympy.solve`` on the same gradient systems (time and real points found).

For each function: the seconds of one ``symopt analyze`` call after import (the whole
report: gradient, Hessian, certified critical points with kinds, global minimum,
convexity verdict; SymPy's cache cleared first), the seconds of the critical-point
engine alone, the number of real critical points symopt certifies, and the same for
``sympy.solve(grad f, [x, y], dict=True)`` (the peer, run in this process in the same
run, under a time limit; its real solutions are counted by a 30-digit evaluation).
The true counts come from the literature where stated (six-hump camel: 15 critical
points, 6 minima; Himmelblau: 9 critical points, 4 minima) and are re-derived
independently in tests/critical/corpus_critical.py.

Target: analyze within 1 s per function after import.

Run: ``python bench/bench_critical.py [--solve-limit 20]``
"""

from __future__ import annotations

import argparse
import contextlib
import io
import multiprocessing
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from _common import table, write_results  # noqa: E402

TARGET_S = 1.0

FUNCTIONS = [
    ("Himmelblau", "(x**2 + y - 11)**2 + (x + y**2 - 7)**2"),
    ("six-hump camel", "(4 - 2.1*x**2 + x**4/3)*x**2 + x*y + (-4 + 4*y**2)*y**2"),
    ("three-hump camel", "2*x**2 - 1.05*x**4 + x**6/6 + x*y + y**2"),
    ("Beale", "(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2"),
    ("Booth", "(x + 2*y - 7)**2 + (2*x + y - 5)**2"),
    ("Matyas", "0.26*(x**2 + y**2) - 0.48*x*y"),
    ("Styblinski-Tang", "(x**4 - 16*x**2 + 5*x + y**4 - 16*y**2 + 5*y)/2"),
    ("Rosenbrock", "(1 - x)**2 + 100*(y - x**2)**2"),
    # issue 25: check() used to reject these right answers (an algebraic coordinate 2*CRootOf(...);
    # a re-check by a fresh F5B Groebner basis that took minutes)
    ("Wayburn-Seader 1", "(x**6 + y**4 - 17)**2 + (2*x + y - 4)**2"),
    ("Price 4", "(2*x**3*y - y**3)**2 + (6*x - y**2 + y)**2"),
]


def _sympy_solve(text: str, queue: "multiprocessing.Queue") -> None:
    import sympy as sp

    x, y = sp.symbols("x y", real=True)
    f = sp.sympify(text, locals={"x": x, "y": y})  # the benchmark's own fixed texts
    start = time.perf_counter()
    sols = sp.solve([sp.diff(f, x), sp.diff(f, y)], [x, y], dict=True)
    seconds = time.perf_counter() - start
    real = 0
    for s in sols:
        vals = [s.get(x, x), s.get(y, y)]
        if any(v.free_symbols for v in vals):
            continue
        nums = [complex(sp.N(v, 30)) for v in vals]
        if all(abs(c.imag) < 1e-20 for c in nums):
            real += 1
    queue.put((seconds, len(sols), real))


def peer(text: str, limit: float) -> tuple[float | None, int | None, int | None]:
    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue()
    p = ctx.Process(target=_sympy_solve, args=(text, q))
    p.start()
    p.join(limit)
    if p.is_alive():
        p.kill()
        p.join()
        return None, None, None
    return q.get() if not q.empty() else (None, None, None)


def analyze_seconds(text: str) -> float:
    from sympy.core.cache import clear_cache

    from symopt.cli import main

    clear_cache()
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        main(["analyze", text])
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--solve-limit", type=float, default=20.0, help="seconds allowed to sympy.solve per system")
    args = ap.parse_args(argv)
    import symopt  # noqa: F401  (import cost excluded)
    import symopt.cli.analyze  # noqa: F401
    from sympy.core.cache import clear_cache

    from symopt import Objective

    rows = []
    for name, text in FUNCTIONS:
        t_an = analyze_seconds(text)
        clear_cache()
        start = time.perf_counter()
        pts = Objective(text).critical_points()
        t_cp = time.perf_counter() - start
        start = time.perf_counter()
        ok = pts.check()
        t_check = time.perf_counter() - start
        gm = Objective(text).global_minimum()
        s_time, s_all, s_real = peer(text, args.solve_limit)
        rows.append({
            "function": name,
            "analyze_s": round(t_an, 4),
            "critical_points_s": round(t_cp, 4),
            "check_s": round(t_check, 4),
            "symopt_real_points": len(pts),
            "symopt_status": pts.status,
            "check": ok.status,
            "minima": sum(cp.kind == "minimum" for cp in pts),
            "global_min": None if gm.lower is None else float(gm.upper),
            "sympy_solve_s": None if s_time is None else round(s_time, 4),
            "sympy_solutions": s_all,
            "sympy_real_points": s_real,
            "within_target": t_an <= TARGET_S,
        })
    cols = ["function", "analyze_s", "critical_points_s", "check_s", "symopt_real_points", "minima", "check",
            "sympy_solve_s", "sympy_real_points", "sympy_solutions"]
    print(table(rows, cols))
    path = write_results("critical", rows, {"target_s": TARGET_S, "solve_limit_s": args.solve_limit,
                                             "note": "sympy_solve_s None: sympy.solve did not finish within the limit"})
    print(f"\nwritten: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
