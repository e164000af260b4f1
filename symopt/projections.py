r"""Euclidean projections onto convex sets, vectorised over leading axes.

:math:`\mathrm{Proj}_X(x) = \arg\min_{x' \in X} \|x - x'\|_2` (D2L (11.2.14)).
Every function takes points ``X`` of shape ``(..., n)`` and returns an array of
the same shape.

    >>> import numpy as np
    >>> l2_ball(np.array([3.0, 4.0]), radius=1.0)
    array([0.6, 0.8])
    >>> simplex(np.array([[0.5, 0.5, 2.0]]))
    array([[0., 0., 1.]])
    >>> l1_ball(np.array([2.0, -1.0]), radius=1.0)
    array([ 1., -0.])

Gradient clipping ``g * min(1, c/||g||)`` (D2L (11.2.13)) is :func:`l2_ball`
with ``radius=c``.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from .errors import DimensionError, DomainError, ParameterError

__all__ = ["l2_ball", "l1_ball", "box", "simplex", "halfspace", "affine", "dykstra", "clip_gradient"]


def _points(X: Any) -> np.ndarray:
    A = np.asarray(X, dtype=float)
    if A.ndim == 0:
        raise DimensionError("points must have shape (..., n), got a scalar")
    if A.shape[-1] == 0:
        raise DimensionError("points must have at least one coordinate")
    return A


def _positive(value: Any, name: str) -> float:
    v = float(value)
    if not np.isfinite(v) or v <= 0:
        raise ParameterError(f"{name} must be a positive finite number, got {value!r}")
    return v


def l2_ball(X: Any, radius: float = 1.0, center: Any = None) -> np.ndarray:
    r"""Projection onto :math:`\{x : \|x - c\|_2 \le r\}`: :math:`c + (x - c)\min(1, r/\|x - c\|)`.

    Raises:
        ParameterError: ``radius <= 0``.
        DimensionError: ``center`` of the wrong length.
    """
    A = _points(X)
    r = _positive(radius, "radius")
    c = np.zeros(A.shape[-1]) if center is None else np.asarray(center, dtype=float)
    if c.shape != (A.shape[-1],):
        raise DimensionError(f"center must have length {A.shape[-1]}")
    D = A - c
    norm = np.linalg.norm(D, axis=-1, keepdims=True)
    scale = np.minimum(1.0, r / np.maximum(norm, np.finfo(float).tiny))
    return c + D * scale


def clip_gradient(g: Any, c: float) -> np.ndarray:
    r"""D2L's gradient clipping :math:`g \min(1, c/\|g\|)`: the projection onto the ball of radius ``c``."""
    return l2_ball(g, radius=c)


def _simplex_nonneg(V: np.ndarray, total: float) -> np.ndarray:
    """Projection of rows of ``V`` onto ``{w >= 0, sum w = total}`` (sort-based, Duchi et al. 2008)."""
    n = V.shape[-1]
    U = -np.sort(-V, axis=-1)
    css = np.cumsum(U, axis=-1) - total
    k = np.arange(1, n + 1)
    cond = U - css / k > 0
    rho = n - 1 - np.argmax(cond[..., ::-1], axis=-1)  # last index where cond holds
    theta = np.take_along_axis(css, rho[..., None], axis=-1) / (rho[..., None] + 1)
    return np.maximum(V - theta, 0.0)


def simplex(X: Any, total: float = 1.0) -> np.ndarray:
    r"""Projection onto the simplex :math:`\{w \ge 0, \sum_i w_i = s\}` (Duchi et al., 2008).

    With :math:`u` sorted decreasingly and :math:`\rho = \max\{j : u_j - (\sum_{i\le j} u_i - s)/j > 0\}`,
    the projection is :math:`\max(x - \theta, 0)` with :math:`\theta = (\sum_{i\le\rho} u_i - s)/\rho`.

    Raises:
        ParameterError: ``total <= 0``.
    """
    A = _points(X)
    s = _positive(total, "total")
    return _simplex_nonneg(A, s)


def l1_ball(X: Any, radius: float = 1.0) -> np.ndarray:
    r"""Projection onto :math:`\{x : \|x\|_1 \le r\}` (sort-based, Duchi et al., 2008).

    Points inside are returned unchanged; others become
    :math:`\mathrm{sign}(x)\,\mathrm{Proj}_{\Delta_r}(|x|)` with :math:`\Delta_r`
    the simplex of total ``r`` (D2L 11.2 exercise 8).

    Raises:
        ParameterError: ``radius <= 0``.
    """
    A = _points(X)
    r = _positive(radius, "radius")
    inside = np.sum(np.abs(A), axis=-1, keepdims=True) <= r
    W = _simplex_nonneg(np.abs(A), r)
    return np.where(inside, A, np.sign(A) * W)


def box(X: Any, lower: Any = -np.inf, upper: Any = np.inf) -> np.ndarray:
    r"""Projection onto the box :math:`\{l \le x \le u\}`: coordinate-wise clipping.

    Raises:
        DomainError: some ``lower > upper`` (the box is empty).
    """
    A = _points(X)
    lo = np.broadcast_to(np.asarray(lower, dtype=float), A.shape[-1:])
    hi = np.broadcast_to(np.asarray(upper, dtype=float), A.shape[-1:])
    if np.any(lo > hi):
        raise DomainError("empty box: some lower bound exceeds its upper bound")
    return np.clip(A, lo, hi)


def halfspace(X: Any, a: Any, b: float) -> np.ndarray:
    r"""Projection onto :math:`\{x : a^\top x \le b\}`: :math:`x - \max(0, a^\top x - b)\, a / \|a\|^2`.

    Raises:
        DimensionError: ``a`` of the wrong length.
        ParameterError: ``a = 0``.
    """
    A = _points(X)
    a = np.asarray(a, dtype=float)
    if a.shape != (A.shape[-1],):
        raise DimensionError(f"a must have length {A.shape[-1]}")
    nrm2 = float(a @ a)
    if nrm2 == 0:
        raise ParameterError("a must be nonzero (a = 0 gives all of R^n or the empty set)")
    excess = np.maximum(A @ a - float(b), 0.0)
    return A - excess[..., None] * a / nrm2


def affine(X: Any, A: Any, b: Any, tol: float = 1e-9) -> np.ndarray:
    r"""Projection onto the affine subspace :math:`\{x : Ax = b\}`: :math:`x - A^+(Ax - b)`.

    With ``b = 0`` this is the linear map :math:`(I - A^+ A)x` (D2L 11.2 exercise 6).

    Raises:
        DimensionError: shapes that do not fit.
        DomainError: ``Ax = b`` has no solution (the set is empty).
    """
    P = _points(X)
    M = np.atleast_2d(np.asarray(A, dtype=float))
    rhs = np.atleast_1d(np.asarray(b, dtype=float))
    if M.shape[1] != P.shape[-1] or rhs.shape != (M.shape[0],):
        raise DimensionError(f"A must be (m, {P.shape[-1]}) and b of length m")
    pinv = np.linalg.pinv(M)
    x0 = pinv @ rhs
    if np.linalg.norm(M @ x0 - rhs) > tol * max(1.0, np.linalg.norm(rhs)):
        raise DomainError("Ax = b has no solution: the affine set is empty")
    residual = P @ M.T - rhs
    return P - residual @ pinv.T


def dykstra(
    X: Any,
    projections: Sequence[Callable[[np.ndarray], np.ndarray]],
    max_iter: int = 1000,
    tol: float = 1e-12,
) -> np.ndarray:
    r"""Projection onto an intersection of convex sets by Dykstra's algorithm.

    For sets :math:`C_1, \dots, C_k` with projections :math:`P_i`, iterate
    :math:`y = P_i(x + p_i)`, :math:`p_i \leftarrow x + p_i - y`,
    :math:`x \leftarrow y`; the iterates converge to :math:`\mathrm{Proj}_{\cap C_i}(x_0)`
    (unlike plain alternating projections, which only reach *some* point of the
    intersection).

    Args:
        X: points ``(..., n)``.
        projections: one callable per set, each vectorised like this module's.
        max_iter: most sweeps.
        tol: stop when a sweep moves every point less than ``tol``.

    Raises:
        ParameterError: no projections or ``max_iter < 1``.
    """
    if not projections:
        raise ParameterError("dykstra needs at least one projection")
    if max_iter < 1:
        raise ParameterError("max_iter must be >= 1")
    x = _points(X).copy()
    incr = [np.zeros_like(x) for _ in projections]
    for _ in range(max_iter):
        before = x.copy()
        for i, proj in enumerate(projections):
            y = np.asarray(proj(x + incr[i]), dtype=float)
            incr[i] = x + incr[i] - y
            x = y
        if np.max(np.abs(x - before)) < tol:
            break
    return x
