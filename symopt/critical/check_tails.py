"""Evidence that a domain's critical points and minima lie in a compact core box, and its checker.

An evidence module (imports only ``symopt.core``, ``symopt.exact``, floor 0 and the base
evidence module :mod:`symopt.critical.check`).

Let ``D`` be a box domain (sides open, closed or unbounded).  A *cover* cuts ``D`` into a
compact core ``K = prod [a_i, b_i] ⊆ D`` and slabs: for each side of ``D`` that is unbounded,
or finite and open, the slab ``S = {x ∈ D : x_i <= a_i}`` (or ``x_i >= b_i``), closed at the
cut, on which one gradient entry has a strict sign, ``g_i < 0`` or ``g_i > 0``, proved by the
sign prover :func:`symopt.exact.signs.prove_sign` on ``S`` (a box with open and infinite
sides).  Then:

* **no critical point lies in a slab** (``g_i != 0`` there), so a complete list in ``K`` is
  complete on ``D``;
* when every slab points **inwards** (``g_i < 0`` on a lower slab, ``> 0`` on an upper one),
  clamping the coordinates of any ``x ∈ D`` into ``K`` one at a time moves along segments
  inside a slab where ``f`` strictly decreases (mean value theorem), so ``f(clamp(x)) <= f(x)``,
  strictly when ``x ∉ K``: ``inf_D f = min_K f``, attained (``K`` is compact, ``f``
  continuous on it), and every minimiser lies in ``K``.  The global minimum over ``D`` is the
  certified minimum over the box ``K``.

The checker re-proves every slab's sign, re-checks that the slabs and the core cover ``D``
exactly (rational cuts, the core's sides where ``D``'s are closed and finite), then the
evidence for ``K`` it wraps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..core.domain import Bound
from ..core.domain import Box as DomainBox
from ..core.points import CriticalPoints, exact_sign
from ..exact.interval import float_box
from ..exact.natural import objective_domain
from ..exact.signs import prove_sign
from .check import CheckResult, failed, rationalize, run_check
from .check_grid import GridCover, check_grid

__all__ = ["effective_domain", "Slab", "TailCover", "TailCertificate", "TailMinimumEvidence", "LimitRayEvidence", "slab_box",
           "prove_slab", "end_limit", "ray_limit"]


@dataclass(frozen=True)
class Slab:
    """``g_index (relation) 0`` on ``{x ∈ D : x_index <= cut}`` (``side == "lower"``) or ``>= cut``."""

    index: int
    side: str
    cut: sp.Rational
    relation: str
    how: str

    @property
    def inward(self) -> bool:
        return (self.side == "lower" and self.relation == "<0") or (self.side == "upper" and self.relation == ">0")


@dataclass(frozen=True)
class TailCover:
    """The domain, its compact core (exact rational sides) and the slabs around it."""

    domain: DomainBox
    core: tuple
    slabs: tuple

    @property
    def inward(self) -> bool:
        return all(s.inward for s in self.slabs)

    def float_core(self) -> tuple:
        return float_box(self.core)

    def describe(self) -> str:
        parts = [f"d f/d{self.domain.variables[s.index]} {s.relation[0]} 0 where "
                 f"{self.domain.variables[s.index]} {'<=' if s.side == 'lower' else '>='} {s.cut}" for s in self.slabs]
        return "; ".join(parts)


def slab_box(domain: DomainBox, slab: Slab) -> DomainBox:
    """The slab as a box: ``D``'s bounds, with the slab's side cut (closed at the cut)."""
    bounds = list(domain.bounds)
    b = bounds[slab.index]
    if slab.side == "lower":
        bounds[slab.index] = Bound(b.lo, slab.cut, b.lo_strict, False)
    else:
        bounds[slab.index] = Bound(slab.cut, b.hi, False, b.hi_strict)
    return DomainBox(domain.variables, tuple(bounds))


def prove_slab(grad: sp.Expr, domain: DomainBox, slab: Slab) -> str | None:
    """How ``grad (relation) 0`` is proved on the slab, or ``None``: the sign prover on the slab itself,
    or, where the slab's outer end ``e`` is finite and open, on the closed unbounded image of the
    substitution ``x_i = e +- 1/s`` (``s >= 1/|cut - e|``; a bijection of the slab, so the same statement)."""
    try:
        how = prove_sign(grad, slab_box(domain, slab), slab.relation)
        if how is not None:
            return how
        b = domain.bounds[slab.index]
        end, strict = (b.lo, b.lo_strict) if slab.side == "lower" else (b.hi, b.hi_strict)
        if not (end.is_finite and strict):
            return None
        x = domain.variables[slab.index]
        s = sp.Dummy("s", positive=True)  # so that log(1/s) = -log(s), sqrt(1/s) = 1/sqrt(s)
        sign = 1 if slab.side == "lower" else -1
        image = grad.xreplace({x: end + sign / s})
        bounds = list(domain.bounds)
        bounds[slab.index] = Bound(1 / abs(slab.cut - end), sp.oo, False, False)
        box = DomainBox(domain.variables[:slab.index] + (s,) + domain.variables[slab.index + 1:], tuple(bounds))
        how = prove_sign(image, box, slab.relation)
        return None if how is None else f"{how} (after {x} = {end} {'+' if sign > 0 else '-'} 1/s)"
    except (ArithmeticError, ValueError, TypeError, AttributeError, NotImplementedError, RecursionError):
        return None


def effective_domain(domain: DomainBox, f: sp.Expr) -> DomainBox:
    """The domain with each closed finite side on which ``f`` has no value (``x log x`` at ``x = 0``: exact
    substitution gives ``nan``) made open: no point of such a face is a point of ``f``'s domain."""
    bounds = []
    for x, b in zip(domain.variables, domain.bounds):
        lo_strict, hi_strict = b.lo_strict, b.hi_strict
        for end, which in ((b.lo, "lo"), (b.hi, "hi")):
            if end.is_finite and not (lo_strict if which == "lo" else hi_strict):
                try:
                    value = f.xreplace({x: end})
                    undefined = value.has(sp.nan, sp.zoo, sp.oo, -sp.oo)
                except (ArithmeticError, ValueError, TypeError, RecursionError):
                    undefined = False
                if undefined:
                    lo_strict, hi_strict = (True, hi_strict) if which == "lo" else (lo_strict, True)
        bounds.append(Bound(b.lo, b.hi, lo_strict, hi_strict))
    return DomainBox(domain.variables, tuple(bounds))


def _check_cover(cover: Any, gradient: tuple) -> bool:
    if isinstance(cover, GridCover):
        return check_grid(cover, gradient)
    if not isinstance(cover, TailCover):
        return False
    dom = cover.domain
    if len(cover.core) != len(dom.variables):
        return False
    need = set()
    for i, (b, (a, c)) in enumerate(zip(dom.bounds, cover.core)):
        if not (sp.sympify(a).is_Rational and sp.sympify(c).is_Rational and a < c):
            return False
        for side, end, strict, cut in (("lower", b.lo, b.lo_strict, a), ("upper", b.hi, b.hi_strict, c)):
            if end.is_finite and not strict:
                if cut != end:
                    return False  # a closed finite side is the core's own side
            else:
                need.add((i, side, cut))
                if end.is_finite and not ((end < cut) if side == "lower" else (cut < end)):
                    return False
    got = {(s.index, s.side, s.cut) for s in cover.slabs}
    if got != need or len(cover.slabs) != len(need):
        return False
    for s in cover.slabs:
        if s.relation not in (">0", "<0"):
            return False
        if prove_slab(gradient[s.index], dom, s) is None:
            return False
    return True


@dataclass(frozen=True)
class TailCertificate:
    """Every critical point on the domain: none in the slabs (their signs), and the evidence ``inner``
    for the core ``K`` (an interval certificate of ``K``)."""

    cover: TailCover
    inner: Any

    def __repr__(self) -> str:
        return f"TailCertificate({self.cover.describe()}; core {self.cover.core})"

    def verify_points(self, points: CriticalPoints) -> CheckResult:
        return run_check(_check_tails, self, points, reason="the domain cover does not re-check")


def _check_tails(cert: TailCertificate, points: CriticalPoints) -> bool | CheckResult:
    obj = points.objective
    grads = tuple(rationalize(g) for g in obj.gradient)
    try:
        dom = objective_domain(obj)  # the domain given, or f's natural domain
    except Exception:  # noqa: BLE001 - a domain that does not parse cannot match the certificate
        return False
    if dom is None:
        return False
    if effective_domain(dom, rationalize(obj.expr)) != cert.cover.domain or not _check_cover(cert.cover, grads):
        return False
    if tuple(getattr(cert.inner, "box", ())) != tuple(cert.cover.float_core()):
        return False  # the core must be the box searched
    inner = CriticalPoints(list(points), complete=points.complete, undecided=points.undecided,
                           certificate=cert.inner, objective=obj, extra=points.extra)
    return cert.inner.verify_points(inner)


def end_limit(f: sp.Expr, domain: DomainBox, slab: Slab) -> sp.Expr:
    """One variable: the limit of ``f`` at the slab's outer end (``+-oo`` or an open finite end, from inside)."""
    (x,) = domain.variables
    b = domain.bounds[0]
    if slab.side == "upper":
        return sp.limit(f, x, b.hi, "-") if b.hi.is_finite else sp.limit(f, x, sp.oo)
    return sp.limit(f, x, b.lo, "+") if b.lo.is_finite else sp.limit(f, x, -sp.oo)


@dataclass(frozen=True)
class TailMinimumEvidence:
    """``inf_D f = min_K f`` and the evidence ``box`` of the minimum over ``K``: every slab inwards,
    or (one variable) on each outward slab ``f`` decreases towards the end, so its values there exceed
    the limit ``L`` at that end (``limits``), and the minimum over ``K`` is at most ``L``."""

    cover: TailCover
    box: Any
    limits: tuple = ()

    def check(self, gm: Any) -> CheckResult:
        """Re-verify (under the work limit: an exhausted limit is \"not re-checked\", never \"failed\")."""
        return run_check(self._check, gm, reason="the evidence does not re-check")

    def _check(self, gm: Any) -> CheckResult | bool:
        grads = tuple(sp.diff(self.box.f, v) for v in self.box.variables)
        if not _check_cover(self.cover, grads):
            return failed("the slabs do not re-prove")
        if isinstance(self.cover, GridCover) and not self.cover.inward:
            return failed("a cell's entry does not point towards the core")
        outward = [k for k, s in enumerate(self.cover.slabs) if not s.inward]
        if outward:
            if len(self.box.variables) != 1 or sorted(k for k, _ in self.limits) != outward:
                return failed("an outward slab without the limit at its end")
            for k, L in self.limits:
                if end_limit(self.box.f, self.cover.domain, self.cover.slabs[k]) != L or not L.is_finite \
                        or not L.is_real or exact_sign(L - gm.upper) not in (0, 1):
                    return failed("the core's minimum is not below the limit at an outward end")
        if tuple(self.box.box) != tuple(self.cover.float_core()):
            return failed("the box minimum is not over the core")
        return self.box.check(gm)


@dataclass(frozen=True)
class LimitRayEvidence:
    """``inf_D f = -oo``: along the ray from ``base`` (a point of ``D``) in which coordinate ``index`` goes
    to ``+oo`` (``sign = 1``) or ``-oo`` along an unbounded side of ``D``, ``f -> -oo`` (SymPy's
    Gruntz limit, a decision procedure for exp-log functions, re-computed by the checker)."""

    f: sp.Expr
    domain: DomainBox
    base: tuple
    index: int
    sign: int

    def describe(self) -> str:
        x = self.domain.variables[self.index]
        return (f"f -> -oo as {x} -> {'+' if self.sign > 0 else '-'}oo from {self.base} (a limit along a ray in the "
                f"domain): inf f = -oo, no minimum")

    def check(self, gm: Any) -> CheckResult | bool:
        if gm.lower is not None or gm.upper is not None:
            return failed("an unbounded minimum has no enclosure")
        return run_check(_check_ray, self, reason="the ray does not re-check")


def ray_limit(f: sp.Expr, domain: DomainBox, base: tuple, index: int, sign: int) -> sp.Expr:
    """The limit of ``f`` along the ray (see :class:`LimitRayEvidence`)."""
    x = domain.variables[index]
    sub = {v: c for k, (v, c) in enumerate(zip(domain.variables, base)) if k != index}
    return sp.limit(f.xreplace(sub), x, sign * sp.oo)


def _check_ray(ev: LimitRayEvidence) -> bool:
    b = ev.domain.bounds[ev.index]
    if ev.sign not in (1, -1) or (b.hi if ev.sign > 0 else b.lo).is_finite:
        return False  # the ray must stay in the domain
    if not ev.domain.contains(dict(zip(ev.domain.variables, ev.base))):
        return False
    return ray_limit(ev.f, ev.domain, ev.base, ev.index, ev.sign) == -sp.oo
