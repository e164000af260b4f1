"""A corpus of symbolic calls whose answers must not depend on the machine's load (issue 22).

Run as a script, it prints one line per call: the call's name and the repr of
its answer (or the error's type and message).  tests/test_limits.py runs it in
fresh processes, idle and beside CPU-bound processes, with the outer clock guard
very high and low-but-sufficient, and compares the outputs byte for byte.
"""

from __future__ import annotations

import sys

import sympy as sp


def _calls():
    import symopt
    from symopt import Objective, rates, stability
    from symopt.core.parse import symbol

    def heavy_ball_three_variables():
        obj = Objective("x**2 + x*y + 3*y**2 + z**2 - y*z")
        x, y, z = obj.variables
        g = obj.gradient
        eta, beta = symbol("eta"), symbol("beta")
        px, py, pz = symbol("px"), symbol("py"), symbol("pz")
        rules = {x: x - eta * g[0] + beta * (x - px), y: y - eta * g[1] + beta * (y - py),
                 z: z - eta * g[2] + beta * (z - pz), px: x, py: y, pz: z}
        return stability.analyze(rules, [x, y, z, px, py, pz], params=[eta, beta])

    B = sp.Matrix([[1, -2, 3], [0, 2, -1], [3, 1, -3]])
    return [
        ("nesterov_joint_optimal", lambda: rates.nesterov_joint_optimal()),
        ("gd_quadratic_3x3", lambda: rates.gd_quadratic(B.T * B + sp.eye(3))),
        ("heavy_ball_3_variables", heavy_ball_three_variables),
        ("concave_harmonic", lambda: symopt.convexity("x*y*z/(x*y + y*z + x*z)", property="concave",
                                                      domain="x > 0, y > 0, z > 0")),
        ("convex_logsumexp", lambda: symopt.convexity("log(exp(x) + exp(y))")),
        ("not_convex_rosenbrock", lambda: symopt.convexity("(1 - x)**2 + 100*(y - x**2)**2")),
        ("critical_points_cubic", lambda: Objective("x**3 - 3*x + y**2").critical_points()),
        ("newton_rate_cosh", lambda: rates.newton(Objective("cosh(x) - 1"))),
        ("momentum_region", lambda: stability.region(
            stability.momentum_matrix(symbol("beta"), symbol("eta"), 4), [symbol("beta"), symbol("eta")])),
        ("pep_gd_worst_case", _pep_gd),
    ]


def _pep_gd():
    from symopt import pep

    return pep.worst_case(pep.gd("1/L"), pep.smooth_convex(1), N=2)


def main() -> int:
    for name, call in _calls():
        try:
            answer = repr(call())
        except Exception as exc:  # noqa: BLE001 - the answer is what it raised
            answer = f"{type(exc).__name__}: {exc}"
        sys.stdout.write(f"{name}: {answer}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
