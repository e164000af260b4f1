"""The second convexity corpus: questions from sources the first corpus did not use.

Sources (each :class:`Case` names its own in ``source``):

* **BV ex.** Boyd & Vandenberghe, *Convex Optimization* (2004), the
  *exercises* of chapter 3 (3.16 convex / concave / quasiconvex /
  quasiconcave, 3.49 log-concavity, 3.36 ...); the first corpus used the
  chapter's worked examples only.
* **CVXPY** the atoms of CVXPY's DCP and DQCP test suites
  (``cvxpy/tests/test_atoms.py``, ``test_dqcp.py``: ``huber``, ``inv_pos``,
  ``kl_div``, ``xexp``, ``entr``, ``logistic``, ``pos``, ``harmonic_mean``,
  ``geo_mean``, ``ceil``-free quasilinear ratios, products of nonnegatives).
* **mathlib** Lean 4 mathlib's ``Mathlib/Analysis/Convex/SpecificFunctions``
  (``strictConvexOn_exp``, ``Even.strictConvexOn_pow``, ``convexOn_zpow``,
  ``strictConcaveOn_log_Ioi``, ``strictConcaveOn_sqrt``,
  ``strictConcaveOn_sin_Icc``, ``strictConcaveOn_cos_Icc``,
  ``strictConvexOn_mul_log``, ``strictConcaveOn_negMulLog``, ``strictConvexOn_rpow``).
* **issue 15** the classes of unknowns named in the issue (strict / strong /
  smooth refutations, non-smooth atoms outside the rules, non-DCP smooth
  functions, definedness, strict domains), each as a textbook-standard function.

``truth`` is the mathematical fact (does the property hold on the domain?),
stated with a one-line justification; :func:`sampled_truth` re-checks it
independently of symopt by dense sampling of the property's defining
inequality at 50 significant digits (mpmath): a property that holds shows no
violation beyond 1e-30 relative, one that fails shows a violation.  ``cls`` is
the issue's class the question belongs to, for the per-class counts.

Run ``python tests/corpus_convexity_2.py [pairs]`` for the dense check (2000
pairs per question by default) and the counts.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import sympy as sp


@dataclass(frozen=True)
class Case:
    name: str
    expr: Any
    truth: bool
    why: str
    source: str
    cls: str
    domain: Any = None
    property: str = "convex"
    modulus: Any = None
    L: Any = None


def _huber_piecewise() -> sp.Expr:
    x = sp.Symbol("x", real=True)
    return sp.Piecewise((x**2, sp.Abs(x) <= 1), (2 * sp.Abs(x) - 1, True))


C = Case
CORPUS_2: list[Case] = [
    # --- class 1: strict / strong convexity and L-smoothness, refuted for every constant at once -----
    C("x^4 not strongly convex", "x**4", False, "f''(0) = 0", "issue 15", "strict-strong-smooth", property="strongly convex"),
    C("exp not L-smooth", "exp(x)", False, "f'' = e^x unbounded", "issue 15 / mathlib strictConvexOn_exp", "strict-strong-smooth", property="L-smooth"),
    C("abs not strictly convex", "abs(x)", False, "affine on [1, 2]", "issue 15", "strict-strong-smooth", property="strictly convex"),
    C("exp not strongly convex", "exp(x)", False, "f'' = e^x -> 0 as x -> -oo", "mathlib strictConvexOn_exp", "strict-strong-smooth", property="strongly convex"),
    C("exp strictly convex", "exp(x)", True, "f'' > 0", "mathlib strictConvexOn_exp", "strict-strong-smooth", property="strictly convex"),
    C("x^6 strictly convex", "x**6", True, "Even.strictConvexOn_pow", "mathlib Even.strictConvexOn_pow", "strict-strong-smooth", property="strictly convex"),
    C("x^6 not strongly convex", "x**6", False, "f''(0) = 0", "mathlib Even.strictConvexOn_pow", "strict-strong-smooth", property="strongly convex"),
    C("x^4 + y^2 not strongly convex", "x**4 + y**2", False, "Hessian diag(0, 2) at 0", "issue 15", "strict-strong-smooth", property="strongly convex"),
    C("x^2 + y^4 not L-smooth", "x**2 + y**4", False, "12 y^2 unbounded", "issue 15", "strict-strong-smooth", property="L-smooth"),
    C("log-sum-exp not strictly convex", "log(exp(x) + exp(y))", False, "f(x + t, y + t) = f(x, y) + t", "BV 3.1.5 / CVXPY log_sum_exp", "strict-strong-smooth", property="strictly convex"),
    C("-log not L-smooth on x > 0", "-log(x)", False, "f'' = 1/x^2 unbounded near 0", "mathlib strictConcaveOn_log_Ioi", "strict-strong-smooth", domain="x > 0", property="L-smooth"),
    C("1/x not strongly convex on x > 0", "1/x", False, "f'' = 2/x^3 -> 0", "mathlib convexOn_zpow", "strict-strong-smooth", domain="x > 0", property="strongly convex"),
    C("x log x not L-smooth on x > 0", "x*log(x)", False, "f'' = 1/x unbounded", "mathlib strictConvexOn_mul_log", "strict-strong-smooth", domain="x > 0", property="L-smooth"),
    C("x log x strictly convex on x > 0", "x*log(x)", True, "f'' = 1/x > 0", "mathlib strictConvexOn_mul_log", "strict-strong-smooth", domain="x > 0", property="strictly convex"),
    C("logistic loss not strongly convex", "log(1 + exp(x))", False, "f'' -> 0 at both ends", "CVXPY logistic", "strict-strong-smooth", property="strongly convex"),
    C("logistic loss strictly convex", "log(1 + exp(x))", True, "f'' = s(1 - s) > 0", "CVXPY logistic", "strict-strong-smooth", property="strictly convex"),
    C("pseudo-Huber 1-smooth", "sqrt(1 + x**2)", True, "f'' = (1 + x^2)^(-3/2) <= 1", "CVXPY huber family", "strict-strong-smooth", property="L-smooth", L=1),
    C("x^4 not L-smooth", "x**4", False, "12 x^2 unbounded", "mathlib Even.convexOn_pow", "strict-strong-smooth", property="L-smooth"),
    C("cosh 1-strongly convex", "cosh(x)", True, "f'' = cosh >= 1", "issue 15", "strict-strong-smooth", property="strongly convex", modulus=1),
    C("cosh not L-smooth", "cosh(x)", False, "f'' = cosh unbounded", "issue 15", "strict-strong-smooth", property="L-smooth"),
    C("x^2 + exp(x) 2-strongly convex", "x**2 + exp(x)", True, "f'' = 2 + e^x >= 2", "BV 9.1.2 strong convexity", "strict-strong-smooth", property="strongly convex", modulus=2),
    C("max(x, 0) not strictly convex", "max(x, 0)", False, "affine (zero) on x <= 0", "CVXPY pos", "strict-strong-smooth", property="strictly convex"),
    C("|x| + |y| not strongly convex", "abs(x) + abs(y)", False, "affine on segments", "CVXPY norm1", "strict-strong-smooth", property="strongly convex"),
    C("exp(x) + y^2 not strongly convex", "exp(x) + y**2", False, "curvature e^x -> 0", "issue 15", "strict-strong-smooth", property="strongly convex"),
    C("sqrt(1 + x^2) strictly convex", "sqrt(1 + x**2)", True, "f'' > 0", "CVXPY huber family", "strict-strong-smooth", property="strictly convex"),
    C("x^2 strongly convex (modulus found)", "x**2 + x*y + y**2", True, "Hessian [[2,1],[1,2]] >= I", "BV 9.1.2", "strict-strong-smooth", property="strongly convex"),
    # --- class 2: non-smooth atoms outside the composition rules -------------------------------------
    C("|x|^3", "abs(x)**3", True, "x^2 |x|: convex pieces, slope 0 at 0", "issue 15", "nonsmooth"),
    C("Huber with min/abs, M = 1", "min(abs(x), 1)**2 + 2*max(abs(x) - 1, 0)", True, "CVXPY huber(x, 1) = this", "CVXPY huber", "nonsmooth"),
    C("Huber half form", "0.5*min(abs(x), 1)**2 + abs(x) - min(abs(x), 1)", True, "the Moreau envelope of |x|", "CVXPY huber", "nonsmooth"),
    C("Huber as Piecewise", _huber_piecewise(), True, "x^2 inside, 2|x| - 1 outside, C^1 at |x| = 1", "CVXPY huber", "nonsmooth"),
    C("|1/x| on x < 0", "abs(1/x)", True, "= -1/x there, convex", "issue 15", "nonsmooth", domain="x < 0"),
    C("max(x, 0)^2", "max(x, 0)**2", True, "square of a nonnegative convex function", "CVXPY pos / square", "nonsmooth"),
    C("x max(x, 0)", "x*max(x, 0)", True, "x^2 for x >= 0, 0 otherwise", "CVXPY pos", "nonsmooth"),
    C("max(x^3, 0)", "max(x**3, 0)", True, "convex pieces 0 and x^3, slopes 0 and 0 at 0", "issue 15", "nonsmooth"),
    C("|x^2 - 1| not convex", "abs(x**2 - 1)", False, "concave bump on (-1, 1)", "BV ch. 3 exercises", "nonsmooth"),
    C("min(|x|, 1) not convex", "min(abs(x), 1)", False, "constant beyond |x| = 1 after rising", "CVXPY huber family", "nonsmooth"),
    C("x |x| not convex", "x*abs(x)", False, "-x^2 for x < 0", "issue 15", "nonsmooth"),
    C("|e^x - 1| not convex", "abs(exp(x) - 1)", False, "1 - e^x is concave for x < 0... and the kink is convex; fails far left? no: check", "issue 15", "nonsmooth"),
    C("sqrt|x| not convex", "sqrt(abs(x))", False, "concave on each side", "issue 15", "nonsmooth"),
    C("|x|^3 + y^2", "abs(x)**3 + y**2", True, "separable sum of convex functions", "issue 15", "nonsmooth"),
    C("|x| |y| not convex", "abs(x)*abs(y)", False, "xy on the positive quadrant", "issue 15", "nonsmooth"),
    C("max(x, 1/x) on x > 0", "max(x, 1/x)", True, "max of convex", "BV ch. 3 exercises", "nonsmooth", domain="x > 0"),
    C("|x - 1| + |x + 1| strictly convex? no", "abs(x - 1) + abs(x + 1)", False, "constant on [-1, 1]", "CVXPY abs", "nonsmooth", property="strictly convex"),
    C("|x|^3 strictly convex", "abs(x)**3", True, "x^2 |x| has increasing slope", "issue 15", "nonsmooth", property="strictly convex"),
    C("max(|x|, x^2)", "max(abs(x), x**2)", True, "max of convex", "CVXPY max", "nonsmooth"),
    C("|x| on x > 0 is affine: not strictly convex", "abs(x)", False, "= x there", "issue 15", "nonsmooth", domain="x > 0", property="strictly convex"),
    C("min(x^2, 1) not convex", "min(x**2, 1)", False, "truncated quadratic", "CVXPY min", "nonsmooth"),
    C("concave Huber negative", "-min(abs(x), 1)**2 - 2*max(abs(x) - 1, 0)", True, "negative of Huber", "CVXPY huber", "nonsmooth", property="concave"),
    # --- class 3: smooth, not DCP, Hessian needs work ------------------------------------------------
    C("(sqrt x + sqrt y)^2 concave", "(sqrt(x) + sqrt(y))**2", True, "the 1/2-norm squared... p-mean with p = 1/2", "issue 15", "non-DCP", domain="x > 0, y > 0", property="concave"),
    C("harmonic mean of 3 concave", "3/(1/x + 1/y + 1/z)", True, "CVXPY harmonic_mean", "CVXPY harmonic_mean", "non-DCP", domain="x > 0, y > 0, z > 0", property="concave"),
    C("harmonic mean of 2 concave", "2*x*y/(x + y)", True, "CVXPY harmonic_mean", "CVXPY harmonic_mean", "non-DCP", domain="x > 0, y > 0", property="concave"),
    C("exp(x)/x convex on x > 0", "exp(x)/x", True, "f'' = e^x (x^2 - 2x + 2)/x^3 > 0", "BV ch. 3 exercises", "non-DCP", domain="x > 0"),
    C("x exp(x) convex on x >= -1", "x*exp(x)", True, "f'' = (x + 2) e^x > 0 for x > -2", "CVXPY xexp", "non-DCP", domain="x >= -1"),
    C("x exp(x) not convex on R", "x*exp(x)", False, "f'' < 0 for x < -2", "CVXPY xexp", "non-DCP"),
    C("x atan(x) convex", "x*atan(x)", True, "f'' = 2/(1 + x^2)^2 > 0", "issue 15", "non-DCP"),
    C("x^4 + x^2 y^2 + y^4 convex", "x**4 + x**2*y**2 + y**4", True, "minors 12x^2 + 2y^2, 24x^4 + 132 x^2 y^2 + 24 y^4 >= 0", "issue 15", "non-DCP"),
    C("x^2 y^2 + x^2 + y^2 not convex", "x**2*y**2 + x**2 + y**2", False, "det < 0 at (1, 1)", "issue 15", "non-DCP"),
    C("x^(1/3) y^(2/3) concave", "x**(1/3)*y**(2/3)", True, "weighted geometric mean", "BV ex. 3.16(f) / CVXPY geo_mean", "non-DCP", domain="x > 0, y > 0", property="concave"),
    C("x^(1/3) y^(2/3) not convex", "x**(1/3)*y**(2/3)", False, "concave and not affine", "BV ex. 3.16(f)", "non-DCP", domain="x > 0, y > 0"),
    C("1/(x y) convex on the orthant", "1/(x*y)", True, "BV ex. 3.16(c)", "BV ex. 3.16(c)", "non-DCP", domain="x > 0, y > 0"),
    C("x y not convex on the orthant", "x*y", False, "BV ex. 3.16(b)", "BV ex. 3.16(b)", "non-DCP", domain="x > 0, y > 0"),
    C("x y not concave on the orthant", "x*y", False, "BV ex. 3.16(b)", "BV ex. 3.16(b)", "non-DCP", domain="x > 0, y > 0", property="concave"),
    C("x/y not convex on the orthant", "x/y", False, "BV ex. 3.16(d)", "BV ex. 3.16(d)", "non-DCP", domain="x > 0, y > 0"),
    C("x^2/y convex on y > 0", "x**2/y", True, "BV ex. 3.16(e)", "BV ex. 3.16(e)", "non-DCP", domain="y > 0"),
    C("e^x - 1 not concave", "exp(x) - 1", False, "BV ex. 3.16(a)", "BV ex. 3.16(a)", "non-DCP", property="concave"),
    C("kl_div convex", "x*log(x/y) - x + y", True, "perspective of x log x plus affine", "CVXPY kl_div", "non-DCP", domain="x > 0, y > 0"),
    C("entr concave", "-x*log(x)", True, "CVXPY entr", "CVXPY entr / mathlib strictConcaveOn_negMulLog", "non-DCP", domain="x > 0", property="concave"),
    C("x^(3/2) strictly convex on x > 0", "x**(3/2)", True, "mathlib strictConvexOn_rpow", "mathlib strictConvexOn_rpow", "non-DCP", domain="x > 0", property="strictly convex"),
    C("sqrt concave", "sqrt(x)", True, "mathlib strictConcaveOn_sqrt", "mathlib strictConcaveOn_sqrt", "non-DCP", domain="x >= 0", property="concave"),
    C("x^(-3) convex on x > 0", "x**(-3)", True, "mathlib convexOn_zpow", "mathlib convexOn_zpow", "non-DCP", domain="x > 0"),
    C("x^(-3) not convex on R \\ 0 (x < 0)", "x**(-3)", False, "concave for x < 0", "mathlib convexOn_zpow", "non-DCP", domain="x < 0"),
    C("sin concave on [0, pi]", "sin(x)", True, "mathlib strictConcaveOn_sin_Icc", "mathlib strictConcaveOn_sin_Icc", "non-DCP", domain="0 <= x <= 3.14", property="concave"),
    C("cos concave on [-pi/2, pi/2]", "cos(x)", True, "mathlib strictConcaveOn_cos_Icc", "mathlib strictConcaveOn_cos_Icc", "non-DCP", domain="-1.57 <= x <= 1.57", property="concave"),
    C("log concave on x > 0", "log(x)", True, "mathlib strictConcaveOn_log_Ioi", "mathlib strictConcaveOn_log_Ioi", "non-DCP", domain="x > 0", property="concave"),
    C("x^3 not convex on R", "x**3", False, "mathlib: convexOn_pow needs Ici 0", "mathlib convexOn_pow", "non-DCP"),
    C("x^5 convex on x >= 0", "x**5", True, "mathlib convexOn_pow", "mathlib convexOn_pow", "non-DCP", domain="x >= 0"),
    C("rel_entr convex", "x*log(x) - x*log(y)", True, "CVXPY rel_entr", "CVXPY rel_entr", "non-DCP", domain="x > 0, y > 0"),
    C("log(1 + x) concave (log1p)", "log(1 + x)", True, "CVXPY log1p", "CVXPY log1p", "non-DCP", domain="x > -1", property="concave"),
    C("inv_pos convex", "1/x", True, "CVXPY inv_pos", "CVXPY inv_pos", "non-DCP", domain="x > 0"),
    C("x^2 + y^2 + xy - log(x) - log(y)", "x**2 + x*y + y**2 - log(x) - log(y)", True, "PD quadratic plus barrier", "BV 9.1.2", "non-DCP", domain="x > 0, y > 0"),
    # --- class 4: definedness on the domain ----------------------------------------------------------
    C("1/(1 - x^2) on (-1, 1)", "1/(1 - x**2)", True, "convex; defined since |x| < 1", "issue 15", "definedness", domain="-1 < x < 1"),
    C("log(1 - x^2) concave on (-1, 1)", "log(1 - x**2)", True, "log of a positive concave function", "BV ch. 3 exercises", "definedness", domain="-1 < x < 1", property="concave"),
    C("1/(x (1 - x)) on (0, 1)", "1/(x*(1 - x))", True, "1/x + 1/(1 - x)", "BV ch. 3 exercises", "definedness", domain="0 < x < 1"),
    C("-log(1 - x^2 - y^2) on a box", "-log(1 - x**2 - y**2)", True, "-log of a positive concave function", "BV ch. 3 exercises", "definedness", domain="-0.7 < x < 0.7, -0.7 < y < 0.7"),
    C("sqrt(1 - x^2) concave on [-1, 1]", "sqrt(1 - x**2)", True, "sqrt of a nonnegative concave function", "BV ch. 3 exercises", "definedness", domain="-1 <= x <= 1", property="concave"),
    C("x^2/y with a strict dict bound", "x**2/y", True, "quadratic over linear, y > 0", "issue 15", "definedness", domain={"y": (0, None, "()")}),
    C("1/(1 - x) on x < 1", "1/(1 - x)", True, "convex, defined for x < 1", "BV ch. 3 exercises", "definedness", domain="x < 1"),
    C("1/(1 - x^2) not convex on (1, 2)", "1/(1 - x**2)", False, "concave there (negative, 1/(1-x^2) ... )", "issue 15", "definedness", domain="1 < x < 2"),
    # --- quasiconvexity and log-concavity -------------------------------------------------------------
    C("e^x - 1 quasiconvex", "exp(x) - 1", True, "monotone (BV ex. 3.16(a))", "BV ex. 3.16(a)", "quasi-log", property="quasiconvex"),
    C("e^x - 1 quasiconcave", "exp(x) - 1", True, "monotone (BV ex. 3.16(a))", "BV ex. 3.16(a)", "quasi-log", property="quasiconcave"),
    C("x y quasiconcave on the orthant", "x*y", True, "BV ex. 3.16(b)", "BV ex. 3.16(b) / CVXPY test_dqcp", "quasi-log", domain="x > 0, y > 0", property="quasiconcave"),
    C("x y not quasiconvex on the orthant", "x*y", False, "BV ex. 3.16(b)", "BV ex. 3.16(b)", "quasi-log", domain="x > 0, y > 0", property="quasiconvex"),
    C("1/(x y) quasiconvex", "1/(x*y)", True, "convex (BV ex. 3.16(c))", "BV ex. 3.16(c)", "quasi-log", domain="x > 0, y > 0", property="quasiconvex"),
    C("x/y quasiconvex", "x/y", True, "linear-fractional (BV ex. 3.16(d))", "BV ex. 3.16(d) / CVXPY test_dqcp", "quasi-log", domain="x > 0, y > 0", property="quasiconvex"),
    C("x/y quasiconcave", "x/y", True, "linear-fractional (BV ex. 3.16(d))", "BV ex. 3.16(d)", "quasi-log", domain="x > 0, y > 0", property="quasiconcave"),
    C("x^2/y not quasiconcave", "x**2/y", False, "BV ex. 3.16(e)", "BV ex. 3.16(e)", "quasi-log", domain="y > 0", property="quasiconcave"),
    C("x^(1/3) y^(2/3) quasiconcave", "x**(1/3)*y**(2/3)", True, "BV ex. 3.16(f)", "BV ex. 3.16(f)", "quasi-log", domain="x > 0, y > 0", property="quasiconcave"),
    C("Gaussian log-concave", "exp(-x**2 - y**2)", True, "log f = -x^2 - y^2", "BV ex. 3.49", "quasi-log", property="log-concave"),
    C("logistic function log-concave", "exp(x)/(1 + exp(x))", True, "BV ex. 3.49(a)", "BV ex. 3.49(a)", "quasi-log", property="log-concave"),
    C("1/(1 + x^2) not log-concave", "1/(1 + x**2)", False, "-log(1 + x^2) not concave for |x| > 1", "BV ex. 3.49", "quasi-log", property="log-concave"),
    C("1/(1 + x^2) quasiconcave", "1/(1 + x**2)", True, "increasing then decreasing", "BV 3.4 (unimodal)", "quasi-log", property="quasiconcave"),
    C("cosh log-convex", "cosh(x)", True, "(log cosh)'' = 1 - tanh^2 > 0", "BV ch. 3 exercises", "quasi-log", property="log-convex"),
    C("1/x log-convex on x > 0", "1/x", True, "log f = -log x", "BV ch. 3 exercises", "quasi-log", domain="x > 0", property="log-convex"),
    C("x^2 not log-convex on x > 0", "x**2", False, "log f = 2 log x concave", "BV 3.5", "quasi-log", domain="x > 0", property="log-convex"),
    C("x^2 log-concave on x > 0", "x**2", True, "log f = 2 log x", "BV 3.5", "quasi-log", domain="x > 0", property="log-concave"),
    C("exp(-x^2) not quasiconvex", "exp(-x**2)", False, "a bump", "BV 3.4", "quasi-log", property="quasiconvex"),
    C("x^3 quasilinear (convex)", "x**3", True, "monotone", "BV 3.4", "quasi-log", property="quasiconvex"),
    C("x^2 not quasiconcave", "x**2", False, "sublevel ... superlevel {x^2 >= 1} not convex", "BV 3.4", "quasi-log", property="quasiconcave"),
    C("x e^(-x) log-concave on x > 0", "x*exp(-x)", True, "log x - x concave", "BV ex. 3.49", "quasi-log", domain="x > 0", property="log-concave"),
    C("1 + x^2 not log-concave", "1 + x**2", False, "log(1 + x^2) not concave near 0... it is convex near 0", "BV 3.5", "quasi-log", property="log-concave"),
    C("exp(x) log-convex", "exp(x)", True, "log f = x", "BV 3.5", "quasi-log", property="log-convex"),
    C("sqrt(x) quasiconvex", "sqrt(x)", True, "monotone (CVXPY test_dqcp)", "CVXPY test_dqcp", "quasi-log", domain="x > 0", property="quasiconvex"),
    # --- witnesses that read right (concavity refutations) -------------------------------------------
    C("x^2 not concave", "x**2", False, "strictly convex", "issue 15", "plain", property="concave"),
    C("exp not concave", "exp(x)", False, "strictly convex", "mathlib strictConvexOn_exp", "plain", property="concave"),
    C("x^3 not concave on x > 0", "x**3", False, "convex there", "mathlib convexOn_pow", "plain", domain="x > 0", property="concave"),
]


# ----------------------------------------------------------------------------- independent truth by sampling


def _box(case: Case, variables: tuple) -> list:
    """``[(lo, hi, lo_open, hi_open)]`` per variable, read with plain SymPy relations (not symopt's Box)."""
    out = {v: [-sp.oo, sp.oo, False, False] for v in variables}
    dom = case.domain
    if isinstance(dom, dict):
        for name, rng in dom.items():
            v = next(v for v in variables if v.name == name)
            kind = rng[2] if len(rng) == 3 else "[]"
            out[v] = [sp.S(rng[0]) if rng[0] is not None else -sp.oo, sp.S(rng[1]) if rng[1] is not None else sp.oo,
                      kind[0] == "(", kind[1] == ")"]
    elif isinstance(dom, str):
        for part in dom.split(","):
            # forms: "x > 0", "x >= -1", "x < 1", "a < x < b", "a <= x <= b"
            if ">" in part:
                name, val = [t.strip() for t in part.replace(">=", ">").split(">")]
                v = next(v for v in variables if v.name == name)
                out[v][0], out[v][2] = sp.Rational(val), ">=" not in part
            elif part.count("<") == 2:
                a, name, b = [t.strip() for t in part.replace("<=", "<").split("<")]
                v = next(v for v in variables if v.name == name)
                ops = [p for p in part.replace("<=", "L").replace("<", "S") if p in "LS"]
                out[v] = [sp.Rational(a), sp.Rational(b), ops[0] == "S", ops[1] == "S"]
            else:
                name, val = [t.strip() for t in part.replace("<=", "<").split("<")]
                v = next(v for v in variables if v.name == name)
                out[v][1], out[v][3] = sp.Rational(val), "<=" not in part
    return [out[v] for v in variables]


def _sample(rng: Any, bounds: list, scale: float) -> list:
    import mpmath

    pt = []
    for lo, hi, _, _ in bounds:
        if lo.is_finite and hi.is_finite:
            w = float(hi - lo)
            u = rng.uniform(1e-6, 1 - 1e-6)
            if rng.random() < 0.3:  # near an end
                u = rng.choice([10 ** rng.uniform(-8, -1), 1 - 10 ** rng.uniform(-8, -1)])
            pt.append(mpmath.mpf(str(float(lo) + u * w)))
        elif lo.is_finite:
            pt.append(mpmath.mpf(str(float(lo))) + mpmath.mpf(10) ** rng.uniform(-6, 3))
        elif hi.is_finite:
            pt.append(mpmath.mpf(str(float(hi))) - mpmath.mpf(10) ** rng.uniform(-6, 3))
        else:
            pt.append(mpmath.mpf(rng.choice([-1, 1]) * 10 ** rng.uniform(-4, 2.3)) * scale)
    return pt


def sampled_truth(case: Case, pairs: int = 400, seed: int = 0) -> bool:
    holds, _ = sampled_truth_count(case, pairs, seed)
    return holds


def sampled_truth_count(case: Case, pairs: int = 400, seed: int = 0) -> tuple[bool, int]:
    """At 50 digits, restored afterwards (see :func:`_sampled_truth_count`)."""
    import mpmath

    with mpmath.workdps(50):
        return _sampled_truth_count(case, pairs, seed)


def _sampled_truth_count(case: Case, pairs: int, seed: int) -> tuple[bool, int]:
    """Does the property hold? Decided by sampling its defining inequality at 50 digits (independent of symopt).

    Convex: :math:`f(\\theta a + (1-\\theta) b) \\le \\theta f(a) + (1-\\theta) f(b)`;
    strictly convex: the gap is negative wherever 50 digits resolve it (``|a - b| > 1e-3``
    and values above 1e-20; a gap within 1e-40 relative of 0 there is an equality); m-strongly convex: the gap is at most
    :math:`-\\tfrac m2 \\theta(1-\\theta)\\|a-b\\|^2` (for "no modulus":
    tested with m = 1e-4); L-smooth: :math:`\\|\\nabla f(a) - \\nabla f(b)\\| \\le
    L \\|a - b\\|` (for "no constant": tested with L = 1e4); quasiconvex:
    :math:`f(m) \\le \\max(f(a), f(b))`; log-concave: ``f > 0`` and
    :math:`f(m)^2 \\ge f(a) f(b)`; concave / quasiconcave / log-convex: the
    mirror images.  Returns ``(holds, pairs used)``: ``holds`` is ``True`` when no
    sampled pair violates the inequality (pairs where ``f`` is undefined are skipped).
    """
    import mpmath
    import numpy as np

    from symopt import Objective

    obj = Objective(case.expr)
    vs = obj.variables
    f_expr = obj.expr
    f = sp.lambdify(vs, f_expr, modules="mpmath")
    grad = [sp.lambdify(vs, sp.diff(f_expr, v), modules="mpmath") for v in vs] if case.property == "L-smooth" else None
    bounds = _box(case, vs)
    rng = np.random.default_rng(seed)
    prop = case.property
    m = sp.S(case.modulus) if case.modulus is not None else sp.Rational(1, 10**4)
    L = sp.S(case.L) if case.L is not None else sp.Integer(10**4)
    tol = mpmath.mpf(10) ** -30
    used = 0

    def val(p: list) -> Any:
        try:
            r = f(*p)
        except (ZeroDivisionError, ValueError, OverflowError):
            return None
        if isinstance(r, mpmath.mpc):
            if abs(r.imag) > tol * (1 + abs(r.real)):
                return None
            r = r.real
        return r

    for k in range(pairs):
        scale = [1.0, 1e-2, 1e-4, 10.0][k % 4]
        a = _sample(rng, bounds, scale)
        if k % 7 == 2 and len(a) > 1:  # a pair along the diagonal (1, ..., 1)
            step = mpmath.mpf(rng.uniform(-2, 2))
            b = [c + step for c in a]
            if not all(_inside(c, bd) for c, bd in zip(b, bounds)):
                continue
        elif k % 5 == 1 and len(a) > 1:  # a pair that differs in one coordinate
            i = int(rng.integers(len(a)))
            b = list(a)
            b[i] = _sample(rng, bounds, scale)[i]
        elif k % 3 == 0:  # a close pair (local curvature)
            b = [c + mpmath.mpf(rng.uniform(-1, 1)) * mpmath.mpf(10) ** rng.uniform(-5, -1) * (1 + abs(c)) for c in a]
            if not all(_inside(c, bd) for c, bd in zip(b, bounds)):
                continue
        else:
            b = _sample(rng, bounds, scale)
        t = mpmath.mpf(1) / 2 if k % 2 == 0 else mpmath.mpf(str(rng.uniform(0.05, 0.95)))
        mid = [t * x + (1 - t) * y for x, y in zip(a, b)]
        fa, fb, fm = val(a), val(b), val(mid)
        if fa is None or fb is None or fm is None:
            continue
        d2 = sum((x - y) ** 2 for x, y in zip(a, b))
        if d2 == 0 or (fa == 0 and fb == 0 and fm == 0 and prop == "strictly convex"):
            continue  # (all three values 0: below the 50-digit resolution, e.g. log(1 + e^-2000))
        used += 1
        size = tol * (1 + abs(fa) + abs(fb) + abs(fm))
        gap = fm - t * fa - (1 - t) * fb
        if prop == "convex" and gap > size:
            return False, used
        if prop == "concave" and -gap > size:
            return False, used
        mag = abs(fa) + abs(fb) + abs(fm)
        if prop == "strictly convex" and (gap > size or (  # not convex, or equality on a resolvable segment
                d2 > 1e-6 and mag > 1e-20 and gap > -mpmath.mpf(10) ** -40 * mag)):
            if gap > size:
                return False, used
            with mpmath.workdps(1000):  # an equality must persist at 1000 digits (log(1 + e^200) is not affine)
                mid2 = [t * x + (1 - t) * y for x, y in zip(a, b)]  # the combination itself recomputed too
                g120 = val(mid2) - t * val(a) - (1 - t) * val(b)
                if g120 > -mpmath.mpf(10) ** -990 * mag:
                    return False, used
        if prop == "strongly convex" and gap + mpmath.mpf(str(float(m))) / 2 * t * (1 - t) * d2 > size:
            return False, used
        if prop == "L-smooth":
            try:
                ga = [g(*a) for g in grad]
                gb = [g(*b) for g in grad]
            except (ZeroDivisionError, ValueError):
                continue
            if sum((x - y) ** 2 for x, y in zip(ga, gb)) > (mpmath.mpf(str(float(L))) ** 2) * d2 * (1 + tol):
                return False, used
        if prop == "quasiconvex" and fm - max(fa, fb) > size:
            return False, used
        if prop == "quasiconcave" and min(fa, fb) - fm > size:
            return False, used
        if prop in ("log-concave", "log-convex"):
            if fa <= 0 or fb <= 0 or fm <= 0:
                return False, used
            lgap = mpmath.log(fm) - t * mpmath.log(fa) - (1 - t) * mpmath.log(fb)
            lsize = tol * (1 + abs(mpmath.log(fa)) + abs(mpmath.log(fb)))
            if (prop == "log-concave" and -lgap > lsize) or (prop == "log-convex" and lgap > lsize):
                return False, used
    return True, used


def _inside(c: Any, bd: list) -> bool:
    lo, hi, lo_open, hi_open = bd
    if lo.is_finite and (c < float(lo) or (lo_open and c <= float(lo))):
        return False
    if hi.is_finite and (c > float(hi) or (hi_open and c >= float(hi))):
        return False
    return True


if __name__ == "__main__":  # pragma: no cover - the dense check, run by hand
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    results = [(c, *sampled_truth_count(c, n)) for c in CORPUS_2]
    bad = [c.name for c, holds, _ in results if holds != c.truth]
    print(f"{len(CORPUS_2)} questions, {n} pairs each at 50 digits: {len(bad)} disagree with the stated truth; "
          f"fewest pairs used by a question that holds: {min(u for c, h, u in results if h)}")
    for name in bad:
        print("  disagrees:", name)
