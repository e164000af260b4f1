"""The third outside corpus (issue 25): never wrong, every piece of evidence re-checks, the truths hold outside symopt.

Sources are named per question in ``corpus_outside_3.py``: Ahmadi & Parrilo (2012, 2013), Beck's
*First-Order Methods in Optimization* (2017), Boyd & Vandenberghe ch. 3, Cover & Thomas Thm 2.7.2,
Owen (2007), Barron (CVPR 2019), Hastie-Tibshirani-Friedman 4.4.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import mpmath
import pytest
import sympy as sp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_outside_3 import CORPUS_3  # noqa: E402
from corpus_convexity_2 import sampled_truth_count  # noqa: E402

from symopt import Objective  # noqa: E402
from symopt.convexity import convexity  # noqa: E402

#: Budget per question (seconds): the Ahmadi-Parrilo octic is undecided at any budget symopt has, so it gets little.
BUDGET = {"AP octic convex": 1.0}

_VERDICTS: dict = {}


def _verdict(case):
    if case.name not in _VERDICTS:
        _VERDICTS[case.name] = convexity(Objective(case.expr), domain=case.domain, property=case.property,
                                         modulus=case.modulus, L=case.L, budget=BUDGET.get(case.name, 10.0))
    return _VERDICTS[case.name]


@pytest.mark.parametrize("case", CORPUS_3, ids=[c.name for c in CORPUS_3])
def test_outside_corpus_3_never_wrong_and_evidence_rechecks(case):
    """Each question's source is in its ``source`` field (AP 2012/2013, Beck FOM, BV ch. 3, Cover-Thomas, ...)."""
    v = _verdict(case)
    if case.truth:
        assert v.status != "refuted", v.explain()
    else:
        assert v.status != "proved", v.explain()
    assert v.check(), v.explain()
    if v.status == "proved":
        assert all(ev.check() for ev in v.evidence)
    if v.status == "refuted":
        assert v.witness.check()


def test_outside_corpus_3_decided_share():
    """Issue 25's measure on a set written before the methods: 27 of 54 decided before, 52 when measured (at least 50 asked here)."""
    decided = [c.name for c in CORPUS_3 if _verdict(c).status != "unknown"]
    assert len(decided) >= 50, sorted(set(c.name for c in CORPUS_3) - set(decided))


#: Directions along which a "not strictly convex" question's function is affine (the sampler would not find them).
AFFINE_ALONG = {"lse plus a square not strictly convex": ((0, 0), (2, 1)),
                "two-term lse not strictly convex": ((1, -1), (6, -1))}


@pytest.mark.parametrize("case", CORPUS_3, ids=[c.name for c in CORPUS_3])
def test_outside_corpus_3_truth_outside_symopt(case):
    """The stated truths hold by 50-digit sampling of the defining inequality (mpmath, no symopt layer);
    a function claimed affine along a direction is checked to be affine there at 50 digits."""
    if case.name in AFFINE_ALONG:
        obj = Objective(case.expr)
        (p, d) = AFFINE_ALONG[case.name]
        f = sp.lambdify(obj.variables, obj.expr, modules="mpmath")
        with mpmath.workdps(50):
            vals = [f(*[mpmath.mpf(a) + t * b for a, b in zip(p, d)]) for t in (0, 1, 2, mpmath.mpf(7) / 3)]
            slope = vals[1] - vals[0]
            assert all(abs(v - vals[0] - t * slope) < mpmath.mpf(10) ** -40
                       for v, t in zip(vals, (0, 1, 2, mpmath.mpf(7) / 3)))
        assert case.truth is False
        return
    if case.name == "Hessian singular at sqrt(2): not strongly convex":
        # f''(sqrt 2) = 0: no m > 0 bounds the curvature below (sampling would need a point within 1e-2 of sqrt 2)
        (x,) = Objective(case.expr).variables
        with mpmath.workdps(50):
            assert abs(sp.lambdify(x, sp.diff(Objective(case.expr).expr, x, 2), modules="mpmath")(mpmath.sqrt(2))) < 1e-45
        assert case.truth is False
        return
    if case.domain == "natural":
        case = replace(case, domain="x > 1")  # its natural domain: log(x) > 0
    holds, used = sampled_truth_count(case, pairs=60, seed=2)
    assert used >= 25 or not holds
    assert holds == case.truth
