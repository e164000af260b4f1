"""``symopt newton``, ``stability``, ``rate``, ``converge`` and ``order``: presentation only.

The derivations live in :mod:`symopt.theory`; this
module parses arguments, calls them and prints text or JSON.  Heavy imports
happen inside the handlers so that ``symopt --help`` stays fast.
"""

from __future__ import annotations

import argparse
import functools
import json
import pathlib
import re
from typing import Any

__all__ = ["register", "tour_section"]


_PY_TO_CLI = ((re.compile(r"variable='([^']*)'"), r"--var \1"), (re.compile(r"\bat=\.\.\."), "--at ..."),
              (re.compile(r"\bpreconditioner=\.\.\."), "--preconditioner ..."),
              (re.compile(r"\bvalues=\.\.\."), "--values ..."), (re.compile(r"\bverdict\(\)"), "--values ..."))


def _cli_terms(text: str) -> str:
    """A library sentence in command-line terms (``variable='x'`` -> ``--var x``, ``at=...`` -> ``--at ...``)."""
    for pattern, repl in _PY_TO_CLI:
        text = pattern.sub(repl, text)
    return text


def _in_cli_terms(handler: Any) -> Any:
    """Errors raised by the library name Python keywords; the command line names its options."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        from ..errors import SymoptError

        try:
            return handler(args)
        except SymoptError as exc:
            if exc.args and isinstance(exc.args[0], str) and type(exc).__str__ is BaseException.__str__:
                exc.args = (_cli_terms(exc.args[0]),) + tuple(exc.args[1:])
            raise

    return run


def register(subparsers: Any) -> None:
    """Add ``newton``, ``stability`` and ``rate`` to the command line."""
    n = subparsers.add_parser(
        "newton",
        help="order and constant of Newton's method at each critical point",
        description="Derive the Newton map's order p and constant C (|e_{k+1}| ~ C |e_k|^p) at each "
        "critical point (or at --at) by series expansion, cross-checked with mpmath iterates.",
    )
    n.add_argument("expr", help='the objective, e.g. "cosh(x/2)"')
    n.add_argument("--vars", help="variables, comma-separated")
    n.add_argument("--at", help='a critical point, e.g. "x=0"; decimals ("x=0.739") or an interval '
                   '("x=[0.73, 0.74]"): a unique critical point is certified there (Krawczyk) and shown')
    n.add_argument("--eta", default="1", help="step size of damped Newton (default 1)")
    n.add_argument("--no-check", action="store_true", help="skip the mpmath cross-check")
    n.add_argument("--box", help='with --at at a minimum: certified ball of quadratic convergence inside this box, '
                   'e.g. --box="-1 <= x <= 1, -1 <= y <= 1" (with =, since it starts with -)')
    n.add_argument("--json", action="store_true", help="print one JSON object")
    n.set_defaults(handler=_run_newton)

    s = subparsers.add_parser(
        "stability",
        help="iteration matrix, eigenvalues and exact stability region of an update rule",
        description='Linearise an update rule (lines separated by ";", run in order like code), e.g. '
        '"v = beta*v + lambda*x; x = x - eta*v", and derive its iteration matrix, characteristic '
        "polynomial, eigenvalues and exact stability region (Jury / Schur-Cohn).",
    )
    s.add_argument("rule", help="the update rule")
    s.add_argument("--state", required=True, help="state variables, comma-separated, e.g. x,v")
    s.add_argument("--params", help="parameters, comma-separated (default: every other symbol)")
    s.add_argument("--at", help='the fixed point, e.g. "x=0,v=0" (default: the origin)')
    s.add_argument("--simultaneous", action="store_true", help="right-hand sides all use the old state")
    s.add_argument("--values", help='decide stability at parameter values, e.g. "eta=0.6,beta=0.5,lambda=4"')
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.set_defaults(handler=_run_stability)

    r = subparsers.add_parser(
        "rate",
        help="gradient descent's rates on a quadratic: stable steps, optimal step, rate, condition number",
        description="For f = 1/2 x^T A x + b^T x + c: per-direction contraction |1 - eta*lambda_i|, the exact "
        "stable range of eta, the optimal eta = 2/(lambda_min + lambda_max) and the rate (kappa-1)/(kappa+1).",
    )
    r.add_argument("expr", help='a quadratic, e.g. "x1**2 + 2*x2**2"')
    r.add_argument("--vars", help="variables, comma-separated")
    r.add_argument("--eta", help="also give the rate at this step size")
    r.add_argument("--assume", help='relations between symbolic entries, e.g. --assume="0 < mu <= L" '
                   "(with =, since it may start with a digit or -)")
    r.add_argument("--json", action="store_true", help="print one JSON object")
    r.set_defaults(handler=_run_rate)

    c = subparsers.add_parser(
        "converge",
        help="stability region and optimal hyper-parameters of a method (gd, heavy_ball, nesterov, ...) on an objective",
        description="Linearise a method on the objective at its certified minimisers (or --at): iteration matrix "
        "from the Hessian there, the exact region in the hyper-parameters (Jury / Schur-Cohn per factor of the "
        "characteristic polynomial, simplified) and the derived optimal hyper-parameters with their rate. "
        "Methods: gd, heavy_ball, momentum, nesterov, nesterov_torch, rmsprop, adam (frozen preconditioner d), "
        'or rule with --rule "v = beta*v + grad(x); x = x - eta*v" --state x,v.',
    )
    c.add_argument("method", help="gd, heavy_ball, momentum, nesterov, nesterov_torch, rmsprop, adam or rule")
    c.add_argument("expr", help='the objective, e.g. "x**2 + 10*y**2"')
    c.add_argument("--vars", help="variables, comma-separated")
    c.add_argument("--params", help="symbols of the objective that are parameters (stay symbolic), e.g. a")
    c.add_argument("--at", help='the fixed point x*, e.g. "x=0,y=0" (default: every certified minimiser); decimals '
                   'or intervals ("x=[0.73, 0.74]"): a unique critical point is certified there (Krawczyk)')
    c.add_argument("--rule", help='with method "rule": the update in vector form, grad(p) = gradient at p')
    c.add_argument("--state", help="with method rule: the state names, including x (the position)")
    c.add_argument("--preconditioner", help='rmsprop/adam: the frozen diagonal d, e.g. "1,1/10" (default symbolic)')
    c.add_argument("--values", help='decide stability at hyper-parameter values, e.g. "eta=0.1,beta=0.5"')
    c.add_argument("--assume", help='relations between the objective\'s parameters, e.g. --assume="0 < mu < L" '
                   "(with =): the tunings then come out as formulas")
    c.add_argument("--data", help='a data objective\'s arrays: "data.npz" (arrays by name) or "X=x.csv,y=y.npy" '
                   '(.npy, or text read by numpy.loadtxt: .csv/.txt/.dat); the method is then tuned with the '
                   'certified mu and L of the objective for these data, e.g. converge gd '
                   '"mean(logistic(y*(X@w))) + lam/2*norm(w)**2" --data d.npz --params lam=1/10')
    c.add_argument("--json", action="store_true", help="print one JSON object")
    c.set_defaults(handler=_run_converge)

    o = subparsers.add_parser(
        "order",
        help="order and asymptotic constant of an iteration x <- F(x) at a fixed point",
        description="Expand the error map F(x* + e) - x* exactly; its first non-zero Taylor coefficient c e^p "
        "gives |e_(k+1)| ~ |c| |e_k|^p. Cross-checked with mpmath iterates.",
    )
    o.add_argument("rule", help='the iteration, e.g. "x = x - (x**2 - 2)/(2*x)"')
    o.add_argument("--at", required=True, help='the fixed point, e.g. "x=sqrt(2)"; a decimal such as 0.739085 '
                   'or an interval "x=[0.7, 0.8]": a unique fixed point is certified there (Krawczyk) and shown')
    o.add_argument("--var", help="the variable when the rule is a bare expression with several symbols")
    o.add_argument("--no-check", action="store_true", help="skip the mpmath cross-check")
    o.add_argument("--json", action="store_true", help="print one JSON object")
    o.set_defaults(handler=_run_order)


# ---------------------------------------------------------------------------- newton


@_in_cli_terms
def _run_newton(args: argparse.Namespace) -> int:
    from ..core.objective import Objective
    from ..theory import newton_rate

    obj = Objective(args.expr, variables=args.vars)
    result = newton_rate(obj, at=args.at, eta=args.eta, check=not args.no_check)
    results = [result] if hasattr(result, "order") else list(result)
    ball = None
    if args.box:
        if not args.at:
            from ..errors import UnsupportedError

            raise UnsupportedError("--box needs --at (the minimum around which the ball is certified)")
        from ..theory import newton_region

        ball = newton_region(obj, args.at, _box(args.box))
    if args.json:
        out = {"objective": str(obj.expr), "variables": [v.name for v in obj.variables],
               "eta": args.eta, "points": [r.to_dict() for r in results]}
        if ball is not None:
            out["quadratic_convergence_ball"] = {"mu": ball.mu, "M": ball.M, "radius": ball.radius,
                                                 "certified": ball.certified}
        print(json.dumps(out, indent=2))
        return 0
    print(f"Newton's method on f = {obj.expr}  (step eta = {args.eta})")
    if not results:
        print("no critical points found")
    for r in results:
        where = ", ".join(f"{k} = {_short(v)}" for k, v in r.point.items())
        kind = f" [{r.kind}]" if r.kind else ""
        print(f"\nat {where}{kind}")
        if r.order is None:
            print(f"  order: undecided ({r.note})")
            continue
        name = {1: "linear", 2: "quadratic", 3: "cubic"}.get(r.order, f"order {r.order}")
        print(f"  order {r.order} ({name}), constant C = {_short(r.constant)}   |e_(k+1)| ~ C |e_k|^{r.order}")
        if r.leading_term is not None and not isinstance(r.leading_term, tuple):
            print(f"  error map: e -> {_short(r.leading_term)} + ...")
        if r.empirical_order is not None:
            print(f"  mpmath check: observed order {r.empirical_order:.4f}, constant {r.empirical_constant:.6g}")
        print(f"  {_cli_terms(r.note)}")
    if ball is not None:
        print(f"\ncertified: |x0 - x*| < {ball.radius:.6g} = 2 mu/(3 M) with mu = {ball.mu:.6g} (smallest Hessian "
              f"eigenvalue at x*), M = {ball.M:.6g} (Hessian Lipschitz bound on the box) gives "
              "|e_(k+1)| <= M |e_k|^2 / (2 (mu - M |e_k|))")
    return 0


def _box(text: str) -> dict:
    from ..errors import DomainError
    from ..core.parse import parse_relations

    bounds: dict = {}
    for rel in parse_relations(text):
        if not rel.lhs.is_Symbol or rel.rhs.free_symbols:
            raise DomainError(f"box conditions must bound one variable by a number, got {rel}")
        lo, hi = bounds.get(rel.lhs, (None, None))
        if rel.rel_op in (">", ">="):
            lo = rel.rhs
        else:
            hi = rel.rhs
        bounds[rel.lhs] = (lo, hi)
    for v, (lo, hi) in bounds.items():
        if lo is None or hi is None:
            raise DomainError(f"the box needs a lower and an upper bound for {v}")
    return bounds


def _short(value: Any) -> str:
    text = str(value)
    try:
        import sympy as sp

        from ..theory import certified_decimals

        v = sp.sympify(value)
        if v.is_number and not v.is_Rational:
            dec = None if isinstance(v, sp.Float) else certified_decimals(v, 12)
            shown = f"{dec}... (certified digits)" if dec else f"{float(v):.10g}"
            text = f"{text} ~ {shown}" if len(text) < 40 else (f"{shown}; exact: {text}" if dec else shown)
    except (TypeError, ValueError, AttributeError):
        pass
    return text


# ------------------------------------------------------------------------- stability


@_in_cli_terms
def _run_stability(args: argparse.Namespace) -> int:
    from ..core.parse import parse_assignments
    import sympy as sp

    from ..exact.schur import spectral_radius
    from ..theory import rule_stability, stability_verdict

    report = rule_stability(args.rule, args.state, params=args.params, at=args.at, simultaneous=args.simultaneous)
    verdict = None
    if args.values:
        values = parse_assignments(args.values)
        v = stability_verdict(report.matrix, values, linear=report.linear)
        status = {"proved": "stable", "unknown": "unknown"}.get(v.status) or (
            "unstable" if not isinstance(v.witness, sp.Poly)
            else "not exponentially stable (converges to a fixed subspace)" if v.converges
            else "not exponentially stable (does not converge from every start)")
        reason = v.reason
        rho = None
        try:
            rho = spectral_radius(report.matrix, values)
        except Exception:  # noqa: BLE001 - the numeric radius is informative only
            rho = None
        verdict = {"values": {k.name: str(v) for k, v in values.items()}, "status": status, "reason": reason,
                   "spectral_radius": rho}
    if args.json:
        out = report.to_dict()
        if verdict is not None:
            out["verdict"] = verdict
        print(json.dumps(out, indent=2))
        return 0
    st = ", ".join(s.name for s in report.map.state)
    print(f"update map of ({st}), linearised at {', '.join(f'{k}={v}' for k, v in report.fixed_point.items())}")
    for s, img in zip(report.map.state, report.map.images):
        print(f"  {s} -> {img}")
    print("iteration matrix:")
    for i in range(report.matrix.rows):
        print("  [" + ", ".join(str(e) for e in report.matrix.row(i)) + "]")
    print("characteristic polynomial: " + ("UNKNOWN (see the note)" if report.charpoly is None
                                           else str(report.charpoly.as_expr())))
    if report.eigenvalues is not None:
        print("eigenvalues: " + "; ".join(str(e) for e in report.eigenvalues))
    else:
        print("eigenvalues: not in closed form")
    print("stable (spectral radius < 1) exactly when:")
    for c in report.conditions:
        print(f"  {c.relation}    [{c.origin}]")
    print("region: " + ("UNKNOWN (see the note)" if report.region is None else str(report.region)))
    if verdict is not None:
        rho = verdict["spectral_radius"]
        extra = f" (spectral radius ~ {rho:.6g})" if rho is not None else ""
        print(f"at {args.values}: {verdict['status']}{extra}: {verdict['reason']}")
    print(f"note: {report.note}")
    return 0


# ------------------------------------------------------------------------------ rate


@_in_cli_terms
def _run_rate(args: argparse.Namespace) -> int:
    from ..theory import gd_quadratic, quadratic_matrix

    A, b = quadratic_matrix(args.expr, variables=args.vars)
    r = gd_quadratic(A, assume=args.assume)
    at_eta = None
    if args.eta is not None:
        from ..core.parse import parse

        eta = parse(args.eta)
        at_eta = {"eta": str(eta), "rate": str(r.rate(eta)), "iterations_1e-6": r.iterations(eta, 1e-6)}
    if args.json:
        out = r.to_dict()
        out["b"] = [str(v) for v in b]
        if at_eta is not None:
            out["at_eta"] = at_eta
        print(json.dumps(out, indent=2))
        return 0
    print(f"gradient descent on f = {args.expr}  (f = 1/2 x^T A x + b^T x + c)")
    print("A = " + str(A.tolist()))
    print("eigenvalues: " + ", ".join(_short(e) for e in r.eigenvalues))
    print("contraction per eigendirection: " + ", ".join(str(c) for c in r.contractions))
    print(f"stable when {r.stable_condition}")
    if r.stable_range is not None:
        print(f"stable range of eta: {r.stable_range}")
    if r.optimal_eta is not None:
        print(f"optimal eta = 2/(lambda_min + lambda_max) = {_short(r.optimal_eta)}")
        print(f"rate at the optimum = (kappa-1)/(kappa+1) = {_short(r.optimal_rate)}")
        print(f"condition number kappa = {_short(r.condition_number)}")
    if at_eta is not None:
        print(f"at eta = {at_eta['eta']}: rate {at_eta['rate']}, steps for 1e-6: {at_eta['iterations_1e-6']}")
    print(f"note: {r.note}")
    return 0


# -------------------------------------------------------------------------- converge


@_in_cli_terms
def _run_converge(args: argparse.Namespace) -> int:
    from ..core.objective import Objective
    from ..core.parse import parse_assignments
    from ..theory import MethodStability, method_stability

    if args.data:
        return _converge_on_data(args)
    obj = Objective(args.expr, variables=args.vars, params=args.params)
    pre = None
    if args.preconditioner:
        from ..core.parse import parse

        pieces = [parse(p) for p in _top_level_pieces(args.preconditioner)]
        pre = pieces[0] if len(pieces) == 1 else pieces
    method = "rule" if args.rule else args.method
    if method == "rule" and not (args.rule and args.state):
        from ..errors import UnsupportedError

        raise UnsupportedError('converge rule needs the update and its state: --rule "x = x - eta*grad(x)" '
                               "--state x (the state names, including the position x)")
    res = method_stability(method, obj, at=args.at, rule=args.rule, state=args.state, preconditioner=pre,
                           assume=args.assume)
    results = [res] if isinstance(res, MethodStability) else list(res)
    values = parse_assignments(args.values) if args.values else None
    verdicts = []
    for r in results:
        if values is not None:
            v = r.verdict(values)
            verdicts.append({"values": {k.name: str(x) for k, x in values.items()}, "status": v.status,
                             "property": v.property, "reason": v.reason,
                             "witness": None if v.witness is None else str(v.witness)})
        else:
            verdicts.append(None)
    if args.json:
        out = {"objective": str(obj.expr), "variables": [v.name for v in obj.variables], "method": method,
               "complete": getattr(res, "complete", None), "status": getattr(res, "status", None), "results": []}
        for r, v in zip(results, verdicts):
            d = r.to_dict()
            if v is not None:
                d["verdict"] = v
            out["results"].append(d)
        print(json.dumps(out, indent=2))
        return 0
    if not results:
        print("no certified minimiser found")
    for r, v in zip(results, verdicts):
        where = ", ".join(f"{k} = {_short(x)}" for k, x in r.point.items())
        print(f"{r.description}\non f = {r.objective} at {where}" + (f" [{r.kind}]" if r.kind else ""))
        print("Hessian there: " + str(r.hessian.tolist())
              + (f", eigenvalues {', '.join(_short(e) for e in r.hessian_eigenvalues)}" if r.hessian_eigenvalues
                 else ""))
        print("iteration matrix:")
        for i in range(r.matrix.rows):
            print("  [" + ", ".join(str(e) for e in r.matrix.row(i)) + "]")
        print("characteristic polynomial = " + " * ".join(f"({f.as_expr()})" for f in r.factors))
        print("stable (spectral radius < 1) exactly when: " + ("UNKNOWN (see the note)" if r.region is None
                                                                else str(r.region)))
        for label, t in r.tunings.items():
            if t["rate"] is None:
                print(f"optimal ({label}): UNKNOWN: {t.get('unknown', 'not derived')}")
                continue
            ps = ", ".join(f"{k} = {_short(x)}" for k, x in t["params"].items())
            print(f"optimal ({label}): {ps}; rate {_short(t['rate'])}"
                  + ("" if t.get("checked") is None else "  [mpmath spectral radius agrees]" if t["checked"]
                     else "  [mpmath spectral radius DISAGREES]"))
        if v is not None:
            print(f"at {args.values}: exponentially stable: {v['status']}: {v['reason']}")
        print(f"note: {_cli_terms(r.note)}\n")
    return 0


_DATA_TUNINGS = {"gd": "gd_optimal", "heavy_ball": "heavy_ball_optimal", "momentum": "heavy_ball_optimal",
                 "nesterov": "nesterov_optimal", "nesterov_joint": "nesterov_joint_optimal"}


def _load_arrays(spec: str) -> dict:
    """``{name: array}`` from ``"file.npz"`` or ``"X=x.csv,y=y.npy"`` (never pickles)."""
    import numpy as np

    from ..errors import ParameterError

    def load(path: str) -> Any:
        p = pathlib.Path(path)
        if not p.is_file():
            raise ParameterError(f"--data: no file {path!r}")
        if p.suffix == ".npy":
            return np.load(p, allow_pickle=False)
        try:
            return np.loadtxt(p, delimiter="," if p.suffix == ".csv" else None)
        except ValueError as exc:
            raise ParameterError(f"--data: {path!r} is not a numeric table ({exc})") from None

    spec = spec.strip()
    if "=" not in spec:
        if not spec.endswith(".npz") or not pathlib.Path(spec).is_file():
            raise ParameterError(f"--data: give an existing .npz file or name=path pairs, got {spec!r}")
        with np.load(spec, allow_pickle=False) as z:
            return {k: z[k] for k in z.files}
    out = {}
    for piece in spec.split(","):
        name, _, path = piece.partition("=")
        if not name.strip().isidentifier() or not path.strip():
            raise ParameterError(f"--data: {piece!r} is not name=path")
        out[name.strip()] = load(path.strip())
    return out


def _converge_on_data(args: argparse.Namespace) -> int:
    """``converge`` on a data objective: the method tuned with the certified mu and L for these data."""
    from ..core.parse import parse_assignments
    from ..data import DataObjective, constants
    from ..errors import UnsupportedError
    from .. import theory

    method = args.method.replace("-", "_")
    if method not in _DATA_TUNINGS:
        raise UnsupportedError(f"with --data the methods are {', '.join(_DATA_TUNINGS)}; got {args.method!r}")
    params = {k.name: v for k, v in parse_assignments(args.params).items()} if args.params else {}
    obj = DataObjective(args.expr, data=_load_arrays(args.data), params=params)
    c = constants(obj)
    out: dict = {"objective": args.expr, "method": method, "mu": c.mu.to_dict(), "L": c.L.to_dict()}
    tuning = None
    if c.L.status != "certified":
        out["tuning"] = {"status": "unknown", "reason": f"no certified L ({c.L.attained or c.L.status})"}
    elif c.mu.status != "certified" or not c.mu.value > 0:
        out["tuning"] = {"status": "unknown", "reason": "mu is not certified positive: the objective is not shown "
                         "strongly convex for these data, and these tunings need 0 < mu <= L"}
    else:
        tuning = getattr(theory, _DATA_TUNINGS[method])().at({"mu": c.mu.value, "L": c.L.value})
        out["tuning"] = {"status": "derived", **tuning.to_dict(),
                         "rate_float": float(tuning.rate), "params_float": {k: float(v) for k, v in
                                                                           tuning.params.items()}}
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    rows = sorted({obj.rows(t) for t in obj.loss_terms})
    print(f"{method} on f(w) = {args.expr} for the given data ({', '.join(map(str, rows))} samples, {obj.d} weights)")
    for k in (c.mu, c.L):
        shown = "" if k.value is None else f" = {float(k.value):.10g}"
        print(f"  {k.name}: {k.status}{shown} ({k.bound}; {k.attained})")
    if tuning is None:
        print(f"  optimal parameters: UNKNOWN: {out['tuning']['reason']}")
        return 0
    ps = ", ".join(f"{k} = {float(v):.10g}" for k, v in tuning.params.items())
    print(f"  optimal ({tuning.method}, derived for eigenvalues in [mu, L]): {ps}")
    print(f"  worst-case linear rate {float(tuning.rate):.10g} per step (kappa = {float(c.L.value / c.mu.value):.6g})")
    if tuning.caveat:
        print(f"  note: {tuning.caveat}")
    return 0


def _top_level_pieces(text: str) -> list[str]:
    """``text`` split at commas outside parentheses (``"1, max(1, 2)"`` -> ``["1", "max(1, 2)"]``)."""
    pieces, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch in "([" and 1 or ch in ")]" and -1 or 0
        if ch == "," and depth == 0:
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return [q.strip() for q in pieces]


# ----------------------------------------------------------------------------- order


@_in_cli_terms
def _run_order(args: argparse.Namespace) -> int:
    from ..theory import iteration_order

    r = iteration_order(args.rule, at=args.at, variable=args.var, check=not args.no_check)
    if args.json:
        print(json.dumps(r.to_dict(), indent=2))
        return 0
    where = ", ".join(f"{k} = {_short(v)}" for k, v in r.point.items())
    print(f"iteration {args.rule} at {where}")
    if r.order is None:
        print(f"  order: undecided ({r.note})")
        return 0
    name = {1: "linear", 2: "quadratic", 3: "cubic"}.get(r.order, "superlinear" if r.order > 1 else "sublinear")
    name += "" if r.order == 1 or r.constant is not None else "; no asymptotic constant"
    const = "" if r.constant is None else f", constant C = {_short(r.constant)}   |e_(k+1)| ~ C |e_k|^({r.order})"
    print(f"  order {_short(r.order)} ({name}){const}")
    if r.empirical_order is not None:
        seen = "" if r.empirical_constant is None else f", constant {r.empirical_constant:.6g}"
        print(f"  mpmath check: observed order {r.empirical_order:.4f}{seen}")
    print(f"  {r.note}")
    return 0


# ------------------------------------------------------------------------------ tour


def tour_section(outdir: pathlib.Path) -> str:
    """Convergence theory in a few lines, with the momentum stability map saved as PNG."""
    import sympy as sp

    from ..exact.schur import region
    from ..theory import gd_quadratic, momentum_matrix, newton_rate, stability_map

    lines = ["Convergence theory"]
    r = gd_quadratic("0.1*x1**2 + 2*x2**2")
    lines.append(f"  GD on 0.1*x1^2 + 2*x2^2: stable eta in {r.stable_range}, optimal eta {r.optimal_eta}, "
                 f"rate {r.optimal_rate}, kappa {r.condition_number}")
    nr = newton_rate("cosh(x/2)", at="x=0", check=False)
    lines.append(f"  Newton on cosh(x/2) at 0: order {nr.order}, constant {nr.constant} ({nr.note})")
    b, e, l = sp.symbols("beta eta lambda", real=True)
    R = momentum_matrix(b, e, l)
    lines.append(f"  momentum R(beta, eta, lambda) = {R.tolist()}; stable iff {region(R)}")
    try:
        fig = stability_map(R, "eta", "beta", (0.0, 5.0), (-1.2, 1.2), values={"lambda": 1}, resolution=81)
        path = pathlib.Path(outdir) / "momentum_stability.png"
        fig.savefig(path, dpi=100)
        lines.append(f"  stability map (lambda = 1): {path}")
    except Exception as exc:  # noqa: BLE001 - the figure is optional in the tour
        lines.append(f"  (stability map not drawn: {type(exc).__name__})")
    return "\n".join(lines)
