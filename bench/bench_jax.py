"""The optional JAX backend: compiled gradient on 10^5 points, n = 10, vs hand-written ``jax.jit(jax.vmap(jax.grad(f)))``.

symopt: ``Objective(text).compile(backend="jax").grad(X)``: the symbolic gradient
printed as ``jax.numpy`` code, one jitted function over the whole batch.
Peer: the same objective written by hand in ``jax.numpy``, differentiated by
``jax.grad``, vectorised by ``jax.vmap`` and jitted.  Both get the same JAX
array ``X`` (100000, 10) on JAX's default device in JAX's default float type
(float32 unless x64 is enabled; ``--x64`` enables it), are compiled before timing,
and are timed to ``block_until_ready``.  Outputs are checked equal first.
Target: within 2x of the peer.  The device is recorded (CPU when no GPU is present).

Skipped (exit 0, with a note in the JSON) when JAX is not installed.

Run: ``python bench/bench_jax.py [--points 100000] [--repeat 30] [--x64]``
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

sys.path.insert(0, __import__("os").path.dirname(__file__))
from _common import best_of, table, write_results  # noqa: E402

from bench_gradient_numpy import COEF, COUPLED, N, ROSENBROCK  # noqa: E402

TARGET = 2.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--x64", action="store_true", help="enable float64 in JAX")
    args = ap.parse_args(argv)
    try:
        import jax
        import jax.numpy as jnp
    except ImportError:
        print("JAX is not installed (pip install 'symopt-toolkit[jax]'): skipped")
        write_results("jax", [], {"skipped": "jax is not installed"})
        return 0
    if args.x64:
        jax.config.update("jax_enable_x64", True)
    from symopt import Objective

    coef = jnp.asarray(COEF)

    def rosenbrock(x):
        return jnp.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)

    def coupled(x):
        return jnp.sum(coef * x**2) + jnp.sum(x[:-1] * x[1:] / 2) + jnp.sum(jnp.log(1 + x**2))

    X = jnp.asarray(np.random.default_rng(0).normal(size=(args.points, N)))
    device = str(X.devices().pop()) if hasattr(X, "devices") else str(jax.devices()[0])
    rows = []
    for name, text, fn in (("rosenbrock", ROSENBROCK, rosenbrock), ("coupled quadratic + log", COUPLED, coupled)):
        hand = jax.jit(jax.vmap(jax.grad(fn)))
        f = Objective(text).compile(backend="jax")
        want, got = hand(X).block_until_ready(), f.grad(X).block_until_ready()
        tol = 1e-10 if X.dtype == jnp.float64 else 1e-4
        np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=tol, atol=tol * 100)
        t_hand = best_of(lambda: hand(X).block_until_ready(), repeat=args.repeat)
        t_symopt = best_of(lambda: f.grad(X).block_until_ready(), repeat=args.repeat)
        rows.append(
            {
                "objective": name,
                "points": args.points,
                "dtype": str(X.dtype),
                "device": device,
                "hand_jax_s": t_hand,
                "symopt_jax_s": t_symopt,
                "ratio": t_symopt / t_hand,
                "within_target": t_symopt / t_hand <= TARGET,
            }
        )
    print(table(rows, ["objective", "device", "dtype", "hand_jax_s", "symopt_jax_s", "ratio", "within_target"]))
    print(f"ratio = symopt / hand-written jax.jit(jax.vmap(jax.grad(f))) (target <= {TARGET})")
    write_results("jax", rows, {"target_ratio": TARGET, "jax_version": jax.__version__, "device": device})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
