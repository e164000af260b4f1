"""Convexity corpora: decided / wrong counts and time, symopt.convexity vs SymPy's is_convex, in the same run.

Both tools see the same objectives: tests/corpus_convexity.py (the cases whose
property is "convex" or "concave") and tests/corpus_convexity_2.py (every
question; SymPy has no notion of strict/strong convexity, smoothness,
quasiconvexity or log-concavity, so those count as "unknown" for it: it
cannot take them).  The second corpus is also counted per class of issue 15.  SymPy's ``sympy.calculus.util.is_convex`` answers
True / False for one variable (with the domain as an Interval) and uses
``hessian(...).is_positive_semidefinite`` for several, where the domain is
passed by making nonnegative variables positive symbols.  A concavity question
is asked of ``-f``.  SymPy's True counts as "proved", False as "refuted",
``None``/an exception/running out of the 5 s budget as "unknown".

A verdict is *wrong* when it contradicts the corpus' mathematical truth.

tests/convexity/corpus_outside_3.py (issue 25: 54 outside questions written
before the methods that answer them) is run the same way and counted per
class; before those methods symopt decided 27 of them (0 wrong).

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
from corpus_convexity_2 import CORPUS_2  # noqa: E402

sys.path.insert(0, os.path.join(HERE, "..", "tests", "convexity"))
from corpus_outside_3 import CORPUS_3  # noqa: E402

from symopt import Objective  # noqa: E402
from symopt.limits import run_with_budget  # noqa: E402
from symopt.convexity import convexity  # noqa: E402
from symopt.core.domain import Box  # noqa: E402
from symopt.errors import BudgetExceeded  # noqa: E402


def sympy_status(obj: Objective, domain: object, prop: str) -> str:
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


def _run(case: object, domain: object) -> dict:
    obj = Objective(case.expr)
    start = time.perf_counter()
    v = convexity(obj, domain=domain, property=case.property, modulus=getattr(case, "modulus", None),
                  L=getattr(case, "L", None))
    t_symopt = time.perf_counter() - start
    start = time.perf_counter()
    if case.property in ("convex", "concave") and domain != "natural":
        s = sympy_status(obj, domain, case.property)
    else:
        s = "unknown"  # SymPy cannot take the question
    t_sympy = time.perf_counter() - start
    truth = "holds" if case.truth else "fails"

    def wrong(status: str) -> bool:
        return (status == "proved" and not case.truth) or (status == "refuted" and case.truth)

    return {"case": case.name[:48], "property": case.property, "truth": truth, "symopt": v.status,
            "symopt_checked": v.check(), "sympy": s, "symopt_wrong": wrong(v.status), "sympy_wrong": wrong(s),
            "symopt_s": t_symopt, "sympy_s": t_sympy, "class": getattr(case, "cls", "")}


def _counts(rows: list[dict], key: str) -> dict:
    return {
        "proved": sum(r[key] == "proved" for r in rows),
        "refuted": sum(r[key] == "refuted" for r in rows),
        "unknown": sum(r[key] == "unknown" for r in rows),
        "wrong": sum(r[f"{key}_wrong"] for r in rows),
    }


def _summary(rows: list[dict]) -> dict:
    return {"cases": len(rows), "symopt": _counts(rows, "symopt"), "sympy": _counts(rows, "sympy"),
            "symopt_total_s": sum(r["symopt_s"] for r in rows), "sympy_total_s": sum(r["sympy_s"] for r in rows),
            "symopt_all_certificates_recheck": all(r["symopt_checked"] for r in rows)}


def _print_summary(title: str, summary: dict) -> None:
    print(f"\n{title}: {summary['cases']} questions")
    for tool in ("symopt", "sympy"):
        c = summary[tool]
        print(f"{tool:7} proved {c['proved']:3}  refuted {c['refuted']:3}  unknown {c['unknown']:3}  wrong {c['wrong']:3}  "
              f"time {summary[tool + '_total_s']:.2f} s")


def main() -> int:
    rows = [_run(case, case.domain) for case in CORPUS if case.property in ("convex", "concave")]
    rows2 = [_run(case, case.domain) for case in CORPUS_2]
    rows3 = [_run(case, case.domain) for case in CORPUS_3]
    print(table(rows + rows2 + rows3, ["case", "property", "truth", "symopt", "sympy", "symopt_s", "sympy_s"]))
    summary = _summary(rows)
    summary2 = _summary(rows2)
    summary3 = _summary(rows3)
    _print_summary("corpus 1 (convex/concave)", summary)
    _print_summary("corpus 2 (all properties)", summary2)
    _print_summary("corpus 3 (issue 25, outside; 27 decided before its methods)", summary3)
    classes = {}
    for r in rows2:
        c = classes.setdefault(r["class"], {"cases": 0, "decided": 0, "wrong": 0, "unknown": 0, "sympy_decided": 0})
        c["cases"] += 1
        c["decided"] += r["symopt"] != "unknown" and not r["symopt_wrong"]
        c["wrong"] += r["symopt_wrong"]
        c["unknown"] += r["symopt"] == "unknown"
        c["sympy_decided"] += r["sympy"] != "unknown" and not r["sympy_wrong"]
    print("\ncorpus 2 by class: decided / wrong / unknown (SymPy decided)")
    for name, c in classes.items():
        print(f"  {name:22} {c['decided']:3} / {c['wrong']} / {c['unknown']}   of {c['cases']}  ({c['sympy_decided']})")
    classes3: dict = {}
    for r in rows3:
        c = classes3.setdefault(r["class"], {"cases": 0, "decided": 0, "wrong": 0})
        c["cases"] += 1
        c["decided"] += r["symopt"] != "unknown" and not r["symopt_wrong"]
        c["wrong"] += r["symopt_wrong"]
    print("\ncorpus 3 by class: decided / wrong")
    for name, c in classes3.items():
        print(f"  {name:22} {c['decided']:3} / {c['wrong']}   of {c['cases']}")
    path = write_results("convexity_corpus", rows + rows2 + rows3, {"summary": summary, "summary_corpus_2": summary2,
                                                                    "classes_corpus_2": classes, "summary_corpus_3": summary3,
                                                                    "classes_corpus_3": classes3})
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
