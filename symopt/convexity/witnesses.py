r"""Counterexamples, each checked in exact arithmetic (or by a rigorous enclosure) on its own.

* :class:`JensenWitness`: exact rational points where Jensen's inequality
  fails (not convex) or holds with equality (not strictly convex);
* :class:`LipschitzWitness`: the gradient moves more than ``L`` times the step;
* :class:`SingularHessianWitness`, :class:`CurvatureFamilyWitness`,
  :class:`BoundedSlopeWitness`, :class:`AffineSegmentWitness`: no modulus
  ``m > 0`` works (or no ``L``, for curvature unbounded along a path);
* :class:`KinkWitness`: a point where ``f`` is not differentiable (no ``L``);
* :class:`GeometricJensenWitness`, :class:`QuasiJensenWitness`: not
  log-concave / log-convex, not quasiconvex / quasiconcave.

Imports only :mod:`symopt.core`, :mod:`symopt.exact` and :mod:`~symopt.convexity.evidence`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import sympy as sp

from ..core.domain import Bound, Box
from ..exact.signs import (
    as_rational,
    const_sign,
    defined_on,
    drop_atoms,
    gap_sign,
    is_smooth,
    is_zero_identity,
    prove_sign,
    twice_differentiable,
    value_at,
)
from .evidence import Witness, safe_check


__all__ = ["JensenWitness", "LipschitzWitness", "SingularHessianWitness", "CurvatureFamilyWitness", "BoundedSlopeWitness",
           "KinkWitness", "AffineSegmentWitness", "GeometricJensenWitness", "QuasiJensenWitness"]


def _num_text(v: Any) -> str:
    v = sp.sympify(v)
    if v.is_Rational:
        return str(v)
    try:
        return f"{float(v.evalf(30)):.6g}"
    except (TypeError, ValueError, OverflowError):
        return str(v)


def _point_names(variables: Sequence[sp.Symbol]) -> tuple[str, str]:
    """Two names for witness points that no variable uses (a, b; else p, q; else P1, P2)."""
    used = {v.name for v in variables}
    for pair in (("a", "b"), ("p", "q"), ("u", "w"), ("P1", "P2")):
        if not (set(pair) & used):
            return pair
    return ("point_1", "point_2")


def _coords(variables: Sequence[sp.Symbol], pt: Sequence[Any]) -> str:
    if len(variables) == 1:
        return f"({variables[0]} = {pt[0]})"
    return "(" + ", ".join(f"{v} = {c}" for v, c in zip(variables, pt)) + ")"


@dataclass(frozen=True)
class JensenWitness(Witness):
    r"""Exact points where Jensen's inequality fails for ``expr``.

    With :math:`m = \theta x + (1-\theta) y` the gap is
    :math:`f(m) - \theta f(x) - (1-\theta) f(y)`.  ``kind="strict"`` claims
    gap > 0 (so ``expr`` is not convex); ``kind="equality"`` claims gap >= 0 with
    ``x != y`` (so ``expr`` is not strictly convex).
    """

    expr: sp.Expr
    variables: tuple
    x: tuple
    y: tuple
    theta: sp.Rational
    box: Box
    kind: str = "strict"

    def gap(self) -> sp.Expr:
        """The exact gap as a SymPy constant."""
        t = self.theta
        mid = {v: t * a + (1 - t) * b for v, a, b in zip(self.variables, self.x, self.y)}
        fx = value_at(self.expr, dict(zip(self.variables, self.x)))
        fy = value_at(self.expr, dict(zip(self.variables, self.y)))
        return value_at(self.expr, mid) - t * fx - (1 - t) * fy

    def check(self) -> bool:
        try:
            xs = [as_rational(c) for c in self.x]
            ys = [as_rational(c) for c in self.y]
            t = as_rational(self.theta)
        except ValueError:
            return False
        if not (0 < t < 1) or xs == ys:
            return False
        if not self.box.contains(dict(zip(self.variables, xs))) or not self.box.contains(dict(zip(self.variables, ys))):
            return False
        for pt in (xs, ys):
            if value_at(self.expr, dict(zip(self.variables, pt))).has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I):
                return False
        try:
            s, _ = gap_sign(self.gap())
        except (OverflowError, ValueError, TypeError, RecursionError):
            return False  # a gap SymPy cannot even form is not a witness
        if self.kind == "strict":
            return s == 1
        return s is not None and s >= 0

    def summary(self) -> str:
        return "Jensen witness: " + self.statement()

    def statement(self, sign: int = 1, name: str = "f") -> str:
        """The inequality that holds, for ``sign * expr`` written as ``name``, with point names (a, b) that
        cannot clash with the variables, and the two sides' values.

        With ``sign=-1`` (a concavity question, where the stored witness is for
        ``-f``) the inequality is the reverse one for ``f``: ``f(mid) < mean``.
        """
        pa, pb = _point_names(self.variables)
        t = self.theta
        if self.kind == "strict":
            rel = ">" if sign > 0 else "<"
        else:
            rel = ">=" if sign > 0 else "<="
        mid = {v: t * a + (1 - t) * b for v, a, b in zip(self.variables, self.x, self.y)}
        lhs = sign * value_at(self.expr, mid)
        rhs = sign * (t * value_at(self.expr, dict(zip(self.variables, self.x)))
                      + (1 - t) * value_at(self.expr, dict(zip(self.variables, self.y))))
        combo = f"{pa}/2 + {pb}/2" if t == sp.Rational(1, 2) else f"{t}*{pa} + {1 - t}*{pb}"
        mean = f"(f({pa}) + f({pb}))/2" if t == sp.Rational(1, 2) else f"{t}*f({pa}) + {1 - t}*f({pb})"
        text = (f"{name}({combo}) {rel} {mean.replace('f(', name + '(')} at {pa} = {_coords(self.variables, self.x)}, "
                f"{pb} = {_coords(self.variables, self.y)}")
        return text + f": {_num_text(lhs)} {rel} {_num_text(rhs)}"

    def to_json(self) -> dict:
        g = self.gap()
        try:
            gap = float(g.evalf(20))
        except (TypeError, ValueError):
            gap = None
        return {"kind": "JensenWitness", "x": [str(c) for c in self.x], "y": [str(c) for c in self.y],
                "theta": str(self.theta), "function": str(self.expr), "gap": gap, "claim": self.kind}


@dataclass(frozen=True)
class LipschitzWitness(Witness):
    r"""Exact points with :math:`\|\nabla f(x) - \nabla f(y)\|^2 > L^2 \|x - y\|^2` (not L-smooth)."""

    expr: sp.Expr
    variables: tuple
    x: tuple
    y: tuple
    L: sp.Expr
    box: Box

    def gap(self) -> sp.Expr:
        grad = [sp.diff(self.expr, v) for v in self.variables]
        gx = [value_at(g, dict(zip(self.variables, self.x))) for g in grad]
        gy = [value_at(g, dict(zip(self.variables, self.y))) for g in grad]
        return sum((a - b) ** 2 for a, b in zip(gx, gy)) - self.L**2 * sum((a - b) ** 2 for a, b in zip(self.x, self.y))

    @safe_check
    def check(self) -> bool:
        try:
            xs = [as_rational(c) for c in self.x]
            ys = [as_rational(c) for c in self.y]
        except ValueError:
            return False
        if xs == ys or not self.box.contains(dict(zip(self.variables, xs))) or not self.box.contains(dict(zip(self.variables, ys))):
            return False
        s, _ = gap_sign(self.gap())
        return s == 1

    def summary(self) -> str:
        return f"||grad f(x) - grad f(y)|| > {self.L} ||x - y|| at x = {list(self.x)}, y = {list(self.y)}"

    def to_json(self) -> dict:
        return {"kind": "LipschitzWitness", "x": [str(c) for c in self.x], "y": [str(c) for c in self.y], "L": str(self.L)}


def _exact_real(c: Any) -> sp.Expr:
    """A rational, or an explicit real algebraic number such as ``sqrt(2)`` (radicals of rationals), else ``ValueError``."""
    try:
        return as_rational(c)
    except ValueError:
        pass
    e = sp.sympify(c) if isinstance(c, sp.Basic) else None
    if e is None or e.free_symbols or not e.is_real or not e.is_algebraic:
        raise ValueError(f"{c} is not an explicit real algebraic number")
    if any(not (a.is_Rational or a.is_Add or a.is_Mul or a.is_Pow) for a in sp.preorder_traversal(e)):
        raise ValueError(f"{c} is not written with radicals of rationals")
    return e


@dataclass(frozen=True)
class SingularHessianWitness(Witness):
    r"""An inner point ``p`` (rational, or radicals of rationals such as ``sqrt(2)``) and an exact nonzero
    rational ``v`` with :math:`\nabla^2 f(p)\, v = 0`.

    An m-strongly convex, twice differentiable ``f`` has
    :math:`v^\top \nabla^2 f(p) v \ge m \|v\|^2 > 0` at inner points, so this
    refutes strong convexity for *every* modulus ``m > 0`` at once (``x**4``
    at 0).  The checker recomputes the Hessian of ``expr`` at ``p`` exactly.
    """

    expr: sp.Expr
    variables: tuple
    point: tuple
    vector: tuple
    box: Box

    @safe_check
    def check(self) -> bool:
        try:
            p = [_exact_real(c) for c in self.point]
            v = [as_rational(c) for c in self.vector]
        except ValueError:
            return False
        if len(p) != len(self.variables) or len(v) != len(self.variables) or all(c == 0 for c in v):
            return False
        if not self.box.interior().contains(dict(zip(self.variables, p))):
            return False
        if not twice_differentiable(self.expr, self.variables, self.box):
            return False
        H = sp.hessian(self.expr, list(self.variables))
        at = dict(zip(self.variables, p))
        Hp = H.applyfunc(lambda e: value_at(e, at))
        Hv = Hp * sp.Matrix(v)
        return all(const_sign(c) == 0 for c in Hv)

    def summary(self) -> str:
        return (f"Hessian singular at {_coords(self.variables, self.point)}: H v = 0 for v = {list(self.vector)}, "
                "so v^T H v = 0 < m |v|^2 for every m > 0")

    def to_json(self) -> dict:
        return {"kind": "SingularHessianWitness", "point": [str(c) for c in self.point],
                "vector": [str(c) for c in self.vector], "summary": self.summary()}


@dataclass(frozen=True)
class CurvatureFamilyWitness(Witness):
    r"""A family of inner points ``p(s)``, ``s > 0``, along which the curvature in direction ``v`` escapes every bound.

    ``bound="above"``: :math:`v^\top \nabla^2 f(p(s)) v > s \|v\|^2` for every
    ``s > 0``: no ``L`` makes ``f`` L-smooth (``exp(x)`` with
    ``p(s) = log(s) + 1``: ``f''(p(s)) = e s > s``).  ``bound="below"``: the
    same for :math:`-v^\top \nabla^2 f v` (curvature unbounded below).
    ``bound="vanishing"``: :math:`v^\top \nabla^2 f(p(s)) v < s \|v\|^2`: no
    modulus ``m`` makes ``f`` m-strongly convex (``exp(x)`` with
    ``p(s) = log(s) - 1``).  The checker proves, symbolically for every
    ``s > 0`` (SymPy's assumptions with ``s`` positive, or the sign
    machinery of :func:`prove_sign` on the half-line), that ``p(s)`` lies in
    the interior of the domain and that the inequality holds.
    """

    expr: sp.Expr
    variables: tuple
    parameter: sp.Symbol
    point: tuple
    vector: tuple
    box: Box
    bound: str = "above"

    def curvature(self) -> sp.Expr:
        r""":math:`v^\top \nabla^2 f(p(s)) v` as an expression in ``s``."""
        H = sp.hessian(self.expr, list(self.variables))
        v = sp.Matrix(list(self.vector))
        q = (v.T * H * v)[0, 0]
        return q.xreplace(dict(zip(self.variables, self.point)))

    @safe_check
    def check(self) -> bool:
        s = self.parameter
        if not isinstance(s, sp.Symbol) or s in self.expr.free_symbols or s in self.variables:
            return False
        if self.bound not in ("above", "below", "vanishing"):
            return False
        try:
            v = [as_rational(c) for c in self.vector]
        except ValueError:
            return False
        if len(v) != len(self.variables) or all(c == 0 for c in v) or len(self.point) != len(v):
            return False
        if any(sp.sympify(c).free_symbols - {s} for c in self.point):
            return False
        if not twice_differentiable(self.expr, self.variables, self.box):
            return False
        half = Box((s,), (Bound(sp.S.Zero, sp.oo, True, False),))
        inner = self.box.interior()
        for c, b in zip(self.point, inner.bounds):
            c = sp.sympify(c)
            if b.lo is not -sp.oo and prove_sign(c - b.lo, half, ">0" if b.lo_strict else ">=0") is None:
                return False
            if b.hi is not sp.oo and prove_sign(b.hi - c, half, ">0" if b.hi_strict else ">=0") is None:
                return False
        norm2 = sum(c * c for c in v)
        q = self.curvature()
        gap = {"above": q - s * norm2, "below": -q - s * norm2, "vanishing": s * norm2 - q}[self.bound]
        if prove_sign(gap, half, ">0") is not None:
            return True
        other = gap.rewrite(sp.exp)  # cosh(log(s) + 1) = (e s + 1/(e s))/2: an identity
        return other != gap and prove_sign(other, half, ">0") is not None

    def summary(self) -> str:
        s = self.parameter
        rel = {"above": f"v^T H v > {s} |v|^2", "below": f"v^T H v < -{s} |v|^2",
               "vanishing": f"v^T H v < {s} |v|^2"}[self.bound]
        what = {"above": "no L works (curvature unbounded above)", "below": "no L works (curvature unbounded below)",
                "vanishing": "no modulus m > 0 works (curvature tends to 0)"}[self.bound]
        return f"for every {s} > 0, at {_coords(self.variables, self.point)} with v = {list(self.vector)}: {rel}; {what}"

    def to_json(self) -> dict:
        return {"kind": "CurvatureFamilyWitness", "parameter": str(self.parameter),
                "point": [str(c) for c in self.point], "vector": [str(c) for c in self.vector],
                "bound": self.bound, "summary": self.summary()}


@dataclass(frozen=True)
class BoundedSlopeWitness(Witness):
    r"""A ray ``p + t d`` (``t >= 0``) inside the domain along which the slope of ``f`` stays bounded.

    With :math:`\varphi(t) = f(p + t d)`, the checker proves
    :math:`B^2 - \varphi'(t)^2 \ge 0` for every ``t >= 0``.  An m-strongly convex
    ``f`` has :math:`\varphi'(t) \ge \varphi'(0) + m t \|d\|^2`, unbounded: so no
    modulus ``m > 0`` works (``sqrt(1 + x^2)``: slope ``x/sqrt(1 + x^2)``, ``|.| <= 1``;
    ``log cosh``: ``tanh``).
    """

    expr: sp.Expr
    variables: tuple
    point: tuple
    direction: tuple
    bound: sp.Rational
    box: Box

    def slope(self) -> tuple[sp.Symbol, sp.Expr]:
        """``(t, phi'(t))``."""
        t = sp.Dummy("t", nonnegative=True)
        phi = self.expr.xreplace({v: c + t * d for v, c, d in zip(self.variables, self.point, self.direction)})
        return t, sp.diff(phi, t)

    @safe_check
    def check(self) -> bool:
        try:
            p = [as_rational(c) for c in self.point]
            d = [as_rational(c) for c in self.direction]
            B = as_rational(self.bound)
        except ValueError:
            return False
        if all(c == 0 for c in d) or len(p) != len(self.variables) or B < 0:
            return False
        if not is_smooth(self.expr) or not self.box.contains(dict(zip(self.variables, p))):
            return False
        # the whole ray lies in the domain: every coordinate moving towards an infinite end only
        for c, e, b in zip(p, d, self.box.bounds):
            if (e > 0 and b.hi is not sp.oo) or (e < 0 and b.lo is not -sp.oo):
                return False
        t, sl = self.slope()
        ray = Box((t,), (Bound(sp.S.Zero, sp.oo),))
        if defined_on(self.expr.xreplace({v: c + t * e for v, c, e in zip(self.variables, p, d)}), ray) is None:
            return False
        if prove_sign(B**2 - sl**2, ray, ">=0") is not None:
            return True
        if sp.count_ops(sl) > 40 or not sl.has(sp.sinh, sp.cosh, sp.sin, sp.cos):
            return False
        other = sp.trigsimp(sl)  # sinh/cosh -> tanh: an identity
        return other != sl and prove_sign(B**2 - other**2, ray, ">=0") is not None

    def summary(self) -> str:
        return (f"along the ray {_coords(self.variables, self.point)} + t*{list(self.direction)}, t >= 0, the slope of f "
                f"stays within [-{self.bound}, {self.bound}]; a strongly convex f has an unbounded slope there, "
                "so no modulus m > 0 works")

    def to_json(self) -> dict:
        return {"kind": "BoundedSlopeWitness", "point": [str(c) for c in self.point],
                "direction": [str(c) for c in self.direction], "bound": str(self.bound), "summary": self.summary()}


@dataclass(frozen=True)
class KinkWitness(Witness):
    r"""An inner point ``p`` and a direction ``d`` along which ``f`` has two different one-sided slopes.

    :math:`\varphi(t) = f(p + t d)` equals smooth :math:`\varphi_-` on
    ``[-delta, 0]`` and :math:`\varphi_+` on ``[0, delta]`` (branches of
    abs/max/min fixed by proved signs, :func:`drop_atoms`), and
    :math:`\varphi_-'(0) \ne \varphi_+'(0)`: ``f`` is not differentiable at
    ``p``, so no ``L`` makes it L-smooth (``|x|`` at 0).
    """

    expr: sp.Expr
    variables: tuple
    point: tuple
    direction: tuple
    delta: sp.Rational
    box: Box

    def slopes(self) -> tuple[sp.Expr, sp.Expr] | None:
        """The left and right slopes of ``f`` at ``p`` along ``d`` (``None`` when a branch is not fixed)."""
        t = sp.Dummy("t", real=True)
        phi = self.expr.xreplace({v: c + t * d for v, c, d in zip(self.variables, self.point, self.direction)})
        out = []
        for lo, hi in ((-self.delta, sp.S.Zero), (sp.S.Zero, self.delta)):
            piece = drop_atoms(phi, Box((t,), (Bound(lo, hi),)))
            if not is_smooth(piece) or defined_on(piece, Box((t,), (Bound(lo, hi),))) is None:
                return None
            out.append(value_at(sp.diff(piece, t), {t: sp.S.Zero}))
        return out[0], out[1]

    @safe_check
    def check(self) -> bool:
        try:
            p = [as_rational(c) for c in self.point]
            d = [as_rational(c) for c in self.direction]
            delta = as_rational(self.delta)
        except ValueError:
            return False
        if delta <= 0 or all(c == 0 for c in d) or len(p) != len(self.variables):
            return False
        inner = self.box.interior()
        for sgn in (-1, 1):
            if not inner.contains({v: c + sgn * delta * e for v, c, e in zip(self.variables, p, d)}):
                return False
        sl = self.slopes()
        if sl is None:
            return False
        return const_sign(sl[1] - sl[0]) not in (None, 0)

    def summary(self) -> str:
        sl = self.slopes()
        what = f" (left slope {sl[0]}, right slope {sl[1]})" if sl is not None else ""
        return (f"f has a kink at {_coords(self.variables, self.point)} along {list(self.direction)}{what}: "
                "not differentiable there, so no L works")

    def to_json(self) -> dict:
        return {"kind": "KinkWitness", "point": [str(c) for c in self.point],
                "direction": [str(c) for c in self.direction], "summary": self.summary()}


@dataclass(frozen=True)
class AffineSegmentWitness(Witness):
    r"""Exact points ``a != b`` in the domain with ``f`` affine on the segment ``[a, b]``.

    A strictly convex ``f`` is never affine on a segment, so this refutes
    strict convexity, and strong convexity for every modulus.  The checker
    restricts ``f`` to :math:`\varphi(t) = f(a + t (b - a))`, fixes the
    branches of abs/max/min on ``0 <= t <= 1`` by proved signs
    (:func:`drop_atoms`) and checks :math:`\varphi'' \equiv 0` identically.
    """

    expr: sp.Expr
    variables: tuple
    a: tuple
    b: tuple
    box: Box

    @safe_check
    def check(self) -> bool:
        try:
            a = [as_rational(c) for c in self.a]
            b = [as_rational(c) for c in self.b]
        except ValueError:
            return False
        if a == b or len(a) != len(self.variables) or len(b) != len(a):
            return False
        if not (self.box.contains(dict(zip(self.variables, a))) and self.box.contains(dict(zip(self.variables, b)))):
            return False
        t = sp.Dummy("t", real=True)
        phi = self.expr.xreplace({v: ai + t * (bi - ai) for v, ai, bi in zip(self.variables, a, b)})
        seg = Box((t,), (Bound(sp.S.Zero, sp.S.One),))
        psi = drop_atoms(phi, seg)
        if not is_smooth(psi) or defined_on(psi, seg) is None:
            return False
        return is_zero_identity(sp.diff(psi, t, 2), sp.S.Zero)

    def summary(self) -> str:
        pa, pb = _point_names(self.variables)
        return (f"f is affine on the segment from {pa} = {_coords(self.variables, self.a)} to "
                f"{pb} = {_coords(self.variables, self.b)}, so it is not strictly (nor strongly) convex")

    def to_json(self) -> dict:
        return {"kind": "AffineSegmentWitness", "a": [str(c) for c in self.a], "b": [str(c) for c in self.b],
                "summary": self.summary()}


@dataclass(frozen=True)
class GeometricJensenWitness(Witness):
    r"""Exact points where the geometric-mean inequality of log-concavity (or log-convexity) fails.

    Log-concave ``f`` (Boyd & Vandenberghe 3.5) satisfies
    :math:`f(\tfrac{a+b}{2})^2 \ge f(a) f(b)`; ``kind="log-concave"`` claims
    ``f(a), f(b) > 0`` and (``f(m) < 0`` or :math:`f(m)^2 < f(a) f(b)`), which
    refutes log-concavity.  ``kind="log-convex"`` claims ``f(a), f(b) > 0`` and
    (:math:`f(m) \le 0` or :math:`f(m)^2 > f(a) f(b)`), which refutes
    log-convexity (a log-convex function is positive).
    """

    expr: sp.Expr
    variables: tuple
    a: tuple
    b: tuple
    box: Box
    kind: str = "log-concave"

    def values(self) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
        """``f(a), f(b), f((a + b)/2)``."""
        a = dict(zip(self.variables, self.a))
        b = dict(zip(self.variables, self.b))
        m = {v: (a[v] + b[v]) / 2 for v in self.variables}
        return value_at(self.expr, a), value_at(self.expr, b), value_at(self.expr, m)

    @safe_check
    def check(self) -> bool:
        try:
            a = [as_rational(c) for c in self.a]
            b = [as_rational(c) for c in self.b]
        except ValueError:
            return False
        if a == b or not (self.box.contains(dict(zip(self.variables, a))) and self.box.contains(dict(zip(self.variables, b)))):
            return False
        fa, fb, fm = self.values()
        if any(v.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I) for v in (fa, fb, fm)):
            return False
        if gap_sign(fa)[0] != 1 or gap_sign(fb)[0] != 1:
            return False
        sm = gap_sign(fm)[0]
        if sm is None:
            return False
        if self.kind == "log-concave":
            return sm < 0 or gap_sign(fa * fb - fm**2)[0] == 1
        if self.kind == "log-convex":
            return sm <= 0 or gap_sign(fm**2 - fa * fb)[0] == 1
        return False

    def summary(self) -> str:
        pa, pb = _point_names(self.variables)
        rel = "<" if self.kind == "log-concave" else ">"
        return (f"f(({pa} + {pb})/2)^2 {rel} f({pa}) f({pb}) at {pa} = {_coords(self.variables, self.a)}, "
                f"{pb} = {_coords(self.variables, self.b)}, so f is not {self.kind}")

    def to_json(self) -> dict:
        return {"kind": "GeometricJensenWitness", "a": [str(c) for c in self.a], "b": [str(c) for c in self.b],
                "claim": self.kind, "summary": self.summary()}


@dataclass(frozen=True)
class QuasiJensenWitness(Witness):
    r"""Exact points with :math:`f(\theta a + (1-\theta) b) > \max(f(a), f(b))` (not quasiconvex).

    Quasiconvexity means convex sublevel sets, equivalently
    :math:`f(\theta a + (1-\theta) b) \le \max(f(a), f(b))` (Boyd &
    Vandenberghe 3.4.1); ``kind="quasiconcave"`` claims the mirror image
    :math:`f(m) < \min(f(a), f(b))`.
    """

    expr: sp.Expr
    variables: tuple
    a: tuple
    b: tuple
    theta: sp.Rational
    box: Box
    kind: str = "quasiconvex"

    @safe_check
    def check(self) -> bool:
        try:
            a = [as_rational(c) for c in self.a]
            b = [as_rational(c) for c in self.b]
            t = as_rational(self.theta)
        except ValueError:
            return False
        if a == b or not (0 < t < 1):
            return False
        if not (self.box.contains(dict(zip(self.variables, a))) and self.box.contains(dict(zip(self.variables, b)))):
            return False
        m = {v: t * x + (1 - t) * y for v, x, y in zip(self.variables, a, b)}
        fa = value_at(self.expr, dict(zip(self.variables, a)))
        fb = value_at(self.expr, dict(zip(self.variables, b)))
        fm = value_at(self.expr, m)
        if any(v.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I) for v in (fa, fb, fm)):
            return False
        sgn = 1 if self.kind == "quasiconvex" else -1
        return gap_sign(sgn * (fm - fa))[0] == 1 and gap_sign(sgn * (fm - fb))[0] == 1

    def summary(self) -> str:
        pa, pb = _point_names(self.variables)
        t = self.theta
        rel = "> max" if self.kind == "quasiconvex" else "< min"
        return (f"f({t}*{pa} + {1 - t}*{pb}) {rel}(f({pa}), f({pb})) at {pa} = {_coords(self.variables, self.a)}, "
                f"{pb} = {_coords(self.variables, self.b)}, so f is not {self.kind}")

    def to_json(self) -> dict:
        return {"kind": "QuasiJensenWitness", "a": [str(c) for c in self.a], "b": [str(c) for c in self.b],
                "theta": str(self.theta), "claim": self.kind, "summary": self.summary()}
