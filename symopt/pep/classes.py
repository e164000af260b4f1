"""Function classes of symopt.pep (smooth (strongly) convex, convex Lipschitz, convex, indicators)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy as sp

from ..data.constants import theory_parameters
from ..errors import ParameterError, UnsupportedError
from ._exact import _frac
from ..core.parse import parse


# ============================================================================ function classes


def _sym(value: Any) -> sp.Expr:
    if isinstance(value, str):

        return parse(value)
    if isinstance(value, float):
        return sp.Rational(repr(value))
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    return sp.sympify(value, strict=True)  # numbers and SymPy objects only: never text


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


def class_of(constants: Any) -> FunctionClass:
    """The class a data objective belongs to, from its certified constants: ``F_{mu,L}`` when ``mu > 0``,
    else ``F_{0,L}``.

    Args:
        constants: a data objective (:class:`symopt.data.DataObjective`; its
            constants are certified here) or :class:`symopt.data.TheoryParameters`.

    Raises:
        UndecidedError: the data objective has no certified ``L``.
    """
    if hasattr(constants, "loss_terms"):
        constants = theory_parameters(constants)
    mu, L = sp.S(constants.mu), sp.S(constants.L)
    if mu > 0 and mu < L:
        return smooth_strongly_convex(mu, L)
    return smooth_convex(L)


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
