"""Tests of the proof-record API (symopt.claims) and of `symopt proofs` on small proof files."""

from __future__ import annotations

import json
import textwrap

import pytest

from symopt.claims import ClaimResult, errata_markdown, proof_files, run_proofs, summarize, verdict
from symopt.cli import main
from symopt.errors import ParameterError, SymoptError

TINY = textwrap.dedent(
    '''
    import sympy as sp
    from symopt.claims import verdict

    def claims():
        x = sp.Symbol("x", real=True)
        return [
            verdict("d/dx x^2 = 2x", "003 §demo (1)", sp.diff(x**2, x) == 2 * x, "sympy diff"),
            verdict("d/dx x^2 = x", "004 §demo (2)", sp.diff(x**2, x) == x, "sympy gives 2x", corrected="d/dx x^2 = 2x"),
            verdict("undecided", "004 §demo (3)", None, "no method"),
        ]
    '''
)


@pytest.fixture()
def tiny_dir(tmp_path):
    (tmp_path / "demo_section.py").write_text(TINY)
    (tmp_path / "_helper.py").write_text("raise RuntimeError('helpers are not proof files')\n")
    return tmp_path


def test_verdict_maps_outcomes_to_statuses():
    assert verdict("a", "000", True, "e").status == "holds"
    assert verdict("a", "000", False, "e", corrected="b").status == "fails"
    assert verdict("a", "000", None, "e").status == "unknown"
    # a corrected statement is kept only for a failing claim
    assert verdict("a", "000", True, "e", corrected="b").corrected is None


@pytest.mark.parametrize("kwargs", [
    dict(status="maybe", evidence="e"),
    dict(status="holds", evidence="   "),
    dict(status="fails", evidence="e"),
])
def test_claimresult_rejects_bad_records(kwargs):
    with pytest.raises(ParameterError):
        ClaimResult("c", "000", **kwargs)


def test_claimresult_is_frozen_and_knows_its_text():
    r = verdict("c", "002 §4.3", True, "e")
    with pytest.raises(AttributeError):
        r.status = "fails"  # type: ignore[misc]
    assert r.text == "002"
    assert verdict("c", "elsewhere", True, "e").text == ""
    assert set(r.to_dict()) == {"claim", "source", "status", "evidence", "corrected", "section"}


def test_run_proofs_loads_by_path_and_tags_sections(tiny_dir):
    assert [p.name for p in proof_files(tiny_dir)] == ["demo_section.py"]
    res = run_proofs(directory=tiny_dir)
    assert [r.status for r in res] == ["holds", "fails", "unknown"]
    assert {r.section for r in res} == {"demo_section"}
    counts = summarize(res)
    assert counts["total"] == {"claims": 3, "holds": 1, "fails": 1, "unknown": 1}
    assert counts["003"]["holds"] == 1 and counts["004"]["fails"] == 1


def test_only_filters_and_unknown_section_is_an_error(tiny_dir):
    assert len(run_proofs("demo", directory=tiny_dir)) == 3
    with pytest.raises(ParameterError):
        run_proofs("no_such_section", directory=tiny_dir)


def test_a_proof_file_without_claims_is_an_error(tmp_path):
    (tmp_path / "empty.py").write_text("X = 1\n")
    with pytest.raises(SymoptError):
        run_proofs(directory=tmp_path)


def test_errata_lists_exactly_the_failing_claims(tiny_dir):
    md = errata_markdown(run_proofs(directory=tiny_dir))
    assert "d/dx x^2 = x" in md and "**What holds:** d/dx x^2 = 2x" in md
    assert "## 2." not in md  # one failing claim, one entry
    assert "undecided" not in md


def test_cli_json_and_table(tiny_dir, monkeypatch, capsys):
    monkeypatch.setenv("SYMOPT_PROOFS", str(tiny_dir))
    assert main(["proofs", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["status"] for d in data] == ["holds", "fails", "unknown"]
    assert all({"claim", "source", "status", "evidence"} <= set(d) for d in data)
    assert main(["proofs"]) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1] == "3 claims: 1 hold, 1 fail, 1 unknown"
    assert main(["proofs", "--fails", "--json"]) == 0
    assert [d["claim"] for d in json.loads(capsys.readouterr().out)] == ["d/dx x^2 = x"]
    assert main(["proofs", "--only", "nothing"]) == 2
