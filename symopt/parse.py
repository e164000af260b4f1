"""Deprecated import path: moved to :mod:`symopt.core.parse` (this alias stays for one release)."""

import sys
import warnings
import importlib

_module = importlib.import_module("symopt.core.parse")
warnings.warn("symopt: symopt.parse moved to symopt.core.parse; import it from there", DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
