"""``symopt analyze`` and ``symopt tour``: presentation only (the derivations live in the library)."""

from __future__ import annotations

import argparse
import json
import math
import pathlib
from typing import Any

__all__ = ["register", "analysis_to_json", "format_analysis"]


def register(subparsers: Any) -> None:
    """Add ``analyze`` and ``tour`` to the command line."""
    p = subparsers.add_parser(
        "analyze",
        help="gradient, Hessian, critical points, local model and convexity of an objective",
        description="Derive gradient, Hessian, critical points (with kinds), the Taylor model and "
        "condition number at --at, and the convexity verdict.",
    )
    p.add_argument("expr", help='the objective, e.g. "x1**2 + 2*x2**2"')
    p.add_argument("--vars", help="variables, comma-separated (default: all symbols that are not --params)")
    p.add_argument("--params", help="symbolic parameters, comma-separated")
    p.add_argument("--at", help='a point for the Taylor model, e.g. "x=1,y=2"')
    p.add_argument("--order", type=int, default=2, help="order of the Taylor model (default 2)")
    p.add_argument("--no-convexity", action="store_true", help="skip the convexity verdict")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=_run_analyze)

    t = subparsers.add_parser("tour", help="a guided tour: the texts' objectives analysed, with a figure")
    t.add_argument("--out", default="tour.png", help="where to write the figure (PNG)")
    t.set_defaults(handler=_run_tour)


# ---------------------------------------------------------------------------- analyze


def _run_analyze(args: argparse.Namespace) -> int:
    from ..analysis import analyze

    report = analyze(
        args.expr, variables=args.vars, params=args.params, at=args.at, order=args.order, convexity=not args.no_convexity
    )
    if args.json:
        print(json.dumps(analysis_to_json(report), indent=2))
    else:
        print(format_analysis(report))
    return 0


def _text(value: Any) -> str:
    try:
        return str(value)
    except TypeError:  # SymPy's printer compares a nan coefficient ("Invalid NaN comparison")
        import sympy as sp

        return sp.srepr(value)


def _approx(value: Any) -> float | None:
    try:
        import sympy as sp

        v = sp.sympify(value)
        if v.free_symbols:
            return None
        re, im = v.evalf(17).as_real_imag()
        return float(re) if abs(im) < 1e-12 * max(1.0, abs(float(re))) else None
    except (TypeError, ValueError, AttributeError):
        return None


def _enclosure_json(cp: Any) -> dict | None:
    enc = getattr(cp, "enclosure", None)
    if enc is None:
        return None
    return {v.name: [str(lo), str(hi)] for v, (lo, hi) in zip(cp.point, enc)}


def _box_json(box: Any) -> list | None:
    return None if box is None else [[float(lo), float(hi)] for lo, hi in box]


def _minimum_json(gm: Any) -> dict | None:
    if gm is None:
        return None
    def coords(m: dict) -> dict:
        return {v.name: ([str(a), str(b)] if isinstance(val, tuple) else _text(val)) for v, (val) in m.items()
                for a, b in [val if isinstance(val, tuple) else (None, None)]}

    return {
        "status": gm.status,
        "domain": gm.domain,
        "lower": None if gm.lower is None else str(gm.lower),
        "upper": None if gm.upper is None else str(gm.upper),
        "lower_approx": None if gm.lower is None else float(gm.lower),
        "upper_approx": None if gm.upper is None else float(gm.upper),
        "minimisers": [coords(m) for m in gm.minimisers],
        "proof": gm.proof,
        "reason": gm.reason,
    }


def _coordinate_text(val: Any, lo_hi: Any, numeric: bool) -> str:
    """Exact values exactly (3, -sqrt(2)/2); algebraic (CRootOf) and interval-certified
    values by their certified digits."""
    import sympy as sp

    if getattr(val, "is_Rational", False):
        return str(val)
    approx = _approx(val)
    digits = ""
    if lo_hi is not None:
        lo, hi = lo_hi
        width = float(hi - lo)
        mag = max(abs(float(lo)), abs(float(hi)), 1e-300)
        sig = 15 if width == 0 else max(1, min(15, int(-math.log10(max(width / mag, 1e-16)))))
        digits = f"{float((lo + hi) / 2):.{sig}g}"
    elif approx is not None:
        digits = f"{approx:.6g}"
    if numeric or isinstance(val, sp.CRootOf) or not digits:
        return f"≈ {digits}" if digits else str(val)
    return f"{val} ≈ {digits}"


def analysis_to_json(report: Any) -> dict:
    """The analysis as one JSON-ready dict (DESIGN's keys, plus a few more)."""
    obj = report.objective
    points = []
    for cp in report.critical_points:
        points.append(
            {
                "point": {v.name: _text(val) for v, val in cp.point.items()},
                "approx": {v.name: _approx(val) for v, val in cp.point.items()},
                "kind": cp.kind,
                "numeric": cp.numeric,
                "eigenvalues": list(cp.eigenvalues),
                "reason": cp.reason,
                "enclosure": _enclosure_json(cp),
            }
        )
    data: dict[str, Any] = {
        "expr": _text(obj.expr),
        "variables": [v.name for v in obj.variables],
        "params": [p.name for p in obj.params],
        "gradient": [_text(g) for g in report.gradient],
        "hessian": [[_text(h) for h in row] for row in report.hessian.tolist()],
        "critical_points": points,
        "critical_points_complete": report.critical_points.complete,
        "critical_points_note": report.critical_points.note,
        "critical_points_status": report.critical_points.status_text,
        "critical_points_box": _box_json(report.critical_points.box),
        "critical_points_components": [str(c.equation) for c in report.critical_points.components],
        "critical_points_undecided": len(report.critical_points.undecided),
        "global_minimum": _minimum_json(getattr(report, "global_minimum", None)),
        "convexity": report.convexity.to_json() if report.convexity is not None else None,
        "notes": list(report.notes),
    }
    if report.at is not None:
        data["at"] = {v.name: _text(val) for v, val in report.at.items()}
        data["taylor"] = _text(report.taylor)
        data["condition_number"] = _text(report.condition_number) if report.condition_number is not None else None
        data["condition_number_approx"] = _approx(report.condition_number) if report.condition_number is not None else None
    return data


def _pretty(expr: Any) -> str:
    import sympy as sp

    entries = list(expr) if isinstance(expr, sp.MatrixBase) else [expr]
    nodes = 0
    for entry in entries:
        for _ in sp.preorder_traversal(entry):
            nodes += 1
            if nodes > _PRETTY_NODES:  # 2-D layout of a huge Hessian took a minute: plain text instead
                return sp.sstr(expr, order="none")
    return sp.pretty(expr, use_unicode=True, wrap_line=False)


_PRETTY_NODES = 20_000


def _beside(label: str, expr: Any) -> str:
    """``label`` on the baseline of ``expr``'s 2-D layout (``f(x, y) =`` beside the fraction bar)."""
    text = _pretty(expr)
    lines = text.splitlines()
    if len(lines) <= 1:
        return label + text
    from sympy.printing.pretty.pretty import PrettyPrinter

    try:
        baseline = PrettyPrinter({"use_unicode": True, "wrap_line": False})._print(expr).baseline
    except Exception:  # the plain-text fallback of a huge expression has no layout
        baseline = 0
    pad = " " * len(label)
    return "\n".join((label if i == baseline else pad) + line for i, line in enumerate(lines))


def _indent(block: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line for line in block.splitlines())


def _minimum_text(gm: Any) -> str:
    if gm.status == "unbounded":
        return f"global minimum: none, inf f = -oo ({gm.proof})"
    if gm.status != "certified":
        return f"global minimum: unknown ({gm.reason})"
    if gm.lower == gm.upper:
        value = f"min f = {gm.lower}"
    elif f"{float(gm.lower):.15g}" == f"{float(gm.upper):.15g}":
        value = f"min f ≈ {float(gm.lower):.15g} (enclosure [{float(gm.lower):.17g}, {float(gm.upper):.17g}])"
    else:
        value = f"min f ∈ [{float(gm.lower):.15g}, {float(gm.upper):.15g}]"
    where = []
    for m in gm.minimisers[:6]:
        parts = []
        for v, val in m.items():
            if isinstance(val, tuple):
                parts.append(f"{v.name} ∈ [{float(val[0]):.10g}, {float(val[1]):.10g}]")
            else:
                parts.append(_coordinate_text(val, None, False).replace("≈ ", "≈"))
        where.append("(" + ", ".join(parts) + ")")
    more = f" and {len(gm.minimisers) - 6} more" if len(gm.minimisers) > 6 else ""
    return f"global minimum on {gm.domain}: {value} at {', '.join(where)}{more} (certified: {gm.proof})"


def format_analysis(report: Any) -> str:
    """Readable Unicode text of an analysis."""
    obj = report.objective
    lines = [_beside(f"f({', '.join(v.name for v in obj.variables)}) = ", obj.expr)]
    if obj.params:
        lines.append(f"parameters: {', '.join(p.name for p in obj.params)}")
    lines += ["", "gradient ∇f:", _indent(_pretty(report.gradient)), "", "Hessian ∇²f:", _indent(_pretty(report.hessian))]
    pts = report.critical_points
    lines += ["", f"critical points (∇f = 0): {getattr(pts, 'status_text', '')}"]
    if not pts:
        lines.append("    none found")
    for cp in pts:
        enc = getattr(cp, "enclosure", None) or [None] * len(cp.point)
        coords = ", ".join(f"{v.name} {'' if t.startswith('≈') else '= '}{t}"
                           for (v, val), e in zip(cp.point.items(), enc)
                           for t in [_coordinate_text(val, e, cp.numeric)])
        tag = " [interval-certified]" if cp.numeric and getattr(cp, "enclosure", None) is not None else (" [numeric]" if cp.numeric else "")
        lines.append(f"    {coords}: {cp.kind}{tag}")
    for comp in getattr(pts, "components", ()):
        lines.append(f"    the whole set {comp.equation} = 0 (dimension {comp.dimension})")
    if pts.note:
        lines.append(f"    ({pts.note})")
    gm = getattr(report, "global_minimum", None)
    if gm is not None:
        lines += ["", _minimum_text(gm)]
    if report.at is not None:
        where = ", ".join(f"{v.name} = {val}" for v, val in report.at.items())
        lines += ["", f"Taylor model at ({where}):", _indent(_pretty(report.taylor))]
        if report.condition_number is not None:
            approx = _approx(report.condition_number)
            tail = f"  ≈ {approx:.6g}" if approx is not None and not getattr(report.condition_number, "is_Rational", False) else ""
            lines.append(f"condition number of ∇²f there: {report.condition_number}{tail}")
    if report.convexity is not None:
        c = report.convexity
        lines += ["", f"convexity: {c.property}: {c.status}", f"    {c.reason}"]
        if c.witness is not None:
            v = getattr(c, "verdict", None)
            text = v.witness_text() if hasattr(v, "witness_text") else getattr(c.witness, "summary", lambda: str(c.witness))()
            lines.append(f"    witness: {text}")
    for note in report.notes:
        if not note.startswith("critical points"):
            lines.append(f"note: {note}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- tour

TOUR_OBJECTIVES = (
    ("D2L 10.3 (1-D gradient descent)", "x**2", None, None),
    ("D2L 10.3 (Newton, nonconvex)", "x*cos(c*x)", "x", "c"),
    ("D2L 10.3 (Newton, convex)", "cosh(c*x)", "x", "c"),
    ("D2L 10.3 / 11.6 (2-D)", "x1**2 + 2*x2**2", None, None),
    ("D2L 11.6 (ill-conditioned)", "0.1*x1**2 + 2*x2**2", None, None),
    ("Course notes Ex. 3.1.2", "(w1**2 + w2**2)**4 - 7*(w1**2 + w2**2)**3 + 13*(w1**2 + w2**2)**2", None, None),
    ("Course notes Ex. 3.1.3", "w**4/3 - w**3/2 - w**2 + w", None, None),
)


def _run_tour(args: argparse.Namespace) -> int:
    from ..analysis import analyze

    print("symopt tour: the texts' objectives, derived\n")
    for title, expr, variables, params in TOUR_OBJECTIVES:
        report = analyze(expr, variables=variables, params=params, convexity=True)
        obj = report.objective
        print(f"── {title}: f = {obj.expr}")
        print(f"   ∇f = {list(report.gradient)}")
        print(f"   ∇²f = {report.hessian.tolist()}")
        kinds = ", ".join(
            f"({', '.join(_number_text(v) for v in cp.point.values())}) {cp.kind}" for cp in report.critical_points
        )
        points = report.critical_points
        components = getattr(points, "components", ())
        line = f"   critical points: {kinds or 'none found'}"
        if components:
            line += "; and every point of " + ", ".join(f"{c.equation} = 0" for c in components)
        status = getattr(points, "status_text", "")
        status = status if len(status) <= 110 else status[:107] + "..."
        print(line + (f"  [{status}]" if status else "" if points.complete else "  (list may be incomplete)"))
        if report.convexity is not None:
            print(f"   convexity: {report.convexity.status} ({report.convexity.reason[:90]})")
        print()
    out = pathlib.Path(args.out)
    _tour_figure(out)
    print(f"figure written: {out}")
    from . import available_modules

    for module in available_modules():
        section = getattr(module, "tour_section", None)
        if section is not None and module.__name__ != __name__:
            text = section(out.parent if str(out.parent) else pathlib.Path("."))
            if text:
                print()
                print(text.rstrip())
    return 0


def _number_text(value: Any) -> str:
    approx = _approx(value)
    if getattr(value, "is_Rational", False) or approx is None:
        return str(value)
    return f"{approx:.4g}"


def _tour_figure(out: pathlib.Path) -> None:
    """Contours of x1² + 2x2² and the course notes' quartic with its critical points."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from ..core.objective import Objective

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    bowl = Objective("x1**2 + 2*x2**2").compile()
    g1, g2 = np.meshgrid(np.linspace(-5.5, 1.0, 200), np.linspace(-3.0, 1.0, 200))
    left.contour(g1, g2, bowl.value(np.stack([g1, g2], -1)), levels=20, cmap="viridis")
    left.plot([0], [0], "r*", markersize=12, label="minimum (∇f = 0, ∇²f ≻ 0)")
    grad = bowl.grad(np.array([-5.0, -2.0]))
    left.arrow(-5, -2, -0.1 * grad[0], -0.1 * grad[1], width=0.04, color="C1", label="−η∇f, η = 0.1")
    left.set_title("f = x1² + 2 x2²")
    left.set_xlabel("x1")
    left.set_ylabel("x2")
    left.legend(loc="upper left", fontsize=8)

    quartic = Objective("w**4/3 - w**3/2 - w**2 + w")
    f = quartic.compile()
    w = np.linspace(-1.8, 2.6, 400)
    right.plot(w, f.value(w), label=str(quartic.expr))
    colours = {"minimum": "green", "maximum": "red", "saddle": "orange", "inconclusive": "grey"}
    for cp in quartic.critical_points():
        x = float(list(cp.point.values())[0].evalf())
        right.plot([x], [float(f.value(x))], "o", color=colours[cp.kind], label=f"{cp.kind} at {x:.4f}")
    right.set_title("Course notes Ex. 3.1.3: critical points, derived")
    right.set_xlabel("w")
    right.legend(fontsize=8)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
