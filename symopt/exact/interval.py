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
import math
import sys
from fractions import Fraction
from typing import Any, Iterator, Mapping, Sequence

import mpmath
import numpy as np
import sympy as sp
from mpmath import iv

__all__ = ["enclose", "Undefined", "lower", "upper", "interval", "precision", "point_box",
           "FloatBox", "to_rational", "lower_float", "upper_float", "lower_rational", "upper_rational",
           "rational_interval", "float_box", "box_env", "enclosure", "children", "krawczyk", "inside",
           "disjoint", "weyl_inertia", "enclose_all"]


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
    """Lower endpoint of an interval as an ``mpf``, exactly (``mpmath.mpf(raw)`` would round it to the
    nearest at ``mp.prec``, which can move it inwards: ``[1/100, 2]`` at 160 bits became ``[0.01, 2]``
    with the double ``0.01 > 1/100``, and a box no longer contained its own end)."""
    return mpmath.mp.make_mpf(value._mpi_[0])


def upper(value: Any) -> mpmath.mpf:
    """Upper endpoint of an interval as an ``mpf``, exactly (see :func:`lower`)."""
    return mpmath.mp.make_mpf(value._mpi_[1])


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


#: Past this argument ``exp`` is beyond any float, and mpmath would first compute
#: ``log 2`` to ``log2|x|`` bits: minutes of big-integer work in a few uncounted C
#: calls (the interrupt could not reach it).  ``exp`` is increasing, so ``+inf``
#: (above) and ``0`` (below) are valid enclosure ends there.
_EXP_ARGUMENT_LIMIT = mpmath.mpf(2) ** 40


def _exp(x: Any) -> Any:
    """Rigorous ``exp`` of an interval; ends past :data:`_EXP_ARGUMENT_LIMIT` enclose by ``0`` / ``+inf``."""
    x = x if isinstance(x, type(iv.mpf(0))) else iv.mpf(x)
    lo, hi = lower(x), upper(x)
    if abs(lo) <= _EXP_ARGUMENT_LIMIT and abs(hi) <= _EXP_ARGUMENT_LIMIT:
        return iv.exp(x)
    bottom = mpmath.mpf(0) if lo < -_EXP_ARGUMENT_LIMIT else (
        mpmath.inf if lo > _EXP_ARGUMENT_LIMIT else lower(iv.exp(_point(lo))))
    top = mpmath.inf if hi > _EXP_ARGUMENT_LIMIT else (
        mpmath.mpf(0) if hi < -_EXP_ARGUMENT_LIMIT else upper(iv.exp(_point(hi))))
    if hi < -_EXP_ARGUMENT_LIMIT:  # the whole interval is far below: (0, tiny]
        top = upper(iv.exp(_point(-_EXP_ARGUMENT_LIMIT)))
    return iv.mpf([bottom, top])


def _log(x: Any) -> Any:
    if lower(x) <= 0:
        raise Undefined("log of an interval reaching 0 or below")
    return iv.log(x)


def _cosh_pt(v: mpmath.mpf) -> Any:
    if mpmath.isinf(v):
        return iv.mpf([mpmath.inf, mpmath.inf])
    p = _point(v)
    return (_exp(p) + _exp(-p)) / 2


def _sinh_pt(v: mpmath.mpf) -> Any:
    if mpmath.isinf(v):
        return iv.mpf([v, v])
    p = _point(v)
    return (_exp(p) - _exp(-p)) / 2


def _tanh_pt(v: mpmath.mpf) -> Any:
    if mpmath.isinf(v):
        s = 1 if v > 0 else -1
        return iv.mpf([s, s])
    p = _point(v)
    if v >= 0:
        return 1 - 2 / (_exp(2 * p) + 1)
    return 2 / (_exp(-2 * p) + 1) - 1


def _atan_pt(v: mpmath.mpf) -> Any:
    if mpmath.isinf(v):
        half = iv.pi / 2
        return half if v > 0 else -half
    with mpmath.workprec(iv.prec + 20):
        a = mpmath.atan(v)
        eps = abs(a) * mpmath.mpf(2) ** (-iv.prec + 3) + mpmath.mpf(2) ** (-iv.prec - 40)
        return iv.mpf([a - eps, a + eps])


def _asinh_pt(v: mpmath.mpf) -> Any:
    """``asinh v = log(v + sqrt(v^2 + 1))`` with rigorous ``iv`` operations (odd: the positive side only)."""
    if mpmath.isinf(v):
        return iv.mpf([v, v])
    if v < 0:
        return -_asinh_pt(-v)
    p = _point(v)
    return iv.log(p + iv.sqrt(p * p + 1))


def _erf_pt(v: mpmath.mpf) -> Any:
    """``erf v`` from a point value at 20 extra bits, widened by 8 ulps (as ``atan``)."""
    if mpmath.isinf(v):
        s = 1 if v > 0 else -1
        return iv.mpf([s, s])
    with mpmath.workprec(iv.prec + 20):
        a = mpmath.erf(v)
        eps = abs(a) * mpmath.mpf(2) ** (-iv.prec + 3) + mpmath.mpf(2) ** (-iv.prec - 40)
        return iv.mpf([max(a - eps, -1), min(a + eps, 1)])


def _tan(x: Any) -> Any:
    """``tan`` of an interval inside one branch ``((k - 1/2) pi, (k + 1/2) pi)``, where it increases; else undefined."""
    a, b = lower(x), upper(x)
    if mpmath.isinf(a) or mpmath.isinf(b):
        raise Undefined("tan of an unbounded interval")
    ua, ub = _point(a) / iv.pi + iv.mpf(1) / 2, _point(b) / iv.pi + iv.mpf(1) / 2
    k = mpmath.floor(upper(ua))
    if not (lower(ua) > k and upper(ub) < k + 1):
        raise Undefined("tan of an interval that may reach a pole")
    ends = [iv.sin(_point(e)) / iv.cos(_point(e)) for e in (a, b)]
    return _hull(*ends)


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
            top = _exp(_num(exponent) * iv.log(_point(hi))) if hi > 0 else iv.mpf(0)
            return iv.mpf([0, upper(top)])
        return _exp(_num(exponent) * iv.log(base))
    # symbolic or irrational exponent: b**e = exp(e log b), b > 0 required
    e = _eval(exponent, env)
    if lower(base) <= 0:
        raise Undefined("power with a non-rational exponent of a base reaching 0")
    return _exp(e * iv.log(base))


#: Enclosures of exact numbers, by (number, precision): intervals are immutable, so they are shared.
_NUMBERS: dict = {}


def _eval(expr: sp.Expr, env: dict) -> Any:
    if expr.is_Symbol:
        if expr in env:
            return env[expr]
        raise Undefined(f"no interval for {expr}")
    if expr.is_Number:
        key = (expr, iv.prec)
        hit = _NUMBERS.get(key)
        if hit is None:
            if len(_NUMBERS) > 4096:
                _NUMBERS.clear()
            hit = _NUMBERS[key] = _num(expr)
        return hit
    if expr is sp.pi:
        return iv.pi
    if expr is sp.E:
        return _exp(1)
    if expr.is_Add:
        args = expr.args
        total = _eval(args[0], env)
        for arg in args[1:]:
            total = total + _eval(arg, env)
        return total
    if expr.is_Mul:
        args = expr.args
        # powers of the same base evaluated together would be tighter; products are still rigorous
        total = _eval(args[0], env)
        for arg in args[1:]:
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
    if isinstance(expr, sp.asinh):
        return _monotone(_asinh_pt, _eval(expr.args[0], env))
    if isinstance(expr, sp.erf):
        return _monotone(_erf_pt, _eval(expr.args[0], env))
    if isinstance(expr, sp.tan):
        return _tan(_eval(expr.args[0], env))
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


# ----------------------------------------------------------------------------- float boxes and endpoints
# Helpers for searches over boxes with float endpoints (branch-and-bound, Krawczyk):
# every conversion rounds outwards, so a float bound never cuts into the interval.

#: A box as float pairs ``((lo_1, hi_1), ..., (lo_n, hi_n))``.
FloatBox = tuple[tuple[float, float], ...]


def _raw(t: tuple) -> Fraction:
    """The exact value of a raw mpf tuple ``(sign, man, exp, bc)``."""
    sign, man, exp, _ = t
    if not man:
        if exp:  # inf / nan
            raise ArithmeticError("an interval endpoint is not finite")
        return Fraction(0)
    v = Fraction(int(man)) * (Fraction(2) ** int(exp))
    return -v if sign else v


def to_rational(x: Any) -> sp.Rational:
    """The exact rational value of an mpmath ``mpf``, an Arb endpoint (``man_exp``), a float or a Fraction."""
    if hasattr(x, "_mpf_"):  # mpmath mpf: (sign, man, exp, bc)
        sign, man, exp, _ = x._mpf_
        if not man and exp:
            raise ValueError(f"{x} is not a finite number")
        return (-1 if sign else 1) * sp.Rational(int(man)) * sp.Rational(2) ** int(exp)
    if hasattr(x, "man_exp"):
        man, exp = x.man_exp()
        return sp.Rational(int(man)) * sp.Rational(2) ** int(exp)
    f = Fraction(x)
    return sp.Rational(f.numerator, f.denominator)


def lower_float(x: Any) -> float:
    """A float ``<=`` the interval's lower end (beyond float range: ``-inf``, or the largest float)."""
    try:
        v = _raw(x._mpi_[0])
    except ArithmeticError:
        return -math.inf
    try:
        f = float(v)
    except OverflowError:
        return -math.inf if v < 0 else sys.float_info.max
    return f if f <= v else math.nextafter(f, -math.inf)


def upper_float(x: Any) -> float:
    """A float ``>=`` the interval's upper end (beyond float range: ``inf``, or minus the largest float)."""
    try:
        v = _raw(x._mpi_[1])
    except ArithmeticError:
        return math.inf
    try:
        f = float(v)
    except OverflowError:
        return math.inf if v > 0 else -sys.float_info.max
    return f if f >= v else math.nextafter(f, math.inf)


def lower_rational(x: Any) -> sp.Rational:
    """The interval's lower end, exactly (``ArithmeticError`` when it is infinite)."""
    v = _raw(x._mpi_[0])
    return sp.Rational(v.numerator, v.denominator)


def upper_rational(x: Any) -> sp.Rational:
    """The interval's upper end, exactly (``ArithmeticError`` when it is infinite)."""
    v = _raw(x._mpi_[1])
    return sp.Rational(v.numerator, v.denominator)


def rational_interval(lo: sp.Rational, hi: sp.Rational | None = None) -> Any:
    """The interval ``[lo, hi]`` (or ``[lo, lo]``) of exact rationals at the working precision, outwards."""
    a = iv.mpf(int(lo.p)) / iv.mpf(int(lo.q))
    if hi is None or hi == lo:
        return a
    b = iv.mpf(int(hi.p)) / iv.mpf(int(hi.q))
    return a + (b - a) * iv.mpf([0, 1])


def float_box(box: Sequence[tuple[Any, Any]]) -> FloatBox:
    """Float pairs that contain the given (exact) box: each end rounded outwards."""
    out = []
    for lo, hi in box:
        a, b = float(lo), float(hi)
        a = a if a <= lo else math.nextafter(a, -math.inf)
        b = b if b >= hi else math.nextafter(b, math.inf)
        out.append((a, b))
    return tuple(out)


def box_env(variables: Sequence[sp.Symbol], X: FloatBox) -> dict:
    """``{variable: interval}`` for a float box."""
    return {v: iv.mpf([lo, hi]) for v, (lo, hi) in zip(variables, X)}


def enclosure(expr: sp.Expr, env: Mapping[sp.Symbol, Any]) -> Any:
    """:func:`enclose`, with values too large for mpmath reported as :class:`Undefined`
    (``exp(exp(exp(200)))`` would need an exponent of 10^86 digits)."""
    try:
        return enclose(expr, env)
    except (MemoryError, OverflowError, RecursionError) as exc:
        raise Undefined(f"the enclosure is too large to compute ({type(exc).__name__})") from None


_CSE_CACHE: dict = {}


def _cse(exprs: tuple) -> tuple:
    """``sympy.cse`` of a tuple of expressions, cached (an exact rewriting: shared subterms named once)."""
    hit = _CSE_CACHE.get(exprs)
    if hit is None:
        if len(_CSE_CACHE) > 64:
            _CSE_CACHE.clear()
        hit = sp.cse(list(exprs), symbols=sp.numbered_symbols("_cse", cls=sp.Dummy), optimizations=None)
        _CSE_CACHE[exprs] = hit
    return hit


def enclose_all(exprs: Sequence[sp.Expr], env: Mapping[sp.Symbol, Any]) -> list:
    """Enclosures of several expressions over the same intervals, each shared subterm
    evaluated once (common subexpressions named by ``sympy.cse``, an exact rewriting, then
    enclosed in order: every value of a subterm lies in its interval, so the results enclose).

    Raises:
        Undefined: as :func:`enclosure`, for any of the expressions.
    """
    replacements, reduced = _cse(tuple(sp.sympify(e) for e in exprs))
    local = dict(env)
    try:
        for name, sub in replacements:
            local[name] = _eval(sub, local)
        return [_eval(e, local) for e in reduced]
    except (MemoryError, OverflowError, RecursionError) as exc:
        raise Undefined(f"the enclosure is too large to compute ({type(exc).__name__})") from None


def children(X: FloatBox, axis: int, at: float) -> tuple[FloatBox, FloatBox]:
    """The two halves of ``X`` cut at ``x_axis = at``."""
    left = tuple((lo, at) if i == axis else (lo, hi) for i, (lo, hi) in enumerate(X))
    right = tuple((at, hi) if i == axis else (lo, hi) for i, (lo, hi) in enumerate(X))
    return left, right


def krawczyk(grad: Sequence[sp.Expr], hess: Sequence[Sequence[sp.Expr]], variables: Sequence[sp.Symbol],
             X: FloatBox, jacobian: list | None = None) -> list | None:
    """The Krawczyk operator ``K(X) = m - Y g(m) + (I - Y g'(X))(X - m)`` for ``g = grad``,
    ``g' = hess`` (Krawczyk 1969; Neumaier 1990, ch. 5), ``m`` the midpoint and ``Y`` a float
    inverse of the midpoint Jacobian; a list of intervals, or ``None`` when that Jacobian is
    singular.  Every zero of ``g`` in ``X`` lies in ``K(X)``; ``K(X)`` inside the interior of
    ``X`` proves exactly one zero there (:func:`inside`), ``K(X)`` disjoint from ``X`` none
    (:func:`disjoint`).  A list passed as ``jacobian`` receives the rows of the interval
    Jacobian ``g'(X)`` (for a search's choice of where to split).

    Raises:
        Undefined: no enclosure of ``g`` or ``g'`` on ``X``.
    """
    n = len(X)
    m = [lo + (hi - lo) / 2 for lo, hi in X]
    m = [min(max(mi, lo), hi) for mi, (lo, hi) in zip(m, X)]
    env_m = {v: iv.mpf(mi) for v, mi in zip(variables, m)}
    gm = enclose_all(grad, env_m)
    env = box_env(variables, X)
    flat = enclose_all([hess[i][j] for i in range(n) for j in range(n)], env)
    J = [flat[i * n:(i + 1) * n] for i in range(n)]
    if jacobian is not None:
        jacobian[:] = J
    mid = np.array([[(lower_float(J[i][j]) + upper_float(J[i][j])) / 2 for j in range(n)] for i in range(n)])
    if not np.all(np.isfinite(mid)):
        return None
    try:
        Y = np.linalg.inv(mid)
    except np.linalg.LinAlgError:
        return None
    if not np.all(np.isfinite(Y)):
        return None
    K = []
    for i in range(n):
        acc = iv.mpf(m[i])
        for j in range(n):
            acc = acc - iv.mpf(float(Y[i, j])) * gm[j]
        for j in range(n):
            c = iv.mpf(1 if i == j else 0)
            for k in range(n):
                c = c - iv.mpf(float(Y[i, k])) * J[k][j]
            acc = acc + c * (env[variables[j]] - iv.mpf(m[j]))
        K.append(acc)
    return K


def inside(K: Sequence[Any], X: FloatBox, strict: bool) -> bool:
    """Every interval of ``K`` inside ``X``'s side (``strict``: inside the open side)."""
    if strict:
        return all(lower_float(k) > lo and upper_float(k) < hi for k, (lo, hi) in zip(K, X))
    return all(lower_float(k) >= lo and upper_float(k) <= hi for k, (lo, hi) in zip(K, X))


def disjoint(K: Sequence[Any], X: FloatBox) -> bool:
    """Some interval of ``K`` misses ``X``'s side."""
    return any(upper_float(k) < lo or lower_float(k) > hi for k, (lo, hi) in zip(K, X))


def weyl_inertia(mid: Any, rad: Any) -> tuple[int, int, tuple[float, ...]] | None:
    """``(positive, negative, eigenvalues)`` shared by every symmetric matrix within ``rad`` of ``mid``.

    Weyl: each eigenvalue of ``mid + E`` is within ``||E||_2 <= ||E||_F`` of one of
    ``mid``'s; ``eigvalsh``'s own backward error is bounded by ``64 (n+1) eps ||mid||_F``.
    Returns ``None`` when an eigenvalue is within that margin of 0.
    """
    mid = np.asarray(mid, dtype=float)
    rad = np.asarray(rad, dtype=float)
    if not (np.all(np.isfinite(mid)) and np.all(np.isfinite(rad))):
        return None
    n = mid.shape[0]
    mid = (mid + mid.T) / 2
    rad = np.maximum(rad, rad.T) + 4 * np.finfo(float).eps * np.abs(mid)
    lam = np.linalg.eigvalsh(mid)
    margin = float(np.linalg.norm(rad)) * (1 + 1e-9) + 64 * (n + 1) * np.finfo(float).eps * float(np.linalg.norm(mid)) + 1e-300
    if np.any(np.abs(lam) <= margin):
        return None
    pos = int(np.sum(lam > 0))
    return pos, n - pos, tuple(float(v) for v in lam)
