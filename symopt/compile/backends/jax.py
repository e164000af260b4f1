"""The optional ``"jax"`` backend (``pip install 'symopt-toolkit[jax]'``): the same generated kernels, run by ``jax.numpy`` under ``jax.jit``.

The kernel source is the one the NumPy backend prints (only ``numpy.*``
functions over symopt's argument names); here the name ``numpy`` is bound to
``jax.numpy`` and the whole batched evaluation, including placing the entries
into the output array, is one jitted function.  Results are JAX arrays on
JAX's default device (a GPU when JAX has one), in JAX's default float type:
float32 unless ``jax.config.update("jax_enable_x64", True)`` was called.
Parameters are traced arguments, so one compilation serves every parameter
value; each new batch shape compiles once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence
from ...errors import UnsupportedError

__all__ = ["JaxKernel", "jax_kernel", "jnp"]

_STACK_LIMIT = 4096  # outputs with at most this many entries per point are assembled by one stack


def jnp() -> Any:
    """``jax.numpy`` (``UnsupportedError`` when JAX is not installed)."""
    try:
        import jax.numpy as jax_numpy
    except ImportError:

        raise UnsupportedError("the 'jax' backend needs JAX: pip install 'symopt-toolkit[jax]'") from None
    return jax_numpy


@dataclass(frozen=True, eq=False)
class JaxKernel:
    """Evaluates a fixed set of entries of an output array with one jitted JAX function.

    Attributes:
        shape: output shape per point.
        constants: ``((places, value), ...)`` constant entries.
        targets: ``(places, ...)``, one per value the generated function returns.
        function: the generated ``kernel(*columns, *params) -> [values]`` (over ``jax.numpy``), or ``None``.
        n: number of variables.
    """

    shape: tuple[int, ...]
    constants: tuple
    targets: tuple
    function: Callable[..., Any] | None
    n: int
    _jitted: Any = field(default=None, repr=False)
    _params: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        import jax

        object.__setattr__(self, "_jitted", jax.jit(self._run))

    def _run(self, A: Any, params: Any) -> Any:
        np_ = jnp()
        batch = A.shape[:-1]
        size = math.prod(self.shape)
        positions: list[int] = []
        values: list[Any] = []
        for places, value in self.constants:
            for place in places:
                positions.append(_flat(place, self.shape))
                values.append(np_.full(batch, value, dtype=A.dtype))
        if self.function is not None:
            columns = [A[..., i] for i in range(self.n)]
            computed = self.function(*columns, *[params[k] for k in range(params.shape[0])])
            for places, value in zip(self.targets, computed):
                value = np_.broadcast_to(np_.asarray(value, dtype=A.dtype), batch)
                for place in places:
                    positions.append(_flat(place, self.shape))
                    values.append(value)
        if size <= _STACK_LIMIT:  # one stack of every entry: XLA fuses it, a scatter it does not
            zero = np_.zeros(batch, dtype=A.dtype)
            by_position = dict(zip(positions, values))
            out = np_.stack([by_position.get(k, zero) for k in range(size)], axis=-1)
        else:  # large sparse outputs (Hessians of many variables): scatter the non-zero entries
            out = np_.zeros(batch + (size,), dtype=A.dtype)
            if values:
                out = out.at[..., np_.asarray(positions)].set(np_.stack(values, axis=-1))
        return out.reshape(batch + self.shape)

    def __call__(self, A: Any, params: Sequence[float]) -> Any:
        key = (tuple(params), str(A.dtype))
        values = self._params.get(key)
        if values is None:
            values = jnp().asarray(key[0], dtype=A.dtype).reshape(len(key[0]))
            if len(self._params) < 64:
                self._params[key] = values
        return self._jitted(A, values)


def _flat(place: tuple[int, ...], shape: tuple[int, ...]) -> int:
    index = 0
    for i, s in zip(place, shape):
        index = index * s + i
    return index


def jax_kernel(shape: tuple[int, ...], constants: tuple, targets: tuple, function: Callable[..., Any] | None, n: int) -> JaxKernel:
    """Wrap the pieces of a compiled kernel (see ``symopt.compile``) as a :class:`JaxKernel`."""
    return JaxKernel(tuple(shape), tuple(constants), tuple(targets), function, n)
