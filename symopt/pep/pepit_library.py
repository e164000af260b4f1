"""PEPit's example library through the bridge: each example's ``__main__`` problem, certified exactly.

Each example of PEPit (``PEPit/examples/<category>/<name>.py``) ends with a
``__main__`` block that calls its ``wc_...`` function at fixed parameters;
that function builds a ``PEP`` and calls ``solve``.  :func:`capture` runs
the block with ``PEP.solve`` replaced by a hook that keeps the problem and
stops the example (nothing is solved by PEPit), :func:`run_pepit` runs it
unchanged (PEPit's own solver, the reference value and its time), and
:func:`compare` certifies the captured problem with
:func:`symopt.pep.bridge.certify_pepit` and classifies the example:
``matched`` (proved, within ``rel`` of PEPit's value, the certificate checks),
``unknown`` (with the reason) or ``not expressible`` (with the reason).

The examples are PEPit's own installed code (not user text); they print,
so their output is swallowed here.  PEPit is optional: imported inside.

Times are CPU times of this process (``time.process_time``, all threads), for both sides: on a
shared machine the wall clock measures the neighbours' load as much as the work.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import runpy
import time
from dataclasses import dataclass
from typing import Any

from ..errors import UnsupportedError
from .bridge import certify_pepit


class _Captured(Exception):
    def __init__(self, problem: Any):
        super().__init__("captured")
        self.problem = problem


def examples_dir() -> str:
    """The folder of PEPit's examples (PEPit must be installed)."""
    try:
        import PEPit
    except ImportError:  # pragma: no cover - depends on the environment
        raise UnsupportedError("PEPit is not installed (pip install pepit)") from None
    return os.path.join(os.path.dirname(PEPit.__file__), "examples")


def example_files() -> list[tuple[str, str]]:
    """``(category/name, path)`` of every example (96 in PEPit 0.5.1), sorted."""
    root = examples_dir()
    out = []
    for cat in sorted(os.listdir(root)):
        d = os.path.join(root, cat)
        if not os.path.isdir(d) or cat.startswith("_"):
            continue
        for f in sorted(os.listdir(d)):
            if f.endswith(".py") and not f.startswith("_"):
                out.append((f"{cat}/{f[:-3]}", os.path.join(d, f)))
    return out


@contextlib.contextmanager
def _patched_solve(hook):
    from PEPit import PEP

    original = PEP.solve
    PEP.solve = lambda self, *a, **k: hook(original, self, *a, **k)
    try:
        yield
    finally:
        PEP.solve = original


def _quiet_run(path: str) -> dict:
    import warnings

    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return runpy.run_path(path, run_name="__main__")


def capture(path: str) -> Any:
    """The ``PEP`` object the example's ``__main__`` block builds (before PEPit would solve it)."""

    def hook(original, self, *a, **k):
        raise _Captured(self)

    with _patched_solve(hook):
        try:
            _quiet_run(path)
        except _Captured as cap:
            return cap.problem
    raise UnsupportedError("the example's __main__ block builds no PEP (it never calls solve)")


@dataclass(frozen=True)
class PEPitRun:
    """PEPit's own result for an example: the value its first solve returned, the theoretical
    value the example states, the number of solves and the wall time of the whole block."""

    value: float
    theoretical: float
    solves: int
    seconds: float


def run_pepit(path: str, solver: str | None = None) -> PEPitRun:
    """Run the example's ``__main__`` block with PEPit's own solve (``solver`` overrides CVXPY's choice)."""
    values: list = []

    def hook(original, self, *a, **k):
        if solver is not None:
            k["solver"] = solver
        v = original(self, *a, **k)
        values.append(v)
        return v

    t0 = time.process_time()
    with _patched_solve(hook):
        g = _quiet_run(path)
    dt = time.process_time() - t0
    th = g.get("theoretical_tau", math.nan)
    try:
        th = float(th)
    except (TypeError, ValueError):
        th = math.nan
    v = values[0] if values else math.nan
    return PEPitRun(math.nan if v is None else float(v), th, len(values), dt)


@dataclass(frozen=True)
class Row:
    """One example's line of the table."""

    name: str
    verdict: str  # "matched" | "unknown" | "not expressible"
    ours: float
    pepit: float
    theoretical: float
    reason: str
    ours_seconds: float
    pepit_seconds: float
    checked: bool

    @property
    def ratio(self) -> float:
        return self.ours_seconds / self.pepit_seconds if self.pepit_seconds > 0 else math.nan


def _close(a: float, b: float, rel: float) -> bool:
    return math.isfinite(a) and math.isfinite(b) and abs(a - b) <= rel * max(abs(a), abs(b), 1e-12)


def compare(name: str, path: str, rel: float = 1e-4, reference: PEPitRun | None = None,
            accurate_solver: str | None = "CLARABEL", on_certified: Any = None) -> Row:
    """Certify one example through the bridge and compare with PEPit.

    ``matched`` needs a proved bound whose certificate checks, within ``rel`` of PEPit's value; when
    PEPit's default solver (SCS) is further off, PEPit is run again with ``accurate_solver`` and the
    bound must agree with that value within ``rel`` (the reason then says so); when that run fails, the
    bound must agree within ``rel`` with the exact (theoretical) value the example itself states.
    """
    t0 = time.process_time()
    try:
        prob = capture(path)
    except Exception as exc:  # an example that fails to build is reported, not raised
        ref = reference if reference is not None else run_pepit(path)
        return Row(name, "not expressible", math.nan, ref.value, ref.theoretical, f"capture failed: {exc}", 0.0,
                   ref.seconds, False)
    res = certify_pepit(prob)
    dt = time.process_time() - t0
    if on_certified is not None:  # symopt's side is known before PEPit runs (PEPit may be the slow one)
        on_certified(res, dt)
    ref = reference if reference is not None else run_pepit(path)
    if res.status != "proved":
        verdict = "not expressible" if res.reason.startswith("not expressible") else "unknown"
        return Row(name, verdict, res.numeric, ref.value, ref.theoretical, res.reason, dt, ref.seconds, False)
    ok = res.check()
    ours = float(res.tau)
    note = ""
    if not _close(ours, ref.value, rel) and accurate_solver:
        try:
            acc = run_pepit(path, solver=accurate_solver)
        except Exception as exc:  # PEPit's run with the accurate solver failed: no second reference
            if ok and _close(ours, ref.theoretical, rel):  # the exact value the example states instead
                return Row(name, "matched", ours, ref.value, ref.theoretical,
                           f"PEPit's default solver is off by more than {rel:g} and PEPit with {accurate_solver} failed "
                           f"({type(exc).__name__}); agrees with the example's theoretical value {ref.theoretical:.10g}",
                           dt, ref.seconds, True)
            return Row(name, "unknown", ours, ref.value, ref.theoretical,
                       f"certified {ours:.10g} (check() {ok}) differs from PEPit's default solver ({ref.value:.10g}); "
                       f"PEPit with {accurate_solver} failed ({type(exc).__name__})", dt, ref.seconds, ok)
        if _close(ours, acc.value, rel):
            note = f"PEPit's default solver is off by more than {rel:g}; PEPit with {accurate_solver} gives {acc.value:.10g}"
        else:
            return Row(name, "unknown", ours, ref.value, ref.theoretical,
                       f"certified {ours:.10g} differs from PEPit ({ref.value:.10g}; with {accurate_solver}: {acc.value:.10g})",
                       dt, ref.seconds, ok)
    elif not _close(ours, ref.value, rel):
        return Row(name, "unknown", ours, ref.value, ref.theoretical, f"certified {ours:.10g} differs from PEPit",
                   dt, ref.seconds, ok)
    if not ok:
        return Row(name, "unknown", ours, ref.value, ref.theoretical, "the certificate did not re-check", dt, ref.seconds, False)
    return Row(name, "matched", ours, ref.value, ref.theoretical, note, dt, ref.seconds, True)
