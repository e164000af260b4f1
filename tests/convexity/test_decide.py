"""Convexity verdicts: the corpus (expected statuses, independent re-checks), properties, domains, budgets."""

from __future__ import annotations

import sympy as sp
import pytest

from symopt import Objective
from symopt.convexity import DCPStep, HessianCertificate, JensenWitness, Reduction, Verdict
from symopt.convexity import convexity, prove_nonnegative
from symopt.core.domain import Box
from symopt.errors import DomainError, ParameterError, UnsupportedError
from symopt.core.parse import parse, parse_symbols

from corpus_convexity import CORPUS


def _verdict(case):
    return convexity(Objective(case.expr), domain=case.domain, property=case.property, modulus=case.modulus, L=case.L)


@pytest.mark.parametrize("case", CORPUS, ids=[c.name for c in CORPUS])
def test_corpus_case(case):
    v = _verdict(case)
    # never wrong: a proof of a false property or a refutation of a true one
    if case.truth:
        assert v.status != "refuted", v.explain()
    else:
        assert v.status != "proved", v.explain()
    assert v.status == case.expect, v.explain()
    assert v.check(), v.explain()
    if v.status == "refuted":
        # the witness is exact: rational coordinates and weight, and the gap has the claimed sign
        w = v.witness
        assert all(sp.sympify(c).is_Rational for c in (*w.x, *w.y))
        assert w.check()
    if v.status == "proved":
        assert v.evidence and all(ev.check() for ev in v.evidence)


def test_corpus_has_texts_and_thirty_standard_functions():
    texts = [c for c in CORPUS if c.source != "standard"]
    standard = [c for c in CORPUS if c.source == "standard"]
    assert len(texts) >= 15 and len(standard) >= 30
    assert {c.truth for c in standard} == {True, False}


def test_jensen_witness_numbers_hold_outside_symopt():
    v = convexity("cos(pi*x)")
    w = v.witness
    t = float(w.theta)
    import math

    x, y = float(w.x[0]), float(w.y[0])
    lhs = math.cos(math.pi * (t * x + (1 - t) * y))
    rhs = t * math.cos(math.pi * x) + (1 - t) * math.cos(math.pi * y)
    assert lhs > rhs


def test_dcp_proof_tree_for_log_sum_exp():
    v = convexity("log(exp(x) + exp(-2*x - 3))")
    (tree,) = v.evidence
    assert isinstance(tree, DCPStep) and tree.rule == "log-sum-exp"
    assert [c.curvature for c in tree.children] == ["affine", "affine"]
    assert "log-sum-exp" in v.explain()


def test_constant_hessian_ldl_and_refutation():
    v = convexity("x**2 + x*y + y**2", property="strictly convex")
    (ev,) = v.evidence
    assert isinstance(ev, HessianCertificate) and ev.strict
    assert ev.inner.D == (2, sp.Rational(3, 2))
    w = convexity("x**2 + 3*x*y + y**2").witness
    assert isinstance(w, JensenWitness) and w.gap() > 0


def test_tampered_evidence_fails_check():
    v = convexity("x**2 + 2*y**2")
    other = Verdict("proved", "convex", parse("x**2 - 2*y**2"), v.variables, v.domain, v.evidence, "tampered")
    assert not other.check()
    r = convexity("x**4 - x**2")
    w = r.witness
    moved = JensenWitness(w.expr, w.variables, w.x, w.x, w.theta, w.box)
    assert not moved.check()
    swapped = Verdict("refuted", "convex", parse("x**2"), r.variables, r.domain, (), "tampered", w)
    assert not swapped.check()


def test_bool_raises_and_json_keys():
    v = convexity("x**2")
    with pytest.raises(TypeError):
        bool(v)
    data = v.to_json()
    assert {"status", "property", "reason", "witness"} <= set(data)
    assert data["status"] == "proved" and data["witness"] is None
    r = convexity("x**3").to_json()
    assert r["witness"]["kind"] == "JensenWitness" and r["witness"]["gap"] > 0


def test_domain_matters():
    assert convexity("x**3", domain="x >= 0").status == "proved"
    assert convexity("x**3", domain="x <= 0").status == "refuted"
    assert convexity("x**3", domain="x <= 0", property="concave").status == "proved"


def test_domain_parsing_and_errors():
    x, y = parse_symbols("x, y")
    b = Box.parse("x > 0, -1 <= y <= 2, 2*x <= 6", (x, y))
    assert b.bound(x).lo == 0 and b.bound(x).lo_strict and b.bound(x).hi == 3
    assert b.describe() == "0 < x <= 3, -1 <= y <= 2"
    with pytest.raises(DomainError):
        Box.parse("x + y <= 1", (x, y))
    with pytest.raises(DomainError):
        Box.parse("2 <= x <= 1", (x, y))
    with pytest.raises(DomainError):
        Box.parse("x >> 1", (x, y))
    with pytest.raises(DomainError):
        Box.parse("z > 0", (x, y))
    with pytest.raises(DomainError):
        convexity("x**2", domain="1 < x < 1")


def test_bad_property_and_parameters():
    with pytest.raises(UnsupportedError):
        convexity("x**2", property="pseudoconvex")
    with pytest.raises(ParameterError):
        convexity("x**2", property="strongly convex", modulus=-1)
    with pytest.raises(ParameterError):
        convexity("x**2", L=1)


def test_free_parameters_give_unknown_with_reason():
    v = convexity(Objective("a*x**2", variables="x", params="a"))
    assert v.status == "unknown" and "parameter" in v.reason
    assert v.check()
    assert convexity(Objective("a*x**2", variables="x", params="a").bind(a=3)).status == "proved"


def test_strong_convexity_modulus_found_exactly():
    v = convexity("x**2 + 2*y**2", property="strongly convex")
    assert v.status == "proved" and v.parameter == 2
    v = convexity("cosh(x/2)", property="strongly convex")
    assert v.status == "proved" and v.parameter == sp.Rational(1, 4)
    assert isinstance(v.evidence[0], Reduction)


def test_smoothness_constant_found():
    v = convexity("x**2 + 2*y**2", property="L-smooth")
    assert v.status == "proved" and v.parameter == 4
    k = convexity("abs(x)", property="L-smooth", L=1)  # a kink at 0 refutes every L at once
    assert k.status == "refuted" and k.check() and "kink" in k.witness_text()
    h = convexity("0.5*min(abs(x), 1)**2 + abs(x) - min(abs(x), 1)", property="L-smooth")  # Huber: C^1, not C^2
    assert h.status == "proved" and h.parameter == 1 and h.check()
    assert convexity("x**2 + abs(x)", property="strongly convex").parameter == 2


def test_strict_and_strong_refutations():
    v = convexity("x**2", property="strongly convex", modulus=3)
    assert v.status == "refuted" and v.check()
    v = convexity(Objective("x**2", variables="x, y"), property="strictly convex")
    assert v.status == "refuted" and v.witness.kind == "equality"


def test_budget_gives_unknown_not_a_guess():
    v = convexity("(x**2 + y**2 + 1)**3 - 7*x*y*(x**2 + y**2) + exp(sin(x*y))", budget=0.001)
    assert v.status == "unknown" and "budget" in v.reason


def test_nonsmooth_refutation_by_segment_search():
    v = convexity("min(x, -x) + abs(y)")
    assert v.status == "refuted" and v.check()


def test_prove_nonnegative_methods():
    (x,) = parse_symbols("x")
    whole = Box.whole((x,))
    ev = prove_nonnegative(parse("x**2 - 2*x + 2"), whole)  # Sturm count (in prove_sign or the univariate method)
    assert ev.method in ("univariate", "sign") and ev.check()
    assert prove_nonnegative(parse("cosh(x) - 1"), whole).check()
    assert prove_nonnegative(parse("x**2 - 1"), whole) is None
    ev = prove_nonnegative(parse("exp(x) - 2*x"), Box.parse("-1 <= x <= 2", (x,)))
    assert ev is not None and ev.method == "branch-and-bound" and ev.check()


def test_hessian_singularity_inside_domain_is_not_proved():
    # -|x|^(2/3) written without abs: f'' > 0 away from 0, but f has a cusp maximum at 0
    x = sp.Symbol("x", real=True)
    f = -sp.Pow(x**2, sp.Rational(1, 3), evaluate=False)
    v = convexity(Objective(f, variables=[x]))
    assert v.status != "proved"


def test_analyze_hook_is_importable_and_bounded():
    from symopt.convexity import convexity as hook

    v = hook(Objective("x*cos(0.15*pi*x)"), budget=2.0)
    assert v.status in ("refuted", "unknown")


def test_parametric_quadratic_gives_the_condition():
    v = convexity(Objective("a*x**2 + b*x*y + y**2", variables="x, y", params="a, b"))
    assert v.status == "unknown"
    assert "4*a - b**2 >= 0" in v.reason and "a >= 0" in v.reason


def test_sum_of_squares_identity():
    x, y = parse_symbols("x, y")
    ev = prove_nonnegative(parse("x**4 - 3*x**2*y**2 + 3*y**4 + 1"), Box.whole((x, y)))
    assert ev is not None and ev.method == "sos" and ev.check()
    monomials, Q = ev.data
    m = sp.Matrix(list(monomials))
    assert sp.expand((m.T * Q * m)[0, 0]) == parse("x**4 - 3*x**2*y**2 + 3*y**4 + 1")
    # the Motzkin polynomial is nonnegative but not a sum of squares: no certificate, no false one
    assert prove_nonnegative(parse("x**4*y**2 + x**2*y**4 - 3*x**2*y**2 + 1"), Box.whole((x, y))) is None


def test_symopt_convexity_callable_even_after_module_import():
    import symopt
    import symopt.convexity  # noqa: F401  (binds the submodule on the package)

    assert symopt.convexity("x**2").status == "proved"


def test_numeric_search_treats_complex_values_as_undefined_not_as_their_real_part():
    """(-2)**x has complex values off the integers; the search's float arrays must not
    keep their real parts (NumPy's ComplexWarning found by fuzzing)."""
    import numpy as np

    from symopt.convexity.search import _real_values

    got = _real_values(np.array([1 + 0j, 2 + 1j, -3 + 0j]))
    assert got.dtype == float and got[0] == 1.0 and np.isnan(got[1]) and got[2] == -3.0


# ----------------------------------------------------------------------------- issue 15: the second corpus and the classes


from corpus_convexity_2 import CORPUS_2, sampled_truth_count  # noqa: E402


_VERDICTS_2: dict = {}


def _verdict2(case):
    """The verdict for a second-corpus question (computed once per session: two tests read it)."""
    if case.name not in _VERDICTS_2:
        _VERDICTS_2[case.name] = convexity(Objective(case.expr), domain=case.domain, property=case.property,
                                           modulus=case.modulus, L=case.L)
    return _VERDICTS_2[case.name]


@pytest.mark.parametrize("case", CORPUS_2, ids=[c.name for c in CORPUS_2])
def test_second_corpus_never_wrong_and_evidence_rechecks(case):
    """Sources: BV ch. 3 exercises, CVXPY's DCP/DQCP atoms, mathlib's SpecificFunctions (see the corpus module)."""
    v = _verdict2(case)
    if case.truth:
        assert v.status != "refuted", v.explain()
    else:
        assert v.status != "proved", v.explain()
    assert v.check(), v.explain()
    if v.status == "refuted":
        assert v.witness.check()
    if v.status == "proved":
        assert all(ev.check() for ev in v.evidence)


def test_second_corpus_decides_95_percent_in_every_class():
    from collections import Counter

    decided, total = Counter(), Counter()
    for case in CORPUS_2:
        total[case.cls] += 1
        decided[case.cls] += _verdict2(case).status != "unknown"
    assert sum(decided.values()) >= 0.95 * len(CORPUS_2), (decided, total)
    assert all(decided[c] >= 0.8 * total[c] for c in total), (decided, total)


@pytest.mark.parametrize("case", CORPUS_2, ids=[c.name for c in CORPUS_2])
def test_second_corpus_truth_by_50_digit_jensen_sampling(case):
    """The stated truths hold outside symopt: the defining inequality sampled at 50 digits (mpmath)."""
    holds, used = sampled_truth_count(case, pairs=120, seed=1)
    assert used >= 60 or not holds  # a violation ends the sampling early
    assert holds == case.truth


def test_strict_dict_domain_bounds_and_closure_reason():
    v = convexity("x**2/y", domain={"y": (0, None, "()")})
    assert v.status == "proved" and v.check()
    assert v.domain == Box.parse("y > 0", v.variables)
    closed = convexity("x**2/y", domain={"y": (0, None)})
    assert closed.status == "unknown" and "boundary" in closed.reason and "'()'" in closed.reason
    with pytest.raises(DomainError):
        convexity("x**2", domain={"x": (0, 1, "(x")})


def test_definedness_on_open_interval():
    """1/(1 - x^2) on -1 < x < 1: the issue's class 4 example."""
    v = convexity("1/(1 - x**2)", domain="-1 < x < 1")
    assert v.status == "proved" and v.check()
    assert convexity("log(1 - x**2)", domain="-1 < x < 1", property="concave").status == "proved"


def test_budget_split_does_not_starve_a_step():
    """The issue's three-variable harmonic mean: proved at every total budget from 2 s on (CVXPY harmonic_mean)."""
    for budget in (2.0, 10.0):
        v = convexity("3/(1/x + 1/y + 1/z)", domain="x > 0, y > 0, z > 0", property="concave", budget=budget)
        assert v.status == "proved" and v.check()


def test_quasiconvexity_and_log_concavity_properties():
    """BV ex. 3.16 and 3.49; CVXPY's DQCP: x y quasiconcave on the orthant, x/y quasilinear, Gaussians log-concave."""
    assert convexity("x*y", domain="x > 0, y > 0", property="quasiconcave").status == "proved"
    assert convexity("x*y", domain="x > 0, y > 0", property="quasiconvex").status == "refuted"
    assert convexity("x/y", domain="y > 0", property="quasiconvex").status == "proved"
    assert convexity("exp(-x**2 - y**2)", property="log-concave").status == "proved"
    w = convexity("1/(1 + x**2)", property="log-concave")
    assert w.status == "refuted" and w.check() and "not log-concave" in w.witness_text()
    assert convexity("1/(1 + x**2)", property="quasiconcave").status == "proved"


def test_cli_prints_the_witness_for_the_users_function(capsys):
    from symopt.cli import main

    assert main(["convex", "x**2", "--property", "concave"]) == 0
    out = capsys.readouterr().out
    assert "f(a/2 + b/2) < (f(a) + f(b))/2" in out and "0 < 1" in out
    assert main(["analyze", "x**4 - x**2"]) == 0
    out = capsys.readouterr().out
    assert "witness: f(a/2 + b/2) > (f(a) + f(b))/2 at a = (x = " in out and "JensenWitness(" not in out
    assert main(["convex", "exp(x)", "--property", "L-smooth"]) == 0
    assert "for every s > 0" in capsys.readouterr().out


def test_sos_gram_matrix_search_is_exact_and_cvxpy_stays_optional(monkeypatch):
    """Parrilo's example 2x^4 + 2x^3y - x^2y^2 + 5y^4 (SOS, "Semidefinite programming relaxations for
    semialgebraic problems", 2003): the fixed Gram candidates fail, the SDP search plus exact rounding succeeds."""
    import sys

    from symopt.convexity.sos import _sos, _sos_search

    x, y = parse_symbols("x, y")
    p = parse("2*x**4 + 2*x**3*y - x**2*y**2 + 5*y**4")
    box = Box.whole((x, y))
    assert _sos(p, box) is None
    ev = _sos_search(p, box)
    assert ev is not None and ev.method == "sos" and ev.check()
    monomials, Q = ev.data
    assert all(q.is_Rational for q in Q)
    monkeypatch.setitem(sys.modules, "cvxpy", None)  # as if CVXPY were not installed
    assert _sos_search(p, box) is None
    assert convexity("x**4 + y**4").status == "proved"


def test_sos_on_a_half_line_by_shift():
    """x^4 - 3x^2 + 3 ... and x^3 - x + 1 >= 0 on x >= 1: x = 1 + u^2 gives a sum of squares in u."""
    from symopt.convexity.context import _Ctx
    from symopt.convexity.sos import _sos_shifted
    from symopt.limits import work_deadline

    (x,) = parse_symbols("x")
    box = Box.parse("x >= 1", (x,))
    ctx = _Ctx((x,), box, work_deadline(10))
    ev = _sos_shifted(parse("x**3 - 2*x + 1"), box, ctx)
    assert ev is not None and ev.method == "sos-shift" and ev.check()
    from dataclasses import replace

    assert not replace(ev, box=Box.parse("x >= 0", (x,))).check()  # the shift must start at the bound


def test_a_failing_sos_solve_leaves_cvxpy_in_place(monkeypatch):
    """A solver error on one problem must not purge CVXPY from ``sys.modules``: other
    code in the process (PEPit in the tests, the user's own models) holds it, and a purge
    left them with a half-imported copy ("module 'cvxpy' has no attribute 'promote'")."""
    import sys

    from symopt.convexity import sos as C

    cp = pytest.importorskip("cvxpy")

    def fail(*args, **kwargs):
        raise RuntimeError("solver failed")

    monkeypatch.setattr(C, "_sos_search_with", fail)
    x = sp.Symbol("x", real=True)
    assert C._sos_search(x**4 + 1, Box.whole([x])) is None
    assert sys.modules["cvxpy"] is cp
