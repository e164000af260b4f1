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
bound      certified, refuted, unbounded, unknown         a number with a certified enclosure (a minimum, L)
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

import numpy as np

__all__ = ["STATUS_VOCABULARIES", "Result", "SearchStatus", "follows_contract", "status_words", "summary_latex",
           "plain"]

#: The status words of each kind of result.
STATUS_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "verdict": ("proved", "refuted", "unknown"),
    "bound": ("certified", "refuted", "unbounded", "unknown"),
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
        words = STATUS_VOCABULARIES[kind]
        statuses = {str(s) for s in np.ravel(np.asarray(result.status, dtype=object))}  # a batch: one per member
        for status in sorted(statuses - set(words)):
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


_TEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
                 "_": r"\_", "%": r"\%", "^": r"\^{}", "~": r"\~{}"}


def summary_latex(result: Any) -> str:
    r"""A one-line LaTeX rendering of ``repr(result)``: ``$\text{...}$`` with TeX's specials escaped.

    >>> summary_latex("a_b {1}")
    '$\\text{a\\_b \\{1\\}}$'
    """
    text = result if isinstance(result, str) else repr(result)
    return r"$\text{" + "".join(_TEX_SPECIALS.get(ch, ch) for ch in text) + "}$"


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: arrays as lists, NumPy scalars as numbers, SymPy objects as text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


class SearchStatus:
    """Mixin for results over a list that may be incomplete (the ``search`` kind).

    The class provides ``complete`` (a theorem of the method that found the list,
    never a guess); ``status`` is then ``"complete"`` or ``"incomplete"``.
    """

    STATUS_KIND = "search"
    complete: bool

    @property
    def status(self) -> str:
        """``"complete"`` or ``"incomplete"``: whether the list is known to be all of them."""
        return "complete" if self.complete else "incomplete"

    def _repr_latex_(self) -> str:
        return summary_latex(self)
