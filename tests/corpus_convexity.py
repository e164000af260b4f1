"""The convexity corpus: the texts' functions and standard examples (with traps).

Each :class:`Case` states the mathematical truth (``truth``: does the property
hold on the domain?) with a one-line justification, and the status symopt is
expected to reach (``expect``; ``"unknown"`` where no layer decides it).  The
truth values come from textbook facts (Boyd & Vandenberghe ch. 3, D2L 11.2),
not from symopt; the tests re-check every certificate independently and count
any verdict that contradicts ``truth`` as wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp


@dataclass(frozen=True)
class Case:
    name: str
    expr: object  # text, or a SymPy expression for what the parser cannot write
    truth: bool
    expect: str
    why: str
    domain: str | None = None
    property: str = "convex"
    modulus: object = None
    L: object = None
    source: str = "standard"


def _huber() -> sp.Expr:
    x = sp.Symbol("x", real=True)
    return sp.Piecewise((x**2 / 2, sp.Abs(x) <= 1), (sp.Abs(x) - sp.Rational(1, 2), True))


CORPUS: list[Case] = [
    # --- the texts -----------------------------------------------------------------
    Case("D2L 10.3 GD objective", "x**2", True, "proved", "f'' = 2 > 0", source="000 10.3"),
    Case("D2L 10.3 2-D objective", "x1**2 + 2*x2**2", True, "proved", "Hessian diag(2, 4)", source="000 10.3"),
    Case("D2L 10.3 x cos(cx), c = 0.15 pi", "x*cos(0.15*pi*x)", False, "refuted", "infinitely many local minima", source="000 10.3"),
    Case("D2L 10.3 cosh(cx), c = 0.5", "cosh(0.5*x)", True, "proved", "cosh convex", source="000 10.3"),
    Case("D2L 10.3 exercise log(e^x + e^(-2x-3))", "log(exp(x) + exp(-2*x - 3))", True, "proved", "log-sum-exp of affine", source="000 10.3 / 001 11.3"),
    Case("D2L 11.1 x cos(pi x)", "x*cos(pi*x)", False, "refuted", "local minima that are not global", source="001 11.1"),
    Case("D2L 11.1 x^3 saddle", "x**3", False, "refuted", "f'' = 6x < 0 for x < 0", source="001 11.1"),
    Case("D2L 11.1 x^2 - y^2 saddle", "x**2 - y**2", False, "refuted", "Hessian diag(2, -2)", source="001 11.1"),
    Case("D2L 11.1 tanh", "tanh(x)", False, "refuted", "tanh'' > 0 for x < 0 and < 0 for x > 0", source="001 11.1"),
    Case("D2L 11.2 f = 0.5 x^2", "0.5*x**2", True, "proved", "f'' = 1", source="001 11.2"),
    Case("D2L 11.2 g = cos(pi x)", "cos(pi*x)", False, "refuted", "g'' = -pi^2 cos(pi x) < 0 near 0", source="001 11.2"),
    Case("D2L 11.2 h = exp(0.5 x)", "exp(0.5*x)", True, "proved", "exp of affine", source="001 11.2"),
    Case("D2L 11.2 (x+1)(x-1)^2", "(x-1)**2*(x+1)", False, "refuted", "local minimum at 1 is not global", source="001 11.2"),
    Case("D2L 11.2 max(|x| - 1, 0)", "max(abs(x) - 1, 0)", True, "proved", "max of convex functions", source="001 11.2"),
    Case("D2L 11.2 exp(x)", "exp(x)", True, "proved", "exp convex", source="001 11.2"),
    Case("D2L 11.2 text 0.5x^2 + cos(2 pi y)", "0.5*x**2 + cos(2*pi*y)", False, "refuted", "cos(2 pi y) concave near 0", source="001 11.2"),
    Case("D2L 11.2 code x^2 + 0.5 cos(2 pi y)", "x**2 + 0.5*cos(2*pi*y)", False, "refuted", "same, as the code plots it", source="001 11.2"),
    Case("D2L 11.2 exercise 4 log-sum-exp", "logsumexp(x1, x2, x3)", True, "proved", "log-sum-exp", source="001 11.2 ex. 4"),
    Case("D2L 11.2 exercise 3: min(f, g) not always convex", "min(x**2, (x - 2)**2)", False, "refuted", "two separated minima", source="001 11.2 ex. 3"),
    Case("D2L 11.2 exercise 3: max(f, g) convex", "max(x**2, (x - 2)**2)", True, "proved", "max of convex", source="001 11.2 ex. 3"),
    Case("D2L 11.6 momentum quadratic", "0.1*x1**2 + 2*x2**2", True, "proved", "Hessian diag(0.2, 4)", source="001 11.6"),
    Case("course notes 3.1 quadratic", "4*w**2 - 6*w - 9", True, "proved", "f'' = 8", source="003 3.1"),
    Case("course notes ex. 3.1.2", "(w1**2 + w2**2)**4 - 7*(w1**2 + w2**2)**3 + 13*(w1**2 + w2**2)**2", False, "refuted",
         "radial profile s^4 - 7s^3 + 13s^2 has a local max at s = 2", source="003 ex. 3.1.2"),
    Case("course notes ex. 3.1.3", "w**4/3 - w**3/2 - w**2 + w", False, "refuted", "two local minima", source="003 ex. 3.1.3"),
    Case("course notes ex. 3.3.1 least squares", "((-1 - (w0 + w2))**2 + (1 - (w0 + w1))**2)/2", True, "proved",
         "sum of squares of affine functions", source="003 ex. 3.3.1"),
    Case("course notes ex. 3.3.1 not strictly convex", "((-1 - (w0 + w2))**2 + (1 - (w0 + w1))**2)/2", False, "refuted",
         "constant along (1, -1, -1): a line of minimisers", property="strictly convex", source="003 ex. 3.3.1"),
    Case("course notes ex. 3.3.1 regularised, lambda = 0.01", "((-1 - (w0 + w2))**2 + (1 - (w0 + w1))**2)/2 + 0.01*(w0**2 + w1**2 + w2**2)",
         True, "proved", "PSD + 0.02 I is positive definite", property="strictly convex", source="003 ex. 3.3.1"),
    # --- standard convex functions --------------------------------------------------
    Case("log-sum-exp in 2-D", "log(exp(x) + exp(y))", True, "proved", "Boyd 3.1.5"),
    Case("geometric mean", "sqrt(x*y)", True, "proved", "Boyd 3.1.5", domain="x >= 0, y >= 0", property="concave"),
    Case("geometric mean is not convex", "sqrt(x*y)", False, "refuted", "concave and not affine", domain="x >= 0, y >= 0"),
    Case("quadratic over linear", "x**2/y", True, "proved", "Boyd 3.1.5", domain="y > 0"),
    Case("negative entropy", "x*log(x)", True, "proved", "f'' = 1/x > 0", domain="x > 0"),
    Case("negative entropy 2-D", "x*log(x) + y*log(y)", True, "proved", "sum", domain="x > 0, y > 0"),
    Case("Euclidean norm", "sqrt(x**2 + y**2)", True, "proved", "norms are convex"),
    Case("l1 norm", "abs(x) + abs(y)", True, "proved", "norms are convex"),
    Case("max of coordinates", "max(x, y)", True, "proved", "max of affine"),
    Case("pseudo-Huber", "sqrt(1 + x**2) - 1", True, "proved", "norm of (1, x)"),
    Case("Huber (piecewise)", _huber(), True, "proved", "Moreau envelope of |x|: convex pieces split at -1, 0, 1 glued with matching slopes"),
    Case("softplus", "softplus(x)", True, "proved", "log-sum-exp of (0, x)"),
    Case("-log", "-log(x)", True, "proved", "log concave", domain="x > 0"),
    Case("1/x on x > 0", "1/x", True, "proved", "f'' = 2/x^3 > 0", domain="x > 0"),
    Case("-sqrt(x)", "-sqrt(x)", True, "proved", "sqrt concave", domain="x >= 0"),
    Case("x^(3/2)", "x**(3/2)", True, "proved", "power p >= 1 on x >= 0", domain="x >= 0"),
    Case("exp(x + y) + exp(x - y)", "exp(x + y) + exp(x - y)", True, "proved", "exp of affine"),
    Case("(x - y)^4", "(x - y)**4", True, "proved", "even power of affine"),
    Case("abs(x - y) + (x + y)^2", "abs(x - y) + (x + y)**2", True, "proved", "sum of convex"),
    Case("exp(x^2)", "exp(x**2)", True, "proved", "increasing convex of convex"),
    Case("(x^2 + 1)^2", "(x**2 + 1)**2", True, "proved", "square of a nonnegative convex function"),
    Case("-log(xy)", "-log(x*y)", True, "proved", "-log x - log y", domain="x > 0, y > 0"),
    Case("PSD quadratic with cross term", "x**2 + x*y + y**2", True, "proved", "Hessian [[2,1],[1,2]] PD"),
    Case("log on x > 0 is concave", "log(x)", True, "proved", "Boyd 3.1.5", domain="x > 0", property="concave"),
    Case("sin on [0, 3] is concave", "sin(x)", True, "proved", "sin'' = -sin <= 0 on [0, pi]", domain="0 <= x <= 3", property="concave"),
    Case("x^4 + y^4 strictly convex", "x**4 + y**4", True, "proved", "separable, each strictly convex"),
    Case("x^4 strictly convex", "x**4", True, "proved", "f'' > 0 except at 0", property="strictly convex"),
    Case("x^2 + 2y^2 is 2-strongly convex", "x**2 + 2*y**2", True, "proved", "Hessian >= 2I", property="strongly convex", modulus=2),
    Case("x^2 + 2y^2 is 4-smooth", "x**2 + 2*y**2", True, "proved", "Hessian <= 4I", property="L-smooth", L=4),
    Case("cosh(x/2) is 1/4-strongly convex", "cosh(x/2)", True, "proved", "f'' = cosh(x/2)/4 >= 1/4", property="strongly convex", modulus="1/4"),
    Case("softplus is 1/4-smooth on [-3, 3]", "softplus(x)", True, "proved", "sigma(1 - sigma) <= 1/4", domain="-3 <= x <= 3", property="L-smooth", L="1/4"),
    Case("exp(x) + y^2 - xy on a box (minors by interval enclosure)", "exp(x) + y**2 - x*y", True, "proved", "Hessian [[e^x, -1], [-1, 2]] PD for e^x > 1/2",
         domain="-0.5 <= x <= 1, -1 <= y <= 1"),
    Case("exp(x) - x^3/3 on [-1, 2] (interval branch-and-bound)", "exp(x) - x**3/3", True, "proved",
         "f'' = e^x - 2x >= 2 - 2 log 2 > 0", domain="-1 <= x <= 2"),
    Case("softplus is 1/4-smooth on R", "softplus(x)", True, "proved", "f'' = sigma(1 - sigma) <= 1/4", property="L-smooth"),
    Case("log-cosh loss", "log(cosh(x - y))", True, "proved", "smooth approximation of |x - y|; (log cosh)'' = 1 - tanh^2 >= 0"),
    Case("logistic loss", "-log(sigmoid(x)) - log(1 - sigmoid(y))", True, "proved", "log(1 + e^-x) + log(1 + e^y)"),
    Case("log barrier of (0, 1)", "-log(x) - log(1 - x)", True, "proved", "sum of -log of affine", domain="0 < x < 1"),
    Case("relative entropy", "x*log(x/y)", True, "proved", "perspective of x log x (Boyd 3.2.6)", domain="x > 0, y > 0"),
    Case("1/(xy)", "1/(x*y)", True, "proved", "Hessian minors 2/(x^3 y), 3/(x^4 y^4) > 0", domain="x > 0, y > 0"),
    # --- traps -----------------------------------------------------------------------
    Case("x*y", "x*y", False, "refuted", "indefinite Hessian"),
    Case("x^4 - x^2", "x**4 - x**2", False, "refuted", "f''(0) = -2"),
    Case("Rosenbrock", "(1 - x)**2 + 100*(y - x**2)**2", False, "refuted", "banana valley"),
    Case("x^3 on x >= 0", "x**3", True, "proved", "f'' = 6x >= 0 there", domain="x >= 0"),
    Case("exp(-x^2)", "exp(-x**2)", False, "refuted", "Gaussian bump"),
    Case("log(1 + x^2)", "log(1 + x**2)", False, "refuted", "f'' < 0 for |x| > 1"),
    Case("sin", "sin(x)", False, "refuted", "sin'' = -sin"),
    Case("x^2 y^2", "x**2*y**2", False, "refuted", "Hessian at (1, 1) indefinite"),
    Case("1/x on x < 0", "1/x", False, "refuted", "concave there", domain="x < 0"),
    Case("indefinite quadratic", "x**2 + 3*x*y + y**2", False, "refuted", "det = 4 - 9 < 0"),
    Case("min(x, -x) = -|x|", "min(x, -x)", False, "refuted", "concave kink"),
    Case("x + y not strictly convex", "x + y", False, "refuted", "affine", property="strictly convex"),
    Case("x^2 not concave", "x**2", False, "refuted", "strictly convex", property="concave"),
    Case("x^4 not 1-strongly convex", "x**4", False, "refuted", "f''(0) = 0 < 1", property="strongly convex", modulus=1),
    Case("exp not 1-smooth", "exp(x)", False, "refuted", "f'' = e^x > 1 for x > 0", property="L-smooth", L=1),
    Case("-log(x) with no domain", "-log(x)", False, "unknown", "undefined for x <= 0: not a convex function on R (it is on x > 0)"),
    Case("log(x) not convex on x > 0", "log(x)", False, "refuted", "concave, not affine", domain="x > 0"),
]
