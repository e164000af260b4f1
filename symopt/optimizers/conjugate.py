r"""Conjugate gradient (linear, Fletcher--Reeves, Polak--Ribiere) and Polyak's step, as ``(init, update)`` rules.

(The module is ``conjugate``, not ``cg``, so that ``symopt.optimizers.cg`` stays the function.)

Each update is written in the texts' notation (Nocedal & Wright 2006, ch. 5):

* ``variant="linear"`` (N&W Algorithm 5.2, for a quadratic ``1/2 x^T A x - b^T x``,
  ``A`` read from the compiled Hessian): ``r = g``, ``alpha = r^T r / p^T A p``,
  ``x+ = x + alpha p``, ``beta = r+^T r+ / r^T r``, ``p+ = -r+ + beta p``;
* ``variant="fletcher-reeves"`` (Algorithm 5.4): ``p_0 = -g_0``,
  ``beta^FR = g_{k}^T g_{k} / g_{k-1}^T g_{k-1}``, ``p_k = -g_k + beta p_{k-1}``,
  ``x+ = x + alpha p`` with ``alpha`` from an exact line search (bisection on
  ``phi'(alpha) = grad f(x + alpha p)^T p``);
* ``variant="polak-ribiere"`` (eq. 5.44): ``beta^PR = g_k^T (g_k - g_{k-1}) / g_{k-1}^T g_{k-1}``;
  ``"polak-ribiere+"`` uses ``max(beta^PR, 0)`` (eq. 5.45).  A direction that is
  not a descent direction (``g^T p >= 0``) is replaced by ``-g`` (a restart).

On a quadratic with exact line searches the three coincide and stop in at most
``r`` steps for ``r`` distinct Hessian eigenvalues (N&W Thm 5.4; the theory is
:func:`symopt.theory.cg_quadratic`).

Polyak's step (Polyak 1987, sec. 5.3; Hazan & Kakade 2019):
``x+ = x - (f(x) - f*) / ||g||^2 g`` with the optimal value ``f*`` given.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import OptimizerError
from .api import _COMMON_DOC, _Setup
from .core import Rule, Trace, hyper_array

__all__ = ["cg", "polyak", "cg_rule", "polyak_rule", "CG_VARIANTS"]

CG_VARIANTS = ("linear", "fletcher-reeves", "polak-ribiere", "polak-ribiere+")

Array = np.ndarray


def _dot(a: Array, b: Array) -> Array:
    return np.einsum("...i,...i->...", a, b)


def _exact_step(f: Any, x: Array, d: Array, eta0: Array, iters: int, expand: int) -> Array:
    """Bisection on ``phi'(eta) = grad f(x + eta d) . d`` over ``[0, hi]`` (``hi`` doubled from ``eta0``)."""
    batch = x.shape[:-1]

    def dphi(eta: Array) -> Array:
        return _dot(f.grad(x + eta[..., None] * d), d)

    lo, hi = np.zeros(batch), np.where(eta0 > 0, eta0, 1.0)
    for _ in range(expand):
        neg = dphi(hi) < 0
        if not neg.any():
            break
        lo, hi = np.where(neg, hi, lo), np.where(neg, 2 * hi, hi)
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        neg = dphi(mid) < 0
        lo, hi = np.where(neg, mid, lo), np.where(neg, hi, mid)
    return 0.5 * (lo + hi)


def cg_rule(variant: str, iters: int = 60, expand: int = 60) -> Rule:
    """Conjugate gradient; the state is ``(p_{k-1}, g_{k-1})`` (zeros before the first step)."""

    def init(x: Array) -> tuple:
        return np.zeros_like(x), np.zeros_like(x)

    def update(x, g, state, t, lr, f):
        p_prev, g_prev = state
        batch = x.shape[:-1]
        gg_prev = _dot(g_prev, g_prev)
        safe = np.where(gg_prev > 0, gg_prev, 1.0)
        if variant in ("linear", "fletcher-reeves"):
            beta = _dot(g, g) / safe
        else:
            beta = _dot(g, g - g_prev) / safe
            if variant == "polak-ribiere+":
                beta = np.maximum(beta, 0.0)
        beta = np.where((gg_prev > 0) & (t > 0), beta, 0.0)
        p = -g + beta[..., None] * p_prev
        restart = _dot(g, p) >= 0
        p = np.where(restart[..., None], -g, p)
        if variant == "linear":
            Ap = np.einsum("...ij,...j->...i", f.hess(x), p)
            pAp = _dot(p, Ap)
            alpha = np.where(pAp > 0, _dot(g, g) / np.where(pAp > 0, pAp, 1.0), 0.0)
        else:
            eta0 = np.broadcast_to(np.asarray(lr, dtype=float)[..., 0] if np.ndim(lr) == x.ndim else lr, batch)
            alpha = _exact_step(f, x, p, np.array(eta0, dtype=float), iters, expand)
        alpha = alpha[..., None]
        return x + alpha * p, (p, g), alpha

    return Rule(f"cg[{variant}]", init, update, {"variant": variant})


def polyak_rule(f_star: float) -> Rule:
    """Polyak's step ``eta = (f(x) - f*) / ||g||^2`` (0 where ``g = 0``)."""

    def update(x, g, state, t, lr, f):
        gg = _dot(g, g)
        gap = f.value(x) - f_star
        eta = np.where(gg > 0, gap / np.where(gg > 0, gg, 1.0), 0.0)[..., None]
        return x - eta * g, state, eta

    return Rule("polyak", lambda x: (), update, {"f_star": f_star})


def cg(obj, x0, lr=1.0, steps=20, *, variant="fletcher-reeves", iters=60, expand=60, params=None, tol=None,
       diverge_at=1e12, record=True, progress=None) -> Trace:
    """Conjugate gradient: ``x_{k+1} = x_k + alpha_k p_k``, ``p_k = -g_k + beta_k p_{k-1}`` (see the module).

    ``variant``: ``"linear"`` (quadratics: ``alpha = g^T g / p^T A p``), ``"fletcher-reeves"``,
    ``"polak-ribiere"`` or ``"polak-ribiere+"`` (exact line search, bisection from the
    bracket ``[0, lr]`` doubled as needed; ``lrs`` records the chosen ``alpha``).

    >>> tr = cg("x1**2 + 10*x2**2", x0=[3, 1], steps=2, variant="linear")
    >>> bool(abs(tr.x).max() < 1e-12)
    True
    """
    if variant not in CG_VARIANTS:
        raise OptimizerError(f"variant must be one of {', '.join(CG_VARIANTS)}, got {variant!r}")
    for name, v in (("iters", iters), ("expand", expand)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise OptimizerError(f"{name} must be a positive integer, got {v!r}")
    s = _Setup(obj, x0, lr, steps, params, "text", "cg", {})
    return s.run(cg_rule(variant, int(iters), int(expand)), "text", tol, diverge_at, record, progress)


def polyak(obj, x0, f_star=0.0, steps=20, *, params=None, tol=None, diverge_at=1e12, record=True,
           progress=None) -> Trace:
    """Polyak's step: ``x_{k+1} = x_k - (f(x_k) - f*) / ||grad f(x_k)||^2 grad f(x_k)``.

    ``f_star`` is the optimal value (known, as the method assumes); ``lrs`` records the steps.

    >>> polyak("x**2", x0=[4], steps=3).epoch_line()
    'epoch 3, x: 0.5'
    """
    fs = float(hyper_array("f_star", f_star))
    s = _Setup(obj, x0, 1.0, steps, params, "text", "polyak", {})
    return s.run(polyak_rule(fs), "text", tol, diverge_at, record, progress)


cg.__doc__ = (cg.__doc__ or "") + _COMMON_DOC.replace("lr: step size (number, array over the batch, or schedule "
                                                      "``t -> eta``)", "lr: the first bracket of the line search")
polyak.__doc__ = (polyak.__doc__ or "") + _COMMON_DOC
