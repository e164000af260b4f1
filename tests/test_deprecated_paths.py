"""Old import paths keep working for one release, with a DeprecationWarning (issue 21).

Each old flat module is run in a fresh interpreter (an import already cached in
this process would not warn again): it must import, warn, and give the same
objects as the new home.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

#: old path, a name it must still give, the new home of that name
OLD_PATHS = [
    ("symopt.parse", "parse", "symopt.core.parse"),
    ("symopt.domain", "Box", "symopt.core.domain"),
    ("symopt.objective", "Objective", "symopt.core.objective"),
    ("symopt.objective", "CriticalPoints", "symopt.core.points"),
    ("symopt._interval", "enclose", "symopt.exact.interval"),
    ("symopt._schur", "schur_cohn_conditions", "symopt.exact.schur"),
    ("symopt.backends", "symengine", "symopt.compile.backends"),
    ("symopt.budget", "run_with_budget", "symopt.limits"),
    ("symopt.certificate", "Verdict", "symopt.convexity.verdict"),
    ("symopt.certificate", "JensenWitness", "symopt.convexity.witnesses"),
    ("symopt._dcp", "analyze", "symopt.convexity.dcp"),
    ("symopt.rates", "gd_quadratic", "symopt.theory.quadratic"),
    ("symopt.stability", "momentum_matrix", "symopt.theory.stability"),
]

_PROBE = """
import importlib, warnings
warnings.simplefilter("always")
with warnings.catch_warnings(record=True) as caught:
    old = importlib.import_module({old!r})
new = importlib.import_module({new!r})
assert getattr(old, {name!r}) is getattr(new, {name!r}), "a different object"
assert any(issubclass(w.category, DeprecationWarning) and {old!r} in str(w.message) for w in caught), \\
    [str(w.message) for w in caught]
print("ok")
"""


@pytest.mark.parametrize("old, name, new", OLD_PATHS, ids=[f"{o}.{n}" for o, n, _ in OLD_PATHS])
def test_an_old_import_path_still_works_and_warns(old, name, new):
    done = subprocess.run([sys.executable, "-c", _PROBE.format(old=old, name=name, new=new)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-1500:]


def test_the_public_contract_names_still_resolve():
    """DESIGN.md's contract: ``symopt.rates.newton``, ``symopt.stability.momentum_matrix`` ..."""
    import symopt

    assert callable(symopt.convexity) and callable(symopt.rates.newton) and callable(symopt.rates.gd_quadratic)
    assert callable(symopt.stability.momentum_matrix) and callable(symopt.stability.iteration_matrix)
    assert callable(symopt.stability.region)
