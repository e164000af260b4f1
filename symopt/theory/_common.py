"""Small helpers shared inside :mod:`symopt.theory` (private to the package)."""

from __future__ import annotations

import functools
import inspect
import math
from typing import Any, Callable, Sequence

import mpmath
import numpy as np
import sympy as sp
from mpmath import iv

from ..limits import run_with_budget
from ..errors import BudgetExceeded, SymoptError, UndecidedError
from ..exact.schur import constant_sign
from ..core.parse import symbol


ETA = symbol("eta")


def _symopt_errors_only(fn: Callable) -> Callable:
    """Public entry points raise only symopt's errors: a SymPy/NumPy exception from deep inside a derivation
    becomes an :class:`~symopt.errors.UndecidedError` naming it (the question is then undecided, not answered).
    A call that does not fit the signature raises Python's ``TypeError`` (an unknown keyword is not a derivation
    that failed)."""
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        signature.bind(*args, **kwargs)  # a wrong call is the caller's TypeError, not an undecided derivation
        try:
            return fn(*args, **kwargs)
        except SymoptError:
            raise
        except (RecursionError, MemoryError):
            raise
        except Exception as exc:  # noqa: BLE001 - converted, with its type and message
            raise UndecidedError(f"{fn.__name__}: SymPy/NumPy failed inside the derivation "
                                 f"({type(exc).__name__}: {str(exc)[:160]})") from exc

    return wrapper


def _order(vals: Sequence[sp.Expr], sign: Callable[[sp.Expr], int | None] = constant_sign) -> list[sp.Expr] | None:
    out = list(vals)
    for i in range(len(out)):
        for j in range(len(out) - 1 - i):
            s = sign(out[j] - out[j + 1])
            if s is None:
                return None
            if s > 0:
                out[j], out[j + 1] = out[j + 1], out[j]
    return out


def _box_interval(lo: sp.Expr, hi: sp.Expr) -> Any:
    """``[lo, hi]`` as an mpmath interval rounded outwards (exact rational ends)."""

    def enc(v: sp.Expr) -> Any:
        v = sp.Rational(v)
        return iv.mpf(int(v.p)) / iv.mpf(int(v.q))

    return iv.mpf([enc(lo).a, enc(hi).b])


def _maybe_float(v: Any) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def _json_order(order: Any) -> int | str | None:
    """An order for JSON: an int when it is one, else its exact text (``"4/3"``, ``"1/2 + sqrt(5)/2"``)."""
    if order is None or isinstance(order, int):
        return order
    return int(order) if getattr(order, "is_Integer", False) else str(order)


def _critical_points(obj: Any) -> Any:
    """``obj.critical_points()``; a crash inside that engine becomes an :class:`UndecidedError`."""

    try:
        return obj.critical_points()
    except SymoptError:
        raise
    except Exception as exc:  # noqa: BLE001 - another module's failure must not escape as a raw exception
        raise UndecidedError(f"the critical-point search failed ({type(exc).__name__}: {exc}); pass at=...") from None


def _fmt(point: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in point.items())


def _clip(e: Any, n: int = 80) -> str:
    t = str(e)
    return t if len(t) <= n else t[: n - 3] + "..."


def _budgeted_simplify(e: sp.Expr) -> sp.Expr:
    """``simplify`` under the ``simplify`` budget; the expression unchanged when it runs out."""
    try:
        return run_with_budget(sp.simplify, e, step="simplify")
    except BudgetExceeded:
        return e


def _budgeted_factor(e: sp.Expr) -> sp.Expr:
    """``factor`` under the ``factor`` budget; the expression unchanged when it runs out or fails."""
    try:
        return run_with_budget(sp.factor, e, step="factor")
    except (BudgetExceeded, sp.PolynomialError, NotImplementedError, TypeError, ValueError):
        return e


def _min_eigenvalue_lower_bound(H: sp.Matrix) -> float:
    """A float that is <= the smallest eigenvalue of the symmetric constant matrix ``H``."""
    if H.shape == (1, 1):
        v = H[0, 0]
        f = float(v)
        return f if v.is_Rational and sp.Rational(f) <= v else math.nextafter(f, -math.inf) - 1e-15 * abs(f)

    w = np.linalg.eigvalsh(np.array(H.evalf(30).tolist(), dtype=float))
    # eigvalsh is backward stable: the error is below n * eps * ||H||; subtract a margin of that size
    margin = 8 * H.rows * np.finfo(float).eps * float(np.max(np.abs(w)))
    return float(w[0] - margin)


def _mp_callable(variable: sp.Symbol, expr: sp.Expr) -> Callable[[Any], Any]:
    """An mpmath function of one variable for a SymPy expression (derivatives included).

    ``Heaviside`` and ``DiracDelta`` (from derivatives of ``abs``, ``max``,
    ``relu``) have no mpmath counterpart: ``Heaviside(z, h0)`` is 0, 1 or ``h0``;
    ``DiracDelta(z)`` is 0 away from 0 and raises ``ValueError`` at 0, where it
    has no value.
    """
    def heaviside(z: Any, at_zero: Any = mpmath.mpf(1) / 2) -> Any:
        return mpmath.mpf(1) if z > 0 else mpmath.mpf(0) if z < 0 else at_zero

    def dirac_delta(z: Any, *order: Any) -> Any:
        if z == 0:
            raise ValueError("DiracDelta has no value at 0")
        return mpmath.mpf(0)

    translations = {"Heaviside": heaviside, "DiracDelta": dirac_delta, "sign": mpmath.sign}
    return sp.lambdify(variable, expr, modules=[translations, "mpmath"], dummify=True)


def _observed_order(errs: Sequence[Any]) -> tuple[float, float] | None:
    """Order and constant from the last three errors of a run: ``p = log(e3/e2) / log(e2/e1)``,
    ``C = e3 / e2**p`` with ``p`` rounded when within 0.1 of an integer; ``None`` unless
    there are at least four errors and the last three strictly decrease."""

    if len(errs) < 4 or any(b >= a for a, b in zip(errs[-3:], errs[-2:])):
        return None
    e1, e2, e3 = errs[-3], errs[-2], errs[-1]
    p = mpmath.log(e3 / e2) / mpmath.log(e2 / e1)
    pr = round(float(p)) if abs(float(p) - round(float(p))) < 0.1 else float(p)
    return float(p), float(e3 / e2 ** pr)
