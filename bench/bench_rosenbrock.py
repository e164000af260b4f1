"""n-dimensional Rosenbrock: gradient + Hessian + compile, symopt vs naive SymPy and SymEngine.

* symopt: ``Objective(expr).compile().warm()`` (value, gradient and Hessian
  kernels).  With SymEngine installed symopt derives the kernels with it
  (``symopt.compile.backends.symengine``); the column ``symopt_sympy_only_s`` is the same
  call with ``SYMOPT_SYMENGINE=0`` (pure SymPy derivation).
* naive SymPy: what a user writes by hand: ``diff`` per variable,
  ``sympy.hessian`` and ``lambdify`` of both.
* SymEngine (when installed): ``symengine.diff`` per variable and per gradient
  entry (the dense Hessian a user writes) and ``symengine.Lambdify`` of both;
  and ``symengine_sparse_s``: SymEngine driven by hand the sparse way
  (each term differentiated only by its own variables, Hessian from the
  gradient's terms, zero entries skipped), the strongest SymEngine peer.

Every side starts from the same SymPy expression, built outside the timed
region, with fresh SymPy caches.  The results are checked equal at a random point.

Run: ``python bench/bench_rosenbrock.py [--sizes 10,100,1000] [--naive-limit 100] [--symengine-limit 1000]``
"""

from __future__ import annotations

import argparse
import math
import os
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


def run_symopt_sympy_only(xs, expr):
    previous = os.environ.get("SYMOPT_SYMENGINE")
    os.environ["SYMOPT_SYMENGINE"] = "0"
    try:
        return run_symopt(xs, expr)
    finally:
        if previous is None:
            del os.environ["SYMOPT_SYMENGINE"]
        else:
            os.environ["SYMOPT_SYMENGINE"] = previous


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


def run_symengine_sparse(xs, expr):
    import symengine as se

    sx = [se.Symbol(x.name) for x in xs]
    index = {s: i for i, s in enumerate(sx)}
    e = se.sympify(expr)
    parts = [[] for _ in sx]
    for term in se.Add.make_args(e):
        for s in term.free_symbols:
            parts[index[s]].append(term.diff(s))
    grad = [se.Add(*p) for p in parts]
    entries = {}
    for i, g in enumerate(grad):
        for term in se.Add.make_args(g):
            for s in term.free_symbols:
                if index[s] >= i:
                    entries.setdefault((i, index[s]), []).append(term.diff(s))
    hess = {k: se.Add(*v) for k, v in entries.items()}
    hess = {k: v for k, v in hess.items() if v != 0}
    return se.Lambdify(sx, grad, cse=True), (list(hess), se.Lambdify(sx, list(hess.values()), cse=True))


def dense_hessian(sparse, n, X):
    keys, fn = sparse
    H = np.zeros((n, n))
    for (i, j), v in zip(keys, np.ravel(fn(X))):
        H[i, j] = H[j, i] = v
    return H


def fresh(fn, xs, expr):
    def go():
        clear_cache()
        return fn(xs, expr)

    return go


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--naive-limit", type=int, default=100, help="largest n for naive SymPy (it is O(n^2) and slow)")
    ap.add_argument("--symengine-limit", type=int, default=1000, help="largest n for SymEngine's dense Hessian")
    args = ap.parse_args(argv)
    try:
        import symengine  # noqa: F401

        have_symengine = True
    except ImportError:
        have_symengine = False
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        xs, expr = rosenbrock(n)
        repeat = 3 if n <= 100 else 1
        t_symopt = best_of(fresh(run_symopt, xs, expr), repeat=repeat)
        t_plain = best_of(fresh(run_symopt_sympy_only, xs, expr), repeat=repeat)
        f = run_symopt(xs, expr)
        X = np.random.default_rng(0).normal(size=n)
        g_ref, h_ref = f.grad(X), f.hess(X)
        # correctness checks: every side agrees at a random point
        f_plain = run_symopt_sympy_only(xs, expr)
        assert np.allclose(f_plain.grad(X), g_ref) and np.allclose(f_plain.hess(X), h_ref)
        row = {"n": n, "symopt_s": t_symopt, "symopt_sympy_only_s": t_plain}
        if n <= args.naive_limit:
            t_naive = best_of(fresh(run_naive, xs, expr), repeat=1)
            g_naive, h_naive = run_naive(xs, expr)
            assert np.allclose(g_ref, g_naive(*X)) and np.allclose(h_ref, h_naive(*X))
            row.update(naive_sympy_s=t_naive, speedup_vs_naive=t_naive / t_symopt)
        if have_symengine:
            t_sparse = best_of(fresh(run_symengine_sparse, xs, expr), repeat=repeat)
            g_se, h_se = run_symengine_sparse(xs, expr)
            assert np.allclose(np.ravel(g_se(X)), g_ref) and np.allclose(dense_hessian(h_se, n, X), h_ref)
            row.update(symengine_sparse_s=t_sparse, ratio_vs_symengine_sparse=t_symopt / t_sparse)
            if n <= args.symengine_limit:
                t_se = best_of(fresh(run_symengine, xs, expr), repeat=1)
                row.update(symengine_s=t_se, ratio_vs_symengine=t_symopt / t_se)
        rows.append(row)
        print(table([row], list(row)), flush=True)
    exponent = _exponent(rows, "symopt_s")
    last = _exponent(rows[-2:], "symopt_s")
    exponent_plain = _exponent(rows, "symopt_sympy_only_s")
    columns = [
        "n", "symopt_s", "symopt_sympy_only_s", "naive_sympy_s", "speedup_vs_naive",
        "symengine_s", "ratio_vs_symengine", "symengine_sparse_s", "ratio_vs_symengine_sparse",
    ]  # fmt: skip
    print()
    print(table(rows, columns))
    print(f"fitted growth exponent of symopt time in n: {exponent:.2f} over all sizes, {last:.2f} between the last two")
    print(f"(SymPy-only derivation: {exponent_plain:.2f})")
    write_results(
        "rosenbrock",
        rows,
        {"growth_exponent": exponent, "growth_exponent_last_two": last, "growth_exponent_sympy_only": exponent_plain},
    )
    return 0


def _exponent(rows, key):
    """Least-squares slope of log(time) against log(n)."""
    if len(rows) < 2:
        return math.nan
    return float(np.polyfit(np.log([r["n"] for r in rows]), np.log([r[key] for r in rows]), 1)[0])


if __name__ == "__main__":
    raise SystemExit(main())
