"""Update rules as iteration maps: linearisation, iteration matrices, exact stability regions.

An update rule such as momentum (D2L 11.6, eq. 11.6.5 on ``f = lambda/2 x^2``)::

    v = beta*v + lambda*x
    x = x - eta*v

is read like code: the lines run in order, so the second line uses the *new*
``v`` (pass ``simultaneous=True`` for rules whose right-hand sides all use the
old state).  Names on the left that are not state variables are temporaries
(``y = x + beta*(x - xp)`` in Nesterov's rule).  Composing the lines gives the
map ``s_{k+1} = F(s_k)``; its Jacobian at a fixed point ``s*`` is the
*iteration matrix* ``M``, and ``s_k - s* ~ M^k (s_0 - s*)`` near ``s*``.

``M`` is (Schur) stable when every root of its characteristic polynomial
``p(z) = det(zI - M)`` lies in the open unit disk.  :func:`region` turns that
into exact polynomial inequalities in the parameters with the Schur--Cohn
recursion (Jury's closed form for degree <= 2):

* ``p`` of degree ``n`` with ``|a_0| < |a_n|`` is stable iff
  ``q(z) = (a_n p(z) - a_0 z^n p(1/z)) / z`` (degree ``n - 1``) is stable
  (Rouché's theorem on the unit circle, where ``|z^n p(1/z)| = |p(z)|``);
  ``|a_0| < |a_n|`` is itself necessary (``|a_0/a_n|`` is the product of the
  root moduli).  Each step adds ``a_n^2 - a_0^2 > 0``.
* degree 2, monic: ``p(1) > 0``, ``p(-1) > 0``, ``|p(0)| < 1`` (Jury).

The region is a condition on real parameter values and is exact: no root of
``p`` is ever found numerically to decide it.  What it covers is *local*,
linear stability at the fixed point, i.e. on quadratics it is exactly
convergence; on other functions it is not global convergence (see
:func:`heavy_ball_optimal`'s note and the theory notebook's Lessard--Recht--
Packard example).

    >>> from symopt.core.parse import symbol
    >>> beta, eta, lam = symbol("beta"), symbol("eta"), symbol("lambda")
    >>> momentum_matrix(beta, eta, lam)
    Matrix([
    [     beta,          lambda],
    [-beta*eta, -eta*lambda + 1]])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import sympy as sp

from .budget import run_with_budget
from .errors import (
    BudgetExceeded,
    DimensionError,
    DomainError,
    ParameterError,
    ParseError,
    UndecidedError,
)
from .core.parse import as_expression, parse, parse_assignments, parse_symbols, split_calls, symbol
from .rates import _symopt_errors_only

__all__ = [
    "UpdateMap",
    "MethodStability",
    "MethodStabilities",
    "METHOD_RULES",
    "method_stability",
    "simplify_region",
    "StabilityReport",
    "Tuning",
    "update_map",
    "iteration_matrix",
    "momentum_matrix",
    "characteristic_polynomial",
    "eigenvalues",
    "spectral_radius",
    "region",
    "schur_cohn_conditions",
    "stability_conditions",
    "jury_conditions",
    "is_stable",
    "StabilityVerdict",
    "stability_verdict",
    "unit_circle_analysis",
    "INCONCLUSIVE",
    "analyze",
    "gd_optimal",
    "heavy_ball_optimal",
    "nesterov_optimal",
    "nesterov_joint_optimal",
    "stability_map",
    "MOMENTUM_RULE",
    "GD_RULE",
    "NESTEROV_RULE",
]

#: The texts' momentum rule (D2L eq. 11.6.5) on the scalar quadratic ``lambda/2 x^2``.
MOMENTUM_RULE = "v = beta*v + lambda*x; x = x - eta*v"
#: Gradient descent on ``lambda/2 x^2``.
GD_RULE = "x = x - eta*lambda*x"
#: Nesterov's rule on ``lambda/2 x^2``: look ahead, then a gradient step at ``y``.
NESTEROV_RULE = "y = x + beta*(x - xp); xp = x; x = y - eta*lambda*y"

from .exact.schur import Z  # noqa: E402  (the polynomial variable)
_NONSMOOTH = (sp.Abs, sp.sign, sp.Max, sp.Min, sp.Heaviside, sp.Piecewise, sp.floor, sp.ceiling)


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class UpdateMap:
    """An update rule composed into a map ``s -> F(s)`` of the state.

    Attributes:
        state: the state variables, in the given order.
        params: the remaining symbols (parameters), sorted by name.
        images: ``F(s)``: one expression per state variable, in old state values.
        rules: the rules as parsed, ``(name, right-hand side)`` in order.
        simultaneous: whether right-hand sides all used the old state.
    """

    state: tuple[sp.Symbol, ...]
    params: tuple[sp.Symbol, ...]
    images: tuple[sp.Expr, ...]
    rules: tuple[tuple[sp.Symbol, sp.Expr], ...]
    simultaneous: bool = False

    def jacobian(self) -> sp.Matrix:
        """``dF/ds`` as a SymPy matrix (in the state and parameters)."""
        return sp.Matrix(self.images).jacobian(sp.Matrix(self.state))

    def __call__(self, values: Mapping[sp.Symbol, Any]) -> tuple[sp.Expr, ...]:
        """``F`` at a point (``values`` maps state and parameter symbols to numbers)."""
        env = {symbol(k) if isinstance(k, str) else k: _number(v) for k, v in values.items()}
        return tuple(e.xreplace(env) for e in self.images)


def _split_rules(rules: Any) -> list[tuple[str | sp.Symbol, Any]]:
    if isinstance(rules, str):
        pieces = [p.strip() for line in rules.replace("\r", "\n").split("\n") for p in line.split(";")]
        pieces = [p for p in pieces if p]
        if not pieces:
            raise ParseError("empty update rule")
        out: list[tuple[str | sp.Symbol, Any]] = []
        for piece in pieces:
            if piece.count("=") != 1 or any(op in piece for op in ("==", "<=", ">=")):
                raise ParseError(f"expected 'name = expression', got {piece!r}", piece, 0)
            lhs, rhs = piece.split("=")
            out.append((lhs.strip(), rhs))
        return out
    if isinstance(rules, Mapping):
        return list(rules.items())
    if isinstance(rules, (list, tuple)):
        out = []
        for item in rules:
            if isinstance(item, str):
                out.extend(_split_rules(item))
            elif isinstance(item, (list, tuple)) and len(item) == 2:
                out.append((item[0], item[1]))
            else:
                raise ParseError(f"cannot read the update rule item {item!r}")
        return out
    raise ParseError(f"expected update rules as text, a dict or a list, got {type(rules).__name__}")


@_symopt_errors_only
def update_map(
    rules: Any,
    state: str | Sequence[Any],
    params: str | Sequence[Any] | None = None,
    simultaneous: bool = False,
) -> UpdateMap:
    """Compose update rules into the map ``F`` of the state.

    Args:
        rules: ``"v = beta*v + lambda*x; x = x - eta*v"`` (``;`` or newlines
            between lines), a list of such lines or of ``(name, rhs)`` pairs, or
            a dict ``{name: rhs}``; right-hand sides are text (parsed safely) or SymPy.
        state: the state variables (``"x, v"``).
        params: the parameters; default: every other symbol.  When given, any
            other symbol is an error.
        simultaneous: right-hand sides all use the old state (default: each line
            sees the lines before it, like code).

    Raises:
        ParseError: a line that is not ``name = expression``.
        DimensionError: a state variable the rules never update while no rule
            updates any state variable, or a temporary that is never used.
        ParameterError: a symbol that is neither state, temporary nor parameter.

    >>> m = update_map("v = beta*v + g*x; x = x - eta*v", "x, v")
    >>> m.images
    (-eta*(beta*v + g*x) + x, beta*v + g*x)
    """
    svars = parse_symbols(state)
    if not svars:
        raise DimensionError("no state variables given")
    given_params = parse_symbols(params) if params is not None else None
    if given_params and set(given_params) & set(svars):
        clash = ", ".join(s.name for s in set(given_params) & set(svars))
        raise ParameterError(f"{clash} named both state variable and parameter")
    parsed: list[tuple[sp.Symbol, sp.Expr]] = []
    for lhs, rhs in _split_rules(rules):
        (name,) = parse_symbols([lhs]) if not isinstance(lhs, sp.Symbol) else (symbol(lhs.name),)
        expr = parse(rhs) if isinstance(rhs, str) else as_expression(rhs)
        if isinstance(expr, sp.Basic):
            expr = expr.xreplace({s: symbol(s.name) for s in expr.free_symbols if isinstance(s, sp.Symbol)})
        parsed.append((name, expr))
    env: dict[sp.Symbol, sp.Expr] = {s: s for s in svars}
    old = dict(env)
    defined: set[sp.Symbol] = set(svars)
    temporaries: dict[sp.Symbol, bool] = {}
    extra: set[sp.Symbol] = set()
    for name, expr in parsed:
        for s in expr.free_symbols:
            if s not in defined:
                extra.add(s)
            if s in temporaries:
                temporaries[s] = True
        value = expr.xreplace(old if simultaneous else env)
        env[name] = value
        defined.add(name)
        if name not in svars:
            temporaries.setdefault(name, False)
    if not any(name in svars for name, _ in parsed):
        raise DimensionError(
            f"the rules update none of the state variables {', '.join(s.name for s in svars)}: "
            "they are not a map of the stated state"
        )
    unused = [t.name for t, used in temporaries.items() if not used]
    if unused:
        raise DimensionError(
            f"{', '.join(unused)} assigned but never used and not a state variable "
            f"(state: {', '.join(s.name for s in svars)}); add it to the state or remove it"
        )
    images = tuple(sp.expand(env[s]) if env[s].is_polynomial() else env[s] for s in svars)
    free: set[sp.Symbol] = set()
    for e in images:
        free |= e.free_symbols
    others = tuple(sorted(free - set(svars), key=lambda s: s.name))
    if given_params is not None:
        unknown = [s.name for s in others if s not in given_params]
        if unknown:
            raise ParameterError(
                f"symbol(s) {', '.join(unknown)} are neither state variables nor parameters "
                f"(state: {', '.join(s.name for s in svars)}; params: {', '.join(p.name for p in given_params)})"
            )
        params_out = tuple(given_params)
    else:
        params_out = others
    images = tuple(env[s] for s in svars)
    return UpdateMap(svars, params_out, images, tuple(parsed), simultaneous)


def _point(at: Any, state: Sequence[sp.Symbol]) -> dict[sp.Symbol, sp.Expr]:
    if at is None:
        return {}
    if isinstance(at, str):
        values = parse_assignments(at)
    elif isinstance(at, Mapping):
        values = {symbol(k) if isinstance(k, str) else symbol(k.name): _number(v) for k, v in at.items()}
    else:
        seq = list(at)
        if len(seq) != len(state):
            raise DimensionError(f"fixed point has {len(seq)} coordinates, the state has {len(state)}")
        values = {s: _number(v) for s, v in zip(state, seq)}
    return values


def _is_zero(expr: sp.Expr) -> bool | None:
    if expr == 0:
        return True
    try:
        simp = run_with_budget(sp.simplify, expr, step="simplify")
    except BudgetExceeded:
        return None
    if simp == 0:
        return True
    if simp.is_zero is False or (simp.is_number and simp.is_zero is False):
        return False
    if simp.is_number:
        value = sp.N(simp, 50)
        if value.is_Number and value.is_finite and abs(value) > sp.Float("1e-40"):
            return False
    return None


def _fixed_point(m: UpdateMap, at: Any) -> dict[sp.Symbol, sp.Expr]:
    point = _point(at, m.state)
    if not point:
        point = {s: sp.Integer(0) for s in m.state}
        residual = [img.xreplace(point) - point[s] for s, img in zip(m.state, m.images)]
        if all(_is_zero(r) is True for r in residual):
            return point
        eqs = [img - s for s, img in zip(m.state, m.images)]
        try:
            sols = run_with_budget(sp.solve, eqs, list(m.state), dict=True, step="solve")
        except BudgetExceeded as exc:
            raise UndecidedError(f"could not find a fixed point of the update map ({exc}); pass at=...") from None
        if len(sols) != 1 or set(sols[0]) != set(m.state):
            raise DomainError(
                f"the origin is not a fixed point of the update map and it has "
                f"{'no' if not sols else 'no unique'} fixed point SymPy could find; pass at=..."
            )
        # SymPy's solve is not claimed complete: the one point it found is used only after an exact check
        if any(_is_zero(img.xreplace(sols[0]) - sols[0][s]) is not True for s, img in zip(m.state, m.images)):
            raise UndecidedError("the fixed point SymPy found does not check exactly; pass at=...")
        return sols[0]
    missing = [s.name for s in m.state if s not in point]
    if missing:
        raise DimensionError(f"the fixed point gives no value for {', '.join(missing)}")
    env = dict(point)
    for s, img in zip(m.state, m.images):
        verdict = _is_zero(img.xreplace(env) - point[s])
        if verdict is False:
            raise DomainError(f"{_fmt_point(point)} is not a fixed point: {s.name} maps to {img.xreplace(env)}")
        if verdict is None:
            raise UndecidedError(f"could not decide whether {_fmt_point(point)} is a fixed point (for {s.name})")
    return point


def _fmt_point(point: Mapping[sp.Symbol, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in point.items())


def _check_smooth(images: Iterable[sp.Expr], point: Mapping[sp.Symbol, sp.Expr]) -> None:
    """Refuse to linearise at a point where a non-smooth atom switches."""
    for img in images:
        for atom in img.atoms(*_NONSMOOTH):
            if isinstance(atom, (sp.Abs, sp.sign, sp.Heaviside, sp.floor, sp.ceiling)):
                args = [atom.args[0].xreplace(point)]
                verdicts = [_is_zero(a) for a in args]
            elif isinstance(atom, (sp.Max, sp.Min)):
                vals = [a.xreplace(point) for a in atom.args]
                verdicts = [_is_zero(vals[i] - vals[j]) for i in range(len(vals)) for j in range(i + 1, len(vals))]
            else:
                raise DomainError(f"cannot linearise {atom}: piecewise update rules are not supported")
            if any(v is True for v in verdicts):
                raise DomainError(f"the update rule is not differentiable at the fixed point ({atom} switches there)")
            if any(v is None for v in verdicts):
                raise UndecidedError(f"could not decide whether {atom} is differentiable at the fixed point")


@_symopt_errors_only
def iteration_matrix(
    rules: Any,
    state: str | Sequence[Any],
    at: Any = None,
    params: str | Sequence[Any] | None = None,
    simultaneous: bool = False,
) -> sp.Matrix:
    """The iteration matrix: the Jacobian of the update map at a fixed point.

    Args:
        rules: update rules (see :func:`update_map`).
        state: the state variables; the matrix's rows and columns follow them.
        at: the fixed point (``"x=0, v=0"``, a dict or a sequence); default: the
            origin when it is a fixed point, else the unique fixed point SymPy finds.
        params: the parameters (default: every other symbol).
        simultaneous: see :func:`update_map`.

    Returns:
        ``M = dF/ds (s*)`` with ``s_{k+1} - s* = M (s_k - s*) + o(|s_k - s*|)``.

    Raises:
        DomainError: ``at`` is not a fixed point, or the rule is not
            differentiable there (``abs``, ``max`` switching at the point).
        UndecidedError: whether ``at`` is a fixed point could not be decided.

    >>> iteration_matrix("x = x - eta*lambda*x", "x")
    Matrix([[-eta*lambda + 1]])
    >>> iteration_matrix("x = x - eta*(x**3 - x)", "x", at="x=1")
    Matrix([[1 - 2*eta]])
    """
    m = update_map(rules, state, params=params, simultaneous=simultaneous)
    return _linearise(m, at)


def _linearise(m: UpdateMap, at: Any) -> sp.Matrix:
    point = _fixed_point(m, at)
    _check_smooth(m.images, point)
    J = m.jacobian().xreplace(point)
    if J.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        J = _jacobian_along_lines(m, point, J)
    return J.applyfunc(lambda e: sp.expand(e) if e.is_polynomial() else _budget_simplify(e) if e.count_ops() < 60 else e)


def _jacobian_along_lines(m: UpdateMap, point: Mapping[sp.Symbol, sp.Expr], J: sp.Matrix) -> sp.Matrix:
    """Recompute Jacobian entries that came out as ``0*oo`` (``nan``/``zoo``).

    Substituting the point into a symbolic derivative can form ``0*oo`` where the
    derivative is finite: ``d/ds [m/(sqrt(s) + eps)]`` at ``m = s = 0`` (Adam's
    update with the second moment ``s`` in the state).  Each such entry is
    recomputed along its coordinate line: the other state coordinates are fixed
    at the point first, then the one-variable function is differentiated and
    evaluated (a limit under budget when that is still indeterminate).  An
    entry that stays infinite is a genuine infinite derivative.
    """
    J = J.copy()
    for i, img in enumerate(m.images):
        for j, sj in enumerate(m.state):
            if not J[i, j].has(sp.zoo, sp.nan, sp.oo, -sp.oo):
                continue
            others = {k: v for k, v in point.items() if k != sj}
            line = img.xreplace(others)
            t = sp.Dummy("t", real=True)
            try:
                d = run_with_budget(lambda: sp.cancel(sp.diff(line.xreplace({sj: t}), t)), step="simplify")
                val = d.xreplace({t: point[sj]})
                if val.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
                    val = run_with_budget(sp.limit, d, t, point[sj], "+", step="simplify")
            except BudgetExceeded:
                raise UndecidedError(f"the derivative of {m.state[i].name}'s update in {sj.name} at "
                                     f"{_fmt_point(point)} is 0*oo after substitution and its limit ran out of "
                                     "budget") from None
            except _POLY_ERRORS:
                raise UndecidedError(f"could not evaluate the derivative of {m.state[i].name}'s update in "
                                     f"{sj.name} at {_fmt_point(point)}") from None
            if val.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.Limit):
                raise DomainError(f"the update map is not differentiable at {_fmt_point(point)}: the derivative "
                                  f"of {m.state[i].name}'s update in {sj.name} is infinite")
            J[i, j] = val
    return J


def momentum_matrix(beta: Any, eta: Any, lam: Any) -> sp.Matrix:
    r"""The texts' momentum iteration matrix ``R(beta, eta, lambda)``, derived.

    Linearises D2L's rule (11.6.5) ``v <- beta v + lambda x; x <- x - eta v``
    (gradient ``lambda x`` of ``lambda/2 x^2``) in the state ``(v, x)``:

    .. math:: R = \begin{pmatrix} \beta & \lambda \\ -\eta\beta & 1 - \eta\lambda \end{pmatrix}

    which agrees with D2L (11.6.12).

    >>> momentum_matrix(0.5, 0.6, 0.2)
    Matrix([
    [  1/2,   1/5],
    [-3/10, 22/25]])
    """
    b, e, l = (_number(a) for a in (beta, eta, lam))
    rb, re_, rl = symbol("beta"), symbol("eta"), symbol("lambda")
    M = iteration_matrix(MOMENTUM_RULE, "v, x", params=(rb, re_, rl))
    return M.xreplace({rb: b, re_: e, rl: l}).applyfunc(sp.expand)


def _number(value: Any) -> sp.Expr:
    """``as_expression`` that also takes NumPy scalars (exact value of the float)."""
    return _schur_number(value)


# --------------------------------------------------------------------- polynomials
# Characteristic polynomials, Jury / Schur--Cohn regions, the unit-circle analysis and
# is_stable live one floor down in symopt.exact.schur (shared with symopt.rates); re-exported here.
from .exact.schur import (  # noqa: E402
    INCONCLUSIVE,
    _POLY_ERRORS,
    Condition,
    _algebraic_generators,
    _as_poly,
    _factors,
    _number as _schur_number,
    characteristic_polynomial,
    eigenvalues,
    is_stable,
    jury_conditions,
    region,
    schur_cohn_conditions,
    spectral_radius,
    stability_conditions,
    unit_circle_analysis,
)


@dataclass(frozen=True, repr=False)
class StabilityVerdict:
    """Whether an iteration matrix at given values is exponentially stable (spectral radius < 1).

    Attributes:
        status: ``"proved"`` (every eigenvalue has modulus < 1, by the exact
            Jury/Schur--Cohn inequalities), ``"refuted"`` (an eigenvalue of modulus
            > 1, exactly: no root on the unit circle decides it) or ``"unknown"``
            (an eigenvalue on the unit circle: linearisation inconclusive; or undecided).
        property: ``"exponentially stable"``.
        matrix: the matrix at the values.
        charpoly: its characteristic polynomial.
        reason: how it was decided, or why not.
        witness: for ``refuted``, an eigenvalue of modulus > 1 (a 50-digit mpmath value).
    """

    status: str
    property: str
    matrix: sp.Matrix
    charpoly: Any
    reason: str
    witness: Any = None

    def __bool__(self) -> bool:
        raise TypeError("a StabilityVerdict is not a bool (it may be 'unknown'); compare .status == 'proved'")

    def check(self) -> bool:
        """Re-verify independently: the roots of the characteristic polynomial, recomputed from the
        matrix's own determinant in 50-digit mpmath, all have modulus < 1 (proved), or the witness is
        a root of modulus > 1 (refuted).  ``True`` for unknown (nothing claimed)."""
        import mpmath

        if self.status == "unknown":
            return True
        z = sp.Symbol("z")
        p = sp.Poly(sp.expand((z * sp.eye(self.matrix.rows) - self.matrix).det(method="berkowitz")), z)
        with mpmath.workdps(50):
            coeffs = [mpmath.mpmathify(sp.N(c, 60)) for c in p.all_coeffs()]
            if self.status == "proved":
                roots = mpmath.polyroots(coeffs, maxsteps=200, extraprec=200) if len(coeffs) > 1 else []
                return all(abs(r) < 1 - mpmath.mpf(10) ** -40 for r in roots) or \
                    (all(abs(r) < 1 for r in roots) and region(p) is sp.true)
            w = mpmath.mpmathify(self.witness)
            val = mpmath.polyval(coeffs, w)
            return abs(w) > 1 and abs(val) < mpmath.mpf(10) ** -30 * max(1, abs(w)) ** len(coeffs)

    def __repr__(self) -> str:
        return f"StabilityVerdict({self.property}: {self.status}, reason={_short(self.reason, 60)!r})"

    def _repr_html_(self) -> str:
        from . import display

        return display.html_fields({"status": self.status, "matrix": self.matrix,
                                    "characteristic polynomial": self.charpoly.as_expr() if self.charpoly is not None
                                    else None, "witness": None if self.witness is None else str(self.witness)},
                                   title=f"StabilityVerdict: {self.property}", notes=[self.reason], math=True)


@_symopt_errors_only
def stability_verdict(matrix: Any, values: Mapping[Any, Any] | None = None) -> StabilityVerdict:
    """:func:`is_stable` as a verdict: ``proved`` / ``refuted`` / ``unknown`` with a reason and a checkable witness.

    >>> stability_verdict(momentum_matrix("1/2", "3/5", 4)).status
    'proved'
    >>> v = stability_verdict(sp.Matrix([[1]])); v.status, "inconclusive" in v.reason
    ('unknown', True)
    """
    import mpmath

    M = sp.Matrix(matrix)
    env = {symbol(k) if isinstance(k, str) else k: _number(v) for k, v in (values or {}).items()}
    Mv = M.xreplace(env)
    status, reason = is_stable(Mv)
    p = None
    witness = None
    if not Mv.free_symbols and not Mv.has(sp.nan, sp.zoo, sp.oo):
        try:
            p = characteristic_polynomial(Mv)
        except BudgetExceeded:
            p = None
    if status == "unstable" and p is not None:
        with mpmath.workdps(50):
            coeffs = [mpmath.mpmathify(sp.N(c, 60)) for c in p.all_coeffs()]
            roots = mpmath.polyroots(coeffs, maxsteps=200, extraprec=200)
            big = max(roots, key=abs)
            if abs(big) > 1:
                witness = big
    if status == "unstable" and witness is None:
        return StabilityVerdict("unknown", "exponentially stable", Mv, p,
                                reason + " (no eigenvalue of modulus > 1 could be exhibited numerically)")
    if Mv.has(sp.Float) and status in ("stable", "unstable"):
        reason += " (for the matrix's floating-point entries as given: a numeric fixed point's rounding is not covered)"
    return StabilityVerdict({"stable": "proved", "unstable": "refuted"}.get(status, "unknown"),
                            "exponentially stable", Mv, p, reason, witness)


# --------------------------------------------------------------------- reports


@dataclass(frozen=True)
class StabilityReport:
    """Everything :func:`analyze` derives for an update rule.

    Attributes:
        map: the composed update map.
        fixed_point: where it was linearised.
        matrix: the iteration matrix.
        charpoly: ``det(zI - M)``.
        eigenvalues: exact eigenvalues, or ``None`` when not in closed form.
        region: the exact stability region (SymPy Boolean).
        conditions: the region's inequalities with their origin.
        note: what the result covers.
    """

    map: UpdateMap
    fixed_point: dict
    matrix: sp.Matrix
    charpoly: sp.Poly
    eigenvalues: tuple | None
    region: sp.Basic
    conditions: tuple[Condition, ...]
    note: str = field(default=(
        "local linear stability at the fixed point: exact convergence condition for linear rules "
        "(quadratic objectives); for nonlinear rules it decides convergence near the fixed point only"
    ))

    def to_dict(self) -> dict:
        """JSON-ready summary (expressions as strings)."""
        return {
            "state": [s.name for s in self.map.state],
            "params": [s.name for s in self.map.params],
            "fixed_point": {k.name: str(v) for k, v in self.fixed_point.items()},
            "matrix": [[str(e) for e in self.matrix.row(i)] for i in range(self.matrix.rows)],
            "charpoly": str(self.charpoly.as_expr()),
            "eigenvalues": None if self.eigenvalues is None else [str(e) for e in self.eigenvalues],
            "region": str(self.region),
            "conditions": [{"relation": str(c.relation), "origin": c.origin} for c in self.conditions],
            "note": self.note,
        }


@_symopt_errors_only
def analyze(
    rules: Any,
    state: str | Sequence[Any],
    params: str | Sequence[Any] | None = None,
    at: Any = None,
    simultaneous: bool = False,
) -> StabilityReport:
    """Linearise an update rule and derive its matrix, eigenvalues and exact region.

    >>> r = analyze(MOMENTUM_RULE, "v, x", params="beta, eta, lambda")
    >>> r.charpoly.as_expr()
    beta + z**2 + z*(-beta + eta*lambda - 1)
    """
    m = update_map(rules, state, params=params, simultaneous=simultaneous)
    point = _fixed_point(m, at)
    M = _linearise(m, point)
    p = characteristic_polynomial(M)
    ev = eigenvalues(p)
    conds = tuple(stability_conditions(p)) if p.degree() >= 1 else ()
    reg = region(p)
    return StabilityReport(m, point, M, p, None if ev is None else tuple(ev), reg, conds)


# --------------------------------------------------------------- optimal tuning
# The derivations live in symopt.rates (next to gd_quadratic); these names stay here as aliases.
from .rates import (  # noqa: E402
    Tuning,
    _critical_points,
    gd_optimal,
    heavy_ball_optimal,
    nesterov_joint_optimal,
    nesterov_optimal,
)

# ------------------------------------------------------- a method on an objective

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


def _parse_calls(text: str, n: int, counter: list[int], depth: int = 0) -> tuple[sp.Expr, list]:
    """Parse ``text`` with ``grad``/``hess`` calls (nested ones too): ``(expr, calls)`` where each call is
    ``(placeholder symbol, function, [(argument expr, its calls), ...])``."""
    if depth > 8:
        raise ParseError("grad/hess nested too deeply", text)
    body, calls = split_calls(text, ("grad", "hess"), "symoptcall", counter[0])
    counter[0] += len(calls)
    expr = parse(body)
    info = []
    for name, fn, args in calls:
        parsed_args = [_parse_calls(a, n, counter, depth + 1) for a in args]
        if fn == "grad" and len(parsed_args) != 1:
            raise ParseError(f"grad takes one argument (a point), got {len(parsed_args)}", text)
        if fn == "hess" and not (len(parsed_args) == 2 or (len(parsed_args) == 1 and n == 1)):
            raise ParseError("hess(p, u) is the Hessian at p times u (hess(p) alone only in one dimension)", text)
        info.append((symbol(name), fn, parsed_args))
    return expr, info


def _vector_rules(rules: Any, state_names: Sequence[str], obj: Any,
                  vector_params: Sequence[str] = ()) -> tuple[UpdateMap, dict[str, tuple[sp.Symbol, ...]]]:
    """Expand a vector update rule over the objective's coordinates into an :class:`UpdateMap`.

    Each state name (and each name in ``vector_params``) stands for a vector with
    one entry per variable of the objective; the position is the state named
    ``x`` (its entries are the objective's own variables).  Arithmetic is
    entrywise, ``grad(p)`` is the gradient at ``p`` and ``hess(p, u)`` the
    Hessian-vector product ``H(p) u`` (``hess(p)`` alone in one dimension).
    Other names are scalar parameters.
    """
    xs = obj.variables
    n = len(xs)
    states = [s.strip() for s in (state_names.split(",") if isinstance(state_names, str) else state_names)]
    states = [s for s in states if s]
    if "x" not in states:
        raise DimensionError("the state must include the position x (the objective's variables)")
    vec_names = set(states) | set(vector_params)
    comps: dict[str, tuple[sp.Symbol, ...]] = {"x": tuple(xs)}
    for name in vec_names - {"x"}:
        if n == 1:
            comps[name] = (symbol(name),)
        else:
            comps[name] = tuple(sp.Symbol(f"{name}_{v.name}", real=True) for v in xs)
    lines = _split_rules(rules)
    counter = [0]
    grad = list(obj.gradient)
    H = obj.hessian
    parsed: list[tuple[str, sp.Expr, list]] = []
    for lhs, rhs in lines:
        lhs = lhs.strip() if isinstance(lhs, str) else str(lhs)
        if not isinstance(rhs, str):
            rhs = str(rhs)
        expr, call_info = _parse_calls(rhs, n, counter)
        parsed.append((lhs, expr, call_info))
        if lhs not in vec_names:
            vec_names.add(lhs)  # a temporary: a vector too
            comps[lhs] = tuple(sp.Symbol(f"{lhs}_{v.name}", real=True) for v in xs) if n > 1 else (symbol(lhs),)
    names_sym = {symbol(k): k for k in comps}

    def component(expr: sp.Expr, i: int, env: dict) -> sp.Expr:
        rep = {s: env[k][i] for s, k in names_sym.items() if s in expr.free_symbols}
        return expr.xreplace(rep)

    def vector(expr: sp.Expr, call_info: list, env: dict) -> tuple:
        """The vector value of a parsed expression: calls evaluated bottom-up, then entry by entry."""
        call_values = {}
        for ph, fn, args in call_info:
            pts = [vector(a, a_calls, env) for a, a_calls in args]
            at = dict(zip(xs, pts[0]))
            if fn == "grad":
                call_values[ph] = tuple(grad[i].xreplace(at) for i in range(n))
            elif len(pts) == 2:
                call_values[ph] = tuple(sum(H[i, j].xreplace(at) * pts[1][j] for j in range(n)) for i in range(n))
            else:
                call_values[ph] = (H[0, 0].xreplace(at),)
        # rule names first (the objective's own variable names may coincide with them), then the calls
        return tuple(component(expr, i, env).xreplace({ph: v[i] for ph, v in call_values.items()})
                     for i in range(n))

    env: dict[str, tuple[sp.Expr, ...]] = {k: v for k, v in comps.items() if k in states or k in vector_params}
    for lhs, expr, call_info in parsed:
        values = list(vector(expr, call_info, env))
        missing = [s for s in expr.free_symbols if s in names_sym and names_sym[s] not in env]
        if missing:
            raise ParameterError(f"{', '.join(names_sym[s] for s in missing)} used before it is assigned "
                                 "(declare it as a state variable)")
        env[lhs] = tuple(values)
    if not any(lhs == "x" for lhs, _, _ in parsed):
        raise DimensionError("the rule never updates the position x: it is not an optimisation method")
    images = []
    state_syms = []
    for s in states:
        if s not in env:
            raise DimensionError(f"the rules never update the state variable {s}")
        images.extend(env[s])
        state_syms.extend(comps[s])
    free: set = set()
    for e in images:
        free |= e.free_symbols
    params = tuple(sorted(free - set(state_syms), key=lambda t: t.name))
    return UpdateMap(tuple(state_syms), params, tuple(images), tuple((symbol(l), e) for l, e, _ in parsed)), comps


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
            simplified: each factor's Jury/Schur--Cohn inequalities, dominated bounds dropped.
        tunings: optimal hyper-parameters from the derived tunings at
            ``mu, L = `` the extreme eigenvalues of the (preconditioned) Hessian:
            ``{label: {"params": {...}, "rate": rate}}``; empty when none applies.
        note: what the result covers.
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

    def verdict(self, values: Mapping[Any, Any] | None = None, **kw: Any) -> "StabilityVerdict":
        """Exponential stability at hyper-parameter values (``eta="1/10"``, ...): a
        :class:`StabilityVerdict`, ``proved`` / ``refuted`` / ``unknown`` with its reason."""
        vals = dict(values or {})
        vals.update(kw)
        return stability_verdict(self.matrix, vals)

    def __repr__(self) -> str:
        where = ", ".join(f"{k}={_short(v)}" for k, v in self.point.items())
        tun = "; ".join(f"{k}: rate {_short(v['rate'])}" for k, v in self.tunings.items())
        return (f"MethodStability({self.method} at {where}: stable iff {_short(self.region, 90)}"
                + (f"; {tun}" if tun else "") + ")")

    def _repr_html_(self) -> str:
        from . import display

        fields = {"method": self.description, "at": self.point, "H(x*)": self.hessian,
                  "eigenvalues of H(x*)": None if self.hessian_eigenvalues is None
                  else sp.Tuple(*self.hessian_eigenvalues),
                  "iteration matrix": self.matrix, "stable iff": self.region}
        for k, v in self.tunings.items():
            fields[f"optimal ({k})"] = sp.Tuple(*[sp.Eq(symbol(p), e) for p, e in v["params"].items()])
            fields[f"rate ({k})"] = v["rate"]
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
            "region": str(self.region),
            "tunings": {k: {"params": {p: str(v) for p, v in t["params"].items()}, "rate": str(t["rate"]),
                            "rate_float": _float_or_none(t["rate"]), "derivation": t.get("derivation", "")}
                        for k, t in self.tunings.items()},
            "note": self.note,
        }


def _float_or_none(v: Any) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def _short(v: Any, n: int = 40) -> str:
    t = str(v)
    return t if len(t) <= n else t[: n - 3] + "..."


@dataclass(frozen=True, eq=False, repr=False)
class MethodStabilities(Sequence):
    """:class:`MethodStability` at each minimiser: a read-only sequence (index, iterate, ``len``).

    Attributes:
        results: one per minimiser.
        complete: whether the minimisers are known to be all of them (for a
            non-polynomial objective: all of them in a box; ``status`` says which).
        note: how they were found.
        status: the critical-point list's own status ("complete (certified)",
            "complete in [-10, 10]^2 (certified)", "incomplete: ...").
    """

    results: tuple = ()
    complete: bool = False
    note: str = ""
    status: str = ""

    def __getitem__(self, i: Any) -> Any:
        return self.results[i]

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
        return {"results": [r.to_dict() for r in self.results], "complete": self.complete, "status": self.status,
                "note": self.note}


def _fixed_state(m: UpdateMap, comps: Mapping[str, tuple], point: Mapping[sp.Symbol, sp.Expr],
                 states: Sequence[str]) -> dict:
    """The full state at the fixed point: position ``x*``; each other state 0 or a copy of
    ``x*`` (the combination that is a fixed point exactly), else the unique solution of the
    fixed-point equations (under budget)."""
    import itertools

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
    except _POLY_ERRORS as exc:
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
        p = run_with_budget(lambda: H.charpoly().as_expr(), step="eigen")
        lam = sp.Symbol("lambda")
        poly = sp.Poly(p.xreplace({p.free_symbols.pop(): lam}) if p.free_symbols else p, lam)
        rts = run_with_budget(sp.roots, poly, step="eigen")
    except (BudgetExceeded, *_POLY_ERRORS):
        return None
    if sum(rts.values()) != H.rows or any(sp.count_ops(r) > 80 or r.has(sp.I) for r in rts):
        # no short radicals: exact real roots as CRootOf when the coefficients are rational
        try:
            if all(c.is_Rational for c in poly.all_coeffs()):
                roots = run_with_budget(poly.all_roots, step="eigen")
                if len(roots) == H.rows:
                    return tuple(roots)
        except (BudgetExceeded, *_POLY_ERRORS):
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
        at: the position ``x*`` (a critical point); default: every certified minimiser.
        rule: for ``method="rule"``: e.g. ``"v = beta*v + grad(x); x = x - eta*v"``.
        state: for a user rule: the state names (must include ``x``), e.g. ``"x, v"``.
        preconditioner: for rmsprop/adam: the frozen diagonal ``d`` (one number, one per
            variable, or a dict); default: symbolic ``d_x, d_y, ...``.
        values: further parameter values to substitute (e.g. ``{"beta1": "9/10"}``).

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
    from .errors import UnsupportedError
    from .core.objective import Objective

    # the user's plain symbols: the analyses need SymPy to know the variables are real
    obj = (objective if isinstance(objective, Objective) else Objective(objective)).with_real_symbols()
    key = _METHOD_ALIASES.get(str(method).strip().lower(), str(method).strip().lower())
    if key == "rule" or rule is not None:
        if rule is None or state is None:
            raise UnsupportedError("method='rule' needs rule='...' and state='x, ...'")
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
                                   numeric=bool(getattr(cp, "numeric", False)))
                        for cp in minima)
        return MethodStabilities(results, bool(getattr(cps, "complete", False)), str(getattr(cps, "note", "")),
                                 str(getattr(cps, "status", "")))
    point = obj.point(at)
    return _method_at(obj, key, text, states, description, point, "", preconditioner, values)


def _method_at(obj: Any, key: str, text: str, states: Any, description: str, point: dict, kind: str,
               preconditioner: Any, values: Mapping[Any, Any] | None, numeric: bool = False) -> MethodStability:
    from .rates import _zero_test

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
        from .errors import UnsupportedError

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
            dv = [_number(v) for v in vals]
            if any(_zero_test(v) is not False or not (v.is_positive or (v.is_number and float(v) > 0)) for v in dv):
                raise ParameterError("preconditioner entries must be positive numbers")
            subs.update(dict(zip(dsyms, dv)))
    if values:
        for k, v in values.items():
            subs[symbol(k) if isinstance(k, str) else k] = _number(v)
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
    p = characteristic_polynomial(M)
    # factor over the field of H(x*)'s eigenvalues (and of the preconditioned Hessian's)
    ext = _algebraic_generators(sp.Tuple(*(eig or ())))
    factors = tuple(_factors(p, ext))
    eigen_note = ""
    if key in METHOD_RULES and any(f.degree() > 2 for f in factors) and obj.n > 1:
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
            raise UndecidedError(f"the stability conditions of a degree-{f.degree()} factor ran out of budget "
                                 f"({exc}); the characteristic polynomial did not split") from None
    params = tuple(sorted(M.free_symbols, key=lambda t: t.name))
    reg = simplify_region(conds, params)
    tunings, tnote = _tunings(key, M, H, comps, subs, params)
    note = ("local linear stability at the fixed point: the exact region where the iteration matrix's "
            "spectral radius is < 1 (exponential convergence near x*). On a quadratic it is exactly global "
            "convergence; on other objectives only local. On the region's boundary the linearisation is "
            "inconclusive.")
    note += eigen_note
    if numeric:
        note += (" The fixed point is numeric (certified by the critical-point search, refined here to 60 digits): "
                 "the matrix and region carry 60-digit approximations, exact only up to that rounding.")
    if reg is sp.false:
        note += (" No hyper-parameter values give spectral radius < 1 here; where it equals 1 (e.g. a singular "
                 "Hessian at x*) the linearisation is inconclusive, not a proof of divergence: see verdict().")
    if tnote:
        note += " " + tnote
    return MethodStability(key, description, obj.expr, dict(point), kind, H, eig, m.state, fixed, params, M,
                           factors, reg, tunings, note)


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
    from .core.objective import Objective

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
    except (BudgetExceeded, *_POLY_ERRORS):
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
    import random

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
    import mpmath

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


def _tunings(key: str, M: sp.Matrix, H: sp.Matrix, comps: Mapping, subs: Mapping, params: tuple
             ) -> tuple[dict, str]:
    """Derived optimal hyper-parameters at ``mu, L`` = extreme eigenvalues of the (preconditioned) Hessian."""
    from .rates import _order, gd_optimal, heavy_ball_optimal, nesterov_joint_optimal, nesterov_optimal

    plan = {"gd": [("gd", gd_optimal, {})], "rmsprop": [("gd", gd_optimal, {})],
            "heavy_ball": [("heavy_ball", heavy_ball_optimal, {})], "momentum": [("heavy_ball", heavy_ball_optimal, {})],
            "adam": [("heavy_ball", heavy_ball_optimal, {})],
            "nesterov": [("nesterov (eta = 1/L)", nesterov_optimal, {}), ("nesterov (joint)", nesterov_joint_optimal, {})],
            "nesterov_torch": [("nesterov (eta = 1/L)", nesterov_optimal, {}),
                               ("nesterov (joint)", nesterov_joint_optimal, {})]}.get(key)
    if plan is None:
        return {}, "No closed-form tuning for a user rule: the region above is exact."
    if key in ("rmsprop", "adam"):
        dsyms = comps["d"]
        D = sp.diag(*[s.xreplace(dict(subs)) for s in dsyms])
        if any(e.free_symbols for e in D):
            return {}, "Tunings need numeric preconditioner entries (pass preconditioner=...)."
        Heff = D * H
    else:
        Heff = H
    if Heff.free_symbols:
        return {}, "Tunings need a Hessian without free parameters at x*."
    eig = _eigen_exact(Heff)
    if eig is None:
        return {}, "The Hessian's eigenvalues are not in closed form: no tuning derived."
    ordered = _order(list(eig))
    if ordered is None:
        return {}, "The Hessian's eigenvalues could not be ordered exactly: no tuning derived."
    lo, hi = ordered[0], ordered[-1]
    from .rates import _sign

    if _sign(lo) != 1:
        return {}, "The (preconditioned) Hessian is not positive definite at x*: no tuning (no step contracts every direction)."
    mu_s, L_s = sp.Symbol("mu", positive=True), sp.Symbol("L", positive=True)
    out: dict = {}
    checks = []
    for label, derive, _ in plan:
        t = derive()
        env = {mu_s: lo, L_s: hi}
        tuned = {k: _budget_simplify(v.xreplace(env)) for k, v in t.params.items()}
        rate = _budget_simplify(t.rate.xreplace(env))
        if key == "momentum":  # v+ = beta v + g, x+ = x - eta v+: the same characteristic polynomial as Polyak's
            pass
        if key == "adam":  # m+ = b1 m + (1 - b1) g, x+ = x - eta d m+: heavy ball with eta_hb = eta (1 - b1)
            b1 = tuned["beta"]
            tuned = {"beta1": b1, "eta": _budget_simplify(tuned["eta"] / (1 - b1))}
        env_vals = {symbol(k): v for k, v in tuned.items()}
        Mt = M.xreplace(env_vals)
        try:
            import mpmath

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
        out[label] = {"params": tuned, "rate": rate, "checked": ok, "derivation": t.derivation,
                      "mu": lo, "L": hi}
    return out, ("Tunings at mu = " + str(lo) + ", L = " + str(hi) + " (extreme eigenvalues"
                 + (" of D H(x*)" if key in ("rmsprop", "adam") else " of H(x*)") + "); " + "; ".join(checks) + ".")


def _eigs(result: Any) -> Any:
    """mpmath.eig's eigenvalues (it returns a tuple with vectors for 1x1 matrices)."""
    return result[0] if isinstance(result, tuple) else result


def _budget_simplify(e: sp.Expr) -> sp.Expr:
    try:
        return run_with_budget(sp.simplify, e, step="simplify")
    except BudgetExceeded:
        return e


# ----------------------------------------------------------- region simplification


def _as_positive(rel: sp.Basic) -> sp.Expr | None:
    if isinstance(rel, sp.StrictGreaterThan):
        return rel.lhs - rel.rhs
    if isinstance(rel, sp.StrictLessThan):
        return rel.rhs - rel.lhs
    return None


def _sign_on(expr: sp.Expr, q: sp.Symbol | None, where: sp.Set) -> int | None:
    """The constant sign (-1, 0 or 1) of ``expr`` for every ``q`` in ``where`` (an interval or a union
    of intervals), or ``None`` when it changes or cannot be decided exactly.

    The real roots of the numerator and denominator in ``where`` are found
    exactly (``solveset``, under budget); with none inside an open piece, the
    sign there is the sign at one rational sample point.
    """
    from .rates import _sign

    if q is None or q not in expr.free_symbols:
        return _sign(expr)
    try:
        num, den = sp.fraction(run_with_budget(sp.together, expr, step="simplify"))
    except (BudgetExceeded, *_POLY_ERRORS):
        return None
    if not (_rational_in(num, q) and _rational_in(den, q)):
        return None  # only polynomial root sets are complete (solveset's FiniteSet is then every root)
    pieces = where.args if isinstance(where, sp.Union) else (where,)
    signs = set()
    for piece in pieces:
        if not isinstance(piece, sp.Interval):
            return None
        cuts = {piece.start, piece.end}
        for part in (num, den):
            if q not in part.free_symbols:
                continue
            try:
                rts = run_with_budget(sp.solveset, part, q, piece, step="solve")
            except (BudgetExceeded, *_POLY_ERRORS):
                return None
            if rts is sp.S.EmptySet:
                continue
            if not isinstance(rts, sp.FiniteSet):
                return None
            cuts |= set(rts)
        try:
            pts = sorted(cuts, key=lambda v: float(v) if v.is_finite else (1e308 if v == sp.oo else -1e308))
        except (TypeError, ValueError):
            return None
        for a, b in zip(pts, pts[1:]):
            if a == -sp.oo and b == sp.oo:
                t = sp.Integer(0)
            elif a == -sp.oo:
                t = sp.floor(b) - 1
            elif b == sp.oo:
                t = sp.ceiling(a) + 1
            else:
                t = sp.nsimplify((a + b) / 2, rational=True) if not (a + b).is_Rational else (a + b) / 2
                if not (a < t < b):
                    t = (a + b) / 2
            s = _sign(expr.xreplace({q: t}))
            if s is None:
                return None
            signs.add(s)
    if len(signs) == 1:
        return signs.pop()
    return None


def _rational_in(expr: Any, q: sp.Symbol) -> bool:
    """``expr`` is a rational function of ``q`` (numeric or radical coefficients): its real zeros and poles
    are roots of polynomials, which ``solveset`` returns completely as a ``FiniteSet``."""
    if expr is None:
        return False
    try:
        num, den = sp.fraction(sp.together(expr))
        return bool(num.is_polynomial(q) and den.is_polynomial(q))
    except _POLY_ERRORS:
        return False


def simplify_region(relations: Sequence[sp.Basic], params: Sequence[sp.Symbol] = ()) -> sp.Basic:
    """A stability region's inequalities, simplified without changing the set they define.

    * inequalities in a single parameter are solved exactly (``-1 < beta < 1``);
    * an inequality linear in one parameter with a coefficient of constant sign
      (exactly decided on the set above) becomes a bound on it: ``eta < (2 + 2 beta)/lambda``;
    * of two bounds of the same direction, one that the other implies on that
      set is dropped (the difference has constant sign there, decided exactly);
    * repeated inequalities are dropped.

    Anything not decided exactly is kept as it was: the result is the same set.

    >>> b, e = symbol("beta"), symbol("eta")
    >>> simplify_region([2*e > 0, 4*e > 0, 2 + 2*b - 2*e > 0, 2 + 2*b - 4*e > 0, b**2 < 1], [e, b])
    (beta > -1) & (eta > 0) & (beta < 1) & (eta < beta/2 + 1/2)
    """
    rels = [r for r in relations if r is not sp.true]
    if any(r is sp.false for r in rels):
        return sp.false
    syms = sorted(set(params) | set().union(*[r.free_symbols for r in rels]) if rels else set(params),
                  key=lambda t: (not t.name.startswith("eta"), t.name))
    univariate: dict[sp.Symbol, sp.Set] = {}
    rest: list[sp.Basic] = []
    for r in rels:
        fs = r.free_symbols
        if len(fs) == 1 and _rational_in(_as_positive(r), next(iter(fs))):
            (q,) = fs
            try:
                sol = run_with_budget(sp.solveset, r, q, sp.S.Reals, step="solve")
            except (BudgetExceeded, *_POLY_ERRORS):
                rest.append(r)
                continue
            if isinstance(sol, (sp.Interval, sp.Union)) or sol is sp.S.EmptySet or sol == sp.S.Reals:
                univariate[q] = univariate.get(q, sp.S.Reals).intersect(sol)
                continue
            rest.append(r)
        elif not fs:
            if r is sp.false or (r.is_Relational and bool(r) is False):
                return sp.false
        else:
            rest.append(r)
    if any(s is sp.S.EmptySet for s in univariate.values()):
        return sp.false
    bounds: dict[tuple[sp.Symbol, str], list[sp.Expr]] = {}
    kept: list[sp.Basic] = []
    for r in rest:
        d = _as_positive(r)
        placed = False
        if d is not None:
            d = sp.expand(d)
            for p in syms:
                if p not in d.free_symbols:
                    continue
                try:
                    poly = sp.Poly(d, p)
                except _POLY_ERRORS:
                    continue
                if poly.degree() != 1:
                    continue
                a, b0 = poly.nth(1), poly.nth(0)
                others = a.free_symbols
                if len(others) > 1:
                    continue
                q = next(iter(others)) if others else None
                s = _sign_on(a, q, univariate.get(q, sp.S.Reals)) if q is not None else _sign_on(a, None, sp.S.Reals)
                if s not in (1, -1):
                    continue
                bound = _budget_simplify(-b0 / a)
                side = "lower" if s == 1 else "upper"  # a p + b > 0  <=>  p > -b/a (a > 0)
                bounds.setdefault((p, side), []).append(bound)
                placed = True
                break
        if not placed and r not in kept:
            kept.append(r)
    out: list[sp.Basic] = []
    for q in sorted(univariate, key=lambda t: (not t.name.startswith("eta"), t.name)):
        rel = univariate[q].as_relational(q)
        for piece in (rel.args if isinstance(rel, sp.And) else (rel,)):
            if isinstance(piece, sp.StrictLessThan) and piece.rhs == q:  # 0 < eta  ->  eta > 0
                piece = sp.StrictGreaterThan(q, piece.lhs, evaluate=False)
            elif isinstance(piece, sp.StrictGreaterThan) and piece.rhs == q:
                piece = sp.StrictLessThan(q, piece.lhs, evaluate=False)
            out.append(piece)
    for (p, side), bs in sorted(bounds.items(), key=lambda kv: (kv[0][0].name, kv[0][1])):
        uniq: list[sp.Expr] = []
        for b in bs:
            if not any(sp.expand(b - u) == 0 for u in uniq):
                uniq.append(b)
        keep = list(uniq)
        for b in uniq:
            if b not in keep:
                continue
            for c in keep:
                if c is b:
                    continue
                fs = (b - c).free_symbols - {p}
                q = next(iter(fs)) if len(fs) == 1 else None
                if len(fs) > 1:
                    continue
                s = _sign_on(b - c, q, univariate.get(q, sp.S.Reals) if q is not None else sp.S.Reals)
                # a lower bound b is implied by c when c >= b; an upper bound when c <= b
                if s is not None and ((side == "lower" and s <= 0) or (side == "upper" and s >= 0)):
                    keep.remove(b)
                    break
        for b in keep:
            out.append(sp.StrictGreaterThan(p, b) if side == "lower" else sp.StrictLessThan(p, b))
    out.extend(kept)
    return sp.And(*out)


# ------------------------------------------------------------------------ plots


def stability_map(
    matrix: Any,
    x: Any,
    y: Any,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    values: Mapping[Any, Any] | None = None,
    resolution: int = 161,
    ax: Any = None,
) -> Any:
    """Plot the spectral radius over a parameter grid, with the derived boundary on top.

    The colour is ``min(rho, 1.5)`` from NumPy eigenvalues at each grid point;
    the black curve is the boundary of :func:`region` (the exact inequalities,
    evaluated on the grid).  Matplotlib is imported here, not at module import.

    Args:
        matrix: the iteration matrix.
        x, y: the parameters on the axes.
        x_range, y_range: the axes' ranges.
        values: values for the other symbols.
        resolution: grid points per axis.
        ax: a matplotlib Axes to draw on (default: a new figure).

    Returns:
        The Figure, like every function of :mod:`symopt.plots`: a new one (built
        without pyplot, it shows itself as a Jupyter cell's value) or ``ax``'s.
        ``fig.axes[0]`` is the map's Axes; ``fig.figure is fig``, so code written
        for the Axes this returned before (``result.figure.savefig(...)``) works.
    """
    if ax is None:
        from . import display

        ax = display.figure(figsize=(6.0, 4.5)).add_subplot()
    import numpy as np

    xs, ys = (symbol(v) if isinstance(v, str) else v for v in (x, y))
    env = {symbol(k) if isinstance(k, str) else k: _number(v) for k, v in (values or {}).items()}
    M = sp.Matrix(matrix).xreplace(env)
    left = M.free_symbols - {xs, ys}
    if left:
        raise ParameterError(f"stability_map needs values for {', '.join(sorted(s.name for s in left))}")
    n = M.rows
    X, Y = np.meshgrid(np.linspace(*x_range, resolution), np.linspace(*y_range, resolution))
    A = np.zeros(X.shape + (n, n))
    for i in range(n):
        for j in range(n):
            f = sp.lambdify((xs, ys), M[i, j], modules="numpy", dummify=True)
            A[..., i, j] = np.broadcast_to(f(X, Y), X.shape)
    rho = np.max(np.abs(np.linalg.eigvals(A)), axis=-1)
    im = ax.pcolormesh(X, Y, np.minimum(rho, 1.5), shading="auto", cmap="viridis")
    ax.figure.colorbar(im, ax=ax, label="spectral radius (clipped at 1.5)")
    reg = region(M)
    inside = np.ones(X.shape, dtype=bool)
    for rel in (reg.args if isinstance(reg, sp.And) else (reg,)):
        if rel in (sp.true, sp.false):
            inside &= bool(rel)
            continue
        diff = sp.lambdify((xs, ys), rel.lhs - rel.rhs, modules="numpy", dummify=True)
        d = np.broadcast_to(diff(X, Y), X.shape)
        inside &= (d > 0) if isinstance(rel, sp.StrictGreaterThan) else (d < 0)
    ax.contour(X, Y, inside.astype(float), levels=[0.5], colors="black", linewidths=1.5)
    ax.set_xlabel(str(xs))
    ax.set_ylabel(str(ys))
    ax.set_title("spectral radius; black: derived region boundary")
    return ax.figure


# ----------------------------------------------------------------------------- display (issue 16)
# Short reprs (the headline fields) and Jupyter tables (every field), in symopt.display's style.
from . import display as _display  # noqa: E402

_display.attach(StabilityReport, "region", "eigenvalues")
_display.attach(Condition, "relation", "origin", html=False)
