"""The terms of a data objective: a loss summed over the rows of a data matrix, and the L2 penalty."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from .losses import Loss

__all__ = ["N", "LossTerm", "RegTerm"]

#: The number of samples of a term, as it appears in the coefficients (``mean`` is ``sum / n``).
N = sp.Symbol("n", positive=True, integer=True)

@dataclass(frozen=True)
class LossTerm:
    """``coef * sum_i phi(x_i^T w, y_i)`` over the rows of the data matrix ``X``.

    Attributes:
        loss: the per-sample loss.
        X: the name of the data matrix.
        y: the name of the labels (``None``: ``y = 1`` for margins, ``0`` for residuals).
        coef: the coefficient, in :data:`N` (the term's sample count) and the scalar parameters.
        delta: Huber's threshold (1 for the other losses).
    """

    loss: Loss
    X: str
    y: str | None
    coef: sp.Expr
    delta: sp.Expr = sp.Integer(1)

    def text(self) -> str:
        """The term as text: ``mean(logistic(y * (X w)))``."""
        z = f"{self.X} {'W' if self.loss.kind == 'multiclass' else 'w'}"
        y = self.y or ("1" if self.loss.kind == "margin" else "0")
        kind = self.loss.kind
        arg = {"margin": f"{y} * ({z})", "residual": f"{z} - {y}", "glm": f"{z}, {y}", "multiclass": f"{z}, {y}"}[kind]
        if self.loss.name == "huber" and self.delta != 1:
            arg += f", {self.delta}"
        c = sp.simplify(self.coef * N)
        if c == 1:
            return f"mean({self.loss.name}({arg}))"
        head = f"sum({self.loss.name}({arg}))"
        return head if self.coef == 1 else f"{_coef_text(self.coef)} {head}"


@dataclass(frozen=True)
class RegTerm:
    """``coef * ||w||^2`` (the Frobenius norm for a weight matrix)."""

    coef: sp.Expr

    def text(self) -> str:
        """The term as text."""
        return f"{_coef_text(self.coef)} ||w||^2" if self.coef != 1 else "||w||^2"


def _coef_text(c: sp.Expr) -> str:
    s = str(c)
    return s if re.fullmatch(r"[\w/.*]+", s) else f"({s})"


