"""Rigorous interval enclosures of SymPy expressions (mpmath's ``iv`` underneath).

:func:`enclose` returns an interval that contains every value the expression
takes when each variable ranges over its interval.  mpmath's interval
arithmetic rounds outwards, so the enclosure is rigorous; functions ``iv`` does
not provide (``cosh``, ``sinh``, ``tanh``, ``atan``, ``asinh``) are built from
their monotone pieces evaluated at the endpoints with rigorous ``iv.exp`` /
``iv.log`` (``atan`` from a correctly rounded point value widened by 8 ulps).

Where the expression is undefined somewhere on the box (a logarithm of an
interval that reaches 0, a square root of a negative number, a division by an
interval containing 0) :class:`Undefined` is raised: an enclosure is never
silently wrong.

    >>> import sympy as sp
    >>> from symopt.core.parse import symbol
    >>> x = symbol("x")
    >>> r = enclose(x**2 - 2*x, {x: (-1, 2)})
    >>> float(lower(r)), float(upper(r))
    (-4.0, 6.0)
"""

from __future__ import annotations

import contextlib
from typing import Any, Iterator, Mapping

import mpmath
import sympy as sp
from mpmath import iv

__all__ = ["enclose", "Undefined", "lower", "upper", "interval", "precision", "point_box"]


class Undefined(ArithmeticError):
    """The expression is undefined (or not supported) somewhere on the box."""


@contextlib.contextmanager
def precision(bits: int) -> Iterator[None]:
    """Run interval arithmetic at ``bits`` of working precision (restored on exit)."""
    saved = iv.prec
    iv.prec = max(int(bits), 53)
    try:
        yield
    finally:
        iv.prec = saved


def lower(value: Any) -> mpmath.mpf:
    """Lower endpoint of an interval as an ``mpf``."""
    return mpmath.mpf(value._mpi_[0])


def upper(value: Any) -> mpmath.mpf:
    """Upper endpoint of an interval as an ``mpf``."""
    return mpmath.mpf(value._mpi_[1])


def _num(value: Any) -> Any:
    """An interval enclosing an exact SymPy number (or an int/float/Fraction)."""
    if isinstance(value, (int,)):
        return iv.mpf(value)
    if isinstance(value, float):
        if value == float("inf"):
            return iv.mpf([mpmath.inf, mpmath.inf])
        if value == float("-inf"):
            return iv.mpf([-mpmath.inf, -mpmath.inf])
        return iv.mpf(value)
    value = sp.sympify(value)
    if value is sp.nan or value is sp.zoo or value.has(sp.nan, sp.zoo, sp.I):
        raise Undefined(f"{value} is not a real number")
    if value is sp.oo:
        return iv.mpf([mpmath.inf, mpmath.inf])
    if value is -sp.oo:
        return iv.mpf([-mpmath.inf, -mpmath.inf])
    if value.is_Integer:
        return iv.mpf(int(value))
    if value.is_Rational:
        return iv.mpf(int(value.p)) / iv.mpf(int(value.q))
    if value.is_Float:
        return iv.mpf(mpmath.mpf(value._mpf_))
    if value.free_symbols or value.is_Number:
        raise Undefined(f"{value} is not a finite real number")
    return _eval(value, {})


def interval(lo: Any, hi: Any) -> Any:
    """The interval ``[lo, hi]`` (endpoints exact numbers or +-oo), rounded outwards."""
    a = _num(lo)
    b = _num(hi)
    return iv.mpf([lower(a), upper(b)])


def point_box(point: Mapping[sp.Symbol, Any]) -> dict:
    """A box of degenerate intervals enclosing an exact point."""
    return {v: _num(c) for v, c in point.items()}


def enclose(expr: sp.Expr, box: Mapping[sp.Symbol, Any], prec: int = 53) -> Any:
    """An interval containing ``expr`` over ``box``.

    Args:
        expr: a SymPy expression in the box's variables.
        box: ``{symbol: (lo, hi)}`` with exact or infinite endpoints, or
            ``{symbol: mpmath interval}``.
        prec: working precision in bits.

    Raises:
        Undefined: the expression is undefined somewhere on the box, or uses a
            function without an interval extension.
    """
    with precision(prec):
        env = {}
        for v, rng in box.items():
            if isinstance(rng, tuple):
                env[v] = interval(*rng)
            else:
                env[v] = rng
        return _eval(sp.sympify(expr), env)


def _contains_zero(x: Any) -> bool:
    return lower(x) <= 0 <= upper(x)


def _hull(*xs: Any) -> Any:
    lo = min(lower(x) for x in xs)
    hi = max(upper(x) for x in xs)
    return iv.mpf([lo, hi])


def _point(v: mpmath.mpf) -> Any:
    return iv.mpf([v, v])


def _exp(x: Any) -> Any:
    return iv.exp(x)


def _log(x: Any) -> Any:
    if lower(x) <= 0:
        raise Undefined("log of an interval reaching 0 or below")
    return iv.log(x)


def _cosh_pt(v: mpmath.mpf) -> Any:
    if mpmath.isinf(v):
        return iv.mpf([mpmath.inf, mpmath.inf])
    p = _point(v)
    return (iv.exp(p) + iv.exp(-p)) / 2


def _sinh_pt(v: mpmath.mpf) -> Any:
    if mpmath.isinf(v):
        return iv.mpf([v, v])
    p = _point(v)
    return (iv.exp(p) - iv.exp(-p)) / 2


def _tanh_pt(v: mpmath.mpf) -> Any:
    if mpmath.isinf(v):
        s = 1 if v > 0 else -1
        return iv.mpf([s, s])
    p = _point(v)
    if v >= 0:
        return 1 - 2 / (iv.exp(2 * p) + 1)
    return 2 / (iv.exp(-2 * p) + 1) - 1


def _atan_pt(v: mpmath.mpf) -> Any:
    if mpmath.isinf(v):
        half = iv.pi / 2
        return half if v > 0 else -half
    with mpmath.workprec(iv.prec + 20):
        a = mpmath.atan(v)
        eps = abs(a) * mpmath.mpf(2) ** (-iv.prec + 3) + mpmath.mpf(2) ** (-iv.prec - 40)
        return iv.mpf([a - eps, a + eps])


def _monotone(fn_pt: Any, x: Any, increasing: bool = True) -> Any:
    a, b = fn_pt(lower(x)), fn_pt(upper(x))
    return _hull(a, b)


def _cosh(x: Any) -> Any:
    a, b = lower(x), upper(x)
    ends = _hull(_cosh_pt(a), _cosh_pt(b))
    if a <= 0 <= b:
        return iv.mpf([1, upper(ends)])
    return ends


def _abs(x: Any) -> Any:
    a, b = lower(x), upper(x)
    if a >= 0:
        return x
    if b <= 0:
        return -x
    return iv.mpf([0, max(-a, b)])


def _sign(x: Any) -> Any:
    a, b = lower(x), upper(x)
    return iv.mpf([-1 if a < 0 else (0 if a == 0 else 1), 1 if b > 0 else (0 if b == 0 else -1)])


def _pow(base: Any, exponent: sp.Expr, base_expr: sp.Expr, env: dict) -> Any:
    if exponent.is_Integer:
        k = int(exponent)
        if k >= 0:
            if k == 0:
                return iv.mpf(1)
            return base**k
        if _contains_zero(base):
            raise Undefined("division by an interval containing 0")
        return 1 / (base ** (-k))
    if exponent.is_Rational:
        num, den = int(exponent.p), int(exponent.q)
        if den % 2 == 1 and lower(base) < 0:
            # odd root of a possibly negative number: SymPy's principal branch is complex
            raise Undefined("fractional power of a negative number")
        if lower(base) < 0:
            raise Undefined("fractional power of a negative number")
        if num < 0 and lower(base) <= 0:
            raise Undefined("negative power of an interval reaching 0")
        if den == 2 and num == 1:
            return iv.sqrt(base)
        if lower(base) == 0:
            # x**r with r > 0 is increasing on [0, oo): endpoints separately
            hi = upper(base)
            top = iv.exp(_num(exponent) * iv.log(_point(hi))) if hi > 0 else iv.mpf(0)
            return iv.mpf([0, upper(top)])
        return iv.exp(_num(exponent) * iv.log(base))
    # symbolic or irrational exponent: b**e = exp(e log b), b > 0 required
    e = _eval(exponent, env)
    if lower(base) <= 0:
        raise Undefined("power with a non-rational exponent of a base reaching 0")
    return iv.exp(e * iv.log(base))


def _eval(expr: sp.Expr, env: dict) -> Any:
    if expr.is_Symbol:
        if expr in env:
            return env[expr]
        raise Undefined(f"no interval for {expr}")
    if expr.is_Number:
        return _num(expr)
    if expr is sp.pi:
        return iv.pi
    if expr is sp.E:
        return iv.exp(1)
    if expr.is_Add:
        total = iv.mpf(0)
        for arg in expr.args:
            total = total + _eval(arg, env)
        return total
    if expr.is_Mul:
        total = iv.mpf(1)
        # powers of the same base evaluated together would be tighter; products are still rigorous
        for arg in expr.args:
            total = total * _eval(arg, env)
        return total
    if expr.is_Pow:
        base, exponent = expr.args
        if base is sp.E:
            return _exp(_eval(exponent, env))
        return _pow(_eval(base, env), exponent, base, env)
    if isinstance(expr, sp.exp):
        return _exp(_eval(expr.args[0], env))
    if isinstance(expr, sp.log):
        return _log(_eval(expr.args[0], env))
    if isinstance(expr, sp.cos):
        return iv.cos(_eval(expr.args[0], env))
    if isinstance(expr, sp.sin):
        return iv.sin(_eval(expr.args[0], env))
    if isinstance(expr, sp.cosh):
        return _cosh(_eval(expr.args[0], env))
    if isinstance(expr, sp.sinh):
        return _monotone(_sinh_pt, _eval(expr.args[0], env))
    if isinstance(expr, sp.tanh):
        return _monotone(_tanh_pt, _eval(expr.args[0], env))
    if isinstance(expr, sp.atan):
        return _monotone(_atan_pt, _eval(expr.args[0], env))
    if isinstance(expr, sp.Abs):
        return _abs(_eval(expr.args[0], env))
    if isinstance(expr, sp.sign):
        return _sign(_eval(expr.args[0], env))
    if isinstance(expr, sp.Max):
        vals = [_eval(a, env) for a in expr.args]
        return iv.mpf([max(lower(v) for v in vals), max(upper(v) for v in vals)])
    if isinstance(expr, sp.Min):
        vals = [_eval(a, env) for a in expr.args]
        return iv.mpf([min(lower(v) for v in vals), min(upper(v) for v in vals)])
    raise Undefined(f"no interval extension for {type(expr).__name__}")
