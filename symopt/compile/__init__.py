"""symopt.compile (floor 2): SymPy -> batched NumPy ``value``, ``grad``, ``hess``.

:mod:`symopt.compile.compiled` holds the kernels, :mod:`symopt.compile.printing`
the shared printer (:class:`~symopt.compile.printing.CodeWriter`), and
:mod:`symopt.compile.backends` the optional SymEngine and JAX backends.
"""

from .compiled import BACKENDS, CompiledObjective, compile_entries, compile_objective
from .printing import CodeWriter, float_code, float_or_inf

__all__ = ["CompiledObjective", "compile_objective", "compile_entries", "BACKENDS", "CodeWriter", "float_code",
           "float_or_inf"]
