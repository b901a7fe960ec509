"""Fibres of the last layer against independent computations.

* the loss restricted to a fibre, expanded by SymPy from the network written out with the
  last layer as symbols (no backprop, no features): a polynomial of degree <= 2 whose
  Hessian, gradient at 0 and constant term are A, b, c0;
* the features from a SymPy forward pass; the least-squares point and the kernel from SymPy's
  own linear algebra (normal equations, Matrix.nullspace);
* the descent line's polynomial from the SymPy loss along the line, and its monotonicity from
  the derivative's real roots (sympy.real_roots);
* the output Jacobian's rank from sympy differentiation of the outputs (Matrix.rank).
"""

import random

import flint
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symlandscape.exact.matrix import QMatrix
from symlandscape.exact.numbers import InputError
from symlandscape.landscape.fibres import (
    descent_line,
    features,
    fibre_critical_set,
    fibre_indices,
    fibre_quadratic,
    hidden_features,
    output_jacobian,
    strictly_decreasing_on_unit_interval,
    zero_loss_data,
)
from symlandscape.models.feedforward import Feedforward

_ACTS = [(0, 1), (0, 1, 1), (1, 1, "1/2"), (0, 1, 0, "-1/3"), (0, -1, 2)]


def _rat(x):
    return sympy.Rational(str(x))


def _sympy_outputs(net, Wsym, hidden=False):
    """F(X) written out in SymPy from the definition (one column per sample); with ``hidden``,
    the last hidden layer's outputs instead (X for a net without hidden layers)."""
    t = sympy.Symbol("t")
    s = sympy.Lambda(t, sum(_rat(c) * t ** i for i, c in enumerate(net.act.coeffs)))
    X = sympy.Matrix(net.X.to_sympy())
    out = []
    for j in range(net.m):
        z = list(X[:, j])
        for k in range(net.L - 1 if hidden else net.L):
            d = net.widths[k]
            p = [sum(Wsym[k][a, b] * z[b] for b in range(d)) + (Wsym[k][a, d] if net.biases[k] else 0)
                 for a in range(net.widths[k + 1])]
            z = [s(v) for v in p] if k < net.L - 1 else p
        out.append(z)
    return sympy.Matrix(out).T


def _mixed(net, W):
    """Layers as SymPy matrices: numbers, except the last layer as symbols v_{a,b}."""
    Ws = [sympy.Matrix(w.to_sympy()) for w in net.weights(W)]
    r, c = net.shapes[-1]
    V = sympy.Matrix(r, c, lambda a, b: sympy.Symbol(f"v{a}_{b}"))
    return Ws[:-1] + [V], [V[a, b] for b in range(c) for a in range(r)]       # vec order


def _random_net(rng, widths, m, coeffs, hb, ob, zero_layer=None):
    q = lambda: flint.fmpq(rng.randint(-2, 2), rng.randint(1, 2))  # noqa: E731
    X = [[q() for _ in range(m)] for _ in range(widths[0])]
    Y = [[q() for _ in range(m)] for _ in range(widths[-1])]
    L = len(widths) - 1
    net = Feedforward(widths, X, Y, activation=list(coeffs), biases=[bool(hb)] * (L - 1) + [bool(ob)])
    W = [[[q() for _ in range(c)] for _ in range(r)] for r, c in net.shapes]
    if zero_layer is not None and zero_layer < L - 1:
        r, c = net.shapes[zero_layer]
        W[zero_layer] = [[0] * c for _ in range(r)]
    return net, W


_nets = st.builds(
    lambda seed, widths, m, a, hb, ob, z: _random_net(random.Random(seed), widths, m, _ACTS[a], hb, ob, z),
    st.integers(0, 10 ** 6),
    st.sampled_from([[1, 1], [1, 2, 1], [2, 1, 2], [1, 2, 2, 1], [2, 2, 1, 2], [1, 1, 2, 1, 1]]),
    st.integers(1, 3), st.integers(0, len(_ACTS) - 1), st.booleans(), st.booleans(),
    st.one_of(st.none(), st.integers(0, 2)))


@settings(max_examples=25, deadline=None)
@given(_nets)
def test_fibre_quadratic_against_sympy_expansion(case):
    net, W = case
    Wm, v = _mixed(net, W)
    F = _sympy_outputs(net, Wm)
    loss = sympy.expand(sum((F[i, j] - _rat(net.Y.flint[i, j])) ** 2 for i in range(F.shape[0])
                            for j in range(F.shape[1])) / 2)
    poly = sympy.Poly(loss, *v)
    assert poly.total_degree() <= 2                        # Proposition 5.7, independently
    q = fibre_quadratic(net, W)
    zero = {x: 0 for x in v}
    H = sympy.hessian(loss, v)
    assert H == sympy.Matrix(q.A.to_sympy())
    assert sympy.Matrix([sympy.diff(loss, x).subs(zero) for x in v]) == sympy.Matrix(q.b.to_sympy())
    assert loss.subs(zero) == _rat(q.c0)
    # and the model's own loss and gradient agree with q at the point
    vec = net.flatten(W).rows(fibre_indices(net))
    assert q.value(vec) == net.loss(W)
    assert q.gradient(vec) == net.gradient(W).rows(fibre_indices(net))


@settings(max_examples=20, deadline=None)
@given(_nets)
def test_features_and_critical_set_against_sympy(case):
    net, W = case
    Wm = [sympy.Matrix(w.to_sympy()) for w in net.weights(W)]
    Z = _sympy_outputs(net, Wm, hidden=True)
    assert sympy.Matrix(hidden_features(net, W).to_sympy()) == Z
    Phi = sympy.Matrix(features(net, W).to_sympy())
    Y = sympy.Matrix(net.Y.to_sympy())
    Vs, K = fibre_critical_set(net, W)
    Vs_s = sympy.Matrix(Vs.to_sympy())
    assert Vs_s * Phi * Phi.T == Y * Phi.T                  # normal equations (SymPy arithmetic)
    assert K.shape[0] == len(Phi.T.nullspace())
    if K.shape[0]:
        assert sympy.Matrix(K.to_sympy()) * Phi == sympy.zeros(K.shape[0], net.m)
    # every fibre-critical point has the loss of V*; zero exactly when rank Phi = m and ...
    loss_vs = ((Vs_s * Phi - Y).norm() ** 2) / 2
    if Phi.rank() == net.m:
        assert loss_vs == 0
        Wz = net.weights(W)[:-1] + [Vs]
        assert net.loss(Wz) == 0 and net.gradient(Wz).rows(fibre_indices(net)).is_zero()


def test_rank_deficient_fibre_has_positive_critical_loss():
    # m = 3 samples, features [s(x); 1] of rank 2: the least-squares point is fibre-critical
    # with loss > 0 (Lemma 5.8's hypothesis fails; not a counterexample). By hand, s(x) = x:
    # Phi = [[0, 1, 2], [1, 1, 1]], Y = [0, 1, 0]: residual of the line fit (1/3)(1, -2, 1)
    net = Feedforward([1, 1, 1], [[0, 1, 2]], [[0, 1, 0]], activation=[0, 1], biases=[False, True])
    W = [[[1]], [[0, 0]]]
    Vs, K = fibre_critical_set(net, W)
    Wv = [net.weights(W)[0], Vs]
    assert net.gradient(Wv).rows(fibre_indices(net)).is_zero()
    assert net.loss(Wv) == flint.fmpq(1, 3) and K.shape[0] == 0


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10 ** 6), st.sampled_from([([1, 3, 1], 3), ([2, 2, 2], 2), ([1, 2, 4, 2], 4), ([1, 2, 3, 1], 2)]),
       st.integers(0, len(_ACTS) - 1))
def test_descent_line_against_sympy(seed, arch, a):
    widths, m = arch
    net, W = _random_net(random.Random(seed), widths, m, _ACTS[a], True, True)
    Phi = features(net, W)
    if Phi.rank() < m:
        with pytest.raises(InputError):
            descent_line(net, W)
        return
    line = descent_line(net, W)
    t = sympy.Symbol("t")
    Wm = [sympy.Matrix(w.to_sympy()) for w in net.weights(W)]
    Wm[-1] = Wm[-1] + t * sympy.Matrix(line.direction.to_sympy())
    F = _sympy_outputs(net, Wm)
    Y = sympy.Matrix(net.Y.to_sympy())
    along = sympy.Poly(sympy.expand(sum((F - Y).applyfunc(lambda e: e ** 2)) / 2), t)
    ours = sympy.Poly(sum(_rat(c) * t ** i for i, c in enumerate(line.poly.coeffs())), t)
    assert along == ours
    L0 = _rat(net.loss(W))
    assert sympy.expand(along.as_expr() - L0 * (1 - t) ** 2) == 0
    assert net.loss(net.weights(W)[:-1] + [line.target]) == 0
    # strictly decreasing on [0, 1]: the derivative has no root in [0, 1) (and L0 > 0)
    roots = sympy.real_roots(sympy.Poly(sympy.diff(along.as_expr(), t), t)) if L0 else []
    assert strictly_decreasing_on_unit_interval(line.poly) == (L0 > 0 and all(r >= 1 for r in roots))


def test_strictly_decreasing_by_hand():
    t = flint.fmpq_poly([0, 1])
    assert strictly_decreasing_on_unit_interval(3 - t)
    assert strictly_decreasing_on_unit_interval(-t * t)                # derivative 0 only at t = 0
    assert not strictly_decreasing_on_unit_interval(flint.fmpq_poly([2]))        # constant
    assert not strictly_decreasing_on_unit_interval((t - flint.fmpq(1, 2)) ** 2)
    with pytest.raises(InputError):
        strictly_decreasing_on_unit_interval(t ** 3)


@settings(max_examples=15, deadline=None)
@given(_nets)
def test_output_jacobian_rank_against_sympy(case):
    net, W = case
    syms = net.symbols()
    flat = [S[i, j] for S in syms for j in range(S.shape[1]) for i in range(S.shape[0])]
    F = _sympy_outputs(net, syms)
    rows = [F[o, j] for j in range(net.m) for o in range(net.widths[-1])]        # sample-major
    point = dict(zip(flat, [_rat(x) for x in net.flatten(W).flint.entries()]))
    J = sympy.Matrix([[sympy.diff(r, x) for x in flat] for r in rows]).subs(point)
    ours = output_jacobian(net, W)
    assert sympy.Matrix(ours.to_sympy()) == J
    assert ours.rank() == J.rank()
    # the data realised by the net make the point a zero of the loss
    Y = zero_loss_data(net, W)
    assert Feedforward(net.widths, net.X, Y, activation=list(net.act.coeffs), biases=net.biases).loss(W) == 0


def test_output_bias_adds_the_ones_row():
    # Lemma 5.14 with b_L, by hand: one sample with hidden output 0; the fibre's form is b^2 (rank 1)
    net = Feedforward([1, 1, 1], [[0]], [[0]], activation=[0, 1], biases=[False, True])
    q = fibre_quadratic(net, [[[0]], [[0, 0]]])
    assert q.A == QMatrix([[0, 0], [0, 1]]) and hidden_features(net, [[[0]], [[0, 0]]]).rank() == 0
    # X = [1, -1]: Phi_h = [1, -1] (rank 1), the form w^2 (1 + 1) + 2 b^2 has rank 2
    net = Feedforward([1, 1, 1], [[1, -1]], [[0, 0]], activation=[0, 1], biases=[False, True])
    q = fibre_quadratic(net, [[[1]], [[1, 0]]])
    assert q.A == QMatrix([[2, 0], [0, 2]])


def test_not_feedforward_is_refused():
    from symlandscape.models.linear import DeepLinear
    with pytest.raises(InputError):
        features(DeepLinear([1, 1], [[1]], [[1]]), [[[1]]])
