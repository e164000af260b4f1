"""``symopt --help`` start-up time vs ``python -c "import sympy"``.

Both run as fresh processes of the same interpreter (the one running this
script), so both pay the interpreter's start-up; the figure is the best of
``--repeat`` wall times.  ``symopt --help`` imports ``symopt.cli`` and every
command module's ``register`` (argparse only: SymPy, NumPy and matplotlib are
imported inside the commands).  Target: at most ``import sympy`` + 0.15 s.
Also recorded: ``import symopt`` and ``symopt analyze --help``.

Run: ``python bench/bench_cli_startup.py [--repeat 7]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, __import__("os").path.dirname(__file__))
from _common import table, write_results  # noqa: E402

MARGIN_S = 0.15

COMMANDS = {
    "python -c 'import sympy' (peer)": [sys.executable, "-c", "import sympy"],
    "python -c 'pass'": [sys.executable, "-c", "pass"],
    "symopt --help": [sys.executable, "-c", "import sys; from symopt.cli import main; sys.exit(main(['--help']))"],
    "symopt analyze --help": [sys.executable, "-c", "import sys; from symopt.cli import main; sys.exit(main(['analyze', '--help']))"],
    "python -c 'import symopt'": [sys.executable, "-c", "import symopt"],
}
_SCRIPT = shutil.which("symopt", path=os.path.dirname(sys.executable))
if _SCRIPT:  # the installed console script (its wrapper adds importlib.metadata's entry-point lookup)
    COMMANDS["symopt --help (console script)"] = [_SCRIPT, "--help"]


def wall(cmd: list[str], repeat: int) -> float:
    """Best wall time of ``repeat`` runs of ``cmd`` (output discarded; a non-zero exit is an error)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args(argv)
    times = {name: wall(cmd, args.repeat) for name, cmd in COMMANDS.items()}
    peer = times["python -c 'import sympy' (peer)"]
    rows = [{"command": name, "seconds": t, "minus_import_sympy_s": t - peer} for name, t in times.items()]
    ours = times["symopt --help"]
    print(table(rows, ["command", "seconds", "minus_import_sympy_s"]))
    met = ours <= peer + MARGIN_S
    print(f"symopt --help: {ours:.3f} s; target <= import sympy ({peer:.3f} s) + {MARGIN_S} s: {'met' if met else 'missed'}")
    write_results("cli_startup", rows, {"target_s": peer + MARGIN_S, "symopt_help_s": ours, "import_sympy_s": peer, "met": met})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
