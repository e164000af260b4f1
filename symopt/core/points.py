"""Critical points as results (floor 1): ``CriticalPoint``, the list ``CriticalPoints`` and the Hessian test.

The search lives in :mod:`symopt.critical`; ``CriticalPoints.check`` reaches it
through the one seam (:mod:`symopt.core.seam`).

    >>> import sympy as sp
    >>> classify_hessian(sp.Matrix([[2, 0], [0, -1]]))[0]
    'saddle'
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

import sympy as sp

from ..limits import run_with_budget
from ..errors import BudgetExceeded, SymoptError
from ..results import SearchStatus, plain, summary_latex
from . import seam
from .. import display


@dataclass(frozen=True)
class CriticalPoint:
    """A point where the gradient vanishes, with the second-derivative test's verdict.

    Attributes:
        point: ``{variable: value}``; values are exact SymPy numbers (rational, radical,
            or ``CRootOf`` with its index), or Floats when ``numeric`` is true, or
            expressions in free parameters.
        kind: ``"minimum"``, ``"maximum"``, ``"saddle"`` or ``"inconclusive"``.
        eigenvalues: the Hessian's eigenvalues at the point, as floats (empty
            when they depend on parameters).
        numeric: the coordinates are not exact (an interval-certified point: its
            ``enclosure`` holds the critical point, ``point`` is the enclosure's midpoint).
        reason: how the kind was decided.
        enclosure: ``((lo, hi), ...)`` rationals, one pair per variable, that provably
            contain the critical point (``None`` for points SymPy's ``solve`` gave).
    """

    point: dict
    kind: str
    eigenvalues: tuple[float, ...] = ()
    numeric: bool = False
    reason: str = ""
    enclosure: tuple | None = None

    def as_tuple(self) -> tuple:
        """The coordinates in variable order."""
        return tuple(self.point.values())

    def __repr__(self) -> str:
        coords = ", ".join(_short_value(v) for v in self.point.values())
        tag = ", numeric" if self.numeric else ""
        return f"CriticalPoint(({coords}), {self.kind}{tag})"


def _short_value(v: Any) -> str:
    if isinstance(v, sp.Expr) and not v.is_Rational and not v.free_symbols and not isinstance(v, sp.Float):
        try:
            return f"{float(v.evalf(20)):.10g}"
        except (TypeError, ValueError):
            pass
    return str(v)


class CriticalPoints(SearchStatus, list):
    """A list of :class:`CriticalPoint` that also says whether it is known to be complete.

    Attributes:
        complete: ``True`` only when the list is provably every critical point: on
            ``R^n`` for polynomials (exact algebraic method), or in ``box`` (interval
            method); ``status_text`` says which.
        note: how the points were found, and why the list may be incomplete.
        status: ``"complete"`` or ``"incomplete"`` (the ``search`` kind of
            :mod:`symopt.results`).
        status_text: the status in words: ``"complete (certified)"``,
            ``"complete in [-10, 10]^2 (certified)"`` or ``"incomplete: <why>"``.
        box: the box searched (interval method), else ``None``.
        components: positive-dimensional parts of the critical set
            (:class:`symopt.critical.Component`).
        undecided: sub-boxes ``(box, why)`` the interval method could not decide.
        certificate: the evidence (:class:`symopt.critical.AlgebraicCertificate` or
            :class:`symopt.critical.IntervalCertificate`), or ``None``.
    """

    def __init__(self, points: Iterable[CriticalPoint] = (), complete: bool = False, note: str = "", *,
                 status: str | None = None, box: Any = None, components: tuple = (), undecided: tuple = (),
                 certificate: Any = None, objective: Any = None, extra: int = 0):
        super().__init__(points)
        self.complete = complete
        self.note = note
        self._status = status
        self.box = box
        self.components = tuple(components)
        self.undecided = tuple(undecided)
        self.certificate = certificate
        self.objective = objective
        self.extra = extra

    @property
    def status_text(self) -> str:
        """``complete (certified)``, ``complete in <box> (certified)`` or ``incomplete: <why>``."""
        if self._status is not None:
            return self._status
        if self.complete:
            return "complete (certified)"
        return f"incomplete: {self.note or 'no certificate'}"

    def to_dict(self) -> dict:
        """JSON-ready data: the points with their kinds, status (word and text), note and box."""
        return plain({"points": [{"point": {str(k): v for k, v in cp.point.items()}, "kind": cp.kind}
                                 for cp in self],
                      "status": self.status, "status_text": self.status_text, "complete": self.complete,
                      "note": self.note, "box": self.box,
                      "components": [str(c) for c in self.components]})

    def _repr_latex_(self) -> str:  # the list's own repr may be long
        return summary_latex(f"{len(self)} critical point(s), {self.status_text}")

    def check(self) -> Any:
        """Re-verify the certificate against this list (independently of the search).

        Returns a :class:`symopt.critical.CheckResult`: ``"verified"``, ``"failed"`` (no
        certificate, or a point was dropped, added or moved) or ``"not re-checked"`` (the
        re-check ran out of its work limit); ``bool()`` of it is true only when verified.
        """
        return seam.critical().check_points(self)

    def _repr_html_(self) -> str:

        rows = [[", ".join(_short_value(v) for v in cp.point.values()), cp.kind, cp.reason] for cp in self]
        return display.html_table(["point", "kind", "how"], rows, title=f"critical points: {self.status_text}",
                                  notes=[self.note])


#: Atoms that leave an exact value without a finite real value (a pole, NaN, a kink's delta).
_NO_FINITE_VALUE = (sp.nan, sp.zoo, sp.oo, sp.DiracDelta)


def exact_sign(value: sp.Expr) -> int | None:
    """Sign (-1, 0, 1) of an exact constant, or ``None`` when it cannot be decided.

    Uses SymPy's assumptions, then a 60-digit evaluation (trusted only when
    clearly away from 0), then a budgeted simplification to 0.
    """
    value = sp.sympify(value)
    if value.has(*_NO_FINITE_VALUE):  # e.g. the third derivative of x**2*sqrt(x) at 0
        return None
    if value.is_zero:
        return 0
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    if value.free_symbols:
        return None
    try:
        approx = value.evalf(60)
    except (TypeError, ValueError, ArithmeticError):
        approx = None
    if approx is not None:
        real, imag = approx.as_real_imag()
        # callers pass values that are real by construction; radicals of the
        # casus irreducibilis leave rounding noise in the imaginary part.
        if (real.is_Number and imag.is_Number and real.is_finite and imag.is_finite
                and abs(imag) < sp.Float("1e-45") and abs(real) > sp.Float("1e-40")):
            return 1 if real > 0 else -1
    try:
        if run_with_budget(lambda: sp.simplify(value) == 0, step="simplify"):
            return 0
    except (BudgetExceeded, SymoptError, TypeError, ValueError):
        return None
    return None


def _float_matrix(H: sp.Matrix):
    """Float array of an exact real matrix (rounding noise in imaginary parts dropped), or None."""
    import numpy as np

    rows = []
    for row in H.evalf(30).tolist():
        out = []
        for entry in row:
            real, imag = entry.as_real_imag()
            finite = real.is_Number and imag.is_Number and real.is_finite and imag.is_finite
            if not finite or abs(imag) > sp.Float("1e-25") * max(1, abs(real)):
                return None
            out.append(float(real))
        rows.append(out)
    return np.array(rows, dtype=float)


def _inertia_numeric(H: sp.Matrix) -> tuple[int, int, int, tuple[float, ...]] | None:
    """(positive, negative, zero, eigenvalues) from float eigenvalues, when provably right.

    Weyl's inequality: eigvalsh of the rounded matrix has each eigenvalue within
    ``||E||_2 <= ||E||_F`` of the exact one, with ``E`` from the entries' rounding
    (``eps |h_ij|``) and the backward error of the solver (``c n eps ||H||_F``).
    Signs of eigenvalues farther than that bound from 0 are certain.
    """
    import numpy as np

    A = _float_matrix(H)
    if A is None:
        return None
    if not np.all(np.isfinite(A)):
        return None
    lam = np.linalg.eigvalsh(A)
    n = A.shape[0]
    margin = 64 * (n + 1) * np.finfo(float).eps * max(np.linalg.norm(A), 1e-300)
    if np.any(np.abs(lam) <= margin):
        return None
    pos = int(np.sum(lam > 0))
    return pos, n - pos, 0, tuple(float(v) for v in lam)


def _inertia_exact(H: sp.Matrix) -> tuple[int, int, int] | None:
    """(positive, negative, zero) eigenvalue counts by Descartes' rule on the characteristic polynomial.

    A symmetric matrix has only real eigenvalues, so Descartes' rule of signs is
    exact: the positive roots of ``det(tI - H)`` are its coefficient sign changes.
    """
    t = sp.Dummy("t")
    try:
        coeffs = run_with_budget(lambda: H.charpoly(t).all_coeffs(), step="eigen")
    except (BudgetExceeded, SymoptError):
        return None
    coeffs = coeffs[::-1]  # a_0, a_1, ..., a_n
    signs = [exact_sign(c) for c in coeffs]
    if any(s is None for s in signs):
        return None
    zeros = next(k for k, s in enumerate(signs) if s != 0)
    nonzero = [s for s in signs if s != 0]
    pos = sum(1 for a, b in zip(nonzero, nonzero[1:]) if a != b)
    n = H.shape[0]
    return pos, n - pos - zeros, zeros


def classify_hessian(H: sp.Matrix) -> tuple[str, tuple[float, ...], str]:
    """Second-derivative test on an exact Hessian.

    Returns:
        ``(kind, eigenvalues, reason)``; kind is ``minimum`` (positive definite),
        ``maximum`` (negative definite), ``saddle`` (eigenvalues of both signs)
        or ``inconclusive`` (semidefinite and singular, or undecidable).
    """
    if H.free_symbols:
        return "inconclusive", (), "the Hessian depends on free parameters"
    numeric = _inertia_numeric(H)
    eig: tuple[float, ...] = ()
    if numeric is not None:
        pos, neg, zero, eig = numeric
        how = "eigenvalue signs certified by Weyl's bound"
    else:
        exact = _inertia_exact(H)
        if exact is None:
            return "inconclusive", (), "the Hessian's eigenvalue signs could not be decided"
        pos, neg, zero = exact
        how = "eigenvalue signs from Descartes' rule on the characteristic polynomial (exact)"
        import numpy as np

        A = _float_matrix(H)
        eig = () if A is None else tuple(float(v) for v in np.linalg.eigvalsh(A))
    n = H.shape[0]
    if pos and neg:
        return "saddle", eig, f"Hessian has eigenvalues of both signs; {how}"
    if zero == 0 and pos == n:
        return "minimum", eig, f"Hessian positive definite; {how}"
    if zero == 0 and neg == n:
        return "maximum", eig, f"Hessian negative definite; {how}"
    return "inconclusive", eig, f"Hessian singular ({zero} zero eigenvalue(s)); {how}"
