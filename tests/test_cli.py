"""The command line: analyze (text and JSON), tour, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from symopt.cli import main
from core.test_parse import HAND_WRITTEN_HOSTILE, SENTINEL  # tests/core/test_parse.py (pythonpath: tests)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_error(err: str) -> bool:
    """One error line, optionally followed by the text and a caret line under it."""
    lines = err.rstrip("\n").split("\n")
    if len(lines) == 1:
        return True
    return len(lines) == 3 and lines[1].startswith("  ") and lines[2].strip() == "^"


def test_analyze_json_has_the_design_keys(capsys):
    code, out, err = run(capsys, "analyze", "x1**2 + 2*x2**2", "--at", "x1=1,x2=1", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    for key in ("variables", "gradient", "hessian", "critical_points", "convexity"):
        assert key in data
    assert data["variables"] == ["x1", "x2"]
    assert data["gradient"] == ["2*x1", "4*x2"]
    assert data["hessian"] == [["2", "0"], ["0", "4"]]
    assert data["critical_points"][0]["kind"] == "minimum"
    assert data["condition_number"] == "2"
    assert set(data["convexity"]) >= {"status", "property", "reason", "witness"}


def test_analyze_text_with_parameters(capsys):
    code, out, _ = run(capsys, "analyze", "x*cos(c*x)", "--vars", "x", "--params", "c", "--at", "x=0", "--no-convexity")
    assert code == 0
    assert "gradient ∇f" in out and "Taylor model at (x = 0)" in out and "parameters: c" in out


@pytest.mark.parametrize("text", HAND_WRITTEN_HOSTILE[:60])
def test_hostile_input_exits_2_with_one_line(capsys, text):
    code, out, err = run(capsys, "analyze", text, "--no-convexity")
    assert code == 2
    assert out == ""
    assert err.startswith("symopt: error: ") and _one_error(err)
    assert not os.path.exists(SENTINEL)


@pytest.mark.parametrize(
    "argv",
    [
        ["analyze", "x+y", "--vars", "x,,"],
        ["analyze", "x+y", "--at", "x=1"],
        ["analyze", "x+y", "--at", "z=1,x=1,y=2"],
        ["analyze", "x", "--order", "-1", "--at", "x=0"],
        ["analyze"],
        ["nonsense-command"],
        ["analyze", "x", "--bogus-flag"],
    ],
)
def test_bad_arguments_exit_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert _one_error(err) and "error" in err


def test_tour_writes_a_figure(tmp_path, capsys):
    out_png = tmp_path / "tour.png"
    code, out, _ = run(capsys, "tour", "--out", str(out_png))
    assert code == 0
    assert out_png.exists() and out_png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "x1**2 + 2*x2**2" in out and "minimum" in out


def test_console_script_entry_point():
    result = subprocess.run(
        [sys.executable, "-m", "symopt.cli", "analyze", "x**2", "--json", "--no-convexity"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)["critical_points"][0]["kind"] == "minimum"


@pytest.mark.parametrize(
    "argv, shown",
    [
        (["analyze", "-x**2", "--no-convexity"], "-x"),
        (["analyze", "-(x - 1)**2", "--at", "x=-1", "--no-convexity"], "-(x - 1)"),
        (["convex", "-log(x)", "--domain", "x > 0"], "convex: proved"),
        (["newton", "-x**2"], "[maximum]"),
        (["analyze", "--no-convexity", "--", "-x**2"], "-x"),
    ],
)
def test_an_objective_starting_with_a_minus_is_not_taken_for_an_option(argv, shown, capsys):
    """argparse read '-x**2' as an unknown option ("the following arguments are required: expr")."""
    assert main(argv) == 0
    assert shown in capsys.readouterr().out


def test_negative_option_values_still_reach_their_options(capsys):
    assert main(["run", "x**2 + y**2", "--x0", "-1,-2", "--steps", "3"]) == 0
    assert "x -0.512000, y -1.024000" in capsys.readouterr().out


# ------------------------------------------------------------------ typos: golden messages

GOLDEN = os.path.join(os.path.dirname(__file__), "data", "cli_typos", "golden.json")


def _golden_cases():
    with open(GOLDEN, encoding="utf-8") as fh:
        return json.load(fh)


@pytest.mark.parametrize("case", _golden_cases(), ids=lambda c: c["name"])
def test_cli_typos_match_their_golden_messages(case, capsys):
    """A table of the typos a new user makes (issue 16) and what symopt answers: the exit code,
    stdout and stderr exactly.  Regenerate with ``python tests/data/cli_typos/make_golden.py``
    after a deliberate change and review the diff.  The style (option named first, caret under the column, "did you mean")
    follows rustc's and Python 3.10+'s error messages (PEP 657 carets; "Did you mean" in
    NameError suggestions)."""
    code, out, err = run(capsys, *case["argv"])
    assert (code, out, err) == (case["exit"], case["stdout"], case["stderr"])


def test_analyze_header_sits_on_the_baseline_of_multiline_pretty_output(capsys):
    """``f(x, y) =`` goes beside the fraction bar, as SymPy's own pretty printer aligns ``Eq`` (issue 16)."""
    code, out, _ = run(capsys, "analyze", "x**2/3 + sqrt(y)/2", "--no-convexity")
    assert code == 0
    head = out.split("\n\n")[0].splitlines()
    label = "f(x, y) = "
    (on,) = [i for i, line in enumerate(head) if line.startswith(label)]
    bar = [i for i, line in enumerate(head) if "──" in line]
    assert on in bar
    assert all(line.startswith(" " * len(label)) for i, line in enumerate(head) if i != on)
