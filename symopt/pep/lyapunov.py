"""Linear rates for every N: quadratic Lyapunov functions, bisection, exact certificates."""

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
from ._exact import SOLVER_SECONDS, _ldl, _ldl_reproduces
from .classes import FunctionClass, function_class
from .methods import Method, method
from .sdp import _solver, _svec_index
from .certify import _restore, _to_frac
from .step import LYAPUNOV_FORMS, _StepProblem, _build_step  # noqa: F401
from .lyapunov_interp import interpolation_rate


# ============================================================================ linear rates (Lyapunov)


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
    # a feasibility test for the bisection only (Solved or AlmostSolved, named explicitly): the rate that is
    # reported is the one the exact certificate proves, re-verified in rationals
    ok = str(sol.status) in ("Solved", "AlmostSolved")
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
    """The smallest linear rate found in the Lyapunov families searched (``form`` says which), and its exact proof.

    Attributes:
        method, cls: the question.
        status: ``"proved"`` (a certificate at ``rho``) or ``"unknown"`` (``reason``: e.g. no rho < 1).
        rho: the certified rate (float; ``rho2`` is exact), or None.
        rho2: ``rho^2`` as a Fraction: ``V_{k+1} <= rho2 V_k``.
        rho_numeric: the bisection's smallest feasible rho (float).
        certificate: the :class:`LyapunovCertificate`.
        consequence: what the certificate implies for the iterates.
    """

    STATUS_KIND: ClassVar[str] = "verdict"  # symopt.results: its status vocabulary

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
        return display.short_repr("LyapunovResult", f"{self.method.name}: {self.status}",
                                  rho=None if self.rho is None else round(self.rho, 8), note=self.reason or None)

    def check(self) -> bool:
        """Re-verify the exact certificate; False when there is none."""
        return self.certificate is not None and self.certificate.check()

    def _repr_latex_(self) -> str:
        return summary_latex(self)

    def _repr_html_(self) -> str:
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
    r"""The smallest :math:`\rho` certified by the Lyapunov families below, with an exact certificate.

    "Smallest" is within the families searched (bisection to ``tol``), not over all Lyapunov
    functions.  Families (Taylor, Van Scoy and Lessard 2018; the IQC view of Lessard, Recht and
    Packard 2016), ``lyapunov=``:

    * ``"state"``: :math:`V = \xi^\top P\xi + c\,(f(x_k) - f_\star)` over the method's state
      :math:`\xi_k` (e.g. :math:`(x_k - x_\star, x_{k-1} - x_\star)`), :math:`P \succeq 0`, :math:`c \ge 0`,
      :math:`c + \mathrm{tr}P = 1`;
    * ``"state+grad"``: :math:`V = (\xi, \nabla f(y_k))^\top P (\xi, \nabla f(y_k)) + c\,(f(y_k) - f_\star)`
      with :math:`y_k` the step's first oracle point, :math:`P \succeq 0`, :math:`c \ge 0`, :math:`c + \mathrm{tr}P = 1`;
    * ``"interpolation"``: the same :math:`V` with :math:`P` symmetric and *indefinite* allowed, normalised by
      :math:`V_k \ge \|\xi_{k,1} - x_\star\|^2`, proved through the class's interpolation inequalities
      between :math:`x_\star` and :math:`y_k` (Taylor, Van Scoy and Lessard, ICML 2018); triple momentum's
      :math:`1 - \sqrt{\mu/L}` and robust momentum's published rate are certified in this family
      (:mod:`symopt.pep.lyapunov_interp`);
    * ``"auto"`` (default): all three; the smallest certified rate is returned.

    For a fixed :math:`\rho` the conditions are an LMI; bisection finds the smallest
    feasible :math:`\rho` of the family, and an exact certificate is built at a rational
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


def _interpolation_result(meth: Method, cls: FunctionClass, tol: float) -> LyapunovResult:
    Q = _build_step(meth, cls, "state+grad")
    hi, cert, reason = interpolation_rate(meth, cls, tol)
    if cert is None:
        return LyapunovResult(meth, cls, "unknown", None, None, hi, None, reason, "", Q.rounded, "interpolation")
    cons = (f"||xi_k - x*||^2 <= V_k <= ({cert.rho2})^k V_0 (V = (xi, g)' P (xi, g) + c (f(y_k) - f*), "
            "P indefinite, V >= ||xi_k - x*||^2 proved through the interpolation inequalities)")
    return LyapunovResult(meth, cls, "proved", math.sqrt(cert.rho2), cert.rho2, hi, cert, "", cons, Q.rounded, "interpolation")


def _linear_rate(meth: Method, cls: FunctionClass, tol: float, form: str) -> LyapunovResult:
    if form == "interpolation":
        return _interpolation_result(meth, cls, tol)
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
