r"""Convexity verification: proved with a certificate, refuted with an exact witness, or unknown.

:func:`convexity` answers "is ``f`` convex (concave, strictly convex,
m-strongly convex, L-smooth) on this domain?" with a
:class:`~symopt.convexity.verdict.Verdict`.  Layers run cheapest first, each under a
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
from typing import Any, Sequence

import sympy as sp

from ..limits import run_with_budget, work_deadline
from ..config import config
from ..core.domain import Box
from ..core.objective import Objective
from ..core.parse import as_expression
from ..display import shorten
from ..errors import BudgetExceeded, DomainError, ParameterError, UnsupportedError
from ..exact.linalg import LDLFactorization
from ..exact.natural import natural_box
from ..exact.signs import defined_on, is_smooth, twice_differentiable
from .compose import _composition
from .constants import _modulus_candidates, _smoothness_candidates
from .curvature import curvature_outcome
from .relax import constant_reach
from .context import _Ctx, _MAX_MINORS_N, _OutOfTime, _Outcome, _hessian, _separate, _sq
from .dcp import analyze
from .evidence import DiagonalPSD, HessianCertificate, LeadingMinors, PrincipalMinors
from .evidence_combine import Reduction, Separable, StrictFromAnalyticity
from .evidence_dcp import DCPStep
from .evidence_strict import norm_power_strictness
from .strict_parts import _strict_plus_convex
from .forms import _form_strictness, _leading_form_strictness
from .kernels import _kernel_strictness
from .families import _affine_segment, _bounded_slope, _kink, _modulus_free_witness, _nonsmooth_candidates
from .nonnegative import _bnb_matrix, prove_nonnegative
from .nonsmooth import _nonsmooth, _sum_parts
from .quasi import _log_prop, _quasi
from .search import _constant_hessian_witness, _nonzero_point, _search_witness, _singular_witness
from .verdict import Verdict
from .witnesses import CurvatureFamilyWitness, SingularHessianWitness

__all__ = ["convexity", "PROPERTIES"]


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
        domain: ``None`` (the objective's own domain, else all of R^n), ``"natural"``
            (where every logarithm and root of ``f`` is defined, when that is a box:
            ``log(log(x))`` gives ``x > 1``), text
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
        A :class:`~symopt.convexity.verdict.Verdict`.

    Raises:
        UnsupportedError: an unknown property.
        DomainError: a domain that does not parse or is empty.
        ParameterError: a non-positive modulus or L.
    """

    key = str(property).strip().lower().replace("_", " ")
    if key not in PROPERTIES:
        raise UnsupportedError(f"unknown property {property!r}; choose from convex, concave, strictly convex, strongly convex, "
                               "L-smooth, quasiconvex, quasiconcave, log-concave, log-convex")
    prop = PROPERTIES[key]
    if not isinstance(obj, Objective):
        obj = Objective(obj)
    obj = obj.with_real_symbols()  # the user's plain symbols: SymPy must know they are real (exp(-x) > 0)
    variables = tuple(obj.variables)
    f = obj.expr
    derived = ""
    if isinstance(domain, str) and domain.strip().lower() == "natural":
        box = _natural_box(f, variables) if not obj.params else None
        if box is None:
            raise DomainError("the natural domain of f is not a box symopt can derive (each logarithm's argument and "
                              "each root's base must be a condition on one variable with an interval of solutions)")
        derived = f"on its natural domain {box.describe()}: "
    else:
        box = Box.parse(domain if domain is not None else (obj.domain or None), variables)
    parameter = None
    if prop == "strongly convex" and modulus is not None:
        parameter = _positive(modulus, "modulus")
    if prop == "L-smooth" and L is not None:
        parameter = _positive(L, "L")
    if (prop != "strongly convex" and modulus is not None) or (prop != "L-smooth" and L is not None):
        raise ParameterError("modulus= goes with 'strongly convex' and L= with 'L-smooth'")

    def verdict(out: _Outcome, param: Any = parameter) -> Verdict:
        evidence = tuple(out.evidence) if out.evidence else ((out.witness,) if out.witness is not None else ())
        return Verdict(out.status, prop, f, variables, box, evidence, derived + out.reason, out.witness, param)

    if obj.params:
        names = ", ".join(p.name for p in obj.params)
        why = f"the objective depends on parameter(s) {names}; bind them first (obj.bind(...))"
        cond = _parametric_condition(f, variables, prop)
        if cond is not None:
            why = f"{prop} on R^n exactly when {cond} (principal minors of the constant Hessian); " + why
        return verdict(_Outcome("unknown", reason=why))
    seconds = budget if budget is not None else (config.budget_for("convexity") or 10.0)
    ctx = _Ctx(variables, box, work_deadline(float(seconds)), seed, decide_convex=_convex, decide_strict=_strict)
    try:
        # every layer budgets its own steps; this outer budget is the backstop for the rest
        out, param = run_with_budget(_decide, prop, f, ctx, parameter, step="convexity", seconds=float(seconds) + 0.5)
    except (_OutOfTime, BudgetExceeded):
        return verdict(_Outcome("unknown", reason=f"ran out of its work limit ({float(seconds):g} reference seconds of work, the convexity budget; "
                                              "raise it with budget=, config.effort or SYMOPT_EFFORT) before deciding"))
    if out.status == "unknown" and prop in ("L-smooth", "strongly convex"):
        exact = curvature_outcome(f, variables, box, prop, parameter)
        if exact is None and parameter is not None:  # a sharper constant's proof, or a local witness (relax.py)
            exact = constant_reach(f, variables, box, prop, parameter, float(seconds), seed, _convex, _strict)
        if exact is not None and exact[0].status != "unknown":
            out, param = exact
    return verdict(out, param)


def _natural_box(f: sp.Expr, variables: tuple) -> Box | None:
    """The natural domain of ``f`` when it is a box (:func:`symopt.exact.natural.natural_box`)."""
    return natural_box(f, variables)


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

    v = as_expression(value)
    if v.free_symbols or not v.is_real or not (v > 0):
        raise ParameterError(f"{name} must be a positive number, got {value!r}")
    return sp.nsimplify(v) if v.is_Float else v


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


def _add_quadratic(f: sp.Expr, c: Any, ctx: _Ctx) -> list[sp.Expr]:
    r"""Forms of :math:`f + c \|x\|^2`: first with only ``f``'s polynomial terms expanded (its logarithms and
    exponentials kept as written, so ``log(1 + exp(-a - 2b))`` is not turned into ``exp(-a)*exp(-2b)``), then
    fully expanded when that differs."""
    vs = ctx.variables
    poly = [t for t in sp.Add.make_args(f) if t.is_polynomial(*vs)]
    rest = [t for t in sp.Add.make_args(f) if not t.is_polynomial(*vs)]
    gentle = sp.expand(sp.Add(*poly) + c * _sq(ctx)) + sp.Add(*rest)
    full = sp.expand(f + c * _sq(ctx))
    return [gentle] if full == gentle else [gentle, full]


def _convex_of_forms(forms: list[sp.Expr], ctx: _Ctx) -> tuple[sp.Expr, _Outcome]:
    """The first form whose convexity is decided (each form equals the others identically), else the last."""
    for g in forms:
        out = _convex(g, ctx)
        if out.status != "unknown":
            return g, out
    return g, out


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
        g, o = _convex_of_forms(_add_quadratic(f, -cand / 2, ctx), ctx)
        out = _wrap(o, f"m-strongly convex with m = {cand} <=> f - m/2 ||x||^2 convex", f, [(g, "strong")], ctx, cand)
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
        used = cand
        upper, out_u = _convex_of_forms(_add_quadratic(-f, cand / 2, ctx), ctx)
        if out_u.status == "refuted":
            out = out_u
        else:
            lower, out_l = _convex_of_forms(_add_quadratic(f, cand / 2, ctx), ctx)
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
    norm_power = norm_power_strictness(f, vs, box)  # |Ax + b|^(2r), r > 1/2, A injective (no Hessian at the vertex)
    if norm_power is not None:
        return _Outcome("proved", (norm_power,), None, norm_power.summary())
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
    tried_segment = False
    if len(vs) > 1 and f.is_polynomial(*vs):
        ev = _leading_form_strictness(f, tuple(base.evidence), ctx) or _form_strictness(f, tuple(base.evidence), ctx)
        if ev is not None:
            return _Outcome("proved", (ev,), None, ev.summary())
    elif len(vs) > 1 and is_smooth(f):  # a segment where f is affine (an exact kernel direction) settles it quickly
        tried_segment = True
        w = _affine_segment(f, ctx)
        if w is not None:
            return _Outcome("refuted", (), w, "convex, but affine on a segment: not strictly convex")
    if len(vs) > 1 and is_smooth(f):  # each term affine only along its own subspace, the subspaces meet in 0
        kern = _kernel_strictness(f, ctx)
        if kern is not None:
            return kern
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
    w = None if tried_segment else _affine_segment(f, ctx)
    if w is not None:
        return _Outcome("refuted", (), w, "convex, but affine on a segment: not strictly convex")
    if len(vs) > 1:
        out = _strict_plus_convex(f, ctx)
        if out is not None:
            return out
    return _Outcome("unknown", reason=f"convex ({base.reason}); strict convexity undecided")


def _leading_minors(f: sp.Expr, ctx: _Ctx) -> HessianCertificate | None:
    """Strict convexity from a positive definite Hessian: every leading principal minor proved > 0 on the box."""
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
    if not hessian_only and (len(vs) > 1 or not smooth):
        out = _composition(g, ctx)
        if out is not None:
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


def _prove_psd(g: sp.Expr, H: sp.Matrix, ctx: _Ctx, reasons: list) -> HessianCertificate | None:
    vs, box = ctx.variables, ctx.box
    n = len(vs)
    if n == 1:
        ev = prove_nonnegative(H[0, 0], box, ctx=ctx)
        if ev is None and box.interior() != box:  # f'' may blow up at a closed end where f is continuous
            ev = prove_nonnegative(H[0, 0], box.interior(), ctx=ctx)
        if ev is not None:
            return HessianCertificate(g, vs, box, ev)
        reasons.append(f"could not prove f'' = {H[0, 0]} >= 0 on the domain")
        return None
    if all(sp.expand(H[i, j]) == 0 for i in range(n) for j in range(n) if i != j):
        entries = []
        for i in range(n):
            ev = prove_nonnegative(H[i, i], box, ctx=ctx)
            if ev is None:
                reasons.append(f"diagonal Hessian entry {shorten(H[i, i], 60)} not shown >= 0")
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
                    reasons.append(f"principal minor {list(idx)} = {shorten(det, 60)} not shown >= 0")
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
