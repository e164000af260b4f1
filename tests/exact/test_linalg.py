"""symopt.exact.linalg: exact LDL^T, inertia, interval PSD and bisection covers, against NumPy and by hand.

Sylvester's law of inertia (Horn & Johnson, *Matrix Analysis*, Thm 4.5.8): a congruence keeps the numbers of
positive, negative and zero eigenvalues; the counts are compared with NumPy's eigenvalues of random integer
symmetric matrices (independent floating-point computation, well separated from 0 for integer matrices).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from symopt.exact.linalg import LDLFactorization, bisect_box, covers, inertia, interval_psd, negative_direction
from symopt.core.domain import Box


def test_inertia_matches_numpy_on_random_integer_matrices():
    rng = np.random.default_rng(4)
    for k in range(120):
        n = int(rng.integers(1, 5))
        A = rng.integers(-3, 4, (n, n))
        A = A + A.T
        if k % 3 == 0:
            A[0, 0] = 0  # zero pivots force the 2x2 steps
        lam = np.linalg.eigvalsh(A.astype(float))
        want = (int((lam > 1e-9).sum()), int((lam < -1e-9).sum()), int((np.abs(lam) <= 1e-9).sum()))
        assert inertia(sp.Matrix(A)) == want, A


def test_inertia_of_a_hyperbolic_pair_and_an_undecidable_entry():
    assert inertia(sp.Matrix([[0, 1], [1, 0]])) == (1, 1, 0)
    assert inertia(sp.zeros(3, 3)) == (0, 0, 3)
    t = sp.Symbol("t")
    assert inertia(sp.Matrix([[t, 0], [0, 1]])) is None


def test_ldl_and_negative_direction_certify_each_other():
    H = sp.Matrix([[2, 1], [1, 2]])
    ev = LDLFactorization.of(H)
    assert ev.check() and ev.definite and ev.D == (2, sp.Rational(3, 2))
    bad = sp.Matrix([[1, 2], [2, 1]])
    v = negative_direction(bad)
    assert v is not None and (v.T * bad * v)[0, 0] < 0


def test_interval_psd_and_covers():
    x = sp.Symbol("x", real=True)
    H = sp.Matrix([[2 + x**2, x], [x, 2]])
    assert interval_psd(H, {x: (-1, 1)}, strict=True)
    assert not interval_psd(sp.Matrix([[x]]), {x: (-1, 1)})
    box = Box.parse("0 <= x <= 1", (x,))
    full = ((sp.S.Zero, sp.S.One),)
    left, right = bisect_box(full)
    assert covers((left, right), box) and not covers((left,), box)
