"""D2L 11.5 (seed 001): vectorisation arithmetic, minibatch variance, the printed timings and losses (airfoil data)."""

from __future__ import annotations

import numpy as np
import sympy as sp

from symopt.claims import ClaimResult, proof_helper, verdict

T = "001 §11.5"


def claims() -> list[ClaimResult]:
    out: list[ClaimResult] = []
    out.append(verdict("8 GPUs per server and 16 servers give a minibatch of 128", f"{T}.1", 8 * 16 == 128, "8 * 16 = 128"))
    v = 2 * 10**9 * 16 * 32
    out.append(verdict("2 GHz * 16 cores * 32 bytes (AVX-512) = 10^12 bytes/s", f"{T}.1 2·10⁹·16·32 = 10¹²",
                       abs(v - 10**12) / 10**12 < 0.05, f"2e9*16*32 = {v:.4g} (within 2.4% of 1e12)"))
    out.append(verdict("100 GB/s is less than one tenth of what the processor needs", f"{T}.1", 100e9 / v < 0.1,
                       f"100e9 / {v:.4g} = {100e9 / v:.4f} < 0.1"))
    times = {"element": 868.5792026519775, "column": 0.7444274425506592}
    gf = {k: 2 / t for k, t in times.items()}
    out.append(verdict("Gigaflops = 2/time: element 0.002, column 2.687", f"{T}.1 printed performance",
                       f"{gf['element']:.3f}" == "0.002" and f"{gf['column']:.3f}" == "2.687",
                       f"2/868.579 = {gf['element']:.5f}, 2/0.74443 = {gf['column']:.5f} (2 GFlop: a 1024^3 product is 2*1024^3 = {2 * 1024**3:.4g} flops)"))
    b, s = sp.symbols("b sigma", positive=True)
    var = sp.Rational(1, 1) * s**2 / b
    rng = np.random.default_rng(0)
    g = rng.normal(size=(20000, 64))
    emp = float(g.mean(1).std())
    out.append(verdict("averaging b independent gradients reduces the standard deviation by b^{-1/2}", f"{T}.2 (11.5.2)",
                       sp.sqrt(var) == s / sp.sqrt(b) and abs(emp - 1 / 8) < 0.005,
                       f"Var(mean of b iid) = sigma^2/b; simulated sd of the mean of 64 N(0,1): {emp:.4f} vs 1/8"))
    # --- the printed timings: what train_ch11's timer measures (its code, 11.5.4) ---
    A = proof_helper("airfoil")
    runs = {"gd": (1500, 10, 0.070), "sgd": (1, 2, 0.379), "mini100": (100, 2, 0.008), "mini10": (10, 2, 0.042)}
    spans = {k: sorted(set(A.timer_intervals(b, e))) for k, (b, e, _) in runs.items()}
    label_ok = all(sp_ == [1500] for sp_ in spans.values())
    out.append(verdict("train_ch11 / train_gluon_ch11 print timer.avg() as 'sec/epoch'", f"{T}.4 train_ch11 'sec/epoch'", label_ok,
                       "the timer stops each time n % 200 == 0 (n = examples seen) and timer.avg() averages those intervals: "
                       + ", ".join(f"batch {runs[k][0]}: every {spans[k][0]} examples" for k in runs) + " (an epoch is 1500 examples)",
                       corrected="the printed figure is seconds per 200 examples (per 3000 examples, i.e. two epochs, for batch 1500); "
                       "seconds per epoch are the printed value times 7.5 (times 0.5 for batch 1500)"))
    per = {k: A.per_epoch(t, b, e) for k, (b, e, t) in runs.items()}
    conv = ", ".join(f"{k} {per[k]:.3f}" for k in per)
    out.append(verdict("SGD consumes more time per epoch than gradient descent", f"{T}.4", per["sgd"] > per["gd"],
                       f"seconds per epoch from the printed timer.avg(): {conv}"))
    out.append(verdict("batch 100: the time per epoch is longer than for SGD", f"{T}.4 printed 'loss: 0.244, 0.008 sec/epoch'",
                       per["mini100"] > per["sgd"], f"seconds per epoch from the printed timer.avg() (x7.5 for 200-example intervals): {conv}",
                       corrected=f"with batch size 100 an epoch takes {per['mini100']:.3f} s, about {per['sgd'] / per['mini100']:.0f}x less than "
                       f"SGD's {per['sgd']:.3f} s"))
    out.append(verdict("batch 100: the time per epoch is longer than for batch gradient descent", f"{T}.4 printed 'loss: 0.244, 0.008 sec/epoch'",
                       per["mini100"] > per["gd"], f"seconds per epoch from the printed timer.avg() (GD's covers two epochs): {conv}"))
    out.append(verdict("batch 10: time per epoch increases relative to batch 100", f"{T}.4", per["mini10"] > per["mini100"],
                       f"seconds per epoch: batch 10 {per['mini10']:.3f} > batch 100 {per['mini100']:.3f}"))
    out.append(verdict("a minibatch of 10 is more efficient than SGD per epoch", f"{T}.4", per["mini10"] < per["sgd"],
                       f"seconds per epoch: batch 10 {per['mini10']:.3f} < SGD {per['sgd']:.3f}"))
    total = {k: t * len(A.timer_intervals(b, e)) for k, (b, e, t) in runs.items()}  # timer.cumsum()[-1]
    out.append(verdict("a minibatch size 100 even outperforms GD in terms of runtime", f"{T}.4 time versus loss",
                       total["mini100"] < total["gd"] and 0.244 < 0.248,
                       f"whole runs from the printed timer.avg() times the number of intervals: batch 100 reaches loss 0.244 in "
                       f"{total['mini100']:.3f} s (2 epochs), GD ends at 0.248 after {total['gd']:.3f} s (10 epochs)"))
    # --- the printed losses, in distribution (airfoil data, seeded re-runs) ---
    for call, printed, rule, hyper, batch, epochs in [
        ("train_sgd(1, 1500, 10)", 0.248, "sgd", {"lr": 1.0}, 1500, 10),
        ("train_sgd(0.005, 1)", 0.244, "sgd", {"lr": 0.005}, 1, 2),
        ("train_sgd(.4, 100)", 0.244, "sgd", {"lr": 0.4}, 100, 2),
        ("train_sgd(.05, 10)", 0.243, "sgd", {"lr": 0.05}, 10, 2),
        ("train_gluon_ch11('sgd', {'learning_rate': 0.05})", 0.245, "gluon:sgd", {"lr": 0.05}, 10, 2),
    ]:
        out.append(A.loss_claim(call, printed, rule, hyper, batch, f"{T}.4-11.5.5 printed output", epochs=epochs))
    # --- the code as printed ---
    printed_code = (
        "gigaflops = [2/i for i in timer.times]\n"
        "print(\"Performance in Gigafllops: element {:.3f}, column {:.3f}, full {:.3f}\".format(*gigafllops))\n"
    )
    try:
        exec(compile(printed_code, "d2l_11_5_1", "exec"), {"timer": _Times([868.58, 0.744, 0.00333]), "print": lambda *a: None})
        err = None
    except NameError as exc:
        err = str(exc)
    out.append(verdict("the 11.5.1 code computes the Gigaflops list and prints it", f"{T}.1 code 'format(*gigafllops)'", err is None,
                       f"running the two printed lines: NameError: {err} (the list is bound to 'gigaflops')",
                       corrected="print(... .format(*gigaflops)): the list is named gigaflops; 'gigafllops' is undefined"))
    return out


class _Times:
    """d2l.Timer's ``times`` list, enough to run the printed lines."""

    def __init__(self, times):
        self.times = times
