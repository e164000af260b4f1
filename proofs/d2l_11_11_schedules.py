"""D2L 11.11 and 11.4.2 (seed 001): learning-rate schedules."""

from __future__ import annotations

import math

import sympy as sp

from symopt import schedules
from symopt.claims import ClaimResult, verdict
from symopt.core.parse import symbol

T = "001 §11.11"


def claims() -> list[ClaimResult]:
    out: list[ClaimResult] = []
    t, T_, e0, eT = symbol("t"), symbol("T"), symbol("eta_0"), symbol("eta_T")
    cos = eT + (e0 - eT) / 2 * (1 + sp.cos(sp.pi * t / T_))
    out.append(verdict("cosine schedule runs from eta_0 at t = 0 to eta_T at t = T", f"{T}.3 (11.11.1)",
                       sp.simplify(cos.subs(t, 0) - e0) == 0 and sp.simplify(cos.subs(t, T_) - eT) == 0,
                       f"eta(0) = {sp.simplify(cos.subs(t, 0))}, eta(T) = {sp.simplify(cos.subs(t, T_))}"))
    sc = schedules.cosine(40, base_lr=0.5, final_lr=0.01)
    formula = [0.01 + 0.49 / 2 * (1 + math.cos(math.pi * k / 40)) for k in range(41)]
    out.append(verdict("cosine scheduler (T = 40, 0.5 -> 0.01) follows (11.11.1) and is pinned after T", f"{T}.3 Cosine Scheduler",
                       all(abs(sc(k) - formula[k]) < 1e-12 for k in range(41)) and sc(60) == 0.01,
                       f"schedules.cosine matches the formula at t = 0..40; eta(60) = {sc(60)}"))
    w = schedules.cosine(40, warmup_steps=5, base_lr=0.5, final_lr=0.01)
    vals = [w(k) for k in range(6)]
    out.append(verdict("warmup: the rate increases linearly to its maximum, then cools down", f"{T}.3 Warmup",
                       all(abs(vals[k] - 0.1 * k) < 1e-12 for k in range(6)) and w(6) < w(5),
                       f"eta(0..5) = {[round(v, 6) for v in vals]}, eta(6) = {w(6):.6f}"))
    f = schedules.factor(factor=0.9, stop_factor_lr=1e-2, base_lr=2.0)
    ok = all(abs(f(k) - max(0.01, 2.0 * 0.9 ** (k + 1))) < 1e-12 for k in range(100))
    out.append(verdict("factor scheduler eta_{t+1} = max(eta_min, alpha eta_t)", f"{T}.3 Factor Scheduler", ok,
                       f"schedules.factor(0.9, 1e-2, 2.0) equals max(0.01, 2 * 0.9^(t+1)) for t < 100; floor reached at t = {next(k for k in range(100) if f(k) == 0.01)}"))
    m = schedules.multi_factor(steps=[15, 30], factor=0.5, base_lr=0.5)
    out.append(verdict("multi-factor: halve the rate at each step in s", f"{T}.3 Multi Factor Scheduler",
                       (m(10), m(20), m(35)) == (0.5, 0.25, 0.125), f"eta(10), eta(20), eta(35) = {m(10)}, {m(20)}, {m(35)}"))
    k = sp.Symbol("k", positive=True, integer=True)
    exp_sum = sp.summation(sp.exp(-sp.Rational(1, 10) * k), (k, 1, sp.oo))
    poly_conv = sp.Sum((1 + k / 10) ** sp.Rational(-1, 2), (k, 1, sp.oo)).is_convergent()
    out.append(verdict("exponential decay stops prematurely; polynomial decay with alpha = 1/2 keeps moving", f"001 §11.4.2 (11.4.5)",
                       bool(exp_sum.is_finite) and poly_conv == sp.false,
                       f"sum_t e^(-0.1 t) = {sp.N(exp_sum, 5)} < oo (finite total step), sum_t (1 + 0.1 t)^(-1/2) diverges (Sum.is_convergent() = {poly_conv}, terms ~ t^(-1/2))"))
    sq = schedules.sqrt(1.0)
    out.append(verdict("SquareRootScheduler eta = eta_0 (t + 1)^{-1/2}", f"{T}.2", all(abs(sq(k) - (k + 1) ** -0.5) < 1e-15 for k in range(50)),
                       "schedules.sqrt(1.0) equals (t+1)^(-1/2) for t < 50"))
    chance = sp.log(10)
    printed = {"loss": 2.303, "train": 0.101, "test": 0.100}
    at_chance = round(float(chance), 3) == printed["loss"] and abs(printed["train"] - 0.1) < 0.01 and abs(printed["test"] - 0.1) < 0.01
    out.append(verdict("lr 0.5, 40 epochs: training accuracy keeps increasing, test accuracy stalls; the gap indicates overfitting",
                       f"{T}.1 printed 'train loss 2.303, train acc 0.101, test acc 0.100'", not at_chance,
                       f"the printed loss 2.303 = ln 10 = {sp.N(chance, 6)} is the cross-entropy of a uniform prediction over the 10 classes and both accuracies are 1/10: the printed run learned nothing, there is no train/test gap",
                       corrected="the printed run with lr 0.5 is stuck at chance level (loss ln 10, accuracy 0.1): it shows a failed (diverged/saturated) training, not overfitting"))
    runs = {"sqrt": (0.902, 0.893), "multi_factor": (0.945, 0.892), "cosine": (0.876, 0.867), "warmup": (0.862, 0.843)}
    gap = {"constant": printed["train"] - printed["test"], **{k: v[0] - v[1] for k, v in runs.items()}}
    out.append(verdict("the square-root scheduler worked quite a bit better than the constant rate", f"{T}.2 printed outputs",
                       runs["sqrt"][1] > printed["test"] + 0.5, f"test accuracy {runs['sqrt'][1]} against the lr-0.5 run's {printed['test']}"))
    out.append(verdict("with the square-root scheduler 'there was less overfitting' than with the constant rate", f"{T}.2 printed outputs",
                       gap["sqrt"] < gap["constant"],
                       f"train - test accuracy: square root {gap['sqrt']:.3f}, the lr-0.5 run it is compared with {gap['constant']:.3f} "
                       f"(at chance level, so it cannot overfit); a later run (multi-factor, {gap['multi_factor']:.3f}) is not the comparison the text makes",
                       corrected="the square-root run generalises well (train 0.902, test 0.893, gap 0.009), but the constant-rate run it is "
                       "compared with never trained (accuracy 0.1, gap 0.001): the printed runs show no reduction of overfitting"))
    out.append(verdict("the cosine schedule's improvements are not guaranteed (as can be seen below)", f"{T}.3 Cosine Scheduler printed output",
                       runs["cosine"][1] < runs["sqrt"][1], f"printed test accuracy: cosine {runs['cosine'][1]} < square root {runs['sqrt'][1]}"))
    return out
