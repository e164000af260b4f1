"""Deprecated import path: moved to :mod:`symopt.exact.interval` (this alias stays for one release)."""

import sys
import warnings
import importlib

_module = importlib.import_module("symopt.exact.interval")
warnings.warn("symopt: symopt._interval moved to symopt.exact.interval; import it from there", DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
