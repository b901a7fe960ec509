"""The checker's own interval tests (mpmath iv) agree with symlandscape.enclose (arb) on the
boxes the prover certifies for random sigmoid neurons, and reject boxes moved off the zero."""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symlandscape.certificates.check import CertificateError, _iv_loss_in, _iv_pd_on, _iv_zero_in
from symlandscape.models import SigmoidNeuron
from symlandscape.provers.neurons import certify_minimum, float_minima


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 3).flatmap(lambda d: st.tuples(
    st.just(d),
    st.lists(st.lists(st.integers(-3, 3), min_size=2 * d + 1, max_size=2 * d + 1), min_size=d, max_size=d),
    st.lists(st.sampled_from(["0", "1/10", "1/2", "4/5", "1"]), min_size=2 * d + 1, max_size=2 * d + 1))))
def test_checker_agrees_with_enclose_and_rejects_moved_boxes(arg):
    _agree(*arg)


def test_the_agreement_test_is_not_vacuous():
    """On the AUER data and a one-input set both minima are certified and re-checked."""
    assert _agree(2, [[3, 0, -3, 1], [1, 1, 4, 2]], ["4/5", "1/2", "4/5", "0"], starts=60) == 2
    assert _agree(1, [[8, -1]], ["1/2", "1/5"], starts=60) == 2


def _agree(d, X, y, starts=12) -> int:
    net = SigmoidNeuron([d, 1], X, [y])
    count = 0
    Xf = [[Fraction(v) for v in row] for row in X]
    Yf = [[Fraction(v) for v in y]]
    for w in float_minima(net.float_derivatives, d, starts=starts)[:2]:
        wit = certify_minimum(net.enclose, w)
        if wit is None:
            continue     # the fast side did not close: nothing is claimed
        B = [[Fraction(a), Fraction(b)] for a, b in wit["box"]]
        mu, lo, hi = Fraction(wit["mu"]), Fraction(wit["loss"][0]), Fraction(wit["loss"][1])
        assert _iv_zero_in("sigmoid_neuron", Xf, Yf, B)
        assert _iv_pd_on("sigmoid_neuron", Xf, Yf, B, mu)
        assert _iv_loss_in("sigmoid_neuron", Xf, Yf, B, lo, hi)
        moved = [[a + 3 * (b - a), b + 3 * (b - a)] for a, b in B]
        with pytest.raises(CertificateError, match="zero_in"):
            _iv_zero_in("sigmoid_neuron", Xf, Yf, moved)
        count += 1
    return count


def test_checker_bounds_its_work_before_starting():
    X = [[Fraction(1)] * 4000 for _ in range(40)]      # 4000 samples x 40^2: past the limit
    Y = [[Fraction(0)] * 4000]
    with pytest.raises(CertificateError, match="interval operations"):
        _iv_zero_in("sigmoid_neuron", X, Y, [[Fraction(0), Fraction(1)]] * 40)
    with pytest.raises(CertificateError, match="no interval evaluation"):
        _iv_zero_in("relu", X, Y, [[Fraction(0), Fraction(1)]])


@settings(max_examples=8, deadline=None)
@given(st.integers(1, 2), st.integers(1, 3), st.integers(1, 2), st.integers(1, 3), st.data())
def test_checker_sigmoid_mlp_formulas_agree_with_the_prover_enclosure(d0, h, d2, m, data):
    """The checker's own one-hidden-layer sigmoid formulas (mpmath iv) against the prover's
    SigmoidMLP enclosure (arb) at random rational points: the intervals overlap."""
    import flint

    from symlandscape.certificates.check import _iv_ends, _iv_sigmoid_mlp, _IvPrec, _ivq
    from symlandscape.enclose import to_fmpq
    from symlandscape.models.sigmoid import SigmoidMLP
    q = st.fractions(min_value=-2, max_value=2, max_denominator=4)
    X = [[data.draw(q) for _ in range(m)] for _ in range(d0)]
    Y = [[data.draw(q) for _ in range(m)] for _ in range(d2)]
    net = SigmoidMLP([d0, h, d2], [[str(x) for x in r] for r in X], [[str(y) for y in r] for r in Y])
    theta = [data.draw(q) for _ in range(net.n_params)]
    old = flint.ctx.prec
    flint.ctx.prec = 128
    try:
        L, g, H = net.enclose([flint.arb(flint.fmpq(t.numerator, t.denominator)) for t in theta])
        balls = [L] + list(g) + [H[i, j] for i in range(net.n_params) for j in range(net.n_params)]
        ends = [[Fraction(str(to_fmpq(e))) for e in (x.lower(), x.upper())] for x in balls]
    finally:
        flint.ctx.prec = old
    with _IvPrec():
        Li, gi, Hi = _iv_sigmoid_mlp(X, Y, [_ivq(t) for t in theta], h)
        inters = [Li] + list(gi) + [Hi[i][j] for i in range(net.n_params) for j in range(net.n_params)]
        for (lo, hi), inter in zip(ends, inters):
            a, b = _iv_ends(inter)
            assert max(lo, a) <= min(hi, b)                    # the enclosures overlap
            assert hi - lo < Fraction(1, 10 ** 20) and b - a < Fraction(1, 10 ** 20)
