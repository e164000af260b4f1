"""Deprecated import path: moved to :mod:`symopt.exact.schur` (this alias stays for one release)."""

import sys
import warnings
import importlib

_module = importlib.import_module("symopt.exact.schur")
warnings.warn("symopt: symopt._schur moved to symopt.exact.schur; import it from there", DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
