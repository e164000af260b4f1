"""Tests of symopt.schedules: each schedule against the texts' scheduler code written out here."""

from __future__ import annotations

import math

import numpy as np
import pytest

from symopt import schedules as S
from symopt.errors import OptimizerError


class _TextFactorScheduler:
    """D2L 11.11.3's FactorScheduler, verbatim (stateful)."""

    def __init__(self, factor=1, stop_factor_lr=1e-7, base_lr=0.1):
        self.factor, self.stop_factor_lr, self.base_lr = factor, stop_factor_lr, base_lr

    def __call__(self, num_update):
        self.base_lr = max(self.stop_factor_lr, self.base_lr * self.factor)
        return self.base_lr


def _mxnet_cosine(t, max_update, base_lr, final_lr, warmup_steps=0, warmup_begin_lr=0.0):
    """MXNet's CosineScheduler formula (the one the text calls), for one t."""
    if t < warmup_steps:
        return warmup_begin_lr + (base_lr - warmup_begin_lr) * t / warmup_steps
    if t <= max_update:
        return final_lr + (base_lr - final_lr) * (1 + math.cos(math.pi * (t - warmup_steps) / (max_update - warmup_steps))) / 2
    return final_lr


def test_factor_matches_the_text_class():
    text = _TextFactorScheduler(factor=0.9, stop_factor_lr=1e-2, base_lr=2.0)
    expected = [text(t) for t in range(50)]
    s = S.factor(factor=0.9, stop_factor_lr=1e-2, base_lr=2.0)
    assert np.allclose([s(t) for t in range(50)], expected, rtol=1e-12, atol=0)
    assert np.allclose(s(np.arange(50)), expected, rtol=1e-12, atol=0)


def test_square_root_matches_text():
    s = S.sqrt(1.0)
    assert all(abs(s(t) - 1.0 * pow(t + 1.0, -0.5)) < 1e-15 for t in range(40))


@pytest.mark.parametrize("warmup", [0, 5])
def test_cosine_matches_mxnet_formula(warmup):
    s = S.cosine(40, base_lr=0.5, final_lr=0.01, warmup_steps=warmup)
    for t in range(60):
        assert abs(s(t) - _mxnet_cosine(t, 40, 0.5, 0.01, warmup)) < 1e-14


def test_multi_factor_halves_after_each_step():
    s = S.multi_factor([15, 30], factor=0.5, base_lr=0.5)
    vals = s(np.arange(40))
    assert np.all(vals[:16] == 0.5) and np.all(vals[16:31] == 0.25) and np.all(vals[31:] == 0.125)


def test_exponential_polynomial_piecewise():
    t = np.arange(30)
    assert np.allclose(S.exponential(0.3, rate=0.1)(t), 0.3 * np.exp(-0.1 * t))
    assert np.allclose(S.polynomial(0.3, alpha=0.5, beta=0.1)(t), 0.3 * (0.1 * t + 1) ** -0.5)
    pc = S.piecewise_constant([10, 20], [1.0, 0.5, 0.1])
    assert pc(9) == 1.0 and pc(10) == 0.5 and pc(19) == 0.5 and pc(20) == 0.1
    assert S.constant(0.2)(7) == 0.2


def test_composition():
    s = 0.5 * S.sqrt(1.0)
    assert s(3) == 0.5 * 0.5
    prod = S.constant(2.0) * S.exponential(1.0, rate=1.0)
    assert abs(prod(1) - 2 * math.exp(-1)) < 1e-15
    w = S.warmup(S.constant(1.0), 4)
    assert [w(t) for t in range(6)] == [0.0, 0.25, 0.5, 0.75, 1.0, 1.0]
    seq = S.sequence([(0.1, 3), (S.exponential(1.0, rate=1.0), None)])
    assert seq(2) == 0.1 and seq(3) == 1.0 and abs(seq(4) - math.exp(-1)) < 1e-15
    lam = S.as_schedule(lambda t: 1.0 / (t + 1))
    assert lam(3) == 0.25 and np.allclose(lam(np.arange(3)), [1, 0.5, 1 / 3])
    assert np.allclose(S.constant(0.3).values(4), [0.3] * 4)


@pytest.mark.parametrize(
    "make",
    [
        lambda: S.constant(float("nan")),
        lambda: S.exponential(-1.0),
        lambda: S.factor(factor=1.5),
        lambda: S.piecewise_constant([1, 2], [1.0]),
        lambda: S.piecewise_constant([2, 1], [1.0, 2.0, 3.0]),
        lambda: S.multi_factor([30, 15]),
        lambda: S.cosine(10, warmup_steps=10),
        lambda: S.sequence([]),
        lambda: S.sequence([(0.1, None), (0.2, 3)]),
        lambda: S.constant(0.1)(-1),
    ],
)
def test_bad_schedules(make):
    with pytest.raises(OptimizerError):
        make()
