"""Learning-rate schedules: plain callables ``t -> eta`` (``t = 0, 1, 2, ...`` the step index).

Each schedule is a small frozen object; calling it with an int gives a float,
with an integer array gives an array.  They compose: ``2 * s``, ``s * q``
(product), ``warmup(s, 5)`` and ``sequence([(s1, 10), (s2, None)])``.  Any of
them can be passed as ``lr=`` to :mod:`symopt.optimizers`.

The texts' schedules (D2L 11.4.2, 11.11):

* piecewise constant ``eta_i`` for ``t_i <= t < t_{i+1}``
* exponential ``eta_0 e^{-lambda t}``
* polynomial ``eta_0 (beta t + 1)^{-alpha}``
* square root ``eta_0 (t + 1)^{-1/2}``
* factor ``max(eta_min, eta_0 alpha^{t+1})`` (the text's ``FactorScheduler``,
  whose call multiplies before it returns)
* multi-factor ``eta_0 alpha^{#{s in steps : t > s}}`` (MXNet's ``MultiFactorScheduler``)
* cosine with warm-up (MXNet's ``CosineScheduler``): linear from
  ``warmup_begin_lr`` to ``eta_0`` over ``warmup_steps``, then
  ``eta_T + (eta_0 - eta_T) (1 + cos(pi (t - w) / (T - w))) / 2`` up to ``T``, then ``eta_T``.

>>> from symopt import schedules
>>> s = schedules.factor(base_lr=2.0, factor=0.9, stop_factor_lr=1e-2)
>>> [round(s(t), 4) for t in range(3)]
[1.8, 1.62, 1.458]
>>> schedules.multi_factor([15, 30], factor=0.5, base_lr=0.5)(16)
0.25
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from .errors import OptimizerError

__all__ = [
    "Schedule", "constant", "piecewise_constant", "exponential", "polynomial", "sqrt", "factor",
    "multi_factor", "cosine", "warmup", "sequence", "as_schedule",
]


def _t(t: Any) -> tuple[np.ndarray, bool]:
    a = np.asarray(t, dtype=float)
    if np.any(a < 0) or not np.all(np.isfinite(a)):
        raise OptimizerError(f"schedule steps must be finite and >= 0, got {t!r}")
    return a, a.ndim == 0


def _out(v: np.ndarray, scalar: bool) -> Any:
    return float(v) if scalar else v


def _num(name: str, v: Any, low: float | None = 0.0, positive: bool = False) -> float:
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise OptimizerError(f"{name} must be a number, got {v!r}") from None
    if not math.isfinite(x):
        raise OptimizerError(f"{name} must be finite, got {v!r}")
    if low is not None and (x <= low if positive else x < low):
        raise OptimizerError(f"{name} must be {'>' if positive else '>='} {low:g}, got {v!r}")
    return x


class Schedule:
    """Base class: a callable ``t -> eta`` that composes with ``*``."""

    def __call__(self, t: Any) -> Any:  # pragma: no cover - overridden
        raise TypeError("Schedule is abstract")

    def values(self, steps: int) -> np.ndarray:
        """``[eta(0), ..., eta(steps - 1)]``."""
        return np.asarray(self(np.arange(int(steps))), dtype=float) * np.ones(int(steps))

    def __mul__(self, other: Any) -> "Schedule":
        return _Product(self, as_schedule(other))

    __rmul__ = __mul__


@dataclass(frozen=True)
class _Product(Schedule):
    a: Schedule
    b: Schedule

    def __call__(self, t: Any) -> Any:
        return self.a(t) * self.b(t)


@dataclass(frozen=True)
class _Callable(Schedule):
    fn: Callable[[Any], Any]

    def __call__(self, t: Any) -> Any:
        a, scalar = _t(t)
        if scalar:
            return float(self.fn(int(a)))
        return np.array([float(self.fn(int(v))) for v in a.ravel()]).reshape(a.shape)


def as_schedule(s: Any) -> Schedule:
    """A number (constant), a Schedule, or any callable ``t -> eta`` as a Schedule."""
    if isinstance(s, Schedule):
        return s
    if callable(s):
        return _Callable(s)
    return constant(s)


@dataclass(frozen=True)
class constant(Schedule):
    """``eta(t) = lr``."""

    lr: float

    def __post_init__(self):
        object.__setattr__(self, "lr", _num("lr", self.lr))

    def __call__(self, t: Any) -> Any:
        a, scalar = _t(t)
        return _out(np.full(a.shape, self.lr), scalar)


@dataclass(frozen=True)
class piecewise_constant(Schedule):
    """``eta(t) = values[i]`` for ``boundaries[i-1] <= t < boundaries[i]`` (``len(values) = len(boundaries) + 1``).

    >>> piecewise_constant([10, 20], [1.0, 0.1, 0.01])(np.array([0, 9, 10, 25])).tolist()
    [1.0, 1.0, 0.1, 0.01]
    """

    boundaries: Sequence[float]
    values_: Sequence[float]

    def __post_init__(self):
        b = tuple(_num("boundary", v) for v in self.boundaries)
        v = tuple(_num("value", x) for x in self.values_)
        if len(v) != len(b) + 1:
            raise OptimizerError(f"piecewise_constant needs len(values) = len(boundaries) + 1, got {len(v)} and {len(b)}")
        if any(b2 <= b1 for b1, b2 in zip(b, b[1:])):
            raise OptimizerError("boundaries must be increasing")
        object.__setattr__(self, "boundaries", b)
        object.__setattr__(self, "values_", v)

    def __call__(self, t: Any) -> Any:
        a, scalar = _t(t)
        idx = np.searchsorted(np.asarray(self.boundaries), a, side="right")
        return _out(np.asarray(self.values_)[idx], scalar)


@dataclass(frozen=True)
class exponential(Schedule):
    """``eta(t) = lr exp(-rate t)``."""

    lr: float
    rate: float = 0.1

    def __post_init__(self):
        object.__setattr__(self, "lr", _num("lr", self.lr))
        object.__setattr__(self, "rate", _num("rate", self.rate, low=None))

    def __call__(self, t: Any) -> Any:
        a, scalar = _t(t)
        return _out(self.lr * np.exp(-self.rate * a), scalar)


@dataclass(frozen=True)
class polynomial(Schedule):
    """``eta(t) = lr (beta t + 1)^(-alpha)``."""

    lr: float
    alpha: float = 0.5
    beta: float = 1.0

    def __post_init__(self):
        for name in ("lr", "alpha", "beta"):
            object.__setattr__(self, name, _num(name, getattr(self, name)))

    def __call__(self, t: Any) -> Any:
        a, scalar = _t(t)
        return _out(self.lr * (self.beta * a + 1.0) ** (-self.alpha), scalar)


def sqrt(lr: float = 0.1) -> polynomial:
    """``eta(t) = lr (t + 1)^(-1/2)`` (the text's ``SquareRootScheduler``)."""
    return polynomial(lr, alpha=0.5, beta=1.0)


@dataclass(frozen=True)
class factor(Schedule):
    """``eta(t) = max(stop_factor_lr, base_lr factor^(t+1))``.

    The text's ``FactorScheduler`` multiplies its rate and then returns it, so
    its first call (``t = 0``) already gives ``base_lr * factor``; this is that
    sequence as a pure function of ``t``.
    """

    factor: float = 1.0
    stop_factor_lr: float = 1e-7
    base_lr: float = 0.1

    def __post_init__(self):
        f = _num("factor", self.factor)
        if f > 1:
            raise OptimizerError(f"factor must be in [0, 1], got {f}")
        object.__setattr__(self, "factor", f)
        object.__setattr__(self, "stop_factor_lr", _num("stop_factor_lr", self.stop_factor_lr))
        object.__setattr__(self, "base_lr", _num("base_lr", self.base_lr))

    def __call__(self, t: Any) -> Any:
        a, scalar = _t(t)
        return _out(np.maximum(self.stop_factor_lr, self.base_lr * self.factor ** (a + 1)), scalar)


@dataclass(frozen=True)
class multi_factor(Schedule):
    """``eta(t) = base_lr factor^k`` with ``k`` the number of ``steps`` strictly below ``t``."""

    steps: Sequence[int]
    factor: float = 1.0
    base_lr: float = 0.01

    def __post_init__(self):
        s = tuple(_num("step", v) for v in self.steps)
        if any(b <= a for a, b in zip(s, s[1:])):
            raise OptimizerError("multi_factor steps must be increasing")
        object.__setattr__(self, "steps", s)
        object.__setattr__(self, "factor", _num("factor", self.factor))
        object.__setattr__(self, "base_lr", _num("base_lr", self.base_lr))

    def __call__(self, t: Any) -> Any:
        a, scalar = _t(t)
        k = np.searchsorted(np.asarray(self.steps), a, side="left")
        return _out(self.base_lr * self.factor ** k, scalar)


@dataclass(frozen=True)
class cosine(Schedule):
    """Cosine decay from ``base_lr`` to ``final_lr`` at ``max_update``, with optional linear warm-up.

    >>> s = cosine(40, base_lr=0.5, final_lr=0.01)
    >>> s(0), s(40), s(100)
    (0.5, 0.01, 0.01)
    """

    max_update: int
    base_lr: float = 0.01
    final_lr: float = 0.0
    warmup_steps: int = 0
    warmup_begin_lr: float = 0.0

    def __post_init__(self):
        for name in ("max_update", "base_lr", "final_lr", "warmup_steps", "warmup_begin_lr"):
            object.__setattr__(self, name, _num(name, getattr(self, name)))
        if self.warmup_steps >= self.max_update and self.max_update > 0:
            raise OptimizerError("warmup_steps must be below max_update")

    def __call__(self, t: Any) -> Any:
        a, scalar = _t(t)
        w, T = self.warmup_steps, self.max_update
        ramp = self.warmup_begin_lr + (self.base_lr - self.warmup_begin_lr) * a / (w if w else 1.0)
        span = max(T - w, 1e-300)
        cos = self.final_lr + (self.base_lr - self.final_lr) * (1 + np.cos(math.pi * (np.minimum(a, T) - w) / span)) / 2
        out = np.where(a < w, ramp, np.where(a <= T, cos, self.final_lr))
        return _out(out, scalar)


@dataclass(frozen=True)
class warmup(Schedule):
    """Linear warm-up from ``begin_lr`` to ``schedule(0)`` over ``steps``, then ``schedule(t - steps)``."""

    schedule: Any
    steps: int
    begin_lr: float = 0.0

    def __post_init__(self):
        object.__setattr__(self, "schedule", as_schedule(self.schedule))
        object.__setattr__(self, "steps", _num("steps", self.steps))
        object.__setattr__(self, "begin_lr", _num("begin_lr", self.begin_lr))

    def __call__(self, t: Any) -> Any:
        a, scalar = _t(t)
        w = self.steps
        top = self.schedule(0)
        after = np.asarray(self.schedule(np.maximum(a - w, 0)), dtype=float)
        ramp = self.begin_lr + (top - self.begin_lr) * a / (w if w else 1.0)
        return _out(np.where(a < w, ramp, after), scalar)


@dataclass(frozen=True)
class sequence(Schedule):
    """Schedules one after another: ``[(s1, n1), (s2, n2), ..., (sk, None)]``; each restarts at ``t = 0``."""

    parts: Sequence[tuple[Any, Any]]

    def __post_init__(self):
        parts = []
        for i, (s, n) in enumerate(self.parts):
            if n is None and i != len(self.parts) - 1:
                raise OptimizerError("only the last part of a sequence may be open-ended (None)")
            parts.append((as_schedule(s), None if n is None else _num("length", n)))
        if not parts:
            raise OptimizerError("sequence needs at least one part")
        object.__setattr__(self, "parts", tuple(parts))

    def __call__(self, t: Any) -> Any:
        a, scalar = _t(t)
        out = np.zeros(a.shape)
        start = 0.0
        filled = np.zeros(a.shape, dtype=bool)
        for s, n in self.parts:
            end = math.inf if n is None else start + n
            mask = (a >= start) & (a < end) & ~filled
            if mask.any():
                out[mask] = np.asarray(s(a[mask] - start), dtype=float)
                filled |= mask
            start = end
        if not filled.all():
            last, n = self.parts[-1]
            out[~filled] = np.asarray(last(np.full((~filled).sum(), n if n else 0.0)), dtype=float)
        return _out(out, scalar)
