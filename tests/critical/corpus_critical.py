"""The critical-point corpus: test functions from the optimisation literature, 1 to 4 variables.

Each :class:`Case` names how its truth is computed, by a method *independent* of
symopt's (which uses Groebner bases + a shape-lemma eliminant + Arb root isolation
for polynomials, and interval Krawczyk branch-and-bound otherwise):

* ``"resultant"`` (2-D polynomials): the resultant ``Res_y(f_x, f_y)`` (SymPy's
  subresultant PRS, no Groebner basis), its real roots by SymPy's exact
  continued-fraction isolation, then the common ``y`` roots at 50 digits with
  mpmath's ``polyroots``; kinds from the sign of the 50-digit Hessian's determinant
  and trace.
* ``"univariate"`` (1-D polynomials): real roots of ``f'`` by ``numpy.roots`` +
  mpmath polishing; kinds from the sign change of ``f'`` across each root (no
  derivative test).
* ``"separable"`` (``f = sum_i h(x_i)``): the product of the 1-D truths of ``h``.
* ``"linear"`` (quadratics): the unique solution of ``H x = -b`` in NumPy, kind
  from NumPy's eigenvalues.
* ``"sweep"`` (1-D transcendental, in a box): sign changes of ``f'`` on a grid of
  200001 points; kinds from the direction of the sign change.
* ``"analytic"`` (closed form derived by hand in ``why``): the points enumerated.

``literature`` holds counts stated in the cited source, checked against the truth
too.  The tests compare symopt's list (count, coordinates to 1e-8, kinds) with the
truth and re-run ``check()``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

PI = math.pi


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    truth: str  # resultant | univariate | separable | linear | sweep | analytic
    source: str
    box: tuple | None = None  # for non-polynomial objectives: the box searched (lo, hi) per side
    literature: dict = field(default_factory=dict)  # e.g. {"points": 15, "minimum": 6}
    h: str | None = None  # separable: the one-variable summand in x
    n: int = 2
    analytic: Callable[[], list] | None = None  # analytic: [(point tuple, kind)]
    why: str = ""


def _sin_plus_cos() -> list:
    """sin x + cos y on [-10, 10]^2: cos x = 0, sin y = 0; x = pi/2 + k pi (max in x when sin x = 1),
    y = m pi (max in y when cos y = 1)."""
    out = []
    for k in range(-5, 5):
        x = PI / 2 + k * PI
        if not -10 <= x <= 10:
            continue
        for m in range(-4, 5):
            y = m * PI
            if not -10 <= y <= 10:
                continue
            sx = -math.sin(x)  # f_xx
            sy = -math.cos(y)  # f_yy
            kind = "minimum" if sx > 0 and sy > 0 else "maximum" if sx < 0 and sy < 0 else "saddle"
            out.append(((x, y), kind))
    return out


def _sin_sin() -> list:
    """sin x sin y on [-4, 4]^2: (k pi, m pi) saddles; (pi/2 + k pi, pi/2 + m pi) extrema by sign of f."""
    out = []
    for k in range(-1, 2):
        for m in range(-1, 2):
            out.append(((k * PI, m * PI), "saddle"))
    for k in (-2, -1, 0, 1):
        for m in (-2, -1, 0, 1):
            x, y = PI / 2 + k * PI, PI / 2 + m * PI
            if -4 <= x <= 4 and -4 <= y <= 4:
                val = math.sin(x) * math.sin(y)
                out.append(((x, y), "maximum" if val > 0 else "minimum"))
    return out


def _mccormick() -> list:
    """McCormick: f_x = cos(x+y) + 2(x-y) - 1.5, f_y = cos(x+y) - 2(x-y) + 2.5.  Sum: cos(x+y) = -1/2;
    difference: x - y = 1.  So x + y = +-2pi/3 + 2k pi; Hessian [[2-s, -2-s], [-2-s, 2-s]] with
    s = sin(x+y): det = -8 s, so a minimum where sin(x+y) < 0 (trace 4 - 2s > 0), else a saddle."""
    out = []
    for k in range(-3, 4):
        for sign in (1, -1):
            u = sign * 2 * PI / 3 + 2 * k * PI
            x, y = (u + 1) / 2, (u - 1) / 2
            if -1.5 <= x <= 4 and -3 <= y <= 4:
                out.append(((x, y), "minimum" if math.sin(u) < 0 else "saddle"))
    return out


def _no_points() -> list:
    return []


def _cosh_sum() -> list:
    return [((0.0, 0.0), "minimum")]


CORPUS: list[Case] = [
    # --- two-variable polynomials (exact, complete on R^2) --------------------------------
    Case("Himmelblau", "(x**2 + y - 11)**2 + (x + y**2 - 7)**2", "resultant",
         "Himmelblau, Applied Nonlinear Programming (1972); 4 minima, 1 maximum, 4 saddles",
         literature={"points": 9, "minimum": 4, "maximum": 1, "saddle": 4}),
    Case("six-hump camel", "(4 - 2.1*x**2 + x**4/3)*x**2 + x*y + (-4 + 4*y**2)*y**2", "resultant",
         "Dixon & Szego (1978); Molga & Smutnicki (2005): 6 local minima, 2 global; 15 critical points",
         literature={"points": 15, "minimum": 6, "maximum": 2, "saddle": 7}),
    Case("three-hump camel", "2*x**2 - 1.05*x**4 + x**6/6 + x*y + y**2", "resultant",
         "Branin (1972); Surjanovic & Bingham, Virtual Library of Simulation Experiments: 3 local minima",
         literature={"minimum": 3}),
    Case("Beale", "(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2", "resultant",
         "Beale (1958); More, Garbow & Hillstrom (1981) problem 5: minimum 0 at (3, 1/2)"),
    Case("Booth", "(x + 2*y - 7)**2 + (2*x + y - 5)**2", "resultant", "Jamil & Yang (2013) f17: minimum 0 at (1, 3)",
         literature={"points": 1, "minimum": 1}),
    Case("Matyas", "0.26*(x**2 + y**2) - 0.48*x*y", "resultant", "Jamil & Yang (2013) f71: minimum 0 at the origin",
         literature={"points": 1, "minimum": 1}),
    Case("Styblinski-Tang 2-D", "(x**4 - 16*x**2 + 5*x + y**4 - 16*y**2 + 5*y)/2", "resultant",
         "Styblinski & Tang (1990): 4 local minima in 2-D", literature={"points": 9, "minimum": 4, "maximum": 1, "saddle": 4}),
    Case("Rosenbrock", "(1 - x)**2 + 100*(y - x**2)**2", "resultant", "Rosenbrock (1960): one minimum at (1, 1)",
         literature={"points": 1, "minimum": 1}),
    Case("Stewart 14.7 ex. 3", "x**4 + y**4 - 4*x*y + 1", "resultant",
         "Stewart, Calculus 14.7 Example 3: saddle at 0, minima at (1, 1) and (-1, -1)",
         literature={"points": 3, "minimum": 2, "saddle": 1}),
    Case("folium", "x**3 + y**3 - 3*x*y", "resultant", "Stewart, Calculus 14.7 exercises: saddle (0,0), minimum (1,1)",
         literature={"points": 2, "minimum": 1, "saddle": 1}),
    Case("Treccani", "x**4 + 4*x**3 + 4*x**2 + y**2", "resultant",
         "Dixon & Szego (1978); Jamil & Yang (2013) f155: minima at (0, 0) and (-2, 0)",
         literature={"minimum": 2}),
    Case("Zettl", "(x**2 + y**2 - 2*x)**2 + 0.25*x", "resultant", "Jamil & Yang (2013) f167: global minimum near (-0.0299, 0)"),
    Case("saddle x^2 - y^2", "x**2 - y**2", "resultant", "Goodfellow et al. 4.3 / D2L 11.1", literature={"points": 1, "saddle": 1}),
    Case("non-radical quintic", "x**6/6 - x**2/2 + x + (y - x**2)**2", "resultant",
         "the class behind SymPy issues 12594/11179/17449 (symopt issue 13): x^5 - x + 1 is not solvable by radicals",
         literature={"points": 1, "minimum": 1}),
    Case("quartic valley", "(x**2 - 1)**2 + (y - x)**2", "resultant", "double-well textbook example (minima at +-(1, 1))",
         literature={"points": 3, "minimum": 2, "saddle": 1}),
    # --- one variable ------------------------------------------------------------------------
    Case("course notes ex. 3.1.3", "w**4/3 - w**3/2 - w**2 + w", "univariate", "course notes (seed 003) Example 3.1.3",
         n=1, literature={"points": 3, "minimum": 2, "maximum": 1}),
    Case("double well", "x**4 - x**2", "univariate", "D2L 11.1 style double well", n=1),
    Case("cubic", "x**3 - 3*x", "univariate", "Goodfellow et al. 4.3: maximum at -1, minimum at 1", n=1,
         literature={"points": 2, "minimum": 1, "maximum": 1}),
    Case("flat inflections", "(x**2 - 1)**3", "univariate", "higher-order test: f' = 6x(x^2-1)^2, inflections at +-1", n=1,
         literature={"points": 3, "minimum": 1, "saddle": 2}),
    Case("quintic", "x**5 - 5*x", "univariate", "Stewart 4.3 style", n=1),
    Case("x^6 degenerate", "x**6 - 2*x**3", "univariate", "f' = 6x^2(x^3 - 1): an inflection at 0 (higher-order test)", n=1),
    # --- three and four variables -------------------------------------------------------------
    Case("Styblinski-Tang 3-D", "(x**4 - 16*x**2 + 5*x + y**4 - 16*y**2 + 5*y + z**4 - 16*z**2 + 5*z)/2", "separable",
         "Styblinski & Tang (1990): 2^d local minima", n=3, h="(x**4 - 16*x**2 + 5*x)/2", literature={"points": 27, "minimum": 8}),
    Case("double wells 3-D", "(x**2 - 1)**2 + (y**2 - 1)**2 + (z**2 - 1)**2", "separable", "separable double well", n=3,
         h="(x**2 - 1)**2", literature={"points": 27, "minimum": 8, "maximum": 1}),
    Case("quadratic 3-D", "x**2 + y**2 + z**2 - x*y - y*z + x - 2*z", "linear", "positive definite quadratic (Boyd & Vandenberghe 3.1)", n=3),
    Case("quadratic saddle 4-D", "w**2 + x**2 - y**2 - z**2 + w*y + x*z - 3*w + y", "linear", "indefinite quadratic", n=4),
    Case("cubic wells 4-D", "(w**3 - 3*w) + (x**3 - 3*x) + (y**3 - 3*y) + (z**3 - 3*z)", "separable", "separable cubic",
         n=4, h="x**3 - 3*x", literature={"points": 16, "minimum": 1, "maximum": 1, "saddle": 14}),
    # --- transcendental (complete in a box) ------------------------------------------------------
    Case("x cos x", "x*cos(x)", "sweep", "D2L 10.3 (c = 1)", box=((-10, 10),), n=1),
    Case("x cos(0.15 pi x)", "x*cos(0.15*pi*x)", "sweep", "D2L 10.3 (c = 0.15 pi)", box=((-10, 10),), n=1),
    Case("Rastrigin 1-D", "10 + x**2 - 10*cos(2*pi*x)", "sweep", "Rastrigin (1974); Molga & Smutnicki (2005): a local minimum at each integer",
         box=((-5.12, 5.12),), n=1),
    Case("x^2 + 10 sin x", "x**2 + 10*sin(x)", "sweep", "Press et al. style 1-D multimodal test", box=((-10, 10),), n=1),
    Case("exp(x) - x", "exp(x) - x", "sweep", "convex, minimum at 0", box=((-10, 10),), n=1),
    Case("sin x + cos y", "sin(x) + cos(y)", "analytic", "periodic; analytic enumeration", box=((-10, 10), (-10, 10)),
         analytic=_sin_plus_cos),
    Case("sin x sin y", "sin(x)*sin(y)", "analytic", "egg-crate; analytic enumeration", box=((-4, 4), (-4, 4)), analytic=_sin_sin),
    Case("McCormick", "sin(x + y) + (x - y)**2 - 1.5*x + 2.5*y + 1", "analytic",
         "McCormick (1976); Jamil & Yang (2013) f80: global minimum -1.9133 at (-0.54719, -1.54719)",
         box=((-1.5, 4), (-3, 4)), analytic=_mccormick),
    Case("softplus + x^2 y", "log(1 + exp(x)) + x**2*y", "analytic",
         "f_y = x^2 = 0 forces x = 0, then f_x = 1/2: no critical point", box=((-10, 10), (-10, 10)), analytic=_no_points),
    Case("cosh + cosh", "cosh(x) + cosh(y)", "analytic", "convex, minimum at the origin", box=((-5, 5), (-5, 5)),
         analytic=_cosh_sum),
]
