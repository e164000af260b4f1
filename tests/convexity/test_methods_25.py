"""The general methods of issue 25, each with its evidence re-checked and tampered copies rejected.

Outside references per test: CVXPY's atom declarations (``atoms/atom.py``, ``rel_entr``, ``pnorm``), Boyd &
Vandenberghe ch. 3, Beck's *First-Order Methods in Optimization* (2017), Ahmadi & Parrilo's forms, Cover & Thomas.
"""

from __future__ import annotations

from dataclasses import replace

import sympy as sp

from symopt.limits import work_deadline

from symopt import Objective
from symopt.convexity import (
    AffineSegmentWitness,
    DCPStep,
    JensenWitness,
    QuasiProof,
    Reduction,
    SingularHessianWitness,
    convexity,
)
from symopt.convexity.evidence import FormStrictness, Nonnegative
from symopt.convexity.evidence_combine import MonotoneComposition, bound_holds
from symopt.convexity.evidence_dcp import compose
from symopt.core.domain import Bound, Box
from symopt.core.parse import parse_symbols

x, y = parse_symbols("x, y")


def test_the_composition_rule_is_cvxpys():
    """CVXPY ``Atom.is_convex``: convex atom, each argument affine, or increasing-and-convex, or decreasing-and-concave."""
    assert compose("convex", ["incr", "decr"], ["convex", "concave"]) == "convex"
    assert compose("convex", ["incr"], ["concave"]) == "unknown"
    assert compose("concave", ["incr"], ["concave"]) == "concave"
    assert compose("convex", ["none"], ["affine"]) == "convex"
    assert compose("convex", ["none"], ["convex"]) == "unknown"
    assert compose("affine", ["incr", "incr"], ["affine", "constant"]) == "affine"
    assert compose("affine", ["decr"], ["convex"]) == "concave"
    assert compose("quadratic-leaf-curvature", [], []) == "quadratic-leaf-curvature"


def test_relative_entropy_atom_and_tampering():
    """Cover & Thomas Thm 2.7.2 (relative entropy jointly convex); CVXPY's rel_entr(x, y) = x log(x/y)."""
    v = convexity("x*log(x/y) + (1 - x)*log((1 - x)/(1 - y))", domain="0 < x < 1, 0 < y < 1")
    assert v.status == "proved" and v.check()
    tree = v.evidence[0]
    assert isinstance(tree, DCPStep) and {c.rule for c in tree.children} == {"rel-entr"}
    child = tree.children[0]
    assert child.check()
    assert not replace(child, facts=child.facts[:1]).check()  # h > 0 is needed
    assert not replace(child, curvature="concave").check()
    # y may reach 0: the atom's condition fails, no proof
    assert convexity("x*log(x/y)", domain="x > 0, y >= 0").status != "proved"


def test_p_norm_and_power_mean_atoms_and_tampering():
    """BV 3.1.5: (sum |x_i|^p)^(1/p) is a norm for p >= 1, a concave power mean for 0 < p < 1 on the orthant."""
    v = convexity("(abs(x)**(3/2) + abs(y)**(3/2))**(2/3)")
    assert v.status == "proved" and v.check() and v.evidence[0].rule == "power-sum"
    assert convexity("(abs(x)**3 + abs(y)**3)**(1/3)").status == "proved"
    c = convexity("((sqrt(x) + sqrt(y))/2)**2", domain="x > 0, y > 0", property="concave")
    assert c.status == "proved" and c.check()
    w = convexity("(abs(x)**(1/2) + abs(y)**(1/2))**2")  # the l_1/2 quasi-norm is not convex
    assert w.status == "refuted" and w.check()
    tree = v.evidence[0]
    assert not replace(tree, curvature="concave").check()


def test_piecewise_huber_smoothness_with_a_local_witness():
    """Beck FOM 6.7: the Huber function H_mu is 1/mu-smooth (mu = 1/2: L = 2), and no smaller L works."""
    h = sp.Piecewise((x**2, sp.Abs(x) <= sp.Rational(1, 2)), (sp.Abs(x) - sp.Rational(1, 4), True))
    ok = convexity(Objective(h, variables=[x]), property="L-smooth", L=2)
    assert ok.status == "proved" and ok.check() and isinstance(ok.evidence[0], Reduction)
    bad = convexity(Objective(h, variables=[x]), property="L-smooth", L=sp.Rational(19, 10))
    assert bad.status == "refuted" and bad.check()
    w = bad.witness
    assert isinstance(w, JensenWitness) and all(abs(c) <= sp.Rational(1, 2) for c in (*w.x, *w.y))  # a local witness


def test_strong_convexity_keeps_the_logistic_terms_as_written():
    """ESL 4.4 / Beck FOM 5: sum of logistic losses + |w|^2/20 is 1/10-strongly convex, not 1/5."""
    f = "log(1 + exp(-a - 2*b)) + log(1 + exp(a - b)) + (a**2 + b**2)/20"
    v = convexity(f, property="strongly convex", modulus=sp.Rational(1, 10))
    assert v.status == "proved" and v.check()
    (g, _), = v.evidence[0].targets
    a, b = v.variables
    assert g.has(sp.log(1 + sp.exp(-a - 2 * b))) and not g.has(sp.exp(a) * sp.exp(-b))
    assert convexity(f, property="strongly convex", modulus=sp.Rational(1, 5)).status == "refuted"


def test_forms_strictly_convex_off_the_origin_and_tampering():
    """Ahmadi-Parrilo-type forms: (x^2 + y^2)^2 has a Hessian singular only at 0, so it is strictly convex; so is
    x^4 + 6x^2y^2 + y^4 (Hessian singular on x = +-y), whose leading form is positive definite."""
    import time

    from symopt.convexity.context import _Ctx
    from symopt.convexity.evidence import LeadingFormStrictness
    from symopt.convexity.forms import _form_strictness

    v = convexity("x**4 + 2*x**2*y**2 + y**4 + x - y", property="strictly convex")
    assert v.status == "proved" and v.check()
    lead = v.evidence[0]
    assert isinstance(lead, LeadingFormStrictness)
    assert not replace(lead, degree=2).check()
    assert not replace(lead, f=lead.f + x**3).check()  # odd degree: its leading form changes sign
    assert not replace(lead, faces=lead.faces[::-1]).check()
    w = convexity("x**4 + 6*x**2*y**2 + y**4", property="strictly convex")
    assert w.status == "proved" and w.check()
    f = v.evidence[0].f
    ctx = _Ctx((x, y), Box.whole((x, y)), work_deadline(30))
    ev = _form_strictness(f, lead.convexity, ctx)
    assert isinstance(ev, FormStrictness) and ev.check()
    assert not replace(ev, degree=3).check()
    assert not replace(ev, faces=ev.faces[::-1]).check()  # each face's determinant is its own
    assert not replace(ev, f=ev.f + x**3).check()  # no longer forms of one degree
    assert convexity("(x - y)**4", property="strictly convex").status == "refuted"


def test_singular_hessian_at_an_irrational_point():
    """f'' = (x^2 - 2)^2 vanishes at sqrt(2): no modulus m > 0 works (AP 2013, singular Hessians)."""
    v = convexity("x**6/30 - x**4/3 + 2*x**2", property="strongly convex")
    assert v.status == "refuted" and v.check() and isinstance(v.witness, SingularHessianWitness)
    w = v.witness
    assert abs(w.point[0]) == sp.sqrt(2)
    assert not replace(w, point=(sp.sqrt(3),)).check()
    assert not replace(w, point=(sp.pi,)).check()


def test_log_substitution_for_signs_on_the_positive_half_line_and_tampering():
    """log(x)^2 is convex exactly on (0, e]: f'' = 2 (1 - log x)/x^2 (BV ex. 3.16 style)."""
    v = convexity("log(x)**2", domain="0 < x <= 2.718")
    assert v.status == "proved" and v.check()
    ev = v.evidence[0].inner
    assert isinstance(ev, Nonnegative) and ev.method == "log-substitution"
    (xx,) = v.variables
    assert not replace(ev, box=Box.parse("0 < x <= 3", (xx,))).check()  # log 3 > 1: the inner interval no longer holds it
    assert not replace(ev, box=Box.parse("0 <= x <= 2.718", (xx,))).check()  # log 0 is not a number
    assert convexity("log(x)**2", domain="x > 0").status == "refuted"


def test_monotone_composition_and_tampering():
    """BV 3.2.4: phi convex nondecreasing of a convex s: the Huber function of the Euclidean norm (Beck FOM 6.7)."""
    r2 = x**2 + y**2
    f = sp.Piecewise((r2, r2 <= 1), (2 * sp.sqrt(r2) - 1, True))
    v = convexity(Objective(f, variables=[x, y]))
    assert v.status == "proved" and v.check()
    ev = v.evidence[0]
    assert isinstance(ev, MonotoneComposition)
    assert not replace(ev, direction=-ev.direction).check()
    u = ev.u
    assert not replace(ev, ubox=Box((u,), (Bound(sp.S.One, sp.oo),))).check()  # the norm also takes values below 1
    assert not replace(ev, phi=ev.phi + u**3).check()


def test_quasiconvex_compositions_and_tampering():
    """BV 3.4.4 / Barron 2019: Cauchy-type losses log(1 + (x - 2y)^2/4) and Welsch 1 - exp(-(x - y)^2) are quasiconvex."""
    v = convexity("log(1 + (x - 2*y)**2/4)", property="quasiconvex")
    assert v.status == "proved" and v.check()
    q = v.evidence[0]
    assert isinstance(q, QuasiProof) and q.method == "composition"
    s, u, phi, ubox, direction, proof = q.data
    assert not replace(q, data=(s, u, phi, ubox, -direction, proof)).check()
    assert not replace(q, data=(s, u, -phi, ubox, direction, proof)).check()
    assert not replace(q, sign=-1).check()
    w = convexity("1 - exp(-(x - y)**2)", property="quasiconvex")
    assert w.status == "proved" and w.check()
    assert convexity("sqrt(abs(x)) + sqrt(abs(y))", property="quasiconvex").status == "refuted"


def test_bounds_of_a_maximum_and_a_max_in_a_denominator():
    """BV 3.2.4: 1/(1 - max(x, y)) is convex where max(x, y) < 1 (1/(1 - t) convex increasing)."""
    box = Box.parse("x < 1, y < 1", (x, y))
    assert bound_holds(sp.Max(x, y), sp.S.One, box, False, True)
    assert bound_holds(1 - sp.Max(x, y), sp.S.Zero, box, True, True)
    assert not bound_holds(sp.Max(x, y), sp.S.Zero, box, False, False)
    v = convexity("1/(1 - Max(x, y))", domain="x < 1, y < 1")
    assert v.status == "proved" and v.check()
    assert convexity("1/(1 - Max(x, y))", domain="x < 2, y < 1").status == "refuted"


def test_exact_direction_of_affinity():
    """BV 3.1.5: log(e^(u/2 - v) + 3 e^(u + 2v)) is affine along (6, -1) (both exponents grow by 4t)."""
    v = convexity("log(exp(u/2 - v) + 3*exp(u + 2*v))", property="strictly convex")
    assert v.status == "refuted" and v.check() and isinstance(v.witness, AffineSegmentWitness)
    w = v.witness
    d = [b - a for a, b in zip(w.a, w.b)]
    assert d[0] * -1 - d[1] * 6 == 0  # parallel to (6, -1)
    assert not replace(w, b=(w.b[0] + 1, w.b[1])).check()
