r"""Gradient and Hessian of a data objective in matrix form, never unrolled over samples.

For ``f(w) = sum_t c_t sum_i phi_t(x_{t,i}^T w, y_{t,i}) + a ||w||^2`` the chain
rule through the affine map ``z = X w`` gives

    grad f(w) = sum_t c_t X_t^T phi_t'(X_t w, y_t) + 2 a w,
    hess f(w) = sum_t c_t X_t^T diag(phi_t''(X_t w, y_t)) X_t + 2 a I,

where ``phi'`` and ``phi''`` act row by row.  ``phi'`` and ``phi''`` are
derived by :func:`sympy.diff` from the loss's definition
(:func:`loss_derivatives`); the templates shown in the matrix form are checked
against them (:func:`check_templates`).  For the softmax cross-entropy
(``W`` of shape ``(d, k)``, ``P = softmax(X W)`` row-wise) the gradient is
``X^T (P - Y)`` and the Hessian acts on a direction ``V`` as
``X^T (P o (X V) - P o rowsum(P o X V) 1^T)`` (Boehning 1992).

    >>> import numpy as np
    >>> from symopt.data.expr import DataObjective
    >>> X = np.eye(2); y = np.array([0.0, 1.0])
    >>> f = DataObjective("mean(bce(X @ w, y)) + lambda/2*norm(w)**2", data={"X": X, "y": y}, params={"lambda": 0.1})
    >>> print(f.gradient)
    X^T (sigmoid(X w) - y) / n + lambda w
    >>> print(f.hessian)
    X^T diag(sigmoid(X w) * (1 - sigmoid(X w))) X / n + lambda I
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from ..core.objective import Objective
from ..errors import DimensionError
from .terms import N, LossTerm, RegTerm
from .losses import Loss, Y, Z

__all__ = ["MatrixForm", "gradient", "hessian", "loss_derivatives", "check_templates", "objective_latex",
           "unrolled_objective"]


@dataclass(frozen=True)
class MatrixForm:
    """A derivative in matrix notation.

    Attributes:
        kind: ``"gradient"`` or ``"hessian"``.
        text: plain text (``X^T (sigmoid(X w) - y) / n + lambda w``).
        latex: the same in LaTeX.
        derivatives: ``{loss name: (phi', phi'')}`` derived by SymPy, the
            per-sample factors the matrix form uses.
    """

    kind: str
    text: str
    latex: str
    derivatives: dict

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"MatrixForm({self.kind}: {self.text})"

    def _repr_latex_(self) -> str:
        return f"$\\displaystyle {self.latex}$"

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {"kind": self.kind, "text": self.text, "latex": self.latex,
                "derivatives": {k: [str(a), str(b)] for k, (a, b) in self.derivatives.items()}}


def loss_derivatives(lo: Loss) -> tuple[sp.Expr, sp.Expr]:
    """``(phi', phi'')`` in ``z`` by :func:`sympy.diff` of the loss's definition (``z``, ``y`` symbols).

    For the softmax cross-entropy (``k = 3`` instance) the gradient vector and
    Hessian matrix in ``z0, z1, z2``.

    >>> from symopt.data.losses import loss
    >>> loss_derivatives(loss("bce"))[0]
    -y + exp(z)/(exp(z) + 1)
    """
    if lo.kind == "multiclass":
        zs = sorted((s for s in lo.expr.free_symbols if s.name.startswith("z")), key=lambda s: s.name)
        g = sp.Matrix([sp.diff(lo.expr, v) for v in zs])
        return g, sp.hessian(lo.expr, zs)
    e = lo.phi()
    return sp.diff(e, Z), sp.diff(e, Z, 2)


def _sig(v: Any) -> Any:
    return 1 / (1 + np.exp(-v))


def check_templates(lo: Loss, points: int = 7, seed: int = 0) -> bool:
    """The NumPy kernels of ``phi'``, ``phi''`` agree with the SymPy derivatives at random points (rel. 1e-9).

    Points within 1e-6 of a kink (hinge, Huber) are skipped.
    """
    d1, d2 = loss_derivatives(lo)
    rng = np.random.default_rng(seed)
    if lo.kind == "multiclass":
        zs = sorted((s for s in lo.expr.free_symbols if s.name.startswith("z")), key=lambda s: s.name)
        ys = sorted((s for s in lo.expr.free_symbols if s.name.startswith("y")), key=lambda s: s.name)
        for _ in range(points):
            z = rng.normal(size=3)
            yv = np.eye(3)[rng.integers(3)]
            sub = {**dict(zip(zs, map(sp.Float, z))), **dict(zip(ys, map(sp.Integer, yv.astype(int))))}
            want = np.array([float(v) for v in d1.subs(sub)])
            if not np.allclose(lo.d1(z, yv), want, rtol=1e-9, atol=1e-12):
                return False
        return True
    delta = sp.Symbol("delta", positive=True)
    for _ in range(points):
        z, y = float(rng.normal() * 2), float(rng.choice([-1.0, 1.0, 0.5, 2.0]))
        if lo.kind == "glm" and lo.name == "bce":
            y = float(rng.integers(2))
        kink = {"hinge": 1 - y * z, "sqhinge": 1 - y * z, "huber": abs(z - y) - 1}.get(lo.name, 1.0)
        if abs(kink) < 1e-6:
            continue
        sub = {Z: sp.Float(z, 30), Y: sp.Float(y, 30), delta: 1}
        if not np.isclose(float(d1.subs(sub)), float(lo.d1(np.float64(z), np.float64(y))), rtol=1e-9, atol=1e-12):
            return False
        if lo.d2 is not None and not np.isclose(float(d2.subs(sub)), float(lo.d2(np.float64(z), np.float64(y))),
                                                rtol=1e-9, atol=1e-12):
            return False
    return True


def _coef_parts(c: sp.Expr) -> tuple[sp.Expr, bool]:
    """``c`` as ``(rest, over_n)`` with ``c = rest / n`` when ``over_n``."""
    rest = sp.simplify(c * N)
    if N not in rest.free_symbols:
        return rest, True
    return c, False


def _scaled(body: str, c: sp.Expr, latex: bool) -> str:
    rest, over_n = _coef_parts(c)
    if rest == 1:
        head = body
    elif rest == -1:
        head = "-" + body
    else:
        r = sp.latex(rest) if latex else str(rest)
        if latex:
            head = f"{r}\\, {body}"
        else:
            head = f"({r}) {body}" if not sp.sympify(rest).is_Atom else f"{r} {body}"
    if over_n:
        head = f"\\frac{{1}}{{n}} {head}" if latex else f"{head} / n"
    return head


def _label(t: LossTerm) -> str:
    return t.y if t.y is not None else ("1" if t.loss.kind == "margin" else "0")


def _term_form(t: LossTerm, kind: str, latex: bool) -> str:
    X = t.X
    z = f"{X} {'W' if t.loss.kind == 'multiclass' else 'w'}"
    y = _label(t)
    if t.loss.kind == "multiclass":
        if kind == "gradient":
            body = (f"{X}^\\top (\\operatorname{{softmax}}({z}) - {y})" if latex else f"{X}^T (softmax({z}) - {y})")
        else:
            op = (f"{X}^\\top \\big(P \\odot {X} V - P \\odot \\operatorname{{rowsum}}(P \\odot {X} V)\\big)"
                  if latex else f"{X}^T (P * ({X} V) - P * rowsum(P * {X} V))")
            return _scaled(op, t.coef, latex)  # wrapped as an operator on V by _form
        return _scaled(body, t.coef, latex)
    tmpl = {("gradient", False): t.loss.d1_text, ("gradient", True): t.loss.d1_latex,
            ("hessian", False): t.loss.d2_text, ("hessian", True): t.loss.d2_latex}[(kind, latex)]
    zz = f"{X} w" if not latex else f"{X} w"
    inner = tmpl.format(z=zz, y=y).replace("delta", str(t.delta)) if not latex else tmpl.format(z=zz, y=y)
    if latex and t.loss.params:
        inner = inner.replace(r"\delta", sp.latex(t.delta))
    if t.y is None:  # y = 1 in a margin: y^2 and y * vanish in the reading
        for a, b in (("1^2 * ", ""), ("1 * ", ""), ("-1 * ", "-"), ("1^{2} \\odot ", ""), ("1 \\odot ", ""),
                     ("-1 \\odot ", "-"), ("2 1 * ", "2 "), ("-2 1 * ", "-2 "), (" - 0", ""), ("2 1^2 * ", "2 "),
                     ("2 1^{2} \\odot ", "2 ")):
            inner = inner.replace(a, b)
    coef = t.coef
    if inner.startswith("2 (") and inner.endswith(")"):  # fold the constant into the coefficient
        coef, inner = 2 * coef, inner[3:-1]
    elif inner == "2":
        coef, inner = 2 * coef, "1"
    if kind == "gradient":
        body = f"{X}^\\top \\left({inner}\\right)" if latex else f"{X}^T ({inner})"
    else:
        if inner == "1":
            body = f"{X}^\\top {X}" if latex else f"{X}^T {X}"
        elif inner == "0":
            body = "0"
        else:
            body = (f"{X}^\\top \\operatorname{{diag}}\\left({inner}\\right) {X}" if latex else
                    f"{X}^T diag({inner}) {X}")
    return _scaled(body, coef, latex)


def _reg_form(a: sp.Expr, kind: str, latex: bool, matrix: bool) -> str:
    two_a = sp.simplify(2 * a)
    what = ("W" if matrix else "w") if kind == "gradient" else "I"
    if two_a == 1:
        return what
    s = sp.latex(two_a) if latex else str(two_a)
    return f"{s} {what}" if (sp.sympify(two_a).is_Atom or latex) else f"({s}) {what}"


def _join(parts: list[str]) -> str:
    out = ""
    for p in parts:
        if not out:
            out = p
        elif p.startswith("-"):
            out += " - " + p[1:]
        else:
            out += " + " + p
    return out or "0"


def _form(obj: Any, kind: str) -> MatrixForm:
    matrix = len(obj.weight_shape) == 2
    out = {}
    for latex in (False, True):
        parts = [_term_form(t, kind, latex) for t in obj.loss_terms]
        parts = [p for p in parts if p != "0"]
        a = obj.reg
        if a != 0:
            parts.append(_reg_form(a, kind, latex, matrix))
        out[latex] = _join(parts)
        if matrix and kind == "hessian":  # an operator on directions V (d x k), P = softmax(X W) row-wise
            body = out[latex].replace(" I", " V") if a != 0 else out[latex]
            Xs = obj.loss_terms[0].X
            out[latex] = (f"V \\mapsto {body},\\ P = \\operatorname{{softmax}}({Xs} W)" if latex else
                          f"V -> {body}, P = softmax({Xs} W)")
    derivs = {t.loss.name: loss_derivatives(t.loss) for t in obj.loss_terms}
    return MatrixForm(kind, out[False], out[True], derivs)


def gradient(obj: Any) -> MatrixForm:
    """The gradient of a :class:`~symopt.data.expr.DataObjective` in matrix form (never unrolled)."""
    return _form(obj, "gradient")


def hessian(obj: Any) -> MatrixForm:
    """The Hessian of a :class:`~symopt.data.expr.DataObjective` in matrix form (an operator for a matrix ``W``)."""
    return _form(obj, "hessian")


def objective_latex(obj: Any) -> str:
    """The objective itself in LaTeX: ``\\frac{1}{n} \\sum_i \\ell(...) + \\frac{\\lambda}{2} \\|w\\|^2``."""
    parts = []
    for t in obj.terms:
        if isinstance(t, RegTerm):
            parts.append(f"{sp.latex(t.coef)} \\|w\\|^2" if t.coef != 1 else "\\|w\\|^2")
            continue
        y = _label(t)
        body = f"\\sum_{{i}} \\operatorname{{{t.loss.name}}}(x_i^\\top w, {y}_i)"
        parts.append(_scaled(body, t.coef, True))
    if obj.const != 0:
        parts.append(sp.latex(obj.const))
    return _join(parts)


def unrolled_objective(obj: Any, max_entries: int = 4000):
    """The same objective written out over scalar symbols ``w0, w1, ...`` with the data as exact rationals.

    An independent route to the derivatives for tests on small data: SymPy
    differentiates the unrolled sum directly.

    Raises:
        DimensionError: more than ``max_entries`` data entries (unrolling is for small checks only).
    """
    size = sum(obj.data[t.X].size for t in obj.loss_terms)
    if size > max_entries:
        raise DimensionError(f"unrolling {size} data entries is refused (at most {max_entries}): it is for checks")
    ws = sp.symbols(f"w0:{obj.d}", real=True)
    total = sp.Integer(0)
    for t in obj.loss_terms:
        X = obj.data[t.X]
        n = X.shape[0]
        c = obj.value_of(t.coef, t)
        yv = obj.data[t.y] if t.y is not None else None
        if t.loss.kind == "multiclass":
            k = obj.weight_shape[1]
            W = sp.Matrix(obj.weight_shape[0], k, ws)
            for i in range(n):
                z = [sum(sp.Rational(float(X[i, j])) * W[j, a] for j in range(X.shape[1])) for a in range(k)]
                total += c * (sp.log(sum(sp.exp(v) for v in z)) - sum(sp.Rational(float(yv[i, a])) * z[a] for a in range(k)))
            continue
        phi = t.loss.phi(obj.value_of(t.delta))
        for i in range(n):
            z = sum(sp.Rational(float(X[i, j])) * ws[j] for j in range(X.shape[1]))
            yy = sp.Rational(float(yv[i])) if yv is not None else (1 if t.loss.kind == "margin" else 0)
            total += c * phi.subs({Z: z, Y: yy})
    a = obj.value_of(obj.reg)
    total += a * sum(v ** 2 for v in ws) + obj.value_of(obj.const)
    return Objective(total, variables=ws)
