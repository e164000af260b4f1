"""D2L 11.10 (seed 001): Adam and Yogi."""

from __future__ import annotations

import sympy as sp

import symopt
from symopt import optimizers as O
from symopt.claims import ClaimResult, proof_helper, verdict
from symopt.core.parse import symbol

T = "001 §11.10"


def claims() -> list[ClaimResult]:
    out: list[ClaimResult] = []
    b = symbol("beta")
    ok = all(sp.cancel(sum(b**j for j in range(k + 1)) - (1 - b ** (k + 1)) / (1 - b)) == 0 for k in range(6))
    out.append(verdict("sum_{i=0}^t beta^i = (1 - beta^{t+1})/(1 - beta)", f"{T}.1 before (11.10.2)", ok, "checked for t = 0..5 symbolically in beta"))
    b1, g = sp.symbols("beta1 g", real=True)
    v = sp.Integer(0)
    ok = True
    for k in range(1, 7):
        v = b1 * v + (1 - b1) * g
        ok &= sp.simplify(v / (1 - b1**k) - g) == 0
    out.append(verdict("bias correction v_hat = v_t/(1 - beta1^t) removes the zero-initialisation bias", f"{T}.1 (11.10.2)", ok,
                       "constant gradient g, v_0 = 0: v_t = (1 - beta1^t) g for t = 1..6, so v_hat_t = g"))
    out.append(verdict("beta1 = 0.9, beta2 = 0.999: the variance estimate moves much more slowly", f"{T}.1",
                       1 / (1 - sp.Rational(999, 1000)) == 100 * (1 / (1 - sp.Rational(9, 10))),
                       "effective windows 1/(1-beta): 10 for the momentum, 1000 for the second moment"))
    tr = O.adam(symopt.Objective("x**2"), [1.0], lr=0.1, steps=1)
    v1 = 0.1 * 2.0
    s1 = 0.001 * 4.0
    manual = 1.0 - 0.1 * (v1 / 0.1) / ((s1 / 0.001) ** 0.5 + 1e-6)
    out.append(verdict("Adam step g' = eta v_hat/(sqrt(s_hat) + eps), x <- x - g'", f"{T}.1 (11.10.3)-(11.10.4)",
                       abs(float(tr.x[0]) - manual) < 1e-12, f"one step on x^2 from 1, eta = 0.1: symopt.optimizers.adam {float(tr.x[0])!r}, formula {manual!r}"))
    s, b2 = sp.symbols("s beta2", real=True)
    out.append(verdict("s_t = s_{t-1} + (1 - beta2)(g_t^2 - s_{t-1}) is Adam's update", f"{T}.3 (11.10.5)",
                       sp.expand(s + (1 - b2) * (g**2 - s) - (b2 * s + (1 - b2) * g**2)) == 0, "expands to beta2 s + (1 - beta2) g^2 (11.10.1)"))
    steps = [abs((1 - 0.999) * gg**2 * (1 if gg**2 > ss else -1)) for gg, ss in [(1.0, 0.0), (1.0, 100.0), (1.0, 0.5)]]
    out.append(verdict("Yogi: the magnitude of the s-update no longer depends on the deviation g^2 - s", f"{T}.3 (11.10.6)",
                       max(steps) - min(steps) < 1e-15, f"|Delta s| = (1 - beta2) g^2 = {steps[0]:.4g} for s = 0, 100, 0.5 (g = 1)"))
    A = proof_helper("airfoil")  # the printed airfoil losses, in distribution (seeded re-runs of the text's loop)
    for call, printed, rule, hyper in [
        ("train_ch11(adam, {'lr': 0.01, 't': 1})", 0.244, 'adam', {'lr': 0.01}),
        ("train_gluon_ch11('adam', {'learning_rate': 0.01})", 0.244, 'gluon:adam', {'lr': 0.01}),
        ("train_ch11(yogi, {'lr': 0.01, 't': 1})", 0.244, 'yogi', {'lr': 0.01}),
    ]:
        out.append(A.loss_claim(call, printed, rule, hyper, 10, f"{T}.2-11.10.3 printed output"))
    return out
