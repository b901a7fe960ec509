"""Ball-arithmetic loss, gradient and Hessian of feedforward nets (Feedforward.enclose).

Against independent values: exact rational derivatives (polynomial activations) at points
inside the balls; for tanh, sigmoid and softplus the loss written out in SymPy, differentiated
by sympy.hessian and evaluated at 60 digits (mpmath), and mpmath central differences; a ball
around 0 is never turned into an exact zero.
"""

import random

import flint
import mpmath
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symlandscape.exact.numbers import InputError
from symlandscape.models.feedforward import Feedforward

_SYMPY = {"tanh": sympy.tanh, "sigmoid": lambda u: 1 / (1 + sympy.exp(-u)), "softplus": lambda u: sympy.log(1 + sympy.exp(u))}


def _exact(x) -> flint.fmpq:
    """The dyadic number x (an arb with radius 0) as an exact rational."""
    m, e = x.man_exp()
    return flint.fmpq(int(m)) * (flint.fmpq(2) ** int(e) if e >= 0 else flint.fmpq(1, 2 ** int(-e)))


def _in(ball, q) -> bool:
    """The rational q lies in the ball, decided exactly (arb.contains would round q first)."""
    return abs(_exact(ball.mid()) - flint.fmpq(q)) <= _exact(ball.rad())


def _contains(ball, value):
    """The 60-digit value of a SymPy number lies in the ball (up to 1e-50), decided in rationals."""
    v = sympy.Rational(sympy.N(value, 60))
    mid, rad = (sympy.Rational(str(_exact(x))) for x in (ball.mid(), ball.rad()))
    return abs(mid - v) <= rad + sympy.Rational(1, 10 ** 50)


def _rand_net(rng, widths, m, act, hb, ob):
    q = lambda: flint.fmpq(rng.randint(-3, 3), rng.randint(1, 3))  # noqa: E731
    X = [[q() for _ in range(m)] for _ in range(widths[0])]
    Y = [[q() for _ in range(m)] for _ in range(widths[-1])]
    L = len(widths) - 1
    net = Feedforward(widths, X, Y, activation=act, biases=[hb] * (L - 1) + [ob])
    theta = [q() for _ in range(net.n_params)]
    return net, theta


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10 ** 6), st.sampled_from([[1, 2, 1], [2, 2, 2], [1, 2, 2, 1], [2, 1, 1, 2]]), st.integers(1, 3),
       st.sampled_from([[0, 1, 1], [1, 0, "1/2", "-1/3"], [0, 0, 1]]), st.booleans(), st.booleans())
def test_polynomial_balls_contain_the_exact_values(seed, widths, m, act, hb, ob):
    rng = random.Random(seed)
    net, theta = _rand_net(rng, widths, m, act, hb, ob)
    W = net.unflatten([[t] for t in theta])
    L, g, H = net.enclose([flint.arb(t) for t in theta])
    assert _in(L, net.loss(W))
    ge, He = net.gradient(W).flint, net.hessian(W).flint
    assert all(_in(g[i], ge[i, 0]) for i in range(net.n_params))
    assert all(_in(H[i, j], He[i, j]) for i in range(net.n_params) for j in range(net.n_params))
    # balls of radius 1/1000: the exact derivatives at a rational point inside are enclosed
    eps = flint.fmpq(1, 1000)
    inside = [t + eps * flint.fmpq(rng.randint(-9, 9), 10) for t in theta]
    L, g, H = net.enclose([flint.arb(t, flint.arb(eps).mid()) for t in theta])
    Wi = net.unflatten([[t] for t in inside])
    assert _in(L, net.loss(Wi))
    gi, Hi = net.gradient(Wi).flint, net.hessian(Wi).flint
    assert all(_in(g[i], gi[i, 0]) for i in range(net.n_params))
    assert all(_in(H[i, j], Hi[i, j]) for i in range(net.n_params) for j in range(net.n_params))


def _sympy_loss(net, syms):
    s = _SYMPY[net.act.name]
    X, Y = net.X.to_sympy(), net.Y.to_sympy()
    loss = 0
    for j in range(net.m):
        z = list(X[:, j])
        for k in range(net.L):
            d = net.widths[k]
            p = [sum(syms[k][a, b] * z[b] for b in range(d)) + (syms[k][a, d] if net.biases[k] else 0)
                 for a in range(net.widths[k + 1])]
            z = [s(v) for v in p] if k < net.L - 1 else p
        loss += sum((z[o] - Y[o, j]) ** 2 for o in range(net.widths[-1])) / 2
    return loss


@pytest.mark.parametrize("act", ["tanh", "sigmoid", "softplus"])
@pytest.mark.parametrize("widths,m,hb", [([1, 2, 1], 2, True), ([2, 1, 2], 1, False), ([1, 2, 1, 1], 2, True)])
def test_transcendental_against_sympy_and_mpmath(act, widths, m, hb):
    rng = random.Random(hash((act, tuple(widths))) % 1000)
    net, theta = _rand_net(rng, widths, m, act, hb, True)
    syms = net.symbols()
    flat = [S[i, j] for S in syms for j in range(S.shape[1]) for i in range(S.shape[0])]
    loss = _sympy_loss(net, syms)
    point = dict(zip(flat, [sympy.Rational(str(t)) for t in theta]))
    L, g, H = net.enclose([flint.arb(t) for t in theta])
    assert _contains(L, loss.subs(point))
    grad = [sympy.diff(loss, x) for x in flat]
    assert all(_contains(g[i], grad[i].subs(point)) for i in range(len(flat)))
    Hs = sympy.hessian(loss, flat)
    assert all(_contains(H[i, j], Hs[i, j].subs(point)) for i in range(len(flat)) for j in range(len(flat)))
    # mpmath central differences of the loss (50 digits) agree with the gradient balls
    f = sympy.lambdify(flat, loss, "mpmath")
    with mpmath.workdps(50):
        args = [mpmath.mpf(sympy.Rational(str(t)).p) / sympy.Rational(str(t)).q for t in theta]
        h = mpmath.mpf("1e-20")
        for i in range(len(flat)):
            up, dn = list(args), list(args)
            up[i] += h
            dn[i] -= h
            fd = (f(*up) - f(*dn)) / (2 * h)
            assert abs(float(g[i].mid()) - float(fd)) <= float(g[i].rad()) + 1e-12


def test_a_ball_around_zero_is_not_an_exact_zero():
    # s(x) = x^2, F = w_2 s(w_1 x): s'(w_1 x) = 2 w_1 is a ball around 0 for w_1 in [-1e-3, 1e-3];
    # the gradient in w_1 must enclose its value at w_1 = 1/10000 (nonzero), not be an exact 0
    net = Feedforward([1, 1, 1], [[1]], [[1]], activation=[0, 0, 1], biases=False)
    L, g, H = net.enclose([flint.arb(0, flint.arb("1e-3").mid()), flint.arb(1)])
    w = [[[flint.fmpq(1, 10000)]], [[1]]]
    assert _in(g[0], net.gradient(w).flint[0, 0]) and net.gradient(w).flint[0, 0] != 0
    assert g[0].rad() > 0 and not g[0] == 0


def test_undefined_activation_has_no_balls():
    net = Feedforward([1, 1, 1], [[1]], [[1]], activation="s")
    with pytest.raises(InputError):
        net.enclose([flint.arb(0)] * net.n_params)
    with pytest.raises(InputError):
        Feedforward([1, 1, 1], [[1]], [[1]], activation="tanh").enclose([flint.arb(0)])
