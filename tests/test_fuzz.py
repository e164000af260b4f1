"""Fuzzing every entry point: only documented SymoptErrors escape, nothing runs, nothing hangs.

Inputs come from :mod:`symopt._fuzz`: text from symopt's grammar (nested
operators, known and unknown functions, numbers from 1e-310 to 1e400) with
hostile pieces spliced in (payloads that would create a sentinel file if
anything executed them, syntax from outside the grammar, huge exponents,
deep nesting), and argument lists for every CLI subcommand.

For each input:

* the call returns, or raises a :class:`~symopt.errors.SymoptError` subclass
  listed in :mod:`symopt.errors`; any other exception fails the test;
* no ``eval``/``exec``/``compile`` runs text carrying the payload marker, and
  symopt compiles nothing but its own kernels (:func:`symopt._fuzz.no_execution`);
* every call finishes inside a generous hang guard (``HANG_GUARD`` seconds,
  enforced with :func:`symopt.budget.run_with_budget`; the guard is a
  tripwire for hangs, not a timing claim);
* a ``proved`` convexity verdict is not contradicted by a sampled Hessian,
  and every verdict's evidence re-checks;
* the CLI exits 0 or 2, and on 2 prints exactly one error on stderr (one line, or with its text and a caret).

Counts: ``SYMOPT_FUZZ_EXAMPLES`` (default 300) examples for the parser; the
costlier entry points get a fixed fraction of it (see ``_n``).  ``make fuzz``
sets it to 20000.
"""

from __future__ import annotations

import contextlib
import io
import os
import warnings
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

import symopt.analysis
from symopt import Objective
from symopt._fuzz import MARKER, SENTINEL, argv_lists, escaped, expressions, negative_curvature, no_execution
from symopt.limits import run_with_budget
from symopt.cli import main
from symopt.config import config
from symopt.convexity import convexity
from symopt.errors import BudgetExceeded, SymoptError
from symopt.core.parse import parse, parse_assignments, parse_relations

EXAMPLES = int(os.environ.get("SYMOPT_FUZZ_EXAMPLES", "300"))
HANG_GUARD = 60.0  # seconds; a tripwire for hangs (every step inside has a far smaller budget)

#: Small budgets for the fuzz: every symbolic step is cut short quickly, so that
#: the run covers many inputs; what runs out must come back as unknown / BudgetExceeded.
FUZZ_BUDGETS = {
    "solve": 0.3, "simplify": 0.2, "series": 0.3, "factor": 0.3, "expand": 0.3, "eigen": 0.3,
    "taylor": 1.0, "critical_points": 1.0, "numeric_roots": 0.3, "interval": 0.3,
    "convexity": 0.3, "stability": 1.0, "rates": 1.0, "default": 1.0,
}


def _n(share: float, floor: int = 10) -> int:
    return max(floor, int(EXAMPLES * share))


def _fuzz_settings(share: float, floor: int = 10):
    return settings(
        max_examples=_n(share, floor),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )


def _guarded(fn, *args, **kwargs):
    """Run fn under the hang guard and the sentinel; return (result, exception)."""
    with no_execution() as calls, config.override(budgets=FUZZ_BUDGETS):
        try:
            result = run_with_budget(fn, *args, step="fuzz-hang-guard", seconds=HANG_GUARD, **kwargs)
            error = None
        except BudgetExceeded as exc:
            if exc.step == "fuzz-hang-guard":
                raise AssertionError(f"did not finish within {HANG_GUARD:g} s (a hang)") from None
            result, error = None, exc
        except Exception as exc:  # noqa: BLE001 - classified below
            result, error = None, exc
    with contextlib.suppress(Exception):  # event() works only inside a hypothesis test
        event(f"{getattr(fn, '__name__', 'call')}: {'returned' if error is None else type(error).__name__}")
    assert calls == [], f"user text reached eval/exec/compile: {calls}"
    assert not os.path.exists(SENTINEL)
    if error is not None and escaped(error):
        raise AssertionError(f"undocumented {type(error).__name__} escaped: {error!r}") from error
    return result, error


def _real_symbols(expr):
    return all(isinstance(s, sp.Symbol) and s.is_real for s in expr.free_symbols)


# --------------------------------------------------------------------------- parser


@_fuzz_settings(1.0, 50)
@given(expressions())
def test_parser(text):
    expr, error = _guarded(parse, text)
    if error is None:
        assert isinstance(expr, sp.Expr) and _real_symbols(expr)
        assert not expr.has(sp.I, sp.zoo, sp.nan, sp.oo)
        assert all(s.name != "__import__" for s in expr.free_symbols)


@_fuzz_settings(1.0, 50)
@given(st.text(max_size=60))
def test_parser_arbitrary_unicode(text):
    expr, error = _guarded(parse, text)
    assert error is None or isinstance(error, SymoptError)
    if error is None:
        assert _real_symbols(expr)


@_fuzz_settings(0.5, 30)
@given(st.lists(st.tuples(st.sampled_from(["x", "y", "z", "", "1", "x__", "lambda"]),
                          st.sampled_from(["<", "<=", ">", ">=", "==", "=", "!="]), expressions(max_leaves=3)),
                max_size=3))
def test_relations_and_assignments(pieces):
    relations = ", ".join(f"{a} {op} {b}" for a, op, b in pieces)
    assignments = ", ".join(f"{a}={b}" for a, _, b in pieces)
    _guarded(parse_relations, relations)
    _guarded(parse_assignments, assignments)


# --------------------------------------------------------------------------- Objective and compile


def _objective_workout(text, point, X):
    obj = Objective(text)
    assert obj.gradient.shape == (obj.n, 1) and obj.hessian.shape == (obj.n, obj.n)
    assert obj.hessian == obj.hessian.T
    values = {v: point[i % len(point)] for i, v in enumerate(obj.variables)}
    obj.value_at(values)
    obj.gradient_at(values)
    f = obj.compile(**{p.name: 1 for p in obj.params})
    batch = np.resize(X, (X.shape[0], obj.n))
    v, g, h = f.value(batch), f.grad(batch), f.hess(batch)
    assert v.shape == batch.shape[:1] and g.shape == batch.shape and h.shape == batch.shape + (obj.n,)
    assert v.dtype == g.dtype == h.dtype == np.float64
    return obj


_FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1e-310, 5e-324, 1e308, -1e308, 1.0, -1.0, 710.0]),
)


@_fuzz_settings(0.5, 25)
@given(
    st.one_of(expressions(max_leaves=8), expressions(max_leaves=8, hostile=False, strict=True)),
    st.lists(st.fractions(min_value=-50, max_value=50, max_denominator=20), min_size=1, max_size=3),
    st.lists(_FLOATS, min_size=3, max_size=9),
)
def test_objective_and_compile(text, point, floats):
    X = np.array(floats, dtype=float).reshape(-1, 1)
    _guarded(_objective_workout, text, [sp.Rational(Fraction(p)) for p in point], X)


# --------------------------------------------------------------------------- convexity


def _convexity_workout(text, prop, domain):
    v = convexity(text, domain=domain, property=prop, budget=0.3)
    assert v.status in ("proved", "refuted", "unknown")
    if v.status == "unknown":
        assert v.reason, "an unknown verdict must say why"
        return v
    assert v.check() is True, f"evidence does not re-check: {v.reason}"
    if v.status == "refuted":
        assert v.witness is not None and v.witness.check()
    if v.status == "proved" and v.property in ("convex", "strictly convex", "strongly convex"):
        obj = Objective(v.expr, variables=v.variables)
        bad = negative_curvature(obj.compile(), v.domain, count=200)
        assert bad is None, f"'{v.property}' proved for {text!r} but the Hessian is indefinite at {bad}"
    return v


@_fuzz_settings(0.15, 15)
@given(
    expressions(max_leaves=6),
    st.sampled_from(["convex", "concave", "strictly convex", "strongly convex", "L-smooth", "bogus"]),
    st.sampled_from([None, "x > 0", "-1 <= x <= 2, 0 < y < 1", "x > 2, x < 1", "x + y > 0", "x > 1/0"]),
)
@example(f"{MARKER}x / x", "convex", None)  # a variable named after the marker reached lambdify's source
def test_convexity_hostile(text, prop, domain):
    _guarded(_convexity_workout, text, prop, domain)


@_fuzz_settings(0.15, 25)
@given(
    expressions(max_leaves=6, hostile=False, strict=True),
    st.sampled_from(["convex", "convex", "concave", "strictly convex", "strongly convex", "L-smooth"]),
    st.sampled_from([None, None, "x > 0", "-1 <= x <= 2, 0 < y < 1", "1/2 < x < 3, 1 < y < 2, 0 < z < 1"]),
)
@example("min(x, (x)**-1)", "convex", None)  # a witness at x = 0: SymPy raised ValueError from Min(0, zoo)
def test_convexity(text, prop, domain):
    """Mostly well-formed objectives, so the layers after the parser are exercised and checked."""
    _guarded(_convexity_workout, text, prop, domain)


# --------------------------------------------------------------------------- CLI


def _cli(argv):
    out, err = io.StringIO(), io.StringIO()
    saved = symopt.analysis.ANALYZE_CONVEXITY_BUDGET
    symopt.analysis.ANALYZE_CONVEXITY_BUDGET = 0.3
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            code = main(argv)
    finally:
        symopt.analysis.ANALYZE_CONVEXITY_BUDGET = saved
    # a warning would be a second line on the user's stderr
    assert not caught, f"{argv!r} emitted warnings: {[str(w.message) for w in caught]}"
    return code, out.getvalue(), err.getvalue()


def _check_cli(argv):
    (code, out, err), error = _guarded(_cli, argv)
    assert error is None, f"the CLI raised {error!r}"
    assert code in (0, 2), f"exit {code} for {argv!r}: {err}"
    if code == 2:  # one error line (after any warning lines), or the error with its text and a caret line
        lines = [ln for ln in err.rstrip("\n").split("\n") if not ln.startswith("symopt: warning:")]
        assert err.endswith("\n") and (len(lines) == 1 or (len(lines) == 3 and lines[2].strip() == "^")), \
            f"not one error: {err!r}"
        assert lines[0].startswith("symopt: error:"), err
    return code


@_fuzz_settings(0.15, 20)
@given(argv_lists())
def test_cli(argv):
    _check_cli(argv)


_POINTS = st.sampled_from(["0", "1", "-1", "1/2", "2", "0, 0", "1, 2", "0, 0, 0"])


@_fuzz_settings(0.3, 30)
@given(expressions(max_leaves=6, hostile=False, strict=True), _POINTS, st.sampled_from(["analyze", "json", "newton", "convex", "concave", "run"]))
@example("-((x)**2)*(sqrt(x))", "0", "analyze")  # the third derivative is zoo at 0: a NaN comparison
@example("cosh((lambda)/(y))", "0", "newton")  # solve offered (0, 0), where the gradient is nan
@example("-(-2)**x", "0", "convex")  # complex Hessian values: NumPy warned and dropped the imaginary part
def test_cli_well_formed(text, at, command):
    """Well-formed objectives through every analysing subcommand, so that what lies past
    the parser is reached (this found Newton's mpmath functions lacking DiracDelta,
    the float GD path lacking heaviside and printing nan as a name, complex gradients)."""
    argv = {
        "analyze": ["analyze", text, "--at", at],
        "json": ["analyze", text, "--at", at, "--json"],
        "newton": ["newton", text],
        "convex": ["convex", text],
        "concave": ["convex", text, "--property", "concave", "--domain", "x > 0"],
        "run": ["run", text, "--x0", at, "--steps", "5"],
    }[command]
    _check_cli(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["analyze", f"__import__('os').system('touch {SENTINEL}')"],
        ["analyze", "x**2", "--at", f"x=__import__('os').getpid()"],
        ["convex", "x**2", "--domain", f"x > open('{SENTINEL}')"],
        ["run", "x**2", "--x0", "1", "--params", f"a={MARKER}.__class__"],
        ["newton", "exp(" * 150 + "x" + ")" * 150],
        ["analyze", "9**9**9**9"],
        ["analyze", "x" * 30000],
        ["stability", "x = x - eta*" + "(" * 200 + "x" + ")" * 200, "--state", "x"],
        ["nonsense"],
        ["analyze", "x+1not y"],
    ],
)
def test_cli_hostile_arguments(argv):
    code = _check_cli(argv)
    assert code == 2


def test_fuzz_counts_are_configurable():
    """The long run (``make fuzz``) raises every count; the default stays short."""
    assert _n(1.0, 50) == max(50, EXAMPLES)
    assert _n(0.15, 15) <= max(15, EXAMPLES)


# --------------------------------------------------------------------------- inputs designed to blow up


def _nested(fn: str, depth: int, core: str = "x") -> str:
    return f"{fn}(" * depth + core + ")" * depth


BLOW_UP = {
    "huge power of a sum": "(x + y + 1)**500",
    "huge power, 4 variables": "(x + y + z + w + 1)**40",
    "huge monomial": "x**10000 + y**9999",
    "power tower at the exponent limit": "(x + 1)**10000 - x**9999",
    "deep nesting": _nested("sin", 60),
    "deep parentheses": "(" * 95 + "x + y" + ")" * 95 + "**2",
    "nested exponentials": _nested("exp", 8),
    "nested exponentials of a square": "exp(exp(exp(x**2 + y**2)))",
    "many variables, sum": " + ".join(f"x{i}**2" for i in range(300)),
    "many variables, product": " * ".join(f"(x{i} + 1)" for i in range(40)),
    "max of many variables": "max(" + ", ".join(f"x{i}" for i in range(30)) + ")",
    "transcendental system": "sin(x*y) + cos(x + y**3) + exp(x - y)*x**5",
    "rational with huge coefficients": "(2**4000*x**7 + 3**2000)/(x**2 + 1)",
}


def _blow_up_workout(text):
    obj = Objective(text)
    obj.gradient, obj.hessian  # noqa: B018 - the derivations must finish
    points = obj.critical_points()
    assert points.complete or points.note  # an incomplete list says why
    v = convexity(obj, budget=0.5)
    assert v.status in ("proved", "refuted", "unknown") and (v.status != "unknown" or v.reason)
    if v.status != "unknown":
        assert v.check()
    return obj


@pytest.mark.parametrize("text", list(BLOW_UP.values()), ids=list(BLOW_UP))
def test_inputs_designed_to_blow_up_are_answered(text):
    _, error = _guarded(_blow_up_workout, text)
    assert error is None or isinstance(error, (BudgetExceeded, SymoptError))
    code = _check_cli(["analyze", text, "--no-convexity"])
    assert code in (0, 2)


# ------------------------------------------------------- update rules and theory CLI (issue 14)

from symopt._fuzz import METHOD_CHOICES, update_rules  # noqa: E402

_RULE_VALUES = st.fixed_dictionaries({
    k: st.sampled_from(v) for k, v in {
        "eta": ["1/10", "1", "3", "0"], "beta": ["1/2", "1", "-2"], "h": ["1/4", "2"], "lam": ["1", "4", "1/2"],
        "b": ["9/10", "0"], "b2": ["999/1000"], "eps": ["1/1000"], "s": ["1", "4"]}.items()})


def _rule_workout(rule, state, at, values):
    """analyze + is_stable at numbers; a decided verdict must agree with numpy's spectral radius."""
    from symopt.stability import analyze, is_stable

    r = analyze(rule, state, at=at)
    env = {k: v for k, v in values.items() if parse(k) in r.matrix.free_symbols}
    status, reason = is_stable(r.matrix, env)
    assert status in ("stable", "unstable", "unknown") and reason
    M = r.matrix.xreplace({parse(k): parse(v) for k, v in env.items()})
    if status != "unknown" and not M.free_symbols:
        A = np.array(M.evalf(30).tolist(), dtype=complex)
        rho = float(np.max(np.abs(np.linalg.eigvals(A))))
        assert (rho < 1 + 1e-9) if status == "stable" else (rho > 1 - 1e-9), (rule, env, rho)
    return r


@_fuzz_settings(0.1, 25)
@given(update_rules(), _RULE_VALUES)
@example(("x = x - (eta)*((4*x**3))", "x", "x=0"), {"eta": "1/10"})  # spectral radius exactly 1: not 'unstable'
@example(("x = x - (eta)*((lam*x) / (x/sqrt(s)))", "x", "x=0"), {"eta": "1/10"})  # sqrt(s): factor_list raised
def test_update_rules(rule, values):
    """Update rules with sqrt, abs, max, divisions and symbolic steps: a verdict, or a SymoptError."""
    _guarded(_rule_workout, *rule, values)


@_fuzz_settings(0.1, 12)
@given(expressions(max_leaves=5, hostile=False, strict=True), st.sampled_from(METHOD_CHOICES))
@example("x**2 + 10*(y)**2", ("heavy_ball", None, None))
def test_method_stability_fuzz(text, choice):
    """A method on a generated objective at its minimisers (or the origin): a result or a SymoptError."""
    from symopt.stability import method_stability

    method, rule, state = choice

    def work():
        try:
            return method_stability(method, text, rule=rule, state=state)
        except SymoptError:
            obj = Objective(text)
            return method_stability(method, obj, at={v.name: 0 for v in obj.variables}, rule=rule, state=state)

    _guarded(work)


@_fuzz_settings(0.1, 20)
@given(update_rules(), st.sampled_from(["stability", "order", "converge"]), _RULE_VALUES)
def test_theory_cli(rule, command, values):
    """The theory subcommands on generated rules: exit 0 or 2, never 'internal error'."""
    text, state, at = rule
    vals = ",".join(f"{k}={v}" for k, v in values.items() if k in ("eta", "beta", "lam", "h"))
    argv = {
        "stability": ["stability", text, "--state", state.replace(" ", ""), "--at", at, "--values", vals],
        "order": ["order", text.split(";")[-1].strip(), "--at", "x=0"],
        "converge": ["converge", "rule", "x**2 + x**4", "--at", "x=0", "--rule",
                     text.replace("lam*x", "grad(x)"), "--state", state.replace(" ", "")],
    }[command]
    (code, out, err), error = _guarded(_cli, argv)
    assert error is None and code in (0, 2), (argv, err)
    assert "internal error" not in err


@_fuzz_settings(0.1, 15)
@given(expressions(max_leaves=6, hostile=True), st.sampled_from(["converge", "order", "rule"]))
@example("-(x)+(x)", "order")  # a constant map: the zero polynomial's degree is -oo (TypeError in range)
def test_theory_cli_hostile(text, command):
    """Hostile text through the new theory commands: nothing runs, exit 0 or 2, never 'internal error'."""
    argv = {"converge": ["converge", "heavy_ball", text, "--at", "x=0"],
            "order": ["order", text, "--at", "x=0", "--var", "x"],
            "rule": ["converge", "rule", "x**2", "--at", "x=0", "--rule", f"x = x - eta*grad({text})", "--state", "x"],
            }[command]
    (code, out, err), error = _guarded(_cli, argv)
    assert error is None and code in (0, 2), (argv, err)
    assert "internal error" not in err
