"""Deprecated import path: moved to :mod:`symopt.limits` (this alias stays for one release)."""

import importlib
import sys
import warnings

_module = importlib.import_module("symopt.limits")
warnings.warn("symopt: symopt.budget moved to symopt.limits; import it from there", DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
