"""The Sylvester reduction of the Hessian inertia (landscape/hessian_inertia.py) and its
certificate operation, against independent routes.

* On hypothesis-generated exactly critical points of small deep and residual nets
  (eigenvector-subset points, zero-layer points, rescaled points, global minima) the
  reduced inertia equals the exact characteristic-polynomial inertia of the dense
  Hessian and the independent checker's ``hessian_inertia`` (its own tangents, its own
  determinant, hyper-dual ``H[Q, Q]``, LDL^T) and its LDL^T inertia of the whole Hessian.
* ``H[Q, Q]`` from the Kronecker factors equals the submatrix of the dense Hessian.
* ``T[P, C]`` is nonsingular and ``t = rank T`` (every tangent direction captured).
* Tampered witnesses (singular ``T[P, C]``, wrong size, out of range, repeats, a point
  that is not critical) are rejected by ``symlandscape.check_certificate``.
"""

import copy
import json
import random

import flint
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symlandscape as sl
from symlandscape.certificates import check as chk
from symlandscape.exact import inertia_charpoly
from symlandscape.exact.matrix import QMatrix
from symlandscape.exact.numbers import WorkLimitExceeded
from symlandscape.landscape import hessian_inertia as hi
from symlandscape.landscape.classify import classify
from symlandscape.landscape.critical import data_with_spectrum, rescale, subset_point, zero_layers_point
from symlandscape.models import DeepLinear, ResidualLinear


def _frac_mats(Ws):
    return [[[chk._frac(x) for x in row] for row in QMatrix(w).tostrings()] for w in Ws]


def _point(kind, widths, seed, residual):
    """(net, W) at an exactly critical point of the given kind."""
    rng = random.Random(seed)
    dx, dy = widths[0], widths[-1]
    m = dx + 1
    svals = [dy - i if i < min(dx, m) else 0 for i in range(dy)]
    X, Y, U = data_with_spectrum(dx, dy, m, svals, rng)
    k = min(widths)
    L = len(widths) - 1
    if kind == "zero_layers":
        zs = rng.sample(range(L), 2)
        A = zero_layers_point(widths, zs, rng)
    else:
        if kind == "global_min":
            I = list(range(min(k, dy)))
        elif kind == "origin_subset":
            I = []
        else:   # a saddle: skip the top eigenvector
            I = list(range(1, min(k, dy))) or [0]
        A = subset_point(widths, X, Y, U, I)
    if kind == "rescaled" or rng.random() < 0.5:
        A = rescale(A, rng)
    if residual:
        net = ResidualLinear(widths[0], X, Y, H=L - 1)
        W = [a - QMatrix.eye(a.shape[0]) for a in A]
    else:
        net = DeepLinear(widths, X, Y)
        W = A
    return net, net.weights(W)


KINDS = ("subset", "rescaled", "zero_layers", "global_min", "origin_subset")


@st.composite
def critical_points(draw):
    residual = draw(st.booleans())
    L = draw(st.integers(2, 4))
    if residual:
        d = draw(st.integers(1, 3))
        widths = [d] * (L + 1)
    else:
        widths = [draw(st.integers(1, 3)) for _ in range(L + 1)]
    kind = draw(st.sampled_from(KINDS))
    seed = draw(st.integers(0, 10 ** 6))
    return _point(kind, widths, seed, residual)


@settings(max_examples=60)
@given(critical_points())
def test_reduced_inertia_equals_exact_inertia(point):
    net, W = point
    assert net.gradient(W).is_zero()
    H = net.hessian(W)
    want = inertia_charpoly(H)
    red = hi.reduction(net, W)
    assert hi.reduced_inertia(net, W, red) == want
    assert hi.hessian_inertia(net, W) == want
    # the checker's own route: tangents, det T[P, C], hyper-dual H[Q, Q], LDL^T
    Xf, Yf = _frac_mats([net.X])[0], _frac_mats([net.Y])[0]
    got = chk._hessian_inertia(net.kind, Xf, Yf, _frac_mats(W), red.P, red.C)
    assert tuple(got) == want
    assert tuple(chk._inertia([[chk._frac(x) for x in r] for r in H.tostrings()])) == want


@settings(max_examples=30)
@given(critical_points())
def test_principal_submatrix_hints_and_nonsingular_block(point):
    net, W = point
    red = hi.reduction(net, W)
    n = net.n_params
    Q = [i for i in range(n) if i not in set(red.P)]
    M, D = net.hessian_principal_scaled(W, Q)
    H = net.hessian(W)
    if Q:
        assert QMatrix(flint.fmpq_mat(M) / D) == H.rows(Q).columns(Q)
    T = net.symmetry_tangents(W)
    # T[P, C] is nonsingular and, at these points, captures every tangent direction
    assert T.rows(red.P).columns(red.C).rank() == red.t if red.t else True
    assert red.t == T.rank()


def test_zero_layers_capture_every_tangent_direction():
    net = DeepLinear([2, 3, 3, 3, 2], X=[[1, 0, 2], [0, 1, 1]], Y=[[1, 2, 0], [3, 0, 1]])
    for zs in ([0, 3], [1, 2], [0, 2], [1, 3]):
        W = zero_layers_point(net.widths, zs, random.Random(sum(zs)))
        red = hi.reduction(net, W)
        assert red.t == net.symmetry_tangents(W).rank()
        assert hi.reduced_inertia(net, W, red) == inertia_charpoly(net.hessian(W))


# -- certificates ------------------------------------------------------------------------------
def _saddle():
    net, W = _point("rescaled", [2, 3, 3, 2], 5, False)
    return net, W, classify(net, W)


def _retarget(cert, P=None, C=None):
    """A certificate whose witness and facts consistently use the given P, C."""
    bad = copy.deepcopy(cert)
    red = bad["witnesses"]["reduction"]
    old = json.dumps([red["P"], red["C"]])
    if P is not None:
        red["P"] = P
    if C is not None:
        red["C"] = C
    new = json.dumps([red["P"], red["C"]])
    for f in bad["facts"]:
        f["expr"] = json.loads(json.dumps(f["expr"]).replace(old[1:-1], new[1:-1]))
    return bad


def test_certificate_uses_the_reduction_and_rechecks():
    net, W, c = _saddle()
    cert = c.certificate
    assert cert["witnesses"]["reduction"] is not None
    exprs = [f["expr"] for f in cert["facts"] if f["key"] == "hessian_inertia"]
    assert exprs and exprs[0][0] == "hessian_inertia"
    assert sl.check_certificate(cert)["ok"]
    assert tuple(c.inertia) == inertia_charpoly(net.hessian(W))


def test_tampered_witnesses_are_rejected():
    net, W, c = _saddle()
    cert = c.certificate
    red = cert["witnesses"]["reduction"]
    P, C = red["P"], red["C"]
    n = net.n_params
    T = net.symmetry_tangents(W)
    # a row of T that is zero on the columns C: T[P', C] is singular
    zero_rows = [i for i in range(n) if i not in P and all(T.flint[i, j] == 0 for j in C)]
    assert zero_rows
    cases = {
        "singular": _retarget(cert, P=sorted(P[1:] + zero_rows[:1])),
        "short": _retarget(cert, C=C[:-1]),
        "out_of_range_P": _retarget(cert, P=P[:-1] + [n]),
        "out_of_range_C": _retarget(cert, C=C[:-1] + [10 ** 6]),
        "repeat": _retarget(cert, C=C[:-1] + C[:1]),
        "negative": _retarget(cert, P=[-1] + P[1:]),
        "not_a_list": _retarget(cert, P="0"),
    }
    for name, bad in cases.items():
        with pytest.raises(sl.CertificateError):
            sl.check_certificate(bad)
    # the fast evaluator refuses them as well
    env = {"X": net.X, "Y": net.Y, **{f"W{k + 1}": w for k, w in enumerate(W)}}
    from symlandscape.facts.fast import _Env, evaluate
    with pytest.raises(ValueError):
        evaluate(["hessian_inertia", net.kind, "X", "Y", [f"W{k + 1}" for k in range(len(W))],
                  sorted(P[1:] + zero_rows[:1]), C], _Env(env))
    with pytest.raises(ValueError):
        evaluate(["hessian_inertia", net.kind, "X", "Y", [f"W{k + 1}" for k in range(len(W))],
                  P, C[:-1]], _Env(env))


def test_another_valid_witness_is_accepted():
    # any nonsingular T[P, C] proves the same inertia: the fast evaluator checks it densely
    net, W, c = _saddle()
    red = c.certificate["witnesses"]["reduction"]
    T = net.symmetry_tangents(W)
    C = red["C"]
    TC = T.columns(C)
    # other rows: greedy independent rows of T[:, C], scanning from the end
    rows = []
    for i in reversed(range(net.n_params)):
        cand = rows + [i]
        if TC.rows(sorted(cand)).rank() == len(cand):
            rows = cand
        if len(rows) == len(C):
            break
    P = sorted(rows)
    assert P != red["P"]
    bad = _retarget(c.certificate, P=P)
    assert sl.check_certificate(bad)["ok"]
    from symlandscape.facts.fast import _Env, evaluate
    env = _Env({"X": net.X, "Y": net.Y, **{f"W{k + 1}": w for k, w in enumerate(W)}})
    got = evaluate(["hessian_inertia", net.kind, "X", "Y", [f"W{k + 1}" for k in range(len(W))], P, C], env)
    assert tuple(got) == tuple(c.inertia)


def test_not_critical_point_has_no_reduction_and_op_refuses():
    net = DeepLinear([1, 2, 1], X=[[1]], Y=[[1]])
    W = net.weights([[[1], [2]], [[1, 1]]])
    assert hi.reduction_witness(net, W) is None
    c = classify(net, W)
    assert c.verdict == "not critical"
    with pytest.raises(sl.CertificateError):
        chk._hessian_inertia("deep_linear", [[chk._frac(1)]], [[chk._frac(1)]],
                             _frac_mats(W), [0], [0])


def test_fallbacks_are_bounded(monkeypatch):
    net, W = _point("subset", [3, 3, 3, 3], 1, False)
    from symlandscape.exact import certified
    monkeypatch.setattr(certified, "certified_inertia", lambda *a, **k: None)
    assert hi.reduced_inertia(net, W) == inertia_charpoly(net.hessian(W))   # small: charpoly
    monkeypatch.setattr(hi, "MAX_CHARPOLY", 2)
    with pytest.raises(WorkLimitExceeded):
        hi.reduced_inertia(net, W)
    c = classify(net, W)
    assert c.verdict == "undetermined" and "MAX_CHARPOLY" in c.reason


def test_critical_points_never_build_the_dense_hessian(monkeypatch):
    # the inertia at a critical point comes from H[Q, Q], and at the origin the curve search
    # succeeds with a chain direction before the dense Hessian (and its kernel) is computed
    net = DeepLinear([2, 2, 2, 2], X=[[1, 0, 1], [0, 1, 1]], Y=[[1, 2, 0], [0, 1, 1]])

    def refuse(*a, **k):
        raise AssertionError("dense Hessian built")

    monkeypatch.setattr(net, "hessian", refuse)
    origin = [QMatrix.zeros(2, 2)] * 3
    c = classify(net, origin)
    assert c.verdict == "higher-order saddle" and c.inertia == (0, 0, 12)
    assert sl.check_certificate(c.certificate)["ok"]
    net2, W = _point("rescaled", [2, 3, 3, 2], 7, False)
    monkeypatch.setattr(net2, "hessian", refuse)
    assert classify(net2, W).verdict in ("strict saddle", "global minimum")


# -- the closed-form extra kernel and the nullity bound --------------------------------------
@st.composite
def any_points(draw):
    """Critical points as above, or arbitrary low-rank points (the theorem needs no criticality)."""
    if draw(st.booleans()):
        return draw(critical_points())
    residual = draw(st.booleans())
    L = draw(st.integers(2, 4))
    d = draw(st.integers(1, 3))
    widths = [d] * (L + 1) if residual else [draw(st.integers(1, 3)) for _ in range(L + 1)]
    rng = random.Random(draw(st.integers(0, 10 ** 6)))
    m = draw(st.integers(1, 3))
    X = QMatrix([[rng.randint(-2, 2) for _ in range(m)] for _ in range(widths[0])])
    Y = QMatrix([[rng.randint(-2, 2) for _ in range(m)] for _ in range(widths[-1])])
    # rank-one or zero layers make the kernels below nonempty
    W = []
    for k in range(L):
        r, c = widths[k + 1], widths[k]
        kind = draw(st.sampled_from(("rank1", "zero", "random")))
        if kind == "zero":
            W.append(QMatrix.zeros(r, c))
        elif kind == "rank1":
            u = [rng.randint(-2, 2) for _ in range(r)]
            w = [flint.fmpq(rng.randint(-3, 3), rng.randint(1, 3)) for _ in range(c)]
            W.append(QMatrix([[ui * wj for wj in w] for ui in u]))
        else:
            W.append(QMatrix([[flint.fmpq(rng.randint(-3, 3), rng.randint(1, 3)) for _ in range(c)]
                              for _ in range(r)]))
    if residual:
        net = ResidualLinear(widths[0], X, Y, H=L - 1)
        W = [w - QMatrix.eye(w.shape[0]) for w in W]      # the layer maps are the drawn ones
    else:
        net = DeepLinear(widths, X, Y)
    return net, net.weights(W)


@settings(max_examples=60, deadline=None)
@given(any_points())
def test_extra_kernel_vectors_are_in_the_kernel_of_the_hyperdual_hessian(point):
    # oracle: the checker's hyper-dual second derivative d^2 L[e_i, v] (no closed formula)
    net, W = point
    Xf, Yf, Wf = _frac_mats([net.X])[0], _frac_mats([net.Y])[0], _frac_mats(W)
    vecs = hi.extra_kernel(net, W)
    assert vecs is not None
    for k, x, y in vecs[:6]:
        v = chk._unit(Wf, None)
        v[k] = [[chk._frac(str(xa)) * chk._frac(str(yb)) for yb in y] for xa in x]
        assert any(e != 0 for row in v[k] for e in row)
        assert all(chk._loss_hd(net.kind, Xf, Yf, Wf, chk._unit(Wf, i), v)[3] == 0
                   for i in range(net.n_params))


@settings(max_examples=60, deadline=None)
@given(critical_points())
def test_nullity_bound_is_a_lower_bound_and_tight_at_subset_points(point):
    net, W = point
    red = hi.reduction(net, W)
    Q = [i for i in range(net.n_params) if i not in set(red.P)]
    bound = hi._nullity_bound(net, W, red)
    # oracle: the exact rank of the dense H[Q, Q] (flint rref over Q)
    nullity = len(Q) - (net.hessian(W).rows(Q).columns(Q).rank() if Q else 0)
    assert 0 <= bound <= nullity


@pytest.mark.parametrize("kind", ["subset", "rescaled", "global_min"])
@pytest.mark.parametrize("widths", [[3, 3, 3, 3], [4, 4, 4, 4, 4], [3, 4, 2, 3]])
def test_nullity_bound_closes_at_benchmark_style_points(kind, widths):
    # the directions the tangents miss at eigenvector-subset points are all in closed form
    for seed in range(3):
        net, W = _point(kind, widths, seed, False)
        red = hi.reduction(net, W)
        Q = [i for i in range(net.n_params) if i not in set(red.P)]
        nullity = len(Q) - net.hessian(W).rows(Q).columns(Q).rank()
        assert hi._nullity_bound(net, W, red) == nullity


def test_nullity_bound_skips_the_rank_route(monkeypatch):
    # with the bound, the certified inertia needs no rank mod q and no kernel solve
    net, W = _point("rescaled", [4, 4, 4, 4, 4], 3, False)
    from symlandscape.exact import certified

    def refuse(*a, **k):
        raise AssertionError("rank route used")

    monkeypatch.setattr(certified, "_rank_and_pivots", refuse)
    assert hi.reduced_inertia(net, W) == inertia_charpoly(net.hessian(W))


def test_stack_limit_skips_the_bound_and_the_completion(monkeypatch):
    # past MAX_STACK neither the completion nor the bound builds its stacks; the inertia is
    # still exact (the rank routes of the certified inertia decide it)
    net, W = _point("subset", [3, 4, 4, 3], 2, False)
    want = inertia_charpoly(net.hessian(W))
    red = hi.reduction(net, W)
    assert hi._nullity_bound(net, W, red) > 0
    monkeypatch.setattr(hi, "MAX_STACK", 1)
    red = hi.reduction(net, W)
    assert red.C2 == [] and hi._nullity_bound(net, W, red) == 0
    assert hi.reduced_inertia(net, W, red) == want
