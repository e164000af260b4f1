r"""Hypothesis strategies and property checks for your own tests.

``hypothesis`` is one of symopt's run-time dependencies (``pip install
symopt-toolkit`` / ``make demo`` install it); it is imported only when a strategy or
a search-based check is used, so ``import symopt`` stays fast.

Strategies (each a function returning a hypothesis strategy):

* :func:`points` -- float vectors in a box;
* :func:`psd_matrices` -- symmetric PSD / PD matrices with bounded condition number;
* :func:`convex_quadratics` -- :class:`~symopt.Objective` ``1/2 x^T A x + b^T x`` with ``A`` PSD, exact rationals;
* :func:`convex_expressions` -- SymPy expressions built from convex atoms by DCP rules;
* :func:`step_sizes` -- learning rates in ``(0, max]``.

Checks (raise ``AssertionError`` with the counterexample):

* :func:`check_gradient` -- a gradient against central finite differences;
* :func:`check_jensen` -- searches (and shrinks) a Jensen counterexample;
* :func:`check_nonexpansive` -- a projection is non-expansive, firmly
  non-expansive, idempotent and satisfies the variational inequality
  :math:`\langle x - P(x), y - P(x)\rangle \le 0` for ``y`` in the set.

    >>> import numpy as np
    >>> from symopt.projections import l2_ball
    >>> rng = np.random.default_rng(0)
    >>> X, Y = rng.normal(size=(2, 50, 3)) * 3
    >>> check_nonexpansive(lambda Z: l2_ball(Z, 1.0), X, Y)
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
from .core.objective import Objective
from .core.parse import symbol
from .core.parse import parse_symbols
from .pep import bound_property

__all__ = [
    "points",
    "psd_matrices",
    "convex_quadratics",
    "convex_expressions",
    "step_sizes",
    "check_gradient",
    "check_jensen",
    "check_nonexpansive",
    "check_pep_bound",
]


def _st() -> Any:
    try:
        from hypothesis import strategies as st
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("symopt.testing needs hypothesis, a dependency of symopt that is missing from this "
                          "environment: pip install 'hypothesis>=6.80' (or reinstall symopt: make demo)") from exc
    return st


# ----------------------------------------------------------------------------- strategies


def points(n: int, bound: float = 10.0) -> Any:
    """Float vectors of length ``n`` with entries in ``[-bound, bound]`` (NumPy arrays)."""
    st = _st()
    coord = st.floats(-bound, bound, allow_nan=False, allow_infinity=False)
    return st.lists(coord, min_size=n, max_size=n).map(lambda v: np.array(v, dtype=float))


def psd_matrices(n: int, max_condition: float = 100.0, definite: bool = True) -> Any:
    r"""Symmetric matrices :math:`Q \mathrm{diag}(\lambda) Q^\top` with :math:`\lambda \in [1, \kappa]`.

    With ``definite=False`` some eigenvalues may be 0 (PSD, singular).
    Condition number of the definite ones is at most ``max_condition``.
    """
    st = _st()
    if max_condition < 1:
        raise ValueError("max_condition must be >= 1")
    lam = st.floats(1.0, float(max_condition))
    if not definite:
        lam = st.one_of(st.just(0.0), lam)

    def build(args: tuple) -> np.ndarray:
        eig, seed = args
        rng = np.random.default_rng(seed)
        Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
        M = Q @ np.diag(eig) @ Q.T
        return (M + M.T) / 2

    return st.tuples(st.lists(lam, min_size=n, max_size=n), st.integers(0, 2**32 - 1)).map(build)


def convex_quadratics(n: int, max_entry: int = 5) -> Any:
    r"""Objectives :math:`\tfrac12 x^\top A x + b^\top x` with :math:`A = B^\top B` (exact integers)."""
    st = _st()
    import sympy as sp


    ints = st.integers(-max_entry, max_entry)

    def build(args: tuple) -> Objective:
        flat, b = args
        B = sp.Matrix(n, n, flat)
        A = B.T * B
        xs = sp.Matrix([symbol(f"x{i + 1}") for i in range(n)])
        expr = sp.Rational(1, 2) * (xs.T * A * xs)[0, 0] + sum(bi * xi for bi, xi in zip(b, xs))
        if not expr.free_symbols:
            expr = expr + 0 * xs[0]
        return Objective(sp.expand(expr), variables=list(xs))

    return st.tuples(st.lists(ints, min_size=n * n, max_size=n * n), st.lists(ints, min_size=n, max_size=n)).map(build)


def convex_expressions(variables: Any = ("x", "y"), max_depth: int = 3) -> Any:
    """SymPy expressions that are convex on R^n by construction (DCP rules).

    Leaves are affine functions with small integer coefficients; nodes are
    sums, positive scalings, ``exp``, ``abs``, squares of affine functions,
    ``max``, log-sum-exp and softplus of convex/affine arguments as the
    composition rules allow.
    """
    st = _st()
    import sympy as sp


    xs = parse_symbols(variables) if isinstance(variables, str) else parse_symbols(list(variables))
    coef = st.integers(-3, 3)
    affine = st.tuples(st.lists(coef, min_size=len(xs), max_size=len(xs)), coef).map(
        lambda a: sum(c * x for c, x in zip(a[0], xs)) + a[1]
    )
    positive = st.integers(1, 4).map(lambda k: sp.Rational(k, 2))

    def extend(children: Any) -> Any:
        return st.one_of(
            st.tuples(children, children).map(lambda t: t[0] + t[1]),
            st.tuples(positive, children).map(lambda t: t[0] * t[1]),
            children.map(sp.exp),
            st.tuples(children, children).map(lambda t: sp.Max(t[0], t[1])),
            st.tuples(children, children).map(lambda t: sp.log(sp.exp(t[0]) + sp.exp(t[1]))),
        )

    base = st.one_of(
        affine,
        affine.map(lambda a: a**2),
        affine.map(sp.Abs),
        affine.map(lambda a: sp.log(1 + sp.exp(a))),
    )
    return st.recursive(base, extend, max_leaves=max_depth * 2)


def step_sizes(max_value: float = 1.0) -> Any:
    """Learning rates in ``(0, max_value]``."""
    st = _st()
    return st.floats(min_value=1e-6, max_value=float(max_value), exclude_min=False)


# ----------------------------------------------------------------------------- checks


def _as_callables(f: Any) -> tuple[Callable, Callable | None]:

    if isinstance(f, str):
        f = Objective(f)
    if isinstance(f, Objective):
        f = f.compile()
    if hasattr(f, "value") and hasattr(f, "grad"):
        return f.value, f.grad
    if callable(f):
        return f, None
    raise TypeError("expected an Objective, a compiled objective, or a callable")


def check_gradient(f: Any, X: Any, grad: Callable | None = None, eps: float = 1e-6, rtol: float = 1e-4,
                   atol: float = 1e-6) -> float:
    r"""Compare a gradient with central differences :math:`(f(x + \epsilon e_i) - f(x - \epsilon e_i)) / 2\epsilon`.

    Args:
        f: an Objective, compiled objective (``value``/``grad``), or a callable
            ``f(X) -> (...)`` (then ``grad`` is required).
        X: points ``(..., n)``.
        grad: the gradient to check (default: ``f``'s own).
        eps, rtol, atol: step and tolerances: ``|g - fd| <= atol + rtol |fd|``.

    Returns:
        The largest absolute difference found.

    Raises:
        AssertionError: a coordinate off by more than the tolerance (with the point).
    """
    value, own_grad = _as_callables(f)
    g = grad or own_grad
    if g is None:
        raise TypeError("pass grad= for a plain callable")
    P = np.atleast_2d(np.asarray(X, dtype=float))
    n = P.shape[-1]
    G = np.asarray(g(P), dtype=float)
    fd = np.empty_like(G)
    for i in range(n):
        e = np.zeros(n)
        e[i] = eps
        fd[..., i] = (np.asarray(value(P + e)) - np.asarray(value(P - e))) / (2 * eps)
    err = np.abs(G - fd)
    bad = err > atol + rtol * np.abs(fd)
    if np.any(bad):
        k = np.argwhere(bad)[0]
        raise AssertionError(f"gradient mismatch at x = {P[tuple(k[:-1])]}, coordinate {k[-1]}: "
                             f"analytic {G[tuple(k)]:.8g} vs finite difference {fd[tuple(k)]:.8g}")
    return float(err.max()) if err.size else 0.0


def check_jensen(f: Any, n: int | None = None, bound: float = 5.0, tol: float = 1e-9, max_examples: int = 300,
                 in_domain: Callable[[np.ndarray], bool] | None = None) -> None:
    r"""Search for :math:`f(\theta x + (1-\theta) y) > \theta f(x) + (1-\theta) f(y) + tol`.

    Uses ``hypothesis.find``, which shrinks the counterexample it finds.

    Args:
        f: Objective, text, compiled objective, or a callable on ``(..., n)`` arrays.
        n: dimension (taken from an Objective when omitted).
        bound: coordinates drawn from ``[-bound, bound]``.
        tol: slack, relative to ``1 + |f|``.
        max_examples: search effort.
        in_domain: optional predicate restricting ``x`` and ``y``.

    Raises:
        AssertionError: with the (shrunk) counterexample ``x, y, theta``.
    """
    from hypothesis import find, settings
    from hypothesis.errors import NoSuchExample


    if isinstance(f, str):
        f = Objective(f)
    if isinstance(f, Objective):
        n = f.n if n is None else n
    if n is None:
        raise TypeError("pass n= for a callable")
    value, _ = _as_callables(f)
    st = _st()
    strategy = st.tuples(points(n, bound), points(n, bound), st.floats(0.0, 1.0))

    def violates(example: tuple) -> bool:
        x, y, t = example
        if in_domain is not None and not (in_domain(x) and in_domain(y)):
            return False
        with np.errstate(all="ignore"):
            fx, fy, fm = float(value(x)), float(value(y)), float(value(t * x + (1 - t) * y))
        if not (np.isfinite(fx) and np.isfinite(fy) and np.isfinite(fm)):
            return False
        rhs = t * fx + (1 - t) * fy
        return fm > rhs + tol * (1 + abs(rhs))

    try:
        x, y, t = find(strategy, violates, settings=settings(max_examples=max_examples, database=None, deadline=None))
    except NoSuchExample:
        return None
    raise AssertionError(f"Jensen's inequality fails: x = {[float(c) for c in x]}, y = {[float(c) for c in y]}, theta = {t}")


def check_nonexpansive(P: Callable[[np.ndarray], np.ndarray], X: Any, Y: Any, tol: float = 1e-9) -> None:
    r"""Check the properties of a Euclidean projection ``P`` onto a closed convex set.

    For every pair of rows ``x, y`` of ``X, Y`` (shape ``(m, n)``):

    * non-expansive: :math:`\|P(x) - P(y)\| \le \|x - y\|`;
    * firmly non-expansive: :math:`\|P(x) - P(y)\|^2 \le \langle P(x) - P(y), x - y\rangle`;
    * idempotent: :math:`P(P(x)) = P(x)`;
    * variational inequality: :math:`\langle x - P(x), z - P(x)\rangle \le 0` for
      ``z = P(y)`` (a point of the set).

    Raises:
        AssertionError: naming the property and the points that break it.
    """
    X = np.atleast_2d(np.asarray(X, dtype=float))
    Y = np.atleast_2d(np.asarray(Y, dtype=float))
    PX, PY = np.asarray(P(X)), np.asarray(P(Y))
    scale = 1.0 + np.maximum(np.abs(X).max(axis=-1), np.abs(Y).max(axis=-1))
    d_out = np.linalg.norm(PX - PY, axis=-1)
    d_in = np.linalg.norm(X - Y, axis=-1)
    _fail_if(d_out > d_in + tol * scale, "non-expansive ||P(x)-P(y)|| <= ||x-y||", X, Y)
    inner = np.sum((PX - PY) * (X - Y), axis=-1)
    _fail_if(d_out**2 > inner + tol * scale**2, "firmly non-expansive ||P(x)-P(y)||^2 <= <P(x)-P(y), x-y>", X, Y)
    PPX = np.asarray(P(PX))
    _fail_if(np.linalg.norm(PPX - PX, axis=-1) > tol * scale, "idempotent P(P(x)) = P(x)", X, Y)
    vi = np.sum((X - PX) * (PY - PX), axis=-1)
    _fail_if(vi > tol * scale**2, "variational inequality <x-P(x), z-P(x)> <= 0", X, Y)


def _fail_if(bad: np.ndarray, what: str, X: np.ndarray, Y: np.ndarray) -> None:
    if np.any(bad):
        k = int(np.argmax(bad))
        raise AssertionError(f"projection is not {what}: fails at x = {X[k].tolist()}, y = {Y[k].tolist()}")


def check_pep_bound(result: Any, f: Callable, grad: Callable, x0: Any, x_star: Any = 0.0, f_star: float = 0.0) -> None:
    """A certified worst-case bound (a :class:`symopt.pep.PEPResult`) as the property to test:
    run the method on ``f`` from ``x0`` and assert ``measure <= tau * init``.

    The bound is a theorem for every function of the class; a failure means ``f`` is
    outside the class or the code under test is wrong.
    """

    if not bound_property(result)(f, grad, x0, x_star, f_star):
        raise AssertionError(f"{result.method.name}: the certified bound {result.tau} fails on this function from x0 = {x0!r}")
