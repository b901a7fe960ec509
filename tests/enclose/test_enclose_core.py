"""symlandscape.enclose against independent references: mpmath at 50 digits, exact inertia."""

from fractions import Fraction

import flint
import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symlandscape as sl
from symlandscape.enclose import (
    box_balls,
    certify_indefinite,
    certify_pd,
    eig_lower_bound,
    krawczyk,
    loss_bounds,
    pd_exact,
    to_fmpq,
)

rationals = st.fractions(min_value=-5, max_value=5, max_denominator=20)


def _q(x) -> flint.fmpq:
    x = Fraction(x)
    return flint.fmpq(x.numerator, x.denominator)


def _sqrt_system(a, b):
    """Gradient (x^2 - a, y^2 - b) and its Jacobian, in ball arithmetic."""
    return lambda w: ([w[0] ** 2 - a, w[1] ** 2 - b], flint.arb_mat([[2 * w[0], 0], [0, 2 * w[1]]]))


@settings(max_examples=40, deadline=None)
@given(st.fractions(min_value=Fraction(1, 10), max_value=50, max_denominator=50),
       st.fractions(min_value=Fraction(1, 10), max_value=50, max_denominator=50))
def test_krawczyk_certifies_the_true_root_and_only_it(a, b):
    with mpmath.workdps(50):
        ra, rb = mpmath.sqrt(mpmath.mpf(a.numerator) / a.denominator), mpmath.sqrt(mpmath.mpf(b.numerator) / b.denominator)
        ca = Fraction(mpmath.nstr(ra, 30))
        cb = Fraction(mpmath.nstr(rb, 30))
    eps = Fraction(1, 10 ** 8)
    f = _sqrt_system(_q(a), _q(b))
    box = [(_q(ca - eps), _q(ca + eps)), (_q(cb - eps), _q(cb + eps))]
    out = krawczyk(f, box)
    assert out.status == "certified"
    with mpmath.workdps(50):   # the certified image contains the true root (computed by mpmath)
        for k, r in zip(out.value, (ra, rb)):
            assert _q(Fraction(mpmath.nstr(r - mpmath.mpf(10) ** -25, 40))) < to_fmpq(k.upper())
            assert to_fmpq(k.lower()) < _q(Fraction(mpmath.nstr(r + mpmath.mpf(10) ** -25, 40)))
    # a box beside the root is never certified (it has no zero)
    off = [(_q(ca + 2 * eps), _q(ca + 3 * eps)), (_q(cb - eps), _q(cb + eps))]
    assert krawczyk(f, off).status in ("excluded", "undetermined")
    # a box holding both roots +-sqrt(a) in its first coordinate cannot be certified
    both = [(_q(-ca - 1), _q(ca + 1)), (_q(cb - eps), _q(cb + eps))]
    assert krawczyk(f, both).status != "certified"


def test_krawczyk_excludes_a_box_without_zero_and_is_undetermined_on_a_singular_jacobian():
    f = lambda w: ([w[0] ** 2 + 1], flint.arb_mat([[2 * w[0]]]))     # no real zero at all
    assert krawczyk(f, [(1, 2)]).status == "excluded"
    g = lambda w: ([w[0] ** 3], flint.arb_mat([[3 * w[0] ** 2]]))    # triple zero at 0: J(0) = 0
    out = krawczyk(g, [(-1, 1)])
    assert out.status == "undetermined" and out.reason


def _sym(entries, n):
    M = [[Fraction(0)] * n for _ in range(n)]
    it = iter(entries)
    for i in range(n):
        for j in range(i, n):
            M[i][j] = M[j][i] = next(it)
    return M


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(st.just(n), st.lists(rationals, min_size=n * (n + 1) // 2,
                                                                           max_size=n * (n + 1) // 2))))
def test_pd_exact_agrees_with_exact_inertia(arg):
    n, entries = arg
    M = _sym(entries, n)
    assert pd_exact(M) == (sl.inertia([[str(x) for x in r] for r in M]) == (n, 0, 0))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(st.just(n), st.lists(rationals, min_size=n * (n + 1) // 2,
                                                                           max_size=n * (n + 1) // 2))),
       st.sampled_from([Fraction(0), Fraction(1, 10 ** 6), Fraction(1, 100)]),
       st.integers(0, 2 ** 31))
def test_certify_pd_is_sound_on_sampled_members(arg, rad, seed):
    """Whenever a bound mu is certified, every sampled symmetric member of the enclosure has
    lambda_min >= mu (mpmath eigenvalues at 40 digits), and the midpoint has exact inertia (n, 0, 0)."""
    import random
    n, entries = arg
    M = _sym(entries, n)
    shift = Fraction(3)   # make many of them positive definite
    M = [[M[i][j] + (shift if i == j else 0) for j in range(n)] for i in range(n)]
    H = flint.arb_mat([[flint.arb(_q(M[i][j])) + flint.arb(0, flint.arb(_q(rad)).upper()) for j in range(n)]
                       for i in range(n)])
    out = eig_lower_bound(H)
    if not out.certified:
        return
    mu = Fraction(int(out.value.p), int(out.value.q))
    assert certify_pd(H, out.value).certified
    rng = random.Random(seed)
    with mpmath.workdps(40):
        for _ in range(5):
            E = _sym([Fraction(rng.randint(-1000, 1000), 1000) * rad for _ in range(n * (n + 1) // 2)], n)
            A = mpmath.matrix([[mpmath.mpf(M[i][j].numerator) / M[i][j].denominator
                                + mpmath.mpf(E[i][j].numerator) / E[i][j].denominator for j in range(n)]
                               for i in range(n)])
            lam = min(mpmath.eigsy(A)[0])
            assert lam >= mpmath.mpf(mu.numerator) / mu.denominator
        lam0 = min(mpmath.eigsy(mpmath.matrix([[mpmath.mpf(x.numerator) / x.denominator for x in r] for r in M]))[0])
    # tight: the certified bound is within the radius norm (+ slack) of the true lambda_min
    assert float(lam0) - float(mu) <= n * float(rad) + 1e-6 * max(1.0, abs(float(lam0)))


def test_certify_pd_refuses_a_bound_above_lambda_min():
    H = flint.arb_mat([[2, 1], [1, 2]])     # eigenvalues 1 and 3
    assert certify_pd(H, flint.fmpq(999, 1000)).certified
    assert not certify_pd(H, flint.fmpq(1001, 1000)).certified
    assert certify_pd(H, 1).status == "undetermined"    # exactly lambda_min: not strictly inside


def test_certify_indefinite_and_loss_bounds():
    H = flint.arb_mat([[flint.arb(1, 0.5), flint.arb(0, 0.1)], [flint.arb(0, 0.1), flint.arb(-1, 0.5)]])
    assert certify_indefinite(H, [0, 1], [1, 0]).certified
    H2 = flint.arb_mat([[flint.arb(1, 2), 0], [0, -1]])    # first diagonal entry may be negative
    assert certify_indefinite(H2, [0, 1], [1, 0]).status == "undetermined"
    lo, hi = loss_bounds(flint.arb(2).sqrt(), bits=30)
    assert lo * lo < 2 < hi * hi and hi - lo < flint.fmpq(1, 2 ** 28)


def test_box_balls_contain_the_endpoints():
    box = [(flint.fmpq(-1, 3), flint.fmpq(2, 7)), (flint.fmpq(5), flint.fmpq(5))]
    for b, (lo, hi) in zip(box_balls(box), box):
        assert b.contains(flint.arb(lo)) and b.contains(flint.arb(hi))
    with pytest.raises(ValueError):
        box_balls([(1, 0)])


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6).flatmap(lambda n: st.tuples(st.just(n), st.lists(st.integers(-2 ** 70, 2 ** 70),
                                                                           min_size=n * n, max_size=n * n))),
       st.integers(-3, 3))
def test_verified_cholesky_never_claims_a_matrix_that_is_not_positive_definite(arg, shift):
    """The float-Cholesky route (exact residual) against exact inertia on integer matrices
    A A^T + shift * 2^139 I near the boundary of the positive-definite cone: whenever it says
    positive definite, the exact inertia agrees; and it closes on well-conditioned ones."""
    from symlandscape.enclose.core import _pd_cholesky
    n, e = arg
    A = [e[i * n:(i + 1) * n] for i in range(n)]
    M = [[sum(A[i][k] * A[j][k] for k in range(n)) + (shift * 2 ** 139 if i == j else 0) for j in range(n)]
         for i in range(n)]
    exact = sl.inertia([[str(x) for x in r] for r in M]) == (n, 0, 0)
    if _pd_cholesky(M):
        assert exact
    if shift > 0 and max(abs(x) for x in e) < 2 ** 60:     # eigenvalues >= 2^139 >> rounding
        assert _pd_cholesky(M)


def test_verified_cholesky_on_a_large_matrix():
    """n = 150: a diagonally dominant matrix is certified, the same minus a rank-one push
    below zero is not (exact inertia confirms both)."""
    from symlandscape.enclose.core import _pd_cholesky
    n = 150
    M = [[(3 * 2 ** 64 if i == j else 0) + ((i * 7 + j * 7) % 5 - 2) * 2 ** 50 for j in range(n)] for i in range(n)]
    assert _pd_cholesky(M)
    bad = [[M[i][j] - 4 * 2 ** 64 * (1 if i == j == 0 else 0) for j in range(n)] for i in range(n)]
    assert not _pd_cholesky(bad) and not pd_exact(bad)
