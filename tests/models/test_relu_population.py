"""The Gaussian population loss of sums of ReLU units: the closed form (arc-cosine kernel)
against mpmath quadrature, its ball derivatives against mpmath differentiation."""

from fractions import Fraction

import flint
import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symlandscape as sl
from symlandscape.models import ReLUPopulation

entry = st.fractions(min_value=-2, max_value=2, max_denominator=5)


def _mp(x):
    x = Fraction(x)
    return mpmath.mpf(x.numerator) / x.denominator


def _expect_quad(w, v):
    """E[relu(w.x) relu(v.x)], x ~ N(0, I): the projection onto span(w, v) is a standard 2-D
    Gaussian and the integrand is 2-homogeneous, so E = (1/pi) int_0^{2 pi} relu(w'.e) relu(v'.e) dphi."""
    nw = mpmath.sqrt(sum(a * a for a in w))
    e1 = [a / nw for a in w]
    vp = [b - sum(x * y for x, y in zip(v, e1)) * a for a, b in zip(e1, v)]
    nvp = mpmath.sqrt(sum(a * a for a in vp))
    w2 = (nw, mpmath.mpf(0))
    v2 = (sum(x * y for x, y in zip(v, e1)), nvp)
    f = lambda p: max(w2[0] * mpmath.cos(p) + w2[1] * mpmath.sin(p), 0) * \
        max(v2[0] * mpmath.cos(p) + v2[1] * mpmath.sin(p), 0)
    kinks = sorted({mpmath.mpf(0), 2 * mpmath.pi} | {(mpmath.atan2(-a, b) + k * mpmath.pi) % (2 * mpmath.pi)
                                                   for a, b in (w2, v2) for k in (0, 1)})
    return mpmath.quad(f, kinks) / mpmath.pi


def _loss_quad(W, V, a):
    K, Kt = len(W), len(V)
    total = sum(_expect_quad(W[i], W[j]) for i in range(K) for j in range(K)) / 2
    total -= sum(a[j] * _expect_quad(W[i], V[j]) for i in range(K) for j in range(Kt))
    total += sum(a[j] * a[k] * _expect_quad(V[j], V[k]) for j in range(Kt) for k in range(Kt)) / 2
    return total


def _enclose(net, theta, prec=128):
    old = flint.ctx.prec
    flint.ctx.prec = prec
    try:
        return net.enclose([flint.arb(flint.fmpq(x.numerator, x.denominator)) for x in theta])
    finally:
        flint.ctx.prec = old


def _close(ball, value, tol):
    return abs(mpmath.mpf(ball.mid().str(40, radius=False)) - value) <= tol


@settings(max_examples=8, deadline=None)
@given(st.lists(entry, min_size=6, max_size=6), st.lists(entry, min_size=6, max_size=6))
def test_loss_matches_quadrature(wt, vt):
    """K = 2 student units and 2 teacher units in d = 3, teacher weights (1, -1/2)."""
    W = [wt[:3], wt[3:]]
    V = [vt[:3], vt[3:]]
    if any(all(x == 0 for x in u) for u in W + V):
        return
    a = [Fraction(1), Fraction(-1, 2)]
    net = ReLUPopulation([3, 2, 1], [[str(V[j][r]) for j in range(2)] for r in range(3)], [["1", "-1/2"]])
    theta = [W[i][c] for c in range(3) for i in range(2)]
    with mpmath.workdps(30):
        ref = _loss_quad([[_mp(x) for x in u] for u in W], [[_mp(x) for x in u] for u in V], a)
        L, _, _ = _enclose(net, theta)
        assert _close(L, ref, mpmath.mpf(10) ** -15)


def _loss_closed(theta, d, K, V, a):
    """The closed form written out again with mpmath (acos), for mpmath.diff."""
    W = [[theta[c * K + i] for c in range(d)] for i in range(K)]

    def k(w, v):
        nw, nv = mpmath.sqrt(sum(x * x for x in w)), mpmath.sqrt(sum(x * x for x in v))
        c = sum(x * y for x, y in zip(w, v))
        t = mpmath.acos(max(min(c / (nw * nv), 1), -1))
        return (nw * nv * mpmath.sin(t) + (mpmath.pi - t) * c) / (2 * mpmath.pi)
    out = sum(k(W[i], W[j]) for i in range(K) for j in range(K)) / 2
    out -= sum(a[j] * k(W[i], V[j]) for i in range(K) for j in range(len(V)))
    return out + sum(a[j] * a[l] * k(V[j], V[l]) for j in range(len(V)) for l in range(len(V))) / 2


def test_gradient_and_hessian_match_mpmath_differentiation():
    d, K = 3, 2
    V = [[1, 0, 0], [0, 1, 0]]
    net = ReLUPopulation([d, K, 1], [[1, 0], [0, 1], [0, 0]], [[1, 1]])
    theta = [Fraction(x) for x in ("7/10", "-1/5", "1/3", "4/5", "-1/4", "1/2")]
    L, g, H = _enclose(net, theta, prec=200)
    with mpmath.workdps(40):
        t0 = [_mp(x) for x in theta]
        f = lambda *t: _loss_closed(list(t), d, K, V, [1, 1])
        for p in range(d * K):
            order = [0] * (d * K)
            order[p] = 1
            assert _close(g[p], mpmath.diff(f, t0, tuple(order)), mpmath.mpf(10) ** -20)
            for q in range(d * K):
                order2 = list(order)
                order2[q] += 1
                assert _close(H[p, q], mpmath.diff(f, t0, tuple(order2)), mpmath.mpf(10) ** -15)


def test_teacher_equals_student_is_a_zero_and_parallel_units_are_undetermined():
    net = ReLUPopulation([2, 2, 1], [[1, 0], [0, 1]], [[1, 1]])
    L, g, H = _enclose(net, [Fraction(1), Fraction(0), Fraction(0), Fraction(1)])
    assert L.contains(0) and all(x.contains(0) for x in g)
    from symlandscape.enclose import box_balls, krawczyk
    # a student unit parallel to a teacher unit: t = 0, the Hessian is not finite -> undetermined
    box = [(Fraction(1), Fraction(1)), (Fraction(-1, 100), Fraction(1, 100)), (Fraction(0), Fraction(0)),
           (Fraction(1), Fraction(1))]
    out = krawczyk(lambda b: net.enclose(b)[1:], box)
    assert out.status == "undetermined"
    assert box_balls(box)


def test_instances_validate():
    with pytest.raises(sl.InputError):
        sl.parse_instance({"model": "relu_population", "widths": [2, 2], "X": [[1], [0]], "Y": [[1]]})
    with pytest.raises(sl.InputError):
        ReLUPopulation([2, 2, 1], [[0], [0]], [[1]])


@settings(max_examples=15, deadline=None)
@given(st.integers(2, 3), st.integers(1, 3), st.lists(entry, min_size=9, max_size=9),
       st.lists(entry, min_size=9, max_size=9), st.sampled_from([0, 2 ** -20]))
def test_closed_form_blocks_agree_with_forward_differentiation(d, K, wt, vt, rad):
    """enclose (closed-form kernel derivatives, Safran-Shamir / Brutzkus-Globerson blocks)
    against enclose_jets (second-order forward differentiation of the kernel), on points and
    on small boxes: the balls overlap and their midpoints agree to 1e-20."""
    W = [wt[i * d:(i + 1) * d] for i in range(K)]
    V = [vt[j * d:(j + 1) * d] for j in range(2)]
    if any(all(x == 0 for x in u) for u in W + V):
        return
    net = ReLUPopulation([d, K, 1], [[str(V[j][r]) for j in range(2)] for r in range(d)], [["1", "-3/2"]])
    theta = [W[i][c] for c in range(d) for i in range(K)]
    old = flint.ctx.prec
    flint.ctx.prec = 200
    try:
        balls = [flint.arb(flint.fmpq(x.numerator, x.denominator), rad) for x in theta]
        A, B = net.enclose(balls), net.enclose_jets(balls)
    finally:
        flint.ctx.prec = old
    if not (A[0].is_finite() and B[0].is_finite()):
        return                            # parallel units: both undefined there
    n = d * K
    pairs = [(A[0], B[0])] + list(zip(A[1], B[1])) + [(A[2][p, q], B[2][p, q]) for p in range(n) for q in range(n)]
    for a, b in pairs:
        if not (a.is_finite() and b.is_finite()):
            continue
        assert a.overlaps(b)
        if rad == 0:
            assert abs(float((a - b).mid())) < 1e-20
