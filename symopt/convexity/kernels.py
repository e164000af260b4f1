r"""Strict convexity of a sum from the directions along which each term can be affine.

Let :math:`f = \sum_i g_i` with every :math:`g_i` convex on the box.  If ``f`` is
affine on a segment ``[a, b]``, each Jensen gap of ``f`` there is the sum of the
terms' gaps, all :math:`\ge 0`, so every :math:`g_i` is affine on ``[a, b]``.  Each
term comes with a linear subspace :math:`N_i` that holds every direction along
which it can be affine on a segment; when :math:`\bigcap_i N_i = \{0\}` no
segment is left and ``f`` is strictly convex.  Two kinds of term:

* ``"lse"``: :math:`g = c \log \sum_j w_j e^{a_j \cdot x + b_j}` with ``c, w_j > 0``
  (a positive constant counts as :math:`w e^{0}`).  On the line :math:`a + t d`,
  :math:`g'' = c\,\mathrm{Var}_p(a_j \cdot d)` with all weights :math:`p_j > 0`, which
  vanishes only when every :math:`a_j \cdot d` is the same: :math:`N = \{d : (a_j -
  a_1) \cdot d = 0\}` (Boyd & Vandenberghe 3.1.5: log-sum-exp is affine exactly
  along such directions).
* ``"reduced"``: ``g`` is twice differentiable on all of R^n and :math:`H_g(x) n
  \equiv 0` for each ``n`` in a basis of ``N``, so :math:`g(y + n) = g(y) + c \cdot n`
  (its gradient's component along ``N`` is constant).  With ``M`` a basis of
  :math:`N^\perp` (rows), :math:`\varphi(u) = g(M^\top u)` is strictly convex on
  :math:`R^k` (its own evidence).  Writing :math:`a = M^\top u_a + n_a` and :math:`d =
  M^\top u_d + n_d`, :math:`g(a + t d) = \varphi(u_a + t u_d) + c \cdot (n_a + t n_d)`:
  affine only if :math:`u_d = 0`, i.e. :math:`d \in N`.  ``(x - y)^4`` gives
  :math:`N = \mathrm{span}(1, 1)`, :math:`\varphi = 16 u^4`.

:class:`KernelStrictness` re-derives every kernel and the final rank exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..core.domain import Box
from ..errors import BudgetExceeded
from ..exact.signs import defined_on, is_zero_identity, twice_differentiable
from .context import _Ctx, _Outcome, _interior_point
from .evidence import Evidence, certifies_convex, certifies_strict
from .witnesses import AffineSegmentWitness

__all__ = ["KernelStrictness", "lse_exponents"]


def lse_exponents(g: sp.Expr, vs: tuple) -> list | None:
    """For :math:`g = c \\log \\sum_j w_j e^{a_j \\cdot x + b_j}` (``c, w_j > 0`` numbers, affine exponents with
    rational coefficients): the vectors ``a_j``; else ``None``."""
    c, core = g.as_coeff_Mul()
    if not (c.is_Rational and c > 0) or not isinstance(core, sp.log):
        return None
    vecs = []
    for t in sp.Add.make_args(core.args[0]):
        w, rest = t.as_coeff_Mul()
        if not (w.is_number and w.is_positive):
            return None
        if rest == 1:
            vecs.append(tuple(sp.S.Zero for _ in vs))
            continue
        if rest.is_number:
            if not rest.is_positive:
                return None
            vecs.append(tuple(sp.S.Zero for _ in vs))
            continue
        if not isinstance(rest, sp.exp):
            return None
        ell = rest.args[0]
        if not ell.is_polynomial(*vs) or ell.free_symbols - set(vs):
            return None
        p = sp.Poly(ell, *vs)
        if p.total_degree() > 1:
            return None
        a = tuple(p.coeff_monomial(v) for v in vs)
        if not all(ai.is_Rational for ai in a):
            return None
        vecs.append(a)
    return vecs if len(vecs) >= 1 else None


def _lse_kernel(vecs: list, n: int) -> list:
    """A rational basis of :math:`\\{d : (a_j - a_1) \\cdot d = 0\\}` (all of R^n when there is one exponent)."""
    rows = [[a - b for a, b in zip(v, vecs[0])] for v in vecs[1:]]
    if not rows:
        return [tuple(sp.S.One if i == k else sp.S.Zero for i in range(n)) for k in range(n)]
    return [tuple(c) for c in _rational_basis(sp.Matrix(rows).nullspace())]


def _rational_basis(vectors: list) -> list:
    """Scaled to integer entries (the span is unchanged), as tuples."""
    out = []
    for v in vectors:
        den = sp.ilcm(*[sp.fraction(sp.nsimplify(c))[1] for c in v]) if len(v) else 1
        out.append(tuple(sp.nsimplify(c) * den for c in v))
    return out


def _complement(kernel: list, n: int) -> list:
    """A rational basis (rows) of the orthogonal complement of the span of ``kernel``."""
    if not kernel:
        return [tuple(sp.S.One if i == k else sp.S.Zero for i in range(n)) for k in range(n)]
    return _rational_basis(sp.Matrix([list(k) for k in kernel]).nullspace())


def _affine(g: sp.Expr, vs: tuple) -> bool:
    return g.is_polynomial(*vs) and sp.Poly(g, *vs).total_degree() <= 1 and not (g.free_symbols - set(vs))


def _rank(vectors: list, n: int) -> int:
    return sp.Matrix([list(v) for v in vectors]).rank() if vectors else 0


def _invariant(g: sp.Expr, vs: tuple, kernel: list) -> bool:
    """``H_g(x) n == 0`` identically for each ``n`` of ``kernel``."""
    H = sp.hessian(g, vs)
    return all(is_zero_identity(sum((H[i, j] * n[j] for j in range(len(vs))), sp.S.Zero), sp.S.Zero)
               for n in kernel for i in range(len(vs)))


def _reduced(g: sp.Expr, vs: tuple, basis: list, u: tuple) -> sp.Expr:
    """:math:`\\varphi(u) = g(M^\\top u)` for the rows ``basis`` of ``M``."""
    return g.xreplace({v: sum((row[j] * ui for row, ui in zip(basis, u)), sp.S.Zero) for j, v in enumerate(vs)})


@dataclass(frozen=True)
class KernelStrictness(Evidence):
    r"""``f = sum_i g_i``, each ``g_i`` convex on the box and affine on a segment only along directions of a
    subspace ``N_i``; :math:`\bigcap_i N_i = \{0\}`, so ``f`` is affine on no segment: strictly convex.

    Attributes:
        f: the function.
        variables: its variables.
        box: the domain.
        terms: per term ``(g, kind, kernel, phi, u, convex_evidence, strict_evidence)``: ``kind`` is ``"lse"``,
            ``"reduced"`` or ``"affine"`` (a polynomial of degree <= 1, kernel R^n); ``kernel`` a basis of ``N`` (rational vectors); for ``"reduced"``, ``phi`` is
            :math:`g(M^\top u)` in the dummies ``u`` (``M``: rows spanning :math:`N^\perp`) with its
            strict-convexity evidence on all of :math:`R^k`.  See the module docstring for the argument.
    """

    f: sp.Expr
    variables: tuple
    box: Box
    terms: tuple

    def check(self) -> bool:
        vs = tuple(self.variables)
        n = len(vs)
        if self.box.variables != vs or not self.terms:
            return False
        if not is_zero_identity(sp.Add(*[t[0] for t in self.terms]), self.f):
            return False
        complements = []
        for g, kind, kernel, phi, u, conv, strict in self.terms:
            if kind == "affine":
                if not _affine(g, vs) or _rank([tuple(k) for k in kernel], n) != n:
                    return False
                continue
            if not conv or not all(certifies_convex(ev, g) and getattr(ev, "box", self.box) == self.box and ev.check()
                                   for ev in conv):
                return False
            try:  # numbers and SymPy objects only: a string in a stored certificate is never parsed
                kernel = [tuple(sp.sympify(c, strict=True) for c in k) for k in kernel]
            except (sp.SympifyError, TypeError):
                return False
            if any(len(k) != n or not all(c.is_Rational for c in k) for k in kernel) or _rank(kernel, n) != len(kernel):
                return False
            if kind == "lse":
                vecs = lse_exponents(g, vs)
                if vecs is None or defined_on(g, self.box) is None:
                    return False
                true_kernel = _lse_kernel(vecs, n)
                if len(true_kernel) != len(kernel) or _rank(true_kernel + kernel, n) != len(kernel):
                    return False  # the stored kernel is exactly the set of directions of affinity
            elif kind == "reduced":
                if not twice_differentiable(g, vs, Box.whole(vs)) or not _invariant(g, vs, kernel):
                    return False
                basis = _complement(kernel, n)
                if len(u) != len(basis) or set(u) & set(vs) or not basis:
                    return False
                if not is_zero_identity(_reduced(g, vs, basis, u), phi):
                    return False
                whole = Box.whole(tuple(u))
                if not strict or not all(certifies_strict(ev, phi) and getattr(ev, "box", None) == whole and ev.check()
                                         for ev in strict):
                    return False
            else:
                return False
            complements += _complement(kernel, n)
        return _rank(complements, n) == n  # the kernels meet only in 0

    def proves_strict(self, g: sp.Expr) -> bool:
        return is_zero_identity(self.f, g)

    def proves_convex(self, g: sp.Expr) -> bool:
        return is_zero_identity(self.f, g)

    def summary(self) -> str:
        kinds = ", ".join(f"{t[0]} ({'log-sum-exp' if t[1] == 'lse' else f'strictly convex in {len(t[4])} linear form(s)'})"
                          for t in self.terms)
        return ("a sum of convex terms, each affine only along its own subspace, and the subspaces meet only in 0: "
                f"affine on no segment, strictly convex [{kinds}]")

    def to_json(self) -> dict:
        return {"kind": "KernelStrictness", "terms": [str(t[0]) for t in self.terms], "summary": self.summary()}


def _identical_kernel(g: sp.Expr, vs: tuple, ctx: _Ctx) -> list | None:
    """A basis of :math:`\\{n : H_g(x) n \\equiv 0\\}`: the null space of ``H_g`` at a few rational points, each
    vector then checked identically; ``None`` when that fails."""
    n = len(vs)
    H = sp.hessian(g, vs)
    rows = []
    for k, shift in enumerate((sp.Rational(1, 3), sp.Rational(-2, 7), sp.Rational(5, 11))):
        pt = {v: shift * (i + 1) + sp.Rational(k, 13) for i, v in enumerate(vs)}
        Hp = H.xreplace(pt)
        if not all(e.is_number for e in Hp):
            return None
        rows += [[sp.nsimplify(sp.N(Hp[i, j], 60), rational=True, tolerance=sp.Rational(1, 10**40))
                  if not Hp[i, j].is_Rational else Hp[i, j] for j in range(n)] for i in range(n)]
    cand = _rational_basis(sp.Matrix(rows).nullspace())
    if cand and not _invariant(g, vs, cand):
        return None
    return cand


def _kernel_strictness(f: sp.Expr, ctx: _Ctx) -> _Outcome | None:
    """The search for a :class:`KernelStrictness` proof (``f`` already known convex on the box)."""
    try:
        return ctx.run(_kernel_search, f, ctx, step="convexity", cap=max(0.5, 0.5 * ctx.remaining()))
    except (BudgetExceeded, TypeError, ValueError, ZeroDivisionError, ArithmeticError, sp.PolynomialError,
            NotImplementedError):
        return None  # an expression this search cannot read: no proof from it


def _kernel_search(f: sp.Expr, ctx: _Ctx) -> _Outcome | None:
    vs = ctx.variables
    n = len(vs)
    terms = sp.Add.make_args(f)
    kernels = []
    for g in terms:
        if _affine(g, vs):  # affine along every direction: its kernel is R^n
            kernels.append(("affine", tuple(_complement([], n))))
            continue
        vecs = lse_exponents(g, vs)
        if vecs is not None:
            kernels.append(("lse", tuple(_lse_kernel(vecs, n))))
            continue
        if not twice_differentiable(g, vs, Box.whole(vs)):
            return None
        kernel = _identical_kernel(g, vs, ctx)
        if kernel is None or (not kernel and len(terms) < 2):
            return None  # nothing smaller to ask: the term is f itself
        kernels.append(("reduced", tuple(kernel)))
    complements = [c for _, kernel in kernels for c in _complement(list(kernel), n)]
    if _rank(complements, n) != n:
        return _common_direction(f, complements, ctx)
    entries = []
    for g, (kind, kernel) in zip(terms, kernels):
        phi, u, strict = sp.S.Zero, (), ()
        if kind == "affine":
            entries.append((g, kind, kernel, phi, u, (), ()))
            continue
        if kind == "reduced":
            basis = _complement(list(kernel), n)
            u = tuple(sp.Dummy(f"u{i}", real=True) for i in range(len(basis)))
            phi = _reduced(g, vs, basis, u)
            out = ctx.sub(u, Box.whole(u)).is_strict(phi)
            if out.status != "proved":
                return None
            strict = tuple(out.evidence)
        conv = ctx.is_convex(g)
        if conv.status != "proved":
            return None
        entries.append((g, kind, kernel, phi, u, tuple(conv.evidence), strict))
    if not any(e[1] != "affine" for e in entries):
        return None
    return _finish(f, entries, ctx)


def _common_direction(f: sp.Expr, complements: list, ctx: _Ctx) -> _Outcome | None:
    """Every term is affine along each direction of the kernels' intersection (each kernel is exact: log-sum-exp
    exponents, or ``H n == 0`` identically), so ``f`` is affine on a segment along it: an exact witness."""
    vs = ctx.variables
    common = sp.Matrix([list(c) for c in complements]).nullspace() if complements else [sp.eye(len(vs))[:, 0]]
    if not common:
        return None
    (d,) = _rational_basis(common[:1])
    p = _interior_point(ctx)
    for t in (1, sp.Rational(1, 4), sp.Rational(1, 64), -1, sp.Rational(-1, 4), sp.Rational(-1, 64)):
        a = tuple(p[v] for v in vs)
        b = tuple(p[v] + t * c for v, c in zip(vs, d))
        if not ctx.box.contains(dict(zip(vs, b))):
            continue
        w = AffineSegmentWitness(f, vs, a, b, ctx.box)
        if w.check():
            return _Outcome("refuted", (), w, f"every term is affine along {list(d)}: f is affine on a segment, not "
                            "strictly convex")
    return None


def _finish(f: sp.Expr, entries: list, ctx: _Ctx) -> _Outcome | None:
    ev = KernelStrictness(f, ctx.variables, ctx.box, tuple(entries))
    if not ev.check():
        return None
    return _Outcome("proved", (ev,), None, ev.summary())
