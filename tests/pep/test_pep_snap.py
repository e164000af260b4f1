"""Exact structure restored in PEPit's float coefficients (the bridge's kernel snapping), issue 23.

PEPit computes its iterates' coefficients in floats: triple momentum's last iterate carries
``1 + 2^-52`` on ``x_0``, so the translation of every point is no longer exactly flat for the forms
read from those floats, and no rational dual point near the solver's has a PSD residual.  The bridge
makes such directions exactly flat by a congruence that moves each coefficient within 64 ulps of its
form's scale (:func:`symopt.pep.bridge._snap_kernel`).

References:

* [VFL18] Van Scoy, Freeman and Lynch, "The fastest known globally convergent first-order method for
  minimizing strongly convex functions", IEEE Control Syst. Lett. 2(1), 49-54 (2018), Theorem 1: triple
  momentum gives f(x_n) - f* <= rho^(2n) L kappa / 2 ||x_0 - x*||^2, rho = 1 - 1/sqrt(kappa), the value
  PEPit 0.5.1's example states as (empirically) tight at its ``__main__`` parameters (mu = 0.1, L = 1,
  n = 4): 0.2389250554; PEPit's own solve gives 0.2389251.
* [PR22] Park and Ryu, "Exact optimal accelerated complexity for fixed-point iterations", ICML 2022,
  Corollary 3.3 and Theorem 4.1: the optimal contractive Halpern iteration (A 1/gamma-contractive) has
  the tight worst case ||x_n - A x_n||^2 <= (1 + 1/gamma)^2 ((gamma - 1)/(gamma^(n+1) - 1))^2 ||x_0 - x*||^2
  (PEPit's example at n = 10, gamma = 1.1: 0.0106132325; PEPit's own solve 0.0106133).
* [GTD22] Goujaud, Taylor and Dieuleveut, "Optimal first-order methods for convex functions with a
  quadratic upper bound" (2022), Theorems 2.3 and 2.4: conjugate gradient on L-smooth convex functions
  with quadratic growth has the tight worst case f(x_n) - f* <= L / (2 (n + 1)) ||x_0 - x*||^2
  (PEPit's example: L = 1, n = 12, 1/26).
* PEPit 0.5.1's optimistic gradient example (n = 5, gamma = 1/4, L = 1) states its own value
  ||x_n - x_(n-1)||^2 <= 0.0663141 ||x_0 - x*||^2 in its docstring (no closed form is known to it).

* [DBL14] Defazio, Bach and Lacoste-Julien, "SAGA: a fast incremental gradient method with support for
  non-strongly convex composite objectives", NIPS 2014, Theorem 1: SAGA's Lyapunov function decreases by
  1 - gamma mu, gamma = 1/(2 (mu n + L)) (PEPit: empirically tight; L = 1, mu = 1/10, n = 5: 29/30).

The CG and optimistic gradient tests exercise phase 2 with ``S v = 0`` imposed on exact null directions and the plain diagonal
margin (the margin off the null directions alone left Clarabel at an infeasible reduced-accuracy point).
"""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction

import pytest

pytest.importorskip("clarabel")
pytest.importorskip("numpy")

from symopt.pep import bridge  # noqa: E402


def _form(p: dict[int, float]) -> dict[tuple[int, int], Fraction]:
    """``||sum_i p_i x_i||^2`` with every product computed in floats (as PEPit does), read exactly."""
    out: dict = {}
    for i, a in p.items():
        for j, b in p.items():
            if i <= j:
                out[(i, j)] = Fraction(a * b * (1 if i == j else 2))
    return {k: v for k, v in out.items() if v}


def _apply(Gd: dict, v: list[Fraction]) -> list[Fraction]:
    n = len(v)
    out = [Fraction(0)] * n
    for (i, j), c in Gd.items():
        if i == j:
            out[i] += c * v[i]
        else:
            out[i] += c * v[j] / 2
            out[j] += c * v[i] / 2
    return out


def _pep(c: float) -> bridge.ExactPEP:
    """Points x* (0), x0 (1), g (2); the iterate p = c x0 - g/2 (c = 1 up to rounding)."""
    cons = (("dist", {}, _form({1: c, 0: -1.0, 2: -0.5}), Fraction(1)),
            ("grad", {}, _form({2: 1.0}), Fraction(1)))
    meas = (({}, _form({1: 1.0, 0: -1.0, 2: -0.25})),)
    return bridge.ExactPEP(3, 0, cons, meas)


def test_snap_makes_a_float_broken_translation_exactly_flat():
    """c = 1 + 2^-52 (one ulp): the translation v = x* + x0 is flat only up to rounding before, exactly
    after; every coefficient moves by at most 4 * 64 ulps of its form's largest one."""
    raw = _pep(1.0 + 2.0 ** -52)
    v = [Fraction(1), Fraction(1), Fraction(0)]
    assert any(_apply(raw.constraints[0][2], v))  # broken by the float product
    snapped = bridge._snap_kernel(raw)
    for (_, _, G0, _), (_, _, G1, _) in zip(raw.constraints, snapped.constraints):
        assert not any(_apply(G1, v))
        big = max(abs(x) for x in G0.values())
        assert all(abs(G1.get(k, 0) - G0.get(k, 0)) <= 4 * Fraction(bridge.SNAP_REL) * big for k in set(G0) | set(G1))
    assert bridge._common_kernel(snapped) and not bridge._common_kernel(raw)


def test_snap_leaves_a_real_direction_alone():
    """c = 1 + 1e-9 is not rounding: the problem is returned unchanged (nothing is snapped)."""
    raw = _pep(1.0 + 1e-9)
    assert bridge._snap_kernel(raw) == raw


def _certify(name: str):
    pytest.importorskip("PEPit")
    from symopt.pep import pepit_library as pl

    path = dict(pl.example_files())[name]
    return bridge.certify_pepit(pl.capture(path)), path


def test_triple_momentum_is_certified_exactly():
    """[VFL18] at PEPit's parameters (mu = 0.1, L = 1, n = 4): proved within 1e-6 (relative) of the
    published tight value; before the snapping it was 'unknown' (no PSD residual)."""
    from symopt.pep import pepit_library as pl

    res, path = _certify("unconstrained_convex_minimization/triple_momentum")
    kappa, n = 10.0, 4
    rho = 1 - 1 / math.sqrt(kappa)
    published = rho ** (2 * n) * kappa / 2
    assert res.status == "proved" and res.check()
    assert abs(float(res.tau) - published) <= 1e-6 * published
    cert = res.certificate
    assert cert.matches(pl.capture(path))  # the snapping is part of the reading: deterministic
    assert bridge._common_kernel(cert.pep)  # the translation is exactly flat in the certified problem
    # tampered certificates are rejected
    assert not dataclasses.replace(cert, tau=cert.tau * Fraction(999999, 1000000)).check()
    lam = list(cert.multipliers)
    k = max(range(len(lam)), key=lambda i: lam[i])
    lam[k] += Fraction(1, 10**12)
    assert not dataclasses.replace(cert, multipliers=tuple(lam)).check()
    D = list(cert.D)
    j = next(i for i, d in enumerate(D) if d)
    D[j] = -D[j]
    assert not dataclasses.replace(cert, D=tuple(D)).check()


def test_optimal_contractive_halpern_is_certified_exactly():
    """[PR22] at PEPit's parameters (n = 10, gamma = 1.1): proved within 1e-5 (relative) of the tight
    value (1 + 1/gamma)^2 ((gamma - 1)/(gamma^(n+1) - 1))^2."""
    res, _ = _certify("fixed_point_problems/optimal_contractive_halpern_iteration")
    g = Fraction(11, 10)
    exact = (1 + 1 / g) ** 2 * ((g - 1) / (g ** 11 - 1)) ** 2
    assert res.status == "proved" and res.check()
    assert abs(res.tau - exact) <= Fraction(1, 10**5) * exact
    assert not dataclasses.replace(res.certificate, tau=exact * Fraction(99, 100)).check()


@pytest.mark.slow
def test_conjugate_gradient_qg_convex_is_certified_exactly():
    """[GTD22] at PEPit's parameters (L = 1, n = 12): proved, never below the tight 1/26, within 1e-6 of it
    (it was certified only from a reduced-accuracy solve before, then 'unknown')."""
    res, _ = _certify("unconstrained_convex_minimization/conjugate_gradient_qg_convex")
    exact = Fraction(1, 26)
    assert res.status == "proved" and res.check()
    assert exact <= res.tau <= exact * (1 + Fraction(1, 10**6))
    lam = list(res.certificate.multipliers)
    k = next(i for i, v in enumerate(lam) if v)
    lam[k] = lam[k] * Fraction(1 + 10**-9)
    assert not dataclasses.replace(res.certificate, multipliers=tuple(lam)).check()


@pytest.mark.slow
def test_optimistic_gradient_is_certified_exactly():
    """PEPit's own value for its optimistic gradient example (0.0663141, six digits in its docstring):
    proved within 1e-4 (relative)."""
    res, _ = _certify("monotone_inclusions_variational_inequalities/optimistic_gradient")
    assert res.status == "proved" and res.check()
    assert abs(float(res.tau) - 0.0663141) <= 1e-4 * 0.0663141
    assert not dataclasses.replace(res.certificate, tau=res.certificate.tau - Fraction(1, 10**15)).check()


def test_cancellation_residue_is_read_as_zero():
    """PEPit's 0.3 - 0.1 - 0.2 = -2.8e-17 next to a coefficient 1 is rounding, read as 0; a genuine 1e-12
    next to it is kept (exactly: 1/10^12)."""
    pytest.importorskip("PEPit")
    from PEPit.point import Point

    p, q = Point(), Point()
    _, G, _ = bridge._decompose(p * p + (p * q) * 0.3 - (p * q) * 0.1 - (p * q) * 0.2, {}, set())
    assert list(G.values()) == [1]
    _, G, _ = bridge._decompose(p * p + (p * q) * 1e-12, {}, set())
    assert sorted(G.values()) == [Fraction(1, 10**12), 1]


@pytest.mark.slow
def test_saga_is_certified_exactly():
    """[DBL14] at PEPit's parameters: proved within 1e-5 (relative) of 29/30.  PEPit's floats leave
    cancellation residues of 1e-18 in SAGA's averaged gradients; read exactly they broke the exact
    structure and the rounding found no PSD residual."""
    res, _ = _certify("stochastic_and_randomized_convex_minimization/saga")
    exact = Fraction(29, 30)
    assert res.status == "proved" and res.check()
    assert abs(res.tau - exact) <= Fraction(1, 10**5) * exact
    assert not dataclasses.replace(res.certificate, tau=res.certificate.tau * Fraction(99, 100)).check()
