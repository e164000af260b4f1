"""symopt.data (floor 2): objectives over data, derived in matrix form, with certified constants.

See :mod:`symopt.data.expr` for the text syntax.
"""

from .compile import CompiledData, compile_data
from .derive import MatrixForm, check_templates, gradient, hessian, loss_derivatives, unrolled_objective
from .expr import DataObjective, LossTerm, N, RegTerm, one_hot
from .losses import LOSSES, Loss, loss

__all__ = [
    "DataObjective", "LossTerm", "RegTerm", "N", "one_hot",
    "Loss", "LOSSES", "loss",
    "MatrixForm", "gradient", "hessian", "loss_derivatives", "check_templates", "unrolled_objective",
    "CompiledData", "compile_data",
]
