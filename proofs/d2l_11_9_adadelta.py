"""D2L 11.9 (seed 001): Adadelta."""

from __future__ import annotations

import difflib
import math

import sympy as sp

from symopt.claims import ClaimResult, proof_helper, verdict
from symopt.core.parse import symbol

T = "001 §11.9"


def _step(x: float, s: float, d: float, rule: str, rho: float = 0.9, eps: float = 1e-5) -> tuple[float, float, float]:
    g = 2 * x  # f = x^2
    s = rho * s + (1 - rho) * g * g
    gp = math.sqrt((d + eps) / (s + eps)) * g
    x = x - gp
    d = rho * d + (1 - rho) * (x * x if rule == "printed" else gp * gp)
    return x, s, d


def claims() -> list[ClaimResult]:
    out: list[ClaimResult] = []
    run = {}
    for rule in ("printed", "code"):
        st = (10.0, 0.0, 0.0)
        for _ in range(2):
            st = _step(*st, rule=rule)
        run[rule] = st
    out.append(verdict("Delta x_t = rho Delta x_{t-1} + (1 - rho) x_t^2", f"{T}.1 (11.9.1) last line",
                       abs(run["printed"][2] - run["code"][2]) < 1e-12,
                       f"f = x^2 from x = 10, two steps: Delta x with x_t^2 = {run['printed'][2]:.6g}, with the rescaled gradient g'_t^2 (the section's code and Zeiler 2012) = {run['code'][2]:.6g}; the x-based rule also changes under a shift of coordinates",
                       corrected="Delta x_t = rho Delta x_{t-1} + (1 - rho) g'_t^2 (the square of the update), as in the implementation"))
    rho, eps, eta = symbol("rho"), symbol("epsilon"), symbol("eta")
    s, d, g = sp.symbols("s d g", real=True)
    rule = [rho * s + (1 - rho) * g**2, sp.sqrt((d + eps) / (s + eps)) * g]
    syms = set().union(*[r.free_symbols for r in rule])
    out.append(verdict("'As before eta is a parameter ... typically eta = 10^-5'", f"{T}.1 after (11.9.1)", eta in syms,
                       f"the symbols of (11.9.1) are {sorted(map(str, syms))}: no eta; the code sets eps = 1e-5",
                       corrected="epsilon (not eta) ensures nontrivial numerical results; typically epsilon = 1e-5 (the code's eps)"))
    half = math.log(2) / math.log(1 / 0.9)
    out.append(verdict("rho = 0.9 amounts to a half-life time of 10", f"{T}.2", abs(half - 10) < 0.5,
                       f"rho^j = 1/2 at j = ln 2/ln(1/0.9) = {half:.3f}; 10 = 1/(1 - rho) is the effective window",
                       corrected="rho = 0.9 gives a half-life of ln 2 / ln(10/9) = 6.58 updates (an effective window of 1/(1 - rho) = 10)"))
    # MXNet's optimizer factory (mxnet/optimizer/optimizer.py, 1.x): Optimizer.register files each class under
    # klass.__name__.lower(); create_optimizer(name) looks name.lower() up there, else ValueError("Cannot find optimizer").
    mx_classes = ("AdaDelta", "AdaGrad", "Adam", "Adamax", "DCASGD", "FTML", "Ftrl", "LBSGD", "NAG", "Nadam", "RMSProp",
                  "SGD", "SGLD", "Signum", "ccSGD")  # apache/mxnet docs/python_docs/.../mxnet.optimizer.rst
    registry = {c.lower() for c in mx_classes}
    near = difflib.get_close_matches("adadelata", sorted(registry), n=1)
    out.append(verdict("train_gluon_ch11('adadelata', {'rho': 0.9}, data_iter) runs Gluon's Adadelta", f"{T}.2 code 'adadelata'",
                       "adadelata" in registry,
                       f"MXNet registers optimizers as klass.__name__.lower(): {sorted(registry)}; 'adadelata' is not among them "
                       f"(create_optimizer raises ValueError); the nearest name is {near}",
                       corrected="d2l.train_gluon_ch11('adadelta', {'rho': 0.9}, data_iter); the from-scratch names "
                       "adadelata / init_adadelata_states are consistent and run, but the Trainer needs 'adadelta'"))
    A = proof_helper("airfoil")  # the printed airfoil losses, in distribution (seeded re-runs of the text's loop)
    for call, printed, rule, hyper in [
        ("train_ch11(adadelata, {'rho': 0.9})", 0.245, 'adadelta', {'rho': 0.9}),
        ("train_gluon_ch11('adadelta', {'rho': 0.9}) (printed as 'adadelata')", 0.243, 'gluon:adadelta', {'rho': 0.9}),
    ]:
        out.append(A.loss_claim(call, printed, rule, hyper, 10, f"{T}.2 printed output"))
    return out
