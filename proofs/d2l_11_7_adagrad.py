"""D2L 11.7 (seed 001): Adagrad, preconditioning and the eigen-coordinates."""

from __future__ import annotations

import sympy as sp

import symopt
from symopt import optimizers as O
from symopt.claims import ClaimResult, proof_helper, verdict

T = "001 §11.7"


def claims() -> list[ClaimResult]:
    out: list[ClaimResult] = []
    f2 = symopt.Objective("0.1*x1**2 + 2*x2**2")
    for lr, printed in [(0.4, "-2.382563 -0.158591"), (2, "-0.002295 -0.000000")]:
        tr = O.adagrad(f2, [-5, -2], lr=lr, steps=20)
        got = f"{tr.x[0]:f} {tr.x[1]:f}"
        out.append(verdict(f"Adagrad eta={lr} on 0.1x1^2 + 2x2^2: epoch 20, x1 x2 = {printed}", f"{T}.3 printed output",
                           got == printed, f"symopt.optimizers.adagrad (eps = 1e-6 inside the sqrt, as in the code): {got}"))
    U = sp.Matrix([[sp.Rational(3, 5), -sp.Rational(4, 5)], [sp.Rational(4, 5), sp.Rational(3, 5)]])
    Lam = sp.diag(1, 9)
    Q = U.T * Lam * U
    xb = sp.Matrix(sp.symbols("u1 u2", real=True))
    printed = sp.expand((U * xb).T * Q * (U * xb))[0]
    right = sp.expand((U.T * xb).T * Q * (U.T * xb))[0]
    target = sp.expand(xb.T * Lam * xb)[0]
    out.append(verdict("with Q = U'Lambda U and x = U x_bar, x'Qx = x_bar' Lambda x_bar (11.7.1)", f"{T}.2 (11.7.1) 'x = U x̄, c = U c̄'",
                       sp.expand(printed - target) == 0,
                       f"U = rotation [[3/5,-4/5],[4/5,3/5]], Lambda = diag(1, 9): (U x_bar)'Q(U x_bar) = {printed} != {target}; with x = U' x_bar: {right}",
                       corrected="x_bar = U x (x = U' x_bar) and c_bar = U c; then f(x) = x_bar' Lambda x_bar / 2 + c_bar' x_bar + b"))
    L1, L2, c1, c2, b = sp.symbols("L1 L2 c1 c2 b", positive=True)
    Lm, cb = sp.diag(L1, L2), sp.Matrix([c1, c2])
    fb = (xb.T * Lm * xb)[0] / 2 + (cb.T * xb)[0] + b
    xm = -Lm.inv() * cb
    out.append(verdict("minimiser x_bar = -Lambda^{-1} c_bar, minimum -c_bar' Lambda^{-1} c_bar / 2 + b", f"{T}.2",
                       sp.Matrix([sp.diff(fb, s) for s in xb]).subs(dict(zip(xb, xm))) == sp.zeros(2, 1)
                       and sp.simplify(fb.subs(dict(zip(xb, xm))) - (b - (cb.T * Lm.inv() * cb)[0] / 2)) == 0,
                       f"gradient vanishes at {list(xm)}; value {sp.simplify(fb.subs(dict(zip(xb, xm))))}"))
    sens = sp.diff(xm[0], c1)
    out.append(verdict("large Lambda_i: small changes of x_bar_i; small Lambda_i: dramatic changes", f"{T}.2", sens == -1 / L1,
                       f"d x_bar_1 / d c_bar_1 = {sens}"))
    kappa = f2.condition_number({"x1": 0, "x2": 0})
    out.append(verdict("condition number kappa = Lambda_1 / Lambda_d", f"{T}.2 (11.7.2)", kappa == 20,
                       f"0.1x1^2 + 2x2^2: Hessian eigenvalues 0.2, 4; Objective.condition_number = {kappa} = 4/0.2"))
    z = sp.sqrt(Lam) * U * xb
    out.append(verdict("z = Lambda^{1/2} U x turns x'Qx into ||z||^2", f"{T}.2", sp.expand((xb.T * Q * xb)[0] - (z.T * z)[0]) == 0,
                       "checked with the rational rotation U and Lambda = diag(1, 9)"))
    Qs = sp.Matrix([[4, 1, 0], [1, 9, 2], [0, 2, 1]])
    D = sp.diag(*[1 / sp.sqrt(Qs[i, i]) for i in range(3)])
    Qt = D * Qs * D
    ok = all(sp.simplify(Qt[i, j] - Qs[i, j] / sp.sqrt(Qs[i, i] * Qs[j, j])) == 0 for i in range(3) for j in range(3))
    out.append(verdict("Q_tilde_ij = Q_ij / sqrt(Q_ii Q_jj) and Q_tilde_ii = 1", f"{T}.2 (11.7.3)", ok and all(Qt[i, i] == 1 for i in range(3)),
                       f"Q = {Qs.tolist()}: Q_tilde = {Qt.tolist()}"))
    Qd = sp.diag(sp.Rational(1, 5), 4)
    Dd = sp.diag(*[1 / sp.sqrt(Qd[i, i]) for i in range(2)])
    out.append(verdict("for axis-aligned problems diagonal preconditioning removes the ill-conditioning", f"{T}.2", Dd * Qd * Dd == sp.eye(2),
                       "0.1x1^2 + 2x2^2 (Hessian diag(1/5, 4)): diag^{-1/2} Q diag^{-1/2} = I, condition number 20 -> 1"))
    x0 = -Lm.inv() * cb
    out.append(verdict("grad f_bar = Lambda x_bar + c_bar = Lambda (x_bar - x_bar_0)", f"{T}.2 (11.7.4)",
                       sp.expand(Lm * xb + cb - Lm * (xb - x0)) == sp.zeros(2, 1), "with x_bar_0 = -Lambda^{-1} c_bar"))
    t, g, eta = sp.symbols("t g eta", positive=True)
    s_t = sum(g**2 for _ in range(5))
    out.append(verdict("s_t grows linearly, giving an O(t^{-1/2}) learning rate", f"{T}.3", sp.simplify(eta / sp.sqrt(s_t) - eta / (g * sp.sqrt(5))) == 0,
                       "constant gradient g: s_t = t g^2 (checked t = 5), so eta/sqrt(s_t) = eta/(|g| sqrt t)"))
    A = proof_helper("airfoil")  # the printed airfoil losses, in distribution (seeded re-runs of the text's loop)
    for call, printed, rule, hyper in [
        ("train_ch11(adagrad, {'lr': 0.1})", 0.244, 'adagrad', {'lr': 0.1}),
        ("train_gluon_ch11('adagrad', {'learning_rate': 0.1})", 0.244, 'gluon:adagrad', {'lr': 0.1}),
    ]:
        out.append(A.loss_claim(call, printed, rule, hyper, 10, f"{T}.4-11.7.5 printed output"))
    return out
