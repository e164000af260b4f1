"""Evidence objects re-check independently; tampered evidence fails."""

from __future__ import annotations

import sympy as sp
import pytest

from symopt.convexity import (
    DCPStep,
    HessianCertificate,
    IntervalHessianCover,
    JensenWitness,
    LipschitzWitness,
    Nonnegative,
    PrincipalMinors,
    Verdict,
)
from symopt.convexity.dcp import analyze
from symopt.exact.linalg import LDLFactorization, negative_direction
from symopt.exact.signs import defined_on, prove_sign
from symopt.core.domain import Box
from symopt.core.parse import parse, parse_symbols

x, y = parse_symbols("x, y")
R1 = Box.whole((x,))
R2 = Box.whole((x, y))


def test_ldl_exact_and_semidefinite():
    ev = LDLFactorization.of(sp.Matrix([[4, 2], [2, 1]]))
    assert ev.D == (4, 0) and ev.check() and not ev.definite
    nsd = LDLFactorization.of(sp.Matrix([[-2, 0], [0, -1]]))
    assert nsd.sign == -1 and nsd.check()
    with pytest.raises(ValueError):
        LDLFactorization.of(sp.Matrix([[1, 2], [2, 1]]))
    v = negative_direction(sp.Matrix([[1, 2], [2, 1]]))
    assert (v.T * sp.Matrix([[1, 2], [2, 1]]) * v)[0, 0] < 0


def test_ldl_tampered_fails():
    ev = LDLFactorization.of(sp.Matrix([[2, 1], [1, 2]]))
    bad = LDLFactorization(ev.H, ev.L, (2, sp.Rational(1, 2)), 1)
    assert not bad.check()
    bad_sign = LDLFactorization(sp.Matrix([[2, 3], [3, 2]]), sp.Matrix([[1, 0], [sp.Rational(3, 2), 1]]), (2, sp.Rational(-5, 2)), 1)
    assert not bad_sign.check()


def test_ldl_with_irrational_entries():
    ev = LDLFactorization.of(sp.Matrix([[sp.pi**2, 1], [1, 1]]))
    assert ev.check() and ev.definite


def test_prove_sign_and_definedness():
    pos = Box.parse("x > 0", (x,))
    assert prove_sign(x, pos, ">0") is not None
    assert prove_sign(x, R1, ">=0") is None
    assert prove_sign(parse("exp(x) + x**2"), R1, ">0") is not None
    assert defined_on(parse("log(x)"), pos) is not None
    assert defined_on(parse("log(x)"), R1) is None
    assert defined_on(parse("1/x"), Box.parse("x < 0", (x,))) is not None
    assert defined_on(parse("sqrt(x)"), Box.parse("x >= -1", (x,))) is None


def test_nonnegative_methods_check():
    ev = Nonnegative(parse("x**2 - 2*x + 1"), R1, "assumptions", parse("(x - 1)**2"))
    assert ev.check()
    wrong_form = Nonnegative(parse("x**2 - 2*x"), R1, "assumptions", parse("(x - 1)**2"))
    assert not wrong_form.check()
    uni = Nonnegative(parse("x**2 + 1"), R1, "univariate", parse("x**2 + 1"), False, (parse("x**2 + 1"), sp.S.One))
    assert uni.check()
    fake = Nonnegative(parse("x**2 - 1"), R1, "univariate", parse("x**2 - 1"), False, (parse("x**2 - 1"), sp.S.One))
    assert not fake.check()


def test_branch_and_bound_cover_must_cover():
    box = Box.parse("0 <= x <= 1", (x,))
    half = ((sp.S.Zero, sp.Rational(1, 2)),)
    ev = Nonnegative(parse("x"), box, "branch-and-bound", parse("x"), False, (half,))
    assert not ev.check()  # misses [1/2, 1]
    full = Nonnegative(parse("x"), box, "branch-and-bound", parse("x"), False, (half, ((sp.Rational(1, 2), sp.S.One),)))
    assert full.check()


def test_interval_hessian_cover_and_minors():
    box = Box.parse("-1 <= x <= 1, -1 <= y <= 1", (x, y))
    H = sp.hessian(parse("exp(x) + 2*y**2 + x*y"), (x, y))
    whole = (((sp.S(-1), sp.S(1)), (sp.S(-1), sp.S(1))),)
    cover = IntervalHessianCover(H, box, whole)
    assert cover.check()  # interval Cholesky: e^x in [1/e, e] > 0, then 4 - 1/e^x > 0
    indefinite = IntervalHessianCover(sp.Matrix([[1, 2], [2, 1]]), box, whole)
    assert not indefinite.check()
    H2 = sp.Matrix([[4, 1], [1, 4]]) + sp.diag(parse("cos(x)"), 0)
    assert IntervalHessianCover(H2, box, whole).check()
    Hm = sp.Matrix([[parse("x**2"), 0], [0, parse("y**2")]])
    minors = tuple(((i,), Nonnegative(Hm[i, i], R2, "assumptions", Hm[i, i])) for i in range(2)) + (
        ((0, 1), Nonnegative(parse("x**2*y**2"), R2, "assumptions", parse("x**2*y**2"))),)
    assert PrincipalMinors(Hm, minors).check()
    assert not PrincipalMinors(Hm, minors[:2]).check()


def test_hessian_certificate_needs_hessian_defined_inside():
    f = -sp.Pow(x**2, sp.Rational(1, 3), evaluate=False)
    h = sp.diff(f, x, 2)
    fake = Nonnegative(h, R1, "assumptions", h)
    assert not HessianCertificate(f, (x,), R1, fake).check()


def test_dcp_tree_rechecks_and_rejects_tampering():
    box = Box.parse("y > 0", (x, y))
    tree = analyze(parse("x**2/y + exp(x - y)"), box)
    assert tree.curvature == "convex" and tree.check()
    forged = DCPStep(tree.expr, "concave", tree.rule, tree.children, tree.facts, tree.box, tree.extra)
    assert not forged.check()
    log_tree = analyze(parse("log(x)"), R2)
    assert log_tree.curvature == "unknown"  # log needs x > 0


def test_witnesses():
    w = JensenWitness(parse("x**3"), (x,), (sp.S(-2),), (sp.S(0),), sp.Rational(1, 2), R1)
    assert w.gap() == 3 and w.check()
    not_a_witness = JensenWitness(parse("x**2"), (x,), (sp.S(-2),), (sp.S(0),), sp.Rational(1, 2), R1)
    assert not not_a_witness.check()
    outside = JensenWitness(parse("x**3"), (x,), (sp.S(-2),), (sp.S(0),), sp.Rational(1, 2), Box.parse("x >= -1", (x,)))
    assert not outside.check()
    transcendental = JensenWitness(parse("cos(x)"), (x,), (sp.S(-1),), (sp.S(1),), sp.Rational(1, 2), R1)
    assert transcendental.check()
    lw = LipschitzWitness(parse("exp(x)"), (x,), (sp.S(2),), (sp.S(3),), sp.S(1), R1)
    assert lw.check()
    assert not LipschitzWitness(parse("x**2"), (x,), (sp.S(2),), (sp.S(3),), sp.S(2), R1).check()


def test_verdict_invariants():
    with pytest.raises(ValueError):
        Verdict("proved", "convex", parse("x"), (x,), R1)
    with pytest.raises(ValueError):
        Verdict("refuted", "convex", parse("x"), (x,), R1)
    with pytest.raises(ValueError):
        Verdict("maybe", "convex", parse("x"), (x,), R1)
    u = Verdict("unknown", "convex", parse("x"), (x,), R1, reason="r")
    assert u.check() and u.to_json()["status"] == "unknown"
    with pytest.raises(TypeError):
        if u:
            pass


def test_affine_signs_respect_strict_bounds():
    open_box = Box.parse("0 < x < 1", (x,))
    assert prove_sign(parse("1 - x"), open_box, ">0") is not None
    assert prove_sign(parse("x"), open_box, ">0") is not None
    closed = Box.parse("0 <= x <= 1", (x,))
    assert prove_sign(parse("1 - x"), closed, ">0") is None
    assert prove_sign(parse("1 - x"), closed, ">=0") is not None
    assert prove_sign(parse("x - 2"), closed, "<0") is not None


def test_diagonal_psd_evidence():
    from symopt.convexity import DiagonalPSD

    H = sp.diag(parse("exp(x)"), parse("y**2"))
    entries = tuple(Nonnegative(H[i, i], R2, "assumptions", H[i, i]) for i in range(2))
    assert DiagonalPSD(H, entries).check()
    off = sp.Matrix([[parse("exp(x)"), 1], [1, parse("y**2")]])
    assert not DiagonalPSD(off, entries).check()
    assert not DiagonalPSD(H, entries[:1]).check()


def test_a_witness_at_a_point_without_a_value_fails_its_check_instead_of_raising():
    """``Min(0, zoo)`` raises in SymPy; the witness at x = 0 must simply not check."""
    import sympy as sp

    from symopt.convexity import JensenWitness
    from symopt.exact.signs import value_at
    from symopt.core.domain import Box

    x = sp.Symbol("x", real=True)
    f = sp.Min(x, 1 / x)
    assert value_at(f, {x: 0}) is sp.nan
    box = Box.whole((x,))
    w = JensenWitness(expr=f, variables=(x,), x=(sp.Integer(0),), y=(sp.Integer(2),), theta=sp.Rational(1, 2), box=box)
    assert w.check() is False


def test_convexity_of_min_x_and_its_reciprocal_is_decided_with_a_checked_witness():
    from symopt.convexity import convexity

    for prop, domain in (("convex", None), ("concave", None), ("concave", "x > 0")):
        v = convexity("min(x, 1/x)", property=prop, domain=domain)
        assert v.status == "refuted" and v.check()


def test_text_in_domain_bounds_points_and_witnesses_is_parsed_never_evaluated(tmp_path):
    """Bounds in a domain dict, Box.contains coordinates, prove_sign's expression and
    witness coordinates went through sympy.sympify, which runs text as Python."""
    import sympy as sp

    from symopt.convexity import JensenWitness
    from symopt.exact.signs import prove_sign
    from symopt.convexity import convexity
    from symopt.core.domain import Box
    from symopt.errors import DomainError, ParseError

    marker = tmp_path / "executed"
    payload = f"__import__('os').system('touch {marker}')"
    x = sp.Symbol("x", real=True)
    whole = Box.whole((x,))
    with pytest.raises(DomainError):
        convexity("x**2", domain={"x": (0, payload)})
    with pytest.raises(DomainError):
        whole.contains({x: payload})
    with pytest.raises(ParseError):
        prove_sign(payload, whole, ">0")
    w = JensenWitness(expr=x**2, variables=(x,), x=(payload,), y=("1",), theta="1/2", box=whole)
    assert w.check() is False
    assert not marker.exists()
    # text that is a value still works, and an infinite float bound is oo
    assert convexity("x**2", domain={"x": ("1/2", float("inf"))}).status == "proved"
    assert whole.contains({x: "1/3"})


# ----------------------------------------------------------------------------- issue 15: new witness and evidence types


from dataclasses import replace  # noqa: E402

from symopt.convexity import (  # noqa: E402
    AffineSegmentWitness,
    CurvatureFamilyWitness,
    GeometricJensenWitness,
    LogReduction,
    PiecewiseConvex,
    QuasiJensenWitness,
    QuasiProof,
    Rewritten,
    SingularHessianWitness,
    SumOfConvex,
)
from symopt.exact.signs import drop_atoms  # noqa: E402
from symopt.convexity import convexity  # noqa: E402
from symopt.core.domain import Bound  # noqa: E402

S = sp.Symbol("s", positive=True)
POS = Box.parse("x > 0", (x,))


def test_singular_hessian_witness_and_tampering():
    """x^4 is strictly but not strongly convex: f''(0) = 0 (mathlib: Even.strictConvexOn_pow, no strong version)."""
    w = SingularHessianWitness(parse("x**4"), (x,), (0,), (1,), R1)
    assert w.check()
    assert not replace(w, point=(sp.Rational(1, 2),)).check()  # f''(1/2) = 3 != 0
    assert not replace(w, vector=(0,)).check()  # the zero vector proves nothing
    assert not replace(w, expr=parse("x**4 + x**2")).check()
    w2 = SingularHessianWitness(parse("x**4 + y**2"), (x, y), (0, 0), (1, 0), R2)
    assert w2.check() and not replace(w2, vector=(0, 1)).check()
    # a boundary point is not an inner point
    assert not SingularHessianWitness(parse("x**3"), (x,), (0,), (1,), Box.parse("x >= 0", (x,))).check()


def test_curvature_family_witness_and_tampering():
    """exp is not L-smooth: f''(log(s) + 1) = e s > s for every s > 0 (the issue's parametric witness)."""
    w = CurvatureFamilyWitness(parse("exp(x)"), (x,), S, (sp.log(S) + 1,), (1,), R1, "above")
    assert w.check()
    assert not replace(w, point=(sp.log(S) - 1,)).check()  # e^{-1} s < s
    assert not replace(w, bound="vanishing").check()
    v = CurvatureFamilyWitness(parse("exp(x)"), (x,), S, (sp.log(S) - 1,), (1,), R1, "vanishing")
    assert v.check()
    # -log(x) on x > 0: f'' = 1/x^2 = 4 s at x = 1/(2 sqrt(s)); the path must stay inside the domain
    b = CurvatureFamilyWitness(parse("-log(x)"), (x,), S, (1 / (2 * sp.sqrt(S)),), (1,), POS, "above")
    assert b.check()
    assert not replace(b, point=(-1 / (2 * sp.sqrt(S)),)).check()
    # the parameter may not occur in f
    assert not replace(w, expr=parse("exp(x)") + S).check()


def test_affine_segment_witness_and_tampering():
    """|x| is not strictly convex: affine on [1, 2] (the issue's segment witness)."""
    w = AffineSegmentWitness(parse("abs(x)"), (x,), (1,), (2,), R1)
    assert w.check()
    assert not replace(w, a=(-1,)).check()  # the segment [-1, 2] crosses the kink
    assert not replace(w, b=(1,)).check()  # a == b
    lse = AffineSegmentWitness(parse("log(exp(x) + exp(y))"), (x, y), (0, 0), (1, 1), R2)
    assert lse.check() and not replace(lse, b=(1, 0)).check()


def test_geometric_and_quasi_jensen_witnesses_and_tampering():
    """1/(1 + x^2) is not log-concave (BV ex. 3.49 family); x^2 is not quasiconcave."""
    f = parse("1/(1 + x**2)")
    w = GeometricJensenWitness(f, (x,), (1,), (3,), R1, "log-concave")
    assert w.check()  # f(2)^2 = 1/25 < f(1) f(3) = 1/20
    assert not replace(w, a=(-1,)).check()  # f(0)^2 = 1 > f(-1) f(1)
    assert not replace(w, kind="log-convex").check()
    q = QuasiJensenWitness(parse("x**2"), (x,), (-1,), (1,), sp.Rational(1, 2), R1, "quasiconcave")
    assert q.check() and not replace(q, kind="quasiconvex").check()
    assert not replace(q, b=(3,)).check()  # f(1) = 1 is not below min(1, 9)


def test_piecewise_sum_rewrite_evidence_and_tampering():
    """|x|^3 = x^2|x|: convex pieces split at 0 with slopes 0 and 0 (Rockafellar Thm 24.1)."""
    v = convexity("abs(x)**3")
    (ev,) = v.evidence
    assert isinstance(ev, PiecewiseConvex) and ev.check() and v.check()
    lo, hi, g, evs = ev.pieces[0]
    assert not replace(ev, pieces=((lo, hi, g + x, evs),) + ev.pieces[1:]).check()
    assert not replace(ev, pieces=ev.pieces[:1]).check()  # no longer covers R
    bad = replace(ev, f=parse("min(x, 0)**3*(-1) + max(x, 0)**2"))
    assert not bad.check()
    s = convexity("x**4 + x**2*y**2 + y**4 + abs(x - y)")  # the rules read abs(x - y), the Hessian the rest
    (sev,) = s.evidence
    assert isinstance(sev, SumOfConvex) and sev.check()
    assert not replace(sev, f=parse("x**4 + x**2*y**2 + y**4 - abs(x - y)")).check()
    r = convexity("abs(1/x)", domain="x < 0")
    (rev,) = r.evidence
    assert isinstance(rev, Rewritten) and rev.check()
    assert not replace(rev, box=Box.parse("x > 0", (x,))).check()


def test_log_and_quasi_proofs_and_tampering():
    """x y is log-concave and quasiconcave on the orthant (BV ex. 3.16(b)); x/y is linear-fractional (3.16(d))."""
    orth = Box.parse("x > 0, y > 0", (x, y))
    v = convexity("x*y", domain="x > 0, y > 0", property="log-concave")
    (ev,) = v.evidence
    assert isinstance(ev, LogReduction) and ev.check() and v.check()
    assert not replace(ev, g=parse("log(x) + 2*log(y)")).check()
    assert not replace(ev, box=R2).check()  # x y > 0 fails off the orthant
    q = QuasiProof(parse("x/y"), orth, 1, "linear-fractional", (), (x, y))
    assert q.check() and not replace(q, data=(x**2, y)).check()
    assert not replace(q, box=R2).check()


def test_drop_atoms_only_uses_proved_branches():
    pos = Box.parse("x >= 1", (x,))
    assert drop_atoms(parse("abs(x) + max(x, 1/x)"), pos) == 2 * x
    assert drop_atoms(parse("abs(x)"), R1) == parse("abs(x)")
    assert drop_atoms(parse("min(x**2, 1)"), Box.parse("-1 <= x <= 1", (x,))) == x**2


def test_signs_from_factors_and_coefficients_respect_strict_bounds():
    """1 - x^2 > 0 on -1 < x < 1 (the issue's definedness example) and not on the closed interval."""
    assert prove_sign(parse("1 - x**2"), Box.parse("-1 < x < 1", (x,)), ">0") is not None
    assert prove_sign(parse("1 - x**2"), Box.parse("-1 <= x <= 1", (x,)), ">0") is None
    assert prove_sign(parse("1 - x**2"), Box.parse("-1 <= x <= 1", (x,)), ">=0") is not None
    orth = Box.parse("x > 0, y > 0", (x, y))
    assert prove_sign(parse("(x**2 + 3*x*y + 1)/(x + y)"), orth, ">0") is not None
    assert prove_sign(parse("(x**2 - 3*x*y + 1)/(x + y)"), orth, ">0") is None
    assert defined_on(parse("1/(1 - x**2)"), Box.parse("-1 < x < 1", (x,))) is not None


def test_verdict_refutations_of_every_constant_match_the_property():
    v = convexity("x**4", property="strongly convex")
    assert v.status == "refuted" and isinstance(v.witness, SingularHessianWitness) and v.check()
    # the same witness does not refute L-smoothness, nor convexity
    assert not replace(v, property="L-smooth").check()
    assert not replace(v, property="convex").check()
    e = convexity("exp(x)", property="L-smooth")
    assert e.status == "refuted" and isinstance(e.witness, CurvatureFamilyWitness) and e.check()
    assert not replace(e, property="strongly convex").check()
    a = convexity("abs(x)", property="strictly convex")
    assert a.status == "refuted" and a.check() and not replace(a, property="convex").check()


def test_concave_witness_reads_for_the_users_f():
    """The issue's example: x**2 asked concave must print f(mid) < mean, with point names a, b."""
    v = convexity("x**2", property="concave")
    text = v.witness_text()
    assert "f(a/2 + b/2) < (f(a) + f(b))/2" in text and "0 < 1" in text
    assert "not concave" in text and v.to_json()["witness"]["statement"] == text
    # variables named a and b: the points are named p and q
    a, b = parse_symbols("a, b")
    w = convexity(parse("a*b")).witness_text()
    assert "f(p/2 + q/2)" in w and "(a = " in w


def test_kink_witness_and_tampering():
    """|x| and max(x, y) are not differentiable at 0: no L makes them L-smooth (CVXPY abs / max atoms)."""
    from symopt.convexity import KinkWitness

    w = KinkWitness(parse("abs(x)"), (x,), (0,), (1,), sp.Rational(1, 4), R1)
    assert w.check() and w.slopes() == (-1, 1)
    assert not replace(w, point=(1,)).check()  # smooth at 1
    assert not replace(w, box=Box.parse("x >= 0", (x,))).check()  # 0 is not an inner point
    assert not replace(w, expr=parse("abs(x)**2")).check()
    m = KinkWitness(parse("max(x, y)"), (x, y), (0, 0), (1, 0), sp.Rational(1, 4), R2)
    assert m.check() and not replace(m, point=(0, 1)).check()


def test_max_of_convex_pieces_and_tampering():
    """max of functions proved convex by the Hessian layer, not by the rules (BV 3.2.3 pointwise maximum)."""
    from symopt.convexity import MaxOfConvex

    v = convexity("max(x**4 + x**2*y**2 + y**4, x**2 + x*y + y**2 - 1)")
    (ev,) = v.evidence
    assert isinstance(ev, MaxOfConvex) and ev.check() and v.check()
    assert not replace(ev, parts=ev.parts[:1]).check()
    assert not replace(ev, f=parse("min(x**4 + x**2*y**2 + y**4, x**2 + x*y + y**2 - 1)")).check()
    c = convexity("min(-x**4 - x**2*y**2 - y**4, -x**2 - y**2)", property="concave")
    assert c.status == "proved" and c.check()


def test_leading_minors_and_kinked_unimodal_proofs_and_tampering():
    """exp(x^2 + y^2) strictly convex (Sylvester's criterion on the Hessian); sqrt|x| quasiconvex (BV 3.4.1:
    monotone on each side of 0)."""
    from symopt.convexity import LeadingMinors

    v = convexity("exp(x**2 + y**2)", property="strictly convex")
    (ev,) = v.evidence
    assert isinstance(ev.inner, LeadingMinors) and ev.check() and v.check()
    assert not replace(ev, f=parse("exp(x**2 - y**2)")).check()
    assert not replace(ev.inner, minors=ev.inner.minors[:1]).check()
    q = convexity("sqrt(abs(x))", property="quasiconvex")
    (qp,) = q.evidence
    assert isinstance(qp, QuasiProof) and qp.method == "unimodal" and qp.check()
    assert not replace(qp, data=(sp.Integer(1),) + qp.data[1:]).check()  # the turning point is 0
    assert not replace(qp, sign=-1).check()


def test_bounded_slope_witness_and_tampering():
    """sqrt(1 + x^2) (pseudo-Huber) and log cosh are not strongly convex: their slopes stay in [-1, 1]
    (an m-strongly convex f has slope >= f'(0) + m t along any ray)."""
    from symopt.convexity import BoundedSlopeWitness

    w = BoundedSlopeWitness(parse("sqrt(1 + x**2)"), (x,), (0,), (1,), sp.Integer(1), R1)
    assert w.check()
    assert not replace(w, bound=sp.Rational(1, 2)).check()  # the slope tends to 1
    assert not replace(w, expr=parse("x**2")).check()
    assert not replace(w, box=Box.parse("x <= 5", (x,))).check()  # the ray leaves the domain
    assert BoundedSlopeWitness(parse("log(cosh(x))"), (x,), (0,), (-1,), sp.Integer(1), R1).check()
    v = convexity("log(cosh(x))", property="strongly convex")
    assert v.status == "refuted" and v.check() and "slope" in v.witness_text()


def test_grid_piecewise_convex_and_tampering():
    """|x|^3 / t^2 on t > 0 (BV ex. 3.23(a) with p = 3): cells x <= 0 and x >= 0, glued with equal slopes."""
    from symopt.convexity import GridPiecewiseConvex

    v = convexity("abs(x)**3/t**2", domain="t > 0")
    (ev,) = v.evidence
    assert isinstance(ev, GridPiecewiseConvex) and ev.check() and v.check()
    t, xx = v.variables
    assert not replace(ev, cuts=((xx, (sp.Integer(1),)),)).check()  # the wrong cut
    (g0, e0), (g1, e1) = ev.cells
    assert not replace(ev, cells=((g0, e0), (g1 + xx, e1))).check()
    # a concave kink: -|x| + y^2 is convex on both cells, but the slope drops across x = 0
    bad = convexity("-abs(x) + y**2")
    assert bad.status == "refuted" and bad.check()


def test_monotone_from_an_anchor_and_tampering():
    """cosh x - 1 - x^2/2 >= 0 on R and e^x - 1 - x >= 0 (Taylor remainders; mathlib Real.add_one_le_exp):
    h(0) = 0 and h' of the right sign on each side of 0, proved the same way one order down."""
    from symopt.convexity import prove_nonnegative

    h = parse("cosh(x) - 1 - x**2/2")
    ev = prove_nonnegative(h, R1)
    assert ev is not None and ev.method == "monotone" and ev.check()
    assert not replace(ev, expr=h - sp.Rational(1, 10), form=h - sp.Rational(1, 10)).check()  # h(0) < 0
    assert not replace(ev, data=(sp.Integer(1),) + ev.data[1:]).check()  # the sides no longer meet at the anchor
    e = prove_nonnegative(parse("exp(x) - 1 - x"), R1)
    assert e is not None and e.check()
    assert prove_nonnegative(parse("exp(x) - 2 - x"), R1) is None


def test_affine_composition_and_tampering():
    """|x - y|^3: a convex function of one affine form (BV 3.2.2 composition with an affine map)."""
    from symopt.convexity import AffineComposition

    v = convexity("abs(x - y)**3")
    (ev,) = v.evidence
    assert isinstance(ev, AffineComposition) and ev.check() and v.check()
    assert not replace(ev, ell=x + y).check()  # phi(x + y) is not f
    assert not replace(ev, ubox=Box((ev.u,), (Bound(0, sp.oo),))).check()  # the range of x - y is all of R


def test_quasiconvex_through_the_negative_and_tampering():
    """x y on x > 0, y < 0 is quasiconvex: -x y = x (-y) is log-concave there (CVXPY test_dqcp's products)."""
    v = convexity("x*y", domain="x > 0, y < 0", property="quasiconvex")
    (ev,) = v.evidence
    assert isinstance(ev, QuasiProof) and ev.method == "neglog" and ev.check() and v.check()
    assert not replace(ev, f=parse("-x*y")).check()
    assert not replace(ev, sign=-1).check()
    s = convexity("sqrt(x)", domain="x > 0", property="L-smooth")  # -f'' = x^(-3/2)/4 unbounded near 0
    assert s.status == "refuted" and isinstance(s.witness, CurvatureFamilyWitness) and s.check()


def test_strict_sign_near_an_excluded_zero():
    """sin x > 0 on 0 < x < 3 (mathlib: Real.sin_pos_of_pos_of_lt_pi), not on 0 <= x < 3 nor on 0 < x < 4;
    so sin is log-concave there (BV 3.5.1 example family)."""
    assert prove_sign(parse("sin(x)"), Box.parse("0 < x < 3", (x,)), ">0") is not None
    assert prove_sign(parse("sin(x)"), Box.parse("0 <= x < 3", (x,)), ">0") is None
    assert prove_sign(parse("sin(x)"), Box.parse("0 < x < 4", (x,)), ">0") is None
    assert prove_sign(parse("-sin(x)"), Box.parse("0 < x < 3", (x,)), "<0") is not None
    v = convexity("sin(x)", domain="0 < x < 3", property="log-concave")
    assert v.status == "proved" and v.check()
