"""Domains for convexity questions: boxes and half-lines, written as text.

A :class:`Box` holds, for every variable, a lower and an upper bound (exact
numbers or infinities) and whether each bound is strict.  Text such as
``"x > 0, -1 <= y <= 2"`` is read with symopt's safe relation parser; every
condition must bound one variable by a constant (``2*x >= 1`` is fine,
``x + y <= 1`` is not: that set is convex, but it is not a box).

    >>> from symopt.core.parse import parse_symbols
    >>> x, y = parse_symbols("x, y")
    >>> b = Box.parse("x > 0, -1 <= y <= 2", (x, y))
    >>> b.describe()
    'x > 0, -1 <= y <= 2'
    >>> b.contains({x: 1, y: 2}), b.contains({x: 0, y: 0})
    (True, False)

A dict gives ``{var: (lo, hi)}`` (closed) or ``{var: (lo, hi, kind)}`` with
``kind`` in interval notation (``"()"``, ``"(]"``, ``"[)"``, ``"[]"``, or
``"open"`` / ``"closed"``):

    >>> Box.parse({"x": (0, None, "()"), "y": (-1, 2, "[)")}, (x, y)).describe()
    'x > 0, -1 <= y < 2'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import sympy as sp

from ..errors import DomainError, ParseError
from .parse import parse_relations
from .parse import as_expression

__all__ = ["Box", "Bound"]


@dataclass(frozen=True)
class Bound:
    """Bounds of one variable: ``lo (<|<=) v (<|<=) hi``."""

    lo: sp.Expr = -sp.oo
    hi: sp.Expr = sp.oo
    lo_strict: bool = False
    hi_strict: bool = False

    @property
    def bounded(self) -> bool:
        """Both bounds finite."""
        return self.lo.is_finite is True and self.hi.is_finite is True


@dataclass(frozen=True)
class Box:
    """A product of intervals, one per variable (absent variables range over R).

    Attributes:
        variables: the variables, in order.
        bounds: one :class:`Bound` per variable.
    """

    variables: tuple[sp.Symbol, ...]
    bounds: tuple[Bound, ...]

    # -- construction -----------------------------------------------------------------

    @staticmethod
    def whole(variables: Sequence[sp.Symbol]) -> "Box":
        """All of R^n."""
        return Box(tuple(variables), tuple(Bound() for _ in variables))

    @staticmethod
    def parse(domain: Any, variables: Sequence[sp.Symbol]) -> "Box":
        """A box from text, relations, a dict ``{var: (lo, hi)}``, or ``None`` (R^n).

        Raises:
            DomainError: text that does not parse, a condition that is not a
                bound on one variable, an unknown variable, or an empty box.
        """
        variables = tuple(variables)
        if domain is None:
            return Box.whole(variables)
        if isinstance(domain, Box):
            if domain.variables != variables:
                raise DomainError("the domain's variables differ from the objective's")
            return domain
        if isinstance(domain, Mapping):
            return _from_mapping(domain, variables)
        if isinstance(domain, str):
            if not domain.strip():
                return Box.whole(variables)

            try:
                rels = parse_relations(domain)
            except ParseError as exc:
                raise DomainError(f"domain does not parse: {exc.reason}") from None
        else:
            rels = tuple(domain)
        return _from_relations(rels, variables)

    # -- queries -----------------------------------------------------------------------

    def bound(self, v: sp.Symbol) -> Bound:
        """The bound of variable ``v``."""
        return self.bounds[self.variables.index(v)]

    @property
    def is_whole(self) -> bool:
        """True for all of R^n."""
        return all(b.lo is -sp.oo and b.hi is sp.oo for b in self.bounds)

    @property
    def bounded(self) -> bool:
        """True when every variable has two finite bounds."""
        return all(b.bounded for b in self.bounds)

    def intervals(self) -> dict[sp.Symbol, tuple[sp.Expr, sp.Expr]]:
        """The closure of the box as ``{v: (lo, hi)}``."""
        return {v: (b.lo, b.hi) for v, b in zip(self.variables, self.bounds)}

    def contains(self, point: Mapping[sp.Symbol, Any]) -> bool:
        """Exact membership test of a point with exact coordinates."""
        for v, b in zip(self.variables, self.bounds):
            c = exact_value(point[v])
            if b.lo is not -sp.oo:
                ok = (c > b.lo) if b.lo_strict else (c >= b.lo)
                if ok is not sp.true:
                    return False
            if b.hi is not sp.oo:
                ok = (c < b.hi) if b.hi_strict else (c <= b.hi)
                if ok is not sp.true:
                    return False
        return True

    def describe(self) -> str:
        """The box as text (``"R^n"`` for the whole space)."""
        parts = []
        for v, b in zip(self.variables, self.bounds):
            lo_op = "<" if b.lo_strict else "<="
            hi_op = "<" if b.hi_strict else "<="
            if b.lo is not -sp.oo and b.hi is not sp.oo:
                parts.append(f"{b.lo} {lo_op} {v} {hi_op} {b.hi}")
            elif b.lo is not -sp.oo:
                parts.append(f"{v} {'>' if b.lo_strict else '>='} {b.lo}")
            elif b.hi is not sp.oo:
                parts.append(f"{v} {hi_op} {b.hi}")
        return ", ".join(parts) if parts else f"R^{len(self.variables)}"

    def interior(self) -> "Box":
        """The same box with every finite bound strict (its interior)."""
        return Box(self.variables, tuple(Bound(b.lo, b.hi, b.lo is not -sp.oo, b.hi is not sp.oo) for b in self.bounds))

    def assumptions_substitution(self) -> dict[sp.Symbol, sp.Expr]:
        """Express half-line variables through signed dummies for SymPy's assumptions.

        ``x > a`` becomes ``a + p`` with ``p`` positive, ``x >= a`` becomes
        ``a + q`` with ``q`` nonnegative (and the mirror images for upper
        bounds); two-sided and free variables stay as they are.
        """
        sub: dict[sp.Symbol, sp.Expr] = {}
        for v, b in zip(self.variables, self.bounds):
            has_lo, has_hi = b.lo is not -sp.oo, b.hi is not sp.oo
            if has_lo and not has_hi:
                d = sp.Dummy(v.name, positive=True) if b.lo_strict else sp.Dummy(v.name, nonnegative=True)
                sub[v] = b.lo + d
            elif has_hi and not has_lo:
                d = sp.Dummy(v.name, positive=True) if b.hi_strict else sp.Dummy(v.name, nonnegative=True)
                sub[v] = b.hi - d
        return sub


def exact_value(value: Any) -> sp.Expr:
    """An exact bound or coordinate from user input, text included, without evaluating it.

    ``sympy.sympify`` would run ``"__import__('os').getpid()"``; text goes through
    symopt's parser, SymPy objects and numbers pass, an infinite float is ``±oo``.

    Raises:
        DomainError: a value that is not a number or an expression.
    """

    if isinstance(value, float) and math.isinf(value):
        return sp.oo if value > 0 else -sp.oo
    try:
        return as_expression(value)
    except ParseError as exc:
        raise DomainError(f"not a value: {exc.reason}") from None


#: Interval kinds of a dict domain's optional third entry: which finite ends are excluded.
_KINDS = {"[]": (False, False), "closed": (False, False), "()": (True, True), "open": (True, True),
          "(]": (True, False), "[)": (False, True)}


def _from_mapping(domain: Mapping, variables: tuple[sp.Symbol, ...]) -> Box:
    """``{var: (lo, hi)}`` (closed; ``None`` for an infinite end) or ``{var: (lo, hi, kind)}``.

    ``kind`` is interval notation: ``"()"`` / ``"open"`` (both finite ends
    excluded), ``"(]"``, ``"[)"``, ``"[]"`` / ``"closed"``.  So ``{"y": (0,
    None, "()")}`` is ``y > 0`` and ``{"x": (-1, 1, "[)")}`` is ``-1 <= x < 1``.
    """
    by_name = {v.name: v for v in variables}
    bounds = {v: Bound() for v in variables}
    for key, rng in domain.items():
        name = key.name if isinstance(key, sp.Symbol) else str(key)
        if name not in by_name:
            raise DomainError(f"domain mentions {name}, not a variable")
        if not isinstance(rng, (tuple, list)) or len(rng) not in (2, 3):
            raise DomainError(f"bounds of {name} must be a pair (lo, hi) or a triple (lo, hi, kind)")
        lo, hi = rng[0], rng[1]
        kind = rng[2] if len(rng) == 3 else "[]"
        if kind not in _KINDS:
            raise DomainError(f"interval kind of {name} must be one of {', '.join(map(repr, _KINDS))}, got {kind!r}")
        lo_strict, hi_strict = _KINDS[kind]
        lo = -sp.oo if lo is None else exact_value(lo)
        hi = sp.oo if hi is None else exact_value(hi)
        # an infinite end is never attained: its strictness is immaterial, stored as closed
        bounds[by_name[name]] = Bound(lo, hi, lo_strict and lo is not -sp.oo, hi_strict and hi is not sp.oo)
    return _checked(Box(variables, tuple(bounds[v] for v in variables)))


def _from_relations(rels: Sequence[Any], variables: tuple[sp.Symbol, ...]) -> Box:
    by_name = {v.name: v for v in variables}
    bounds = {v: Bound() for v in variables}
    for rel in rels:
        if not isinstance(rel, sp.core.relational.Relational) or isinstance(rel, (sp.Eq, sp.Ne)):
            raise DomainError(f"domain entries must be inequalities, got {rel!r}")
        diff = sp.sympify(rel.lhs - rel.rhs)
        names = {s.name for s in diff.free_symbols}
        unknown = names - set(by_name)
        if unknown:
            raise DomainError(f"domain mentions {', '.join(sorted(unknown))}, not a variable")
        if len(names) != 1:
            raise DomainError(
                f"condition {rel} is not a bound on one variable; symopt's domains are boxes and half-lines"
            )
        v = by_name[names.pop()]
        diff = diff.xreplace({s: v for s in diff.free_symbols})
        poly = sp.Poly(diff, v) if diff.is_polynomial(v) else None
        if poly is None or poly.degree() != 1 or poly.free_symbols - {v}:
            raise DomainError(f"condition {rel} is not a linear bound on {v}")
        a, c = poly.all_coeffs()  # a*v + c  (op)  0
        if not (a.is_number and c.is_number):
            raise DomainError(f"condition {rel} has non-numeric coefficients")
        value = sp.nsimplify(-c / a) if not (-c / a).is_Rational else -c / a
        strict = isinstance(rel, (sp.StrictGreaterThan, sp.StrictLessThan))
        greater = isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan))
        # a*v + c > 0  <=>  v > -c/a when a > 0
        if a.is_negative:
            greater = not greater
        b = bounds[v]
        if greater:
            if b.lo is -sp.oo or value > b.lo or (value == b.lo and strict):
                b = Bound(value, b.hi, strict, b.hi_strict)
        else:
            if b.hi is sp.oo or value < b.hi or (value == b.hi and strict):
                b = Bound(b.lo, value, b.lo_strict, strict)
        bounds[v] = b
    return _checked(Box(variables, tuple(bounds[v] for v in variables)))


def _checked(box: Box) -> Box:
    for v, b in zip(box.variables, box.bounds):
        for e in (b.lo, b.hi):
            if e in (sp.oo, -sp.oo):
                continue
            if not e.is_number or e.is_real is False:
                raise DomainError(f"bound {e} of {v} is not a real number")
        if b.lo is sp.oo or b.hi is -sp.oo:
            raise DomainError(f"the bounds of {v} leave it no value")
        if b.lo is not -sp.oo and b.hi is not sp.oo:
            if b.lo > b.hi or (b.lo == b.hi and (b.lo_strict or b.hi_strict)):
                raise DomainError(f"the domain is empty: no {v} satisfies {b.lo} {'<' if b.lo_strict else '<='} {v} {'<' if b.hi_strict else '<='} {b.hi}")
    return box
