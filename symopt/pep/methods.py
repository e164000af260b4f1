"""First-order methods for symopt.pep: the tracer that records them exactly, named methods, update rules."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Mapping, Sequence

import sympy as sp

from ..errors import ParameterError, ParseError, SymoptError, UnsupportedError
from ._exact import _ROUND, _V, _frac
from .classes import FunctionClass, _sym
from ..core.parse import split_calls
from ..core.parse import parse
from ..core.parse import parse_symbols


# ============================================================================ tracing a method


class _Tracer:
    """Records a method's oracle calls as exact linear combinations.

    Basis of the Gram matrix: ``x0 - x*`` (index 0), then one gradient per call.
    Basis of the function values: one per call.  ``x* = 0``, ``g* = 0``, ``f* = 0``.
    """

    def __init__(self, cls: "FunctionClass | tuple", nstate: int = 1):
        classes = tuple(cls) if isinstance(cls, (tuple, list)) else (cls,)
        cls = classes[0]
        self.classes = classes
        self.cls = cls
        self.subs = cls.substitutions()
        self.symbolic = cls.symbolic
        self.Lsym = sp.S.One if cls.L is None or cls.L.free_symbols else _sym(cls.numbers()[0])
        self.rounded: list[str] = []
        self.ng = nstate
        self.nstate = nstate
        self.calls: list[tuple[_V, _V, _V]] = []  # (x, g, f) per oracle call
        self.fns: list[int] = []  # which function each call evaluates
        self.marks: list[int] = []  # calls that are iterates (for best-iterate measures)
        # composite f_0 + f_1: at x* the subgradients cancel, g*_0 = s = -g*_1 (s a free vector)
        if len(classes) == 1:
            self.gstar = (_V(),)
        elif len(classes) == 2:
            s = _V({self.ng: Fraction(1)})
            self.ng += 1
            self.gstar = (s, -s)
        else:
            raise UnsupportedError("composite problems are sums of two functions here")

    @property
    def x0(self) -> _V:
        return _V({0: Fraction(1)})

    def expr(self, value: Any) -> sp.Expr:
        """A coefficient as a SymPy number, class parameters substituted."""
        e = _sym(value)
        if not isinstance(e, sp.Expr):
            raise ParameterError(f"a method coefficient must be a number or an expression, got {value!r}")
        byname = {s.name: v for s, v in self.subs.items()}
        e = e.xreplace({s: byname[s.name] for s in e.free_symbols if s.name in byname})
        if e.free_symbols:
            raise ParameterError(f"coefficient {value!r} has unknown symbol(s) {', '.join(sorted(s.name for s in e.free_symbols))} (known: L, mu, M)")
        return e

    def c(self, value: Any) -> Fraction:
        """A dimensionless coefficient as an exact Fraction (irrational ones rounded, noted)."""
        if isinstance(value, Fraction):
            return value
        f, rounded = _frac(self.expr(value), "coefficient")
        if rounded:
            self.rounded.append(f"{float(f):.15g} ~ {f}")
        return f

    def real(self, value: Any) -> Fraction:
        """A real coefficient computed in floating point (an mpmath or float value), as a rational
        within 1e-12; recorded as rounded unless it is exactly that rational."""
        import mpmath

        v = mpmath.mpf(value)
        f = Fraction(mpmath.nstr(v, 30, min_fixed=-40, max_fixed=40)).limit_denominator(_ROUND)
        if mpmath.mpf(f.numerator) / f.denominator != v:
            self.rounded.append(f"{float(f):.15g} ~ {f}")
        return f

    def step(self, value: Any) -> Fraction:
        """A step multiplying a gradient: with symbolic L it must scale as 1/L (e.g. '1/L', '2/(L+mu)')."""
        if self.symbolic and not isinstance(value, Fraction):
            e = _sym(value)
            names = {s.name for s in e.free_symbols} if isinstance(e, sp.Expr) else set()
            if self.cls.kind.startswith("smooth") and "L" not in names:
                raise ParameterError(f"with symbolic L a step must be written in L (e.g. '{value}/L'), got {value!r}: "
                                     "a bare number has no scaling law")
        return self.c(value)

    def _fn(self, fn: int) -> int:
        if not isinstance(fn, int) or not 0 <= fn < len(self.classes):
            raise ParameterError(f"function index {fn!r} out of range: the problem has {len(self.classes)} function(s)")
        return fn

    def _new(self, x: _V, fn: int = 0) -> tuple[_V, _V]:
        fn = self._fn(fn)
        for (px, pg, pf), k in zip(self.calls, self.fns):  # one oracle call per distinct point
            if k == fn and px.c == x.c:
                return pg, pf
        g = _V({self.ng: Fraction(1)})
        f = _V({len(self.calls): Fraction(1)})
        self.ng += 1
        self.calls.append((x, g, f))
        self.fns.append(fn)
        return g, f

    def grad(self, x: _V, fn: int = 0) -> _V:
        """The (sub)gradient of function ``fn`` at ``x`` (a new basis vector, or the one already met there)."""
        return self._new(x, fn)[0]

    def value(self, x: _V, fn: int = 0) -> _V:
        """The value of function ``fn`` at ``x``."""
        return self._new(x, fn)[1]

    def prox(self, x: _V, step: Any, fn: int = 0) -> _V:
        """``y = x - step * g(y)``, ``g(y)`` a subgradient of function ``fn``: a proximal (implicit) step; returns ``y``."""
        fn = self._fn(fn)
        g = _V({self.ng: Fraction(1)})
        f = _V({len(self.calls): Fraction(1)})
        self.ng += 1
        y = x - g * self.step(step)
        self.calls.append((y, g, f))
        self.fns.append(fn)
        return y

    def mark(self, x: _V) -> None:
        self._new(x, 0)
        for i, ((px, _, _), k) in enumerate(zip(self.calls, self.fns)):
            if k == 0 and px.c == x.c:
                self.marks.append(i)
                return


@dataclass(frozen=True)
class Method:
    """A first-order method, linear in its iterates and gradients.

    Attributes:
        name: a short name for tables.
        build: ``build(tracer, N) -> x_N`` runs ``N`` steps on the tracer (exact coefficients).
        params: the method's parameters as given (for display and JSON).
        update: the update in words / math.
    """

    name: str
    build: Callable[[Any, int], Any] = field(repr=False, compare=False)
    params: tuple = ()
    update: str = ""
    stationary: tuple | None = field(default=None, repr=False, compare=False)  # (state size, one_step(t, state))

    def __repr__(self) -> str:
        ps = ", ".join(f"{k}={v}" for k, v in self.params)
        return f"Method({self.name}{', ' + ps if ps else ''})"


def _steps(step: Any, N: int) -> list:
    if isinstance(step, (list, tuple)):
        if len(step) < N:
            raise ParameterError(f"the schedule has {len(step)} steps but N = {N}")
        return list(step)[:N]
    return [step] * N


def gd(step: Any = "1/L") -> Method:
    r"""Gradient descent :math:`x_{k+1} = x_k - h_k \nabla f(x_k)`.

    Args:
        step: the step :math:`h` (a number, an expression in ``L``/``mu`` such as
            ``"1/L"``), or a list of steps (a schedule; one per iteration).
    """
    def build(t: _Tracer, N: int):
        x = t.x0
        for h in _steps(step, N):
            t.mark(x)
            x = x - t.grad(x) * t.step(h)
        t.mark(x)
        return x

    def one(t: _Tracer, st):
        (x,) = st
        return (x - t.grad(x) * t.step(step),)

    stat = None if isinstance(step, (list, tuple)) else (1, one)
    return Method("gd", build, (("step", step),), "x_{k+1} = x_k - h_k grad f(x_k)", stat)


def subgradient(step: Any) -> Method:
    r"""Subgradient method :math:`x_{k+1} = x_k - h_k g_k`, :math:`g_k \in \partial f(x_k)` (step or schedule)."""
    m = gd(step)
    return Method("subgradient", m.build, (("step", step),), "x_{k+1} = x_k - h_k g_k, g_k in subdiff f(x_k)")


def heavy_ball(step: Any, beta: Any) -> Method:
    r"""Heavy ball (Polyak): :math:`x_{k+1} = x_k - \alpha\nabla f(x_k) + \beta (x_k - x_{k-1})`, :math:`x_{-1} = x_0`.

    (symopt.optimizers.momentum's ``v_k = beta v_{k-1} + g``, ``x_k = x_{k-1} - eta v_k`` is the same
    method with ``alpha = eta``.)
    """
    def build(t: _Tracer, N: int):
        x_old = x = t.x0
        a, b = t.step(step), t.c(beta)
        for _ in range(N):
            t.mark(x)
            x, x_old = x - t.grad(x) * a + (x - x_old) * b, x
        t.mark(x)
        return x

    def one(t: _Tracer, st):
        x, xp = st
        return (x - t.grad(x) * t.step(step) + (x - xp) * t.c(beta), x)

    return Method("heavy_ball", build, (("step", step), ("beta", beta)),
                  "x_{k+1} = x_k - a grad f(x_k) + b (x_k - x_{k-1})", (2, one))


def nesterov(step: Any = "1/L") -> Method:
    r"""Nesterov's fast gradient method for convex functions (FISTA form, PEPit's ``accelerated_gradient_convex``).

    .. math::
        x_{k+1} = y_k - h\nabla f(y_k),\quad
        \lambda_{k+1} = \tfrac{1+\sqrt{4\lambda_k^2+1}}{2},\quad
        y_{k+1} = x_{k+1} + \tfrac{\lambda_k - 1}{\lambda_{k+1}}(x_{k+1} - x_k),

    with :math:`\lambda_0 = 1`, :math:`y_0 = x_0`.  The :math:`\lambda_k` are
    irrational; symopt uses them rounded to 12 digits (the certificate is for
    exactly those coefficients, listed in the result).
    """
    def build(t: _Tracer, N: int):
        import mpmath

        x = y = t.x0
        h = t.step(step)
        with mpmath.workdps(40):
            lam = mpmath.mpf(1)
            for _ in range(N):
                lam_old = lam
                lam = (1 + mpmath.sqrt(4 * lam_old**2 + 1)) / 2
                x_old = x
                x = y - t.grad(y) * h
                y = x + (x - x_old) * t.real((lam_old - 1) / lam)
        t.mark(x)
        return x

    return Method("nesterov", build, (("step", step),), "x+ = y - h grad f(y); y+ = x+ + (l_k - 1)/l_{k+1} (x+ - x)")


def nesterov_strongly_convex(step: Any = "1/L", beta: Any = "(sqrt(L) - sqrt(mu))/(sqrt(L) + sqrt(mu))") -> Method:
    r"""Nesterov's method for strongly convex functions (constant momentum).

    .. math:: x_{k+1} = y_k - h\nabla f(y_k),\quad y_{k+1} = x_{k+1} + \beta (x_{k+1} - x_k),

    :math:`y_0 = x_0`, default :math:`\beta = (\sqrt L - \sqrt\mu)/(\sqrt L + \sqrt\mu)` (rounded to 12 digits when irrational).
    """
    def build(t: _Tracer, N: int):
        x = y = t.x0
        h, b = t.step(step), t.c(beta)
        for _ in range(N):
            x_old = x
            x = y - t.grad(y) * h
            y = x + (x - x_old) * b
        t.mark(x)
        return x

    def one(t: _Tracer, st):
        x, xp = st
        y = x + (x - xp) * t.c(beta)
        return (y - t.grad(y) * t.step(step), x)

    return Method("nesterov_sc", build, (("step", step), ("beta", beta)), "x+ = y - h grad f(y); y+ = x+ + b (x+ - x)", (2, one))


def triple_momentum(rho: Any = "1 - sqrt(mu/L)") -> Method:
    r"""The triple momentum method (Van Scoy, Freeman and Lynch 2018), PEPit's parametrisation.

    With :math:`\alpha = (1+\rho)/L`, :math:`\beta = \rho^2/(2-\rho)`,
    :math:`\gamma = \rho^2/((1+\rho)(2-\rho))`, :math:`\delta = \rho^2/(1-\rho^2)`:
    :math:`\xi_{k+1} = (1+\beta)\xi_k - \beta\xi_{k-1} - \alpha\nabla f(y_k)`,
    :math:`y_k = (1+\gamma)\xi_k - \gamma\xi_{k-1}`, output :math:`x_k = (1+\delta)\xi_{k} - \delta\xi_{k-1}`.
    """
    def build(t: _Tracer, N: int):
        r = t.expr(rho)
        alpha, beta = (1 + r) / t.Lsym, r**2 / (2 - r)
        gamma, delta = r**2 / ((1 + r) * (2 - r)), r**2 / (1 - r**2)
        a, b, g, d = (t.c(v) for v in (alpha, beta, gamma, delta))
        x_old = x_new = y = t.x0
        x = t.x0
        for _ in range(N):
            x_inter = x_new * (1 + b) - x_old * b - t.grad(y) * a
            y = x_inter * (1 + g) - x_new * g
            x = x_inter * (1 + d) - x_new * d
            x_new, x_old = x_inter, x_new
        t.mark(x)
        return x

    def one(t: _Tracer, st):
        xi, xip = st
        r = t.expr(rho)
        alpha, beta = (1 + r) / t.Lsym, r**2 / (2 - r)
        gamma = r**2 / ((1 + r) * (2 - r))
        a, b, g = (t.c(v) for v in (alpha, beta, gamma))
        y = xi * (1 + g) - xip * g
        return (xi * (1 + b) - xip * b - t.grad(y) * a, xi)

    return Method("triple_momentum", build, (("rho", rho),), "TMM (Van Scoy et al. 2018)", (2, one))


def robust_momentum(lam: Any = "1/2") -> Method:
    r"""The robust momentum method (Cyrus, Hu, Van Scoy and Lessard, ACC 2018), PEPit's parametrisation.

    With :math:`\kappa = L/\mu`, :math:`\rho = \lambda(1 - 1/\kappa) + (1-\lambda)(1 - 1/\sqrt\kappa)`,
    :math:`\alpha = \kappa(1-\rho)^2(1+\rho)/L`, :math:`\beta = \kappa\rho^3/(\kappa-1)`,
    :math:`\gamma = \rho^3/((\kappa-1)(1-\rho)^2(1+\rho))`:
    :math:`y_k = x_k + \gamma(x_k - x_{k-1})`, :math:`x_{k+1} = x_k + \beta(x_k - x_{k-1}) - \alpha\nabla f(y_k)`,
    :math:`x_{-1} = x_0`.  Its published linear rate is :math:`\rho`.
    """
    def coefficients(t: _Tracer):
        k, l = t.expr("L/mu"), t.expr(lam)
        r = l * (1 - 1 / k) + (1 - l) * (1 - 1 / sp.sqrt(k))
        alpha = k * (1 - r) ** 2 * (1 + r) / t.Lsym
        beta = k * r**3 / (k - 1)
        gamma = r**3 / ((k - 1) * (1 - r) ** 2 * (1 + r))
        return t.c(alpha), t.c(beta), t.c(gamma)

    def build(t: _Tracer, N: int):
        a, b, g = coefficients(t)
        x_old = x = t.x0
        for _ in range(N):
            t.mark(x)
            y = x + (x - x_old) * g
            x, x_old = x + (x - x_old) * b - t.grad(y) * a, x
        t.mark(x)
        return x

    def one(t: _Tracer, st):
        x, xp = st
        a, b, g = coefficients(t)
        y = x + (x - xp) * g
        return (x + (x - xp) * b - t.grad(y) * a, x)

    return Method("robust_momentum", build, (("lam", lam),), "RMM (Cyrus et al. 2018)", (2, one))


def proximal_point(step: Any) -> Method:
    r"""Proximal point :math:`x_{k+1} = \mathrm{prox}_{\gamma f}(x_k) = x_k - \gamma g_{k+1}`, :math:`g_{k+1}\in\partial f(x_{k+1})`."""
    def build(t: _Tracer, N: int):
        x = t.x0
        for h in _steps(step, N):
            x = t.prox(x, h)
            t.mark(x)
        return x

    return Method("proximal_point", build, (("step", step),), "x_{k+1} = x_k - h g(x_{k+1})")


def proximal_gradient(step: Any) -> Method:
    r"""Proximal gradient (forward-backward) on a composite :math:`F = f + h`:
    :math:`x_{k+1} = \mathrm{prox}_{\gamma h}(x_k - \gamma\nabla f(x_k))`; with ``h`` an
    :func:`indicator` it is projected gradient descent (the prox is the projection).
    Use with a pair of classes ``(f's class, h's class)``."""
    def build(t: _Tracer, N: int):
        x = t.x0
        for h in _steps(step, N):
            y = x - t.grad(x, 0) * t.step(h)
            x = t.prox(y, h, 1)
            t.mark(x)
        return x

    return Method("proximal_gradient", build, (("step", step),), "x_{k+1} = prox_{h h}(x_k - h grad f(x_k))")


def _split_grads(text: str) -> tuple[str, list[str]]:
    """Replace each ``grad(<expr>)`` by a placeholder ``pepgrad<k>``; returns the inner texts."""

    body, calls = split_calls(text, ("grad",), "pepgrad")
    inner = []
    for _, _, args in calls:
        if len(args) != 1:
            raise ParseError(f"grad(...) takes one argument, got {len(args)}", text)
        if split_calls(args[0], ("grad",), "pepgrad")[1]:
            raise UnsupportedError("grad(...) inside grad(...) is not linear in the gradients")
        inner.append(args[0])
    return body, inner


def from_rule(rule: str, state: str = "x", output: str | None = None, name: str = "rule") -> Method:
    r"""A method from an update rule in symopt's rule language, with ``grad(...)``.

    Lines ``name = expression`` separated by ``;`` or newlines run in order, like
    code, once per iteration; the state starts at ``x0`` (every state variable)
    and the output is the first state variable (or ``output``).  Every right-hand
    side must be linear in the state and in the ``grad(...)`` terms, with
    coefficients that are numbers or expressions in ``L``, ``mu`` and ``M``.

    >>> m = from_rule("y = x + 1/2*(x - xp); xp = x; x = y - 1/L*grad(y)", state="x, xp")
    >>> m.name
    'rule'

    Raises:
        ParseError: a line that does not parse.
        UnsupportedError: a rule that is not linear in the state and the gradients.
    """

    if not isinstance(rule, str) or not rule.strip():
        raise ParseError("empty update rule")
    svars = [s.name for s in parse_symbols(state)]
    lines = [p.strip() for line in rule.replace("\r", "\n").split("\n") for p in line.split(";") if p.strip()]
    parsed: list[tuple[str, sp.Expr, list[sp.Expr]]] = []
    for piece in lines:
        if piece.count("=") != 1 or any(op in piece for op in ("==", "<=", ">=")):
            raise ParseError(f"expected 'name = expression', got {piece!r}", piece, 0)
        lhs, rhs = (s.strip() for s in piece.split("="))
        (lhs_sym,) = parse_symbols(lhs)
        body, inner = _split_grads(rhs)
        expr = parse(body)
        args = [parse(a) for a in inner]
        parsed.append((lhs_sym.name, expr, args))
    out_name = output or svars[0]
    params = {"L", "mu", "M"}

    def linear(expr: sp.Expr, env: Mapping[str, Any], t: _Tracer, grads: Sequence[_V]) -> _V:
        syms = {s.name: s for s in expr.free_symbols}
        vec_names = [n for n in syms if n in env or n.startswith("pepgrad")]
        unknown = [n for n in syms if n not in env and not n.startswith("pepgrad") and n not in params]
        if unknown:
            raise ParameterError(f"unknown name(s) {', '.join(sorted(unknown))} in the update rule (state: {', '.join(svars)}; parameters: L, mu, M)")
        vs = [syms[n] for n in vec_names]
        try:
            poly = sp.Poly(expr, *vs) if vs else None
        except sp.PolynomialError:
            raise UnsupportedError(f"the update {expr} is not linear in the iterates and gradients") from None
        if poly is None:
            raise UnsupportedError(f"the update {expr} has no iterate or gradient in it")
        acc = _V()
        for monom, coeff in poly.terms():
            if sum(monom) != 1:
                raise UnsupportedError(f"the update {expr} is not linear in the iterates and gradients (term of degree {sum(monom)})")
            n = vec_names[monom.index(1)]
            if n.startswith("pepgrad"):
                acc = acc + grads[int(n[7:])] * t.step(coeff)
            else:
                acc = acc + env[n] * t.c(coeff)
        return acc

    def run_once(t: _Tracer, env: dict) -> None:
        for lhs, expr, args in parsed:
            grads = [t.grad(linear(a, env, t, [])) for a in args]
            env[lhs] = linear(expr, env, t, grads)

    def build(t: _Tracer, N: int):
        env: dict[str, _V] = {s: t.x0 for s in svars}
        for _ in range(N):
            t.mark(env[out_name])
            run_once(t, env)
        t.mark(env[out_name])
        return env[out_name]

    order = [out_name] + [v for v in svars if v != out_name]

    def one(t: _Tracer, st):
        env = dict(zip(order, st))
        run_once(t, env)
        return tuple(env[v] for v in order)

    return Method(name, build, (("rule", rule),), rule, (len(svars), one))


_METHODS = {
    "gd": gd, "gradient": gd, "gradient descent": gd, "schedule": gd,
    "heavy ball": heavy_ball, "heavy_ball": heavy_ball, "hb": heavy_ball, "momentum": heavy_ball,
    "nesterov": nesterov, "fgm": nesterov, "nesterov_sc": nesterov_strongly_convex,
    "nesterov strongly convex": nesterov_strongly_convex, "triple momentum": triple_momentum,
    "triple_momentum": triple_momentum, "tmm": triple_momentum,
    "robust_momentum": robust_momentum, "rmm": robust_momentum,
    "proximal gradient": proximal_gradient, "proximal_gradient": proximal_gradient, "projected gradient": proximal_gradient,
    "subgradient": subgradient, "proximal point": proximal_point, "proximal_point": proximal_point, "prox": proximal_point,
}


def method(name: str, **params: Any) -> Method:
    """A method by name: ``gd`` (``step``, a number or list), ``heavy_ball`` (``step``, ``beta``),
    ``nesterov`` (``step``), ``nesterov_sc`` (``step``, ``beta``), ``triple_momentum`` (``rho``),
    ``robust_momentum`` (``lam``),
    ``subgradient`` (``step``), ``proximal_point`` (``step``)."""
    key = " ".join(str(name).replace("-", " ").lower().split())
    fn = _METHODS.get(key) or _METHODS.get(key.replace(" ", "_"))
    if fn is None:
        raise UnsupportedError(f"unknown method {name!r}; known: {', '.join(sorted(set(k for k in _METHODS if ' ' not in k)))}")
    try:
        return fn(**params)
    except TypeError as exc:
        raise ParameterError(f"bad parameters for {name}: {exc}") from None
