"""Composition rules in the spirit of CVXPY's disciplined convex programming (DCP).

:func:`conclude` is the rule book: given an expression, a rule name, the proofs
of its arguments and the sign facts the rule needs, it returns the curvature
the rule concludes (or raises ``ValueError`` when the rule does not apply).
:func:`analyze` searches for a proof tree bottom-up, and
:meth:`symopt.certificate.DCPStep.check` replays the tree through the same rule
book after re-proving every sign fact.

The rules (``h`` an atom, ``g`` its argument): ``h(g)`` is convex when ``h`` is
convex and, for each argument, ``g`` is affine, or ``h`` is nondecreasing there
and ``g`` convex, or ``h`` is nonincreasing there and ``g`` concave (mirror
image for concave).  Atoms: exp, log, powers (by exponent and the argument's
sign), abs, cosh, log(cosh), max, min, ``b**g``, log-sum-exp (softplus), ``g log g``,
``a**2/b``, weighted geometric means, ``sqrt`` (and powers >= 1/2) of a
nonnegative convex quadratic (Euclidean norms), quadratic forms (exact LDL^T).

    >>> from symopt.core.parse import parse, parse_symbols
    >>> from symopt.core.domain import Box
    >>> x, y = parse_symbols("x, y")
    >>> analyze(parse("logsumexp(x, y) + x**2/y"), Box.parse("y > 0", (x, y))).curvature
    'convex'
"""

from __future__ import annotations

from typing import Sequence

import sympy as sp

from .certificate import DCPStep, LDLFactorization, prove_sign
from .core.domain import Box

__all__ = ["analyze", "conclude"]

_FLIP = {"convex": "concave", "concave": "convex", "affine": "affine", "constant": "constant", "unknown": "unknown"}


def _vars(box: Box) -> tuple[sp.Symbol, ...]:
    return box.variables


def _is_const(e: sp.Expr, box: Box) -> bool:
    return not (e.free_symbols & set(_vars(box)))


def _poly(e: sp.Expr, box: Box) -> sp.Poly | None:
    vs = _vars(box)
    if not e.is_polynomial(*vs):
        return None
    try:
        p = sp.Poly(e, *vs)
    except sp.PolynomialError:
        return None
    if any(c.free_symbols for c in p.coeffs()):
        return None
    return p


def _sum(curvs: Sequence[str]) -> str:
    s = set(curvs)
    if s <= {"constant"}:
        return "constant"
    if s <= {"constant", "affine"}:
        return "affine"
    if s <= {"constant", "affine", "convex"}:
        return "convex"
    if s <= {"constant", "affine", "concave"}:
        return "concave"
    return "unknown"


def _compose(atom: str, monotone: Sequence[str], args: Sequence[str]) -> str:
    """DCP composition: atom curvature, per-argument monotonicity (incr/decr/none), argument curvatures."""
    def ok(target: str) -> bool:
        for m, c in zip(monotone, args):
            if c in ("constant", "affine"):
                continue
            if m == "incr" and c == target:
                continue
            if m == "decr" and c == _FLIP[target]:
                continue
            return False
        return True

    if atom in ("convex", "affine") and ok("convex"):
        return "convex"
    if atom in ("concave", "affine") and ok("concave"):
        return "concave"
    return "unknown"


def _has(facts: Sequence, e: sp.Expr, rel: str) -> bool:
    return any(f[0] == e and f[1] == rel for f in facts)


def _quadratic_matrix(e: sp.Expr, box: Box) -> sp.Matrix:
    vs = _vars(box)
    return sp.hessian(e, vs)


def _homogenized(e: sp.Expr, box: Box) -> sp.Matrix:
    """``[[Q, b/2], [b^T/2, c]]`` for ``e = x^T Q x + b^T x + c``."""
    vs = _vars(box)
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


def _power_rule(p: sp.Rational, facts: Sequence, g: sp.Expr) -> tuple[str, str]:
    """(atom curvature, monotonicity) of t -> t**p given the argument's sign facts."""
    nonneg = _has(facts, g, ">=0") or _has(facts, g, ">0")
    nonpos = _has(facts, g, "<=0") or _has(facts, g, "<0")
    pos, neg = _has(facts, g, ">0"), _has(facts, g, "<0")
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


def _lse_terms(arg: sp.Expr, box: Box) -> list[tuple[sp.Expr | None, sp.Expr]] | None:
    """Split ``arg = sum_i c_i exp(g_i) + c0`` into ``(g_i, c_i)`` and ``(None, c0)`` pairs."""
    out: list[tuple[sp.Expr | None, sp.Expr]] = []
    for term in sp.Add.make_args(arg):
        if _is_const(term, box):
            out.append((None, term))
            continue
        c, rest = term.as_independent(*_vars(box), as_Add=False)
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


def conclude(expr: sp.Expr, rule: str, children: Sequence[DCPStep], facts: Sequence, box: Box, extra: Sequence = ()) -> str:
    """The curvature that ``rule`` concludes for ``expr`` from its children's curvatures.

    Raises:
        ValueError: the rule does not fit the expression.
    """
    cs = [c.curvature for c in children]
    ces = [c.expr for c in children]
    if rule == "constant":
        if not _is_const(expr, box):
            raise ValueError("not constant")
        return "constant"
    if rule == "affine":
        p = _poly(expr, box)
        if p is None or p.total_degree() > 1:
            raise ValueError("not affine")
        return "affine" if p.total_degree() == 1 else "constant"
    if rule == "quadratic":
        p = _poly(expr, box)
        if p is None or p.total_degree() != 2 or len(extra) != 1:
            raise ValueError("not a quadratic")
        ldl = extra[0]
        if not isinstance(ldl, LDLFactorization) or ldl.H != _quadratic_matrix(expr, box):
            raise ValueError("factorisation of another matrix")
        return "convex" if ldl.sign > 0 else "concave"
    if rule == "sum":
        if sp.Add(*ces) != expr:
            raise ValueError("children do not add up")
        return _sum(cs)
    if rule == "scale":
        (child,) = children
        c = sp.cancel(expr / child.expr)
        if not _is_const(c, box):
            raise ValueError("scale factor is not constant")
        if _has(facts, c, ">=0") or _has(facts, c, ">0"):
            return child.curvature
        if _has(facts, c, "<=0") or _has(facts, c, "<0"):
            return _FLIP[child.curvature]
        raise ValueError("scale factor of unknown sign")
    if rule in ("exp", "log", "abs", "cosh"):
        func = {"exp": sp.exp, "log": sp.log, "abs": sp.Abs, "cosh": sp.cosh}[rule]
        (child,) = children
        if expr != func(child.expr):
            raise ValueError("atom does not match")
        g = child.expr
        if rule == "exp":
            return _compose("convex", ["incr"], cs)
        if rule == "log":
            if not _has(facts, g, ">0"):
                raise ValueError("log needs a positive argument")
            return _compose("concave", ["incr"], cs)
        mono = "incr" if (_has(facts, g, ">=0") or _has(facts, g, ">0")) else (
            "decr" if (_has(facts, g, "<=0") or _has(facts, g, "<0")) else "none")
        return _compose("convex", [mono], cs)
    if rule == "log-cosh":
        (child,) = children
        if expr != sp.log(sp.cosh(child.expr)):
            raise ValueError("not log(cosh(g))")
        g = child.expr
        mono = "incr" if (_has(facts, g, ">=0") or _has(facts, g, ">0")) else (
            "decr" if (_has(facts, g, "<=0") or _has(facts, g, "<0")) else "none")
        return _compose("convex", [mono], cs)
    if rule in ("max", "min"):
        func = sp.Max if rule == "max" else sp.Min
        if func(*ces) != expr:
            raise ValueError("atom does not match")
        return _compose("convex" if rule == "max" else "concave", ["incr"] * len(cs), cs)
    if rule == "power":
        (child,) = children
        if not (expr.is_Pow and expr.base == child.expr and expr.exp.is_Rational):
            raise ValueError("not a power of the child")
        atom, mono = _power_rule(expr.exp, facts, child.expr)
        return _compose(atom, [mono], cs)
    if rule == "exp-base":
        (child,) = children
        if not (expr.is_Pow and expr.exp == child.expr and _is_const(expr.base, box)):
            raise ValueError("not b**g")
        if not _has(facts, expr.base, ">0"):
            raise ValueError("base must be positive")
        mono = "incr" if _has(facts, expr.base - 1, ">=0") else ("decr" if _has(facts, expr.base - 1, "<=0") else "none")
        return _compose("convex", [mono], cs)
    if rule == "log-sum-exp":
        if not isinstance(expr, sp.log):
            raise ValueError("not a logarithm")
        terms = _lse_terms(expr.args[0], box)
        if terms is None:
            raise ValueError("not a sum of exponentials")
        gs = [g for g, _ in terms if g is not None]
        if gs != ces:
            raise ValueError("children are not the exponents")
        for g, c in terms:
            if g is not None and not (c == 1 or _has(facts, c, ">0")):
                raise ValueError("coefficient not shown positive")
            if g is None and not (c == 0 or _has(facts, c, ">=0") or _has(facts, c, ">0")):
                raise ValueError("constant term not shown nonnegative")
        return _compose("convex", ["incr"] * len(cs), cs)
    if rule == "entropy":
        (child,) = children
        g = child.expr
        if sp.expand(expr - g * sp.log(g)) != 0 or child.curvature not in ("affine",) or not _has(facts, g, ">0"):
            raise ValueError("not g*log(g) with g affine and positive")
        return "convex"
    if rule == "quad-over-lin":
        a, b = children
        if expr != a.expr**2 / b.expr or a.curvature not in ("affine", "constant") or b.curvature != "affine":
            raise ValueError("not a**2/b with affine a, b")
        if not _has(facts, b.expr, ">0"):
            raise ValueError("denominator not shown positive")
        return "convex"
    if rule == "geo-mean":
        parts = _geo_parts(expr, box)
        if parts is None or [g for g, _ in parts] != ces:
            raise ValueError("not a weighted geometric mean of the children")
        weights = [a for _, a in parts]
        if any(a < 0 for a in weights) or sum(weights) > 1:
            raise ValueError("weights must be >= 0 and sum to <= 1")
        for g in ces:
            if not (_has(facts, g, ">=0") or _has(facts, g, ">0")):
                raise ValueError("arguments must be nonnegative")
        return _compose("concave", ["incr"] * len(cs), cs)
    if rule == "norm":
        if not (expr.is_Pow and expr.exp.is_Rational and expr.exp >= sp.Rational(1, 2)) or len(extra) != 1:
            raise ValueError("not q**r with r >= 1/2")
        p = _poly(expr.base, box)
        if p is None or p.total_degree() != 2:
            raise ValueError("base is not a quadratic")
        ldl = extra[0]
        if not isinstance(ldl, LDLFactorization) or ldl.sign < 0 or ldl.H != _homogenized(expr.base, box):
            raise ValueError("homogenised matrix not shown PSD")
        return "convex"
    raise ValueError(f"unknown rule {rule!r}")


# ----------------------------------------------------------------------------- search


def _node(expr: sp.Expr, rule: str, children: Sequence[DCPStep], facts: Sequence, box: Box, extra: Sequence = ()) -> DCPStep:
    try:
        curv = conclude(expr, rule, children, facts, box, extra)
    except ValueError:
        curv = "unknown"
    return DCPStep(expr, curv, rule, tuple(children), tuple(facts), box, tuple(extra))


def _unknown(expr: sp.Expr, box: Box, why: str = "no rule") -> DCPStep:
    return DCPStep(expr, "unknown", why, (), (), box, ())


def _sign_facts(e: sp.Expr, box: Box, wanted: Sequence[str]) -> list[tuple[sp.Expr, str]]:
    out = []
    for rel in wanted:
        if prove_sign(e, box, rel) is not None:
            out.append((e, rel))
            if rel in (">0", "<0"):
                weak = ">=0" if rel == ">0" else "<=0"
                if weak in wanted:
                    out.append((e, weak))
                break
    return out


def analyze(expr: sp.Expr, box: Box) -> DCPStep:
    """The best DCP proof tree for ``expr`` on ``box`` (curvature ``"unknown"`` when none)."""
    expr = sp.sympify(expr)
    if _is_const(expr, box):
        return _node(expr, "constant", (), (), box)
    p = _poly(expr, box)
    if p is not None:
        if p.total_degree() <= 1:
            return _node(expr, "affine", (), (), box)
        if p.total_degree() == 2:
            H = _quadratic_matrix(expr, box)
            try:
                ldl = LDLFactorization.of(H)
            except ValueError:
                return _unknown(expr, box, "indefinite quadratic")
            return _node(expr, "quadratic", (), (), box, (ldl,))
    if expr.is_Add:
        return _node(expr, "sum", [analyze(a, box) for a in expr.args], (), box)
    if expr.is_Mul:
        c, rest = expr.as_independent(*_vars(box), as_Add=False)
        if c != 1 and not _is_const(rest, box):
            facts = _sign_facts(c, box, (">=0", "<=0"))
            return _node(expr, "scale", [analyze(rest, box)], facts, box)
        return _analyze_product(expr, box)
    if expr.is_Pow:
        return _analyze_pow(expr, box)
    if isinstance(expr, sp.exp):
        return _node(expr, "exp", [analyze(expr.args[0], box)], (), box)
    if isinstance(expr, sp.log):
        terms = _lse_terms(expr.args[0], box)
        if terms is not None:
            facts = []
            for g, c in terms:
                if g is not None and c != 1:
                    facts += _sign_facts(c, box, (">0",))
                if g is None and c != 0:
                    facts += _sign_facts(c, box, (">=0",))
            node = _node(expr, "log-sum-exp", [analyze(g, box) for g, _ in terms if g is not None], facts, box)
            if node.curvature != "unknown":
                return node
        g = expr.args[0]
        if isinstance(g, sp.cosh):
            inner = g.args[0]
            node = _node(expr, "log-cosh", [analyze(inner, box)], _sign_facts(inner, box, (">=0", "<=0")), box)
            if node.curvature != "unknown":
                return node
        return _node(expr, "log", [analyze(g, box)], _sign_facts(g, box, (">0",)), box)
    if isinstance(expr, (sp.Abs, sp.cosh)):
        g = expr.args[0]
        rule = "abs" if isinstance(expr, sp.Abs) else "cosh"
        return _node(expr, rule, [analyze(g, box)], _sign_facts(g, box, (">=0", "<=0")), box)
    if isinstance(expr, (sp.Max, sp.Min)):
        rule = "max" if isinstance(expr, sp.Max) else "min"
        return _node(expr, rule, [analyze(a, box) for a in expr.args], (), box)
    return _unknown(expr, box, f"no composition rule for {type(expr).__name__}")


def _analyze_product(expr: sp.Expr, box: Box) -> DCPStep:
    factors = expr.args
    # g*log(g)
    if len(factors) == 2:
        a, b = factors
        for g, lg in ((a, b), (b, a)):
            if isinstance(lg, sp.log) and lg.args[0] == g:
                node = _node(expr, "entropy", [analyze(g, box)], _sign_facts(g, box, (">0",)), box)
                if node.curvature != "unknown":
                    return node
        # a**2 / b
        for num, den in ((a, b), (b, a)):
            if num.is_Pow and num.exp == 2 and den.is_Pow and den.exp == -1:
                A, B = num.base, den.base
                node = _node(expr, "quad-over-lin", [analyze(A, box), analyze(B, box)], _sign_facts(B, box, (">0",)), box)
                if node.curvature != "unknown":
                    return node
    parts = _geo_parts(expr, box)
    if parts is not None:
        facts: list = []
        for g, _ in parts:
            facts += _sign_facts(g, box, (">=0",))
        node = _node(expr, "geo-mean", [analyze(g, box) for g, _ in parts], facts, box)
        if node.curvature != "unknown":
            return node
    return _unknown(expr, box, "product with no composition rule")


def _analyze_pow(expr: sp.Expr, box: Box) -> DCPStep:
    base, e = expr.args
    if _is_const(base, box):
        facts = _sign_facts(base, box, (">0",)) + _sign_facts(base - 1, box, (">=0", "<=0"))
        return _node(expr, "exp-base", [analyze(e, box)], facts, box)
    if not e.is_Rational:
        return _unknown(expr, box, "power with a non-constant or irrational exponent")
    if e >= sp.Rational(1, 2):
        p = _poly(base, box)
        if p is not None and p.total_degree() == 2:
            try:
                ldl = LDLFactorization.of(_homogenized(base, box))
            except ValueError:
                ldl = None
            if ldl is not None and ldl.sign > 0:
                return _node(expr, "norm", (), (), box, (ldl,))
    if base.is_Mul and 0 < e <= 1:
        parts = _geo_parts(expr, box)
        if parts is not None:
            facts: list = []
            for g, _ in parts:
                facts += _sign_facts(g, box, (">=0",))
            node = _node(expr, "geo-mean", [analyze(g, box) for g, _ in parts], facts, box)
            if node.curvature != "unknown":
                return node
    wanted = (">0", "<0") if e < 0 else (">=0", "<=0") if e.is_Integer else (">=0",)
    facts = _sign_facts(base, box, wanted)
    return _node(expr, "power", [analyze(base, box)], facts, box)
