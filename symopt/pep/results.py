"""Results of symopt.pep: certificates, tight functions, PEPResult and worst_case()."""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, ClassVar, Mapping, Sequence

import sympy as sp

from ..results import summary_latex
from .. import display
from ..errors import ParameterError, ParseError, SymoptError, UnsupportedError
from ._exact import SOLVER_SECONDS, _frac, _ldl_reproduces
from .classes import FunctionClass, function_class
from .methods import Method, method
from .problem import _Problem, _build
from .sdp import _Numeric, _low_rank, _solver
from .certify import STOP_REASONS, _certify_problem, _linear_residual, _residual_gram
from ..core.objective import Objective


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

    def _repr_html_(self) -> str:
        used = [(lab, v) for lab, v in self.multipliers if v]
        rows = {"method": repr(self.method), "class": repr(self.cls), "N": self.N, "initial": self.initial,
                "measure": self.measure, "tau (exact)": str(self.tau), "tau": float(self.tau),
                "multipliers": f"{len(used)} non-zero of {len(self.multipliers)}",
                "pivots": f"{len(self.D)} (all >= 0: {all(d >= 0 for d in self.D)})"}
        return display.html_fields(rows, title="PEP certificate (check() re-verifies it exactly)")

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

    def _repr_html_(self) -> str:
        rows = {"f(x)": self.text, "x0": self.x0, "measure reached": self.value, "L": self.L, "mu": self.mu,
                "worst-case iterates": ", ".join(f"{p:.6g}" for p in self.points)}
        return display.html_fields(rows, title="Tight function (the method attains the worst case on it)")

    def objective(self):
        """The function as a :class:`symopt.Objective` (for symopt.optimizers)."""

        return Objective(self.text, variables="x")


def _tight_1d(P: _Problem, num: _Numeric, cls: FunctionClass) -> tuple[TightFunction | None, str]:
    import numpy as np

    if not cls.kind.startswith("smooth"):
        return None, "a tight function is built for the smooth classes"
    ev, V = np.linalg.eigh(num.G)
    if ev[-1] <= 0:
        return None, "the worst-case Gram matrix is zero"
    if len(ev) > 1 and ev[-2] > 1e-6 * ev[-1]:
        low = _low_rank(P, num.tau)  # the smallest-trace worst case is often rank one
        if low is not None:
            ev2, V2 = np.linalg.eigh(low.G)
            if ev2[-1] > 0 and ev2[-2] <= 1e-6 * ev2[-1]:
                num, ev, V = low, ev2, V2
        if ev[-2] > 1e-6 * ev[-1]:
            return None, (f"the worst case has rank > 1 (eigenvalues {ev[-1]:.3g}, {ev[-2]:.3g}, also at the smallest "
                          "trace): no 1-D tight function")
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

    STATUS_KIND: ClassVar[str] = "verdict"  # symopt.results: its status vocabulary

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

    def _repr_latex_(self) -> str:
        return summary_latex(self)

    def _repr_html_(self) -> str:
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
        UnsupportedError: no SDP solver installed (``pip install 'symopt-toolkit[pep]'``), an unknown
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
    scaling = _scaling(cls, initial, measure) if isinstance(cls, FunctionClass) else {"dist": "R^2", "f": "D"}.get(initial, "")
    num, ex, reason = _certify_problem(P, certify)
    if num is None:
        return PEPResult(meth, cls, N, initial, measure, "unknown", None, math.inf if reason == STOP_REASONS["PrimalInfeasible"] else math.nan,
                         None, scaling, None, "", reason, P.rounded, time.perf_counter() - start)
    cert = None
    tau = None
    if certify:
        if ex is not None:
            lam, w, tau, (Lf, Df) = ex
            cert = PEPCertificate(meth, cls, N, initial, measure, tau,
                                  tuple((con.label, l) for con, l in zip(P.constraints, lam)), tuple(w),
                                  tuple(tuple(r) for r in Lf), tuple(Df))
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
