"""Certified critical points and global minima.

Public API (``Objective.critical_points()`` / ``Objective.global_minimum()`` are
thin conveniences over these two functions)::

    >>> from symopt import Objective
    >>> from symopt.critical import critical_points, global_minimum
    >>> pts = critical_points(Objective("(x**2 + y - 11)**2 + (x + y**2 - 7)**2"))
    >>> len(pts), pts.complete, pts.status, pts.status_text
    (9, True, 'complete', 'complete (certified)')
    >>> pts.check()
    CheckResult(verified)
    >>> gm = global_minimum(Objective("(x**2 + y - 11)**2 + (x + y**2 - 7)**2"))
    >>> gm.lower, gm.upper, len(gm.minimisers)
    (0, 0, 4)

* :func:`critical_points` ``(obj, box=None, digits=15) -> CriticalPoints``: a
  list of :class:`~symopt.core.points.CriticalPoint` (``point``, ``kind``,
  ``enclosure``...) with ``complete``, ``status``, ``box``, ``components``,
  ``undecided``, ``certificate`` and ``check()`` (a :class:`CheckResult`: ``"verified"``,
  ``"failed"`` or ``"not re-checked"``; ``bool()`` is true only when verified).
* :func:`global_minimum` ``(obj, box=None) -> GlobalMinimum``: a certified
  enclosure ``[lower, upper]`` of ``min f`` and the minimisers (exact points or
  boxes), with ``check()``.

**Polynomial gradients** (rational coefficients; a float such as ``2.1`` in the
objective is read as the rational its decimal text denotes, ``21/10``, so the
answer is certified for that rational objective).  Let ``I = <df/dx_1, ...,
df/dx_n>``.  A reduced Groebner basis decides whether ``V(I)`` is finite
(zero-dimensional: every variable has a pure power among the leading
monomials).  Then, in the quotient ``A = Q[x]/J`` (``J = I``, or ``I`` plus the
square-free parts of the characteristic polynomials of the multiplication
maps ``M_{x_i}``, which is the radical of ``I`` by Seidenberg's lemma), a
generic linear form ``t = sum c_i x_i`` whose multiplication matrix ``M_t`` has
a square-free characteristic polynomial ``chi`` of degree ``D = dim A`` gives
the shape lemma / rational univariate representation ``x_i = g_i(t)``,
``chi(t) = 0`` (``g_i`` from the Krylov basis ``1, t, ..., t^{D-1}`` of ``A``).
Completeness is a theorem: ``|V(J)| <= D``, and the ``D`` distinct roots of
``chi`` give ``D`` distinct solutions, so they are all of them; a real root of
``chi`` gives a real point and a real point gives a real root (``t`` has real
coefficients and separates conjugate points).  Real roots of ``chi`` are
isolated by FLINT/Arb (``fmpz_poly.complex_roots``: certified balls, real roots
flagged exactly); each coordinate is identified as a root of the square-free
eliminant of its variable (rational, quadratic surd or ``CRootOf`` with its
index) by ball overlap.  Positive-dimensional critical sets are split by the
gcd ``H`` of the gradient entries (``grad f = H q``): its irreducible factors are
reported as ``components`` with ``f``'s value and real dimension, ``q`` is solved as
above, and the list is complete in this sense: every critical point is a listed point
or lies on a listed component; a factor that is a sum of squares ``sum w_j q_j^2``
(``w_j > 0``) has as real points the common zeros of the ``q_j``, solved the same way.

**Other gradients**: interval branch-and-bound over a box (the user's, as pairs or a
dict ``{"x": (lo, hi)}``; the objective's domain where it is a box; or
``[-10, 10]^n``) with the Krawczyk operator ``K(X) = m - Y g(m) + (I - Y g'(X))(X - m)``
(mpmath's ``iv``, outward rounding): ``K(X)`` inside the interior of ``X`` proves
exactly one zero in ``X`` (and ``K(X)`` encloses it), ``K(X) ∩ X = ∅`` or
``0 ∉ g_i(X)`` (a gradient entry of one sign: monotone in that variable) proves
none, and a much smaller ``K(X) ∩ X`` replaces ``X``.  The search is bounded by a
count of boxes (``config.budgets["interval"]``), never by the clock; boxes left
undecided are listed in ``undecided`` and ``complete`` then is false.
``complete`` means complete *in the box*, and ``status`` names it.  On an unbounded
domain the list is complete only by a theorem (one variable, ``f''`` of one sign).

**Kinds**: the Hessian's inertia, exactly (rational points: Descartes' rule on
the characteristic polynomial, the higher-order test in one variable) or from
an interval Hessian over the point's enclosure (Weyl's inequality around the
midpoint matrix); "inconclusive" carries its reason.

**Global minimum** over ``R^n`` (polynomials): the minimum is attained when
``f`` is coercive (proved by a separable lower bound: every mixed monomial
``c x^a`` with ``|a| = k`` is bounded below by ``-|c| sum_i (a_i/k)|x_i|^k``
(weighted AM-GM) and each univariate bound must have a positive leading
coefficient) or when ``f`` is syntactically a sum of non-negative terms and a
critical point attains ``0``; then it is the least critical value.  Over a box:
Moore-Skelboe interval branch-and-bound with the monotonicity test.

Layout (floor 3; imports ``symopt.core``, ``symopt.exact`` and floor 0, never another
analysis package)::

    results           Component, GlobalMinimum (+ CriticalPoint(s) from core)
    check             evidence base: CheckResult, IntervalCertificate, check_points, kinds  (evidence)
    check_algebraic   AlgebraicCertificate and its checker (resultant counts)        (evidence)
    check_minimum     evidence for global minima and its checkers                    (evidence)
    check_domain      f'' of one sign on an interval domain                          (evidence)
    check_components  positive-dimensional critical sets                             (evidence)
    algebraic         Groebner basis, shape lemma, Arb root isolation
    classify          kinds: inertia, higher-order tests
    krawczyk          interval branch-and-bound (contraction, smear rule, a count of boxes)
    region            the search region: boxes (pairs, dicts) and the objective's domain
    monotone          every critical point on an interval domain where f'' has one sign
    edges             zeros on a box's faces (exact), degenerate 1-D zeros (generalised Rolle)
    check_edges       their evidence                                                  (evidence)
    tails             open/unbounded domains: a compact core and slabs of one gradient sign
    check_tails       their evidence, attainment in the core, rays with f -> -oo       (evidence)
    check_grid        a 3^n grid of cells around the core, one gradient sign per cell  (evidence)
    residual          sums of n squares on a box: zeros of the residuals (det J != 0)
    check_residual    their evidence, min 0                                            (evidence)
    components        families of critical points, their real dimension, the least value
    gcd_components    the gradient's common factor: hypersurface components, values, saturation
    component_minimum the global minimum over points and components
    reduced           gradients u P / d (rational, poly * exp): the numerators solved exactly
    lifted            square roots of polynomials as new variables (s^2 = b, s > 0)
    check_reduced     their evidence, and the level-set bound of rational minima         (evidence)
    rational_minimum  min of p/q (f - L = N/D, N >= 0, D > 0) and of P exp(u), -u coercive
    weighted_unbounded  inf f = -oo along x_i = c_i t^(w_i) (Peano's surface)
    squares           real points of components that are sums of squares (Gram matrix, exact LDL)
    check_squares     their evidence: the gradient's factorisation, each identity, the parts  (evidence)
    solve             SymPy's solve (exact values, never complete)
    search            critical_points: dispatch between the methods
    minimum           global_minimum

The evidence modules import only ``symopt.core``, ``symopt.exact``, floor 0 and
each other: a checker knows nothing of the search that produced its evidence.
``Objective``'s convenience methods reach this package through the one seam in
:mod:`symopt.core.seam` (a function-level import).

References: Cox, Little, O'Shea, *Ideals, Varieties, and Algorithms*, ch. 2-3,
5 (Groebner bases, finiteness theorem); Cox, Little, O'Shea, *Using Algebraic
Geometry*, ch. 2 (multiplication matrices, Stickelberger, Seidenberg);
Rouillier 1999 (rational univariate representation); Krawczyk 1969, Moore 1977
and Neumaier, *Interval Methods for Systems of Equations* (1990), ch. 5.
"""

from __future__ import annotations

from ..core.derivatives import natural_key
from ..core.objective import Objective
from ..core.points import CriticalPoint, CriticalPoints, classify_hessian, exact_sign
from .check import CheckResult, IntervalCertificate, UnsupportedComplexity, check_points, higher_order_nd, rationalize
from .check_algebraic import AlgebraicCertificate
from .minimum import global_minimum, minimum_from_points
from .results import Component, GlobalMinimum
from .region import DEFAULT_HALF_WIDTH
from .search import MAX_EXPANDED_TERMS, MAX_INTERVAL_VARIABLES, critical_points
from .solve import mixed_trigonometric_factor

__all__ = [
    "critical_points",
    "global_minimum",
    "GlobalMinimum",
    "Component",
    "AlgebraicCertificate",
    "IntervalCertificate",
    "CheckResult",
    "DEFAULT_HALF_WIDTH",
    "MAX_INTERVAL_VARIABLES",
    "rationalize",
    "minimum_from_points",
    "check_points",
]

# also importable from here, as they were from the flat module symopt/critical.py
_KEPT = (CriticalPoint, CriticalPoints, Objective, classify_hessian, exact_sign, natural_key, UnsupportedComplexity,
         higher_order_nd, MAX_EXPANDED_TERMS, mixed_trigonometric_factor)
