"""``symopt convex "EXPR" [--domain ...] [--property ...] [--json]``: a convexity verdict with its evidence.

Exit code 0 for any verdict (proved, refuted or unknown); 2 for bad input.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

__all__ = ["register", "tour_section", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``convex`` subcommand."""
    p = subparsers.add_parser(
        "convex",
        help="prove or refute convexity (concavity, strict/strong convexity, L-smoothness) with evidence",
        description="Decide a convexity property of EXPR on a domain. 'proved' comes with a certificate, "
        "'refuted' with an exact witness (Jensen points a, b, theta; a singular Hessian; a path of unbounded curvature; "
        "a segment where f is affine), printed as the inequality that holds for f, 'unknown' with the reason.",
    )
    p.add_argument("expr", help='the objective, e.g. "log(exp(x) + exp(-2*x - 3))"')
    p.add_argument("--vars", default=None, help="variables, e.g. x,y (default: every symbol)")
    p.add_argument("--domain", default=None, help='a box or half-lines, e.g. "x > 0, -1 <= y <= 2"')
    p.add_argument("--property", default="convex",
                   help="convex (default), concave, 'strictly convex', 'strongly convex', L-smooth, quasiconvex, "
                   "quasiconcave, log-concave, log-convex")
    p.add_argument("--modulus", default=None, help="m for 'strongly convex' (found when omitted)")
    p.add_argument("--L", dest="L", default=None, help="L for L-smooth (found when omitted)")
    p.add_argument("--budget", type=float, default=None, help="time budget in seconds")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Handler: print the verdict (text or JSON)."""
    from ..convexity import convexity
    from ..core.objective import Objective

    obj = Objective(args.expr, variables=args.vars)
    verdict = convexity(obj, domain=args.domain, property=args.property, modulus=args.modulus, L=args.L,
                        budget=args.budget)
    if args.json:
        print(json.dumps(verdict.to_json(), indent=2))
    else:
        print(verdict.explain())
    return 0


def tour_section(outdir: Path) -> str:
    """Three verdicts from D2L 11.2 for ``symopt tour``."""
    from ..convexity import convexity

    lines = ["Convexity (D2L 11.2): proofs and exact counterexamples"]
    for expr, domain in (("0.5*x**2", None), ("cos(pi*x)", None), ("log(exp(x) + exp(-2*x - 3))", None),
                         ("x*log(x)", "x > 0")):
        v = convexity(expr, domain=domain, budget=1.0)
        where = f" on {domain}" if domain else ""
        extra = f"  witness: {v.witness_text()}" if v.witness is not None else f"  ({v.reason})"
        lines.append(f"  {expr}{where}: convex {v.status}\n  {extra}")
    return "\n".join(lines)
