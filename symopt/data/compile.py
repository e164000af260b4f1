r"""Vectorised ``value`` / ``grad`` / ``hess`` of a data objective, from its matrix-form derivatives.

Compiling builds closures over the data arrays: the work to derive and compile
does not depend on the number of samples (nothing is unrolled), and one
gradient costs two matrix-vector products, ``z = X w`` and ``X^T s``, as in
hand-written NumPy.  Inputs are ``(..., d)`` arrays (``d`` weights; a weight
matrix ``W`` of shape ``(d, k)`` is flattened row-major), as symopt's
optimizers expect; ``value`` returns ``(...)``, ``grad`` ``(..., d)``,
``hess`` ``(..., d, d)``.

    >>> import numpy as np
    >>> from symopt.data.expr import DataObjective
    >>> X = np.array([[1.0, 0.0], [0.0, 2.0]]); y = np.array([1.0, -1.0])
    >>> f = DataObjective("sum(squares(X @ w - y))", data={"X": X, "y": y}).compile()
    >>> f.grad(np.zeros(2)).tolist()
    [-2.0, 4.0]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import sympy as sp

from ..errors import DimensionError, UnsupportedError
from .losses import sigmoid

__all__ = ["CompiledData", "compile_data", "BACKENDS"]

BACKENDS = ("numpy", "jax")


@dataclass(frozen=True)
class _Term:
    name: str
    X: np.ndarray
    y: np.ndarray | None
    c: float
    delta: float
    loss: Any


class CompiledData:
    """A compiled :class:`~symopt.data.expr.DataObjective`: batched ``value``, ``grad``, ``hess``.

    Attributes:
        variables: one SymPy symbol per weight (``w0, w1, ...``; ``W0_0, ...`` for a matrix).
        n: the number of weights.
        samples: the number of rows (when every loss term has the same number).
        weight_shape: ``(d,)`` or ``(d, k)``.
        backend: ``"numpy"`` or ``"jax"``.
    """

    def __init__(self, obj: Any, backend: str = "numpy"):
        if backend not in BACKENDS:
            raise UnsupportedError(f"backend must be one of {BACKENDS}, got {backend!r}")
        self.source = obj
        self.backend = backend
        self.weight_shape = tuple(obj.weight_shape)
        self.n = int(np.prod(self.weight_shape))
        if len(self.weight_shape) == 1:
            self.variables = tuple(sp.symbols(f"{obj.weight_name}0:{self.n}", real=True))
        else:
            d, k = self.weight_shape
            self.variables = tuple(sp.Symbol(f"{obj.weight_name}{j}_{a}", real=True) for j in range(d) for a in range(k))
        self.terms = tuple(
            _Term(t.loss.name, np.ascontiguousarray(obj.data[t.X]),
                  None if t.y is None else np.ascontiguousarray(obj.data[t.y]),
                  float(obj.value_of(t.coef, t)), float(obj.value_of(t.delta)), t.loss)
            for t in obj.loss_terms)
        self.two_a = float(2 * obj.value_of(obj.reg))
        self.const = float(obj.value_of(obj.const))
        rows = {t.X.shape[0] for t in self.terms}
        self.samples = rows.pop() if len(rows) == 1 else None
        self._jax = _jax_functions(self) if backend == "jax" else None

    def __repr__(self) -> str:
        return f"CompiledData({self.source.text()}; d = {self.n}, backend={self.backend})"

    # -- shapes ----------------------------------------------------------------------------------

    def _weights(self, X: Any) -> np.ndarray:
        W = np.asarray(X, dtype=float)
        if W.ndim == 0 or W.shape[-1] != self.n:
            raise DimensionError(f"weights of shape {W.shape} do not fit: the last axis must have {self.n} entries")
        return W

    def _z(self, t: _Term, W: np.ndarray) -> np.ndarray:
        if len(self.weight_shape) == 2:
            d, k = self.weight_shape
            return np.matmul(t.X, W.reshape(W.shape[:-1] + (d, k)))  # (..., n, k)
        if W.ndim == 1:
            return t.X @ W
        return W @ t.X.T  # (..., n)

    def _y(self, t: _Term) -> Any:
        if t.y is not None:
            return t.y
        return 1.0 if t.loss.kind == "margin" else 0.0

    def _kernel(self, t: _Term, which: str) -> Callable:
        fn = getattr(t.loss, which)
        if t.loss.params:
            return lambda z, y, _f=fn, _d=t.delta: _f(z, y, _d)
        return fn

    # -- the three functions -----------------------------------------------------------------------

    def value(self, X: Any) -> np.ndarray:
        """``f`` at each row of ``X`` (shape ``(..., d)`` -> ``(...)``)."""
        if self._jax is not None:
            return self._jax[0](X)
        W = self._weights(X)
        out = np.full(W.shape[:-1], self.const)
        for t in self.terms:
            v = self._kernel(t, "value")(self._z(t, W), self._y(t))
            out = out + t.c * np.sum(v, axis=-1)
        return out + 0.5 * self.two_a * np.einsum("...i,...i->...", W, W)

    def grad(self, X: Any) -> np.ndarray:
        """``grad f`` at each row: ``sum_t c_t X_t^T phi_t'(X_t w, y_t) + 2 a w`` (shape ``(..., d)``)."""
        if self._jax is not None:
            return self._jax[1](X)
        W = self._weights(X)
        g = self.two_a * W if self.two_a else np.zeros_like(W)
        for t in self.terms:
            s = self._kernel(t, "d1")(self._z(t, W), self._y(t))
            g = g + self._back(t, s, W)
        return g

    def _back(self, t: _Term, s: np.ndarray, W: np.ndarray) -> np.ndarray:
        """``c X^T s`` in the weights' layout."""
        if len(self.weight_shape) == 2:
            G = np.matmul(t.X.T, s) * t.c  # (..., d, k)
            return G.reshape(W.shape)
        if W.ndim == 1:
            return t.c * (s @ t.X)
        return t.c * (s @ t.X)

    def hess(self, X: Any) -> np.ndarray:
        """``hess f`` at each row: ``sum_t c_t X_t^T diag(phi_t'') X_t + 2 a I`` (shape ``(..., d, d)``)."""
        if self._jax is not None:
            return self._jax[2](X)
        W = self._weights(X)
        H = np.broadcast_to(self.two_a * np.eye(self.n), W.shape[:-1] + (self.n, self.n)).copy()
        for t in self.terms:
            z = self._z(t, W)
            if t.loss.kind == "multiclass":
                P = np.exp(z - z.max(axis=-1, keepdims=True))
                P /= P.sum(axis=-1, keepdims=True)
                d, k = self.weight_shape
                inner = np.einsum("...ia,ab->...iab", P, np.eye(k)) - np.einsum("...ia,...ib->...iab", P, P)
                blk = np.einsum("ij,...iab,il->...jalb", t.X, inner, t.X)
                H = H + t.c * blk.reshape(W.shape[:-1] + (self.n, self.n))
                continue
            if t.loss.d2 is None:
                raise UnsupportedError(f"{t.name} has no second derivative (not differentiable)")
            s = self._kernel(t, "d2")(z, self._y(t))
            H = H + t.c * np.einsum("ij,...i,ik->...jk", t.X, s, t.X, optimize=True)
        return H

    # -- for optimizers ---------------------------------------------------------------------------

    def minibatch_grad(self, idx: Any, X: Any) -> np.ndarray:
        """An unbiased gradient estimate from the rows ``idx``: ``(n/|B|) c X_B^T phi'(X_B w, y_B) + 2 a w``.

        Raises:
            UnsupportedError: loss terms with different numbers of rows.
        """
        if self.samples is None:
            raise UnsupportedError("minibatches need every loss term over the same rows")
        idx = np.asarray(idx)
        W = self._weights(X)
        g = self.two_a * W if self.two_a else np.zeros_like(W)
        for t in self.terms:
            sub = _Term(t.name, t.X[idx], None if t.y is None else t.y[idx], t.c * self.samples / idx.size,
                        t.delta, t.loss)
            s = self._kernel(sub, "d1")(self._z(sub, W), self._y(sub))
            g = g + self._back(sub, s, W)
        return g

    def minibatch(self) -> tuple:
        """``(m, batch_grad, value, grad, self)`` as :func:`symopt.optimizers.minibatch_sgd` takes a data problem."""
        if self.samples is None:
            raise UnsupportedError("minibatches need every loss term over the same rows")
        return self.samples, self.minibatch_grad, self.value, self.grad, self

    def __symopt_compiled__(self) -> "CompiledData":
        """The protocol :func:`symopt.optimizers.core.as_compiled` accepts: this object itself."""
        return self


def compile_data(obj: Any, backend: str = "numpy") -> CompiledData:
    """Compile a :class:`~symopt.data.expr.DataObjective` (``backend="jax"`` needs JAX installed).

    Raises:
        UnsupportedError: an unknown backend, or JAX missing.
    """
    return CompiledData(obj, backend)


def _jax_functions(cd: CompiledData) -> tuple:
    """``(value, grad, hess)`` through JAX (``jax.grad`` / ``jax.hessian`` of the vectorised value)."""
    try:
        import jax
        import jax.numpy as jnp
    except ImportError:
        raise UnsupportedError("backend='jax' needs JAX (the jax extra)") from None
    jax.config.update("jax_enable_x64", True)
    kernels = {
        "logistic": lambda z, y, d: jnp.logaddexp(0.0, -y * z),
        "bce": lambda z, y, d: jnp.logaddexp(0.0, z) - y * z,
        "hinge": lambda z, y, d: jnp.maximum(0.0, 1.0 - y * z),
        "sqhinge": lambda z, y, d: jnp.maximum(0.0, 1.0 - y * z) ** 2,
        "huber": lambda z, y, d: jnp.where(jnp.abs(z - y) <= d, 0.5 * (z - y) ** 2, d * (jnp.abs(z - y) - 0.5 * d)),
        "squares": lambda z, y, d: (z - y) ** 2,
        "poisson": lambda z, y, d: jnp.exp(z) - y * z,
        "softmax_ce": lambda z, y, d: jax.nn.logsumexp(z, axis=-1) - jnp.sum(y * z, axis=-1),
    }
    terms = [(kernels[t.name], jnp.asarray(t.X), None if t.y is None else jnp.asarray(t.y), t.c, t.delta, t.loss.kind)
             for t in cd.terms]
    shape = cd.weight_shape

    def f(w):
        out = cd.const + 0.5 * cd.two_a * jnp.dot(w, w)
        for fn, X, y, c, d, kind in terms:
            z = X @ (w.reshape(shape) if len(shape) == 2 else w)
            yy = y if y is not None else (1.0 if kind == "margin" else 0.0)
            out = out + c * jnp.sum(fn(z, yy, d))
        return out

    def batched(fn):
        def run(X):
            W = jnp.asarray(cd._weights(X))
            flat = W.reshape((-1, cd.n))
            out = jax.vmap(fn)(flat)
            return np.asarray(out).reshape(W.shape[:-1] + out.shape[1:])
        return run

    return batched(jax.jit(f)), batched(jax.jit(jax.grad(f))), batched(jax.jit(jax.hessian(f)))
