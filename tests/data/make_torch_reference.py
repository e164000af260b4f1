"""Make tests/data/torch_reference.json: torch.optim trajectories that symopt's form="torch" must match.

Run with CPU torch (``pip install torch==2.13.0``):

    python tests/data/make_torch_reference.py

Each case runs ``torch.optim.<Optimizer>`` in float64 for 100 steps on an
objective written here in torch (gradients by torch's autograd, independent of
symopt) and stores the iterates.  The same objective is stored as symopt text.
"""

from __future__ import annotations

import json
import math
import pathlib


def objectives(torch):
    """name -> (symopt text, torch function of a 1-D tensor x)."""
    return {
        "ill_quadratic": ("0.1*x1**2 + 2*x2**2", lambda x: 0.1 * x[0] ** 2 + 2 * x[1] ** 2),
        "rosenbrock": ("(1 - x1)**2 + 10*(x2 - x1**2)**2", lambda x: (1 - x[0]) ** 2 + 10 * (x[1] - x[0] ** 2) ** 2),
        "logsumexp": (
            "log(exp(x1 + 2*x2) + exp(-x1) + exp(x2 - 1)) + x1**2/10",
            lambda x: torch.log(torch.exp(x[0] + 2 * x[1]) + torch.exp(-x[0]) + torch.exp(x[1] - 1)) + x[0] ** 2 / 10,
        ),
    }

CASES = [
    # (symopt method, torch class, symopt kwargs, torch kwargs)
    ("gd", "SGD", {"lr": 0.05}, {"lr": 0.05}),
    ("momentum", "SGD", {"lr": 0.02, "beta": 0.9}, {"lr": 0.02, "momentum": 0.9}),
    ("nesterov", "SGD", {"lr": 0.02, "beta": 0.9}, {"lr": 0.02, "momentum": 0.9, "nesterov": True}),
    ("adagrad", "Adagrad", {"lr": 0.3}, {"lr": 0.3}),
    ("adagrad", "Adagrad", {"lr": 0.3, "lr_decay": 0.01, "eps": 1e-8}, {"lr": 0.3, "lr_decay": 0.01, "eps": 1e-8}),
    ("rmsprop", "RMSprop", {"lr": 0.01}, {"lr": 0.01}),
    ("rmsprop", "RMSprop", {"lr": 0.02, "gamma": 0.9, "eps": 1e-6}, {"lr": 0.02, "alpha": 0.9, "eps": 1e-6}),
    ("adadelta", "Adadelta", {"lr": 1.0}, {"lr": 1.0}),
    ("adadelta", "Adadelta", {"lr": 0.5, "rho": 0.95}, {"lr": 0.5, "rho": 0.95}),
    ("adam", "Adam", {"lr": 0.05}, {"lr": 0.05}),
    ("adam", "Adam", {"lr": 0.1, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}, {"lr": 0.1, "betas": (0.8, 0.99), "eps": 1e-6}),
]

X0 = {"ill_quadratic": [-5.0, -2.0], "rosenbrock": [-1.2, 1.0], "logsumexp": [1.5, -0.5]}
STEPS = 100


def trajectory(torch, fn, x0, cls, kwargs, steps):
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, cls)([x], **kwargs)
    xs = [x.detach().clone().tolist()]
    for _ in range(steps):
        opt.zero_grad()
        fn(x).backward()
        opt.step()
        xs.append(x.detach().clone().tolist())
    return xs


def main() -> None:
    import torch  # only this script needs torch; the tests read the JSON it writes

    cases = []
    for obj_name, (text, fn) in objectives(torch).items():
        for method, cls, skw, tkw in CASES:
            xs = trajectory(torch, fn, X0[obj_name], cls, tkw, STEPS)
            if not all(math.isfinite(v) for row in xs for v in row):
                continue
            cases.append({
                "objective": text, "name": obj_name, "method": method, "kwargs": skw,
                "torch": {"class": cls, "kwargs": {k: list(v) if isinstance(v, tuple) else v for k, v in tkw.items()}},
                "x0": X0[obj_name], "steps": STEPS, "xs": xs,
            })
    out = {"torch_version": torch.__version__, "dtype": "float64", "cases": cases}
    path = pathlib.Path(__file__).with_name("torch_reference.json")
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    main()
