r"""Evidence that combines other evidence: reductions, sums, maxima, compositions with affine maps, quasi/log.

Each class states a textbook rule and its ``check()`` re-verifies the rule's
side conditions and every inner piece of evidence (which must be about exactly
the function the rule needs):

* :class:`Reduction`: a property of ``f`` reduced to convexity of a related
  function (``-f`` for concavity, ``f - m/2 ||x||^2`` for m-strong convexity,
  ``L/2 ||x||^2 -+ f`` for L-smoothness);
* :class:`StrictFromAnalyticity`, :class:`Separable`: strict convexity;
* :class:`Rewritten`, :class:`SumOfConvex`, :class:`MaxOfConvex`,
  :class:`AffineComposition`: convexity kept by fixed branches, sums, maxima
  and affine substitutions (Boyd & Vandenberghe 3.2);
* :class:`LogReduction`, :class:`QuasiProof`: log-convexity / log-concavity
  and quasiconvexity (Boyd & Vandenberghe 3.4-3.5; CVXPY's DQCP rules).

Imports only :mod:`symopt.core`, :mod:`symopt.exact` and the other evidence modules.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..core.domain import Bound, Box
from ..exact.signs import const_sign, defined_on, drop_atoms, gap_sign, is_smooth, is_zero_identity, prove_sign, twice_differentiable, value_at
from .evidence import Evidence, Nonnegative, certifies_convex, certifies_strict, every_certifies


__all__ = ["Reduction", "StrictFromAnalyticity", "Separable", "Rewritten", "SumOfConvex", "max_args", "affine_range",
           "AffineComposition", "MaxOfConvex", "LogReduction", "QuasiProof", "MonotoneComposition", "range_holds", "bound_holds",
           "monotone_holds"]


@dataclass(frozen=True)
class Reduction(Evidence):
    """A property of ``f`` reduced to convexity of ``g`` (each with its own evidence).

    Attributes:
        description: the mathematical reduction in words.
        f: the original expression.
        targets: ``(g, evidence...)`` pairs; ``g`` must equal the stated
            transformation of ``f`` (``transform``).
        transform: ``"negate"`` (g = -f), ``"strong"`` (g = f - m/2 ||x||^2),
            ``"smooth-upper"`` / ``"smooth-lower"`` (g = L/2 ||x||^2 -+ f).
        parameter: ``m`` or ``L``.
        variables: the variables.
    """

    description: str
    f: sp.Expr
    targets: tuple
    transform: tuple
    parameter: sp.Expr | None = None
    variables: tuple = ()
    box: Box | None = None

    def check(self) -> bool:
        sq = sp.Add(*[v**2 for v in self.variables])
        for (g, evs), how in zip(self.targets, self.transform):
            expected = {
                "negate": -self.f,
                "strong": self.f - self.parameter / 2 * sq if self.parameter is not None else None,
                "smooth-upper": self.parameter / 2 * sq - self.f if self.parameter is not None else None,
                "smooth-lower": self.f + self.parameter / 2 * sq if self.parameter is not None else None,
                "same": self.f,
            }.get(how)
            if expected is None or not is_zero_identity(expected, g):
                return False
            if not evs or not all(certifies_convex(ev, g) and ev.check() for ev in evs):
                return False
        if any(h.startswith("smooth") for h in self.transform):
            if self.transform != ("smooth-upper", "smooth-lower"):
                return False
            # L/2||x||^2 - f and L/2||x||^2 + f both convex (and finite) make f differentiable with an
            # L-Lipschitz gradient, smooth or not: both are then differentiable since their sum is
            # (Cannarsa & Sinestrari, Semiconcave Functions, Cor. 3.3.8: semiconvex and semiconcave with
            # modulus L gives C^{1,1} with constant L)
            if defined_on(self.f, self.box) is None:
                return False
        return len(self.targets) == len(self.transform) and len(self.targets) > 0

    def summary(self) -> str:
        inner = "; ".join(ev.summary() for _, evs in self.targets for ev in evs)
        return f"{self.description}: {inner}"

    def to_json(self) -> dict:
        return {"kind": "Reduction", "summary": self.description,
                "targets": [{"g": str(g), "evidence": [ev.to_json() for ev in evs]} for g, evs in self.targets]}


@dataclass(frozen=True)
class StrictFromAnalyticity(Evidence):
    """A convex, real-analytic function of one variable with ``f''`` not identically 0 is strictly convex.

    ``f''`` is analytic on the interval, so its zeros are isolated when it is
    not identically zero (shown by an exact point ``at`` where ``f'' != 0``);
    ``f'`` is then strictly increasing.

    Attributes:
        f: the function.
        variable: its variable.
        at: a rational point in the domain with ``f''(at) != 0``.
        convexity: evidence that ``f`` is convex there.
    """

    f: sp.Expr
    variable: sp.Symbol
    at: sp.Rational
    box: Box
    convexity: tuple

    def check(self) -> bool:
        # analytic wherever defined (tan: the box holds no pole, twice_differentiable below); erf is entire
        allowed = (sp.exp, sp.log, sp.sin, sp.cos, sp.sinh, sp.cosh, sp.tanh, sp.atan, sp.asinh, sp.tan, sp.erf)
        for node in sp.preorder_traversal(self.f):
            if node.is_Atom or node.is_Add or node.is_Mul or node.is_Pow or isinstance(node, allowed):
                continue
            return False
        if not self.box.contains({self.variable: self.at}):
            return False
        if self.box.variables != (self.variable,) or not twice_differentiable(self.f, (self.variable,), self.box):
            return False
        d2 = value_at(sp.diff(self.f, self.variable, 2), {self.variable: self.at})
        s, _ = gap_sign(d2)
        return (s is not None and s != 0 and bool(self.convexity)
                and all(certifies_convex(ev, self.f) and ev.check() for ev in self.convexity))

    def proves_strict(self, g: sp.Expr) -> bool:
        return is_zero_identity(self.f, g)

    def summary(self) -> str:
        return f"convex and analytic with f''({self.at}) != 0, so f'' vanishes only at isolated points"


@dataclass(frozen=True)
class Separable(Evidence):
    """``f = sum_j f_j`` over disjoint groups of variables, each part strictly convex in its group."""

    f: sp.Expr
    parts: tuple  # (expr, variables, evidence tuple)
    variables: tuple = ()

    def check(self) -> bool:
        if not is_zero_identity(sp.Add(*[p for p, _, _ in self.parts]), self.f):
            return False
        seen: set = set()
        for p, vs, evs in self.parts:
            if set(vs) & seen or not p.free_symbols <= set(vs):
                return False
            seen |= set(vs)
            if not evs or not all(certifies_strict(ev, p) and ev.check() for ev in evs):
                return False
        return seen == set(self.variables) and len(self.parts) > 1

    def proves_strict(self, g: sp.Expr) -> bool:
        return is_zero_identity(self.f, g)

    def summary(self) -> str:
        return f"separable sum of {len(self.parts)} strictly convex parts in disjoint variables"


@dataclass(frozen=True)
class Rewritten(Evidence):
    """``f`` equals the smoother ``g`` on the box (its abs/max/min atoms have proved branches), and ``g`` is convex.

    The checker recomputes :func:`drop_atoms` of ``f`` on the box (every
    replaced branch backed by a proved sign), compares it with ``g``
    identically, and re-checks the evidence for ``g``.
    """

    f: sp.Expr
    g: sp.Expr
    box: Box
    evidence: tuple

    def check(self) -> bool:
        if not is_zero_identity(drop_atoms(self.f, self.box), self.g):
            return False
        return every_certifies(self.evidence, self.g)

    def proves_convex(self, g: sp.Expr) -> bool:
        return is_zero_identity(self.f, g)

    def summary(self) -> str:
        return (f"on the domain {self.f} equals {self.g} (branches of abs/max/min fixed by proved signs); "
                + "; ".join(ev.summary() for ev in self.evidence))


@dataclass(frozen=True)
class SumOfConvex(Evidence):
    """``f = sum_k g_k`` with every ``g_k`` convex on the box (each with its own evidence): a sum of convex functions is convex."""

    f: sp.Expr
    parts: tuple  # ((g, evidence tuple), ...)
    box: Box

    def check(self) -> bool:
        if len(self.parts) < 2 or not is_zero_identity(sp.Add(*[g for g, _ in self.parts]), self.f):
            return False
        return all(evs and all(certifies_convex(ev, g) and self._same_box(getattr(ev, "box", self.box), g) and ev.check()
                               for ev in evs) for g, evs in self.parts)

    def _same_box(self, box: Box | None, g: sp.Expr) -> bool:
        """The part's evidence is on this box, or on its factor in the part's own variables
        (a convex function of some coordinates is convex on the product)."""
        if box == self.box:
            return True
        if box is None or not set(box.variables) <= set(self.box.variables):
            return False
        return (g.free_symbols & set(self.box.variables)) <= set(box.variables) and all(
            box.bound(v) == self.box.bound(v) for v in box.variables)

    def proves_convex(self, g: sp.Expr) -> bool:
        return is_zero_identity(self.f, g)

    def summary(self) -> str:
        return f"sum of {len(self.parts)} convex parts: " + "; ".join(
            f"{g}: {evs[0].summary()}" for g, evs in self.parts)


def max_args(f: sp.Expr) -> list | None:
    """The arguments ``g_i`` when ``f = max(g_1, ..., g_k)`` as written (``Max(...)``, or ``-Min(h_1, ...)``
    = ``max(-h_1, ...)``), else ``None``."""
    if isinstance(f, sp.Max):
        return list(f.args)
    if f.is_Mul and len(f.args) == 2 and f.args[0] == -1 and isinstance(f.args[1], sp.Min):
        return [-a for a in f.args[1].args]
    return None


def affine_range(ell: sp.Expr, box: Box) -> Bound | None:
    """The exact range of an affine function with rational coefficients over the box (strictness kept)."""
    vs = box.variables
    try:
        p = sp.Poly(ell, *vs)
    except sp.PolynomialError:
        return None
    if p.total_degree() > 1 or any(not c.is_Rational for c in p.coeffs()):
        return None
    lo, hi = ell.xreplace({v: 0 for v in vs}), ell.xreplace({v: 0 for v in vs})
    lo_strict = hi_strict = False
    for v, b in zip(vs, box.bounds):
        c = sp.diff(ell, v)
        if c == 0:
            continue
        (a, a_st), (z, z_st) = ((b.lo, b.lo_strict), (b.hi, b.hi_strict)) if c > 0 else ((b.hi, b.hi_strict), (b.lo, b.lo_strict))
        lo = lo + c * a if lo is not -sp.oo and a not in (sp.oo, -sp.oo) else -sp.oo
        hi = hi + c * z if hi is not sp.oo and z not in (sp.oo, -sp.oo) else sp.oo
        lo_strict, hi_strict = lo_strict or a_st, hi_strict or z_st
    return Bound(lo, hi, lo_strict and lo is not -sp.oo, hi_strict and hi is not sp.oo)


@dataclass(frozen=True)
class AffineComposition(Evidence):
    """``f(x) = phi(l(x))`` with ``l`` affine and ``phi`` convex on an interval containing ``l(box)``:
    a convex function of an affine map is convex (BV 3.2.2).

    Attributes:
        f: the function.
        ell: the affine form ``l`` (rational coefficients).
        phi: the one-variable function, in ``u``.
        u: its variable.
        evidence: convexity of ``phi`` on ``ubox`` (the exact range of ``l`` over the box).
    """

    f: sp.Expr
    box: Box
    ell: sp.Expr
    phi: sp.Expr
    u: sp.Symbol
    ubox: Box
    evidence: tuple

    def check(self) -> bool:
        if self.ubox.variables != (self.u,) or self.u in self.box.variables:
            return False
        rng = affine_range(self.ell, self.box)
        if rng is None or self.ubox.bounds[0] != rng:
            return False
        if not is_zero_identity(self.phi.xreplace({self.u: self.ell}), self.f):
            return False
        return bool(self.evidence) and all(certifies_convex(ev, self.phi) and getattr(ev, "box", self.ubox) == self.ubox
                                           and ev.check() for ev in self.evidence)

    def proves_convex(self, g: sp.Expr) -> bool:
        return is_zero_identity(self.f, g)

    def summary(self) -> str:
        return f"f = phi({self.ell}) with phi({self.u}) = {self.phi} convex: " + "; ".join(e.summary() for e in self.evidence)


@dataclass(frozen=True)
class MaxOfConvex(Evidence):
    """``f = max(g_1, ..., g_k)`` (a ``Max`` of its arguments, or a scaled/shifted one) with every ``g_i`` convex
    (each with its own evidence): a pointwise maximum of convex functions is convex (BV 3.2.3)."""

    f: sp.Expr
    parts: tuple  # ((g, evidence tuple), ...)
    box: Box

    def check(self) -> bool:
        args = max_args(self.f)
        if args is None or len(self.parts) != len(args):
            return False
        if not all(is_zero_identity(g, a) for (g, _), a in zip(self.parts, args)):
            return False
        return all(evs and all(certifies_convex(ev, g) and getattr(ev, "box", self.box) == self.box and ev.check()
                               for ev in evs) for g, evs in self.parts)

    def proves_convex(self, g: sp.Expr) -> bool:
        return is_zero_identity(self.f, g)

    def summary(self) -> str:
        return f"maximum of {len(self.parts)} convex functions: " + "; ".join(
            f"{g}: {evs[0].summary()}" for g, evs in self.parts)


def bound_holds(s: sp.Expr, c: sp.Expr, box: Box, above: bool, strict: bool) -> bool:
    """``s >= c`` (``above``) or ``s <= c`` on the box, ``>``/``<`` when ``strict``.

    A maximum is below ``c`` when every argument is, and above it when one is (a minimum mirrored);
    everything else goes to :func:`~symopt.exact.signs.prove_sign`.
    """
    rel = ">0" if strict else ">=0"
    k, rest = s.as_independent(*box.variables, as_Add=True)
    m, core = rest.as_independent(*box.variables, as_Add=False)
    if isinstance(core, (sp.Max, sp.Min)) and m in (1, -1) and (k != 0 or m != 1):
        # s = k + m*core: compare core with (c - k)/m, the direction flipping for m = -1
        return bound_holds(core, (c - k) * m, box, above == (m == 1), strict)
    if isinstance(s, (sp.Max, sp.Min)):
        every = isinstance(s, sp.Max) != above  # max <= c and min >= c need every argument
        checks = [bound_holds(a, c, box, above, strict) for a in s.args]
        if all(checks) if every else any(checks):
            return True
    return prove_sign(s - c if above else c - s, box, rel) is not None


def range_holds(s: sp.Expr, box: Box, ubox: Box) -> bool:
    """``s`` maps the box into the interval ``ubox`` (each finite end proved with its strictness)."""
    b = ubox.bounds[0]
    if b.lo is not -sp.oo and not bound_holds(s, b.lo, box, True, b.lo_strict):
        return False
    if b.hi is not sp.oo and not bound_holds(s, b.hi, box, False, b.hi_strict):
        return False
    return True


def monotone_holds(phi: sp.Expr, u: sp.Symbol, ubox: Box, direction: int, proof: tuple, convex: tuple = ()) -> bool:
    """``phi`` is nondecreasing (``direction = 1``) or nonincreasing (``-1``) on the interval ``ubox``.

    ``proof`` is ``("derivative", ev)``: ``phi`` smooth and continuous on the closed interval and ``ev`` a
    :class:`Nonnegative` for ``direction * phi'`` on it or its interior; or ``("end-slope", delta)``: ``phi`` is
    convex on ``ubox`` (``convex``, evidence) and its one-sided slope at the finite left end (right end for
    ``direction = -1``), read on ``[lo, lo + delta]`` where ``phi`` equals a smooth branch, has the sign
    ``direction``: the slopes of a convex function do not decrease, so neither does ``phi`` (nor increase);
    or ``("pieces", ((a, b, ev), ...))``: ``phi`` equals a smooth branch on each closed piece, monotone there
    (``ev``), the pieces consecutive and covering ``ubox`` (``min(u, 1)``: rising, then flat).
    """
    if direction not in (1, -1) or ubox.variables != (u,) or not proof:
        return False
    b = ubox.bounds[0]
    if proof[0] == "derivative":
        ev = proof[1]
        return (is_smooth(phi) and defined_on(phi, ubox) is not None  # continuous on the interval, its ends included
                and isinstance(ev, Nonnegative) and ev.box in (ubox, ubox.interior())
                and is_zero_identity(ev.expr, direction * sp.diff(phi, u)) and ev.check())
    if proof[0] == "pieces":  # phi non-smooth: monotone the same way on consecutive closed pieces that cover ubox
        return _monotone_pieces(phi, u, ubox, proof[1], direction)
    if proof[0] == "end-slope":
        delta = sp.sympify(proof[1])
        end = b.lo if direction > 0 else b.hi
        if not (delta.is_Rational and delta > 0 and end.is_Rational) or not convex:
            return False
        piece = Box((u,), (Bound(end, end + delta),) if direction > 0 else (Bound(end - delta, end),))
        if (b.hi is not sp.oo and end + delta > b.hi and direction > 0) or (b.lo is not -sp.oo and end - delta < b.lo and direction < 0):
            return False
        g = drop_atoms(phi, piece)
        if not is_smooth(g) or defined_on(g, piece) is None:
            return False
        slope = value_at(sp.diff(g, u), {u: end})
        from_end = const_sign(direction * slope)
        return (from_end in (0, 1) and bool(convex)
                and all(certifies_convex(ev, phi) and getattr(ev, "box", ubox) == ubox and ev.check() for ev in convex))
    return False


@dataclass(frozen=True)
class MonotoneComposition(Evidence):
    r"""``f = phi(s(x))`` with ``phi`` convex on an interval ``I`` that holds ``s(box)`` and monotone there, and
    ``s`` convex (``phi`` nondecreasing) or concave (``phi`` nonincreasing): ``f`` is convex (Boyd &
    Vandenberghe 3.2.4, scalar composition): :math:`f(\theta a + (1-\theta) b) \le \phi(\theta s(a) +
    (1-\theta) s(b)) \le \theta f(a) + (1-\theta) f(b)`, both points lying in ``I``.

    Attributes:
        f: the function; ``phi`` with ``u -> s`` must equal it identically.
        box: the domain.
        s, u, phi, ubox: the inner function, the outer variable, the outer function, the interval ``I``.
        direction: ``1`` (nondecreasing) or ``-1`` (nonincreasing).
        inner: convexity evidence of ``direction * s``.
        outer: convexity evidence of ``phi`` on ``ubox``.
        monotone: the proof of monotonicity (see :func:`monotone_holds`).
    """

    f: sp.Expr
    box: Box
    s: sp.Expr
    u: sp.Symbol
    phi: sp.Expr
    ubox: Box
    direction: int
    inner: tuple
    outer: tuple
    monotone: tuple

    def check(self) -> bool:
        if self.u in self.box.variables or self.phi.free_symbols - {self.u}:
            return False
        if not is_zero_identity(self.phi.xreplace({self.u: self.s}), self.f) or not range_holds(self.s, self.box, self.ubox):
            return False
        if not monotone_holds(self.phi, self.u, self.ubox, self.direction, self.monotone, self.outer):
            return False
        return (bool(self.outer) and all(certifies_convex(ev, self.phi) and getattr(ev, "box", self.ubox) == self.ubox
                                         and ev.check() for ev in self.outer)
                and bool(self.inner) and all(certifies_convex(ev, self.direction * self.s) and ev.check() for ev in self.inner))

    def proves_convex(self, g: sp.Expr) -> bool:
        return is_zero_identity(self.f, g)

    def summary(self) -> str:
        how = "nondecreasing" if self.direction > 0 else "nonincreasing"
        inner = "convex" if self.direction > 0 else "concave"
        return (f"f = phi({self.s}) with phi({self.u}) = {self.phi} convex and {how} on {self.ubox.describe()} "
                f"and the inner function {inner}")


@dataclass(frozen=True)
class LogReduction(Evidence):
    r"""``f > 0`` on the box and ``g = log f`` is convex (log-convex) or ``-g`` convex (log-concave).

    The checker proves ``f > 0`` (:func:`prove_sign`), that ``g`` is real on
    the box (:func:`defined_on`) and that :math:`e^{g} \equiv f` identically;
    then ``g = log f`` there.  ``evidence`` certifies convexity of ``target``
    (``g`` or ``-g``).
    """

    f: sp.Expr
    g: sp.Expr
    box: Box
    kind: str
    evidence: tuple

    @property
    def target(self) -> sp.Expr:
        """The function whose convexity the evidence shows."""
        return self.g if self.kind == "log-convex" else -self.g

    def check(self) -> bool:
        if self.kind not in ("log-convex", "log-concave") or prove_sign(self.f, self.box, ">0") is None:
            return False
        if defined_on(self.g, self.box) is None or not is_zero_identity(sp.exp(self.g), self.f):
            try:
                if defined_on(self.g, self.box) is None or sp.simplify(sp.exp(self.g) - self.f) != 0:
                    return False
            except (TypeError, ValueError, RecursionError):
                return False
        return every_certifies(self.evidence, self.target)

    def summary(self) -> str:
        return (f"f > 0 and log f = {self.g} is {'convex' if self.kind == 'log-convex' else 'concave'}: "
                + "; ".join(ev.summary() for ev in self.evidence))


def _monotone_pieces(f: sp.Expr, x: sp.Symbol, side: Box, pieces: tuple, sgn: int) -> bool:
    """``f`` is nondecreasing (``sgn = 1``) or nonincreasing on the interval ``side``: consecutive closed pieces
    ``(a, b, ev)`` cover it, on each ``f`` equals a smooth branch ``g`` (conditions decided inside, the ends
    checked) that is continuous there with ``sgn * g' >= 0`` inside (``ev``); monotone on each closed piece
    sharing its ends with the next, ``f`` is monotone on their union."""
    b = side.bound(x)
    if not pieces or pieces[0][0] != b.lo or pieces[-1][1] != b.hi:
        return False
    for k, (lo, hi, ev) in enumerate(pieces):
        if not (lo < hi) or (k + 1 < len(pieces) and pieces[k + 1][0] != hi):
            return False
        sub = Box((x,), (Bound(lo, hi, b.lo_strict if k == 0 else False, b.hi_strict if k == len(pieces) - 1 else False),))
        g = drop_atoms(f, sub, open_conditions=True)
        if not is_smooth(g) or defined_on(g, sub) is None or defined_on(sp.diff(g, x), sub.interior()) is None:
            return False
        for e in (lo, hi):
            if e.is_finite and sub.contains({x: e}) and const_sign(value_at(f, {x: e}) - value_at(g, {x: e})) != 0:
                return False
        if not (isinstance(ev, Nonnegative) and ev.box in (sub, sub.interior())
                and is_zero_identity(ev.expr, sgn * sp.diff(g, x)) and ev.check()):
            return False
    return True


@dataclass(frozen=True)
class QuasiProof(Evidence):
    r"""Quasiconvexity (``sign=+1``) or quasiconcavity (``sign=-1``) of ``f`` on the box.

    Methods (Boyd & Vandenberghe 3.4; CVXPY's DQCP rules):

    * ``"convex"``: ``sign*f`` is convex (``evidence``): convex functions are quasiconvex;
    * ``"monotone"``: one variable, ``f'`` of one sign on the interval (``data`` =
      the :class:`Nonnegative` evidence for ``sign_f' * f'``): monotone functions
      on an interval are quasiconvex and quasiconcave;
    * ``"unimodal"``: one variable, ``sign*f' <= 0`` left of an exact point ``c``
      and ``>= 0`` right of it (``data = (c, left, right)``);
    * ``"linear-fractional"``: ``f = p/q`` with ``p``, ``q`` affine and ``q > 0``
      (quasilinear: :math:`\{p/q \le t\} = \{p - t q \le 0\}` is a halfspace);
    * ``"log"``: ``f`` log-concave (quasiconcave) or log-convex (quasiconvex), a :class:`LogReduction`;
    * ``"neglog"``: ``-f`` log-concave (so ``f`` is quasiconvex) or log-convex (so ``f`` is concave, quasiconcave);
    * ``"composition"``: ``f = phi(s)`` with ``phi`` monotone on an interval holding ``s(box)``
      (``data = (s, u, phi, ubox, direction, monotone proof)``) and ``sign * direction * s`` convex
      (``evidence``): a sublevel set of ``f`` is a sublevel (superlevel) set of ``s`` (BV 3.4.4);
    * ``"ratio"``: ``f = p/q`` with ``p >= 0`` convex and ``q > 0`` concave
      (quasiconvex: :math:`\{p/q \le t\} = \{p - t q \le 0\}` is convex for
      ``t >= 0`` and empty for ``t < 0``); for ``sign=-1``: ``p >= 0`` concave and ``q > 0`` convex.
    """

    f: sp.Expr
    box: Box
    sign: int
    method: str
    evidence: tuple = ()
    data: tuple = ()

    def check(self) -> bool:
        s = self.sign
        if s not in (1, -1):
            return False
        vs = self.box.variables
        if self.method == "convex":
            return every_certifies(self.evidence, s * self.f)
        if self.method == "monotone":
            if len(vs) != 1 or not is_smooth(self.f) or defined_on(self.f, self.box) is None:
                return False
            (x,) = vs
            d = sp.diff(self.f, x)
            if defined_on(d, self.box.interior()) is None:
                return False
            (ev,) = self.data
            return isinstance(ev, Nonnegative) and ev.box == self.box and ev.check() and (
                is_zero_identity(ev.expr, d) or is_zero_identity(ev.expr, -d))
        if self.method == "unimodal":
            # on [lo, c] and on [c, hi] f equals a smooth g (abs/max/min branches fixed by proved signs) whose
            # derivative has the sign shown: f is monotone on each side, so its level sets are intervals
            if len(vs) != 1:
                return False
            (x,) = vs
            c, left, right = self.data
            b = self.box.bound(x)
            c = sp.sympify(c)
            if not (c.is_number and c.is_real and c.is_finite) or not self.box.contains({x: c}):
                return False
            lbox = Box((x,), (Bound(b.lo, c, b.lo_strict, False),))
            rbox = Box((x,), (Bound(c, b.hi, False, b.hi_strict),))
            for side, ev, sgn in ((lbox, left, -s), (rbox, right, s)):
                if isinstance(ev, tuple):  # the side in pieces, f monotone the same way on each closed piece
                    if not _monotone_pieces(self.f, x, side, ev, sgn):
                        return False
                    continue
                g = drop_atoms(self.f, side)
                if not is_smooth(g) or defined_on(g, side) is None:
                    return False
                d = sp.diff(g, x)
                if defined_on(d, side.interior()) is None:
                    return False
                # the slope's sign on the open side suffices: g is continuous on the closed side
                if not (isinstance(ev, Nonnegative) and ev.box in (side, side.interior())
                        and is_zero_identity(ev.expr, sgn * d) and ev.check()):
                    return False
            return True
        if self.method == "linear-fractional":
            p, q = self.data
            if not is_zero_identity(p / q, self.f) and not is_zero_identity(sp.together(p / q - self.f), sp.S.Zero):
                return False
            for e in (p, q):
                if not e.is_polynomial(*vs) or sp.Poly(e, *vs).total_degree() > 1:
                    return False
            return prove_sign(q, self.box, ">0") is not None
        if self.method == "log":
            (ev,) = self.evidence
            want = "log-convex" if s > 0 else "log-concave"
            return isinstance(ev, LogReduction) and ev.kind == want and is_zero_identity(ev.f, self.f) and ev.check()
        if self.method == "neglog":
            # -f log-concave: -f quasiconcave, f quasiconvex; -f log-convex: -f convex, f concave, quasiconcave
            (ev,) = self.evidence
            want = "log-concave" if s > 0 else "log-convex"
            return isinstance(ev, LogReduction) and ev.kind == want and is_zero_identity(ev.f, -self.f) and ev.check()
        if self.method == "composition":
            inner, u, phi, ubox, direction, proof = self.data
            if u in vs or phi.free_symbols - {u} or direction not in (1, -1):
                return False
            if not is_zero_identity(phi.xreplace({u: inner}), self.f) or not range_holds(inner, self.box, ubox):
                return False
            return monotone_holds(phi, u, ubox, direction, proof) and every_certifies(self.evidence, s * direction * inner)
        if self.method == "ratio":
            p, q, p_ev, q_ev = self.data
            if not is_zero_identity(p / q, self.f) and not is_zero_identity(sp.together(p / q - self.f), sp.S.Zero):
                return False
            if prove_sign(p, self.box, ">=0") is None or prove_sign(q, self.box, ">0") is None:
                return False
            return (bool(p_ev) and bool(q_ev)
                    and all(certifies_convex(ev, s * p) and ev.check() for ev in p_ev)
                    and all(certifies_convex(ev, -s * q) and ev.check() for ev in q_ev))
        return False

    def summary(self) -> str:
        what = "quasiconvex" if self.sign > 0 else "quasiconcave"
        how = {"convex": "convex functions are quasiconvex" if self.sign > 0 else "concave functions are quasiconcave",
               "monotone": "monotone on an interval (f' of one sign)",
               "unimodal": f"f' changes sign once, at {self.data[0] if self.data else '?'}",
               "linear-fractional": "linear-fractional (p, q affine, q > 0): every sublevel set is a halfspace",
               "log": "log-convex, hence convex" if self.sign > 0 else "log-concave: superlevel sets {log f >= log t} are convex",
               "neglog": "-f is log-concave, so -f is quasiconcave" if self.sign > 0 else "-f is log-convex, so -f is convex",
               "composition": "a monotone function of a " + ("convex" if self.sign * (self.data[4] if self.method == "composition" and len(self.data) > 4 else 1) > 0
                                                             else "concave") + " function",
               "ratio": "ratio p/q with p >= 0 " + ("convex and q > 0 concave" if self.sign > 0 else "concave and q > 0 convex")}
        return f"{what}: {how.get(self.method, self.method)}"
