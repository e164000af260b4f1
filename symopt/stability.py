"""Deprecated import path: update-rule stability moved to :mod:`symopt.theory.stability` (stays for one release).

``symopt.stability`` was split into :mod:`symopt.theory.stability.maps`,
:mod:`~symopt.theory.stability.regions`, :mod:`~symopt.theory.stability.vector`
and :mod:`~symopt.theory.stability.methods`; the polynomial machinery lives in
:mod:`symopt.exact.schur` and the tunings in :mod:`symopt.theory.tuning`.
Every name this module had is re-exported here; ``analyze`` is now
:func:`symopt.theory.rule_stability` (one meaning per name: ``symopt analyze``
and :func:`symopt.analysis.analyze` analyse an objective), kept here as an alias.

    >>> from symopt.core.parse import symbol
    >>> beta, eta, lam = symbol("beta"), symbol("eta"), symbol("lambda")
    >>> momentum_matrix(beta, eta, lam)
    Matrix([
    [     beta,          lambda],
    [-beta*eta, -eta*lambda + 1]])
"""

import warnings

from .exact.schur import (INCONCLUSIVE, Z, Condition, characteristic_polynomial, eigenvalues, is_stable,
                          jury_conditions, region, schur_cohn_conditions, spectral_radius, stability_conditions,
                          unit_circle_analysis)
from .theory.stability.maps import (GD_RULE, MOMENTUM_RULE, NESTEROV_RULE, UpdateMap, iteration_matrix,
                                    momentum_matrix, update_map)
from .theory.stability.methods import METHOD_RULES, MethodStabilities, MethodStability, method_stability
from .theory.stability.regions import (StabilityReport, StabilityVerdict, rule_stability, simplify_region,
                                       stability_map, stability_verdict)
from .theory.tuning import Tuning, gd_optimal, heavy_ball_optimal, nesterov_joint_optimal, nesterov_optimal

#: Old name of :func:`symopt.theory.rule_stability` (kept for one release).
analyze = rule_stability

warnings.warn("symopt: symopt.stability moved to symopt.theory.stability (analyze -> rule_stability; the "
              "polynomial tools to symopt.exact.schur); import it from there", DeprecationWarning, stacklevel=2)

__all__ = [
    "UpdateMap", "MethodStability", "MethodStabilities", "METHOD_RULES", "method_stability", "simplify_region",
    "StabilityReport", "Tuning", "update_map", "iteration_matrix", "momentum_matrix", "characteristic_polynomial",
    "eigenvalues", "spectral_radius", "region", "schur_cohn_conditions", "stability_conditions", "jury_conditions",
    "is_stable", "StabilityVerdict", "stability_verdict", "unit_circle_analysis", "INCONCLUSIVE", "analyze",
    "rule_stability", "gd_optimal", "heavy_ball_optimal", "nesterov_optimal", "nesterov_joint_optimal",
    "stability_map", "MOMENTUM_RULE", "GD_RULE", "NESTEROV_RULE", "Z", "Condition",
]
