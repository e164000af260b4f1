r"""Performance estimation: the exact worst case of a first-order method over a
function class, with a proof that needs no solver to check.

A *performance estimation problem* (PEP; Drori and Teboulle 2014; Taylor,
Hendrickx and Glineur 2017) asks for the largest value of a measure (say
:math:`f(x_N) - f_\star`) that a method can reach after :math:`N` steps on any
function of a class, given an initial condition (say
:math:`\|x_0 - x_\star\|^2 \le R^2`).  Writing every iterate as a linear
combination of :math:`x_0 - x_\star` and the gradients met on the way, the
question becomes a semidefinite program in the Gram matrix :math:`G` of those
vectors and the function values :math:`F`, constrained by the class's
*interpolation conditions*: for :math:`\mu`-strongly convex :math:`L`-smooth
functions (Taylor et al. 2017, Thm. 4), for every pair of points :math:`i, j`

.. math::

    f_i \ge f_j + \langle g_j, x_i - x_j\rangle
      + \frac{1}{2(1-\mu/L)}\Big(\tfrac1L\|g_i-g_j\|^2 + \mu\|x_i-x_j\|^2
      - \tfrac{2\mu}{L}\langle g_j-g_i, x_j-x_i\rangle\Big).

The dual of that SDP is a *proof*: multipliers :math:`\lambda_{ij}\ge 0` and a
:math:`\tau` such that, identically in :math:`(G, F)`,

.. math::

    \tau\,\mathrm{init}(G,F) - \mathrm{measure}(G,F)
      + \sum_{ij} \lambda_{ij}\, c_{ij}(G,F) = \langle S, G\rangle,
    \qquad S \succeq 0,

where :math:`c_{ij} \le 0` are the interpolation inequalities.  Hence
:math:`\mathrm{measure} \le \tau\,\mathrm{init} \le \tau R^2` for *every*
function of the class.  symopt solves the SDP numerically (Clarabel, the
optional ``pep`` extra), then turns the dual into exact rationals: the
multipliers are rounded, the function-value identity is restored exactly by a
small linear solve, :math:`\tau` is inflated by at most ``1e-6`` (relative) so
that :math:`S` is positive definite, and :math:`S = L D L^\top` is factored
exactly with non-negative rational pivots.  :meth:`PEPCertificate.check`
rebuilds the PEP from the method and the class and re-verifies all of this in
``fractions.Fraction`` arithmetic: no solver, no floats.

    >>> from symopt import pep
    >>> r = pep.worst_case(pep.gd(1), pep.smooth_convex(), N=2)
    >>> r.status, r.check(), abs(float(r.tau) - 1 / 10) < 1e-6   # L R^2 / (4N + 2)
    ('proved', True, True)

Methods are linear in the gradients and iterates (GD, schedules, heavy ball,
Nesterov's two forms, triple momentum, subgradient and proximal-point steps, or
an update rule written in symopt's rule language with ``grad(...)``).
Parameters may be numbers or symbols; with a symbolic :math:`L`, the PEP is
solved at :math:`L = 1` and the bound is stated with its scaling law
(homogeneity: :math:`f(x_N)-f_\star \le \tau L R^2`).

References: Drori and Teboulle, *Performance of first-order methods for smooth
convex minimization: a novel approach*, Math. Prog. 145 (2014); Taylor,
Hendrickx and Glineur, *Smooth strongly convex interpolation and exact
worst-case performance of first-order methods*, Math. Prog. 161 (2017);
Lessard, Recht and Packard, *Analysis and design of optimization algorithms via
integral quadratic constraints*, SIAM J. Optim. 26 (2016); Taylor, Van Scoy and
Lessard, *Lyapunov functions for first-order methods: tight automated
convergence guarantees*, ICML 2018; PEPit (Goujaud et al. 2022).
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Mapping, Sequence

import sympy as sp

from .errors import ParameterError, ParseError, SymoptError, UnsupportedError

__all__ = [
    "FunctionClass",
    "Method",
    "PEPResult",
    "PEPCertificate",
    "TightFunction",
    "LyapunovResult",
    "ClosedForm",
    "smooth_convex",
    "smooth_strongly_convex",
    "convex_lipschitz",
    "convex",
    "indicator",
    "function_class",
    "gd",
    "heavy_ball",
    "nesterov",
    "nesterov_strongly_convex",
    "triple_momentum",
    "subgradient",
    "proximal_point",
    "proximal_gradient",
    "from_rule",
    "method",
    "worst_case",
    "linear_rate",
    "closed_form",
    "INITIALS",
    "MEASURES",
]

INSTALL_HINT = "pip install symopt[pep]"

#: Initial conditions (normalised to ``<= 1``): distance, function gap, or the Lyapunov-style sum.
INITIALS = ("dist", "f", "f+mu/2*dist", "grad")
#: Measures: ``f(x_N) - f*``, ``||grad f(x_N)||^2``, ``||x_N - x*||^2``, best iterate ``min_k f(x_k) - f*``.
MEASURES = ("f", "grad", "dist", "min_f", "min_grad")

#: Largest relative inflation of tau allowed to make the residual Gram matrix positive definite.
MAX_INFLATION = Fraction(1, 10**6)

_ROUND = 10**12  # denominators for rounding irrational method coefficients

#: Largest horizon accepted (the SDP has ~N^2 constraints on an ~N x N Gram matrix).
MAX_N = 60

#: Wall-clock limit of one SDP solve, in seconds (Clarabel's ``time_limit``); past it the result is unknown.
SOLVER_SECONDS = 120.0


# ============================================================================ exact helpers


def _frac(value: Any, what: str = "value") -> tuple[Fraction, bool]:
    """``value`` as a Fraction; the flag says it was rounded (an irrational number)."""
    if isinstance(value, bool):
        raise ParameterError(f"{what} must be a number, got {value!r}")
    if isinstance(value, Fraction):
        return value, False
    if isinstance(value, int):
        return Fraction(value), False
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ParameterError(f"{what} must be finite, got {value!r}")
        return Fraction(repr(value)), False
    if isinstance(value, str):
        from .parse import parse

        value = parse(value)
    expr = sp.sympify(value) if not isinstance(value, sp.Basic) else value
    if not isinstance(expr, sp.Expr) or expr.free_symbols:
        raise ParameterError(f"{what} must be a number here, got {value!r}")
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q)), False
    from .budget import run_with_budget

    num = run_with_budget(lambda: sp.N(expr, 40), step="pep-coefficient", seconds=5.0)
    if not num.is_real or not num.is_finite:
        raise ParameterError(f"{what} must be a finite real number, got {value!r}")
    return Fraction(str(num)).limit_denominator(_ROUND), True


class _V:
    """A vector of exact coefficients over a growing basis (a sparse dict)."""

    __slots__ = ("c",)

    def __init__(self, c: Mapping[int, Fraction] | None = None):
        self.c = {k: v for k, v in (c or {}).items() if v != 0}

    def __add__(self, other: "_V") -> "_V":
        out = dict(self.c)
        for k, v in other.c.items():
            out[k] = out.get(k, 0) + v
        return _V(out)

    def __sub__(self, other: "_V") -> "_V":
        return self + other * -1

    def __mul__(self, a: Any) -> "_V":
        a = a if isinstance(a, Fraction) else _frac(a)[0]
        return _V({k: v * a for k, v in self.c.items()})

    __rmul__ = __mul__

    def __neg__(self) -> "_V":
        return self * -1

    def dot_matrix(self, other: "_V") -> dict[tuple[int, int], Fraction]:
        """The symmetric matrix ``(u v^T + v u^T)/2`` so that ``<u, v> = <M, G>``."""
        out: dict[tuple[int, int], Fraction] = {}
        for i, a in self.c.items():
            for j, b in other.c.items():
                v = a * b / 2
                out[(i, j)] = out.get((i, j), 0) + v
                out[(j, i)] = out.get((j, i), 0) + v
        return out


def _madd(acc: dict, m: Mapping, scale: Fraction) -> None:
    for k, v in m.items():
        acc[k] = acc.get(k, 0) + scale * v


def _ldl(S: list[list[Fraction]]) -> tuple[list[list[Fraction]], list[Fraction]] | None:
    """Exact ``S = L D L^T`` (unit lower ``L``) with ``D >= 0``; ``None`` when ``S`` is not PSD."""
    n = len(S)
    W = [row[:] for row in S]
    L = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    D: list[Fraction] = []
    for k in range(n):
        d = W[k][k]
        if d < 0:
            return None
        if d == 0:
            if any(W[i][k] != 0 for i in range(k + 1, n)):
                return None
            D.append(Fraction(0))
            continue
        D.append(d)
        col = [W[i][k] / d for i in range(k + 1, n)]
        for a, i in enumerate(range(k + 1, n)):
            L[i][k] = col[a]
        for a, i in enumerate(range(k + 1, n)):
            li = col[a] * d
            if li == 0:
                continue
            Wi = W[i]
            for b, j in enumerate(range(k + 1, n)):
                if col[b]:
                    Wi[j] -= li * col[b]
    return L, D


def _ldl_reproduces(S: list[list[Fraction]], L: Sequence[Sequence[Fraction]], D: Sequence[Fraction]) -> bool:
    """``L`` unit lower triangular, ``D >= 0`` and ``L D L^T == S`` exactly."""
    n = len(S)
    if len(L) != n or len(D) != n or any(len(r) != n for r in L):
        return False
    for i in range(n):
        if L[i][i] != 1 or any(L[i][j] != 0 for j in range(i + 1, n)):
            return False
    if any((not isinstance(d, Fraction)) or d < 0 for d in D):
        return False
    for i in range(n):
        for j in range(i + 1):
            s = sum((L[i][k] * D[k] * L[j][k] for k in range(j + 1)), Fraction(0))
            if s != S[i][j] or S[i][j] != S[j][i]:
                return False
    return True


# ============================================================================ function classes


def _sym(value: Any) -> sp.Expr:
    if isinstance(value, str):
        from .parse import parse

        return parse(value)
    if isinstance(value, float):
        return sp.Rational(repr(value))
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    return sp.sympify(value)


@dataclass(frozen=True)
class FunctionClass:
    r"""A class of functions given by its interpolation conditions.

    Attributes:
        kind: ``"smooth_convex"`` (:math:`\mathcal F_{0,L}`), ``"smooth_strongly_convex"``
            (:math:`\mathcal F_{\mu,L}`), ``"convex_lipschitz"`` (convex, subgradients
            bounded by :math:`M`) or ``"convex"`` (closed proper convex; for proximal steps).
        L, mu, M: the parameters (numbers or SymPy symbols / expressions in ``L``).
    """

    kind: str
    L: sp.Expr | None = None
    mu: sp.Expr | None = None
    M: sp.Expr | None = None

    def __repr__(self) -> str:
        if self.kind == "smooth_convex":
            return f"FunctionClass(convex, {self.L}-smooth)"
        if self.kind == "smooth_strongly_convex":
            return f"FunctionClass({self.mu}-strongly convex, {self.L}-smooth)"
        if self.kind == "convex_lipschitz":
            return f"FunctionClass(convex, {self.M}-Lipschitz)"
        if self.kind == "indicator":
            return "FunctionClass(indicator of a closed convex set)"
        return "FunctionClass(convex)"

    @property
    def symbolic(self) -> bool:
        """Whether ``L`` (or ``M``) is a symbol: then the PEP is solved at 1 and scaled."""
        p = self.L if self.kind.startswith("smooth") else self.M
        return p is not None and bool(p.free_symbols)

    def numbers(self) -> tuple[Fraction | None, Fraction, Fraction | None]:
        """``(L, mu, M)`` as exact numbers, symbolic ``L`` / ``M`` normalised to 1."""
        L = mu = M = None
        if self.kind.startswith("smooth"):
            if self.L.free_symbols:
                (Ls,) = tuple(self.L.free_symbols) if len(self.L.free_symbols) == 1 else (None,)
                if Ls is None or self.L != Ls:
                    raise ParameterError(f"symbolic L must be a single symbol, got {self.L}")
                L = Fraction(1)
                ratio = sp.simplify((self.mu or sp.S.Zero) / self.L)
                if ratio.free_symbols:
                    raise ParameterError(f"mu/L must be a number when L is symbolic (got mu/L = {ratio}); write mu as e.g. 'L/10'")
                mu = _frac(ratio, "mu/L")[0]
            else:
                L = _frac(self.L, "L")[0]
                mu = _frac(self.mu or 0, "mu")[0]
            if L <= 0:
                raise ParameterError(f"L must be positive, got {L}")
            if mu < 0 or mu >= L:
                raise ParameterError(f"need 0 <= mu < L, got mu = {mu}, L = {L}")
        else:
            mu = Fraction(0)
            if self.kind == "convex_lipschitz":
                M = Fraction(1) if self.M.free_symbols else _frac(self.M, "M")[0]
                if M <= 0:
                    raise ParameterError(f"M must be positive, got {M}")
        return L, mu, M

    def substitutions(self) -> dict[sp.Symbol, sp.Expr]:
        """Symbol -> value used for method coefficients (``L -> 1`` when symbolic)."""
        subs: dict[sp.Symbol, sp.Expr] = {}
        L, mu, M = self.numbers()
        if self.L is not None:
            for s in self.L.free_symbols:
                subs[s] = sp.S.One
            if not self.L.free_symbols:
                subs[sp.Symbol("L")] = _sym(L)
        if self.mu is not None and self.kind == "smooth_strongly_convex":
            subs[sp.Symbol("mu")] = _sym(mu)
        if self.M is not None:
            for s in self.M.free_symbols:
                subs[s] = sp.S.One
            if not self.M.free_symbols:
                subs[sp.Symbol("M")] = _sym(M)
        return subs


def smooth_convex(L: Any = 1) -> FunctionClass:
    """Convex functions with an ``L``-Lipschitz gradient (``F_{0,L}``)."""
    return FunctionClass("smooth_convex", L=_sym(L), mu=sp.S.Zero)


def smooth_strongly_convex(mu: Any, L: Any = 1) -> FunctionClass:
    """``mu``-strongly convex functions with an ``L``-Lipschitz gradient (``F_{mu,L}``, ``0 < mu < L``)."""
    c = FunctionClass("smooth_strongly_convex", L=_sym(L), mu=_sym(mu))
    c.numbers()
    return c


def convex_lipschitz(M: Any = 1) -> FunctionClass:
    """Convex functions whose subgradients are bounded: ``||g|| <= M``."""
    return FunctionClass("convex_lipschitz", M=_sym(M))


def convex() -> FunctionClass:
    """Closed proper convex functions (no smoothness): for proximal-point steps."""
    return FunctionClass("convex")


def indicator() -> FunctionClass:
    """Indicators of closed convex sets (0 on the set, +inf off it): ``h`` in projected gradient,
    whose proximal step is the projection."""
    return FunctionClass("indicator")


_CLASS_NAMES = {
    "smooth convex": "smooth_convex", "smooth_convex": "smooth_convex", "convex smooth": "smooth_convex",
    "smooth strongly convex": "smooth_strongly_convex", "smooth_strongly_convex": "smooth_strongly_convex",
    "strongly convex": "smooth_strongly_convex",
    "convex lipschitz": "convex_lipschitz", "convex_lipschitz": "convex_lipschitz", "lipschitz": "convex_lipschitz",
    "convex": "convex",
}


def function_class(name: str, **params: Any) -> FunctionClass:
    """A class by name (``"smooth convex"``, ``"smooth strongly convex"``, ``"convex lipschitz"``, ``"convex"``)."""
    kind = _CLASS_NAMES.get(" ".join(str(name).replace("-", " ").lower().split()))
    if kind is None:
        raise UnsupportedError(f"unknown function class {name!r}; known: smooth convex, smooth strongly convex, convex lipschitz, convex")
    if kind == "smooth_convex":
        return smooth_convex(params.get("L", 1))
    if kind == "smooth_strongly_convex":
        if "mu" not in params:
            raise ParameterError("the strongly convex class needs mu")
        return smooth_strongly_convex(params["mu"], params.get("L", 1))
    if kind == "convex_lipschitz":
        return convex_lipschitz(params.get("M", 1))
    return convex()


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


_GRAD = re.compile(r"\bgrad\s*\(")


def _split_grads(text: str) -> tuple[str, list[str]]:
    """Replace each ``grad(<expr>)`` by a placeholder ``pepgrad<k>``; returns the inner texts."""
    inner: list[str] = []
    out = []
    i = 0
    while True:
        m = _GRAD.search(text, i)
        if not m:
            out.append(text[i:])
            break
        out.append(text[i:m.start()])
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            j += 1
        if depth:
            raise ParseError("unbalanced parentheses in grad(...)", text, m.start())
        arg = text[m.end():j - 1]
        if _GRAD.search(arg):
            raise UnsupportedError("grad(...) inside grad(...) is not linear in the gradients")
        out.append(f"pepgrad{len(inner)}")
        inner.append(arg)
        i = j
    return "".join(out), inner


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
    from .parse import parse, parse_symbols

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
    "proximal gradient": proximal_gradient, "proximal_gradient": proximal_gradient, "projected gradient": proximal_gradient,
    "subgradient": subgradient, "proximal point": proximal_point, "proximal_point": proximal_point, "prox": proximal_point,
}


def method(name: str, **params: Any) -> Method:
    """A method by name: ``gd`` (``step``, a number or list), ``heavy_ball`` (``step``, ``beta``),
    ``nesterov`` (``step``), ``nesterov_sc`` (``step``, ``beta``), ``triple_momentum`` (``rho``),
    ``subgradient`` (``step``), ``proximal_point`` (``step``)."""
    key = " ".join(str(name).replace("-", " ").lower().split())
    fn = _METHODS.get(key) or _METHODS.get(key.replace(" ", "_"))
    if fn is None:
        raise UnsupportedError(f"unknown method {name!r}; known: {', '.join(sorted(set(k for k in _METHODS if ' ' not in k)))}")
    try:
        return fn(**params)
    except TypeError as exc:
        raise ParameterError(f"bad parameters for {name}: {exc}") from None


# ============================================================================ the PEP in exact arithmetic


@dataclass(frozen=True)
class _Constraint:
    """``a . F + <A, G> <= b`` with ``A = sum coef * sym(z_u z_v^T)`` over atom vectors ``z``.

    ``terms`` lists ``(coef, u, v)`` with ``u, v`` indices into ``atoms`` (the points' iterates and
    gradients as exact vectors); ``A`` is the dense symmetric matrix (a sparse dict), built on demand.
    """

    label: str
    a: Mapping[int, Fraction]
    terms: tuple
    b: Fraction
    atoms: tuple = field(default=(), repr=False, compare=False)

    @property
    def A(self) -> dict:
        cached = self.__dict__.get("_A")
        if cached is None:
            cached = {}
            for coef, u, v in self.terms:
                _madd(cached, self.atoms[u].dot_matrix(self.atoms[v]), coef)
            cached = {k: val for k, val in cached.items() if val != 0}
            object.__setattr__(self, "_A", cached)
        return cached


@dataclass(frozen=True)
class _Problem:
    ng: int
    nf: int
    constraints: tuple  # of _Constraint; the first is the initial condition (b = 1)
    measures: tuple  # of (a, A): the worst case of the minimum of these
    points: tuple  # (x, g, f) per oracle call, _V each
    output: Any  # x_N as a _V
    rounded: tuple
    atoms: tuple = ()


def _quad(u: _V, v: _V) -> dict:
    return u.dot_matrix(v)


class _Atoms:
    """Registry of the distinct vectors that appear in quadratic forms."""

    def __init__(self):
        self.vecs: list[_V] = []
        self.index: dict = {}

    def __call__(self, v: _V) -> int | None:
        if not v.c:
            return None
        key = tuple(sorted(v.c.items()))
        k = self.index.get(key)
        if k is None:
            k = self.index[key] = len(self.vecs)
            self.vecs.append(v)
        return k


def _bil(out: list, U: Sequence[tuple[Fraction, int | None]], V: Sequence[tuple[Fraction, int | None]], c: Fraction) -> None:
    """Append ``c <sum_a a U_a, sum_b b V_b>`` as atom terms."""
    if not c:
        return
    for a, u in U:
        if u is None or not a:
            continue
        for b, v in V:
            if v is None or not b:
                continue
            out.append((c * a * b, u, v))


def _interpolation(cls: FunctionClass, L: Fraction | None, mu: Fraction, M: Fraction | None,
                   pts: Sequence[tuple[str, _V, _V, _V]], atoms: _Atoms | None = None) -> list[_Constraint]:
    """Interpolation inequalities between every ordered pair of points (Taylor et al. 2017, Thm. 4;
    convex: Thm. 1 with L = inf; bounded subgradients: ``||g_i||^2 <= M^2``)."""
    atoms = atoms if atoms is not None else _Atoms()
    ids = [(atoms(x), atoms(g)) for _, x, g, _ in pts]
    one = Fraction(1)
    out: list[_Constraint] = []
    for i, (ni, xi, gi, fi) in enumerate(pts):
        for j, (nj, xj, gj, fj) in enumerate(pts):
            if i == j:
                continue
            (axi, agi), (axj, agj) = ids[i], ids[j]
            # f_j - f_i + <g_j, x_i - x_j> + q <= 0
            a = dict((fj - fi).c)
            terms: list = []
            dx = [(one, axi), (-one, axj)]
            dg = [(one, agi), (-one, agj)]
            _bil(terms, [(one, agj)], dx, one)
            if L is not None:
                c = 1 / (2 * (1 - mu / L))
                _bil(terms, dg, dg, c / L)
                if mu:
                    _bil(terms, dx, dx, c * mu)
                    _bil(terms, dg, dx, -2 * c * mu / L)  # -2c mu/L <g_j - g_i, x_j - x_i> = ... <g_i - g_j, x_i - x_j>
            if not a and not terms:
                continue
            out.append(_Constraint(f"interp({ni},{nj})", a, tuple(terms), Fraction(0), atoms.vecs))
    if cls.kind == "convex_lipschitz":
        for k, (ni, xi, gi, fi) in enumerate(pts):
            if gi.c:
                ag = ids[k][1]
                out.append(_Constraint(f"|g_{ni}|^2<=M^2", {}, ((one, ag, ag),), M * M, atoms.vecs))
    if cls.kind == "indicator":  # the indicator of a closed convex set is 0 on it: f_i = 0
        for ni, xi, gi, fi in pts:
            if fi.c:
                out.append(_Constraint(f"f_{ni}<=0", dict(fi.c), (), Fraction(0), atoms.vecs))
                out.append(_Constraint(f"f_{ni}>=0", dict((-fi).c), (), Fraction(0), atoms.vecs))
    return out


def _dense(label: str, a: Mapping, vecs: Sequence[tuple[Fraction, _V, _V]], b: Fraction, atoms: _Atoms) -> _Constraint:
    terms = []
    for c, u, v in vecs:
        iu, iv = atoms(u), atoms(v)
        if iu is not None and iv is not None and c:
            terms.append((c, iu, iv))
    return _Constraint(label, a, tuple(terms), b, atoms.vecs)


def _classes(cls: Any) -> tuple:
    classes = tuple(cls) if isinstance(cls, (tuple, list)) else (cls,)
    if not classes or not all(isinstance(c, FunctionClass) for c in classes):
        raise ParameterError("give a FunctionClass, or a pair (f's class, h's class) for a composite f + h")
    if len(classes) > 2:
        raise UnsupportedError("composite problems are sums of two functions here")
    if len(classes) == 2 and any(c.symbolic for c in classes):
        raise ParameterError("composite problems take numeric parameters")
    return classes


def _build(meth: Method, cls: Any, N: int, initial: str, measure: str) -> _Problem:
    if isinstance(N, bool) or not isinstance(N, int) or N < 0:
        raise ParameterError(f"N must be a non-negative integer, got {N!r}")
    if N > MAX_N:
        raise ParameterError(f"N = {N} is too large for an exact certificate here (at most {MAX_N}; "
                             "the SDP grows like N^2 constraints of size N)")
    if initial not in INITIALS:
        raise UnsupportedError(f"unknown initial condition {initial!r}; known: {', '.join(INITIALS)}")
    if measure not in MEASURES:
        raise UnsupportedError(f"unknown measure {measure!r}; known: {', '.join(MEASURES)}")
    classes = _classes(cls)
    composite = len(classes) == 2
    cls = classes[0]
    L, mu, M = cls.numbers()
    if cls.kind in ("convex", "convex_lipschitz", "indicator") and initial == "grad":
        raise UnsupportedError("the initial condition ||grad f(x0)||^2 <= 1 needs a smooth class")
    if composite and (measure in ("grad", "min_grad", "min_f") or initial in ("grad", "f+mu/2*dist")):
        raise UnsupportedError("a composite f + h supports initial 'dist' or 'f' and measures 'f' (of f + h) or 'dist'")
    if not composite and cls.kind == "convex" and meth.name not in ("proximal_point",) and not meth.name.startswith("rule"):
        raise UnsupportedError("on the class of all convex functions only proximal (implicit) steps have a finite worst case; "
                               "use convex_lipschitz for subgradient steps")
    if not composite and cls.kind == "indicator":
        raise UnsupportedError("an indicator function alone has no worst case to estimate; use it as h in (f's class, indicator())")
    t = _Tracer(classes)
    out = meth.build(t, N)
    x0 = t.x0
    atoms = _Atoms()
    one = Fraction(1)

    def total_value(x: _V) -> dict:
        acc = _V()
        for k in range(len(classes)):
            acc = acc + t.value(x, k)
        return dict(acc.c)

    # initial condition
    if initial == "dist":
        init = _dense("initial", {}, [(one, x0, x0)], one, atoms)
    elif initial == "f":
        init = _dense("initial", total_value(x0), [], one, atoms)
    elif initial == "grad":
        g0 = t.grad(x0)
        init = _dense("initial", {}, [(one, g0, g0)], one, atoms)
    else:
        init = _dense("initial", dict(t.value(x0).c), [(mu / 2, x0, x0)], one, atoms)
    measures: list = []
    if measure == "f":
        measures.append((total_value(out), {}))
    elif measure == "grad":
        g = t.grad(out)
        measures.append(({}, _quad(g, g)))
    elif measure == "dist":
        measures.append(({}, _quad(out, out)))
    else:
        marks = sorted(set(t.marks))
        if not marks:
            raise UnsupportedError(f"{meth.name} marks no iterates for a best-iterate measure")
        for k in marks:
            _, g, f = t.calls[k]
            measures.append((dict(f.c), {}) if measure == "min_f" else ({}, _quad(g, g)))
    cons = [init]
    for k, ck in enumerate(classes):
        Lk, muk, Mk = ck.numbers()
        tag = f"{k}:" if composite else ""
        pts = [(f"{tag}*", _V(), t.gstar[k], _V())] + [(f"{tag}{i}", x, g, f) for i, ((x, g, f), fn)
                                                        in enumerate(zip(t.calls, t.fns)) if fn == k]
        cons += _interpolation(ck, Lk, muk, Mk, pts, atoms)
    return _Problem(t.ng, len(t.calls), tuple(cons), tuple(measures), tuple(t.calls), out,
                    tuple(dict.fromkeys(t.rounded)), tuple(atoms.vecs))


# ============================================================================ numeric solve (Clarabel)


def _solver():
    try:
        import clarabel  # noqa: F401
        import numpy as np  # noqa: F401
        import scipy.sparse  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the environment
        raise UnsupportedError(f"performance estimation needs an SDP solver: {INSTALL_HINT} (cvxpy with Clarabel and SCS)") from None
    import clarabel

    return clarabel


def _svec_index(n: int) -> dict[tuple[int, int], int]:
    """Clarabel's PSDTriangle order: upper triangle, column by column."""
    idx, k = {}, 0
    for j in range(n):
        for i in range(j + 1):
            idx[(i, j)] = k
            k += 1
    return idx


@dataclass
class _Numeric:
    tau: float
    lam: Any  # multipliers of the constraints
    w: Any  # weights of the measures
    G: Any  # worst-case Gram matrix
    F: Any  # worst-case function values
    status: str
    solve_seconds: float


def _constraint_matrices(P: _Problem):
    """Every constraint's ``A`` as floats, shape ``(m, n, n)`` (vectorised over the atom terms; cached)."""
    cached = P.__dict__.get("_float_A")
    if cached is None:
        cached = _constraint_matrices_uncached(P)
        object.__setattr__(P, "_float_A", cached)
    return cached


def _constraint_matrices_uncached(P: _Problem):
    import numpy as np

    n = P.ng
    m = len(P.constraints)
    Z = np.zeros((max(len(P.atoms), 1), n))
    for k, v in enumerate(P.atoms):
        for i, val in v.c.items():
            Z[k, i] = float(val)
    cidx, coef, us, vs = [], [], [], []
    for c, con in enumerate(P.constraints):
        for cf, u, v in con.terms:
            cidx.append(c), coef.append(float(cf)), us.append(u), vs.append(v)
    out = np.zeros((m, n, n))
    if cidx:
        Zu, Zv = Z[us], Z[vs]
        outer = np.asarray(coef)[:, None, None] * Zu[:, :, None] * Zv[:, None, :]
        np.add.at(out, np.asarray(cidx), outer)
        out = (out + out.transpose(0, 2, 1)) / 2
    return out


def _dual_arrays(P: _Problem):
    import numpy as np

    n = P.ng
    m, K = len(P.constraints), len(P.measures)
    sv = _svec_index(n)
    nsv = len(sv)
    r2 = math.sqrt(2.0)
    iu, ju = np.triu_indices(n)
    order = np.array([sv[(int(i), int(j))] for i, j in zip(iu, ju)])
    scale = np.where(iu == ju, 1.0, r2)
    As = _constraint_matrices(P)[:, iu, ju] * scale  # (m, nsv) in svec order after permutation
    cc, rr = np.nonzero(As)
    rows_psd = list(order[rr])
    cols_psd = list(cc)
    vals_psd = list(-As[cc, rr])
    for k, (a, A) in enumerate(P.measures):
        for (i, j), v in A.items():
            if i <= j:
                rows_psd.append(sv[(i, j)]), cols_psd.append(m + k), vals_psd.append(float(v) * (1.0 if i == j else r2))
    # equalities: sum_c lam_c a_c - sum_k w_k am_k = 0 (per f index), sum w = 1
    rows_eq, cols_eq, vals_eq = [], [], []
    for c, con in enumerate(P.constraints):
        for j, v in con.a.items():
            rows_eq.append(j), cols_eq.append(c), vals_eq.append(float(v))
    for k, (a, A) in enumerate(P.measures):
        for j, v in a.items():
            rows_eq.append(j), cols_eq.append(m + k), vals_eq.append(-float(v))
        rows_eq.append(P.nf), cols_eq.append(m + k), vals_eq.append(1.0)
    b_eq = np.zeros(P.nf + 1)
    b_eq[P.nf] = 1.0
    bvec = np.array([float(con.b) for con in P.constraints] + [0.0] * K)
    return sv, nsv, (rows_psd, cols_psd, vals_psd), (rows_eq, cols_eq, vals_eq), b_eq, bvec


def _structural_zeros(P: _Problem) -> list[int]:
    """Gram indices whose diagonal no constraint or measure touches: their row of ``S`` must vanish."""
    touched = set()
    for con in P.constraints:
        for cf, u, v in con.terms:
            zu, zv = con.atoms[u].c, con.atoms[v].c
            touched.update(i for i in zu if i in zv)
    for a, A in P.measures:
        touched.update(i for (i, j) in A if i == j)
    return [i for i in range(P.ng) if i not in touched]


def _solve(P: _Problem, margin_cap: float | None = None, weights: Any = None, tol: float = 1e-10,
           scale: Any = None) -> _Numeric:
    """Phase 1 (``margin_cap is None``): minimise the bound.  Phase 2: bound <= cap, maximise the
    smallest eigenvalue of ``S`` (an interior dual point, robust to rounding)."""
    import numpy as np
    import scipy.sparse as sps

    clarabel = _solver()
    sv, nsv, psd, eq, b_eq, bvec = _dual_arrays(P)
    m, K = len(P.constraints), len(P.measures)
    nv = m + K + (1 if margin_cap is not None else 0)
    neq = P.nf + 1
    rows, cols, vals = list(eq[0]), list(eq[1]), list(eq[2])
    b_parts = [b_eq]
    cones = [clarabel.ZeroConeT(neq)]
    off = neq
    # nonnegativity of lam, w
    for i in range(m + K):
        rows.append(off + i), cols.append(i), vals.append(-1.0)
    b_parts.append(np.zeros(m + K))
    off += m + K
    n_nonneg = m + K
    if margin_cap is not None:
        for i in range(m):
            if bvec[i]:
                rows.append(off), cols.append(i), vals.append(bvec[i])
        rows.append(off + 1), cols.append(nv - 1), vals.append(1.0)
        b_parts.append(np.array([margin_cap, 1.0]))
        off += 2
        n_nonneg += 2
    cones.append(clarabel.NonnegativeConeT(n_nonneg))
    if scale is not None:  # the cone holds D S D (a congruence: same multipliers, better conditioning)
        inv = {k: ij for ij, k in sv.items()}
        dsc = np.asarray(scale, dtype=float)
        for r, c, v in zip(*psd):
            i, j = inv[r]
            rows.append(off + r), cols.append(c), vals.append(v * dsc[i] * dsc[j])
    else:
        for r, c, v in zip(*psd):
            rows.append(off + r), cols.append(c), vals.append(v)
    if margin_cap is not None:
        zero = set(_structural_zeros(P))
        for i in range(P.ng):
            if i not in zero:
                rows.append(off + sv[(i, i)]), cols.append(nv - 1), vals.append(1.0 if weights is None else float(weights[i]))
    b_parts.append(np.zeros(nsv))
    cones.append(clarabel.PSDTriangleConeT(P.ng))
    A = sps.csc_matrix((vals, (rows, cols)), shape=(off + nsv, nv))
    b = np.concatenate(b_parts)
    q = np.zeros(nv)
    if margin_cap is None:
        q[:m] = bvec[:m]
    else:
        q[-1] = -1.0
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.tol_gap_abs = settings.tol_gap_rel = tol
    settings.tol_feas = tol
    settings.max_iter = 200
    settings.time_limit = SOLVER_SECONDS
    t0 = time.perf_counter()
    sol = clarabel.DefaultSolver(sps.csc_matrix((nv, nv)), q, A, b, cones, settings).solve()
    dt = time.perf_counter() - t0
    status = str(sol.status)
    x = np.array(sol.x)
    z = np.array(sol.z)
    zpsd = z[off:off + nsv]
    G = np.zeros((P.ng, P.ng))
    for (i, j), k in sv.items():
        G[i, j] = G[j, i] = zpsd[k] / (1.0 if i == j else math.sqrt(2.0))
    if scale is not None:
        dsc = np.asarray(scale, dtype=float)
        G = dsc[:, None] * G * dsc[None, :]
    F = -z[:P.nf]
    tau = float(q[:m] @ x[:m]) if margin_cap is None else float(bvec[:m] @ x[:m])
    return _Numeric(tau, x[:m], x[m:m + K], G, F, status, dt)


# ============================================================================ exact certificate


def _residual_gram(P: _Problem, lam: Sequence[Fraction], w: Sequence[Fraction]) -> list[list[Fraction]]:
    """``S = sum_c lam_c A_c - sum_k w_k Am_k`` exactly (a dense list of lists).

    The constraints' part is ``Z^T W Z`` with ``W`` the multiplier-weighted atom pairs: one small
    matrix product instead of one dense matrix per constraint."""
    n = P.ng
    half = [[Fraction(0)] * n for _ in range(n)]
    Wrow: dict[int, dict[int, Fraction]] = {}
    atoms = P.atoms
    for l, con in zip(lam, P.constraints):
        if l:
            for cf, u, v in con.terms:
                row = Wrow.setdefault(u, {})
                row[v] = row.get(v, 0) + l * cf
    for u, row in Wrow.items():
        y: dict[int, Fraction] = {}
        for v, wv in row.items():
            if wv:
                for j, zj in atoms[v].c.items():
                    y[j] = y.get(j, 0) + wv * zj
        for i, zi in atoms[u].c.items():
            hi = half[i]
            for j, yj in y.items():
                hi[j] += zi * yj
    S = [[(half[i][j] + half[j][i]) / 2 for j in range(n)] for i in range(n)]
    for wk, (a, A) in zip(w, P.measures):
        if wk:
            for (i, j), v in A.items():
                S[i][j] -= wk * v
    return S


def _linear_residual(P: _Problem, lam: Sequence[Fraction], w: Sequence[Fraction]) -> list[Fraction]:
    """Coefficients of ``F`` in ``sum_c lam_c a_c - sum_k w_k am_k`` (must all be 0), then ``sum w - 1``."""
    r = [Fraction(0)] * P.nf
    for l, con in zip(lam, P.constraints):
        if l:
            for j, v in con.a.items():
                r[j] += l * v
    for wk, (a, A) in zip(w, P.measures):
        if wk:
            for j, v in a.items():
                r[j] -= wk * v
    return r + [sum(w, Fraction(0)) - 1]


def _to_frac(x: float, Q: int) -> Fraction:
    return Fraction(round(x * Q), Q)


def _equations(P: _Problem) -> tuple[dict[int, dict[Any, Fraction]], dict[Any, Fraction]]:
    """The exact linear conditions on ``v = (lam, w)``: columns ``{row: coefficient}`` and the right-hand side.

    Rows: the coefficient of each function value (must be 0), ``sum w`` (must be 1), and
    ``S[i][j]`` for each structurally zero diagonal ``i`` (must be 0, else ``S`` is not PSD).
    """
    zero = set(_structural_zeros(P))
    m = len(P.constraints)
    cols: dict[int, dict[Any, Fraction]] = {}
    for c, con in enumerate(P.constraints):
        col: dict[Any, Fraction] = dict(con.a)
        for (i, j), v in (con.A.items() if zero else ()):
            if i in zero and i <= j or j in zero and j < i:
                key = ("S", min(i, j), max(i, j))
                col[key] = col.get(key, 0) + v
        cols[c] = col
    for k, (a, A) in enumerate(P.measures):
        col = {j: -val for j, val in a.items()}
        col["w"] = Fraction(1)
        for (i, j), v in (A.items() if zero else ()):
            if i in zero and i <= j or j in zero and j < i:
                key = ("S", min(i, j), max(i, j))
                col[key] = col.get(key, 0) - v
        cols[m + k] = col
    return cols, {"w": Fraction(1)}


def _restore_identity(P: _Problem, v: list[Fraction]) -> list[Fraction] | None:
    """Adjust a few positive entries of ``v = (lam, w)`` so the linear conditions hold exactly."""
    cols, rhs = _equations(P)
    return _restore(cols, rhs, v, range(len(v)))


def _restore(cols: Mapping[int, Mapping[Any, Fraction]], rhs: Mapping[Any, Fraction], v: list[Fraction],
             adjustable: Sequence[int] | range) -> list[Fraction] | None:
    """Exactly satisfy ``sum_j v_j cols[j] = rhs`` by changing a few positive, adjustable ``v_j``
    (largest first, an independent set of columns); None when that fails or makes one negative."""
    rows_set = set(rhs)
    for col in cols.values():
        rows_set.update(col)
    rows = sorted(rows_set, key=str)
    r = {row: rhs.get(row, Fraction(0)) for row in rows}
    for j, col in cols.items():
        if v[j]:
            for row, val in col.items():
                r[row] -= val * v[j]
    if not any(r.values()):
        return v
    order = sorted((j for j in adjustable if v[j] > 0 and cols.get(j)), key=lambda j: -v[j])
    reduced: list[dict[Any, Fraction]] = []
    pivots: list[Any] = []
    chosen: list[int] = []
    for j in order:
        col = dict(cols[j])
        for pr, rc in zip(pivots, reduced):
            f = col.get(pr, 0)
            if f:
                for i, val in rc.items():
                    col[i] = col.get(i, 0) - f * val
                col = {i: val for i, val in col.items() if val != 0}
        if not col:
            continue
        pr = max(col, key=lambda i: abs(col[i]))
        piv = col[pr]
        col = {i: val / piv for i, val in col.items()}
        reduced.append(col)
        pivots.append(pr)
        chosen.append(j)
        if len(pivots) == len(rows):
            break
    Mtx = [[cols[j].get(row, Fraction(0)) for j in chosen] for row in rows]
    sol = _least_solve(Mtx, [r[row] for row in rows], len(chosen))
    if sol is None:
        return None
    out = list(v)
    for j, d in zip(chosen, sol):
        out[j] = out[j] + d
        if out[j] < 0:
            return None
    return out


def _least_solve(M: list[list[Fraction]], b: list[Fraction], n: int) -> list[Fraction] | None:
    """An exact solution of ``M d = b`` (``M`` has full column rank ``n``), or None if inconsistent."""
    rows = len(M)
    A = [M[i][:] + [b[i]] for i in range(rows)]
    piv_rows: list[int] = []
    r = 0
    for c in range(n):
        p = next((i for i in range(r, rows) if A[i][c] != 0), None)
        if p is None:
            return None
        A[r], A[p] = A[p], A[r]
        pv = A[r][c]
        A[r] = [x / pv for x in A[r]]
        for i in range(rows):
            if i != r and A[i][c] != 0:
                f = A[i][c]
                A[i] = [x - f * y for x, y in zip(A[i], A[r])]
        piv_rows.append(r)
        r += 1
    if any(A[i][n] != 0 for i in range(r, rows)):
        return None
    return [A[i][n] for i in range(n)]


_DEBUG: list = []


def _exact_certificate(P: _Problem, num: _Numeric, scale: Any = None) -> tuple[list[Fraction], list[Fraction], Fraction, Any] | None:
    """Round an interior dual point to an exact certificate, inflating tau by at most MAX_INFLATION.

    Phase 2 asks the solver for the dual point with the largest smallest eigenvalue of ``S`` at
    ``tau (1 + rel)``; its multipliers are rounded to rationals, the linear identity is restored
    exactly, and ``S`` is factored exactly.  A float eigenvalue test skips roundings that cannot
    pass; the inflation goes from 2e-8 straight to 9e-7 when the first one has no margin (and
    starts at 9e-7 when the initial condition has no Gram part).  When the full problem gives no
    margin (the solver's accuracy, ~1e-9, exceeds it), the same is tried on the problem without the
    constraints whose phase-1 multiplier is negligible: a certificate that uses fewer
    inequalities is still a certificate (their multipliers are 0).
    """
    import dataclasses

    import numpy as np

    rels = (2e-8, 9e-7) if P.constraints[0].terms else (9e-7,)
    found = _attempt(P, num.tau, rels, scale)
    if found is not None:
        return found
    lam1 = np.asarray(num.lam)
    top = float(np.max(lam1)) if lam1.size else 0.0
    keep = [i for i, l in enumerate(lam1) if i == 0 or l > 1e-6 * top]
    if len(keep) == len(P.constraints):
        return None
    P2 = dataclasses.replace(P, constraints=tuple(P.constraints[i] for i in keep))
    found = _attempt(P2, num.tau, (2e-8, 9e-7), scale)
    if found is None:
        return None
    lam2, w, tau, fac = found
    lam = [Fraction(0)] * len(P.constraints)
    for i, l in zip(keep, lam2):
        lam[i] = l
    return lam, w, tau, fac


def _attempt(P: _Problem, tau1: float, rels: Sequence[float], scale: Any = None):
    import numpy as np

    m = len(P.constraints)
    As = _constraint_matrices(P)
    for rel in rels:
        cap = tau1 * (1 + rel)
        sec = _solve(P, margin_cap=cap, scale=scale)
        if "Solved" not in sec.status or not np.all(np.isfinite(sec.lam)):
            continue
        vals = np.concatenate([sec.lam, sec.w])
        top = float(np.max(np.abs(vals))) or 1.0
        v = [Fraction(0) if x <= 1e-11 * top else _to_frac(float(x), 10**12) for x in vals]
        v = _restore_identity(P, v)
        if v is None:
            _DEBUG.append(("restore", rel))
            continue
        lam, w = v[:m], v[m:]
        Sf = np.tensordot(np.array([float(x) for x in lam]), As, axes=1)
        for wk, (a, A) in zip(w, P.measures):
            for (i, j), val in A.items():
                Sf[i, j] -= float(wk) * float(val)
        if scale is not None:
            dsc = np.asarray(scale, dtype=float)
            Sf = dsc[:, None] * Sf * dsc[None, :]
        ev = np.linalg.eigvalsh(Sf)
        if ev[0] < -1e-12 * max(1.0, abs(ev[-1])):
            _DEBUG.append(("eig", rel, float(ev[0])))
            continue
        tau = sum((l * con.b for l, con in zip(lam, P.constraints)), Fraction(0))
        if tau > Fraction(tau1) * (1 + MAX_INFLATION) + Fraction(1, 10**14):
            continue
        S = _residual_gram(P, lam, w)
        fac = _ldl(S)
        if fac is not None:
            return lam, w, tau, fac
        _DEBUG.append(("ldl", rel))
    return None


# ============================================================================ results


def _fr(x: Fraction) -> str:
    return str(x)


def _scaling(cls: FunctionClass, initial: str, measure: str) -> str:
    """What multiplies tau in the bound (homogeneity), given ``init <= R^2`` (or ``D``, ``G^2``)."""
    if cls.kind == "convex_lipschitz":
        if initial != "dist":
            return "(at the given M)"
        m = "M " if cls.symbolic else ""
        return {"f": f"{m}R", "min_f": f"{m}R", "dist": "R^2", "grad": "M^2" if m else "", "min_grad": "M^2" if m else ""}[measure]
    if cls.kind == "convex":
        return "R^2" if initial == "dist" else ""
    init = {"dist": "R^2", "f": "D", "f+mu/2*dist": "D", "grad": "G^2"}[initial]
    if not cls.symbolic:
        return init
    dims = {"dist": 0, "f": 1, "grad": 2, "min_f": 1, "min_grad": 2}  # powers of L relative to ||x||^2
    ini = {"dist": 0, "f": 1, "f+mu/2*dist": 1, "grad": 2}[initial]
    p = dims[measure] - ini
    Lp = {0: "", 1: "L ", 2: "L^2 ", -1: "L^-1 ", -2: "L^-2 "}[p]
    return f"{Lp}{init}".strip()


@dataclass(frozen=True)
class PEPCertificate:
    r"""An exact proof that ``measure <= tau * init`` for every function of the class.

    The identity behind it (checked by :meth:`check`, exactly, after rebuilding
    the PEP from the method and the class):

    .. math::
        \sum_c \lambda_c (b_c - a_c\cdot F - \langle A_c, G\rangle)
        + \sum_k w_k\, m_k(G, F) + \langle S, G\rangle = \sum_c \lambda_c b_c = \tau

    with :math:`S = L D L^\top`, :math:`D \ge 0`, :math:`\lambda, w \ge 0`,
    :math:`\sum w = 1`; the constraints ``c`` are the initial condition
    (:math:`b = 1`) and the interpolation inequalities.

    Attributes:
        method, cls, N, initial, measure: the question (the PEP is rebuilt from them).
        tau: the proved bound (at normalised parameters; see ``scaling``).
        multipliers: ``(label, lambda)`` per constraint, in the PEP's order.
        weights: the measure weights ``w`` (one unless the measure is a best iterate).
        L, D: the exact factor of the residual Gram matrix ``S``.
    """

    method: Method
    cls: FunctionClass
    N: int
    initial: str
    measure: str
    tau: Fraction
    multipliers: tuple
    weights: tuple
    L: tuple = field(repr=False)
    D: tuple = field(repr=False)

    def __repr__(self) -> str:
        return f"PEPCertificate({self.method.name}, N={self.N}: {self.measure} <= {self.tau} * {self.initial}, {len(self.multipliers)} multipliers)"

    def check(self) -> bool:
        """Re-verify in exact rational arithmetic (no solver, no floats): True iff the certificate proves the bound."""
        try:
            P = _build(self.method, self.cls, self.N, self.initial, self.measure)
        except SymoptError:
            return False
        if len(self.multipliers) != len(P.constraints) or len(self.weights) != len(P.measures):
            return False
        lam = []
        for (label, v), con in zip(self.multipliers, P.constraints):
            if label != con.label or not isinstance(v, Fraction) or v < 0:
                return False
            lam.append(v)
        w = list(self.weights)
        if any(not isinstance(x, Fraction) or x < 0 for x in w):
            return False
        if any(_linear_residual(P, lam, w)):
            return False
        if sum((l * con.b for l, con in zip(lam, P.constraints)), Fraction(0)) != self.tau:
            return False
        S = _residual_gram(P, lam, w)
        return _ldl_reproduces(S, [list(r) for r in self.L], list(self.D))

    def to_dict(self) -> dict:
        """JSON-ready: every number as an exact fraction string."""
        return {
            "method": self.method.name, "N": self.N, "initial": self.initial, "measure": self.measure,
            "tau": _fr(self.tau),
            "multipliers": [[lab, _fr(v)] for lab, v in self.multipliers if v],
            "weights": [_fr(v) for v in self.weights],
            "pivots": [_fr(d) for d in self.D],
        }


@dataclass(frozen=True)
class TightFunction:
    r"""A one-dimensional function of the class on which the method attains the worst case.

    Built from the solver's worst case (a rank-one Gram matrix): the data
    :math:`(x_i, g_i, f_i)` are interpolated by the smooth (strongly) convex
    interpolant of Taylor et al. (2017) (the conjugate of a maximum of
    quadratics), which in one dimension is the piecewise quadratic

    .. math:: f(x) = \tfrac{L}{2}x^2 + c_1 x + c_0 - \tfrac{L-\mu}{2}\sum_k
        \big[(x-l_k)_+^2 - (x-r_k)_+^2\big]

    (curvature :math:`\mu` on each :math:`[l_k, r_k]`, :math:`L` elsewhere).

    Attributes:
        text: the function in symopt's expression language (variable ``x``).
        x0: the start.
        value: the measure the method reaches on it (float, replayed here).
        points: the worst-case iterates ``x_i`` (floats).
    """

    text: str
    x0: float
    value: float
    points: tuple
    L: float = 1.0
    mu: float = 0.0
    pieces: tuple = field(default=(), repr=False)
    coef: tuple = field(default=(), repr=False)

    def __repr__(self) -> str:
        from . import display

        return display.short_repr("TightFunction", display.shorten(self.text, 60), x0=round(self.x0, 6), value=self.value)

    def __call__(self, x: Any) -> Any:
        """``f(x)`` (NumPy, elementwise)."""
        import numpy as np

        x = np.asarray(x, dtype=float)
        a2, c1, c0 = self.coef
        out = a2 * x**2 + c1 * x + c0
        for l, r in self.pieces:
            out = out - (self.L - self.mu) / 2 * (np.maximum(0, x - l) ** 2 - np.maximum(0, x - r) ** 2)
        return out

    def objective(self):
        """The function as a :class:`symopt.Objective` (for symopt.optimizers)."""
        from .objective import Objective

        return Objective(self.text, variables="x")


def _tight_1d(P: _Problem, num: _Numeric, cls: FunctionClass) -> tuple[TightFunction | None, str]:
    import numpy as np

    if not cls.kind.startswith("smooth"):
        return None, "a tight function is built for the smooth classes"
    ev, V = np.linalg.eigh(num.G)
    if ev[-1] <= 0:
        return None, "the worst-case Gram matrix is zero"
    if ev[-2] > 1e-6 * ev[-1]:
        return None, f"the solver's worst case has rank > 1 (eigenvalues {ev[-1]:.3g}, {ev[-2]:.3g}): no 1-D tight function"
    c = V[:, -1] * math.sqrt(ev[-1])
    if c[0] < 0:
        c = -c
    L, mu, _ = cls.numbers()
    Lf, muf = float(L), float(mu)
    pts = [(0.0, 0.0, 0.0)]
    for (x, g, f) in P.points:
        xv = sum(float(v) * c[k] for k, v in x.c.items())
        gv = sum(float(v) * c[k] for k, v in g.c.items())
        fv = sum(float(v) * num.F[k] for k, v in f.c.items())
        pts.append((xv, gv, fv))
    Lh = Lf - muf
    # h = f - mu/2 x^2 is Lh-smooth convex; h*(y) = y^2/(2 Lh) + max_i (a_i y + b_i)
    lines = [(x - (g - muf * x) / Lh, -(f - muf / 2 * x * x) + (g - muf * x) ** 2 / (2 * Lh)) for x, g, f in pts]
    lines.sort()
    env: list[tuple[float, float]] = []  # upper envelope of lines by increasing slope
    for a, b in lines:
        if env and abs(env[-1][0] - a) <= 1e-12 * max(1.0, abs(a)):
            if b <= env[-1][1]:
                continue
            env.pop()
        while len(env) >= 2:
            (a1, b1), (a2, b2) = env[-2], env[-1]
            # line 2 is useless if the intersection of 1 and 3 is left of that of 1 and 2
            if (b - b1) * (a2 - a1) >= (b2 - b1) * (a - a1):
                env.pop()
            else:
                break
        env.append((a, b))
    pieces: list[tuple[float, float]] = []
    for (a1, b1), (a2, b2) in zip(env, env[1:]):
        y = (b1 - b2) / (a2 - a1)  # breakpoint of phi
        l, r = float(y / Lh + a1), float(y / Lh + a2)
        if r - l <= 1e-12:
            continue
        if pieces and l - pieces[-1][1] <= 1e-7 * max(1.0, abs(l)):
            pieces[-1] = (pieces[-1][0], r)  # touching pieces: one (rounding of the solver's data)
        else:
            pieces.append((l, r))

    def hprime_and_value(x: float) -> tuple[float, float]:
        best, arg = -math.inf, 0.0
        cands = []
        for (a1, b1), (a2, b2) in zip(env, env[1:]):
            cands.append((b1 - b2) / (a2 - a1))
        for a, b in env:
            cands.append(Lh * (x - a))
        for y in cands:
            val = x * y - y * y / (2 * Lh) - max(a * y + b for a, b in env)
            if val > best:
                best, arg = val, y
        return arg, best

    # h(x) = Lh/2 x^2 + c1 x + c0 - Lh/2 sum[(x-l)_+^2 - (x-r)_+^2]; fix c1, c0 far left of every piece
    xl = min([p[0] for p in pieces] + [q[0] for q in pts]) - 1.0
    hp, hv = hprime_and_value(xl)
    c1 = hp - Lh * xl
    c0 = hv - Lh / 2 * xl * xl - c1 * xl
    c1, c0, a2 = float(c1), float(c0), Lf / 2
    terms = [f"{a2!r}*x**2", f"{c1!r}*x", f"{c0!r}"]
    half = (Lf - muf) / 2
    for l, r in pieces:
        terms.append(f"-{half!r}*(max(0, x - ({l!r}))**2 - max(0, x - ({r!r}))**2)")
    text = " + ".join(terms).replace("+ -", "- ")
    tf = TightFunction(text, float(pts[1][0]) if P.points else 0.0, math.nan, tuple(p[0] for p in pts[1:]), Lf, muf,
                       tuple(pieces), (a2, c1, c0))
    return tf, ""


def _replay(P: _Problem, fn: Callable[[float], float], dfn: Callable[[float], float], x0: float) -> float:
    """Run the traced method numerically on a 1-D function; the measure it reaches (NaN for implicit steps)."""
    c = {0: x0}
    fs = []
    for (x, g, f) in P.points:
        (k,) = g.c.keys()
        if k in x.c:  # implicit (proximal) step: not replayed
            return math.nan
        xv = sum(float(v) * c[i] for i, v in x.c.items())
        c[k] = dfn(xv)
        fs.append(fn(xv))
    vals = []
    for a, A in P.measures:
        vals.append(sum(float(v) * fs[j] for j, v in a.items()) + sum(float(v) * c[i] * c[j] for (i, j), v in A.items()))
    return min(vals)


@dataclass(frozen=True)
class PEPResult:
    r"""The worst case of a method over a class, with its proof and a tight function.

    Attributes:
        method, cls, N, initial, measure: the question.
        status: ``"proved"`` (an exact certificate that checks) or ``"unknown"`` (``reason`` says why).
        tau: the proved bound (a Fraction), or None.
        numeric: the solver's worst case (float).
        certificate: the :class:`PEPCertificate`, or None.
        scaling: the homogeneity law: the bound is ``tau * scaling`` (e.g. ``"L R^2"``).
        tight: a :class:`TightFunction` attaining the worst case, or None (``tight_reason``).
        rounded: irrational method coefficients that were rounded (the proof is for the rounded method).
        seconds: wall time (solve + certificate).
    """

    method: Method
    cls: FunctionClass
    N: int
    initial: str
    measure: str
    status: str
    tau: Fraction | None
    numeric: float
    certificate: PEPCertificate | None = field(repr=False)
    scaling: str = ""
    tight: TightFunction | None = field(default=None, repr=False)
    tight_reason: str = ""
    reason: str = ""
    rounded: tuple = ()
    seconds: float = 0.0

    def __repr__(self) -> str:
        from . import display

        bound = f"{self.measure} <= {self.tau} {self.scaling}" if self.tau is not None else f"~{self.numeric:.6g}"
        return display.short_repr("PEPResult", f"{self.method.name} N={self.N}: {self.status}", bound=bound)

    def __bool__(self) -> bool:
        raise TypeError("a PEPResult has no truth value: use .status or .check()")

    def check(self) -> bool:
        """Re-verify the certificate exactly (no solver); False when there is none."""
        return self.certificate is not None and self.certificate.check()

    @property
    def statement(self) -> str:
        """The proved inequality in words."""
        lhs = {"f": "f(x_N) - f*", "grad": "||grad f(x_N)||^2", "dist": "||x_N - x*||^2",
               "min_f": "min_k f(x_k) - f*", "min_grad": "min_k ||grad f(x_k)||^2"}[self.measure]
        hyp = {"dist": "||x_0 - x*||^2 <= R^2", "f": "f(x_0) - f* <= D",
               "f+mu/2*dist": "f(x_0) - f* + mu/2 ||x_0 - x*||^2 <= D", "grad": "||grad f(x_0)||^2 <= G^2"}[self.initial]
        if self.tau is None:
            return f"unknown: {self.reason}"
        if isinstance(self.cls, tuple):
            lhs = lhs.replace("f(x_N) - f*", "F(x_N) - F*").replace("f(x_0) - f*", "F(x_0) - F*")
            hyp = hyp.replace("f(x_0) - f*", "F(x_0) - F*")
            return (f"{lhs} <= {self.tau} {self.scaling} whenever {hyp}, for every F = f + h with f in "
                    f"{self.cls[0]!r} and h in {self.cls[1]!r}")
        return f"{lhs} <= {self.tau} {self.scaling} whenever {hyp}, for every f in {self.cls!r}"

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {
            "method": self.method.name, "params": {k: str(v) for k, v in self.method.params},
            "class": repr(self.cls), "N": self.N, "initial": self.initial, "measure": self.measure,
            "status": self.status, "tau": None if self.tau is None else str(self.tau),
            "tau_float": None if self.tau is None else float(self.tau), "numeric": self.numeric,
            "scaling": self.scaling, "statement": self.statement, "reason": self.reason,
            "rounded": list(self.rounded), "tight_function": None if self.tight is None else self.tight.text,
            "certificate": None if self.certificate is None else self.certificate.to_dict(),
        }

    def refutes(self, claimed: Any) -> bool:
        """Whether the tight function refutes a claimed smaller bound ``measure <= claimed * init`` (numerically)."""
        if self.tight is None:
            raise UnsupportedError(f"no tight function: {self.tight_reason}")
        return self.tight.value > float(_frac(claimed, "claimed bound")[0]) * (1 + 1e-7)

    def _repr_html_(self) -> str:
        from . import display

        rows = {"method": repr(self.method), "class": repr(self.cls), "N": self.N, "status": self.status,
                "bound": self.statement, "numeric worst case": self.numeric,
                "tight function": self.tight.text if self.tight else self.tight_reason}
        return display.html_fields(rows, title="Performance estimation", notes=[self.reason] if self.reason else [])


def worst_case(meth: Method | str, cls: FunctionClass | str, N: int, *, initial: str = "dist", measure: str = "f",
               certify: bool = True, tight: bool = True, **params: Any) -> PEPResult:
    r"""The exact worst case of ``meth`` after ``N`` steps over ``cls``, with an exact certificate.

    Args:
        meth: a :class:`Method` (``gd(1)``, ``heavy_ball(...)``, ``from_rule(...)``) or a name.
        cls: a :class:`FunctionClass` or a name (with ``L``/``mu``/``M`` in ``params``).
        N: the number of steps.
        initial: ``"dist"`` (:math:`\|x_0-x_\star\|^2 \le R^2`), ``"f"`` (:math:`f(x_0)-f_\star \le D`),
            ``"f+mu/2*dist"`` or ``"grad"``.
        measure: ``"f"``, ``"grad"``, ``"dist"``, ``"min_f"`` (best iterate) or ``"min_grad"``.
        certify: build the exact certificate (default True).
        tight: build a tight 1-D function when the worst case is one-dimensional.
        **params: method parameters (when ``meth`` is a name) and class parameters ``L``, ``mu``, ``M``.

    Returns:
        PEPResult: ``proved`` with ``tau`` (a Fraction) when the certificate checks; else ``unknown``.

    Raises:
        UnsupportedError: no SDP solver installed (``pip install symopt[pep]``), an unknown
            method / class / measure, or a method that is not linear.
        ParameterError: bad parameters.
    """
    start = time.perf_counter()
    cparams = {k: params.pop(k) for k in ("L", "mu", "M") if k in params}
    if isinstance(cls, str):
        cls = function_class(cls, **cparams)
    elif cparams:
        raise ParameterError("L, mu, M belong to the class; give them to the class constructor")
    if isinstance(meth, str):
        meth = method(meth, **params)
    elif params:
        raise ParameterError(f"unexpected keyword(s) {', '.join(params)} with a Method object")
    if isinstance(cls, list):
        cls = tuple(cls)
    if not isinstance(meth, Method) or not (isinstance(cls, FunctionClass) or isinstance(cls, tuple)):
        raise ParameterError("worst_case(method, class, N): give a Method and a FunctionClass (or their names)")
    P = _build(meth, cls, N, initial, measure)
    _solver()
    num = _solve(P)
    scaling = _scaling(cls, initial, measure) if isinstance(cls, FunctionClass) else {"dist": "R^2", "f": "D"}.get(initial, "")
    if "Solved" not in num.status:
        reason = {"PrimalInfeasible": "the worst case is unbounded: no multipliers prove any bound (the dual SDP is infeasible)",
                  "DualInfeasible": "the SDP is unbounded below (an inconsistent problem)",
                  "MaxTime": f"the SDP solver ran out of its {SOLVER_SECONDS:.0f} s"}.get(num.status, f"the SDP solver stopped: {num.status}")
        return PEPResult(meth, cls, N, initial, measure, "unknown", None, math.inf if num.status == "PrimalInfeasible" else math.nan,
                         None, scaling, None, "", reason, P.rounded, time.perf_counter() - start)
    cert = None
    reason = ""
    tau = None
    if certify:
        ex = _exact_certificate(P, num)
        if ex is None:
            # rescale the Gram basis by the worst case's own magnitudes (d_i = 1/sqrt(G_ii)): contractive
            # methods meet gradients many orders smaller than x0 - x*, which costs the solver its accuracy
            import numpy as np

            dg = np.clip(np.diag(num.G), 1e-14 * max(float(np.max(np.diag(num.G))), 1e-300), None)
            d = 2.0 ** np.round(-0.5 * np.log2(dg))
            num_s = _solve(P, scale=d)
            if "Solved" in num_s.status:
                ex = _exact_certificate(P, num_s, scale=d)
                if ex is not None:
                    num = num_s
        if ex is None:
            reason = "no exact certificate within 1e-6 of the numeric worst case (rounding the dual did not give a PSD residual)"
        else:
            lam, w, tau, (Lf, Df) = ex
            cert = PEPCertificate(meth, cls, N, initial, measure, tau,
                                  tuple((con.label, l) for con, l in zip(P.constraints, lam)), tuple(w),
                                  tuple(tuple(r) for r in Lf), tuple(Df))
    else:
        reason = "certify=False: numeric worst case only"
    tf, treason = (None, "tight=False")
    if tight:
        tf, treason = _tight_1d(P, num, cls) if isinstance(cls, FunctionClass) else (None, "no tight function for composite problems")
        if tf is not None:
            val = _replay(P, tf.__call__, lambda x: float(_tf_grad(tf, x)), tf.x0)
            tf = TightFunction(tf.text, tf.x0, val, tf.points, tf.L, tf.mu, tf.pieces, tf.coef)
    status = "proved" if cert is not None else "unknown"
    return PEPResult(meth, cls, N, initial, measure, status, tau, num.tau, cert, scaling, tf, treason, reason,
                     P.rounded, time.perf_counter() - start)


def _tf_grad(tf: TightFunction, x: float) -> float:
    a2, c1, c0 = tf.coef
    d = 2 * a2 * x + c1
    for l, r in tf.pieces:
        d -= (tf.L - tf.mu) * (max(0.0, x - l) - max(0.0, x - r))
    return d


# ============================================================================ linear rates (Lyapunov)


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


LYAPUNOV_FORMS = ("state", "state+grad")


def _build_step(meth: Method, cls: FunctionClass, form: str = "state") -> _StepProblem:
    if meth.stationary is None:
        raise UnsupportedError(f"{meth.name} is not stationary (its coefficients change with k): no one-step Lyapunov analysis")
    if cls.kind != "smooth_strongly_convex":
        raise UnsupportedError("linear rates are certified on the smooth strongly convex class (mu > 0)")
    L, mu, M = cls.numbers()
    s, one = meth.stationary
    t = _Tracer(cls, nstate=s)
    state = tuple(_V({i: Fraction(1)}) for i in range(s))
    if form not in LYAPUNOV_FORMS:
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


def _step_S(Q: _StepProblem, rho2: Fraction, lam, p) -> list[list[Fraction]]:
    n = Q.ng
    S = [[Fraction(0)] * n for _ in range(n)]
    for l, con in zip(lam, Q.constraints):
        if l:
            for (i, j), v in con.A.items():
                S[i][j] += l * v
    for pv, A, A1 in zip(p, Q.vk, Q.vk1):
        if pv:
            for (i, j), v in A.items():
                S[i][j] += rho2 * pv * v
            for (i, j), v in A1.items():
                S[i][j] -= pv * v
    return S


def _step_columns(Q: _StepProblem, rho2: Fraction):
    """Exact linear conditions on ``v = (lam, p, c)``: F-coefficients 0, ``c + trace P = 1``, zero rows of S."""
    m, npairs = len(Q.constraints), len(Q.pairs)
    touched = set()
    for con in Q.constraints:
        touched.update(i for (i, j) in con.A if i == j)
    for A in Q.vk + Q.vk1:
        touched.update(i for (i, j) in A if i == j)
    zero = {i for i in range(Q.ng) if i not in touched}

    def zero_rows(A: Mapping, scale: Fraction, col: dict) -> None:
        for (i, j), v in A.items():
            if i in zero and i <= j or j in zero and j < i:
                key = ("S", min(i, j), max(i, j))
                col[key] = col.get(key, 0) + scale * v

    cols: dict[int, dict] = {}
    for c, con in enumerate(Q.constraints):
        col = dict(con.a)
        zero_rows(con.A, Fraction(1), col)
        cols[c] = col
    for k, (a, b) in enumerate(Q.pairs):
        col = {"norm": Fraction(1)} if a == b else {}
        zero_rows(Q.vk[k], rho2, col)
        zero_rows(Q.vk1[k], Fraction(-1), col)
        cols[m + k] = col
    col = {"norm": Fraction(1)}
    for j, v in Q.fk.items():
        col[j] = col.get(j, 0) + rho2 * v
    for j, v in Q.fk1.items():
        col[j] = col.get(j, 0) - v
    cols[m + npairs] = col
    return cols, {"norm": Fraction(1)}, zero


def _solve_step(Q: _StepProblem, rho2: float):
    """Maximise the margin t: S - t I' >= 0, P - t I >= 0 (feasible with margin iff t > 0)."""
    import numpy as np
    import scipy.sparse as sps

    clarabel = _solver()
    cols_exact, rhs, zero = _step_columns(Q, Fraction(rho2))
    m, npairs = len(Q.constraints), len(Q.pairs)
    nv = m + npairs + 2  # lam, p, c, t
    it = nv - 1
    rows, cols, vals = [], [], []
    b_parts = []
    # equalities: F rows and norm
    eq_rows = list(range(Q.nf)) + ["norm"]
    for c in range(m):
        for j, v in Q.constraints[c].a.items():
            rows.append(j), cols.append(c), vals.append(float(v))
    for k, (a, b) in enumerate(Q.pairs):
        if a == b:
            rows.append(Q.nf), cols.append(m + k), vals.append(1.0)
    rows.append(Q.nf), cols.append(m + npairs), vals.append(1.0)
    for j, v in Q.fk.items():
        rows.append(j), cols.append(m + npairs), vals.append(rho2 * float(v))
    for j, v in Q.fk1.items():
        rows.append(j), cols.append(m + npairs), vals.append(-float(v))
    beq = np.zeros(len(eq_rows))
    beq[Q.nf] = 1.0
    b_parts.append(beq)
    off = len(eq_rows)
    nonneg = list(range(m)) + [m + npairs]
    for r, c in enumerate(nonneg):
        rows.append(off + r), cols.append(c), vals.append(-1.0)
    rows.append(off + len(nonneg)), cols.append(it), vals.append(1.0)
    b_parts.append(np.concatenate([np.zeros(len(nonneg)), [1.0]]))
    off += len(nonneg) + 1
    sv = _svec_index(Q.ng)
    r2 = math.sqrt(2.0)

    def put(col: int, A: Mapping, scale: float) -> None:
        for (i, j), v in A.items():
            if i <= j:
                rows.append(off + sv[(i, j)]), cols.append(col), vals.append(-scale * float(v) * (1.0 if i == j else r2))

    for c, con in enumerate(Q.constraints):
        put(c, con.A, 1.0)
    for k in range(npairs):
        put(m + k, Q.vk[k], rho2)
        put(m + k, Q.vk1[k], -1.0)
    for i in range(Q.ng):
        if i not in zero:
            rows.append(off + sv[(i, i)]), cols.append(it), vals.append(1.0)
    b_parts.append(np.zeros(len(sv)))
    off += len(sv)
    svP = _svec_index(Q.s)
    for k, (a, b) in enumerate(Q.pairs):
        rows.append(off + svP[(a, b)]), cols.append(m + k), vals.append(-(1.0 if a == b else r2))
    for a in range(Q.s):
        rows.append(off + svP[(a, a)]), cols.append(it), vals.append(1.0)
    b_parts.append(np.zeros(len(svP)))
    off += len(svP)
    A = sps.csc_matrix((vals, (rows, cols)), shape=(off, nv))
    q = np.zeros(nv)
    q[it] = -1.0
    cones = [clarabel.ZeroConeT(len(eq_rows)), clarabel.NonnegativeConeT(len(nonneg) + 1),
             clarabel.PSDTriangleConeT(Q.ng), clarabel.PSDTriangleConeT(Q.s)]
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.max_iter = 200
    settings.time_limit = SOLVER_SECONDS
    sol = clarabel.DefaultSolver(sps.csc_matrix((nv, nv)), q, A, np.concatenate(b_parts), cones, settings).solve()
    x = np.array(sol.x)
    ok = "Solved" in str(sol.status)
    return ok, (float(x[it]) if ok else -math.inf), x


def _step_certificate(Q: _StepProblem, rho2: Fraction):
    """An exact Lyapunov certificate at ``rho2`` (rational), or None."""
    import numpy as np

    ok, tmargin, x = _solve_step(Q, float(rho2))
    if not ok or tmargin <= 1e-10:
        return None
    m, npairs = len(Q.constraints), len(Q.pairs)
    cols, rhs, zero = _step_columns(Q, rho2)
    top = float(np.max(np.abs(x[:m + npairs + 1]))) or 1.0
    for Qd in (10**12, 10**15):
        v = []
        for k, xv in enumerate(x[:m + npairs + 1]):
            nonneg = k < m or k == m + npairs
            v.append(Fraction(0) if (nonneg and xv <= 1e-11 * top) else _to_frac(float(xv), Qd))
        adjustable = list(range(m)) + [m + npairs]
        v = _restore(cols, rhs, v, adjustable)
        if v is None:
            continue
        lam, p, c = v[:m], v[m:m + npairs], v[m + npairs]
        S = _step_S(Q, rho2, lam, p)
        Pm = _P_matrix(Q, p)
        fs, fp = _ldl(S), _ldl(Pm)
        if fs is not None and fp is not None:
            return lam, p, c, fs, fp
    return None


def _P_matrix(Q: _StepProblem, p) -> list[list[Fraction]]:
    P = [[Fraction(0)] * Q.s for _ in range(Q.s)]
    for (a, b), v in zip(Q.pairs, p):
        P[a][b] = P[b][a] = v
    return P


@dataclass(frozen=True)
class LyapunovCertificate:
    r"""An exact proof of :math:`V(\xi_{k+1}) \le \rho^2 V(\xi_k)` for every function of the class.

    :math:`V(\xi) = \xi^\top P \xi + c\,(f(x_k) - f_\star)` with the state
    :math:`\xi_k` (e.g. :math:`(x_k - x_\star, x_{k-1} - x_\star)`), :math:`P = L_P D_P L_P^\top \succeq 0`,
    :math:`c \ge 0`, :math:`c + \mathrm{tr} P = 1`, and the identity
    :math:`\rho^2 V_k - V_{k+1} + \sum \lambda_{ij} c_{ij} = \langle S, G\rangle`, :math:`S = L_S D_S L_S^\top`.
    """

    method: Method
    cls: FunctionClass
    rho2: Fraction
    multipliers: tuple
    P: tuple
    c: Fraction
    form: str
    LS: tuple = field(repr=False)
    DS: tuple = field(repr=False)
    LP: tuple = field(repr=False)
    DP: tuple = field(repr=False)

    def __repr__(self) -> str:
        return f"LyapunovCertificate({self.method.name}: V_(k+1) <= {self.rho2} V_k)"

    def check(self) -> bool:
        """Re-verify exactly (Fractions only, no solver)."""
        try:
            Q = _build_step(self.method, self.cls, self.form)
        except SymoptError:
            return False
        if len(self.multipliers) != len(Q.constraints):
            return False
        lam = []
        for (label, v), con in zip(self.multipliers, Q.constraints):
            if label != con.label or not isinstance(v, Fraction) or v < 0:
                return False
            lam.append(v)
        if not isinstance(self.c, Fraction) or self.c < 0 or not isinstance(self.rho2, Fraction) or self.rho2 < 0:
            return False
        P = [list(r) for r in self.P]
        if len(P) != Q.s or any(P[a][b] != P[b][a] for a in range(Q.s) for b in range(Q.s)):
            return False
        p = [P[a][b] for a, b in Q.pairs]
        cols, rhs, _ = _step_columns(Q, self.rho2)
        v = lam + p + [self.c]
        total: dict = {}
        for j, col in cols.items():
            for row, val in col.items():
                total[row] = total.get(row, 0) + val * v[j]
        for row in set(total) | set(rhs):
            if isinstance(row, tuple):
                continue  # zero rows of S are re-checked by the factorisation below
            if total.get(row, 0) != rhs.get(row, 0):
                return False
        S = _step_S(Q, self.rho2, lam, p)
        return (_ldl_reproduces(S, [list(r) for r in self.LS], list(self.DS))
                and _ldl_reproduces(P, [list(r) for r in self.LP], list(self.DP)))


@dataclass(frozen=True)
class LyapunovResult:
    """The smallest linear rate a quadratic Lyapunov function certifies, and its exact proof.

    Attributes:
        method, cls: the question.
        status: ``"proved"`` (a certificate at ``rho``) or ``"unknown"`` (``reason``: e.g. no rho < 1).
        rho: the certified rate (float; ``rho2`` is exact), or None.
        rho2: ``rho^2`` as a Fraction: ``V_{k+1} <= rho2 V_k``.
        rho_numeric: the bisection's smallest feasible rho (float).
        certificate: the :class:`LyapunovCertificate`.
        consequence: what the certificate implies for the iterates.
    """

    method: Method
    cls: FunctionClass
    status: str
    rho: float | None
    rho2: Fraction | None
    rho_numeric: float | None
    certificate: LyapunovCertificate | None = field(repr=False)
    reason: str = ""
    consequence: str = ""
    rounded: tuple = ()
    form: str = ""

    def __repr__(self) -> str:
        from . import display

        return display.short_repr("LyapunovResult", f"{self.method.name}: {self.status}",
                                  rho=None if self.rho is None else round(self.rho, 8), note=self.reason or None)

    def check(self) -> bool:
        """Re-verify the exact certificate; False when there is none."""
        return self.certificate is not None and self.certificate.check()

    def _repr_html_(self) -> str:
        from . import display

        rows = {"method": repr(self.method), "class": repr(self.cls), "status": self.status,
                "rho": self.rho, "rho^2 (exact)": self.rho2, "Lyapunov form": self.form,
                "consequence": self.consequence or self.reason}
        return display.html_fields(rows, title="Linear rate (Lyapunov certificate)")

    def to_dict(self) -> dict:
        return {"method": self.method.name, "class": repr(self.cls), "status": self.status, "rho": self.rho,
                "rho2": None if self.rho2 is None else str(self.rho2), "rho_numeric": self.rho_numeric,
                "reason": self.reason, "consequence": self.consequence, "rounded": list(self.rounded),
                "lyapunov": self.form}


def linear_rate(meth: Method | str, cls: FunctionClass | str, *, tol: float = 1e-6, lyapunov: str = "auto",
                **params: Any) -> LyapunovResult:
    r"""The smallest :math:`\rho` a quadratic Lyapunov function certifies, with an exact certificate.

    Lyapunov functions (Taylor, Van Scoy and Lessard 2018; the IQC view of Lessard,
    Recht and Packard 2016), ``lyapunov=``:

    * ``"state"``: :math:`V = \xi^\top P\xi + c\,(f(x_k) - f_\star)` over the method's state
      :math:`\xi_k` (e.g. :math:`(x_k - x_\star, x_{k-1} - x_\star)`);
    * ``"state+grad"``: :math:`V = (\xi, \nabla f(y_k))^\top P (\xi, \nabla f(y_k)) + c\,(f(y_k) - f_\star)`
      with :math:`y_k` the step's first oracle point;
    * ``"auto"`` (default): both; the smaller certified rate is returned.

    :math:`P \succeq 0`, :math:`c \ge 0` (so :math:`V \ge 0`), :math:`c + \mathrm{tr}P = 1`.
    For a fixed :math:`\rho` the conditions are an LMI; bisection finds the smallest
    feasible :math:`\rho`, and an exact certificate is built at a rational
    :math:`\rho^2` slightly above it.

    Args:
        meth: a stationary method (``gd``, ``heavy_ball``, ``nesterov_strongly_convex``,
            ``triple_momentum``, a rule from :func:`from_rule`) or a name.
        cls: the smooth strongly convex class (or its name with ``mu``, ``L``).
        tol: bisection tolerance on :math:`\rho`.

    Returns:
        LyapunovResult: ``proved`` at ``rho`` or ``unknown`` with the reason (e.g. no
        :math:`\rho < 1` is certifiable by this Lyapunov class).
    """
    cparams = {k: params.pop(k) for k in ("L", "mu", "M") if k in params}
    if isinstance(cls, str):
        cls = function_class(cls, **cparams)
    if isinstance(meth, str):
        meth = method(meth, **params)
    forms = LYAPUNOV_FORMS if lyapunov == "auto" else (lyapunov,)
    best = None
    for form in forms:
        r = _linear_rate(meth, cls, tol, form)
        if best is None or (r.rho is not None and (best.rho is None or r.rho < best.rho)):
            best = r
    return best


def _linear_rate(meth: Method, cls: FunctionClass, tol: float, form: str) -> LyapunovResult:
    Q = _build_step(meth, cls, form)
    _solver()

    def feasible(rho: float) -> bool:
        ok, t, _ = _solve_step(Q, rho * rho)
        return ok and t > 1e-9

    hi = 1.0 - 1e-9
    if not feasible(hi):
        return LyapunovResult(meth, cls, "unknown", None, None, None, None,
                              "no rho < 1 is certifiable by the quadratic Lyapunov functions tried "
                              "(V = xi'P xi + c (f(x_k) - f*), and with grad f(y_k) in the quadratic form): "
                              "the LMI is infeasible at rho = 1", "", Q.rounded)
    lo = 0.0
    while hi - lo > tol:
        mid = (lo + hi) / 2
        if feasible(mid):
            hi = mid
        else:
            lo = mid
    for bump in (1e-6, 1e-5, 1e-4):
        rho2 = Fraction(hi * hi * (1 + bump)).limit_denominator(10**9)
        if rho2 >= 1:
            rho2 = Fraction(hi * hi).limit_denominator(10**9)
        ex = _step_certificate(Q, rho2)
        if ex is not None:
            lam, p, c, (LS, DS), (LP, DP) = ex
            cert = LyapunovCertificate(meth, cls, rho2, tuple((con.label, l) for con, l in zip(Q.constraints, lam)),
                                       tuple(tuple(r) for r in _P_matrix(Q, p)), c, form,
                                       tuple(tuple(r) for r in LS), tuple(DS), tuple(tuple(r) for r in LP), tuple(DP))
            where = "x_k" if form == "state" else "y_k"
            cons = (f"V_k <= ({rho2})^k V_0; with c = {float(c):.6g} > 0 and strong convexity, "
                    f"||{where} - x*||^2 <= (2 / (c mu)) rho^(2k) V_0") if c > 0 else \
                   f"V_k <= ({rho2})^k V_0 with V = xi' P xi (c = 0)"
            return LyapunovResult(meth, cls, "proved", math.sqrt(rho2), rho2, hi, cert, "", cons, Q.rounded, form)
    return LyapunovResult(meth, cls, "unknown", None, None, hi, None,
                          f"the bisection found rho ~ {hi:.8g} numerically but no exact certificate was built", "", Q.rounded, form)


# ============================================================================ closed forms in N


@dataclass(frozen=True)
class ClosedForm:
    """A rational function of N fitted to certified worst cases, checked at further N.

    Attributes:
        formula: the fitted ``tau(N)`` as a SymPy expression in ``N`` (or None).
        fitted: ``{N: tau_N}`` certified bounds used for the fit (Fractions).
        checked: ``{N: tau_N}`` certified bounds at further N, each within ``1e-6`` above ``formula(N)``.
        proved: what is a theorem (each N's certificate).
        conjecture: what is not (the formula for every N).
    """

    method: Method
    cls: FunctionClass
    formula: sp.Expr | None
    fitted: Mapping
    checked: Mapping
    proved: str
    conjecture: str
    status: str

    def __repr__(self) -> str:
        from . import display

        return display.short_repr("ClosedForm", f"{self.method.name}: {self.status}",
                                  formula=None if self.formula is None else str(self.formula))

    def _repr_latex_(self) -> str:
        from . import display

        return display.latex_block(self.formula if self.formula is not None else sp.Symbol("unknown"), label=r"\tau_N")

    def _repr_html_(self) -> str:
        from . import display

        rows = {"method": repr(self.method), "class": repr(self.cls), "formula": self.formula,
                "proved": self.proved, "conjecture": self.conjecture, "status": self.status}
        return display.html_fields(rows, title="Closed form in N")

    def to_dict(self) -> dict:
        return {"method": self.method.name, "class": repr(self.cls), "status": self.status,
                "formula": None if self.formula is None else str(self.formula),
                "fitted": {str(k): str(v) for k, v in self.fitted.items()},
                "checked": {str(k): str(v) for k, v in self.checked.items()},
                "proved": self.proved, "conjecture": self.conjecture}


def _fit_rational(points: Mapping[int, Fraction], max_degree: int = 2) -> sp.Expr | None:
    """The simplest ``p(N)/q(N)`` (degrees <= max_degree) through every point, exactly; None if none fits."""
    from .budget import run_with_budget

    Nsym = sp.Symbol("N", positive=True, integer=True)
    items = sorted(points.items())
    for total in range(0, 2 * max_degree + 1):
        for dq in range(0, min(total, max_degree) + 1):
            dp = total - dq
            if dp > max_degree or len(items) < dp + dq + 3:
                continue
            rows = []
            for n, t in items:
                tr = sp.Rational(t.numerator, t.denominator)
                rows.append([sp.Integer(n) ** k for k in range(dp + 1)] + [-tr * sp.Integer(n) ** k for k in range(dq + 1)])
            ns = run_with_budget(lambda: sp.Matrix(rows).nullspace(), step="pep-fit", seconds=5.0)
            if len(ns) != 1:
                continue
            v = ns[0]
            p = sum(v[k] * Nsym**k for k in range(dp + 1))
            q = sum(v[dp + 1 + k] * Nsym**k for k in range(dq + 1))
            if q == 0:
                continue
            expr = sp.factor(sp.cancel(p / q))
            if all(expr.subs(Nsym, n) == sp.Rational(t.numerator, t.denominator) for n, t in items):
                return expr
    return None


def closed_form(meth: Method | str, cls: FunctionClass | str, *, fit: Sequence[int] = (1, 2, 3, 4, 5, 6),
                check: Sequence[int] = (8, 10), initial: str = "dist", measure: str = "f", **params: Any) -> ClosedForm:
    r"""Fit a rational function of N to the certified worst cases, then test it at further N.

    For each N in ``fit`` symopt certifies :math:`\tau_N` (exactly) and reads the
    numeric worst case as a small rational (``limit_denominator(10**6)``, kept only
    when within 1e-9); the simplest :math:`p(N)/q(N)` through all of them is the
    conjecture.  At each N in ``check`` a fresh certificate must prove a bound within
    1e-6 (relative) above the formula.  *Proved*: the bound at each listed N.
    *Conjecture*: the formula for every N (no induction is attempted).

    Example: GD with step 1/L on convex L-smooth functions gives ``1/(4N + 2)``
    (Drori and Teboulle 2014), i.e. :math:`L R^2/(4N+2)`.
    """
    if isinstance(cls, str):
        cls = function_class(cls, **{k: params.pop(k) for k in ("L", "mu", "M") if k in params})
    if isinstance(meth, str):
        meth = method(meth, **params)
    fitted: dict[int, Fraction] = {}
    exact_pts: dict[int, Fraction] = {}
    for n in fit:
        r = worst_case(meth, cls, n, initial=initial, measure=measure, tight=False)
        if r.status != "proved":
            return ClosedForm(meth, cls, None, fitted, {}, "", "", f"unknown: N = {n}: {r.reason}")
        fitted[n] = r.tau
        guess = Fraction(r.numeric).limit_denominator(10**6)
        if abs(float(guess) - r.numeric) <= 1e-9 * max(1.0, abs(r.numeric)) and guess <= r.tau:
            exact_pts[n] = guess
    if len(exact_pts) < len(fit):
        return ClosedForm(meth, cls, None, fitted, {}, f"the bounds at N = {sorted(fitted)} (each certified)",
                          "", "no rational closed form: some worst cases are not small rationals")
    expr = _fit_rational(exact_pts)
    proved_at = f"measure <= tau_N * init for N in {sorted(fitted)}"
    if expr is None:
        return ClosedForm(meth, cls, None, fitted, {}, proved_at, "", "no rational function of degree <= 2 fits")
    Nsym = next(iter(expr.free_symbols)) if expr.free_symbols else sp.Symbol("N")
    checked: dict[int, Fraction] = {}
    for n in check:
        r = worst_case(meth, cls, n, initial=initial, measure=measure, tight=False)
        val = expr.subs(Nsym, n)
        fv = Fraction(int(sp.numer(val)), int(sp.denom(val)))
        if r.status != "proved" or not (fv * (1 - Fraction(1, 10**9)) <= r.tau <= fv * (1 + MAX_INFLATION)):
            return ClosedForm(meth, cls, expr, fitted, checked, proved_at,
                              f"tau_N = {expr} fitted on N in {sorted(fitted)}",
                              f"refuted at N = {n}: certified {float(r.tau) if r.tau else r.numeric} vs formula {float(fv)}")
        checked[n] = r.tau
    proved = (f"for N in {sorted(set(fitted) | set(checked))}: measure <= tau_N * init with an exact certificate, "
              f"tau_N within 1e-6 above {expr}")
    conj = f"tau_N = {expr} for every N (fitted on N in {sorted(fitted)}, confirmed at N in {sorted(checked)}; not proved for all N)"
    return ClosedForm(meth, cls, expr, fitted, checked, proved, conj, "conjecture")


def bound_property(result: PEPResult) -> Callable[[Callable[[Any], float], Callable[[Any], Any], Any], bool]:
    """A property for hypothesis tests: ``prop(f, grad, x0, x_star, f_star)`` runs the method on a 1-D
    (or n-D) function and checks ``measure <= tau * init`` (with a 1e-9 relative slack for floats).

    The bound is a theorem for every function of the class (``result.check()``); a sampled
    function that violates it is either outside the class or a bug in the code under test.
    """
    if result.tau is None:
        raise UnsupportedError(f"no certified bound to test: {result.reason}")
    P = _build(result.method, result.cls, result.N, result.initial, result.measure)
    tau = float(result.tau)

    def prop(f: Callable[[Any], float], grad: Callable[[Any], Any], x0: Any, x_star: Any = 0.0, f_star: float = 0.0) -> bool:
        import numpy as np

        x0 = np.asarray(x0, dtype=float)
        xs = np.asarray(x_star, dtype=float)
        c = {0: x0 - xs}
        fs = []
        for (x, g, fv) in P.points:
            (k,) = g.c.keys()
            if k in x.c:
                raise UnsupportedError("bound_property cannot replay implicit (proximal) steps")
            pt = sum((float(v) * c[i] for i, v in x.c.items()), np.zeros_like(x0)) + xs
            c[k] = np.asarray(grad(pt), dtype=float)
            fs.append(float(f(pt)) - f_star)
        vals = [sum(float(v) * fs[j] for j, v in a.items()) + sum(float(v) * float(np.dot(c[i], c[j])) for (i, j), v in A.items())
                for a, A in P.measures]
        init_c = P.constraints[0]
        init = sum(float(v) * fs[j] for j, v in init_c.a.items()) + sum(float(v) * float(np.dot(c[i], c[j])) for (i, j), v in init_c.A.items())
        return min(vals) <= tau * init * (1 + 1e-9) + 1e-12

    return prop
