"""Proof records for the texts' quantitative claims, and the runner of ``proofs/``.

Each file ``proofs/<section>.py`` exposes ``claims() -> list[ClaimResult]``. A
claim's status is never written by hand: :func:`verdict` turns the outcome of
a computation (``True`` / ``False`` / ``None``) into ``holds`` / ``fails`` /
``unknown``, and a failing claim must carry the corrected statement.

Run ``python -m symopt.claims --errata > ERRATA.md`` to regenerate the errata.

Example:
    >>> r = verdict("1 + 1 = 2", "demo", 1 + 1 == 2, "integer arithmetic")
    >>> r.status
    'holds'
    >>> verdict("1 + 1 = 3", "demo", 1 + 1 == 3, "1 + 1 = 2", corrected="1 + 1 = 2").status
    'fails'
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
import sys
from dataclasses import asdict, dataclass, replace
from typing import Any, Callable, Sequence

from symopt.errors import ParameterError

__all__ = [
    "ClaimResult",
    "STATUSES",
    "verdict",
    "proofs_dir",
    "proof_files",
    "load_proof",
    "run_proofs",
    "summarize",
    "errata_markdown",
    "main",
]

STATUSES = ("holds", "fails", "unknown")

#: The seed files, by the number the sources cite.
TEXTS = {
    "000": "D2L 10.3 Gradient Descent",
    "001": "D2L ch. 11 Optimization Algorithms",
    "002": "Goodfellow et al. 4.3 Gradient-Based Optimization",
    "003": "Course notes ch. 3 Optimization via Gradient Descent",
    "004": "Article: gradient-based optimisation (Towards AI)",
}


@dataclass(frozen=True)
class ClaimResult:
    """One checked claim.

    Attributes:
        claim: the claim in words (what the text asserts).
        source: where: seed file, section, equation number and the formula as printed.
        status: ``"holds"``, ``"fails"`` or ``"unknown"``.
        evidence: the derivation (holds), the counterexample (fails) or the reason (unknown).
        corrected: for ``fails``, the statement that holds, derived.
        section: the proof file's name (filled in by the runner).
    """

    claim: str
    source: str
    status: str
    evidence: str
    corrected: str | None = None
    section: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ParameterError(f"claim status must be one of {STATUSES}, got {self.status!r}")
        if not str(self.evidence).strip():
            raise ParameterError(f"claim {self.claim!r} has no evidence")
        if self.status == "fails" and not (self.corrected and self.corrected.strip()):
            raise ParameterError(f"failing claim {self.claim!r} needs a corrected statement")

    @property
    def text(self) -> str:
        """The seed file number (``"000"`` ... ``"004"``) the source cites, or ``""``."""
        head = self.source.split()[0] if self.source else ""
        return head if head in TEXTS else ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with keys claim, source, status, evidence, corrected, section."""
        return asdict(self)


def verdict(claim: str, source: str, outcome: bool | None, evidence: str,
            corrected: str | None = None) -> ClaimResult:
    """Build a :class:`ClaimResult` whose status is the computed ``outcome``.

    Args:
        claim: the claim in words.
        source: seed file number first, then section, equation and printed formula.
        outcome: ``True`` (the computation confirms), ``False`` (it refutes) or ``None`` (undecided).
        evidence: derivation / counterexample / reason.
        corrected: the statement that holds; used only when ``outcome`` is ``False``.

    Returns:
        The record; ``corrected`` is dropped unless the claim fails.
    """
    if outcome is None:
        status = "unknown"
    else:
        status = "holds" if bool(outcome) else "fails"
    return ClaimResult(claim, source, status, evidence, corrected if status == "fails" else None)


def proofs_dir() -> pathlib.Path:
    """The ``proofs/`` directory: ``$SYMOPT_PROOFS`` or the one beside the package."""
    env = os.environ.get("SYMOPT_PROOFS")
    if env:
        return pathlib.Path(env)
    return pathlib.Path(__file__).resolve().parent.parent / "proofs"


def proof_files(directory: pathlib.Path | None = None) -> list[pathlib.Path]:
    """Every ``proofs/*.py`` (not starting with ``_``), sorted by name."""
    d = directory or proofs_dir()
    if not d.is_dir():
        raise ParameterError(f"no proofs directory at {d}")
    return sorted(p for p in d.glob("*.py") if not p.name.startswith("_"))


def load_proof(path: pathlib.Path) -> Callable[[], list[ClaimResult]]:
    """Import one proof file by path and return its ``claims`` function."""
    name = f"symopt_proofs_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ParameterError(f"cannot import proof file {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    fn = getattr(module, "claims", None)
    if not callable(fn):
        raise ParameterError(f"proof file {path.name} defines no claims() function")
    return fn


def run_proofs(only: str | Sequence[str] | None = None,
               directory: pathlib.Path | None = None) -> list[ClaimResult]:
    """Run the proof files and return every claim, tagged with its section.

    Args:
        only: a section name or a list of them; a name matches every file whose stem
            contains it (``"11_6"`` selects ``d2l_11_6_momentum``).
        directory: where the proof files are (default :func:`proofs_dir`).
    """
    files = proof_files(directory)
    if only:
        keys = [only] if isinstance(only, str) else list(only)
        files = [p for p in files if any(k in p.stem for k in keys)]
        if not files:
            raise ParameterError(f"no proof section matches {only!r}")
    out: list[ClaimResult] = []
    for path in files:
        for r in load_proof(path)():
            if not isinstance(r, ClaimResult):
                raise ParameterError(f"{path.name} returned {type(r).__name__}, not ClaimResult")
            out.append(replace(r, section=path.stem))
    return out


def summarize(results: Sequence[ClaimResult]) -> dict[str, dict[str, int]]:
    """Counts per seed text and in total: ``{text: {"claims", "holds", "fails", "unknown"}}``."""
    table: dict[str, dict[str, int]] = {}
    for r in results:
        for key in (r.text or "other", "total"):
            row = table.setdefault(key, {"claims": 0, "holds": 0, "fails": 0, "unknown": 0})
            row["claims"] += 1
            row[r.status] += 1
    return table


def errata_markdown(results: Sequence[ClaimResult]) -> str:
    """ERRATA.md: each failing claim with where, what the text says, what holds and why."""
    fails = [r for r in results if r.status == "fails"]
    counts = summarize(results)
    lines = [
        "# Errata in the source texts",
        "",
        "Generated by `python -m symopt.claims --errata > ERRATA.md` from the checks in `proofs/`;",
        "do not edit by hand. Each entry: where, what the text says, what holds, and the evidence.",
        "",
        "| text | claims | holds | fails | unknown |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for key in sorted(counts):
        c = counts[key]
        name = TEXTS.get(key, key)
        lines.append(f"| {name} | {c['claims']} | {c['holds']} | {c['fails']} | {c['unknown']} |")
    lines.append("")
    for i, r in enumerate(fails, 1):
        lines += [
            f"## {i}. {r.claim}",
            "",
            f"- **Where:** {r.source} (`proofs/{r.section}.py`)",
            f"- **The text says:** {r.claim}",
            f"- **What holds:** {r.corrected}",
            f"- **Evidence:** {r.evidence}",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m symopt.claims [--errata] [--only SECTION]``: print errata or a summary."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m symopt.claims")
    ap.add_argument("--errata", action="store_true", help="print ERRATA.md")
    ap.add_argument("--only", help="run only sections whose name contains this")
    a = ap.parse_args(argv)
    results = run_proofs(a.only)
    if a.errata:
        sys.stdout.write(errata_markdown(results))
    else:
        for key, c in sorted(summarize(results).items()):
            sys.stdout.write(f"{key}: {c}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    # run the imported module's main, so that ClaimResult is the class the proof files use
    from symopt.claims import main as _main

    raise SystemExit(_main())
