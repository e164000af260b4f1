"""The fourth outside convexity corpus (issue 25): questions written before any change they might prompt.

Written by a session that had not seen symopt's answers to them; none repeats a question of the earlier corpora
(``corpus_convexity.py``, ``corpus_convexity_2.py``, ``corpus_outside_3.py``).  Every :class:`Case` names its
source; ``truth`` is the mathematical fact, derived by hand (the derivation is the ``why`` field), and each
true question has a false twin nearby where one exists: a slightly wrong constant, a wrong domain, a nonconvex
perturbation.  :func:`corpus_convexity_2.sampled_truth_count` re-checks the truths independently of symopt.

Sources:

* **BV** Boyd & Vandenberghe, *Convex Optimization* (2004): 3.1.5 (norms, log-sum-exp, geometric mean),
  3.2.4 (composition), 3.2.6 (perspective), 3.4 (quasiconvexity), 3.5 (log-concavity), 4.5.3 (geometric programs
  in convex form), exercises 3.16, 3.32 (products), 3.54.
* **Beck** A. Beck, *First-Order Methods in Optimization* (SIAM 2017): ch. 5 (Examples 5.2-5.19: smoothness and
  strong convexity constants, elastic net), 6.7 (Huber and Moreau envelopes of norms).
* **Nesterov** Yu. Nesterov, *Lectures on Convex Optimization* (2018): Thm 2.1.6 / 2.1.11 (quadratics, the
  constants are the extreme eigenvalues).
* **AP** Ahmadi, Olshevsky, Parrilo & Tsitsiklis, "NP-hardness of deciding convexity of quartic polynomials"
  (2013): the family x^4 + c x^2 y^2 + y^4 (convex iff 0 <= c <= 6), quartic forms, strictness.
* **SSZ** Shalev-Shwartz & Zhang, "Stochastic dual coordinate ascent methods" (JMLR 2013), sec. 5: the smoothed
  hinge loss, 1/gamma-smooth.
* **Zhang** T. Zhang, "Solving large scale linear prediction problems using SGD" (ICML 2004): modified Huber loss.
* **SS** Smola & Schoelkopf, "A tutorial on support vector regression" (2004): squared eps-insensitive loss.
* **Bohning** D. Boehning, "Multinomial logistic regression algorithm" (1992): the softmax Hessian is at most
  (1/2)(I - 11^T/K), so softmax cross-entropy is 1/2-smooth.
* **HL** Hastie, Tibshirani & Friedman, *ESL* 10.6 (Huber loss with delta), Charbonnier / pseudo-Huber.
* **Lin** J. Lin, "Divergence measures based on the Shannon entropy" (IEEE IT 1991): Jensen-Shannon.
* **FBD** Fevotte, Bertin & Durrieu, Neural Computation 21 (2009): the Itakura-Saito divergence is not jointly
  convex.
* **HLP** Hardy, Littlewood & Polya, *Inequalities* (1952), 2.9-2.10: power means.

Run ``python tests/convexity/corpus_outside_4.py [pairs]`` for the dense check.
"""

from __future__ import annotations

import sys
from pathlib import Path

import sympy as sp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the shared Case and sampler

from corpus_convexity_2 import Case, sampled_truth_count  # noqa: E402

_x, _y = sp.symbols("x y", real=True)
_R = sp.Rational


def huber_delta2() -> sp.Expr:
    """The ML Huber loss with delta = 2 (ESL 10.6): x^2/2 for |x| <= 2, 2|x| - 2 beyond; f'' = 1 inside."""
    return sp.Piecewise((_x**2 / 2, sp.Abs(_x) <= 2), (2 * sp.Abs(_x) - 2, True))


def smoothed_hinge() -> sp.Expr:
    """SSZ 2013, gamma = 1/2: 0 for x >= 1, 1 - x - gamma/2 for x <= 1 - gamma, (1 - x)^2/(2 gamma) between."""
    return sp.Piecewise((0, _x >= 1), (_R(3, 4) - _x, _x <= _R(1, 2)), ((1 - _x) ** 2, True))


def modified_huber() -> sp.Expr:
    """Zhang 2004: -4x for x < -1, (1 - x)^2 for -1 <= x < 1, 0 beyond (value 4 and slope -4 match at -1)."""
    return sp.Piecewise((-4 * _x, _x < -1), ((1 - _x) ** 2, _x < 1), (0, True))


def eps_insensitive_sq() -> sp.Expr:
    """SS 2004, eps = 1: (|x| - 1)^2 outside [-1, 1], 0 inside."""
    return sp.Piecewise((0, sp.Abs(_x) <= 1), ((sp.Abs(_x) - 1) ** 2, True))


def kinked_down() -> sp.Expr:
    """Continuous at 1 but the slope drops from 2 to 1: not convex."""
    return sp.Piecewise((_x**2, _x <= 1), (_x, True))


def huber_norm_mu2() -> sp.Expr:
    """Beck 6.7 (H_mu of the Euclidean norm, mu = 2): |x|^2/4 inside the disc of radius 2, |x| - 1 outside; 1/2-smooth."""
    r2 = _x**2 + _y**2
    return sp.Piecewise((r2 / 4, r2 <= 4), (sp.sqrt(r2) - 1, True))


def huber_affine() -> sp.Expr:
    """Huber (delta = 1) of the affine form x - 2y: (x - 2y)^2/2 where |x - 2y| <= 1, |x - 2y| - 1/2 beyond."""
    ell = _x - 2 * _y
    return sp.Piecewise((ell**2 / 2, sp.Abs(ell) <= 1), (sp.Abs(ell) - _R(1, 2), True))


def capped_l1() -> sp.Expr:
    """Capped l1 penalty min(|x|, 1), written as a Piecewise: even and nondecreasing in |x|."""
    return sp.Piecewise((sp.Abs(_x), sp.Abs(_x) <= 1), (1, True))


GP_LSE = "log(exp(x + 2*y) + 3*exp(-x) + exp(y - z))"
SOFTMAX_CE = "log(exp(x) + exp(y) + exp(z)) - y"
NESTEROV_Q = "x**2 + 4*x*y + 5*y**2"
ELASTIC = "(x + y - 1)**2 + (x**2 + y**2)/2 + abs(x) + abs(y)"

C = Case
CORPUS_4: list[Case] = [
    # --- forms: quartic families, strictness where the Hessian is singular on a set holding no segment
    C("x^4 + 4x^2y^2 + y^4 convex", "x**4 + 4*x**2*y**2 + y**4", True,
      "det H = 96x^4 - 48x^2y^2 + 96y^4 > 0 off 0 (c = 4 in [0, 6])", "AP 2013 (x^4 + c x^2 y^2 + y^4)", "forms"),
    C("x^4 + 7x^2y^2 + y^4 not convex", "x**4 + 7*x**2*y**2 + y**4", False,
      "det H(1, 1) = 48*7 + 144 - 12*49 = -108 < 0 (c = 7 > 6)", "AP 2013 (x^4 + c x^2 y^2 + y^4)", "forms"),
    C("(x^2 + 2y^2)^2 strictly convex", "(x**2 + 2*y**2)**2", True,
      "H = 2 grad q grad q^T + 2 q H_q, PD off the origin", "AP 2013 (quartic forms)", "forms", property="strictly convex"),
    C("sum x_i^4 + sum x_i^2 x_j^2 strictly convex", "x**4 + y**4 + z**4 + x**2*y**2 + y**2*z**2 + z**2*x**2", True,
      "= ((x^2 + y^2 + z^2)^2 + x^4 + y^4 + z^4)/2", "AP 2013 (quartic forms)", "forms", property="strictly convex"),
    C("(x - y)^4 + (x + y)^2 strictly convex", "(x - y)**4 + (x + y)**2", True,
      "H singular only on x = y, with kernel (1, -1) transversal to it", "AP 2013 (singular Hessians)", "forms",
      property="strictly convex"),
    C("x^4 + y^2 strictly convex", "x**4 + y**2", True, "H = diag(12x^2, 2) singular on x = 0, kernel (1, 0) transversal",
      "AP 2013 (singular Hessians)", "forms", property="strictly convex"),
    C("(x + y)^4 + (x + y)^2 not strictly convex", "(x + y)**4 + (x + y)**2", False, "constant along (1, -1)",
      "AP 2013 (singular Hessians)", "forms", property="strictly convex"),
    # --- piecewise and C^1 ML losses with their exact constants
    C("Huber delta=2 1-smooth", huber_delta2(), True, "f'' = 1 inside, 0 outside, C^1 at |x| = 2", "ESL 10.6 / Beck 6.7",
      "piecewise", property="L-smooth", L=1),
    C("Huber delta=2 not 9/10-smooth", huber_delta2(), False, "f'' = 1 on |x| < 2", "ESL 10.6 / Beck 6.7", "piecewise",
      property="L-smooth", L=_R(9, 10)),
    C("Huber delta=2 not strongly convex", huber_delta2(), False, "affine for |x| > 2", "ESL 10.6 / Beck 6.7", "piecewise",
      property="strongly convex"),
    C("smoothed hinge convex", smoothed_hinge(), True, "slopes -1, then -2(1 - x) in [-1, 0], then 0", "SSZ 2013 sec. 5",
      "piecewise"),
    C("smoothed hinge 2-smooth", smoothed_hinge(), True, "1/gamma-smooth, gamma = 1/2", "SSZ 2013 sec. 5", "piecewise",
      property="L-smooth", L=2),
    C("smoothed hinge not 3/2-smooth", smoothed_hinge(), False, "f'' = 2 on (1/2, 1)", "SSZ 2013 sec. 5", "piecewise",
      property="L-smooth", L=_R(3, 2)),
    C("modified Huber convex", modified_huber(), True, "value 4 and slope -4 agree at -1, slope 0 at 1", "Zhang 2004",
      "piecewise"),
    C("modified Huber 2-smooth", modified_huber(), True, "f'' in {0, 2}, f' continuous", "Zhang 2004", "piecewise",
      property="L-smooth", L=2),
    C("squared eps-insensitive 2-smooth", eps_insensitive_sq(), True, "f' = 2 sign(x) max(|x| - 1, 0) is 2-Lipschitz",
      "SS 2004", "piecewise", property="L-smooth", L=2),
    C("x^2 then x (slope drops) not convex", kinked_down(), False, "slope 2 on the left of 1, 1 on the right",
      "BV 3.1.3 (first-order condition)", "piecewise"),
    C("Huber of the norm, mu = 2, 1/2-smooth", huber_norm_mu2(), True, "Moreau envelope of |.| with mu = 2: 1/mu-smooth",
      "Beck 6.7 (Example 6.62)", "piecewise", property="L-smooth", L=_R(1, 2)),
    # --- ML losses and regularisers with exact constants (smooth)
    C("logistic of x + y 1/2-smooth", "log(1 + exp(x + y))", True, "H = s(1 - s) a a^T, |a|^2 = 2, s(1 - s) <= 1/4",
      "Beck 5 (Example 5.2 logistic)", "constants", property="L-smooth", L=_R(1, 2)),
    C("logistic of x + y not 9/20-smooth", "log(1 + exp(x + y))", False, "eigenvalue 1/2 at x + y = 0",
      "Beck 5 (Example 5.2 logistic)", "constants", property="L-smooth", L=_R(9, 20)),
    C("log cosh(2x) 4-smooth", "log(cosh(2*x))", True, "f'' = 4 sech^2(2x) <= 4", "Beck 5 / log-cosh loss", "constants",
      property="L-smooth", L=4),
    C("log cosh(2x) not 7/2-smooth", "log(cosh(2*x))", False, "f''(0) = 4", "Beck 5 / log-cosh loss", "constants",
      property="L-smooth", L=_R(7, 2)),
    C("pseudo-Huber delta=2 1-smooth", "4*(sqrt(1 + x**2/4) - 1)", True, "f'' = (1 + x^2/4)^(-3/2) <= 1",
      "HL (Charbonnier / pseudo-Huber)", "constants", property="L-smooth", L=1),
    C("pseudo-Huber delta=2 not strongly convex", "4*(sqrt(1 + x**2/4) - 1)", False, "f'' -> 0 as |x| -> oo",
      "HL (Charbonnier / pseudo-Huber)", "constants", property="strongly convex"),
    C("softmax cross-entropy 1/2-smooth", SOFTMAX_CE, True, "H = diag(p) - p p^T <= (1/2)(I - 11^T/3)",
      "Bohning 1992 / Beck Example 5.15", "constants", property="L-smooth", L=_R(1, 2)),
    C("softmax cross-entropy not 2/5-smooth", SOFTMAX_CE, False, "eigenvalue near 1/2 where p = (1/2, 1/2, 0)",
      "Bohning 1992 / Beck Example 5.15", "constants", property="L-smooth", L=_R(2, 5)),
    C("Nesterov quadratic 1/3-strongly convex", NESTEROV_Q, True, "lambda_min = 6 - 4 sqrt 2 = 0.343 >= 1/3",
      "Nesterov Thm 2.1.11", "constants", property="strongly convex", modulus=_R(1, 3)),
    C("Nesterov quadratic not 7/20-strongly convex", NESTEROV_Q, False, "lambda_min = 0.343 < 0.35",
      "Nesterov Thm 2.1.11", "constants", property="strongly convex", modulus=_R(7, 20)),
    C("Nesterov quadratic 12-smooth", NESTEROV_Q, True, "lambda_max = 6 + 4 sqrt 2 = 11.66 <= 12",
      "Nesterov Thm 2.1.6", "constants", property="L-smooth", L=12),
    C("Nesterov quadratic not 23/2-smooth", NESTEROV_Q, False, "lambda_max = 11.66 > 11.5", "Nesterov Thm 2.1.6",
      "constants", property="L-smooth", L=_R(23, 2)),
    C("-log on x >= 1/2 4-smooth", "-log(x)", True, "f'' = 1/x^2 <= 4 there", "Nesterov 5.1 (barrier)", "constants",
      domain="x >= 1/2", property="L-smooth", L=4),
    C("1/x on (0, 2] 1/4-strongly convex", "1/x", True, "f'' = 2/x^3 >= 1/4 there", "Beck 5 (strong convexity)",
      "constants", domain="0 < x <= 2", property="strongly convex", modulus=_R(1, 4)),
    C("1/x on (0, 2] not 1/3-strongly convex", "1/x", False, "f''(2) = 1/4 < 1/3", "Beck 5 (strong convexity)",
      "constants", domain="0 < x <= 2", property="strongly convex", modulus=_R(1, 3)),
    # --- modulus reduction f - m/2 |x|^2 (nonsmooth and transcendental parts kept)
    C("elastic net 1-strongly convex", ELASTIC, True, "smooth part's Hessian [[3, 2], [2, 3]] has eigenvalues 1 and 5",
      "Beck Example 5.19 (elastic net)", "modulus", property="strongly convex", modulus=1),
    C("elastic net not 6/5-strongly convex", ELASTIC, False, "eigenvalue 1 along (1, -1) where |x| + |y| is affine",
      "Beck Example 5.19 (elastic net)", "modulus", property="strongly convex", modulus=_R(6, 5)),
    C("lse + |x|^2 2-strongly convex", "log(exp(x) + exp(y)) + x**2 + y**2", True, "lse convex plus |x|^2",
      "Beck 5 (log-sum-exp)", "modulus", property="strongly convex", modulus=2),
    C("lse + |x|^2 not 21/10-strongly convex", "log(exp(x) + exp(y)) + x**2 + y**2", False,
      "along (1, 1) the lse is affine: curvature exactly 2", "Beck 5 (log-sum-exp)", "modulus",
      property="strongly convex", modulus=_R(21, 10)),
    C("2 cosh x + y^2 2-strongly convex", "exp(x) + exp(-x) + y**2", True, "f_xx = 2 cosh x >= 2, f_yy = 2",
      "Beck 5 (strong convexity)", "modulus", property="strongly convex", modulus=2),
    # --- sums of proved parts, divergences, perspectives
    C("Jensen-Shannon (unnormalised) convex", "x*log(2*x/(x + y)) + y*log(2*y/(x + y))", True,
      "sum of two relative entropies D(x | (x + y)/2)", "Lin 1991 / BV 3.2.6", "sums", domain="x > 0, y > 0"),
    C("two generalised KL terms convex", "x*log(x/y) - x + y + y*log(y/z) - y + z", True,
      "each x log(x/y) is a perspective of t log t", "BV 3.2.6 / Cover-Thomas 2.7.2", "sums",
      domain="x > 0, y > 0, z > 0"),
    C("Itakura-Saito not jointly convex", "x/y - log(x/y) - 1", False, "f_yy(1, 4) = 0 with f_xy != 0: det H < 0",
      "FBD 2009", "sums", domain="x > 0, y > 0"),
    C("squared Hellinger convex", "(sqrt(x) - sqrt(y))**2", True, "= x + y - 2 sqrt(x y), geometric mean concave",
      "BV 3.1.5 (geometric mean) / f-divergences", "sums", domain="x > 0, y > 0"),
    C("Neyman chi-square convex", "(x - y)**2/y", True, "quadratic over linear of an affine map", "BV 3.1.5",
      "sums", domain="y > 0"),
    C("perspective of x^4: x^4/y^3 convex", "x**4/y**3", True, "y g(x/y) with g = t^4", "BV 3.2.6", "sums",
      domain="y > 0"),
    C("x^3/y convex on the orthant", "x**3/y", True, "det H = 3x^4/y^4 > 0, f_xx = 6x/y > 0", "BV ex. 3.16 style",
      "sums", domain="x > 0, y > 0"),
    C("x^3/y not convex on y > 0", "x**3/y", False, "f_xx = 6x/y < 0 for x < 0", "BV ex. 3.16 style", "sums",
      domain="y > 0"),
    C("perspective of lse convex", "y*log(exp(x/y) + exp(z/y))", True, "perspective of log-sum-exp",
      "BV 3.2.6", "sums", domain="y > 0"),
    # --- geometric programs after the log change of variables
    C("GP posynomial in log variables convex", GP_LSE, True, "log-sum-exp of affine forms", "BV 4.5.3", "gp"),
    C("GP posynomial not strictly convex", GP_LSE, False, "every exponent grows by -t along (1, -1, 0)", "BV 4.5.3",
      "gp", property="strictly convex"),
    C("GP lse with independent exponents strictly convex", "log(exp(2*x) + exp(x - y) + exp(-3*y))", True,
      "no direction d with 2d1 = d1 - d2 = -3d2 but 0", "BV 4.5.3", "gp", property="strictly convex"),
    C("logistic of x - y plus (x - y)^2 not strongly convex", "log(1 + exp(x - y)) + (x - y)**2", False,
      "constant along (1, 1)", "BV 3.1.5", "gp", property="strongly convex"),
    # --- signs of transcendental terms on a domain
    C("x^2 log x convex on x >= 1/4", "x**2*log(x)", True, "f'' = 2 log x + 3 >= 0 for x >= e^(-3/2) = 0.223",
      "BV ex. 3.16 style", "transcendental", domain="x >= 1/4"),
    C("x^2 log x not convex on x > 0", "x**2*log(x)", False, "f'' < 0 for x < e^(-3/2)", "BV ex. 3.16 style",
      "transcendental", domain="x > 0"),
    C("x^2 e^-x convex on x >= 4", "x**2*exp(-x)", True, "f'' = e^-x (x^2 - 4x + 2) >= 0 for x >= 2 + sqrt 2",
      "BV ex. 3.16 style (gamma density)", "transcendental", domain="x >= 4"),
    C("x^2 e^-x not convex on x >= 3", "x**2*exp(-x)", False, "f''(3) = -e^-3", "BV ex. 3.16 style (gamma density)",
      "transcendental", domain="x >= 3"),
    C("sin convex on [3.2, 6.2]", "sin(x)", True, "f'' = -sin x >= 0 on [pi, 2 pi]", "BV ex. 3.16 style",
      "transcendental", domain="3.2 <= x <= 6.2"),
    C("sin not convex on [3, 6.2]", "sin(x)", False, "sin 3 > 0", "BV ex. 3.16 style", "transcendental",
      domain="3 <= x <= 6.2"),
    C("atan concave on x >= 0", "atan(x)", True, "f'' = -2x/(1 + x^2)^2", "BV ex. 3.16 style", "transcendental",
      domain="x >= 0", property="concave"),
    C("log(x)/x concave on (0, 4]", "log(x)/x", True, "f'' = (2 log x - 3)/x^3 <= 0 for x <= e^(3/2) = 4.48",
      "BV ex. 3.16 style", "transcendental", domain="0 < x <= 4", property="concave"),
    C("x^x convex on x > 0", "x**x", True, "f'' = x^x ((log x + 1)^2 + 1/x)", "BV ex. 3.16 style", "transcendental",
      domain="x > 0"),
    C("e^x - 2x^2 convex on x >= 3/2", "exp(x) - 2*x**2", True, "f'' = e^x - 4 >= 0 for x >= log 4", "BV ex. 3.16 style",
      "transcendental", domain="x >= 3/2"),
    C("e^x - 2x^2 not convex on x >= 1", "exp(x) - 2*x**2", False, "f''(1) = e - 4 < 0", "BV ex. 3.16 style",
      "transcendental", domain="x >= 1"),
    # --- quasiconvexity
    C("sqrt|x - y| quasiconvex", "sqrt(abs(x - y))", True, "nondecreasing function of |x - y|", "BV 3.4.1", "quasi",
      property="quasiconvex"),
    C("x^2 y quasiconcave on the orthant", "x**2*y", True, "superlevel sets y >= t/x^2 are convex", "BV ex. 3.16 style",
      "quasi", domain="x > 0, y > 0", property="quasiconcave"),
    C("(x^2 + 1)/y quasiconvex on y > 0", "(x**2 + 1)/y", True, "{x^2 + 1 <= t y} convex (BV 3.4.5)", "BV 3.4.5",
      "quasi", domain="y > 0", property="quasiconvex"),
    C("|x|/(1 + |x|) quasiconvex", "abs(x)/(1 + abs(x))", True, "nondecreasing in |x|", "BV 3.4.1", "quasi",
      property="quasiconvex"),
    C("capped l1 quasiconvex", capped_l1(), True, "even, nondecreasing in |x|", "BV 3.4.1 / capped-l1", "quasi",
      property="quasiconvex"),
    C("capped l1 not convex", capped_l1(), False, "f(0) = 0, f(1) = f(2) = 1 and f(1) > (f(0) + f(2))/2",
      "BV 3.4.1 / capped-l1", "quasi"),
    C("x^2 e^(-x^2) not quasiconvex", "x**2*exp(-x**2)", False, "f(1) = 1/e > max(f(0), f(2)) = 4/e^4",
      "BV 3.4 (sublevel sets)", "quasi", property="quasiconvex"),
    C("sin not quasiconvex on [0, 6]", "sin(x)", False, "f(pi/2) = 1 > max(f(0), f(3))", "BV 3.4", "quasi",
      domain="0 <= x <= 6", property="quasiconvex"),
    # --- p-norms, power means, products, monotone substitutions, max in a denominator, nested logs
    C("4-norm convex", "(x**4 + y**4)**(1/4)", True, "the l_4 norm", "BV 3.1.5 (norms)", "atoms"),
    C("5/2-norm in 3-D convex", "(abs(x)**(5/2) + abs(y)**(5/2) + abs(z)**(5/2))**(2/5)", True, "the l_p norm, p = 5/2",
      "BV 3.1.5 (norms)", "atoms"),
    C("2/3 quasi-norm not convex", "(abs(x)**(2/3) + abs(y)**(2/3))**(3/2)", False, "f(1/2, 1/2) = sqrt 2 > 1",
      "BV 3.1.5 (norms)", "atoms"),
    C("power mean p = 1/3 concave", "(x**(1/3) + y**(1/3))**3", True, "power means with p < 1 are concave",
      "HLP 2.9 / BV ex. 3.54", "atoms", domain="x > 0, y > 0", property="concave"),
    C("power mean p = -2 concave", "(x**(-2) + y**(-2))**(-1/2)", True, "power means with p < 1 are concave",
      "HLP 2.9 / BV ex. 3.54", "atoms", domain="x > 0, y > 0", property="concave"),
    C("weighted geometric mean in 3-D concave", "x**(1/4)*y**(1/4)*z**(1/2)", True, "weights sum to 1",
      "BV 3.1.5 (geometric mean)", "atoms", domain="x > 0, y > 0, z > 0", property="concave"),
    C("log(1 + x)(2 - x) concave", "log(1 + x)*(2 - x)", True, "concave increasing times concave decreasing, both >= 0",
      "BV ex. 3.32", "atoms", domain="0 < x < 2", property="concave"),
    C("log(1 + x)(2 + x) not concave", "log(1 + x)*(2 + x)", False, "f'' = x/(1 + x)^2 > 0", "BV ex. 3.32", "atoms",
      domain="x > 0", property="concave"),
    C("(sqrt(x) - 2)^4 convex", "(sqrt(x) - 2)**4", True, "u = sqrt x: f'' = 4(u - 2)^2(2u + 2)/(4u^3) >= 0",
      "BV 3.2.4 (substitution u = sqrt x)", "atoms", domain="x >= 0"),
    C("(sqrt(x) - 2)^3 not convex", "(sqrt(x) - 2)**3", False, "f'' = 3(u - 2)(u + 2)/(4u^3) < 0 for u < 2",
      "BV 3.2.4 (substitution u = sqrt x)", "atoms", domain="x > 0"),
    C("1/(3 - max(|x|, |y|)) convex", "1/(3 - Max(abs(x), abs(y)))", True, "1/(3 - t) convex increasing, l_inf convex",
      "BV 3.2.4", "atoms", domain="-3 < x < 3, -3 < y < 3"),
    C("-log(1 - log x) convex on (1, 2.7)", "-log(1 - log(x))", True, "f'' = log x/(x^2 (1 - log x)^2) >= 0 for x >= 1",
      "BV 3.2.4", "atoms", domain="1 < x < 2.7"),
    C("-log(1 - log x) not convex on (1/2, 2)", "-log(1 - log(x))", False, "f'' < 0 for x < 1", "BV 3.2.4", "atoms",
      domain="1/2 < x < 2"),
    C("log(1 + log(1 + x)) concave on x > 0", "log(1 + log(1 + x))", True, "log of a positive concave function",
      "BV 3.2.4", "atoms", domain="x > 0", property="concave"),
    C("sqrt(log x) concave on its domain", "sqrt(log(x))", True, "sqrt of a nonnegative concave function, x >= 1",
      "BV 3.2.4", "atoms", domain="natural", property="concave"),
    # --- a second batch, written after the first run and before any change it prompted
    C("f'' = (x^2 - 3)^2 strictly convex", "x**6/30 - x**4/2 + 9*x**2/2", True, "f'' >= 0 with isolated zeros +-sqrt 3",
      "AP 2013 (singular Hessians)", "forms", property="strictly convex"),
    C("f'' = (x^2 - 3)^2 not strongly convex", "x**6/30 - x**4/2 + 9*x**2/2", False, "f''(sqrt 3) = 0",
      "AP 2013 (singular Hessians)", "forms", property="strongly convex"),
    C("2 cosh x - 2 - x^2 convex", "exp(x) + exp(-x) - 2 - x**2", True, "f'' = 2 cosh x - 2 >= 0", "Beck 5 (Taylor bounds)",
      "transcendental"),
    C("2 cosh x - 2 - x^2 not strongly convex", "exp(x) + exp(-x) - 2 - x**2", False, "f''(0) = 0",
      "Beck 5 (Taylor bounds)", "transcendental", property="strongly convex"),
    C("lse3 + (x + y + z)^2 strictly convex", "log(exp(x) + exp(y) + exp(z)) + (x + y + z)**2", True,
      "lse affine only along (1, 1, 1), where (x + y + z)^2 is strictly convex", "BV 3.1.5", "gp",
      property="strictly convex"),
    C("lse3 + (x - y)^2 not strictly convex", "log(exp(x) + exp(y) + exp(z)) + (x - y)**2", False,
      "both terms affine along (1, 1, 1)", "BV 3.1.5", "gp", property="strictly convex"),
    C("squared distance to the square 2-smooth", "Max(0, abs(x) - 1)**2 + Max(0, abs(y) - 1)**2", True,
      "d_C^2 is 2-smooth for convex C", "Beck 6.7 (squared distance)", "piecewise", property="L-smooth", L=2),
    C("squared distance to the square not 3/2-smooth", "Max(0, abs(x) - 1)**2 + Max(0, abs(y) - 1)**2", False,
      "curvature 2 outside the square", "Beck 6.7 (squared distance)", "piecewise", property="L-smooth", L=_R(3, 2)),
    C("Huber of x - 2y convex", huber_affine(), True, "Huber of an affine form", "Beck 6.7 / BV 3.2.2", "piecewise"),
    C("Huber of x - 2y 5-smooth", huber_affine(), True, "H = phi''(l) a a^T, |a|^2 = 5, phi'' <= 1",
      "Beck 6.7 / BV 3.2.2", "piecewise", property="L-smooth", L=5),
    C("Huber of x - 2y not 4-smooth", huber_affine(), False, "eigenvalue 5 where |x - 2y| < 1", "Beck 6.7 / BV 3.2.2",
      "piecewise", property="L-smooth", L=4),
    C("sqrt(x) sqrt(1 - y) concave", "sqrt(x)*sqrt(1 - y)", True, "geometric mean of two positive affine functions",
      "BV 3.1.5 / ex. 3.32", "atoms", domain="x > 0, y < 1", property="concave"),
    C("log(1 + x) log(1 + y) log-concave", "log(1 + x)*log(1 + y)", True, "product of positive concave functions",
      "BV 3.5.2", "atoms", domain="x > 0, y > 0", property="log-concave"),
    C("log(1 + x) log(1 + y) not concave", "log(1 + x)*log(1 + y)", False,
      "det H = (log(1 + x) log(1 + y) - 1)/((1 + x)(1 + y))^2 < 0 at (1, 1)", "BV ex. 3.32", "atoms",
      domain="x > 0, y > 0", property="concave"),
    C("truncated quadratic of the norm quasiconvex", "Min(x**2 + y**2, 1)", True, "nondecreasing in x^2 + y^2",
      "BV 3.4.1 / Barron 2019", "quasi", property="quasiconvex"),
    C("truncated quadratic of the norm not convex", "Min(x**2 + y**2, 1)", False, "f(0) = 0, f(1, 0) = f(2, 0) = 1",
      "BV 3.4.1 / Barron 2019", "quasi"),
    C("Laplace kernel log-concave", "exp(-abs(x - y))", True, "log f = -|x - y| concave", "BV 3.5.1", "quasi",
      property="log-concave"),
    C("exp(x^2) log-convex", "exp(x**2)", True, "log f = x^2", "BV 3.5", "quasi", property="log-convex"),
    C("1/(xy) log-convex on the orthant", "1/(x*y)", True, "log f = -log x - log y", "BV 3.5", "quasi",
      domain="x > 0, y > 0", property="log-convex"),
    C("exp(sqrt x) convex on x >= 1", "exp(sqrt(x))", True, "f'' = e^u (u - 1)/(4u^3), u = sqrt x >= 1",
      "BV 3.2.4 (substitution u = sqrt x)", "atoms", domain="x >= 1"),
    C("exp(sqrt x) not convex on x > 0", "exp(sqrt(x))", False, "f'' < 0 for x < 1", "BV 3.2.4 (substitution u = sqrt x)",
      "atoms", domain="x > 0"),
    C("log(log x + log y) concave on x, y > 1", "log(log(x) + log(y))", True, "log of a positive concave function",
      "BV 3.2.4", "atoms", domain="x > 1, y > 1", property="concave"),
    C("3-norm of an affine map convex", "(abs(x - y)**3 + abs(x + 2*y)**3)**(1/3)", True, "a norm of a linear map",
      "BV 3.1.5 / 3.2.2", "atoms"),
    C("weighted power mean p = 1/2 concave", "(sqrt(x)/3 + 2*sqrt(y)/3)**2", True, "weighted power means, p < 1",
      "HLP 2.9", "atoms", domain="x > 0, y > 0", property="concave"),
    C("entropy 1-strongly convex on (0, 1]^2", "x*log(x) + y*log(y)", True, "H = diag(1/x, 1/y) >= I there",
      "Beck Example 5.27 (negative entropy)", "constants", domain="0 < x <= 1, 0 < y <= 1",
      property="strongly convex", modulus=1),
    C("entropy not 11/10-strongly convex on (0, 1]^2", "x*log(x) + y*log(y)", False, "f_xx(1, y) = 1",
      "Beck Example 5.27 (negative entropy)", "constants", domain="0 < x <= 1, 0 < y <= 1",
      property="strongly convex", modulus=_R(11, 10)),
    C("x log x 2-smooth on x >= 1/2", "x*log(x)", True, "f'' = 1/x <= 2 there", "Beck 5 (smoothness)", "constants",
      domain="x >= 1/2", property="L-smooth", L=2),
    # --- a third batch, written after the first two had been answered and before symopt saw it
    C("x^4 + y^4 + z^4 + (x + y + z)^2 strictly convex", "x**4 + y**4 + z**4 + (x + y + z)**2", True,
      "each x_i^4 is affine only along the other axes; those subspaces meet in 0", "AP 2013 (singular Hessians)",
      "forms", property="strictly convex"),
    C("2 cosh(x - y) + (x + y)^2 strictly convex", "exp(x - y) + exp(y - x) + (x + y)**2", True,
      "cosh(x - y) affine only along (1, 1), (x + y)^2 only along (1, -1)", "BV 3.1.5", "sums",
      property="strictly convex"),
    C("2 cosh(x - y) + (x + y)^2 4-strongly convex", "exp(x - y) + exp(y - x) + (x + y)**2", True,
      "eigenvalues 4 cosh(x - y) >= 4 along (1, -1) and 4 along (1, 1)", "Beck 5 (strong convexity)", "modulus",
      property="strongly convex", modulus=4),
    C("2 cosh(x - y) + (x + y)^2 not 5-strongly convex", "exp(x - y) + exp(y - x) + (x + y)**2", False,
      "eigenvalue exactly 4 along (1, 1)", "Beck 5 (strong convexity)", "modulus", property="strongly convex",
      modulus=5),
    C("x^3 e^(-2x) log-concave on x > 0", "x**3*exp(-2*x)", True, "log f = 3 log x - 2x", "BV 3.5.2 (gamma density)",
      "quasi", domain="x > 0", property="log-concave"),
    C("(xy)^(1/3) concave on the orthant", "(x*y)**(1/3)", True, "Cobb-Douglas with exponents summing to 2/3 <= 1",
      "BV ex. 3.16 style", "atoms", domain="x > 0, y > 0", property="concave"),
    C("x^(2/3) y^(2/3) not concave on the orthant", "x**(2/3)*y**(2/3)", False, "t^(4/3) on the diagonal",
      "BV ex. 3.16 style", "atoms", domain="x > 0, y > 0", property="concave"),
    C("x^(2/3) y^(2/3) quasiconcave on the orthant", "x**(2/3)*y**(2/3)", True, "log-concave", "BV 3.5 / 3.4",
      "quasi", domain="x > 0, y > 0", property="quasiconcave"),
    C("-log(-log x) convex on (1/2, 1)", "-log(-log(x))", True, "f'' = (log x + 1)/(x log x)^2 >= 0 for x >= 1/e",
      "BV 3.2.4 (Gumbel)", "atoms", domain="1/2 < x < 1"),
    C("-log(-log x) not convex on (0, 1)", "-log(-log(x))", False, "f'' < 0 for x < 1/e", "BV 3.2.4 (Gumbel)",
      "atoms", domain="0 < x < 1"),
    C("1/min(x, y) convex on the orthant", "1/Min(x, y)", True, "1/t convex decreasing of a concave function",
      "BV 3.2.4", "atoms", domain="x > 0, y > 0"),
    C("1/max(x, y) not convex on the orthant", "1/Max(x, y)", False, "f(1, 2) = f(2, 1) = 1/2 < f(3/2, 3/2) = 2/3",
      "BV 3.2.4", "atoms", domain="x > 0, y > 0"),
    C("1/max(x, y) quasiconcave on the orthant", "1/Max(x, y)", True, "superlevel sets {max(x, y) <= 1/t} are convex",
      "BV 3.4", "quasi", domain="x > 0, y > 0", property="quasiconcave"),
    C("squared 3-norm convex", "(abs(x)**3 + abs(y)**3)**(2/3)", True, "square of a nonnegative norm", "BV 3.1.5",
      "atoms"),
    C("binary negative entropy 4-strongly convex", "x*log(x) + (1 - x)*log(1 - x)", True, "f'' = 1/(x(1 - x)) >= 4",
      "Beck Example 5.27 style", "constants", domain="0 < x < 1", property="strongly convex", modulus=4),
    C("binary negative entropy not 9/2-strongly convex", "x*log(x) + (1 - x)*log(1 - x)", False, "f''(1/2) = 4",
      "Beck Example 5.27 style", "constants", domain="0 < x < 1", property="strongly convex", modulus=_R(9, 2)),
    C("logistic of 2x - y 5/4-smooth", "log(1 + exp(2*x - y))", True, "s(1 - s) |a|^2 <= 5/4", "Beck 5 (logistic)",
      "constants", property="L-smooth", L=_R(5, 4)),
    C("logistic of 2x - y not 6/5-smooth", "log(1 + exp(2*x - y))", False, "eigenvalue 5/4 at 2x = y",
      "Beck 5 (logistic)", "constants", property="L-smooth", L=_R(6, 5)),
    C("sqrt 1/4-smooth on x >= 1", "sqrt(x)", True, "|f''| = 1/(4 x^(3/2)) <= 1/4", "Beck 5 (smoothness)", "constants",
      domain="x >= 1", property="L-smooth", L=_R(1, 4)),
    C("x^4 - 4xy + y^4 not convex", "x**4 - 4*x*y + y**4", False, "H(0) = [[0, -4], [-4, 0]]",
      "Nocedal-Wright style two-minima example", "forms"),
    C("(x^2 + y^2)/z convex on z > 0", "(x**2 + y**2)/z", True, "quadratic over linear", "BV 3.1.5", "sums",
      domain="z > 0"),
]

#: Explicit domains for the questions asked on their natural domain (the sampler reads boxes only).
NATURAL = {"sqrt(log x) concave on its domain": "x >= 1"}

if __name__ == "__main__":  # pragma: no cover - the dense check, run by hand
    from dataclasses import replace

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    bad = []
    for c in CORPUS_4:
        c2 = replace(c, domain=NATURAL[c.name]) if c.name in NATURAL else c
        holds, used = sampled_truth_count(c2, n)
        if holds != c.truth:
            bad.append((c.name, used))
    print(f"{len(CORPUS_4)} questions, {n} pairs each: {len(bad)} disagree with the stated truth")
    for name, used in bad:
        print("  disagrees:", name, used)
