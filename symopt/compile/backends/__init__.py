"""Optional evaluation backends for :mod:`symopt.compile`.

* :mod:`symopt.compile.backends.symengine`: SymEngine expression trees and ``Lambdify``
  (``pip install 'symopt-toolkit[fast]'``);
* :mod:`symopt.compile.backends.jax`: ``jax.numpy`` kernels under ``jax.jit``
  (``pip install 'symopt-toolkit[jax]'``).

Each module imports its library lazily, so importing this package is free.
"""
