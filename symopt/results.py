"""The result contract (floor 0): what every symopt result type offers, and its status words.

Every result type (a verdict, a list of critical points, a rate, a trace, a
worst case, a checked claim, ...) follows one contract:

* ``status``: a word from the documented vocabulary of its *kind*
  (:data:`STATUS_VOCABULARIES`), named by the class attribute ``STATUS_KIND``;
* ``check()`` where it carries evidence: re-verifies the evidence with checkers
  that know nothing of the search that produced it;
* ``to_dict()``: plain JSON-ready data (the CLI's ``--json``);
* a short ``repr``, and ``_repr_latex_`` / ``_repr_html_`` for Jupyter
  (:mod:`symopt.display` formats them).

The vocabularies, one per kind of result:

========== ============================================== ===============================================
kind       statuses                                       meaning
========== ============================================== ===============================================
verdict    proved, refuted, unknown                       a property with a proof, a witness, or neither
claim      holds, fails, imprecise, unknown               a sentence of a text, checked (``symopt proofs``)
run        converged, diverged, max_steps                 an optimizer's trace
search     complete, incomplete                           a list that is complete only when a theorem says so
========== ============================================== ===============================================

    >>> from symopt.results import STATUS_VOCABULARIES
    >>> STATUS_VOCABULARIES["verdict"]
    ('proved', 'refuted', 'unknown')
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

__all__ = ["STATUS_VOCABULARIES", "Result", "follows_contract", "status_words"]

#: The status words of each kind of result.
STATUS_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "verdict": ("proved", "refuted", "unknown"),
    "claim": ("holds", "fails", "imprecise", "unknown"),
    "run": ("converged", "diverged", "max_steps"),
    "search": ("complete", "incomplete"),
}


@runtime_checkable
class Result(Protocol):
    """The shape every result type has (a :class:`typing.Protocol`: nothing to inherit)."""

    STATUS_KIND: str

    @property
    def status(self) -> Any: ...

    def to_dict(self) -> dict: ...

    def _repr_html_(self) -> str: ...

    def _repr_latex_(self) -> str: ...


def status_words(result: Any) -> tuple[str, ...]:
    """The vocabulary ``result.status`` is drawn from (its class's ``STATUS_KIND``)."""
    return STATUS_VOCABULARIES[type(result).STATUS_KIND]


def follows_contract(result: Any) -> list[str]:
    """What ``result`` lacks of the contract: an empty list when it follows it.

    Checks the kind and status word, that ``to_dict()`` gives a ``dict``, that the
    ``repr`` is one short line, and that the rich displays return text.  (Whether
    ``check()`` is right is each result type's own tests' business.)
    """
    problems: list[str] = []
    kind = getattr(type(result), "STATUS_KIND", None)
    if kind not in STATUS_VOCABULARIES:
        problems.append(f"{type(result).__name__}: STATUS_KIND {kind!r} is not a documented kind")
    else:
        status = result.status
        words = STATUS_VOCABULARIES[kind]
        if status not in words:
            problems.append(f"{type(result).__name__}: status {status!r} is not one of {words}")
    try:
        data = result.to_dict()
        if not isinstance(data, dict):
            problems.append(f"{type(result).__name__}: to_dict() gave {type(data).__name__}, not dict")
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        problems.append(f"{type(result).__name__}: to_dict() raised {type(exc).__name__}: {exc}")
    text = repr(result)
    if "\n" in text or len(text) > 400:
        problems.append(f"{type(result).__name__}: repr is not one short line ({len(text)} characters)")
    for method in ("_repr_html_", "_repr_latex_"):
        shown = getattr(result, method, None)
        if shown is None:
            problems.append(f"{type(result).__name__}: no {method}")
            continue
        try:
            if not isinstance(shown(), str):
                problems.append(f"{type(result).__name__}: {method}() is not text")
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            problems.append(f"{type(result).__name__}: {method}() raised {type(exc).__name__}: {exc}")
    return problems
