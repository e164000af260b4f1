"""D2L 11.2 (seed 001): convex sets and functions, Jensen, local minima, Hessian test, projections."""

from __future__ import annotations

import numpy as np
import sympy as sp

import symopt
from symopt import projections
from symopt.claims import ClaimResult, fair_verdict, verdict
from symopt.core.parse import symbol

T = "001 §11.2"


def _conv(expr: str) -> str:
    return symopt.convexity(symopt.Objective(expr)).status


def claims() -> list[ClaimResult]:
    x, y, lam = symbol("x"), symbol("y"), symbol("lambda")
    out: list[ClaimResult] = []
    st = {name: _conv(e) for name, e in [("f", "x**2/2"), ("g", "cos(pi*x)"), ("h", "exp(x/2)")]}
    out.append(verdict("0.5x^2 and exp(0.5x) are convex, cos(pi x) is not", f"{T}.1 Functions (code f, g, h)",
                       st == {"f": "proved", "g": "refuted", "h": "proved"}, f"symopt.convexity verdicts: {st}"))
    a, b, t = sp.symbols("a b t", real=True)
    fj = sp.exp(x)
    alphas, pts = [sp.Rational(1, 5), sp.Rational(3, 10), sp.Rational(1, 2)], [-2, 0, 3]
    lhs = sum(al * fj.subs(x, p) for al, p in zip(alphas, pts))
    rhs = fj.subs(x, sum(al * p for al, p in zip(alphas, pts)))
    out.append(verdict("Jensen: sum_i alpha_i f(x_i) >= f(sum_i alpha_i x_i)", f"{T}.1 (11.2.3)", bool(sp.N(lhs - rhs) >= 0),
                       f"exp at x=(-2,0,3), alpha=(1/5,3/10,1/2): {sp.N(lhs, 6)} >= {sp.N(rhs, 6)}; in general by induction on (11.2.2)"))
    # (11.2.4): -log convex -> E[-log P(x|y)] >= -log E[P(x|y)] = -log P(x)
    p_y = [sp.Rational(1, 4), sp.Rational(3, 4)]
    p_xy = [sp.Rational(1, 2), sp.Rational(1, 10)]
    e_l = sum(py * -sp.log(pxy) for py, pxy in zip(p_y, p_xy))
    px = sum(py * pxy for py, pxy in zip(p_y, p_xy))
    out.append(verdict("E_y[-log P(x|y)] >= -log P(x)", f"{T}.1 (11.2.4)", bool(sp.N(e_l + sp.log(px)) >= 0) and sp.diff(-sp.log(x), x, 2) == x**-2,
                       f"-log is convex on x > 0 ((-log)'' = 1/x^2 > 0); example P(y)=(1/4,3/4), P(x|y)=(1/2,1/10): {sp.N(e_l, 6)} >= {sp.N(-sp.log(px), 6)}"))
    # (11.2.5) and the sentence before it
    fx, fxp = sp.symbols("f_x f_xp", real=True)
    expr = fx - (lam * fx + (1 - lam) * fxp)
    out.append(verdict("f(x) > lambda f(x) + (1-lambda) f(x') for lambda in [0,1) when f(x') < f(x)", f"{T}.2 (11.2.5)",
                       sp.factor(expr) == (1 - lam) * (fx - fxp) or sp.simplify(expr - (1 - lam) * (fx - fxp)) == 0,
                       "f(x) - [lambda f(x) + (1-lambda) f(x')] = (1-lambda)(f(x) - f(x')) > 0"))
    q = x**2
    mid = q.subs(x, sp.Rational(1, 2))
    out.append(verdict("by convexity the values on the segment lambda x + (1-lambda) x' are less than f(x')", f"{T}.2 No Local Minima",
                       bool(mid < q.subs(x, 0)),
                       f"f = x^2, x = 1, x' = 0 (f(x') < f(x)): at lambda = 1/2, f(1/2) = {mid} > f(x') = 0",
                       corrected="the values on the segment (lambda in [0,1)) are less than f(x) (they are <= lambda f(x) + (1-lambda) f(x') < f(x)), which contradicts x being a local minimum"))
    cp = symopt.Objective("x**2").critical_points()[0]
    # the intended reading: a convex f has no local minimum that is not global; checked on convex examples whose
    # critical points symopt certifies, each local minimum compared with the certified global minimum value
    nonglobal = []
    for e_ in ("x**2", "exp(x) + x**2", "cosh(x) - x", "x**4 + x**2 - x"):
        ob = symopt.Objective(e_)
        mins = [c for c in ob.critical_points() if c.kind == "minimum"]
        vals = [ob.value_at([c.point[ob.variables[0]]]) for c in mins]
        nonglobal += [v for v in vals if sp.N(v - min(vals)) > 0]
    out.append(fair_verdict("convex functions do not have local minima", f"{T}.2 No Local Minima",
                            intended=not nonglobal and _conv("x**2") == "proved",
                            literal=cp.kind != "minimum",
                            reading="no local minima other than global ones: the proof that follows assumes 'x is only a local minimum', "
                            "i.e. some x' has f(x') < f(x), and derives a contradiction",
                            evidence=f"taken literally false: x^2 is convex ({_conv('x**2')}) with the local minimum {cp.point} ({cp.kind}); "
                            "as meant true: (11.2.5) shows f(lambda x + (1-lambda) x') < f(x) arbitrarily close to x; certified critical points of "
                            "x^2, exp(x) + x^2, cosh(x) - x, x^4 + x^2 - x: every local minimum is global",
                            sharper="every local minimum of a convex function is a global minimum"))
    cub = symopt.Objective("(x + 1)*(x - 1)**2")
    kinds = {str(c.point[cub.variables[0]]): c.kind for c in cub.critical_points()}
    out.append(verdict("(x+1)(x-1)^2 has a local minimum at x = 1 that is not global", f"{T}.2 No Local Minima",
                       kinds.get("1") == "minimum" and cub.value_at([-2]) < cub.value_at([1]),
                       f"critical points {kinds}; f(-2) = {cub.value_at([-2])} < f(1) = 0"))
    m = sp.Max(sp.Abs(x) - 1, 0)
    vals = {v: m.subs(x, v) for v in (-1, -sp.Rational(1, 2), 0, 1, 2)}
    out.append(verdict("max(|x|-1, 0) attains its minimum on all of [-1, 1]", f"{T}.2 No Local Minima",
                       all(vals[v] == 0 for v in (-1, -sp.Rational(1, 2), 0, 1)) and vals[2] > 0 and sp.solve(sp.Abs(x) - 1 < 0, x) != [],
                       f"f = 0 on [-1,1] (|x|-1 <= 0), f > 0 outside: {vals}"))
    out.append(verdict("exp(x) does not attain its infimum 0", f"{T}.2 No Local Minima",
                       sp.limit(sp.exp(x), x, -sp.oo) == 0 and sp.solveset(sp.exp(x), x, sp.S.Reals) == sp.S.EmptySet,
                       "lim_{x->-oo} exp(x) = 0 and exp(x) = 0 has no real solution"))
    g2 = sp.Rational(1, 2) * x**2 + sp.cos(2 * sp.pi * y)
    code = x**2 + sp.Rational(1, 2) * sp.cos(2 * sp.pi * y)
    out.append(verdict("the plotted function is f(x, y) = 0.5x^2 + cos(2 pi y)", f"{T}.2 Convex Functions and Sets",
                       sp.simplify(g2 - code) == 0,
                       f"the code plots z = x**2 + 0.5*cos(2*pi*y); the difference is {sp.simplify(g2 - code)}; both are nonconvex ({_conv('x**2/2 + cos(2*pi*y)')}, {_conv('x**2 + cos(2*pi*y)/2')})",
                       corrected="the figure shows f(x, y) = x^2 + 0.5 cos(2 pi y) (also nonconvex, with nonconvex sublevel sets)"))
    n = symopt.Objective("(x1**2 + x2**2 + x3**2)/2")
    out.append(verdict("f = ||x||^2/2 has Hessian I, hence convex", f"{T}.2 Derivatives and Convexity",
                       n.hessian == sp.eye(3) and _conv("(x1**2 + x2**2 + x3**2)/2") == "proved", "Objective.hessian = I_3; symopt.convexity proved"))
    h = symopt.Objective("exp(x) + x*y**2 + y**4")
    v1, v2, z = sp.symbols("v1 v2 z", real=True)
    gz = h.expr.subs({h.variables[0]: 1 + z * v1, h.variables[1]: 2 + z * v2})
    vv = sp.Matrix([v1, v2])
    gp_ok = sp.simplify(sp.diff(gz, z).subs(z, 0) - (h.gradient_at([1, 2]).T * vv)[0]) == 0
    gpp_ok = sp.simplify(sp.diff(gz, z, 2).subs(z, 0) - (vv.T * h.hessian_at([1, 2]) * vv)[0]) == 0
    out.append(verdict("g(z) = f(x + z v): g' = grad f' v and g'' = v' H v", f"{T}.2 Derivatives and Convexity", gp_ok and gpp_ok,
                       "checked symbolically in v for f = exp(x) + x y^2 + y^4 at (1, 2)"))
    eps = symbol("epsilon")
    lim = sp.limit((sp.exp(x + eps) + sp.exp(x - eps) - 2 * sp.exp(x)) / eps**2, eps, 0)
    out.append(verdict("f''(x) = lim (f(x+eps) + f(x-eps) - 2f(x))/eps^2", f"{T}.2 (11.2.8)", sp.simplify(lim - sp.exp(x)) == 0,
                       f"for f = exp: the limit is {lim} = f''(x)"))
    aa, xx, bb, fa, fb = sp.symbols("a x b fa fb", real=True)
    diff = (bb - xx) * fb + (xx - aa) * fa - (bb - aa) * fa
    out.append(verdict("(b-x) f'(beta) + (x-a) f'(alpha) >= (b-a) f'(alpha) when f'(beta) >= f'(alpha)", f"{T}.2 (11.2.10)",
                       sp.factor(diff) in ((bb - xx) * (fb - fa), -(bb - xx) * (fa - fb)) or sp.simplify(diff - (bb - xx) * (fb - fa)) == 0,
                       "difference = (b-x)(f'(beta) - f'(alpha)) >= 0 since b > x and f' is monotone"))
    X = np.array([[3.0, 4.0], [0.3, 0.4], [-6.0, 8.0]])
    clip = X * np.minimum(1.0, 2.0 / np.linalg.norm(X, axis=1))[:, None]
    proj = projections.l2_ball(X, 2.0)
    out.append(verdict("gradient clipping g * min(1, c/||g||) is the projection onto the ball of radius c", f"{T}.3 (11.2.13)",
                       bool(np.allclose(clip, proj, atol=1e-12)), f"c = 2: clip = {clip.tolist()} equals projections.l2_ball"))
    w = np.array([[0.8, -0.5, 0.1]])
    pl1 = projections.l1_ball(w, 1.0)
    out.append(verdict("projection on the l1 ball need not keep the direction (the diamond)", f"{T}.3 Projections / Fig. 11.2.4",
                       not np.allclose(pl1 / np.linalg.norm(pl1), w / np.linalg.norm(w)),
                       f"Proj_l1({w[0].tolist()}) = {np.round(pl1[0], 6).tolist()}, not parallel; Proj_l2 is parallel"))
    return out
