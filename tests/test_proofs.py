"""Runs every proof file in proofs/ and checks the records and ERRATA.md."""

from __future__ import annotations

import pathlib
import re

import pytest

from symopt.claims import STATUSES, errata_markdown, load_proof, proof_files, summarize

ROOT = pathlib.Path(__file__).resolve().parent.parent
FILES = proof_files(ROOT / "proofs")
_CACHE: dict[str, list] = {}


def _results(path: pathlib.Path) -> list:
    if path.stem not in _CACHE:
        from dataclasses import replace

        _CACHE[path.stem] = [replace(r, section=path.stem) for r in load_proof(path)()]
    return _CACHE[path.stem]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_proof_file_runs_and_records_are_complete(path):
    res = _results(path)
    assert res, f"{path.name} checks no claim"
    for r in res:
        assert r.status in STATUSES
        assert r.claim.strip() and r.source.strip() and r.evidence.strip()
        assert r.text, f"source {r.source!r} does not start with a seed number"
        if r.status == "fails":
            assert r.corrected and r.corrected.strip() and r.corrected.strip() != r.claim.strip()
        else:
            assert r.corrected is None


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_statuses_are_computed_not_written(path):
    src = path.read_text()
    assert not re.search(r"""["'](holds|fails|unknown)["']""", src), "a proof file writes a status literally"
    assert "ClaimResult(" not in src, "build records with verdict(), whose status comes from the computation"


def test_every_text_is_covered_and_enough_claims():
    res = [r for p in FILES for r in _results(p)]
    counts = summarize(res)
    assert {"000", "001", "002", "003", "004"} <= set(counts)
    assert counts["total"]["claims"] >= 150
    assert counts["total"]["fails"] >= 10  # the texts contain mistakes; the checks find them


def test_errata_md_is_up_to_date():
    res = [r for p in FILES for r in _results(p)]
    assert (ROOT / "ERRATA.md").read_text() == errata_markdown(res), "regenerate: python -m symopt.claims --errata > ERRATA.md"
