"""Update rules as iteration maps and their exact stability (floor 3, inside :mod:`symopt.theory`).

* :mod:`~symopt.theory.stability.maps`: a rule composed into a map, its fixed
  point and linearisation (:func:`update_map`, :func:`iteration_matrix`,
  :func:`momentum_matrix`);
* :mod:`~symopt.theory.stability.regions`: verdicts at values, the exact region
  of a rule (:func:`rule_stability`), region simplification, plots;
* :mod:`~symopt.theory.stability.vector`: the vector rule language (``grad(p)``, ``hess(p, u)``);
* :mod:`~symopt.theory.stability.methods`: a method on an objective at a
  minimiser (:func:`method_stability`).

The polynomial machinery (characteristic polynomials, Jury / Schur--Cohn,
``region``, ``is_stable``) lives one floor down in :mod:`symopt.exact.schur`.
"""

from .maps import (GD_RULE, MOMENTUM_RULE, NESTEROV_RULE, UpdateMap, affine_in_state, iteration_matrix,
                   momentum_matrix, update_map)
from .methods import METHOD_RULES, MethodStabilities, MethodStability, method_stability
from .regions import (StabilityReport, StabilityVerdict, rule_stability, simplify_region, stability_map,
                      stability_verdict)

__all__ = [
    "UpdateMap", "update_map", "affine_in_state", "iteration_matrix", "momentum_matrix", "MOMENTUM_RULE", "GD_RULE", "NESTEROV_RULE",
    "StabilityVerdict", "stability_verdict", "StabilityReport", "rule_stability", "simplify_region",
    "stability_map", "METHOD_RULES", "MethodStability", "MethodStabilities", "method_stability",
]
