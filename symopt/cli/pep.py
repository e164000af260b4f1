"""``symopt pep METHOD --class CLASS --N 1,5,10 [--json]``: worst cases over a function class, proved.

Examples::

    symopt pep gd --step 1/L --class "smooth convex" --N 1,2,5
    symopt pep heavy_ball --step "1/(2*L)" --beta 1/2 --class "smooth strongly convex" --mu 1/10 --initial f --N 3
    symopt pep rule --rule "x = x - 1/L*grad(x)" --class "smooth convex" --N 2 --json
    symopt pep nesterov_sc --class "smooth strongly convex" --mu 1/10 --rate
    symopt pep gd --step 1/L --class "smooth convex" --closed-form

Exit code 0 whatever the status (proved or unknown); 2 for bad input (including a missing solver).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

__all__ = ["register", "run", "tour_section"]


def register(subparsers: Any) -> None:
    """Add the ``pep`` subcommand."""
    p = subparsers.add_parser(
        "pep",
        help="worst case of a first-order method over a function class, with an exact certificate",
        description="Performance estimation (Drori-Teboulle; Taylor-Hendrickx-Glineur): the worst case of METHOD "
        "after N steps over CLASS, solved as an SDP (Clarabel; pip install 'symopt-toolkit[pep]') and proved by an exact "
        "rational certificate (multipliers + LDL factor) that is re-checked without the solver.",
    )
    p.add_argument("method", help="gd, heavy_ball, nesterov, nesterov_sc, triple_momentum, subgradient, "
                   "proximal_point, or 'rule' with --rule")
    p.add_argument("--class", dest="cls", default="smooth convex",
                   help="'smooth convex' (default), 'smooth strongly convex', 'convex lipschitz', 'convex'")
    p.add_argument("--L", default=None, help="smoothness L (a number, or the symbol L for a bound stated with its "
                   "scaling in L); when not given, L = 1 and the output says so")
    p.add_argument("--mu", default=None, help="strong convexity mu (e.g. 1/10, or L/10 with symbolic L)")
    p.add_argument("--M", default=None, help="subgradient bound M (convex lipschitz)")
    p.add_argument("--step", default=None, help="step size, e.g. 1/L, or a schedule 1,1.5,1 (gd / subgradient)")
    p.add_argument("--beta", default=None, help="momentum (heavy_ball, nesterov_sc)")
    p.add_argument("--rho", default=None, help="triple momentum's rate parameter (default 1 - sqrt(mu/L))")
    p.add_argument("--rule", default=None, help='update rule with grad(...), e.g. "x = x - 1/L*grad(x)"')
    p.add_argument("--state", default="x", help="state variables of --rule (default x)")
    p.add_argument("--N", default="1,2,5", help="horizons, comma-separated (default 1,2,5)")
    p.add_argument("--initial", default="dist", help="dist (default), f, f+mu/2*dist, grad")
    p.add_argument("--measure", default="f", help="f (default), grad, dist, min_f, min_grad")
    p.add_argument("--rate", action="store_true", help="certify a linear rate (Lyapunov) instead")
    p.add_argument("--closed-form", action="store_true", help="fit tau_N as a rational function of N and test it")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=run)


def _method(args: argparse.Namespace):
    from .. import pep
    from ..errors import ParameterError

    name = args.method.lower().replace("-", "_")
    if name == "rule":
        if not args.rule:
            raise ParameterError("method 'rule' needs --rule")
        return pep.from_rule(args.rule, state=args.state)
    kw: dict[str, Any] = {}
    if args.step is not None:
        kw["step"] = [s.strip() for s in args.step.split(",")] if "," in args.step else args.step
    if args.beta is not None:
        kw["beta"] = args.beta
    if args.rho is not None:
        kw["rho"] = args.rho
    if name in ("subgradient", "proximal_point", "heavy_ball") and "step" not in kw:
        raise ParameterError(f"{name} needs --step")
    if name == "heavy_ball" and "beta" not in kw:
        raise ParameterError("heavy_ball needs --beta")
    return pep.method(name, **kw)


def _class(args: argparse.Namespace):
    """The function class, and a note when --L was not given for a smooth class (then L = 1, said so)."""
    from .. import pep

    params: dict[str, Any] = {}
    note = ""
    if args.L is not None:
        params["L"] = args.L
    elif "smooth" in args.cls.lower():
        params["L"] = 1
        note = ("--L not given: L = 1 (give --L, a number, or --L L for a bound stated with its scaling in L, "
                "e.g. tau L R^2)")
    if args.mu is not None:
        params["mu"] = args.mu
    if args.M is not None:
        params["M"] = args.M
    return pep.function_class(args.cls, **params), note


def _horizons(text: str) -> list[int]:
    from ..errors import ParameterError

    try:
        out = [int(t) for t in text.split(",") if t.strip()]
    except ValueError:
        raise ParameterError(f"--N must be integers separated by commas, got {text!r}") from None
    if not out:
        raise ParameterError("--N is empty")
    return out


def run(args: argparse.Namespace) -> int:
    """Handler: print a table of certified bounds (or JSON)."""
    from .. import pep

    meth, (cls, note) = _method(args), _class(args)
    if note and not args.json:
        print(f"note: {note}")
    if args.rate:
        r = pep.linear_rate(meth, cls)
        if args.json:
            print(json.dumps({**r.to_dict(), **({"note": note} if note else {})}, indent=2))
        else:
            print(f"{meth!r} on {cls!r}")
            if r.status == "proved":
                print(f"  proved: V_(k+1) <= rho^2 V_k with rho^2 = {r.rho2} (rho = {r.rho:.8g}; "
                      f"bisection {r.rho_numeric:.8g}), Lyapunov form '{r.form}', check() {r.check()}")
                print(f"  {r.consequence}")
            else:
                print(f"  unknown: {r.reason}")
        return 0
    if args.closed_form:
        c = pep.closed_form(meth, cls, initial=args.initial, measure=args.measure)
        if args.json:
            print(json.dumps({**c.to_dict(), **({"note": note} if note else {})}, indent=2))
        else:
            print(f"{meth!r} on {cls!r}: {c.status}")
            print(f"  formula: {c.formula}")
            print(f"  proved: {c.proved}")
            print(f"  conjecture: {c.conjecture}")
        return 0
    results = [pep.worst_case(meth, cls, n, initial=args.initial, measure=args.measure, tight=False)
               for n in _horizons(args.N)]
    if args.json:
        out = {"method": repr(meth), "class": repr(cls), "results": [r.to_dict() for r in results]}
        if note:
            out["note"] = note
        print(json.dumps(out, indent=2))
        return 0
    print(f"{meth!r} on {cls!r}; initial {args.initial}, measure {args.measure}")
    rows = [("N", "numeric worst case", "certified tau", "status", "check()", "scaling")]
    for r in results:
        rows.append((str(r.N), f"{r.numeric:.10g}", "-" if r.tau is None else f"{float(r.tau):.10g}", r.status,
                     str(r.check()), r.scaling))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths)))
    for r in results:
        if r.status == "proved":
            print(f"  N={r.N}: {r.statement}")
        else:
            print(f"  N={r.N}: unknown: {r.reason}")
    if results and results[0].rounded:
        print(f"  note: irrational coefficients rounded (the proof is for these): {', '.join(results[0].rounded)}")
    return 0


def tour_section(outdir: Any) -> str:
    """Two certified worst cases for ``symopt tour`` (skipped, with the install hint, without the solver)."""
    from .. import pep
    from ..errors import UnsupportedError

    try:
        pep._solver()
    except UnsupportedError:
        return f"Worst cases over function classes (symopt pep): needs the SDP solver, {pep.INSTALL_HINT}"
    lines = ["Worst cases over function classes, proved (symopt pep)"]
    r = pep.worst_case(pep.gd("1/L"), pep.smooth_convex("L"), 3, tight=False)
    lines.append(f"  GD, step 1/L, N = 3, convex L-smooth: f(x_3) - f* <= {float(r.tau):.9f} L R^2 "
                 f"(Drori-Teboulle 1/14 = {1 / 14:.9f}); exact certificate, check() {r.check()}")
    lr = pep.linear_rate(pep.nesterov_strongly_convex(), pep.smooth_strongly_convex("L/10", "L"))
    lines.append(f"  Nesterov, mu/L = 1/10: V_(k+1) <= rho^2 V_k with rho = {lr.rho:.6f}, check() {lr.check()}")
    return "\n".join(lines)
