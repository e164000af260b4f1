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

    >>> from symopt.parse import symbol
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
from .parse import as_expression, parse, parse_assignments, parse_symbols, symbol

__all__ = [
    "UpdateMap",
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

Z = sp.Symbol("z")
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
    return J.applyfunc(lambda e: sp.expand(e) if e.is_polynomial() else sp.simplify(e) if e.count_ops() < 60 else e)


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
    if hasattr(value, "item") and not isinstance(value, sp.Basic):
        value = value.item()
    if isinstance(value, float):
        return as_expression(float(value))
    return as_expression(value)


# --------------------------------------------------------------------- polynomials


def characteristic_polynomial(matrix: Any, z: sp.Symbol = Z) -> sp.Poly:
    """``det(z I - M)`` as a monic polynomial in ``z`` (coefficients in the parameters).

    >>> characteristic_polynomial(momentum_matrix(*sp.symbols("beta eta lambda")))
    Poly(z**2 + (-beta + eta*lambda - 1)*z + beta, z, domain='ZZ[beta,eta,lambda]')
    """
    M = sp.Matrix(matrix)
    if M.rows != M.cols:
        raise DimensionError(f"an iteration matrix must be square, got {M.rows}x{M.cols}")
    p = run_with_budget(lambda: M.charpoly(z).as_expr(), step="stability")
    return sp.Poly(sp.expand(p), z)


def _as_poly(obj: Any, z: sp.Symbol = Z) -> sp.Poly:
    if isinstance(obj, sp.Poly):
        return obj
    if isinstance(obj, (sp.MatrixBase, list)):
        return characteristic_polynomial(obj, z)
    return sp.Poly(sp.expand(as_expression(obj)), z)


def eigenvalues(matrix: Any) -> list[sp.Expr] | None:
    """Exact eigenvalues with multiplicity (roots of the characteristic polynomial),
    or ``None`` when SymPy cannot give them all in closed form within budget.

    >>> eigenvalues(sp.Matrix([[0, 1], [-1, 0]]))
    [-I, I]
    """
    p = _as_poly(matrix)
    try:
        rts = run_with_budget(sp.roots, p, step="solve")
    except BudgetExceeded:
        return None
    if sum(rts.values()) != p.degree():
        return None
    out: list[sp.Expr] = []
    for r, k in rts.items():
        out.extend([r] * k)
    try:
        out.sort(key=lambda r: (complex(sp.N(r)).real, complex(sp.N(r)).imag))
    except (TypeError, ValueError):
        pass
    return out


def spectral_radius(matrix: Any, values: Mapping[Any, Any] | None = None) -> float:
    """Numeric spectral radius ``max |eig(M)|`` at given parameter values (float64).

    For a decision use :func:`is_stable`, which is exact.

    >>> round(spectral_radius(momentum_matrix(0.5, 0.6, 4)), 6)
    0.707107
    """
    import numpy as np

    M = sp.Matrix(matrix)
    if values:
        M = M.xreplace({symbol(k) if isinstance(k, str) else k: _number(v) for k, v in values.items()})
    if M.free_symbols:
        raise ParameterError(f"spectral_radius needs values for {', '.join(sorted(s.name for s in M.free_symbols))}")
    A = np.array(M.evalf(30).tolist(), dtype=complex)
    return float(np.max(np.abs(np.linalg.eigvals(A))))


# ---------------------------------------------------------------- stability region


@dataclass(frozen=True)
class Condition:
    """One inequality of a stability region and where it comes from."""

    relation: sp.Basic
    origin: str


def _positive(expr: sp.Expr) -> sp.Basic:
    """``expr > 0``, factored (positive constant factors dropped) under a budget."""
    expr = sp.expand(expr)
    try:
        f = run_with_budget(sp.factor, expr, step="factor")
    except (BudgetExceeded, *_POLY_ERRORS):
        f = expr
    coeff, rest = f.as_coeff_Mul()
    if coeff.is_number and coeff.is_positive:
        f = rest
    elif coeff.is_number and coeff.is_negative:
        return sp.StrictLessThan(rest, 0)
    return sp.StrictGreaterThan(f, 0)


def jury_conditions(poly: Any) -> list[Condition]:
    """Jury's conditions for a real polynomial of degree 1 or 2 (exact, necessary and sufficient).

    Degree 2, ``p = a2 z^2 + a1 z + a0``: ``a2 p(1) > 0``, ``a2 p(-1) > 0``,
    ``a2^2 - a0^2 > 0``.  Degree 1: ``a1^2 - a0^2 > 0``.

    >>> [c.relation for c in jury_conditions(sp.Poly(Z**2 - Z/2 + symbol("b"), Z))]
    [2*b + 1 > 0, 2*b + 3 > 0, b**2 < 1]
    """
    p = _as_poly(poly)
    n = p.degree()
    a = [p.nth(k) for k in range(n + 1)]
    if n == 1:
        return [Condition(_square_gap(a[1], a[0]), "|a0| < |a1|")]
    if n != 2:
        raise DimensionError(f"Jury's closed form here is for degree <= 2, got {n}; use schur_cohn_conditions")
    z = p.gens[0]
    e = p.as_expr()
    return [
        Condition(_positive(a[2] * e.subs(z, 1)), "a2 p(1) > 0"),
        Condition(_positive(a[2] * e.subs(z, -1)), "a2 p(-1) > 0"),
        Condition(_square_gap(a[2], a[0]), "|a0| < |a2|"),
    ]


def _square_gap(an: sp.Expr, a0: sp.Expr) -> sp.Basic:
    """``a0^2 < an^2``; kept as such for a lone symbol against a number, else factored."""
    if an.is_number and a0.is_Symbol:
        return sp.StrictLessThan(a0**2, an**2)
    return _positive(an**2 - a0**2)


def schur_cohn_conditions(poly: Any) -> list[Condition]:
    """The Schur--Cohn recursion: exact conditions for every root in the open unit disk.

    For real ``p = sum a_k z^k`` of degree ``n``: require ``a_n^2 - a_0^2 > 0``,
    then recurse on ``q(z) = (a_n p(z) - a_0 z^n p(1/z)) / z`` (degree ``n-1``).

    >>> [c.relation for c in schur_cohn_conditions(sp.Poly(Z - symbol("c"), Z))]
    [(c - 1)*(c + 1) < 0]
    """
    p = _as_poly(poly)
    z = p.gens[0]
    conds: list[Condition] = []
    level = 0
    while p.degree() >= 1:
        n = p.degree()
        a = [p.nth(k) for k in range(n + 1)]
        conds.append(Condition(_square_gap(a[n], a[0]), f"Schur-Cohn step {level}: |a0| < |a{n}|"))
        reversed_ = sp.Poly(sum(a[k] * z ** (n - k) for k in range(n + 1)), z)
        q = run_with_budget(lambda: sp.Poly(sp.expand((a[n] * p.as_expr() - a[0] * reversed_.as_expr()) / z), z),
                            step="expand")
        if q.degree() != n - 1 and n - 1 >= 1:
            # leading coefficient a_n^2 - a_0^2 is non-zero under the condition just added
            q = sp.Poly(q.as_expr(), z)
        try:
            q = sp.Poly(run_with_budget(sp.factor, q.as_expr(), step="factor"), z)
        except (BudgetExceeded, *_POLY_ERRORS):
            pass
        p = q
        level += 1
        if level > 12:
            raise UndecidedError("polynomials of degree above 12 are not handled")
    return conds


def region(matrix: Any, params: str | Sequence[Any] | None = None) -> sp.Basic:
    """The exact stability region: spectral radius < 1, as a SymPy Boolean.

    Args:
        matrix: an iteration matrix, or a characteristic polynomial (``Poly`` in ``z``).
        params: the parameters the region is about (checked against the matrix's
            symbols; other symbols stay symbolic in the answer).

    Returns:
        ``And(...)`` of strict polynomial inequalities (Jury for degree <= 2,
        Schur--Cohn otherwise), true exactly at the real parameter values where
        every eigenvalue has modulus < 1.  (A characteristic polynomial is monic;
        a polynomial passed in with a symbolic leading coefficient is treated as
        having that degree, so values where the leading coefficient vanishes fall
        outside the region: possibly a wrong "unstable", never a wrong "stable".)

    Raises:
        ParameterError: a named parameter the matrix does not contain.

    >>> b, e, l = sp.symbols("beta eta lambda", real=True)
    >>> region(momentum_matrix(b, e, l), "eta, beta")
    (beta > -1) & (beta < 1) & (eta*lambda > 0) & (2*beta - eta*lambda + 2 > 0)
    """
    p = _as_poly(matrix)
    if params is not None:
        ps = parse_symbols(params)
        missing = [s.name for s in ps if s not in p.free_symbols - {Z}]
        if missing:
            raise ParameterError(f"the matrix does not depend on {', '.join(missing)}")
    if p.degree() < 1:
        return sp.true
    return _tidy(sp.And(*[c.relation for c in stability_conditions(p)]))


#: SymPy's polynomial machinery raises these on input it cannot represent (a parameter
#: under a square root, an algebraic coefficient it cannot coerce): symopt falls back.
_POLY_ERRORS = (sp.PolynomialError, sp.polys.polyerrors.CoercionFailed, sp.polys.polyerrors.DomainError,
                sp.polys.polyerrors.GeneratorsNeeded, NotImplementedError, TypeError, ValueError,
                ZeroDivisionError, AttributeError, RecursionError)


def _algebraic_generators(expr: sp.Basic) -> list[sp.Expr]:
    """Numeric radicals (``sqrt(6)``, ``2**(1/3)``) in ``expr``: the extension field to factor over."""
    out = []
    for a in sp.preorder_traversal(expr):
        if (isinstance(a, sp.Pow) and a.is_number and a.exp.is_Rational and not a.exp.is_Integer
                and a.base.is_Rational):
            g = a.base ** (sp.Rational(1, a.exp.q))
            if g not in out:
                out.append(g)
    return out[:4]


def _factors(p: sp.Poly) -> list[sp.Poly]:
    """The distinct non-constant factors of ``p`` in ``z``.

    Factored over the field generated by the numeric radicals in the
    coefficients (the field of the Hessian's eigenvalues for an iteration
    matrix built from a Hessian with eigenvalues ``4 +- sqrt(6)``), with the
    parameters as further polynomial variables; over the rationals when there
    are none.  Whatever SymPy cannot factor within budget stays one factor.
    """
    z = p.gens[0]
    expr = p.as_expr()
    monic = p.LC() == 1
    if monic and not expr.is_polynomial(*expr.free_symbols):
        # clear denominators in the parameters: a monic p = num/den, den free of z and
        # non-zero wherever p is defined, so each factor's leading coefficient is too
        try:
            expr = sp.fraction(run_with_budget(sp.together, expr, step="factor"))[0]
        except (BudgetExceeded, *_POLY_ERRORS):
            return [p]
    params = sorted(expr.free_symbols - {z}, key=lambda t: t.name)
    ext = _algebraic_generators(expr)
    try:
        if not expr.is_polynomial(z, *params):
            raise sp.PolynomialError("coefficients are not polynomial in the parameters")
        kwargs = {"extension": ext} if ext else {}
        _, factors = run_with_budget(sp.factor_list, expr, z, *params, step="factor", **kwargs)
    except BudgetExceeded:
        return [p]
    except _POLY_ERRORS:
        try:
            _, factors = run_with_budget(sp.factor_list, expr, z, step="factor")
        except (BudgetExceeded, *_POLY_ERRORS):
            return [p]
    out = []
    for f, _mult in factors:
        try:
            fp = sp.Poly(f, z)
            if monic and fp.degree() >= 1 and fp.LC() != 1:
                fp = sp.Poly(sp.expand(fp.as_expr() / fp.LC()), z)
        except _POLY_ERRORS:
            return [p]
        if fp.degree() >= 1 and fp not in out:
            out.append(fp)
    return out or [p]


def stability_conditions(poly: Any) -> list[Condition]:
    """Exact conditions for every root of ``poly`` in the open unit disk.

    The polynomial is factored first (the roots of a product are the union of the
    factors' roots); each factor gets Jury's closed form (degree <= 2) or the
    Schur--Cohn recursion.  A factor whose leading coefficient is not a non-zero
    number (it could vanish for some parameter values) makes the whole
    polynomial go through Schur--Cohn instead.

    >>> p = sp.Poly((Z - symbol("a")) * (Z**2 - symbol("b")), Z)
    >>> [c.origin for c in stability_conditions(p)][:2]
    ['factor -a + z: |a0| < |a1|', 'factor -b + z**2: a2 p(1) > 0']
    >>> region(p)
    (a > -1) & (b > -1) & (a < 1) & (b < 1) & (1 - b > 0)
    """
    p = _as_poly(poly)
    factors = _factors(p)
    if any(not (f.LC().is_number and f.LC() != 0) for f in factors):
        factors = [p]
    conds: list[Condition] = []
    for f in factors:
        part = jury_conditions(f) if f.degree() <= 2 else schur_cohn_conditions(f)
        if len(factors) > 1:
            part = [Condition(c.relation, f"factor {f.as_expr()}: {c.origin}") for c in part]
        conds.extend(part)
    return [c for c in conds if c.relation is not sp.true]


def _tidy(boolean: sp.Basic) -> sp.Basic:
    """Drop repeated inequalities and write ``k (1 - c^2) > 0`` (c a symbol, k > 0) as ``-1 < c < 1``."""
    if boolean in (sp.true, sp.false):
        return boolean
    parts = boolean.args if isinstance(boolean, sp.And) else (boolean,)
    out: list[sp.Basic] = []
    seen: set = set()
    for rel in parts:
        d = _positive_part(rel)
        if d is None:
            out.append(rel)
            continue
        syms = sorted(d.free_symbols, key=lambda t: t.name)
        if not syms:
            out.append(rel)
            continue
        content, prim = sp.Poly(d, *syms).primitive()
        key = prim.as_expr()
        if key in seen:
            continue
        seen.add(key)
        if len(syms) == 1 and sp.expand(key - (1 - syms[0] ** 2)) == 0:
            c = syms[0]
            for extra in (sp.StrictGreaterThan(c, -1), sp.StrictLessThan(c, 1)):
                if extra not in out:
                    out.append(extra)
        else:
            out.append(rel)
    return sp.And(*out)


def _positive_part(rel: sp.Basic) -> sp.Expr | None:
    """``d`` with ``rel`` equivalent to ``d > 0`` for a strict polynomial inequality, else ``None``."""
    if isinstance(rel, sp.StrictGreaterThan):
        d = sp.expand(rel.lhs - rel.rhs)
    elif isinstance(rel, sp.StrictLessThan):
        d = sp.expand(rel.rhs - rel.lhs)
    else:
        return None
    return d if d.is_polynomial() else None


#: The reason given when an eigenvalue lies exactly on the unit circle.
INCONCLUSIVE = ("not exponentially stable; linearisation inconclusive: an eigenvalue lies on the unit circle "
                "(spectral radius exactly 1), so the linear part decides neither convergence nor divergence")


def is_stable(matrix: Any, values: Mapping[Any, Any] | None = None) -> tuple[str, str]:
    """Decide stability exactly at given parameter values.

    ``"stable"`` (proved: every eigenvalue has modulus < 1, by the exact
    Jury/Schur--Cohn inequalities), ``"unstable"`` (proved: an eigenvalue of
    modulus > 1, found exactly, see :func:`unit_circle_analysis`) or
    ``"unknown"`` with the reason.  An eigenvalue *on* the unit circle with none
    outside is ``"unknown"``: the iteration is not exponentially stable and its
    linearisation is inconclusive (``x <- x - eta*4*x**3`` converges, slowly).

    Returns:
        ``(status, reason)``.

    >>> is_stable(momentum_matrix("1/2", "3/5", 4))
    ('stable', 'every Jury/Schur-Cohn inequality holds exactly')
    >>> is_stable(momentum_matrix(2, "1/10", 1))[0]
    'unstable'
    >>> is_stable(sp.Matrix([[1]]))[0]
    'unknown'
    """
    M = sp.Matrix(matrix)
    env = {symbol(k) if isinstance(k, str) else k: _number(v) for k, v in (values or {}).items()}
    M = M.xreplace(env)
    if M.free_symbols:
        return "unknown", f"no values for {', '.join(sorted(s.name for s in M.free_symbols))}"
    if M.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return "unknown", "the matrix has entries without a finite value at these parameter values"
    try:
        p = characteristic_polynomial(M)
        reg = region(p)
    except BudgetExceeded as exc:
        return "unknown", f"the characteristic polynomial or its conditions ran out of budget ({exc})"
    if reg is sp.true:
        return "stable", "every Jury/Schur-Cohn inequality holds exactly"
    if reg is not sp.false:
        return "unknown", f"could not decide {reg}"
    where = unit_circle_analysis(p)
    if where == "outside":
        return "unstable", ("a Jury/Schur-Cohn inequality fails exactly and an eigenvalue has modulus > 1 "
                            "(exact: not on the unit circle)")
    if where == "circle":
        return "unknown", INCONCLUSIVE
    return "unknown", ("a Jury/Schur-Cohn inequality fails (spectral radius >= 1), but whether an eigenvalue "
                       "lies outside the unit circle or only on it could not be decided exactly")


def _palindromic_in_w(coeffs: list[sp.Expr]) -> sp.Poly | None:
    """``G`` with ``r(z) = z^m G(z + 1/z)`` for a palindromic ``r`` of degree ``2m`` (Dickson polynomials)."""
    w = sp.Symbol("w")
    d = len(coeffs) - 1
    if d % 2:
        return None
    m = d // 2
    a = list(reversed(coeffs))  # a[k] is the coefficient of z**k
    if any(sp.expand(a[k] - a[d - k]) != 0 for k in range(d + 1)):
        return None
    dickson = [sp.Integer(2), w]
    for _ in range(2, m + 1):
        dickson.append(sp.expand(w * dickson[-1] - dickson[-2]))
    G = a[m] + sum(a[m + k] * dickson[k] for k in range(1, m + 1))
    return sp.Poly(sp.expand(G), w)


def unit_circle_analysis(poly: Any) -> str | None:
    """Where the roots of a numeric polynomial lie relative to the unit circle, exactly.

    Returns ``"inside"`` (every root has modulus < 1), ``"outside"`` (some root
    has modulus > 1), ``"circle"`` (every root has modulus <= 1 and some = 1) or
    ``None`` (undecided within budget or for coefficients outside the rationals).

    Method: a root ``z`` on the unit circle of a real polynomial ``p`` is also
    a root of its reversal ``p*(z) = z^n p(1/z)`` (``1/z = conj z``), so it is
    a root of ``g = gcd(p_sf, p_sf*)`` (``p_sf`` the square-free part); the
    cofactor ``h = p_sf / g`` has no root on the circle, so Schur--Cohn decides
    it exactly.  The roots of ``g`` come in pairs ``r, 1/r``; after removing
    ``z -+ 1`` the rest is palindromic, ``g = z^m G(z + 1/z)``, and all its roots
    lie on the circle iff ``G`` has ``m`` real roots in ``[-2, 2]`` (Sturm
    counting, exact).

    >>> unit_circle_analysis(sp.Poly(Z**2 + 1, Z)), unit_circle_analysis(sp.Poly(Z**2 - 3*Z + 1, Z))
    ('circle', 'outside')
    """
    p = _as_poly(poly)
    if p.free_symbols - set(p.gens):
        return None
    z = p.gens[0]
    try:
        return run_with_budget(_unit_circle, p, z, step="stability")
    except (BudgetExceeded, *_POLY_ERRORS):
        return None


def _unit_circle(p: sp.Poly, z: sp.Symbol) -> str | None:
    if p.degree() < 1:
        return "inside"
    if not all(c.is_Rational for c in p.all_coeffs()):
        return None
    ps = sp.Poly(sp.sqf_part(p.as_expr()), z)
    coeffs = ps.all_coeffs()
    while coeffs and coeffs[-1] == 0:  # roots at 0 are inside
        coeffs.pop()
    ps = sp.Poly(coeffs, z) if coeffs else sp.Poly(1, z)
    rev = sp.Poly(list(reversed(ps.all_coeffs())), z)
    g = sp.gcd(ps, rev)
    h = sp.quo(ps, g)
    if h.degree() >= 1 and region(h) is not sp.true:
        return "outside"  # h has no root on the circle: a root not inside is outside
    if g.degree() < 1:
        return "inside"
    rest = g
    for lin in (sp.Poly(z - 1, z), sp.Poly(z + 1, z)):
        q, r = sp.div(rest, lin)
        if r.is_zero:
            rest = q
    if rest.degree() < 1:
        return "circle"
    G = _palindromic_in_w([c / rest.LC() for c in rest.all_coeffs()])
    if G is None:
        lc0 = rest.all_coeffs()
        G = _palindromic_in_w([-c for c in lc0]) if lc0 else None
    if G is None:
        return None
    inside = sp.count_roots(G, -2, 2)
    return "circle" if inside == G.degree() else "outside"


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
from .rates import Tuning, gd_optimal, heavy_ball_optimal, nesterov_joint_optimal, nesterov_optimal  # noqa: E402

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
        ax: a matplotlib Axes (default: a new figure).

    Returns:
        The Axes.
    """
    import matplotlib

    if ax is None:
        matplotlib.use(matplotlib.get_backend())
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(5, 4))
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
    return ax


# ----------------------------------------------------------------------------- display (issue 16)
# Short reprs (the headline fields) and Jupyter tables (every field), in symopt.display's style.
from . import display as _display  # noqa: E402

_display.attach(StabilityReport, "region", "eigenvalues")
_display.attach(Condition, "relation", "origin", html=False)
