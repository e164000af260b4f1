"""The package layout (issue 21): one capability, one package, on floors; checked from the imports.

The rules (DESIGN.md, "Layout"), read from every ``import`` with :mod:`ast`,
including the imports placed inside functions:

* a module imports only from its own package or from lower floors; the analysis
  packages of floor 3 (convexity, critical, theory, pep, optimizers) never import
  one another;
* a ``_private`` name (or module) is never imported from another package;
* evidence modules import only ``core/``, ``exact/`` and floor 0: a checker knows
  no search that produced its evidence;
* imports inside functions only for optional dependencies (they are not symopt
  modules, so they never show up here), the CLI's lazy command loading (start-up
  time), and the one seam through which ``Objective``'s convenience methods
  reach the analyses (``symopt/core/seam.py``);
* no import circle, counting imports inside functions;
* no module over about 800 lines.

Deprecated import paths (thin aliases of the new modules, kept for one release)
are exempt: they point up by nature, and nothing inside symopt imports them.
"""

from __future__ import annotations

import ast
import pathlib
from dataclasses import dataclass

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent / "symopt"

#: Each top-level unit of symopt and its rank: a module may import only units of a
#: lower rank or its own unit.  The integer part is the floor of DESIGN.md's diagram;
#: the fraction orders the units of one floor that build on one another.
RANKS: dict[str, float] = {
    "errors": 0.0, "config": 0.1, "display": 0.2, "limits": 0.3, "results": 0.4,
    "core": 1.0,
    "exact": 2.0, "compile": 2.1, "data": 2.2,
    "convexity": 3.0, "critical": 3.0, "theory": 3.0, "pep": 3.0, "optimizers": 3.0,
    "schedules": 4.0, "projections": 4.0, "analysis": 4.1, "plots": 4.1, "claims": 4.2, "testing": 4.2,
    "cli": 5.0, "__main__": 5.1,
}
ANALYSIS_PACKAGES = {"convexity", "critical", "theory", "pep", "optimizers"}
#: Modules allowed to import (downwards or sideways) inside functions.
LAZY_IMPORTERS = {"symopt.core.seam"}  # the one seam: Objective's convenience methods reach the analyses
LAZY_PACKAGES = {"cli"}  # commands load on demand (``symopt --help`` stays fast)
MAX_LINES = 800
SLACK_LINES = 50  # "about 800"
TEST_ONLY = {"_fuzz"}  # hostile-input generator for the test suite; imports only errors


@dataclass(frozen=True)
class Import:
    source: str  # importing module, dotted
    target: str  # imported module, dotted
    names: tuple[str, ...]  # names taken from it ("" for a plain module import)
    inside_function: bool
    lineno: int


def module_name(path: pathlib.Path, root: pathlib.Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def is_alias(source: str) -> bool:
    """A deprecated import path kept for one release (its docstring says so)."""
    doc = ast.get_docstring(ast.parse(source)) or ""
    return doc.startswith("Deprecated import path")


def read_modules(root: pathlib.Path = ROOT) -> dict[str, tuple[str, bool]]:
    """``{dotted name: (source, is_package)}`` for every module under ``root``."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        out[module_name(path, root)] = (path.read_text(), path.name == "__init__.py")
    return out


def imports_of(name: str, source: str, is_package: bool) -> list[Import]:
    tree = ast.parse(source)
    found: list[Import] = []
    base = name.split(".") if is_package else name.split(".")[:-1]

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue  # annotations only: never imported at run time
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.ImportFrom):
                if child.level:
                    stem = base[: len(base) - (child.level - 1)]
                    target = ".".join(stem + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                if target == "symopt" or target.startswith("symopt."):
                    found.append(Import(name, target, tuple(a.name for a in child.names), in_function, child.lineno))
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.startswith("symopt"):
                        found.append(Import(name, alias.name, ("",), in_function, child.lineno))
            visit(child, inner)

    visit(tree, False)
    return found


def unit_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def resolve_targets(imp: Import, modules: dict) -> list[str]:
    """The symopt modules an import loads: the module itself, or submodules named in ``from pkg import sub``."""
    targets = []
    for n in imp.names:
        sub = f"{imp.target}.{n}" if n else imp.target
        targets.append(sub if sub in modules else imp.target)
    return sorted(set(targets))


def violations(modules: dict[str, tuple[str, bool]]) -> list[str]:
    """Every breach of the layout rules, as readable lines (empty when the layout holds)."""
    problems: list[str] = []
    aliases = {m for m, (src, _) in modules.items() if is_alias(src)}
    graph: dict[str, set[str]] = {m: set() for m in modules if m not in aliases}
    for name, (source, is_package) in modules.items():
        if name in aliases:
            continue
        lines = source.count("\n") + 1
        if lines > MAX_LINES + SLACK_LINES:
            problems.append(f"{name}: {lines} lines (more than about {MAX_LINES})")
        unit = unit_of(name)
        for imp in imports_of(name, source, is_package):
            for target in resolve_targets(imp, modules):
                where = f"{name}:{imp.lineno} imports {target}"
                if target in aliases:
                    problems.append(f"{where}, a deprecated path")
                    continue
                t_unit = unit_of(target)
                if target in graph:
                    graph[name].add(target)
                if target == "symopt":
                    if unit != "__init__" and set(imp.names) - {"__version__"}:
                        problems.append(f"{where}: the top-level package (import the module that defines the name)")
                    continue
                seam = name in LAZY_IMPORTERS and imp.inside_function
                if seam and target in graph:
                    graph[name].discard(target)  # the documented seam's back edge: no circle by construction
                if t_unit in TEST_ONLY and unit not in TEST_ONLY:
                    problems.append(f"{where}: {t_unit} is for the test suite only")
                if t_unit != unit and unit != "__init__" and unit not in TEST_ONLY:
                    rank, t_rank = RANKS.get(unit), RANKS.get(t_unit)
                    if rank is None or t_rank is None:
                        problems.append(f"{where}: no floor for {unit if rank is None else t_unit}")
                    elif t_rank >= rank and not seam:
                        kind = ("a sibling analysis package" if unit in ANALYSIS_PACKAGES and t_unit in ANALYSIS_PACKAGES
                                else "an equal or higher floor")
                        problems.append(f"{where}: {kind}")
                    for n in imp.names:
                        if n.startswith("_") and not n.startswith("__"):
                            problems.append(f"{where}: private name {n} across packages")
                    if any(p.startswith("_") for p in target.split(".")[2:]):
                        problems.append(f"{where}: a private module of another package")
                if imp.inside_function and name not in LAZY_IMPORTERS and unit not in LAZY_PACKAGES and unit != "__init__":
                    problems.append(f"{where} inside a function (only optional dependencies and the seam may)")
                if _is_evidence(name) and t_unit not in ("core", "exact") and RANKS.get(t_unit, 9) >= 1 and t_unit != unit:
                    problems.append(f"{where}: an evidence module may import only core/, exact/ and floor 0")
                if _is_evidence(name) and t_unit == unit and not _is_evidence(target) and target != f"symopt.{unit}":
                    problems.append(f"{where}: an evidence module imports a search module of its package")
    problems += [f"import circle: {' -> '.join(c)}" for c in cycles(graph)]
    return problems


def _is_evidence(module: str) -> bool:
    leaf = module.rsplit(".", 1)[-1]
    return unit_of(module) in ("convexity", "critical") and leaf.startswith(("evidence", "witness", "check", "verdict"))


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each as a closed path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in graph:
                continue
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component) + [sorted(component)[0]])

    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for v in sorted(graph):
            if v not in index:
                strong(v)
    finally:
        sys.setrecursionlimit(limit)
    return found


def test_the_layout_holds():
    problems = violations(read_modules())
    assert not problems, "layout rules broken:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "module, source, expected",
    [
        ("symopt.core.bad", "from ..convexity import convexity\n", "an equal or higher floor"),
        ("symopt.convexity.bad", "from ..critical import check_points\n", "a sibling analysis package"),
        ("symopt.theory.bad", "from ..exact.signs import _secret\n", "private name _secret across packages"),
        ("symopt.exact.bad", "def f():\n    from ..core import objective\n", "inside a function"),
        ("symopt.convexity.evidence_bad", "from ..compile import compile_objective\n", "evidence module"),
    ],
)
def test_a_violating_import_is_caught(module, source, expected):
    """The checker is not vacuous: adding one violating module to the real tree is reported."""
    modules = read_modules()
    modules[module] = (source, False)
    found = [p for p in violations(modules) if p.startswith(module)]
    assert any(expected in p for p in found), found


def test_an_import_circle_is_caught():
    modules = read_modules()
    modules["symopt.exact.ring_a"] = ("from . import ring_b\n", False)
    modules["symopt.exact.ring_b"] = ("from . import ring_a\n", False)
    assert any("ring_a" in p and "circle" in p for p in violations(modules))


def test_a_long_module_is_caught():
    modules = read_modules()
    modules["symopt.exact.long"] = ("x = 1\n" * (MAX_LINES + SLACK_LINES + 5), False)
    assert any(p.startswith("symopt.exact.long:") and "lines" in p for p in violations(modules))
