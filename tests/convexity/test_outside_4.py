"""The fourth outside corpus (issue 25): per-question verdicts, never wrong, every piece of evidence re-checks,
the truths hold outside symopt; and the methods the corpus prompted, each with tampered evidence rejected.

Sources are named per question in ``corpus_outside_4.py``: Boyd & Vandenberghe ch. 3-4, Beck's *First-Order
Methods in Optimization* ch. 5-6, Nesterov's *Lectures on Convex Optimization*, Ahmadi-Olshevsky-Parrilo-Tsitsiklis
(2013), Shalev-Shwartz & Zhang (2013), Zhang (2004), Smola & Schoelkopf (2004), Boehning (1992), ESL 10.6,
Lin (1991), Fevotte-Bertin-Durrieu (2009), Hardy-Littlewood-Polya.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import mpmath
import pytest
import sympy as sp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_outside_4 import CORPUS_4, NATURAL, huber_affine  # noqa: E402
from corpus_convexity_2 import sampled_truth_count  # noqa: E402

from symopt import Objective  # noqa: E402
from symopt.convexity import JensenWitness, SumOfConvex, convexity  # noqa: E402
from symopt.convexity.evidence import Nonnegative  # noqa: E402
from symopt.convexity.evidence_combine import QuasiProof  # noqa: E402
from symopt.convexity.kernels import KernelStrictness  # noqa: E402
from symopt.core.domain import Bound, Box  # noqa: E402

#: Questions symopt leaves undecided, each with the reason it gives (measured; the test asks only for a reason).
UNDECIDED: set = set()

_VERDICTS: dict = {}


def _verdict(case):
    if case.name not in _VERDICTS:
        _VERDICTS[case.name] = convexity(Objective(case.expr), domain=case.domain, property=case.property,
                                         modulus=case.modulus, L=case.L, budget=10.0)
    return _VERDICTS[case.name]


@pytest.mark.slow
@pytest.mark.parametrize("case", CORPUS_4, ids=[c.name for c in CORPUS_4])
def test_outside_corpus_4_verdicts_and_evidence(case):
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
    assert v.explain().strip()  # every verdict explains itself (a unimodal QuasiProof's summary raised IndexError)


@pytest.mark.slow
def test_outside_corpus_4_decided_share():
    """Issue 25's measure on a set written before the methods it prompted: at least 95% decided, none wrong."""
    decided = [c for c in CORPUS_4 if _verdict(c).status != "unknown"]
    wrong = [c.name for c in decided if (_verdict(c).status == "proved") != c.truth]
    assert not wrong
    assert len(decided) >= 0.95 * len(CORPUS_4), sorted({c.name for c in CORPUS_4} - {c.name for c in decided})


#: Directions along which a "not strictly / strongly convex" question's function is affine (the sampler's pairs
#: run along coordinate axes and the diagonal, so it would not find these).
AFFINE_ALONG = {
    "(x + y)^4 + (x + y)^2 not strictly convex": ((1, 2), (1, -1)),
    "GP posynomial not strictly convex": ((1, 0, -1), (1, -1, 0)),
    "lse3 + (x - y)^2 not strictly convex": ((1, 2, 0), (1, 1, 1)),
    "logistic of x - y plus (x - y)^2 not strongly convex": ((0, 1), (1, 1)),
}


#: Segments whose midpoint value exceeds the average of the ends (found by hand: the sampler's pairs miss them).
JENSEN_PAIRS = {
    "x^4 + 7x^2y^2 + y^4 not convex": (("101/100", "99/100"), ("99/100", "101/100")),  # along (1, -1) at (1, 1)
    "1/max(x, y) not convex on the orthant": ((1, 2), (2, 1)),  # 2/3 > 1/2
}


def _affine_on_line(expr, point, direction) -> bool:
    obj = Objective(expr)
    f = sp.lambdify(obj.variables, obj.expr, modules="mpmath")
    with mpmath.workdps(50):
        ts = (0, 1, 2, mpmath.mpf(7) / 3)
        vals = [f(*[mpmath.mpf(a) + t * b for a, b in zip(point, direction)]) for t in ts]
        slope = vals[1] - vals[0]
        return all(abs(v - vals[0] - t * slope) < mpmath.mpf(10) ** -40 for v, t in zip(vals, ts))


@pytest.mark.slow
@pytest.mark.parametrize("case", CORPUS_4, ids=[c.name for c in CORPUS_4])
def test_outside_corpus_4_truth_outside_symopt(case):
    """The stated truths hold by 50-digit sampling of the defining inequality (mpmath, no symopt layer); where
    sampling cannot see the truth, a direct computation at 50 digits settles it (affine lines, a concave direction,
    a gradient pair, a zero of f'', the rank of the exponent differences)."""
    name = case.name
    if name in AFFINE_ALONG:
        assert case.truth is False and _affine_on_line(case.expr, *AFFINE_ALONG[name])
        return
    with mpmath.workdps(50):
        if name == "softmax cross-entropy not 2/5-smooth":  # |grad f(a) - grad f(b)| > (2/5) |a - b| near p = (1/2, 1/2, 0)
            xs = sp.symbols("x y z")
            g = [sp.lambdify(xs, sp.diff(sp.sympify(case.expr), v), modules="mpmath") for v in xs]
            a, b = (mpmath.mpf(0), mpmath.mpf(0), mpmath.mpf(-20)), (mpmath.mpf(1) / 100, mpmath.mpf(-1) / 100, mpmath.mpf(-20))
            dg = mpmath.sqrt(sum((gi(*a) - gi(*b)) ** 2 for gi in g))
            assert dg > mpmath.mpf(2) / 5 * mpmath.sqrt(sum((p - q) ** 2 for p, q in zip(a, b))) and case.truth is False
            return
        if name == "f'' = (x^2 - 3)^2 not strongly convex":
            x = sp.Symbol("x")
            d2 = sp.lambdify(x, sp.diff(sp.sympify(case.expr), x, 2), modules="mpmath")
            assert abs(d2(mpmath.sqrt(3))) < mpmath.mpf(10) ** -45 and case.truth is False
            return
    if case.property == "strongly convex" and case.modulus is None and not case.truth and len(Objective(case.expr).variables) == 1:
        # no modulus at all: f'' comes within 1e-9 of 0 at one of 0, +-10^k (k <= 8), at 50 digits
        # (second differences with step 1e-12: no symbolic derivative of a Piecewise, no DiracDelta)
        obj = Objective(case.expr)
        f = sp.lambdify(obj.variables, obj.expr, modules="mpmath")
        with mpmath.workdps(50):
            h = mpmath.mpf(10) ** -12
            pts = [mpmath.mpf(0)] + [s * mpmath.mpf(10) ** k for k in range(9) for s in (1, -1)]
            assert min(abs((f(t + h) - 2 * f(t) + f(t - h)) / h**2) for t in pts) < mpmath.mpf(10) ** -9
        return
    if name in JENSEN_PAIRS:  # f at the midpoint above the average of the ends, at 50 digits
        obj = Objective(case.expr)
        f = sp.lambdify(obj.variables, obj.expr, modules="mpmath")
        a, b = JENSEN_PAIRS[name]
        with mpmath.workdps(50):
            a, b = [mpmath.mpf(sp.Rational(c).p) / sp.Rational(c).q for c in a], [mpmath.mpf(sp.Rational(c).p) / sp.Rational(c).q for c in b]
            mid = [(p + q) / 2 for p, q in zip(a, b)]
            assert f(*mid) > (f(*a) + f(*b)) / 2 + mpmath.mpf(10) ** -30 and case.truth is False
        return
    if name == "GP lse with independent exponents strictly convex":
        # BV 3.1.5: log-sum-exp of a_j.x is affine along d exactly when every a_j.d is equal; here the differences
        # (a_j - a_1) have rank 2, so only d = 0
        assert sp.Matrix([[1 - 2, -1 - 0], [0 - 2, -3 - 0]]).rank() == 2 and case.truth is True
        return
    if case.name in NATURAL:
        case = replace(case, domain=NATURAL[case.name])
    holds, used = sampled_truth_count(case, pairs=60, seed=4)
    assert used >= 20 or not holds
    assert holds == case.truth


# ------------------------------------------------------------------------------ the methods, tampering rejected


def test_kernel_strictness_log_sum_exp_and_reduced_terms():
    """BV 3.1.5 / 4.5.3: log(e^(2x) + e^(x - y) + e^(-3y)) is strictly convex (exponent differences of rank 2);
    (x - y)^4 + (x + y)^2 is strictly convex though its Hessian is singular on the line x = y (AP 2013)."""
    v = convexity("log(exp(2*x) + exp(x - y) + exp(-3*y))", property="strictly convex")
    assert v.status == "proved" and v.check()
    ev = v.evidence[0]
    assert isinstance(ev, KernelStrictness) and ev.check()
    g, kind, kernel, phi, u, conv, strict = ev.terms[0]
    assert kind == "lse" and kernel == ()
    assert not replace(ev, terms=((g, kind, ((1, 0),), phi, u, conv, strict),)).check()  # (1, 0) is no direction of affinity
    assert not replace(ev, terms=((g, kind, kernel, phi, u, (), strict),)).check()  # its convexity must be shown
    assert not replace(ev, terms=((g, "reduced", kernel, phi, u, conv, strict),)).check()
    w = convexity("(x - y)**4 + (x + y)**2", property="strictly convex")
    assert w.status == "proved" and w.check()
    ev = w.evidence[0]
    assert isinstance(ev, KernelStrictness)
    terms = list(ev.terms)
    g, kind, kernel, phi, u, conv, strict = terms[0]
    assert kind == "reduced" and len(kernel) == 1
    assert not replace(ev, terms=(terms[0],)).check()  # one term alone leaves its kernel: no longer f, nor trivial
    text_kernel = tuple(tuple(str(c) for c in k) for k in kernel)  # a stored certificate's text is never parsed
    assert not replace(ev, terms=((g, kind, text_kernel, phi, u, conv, strict), *terms[1:])).check()
    terms[0] = (g, kind, kernel, phi + u[0] ** 3, u, conv, strict)  # phi must be g(M^T u)
    assert not replace(ev, terms=tuple(terms)).check()
    x, y = w.variables
    swapped = list(ev.terms)
    g1 = swapped[1]
    swapped[1] = (g1[0], g1[1], swapped[0][2], g1[3], g1[4], g1[5], g1[6])  # the other term's kernel: H n != 0
    assert not replace(ev, terms=tuple(swapped)).check()
    assert convexity("log(exp(x) + exp(y) + exp(z)) + (x - y)**2", property="strictly convex").status == "refuted"


def test_root_substitution_and_tampering():
    """exp(sqrt x) is convex exactly on x >= 1: f'' = e^u (u - 1)/(4 u^3) with u = sqrt x (BV 3.2.4)."""
    v = convexity("exp(sqrt(x))", domain="x >= 1")
    assert v.status == "proved" and v.check()
    ev = v.evidence[0].inner
    assert isinstance(ev, Nonnegative) and ev.method == "root-substitution" and ev.check()
    (xx,) = v.variables
    u, q, inner = ev.data
    assert not replace(ev, box=Box.parse("x >= 1/2", (xx,))).check()  # the u-interval no longer holds sqrt(1/2)
    assert not replace(ev, data=(u, 3, inner)).check()  # x = u^3 is another substitution
    assert not replace(ev, box=Box.parse("x >= -1", (xx,))).check()  # x = u^q reaches only x >= 0
    low = replace(inner, box=Box((u,), (Bound(sp.Rational(1, 2), sp.oo),)))
    assert not replace(ev, data=(u, q, low)).check()  # the inner claim fails on [1/2, oo)
    assert convexity("exp(sqrt(x))", domain="x > 0").status == "refuted"


def test_monotone_pieces_in_a_quasiconvex_composition():
    """BV 3.4.1 / Barron 2019: min(x^2 + y^2, 1), a truncated quadratic of the norm, is quasiconvex, not convex."""
    v = convexity("Min(x**2 + y**2, 1)", property="quasiconvex")
    assert v.status == "proved" and v.check()
    q = v.evidence[0]
    assert isinstance(q, QuasiProof) and q.method == "composition"
    s, u, phi, ubox, direction, proof = q.data
    assert proof[0] == "pieces"
    assert not replace(q, data=(s, u, phi, ubox, -direction, proof)).check()
    pieces = proof[1]
    assert not replace(q, data=(s, u, phi, ubox, direction, ("pieces", pieces[:1]))).check()  # the pieces must cover
    assert not replace(q, data=(s, u, -phi, ubox, direction, proof)).check()
    assert convexity("Min(x**2 + y**2, 1)").status == "refuted"


def test_function_of_an_affine_form_plus_a_quadratic():
    """Beck 6.7 / BV 3.2.2: the Huber function of x - 2y is 5-smooth (H = phi''(l) a a^T, |a|^2 = 5), not 4-smooth;
    the witness against L = 4 lies on the line along Q^-1 a where the quadratic remainder is affine."""
    f = Objective(huber_affine())
    v = convexity(f, property="L-smooth", L=5)
    assert v.status == "proved" and v.check()
    sums = [ev for _, evs in v.evidence[0].targets for ev in evs if isinstance(ev, SumOfConvex)]
    assert sums and all(s.check() for s in sums)
    s = sums[0]
    (g1, e1), (g2, e2) = s.parts
    assert not replace(s, parts=((g1, e1), (g2 + v.variables[0] ** 2, e2))).check()  # the parts must sum to g
    assert not replace(s, parts=((g1, e2), (g2, e1))).check()  # each part's evidence is its own
    w = convexity(f, property="L-smooth", L=4)
    assert w.status == "refuted" and w.check() and isinstance(w.witness, JensenWitness)
    assert not replace(w.witness, y=w.witness.x).check()  # a degenerate segment shows nothing
    assert not replace(w.witness, expr=f.expr).check()  # the gap is for g = 2|x|^2 - f, not for f (convex)


def test_a_curvature_bound_that_does_not_recheck_is_no_proof():
    """A proved verdict must re-check: the Huber function of x - 2y is not 'proved' through a bound whose own
    checker rejects it (every proved verdict of this corpus re-checks, see the corpus test)."""
    v = convexity(Objective(huber_affine()), property="L-smooth", L=5)
    assert v.status == "proved" and v.check() and all(ev.check() for ev in v.evidence)


def test_powers_of_norms_and_power_means():
    """BV 3.1.5 / 3.2.4: a p-norm raised to k >= 1 is convex (the squared 3-norm), raised to k < 1 it need not be
    (``(|x|^3 + |y|^3)^(1/6)``, a square root of a norm); a power mean raised to k > 1 is not concave."""
    v = convexity("(abs(x)**3 + abs(y)**3)**(2/3)")
    assert v.status == "proved" and v.check()
    tree = v.evidence[0]
    assert tree.rule == "power-sum"
    assert not replace(tree, curvature="concave").check()
    assert not replace(tree, expr=sp.sympify(tree.expr).base ** sp.Rational(1, 6)).check()  # k = 1/2: the rule refuses
    assert convexity("(abs(x)**3 + abs(y)**3)**(1/6)").status == "refuted"
    assert convexity("(x**(1/3) + y**(1/3))**4", domain="x > 0, y > 0", property="concave").status == "refuted"


def test_a_common_kernel_direction_refutes_strictness():
    """The kernels' intersection is not {0}: every term is affine along it (x^4 + (y - z)^2 along (0, 1, 1); a
    quartic and a square of the same linear form along (-2, 1, 0)), so f is affine on a segment (BV 3.1.5)."""
    from symopt.convexity import AffineSegmentWitness

    for expr, d in (("x**4 + (y - z)**2", (0, 1, 1)), ("(x + 2*y)**4 + (2*x + 4*y)**2 + z**2", (-2, 1, 0))):
        v = convexity(expr, property="strictly convex")
        assert v.status == "refuted" and v.check()
        w = v.witness
        assert isinstance(w, AffineSegmentWitness)
        step = [q - p for p, q in zip(w.a, w.b)]
        assert sp.Matrix([step, list(d)]).rank() == 1  # along the common direction
        assert not replace(w, b=(w.b[0] + 1, *w.b[1:])).check()  # off that direction f is not affine
