"""Every notebook in notebooks/ is executed through a real kernel (nbclient); a failing cell fails the test.

The kernel runs as after ``make demo``: the test tools and the optional extras
cannot be imported (a guard cell), so a notebook that needs more than the
run-time dependencies fails here.

The tour (notebooks/tour.ipynb) is also checked for what a user sees: its
outputs carry the rich MIME types Jupyter renders (``text/latex`` for
formulas, ``text/html`` for tables, ``image/png`` for figures), as IPython's
display protocol defines them (IPython docs, "Rich display"; nbformat's
output spec).
"""

from __future__ import annotations

import pathlib

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((pathlib.Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
TOUR = pathlib.Path(__file__).resolve().parent.parent / "notebooks" / "tour.ipynb"


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no notebook"
    assert TOUR in NOTEBOOKS


# What `make demo` does not install: the test tools and the optional extras (pyproject.toml).  The
# kernel refuses to import them, so a notebook that needs one fails here as it would for a user
# (convexity_11_2.ipynb once needed hypothesis through symopt.testing).  A notebook that needs an
# extra says so in its metadata: {"symopt": {"extras": ["pep"]}}.
_TEST_ONLY = ("pytest", "_pytest", "nbclient", "PEPit")
_EXTRAS = {"pep": ("cvxpy", "clarabel", "scs", "scipy"), "fast": ("symengine",), "jax": ("jax", "jaxlib"),
           "sweep": ("dask",)}

_BLOCKER = '''
import sys as _sys
class _DemoEnvironment:
    """Imports that `make demo` does not install fail, as in a user's fresh environment."""
    blocked = {blocked!r}
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.blocked:
            raise ModuleNotFoundError(f"No module named {{name!r}} (not installed by `make demo`)", name=name)
        return None
_sys.meta_path.insert(0, _DemoEnvironment())
del _sys
'''


def _blocked(nb: nbformat.NotebookNode) -> tuple:
    extras = set(nb.metadata.get("symopt", {}).get("extras", ()))
    return tuple(_TEST_ONLY) + tuple(m for name, mods in _EXTRAS.items() if name not in extras for m in mods)


def _execute(path: pathlib.Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    guard = nbformat.v4.new_code_cell(_BLOCKER.format(blocked=_blocked(nb)))
    nb.cells.insert(0, guard)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    nb.cells.remove(guard)
    return nb


def test_the_demo_environment_guard_blocks_what_make_demo_does_not_install():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(_BLOCKER.format(blocked=_blocked(nb))),
                nbformat.v4.new_code_cell("import json, numpy, sympy, hypothesis, tqdm, symopt.testing"),
                nbformat.v4.new_code_cell("try:\n    import cvxpy\nexcept ModuleNotFoundError as e:\n    print(e)")]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    assert not [o for c in nb.cells for o in c.outputs if o.output_type == "error"]
    assert "not installed by `make demo`" in nb.cells[2].outputs[0]["text"]


def _outputs(nb: nbformat.NotebookNode) -> list:
    return [output for cell in nb.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_executes(path):
    nb = _execute(path)
    errors = [output for output in _outputs(nb) if output.get("output_type") == "error"]
    assert not errors
    if path == TOUR:
        _check_tour(nb)


def _mime(output) -> set:
    return set(output.get("data", {})) if output.get("output_type") in ("execute_result", "display_data") else set()


def _check_tour(nb: nbformat.NotebookNode) -> None:
    """The tour shows formulas as LaTeX, tables as HTML and figures as PNG, in the cells that should."""
    by_source = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            kinds = set().union(*[_mime(o) for o in cell.outputs]) if cell.outputs else set()
            by_source[cell.source.strip().splitlines()[-1]] = kinds
    seen = set().union(*by_source.values())
    assert {"text/latex", "text/html", "image/png"} <= seen
    assert "text/latex" in by_source["obj"]                   # the Objective
    assert "text/latex" in by_source["obj.gradient"]          # SymPy's own
    assert "text/html" in by_source["obj.critical_points()"]  # points with kinds
    assert "text/html" in by_source["verdict"]                # verdict with evidence
    assert "text/html" in by_source["tr"]                     # the run's summary with a plot
    assert "image/png" in by_source["plots.trace_2d(F, tr, xlim=(-5.5, 1.0), ylim=(-3.0, 1.0))"]
    assert "image/png" in by_source["plots.compare(F, runs)"]
    # the user's symbols survive: subs gives numbers, diff gives 2*x + y
    (result,) = [o for c in nb.cells if c.cell_type == "code" and c.source.startswith("obj.gradient.subs")
                 for o in c.outputs]
    assert " ".join(result["data"]["text/plain"].split()) == "(Matrix([ [4], [9]]), 2*x + y)"
    # the trace's HTML carries its plot inline
    (trace_html,) = [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code" and c.source.endswith("\ntr")
                     for o in c.outputs]
    assert "data:image/png;base64," in trace_html
