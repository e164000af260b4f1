"""Deprecated import path: the convergence rates moved to :mod:`symopt.theory` (this module stays for one release).

``symopt.rates`` was split into :mod:`symopt.theory.quadratic`,
:mod:`~symopt.theory.tuning`, :mod:`~symopt.theory.smoothness`,
:mod:`~symopt.theory.newton`, :mod:`~symopt.theory.order` and
:mod:`~symopt.theory.sgd`; every name it had is re-exported here.  Two were
renamed so that each public name means one thing: ``newton`` (the local rate;
:func:`symopt.optimizers.newton` runs the method) is now
:func:`symopt.theory.newton_rate`, and ``order`` is
:func:`symopt.theory.iteration_order`; the old names stay here as aliases.

    >>> r = gd_quadratic([[2, 0], [0, 4]])
    >>> r.eigenvalues, r.optimal_eta, r.optimal_rate, r.condition_number
    ((2, 4), 1/3, 1/3, 2)
"""

import warnings

from .core.parse import symbol as _symbol
from .theory.newton import NewtonRate, NewtonRates, empirical_order, newton_map, newton_rate
from .theory.order import IterationOrder, iteration_order
from .theory.quadratic import GDQuadraticRate, gd_quadratic, quadratic_matrix
from .theory.sgd import SGDBound, SGDStep, sgd_bound, sgd_optimal_constant_step
from .theory.smoothness import NewtonRegion, SmoothnessBounds, newton_region, smoothness_on_box
from .theory.tuning import Tuning, gd_optimal, heavy_ball_optimal, nesterov_joint_optimal, nesterov_optimal

#: Old name of :func:`symopt.theory.newton_rate` (kept for one release).
newton = newton_rate
#: Old name of :func:`symopt.theory.iteration_order` (kept for one release).
order = iteration_order
#: The step-size symbol of the rates (real).
ETA = _symbol("eta")

warnings.warn("symopt: symopt.rates moved to symopt.theory (newton -> newton_rate, order -> iteration_order); "
              "import it from there", DeprecationWarning, stacklevel=2)

__all__ = [
    "GDQuadraticRate", "gd_quadratic", "quadratic_matrix",
    "Tuning", "gd_optimal", "heavy_ball_optimal", "nesterov_optimal", "nesterov_joint_optimal",
    "SmoothnessBounds", "smoothness_on_box", "NewtonRate", "NewtonRates", "newton", "newton_rate", "newton_map",
    "IterationOrder", "order", "iteration_order", "NewtonRegion", "newton_region", "empirical_order",
    "SGDBound", "sgd_bound", "SGDStep", "sgd_optimal_constant_step", "ETA",
]
