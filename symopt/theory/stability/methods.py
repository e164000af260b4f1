"""A method on an objective, linearised at a minimiser: iteration matrix, exact region, derived tunings.

:func:`method_stability` writes the method in the vector rule language
(:mod:`symopt.theory.stability.vector`), composes it with the objective's
gradient, linearises at ``(x*, auxiliary state)`` and derives the region
where the spectral radius is < 1, with the optimal tunings of
:mod:`symopt.theory.tuning` at the Hessian's extreme eigenvalues.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import mpmath
import sympy as sp

from ...limits import run_with_budget
from ...results import SearchStatus
from ...errors import BudgetExceeded, DimensionError, DomainError, ParameterError, UndecidedError, UnsupportedError
from ...exact.schur import (POLY_ERRORS, algebraic_generators, as_number, characteristic_polynomial,
                            jury_conditions, polynomial_factors, schur_cohn_conditions)
from ...core.objective import Objective
from ...core.parse import symbol
from .._common import _budgeted_simplify, _clip, _critical_points, _order, _symopt_errors_only
from .._fields import _zero_test
from ..tuning import gd_optimal, heavy_ball_optimal, nesterov_joint_optimal, nesterov_optimal
from ... import display
from .maps import UpdateMap, _check_smooth, _fmt_point, _is_zero, _linearise, affine_in_state
from ..fixed import certify_zeros, exact_point, exact_zero_in, numeric_point
from .._assume import order_sign, sign_under
from .regions import StabilityVerdict, simplify_region, stability_verdict
from .vector import _vector_rules

__all__ = ["METHOD_RULES", "MethodStability", "MethodStabilities", "method_stability"]


#: Built-in methods in symopt's vector rule language: ``x`` is the position (a vector
#: over the objective's variables), ``grad(p)`` the objective's gradient at ``p``,
#: ``d`` a frozen diagonal preconditioner (one positive entry per coordinate).
METHOD_RULES: dict[str, tuple[str, str, str]] = {
    "gd": ("x = x - eta*grad(x)", "x", "gradient descent x+ = x - eta grad f(x)"),
    "heavy_ball": ("xn = x - eta*grad(x) + beta*(x - xp); xp = x; x = xn", "x, xp",
                   "Polyak's heavy ball x+ = x - eta grad f(x) + beta (x - x_prev)"),
    "momentum": ("v = beta*v + grad(x); x = x - eta*v", "x, v",
                 "momentum as in D2L (11.6.5) / torch.optim.SGD: v+ = beta v + grad f(x), x+ = x - eta v+"),
    "nesterov": ("y = x + beta*(x - xp); xp = x; x = y - eta*grad(y)", "x, xp",
                 "Nesterov's look-ahead form y = x + beta (x - x_prev), x+ = y - eta grad f(y)"),
    "nesterov_torch": ("v = beta*v + grad(x); x = x - eta*(grad(x) + beta*v)", "x, v",
                       "Nesterov as in torch.optim.SGD(nesterov=True): v+ = beta v + g, x+ = x - eta (g + beta v+)"),
    "rmsprop": ("x = x - eta*d*grad(x)", "x",
                "RMSProp with a frozen preconditioner d = 1/(sqrt(s) + eps) (s frozen): x+ = x - eta d * grad f(x)"),
    "adam": ("m = beta1*m + (1 - beta1)*grad(x); x = x - eta*d*m", "x, m",
             "Adam with a frozen preconditioner d = 1/(sqrt(v_hat) + eps), no bias correction: "
             "m+ = beta1 m + (1 - beta1) grad f(x), x+ = x - eta d * m+"),
}


_METHOD_ALIASES = {"polyak": "heavy_ball", "heavy-ball": "heavy_ball", "heavyball": "heavy_ball",
                   "sgd": "gd", "nag": "nesterov", "nesterov-torch": "nesterov_torch"}


@dataclass(frozen=True, repr=False)
class MethodStability:
    """A method's local stability at a fixed point of an objective: matrix, exact region, tuning.

    Attributes:
        method: the method's name (``"user rule"`` for a rule given as text).
        description: the update it runs, in words and symbols.
        objective: the expression.
        point: the fixed point's position ``x*`` (a minimiser by default).
        kind: the critical point's kind (``"minimum"``, ...), ``""`` when given by hand.
        hessian: ``H(x*)``.
        hessian_eigenvalues: exact eigenvalues of ``H(x*)`` (``None`` when not in closed form).
        state: the iteration's state (position entries first).
        fixed_point: the full state at the fixed point.
        params: the hyper-parameters left symbolic.
        matrix: the iteration matrix (Jacobian of the update map at the fixed point).
        factors: the characteristic polynomial's factors in ``z`` (over the field
            of ``H(x*)``'s eigenvalues when they are radicals).
        region: the exact region (spectral radius < 1) in the hyper-parameters,
            simplified: each factor's Jury/Schur--Cohn inequalities, dominated bounds dropped;
            ``None`` (unknown, the note says why) when they ran out of their work limit.
        tunings: optimal hyper-parameters from the derived tunings at
            ``mu, L = `` the extreme eigenvalues of the (preconditioned) Hessian:
            ``{label: {"params": {...}, "rate": rate}}``; empty when none applies.  A
            tuning whose derivation ran out of its work limit stays with ``rate None``
            and ``"unknown": reason`` (the rest of the result is kept).
        note: what the result covers, derived for this rule and objective.
        linear: the update is affine in the state (the objective is quadratic): the
            region is then exactly global convergence, and :meth:`verdict` decides the
            boundary exactly.
    """

    method: str
    description: str
    objective: sp.Expr
    point: dict
    kind: str
    hessian: sp.Matrix
    hessian_eigenvalues: tuple | None
    state: tuple
    fixed_point: dict
    params: tuple
    matrix: sp.Matrix
    factors: tuple
    region: sp.Basic
    tunings: dict
    note: str
    linear: bool = False

    def verdict(self, values: Mapping[Any, Any] | None = None, **kw: Any) -> "StabilityVerdict":
        """Exponential stability at hyper-parameter values (``eta="1/10"``, ...): a
        :class:`StabilityVerdict`, ``proved`` / ``refuted`` / ``unknown`` with its reason."""
        vals = dict(values or {})
        vals.update(kw)
        return stability_verdict(self.matrix, vals, linear=self.linear)

    def __repr__(self) -> str:
        where = ", ".join(f"{k}={_clip(v, 40)}" for k, v in self.point.items())
        tun = "; ".join(f"{k}: rate {_clip(v['rate'], 40)}" if v["rate"] is not None else f"{k}: unknown"
                        for k, v in self.tunings.items())
        return (f"MethodStability({self.method} at {where}: stable iff {_clip(self.region, 90)}"
                + (f"; {tun}" if tun else "") + ")")

    def _repr_html_(self) -> str:

        fields = {"method": self.description, "at": self.point, "H(x*)": self.hessian,
                  "eigenvalues of H(x*)": None if self.hessian_eigenvalues is None
                  else sp.Tuple(*self.hessian_eigenvalues),
                  "iteration matrix": self.matrix, "stable iff": self.region}
        for k, v in self.tunings.items():
            fields[f"optimal ({k})"] = sp.Tuple(*[sp.Eq(symbol(p), e) for p, e in v["params"].items()])
            fields[f"rate ({k})"] = v["rate"] if v["rate"] is not None else v.get("unknown", "unknown")
        return display.html_fields(fields, title="MethodStability", notes=[self.note], math=True)

    def to_dict(self) -> dict:
        """JSON-ready summary (expressions as strings)."""
        return {
            "method": self.method,
            "description": self.description,
            "objective": str(self.objective),
            "point": {k.name: str(v) for k, v in self.point.items()},
            "kind": self.kind,
            "hessian": [[str(e) for e in self.hessian.row(i)] for i in range(self.hessian.rows)],
            "hessian_eigenvalues": None if self.hessian_eigenvalues is None
            else [str(e) for e in self.hessian_eigenvalues],
            "state": [s.name for s in self.state],
            "params": [p.name for p in self.params],
            "matrix": [[str(e) for e in self.matrix.row(i)] for i in range(self.matrix.rows)],
            "factors": [str(f.as_expr()) for f in self.factors],
            "region": None if self.region is None else str(self.region),
            "tunings": {k: {"params": {p: str(v) for p, v in t["params"].items()},
                            "rate": None if t["rate"] is None else str(t["rate"]),
                            "rate_float": _float_or_none(t["rate"]), "derivation": t.get("derivation", ""),
                            **({"status": "unknown", "reason": t["unknown"]} if "unknown" in t else {})}
                        for k, t in self.tunings.items()},
            "note": self.note,
            "linear": self.linear,
        }


def _float_or_none(v: Any) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True, eq=False, repr=False)
class MethodStabilities(SearchStatus, Sequence):
    """:class:`MethodStability` at each minimiser: a read-only sequence (index, iterate, ``len``).

    Attributes:
        results: one per minimiser.
        complete: whether the minimisers are known to be all of them (for a
            non-polynomial objective: all of them in a box; ``status`` says which).
        note: how they were found.
        status_text: the critical-point list's status in words ("complete (certified)",
            "complete in [-10, 10]^2 (certified)", "incomplete: ...").
        status: ``"complete"`` or ``"incomplete"`` (the ``search`` kind of :mod:`symopt.results`).
    """
    results: tuple = ()
    complete: bool = False
    note: str = ""
    status_text: str = ""

    def __getitem__(self, i: Any) -> Any:
        return self.results[i]

    def __getattr__(self, name: str) -> Any:
        """The fields of the one :class:`MethodStability` (``.region``, ``.tunings``, ``.verdict(...)``) when
        there is exactly one minimiser; with several, a clear error (index the result or pass ``at=``)."""
        if name.startswith("_") or name not in set(MethodStability.__dataclass_fields__) | {"verdict"}:
            raise AttributeError(f"'MethodStabilities' object has no attribute {name!r}")
        results = object.__getattribute__(self, "results")
        if len(results) == 1:
            return getattr(results[0], name)
        raise AttributeError(f"{len(results)} minimisers, each with its own {name}: index the result "
                             f"(result[0].{name}) or pass at=... for one point")

    def __len__(self) -> int:
        return len(self.results)

    def __iter__(self):
        return iter(self.results)

    def __repr__(self) -> str:
        inner = "; ".join(repr(r) for r in self.results[:3])
        return f"MethodStabilities({len(self.results)}: {inner}{' ...' if len(self.results) > 3 else ''})"

    def _repr_html_(self) -> str:
        return "".join(r._repr_html_() for r in self.results)

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {"results": [r.to_dict() for r in self.results], "complete": self.complete, "status": self.status, "status_text": self.status_text,
                "note": self.note}


def _fixed_state(m: UpdateMap, comps: Mapping[str, tuple], point: Mapping[sp.Symbol, sp.Expr],
                 states: Sequence[str]) -> dict:
    """The full state at the fixed point: position ``x*``; each other state 0 or a copy of
    ``x*`` (the combination that is a fixed point exactly), else the unique solution of the
    fixed-point equations (under budget)."""

    others = [s for s in states if s != "x"]
    xs = comps["x"]
    for choice in itertools.product((0, 1), repeat=len(others)):
        env = dict(point)
        for s, c in zip(others, choice):
            env.update({sym: (sp.Integer(0) if c == 0 else point[xv]) for sym, xv in zip(comps[s], xs)})
        if all(_is_zero(img.xreplace(env) - env[s]) is True for s, img in zip(m.state, m.images)):
            return env
    unknown = [s for s in m.state if s not in point]
    eqs = [img.xreplace(point) - s.xreplace(point) for s, img in zip(m.state, m.images)]
    try:
        sols = run_with_budget(sp.solve, eqs, unknown, dict=True, step="solve")
    except BudgetExceeded:
        raise UndecidedError("could not find the auxiliary state at the fixed point within budget") from None
    except POLY_ERRORS as exc:
        raise UndecidedError(f"could not solve for the auxiliary state at the fixed point ({exc})") from None
    if len(sols) != 1 or set(sols[0]) != set(unknown):
        raise UndecidedError("the auxiliary state at the fixed point is not unique (or was not found): "
                             "x* may not be a fixed point of this rule for every value of the hyper-parameters")
    env = dict(point)
    env.update(sols[0])
    if any(_is_zero(img.xreplace(env) - env[s]) is not True for s, img in zip(m.state, m.images)):
        raise UndecidedError("the auxiliary state SymPy found at the fixed point does not check exactly")
    return env


def _eigen_exact(H: sp.Matrix) -> tuple | None:
    try:
        cp = run_with_budget(H.charpoly, step="eigen")
        poly = sp.Poly(cp.as_expr(), cp.gen)  # in its own variable (H's parameters mu, L, ... are coefficients)
        rts = run_with_budget(sp.roots, poly, step="eigen")
    except (BudgetExceeded, *POLY_ERRORS):
        return None
    if sum(rts.values()) != H.rows or any(sp.count_ops(r) > 80 or r.has(sp.I) for r in rts):
        # no short radicals: exact real roots as CRootOf when the coefficients are rational
        try:
            if all(c.is_Rational for c in poly.all_coeffs()):
                roots = run_with_budget(poly.all_roots, step="eigen")
                if len(roots) == H.rows:
                    return tuple(roots)
        except (BudgetExceeded, *POLY_ERRORS):
            pass
        return None
    out = []
    for r, k in rts.items():
        out.extend([r] * k)
    try:
        out.sort(key=lambda r: float(sp.re(sp.N(r, 30))))
    except (TypeError, ValueError):
        pass
    return tuple(out)


@_symopt_errors_only
def method_stability(
    method: str,
    objective: Any,
    at: Any = None,
    rule: Any = None,
    state: str | Sequence[str] | None = None,
    preconditioner: Any = None,
    values: Mapping[Any, Any] | None = None,
    assume: Any = None,
) -> "MethodStability | MethodStabilities":
    """Stability of a method on an objective near a fixed point, in one call.

    The method's update is written in a vector rule language over the
    objective's coordinates (see :data:`METHOD_RULES`; ``grad(p)`` is the
    gradient at ``p``); it is composed with the objective's own gradient,
    linearised at ``(x*, auxiliary state)`` -- the iteration matrix carries the
    Hessian ``H(x*)`` -- and its characteristic polynomial is factored over the
    field of ``H(x*)``'s eigenvalues.  The region (every eigenvalue in the open
    unit disk) comes from Jury/Schur--Cohn per factor, simplified: univariate
    conditions solved, bounds on one hyper-parameter dominated on that set dropped.

    Optimal hyper-parameters come from the derived tunings
    (:func:`~symopt.rates.gd_optimal`, :func:`~symopt.rates.heavy_ball_optimal`,
    :func:`~symopt.rates.nesterov_optimal`, :func:`~symopt.rates.nesterov_joint_optimal`)
    with ``mu, L`` the extreme eigenvalues of ``H(x*)`` (of ``D H(x*)`` with a
    preconditioner ``D``); each rate is re-checked as the spectral radius of the
    matrix at the tuned values (mpmath, 30 digits).

    Args:
        method: ``"gd"``, ``"heavy_ball"`` (``"polyak"``), ``"momentum"`` (D2L/torch form),
            ``"nesterov"`` (look-ahead form), ``"nesterov_torch"``, ``"rmsprop"``,
            ``"adam"`` (frozen preconditioner ``d``), or ``"rule"`` with ``rule=``.
        objective: text or :class:`~symopt.Objective`.
        at: the position ``x*`` (a critical point); decimals or intervals (``"x = [0.73, 0.74]"``)
            certify a unique critical point there (Krawczyk); default: every certified minimiser.
        rule: for ``method="rule"``: e.g. ``"v = beta*v + grad(x); x = x - eta*v"``.
        state: for a user rule: the state names (must include ``x``), e.g. ``"x, v"``.
        preconditioner: for rmsprop/adam: the frozen diagonal ``d`` (one number, one per
            variable, or a dict); default: symbolic ``d_x, d_y, ...``.
        values: further parameter values to substitute (e.g. ``{"beta1": "9/10"}``).
        assume: relations between the objective's parameters (``"0 < mu < L"``): with
            them a Hessian with symbolic eigenvalues is ordered and the tunings come
            out as formulas (``gd``: ``eta = 2/(L + mu)``).

    Returns:
        One :class:`MethodStability` for ``at``; else :class:`MethodStabilities`,
        one per minimiser.

    Raises:
        UnsupportedError: an unknown method.
        DomainError: ``at`` is not a fixed point, no minimiser was found, or the
            rule is not differentiable there.

    Heavy ball on a quadratic whose Hessian has eigenvalues ``4 +- sqrt(6)``:

    >>> r = method_stability("heavy_ball", "2*x**2 + sqrt(6)*x*y + 2*y**2", at="x=0, y=0")
    >>> r.region
    (beta > -1) & (eta > 0) & (beta < 1) & (eta < (2*beta + 2)/(sqrt(6) + 4))
    >>> method_stability("heavy_ball", "2*x**2 + 3*y**2", at="x=0, y=0").tunings["heavy_ball"]["rate"]
    5 - 2*sqrt(6)
    """
    # the user's plain symbols: the analyses need SymPy to know the variables are real
    obj = (objective if isinstance(objective, Objective) else Objective(objective)).with_real_symbols()
    key = _METHOD_ALIASES.get(str(method).strip().lower(), str(method).strip().lower())
    if key == "rule" or rule is not None:
        if rule is None or state is None:
            raise UnsupportedError("a user rule needs the rule and its state (Python: rule='x = x - eta*grad(x)', "
                                   "state='x'; command line: --rule \"x = x - eta*grad(x)\" --state x)")
        text, states, description, key = rule, state, f"user rule: {rule}", "user rule"
    elif key in METHOD_RULES:
        text, states, description = METHOD_RULES[key]
    else:
        raise UnsupportedError(f"unknown method {method!r}; choose one of {', '.join(METHOD_RULES)} or 'rule'")
    if at is None:
        cps = _critical_points(obj)
        minima = [cp for cp in cps if cp.kind == "minimum"]
        if not minima:
            raise DomainError("no certified minimiser found: pass at=... (a critical point)"
                              + (f" [{cps.note}]" if getattr(cps, "note", "") else ""))
        results = tuple(_method_at(obj, key, text, states, description, cp.point, cp.kind, preconditioner, values,
                                   numeric=bool(getattr(cp, "numeric", False)), assume=assume)
                        for cp in minima)
        return MethodStabilities(results, bool(getattr(cps, "complete", False)), str(getattr(cps, "note", "")),
                                 str(getattr(cps, "status_text", "")))
    guess = numeric_point(at, xs := obj.variables)  # decimals or intervals: a critical point certified by Krawczyk
    exact = exact_point(guess) if guess is not None else None
    critical = exact is not None and all(_zero_test(g) is True for g in obj.gradient.xreplace(obj.point(exact)))
    enclosure = None
    if guess is not None and not critical and not obj.params:
        try:
            enclosure = certify_zeros(list(obj.gradient), xs, [guess[v] for v in xs])
        except DomainError:
            if exact is None:  # an interval: nothing certified in it
                raise
    closed = exact_zero_in(enclosure) if enclosure is not None else None  # the certified point in closed form
    point = closed or (dict(enclosure.value) if enclosure is not None else obj.point(exact if guess is not None else at))
    r = _method_at(obj, key, text, states, description, point, "", preconditioner, values,
                   numeric=guess is not None and not critical and closed is None, assume=assume, enclosure=enclosure)
    if exact is not None and enclosure is None and not critical:  # uncertified: refined from the decimals given
        far = [v for v in xs if abs(float(sp.N(r.point[v] - exact[v], 20))) > 0.1 * max(1.0, abs(float(exact[v])))]
        if far:
            raise DomainError(f"{', '.join(f'{v} = {guess[v]}' for v in xs)} is not a critical point: the nearest "
                              "zero of the gradient found "
                              f"from it is {_fmt_point(r.point)}")
    return r


def _method_at(obj: Any, key: str, text: str, states: Any, description: str, point: dict, kind: str,
               preconditioner: Any, values: Mapping[Any, Any] | None, numeric: bool = False,
               assume: Any = None, enclosure: Any = None) -> MethodStability:
    xs = obj.variables
    numeric = numeric or any(isinstance(v, sp.Basic) and v.has(sp.Float) for v in point.values())
    if not numeric and not obj.params:
        # a point given as decimals (exact rationals after parsing) near a critical point that has no
        # closed form: refine it numerically instead of refusing it
        try:
            tiny = all(abs(complex(sp.N(g, 30))) < 1e-9 for g in obj.gradient.xreplace(point))
            exact = all(_zero_test(g) is True for g in obj.gradient.xreplace(point))
        except (TypeError, ValueError):
            tiny, exact = False, True
        numeric = tiny and not exact
    if numeric:
        point = _refine_numeric_point(obj, point)
        try:  # the critical point, certified: exactly one in a small box (Krawczyk on the gradient)
            enclosure = enclosure or certify_zeros(list(obj.gradient), xs, [float(point[v]) for v in xs])
        except DomainError:
            enclosure = None
    grad_at = obj.gradient.xreplace(point)
    for gv in grad_at:
        if numeric:
            g = complex(sp.N(gv, 60))
            if abs(g) > 1e-40:
                raise DomainError(f"{_fmt_point(point)} is not a critical point (gradient ~ {g.real:.3g} after refinement)")
            continue
        z = _zero_test(gv)
        if z is False:
            raise DomainError(f"{_fmt_point(point)} is not a critical point of the objective (gradient {gv})")
        if z is None:
            raise UndecidedError(f"could not decide that the gradient vanishes at {_fmt_point(point)}")
    vector_params = ("d",) if key in ("rmsprop", "adam") else ()
    if preconditioner is not None and not vector_params:

        raise UnsupportedError("a preconditioner applies to rmsprop and adam only")
    state_list = [s.strip() for s in (states.split(",") if isinstance(states, str) else states) if s.strip()]
    m, comps = _vector_rules(text, state_list, obj, vector_params)
    subs: dict = {}
    if vector_params:
        dsyms = comps["d"]
        if preconditioner is None:
            pos = {s: sp.Symbol(s.name, positive=True) for s in dsyms}
            subs.update(pos)
        else:
            if isinstance(preconditioner, Mapping):
                named = {(k if isinstance(k, str) else k.name): v for k, v in preconditioner.items()}
                vals = [named.get(v.name) for v in xs]
                if any(v is None for v in vals):
                    raise DimensionError("the preconditioner needs one value per variable")
            elif isinstance(preconditioner, (list, tuple)):
                vals = list(preconditioner)
            else:
                vals = [preconditioner] * len(xs)
            if len(vals) != len(xs):
                raise DimensionError(f"the preconditioner has {len(vals)} entries, the objective {len(xs)} variables")
            dv = [as_number(v) for v in vals]
            if any(_zero_test(v) is not False or not (v.is_positive or (v.is_number and float(v) > 0)) for v in dv):
                raise ParameterError("preconditioner entries must be positive numbers")
            subs.update(dict(zip(dsyms, dv)))
    if values:
        for k, v in values.items():
            subs[symbol(k) if isinstance(k, str) else k] = as_number(v)
    if subs:
        m = UpdateMap(m.state, tuple(p for p in m.params if p not in subs) + tuple(
            v for v in subs.values() if isinstance(v, sp.Symbol)),
            tuple(e.xreplace(subs) for e in m.images), m.rules, m.simultaneous)
    if numeric:
        fixed = dict(point)
        for st in state_list:
            if st != "x":  # auxiliary states at a numeric point: 0 (velocities, moments) or x* (previous iterates)
                zero = {c: sp.Integer(0) for c in comps[st]}
                copy = {c: point[v] for c, v in zip(comps[st], comps["x"])}
                trial = {**fixed, **zero}
                ok = all(abs(complex(sp.N(img.xreplace({**trial, **{q: 1 for q in img.free_symbols - set(trial)}})
                                      - trial[sv], 30))) < 1e-30 for sv, img in zip(m.state, m.images)
                         if sv in comps[st])
                fixed.update(zero if ok else copy)
        _check_smooth(m.images, fixed)
        M = m.jacobian().xreplace(fixed).applyfunc(lambda e: sp.expand(sp.N(e, 60)))
        if M.has(sp.nan, sp.zoo, sp.oo):
            raise UndecidedError("the iteration matrix has no finite value at the numeric fixed point")
    else:
        fixed = _fixed_state(m, comps, point, state_list)
        M = _linearise(m, fixed)
    H = obj.hessian.xreplace(point)
    eig = _eigen_exact(H)
    region_unknown = ""
    try:
        p = characteristic_polynomial(M)
    except BudgetExceeded as exc:
        p = None
        region_unknown = (f" The region is UNKNOWN: the characteristic polynomial ran out of its work limit ({exc}); "
                          "the iteration matrix stands.")
    # factor over the field of H(x*)'s eigenvalues (and of the preconditioned Hessian's)
    ext = algebraic_generators(sp.Tuple(*(eig or ())))
    factors = tuple(polynomial_factors(p, ext)) if p is not None else ()
    eigen_note = ""
    if p is not None and key in METHOD_RULES and any(f.degree() > 2 for f in factors) and obj.n > 1:
        blocks = _eigen_blocks(key, text, state_list, vector_params, comps, subs, H, p)
        if blocks is not None:
            factors, eigen_note = blocks, (" The matrix is block-diagonal in the eigenbasis of the (preconditioned) "
                                           "Hessian: one quadratic factor per eigenvalue (their product checked "
                                           "against the characteristic polynomial).")
    conds: list[sp.Basic] = []
    for f in factors:
        if f.degree() < 1:
            continue
        try:
            conds.extend(c.relation for c in (jury_conditions(f) if f.degree() <= 2 else schur_cohn_conditions(f)))
        except BudgetExceeded as exc:
            region_unknown = (f" The region is UNKNOWN: the stability conditions of a degree-{f.degree()} factor ran "
                              f"out of their work limit ({exc}); the matrix and its characteristic polynomial stand.")
            break
    params = tuple(sorted(M.free_symbols, key=lambda t: t.name))
    reg = None if region_unknown else simplify_region(conds, params)
    linear = affine_in_state(m)
    tunings, tnote = _tunings(key, M, H, comps, subs, params, linear, assume)
    if linear:
        lin = all(g.is_polynomial(*xs) and sp.Poly(g, *xs).total_degree() <= 1 for g in obj.gradient)
        note = ("The update is affine in the state here" + (" (the gradient is linear)" if lin else "") + ", so the map is its own "
                "linearisation: the region (spectral radius < 1) is exactly where the iterates converge to x* "
                "from every start, exponentially; outside it some start does not converge to x* (on its boundary "
                "verdict() says whether the iterates still converge, to another fixed point).")
    else:
        note = ("The update is not affine in the state: the region is where the linearisation at x* has "
                "spectral radius < 1, which proves exponential convergence from starts close enough to x*, not "
                "from every start; where the spectral radius is exactly 1 the linearisation is inconclusive.")
    note += eigen_note + region_unknown
    if numeric:
        note += (" The fixed point is numeric" + (f" (certified: exactly one critical point with {enclosure.describe()}, "
                 "Krawczyk)" if enclosure is not None else " (not certified here)") + ", refined to 60 digits: "
                 "the matrix and region carry 60-digit approximations, exact only up to that rounding.")
    if reg is sp.false:
        note += (" No hyper-parameter values give spectral radius < 1 here" + (
            ": the iterates never converge to x* from every start." if linear else
            "; where it equals 1 (e.g. a singular Hessian at x*) the linearisation is inconclusive, not a proof "
            "of divergence: see verdict()."))
    if tnote:
        note += " " + tnote
    return MethodStability(key, description, obj.expr, dict(point), kind, H, eig, m.state, fixed, params, M,
                           factors, reg, tunings, note, linear)


def _eigen_blocks(key: str, text: str, state_list: list, vector_params: tuple, comps: Mapping, subs: Mapping,
                  H: sp.Matrix, p: sp.Poly) -> tuple | None:
    """Factors ``p_1(z; lambda_i)`` of a built-in method's characteristic polynomial, one per eigenvalue.

    Every built-in update is a polynomial in ``D H`` acting blockwise on
    ``(x, aux)``; ``D H`` is similar to the symmetric ``D^(1/2) H D^(1/2)``, hence
    diagonalisable with real eigenvalues, so the iteration matrix is similar to
    the block-diagonal matrix of the scalar method on ``lambda_i/2 x^2``.  The
    eigenvalues are exact (``CRootOf`` when the Hessian's characteristic
    polynomial has no radical roots).  The product of the factors is compared
    with ``p`` at random rational points (a check of the derivation).
    """
    D = sp.eye(H.rows)
    if vector_params:
        D = sp.diag(*[c.xreplace(dict(subs)) for c in comps["d"]])
    Heff = D * H
    if Heff.free_symbols:
        return None
    lam = sp.Symbol("lambda_", real=True)
    try:
        pure = run_with_budget(Heff.charpoly, step="eigen")
        cp = sp.Poly(pure.as_expr(), pure.gen)
        if not all(c.is_Rational for c in cp.all_coeffs()):
            return None
        roots = run_with_budget(cp.all_roots, step="eigen")
    except (BudgetExceeded, *POLY_ERRORS):
        return None
    if len(roots) != H.rows or not all(r.is_real for r in roots):
        return None
    one = Objective(lam * sp.Symbol("x", real=True) ** 2 / 2, variables="x", params=[lam])
    m1, c1 = _vector_rules(text, state_list, one, vector_params)
    sub1 = {sym: v for sym, v in subs.items() if not (vector_params and sym in comps["d"])}
    if vector_params:
        sub1.update({c: 1 for c in c1["d"]})
    zero = {s_: 0 for s_ in m1.state}
    M1 = sp.Matrix([e.xreplace(sub1) for e in m1.images]).jacobian(sp.Matrix(m1.state)).xreplace(zero)
    p1 = characteristic_polynomial(M1)
    distinct = list(dict.fromkeys(roots))
    factors = tuple(sp.Poly(p1.as_expr().xreplace({lam: r}), p.gens[0]) for r in roots)
    # check: prod of the per-eigenvalue factors equals det(zI - M) at random rational points

    rnd = random.Random(0)
    syms = sorted(p.free_symbols - {p.gens[0]}, key=lambda t: t.name)
    for _ in range(3):
        env = {q: sp.Rational(rnd.randint(1, 97), rnd.randint(98, 199)) for q in syms}
        env[p.gens[0]] = sp.Rational(rnd.randint(-90, 90), 37)
        lhs = p.as_expr().xreplace(env)
        rhs = sp.Mul(*[f.as_expr().xreplace(env) for f in factors])
        if abs(complex(sp.N(lhs - rhs, 40))) > 1e-25 * max(1.0, abs(complex(sp.N(lhs, 20)))):
            return None
    out = []
    for r in distinct:
        out.append(sp.Poly(p1.as_expr().xreplace({lam: r}), p.gens[0]))
    return tuple(out)


def _refine_numeric_point(obj: Any, point: dict) -> dict:
    """A numeric critical point refined to 60 digits with mpmath's Newton (findroot) on the gradient."""

    xs = obj.variables
    fns = [sp.lambdify(xs, g, modules="mpmath", dummify=True) for g in obj.gradient]
    try:
        with mpmath.workdps(60):
            start = [mpmath.mpf(str(sp.N(point[v], 30))) for v in xs]
            f = (lambda *a: [fn(*a) for fn in fns]) if len(xs) > 1 else fns[0]
            root = mpmath.findroot(f, start if len(xs) > 1 else start[0], tol=mpmath.mpf(10) ** -50)
            vals = list(root) if len(xs) > 1 else [root]
            return {v: sp.Float(mpmath.nstr(r, 60), 60) for v, r in zip(xs, vals)}
    except (ValueError, ZeroDivisionError, TypeError, NameError, ArithmeticError) as exc:
        raise UndecidedError(f"could not refine the numeric critical point {_fmt_point(point)} ({exc})") from None


def _tunings(key: str, M: sp.Matrix, H: sp.Matrix, comps: Mapping, subs: Mapping, params: tuple, linear: bool,
             assume: Any = None) -> tuple[dict, str]:
    """Derived optimal hyper-parameters at ``mu, L`` = extreme eigenvalues of the (preconditioned) Hessian."""
    plan = {"gd": [("gd", gd_optimal, {})], "rmsprop": [("gd", gd_optimal, {})],
            "heavy_ball": [("heavy_ball", heavy_ball_optimal, {})], "momentum": [("heavy_ball", heavy_ball_optimal, {})],
            "adam": [("heavy_ball", heavy_ball_optimal, {})],
            "nesterov": [("nesterov (eta = 1/L)", nesterov_optimal, {}), ("nesterov (joint)", nesterov_joint_optimal, {})],
            "nesterov_torch": [("nesterov (eta = 1/L)", nesterov_optimal, {}),
                               ("nesterov (joint)", nesterov_joint_optimal, {})]}.get(key)
    if plan is None:
        return {}, "No tuning is derived for a user rule."
    if key in ("rmsprop", "adam"):
        dsyms = comps["d"]
        D = sp.diag(*[s.xreplace(dict(subs)) for s in dsyms])
        if any(e.free_symbols for e in D):
            return {}, "Tunings need numeric preconditioner entries (pass preconditioner=...)."
        Heff = D * H
    else:
        Heff = H
    if Heff.free_symbols and assume is None:
        return {}, ("Tunings need a Hessian without free parameters at x*, or assumptions that order its "
                    "eigenvalues (assume=\"0 < mu < L\").")
    eig = _eigen_exact(Heff)
    if eig is None:
        return {}, "The Hessian's eigenvalues are not in closed form: no tuning derived."
    ordered = _order(list(eig), order_sign(assume))
    if ordered is None:
        return {}, ("The Hessian's eigenvalues could not be ordered exactly" +
                    (" under the assumptions" if assume is not None else "") + ": no tuning derived.")
    lo, hi = ordered[0], ordered[-1]
    if sign_under(assume)(lo) != 1:
        return {}, "The (preconditioned) Hessian is not positive definite at x*: no tuning (no step contracts every direction)."
    mu_s, L_s = sp.Symbol("mu", positive=True), sp.Symbol("L", positive=True)
    out: dict = {}
    checks = []
    for label, derive, _ in plan:
        try:
            t = derive()
        except (BudgetExceeded, UndecidedError) as exc:
            out[label] = {"params": {}, "rate": None, "checked": None, "derivation": "", "mu": lo, "L": hi,
                          "unknown": f"the {label} tuning was not derived: {exc}"}
            checks.append(f"{label}: unknown ({exc})")
            continue
        env = {mu_s: lo, L_s: hi}
        tuned = {k: _budgeted_simplify(v.xreplace(env)) for k, v in t.params.items()}
        rate = _budgeted_simplify(t.rate.xreplace(env))
        if key == "momentum":  # v+ = beta v + g, x+ = x - eta v+: the same characteristic polynomial as Polyak's
            pass
        if key == "adam":  # m+ = b1 m + (1 - b1) g, x+ = x - eta d m+: heavy ball with eta_hb = eta (1 - b1)
            b1 = tuned["beta"]
            tuned = {"beta1": b1, "eta": _budgeted_simplify(tuned["eta"] / (1 - b1))}
        env_vals = {symbol(k): v for k, v in tuned.items()}
        Mt = M.xreplace(env_vals)
        try:

            with mpmath.workdps(30):
                A = mpmath.matrix([[mpmath.mpmathify(sp.N(e, 30)) for e in Mt.row(i)] for i in range(Mt.rows)])
                ev = _eigs(mpmath.eig(A, left=False, right=False))
                rho = max(abs(v) for v in ev)
                ok = abs(rho - mpmath.mpmathify(complex(sp.N(rate, 30)).real)) < mpmath.mpf(10) ** -8
            checks.append(f"{label}: spectral radius at the tuning {mpmath.nstr(rho, 12)} "
                          f"{'=' if ok else '!='} derived rate")
        except Exception:  # noqa: BLE001 - the check is evidence, not the result
            ok = None
        if Mt.free_symbols:
            ok = None
        cover = ("; here the update is affine, so this is the fastest exponential rate from every start" if linear
                 else "; here the update is nonlinear: it tunes the linearisation at x*, a local rate only")
        out[label] = {"params": tuned, "rate": rate, "checked": ok, "derivation": t.derivation + cover,
                      "mu": lo, "L": hi}
    checked = "; ".join(checks) if checks else "symbolic, so not re-checked numerically"
    return out, ("Tunings at mu = " + str(lo) + ", L = " + str(hi) + " (extreme eigenvalues"
                 + (" of D H(x*)" if key in ("rmsprop", "adam") else " of H(x*)")
                 + (f", ordered under the assumptions {assume}" if assume is not None else "") + "); " + checked + ".")


def _eigs(result: Any) -> Any:
    """mpmath.eig's eigenvalues (it returns a tuple with vectors for 1x1 matrices)."""
    return result[0] if isinstance(result, tuple) else result
