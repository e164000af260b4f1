r"""Convexity with proofs: ``symopt.convexity(obj, domain, property)`` returns a :class:`Verdict`.

The package, on floor 3 of symopt's layout (it imports :mod:`symopt.core`,
:mod:`symopt.exact` and floor 0, never another analysis package)::

    verdict            Verdict: proved | refuted | unknown, check(), to_dict()
    evidence           Evidence / Witness bases, Nonnegative, Hessian and form certificates } the checkers: import
    evidence_dcp       atoms (curvature, monotonicity), the composition rule, DCPStep } only core/, exact/, floor 0
    evidence_combine   reductions, sums, maxima, compositions, log / quasi           } and each other; they know
    evidence_pieces    piecewise and grid-cell convexity                             } nothing of the search
    witnesses          Jensen, Lipschitz, singular-Hessian, kink, ... counterexamples }
    decide             convexity(): the layers, cheapest first, under a work budget
    dcp                the search for a composition-rule proof tree
    nonnegative, sos   proofs of h >= 0 (enclosures, Sturm, sums of squares, branch-and-bound)
    search             numeric search for counterexamples, made exact
    nonsmooth          abs / max / min / Piecewise split at kinks and cells; sums by parts
    families, constants  refutations for every constant at once; candidate m and L
    quasi              log-convexity / log-concavity, quasiconvexity
    compose            monotone substitutions f = phi(s): convexity and quasiconvexity
    forms              strict convexity of polynomials by homogeneity (the cube's faces)
    kernels            strict convexity of a sum: each term affine only along its subspace, the subspaces meet in 0
    evidence_strict    strictly convex powers of injective Euclidean norms; a strictly convex part plus a convex part
    strict_parts       the search for that split of a sum
    context            the working context (box, deadline, the deciders the piecewise layers call)

``symopt.convexity`` is both this package and the function: the one deliberate
exception to "a module is not callable".  ``import symopt.convexity`` binds the
package on ``symopt`` (the import system sets the attribute), which would hide
the public function ``symopt.convexity(obj)`` of the DESIGN contract; the
package's module class is therefore swapped for a subclass whose ``__call__``
is :func:`~symopt.convexity.decide.convexity`.  So ``import symopt;
symopt.convexity(obj)``, ``from symopt.convexity import convexity`` and
``import symopt.convexity`` all work.

    >>> import symopt
    >>> symopt.convexity("x**2 + 2*y**2").status
    'proved'
"""

from __future__ import annotations

import sys
import types
from typing import Any

from .decide import PROPERTIES, convexity
from .evidence import (
    DiagonalPSD,
    Definedness,
    Evidence,
    FormStrictness,
    HessianCertificate,
    IntervalHessianCover,
    LeadingFormStrictness,
    LeadingMinors,
    Nonnegative,
    PrincipalMinors,
    Witness,
    certifies_convex,
    certifies_strict,
)
from .evidence_combine import (
    AffineComposition,
    LogReduction,
    MaxOfConvex,
    MonotoneComposition,
    QuasiProof,
    Reduction,
    Rewritten,
    Separable,
    StrictFromAnalyticity,
    SumOfConvex,
)
from .evidence_dcp import DCPStep
from .evidence_pieces import GridPiecewiseConvex, PiecewiseConvex
from .kernels import KernelStrictness
from .nonnegative import prove_nonnegative
from .verdict import STATUSES, Verdict
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

__all__ = [
    "convexity", "PROPERTIES", "prove_nonnegative", "Verdict", "STATUSES",
    "Evidence", "Witness", "certifies_convex", "certifies_strict",
    "Nonnegative", "Definedness", "PrincipalMinors", "LeadingMinors", "DiagonalPSD", "IntervalHessianCover",
    "HessianCertificate", "DCPStep", "Reduction", "StrictFromAnalyticity", "Separable", "Rewritten", "SumOfConvex",
    "AffineComposition", "MaxOfConvex", "LogReduction", "QuasiProof", "GridPiecewiseConvex", "PiecewiseConvex",
    "JensenWitness", "LipschitzWitness", "SingularHessianWitness", "CurvatureFamilyWitness", "BoundedSlopeWitness",
    "KinkWitness", "AffineSegmentWitness", "GeometricJensenWitness", "QuasiJensenWitness",
    "MonotoneComposition", "FormStrictness", "LeadingFormStrictness", "KernelStrictness",
]


class _CallableModule(types.ModuleType):
    """The package's module class: calling it calls :func:`convexity` (see the module docstring)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Verdict:
        return convexity(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
