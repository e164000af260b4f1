r"""Critical sets of the rank-one factorisation ``f(u, v) = ||X - u v^T||_F^2``: positive-dimensional components.

The gradient vanishes iff ``X v = |v|^2 u`` and ``X^T u = |u|^2 v``.  Then
``X X^T u = |u|^2 |v|^2 u``: either ``u v^T = 0`` (``u = 0`` and ``X v = 0``,
or ``v = 0`` and ``X^T u = 0``) or ``u`` is an eigenvector of ``X X^T`` with
eigenvalue ``sigma^2 = |u|^2 |v|^2 > 0`` and ``v = X^T u / |u|^2``.  So the
critical set is the union of

* ``{(u, X^T u / |u|^2) : u in E_sigma, u != 0}`` for each singular value
  ``sigma > 0`` (``E_sigma`` the eigenspace of ``X X^T`` for ``sigma^2``): real
  dimension ``dim E_sigma``, value ``||X||_F^2 - sigma^2``;
* ``{(0, v) : X v = 0}`` and ``{(u, 0) : X^T u = 0}``, value ``||X||_F^2``.

``u v^T`` ranges over every matrix of rank at most one, and the nearest one to
``X`` exists (a closed set, a coercive distance), so the global minimum is the
smallest critical value: ``||X||_F^2 - sigma_1^2 = sigma_2^2 + ...``, the tail
of the singular values (Eckart and Young, *Psychometrika* 1, 1936).  The
components of a smaller ``sigma`` are saddles (a direction of negative
curvature is exhibited exactly; Baldi and Hornik, *Neural Networks* 2, 1989).

    >>> r = rank_one_critical_set([[3, 0], [0, 1]])
    >>> [(c.kind, c.dimension, c.value) for c in r.components]
    [('sigma = 3', 1, 1), ('sigma = 1', 1, 9), ('u v^T = 0', 0, 10)]
    >>> r.minimum, r.check()
    (1, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from .. import display
from ..errors import DimensionError

__all__ = ["Component", "FactorisationCriticalSet", "rank_one_critical_set"]


@dataclass(frozen=True)
class Component:
    """One component of the critical set.

    Attributes:
        kind: ``"sigma = ..."`` or ``"u v^T = 0"``.
        dimension: the real dimension.
        u, v: the parametrisation (SymPy) in ``params``.
        params: the parameters (``u`` ranges over an eigenspace minus 0, or a kernel).
        value: ``f`` on the component (exact).
        classification: ``"global minimum"``, ``"saddle"`` or ``"not a minimum"``.
        excluded: the parameter values left out (``u != 0``), in words.
    """

    kind: str
    dimension: int
    u: sp.Matrix
    v: sp.Matrix
    params: tuple
    value: sp.Expr
    classification: str
    excluded: str = ""

    def __repr__(self) -> str:
        return display.short_repr("Component", self.kind, dimension=self.dimension, value=self.value,
                                  classification=self.classification)


@dataclass(frozen=True)
class FactorisationCriticalSet:
    """The whole critical set of ``||X - u v^T||_F^2`` and its global minimum.

    Attributes:
        X: the data (exact).
        components: every component (complete, by the argument in the module docstring).
        minimum: the global minimum value.
        minimisers: the component(s) reaching it.
        status: ``"complete"``.
    """

    X: sp.Matrix
    components: tuple
    minimum: sp.Expr
    minimisers: tuple
    status: str = "complete"
    _u: tuple = field(default=(), repr=False)
    _v: tuple = field(default=(), repr=False)

    def __repr__(self) -> str:
        return display.short_repr("FactorisationCriticalSet", self.status, components=len(self.components),
                                  minimum=self.minimum)

    def _repr_html_(self) -> str:
        rows = [[c.kind, c.dimension, c.value, c.classification, f"u = {list(c.u)}, v = {list(c.v)}"]
                for c in self.components]
        return display.html_table(["component", "real dim", "f", "kind", "parametrisation"], rows,
                                  title=f"critical set of ||X - u v^T||^2 (minimum {self.minimum})", math=True)

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {"status": self.status, "minimum": str(self.minimum),
                "components": [{"kind": c.kind, "dimension": c.dimension, "value": str(c.value),
                                "classification": c.classification, "u": [str(e) for e in c.u],
                                "v": [str(e) for e in c.v], "params": [str(p) for p in c.params]}
                               for c in self.components]}

    def objective(self) -> sp.Expr:
        """``f(u, v)`` as a SymPy expression in the symbols ``u0, u1, ...``, ``v0, v1, ...``."""
        U, V = sp.Matrix(self._u), sp.Matrix(self._v)
        R = self.X - U * V.T
        return sum(e ** 2 for e in R)

    def check(self) -> bool:
        """Re-derive independently: the gradient vanishes identically on each parametrised component,
        ``f`` equals the stated value there, the parametrisation has the stated rank, the singular values
        listed account for every eigenvalue of ``X X^T``, the minimum is the smallest value, and each
        saddle has an exact direction of negative curvature."""
        f = self.objective()
        vars_ = list(self._u) + list(self._v)
        grad = [sp.diff(f, x) for x in vars_]
        t = sp.Symbol("x")
        cp = sp.Poly((self.X * self.X.T).charpoly(t).as_expr(), t)
        count = 0
        for c in self.components:
            sub = dict(zip(vars_, list(c.u) + list(c.v)))
            if any(sp.simplify(g.subs(sub)) != 0 for g in grad):
                return False
            if sp.simplify(f.subs(sub) - c.value) != 0:
                return False
            J = sp.Matrix(list(c.u) + list(c.v)).jacobian(list(c.params)) if c.params else sp.zeros(1, 1)
            generic = {p: sp.Rational(3 + i, 7) for i, p in enumerate(c.params)}
            if (J.subs(generic).rank() if c.params else 0) != c.dimension:
                return False
            if c.kind.startswith("sigma"):
                sig2 = sp.sympify(self.X.norm() ** 2 - c.value)
                if sp.simplify(cp.as_expr().subs(t, sig2)) != 0:
                    return False
                count += c.dimension
            if c.classification == "saddle" and not _negative_direction(f, vars_, sub, generic):
                return False
        zero = sum(m for r, m in sp.roots(cp, multiple=False).items() if r == 0) if cp.degree() else 0
        if count + zero != cp.degree():  # every eigenvalue of X X^T is a listed sigma^2 or 0
            return False
        return sp.simplify(self.minimum - min((c.value for c in self.components), key=lambda v: float(v))) == 0


def _negative_direction(f: sp.Expr, vars_: list, sub: dict, generic: dict) -> bool:
    """An exact direction ``d`` with ``d^T hess f d < 0`` at a point of the component."""
    H = sp.hessian(f, vars_).subs(sub).subs(generic)
    Hn = sp.matrix2numpy(H.evalf(30), dtype=float)
    import numpy as np

    w, V = np.linalg.eigh(Hn)
    d = sp.Matrix([sp.Rational(round(float(x) * 10 ** 6), 10 ** 6) for x in V[:, 0]])
    q = sp.radsimp((d.T * H * d)[0, 0])
    return bool(sp.N(q, 50) < 0)


def rank_one_critical_set(X: Any) -> FactorisationCriticalSet:
    """The critical set of ``f(u, v) = ||X - u v^T||_F^2`` for a small exact matrix ``X`` (at most 3 x 3).

    Raises:
        DimensionError: ``X`` not a matrix, or larger than 3 x 3.
    """
    M = sp.Matrix(X).applyfunc(lambda e: sp.nsimplify(e, rational=True))
    m, n = M.shape
    if m < 1 or n < 1 or m > 3 or n > 3:
        raise DimensionError(f"X must be a matrix of at most 3 x 3, got shape {M.shape}")
    us = sp.symbols(f"u0:{m}", real=True)
    vs = sp.symbols(f"v0:{n}", real=True)
    total = sp.simplify(sum(e ** 2 for e in M))
    comps = []
    eig = (M * M.T).eigenvects()
    pos = sorted([(val, vecs) for val, _, vecs in eig if sp.simplify(val) != 0], key=lambda e: -float(e[0]))
    for val, vecs in pos:
        sigma = sp.sqrt(sp.simplify(val))
        k = len(vecs)
        ps = sp.symbols(f"a0:{k}", real=True)
        u = sp.zeros(m, 1)
        for a, vec in zip(ps, vecs):
            u += a * sp.Matrix(vec).applyfunc(sp.radsimp)
        v = (M.T * u / (u.T * u)[0, 0]).applyfunc(sp.simplify)
        comps.append(Component(f"sigma = {sp.radsimp(sigma)}", k, u, v, ps, sp.simplify(total - val), "",
                               "u != 0"))
    # u v^T = 0: u = 0 with v in ker X, or v = 0 with u in ker X^T (the origin when X is invertible)
    ker = M.nullspace()
    ps = sp.symbols(f"b0:{len(ker)}", real=True)
    v0 = sum((p * sp.Matrix(k) for p, k in zip(ps, ker)), sp.zeros(n, 1))
    comps.append(Component("u v^T = 0", len(ker), sp.zeros(m, 1), v0, ps, total, "", ""))
    kerT = M.T.nullspace()
    if kerT:
        qs = sp.symbols(f"c0:{len(kerT)}", real=True)
        u0 = sum((q * sp.Matrix(k) for q, k in zip(qs, kerT)), sp.zeros(m, 1))
        comps.append(Component("u v^T = 0", len(kerT), u0, sp.zeros(n, 1), qs, total, "", ""))
    minimum = min((c.value for c in comps), key=lambda e: float(e))
    out = []
    for c in comps:
        if sp.simplify(c.value - minimum) == 0:
            cls = "global minimum"
        elif c.kind.startswith("sigma") or total != 0:
            cls = "saddle"
        else:
            cls = "not a minimum"
        out.append(Component(c.kind, c.dimension, c.u, c.v, c.params, c.value, cls, c.excluded))
    mins = tuple(c for c in out if c.classification == "global minimum")
    return FactorisationCriticalSet(M, tuple(out), minimum, mins, "complete", us, vs)
