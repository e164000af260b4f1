"""Convexity corpus: decided / wrong counts and time, symopt.convexity vs SymPy's is_convex.

Both tools see the same objectives (tests/corpus_convexity.py, the cases whose
property is "convex" or "concave"; SymPy has no notion of strict/strong
convexity or smoothness).  SymPy's ``sympy.calculus.util.is_convex`` answers
True / False for one variable (with the domain as an Interval) and uses
``hessian(...).is_positive_semidefinite`` for several, where the domain is
passed by making nonnegative variables positive symbols.  A concavity question
is asked of ``-f``.  SymPy's True counts as "proved", False as "refuted",
``None``/an exception/running out of the 5 s budget as "unknown".

A verdict is *wrong* when it contradicts the corpus' mathematical truth.

Run: ``python bench/bench_convexity_corpus.py``
"""

from __future__ import annotations

import os
import sys
import time

import sympy as sp

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from _common import table, write_results  # noqa: E402
from corpus_convexity import CORPUS  # noqa: E402

from symopt import Objective  # noqa: E402
from symopt.budget import run_with_budget  # noqa: E402
from symopt.convexity import convexity  # noqa: E402
from symopt.domain import Box  # noqa: E402
from symopt.errors import BudgetExceeded  # noqa: E402


def sympy_status(obj: Objective, domain: str | None, prop: str) -> str:
    from sympy.calculus.util import is_convex

    f = obj.expr if prop == "convex" else -obj.expr
    vs = obj.variables
    box = Box.parse(domain, vs)

    def ask() -> object:
        if len(vs) == 1:
            b = box.bounds[0]
            interval = sp.Interval(b.lo, b.hi, b.lo_strict, b.hi_strict)
            return is_convex(f, vs[0], domain=interval)
        sub = {}
        for v, b in zip(vs, box.bounds):
            if b.lo is not -sp.oo and b.lo >= 0 and b.hi is sp.oo:
                sub[v] = sp.Symbol(v.name, positive=True)
        g = f.xreplace(sub)
        return is_convex(g, *[sub.get(v, v) for v in vs])

    try:
        answer = run_with_budget(ask, step="bench", seconds=5.0)
    except BudgetExceeded:
        return "unknown"
    except Exception:  # noqa: BLE001 - any failure of the peer counts as undecided
        return "unknown"
    return {True: "proved", False: "refuted"}.get(answer, "unknown")


def main() -> int:
    rows = []
    for case in CORPUS:
        if case.property not in ("convex", "concave"):
            continue
        obj = Objective(case.expr)
        start = time.perf_counter()
        v = convexity(obj, domain=case.domain, property=case.property)
        t_symopt = time.perf_counter() - start
        start = time.perf_counter()
        s = sympy_status(obj, case.domain, case.property)
        t_sympy = time.perf_counter() - start
        truth = "holds" if case.truth else "fails"

        def wrong(status: str) -> bool:
            return (status == "proved" and not case.truth) or (status == "refuted" and case.truth)

        rows.append({"case": case.name[:48], "property": case.property, "truth": truth, "symopt": v.status,
                     "symopt_checked": v.check(), "sympy": s, "symopt_wrong": wrong(v.status), "sympy_wrong": wrong(s),
                     "symopt_s": t_symopt, "sympy_s": t_sympy})
    print(table(rows, ["case", "property", "truth", "symopt", "sympy", "symopt_s", "sympy_s"]))

    def counts(key: str) -> dict:
        return {
            "proved": sum(r[key] == "proved" for r in rows),
            "refuted": sum(r[key] == "refuted" for r in rows),
            "unknown": sum(r[key] == "unknown" for r in rows),
            "wrong": sum(r[f"{key}_wrong"] for r in rows),
        }

    summary = {"cases": len(rows), "symopt": counts("symopt"), "sympy": counts("sympy"),
               "symopt_total_s": sum(r["symopt_s"] for r in rows), "sympy_total_s": sum(r["sympy_s"] for r in rows),
               "symopt_all_certificates_recheck": all(r["symopt_checked"] for r in rows)}
    print()
    for tool in ("symopt", "sympy"):
        c = summary[tool]
        print(f"{tool:7} proved {c['proved']:3}  refuted {c['refuted']:3}  unknown {c['unknown']:3}  wrong {c['wrong']:3}  "
              f"time {summary[tool + '_total_s']:.2f} s")
    decided_symopt = summary["symopt"]["proved"] + summary["symopt"]["refuted"]
    decided_sympy = summary["sympy"]["proved"] + summary["sympy"]["refuted"]
    print(f"decided: symopt {decided_symopt}/{len(rows)}, sympy {decided_sympy}/{len(rows)}; "
          f"time ratio sympy/symopt = {summary['sympy_total_s'] / max(summary['symopt_total_s'], 1e-9):.2f}")
    path = write_results("convexity_corpus", rows, {"summary": summary})
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
