"""Classification against independent computations.

* 1-D chains ``L = (w_L ... w_1 x - y)^2 / 2`` classified by hand.
* The additive-compound oracle of ``tests/landscape/compound_oracle.py`` (which
  ``tests/landscape/test_globalmin.py`` uses to check the polynomial global-minimum test)
  against SymPy's exact eigenvalues of Sigma (rational spectra) and the exact root
  isolation of ``top_k_eigenvalues``.
* Baldi–Hornik: with distinct eigenvalues, the eigenvector-subset critical point
  for index set I is a global minimum iff I is the top-k set, else a saddle.
* Descent curves re-checked by direct SymPy substitution.
* Every certificate re-verifies with the independent checker.
"""

import itertools
import os
import random
import sys
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symlandscape as sl
from symlandscape.exact.matrix import QMatrix
from symlandscape.landscape.classify import classify
from symlandscape.landscape.critical import data_with_spectrum, rescale, subset_point
from symlandscape.landscape.globalmin import sigma_matrix, top_k_eigenvalues
from symlandscape.models import DeepLinear

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compound_oracle import attains_top_k_sum  # noqa: E402  (a test oracle, not the package's)


def test_scalar_chain_by_hand():
    # L(a, b) = (a b - 1)^2 / 2 with x = y = 1. Critical points: ab = 1 (global minima),
    # and (0, 0): Hessian [[0, -1], [-1, 0]] -> strict saddle.
    net = DeepLinear([1, 1, 1], X=[[1]], Y=[[1]])
    c = classify(net, [[[0]], [[0]]])
    assert (c.verdict, c.inertia) == ("strict saddle", (1, 1, 0))
    c = classify(net, [[["2"]], [["1/2"]]])
    # Hessian at ab = 1: [[b^2, 2ab - 1], [2ab - 1, a^2]] = [[1/4, 1], [1, 4]]: det 0, trace > 0.
    assert (c.verdict, c.inertia) == ("global minimum", (1, 0, 1))
    assert classify(net, [[[1]], [[3]]]).verdict == "not critical"


def test_origin_of_depth_three_is_higher_order_saddle():
    # L = (abc - 1)^2/2: at 0 gradient and Hessian vanish; along a=b=c=t, L = (t^3-1)^2/2
    # drops like -t^3: a saddle (SAD-0).
    net = DeepLinear([1, 1, 1, 1], X=[[1]], Y=[[1]])
    c = classify(net, [[[0]], [[0]], [[0]]])
    assert c.verdict == "higher-order saddle" and c.inertia == (0, 0, 3)
    sl.check_certificate(c.certificate)
    facts = [f for f in c.certificate["facts"] if f["expr"][0] == "loss_curve"]
    assert facts
    # re-derive the loss along the recorded curve with SymPy, independently
    t = sympy.Symbol("t")
    curve = facts[0]["expr"][5]
    ws = [sympy.Rational(0) + t * sympy.Rational(step[0][1][0][0]) for step in zip(*curve)]
    L = sympy.expand((ws[0] * ws[1] * ws[2] - 1) ** 2 / 2)
    low = min(d for (d,) in sympy.Poly(L - L.subs(t, 0), t).monoms())
    coeff = sympy.Poly(L, t).coeff_monomial(t ** low)
    assert low % 2 == 1 or coeff < 0


def test_origin_with_zero_correlation_is_global_min():
    net = DeepLinear([1, 1, 1, 1], X=[[1, 0]], Y=[[0, 1]])   # Y X^T = 0
    c = classify(net, [[[0]], [[0]], [[0]]])
    assert c.verdict == "global minimum"


def _sympy_top_k_sum(S: QMatrix, k: int):
    ev = S.to_sympy().eigenvals()
    vals = sorted((v for v, m in ev.items() for _ in range(m)), key=lambda v: -float(v))
    return sum(vals[:k])


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10 ** 6), st.integers(1, 4), st.integers(1, 4))
def test_global_min_test_against_sympy(seed, dy, k):
    k = min(k, dy)
    rng = random.Random(seed)
    svals = [Fraction(rng.randint(0, 3), rng.choice([1, 2])) for _ in range(dy)]
    if rng.random() < 0.3:  # repeated eigenvalues
        svals = [svals[0]] * dy
    X, Y, U = data_with_spectrum(dy + 1, dy, dy + 2, svals, rng)
    S = sigma_matrix(X, Y)
    true = _sympy_top_k_sum(S, k)
    assert attains_top_k_sum(S, k, sympy_to_q(true))
    assert not attains_top_k_sum(S, k, sympy_to_q(true) + Fraction(1, 7))
    assert not attains_top_k_sum(S, k, sympy_to_q(true) - Fraction(1, 7))


def sympy_to_q(x):
    x = sympy.nsimplify(x)
    assert x.is_Rational
    return Fraction(int(x.p), int(x.q))


def test_compound_with_irrational_spectrum():
    # Sigma = [[2, 1], [1, 1]]: eigenvalues (3 +- sqrt 5)/2; top-1 sum irrational, so no
    # rational s attains it; trace 3 is the top-2 sum.
    S = QMatrix([[2, 1], [1, 1]])
    assert attains_top_k_sum(S, 2, 3)
    for s in (Fraction(5, 2), Fraction(262, 100), Fraction(2618, 1000)):
        assert not attains_top_k_sum(S, 1, s)
    top = top_k_eigenvalues(S, 1)[0]
    assert Fraction(2618, 1000) < float(top) < Fraction(2619, 1000)


@pytest.mark.parametrize("widths", [[3, 2, 3], [3, 1, 3], [3, 2, 2, 3], [3, 1, 2, 3]])
def test_baldi_hornik_subsets(widths):
    rng = random.Random(7)
    X, Y, U = data_with_spectrum(3, 3, 4, [3, 2, 1], rng)
    net = DeepLinear(widths, X, Y)
    k = min(widths)
    for r in range(k + 1):
        for I in itertools.combinations(range(3), r):
            W = rescale(subset_point(widths, X, Y, U, list(I)), rng)
            c = classify(net, W)
            assert c.critical
            if tuple(I) == tuple(range(k)):
                assert c.verdict == "global minimum"
            else:
                assert c.verdict in ("strict saddle", "higher-order saddle"), (I, c.verdict)
            sl.check_certificate(c.certificate)


def test_not_critical_certificate_and_tamper():
    net = DeepLinear([2, 1, 1], X=[[1, 0], [0, 1]], Y=[[1, 1]])
    c = classify(net, [[[1, 0]], [[1]]])
    assert c.verdict == "not critical" and not c.critical
    sl.check_certificate(c.certificate)
    bad = dict(c.certificate)
    bad["instance"] = dict(bad["instance"], weights=[[["1", "1"]], [["1"]]])  # now critical
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(bad)


def test_hessian_inertia_matches_sympy_on_small_points():
    rng = random.Random(3)
    X, Y, U = data_with_spectrum(2, 2, 3, [2, 1], rng)
    net = DeepLinear([2, 1, 2], X, Y)
    W = subset_point([2, 1, 2], X, Y, U, [1], rng)
    c = classify(net, W)
    Hs = sympy.hessian(net.symbolic()["loss"], net.symbolic()["theta"])
    subs = dict(zip(net.symbolic()["theta"], [sympy.Rational(str(x)) for x in net.theta(W).flint.entries()]))
    Hn = Hs.subs(subs)
    p = Hn.charpoly().all_coeffs()[::-1]  # constant first
    z = next(i for i, a in enumerate(p) if a != 0)
    q = p[z:]
    sgn = lambda cs: sum(1 for a, b in zip([c for c in cs if c != 0], [c for c in cs if c != 0][1:]) if (a > 0) != (b > 0))  # noqa: E731
    assert c.inertia == (sgn(q), sgn([a if i % 2 == 0 else -a for i, a in enumerate(q)]), z)


@pytest.mark.parametrize("depth", [3, 4, 5])
def test_zero_hessian_saddle_states_not_a_local_maximum(depth):
    # the origin of [1]*(depth+1) with X = Y = 1 has a zero Hessian for depth >= 3; a
    # higher-order saddle must also be shown not to be a local maximum
    net = DeepLinear([1] * (depth + 1), X=[[1]], Y=[[1]])
    c = sl.classify(net, [[[0]]] * depth)
    assert c.verdict == "higher-order saddle" and c.inertia == (0, 0, depth)
    facts = {f["key"]: f for f in c.certificate["facts"]}
    assert facts["not_local_max"]["role"] == "conclusion" and facts["not_local_max"]["value"] is True
    # independently (SymPy): L = 1/2 (1 - prod w)^2 rises along w_1 = -t, w_k = t
    t = sympy.Symbol("t")
    L = sympy.Rational(1, 2) * (1 - (-t) * t ** (depth - 1)) ** 2
    assert sympy.Poly(L - sympy.Rational(1, 2), t).terms()[-1] == ((depth,), 1)
    assert sl.check_certificate(c.certificate)["ok"]
