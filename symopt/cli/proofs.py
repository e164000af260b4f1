"""``symopt proofs``: run the texts' checked claims in ``proofs/`` and print them.

Presentation only: the checks live in ``proofs/*.py`` and the records in
:mod:`symopt.claims`. Heavy imports happen inside the handler.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

from ..display import shorten

__all__ = ["register", "tour_section"]


def register(subparsers: Any) -> None:
    """Add ``proofs`` to the command line."""
    p = subparsers.add_parser(
        "proofs",
        help="check every quantitative claim of the source texts (holds / fails / imprecise / unknown)",
        description="Run proofs/*.py: each claim of the texts (formula, derivation step, condition, printed "
        "number, worked example) with its source, status and evidence, read under the fairness rule of "
        "proofs/README.md. 'fails' (an error: false as the text means it) carries the corrected statement; "
        "'imprecise' (true as meant, false taken literally) carries the sharper statement and is not an error.",
    )
    p.add_argument("--json", action="store_true",
                   help="print a JSON list of {claim, source, status, evidence, corrected, section, reading, seed}")
    p.add_argument("--only", action="append", metavar="SECTION",
                   help="run only these sections, by printed name (11.6, 10.3, goodfellow, article, 'course notes') "
                   "or file name (d2l_11_6_momentum); repeatable")
    p.add_argument("--fails", action="store_true", help="list only the errors (status fails)")
    p.add_argument("--imprecise", action="store_true", help="list only the imprecise wordings")
    p.set_defaults(handler=_run)


HEADER = f"{'status':<9} {'claim':<58} {'source':<36} evidence"


def format_row(r: Any) -> str:
    """One claim as a table row: status, claim, source (the text's name), one line of evidence."""
    if r.corrected:
        tag = "corrected" if r.status == "fails" else "sharper"
        ev = f"{r.evidence} || {tag}: {r.corrected}"
    else:
        ev = r.evidence
    return f"{r.status:<9} {shorten(r.claim, 58, where='end'):<58} {shorten(r.where, 36, where='end'):<36} {shorten(ev, 160, where='end')}"


def summary_line(results: list[Any]) -> str:
    """``N claims: a hold, b fail, c imprecise, d unknown``."""
    from ..claims import summarize

    tot = summarize(results).get("total", {"claims": 0, "holds": 0, "fails": 0, "imprecise": 0, "unknown": 0})
    return (f"{tot['claims']} claims: {tot['holds']} hold, {tot['fails']} fail, "
            f"{tot['imprecise']} imprecise, {tot['unknown']} unknown")


def format_table(results: list[Any]) -> str:
    """The text table: status, claim, source, one line of evidence, then a summary line."""
    return "\n".join([HEADER, *(format_row(r) for r in results), summary_line(results)])


def _progress(total: int) -> Any:
    """A tqdm bar over the proof files on stderr, only when stderr is a terminal (rows stay on stdout)."""
    import sys

    if not sys.stderr.isatty() or total < 2:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover - tqdm is a run-time dependency
        return None
    return tqdm(total=total, desc="proofs", unit="file", leave=False, file=sys.stderr, mininterval=0.2)


def _run(args: Any) -> int:
    import sys

    from ..claims import iter_proofs, select_sections

    select_sections(args.only)  # an unknown section is reported (with the valid names) before any output
    keep = None
    if args.fails or args.imprecise:
        keep = {s for s, on in (("fails", args.fails), ("imprecise", args.imprecise)) if on}
    out = sys.stdout
    seen: list[Any] = []
    first = True
    if not args.json:
        out.write(HEADER + "\n")
        out.flush()
    else:
        out.write("[")
    # rows stream as each proof file finishes (no silence until the end)
    files = select_sections(args.only)
    bar = _progress(len(files))
    for section, results in iter_proofs(args.only):
        for r in results:
            seen.append(r)
            if keep is not None and r.status not in keep:
                continue
            if args.json:
                out.write(("\n " if first else ",\n ") + json.dumps(r.to_dict()))
                first = False
            elif bar is not None:
                bar.write(format_row(r), file=out)
            else:
                out.write(format_row(r) + "\n")
        out.flush()
        if bar is not None:
            bar.set_postfix_str(section, refresh=False)
            bar.update(1)
    if bar is not None:
        bar.close()
    if args.json:
        out.write("\n]\n")
    else:
        errors = [r for r in seen if r.status == "fails"]
        loose = [r for r in seen if r.status == "imprecise"]
        if keep is None and loose:
            out.write(f"\nImprecise wording, not errors ({len(loose)}): true as the text means it, false taken literally\n")
            for r in loose:
                out.write(f"  {shorten(r.where, 40, where='end')}: {shorten(r.claim, 70, where='end')} -> sharper: {shorten(r.corrected, 110, where='end')}\n")
        if keep is None:
            out.write(f"Errors: {len(errors)} (symopt proofs --fails; ERRATA.md lists each with its correction)\n")
        out.write(summary_line(seen) + "\n")
    out.flush()
    return 0


def tour_section(outdir: pathlib.Path) -> str:
    """The course notes' claims (a fast section) as a sample of ``symopt proofs``."""
    from ..claims import run_proofs, summarize

    results = run_proofs("course_notes")
    tot = summarize(results)["total"]
    lines = ["The texts checked line by line (symopt proofs; sample: course notes ch. 3)",
             f"  {tot['claims']} claims: {tot['holds']} hold, {tot['fails']} fail, {tot['imprecise']} imprecise, "
             f"{tot['unknown']} unknown"]
    for r in results:
        if r.status == "fails":
            lines.append(f"  FAILS {r.where}: {r.claim} -> {r.corrected}")
    lines.append("  run `symopt proofs` for all five texts, ERRATA.md for the list of mistakes")
    return "\n".join(lines)
