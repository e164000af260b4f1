"""``symopt newton``, ``symopt stability`` and ``symopt rate``: text, JSON and one-line errors."""

from __future__ import annotations

import json
import pathlib

import numpy as np
import pytest
import sympy as sp

from symopt.cli import main
from symopt.cli.theory import tour_section
from symopt.core.parse import parse, symbol


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
        # a ParseError may add the text and a caret on two more lines (the CLI's error format)
        assert err.startswith("symopt: error:") and err.count("\n") in (1, 3) and "internal" not in err


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


# ------------------------------------------------------------- issue 14: CLI


def test_stability_unit_circle_is_not_unstable(capsys):
    """Issue 14: `symopt stability "x = x - eta*4*x**3" --values eta=0.1` printed 'unstable (spectral radius ~ 1)'."""
    code, out, _ = run(capsys, "stability", "x = x - eta*4*x**3", "--state", "x", "--params", "eta",
                       "--values", "eta=0.1")
    assert code == 0 and "unstable" not in out and "inconclusive" in out


@pytest.mark.parametrize("expr", ["x**2 + y**2 + x**3", "x**2 + y**2 + y**3", "x**2 + y**2 + z**2 + x**3"])
def test_newton_cli_no_internal_error(capsys, expr):
    """Issue 14: these crashed the CLI with 'internal error' (exit 1)."""
    code, out, err = run(capsys, "newton", expr, "--json")
    assert code == 0 and "internal error" not in err
    pts = json.loads(out)["points"]
    assert pts and all(p["order"] == 2 for p in pts)


def test_converge_heavy_ball_text_and_json(capsys):
    """`symopt converge heavy_ball`: region, tuning and a verdict; JSON mirrors it (checked with numpy here)."""
    code, out, err = run(capsys, "converge", "heavy_ball", "x**2 + 10*y**2", "--values", "eta=1/20,beta=1/2")
    assert code == 0, err
    assert "stable (spectral radius < 1) exactly when" in out and "optimal (heavy_ball)" in out
    assert "at eta=1/20,beta=1/2: exponentially stable: proved" in out
    code, out, _ = run(capsys, "converge", "heavy_ball", "x**2 + 10*y**2", "--json")
    data = json.loads(out)
    (res,) = data["results"]
    assert res["point"] == {"x": "0", "y": "0"} and res["kind"] == "minimum"
    t = res["tunings"]["heavy_ball"]
    # Polyak's rate (sqrt(kappa) - 1)/(sqrt(kappa) + 1) for kappa = 10, recomputed here
    assert t["rate_float"] == pytest.approx((np.sqrt(10) - 1) / (np.sqrt(10) + 1), rel=1e-12)
    M = np.array([[complex(sp.N(parse(e).xreplace({symbol(k): parse(v) for k, v in t["params"].items()})))
                   for e in row] for row in res["matrix"]])
    assert max(abs(np.linalg.eigvals(M))) == pytest.approx(t["rate_float"], abs=1e-6)


def test_converge_user_rule_and_preconditioner(capsys):
    """A user rule calling grad(); rmsprop with a frozen preconditioner."""
    code, out, err = run(capsys, "converge", "rule", "x**2 + 10*y**2", "--rule",
                         "v = beta*v + grad(x); x = x - eta*v", "--state", "x,v", "--json")
    assert code == 0, err
    reg = json.loads(out)["results"][0]["region"]
    env = {symbol("eta"): sp.Rational(1, 20), symbol("beta"): sp.Rational(1, 2)}
    assert bool(parse_region(reg).xreplace(env))
    code, out, err = run(capsys, "converge", "rmsprop", "x**2 + 10*y**2", "--preconditioner", "1, 1/10")
    assert code == 0 and "eta < 1" in out


def parse_region(text):
    from symopt.core.parse import parse_relations

    return sp.And(*parse_relations(text.replace("&", ",").replace("(", " ").replace(")", " ")))


def test_order_cli(capsys):
    """`symopt order`: Halley on x**3 - 2 is cubic with constant 2**(1/3)/3 (Gander 1985)."""
    code, out, err = run(capsys, "order", "x = x - 2*(x**3 - 2)*3*x**2/(2*(3*x**2)**2 - (x**3 - 2)*6*x)",
                         "--at", "x=2**(1/3)", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["order"] == 3 and data["constant_float"] == pytest.approx(2 ** (1 / 3) / 3, rel=1e-12)


@pytest.mark.parametrize("argv", [
    ["converge", "lbfgs", "x**2"],
    ["converge", "gd", "x**2", "--at", "x=1"],
    ["converge", "rule", "x**2", "--rule", "x = x - eta*grad(grad(x))", "--state", "x"],
    ["converge", "rmsprop", "x**2", "--preconditioner", "-1"],
    ["order", "x = x**2 + 1", "--at", "x=0"],
    ["order", "a + b", "--at", "0"],
    ["stability", "x = x - eta*lam*x/sqrt(s)", "--state", "x", "--values", "eta=1,lam=1,s=0"],
])
def test_theory_errors_are_symopt_errors(capsys, argv):
    """Bad input: exit 2 with 'symopt: error:' (or a clean answer), never 'internal error'."""
    code, out, err = run(capsys, *argv)
    assert "internal error" not in err and "Traceback" not in err
    assert code in (0, 2)
    if code == 2:
        assert err.startswith("symopt: error:")


# ------------------------------------------------------------------ issue 24 / 22: wording, partial answers


def test_converge_rule_without_state_speaks_cli(capsys):
    """Issue 24: the error named Python keywords (rule='...', state='x, ...'); the CLI names its options."""
    code, out, err = run(capsys, "converge", "rule", "x**2", "--rule", "x = x - eta*grad(x)")
    assert code == 2 and "--state" in err and "state=" not in err


def test_converge_nonlinear_rule_prints_no_global_claim(capsys):
    """Issue 24: 'On a quadratic it is exactly global convergence' was printed for a rule that is not linear
    (x = x - eta g (1 + g^2) diverges from x0 = 2 at eta = 1/2 on x^2: -32, 131072, ...)."""
    code, out, err = run(capsys, "converge", "rule", "x**2", "--rule", "x = x - eta*grad(x)*(1 + grad(x)**2)",
                         "--state", "x")
    assert code == 0 and "global" not in out and "not from every start" in out


def test_converge_nesterov_keeps_the_first_tuning_when_the_joint_one_runs_out(capsys):
    """Issue 22: when the joint tuning runs out of work, the eta = 1/L tuning and the region stay, the joint
    part is marked unknown, and the command exits 0 (Nesterov 2004, sec. 2.2: rate 1 - 1/sqrt(kappa))."""
    from symopt.config import config

    with config.override(budgets={"solve": 0.2}, fresh_cache=True):  # hitting the limit must not depend on the cache
        code, out, err = run(capsys, "converge", "nesterov", "x**2 + 10*y**2", "--at", "x=0,y=0")
    assert code == 0 and "optimal (nesterov (joint)): UNKNOWN" in out
    assert "optimal (nesterov (eta = 1/L))" in out and "stable (spectral radius < 1) exactly when" in out


def test_order_at_a_decimal_point_shows_the_enclosure(capsys):
    """Issue 24: `symopt order "x = cos(x)" --at 0.7390851332151607` (the Dottie number; Kaplan 2007) is
    certified, not refused: linear with rate sin(x*) = 0.6736120291832..., the enclosure printed."""
    code, out, err = run(capsys, "order", "x = cos(x)", "--at", "0.7390851332151607", "--no-check")
    assert code == 0 and "order 1 (linear)" in out and "certified fixed point x in [0.73908513321516" in out
    assert "0.67361202918321" in out


def test_rate_with_assumptions(capsys):
    """Polyak (1987), sec. 1.4, Thm 3: the optimal step 2/(l + L) for l <= eigenvalues <= L."""
    code, out, err = run(capsys, "rate", "mu*x**2/2 + L*y**2/2", "--vars", "x,y", "--assume=0 < mu <= L")
    assert code == 0 and "optimal eta = 2/(lambda_min + lambda_max) = 2/(L + mu)" in out


def test_order_and_converge_at_points_given_by_digits(capsys):
    """Issue 24: a point given as an interval (order) or by a few digits (converge) is certified (Krawczyk) and
    its enclosure shown; x cos x + x^2/10 has a critical point at 3.24794092362... (cos x - x sin x + x/5 = 0,
    solved with mpmath here)."""
    import mpmath

    code, out, err = run(capsys, "order", "x = cos(x)", "--at", "0.7, 0.8", "--no-check")
    assert code == 0 and "certified fixed point x in [0.73908513321516" in out
    code, out, err = run(capsys, "converge", "gd", "x*cos(x) + x**2/10", "--at", "x=3.248")
    star = mpmath.findroot(lambda t: mpmath.cos(t) - t * mpmath.sin(t) + t / 5, 3.248)
    assert code == 0 and "certified: exactly one critical point" in out and f"{float(star):.12f}"[:12] in out


# ---------------------------------------------------------------- converge on a data objective (issue 27 item 5)


def test_converge_tunes_with_the_certified_constants_of_a_data_objective(capsys, tmp_path):
    """GD on l2-regularised logistic regression: ``mu = lambda`` and ``L = lambda_max(X^T X)/(4n) + lambda``
    (Bubeck 2015, section 3.4; Nesterov 2004, Theorem 2.1.15: eta = 2/(mu + L), rate (kappa - 1)/(kappa + 1)),
    recomputed here from the data with NumPy."""
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(60, 3)), np.sign(rng.normal(size=60))
    np.savez(tmp_path / "d.npz", X=X, y=y)
    code, out, err = run(capsys, "converge", "gd", "mean(logistic(y*(X@w))) + lam/2*norm(w)**2", "--data",
                         str(tmp_path / "d.npz"), "--params", "lam=1/10", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    mu, L = float(sp.Rational(data["mu"]["value"])), float(sp.Rational(data["L"]["value"]))
    L_true = np.linalg.eigvalsh(X.T @ X / (4 * 60))[-1] + 0.1
    assert mu == pytest.approx(0.1, rel=1e-12) and L == pytest.approx(L_true, rel=1e-12)
    t = data["tuning"]
    assert t["status"] == "derived"
    assert t["params_float"]["eta"] == pytest.approx(2 / (mu + L), rel=1e-12)
    assert t["rate_float"] == pytest.approx((L - mu) / (L + mu), rel=1e-12)
    # the same with name=path files, in text
    np.savetxt(tmp_path / "X.csv", X, delimiter=",")
    np.save(tmp_path / "y.npy", y)
    code, out, _ = run(capsys, "converge", "nesterov", "mean(logistic(y*(X@w))) + lam/2*norm(w)**2", "--data",
                       f"X={tmp_path / 'X.csv'},y={tmp_path / 'y.npy'}", "--params", "lam=1/10")
    kappa = L / mu
    assert code == 0 and "beta = " in out and f"{1 - 1 / np.sqrt(kappa):.6f}"[:6] in out


def test_converge_on_data_without_strong_convexity_says_unknown(capsys, tmp_path):
    rng = np.random.default_rng(1)
    np.savez(tmp_path / "d.npz", X=rng.normal(size=(20, 2)), y=np.sign(rng.normal(size=20)))
    code, out, _ = run(capsys, "converge", "heavy_ball", "mean(logistic(y*(X@w)))", "--data", str(tmp_path / "d.npz"))
    assert code == 0 and "UNKNOWN" in out and "mu is not certified positive" in out


@pytest.mark.parametrize("spec, why", [("nothere.npz", "existing .npz"), ("X=nothere.csv", "no file"),
                                       ("1X=a.csv", "not name=path")])
def test_converge_data_errors_are_one_line(capsys, spec, why):
    code, out, err = run(capsys, "converge", "gd", "mean(squares(X@w - y))", "--data", spec)
    assert code == 2 and why in err and "Traceback" not in err
