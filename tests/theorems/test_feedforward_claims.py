"""STAR-3.1, CORE-3.2, CORE-3.3, CORE-DIM and AW-002-3.2 against independent computations.

* the Hessian at a core point from ``sympy.hessian`` of the expanded loss (no backprop), its
  inertia from SymPy's exact characteristic polynomial (Descartes' rule on a real-rooted
  polynomial), compared with the claims' verdicts;
* the theorem's count d_out (the (W_L, b_L) block is m [c;1][c;1]^T kron I) decides when the
  as-written AW-002-3.2 must fail; a hand-worked minimal counterexample;
* certificates re-verified by the independent checker; forged witnesses and values rejected;
* the symbolic proofs can fail: off the locus they report entries that do not vanish.
"""

import json
import random

import flint
import pytest
import sympy

import symlandscape as sl
from symlandscape.instances import Instance
from symlandscape.landscape.loci import locus_point
from symlandscape.provers.feedforward import core_instances, feedforward_instance, net_of, symbolic_core, symbolic_star


def _sympy_hessian(net, W):
    syms = net.symbols()
    flat = [S[i, j] for S in syms for j in range(S.shape[1]) for i in range(S.shape[0])]
    t = sympy.Symbol("t")
    s = sympy.Lambda(t, sum(sympy.Rational(str(c)) * t ** i for i, c in enumerate(net.act.coeffs)))
    loss = 0
    X, Y = net.X.to_sympy(), net.Y.to_sympy()
    for j in range(net.m):
        z = list(X[:, j])
        for k in range(net.L):
            d = net.widths[k]
            p = [sum(syms[k][a, b] * z[b] for b in range(d)) + (syms[k][a, d] if net.biases[k] else 0)
                 for a in range(net.widths[k + 1])]
            z = [s(v) for v in p] if k < net.L - 1 else p
        loss += sum((z[o] - Y[o, j]) ** 2 for o in range(net.widths[-1])) / 2
    point = dict(zip(flat, [sympy.Rational(str(x)) for x in net.flatten(W).flint.entries()]))
    return sympy.hessian(loss, flat).subs(point)


def _sympy_inertia(H):
    lam = sympy.Symbol("lam")
    p = sympy.Poly(H.charpoly(lam).as_expr(), lam)
    n = H.shape[0]
    zero = next(i for i, c in enumerate(reversed(p.all_coeffs())) if c != 0)   # multiplicity of 0
    q = sympy.Poly(sympy.quo(p.as_expr(), lam ** zero), lam)
    signs = [c for c in q.all_coeffs() if c != 0]
    pos = sum(1 for a, b in zip(signs, signs[1:]) if a * b < 0)                  # Descartes: exact, real roots
    return pos, n - zero - pos, zero


# sympy.hessian of the nested loss is slow beyond a dozen parameters
_SMALL = [i for i in core_instances(seed=7) if net_of(i).n_params <= 12][::2]


@pytest.mark.parametrize("inst", _SMALL, ids=lambda i: i.name)
def test_core_hessian_against_sympy(inst):
    v = sl.check_claim("CORE-3.2", inst)
    assert v.status == "holds"
    net = net_of(inst)
    H = _sympy_hessian(net, inst.weights)
    inertia = _sympy_inertia(H)
    assert inertia == (net.widths[-1], 0, net.n_params - net.widths[-1])
    got = next(f["value"] for f in v.facts if f["key"] == "inertia")
    assert [int(x) for x in got] == list(inertia)
    aw = sl.check_claim("AW-002-3.2", inst)
    assert aw.status == ("holds" if net.widths[-1] == 1 else "fails")
    assert sl.check_certificate(v.certificate)["ok"] and sl.check_certificate(aw.certificate)["ok"]


def test_minimal_counterexample_by_hand():
    # widths [1, 1, 1, 2], one sample: the core forces W_3 = 0, b_3 = y, W_1 = W_2 = 0, so
    # c = s(b_2) = s(2) = 6 and the Hessian is [c;1][c;1]^T kron I_2 on the last 4 parameters
    # (zero elsewhere): the eigenvalue c^2 + 1 twice
    X, Y = [[2]], [[1], [-1]]
    W = [[[0, 1]], [[0, 2]], [[0, 1], [0, -1]]]
    inst = feedforward_instance([1, 1, 1, 2], X, Y, (0, 1, 1, 0), "G", W)
    v = sl.check_claim("AW-002-3.2", inst)
    assert v.status == "fails" and "2 positive eigenvalues" in v.reason
    c = 2 + 4                                             # s(2) = 2 + 2^2
    H = net_of(inst).hessian(W)
    assert H.shape == (8, 8) and all(H.flint[i, j] == 0 for i in range(8) for j in range(4))
    assert [H.flint[i, j] for i in range(4, 8) for j in range(4, 8)] == \
        [x for x in sympy.kronecker_product(sympy.Matrix([[c * c, c], [c, 1]]), sympy.eye(2))]
    # in reading S the smallest counterexample has depth 4
    inst_s = feedforward_instance([1, 1, 1, 1, 2], X, Y, (0, 1, 1, 0), "S",
                                  [[[0]], [[0]], [[0]], [[0, 1], [0, -1]]])
    assert sl.check_claim("AW-002-3.2", inst_s).status == "fails"
    assert sl.check_claim("CORE-3.2", inst_s).status == "holds"
    # one layer less: no core pair in reading S (hypotheses not met)
    inst_s3 = feedforward_instance([1, 1, 1, 2], X, Y, (0, 1, 1, 0), "S", [[[0]], [[0]], [[0, 1], [0, -1]]])
    assert sl.check_claim("CORE-3.2", inst_s3).status == "hypotheses not met"


def test_star_point_strict_saddle_and_certificates():
    rng = random.Random(4)
    inst = feedforward_instance([1, 2, 2, 1], [[1, -1, 2]], [[0, 1, 1]], (0, 1, 1, 0), "S")
    net = net_of(inst)
    W = locus_point(net, [2], rng=rng)
    inst = Instance("feedforward", {**inst.env, **{f"W{k + 1}": w for k, w in enumerate(W)}}, inst.widths)
    v = sl.check_claim("STAR-3.1", inst)
    assert v.status == "holds" and "proved symbolically" in v.reason and "re-checks" in v.reason
    inertia = [int(x) for x in next(f["value"] for f in v.facts if f["key"] == "inertia")]
    assert inertia[1] > 0 and tuple(inertia) == _sympy_inertia(_sympy_hessian(net, W))
    cert = v.certificate
    assert sl.check_certificate(cert)["ok"]
    bad = json.loads(json.dumps(cert))
    next(f for f in bad["facts"] if f["key"] == "inertia")["value"] = [inertia[0] + inertia[1], 0, inertia[2]]
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(bad)


def test_forged_c_witness_is_rejected_or_fails():
    inst = next(core_instances(seed=9, vector=False))
    v = sl.check_claim("CORE-3.2", inst)
    cert = json.loads(json.dumps(v.certificate))
    cert["witnesses"]["c"] = [str(flint.fmpq(int(x.split("/")[0]) + 1)) for x in cert["witnesses"]["c"]]
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(cert)      # the block fact now evaluates to false: recorded true


def test_symbolic_proofs_can_fail():
    net = net_of(feedforward_instance([1, 2, 2, 1], [[1, 2]], [[0, 1]], (0, 1, 1, 0), "G"))
    assert symbolic_star(net, (1,))["all"] and symbolic_core(net, (1, 2))["all"]
    # one zero layer is not the core: the Hessian has entries outside the block (x-dependence)
    out = symbolic_core(net, (1,))
    assert not out["all"] and out["identically_zero"] < out["entries"]
    # finding: in reading S the star locus is critical WITHOUT s(0) = 0 (W_i = 0 makes z_i = s(0)
    # constant, and b_L = mean y absorbs it); s(0) = 0 only makes c = 0 on the core
    net_s = net_of(feedforward_instance([1, 2, 2, 1], [[1, 2]], [[0, 1]], (0, 1, 1, 0), "S"))
    from symlandscape.provers import feedforward as pf
    snet, W = pf._symbolic_point(net_s, {2})
    snet = type(snet)(snet.widths, snet.X, snet.Y, activation="s", biases=snet.biases)   # drop s(0) = 0
    g = snet.symbolic_derivatives(W, hessian=False)["gradient"]
    assert all(sympy.expand(e) == 0 for e in g)
    # off the locus (b_L a free symbol) the symbolic gradient does not vanish
    W[-1][0, W[-1].shape[1] - 1] = sympy.Symbol("beta")
    g = snet.symbolic_derivatives(W, hessian=False)["gradient"]
    assert any(sympy.expand(e) != 0 for e in g)


def test_core33_and_dims():
    v = sl.check_claim("CORE-3.3", next(iter(sl.provers.registry._PROVERS["CORE-3.3"].instances())))
    assert v.status == "holds" and sl.check_certificate(v.certificate)["ok"]
    # at W_L != 0 the derivative trick sees the hidden layers: the first-order fact fails
    inst = feedforward_instance([1, 2, 1], [[1]], [[0]], (0, 1, 1, 0), "G", [[[1, 0], [2, 1]], [[1, 1, 0]]])
    assert sl.check_claim("CORE-3.3", inst).status == "hypotheses not met"
    inst = feedforward_instance([2, 3, 3, 1], [[1, 2], [0, 1]], [[0, 1]], (0, 1, 1, 0), "G")
    v = sl.check_claim("CORE-DIM", inst)
    assert v.status == "holds"
    dims = v.certificate["dimensions"]
    # by hand: n = 9 + 12 + 4 = 25; S_1 codim 3 + 1 + 6 = 10, S_2 codim 4 + 9 = 13, core 19
    assert (dims["n"], dims["star"], dims["core"]) == (25, 15, 6)
    assert sl.check_certificate(v.certificate)["ok"]
