"""Shared helpers for the benchmarks: timing, tables and JSON results."""

from __future__ import annotations

import json
import os
import pathlib
import platform
import time
from typing import Any, Callable

RESULTS = pathlib.Path(__file__).resolve().parent / "results"


def best_of(fn: Callable[[], Any], repeat: int = 3) -> float:
    """Smallest wall time of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def machine() -> dict:
    """What the figures were measured on."""
    return {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(), "system": platform.system()}


def write_results(name: str, rows: list[dict], extra: dict | None = None) -> pathlib.Path:
    """Write ``bench/results/NAME.json``."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"benchmark": name, "machine": machine(), "rows": rows, **(extra or {})}, indent=2))
    return path


def table(rows: list[dict], columns: list[str]) -> str:
    """A plain-text table."""
    widths = [max(len(c), *(len(_fmt(r.get(c))) for r in rows)) for c in columns]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths))]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(_fmt(r.get(c)).ljust(w) for c, w in zip(columns, widths)))
    return "\n".join(lines)


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    return "-" if v is None else str(v)
