"""Evidence for a global minimum, and its checkers (they know nothing of the searches).

An evidence module (imports only ``symopt.core``, ``symopt.exact``, floor 0 and the
base evidence module :mod:`symopt.critical.check`).

* :class:`PolynomialMinimumEvidence` (over ``R^n``): the critical points are complete
  and re-check, the minimum is attained (a proof re-derived here: coercivity by a
  separable AM-GM bound, or ``f`` a sum of non-negative terms reaching 0), and every
  critical value is enclosed: the listed minimisers' values are ``<= upper``, every
  other critical value is ``> upper``, none is ``< lower``.
* :class:`BoxMinimumEvidence` (over a box): the branch-and-bound tree re-evaluated
  leaf by leaf (``f(X) > upper``, by the natural interval extension or the mean-value form
  ``f(m) + grad f(X) . (X - m)``: no minimiser; inside the box, Krawczyk's operator on the
  gradient excludes a box or contracts it, since an interior minimiser is a critical point; a gradient component of one sign on a
  box off the face it points away from: no minimiser; kept leaves bound ``lower``) and
  a witness point with ``f(witness) <= upper``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import sympy as sp
from mpmath import iv

from ..core.domain import Bound
from ..core.domain import Box as DomainBox
from ..core.points import CriticalPoints
from ..exact.interval import (
    Undefined,
    box_env,
    children,
    disjoint,
    enclosure,
    krawczyk,
    lower_float,
    lower_rational,
    precision,
    rational_interval,
    upper_float,
    upper_rational,
)
from ..exact.signs import prove_sign
from .check import Box, _sq, rationalize

__all__ = ["PolynomialMinimumEvidence", "BoxMinimumEvidence", "coercivity_bound", "nonnegative_terms",
           "leading_form_positive"]


def coercivity_bound(terms: Iterable, n: int) -> list | None:
    """Separable lower bound ``f(x) >= sum_i P_i(|x_i|)`` (weighted AM-GM on mixed monomials).

    Returns the ``P_i`` as ``{degree: coefficient}`` dicts when each has a positive
    leading coefficient (then ``f`` is coercive), else ``None``.
    """
    P: list[dict] = [dict() for _ in range(n)]
    for mono, c in terms:
        c = _sq(c)
        k = sum(mono)
        if k == 0:
            continue
        used = [i for i, e in enumerate(mono) if e]
        if len(used) == 1:
            (i,) = used
            if k % 2 == 0:
                P[i][k] = P[i].get(k, 0) + c
            else:
                P[i][k] = P[i].get(k, 0) - abs(c)
            continue
        for i in used:
            P[i][k] = P[i].get(k, 0) - abs(c) * sp.Rational(mono[i], k)
    for p in P:
        nonzero = {k: v for k, v in p.items() if v != 0}
        if not nonzero:
            return None
        top = max(nonzero)
        if nonzero[top] <= 0:
            return None
    return [{int(k): v for k, v in p.items()} for p in P]


def nonnegative_terms(expr: sp.Expr) -> bool:
    """``expr`` is syntactically a sum of non-negative terms: ``c * prod(u_j**(2 k_j))``, ``c >= 0``."""
    for term in sp.Add.make_args(expr):
        coeff, rest = term.as_coeff_Mul()
        if coeff < 0:
            return False
        for factor in sp.Mul.make_args(rest):
            if factor == 1:
                continue
            base, exp = factor.as_base_exp()
            if not (exp.is_Integer and exp % 2 == 0):
                if factor.is_number and factor.is_nonnegative:
                    continue
                return False
    return True


def leading_form_positive(f: sp.Expr, variables: Sequence[sp.Symbol]) -> str | None:
    """How the top-degree form ``f_d`` of a polynomial is proved positive definite, or ``None``.

    ``f_d(x) > 0`` for ``x != 0`` with ``d`` even makes ``f`` coercive: on the sphere
    ``f_d >= m > 0``, so ``f(x) >= m |x|^d - C (1 + |x|^(d-1)) -> oo``.  Proved exactly for
    ``d = 2`` (Sylvester's criterion: every leading principal minor of the rational matrix
    ``A`` of ``f_2 = x^T A x`` positive) and for ``d > 2`` by homogeneity on the surface of
    the cube ``[-1, 1]^n``: ``f_d > 0`` on each face ``x_i = +-1`` (the sign prover on the
    other coordinates in ``[-1, 1]``).
    """
    poly = sp.Poly(f, *variables)
    d = poly.total_degree()
    if d < 2 or d % 2:
        return None
    top = sum(c * sp.prod([v**e for v, e in zip(variables, m)]) for m, c in poly.terms() if sum(m) == d)
    n = len(variables)
    if d == 2:
        A = sp.Matrix(n, n, lambda i, j: sp.Rational(1, 2) * sp.diff(top, variables[i], variables[j]))
        if all(A[:k, :k].det() > 0 for k in range(1, n + 1)):
            return "its quadratic part x^T A x has A positive definite (Sylvester's criterion, exact)"
        return None
    for i, v in enumerate(variables):
        rest = [w for w in variables if w != v]
        box = DomainBox(tuple(rest), tuple(Bound(sp.Integer(-1), sp.Integer(1)) for _ in rest))
        for s in (1, -1):
            face = sp.expand(top.xreplace({v: s}))
            if rest:
                if prove_sign(face, box, ">0") is None:
                    return None
            elif not face > 0:
                return None
    return f"its degree-{d} leading form is positive on every face of the cube [-1, 1]^{n} (sign prover), so positive definite"


@dataclass(frozen=True)
class PolynomialMinimumEvidence:
    points: CriticalPoints
    proof_kind: str
    value: sp.Expr
    attainment: Any = None  # an AttainmentCertificate (symopt.critical.check_attainment) for "attainment"

    def check(self, gm: Any) -> bool:
        obj = self.points.objective
        f = rationalize(obj.expr)
        if not self.points.complete:
            return False
        listed = self.points.check()
        if not listed:
            return listed  # "failed", or "not re-checked" (unknown, not wrong)
        if self.proof_kind == "coercive":
            if coercivity_bound(sp.Poly(f, *obj.variables).terms(), obj.n) is None:
                return False
        elif self.proof_kind == "leading form":
            if leading_form_positive(f, obj.variables) is None:
                return False
        elif self.proof_kind == "nonnegative":
            if not (nonnegative_terms(f) and gm.lower == 0):
                return False
        elif self.proof_kind == "attainment":
            cert = self.attainment
            if (cert is None or tuple(cert.variables) != tuple(obj.variables) or sp.expand(cert.f - f) != 0
                    or not cert.check(gm.lower, gm.upper)):
                return False
        else:
            return False
        # every critical value is >= lower; the minimisers' values are <= upper
        found = 0
        for cp in self.points:
            with precision(200):
                env = {v: rational_interval(lo, hi)
                       for v, (lo, hi) in zip(obj.variables, cp.enclosure)}
                val = enclosure(f, env)
            if upper_rational(val) < gm.lower:
                return False
            if any(all(cp.point[v] == m.get(v) for v in obj.variables) for m in gm.minimisers):
                if lower_rational(val) > gm.upper:
                    return False
                found += 1
            elif lower_rational(val) <= gm.upper:  # a critical point that may attain the minimum is missing
                return False
        return found == len(gm.minimisers) and found > 0


def mean_value_lower(f: sp.Expr, gradient: Sequence, variables: Sequence, X: Box, G: Sequence | None = None) -> float:
    """A lower bound of ``f`` on ``X`` by the mean-value form ``f(m) + grad f(X) . (X - m)`` (``m``
    the midpoint; valid where the gradient has an enclosure on ``X``: ``f(x) = f(m) + grad f(xi) .
    (x - m)`` for some ``xi`` in the box); ``-inf`` when an enclosure is missing.  ``G``: the
    gradient's enclosures on ``X`` when already computed."""
    try:
        m = [lo + (hi - lo) / 2 for lo, hi in X]
        m = [min(max(mi, lo), hi) for mi, (lo, hi) in zip(m, X)]
        acc = enclosure(f, {v: iv.mpf(mi) for v, mi in zip(variables, m)})
        env = box_env(variables, X)
        for k, (g, mi, (lo, hi)) in enumerate(zip(gradient, m, X)):
            Gk = G[k] if G is not None and G[k] is not None else enclosure(g, env)
            acc = acc + Gk * (iv.mpf([lo, hi]) - mi)
        return lower_float(acc)
    except (Undefined, ArithmeticError, ValueError, TypeError):
        return -float("inf")


@dataclass(frozen=True)
class BoxMinimumEvidence:
    f: sp.Expr
    gradient: tuple
    variables: tuple
    box: Box
    tree: tuple
    witness: tuple
    hessian: tuple = ()  # for "none" / "contract" nodes (Krawczyk on the gradient, inside the box)

    def _inside(self, X: Box) -> bool:
        return all(a > lo and b < hi for (a, b), (lo, hi) in zip(X, self.box))

    def _derivatives(self) -> bool:
        """The gradient is ``f``'s and the Hessian the gradient's Jacobian (exact expansion)."""
        if len(self.gradient) != len(self.variables):
            return False
        if any(sp.expand(sp.diff(self.f, v) - g) != 0 for v, g in zip(self.variables, self.gradient)):
            return False
        if not self.hessian:
            return True
        return len(self.hessian) == len(self.variables) and all(
            len(row) == len(self.variables) and all(sp.expand(sp.diff(g, v) - h) == 0 for v, h in zip(self.variables, row))
            for g, row in zip(self.gradient, self.hessian))

    def check(self, gm: Any) -> bool:
        if not self._derivatives():
            return False
        try:
            wv = enclosure(self.f, {v: iv.mpf(w) for v, w in zip(self.variables, self.witness)})
            if upper_rational(wv) > gm.upper or not all(lo <= w <= hi for w, (lo, hi) in zip(self.witness, self.box)):
                return False
            lows = []
            stack = [(self.tree, self.box)]
            while stack:
                node, X = stack.pop()
                if node[0] == "split":
                    _, axis, at, left, right = node
                    if not X[axis][0] < at < X[axis][1]:
                        return False
                    a, b = children(X, axis, at)
                    stack += [(left, a), (right, b)]
                elif node[0] == "above":
                    if lower_rational(enclosure(self.f, box_env(self.variables, X))) > gm.upper:
                        continue
                    if not mean_value_lower(self.f, self.gradient, self.variables, X) > gm.upper:
                        return False
                elif node[0] == "mono":
                    i = node[1]
                    g = enclosure(self.gradient[i], box_env(self.variables, X))
                    lo, hi = X[i]
                    if lower_float(g) > 0 and lo > self.box[i][0]:
                        continue
                    if upper_float(g) < 0 and hi < self.box[i][1]:
                        continue
                    return False
                elif node[0] == "none":  # inside the box: no zero of the gradient, so no minimiser
                    K = krawczyk(self.gradient, self.hessian, self.variables, X) if self.hessian else None
                    if not self._inside(X) or K is None or not disjoint(K, X):
                        return False
                elif node[0] == "contract":  # inside the box: every zero of the gradient in X lies in C
                    _, C, child = node
                    K = krawczyk(self.gradient, self.hessian, self.variables, X) if self.hessian else None
                    if not self._inside(X) or K is None:
                        return False
                    if any(not (lo <= c_lo <= c_hi <= hi) for (c_lo, c_hi), (lo, hi) in zip(C, X)):
                        return False
                    if any(c_lo > max(lower_float(k), lo) or c_hi < min(upper_float(k), hi)
                           for k, (c_lo, c_hi), (lo, hi) in zip(K, C, X)):
                        return False
                    stack.append((child, C))
                elif node[0] == "keep":
                    natural = lower_rational(enclosure(self.f, box_env(self.variables, X)))
                    mv = mean_value_lower(self.f, self.gradient, self.variables, X)
                    lows.append(max(natural, sp.Rational(mv)) if math.isfinite(mv) else natural)
                else:
                    return False
            return bool(lows) and min(lows) >= gm.lower
        except (Undefined, ArithmeticError, ValueError, TypeError):
            return False
