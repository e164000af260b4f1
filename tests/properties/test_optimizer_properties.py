"""Property tests of symopt.optimizers: batches equal single runs, GD on convex quadratics descends."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from symopt import optimizers as O
from symopt import schedules as S

finite = st.floats(-5, 5, allow_nan=False)
lrs = st.floats(0.0, 1.5, allow_nan=False)


@settings(deadline=None, max_examples=25)
@given(x0=st.lists(finite, min_size=2, max_size=2), lr=lrs, steps=st.integers(0, 30))
def test_single_fast_path_equals_batched_member(x0, lr, steps):
    """Polynomial gradients: only correctly rounded operations, so the float path and
    the NumPy path agree bit for bit on every CPU (see symopt.optimizers.fast)."""
    text = "x1**2 + 2*x2**2 + x1*x2/2 + x1**3/10 - x2**4/50"
    single = O.gd(text, x0, lr=lr, steps=steps)
    member = O.gd(text, np.array([x0]), lr=lr, steps=steps).member(0)
    assert single.status == member.status and single.stop == member.stop
    assert np.array_equal(single.xs, member.xs)


@settings(deadline=None, max_examples=25)
@given(x0=st.lists(finite, min_size=2, max_size=2), lr=st.floats(0.0, 0.3, allow_nan=False),
       steps=st.integers(0, 30))
def test_single_fast_path_is_within_ulps_of_batched_member_with_cos(x0, lr, steps):
    """With ``cos`` the two paths use different libm kernels (C library vs NumPy SIMD):
    the promise is agreement to rounding, not bits.  lr <= 0.3 < 2/L keeps the run
    contracting (L <= 4.5 + 1), so differences do not grow."""
    text = "x1**2 + 2*x2**2 + x1*x2/2 + cos(x1)"
    single = O.gd(text, x0, lr=lr, steps=steps)
    member = O.gd(text, np.array([x0]), lr=lr, steps=steps).member(0)
    assert single.status == member.status and single.stop == member.stop
    np.testing.assert_allclose(single.xs, member.xs, rtol=1e-12, atol=1e-12)


@settings(deadline=None, max_examples=20)
@given(a=st.floats(0.1, 10), b=st.floats(0.1, 10), c=st.floats(-0.9, 0.9), frac=st.floats(0.05, 0.95),
       x0=st.lists(finite, min_size=2, max_size=2))
def test_gd_below_2_over_L_decreases_a_convex_quadratic(a, b, c, frac, x0):
    # f = (a x^2 + 2 c sqrt(ab) x y + b y^2) / 2 is strictly convex (|c| < 1); L = largest Hessian eigenvalue
    off = c * np.sqrt(a * b)
    L = np.linalg.eigvalsh(np.array([[a, off], [off, b]])).max()
    tr = O.gd(f"({a}*x**2 + 2*{off}*x*y + {b}*y**2)/2", x0, lr=frac * 2 / L, steps=25)
    assert np.all(np.diff(tr.values) <= 1e-12 * (1 + np.abs(tr.values[:-1])))


@settings(deadline=None, max_examples=15)
@given(betas=st.lists(st.floats(0.0, 0.99), min_size=1, max_size=5), lr=st.floats(0.01, 0.5))
def test_batched_hyper_parameters_equal_single_runs(betas, lr):
    text = "0.1*x1**2 + 2*x2**2"
    batch = O.momentum(text, [-5.0, -2.0], lr=lr, beta=np.array(betas), steps=15)
    for i, beta in enumerate(betas):
        single = O.momentum(text, [-5.0, -2.0], lr=lr, beta=beta, steps=15)
        assert np.array_equal(batch.member(i).xs, single.xs)


@settings(deadline=None, max_examples=30)
@given(t=st.integers(0, 500), base=st.floats(0.001, 10), warm=st.integers(0, 20))
def test_schedules_are_positive_and_bounded(t, base, warm):
    cos = S.cosine(40 + warm, base_lr=base, final_lr=base / 100, warmup_steps=warm)
    for s in (cos, S.sqrt(base), S.factor(0.9, 1e-3, base), S.multi_factor([10, 20], 0.5, base),
              S.exponential(base, 0.1), S.polynomial(base, 0.5, 0.1)):
        v = s(t)
        assert 0 <= v <= base * (1 + 1e-12)
