"""The sign prover's exact univariate paths and the interval module's endpoints.

Regression (stop 20's order-dependent failure): ``interval.lower``/``upper`` rounded
an endpoint to the nearest at ``mpmath.mp.prec``; ``[1/100, 2]`` became
``[0.01, 2]`` with the double ``0.01 > 1/100``, so an enclosure over a box missed
the box's own end, and ``10 - 1/sqrt(s) >= 0`` on ``[1/100, oo)`` was "proved" by
an interval that excluded its zero.  Which way it rounded depended on the global
precision another test module had set.
"""


import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symopt.core.domain import Box, Bound
from symopt.exact import interval as ivl
from symopt.exact.signs import prove_sign

s = sp.Symbol("s", real=True)


def _box(lo, hi, lo_strict=False, hi_strict=False):
    return Box((s,), (Bound(sp.S(lo), sp.S(hi), lo_strict, hi_strict),))


@pytest.mark.parametrize("dps", [15, 40, 200])
def test_enclosures_contain_their_exact_ends_at_any_global_precision(dps):
    with mpmath.workdps(dps):
        for lo in (sp.Rational(1, 100), sp.Rational(1, 3), sp.Rational(-7, 10)):
            with ivl.precision(160):
                box = ivl.interval(lo, 2)
            a = ivl.lower(box)
            assert ivl.to_rational(a) <= lo  # exact comparison of the binary end with the rational
        r = ivl.enclose(10 - 1 / sp.sqrt(s), {s: (sp.Rational(1, 100), sp.oo)}, prec=160)
        assert ivl.lower(r) <= 0 <= ivl.upper(r)  # the true minimum 0 (at s = 1/100) is inside


@pytest.mark.parametrize("expr, lo, hi, rel, proved", [
    (10 - 1 / sp.sqrt(s), sp.Rational(1, 100), sp.oo, ">=0", True),
    (10 - 1 / (100 * s ** sp.Rational(3, 2)), sp.Rational(1, 100), sp.oo, ">=0", True),
    (10 - 1 / sp.sqrt(s), sp.Rational(1, 100), sp.oo, ">0", False),  # zero at the closed end
    (10 - 1 / sp.sqrt(s) - sp.Rational(1, 10 ** 30), sp.Rational(1, 100), sp.oo, ">=0", False),  # false
    (sp.sqrt(s) - s, 0, 1, ">=0", True),
    (sp.sqrt(s) - s, 0, 4, ">=0", False),  # false at s = 4
    (s ** sp.Rational(1, 3) - 1, 8, sp.oo, ">0", True),
    ((s ** 2 + 1) / (s - 3), 4, sp.oo, ">0", True),
    ((s ** 2 + 1) / (s - 3), 3, sp.oo, ">0", False),  # undefined at 3
])
def test_fraction_and_radical_signs(expr, lo, hi, rel, proved):
    assert (prove_sign(expr, _box(lo, hi), rel) is not None) == proved


@settings(max_examples=60, deadline=None)
@given(a=st.integers(-6, 6), b=st.integers(-6, 6), c=st.integers(1, 6), lo=st.integers(0, 9), hi=st.integers(1, 20))
def test_radical_fraction_proofs_are_sound(a, b, c, lo, hi):
    """Whatever ``a + b sqrt(s) - c s`` (or its reciprocal form) is proved ``>= 0`` on ``[lo^2/4, hi^2]``
    holds at every exact sample point (evaluated with SymPy's exact arithmetic)."""
    lo_s, hi_s = sp.Rational(lo * lo, 4), sp.Integer(hi * hi)
    if lo_s >= hi_s:
        return
    for expr in (a + b * sp.sqrt(s) - c * s, (a + b * sp.sqrt(s)) / (c + sp.sqrt(s))):
        if prove_sign(expr, _box(lo_s, hi_s), ">=0") is None:
            continue
        for k in range(33):
            u = sp.Rational(lo, 2) + (hi - sp.Rational(lo, 2)) * sp.Rational(k, 32)
            assert sp.nsimplify(expr.subs(s, u * u)) >= 0, (expr, u * u)
