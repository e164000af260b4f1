"""Convergence theory derived for the user's objective or update rule (floor 3).

One module per question, each public name in one home:

* :mod:`~symopt.theory.quadratic`: gradient descent on quadratics (:func:`gd_quadratic`);
* :mod:`~symopt.theory.tuning`: optimal tunings for eigenvalues in ``[mu, L]``;
* :mod:`~symopt.theory.smoothness`: certified ``mu``, ``L`` and Newton's ball on a box;
* :mod:`~symopt.theory.newton`: Newton's local order and constant (:func:`newton_rate`);
* :mod:`~symopt.theory.order`: the order of any iteration (:func:`iteration_order`), with
  :mod:`~symopt.theory.multistep` (two-step maps such as the secant method; Puiseux orders)
  and :mod:`~symopt.theory.fixed` (fixed points given as numbers, certified by Krawczyk);
* :mod:`~symopt.theory.cg`: conjugate gradient on quadratics (finite termination, Chebyshev bound);
* :mod:`~symopt.theory.sgd`: SGD's bound for a schedule;
* :mod:`~symopt.theory.stability`: update rules as maps, exact stability regions,
  a method on an objective (:func:`method_stability`).

It imports only :mod:`symopt.core`, :mod:`symopt.exact` and floor 0: critical
points come through :meth:`symopt.Objective.critical_points` (the seam in
``core/objective.py``), never from :mod:`symopt.critical` directly.
``symopt.rates`` and ``symopt.stability`` are the old, deprecated paths.
"""

from .cg import CGQuadraticRate, cg_chebyshev_bound, cg_quadratic, linear_cg
from ._fields import certified_decimals
from .fixed import FixedPointEnclosure, certify_zero, certify_zeros
from .newton import NewtonRate, NewtonRates, empirical_order, newton_map, newton_rate
from .order import IterationOrder, iteration_order
from .quadratic import GDQuadraticRate, gd_quadratic, quadratic_matrix
from .sgd import SGDBound, SGDStep, sgd_bound, sgd_optimal_constant_step
from .smoothness import NewtonRegion, SmoothnessBounds, newton_region, smoothness_on_box
from .stability import (GD_RULE, METHOD_RULES, MOMENTUM_RULE, NESTEROV_RULE, MethodStabilities, MethodStability,
                        StabilityReport, StabilityVerdict, UpdateMap, affine_in_state, iteration_matrix,
                        method_stability,
                        momentum_matrix, rule_stability, simplify_region, stability_map, stability_verdict,
                        update_map)
from .tuning import Tuning, gd_optimal, heavy_ball_optimal, nesterov_joint_optimal, nesterov_optimal

__all__ = [
    "GDQuadraticRate", "gd_quadratic", "quadratic_matrix",
    "Tuning", "gd_optimal", "heavy_ball_optimal", "nesterov_optimal", "nesterov_joint_optimal",
    "SmoothnessBounds", "smoothness_on_box", "NewtonRegion", "newton_region",
    "NewtonRate", "NewtonRates", "newton_rate", "newton_map", "empirical_order",
    "IterationOrder", "iteration_order",
    "CGQuadraticRate", "cg_quadratic", "cg_chebyshev_bound", "linear_cg",
    "FixedPointEnclosure", "certify_zero", "certify_zeros", "affine_in_state", "certified_decimals",
    "SGDBound", "sgd_bound", "SGDStep", "sgd_optimal_constant_step",
    "UpdateMap", "update_map", "iteration_matrix", "momentum_matrix", "MOMENTUM_RULE", "GD_RULE", "NESTEROV_RULE",
    "StabilityVerdict", "stability_verdict", "StabilityReport", "rule_stability", "simplify_region",
    "stability_map", "METHOD_RULES", "MethodStability", "MethodStabilities", "method_stability",
]
