"""The fifth outside corpus, part q (issue 25): smoothness constants, strong-convexity moduli, quasiconvexity.

Per question: the verdict is right or honestly ``unknown`` (never wrong), every piece of evidence re-checks, and the
stated truth holds outside symopt (50-digit sampling of the defining inequality, and for each false question the
exact place where it fails).  Then the methods the corpus prompted, each with tampered evidence rejected.

Sources are named per question in ``corpus_outside_5q.py``: Beck, *First-Order Methods in Optimization* ch. 5-6;
Nesterov, *Lectures on Convex Optimization* 2.1; Bubeck, *Convex Optimization: Algorithms and Complexity* 3.2-3.4;
Boyd & Vandenberghe 3.4; Greenberg & Pierskalla (1971); Rennie & Srebro (2005); Barron (2019); ESL 3.4 / 10.6.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import mpmath
import pytest
import sympy as sp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_outside_5q import CORPUS_5Q, FAILS_AT  # noqa: E402
from corpus_convexity_2 import sampled_truth_count  # noqa: E402

from symopt import Objective  # noqa: E402
from symopt.convexity import convexity  # noqa: E402
from symopt.convexity.evidence_combine import Reduction, SumOfConvex  # noqa: E402
from symopt.convexity.quasi_ratio import RatioFamilyProof  # noqa: E402
from symopt.convexity.witnesses import JensenWitness  # noqa: E402
from symopt.core.domain import Box  # noqa: E402
from symopt.exact.signs import prove_sign  # noqa: E402

#: Questions symopt leaves undecided, with the reason (measured; the test asks only for a stated reason).
UNDECIDED = {
    # 1 + (1 - x^2) e^(-x^2/2) >= 0 on all of R: the sign of a transcendental function on an unbounded line (the
    # interval enclosure cannot bound x^2 e^(-x^2/2) on the tails); a tail-monotonicity argument would decide it
    "Welsch 1 - exp(-x^2/2) 1-smooth",
}

_VERDICTS: dict = {}


def _verdict(case):
    if case.name not in _VERDICTS:
        _VERDICTS[case.name] = convexity(Objective(case.expr), domain=case.domain, property=case.property,
                                         modulus=case.modulus, L=case.L, budget=10.0)
    return _VERDICTS[case.name]


@pytest.mark.slow
@pytest.mark.parametrize("case", CORPUS_5Q, ids=[c.name for c in CORPUS_5Q])
def test_outside_corpus_5q_verdicts_and_evidence(case):
    """Each question's source is in its ``source`` field; the expected verdict is the hand-derived truth."""
    v = _verdict(case)
    if case.name in UNDECIDED:
        assert v.status == "unknown" and v.reason.strip(), v.explain()
    else:
        assert v.status == ("proved" if case.truth else "refuted"), v.explain()
    assert v.check(), v.explain()
    if v.status == "proved":
        assert all(ev.check() for ev in v.evidence)
    if v.status == "refuted":
        assert v.witness.check()
    assert v.explain().strip()


@pytest.mark.slow
def test_outside_corpus_5q_decided_share():
    """Issue 25's measure: at least 95% decided when first asked after the change, none wrong."""
    decided = [c for c in CORPUS_5Q if _verdict(c).status != "unknown"]
    wrong = [c.name for c in decided if (_verdict(c).status == "proved") != c.truth]
    assert not wrong
    assert len(decided) >= 0.95 * len(CORPUS_5Q), sorted({c.name for c in CORPUS_5Q} - {c.name for c in decided})


# ------------------------------------------------------------------------------ truths outside symopt


def _mp(c):
    return mpmath.mpf(sp.Rational(c).p) / sp.Rational(c).q if sp.S(c).is_Rational else mpmath.mpf(str(sp.N(c, 60)))


def _fd_hessian_eigs(expr, point):
    """Eigenvalues of a central finite-difference Hessian at 50 digits (step 1e-15: error ~1e-28), no symopt."""
    obj = Objective(expr)
    f = sp.lambdify(obj.variables, obj.expr, modules="mpmath")
    n = len(obj.variables)
    p = [_mp(c) for c in point]
    h = mpmath.mpf(10) ** -15

    def at(i, si, j, sj):
        q = list(p)
        q[i] += si * h
        q[j] += sj * h
        return f(*q)

    H = mpmath.matrix(n, n)
    for i in range(n):
        for j in range(n):
            H[i, j] = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h * h)
    H = (H + H.T) / 2
    return sorted(mpmath.eigsy(H)[0])


@pytest.mark.slow
@pytest.mark.parametrize("case", CORPUS_5Q, ids=[c.name for c in CORPUS_5Q])
def test_outside_corpus_5q_truth_outside_symopt(case):
    """True questions: no sampled pair breaks the defining inequality at 50 digits (mpmath, no symopt layer).
    False questions: the stated failure point breaks it (an eigenvalue beyond the constant, an affine line, a
    vanishing curvature, a midpoint above / below its ends)."""
    if case.truth:
        holds, used = sampled_truth_count(case, pairs=48, seed=5)
        assert holds and used >= 12
        return
    kind, *data = FAILS_AT[case.name]
    obj = Objective(case.expr)
    f = sp.lambdify(obj.variables, obj.expr, modules="mpmath")
    with mpmath.workdps(50):
        if kind in ("L", "m"):
            eigs = _fd_hessian_eigs(case.expr, data[0])
            if kind == "L":
                assert max(abs(e) for e in eigs) > _mp(case.L) * (1 + mpmath.mpf(10) ** -6)
            else:
                assert min(eigs) < _mp(case.modulus) * (1 - mpmath.mpf(10) ** -6)
        elif kind == "affine":
            point, direction = data
            vals = [f(*[_mp(a) + t * b for a, b in zip(point, direction)]) for t in (0, mpmath.mpf(1) / 8, mpmath.mpf(1) / 4)]
            assert abs(vals[0] - 2 * vals[1] + vals[2]) < mpmath.mpf(10) ** -40
        elif kind == "vanish":
            assert min(eigs_min for eigs_min in (min(_fd_hessian_eigs(case.expr, p)) for p in data[0])) < 1e-6
        else:
            a, b = [[_mp(c) for c in pt] for pt in data]
            fa, fb, fm = f(*a), f(*b), f(*[(s + t) / 2 for s, t in zip(a, b)])
            tol = mpmath.mpf(10) ** -30
            if kind == "qcvx":
                assert fm > max(fa, fb) + tol
            elif kind == "qccv":
                assert fm < min(fa, fb) - tol
            else:
                assert fm > (fa + fb) / 2 + tol
    if case.domain is not None and kind in ("qcvx", "qccv", "jensen"):
        box = Box.parse(case.domain, tuple(obj.variables))
        assert all(box.contains(dict(zip(obj.variables, [sp.S(c) for c in pt]))) for pt in data)


# ------------------------------------------------------------------------------ the methods, tampering rejected


def test_a_loose_constant_from_a_sharper_proof():
    """Beck Example 5.15: mu log(e^(x/mu) + e^(y/mu)) is 1/mu-smooth (mu = 1/2: L = 2), proved through L = 1."""
    v = convexity("log(exp(2*x) + exp(2*y))/2", property="L-smooth", L=2)
    assert v.status == "proved" and v.check()
    red = v.evidence[0]
    assert isinstance(red, Reduction) and red.parameter == 2
    assert all(isinstance(ev, SumOfConvex) for _, evs in red.targets for ev in evs)
    # the same evidence at a smaller constant does not match its targets
    assert not replace(red, parameter=sp.Rational(1, 2)).check()
    # a part swapped for a different function: the sum no longer equals the target
    g, (ev,) = red.targets[0]
    bad = replace(ev, parts=((ev.parts[0][0] + v.variables[0] ** 3, ev.parts[0][1]), ev.parts[1]))
    assert not bad.check()
    assert not replace(v, parameter=sp.Rational(3, 2)).check()


def test_a_corner_witness_for_a_false_constant():
    """Nesterov Thm 2.1.6: exp(x + y) on [0, 1]^2 has lambda_max = 2e^2 = 14.78 at the corner (1, 1)."""
    v = convexity("exp(x + y)", domain="0 <= x <= 1, 0 <= y <= 1", property="L-smooth", L=sp.Rational(29, 2))
    assert v.status == "refuted" and v.check()
    w = v.witness
    assert isinstance(w, JensenWitness) and w.check()
    # moved to the middle of the box (where the curvature is 2e = 5.4 < 14.5) the same segment is no witness
    half = sp.Rational(1, 2)
    moved = replace(w, x=tuple(c - 1 + half for c in w.x), y=tuple(c - 1 + half for c in w.y))
    assert not moved.check()
    # the witness of a different constant does not refute this one
    assert not replace(v, parameter=15).check()


def test_ratio_family_distance_ratio_and_tampering():
    """BV Example 3.34: |x - a|/|x - b| is quasiconvex on the halfspace where it is at most 1."""
    v = convexity("sqrt(x**2 + y**2)/sqrt((x - 2)**2 + y**2)", domain="x <= 1", property="quasiconvex")
    assert v.status == "proved" and v.check()
    ev = v.evidence[0]
    assert isinstance(ev, RatioFamilyProof) and ev.check()
    k, p, q, lo, hi, e1, e2 = ev.data
    assert not replace(ev, data=(k, p, q, lo, sp.Rational(1, 2), e1, e2)).check()  # f^2 <= 1/2 is false there
    assert not replace(ev, data=(k, p, q, -sp.oo, sp.oo, e1, e2)).check()  # no finite end carries p
    assert not replace(ev, data=(1, p, q, lo, hi, e1, e2)).check()  # f itself is not p/q
    assert not replace(ev, sign=-1).check()
    # on x >= 3 the sublevel sets are outsides of discs: refuted, never proved
    w = convexity("sqrt(x**2 + y**2)/sqrt((x - 2)**2 + y**2)", domain="x >= 3", property="quasiconvex")
    assert w.status == "refuted" and w.check()


def test_a_ratio_with_an_indefinite_family_is_not_proved():
    """(x^2 - y^2)/(x + y + 1) on the orthant: x^2 - y^2 - t(x + y + 1) is indefinite, the sublevel set {f <= 0}
    is {y >= x}: convex, but {f <= 1} is not; f(2, 1) = 3/4, f(3, 7/3)... a pair refutes it."""
    v = convexity("(x**2 - y**2)/(x + y + 1)", domain="x > 0, y > 0", property="quasiconvex")
    assert v.status != "proved" and v.check()


def test_monotone_of_an_affine_form_is_quasilinear():
    """BV 3.4.4: atan(x + y) is quasiconvex and quasiconcave, and not convex."""
    for prop in ("quasiconvex", "quasiconcave"):
        v = convexity("atan(x + y)", property=prop)
        assert v.status == "proved" and v.check()
    assert convexity("atan(x + y)").status == "refuted"


def test_the_sign_of_a_quadratic_from_its_homogenised_matrix():
    """[x; 1]^T M [x; 1] with M PSD / PD (exact elimination); indefinite or shifted quadratics are not signed."""
    x, y = sp.symbols("x y", real=True)
    box = Box.parse(None, (x, y))
    assert prove_sign(x**2 - x * y + y**2 + 1, box, ">0") is not None
    assert prove_sign(x**2 - x * y + y**2, box, ">=0") is not None
    assert prove_sign(x**2 - x * y + y**2, box, ">0") is None  # 0 at the origin
    assert prove_sign(x**2 - 3 * x * y + y**2 + 1, box, ">=0") is None  # indefinite
    assert prove_sign(x**2 - 2 * x, box, ">=0") is None  # -1 at x = 1
    assert prove_sign(-(x - y) ** 2 - 1, box, "<0") is not None
    v = convexity("1/(1 + x**2 - x*y + y**2)", property="quasiconcave")
    assert v.status == "proved" and v.check()
