"""Tests of the proof-record API (symopt.claims) and of `symopt proofs` on small proof files."""

from __future__ import annotations

import json
import textwrap

import pytest

from symopt.claims import (ClaimResult, errata_markdown, fair_verdict, proof_files, run_proofs, section_names,
                           select_sections, summarize, text_source, verdict)
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
    assert set(r.to_dict()) == {"claim", "source", "status", "evidence", "corrected", "section", "reading", "seed"}
    assert r.to_dict()["source"] == "Goodfellow 4.3 notes" and r.to_dict()["seed"] == "002"


def test_run_proofs_loads_by_path_and_tags_sections(tiny_dir):
    assert [p.name for p in proof_files(tiny_dir)] == ["demo_section.py"]
    res = run_proofs(directory=tiny_dir)
    assert [r.status for r in res] == ["holds", "fails", "unknown"]
    assert {r.section for r in res} == {"demo_section"}
    counts = summarize(res)
    assert counts["total"] == {"claims": 3, "holds": 1, "fails": 1, "imprecise": 0, "unknown": 1}
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
    errors = md.split("## Errors (1)")[1].split("## Imprecise")[0]
    assert "### 1. d/dx x^2 = x" in errors and "### 2." not in errors  # one failing claim, one entry
    assert "undecided" not in errors and "d/dx x^2 = 2x\n" not in errors.split("**What holds:**")[0]
    assert "## Undecided (1)" in md and "1. undecided (" in md.split("## Undecided")[1]


def test_cli_json_and_table(tiny_dir, monkeypatch, capsys):
    monkeypatch.setenv("SYMOPT_PROOFS", str(tiny_dir))
    assert main(["proofs", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["status"] for d in data] == ["holds", "fails", "unknown"]
    assert all({"claim", "source", "status", "evidence"} <= set(d) for d in data)
    assert main(["proofs"]) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1] == "3 claims: 1 hold, 1 fail, 0 imprecise, 1 unknown"
    assert main(["proofs", "--fails", "--json"]) == 0
    assert [d["claim"] for d in json.loads(capsys.readouterr().out)] == ["d/dx x^2 = x"]
    assert main(["proofs", "--only", "nothing"]) == 2


def test_fair_verdict_maps_the_two_readings():
    """proofs/README.md: the intended reading decides, the literal one qualifies."""
    kw = dict(reading="as meant", evidence="e")
    assert fair_verdict("c", "000", intended=True, literal=False, sharper="s", **kw).status == "imprecise"
    assert fair_verdict("c", "000", intended=True, literal=True, **kw).status == "holds"
    assert fair_verdict("c", "000", intended=True, literal=None, **kw).status == "holds"
    assert fair_verdict("c", "000", intended=False, literal=True, corrected="k", **kw).status == "fails"
    assert fair_verdict("c", "000", intended=None, literal=False, **kw).status == "unknown"
    with pytest.raises(ParameterError):  # an imprecise claim must carry its sharper statement
        fair_verdict("c", "000", intended=True, literal=False, **kw)
    with pytest.raises(ParameterError):  # and the reading it was judged under
        ClaimResult("c", "000", "imprecise", "e", corrected="s")
    r = fair_verdict("c", "001 §11.2.2", intended=True, literal=False, sharper="s", **kw)
    assert r.corrected == "s" and r.reading == "as meant" and "imprecise" in repr(r) and "<table" in r._repr_html_()


@pytest.mark.parametrize("source, shown", [
    ("001 §11.5.4 printed 'loss: 0.244, 0.008 sec/epoch'", "D2L 11.5.4 printed 'loss: 0.244, 0.008 sec/epoch'"),
    ("000 §10.3.3.2 (10.3.10)", "D2L 10.3.3.2 (10.3.10)"),
    ("002 §4.3 Poor Conditioning", "Goodfellow 4.3 notes, Poor Conditioning"),
    ("003 Example 3.1.3", "course notes 3.1.3 (worked example)"),
    ("003 §3.2.1", "course notes 3.2.1"),
    ("004 Random Local Search pseudo-code", 'article "Random Local Search" pseudo-code'),
    ("PEPit's examples", "PEPit's examples"),
])
def test_sources_name_the_texts(source, shown):
    """Issue 16: the source column prints the texts' names (D2L 11.5.4, Goodfellow 4.3 notes, ...), not 000..004."""
    assert text_source(source) == shown


def test_sections_by_printed_name():
    """Issue 16: `symopt proofs --only 11.6` must work (it used to need 11_6); 11.1 is not 11.10 or 11.11."""
    assert [p.stem for p in select_sections("11.6")] == ["d2l_11_6_momentum"]
    assert [p.stem for p in select_sections("11_6")] == ["d2l_11_6_momentum"]
    assert [p.stem for p in select_sections("11.1")] == ["d2l_11_1_optimization"]
    assert [p.stem for p in select_sections(["goodfellow", "course notes"])] == ["course_notes_3", "goodfellow_4_3"]
    assert section_names()["d2l_11_6_momentum"] == "11.6"
    with pytest.raises(ParameterError, match=r"valid sections: .*11\.6 \(d2l_11_6_momentum\)"):
        select_sections("11.66")


def test_cli_only_by_printed_name_lists_valid_names(capsys):
    assert main(["proofs", "--only", "12.3"]) == 2
    err = capsys.readouterr().err
    assert "valid sections" in err and "goodfellow" in err and "11.6" in err


STREAM_SECOND = textwrap.dedent(
    '''
    import sys
    from symopt.claims import verdict

    def claims():
        # runs after the first file: its row must already be on stdout (rows stream, not printed at the end)
        seen = sys.stdout.getvalue() if hasattr(sys.stdout, "getvalue") else ""
        return [verdict("streamed", "003 §demo", "d/dx x^2 = 2x" in seen, "first file's row already printed",
                        corrected="rows are printed only at the end")]
    '''
)


def test_cli_streams_rows_as_files_finish(tiny_dir, monkeypatch, capsys):
    (tiny_dir / "zz_second.py").write_text(STREAM_SECOND)
    monkeypatch.setenv("SYMOPT_PROOFS", str(tiny_dir))
    assert main(["proofs"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if "streamed" in line)
    assert row.startswith("holds"), out
    assert main(["proofs", "--json", "--only", "zz"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["seed"] == "003" and data[0]["source"] == "course notes, §demo"


PEP_FILE = textwrap.dedent(
    '''
    from symopt.claims import verdict

    def claims():
        return [verdict("GD on L-smooth convex f: f(x_N) - f* <= L R^2 / (4N + 2)", "Drori & Teboulle 2014, Thm 3.1",
                        True, "tight PEP bound")]
    '''
)


def test_proof_files_without_a_seed_text_are_included(tiny_dir):
    """Issue 17 adds proofs/pep_global_bounds.py (published bounds, no seed text): the runner takes any proofs/*.py."""
    (tiny_dir / "pep_global_bounds.py").write_text(PEP_FILE)
    assert [p.stem for p in select_sections("pep", tiny_dir)] == ["pep_global_bounds"]
    res = run_proofs(directory=tiny_dir)
    pep = [r for r in res if r.section == "pep_global_bounds"]
    assert pep[0].where == "Drori & Teboulle 2014, Thm 3.1" and pep[0].text == ""
    assert summarize(res)["other"]["holds"] == 1
    assert "| other | 1 | 1 | 0 | 0 | 0 |" in errata_markdown(res)


def test_cli_only_11_6_json_names_the_text(capsys):
    """Issue 16: `symopt proofs --only 11.6` runs D2L 11.6 and shows 'D2L 11.6...' as the source."""
    assert main(["proofs", "--only", "11.6", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data and {d["section"] for d in data} == {"d2l_11_6_momentum"}
    assert all(d["source"].startswith("D2L 11.6") and d["seed"] == "001" for d in data)
    assert {d["status"] for d in data} <= {"holds", "fails", "imprecise"}
