r"""The verdict: is ``f`` <property> on the domain? ``proved`` with evidence, ``refuted`` with a witness, or ``unknown``.

:meth:`Verdict.check` re-verifies every piece of evidence (or the witness) and
that it is about this verdict's function and property: a convexity proof of
``-f`` for "concave", of ``f - m/2 ||x||^2`` for "strongly convex", of
``L/2 ||x||^2 -+ f`` for "L-smooth".
"""

from __future__ import annotations

from typing import ClassVar

from dataclasses import dataclass, field

import sympy as sp

from ..results import summary_latex
from ..core.domain import Box
from ..display import html_table, markdown_table, short_repr
from ..exact.signs import is_zero_identity
from .evidence import Evidence, Witness, certifies_convex, certifies_strict
from .evidence_combine import LogReduction, QuasiProof, Reduction
from .evidence_curvature import CurvatureBoundProof
from .evidence_dcp import DCPStep
from .witnesses import (
    AffineSegmentWitness,
    BoundedSlopeWitness,
    CurvatureFamilyWitness,
    GeometricJensenWitness,
    JensenWitness,
    KinkWitness,
    LipschitzWitness,
    QuasiJensenWitness,
    SingularHessianWitness,
)


__all__ = ["Verdict", "STATUSES"]

STATUSES = ("proved", "refuted", "unknown")


@dataclass(frozen=True)
class Verdict:
    """The answer to "is ``expr`` <property> on ``domain``?".

    Attributes:
        status: ``"proved"``, ``"refuted"`` or ``"unknown"``.
        property: ``"convex"``, ``"strictly convex"``, ``"strongly convex"``,
            ``"concave"`` or ``"L-smooth"``.
        expr: the objective.
        variables: its variables.
        domain: the :class:`~symopt.core.domain.Box` asked about.
        evidence: proof objects (for ``proved``).
        reason: one line saying how it was decided, or why it was not.
        witness: the counterexample (for ``refuted``).
        parameter: the strong-convexity modulus ``m`` or smoothness constant ``L``.

    ``bool(verdict)`` raises ``TypeError``: compare ``verdict.status`` instead.
    """

    STATUS_KIND: ClassVar[str] = "verdict"  # symopt.results: its status vocabulary

    status: str
    property: str
    expr: sp.Expr
    variables: tuple
    domain: Box
    evidence: tuple = ()
    reason: str = ""
    witness: Witness | None = None
    parameter: sp.Expr | None = None
    notes: tuple = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}")
        if self.status == "proved" and not self.evidence:
            raise ValueError("a proved verdict needs evidence")
        if self.status == "refuted" and self.witness is None:
            raise ValueError("a refuted verdict needs a witness")

    def __bool__(self) -> bool:
        raise TypeError("a Verdict is not a bool (it may be 'unknown'); compare verdict.status == 'proved'")

    @property
    def proved(self) -> bool:
        """``status == "proved"``."""
        return self.status == "proved"

    @property
    def refuted(self) -> bool:
        """``status == "refuted"``."""
        return self.status == "refuted"

    def check(self) -> bool:
        """Re-verify the evidence (proved) or the witness (refuted); ``True`` for unknown (nothing claimed).

        Besides each object's own check, the evidence must be about this
        verdict's expression and property (a convexity proof of ``-f`` for
        "concave", of ``f - m/2 ||x||^2`` for "strongly convex", ...).
        """
        if self.status == "proved":
            return bool(self.evidence) and all(self._matches(ev) and ev.check() for ev in self.evidence)
        if self.status == "refuted":
            return self.witness is not None and self._witness_matches() and self.witness.check()
        return True

    def _targets(self) -> list[sp.Expr]:
        sq = sp.Add(*[v**2 for v in self.variables])
        f, p = self.expr, self.parameter
        if self.property == "concave":
            return [-f]
        if self.property == "strongly convex" and p is not None:
            return [f - p / 2 * sq]
        if self.property == "L-smooth" and p is not None:
            return [p / 2 * sq - f, f + p / 2 * sq]
        return [f]

    def _matches(self, ev: Evidence) -> bool:
        f, prop, p = self.expr, self.property, self.parameter
        if getattr(ev, "box", self.domain) != self.domain:
            return False
        if prop == "convex":
            return certifies_convex(ev, f)
        if prop == "strictly convex":
            return certifies_strict(ev, f)
        if prop in ("quasiconvex", "quasiconcave"):
            return (isinstance(ev, QuasiProof) and ev.sign == (1 if prop == "quasiconvex" else -1)
                    and is_zero_identity(ev.f, f))
        if prop in ("log-convex", "log-concave"):
            return isinstance(ev, LogReduction) and ev.kind == prop and is_zero_identity(ev.f, f)
        if isinstance(ev, CurvatureBoundProof):
            return (prop in ("L-smooth", "strongly convex") and ev.property == prop and p is not None
                    and ev.parameter == p and tuple(ev.variables) == tuple(self.variables) and is_zero_identity(ev.f, f))
        if not isinstance(ev, Reduction) or not is_zero_identity(ev.f, f) or tuple(ev.variables) != tuple(self.variables):
            return False
        wanted = {"concave": ("negate",), "strongly convex": ("strong",), "L-smooth": ("smooth-upper", "smooth-lower")}[prop]
        return ev.transform == wanted and (prop == "concave" or (p is not None and ev.parameter == p))

    def _witness_matches(self) -> bool:
        w = self.witness
        if getattr(w, "box", None) != self.domain or tuple(getattr(w, "variables", ())) != tuple(self.variables):
            return False
        if isinstance(w, LipschitzWitness):
            return self.property == "L-smooth" and is_zero_identity(w.expr, self.expr) and w.L == self.parameter
        same = is_zero_identity(getattr(w, "expr", sp.nan), self.expr)
        if isinstance(w, SingularHessianWitness):
            return self.property == "strongly convex" and same
        if isinstance(w, KinkWitness):
            return self.property == "L-smooth" and same
        if isinstance(w, BoundedSlopeWitness):
            return self.property == "strongly convex" and same
        if isinstance(w, CurvatureFamilyWitness):
            wanted = ("vanishing",) if self.property == "strongly convex" else ("above", "below")
            return self.property in ("strongly convex", "L-smooth") and w.bound in wanted and same
        if isinstance(w, AffineSegmentWitness):
            return self.property in ("strictly convex", "strongly convex") and same
        if isinstance(w, GeometricJensenWitness):
            return self.property == w.kind and same
        if isinstance(w, QuasiJensenWitness):
            return self.property == w.kind and same
        if self.property in ("quasiconvex", "quasiconcave", "log-convex", "log-concave"):
            return False
        if not isinstance(w, JensenWitness):
            return False
        if self.property in ("strictly convex", "strongly convex") and self.parameter is None:
            return is_zero_identity(w.expr, self.expr)
        if w.kind != "strict":
            return False
        return any(is_zero_identity(w.expr, t) for t in self._targets())

    def explain(self) -> str:
        """A few lines of text: the verdict, the reason, the evidence or witness."""
        what = self.property + (f" (parameter {self.parameter})" if self.parameter is not None else "")
        lines = [f"{self.expr} on {self.domain.describe()}: {what}: {self.status}", f"  reason: {self.reason}"]
        for ev in self.evidence:
            if ev is self.witness:
                continue
            lines.append(f"  evidence: {ev.summary()}")
            if isinstance(ev, DCPStep):
                lines.append(ev.tree(2))
        if self.witness is not None:
            lines.append(f"  witness: {self.witness_text()}")
        return "\n".join(lines)

    def witness_text(self) -> str:
        """The witness as the inequality that holds for the user's ``f`` (empty without a witness).

        A concavity question stores its Jensen witness for ``-f``; the text
        states the reverse inequality for ``f`` itself (``f(mid) < mean``).  A
        witness for a transformed function (``f - m/2 ||x||^2``) names it.
        """
        w = self.witness
        if w is None:
            return ""
        if isinstance(w, JensenWitness):
            if is_zero_identity(w.expr, self.expr):
                return w.statement(1, "f")
            if is_zero_identity(w.expr, -self.expr):
                return w.statement(-1, "f") + " (f is not concave)"
            return w.statement(1, "g") + f", where g = {w.expr}"
        return w.summary()

    # -- display (symopt.display's conventions) ------------------------------------------

    def __repr__(self) -> str:

        head = f"{self.property}: {self.status}"
        fields: dict = {"f": str(self.expr), "on": self.domain.describe()}
        if self.parameter is not None:
            fields["parameter"] = str(self.parameter)
        if self.status == "proved":
            fields["evidence"] = "; ".join(type(ev).__name__ for ev in self.evidence)
        elif self.status == "refuted":
            fields["witness"] = type(self.witness).__name__
        else:
            fields["reason"] = self.reason
        return short_repr("Verdict", head, **fields)

    def _display_rows(self) -> list:
        rows: list = [["question", f"is f {self.property} on {self.domain.describe()}?"],
                      ["f", self.expr], ["status", self.status]]
        if self.parameter is not None:
            rows.append(["parameter", self.parameter])
        if self.reason:
            rows.append(["reason", self.reason])
        for ev in self.evidence:
            if ev is not self.witness:
                rows.append([f"evidence ({type(ev).__name__})", ev.summary()])
        if self.witness is not None:
            rows.append([f"witness ({type(self.witness).__name__})", self.witness_text()])
        return rows

    def _repr_latex_(self) -> str:
        return summary_latex(self)

    def _repr_html_(self) -> str:

        note = {"proved": "check() re-verifies the evidence independently of the search that found it",
                "refuted": "check() re-verifies the witness in exact arithmetic",
                "unknown": "nothing is claimed"}[self.status]
        return html_table(["", ""], self._display_rows(), title=f"Verdict: {self.property}: {self.status}",
                          notes=[note], math=True)

    def _repr_markdown_(self) -> str:

        return markdown_table(["", ""], self._display_rows(), title=f"Verdict: {self.property}: {self.status}")

    def to_json(self) -> dict:
        """The same dict as :meth:`to_dict` (kept as an alias for one release: it never returned JSON text)."""
        return self.to_dict()

    def to_dict(self) -> dict:
        """A JSON-ready dict with keys ``status``, ``property``, ``reason``, ``witness``, ``evidence``, ...

        ``json.dumps(verdict.to_dict())`` is the JSON text.
        """
        return {
            "status": self.status,
            "property": self.property,
            "reason": self.reason,
            "witness": None if self.witness is None else {**self.witness.to_json(), "statement": self.witness_text()},
            "evidence": [ev.to_json() for ev in self.evidence],
            "parameter": None if self.parameter is None else str(self.parameter),
            "domain": self.domain.describe(),
            "expr": str(self.expr),
        }
