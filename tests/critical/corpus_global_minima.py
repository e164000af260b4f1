"""Global minima of polynomial test functions, 2 to 4 variables, from published collections.

Each :class:`Case` holds the objective as its source prints it and the global minimum
value the source publishes (``value``, a decimal or exact text) with the precision the
source states it to (``tol``: at least 1e-9, wider only where the source prints fewer
digits).  The value is used ONLY by the tests, to compare with the minimum symopt
derives; symopt never sees it.

Sources (``source`` names one per entry):

* MGH: J. J. Moré, B. S. Garbow and K. E. Hillstrom, "Testing unconstrained optimization
  software", ACM Transactions on Mathematical Software 7(1), 17-41, 1981 (problem numbers
  as printed there).
* JY: M. Jamil and X.-S. Yang, "A literature survey of benchmark functions for global
  optimization problems", Int. J. Mathematical Modelling and Numerical Optimisation 4(2),
  150-194, 2013 (function numbers f1..f175 as printed there).
* VLSE: S. Surjanovic and D. Bingham, "Virtual Library of Simulation Experiments: Test
  Functions and Datasets", Simon Fraser University, https://www.sfu.ca/~ssurjano/ (the
  page named).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    value: str  # the published global minimum value
    source: str
    tol: float = 1e-9  # the published precision (half a unit of the last printed digit), or a misprint named in note
    slow: bool = False  # too slow for the CI suite (kept out of the default test run)
    note: str = ""


CASES: tuple[Case, ...] = (
    Case("Rosenbrock", "100*(y - x**2)**2 + (1 - x)**2", "0",
         "MGH problem 1; JY 'Rosenbrock'; VLSE 'Rosenbrock Function': f(1, 1) = 0"),
    Case("Freudenstein-Roth", "(-13 + x + ((5 - y)*y - 2)*y)**2 + (-29 + x + ((y + 1)*y - 14)*y)**2", "0",
         "MGH problem 2: f = 0 at (5, 4) (also a local minimum 48.9842... at (11.41..., -0.8968...))",
         note="two local minima"),
    Case("Brown badly scaled", "(x - 10**6)**2 + (y - 2/10**6)**2 + (x*y - 2)**2", "0",
         "MGH problem 4: f = 0 at (1e6, 2e-6)", note="not coercive"),
    Case("Beale", "(3/2 - x + x*y)**2 + (9/4 - x + x*y**2)**2 + (21/8 - x + x*y**3)**2", "0",
         "MGH problem 5; JY 'Beale'; VLSE 'Beale Function': f(3, 0.5) = 0", note="not coercive"),
    Case("Powell singular", "(x1 + 10*x2)**2 + 5*(x3 - x4)**2 + (x2 - 2*x3)**4 + 10*(x1 - x4)**4", "0",
         "MGH problem 13; VLSE 'Powell Function' (d = 4): f(0) = 0"),
    Case("Wood", "100*(x2 - x1**2)**2 + (1 - x1)**2 + 90*(x4 - x3**2)**2 + (1 - x3)**2"
         " + 101/10*((x2 - 1)**2 + (x4 - 1)**2) + 198/10*(x2 - 1)*(x4 - 1)", "0",
         "MGH problem 14: f(1, 1, 1, 1) = 0"),
    Case("Colville", "100*(x1**2 - x2)**2 + (x1 - 1)**2 + (x3 - 1)**2 + 90*(x3**2 - x4)**2"
         " + 101/10*((x2 - 1)**2 + (x4 - 1)**2) + 198/10*(x2 - 1)*(x4 - 1)", "0",
         "VLSE 'Colville Function': f(1, 1, 1, 1) = 0"),
    Case("Variably dimensioned (n = 3)",
         "(x1 - 1)**2 + (x2 - 1)**2 + (x3 - 1)**2 + ((x1 - 1) + 2*(x2 - 1) + 3*(x3 - 1))**2"
         " + ((x1 - 1) + 2*(x2 - 1) + 3*(x3 - 1))**4", "0",
         "MGH problem 25 (n = 3): f(1, 1, 1) = 0"),
    Case("Penalty I (n = 4)", "(x1 - 1)**2/10**5 + (x2 - 1)**2/10**5 + (x3 - 1)**2/10**5 + (x4 - 1)**2/10**5"
         " + (x1**2 + x2**2 + x3**2 + x4**2 - 1/4)**2", "2.24997e-5",
         "MGH problem 23 (n = 4, a = 1e-5): f = 2.24997...e-5 (printed truncated)", tol=1e-10),
    Case("Linear function, full rank (n = 4, m = 6)",
         "(x1 - (x1 + x2 + x3 + x4)/3 - 1)**2 + (x2 - (x1 + x2 + x3 + x4)/3 - 1)**2"
         " + (x3 - (x1 + x2 + x3 + x4)/3 - 1)**2 + (x4 - (x1 + x2 + x3 + x4)/3 - 1)**2"
         " + 2*(-(x1 + x2 + x3 + x4)/3 - 1)**2", "2",
         "MGH problem 32 (n = 4, m = 6): f = m - n = 2", note="positive definite quadratic in 4 variables"),
    Case("Brown almost-linear (n = 2)", "(2*x + y - 3)**2 + (x*y - 1)**2", "0",
         "MGH problem 27 (n = 2): f = 0 at (1, 1)", note="not coercive"),
    Case("Booth", "(x + 2*y - 7)**2 + (2*x + y - 5)**2", "0",
         "VLSE 'Booth Function': f(1, 3) = 0"),
    Case("Matyas", "26/100*(x**2 + y**2) - 48/100*x*y", "0",
         "VLSE 'Matyas Function': f(0, 0) = 0"),
    Case("Three-hump camel", "2*x**2 - 105/100*x**4 + x**6/6 + x*y + y**2", "0",
         "VLSE 'Three-Hump Camel Function': f(0, 0) = 0"),
    Case("Six-hump camel", "(4 - 21/10*x**2 + x**4/3)*x**2 + x*y + (-4 + 4*y**2)*y**2", "-1.0316",
         "VLSE 'Six-Hump Camel Function': f(0.0898, -0.7126) = f(-0.0898, 0.7126) = -1.0316",
         tol=5e-5),
    Case("Himmelblau", "(x**2 + y - 11)**2 + (x + y**2 - 7)**2", "0",
         "JY 'Himmelblau': f(3, 2) = 0, four global minimisers"),
    Case("Goldstein-Price", "(1 + (x + y + 1)**2*(19 - 14*x + 3*x**2 - 14*y + 6*x*y + 3*y**2))"
         "*(30 + (2*x - 3*y)**2*(18 - 32*x + 12*x**2 + 48*y - 36*x*y + 27*y**2))", "3",
         "JY 'Goldstein-Price'; VLSE 'Goldstein-Price Function': f(0, -1) = 3"),
    Case("Zettl", "(x**2 + y**2 - 2*x)**2 + x/4", "-0.003791237220468656",
         "JY 'Zettl': f(-0.0299, 0) = -0.003791237220468656"),
    Case("Treccani", "x**4 + 4*x**3 + 4*x**2 + y**2", "0",
         "JY 'Treccani': f(0, 0) = f(-2, 0) = 0"),
    Case("Price 4", "(2*x**3*y - y**3)**2 + (6*x - y**2 + y)**2", "0",
         "JY f98 (Price 4): f(0, 0) = f(2, 4) = f(1.464, -2.506) = 0"),
    Case("Wayburn-Seader 1", "(x**6 + y**4 - 17)**2 + (2*x + y - 4)**2", "0",
         "JY f133 (Wayburn Seader 1): f(1, 2) = f(1.597, 0.806) = 0"),
    Case("Wayburn-Seader 2", "(1613/1000 - 4*(x - 3125/10000)**2 - 4*(y - 1625/1000)**2)**2 + (y - 1)**2", "0",
         "JY f134 (Wayburn Seader 2): f(0.200, 1) = f(0.425, 1) = 0"),
    Case("Styblinski-Tang (2-D)", "(x**4 - 16*x**2 + 5*x)/2 + (y**4 - 16*y**2 + 5*y)/2", "-78.332",
         "JY 'Styblinski-Tang', d = 2: f(-2.903534, -2.903534) = -78.332", tol=5e-4),
    Case("Leon", "100*(y - x**3)**2 + (1 - x)**2", "0",
         "JY 'Leon': f(1, 1) = 0", note="not coercive"),
    Case("Dixon-Price (2-D)", "(x1 - 1)**2 + 2*(2*x2**2 - x1)**2", "0",
         "VLSE 'Dixon-Price Function', d = 2: f = 0 at x_i = 2^(-(2^i - 2)/2^i)"),
    Case("Trid (4-D)", "(x1 - 1)**2 + (x2 - 1)**2 + (x3 - 1)**2 + (x4 - 1)**2 - x2*x1 - x3*x2 - x4*x3", "-16",
         "VLSE 'Trid Function', d = 4: f* = -d(d + 4)(d - 1)/6 = -16 at x_i = i(d + 1 - i)",
         note="positive definite quadratic in 4 variables"),
    Case("Zakharov (3-D)", "x1**2 + x2**2 + x3**2 + (x1/2 + x2 + 3*x3/2)**2 + (x1/2 + x2 + 3*x3/2)**4", "0",
         "VLSE 'Zakharov Function', d = 3: f(0) = 0", note="coercive quartic"),
    Case("Chung-Reynolds", "(x**2 + y**2)**2", "0", "JY 'Chung Reynolds', d = 2: f(0) = 0",
         note="coercive quartic"),
    Case("Quadratic (Jamil-Yang)", "-380384/100 - 13808/100*x - 23292/100*y + 12808/100*x**2"
         " + 20364/100*y**2 + 18225/100*x*y", "-3873.7243",
         "JY 'Quadratic': f(0.19388, 0.48513) = -3873.7243", tol=2e-4,
         note=("the survey's printed value is a misprint: f at its own printed minimiser (0.19388, 0.48513) is "
               "-3873.72418... (NumPy's solve of H x = -b gives the same), 1.2e-4 above the printed value; "
               "the tolerance covers that, and only that")),
    Case("Extended Rosenbrock (n = 4)", "100*(x2 - x1**2)**2 + (1 - x1)**2 + 100*(x4 - x3**2)**2 + (1 - x3)**2", "0",
         "MGH problem 21 (n = 4): f(1, 1, 1, 1) = 0"),
    Case("Broyden tridiagonal (n = 2)", "((3 - 2*x)*x - 2*y + 1)**2 + ((3 - 2*y)*y - x + 1)**2", "0",
         "MGH problem 30 (n = 2): f = 0"),
    Case("Broyden tridiagonal (n = 3)",
         "((3 - 2*x)*x - 2*y + 1)**2 + ((3 - 2*y)*y - x - 2*z + 1)**2 + ((3 - 2*z)*z - y + 1)**2", "0",
         "MGH problem 30 (n = 3): f = 0"),
    Case("Price 3", "100*(y - x**2)**2 + 6*(64/10*(y - 1/2)**2 - x - 6/10)**2", "0",
         "JY 'Price 3': f(x*) = 0 (the survey's minimisers are misprinted; f(1, 1) = 0)"),
    Case("Wayburn-Seader 3", "2*x**3/3 - 8*x**2 + 33*x - x*y + 5 + ((x - 4)**2 + (y - 5)**2 - 4)**2", "19.1058",
         "JY 'Wayburn Seader 3': f(5.611, 6.187) = 19.1058 (printed truncated to 4 decimals)", tol=1e-4),
    Case("Deckkers-Aarts", "10**5*x**2 + y**2 - (x**2 + y**2)**2 + (x**2 + y**2)**4/10**5", "-24777",
         "JY 'Deckkers-Aarts': f(0, +-15) = -24777 (printed to an integer)", tol=0.5),
    Case("Engvall", "x**4 + y**4 + 2*x**2*y**2 - 4*x + 3", "0", "JY 'Engvall': f(1, 0) = 0"),
    Case("Zirilli (Aluffi-Pentini)", "x**4/4 - x**2/2 + x/10 + y**2/2", "-0.3523",
         "JY 'Zirilli or Aluffi-Pentini': f(-1.0465, 0) = -0.3523 (printed truncated to 4 decimals)", tol=1e-4),
    Case("Rotated Ellipse 2", "x**2 - x*y + y**2", "0", "JY 'Rotated Ellipse 2': f(0, 0) = 0"),
    Case("Schwefel 1.2 (3-D)", "x1**2 + (x1 + x2)**2 + (x1 + x2 + x3)**2", "0",
         "JY 'Schwefel 1.2', d = 3: f(0) = 0", note="positive definite quadratic"),
    Case("Perm 0, d, beta (d = 2, beta = 10)",
         "((1 + 10)*(x - 1) + (2 + 10)*(y - 1/2))**2 + ((1 + 10)*(x**2 - 1) + (2 + 10)*(y**2 - 1/4))**2", "0",
         "VLSE 'Perm Function 0, d, beta', d = 2, beta = 10: f(1, 1/2) = 0", note="not coercive"),
)
