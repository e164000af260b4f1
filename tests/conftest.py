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
