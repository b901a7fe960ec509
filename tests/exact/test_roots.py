"""Exact real roots (Sturm counting, isolation, RealRoot) against SymPy and hand-worked cases."""

from functools import reduce

import flint
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symlandscape.exact.roots import RealRoot, descending_roots, isolate_real_roots, real_roots, sturm_count

Q = flint.fmpq
X = sympy.Symbol("x")
SETTINGS = settings(max_examples=60, deadline=None)


def poly(*factors):
    """Product of fmpq_poly factors given as coefficient lists (constant first)."""
    return reduce(lambda a, f: a * flint.fmpq_poly([Q(c) for c in f]), factors,
                  flint.fmpq_poly([1]))


def linear(r):
    return [-Q(r), 1]


def to_sympy(p: flint.fmpq_poly) -> sympy.Poly:
    return sympy.Poly([sympy.Rational(int(c.p), int(c.q)) for c in reversed(p.coeffs())], X)


def sym(q) -> sympy.Rational:
    q = Q(q)
    return sympy.Rational(int(q.p), int(q.q))


def inside(root, lo, hi) -> bool:
    """Exact: is the SymPy algebraic number root in (lo, hi]?"""
    return bool(sym(lo) < root) and bool(root <= sym(hi))


rationals = st.builds(Q, st.integers(-9, 9), st.integers(1, 4))


@st.composite
def polynomials(draw):
    """Products of rational linear factors (repeats allowed) and x^2 - c factors."""
    lin = draw(st.lists(rationals, max_size=4))
    quad = draw(st.lists(st.builds(Q, st.integers(-7, 7), st.integers(1, 3)), max_size=2))
    lead = draw(st.sampled_from([Q(1), Q(-2), Q(1, 3)]))
    p = poly([lead], *[linear(r) for r in lin], *[[-c, 0, 1] for c in quad])
    if p.degree() < 1:
        p = poly([lead], linear(draw(rationals)))
    return p


# -- sturm_count ---------------------------------------------------------------------

@pytest.mark.parametrize("coeffs, lo, hi, expected", [
    ([-2, 0, 1], None, None, 2),
    ([-2, 0, 1], 0, 2, 1),
    ([-2, 0, 1], -2, 0, 1),
    ([2, 0, 1], None, None, 0),            # x^2 + 2
    ([0, 0, 1], None, None, 1),            # x^2: one distinct root
    ([-1, 0, 1], -1, 1, 1),                # (x-1)(x+1): -1 excluded, 1 included
    ([-1, 0, 1], -2, -1, 1),
    ([-1, 0, 1], 1, 2, 0),
    ([6, -5, 1], 2, 3, 1),                 # roots 2, 3 in (2, 3]
    ([6, -5, 1], 1, 3, 2),
    ([-6, 11, -6, 1], None, 2, 2),         # roots 1, 2, 3
    ([7], None, None, 0),
])
def test_sturm_count_hand_worked(coeffs, lo, hi, expected):
    assert sturm_count(coeffs, lo, hi) == expected
    assert sturm_count(flint.fmpq_poly(coeffs), lo, hi) == expected
    assert sturm_count(flint.fmpz_poly(coeffs), lo, hi) == expected


def test_sturm_count_zero_polynomial():
    with pytest.raises(ValueError):
        sturm_count([0])


@SETTINGS
@given(polynomials(), st.lists(st.builds(Q, st.integers(-40, 40), st.integers(1, 7)),
                               min_size=2, max_size=2, unique=True))
def test_sturm_count_against_sympy(p, ends):
    lo, hi = sorted(ends)
    P = to_sympy(p)
    sqf = sympy.Poly(sympy.quo(P, sympy.gcd(P, P.diff(X))), X)  # distinct roots
    exp = sqf.count_roots(sym(lo), sym(hi)) - (1 if sqf.eval(sym(lo)) == 0 else 0)  # (lo, hi]
    if p.gcd(p.derivative()).degree() > 0 and (p(lo) == 0 or p(hi) == 0):
        return  # endpoints at a multiple root: see test_sturm_count_endpoint_at_multiple_root
    assert sturm_count(p, lo, hi) == exp
    assert sturm_count(p) == sqf.count_roots()


def test_sturm_count_endpoint_at_multiple_root():
    p = poly(linear(-1), linear(1), linear(2), linear(2), linear(3))  # 2 is a double root
    assert sturm_count(p, None, 2) == 3       # -1, 1, 2  (returns 4)
    assert sturm_count(p, 2, 3) == 1          # 3         (returns 0)


# -- isolate_real_roots -------------------------------------------------------------

def test_isolate_hand_worked():
    ivs = isolate_real_roots([-2, 0, 1])
    assert [(str(a), str(b)) for a, b in ivs] == [("-3", "0"), ("0", "3")]
    assert isolate_real_roots([5]) == []
    assert isolate_real_roots([1, 0, 1]) == []


@SETTINGS
@given(polynomials())
def test_isolate_squarefree_against_sympy(p):
    p = p.factor_squarefree()[1]
    p = reduce(lambda a, fm: a * flint.fmpq_poly(fm[0].coeffs()), p, flint.fmpq_poly([1]))
    if p.degree() < 1:
        return
    ivs = isolate_real_roots(p)
    roots = sympy.real_roots(to_sympy(p))
    assert len(ivs) == len(roots)
    for (lo, hi), (lo2, _) in zip(ivs, ivs[1:]):
        assert lo < hi <= lo2                      # ascending, disjoint
    for (lo, hi), r in zip(ivs, roots):
        assert inside(r, lo, hi)


def test_isolate_non_squarefree():
    assert len(isolate_real_roots(poly(linear(0), linear(0), linear(1), linear(-1)))) == 3


# -- real_roots, descending_roots ------------------------------------------------------

@pytest.mark.parametrize("factors, expected", [
    ([linear(1), linear(2), linear(3)], [1, 2, 3]),
    ([linear(2), linear(2), linear(-1)], [-1, 2, 2]),
    ([linear(0), linear(0), linear(0)], [0, 0, 0]),
    ([linear(Q(1, 3)), linear(Q(1, 3)), linear(Q(-5, 2))], [Q(-5, 2), Q(1, 3), Q(1, 3)]),
    ([[1, 0, 1], linear(4)], [4]),                    # x^2 + 1 has no real root
])
def test_real_roots_rational(factors, expected):
    rs = real_roots(poly(*factors))
    assert len(rs) == len(expected)
    for r, e in zip(rs, expected):
        assert r == Q(e) and r.exact() == Q(e) and repr(r) == str(Q(e))
    assert [r.exact() for r in descending_roots(poly(*factors))] == [Q(e) for e in expected][::-1]


def test_real_roots_errors_and_constants():
    with pytest.raises(ValueError):
        real_roots([0, 0])
    assert real_roots([3]) == []


@SETTINGS
@given(polynomials())
def test_real_roots_against_sympy(p):
    ours = real_roots(p)
    theirs = sympy.real_roots(to_sympy(p))       # ascending, with multiplicity
    assert len(ours) == len(theirs) and all(isinstance(r, RealRoot) for r in ours)
    for r, s in zip(ours, theirs):
        assert inside(s, r.lo, r.hi)
        if s.is_Rational:
            assert r == Q(int(s.p), int(s.q)) and r.exact() == Q(int(s.p), int(s.q))
        else:
            assert r.exact() is None
    assert all(a <= b for a, b in zip(ours, ours[1:]))
    desc = descending_roots(p)
    assert all(a >= b for a, b in zip(desc, desc[1:])) and len(desc) == len(ours)


def test_close_roots():
    eps = Q(1, 10 ** 30)
    a, b = real_roots(poly(linear(1), linear(1 + eps)))
    assert a == 1 and b == 1 + eps and a < b and b > 1 and a < 1 + eps / 2 < b
    assert a != b and not (b < a)
    c, d, e = real_roots(poly(linear(1), linear(1), linear(1 + eps)))
    assert c == d == 1 and e == 1 + eps and d < e
    # two irrational roots 1e-30 apart: sqrt(2) and sqrt(2) + 1e-30 are roots of different polys
    s1 = real_roots([-2, 0, 1])[1]
    s2 = real_roots(poly([-(2 + 2 * eps * eps), 0, 1]))[1]  # sqrt(2 + 2e-60) ~ sqrt2 + 7e-61
    assert s1 < s2 and s2 > s1 and s1 != s2


def test_irrational_against_rationals():
    m, s = real_roots([-2, 0, 1])                     # -sqrt(2), sqrt(2)
    assert Q(141421356237, 10 ** 11) < s < Q(141421356238, 10 ** 11)
    assert s > Q(1414213562373095, 10 ** 15) and s < Q(1414213562373096, 10 ** 15)
    assert m < 0 < s and -2 < m < -1 and m.exact() is None
    assert not (s == Q(1414213562373095, 10 ** 15)) and s != 2
    assert s > 1 and s < 2 and s >= 1 and s <= 2
    c = real_roots([-2, 0, 0, 1])[0]                  # cube root of 2 = 1.259921...
    assert Q(1259, 1000) < c < Q(126, 100)
    phi = real_roots([-1, -1, 1])[1]                  # golden ratio (1 + sqrt5)/2
    assert Q(1618, 1000) < phi < Q(1619, 1000)
    assert s < phi and c < s and phi > c


def test_roots_of_different_polynomials():
    s = real_roots([-2, 0, 1])[1]
    t = real_roots(poly([-2, 0, 1], linear(5)))[1]    # sqrt(2) again, inside a cubic
    u = real_roots(poly([-2, 0, 1], [-3, 0, 1]))      # -sqrt3, -sqrt2, sqrt2, sqrt3
    assert s == t and t == s
    assert u[2] == s and u[3] > s and u[0] < u[1] < 0
    assert descending_roots(poly([-2, 0, 1], [-3, 0, 1]))[0] == u[3]
    assert s == s and not (s < s)
    made = RealRoot(flint.fmpq_poly([-2, 0, 1]), Q(1), Q(2))   # built by hand: (1, 2]
    assert made == s and made > u[1] and made < u[3] and repr(made).startswith("root of")


def test_real_roots_inputs():
    expected = [Q(2), Q(3)]
    for p in ([6, -5, 1], [Q(6), Q(-5), Q(1)], flint.fmpz_poly([6, -5, 1]),
              flint.fmpq_poly([6, -5, 1]), [Q(3), Q(-5, 2), Q(1, 2)]):
        assert [r.exact() for r in real_roots(p)] == expected


def test_float_is_close_for_moderate_intervals():
    s = real_roots([-2, 0, 1])[1]
    assert abs(float(s) - 2 ** 0.5) < 1e-12


def test_float_accuracy_with_wide_interval():
    assert abs(float(real_roots(poly(linear(1), linear(10 ** 30)))[0]) - 1) < 1e-9


def test_roots_are_unhashable_but_compare_by_value():
    # equal to rationals and to other roots: no hash can be consistent with that equality
    s = real_roots([-2, 0, 1])[1]
    t = real_roots(poly([-2, 0, 1], linear(5)))[1]
    assert s == t
    with pytest.raises(TypeError):
        hash(s)


def test_compare_with_fraction():
    from fractions import Fraction
    assert real_roots([-2, 0, 1])[1] < Fraction(3, 2)
