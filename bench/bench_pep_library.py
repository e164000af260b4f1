"""PEPit's whole example library, certified exactly through symopt's bridge, side by side with PEPit.

For each of PEPit's examples (96 in PEPit 0.5.1), at the parameters of its
``__main__`` block:

* PEPit: the block run unchanged (PEPit's default: cvxpy, SCS without MOSEK), its
  first ``solve`` value, CPU time of the whole block;
* symopt: the same block run with PEPit's ``solve`` replaced by a capture of the
  ``PEP`` object, then :func:`symopt.pep.bridge.certify_pepit` (read the Gram /
  function-value formulation, Clarabel, exact rounding, exact LDL), CPU time of
  capture + certification; the certificate's ``check()`` (exact, rationals) is run
  untimed.

Verdicts: ``matched`` (proved, ``check()`` True, within 1e-4 relative of PEPit, or of
PEPit re-run with Clarabel when SCS is further off: the reason says so), ``unknown``
(with the reason) or ``not expressible`` (with the reason).  Each example runs in a
child process with a time limit.  Times are CPU seconds (``time.process_time``,
all threads) on both sides: on a shared machine wall time measures the load.

Run: ``python bench/bench_pep_library.py [--only SUBSTRING] [--timeout 600]``;
prints the table and writes ``bench/results/pep_library.txt`` and ``.json``.  Side by side:
``--part 0/2 --rows R.jsonl`` and ``--part 1/2 --rows R.jsonl``, then ``--render R.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from _common import RESULTS, machine, write_results  # noqa: E402


def _one(name: str) -> dict:
    from symopt.pep import pepit_library as pl

    path = dict(pl.example_files())[name]

    def early(res, dt):
        print(json.dumps({"partial": True, "status": res.status, "tau": None if res.tau is None else float(res.tau),
                          "checked": res.check(), "symopt_cpu_s": dt, "reason": res.reason}), flush=True)

    row = pl.compare(name, path, on_certified=early)
    return {"name": row.name, "verdict": row.verdict, "symopt": row.ours, "pepit": row.pepit,
            "theoretical": row.theoretical, "reason": row.reason, "symopt_cpu_s": row.ours_seconds,
            "pepit_cpu_s": row.pepit_seconds, "ratio": row.ratio, "checked": row.checked}


def _child(name: str, timeout: float) -> dict:
    env = dict(os.environ, MPLBACKEND="Agg", OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "1"))
    try:
        out = subprocess.run([sys.executable, __file__, "--one", name], capture_output=True, text=True,
                             timeout=timeout, env=env)
    except subprocess.TimeoutExpired as exc:
        got = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        part = [json.loads(x) for x in got.splitlines() if x.startswith('{"partial"')]
        if part:
            p = part[-1]
            ours = "symopt: " + (f"proved {p['tau']:.10g}, check() {p['checked']}, {p['symopt_cpu_s']:.2f} s CPU"
                                 if p["status"] == "proved" else f"unknown ({p['reason'][:80]})")
            return {"name": name, "verdict": "unknown", "symopt": p["tau"] if p["tau"] is not None else math.nan,
                    "pepit": math.nan, "ratio": math.nan,
                    "reason": f"PEPit did not finish within the bench's {timeout:.0f} s, no reference ({ours})"}
        return {"name": name, "verdict": "unknown", "reason": f"over the bench's {timeout:.0f} s limit before symopt finished",
                "symopt": math.nan, "pepit": math.nan, "ratio": math.nan}
    for line in reversed(out.stdout.splitlines()):
        if line.startswith("{") and not line.startswith('{"partial"'):
            return json.loads(line)
    tail = (out.stderr.strip().splitlines() or ["no output"])[-1]
    return {"name": name, "verdict": "unknown", "reason": f"the run failed: {tail[:200]}", "symopt": math.nan,
            "pepit": math.nan, "ratio": math.nan}


def _fmt(x, spec=".8g") -> str:
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else format(x, spec)


def render(rows: list[dict]) -> str:
    lines = []
    head = f"{'example':62s} {'verdict':15s} {'symopt (exact)':>15s} {'PEPit':>15s} {'cpu ratio':>9s}  reason"
    lines.append(head)
    lines.append("-" * len(head))
    for r in rows:
        lines.append(f"{r['name']:62s} {r['verdict']:15s} {_fmt(r.get('symopt')):>15s} {_fmt(r.get('pepit')):>15s} "
                     f"{_fmt(r.get('ratio'), '.2f'):>9s}  {r.get('reason', '')}")
    counts = {v: sum(1 for r in rows if r["verdict"] == v) for v in ("matched", "unknown", "not expressible")}
    ratios_m = [r["ratio"] for r in rows if r["verdict"] == "matched" and r.get("ratio") and math.isfinite(r["ratio"])]
    lines.append("")
    lines.append(f"{len(rows)} examples: {counts['matched']} matched and certified (check() exact), "
                 f"{counts['unknown']} unknown, {counts['not expressible']} not expressible")
    if ratios_m:
        lines.append(f"CPU time symopt / PEPit over the matched examples: median {statistics.median(ratios_m):.2f}x "
                     f"(min {min(ratios_m):.2f}x, max {max(ratios_m):.2f}x)")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--only", default=None, help="run the examples whose name contains this")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per example (both sides)")
    ap.add_argument("--part", default=None, help="I/N: run every N-th example from the I-th (workers side by side)")
    ap.add_argument("--rows", default=None, help="append each row (JSON lines) to this file as it finishes")
    ap.add_argument("--render", default=None, help="only print the table of the rows in this JSON-lines file")
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(_one(args.one)))
        return 0
    from symopt.pep import pepit_library as pl

    order = [n for n, _ in pl.example_files()]
    if args.render:
        with open(args.render) as fh:
            got = {r["name"]: r for r in map(json.loads, filter(str.strip, fh))}
        rows = [got[n] for n in order if n in got]
    else:
        names = [n for n in order if args.only is None or args.only in n]
        if args.part:
            i, n_parts = (int(x) for x in args.part.split("/"))
            names = names[i::n_parts]
        rows = []
        for n in names:
            rows.append(_child(n, args.timeout))
            r = rows[-1]
            print(f"  {n}: {r['verdict']} {_fmt(r.get('symopt'))} vs {_fmt(r.get('pepit'))}", file=sys.stderr, flush=True)
            if args.rows:
                with open(args.rows, "a") as fh:
                    fh.write(json.dumps(r) + "\n")
    text = render(rows)
    print(text)
    if args.only is None and args.part is None and (args.render is None or len(rows) == len(order)):
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "pep_library.txt").write_text(text + "\n\nmachine: " + json.dumps(machine()) + "\n")
        write_results("pep_library", rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
