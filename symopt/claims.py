"""Proof records for the texts' quantitative claims, and the runner of ``proofs/``.

Each file ``proofs/<section>.py`` exposes ``claims() -> list[ClaimResult]``. A
claim's status is never written by hand: :func:`verdict` turns the outcome of
a computation (``True`` / ``False`` / ``None``) into ``holds`` / ``fails`` /
``unknown``, and a failing claim must carry the corrected statement.

The fairness rule (``proofs/README.md``): a claim is read under the text's own
conventions and the reading its next lines force. :func:`fair_verdict` takes
two computed outcomes, one for that intended reading and one for the words
taken literally:

* intended reading false: ``fails`` (an erratum, with the correction);
* intended reading true, literal reading false: ``imprecise`` (not an erratum;
  it carries the sharper statement);
* both true: ``holds``; intended reading undecided: ``unknown``.

Run ``python -m symopt.claims --errata > ERRATA.md`` to regenerate the errata.

Example:
    >>> r = verdict("1 + 1 = 2", "demo", 1 + 1 == 2, "integer arithmetic")
    >>> r.status
    'holds'
    >>> verdict("1 + 1 = 3", "demo", 1 + 1 == 3, "1 + 1 = 2", corrected="1 + 1 = 2").status
    'fails'
    >>> fair_verdict("x^2 has no minimum other than 0", "demo", intended=True, literal=False,
    ...              reading="no minimiser other than x = 0", evidence="f(0) = 0 is the global minimum",
    ...              sharper="x^2 has no minimiser other than 0").status
    'imprecise'
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
import re
import sys
from dataclasses import asdict, dataclass, replace
from typing import Any, Callable, ClassVar, Iterator, Sequence

from .errors import ParameterError
from .results import summary_latex
from . import display

__all__ = [
    "ClaimResult",
    "STATUSES",
    "verdict",
    "fair_verdict",
    "text_source",
    "proofs_dir",
    "proof_helper",
    "section_names",
    "select_sections",
    "iter_proofs",
    "proof_files",
    "load_proof",
    "run_proofs",
    "summarize",
    "errata_markdown",
    "main",
]

STATUSES = ("holds", "fails", "imprecise", "unknown")

#: The seed files, by the number the sources cite.
TEXTS = {
    "000": "D2L 10.3 Gradient Descent",
    "001": "D2L ch. 11 Optimization Algorithms",
    "002": "Goodfellow et al. 4.3 Gradient-Based Optimization",
    "003": "Course notes ch. 3 Optimization via Gradient Descent",
    "004": "Article: gradient-based optimisation (Towards AI)",
}

#: How a source line names each text (``symopt proofs``' source column, ERRATA.md).
TEXT_NAMES = {"000": "D2L", "001": "D2L", "002": "Goodfellow 4.3 notes", "003": "course notes", "004": "article"}

#: The article's section headings, so that a source names the section in quotes.
ARTICLE_SECTIONS = (
    "Random Local Search", "Random Search", "The Minima", "Why can't we just equate the derivative to 0",
    "Parameter Update Formula", "Jacobians and Hessians", "Second Derivative Test", "Second-Order Optimization",
    "Why not second-order", "Using finite differences", "Using Calculus", "Implementation",
)


def text_source(source: str) -> str:
    """The source as a reader finds it: the text's name and section, not the seed file's number.

    ``"001 §11.5.4 printed"`` -> ``"D2L 11.5.4 printed"``; ``"002 §4.3 Poor Conditioning"`` ->
    ``"Goodfellow 4.3 notes, Poor Conditioning"``; ``"003 Example 3.1.3"`` -> ``"course notes 3.1.3
    (worked example)"``; ``"004 Random Local Search pseudo-code"`` -> ``'article "Random Local Search"
    pseudo-code'``. A source that cites no seed number is returned unchanged.
    """
    head, _, rest = str(source).partition(" ")
    if head not in TEXT_NAMES:
        return str(source)
    rest = rest.strip()
    if head in ("000", "001"):
        return f"D2L {rest[1:] if rest.startswith('§') else rest}".rstrip()
    if head == "002":
        rest = re.sub(r"^§4\.3\s*", "", rest)
        return f"Goodfellow 4.3 notes, {rest}" if rest else "Goodfellow 4.3 notes"
    if head == "003":
        m = re.match(r"^(?:§|Example\s+)(\d+(?:\.\d+)*)(.*)$", rest)
        if m:
            tag = " (worked example)" if rest.startswith("Example") else ""
            return f"course notes {m.group(1)}{tag}{m.group(2)}".rstrip()
        return f"course notes, {rest}" if rest else "course notes"
    for title in ARTICLE_SECTIONS:
        if rest.startswith(title):
            return f'article "{title}"{rest[len(title):]}'.rstrip()
    return f"article, {rest}" if rest else "article"


@dataclass(frozen=True)
class ClaimResult:
    """One checked claim.

    Attributes:
        claim: the claim in words (what the text asserts).
        source: where: seed file, section, equation number and the formula as printed.
        status: ``"holds"``, ``"fails"``, ``"imprecise"`` or ``"unknown"``.
        evidence: the derivation (holds), the counterexample (fails) or the reason (unknown).
        corrected: for ``fails``, the statement that holds, derived; for ``imprecise``,
            the sharper statement (true also when taken literally).
        section: the proof file's name (filled in by the runner).
        reading: the intended reading the claim was judged under, when it differs from the
            literal words (see ``proofs/README.md``).
    """

    STATUS_KIND: ClassVar[str] = "claim"  # symopt.results: holds, fails, imprecise, unknown

    claim: str
    source: str
    status: str
    evidence: str
    corrected: str | None = None
    section: str = ""
    reading: str | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ParameterError(f"claim status must be one of {STATUSES}, got {self.status!r}")
        if not str(self.evidence).strip():
            raise ParameterError(f"claim {self.claim!r} has no evidence")
        if self.status == "fails" and not (self.corrected and self.corrected.strip()):
            raise ParameterError(f"failing claim {self.claim!r} needs a corrected statement")
        if self.status == "imprecise" and not (self.corrected and self.corrected.strip()):
            raise ParameterError(f"imprecise claim {self.claim!r} needs the sharper statement")
        if self.status == "imprecise" and not (self.reading and self.reading.strip()):
            raise ParameterError(f"imprecise claim {self.claim!r} needs the intended reading")

    def __repr__(self) -> str:

        return display.short_repr("ClaimResult", f"{self.status}: {self.claim}", source=self.where)

    def _repr_html_(self) -> str:

        rows: dict[str, Any] = {"claim": self.claim, "source": self.where, "status": self.status}
        if self.reading:
            rows["read as"] = self.reading
        if self.corrected:
            rows["what holds" if self.status == "fails" else "sharper"] = self.corrected
        rows["evidence"] = self.evidence
        return display.html_fields(rows, title="ClaimResult")

    def _repr_latex_(self) -> str:
        return summary_latex(self)

    @property
    def where(self) -> str:
        """The source with the text's name (``"D2L 11.5.4 ..."``), see :func:`text_source`."""
        return text_source(self.source)

    @property
    def text(self) -> str:
        """The seed file number (``"000"`` ... ``"004"``) the source cites, or ``""``."""
        head = self.source.split()[0] if self.source else ""
        return head if head in TEXTS else ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: claim, source (the text's name and section), status, evidence,
        corrected, section, reading, and ``seed`` (the seed file's number the source cites)."""
        d = asdict(self)
        d["source"] = self.where
        d["seed"] = self.text
        return d


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


def fair_verdict(claim: str, source: str, *, intended: bool | None, literal: bool | None, reading: str,
                 evidence: str, sharper: str | None = None, corrected: str | None = None) -> ClaimResult:
    """A claim judged under the fairness rule: the intended reading decides, the literal one qualifies.

    Args:
        claim: the claim in words, as the text puts it.
        source: seed file number first, then section, equation and printed formula.
        intended: computed truth of the reading the text's conventions and next lines force
            (``None``: undecided).
        literal: computed truth of the words taken literally (``None``: not separately checked).
        reading: that intended reading, in words (and where the text forces it).
        evidence: the derivations / computations behind both outcomes.
        sharper: the statement true also literally (required when ``imprecise``).
        corrected: the statement that holds (required when ``fails``).

    Returns:
        ``fails`` if ``intended`` is False, ``imprecise`` if it is True and ``literal`` is False,
        ``holds`` if both are True (or ``literal`` is None), ``unknown`` if ``intended`` is None.
    """
    if intended is None:
        return ClaimResult(claim, source, STATUSES[3], evidence, reading=reading)
    if not bool(intended):
        return ClaimResult(claim, source, STATUSES[1], evidence, corrected, reading=reading)
    if literal is not None and not bool(literal):
        return ClaimResult(claim, source, STATUSES[2], evidence, sharper, reading=reading)
    return ClaimResult(claim, source, STATUSES[0], evidence, reading=reading)


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


def _import_path(path: pathlib.Path, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ParameterError(f"cannot import proof file {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_proof(path: pathlib.Path) -> Callable[[], list[ClaimResult]]:
    """Import one proof file by path and return its ``claims`` function."""
    module = _import_path(path, f"symopt_proofs_{path.stem}")
    fn = getattr(module, "claims", None)
    if not callable(fn):
        raise ParameterError(f"proof file {path.name} defines no claims() function")
    return fn


def proof_helper(name: str, directory: pathlib.Path | None = None) -> Any:
    """Import a helper module ``proofs/_<name>.py`` (shared by proof files and tests), once.

    Args:
        name: the helper's name with or without the leading underscore (``"airfoil"``).
        directory: where the proofs are (default :func:`proofs_dir`).
    """
    stem = name if name.startswith("_") else f"_{name}"
    key = f"symopt_proofs_helper{stem}"
    if key in sys.modules:
        return sys.modules[key]
    path = (directory or proofs_dir()) / f"{stem}.py"
    if not path.is_file():
        raise ParameterError(f"no proof helper {path}")
    return _import_path(path, key)


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[^0-9a-z]+", str(text).lower()) if t]


def section_names(directory: pathlib.Path | None = None) -> dict[str, str]:
    """Each proof file's stem and the name a reader uses for it (``d2l_11_6_momentum`` -> ``11.6``)."""
    out = {}
    for p in proof_files(directory):
        m = re.match(r"^d2l_(\d+)_(\d+)_", p.stem)
        if m:
            out[p.stem] = f"{m.group(1)}.{m.group(2)}"
        elif p.stem.startswith("goodfellow"):
            out[p.stem] = "goodfellow"
        elif p.stem.startswith("course_notes"):
            out[p.stem] = "course notes"
        elif p.stem.startswith("article"):
            out[p.stem] = "article"
        else:
            out[p.stem] = p.stem
    return out


def select_sections(only: str | Sequence[str] | None, directory: pathlib.Path | None = None) -> list[pathlib.Path]:
    """The proof files ``only`` names, by printed section (``11.6``), text (``goodfellow``) or file name.

    A name matches a file when its words/numbers appear consecutively among the file name's
    (``11.6`` and ``11_6`` select ``d2l_11_6_momentum``, not ``d2l_11_10_adam``; ``d2l 11``
    selects all of D2L ch. 11); a name that matches no file that way matches by substring.

    Raises:
        ParameterError: nothing matches; the message lists the valid names.
    """
    files = proof_files(directory)
    if not only:
        return files
    keys = [only] if isinstance(only, str) else list(only)
    chosen: list[pathlib.Path] = []
    for key in keys:
        kt = _tokens(key)
        hits = []
        for p in files:
            st = _tokens(p.stem)
            if kt and any(st[i:i + len(kt)] == kt for i in range(len(st) - len(kt) + 1)):
                hits.append(p)
        if not hits:
            flat = "_".join(kt)
            hits = [p for p in files if flat and flat in p.stem]
        chosen += [p for p in hits if p not in chosen]
    if not chosen:
        names = section_names(directory)
        valid = ", ".join(f"{v} ({k})" if v != k else k for k, v in names.items())
        raise ParameterError(f"no proof section matches {only!r}; valid sections: {valid}")
    return sorted(chosen)


def iter_proofs(only: str | Sequence[str] | None = None,
                directory: pathlib.Path | None = None) -> Iterator[tuple[str, list[ClaimResult]]]:
    """Run the proof files one at a time, yielding ``(section, claims)`` as each finishes.

    Args:
        only: section names, see :func:`select_sections`.
        directory: where the proof files are (default :func:`proofs_dir`).
    """
    for path in select_sections(only, directory):
        out = []
        for r in load_proof(path)():
            if not isinstance(r, ClaimResult):
                raise ParameterError(f"{path.name} returned {type(r).__name__}, not ClaimResult")
            out.append(replace(r, section=path.stem))
        yield path.stem, out


def run_proofs(only: str | Sequence[str] | None = None,
               directory: pathlib.Path | None = None) -> list[ClaimResult]:
    """Run the proof files and return every claim, tagged with its section.

    Args:
        only: a section name or a list of them (``"11.6"``, ``"11_6"``, ``"goodfellow"``),
            see :func:`select_sections`.
        directory: where the proof files are (default :func:`proofs_dir`).
    """
    return [r for _, rs in iter_proofs(only, directory) for r in rs]


def summarize(results: Sequence[ClaimResult]) -> dict[str, dict[str, int]]:
    """Counts per seed text and in total: ``{text: {"claims", "holds", "fails", "imprecise", "unknown"}}``."""
    table: dict[str, dict[str, int]] = {}
    for r in results:
        for key in (r.text or "other", "total"):
            row = table.setdefault(key, {"claims": 0, **{s: 0 for s in STATUSES}})
            row["claims"] += 1
            row[r.status] += 1
    return table


def errata_markdown(results: Sequence[ClaimResult]) -> str:
    """ERRATA.md: the errors (``fails``), then, apart, the imprecise wordings and the undecided claims."""
    fails = [r for r in results if r.status == "fails"]
    loose = [r for r in results if r.status == "imprecise"]
    unknown = [r for r in results if r.status == "unknown"]
    counts = summarize(results)
    lines = [
        "# Errata in the source texts",
        "",
        "Generated by `python -m symopt.claims --errata > ERRATA.md` from the checks in `proofs/`;",
        "do not edit by hand. Each claim is read under the fairness rule of `proofs/README.md`: under the",
        "text's own conventions and the reading its next lines force. *Errors* are false under that",
        "reading; *imprecise* wordings (listed apart, not errors) are true as meant but false taken literally.",
        "",
        "| text | claims | holds | fails | imprecise | unknown |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key in sorted(counts):
        c = counts[key]
        name = TEXTS.get(key, key)
        lines.append(f"| {name} | {c['claims']} | {c['holds']} | {c['fails']} | {c['imprecise']} | {c['unknown']} |")
    lines += ["", f"## Errors ({len(fails)})", ""]
    for i, r in enumerate(fails, 1):
        lines += [
            f"### {i}. {r.claim}",
            "",
            f"- **Where:** {r.where} (`proofs/{r.section}.py`)",
            f"- **The text says:** {r.claim}",
        ]
        if r.reading:
            lines.append(f"- **Read as:** {r.reading}")
        lines += [
            f"- **What holds:** {r.corrected}",
            f"- **Evidence:** {r.evidence}",
            "",
        ]
    lines += [f"## Imprecise wording, not errors ({len(loose)})", "",
              "True under the reading the text forces; false if the words are taken literally.", ""]
    for i, r in enumerate(loose, 1):
        lines += [
            f"### {i}. {r.claim}",
            "",
            f"- **Where:** {r.where} (`proofs/{r.section}.py`)",
            f"- **Read as:** {r.reading}",
            f"- **Sharper:** {r.corrected}",
            f"- **Evidence:** {r.evidence}",
            "",
        ]
    lines += [f"## Undecided ({len(unknown)})", ""]
    for i, r in enumerate(unknown, 1):
        lines += [f"{i}. {r.claim} ({r.where}, `proofs/{r.section}.py`): {r.evidence}", ""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m symopt.claims [--errata] [--only SECTION]``: print errata or a summary."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m symopt.claims")
    ap.add_argument("--errata", action="store_true", help="print ERRATA.md")
    ap.add_argument("--only", action="append", help="run only these sections (11.6, goodfellow, ...); repeatable")
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
