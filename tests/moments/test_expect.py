"""The expectation operator: Isserlis / Wick by hand, rejection of non-polynomials, size limits,
and agreement with exact enumeration over discrete laws on random polynomials."""

from fractions import Fraction
from math import prod

import mpmath
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symlandscape.exact.numbers import InputError, WorkLimitExceeded
from symlandscape.moments import (
    Discrete,
    Gaussian,
    MomentLaw,
    enumerate_expectation,
    expect,
    rademacher,
    three_point,
    two_point,
)

w, v, u = sympy.symbols("w v u")


@pytest.mark.parametrize("k", range(0, 9))
def test_gaussian_moments_against_mpmath_quadrature(k):
    """E w^k for N(0, 2/3) by numerical integration at 40 digits (an independent route)."""
    s2 = Fraction(2, 3)
    mpmath.mp.dps = 40
    num = mpmath.quad(lambda t: t ** k * mpmath.exp(-t * t / (2 * mpmath.mpf(2) / 3)), [-mpmath.inf, mpmath.inf])
    num /= mpmath.sqrt(2 * mpmath.pi * mpmath.mpf(2) / 3)
    exact = Gaussian(s2).moment(k)
    assert abs(num - mpmath.mpf(exact.p) / exact.q) < mpmath.mpf(10) ** -30


def test_wick_four_distinct_pairings():
    """E[(w v)^2 u^2] = s2^3 and E[(w + v)^2 (w - v)^2] = E w^4 - 2 E w^2 v^2 + E v^4 = 4 s2^2."""
    s2 = sympy.Symbol("s2", positive=True)
    g = Gaussian(s2)
    assert expect((w * v * u) ** 2, ([w, v, u], g)) == s2 ** 3
    assert expect((w + v) ** 2 * (w - v) ** 2, ([w, v], g)) == 4 * s2 ** 2


def test_general_law_keeps_unknown_moments_symbolic():
    law = MomentLaw({2: 1})
    assert expect(w ** 3 * v ** 2 + w * v, ([w, v], law)) == sympy.Symbol("m3")


@pytest.mark.parametrize("bad", [1 / w, sympy.sqrt(w), sympy.exp(w), w ** sympy.Rational(1, 2)])
def test_non_polynomials_rejected(bad):
    with pytest.raises(InputError, match="not a polynomial"):
        expect(bad, ([w], Gaussian(1)))


def test_size_limits():
    with pytest.raises(WorkLimitExceeded):
        expect((w + v + u + 1) ** 6, ([w, v, u], Gaussian(1)), max_terms=10)
    with pytest.raises(WorkLimitExceeded):
        enumerate_expectation(lambda t: 0, 30, rademacher())


@pytest.mark.parametrize("values, probs", [([1, 2], ["1/2", "1/2"]), ([0, 1], [1, 0]), ([1], ["1/2"]),
                                           ([-1, 1], ["1/2", "1/3"])])
def test_bad_discrete_laws(values, probs):
    with pytest.raises(InputError):
        Discrete(values, probs)


LAWS = [rademacher(), three_point(), three_point(2, "1/5"), two_point(1, 3), two_point("1/2", 2)]


@settings(max_examples=40, deadline=None)
@given(law=st.sampled_from(LAWS),
       coeffs=st.lists(st.tuples(st.integers(-3, 3), st.integers(0, 4), st.integers(0, 4), st.integers(0, 3)),
                       min_size=1, max_size=6))
def test_expect_equals_enumeration(law, coeffs):
    """A random polynomial in 3 iid weights: moment substitution vs visiting every value."""
    poly = sum(c * w ** a * v ** b * u ** e for c, a, b, e in coeffs)
    fast = expect(poly, ([w, v, u], law))
    brute = enumerate_expectation(lambda t: sum(c * t[0] ** a * t[1] ** b * t[2] ** e for c, a, b, e in coeffs),
                                  3, law)
    assert fast == sympy.Rational(brute.numerator, brute.denominator)


def test_discrete_kurtosis_by_hand():
    assert three_point(1, "1/7").kappa == 7 and two_point(1, 7).kappa == sympy.Rational(43, 7)
    law = two_point(1, 7)
    assert sum(p for p in law.probs) == 1 and prod([1]) == 1
