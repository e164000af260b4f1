"""D2L 11.8 (seed 001): RMSProp."""

from __future__ import annotations

import math

import sympy as sp

import symopt
from symopt import optimizers as O
from symopt.claims import ClaimResult, verdict
from symopt.parse import symbol

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
    out.append(verdict("the leaky average s_t = gamma s_{t-1} + (1 - gamma) g_t^2 works 'for some parameter gamma > 0'", f"{T}.1",
                       s1 >= 0, f"gamma = 2, g_1 = 3, s_0 = 0: s_1 = (1 - 2) * 9 = {s1} < 0, so sqrt(s_1 + eps) is undefined",
                       corrected="gamma must lie in [0, 1) (gamma in (0, 1) for a genuine leaky average) so that s_t >= 0"))
    for call, line in [
        ('train_ch11(rmsprop, lr=0.01, gamma=0.9)', 'loss: 0.244, 0.067 sec/epoch'),
        ("train_gluon_ch11('rmsprop', lr=0.01, gamma1=0.9)", 'loss: 0.243, 0.036 sec/epoch'),
    ]:
        out.append(verdict(f"{call} prints '{line}'", f"{T}.2-11.8.3 printed output", None,
                           "needs the NASA airfoil data (first 1,500 rows, whitened) and the MXNet/Gluon training loop, neither available offline, and the seconds per epoch are machine-dependent; not reproduced"))
    return out
