"""The unit-norm ReLU loss in angle coordinates and the exact values at aligned points, against
mpmath quadrature of the Gaussian expectation (independent of the arc-cosine closed form).

In the plane, for positively homogeneous h of degree 1 and x ~ N(0, I_2),
E h(x)^2 = E|x|^2 * (1/2pi) int_0^2pi h(cos a, sin a)^2 da = (1/pi) int h^2 da.
"""

import flint
import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symlandscape.enclose import precision
from symlandscape.models.relu_aligned import aligned_gradient, aligned_hessian, aligned_loss
from symlandscape.models.relu_circle import ReLUCircle, kernel_f
from symlandscape.models.relu_population import ReLUPopulation
from symlandscape.models.sigmoid import NotExact


@pytest.fixture(autouse=True)
def _digits():
    # 25 digits for this module's quadratures and differences (restored by tests/conftest.py)
    mpmath.mp.dps = 25


def _relu(z):
    return z if z > 0 else 0


def quad_loss(units, teacher, weights):
    """1/2 E (sum relu(w.x) - sum a relu(v.x))^2 by quadrature over the angle (d = 2)."""
    def h(a):
        x = (mpmath.cos(a), mpmath.sin(a))
        s = sum(_relu(w[0] * x[0] + w[1] * x[1]) for w in units)
        return s - sum(c * _relu(v[0] * x[0] + v[1] * x[1]) for v, c in zip(teacher, weights))
    pts = sorted({mpmath.mpf(0), 2 * mpmath.pi} | {mpmath.atan2(-w[0], w[1]) % (2 * mpmath.pi) for w in units + teacher}
                 | {mpmath.atan2(w[0], -w[1]) % (2 * mpmath.pi) for w in units + teacher})
    return mpmath.quad(lambda a: h(a) ** 2, pts) / (2 * mpmath.pi)


def circle_units(tau):
    return [(mpmath.cos(2 * mpmath.pi * t), mpmath.sin(2 * mpmath.pi * t)) for t in tau]


angles = st.fractions(min_value=-1, max_value=1, max_denominator=16)


@settings(max_examples=15, deadline=None)
@given(st.lists(angles, min_size=1, max_size=3))
def test_circle_loss_matches_quadrature(tau):
    X, Y = [[1, 0, 1], [0, 1, -2]], [[1, 1, "1/2"]]
    net = ReLUCircle([2, len(tau), 1], X, Y)
    with precision(128):
        L, g, H = net.enclose([flint.arb(flint.fmpq(t.numerator, t.denominator)) for t in tau])
    with mpmath.workdps(30):   # the quadrature's own error stays far below the tolerance
        want = quad_loss(circle_units([mpmath.mpf(t.numerator) / t.denominator for t in tau]),
                         [(1, 0), (0, 1), (1, -2)], [1, 1, mpmath.mpf(1) / 2])
    assert abs(float(L.mid()) - float(want)) < 1e-12 * max(1.0, abs(float(want))), (tau, L, want)
    assert float(L.rad()) < 1e-20, (tau, L)


def _differences(Lq, t, h1=mpmath.mpf("1e-7"), h2=mpmath.mpf("1e-4")):
    """Central differences of a function of a point: gradient and Hessian."""
    n = len(t)

    def at(*steps):
        x = list(t)
        for k, s in steps:
            x[k] += s
        return Lq(*x)
    g = [(at((i, h1)) - at((i, -h1))) / (2 * h1) for i in range(n)]
    H = [[(at((i, h2), (j, h2)) - at((i, h2), (j, -h2)) - at((i, -h2), (j, h2)) + at((i, -h2), (j, -h2)))
          / (4 * h2 * h2) for j in range(n)] for i in range(n)]
    return g, H


@pytest.mark.parametrize("tau", [(0, 0.25), (0.3, -0.45)])
def test_circle_derivatives_match_differences_of_quadrature(tau):
    """At W* (units parallel to the teacher: the Cartesian form has no finite Hessian there)
    and at a generic point; the loss is C^2, not C^3, at W*, so the Hessian tolerance is loose."""
    net = ReLUCircle([2, 2, 1], [[1, 0], [0, 1]], [[1, 1]])
    with precision(128):
        _, g, H = net.enclose([flint.arb(x) for x in tau])
    gq, Hq = _differences(lambda *t: quad_loss(circle_units(t), [(1, 0), (0, 1)], [1, 1]),
                          [mpmath.mpf(x) for x in tau])
    for i in range(2):
        assert abs(float(g[i].mid()) - float(gq[i])) < 1e-6
        for j in range(2):
            assert abs(float(H[i, j].mid()) - float(Hq[i][j])) < 1e-2


def test_kernel_is_finite_across_zero_and_half_turn():
    for c in (0, flint.fmpq(1, 2), flint.fmpq(-1, 2), flint.fmpq(1, 4)):
        with precision(128):
            x = flint.arb(c) + flint.arb(0, flint.fmpq(1, 100))
            assert all(v.is_finite() for v in kernel_f(x))
            assert not kernel_f(flint.arb(0) + flint.arb(0, 1))[0].is_finite()


# -- exact values at aligned points -----------------------------------------------------------
def _mp(x):
    q = flint.fmpq(x)
    return mpmath.mpf(int(q.p)) / int(q.q)


@pytest.mark.parametrize("W", [[[1, 2]], [[-2, -4]], [["1/2", 1], [2, 4]]])
def test_aligned_values_against_quadrature(W):
    """Teacher (1, 2) (a = 1): loss by quadrature, derivatives by differences of it."""
    K = len(W)
    net = ReLUPopulation([2, K, 1], [[1], [2]], [[1]])
    L = aligned_loss(net, [W, [[1] * K]])
    Wm = [[_mp(x) for x in r] for r in W]
    assert abs(float(L) - float(quad_loss(Wm, [(1, 2)], [1]))) < 1e-20
    g = aligned_gradient(net, [W, [[1] * K]]).tolist()
    H = aligned_hessian(net, [W, [[1] * K]]).tolist()
    theta = [Wm[i][c] for c in range(2) for i in range(K)]
    gq, Hq = _differences(lambda *th: quad_loss([(th[i], th[K + i]) for i in range(K)], [(1, 2)], [1]), theta)
    for p in range(2 * K):
        assert abs(float(g[p][0]) - float(gq[p])) < 1e-6
        for q in range(2 * K):
            assert abs(float(H[p][q]) - float(Hq[p][q])) < 1e-2


def test_not_aligned_or_zero_unit_is_not_exact():
    net = ReLUPopulation([2, 1, 1], [[1], [2]], [[1]])
    with pytest.raises(NotExact):
        aligned_loss(net, [[[1, 0]], [[1]]])
    with pytest.raises(NotExact):
        aligned_gradient(net, [[[0, 0]], [[1]]])
    assert aligned_loss(net, [[[0, 0]], [[1]]]) == flint.fmpq(5, 4)     # |w*|^2 / 4


@pytest.mark.parametrize("r,tau", [("5", "0"), ("3/2", "1/3"), ("1/4", "-1/2")])
def test_polar_against_quadrature(r, tau):
    """ReLUPolar: w = r (cos 2 pi tau, sin 2 pi tau) in the frame of v = (3, 4) (first axis v/5)."""
    from symlandscape.models.relu_circle import ReLUPolar
    net = ReLUPolar([2, 1], [[3], [4]], [[1]])

    def Lq(rr, tt):
        c, s = mpmath.cos(2 * mpmath.pi * tt), mpmath.sin(2 * mpmath.pi * tt)
        w = (rr * (3 * c - 4 * s) / 5, rr * (4 * c + 3 * s) / 5)
        return quad_loss([w], [(3, 4)], [1])
    x = [_mp(r), _mp(tau)]
    with precision(128):
        L, g, H = net.enclose([flint.arb(flint.fmpq(r)), flint.arb(flint.fmpq(tau))])
    assert abs(float(L.mid()) - float(Lq(*x))) < 1e-15
    gq, Hq = _differences(Lq, x)
    for i in range(2):
        assert abs(float(g[i].mid()) - float(gq[i])) < 1e-6
        for j in range(2):
            # C^2, not C^3, at tau = 0: the differences are off by O(h) there, so a relative tolerance
            assert abs(float(H[i, j].mid()) - float(Hq[i][j])) < 1e-2 + 1e-3 * abs(float(Hq[i][j]))
