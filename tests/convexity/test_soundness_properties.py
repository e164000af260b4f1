"""Soundness: never 'proved' where sampling finds a negative Hessian eigenvalue; never 'refuted' without an exact witness."""

from __future__ import annotations

import numpy as np
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symopt import Objective
from symopt.convexity import convexity
from symopt.core.parse import parse_symbols

X, Y = parse_symbols("x, y")
MONOMIALS = [X, Y, X**2, Y**2, X * Y, X**3, Y**3, X**2 * Y, X * Y**2, X**4, Y**4, X**2 * Y**2]
ATOMS = [sp.exp, sp.cosh, lambda u: sp.log(1 + sp.exp(u)), lambda u: u**2, sp.cos, lambda u: u**4 - u**2, sp.atan]


def _polys():
    return st.lists(st.integers(-3, 3), min_size=len(MONOMIALS), max_size=len(MONOMIALS)).map(
        lambda cs: sum(c * m for c, m in zip(cs, MONOMIALS)) + X**2 / 10
    )


def _composed():
    affine = st.tuples(st.integers(-2, 2), st.integers(-2, 2), st.integers(-2, 2)).map(lambda t: t[0] * X + t[1] * Y + t[2])
    term = st.tuples(st.sampled_from(range(len(ATOMS))), affine, st.integers(-2, 3)).map(
        lambda t: t[2] * ATOMS[t[0]](t[1])
    )
    return st.lists(term, min_size=1, max_size=3).map(lambda ts: sum(ts) + Y**2 / 7 + X**2 / 5)


def _negative_curvature_found(expr) -> bool:
    f = Objective(expr, variables=[X, Y]).compile()
    rng = np.random.default_rng(0)
    P = rng.uniform(-3, 3, size=(400, 2))
    with np.errstate(all="ignore"):
        H = f.hess(P)
    ok = np.all(np.isfinite(H.reshape(len(P), -1)), axis=1)
    lam = np.linalg.eigvalsh(H[ok])
    scale = np.maximum(1.0, np.abs(lam).max(axis=1))
    return bool(np.any(lam[:, 0] < -1e-6 * scale))


def _check(expr):
    v = convexity(Objective(expr, variables=[X, Y]), budget=3.0)
    if v.status == "proved":
        assert not _negative_curvature_found(expr), v.explain()
    if v.status == "refuted":
        w = v.witness
        assert all(sp.sympify(c).is_Rational for c in (*w.x, *w.y)) and w.theta.is_Rational
        assert w.check() and v.check()
        # the witness gap recomputed here in exact / 50-digit arithmetic
        gap = w.gap()
        assert (gap > 0) if gap.is_Rational else (sp.N(gap, 50) > 0)
    assert v.check()


@settings(max_examples=25, deadline=None)
@given(_polys())
def test_polynomials_sound(expr):
    _check(expr)


@settings(max_examples=25, deadline=None)
@given(_composed())
def test_composed_objectives_sound(expr):
    _check(expr)
