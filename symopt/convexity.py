r"""Convexity verification: proved with a certificate, refuted with an exact witness, or unknown.

:func:`convexity` answers "is ``f`` convex (concave, strictly convex,
m-strongly convex, L-smooth) on this domain?" with a
:class:`~symopt.certificate.Verdict`.  Layers run cheapest first, each under a
time budget:

1. **Composition rules** (CVXPY's DCP): a proof tree of atoms and rules.
2. **Constant Hessian**: exact rational :math:`H = L D L^\top` (quadratics).
3. **Numeric search for non-convexity**: a point where the Hessian has a
   negative eigenvalue (or, for non-smooth ``f``, a segment where Jensen's
   inequality fails); the candidate becomes an exact rational witness
   :math:`(x, y, \theta)` with :math:`f(\theta x + (1-\theta)y) > \theta f(x) +
   (1-\theta) f(y)`, checked exactly or by a rigorous interval enclosure.
4. **Nonnegative second derivative / principal minors**: SymPy's assumptions,
   interval enclosures (also over unbounded domains), expansion and
   factorisation, Sturm root counting for univariate polynomials; every
   principal minor for n >= 2.
5. **Interval branch-and-bound** on bounded boxes: the interval Hessian is
   diagonally dominant or passes interval Cholesky on every sub-box.
6. **Non-smooth atoms** (abs, max, min, ``Piecewise``) outside the rules:
   atoms whose argument has a proved sign are dropped; a 1-D domain is split
   at the exact kinks (convex pieces, non-decreasing slopes across them), an
   n-D box at hyperplanes ``x_i = c`` (normal slopes across the faces); a
   convex function of one affine form is reduced to one variable; a maximum
   of pieces and a sum of parts are proved piece by piece.
7. **Every constant at once**: strong convexity is refuted for all moduli by a
   singular Hessian, a path of vanishing curvature, a ray of bounded slope or
   a segment where ``f`` is affine; L-smoothness for all ``L`` by a path of
   unbounded curvature or a kink.  Quasiconvexity and log-concavity have their
   own proofs (monotone pieces, turning points, linear-fractional and ratio
   rules, ``log f``) and witnesses.

A step capped at a share of the remaining budget is retried with a larger
share when it runs out while most of the budget is unused, so a verdict
depends on the total budget, not on how it was split.  A verdict is
``proved`` only with evidence, ``refuted`` only with a witness that checks;
everything else is ``unknown`` with the reason.

    >>> v = convexity("x**2 + 2*y**2")
    >>> v.status, v.check()
    ('proved', True)
    >>> w = convexity("x**4 - x**2")
    >>> w.status, w.witness.check()
    ('refuted', True)
    >>> convexity("-log(x)", domain="x > 0").status
    'proved'
"""

from __future__ import annotations

import itertools
import sys
import types
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Sequence

import sympy as sp

from .exact import interval as ivl
from ._dcp import analyze
from .budget import run_with_budget
from .certificate import (
    AffineSegmentWitness,
    CurvatureFamilyWitness,
    GeometricJensenWitness,
    LogReduction,
    PiecewiseConvex,
    QuasiJensenWitness,
    QuasiProof,
    Rewritten,
    SingularHessianWitness,
    SumOfConvex,
    drop_atoms,
    value_at,
    DCPStep,
    DiagonalPSD,
    HessianCertificate,
    IntervalHessianCover,
    JensenWitness,
    LDLFactorization,
    Nonnegative,
    PrincipalMinors,
    Reduction,
    Separable,
    StrictFromAnalyticity,
    Verdict,
    Witness,
    _bisect_box,
    defined_on,
    twice_differentiable,
    interval_psd,
    is_smooth,
    prove_sign,
)
from .config import config
from .core.domain import Box, Bound
from .errors import BudgetExceeded, SymoptError, UnsupportedError

__all__ = ["convexity", "PROPERTIES", "prove_nonnegative"]

#: Accepted property names (aliases map to the canonical name).
PROPERTIES = {
    "convex": "convex",
    "concave": "concave",
    "strictly convex": "strictly convex",
    "strict": "strictly convex",
    "strictly-convex": "strictly convex",
    "strongly convex": "strongly convex",
    "strong": "strongly convex",
    "strongly-convex": "strongly convex",
    "l-smooth": "L-smooth",
    "smooth": "L-smooth",
    "lsmooth": "L-smooth",
    "quasiconvex": "quasiconvex",
    "quasiconcave": "quasiconcave",
    "log-concave": "log-concave",
    "log concave": "log-concave",
    "logconcave": "log-concave",
    "log-convex": "log-convex",
    "log convex": "log-convex",
    "logconvex": "log-convex",
}

_MAX_MINORS_N = 4
_BNB_BOXES = 400


class _OutOfTime(Exception):
    pass


@dataclass
class _Ctx:
    variables: tuple
    box: Box
    deadline: float
    seed: int = 0
    notes: list = field(default_factory=list)

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def run(self, fn: Callable, *args: Any, step: str = "convexity", cap: float | None = None) -> Any:
        left = self.remaining()
        if left <= 0.01:
            raise _OutOfTime()
        seconds = left if cap is None else min(left, cap)
        try:
            return run_with_budget(fn, *args, step=step, seconds=seconds)
        except BudgetExceeded:
            # A step capped at a fraction of what was left may not be starved while most of the
            # whole budget is unused: retry once with a larger share (at most half of what is left
            # now, at least 4x the first cap), so the verdict depends on the total budget, not its split.
            left = self.remaining()
            if cap is None or seconds >= 0.5 * left or left <= 0.05:
                raise
            return run_with_budget(fn, *args, step=step, seconds=min(left, max(4 * seconds, 0.5 * left)))

    def sub(self, variables: tuple, box: Box) -> "_Ctx":
        return _Ctx(variables, box, self.deadline, self.seed, self.notes)


@dataclass
class _Outcome:
    status: str
    evidence: tuple = ()
    witness: Witness | None = None
    reason: str = ""


# ----------------------------------------------------------------------------- public


def convexity(
    obj: Any,
    domain: Any = None,
    property: str = "convex",
    *,
    modulus: Any = None,
    L: Any = None,
    budget: float | None = None,
    seed: int = 0,
) -> Verdict:
    r"""Decide a convexity property of an objective on a domain, with evidence.

    Args:
        obj: an :class:`~symopt.Objective`, a SymPy expression, or text.
        domain: ``None`` (the objective's own domain, else all of R^n), text
            such as ``"x > 0, -1 <= y <= 2"``, a dict ``{var: (lo, hi)}`` or
            ``{var: (lo, hi, "()")}`` (interval kinds ``"()"``, ``"(]"``,
            ``"[)"``, ``"[]"``), or a :class:`~symopt.core.domain.Box`.
        property: ``"convex"``, ``"concave"``, ``"strictly convex"``,
            ``"strongly convex"``, ``"L-smooth"``, ``"quasiconvex"``,
            ``"quasiconcave"``, ``"log-concave"`` or ``"log-convex"``
            (log-concave: ``f > 0`` and ``log f`` concave, Boyd & Vandenberghe 3.5).
        modulus: ``m`` for ``"strongly convex"`` (:math:`f - \tfrac m2\|x\|^2`
            convex); found when omitted (constant Hessians, interval bounds).
        L: the constant for ``"L-smooth"`` (:math:`-LI \preceq \nabla^2 f
            \preceq LI`); found when omitted.
        budget: total seconds (default ``config.budget_for("convexity")``).
        seed: seed of the numeric search for counterexamples.

    Returns:
        A :class:`~symopt.certificate.Verdict`.

    Raises:
        UnsupportedError: an unknown property.
        DomainError: a domain that does not parse or is empty.
        ParameterError: a non-positive modulus or L.
    """
    from .errors import ParameterError
    from .core.objective import Objective

    key = str(property).strip().lower().replace("_", " ")
    if key not in PROPERTIES:
        raise UnsupportedError(f"unknown property {property!r}; choose from convex, concave, strictly convex, strongly convex, "
                               "L-smooth, quasiconvex, quasiconcave, log-concave, log-convex")
    prop = PROPERTIES[key]
    if not isinstance(obj, Objective):
        obj = Objective(obj)
    obj = obj.with_real_symbols()  # the user's plain symbols: SymPy must know they are real (exp(-x) > 0)
    variables = tuple(obj.variables)
    box = Box.parse(domain if domain is not None else (obj.domain or None), variables)
    f = obj.expr
    parameter = None
    if prop == "strongly convex" and modulus is not None:
        parameter = _positive(modulus, "modulus")
    if prop == "L-smooth" and L is not None:
        parameter = _positive(L, "L")
    if (prop != "strongly convex" and modulus is not None) or (prop != "L-smooth" and L is not None):
        raise ParameterError("modulus= goes with 'strongly convex' and L= with 'L-smooth'")

    def verdict(out: _Outcome, param: Any = parameter) -> Verdict:
        evidence = tuple(out.evidence) if out.evidence else ((out.witness,) if out.witness is not None else ())
        return Verdict(out.status, prop, f, variables, box, evidence, out.reason, out.witness, param)

    if obj.params:
        names = ", ".join(p.name for p in obj.params)
        why = f"the objective depends on parameter(s) {names}; bind them first (obj.bind(...))"
        cond = _parametric_condition(f, variables, prop)
        if cond is not None:
            why = f"{prop} on R^n exactly when {cond} (principal minors of the constant Hessian); " + why
        return verdict(_Outcome("unknown", reason=why))
    seconds = budget if budget is not None else (config.budget_for("convexity") or 10.0)
    ctx = _Ctx(variables, box, time.monotonic() + float(seconds), seed)
    try:
        # every layer budgets its own steps; this outer budget is the backstop for the rest
        out, param = run_with_budget(_decide, prop, f, ctx, parameter, step="convexity", seconds=float(seconds) + 0.5)
    except (_OutOfTime, BudgetExceeded):
        return verdict(_Outcome("unknown", reason=f"ran out of the {float(seconds):g} s budget before deciding"))
    return verdict(out, param)


def _parametric_condition(f: sp.Expr, variables: tuple, prop: str) -> sp.Basic | None:
    """For a Hessian constant in the variables: the condition on the parameters (all principal minors >= 0).

    A constant Hessian means ``f`` is a quadratic in the variables, convex on
    R^n exactly when its Hessian is PSD, i.e. when every principal minor is
    nonnegative (concave: the same for ``-H``).
    """
    if prop not in ("convex", "concave") or not is_smooth(f) or len(variables) > _MAX_MINORS_N:
        return None

    def build() -> sp.Basic | None:
        H = sp.hessian(f, variables)
        if H.free_symbols & set(variables):
            return None
        if prop == "concave":
            H = -H
        n = H.shape[0]
        conds = [sp.expand(H.extract(list(idx), list(idx)).det()) >= 0
                 for k in range(1, n + 1) for idx in itertools.combinations(range(n), k)]
        return sp.simplify(sp.And(*conds))

    try:
        return run_with_budget(build, step="simplify", seconds=1.0)
    except (BudgetExceeded, TypeError, ValueError):
        return None


def _positive(value: Any, name: str) -> sp.Expr:
    from .errors import ParameterError
    from .core.parse import as_expression

    v = as_expression(value)
    if v.free_symbols or not v.is_real or not (v > 0):
        raise ParameterError(f"{name} must be a positive number, got {value!r}")
    return sp.nsimplify(v) if v.is_Float else v


# ----------------------------------------------------------------------------- properties


def _decide(prop: str, f: sp.Expr, ctx: _Ctx, parameter: Any) -> tuple[_Outcome, Any]:
    if prop == "convex":
        return _convex(f, ctx), parameter
    if prop == "concave":
        out = _convex(-f, ctx)
        return _wrap(out, "concave f <=> -f convex", f, [(-f, "negate")], ctx), parameter
    if prop == "strictly convex":
        return _strict(f, ctx), parameter
    if prop in ("log-convex", "log-concave"):
        return _log_prop(f, ctx, prop), parameter
    if prop in ("quasiconvex", "quasiconcave"):
        return _quasi(f, ctx, prop), parameter
    if prop == "strongly convex":
        return _strong(f, ctx, parameter)
    return _smooth(f, ctx, parameter)


def _wrap(out: _Outcome, description: str, f: sp.Expr, targets: list, ctx: _Ctx, parameter: Any = None,
          extra_outcomes: Sequence[_Outcome] = ()) -> _Outcome:
    """Wrap the outcome(s) for transformed functions into a Reduction."""
    outs = [out, *extra_outcomes]
    for o in outs:
        if o.status == "refuted":
            return o
    if all(o.status == "proved" for o in outs):
        red = Reduction(description, f, tuple((g, tuple(o.evidence)) for (g, _), o in zip(targets, outs)),
                        tuple(h for _, h in targets), parameter, ctx.variables, ctx.box)
        return _Outcome("proved", (red,), None, f"{description}; " + "; ".join(o.reason for o in outs))
    return _Outcome("unknown", reason="; ".join(o.reason for o in outs if o.status == "unknown"))


def _sq(ctx: _Ctx) -> sp.Expr:
    return sp.Add(*[v**2 for v in ctx.variables])


def _strong(f: sp.Expr, ctx: _Ctx, m: Any) -> tuple[_Outcome, Any]:
    if m is not None:
        candidates = [m]
    elif is_smooth(f):
        candidates = _modulus_candidates(f, ctx)
    else:
        candidates = _nonsmooth_candidates(f, ctx, "m")
    if not candidates:
        base = _convex(f, ctx)
        if base.status == "refuted":
            return base, None
        strict = _singular_witness(f, ctx)
        if strict is not None:
            return _Outcome("refuted", (), strict, "the Hessian is singular and constant: f is affine along a line, "
                            "so no modulus m > 0 works"), None
        w = _no_modulus_witness(f, ctx)
        if w is not None:
            return w, None
        return _Outcome("unknown", reason="no positive modulus found; pass modulus=m to test a given one"), None
    out, used = _Outcome("unknown", reason="no candidate modulus"), None
    for cand in candidates:
        g = sp.expand(f - cand / 2 * _sq(ctx))
        out = _wrap(_convex(g, ctx), f"m-strongly convex with m = {cand} <=> f - m/2 ||x||^2 convex", f,
                    [(g, "strong")], ctx, cand)
        used = cand
        if out.status == "proved" or m is not None:
            break
    if out.status != "proved" and m is None:
        w = _no_modulus_witness(f, ctx)
        if w is not None:
            return w, None
    if out.status == "refuted" and m is None:
        return _Outcome("unknown", reason=f"candidate modulus {used} refuted; no modulus proved"), None
    if out.status == "unknown" and m is None:
        return _Outcome("unknown", reason=f"candidate modulus {used} not proved: {out.reason}"), None
    return out, used


def _no_modulus_witness(f: sp.Expr, ctx: _Ctx) -> _Outcome | None:
    """Refute strong convexity for every modulus at once: singular Hessian, vanishing curvature, affine segment."""
    if is_smooth(f):
        w = _bounded_slope(f, ctx) or _modulus_free_witness(f, ctx, ("vanishing",))
        if w is not None:
            why = ("the Hessian is singular at an inner point" if isinstance(w, SingularHessianWitness)
                   else "the curvature tends to 0 along a path" if isinstance(w, CurvatureFamilyWitness)
                   else "the slope stays bounded along a ray")
            return _Outcome("refuted", (), w, f"{why}, so no modulus m > 0 works")
    w = _affine_segment(f, ctx)
    if w is not None:
        return _Outcome("refuted", (), w, "f is affine on a segment, so no modulus m > 0 works")
    return None


def _smooth(f: sp.Expr, ctx: _Ctx, L: Any) -> tuple[_Outcome, Any]:
    smooth = twice_differentiable(f, ctx.variables, ctx.box)
    if not smooth:
        if is_smooth(f) or defined_on(f, ctx.box) is None:
            return _Outcome("unknown", reason="f is not shown twice differentiable on the domain (points where f or "
                            "its Hessian is undefined)"), L
        w = _kink(f, ctx)
        if w is not None:
            return _Outcome("refuted", (), w, "f is not differentiable at an inner point, so no constant L works"), None
    candidates = [L] if L is not None else (_smoothness_candidates(f, ctx) if smooth else _nonsmooth_candidates(f, ctx, "L"))
    if not candidates:
        return _Outcome("unknown", reason="no bound on the Hessian found; pass L= to test a given constant"), None
    out, used = _Outcome("unknown", reason="no candidate L"), None
    for cand in candidates:
        upper = sp.expand(cand / 2 * _sq(ctx) - f)
        lower = sp.expand(f + cand / 2 * _sq(ctx))
        used = cand
        out_u = _convex(upper, ctx)
        if out_u.status == "refuted":
            out = out_u
        else:
            out_l = _convex(lower, ctx)
            desc = f"L-smooth with L = {cand} <=> L/2 ||x||^2 - f and f + L/2 ||x||^2 convex (f finite on the domain)"
            out = _wrap(out_u, desc, f, [(upper, "smooth-upper"), (lower, "smooth-lower")], ctx, cand, [out_l])
        if out.status == "proved" or L is not None:
            break
    if out.status != "proved" and L is None:
        w = _modulus_free_witness(f, ctx, ("above", "below"))
        if w is not None:
            return _Outcome("refuted", (), w, "the Hessian is unbounded along a path, so no constant L works"), None
    if out.status == "refuted" and L is None:
        return _Outcome("unknown", reason=f"candidate L = {used} refuted; no constant proved"), None
    if out.status == "unknown" and L is None:
        return _Outcome("unknown", reason=f"candidate L = {used} not proved: {out.reason}"), None
    return out, used


def _strict(f: sp.Expr, ctx: _Ctx) -> _Outcome:
    base = _convex(f, ctx)
    if base.status != "proved":
        return base
    vs, box = ctx.variables, ctx.box
    if twice_differentiable(f, vs, box):
        H = _hessian(f, ctx)
        if H is not None and not (H.free_symbols & set(vs)):
            try:
                ldl = LDLFactorization.of(H)
            except ValueError:
                ldl = None
            if ldl is not None and ldl.sign > 0 and ldl.definite:
                return _Outcome("proved", (HessianCertificate(f, vs, box, ldl, strict=True),), None,
                                "constant Hessian is positive definite (exact LDL^T with positive pivots)")
            w = _singular_witness(f, ctx)
            if w is not None:
                return _Outcome("refuted", (), w, "constant singular Hessian: f is affine along a kernel direction")
        if len(vs) == 1 and H is not None:
            at = _nonzero_point(H[0, 0], ctx)
            if at is not None:
                ev = StrictFromAnalyticity(f, vs[0], at, box, tuple(base.evidence))
                if ev.check():
                    return _Outcome("proved", (ev,), None,
                                    f"convex and analytic with f''({at}) != 0: f'' has isolated zeros, so f' is strictly increasing")
    if 1 < len(vs) <= _MAX_MINORS_N and twice_differentiable(f, vs, box):
        ev = _leading_minors(f, ctx)
        if ev is not None:
            return _Outcome("proved", (ev,), None, "Hessian positive definite on the domain: " + ev.inner.summary())
    parts = _separate(f, vs)
    if len(parts) > 1:
        proofs = []
        for expr, group in parts:
            sub_box = Box(group, tuple(box.bound(v) for v in group))
            out = _strict(expr, ctx.sub(group, sub_box))
            if out.status != "proved":
                return _Outcome("unknown", reason=f"convex; strictness of the part {expr} undecided ({out.reason})") \
                    if out.status == "unknown" else _Outcome("unknown", reason=f"convex; the part {expr} is not strictly convex")
            proofs.append((expr, group, tuple(out.evidence)))
        ev = Separable(f, tuple(proofs), tuple(vs))
        return _Outcome("proved", (ev,), None, "separable sum of strictly convex parts in disjoint variables")
    if box.bounded and twice_differentiable(f, vs, box):
        H = _hessian(f, ctx)
        cover = _bnb_matrix(H, ctx, strict=True) if H is not None else None
        if cover is not None:
            return _Outcome("proved", (HessianCertificate(f, vs, box, cover, strict=True),), None,
                            "interval Hessian positive definite on every sub-box")
    if not is_smooth(f) and len(vs) == 1:
        out = _nonsmooth(f, ctx, strict=True)
        if out is not None and out.status == "proved":
            return out
    w = _affine_segment(f, ctx)
    if w is not None:
        return _Outcome("refuted", (), w, "convex, but affine on a segment: not strictly convex")
    return _Outcome("unknown", reason=f"convex ({base.reason}); strict convexity undecided")


def _leading_minors(f: sp.Expr, ctx: _Ctx) -> HessianCertificate | None:
    """Strict convexity from a positive definite Hessian: every leading principal minor proved > 0 on the box."""
    from .certificate import LeadingMinors

    vs, box = ctx.variables, ctx.box
    H = _hessian(f, ctx)
    if H is None:
        return None
    minors = []
    for k in range(1, len(vs) + 1):
        try:
            det = ctx.run(lambda: H.extract(list(range(k)), list(range(k))).det(method="berkowitz"),
                          step="convexity", cap=max(0.3, 0.1 * ctx.remaining()))
        except BudgetExceeded:
            return None
        ev = prove_nonnegative(det, box, strict=True, ctx=ctx)
        if ev is None:
            return None
        minors.append((k, ev))
    cert = HessianCertificate(f, vs, box, LeadingMinors(H, tuple(minors)), strict=True)
    return cert if cert.check() else None


def _separate(f: sp.Expr, vs: tuple) -> list[tuple[sp.Expr, tuple]]:
    """Split ``f`` into sums over disjoint variable groups (constants go with the first group)."""
    terms = sp.Add.make_args(f)
    parent = {v: v for v in vs}

    def find(v: sp.Symbol) -> sp.Symbol:
        while parent[v] != v:
            v = parent[v]
        return v

    for t in terms:
        tv = [v for v in vs if v in t.free_symbols]
        for a, b in zip(tv, tv[1:]):
            parent[find(a)] = find(b)
    groups: dict = {}
    for v in vs:
        groups.setdefault(find(v), []).append(v)
    if len(groups) < 2:
        return [(f, vs)]
    out = []
    consts = [t for t in terms if not (t.free_symbols & set(vs))]
    for k, (root, group) in enumerate(groups.items()):
        part = sp.Add(*[t for t in terms if t.free_symbols & set(group)])
        if k == 0:
            part = part + sp.Add(*consts)
        out.append((part, tuple(group)))
    return out


# ----------------------------------------------------------------------------- convexity core


def _convex(g: sp.Expr, ctx: _Ctx, hessian_only: bool = False) -> _Outcome:
    """Is ``g`` convex on ``ctx.box``?"""
    vs, box = ctx.variables, ctx.box
    reasons: list[str] = []
    if not hessian_only:
        try:
            node = ctx.run(analyze, g, box, step="convexity", cap=max(0.5, 0.3 * ctx.remaining()))
        except BudgetExceeded:
            node = None
            reasons.append("composition rules ran out of time")
        if node is not None:
            if node.curvature in ("convex", "affine", "constant"):
                return _Outcome("proved", (node,), None, "composition rules (DCP) give a convex expression")
            reasons.append(f"composition rules: curvature unknown ({_first_unknown(node)})")
    smooth = is_smooth(g)
    if not smooth:
        out = _nonsmooth(g, ctx)
        if out is not None and out.status != "unknown":
            return out
        if out is not None:
            reasons.append(out.reason)
    H = _hessian(g, ctx) if smooth else None
    c2 = False
    if H is not None:
        try:
            c2 = ctx.run(twice_differentiable, g, vs, box, step="convexity", cap=max(0.3, 0.2 * ctx.remaining()))
        except BudgetExceeded:
            c2 = False
        if not c2:
            if defined_on(g, box) is None:
                if defined_on(g, box.interior()) is not None:
                    reasons.append(f"f is defined inside the domain but not shown on its boundary (the closure of "
                                   f"{box.describe()}); strict bounds (e.g. 'y > 0' or {{'y': (0, None, '()')}}) exclude it")
                else:
                    reasons.append("could not show that f is defined on the whole domain (give a domain such as 'x > 0')")
            else:
                reasons.append("could not show that the Hessian is defined inside the domain")
    defined = True if c2 else None
    if H is not None and defined is not None and not (H.free_symbols & set(vs)):
        try:
            ldl = LDLFactorization.of(H)
        except ValueError:
            ldl = None
        if ldl is not None and ldl.sign > 0:
            return _Outcome("proved", (HessianCertificate(g, vs, box, ldl),), None,
                            "constant Hessian is positive semidefinite (exact LDL^T)")
        if ldl is not None and ldl.sign < 0 and H != sp.zeros(*H.shape):
            pass  # negative semidefinite and nonzero: refuted below
        if ldl is None or H != sp.zeros(*H.shape):
            w = _constant_hessian_witness(g, H, ctx)
            if w is not None:
                return _Outcome("refuted", (), w, "constant Hessian has a negative eigenvalue; exact Jensen witness")
    # quick numeric search for non-convexity
    w = _search_witness(g, ctx, H if smooth else None, quick=True)
    if w is not None:
        return _Outcome("refuted", (), w, "Jensen's inequality fails at an exact rational witness")
    if H is not None and defined is not None:
        ev = _prove_psd(g, H, ctx, reasons)
        if ev is not None:
            return _Outcome("proved", (ev,), None, f"Hessian positive semidefinite: {ev.inner.summary()}")
    w = _search_witness(g, ctx, H if smooth else None, quick=False)
    if w is not None:
        return _Outcome("refuted", (), w, "Jensen's inequality fails at an exact rational witness")
    out = _sum_parts(g, ctx)
    if out is not None and out.status != "unknown":
        return out
    if not smooth:
        reasons.append("f is not twice differentiable everywhere, so the Hessian test does not apply")
    return _Outcome("unknown", reason="; ".join(reasons) or "no layer decided")


def _first_unknown(node: DCPStep) -> str:
    if node.curvature != "unknown":
        return ""
    for c in node.children:
        if c.curvature == "unknown":
            return _first_unknown(c)
    return f"{node.expr} ({node.rule})"


def _hessian(g: sp.Expr, ctx: _Ctx) -> sp.Matrix | None:
    try:
        return ctx.run(lambda: sp.hessian(g, ctx.variables), step="convexity", cap=max(0.5, 0.2 * ctx.remaining()))
    except BudgetExceeded:
        return None


def _prove_psd(g: sp.Expr, H: sp.Matrix, ctx: _Ctx, reasons: list) -> HessianCertificate | None:
    vs, box = ctx.variables, ctx.box
    n = len(vs)
    if n == 1:
        ev = prove_nonnegative(H[0, 0], box, ctx=ctx)
        if ev is not None:
            return HessianCertificate(g, vs, box, ev)
        reasons.append(f"could not prove f'' = {H[0, 0]} >= 0 on the domain")
        return None
    if all(sp.expand(H[i, j]) == 0 for i in range(n) for j in range(n) if i != j):
        entries = []
        for i in range(n):
            ev = prove_nonnegative(H[i, i], box, ctx=ctx)
            if ev is None:
                reasons.append(f"diagonal Hessian entry {_short(H[i, i])} not shown >= 0")
                break
            entries.append(ev)
        else:
            return HessianCertificate(g, vs, box, DiagonalPSD(H, tuple(entries)))
    if n <= _MAX_MINORS_N:
        try:
            # rational entries in lowest terms: determinants of uncancelled fractions swell (harmonic mean: 2.3 s -> 0.02 s)
            H = ctx.run(lambda: H.applyfunc(lambda e: sp.cancel(e) if e.is_rational_function(*vs) else e),
                        step="convexity", cap=max(0.3, 0.1 * ctx.remaining()))
        except (BudgetExceeded, sp.PolynomialError):
            pass
        minors = []
        ok = True
        for k in range(1, n + 1):
            for idx in itertools.combinations(range(n), k):
                try:
                    det = ctx.run(lambda: H.extract(list(idx), list(idx)).det(method="berkowitz"),
                                  step="convexity", cap=max(0.3, 0.1 * ctx.remaining()))
                except BudgetExceeded:
                    ok = False
                    reasons.append(f"principal minor {list(idx)} ran out of time")
                    break
                ev = prove_nonnegative(det, box, ctx=ctx)
                if ev is None:
                    ok = False
                    reasons.append(f"principal minor {list(idx)} = {_short(det)} not shown >= 0")
                    break
                minors.append((idx, ev))
            if not ok:
                break
        if ok:
            return HessianCertificate(g, vs, box, PrincipalMinors(H, tuple(minors)))
    if box.bounded:
        cover = _bnb_matrix(H, ctx)
        if cover is not None:
            return HessianCertificate(g, vs, box, cover)
        reasons.append("interval branch-and-bound did not certify the Hessian on the box")
    return None


def _short(e: sp.Expr) -> str:
    s = str(e)
    return s if len(s) <= 60 else s[:57] + "..."


# ----------------------------------------------------------------------------- nonnegativity


def prove_nonnegative(h: sp.Expr, box: Box, strict: bool = False, ctx: _Ctx | None = None) -> Nonnegative | None:
    """Evidence that ``h >= 0`` (``> 0`` if strict) on ``box``, or ``None``.

    Tries SymPy's assumptions and interval enclosures of ``h``, of its
    expansion and of its factorisation; Sturm counting for univariate
    polynomials; then interval branch-and-bound on bounded boxes.

    >>> from symopt.core.parse import parse, parse_symbols
    >>> (x,) = parse_symbols("x")
    >>> prove_nonnegative(parse("x**2 - 2*x + 2"), Box.whole((x,))).method   # a Sturm count
    'sign'
    """
    if ctx is None:
        ctx = _Ctx(box.variables, box, time.monotonic() + (config.budget_for("interval") or 5.0))
    rel = ">0" if strict else ">=0"
    h = sp.sympify(h)
    forms = [h]
    for fn in (sp.expand, sp.factor):
        try:
            forms.append(ctx.run(fn, h, step="convexity", cap=max(0.2, 0.1 * ctx.remaining())))
        except (BudgetExceeded, sp.PolynomialError, TypeError, ValueError):
            pass
    for form in forms:
        how = prove_sign(form, box, rel)
        if how is not None:
            method = "assumptions" if how.startswith("SymPy") else ("enclosure" if how.startswith("interval") else "sign")
            ev = Nonnegative(h, box, method, form, strict)
            return ev
    vs = box.variables
    if len(vs) == 1 and h.is_polynomial(vs[0]) and not strict:
        ev = _univariate(h, box)
        if ev is not None:
            return ev
    if not strict and h.is_polynomial(*vs):
        try:
            ev = ctx.run(_sos, h, box, step="convexity", cap=max(0.2, 0.2 * ctx.remaining()))
        except BudgetExceeded:
            ev = None
        if ev is not None:
            return ev
    if not strict and len(vs) == 1 and is_smooth(h) and not h.is_polynomial(*vs):
        ev = _monotone_from_anchor(h, box, ctx, depth=3)
        if ev is not None:
            return ev
    if not strict and h.is_polynomial(*vs) and not box.is_whole:
        ev = _sos_shifted(h, box, ctx)
        if ev is not None:
            return ev
    if not strict and h.is_polynomial(*vs):
        try:
            ev = ctx.run(_sos_search, h, box, step="convexity", cap=max(0.5, 0.5 * ctx.remaining()))
        except BudgetExceeded:
            ev = None
        if ev is not None:
            return ev
    if box.bounded:
        return _bnb_scalar(h, box, strict, ctx)
    return None


def _monotone_from_anchor(h: sp.Expr, box: Box, ctx: _Ctx, depth: int) -> Nonnegative | None:
    """``h >= 0`` on an interval from ``h(c) >= 0`` and the sign of ``h'`` on each side of an anchor ``c``.

    Anchors: the interval's finite ends and the exact rational zeros of ``h'`` found among simple points;
    the signs of ``h'`` are proved by the direct methods or, ``depth`` times, by this method again.
    """
    if depth <= 0 or ctx.remaining() <= 0.05:
        return None
    (x,) = box.variables
    b = box.bound(x)
    if defined_on(h, Box((x,), (Bound(b.lo, b.hi),))) is None:
        return None
    d = sp.diff(h, x)
    anchors = [e for e in (b.lo, b.hi) if e.is_Rational]
    for c in (0, 1, -1, 2, -2, sp.Rational(1, 2), -sp.Rational(1, 2)):
        c = sp.Integer(c) if isinstance(c, int) else c
        if (b.lo is -sp.oo or c > b.lo) and (b.hi is sp.oo or c < b.hi) and _exact_zero(value_at(d, {x: c})):
            anchors.append(c)
    for c in anchors:
        from .certificate import const_sign

        if const_sign(value_at(h, {x: c})) not in (0, 1):
            continue
        sides = []
        for lo, hi, ls, hs, sign, present in ((b.lo, c, b.lo_strict, False, -1, b.lo != c),
                                              (c, b.hi, False, b.hi_strict, 1, b.hi != c)):
            if not present:
                sides.append(None)
                continue
            side = Box((x,), (Bound(lo, hi, ls, hs),)).interior()
            g = sign * d
            ev = None
            for form in (g, sp.expand(g)):
                how = prove_sign(form, side, ">=0")
                if how is not None:
                    ev = Nonnegative(g, side, "assumptions" if how.startswith("SymPy") else "enclosure", form, False)
                    break
            if ev is None:
                ev = _monotone_from_anchor(g, side, ctx, depth - 1)
            if ev is None:
                break
            sides.append(ev)
        if len(sides) == 2:
            out = Nonnegative(h, box, "monotone", h, False, (c, sides[0], sides[1]))
            if out.check():
                return out
    return None


def _exact_zero(v: sp.Expr) -> bool:
    from .certificate import const_sign

    return const_sign(v) == 0


def _sos_shifted(h: sp.Expr, box: Box, ctx: _Ctx) -> Nonnegative | None:
    """``h >= 0`` on half-lines / boxes: ``x = lo + u^2`` (or ``hi - u^2``) and a sum of squares in ``u``."""
    shifts, sub = [], {}
    for v in box.variables:
        b = box.bound(v)
        if v not in h.free_symbols:
            continue
        u = sp.Dummy(f"u_{v.name}", real=True)
        if b.lo is not -sp.oo and b.lo.is_Rational:
            shifts.append((v, u, b.lo, "lo"))
            sub[v] = b.lo + u**2
        elif b.hi is not sp.oo and b.hi.is_Rational:
            shifts.append((v, u, b.hi, "hi"))
            sub[v] = b.hi - u**2
    if not shifts:
        return None
    g = sp.expand(h.xreplace(sub))
    ubox = Box.whole(tuple(u for _, u, _, _ in shifts) + tuple(v for v in box.variables if v in h.free_symbols and v not in sub))
    try:
        inner = ctx.run(_sos, g, ubox, step="convexity", cap=max(0.2, 0.1 * ctx.remaining()))
        if inner is None:
            inner = ctx.run(_sos_search, g, ubox, step="convexity", cap=max(0.5, 0.4 * ctx.remaining()))
    except BudgetExceeded:
        return None
    if inner is None:
        return None
    ev = Nonnegative(h, box, "sos-shift", h, False, (tuple(shifts), inner))
    return ev if ev.check() else None


def _sos_basis(h: sp.Expr, vs: Sequence[sp.Symbol], max_basis: int) -> tuple | None:
    """``(poly, terms, basis)`` for an SOS Gram matrix of ``h`` in ``vs``, or ``None``.

    ``h`` must be a polynomial with rational coefficients whose total degree and
    degree in each variable are even; the monomial basis is every exponent vector
    up to half of each variable's degree with total degree between half the
    lowest and half the highest term degree (a box around the half Newton
    polytope), at most ``max_basis`` of them.
    """
    try:
        p = sp.Poly(sp.expand(h), *vs)
    except sp.PolynomialError:
        return None
    if p.is_zero or any(not c.is_Rational for c in p.coeffs()):
        return None
    terms = dict(p.terms())
    maxexp = [max(m[i] for m in terms) for i in range(len(vs))]
    degs = [sum(m) for m in terms]
    if max(degs) % 2 or any(e % 2 for e in maxexp):
        return None
    lo_d, hi_d = (min(degs) + 1) // 2, max(degs) // 2
    basis = [e for e in itertools.product(*[range(m // 2 + 1) for m in maxexp]) if lo_d <= sum(e) <= hi_d]
    if not basis or len(basis) > max_basis:
        return None
    return p, terms, basis


def _sos_search(h: sp.Expr, box: Box, max_basis: int = 15) -> Nonnegative | None:
    """A Gram matrix found by semidefinite programming (CVXPY with Clarabel or SCS, optional), rounded to
    rationals and repaired so that ``h = m^T Q m`` holds exactly; then an exact PSD check (LDL^T).

    The solver maximises the smallest eigenvalue margin so that rounding keeps ``Q`` PSD (Parrilo's
    SOS method; the exact repair follows Peyrl & Parrilo, "Computing sum of squares decompositions with
    rational coefficients", 2008).  Without CVXPY this returns ``None`` (the fixed candidates of
    :func:`_sos` still run).
    """
    for attempt in (0, 1):
        cp = _cvxpy()
        if cp is None:
            return None
        try:
            return _sos_search_with(cp, h, box, max_basis)
        except Exception:  # noqa: BLE001 - the solver failed on this problem, or the stack is broken
            if _cvxpy_is_whole(cp):
                return None  # a solver failure: nothing to repair, and CVXPY stays as other code holds it
            _purge_cvxpy()  # an import cut short by a budget: re-import once
    return None


def _cvxpy_is_whole(cp: Any) -> bool:
    """Whether a CVXPY module has what the search uses (a half-imported one lacks these)."""
    try:
        cp.Variable, cp.Problem, cp.constraints.PSD  # noqa: B018
        return True
    except Exception:  # noqa: BLE001
        return False


def _cvxpy() -> Any:
    """CVXPY if it is installed and imports completely, else ``None`` (it is optional).

    Only a module left half-initialised by an interrupted import is dropped from
    ``sys.modules`` and imported again: a whole one may be in use elsewhere in the
    process (the user's code, PEPit), whose references a purge would break.
    """
    try:
        import cvxpy as cp
    except ImportError:
        return None  # not installed
    except Exception:  # noqa: BLE001 - an import that fails half-way
        cp = None
    if cp is not None and _cvxpy_is_whole(cp):
        return cp
    _purge_cvxpy()
    try:
        import cvxpy as cp

        return cp if _cvxpy_is_whole(cp) else None
    except Exception:  # noqa: BLE001
        return None


def _purge_cvxpy() -> None:
    for name in [m for m in sys.modules if m == "cvxpy" or m.startswith("cvxpy.")]:
        sys.modules.pop(name, None)


def _sos_search_with(cp: Any, h: sp.Expr, box: Box, max_basis: int) -> Nonnegative | None:
    import numpy as np

    vs = tuple(v for v in box.variables if v in h.free_symbols)
    if not vs:
        return None
    setup = _sos_basis(h, vs, max_basis)
    if setup is None:
        return None
    p, terms, basis = setup
    n = len(basis)
    pairs: dict = {}
    for i, a in enumerate(basis):
        for j in range(i, n):
            key = tuple(x + y for x, y in zip(a, basis[j]))
            pairs.setdefault(key, []).append((i, j))
    if any(k not in pairs for k in terms):
        return None
    Q = cp.Variable((n, n), symmetric=True)
    t = cp.Variable()
    cons = [cp.constraints.PSD(Q - cp.diag(cp.hstack([t] * n))), t <= 1]
    for key, plist in pairs.items():
        c = float(terms.get(key, 0))
        cons.append(sum((Q[i, j] if i == j else 2 * Q[i, j]) for i, j in plist) == c)
    prob = cp.Problem(cp.Maximize(t), cons)
    for solver in ("CLARABEL", "SCS"):
        try:
            prob.solve(solver=solver)
        except cp.error.SolverError:  # this solver failed: try the next (budget interrupts are BaseExceptions)
            continue
        if Q.value is not None and t.value is not None and t.value > -1e-9:
            break
    else:
        return None
    Qv = Q.value
    monomials = tuple(sp.Mul(*[v**k for v, k in zip(vs, e)]) for e in basis)
    for den in (10**4, 10**6, 10**8):
        R = sp.Matrix(n, n, lambda i, j: sp.Rational(round(float(Qv[min(i, j), max(i, j)]) * den), den))
        # exact repair: each monomial's equation fixed on one entry (a diagonal one when there is one)
        for key, plist in pairs.items():
            c = sp.Rational(terms.get(key, 0))
            diag = [pr for pr in plist if pr[0] == pr[1]]
            i0, j0 = diag[0] if diag else plist[0]
            rest = sum((R[i, j] if i == j else 2 * R[i, j]) for i, j in plist if (i, j) != (i0, j0))
            val = (c - rest) / (1 if i0 == j0 else 2)
            R[i0, j0] = R[j0, i0] = val
        try:
            ldl = LDLFactorization.of(R)
        except ValueError:
            continue
        if ldl.sign > 0:
            ev = Nonnegative(h, box, "sos", h, False, (monomials, R))
            if ev.check():
                return ev
    return None


def _univariate(h: sp.Expr, box: Box) -> Nonnegative | None:
    (x,) = box.variables
    b = box.bound(x)
    for e in (b.lo, b.hi):
        if e.is_finite and not e.is_Rational:
            return None
    try:
        p = sp.Poly(h, x)
    except sp.PolynomialError:
        return None
    if any(not c.is_Rational for c in p.coeffs()):
        return None
    c, factors = p.sqf_list()
    odd = sp.Poly(c, x)
    root = sp.Poly(1, x)
    for fac, mult in factors:
        if mult % 2:
            odd = odd * fac
        root = root * fac ** (mult // 2)
    ev = Nonnegative(h, box, "univariate", h, False, (odd.as_expr(), root.as_expr()))
    return ev if ev.check() else None


def _sos(h: sp.Expr, box: Box, max_basis: int = 20) -> Nonnegative | None:
    """Try ``h = m^T Q m`` with ``Q`` PSD, for a few canonical choices of the Gram matrix.

    Each monomial of ``h`` must be split over the pairs ``(i, j)`` with
    ``m_i m_j`` equal to it; the splits tried are: least-norm, all on the
    diagonal pair when there is one, and all on one off-diagonal pair.  No
    optimisation solver: when no split gives a PSD ``Q`` the method fails.
    """
    vs = box.variables
    setup = _sos_basis(h, vs, max_basis)
    if setup is None:
        return None
    p, terms, basis = setup
    pairs: dict = {}
    for i, a in enumerate(basis):
        for j in range(i, len(basis)):
            key = tuple(x + y for x, y in zip(a, basis[j]))
            pairs.setdefault(key, []).append((i, j))
    if any(k not in pairs for k in terms):
        return None
    monomials = tuple(sp.Mul(*[v**k for v, k in zip(vs, e)]) for e in basis)
    n = len(basis)
    for strategy in ("least-norm", "diagonal", "off-diagonal"):
        Q = sp.zeros(n, n)
        for key, plist in pairs.items():
            c = terms.get(key, sp.S.Zero)
            if c == 0 and strategy != "least-norm":
                continue
            weights = [1 if i == j else 2 for i, j in plist]
            if strategy == "least-norm":
                norm2 = sum(w * w for w in weights)
                for (i, j), w in zip(plist, weights):
                    q = sp.Rational(c) * w / norm2
                    Q[i, j] = Q[j, i] = q
            else:
                diag = [(i, j) for i, j in plist if i == j]
                pick = diag[0] if (strategy == "diagonal" and diag) else ([pr for pr in plist if pr[0] != pr[1]] or plist)[0]
                i, j = pick
                w = 1 if i == j else 2
                Q[i, j] = Q[j, i] = sp.Rational(c) / w
        try:
            ldl = LDLFactorization.of(Q)
        except ValueError:
            continue
        if ldl.sign > 0:
            ev = Nonnegative(h, box, "sos", h, False, (monomials, Q))
            if ev.check():
                return ev
    return None


def _rational_bounds(box: Box) -> list[tuple[sp.Rational, sp.Rational]] | None:
    out = []
    for b in box.bounds:
        if not (b.lo.is_Rational and b.hi.is_Rational):
            return None
        out.append((b.lo, b.hi))
    return out


def _bnb(accept: Callable[[tuple], bool], reject: Callable[[tuple], bool], box: Box, ctx: _Ctx) -> tuple | None:
    start = _rational_bounds(box)
    if start is None:
        return None
    stack = [tuple(start)]
    done: list[tuple] = []
    evaluated = 0
    while stack:
        if ctx.remaining() <= 0.05 or evaluated > _BNB_BOXES:
            return None
        sub = stack.pop()
        evaluated += 1
        if accept(sub):
            done.append(sub)
            continue
        if reject(sub):
            return None
        stack.extend(_bisect_box(sub))
    return tuple(done)


def _center(sub: tuple, vs: tuple) -> dict:
    return {v: (lo + hi) / 2 for v, (lo, hi) in zip(vs, sub)}


def _bnb_scalar(h: sp.Expr, box: Box, strict: bool, ctx: _Ctx) -> Nonnegative | None:
    vs = box.variables

    def accept(sub: tuple) -> bool:
        try:
            r = ivl.enclose(h, dict(zip(vs, sub)), prec=80)
        except (ivl.Undefined, ArithmeticError):
            return False
        return ivl.lower(r) > 0 if strict else ivl.lower(r) >= 0

    def reject(sub: tuple) -> bool:
        try:
            r = ivl.enclose(h, ivl.point_box(_center(sub, vs)), prec=80)
        except (ivl.Undefined, ArithmeticError):
            return True
        return ivl.upper(r) < 0

    try:
        boxes = ctx.run(_bnb, accept, reject, box, ctx, step="interval", cap=max(0.3, 0.5 * ctx.remaining()))
    except BudgetExceeded:
        return None
    if boxes is None:
        return None
    ev = Nonnegative(h, box, "branch-and-bound", h, strict, boxes)
    return ev


def _bnb_matrix(H: sp.Matrix, ctx: _Ctx, strict: bool = False) -> IntervalHessianCover | None:
    vs, box = ctx.variables, ctx.box
    import numpy as np

    def accept(sub: tuple) -> bool:
        return interval_psd(H, dict(zip(vs, sub)), strict=strict, prec=80)

    def reject(sub: tuple) -> bool:
        c = _center(sub, vs)
        try:
            A = np.array(H.xreplace(c).evalf(20).tolist(), dtype=float)
        except (TypeError, ValueError):
            return True
        if not np.all(np.isfinite(A)):
            return True
        return float(np.linalg.eigvalsh(A)[0]) < -1e-12 * max(1.0, float(np.abs(A).max()))

    try:
        boxes = ctx.run(_bnb, accept, reject, box, ctx, step="interval", cap=max(0.3, 0.5 * ctx.remaining()))
    except BudgetExceeded:
        return None
    if boxes is None:
        return None
    return IntervalHessianCover(H, box, boxes, strict)


# ----------------------------------------------------------------------------- witnesses


def _rat(v: float, den: int = 4096) -> sp.Rational:
    fr = Fraction(float(v)).limit_denominator(den)
    return sp.Rational(fr.numerator, fr.denominator)


def _interior_point(ctx: _Ctx) -> dict:
    pt = {}
    for v, b in zip(ctx.variables, ctx.box.bounds):
        lo, hi = b.lo, b.hi
        if lo is -sp.oo and hi is sp.oo:
            pt[v] = sp.S.Zero
        elif lo is -sp.oo:
            pt[v] = _rat(float(hi)) - 1
        elif hi is sp.oo:
            pt[v] = _rat(float(lo)) + 1
        else:
            pt[v] = _rat((float(lo) + float(hi)) / 2)
    return pt


def _constant_hessian_witness(g: sp.Expr, H: sp.Matrix, ctx: _Ctx) -> JensenWitness | None:
    from .certificate import negative_direction

    v = negative_direction(H)
    if v is None:
        return None
    p = _interior_point(ctx)
    if not ctx.box.contains(p):
        return None
    vs = ctx.variables
    for k in range(0, 30):
        t = sp.Rational(1, 2**k)
        x = tuple(p[s] + t * v[i] for i, s in enumerate(vs))
        y = tuple(p[s] - t * v[i] for i, s in enumerate(vs))
        w = JensenWitness(g, vs, x, y, sp.Rational(1, 2), ctx.box)
        if ctx.box.contains(dict(zip(vs, x))) and ctx.box.contains(dict(zip(vs, y))):
            return w if w.check() else None
    return None


def _singular_witness(f: sp.Expr, ctx: _Ctx) -> JensenWitness | None:
    """Equality witness along a kernel direction of a constant singular Hessian."""
    vs = ctx.variables
    if not is_smooth(f):
        return None
    H = _hessian(f, ctx)
    if H is None or H.free_symbols & set(vs):
        return None
    ker = H.nullspace()
    if not ker:
        return None
    v = ker[0]
    if any(not c.is_Rational for c in v):
        return None
    p = _interior_point(ctx)
    for k in range(0, 30):
        t = sp.Rational(1, 2**k)
        x = tuple(p[s] + t * v[i] for i, s in enumerate(vs))
        y = tuple(p[s] - t * v[i] for i, s in enumerate(vs))
        if ctx.box.contains(dict(zip(vs, x))) and ctx.box.contains(dict(zip(vs, y))):
            w = JensenWitness(f, vs, x, y, sp.Rational(1, 2), ctx.box, kind="equality")
            return w if w.check() else None
    return None


def _nonzero_point(h: sp.Expr, ctx: _Ctx) -> sp.Rational | None:
    (x,) = ctx.variables
    p = _interior_point(ctx)[x]
    for q in (p, p + sp.Rational(1, 3), p - sp.Rational(1, 3), p + sp.Rational(1, 7)):
        if not ctx.box.contains({x: q}):
            continue
        from .certificate import gap_sign, value_at

        val = value_at(h, {x: q})

        s, _ = gap_sign(val)
        if s is not None and s != 0:
            return q
    return None


def _samples(ctx: _Ctx, count: int, rng: Any) -> Any:
    """``count`` points inside the box: a small grid of simple values first, then random ones."""
    import numpy as np

    simple = []
    for b in ctx.box.bounds:
        vals = (0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0)
        ok = []
        for v in vals:
            if b.lo is not -sp.oo and (v < float(b.lo) or (b.lo_strict and v == float(b.lo))):
                continue
            if b.hi is not sp.oo and (v > float(b.hi) or (b.hi_strict and v == float(b.hi))):
                continue
            ok.append(v)
        simple.append(ok or [None])
    grid = [p for p in itertools.product(*simple) if None not in p][: max(0, count // 4)]
    rand = _random_samples(ctx, count - len(grid), rng)
    if not grid:
        return rand
    return np.concatenate([np.array(grid, dtype=float).reshape(len(grid), len(simple)), rand], axis=0)


def _random_samples(ctx: _Ctx, count: int, rng: Any) -> Any:
    import numpy as np

    cols = []
    for b in ctx.box.bounds:
        lo = float(b.lo) if b.lo is not -sp.oo else None
        hi = float(b.hi) if b.hi is not sp.oo else None
        if lo is not None and hi is not None:
            w = hi - lo
            col = rng.uniform(lo + 1e-3 * w, hi - 1e-3 * w, count)
        elif lo is not None:
            col = lo + 10 ** rng.uniform(-2, 1.3, count)
        elif hi is not None:
            col = hi - 10 ** rng.uniform(-2, 1.3, count)
        else:
            scale = rng.choice([0.5, 2.0, 5.0, 20.0], count)
            col = rng.uniform(-1, 1, count) * scale
        cols.append(col)
    return np.stack(cols, axis=-1)


@dataclass(frozen=True)
class _Numeric:
    """Float value and Hessian of ``g`` for the numeric search (batched over the first axis)."""

    value_fn: Any
    hess_fn: Any
    n: int

    def value(self, X: Any) -> Any:
        import numpy as np

        X = np.asarray(X, dtype=float)
        out = self.value_fn(*[X[..., i] for i in range(self.n)])
        return np.broadcast_to(_real_values(out), X.shape[:-1])

    def hess(self, X: Any) -> Any:
        import numpy as np

        X = np.asarray(X, dtype=float)
        cols = [X[..., i] for i in range(self.n)]
        rows = [[np.broadcast_to(_real_values(fn(*cols)), X.shape[:-1]) for fn in row] for row in self.hess_fn]
        return np.stack([np.stack(r, axis=-1) for r in rows], axis=-2)


def _real_values(values: Any) -> Any:
    """Float array of ``values``; a complex entry with a non-zero imaginary part has no
    real value and becomes NaN (``(-2)**x``: dropping the imaginary part would invent one)."""
    import numpy as np

    arr = np.asarray(values)
    if np.iscomplexobj(arr):
        arr = np.where(arr.imag == 0, arr.real, np.nan)
    return arr.astype(float)


def _compiled(g: sp.Expr, ctx: _Ctx, H: sp.Matrix | None = None) -> _Numeric | None:
    """NumPy callables for the search (SymPy's lambdify on SymPy objects only, never on user text;
    ``dummify`` keeps even the user's variable names out of the generated source)."""
    vs = ctx.variables
    try:
        value_fn = sp.lambdify(vs, g, modules="numpy", dummify=True)
        hess_fn = None
        if H is not None:
            hess_fn = [
                [sp.lambdify(vs, H[i, j], modules="numpy", dummify=True) for j in range(len(vs))]
                for i in range(len(vs))
            ]
    except (TypeError, ValueError, NameError, KeyError, AttributeError, SyntaxError):
        return None
    return _Numeric(value_fn, hess_fn, len(vs))


def _search_witness(g: sp.Expr, ctx: _Ctx, H: sp.Matrix | None, quick: bool) -> JensenWitness | None:
    try:
        return ctx.run(_search, g, ctx, H, quick, step="convexity",
                       cap=max(0.3, (0.25 if quick else 0.6) * ctx.remaining()))
    except BudgetExceeded:
        return None


def _search(g: sp.Expr, ctx: _Ctx, H: sp.Matrix | None, quick: bool) -> JensenWitness | None:
    import numpy as np

    fc = _compiled(g, ctx, H)
    use_hessian = H is not None
    if fc is None:
        return None
    rng = np.random.default_rng(ctx.seed + (0 if quick else 1))
    count = 96 if quick else 512
    X = _samples(ctx, count, rng)
    vs, box = ctx.variables, ctx.box
    n = len(vs)
    with np.errstate(all="ignore"):
        if use_hessian:
            try:
                Hs = np.asarray(fc.hess(X), dtype=float).reshape(count, n, n)
            except Exception:  # noqa: BLE001 - a compiled function that fails numerically gives no candidates
                Hs = None
            if Hs is not None:
                ok = np.all(np.isfinite(Hs.reshape(count, -1)), axis=1)
                idx = np.nonzero(ok)[0]
                if len(idx):
                    lam, V = np.linalg.eigh(Hs[idx])
                    scale = np.maximum(1.0, np.abs(lam).max(axis=1))
                    rel = lam[:, 0] / scale
                    # most negative curvature first; among ties, points of moderate size (readable witnesses)
                    size = np.abs(np.log(np.maximum(np.linalg.norm(X[idx], axis=1), 1e-12)))
                    order = np.lexsort((size, np.round(rel, 3)))
                    for j in order[: (6 if quick else 20)]:
                        if rel[j] >= -1e-9:
                            break
                        w = _from_direction(g, fc, X[idx[j]], V[j][:, 0], ctx)
                        if w is not None:
                            return w
        # segments: Jensen midpoint gaps
        Y = _random_samples(ctx, count, rng)
        for Xa, Ya in ((X, Y), (X, X[::-1])):
            mid = (Xa + Ya) / 2
            try:
                gap = fc.value(mid) - (fc.value(Xa) + fc.value(Ya)) / 2
            except Exception:  # noqa: BLE001
                return None
            gap = np.where(np.isfinite(gap), gap, -np.inf)
            order = np.argsort(-gap)
            for j in order[: (4 if quick else 16)]:
                if not gap[j] > 0:
                    break
                w = _exact_pair(g, Xa[j], Ya[j], ctx)
                if w is not None:
                    return w
    return None


def _from_direction(g: sp.Expr, fc: Any, p: Any, v: Any, ctx: _Ctx) -> JensenWitness | None:
    import numpy as np

    for den in (4, 64, 4096):
        w = _from_direction_den(g, fc, p, v, ctx, den)
        if w is not None:
            return w
    return None


def _from_direction_den(g: sp.Expr, fc: Any, p: Any, v: Any, ctx: _Ctx, den: int) -> JensenWitness | None:
    import numpy as np

    vs = ctx.variables
    pr = [_rat(c, den) for c in p]
    vr = [_rat(c, min(den, 64)) for c in v]
    if all(c == 0 for c in vr):
        return None
    pf = np.array([float(c) for c in pr])
    vf = np.array([float(c) for c in vr])
    for k in range(0, 24):
        t = sp.Rational(1, 2**k)
        tf = 2.0**-k
        with np.errstate(all="ignore"):
            fx, fy, fm = (float(fc.value(pf + tf * vf)), float(fc.value(pf - tf * vf)), float(fc.value(pf)))
        if not (np.isfinite(fx) and np.isfinite(fy) and np.isfinite(fm)):
            continue
        if fm - (fx + fy) / 2 <= 0:
            continue
        x = tuple(a + t * b for a, b in zip(pr, vr))
        y = tuple(a - t * b for a, b in zip(pr, vr))
        if not (ctx.box.contains(dict(zip(vs, x))) and ctx.box.contains(dict(zip(vs, y)))):
            continue
        w = JensenWitness(g, vs, x, y, sp.Rational(1, 2), ctx.box)
        if w.check():
            return w
    return None


def _exact_pair(g: sp.Expr, xa: Any, ya: Any, ctx: _Ctx) -> JensenWitness | None:
    vs = ctx.variables
    for den in (16, 1024, 2**20):
        x = tuple(_rat(c, den) for c in xa)
        y = tuple(_rat(c, den) for c in ya)
        if x == y:
            continue
        if not (ctx.box.contains(dict(zip(vs, x))) and ctx.box.contains(dict(zip(vs, y)))):
            continue
        w = JensenWitness(g, vs, x, y, sp.Rational(1, 2), ctx.box)
        if w.check():
            return w
    return None


# ----------------------------------------------------------------------------- non-smooth atoms


def _switching(expr: sp.Expr) -> list[sp.Expr]:
    """Functions whose sign decides the branch of each abs / max / min / Piecewise atom in ``expr``."""
    out: list[sp.Expr] = []
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Abs):
            out.append(node.args[0])
        elif isinstance(node, (sp.Max, sp.Min)):
            out += [a - b for a, b in itertools.combinations(node.args, 2)]
        elif isinstance(node, sp.Piecewise):
            for _, cond in node.args:
                for rel in ([cond] if isinstance(cond, sp.core.relational.Relational) else
                            list(cond.atoms(sp.core.relational.Relational)) if hasattr(cond, "atoms") else []):
                    out.append(rel.lhs - rel.rhs)
    seen, uniq = set(), []
    for s in out:
        if s not in seen:
            seen.add(s)
            uniq.append(s)
    return uniq


def _rational_roots(s: sp.Expr, x: sp.Symbol, lo: sp.Expr, hi: sp.Expr) -> list | None:
    """Every root of ``s`` strictly inside ``(lo, hi)``, exact and rational; ``None`` when that is not shown."""
    try:
        num, _ = sp.fraction(sp.together(s))
        if not num.is_polynomial(x):
            return None
        p = sp.Poly(num, x)
        if p.is_zero or any(not c.is_Rational for c in p.coeffs()):
            return None
        roots = []
        for r in p.real_roots():
            if not r.is_Rational:
                if (lo is -sp.oo or r > lo) and (hi is sp.oo or r < hi):
                    return None
                continue
            if (lo is -sp.oo or r > lo) and (hi is sp.oo or r < hi):
                roots.append(r)
        return sorted(set(roots))
    except (sp.PolynomialError, NotImplementedError, TypeError, ValueError):
        return None


def _kinks(expr: sp.Expr, x: sp.Symbol, lo: sp.Expr, hi: sp.Expr, depth: int = 0) -> list | None:
    """Rational points of ``(lo, hi)`` where some atom of ``expr`` may change branch (innermost atoms first)."""
    if depth > 4:
        return None
    points: set = set()
    for s in _switching(expr):
        if s.free_symbols - {x}:
            return None
        if not s.has(x):
            continue
        if is_smooth(s):
            r = _rational_roots(s, x, lo, hi)
            if r is None:
                return None
            points |= set(r)
            continue
        inner = _kinks(s, x, lo, hi, depth + 1)
        if inner is None:
            return None
        points |= set(inner)
        cuts = [lo, *inner, hi]
        for a, b in zip(cuts, cuts[1:]):
            s2 = drop_atoms(s, Box((x,), (Bound(a, b),)))
            if not is_smooth(s2):
                return None
            r = _rational_roots(s2, x, a, b)
            if r is None:
                return None
            points |= set(r)
        if len(points) > 12:
            return None
    return sorted(points)


def _lift(w: Witness | None, g: sp.Expr, ctx: _Ctx) -> JensenWitness | None:
    """A Jensen witness found for a piece (or a rewritten form) of ``g``, restated for ``g`` on the whole domain."""
    if not isinstance(w, JensenWitness):
        return None
    out = JensenWitness(g, ctx.variables, w.x, w.y, w.theta, ctx.box, w.kind)
    return out if out.check() else None


def _nonsmooth(g: sp.Expr, ctx: _Ctx, strict: bool = False) -> _Outcome | None:
    """Abs / max / min outside the composition rules: fix branches with proved signs, else split a 1-D domain at the kinks.

    With ``strict`` the pieces must be strictly convex (1-D split only).
    """
    vs, box = ctx.variables, ctx.box
    if strict:
        if len(vs) != 1:
            return None
        return _split_1d(g, ctx, strict)
    try:
        g2 = ctx.run(drop_atoms, g, box, step="convexity", cap=max(0.5, 0.3 * ctx.remaining()))
    except BudgetExceeded:
        return None
    if g2 != g:
        out = _convex(g2, ctx)
        if out.status == "proved":
            ev = Rewritten(g, g2, box, tuple(out.evidence))
            return _Outcome("proved", (ev,), None, f"abs/max/min with fixed branches on the domain: f = {g2} there; {out.reason}")
        if out.status == "refuted":
            w = _lift(out.witness, g, ctx)
            if w is not None:
                return _Outcome("refuted", (), w, out.reason)
        g = g2
        if is_smooth(g):
            return out
    out = _max_parts(g, ctx)
    if out is not None:
        return out
    if len(vs) != 1:
        return _affine_reduction(g, ctx) or _split_grid(g, ctx)
    return _split_1d(g, ctx, strict)


def _affine_reduction(g: sp.Expr, ctx: _Ctx) -> _Outcome | None:
    """``g = phi(l(x))`` for an affine ``l`` found inside an abs/max/min: prove ``phi`` in one variable."""
    from .certificate import AffineComposition, affine_range

    vs, box = ctx.variables, ctx.box
    for ell in _switching(g):
        fs = [v for v in vs if ell.has(v)]
        if len(fs) < 2 or not ell.is_polynomial(*vs) or sp.Poly(ell, *vs).total_degree() != 1:
            continue
        v0 = fs[0]
        c0 = sp.diff(ell, v0)
        if not c0.is_Rational:
            continue
        u = sp.Dummy("u", real=True)
        phi = g.xreplace({v0: (u - (ell - c0 * v0)) / c0})
        if phi.free_symbols & set(vs):
            continue
        rng = affine_range(ell, box)
        if rng is None:
            continue
        ubox = Box((u,), (rng,))
        out = _convex(phi, ctx.sub((u,), ubox))
        if out.status == "proved":
            ev = AffineComposition(g, box, ell, phi, u, ubox, tuple(out.evidence))
            if ev.check():
                return _Outcome("proved", (ev,), None, f"a convex function of the affine {ell}: {out.reason}")
        return None
    return None


def _split_grid(g: sp.Expr, ctx: _Ctx) -> _Outcome | None:
    """n-D: every abs/max/min switches across hyperplanes x_i = c: prove each cell, glue across the faces."""
    from .certificate import GridPiecewiseConvex, grid_cells

    vs, box = ctx.variables, ctx.box
    cuts: dict = {}
    for s_fn in _switching(g):
        fs = s_fn.free_symbols & set(vs)
        if not fs:
            continue
        if len(fs) != 1 or not is_smooth(s_fn):
            return None
        (v,) = fs
        b = box.bound(v)
        r = _rational_roots(s_fn, v, b.lo, b.hi)
        if r is None:
            return None
        cuts[v] = sorted(set(cuts.get(v, [])) | set(r))
    cuts = {v: tuple(p) for v, p in cuts.items() if p}
    cells = grid_cells(box, cuts)
    if not cuts or len(cells) > 16:
        return None
    proofs = []
    for cell in cells:
        gk = drop_atoms(g, cell)
        if not is_smooth(gk):
            return None
        out = _convex(gk, ctx.sub(vs, cell))
        if out.status == "refuted":
            w = _lift(out.witness, g, ctx)
            if w is not None:
                return _Outcome("refuted", (), w, f"not convex on the cell {cell.describe()}; " + out.reason)
            return None
        if out.status != "proved":
            return _Outcome("unknown", reason=f"cell {cell.describe()} (f = {gk}): {out.reason}")
        proofs.append((gk, tuple(out.evidence)))
    ev = GridPiecewiseConvex(g, box, tuple((v, cuts[v]) for v in vs if v in cuts), tuple(proofs))
    if not ev.check():
        return _Outcome("unknown", reason="convex on every cell, but the gluing across the cuts was not shown")
    return _Outcome("proved", (ev,), None, "convex on every cell of the cuts where abs/max/min switch, glued with "
                    "non-decreasing normal slopes")


def _max_parts(g: sp.Expr, ctx: _Ctx) -> _Outcome | None:
    """``max(g_1, ..., g_k)`` with each ``g_i`` proved convex by any layer (the rules need DCP children)."""
    from .certificate import MaxOfConvex, max_args

    args = max_args(g)
    if args is None:
        return None
    proofs = []
    for a in args:
        out = _convex(a, ctx)
        if out.status != "proved":
            return None
        proofs.append((a, tuple(out.evidence)))
    ev = MaxOfConvex(g, tuple(proofs), ctx.box)
    return _Outcome("proved", (ev,), None, "maximum of functions each proved convex") if ev.check() else None


def _split_1d(g: sp.Expr, ctx: _Ctx, strict: bool) -> _Outcome:
    box = ctx.box
    (x,) = ctx.variables
    b = box.bound(x)
    try:
        kinks = ctx.run(_kinks, g, x, b.lo, b.hi, step="convexity", cap=max(0.5, 0.3 * ctx.remaining()))
    except BudgetExceeded:
        return None
    if kinks is None:
        return _Outcome("unknown", reason="could not locate exactly (rational points) where abs/max/min change branch")
    cuts = [b.lo, *kinks, b.hi]
    pieces = []
    for k, (lo, hi) in enumerate(zip(cuts, cuts[1:])):
        sub = Box((x,), (Bound(lo, hi, b.lo_strict if k == 0 else False, b.hi_strict if k == len(cuts) - 2 else False),))
        gk = drop_atoms(g, sub, open_conditions=True)
        if not is_smooth(gk):
            return _Outcome("unknown", reason=f"the branches of abs/max/min on {sub.describe()} are not fixed by proved signs")
        out = (_strict if strict else _convex)(gk, ctx.sub((x,), sub))
        if out.status == "refuted":
            w = _lift(out.witness, g, ctx)
            if w is not None:
                return _Outcome("refuted", (), w, f"not convex on the piece {sub.describe()}; " + out.reason)
            return _Outcome("unknown", reason=f"a piece ({sub.describe()}) is not convex but its witness did not carry over")
        if out.status != "proved":
            return _Outcome("unknown", reason=f"piece {sub.describe()} (f = {gk}): {out.reason}")
        pieces.append((lo, hi, gk, tuple(out.evidence)))
    for k in range(len(pieces) - 1):
        c = pieces[k][1]
        gl, gr = pieces[k][2], pieces[k + 1][2]
        dl = value_at(sp.diff(gl, x), {x: c})
        dr = value_at(sp.diff(gr, x), {x: c})
        from .certificate import const_sign

        if const_sign(value_at(gl, {x: c}) - value_at(gr, {x: c})) != 0:
            return _Outcome("unknown", reason=f"f jumps at {x} = {c}")
        if const_sign(dr - dl) == -1:
            w = _kink_witness(g, c, ctx)
            if w is not None:
                return _Outcome("refuted", (), w, f"the slope drops at the kink {x} = {c} (left {dl} > right {dr})")
            return _Outcome("unknown", reason=f"the slope drops at {x} = {c} but no exact witness was found")
    ev = PiecewiseConvex(g, x, box, tuple(pieces), strict)
    if not ev.check():
        return _Outcome("unknown", reason="the piecewise proof did not re-check")
    where = ", ".join(str(p[1]) for p in pieces[:-1]) or "no kink"
    return _Outcome("proved", (ev,), None, f"{'strictly ' if strict else ''}convex on each piece between the kinks ({where}), "
                    "slopes non-decreasing across them")


def _kink_witness(g: sp.Expr, c: sp.Expr, ctx: _Ctx) -> JensenWitness | None:
    (x,) = ctx.variables
    for k in range(0, 30):
        t = sp.Rational(1, 2**k)
        a, b = c - t, c + t
        if ctx.box.contains({x: a}) and ctx.box.contains({x: b}):
            w = JensenWitness(g, (x,), (a,), (b,), sp.Rational(1, 2), ctx.box)
            if w.check():
                return w
    return None


def _sum_parts(g: sp.Expr, ctx: _Ctx) -> _Outcome | None:
    """A sum that no single layer proves: prove the parts (disjoint variable groups, or DCP terms + the rest) one by one."""
    if not g.is_Add:
        return None
    vs = ctx.variables
    groups = _separate(g, vs)
    parts = [e for e, _ in groups] if len(groups) > 1 else []
    if not parts:
        dcp, rest = [], []
        for t in g.args:
            try:
                node = analyze(t, ctx.box)
            except Exception:  # noqa: BLE001 - a term DCP cannot read goes with the rest
                node = None
            (dcp if node is not None and node.curvature in ("convex", "affine", "constant") else rest).append(t)
        rough = [t for t in dcp if not is_smooth(t)]
        smooth_rest = [t for t in g.args if t not in rough]
        if rough and smooth_rest and all(is_smooth(t) for t in smooth_rest):
            # the non-smooth terms by the rules, every smooth term together for the Hessian layers
            out = _prove_parts(g, [sp.Add(*rough), sp.Add(*smooth_rest)], groups, ctx)
            if out is not None:
                return out
        if dcp and rest:
            parts = [sp.Add(*dcp), sp.Add(*rest)]
    if len(parts) < 2:
        return None
    return _prove_parts(g, parts, groups, ctx)


def _prove_parts(g: sp.Expr, parts: list, groups: list, ctx: _Ctx) -> _Outcome | None:
    vs = ctx.variables
    proofs = []
    for p in parts:
        group = tuple(v for v in vs if v in p.free_symbols)
        sub = ctx.sub(group, Box(group, tuple(ctx.box.bound(v) for v in group))) if group and len(groups) > 1 else ctx
        out = _convex(p, sub)
        if out.status != "proved":
            if out.status == "refuted" and len(groups) > 1:
                # disjoint variables: the other parts are fixed along the witness segment, the gap is the part's
                w = _lift_part(out.witness, g, ctx)
                if w is not None:
                    return _Outcome("refuted", (), w, f"the part {p} is not convex; " + out.reason)
            return None
        proofs.append((p, tuple(out.evidence)))
    ev = SumOfConvex(g, tuple(proofs), ctx.box)
    return _Outcome("proved", (ev,), None, "sum of parts, each proved convex") if ev.check() else None


def _lift_part(w: Witness | None, g: sp.Expr, ctx: _Ctx) -> JensenWitness | None:
    """A witness for one part (in its own variables) extended by fixed values of the other variables."""
    if not isinstance(w, JensenWitness):
        return None
    fixed = _interior_point(ctx)
    x, y = [], []
    for v in ctx.variables:
        if v in w.variables:
            x.append(w.x[w.variables.index(v)])
            y.append(w.y[w.variables.index(v)])
        else:
            x.append(fixed[v])
            y.append(fixed[v])
    out = JensenWitness(g, ctx.variables, tuple(x), tuple(y), w.theta, ctx.box, w.kind)
    return out if out.check() else None


# ----------------------------------------------------------------------------- every modulus at once


def _bounded_slope(f: sp.Expr, ctx: _Ctx) -> Witness | None:
    """A ray along which the slope of f stays bounded (numeric filter, then the exact check)."""
    try:
        return ctx.run(_bounded_slope_search, f, ctx, step="convexity", cap=max(0.3, 0.3 * ctx.remaining()))
    except BudgetExceeded:
        return None


def _bounded_slope_search(f: sp.Expr, ctx: _Ctx) -> Witness | None:
    import numpy as np

    from .certificate import BoundedSlopeWitness

    vs, box = ctx.variables, ctx.box
    n = len(vs)
    fc = _compiled(f, ctx)
    if fc is None:
        return None
    p0 = _interior_point(ctx)
    p = tuple(p0[v] for v in vs)
    ts = np.array([0.0, 1.0, 5.0, 20.0, 50.0, 100.0, 1e3, 1e4])
    for i in range(n):
        for sgn in (1, -1):
            b = box.bound(vs[i])
            if (sgn > 0 and b.hi is not sp.oo) or (sgn < 0 and b.lo is not -sp.oo):
                continue
            d = tuple(sgn if k == i else 0 for k in range(n))
            h = 1e-4
            with np.errstate(all="ignore"):
                P = np.array([[float(c) for c in p]] * len(ts)) + np.outer(ts, d)
                sl = (fc.value(P + h * np.array(d)) - fc.value(P - h * np.array(d))) / (2 * h)
            sl = sl[np.isfinite(sl)]  # overflow far out (log cosh at 1e4): judge on the finite part
            if len(sl) < 5:
                continue
            B = float(np.max(np.abs(sl)))
            if np.abs(sl[-1]) > 1.5 * max(np.abs(sl[-2]), 1e-9) or np.abs(sl[-1]) > 1e3:
                continue  # still growing: not bounded
            for cand in _nearest(B) + _nice_above(B * 1.01) + [sp.Integer(int(B) + 1)]:
                w = BoundedSlopeWitness(f, vs, p, d, cand, box)
                if w.check():
                    return w
    return None


def _nonsmooth_candidates(f: sp.Expr, ctx: _Ctx, which: str) -> list[sp.Expr]:
    """Candidate m (smallest) or L (largest) curvature of a non-smooth f from sampled second differences.

    Only candidates: the proof (convexity of f - m/2||x||^2, of L/2||x||^2 -+ f) decides.
    Second differences across a kink are large, so L also tries a high quantile.
    """
    import numpy as np

    fc = _compiled(f, ctx)
    if fc is None:
        return []
    rng = np.random.default_rng(ctx.seed + 5)
    X = _samples(ctx, 256, rng)
    n = len(ctx.variables)
    V = rng.normal(size=(len(X), n))
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    h = 1e-3
    with np.errstate(all="ignore"):
        try:
            d2 = (fc.value(X + h * V) - 2 * fc.value(X) + fc.value(X - h * V)) / h**2
        except Exception:  # noqa: BLE001
            return []
    d2 = d2[np.isfinite(d2)]
    if not len(d2):
        return []
    if which == "m":
        lo = float(np.quantile(d2, 0.02))
        return (_nearest(lo) + [c for c in _nice_below(lo) if c not in _nearest(lo)]) if lo > 0 else []
    out: list[sp.Expr] = []
    for q in (0.9, 0.98, 1.0):
        hi = float(np.quantile(np.abs(d2), q))
        out += [c for c in _nearest(hi) + _nice_above(hi) if c not in out] if hi > 0 else []
    return out[:5]


def _nearest(v: float) -> list[sp.Rational]:
    """The simple rational (denominator 1, 2, 4, 8) within 1% of ``v``, if any: second differences round."""
    for den in (1, 2, 4, 8):
        r = sp.Rational(round(v * den), den)
        if r > 0 and abs(float(r) - v) <= 0.01 * abs(v):
            return [r]
    return []


def _kink(f: sp.Expr, ctx: _Ctx) -> Witness | None:
    """A kink at an inner point (abs / max / min switching), found at the exact zeros of a switching function."""
    from .certificate import KinkWitness

    vs, box = ctx.variables, ctx.box
    p0 = _interior_point(ctx)
    for s_fn in _switching(f):
        for i, v in enumerate(vs):
            if not s_fn.has(v):
                continue
            g = s_fn.xreplace({u: p0[u] for u in vs if u != v})
            if not is_smooth(g):
                continue
            b = box.bound(v)
            roots = _rational_roots(g, v, b.lo, b.hi)
            for c in roots or []:
                point = tuple(c if u == v else p0[u] for u in vs)
                d = tuple(1 if k == i else 0 for k in range(len(vs)))
                for delta in (sp.Rational(1, 4), sp.Rational(1, 64), sp.Rational(1, 4096)):
                    w = KinkWitness(f, vs, point, d, delta, box)
                    if w.check():
                        return w
    return None


def _param_symbol(vs: tuple) -> sp.Symbol:
    names = {v.name for v in vs}
    for n in ("s", "r", "t", "K"):
        if n not in names:
            return sp.Symbol(n, positive=True)
    return sp.Dummy("s", positive=True)


def _families(b: Any, p0: sp.Expr, s: sp.Symbol) -> list[sp.Expr]:
    """Candidate coordinate paths ``c(s)``, ``s > 0``, inside the bound ``b``, running to its ends."""
    pos = []
    for r in (1, sp.Rational(1, 2), sp.Rational(1, 3), sp.Rational(1, 4), 2, 3, sp.Rational(2, 3), sp.Rational(3, 2)):
        for c in (1, 2, sp.Rational(1, 2), 4, sp.Rational(1, 4)):
            pos.append(c * s**r)
            pos.append(c * s**(-r))
    pos += [sp.log(1 + s) + k for k in (0, 1, 2)]
    out = []
    if b.lo is -sp.oo and b.hi is sp.oo:
        # logarithmic paths first: exponential growth or decay is the common case, and they check fastest
        out += [sp.log(s) + k for k in (1, -1, 2, -2, 0)] + [-sp.log(s) + k for k in (1, -1, 2, -2, 0)]
        out += [p0 + q for q in pos] + [p0 - q for q in pos]
    else:
        if b.lo is not -sp.oo:
            out += [b.lo + q for q in pos if b.hi is sp.oo or q.has(sp.log) is False]
        if b.hi is not sp.oo:
            out += [b.hi - q for q in pos]
    return out


def _modulus_free_witness(f: sp.Expr, ctx: _Ctx, bounds: tuple) -> Witness | None:
    """A witness that refutes strong convexity ("vanishing") or L-smoothness ("above"/"below") for every constant."""
    try:
        return ctx.run(_modulus_free_search, f, ctx, bounds, step="convexity", cap=max(0.5, 0.5 * ctx.remaining()))
    except BudgetExceeded:
        return None


def _modulus_free_search(f: sp.Expr, ctx: _Ctx, bounds: tuple) -> Witness | None:
    import numpy as np

    vs, box = ctx.variables, ctx.box
    if not twice_differentiable(f, vs, box):
        return None
    H = sp.hessian(f, vs)
    n = len(vs)
    if "vanishing" in bounds:
        w = _singular_point(f, H, ctx)
        if w is not None:
            return w
    import mpmath

    s = _param_symbol(vs)
    p0 = _interior_point(ctx)
    probes = [1e-4, 1e-2, 1.0, 1e2, 1e4]
    try:
        hfun = [sp.lambdify(vs, H[j, j], modules="mpmath", dummify=True) for j in range(n)]
    except Exception:  # noqa: BLE001 - no numeric filter, no search
        return None
    base = [mpmath.mpf(float(p0[v])) for v in vs]
    tried = 0
    for i in range(n):
        for path in _families(box.bound(vs[i]), p0[vs[i]], s):
            try:
                pf = sp.lambdify(s, path, modules="mpmath")
                coords = [pf(mpmath.mpf(p)) for p in probes]
            except Exception:  # noqa: BLE001
                continue
            point = tuple(path if j == i else p0[v] for j, v in enumerate(vs))
            for j in range(n):
                try:
                    vals = []
                    for c in coords:
                        args = list(base)
                        args[i] = c
                        r = hfun[j](*args)
                        vals.append(float(r) if not isinstance(r, mpmath.mpc) else float("nan"))
                except Exception:  # noqa: BLE001 - numeric filter only
                    continue
                for bound in bounds:
                    gaps = {"above": [v - p for v, p in zip(vals, probes)], "below": [-v - p for v, p in zip(vals, probes)],
                            "vanishing": [p - v for v, p in zip(vals, probes)]}[bound]
                    if not all(np.isfinite(g) and g > 0 for g in gaps):
                        continue
                    vec = tuple(1 if k == j else 0 for k in range(n))
                    w = CurvatureFamilyWitness(f, vs, s, point, vec, box, bound)
                    tried += 1
                    if w.check():
                        return w
                    if tried >= 16:
                        return None
    return None


def _singular_point(f: sp.Expr, H: sp.Matrix, ctx: _Ctx) -> SingularHessianWitness | None:
    """An inner rational point where the Hessian is singular: exact roots of f'' (1-D) or simple grid points."""
    vs, box = ctx.variables, ctx.box
    inner = box.interior()
    cands: list[dict] = []
    if len(vs) == 1:
        (x,) = vs
        r = _rational_roots(H[0, 0], x, box.bound(x).lo, box.bound(x).hi) if is_smooth(H[0, 0]) else None
        cands += [{x: c} for c in (r or [])]
    vals = [sp.S.Zero, sp.S.One, -sp.S.One, sp.Rational(1, 2), -sp.Rational(1, 2), sp.Integer(2), -sp.Integer(2)]
    for pt in itertools.islice(itertools.product(vals, repeat=len(vs)), 64):
        cands.append(dict(zip(vs, pt)))
    for c in cands:
        if not inner.contains(c):
            continue
        Hp = H.applyfunc(lambda e: value_at(e, c))
        if any(not e.is_Rational for e in Hp):
            continue
        ker = Hp.nullspace()
        if ker:
            v = ker[0] * sp.ilcm(1, 1, *[sp.fraction(e)[1] for e in ker[0]])
            w = SingularHessianWitness(f, vs, tuple(c[v_] for v_ in vs), tuple(v), box)
            if w.check():
                return w
    return None


def _affine_segment(f: sp.Expr, ctx: _Ctx) -> AffineSegmentWitness | JensenWitness | None:
    """Exact points with f affine between them (refutes strict convexity): coordinate and diagonal segments, kernel directions."""
    try:
        return ctx.run(_affine_segment_search, f, ctx, step="convexity", cap=max(0.5, 0.4 * ctx.remaining()))
    except BudgetExceeded:
        return None


def _affine_segment_search(f: sp.Expr, ctx: _Ctx) -> AffineSegmentWitness | JensenWitness | None:
    import numpy as np

    vs, box = ctx.variables, ctx.box
    n = len(vs)
    dirs = [tuple(1 if k == i else 0 for k in range(n)) for i in range(n)]
    if n >= 2:
        dirs += [tuple([1] * n), tuple([1, -1] + [0] * (n - 2))]
    smooth = is_smooth(f)
    if smooth:
        H = _hessian(f, ctx)
        if H is not None:
            fc = _compiled(f, ctx, H)
            rng = np.random.default_rng(ctx.seed + 3)
            X = _samples(ctx, 32, rng)
            with np.errstate(all="ignore"):
                try:
                    Hs = fc.hess(X)
                    ok = np.all(np.isfinite(Hs.reshape(len(X), -1)), axis=1)
                    lam, V = np.linalg.eigh(Hs[ok])
                    for k in np.argsort(np.abs(lam[:, 0]))[:4]:
                        if abs(lam[k, 0]) < 1e-10 * max(1.0, abs(lam[k]).max()):
                            d = tuple(_rat(c, 64) for c in V[k][:, 0])
                            if any(d) and d not in dirs:
                                dirs.append(d)
                except Exception:  # noqa: BLE001
                    pass
    fv = _compiled(f, ctx)
    starts = [_interior_point(ctx)]
    for val in (1, -1, 2, -2, sp.Rational(1, 2), 3, -3):
        p = {v: c + val for v, c in starts[0].items()}
        if box.contains(p):
            starts.append(p)
    for p in starts:
        for d in dirs:
            for length in (1, sp.Rational(1, 2), sp.Rational(1, 8)):
                a = tuple(p[v] for v in vs)
                b = tuple(p[v] + length * c for v, c in zip(vs, d))
                if not box.contains(dict(zip(vs, b))):
                    b = tuple(p[v] - length * c for v, c in zip(vs, d))
                    if not box.contains(dict(zip(vs, b))):
                        continue
                if fv is not None:
                    with np.errstate(all="ignore"):
                        ts = np.linspace(0.0, 1.0, 5)
                        pts = np.array([[float(ai) + t * (float(bi) - float(ai)) for ai, bi in zip(a, b)] for t in ts])
                        vals = fv.value(pts)
                    if not np.all(np.isfinite(vals)):
                        continue
                    lin = vals[0] + ts * (vals[-1] - vals[0])
                    if np.max(np.abs(vals - lin)) > 1e-9 * (1 + np.max(np.abs(vals))):
                        continue
                seg = AffineSegmentWitness(f, vs, a, b, box)
                if seg.check():
                    return seg
                w = JensenWitness(f, vs, a, b, sp.Rational(1, 2), box, kind="equality")
                if w.check():
                    return w
    return None


# ----------------------------------------------------------------------------- log-concavity and quasiconvexity


def _log_prop(f: sp.Expr, ctx: _Ctx, prop: str) -> _Outcome:
    """Log-convex / log-concave: ``f > 0`` and ``log f`` convex / concave (Boyd & Vandenberghe 3.5)."""
    vs, box = ctx.variables, ctx.box
    positive = prove_sign(f, box, ">0") is not None
    reasons = []
    if positive:
        forms = []
        for make in (lambda: sp.expand_log(sp.log(f), force=True), lambda: sp.log(f)):
            try:
                g = ctx.run(make, step="convexity", cap=max(0.3, 0.1 * ctx.remaining()))
            except BudgetExceeded:
                continue
            if g not in forms:
                forms.append(g)
        for g in forms:
            target = g if prop == "log-convex" else -g
            out = _convex(target, ctx)
            if out.status == "proved":
                ev = LogReduction(f, g, box, prop, tuple(out.evidence))
                if ev.check():
                    return _Outcome("proved", (ev,), None, f"f > 0 and log f = {g} is "
                                    f"{'convex' if prop == 'log-convex' else 'concave'}: {out.reason}")
            if out.status == "refuted" and isinstance(out.witness, JensenWitness) and out.witness.theta == sp.Rational(1, 2):
                w = GeometricJensenWitness(f, vs, out.witness.x, out.witness.y, box, prop)
                if w.check():
                    return _Outcome("refuted", (), w, f"log f fails Jensen's inequality: {out.reason}")
            reasons.append(out.reason)
    else:
        reasons.append("f > 0 on the domain is not shown")
    w = _pair_search(f, ctx, prop)
    if w is not None:
        return _Outcome("refuted", (), w, "the geometric-mean inequality fails at exact points")
    return _Outcome("unknown", reason="; ".join(r for r in reasons if r) or "no layer decided")


def _quasi(f: sp.Expr, ctx: _Ctx, prop: str) -> _Outcome:
    """Quasiconvex / quasiconcave: convexity, monotonicity or one sign change of f' (1-D), ratio rules (DQCP)."""
    vs, box = ctx.variables, ctx.box
    sgn = 1 if prop == "quasiconvex" else -1
    out = _convex(sgn * f, ctx)
    if out.status == "proved":
        return _Outcome("proved", (QuasiProof(f, box, sgn, "convex", tuple(out.evidence)),), None,
                        f"{'convex' if sgn > 0 else 'concave'} ({out.reason}), hence {prop}")
    reasons = [f"{'convex' if sgn > 0 else 'concave'}: {out.status} ({out.reason})"]
    if len(vs) == 1 and is_smooth(f) and defined_on(f, box) is not None:
        (x,) = vs
        d = sp.diff(f, x)
        if defined_on(d, box.interior()) is not None:
            for sign in (1, -1):
                ev = prove_nonnegative(sign * d, box, ctx=ctx)
                if ev is not None:
                    q = QuasiProof(f, box, sgn, "monotone", (), (ev,))
                    if q.check():
                        return _Outcome("proved", (q,), None, f"monotone on the interval (f' {'>=' if sign > 0 else '<='} 0), "
                                        "so every sublevel and superlevel set is an interval")
            b = box.bound(x)
            roots = _rational_roots(d, x, b.lo, b.hi) if d.is_rational_function(x) else None
            if roots is None:
                roots = _exact_roots(d, x, box, ctx)
            if roots is not None and len(roots) == 1:
                c = roots[0]
                lbox = Box((x,), (Bound(b.lo, c, b.lo_strict, False),))
                rbox = Box((x,), (Bound(c, b.hi, False, b.hi_strict),))
                left = prove_nonnegative(-sgn * d, lbox.interior(), ctx=ctx)
                right = prove_nonnegative(sgn * d, rbox.interior(), ctx=ctx) if left is not None else None
                if right is not None:
                    q = QuasiProof(f, box, sgn, "unimodal", (), (c, left, right))
                    if q.check():
                        return _Outcome("proved", (q,), None, f"f' changes sign once, at {x} = {c}: "
                                        f"{'decreasing then increasing' if sgn > 0 else 'increasing then decreasing'}")
    if len(vs) == 1 and not is_smooth(f) and defined_on(f, box) is not None:
        out = _quasi_kinked(f, ctx, sgn)
        if out is not None:
            return out
    try:
        p, q = sp.fraction(sp.together(f))
    except (TypeError, ValueError, sp.PolynomialError):
        p, q = f, sp.S.One
    if q != 1:
        if prove_sign(q, box, "<0") is not None:
            p, q = -p, -q
        affine = all(e.is_polynomial(*vs) and sp.Poly(e, *vs).total_degree() <= 1 for e in (p, q))
        if affine and prove_sign(q, box, ">0") is not None:
            ev = QuasiProof(f, box, sgn, "linear-fractional", (), (p, q))
            if ev.check():
                return _Outcome("proved", (ev,), None, f"linear-fractional {p}/({q}) with {q} > 0: sublevel and "
                                "superlevel sets are halfspaces")
        if prove_sign(p, box, ">=0") is not None and prove_sign(q, box, ">0") is not None:
            po, qo = _convex(sgn * p, ctx), _convex(-sgn * q, ctx)
            if po.status == "proved" and qo.status == "proved":
                ev = QuasiProof(f, box, sgn, "ratio", (), (p, q, tuple(po.evidence), tuple(qo.evidence)))
                if ev.check():
                    return _Outcome("proved", (ev,), None, f"ratio p/q with p = {p} >= 0 {'convex' if sgn > 0 else 'concave'} "
                                    f"and q = {q} > 0 {'concave' if sgn > 0 else 'convex'}")
    # f log-convex (convex), or -f > 0 log-concave (so -f quasiconcave) for quasiconvexity; mirrored for quasiconcavity
    for neg, kind in ((1, "log-convex" if sgn > 0 else "log-concave"), (-1, "log-concave" if sgn > 0 else "log-convex")):
        lo = _log_prop(neg * f, ctx, kind)
        if lo.status == "proved":
            ev = QuasiProof(f, box, sgn, "log" if neg > 0 else "neglog", tuple(lo.evidence))
            if ev.check():
                who = "f" if neg > 0 else "-f"
                return _Outcome("proved", (ev,), None, f"{who} is {kind} ({lo.reason}), hence f is {prop}")
    w = _pair_search(f, ctx, prop)
    if w is not None:
        return _Outcome("refuted", (), w, f"f at a convex combination {'exceeds the larger' if sgn > 0 else 'falls below the smaller'} "
                        "of its values at the ends")
    return _Outcome("unknown", reason="; ".join(r for r in reasons if r) or "no layer decided")


def _quasi_kinked(f: sp.Expr, ctx: _Ctx, sgn: int) -> _Outcome | None:
    """1-D non-smooth f: monotone on each side of a kink (sqrt|x|: decreasing, then increasing)."""
    box = ctx.box
    (x,) = ctx.variables
    b = box.bound(x)
    kinks = _kinks(f, x, b.lo, b.hi)
    for c in kinks or []:
        lbox = Box((x,), (Bound(b.lo, c, b.lo_strict, False),))
        rbox = Box((x,), (Bound(c, b.hi, False, b.hi_strict),))
        proofs = []
        for side, sign in ((lbox, -sgn), (rbox, sgn)):
            g = drop_atoms(f, side)
            if not is_smooth(g):
                break
            ev = prove_nonnegative(sign * sp.diff(g, x), side.interior(), ctx=ctx)
            if ev is None:
                break
            proofs.append(ev)
        if len(proofs) == 2:
            q = QuasiProof(f, box, sgn, "unimodal", (), (c, proofs[0], proofs[1]))
            if q.check():
                return _Outcome("proved", (q,), None, f"monotone on each side of the kink {x} = {c}")
    return None


def _exact_roots(d: sp.Expr, x: sp.Symbol, box: Box, ctx: _Ctx) -> list | None:
    """Exact real zeros of ``d`` inside the interval (SymPy's solveset, under the budget); ``None`` when not all found.

    Only a candidate list: the proofs that use a zero re-prove the sign of ``d`` on each side.
    """
    b = box.bound(x)
    interval = sp.Interval(b.lo, b.hi, b.lo_strict or b.lo is -sp.oo, b.hi_strict or b.hi is sp.oo)
    try:
        num = sp.fraction(sp.together(d))[0]
        sol = ctx.run(sp.solveset, num, x, interval, step="convexity", cap=max(0.3, 0.2 * ctx.remaining()))
    except (BudgetExceeded, NotImplementedError, TypeError, ValueError):
        return None
    if not isinstance(sol, sp.FiniteSet):
        return None
    roots = [r for r in sol if r.is_number and r.is_real]
    return roots if len(roots) == len(sol) else None


def _pair_search(f: sp.Expr, ctx: _Ctx, prop: str) -> Witness | None:
    try:
        return ctx.run(_pair_search_run, f, ctx, prop, step="convexity", cap=max(0.5, 0.5 * ctx.remaining()))
    except BudgetExceeded:
        return None


def _pair_search_run(f: sp.Expr, ctx: _Ctx, prop: str) -> Witness | None:
    """Sampled pairs (a, b) whose midpoint breaks the property's inequality, made exact and checked."""
    import numpy as np

    vs = ctx.variables
    fc = _compiled(f, ctx)
    if fc is None:
        return None
    rng = np.random.default_rng(ctx.seed + 11)
    X = _samples(ctx, 256, rng)
    Y = np.concatenate([_random_samples(ctx, 256, rng), X[::-1]])
    X = np.concatenate([X, X])
    M = (X + Y) / 2
    with np.errstate(all="ignore"):
        try:
            fa, fb, fm = fc.value(X), fc.value(Y), fc.value(M)
        except Exception:  # noqa: BLE001
            return None
        if prop == "quasiconvex":
            score = fm - np.maximum(fa, fb)
        elif prop == "quasiconcave":
            score = np.minimum(fa, fb) - fm
        elif prop == "log-concave":
            score = np.where((fa > 0) & (fb > 0), np.where(fm <= 0, 1.0, 0.5 * (np.log(fa) + np.log(fb)) - np.log(np.abs(fm))), -np.inf)
        else:
            score = np.where((fa > 0) & (fb > 0), np.where(fm <= 0, 1.0, np.log(np.abs(fm)) - 0.5 * (np.log(fa) + np.log(fb))), -np.inf)
    score = np.where(np.isfinite(score), score, -np.inf)
    for j in np.argsort(-score)[:12]:
        if not score[j] > 0:
            break
        for den in (16, 1024, 2**20):
            a = tuple(_rat(c, den) for c in X[j])
            b = tuple(_rat(c, den) for c in Y[j])
            if a == b or not (ctx.box.contains(dict(zip(vs, a))) and ctx.box.contains(dict(zip(vs, b)))):
                continue
            if prop.startswith("quasi"):
                w = QuasiJensenWitness(f, vs, a, b, sp.Rational(1, 2), ctx.box, prop)
            else:
                w = GeometricJensenWitness(f, vs, a, b, ctx.box, prop)
            if w.check():
                return w
    return None


# ----------------------------------------------------------------------------- constants m and L


def _constant_hessian(f: sp.Expr, ctx: _Ctx) -> sp.Matrix | None:
    if not is_smooth(f):
        return None
    H = _hessian(f, ctx)
    if H is None or (H.free_symbols & set(ctx.variables)):
        return None
    return H


def _eigen_bounds(H: sp.Matrix, ctx: _Ctx) -> tuple[sp.Expr, sp.Expr] | None:
    """(lambda_min, lambda_max): exact when rational, else rational bounds outward."""
    import numpy as np

    try:
        ev = ctx.run(lambda: H.eigenvals(multiple=True), step="eigen", cap=max(0.3, 0.2 * ctx.remaining()))
        if all(e.is_Rational for e in ev):
            return min(ev), max(ev)
    except (BudgetExceeded, SymoptError, NotImplementedError, sp.PolynomialError):
        pass
    A = np.array(H.evalf(30).tolist(), dtype=float)
    lam = np.linalg.eigvalsh(A)
    margin = 1e-9 * max(1.0, float(np.abs(lam).max()))
    lo = sp.Rational(int(np.floor((lam[0] - margin) * 2**20)), 2**20)
    hi = sp.Rational(int(np.ceil((lam[-1] + margin) * 2**20)), 2**20)
    return lo, hi


def _interval_hessian_bounds(f: sp.Expr, ctx: _Ctx) -> tuple[float, float] | None:
    """Gershgorin bounds (lower on lambda_min, upper on max |lambda|) from the interval Hessian over the box."""
    H = _hessian(f, ctx) if is_smooth(f) else None
    if H is None:
        return None
    n = H.shape[0]
    env = ctx.box.intervals()
    try:
        M = [[ivl.enclose(H[i, j], env, prec=80) for j in range(n)] for i in range(n)]
    except (ivl.Undefined, ArithmeticError):
        return None
    low, high = [], []
    for i in range(n):
        off = sum(max(abs(ivl.lower(M[i][j])), abs(ivl.upper(M[i][j]))) for j in range(n) if j != i)
        low.append(ivl.lower(M[i][i]) - off)
        high.append(max(abs(ivl.lower(M[i][i])), abs(ivl.upper(M[i][i]))) + off)
    lo, hi = min(low), max(high)
    import mpmath

    if mpmath.isinf(lo) or mpmath.isnan(lo):
        lo = None
    if mpmath.isinf(hi) or mpmath.isnan(hi):
        hi = None
    return (None if lo is None else float(lo), None if hi is None else float(hi))


def _nice_below(v: float) -> list[sp.Rational]:
    out = []
    for den in (1, 4, 16, 64):
        r = sp.Rational(int(v * den * (1 + 1e-12) + 1e-12), den) if v > 0 else sp.S.Zero
        if 0 < r <= v * (1 + 1e-12) and r not in out:
            out.append(r)
    return sorted(out, reverse=True)[:2]


def _nice_above(v: float) -> list[sp.Rational]:
    import math

    out = []
    for den in (1, 4, 16, 64):
        r = sp.Rational(math.ceil(v * den * (1 - 1e-12) - 1e-12), den)
        if r >= v * (1 - 1e-12) and r > 0 and r not in out:
            out.append(r)
    return sorted(out)[:2]


def _numeric_eigen_range(f: sp.Expr, ctx: _Ctx) -> tuple[float, float] | None:
    import numpy as np

    H = _hessian(f, ctx) if is_smooth(f) else None
    fc = _compiled(f, ctx, H) if H is not None else None
    if fc is None:
        return None
    rng = np.random.default_rng(ctx.seed + 7)
    X = _samples(ctx, 256, rng)
    with np.errstate(all="ignore"):
        try:
            Hs = fc.hess(X)
        except Exception:  # noqa: BLE001
            return None
        ok = np.all(np.isfinite(Hs.reshape(len(X), -1)), axis=1)
        if not ok.any():
            return None
        lam = np.linalg.eigvalsh(Hs[ok])
    return float(lam[:, 0].min()), float(np.abs(lam).max())


def _modulus_candidates(f: sp.Expr, ctx: _Ctx) -> list[sp.Expr]:
    H = _constant_hessian(f, ctx)
    if H is not None:
        b = _eigen_bounds(H, ctx)
        return [b[0]] if b is not None and b[0] > 0 else []
    out: list[sp.Expr] = []
    b = _interval_hessian_bounds(f, ctx)
    if b is not None and b[0] is not None and b[0] > 0:
        out += _nice_below(b[0])
        m = sp.Rational(int(b[0] * 2**20) - 1, 2**20)
        if m > 0:
            out.append(m)
    est = _numeric_eigen_range(f, ctx)
    if est is not None and est[0] > 0:
        out += [c for c in _nice_below(est[0]) if c not in out]
    return out


def _smoothness_candidates(f: sp.Expr, ctx: _Ctx) -> list[sp.Expr]:
    H = _constant_hessian(f, ctx)
    if H is not None:
        b = _eigen_bounds(H, ctx)
        if b is None:
            return []
        L = max(abs(b[0]), abs(b[1]))
        return [L] if L > 0 else []
    out: list[sp.Expr] = []
    est = _numeric_eigen_range(f, ctx)
    if est is not None and est[1] > 0:
        out += _nice_above(est[1])
    b = _interval_hessian_bounds(f, ctx)
    if b is not None and b[1] is not None and b[1] > 0:
        out += [c for c in _nice_above(b[1]) if c not in out]
    return out


class _CallableModule(types.ModuleType):
    """Lets ``symopt.convexity(obj)`` work even after ``import symopt.convexity`` bound the module there."""

    def __call__(self, *args: Any, **kwargs: Any) -> Verdict:
        return convexity(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
