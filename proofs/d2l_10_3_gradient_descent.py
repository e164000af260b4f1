"""D2L 10.3 (seed 000): gradient descent, Newton's method, convergence analysis, preconditioning."""

from __future__ import annotations

import sympy as sp

import symopt
from symopt import optimizers as O
from symopt import rates
from symopt.claims import ClaimResult, verdict
from symopt.core.parse import symbol

T = "000"


def _printed(tr, printed: float, digits: int = 15) -> tuple[bool, str]:
    got = float(tr.x[0])
    ok = abs(got - printed) <= 10.0 ** (-digits) * max(1.0, abs(printed))
    return ok, f"symopt.optimizers reproduces x_10 = {got!r} (printed {printed!r})"


def claims() -> list[ClaimResult]:
    x, e, eta = symbol("x"), symbol("epsilon"), symbol("eta")
    out: list[ClaimResult] = []
    f = sp.Function("f")
    # (10.3.1)-(10.3.2) on concrete smooth test functions
    tests = [sp.cosh(x / 2), x * sp.cos(sp.Rational(3, 20) * sp.pi * x), sp.exp(x) + x**4]
    ok1 = all(sp.simplify(sp.series(g.subs(x, x + e) - g - e * sp.diff(g, x), e, 0, 2).removeO()) == 0
              for g in tests)
    out.append(verdict("f(x+eps) = f(x) + eps f'(x) + O(eps^2)", f"{T} §10.3.1 (10.3.1) f(x + ε) = f(x) + εf'(x) + O(ε²)",
                       ok1, "series in eps of f(x+eps)-f(x)-eps f'(x) has no eps^0, eps^1 term for cosh(x/2), x cos(cx), exp(x)+x^4"))
    ok2 = True
    for g in tests:
        gp = sp.diff(g, x)
        s = sp.series(g.subs(x, x - eta * gp), eta, 0, 3).removeO()
        ok2 &= sp.simplify(s - (g - eta * gp**2 + eta**2 * gp**2 * sp.diff(g, x, 2) / 2)) == 0
    out.append(verdict("f(x - eta f') = f(x) - eta f'^2 + O(eta^2 f'^2)", f"{T} §10.3.1 (10.3.2)", ok2,
                       "series in eta: f(x-eta f') = f - eta f'^2 + eta^2 f'^2 f''/2 + O(eta^3) on three test functions; the eta^2 term is f'^2 f''/2 = O(eta^2 f'^2)"))
    # printed traces
    quad = symopt.Objective("x**2")
    for lr, printed in [(0.2, 0.06046617599999997), (0.05, 3.4867844009999995), (1.1, 61.917364224000096)]:
        tr = O.gd(quad, [10], lr=lr, steps=10)
        ok, ev = _printed(tr, printed)
        exact = 10 * (1 - 2 * sp.Rational(str(lr))) ** 10
        ok &= abs(float(exact) - printed) < 1e-12 * max(1, printed)
        out.append(verdict(f"GD on x^2 from 10 with eta={lr}: epoch 10, x = {printed}",
                           f"{T} §10.3.1 printed output of gd({lr})", ok, ev + f"; exact x_10 = 10(1-2eta)^10 = {exact}"))
    r = rates.gd_quadratic(sp.Matrix([[2]]))
    out.append(verdict("eta = 1.1 overshoots and diverges on x^2 (eta = 0.2, 0.05 converge)", f"{T} §10.3.1.1",
                       (sp.Rational(11, 10) not in r.stable_range) and sp.Rational(1, 5) in r.stable_range and sp.Rational(1, 20) in r.stable_range,
                       f"rates.gd_quadratic([[2]]): stable iff eta in {r.stable_range}; |1-2*1.1| = 6/5 > 1"))
    c = sp.Rational(3, 20) * sp.pi
    g = x * sp.cos(c * x)
    gp = sp.diff(g, x)
    ok = sp.simplify(gp - (sp.cos(c * x) - c * x * sp.sin(c * x))) == 0
    out.append(verdict("gradf(x) = cos(cx) - c x sin(cx) for f = x cos(cx)", f"{T} §10.3.1.2 code gradf", ok, f"sympy: d/dx x cos(cx) = {gp}"))
    tr = O.gd(symopt.Objective("x*cos(0.15*pi*x)"), [10], lr=2, steps=10)
    ok, ev = _printed(tr, -1.528165927635083)
    out.append(verdict("GD on x cos(0.15 pi x), eta=2: epoch 10, x = -1.528165927635083", f"{T} §10.3.1.2 printed output", ok, ev))
    signs = [sp.sign(gp.subs(x, k * sp.pi / c)) for k in range(8)]
    ok = signs == [(-1) ** k for k in range(8)]
    out.append(verdict("x cos(cx) has infinitely many local minima", f"{T} §10.3.1.2", ok,
                       f"f'(k pi/c) = cos(k pi) = (-1)^k (checked k=0..7: {signs}): f' goes - to + in every ((2k+1)pi/c, (2k+2)pi/c), a local minimum in each"))
    two = symopt.Objective("x1**2 + 2*x2**2")
    x1, x2 = two.variables
    out.append(verdict("grad(x1^2 + 2 x2^2) = [2x1, 4x2]", f"{T} §10.3.2", two.gradient == sp.Matrix([2 * x1, 4 * x2]),
                       f"Objective.gradient = {list(two.gradient)}"))
    tr = O.gd(two, [-5, -2], lr=0.1, steps=20)
    ok = abs(tr.x[0] + 0.057646) < 5e-7 and abs(tr.x[1] + 0.000073) < 5e-7
    out.append(verdict("GD eta=0.1 on x1^2+2x2^2 from [-5,-2]: epoch 20, x1 -0.057646, x2 -0.000073", f"{T} §10.3.2 printed output",
                       ok, f"symopt.optimizers.gd: x_20 = {tr.x.tolist()}; exact -5*0.8^20 = {float(-5*sp.Rational(4,5)**20):.6f}, -2*0.6^20 = {float(-2*sp.Rational(3,5)**20):.6f}"))
    # (10.3.7) Newton / second order Taylor
    y = symbol("y")
    t = symbol("t")
    h = sp.exp(x) * sp.sin(y) + x**3 * y
    hobj = symopt.Objective(h)
    u = sp.Matrix([sp.Rational(1, 3), -2])
    p = {x: sp.Rational(1, 2), y: 1}
    lhs = sp.series(h.subs({x: p[x] + t * u[0], y: p[y] + t * u[1]}), t, 0, 3).removeO()
    rhs = hobj.value_at(p) + t * (u.T * hobj.gradient_at(p))[0] + t**2 * (u.T * hobj.hessian_at(p) * u)[0] / 2
    out.append(verdict("second-order Taylor expansion with the Hessian nabla nabla^T f", f"{T} §10.3.3.1 (10.3.7)",
                       sp.simplify(lhs - rhs) == 0, "series of exp(x) sin(y) + x^3 y along x0 + t u to t^2 equals f + t u'g + t^2 u'Hu/2"))
    gv, Hm = sp.Matrix(sp.symbols("g1 g2", real=True)), sp.Matrix(2, 2, sp.symbols("a b b d", real=True))
    ev_ = sp.Matrix(sp.symbols("e1 e2", real=True))
    model = (ev_.T * gv)[0] + (ev_.T * Hm * ev_)[0] / 2
    sol = sp.solve([sp.diff(model, s) for s in ev_], list(ev_), dict=True)[0]
    ok = sp.simplify(sp.Matrix([sol[s] for s in ev_]) + Hm.inv() * gv) == sp.zeros(2, 1)
    out.append(verdict("grad f + H eps = 0 hence eps = -H^{-1} grad f", f"{T} §10.3.3.1 (10.3.8)", ok,
                       "solving d/d eps (eps'g + eps'H eps/2) = 0 for symmetric 2x2 H gives eps = -H^{-1} g"))
    half = symopt.Objective("x**2/2")
    step = -(half.hessian.inv() * half.gradient)[0]
    out.append(verdict("for f = x^2/2: grad = x, H = 1, eps = -x: one Newton step reaches 0", f"{T} §10.3.3.1",
                       half.gradient[0] == x and half.hessian[0] == 1 and sp.simplify(x + step) == 0, f"eps = {step}"))
    for expr, lr, printed, where in [("cosh(x/2)", 1, 0.0, "newton() on cosh(0.5x)"),
                                     ("x*cos(0.15*pi*x)", 1, 26.83413291324767, "newton() on x cos(cx)"),
                                     ("x*cos(0.15*pi*x)", 0.5, 7.269860168684531, "newton(0.5) on x cos(cx)")]:
        tr = O.newton(symopt.Objective(expr), [10], lr=lr, steps=10)
        ok, ev = _printed(tr, printed)
        out.append(verdict(f"{where}: epoch 10, x = {printed}", f"{T} §10.3.3.1 printed output", ok, ev))
    fp, fpp = sp.symbols("fp fpp", real=True)
    slope = sp.simplify(fp * (-fp / fpp))
    out.append(verdict("with f'' < 0 the Newton step walks towards increasing f", f"{T} §10.3.3.1",
                       sp.ask(sp.Q.positive(slope), sp.Q.negative(fpp) & sp.Q.nonzero(fp)),
                       f"slope along the Newton step -f'/f'' is {slope} > 0 when f'' < 0"))
    # convergence analysis
    ek, xs = symbol("e_k"), symbol("x_k")
    F = x**3 / 6 + x**2 / 2  # convex near 0, x* = 0, f''' = 1
    d1, d2, d3 = (sp.diff(F, x, k) for k in (1, 2, 3))
    exp_ok = sp.expand(d1.subs(x, xs - ek) - (d1.subs(x, xs) - ek * d2.subs(x, xs) + ek**2 * d3 / 2)) == 0
    out.append(verdict("0 = f'(x_k - e_k) = f'(x_k) - e_k f''(x_k) + e_k^2 f'''(xi)/2", f"{T} §10.3.3.2 (10.3.9)", exp_ok,
                       "Taylor with Lagrange remainder; exact identity for f = x^3/6 + x^2/2 (f''' = 1 constant)"))
    lhs = (ek - d1 / d2).subs(x, 1).subs(ek, 1)
    printed_rhs = (ek**2 * d3 / 2 / d1).subs(x, 1).subs(ek, 1)
    right_rhs = (ek**2 * d3 / 2 / d2).subs(x, 1).subs(ek, 1)
    out.append(verdict("e_k - f'(x_k)/f''(x_k) = e_k^2 f'''(xi_k) / (2 f'(x_k))", f"{T} §10.3.3.2 (10.3.10) ½ e_k² f'''(ξ_k)/f'(x_k)",
                       sp.simplify(lhs - printed_rhs) == 0,
                       f"f = x^3/6 + x^2/2, x* = 0, x_k = e_k = 1: LHS = {lhs}, printed RHS = {printed_rhs}, with f'' in the denominator: {right_rhs}",
                       corrected="e_k - f'(x_k)/f''(x_k) = e_k^2 f'''(xi_k) / (2 f''(x_k)) (divide (10.3.9) by f''(x_k), as the text says)"))
    e_next = sp.simplify((xs - d1 / d2).subs(x, xs)).subs(xs, 10)
    bound = (ek**2 * d3 / d1).subs(x, 10).subs(ek, 10)
    out.append(verdict("Newton: e_{k+1} <= e_k^2 f'''(xi_k)/f'(x_k)", f"{T} §10.3.3.2 e_{{k+1}} ≤ e_k² f'''(ξ_k)/f'(x_k)",
                       bool(e_next <= bound),
                       f"f = x^3/6 + x^2/2, x_k = 10: e_(k+1) = {e_next} = {float(e_next):.3f} > printed bound {bound} = {float(bound):.3f}",
                       corrected="e_{k+1} = e_k^2 f'''(xi_k) / (2 f''(x_k)), so e_{k+1} <= (c/2) e_k^2 where |f'''/f''| <= c"))
    nr = rates.newton(symopt.Objective(F), at={x: 0})
    out.append(verdict("optimization researchers call e_{k+1} <= c e_k^2 'linear' convergence", f"{T} §10.3.3.2", nr.order == 1,
                       f"rates.newton(x^3/6 + x^2/2, at x=0): order {nr.order}, constant {nr.constant}: the error is squared each step",
                       corrected="e_{k+1} <= c e_k^2 is quadratic convergence (order 2); e_{k+1} <= alpha e_k with alpha < 1 is linear convergence"))
    # preconditioning
    pre = symopt.Objective("(x1 - 1)**2 + 2*x2**2")
    a1, a2 = pre.variables
    D = sp.diag(*[pre.hessian[i, i] for i in range(2)])
    pt = sp.Matrix([3, 5])
    with_grad = pt - D.inv() * pre.gradient_at({a1: 3, a2: 5})
    with_x = pt - D.inv() * pt
    out.append(verdict("preconditioned update x <- x - eta diag(H_f)^{-1} grad x", f"{T} §10.3.3.3 (10.3.11) ∇x",
                       sp.simplify(with_x - with_grad) == sp.zeros(2, 1),
                       f"f = (x1-1)^2 + 2x2^2 from (3,5), eta = 1: with grad f(x) the step lands at {list(with_grad)} (the minimiser); with the printed 'grad x' (=x) at {list(with_x)}",
                       corrected="x <- x - eta diag(H_f)^{-1} grad f(x)"))
    mm = symopt.Objective("(a/1000)**2 + (1000*b)**2")
    kap = mm.condition_number({"a": 0, "b": 0})
    Dm = sp.diag(*[mm.hessian[i, i] for i in range(2)])
    Hp = Dm.inv() ** sp.Rational(1, 2) * mm.hessian * Dm.inv() ** sp.Rational(1, 2)
    out.append(verdict("mm vs km parametrisation is badly conditioned; diagonal preconditioning removes it", f"{T} §10.3.3.3",
                       kap == 10**12 and Hp == sp.eye(2),
                       f"f = (a/1000)^2 + (1000 b)^2: condition number {kap}; diag(H)^(-1/2) H diag(H)^(-1/2) = I"))
    out += _code_as_printed()
    return out


# The two GD functions of 10.3.1 and 10.3.2 as the text prints them (indentation restored, print lines left out),
# and the same functions with the update line each one needs.
_GD_1D_PRINTED = """
def gd(eta):
    x = 10
    results = [x]
    for i in range(10):
        results.append(x)
    return results
"""
_GD_1D_INTENDED = _GD_1D_PRINTED.replace("        results.append(x)", "        x -= eta * gradf(x)\n        results.append(x)")
_GD_2D_PRINTED = """
def gd(x1, x2, s1, s2):
    return (x1 -eta * g1, x2 -eta * g2, 0, 0) # update variables
"""
_GD_2D_INTENDED = _GD_2D_PRINTED.replace("    return", "    (g1, g2) = gradf(x1, x2)\n    return")


def _run_printed(code: str, call: str, env: dict) -> tuple[object, str]:
    """Run a code block of the text (our transcription, not user input) and evaluate ``call``."""
    ns = dict(env)
    try:
        exec(compile(code, "d2l_10_3", "exec"), ns)
        return eval(compile(call, "d2l_10_3", "eval"), ns), ""
    except NameError as exc:
        return None, f"NameError: {exc}"


def _code_as_printed() -> list[ClaimResult]:
    env1 = {"gradf": lambda x: 2 * x}
    got_p, err_p = _run_printed(_GD_1D_PRINTED, "gd(0.2)[-1]", env1)
    got_i, _ = _run_printed(_GD_1D_INTENDED, "gd(0.2)[-1]", env1)
    env2 = {"gradf": lambda a, b: (2 * a, 4 * b), "eta": 0.1}
    train = "[(lambda st: [st := gd(*st) for _ in range(20)][-1])((-5, -2, 0, 0))][0][:2]"
    got2_p, err2_p = _run_printed(_GD_2D_PRINTED, train, env2)
    got2_i, _ = _run_printed(_GD_2D_INTENDED, train, env2)
    printed1, printed2 = 0.06046617599999997, (-0.057646, -0.000073)
    ok_i = abs(got_i - printed1) < 1e-15 and all(abs(a - b) < 5e-7 for a, b in zip(got2_i, printed2))
    return [verdict("the printed code of gd(eta) (10.3.1) and gd(x1, x2, s1, s2) (10.3.2) produces the printed outputs",
                    f"{T} §10.3.1-10.3.2 code as printed", got_p == printed1 and got2_p == printed2,
                    f"as printed: gd(0.2) ends at x = {got_p} (the loop never updates x); the 2-D gd raises {err2_p or got2_p}; "
                    f"with the missing lines the code gives x = {got_i!r} and (x1, x2) = ({got2_i[0]:.6f}, {got2_i[1]:.6f}), "
                    f"the printed outputs (so the outputs came from the intended code) [{err_p or 'no error'} in the 1-D code]",
                    corrected="insert `x -= eta * gradf(x)` before `results.append(x)` in gd(eta), and "
                    "`(g1, g2) = gradf(x1, x2)` before the return in gd(x1, x2, s1, s2)")]
