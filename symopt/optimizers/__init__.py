"""symopt.optimizers (floor 3): optimizers compiled from symbolic objectives.

Each algorithm is a small pure ``(init, update)`` pair (:mod:`symopt.optimizers.rules`)
driven by one run loop (:mod:`symopt.optimizers.core`) that returns a frozen
:class:`Trace`; :mod:`symopt.optimizers.api` holds the public functions and their
shared keywords (documented there); :mod:`symopt.optimizers.fast` the
single-start fast path.

    >>> from symopt.optimizers import gd
    >>> gd("x1**2 + 2*x2**2", x0=[-5, -2], lr=0.1, steps=20).epoch_line()
    'epoch 20, x1 -0.057646, x2 -0.000073'
"""

from .api import (
    METHODS,
    Rule,
    STATUSES,
    TORCH_METHODS,
    Trace,
    adadelta,
    adagrad,
    adam,
    gd,
    line_search,
    minibatch_sgd,
    minimize,
    momentum,
    nesterov,
    newton,
    preconditioned,
    projected_gd,
    rmsprop,
    sgd,
    yogi,
)
from .conjugate import cg, polyak

__all__ = [
    "Trace",
    "Rule",
    "STATUSES",
    "METHODS",
    "TORCH_METHODS",
    "minimize",
    "gd",
    "sgd",
    "minibatch_sgd",
    "newton",
    "preconditioned",
    "line_search",
    "momentum",
    "nesterov",
    "adagrad",
    "rmsprop",
    "adadelta",
    "adam",
    "yogi",
    "projected_gd",
    "cg",
    "polyak",
]
