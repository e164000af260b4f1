"""The local order of any user-written iteration ``x <- F(x)`` at a fixed point, derived exactly.

``iteration_order`` (``symopt.rates.order`` is its old name) reads the order
and constant off the error map's first non-zero Taylor coefficient.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Mapping

import mpmath
import sympy as sp

from ..limits import run_with_budget
from ..errors import BudgetExceeded, DimensionError, DomainError, ParameterError, ParseError, UndecidedError
from ..exact.schur import characteristic_polynomial, constant_sign, eigenvalues, linear_boundary, unit_circle_analysis
from ..exact.signs import NONSMOOTH
from ..core.parse import as_expression, parse, parse_assignments, parse_symbols, symbol
from ._common import (_budgeted_simplify, _clip, _json_order, _fmt, _maybe_float, _mp_callable, _observed_order, _order,
                      _symopt_errors_only)
from ._fields import _AlgebraicField, _ExprField, _zero_test, certified_decimals
from .fixed import certify_zeros, enclose_on, exact_point, exact_zero_in, numeric_point
from .multistep import (chain_roles, fractional_denominator, is_two_step, multi_step_empirical, multi_step_order,
                        puiseux_empirical, puiseux_order, two_step_empirical, two_step_order, two_step_roles)

__all__ = ["IterationOrder", "iteration_order"]


@dataclass(frozen=True, repr=False)
class IterationOrder:
    """Local order of convergence of an iteration ``x <- F(x)`` at a fixed point ``x*``.

    ``|e_{k+1}| ~ constant * |e_k|^order`` with ``e_k = x_k - x*``, read off the
    first non-zero Taylor coefficient of the error map ``E(e) = F(x* + e) - x*``.

    Attributes:
        map: ``F`` (one expression; a tuple for a vector iteration).
        point: ``{x: x*}``.
        order: 1, 2, 3, ..., a rational from a Puiseux expansion (``4/3``), the root of
            an indicial equation for a two-step map (``(1 + sqrt 5)/2``), or ``None``
            (undecided, see ``note``).
        constant: ``|c|`` for the leading term ``c e^p`` (scalar); for order 1 the
            rate (the spectral radius of the Jacobian for a vector iteration); for a
            two-step map ``K`` in ``e_(k+1) ~ K e_k^p``, ``None`` where that ratio has no limit.
        signed_constant: ``c`` (scalar iterations; ``C`` of ``C e_k^a e_(k-1)^b`` for two-step maps).
        coefficients: the error map's Taylor coefficients ``c_1, c_2, ...`` computed (scalar).
        converges: ``True`` when iterates close enough to x* converge (order >= 2, or
            rate < 1), ``False`` when the rate is > 1, ``None`` when undecided (rate 1).
        empirical_order, empirical_constant: the same read from mpmath iterates.
        note: how it was decided.
        enclosure: the certified box of a fixed point given by decimals or an interval
            (:class:`~symopt.theory.fixed.FixedPointEnclosure`), else ``None``.
    """
    map: Any
    point: dict
    order: Any
    constant: Any
    signed_constant: Any = None
    coefficients: tuple = ()
    converges: bool | None = None
    empirical_order: float | None = None
    empirical_constant: float | None = None
    note: str = ""
    enclosure: Any = None

    def __repr__(self) -> str:
        where = ", ".join(f"{k}={_clip(v, 30)}" for k, v in self.point.items())
        if self.order is None:
            return f"IterationOrder({where}: order undecided)"
        odec = None if sp.sympify(self.order).is_Rational else certified_decimals(self.order, 12)
        order = f"{self.order}" + (f" = {odec}..." if odec else "")
        if self.constant is None:
            return f"IterationOrder({where}: order {order}, no asymptotic constant)"
        dec = None if isinstance(self.constant, sp.Float) else certified_decimals(self.constant, 12)
        return (f"IterationOrder({where}: order {order}, constant {_clip(self.constant, 40)}"
                + (f" = {dec}..." if dec else "") + ")")

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        s = lambda v: None if v is None else str(v)  # noqa: E731
        return {"map": s(self.map), "point": {k.name: str(v) for k, v in self.point.items()},
                "order": _json_order(self.order), "order_float": _maybe_float(self.order),
                "constant": s(self.constant), "constant_float": _maybe_float(self.constant),
                "signed_constant": s(self.signed_constant), "converges": self.converges,
                "empirical_order": self.empirical_order, "empirical_constant": self.empirical_constant,
                "note": self.note, "enclosure": None if self.enclosure is None else self.enclosure.to_dict()}


def _read_map(rule: Any, variable: Any = None) -> tuple[list[sp.Symbol], list[sp.Expr]]:
    """``(variables, images)`` from ``"x - f/f'"``, ``"x = ..."``, ``"x = ...; y = ..."`` or SymPy."""

    if isinstance(rule, str) and "=" in rule.replace("==", "").replace("<=", "").replace(">=", ""):
        pieces = [p.strip() for line in rule.split("\n") for p in line.split(";") if p.strip()]
        names, images = [], []
        for piece in pieces:
            if piece.count("=") != 1:
                raise ParseError(f"expected 'name = expression', got {piece!r}", piece, 0)
            lhs, rhs = piece.split("=")
            (name,) = parse_symbols([lhs.strip()])
            names.append(name)
            images.append(parse(rhs))
        out = []
        for nm, img in zip(names, images):  # simultaneous: every right-hand side uses the old values
            out.append(img)
        return names, out
    if isinstance(rule, (list, tuple)):
        exprs = [parse(r) if isinstance(r, str) else as_expression(r) for r in rule]
    else:
        exprs = [parse(rule) if isinstance(rule, str) else as_expression(rule)]
    # symopt matches symbols by name: the user's own sp.Symbol("x") is symopt's real x
    exprs = [e.xreplace({s: symbol(s.name) for s in e.free_symbols if isinstance(s, sp.Symbol)}) for e in exprs]
    if variable is not None:
        vs = list(parse_symbols(variable))
    else:
        free = set().union(*[e.free_symbols for e in exprs])
        vs = sorted(free, key=lambda t: t.name) if len(exprs) == len(free) else []
        if not vs and len(exprs) == 1 and len(free) >= 1:
            cands = [s for s in free if s.name == "x"]
            vs = cands if cands else []
        if len(vs) != len(exprs):
            names = sorted(s.name for s in free)
            raise DimensionError(f"name the iteration's variable(s) among {', '.join(names)}: variable='{names[-1]}' "
                                 f"(or write '{names[-1]} = ...')")
    if len(vs) != len(exprs):
        raise DimensionError(f"{len(exprs)} update expression(s) for {len(vs)} variable(s)")
    return vs, exprs


def _rational_parts(F: sp.Expr, x: sp.Symbol) -> tuple[sp.Poly, sp.Poly] | None:
    try:
        num, den = sp.fraction(run_with_budget(sp.together, F, step="simplify"))
        if not (num.is_polynomial(x) and den.is_polynomial(x)):
            return None
        N, D = sp.Poly(num, x), sp.Poly(den, x)
    except (BudgetExceeded, sp.PolynomialError, TypeError, ValueError):
        return None
    if not all(c.is_Rational for c in N.coeffs() + D.coeffs()):
        return None
    return N, D


def _error_coefficients(F: sp.Expr, x: sp.Symbol, x0: sp.Expr, count: int) -> tuple[Any, list]:
    """``(field, [E_0, E_1, ..., E_count])``: Taylor coefficients of ``F(x0 + e) - x0`` in exact arithmetic.

    A rational ``F`` with rational coefficients is expanded as a quotient of
    two Taylor-shifted polynomials (common powers of ``e`` cancelled: removable
    singularities such as ``f/f'`` at a multiple root are fine), in ``QQ(x0)``
    when ``x0`` is algebraic.  Otherwise the derivatives of ``F`` at ``x0``.
    """
    parts = _rational_parts(F, x)
    if parts is not None:
        N, D = parts
        field = _AlgebraicField.of(x0) or _ExprField()

        def taylor(P: sp.Poly) -> list:
            if P.is_zero:
                return [field.const(0)]
            out, d, fact = [], P, 1
            for k in range(P.degree() + 1):
                val = field.of_poly(d) if isinstance(field, _AlgebraicField) else d.as_expr().xreplace({x: x0})
                out.append(field.div(val, field.const(fact)))
                d = d.diff(x)
                fact *= k + 1
            return out

        Nc, Dc = taylor(N), taylor(D)
        a = next((k for k, c in enumerate(Nc) if not field.is_zero(c)), None)
        b = next((k for k, c in enumerate(Dc) if not field.is_zero(c)), None)
        if b is None:
            raise DomainError("the iteration map's denominator vanishes identically")
        if a is None:
            coeffs = [field.const(0)] * (count + 1)
        else:
            if a < b:
                raise DomainError(f"the iteration map has a pole at {x} = {x0}")
            Np, Dp = Nc[a:], Dc[b:]
            pad = lambda L: L + [field.const(0)] * (count + 1 - len(L)) if len(L) < count + 1 else L  # noqa: E731
            Np, Dp = pad(Np), pad(Dp)
            Q = [field.div(Np[0], Dp[0])]
            for k in range(1, count + 1):
                acc = Np[k]
                for j in range(1, k + 1):
                    acc = acc - field.mul(Dp[j], Q[k - j])
                Q.append(field.div(acc, Dp[0]))
            shift = a - b
            coeffs = [field.const(0)] * shift + Q
            coeffs = coeffs[: count + 1]
        coeffs[0] = coeffs[0] - field.const(x0) if not isinstance(field, _AlgebraicField) else \
            coeffs[0] - field.of_poly(sp.Poly(x, x))
        if len(coeffs) > 1:
            pass
        return field, coeffs
    field = _ExprField()
    if F.xreplace({x: x0}).has(sp.nan, sp.zoo, sp.oo, -sp.oo):  # 0/0 at x* (Steffensen): one series, not limits
        e = sp.Dummy("e")
        ser = run_with_budget(lambda: sp.expand(sp.series(F.xreplace({x: x0 + e}) - x0, e, 0, count + 1).removeO()),
                              step="series")
        if not ser.is_polynomial(e):
            raise UndecidedError("the error map's expansion is not a power series at x*")
        return field, [ser.coeff(e, k) for k in range(count + 1)]
    coeffs = []
    d = F
    fact = 1
    for k in range(count + 1):
        v = d.xreplace({x: x0})
        if v.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            v = run_with_budget(sp.limit, d, x, x0, step="series")
        coeffs.append(v / fact - (x0 if k == 0 else 0))
        d = sp.diff(d, x)
        fact *= k + 1
    return field, coeffs


@_symopt_errors_only
def iteration_order(rule: Any, at: Any, variable: Any = None, check: bool = True, max_order: int = 8) -> IterationOrder:
    """Order and asymptotic constant of a user-written iteration at a fixed point.

    The error map ``E(e) = F(x* + e) - x*`` is expanded exactly: ``E(0) = 0``
    (else ``at`` is not a fixed point), and its first non-zero Taylor
    coefficient ``c_p e^p`` gives ``|e_{k+1}| ~ |c_p| |e_k|^p``.  Zero tests are
    exact (arithmetic in ``QQ(x*)`` for rational maps at algebraic points) or
    certified (interval enclosure excluding 0; exact simplification to 0);
    otherwise the order is undecided, never guessed.  An mpmath run at high
    precision cross-checks the order and constant.

    A vector iteration ``x = ...; y = ...`` is linear with rate ``rho(J)``
    (spectral radius of the Jacobian at x*) when ``J != 0``; when ``J = 0`` and a
    second derivative is non-zero, it is quadratic (constant not reduced to a
    number: it depends on the norm).  A two-step map ``x = F(x, xp); xp = x``
    (the secant method in any form) gets its order from the error recursion
    ``e_(k+1) ~ C e_k^a e_(k-1)^b`` (:mod:`symopt.theory.multistep`); fractional
    powers of ``x - x*`` a Puiseux order (``4/3``).

    A fixed point given by decimals or an interval (``0.739``, ``"x = [0.73, 0.74]"``,
    ``{"x": (0.73, 0.74)}``) is certified first (Krawczyk: exactly one fixed point
    in a box, the only one in the interval given; :mod:`symopt.theory.fixed`),
    and the order decided there from interval enclosures of the derivatives.

    Args:
        rule: ``"x - (x**3 - 2)/(3*x**2)"`` or ``"x = ..."`` (or several lines
            for a vector iteration), or SymPy.
        at: the fixed point (``"x = 2**(1/3)"``, a number, a dict), or decimals or
            intervals for a fixed point without a closed form.
        variable: the variable, when the rule has several symbols.
        check: run the mpmath cross-check.
        max_order: the highest order looked for.

    >>> r = iteration_order("x - 2*(x**3 - 2)*3*x**2/(2*(3*x**2)**2 - (x**3 - 2)*6*x)", at="2**(1/3)")
    >>> r.order, r.constant
    (3, 2**(1/3)/3)
    >>> iteration_order("x - 2*(x - 1)**2*(x + 3)/(2*(x - 1)*(x + 3) + (x - 1)**2)", at=1).order
    2
    """
    vs, images = _read_map(rule, variable)
    guess = numeric_point(at, vs)  # decimals or intervals: a fixed point known to finitely many digits
    if guess is not None:
        exact = exact_point(guess)
        if exact is None or any(_zero_test(img.xreplace(exact) - exact[v]) is not True for v, img in zip(vs, images)):
            return _order_certified(images, vs, guess, check)
        at = exact  # the decimals are an exact fixed point: the exact analysis
    if isinstance(at, Mapping):
        point = {(symbol(k) if isinstance(k, str) else symbol(k.name)): as_expression(v) for k, v in at.items()}
    elif isinstance(at, str) and "=" in at:

        point = dict(parse_assignments(at))
    elif isinstance(at, (list, tuple)):
        point = {v: as_expression(a) for v, a in zip(vs, at)}
    else:
        point = {vs[0]: parse(at) if isinstance(at, str) else as_expression(at)}
    missing = [v.name for v in vs if v not in point]
    if missing:
        raise DimensionError(f"the fixed point gives no value for {', '.join(missing)}")
    extra = set().union(*[e.free_symbols for e in images]) - set(vs)
    if len(vs) > 1:
        return _order_vector(vs, images, point, extra, check)
    (x,) = vs
    F = images[0]
    x0 = point[x]
    if F.has(*NONSMOOTH):
        return IterationOrder(F, point, None, None, note="the map is not smooth (abs/max/sign/...): order not derived")
    q = fractional_denominator(F, x, x0)
    if q > 1 and not extra:
        return _order_puiseux(F, x, x0, point, q, check)
    try:
        field, coeffs = run_with_budget(_error_coefficients, F, x, x0, max_order, step="taylor")
        if extra:
            raise UndecidedError("parameters " + ", ".join(sorted(s.name for s in extra)))
        if not field.is_zero(coeffs[0]):
            raise DomainError(f"{x} = {x0} is not a fixed point of the iteration (F(x*) - x* = "
                              f"{_clip(field.to_expr(coeffs[0]))})")
        p = next((k for k in range(1, len(coeffs)) if not field.is_zero(coeffs[k])), None)
    except BudgetExceeded as exc:
        return IterationOrder(F, point, None, None, note=f"the error map's coefficients ran out of budget ({exc})")
    except (DomainError, DimensionError, ParameterError, ParseError):
        raise
    except (TypeError, ValueError, ArithmeticError, NotImplementedError, AttributeError, sp.PolynomialError) as exc:
        return IterationOrder(F, point, None, None,
                              note=f"order undecided: SymPy could not expand the error map ({type(exc).__name__})")
    except UndecidedError as exc:
        if extra:
            return _order_symbolic(F, x, x0, point, extra)
        return IterationOrder(F, point, None, None, note=f"order undecided: {exc}")
    exprs = tuple(field.to_expr(c) for c in coeffs[1:(p or max_order) + 1])
    if p is None:
        return IterationOrder(F, point, None, None, coefficients=exprs, converges=True,
                              note=f"every Taylor coefficient of the error map up to e^{max_order} vanishes: "
                                   f"order > {max_order} (or the map is x* near x*)")
    c = field.to_expr(coeffs[p])
    sgn = constant_sign(c)
    const = c if sgn == 1 else -c if sgn == -1 else sp.Abs(c)
    if p == 1:
        s1 = constant_sign(const - 1)
        converges = None if s1 in (None, 0) else s1 < 0
        note = f"linear: rate |F'(x*)| = {const}"
        affine = F.is_polynomial(x) and sp.Poly(F, x).degree() <= 1
        if s1 == 0 and affine:  # F is its own linearisation: F(x) = x* + c (x - x*) with c = +-1
            converges = False
            note += ("; F is affine: " + ("F(x) = x, every point is fixed, so iterates from x0 != x* stay at "
                     "x0" if sgn == 1 else "F(x) = 2x* - x, the iterates alternate between x0 and 2x* - x0")
                     + ": they do not converge to x*")
        elif s1 == 0:
            note += ("" if const == 1 else " = 1") + ": the linearisation is inconclusive (not exponentially convergent)"
    else:
        converges = True
        note = f"F'(x*) = 0{', ..., F^(' + str(p - 1) + ')(x*) = 0' if p > 2 else ''}: order {p}, c = F^({p})(x*)/{p}!"
    if isinstance(field, _AlgebraicField):
        note += "; exact arithmetic in QQ(x*)"
        enc = field.enclosure(coeffs[p])
        if enc is not None:
            lo, hi = sorted((abs(enc[0]), abs(enc[1])))
            note += f"; certified enclosure of the constant [{lo:.17g}, {hi:.17g}]"
    emp_p = emp_c = None
    if check:
        emp = _empirical_iteration(F, x, x0, p)
        if emp is not None:
            emp_p, emp_c = emp
    return IterationOrder(F, point, p, const, c, exprs, converges, emp_p, emp_c, note)


def _order_symbolic(F: sp.Expr, x: sp.Symbol, x0: sp.Expr, point: dict, params: set) -> IterationOrder:
    """With symbolic parameters: the linear coefficient ``F'(x*)`` as an expression."""
    try:
        c1 = _budgeted_simplify(sp.diff(F, x).xreplace({x: x0}))
    except (TypeError, ValueError):
        c1 = None
    names = ", ".join(sorted(s.name for s in params))
    if c1 is None or c1.has(sp.nan, sp.zoo):
        return IterationOrder(F, point, None, None, note=f"order undecided with symbolic {names}")
    if c1 == 0 or _zero_test(c1) is True:
        return IterationOrder(F, point, None, None, coefficients=(sp.Integer(0),),
                              note=f"F'(x*) = 0 for every value of {names}: the order is at least 2 (pass values "
                                   "to decide it)")
    if not c1.free_symbols & params:  # F'(x*) does not depend on the parameters
        rate = sp.Abs(c1)
        s1 = constant_sign(rate - 1)
        return IterationOrder(F, point, 1, rate, c1, (c1,), None if s1 in (None, 0) else s1 < 0,
                              note=f"linear: rate |F'(x*)| = {rate} for every value of {names}"
                                   + ("; exactly 1: the linearisation is inconclusive" if s1 == 0 else ""))
    return IterationOrder(F, point, 1, sp.Abs(c1), c1, (c1,), None,
                          note=f"symbolic {names}: linear with rate |F'(x*)| = |{c1}| where that is not 0 "
                               "(higher order where it vanishes: pass values)")


def _order_vector(vs: list, images: list, point: dict, extra: set, check: bool = True) -> IterationOrder:
    X = sp.Matrix(vs)
    F = sp.Matrix(images)
    J = run_with_budget(lambda: F.jacobian(X).xreplace(point), step="taylor")
    res = [img.xreplace(point) - point[v] for v, img in zip(vs, images)]
    if any(_zero_test(r) is False for r in res):
        raise DomainError(f"{_fmt(point)} is not a fixed point of the iteration")
    if is_two_step(vs, images) and not extra and (J.has(sp.nan, sp.zoo, sp.oo) or all(_zero_test(e) is True for e in J)
                                                   or _nilpotent(J)):
        return _order_two_step(vs, images, point, check)
    chain = chain_roles(vs, images) if not extra else None
    if chain is not None and (J.has(sp.nan, sp.zoo, sp.oo) or _nilpotent(J)):
        return _order_multi_step(vs, images, point, chain, check)
    if J.has(sp.nan, sp.zoo, sp.oo):
        return IterationOrder(tuple(images), point, None, None, note="the Jacobian has no finite value at x*")
    if extra:
        return IterationOrder(tuple(images), point, 1 if J != sp.zeros(*J.shape) else None, None,
                              note=f"symbolic parameters {', '.join(sorted(s.name for s in extra))}: the "
                                   f"Jacobian at x* is {J.tolist()}")
    if all(_zero_test(e) is True for e in J):
        second = []
        for img in images:
            Hs = sp.hessian(img, vs).xreplace(point)
            second.append(Hs)
        if any(_zero_test(e) is False for Hs in second for e in Hs):
            return IterationOrder(tuple(images), point, 2, None, converges=True,
                                  coefficients=tuple(second),
                                  note="J(x*) = 0 and a second derivative is non-zero: quadratic; the constant is "
                                       "the quadratic map e -> 1/2 [e^T H_i e]_i (norm-dependent)")
        return IterationOrder(tuple(images), point, None, None, converges=True,
                              note="J(x*) = 0 and the second derivatives vanish: order >= 3 (not derived for vectors)")

    ev = eigenvalues(J)
    where = unit_circle_analysis(characteristic_polynomial(J))
    rho = None
    if ev is not None:
        try:
            mods = [_budgeted_simplify(sp.Abs(e)) for e in ev]
            ordered = _order(mods)
            rho = ordered[-1] if ordered else None
        except (TypeError, ValueError):
            rho = None
    conv = {"inside": True, "outside": False}.get(where) if where else None
    boundary = " (exactly 1: inconclusive)" if where == "circle" else ""
    if where == "circle" and all(img.is_polynomial(*vs) and sp.Poly(img, *vs).total_degree() <= 1 for img in images):
        converges, why, _ = linear_boundary(J)  # an affine map is its own linearisation: decided exactly
        if converges is not None:
            conv = False if not converges else None
            boundary = f" (exactly 1, and the map is affine: {why})"
            if converges:
                conv = False  # converges, but not to x* from every start: the fixed points form a subspace
    if rho is not None and _zero_test(rho) is True:
        return IterationOrder(tuple(images), point, None, sp.Integer(0), None, (J,), True,
                              note="the Jacobian at x* is nilpotent (spectral radius 0, J != 0): superlinear; "
                                   "the order is not derived for this vector iteration")
    return IterationOrder(tuple(images), point, 1, rho, None, (J,), conv,
                          note="linear: rate = spectral radius of the Jacobian at x*" + boundary)


def _empirical_iteration(F: sp.Expr, x: sp.Symbol, x0: sp.Expr, p: int, dps: int = 400) -> tuple[float, float] | None:
    """Order and constant from mpmath iterates of ``F`` near ``x0`` (independent of the series)."""

    try:
        f = _mp_callable(x, F)
        with mpmath.workdps(dps):
            xs = mpmath.mpf(sp.N(x0, dps + 10))
            e0 = mpmath.mpf("1e-1") if p == 1 else mpmath.mpf("1e-2")
            cur = xs + e0
            errs = [abs(cur - xs)]
            floor = mpmath.mpf(10) ** (-(dps // 2))
            for _ in range(80 if p == 1 else 30):
                cur = f(cur)
                err = abs(cur - xs)
                if err < floor or err == 0:
                    break
                errs.append(err)
            return _observed_order(errs)
    except (ValueError, TypeError, ZeroDivisionError, ArithmeticError, NameError):
        return None


def _nilpotent(J: sp.Matrix) -> bool:
    try:
        return all(_zero_test(e) is True for e in (J ** J.rows))
    except (TypeError, ValueError):
        return False


def _order_two_step(vs: list, images: list, point: dict, check: bool = True) -> IterationOrder:
    """``x = F(x, xp); xp = x``: the order from the error recursion (:mod:`symopt.theory.multistep`)."""
    x, xp, F = two_step_roles(vs, images)
    x0 = point[x]
    if _zero_test(point[xp] - x0) is False:
        raise DomainError(f"{_fmt(point)} is not a fixed point of the iteration ({xp} must equal {x} there)")
    try:
        r = run_with_budget(two_step_order, F, x, xp, x0, step="taylor")
    except (UndecidedError, BudgetExceeded) as exc:
        return IterationOrder(tuple(images), point, None, None, note=f"two-step map: order undecided ({exc})")
    emp = two_step_empirical(F, x, xp, x0, r["order"], r["a"], r["b"]) if check else None
    emp_p = emp_k = None
    if emp is not None:
        emp_p = emp[0]
        if r["constant"] is not None:  # K = |C|^(p/(p + b)) with C observed as e_(k+1)/(e_k^a e_(k-1)^b)
            emp_k = abs(emp[1]) ** (float(r["order"]) / (float(r["order"]) + r["b"]))
    return IterationOrder(tuple(images), point, r["order"], r["constant"], r["C"], (r["C"],), True,
                          emp_p, emp_k, r["note"])


def _order_multi_step(vs: list, images: list, point: dict, chain: tuple, check: bool) -> IterationOrder:
    """``x = F(x, x1, ..., x_(m-1)); x1 = x; ...``: the order from the m-step error recursion."""
    *names, F = chain
    x0 = point[names[0]]
    if any(_zero_test(point[v] - x0) is False for v in names):
        raise DomainError(f"{_fmt(point)} is not a fixed point of the iteration (every remembered iterate must equal "
                          f"{names[0]} there)")
    try:
        r = run_with_budget(multi_step_order, F, names, x0, step="taylor")
    except (UndecidedError, BudgetExceeded) as exc:
        return IterationOrder(tuple(images), point, None, None, note=f"{len(names)}-step map: order undecided ({exc})")
    emp = multi_step_empirical(F, names, x0, r["exponents"], r["expo"]) if check else None
    return IterationOrder(tuple(images), point, r["order"], r["constant"], r["C"], (r["C"],), True,
                          None if emp is None else emp[0],
                          None if emp is None or r["constant"] is None else emp[1], r["note"])


def _order_puiseux(F: sp.Expr, x: sp.Symbol, x0: sp.Expr, point: dict, q: int, check: bool) -> IterationOrder:
    try:
        r = run_with_budget(puiseux_order, F, x, x0, q, step="taylor")
    except (UndecidedError, BudgetExceeded) as exc:
        return IterationOrder(F, point, None, None, note=f"Puiseux expansion: order undecided ({exc})")
    emp = puiseux_empirical(F, x, x0, r["order"]) if check else None
    order = r["order"]
    const = r["constant"]
    converges = True if order > 1 else (None if constant_sign(const - 1) in (None, 0) else constant_sign(const - 1) < 0)
    return IterationOrder(F, point, order, const, r["c"], (r["c"],), converges,
                          None if emp is None else emp[0], None if emp is None else emp[1], r["note"])


def _vanishes_at_fixed_point(d: sp.Expr, g: sp.Expr, enc: Any) -> bool:
    """``d(x*) = 0`` proved from ``g(x*) = 0``: ``d/g`` cancels to a function bounded on the certified box."""
    try:
        q = run_with_budget(lambda: sp.cancel(sp.together(d / g)), step="simplify")
    except (BudgetExceeded, sp.PolynomialError, TypeError, ValueError, ArithmeticError):
        return False
    return not q.has(sp.nan, sp.zoo, sp.oo) and enclose_on(q, enc) is not None


def _order_certified(images: list, vs: list, guess: dict, check: bool, max_order: int = 4) -> IterationOrder:
    """A fixed point given by decimals or intervals: certify it (Krawczyk on ``F(x) - x``), then decide there.

    Scalar: the first derivative ``F^(k)`` whose enclosure over the certified box
    excludes 0 gives order ``k`` with ``|c| = |F^(k)(x*)|/k!`` enclosed; ``F^(k)(x*) = 0``
    is proved when ``F^(k)/(F(x) - x)`` cancels to a function bounded on the box (so
    ``F^(k)`` vanishes with ``F(x) - x``: Newton's map, ``F' = f f''/f'^2``).  Vector:
    linear when an entry of the Jacobian's enclosure excludes 0, convergent when
    its infinity norm is below 1 on the box.
    """
    enc = certify_zeros([img - v for v, img in zip(vs, images)], vs, [guess[v] for v in vs])
    exact = exact_zero_in(enc)
    if exact is not None:  # the certified fixed point has a closed form: the exact analysis, with the enclosure
        r = iteration_order(images if len(vs) > 1 else images[0], at=exact, variable=vs, check=check)
        return dataclasses.replace(r, enclosure=enc, note=f"certified fixed point {enc.describe()} (Krawczyk), "
                                   f"exactly {_fmt(exact)} (F(x*) = x* there, and it is the only one): {r.note}")
    point = dict(enc.value)
    where = enc.describe()
    head = f"certified fixed point {where} (Krawczyk: exactly one fixed point there)"
    if len(vs) > 1:
        return _order_certified_vector(images, vs, enc, point, head)
    (F,), (x,) = images, vs
    g = F - x
    d, fact, p, D = F, 1, None, None
    for k in range(1, max_order + 1):
        d, fact = sp.diff(d, x), fact * k
        D = enclose_on(d, enc)
        if D is not None and not D[0] <= 0 <= D[1]:
            p = k
            break
        if D is None or not _vanishes_at_fixed_point(d, g, enc):  # d continuous on the box and d = q g there
            why = "has no enclosure on it" if D is None else f"encloses 0 ([{D[0]:.17g}, {D[1]:.17g}])"
            return IterationOrder(F, point, None, None, enclosure=enc,
                                  note=f"{head}; F^({k})(x*) {why} and was not proved 0 (F^({k})/(F(x) - x) does not "
                                       "cancel to a function bounded there): the order is not decided at a point known "
                                       "only by an enclosure")
    if p is None:
        return IterationOrder(F, point, None, None, converges=True, enclosure=enc,
                              note=f"{head}; F'(x*) = ... = F^({max_order})(x*) = 0 proved: order > {max_order}")
    lo, hi = D[0] / fact, D[1] / fact
    alo, ahi = (lo, hi) if lo > 0 else (-hi, -lo)
    signed = sp.Float(sp.N(d.xreplace(point), 30) / fact, 17)
    value = sp.Float(abs(signed), 17)
    if p == 1:
        converges = True if ahi < 1 else False if alo > 1 else None
        note = f"{head}; linear: rate |F'(x*)| in [{alo:.17g}, {ahi:.17g}] (interval enclosure over that box)"
        if converges is None:
            note += "; the enclosure contains 1: convergence not decided"
    else:
        converges = True
        zeros = "F'(x*) = 0" if p == 2 else f"F'(x*) = ... = F^({p - 1})(x*) = 0"
        note = (f"{head}; {zeros} (each F^(k)/(F(x) - x) cancels to a function bounded on the box), F^({p})(x*) "
                f"!= 0: order {p}, |c| = |F^({p})(x*)|/{p}! in [{alo:.17g}, {ahi:.17g}]")
    emp_p = emp_c = None
    if check:
        emp = _empirical_iteration(F, x, _refined_fixed_point(F, x, point[x], 420), p)
        if emp is not None:
            emp_p, emp_c = emp
    return IterationOrder(F, point, p, value, signed, (signed,), converges, emp_p, emp_c, note, enc)


def _refined_fixed_point(F: sp.Expr, x: sp.Symbol, x0: sp.Expr, dps: int) -> sp.Expr:
    """The fixed point near ``x0`` to ``dps`` digits (mpmath's findroot; for the cross-check only)."""
    try:
        f = _mp_callable(x, F - x)
        with mpmath.workdps(dps):
            r = mpmath.findroot(f, mpmath.mpf(str(x0)), tol=mpmath.mpf(10) ** (-(dps - 20)))
            return sp.Float(mpmath.nstr(r, dps), dps)
    except (ValueError, ZeroDivisionError, TypeError, ArithmeticError, NameError):
        return x0


def _order_certified_vector(images: list, vs: list, enc: Any, point: dict, head: str) -> IterationOrder:
    J = sp.Matrix(images).jacobian(sp.Matrix(vs))
    boxes = [[enclose_on(e, enc) for e in row] for row in J.tolist()]
    if any(b is None for row in boxes for b in row):
        return IterationOrder(tuple(images), point, None, None, enclosure=enc,
                              note=f"{head}; the Jacobian has no enclosure on it: order undecided")
    lam = sp.Dummy("lam")
    try:  # rho(J) > 0 iff a coefficient of det(lam I - J) below the leading one is not 0
        coeffs = run_with_budget(lambda: J.charpoly(lam).all_coeffs()[1:], step="eigen")
    except (BudgetExceeded, TypeError, ValueError, sp.PolynomialError):
        coeffs = []
    cboxes = [enclose_on(c, enc) for c in coeffs]
    if not any(b is not None and not b[0] <= 0 <= b[1] for b in cboxes):
        return IterationOrder(tuple(images), point, None, None, enclosure=enc,
                              note=f"{head}; every coefficient of the Jacobian's characteristic polynomial (below the "
                                   "leading one) encloses 0 there: whether the Jacobian is nilpotent (a superlinear "
                                   "iteration) is not decided at a point known only by an enclosure")
    norm = max(sum(max(abs(lo), abs(hi)) for lo, hi in row) for row in boxes)
    Jm = J.xreplace(point).evalf(30)
    try:
        with mpmath.workdps(30):
            rho = max(abs(e) for e in mpmath.eig(mpmath.matrix(Jm.tolist()))[0])
        rate = sp.Float(mpmath.nstr(rho, 17), 17)
    except (ValueError, TypeError, ZeroDivisionError, ArithmeticError):
        rate = None
    converges = True if norm < 1 else None
    note = (f"{head}; linear (a coefficient of the Jacobian's characteristic polynomial is not 0, so its spectral "
            f"radius is not 0): rate = spectral radius of the Jacobian, "
            f"~ {rate} at the refined point (a 30-digit evaluation, not an enclosure); the infinity norm of the "
            f"Jacobian is at most {norm:.6g} on the box" + (" < 1: convergent from starts close enough"
                                                           if converges else ""))
    return IterationOrder(tuple(images), point, 1, rate, None, (Jm,), converges, note=note, enclosure=enc)


# ----------------------------------------------------------------------------- display (issue 16)
from .. import display as _display  # noqa: E402

IterationOrder._repr_html_ = lambda self: _display.record_html(self, "map", "point", "order", "constant",  # type: ignore[attr-defined]
                                                                "converges", "empirical_order", "empirical_constant",
                                                                "note")
