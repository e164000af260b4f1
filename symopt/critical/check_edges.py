"""Evidence for critical points on a box's edges and degenerate zeros in one variable, and its checker.

An evidence module (imports only ``symopt.core``, ``symopt.exact``, floor 0 and the base
evidence module :mod:`symopt.critical.check`).

The interval search (:class:`~symopt.critical.check.IntervalCertificate`) proves a zero only
in the interior of a sub-box, so a critical point on the box's edge (``-x sin x`` at ``x = 0``
on ``[0, 10]``) or a degenerate one (``(6x - 2)^2 sin(12x - 4)`` at ``x = 1/3``, where
``f' = f'' = 0``) stays undecided.  This evidence wraps a search of a slightly larger box
``B' ⊇ B`` and decides, for each zero ``z`` proved unique in a leaf of ``B'``:

* **in** ``B``: its enclosure ``E`` lies in ``B``; **out**: ``E ∩ B = ∅``;
* **face**: ``E`` meets the faces ``x_i = c_i`` (``i ∈ F``) of ``B``; every ``g_i`` with
  ``i ∈ F`` vanishes identically on that face (exactly), and the reduced system
  ``g_j(x_R, c_F) = 0`` (``j ∉ F``) has a zero ``w`` in ``E_R`` by Krawczyk's test
  ``K(E_R) ⊆ E_R`` (or, ``F`` everything, ``g(c) = 0`` exactly).  Then ``(w, c)`` is a zero
  of ``grad f`` in ``E``, and the leaf's zero is unique, so ``z = (w, c)``: on the face, in ``B``.

and for an undecided leaf ``X`` of one variable that meets ``B``, an exact point ``p ∈ X`` with
``g(p) = g'(p) = ... = g^(k-1)(p) = 0`` (exact arithmetic) and ``0 ∉ g^(k)(X)`` (interval):
by the generalised Rolle theorem a function whose ``k``-th derivative has no zero on an
interval has at most ``k`` zeros there counted with multiplicity, and ``p`` already has
multiplicity ``k``, so ``p`` is the only zero of ``g = f'`` in ``X``.

Leaves of ``B'`` undecided and disjoint from ``B`` say nothing about ``B`` and are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..core.points import CriticalPoints, exact_sign
from ..exact.interval import Undefined, box_env, enclosure, float_box, krawczyk, lower_float, upper_float
from .check import Box, CheckResult, check_kinds, check_points, failed, rationalize, run_check

__all__ = ["EdgeCertificate", "membership", "rolle_order"]

#: Highest derivative order the generalised Rolle test tries.
MAX_ROLLE_ORDER = 4


def _exact_zero(expr: sp.Expr) -> bool:
    return exact_sign(sp.sympify(expr)) == 0


def _inside_exact(v: sp.Expr, lo: Any, hi: Any) -> bool | None:
    """``lo <= v <= hi`` for exact reals, decided by exact signs (``None`` when undecided)."""
    a, b = exact_sign(sp.sympify(v) - lo), exact_sign(sp.sympify(hi) - v)
    if a is None or b is None:
        return None
    return a >= 0 and b >= 0


def by_witness(grad: tuple, variables: tuple, E: Box, sides: tuple, witness: dict) -> str:
    """An exact zero ``p`` of the gradient in ``E`` (where the zero is unique) is that zero: ``"in"`` or
    ``"face"`` when ``p`` lies in the exact box ``sides``, ``"out"`` when not, ``"unknown"`` otherwise."""
    p = [sp.sympify(witness.get(v)) for v in variables]
    if any(c is None or c.free_symbols or c.is_real is not True for c in p):
        return "unknown"
    for c, (el, eh) in zip(p, E):
        if _inside_exact(c, sp.Rational(el), sp.Rational(eh)) is not True:
            return "unknown"
    sub = dict(zip(variables, p))
    if any(exact_sign(g.xreplace(sub)) != 0 for g in grad):
        return "unknown"
    inside = [_inside_exact(c, lo, hi) for c, (lo, hi) in zip(p, sides)]
    if any(i is None for i in inside):
        return "unknown"
    return "face" if all(inside) else "out"


def membership(grad: tuple, hess: tuple, variables: tuple, E: Box, B: Box, exact: tuple | None = None,
               witness: dict | None = None) -> str:
    """As :func:`_membership`; where that is undecided, an exact zero ``witness`` in ``E`` decides."""
    found = _membership(grad, hess, variables, E, B, exact)
    if found != "unknown" or witness is None:
        return found
    sides = exact if exact is not None else tuple((sp.Rational(lo), sp.Rational(hi)) for lo, hi in B)
    return by_witness(grad, variables, E, sides, witness)


def _membership(grad: tuple, hess: tuple, variables: tuple, E: Box, B: Box, exact: tuple | None = None) -> str:
    """``"in"``, ``"out"``, ``"face"`` or ``"unknown"``: where the unique zero in ``E`` lies
    relative to ``B`` (see the module docstring); ``exact`` gives the exact sides that ``B``'s
    floats round outwards (the faces tested are those, ``x = pi/2`` rather than its double)."""
    faces: dict[int, sp.Rational] = {}
    for i, ((el, eh), (bl, bh)) in enumerate(zip(E, B)):
        if eh < bl or el > bh:
            return "out"
        if bl <= el and eh <= bh:
            continue
        if el <= bl <= eh and el <= bh <= eh:
            return "unknown"  # E wider than B in this side
        k = 0 if el <= bl <= eh else 1
        faces[i] = sp.sympify(exact[i][k]) if exact is not None else sp.Rational((bl, bh)[k])
    if not faces:
        return "in"
    sub = {variables[i]: c for i, c in faces.items()}
    if any(not _exact_zero(grad[i].xreplace(sub)) for i in faces):
        return "unknown"
    rest = [j for j in range(len(variables)) if j not in faces]
    if not rest:
        return "face"  # g(c) = 0 exactly, and c lies in E
    rg = [grad[j].xreplace(sub) for j in rest]
    rh = [[hess[j][k].xreplace(sub) for k in rest] for j in rest]
    ER = tuple(E[j] for j in rest)
    try:
        K = krawczyk(rg, rh, [variables[j] for j in rest], ER)
    except (Undefined, ArithmeticError, ValueError, TypeError):
        return "unknown"
    if K is None:
        return "unknown"
    if any(lower_float(k) < lo or upper_float(k) > hi for k, (lo, hi) in zip(K, ER)):
        return "unknown"
    return "face"


def rolle_order(g: sp.Expr, x: sp.Symbol, p: sp.Expr, X: Box) -> int | None:
    """The order ``k`` of the generalised Rolle test that makes ``p`` the only zero of ``g`` in ``X``
    (one variable), or ``None``."""
    try:
        lo, hi = (sp.Rational(v) for v in X[0])
        if not (lo <= p <= hi) if p.is_Rational else not (sp.Float(lo, 30) <= sp.N(p, 30) <= sp.Float(hi, 30)):
            return None
        if not p.is_Rational and (abs(sp.N(p - lo, 30)) < 1e-25 or abs(sp.N(p - hi, 30)) < 1e-25):
            return None  # too close to an end to be sure of the side without exact arithmetic
    except (TypeError, ValueError):
        return None
    d = g
    for k in range(MAX_ROLLE_ORDER + 1):
        if k >= 1:
            try:
                e = enclosure(d, box_env([x], X))
            except (Undefined, ArithmeticError, ValueError, TypeError):
                e = None
            if e is not None and (lower_float(e) > 0 or upper_float(e) < 0):
                return k
        if not _exact_zero(d.xreplace({x: p})):
            return None
        d = sp.diff(d, x)
    return None


@dataclass(frozen=True)
class EdgeCertificate:
    """A search of ``outer ⊇ box`` and the decisions that carry it to ``box``.

    Attributes:
        inner: the :class:`~symopt.critical.check.IntervalCertificate` of the search of ``outer``.
        inner_points: every zero it proved (unique leaves), as listed points with enclosures.
        inner_undecided: its undecided leaves ``(X, why)``.
        box: the box asked about (float, rounded outwards).
        outer: the box searched.
        decisions: for each inner point, ``"in"``, ``"face"``, ``"out"`` or ``"unknown"``.
        resolved: ``(leaf, p, k)`` for undecided leaves of one variable settled by the
            generalised Rolle test (``p`` exact, the only zero in the leaf).
        exact: the box's exact sides (``box`` is their outward rounding), or ``None``.
    """

    inner: Any
    inner_points: tuple
    inner_undecided: tuple
    box: Box
    outer: Box
    decisions: tuple
    resolved: tuple
    exact: tuple | None = None
    witnesses: tuple = ()

    def __repr__(self) -> str:
        return (f"EdgeCertificate({len(self.inner_points)} zero(s) in the larger box, "
                f"{sum(d == 'face' for d in self.decisions)} on a face, {len(self.resolved)} by Rolle)")

    def verify_points(self, points: CriticalPoints) -> CheckResult:
        """Re-check the inner search, every decision and every Rolle resolution (see the module docstring)."""
        return run_check(_check_edges, self, points, reason="the edge evidence does not re-check")


def _check_edges(cert: EdgeCertificate, points: CriticalPoints) -> bool | CheckResult:
    obj = points.objective
    if any(not (ol <= bl and bh <= oh) for (ol, oh), (bl, bh) in zip(cert.outer, cert.box)):
        return False
    if tuple(cert.inner.box) != tuple(cert.outer):
        return False
    if cert.exact is not None and tuple(float_box(cert.exact)) != tuple(cert.box):
        return False  # the float box must be the outward rounding of the exact one
    inner = CriticalPoints(list(cert.inner_points), complete=not cert.inner_undecided,
                           undecided=cert.inner_undecided, certificate=cert.inner, objective=obj)
    result = check_points(inner)  # the tree, the points' enclosures and kinds, the gradient is f's
    if not result:
        return result
    grad, hess, variables = cert.inner.gradient, cert.inner.hessian, tuple(cert.inner.variables)
    if len(cert.decisions) != len(cert.inner_points):
        return False
    expected = []
    witnesses = cert.witnesses or (None,) * len(cert.decisions)
    if len(witnesses) != len(cert.decisions):
        return False
    for cp, d, w in zip(cert.inner_points, cert.decisions, witnesses):
        if membership(grad, hess, variables, float_box(cp.enclosure), cert.box, cert.exact, w) != d:
            return False
        if d in ("in", "face"):
            expected.append(cp)
    # SymPy's exact solutions outside any certified box are listed as ``extra`` (not part of this evidence)
    listed = [cp for cp in points if cp.enclosure is not None and not _is_resolved(cp, cert)]
    unboxed = [cp for cp in points if cp.enclosure is None and not _is_resolved(cp, cert)]
    if len(unboxed) != points.extra:
        return False
    if len(listed) != len(expected) or any(a.enclosure != b.enclosure or a.kind != b.kind
                                           for a, b in zip(sorted(listed, key=_key), sorted(expected, key=_key))):
        return False
    # undecided leaves: disjoint from the box, settled by Rolle, or still listed as undecided
    settled = {tuple(X) for X, _, _ in cert.resolved}
    still = [X for X, _ in cert.inner_undecided if _meets(X, cert.box) and tuple(X) not in settled]
    if len(still) + sum(d == "unknown" for d in cert.decisions) != len(points.undecided):
        return False
    x = variables[0]
    for X, p, k in cert.resolved:
        if len(variables) != 1 or tuple(X) not in {tuple(Y) for Y, _ in cert.inner_undecided}:
            return False
        if rolle_order(grad[0], x, p, X) != k:
            return False
    resolved_points = [cp for cp in points if _is_resolved(cp, cert)]
    in_box = [(X, p) for X, p, _ in cert.resolved if _in_box(p, cert.box)]
    if sorted(str(cp.point[x]) for cp in resolved_points) != sorted(str(p) for _, p in in_box):
        return False
    if not check_kinds(obj, resolved_points):
        return False
    return True


def _key(cp: Any) -> tuple:
    return tuple(float(lo) for lo, _ in cp.enclosure)


def _meets(X: Box, B: Box) -> bool:
    return all(xl <= bh and bl <= xh for (xl, xh), (bl, bh) in zip(X, B))


def _in_box(p: sp.Expr, B: Box) -> bool:
    lo, hi = (sp.Rational(v) for v in B[0])
    if not p.is_Rational and min(abs(sp.N(p - e, 30)) for e in (lo, hi)) < 1e-20:
        raise ValueError("an irrational point too close to the box's end to place")
    return bool(lo <= p <= hi) if p.is_Rational else bool(sp.Float(lo, 30) < sp.N(p, 30) < sp.Float(hi, 30))


def _is_resolved(cp: Any, cert: EdgeCertificate) -> bool:
    """A point settled by the Rolle test: one variable, its exact value one of the resolved ``p``."""
    if len(cp.point) != 1 or not cert.resolved:
        return False
    (value,) = cp.point.values()
    return any(value == p for _, p, _ in cert.resolved)


def objective_gradient_matches(cert: EdgeCertificate, obj: Any) -> bool:
    """The certificate's gradient is the objective's (exactly)."""
    grads = [rationalize(g) for g in obj.gradient]
    return len(grads) == len(cert.inner.gradient) and all(sp.expand(g - e) == 0 for g, e in zip(grads, cert.inner.gradient))
