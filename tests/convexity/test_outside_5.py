"""The fifth outside corpus (issue 25): every verdict right or honestly unknown, never wrong, every piece of evidence
re-checks, the truths hold outside symopt; and the methods the corpus prompted, each with tampered evidence rejected.

Sources are named per question in ``corpus_outside_5.py``: Boyd & Vandenberghe ch. 3-4 and exercises 3.16-3.32,
Nesterov's *Lectures on Convex Optimization* 5.1-5.3 (barriers), Rockafellar's *Convex Analysis* sec. 4-5,
Bauschke & Combettes (Bregman distances, Burg entropy), Hiriart-Urruty & Lemarechal B.1 (piecewise functions),
Borwein & Lewis 3.1 (eigenvalues of symmetric matrices), Ahmadi-Olshevsky-Parrilo-Tsitsiklis (2013), Motzkin (1967),
McCullagh & Nelder (GLM deviances), Jorgensen (1997, Tweedie), Koenker & Bassett (1978), Crammer & Singer (2001),
Freund & Schapire (1997), Fevotte & Idier (2011), Renyi (1961), Topsoe (2000).

First ask (symopt unchanged at f6ab884): 137 of 147 decided (93.2%), 0 wrong.  After the methods below: 144 of 147
(98.0%), 0 wrong, every piece of evidence re-checks.  A second batch of 32 (``CORPUS_5B``), written after those
methods and before symopt saw it: 32 of 32 decided on first ask, 0 wrong.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import mpmath
import pytest
import sympy as sp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_outside_5 import CORPUS_5, CORPUS_5B, half_plane_square  # noqa: E402
from corpus_convexity_2 import sampled_truth_count  # noqa: E402

from symopt import Objective  # noqa: E402
from symopt.convexity import convexity  # noqa: E402
from symopt.convexity.evidence import Nonnegative  # noqa: E402
from symopt.convexity.evidence_pieces import GridPiecewiseConvex  # noqa: E402
from symopt.convexity.evidence_strict import NormPowerStrictness, StrictPlusConvex  # noqa: E402
from symopt.convexity.nonnegative import prove_nonnegative  # noqa: E402
from symopt.core.domain import Box  # noqa: E402
from symopt.exact import interval as ivl  # noqa: E402
from symopt.exact.signs import defined_on  # noqa: E402

#: Questions symopt leaves undecided, with the reason each needs (measured; the test asks only for a stated reason).
UNDECIDED = {
    # the domain: (1 + erf(x/sqrt 2))/2 > 0 on R is not shown (its enclosure over R is [0, 1]); then f'' <= 0 on R
    # would need the Mills-ratio inequality, which no enclosure of the whole line gives
    "log of the Gaussian CDF concave": "defined",
    # the Hessian's 2x2 minor (in x, z) is a degree-6 polynomial over an unbounded box: no SOS, no branch-and-bound
    "matrix fractional 1^T X^-1 1 convex": "minor",
    # the domain: exp(2x) - exp(x) > 0 for x > 0 needs the factorisation exp(x)(exp(x) - 1), which the sign prover
    # does not try
    "signomial in log form concave": "defined",
}

_VERDICTS: dict = {}

#: Both batches: the first (the share of issue 25 is measured on it) and the held-out second.
ALL = CORPUS_5 + CORPUS_5B


def _verdict(case):
    if case.name not in _VERDICTS:
        budget = 2.0 if case.name in UNDECIDED else 10.0  # undecided at 10 as at 2: CI time spent on nothing
        _VERDICTS[case.name] = convexity(Objective(case.expr), domain=case.domain, property=case.property, budget=budget)
    return _VERDICTS[case.name]


@pytest.mark.parametrize("case", ALL, ids=[c.name for c in ALL])
def test_outside_corpus_5_verdicts_and_evidence(case):
    """Each question's source is in its ``source`` field; the expected verdict is the published / hand-derived truth."""
    v = _verdict(case)
    if case.name in UNDECIDED and v.status == "unknown":  # (a later method may decide it: then it must be right)
        assert UNDECIDED[case.name] in v.reason, v.explain()
    else:
        assert v.status == ("proved" if case.truth else "refuted"), v.explain()
    assert v.check(), v.explain()
    if v.status == "proved":
        assert all(ev.check() for ev in v.evidence)
    if v.status == "refuted":
        assert v.witness.check()
    assert v.explain().strip()


def test_outside_corpus_5_decided_share():
    """Issue 25's measure on a set written before the methods it prompted: at least 95% decided, none wrong."""
    for batch in (CORPUS_5, CORPUS_5B):
        decided = [c for c in batch if _verdict(c).status != "unknown"]
        wrong = [c.name for c in decided if (_verdict(c).status == "proved") != c.truth]
        assert not wrong
        assert len(decided) >= 0.95 * len(batch), sorted({c.name for c in batch} - {c.name for c in decided})


# ------------------------------------------------------------------------------ the truths, outside symopt

#: Lines along which a "not strictly convex" question's function is affine (point, direction): the sampler's pairs
#: run along coordinate axes and the diagonal, or the gap drowns in rounding.
AFFINE_ALONG = {
    "lambda_max not strictly convex": ((1, 2, 0), (1, 1, 0)),  # lambda_max(X + tI) = lambda_max(X) + t
    "exp(x + y) not strictly convex": ((0, 0), (1, -1)),
    "-sqrt(xy) not strictly convex": ((1, 1), (1, 1)),  # positively homogeneous: linear on rays
    "scaled logistic of a float form not strictly convex": ((0, 0), (3, 1)),  # 0.4*3 - 1.2*1 = 0
    "norm plus (x - y)^2 not strictly convex": ((1, 1), (1, 1)),
    "((x + 2y)^2 + 1)^(2/3) not strictly convex": ((0, 0), (2, -1)),
    "generalised KL not strictly convex": ((1, 2), (1, 2)),
}

#: ``(a, b, theta)`` with f(theta a + (1 - theta) b) above theta f(a) + (1 - theta) f(b) (the jump is one point wide).
JENSEN = {"Piecewise with an upward jump not convex": ((1,), (2,), sp.Rational(99, 100)),
          # along the eigenvector of the eigenvalue -0.0017: d^T Q d = -71.4 for d = (200, 207)
          "float quadratic with det just below 0 not convex": ((0, 0), (200, 207), sp.Rational(1, 2))}

#: Strict questions on R^n whose sampled check at |arguments| ~ 800 meets the 1000-digit limit (log(1 + e^2400) is
#: affine to 1000 digits): sampled on a box, and the exponent vectors' rank shows no direction is left (BV 3.1.5: a sum
#: of strictly convex functions of a_j.x is strictly convex when the a_j span R^n).
STRICT_RANK = {
    "Poisson GLM NLL strictly convex": ("-30 <= x <= 30, -30 <= y <= 30", [[1, 2], [1, -1]]),
    "exponential loss of two margins strictly convex": ("-30 <= x <= 30, -30 <= y <= 30", [[-1, 2], [1, -1]]),
    "softplus with temperature 3 strictly convex": ("-30 <= x <= 30", [[3]]),
}


def _affine_on_line(expr, point, direction) -> bool:
    obj = Objective(expr)
    f = sp.lambdify(obj.variables, obj.expr, modules="mpmath")
    with mpmath.workdps(50):
        ts = (0, 1, 2, mpmath.mpf(7) / 3)
        vals = [f(*[mpmath.mpf(a) + t * b for a, b in zip(point, direction)]) for t in ts]
        slope = vals[1] - vals[0]
        return all(abs(v - vals[0] - t * slope) < mpmath.mpf(10) ** -40 for v, t in zip(vals, ts))


@pytest.mark.parametrize("case", ALL, ids=[c.name for c in ALL])
def test_outside_corpus_5_truth_outside_symopt(case):
    """The stated truths hold by 50-digit sampling of the defining inequality (mpmath, no symopt layer); where sampling
    cannot see the truth, an affine line, an explicit Jensen triple or an exact rank settles it."""
    name = case.name
    if name in AFFINE_ALONG:
        assert case.truth is False and _affine_on_line(case.expr, *AFFINE_ALONG[name])
        return
    if name in JENSEN:
        obj = Objective(case.expr)
        f = sp.lambdify(obj.variables, obj.expr, modules="mpmath")
        a, b, t = JENSEN[name]
        with mpmath.workdps(50):
            tt = mpmath.mpf(t.p) / t.q
            mid = [tt * p + (1 - tt) * q for p, q in zip(a, b)]
            assert f(*mid) > tt * f(*a) + (1 - tt) * f(*b) + mpmath.mpf(10) ** -30 and case.truth is False
        return
    if name in STRICT_RANK:
        box, vectors = STRICT_RANK[name]
        assert sp.Matrix(vectors).rank() == len(vectors[0]) and case.truth is True
        case = replace(case, domain=box)
    if name == "antiderivative of erf strictly convex":  # x erf x is |x| to 1000 digits once |x| > 60
        x = sp.Symbol("x", real=True)
        assert sp.simplify(sp.diff(case.expr, x, 2) - 2 * sp.exp(-x**2) / sp.sqrt(sp.pi)) == 0 and case.truth
        case = replace(case, domain="-5 <= x <= 5")
    # a false truth stops at its first violation, so it may sample longer; a true one samples 40 pairs
    holds, used = sampled_truth_count(case, pairs=40 if case.truth else 300, seed=5)
    assert used >= 15 or not holds
    assert holds == case.truth


# ------------------------------------------------------------------------------ the methods, tampering rejected


def test_sum_of_signed_terms_and_quotients_prove_a_barrier_strictly_convex():
    """Nesterov 5.3: -log x - log y - log(1 - x - y) is strictly convex on (0, 1/2)^2; its Hessian minors blow up at
    the open ends, so they are proved term by term (1/x^2 + 1/(1 - x - y)^2) and as quotients whose polynomial
    numerator is positive on the closed box."""
    v = convexity("-log(x) - log(y) - log(1 - x - y)", domain="0 < x < 1/2, 0 < y < 1/2", property="strictly convex")
    assert v.status == "proved" and v.check()
    x, y = sp.symbols("x y", real=True)
    box = Box.parse("0 < x < 1/2, 0 < y < 1/2", (x, y))
    ev = prove_nonnegative(1 / x**2 + 1 / (1 - x - y) ** 2, box, strict=True)
    assert ev is not None and ev.method == "terms" and ev.check()
    a, b = ev.data
    assert not replace(ev, data=(a,)).check()  # one term is no sum
    neg = -b.expr
    forged = replace(ev, expr=a.expr + neg, form=a.expr + neg, data=(a, Nonnegative(neg, box, "sign", neg, False)))
    assert not forged.check()  # a negative term fails its own check
    assert not replace(ev, data=(replace(a, strict=False), replace(b, strict=False))).check()  # > 0 needs a strict term
    assert not replace(ev, data=(b, a)).check()  # the parts are the form's terms, in order
    H = sp.hessian(-sp.log(x) - sp.log(y) - sp.log(1 - x - y), (x, y))
    q = prove_nonnegative(H.det(method="berkowitz"), box, strict=True)
    assert q is not None and q.method == "quotient" and q.check()
    num, den = q.data
    assert not replace(q, data=(num, replace(den, strict=False))).check()  # the denominator must be > 0
    assert not replace(q, data=(replace(num, expr=num.expr + 1, form=num.form + 1), den)).check()  # num/den must be f
    wide = Box.parse("-1 <= x <= 1, -1 <= y <= 1", (x, y))
    assert not replace(q, data=(replace(num, box=wide), den)).check()  # the numerator's box is this box or its closure


def test_piecewise_cells_with_conditions_that_switch_on_a_face():
    """HUL B.1: Piecewise((x^2 + y^2, x >= 0), (y^2, True)) = max(x, 0)^2 + y^2 is convex; on the cell x <= 0 its
    condition is undecided only on the face x = 0, where the face values are checked to agree."""
    f = half_plane_square()
    v = convexity(f)
    assert v.status == "proved" and v.check()
    ev = v.evidence[0]
    assert isinstance(ev, GridPiecewiseConvex) and ev.check()
    x, y = sp.symbols("x y", real=True)
    dip = sp.Piecewise((x**2 + y**2, x > 0), (y**2 - 1, x >= 0), (y**2, True))  # lower on the face: not convex
    bump = sp.Piecewise((x**2 + y**2, x > 0), (y**2 + 1, x >= 0), (y**2, True))  # higher on the face: not convex
    assert not replace(ev, f=dip).check()
    assert not replace(ev, f=bump).check()
    assert convexity(dip).status == "refuted"
    assert convexity(bump).status != "proved"


def test_power_of_an_injective_euclidean_norm_is_strictly_convex():
    """BV 3.2.4 / Rockafellar Thm 5.1: |(x, y)|^(3/2) is strictly convex (its Hessian is undefined at 0); the norm
    itself (r = 1/2) and a power of a non-injective norm ((x + y)^2 + 1)^(3/4) are not."""
    v = convexity("(x**2 + y**2)**(3/4)", property="strictly convex")
    assert v.status == "proved" and v.check()
    ev = v.evidence[0]
    assert isinstance(ev, NormPowerStrictness) and ev.check()
    x, y = v.variables
    assert not replace(ev, f=(x**2 + y**2) ** sp.Rational(1, 2)).check()  # r = 1/2: linear on rays
    assert not replace(ev, f=((x + y) ** 2 + 1) ** sp.Rational(3, 4)).check()  # the factorisations are of another q
    assert not replace(ev, quadratic=ev.homogenised).check()
    assert not replace(ev, f=-(x**2 + y**2) ** sp.Rational(3, 4)).check()
    assert convexity("(x**2 + 2*x*y + y**2 + 1)**(3/4)", property="strictly convex").status == "refuted"
    assert convexity("(x**2 + y**2)**(1/2)", property="strictly convex").status == "refuted"


def test_interval_extensions_of_asinh_erf_and_tan():
    """Enclosures of asinh, erf and tan contain the 60-digit values (mpmath) at the ends and the middle; tan of an
    interval that may reach a pole is undefined, and tan is defined on a box only where cos keeps its sign."""
    x = sp.Symbol("x", real=True)
    cases = ((sp.asinh(x), mpmath.asinh, (sp.Rational(-7, 3), sp.Rational(5, 2))),
             (sp.erf(x), mpmath.erf, (sp.Rational(-3, 2), sp.Rational(1, 3))),
             (sp.tan(x), mpmath.tan, (sp.Rational(-1, 2), sp.Rational(3, 2))))
    for expr, ref, (lo, hi) in cases:
        r = ivl.enclose(expr, {x: (lo, hi)})
        with mpmath.workdps(60):
            for t in (lo, hi, (lo + hi) / 2):
                val = ref(mpmath.mpf(t.p) / t.q)
                assert ivl.lower(r) <= val <= ivl.upper(r)
        point = ivl.enclose(expr, {x: (lo, lo)})
        assert float(ivl.upper(point) - ivl.lower(point)) < 1e-12
    with pytest.raises(ivl.Undefined):
        ivl.enclose(sp.tan(x), {x: (1, 2)})  # pi/2 inside
    assert defined_on(sp.tan(x), Box.parse("0 <= x <= 3/2", (x,))) is not None
    assert defined_on(sp.tan(x), Box.parse("0 <= x <= 2", (x,))) is None
    assert defined_on(sp.erf(x), Box.whole((x,))) is not None
    w = convexity("tan(x)", domain="-1/2 <= x <= 3/2")
    assert w.status == "refuted" and w.witness.check()
    assert not replace(w.witness, x=w.witness.y).check()


def test_a_strictly_convex_term_plus_a_convex_rest():
    """BV 3.2.1: |(x, y)|^(3/2) + e^x is strictly convex (the first term by NormPowerStrictness, the rest convex);
    the norm itself plus (x - y)^2 is not (both are linear on the ray t(1, 1))."""
    v = convexity("(x**2 + y**2)**(3/4) + exp(x)", property="strictly convex")
    assert v.status == "proved" and v.check()
    ev = v.evidence[0]
    assert isinstance(ev, StrictPlusConvex) and ev.check()
    (g, gevs), (h, hevs) = ev.strict_part, ev.convex_part
    x, y = v.variables
    assert not replace(ev, convex_part=(h + x**2, hevs)).check()  # the parts must add up to f (and be the proved ones)
    assert not replace(ev, strict_part=(h, hevs), convex_part=(g, gevs)).check()  # e^x is not strictly convex in (x, y)
    assert not replace(ev, f=ev.f - x**2, convex_part=(h - x**2, hevs)).check()  # e^x - x^2's evidence is not e^x's
    assert convexity("sqrt(x**2 + y**2) + (x - y)**2", property="strictly convex").status == "refuted"


def test_tan_and_erf_are_analytic_where_defined():
    """A convex analytic function with f'' not identically 0 is strictly convex: tan on [0, 3/2] (its pole is outside
    the box) and the antiderivative of erf on R."""
    v = convexity("tan(x)", domain="0 <= x <= 3/2", property="strictly convex")
    assert v.status == "proved" and v.check()
    ev = v.evidence[0]
    assert not replace(ev, box=Box.parse("0 <= x <= 2", v.variables)).check()  # pi/2 inside: not defined there
