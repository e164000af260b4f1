"""Shared test settings: matplotlib off-screen, hypothesis profiles."""

import os

import matplotlib

matplotlib.use("Agg")

from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "symopt",
    deadline=None,
    max_examples=int(os.environ.get("SYMOPT_HYPOTHESIS_EXAMPLES", "40")),
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("symopt")

# ----------------------------------------------------------------- hang guard
# A test that runs past this limit dumps every thread's stack and ends the run
# (exit status 1) instead of hanging CI: symopt's own budgets interrupt runaway
# SymPy work, and this guard catches whatever those budgets miss.
import faulthandler  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

PER_TEST_SECONDS = float(os.environ.get("SYMOPT_TEST_TIMEOUT", "600"))
_REAL_STDERR = pytest.StashKey()


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    """Keep a handle on the real stderr: pytest captures fd 2 around each test."""
    capture = config.pluginmanager.getplugin("capturemanager")
    suspend = getattr(capture, "suspend_global_capture", None)
    if suspend is not None:
        suspend(in_=False)
    try:
        config.stash[_REAL_STDERR] = os.fdopen(os.dup(2), "w")
    finally:
        resume = getattr(capture, "resume_global_capture", None)
        if resume is not None:
            resume()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    stream = item.config.stash.get(_REAL_STDERR, sys.__stderr__)
    faulthandler.dump_traceback_later(PER_TEST_SECONDS, exit=True, file=stream)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


# ----------------------------------------------------------------- global state guard
# A test that changes mpmath's global precision changes every later test (the
# order-dependent failures of stop 20 came from a module-level ``mp.dps = 40``).
import mpmath  # noqa: E402


@pytest.fixture(autouse=True)
def _mpmath_precision_unchanged(request):
    before = (mpmath.mp.prec, mpmath.iv.prec)
    yield
    after = (mpmath.mp.prec, mpmath.iv.prec)
    if after != before:
        mpmath.mp.prec, mpmath.iv.prec = before
        pytest.fail(f"{request.node.nodeid} changed mpmath's global precision (mp.prec, iv.prec) from {before} to "
                    f"{after}; use mpmath.workprec / workdps", pytrace=False)
