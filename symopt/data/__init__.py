"""symopt.data (floor 2): objectives over data, derived in matrix form, compiled vectorised, certified constants.

    >>> import numpy as np
    >>> from symopt import data
    >>> X = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]]); y = np.array([1.0, -1.0, 1.0])
    >>> f = data.DataObjective("mean(logistic(y * (X @ w))) + lam/2*norm(w)**2", data={"X": X, "y": y},
    ...                        params={"lam": "1/10"})
    >>> print(f.gradient)
    X^T (-y * sigmoid(-y * X w)) / n + lam w
    >>> c = f.constants(); c.L.exact, c.mu.value
    (sqrt(109)/48 + 179/240, 1/10)

Modules: :mod:`~symopt.data.expr` (the objective and its text syntax),
:mod:`~symopt.data.losses`, :mod:`~symopt.data.derive` (matrix-form
derivatives), :mod:`~symopt.data.compile` (vectorised NumPy/JAX),
:mod:`~symopt.data.constants` (convexity for every data set, certified mu and
L), :mod:`~symopt.data.linalg` (certified eigenvalues),
:mod:`~symopt.data.scalar` (L and mu of scalar objectives),
:mod:`~symopt.data.factorisation` (critical sets of ``||X - u v^T||^2``),
:mod:`~symopt.data.inputs` (SymPy input, named models).
"""

from .compile import CompiledData, compile_data
from .constants import (
    Constant,
    CurvatureCertificate,
    DataConstants,
    DataConvexity,
    GradientJump,
    TheoryParameters,
    UnboundedCurvature,
    constants,
    convexity,
    loss_curvature_proof,
    quadratic_hessian,
    theory_parameters,
)
from .derive import MatrixForm, check_templates, gradient, hessian, loss_derivatives, unrolled_objective
from .expr import DataObjective, LossTerm, N, RegTerm, one_hot
from .factorisation import Component, FactorisationCriticalSet, rank_one_critical_set
from .inputs import (
    from_sample,
    from_sympy,
    huber_regression,
    logistic_regression,
    match_loss,
    poisson_regression,
    ridge_regression,
    softmax_regression,
    squared_hinge_svm,
)
from .linalg import Extremes, Gram, extremes, gram, psd_gap
from .losses import LOSSES, Loss, loss
from .scalar import CurvatureBound, Extremes1D, decide, extremes_1d, smoothness, strong_convexity

__all__ = [
    "DataObjective", "LossTerm", "RegTerm", "N", "one_hot",
    "Loss", "LOSSES", "loss",
    "MatrixForm", "gradient", "hessian", "loss_derivatives", "check_templates", "unrolled_objective",
    "CompiledData", "compile_data",
    "DataConvexity", "Constant", "DataConstants", "CurvatureCertificate", "UnboundedCurvature", "GradientJump",
    "TheoryParameters",
    "convexity", "constants", "theory_parameters", "loss_curvature_proof", "quadratic_hessian",
    "Gram", "Extremes", "gram", "extremes", "psd_gap",
    "CurvatureBound", "Extremes1D", "extremes_1d", "smoothness", "strong_convexity", "decide",
    "Component", "FactorisationCriticalSet", "rank_one_critical_set",
    "from_sympy", "from_sample", "match_loss", "logistic_regression", "ridge_regression", "softmax_regression",
    "huber_regression", "poisson_regression", "squared_hinge_svm",
]
