"""Strict convexity of polynomials by homogeneity, decided on the faces of the cube.

A convex polynomial whose leading form is positive definite is affine on no
segment (:class:`~symopt.convexity.evidence.LeadingFormStrictness`:
``x**4 + 6*x**2*y**2 + y**4``, whose Hessian is singular on two lines).

For a convex polynomial whose Hessian entries are forms of one even degree
(``(x**2 + y**2)**2``, ``|x|^6``, plus any affine part), :math:`\\det H` is a
form: positive on the ``n`` faces ``x_k = 1`` of ``[-1, 1]^n`` (a scalar
positivity proof on a compact box) means positive off the origin, so the
Hessian is positive definite except at one point, which holds no segment.
The evidence is a :class:`~symopt.convexity.evidence.FormStrictness`.
"""

from __future__ import annotations

import sympy as sp

from ..errors import BudgetExceeded
from .context import _Ctx
from .evidence import FormStrictness, LeadingFormStrictness, cube_face, form_degree, leading_form
from .nonnegative import _modest, prove_nonnegative


def _form_strictness(f: sp.Expr, convex: tuple, ctx: _Ctx) -> FormStrictness | None:
    """The face-by-face proof that ``det H > 0`` off the origin, for a convex ``f`` (its evidence ``convex``)."""
    vs = ctx.variables
    if len(vs) < 2 or not f.is_polynomial(*vs) or not _modest(f, vs):
        return None
    H = sp.hessian(f, vs)
    d = form_degree(H, vs)
    if d is None or d % 2:
        return None
    try:
        det = ctx.run(lambda: sp.expand(H.det(method="berkowitz")), step="convexity", cap=max(0.3, 0.2 * ctx.remaining()))
    except BudgetExceeded:
        return None
    faces = []
    for k in range(len(vs)):
        face = cube_face(vs, k)
        ev = prove_nonnegative(det.xreplace({vs[k]: sp.Integer(1)}), face, strict=True, ctx=ctx.sub(face.variables, face))
        if ev is None:
            return None
        faces.append(ev)
    return FormStrictness(f, vs, ctx.box, d, tuple(convex), tuple(faces))


def _leading_form_strictness(f: sp.Expr, convex: tuple, ctx: _Ctx) -> LeadingFormStrictness | None:
    """The proof that ``f``'s leading form is positive definite (on the cube's faces), for a convex polynomial ``f``."""
    vs = ctx.variables
    lead = leading_form(f, vs) if f.is_polynomial(*vs) and _modest(f, vs) else None
    if lead is None or lead[0] < 2 or lead[0] % 2:
        return None
    k, top = lead
    faces = []
    for i in range(len(vs)):
        face = cube_face(vs, i)
        restricted = top.xreplace({vs[i]: sp.Integer(1)})
        ev = prove_nonnegative(restricted, face, strict=True, ctx=ctx.sub(face.variables, face))
        if ev is None:
            return None
        faces.append(ev)
    return LeadingFormStrictness(f, vs, ctx.box, k, tuple(convex), tuple(faces))
