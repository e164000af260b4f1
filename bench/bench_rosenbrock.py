"""n-dimensional Rosenbrock: gradient + Hessian + compile, symopt vs naive SymPy (and SymEngine when installed).

Naive SymPy is what a user writes by hand: ``diff`` per variable, ``sympy.hessian``
and ``lambdify`` of both.  Both sides start from the same SymPy expression, built
outside the timed region, with fresh SymPy caches for each side.

Run: ``python bench/bench_rosenbrock.py [--sizes 10,100,1000] [--naive-limit 100]``
"""

from __future__ import annotations

import argparse
import math
import sys

import numpy as np
import sympy as sp
from sympy.core.cache import clear_cache

sys.path.insert(0, __import__("os").path.dirname(__file__))
from _common import best_of, table, write_results  # noqa: E402

from symopt import Objective  # noqa: E402


def rosenbrock(n: int):
    xs = sp.symbols(f"x1:{n + 1}", real=True)
    return xs, sum(100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2 for i in range(n - 1))


def run_symopt(xs, expr):
    f = Objective(expr, variables=xs).compile().warm()
    return f


def run_naive(xs, expr):
    grad = [sp.diff(expr, x) for x in xs]
    hess = sp.hessian(expr, xs)
    return sp.lambdify(xs, grad, "numpy"), sp.lambdify(xs, hess, "numpy")


def run_symengine(xs, expr):
    import symengine as se

    sx = [se.Symbol(x.name) for x in xs]
    e = se.sympify(expr)
    grad = [e.diff(x) for x in sx]
    hess = [[g.diff(x) for x in sx] for g in grad]
    return se.Lambdify(sx, grad), se.Lambdify(sx, hess)


def fresh(fn, xs, expr):
    def go():
        clear_cache()
        return fn(xs, expr)

    return go


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--naive-limit", type=int, default=100, help="largest n for naive SymPy (it is O(n^2) and slow)")
    args = ap.parse_args(argv)
    try:
        import symengine  # noqa: F401

        have_symengine = True
    except ImportError:
        have_symengine = False
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        xs, expr = rosenbrock(n)
        t_symopt = best_of(fresh(run_symopt, xs, expr), repeat=3 if n <= 100 else 1)
        # correctness check: both agree at a random point
        row = {"n": n, "symopt_s": t_symopt}
        if n <= args.naive_limit:
            t_naive = best_of(fresh(run_naive, xs, expr), repeat=1)
            g_naive, h_naive = run_naive(xs, expr)
            f = run_symopt(xs, expr)
            X = np.random.default_rng(0).normal(size=n)
            assert np.allclose(f.grad(X), g_naive(*X)) and np.allclose(f.hess(X), h_naive(*X))
            row.update(naive_sympy_s=t_naive, speedup_vs_naive=t_naive / t_symopt)
        if have_symengine:
            t_se = best_of(fresh(run_symengine, xs, expr), repeat=1)
            row.update(symengine_s=t_se, ratio_vs_symengine=t_symopt / t_se)
        rows.append(row)
        print(table([row], list(row)), flush=True)
    if len(rows) >= 2:
        ns = np.log([r["n"] for r in rows])
        ts = np.log([r["symopt_s"] for r in rows])
        exponent = float(np.polyfit(ns, ts, 1)[0])
    else:
        exponent = math.nan
    columns = ["n", "symopt_s", "naive_sympy_s", "speedup_vs_naive", "symengine_s", "ratio_vs_symengine"]
    print()
    print(table(rows, columns))
    print(f"fitted growth exponent of symopt time in n: {exponent:.2f}")
    write_results("rosenbrock", rows, {"growth_exponent": exponent})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
