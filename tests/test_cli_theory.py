"""``symopt newton``, ``symopt stability`` and ``symopt rate``: text, JSON and one-line errors."""

from __future__ import annotations

import json
import pathlib

import numpy as np
import sympy as sp

from symopt.cli import main
from symopt.cli.theory import tour_section
from symopt.parse import parse, symbol


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_newton_json(capsys):
    code, out, err = run(capsys, "newton", "x**2 + x**3", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    by_point = {p["point"]["x"]: p for p in data["points"]}
    assert set(by_point) == {"0", "-2/3"}
    for xs, p in by_point.items():
        x0 = sp.Rational(xs)
        c = abs(sp.Integer(6) / (2 * (2 + 6 * x0)))  # f'''/(2 f'') at x*
        assert p["order"] == 2 and sp.Rational(p["constant"]) == c
        assert round(p["empirical_order"], 2) == 2.0


def test_newton_text_and_degenerate(capsys):
    code, out, _ = run(capsys, "newton", "x**4", "--at", "x=0")
    assert code == 0
    assert "order 1 (linear), constant C = 2/3" in out and "multiplicity 3" in out


def test_newton_damped(capsys):
    code, out, _ = run(capsys, "newton", "cosh(x/2)", "--eta", "1/2", "--json")
    (p,) = json.loads(out)["points"]
    assert p["order"] == 1 and p["constant"] == "1/2"


def test_stability_json_momentum(capsys):
    code, out, err = run(capsys, "stability", "v = beta*v + lambda*x; x = x - eta*v", "--state", "v,x",
                         "--params", "eta,beta,lambda", "--values", "eta=0.6,beta=0.5,lambda=4", "--json")
    assert code == 0, err
    data = json.loads(out)
    M = sp.Matrix([[parse(e) for e in row] for row in data["matrix"]])
    b, e, l = symbol("beta"), symbol("eta"), symbol("lambda")
    assert sp.expand(M - sp.Matrix([[b, l], [-e * b, 1 - e * l]])) == sp.zeros(2, 2)
    assert data["verdict"]["status"] == "stable"
    # independent check of the verdict: numeric eigenvalues of R at those values
    R = np.array([[0.5, 4.0], [-0.3, 1 - 2.4]])
    assert max(abs(np.linalg.eigvals(R))) < 1
    assert len(data["conditions"]) == 3 and "region" in data


def test_stability_text_nesterov(capsys):
    code, out, _ = run(capsys, "stability", "y = x + beta*(x - xp); xp = x; x = y - eta*lambda*y",
                       "--state", "x,xp", "--params", "eta,beta,lambda")
    assert code == 0
    assert "iteration matrix:" in out and "characteristic polynomial" in out and "Jury" not in out.split("note")[1]


def test_rate_text_and_json(capsys):
    code, out, _ = run(capsys, "rate", "0.1*x1**2 + 2*x2**2", "--eta", "0.4")
    assert code == 0
    assert "optimal eta = 2/(lambda_min + lambda_max) = 10/21" in out and "rate 23/25" in out
    code, out, _ = run(capsys, "rate", "x1**2 + 2*x2**2", "--json")
    data = json.loads(out)
    assert data["eigenvalues"] == ["2", "4"] and data["optimal_eta"] == "1/3" and data["condition_number"] == "2"


def test_errors_are_one_line_exit_2(capsys):
    for argv in (
        ["stability", "x = x - eta*g", "--state", "x", "--params", "eta"],
        ["stability", "x == 1", "--state", "x"],
        ["stability", "x = x/2 + 1", "--state", "x", "--at", "x=1"],
        ["newton", "x**2", "--at", "x=1"],
        ["rate", "x**3"],
        ["newton", "__import__('os')"],
    ):
        code, out, err = run(capsys, *argv)
        assert code == 2, argv
        assert err.startswith("symopt: error:") and err.count("\n") == 1


def test_tour_section(tmp_path: pathlib.Path):
    text = tour_section(tmp_path)
    assert "Convergence theory" in text and "momentum" in text
    assert (tmp_path / "momentum_stability.png").exists()


def test_newton_box_gives_certified_ball(capsys):
    code, out, _ = run(capsys, "newton", "x**2 + x**3", "--at", "x=0", "--box=-1 <= x <= 1", "--json", "--no-check")
    assert code == 0
    ball = json.loads(out)["quadratic_convergence_ball"]
    # mu = f''(0) = 2, M = max |f'''| = 6 on the box: radius 2*2/(3*6)
    assert ball["mu"] == 2.0 and ball["M"] >= 6.0 and abs(ball["radius"] - 2 / 9) < 1e-12
    code, _, err = run(capsys, "newton", "x**2", "--box=-1 <= x <= 1")
    assert code == 2 and "--at" in err
