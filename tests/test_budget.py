"""Budgets: a runaway step is stopped and named; nested budgets; threads use a child process."""

from __future__ import annotations

import threading
import time

import pytest

from symopt.budget import run_with_budget
from symopt.config import config
from symopt.errors import BudgetExceeded, UnsupportedError


def spin(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "done"


def swallowing_spin(seconds):
    """Like SymPy's fallbacks: catches Exception and carries on."""
    try:
        return spin(seconds)
    except Exception:  # noqa: BLE001
        return "swallowed"


def test_runaway_step_is_stopped_and_named():
    with pytest.raises(BudgetExceeded) as info:
        run_with_budget(spin, 10, step="solve", seconds=0.2)
    assert info.value.step == "solve"


def test_interrupt_cannot_be_swallowed_by_except_exception():
    with pytest.raises(BudgetExceeded):
        run_with_budget(swallowing_spin, 10, step="series", seconds=0.2)


def test_results_pass_through_and_inner_budget_never_extends_outer():
    assert run_with_budget(spin, 0.01, step="x", seconds=5) == "done"

    def outer():
        return run_with_budget(spin, 10, step="inner", seconds=30)

    with pytest.raises(BudgetExceeded) as info:
        run_with_budget(outer, step="outer", seconds=0.3)
    assert info.value.step == "outer"


def test_budget_in_a_thread_runs_in_a_child_process():
    box = {}

    def work():
        try:
            box["result"] = run_with_budget(spin, 10, step="solve", seconds=0.3)
        except BudgetExceeded as exc:
            box["error"] = exc
        box["ok"] = run_with_budget(sum, [1, 2, 3], step="solve", seconds=5)

    t = threading.Thread(target=work)
    t.start()
    t.join(30)
    assert isinstance(box.get("error"), BudgetExceeded) and box["ok"] == 6


def test_config_override_and_unknown_setting():
    with config.override(budgets={"solve": 0.1}):
        with pytest.raises(BudgetExceeded):
            run_with_budget(spin, 10, step="solve")
    assert config.budget_for("solve") == 2.0
    with pytest.raises(UnsupportedError):
        with config.override(no_such_setting=1):
            pass


def bare_except_spin(seconds, swallowed):
    """Catches everything once (a bare ``except:``) and carries on spinning."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            spin(0.01)
        except BaseException:  # noqa: BLE001 - the point of the test
            swallowed.append(time.monotonic())
            if len(swallowed) > 1:
                raise  # the second time let it through
    return "done"


def test_an_interrupt_swallowed_by_a_bare_except_is_raised_again():
    swallowed: list = []
    start = time.monotonic()
    with pytest.raises(BudgetExceeded):
        run_with_budget(bare_except_spin, 20, swallowed, step="solve", seconds=0.2)
    assert len(swallowed) == 2 and time.monotonic() - start < 5


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_interrupt_dropped_in_a_gc_callback_is_raised_again():
    """hypothesis installs a gc callback; an exception raised inside one is only
    printed.  The full suite once hung for 90 minutes on exactly that."""
    import gc

    seen: list = []

    def callback(phase, info):
        if phase == "start":
            seen.append(phase)
            spin(0.3)  # the alarm lands here and Python drops the exception

    def collect_then_spin():
        gc.collect()
        return spin(20)

    gc.callbacks.append(callback)
    try:
        start = time.monotonic()
        with pytest.raises(BudgetExceeded):
            run_with_budget(collect_then_spin, step="solve", seconds=0.1)
        assert seen and time.monotonic() - start < 5
    finally:
        gc.callbacks.remove(callback)


def test_an_outer_interrupt_swallowed_between_budgets_is_raised_again():
    swallowed: list = []

    def middle():
        try:
            run_with_budget(spin, 20, step="inner", seconds=30)
        except BaseException:  # noqa: BLE001 - swallows the outer budget's interrupt once
            swallowed.append(1)
        return spin(20)

    start = time.monotonic()
    with pytest.raises(BudgetExceeded) as info:
        run_with_budget(middle, step="outer", seconds=0.2)
    assert info.value.step == "outer" and swallowed == [1] and time.monotonic() - start < 5


def test_a_timer_firing_inside_the_cleanup_leaves_no_stale_budget(monkeypatch):
    """The deadline passes just as the budgeted function returns: the timer's signal is
    on its way and CPython runs the handler at the next byte-code, inside the
    budget's own clean-up.  The clean-up must still finish (entry removed, handler
    restored, timer off) and the result come back; before, the interrupt skipped the
    rest of the clean-up and the stale entry fired into later code every 50 ms
    (the suite died of SIGALRM)."""
    import signal as sig

    from symopt import budget

    offset = [0.0]

    class ShiftedClock:
        sleep = staticmethod(time.sleep)

        @staticmethod
        def monotonic():
            return time.monotonic() + offset[0]

    monkeypatch.setattr(budget, "time", ShiftedClock)
    real_setitimer = sig.setitimer
    fired = []

    def setitimer(which, seconds, *rest):
        result = real_setitimer(which, seconds, *rest)
        if seconds == 0 and offset[0] and not fired:
            fired.append(True)
            budget._on_alarm(sig.SIGALRM, None)  # the pending signal's handler runs now
        return result

    monkeypatch.setattr(sig, "setitimer", setitimer)
    previous = sig.getsignal(sig.SIGALRM)

    def work():
        offset[0] = 100.0  # the deadline is past as the function returns
        return "done"

    assert run_with_budget(work, step="race", seconds=5) == "done"
    assert fired, "the handler did not run inside the clean-up"
    assert budget._stack == []
    assert sig.getsignal(sig.SIGALRM) == previous
    assert real_setitimer(sig.ITIMER_REAL, 0) == (0.0, 0.0)  # no timer left armed


def test_a_long_budgeted_step_shows_a_progress_bar_and_stops_it(capsys):
    """Issue 16: long work shows progress.  A step still running after
    ``progress_delay`` draws a bar (elapsed against the budget) on stderr; the bar's
    thread ends with the step.  Off by default in tests (not interactive)."""
    import threading

    with config.override(progress=True, progress_delay=0.1):
        assert run_with_budget(time.sleep, 0.6, step="demo-step", seconds=5) is None
    time.sleep(0.3)
    err = capsys.readouterr().err
    assert "symopt: demo-step (budget)" in err and "/5.0 s" in err
    assert not [t for t in threading.enumerate() if t.name.startswith("symopt-budget-")]


def test_no_progress_bar_when_not_interactive(capsys):
    with config.override(progress=False, progress_delay=0.05):
        run_with_budget(time.sleep, 0.3, step="quiet-step", seconds=5)
    assert "quiet-step" not in capsys.readouterr().err
