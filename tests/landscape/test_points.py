"""Public point constructors: checked against the independent checker's own gradient
(hyper-dual numbers over plain fractions) and SymPy products; 1-based index errors."""

import random

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symlandscape as sl
from symlandscape.certificates.check import _net as independent_net
from symlandscape.landscape.critical import data_with_spectrum


def _frac(M):
    return [[x for x in row] for row in M.tolist()]


def _independent_grad_is_zero(net, W):
    g = independent_net(net.kind, "grad", _frac(net.X), _frac(net.Y), [_frac(w) for w in W])
    return all(x == 0 for row in g for x in row)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 3), st.data())
def test_subset_points_are_critical_with_the_right_product(seed, hidden, data):
    rng = random.Random(seed)
    dy = data.draw(st.integers(1, 3))
    sv = sorted(data.draw(st.lists(st.integers(1, 4), min_size=dy, max_size=dy)), reverse=True)
    X, Y, U = data_with_spectrum(dy, dy, dy + 1, sv, rng)       # repeated values allowed
    widths = [dy] + [hidden] * data.draw(st.integers(1, 2)) + [dy]
    net = sl.DeepLinear(widths, X, Y)
    r = data.draw(st.integers(0, min(widths)))
    I = sorted(rng.sample(range(1, dy + 1), r))
    W = sl.eigenvector_subset_point(net, I, U)
    assert _independent_grad_is_zero(net, W)
    UI = sympy.Matrix(U.tolist())[:, [i - 1 for i in I]] if I else sympy.zeros(dy, 0)
    want = (UI * UI.T * sympy.Matrix(Y.tolist()) * sympy.Matrix(X.tolist()).pinv()) if I else sympy.zeros(dy, dy)
    got = sympy.Matrix(net.product(W, 1, len(W)).tolist())
    assert got == want


def test_subset_point_input_errors():
    net = sl.DeepLinear([2, 1, 2], X=[[1, 0], [0, 1]], Y=[[2, 0], [0, 1]])
    I2 = [[1, 0], [0, 1]]
    for bad, msg in [([3], "outside 1..2"), ([1, 1], "repeated"), ([1, 2], "narrowest width is 1"),
                     ("12", "1-based indices"), ([True], "outside")]:
        with pytest.raises(sl.InputError, match=msg):
            sl.eigenvector_subset_point(net, bad, I2)
    with pytest.raises(sl.InputError, match="orthonormal"):
        sl.eigenvector_subset_point(net, [1], [[1, 1], [0, 1]])
    with pytest.raises(sl.InputError, match="eigenvectors of Sigma"):
        sl.eigenvector_subset_point(net, [1], [["3/5", "4/5"], ["-4/5", "3/5"]])
    with pytest.raises(sl.InputError, match="expected 2 x 2"):
        sl.eigenvector_subset_point(net, [1], [[1]])


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(1, 3), min_size=3, max_size=5), st.data())
def test_two_zero_layers_give_a_critical_point(widths, data):
    net = sl.DeepLinear(widths, X=[[1]] * widths[0], Y=[[2]] * widths[-1])
    L = len(widths) - 1
    layers = data.draw(st.lists(st.integers(1, L), min_size=2, max_size=L, unique=True))
    W = sl.zero_layer_point(net, layers, seed=data.draw(st.integers(0, 99)))
    assert all(W[k - 1].is_zero() for k in layers)
    assert _independent_grad_is_zero(net, W)


def test_rescaled_point_keeps_product_and_kind():
    net = sl.DeepLinear([2, 2, 2], X=[[1, 0], [0, 1]], Y=[[2, 0], [0, 1]])
    W = sl.eigenvector_subset_point(net, [2], [[1, 0], [0, 1]])
    V = sl.rescaled_point(net, W, seed=5)
    assert net.product(V, 1, 2) == net.product(W, 1, 2) and V[0] != W[0]
    assert sl.classify(net, V).verdict == sl.classify(net, W).verdict == "strict saddle"
    with pytest.raises(sl.InputError):
        sl.rescaled_point("not a net", W)
