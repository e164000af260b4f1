"""Optimizers compiled from symbolic objectives: batched, traced, text- or torch-exact.

Each algorithm is a small pure ``(init, update)`` pair (see
:mod:`symopt.optimizers.rules`) driven by one run loop that returns a frozen
:class:`Trace`.  Every public function takes the objective (an
:class:`~symopt.Objective`, its text, or a compiled objective), ``x0`` and the
step budget, and shares these keywords:

* ``lr``: a number, an array over the batch (e.g. 1,000 learning rates run as
  one vectorised call), or a schedule ``t -> eta`` (:mod:`symopt.schedules`);
* ``params``: values for the objective's parameters (``{"c": 0.5}``);
* ``tol``: stop a member once ``||grad f|| <= tol`` (default: run every step,
  as the texts do);
* ``diverge_at``: a member with a non-finite coordinate or one beyond this
  bound is marked ``"diverged"`` at that step (it is a result, not an error);
* ``record``: keep every iterate (``False`` keeps the first and the last);
* ``form``: ``"text"`` (default; the update exactly as the texts code it, which
  reproduces their printed outputs) or ``"torch"`` (``torch.optim``'s formula
  and default eps; matches it to 1e-6 along 100-step trajectories).

* ``progress``: ``True`` for a tqdm progress bar, ``False`` for none, a
  callable ``progress(t, steps)``, or ``None`` (default): a bar only in an
  interactive session (Jupyter or a terminal) for runs of 1,000+ steps still
  going after 2 s (see :class:`symopt.config.Config`).

``x0`` of shape ``(B, n)`` (or any ``(..., n)``) runs a batch; hyper-parameters
given as arrays broadcast against the batch shape.  ``x0`` may also be a dict
naming every variable (``{"x1": -5, "x2": -2}``).

A :class:`Trace` answers to :class:`scipy.optimize.OptimizeResult`'s names as
well: ``tr.x``, ``tr.fun``, ``tr.nit``, ``tr.jac``, ``tr.success``,
``tr.message`` (and ``tr.status`` is symopt's word: ``"converged"``,
``"diverged"`` or ``"max_steps"``).

    >>> tr = gd("x**2", x0={"x": 10}, lr=0.2, steps=10)
    >>> tr
    Trace(gd, max_steps, nit=10, fun=0.00365616, at x = 0.0604662)
    >>> tr.fun == float(tr.value), tr.nit, tr.success
    (True, 10, False)

    >>> from symopt.optimizers import gd, momentum
    >>> gd("x1**2 + 2*x2**2", x0=[-5, -2], lr=0.1, steps=20).epoch_line()
    'epoch 20, x1 -0.057646, x2 -0.000073'
    >>> momentum("0.1*x1**2 + 2*x2**2", x0=[-5, -2], lr=0.6, beta=0.5, steps=20).epoch_line()
    'epoch 20, x1 0.007188, x2 0.002553'
    >>> import numpy as np
    >>> tr = gd("x**2", x0=[10.0], lr=np.array([0.2, 1.1]), steps=10)
    >>> tr.x[:, 0].tolist()
    [0.06046617599999997, 61.917364224000096]
"""

from __future__ import annotations

import math
from typing import Any, Callable, Mapping

import numpy as np

from .core import STATUSES, Rule, Trace, as_compiled, as_x0, check_lr, hyper_array, run, shape_hyper, _batch_shape
from .rules import (
    adadelta_rule,
    adagrad_rule,
    adam_rule,
    diag_rule,
    gd_rule,
    line_search_rule,
    momentum_rule,
    nesterov_rule,
    newton_rule,
    projected_rule,
    rmsprop_rule,
    yogi_rule,
)
from ..errors import DimensionError, OptimizerError, ParameterError
from ..core.objective import Objective
from ..compile import CompiledObjective

__all__ = [
    "Trace", "Rule", "STATUSES", "METHODS", "TORCH_METHODS", "minimize",
    "gd", "sgd", "minibatch_sgd", "newton", "preconditioned", "line_search", "momentum", "nesterov",
    "adagrad", "rmsprop", "adadelta", "adam", "yogi", "projected_gd",
]

FORMS = ("text", "torch")
TORCH_METHODS = ("gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam")


class _Setup:
    """The checked inputs every method shares."""

    def __init__(self, obj, x0, lr, steps, params, form, method, hypers: Mapping[str, Any]):
        if form not in FORMS:
            raise OptimizerError(f"form must be 'text' or 'torch', got {form!r}")
        if form == "torch" and method not in TORCH_METHODS:
            raise OptimizerError(f"{method} has no torch.optim counterpart; form='torch' is for {', '.join(TORCH_METHODS)}")
        if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
            raise OptimizerError(f"steps must be a non-negative integer, got {steps!r}")
        self.f = as_compiled(obj, params)
        self.names = tuple(v.name for v in self.f.variables)
        self.x0 = as_x0(x0, self.f.n, self.names)
        self.lr = check_lr(lr)
        self.steps = int(steps)
        arrays = [h for h in hypers.values() if isinstance(h, np.ndarray)]
        self.batch = _batch_shape(self.x0, arrays + ([self.lr] if isinstance(self.lr, np.ndarray) else []))
        self.h = {k: shape_hyper(v, self.batch) for k, v in hypers.items()}
        self.arrays = arrays

    def run(self, rule: Rule, form: str, tol, diverge_at, record, progress, **kw) -> Trace:
        if tol is not None:
            tol = hyper_array("tol", tol, low=0.0)
            if isinstance(tol, np.ndarray):
                raise OptimizerError("tol must be a single number")
        diverge_at = hyper_array("diverge_at", diverge_at, low=0.0, low_open=True)
        return run(rule, self.f, self.x0, self.steps, self.lr, hypers=self.arrays, tol=tol,
                   diverge_at=float(diverge_at), record=record, form=form, progress=progress, **kw)


def _beta(name: str, value: Any) -> Any:
    return hyper_array(name, value, low=0.0, high=1.0)


def _eps(value: Any, name: str = "eps") -> Any:
    return hyper_array(name, value, low=0.0, low_open=True)


_COMMON_DOC = """
    Args:
        obj: the objective (``Objective``, text, or compiled objective).
        x0: start, shape ``(n,)``, or starts ``(..., n)``.
        lr: step size (number, array over the batch, or schedule ``t -> eta``).
        steps: the step budget.
        params, tol, diverge_at, record, form, progress: see the module docstring.

    Returns:
        Trace

    Raises:
        DimensionError: ``x0`` of the wrong length.
        OptimizerError: a bad hyper-parameter (negative or non-finite ``lr``, a
            beta outside ``[0, 1)``, ...), an unknown form.
        ParameterError: the objective has parameters left unbound.
"""


def _doc(fn):
    fn.__doc__ = (fn.__doc__ or "") + _COMMON_DOC
    return fn


@_doc
def gd(obj, x0, lr=0.1, steps=20, *, params=None, tol=None, diverge_at=1e12, record=True, form="text",
       progress=None) -> Trace:
    """Gradient descent: ``x_{k+1} = x_k - eta grad f(x_k)``.

    (``form="torch"`` is ``torch.optim.SGD`` without momentum: the same update.)

    >>> gd("x**2", x0=[10], lr=1.1, steps=10).epoch_line()
    'epoch 10, x: 61.917364224000096'
    """
    s = _Setup(obj, x0, lr, steps, params, form, "gd", {})
    return s.run(gd_rule(), form, tol, diverge_at, record, progress)


@_doc
def sgd(obj, x0, lr=0.1, steps=50, *, noise=1.0, noise_mean=0.0, seed=0, params=None, tol=None,
        diverge_at=1e12, record=True, form="text", progress=None) -> Trace:
    """Stochastic gradient descent with simulated gradient noise (the texts' 11.4 experiment).

    ``x_{k+1} = x_k - eta_k (grad f(x_k) + xi_k)``, ``xi_k ~ N(noise_mean, noise^2 I)``
    drawn from ``numpy.random.default_rng(seed)`` (reproducible for a seed).
    ``grads`` records the noisy gradients; ``values`` the true objective.

    Note: the texts' code adds ``np.random.normal(0.1)``, which is mean 0.1 and
    standard deviation 1 (not zero-mean noise): ``noise_mean=0.1`` reproduces
    that setting.
    """
    s = _Setup(obj, x0, lr, steps, params, form, "sgd", {})
    sd = hyper_array("noise", noise, low=0.0)
    mean = hyper_array("noise_mean", noise_mean)
    rng = np.random.default_rng(seed)
    f = s.f

    def noisy(X, t):
        g = f.grad(X)
        return g + mean + sd * rng.standard_normal(g.shape)

    rule = gd_rule()._replace(name="sgd", hyper={"noise": noise, "noise_mean": noise_mean, "seed": seed})
    return s.run(rule, form, tol, diverge_at, record, progress, gradient=noisy)


def minibatch_sgd(obj, x0, data: Mapping[str, Any] | None = None, lr=0.05, batch_size=10, epochs=2, *, seed=0,
                  replace=False, params=None, tol=None, diverge_at=1e12, record=True, progress=None) -> Trace:
    """Minibatch SGD on a dataset objective: a per-example loss with data, or a sum of terms.

    With ``data``: ``obj`` is the per-example loss ``l``; its variables are the
    weights and its parameters the data columns, given in ``data`` as
    equal-length arrays (one entry per parameter name); the objective is
    ``f(w) = (1/m) sum_i l(w; d_i)`` and the step is

    ``w_{k+1} = w_k - eta_k (1/|B_k|) sum_{i in B_k} grad_w l(w_k; d_i)``.

    Without ``data``: ``obj`` itself is the sum ``f = sum_i f_i`` of its additive
    terms (the texts' ``f = (1/n) sum_i f_i`` up to the factor), and the step
    uses the unbiased estimate ``(m/|B_k|) sum_{i in B_k} grad f_i(w_k)``; with
    a full batch it is gradient descent on ``f``.

    Each epoch visits the ``m`` examples (terms) in a fresh random order
    (``replace=False``, as the texts recommend) or samples them with
    replacement, in minibatches ``B_k`` of ``batch_size`` (the last may be
    smaller).  ``values`` records the full objective ``f``; ``grads`` the
    minibatch gradients.

    >>> import numpy as np
    >>> xs = np.linspace(-1, 1, 50); ys = 3 * xs
    >>> tr = minibatch_sgd("(w*a - b)**2", x0=[0.0], data={"a": xs, "b": ys}, lr=0.5, batch_size=10, epochs=20)
    >>> abs(float(tr.x[0]) - 3) < 1e-6
    True
    >>> tr = minibatch_sgd("(x - 1)**2 + (x - 2)**2 + (x - 6)**2", x0=[0.0], lr=0.1, batch_size=3, epochs=50)
    >>> round(float(tr.x[0]), 12)
    3.0

    Raises:
        ParameterError: ``data`` does not give exactly the objective's
            parameters, columns of different lengths, or (without data)
            parameters left unbound.
        OptimizerError: a bad ``lr``, ``batch_size`` or ``epochs``.
    """

    if data is None and hasattr(obj, "minibatch"):  # a data objective (symopt.data): minibatches over its rows
        m, batch_grad, full_value, full_grad, o = obj.minibatch()
    elif data is None:
        m, batch_grad, full_value, full_grad, o = _terms_problem(obj, params)
    else:
        if params:
            raise OptimizerError("with data, the objective's parameters are the data columns; params= is not used")
        m, batch_grad, full_value, full_grad, o = _data_problem(obj, data)
    for name in ("batch_size", "epochs"):
        v = batch_size if name == "batch_size" else epochs
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < (1 if name == "batch_size" else 0):
            raise OptimizerError(f"{name} must be a positive integer, got {v!r}")
    b = min(int(batch_size), m)
    per_epoch = math.ceil(m / b)
    steps = per_epoch * int(epochs)
    rng = np.random.default_rng(seed)
    order: list[np.ndarray] = []
    for _ in range(int(epochs)):
        perm = rng.integers(0, m, size=m) if replace else rng.permutation(m)
        order.extend(perm[i:i + b] for i in range(0, m, b))

    names = tuple(v.name for v in o.variables)
    X0 = as_x0(x0, o.n, names)

    def gradient(X, t):
        return batch_grad(order[min(t, len(order) - 1)], X)

    class _Full:
        variables = o.variables
        n = o.n

        @staticmethod
        def value(X):
            return full_value(np.asarray(X, dtype=float))

        @staticmethod
        def grad(X):
            return full_grad(np.asarray(X, dtype=float))

    lr = check_lr(lr)
    rule = gd_rule()._replace(name="minibatch_sgd", scalar=None,
                              hyper={"batch_size": b, "epochs": int(epochs), "seed": seed, "examples": m})
    if tol is not None:
        tol = float(hyper_array("tol", tol, low=0.0))
    diverge_at = float(hyper_array("diverge_at", diverge_at, low=0.0, low_open=True))
    return run(rule, _Full, X0, steps, lr, hypers=[], tol=tol, diverge_at=diverge_at, gradient=gradient,
               record=record, value=full_value, progress=progress)


def _data_problem(obj, data):
    """(m, batch_grad, full_value, full_grad, objective) for a per-example loss over data columns."""

    if not isinstance(data, Mapping) or not data:
        raise ParameterError("data must be a non-empty mapping {parameter name: array}")
    if isinstance(obj, Objective):
        o = obj
    elif isinstance(obj, str):
        o = Objective(obj, params=",".join(str(k) for k in data))
    else:
        raise OptimizerError("minibatch_sgd needs an Objective or its text (its parameters are the data columns)")
    wanted = [p.name for p in o.params]
    given = {str(k): v for k, v in data.items()}
    if sorted(given) != sorted(wanted):
        raise ParameterError(f"data must give exactly the objective's parameters {wanted}, got {sorted(given)}")
    columns = []
    for name in wanted:
        try:
            col = np.asarray(given[name], dtype=float).reshape(-1)
        except (TypeError, ValueError):
            raise ParameterError(f"data column {name} must be numeric") from None
        columns.append(col)
    m = columns[0].size
    if m == 0 or any(c.size != m for c in columns):
        raise ParameterError("data columns must be non-empty and of equal length")
    full = CompiledObjective(o, tuple(columns))  # data columns broadcast as kernel arguments

    def over(fc, X, count, which):
        Xb = np.broadcast_to(X[..., None, :], X.shape[:-1] + (count, X.shape[-1]))
        return getattr(fc, which)(Xb).mean(axis=-2 if which == "grad" else -1)

    def batch_grad(idx, X):
        return over(CompiledObjective(o, tuple(c[idx] for c in columns)), X, idx.size, "grad")

    return (m, batch_grad, lambda X: over(full, X, m, "value"), lambda X: over(full, X, m, "grad"), o)


def _terms_problem(obj, params):
    """(m, batch_grad, full_value, full_grad, objective) for an objective read as a sum of terms."""
    import sympy as sp


    if isinstance(obj, CompiledObjective):
        raise OptimizerError("minibatch_sgd over terms needs the Objective or its text, not a compiled objective")
    full = as_compiled(obj, params)
    o = full.objective
    values = dict(zip(o.params, full.param_values))
    terms = sp.Add.make_args(o.expr)
    # a bare symbol is passed by name (SymPy's Symbol is also a Boolean, which Objective refuses)
    compiled = [Objective(t.name if isinstance(t, sp.Symbol) else t, variables=o.variables, params=o.params)
                .compile(**{p.name: v for p, v in values.items()}) for t in terms]
    m = len(compiled)

    def batch_grad(idx, X):
        total = compiled[int(idx[0])].grad(X)
        for i in idx[1:]:
            total = total + compiled[int(i)].grad(X)
        return total * (m / idx.size)

    return m, batch_grad, full.value, full.grad, o


@_doc
def newton(obj, x0, lr=1.0, steps=10, *, hessian_fix="none", shift=0.0, min_curvature=1e-8, params=None,
           tol=None, diverge_at=1e12, record=True, form="text", progress=None) -> Trace:
    """Newton's method, damped by ``eta``: ``x_{k+1} = x_k - eta H_k^{-1} grad f(x_k)``.

    ``hessian_fix`` makes the step a descent step on nonconvex objectives:
    ``"abs"`` replaces ``H = Q Lambda Q^T`` by ``Q |Lambda| Q^T`` (eigenvalues
    floored at ``min_curvature``; in 1-D ``|f''|``), ``"levenberg"`` uses
    ``H + shift I``.  A singular Hessian makes the step undefined: that member
    ends ``"diverged"``.

    >>> newton("x*cos(c*x)", x0=[10], params={"c": 0.15 * math.pi}).epoch_line()
    'epoch 10, x: 26.83413291324767'
    """
    if hessian_fix not in ("none", "abs", "levenberg"):
        raise OptimizerError(f"hessian_fix must be 'none', 'abs' or 'levenberg', got {hessian_fix!r}")
    shift_v = hyper_array("shift", shift, low=0.0)
    s = _Setup(obj, x0, lr, steps, params, form, "newton", {"shift": shift_v})
    mc = float(hyper_array("min_curvature", min_curvature, low=0.0, low_open=True))
    sh = s.h["shift"]
    if isinstance(sh, np.ndarray):
        sh = sh[..., 0]
    return s.run(newton_rule(hessian_fix, sh, mc), form, tol, diverge_at, record, progress)


@_doc
def preconditioned(obj, x0, lr=1.0, steps=20, *, absolute=False, params=None, tol=None, diverge_at=1e12,
                   record=True, form="text", progress=None) -> Trace:
    """Diagonal preconditioning: ``x_{k+1} = x_k - eta diag(H_k)^{-1} grad f(x_k)``.

    ``absolute=True`` uses ``|diag(H_k)|`` (the texts' exercise 11.3.4).
    """
    s = _Setup(obj, x0, lr, steps, params, form, "preconditioned", {})
    return s.run(diag_rule(bool(absolute)), form, tol, diverge_at, record, progress)


@_doc
def line_search(obj, x0, lr=1.0, steps=20, *, search="bisection", iters=50, c=1e-4, shrink=0.5, expand=60,
                params=None, tol=None, diverge_at=1e12, record=True, form="text", progress=None) -> Trace:
    """Gradient descent with a line search along ``-grad f``; ``lrs`` records the chosen steps.

    ``search="bisection"`` (exact: bisection on ``d/d eta f(x - eta g)``),
    ``"golden"`` (exact for unimodal ``eta -> f(x - eta g)``: golden section)
    or ``"armijo"`` (backtracking from ``lr`` by ``shrink`` until
    ``f(x - eta g) <= f(x) - c eta ||g||^2``, at most ``iters`` times).

    >>> tr = line_search("x1**2 + 2*x2**2", x0=[-5, -2], steps=30, search="bisection")
    >>> bool(abs(tr.x).max() < 1e-8)
    True
    """
    if search not in ("bisection", "golden", "armijo"):
        raise OptimizerError(f"search must be 'bisection', 'golden' or 'armijo', got {search!r}")
    for name, v in (("iters", iters), ("expand", expand)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise OptimizerError(f"{name} must be a positive integer, got {v!r}")
    c = float(hyper_array("c", c, low=0.0, high=1.0, low_open=True))
    shrink = float(hyper_array("shrink", shrink, low=0.0, high=1.0, low_open=True))
    s = _Setup(obj, x0, lr, steps, params, form, "line_search", {})
    return s.run(line_search_rule(search, int(iters), c, shrink, int(expand)), form, tol, diverge_at, record, progress)


@_doc
def momentum(obj, x0, lr=0.6, beta=0.5, steps=20, *, params=None, tol=None, diverge_at=1e12, record=True,
             form="text", progress=None) -> Trace:
    """Momentum (heavy ball): ``v_k = beta v_{k-1} + grad f(x_{k-1})``, ``x_k = x_{k-1} - eta v_k``, ``v_0 = 0``.

    This is also exactly ``torch.optim.SGD(momentum=beta)`` (dampening 0).

    >>> momentum("0.1*x1**2 + 2*x2**2", x0=[-5, -2], lr=0.6, beta=0.25).epoch_line()
    'epoch 20, x1 -0.126340, x2 -0.186632'
    """
    s = _Setup(obj, x0, lr, steps, params, form, "momentum", {"beta": _beta("beta", beta)})
    return s.run(momentum_rule(s.h["beta"]), form, tol, diverge_at, record, progress)


@_doc
def nesterov(obj, x0, lr=0.1, beta=0.9, steps=20, *, params=None, tol=None, diverge_at=1e12, record=True,
             form="text", progress=None) -> Trace:
    """Nesterov momentum.

    text form (look-ahead): ``v_k = beta v_{k-1} + grad f(x_{k-1} - eta beta v_{k-1})``,
    ``x_k = x_{k-1} - eta v_k``;
    torch form (``SGD(nesterov=True)``): ``b_k = beta b_{k-1} + g_k``,
    ``x_k = x_{k-1} - eta (g_k + beta b_k)``.
    """
    s = _Setup(obj, x0, lr, steps, params, form, "nesterov", {"beta": _beta("beta", beta)})
    return s.run(nesterov_rule(s.h["beta"], form), form, tol, diverge_at, record, progress)


@_doc
def adagrad(obj, x0, lr=0.4, steps=20, *, eps=None, lr_decay=0.0, params=None, tol=None, diverge_at=1e12,
            record=True, form="text", progress=None) -> Trace:
    """Adagrad: ``s_k = s_{k-1} + g_k^2`` (``s_0 = 0``), then

    text:  ``x_k = x_{k-1} - eta / sqrt(s_k + eps) * g_k`` (eps inside the root, default 1e-6);
    torch: ``x_k = x_{k-1} - eta_k g_k / (sqrt(s_k) + eps)`` (eps outside, default 1e-10),
    ``eta_k = eta / (1 + (k-1) lr_decay)``.

    >>> adagrad("0.1*x1**2 + 2*x2**2", x0=[-5, -2], lr=0.4).epoch_line()
    'epoch 20, x1 -2.382563, x2 -0.158591'
    """
    eps = _eps((1e-10 if form == "torch" else 1e-6) if eps is None else eps)
    decay = hyper_array("lr_decay", lr_decay, low=0.0)
    if form != "torch" and np.any(np.asarray(decay) != 0):
        raise OptimizerError("lr_decay is torch's Adagrad option; use form='torch' or a schedule for lr")
    s = _Setup(obj, x0, lr, steps, params, form, "adagrad", {"eps": eps, "lr_decay": decay})
    return s.run(adagrad_rule(s.h["eps"], form, s.h["lr_decay"]), form, tol, diverge_at, record, progress)


@_doc
def rmsprop(obj, x0, lr=0.4, gamma=None, steps=20, *, eps=None, params=None, tol=None, diverge_at=1e12,
            record=True, form="text", progress=None) -> Trace:
    """RMSProp: ``s_k = gamma s_{k-1} + (1 - gamma) g_k^2`` (``s_0 = 0``), then

    text:  ``x_k = x_{k-1} - eta / sqrt(s_k + eps) * g_k`` (gamma 0.9, eps 1e-6 inside the root);
    torch: ``x_k = x_{k-1} - eta g_k / (sqrt(s_k) + eps)`` (``alpha`` = gamma 0.99, eps 1e-8 outside;
    torch's ``centered`` and ``momentum`` options are not implemented).

    >>> rmsprop("0.1*x1**2 + 2*x2**2", x0=[-5, -2], lr=0.4, gamma=0.9).epoch_line()
    'epoch 20, x1 -0.010599, x2 0.000000'
    """
    torch_form = form == "torch"
    gamma = _beta("gamma", (0.99 if torch_form else 0.9) if gamma is None else gamma)
    eps = _eps((1e-8 if torch_form else 1e-6) if eps is None else eps)
    s = _Setup(obj, x0, lr, steps, params, form, "rmsprop", {"gamma": gamma, "eps": eps})
    return s.run(rmsprop_rule(s.h["gamma"], s.h["eps"], form), form, tol, diverge_at, record, progress)


@_doc
def adadelta(obj, x0, lr=1.0, rho=0.9, steps=20, *, eps=None, params=None, tol=None, diverge_at=1e12,
             record=True, form="text", progress=None) -> Trace:
    """Adadelta (``s_0 = d_0 = 0``):

    ``s_k = rho s_{k-1} + (1 - rho) g_k^2``,
    ``g'_k = sqrt(d_{k-1} + eps) / sqrt(s_k + eps) * g_k`` (eps inside both roots),
    ``x_k = x_{k-1} - eta g'_k``,
    ``d_k = rho d_{k-1} + (1 - rho) g'_k^2``.

    The texts' eps is 1e-5 and they have no ``eta`` (``eta = 1``); torch's eps is
    1e-6.  (The texts' equation 11.9.1 writes ``x_k^2`` in the last line; their
    code, and this, use ``g'_k^2``.)
    """
    eps = _eps((1e-6 if form == "torch" else 1e-5) if eps is None else eps)
    s = _Setup(obj, x0, lr, steps, params, form, "adadelta", {"rho": _beta("rho", rho), "eps": eps})
    return s.run(adadelta_rule(s.h["rho"], s.h["eps"]), form, tol, diverge_at, record, progress)


@_doc
def adam(obj, x0, lr=0.01, beta1=0.9, beta2=0.999, steps=20, *, eps=None, params=None, tol=None,
         diverge_at=1e12, record=True, form="text", progress=None) -> Trace:
    """Adam with bias correction (``v_0 = s_0 = 0``, step counter ``k = 1, 2, ...``):

    ``v_k = b1 v_{k-1} + (1 - b1) g_k``, ``s_k = b2 s_{k-1} + (1 - b2) g_k^2``,
    ``x_k = x_{k-1} - eta v_hat / (sqrt(s_hat) + eps)``, ``v_hat = v_k / (1 - b1^k)``,
    ``s_hat = s_k / (1 - b2^k)`` (eps outside the root: 1e-6 in the texts, 1e-8 in torch;
    torch's ``amsgrad`` and ``weight_decay`` options are not implemented).
    """
    eps = _eps((1e-8 if form == "torch" else 1e-6) if eps is None else eps)
    s = _Setup(obj, x0, lr, steps, params, form, "adam",
               {"beta1": _beta("beta1", beta1), "beta2": _beta("beta2", beta2), "eps": eps})
    return s.run(adam_rule(s.h["beta1"], s.h["beta2"], s.h["eps"], form), form, tol, diverge_at, record, progress)


@_doc
def yogi(obj, x0, lr=0.01, beta1=0.9, beta2=0.999, steps=20, *, eps=1e-3, params=None, tol=None,
         diverge_at=1e12, record=True, form="text", progress=None) -> Trace:
    """Yogi: Adam with ``s_k = s_{k-1} + (1 - b2) sgn(g_k^2 - s_{k-1}) g_k^2`` (the texts' code, eps 1e-3).

    No torch.optim counterpart exists, so ``form="torch"`` is refused.
    """
    s = _Setup(obj, x0, lr, steps, params, form, "yogi",
               {"beta1": _beta("beta1", beta1), "beta2": _beta("beta2", beta2), "eps": _eps(eps)})
    return s.run(yogi_rule(s.h["beta1"], s.h["beta2"], s.h["eps"]), form, tol, diverge_at, record, progress)


@_doc
def projected_gd(obj, x0, projection: Callable[[np.ndarray], np.ndarray], lr=0.1, steps=20, *, params=None,
                 tol=None, diverge_at=1e12, record=True, form="text", progress=None) -> Trace:
    """Projected gradient descent: ``x_{k+1} = P(x_k - eta grad f(x_k))``.

    ``projection`` maps points of shape ``(..., n)`` to the feasible set (e.g.
    ``lambda X: symopt.projections.l2_ball(X, 1)`` or ``lambda X: np.clip(X, 0, 1)``).
    ``tol`` tests the gradient norm, which need not vanish at a constrained
    optimum: leave it ``None`` or use the step length instead.
    """
    if not callable(projection):
        raise OptimizerError("projection must be a callable mapping points (..., n) to points (..., n)")
    s = _Setup(obj, x0, lr, steps, params, form, "projected_gd", {})
    return s.run(projected_rule(projection), form, tol, diverge_at, record, progress)


METHODS: dict[str, Callable[..., Trace]] = {
    "gd": gd,
    "sgd": sgd,
    "newton": newton,
    "preconditioned": preconditioned,
    "line_search": line_search,
    "momentum": momentum,
    "nesterov": nesterov,
    "adagrad": adagrad,
    "rmsprop": rmsprop,
    "adadelta": adadelta,
    "adam": adam,
    "yogi": yogi,
}


def minimize(obj, x0, method: str = "gd", **kw: Any) -> Trace:
    """Run ``method`` (a name in :data:`METHODS`) with the method's keywords.

    >>> minimize("x**2", [10], method="gd", lr=0.2, steps=10).epoch_line()
    'epoch 10, x: 0.06046617599999997'

    Raises:
        OptimizerError: an unknown method or a keyword the method does not take.
    """
    fn = METHODS.get(method)
    if fn is None:
        raise OptimizerError(f"unknown method {method!r}; available: {', '.join(METHODS)}")
    import inspect

    accepted = set(inspect.signature(fn).parameters)
    extra = sorted(set(kw) - accepted)
    if extra:
        raise OptimizerError(f"{method} does not take {', '.join(extra)}")
    return fn(obj, x0, **kw)
