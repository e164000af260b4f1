"""Certified fixed points without a closed form: a number or an interval in, a proved unique zero out.

``x* = F(x*)`` (or ``g(x*) = 0``) is certified with the Krawczyk operator
(Krawczyk 1969; Neumaier 1990, ch. 5; :func:`symopt.exact.interval.krawczyk`):
for an interval ``X`` with midpoint ``m``, ``K(X) = m - y g(m) + (1 - y g'(X))(X - m)``
contains every zero of ``g`` in ``X``, and ``K(X)`` inside the interior of ``X``
proves that ``g`` has exactly one zero in ``X``.  The enclosure is then shrunk
by iterating ``X <- K(X)``, and the point refined at high precision (mpmath's
``findroot``) for display only: every claim rests on the enclosure.

    >>> e = certify_zero("x - cos(x)", "x", 0.7390851332151607)
    >>> e.lower <= 0.7390851332151607 <= e.upper, e.upper - e.lower < 1e-12
    (True, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import mpmath
import sympy as sp

from ..errors import DomainError
from ..exact import interval as _interval
from ..core.parse import as_expression, parse, symbol

__all__ = ["FixedPointEnclosure", "certify_zero", "certify_zeros"]


@dataclass(frozen=True)
class FixedPointEnclosure:
    """A box that provably holds exactly one zero of ``g`` (one fixed point of ``F``).

    Attributes:
        variables: the variables.
        box: ``((lo, hi), ...)`` float bounds, one pair per variable.
        value: the zero refined to 50 digits (``{variable: Float}``), inside the box.
        method: how it was certified.
    """

    variables: tuple
    box: tuple
    value: dict
    method: str = "Krawczyk operator K(X) inside the interior of X: exactly one zero in X"

    @property
    def lower(self) -> float:
        """The lower end of the first variable's interval."""
        return self.box[0][0]

    @property
    def upper(self) -> float:
        """The upper end of the first variable's interval."""
        return self.box[0][1]

    def describe(self) -> str:
        """``x* in [lo, hi]`` for each variable."""
        return ", ".join(f"{v} in [{lo!r}, {hi!r}]" for v, (lo, hi) in zip(self.variables, self.box))

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {"box": {v.name: [lo, hi] for v, (lo, hi) in zip(self.variables, self.box)},
                "value": {v.name: str(x) for v, x in self.value.items()}, "method": self.method}


def _boxes(guess: Sequence[Any]) -> list:
    """Candidate boxes around a numeric guess (radii from 1e-12 to 1e-2, relative) or the given intervals."""
    if all(isinstance(g, (tuple, list)) and len(g) == 2 for g in guess):
        return [_interval.float_box([(as_expression(a), as_expression(b)) for a, b in guess])]
    ms = [float(sp.N(as_expression(g), 30)) for g in guess]
    out = []
    for rel in (1e-12, 1e-9, 1e-6, 1e-4, 1e-2):
        out.append(tuple((m - rel * max(1.0, abs(m)), m + rel * max(1.0, abs(m))) for m in ms))
    return out


def certify_zeros(exprs: Sequence[Any], variables: Sequence[Any], guess: Sequence[Any]) -> FixedPointEnclosure:
    """Certify exactly one zero of the system ``exprs = 0`` near ``guess`` (numbers) or in the given intervals.

    Raises:
        DomainError: no box around the guess (or the given box) is certified to
            hold exactly one zero.
    """
    xs = [symbol(v) if isinstance(v, str) else v for v in variables]
    gs = [parse(e) if isinstance(e, str) else sp.sympify(e) for e in exprs]
    J = [[sp.diff(g, v) for v in xs] for g in gs]
    for X in _boxes(guess):
        try:
            K = _interval.krawczyk(gs, J, xs, X)
        except (_interval.Undefined, ArithmeticError, ValueError, TypeError):
            continue
        if K is None or not _interval.inside(K, X, strict=True):
            continue
        for _ in range(6):  # shrink: every zero in X lies in K(X), and K(X) keeps the proof
            Y = tuple((_interval.lower_float(k), _interval.upper_float(k)) for k in K)
            Y = tuple((math.nextafter(lo, -math.inf), math.nextafter(hi, math.inf)) for lo, hi in Y)
            try:
                K2 = _interval.krawczyk(gs, J, xs, Y)
            except (_interval.Undefined, ArithmeticError, ValueError, TypeError):
                break
            if K2 is None or not _interval.inside(K2, Y, strict=True):
                break
            X, K = Y, K2
        value = _refine(gs, xs, X)
        return FixedPointEnclosure(tuple(xs), tuple(X), value)
    where = ", ".join(str(g) for g in guess)
    raise DomainError(f"no unique zero certified near {where} (Krawczyk failed on every box tried): "
                      "pass a closer point or an interval")


def certify_zero(expr: Any, variable: Any, guess: Any) -> FixedPointEnclosure:
    """:func:`certify_zeros` in one variable; ``guess`` a number or a ``(lo, hi)`` interval."""
    g = [guess] if not (isinstance(guess, (tuple, list)) and len(guess) == 2) else [tuple(guess)]
    return certify_zeros([expr], [variable], g)


def _refine(gs: Sequence[sp.Expr], xs: Sequence[sp.Symbol], X: tuple) -> dict:
    """The zero at 50 digits (mpmath findroot from the box's midpoint), clipped into the box."""
    fns = [sp.lambdify(xs, g, modules="mpmath", dummify=True) for g in gs]
    mids = [(lo + hi) / 2 for lo, hi in X]
    try:
        with mpmath.workdps(60):
            f = (lambda *a: [fn(*a) for fn in fns]) if len(xs) > 1 else fns[0]
            root = mpmath.findroot(f, [mpmath.mpf(m) for m in mids] if len(xs) > 1 else mpmath.mpf(mids[0]),
                                   tol=mpmath.mpf(10) ** -50)
            vals = list(root) if len(xs) > 1 else [root]
            if all(lo <= v <= hi for v, (lo, hi) in zip(vals, X)):
                return {v: sp.Float(mpmath.nstr(r, 50), 50) for v, r in zip(xs, vals)}
    except (ValueError, ZeroDivisionError, TypeError, ArithmeticError):
        pass
    return {v: sp.Float(m, 17) for v, m in zip(xs, mids)}


def enclose_on(expr: sp.Expr, enc: FixedPointEnclosure) -> tuple[float, float] | None:
    """A rigorous float interval for ``expr`` over the certified box (``None`` where undefined)."""
    try:
        e = _interval.enclosure(expr, _interval.box_env(enc.variables, enc.box))
        return _interval.lower_float(e), _interval.upper_float(e)
    except (_interval.Undefined, ArithmeticError, ValueError, TypeError):
        return None


def is_numeric_point(at: Any) -> bool:
    """A point given as floats, decimals or intervals (certified route), not as exact values."""
    if isinstance(at, float) or isinstance(at, sp.Float):
        return True
    if isinstance(at, (tuple, list)) and len(at) == 2 and all(isinstance(a, (int, float, sp.Number)) for a in at):
        return True
    if isinstance(at, str):  # "0.739" or an interval "0.7, 0.8"
        pieces = [q.strip() for q in at.split(",")]
        return len(pieces) in (1, 2) and any("." in q for q in pieces) and not any(
            c.isalpha() for q in pieces for c in q.replace("e-", "").replace("e+", ""))
    return False
