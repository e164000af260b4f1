"""Certified constants on a box: L-smoothness and strong convexity, and Newton's ball of quadratic convergence.

Both come from rigorous interval enclosures of derivatives over the box
(:mod:`symopt.exact.interval`).
"""

from __future__ import annotations

import heapq
import itertools
import math
from dataclasses import dataclass
from typing import Any, Mapping

import mpmath
import sympy as sp

from ..errors import DomainError, ParameterError, UndecidedError
from ..exact import interval as _interval
from ..exact.schur import constant_sign
from ..core.objective import Objective
from ..core.parse import as_expression, symbol
from ._common import _box_interval, _budgeted_simplify, _fmt, _min_eigenvalue_lower_bound, _symopt_errors_only
from .newton import _as_point

__all__ = ["SmoothnessBounds", "smoothness_on_box", "NewtonRegion", "newton_region"]


@dataclass(frozen=True)
class SmoothnessBounds:
    """Certified bounds ``mu <= eig(H(x)) <= L`` for every x in a box.

    Attributes:
        L: upper bound on the Hessian's eigenvalues (L-smoothness on the box).
        mu: lower bound (strong convexity on the box when > 0).
        certified: the bounds come from rigorous interval enclosures.
        eta: the step ``2/(mu + L)`` (``None`` when ``mu <= 0``).
        rate: ``(L - mu)/(L + mu)``: ``||x_k - x*|| <= rate^k ||x_0 - x*||`` for
            GD with step ``eta`` while the iterates stay in the box, which holds
            when x* is in the box and x_0 in a ball around x* inside the box.
        method: how the bounds were obtained.
    """
    L: float
    mu: float
    certified: bool
    eta: float | None
    rate: float | None
    method: str


@_symopt_errors_only
def smoothness_on_box(objective: Any, box: Mapping[Any, tuple[Any, Any]], splits: int = 4) -> SmoothnessBounds:
    """L-smoothness and strong-convexity constants on a box, from certified Hessian bounds.

    Each Hessian entry is enclosed over sub-boxes (``splits`` per axis) by
    rigorous interval arithmetic; Gershgorin's discs then bound the
    eigenvalues: ``lambda in [H_ii - sum_j |H_ij|, H_ii + sum_j |H_ij|]``.

    Raises:
        UndecidedError: the interval machinery is not available or the Hessian
            is undefined somewhere on the box.

    >>> b = smoothness_on_box("x**2 + 2*y**2", {"x": (-1, 1), "y": (-1, 1)})
    >>> b.mu, b.L, b.rate
    (2.0, 4.0, 0.3333333333333333)
    """
    # the user's plain symbols: the analyses need SymPy to know the variables are real
    obj = (objective if isinstance(objective, Objective) else Objective(objective)).with_real_symbols()
    if obj.params:
        raise ParameterError("bind the parameters first (smoothness bounds are numeric)")
    bounds = {}
    for k, (lo, hi) in box.items():
        s = symbol(k) if isinstance(k, str) else k
        lo_e, hi_e = as_expression(lo), as_expression(hi)
        if not lo_e <= hi_e:
            raise DomainError(f"empty box side for {s}")
        bounds[s] = (lo_e, hi_e)
    missing = [v.name for v in obj.variables if v not in bounds]
    if missing:
        raise DomainError(f"the box gives no range for {', '.join(missing)}")

    n = obj.n
    H = obj.hessian
    splits = max(1, int(splits))
    pieces = []
    for v in obj.variables:
        lo, hi = bounds[v]
        edges = [lo + (hi - lo) * sp.Rational(i, splits) for i in range(splits + 1)]
        pieces.append([(edges[i], edges[i + 1]) for i in range(splits)])
    L_up = -math.inf
    mu_lo = math.inf
    for cell in itertools.product(*pieces):
        sub = {v: _box_interval(a, b) for v, (a, b) in zip(obj.variables, cell)}
        try:
            enc = [[_interval.enclose(H[i, j], sub) for j in range(n)] for i in range(n)]
        except _interval.Undefined as exc:
            raise UndecidedError(f"the Hessian is undefined or unsupported on the box: {exc}") from None
        for i in range(n):
            radius = sum(max(abs(_interval.lower(enc[i][j])), abs(_interval.upper(enc[i][j])))
                         for j in range(n) if j != i)
            up = _interval.upper(enc[i][i]) + radius
            lo = _interval.lower(enc[i][i]) - radius
            L_up = max(L_up, float(up))
            mu_lo = min(mu_lo, float(lo))
    # float() of an mpf rounds to nearest; widen by one ulp to stay certified
    L_up = math.nextafter(L_up, math.inf) if not float(L_up).is_integer() else L_up
    mu_lo = math.nextafter(mu_lo, -math.inf) if not float(mu_lo).is_integer() else mu_lo
    eta = rate = None
    if mu_lo > 0:
        eta = 2.0 / (mu_lo + L_up)
        rate = (L_up - mu_lo) / (L_up + mu_lo)
    return SmoothnessBounds(L_up, mu_lo, True, eta, rate,
                            f"interval enclosure of the Hessian on {splits}^{n} sub-boxes + Gershgorin discs")


@dataclass(frozen=True)
class NewtonRegion:
    """A certified ball of quadratic convergence for Newton's method around a minimum.

    Nesterov (2004, Thm 1.2.5): if ``H`` is M-Lipschitz on the ball, ``H(x*) >= mu I``
    with ``mu > 0`` and ``|x_0 - x*| < r = 2 mu / (3 M)``, the iterates stay in the
    ball and ``|e_{k+1}| <= M |e_k|^2 / (2 (mu - M |e_k|))``.

    Attributes:
        mu: lower bound on the smallest Hessian eigenvalue at x*.
        M: upper bound on the Hessian's Lipschitz constant (spectral norm) on the cube
            of side ``2 radius`` around x* (inside the box), from interval enclosures of
            every third derivative refined by branch and bound:
            ``M >= max sqrt(sum_ijk (d^3 f / dx_i dx_j dx_k)^2)`` there.
        radius: ``2 mu / (3 M)``, found by shrinking the cube towards the fixed point
            ``r = 2 mu / (3 M(r))`` (the iterates never leave the ball, so ``M`` on it
            suffices), at most the largest ball around x* inside the box.
        certified: all bounds are rigorous (interval arithmetic, exact or
            outward-rounded eigenvalue bound).
    """
    point: dict
    mu: float
    M: float
    radius: float
    certified: bool

    def next_error_bound(self, error: float) -> float:
        """``M e^2 / (2 (mu - M e))`` for an error ``e`` inside the ball."""
        if not 0 <= error < self.radius:
            raise DomainError(f"error {error} is outside the ball of radius {self.radius}")
        return self.M * error**2 / (2 * (self.mu - self.M * error))


@_symopt_errors_only
def newton_region(objective: Any, at: Any, box: Mapping[Any, tuple[Any, Any]]) -> NewtonRegion:
    """Certified radius of Newton's local quadratic convergence at a strict local minimum.

    Raises:
        DomainError: ``at`` is not a critical point, not inside the box, or not a
            strict minimum (``mu <= 0``).
        UndecidedError: a third derivative cannot be enclosed on the box.

    >>> r = newton_region("x**2 + x**3", "x=0", {"x": (-1, 1)})
    >>> r.mu, r.M, round(r.radius, 6)
    (2.0, 6.0, 0.222222)
    """



    # the user's plain symbols: the analyses need SymPy to know the variables are real
    obj = (objective if isinstance(objective, Objective) else Objective(objective)).with_real_symbols()
    if obj.params:
        raise ParameterError("bind the parameters first")
    point = _as_point(obj, at)
    if any(constant_sign(_budgeted_simplify(g)) not in (0,) for g in obj.gradient.xreplace(point)):
        raise DomainError(f"{_fmt(point)} is not a critical point")
    bounds = {}
    for k, (lo, hi) in box.items():
        s = symbol(k) if isinstance(k, str) else k
        bounds[s] = (as_expression(lo), as_expression(hi))
    if any(v not in bounds for v in obj.variables):
        raise DomainError("the box must give a range for every variable")
    inside = min(min(point[v] - bounds[v][0], bounds[v][1] - point[v]) for v in obj.variables)
    if not inside > 0:
        raise DomainError("the point must lie inside the box")
    H = obj.hessian.xreplace(point)
    lam_min = _min_eigenvalue_lower_bound(H)
    if not lam_min > 0:
        raise DomainError("not a strict local minimum (smallest Hessian eigenvalue <= 0): no quadratic-convergence ball")
    xs = obj.variables
    thirds = [sp.diff(obj.hessian[i, j], xs[k]) for i, j, k in itertools.product(range(obj.n), repeat=3)]
    thirds = [d for d in thirds if d != 0]
    room = float(sp.N(inside, 30))
    if sp.Float(room, 30) > inside:
        room = math.nextafter(room, 0.0)
    centre = [float(sp.N(point[v], 30)) for v in xs]
    outer = [(float(sp.N(bounds[v][0], 30)), float(sp.N(bounds[v][1], 30))) for v in xs]
    # Nesterov's M need only bound the Hessian's Lipschitz constant on the ball the iterates stay in:
    # shrink the cube around x* towards the fixed point r = 2 mu / (3 M(r)), keeping the best valid pair
    best: tuple[float, float] | None = None
    r = room
    for _ in range(8):
        cube = [(max(lo, c - r), min(hi, c + r)) for c, (lo, hi) in zip(centre, outer)]
        cube = [(math.nextafter(a, -math.inf), math.nextafter(b, math.inf)) for a, b in cube]
        M = _lipschitz_bound(thirds, xs, cube)
        if M == 0:
            best = (room, 0.0)
            break
        with mpmath.workprec(120):
            exact_r = 2 * mpmath.mpf(lam_min) / (3 * mpmath.mpf(M))
            cand = float(exact_r)
            if mpmath.mpf(cand) > exact_r:
                cand = math.nextafter(cand, 0.0)
        valid = min(r, cand, room)
        if best is None or valid > best[0]:
            best = (valid, M)
        if cand >= r or abs(cand - r) <= 1e-9 * r:
            break
        r = min(cand, room)
    radius, M = best
    return NewtonRegion(point, lam_min, M, radius, True)


def _lipschitz_bound(thirds: list, xs: tuple, cube: list, evaluations: int = 400) -> float:
    """A rigorous upper bound on ``sqrt(sum_ijk (d^3 f / dx_i dx_j dx_k)^2)`` over the cube, by branch and bound.

    Each sub-box gets an upper bound from interval enclosures of the third derivatives and a lower
    estimate from their values at its centre; the sub-box with the largest upper bound is bisected
    (widest side) until that bound is within 0.01% of the best value seen, or the evaluations run out.
    The answer is the largest upper bound over sub-boxes that cover the cube.
    """
    if not thirds:
        return 0.0
    fns = [sp.lambdify(xs, d, modules="mpmath", dummify=True) for d in thirds]

    fourths = [[sp.diff(d, v) for v in xs] for d in thirds]

    def upper(box: list) -> float:
        env = {v: _interval.interval(sp.Rational(lo), sp.Rational(hi)) for v, (lo, hi) in zip(xs, box)}
        mids = [sp.Rational((lo + hi) / 2) for lo, hi in box]
        at_mid = {v: _interval.interval(m, m) for v, m in zip(xs, mids)}
        offsets = [_interval.interval(sp.Rational(lo) - m, sp.Rational(hi) - m) for (lo, hi), m in zip(box, mids)]
        total = mpmath.mpf(0)
        for d, grads in zip(thirds, fourths):
            try:
                enc = _interval.enclose(d, env)
                m = max(abs(_interval.lower(enc)), abs(_interval.upper(enc)))
                # mean-value form d(mid) + sum_k d_k(box) (x_k - mid_k): tighter on small boxes
                mv = _interval.enclose(d, at_mid)
                for g, off in zip(grads, offsets):
                    if g != 0:
                        mv = mv + _interval.enclose(g, env) * off
                m = min(m, max(abs(_interval.lower(mv)), abs(_interval.upper(mv))))
            except _interval.Undefined as exc:
                raise UndecidedError(f"cannot enclose a third derivative on the box: {exc}") from None
            total += m * m
        with mpmath.workprec(120):
            root = mpmath.sqrt(total)
            out = float(root)
            return math.nextafter(out, math.inf) if mpmath.mpf(out) < root else out

    def centre_value(box: list) -> float:
        mid = [(lo + hi) / 2 for lo, hi in box]
        try:
            return float(mpmath.sqrt(sum(mpmath.mpf(f(*mid)) ** 2 for f in fns)))
        except (ValueError, TypeError, ZeroDivisionError, ArithmeticError):
            return 0.0

    heap = [(-upper(cube), 0, cube)]
    seen = centre_value(cube)
    count = 1
    while count < evaluations:
        neg, _, box = heap[0]
        if -neg <= seen * (1 + 1e-4):
            break
        heapq.heappop(heap)
        axis = max(range(len(box)), key=lambda i: box[i][1] - box[i][0])
        lo, hi = box[axis]
        mid = (lo + hi) / 2
        for part in ((lo, mid), (mid, hi)):
            child = list(box)
            child[axis] = part
            seen = max(seen, centre_value(child))
            count += 1
            heapq.heappush(heap, (-upper(child), count, child))
    return -heap[0][0]


# ----------------------------------------------------------------------------- display (issue 16)
from .. import display as _display  # noqa: E402

_display.attach(SmoothnessBounds, "L", "mu", "certified", "rate")
_display.attach(NewtonRegion, "point", "radius", "certified")
