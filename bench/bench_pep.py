"""Time to a *certified* worst-case bound (symopt.pep) vs PEPit's time to a *numeric* one.

Problems (PEPit's examples, same parameters on both sides):

* gd: gradient descent, step 1/L, F_{0,L}, f(x_N) - f* / ||x0 - x*||^2;
* heavy_ball: alpha = 1/(2L), beta = 1/2, F_{mu,L} with mu = 0.1, f(x_N) - f* / (f(x0) - f*);
* nesterov: the fast gradient method (FISTA momentum), F_{0,L}, f(x_N) - f* / ||x0 - x*||^2.

N = 1, 5, 10, 20.  symopt's time includes building the PEP, the SDP solve, the
second (interior) solve, rounding to rationals, the exact identity restoration
and the exact LDL factorisation (``tight=False``: no tight function), and the
certificate's ``check()`` is run (untimed) to confirm it.  PEPit is timed from
building its PEP to the solver's answer, through cvxpy with Clarabel (the solver
symopt uses; PEPit's default through cvxpy is SCS, also timed for reference).

Run: ``python bench/bench_pep.py [--repeat 3] [--N 1,5,10,20]``
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from fractions import Fraction

sys.path.insert(0, __import__("os").path.dirname(__file__))
from _common import table, write_results  # noqa: E402

from symopt import pep  # noqa: E402


def _symopt(name: str, N: int):
    if name == "gd":
        return pep.worst_case(pep.gd("1/L"), pep.smooth_convex(1), N, tight=False)
    if name == "heavy_ball":
        return pep.worst_case(pep.heavy_ball("1/(2*L)", Fraction(1, 2)), pep.smooth_strongly_convex(Fraction(1, 10), 1), N,
                              initial="f", tight=False)
    return pep.worst_case(pep.nesterov("1/L"), pep.smooth_convex(1), N, tight=False)


def _pepit(name: str, N: int, solver: str | None):
    import PEPit.examples.unconstrained_convex_minimization as ex  # noqa: F401
    from PEPit.examples.unconstrained_convex_minimization.accelerated_gradient_convex import wc_accelerated_gradient_convex
    from PEPit.examples.unconstrained_convex_minimization.gradient_descent import wc_gradient_descent
    from PEPit.examples.unconstrained_convex_minimization.heavy_ball_momentum import wc_heavy_ball_momentum

    kw = dict(wrapper="cvxpy", solver=solver, verbose=-1)
    if name == "gd":
        return wc_gradient_descent(1, 1.0, N, **kw)[0]
    if name == "heavy_ball":
        return wc_heavy_ball_momentum(0.1, 1, 0.5, 0.5, N, **kw)[0]
    return wc_accelerated_gradient_convex(0, 1, N, **kw)[0]


def _best(fn, repeat: int):
    best, out = math.inf, None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--N", default="1,5,10,20")
    ap.add_argument("--no-scs", action="store_true", help="skip PEPit's default (SCS) timing")
    args = ap.parse_args()
    Ns = [int(n) for n in args.N.split(",")]
    rows = []
    for name in ("gd", "heavy_ball", "nesterov"):
        for N in Ns:
            t_ours, res = _best(lambda: _symopt(name, N), args.repeat)
            ok = res.check()
            t_pepit, v_pepit = _best(lambda: _pepit(name, N, "CLARABEL"), args.repeat)
            t_scs = None
            if not args.no_scs:
                t_scs, _ = _best(lambda: _pepit(name, N, None), 1)
            rows.append({
                "method": name, "N": N, "status": res.status, "check": ok,
                "tau_certified": None if res.tau is None else float(res.tau), "tau_numeric": res.numeric,
                "pepit_tau": v_pepit, "rel_gap_to_pepit": abs(res.numeric - v_pepit) / max(abs(v_pepit), 1e-300),
                "symopt_certified_s": t_ours, "pepit_clarabel_s": t_pepit, "pepit_default_scs_s": t_scs,
                "ratio_vs_pepit_clarabel": t_ours / t_pepit,
            })
            print(f"{name} N={N}: symopt {t_ours:.3f}s ({res.status}, check {ok}), PEPit {t_pepit:.3f}s", file=sys.stderr)
    cols = ["method", "N", "status", "check", "tau_certified", "pepit_tau", "symopt_certified_s", "pepit_clarabel_s",
            "pepit_default_scs_s", "ratio_vs_pepit_clarabel"]
    print(table(rows, cols))
    path = write_results("pep", rows, {"target": "certified bound within 2x of PEPit's numeric time",
                                       "repeat": args.repeat})
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
