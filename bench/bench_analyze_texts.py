"""``symopt analyze`` on each objective of the source texts: seconds per objective after import.

Target: at most 0.5 s each (the whole report: gradient, Hessian, critical points
with kinds, and the convexity verdict), measured after ``symopt`` and its
command modules are imported, with SymPy's cache cleared before each objective
(so an objective gains nothing from the one before it).  The command runs in
this process through ``symopt.cli.main`` with its output captured.  There is no
peer here; the reference is the target.

Run: ``python bench/bench_analyze_texts.py [--repeat 1] [--json-output]``
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import time

sys.path.insert(0, __import__("os").path.dirname(__file__))
from _common import table, write_results  # noqa: E402

TARGET_S = 0.5

# (source, objective, extra command-line arguments)
TEXT_OBJECTIVES = [
    ("000 10.3 / 001 11.3: GD in 1-D", "x**2", []),
    ("000 10.3: local minima, c = 0.15 pi", "x*cos(0.15*pi*x)", []),
    ("000 10.3: Newton on x cos(cx), symbolic c", "x*cos(c*x)", ["--vars", "x", "--params", "c"]),
    ("000 10.3 / 001 11.3: Newton on cosh(cx), c = 0.5", "cosh(0.5*x)", []),
    ("000 10.3 / 001 11.3: 2-D GD", "x1**2 + 2*x2**2", []),
    ("001 11.6-11.10: momentum, Adagrad, RMSProp, Adadelta", "0.1*x1**2 + 2*x2**2", []),
    ("001 11.1: local and global minima", "x*cos(pi*x)", []),
    ("001 11.1: saddle in 1-D", "x**3", []),
    ("001 11.1: saddle in 2-D", "x**2 - y**2", []),
    ("001 11.1: vanishing gradients", "tanh(x)", []),
    ("001 11.2: convex parabola", "0.5*x**2", []),
    ("001 11.2: non-convex cosine", "cos(pi*x)", []),
    ("001 11.2: convex exponential", "exp(0.5*x)", []),
    ("001 11.2: local minimum", "(x - 1)**2*(x + 1)", []),
    ("001 11.2: flat minimum", "max(abs(x) - 1, 0)", []),
    ("001 11.2: no minimum", "exp(x)", []),
    ("001 11.2 exercise: log-sum-exp", "logsumexp(x1, x2, x3)", []),
    ("001 11.3 exercise: line search", "log(exp(x) + exp(-2*x - 3))", []),
    ("003 3.1: quadratic", "4*w**2 - 6*w - 9", []),
    ("003 ex. 3.1.2", "(w1**2 + w2**2)**4 - 7*(w1**2 + w2**2)**3 + 13*(w1**2 + w2**2)**2", []),
    ("003 ex. 3.1.3", "w**4/3 - w**3/2 - w**2 + w", []),
]


def time_analyze(text: str, extra: list[str], json_output: bool) -> tuple[float, int, str]:
    """Seconds for one ``symopt analyze`` call, its exit code and the first line of stderr."""
    from sympy.core.cache import clear_cache

    from symopt.cli import main

    clear_cache()
    out, err = io.StringIO(), io.StringIO()
    argv = ["analyze", text, *extra] + (["--json"] if json_output else [])
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    seconds = time.perf_counter() - start
    return seconds, code, err.getvalue().strip().split("\n")[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=1, help="runs per objective; the smallest time is kept")
    ap.add_argument("--json-output", action="store_true", help="time `analyze --json` instead of the text report")
    args = ap.parse_args(argv)
    # the import, done once, is not part of the per-objective figure
    import symopt.analysis  # noqa: F401
    import symopt.cli  # noqa: F401
    import symopt.convexity  # noqa: F401

    rows = []
    for source, text, extra in TEXT_OBJECTIVES:
        times, code, err = [], 0, ""
        for _ in range(args.repeat):
            seconds, code, err = time_analyze(text, extra, args.json_output)
            times.append(seconds)
        best = min(times)
        rows.append(
            {
                "source": source,
                "objective": text if not extra else f"{text} {' '.join(extra)}",
                "seconds": best,
                "first_run_s": times[0],
                "exit_code": code,
                "within_target": best <= TARGET_S,
                **({"stderr": err} if err else {}),
            }
        )
        print(table([rows[-1]], ["objective", "seconds", "exit_code", "within_target"]), flush=True)
    worst = max(r["seconds"] for r in rows)
    met = sum(r["within_target"] for r in rows)
    print()
    print(table(rows, ["source", "objective", "seconds", "exit_code", "within_target"]))
    print(f"{met}/{len(rows)} objectives within {TARGET_S} s; slowest {worst:.3f} s")
    write_results("analyze_texts", rows, {"target_s": TARGET_S, "slowest_s": worst, "within_target": met, "count": len(rows)})
    return 0 if all(r["exit_code"] == 0 for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
