"""Objectives over data: losses of ``X w`` summed over samples, plus L2 regularisation.

A :class:`DataObjective` is

    f(w) = sum_t c_t sum_{i=1}^{n_t} phi_t(x_{t,i}^T w, y_{t,i}) + a ||w||^2 + const

with named per-sample losses ``phi_t`` (:mod:`symopt.data.losses`), data
matrices ``X_t`` and labels ``y_t`` given as NumPy arrays (the data are
parameters: curvature holds for every value, constants are certified for the
values at hand), scalar coefficients ``c_t`` (``1/n`` for a mean) and ``a``
in the parameters.  The weight ``w`` is a vector (shape ``(d,)``) or, for the
softmax cross-entropy, a matrix ``W`` of shape ``(d, k)``.

Text syntax (parsed through Python's ``ast`` on a whitelist; nothing is executed)::

    objective := term (("+" | "-") term)*
    term      := scalar "*" term | term "/" scalar | "(" objective ")" | reduction | penalty | number
    reduction := ("mean" | "sum") "(" rows ")"        # mean divides by n, the number of rows
    rows      := LOSS "(" args ")" | (X @ w - y)**2 | scalar * rows
    LOSS      := logistic(y * (X @ w)) | hinge(y * (X @ w)) | sqhinge(y * (X @ w))
               | huber(X @ w - y [, delta]) | squares(X @ w - y) | bce(X @ w, y)
               | poisson(X @ w, y) | softmax_ce(X @ W, Y)
    penalty   := norm(w)**2 | sumsq(w) | dot(w, w) | norm(X @ w - y)**2 | sumsq(X @ w - y)

Names are the data (keys of ``data``), the weight (``weights=``, default ``w``
or ``W``), the scalar parameters (keys of ``params``; ``lambda`` and ``λ``
may be used) and ``n`` (the number of samples).  ``y * (X @ w)`` is the
elementwise product (the margin).

    >>> import numpy as np
    >>> X = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]]); y = np.array([1.0, -1.0, 1.0])
    >>> f = DataObjective("mean(logistic(y * (X @ w))) + lam/2*norm(w)**2", data={"X": X, "y": y}, params={"lam": 0.1})
    >>> f
    DataObjective(mean(logistic(y * (X w))) + lam/2 ||w||^2; w in R^2, n = 3, lam = 1/10)
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import sympy as sp

from ..core.parse import parse, parse_number
from ..errors import DimensionError, ParameterError, ParseError, UnsupportedError
from .compile import compile_data
from .constants import constants as _constants, convexity as _convexity
from .derive import gradient as _gradient, hessian as _hessian, objective_latex
from .losses import LOSSES, Loss, loss as _loss
from .terms import N, LossTerm, RegTerm, _coef_text

__all__ = ["DataObjective", "LossTerm", "RegTerm", "N", "one_hot"]

_MAX_TEXT = 2000


def one_hot(labels: Any, classes: int | None = None) -> np.ndarray:
    """Integer class labels ``(n,)`` as a one-hot matrix ``(n, k)``.

    Raises:
        DimensionError: labels that are not a vector of non-negative integers.
    """
    lab = np.asarray(labels)
    if lab.ndim != 1 or not np.issubdtype(lab.dtype, np.integer) or (lab.size and lab.min() < 0):
        raise DimensionError(f"one_hot needs a vector of non-negative integer labels, got shape {lab.shape}")
    k = int(classes if classes is not None else (lab.max() + 1 if lab.size else 0))
    out = np.zeros((lab.size, k))
    out[np.arange(lab.size), lab] = 1.0
    return out


def _as_array(name: str, value: Any) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(f"data {name!r} must be a numeric array") from None
    if not np.all(np.isfinite(arr)):
        raise ParameterError(f"data {name!r} has non-finite entries")
    return arr


class DataObjective:
    """An objective over data, ``f(w) = sum_t c_t sum_i phi_t(x_{t,i}^T w, y_{t,i}) + a ||w||^2 + const``.

    Build it from text (module docstring), from SymPy (:func:`symopt.data.from_sympy`)
    or from the named constructors (:func:`symopt.data.logistic_regression`, ...).

    Args:
        source: the text of the objective, or a tuple of :class:`LossTerm` /
            :class:`RegTerm` (with ``const`` a SymPy number).
        data: ``{name: array}``: data matrices ``(n, d)``, label vectors ``(n,)``,
            one-hot label matrices ``(n, k)``.
        params: ``{name: number}`` for the scalar parameters (exact rationals
            are kept exact; floats are converted exactly).
        weights: the weight's name (default ``w``, or ``W`` when the text uses it).
        const: a constant added to the objective (with ``source`` given as terms).

    Raises:
        ParseError: text outside the grammar (with the position).
        DimensionError: data whose shapes do not fit together; both shapes are named.
        ParameterError: a parameter without a value, non-numeric data.
    """

    def __init__(self, source: Any, data: Mapping[str, Any] | None = None, params: Mapping[str, Any] | None = None,
                 weights: str | None = None, const: Any = 0):
        self.data = {str(k): _as_array(str(k), v) for k, v in dict(data or {}).items()}
        self.params = {sp.Symbol(_canon(str(k))): _exact(v, str(k)) for k, v in dict(params or {}).items()}
        if isinstance(source, str):
            self.text_source = source
            if weights is None:
                weights = "W" if re.search(r"\bW\b", source) and not re.search(r"\bw\b", source) else "w"
            self.weight_name = weights
            terms, const = _Parser(source, self.data, self.params, weights).parse()
        else:
            self.text_source = None
            self.weight_name = weights or "w"
            terms = tuple(source)
            const = sp.sympify(const, strict=True) if not isinstance(const, sp.Basic) else const
        if not terms:
            raise ParseError("the objective has no loss or penalty term over the weights")
        self.terms: tuple = tuple(terms)
        self.const = const
        self._check_params()
        self.weight_shape = self._check_shapes()

    # -- checks -----------------------------------------------------------------------------

    def _check_params(self) -> None:
        free = set()
        for t in self.terms:
            free |= t.coef.free_symbols - {N}
            if isinstance(t, LossTerm):
                free |= sp.sympify(t.delta).free_symbols
        missing = sorted(s.name for s in free if s not in self.params)
        if missing:
            raise ParameterError(f"parameter(s) {', '.join(missing)} need values: pass params={{...}}")

    def _check_shapes(self) -> tuple[int, ...]:
        shape, first = None, ""
        for t in self.terms:
            if not isinstance(t, LossTerm):
                continue
            if t.X not in self.data:
                raise ParameterError(f"data matrix {t.X!r} not given in data=")
            X = self.data[t.X]
            if X.ndim != 2:
                raise DimensionError(f"{t.X} must be a matrix (n, d), got shape {X.shape}")
            if t.y is not None:
                if t.y not in self.data:
                    raise ParameterError(f"labels {t.y!r} not given in data=")
                y = self.data[t.y]
                want = 2 if t.loss.kind == "multiclass" else 1
                if y.ndim != want or y.shape[0] != X.shape[0]:
                    need = "(n, k) one-hot" if want == 2 else "(n,)"
                    raise DimensionError(f"{t.y} has shape {y.shape} but {t.X} has shape {X.shape}: "
                                         f"{t.y} must be {need} with n = {X.shape[0]}")
            elif t.loss.kind == "multiclass":
                raise DimensionError("softmax_ce needs one-hot labels Y of shape (n, k)")
            here = (X.shape[1], self.data[t.y].shape[1]) if t.loss.kind == "multiclass" else (X.shape[1],)
            if shape is not None and shape != here:
                raise DimensionError(f"{t.X} has shape {X.shape} (weights of shape {here}) but {first} has shape "
                                     f"{self.data[first].shape} (weights of shape {shape})")
            if shape is None:
                shape, first = here, t.X
        if shape is None:
            raise DimensionError("no data term fixes the weight's dimension")
        return shape

    # -- basic facts ------------------------------------------------------------------------

    @property
    def d(self) -> int:
        """The number of weights (``d`` or ``d k``)."""
        return int(np.prod(self.weight_shape))

    @property
    def loss_terms(self) -> tuple:
        """The :class:`LossTerm` s."""
        return tuple(t for t in self.terms if isinstance(t, LossTerm))

    @property
    def reg(self) -> sp.Expr:
        """The total coefficient ``a`` of ``||w||^2`` (symbolic)."""
        return sp.Add(*[t.coef for t in self.terms if isinstance(t, RegTerm)])

    def rows(self, term: LossTerm) -> int:
        """The number of samples of a term."""
        return int(self.data[term.X].shape[0])

    def value_of(self, expr: sp.Expr, term: LossTerm | None = None) -> sp.Expr:
        """``expr`` with the parameters (and the term's ``n``) substituted: an exact number."""
        subs = dict(self.params)
        if term is not None:
            subs[N] = sp.Integer(self.rows(term))
        return sp.nsimplify(sp.sympify(expr).subs(subs)) if subs else sp.sympify(expr)

    def text(self) -> str:
        """The objective in the text syntax, normalised."""
        parts = [t.text() for t in self.terms]
        if self.const != 0:
            parts.append(str(self.const))
        return " + ".join(parts)

    def to_dict(self) -> dict:
        """JSON-ready summary: the normalised text, weight shape, sample counts, parameters."""
        return {"objective": self.text(), "weights": self.weight_name, "weight_shape": list(self.weight_shape),
                "samples": sorted({self.rows(t) for t in self.loss_terms}),
                "params": {k.name: str(v) for k, v in self.params.items()}}

    def __repr__(self) -> str:
        ps = "".join(f", {k} = {v}" for k, v in self.params.items())
        rows = sorted({self.rows(t) for t in self.loss_terms})
        shape = "R^" + "x".join(str(s) for s in self.weight_shape)
        ns = ", ".join(str(r) for r in rows)
        return f"DataObjective({self.text()}; {self.weight_name} in {shape}, n = {ns}{ps})"

    def _repr_latex_(self) -> str:
        return "$" + objective_latex(self) + "$"

    # -- the capabilities (each in its module) -------------------------------------------------

    @property
    def gradient(self):
        """The gradient in matrix form (:class:`symopt.data.derive.MatrixForm`)."""
        return _gradient(self)

    @property
    def hessian(self):
        """The Hessian in matrix form (:class:`symopt.data.derive.MatrixForm`)."""
        return _hessian(self)

    def compile(self, backend: str = "numpy"):
        """Vectorised ``value``/``grad``/``hess`` (:class:`symopt.data.compile.CompiledData`)."""
        return compile_data(self, backend=backend)

    def __symopt_compiled__(self):
        """The compiled objective symopt's optimizers run (``symopt.optimizers.gd(f, x0=...)``)."""
        return self.compile()

    def minibatch(self) -> tuple:
        """``(m, batch_grad, value, grad, compiled)`` for :func:`symopt.optimizers.minibatch_sgd` (rows as examples)."""
        return self.compile().minibatch()

    def convexity(self):
        """Convexity for every data set (:func:`symopt.data.constants.convexity`)."""
        return _convexity(self)

    def constants(self):
        """Certified ``mu`` and ``L`` for the data at hand (:func:`symopt.data.constants.constants`)."""
        return _constants(self)


def _canon(name: str) -> str:
    return "lambda" if name in ("λ", "lambda_", "lam_bda_") else name


def _exact(value: Any, name: str) -> sp.Expr:
    if isinstance(value, bool):
        raise ParameterError(f"parameter {name} must be a number, got {value!r}")
    if isinstance(value, sp.Basic):
        if not value.is_number or value.is_real is not True:
            raise ParameterError(f"parameter {name} must be a real number, got {value}")
        return value
    if isinstance(value, (int, np.integer)):
        return sp.Integer(int(value))
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            raise ParameterError(f"parameter {name} must be finite, got {value}")
        return sp.Rational(repr(float(value)))  # the shortest decimal that reads back as this float
    if isinstance(value, str):
        try:
            v = parse(value)
        except ParseError:
            raise ParameterError(f"parameter {name} must be a number, got {value!r}") from None
        if not v.is_number or v.is_real is not True:
            raise ParameterError(f"parameter {name} must be a real number, got {value!r}")
        return v
    raise ParameterError(f"parameter {name} must be a number, got {type(value).__name__}")


# ---------------------------------------------------------------------------------------- text


@dataclass(frozen=True)
class _S:  # a scalar expression
    e: sp.Expr


@dataclass(frozen=True)
class _Data:
    name: str
    ndim: int


@dataclass(frozen=True)
class _W:
    pass


@dataclass(frozen=True)
class _Lin:  # X @ w
    X: str


@dataclass(frozen=True)
class _Margin:  # y * (X @ w)
    X: str
    y: str


@dataclass(frozen=True)
class _Resid:  # X @ w - y
    X: str
    y: str


@dataclass(frozen=True)
class _Rows:  # coef * (phi(x_i^T w, y_i))_i
    loss: Loss
    X: str
    y: str | None
    coef: sp.Expr = sp.Integer(1)
    delta: sp.Expr = sp.Integer(1)


@dataclass(frozen=True)
class _Norm:
    inner: Any


@dataclass(frozen=True)
class _Obj:
    terms: tuple = ()
    const: sp.Expr = sp.Integer(0)


def _scale(o: _Obj, c: sp.Expr) -> _Obj:
    terms = tuple(LossTerm(t.loss, t.X, t.y, t.coef * c, t.delta) if isinstance(t, LossTerm) else RegTerm(t.coef * c)
                  for t in o.terms)
    return _Obj(terms, o.const * c)


_LOSS_CALLS = {"logistic", "hinge", "sqhinge", "squared_hinge", "huber", "squares", "least_squares", "bce",
               "binary_cross_entropy", "poisson", "softmax_ce", "cross_entropy"}
_CALLS = _LOSS_CALLS | {"mean", "sum", "norm", "sumsq", "dot"}


class _Parser:
    """Whitelisted translation of the text's syntax tree into terms."""

    def __init__(self, text: str, data: Mapping[str, np.ndarray], params: Mapping[sp.Symbol, Any], weight: str):
        if not isinstance(text, str):
            raise ParseError(f"expected text, got {type(text).__name__}")
        if len(text) > _MAX_TEXT:
            raise ParseError(f"text longer than {_MAX_TEXT} characters")
        self.text = text
        self.data = data
        self.params = {s.name for s in params}
        self.weight = weight

    def parse(self) -> tuple[tuple, sp.Expr]:
        src = re.sub(r"\blambda\b", "lam_bda_", self.text.replace("λ", "lambda")).replace("^", "**")
        try:
            self.src = src.strip()
            tree = ast.parse(self.src, mode="eval")
        except SyntaxError as exc:
            raise ParseError(f"not an expression: {exc.msg}", self.text, (exc.offset or 1) - 1) from None
        except (RecursionError, MemoryError, ValueError):
            raise ParseError("expression nested too deeply or not valid", self.text) from None
        try:
            out = self.node(tree.body, 0)
        except RecursionError:
            raise ParseError("expression nested too deeply", self.text) from None
        if isinstance(out, _Norm):
            raise ParseError("norm(...) must be squared: norm(w)**2", self.text)
        if not isinstance(out, _Obj):
            raise ParseError(f"the text is not an objective: {self._what(out)} (use mean(...), sum(...) or "
                             "norm(w)**2)", self.text)
        return out.terms, out.const

    def fail(self, msg: str, node: ast.AST) -> ParseError:
        return ParseError(msg, self.text, getattr(node, "col_offset", None))

    @staticmethod
    def _what(v: Any) -> str:
        return {_S: "a scalar", _Data: "data", _W: "the weight", _Lin: "the vector X @ w", _Margin: "a margin vector",
                _Resid: "a residual vector", _Rows: "a vector of per-sample losses", _Norm: "a norm"}.get(type(v), "?")

    def node(self, node: ast.AST, depth: int) -> Any:
        if depth > 60:
            raise self.fail("expression nested too deeply", node)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise self.fail(f"only numbers are allowed as constants, got {node.value!r}", node)
            seg = ast.get_source_segment(self.src, node) or repr(node.value)
            try:
                return _S(parse_number(seg))
            except ParseError:
                return _S(sp.Rational(repr(node.value)))
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = self.node(node.operand, depth + 1)
            if isinstance(node.op, ast.UAdd):
                return v
            if isinstance(v, _S):
                return _S(-v.e)
            if isinstance(v, _Obj):
                return _scale(v, sp.Integer(-1))
            raise self.fail(f"cannot negate {self._what(v)}", node)
        if isinstance(node, ast.BinOp):
            return self.binop(node, self.node(node.left, depth + 1), self.node(node.right, depth + 1))
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        raise self.fail(f"{type(node).__name__} is not allowed here", node)

    def name(self, node: ast.Name) -> Any:
        nm = _canon(node.id)
        if nm == self.weight:
            return _W()
        if nm in self.data:
            return _Data(nm, self.data[nm].ndim)
        if nm in self.params:
            return _S(sp.Symbol(nm))
        if nm == "n":
            return _S(N)
        if nm in _CALLS:
            raise self.fail(f"{nm} is a function: call it, {nm}(...)", node)
        raise self.fail(f"unknown name {nm!r}: not data ({', '.join(self.data) or 'none given'}), not the weight "
                        f"{self.weight!r}, not a parameter ({', '.join(sorted(self.params)) or 'none given'})", node)

    def binop(self, node: ast.BinOp, a: Any, b: Any) -> Any:
        op = node.op
        if isinstance(a, _S) and isinstance(b, _S):
            if isinstance(op, ast.Add):
                return _S(a.e + b.e)
            if isinstance(op, ast.Sub):
                return _S(a.e - b.e)
            if isinstance(op, ast.Mult):
                return _S(a.e * b.e)
            if isinstance(op, ast.Div):
                if b.e == 0:
                    raise self.fail("division by zero", node)
                return _S(a.e / b.e)
            if isinstance(op, ast.Pow):
                if not (b.e.is_Integer and abs(int(b.e)) <= 64):
                    raise self.fail("exponents of scalars must be integers of size at most 64", node)
                if b.e < 0 and a.e == 0:
                    raise self.fail("division by zero", node)
                return _S(a.e ** b.e)
        if isinstance(op, ast.MatMult):
            if isinstance(a, _Data) and a.ndim == 2 and isinstance(b, _W):
                return _Lin(a.name)
            raise self.fail(f"@ is for data @ weight (X @ w), got {self._what(a)} @ {self._what(b)}", node)
        if isinstance(op, ast.Mult):
            if isinstance(a, _Lin) and isinstance(b, _Data):
                a, b = b, a
            if isinstance(a, _Data) and a.ndim == 1 and isinstance(b, _Lin):
                return _Margin(b.X, a.name)
            if isinstance(b, _S):
                a, b = b, a
            if isinstance(a, _S) and isinstance(b, _Obj):
                return _scale(b, a.e)
            if isinstance(a, _S) and isinstance(b, _Rows):
                return _Rows(b.loss, b.X, b.y, b.coef * a.e, b.delta)
        if isinstance(op, ast.Div) and isinstance(b, _S):
            if b.e == 0:
                raise self.fail("division by zero", node)
            if isinstance(a, _Obj):
                return _scale(a, 1 / b.e)
            if isinstance(a, _Rows):
                return _Rows(a.loss, a.X, a.y, a.coef / b.e, a.delta)
        if isinstance(op, ast.Sub) and isinstance(a, _Lin) and isinstance(b, _Data) and b.ndim == 1:
            return _Resid(a.X, b.name)
        if isinstance(op, (ast.Add, ast.Sub)):
            sign = 1 if isinstance(op, ast.Add) else -1
            if isinstance(a, _S):
                a = _Obj((), a.e)
            if isinstance(b, _S):
                b = _Obj((), b.e)
            if isinstance(a, _Obj) and isinstance(b, _Obj):
                b = _scale(b, sp.Integer(sign))
                return _Obj(a.terms + b.terms, a.const + b.const)
        if isinstance(op, ast.Pow) and isinstance(b, _S) and b.e == 2:
            if isinstance(a, _Norm):
                return self.squared_norm(a.inner, node)
            if isinstance(a, (_Resid, _Lin)):
                return _Rows(_loss("squares"), a.X, getattr(a, "y", None))
        raise self.fail(f"{type(op).__name__} of {self._what(a)} and {self._what(b)} is not in the grammar", node)

    def squared_norm(self, inner: Any, node: ast.AST) -> _Obj:
        if isinstance(inner, _W):
            return _Obj((RegTerm(sp.Integer(1)),))
        if isinstance(inner, (_Resid, _Lin)):
            return _Obj((LossTerm(_loss("squares"), inner.X, getattr(inner, "y", None), sp.Integer(1)),))
        raise self.fail(f"norm(...)**2 of {self._what(inner)}: use the weight or X @ w - y", node)

    def call(self, node: ast.Call, depth: int) -> Any:
        if not isinstance(node.func, ast.Name) or node.func.id not in _CALLS:
            what = node.func.id if isinstance(node.func, ast.Name) else type(node.func).__name__
            raise self.fail(f"function {what!r} is not allowed; allowed: {', '.join(sorted(_CALLS))}", node)
        if node.keywords:
            raise self.fail("keyword arguments are not allowed", node)
        name = node.func.id
        args = [self.node(a, depth + 1) for a in node.args]
        if name in ("mean", "sum"):
            if len(args) != 1 or not isinstance(args[0], _Rows):
                raise self.fail(f"{name}(...) takes one vector of per-sample losses, e.g. {name}(logistic(y * (X @ w)))",
                                node)
            r = args[0]
            coef = r.coef / N if name == "mean" else r.coef
            return _Obj((LossTerm(r.loss, r.X, r.y, coef, r.delta),))
        if name == "norm":
            if len(args) != 1:
                raise self.fail("norm takes one argument", node)
            return _Norm(args[0])
        if name == "sumsq":
            if len(args) != 1:
                raise self.fail("sumsq takes one argument", node)
            return self.squared_norm(args[0], node)
        if name == "dot":
            if len(args) != 2 or not all(isinstance(a, _W) for a in args):
                raise self.fail("dot is for the weight with itself, dot(w, w)", node)
            return _Obj((RegTerm(sp.Integer(1)),))
        return self.loss_call(node, _loss(name), args)

    def loss_call(self, node: ast.Call, lo: Loss, args: list) -> _Rows:
        kind = lo.kind
        if kind == "margin" and len(args) == 1 and isinstance(args[0], (_Margin, _Lin)):
            return _Rows(lo, args[0].X, getattr(args[0], "y", None))
        if kind == "residual" and 1 <= len(args) <= (2 if lo.params else 1) and isinstance(args[0], (_Resid, _Lin)):
            delta = sp.Integer(1)
            if len(args) == 2:
                if not isinstance(args[1], _S):
                    raise self.fail(f"{lo.name}'s threshold must be a scalar", node)
                delta = args[1].e
                if delta.is_number and not delta.is_positive:
                    raise self.fail(f"{lo.name}'s threshold must be positive, got {delta}", node)
            return _Rows(lo, args[0].X, getattr(args[0], "y", None), delta=delta)
        if kind in ("glm", "multiclass") and len(args) == 2 and isinstance(args[0], _Lin) and isinstance(args[1], _Data):
            return _Rows(lo, args[0].X, args[1].name)
        forms = {"margin": f"{lo.name}(y * (X @ w))", "residual": f"{lo.name}(X @ w - y)",
                 "glm": f"{lo.name}(X @ w, y)", "multiclass": f"{lo.name}(X @ W, Y)"}
        raise self.fail(f"{lo.name} takes {forms[kind]}", node)


if not set(LOSSES) <= _LOSS_CALLS:  # pragma: no cover - a loss added without its text name
    raise UnsupportedError("a loss has no text name")
