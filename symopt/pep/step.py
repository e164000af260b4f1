"""One step of a stationary method as exact data (the Gram forms of its state before and after)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Mapping

from ..errors import UnsupportedError
from ._exact import _V
from .classes import FunctionClass
from .methods import Method, _Tracer
from .problem import _interpolation, _quad


@dataclass(frozen=True)
class _StepProblem:
    ng: int
    nf: int
    s: int
    constraints: tuple  # interpolation inequalities (b = 0)
    pairs: tuple  # (a, b) with a <= b: the entries of P
    vk: tuple  # per pair: the Gram matrix of w_ab <xi_a, xi_b> at step k
    vk1: tuple  # ... at step k + 1
    fk: Mapping  # f(x_k) in the f basis
    fk1: Mapping  # f(x_{k+1})
    rounded: tuple
    form: str = "state"


#: Lyapunov families of linear_rate: P >= 0 over the state, P >= 0 over (state, gradient), and the
#: Taylor-Van Scoy-Lessard family (P indefinite, V >= ||x_k - x*||^2 through the interpolation inequalities).
LYAPUNOV_FORMS = ("state", "state+grad", "interpolation")


def _build_step(meth: Method, cls: FunctionClass, form: str = "state") -> _StepProblem:
    if meth.stationary is None:
        raise UnsupportedError(f"{meth.name} is not stationary (its coefficients change with k): no one-step Lyapunov analysis")
    if cls.kind != "smooth_strongly_convex":
        raise UnsupportedError("linear rates are certified on the smooth strongly convex class (mu > 0)")
    L, mu, M = cls.numbers()
    s, one = meth.stationary
    t = _Tracer(cls, nstate=s)
    state = tuple(_V({i: Fraction(1)}) for i in range(s))
    if form not in ("state", "state+grad"):
        raise UnsupportedError(f"unknown Lyapunov form {form!r}; known: {', '.join(LYAPUNOV_FORMS)}")
    new = one(t, state)
    if form == "state":
        fk = dict(t.value(state[0]).c)
        fk1 = dict(t.value(new[0]).c)
    else:
        # V = (xi, g(y))' P (xi, g(y)) + c (f(y) - f*), y the step's first oracle point
        n0 = len(t.calls)
        one(t, new)
        if not n0 or len(t.calls) <= n0:
            raise UnsupportedError(f"{meth.name}: no oracle point to build the 'state+grad' Lyapunov function")
        (yk, gk, fyk), (yk1, gk1, fyk1) = t.calls[0], t.calls[n0]
        fk, fk1 = dict(fyk.c), dict(fyk1.c)
        state, new = state + (gk,), tuple(new) + (gk1,)
        s += 1
    pairs, vk, vk1 = [], [], []
    for a in range(s):
        for b in range(a, s):
            w = Fraction(1 if a == b else 2)
            pairs.append((a, b))
            vk.append({k: v * w for k, v in _quad(state[a], state[b]).items()})
            vk1.append({k: v * w for k, v in _quad(new[a], new[b]).items()})
    pts = [("*", _V(), _V(), _V())] + [(str(k), x, g, f) for k, (x, g, f) in enumerate(t.calls)]
    cons = _interpolation(cls, L, mu, M, pts)
    return _StepProblem(t.ng, len(t.calls), s, tuple(cons), tuple(pairs), tuple(vk), tuple(vk1), fk, fk1,
                        tuple(dict.fromkeys(t.rounded)), form)
