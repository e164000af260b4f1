"""D2L 11.6 (seed 001): leaky averages, the ill-conditioned example, momentum traces, the iteration matrix R."""

from __future__ import annotations

import sympy as sp

import symopt
from symopt import optimizers as O
from symopt import stability
from symopt.claims import ClaimResult, fair_verdict, proof_helper, verdict
from symopt.core.parse import symbol

T = "001 §11.6"


def _fmt(tr) -> str:
    return f"{tr.x[0]:f} {tr.x[1]:f}"


def claims() -> list[ClaimResult]:
    out: list[ClaimResult] = []
    beta, eta, lam, t = symbol("beta"), symbol("eta"), symbol("lambda"), symbol("t")
    g = sp.IndexedBase("g")
    v = [sp.Integer(0)]
    for k in range(1, 5):
        v.append(beta * v[-1] + g[k])
    closed = sum(beta**tau * g[4 - tau] for tau in range(4))
    out.append(verdict("v_t = sum_{tau=0}^{t-1} beta^tau g_{t-tau}", f"{T}.1 (11.6.3)", sp.expand(v[4] - closed) == 0,
                       "unrolled v_4 from v_0 = 0 equals the closed sum"))
    geo = sp.summation(beta**t, (t, 0, sp.oo))
    out.append(verdict("sum beta^tau = 1/(1 - beta): steps of size eta/(1 - beta)", f"{T}.1 Effective Sample Weight",
                       sp.simplify(geo.args[0][0] - 1 / (1 - beta)) == 0 if isinstance(geo, sp.Piecewise) else sp.simplify(geo - 1 / (1 - beta)) == 0,
                       f"sympy: {geo}"))
    out.append(verdict("momentum 0.9 is an effective sample size of 1/(1 - 0.9) = 10", f"{T}.2", 1 / (1 - sp.Rational(9, 10)) == 10, "1/(1-9/10) = 10"))
    f2 = symopt.Objective("0.1*x1**2 + 2*x2**2")
    for lr, printed in [(0.4, "-0.943467 -0.000073"), (0.6, "-0.387814 -1673.365109")]:
        tr = O.gd(f2, [-5, -2], lr=lr, steps=20)
        out.append(verdict(f"GD eta={lr} on 0.1x1^2 + 2x2^2: epoch 20, x1 x2 = {printed}", f"{T}.1 printed output",
                           _fmt(tr) == printed, f"symopt.optimizers.gd: {_fmt(tr)}"))
    r = symopt.rates.gd_quadratic(f2.hessian)
    out.append(verdict("eta = 0.6 diverges in x2 while 0.4 converges", f"{T}.1", (sp.Rational(3, 5) not in r.stable_range) and sp.Rational(2, 5) in r.stable_range,
                       f"rates.gd_quadratic: stable iff eta in {r.stable_range}; |1 - 4*0.6| = 1.4 > 1"))
    for b_, printed in [(0.5, "0.007188 0.002553"), (0.25, "-0.126340 -0.186632")]:
        tr = O.momentum(f2, [-5, -2], lr=0.6, beta=b_, steps=20)
        out.append(verdict(f"momentum eta=0.6, beta={b_}: epoch 20, x1 x2 = {printed}", f"{T}.1 printed output",
                           _fmt(tr) == printed, f"symopt.optimizers.momentum: {_fmt(tr)}"))
    rho = {bb: max(stability.spectral_radius(stability.momentum_matrix(sp.Rational(bb), sp.Rational(3, 5), lv)) for lv in (sp.Rational(1, 5), 4))
           for bb in ("1/2", "1/4", "0")}
    out.append(verdict("eta = 0.6: beta = 0.5 converges well, beta = 0.25 converges more slowly, beta = 0 diverges", f"{T}.1 The Momentum Method",
                       rho["1/2"] < rho["1/4"] < 1 < rho["0"],
                       f"spectral radius of R over the eigenvalues 0.2 and 4 of 0.1x1^2 + 2x2^2: beta=0.5: {rho['1/2']:.4f}, beta=0.25: {rho['1/4']:.4f}, beta=0: {rho['0']:.4f}"))
    out.append(verdict("beta = 0 recovers gradient descent", f"{T}.1 (11.6.5)",
                       bool(abs(O.momentum(f2, [-5, -2], lr=0.4, beta=0.0, steps=20).x - O.gd(f2, [-5, -2], lr=0.4, steps=20).x).max() == 0),
                       "momentum(beta=0) and gd give identical iterates"))
    # quadratic theory
    Q = sp.Matrix([[3, 1], [1, 2]])
    c = sp.Matrix([1, -2])
    b = sp.Rational(5, 1)
    X = sp.Matrix(sp.symbols("y1 y2", real=True))
    h = (X.T * Q * X)[0] / 2 + (X.T * c)[0] + b
    xs = -Q.inv() * c
    hmin = b - (c.T * Q.inv() * c)[0] / 2
    grad_zero = sp.Matrix([sp.diff(h, s) for s in X]).subs(dict(zip(X, xs)))
    out.append(verdict("minimiser x* = -Q^{-1}c, minimum b - c'Q^{-1}c/2", f"{T}.3 (11.6.6)",
                       grad_zero == sp.zeros(2, 1) and sp.simplify(h.subs(dict(zip(X, xs))) - hmin) == 0,
                       f"Q = {Q.tolist()}, c = {list(c)}: x* = {list(xs)}, h(x*) = {hmin}"))
    printed = ((X - Q.inv() * c).T * Q * (X - Q.inv() * c))[0] / 2 + hmin
    fixed = ((X + Q.inv() * c).T * Q * (X + Q.inv() * c))[0] / 2 + hmin
    out.append(verdict("h(x) = (x - Q^{-1}c)'Q(x - Q^{-1}c)/2 + b - c'Q^{-1}c/2", f"{T}.3 (11.6.7)", sp.expand(printed - h) == 0,
                       f"h - printed = {sp.expand(h - printed)}; with x + Q^{{-1}}c: {sp.expand(h - fixed)}",
                       corrected="h(x) = (x + Q^{-1}c)'Q(x + Q^{-1}c)/2 + b - c'Q^{-1}c/2"))
    Orot = sp.Matrix([[sp.Rational(3, 5), sp.Rational(4, 5)], [-sp.Rational(4, 5), sp.Rational(3, 5)]])
    Lq = sp.diag(1, 4)
    Qo = Orot.T * Lq * Orot
    z_text = Orot * (X - Qo.inv() * c)
    z_fix = Orot * (X + Qo.inv() * c)
    hq = (X.T * Qo * X)[0] / 2 + (X.T * c)[0] + b
    bq = b - (c.T * Qo.inv() * c)[0] / 2
    out.append(verdict("with z := O(x - Q^{-1}c), h = z' Lambda z / 2 + b'", f"{T}.3 (11.6.8)",
                       sp.expand(hq - ((z_text.T * Lq * z_text)[0] / 2 + bq)) == 0,
                       f"Q = O'diag(1,4)O (O a rational rotation), c = {list(c)}: h - (z'Lz/2 + b') = {sp.expand(hq - ((z_text.T * Lq * z_text)[0] / 2 + bq))}; with z = O(x + Q^{{-1}}c) the difference is {sp.expand(hq - ((z_fix.T * Lq * z_fix)[0] / 2 + bq))}",
                       corrected="z := O(x + Q^{-1}c) gives h(z) = z' Lambda z / 2 + b' with b' = b - c'Q^{-1}c/2 (the text calls the constant both b' and c')"))
    gh = sp.Matrix([sp.diff(h, s) for s in X])
    out.append(verdict("grad h = Q(x - Q^{-1}c)", f"{T}.3 after (11.6.7)", sp.expand(gh - Q * (X - Q.inv() * c)) == sp.zeros(2, 1),
                       f"grad h = {list(gh)} = Q(x + Q^{{-1}}c) = Qx + c",
                       corrected="grad h = Q(x + Q^{-1}c) = Qx + c"))
    L1, L2, z1, z2 = sp.symbols("L1 L2 z1 z2", real=True)
    Lam, z = sp.diag(L1, L2), sp.Matrix([z1, z2])
    hz = (z.T * Lam * z)[0] / 2
    gd_step = z - eta * sp.Matrix([sp.diff(hz, s) for s in z])
    out.append(verdict("GD in eigen-coordinates: z_t = z_{t-1} - Lambda z_{t-1} = (I - Lambda) z_{t-1}", f"{T}.3 (11.6.9)",
                       sp.expand(gd_step - (sp.eye(2) - Lam) * z) == sp.zeros(2, 1),
                       f"z - eta grad = {list(gd_step)}: the learning rate is missing",
                       corrected="z_t = z_{t-1} - eta Lambda z_{t-1} = (I - eta Lambda) z_{t-1}"))
    vv = sp.Matrix(sp.symbols("v1 v2", real=True))
    vnew = beta * vv + Lam * z
    znew = z - eta * vnew
    out.append(verdict("momentum in eigen-coordinates: z_t = (I - eta Lambda) z_{t-1} - eta beta v_{t-1}", f"{T}.3 (11.6.10)",
                       sp.expand(znew - ((sp.eye(2) - eta * Lam) * z - eta * beta * vv)) == sp.zeros(2, 1),
                       "expanding z - eta(beta v + Lambda z) coordinate-wise: no mixing between eigen-directions"))
    x0 = symbol("x0")
    xt = x0
    for _ in range(3):
        xt = sp.expand(xt - eta * lam * xt)
    out.append(verdict("scalar GD: x_t = (1 - eta lambda)^t x_0", f"{T}.3 (11.6.11)", sp.expand(xt - (1 - eta * lam) ** 3 * x0) == 0, "three steps unrolled"))
    rq = symopt.rates.gd_quadratic(sp.Matrix([[1]]))
    mid = sp.Rational(3, 2)
    rate = lambda v: abs(1 - v)  # noqa: E731 - contraction factor |1 - eta lambda| of (11.6.11), lambda = 1
    worse = [rate(sp.Rational(k, 4)) for k in (4, 5, 6, 7)]  # eta lambda = 1, 5/4, 3/2, 7/4
    out.append(fair_verdict("beyond eta lambda = 1 things diverge", f"{T}.3 after (11.6.11)",
                            intended=all(a_ < b_ for a_, b_ in zip(worse, worse[1:])) and mid in rq.stable_range and 2 not in rq.stable_range,
                            literal=mid not in rq.stable_range,
                            reading="beyond eta lambda = 1 things get worse (the rate |1 - eta lambda| grows, the iterates overshoot and alternate); "
                            "the same sentence goes on 'and for eta lambda > 2 the optimization problem diverges', so divergence proper starts at 2",
                            evidence=f"lambda = 1: GD is stable iff eta in {rq.stable_range}; |1 - eta lambda| at eta lambda = 1, 5/4, 3/2, 7/4: "
                            f"{worse} (growing); taken literally false: eta lambda = 3/2 gives |1 - 3/2| = 1/2 < 1 (oscillating convergence)",
                            sharper="the rate |1 - eta lambda| improves up to eta lambda = 1, gets worse (oscillating but convergent) for "
                            "1 < eta lambda < 2, and diverges for eta lambda > 2"))
    R = stability.momentum_matrix(beta, eta, lam)
    vs, xsym = sp.symbols("v x", real=True)
    v_next = beta * vs + lam * xsym
    x_next = xsym - eta * v_next
    Rd = sp.Matrix([[sp.diff(e_, s) for s in (vs, xsym)] for e_ in (v_next, x_next)])
    out.append(verdict("R(beta, eta, lambda) = [[beta, lambda], [-eta beta, 1 - eta lambda]]", f"{T}.3 (11.6.12)",
                       sp.simplify(Rd - sp.Matrix([[beta, lam], [-eta * beta, 1 - eta * lam]])) == sp.zeros(2, 2) and sp.simplify(R - Rd) == sp.zeros(2, 2),
                       f"Jacobian of (v, x) -> (beta v + lambda x, x - eta(beta v + lambda x)) = {Rd.tolist()} = stability.momentum_matrix"))
    reg = stability.region(R, [beta, eta, lam])
    samples = [(sp.Rational(1, 2), sp.Rational(29, 10)), (sp.Rational(1, 2), sp.Rational(31, 10)), (sp.Rational(9, 10), sp.Rational(37, 10)), (sp.Rational(9, 10), sp.Rational(39, 10))]
    agree = all(bool(reg.subs({beta: bb, eta: el, lam: 1})) == (0 < el < 2 + 2 * bb) for bb, el in samples)
    out.append(verdict("momentum converges for 0 < eta lambda < 2 + 2 beta", f"{T}.3 after (11.6.12)", agree,
                       f"stability.region(R) = {reg} (Jury conditions); for 0 <= beta < 1 this is 0 < eta lambda < 2 + 2 beta; spot checks at eta lambda = 2+2beta -/+ 0.1 agree"))
    A = proof_helper("airfoil")  # the printed airfoil losses, in distribution (seeded re-runs of the text's loop)
    for call, printed, rule, hyper in [
        ('train_momentum(0.02, 0.5)', 0.244, 'sgd_momentum', {'lr': 0.02, 'momentum': 0.5}),
        ('train_momentum(0.01, 0.9)', 0.249, 'sgd_momentum', {'lr': 0.01, 'momentum': 0.9}),
        ('train_momentum(0.005, 0.9)', 0.243, 'sgd_momentum', {'lr': 0.005, 'momentum': 0.9}),
        ("train_gluon_ch11('sgd', {'learning_rate': 0.005, 'momentum': 0.9})", 0.246, 'gluon:sgd', {'lr': 0.005, 'momentum': 0.9}),
    ]:
        out.append(A.loss_claim(call, printed, rule, hyper, 10, f"{T}.2 printed output"))
    return out
