"""D2L 11.4 (seed 001): stochastic gradient descent, schedules, the convex convergence bound, sampling."""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from symopt import rates
from symopt.claims import ClaimResult, verdict
from symopt.parse import symbol

T = "001 §11.4"


def _simulate(schedule, steps: int, reps: int = 2000, seed: int = 0) -> np.ndarray:
    """The text's sgd(): g + np.random.normal(0.1) (i.e. N(0.1, 1) noise), eta = 0.1 * lr(); f = x1^2 + 2 x2^2."""
    rng = np.random.default_rng(seed)
    x = np.tile(np.array([-5.0, -2.0]), (reps, 1))
    scale = np.array([2.0, 4.0])
    for k in range(steps):
        g = scale * x + rng.normal(0.1, 1.0, size=x.shape)
        x = x - 0.1 * schedule(k) * g
    return x


def _plausible(final: np.ndarray, printed: tuple[float, float]) -> tuple[bool | None, str]:
    """True inside the central 99% of the simulated draws, False beyond the central 99.98%, else None."""
    qs = [float(np.mean(final[:, i] <= printed[i])) for i in range(2)]
    ok: bool | None = True
    if not all(0.005 <= q <= 0.995 for q in qs):
        ok = None if all(0.0001 <= q <= 0.9999 for q in qs) else False
    return ok, (f"2000 seeded runs of the text's code: printed (x1, x2) sit at quantiles ({qs[0]:.3f}, {qs[1]:.3f}) of the "
                f"simulated distribution (mean {np.round(final.mean(0), 3).tolist()}, sd {np.round(final.std(0), 3).tolist()})")


def claims() -> list[ClaimResult]:
    x1, x2, w = symbol("x1"), symbol("x2"), symbol("w")
    out: list[ClaimResult] = []
    fs = [(x1 - 1) ** 2 + x2**4, sp.exp(x1 * x2), x1 * x2 - x2**2]
    favg = sum(fs) / 3
    lin = all(sp.simplify(sp.diff(favg, v) - sum(sp.diff(fi, v) for fi in fs) / 3) == 0 for v in (x1, x2))
    out.append(verdict("grad (1/n) sum f_i = (1/n) sum grad f_i, so E_i grad f_i = grad f", f"{T}.1 (11.4.2) and (11.4.4)", lin,
                       "checked for three f_i by differentiation (linearity of the gradient)"))
    rs = np.random.RandomState(0)
    sample = rs.normal(0.1, size=200_000)
    out.append(verdict("the simulated SGD adds random noise with a mean of 0 to the gradient", f"{T}.1 code: np.random.normal(0.1)",
                       abs(sample.mean()) < 0.01,
                       f"numpy's normal(loc, scale=1): np.random.normal(0.1) draws N(0.1, 1); 200,000 draws have mean {sample.mean():.4f}, sd {sample.std():.4f}",
                       corrected="the code adds N(0.1, 1) noise (mean 0.1, sd 1); mean-zero noise is np.random.normal(0, 1) (or scale 0.1: np.random.normal(0, 0.1))"))
    for name, sched, steps, printed in [
        ("constant", lambda k: 1.0, 50, (-0.522513, 0.085780)),
        ("exponential", lambda k: math.exp(-0.1 * (k + 2)), 1000, (-0.862200, -0.019736)),
        ("polynomial", lambda k: (1 + 0.1 * (k + 2)) ** -0.5, 50, (-0.024847, 0.090820)),
    ]:
        ok, ev = _plausible(_simulate(sched, steps), printed)
        out.append(verdict(f"SGD with {name} lr: epoch {steps}, x1 {printed[0]}, x2 {printed[1]}", f"{T}.1/11.4.2 printed output (unseeded)",
                           ok, ev + ("" if ok else "; a tail draw (one unseeded run) is not a refutation"),
                           corrected="the printed values are an improbable draw of the code"))
    prod = 1.0
    for ctr in range(2, 1002):
        prod *= 1 - 0.2 * math.exp(-0.1 * ctr)
    total = 0.1 * sum(math.exp(-0.1 * c) for c in range(2, 10_000))
    out.append(verdict("with exponential decay the algorithm fails to converge at all", f"{T}.2 exponential()", abs(-5 * prod) > 0.5 and total < 1,
                       f"sum_t eta_t = {total:.4f} < oo; the noise-free x1 after 1000 steps is -5 prod(1 - 0.2 e^(-0.1 t)) = {-5 * prod:.4f}, bounded away from 0"))
    W, Ws, G = sp.Matrix(sp.symbols("w1 w2", real=True)), sp.Matrix(sp.symbols("s1 s2", real=True)), sp.Matrix(sp.symbols("g1 g2", real=True))
    et = symbol("eta_t")
    lhs = (W - et * G - Ws).dot(W - et * G - Ws)
    rhs = (W - Ws).dot(W - Ws) + et**2 * G.dot(G) - 2 * et * (W - Ws).dot(G)
    out.append(verdict("||w_t - eta g - w*||^2 = ||w_t - w*||^2 + eta^2||g||^2 - 2 eta <w_t - w*, g>", f"{T}.3 (11.4.8)",
                       sp.expand(lhs - rhs) == 0, "expanded in R^2 with symbolic entries: difference 0"))
    lt, ls, L = sp.symbols("l_t l_s L", real=True)
    # from (11.4.8)-(11.4.10): D_t - D_{t+1} = 2 eta <w_t - w*, g> - eta^2 ||g||^2 >= 2 eta (l_t - l*) - eta^2 L^2
    progress = 2 * et * (lt - ls) - et**2 * L**2
    thr = sp.solve(sp.Eq(progress.subs(lt, ls + symbol("d")), 0), symbol("d"))
    out.append(verdict("(11.4.11): progress bound 2 eta (l_t - l*) - eta^2 L^2", f"{T}.3 (11.4.11)",
                       sp.expand(-(rhs - (W - Ws).dot(W - Ws)) - (2 * et * (W - Ws).dot(G) - et**2 * G.dot(G))) == 0,
                       "D_t - D_{t+1} = 2 eta <w_t - w*, g> - eta^2||g||^2; convexity (11.4.10) gives <w_t - w*, g> >= l_t - l*, and ||g|| <= L"))
    out.append(verdict("we make progress as long as the loss gap outweighs eta_t L^2", f"{T}.3 after (11.4.11)", thr == [et * L**2],
                       f"the bound 2 eta d - eta^2 L^2 is positive iff d > {thr[0]}; e.g. d = 0.75 eta L^2 already gives progress 0.5 eta^2 L^2 > 0",
                       corrected="progress is guaranteed as long as the expected loss gap exceeds eta_t L^2 / 2"))
    Rw = lambda v: float((v[0] - 1) ** 2 + abs(v[1]))  # noqa: E731 - a convex risk for the Jensen check
    rng = np.random.default_rng(1)
    pts, etas = rng.normal(size=(6, 2)), rng.uniform(0.1, 1, 6)
    wbar = (etas[:, None] * pts).sum(0) / etas.sum()
    jensen = float((etas * np.array([Rw(p) for p in pts])).sum()) >= etas.sum() * Rw(wbar)
    out.append(verdict("(11.4.15)-(11.4.16): sum eta_t E[R[w_t]] >= sum eta_t [E[w_bar]] and [E[w_bar]] - R* <= bound",
                       f"{T}.3 (11.4.15), (11.4.16) '[E[w̄]] − R*'", False if jensen else None,
                       f"w_bar is a vector in R^d, R* a scalar: the printed inequality compares a parameter with a risk; with R inserted it holds by Jensen (checked: sum eta_t R(w_t) >= (sum eta_t) R(w_bar) = {jensen} for a convex R, 6 random points)",
                       corrected="sum_t eta_t E[R[w_t]] >= (sum_t eta_t) E[R[w_bar]], hence E[R[w_bar]] - R* <= (r^2 + L^2 sum eta_t^2)/(2 sum eta_t)"))
    b = rates.sgd_bound("eta")
    names = {str(s): s for s in b.bound.free_symbols}
    val = sp.simplify(b.bound.subs(names["eta"], names["r"] / (names["L"] * sp.sqrt(names["T"]))))
    printed = names["r"] * names["L"] * (1 + 1 / names["T"]) / (2 * sp.sqrt(names["T"]))
    out.append(verdict("known horizon eta = r/(L sqrt T) gives the bound rL(1 + 1/T)/(2 sqrt T)", f"{T}.3 Known Time Horizon",
                       sp.simplify(val - printed) == 0,
                       f"rates.sgd_bound('eta') = {b.bound}; at eta = r/(L sqrt T) it is {val}, not {printed} (ratio {sp.simplify(val / printed)})",
                       corrected="with eta = r/(L sqrt T) the bound (11.4.16) equals rL/sqrt(T) exactly: still O(1/sqrt T)"))
    bu = rates.sgd_bound("c/sqrt(t)")
    Tn = [s for s in bu.order.free_symbols][0]
    out.append(verdict("unknown horizon, eta_t = O(1/sqrt t): bound O(log T / sqrt T)", f"{T}.3 Unknown Time Horizon",
                       sp.simplify(bu.order - sp.log(Tn) / sp.sqrt(Tn)) == 0,
                       f"rates.sgd_bound('c/sqrt(t)').order = {bu.order} (the text writes eta = O(1/sqrt T); the schedule is eta_t = O(1/sqrt t))"))
    out.append(verdict("strongly convex losses: exponential decay of eta gives O(log T / T)", f"{T}.3 strongly convex remark", None,
                       "no derivation in the text and none here: the classical O(log T/T) result is for eta_t = 1/(lambda t), not an exponential decay; left undecided"))
    N = symbol("N")
    p_once = 1 - (1 - 1 / N) ** N
    lim = sp.limit(p_once, N, sp.oo)
    out.append(verdict("P(choose i) = 1 - (1 - 1/N)^N -> 1 - e^{-1} ~ 0.63", f"{T}.4 (11.4.17)",
                       sp.simplify(lim - (1 - sp.exp(-1))) == 0 and round(float(lim), 2) == 0.63, f"limit = {lim} = {float(lim):.4f}"))
    exact = sp.binomial(N, 1) / N * (1 - 1 / N) ** (N - 1)
    printed = (N - 1) / N * (1 - 1 / N) ** N
    correct = N / (N - 1) * (1 - 1 / N) ** N
    at10 = (exact.subs(N, 10), printed.subs(N, 10))
    out.append(verdict("P(exactly once) = C(N,1) N^{-1} (1 - N^{-1})^{N-1} = (N-1)/N (1 - N^{-1})^N", f"{T}.4 after (11.4.17)",
                       sp.simplify(exact - printed) == 0,
                       f"at N = 10: C(N,1)N^-1(1-1/N)^(N-1) = {sp.N(at10[0], 6)} but (N-1)/N (1-1/N)^N = {sp.N(at10[1], 6)}; the identity holds with N/(N-1) for N = 2..30: {all(sp.simplify((exact - correct).subs(N, k)) == 0 for k in range(2, 31))}",
                       corrected="C(N,1) N^{-1} (1 - N^{-1})^{N-1} = N/(N-1) (1 - N^{-1})^N -> e^{-1} ~ 0.37"))
    lim2 = sp.limit(exact, N, sp.oo)
    out.append(verdict("P(exactly once) -> e^{-1} ~ 0.37", f"{T}.4", lim2 == sp.exp(-1) and round(float(lim2), 2) == 0.37, f"limit = {lim2}"))
    return out
