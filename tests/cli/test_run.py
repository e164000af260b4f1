"""Tests of ``symopt run`` (symopt.cli.run) through symopt.cli.main."""

from __future__ import annotations

import json

import pytest

from symopt.cli import main


def _run(capsys, *argv):
    code = main(["run", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_run_prints_the_texts_line(capsys):
    code, out, err = _run(capsys, "x1**2 + 2*x2**2", "--method", "gd", "--lr", "0.1", "--x0", "-5,-2", "--steps", "20")
    assert code == 0 and out == "epoch 20, x1 -0.057646, x2 -0.000073\n" and err == ""


@pytest.mark.parametrize(
    "argv, line",
    [
        (["x**2", "--x0", "10", "--lr", "0.2", "--steps", "10"], "epoch 10, x: 0.06046617599999997"),
        (["0.1*x1**2 + 2*x2**2", "--method", "momentum", "--lr", "0.6", "--beta", "0.5", "--x0=-5,-2"],
         "epoch 20, x1 0.007188, x2 0.002553"),
        (["0.1*x1**2 + 2*x2**2", "--method", "rmsprop", "--lr", "0.4", "--gamma", "0.9", "--x0", "-5,-2"],
         "epoch 20, x1 -0.010599, x2 0.000000"),
        (["x*cos(c*x)", "--params", "c=0.15*pi", "--method", "newton", "--lr", "0.5", "--x0", "10", "--steps", "10"],
         "epoch 10, x: 7.269860168684531"),
    ],
)
def test_run_reproduces(capsys, argv, line):
    code, out, _ = _run(capsys, *argv)
    assert code == 0 and out.splitlines()[0] == line


def test_run_json_and_plot(capsys, tmp_path):
    png = tmp_path / "run.png"
    code, out, _ = _run(capsys, "0.1*x1**2 + 2*x2**2", "--method", "adagrad", "--lr", "2", "--x0", "-5,-2",
                        "--json", "--plot", str(png))
    assert code == 0
    data = json.loads(out)
    assert data["epoch_line"] == "epoch 20, x1 -0.002295, x2 -0.000000"
    assert data["status"] == "max_steps" and data["steps"] == 20 and len(data["xs"]) == 21
    assert data["variables"] == ["x1", "x2"]
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_run_reports_divergence(capsys):
    code, out, _ = _run(capsys, "x**2", "--x0", "10", "--lr", "3", "--steps", "100")
    assert code == 0 and "status: diverged at step" in out


@pytest.mark.parametrize(
    "argv, words",
    [
        (["x**2", "--x0", "1,2"], "coordinate"),
        (["x**2", "--x0", "1", "--method", "lbfgs"], "unknown method"),
        (["x**2", "--x0", "1", "--lr", "-1"], "lr"),
        (["x**2", "--x0", "1", "--method", "adam", "--beta", "0.5"], "--beta does not apply"),
        (["x**2", "--x0", "1", "--method", "momentum", "--beta", "1.5"], "beta"),
        (["a*x**2", "--x0", "1", "--vars", "x"], "a"),
        (["x**2", "--x0", "one"], ""),
    ],
)
def test_run_bad_input_exit_2(capsys, argv, words):
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("symopt: error:") and words in err and len(err.strip().splitlines()) in (1, 3)


def test_tour_section(tmp_path):
    from symopt.cli.run import tour_section

    text = tour_section(tmp_path)
    assert "epoch 20, x1 -0.057646, x2 -0.000073" in text
    assert "epoch 20, x1 0.007188, x2 0.002553" in text
    assert (tmp_path / "tour_run.png").read_bytes()[:4] == b"\x89PNG"


def test_progress_bar_is_tqdm_with_an_eta(capsys):
    """tqdm (https://tqdm.github.io/) draws the bar with rate and ETA; tqdm.auto picks the widget in Jupyter."""
    from symopt.cli.run import _Progress

    bar = _Progress(200)
    for t in range(1, 201):
        bar(t, 200)
    assert bar.bar.n == 200 and bar.bar.disable or bar.bar.n == 200
    capsys.readouterr()


def test_run_plot_errors_keep_the_runs_output(capsys, tmp_path):
    """A bad --plot path is reported after the run's line, naming the option (issue 16)."""
    for target, words in ((str(tmp_path / "no" / "such" / "a.png"), "does not exist"),
                          (str(tmp_path / "out.txt"), "must end in .png")):
        code, out, err = _run(capsys, "x1**2 + 2*x2**2", "--x0", "-5,-2", "--lr", "0.1", "--plot", target)
        assert code == 2
        assert out == "epoch 20, x1 -0.057646, x2 -0.000073\n"
        assert err.startswith("symopt: error: --plot ") and words in err


def test_run_f_star_reaches_the_convergence_plot(capsys, tmp_path):
    png = tmp_path / "conv.png"
    code, out, err = _run(capsys, "x1**2 + x2**2 + x3**2", "--x0", "1,1,1", "--f-star", "0", "--plot", str(png))
    assert code == 0 and png.read_bytes()[:4] == b"\x89PNG"


def test_no_progress_bar_when_not_a_terminal(capsys):
    code, out, err = _run(capsys, "x**2", "--x0", "1", "--lr", "0.1", "--steps", "2000")
    assert code == 0 and err == ""
