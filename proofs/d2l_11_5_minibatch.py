"""D2L 11.5 (seed 001): vectorisation arithmetic, minibatch variance, the printed timings."""

from __future__ import annotations

import numpy as np
import sympy as sp

from symopt.claims import ClaimResult, verdict

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
    epoch = {"gd": 0.070, "sgd": 0.379, "mini100": 0.008, "mini10": 0.042}
    out.append(verdict("batch 100: time per epoch is longer than for SGD and for batch GD", f"{T}.4 printed 'loss: 0.244, 0.008 sec/epoch'",
                       epoch["mini100"] > epoch["sgd"] and epoch["mini100"] > epoch["gd"],
                       f"printed sec/epoch: GD {epoch['gd']}, SGD {epoch['sgd']}, batch 100 {epoch['mini100']}: batch 100 is the fastest",
                       corrected="with batch size 100 the time per epoch (0.008 s) is shorter than for SGD (0.379 s) and for batch GD (0.070 s)"))
    out.append(verdict("batch 10: time per epoch increases relative to batch 100", f"{T}.4", epoch["mini10"] > epoch["mini100"],
                       f"printed {epoch['mini10']} > {epoch['mini100']}"))
    out.append(verdict("a minibatch of 10 is more efficient than SGD per epoch", f"{T}.4", epoch["mini10"] < epoch["sgd"],
                       f"printed {epoch['mini10']} < {epoch['sgd']}"))
    for call, line in [
        ('train_sgd(1, 1500, 10)', 'loss: 0.248, 0.070 sec/epoch'),
        ('train_sgd(0.005, 1)', 'loss: 0.244, 0.379 sec/epoch'),
        ('train_sgd(.4, 100)', 'loss: 0.244, 0.008 sec/epoch'),
        ('train_sgd(.05, 10)', 'loss: 0.243, 0.042 sec/epoch'),
        ("train_gluon_ch11('sgd', {'learning_rate': 0.05})", 'loss: 0.245, 0.038 sec/epoch'),
    ]:
        out.append(verdict(f"{call} prints '{line}'", f"{T}.4-11.5.5 printed output", None,
                           "needs the NASA airfoil data (first 1,500 rows, whitened) and the MXNet/Gluon training loop, neither available offline, and the seconds per epoch are machine-dependent; not reproduced"))
    return out
