r"""Performance estimation: the exact worst case of a first-order method over a
function class, with a proof that needs no solver to check.

A *performance estimation problem* (PEP; Drori and Teboulle 2014; Taylor,
Hendrickx and Glineur 2017) asks for the largest value of a measure (say
:math:`f(x_N) - f_\star`) that a method can reach after :math:`N` steps on any
function of a class, given an initial condition (say
:math:`\|x_0 - x_\star\|^2 \le R^2`).  Writing every iterate as a linear
combination of :math:`x_0 - x_\star` and the gradients met on the way, the
question becomes a semidefinite program in the Gram matrix :math:`G` of those
vectors and the function values :math:`F`, constrained by the class's
*interpolation conditions*: for :math:`\mu`-strongly convex :math:`L`-smooth
functions (Taylor et al. 2017, Thm. 4), for every pair of points :math:`i, j`

.. math::

    f_i \ge f_j + \langle g_j, x_i - x_j\rangle
      + \frac{1}{2(1-\mu/L)}\Big(\tfrac1L\|g_i-g_j\|^2 + \mu\|x_i-x_j\|^2
      - \tfrac{2\mu}{L}\langle g_j-g_i, x_j-x_i\rangle\Big).

The dual of that SDP is a *proof*: multipliers :math:`\lambda_{ij}\ge 0` and a
:math:`\tau` such that, identically in :math:`(G, F)`,

.. math::

    \tau\,\mathrm{init}(G,F) - \mathrm{measure}(G,F)
      + \sum_{ij} \lambda_{ij}\, c_{ij}(G,F) = \langle S, G\rangle,
    \qquad S \succeq 0,

where :math:`c_{ij} \le 0` are the interpolation inequalities.  Hence
:math:`\mathrm{measure} \le \tau\,\mathrm{init} \le \tau R^2` for *every*
function of the class.  symopt solves the SDP numerically (Clarabel, the
optional ``pep`` extra), then turns the dual into exact rationals: the
multipliers are rounded, the function-value identity is restored exactly by a
small linear solve, :math:`\tau` is inflated by at most ``1e-6`` (relative) so
that :math:`S` is positive definite, and :math:`S = L D L^\top` is factored
exactly with non-negative rational pivots.  :meth:`PEPCertificate.check`
rebuilds the PEP from the method and the class and re-verifies all of this in
``fractions.Fraction`` arithmetic: no solver, no floats.

    >>> from symopt import pep
    >>> r = pep.worst_case(pep.gd(1), pep.smooth_convex(), N=2)
    >>> r.status, r.check(), abs(float(r.tau) - 1 / 10) < 1e-6   # L R^2 / (4N + 2)
    ('proved', True, True)

Any problem built with PEPit (an optional dependency) is certified the same
way: :func:`certify_pepit` reads PEPit's ``PEP`` object (its points, function
values, the class interpolation inequalities PEPit generates, initial
conditions and performance metrics) into exact rationals and returns a
:class:`BridgeResult` whose certificate :meth:`BridgeCertificate.check`
re-verifies in ``Fraction`` arithmetic (:mod:`symopt.pep.bridge`;
:mod:`symopt.pep.pepit_library` runs PEPit's example library through it).

Only a fully solved SDP gives a worst case: a reduced-accuracy solve
(Clarabel's ``AlmostSolved``) is solved again with the measure's weights
normalised to about ``1/tau`` and a rescaled Gram basis, and when it stays at
reduced accuracy its exact bound is kept only if the solver's own primal worst
case is feasible within ``1e-7`` and within ``1e-5`` of it; otherwise the result
is ``unknown`` with the reason.

Methods are linear in the gradients and iterates (GD, schedules, heavy ball,
Nesterov's two forms, triple momentum, subgradient and proximal-point steps, or
an update rule written in symopt's rule language with ``grad(...)``).
Parameters may be numbers or symbols; with a symbolic :math:`L`, the PEP is
solved at :math:`L = 1` and the bound is stated with its scaling law
(homogeneity: :math:`f(x_N)-f_\star \le \tau L R^2`).

References: Drori and Teboulle, *Performance of first-order methods for smooth
convex minimization: a novel approach*, Math. Prog. 145 (2014); Taylor,
Hendrickx and Glineur, *Smooth strongly convex interpolation and exact
worst-case performance of first-order methods*, Math. Prog. 161 (2017);
Lessard, Recht and Packard, *Analysis and design of optimization algorithms via
integral quadratic constraints*, SIAM J. Optim. 26 (2016); Taylor, Van Scoy and
Lessard, *Lyapunov functions for first-order methods: tight automated
convergence guarantees*, ICML 2018; PEPit (Goujaud et al. 2022).
"""

from __future__ import annotations

from ._exact import INITIALS, INSTALL_HINT, MAX_INFLATION, MAX_N, MEASURES, SOLVER_SECONDS  # noqa: F401
from .classes import FunctionClass, class_of, convex, convex_lipschitz, function_class, indicator, smooth_convex, smooth_strongly_convex  # noqa: F401
from .methods import Method, from_rule, gd, heavy_ball, method, nesterov, nesterov_strongly_convex, proximal_gradient, proximal_point, robust_momentum, subgradient, triple_momentum  # noqa: F401
from .sdp import _solver  # noqa: F401
from .certify import _DEBUG  # noqa: F401
from .results import PEPCertificate, PEPResult, TightFunction, worst_case  # noqa: F401
from .lyapunov import LYAPUNOV_FORMS, LyapunovResult, linear_rate  # noqa: F401
from .closed_form import ClosedForm, bound_property, closed_form  # noqa: F401
from .bridge import BridgeCertificate, BridgeResult, ExactPEP, certify_pepit, from_pepit  # noqa: F401

__all__ = [
    "FunctionClass",
    "Method",
    "PEPResult",
    "PEPCertificate",
    "TightFunction",
    "LyapunovResult",
    "ClosedForm",
    "smooth_convex",
    "smooth_strongly_convex",
    "class_of",
    "convex_lipschitz",
    "convex",
    "indicator",
    "function_class",
    "gd",
    "heavy_ball",
    "nesterov",
    "nesterov_strongly_convex",
    "triple_momentum",
    "robust_momentum",
    "subgradient",
    "proximal_point",
    "proximal_gradient",
    "from_rule",
    "method",
    "worst_case",
    "linear_rate",
    "closed_form",
    "certify_pepit",
    "from_pepit",
    "BridgeResult",
    "BridgeCertificate",
    "ExactPEP",
    "INITIALS",
    "MEASURES",
]
