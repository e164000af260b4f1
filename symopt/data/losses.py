"""The named ML losses: per-sample ``phi(z, y)`` with curvature, monotonicity and curvature bounds.

Each loss is a scalar function of the linear prediction ``z = x_i^T w`` of
one sample and its label ``y`` (a vector ``z = W^T x_i`` and a one-hot row
``y`` for the softmax cross-entropy).  A :class:`Loss` declares

* its definition as a SymPy expression (the derivatives shown and checked are
  derived from it by :func:`sympy.diff`, never typed in);
* its curvature in ``z`` for every label (``"convex"``: the DCP rule of
  CVXPY's atoms, so ``phi(X w, y)`` is convex in ``w`` for every data set);
* ``sup_z phi''(z, y)`` and ``inf_z phi''(z, y)`` as functions of the label
  (``None`` where unbounded), with where the supremum is attained;
* vectorised, overflow-free NumPy kernels for ``phi``, ``phi'``, ``phi''``
  (tests compare them with the SymPy derivatives);
* text and LaTeX templates of ``phi'`` and ``phi''`` for the matrix-form
  gradient and Hessian (tests check them against the SymPy derivatives).

Conventions (the texts' ones; references in each docstring line):

=============  =====================================  =========================
name           phi(z, y)                              sup_z phi''
=============  =====================================  =========================
logistic       log(1 + exp(-y z))   (y in {-1, 1})    y^2/4  at z = 0
bce            log(1 + exp(z)) - y z (y in {0, 1})    1/4    at z = 0
hinge          max(0, 1 - y z)                        not differentiable
sqhinge        max(0, 1 - y z)^2                      2 y^2  for y z < 1
huber          r^2/2 (|r| <= delta), delta(|r| - delta/2), r = z - y   1 for |r| < delta
squares        (z - y)^2                              2 everywhere
poisson        exp(z) - y z                           unbounded
softmax_ce     logsumexp(z) - y^T z  (one-hot y)      1/2 (Boehning 1992)
=============  =====================================  =========================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import sympy as sp

from ..errors import UnsupportedError

__all__ = ["Loss", "LOSSES", "loss", "sigmoid", "Z", "Y"]

Z = sp.Symbol("z", real=True)
Y = sp.Symbol("y", real=True)
_T = sp.Symbol("t", real=True)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function ``1/(1 + exp(-z))`` without overflow: ``(1 + tanh(z/2))/2``."""
    return 0.5 + 0.5 * np.tanh(0.5 * z)


@dataclass(frozen=True)
class Loss:
    """A named per-sample loss ``phi(z, y)``.

    Attributes:
        name: the name used in text (``"logistic"``, ...).
        kind: ``"margin"`` (a function of ``y z``), ``"residual"`` (of ``z - y``),
            ``"glm"`` (of ``z`` and ``y``) or ``"multiclass"`` (``z``, ``y`` rows).
        expr: ``phi`` as a SymPy expression in :data:`Z` and :data:`Y` (for
            ``"multiclass"``: the ``k = 3`` instance in ``z0, z1, z2``, ``y0, y1, y2``).
        curvature: ``"convex"`` for every label value.
        smooth: whether ``phi`` has a Lipschitz derivative in ``z``.
        sup_curvature: ``y -> sup_z phi''(z, y)`` (SymPy), or ``None`` when unbounded.
        inf_curvature: ``y -> inf_z phi''(z, y)``.
        attained: where the supremum of ``phi''`` is reached, in words.
        source: where the loss and its constant are stated in the literature.
        d1_text, d2_text, d1_latex, d2_latex: templates of ``phi'`` and ``phi''``
            with ``{z}`` and ``{y}``.
        value, d1, d2: NumPy kernels ``(z, y) -> array`` (elementwise).
        params: extra scalar parameters (``("delta",)`` for Huber).
        monotonicity: in the loss's own variable (the margin ``t = y z`` for
            margin losses, ``z`` otherwise, with ``y = 0``): ``"nonincreasing"``,
            ``"nondecreasing"`` or ``"none"`` (CVXPY's atom monotonicity).
    """

    name: str
    kind: str
    expr: sp.Expr
    curvature: str
    smooth: bool
    sup_curvature: Callable[[sp.Expr], sp.Expr] | None
    inf_curvature: Callable[[sp.Expr], sp.Expr]
    attained: str
    source: str
    d1_text: str
    d2_text: str
    d1_latex: str
    d2_latex: str
    value: Callable[..., np.ndarray] = field(repr=False)
    d1: Callable[..., np.ndarray] = field(repr=False)
    d2: Callable[..., np.ndarray] | None = field(repr=False)
    params: tuple[str, ...] = ()
    monotonicity: str = "none"

    def __repr__(self) -> str:
        return f"Loss({self.name}: {self.expr}, {self.curvature})"

    def phi(self, delta: Any = 1) -> sp.Expr:
        """``phi(z, y)`` with its parameters substituted (Huber's ``delta``)."""
        return self.expr.subs(sp.Symbol("delta", positive=True), delta) if self.params else self.expr


def _logistic_value(z, y):
    return np.logaddexp(0.0, -y * z)


def _huber_value(z, y, delta=1.0):
    r = z - y
    a = np.abs(r)
    return np.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta))


_DELTA = sp.Symbol("delta", positive=True)

LOSSES: dict[str, Loss] = {}


def _add(loss_: Loss, *aliases: str) -> None:
    LOSSES[loss_.name] = loss_
    for a in aliases:
        LOSSES[a] = loss_


_add(Loss(
    "logistic", "margin", sp.log(1 + sp.exp(-Y * Z)), "convex", True,
    lambda y: y ** 2 / 4, lambda y: sp.Integer(0), "at z = 0 (the margin y z = 0)",
    "Bubeck, Convex Optimization: Algorithms and Complexity (2015), Sec. 3.2: L = lambda_max(X^T X)/(4n)",
    "-{y} * sigmoid(-{y} * {z})", "{y}^2 * sigmoid({y} * {z}) * sigmoid(-{y} * {z})",
    r"-{y} \odot \sigma(-{y} \odot {z})", r"{y}^{{2}} \odot \sigma({y} \odot {z}) \odot \sigma(-{y} \odot {z})",
    _logistic_value, lambda z, y: -y * sigmoid(-y * z), lambda z, y: y * y * sigmoid(y * z) * sigmoid(-y * z),
    monotonicity="nonincreasing",
))
_add(Loss(
    "bce", "glm", sp.log(1 + sp.exp(Z)) - Y * Z, "convex", True,
    lambda y: sp.Rational(1, 4), lambda y: sp.Integer(0), "at z = 0",
    "Hastie, Tibshirani, Friedman, Elements of Statistical Learning (2009), eq. (4.21)-(4.24): "
    "gradient X^T (p - y), Hessian X^T W X with W = diag(p (1 - p))",
    "sigmoid({z}) - {y}", "sigmoid({z}) * (1 - sigmoid({z}))",
    r"\sigma({z}) - {y}", r"\sigma({z}) \odot (1 - \sigma({z}))",
    lambda z, y: np.logaddexp(0.0, z) - y * z, lambda z, y: sigmoid(z) - y,
    lambda z, y: sigmoid(z) * sigmoid(-z), monotonicity="nondecreasing",
), "binary_cross_entropy")
_add(Loss(
    "hinge", "margin", sp.Max(0, 1 - Y * Z), "convex", False,
    None, lambda y: sp.Integer(0), "not differentiable at y z = 1",
    "Shalev-Shwartz and Ben-David, Understanding Machine Learning (2014), Sec. 15.2.3",
    "-{y} * [{y} * {z} < 1]", "0",
    r"-{y} \odot [{y} \odot {z} < 1]", r"0",
    lambda z, y: np.maximum(0.0, 1.0 - y * z), lambda z, y: np.where(y * z < 1, -y, 0.0) * np.ones_like(z), None,
    monotonicity="nonincreasing",
))
_add(Loss(
    "sqhinge", "margin", sp.Max(0, 1 - Y * Z) ** 2, "convex", True,
    lambda y: 2 * y ** 2, lambda y: sp.Integer(0), "on y z < 1 (every sample active at w = 0)",
    "Chang, Hsieh, Lin, Coordinate descent method for large-scale L2-loss linear SVMs, JMLR 9 (2008), Sec. 2",
    "-2 {y} * max(0, 1 - {y} * {z})", "2 {y}^2 * [{y} * {z} < 1]",
    r"-2 {y} \odot \max(0, 1 - {y} \odot {z})", r"2 {y}^{{2}} \odot [{y} \odot {z} < 1]",
    lambda z, y: np.maximum(0.0, 1.0 - y * z) ** 2, lambda z, y: -2.0 * y * np.maximum(0.0, 1.0 - y * z),
    lambda z, y: np.where(y * z < 1, 2.0 * y * y, 0.0), monotonicity="nonincreasing",
), "squared_hinge")
_add(Loss(
    "huber", "residual",
    sp.Piecewise(((Z - Y) ** 2 / 2, sp.Abs(Z - Y) <= _DELTA), (_DELTA * (sp.Abs(Z - Y) - _DELTA / 2), True)),
    "convex", True, lambda y: sp.Integer(1), lambda y: sp.Integer(0), "on |z - y| < delta",
    "Huber, Robust estimation of a location parameter, Ann. Math. Statist. 35 (1964); "
    "Beck, First-Order Methods in Optimization (2017), Example 6.62 (smoothness 1 in r)",
    "clip({z} - {y}, -delta, delta)", "[|{z} - {y}| < delta]",
    r"\operatorname{{clip}}({z} - {y}, -\delta, \delta)", r"[|{z} - {y}| < \delta]",
    _huber_value, lambda z, y, delta=1.0: np.clip(z - y, -delta, delta),
    lambda z, y, delta=1.0: np.where(np.abs(z - y) < delta, 1.0, 0.0), ("delta",),
))
_add(Loss(
    "squares", "residual", (Z - Y) ** 2, "convex", True,
    lambda y: sp.Integer(2), lambda y: sp.Integer(2), "everywhere (constant Hessian)",
    "Boyd and Vandenberghe, Convex Optimization (2004), Sec. 6.1 (least squares)",
    "2 ({z} - {y})", "2", r"2 ({z} - {y})", r"2",
    lambda z, y: (z - y) ** 2, lambda z, y: 2.0 * (z - y), lambda z, y: 2.0 * np.ones_like(z * y),
), "least_squares")
_add(Loss(
    "poisson", "glm", sp.exp(Z) - Y * Z, "convex", True,
    None, lambda y: sp.Integer(0), "nowhere: phi'' = exp(z) is unbounded",
    "McCullagh and Nelder, Generalized Linear Models (1989), Sec. 6.2 (Poisson log-likelihood, log link)",
    "exp({z}) - {y}", "exp({z})", r"e^{{{z}}} - {y}", r"e^{{{z}}}",
    lambda z, y: np.exp(z) - y * z, lambda z, y: np.exp(z) - y, lambda z, y: np.exp(z) * np.ones_like(y),
    monotonicity="nondecreasing",
))
_ZS = sp.symbols("z0:3", real=True)
_YS = sp.symbols("y0:3", real=True)
_add(Loss(
    "softmax_ce", "multiclass", sp.log(sum(sp.exp(v) for v in _ZS)) - sum(a * b for a, b in zip(_YS, _ZS)),
    "convex", True, lambda y: sp.Rational(1, 2), lambda y: sp.Integer(0),
    "as a supremum (p -> (1/2, 1/2, 0, ...)); at W = 0 the curvature is 1/k",
    "Boehning, Multinomial logistic regression algorithm, Ann. Inst. Statist. Math. 44 (1992): "
    "diag(p) - p p^T <= (1/2)(I - 11^T/k), so L <= lambda_max(X^T X)/(2n)",
    "softmax({z}) - {y}", "diag(p) - p p^T, p = softmax({z}) (per row)",
    r"\operatorname{{softmax}}({z}) - {y}", r"\operatorname{{diag}}(p) - p p^\top,\ p = \operatorname{{softmax}}({z})",
    lambda z, y: _logsumexp(z) - np.sum(y * z, axis=-1), lambda z, y: _softmax(z) - y, None,
), "cross_entropy")


def _logsumexp(z: np.ndarray) -> np.ndarray:
    m = np.max(z, axis=-1, keepdims=True)
    return np.log(np.sum(np.exp(z - m), axis=-1)) + m[..., 0]


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def loss(name: str) -> Loss:
    """The named loss (``"logistic"``, ``"bce"``, ``"hinge"``, ``"sqhinge"``, ``"huber"``, ``"squares"``,
    ``"poisson"``, ``"softmax_ce"``; aliases ``"binary_cross_entropy"``, ``"squared_hinge"``,
    ``"least_squares"``, ``"cross_entropy"``).

    Raises:
        UnsupportedError: an unknown name.
    """
    try:
        return LOSSES[name]
    except KeyError:
        raise UnsupportedError(f"unknown loss {name!r}; known: {', '.join(sorted(set(LOSSES)))}") from None
