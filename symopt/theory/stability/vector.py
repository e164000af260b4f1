"""symopt's vector rule language: a method written once over ``x``, ``grad(p)``, ``hess(p, u)``, expanded
over an objective's coordinates into an :class:`~symopt.theory.stability.maps.UpdateMap`."""

from __future__ import annotations

from typing import Any, Sequence

import sympy as sp

from ...errors import DimensionError, ParameterError, ParseError
from ...core.parse import parse, split_calls, symbol
from .maps import UpdateMap, _split_rules


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
