"""Deprecated import path: moved to :mod:`symopt.core.domain` (this alias stays for one release)."""

import sys
import warnings
import importlib

_module = importlib.import_module("symopt.core.domain")
warnings.warn("symopt: symopt.domain moved to symopt.core.domain; import it from there", DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
