"""D2L 11.3 (seed 001): the chapter-11 version of gradient descent, Newton, convergence, preconditioning, line search."""

from __future__ import annotations

import sympy as sp

import symopt
from symopt import optimizers as O
from symopt import rates
from symopt.claims import ClaimResult, verdict
from symopt.core.parse import symbol

T = "001 §11.3"


def _x(tr) -> float:
    return float(tr.x[0])


def claims() -> list[ClaimResult]:
    x, eta = symbol("x"), symbol("eta")
    out: list[ClaimResult] = []
    quad = symopt.Objective("x**2")
    for lr, printed in [(0.2, 0.06046617599999997), (0.05, 3.4867844009999995), (1.1, 61.917364224000096)]:
        got = _x(O.gd(quad, [10], lr=lr, steps=10))
        out.append(verdict(f"gd({lr}) on x^2: epoch 10, x: {printed}", f"{T}.1 printed output", abs(got - printed) < 1e-15 * max(1, printed),
                           f"symopt.optimizers.gd: {got!r}; exact 10(1-2eta)^10 = {sp.N(10 * (1 - 2 * sp.Rational(str(lr))) ** 10, 17)}"))
    g = x**2 * sp.Rational(1, 1)
    gp = sp.diff(g, x)
    third = sp.expand(g.subs(x, x - eta * gp) - (g - eta * gp**2))
    out.append(verdict("the neglected Taylor term is O(eta^2 f''(x))", f"{T}.1 Learning Rate 'the term O(η² f''(x)) in (11.3.1)'",
                       sp.simplify(third - eta**2 * sp.diff(g, x, 2)) == 0,
                       f"for f = x^2 the remainder f(x - eta f') - f + eta f'^2 = {third} = eta^2 f'^2 f''/2, which is not O(eta^2 f''(x)) (x large)",
                       corrected="the term is O(eta^2 f'(x)^2) in (11.3.2) (it equals eta^2 f'(x)^2 f''(xi)/2)"))
    got = _x(O.gd(symopt.Objective("x*cos(0.15*pi*x)"), [10], lr=2, steps=10))
    out.append(verdict("gd(2) on x cos(0.15 pi x): epoch 10, x: -1.528165927635083", f"{T}.1 Local Minima printed output",
                       abs(got + 1.528165927635083) < 1e-14, f"symopt.optimizers.gd: {got!r}"))
    tr = O.gd(symopt.Objective("x1**2 + 2*x2**2"), [-5, -2], lr=0.1, steps=20)
    out.append(verdict("train_2d(gd), eta = 0.1: epoch 20, x1 -0.057646, x2 -0.000073", f"{T}.2 printed output",
                       f"{tr.x[0]:f} {tr.x[1]:f}" == "-0.057646 -0.000073", f"symopt.optimizers.gd printed with %f: {tr.x[0]:f}, {tr.x[1]:f}"))
    for expr, lr, printed in [("cosh(x/2)", 1, 0.0), ("x*cos(0.15*pi*x)", 1, 26.83413291324767), ("x*cos(0.15*pi*x)", 0.5, 7.269860168684531)]:
        got = _x(O.newton(symopt.Objective(expr), [10], lr=lr, steps=10))
        out.append(verdict(f"Newton (eta={lr}) on {expr} from 10: epoch 10, x: {printed}", f"{T}.3 Newton's Method printed output",
                           abs(got - printed) < 1e-13 * max(1, printed), f"symopt.optimizers.newton: {got!r}"))
    c = sp.Rational(3, 20) * sp.pi
    f = x * sp.cos(c * x)
    h_code = -2 * c * sp.sin(c * x) - x * c**2 * sp.cos(c * x)
    out.append(verdict("hessf(x) = -2c sin(cx) - x c^2 cos(cx) for x cos(cx)", f"{T}.3 code hessf", sp.simplify(sp.diff(f, x, 2) - h_code) == 0,
                       f"sympy f'' = {sp.diff(f, x, 2)}"))
    F = x**3 / 6 + x**2 / 2
    xk = 10
    d1, d2 = sp.diff(F, x), sp.diff(F, x, 2)
    e_next = xk - (d1 / d2).subs(x, xk)
    printed_bound = (xk**2 * 1 / d1.subs(x, xk))
    out.append(verdict("e_{k+1} <= e_k^2 f'''(xi_k)/f'(x_k)", f"{T}.3 Convergence Analysis (after (11.3.10))", bool(e_next <= printed_bound),
                       f"f = x^3/6 + x^2/2 (x* = 0, f''' = 1), x_k = 10: e_(k+1) = {e_next} > {printed_bound}",
                       corrected="e_{k+1} = e_k^2 f'''(xi_k) / (2 f''(x_k)) by (11.3.10); with |f'''/f''| <= c, e_{k+1} <= (c/2) e_k^2"))
    lhs = (1 - d1 / d2).subs(x, 1)
    out.append(verdict("(11.3.10): e_k - f'(x_k)/f''(x_k) = e_k^2 f'''(xi_k)/(2 f''(x_k))", f"{T}.3 (11.3.10)",
                       sp.simplify(lhs - sp.Rational(1, 2) / d2.subs(x, 1)) == 0,
                       f"f = x^3/6 + x^2/2, x_k = e_k = 1: both sides = {lhs} (f''' = 1 constant, so xi plays no role)"))
    nr = rates.newton(symopt.Objective(F), at={x: 0})
    out.append(verdict("e_{k+1} <= c e_k^2 is what optimisation researchers call linear convergence", f"{T}.3 Convergence Analysis",
                       nr.order == 1,
                       f"rates.newton(x^3/6 + x^2/2, at 0): order {nr.order} (constant {nr.constant}); e_(k+1) <= alpha e_k is order 1",
                       corrected="e_{k+1} <= c e_k^2 is quadratic convergence; e_{k+1} <= alpha e_k (alpha < 1) is linear convergence"))
    pre = symopt.Objective("(x1 - 1)**2 + 2*x2**2")
    D = sp.diag(*[pre.hessian[i, i] for i in range(2)])
    p0 = sp.Matrix([3, 5])
    right = p0 - D.inv() * pre.gradient_at([3, 5])
    printed = p0 - D.inv() * p0
    out.append(verdict("x <- x - eta diag(H_f)^{-1} grad x", f"{T}.3 (11.3.11)", right == printed,
                       f"f = (x1-1)^2 + 2 x2^2, x = (3,5), eta=1: with grad f the step gives {list(right)} (the minimiser), reading grad x as x gives {list(printed)}",
                       corrected="x <- x - eta diag(H_f)^{-1} grad f(x)"))
    ls = O.line_search(symopt.Objective("x1**2 + 2*x2**2"), [-5, -2], steps=20)
    gd = O.gd(symopt.Objective("x1**2 + 2*x2**2"), [-5, -2], lr=0.1, steps=20)
    out.append(verdict("GD with line search converges faster than fixed-step GD", f"{T}.3 Gradient Descent with Line Search",
                       float(ls.values[-1]) < float(gd.values[-1]),
                       f"x1^2 + 2x2^2 from (-5,-2), 20 steps: line search f = {float(ls.values[-1]):.3e}, GD(eta=0.1) f = {float(gd.values[-1]):.3e}"))
    return out
