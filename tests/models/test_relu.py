"""ReLU networks: exact loss, gradient and Hessian against SymPy differentiation of the
network written with Max (independent of the masked-chain formulas), and the tie rules."""

import random

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symlandscape as sl
from symlandscape.certificates.check import CertificateError
from symlandscape.models import NotDifferentiable, ReLUNet
from symlandscape.provers.instancegen import random_qmatrix


def _sympy_loss(net):
    sym = net.symbolic()
    E = sym["output"] - sympy.Matrix(net.Y.to_sympy())
    theta = [w for W in sym["weights"] for w in W.T]           # column stacking = theta order
    return sympy.Rational(1, 2) * sum(e ** 2 for e in E), theta


def _subs(W, net):
    sym = net.symbolic()["weights"]
    return {s: sympy.Rational(str(W[k].flint[a, b])) for k, S in enumerate(sym)
            for a in range(S.rows) for b in range(S.cols) for s in [S[a, b]]}


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([[1, 2, 1], [2, 2, 1], [2, 1, 2], [1, 2, 2, 1]]),
       st.sampled_from([1, 2, "1/2"]))
def test_derivatives_against_sympy(seed, widths, q):
    rng = random.Random(seed)
    X = random_qmatrix(rng, widths[0], 2)
    net = ReLUNet(widths, X, random_qmatrix(rng, widths[-1], 2), q=q)
    W = [random_qmatrix(rng, widths[k + 1], widths[k]) for k in range(len(widths) - 1)]
    if net.ties(W):
        with pytest.raises(NotDifferentiable):
            net.gradient(W)
        return
    L, theta = _sympy_loss(net)
    at = _subs(W, net)
    assert sympy.Rational(str(net.loss(W))) == L.subs(at)
    g = [sympy.diff(L, t).subs(at) for t in theta]
    assert [sympy.Rational(str(x)) for x in net.gradient(W).flint.entries()] == g
    H = net.hessian(W)
    for i in range(len(theta)):
        for j in range(i, len(theta)):
            assert sympy.Rational(str(H.flint[i, j])) == sympy.diff(L, theta[i], theta[j]).subs(at)


def test_ties_that_matter_and_ties_that_do_not():
    net = ReLUNet([1, 2, 1], X=[[1]], Y=[[0]])
    # unit 1 has pre-activation 0 and a nonzero outgoing weight: a kink
    assert net.ties([[[0], [1]], [[1, 1]]]) == [(1, 1, 1)]
    with pytest.raises(NotDifferentiable, match="layer 1, unit 1, sample 1"):
        net.hessian([[[0], [1]], [[1, 1]]])
    # the same tie with a zero outgoing weight changes nothing: differentiable
    assert net.ties([[[0], [1]], [[0, 1]]]) == []
    assert net.gradient([[[0], [1]], [[0, 1]]]).T.tolist()[0][1] == 1


def test_checker_refuses_a_hessian_at_a_kink():
    from symlandscape.certificates.check import independent_evaluate
    env = {"X": [[sl.rational(1)]], "Y": [[sl.rational(0)]]}
    from fractions import Fraction
    env = {"X": [[Fraction(1)]], "Y": [[Fraction(0)]], "W1": [[Fraction(0)], [Fraction(1)]],
           "W2": [[Fraction(1), Fraction(1)]]}
    with pytest.raises(CertificateError, match="not differentiable"):
        independent_evaluate(["hessian", "relu", "X", "Y", ["W1", "W2"]], env)
    assert independent_evaluate(["loss", "relu", "X", "Y", ["W1", "W2"]], env) == Fraction(1, 2)


def test_instances_and_schema():
    inst = sl.parse_instance({"model": "relu", "widths": [1, 1], "X": [[1]], "Y": [[1]], "q": "3/2",
                              "weights": [[[2]]]})
    assert str(inst.env["q"].flint[0, 0]) == "3/2"
    assert sl.parse_instance(inst.to_dict()) == inst
    with pytest.raises(sl.InputError):
        sl.parse_instance({"model": "relu", "widths": [1, 1], "X": [[1]], "Y": [[1]], "q": 0.5})
