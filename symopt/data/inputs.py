r"""Data objectives from SymPy (``IndexedBase`` sums, ``MatrixSymbol`` forms, a vector of symbols) and by name.

* ``IndexedBase`` with ``Sum`` over samples: the inner ``Sum(X[i, j]*w[j], (j, 0, d - 1))``
  is the prediction ``z_i``; the body of the outer sum, with ``z_i`` and the
  label ``y[i]`` replaced by scalars, is the per-sample loss ``phi(z, y)``,
  recognised as a named loss by an exact identity test; ``Sum(w[j]**2, ...)`` is
  the penalty.
* ``MatrixSymbol`` quadratic forms: ``(X*w - y).T*(X*w - y)`` (least squares)
  and ``w.T*w`` (the penalty), with scalar coefficients.
* a vector of symbols (:func:`from_sample`): a per-sample loss written in
  weight symbols ``w_j``, feature symbols ``x_j`` and a label symbol; the
  prediction ``z = sum_j x_j w_j`` is found exactly (``w_0`` eliminated).

A symbol named ``n`` in a coefficient is the number of samples.  Shapes are
checked against the data; a mismatch is a :class:`~symopt.errors.DimensionError`
naming both shapes.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import sympy as sp

from ..errors import DimensionError, ParseError, UnsupportedError
from .expr import DataObjective
from .terms import N, LossTerm, RegTerm
from .losses import LOSSES, Y, Z

__all__ = ["from_sympy", "from_sample", "logistic_regression", "ridge_regression", "softmax_regression",
           "huber_regression", "poisson_regression", "squared_hinge_svm", "match_loss"]


def match_loss(phi: sp.Expr, has_label: bool) -> Any:
    """The named loss equal to ``phi(z, y)`` as an identity (``y = 1`` or ``0`` when there is no label), or ``None``."""
    seen = set()
    for lo in LOSSES.values():
        if id(lo) in seen or lo.kind == "multiclass" or lo.params:
            continue
        seen.add(id(lo))
        ref = lo.phi()
        if not has_label:
            ref = ref.subs(Y, 1 if lo.kind == "margin" else 0)
        diff = phi - ref
        if diff == 0 or sp.simplify(sp.expand_log(diff, force=True)) == 0:
            return lo
    return None


def _scalar_coef(c: sp.Expr, params: dict) -> sp.Expr:
    subs = {s: N for s in c.free_symbols if s.name == "n"}
    subs.update({s: sp.Symbol(s.name) for s in c.free_symbols if s.name != "n"})
    for s in c.free_symbols:
        if s.name != "n" and sp.Symbol(s.name) not in {sp.Symbol(str(k)) for k in params}:
            raise UnsupportedError(f"the coefficient {c} uses {s.name}, which has no value in params")
    return c.xreplace(subs)


def _count(hi: sp.Expr, lo: sp.Expr, size: int, what: str, shape: tuple) -> None:
    count = hi - lo + 1
    if count.is_number and int(count) != size:
        raise DimensionError(f"the sum over {what} has {int(count)} terms but the data have shape {shape}")


def from_sympy(expr: sp.Expr, data: Mapping[str, Any], params: Mapping[str, Any] | None = None) -> DataObjective:
    """A :class:`~symopt.data.expr.DataObjective` from a SymPy expression over ``IndexedBase`` or ``MatrixSymbol`` data.

    Args:
        expr: e.g. ``Sum(log(1 + exp(-y[i]*Sum(X[i, j]*w[j], (j, 0, d - 1)))), (i, 0, n - 1))/n
            + lam/2*Sum(w[j]**2, (j, 0, d - 1))`` or ``(X*w - y).T*(X*w - y)/(2*n) + lam/2*w.T*w``.
        data: the arrays, by the names of the ``IndexedBase`` / ``MatrixSymbol`` objects.
        params: values of the scalar symbols.

    Raises:
        UnsupportedError: a term that is not a recognised loss or penalty.
        DimensionError: a sum range or a matrix shape that does not fit the data.
    """
    params = dict(params or {})
    if not isinstance(expr, sp.Basic):
        raise UnsupportedError("from_sympy takes a SymPy expression; for text use DataObjective(text, ...)")
    if isinstance(expr, sp.MatrixExpr) or expr.atoms(sp.MatrixSymbol):
        return _from_matrix(expr, data, params)
    if expr.atoms(sp.Sum):
        return _from_indexed(expr, data, params)
    raise UnsupportedError("expected sums over IndexedBase data or MatrixSymbol forms; for a vector of symbols "
                           "use symopt.data.from_sample")


def _from_indexed(expr: sp.Expr, data: Mapping[str, Any], params: dict) -> DataObjective:
    arrays = {str(k): np.asarray(v, dtype=float) for k, v in data.items()}
    terms = []
    const = sp.Integer(0)
    weight = None
    for term in sp.Add.make_args(expr):
        factors = sp.Mul.make_args(term)
        sums = [f for f in factors if isinstance(f, sp.Sum)]
        if not sums:
            if term.atoms(sp.Indexed):
                raise UnsupportedError(f"the term {term} is not a sum over samples or weights")
            const += term
            continue
        if len(sums) != 1:
            raise UnsupportedError(f"the term {term} has {len(sums)} sums; one per term")
        (S,) = sums
        coef = _scalar_coef(sp.Mul(*[f for f in factors if f is not S]), params)
        if len(S.limits) != 1:
            raise UnsupportedError(f"one index per sum, got {S.limits}")
        idx, lo, hi = S.limits[0]
        body = S.function
        inner = [s for s in body.atoms(sp.Sum)]
        if not inner:  # the penalty sum_j w[j]**2
            bases = {a.base for a in body.atoms(sp.Indexed)}
            if len(bases) != 1 or str(next(iter(bases))) in arrays:
                raise UnsupportedError(f"{S} is not sum_j w[j]**2")
            w = next(iter(bases))
            if sp.simplify(body - w[idx] ** 2) != 0:
                raise UnsupportedError(f"{S} is not sum_j w[j]**2")
            weight = weight or str(w)
            terms.append(RegTerm(coef))
            continue
        if len(inner) != 1:
            raise UnsupportedError(f"one prediction sum per sample, got {inner}")
        (P,) = inner
        (jdx, jlo, jhi), pbody = P.limits[0], P.function
        factors_p = sp.Mul.make_args(pbody)
        Xi = [f for f in factors_p if isinstance(f, sp.Indexed) and len(f.indices) == 2]
        Wj = [f for f in factors_p if isinstance(f, sp.Indexed) and len(f.indices) == 1]
        if len(Xi) != 1 or len(Wj) != 1 or len(factors_p) != 2 or Xi[0].indices != (idx, jdx) or Wj[0].indices != (jdx,):
            raise UnsupportedError(f"{P} is not the prediction sum_j X[i, j]*w[j]")
        Xname, wname = str(Xi[0].base), str(Wj[0].base)
        if Xname not in arrays:
            raise UnsupportedError(f"data {Xname!r} not given")
        Xa = arrays[Xname]
        if Xa.ndim != 2:
            raise DimensionError(f"{Xname} must be a matrix, got shape {Xa.shape}")
        _count(hi, lo, Xa.shape[0], f"samples {idx}", Xa.shape)
        _count(jhi, jlo, Xa.shape[1], f"features {jdx}", Xa.shape)
        weight = weight or wname
        phi = body.xreplace({P: Z})
        labels = [a for a in phi.atoms(sp.Indexed) if a.indices == (idx,)]
        yname = None
        if labels:
            if len({a.base for a in labels}) != 1:
                raise UnsupportedError(f"one label per sample, got {labels}")
            yname = str(labels[0].base)
            phi = phi.xreplace({labels[0]: Y})
        if phi.atoms(sp.Indexed) or idx in phi.free_symbols:
            raise UnsupportedError(f"the per-sample loss {phi} uses the sample index other than through z and y")
        lo_ = match_loss(phi, yname is not None)
        if lo_ is None:
            raise UnsupportedError(f"the per-sample loss {phi} (z = x_i^T w) is not one of the named losses: "
                                   f"{', '.join(sorted(set(LOSSES)))}")
        terms.append(LossTerm(lo_, Xname, yname, coef))
    return DataObjective(tuple(terms), data=data, params=params, weights=weight or "w", const=const)


def _from_matrix(expr: sp.Expr, data: Mapping[str, Any], params: dict) -> DataObjective:
    arrays = {str(k): np.asarray(v, dtype=float) for k, v in data.items()}
    from sympy.matrices.expressions.matexpr import MatrixElement

    if isinstance(expr, MatrixElement):
        expr = expr.parent
    for M in expr.atoms(sp.MatrixSymbol):
        if str(M) in arrays:
            want, have = tuple(M.shape), arrays[str(M)].shape
            have2 = have if len(have) == 2 else (have[0], 1)
            if all(a.is_number for a in want) and tuple(int(a) for a in want) != have2:
                raise DimensionError(f"{M} is declared with shape {tuple(want)} but the data have shape {have}")
    terms = []
    weight = None
    for term in (expr.args if isinstance(expr, sp.MatAdd) else (expr,)):
        parts = term.args if isinstance(term, sp.MatMul) else (term,)
        scal = [p for p in parts if not isinstance(p, sp.MatrixExpr)]
        mats = [p for p in parts if isinstance(p, sp.MatrixExpr)]
        coef = _scalar_coef(sp.Mul(*scal), params)
        if len(mats) == 3 and isinstance(mats[0], sp.Transpose):  # w.T*X.T*X*w written out: not supported
            raise UnsupportedError(f"write {term} as (X*w).T*(X*w)")
        if len(mats) != 2 or sp.simplify((mats[0] - mats[1].T).doit()) != sp.ZeroMatrix(*mats[0].shape):
            raise UnsupportedError(f"the term {term} is not a quadratic form B.T*B")
        B = mats[1]
        if isinstance(B, sp.MatrixSymbol) and str(B) not in arrays:
            weight = weight or str(B)
            terms.append(RegTerm(coef))
            continue
        pieces = B.args if isinstance(B, sp.MatAdd) else (B,)
        prod = [p for p in pieces if isinstance(p, sp.MatMul) and len(p.args) == 2
                and all(isinstance(a, sp.MatrixSymbol) for a in p.args)]
        rest = [p for p in pieces if p not in prod]
        if len(prod) != 1 or str(prod[0].args[0]) not in arrays:
            raise UnsupportedError(f"{B} is not X*w - y")
        Xname, wname = str(prod[0].args[0]), str(prod[0].args[1])
        yname = None
        if rest:
            if len(rest) != 1 or not (isinstance(rest[0], sp.MatMul) and rest[0].args[0] == -1
                                      and isinstance(rest[0].args[1], sp.MatrixSymbol)):
                raise UnsupportedError(f"{B} is not X*w - y")
            yname = str(rest[0].args[1])
        weight = weight or wname
        terms.append(LossTerm(LOSSES["squares"], Xname, yname, coef))
    flat = {k: (v.reshape(-1) if v.ndim == 2 and v.shape[1] == 1 and k != next(
        (t.X for t in terms if isinstance(t, LossTerm)), None) else v) for k, v in arrays.items()}
    return DataObjective(tuple(terms), data=flat, params=params, weights=weight or "w")


def from_sample(loss: sp.Expr, weights: Sequence[sp.Symbol], features: Sequence[sp.Symbol], label: sp.Symbol | None,
                X: Any, y: Any = None, *, reduction: str = "mean", reg: Any = 0,
                params: Mapping[str, Any] | None = None) -> DataObjective:
    """A data objective from a per-sample loss written over a vector of symbols.

    ``f(w) = (1/n) sum_i loss(w; x_i, y_i) + reg ||w||^2`` (``reduction="sum"`` drops ``1/n``).

    Args:
        loss: the per-sample loss in ``weights``, ``features`` and ``label``, e.g.
            ``log(1 + exp(-t*(w0*x0 + w1*x1)))``.
        weights, features: the symbols, one per column of ``X``.
        label: the label symbol (or ``None``).
        X, y: the data.
        reduction: ``"mean"`` or ``"sum"``.
        reg: the coefficient of ``||w||^2``.

    Raises:
        DimensionError: ``weights``, ``features`` and ``X``'s columns disagree.
        UnsupportedError: the loss is not a named loss of ``z = x^T w``.
    """
    Xa = np.asarray(X, dtype=float)
    if len(weights) != len(features) or Xa.ndim != 2 or Xa.shape[1] != len(weights):
        raise DimensionError(f"{len(weights)} weights and {len(features)} features do not fit X of shape {Xa.shape}")
    ws, xs = list(weights), list(features)
    rest = sum(x * w for x, w in zip(xs[1:], ws[1:]))
    phi = sp.simplify(loss.subs(ws[0], (Z - rest) / xs[0]))
    if phi.free_symbols & (set(ws) | set(xs)):
        raise UnsupportedError(f"the loss depends on the weights other than through z = x^T w: {phi}")
    if label is not None:
        phi = phi.subs(label, Y)
    lo = match_loss(phi, label is not None)
    if lo is None:
        raise UnsupportedError(f"the per-sample loss {phi} is not one of the named losses")
    data = {"X": Xa} if label is None else {"X": Xa, "y": np.asarray(y, dtype=float)}
    coef = 1 / N if reduction == "mean" else sp.Integer(1)
    terms: list = [LossTerm(lo, "X", None if label is None else "y", coef)]
    if reg != 0:
        params = dict(params or {})
        terms.append(RegTerm(sp.nsimplify(reg) if not isinstance(reg, sp.Basic) else reg))
    return DataObjective(tuple(terms), data=data, params=params)


def _reg_text(lam: Any) -> tuple[str, dict]:
    return (" + lam/2*norm(w)**2", {"lam": lam}) if lam else ("", {})


def logistic_regression(X: Any, y: Any, lam: Any = 0, labels: str = "pm1") -> DataObjective:
    """``(1/n) sum_i log(1 + exp(-y_i x_i^T w)) + (lam/2)||w||^2`` (``labels="pm1"``), or with ``y in {0, 1}``
    the cross-entropy ``(1/n) sum_i [log(1 + e^{z_i}) - y_i z_i]`` (``labels="01"``)."""
    if labels not in ("pm1", "01"):
        raise ParseError("labels must be 'pm1' or '01'")
    reg, params = _reg_text(lam)
    core = "mean(logistic(y * (X @ w)))" if labels == "pm1" else "mean(bce(X @ w, y))"
    return DataObjective(core + reg, data={"X": X, "y": y}, params=params)


def ridge_regression(X: Any, y: Any, lam: Any = 0) -> DataObjective:
    """``||X w - y||^2/(2n) + (lam/2)||w||^2``."""
    reg, params = _reg_text(lam)
    return DataObjective("norm(X @ w - y)**2/(2*n)" + reg, data={"X": X, "y": y}, params=params)


def softmax_regression(X: Any, Y: Any, lam: Any = 0) -> DataObjective:
    """``(1/n) sum_i [logsumexp(W^T x_i) - y_i^T W^T x_i] + (lam/2)||W||_F^2`` (``Y`` one-hot)."""
    reg = " + lam/2*sumsq(W)" if lam else ""
    return DataObjective("mean(softmax_ce(X @ W, Y))" + reg, data={"X": X, "Y": Y}, params={"lam": lam} if lam else {})


def huber_regression(X: Any, y: Any, delta: Any = 1, lam: Any = 0) -> DataObjective:
    """``(1/n) sum_i huber_delta(x_i^T w - y_i) + (lam/2)||w||^2``."""
    reg, params = _reg_text(lam)
    return DataObjective("mean(huber(X @ w - y, delta))" + reg, data={"X": X, "y": y}, params={**params, "delta": delta})


def poisson_regression(X: Any, y: Any, lam: Any = 0) -> DataObjective:
    """``(1/n) sum_i [exp(x_i^T w) - y_i x_i^T w] + (lam/2)||w||^2`` (log link)."""
    reg, params = _reg_text(lam)
    return DataObjective("mean(poisson(X @ w, y))" + reg, data={"X": X, "y": y}, params=params)


def squared_hinge_svm(X: Any, y: Any, lam: Any = 0) -> DataObjective:
    """``(1/n) sum_i max(0, 1 - y_i x_i^T w)^2 + (lam/2)||w||^2``."""
    reg, params = _reg_text(lam)
    return DataObjective("mean(sqhinge(y * (X @ w)))" + reg, data={"X": X, "y": y}, params=params)
