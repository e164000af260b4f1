"""The update rules of :mod:`symopt.optimizers`, each a pure ``(init, update)`` pair.

Every constructor closes over its hyper-parameters (floats, or arrays shaped
``B + (1,)`` that broadcast against ``x`` of shape ``B + (n,)``) and returns a
:class:`~symopt.optimizers.core.Rule`.  ``t`` is the 0-based step index, so the
texts' step counter is ``t + 1``.  The float operations follow the texts'
code (or torch.optim's) operation by operation, so the printed digits come out
the same.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .core import Rule
from ..errors import DimensionError

__all__ = [
    "gd_rule", "momentum_rule", "nesterov_rule", "adagrad_rule", "rmsprop_rule", "adadelta_rule",
    "adam_rule", "yogi_rule", "newton_rule", "diag_rule", "line_search_rule", "projected_rule",
]

Array = np.ndarray


def _zeros(x: Array) -> tuple:
    return (np.zeros_like(x),)


def _none(x: Array) -> tuple:
    return ()


def gd_rule() -> Rule:
    """``x <- x - eta g``."""

    def update(x, g, state, t, lr, f):
        return x - lr * g, state, None

    return Rule("gd", _none, update, {}, scalar="gd")


def momentum_rule(beta: Any) -> Rule:
    """Heavy ball: ``v <- beta v + g``, ``x <- x - eta v`` (``v_0 = 0``); torch's SGD(momentum) is the same."""

    def update(x, g, state, t, lr, f):
        (v,) = state
        v = beta * v + g
        return x - lr * v, (v,), None

    return Rule("momentum", _zeros, update, {"beta": beta})


def nesterov_rule(beta: Any, form: str) -> Rule:
    """Nesterov momentum.

    text:  ``v <- beta v + grad f(x - eta beta v)``, ``x <- x - eta v`` (look-ahead form);
    torch: ``b <- beta b + g``, ``x <- x - eta (g + beta b)``.
    """
    if form == "torch":

        def update(x, g, state, t, lr, f):
            (b,) = state
            b = beta * b + g
            return x - lr * (g + beta * b), (b,), None

    else:

        def update(x, g, state, t, lr, f):
            (v,) = state
            v = beta * v + f.grad(x - lr * beta * v)
            return x - lr * v, (v,), None

    return Rule("nesterov", _zeros, update, {"beta": beta})


def adagrad_rule(eps: Any, form: str, lr_decay: Any = 0.0) -> Rule:
    """Adagrad.

    text:  ``s <- s + g^2``, ``x <- x - eta / sqrt(s + eps) * g``;
    torch: ``s <- s + g^2``, ``x <- x - eta_t g / (sqrt(s) + eps)``, ``eta_t = eta / (1 + t lr_decay)``.
    """
    if form == "torch":

        def update(x, g, state, t, lr, f):
            (s,) = state
            s = s + g * g
            clr = lr / (1 + t * lr_decay)
            return x - clr * (g / (np.sqrt(s) + eps)), (s,), clr

    else:

        def update(x, g, state, t, lr, f):
            (s,) = state
            s = s + g * g
            return x - lr / np.sqrt(s + eps) * g, (s,), None

    return Rule("adagrad", _zeros, update, {"eps": eps, "lr_decay": lr_decay})


def rmsprop_rule(gamma: Any, eps: Any, form: str) -> Rule:
    """RMSProp.

    text:  ``s <- gamma s + (1 - gamma) g^2``, ``x <- x - eta / sqrt(s + eps) * g``;
    torch: same ``s``, ``x <- x - eta g / (sqrt(s) + eps)``.
    """
    if form == "torch":

        def update(x, g, state, t, lr, f):
            (s,) = state
            s = gamma * s + (1 - gamma) * (g * g)
            return x - lr * (g / (np.sqrt(s) + eps)), (s,), None

    else:

        def update(x, g, state, t, lr, f):
            (s,) = state
            s = gamma * s + (1 - gamma) * g**2
            return x - lr / np.sqrt(s + eps) * g, (s,), None

    return Rule("rmsprop", _zeros, update, {"gamma": gamma, "eps": eps})


def adadelta_rule(rho: Any, eps: Any) -> Rule:
    """Adadelta (the texts' code and torch's formula are the same; their eps differ).

    ``s <- rho s + (1 - rho) g^2``, ``g' = sqrt(d + eps) / sqrt(s + eps) * g``,
    ``x <- x - eta g'``, ``d <- rho d + (1 - rho) g'^2``.
    """

    def init(x):
        return (np.zeros_like(x), np.zeros_like(x))

    def update(x, g, state, t, lr, f):
        s, d = state
        s = rho * s + (1 - rho) * (g * g)
        step = (np.sqrt(d + eps) / np.sqrt(s + eps)) * g
        d = rho * d + (1 - rho) * (step * step)
        return x - lr * step, (s, d), None

    return Rule("adadelta", init, update, {"rho": rho, "eps": eps})


def _moments_init(x):
    return (np.zeros_like(x), np.zeros_like(x))


def adam_rule(beta1: Any, beta2: Any, eps: Any, form: str) -> Rule:
    """Adam with bias correction (step counter ``k = t + 1``).

    ``v <- b1 v + (1 - b1) g``, ``s <- b2 s + (1 - b2) g^2``;
    text:  ``x <- x - eta (v / (1 - b1^k)) / (sqrt(s / (1 - b2^k)) + eps)``;
    torch: ``x <- x - (eta / (1 - b1^k)) v / (sqrt(s) / sqrt(1 - b2^k) + eps)``.
    """
    if form == "torch":

        def update(x, g, state, t, lr, f):
            v, s = state
            k = t + 1
            v = beta1 * v + (1 - beta1) * g
            s = beta2 * s + (1 - beta2) * (g * g)
            bc1 = 1 - beta1**k
            bc2 = 1 - beta2**k
            denom = np.sqrt(s) / np.sqrt(bc2) + eps
            return x - (lr / bc1) * (v / denom), (v, s), None

    else:

        def update(x, g, state, t, lr, f):
            v, s = state
            k = t + 1
            v = beta1 * v + (1 - beta1) * g
            s = beta2 * s + (1 - beta2) * np.square(g)
            v_hat = v / (1 - beta1**k)
            s_hat = s / (1 - beta2**k)
            return x - lr * v_hat / (np.sqrt(s_hat) + eps), (v, s), None

    return Rule("adam", _moments_init, update, {"beta1": beta1, "beta2": beta2, "eps": eps})


def yogi_rule(beta1: Any, beta2: Any, eps: Any) -> Rule:
    """Yogi (the texts' code): Adam with ``s <- s + (1 - b2) sgn(g^2 - s) g^2``."""

    def update(x, g, state, t, lr, f):
        v, s = state
        k = t + 1
        g2 = np.square(g)
        v = beta1 * v + (1 - beta1) * g
        s = s + (1 - beta2) * np.sign(g2 - s) * g2
        v_hat = v / (1 - beta1**k)
        s_hat = s / (1 - beta2**k)
        return x - lr * v_hat / (np.sqrt(s_hat) + eps), (v, s), None

    return Rule("yogi", _moments_init, update, {"beta1": beta1, "beta2": beta2, "eps": eps})


def fix_hessian(H: Array, fix: str, shift: Any, min_curvature: float) -> Array:
    """The Hessian Newton's method inverts.

    ``"none"``: ``H``; ``"abs"``: ``Q |Lambda| Q^T`` with eigenvalues floored at
    ``min_curvature``; ``"levenberg"``: ``H + mu I`` (``mu = shift``).
    """
    if fix == "none":
        return H
    if fix == "levenberg":
        n = H.shape[-1]
        return H + np.asarray(shift)[..., None] * np.eye(n) if np.ndim(shift) else H + shift * np.eye(n)
    lam, Q = np.linalg.eigh(H)
    lam = np.maximum(np.abs(lam), min_curvature)
    return (Q * lam[..., None, :]) @ np.swapaxes(Q, -1, -2)


def _solve(H: Array, g: Array) -> Array:
    if H.shape[-1] == 1:
        return g / H[..., 0]
    try:
        return np.linalg.solve(H, g[..., None])[..., 0]
    except np.linalg.LinAlgError:
        out = np.full(g.shape, np.nan)
        flatH, flatg, flato = H.reshape(-1, *H.shape[-2:]), g.reshape(-1, g.shape[-1]), out.reshape(-1, g.shape[-1])
        for i in range(flatH.shape[0]):
            try:
                flato[i] = np.linalg.solve(flatH[i], flatg[i])
            except np.linalg.LinAlgError:
                pass  # singular Hessian: the step is undefined, the member is marked diverged
        return out


def newton_rule(fix: str, shift: Any, min_curvature: float) -> Rule:
    """Damped Newton: ``x <- x - eta H^{-1} g`` (1-D: ``x - (eta g) / h``, as the texts compute it)."""

    def update(x, g, state, t, lr, f):
        H = fix_hessian(f.hess(x), fix, shift, min_curvature)
        if x.shape[-1] == 1:
            return x - (lr * g) / H[..., 0], state, None
        return x - lr * _solve(H, g), state, None

    return Rule("newton", _none, update, {"hessian_fix": fix, "shift": shift})


def diag_rule(absolute: bool) -> Rule:
    """Diagonal preconditioning: ``x <- x - eta diag(H)^{-1} g`` (``|diag H|`` when ``absolute``)."""

    def update(x, g, state, t, lr, f):
        d = np.diagonal(f.hess(x), axis1=-2, axis2=-1)
        if absolute:
            d = np.abs(d)
        return x - lr * (g / d), state, None

    return Rule("preconditioned", _none, update, {"absolute": absolute})


def _dot(a: Array, b: Array) -> Array:
    return np.einsum("...i,...i->...", a, b)


def line_search_rule(method: str, iters: int, c: float, shrink: float, expand: int) -> Rule:
    """Gradient descent with a step chosen along ``d = -g`` each iteration.

    ``"bisection"``: exact line search, bisection on ``phi'(eta) = grad f(x + eta d) . d``
    over a bracket ``[0, hi]`` (``hi`` doubled from ``lr`` until ``phi'(hi) >= 0``);
    ``"golden"``: golden-section search of ``phi`` on ``[0, hi]`` (``hi`` doubled from
    ``lr`` while ``phi(hi) < phi(0)``; exact for unimodal ``phi``);
    ``"armijo"``: backtracking from ``eta = lr``, multiplying by ``shrink`` until
    ``f(x + eta d) <= f(x) - c eta ||g||^2``.
    """

    def phi(f, x, d, eta):
        return f.value(x + eta[..., None] * d)

    def dphi(f, x, d, eta):
        return _dot(f.grad(x + eta[..., None] * d), d)

    def update(x, g, state, t, lr, f):
        batch = x.shape[:-1]
        d = -g
        eta0 = np.broadcast_to(np.asarray(lr, dtype=float)[..., 0] if np.ndim(lr) == x.ndim else lr, batch).copy()
        if method == "armijo":
            f0 = f.value(x)
            gg = _dot(g, g)
            eta = eta0
            for _ in range(iters):
                ok = phi(f, x, d, eta) <= f0 - c * eta * gg
                if ok.all():
                    break
                eta = np.where(ok, eta, eta * shrink)
        elif method == "bisection":
            lo, hi = np.zeros(batch), np.where(eta0 > 0, eta0, 1.0)
            for _ in range(expand):
                neg = dphi(f, x, d, hi) < 0
                if not neg.any():
                    break
                lo, hi = np.where(neg, hi, lo), np.where(neg, 2 * hi, hi)
            for _ in range(iters):
                mid = 0.5 * (lo + hi)
                neg = dphi(f, x, d, mid) < 0
                lo, hi = np.where(neg, mid, lo), np.where(neg, hi, mid)
            eta = 0.5 * (lo + hi)
        else:
            f0 = f.value(x)
            hi = np.where(eta0 > 0, eta0, 1.0)
            for _ in range(expand):
                lower = phi(f, x, d, hi) < f0
                if not lower.any():
                    break
                hi = np.where(lower, 2 * hi, hi)
            lo = np.zeros(batch)
            r = (np.sqrt(5.0) - 1) / 2
            a, b = lo + (1 - r) * (hi - lo), lo + r * (hi - lo)
            fa, fb = phi(f, x, d, a), phi(f, x, d, b)
            for _ in range(iters):
                left = fa < fb  # minimum in [lo, b]
                hi = np.where(left, b, hi)
                lo = np.where(left, lo, a)
                new_a, new_b = lo + (1 - r) * (hi - lo), lo + r * (hi - lo)
                fnew = phi(f, x, d, np.where(left, new_a, new_b))
                b2 = np.where(left, a, new_b)
                a2 = np.where(left, new_a, b)
                fb2 = np.where(left, fa, fnew)
                fa2 = np.where(left, fnew, fb)
                a, b, fa, fb = a2, b2, fa2, fb2
            eta = 0.5 * (lo + hi)
        eta = eta[..., None]
        return x + eta * d, state, eta

    return Rule(f"line_search[{method}]", _none, update, {"search": method, "iters": iters})


def projected_rule(projection: Callable[[Array], Array]) -> Rule:
    """Projected gradient descent: ``x <- P(x - eta g)``."""

    def update(x, g, state, t, lr, f):
        y = x - lr * g
        z = np.asarray(projection(y), dtype=float)
        if z.shape != y.shape:
            raise DimensionError(f"the projection returned shape {z.shape} for input of shape {y.shape}")
        return z, state, None

    return Rule("projected_gd", _none, update, {"projection": getattr(projection, "__name__", repr(projection))})
