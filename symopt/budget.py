"""Time budgets for symbolic steps that can explode (solve, series, simplify, ...).

:func:`run_with_budget` runs a function and raises :class:`~symopt.errors.BudgetExceeded`
naming the step when it takes longer than its budget.

How the limit is enforced:

* In the main thread of a POSIX process, with a real-time interval timer
  (``SIGALRM``).  SymPy is pure Python, so the timer interrupts it between
  byte-codes.  Budgets nest: an inner budget never extends an outer one.  An
  interrupt that something swallows (a bare ``except:``, a ``gc`` callback,
  whose exceptions Python only prints) is raised again every 50 ms until the
  budget's own frame catches it.
* In any other thread (signals reach only the main thread), the function runs in
  a forked child process whose result comes back pickled; the child is killed
  when the budget runs out.  Where ``fork`` is not available the function runs
  unbounded.

Work that is one long C call (a huge integer power, say) cannot be interrupted;
the parser bounds such inputs before they reach SymPy.

In Jupyter or a terminal, a budgeted step still running after
``config.progress_delay`` seconds shows a progress bar (elapsed seconds against
its budget) on stderr; see :class:`symopt.config.Config`'s ``progress``.

    >>> from symopt.budget import run_with_budget
    >>> run_with_budget(sum, [1, 2, 3], step="demo", seconds=1.0)
    6
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
import time
from typing import Any, Callable, TypeVar

from .config import config
from .errors import BudgetExceeded

__all__ = ["run_with_budget", "deadline_remaining"]

T = TypeVar("T")

class _Interrupt(BaseException):
    """Raised by the timer inside the budgeted code.

    A ``BaseException`` on purpose: SymPy has many ``except Exception`` blocks
    that would swallow an ordinary exception and carry on with a half-finished
    computation (returning a wrong "fallback" answer).  Only
    :func:`run_with_budget` catches it, and turns it into
    :class:`~symopt.errors.BudgetExceeded`.
    """

    def __init__(self, step: str, seconds: float):
        super().__init__(step, seconds)
        self.step = step
        self.seconds = seconds


# How soon an interrupt that did not reach its budget's frame is raised again.
_RETRY_SECONDS = 0.05

# Stack of (deadline, step, seconds) for the main thread's nested budgets.
_stack: list[tuple[float, str, float]] = []


def deadline_remaining() -> float | None:
    """Seconds left before the innermost active budget (main thread), or ``None``."""
    if not _stack:
        return None
    return min(d for d, _, _ in _stack) - time.monotonic()


def run_with_budget(fn: Callable[..., T], *args: Any, step: str, seconds: float | None = None, **kwargs: Any) -> T:
    """Run ``fn(*args, **kwargs)`` under a time budget.

    Args:
        fn: the function to run.
        *args: its positional arguments.
        step: the step's name, used for the default budget and in the error.
        seconds: the budget; ``None`` takes ``config.budget_for(step)``.
        **kwargs: its keyword arguments.

    Returns:
        What ``fn`` returns.

    Raises:
        BudgetExceeded: the budget ran out (``err.step`` names the step).
    """
    if seconds is None:
        seconds = config.budget_for(step)
    if seconds is None or seconds == float("inf"):
        return fn(*args, **kwargs)
    if seconds <= 0:
        raise BudgetExceeded(step, seconds)
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        return _run_with_alarm(fn, args, kwargs, step, float(seconds))
    if hasattr(os, "fork"):
        return _run_in_child(fn, args, kwargs, step, float(seconds))
    return fn(*args, **kwargs)


def _on_alarm(signum: int, frame: Any) -> None:
    now = time.monotonic()
    expired = [entry for entry in _stack if entry[0] <= now + 1e-4]
    if expired:
        deadline, step, seconds = min(expired)
        # Python drops an exception raised where nothing can catch it (a ``gc``
        # callback, a ``__del__``; hypothesis installs such a callback) and code
        # with a bare ``except:`` may swallow it: fire again until the budget's
        # own frame has caught it, or the budgeted code would run on unbounded.
        signal.setitimer(signal.ITIMER_REAL, _RETRY_SECONDS)
        raise _Interrupt(step, seconds)
    _arm()


def _arm() -> None:
    if not _stack:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    remaining = max(min(d for d, _, _ in _stack) - time.monotonic(), 1e-5)
    signal.setitimer(signal.ITIMER_REAL, remaining)


def _run_with_alarm(fn: Callable[..., T], args: tuple, kwargs: dict, step: str, seconds: float) -> T:
    outermost = not _stack
    previous_handler = signal.getsignal(signal.SIGALRM) if outermost else None
    if outermost:
        signal.signal(signal.SIGALRM, _on_alarm)
    entry = (time.monotonic() + seconds, step, seconds)
    _stack.append(entry)
    propagating = False
    bar = None
    try:
        _arm()
        if outermost:
            bar = _BudgetBar.start_if_worth_it(step, seconds)
        return fn(*args, **kwargs)
    except _Interrupt as interrupt:
        signal.setitimer(signal.ITIMER_REAL, 0)  # caught: no more retries while it is handled
        if outermost or (interrupt.step == step and interrupt.seconds == seconds):
            raise BudgetExceeded(interrupt.step, interrupt.seconds) from None
        propagating = True
        raise  # an outer budget ran out: let it reach its own run_with_budget
    finally:
        if bar is not None:
            bar.done.set()
        _leave(entry, outermost, previous_handler, propagating)


def _leave(entry: tuple, outermost: bool, previous_handler: Any, propagating: bool) -> None:
    """Close a budget: stop the timer, drop ``entry``, restore the handler (outermost) or re-arm.

    The timer's signal may already be on its way when this starts (CPython runs
    the Python-level handler at the next byte-code), and the handler then raises
    :class:`_Interrupt` *inside* this cleanup.  Left alone, that skips the rest
    of it: the expired entry stays on the stack and the handler keeps firing
    every 50 ms into whatever runs next.  So an interrupt here is caught and the
    cleanup done again (every step is idempotent).  Nothing is lost: an interrupt
    of this budget is moot (it is closing), and one of an expired outer budget is
    raised again by :func:`_arm` at once.  After one interrupt the handler's next
    is at least ``_RETRY_SECONDS`` away, far longer than this takes.
    """
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            for i, item in enumerate(_stack):
                if item is entry:
                    del _stack[i]
                    break
            if outermost:
                signal.signal(signal.SIGALRM, previous_handler)
            elif propagating:  # the outer budget's interrupt travels on: fire again should it be swallowed
                signal.setitimer(signal.ITIMER_REAL, _RETRY_SECONDS)
            else:
                _arm()
            return
        except _Interrupt:
            continue


class _BudgetBar(threading.Thread):
    """A progress bar for a long budgeted step: elapsed seconds against the budget.

    Shown only where :func:`symopt.display.progress_enabled` says (a Jupyter
    kernel or a terminal; ``config.progress``), only for the outermost budget,
    and only once the step has run ``config.progress_delay`` seconds.  A daemon
    thread draws it, so the budgeted work is never touched; the thread ends when
    the step does, and at the latest a second after the budget would have run
    out, so no bar outlives its step.
    """

    def __init__(self, step: str, seconds: float, delay: float):
        super().__init__(name=f"symopt-budget-{step}", daemon=True)
        self.step, self.seconds, self.delay = step, seconds, delay
        self.started = time.monotonic()
        self.done = threading.Event()

    @classmethod
    def start_if_worth_it(cls, step: str, seconds: float) -> "_BudgetBar | None":
        from .config import config

        delay = config.progress_delay
        if seconds <= delay:
            return None  # the step ends (or runs out) before a bar would appear
        from .display import progress_enabled

        if not progress_enabled():
            return None
        bar = cls(step, seconds, delay)
        bar.start()
        return bar

    def run(self) -> None:
        if self.done.wait(self.delay):
            return
        from .display import tqdm_class

        bar = tqdm_class(widget=False)(total=round(self.seconds, 1), desc=f"symopt: {self.step} (budget)",
                                       unit="s", leave=False, bar_format="{desc}: {n:.1f}/{total} s |{bar}|")
        end = self.started + self.seconds + 1.0
        try:
            while not self.done.wait(0.25) and time.monotonic() < end:
                bar.n = round(min(time.monotonic() - self.started, self.seconds), 1)
                bar.refresh()
        finally:
            bar.close()


def _run_in_child(fn: Callable[..., T], args: tuple, kwargs: dict, step: str, seconds: float) -> T:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        try:
            try:
                payload = pickle.dumps(("ok", fn(*args, **kwargs)))
            except BaseException as exc:  # noqa: BLE001 - shipped back to the parent
                try:
                    payload = pickle.dumps(("err", exc))
                except Exception:  # noqa: BLE001
                    payload = pickle.dumps(("err", RuntimeError(repr(exc))))
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(0)
    os.close(write_fd)
    deadline = time.monotonic() + seconds
    chunks: list[bytes] = []
    import select

    with os.fdopen(read_fd, "rb", buffering=0) as pipe:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                _kill(pid)
                raise BudgetExceeded(step, seconds)
            ready, _, _ = select.select([pipe], [], [], remaining)
            if not ready:
                continue
            chunk = pipe.read(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    os.waitpid(pid, 0)
    if not chunks:
        raise BudgetExceeded(step, seconds, "the worker process ended without a result")
    status, value = pickle.loads(b"".join(chunks))
    if status == "err":
        raise value
    return value


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
