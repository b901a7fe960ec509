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


def _proofs_yu_chen():
    import importlib.util
    from pathlib import Path
    path = Path(__file__).resolve().parents[2] / "proofs" / "yu_chen.py"
    spec = importlib.util.spec_from_file_location("proofs_yu_chen", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_duplicated_unit_minimum_confirmed_by_mpmath():
    """The arb certificate of proofs/yu_chen.py (a non-global local minimum with d_1 = m = 2),
    against mpmath at 50 digits with the loss written out again: the d_1 = 1 critical point is
    inside the certified box, the duplicated point is critical, the Hessian on t-perp has
    eigenvalues above the certified mu with a zero eigenvalue along t, the loss lies in the
    certified interval, and the rational better point has a far smaller loss."""
    yc = _proofs_yu_chen()
    out = yc.duplicated_unit_minimum(verbose=False)
    assert out is not None and out["certified"]
    X, Y = [[1, 2]], [["1/2", "1"]]
    with mpmath.workdps(50):
        f1 = lambda a, c: _loss([a, c], [1, 1, 1], X, Y)               # noqa: E731
        ga = lambda a, c: mpmath.diff(lambda t: f1(t, c), a)           # noqa: E731
        gc = lambda a, c: mpmath.diff(lambda t: f1(a, t), c)           # noqa: E731
        box = [(Fraction(x), Fraction(y)) for x, y in out["d1_box"]]
        a, c = mpmath.findroot([ga, gc], [_mp((lo + hi) / 2) for lo, hi in box])
        for v, (lo, hi) in zip((a, c), box):
            assert _mp(lo) < v < _mp(hi)
        p = [a, a, c / 2, c / 2]
        f2 = lambda *t: _loss(list(t), [1, 2, 1], X, Y)                # noqa: E731
        n = 4
        grad = [mpmath.diff(f2, p, tuple(int(i == k) for i in range(n))) for k in range(n)]
        assert max(abs(x) for x in grad) < mpmath.mpf(10) ** -30
        H = mpmath.matrix(n, n)
        for i in range(n):
            for j in range(n):
                H[i, j] = mpmath.diff(f2, p, tuple(int(k == i) + int(k == j) for k in range(n)))
        t = mpmath.matrix([0, 0, 1, -1])
        assert mpmath.norm(H * t) < mpmath.mpf(10) ** -25               # the flat line direction
        V = mpmath.matrix([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1]])
        lam = min(mpmath.eigsy(V.T * H * V)[0])
        assert lam > _mp(Fraction(out["mu_normal"])) > 0
        loss = f2(*p)
        lo, hi = (Fraction(x) for x in out["loss"])
        assert _mp(lo) <= loss <= _mp(hi) and lo > Fraction(3, 100)
        better = [_mp(Fraction(x)) for x in out["better_point"]]
        assert f2(*better) < mpmath.mpf(10) ** -15
