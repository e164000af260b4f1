"""The third outside convexity corpus (issue 25): questions written before the methods that answer them.

Every question comes from a text outside symopt (each :class:`Case` names its
source); ``truth`` is the mathematical fact with a one-line justification, and
:func:`corpus_convexity_2.sampled_truth_count` re-checks it independently of
symopt by sampling the property's defining inequality at 50 digits.

Sources:

* **AP** Ahmadi & Parrilo, "A convex polynomial that is not sos-convex",
  Math. Programming 135 (2012); Ahmadi, Olshevsky, Parrilo & Tsitsiklis,
  "NP-hardness of deciding convexity of quartic polynomials" (2013):
  convex forms and forms whose Hessian is singular off the origin.
* **Beck** A. Beck, *First-Order Methods in Optimization* (SIAM 2017):
  ch. 5 (smoothness and strong convexity constants: log-sum-exp, logistic,
  regularised losses), ch. 6.7 (the Huber function and squared distances as
  Moreau envelopes, 1/mu-smooth).
* **BV** Boyd & Vandenberghe, *Convex Optimization* (2004), ch. 3: perspectives
  (3.2.6), compositions (3.2.4), quasiconvex functions (3.4), log-concavity
  (3.5), exercises 3.16, 3.32 (products of concave functions), 3.54.
* **CT** Cover & Thomas, *Elements of Information Theory* (2006), Thm 2.7.2:
  relative entropy is jointly convex.
* **Owen** A. Owen, "A robust hybrid of lasso and ridge regression" (2007):
  the reverse Huber (berHu) penalty.
* **Barron** J. Barron, "A general and adaptive robust loss function" (CVPR
  2019): Cauchy, Geman-McClure and Welsch losses (monotone in |x|).
* **ESL** Hastie, Tibshirani & Friedman, *The Elements of Statistical
  Learning* (2009), 4.4: L2-regularised logistic regression.

Run ``python tests/convexity/corpus_outside_3.py [pairs]`` for the dense check.
"""

from __future__ import annotations

import sys
from pathlib import Path

import sympy as sp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the shared Case and sampler

from corpus_convexity_2 import Case, sampled_truth_count  # noqa: E402

_x, _y = sp.symbols("x y", real=True)


def _huber(delta: sp.Rational) -> sp.Expr:
    """Beck's H_mu with mu = delta: x^2/(2 delta) for |x| <= delta, |x| - delta/2 beyond (1/delta-smooth)."""
    return sp.Piecewise((_x**2 / (2 * delta), sp.Abs(_x) <= delta), (sp.Abs(_x) - delta / 2, True))


def _squared_hinge() -> sp.Expr:
    return sp.Piecewise(((1 - _x) ** 2, _x < 1), (0, True))


def _dist2_interval() -> sp.Expr:
    """Squared distance to [-1, 1]."""
    return sp.Piecewise(((_x + 1) ** 2, _x < -1), (0, _x <= 1), ((_x - 1) ** 2, True))


def _berhu() -> sp.Expr:
    return sp.Piecewise((sp.Abs(_x), sp.Abs(_x) <= 1), ((_x**2 + 1) / 2, True))


def _tukey() -> sp.Expr:
    return sp.Piecewise((1 - (1 - _x**2) ** 3, sp.Abs(_x) <= 1), (1, True))


def _huber_norm() -> sp.Expr:
    r2 = _x**2 + _y**2
    return sp.Piecewise((r2, r2 <= 1), (2 * sp.sqrt(r2) - 1, True))


AP_OCTIC = ("32*x**8 + 118*x**6*y**2 + 40*x**6*z**2 + 25*x**4*y**4 - 43*x**4*y**2*z**2 - 35*x**4*z**4"
            " + 3*x**2*y**4*z**2 - 16*x**2*y**2*z**4 + 24*x**2*z**6 + 16*y**8 + 44*y**6*z**2 + 70*y**4*z**4"
            " + 60*y**2*z**6 + 30*z**8")

LOGISTIC_RIDGE = "log(1 + exp(-a - 2*b)) + log(1 + exp(a - b)) + (a**2 + b**2)/20"

C = Case
CORPUS_3: list[Case] = [
    # --- forms: PSD Hessians without (easy) SOS certificates, strictness with isolated singular points
    C("AP octic convex", AP_OCTIC, True, "Ahmadi-Parrilo: convex but not sos-convex", "AP 2012, eq. (4)", "forms"),
    C("(x^2 + y^2)^2 strictly convex", "(x**2 + y**2)**2", True, "Hessian PD off the origin (a point holds no segment)",
      "AP 2013 (quartic forms)", "forms", property="strictly convex"),
    C("expanded (x^2 + y^2)^2 strictly convex", "x**4 + 2*x**2*y**2 + y**4 + x - y", True, "the same form plus a linear term",
      "AP 2013 (quartic forms)", "forms", property="strictly convex"),
    C("x^4 + 6x^2y^2 + y^4 convex", "x**4 + 6*x**2*y**2 + y**4", True, "det H = 144 (x^2 - y^2)^2 >= 0",
      "AP 2013 (quartic forms)", "forms"),
    C("x^4 + 6x^2y^2 + y^4 strictly convex", "x**4 + 6*x**2*y**2 + y**4", True, "H singular on x = +-y, kernel transversal",
      "AP 2013 (quartic forms)", "forms", property="strictly convex"),
    C("x^4 + y^4 - x^2 y^2 not convex", "x**4 + y**4 - x**2*y**2", False, "H(1, 0) = diag(12, -2)",
      "AP 2013 (quartic forms)", "forms"),
    C("(x^2 + y^2 + z^2)^3 strictly convex", "(x**2 + y**2 + z**2)**3", True, "|x|^6: Hessian PD off the origin",
      "AP 2013 (forms)", "forms", property="strictly convex"),
    # --- piecewise and C^1 functions with exact constants
    C("Huber Piecewise 2-smooth", _huber(sp.Rational(1, 2)), True, "H_mu is 1/mu-smooth", "Beck FOM 6.7 (Huber)",
      "piecewise", property="L-smooth", L=2),
    C("Huber Piecewise not 19/10-smooth", _huber(sp.Rational(1, 2)), False, "f'' = 2 on |x| < 1/2", "Beck FOM 6.7 (Huber)",
      "piecewise", property="L-smooth", L=sp.Rational(19, 10)),
    C("Huber Piecewise convex", _huber(sp.Rational(1, 2)), True, "Moreau envelope of |x|", "Beck FOM 6.7 (Huber)", "piecewise"),
    C("squared hinge 2-smooth", _squared_hinge(), True, "derivative -2 max(0, 1 - x) is 2-Lipschitz",
      "Beck FOM 5 (squared hinge)", "piecewise", property="L-smooth", L=2),
    C("squared hinge not 1-smooth", _squared_hinge(), False, "f'' = 2 on x < 1", "Beck FOM 5 (squared hinge)",
      "piecewise", property="L-smooth", L=1),
    C("squared hinge (max form) 2-smooth", "Max(0, 1 - x)**2", True, "the same function", "Beck FOM 5 (squared hinge)",
      "piecewise", property="L-smooth", L=2),
    C("squared distance to [-1, 1] 2-smooth", _dist2_interval(), True, "d_C^2 is 2-smooth for convex C",
      "Beck FOM 6.7 (squared distance)", "piecewise", property="L-smooth", L=2),
    C("squared distance to [-1, 1] convex", _dist2_interval(), True, "d_C^2 convex for convex C",
      "Beck FOM 6.7 (squared distance)", "piecewise"),
    C("squared distance to the unit disc convex", "Max(0, sqrt(x**2 + y**2) - 1)**2", True, "d_C^2 convex for convex C",
      "Beck FOM 6.7 (squared distance)", "piecewise"),
    C("Huber of the norm convex", _huber_norm(), True, "Huber of ||x||: Moreau envelope of 2||x||",
      "Beck FOM 6.7 (Huber of a norm)", "piecewise"),
    C("berHu convex", _berhu(), True, "|x| then (x^2 + 1)/2, slopes 1 and 1 at |x| = 1", "Owen 2007 (berHu)", "piecewise"),
    C("berHu not L-smooth", _berhu(), False, "kink at 0", "Owen 2007 (berHu)", "piecewise", property="L-smooth"),
    # --- sums of proved parts, modulus reduction
    C("Bernoulli KL convex", "x*log(x/y) + (1 - x)*log((1 - x)/(1 - y))", True, "relative entropy is jointly convex",
      "CT Thm 2.7.2", "sums", domain="0 < x < 1, 0 < y < 1"),
    C("Jeffreys divergence convex", "x*log(x/y) + y*log(y/x)", True, "sum of two perspectives of t log t",
      "CT Thm 2.7.2 / BV 3.2.6", "sums", domain="x > 0, y > 0"),
    C("logistic ridge 1/10-strongly convex", LOGISTIC_RIDGE, True, "logistic sum convex plus (|w|^2)/20",
      "ESL 4.4 / Beck FOM 5", "modulus", property="strongly convex", modulus=sp.Rational(1, 10)),
    C("logistic ridge not 1/5-strongly convex", LOGISTIC_RIDGE, False, "the logistic curvature vanishes far out",
      "ESL 4.4 / Beck FOM 5", "modulus", property="strongly convex", modulus=sp.Rational(1, 5)),
    C("softplus + x^2/2 1-strongly convex", "log(1 + exp(x)) + x**2/2", True, "softplus convex plus x^2/2",
      "Beck FOM 5", "modulus", property="strongly convex", modulus=1),
    C("logistic 1/4-smooth", "log(1 + exp(x))", True, "f'' = s(1 - s) <= 1/4", "Beck FOM 5", "modulus", property="L-smooth",
      L=sp.Rational(1, 4)),
    C("logistic not 1/5-smooth", "log(1 + exp(x))", False, "f''(0) = 1/4", "Beck FOM 5", "modulus", property="L-smooth",
      L=sp.Rational(1, 5)),
    C("log-sum-exp 1/2-smooth", "log(exp(x) + exp(y))", True, "H = p1 p2 [[1, -1], [-1, 1]], eigenvalue 2 p1 p2 <= 1/2",
      "Beck FOM 5 (log-sum-exp)", "modulus", property="L-smooth", L=sp.Rational(1, 2)),
    C("log-sum-exp not 2/5-smooth", "log(exp(x) + exp(y))", False, "eigenvalue 1/2 at x = y", "Beck FOM 5 (log-sum-exp)",
      "modulus", property="L-smooth", L=sp.Rational(2, 5)),
    # --- signs of transcendental terms on the domain
    C("log(x)^2 convex on (0, e]", "log(x)**2", True, "f'' = 2 (1 - log x)/x^2 >= 0 for x <= e", "BV ex. 3.16 style",
      "transcendental", domain="0 < x <= 2.718"),
    C("log(x)^2 not convex on x > 0", "log(x)**2", False, "f'' < 0 for x > e", "BV ex. 3.16 style", "transcendental",
      domain="x > 0"),
    C("x log(x)^2 convex on x >= 1/2", "x*log(x)**2", True, "f'' = 2 (log x + 1)/x >= 0 for x >= 1/e",
      "BV ex. 3.16 style", "transcendental", domain="x >= 1/2"),
    C("log(x)/x convex on x >= 5", "log(x)/x", True, "f'' = (2 log x - 3)/x^3 >= 0 for x >= e^(3/2)",
      "BV ex. 3.16 style", "transcendental", domain="x >= 5"),
    C("cos concave on [-3/2, 3/2]", "cos(x)", True, "f'' = -cos x <= 0 for |x| <= pi/2", "BV ex. 3.16 style",
      "transcendental", domain="-3/2 <= x <= 3/2", property="concave"),
    C("x exp(x) convex on x >= -2", "x*exp(x)", True, "f'' = (x + 2) e^x", "BV ex. 3.16 style", "transcendental",
      domain="x >= -2"),
    # --- quasiconvexity
    C("log(1 + (x - 2y)^2/4) quasiconvex", "log(1 + (x - 2*y)**2/4)", True, "increasing in |x - 2y|",
      "Barron 2019 (Cauchy loss)", "quasi", property="quasiconvex"),
    C("Cauchy loss of the norm quasiconvex", "log(1 + x**2 + y**2)", True, "increasing in x^2 + y^2",
      "Barron 2019 (Cauchy loss)", "quasi", property="quasiconvex"),
    C("Geman-McClure quasiconvex", "(x**2 + y**2)/(1 + x**2 + y**2)", True, "increasing in x^2 + y^2",
      "Barron 2019 (Geman-McClure)", "quasi", property="quasiconvex"),
    C("Welsch loss quasiconvex", "1 - exp(-(x - y)**2)", True, "increasing in |x - y|", "Barron 2019 (Welsch)", "quasi",
      property="quasiconvex"),
    C("Tukey biweight quasiconvex", _tukey(), True, "even, nondecreasing in |x|", "Barron 2019 / Tukey biweight", "quasi",
      property="quasiconvex"),
    C("l_1/2 quasi-norm not quasiconvex", "sqrt(abs(x)) + sqrt(abs(y))", False, "f(1/2, 1/2) = sqrt 2 > 1 = f(1, 0) = f(0, 1)",
      "BV 3.4 (sublevel sets)", "quasi", property="quasiconvex"),
    # --- exact directions of affinity (refuting every modulus at once)
    C("two-term lse not strictly convex", "log(exp(u/2 - v) + 3*exp(u + 2*v))", False, "affine along (6, -1)",
      "BV 3.1.5 (log-sum-exp)", "affinity", property="strictly convex"),
    C("two-term lse not strongly convex", "log(exp(u/2 - v) + 3*exp(u + 2*v))", False, "affine along (6, -1)",
      "BV 3.1.5 (log-sum-exp)", "affinity", property="strongly convex"),
    C("lse plus a square not strictly convex", "log(exp(x) + exp(2*y)) + (x - 2*y)**2", False, "affine along (2, 1)",
      "BV 3.1.5 (log-sum-exp)", "affinity", property="strictly convex"),
    C("Hessian singular at sqrt(2): not strongly convex", "x**6/30 - x**4/3 + 2*x**2", False, "f'' = (x^2 - 2)^2",
      "AP 2013 (singular Hessians)", "affinity", property="strongly convex"),
    # --- p-norms, power means, products, monotone substitutions, max in a denominator, nested logs
    C("3/2-norm convex", "(abs(x)**(3/2) + abs(y)**(3/2))**(2/3)", True, "the l_p norm, p = 3/2", "BV 3.1.5 (norms)", "atoms"),
    C("3-norm convex", "(abs(x)**3 + abs(y)**3)**(1/3)", True, "the l_p norm, p = 3", "BV 3.1.5 (norms)", "atoms"),
    C("power mean p = 1/2 concave", "((sqrt(x) + sqrt(y))/2)**2", True, "power means with p < 1 are concave",
      "BV ex. 3.54 / Hardy-Littlewood-Polya", "atoms", domain="x > 0, y > 0", property="concave"),
    C("sqrt(x) (2 - x) concave", "sqrt(x)*(2 - x)", True, "concave increasing times concave decreasing, both >= 0",
      "BV ex. 3.32", "atoms", domain="0 < x < 2", property="concave"),
    C("(1 - x^2)(1 - y^2) log-concave", "(1 - x**2)*(1 - y**2)", True, "product of positive concave functions",
      "BV 3.5.2", "atoms", domain="-1 < x < 1, -1 < y < 1", property="log-concave"),
    C("(sqrt(x) - 1)^2 convex", "(sqrt(x) - 1)**2", True, "= x - 2 sqrt(x) + 1", "BV 3.2.4 (substitution u = sqrt x)", "atoms",
      domain="x >= 0"),
    C("1/(1 - max(x, y)) convex", "1/(1 - Max(x, y))", True, "1/(1 - t) convex increasing, max convex", "BV 3.2.4",
      "atoms", domain="x < 1, y < 1"),
    C("-log(log(log(x))) convex on x > 3", "-log(log(log(x)))", True, "log log log concave where defined", "BV 3.2.4",
      "atoms", domain="x > 3"),
    C("log(log(x)) concave on its domain", "log(log(x))", True, "concave on x > 1, its natural domain", "BV 3.2.4",
      "atoms", domain="natural", property="concave"),
    C("perspective y exp(x/y) convex", "y*exp(x/y)", True, "perspective of exp", "BV 3.2.6", "atoms", domain="y > 0"),
]

if __name__ == "__main__":  # pragma: no cover - the dense check, run by hand
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    bad = []
    for c in CORPUS_3:
        holds, used = sampled_truth_count(c, n)
        if holds != c.truth:
            bad.append((c.name, used))
    print(f"{len(CORPUS_3)} questions, {n} pairs each: {len(bad)} disagree with the stated truth")
    for name, used in bad:
        print("  disagrees:", name, used)
