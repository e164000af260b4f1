"""Update rules as iteration maps: composition, fixed points, linearisation (the iteration matrix).

An update rule such as momentum (D2L 11.6, eq. 11.6.5 on ``f = lambda/2 x^2``)::

    v = beta*v + lambda*x
    x = x - eta*v

is read like code: the lines run in order, so the second line uses the *new*
``v`` (pass ``simultaneous=True`` for rules whose right-hand sides all use the
old state).  Names on the left that are not state variables are temporaries
(``y = x + beta*(x - xp)`` in Nesterov's rule).  Composing the lines gives the
map ``s_{k+1} = F(s_k)``; its Jacobian at a fixed point ``s*`` is the
*iteration matrix* ``M``, and ``s_k - s* ~ M^k (s_0 - s*)`` near ``s*``.

    >>> from symopt.core.parse import symbol
    >>> beta, eta, lam = symbol("beta"), symbol("eta"), symbol("lambda")
    >>> momentum_matrix(beta, eta, lam)
    Matrix([
    [     beta,          lambda],
    [-beta*eta, -eta*lambda + 1]])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import sympy as sp

from ...limits import run_with_budget
from ...errors import BudgetExceeded, DimensionError, DomainError, ParameterError, ParseError, UndecidedError
from ...exact.schur import POLY_ERRORS, as_number
from ...exact.signs import NONSMOOTH
from ...core.parse import as_expression, parse, parse_assignments, parse_symbols, symbol
from .._common import _budgeted_simplify, _symopt_errors_only

__all__ = ["UpdateMap", "update_map", "iteration_matrix", "momentum_matrix", "affine_in_state", "MOMENTUM_RULE", "GD_RULE",
           "NESTEROV_RULE"]


#: The texts' momentum rule (D2L eq. 11.6.5) on the scalar quadratic ``lambda/2 x^2``.
MOMENTUM_RULE = "v = beta*v + lambda*x; x = x - eta*v"


#: Gradient descent on ``lambda/2 x^2``.
GD_RULE = "x = x - eta*lambda*x"


#: Nesterov's rule on ``lambda/2 x^2``: look ahead, then a gradient step at ``y``.
NESTEROV_RULE = "y = x + beta*(x - xp); xp = x; x = y - eta*lambda*y"


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
        env = {symbol(k) if isinstance(k, str) else k: as_number(v) for k, v in values.items()}
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
        values = {symbol(k) if isinstance(k, str) else symbol(k.name): as_number(v) for k, v in at.items()}
    else:
        seq = list(at)
        if len(seq) != len(state):
            raise DimensionError(f"fixed point has {len(seq)} coordinates, the state has {len(state)}")
        values = {s: as_number(v) for s, v in zip(state, seq)}
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
        for atom in img.atoms(*NONSMOOTH):
            if isinstance(atom, (sp.Abs, sp.sign, sp.Heaviside, sp.floor, sp.ceiling, sp.DiracDelta)):
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
    return J.applyfunc(lambda e: sp.expand(e) if e.is_polynomial() else _budgeted_simplify(e) if e.count_ops() < 60 else e)


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
            except POLY_ERRORS:
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
    b, e, l = (as_number(a) for a in (beta, eta, lam))
    rb, re_, rl = symbol("beta"), symbol("eta"), symbol("lambda")
    M = iteration_matrix(MOMENTUM_RULE, "v, x", params=(rb, re_, rl))
    return M.xreplace({rb: b, re_: e, rl: l}).applyfunc(sp.expand)




def affine_in_state(m: UpdateMap) -> bool:
    """Whether every image of the map is a polynomial of degree <= 1 in the state (coefficients in the
    parameters): then the map *is* its linearisation, ``s+ - s* = M (s - s*)`` exactly, and the stability
    region is exactly where the iteration converges from every start, not only near the fixed point."""
    for img in m.images:
        if not img.is_polynomial(*m.state):
            return False
        try:
            if sp.Poly(img, *m.state).total_degree() > 1:
                return False
        except POLY_ERRORS:
            return False
    return True
