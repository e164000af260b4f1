r"""Composition rules (disciplined convex programming, as in CVXPY): atoms declare, one rule composes.

Each atom declares what CVXPY's ``Atom`` subclasses declare
(``is_atom_convex`` / ``is_atom_concave``, ``is_incr(i)`` / ``is_decr(i)``):
its own curvature and its monotonicity in each argument, given the sign
facts about the arguments that the tree records; and what makes an
expression that atom applied to given arguments.  :func:`compose` is the
composition rule, written once (CVXPY's ``atoms/atom.py``): ``h(g_1, ..., g_k)``
is convex when ``h`` is convex and, for each argument, ``g_i`` is affine, or
``h`` is nondecreasing in it and ``g_i`` convex, or nonincreasing and ``g_i``
concave (mirror image for concave); an affine ``h`` of affine arguments is
affine.

A :class:`DCPStep` is one node of a proof tree.  Its ``check()`` re-proves every
sign fact with :func:`~symopt.exact.signs.prove_sign`, re-checks the extra
evidence (exact LDL^T factorisations), re-checks the children, and asks
:func:`conclude` (the atom's declaration plus :func:`compose`) for the
curvature again.  The search that builds the trees is
:func:`symopt.convexity.dcp.analyze`; nothing here knows it.

Atoms: constants, affine functions, quadratics (exact LDL^T), sums, scaling by
a constant of proved sign, exp, log, powers (by exponent and the argument's
sign), abs, cosh, log(cosh), max, min, ``b**g``, log-sum-exp (softplus),
``g log g``, ``a**2/b``, weighted geometric means, and powers ``>= 1/2`` of a
nonnegative quadratic (Euclidean norms).

    >>> import sympy as sp
    >>> compose("convex", ["incr"], ["convex"]), compose("concave", ["incr"], ["convex"])
    ('convex', 'unknown')
    >>> compose("affine", ["decr"], ["convex"])
    'concave'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import sympy as sp

from ..core.domain import Box
from ..exact.linalg import LDLFactorization
from ..exact.signs import is_zero_identity, prove_sign
from .evidence import Evidence


__all__ = ["CURVATURES", "DCPStep", "Atom", "ATOMS", "Facts", "compose", "conclude"]

CURVATURES = ("constant", "affine", "convex", "concave", "unknown")

_FLIP = {"convex": "concave", "concave": "convex", "affine": "affine", "constant": "constant", "unknown": "unknown"}


# ----------------------------------------------------------------------------- the rule, once


def compose(curvature: str, monotonicity: Sequence[str], args: Sequence[str]) -> str:
    """The curvature of ``h(g_1, ..., g_k)`` from ``h``'s own curvature, its monotonicity in each
    argument (``"incr"``, ``"decr"`` or ``"none"``) and the arguments' curvatures.

    An atom with no arguments (a constant, an affine function, a quadratic) has
    its own curvature.
    """
    if not args:
        return curvature
    if curvature == "affine":
        if all(c == "constant" for c in args):
            return "constant"
        if all(c in ("constant", "affine") for c in args):
            return "affine"

    def ok(target: str) -> bool:
        for m, c in zip(monotonicity, args):
            if c in ("constant", "affine"):
                continue
            if m == "incr" and c == target:
                continue
            if m == "decr" and c == _FLIP[target]:
                continue
            return False
        return True

    if curvature in ("convex", "affine") and ok("convex"):
        return "convex"
    if curvature in ("concave", "affine") and ok("concave"):
        return "concave"
    return "unknown"


class Facts:
    """The sign facts ``(expr, relation)`` a node relies on (each re-proved by :meth:`DCPStep.check`)."""

    def __init__(self, facts: Sequence) -> None:
        self.facts = tuple(facts)

    def has(self, e: sp.Expr, rel: str) -> bool:
        return any(f[0] == e and f[1] == rel for f in self.facts)

    def nonneg(self, e: sp.Expr) -> bool:
        return self.has(e, ">=0") or self.has(e, ">0")

    def nonpos(self, e: sp.Expr) -> bool:
        return self.has(e, "<=0") or self.has(e, "<0")

    def sign_monotone(self, e: sp.Expr) -> str:
        """Monotonicity of an even function that is increasing on ``[0, oo)`` (abs, cosh) at argument ``e``."""
        return "incr" if self.nonneg(e) else ("decr" if self.nonpos(e) else "none")


# ----------------------------------------------------------------------------- helpers on expressions


def _is_const(e: sp.Expr, box: Box) -> bool:
    return not (e.free_symbols & set(box.variables))


def _poly(e: sp.Expr, box: Box) -> sp.Poly | None:
    vs = box.variables
    if not e.is_polynomial(*vs):
        return None
    try:
        p = sp.Poly(e, *vs)
    except sp.PolynomialError:
        return None
    if any(c.free_symbols for c in p.coeffs()):
        return None
    return p


def _quadratic_matrix(e: sp.Expr, box: Box) -> sp.Matrix:
    return sp.hessian(e, box.variables)


def _homogenized(e: sp.Expr, box: Box) -> sp.Matrix:
    """``[[Q, b/2], [b^T/2, c]]`` for ``e = x^T Q x + b^T x + c``."""
    vs = box.variables
    n = len(vs)
    Q = sp.hessian(e, vs) / 2
    zero = {v: 0 for v in vs}
    b = [sp.diff(e, v).xreplace(zero) for v in vs]
    c = e.xreplace(zero)
    M = sp.zeros(n + 1, n + 1)
    M[:n, :n] = Q
    for i in range(n):
        M[i, n] = M[n, i] = b[i] / 2
    M[n, n] = c
    return M


def _lse_terms(arg: sp.Expr, box: Box) -> list[tuple[sp.Expr | None, sp.Expr]] | None:
    """Split ``arg = sum_i c_i exp(g_i) + c0`` into ``(g_i, c_i)`` and ``(None, c0)`` pairs."""
    out: list[tuple[sp.Expr | None, sp.Expr]] = []
    for term in sp.Add.make_args(arg):
        if _is_const(term, box):
            out.append((None, term))
            continue
        c, rest = term.as_independent(*box.variables, as_Add=False)
        if isinstance(rest, sp.exp):
            out.append((rest.args[0], c))
        elif rest.is_Pow and rest.base is sp.E:
            out.append((rest.exp, c))
        else:
            return None
    return out if any(g is not None for g, _ in out) else None


def _geo_parts(e: sp.Expr, box: Box) -> list[tuple[sp.Expr, sp.Expr]] | None:
    """``e = prod g_i**a_i`` with rational ``a_i``: the pairs, or None."""
    if e.is_Pow and e.exp.is_Rational and e.base.is_Mul:
        parts = []
        for f in e.base.args:
            if _is_const(f, box):
                return None
            parts.append((f, e.exp))
        return parts
    if e.is_Mul:
        parts = []
        for f in e.args:
            if f.is_Pow and f.exp.is_Rational:
                parts.append((f.base, f.exp))
            elif _is_const(f, box):
                return None
            else:
                parts.append((f, sp.S.One))
        return parts
    return None


# ----------------------------------------------------------------------------- atoms


class Atom:
    """A function whose curvature and monotonicity are known (CVXPY's ``Atom``).

    Subclasses declare:

    * :meth:`match`: ``expr`` is this atom applied to ``args`` (else ``ValueError``);
    * :meth:`curvature`: ``"convex"``, ``"concave"``, ``"affine"`` or ``"constant"``
      (``ValueError`` when a condition of its domain is not among the facts);
    * :meth:`monotonicity`: ``"incr"``, ``"decr"`` or ``"none"`` per argument (``box`` gives the variables);
    * :meth:`wanted`: the sign facts the search should try to prove (the
      checker re-proves whatever facts a node records).
    """

    name = ""

    def match(self, expr: sp.Expr, args: Sequence[sp.Expr], box: Box, extra: Sequence) -> None:
        raise ValueError("not this atom")

    def curvature(self, expr: sp.Expr, args: Sequence[sp.Expr], facts: Facts, box: Box, extra: Sequence) -> str:
        raise ValueError("no curvature")

    def monotonicity(self, expr: sp.Expr, args: Sequence[sp.Expr], facts: Facts, box: Box | None = None) -> tuple[str, ...]:
        return tuple("incr" for _ in args)

    def wanted(self, expr: sp.Expr, args: Sequence[sp.Expr], box: Box) -> list[tuple[sp.Expr, tuple[str, ...]]]:
        return []


def _one(args: Sequence[sp.Expr]) -> sp.Expr:
    if len(args) != 1:
        raise ValueError("one argument expected")
    return args[0]


class _Constant(Atom):
    name = "constant"

    def match(self, expr, args, box, extra):
        if args or not _is_const(expr, box):
            raise ValueError("not constant")

    def curvature(self, expr, args, facts, box, extra):
        return "constant"


class _Affine(Atom):
    name = "affine"

    def match(self, expr, args, box, extra):
        p = _poly(expr, box)
        if args or p is None or p.total_degree() > 1:
            raise ValueError("not affine")

    def curvature(self, expr, args, facts, box, extra):
        return "affine" if _poly(expr, box).total_degree() == 1 else "constant"


class _Quadratic(Atom):
    """``x^T Q x + b^T x + c`` with an exact LDL^T of its Hessian ``2Q`` (PSD: convex, NSD: concave)."""

    name = "quadratic"

    def match(self, expr, args, box, extra):
        p = _poly(expr, box)
        if args or p is None or p.total_degree() != 2 or len(extra) != 1:
            raise ValueError("not a quadratic")
        ldl = extra[0]
        if not isinstance(ldl, LDLFactorization) or ldl.H != _quadratic_matrix(expr, box):
            raise ValueError("factorisation of another matrix")

    def curvature(self, expr, args, facts, box, extra):
        return "convex" if extra[0].sign > 0 else "concave"


class _Norm(Atom):
    """``q**r`` with ``r >= 1/2`` and ``q`` a quadratic whose homogenised matrix is PSD (``sqrt q`` is a norm of ``(x, 1)``)."""

    name = "norm"

    def match(self, expr, args, box, extra):
        if args or not (expr.is_Pow and expr.exp.is_Rational and expr.exp >= sp.Rational(1, 2)) or len(extra) != 1:
            raise ValueError("not q**r with r >= 1/2")
        p = _poly(expr.base, box)
        if p is None or p.total_degree() != 2:
            raise ValueError("base is not a quadratic")
        ldl = extra[0]
        if not isinstance(ldl, LDLFactorization) or ldl.sign < 0 or ldl.H != _homogenized(expr.base, box):
            raise ValueError("homogenised matrix not shown PSD")

    def curvature(self, expr, args, facts, box, extra):
        return "convex"


class _Sum(Atom):
    name = "sum"

    def match(self, expr, args, box, extra):
        if sp.Add(*args) != expr:
            raise ValueError("children do not add up")

    def curvature(self, expr, args, facts, box, extra):
        return "affine"


class _Scale(Atom):
    """``c * g`` with a constant ``c`` of proved sign: increasing for ``c >= 0``, decreasing for ``c <= 0``."""

    name = "scale"

    def match(self, expr, args, box, extra):
        if not _is_const(sp.cancel(expr / _one(args)), box):
            raise ValueError("scale factor is not constant")

    def curvature(self, expr, args, facts, box, extra):
        return "affine"

    def monotonicity(self, expr, args, facts, box=None):
        c = sp.cancel(expr / args[0])
        if facts.nonneg(c):
            return ("incr",)
        if facts.nonpos(c):
            return ("decr",)
        raise ValueError("scale factor of unknown sign")

    def wanted(self, expr, args, box):
        return [(sp.cancel(expr / args[0]), (">=0", "<=0"))]


class _Function(Atom):
    """``func(g)`` for a one-argument SymPy function."""

    func: type = sp.exp
    curv = "convex"

    def match(self, expr, args, box, extra):
        if expr != self.func(_one(args)):
            raise ValueError("atom does not match")

    def curvature(self, expr, args, facts, box, extra):
        return self.curv


class _Exp(_Function):
    name, func = "exp", sp.exp


class _Log(_Function):
    name, func, curv = "log", sp.log, "concave"

    def curvature(self, expr, args, facts, box, extra):
        if not facts.has(args[0], ">0"):
            raise ValueError("log needs a positive argument")
        return "concave"

    def wanted(self, expr, args, box):
        return [(args[0], (">0",))]


class _Even(_Function):
    """An even convex function increasing on ``[0, oo)``: monotone where its argument has a sign."""

    def monotonicity(self, expr, args, facts, box=None):
        return (facts.sign_monotone(args[0]),)

    def wanted(self, expr, args, box):
        return [(args[0], (">=0", "<=0"))]


class _Abs(_Even):
    name, func = "abs", sp.Abs


class _Cosh(_Even):
    name, func = "cosh", sp.cosh


class _LogCosh(_Even):
    name = "log-cosh"

    def match(self, expr, args, box, extra):
        if expr != sp.log(sp.cosh(_one(args))):
            raise ValueError("not log(cosh(g))")


class _MaxMin(Atom):
    func: type = sp.Max

    def match(self, expr, args, box, extra):
        if self.func(*args) != expr:
            raise ValueError("atom does not match")

    def curvature(self, expr, args, facts, box, extra):
        return "convex" if self.func is sp.Max else "concave"


class _Max(_MaxMin):
    name, func = "max", sp.Max


class _Min(_MaxMin):
    name, func = "min", sp.Min


def _power_rule(p: sp.Rational, facts: Facts, g: sp.Expr) -> tuple[str, str]:
    """(atom curvature, monotonicity) of t -> t**p given the argument's sign facts."""
    nonneg, nonpos = facts.nonneg(g), facts.nonpos(g)
    pos, neg = facts.has(g, ">0"), facts.has(g, "<0")
    if p == 1:
        return "affine", "incr"
    if p.is_Integer and p > 0 and p % 2 == 0:
        return "convex", "incr" if nonneg else ("decr" if nonpos else "none")
    if p.is_Integer and p > 1:  # odd
        if nonneg:
            return "convex", "incr"
        if nonpos:
            return "concave", "incr"
        raise ValueError("odd power of an argument of unknown sign")
    if p > 1:
        if nonneg:
            return "convex", "incr"
        raise ValueError("fractional power needs a nonnegative argument")
    if 0 < p < 1:
        if nonneg:
            return "concave", "incr"
        raise ValueError("fractional power needs a nonnegative argument")
    if p < 0:
        if pos:
            return "convex", "decr"
        if neg and p.is_Integer:
            return ("convex", "incr") if p % 2 == 0 else ("concave", "decr")
        raise ValueError("negative power needs an argument of strict sign")
    raise ValueError("power 0")


class _Power(Atom):
    """``g**p`` with rational ``p``: curvature and monotonicity by ``p`` and the sign of ``g``."""

    name = "power"

    def match(self, expr, args, box, extra):
        if not (expr.is_Pow and expr.base == _one(args) and expr.exp.is_Rational):
            raise ValueError("not a power of the child")

    def curvature(self, expr, args, facts, box, extra):
        return _power_rule(expr.exp, facts, args[0])[0]

    def monotonicity(self, expr, args, facts, box=None):
        return (_power_rule(expr.exp, facts, args[0])[1],)

    def wanted(self, expr, args, box):
        e = expr.exp
        return [(args[0], (">0", "<0") if e < 0 else (">=0", "<=0") if e.is_Integer else (">=0",))]


class _ExpBase(Atom):
    """``b**g`` with a constant ``b > 0``: convex, increasing for ``b >= 1``, decreasing for ``b <= 1``."""

    name = "exp-base"

    def match(self, expr, args, box, extra):
        if not (expr.is_Pow and expr.exp == _one(args) and _is_const(expr.base, box)):
            raise ValueError("not b**g")

    def curvature(self, expr, args, facts, box, extra):
        if not facts.has(expr.base, ">0"):
            raise ValueError("base must be positive")
        return "convex"

    def monotonicity(self, expr, args, facts, box=None):
        b = expr.base
        return ("incr" if facts.has(b - 1, ">=0") else ("decr" if facts.has(b - 1, "<=0") else "none"),)

    def wanted(self, expr, args, box):
        return [(expr.base, (">0",)), (expr.base - 1, (">=0", "<=0"))]


class _LogSumExp(Atom):
    """``log(sum_i c_i exp(g_i) + c_0)`` with ``c_i > 0``, ``c_0 >= 0``: convex, increasing in every ``g_i``."""

    name = "log-sum-exp"

    def match(self, expr, args, box, extra):
        if not isinstance(expr, sp.log):
            raise ValueError("not a logarithm")
        terms = _lse_terms(expr.args[0], box)
        if terms is None:
            raise ValueError("not a sum of exponentials")
        if [g for g, _ in terms if g is not None] != list(args):
            raise ValueError("children are not the exponents")

    def curvature(self, expr, args, facts, box, extra):
        for g, c in _lse_terms(expr.args[0], box):
            if g is not None and not (c == 1 or facts.has(c, ">0")):
                raise ValueError("coefficient not shown positive")
            if g is None and not (c == 0 or facts.nonneg(c)):
                raise ValueError("constant term not shown nonnegative")
        return "convex"

    def wanted(self, expr, args, box):
        out = []
        for g, c in _lse_terms(expr.args[0], box) or []:
            if g is not None and c != 1:
                out.append((c, (">0",)))
            if g is None and c != 0:
                out.append((c, (">=0",)))
        return out


class _Entropy(Atom):
    """``g log g`` with ``g > 0``: convex, not monotone (so ``g`` must be affine)."""

    name = "entropy"

    def match(self, expr, args, box, extra):
        g = _one(args)
        if sp.expand(expr - g * sp.log(g)) != 0:
            raise ValueError("not g*log(g)")

    def curvature(self, expr, args, facts, box, extra):
        if not facts.has(args[0], ">0"):
            raise ValueError("g log g needs g > 0")
        return "convex"

    def monotonicity(self, expr, args, facts, box=None):
        return ("none",)

    def wanted(self, expr, args, box):
        return [(args[0], (">0",))]


class _QuadOverLin(Atom):
    """``a**2/b`` with ``b > 0``: jointly convex, decreasing in ``b`` (CVXPY's quad_over_lin)."""

    name = "quad-over-lin"

    def match(self, expr, args, box, extra):
        if len(args) != 2 or expr != args[0] ** 2 / args[1]:
            raise ValueError("not a**2/b")

    def curvature(self, expr, args, facts, box, extra):
        if not facts.has(args[1], ">0"):
            raise ValueError("denominator not shown positive")
        return "convex"

    def monotonicity(self, expr, args, facts, box=None):
        return ("none", "decr")

    def wanted(self, expr, args, box):
        return [(args[1], (">0",))]


class _GeoMean(Atom):
    """``prod g_i**a_i`` with ``a_i >= 0``, ``sum a_i <= 1`` and ``g_i >= 0``: concave, increasing."""

    name = "geo-mean"

    def match(self, expr, args, box, extra):
        parts = _geo_parts(expr, box)
        if parts is None or [g for g, _ in parts] != list(args):
            raise ValueError("not a weighted geometric mean of the children")
        weights = [a for _, a in parts]
        if any(a < 0 for a in weights) or sum(weights) > 1:
            raise ValueError("weights must be >= 0 and sum to <= 1")

    def curvature(self, expr, args, facts, box, extra):
        if not all(facts.nonneg(g) for g in args):
            raise ValueError("arguments must be nonnegative")
        return "concave"

    def wanted(self, expr, args, box):
        return [(g, (">=0",)) for g in args]


class _RelEntr(Atom):
    """``g log(g/h)`` with ``g, h > 0``: jointly convex (the perspective of ``-log``; CVXPY's rel_entr),
    not monotone in ``g``, decreasing in ``h``."""

    name = "rel-entr"

    def match(self, expr, args, box, extra):
        if len(args) != 2 or expr != args[0] * sp.log(args[0] / args[1]):
            raise ValueError("not g*log(g/h)")

    def curvature(self, expr, args, facts, box, extra):
        if not (facts.has(args[0], ">0") and facts.has(args[1], ">0")):
            raise ValueError("rel_entr needs g > 0 and h > 0")
        return "convex"

    def monotonicity(self, expr, args, facts, box=None):
        return ("none", "decr")

    def wanted(self, expr, args, box):
        return [(args[0], (">0",)), (args[1], (">0",))]


def power_sum_terms(expr: sp.Expr, box: Box) -> tuple[sp.Rational, list, sp.Expr] | None:
    """``expr = (sum_i c_i t_i**p + c_0)**r`` with constant ``c_i``: ``(p, [(c_i, g_i, is_abs)], c_0)``, where
    ``t_i`` is ``|g_i|`` (``is_abs``) or ``g_i``; ``p = 1/r`` first (a norm or a power mean), else the terms' own
    common exponent (a power of one: ``(|x|^3 + |y|^3)^(2/3)``); ``None`` when ``expr`` has another shape."""
    if not (expr.is_Pow and expr.exp.is_Rational and expr.exp > 0 and expr.exp != 1 and expr.base.is_Add):
        return None
    out = _power_sum_with(expr, box, 1 / expr.exp)
    if out is not None:
        return out
    for term in expr.base.args:
        rest = term.as_independent(*box.variables, as_Add=False)[1]
        if rest.is_Pow and rest.exp.is_Rational and rest.exp > 0 and rest.exp != 1:
            return _power_sum_with(expr, box, rest.exp)
        for a in rest.atoms(sp.Abs):  # SymPy writes |g|**3 as g**2*|g|
            for k in range(2, 9):
                if a**k == rest:
                    return _power_sum_with(expr, box, sp.Integer(k))
    return None


def _power_sum_with(expr: sp.Expr, box: Box, p: sp.Rational) -> tuple[sp.Rational, list, sp.Expr] | None:
    terms, c0 = [], sp.S.Zero
    for term in expr.base.args:
        if _is_const(term, box):
            c0 += term
            continue
        c, rest = term.as_independent(*box.variables, as_Add=False)
        if not (rest.is_Pow and rest.exp == p):
            # SymPy writes |g|**3 as g**2*|g|: recognise it by rebuilding
            absolute = [a for a in rest.atoms(sp.Abs) if a**p == rest]
            if not absolute:
                return None
            terms.append((c, absolute[0].args[0], True))
            continue
        base = rest.base
        if isinstance(base, sp.Abs):
            terms.append((c, base.args[0], True))
        else:
            terms.append((c, base, False))
    return (p, terms, c0) if terms else None


class _PowerSum(Atom):
    r"""Power sums :math:`(\sum_i c_i t_i^p + c_0)^{k/p}` with ``c_i > 0``, ``c_0 >= 0``: a weighted p-norm for
    ``p >= 1`` (convex; ``t_i = |g_i|``, an even power, or ``g_i >= 0``), a power mean for ``0 < p < 1``
    (concave and increasing for ``g_i >= 0``); Boyd & Vandenberghe 3.1.5, CVXPY's pnorm.  Raised to ``k >= 1``
    a norm stays convex (``t^k`` convex increasing on ``t >= 0``: the squared 3-norm), raised to ``0 < k <= 1`` a
    power mean stays concave (3.2.4)."""

    name = "power-sum"

    def match(self, expr, args, box, extra):
        parts = power_sum_terms(expr, box)
        if parts is None or [g for _, g, _ in parts[1]] != list(args):
            raise ValueError("not a power sum of the children")

    def curvature(self, expr, args, facts, box, extra):
        p, terms, c0 = power_sum_terms(expr, box)
        if not all(c == 1 or facts.has(c, ">0") for c, _, _ in terms) or not (c0 == 0 or facts.nonneg(c0)):
            raise ValueError("weights not shown positive")
        k = expr.exp * p  # expr = (the norm or power mean)**k
        if p >= 1 and k >= 1:  # t**k convex and increasing for t >= 0, of a convex norm
            if all(a or (p.is_Integer and p % 2 == 0) or facts.nonneg(g) for _, g, a in terms):
                return "convex"
            raise ValueError("a p-norm needs |g|, an even power or g >= 0")
        if 0 < p < 1 and 0 < k <= 1 and all(facts.nonneg(g) for _, g, _ in terms):
            return "concave"  # t**k concave and increasing for t >= 0, of a concave power mean
        raise ValueError("a power sum needs p >= 1 with (power sum)**(1/p) raised to k >= 1, or 0 < p < 1 with k <= 1, "
                         "and g >= 0")

    def monotonicity(self, expr, args, facts, box=None):
        p, terms, _ = power_sum_terms(expr, box)
        return tuple(facts.sign_monotone(g) if (a or (p >= 1 and p.is_Integer and p % 2 == 0)) else "incr"
                     for _, g, a in terms)

    def wanted(self, expr, args, box):
        p, terms, c0 = power_sum_terms(expr, box)
        out = [(c, (">0",)) for c, _, _ in terms if c != 1] + ([(c0, (">=0",))] if c0 != 0 else [])
        return out + [(g, (">=0", "<=0")) for _, g, _ in terms]


#: Every atom by its rule name (the ``rule`` a :class:`DCPStep` records).
ATOMS: dict[str, Atom] = {a.name: a for a in (
    _Constant(), _Affine(), _Quadratic(), _Norm(), _Sum(), _Scale(), _Exp(), _Log(), _Abs(), _Cosh(), _LogCosh(),
    _Max(), _Min(), _Power(), _ExpBase(), _LogSumExp(), _Entropy(), _QuadOverLin(), _GeoMean(), _RelEntr(),
    _PowerSum())}


def conclude(expr: sp.Expr, rule: str, children: Sequence["DCPStep"], facts: Sequence, box: Box, extra: Sequence = ()) -> str:
    """The curvature that ``rule`` concludes for ``expr`` from its children's curvatures.

    Raises:
        ValueError: the rule does not fit the expression, or a condition it needs is not among the facts.
    """
    atom = ATOMS.get(rule)
    if atom is None:
        raise ValueError(f"unknown rule {rule!r}")
    args = [c.expr for c in children]
    atom.match(expr, args, box, extra)
    known = Facts(facts)
    curvature = atom.curvature(expr, args, known, box, extra)
    return compose(curvature, atom.monotonicity(expr, args, known, box), [c.curvature for c in children])


# ----------------------------------------------------------------------------- the proof tree


@dataclass(frozen=True)
class DCPStep(Evidence):
    """One node of a composition-rule (DCP) proof tree.

    Attributes:
        expr: the subexpression.
        curvature: what the rule concludes for it.
        rule: the atom's name (``"sum"``, ``"scale"``, ``"exp"``, ``"power"``,
            ``"log-sum-exp"``, ``"quadratic"``, ...; see :data:`ATOMS`).
        children: proofs for the arguments the rule uses.
        facts: ``(expr, relation)`` sign facts the rule needs (``(x, ">0")``).
        box: the domain.
        extra: more evidence the rule relies on (an LDL factorisation).
    """

    expr: sp.Expr
    curvature: str
    rule: str
    children: tuple = ()
    facts: tuple = ()
    box: Box | None = None
    extra: tuple = ()

    def check(self) -> bool:
        for child in self.children:
            if not child.check():
                return False
        for e, rel in self.facts:
            if prove_sign(e, self.box, rel) is None:
                return False
        for ev in self.extra:
            if not ev.check():
                return False
        try:
            return conclude(self.expr, self.rule, self.children, self.facts, self.box, self.extra) == self.curvature
        except (ValueError, TypeError):
            return False

    def proves_convex(self, g: sp.Expr) -> bool:
        return self.curvature in ("convex", "affine", "constant") and is_zero_identity(self.expr, g)

    def summary(self) -> str:
        return f"composition rules (DCP): {self.expr} is {self.curvature} by rule '{self.rule}'"

    def tree(self, indent: int = 0) -> str:
        """The proof tree as indented text."""
        facts = "" if not self.facts else "  [" + ", ".join(f"{e} {r[:-1]} 0" for e, r in self.facts) + "]"
        lines = [f"{'  ' * indent}{self.expr}: {self.curvature} ({self.rule}){facts}"]
        for child in self.children:
            lines.append(child.tree(indent + 1))
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {"kind": "DCPStep", "expr": str(self.expr), "curvature": self.curvature, "rule": self.rule,
                "facts": [f"{e} {r[:-1]} 0" for e, r in self.facts],
                "children": [c.to_json() for c in self.children]}
