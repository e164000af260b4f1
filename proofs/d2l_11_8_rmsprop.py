"""D2L 11.8 (seed 001): RMSProp."""

from __future__ import annotations

import math

import sympy as sp

import symopt
from symopt import optimizers as O
from symopt.claims import ClaimResult, fair_verdict, proof_helper, verdict
from symopt.core.parse import symbol

T = "001 §11.8"


def claims() -> list[ClaimResult]:
    out: list[ClaimResult] = []
    gam = symbol("gamma")
    tr = O.rmsprop(symopt.Objective("0.1*x1**2 + 2*x2**2"), [-5, -2], lr=0.4, gamma=0.9, steps=20)
    got = f"{tr.x[0]:f} {tr.x[1]:f}"
    out.append(verdict("RMSProp eta=0.4, gamma=0.9: epoch 20, x1 -0.010599, x2 0.000000", f"{T}.2 printed output",
                       got == "-0.010599 0.000000", f"symopt.optimizers.rmsprop: {got}"))
    g = sp.IndexedBase("g")
    s = sp.Integer(0)
    for k in range(1, 5):
        s = gam * s + (1 - gam) * g[k] ** 2
    closed = (1 - gam) * sum(gam**j * g[4 - j] ** 2 for j in range(4))
    out.append(verdict("s_t = (1 - gamma)(g_t^2 + gamma g_{t-1}^2 + gamma^2 g_{t-2}^2 + ...)", f"{T}.1 (11.8.2)",
                       sp.expand(s - closed) == 0, "unrolled from s_0 = 0 for t = 4"))
    j = sp.Symbol("j", integer=True, nonnegative=True)
    tots = [sp.summation((1 - gv) * gv**j, (j, 0, sp.oo)) for gv in (sp.Rational(1, 2), sp.Rational(9, 10), sp.Rational(99, 100))]
    out.append(verdict("the weights (1 - gamma) gamma^j sum to 1", f"{T}.1", all(v == 1 for v in tots),
                       f"exact sums for gamma = 1/2, 9/10, 99/100: {tots} (geometric series 1/(1 - gamma))"))
    half = math.log(2) / math.log(1 / 0.9)
    out.append(verdict("half-life time of an observation is gamma^{-1}", f"{T}.1 'half-life time of an observation of γ⁻¹'",
                       abs(half - 1 / 0.9) < 0.5,
                       f"a weight gamma^j halves after j = ln 2 / ln(1/gamma) steps: gamma = 0.9 gives {half:.3f}, not 1/gamma = {1 / 0.9:.3f}",
                       corrected="the half-life is ln 2 / ln(1/gamma) (6.58 for gamma = 0.9); the effective window is 1/(1 - gamma) (10 for gamma = 0.9)"))
    out.append(verdict("gamma = 0.9: s averages about 1/(1 - gamma) = 10 squared gradients", f"{T}.2", 1 / (1 - sp.Rational(9, 10)) == 10,
                       "mean lag of the weights (1-gamma) gamma^j is gamma/(1-gamma) = 9; total window 1/(1-gamma) = 10"))
    s1 = (1 - 2) * 3**2
    gm, sp_, gg = sp.symbols("gamma s_prev g", real=True)
    upd = gm * sp_ + (1 - gm) * gg**2
    # s_prev >= 0 and gamma in [0, 1]: both terms are products of non-negatives (sympy decides it from the assumptions)
    gq, sq, g2 = sp.Symbol("q", nonnegative=True), sp.Symbol("s", nonnegative=True), sp.Symbol("g", real=True)
    nonneg = upd.subs({gm: gq / (1 + gq), sp_: sq, gg: g2}).is_nonnegative  # gamma = q/(1+q) ranges over [0, 1)
    out.append(fair_verdict("the leaky average s_t = gamma s_{t-1} + (1 - gamma) g_t^2 works 'for some parameter gamma > 0'", f"{T}.1",
                            intended=bool(nonneg) and float(upd.subs({gm: 0.9, sp_: 0, gg: 3})) >= 0,
                            literal=bool(nonneg),
                            reading="there is some gamma > 0 for which the leaky average works (the text then uses gamma = 0.9, like momentum's "
                            "beta in (0, 1)); it does not claim that every gamma > 0 works",
                            evidence=f"for gamma in [0, 1) and s_(t-1) >= 0, s_t >= 0 (sympy: is_nonnegative = {nonneg}), e.g. gamma = 0.9; "
                            f"only gamma outside [0, 1] breaks it (gamma = 2, g_1 = 3, s_0 = 0: s_1 = {s1} < 0)"))
    A = proof_helper("airfoil")  # the printed airfoil losses, in distribution (seeded re-runs of the text's loop)
    for call, printed, rule, hyper in [
        ("train_ch11(rmsprop, {'lr': 0.01, 'gamma': 0.9})", 0.244, 'rmsprop', {'lr': 0.01, 'gamma': 0.9}),
        ("train_gluon_ch11('rmsprop', {'learning_rate': 0.01, 'gamma1': 0.9})", 0.243, 'gluon:rmsprop', {'lr': 0.01, 'gamma': 0.9}),
    ]:
        out.append(A.loss_claim(call, printed, rule, hyper, 10, f"{T}.2-11.8.3 printed output"))
    return out
