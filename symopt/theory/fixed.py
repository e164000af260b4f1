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

import itertools
import math
import re
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import mpmath
import sympy as sp

from ..errors import BudgetExceeded, DimensionError, DomainError, ParseError
from ..limits import run_with_budget
from ..exact import interval as _interval
from ..core.parse import as_expression, parse, symbol
from ._fields import _zero_test

__all__ = ["FixedPointEnclosure", "certify_zero", "certify_zeros", "numeric_point"]


@dataclass(frozen=True)
class FixedPointEnclosure:
    """A box that provably holds exactly one zero of ``g`` (one fixed point of ``F``).

    Attributes:
        variables: the variables.
        box: ``((lo, hi), ...)`` float bounds, one pair per variable.
        value: the zero refined to 50 digits (``{variable: Float}``), inside the box.
        method: how it was certified.
        searched: the interval (box) the user gave, in which this zero is proved to be
            the only one; ``None`` when a number was given (then: the only one in ``box``).
        exprs: the system ``g = 0`` (for :meth:`check`).
    """

    variables: tuple
    box: tuple
    value: dict
    method: str = "Krawczyk operator K(X) inside the interior of X: exactly one zero in X"
    searched: tuple | None = None
    exprs: tuple = ()

    @property
    def lower(self) -> float:
        """The lower end of the first variable's interval."""
        return self.box[0][0]

    @property
    def upper(self) -> float:
        """The upper end of the first variable's interval."""
        return self.box[0][1]

    def describe(self) -> str:
        """``x* in [lo, hi]`` for each variable (and the given interval it is the only zero in)."""
        text = ", ".join(f"{v} in [{lo!r}, {hi!r}]" for v, (lo, hi) in zip(self.variables, self.box))
        if self.searched is not None:
            given = ", ".join(f"{v} in [{lo:.15g}, {hi:.15g}]" for v, (lo, hi) in zip(self.variables, self.searched))
            text += f" (the only one with {given})"
        return text

    def check(self) -> bool:
        """Re-prove the claim: the Krawczyk operator of ``exprs`` on ``box`` lies inside its interior."""
        if not self.exprs:
            return False
        J = [[sp.diff(g, v) for v in self.variables] for g in self.exprs]
        try:
            K = _interval.krawczyk(list(self.exprs), J, list(self.variables), self.box)
        except (_interval.Undefined, ArithmeticError, ValueError, TypeError):
            return False
        return K is not None and _interval.inside(K, self.box, strict=True)

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {"box": {v.name: [lo, hi] for v, (lo, hi) in zip(self.variables, self.box)},
                "value": {v.name: str(x) for v, x in self.value.items()}, "method": self.method,
                "unique_in": None if self.searched is None else
                {v.name: [lo, hi] for v, (lo, hi) in zip(self.variables, self.searched)}}


def _boxes(guess: Sequence[Any]) -> list:
    """Candidate boxes around a numeric guess (radii from 1e-12 to 1e-2, relative); given intervals stay."""
    out = []
    for rel in (1e-12, 1e-9, 1e-6, 1e-4, 1e-2):
        sides = []
        for g in guess:
            if isinstance(g, (tuple, list)):
                sides.append(_interval.float_box([(as_expression(g[0]), as_expression(g[1]))])[0])
            else:
                m = float(sp.N(as_expression(g), 30))
                sides.append((m - rel * max(1.0, abs(m)), m + rel * max(1.0, abs(m))))
        out.append(tuple(sides))
        if all(isinstance(g, (tuple, list)) for g in guess):
            break
    return out


def _krawczyk(gs: Sequence[sp.Expr], J: list, xs: Sequence[sp.Symbol], X: tuple) -> list | None:
    try:
        return _interval.krawczyk(gs, J, xs, X)
    except (_interval.Undefined, ArithmeticError, ValueError, TypeError):
        return None


def _only_zero(gs: Sequence[sp.Expr], J: list, xs: Sequence[sp.Symbol], X: tuple, budget: int = 400
               ) -> tuple | None:
    """``(B, K(B))`` for a sub-box ``B`` of ``X`` that holds the only zero of ``g`` in ``X``, by bisection.

    Boxes where an enclosure of some ``g_i`` excludes 0, or where ``K(B)`` misses ``B``, hold no
    zero; a box with ``K(B)`` inside its interior holds exactly one.  Two such boxes (disjoint
    interiors) mean two zeros: :class:`DomainError`.  ``None`` when the work runs out first.
    """
    stack, found, count = [X], None, 0
    while stack:
        B = stack.pop()
        count += 1
        if count > budget:
            return None
        try:
            G = _interval.enclose_all(list(gs), _interval.box_env(xs, B))
            if any(_interval.lower_float(g) > 0 or _interval.upper_float(g) < 0 for g in G):
                continue
        except (_interval.Undefined, ArithmeticError, ValueError, TypeError):
            pass
        K = _krawczyk(gs, J, xs, B)
        if K is not None and _interval.disjoint(K, B):
            continue
        if K is not None and _interval.inside(K, B, strict=True):
            if found is not None:
                raise DomainError("the given interval holds at least two zeros (two boxes each certified to hold "
                                  "one): give a narrower interval")
            found = (B, K)
            continue
        axis = max(range(len(B)), key=lambda i: B[i][1] - B[i][0])
        lo, hi = B[axis]
        if not hi - lo > 1e-12 * max(1.0, abs(lo), abs(hi)):
            return None
        stack.extend(_interval.children(B, axis, lo + (hi - lo) * 0.4999))
    return found


def certify_zeros(exprs: Sequence[Any], variables: Sequence[Any], guess: Sequence[Any]) -> FixedPointEnclosure:
    """Certify exactly one zero of the system ``exprs = 0`` near ``guess`` (numbers) or in the given intervals.

    A guess made of numbers is tried in boxes of growing radius around it; a
    guess with intervals (``(lo, hi)`` per variable, numbers for the others) is
    searched by bisection, and the zero found is proved the only one in it.

    Raises:
        DomainError: no box around the guess (or the given box) is certified to
            hold exactly one zero, or the given box holds two.
    """
    xs = [symbol(v) if isinstance(v, str) else v for v in variables]
    gs = [parse(e) if isinstance(e, str) else sp.sympify(e) for e in exprs]
    J = [[sp.diff(g, v) for v in xs] for g in gs]
    searched, undefined = None, False
    centres = [guess]
    if not any(isinstance(g, (tuple, list)) for g in guess):  # Newton from the guess first (the box is the proof)
        near = _refine(gs, xs, tuple((float(sp.N(as_expression(g), 30)),) * 2 for g in guess), clip=False)
        if all(abs(float(near[v]) - float(sp.N(as_expression(g), 30))) <= 0.1 * max(1.0, abs(float(near[v])))
               for v, g in zip(xs, guess)):
            centres.insert(0, [float(near[v]) for v in xs])
    for X in [B for c in centres for B in _boxes(c)]:
        if any(isinstance(g, (tuple, list)) for g in guess):
            searched = X
            hit = _only_zero(gs, J, xs, X)
            if hit is None:
                continue
            X, K = hit
        else:
            K = _krawczyk(gs, J, xs, X)
            if K is None:
                try:
                    _interval.enclose_all(list(gs), _interval.box_env(xs, X))
                except (_interval.Undefined, ArithmeticError, ValueError, TypeError):
                    undefined = True
        if K is None or not _interval.inside(K, X, strict=True):
            continue
        for _ in range(6):  # shrink: every zero in X lies in K(X), and K(X) keeps the proof
            Y = tuple((_interval.lower_float(k), _interval.upper_float(k)) for k in K)
            Y = tuple((math.nextafter(lo, -math.inf), math.nextafter(hi, math.inf)) for lo, hi in Y)
            K2 = _krawczyk(gs, J, xs, Y)
            if K2 is None or not _interval.inside(K2, Y, strict=True):
                break
            X, K = Y, K2
        value = _refine(gs, xs, X)
        return FixedPointEnclosure(tuple(xs), tuple(X), value, searched=searched, exprs=tuple(gs))
    where = ", ".join(f"[{g[0]}, {g[1]}]" if isinstance(g, (tuple, list)) else str(g) for g in guess)
    hint = "pass a closer point or a narrower interval"
    if undefined:
        hint = ("the map has no interval enclosure there (a division by an interval containing 0, e.g. a 0/0 "
                "that cancels only in the limit, as in Steffensen's map at its root): this form of the map cannot certify "
                "it; an exact point (or a form without the 0/0) can be analysed")
    raise DomainError(f"no unique zero certified near {where} (Krawczyk failed on every box tried): {hint}")


def certify_zero(expr: Any, variable: Any, guess: Any) -> FixedPointEnclosure:
    """:func:`certify_zeros` in one variable; ``guess`` a number or a ``(lo, hi)`` interval."""
    g = [guess] if not (isinstance(guess, (tuple, list)) and len(guess) == 2) else [tuple(guess)]
    return certify_zeros([expr], [variable], g)


def _refine(gs: Sequence[sp.Expr], xs: Sequence[sp.Symbol], X: tuple, clip: bool = True) -> dict:
    """The zero at 50 digits (mpmath findroot from the box's midpoint), clipped into the box (``clip``)."""
    fns = [sp.lambdify(xs, g, modules="mpmath", dummify=True) for g in gs]
    mids = [(lo + hi) / 2 for lo, hi in X]
    try:
        with mpmath.workdps(60):
            f = (lambda *a: [fn(*a) for fn in fns]) if len(xs) > 1 else fns[0]
            root = mpmath.findroot(f, [mpmath.mpf(m) for m in mids] if len(xs) > 1 else mpmath.mpf(mids[0]),
                                   tol=mpmath.mpf(10) ** -50)
            vals = list(root) if len(xs) > 1 else [root]
            if not clip or all(lo <= v <= hi for v, (lo, hi) in zip(vals, X)):
                return {v: sp.Float(mpmath.nstr(r, 50), 50) for v, r in zip(xs, vals)}
    except (ValueError, ZeroDivisionError, TypeError, ArithmeticError, NameError):
        pass
    return {v: sp.Float(m, 17) for v, m in zip(xs, mids)}


def enclose_on(expr: sp.Expr, enc: FixedPointEnclosure) -> tuple[float, float] | None:
    """A rigorous float interval for ``expr`` over the certified box (``None`` where undefined)."""
    try:
        e = _interval.enclosure(expr, _interval.box_env(enc.variables, enc.box))
        return _interval.lower_float(e), _interval.upper_float(e)
    except (_interval.Undefined, ArithmeticError, ValueError, TypeError):
        return None


_DECIMAL = re.compile(r"\d\.|\.\d|\d[eE][-+]?\d")
_NAMED = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?:=|\s+in\s+)\s*(\S.*)$", re.S)


def _split(text: str) -> list[str]:
    """``text`` split at commas outside brackets."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth == 0:
            out.append(text[start:i])
            start = i + 1
    return [p.strip() for p in out + [text[start:]]]


def _coordinate(v: Any) -> tuple[str, Any]:
    """``("num", float)``, ``("box", (lo, hi))`` (exact ends) or ``("exact", expr)`` for one coordinate."""
    if isinstance(v, (float, sp.Float)):
        return "num", float(v)
    if isinstance(v, (tuple, list)):
        if len(v) != 2:
            raise ParseError(f"an interval is written [lo, hi], got {len(v)} entries")
        lo, hi = (parse(a) if isinstance(a, str) else as_expression(a) for a in v)
        if not (lo.is_number and hi.is_number and lo.is_real and hi.is_real):
            raise ParseError(f"the ends of an interval must be real numbers, got [{lo}, {hi}]")
        if not bool(sp.N(lo, 30) < sp.N(hi, 30)):
            raise DomainError(f"an interval [lo, hi] needs lo < hi, got [{lo}, {hi}]")
        return "box", (lo, hi)
    if isinstance(v, str):
        t = v.strip()
        if t.startswith("[") and t.endswith("]"):
            parts = _split(t[1:-1])
            if len(parts) != 2:
                raise ParseError(f"an interval is written [lo, hi], got {t!r}", t, 0)
            return _coordinate(tuple(parts))
        e = parse(t)
        return ("num", float(e)) if _DECIMAL.search(t) and e.is_number and e.is_real else ("exact", e)
    return "exact", as_expression(v)


def numeric_point(at: Any, variables: Sequence[sp.Symbol]) -> dict | None:
    """The point ``at`` when it is given by decimals or intervals (the certified route), else ``None``.

    Accepted: a float (one variable); ``"0.739"``, ``"x = 0.739"``, ``"x = [0.73, 0.74]"``,
    ``"x in [0.73, 0.74]"``, ``"0.73, 0.74"`` (an interval, one variable), ``"x = 3.14, y = 0.0"``;
    ``(lo, hi)`` (one variable); ``{x: 0.739}``, ``{"x": (0.73, 0.74)}``.  A point given
    exactly (``"x = sqrt(2)"``, integers, rationals) gives ``None``.

    Returns:
        ``{variable: float | (lo, hi)}``, the ends of an interval exact.
    """
    vs = list(variables)
    n = len(vs)
    if isinstance(at, Mapping):
        named = {(k if isinstance(k, str) else getattr(k, "name", str(k))): v for k, v in at.items()}
    elif isinstance(at, str):
        pieces = _split(at.strip())
        matches = [_NAMED.match(p) for p in pieces]
        if all(matches):
            named = {m.group(1): m.group(2) for m in matches if m}
        elif any(matches):
            return None
        elif n == 1 and len(pieces) == 2:
            named = {vs[0].name: tuple(pieces)}
        elif len(pieces) == n:
            named = {v.name: p for v, p in zip(vs, pieces)}
        else:
            return None
    elif isinstance(at, (tuple, list)):
        if n == 1 and len(at) == 2:
            named = {vs[0].name: tuple(at)}
        elif len(at) == n:
            named = {v.name: a for v, a in zip(vs, at)}
        else:
            return None
    elif isinstance(at, (float, sp.Float)) and n == 1:
        named = {vs[0].name: at}
    else:
        return None
    if set(named) != {v.name for v in vs}:
        if any(isinstance(a, (tuple, list)) or isinstance(a, str) and a.strip().startswith("[") for a in named.values()):
            missing, extra = {v.name for v in vs} - set(named), set(named) - {v.name for v in vs}
            raise DimensionError("the point " + (f"gives no value for {', '.join(sorted(missing))}" if missing else "")
                                 + ("; " if missing and extra else "")
                                 + (f"names {', '.join(sorted(extra))}, not a variable" if extra else ""))
        return None
    coords = {v: _coordinate(named[v.name]) for v in vs}
    if all(kind == "exact" for kind, _ in coords.values()):
        return None
    return {v: val if kind == "box" else float(val) if kind == "num" else float(sp.N(val, 30))
            for v, (kind, val) in coords.items()}


def exact_point(guess: Mapping[sp.Symbol, Any]) -> dict | None:
    """The decimals of a numeric point read exactly (``0.5 -> 1/2``); ``None`` when it has an interval."""
    if any(isinstance(g, tuple) for g in guess.values()):
        return None
    return {v: sp.Rational(repr(float(g))) for v, g in guess.items()}



def exact_zero_in(enc: FixedPointEnclosure) -> dict | None:
    """An exact point in the certified box where every ``g`` vanishes exactly, else ``None``.

    Candidates are short rationals near the refined zero and SymPy's ``nsimplify``
    of it; one that lies in the box and zeroes ``g`` exactly *is* the certified zero
    (the box holds only one), so the exact analyses apply there.
    """
    options = []
    for v in enc.variables:
        val = enc.value[v]
        opts = [sp.Rational(str(sp.N(val, 30))).limit_denominator(10**6)]
        try:
            guess = run_with_budget(lambda: sp.nsimplify(val, [sp.pi, sp.E], tolerance=sp.Float(10, 30) ** -30),
                                  step="simplify")
            if not guess.has(sp.Float) and guess not in opts:
                opts.append(guess)
        except (BudgetExceeded, TypeError, ValueError, ArithmeticError):
            pass
        options.append(opts)
    for combo in itertools.islice(itertools.product(*options), 8):
        point = dict(zip(enc.variables, combo))
        inside = all(sp.Rational(lo) <= c <= sp.Rational(hi) for c, (lo, hi) in zip(combo, enc.box)) \
            if all(c.is_Rational for c in combo) else all(lo <= float(c) <= hi for c, (lo, hi) in zip(combo, enc.box))
        if inside and all(_zero_test(g.xreplace(point)) is True for g in enc.exprs):
            return point
    return None
