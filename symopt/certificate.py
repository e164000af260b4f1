"""Deprecated import path: the evidence classes and :class:`Verdict` moved to the package :mod:`symopt.convexity`
(``verdict``, ``evidence``, ``evidence_dcp``, ``evidence_combine``, ``evidence_pieces``, ``witnesses``), the exact
linear algebra to :mod:`symopt.exact.linalg` and the sign prover to :mod:`symopt.exact.signs`.

This module re-exports the old names for one release.
"""

import warnings

from .convexity.evidence import *  # noqa: F401,F403
from .convexity.evidence import Evidence, Witness, certifies_convex, certifies_strict, every_certifies  # noqa: F401
from .convexity.evidence_combine import *  # noqa: F401,F403
from .convexity.evidence_dcp import CURVATURES, DCPStep  # noqa: F401
from .convexity.evidence_pieces import *  # noqa: F401,F403
from .convexity.verdict import STATUSES, Verdict  # noqa: F401
from .convexity.witnesses import *  # noqa: F401,F403
from .exact.linalg import LDLFactorization, interval_psd, negative_direction  # noqa: F401
from .exact.linalg import bisect_box as _bisect_box, covers as _covers  # noqa: F401
from .exact.signs import (  # noqa: F401
    CHECK_PRECISION,
    NONSMOOTH,
    as_rational,
    const_sign,
    defined_on,
    drop_atoms,
    gap_sign,
    interior_sample,
    is_smooth,
    is_zero_identity,
    prove_sign,
    twice_differentiable,
    value_at,
)

warnings.warn("symopt: symopt.certificate moved to the package symopt.convexity (verdict, evidence*, witnesses) and "
              "symopt.exact.linalg; import from there", DeprecationWarning, stacklevel=2)
