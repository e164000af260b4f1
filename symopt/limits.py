"""Work limits for symbolic steps that can explode (solve, series, simplify, ...).

Same input, same answer: a limit that decides between an answer and
``unknown`` counts *work*, never seconds, so a verdict does not depend on the
machine's speed or load (Lean's ``maxHeartbeats`` and Z3's ``rlimit`` do the
same).  The unit is the **call**: one function call, Python or built-in, made
while the step runs (counted with :func:`sys.setprofile`'s ``"call"`` and
``"c_call"`` events, in the thread that runs the step).  SymPy does its work in
Python functions and built-ins (big-integer ``pow`` in a primality test, say),
so calls track its work closely; loops that symopt owns (interval
branch-and-bound, search) also bound their own iterations.

:func:`run_with_budget` runs a function under the limit of a named step and
raises :class:`~symopt.errors.BudgetExceeded` naming the step and the limit
when the step makes more calls than its limit allows.  Public functions turn
that into an ``unknown`` part of their result with the reason.

The limit of a step is ``config.budgets[step]`` *reference seconds* times
:data:`CALLS_PER_REFERENCE_SECOND` times ``config.effort``: a reference second
is the work SymPy does in about one second on one core of a 2024 laptop, so
the defaults keep the old budgets' reach on an idle machine, while a loaded
or slow machine now takes longer but reaches the same answer.  Raise every
limit at once with ``config.effort`` (``SYMOPT_EFFORT`` in the environment,
``--effort`` on the command line).

The clock is only an **outer guard** against a runaway: ``config.time_limit``
seconds (default 600, ``SYMOPT_TIME_LIMIT``) per outermost step.  Reaching it
raises :class:`BudgetExceeded` with ``kind == "time"`` and the message says how
to raise it; by default it is far above what the work limits allow, so it never
decides a verdict that the work limits would have reached.

How the limit is enforced:

* In the main thread of a POSIX process the counter asks for ``SIGALRM`` when a
  limit is passed (and a real-time timer serves the outer clock guard); the
  handler raises an interrupt inside the step, between byte-codes.  Limits nest:
  an inner limit never extends an outer one.  An interrupt that something
  swallows (a bare ``except:``, a ``gc`` callback, whose exceptions Python only
  prints) is raised again every 50 ms until the step's own frame catches it.  A
  step that returns after passing its limit still counts as having exceeded it
  (the decision never depends on when the signal arrives).
* In any other thread (signals reach only the main thread), the function runs in
  a forked child process, whose main thread counts in the same way; its result
  comes back pickled.  Where ``fork`` is not available the function runs
  unbounded.

Caveats, stated: under a C-level profiler (``cProfile``) the counter cannot be
chained, so there only the clock guard bounds a step.  Work that is one long C call (a huge integer power, a FLINT
routine) is not counted: the parser and the callers bound such inputs by size
first.  SymPy's cache makes a repeated call cheaper than the first, and
Python's hash seed shifts counts by under about 1% between processes; a step
far from its limit is unaffected by either.

In Jupyter or a terminal, a step still running after ``config.progress_delay``
seconds shows a progress bar (work done against its limit) on stderr; see
:class:`symopt.config.Config`'s ``progress``.

    >>> from symopt.limits import run_with_budget
    >>> run_with_budget(sum, [1, 2, 3], step="demo", seconds=1.0)
    6
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import time
from typing import Any, Callable, TypeVar

from sympy.core.cache import clear_cache

from .config import config
from .errors import BudgetExceeded
from .display import progress_enabled
from .display import tqdm_class

__all__ = ["run_with_budget", "work_done", "work_limit", "work_left", "work_deadline", "seconds_left",
           "deadline_remaining",
           "CALLS_PER_REFERENCE_SECOND"]

T = TypeVar("T")

#: Calls counted per reference second of work (the unit of ``config.budgets``).
CALLS_PER_REFERENCE_SECOND = 5_000_000

# How soon an interrupt that did not reach its step's frame is raised again.
_RETRY_SECONDS = 0.05


def _raise_budget_exceeded(step: str, calls: int, guard: float, kind: str | None) -> BudgetExceeded:
    """What an :class:`_Interrupt` becomes when unpickled (see ``_Interrupt.__reduce__``)."""
    return BudgetExceeded(step, guard, kind="time") if kind == "time" else BudgetExceeded(step, calls, kind="work")


class _Interrupt(BaseException):
    """Raised by the signal handler inside the limited code.

    A ``BaseException`` on purpose: SymPy has many ``except Exception`` blocks
    that would swallow an ordinary exception and carry on with a half-finished
    computation (returning a wrong "fallback" answer).  Only
    :func:`run_with_budget` catches it, and turns it into
    :class:`~symopt.errors.BudgetExceeded`.
    """

    def __init__(self, entry: "_Entry"):
        super().__init__(entry.step)
        self.entry = entry

    def __reduce__(self) -> tuple:
        """Never pickled as itself: a forked worker ships the :class:`BudgetExceeded` it stands for."""
        return (_raise_budget_exceeded, (self.entry.step, self.entry.calls, self.entry.guard, self.entry.kind))


class _Entry:
    """One active limit: its step, its work limit (absolute count) and its clock guard."""

    __slots__ = ("step", "calls", "work_end", "deadline", "guard", "kind")

    def __init__(self, step: str, calls: int, start: int, guard: float):
        self.step = step
        self.calls = calls
        self.work_end = start + calls
        self.guard = guard
        self.deadline = time.monotonic() + guard
        self.kind: str | None = None  # "work" or "time" once it has run out

    def exceeded(self, count: int, now: float) -> str | None:
        if count > self.work_end:
            return "work"
        if now >= self.deadline:
            return "time"
        return None

    def error(self) -> BudgetExceeded:
        if self.kind == "time":
            return BudgetExceeded(self.step, self.guard, kind="time")
        return BudgetExceeded(self.step, self.calls, kind="work")


# The main thread's counter and nested limits.
_count = 0
_next_stop = sys.maxsize  # the count at which the tracer asks for the signal
_stack: list[_Entry] = []
_previous_tracer: Any = None  # a Python profile function that was active before: called on
_restore_profile: Any = None  # whatever profiler was active before the outermost step
_counting = False  # whether the counter is in use for the active steps


def _ensure_counting() -> None:
    """Put the counter back if Python dropped it.

    The interrupt may be raised while the counter itself runs (the signal's handler
    runs at the next byte-code, which can be the counter's own); Python then
    removes the profile function.  Every step that starts or resumes re-installs
    it, so one interrupt never leaves the rest of the work uncounted.
    """
    if _counting and _stack and sys.getprofile() is not _tracer:
        sys.setprofile(_tracer)


def _tracer(frame: Any, event: str, arg: Any) -> None:
    global _count
    if event == "call" or event == "c_call":
        _count += 1
        if _count > _next_stop:
            _request_stop()
    if _previous_tracer is not None:
        _previous_tracer(frame, event, arg)


def _request_stop() -> None:
    global _next_stop
    _next_stop = sys.maxsize  # once: the handler re-arms while the interrupt travels
    signal.raise_signal(signal.SIGALRM)


def work_done() -> int:
    """Calls counted so far in this process's main thread (grows only inside a limited step)."""
    return _count


def work_limit(step: str) -> int | None:
    """The work limit of ``step`` in calls (``None``: unlimited), after ``config.effort``."""
    seconds = config.budget_for(step)
    if seconds is None:
        return None
    return _calls_for(seconds)


def work_left() -> int | None:
    """Calls left before the innermost active limit runs out (main thread), or ``None``.

    Loops that symopt owns use it to size their own deterministic bounds.
    """
    if not _stack:
        return None
    return max(min(e.work_end for e in _stack) - _count, 0)


def work_deadline(seconds: float) -> int:
    """The count at which ``seconds`` reference seconds of work from now are spent (after ``config.effort``).

    For loops that share one limit among their steps: compare :func:`work_done`
    with it, or ask :func:`seconds_left`; never the clock.
    """
    return _count + _calls_for(seconds)


def seconds_left(deadline: int) -> float:
    """Reference seconds of work left before ``deadline`` (from :func:`work_deadline`), before ``effort``.

    The value to pass as ``seconds=`` to a nested :func:`run_with_budget`.
    """
    return (deadline - _count) / (CALLS_PER_REFERENCE_SECOND * config.effort)


def deadline_remaining() -> float | None:
    """Seconds left before the innermost active clock guard (main thread), or ``None``."""
    if not _stack:
        return None
    return min(e.deadline for e in _stack) - time.monotonic()


def _calls_for(seconds: float) -> int:
    return max(int(seconds * CALLS_PER_REFERENCE_SECOND * config.effort), 1)


def run_with_budget(fn: Callable[..., T], *args: Any, step: str, seconds: float | None = None,
                    work: int | None = None, **kwargs: Any) -> T:
    """Run ``fn(*args, **kwargs)`` under the work limit of ``step``.

    Args:
        fn: the function to run.
        *args: its positional arguments.
        step: the step's name: what the limit bounds (``"solve"``, ``"series"``, ...);
            it selects the default limit and names the step in the error.
        seconds: the limit in reference seconds of work (scaled by
            ``config.effort``); ``None`` takes ``config.budget_for(step)``.
        work: the limit in calls, exact (not scaled); overrides ``seconds``.
        **kwargs: its keyword arguments.

    Returns:
        What ``fn`` returns.

    Raises:
        BudgetExceeded: the step made more calls than its limit (``err.kind ==
            "work"``), or ran past the outer clock guard (``err.kind == "time"``);
            ``err.step`` names the step.
    """
    if work is None:
        if seconds is None:
            seconds = config.budget_for(step)
        if seconds is None or seconds == float("inf"):
            return fn(*args, **kwargs)
        if seconds <= 0:
            raise BudgetExceeded(step, 0, kind="work")
        work = _calls_for(float(seconds))
    if work <= 0:
        raise BudgetExceeded(step, 0, kind="work")
    guard = float(config.time_limit) if config.time_limit else float("inf")
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        return _run_counted(fn, args, kwargs, step, int(work), guard)
    if hasattr(os, "fork"):
        return _run_in_child(fn, args, kwargs, step, int(work), guard)
    return fn(*args, **kwargs)


def _on_alarm(signum: int, frame: Any) -> None:
    now = time.monotonic()
    for entry in _stack:  # outermost first: an outer limit that ran out wins
        kind = entry.exceeded(_count, now)
        if kind is not None:
            entry.kind = kind
            # Python drops an exception raised where nothing can catch it (a ``gc``
            # callback, a ``__del__``; hypothesis installs such a callback) and code
            # with a bare ``except:`` may swallow it: fire again until the step's
            # own frame has caught it, or the limited code would run on unbounded.
            signal.setitimer(signal.ITIMER_REAL, _RETRY_SECONDS)
            raise _Interrupt(entry)
    _arm()


def _arm() -> None:
    """Point the counter at the innermost work limit and the timer at the nearest clock guard."""
    global _next_stop
    if not _stack:
        _next_stop = sys.maxsize
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    _next_stop = min(e.work_end for e in _stack)
    remaining = min(e.deadline for e in _stack) - time.monotonic()
    if remaining == float("inf"):
        signal.setitimer(signal.ITIMER_REAL, 0)
    else:
        signal.setitimer(signal.ITIMER_REAL, max(remaining, 1e-5))


def _run_counted(fn: Callable[..., T], args: tuple, kwargs: dict, step: str, calls: int, guard: float) -> T:
    global _previous_tracer, _restore_profile, _counting
    outermost = not _stack
    previous_handler = signal.getsignal(signal.SIGALRM) if outermost else None
    if outermost:
        _restore_profile = sys.getprofile()
    counting = not (outermost and _restore_profile is not None and not callable(_restore_profile))
    if outermost:
        signal.signal(signal.SIGALRM, _on_alarm)
        _previous_tracer = _restore_profile
        _counting = counting
        if counting:  # under a C-level profiler (cProfile) only the clock guard bounds the step
            sys.setprofile(_tracer)
    if outermost and config.fresh_cache:  # the count then does not depend on what ran before
        clear_cache()
    entry = _Entry(step, calls, _count, guard)
    _stack.append(entry)
    propagating = False
    bar = None
    try:
        if outermost:
            bar = _BudgetBar.start_if_worth_it(entry)
        entry.work_end = _count + calls  # count fn's own work only
        _ensure_counting()
        _arm()
        result = fn(*args, **kwargs)
        if _count > entry.work_end:  # passed the limit just before returning: same decision as an interrupt
            raise BudgetExceeded(step, calls, kind="work")
        return result
    except _Interrupt as first:
        interrupt = first
        while True:  # caught: no more retries while it is handled
            try:  # (a retry that fired before the timer is stopped lands here, not past this handler:
                signal.setitimer(signal.ITIMER_REAL, 0)  # under load 50 ms pass easily while unwinding)
                break
            except _Interrupt as again:
                interrupt = again
        if outermost or interrupt.entry is entry:
            raise interrupt.entry.error() from None
        propagating = True
        raise  # an outer limit ran out: let it reach its own run_with_budget
    finally:
        if bar is not None:
            bar.done.set()
        _leave(entry, outermost, previous_handler, propagating)


def _leave(entry: _Entry, outermost: bool, previous_handler: Any, propagating: bool) -> None:
    """Close a limit: stop the timer, drop ``entry``, restore handler and tracer (outermost) or re-arm.

    The signal may already be on its way when this starts (CPython runs the
    Python-level handler at the next byte-code), and the handler then raises
    :class:`_Interrupt` *inside* this cleanup.  Left alone, that skips the rest
    of it: the expired entry stays on the stack and the handler keeps firing
    every 50 ms into whatever runs next.  So an interrupt here is caught and the
    cleanup done again (every step is idempotent).  Nothing is lost: an interrupt
    of this limit is moot (it is closing), and one of an expired outer limit is
    raised again by :func:`_arm` at once.
    """
    global _previous_tracer, _next_stop, _counting
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            for i, item in enumerate(_stack):
                if item is entry:
                    del _stack[i]
                    break
            if outermost:
                if sys.getprofile() is _tracer or (_counting and sys.getprofile() is None):
                    sys.setprofile(_restore_profile)
                _previous_tracer = None
                _counting = False
                _next_stop = sys.maxsize
                signal.signal(signal.SIGALRM, previous_handler)
            elif propagating:  # the outer limit's interrupt travels on: fire again should it be swallowed
                _ensure_counting()
                signal.setitimer(signal.ITIMER_REAL, _RETRY_SECONDS)
            else:
                _ensure_counting()
                _arm()
                if _stack and _count > _next_stop:
                    _request_stop()
            return
        except _Interrupt:
            continue


class _BudgetBar(threading.Thread):
    """A progress bar for a long limited step: work done against its limit.

    Shown only where :func:`symopt.display.progress_enabled` says (a Jupyter
    kernel or a terminal; ``config.progress``), only for the outermost limit,
    and only once the step has run ``config.progress_delay`` seconds.  A daemon
    thread draws it, so the limited work is never touched; the thread ends when
    the step does, so no bar outlives its step.
    """

    def __init__(self, entry: _Entry, delay: float):
        super().__init__(name=f"symopt-budget-{entry.step}", daemon=True)
        self.entry, self.delay = entry, delay
        self.done = threading.Event()

    @classmethod
    def start_if_worth_it(cls, entry: _Entry) -> "_BudgetBar | None":

        if not progress_enabled():
            return None
        bar = cls(entry, config.progress_delay)
        bar.start()
        return bar

    def run(self) -> None:
        if self.done.wait(self.delay):
            return

        total = self.entry.calls / 1e6
        start = self.entry.work_end - self.entry.calls
        bar = tqdm_class(widget=False)(total=round(total, 1), desc=f"symopt: {self.entry.step} (work limit)",
                                       unit="M calls", leave=False,
                                       bar_format="{desc}: {n:.1f}/{total} M calls |{bar}|")
        try:
            while not self.done.wait(0.25):
                bar.n = round(min((_count - start) / 1e6, total), 1)
                bar.refresh()
        finally:
            bar.close()


def _run_in_child(fn: Callable[..., T], args: tuple, kwargs: dict, step: str, calls: int, guard: float) -> T:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: its only thread is its main thread, which counts as above
        os.close(read_fd)
        try:
            try:
                try:
                    value = run_with_budget(fn, *args, step=step, work=calls, **kwargs)
                finally:  # no retry of an interrupt may land in the pickling below
                    signal.setitimer(signal.ITIMER_REAL, 0)
                    signal.signal(signal.SIGALRM, signal.SIG_IGN)
                payload = pickle.dumps(("ok", value))
            except BaseException as exc:  # noqa: BLE001 - shipped back to the parent (an _Interrupt that landed
                # in the limit's own clean-up pickles as the BudgetExceeded it stands for)
                try:
                    payload = pickle.dumps(("err", exc))
                except Exception:  # noqa: BLE001
                    payload = pickle.dumps(("err", RuntimeError(repr(exc))))
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(0)
    os.close(write_fd)
    deadline = time.monotonic() + guard
    chunks: list[bytes] = []
    import select

    with os.fdopen(read_fd, "rb", buffering=0) as pipe:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                _kill(pid)
                raise BudgetExceeded(step, guard, kind="time")
            ready, _, _ = select.select([pipe], [], [], min(remaining, 3600.0))
            if not ready:
                continue
            chunk = pipe.read(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    os.waitpid(pid, 0)
    if not chunks:
        raise BudgetExceeded(step, calls, "the worker process ended without a result", kind="work")
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
