"""Where to search: the user's box (pairs, a half-width or a dict), or the objective's domain.

* ``box`` given: a half-width ``r`` (``[-r, r]^n``), one ``(lo, hi)`` pair for every
  side, one pair per variable, or a dict ``{"x": (lo, hi), ...}`` (names or symbols,
  as :meth:`symopt.core.domain.Box.parse` reads it: every variable needs two finite ends);
* no box, and the objective has a domain that is a box (``"x > 0, -1 <= y <= 2"``):
  its closure when it is bounded; otherwise the default box cut down to the domain,
  and the list can be complete only by a theorem that covers the unbounded domain
  (:mod:`symopt.critical.check_domain`): the status says "unbounded domain";
* otherwise ``[-10, 10]^n``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import sympy as sp

from ..core.domain import Box as DomainBox
from ..errors import DimensionError, DomainError
from ..exact.interval import float_box
from ..exact.natural import objective_domain
from .check import Box, _box_text

#: The default box for non-polynomial objectives: ``[-DEFAULT_HALF_WIDTH, DEFAULT_HALF_WIDTH]^n``.
DEFAULT_HALF_WIDTH = 10


@dataclass(frozen=True)
class Region:
    """The search region.

    Attributes:
        box: the float box searched (rounded outwards).
        domain: the objective's domain as a box (``None`` when it has none, or it is not a box).
        unbounded: the domain is unbounded, so a search of ``box`` is never complete on it.
        note: how the region was chosen (empty for a box the user gave).
    """

    box: Box
    domain: DomainBox | None = None
    unbounded: bool = False
    note: str = ""


def as_box(box: Any, n: int, variables: Sequence[sp.Symbol] | None = None) -> Box:
    """A box as float pairs, rounded outwards so it covers the box asked for.

    Raises:
        DimensionError: a wrong number of sides, an empty or infinite side, or a dict
            that leaves a variable unbounded or names an unknown one.
    """
    if box is None:
        return tuple((-float(DEFAULT_HALF_WIDTH), float(DEFAULT_HALF_WIDTH)) for _ in range(n))
    if isinstance(box, (int, float)) and not isinstance(box, bool):
        return tuple((-float(box), float(box)) for _ in range(n))
    if isinstance(box, (Mapping, DomainBox)):
        return _dict_box(box, variables)
    pairs = list(box)
    if len(pairs) == 2 and all(isinstance(p, (int, float, sp.Number)) for p in pairs):
        pairs = [tuple(pairs)] * n
    if len(pairs) != n:
        raise DimensionError(f"the box has {len(pairs)} sides for {n} variable(s)")
    exact = []
    for pair in pairs:
        lo, hi = (_exact_end(v) for v in pair)
        if not (lo.is_finite and hi.is_finite and lo < hi):
            raise DimensionError(f"a box side must be a finite interval lo < hi, not {pair}")
        exact.append((lo, hi))
    # rounded outwards, so the float box contains the box asked for (pi/2 is above its nearest double)
    return float_box(exact)


def exact_box(box: Any, n: int, variables: Sequence[sp.Symbol] | None = None) -> tuple | None:
    """The box's exact sides (those :func:`as_box` rounds outwards), or ``None`` for a dict box."""
    if box is None:
        return tuple((-sp.Integer(DEFAULT_HALF_WIDTH), sp.Integer(DEFAULT_HALF_WIDTH)) for _ in range(n))
    if isinstance(box, (int, float)) and not isinstance(box, bool):
        r = _exact_end(box)
        return tuple((-r, r) for _ in range(n))
    if isinstance(box, (Mapping, DomainBox)):
        try:
            parsed = DomainBox.parse(box, tuple(variables or ()))
        except DomainError:
            return None
        return tuple((b.lo, b.hi) for b in parsed.bounds)
    pairs = list(box)
    if len(pairs) == 2 and all(isinstance(p, (int, float, sp.Number)) for p in pairs):
        pairs = [tuple(pairs)] * n
    return tuple((_exact_end(a), _exact_end(b)) for a, b in pairs)


def _exact_end(v: Any) -> sp.Expr:
    """A box end as an exact real number: a float as the decimal it prints as (``0.001`` is 1/1000),
    a string as a rational, a SymPy number as itself."""
    try:
        if isinstance(v, bool):
            raise TypeError
        if isinstance(v, int):
            return sp.Integer(v)
        if isinstance(v, float):
            return sp.Rational(repr(v)) if math.isfinite(v) else sp.oo
        if isinstance(v, str):
            return sp.Rational(v)
        e = sp.sympify(v, strict=True)
    except (TypeError, ValueError, sp.SympifyError):
        raise DimensionError(f"a box end must be a real number, not {v!r}") from None
    if e.free_symbols or not e.is_real:
        raise DimensionError(f"a box end must be a real number, not {v!r}")
    return e


def _dict_box(box: Any, variables: Sequence[sp.Symbol] | None) -> Box:
    if variables is None:
        raise DimensionError("a dict box needs the objective's variables")
    try:
        parsed = DomainBox.parse(box, tuple(variables))
    except DomainError as exc:
        raise DimensionError(f"the box does not read as a box: {exc}") from None
    loose = [str(v) for v, b in zip(parsed.variables, parsed.bounds) if not b.bounded]
    if loose:
        raise DimensionError(f"the box leaves {', '.join(loose)} unbounded: give every variable (lo, hi)")
    for v, b in zip(parsed.variables, parsed.bounds):
        if not b.lo < b.hi:
            raise DimensionError(f"a box side must be a finite interval lo < hi, not {v} in [{b.lo}, {b.hi}]")
    return float_box([(b.lo, b.hi) for b in parsed.bounds])


def domain_box(obj: Any) -> DomainBox | None:
    """The objective's domain as a box, or ``None`` (one that is not a box, or all of ``R^n``);
    with no domain given, ``f``'s natural domain (:func:`symopt.exact.natural.objective_domain`)."""
    return objective_domain(obj)


def search_region(obj: Any, box: Any) -> Region:
    """The region the interval search covers (see the module docstring)."""
    n = obj.n
    if box is not None:
        return Region(as_box(box, n, obj.variables))
    dom = domain_box(obj)
    if dom is None:
        note = "the domain is not a box: searched the default box" if getattr(obj, "domain", None) else ""
        return Region(as_box(None, n), note=note)
    default = float(DEFAULT_HALF_WIDTH)
    sides = []
    for b in dom.bounds:
        lo = b.lo if b.lo.is_finite else -default
        hi = b.hi if b.hi.is_finite else default
        if not b.bounded:  # cut the default side down to the domain
            lo = max(lo, -default) if b.lo.is_finite else lo
            hi = min(hi, default) if b.hi.is_finite else hi
        sides.append((lo, hi))
    if any(not (lo < hi) for lo, hi in sides):
        raise DomainError(f"the domain {dom.describe()} leaves nothing of the default box to search")
    B = float_box(sides)
    if dom.bounded:
        return Region(B, dom, note=f"the objective's domain {dom.describe()}")
    return Region(B, dom, unbounded=True,
                  note=f"unbounded domain {dom.describe()}: searched {_box_text(B)}, not all of it")
