"""FIB-5.7, FIB-5.8, FIB-5.9, WIDE-5.14, AW-002-5.14 and ZERO-MAN against independent computations.

* ranks of the fibre's leading form from sympy.hessian of the loss expanded in the last layer's
  symbols (the other layers numbers), and of the features from a SymPy forward pass;
* the output Jacobian's rank (ZERO-MAN) from sympy differentiation of the written-out outputs;
* the as-written Lemma 5.14 fails exactly when the ones row is not in the row space of the
  hidden features (decided by SymPy); the minimal counterexample of the search by hand;
* certificates re-checked by the independent checker (its own hyper-dual derivatives and its
  own loss_curve interpolation); forged values rejected.
"""

import json
import random

import flint
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symlandscape as sl
import symlandscape.provers.catalogue  # noqa: F401  (registers the instance families)
from symlandscape.certificates.check import _ff_spec, _mat, independent_evaluate
from symlandscape.exact.matrix import QMatrix
from symlandscape.instances import Instance
from symlandscape.provers.feedforward import net_of
from symlandscape.provers.fibres import ACTIVATIONS, aw514_search, fibre_instance, zero_loss_instance
from symlandscape.provers.registry import _PROVERS


def _rat(x):
    return sympy.Rational(str(x))


def _outputs(net, Ws, hidden=False):
    t = sympy.Symbol("t")
    s = sympy.Lambda(t, sum(_rat(c) * t ** i for i, c in enumerate(net.act.coeffs)))
    X = sympy.Matrix(net.X.to_sympy())
    cols = []
    for j in range(net.m):
        z = list(X[:, j])
        for k in range(net.L - 1 if hidden else net.L):
            d = net.widths[k]
            p = [sum(Ws[k][a, b] * z[b] for b in range(d)) + (Ws[k][a, d] if net.biases[k] else 0)
                 for a in range(net.widths[k + 1])]
            z = [s(v) for v in p] if k < net.L - 1 else p
        cols.append(z)
    return sympy.Matrix(cols).T


def _sympy_form_rank(net, W):
    """Rank of the fibre's quadratic form: sympy.hessian of the loss in the last layer's symbols."""
    Ws = [sympy.Matrix(w.to_sympy()) for w in net.weights(W)]
    r, c = net.shapes[-1]
    V = sympy.Matrix(r, c, lambda a, b: sympy.Symbol(f"v{a}_{b}"))
    F = _outputs(net, Ws[:-1] + [V])
    Y = sympy.Matrix(net.Y.to_sympy())
    loss = sympy.expand(sum((F - Y).applyfunc(lambda e: e ** 2)) / 2)
    return sympy.hessian(loss, list(V)).rank()


def _fact(v, key):
    return next(f["value"] for f in v.facts if f["key"] == key)


def _family(cid):
    return list(_PROVERS[cid].instances())


@pytest.mark.parametrize("cid,expected", [("FIB-5.7", {"holds"}), ("FIB-5.8", {"holds", "hypotheses not met"}),
                                          ("FIB-5.9", {"holds", "hypotheses not met"}),
                                          ("WIDE-5.14", {"holds"}), ("ZERO-MAN", {"holds", "hypotheses not met"})])
def test_families_and_small_certificates(cid, expected):
    seen = set()
    for inst in _family(cid):
        v = sl.check_claim(cid, inst)
        assert v.status in expected, (inst.name, v.reason)
        seen.add(v.status)
        if net_of(inst).n_params <= 16:              # the checker's Hessian costs ~n^2 forward passes
            assert sl.check_certificate(v.certificate)["ok"]
    assert "holds" in seen


def test_form_rank_against_sympy_and_the_corrected_bound():
    # the fibre's leading form has rank d_out rank([Phi_h; 1]) with an output bias and
    # d_out rank(Phi_h) without (SymPy on the written-out loss): the as-written statement
    # fails exactly when the ones row is not in the row space of Phi_h
    rng = random.Random(14)
    cases = [([1, 1, 1], 2, 2, 0), ([1, 2, 1], 2, 0, 1), ([2, 1, 2], 3, 1, 0), ([1, 2, 2], 2, 3, 1),
             ([1, 1, 1, 1], 3, 0, 1), ([2, 2, 1], 1, 2, 0)]
    outcomes = set()
    for widths, m, a, hb in cases:
        for ob in (0, 1):
            inst = fibre_instance(widths, m, ACTIVATIONS[a], hb, ob, rng)
            net = net_of(inst)
            Wsym = [sympy.Matrix(w.to_sympy()) for w in net.weights(inst.weights)]
            Phi_h = _outputs(net, Wsym, hidden=True)
            rank_form = _sympy_form_rank(net, inst.weights)
            d_out = widths[-1]
            with_ones = Phi_h.col_join(sympy.ones(1, m)) if ob else Phi_h
            assert rank_form == d_out * with_ones.rank()
            cid = "AW-002-5.14" if ob else "WIDE-5.14"
            v = sl.check_claim(cid, inst)
            assert int(_fact(v, "rank_form")) == rank_form
            want = "holds" if rank_form <= d_out * Phi_h.rank() else "fails"
            assert v.status == want
            outcomes.add((cid, want))
            if ob:
                assert _fact(v, "corrected") is True
    assert ("AW-002-5.14", "fails") in outcomes and ("WIDE-5.14", "holds") in outcomes


def test_aw514_minimal_counterexample_by_hand():
    # the search starts at widths [1, 1, 1] without a hidden bias, one sample, s(x) = x,
    # everything 0: Phi_h = [0] (rank 0), the fibre's loss is 1/2 (w * 0 + b)^2, a form of rank 1
    first = aw514_search()[0]
    assert first.widths == (1, 1, 1) and first.env["hidden_bias"].flint[0, 0] == 0
    assert first.env["X"].flint.tolist() == [[0]] and all(w.is_zero() for w in first.weights)
    v = sl.check_claim("AW-002-5.14", first)
    assert v.status == "fails" and v.finding
    assert _sympy_form_rank(net_of(first), first.weights) == 1
    assert sl.check_certificate(v.certificate)["ok"]
    # a counterexample with full-rank features: X = [1, -1], W_1 = 1: [Phi_h; 1] = [[1, -1], [1, 1]]
    inst = fibre_instance([1, 1, 1], 2, (0, 1), 0, 1, None, X=[[1, -1]], Y=[[0, 0]], W=[[[1]], [[1, 0]]])
    v = sl.check_claim("AW-002-5.14", inst)
    assert v.status == "fails" and "rank Q = 2" in v.reason and _sympy_form_rank(net_of(inst), inst.weights) == 2
    assert sl.check_claim("FIB-5.8", inst).status == "holds"     # the same features have rank m


def test_zero_manifold_rank_against_sympy():
    rng = random.Random(3)
    for widths, m, a, hb, ob in [([1, 2, 1], 2, 0, 1, 1), ([2, 2, 2], 2, 1, 0, 1), ([1, 1, 1], 1, 2, 0, 0),
                                 ([1, 2, 2, 1], 3, 3, 1, 1)]:
        inst = zero_loss_instance(widths, m, ACTIVATIONS[a], hb, ob, rng)
        net = net_of(inst)
        syms = net.symbols()
        flat = [S[i, j] for S in syms for j in range(S.shape[1]) for i in range(S.shape[0])]
        F = _outputs(net, syms)
        point = dict(zip(flat, [_rat(x) for x in net.flatten(inst.weights).flint.entries()]))
        J = sympy.Matrix([[sympy.diff(F[o, j], x) for x in flat] for j in range(m) for o in range(widths[-1])])
        rank = J.subs(point).rank()
        v = sl.check_claim("ZERO-MAN", inst)
        assert int(_fact(v, "rank_j")) == rank
        d = m * widths[-1]
        assert v.status == ("holds" if rank == d else "hypotheses not met")
        # at a zero of L the model's Hessian is SymPy's J^T J (the claim's Gauss-Newton fact)
        Js = J.subs(point)
        assert sympy.Matrix(net.hessian(inst.weights).to_sympy()) == Js.T * Js


def test_zero_manifold_rank_drops_are_not_counterexamples():
    # the origin of [1, 1, 1] (s(x) = x, no biases) with Y = 0: F = w_2 w_1 x, J = [w_2 x, w_1 x] = 0
    inst = fibre_instance([1, 1, 1], 1, (0, 1), 0, 0, None, X=[[1]], Y=[[0]], W=[[[0]], [[0]]])
    v = sl.check_claim("ZERO-MAN", inst)
    assert v.status == "hypotheses not met" and "regular value" in v.reason and int(_fact(v, "rank_j")) == 0
    # star locus S_1 (W_1 = 0: constant features), W_3 = 0, b_3 = y with constant targets:
    # J = [0 ... 0 | Phi^T] has rank 1 < m = 2 although L = 0
    inst = fibre_instance([1, 2, 2, 1], 2, (0, 1, 1), 1, 1, None, X=[[1, 2]], Y=[[1, 1]],
                          W=[[[0, 1], [0, -1]], [[1, 2, 0], [0, 1, 1]], [[0, 0, 1]]])
    v = sl.check_claim("ZERO-MAN", inst)
    assert v.status == "hypotheses not met" and int(_fact(v, "rank_j")) == 1
    assert sl.check_certificate(v.certificate)["ok"]
    # the same point with a target moved is not a zero: the hypothesis L = 0 fails first
    inst2 = Instance("feedforward", {**inst.env, "Y": QMatrix([[1, 2]])}, inst.widths)
    assert "L = 0" in sl.check_claim("ZERO-MAN", inst2).reason


def test_fib58_other_side_values():
    # rank Phi < m: the least-squares point is fibre-critical with positive loss (recorded values)
    inst = fibre_instance([1, 1, 1], 3, (0, 1), 0, 1, None, X=[[0, 1, 2]], Y=[[0, 1, 0]], W=[[[1]], [[0, 0]]])
    v = sl.check_claim("FIB-5.8", inst)
    assert v.status == "hypotheses not met"
    assert _fact(v, "vstar_critical") is True and _fact(v, "vstar_loss") == "1/3"     # by hand: (1, -2, 1)/3
    assert sl.check_certificate(v.certificate)["ok"]


def test_forged_values_are_rejected():
    inst = next(i for i in _family("FIB-5.9") if net_of(i).n_params <= 16)
    v = sl.check_claim("FIB-5.9", inst)
    assert v.status == "holds"
    cert = json.loads(json.dumps(v.certificate))
    f = next(f for f in cert["facts"] if f["key"] == "line")
    f["value"][1] = str(flint.fmpq(f["value"][1].split("/")[0]) + 1)
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(cert)
    inst = next(i for i in _family("FIB-5.7") if net_of(i).n_params <= 16)
    cert = json.loads(json.dumps(sl.check_claim("FIB-5.7", inst).certificate))
    f = next(f for f in cert["facts"] if f["key"] == "features")
    f["value"][0][0] = str(flint.fmpq(f["value"][0][0].split("/")[0]) + 1)
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(cert)


def test_checker_loss_curve_of_a_feedforward_net_against_sympy():
    # a curve moving every layer (not a fibre): the checker's degree bound and interpolation
    rng = random.Random(8)
    inst = fibre_instance([1, 2, 1], 2, (0, 1, 1), 1, 1, rng)
    net = net_of(inst)
    steps = [[["1", "0"], ["-1", "1"]], [["1", "1", "0"]]]
    Ws = [sympy.Matrix(w.to_sympy()) for w in net.weights(inst.weights)]
    t = sympy.Symbol("t")
    moved = [W + t * sympy.Matrix([[sympy.Rational(x) for x in r] for r in C]) for W, C in zip(Ws, steps)]
    F = _outputs(net, moved)
    Y = sympy.Matrix(net.Y.to_sympy())
    want = sympy.Poly(sympy.expand(sum((F - Y).applyfunc(lambda e: e ** 2)) / 2), t).all_coeffs()[::-1]
    spec = ["feedforward", "0", "1", "1", "0", "1", "1"]
    env = {"X": _mat(inst.env["X"].tostrings()), "Y": _mat(inst.env["Y"].tostrings()),
           "W1": _mat(inst.env["W1"].tostrings()), "W2": _mat(inst.env["W2"].tostrings())}
    got = independent_evaluate(["loss_curve", spec, "X", "Y", ["W1", "W2"], [[["lit", steps[0]], ["lit", steps[1]]]]],
                               env)
    assert [sympy.Rational(x.numerator, x.denominator) for x in got] == want and len(want) == 7   # degree 6
    assert _ff_spec(spec) is not None


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 10 ** 6), st.sampled_from([[1, 1, 1], [1, 2, 1], [2, 1, 2], [1, 1, 1, 2]]), st.integers(1, 3),
       st.integers(0, len(ACTIVATIONS) - 1), st.booleans(), st.booleans(), st.booleans())
def test_lemma514_verdicts_against_sympy(seed, widths, m, a, hb, ob, zero_hidden):
    # random small instances, some with a zero hidden layer (constant or zero features)
    rng = random.Random(seed)
    inst = fibre_instance(widths, m, ACTIVATIONS[a], int(hb), int(ob), rng)
    if zero_hidden:
        r, c = net_of(inst).shapes[-2]
        inst = Instance("feedforward", {**inst.env, f"W{len(widths) - 2}": QMatrix.zeros(r, c)},
                        inst.widths)
    net = net_of(inst)
    Phi_h = _outputs(net, [sympy.Matrix(w.to_sympy()) for w in net.weights(inst.weights)], hidden=True)
    rank_form = _sympy_form_rank(net, inst.weights)
    bound = widths[-1] * Phi_h.rank()
    v = sl.check_claim("AW-002-5.14" if ob else "WIDE-5.14", inst)
    assert v.status == ("holds" if rank_form <= bound else "fails")
    assert rank_form == widths[-1] * (Phi_h.col_join(sympy.ones(1, m)) if ob else Phi_h).rank()
    assert sl.check_claim("FIB-5.7", inst).status == "holds"
