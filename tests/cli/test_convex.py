"""The `symopt convex` command."""

from __future__ import annotations

import json
import pathlib

from symopt.cli import main


def test_convex_text(capsys):
    assert main(["convex", "log(exp(x) + exp(-2*x - 3))"]) == 0
    out = capsys.readouterr().out
    assert "proved" in out and "log-sum-exp" in out


def test_convex_json_refuted(capsys):
    assert main(["convex", "cos(pi*x)", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "refuted" and data["property"] == "convex"
    assert data["witness"]["gap"] > 0 and data["witness"]["theta"] == "1/2"


def test_convex_domain_and_property(capsys):
    assert main(["convex", "sqrt(x*y)", "--domain", "x >= 0, y >= 0", "--property", "concave", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "proved" and data["property"] == "concave"
    assert main(["convex", "x**2 + 2*y**2", "--property", "L-smooth", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["parameter"] == "4"


def test_convex_bad_input(capsys):
    assert main(["convex", "x**2", "--domain", "x +"]) == 2
    assert "domain" in capsys.readouterr().err
    assert main(["convex", "x**2", "--property", "wobbly"]) == 2
    assert "property" in capsys.readouterr().err


def test_tour_section(tmp_path: pathlib.Path):
    from symopt.cli.convex import tour_section

    text = tour_section(tmp_path)
    assert "cos(pi*x): convex refuted" in text and "x*log(x) on x > 0: convex proved" in text
