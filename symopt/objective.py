"""Deprecated import path: moved to :mod:`symopt.core.objective` (this alias stays for one release)."""

import sys
import warnings
import importlib

_module = importlib.import_module("symopt.core.objective")
warnings.warn("symopt: symopt.objective moved to symopt.core.objective; import it from there", DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
