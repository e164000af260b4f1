"""Deprecated import path: moved to :mod:`symopt.compile.backends` (this alias stays for one release)."""

import sys
import warnings
import importlib

_module = importlib.import_module("symopt.compile.backends")
warnings.warn("symopt: symopt.backends moved to symopt.compile.backends; import it from there", DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
