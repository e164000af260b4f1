"""``symopt proofs``: run the texts' checked claims in ``proofs/`` and print them.

Presentation only: the checks live in ``proofs/*.py`` and the records in
:mod:`symopt.claims`. Heavy imports happen inside the handler.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

__all__ = ["register", "tour_section"]


def register(subparsers: Any) -> None:
    """Add ``proofs`` to the command line."""
    p = subparsers.add_parser(
        "proofs",
        help="check every quantitative claim of the source texts (holds / fails / unknown)",
        description="Run proofs/*.py: each claim of the texts (formula, derivation step, condition, printed "
        "number, worked example) with its source, status and evidence; failing claims carry the corrected statement.",
    )
    p.add_argument("--json", action="store_true", help="print a JSON list of {claim, source, status, evidence, corrected, section}")
    p.add_argument("--only", action="append", metavar="SECTION",
                   help="run only proof files whose name contains SECTION (e.g. 11_6, goodfellow); repeatable")
    p.add_argument("--fails", action="store_true", help="list only the failing claims")
    p.set_defaults(handler=_run)


def _short(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 3] + "..."


def format_table(results: list[Any]) -> str:
    """The text table: status, claim, source, one line of evidence, then a summary line."""
    from ..claims import summarize

    lines = [f"{'status':<8} {'claim':<58} {'source':<36} evidence"]
    for r in results:
        ev = f"{r.evidence} || corrected: {r.corrected}" if r.corrected else r.evidence
        lines.append(f"{r.status:<8} {_short(r.claim, 58):<58} {_short(r.source, 36):<36} {_short(ev, 160)}")
    tot = summarize(results).get("total", {"claims": 0, "holds": 0, "fails": 0, "unknown": 0})
    lines.append(f"{tot['claims']} claims: {tot['holds']} hold, {tot['fails']} fail, {tot['unknown']} unknown")
    return "\n".join(lines)


def _run(args: Any) -> int:
    from ..claims import run_proofs

    results = run_proofs(args.only)
    if args.fails:
        results = [r for r in results if r.status == "fails"]
    if args.json:
        print(json.dumps([r.to_dict() for r in results], indent=1))
    else:
        print(format_table(results))
    return 0


def tour_section(outdir: pathlib.Path) -> str:
    """The course notes' claims (a fast section) as a sample of ``symopt proofs``."""
    from ..claims import run_proofs, summarize

    results = run_proofs("course_notes")
    tot = summarize(results)["total"]
    lines = ["The texts checked line by line (symopt proofs; sample: course notes ch. 3)",
             f"  {tot['claims']} claims: {tot['holds']} hold, {tot['fails']} fail, {tot['unknown']} unknown"]
    for r in results:
        if r.status == "fails":
            lines.append(f"  FAILS {r.source}: {r.claim} -> {r.corrected}")
    lines.append("  run `symopt proofs` for all five texts, ERRATA.md for the list of mistakes")
    return "\n".join(lines)
