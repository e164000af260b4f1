"""Goodfellow et al. 4.3 (seed 002): directional derivatives, Hessian, step analysis, second-derivative test, Newton."""

from __future__ import annotations

import numpy as np
import sympy as sp

import symopt
from symopt import optimizers as O
from symopt.claims import ClaimResult, verdict
from symopt.core.objective import classify_hessian
from symopt.core.parse import symbol

T = "002"


def claims() -> list[ClaimResult]:
    x, y, z, e, a = (symbol(s) for s in ("x", "y", "z", "epsilon", "alpha"))
    out: list[ClaimResult] = []
    f1 = x**3 - 2 * x
    out.append(verdict("f(x + eps) ~ f(x) + eps f'(x)", f"{T} §4.3 derivative", sp.expand(sp.series(f1.subs(x, x + e), e, 0, 2).removeO() - f1 - e * sp.diff(f1, x)) == 0,
                       "first-order series of x^3 - 2x in eps"))
    phi = f1.subs(x, x - e * sp.sign(sp.diff(f1, x)))
    d0 = sp.diff(phi, e).subs(e, 0).subs(x, 2)
    out.append(verdict("f(x - eps sign f'(x)) < f(x) for small enough eps", f"{T} §4.3", bool(d0 < 0),
                       f"d/d eps f(x - eps sign f'(x)) at eps = 0 is -|f'(x)| (= {d0} at x = 2 for x^3 - 2x), negative whenever f'(x) != 0"))
    obj = symopt.Objective(sp.exp(x) * y + y**3)
    u = sp.Matrix([sp.Rational(3, 5), sp.Rational(4, 5)])
    dd = sp.diff(obj.expr.subs({x: x + a * u[0], y: y + a * u[1]}), a).subs(a, 0)
    out.append(verdict("d/d alpha f(x + alpha u) at 0 = u' grad f(x)", f"{T} §4.3 Multi Dimension",
                       sp.simplify(dd - (u.T * obj.gradient)[0]) == 0 and sp.simplify(dd - obj.directional_derivative(list(u))) == 0,
                       "chain rule checked symbolically for exp(x) y + y^3, u = (3/5, 4/5), and against Objective.directional_derivative"))
    uu = sp.Matrix([1, 0])
    out.append(verdict("steepest descent: min over u with u u^T = 1", f"{T} §4.3 'min_{{u, uu^T=1}}'", (uu * uu.T).shape == (1, 1),
                       f"u u^T is an n x n matrix (u = (1,0): {(uu * uu.T).tolist()}), so 'u u^T = 1' is not a unit-norm constraint",
                       corrected="min over u with u^T u = 1 of u^T grad f(x) = -||grad f(x)||_2, attained at u = -grad f/||grad f||"))
    th = symbol("theta")
    g = sp.Matrix([3, 4])
    val = (sp.Matrix([sp.cos(th), sp.sin(th)]).T * g)[0]
    ustar = -g / g.norm()
    mins = (ustar.T * g)[0]
    grid = min(float(val.subs(th, k * 0.001)) for k in range(6284))
    out.append(verdict("u' grad f is minimised when u points opposite to the gradient", f"{T} §4.3", mins == -5 and grid >= -5 - 1e-12,
                       f"g = (3,4): at u = -g/||g|| = {list(ustar)} u'g = {mins} = -||g||; over 6284 unit directions min u'g = {grid:.6f} (Cauchy-Schwarz)"))
    F = sp.Matrix([x * y * z, sp.sin(x) + z**2])
    J = F.jacobian([x, y, z])
    out.append(verdict("f: R^m -> R^n has Jacobian J in R^{n x m}, J_ij = d f_i / d x_j", f"{T} §4.3 Jacobian Matrices",
                       J.shape == (2, 3) and J[1, 0] == sp.cos(x), f"f: R^3 -> R^2: J = {J.tolist()}"))
    h = sp.exp(x * y) + x**3 * sp.sin(y)
    H = sp.hessian(h, (x, y))
    gj = sp.Matrix([sp.diff(h, v) for v in (x, y)]).jacobian([x, y])
    out.append(verdict("the Hessian is symmetric where second partials are continuous, and is the Jacobian of the gradient", f"{T} §4.3 Hessian Matrix",
                       sp.simplify(H - H.T) == sp.zeros(2, 2) and sp.simplify(H - gj) == sp.zeros(2, 2), "exp(xy) + x^3 sin(y): H = H^T = J(grad f)"))
    Hn = sp.Matrix([[3, 2], [2, 3]])
    ev = Hn.eigenvects()
    okd = all(sp.simplify((v_[0].T * Hn * v_[0])[0] / (v_[0].T * v_[0])[0] - lam) == 0 for lam, _, vs in ev for v_ in [vs])
    out.append(verdict("for an eigenvector d, d' H d equals its eigenvalue", f"{T} §4.3", okd, f"H = [[3,2],[2,3]]: eigenpairs {[(l_, list(v_[0])) for l_, _, v_ in ev]}"))
    d = sp.Matrix([sp.cos(th), sp.sin(th)])
    vs_ = [v_[0] / v_[0].norm() for _, _, v_ in ev]
    wts = [sp.simplify((d.T * v_)[0] ** 2) for v_ in vs_]
    avg = sum(w_ * l_ for w_, (l_, _, _) in zip(wts, ev))
    out.append(verdict("d'Hd is a weighted average of the eigenvalues with weights in [0,1]", f"{T} §4.3", sp.simplify((d.T * Hn * d)[0] - avg) == 0 and sp.simplify(sum(wts) - 1) == 0,
                       f"weights (d . v_i)^2 = {wts}, summing to 1, each in [0, 1]"))
    samples = [float((d.T * Hn * d)[0].subs(th, k * 0.01)) for k in range(629)]
    out.append(verdict("max/min eigenvalue = max/min directional second derivative", f"{T} §4.3", abs(max(samples) - 5) < 1e-3 and abs(min(samples) - 1) < 1e-3,
                       f"d'Hd over 629 unit directions: max {max(samples):.5f}, min {min(samples):.5f}; eigenvalues 5, 1"))
    ep = symbol("eps")
    G, Hs = sp.Matrix(sp.symbols("g1 g2", real=True)), sp.Matrix(2, 2, sp.symbols("h11 h12 h12 h22", real=True))
    model = lambda p: (p.T * G)[0] + (p.T * Hs * p)[0] / 2  # noqa: E731 - the Taylor model around x0 (f(x0) = 0)
    step_val = sp.expand(model(-ep * G))
    out.append(verdict("f(x0 - eps g) ~ f(x0) - eps g'g + eps^2 g'Hg / 2", f"{T} §4.3", sp.expand(step_val - (-ep * (G.T * G)[0] + ep**2 * (G.T * Hs * G)[0] / 2)) == 0,
                       "substituting x = x0 - eps g into the second-order model"))
    es = sp.solve(sp.diff(step_val, ep), ep)
    out.append(verdict("optimal step eps* = g'g / g'Hg", f"{T} §4.3", len(es) == 1 and sp.simplify(es[0] - (G.T * G)[0] / (G.T * Hs * G)[0]) == 0,
                       f"d/d eps of the model = 0 gives eps = {sp.simplify(es[0])}"))
    q = symopt.Objective("x**2 + x*y + 2*y**2 - x")
    pt = {"x": 1, "y": 2}
    gq, Hq = q.gradient_at(pt), q.hessian_at(pt)
    out.append(verdict("Objective.optimal_step agrees with g'g/g'Hg", f"{T} §4.3", sp.simplify(q.optimal_step(pt) - (gq.T * gq)[0] / (gq.T * Hq * gq)[0]) == 0,
                       f"x^2 + xy + 2y^2 - x at (1,2): eps* = {q.optimal_step(pt)}"))
    vmax = [v_[0] for l_, _, v_ in ev if l_ == 5][0]
    emax = (vmax.T * vmax)[0] / (vmax.T * Hn * vmax)[0]
    out.append(verdict("g along the top eigenvector: eps* = 1/lambda_max", f"{T} §4.3", emax == sp.Rational(1, 5), f"H = [[3,2],[2,3]], g = {list(vmax)}: eps* = {emax}"))
    c2 = symbol("c")
    dec = sp.expand(-(-e + e**2 * c2 / 2))
    out.append(verdict("gradient 1: f'' = 0 decreases by eps, f'' < 0 by more, f'' > 0 by less", f"{T} §4.3 Second Derivative",
                       dec.subs(c2, 0) == e and sp.simplify(dec.subs(c2, -1) - e) == e**2 / 2 and sp.simplify(e - dec.subs(c2, 1)) == e**2 / 2,
                       f"quadratic f with f' = 1, f'' = c: f(x) - f(x - eps) = {dec}"))
    kinds = {str(list(c_.point.values())[0]): c_.kind for c_ in symopt.Objective("x**3 - 3*x").critical_points()}
    out.append(verdict("f' = 0, f'' > 0: local minimum; f'' < 0: local maximum", f"{T} §4.3 Second Derivative Test", kinds == {"-1": "maximum", "1": "minimum"},
                       f"x^3 - 3x: {kinds}"))
    inc = [sp.diff(p_, x, 2).subs(x, 0) for p_ in (x**3, x**4, -x**4)]
    out.append(verdict("f'' = 0: the test is inconclusive", f"{T} §4.3", inc == [0, 0, 0],
                       "x^3 (no extremum), x^4 (minimum), -x^4 (maximum) all have f'(0) = f''(0) = 0"))
    pair = ("x**2 + y**4", "x**2 - y**4")
    hess0 = {e_: symopt.Objective(e_).hessian_at({"x": 0, "y": 0}) for e_ in pair}
    test = {e_: classify_hessian(H)[0] for e_, H in hess0.items()}
    cps = {e_: [c_.kind for c_ in symopt.Objective(e_).critical_points()] for e_ in pair}
    out.append(verdict("inconclusive when the nonzero eigenvalues share a sign and one eigenvalue is zero", f"{T} §4.3",
                       hess0[pair[0]] == hess0[pair[1]] and set(test.values()) == {"inconclusive"}
                       and cps == {pair[0]: ["minimum"], pair[1]: ["saddle"]},
                       f"x^2 + y^4 and x^2 - y^4 have the same Hessian diag(2, 0) at 0 (eigenvalue test: {test}), yet "
                       f"the higher-order terms make one a minimum and the other a saddle: the eigenvalues alone cannot "
                       f"decide; symopt's full test: {cps}"))
    rb = symopt.Objective("(1 - x)**2 + 100*(y - x**2)**2").critical_points()
    out.append(verdict("positive definite Hessian at a critical point: local minimum", f"{T} §4.3", [c_.kind for c_ in rb] == ["minimum"],
                       f"Rosenbrock: {[(c_.point, c_.kind, c_.eigenvalues) for c_ in rb]}"))
    Qc = sp.Matrix([[3, 2], [2, 3]])
    evs = {l_: list(v_[0]) for l_, _, v_ in Qc.eigenvects()}
    out.append(verdict("condition number 5 with most curvature along [1,1], least along [1,-1]", f"{T} §4.3 Fig. 4.6", evs == {1: [-1, 1], 5: [1, 1]},
                       f"Q = [[3,2],[2,3]] realises it: eigenpairs {evs}, kappa = 5/1"))
    ctr = symopt.Objective("3*x**2 + 4*x*y + 3*y**2")
    gd = O.gd(ctr, [-1.0, 0.3], lr=0.18, steps=20)
    overshoot = int(np.sum(np.diff(np.sign(gd.xs[:, 0] + gd.xs[:, 1])) != 0))
    out.append(verdict("GD with a slightly too large step zig-zags across the canyon", f"{T} §4.3 Fig. 4.6", overshoot > 5 and float(gd.values[-1]) < float(gd.values[0]),
                       f"3x^2 + 4xy + 3y^2 (Hessian eigenvalues 10, 2; stable for eta < 0.2), eta = 0.18 > 1/lambda_max: the [1,1] component changes sign {overshoot} times in 20 steps while f decreases {float(gd.values[0]):.3g} -> {float(gd.values[-1]):.3g}"))
    Hq2, gq2 = sp.Matrix([[2, 1], [1, 4]]), sp.Matrix([1, 1])
    try:
        gq2 * Hq2.inv()
        defined = True
    except sp.ShapeError:
        defined = False
    out.append(verdict("Newton: x* = x0 - grad f(x0) H_f(x0)^{-1}", f"{T} §4.3 Newton's Method (Eq. 4.12)", defined,
                       "grad f (n x 1) times H^{-1} (n x n) is undefined (sympy ShapeError); the step is H^{-1} grad f",
                       corrected="x* = x0 - H_f(x0)^{-1} grad_x f(x0)"))
    q2 = symopt.Objective("x**2 + x*y + 2*y**2 - x + 3*y")
    nt = O.newton(q2, [5.0, -7.0], steps=1)
    cp = q2.critical_points()[0]
    out.append(verdict("on a positive definite quadratic one Newton step jumps to the minimum", f"{T} §4.3",
                       np.allclose(nt.x, [float(cp.point[v]) for v in q2.variables], atol=1e-12),
                       f"x^2 + xy + 2y^2 - x + 3y from (5,-7): one step -> {nt.x.tolist()}, minimiser {cp.point}"))
    sad = O.newton(symopt.Objective("x**2 - y**2"), [0.5, 0.3], steps=1)
    gsd = O.gd(symopt.Objective("x**2 - y**2"), [0.5, 0.3], lr=0.1, steps=5)
    out.append(verdict("Newton is attracted to saddle points; gradient descent is not", f"{T} §4.3",
                       np.allclose(sad.x, 0) and abs(gsd.x[1]) > 0.3,
                       f"x^2 - y^2 from (0.5, 0.3): Newton -> {sad.x.tolist()} (the saddle) in one step; GD moves y away: {gsd.x.tolist()}"))
    # relative error amplification of x -> A^{-1} x: worst case sigma_max / sigma_min (b along the top left singular
    # vector, db along the bottom one); the text's max |lambda_i / lambda_j| equals it for normal A only
    def worst(Am):
        U, S, _ = np.linalg.svd(Am)
        b_, db = U[:, 0], 1e-3 * U[:, -1]
        amp = (np.linalg.norm(np.linalg.solve(Am, db)) / np.linalg.norm(np.linalg.solve(Am, b_))) / (np.linalg.norm(db) / np.linalg.norm(b_))
        lam = np.abs(np.linalg.eigvals(Am))
        return float(amp), float(lam.max() / lam.min())
    amp_n, ratio_n = worst(np.diag([1.0, 100.0]))
    An = sp.Matrix([[1, 100], [0, 2]])
    kappa = sp.sqrt(max((An.T * An).eigenvals())) / sp.sqrt(min((An.T * An).eigenvals()))
    amp_nn, ratio_nn = worst(np.array(An.tolist(), dtype=float))
    out.append(verdict("when A has an eigenvalue decomposition, the condition number max|lambda_i/lambda_j| measures how much "
                       "A^{-1}x amplifies errors in x", f"{T} §4.3 Poor Conditioning",
                       amp_nn <= ratio_nn * (1 + 1e-9) and amp_n <= ratio_n * (1 + 1e-9),
                       f"A = diag(1, 100) (normal): worst amplification {amp_n:.6g} = eigenvalue ratio {ratio_n:g}; A = [[1, 100], [0, 2]] "
                       f"(diagonalisable, eigenvalues 1 and 2): eigenvalue ratio {ratio_nn:g}, worst amplification {amp_nn:.6g} = "
                       f"sigma_max/sigma_min = {sp.N(kappa, 6)}",
                       corrected="the condition number of A^{-1}x is kappa_2 = sigma_max/sigma_min >= max|lambda_i/lambda_j|, with equality for "
                       "normal (e.g. symmetric, as Hessians are) matrices; for A = [[1, 100], [0, 2]] it is 5002.5, not 2"))
    return out
