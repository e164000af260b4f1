"""Deprecated import path: the composition rules moved to :mod:`symopt.convexity.evidence_dcp` (atoms, the rule,
:func:`conclude`) and the proof-tree search to :mod:`symopt.convexity.dcp` (:func:`analyze`).

This module re-exports the old names for one release.
"""

import warnings

from .convexity.dcp import analyze  # noqa: F401
from .convexity.evidence_dcp import conclude  # noqa: F401

__all__ = ["analyze", "conclude"]

warnings.warn("symopt: symopt._dcp moved to symopt.convexity.dcp (analyze) and symopt.convexity.evidence_dcp "
              "(conclude); import from there", DeprecationWarning, stacklevel=2)
