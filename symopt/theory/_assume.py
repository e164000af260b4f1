"""Assumptions on symbols (``"0 < mu <= L"``, ``"0 < beta < 1"``) as a sign decider for the theory.

Each assumed symbol is rewritten through fresh symbols whose SymPy assumptions
carry the relation: ``mu > 0`` gives ``mu = m`` (``m`` positive), ``L >= mu``
gives ``L = mu + d`` (``d`` non-negative), ``0 < beta < 1`` gives
``beta = 1/(1 + t)`` (``t`` positive).  The sign of an expression is decided on
the rewritten form by SymPy's assumptions (after ``factor``/``simplify``), so a
sign proved there holds for every value the assumptions allow.  Relations this
does not cover are rejected, never ignored silently; an upper bound that is
not strict on both sides is dropped, which only weakens what is assumed (a
sign proved under the weaker assumption still holds).
"""

from __future__ import annotations

from typing import Any, Callable

import sympy as sp

from ..errors import ParseError
from ..exact.schur import constant_sign
from ..core.parse import parse_relations
from ._common import _budgeted_simplify

__all__: list[str] = []


def _relations(assume: Any) -> list[sp.Basic]:
    if assume is None:
        return []
    if isinstance(assume, str):
        return list(parse_relations(assume))
    if isinstance(assume, sp.Basic):
        return list(assume.args) if isinstance(assume, sp.And) else [assume]
    out: list = []
    for a in assume:
        out.extend(_relations(a))
    return out


def substitution(assume: Any) -> dict:
    """``{symbol name: expression in fresh signed symbols}`` for the assumptions (see the module)."""
    lower: dict[str, tuple[sp.Expr, bool]] = {}
    upper: dict[str, tuple[sp.Expr, bool]] = {}
    syms: dict[str, sp.Symbol] = {}
    for rel in _relations(assume):
        if not isinstance(rel, (sp.StrictLessThan, sp.LessThan, sp.StrictGreaterThan, sp.GreaterThan)):
            raise ParseError(f"an assumption must be an inequality, got {rel}")
        small, big = (rel.lhs, rel.rhs) if isinstance(rel, (sp.StrictLessThan, sp.LessThan)) else (rel.rhs, rel.lhs)
        strict = isinstance(rel, (sp.StrictLessThan, sp.StrictGreaterThan))
        if big.is_Symbol and (small.is_number or small.is_Symbol):
            syms[big.name] = big
            lower[big.name] = (small, strict)
        elif small.is_Symbol and big.is_number:
            syms[small.name] = small
            upper[small.name] = (big, strict)
        else:
            raise ParseError(f"assumptions bound one symbol by a number or another symbol, got {rel}")
    out: dict[str, sp.Expr] = {}
    done: set[str] = set()

    def place(name: str, depth: int = 0) -> sp.Expr:
        if name in out:
            return out[name]
        if depth > len(syms):
            raise ParseError("the assumptions are circular")
        lo = lower.get(name)
        hi = upper.get(name)
        if lo is None:
            out[name] = syms[name]
            return out[name]
        base, strict = lo
        if base.is_Symbol and base.name in syms:
            base = place(base.name, depth + 1)
        d = sp.Dummy(f"d_{name}", positive=True) if strict else sp.Dummy(f"d_{name}", nonnegative=True)
        if hi is not None and hi[1] and strict and base.is_number:
            t = sp.Dummy(f"t_{name}", positive=True)
            out[name] = base + (hi[0] - base) / (1 + t)
        else:
            out[name] = base + d
        done.add(name)
        return out[name]

    for name in list(syms):
        place(name)
    return out


def sign_under(assume: Any) -> Callable[[sp.Expr], int | None]:
    """A sign function (``1``, ``-1``, ``0`` or ``None``) valid for every value the assumptions allow.

    ``1`` means ``> 0``, or ``>= 0`` when only that is proved and ``strict`` is
    not asked; see :func:`order_sign` and :func:`strict_sign`.
    """
    subs = substitution(assume)
    if not subs:
        return constant_sign

    def sign(e: sp.Expr) -> int | None:
        e = sp.sympify(e)
        env = {s: subs[s.name] for s in e.free_symbols if s.name in subs}
        f = _budgeted_simplify(sp.factor(e.xreplace(env))) if env else e
        if f.is_zero:
            return 0
        if f.is_positive:
            return 1
        if f.is_negative:
            return -1
        if not f.free_symbols:
            return constant_sign(f)
        return None

    return sign


def order_sign(assume: Any) -> Callable[[sp.Expr], int | None]:
    """Like :func:`sign_under` but ``1`` also for ``>= 0`` and ``-1`` for ``<= 0`` (enough to order two values)."""
    subs = substitution(assume)
    strict = sign_under(assume)
    if not subs:
        return constant_sign

    def sign(e: sp.Expr) -> int | None:
        s = strict(e)
        if s is not None:
            return s
        e = sp.sympify(e)
        env = {q: subs[q.name] for q in e.free_symbols if q.name in subs}
        f = _budgeted_simplify(sp.factor(e.xreplace(env)))
        if f.is_nonnegative:
            return 1
        if f.is_nonpositive:
            return -1
        return None

    return sign
