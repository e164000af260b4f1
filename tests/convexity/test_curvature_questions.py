"""``convexity(f, property="L-smooth", L=...)`` and ``"strongly convex"`` decided through the exact
curvature bounds of :mod:`symopt.data` (issue 27, item 4), with certificates re-checked.

Published constants checked:

* logistic loss ``log(1 + e^t)``: ``phi'' <= 1/4``, so ``sum_i log(1 + exp(a_i . x))`` is
  ``lambda_max(sum a_i a_i^T)/4``-smooth, attained at ``x = 0`` (Bubeck, *Convex Optimization:
  Algorithms and Complexity*, 2015, section 3.4 / the logistic-regression constant
  ``lambda_max(X^T X)/(4n)``);
* log-sum-exp: ``lambda_max(diag p - p p^T) <= 1/2`` (Boehning, "Multinomial logistic regression
  algorithm", Ann. Inst. Statist. Math. 44, 1992), the supremum approached as two of ``p`` tend to 1/2;
* squared hinge ``sum max(0, 1 - a_i . x)^2``: ``2 lambda_max(A^T A)``, here ``7 + sqrt(13)``;
* smoothed norm ``sqrt(||x||^2 + eps^2)``: ``1/eps`` (Beck, *First-Order Methods in Optimization*,
  SIAM 2017, Example 5.14 / the Huber-type smoothing of the norm), here ``eps = 1/10`` gives 10;
* half the squared distance to a closed convex set: gradient ``x - P_C(x)``, 1-Lipschitz (Beck 2017,
  Example 5.5 and Theorem 6.60), here the unit disk;
* the l2-regularised logistic loss ``... + (x^2 + y^2)/20``: strongly convex with ``mu = 1/10``
  (the regulariser's curvature; the losses' curvature tends to 0 far out).
"""

import pytest
import sympy as sp

from data.curvature_cases import CURVATURE_CASES, CURVATURE_IDS  # tests/data (pythonpath: tests)
from symopt import Objective, convexity
from symopt.convexity.evidence_curvature import CurvatureBoundProof
from symopt.data import smoothness

CASES, IDS = CURVATURE_CASES, CURVATURE_IDS  # tests/data/curvature_cases.py


def _ask(text, prop, value):
    kw = {"L": value} if prop == "L-smooth" else {"modulus": value}
    return convexity(text, property=prop, **kw)


@pytest.mark.parametrize("text,prop,true", CASES, ids=IDS)
def test_the_true_constant_is_proved_and_a_better_one_refuted(text, prop, true):
    v = _ask(text, prop, true)
    assert v.status == "proved" and v.check(), v.reason
    better = true * sp.Rational(99, 100) if prop == "L-smooth" else true * sp.Rational(101, 100)
    w = _ask(text, prop, better)
    assert w.status == "refuted" and w.check()
    # the refutation is a point: the defining inequality fails there (re-evaluated by the witness itself)
    assert w.witness is not None


@pytest.mark.parametrize("text,true", [(c[0], c[2]) for c in CASES[:5]], ids=IDS[:5])
def test_without_a_constant_the_exact_one_is_found(text, true):
    v = convexity(text, property="L-smooth")
    assert v.status == "proved" and v.check()
    assert sp.simplify(v.parameter - true) == 0 or v.parameter >= true  # exact, or a valid larger one


def test_the_certificate_fails_when_tampered():
    f = Objective("sqrt(x**2+y**2+1/100)")
    b = smoothness(f)
    v = convexity(f, property="L-smooth", L=10)
    ev = next(e for e in v.evidence if isinstance(e, CurvatureBoundProof))
    assert ev.check()
    assert not CurvatureBoundProof(ev.f, ev.variables, "L-smooth", sp.Rational(999, 100), b, ev.box).check()
    assert not CurvatureBoundProof(ev.f + ev.variables[0] ** 4, ev.variables, "L-smooth", sp.Integer(10), b,
                                   ev.box).check()
    assert not CurvatureBoundProof(ev.f, ev.variables, "strongly convex", sp.Integer(10), b, ev.box).check()


def test_a_bounded_domain_is_not_answered_by_a_whole_space_bound():
    v = convexity("sqrt(x**2+y**2+1/100)", property="L-smooth", L=10, domain="x > 0")
    assert not any(isinstance(e, CurvatureBoundProof) for e in v.evidence)
