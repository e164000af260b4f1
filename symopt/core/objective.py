"""``Objective``: an immutable scalar objective with exact, cached derivations.

    >>> from symopt import Objective
    >>> obj = Objective("x1**2 + 2*x2**2")
    >>> obj.gradient.T
    Matrix([[2*x1, 4*x2]])
    >>> obj.hessian
    Matrix([
    [2, 0],
    [0, 4]])
    >>> [(cp.point, cp.kind) for cp in obj.critical_points()]
    [({x1: 0, x2: 0}, 'minimum')]

Derivations are *sparse-aware*: the objective is split into its additive terms,
each term is differentiated only with respect to the variables it contains, and
the Hessian is assembled from the gradient's terms the same way (upper triangle,
mirrored).  Separable and chained sums (Rosenbrock in n dimensions, say) then
cost O(terms) instead of O(n x terms).
"""

from __future__ import annotations

import itertools
import math
import sys
import threading
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

import sympy as sp

from ..limits import run_with_budget
from ..config import config
from ..errors import (
    BudgetExceeded,
    DimensionError,
    DomainError,
    ParameterError,
    ParseError,
    SymoptError,
    UnsupportedError,
)
from . import seam
from .derivatives import (
    _as_scalar_expr,
    derivative,
    jacobian,
    natural_key,
    sparse_gradient,
    sparse_hessian,
    sparse_hessian_entries,
)
from .parse import as_expression, has_oversized_number, parse, parse_relations, parse_symbols, symbol
from .points import _NO_FINITE_VALUE, CriticalPoint, CriticalPoints, classify_hessian, exact_sign
from ..errors import SymoptWarning
from .parse import lookalike_warnings
from ..display import shorten
from ..display import latex
from .parse import _split_top_level
from .parse import parse_assignments
from .parse import suggest

if TYPE_CHECKING:
    from ..compile import CompiledObjective

__all__ = [
    "Objective",
    "CriticalPoint",
    "CriticalPoints",
    "jacobian",
    "derivative",
    "sparse_gradient",
    "sparse_hessian",
    "classify_hessian",
    "natural_key",
]

Point = Mapping[Any, Any] | Sequence[Any] | str | int | float | sp.Expr


# ----------------------------------------------------------------------------- helpers


def _resolve(given: Sequence[sp.Symbol], free: Iterable[sp.Symbol]) -> tuple[sp.Symbol, ...]:
    """Declared names matched to the expression's own symbols by name (the user's symbols win)."""
    by_name = {s.name: s for s in free if isinstance(s, sp.Symbol)}
    return tuple(by_name.get(g.name, g) for g in given)


def _by_name(expr: Any, symbols: Iterable[sp.Symbol]) -> Any:
    """``expr`` with each symbol replaced by the one of the same name in ``symbols``."""
    by_name = {s.name: s for s in symbols}
    mapping = {s: by_name[s.name] for s in expr.free_symbols
               if isinstance(s, sp.Symbol) and s.name in by_name and s != by_name[s.name]}
    return expr.xreplace(mapping) if mapping else expr


# ----------------------------------------------------------------------------- results


# ----------------------------------------------------------------------------- signs


# ----------------------------------------------------------------------------- Objective


@dataclass(frozen=True, init=False, eq=False)
class Objective:
    """A scalar objective ``f(variables; params)``.

    Args:
        expr: the formula, as text (parsed safely by :func:`symopt.core.parse.parse`)
            or a SymPy expression.
        variables: names or symbols of the variables (``"x, y"``); default: every
            free symbol that is not a parameter, in natural order (``x2`` before ``x10``).
        params: names of symbolic parameters, kept symbolic until bound.  When
            ``variables`` is given and ``params`` is not, the remaining symbols
            are parameters.
        domain: optional conditions on the variables (``"x > 0, -1 <= y <= 2"``).

    Raises:
        ParseError: text outside the grammar, or a non-real / undefined expression.
        DimensionError: a non-scalar objective, or no variables.
        ParameterError: a symbol named both variable and parameter.
    """

    expr: sp.Expr
    variables: tuple[sp.Symbol, ...]
    params: tuple[sp.Symbol, ...]
    domain: tuple[sp.Rel, ...]
    _lock: threading.RLock = field(repr=False, compare=False)

    def __init__(
        self,
        expr: Any,
        variables: str | Sequence[Any] | None = None,
        params: str | Sequence[Any] | None = None,
        domain: str | Sequence[sp.Rel] | None = None,
    ) -> None:
        if isinstance(expr, Objective):
            expr = expr.expr
        from_text = isinstance(expr, str)
        e = _as_scalar_expr(expr)
        free = e.free_symbols
        given_vars = _resolve(parse_symbols(variables), free) if variables is not None else None
        given_params = _resolve(parse_symbols(params), free) if params is not None else None
        if from_text:
            import warnings

            for message in lookalike_warnings(e):
                warnings.warn(message, SymoptWarning, stacklevel=2)
        _check_declared(free, given_vars, given_params, _from_user(sys._getframe(1)))
        if given_vars is None:
            ps = set(given_params or ())
            vars_ = tuple(sorted((s for s in free if s not in ps), key=natural_key))
        else:
            vars_ = given_vars
        var_set = set(vars_)
        if given_params is None:
            ps = tuple(sorted((s for s in free if s not in var_set), key=natural_key)) if given_vars is not None else ()
        else:
            ps = given_params
        clash = set(vars_) & set(ps)
        if clash:
            raise ParameterError(f"{', '.join(sorted(s.name for s in clash))} named both variable and parameter")
        unknown = free - set(vars_) - set(ps)
        if unknown:
            raise ParameterError(
                f"symbol(s) {', '.join(sorted(s.name for s in unknown))} are neither variables nor parameters"
            )
        if not vars_:
            raise DimensionError("the objective has no variables (give variables=... for a constant)")
        if len(vars_) > config.max_variables:
            raise DimensionError(f"{len(vars_)} variables; the limit is {config.max_variables}")
        object.__setattr__(self, "expr", e)
        object.__setattr__(self, "variables", tuple(vars_))
        object.__setattr__(self, "params", tuple(ps))
        object.__setattr__(self, "domain", _parse_domain(domain, vars_, ps))
        object.__setattr__(self, "_lock", threading.RLock())

    # -- identity ---------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Objective):
            return NotImplemented
        return (self.expr, self.variables, self.params, self.domain) == (
            other.expr,
            other.variables,
            other.params,
            other.domain,
        )

    def __hash__(self) -> int:
        return hash((self.expr, self.variables, self.params, self.domain))

    def __repr__(self) -> str:

        def names(symbols: tuple) -> str:
            shown = [s.name for s in symbols]
            return str(shown) if len(shown) <= 8 else f"[{shown[0]!r}, ..., {shown[-1]!r}] ({len(shown)})"

        extra = f", params={names(self.params)}" if self.params else ""
        dom = f", domain={shorten(', '.join(str(r) for r in self.domain), 60)!r}" if self.domain else ""
        return f"Objective({shorten(self.expr, 100)}, variables={names(self.variables)}{extra}{dom})"

    def _signature_latex(self) -> str:

        head = ", ".join(latex(v) for v in self.variables)
        if self.params:
            head += "; " + ", ".join(latex(p) for p in self.params)
        return f"f({head})"

    def _repr_latex_(self) -> str:
        """``$$f(x, y) = ...$$`` (with the domain, if any) for Jupyter."""

        body = f"{self._signature_latex()} = {latex(self.expr)}"
        if self.domain:
            body += r", \quad " + r",\ ".join(latex(r) for r in self.domain)
        return f"$${body}$$"

    def __getstate__(self) -> dict:
        return {"expr": self.expr, "variables": self.variables, "params": self.params, "domain": self.domain}

    def __setstate__(self, state: dict) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)
        object.__setattr__(self, "_lock", threading.RLock())

    def with_real_symbols(self) -> "Objective":
        """The same objective over symopt's real symbols (:func:`symopt.core.parse.symbol`, same names).

        An objective built from the user's own SymPy symbols keeps them (so
        SymPy's ``subs``/``diff`` work on its results); an analysis that needs
        SymPy to *know* the variables are real (``exp(-x) > 0``, ``sqrt(x**2) =
        |x|``) can run on this view.  Returns ``self`` when every symbol is real already.

        >>> import sympy as sp
        >>> x = sp.Symbol("x")
        >>> Objective(sp.sqrt(x**2)).with_real_symbols().expr
        Abs(x)
        """
        symbols = set(self.variables) | set(self.params)
        if all(s.is_real for s in symbols):
            return self
        mapping = {s: symbol(s.name) for s in symbols if not s.is_real}
        domain = tuple(r.xreplace(mapping) for r in self.domain) or None
        return Objective(self.expr.xreplace(mapping), variables=[mapping.get(v, v) for v in self.variables],
                         params=[mapping.get(p, p) for p in self.params], domain=domain)

    @property
    def n(self) -> int:
        """Number of variables."""
        return len(self.variables)

    # -- derivations (cached) -----------------------------------------------------

    @cached_property
    def gradient(self) -> sp.Matrix:
        """The gradient as an ``n x 1`` column Matrix."""
        return sp.Matrix(self._gradient_entries)

    @cached_property
    def _gradient_entries(self) -> tuple[sp.Expr, ...]:
        return tuple(sparse_gradient(self.expr, self.variables))

    @cached_property
    def hessian(self) -> sp.Matrix:
        """The Hessian as an ``n x n`` symmetric Matrix."""
        H = sp.zeros(self.n, self.n)
        for (i, j), value in self._hessian_entries.items():
            H[i, j] = value
            H[j, i] = value
        return H

    @cached_property
    def _hessian_entries(self) -> dict[tuple[int, int], sp.Expr]:
        return sparse_hessian_entries(self._gradient_entries, self.variables)

    def jacobian(self) -> sp.Matrix:
        """Jacobian of the gradient map (the Hessian); for vector maps see :func:`jacobian`."""
        return self.hessian

    # -- points -------------------------------------------------------------------

    def point(self, value: Point) -> dict[sp.Symbol, sp.Expr]:
        """A point as ``{variable: exact value}`` from a dict, a sequence, a scalar or text.

        >>> Objective("x**2 + y**2").point([1, 0.5])
        {x: 1, y: 1/2}
        >>> Objective("x**2 + y**2").point("y=2, x=-1"), Objective("x**2 + y**2").point("-1, 2")
        ({x: -1, y: 2}, {x: -1, y: 2})

        Raises:
            DimensionError: wrong number of coordinates, or unknown variable names.
        """
        if isinstance(value, str):

            if "=" in value:
                value = parse_assignments(value)
            else:  # coordinates in the variables' order
                value = [parse(piece) for piece, _ in _split_top_level(value)]
        if isinstance(value, Mapping):
            by_name = {v.name: v for v in self.variables}
            result: dict[sp.Symbol, sp.Expr] = {}
            for key, val in value.items():
                name = key.name if isinstance(key, sp.Symbol) else str(key)
                if name not in by_name:
                    raise DimensionError(f"{name!r} is not a variable of this objective ({self._names()})")
                result[by_name[name]] = self._coordinate(name, val)
            missing = [v.name for v in self.variables if v not in result]
            if missing:
                raise DimensionError(f"the point lacks {', '.join(missing)}")
            return {v: result[v] for v in self.variables}
        if isinstance(value, sp.MatrixBase):
            value = list(value)
        elif hasattr(value, "tolist") and not isinstance(value, sp.Basic):
            value = value.tolist()
        if isinstance(value, (sp.Basic, int, float)) and not isinstance(value, bool):
            value = [value]
        if not isinstance(value, (list, tuple)):
            raise DimensionError(f"cannot read a point from {type(value).__name__}")
        flat = list(value)
        if len(flat) != self.n:
            raise DimensionError(f"the point has {len(flat)} coordinate(s); the objective has {self.n} ({self._names()})")
        return {v: self._coordinate(v.name, c) for v, c in zip(self.variables, flat)}

    def _coordinate(self, name: str, value: Any) -> sp.Expr:
        """One coordinate of a point: a number, or an expression in the objective's own symbols
        (parameters; variables for a family of points such as ``{x: 0, y: y}``)."""
        e = as_expression(value)
        params = {p.name for p in self.params} | {v.name for v in self.variables}
        stray = sorted(s.name for s in e.free_symbols if getattr(s, "name", None) not in params)
        if stray:

            hint = suggest(stray[0], [v.name for v in self.variables] + sorted(params))
            raise DimensionError(f"the point's coordinate {name} = {e} is not a number "
                                 f"({', '.join(stray)} is not a symbol of the objective{hint})")
        return e

    def _names(self) -> str:
        return ", ".join(v.name for v in self.variables)

    def _vector(self, u: Any) -> sp.Matrix:
        if isinstance(u, str):

            u = [parse(p) for p, _ in _split_top_level(u)]
        if isinstance(u, Mapping):
            u = list(self.point(u).values())
        if isinstance(u, sp.MatrixBase):
            u = list(u)
        elif hasattr(u, "tolist") and not isinstance(u, sp.Basic):
            u = u.tolist()
        if isinstance(u, (sp.Basic, int, float)) and not isinstance(u, bool):
            u = [u]
        if len(u) != self.n:
            raise DimensionError(f"the vector has {len(u)} entries; the objective has {self.n} variables")
        return sp.Matrix([as_expression(c) for c in u])

    def value_at(self, point: Point) -> sp.Expr:
        """Exact value at a point (under the ``evaluate`` budget).

        Raises:
            BudgetExceeded: SymPy's automatic simplification of the exact
                numbers ran out of time (e.g. it tried to factor a huge integer).
            DomainError: SymPy cannot form a value there (``min(x, 1/x)`` at 0);
                a pole it can name comes back as ``zoo`` (``1/x`` at 0).
        """
        return _substitute(self.expr, self.point(point))

    def gradient_at(self, point: Point) -> sp.Matrix:
        """Exact gradient at a point (under the ``evaluate`` budget)."""
        return _substitute(self.gradient, self.point(point))

    def hessian_at(self, point: Point) -> sp.Matrix:
        """Exact Hessian at a point (under the ``evaluate`` budget)."""
        return _substitute(self.hessian, self.point(point))

    # -- models and directions ----------------------------------------------------------

    def taylor(self, point: Point, order: int = 2) -> sp.Expr:
        r"""Multivariate Taylor polynomial of the given order about ``point``.

        .. math:: T_k(x) = \sum_{|\alpha| \le k} \frac{\partial^\alpha f(p)}{\alpha!} (x - p)^\alpha

        >>> Objective("exp(x)").taylor({"x": 0}, order=3)
        x**3/6 + x**2/2 + x + 1

        The model is written in powers of ``(x - a)`` (``.expand()`` multiplies it out):

        >>> Objective("x**3 + x*y").taylor({"x": 1, "y": 2}, order=2)
        3*(x - 1)**2 + (x - 1)*(y - 2) + 5*(x - 1) + (y - 2) + 3

        Raises:
            DimensionError: order not a non-negative integer (at most 12).
        """
        if isinstance(order, bool) or not isinstance(order, int) or order < 0:
            raise DimensionError(f"order must be a non-negative integer, got {order!r}")
        if order > 12:
            raise DimensionError("order must be at most 12")
        p = self.point(point)
        return run_with_budget(self._taylor, p, order, step="taylor")

    def _taylor(self, p: dict, order: int) -> sp.Expr:
        derivatives: dict[tuple[int, ...], sp.Expr] = {(): self.expr}
        terms = [_exact_at(self.expr, p)]
        shifts = [v - p[v] for v in self.variables]
        for k in range(1, order + 1):
            for combo in itertools.combinations_with_replacement(range(self.n), k):
                parent = derivatives.get(combo[:-1])
                if parent is None or parent == 0:
                    derivatives[combo] = sp.S.Zero
                    continue
                d = parent.diff(self.variables[combo[-1]])
                derivatives[combo] = d
                if d == 0:
                    continue
                coefficient = _exact_at(d, p)
                if coefficient == 0:
                    continue
                counts: dict[int, int] = {}
                for i in combo:
                    counts[i] = counts.get(i, 0) + 1
                denominator = math.prod(math.factorial(c) for c in counts.values())
                monomial = sp.Mul(*[shifts[i] ** c for i, c in counts.items()])
                factor = coefficient / denominator
                if monomial.is_Add:
                    # keep 3*(x - 1) in powers of (x - a): SymPy would distribute a number over a sum
                    terms.append(sp.Mul(factor, monomial, evaluate=False))
                else:
                    terms.append(factor * monomial)
        return sp.Add(*terms)

    def directional_derivative(self, u: Any, point: Point | None = None, normalize: bool = False) -> sp.Expr:
        r"""Directional derivative :math:`u^\top \nabla f` (at ``point`` if given).

        Args:
            u: the direction (sequence, dict or text ``"1, 2"``).
            point: where to evaluate; ``None`` gives the expression.
            normalize: divide by :math:`\|u\|` first (Goodfellow's unit-vector form).
        """
        vec = self._vector(u)
        if normalize:
            norm = sp.sqrt(sum(c**2 for c in vec))
            if norm == 0:
                raise DimensionError("cannot normalise the zero vector")
            vec = vec / norm
        g = self.gradient if point is None else self.gradient_at(point)
        return (vec.T * g)[0, 0]

    def steepest_descent(self, point: Point | None = None) -> sp.Matrix:
        r"""Unit direction of steepest descent, :math:`-\nabla f / \|\nabla f\|`.

        At a point where the gradient vanishes the zero vector is returned.
        """
        g = self.gradient if point is None else self.gradient_at(point)
        norm = sp.sqrt(sum(c**2 for c in g))
        if norm == 0:
            return sp.zeros(self.n, 1)
        return -g / norm

    def optimal_step(self, point: Point) -> sp.Expr:
        r"""Step :math:`\epsilon^* = g^\top g / g^\top H g` minimising the quadratic model along :math:`-g`.

        Returns ``oo`` when :math:`g^\top H g \le 0` (the model decreases without
        bound along :math:`-g`) and ``0`` when :math:`g = 0`.
        """
        g = self.gradient_at(point)
        H = self.hessian_at(point)
        gg = sp.nsimplify((g.T * g)[0, 0]) if not g.free_symbols else (g.T * g)[0, 0]
        gHg = (g.T * H * g)[0, 0]
        if gg == 0:
            return sp.S.Zero
        sign = exact_sign(gHg)
        if sign is not None and sign <= 0:
            return sp.oo
        return sp.simplify(gg / gHg) if sign is None else gg / gHg

    def condition_number(self, point: Point) -> sp.Expr:
        r"""Condition number :math:`\max|\lambda| / \min|\lambda|` of the Hessian at ``point``.

        Exact for diagonal Hessians and those whose eigenvalues SymPy finds within
        budget; otherwise a 30-digit float.  ``oo`` for a singular Hessian.

        Raises:
            ParameterError: the Hessian there depends on unbound parameters and
                is not diagonal.
            DomainError: the Hessian has no finite value there (``1/x`` at 0,
                ``abs(x)`` at its kink).
        """
        H = self.hessian_at(point)
        if any(e.has(*_NO_FINITE_VALUE) for e in H):
            raise DomainError("the Hessian has no finite value at this point (a pole or a kink)")
        if H.is_diagonal():
            eigs = [H[i, i] for i in range(self.n)]
        elif H.free_symbols:
            raise ParameterError("the Hessian depends on parameters: bind them first (obj.bind(...))")
        else:
            try:
                found = run_with_budget(lambda: H.eigenvals(multiple=True), step="eigen")
                eigs = list(found)
            except (BudgetExceeded, SymoptError, NotImplementedError):
                eigs = []
            if len(eigs) != self.n or any(e.has(sp.CRootOf) for e in eigs):
                import mpmath

                with mpmath.workdps(30):
                    ev = mpmath.eigsy(mpmath.matrix(H.evalf(30).tolist()))[0]
                eigs = [sp.Float(str(v), 30) for v in ev]
        absolutes = [sp.Abs(sp.radsimp(e)) if e.is_number else sp.Abs(e) for e in eigs]
        try:
            smallest, largest = sp.Min(*absolutes), sp.Max(*absolutes)
        except ValueError as exc:  # SymPy: "The argument ... is not comparable"
            raise DomainError(f"the Hessian's eigenvalues cannot be compared: {exc}") from None
        if smallest == 0:
            return sp.oo
        ratio = largest / smallest
        return sp.radsimp(ratio) if ratio.is_number else ratio

    # -- critical points ------------------------------------------------------------

    def critical_points(self, numeric: bool = True, radius: float | None = None, starts: int = 64, seed: int = 0, *,
                        box: Any = None, digits: int = 15) -> CriticalPoints:
        """Points where the gradient vanishes, each with its proved kind.

        A thin convenience over :func:`symopt.critical.critical_points` (see there):
        polynomial gradients are solved exactly and completely (Groebner basis, shape
        lemma, certified real-root isolation); other gradients are searched in a box
        (``box``, or ``[-radius, radius]^n``, default ``[-10, 10]^n``) by interval
        Krawczyk branch-and-bound.  ``complete`` is true only when certified;
        ``status`` says where, ``check()`` re-verifies the certificate.

        ``numeric=False`` skips the box search (non-polynomial objectives then get only
        SymPy's exact solutions, never complete); ``starts`` and ``seed`` (the former
        Newton search's) are accepted for compatibility and unused.
        """
        if box is None and radius is not None:
            box = radius
        return seam.critical().critical_points(self, box=box, digits=digits, numeric=numeric)

    def global_minimum(self, box: Any = None) -> Any:
        """A certified enclosure of ``min f`` (over ``R^n`` or ``box``): see :func:`symopt.critical.global_minimum`."""
        return seam.critical().global_minimum(self, box=box)

    # -- parameters and compilation -------------------------------------------------

    def bind(self, values: Mapping[Any, Any] | None = None, **kw: Any) -> "Objective":
        """A new objective with parameters replaced by values.

        >>> Objective("a*x**2", variables="x").bind(a=3).expr
        3*x**2

        Raises:
            ParameterError: a name that is not a parameter.
        """
        mapping = self._param_values({**(dict(values) if values else {}), **kw}, require_all=False)
        rest = tuple(p for p in self.params if p not in mapping)
        return Objective(self.expr.xreplace(mapping), variables=self.variables, params=rest, domain=self.domain)

    def _param_values(self, values: Mapping[Any, Any], require_all: bool) -> dict[sp.Symbol, sp.Expr]:
        by_name = {p.name: p for p in self.params}
        result: dict[sp.Symbol, sp.Expr] = {}
        for key, val in values.items():
            name = key.name if isinstance(key, sp.Symbol) else str(key)
            if name not in by_name:
                known = ", ".join(by_name) or "none"
                raise ParameterError(f"{name!r} is not a parameter of this objective (parameters: {known})")
            expr = as_expression(val)
            if expr.free_symbols:
                raise ParameterError(f"parameter {name} must get a number, got {expr}")
            result[by_name[name]] = expr
        if require_all:
            missing = [p.name for p in self.params if p not in result]
            if missing:
                raise ParameterError(f"unbound parameter(s): {', '.join(missing)}; pass them, e.g. compile({missing[0]}=1)")
        return result

    def compile(self, backend: str = "numpy", **param_values: Any) -> "CompiledObjective":
        """NumPy callables ``value``, ``grad``, ``hess``, batched over leading axes.

        Args:
            backend: ``"numpy"`` (default), ``"symengine"`` (needs ``symopt-toolkit[fast]``)
                or ``"jax"`` (needs ``symopt-toolkit[jax]``; returns JAX arrays).  With
                SymEngine installed, kernels of every backend are derived with
                SymEngine when the objective only holds nodes it differentiates
                as symopt does; ``obj.gradient`` / ``obj.hessian`` stay SymPy.
            **param_values: a number for every parameter.

        Raises:
            ParameterError: a parameter left unbound, or an unknown one.
        """

        return seam.compile_package().compile_objective(self, backend=backend, **param_values)


def _from_user(frame: Any) -> bool:
    """Whether the Objective is built by the user (or the CLI), not by symopt's own modules."""
    module = frame.f_globals.get("__name__", "") if frame is not None else ""
    return not module.startswith("symopt.") or module.startswith("symopt.cli")


def _check_declared(free: set, given_vars: Sequence[sp.Symbol] | None, given_params: Sequence[sp.Symbol] | None,
                    warn: bool = True) -> None:
    """Declared names that do not occur: an error when they look like a typo, else a warning.

    A declared variable that does not occur while a symbol of the objective is
    left undeclared (``"x**2 + y**2"`` with ``variables="x, z"``) is a typo:
    ParameterError with "did you mean".  A declared name that does not occur
    otherwise (a variable the function is constant in, a parameter list shared
    by several objectives) is legitimate and gets a SymoptWarning.
    """
    import warnings


    names = {s.name for s in free}
    if not names:  # a constant: declaring its variables is the only way to build it
        return
    declared = {s.name for s in (given_vars or ())} | {s.name for s in (given_params or ())}
    undeclared = sorted(names - declared) if given_vars is not None else []
    for kind, given in (("variable", given_vars), ("parameter", given_params)):
        for s in given or ():
            if s.name in names:
                continue
            pool = sorted(names - declared) or sorted(names)
            hint = suggest(s.name, pool)
            if not hint and len(undeclared) == 1:
                hint = f" (did you mean {undeclared[0]!r}?)"
            if kind == "variable" and undeclared:
                raise ParameterError(
                    f"variable {s.name!r} does not occur in the objective, while {', '.join(undeclared)} "
                    f"{'is' if len(undeclared) == 1 else 'are'} not declared{hint or ''}; "
                    f"the objective's symbols are {', '.join(sorted(names)) or 'none'}")
            if warn:
                warnings.warn(f"{kind} {s.name!r} does not occur in the objective{hint} "
                              f"(its symbols: {', '.join(sorted(names))})", SymoptWarning, stacklevel=4)
    if warn and given_vars is not None and given_params is None and undeclared:
        # documented behaviour (the other symbols are parameters), but a typo looks the same
        listed = ", ".join(undeclared)
        warnings.warn(f"{listed} {'is' if len(undeclared) == 1 else 'are'} not declared and taken as "
                      f"parameter{'s' if len(undeclared) > 1 else ''}; say params={listed!r} "
                      f"(or add {'it' if len(undeclared) == 1 else 'them'} to the variables)",
                      SymoptWarning, stacklevel=4)


def _parse_domain(domain: Any, variables: Sequence[sp.Symbol], params: Sequence[sp.Symbol]) -> tuple[sp.Rel, ...]:
    if domain is None:
        return ()

    if isinstance(domain, str):
        try:
            rels = parse_relations(domain)
        except ParseError as exc:
            raise DomainError(f"domain does not parse: {exc.reason}") from None
    else:
        rels = tuple(domain)
    allowed = set(variables) | set(params)
    for rel in rels:
        if not isinstance(rel, sp.core.relational.Relational):
            raise DomainError(f"domain entries must be inequalities, got {rel!r}")
        rel = _by_name(rel, allowed)
        extra = rel.free_symbols - allowed
        if extra:

            names = sorted(s.name for s in extra)
            hint = suggest(names[0], [s.name for s in allowed])
            raise DomainError(f"domain mentions {', '.join(names)}, not a variable{hint}")
    return tuple(_by_name(r, allowed) for r in rels)


def _mixed_trigonometric_factor(eqs: Sequence[sp.Expr], variables: Sequence[sp.Symbol]) -> str | None:
    """See :func:`symopt.critical.solve.mixed_trigonometric_factor` (kept importable here)."""
    return seam.critical().mixed_trigonometric_factor(eqs, variables)


def _substitute(target: Any, point: dict) -> Any:
    """``target.xreplace(point)`` under the ``evaluate`` budget.

    Exact substitution makes SymPy evaluate numbers eagerly, which can mean
    factoring a huge integer (``sqrt`` of a rational with thousands of digits).
    """
    return run_with_budget(_exact_at, target, point, step="evaluate")


def _exact_at(target: Any, point: dict) -> Any:
    """``target.xreplace(point)``; :class:`DomainError` where SymPy refuses to form
    the value (``Min(0, zoo)`` raises "not comparable"): the point is outside the domain."""
    _refuse_huge_powers(target, point)
    try:
        value = target.xreplace(point)
    except (ValueError, TypeError, ZeroDivisionError) as exc:
        if isinstance(exc, SymoptError):
            raise
        where = ", ".join(f"{k} = {v}" for k, v in point.items())
        raise DomainError(f"no value at {where} (SymPy: {exc})") from None
    _check_number_sizes(value)
    return value


def _refuse_huge_powers(target: Any, point: dict) -> None:
    """A size limit checked *before* exact evaluation (work in one long C call is not counted).

    Substituting without evaluation, every power of numbers ``b**e`` is sized first:
    ``|e| * log2|b|`` bits.  Past ``config.max_power_bits`` SymPy would build a
    number that large and, for a fractional exponent, try to factor it (a
    primality test on a 5,000-digit integer is one ``pow`` that runs for minutes),
    so the value is refused here, deterministically, with the size named.
    """
    with sp.evaluate(False):
        try:
            unevaluated = target.xreplace(point)
        except (ValueError, TypeError, ZeroDivisionError):
            return  # the evaluating pass reports it
    nodes = unevaluated.atoms(sp.Pow) if isinstance(unevaluated, sp.Basic) else set()
    if isinstance(unevaluated, sp.MatrixBase):
        nodes = set().union(*(entry.atoms(sp.Pow) for entry in unevaluated))
    for node in nodes:
        base, exponent = node.args
        if base.free_symbols or exponent.free_symbols or not base.is_number or not exponent.is_number:
            continue
        try:
            size = abs(float(sp.N(exponent, 15))) * abs(float(sp.N(sp.log(abs(base), 2), 15)))
        except (TypeError, ValueError, OverflowError):
            continue
        if size > config.max_power_bits:
            raise UnsupportedError(
                f"the exact value needs a number of about {size:,.0f} bits (a power of numbers past "
                f"the size limit config.max_power_bits = {config.max_power_bits}); evaluate in floats "
                "instead (obj.compile())"
            )


def _check_number_sizes(value: Any) -> None:
    """The parser's size limit on numbers, applied to an exact result: ``x**0.79129`` at
    ``20871/100000`` is a root of a 5000-digit integer, which cannot even be printed."""
    if has_oversized_number(value):
        raise UnsupportedError(
            f"the exact value has a number of more than {config.max_power_bits} bits; "
            "evaluate in floats instead (obj.compile())"
        )


