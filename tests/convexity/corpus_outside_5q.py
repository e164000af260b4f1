"""The fifth outside convexity corpus (issue 25, part q): smoothness constants ``L``, strong-convexity moduli ``m``
and quasiconvexity, written before any change they might prompt.

Written by a session (helper-15) that had not seen symopt's answers to them; none repeats a question of the earlier
corpora (``corpus_convexity.py``, ``corpus_convexity_2.py``, ``corpus_outside_3.py``, ``corpus_outside_4.py``,
``data/curvature_cases.py``): the functions, domains or constants differ.  Every :class:`Case` names its source;
``truth`` is the mathematical fact, derived by hand (``why``), and each constant question comes with the tight
constant (true), a slightly too small ``L`` / too large ``m`` (false) and a loose one (true); each quasiconvexity
question with a false twin.  The truths are re-checked outside symopt by ``test_outside_5q.py``: sampling the
defining inequality at 50 digits (:func:`corpus_convexity_2.sampled_truth_count`) for every question, and for
every false one the exact place where it fails (:data:`FAILS_AT`: a point where a finite-difference Hessian at 50
digits has an eigenvalue beyond the claimed constant, or a segment whose midpoint breaks the quasiconvexity
inequality).

Sources:

* **Beck** A. Beck, *First-Order Methods in Optimization* (SIAM 2017), ch. 5: Example 5.2 (quadratics:
  ``L = ||A||``), 5.4/5.15 (least squares ``||Ax - b||^2`` is ``2 lambda_max(A^T A)``-smooth, log-sum-exp /
  the mu-smoothed max ``mu log sum exp(x_i/mu)`` is ``1/mu``-smooth), Theorem 5.12 (``L``-smooth iff
  ``||H|| <= L`` for C^2 functions), 5.17-5.19 (strong convexity of regularised quadratics, ``m = lambda_min``),
  5.3.1 (strong convexity of ``f + (sigma/2)|x|^2``); ch. 6.7 (Moreau envelopes ``M_mu`` are ``1/mu``-smooth:
  Huber = ``M_mu`` of ``|x|``, the envelope of ``max(x, 0)``).
* **Nesterov** Yu. Nesterov, *Lectures on Convex Optimization* (2018): Thm 2.1.6 / 2.1.11 (``L`` and ``m`` are
  the extreme eigenvalue bounds of the Hessian on the set), 5.1-5.3 (the barrier ``-log x - log(1 - x)``).
* **Bubeck** S. Bubeck, *Convex Optimization: Algorithms and Complexity* (2015), 3.2 / 3.4: ``beta``-smoothness
  of losses (logistic ``phi'' <= 1/4``, squared hinge), ridge regularisation gives ``alpha``-strong convexity.
* **BV** Boyd & Vandenberghe, *Convex Optimization* (2004): 3.4.1 (Examples 3.30 log, 3.32 products, 3.33
  linear-fractional, 3.34 distance ratio), 3.4.2-3.4.4 (unimodal functions of one variable, monotone
  compositions, operations preserving quasiconvexity), 3.4.5 (convex over concave ratios).
* **GP** Greenberg & Pierskalla, "A review of quasi-convex functions", Operations Research 19 (1971): monotone
  functions are quasilinear; a sum of quasiconvex functions need not be quasiconvex (``x^3 + y``, ``x^3 + y^3``);
  ``x^3 - 3x`` (quasiconvex only where unimodal).
* **RS** Rennie & Srebro, "Loss functions for preference levels" (IJCAI-05 workshop): the smooth hinge,
  1-smooth.
* **BR** Barron, "A general and adaptive robust loss function" (CVPR 2019): Cauchy, Geman-McClure, Welsch;
  their second derivatives bounded by 2, 2, 1 (nonconvex, but L-smooth).
* **ESL** Hastie, Tibshirani & Friedman, *Elements of Statistical Learning*, 3.4.1 (ridge) and 10.6 (losses).

Run ``python tests/convexity/corpus_outside_5q.py [pairs]`` for the dense check.

First ask (symopt unchanged, commit f6ab884, 2026-12-08 01:36-01:48 UTC, budget=10 per question, shared 2-core
machine): 106 questions, 99 decided (93.4%), 0 wrong, every verdict's ``check()`` True (0 re-check failures).
Undecided then: "mu-smoothed max, mu = 1/2, Beck's 2-smooth" (a loose L not proved though the tight L = 1 is),
"Welsch 1 - exp(-x^2/2) 1-smooth" (1 + (1 - x^2) e^(-x^2/2) >= 0 on R not shown), "exp(x + y) on [0, 1]^2 not
29/2-smooth" (the curvature peaks at a corner of the box; no witness found), "distance ratio quasiconvex on
x <= 1", "atan(x + y) quasiconvex", "atan(x + y) quasiconcave" (monotone of an affine form),
"1/(1 + x^2 - xy + y^2) quasiconcave" (decreasing function of a positive convex quadratic).

Now (2026-12-08 03:00 UTC, after commits a443a0e, 840a5a9, 579b445 and the composition re-entrance guard):
105 of 106 decided (99.1%), 0 wrong, every ``check()`` True; ``test_outside_5q.py`` 219 tests in 129 s on the
loaded machine.  Still undecided: "Welsch 1 - exp(-x^2/2) 1-smooth" (the sign of 1 + (1 - x^2) e^(-x^2/2) on all of
R; the interval enclosure cannot bound x^2 e^(-x^2/2) on the unbounded tails).
"""

from __future__ import annotations

import sys
from pathlib import Path

import sympy as sp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the shared Case and sampler

from corpus_convexity_2 import Case, sampled_truth_count  # noqa: E402

_x, _y = sp.symbols("x y", real=True)
_R = sp.Rational


def huber_mu(mu) -> sp.Expr:
    """Beck 6.7 (Example 6.54): the Moreau envelope of |x| with parameter mu, x^2/(2 mu) inside, |x| - mu/2 beyond."""
    mu = sp.S(mu)
    return sp.Piecewise((_x**2 / (2 * mu), sp.Abs(_x) <= mu), (sp.Abs(_x) - mu / 2, True))


def relu_envelope(mu) -> sp.Expr:
    """Beck 6.7: the Moreau envelope of max(x, 0): 0 for x <= 0, x^2/(2 mu) on [0, mu], x - mu/2 beyond; 1/mu-smooth."""
    mu = sp.S(mu)
    return sp.Piecewise((0, _x <= 0), (_x**2 / (2 * mu), _x <= mu), (_x - mu / 2, True))


def smooth_hinge() -> sp.Expr:
    """RS 2005: 1/2 - x for x <= 0, (1 - x)^2/2 on [0, 1], 0 for x >= 1; f'' in {0, 1}, f' continuous."""
    return sp.Piecewise((_R(1, 2) - _x, _x <= 0), ((1 - _x) ** 2 / 2, _x <= 1), (0, True))


def huber_plus_ridge() -> sp.Expr:
    """Huber (mu = 1) plus x^2/2: f'' = 2 inside [-1, 1], 1 beyond."""
    return huber_mu(1) + _x**2 / 2


LOGISTIC_3 = "log(1 + exp(x - 2*y + 2*z))"
RIDGE_LOGISTIC = "log(1 + exp(x + y)) + (x**2 + y**2)/2"
QUAD_3 = "x**2 + y**2 + z**2 + x*y + y*z"
LSQ = "(x + 2*y - 1)**2 + (3*x + 4*y - 2)**2"
RIDGE = "(x + 2*y - 1)**2 + (x**2 + y**2)/10"
SMAX = "log(exp(2*x) + exp(2*y))/2"
DIST_RATIO = "sqrt(x**2 + y**2)/sqrt((x - 2)**2 + y**2)"
LINFRAC = "(2*x + y)/(x - y + 3)"

C = Case
CORPUS_5Q: list[Case] = [
    # --- smooth ML losses with exact constants (whole space)
    C("logistic of x - 2y + 2z 9/4-smooth", LOGISTIC_3, True, "H = s(1 - s) a a^T, |a|^2 = 9, s(1 - s) <= 1/4",
      "Bubeck 3.4 (logistic loss)", "losses", property="L-smooth", L=_R(9, 4)),
    C("logistic of x - 2y + 2z not 11/5-smooth", LOGISTIC_3, False, "eigenvalue 9/4 where x - 2y + 2z = 0",
      "Bubeck 3.4 (logistic loss)", "losses", property="L-smooth", L=_R(11, 5)),
    C("logistic of x - 2y + 2z 3-smooth", LOGISTIC_3, True, "3 >= 9/4", "Bubeck 3.4 (logistic loss)", "losses",
      property="L-smooth", L=3),
    C("log cosh(x + 2y) 5-smooth", "log(cosh(x + 2*y))", True, "H = sech^2(x + 2y) a a^T, |a|^2 = 5",
      "BR 2019 / Beck 5 (log-cosh loss)", "losses", property="L-smooth", L=5),
    C("log cosh(x + 2y) not 49/10-smooth", "log(cosh(x + 2*y))", False, "eigenvalue 5 at x + 2y = 0",
      "BR 2019 / Beck 5 (log-cosh loss)", "losses", property="L-smooth", L=_R(49, 10)),
    C("softplus(3x)/3 3/4-smooth", "log(1 + exp(3*x))/3", True, "f'' = 3 s(1 - s) <= 3/4", "Bubeck 3.4 (softplus)",
      "losses", property="L-smooth", L=_R(3, 4)),
    C("softplus(3x)/3 not 7/10-smooth", "log(1 + exp(3*x))/3", False, "f''(0) = 3/4", "Bubeck 3.4 (softplus)",
      "losses", property="L-smooth", L=_R(7, 10)),
    C("smoothed norm sqrt(4 + (x - y)^2) 1-smooth", "sqrt(4 + (x - y)**2)", True,
      "H = 4/(4 + t^2)^(3/2) a a^T, |a|^2 = 2: at most 1", "Beck Example 5.14 (smoothed norm)", "losses",
      property="L-smooth", L=1),
    C("smoothed norm sqrt(4 + (x - y)^2) not 9/10-smooth", "sqrt(4 + (x - y)**2)", False, "eigenvalue 1 at x = y",
      "Beck Example 5.14 (smoothed norm)", "losses", property="L-smooth", L=_R(9, 10)),
    C("mu-smoothed max, mu = 1/2, 1-smooth", SMAX, True, "H = 2(diag p - p p^T), eigenvalue 4 p1 p2 <= 1",
      "Beck Example 5.15 (log-sum-exp smoothing)", "losses", property="L-smooth", L=1),
    C("mu-smoothed max, mu = 1/2, Beck's 2-smooth", SMAX, True, "Beck's bound 1/mu = 2 >= 1",
      "Beck Example 5.15 (log-sum-exp smoothing)", "losses", property="L-smooth", L=2),
    C("mu-smoothed max, mu = 1/2, not 9/10-smooth", SMAX, False, "eigenvalue 1 at x = y",
      "Beck Example 5.15 (log-sum-exp smoothing)", "losses", property="L-smooth", L=_R(9, 10)),
    C("x atan x - log(1 + x^2)/2 1-smooth", "x*atan(x) - log(1 + x**2)/2", True, "f'' = 1/(1 + x^2) <= 1",
      "Beck Theorem 5.12 (bounded Hessian)", "losses", property="L-smooth", L=1),
    C("x atan x - log(1 + x^2)/2 not 19/20-smooth", "x*atan(x) - log(1 + x**2)/2", False, "f''(0) = 1",
      "Beck Theorem 5.12 (bounded Hessian)", "losses", property="L-smooth", L=_R(19, 20)),
    C("x atan x - log(1 + x^2)/2 not strongly convex", "x*atan(x) - log(1 + x**2)/2", False, "f'' -> 0 far out",
      "Beck Theorem 5.12 (bounded Hessian)", "losses", property="strongly convex"),
    # --- nonconvex robust losses that are still L-smooth (|f''| bounded on both sides)
    C("Cauchy loss log(1 + x^2) 2-smooth", "log(1 + x**2)", True, "f'' = 2(1 - x^2)/(1 + x^2)^2 in [-1/4, 2]",
      "BR 2019 (Cauchy)", "robust", property="L-smooth", L=2),
    C("Cauchy loss log(1 + x^2) not 19/10-smooth", "log(1 + x**2)", False, "f''(0) = 2", "BR 2019 (Cauchy)", "robust",
      property="L-smooth", L=_R(19, 10)),
    C("Welsch 1 - exp(-x^2/2) 1-smooth", "1 - exp(-x**2/2)", True, "f'' = (1 - x^2) e^(-x^2/2) in [-2e^(-3/2), 1]",
      "BR 2019 (Welsch)", "robust", property="L-smooth", L=1),
    C("Welsch 1 - exp(-x^2/2) not 9/10-smooth", "1 - exp(-x**2/2)", False, "f''(0) = 1", "BR 2019 (Welsch)",
      "robust", property="L-smooth", L=_R(9, 10)),
    C("Geman-McClure x^2/(1 + x^2) 2-smooth", "x**2/(1 + x**2)", True, "f'' = (2 - 6x^2)/(1 + x^2)^3 in [-1/2, 2]",
      "BR 2019 (Geman-McClure)", "robust", property="L-smooth", L=2),
    C("Geman-McClure x^2/(1 + x^2) not 19/10-smooth", "x**2/(1 + x**2)", False, "f''(0) = 2",
      "BR 2019 (Geman-McClure)", "robust", property="L-smooth", L=_R(19, 10)),
    C("sin x + cos y 1-smooth", "sin(x) + cos(y)", True, "H = diag(-sin x, -cos y), |entries| <= 1",
      "Beck Theorem 5.12 (bounded Hessian)", "robust", property="L-smooth", L=1),
    C("sin x + cos y not 99/100-smooth", "sin(x) + cos(y)", False, "|f_yy(0, 0)| = 1",
      "Beck Theorem 5.12 (bounded Hessian)", "robust", property="L-smooth", L=_R(99, 100)),
    # --- Moreau envelopes and C^1 piecewise losses
    C("Huber mu = 1/2 2-smooth", huber_mu(_R(1, 2)), True, "M_mu of |x| is 1/mu-smooth", "Beck 6.7 (Example 6.54)",
      "piecewise", property="L-smooth", L=2),
    C("Huber mu = 1/2 not 19/10-smooth", huber_mu(_R(1, 2)), False, "f'' = 2 on |x| < 1/2", "Beck 6.7 (Example 6.54)",
      "piecewise", property="L-smooth", L=_R(19, 10)),
    C("Huber mu = 1/2 5/2-smooth", huber_mu(_R(1, 2)), True, "5/2 >= 2", "Beck 6.7 (Example 6.54)", "piecewise",
      property="L-smooth", L=_R(5, 2)),
    C("envelope of max(x, 0), mu = 1/4, 4-smooth", relu_envelope(_R(1, 4)), True, "M_mu of max(x, 0): 1/mu-smooth",
      "Beck 6.7 (Moreau envelope)", "piecewise", property="L-smooth", L=4),
    C("envelope of max(x, 0), mu = 1/4, not 39/10-smooth", relu_envelope(_R(1, 4)), False, "f'' = 4 on (0, 1/4)",
      "Beck 6.7 (Moreau envelope)", "piecewise", property="L-smooth", L=_R(39, 10)),
    C("smooth hinge 1-smooth", smooth_hinge(), True, "f'' in {0, 1}, f' continuous at 0 and 1", "RS 2005",
      "piecewise", property="L-smooth", L=1),
    C("smooth hinge not 9/10-smooth", smooth_hinge(), False, "f'' = 1 on (0, 1)", "RS 2005", "piecewise",
      property="L-smooth", L=_R(9, 10)),
    C("Huber + x^2/2 1-strongly convex", huber_plus_ridge(), True, "f'' = 2 inside, 1 beyond; f' increasing",
      "Beck 5.3.1 (f + sigma/2 |x|^2)", "piecewise", property="strongly convex", modulus=1),
    C("Huber + x^2/2 not 11/10-strongly convex", huber_plus_ridge(), False, "f'' = 1 for |x| > 1",
      "Beck 5.3.1 (f + sigma/2 |x|^2)", "piecewise", property="strongly convex", modulus=_R(11, 10)),
    C("Huber + x^2/2 2-smooth", huber_plus_ridge(), True, "f'' <= 2", "Beck 5.3.1 / 6.7", "piecewise",
      property="L-smooth", L=2),
    C("squared hinge max(0, 1 - 2x - y)^2 10-smooth", "Max(0, 1 - 2*x - y)**2", True, "2 |a|^2 = 10",
      "Bubeck 3.4 (squared hinge)", "piecewise", property="L-smooth", L=10),
    C("squared hinge max(0, 1 - 2x - y)^2 not 19/2-smooth", "Max(0, 1 - 2*x - y)**2", False,
      "H = 2 a a^T where 2x + y < 1", "Bubeck 3.4 (squared hinge)", "piecewise", property="L-smooth", L=_R(19, 2)),
    C("x^2 + |x| 2-strongly convex", "x**2 + abs(x)", True, "x^2 is 2-strongly convex, |x| convex",
      "Beck 5.3.1 (f + sigma/2 |x|^2)", "piecewise", property="strongly convex", modulus=2),
    C("x^2 + |x| not 21/10-strongly convex", "x**2 + abs(x)", False, "f'' = 2 on x > 0",
      "Beck 5.3.1 (f + sigma/2 |x|^2)", "piecewise", property="strongly convex", modulus=_R(21, 10)),
    # --- quadratics, least squares, ridge: extreme eigenvalues
    C("3-D quadratic 1/2-strongly convex", QUAD_3, True, "eigenvalues 2 - sqrt 2, 2, 2 + sqrt 2; 0.586 >= 1/2",
      "Nesterov Thm 2.1.11", "quadratics", property="strongly convex", modulus=_R(1, 2)),
    C("3-D quadratic not 3/5-strongly convex", QUAD_3, False, "lambda_min = 2 - sqrt 2 = 0.586 < 0.6",
      "Nesterov Thm 2.1.11", "quadratics", property="strongly convex", modulus=_R(3, 5)),
    C("3-D quadratic 7/2-smooth", QUAD_3, True, "lambda_max = 2 + sqrt 2 = 3.414 <= 3.5", "Beck Example 5.2",
      "quadratics", property="L-smooth", L=_R(7, 2)),
    C("3-D quadratic not 17/5-smooth", QUAD_3, False, "lambda_max = 3.414 > 3.4", "Beck Example 5.2", "quadratics",
      property="L-smooth", L=_R(17, 5)),
    C("least squares 599/10-smooth", LSQ, True, "2 lambda_max(A^T A) = 2(15 + sqrt 221) = 59.73",
      "Beck Example 5.4 (least squares)", "quadratics", property="L-smooth", L=_R(599, 10)),
    C("least squares not 597/10-smooth", LSQ, False, "2 lambda_max(A^T A) = 59.73 > 59.7",
      "Beck Example 5.4 (least squares)", "quadratics", property="L-smooth", L=_R(597, 10)),
    C("least squares 1/4-strongly convex", LSQ, True, "2 lambda_min(A^T A) = 2(15 - sqrt 221) = 0.2678",
      "Beck 5.3 (strong convexity of least squares)", "quadratics", property="strongly convex", modulus=_R(1, 4)),
    C("least squares not 27/100-strongly convex", LSQ, False, "0.2678 < 0.27",
      "Beck 5.3 (strong convexity of least squares)", "quadratics", property="strongly convex", modulus=_R(27, 100)),
    C("ridge 1/5-strongly convex", RIDGE, True, "H = 2 a a^T + I/5, eigenvalues 1/5 and 51/5", "ESL 3.4.1 / Beck 5.3",
      "quadratics", property="strongly convex", modulus=_R(1, 5)),
    C("ridge not 1/4-strongly convex", RIDGE, False, "eigenvalue 1/5 along (2, -1)", "ESL 3.4.1 / Beck 5.3",
      "quadratics", property="strongly convex", modulus=_R(1, 4)),
    C("ridge 51/5-smooth", RIDGE, True, "lambda_max = 2 |a|^2 + 1/5", "ESL 3.4.1 / Beck Example 5.2", "quadratics",
      property="L-smooth", L=_R(51, 5)),
    C("ridge not 10-smooth", RIDGE, False, "lambda_max = 10.2", "ESL 3.4.1 / Beck Example 5.2", "quadratics",
      property="L-smooth", L=10),
    # --- ridge-regularised logistic regression: both constants
    C("ridge logistic 1-strongly convex", RIDGE_LOGISTIC, True, "H = s(1 - s) a a^T + I >= I", "Bubeck 3.4 / ESL 4.4",
      "regularised", property="strongly convex", modulus=1),
    C("ridge logistic not 11/10-strongly convex", RIDGE_LOGISTIC, False, "eigenvalue 1 along (1, -1)",
      "Bubeck 3.4 / ESL 4.4", "regularised", property="strongly convex", modulus=_R(11, 10)),
    C("ridge logistic 3/2-smooth", RIDGE_LOGISTIC, True, "lambda_max = 2 s(1 - s) + 1 <= 3/2", "Bubeck 3.4 / ESL 4.4",
      "regularised", property="L-smooth", L=_R(3, 2)),
    C("ridge logistic not 7/5-smooth", RIDGE_LOGISTIC, False, "eigenvalue 3/2 at x + y = 0", "Bubeck 3.4 / ESL 4.4",
      "regularised", property="L-smooth", L=_R(7, 5)),
    C("x^2 + sin x 1-strongly convex", "x**2 + sin(x)", True, "f'' = 2 - sin x >= 1", "Beck 5.3.1", "regularised",
      property="strongly convex", modulus=1),
    C("x^2 + sin x not 11/10-strongly convex", "x**2 + sin(x)", False, "f''(pi/2) = 1", "Beck 5.3.1", "regularised",
      property="strongly convex", modulus=_R(11, 10)),
    C("x^2 + sin x 3-smooth", "x**2 + sin(x)", True, "f'' = 2 - sin x <= 3", "Beck Theorem 5.12", "regularised",
      property="L-smooth", L=3),
    C("x^2 + sin x not 29/10-smooth", "x**2 + sin(x)", False, "f''(-pi/2) = 3", "Beck Theorem 5.12", "regularised",
      property="L-smooth", L=_R(29, 10)),
    # --- constants on a domain or a box
    C("x log x 1/2-strongly convex on [1/2, 2]", "x*log(x)", True, "f'' = 1/x >= 1/2", "Beck Example 5.27 style",
      "box", domain="1/2 <= x <= 2", property="strongly convex", modulus=_R(1, 2)),
    C("x log x not 3/5-strongly convex on [1/2, 2]", "x*log(x)", False, "f''(2) = 1/2", "Beck Example 5.27 style",
      "box", domain="1/2 <= x <= 2", property="strongly convex", modulus=_R(3, 5)),
    C("log barrier of (0, 1) 8-strongly convex", "-log(x) - log(1 - x)", True, "f'' = 1/x^2 + 1/(1 - x)^2 >= 8",
      "Nesterov 5.1 (barrier of an interval)", "box", domain="0 < x < 1", property="strongly convex", modulus=8),
    C("log barrier of (0, 1) not 17/2-strongly convex", "-log(x) - log(1 - x)", False, "f''(1/2) = 8",
      "Nesterov 5.1 (barrier of an interval)", "box", domain="0 < x < 1", property="strongly convex", modulus=_R(17, 2)),
    C("exp on [0, 1] 68/25-smooth", "exp(x)", True, "f'' = e^x <= e = 2.71828 <= 2.72", "Nesterov Thm 2.1.6", "box",
      domain="0 <= x <= 1", property="L-smooth", L=_R(68, 25)),
    C("exp on [0, 1] not 271/100-smooth", "exp(x)", False, "f''(1) = e > 2.71", "Nesterov Thm 2.1.6", "box",
      domain="0 <= x <= 1", property="L-smooth", L=_R(271, 100)),
    C("exp on [0, 1] 1-strongly convex", "exp(x)", True, "f'' = e^x >= 1", "Nesterov Thm 2.1.11", "box",
      domain="0 <= x <= 1", property="strongly convex", modulus=1),
    C("x^4 + x^2 on [-1, 1] 14-smooth", "x**4 + x**2", True, "f'' = 12x^2 + 2 <= 14", "Nesterov Thm 2.1.6", "box",
      domain="-1 <= x <= 1", property="L-smooth", L=14),
    C("x^4 + x^2 on [-1, 1] not 13-smooth", "x**4 + x**2", False, "f''(1) = 14", "Nesterov Thm 2.1.6", "box",
      domain="-1 <= x <= 1", property="L-smooth", L=13),
    C("x^4 + x^2 on [-1, 1] not 21/10-strongly convex", "x**4 + x**2", False, "f''(0) = 2", "Nesterov Thm 2.1.11",
      "box", domain="-1 <= x <= 1", property="strongly convex", modulus=_R(21, 10)),
    C("1/x^2 on [1, 2] 6-smooth", "1/x**2", True, "f'' = 6/x^4 in [3/8, 6]", "Nesterov Thm 2.1.6", "box",
      domain="1 <= x <= 2", property="L-smooth", L=6),
    C("1/x^2 on [1, 2] 3/8-strongly convex", "1/x**2", True, "f''(2) = 3/8", "Nesterov Thm 2.1.11", "box",
      domain="1 <= x <= 2", property="strongly convex", modulus=_R(3, 8)),
    C("1/x^2 on [1, 2] not 2/5-strongly convex", "1/x**2", False, "f''(2) = 3/8 < 2/5", "Nesterov Thm 2.1.11", "box",
      domain="1 <= x <= 2", property="strongly convex", modulus=_R(2, 5)),
    C("x^2 y^2 on [-1, 1]^2 6-smooth", "x**2*y**2", True, "eigenvalues x^2 + y^2 +- sqrt((x^2 - y^2)^2 + 16x^2y^2): 6 at (1, 1)",
      "Beck Theorem 5.12 (bounded Hessian on a set)", "box", domain="-1 <= x <= 1, -1 <= y <= 1", property="L-smooth", L=6),
    C("x^2 y^2 on [-1, 1]^2 not 11/2-smooth", "x**2*y**2", False, "H(1, 1) = [[2, 4], [4, 2]] has eigenvalue 6",
      "Beck Theorem 5.12 (bounded Hessian on a set)", "box", domain="-1 <= x <= 1, -1 <= y <= 1", property="L-smooth",
      L=_R(11, 2)),
    C("exp(x + y) on [0, 1]^2 15-smooth", "exp(x + y)", True, "lambda_max = 2 e^(x + y) <= 2 e^2 = 14.78",
      "Nesterov Thm 2.1.6", "box", domain="0 <= x <= 1, 0 <= y <= 1", property="L-smooth", L=15),
    C("exp(x + y) on [0, 1]^2 not 29/2-smooth", "exp(x + y)", False, "2 e^2 = 14.78 > 14.5", "Nesterov Thm 2.1.6",
      "box", domain="0 <= x <= 1, 0 <= y <= 1", property="L-smooth", L=_R(29, 2)),
    C("exp(x + y) on [0, 1]^2 not strongly convex", "exp(x + y)", False, "constant along (1, -1)",
      "Nesterov Thm 2.1.11", "box", domain="0 <= x <= 1, 0 <= y <= 1", property="strongly convex"),
    # --- quasiconvexity: linear-fractional, ratios, distance ratio
    C("linear-fractional (2x + y)/(x - y + 3) quasiconvex", LINFRAC, True, "sublevel sets are halfspaces",
      "BV Example 3.33", "quasi", domain="0 < x < 1, 0 < y < 1", property="quasiconvex"),
    C("linear-fractional (2x + y)/(x - y + 3) quasiconcave", LINFRAC, True, "quasilinear", "BV Example 3.33", "quasi",
      domain="0 < x < 1, 0 < y < 1", property="quasiconcave"),
    C("distance ratio quasiconvex on x <= 1", DIST_RATIO, True, "|x - a| <= t |x - b| is a ball for t <= 1",
      "BV Example 3.34", "quasi", domain="x <= 1", property="quasiconvex"),
    C("distance ratio not quasiconvex on x >= 3", DIST_RATIO, False,
      "f(3, 0) = 3 > f(3, +-2) = sqrt(13/5): the sublevel set is the outside of a disc", "BV Example 3.34", "quasi",
      domain="x >= 3", property="quasiconvex"),
    C("sqrt(x)/(1 + y) quasiconcave on the orthant", "sqrt(x)/(1 + y)", True,
      "{sqrt x >= t (1 + y)}: concave over positive convex", "BV 3.4.5 (ratios)", "quasi", domain="x > 0, y > 0",
      property="quasiconcave"),
    C("sqrt(x)/(1 + y) not quasiconvex on the orthant", "sqrt(x)/(1 + y)", False, "f(10, 2) > f(4, 1) = f(16, 3) = 1",
      "BV 3.4.5 (ratios)", "quasi", domain="x > 0, y > 0", property="quasiconvex"),
    C("(x^2 + 1)/log x quasiconvex on x > 1", "(x**2 + 1)/log(x)", True, "convex over positive concave",
      "BV 3.4.5 (ratios)", "quasi", domain="x > 1", property="quasiconvex"),
    C("x/(1 + x^2) quasiconcave on x > 0", "x/(1 + x**2)", True, "increasing on (0, 1], decreasing after",
      "BV 3.4.2 (unimodal)", "quasi", domain="x > 0", property="quasiconcave"),
    C("x/(1 + x^2) not quasiconvex", "x/(1 + x**2)", False, "f(1) = 1/2 > max(f(-1), f(3)) = 3/10",
      "BV 3.4.2 (unimodal)", "quasi", property="quasiconvex"),
    C("x/(1 + x^2) not quasiconcave", "x/(1 + x**2)", False, "f(-1) = -1/2 < min(f(-3), f(1)) = -3/10",
      "BV 3.4.2 (unimodal)", "quasi", property="quasiconcave"),
    # --- monotone of affine / of quasiconvex, even-unimodal
    C("atan(x + y) quasiconvex", "atan(x + y)", True, "increasing function of an affine form", "BV 3.4.4 (composition)",
      "quasi", property="quasiconvex"),
    C("atan(x + y) quasiconcave", "atan(x + y)", True, "increasing function of an affine form", "BV 3.4.4 (composition)",
      "quasi", property="quasiconcave"),
    C("atan(x + y) not convex", "atan(x + y)", False, "atan'' < 0 on t > 0", "BV 3.4.4 (composition)", "quasi"),
    C("atan(x^2 + y^2) quasiconvex", "atan(x**2 + y**2)", True, "increasing function of a convex function",
      "BV 3.4.4 (composition)", "quasi", property="quasiconvex"),
    C("atan(x^2 + y^2) not quasiconcave", "atan(x**2 + y**2)", False, "f(0) < f(1, 0) = f(-1, 0)",
      "BV 3.4.4 (composition)", "quasi", property="quasiconcave"),
    C("sqrt(|x| + |y|) quasiconvex", "sqrt(abs(x) + abs(y))", True, "increasing function of the l1 norm",
      "BV 3.4.4 (composition)", "quasi", property="quasiconvex"),
    C("sqrt(|x| + |y|) not quasiconcave", "sqrt(abs(x) + abs(y))", False, "f(0) = 0 < f(1, 0) = f(-1, 0) = 1",
      "BV 3.4.4 (composition)", "quasi", property="quasiconcave"),
    C("1 - 1/(1 + x^4) quasiconvex", "1 - 1/(1 + x**4)", True, "even, increasing in |x|", "BV 3.4.2 (unimodal)",
      "quasi", property="quasiconvex"),
    C("tanh(x^2 + 2y^2) quasiconvex", "tanh(x**2 + 2*y**2)", True, "increasing function of a convex quadratic",
      "BV 3.4.4 (composition)", "quasi", property="quasiconvex"),
    C("sin(x^2) not quasiconvex on [-2, 2]", "sin(x**2)", False, "f(5/4) > max(f(1/2), f(2))", "BV 3.4.2 (unimodal)",
      "quasi", domain="-2 <= x <= 2", property="quasiconvex"),
    C("1/(1 + x^2 - xy + y^2) quasiconcave", "1/(1 + x**2 - x*y + y**2)", True,
      "decreasing function of a positive convex quadratic", "BV 3.4.4 (composition)", "quasi", property="quasiconcave"),
    C("exp(-(x^2 + y^2)) not quasiconvex", "exp(-(x**2 + y**2))", False, "f(0) = 1 > f(+-1, 0) = 1/e",
      "BV 3.4.4 (composition)", "quasi", property="quasiconvex"),
    C("(1 - x^2)(1 - y^2) quasiconcave on (-1, 1)^2", "(1 - x**2)*(1 - y**2)", True,
      "product of positive concave functions is log-concave", "BV 3.5.2 / 3.4", "quasi",
      domain="-1 < x < 1, -1 < y < 1", property="quasiconcave"),
    C("(1 - x^2)(1 - y^2) not quasiconvex on (-1, 1)^2", "(1 - x**2)*(1 - y**2)", False, "f(0) = 1 > f(+-1/2, 0) = 3/4",
      "BV 3.5.2 / 3.4", "quasi", domain="-1 < x < 1, -1 < y < 1", property="quasiconvex"),
    C("log(4 - x^2 - y^2) quasiconcave on a box", "log(4 - x**2 - y**2)", True, "log of a positive concave function",
      "BV 3.2.4 / 3.4", "quasi", domain="-1 < x < 1, -1 < y < 1", property="quasiconcave"),
    # --- sums and cubic profiles (Greenberg-Pierskalla)
    C("x^3 + y not quasiconvex", "x**3 + y", False, "{y <= t - x^3} lies below a non-concave curve", "GP 1971", "quasi",
      property="quasiconvex"),
    C("x^3 + y^3 not quasiconvex", "x**3 + y**3", False, "f(-2, 2.15) > 1 = f(-1, 2^(1/3)) = f(-3, 28^(1/3))",
      "GP 1971", "quasi", property="quasiconvex"),
    C("x^3 - 3x not quasiconvex on [-2, 2]", "x**3 - 3*x", False, "f(-1) = 2 > max(f(-2), f(0))", "GP 1971", "quasi",
      domain="-2 <= x <= 2", property="quasiconvex"),
    C("x^3 - 3x quasiconvex on [0, 3]", "x**3 - 3*x", True, "decreasing on [0, 1], increasing on [1, 3]", "GP 1971",
      "quasi", domain="0 <= x <= 3", property="quasiconvex"),
    C("x^2 e^(-x) quasiconcave on x > 0", "x**2*exp(-x)", True, "increasing on (0, 2), decreasing after",
      "BV 3.4.2 (unimodal)", "quasi", domain="x > 0", property="quasiconcave"),
    C("x^2 e^(-x) not quasiconcave", "x**2*exp(-x)", False, "f(0) = 0 < min(f(-1), f(1))", "BV 3.4.2 (unimodal)",
      "quasi", property="quasiconcave"),
]

#: For each false question, where it fails (checked outside symopt by ``test_outside_5q.py``):
#: ``("L", point)``: the Hessian at ``point`` has an eigenvalue of absolute value above ``L``;
#: ``("m", point)``: the Hessian at ``point`` has an eigenvalue below ``m``;
#: ``("affine", point, direction)``: f is affine on the line (no modulus at all);
#: ``("vanish", points)``: the curvature at the points decreases to below 1e-6 (no modulus at all);
#: ``("qcvx", a, b)`` / ``("qccv", a, b)``: the midpoint of ``[a, b]`` breaks the quasiconvexity / -concavity
#: inequality; ``("jensen", a, b)``: the midpoint breaks convexity.
FAILS_AT: dict = {
    "logistic of x - 2y + 2z not 11/5-smooth": ("L", (0, 0, 0)),
    "log cosh(x + 2y) not 49/10-smooth": ("L", (0, 0)),
    "softplus(3x)/3 not 7/10-smooth": ("L", (0,)),
    "smoothed norm sqrt(4 + (x - y)^2) not 9/10-smooth": ("L", (1, 1)),
    "mu-smoothed max, mu = 1/2, not 9/10-smooth": ("L", (0, 0)),
    "x atan x - log(1 + x^2)/2 not 19/20-smooth": ("L", (0,)),
    "x atan x - log(1 + x^2)/2 not strongly convex": ("vanish", ((10**4,),)),
    "Cauchy loss log(1 + x^2) not 19/10-smooth": ("L", (0,)),
    "Welsch 1 - exp(-x^2/2) not 9/10-smooth": ("L", (0,)),
    "Geman-McClure x^2/(1 + x^2) not 19/10-smooth": ("L", (0,)),
    "sin x + cos y not 99/100-smooth": ("L", (0, 0)),
    "Huber mu = 1/2 not 19/10-smooth": ("L", (_R(1, 10),)),
    "envelope of max(x, 0), mu = 1/4, not 39/10-smooth": ("L", (_R(1, 8),)),
    "smooth hinge not 9/10-smooth": ("L", (_R(1, 2),)),
    "Huber + x^2/2 not 11/10-strongly convex": ("m", (3,)),
    "squared hinge max(0, 1 - 2x - y)^2 not 19/2-smooth": ("L", (0, 0)),
    "x^2 + |x| not 21/10-strongly convex": ("m", (1,)),
    "3-D quadratic not 3/5-strongly convex": ("m", (0, 0, 0)),
    "3-D quadratic not 17/5-smooth": ("L", (0, 0, 0)),
    "least squares not 597/10-smooth": ("L", (0, 0)),
    "least squares not 27/100-strongly convex": ("m", (0, 0)),
    "ridge not 1/4-strongly convex": ("m", (0, 0)),
    "ridge not 10-smooth": ("L", (0, 0)),
    "ridge logistic not 11/10-strongly convex": ("m", (0, 0)),
    "ridge logistic not 7/5-smooth": ("L", (0, 0)),
    "x^2 + sin x not 11/10-strongly convex": ("m", (sp.pi / 2,)),
    "x^2 + sin x not 29/10-smooth": ("L", (-sp.pi / 2,)),
    "x log x not 3/5-strongly convex on [1/2, 2]": ("m", (2,)),
    "log barrier of (0, 1) not 17/2-strongly convex": ("m", (_R(1, 2),)),
    "exp on [0, 1] not 271/100-smooth": ("L", (1,)),
    "x^4 + x^2 on [-1, 1] not 13-smooth": ("L", (1,)),
    "x^4 + x^2 on [-1, 1] not 21/10-strongly convex": ("m", (0,)),
    "1/x^2 on [1, 2] not 2/5-strongly convex": ("m", (2,)),
    "x^2 y^2 on [-1, 1]^2 not 11/2-smooth": ("L", (1, 1)),
    "exp(x + y) on [0, 1]^2 not 29/2-smooth": ("L", (1, 1)),
    "exp(x + y) on [0, 1]^2 not strongly convex": ("affine", (_R(1, 2), _R(1, 2)), (1, -1)),
    "distance ratio not quasiconvex on x >= 3": ("qcvx", (3, -2), (3, 2)),
    "sqrt(x)/(1 + y) not quasiconvex on the orthant": ("qcvx", (4, 1), (16, 3)),
    "x/(1 + x^2) not quasiconvex": ("qcvx", (-1,), (3,)),
    "x/(1 + x^2) not quasiconcave": ("qccv", (-3,), (1,)),
    "atan(x + y) not convex": ("jensen", (1, 0), (3, 0)),
    "atan(x^2 + y^2) not quasiconcave": ("qccv", (-1, 0), (1, 0)),
    "sqrt(|x| + |y|) not quasiconcave": ("qccv", (-1, 0), (1, 0)),
    "sin(x^2) not quasiconvex on [-2, 2]": ("qcvx", (_R(1, 2),), (2,)),
    "exp(-(x^2 + y^2)) not quasiconvex": ("qcvx", (-1, 0), (1, 0)),
    "(1 - x^2)(1 - y^2) not quasiconvex on (-1, 1)^2": ("qcvx", (_R(-1, 2), 0), (_R(1, 2), 0)),
    "x^3 + y not quasiconvex": ("qcvx", (-1, 1), (-3, 27)),
    "x^3 + y^3 not quasiconvex": ("qcvx", (-1, sp.cbrt(2)), (-3, sp.cbrt(28))),
    "x^3 - 3x not quasiconvex on [-2, 2]": ("qcvx", (-2,), (0,)),
    "x^2 e^(-x) not quasiconcave": ("qccv", (-1,), (1,)),
}

if __name__ == "__main__":  # pragma: no cover - the dense check, run by hand
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    bad = []
    for c in CORPUS_5Q:
        holds, used = sampled_truth_count(c, n)
        if c.truth and not holds:
            bad.append((c.name, used))
    print(f"{len(CORPUS_5Q)} questions, {n} pairs each: {len(bad)} true ones fail sampling")
    for name, used in bad:
        print("  disagrees:", name, used)
