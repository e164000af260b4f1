"""One run per proof file per test session, shared by tests/test_proofs.py and tests/test_proofs_fairness.py."""

from __future__ import annotations

import pathlib
from dataclasses import replace

from symopt.claims import load_proof

PROOFS = pathlib.Path(__file__).resolve().parent.parent / "proofs"
_CACHE: dict[str, list] = {}


def results(stem: str) -> list:
    """The claims of ``proofs/<stem>.py``, tagged with their section, computed once."""
    if stem not in _CACHE:
        _CACHE[stem] = [replace(r, section=stem) for r in load_proof(PROOFS / f"{stem}.py")()]
    return _CACHE[stem]
