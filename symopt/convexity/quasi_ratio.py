r"""Quasiconvexity of a ratio through the whole family of its sublevel sets (Boyd & Vandenberghe 3.4.1, 3.4.5).

Let ``f >= 0`` (when ``k = 2``) and :math:`g = f^k = p/q` with ``q > 0`` on the box and
:math:`\ell \le g \le h` there (:math:`\ell` may be :math:`-\infty`, ``h`` may be :math:`+\infty`).  For
:math:`t \in [\ell, h]` the sublevel set is :math:`\{g \le t\} = \{p - t q \le 0\}`, and

.. math::  p - t q = \frac{(h - t)(p - \ell q) + (t - \ell)(p - h q)}{h - \ell}

is a convex combination of ``p - l q`` and ``p - h q``: when both are convex, every sublevel set of ``g`` is
convex (below ``l`` empty, above ``h`` the box).  With ``h = oo`` the second function is replaced by the
direction ``-q`` (:math:`p - t q = (p - \ell q) - (t - \ell) q`), with ``l = -oo`` the first by ``q``
(:math:`p - t q = (p - h q) + (h - t) q`); one end at least must be finite (it carries ``p``).
Superlevel sets (quasiconcavity) mirror it with ``-(p - t q)``.  Since :math:`t \mapsto t^2` is increasing on
``[0, oo)``, ``f >= 0`` has the sublevel sets of ``f^2`` (``k = 2``: the ratio of two Euclidean distances,
BV Example 3.34).  This contains the linear-fractional rule (``p``, ``q`` affine) and the convex-over-concave
rule (``l = 0``, ``h = oo``) and reaches ratios such as :math:`\|x - a\| / \|x - b\|` on the halfspace where it
is at most 1, whose denominator is not concave.

:class:`RatioFamilyProof` is a :class:`~symopt.convexity.evidence_combine.QuasiProof` (method
``"ratio-family"``) whose ``check()`` re-derives every step: the identity ``f^k = p/q``, the signs of ``f`` and
``q``, the two range bounds and the two convexity certificates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from ..errors import BudgetExceeded
from ..exact.signs import is_zero_identity, prove_sign
from .context import _Ctx, _Outcome
from .evidence import every_certifies
from .evidence_combine import QuasiProof
from .search import _compiled, _random_samples, _samples

__all__ = ["RatioFamilyProof", "ratio_family"]


def _ends(p: sp.Expr, q: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """The two functions whose convexity (times ``sign``) carries the family ``p - t q``, ``t`` in ``[lo, hi]``."""
    first = q if lo == -sp.oo else p - lo * q
    second = -q if hi == sp.oo else p - hi * q
    return first, second


@dataclass(frozen=True)
class RatioFamilyProof(QuasiProof):
    """``data = (k, p, q, lo, hi, first_evidence, second_evidence)``; see the module docstring."""

    def check(self) -> bool:
        s = self.sign
        if s not in (1, -1) or self.method != "ratio-family" or len(self.data) != 7:
            return False
        k, p, q, lo, hi, ev1, ev2 = self.data
        if k not in (1, 2) or not all(isinstance(e, sp.Expr) for e in (p, q, lo, hi)):
            return False
        if lo == hi or lo == sp.oo or hi == -sp.oo or (lo == -sp.oo and hi == sp.oo) or (lo != -sp.oo and not lo.is_Rational) or (
                hi != sp.oo and not hi.is_Rational) or (lo != -sp.oo and hi != sp.oo and not lo < hi):
            return False
        box = self.box
        try:
            if k == 2 and prove_sign(self.f, box, ">=0") is None:
                return False
            if not is_zero_identity(self.f**k - p / q, sp.S.Zero) and not is_zero_identity(sp.expand(self.f**k * q), p):
                return False
            if prove_sign(q, box, ">0") is None:
                return False
            if lo != -sp.oo and prove_sign(p - lo * q, box, ">=0") is None:
                return False
            if hi != sp.oo and prove_sign(hi * q - p, box, ">=0") is None:
                return False
        except (TypeError, ValueError, ArithmeticError):
            return False
        first, second = _ends(p, q, lo, hi)
        return every_certifies(ev1, s * first) and every_certifies(ev2, s * second)

    def summary(self) -> str:
        k, p, q, lo, hi = self.data[:5]
        g = "f" if k == 1 else "f^2 (f >= 0)"
        return (f"{g} = ({p})/({q}) with {q} > 0 and {lo} <= {g.split(' ')[0]} <= {hi}: every sublevel set "
                f"{{p - t q <= 0}}, t in [{lo}, {hi}], is convex (p - t q is a convex combination of its ends)")


def _rat_below(v: float) -> list:
    out = [sp.Integer(int(np.floor(v)))]
    r = sp.Rational(int(np.floor(v * 64)), 64)
    return out + ([r] if r != out[0] else [])


def _rat_above(v: float) -> list:
    out = [sp.Integer(int(np.ceil(v)))]
    r = sp.Rational(int(np.ceil(v * 64)), 64)
    return out + ([r] if r != out[0] else [])


def ratio_family(f: sp.Expr, ctx: _Ctx, sign: int) -> _Outcome | None:
    """A :class:`RatioFamilyProof` for ``f`` (``sign`` +1 quasiconvex, -1 quasiconcave), or ``None``."""
    try:
        return ctx.run(_search, f, ctx, sign, step="convexity", cap=max(0.5, 0.4 * ctx.remaining()))
    except BudgetExceeded:
        return None


def _search(f: sp.Expr, ctx: _Ctx, sign: int) -> _Outcome | None:
    box, vs = ctx.box, ctx.variables
    for k in (1, 2):
        if k == 2 and prove_sign(f, box, ">=0") is None:
            continue
        try:
            p, q = sp.fraction(sp.together(sp.powsimp(sp.expand_power_base(f**k, force=False))))
        except (TypeError, ValueError, sp.PolynomialError):
            continue
        if q == 1 or not is_zero_identity(f**k - p / q, sp.S.Zero):
            continue
        if prove_sign(q, box, ">0") is None:
            if prove_sign(-q, box, ">0") is None:
                continue
            p, q = -p, -q
        gc = _compiled(p / q, ctx)
        if gc is None:
            continue
        rng = np.random.default_rng(ctx.seed + 31)
        X = np.concatenate([_samples(ctx, 128, rng), _random_samples(ctx, 256, rng)])
        with np.errstate(all="ignore"):
            try:
                vals = np.asarray(gc.value(X), dtype=float)
            except Exception:  # noqa: BLE001 - a ratio NumPy cannot evaluate: no candidates
                continue
        vals = vals[np.isfinite(vals)]
        if not len(vals):
            continue
        los = _rat_below(float(vals.min())) + [-sp.oo]
        his = _rat_above(float(vals.max())) + [sp.oo]
        for lo in los:
            if lo != -sp.oo and prove_sign(p - lo * q, box, ">=0") is None:
                continue
            for hi in his:
                if (lo == -sp.oo and hi == sp.oo) or (lo != -sp.oo and hi != sp.oo and not lo < hi) or (hi != sp.oo and prove_sign(hi * q - p, box, ">=0") is None):
                    continue
                first, second = _ends(p, q, lo, hi)
                o1 = ctx.is_convex(sign * first)
                if o1.status != "proved":
                    continue
                o2 = ctx.is_convex(sign * second)
                if o2.status != "proved":
                    continue
                ev = RatioFamilyProof(f, box, sign, "ratio-family", (), (k, p, q, lo, hi, tuple(o1.evidence),
                                                                         tuple(o2.evidence)))
                if ev.check():
                    return _Outcome("proved", (ev,), None, ev.summary())
    return None
