"""The structured moments of Theorem 9 against brute force: SymPy differentiation of the loss,
expansion and moment substitution (expect), and exact enumeration over discrete laws."""

from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symlandscape.moments import (
    Gaussian,
    MomentLaw,
    aat_moment,
    chain_moments,
    enumerate_expectation,
    expect,
    gaussian_grad2_closed_form,
    grad2,
    rademacher,
    symbolic_grad2,
    three_point,
    two_point,
    weight_matrix,
)

S2, KAPPA = sympy.symbols("s2 kappa", positive=True)


def _weights(d, L):
    return [weight_matrix(f"W{j}", d, d) for j in range(1, L + 1)]


def _grad2_poly(d, L, k, x, y):
    """||dl/dW^k||_F^2 by differentiating the loss entrywise (no rank-one formula)."""
    Ws = _weights(d, L)
    out = sympy.Matrix(x)
    for W in Ws:
        out = W * out
    r = out - sympy.Matrix(y)
    loss = sympy.Rational(1, 2) * sum(e ** 2 for e in r)
    g = sum(sympy.diff(loss, w) ** 2 for w in Ws[k - 1])
    return g, [w for W in Ws for w in W]


def _norms(x, y):
    x, y = [sympy.Rational(v) for v in x], [sympy.Rational(v) for v in y]   # exact numbers, never text
    return sum(v ** 2 for v in x), sum(v ** 4 for v in x), sum(v ** 2 for v in y)


CASES = [(d, L, k) for d in (1, 2) for L in (1, 2, 3) for k in range(1, L + 1)]


@pytest.mark.parametrize("d, L, k", CASES)
def test_grad2_general_law_matches_expansion(d, L, k):
    """Every d <= 2, L <= 3, k: the recursion equals E of the expanded squared gradient for
    a general law (s2, kappa s2^2 and unknown odd moments m3)."""
    x = [sympy.Rational(1, 2), -2][:d] if d == 2 else [sympy.Rational(3, 2)]
    y = [1, sympy.Rational(-1, 3)][:d]
    g, syms = _grad2_poly(d, L, k, x, y)
    law = MomentLaw({2: S2, 4: KAPPA * S2 ** 2})
    brute = expect(g, (syms, law))
    x2, x4, y2 = _norms(x, y)
    fast = grad2(d, L, k, S2, KAPPA * S2 ** 2, x2, x4, y2)
    assert sympy.expand(brute - fast) == 0


@pytest.mark.parametrize("d, L, k", [c for c in CASES if c[0] * c[0] * c[1] <= 12])
@pytest.mark.parametrize("law", [rademacher(), three_point(), three_point(1, "1/7"), two_point(1, 3)],
                         ids=["rademacher", "uniform3", "p=1/7", "two-point"])
def test_grad2_enumeration(d, L, k, law):
    """Exact enumeration over every joint weight value, the gradient built by matrix products
    of the loss's definition (A^T r v^T is not used: r and the chain rule entry by entry)."""
    if len(law.values) ** (d * d * L) > 7000:
        pytest.skip("too many configurations for a unit test")
    x = [Fraction(1, 2), Fraction(-2)][:d]
    y = [Fraction(1), Fraction(-1, 3)][:d]

    def fn(w):
        Ws = [[list(w[j * d * d + i * d: j * d * d + (i + 1) * d]) for i in range(d)] for j in range(L)]
        # d l / d W^k_{ab} = sum_i r_i (W^L..W^{k+1})_{ia} (W^{k-1}..W^1 x)_b, entry by entry
        def mv(M, v):
            return [sum(M[i][j] * v[j] for j in range(d)) for i in range(d)]
        v = x
        for j in range(k - 1):
            v = mv(Ws[j], v)
        out = x
        for j in range(L):
            out = mv(Ws[j], out)
        r = [o - t for o, t in zip(out, y)]
        total = Fraction(0)
        for a in range(d):
            e = [Fraction(int(i == a)) for i in range(d)]      # column a of W^L..W^{k+1}
            for j in range(k, L):
                e = mv(Ws[j], e)
            ra = sum(ri * ei for ri, ei in zip(r, e))
            total += sum((ra * vb) ** 2 for vb in v)
        return total
    brute = enumerate_expectation(fn, d * d * L, law)
    s2, m4 = Fraction(str(law.moment(2))), Fraction(str(law.moment(4)))
    x2, x4, y2 = sum(v * v for v in x), sum(v ** 4 for v in x), sum(v * v for v in y)
    assert brute == grad2(d, L, k, s2, m4, x2, x4, y2)


@pytest.mark.parametrize("d, n", [(1, 3), (2, 1), (2, 2), (3, 1), (3, 2)])
def test_aat_moment_matches_expansion(d, n):
    Ws = _weights(d, n)
    A = sympy.eye(d)
    for W in Ws:
        A = W * A
    M = A.T * A
    brute = expect(sum(e ** 2 for e in M), ([w for W in Ws for w in W], MomentLaw({2: S2, 4: KAPPA * S2 ** 2})))
    assert sympy.expand(brute - aat_moment(d, n, S2, KAPPA * S2 ** 2)) == 0


@pytest.mark.parametrize("d, t", [(1, 3), (2, 1), (2, 2), (3, 1)])
def test_chain_moments_match_expansion(d, t):
    """Both rows of the (||.||_2^4, ||.||_4^4) recursion; x symbolic."""
    xs = sympy.symbols(f"x1:{d + 1}")
    Ws = _weights(d, t)
    v = sympy.Matrix(xs)
    for W in Ws:
        v = W * v
    laws = ([w for W in Ws for w in W], MomentLaw({2: S2, 4: KAPPA * S2 ** 2}))
    P = expect(sum(e ** 2 for e in v) ** 2, laws)
    Q = expect(sum(e ** 4 for e in v), laws)
    fP, fQ = chain_moments(d, t, S2, KAPPA * S2 ** 2, sum(u ** 2 for u in xs) ** 2, sum(u ** 4 for u in xs))
    assert sympy.expand(P - fP) == 0 and sympy.expand(Q - fQ) == 0


def test_gaussian_closed_form_symbolic_in_d_L_k():
    """The closed form equals the recursion for symbolic s2, rho, gamma, every d <= 5, L <= 6, k."""
    rho, gamma, x44 = sympy.symbols("rho gamma x44", positive=True)
    for d in range(1, 6):
        for L in range(1, 7):
            for k in range(1, L + 1):
                P, _ = chain_moments(d, k - 1, S2, 3 * S2 ** 2, rho, x44)
                rec = S2 * P * aat_moment(d, L - k, S2, 3 * S2 ** 2) + (d * S2) ** (L - 1) * gamma
                assert sympy.simplify(rec - gaussian_grad2_closed_form(d, L, k, S2, rho, gamma)) == 0


def test_gaussian_isserlis_by_hand():
    """d = 1: E[(w2 w1 x - y)^2 (w2^2 x^2 + w1^2 x^2)]... the hand computation for L = 2, k = 1:
    dl/dw1 = (w2 w1 x - y) w2 x, E = x^2 (E w2^4 E w1^2 x^2 + s2 y^2) = 3 s2^3 x^4 + s2 x^2 y^2."""
    x, y = sympy.symbols("x y")
    kappa, rho, gamma = sympy.symbols("kappa rho gamma", positive=True)
    assert sympy.expand(symbolic_grad2(1, 2, 1).subs({kappa: 3, rho: x ** 4, gamma: x ** 2 * y ** 2})
                        - (3 * S2 ** 3 * x ** 4 + S2 * x ** 2 * y ** 2)) == 0


@settings(max_examples=25, deadline=None)
@given(d=st.integers(1, 2), L=st.integers(1, 2), data=st.data())
def test_grad2_random_rational_gaussian(d, L, data):
    """Random rational x, y (zero entries included) and variance: recursion = Isserlis expansion."""
    k = data.draw(st.integers(1, L))
    frac = st.fractions(min_value=-3, max_value=3, max_denominator=4)
    x = [sympy.Rational(str(data.draw(frac))) for _ in range(d)]
    y = [sympy.Rational(str(data.draw(frac))) for _ in range(d)]
    s2 = sympy.Rational(str(data.draw(st.fractions(min_value=Fraction(1, 8), max_value=3, max_denominator=8))))
    if s2 <= 0:
        s2 = sympy.Rational(1, 8)
    g, syms = _grad2_poly(d, L, k, x, y)
    x2, x4, y2 = _norms(x, y)
    assert expect(g, (syms, Gaussian(s2))) == grad2(d, L, k, s2, 3 * s2 ** 2, x2, x4, y2)
