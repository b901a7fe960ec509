"""One hidden sigmoid layer (SigmoidMLP): ball enclosures against mpmath differentiation of the
loss written out again, the float derivatives against the balls, and a hand-worked point."""

from fractions import Fraction

import flint
import mpmath
from hypothesis import given, settings
from hypothesis import strategies as st

from symlandscape.models.sigmoid import SigmoidMLP

small = st.fractions(min_value=-2, max_value=2, max_denominator=4)


def _mp(x):
    x = Fraction(x)
    return mpmath.mpf(x.numerator) / x.denominator


def _loss(theta, widths, X, Y):
    """1/2 ||W_2 sigma(W_1 X) - Y||^2 from theta = (vec W_1; vec W_2), column-major, in mpmath."""
    d0, d1, d2 = widths
    W1 = [[theta[b * d1 + a] for b in range(d0)] for a in range(d1)]
    W2 = [[theta[d0 * d1 + a * d2 + o] for a in range(d1)] for o in range(d2)]
    total = 0
    for j in range(len(X[0])):
        h = [1 / (1 + mpmath.exp(-sum(W1[a][b] * _mp(X[b][j]) for b in range(d0)))) for a in range(d1)]
        total += sum((sum(W2[o][a] * h[a] for a in range(d1)) - _mp(Y[o][j])) ** 2 for o in range(d2))
    return total / 2


@settings(max_examples=6, deadline=None)
@given(st.integers(1, 2), st.integers(1, 3), st.integers(1, 2), st.integers(1, 3), st.data())
def test_enclosure_matches_mpmath_derivatives(d0, d1, d2, m, data):
    X = [[data.draw(small) for _ in range(m)] for _ in range(d0)]
    Y = [[data.draw(small) for _ in range(m)] for _ in range(d2)]
    net = SigmoidMLP([d0, d1, d2], [[str(x) for x in r] for r in X], [[str(y) for y in r] for r in Y])
    theta = [data.draw(small) for _ in range(net.n_params)]
    old = flint.ctx.prec
    flint.ctx.prec = 200
    try:
        L, g, H = net.enclose([flint.arb(flint.fmpq(t.numerator, t.denominator)) for t in theta])
    finally:
        flint.ctx.prec = old
    n = net.n_params
    with mpmath.workdps(40):
        t0 = [_mp(t) for t in theta]
        f = lambda *t: _loss(list(t), [d0, d1, d2], X, Y)    # noqa: E731
        tol = mpmath.mpf(10) ** -20

        def close(ball, value):
            return abs(mpmath.mpf(ball.mid().str(45, radius=False)) - value) <= tol

        assert close(L, f(*t0))
        for p in range(n):
            e = [0] * n
            e[p] = 1
            assert close(g[p], mpmath.diff(f, t0, tuple(e)))
            for q in range(n):
                e2 = list(e)
                e2[q] += 1
                assert close(H[p, q], mpmath.diff(f, t0, tuple(e2)))
    Lf, gf, Hf = net.float_derivatives([float(t) for t in theta])
    assert abs(Lf - float(L.mid())) < 1e-9 * (1 + abs(Lf))
    assert all(abs(a - float(b.mid())) < 1e-9 for a, b in zip(gf, g))


def test_hand_worked_point():
    """W_1 = 0 gives sigma = 1/2 for every sample: outputs W_2 / 2; with W_2 = 2 and targets 1 the
    loss and gradient vanish, and the Hessian's W_2-W_2 entry is sum_j (1/2)^2 = m / 4."""
    net = SigmoidMLP([1, 1, 1], X=[[1, -1, 3]], Y=[[1, 1, 1]])
    L, g, H = net.enclose([flint.arb(0), flint.arb(2)])
    assert L.contains(0) and all(x.contains(0) for x in g)
    assert H[1, 1].contains(flint.arb(flint.fmpq(3, 4)))

