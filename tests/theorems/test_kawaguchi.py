"""Independent cross-checks of the Kawaguchi claims (symlandscape/theorems/kawaguchi.py).

The statements' two sides are recomputed here without the package's fast path:
losses, gradients and Hessians with SymPy from the loss as written, eigenvalue
signs from SymPy's exact real roots, witness inequalities with ``fractions``,
and hand-worked one-dimensional cases. Certificates must re-verify with the
independent checker and tampered ones must be rejected.
"""

import copy
import json
import random
from fractions import Fraction
from pathlib import Path

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symlandscape as sl
from symlandscape.exact.matrix import QMatrix
from symlandscape.landscape.critical import data_with_spectrum, subset_point
from symlandscape.landscape.minimiser import exact_minimiser, factorize, top_invariant_subspace
from symlandscape.prove import prove_claim
from symlandscape.provers.instancegen import network_instance
from symlandscape.provers.kawaguchi import check_kaw4_without_rank, kaw4_rank_counterexample
from symlandscape.provers.registry import get_claim

ROOT = Path(__file__).resolve().parents[2]
IDS = ["KAW-CONV", "KAW-1", "KAW-2", "KAW-3", "KAW-4", "SAD-0", "Q-RANK", "Q-ATTAIN"]
FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- independent helpers (SymPy / Fractions, nothing from the fast path) ---------------------
def S(rows):
    return sympy.Matrix([[sympy.Rational(str(x)) for x in r] for r in rows])


def sym_net(widths):
    """Symbolic weights (sympy matrices) and theta in column-stacking order."""
    Ws, theta = [], []
    for k in range(len(widths) - 1):
        r, c = widths[k + 1], widths[k]
        Wk = sympy.Matrix(r, c, lambda i, j: sympy.Symbol(f"w{k}_{i}_{j}"))
        Ws.append(Wk)
        theta += [Wk[i, j] for j in range(c) for i in range(r)]
    return Ws, theta


def sym_loss(Ws, X, Y):
    P = Ws[0]
    for W in Ws[1:]:
        P = W * P
    E = P * X - Y
    return sum(e ** 2 for e in E) / 2


def subs_point(theta, weights):
    vals = [sympy.Rational(str(w[i][j])) for w in weights for j in range(len(w[0])) for i in range(len(w))]
    return dict(zip(theta, vals))


def sympy_inertia(M):
    """(n+, n-, n0) from SymPy's exact real roots of the characteristic polynomial."""
    lam = sympy.Symbol("lam")
    roots = sympy.Poly(M.charpoly(lam).as_expr(), lam).real_roots()
    assert len(roots) == M.shape[0]
    return (sum(1 for r in roots if r.is_positive), sum(1 for r in roots if r.is_negative),
            sum(1 for r in roots if r.is_zero))


def frac_loss(weights, X, Y):
    """Loss with plain Fractions and loops."""
    P = [[Fraction(x) for x in r] for r in X]
    for W in weights:
        W = [[Fraction(x) for x in r] for r in W]
        P = [[sum(W[i][t] * P[t][j] for t in range(len(P))) for j in range(len(P[0]))] for i in range(len(W))]
    return sum((P[i][j] - Fraction(Y[i][j])) ** 2 for i in range(len(Y)) for j in range(len(Y[0]))) / 2


def instance_dict(widths, X, Y, W=None):
    d = {"model": "deep_linear", "widths": widths, "X": X, "Y": Y}
    if W is not None:
        d["weights"] = W
    return d


def facts(cert, role=None):
    return [f for f in cert["facts"] if role is None or f["role"] == role]


# -- registry ------------------------------------------------------------------------------------
def test_registered_in_catalogue_order():
    ids = sl.claims()
    assert all(i in ids for i in IDS)
    assert [i for i in ids if i in IDS] == IDS


# -- hand-worked one-dimensional cases ------------------------------------------------------------
ONE = instance_dict([1, 1, 1], [[1]], [[1]])


def test_hand_1d_critical_points_by_sympy():
    # L(a, b) = (ab - 1)^2 / 2: critical iff ab = 1 (global minima) or a = b = 0 (saddle)
    a, b = sympy.symbols("a b", real=True)
    L = (a * b - 1) ** 2 / 2
    sols = sympy.solve([sympy.diff(L, a), sympy.diff(L, b)], [a, b], dict=True)
    assert {a: 0, b: 0} in sols
    assert any(sympy.simplify((a * b - 1).subs(s)) == 0 for s in sols if s != {a: 0, b: 0})
    Hs = sympy.hessian(L, (a, b)).subs({a: 0, b: 0})
    assert Hs == sympy.Matrix([[0, -1], [-1, 0]]) and sympy_inertia(Hs) == (1, 1, 0)


@pytest.mark.parametrize("point,kaw2,kaw3,kaw4", [
    ([[[0]], [[0]]], "hypotheses not met", "holds", "holds"),             # strict saddle
    ([[[2]], [["1/2"]]], "holds", "hypotheses not met", "hypotheses not met"),  # global minimum
    ([[[1]], [[2]]], "hypotheses not met", "hypotheses not met", "hypotheses not met"),  # not critical
])
def test_hand_1d_claims(point, kaw2, kaw3, kaw4):
    inst = {**ONE, "weights": point}
    v2, v3, v4 = (sl.check_claim(c, inst) for c in ("KAW-2", "KAW-3", "KAW-4"))
    assert (v2.status, v3.status, v4.status) == (kaw2, kaw3, kaw4)
    if point == [[[1]], [[2]]]:
        assert "critical" in v2.reason
    for v in (v2, v3, v4):
        assert sl.check_certificate(v.certificate)["ok"]


def test_hand_1d_origin_depth2_is_a_flat_saddle():
    # L(a, b, c) = (abc - 1)^2 / 2: zero gradient and Hessian at 0; L(t, t, t) = (t^3 - 1)^2 / 2
    a, b, c, t = sympy.symbols("a b c t")
    L = (a * b * c - 1) ** 2 / 2
    at0 = {a: 0, b: 0, c: 0}
    assert all(sympy.diff(L, v).subs(at0) == 0 for v in (a, b, c))
    assert sympy.hessian(L, (a, b, c)).subs(at0) == sympy.zeros(3, 3)
    assert L.subs({a: t, b: t, c: t}).subs(t, sympy.Rational(1, 2)) < sympy.Rational(1, 2)
    v = sl.check_claim("SAD-0", instance_dict([1, 1, 1, 1], [[1]], [[1]]))
    assert v.status == "holds", v.reason
    assert "not a local maximum" in v.reason and "not a local minimum" in v.reason
    assert sl.check_certificate(v.certificate)["ok"]


def test_sad0_even_depth_needs_a_sign_flip_to_rise():
    # H = 3: L(t, t, t, t) = (t^4 - 2)^2 / 2 drops on both sides; L(-t, t, t, t) rises.
    v = sl.check_claim("SAD-0", instance_dict([1, 1, 1, 1, 1], [[1]], [[2]]))
    assert v.status == "holds", v.reason
    rise = [f for f in facts(v.certificate, "conclusion") if "not a local maximum" in f["text"]][0]
    last = rise["expr"][-1]  # ["lt", 0, ["at", loss_curve, d]]: even d = H + 1 = 4, positive
    assert last[0] == "lt" and last[2][2] == 4


def test_sad0_uses_the_origin_and_yx0_is_global():
    inst = instance_dict([1, 1, 1, 1], [[1, 0]], [[0, 3]], [[[5]], [[2]], [[3]]])
    v = sl.check_claim("SAD-0", inst)
    assert v.status == "holds" and "global minimum" in v.reason
    # the statement is about the origin (zero literals), not the instance's weights
    grad = next(f for f in facts(v.certificate) if f["key"] == "gradient_zero")
    assert grad["expr"] == ["is_zero", ["grad", "deep_linear", "X", "Y", [["zeros", 1, 1]] * 3]]
    assert all("W1" not in json.dumps(f["expr"]) for f in facts(v.certificate))
    assert sl.check_certificate(v.certificate)["ok"]
    v1 = sl.check_claim("SAD-0", instance_dict([1, 1, 1], [[1]], [[1]]))
    assert v1.status == "hypotheses not met" and "H = 1 >= 2" in v1.reason


# -- KAW-CONV --------------------------------------------------------------------------------------
def test_kaw_conv_blocks_against_sympy():
    rng = random.Random(4)
    widths = [2, 2, 1, 2]
    X = [[rng.randint(-2, 2) for _ in range(3)] for _ in range(2)]
    Y = [[rng.randint(-2, 2) for _ in range(3)] for _ in range(2)]
    W = [[[rng.randint(-2, 2) for _ in range(widths[k])] for _ in range(widths[k + 1])] for k in range(3)]
    v = sl.check_claim("KAW-CONV", instance_dict(widths, X, Y, W))
    assert v.status == "holds"
    Ws, theta = sym_net(widths)
    at = subs_point(theta, W)
    Xs, Ys = S(X), S(Y)
    for k in range(3):
        # only W_k symbolic: a quadratic whose Hessian (theta order) must be PSD
        Wk = [Ws[j] if j == k else Ws[j].subs(at) for j in range(3)]
        vars_k = [Ws[k][i, j] for j in range(widths[k]) for i in range(widths[k + 1])]
        Lk = sympy.expand(sym_loss(Wk, Xs, Ys))
        assert sympy.Poly(Lk, *vars_k).total_degree() <= 2
        Hk = sympy.hessian(Lk, vars_k)
        assert Hk.is_positive_semidefinite
        R = Xs
        for j in range(k):
            R = Ws[j].subs(at) * R
        Lf = sympy.eye(widths[-1])
        for j in range(2, k, -1):
            Lf = Lf * Ws[j].subs(at)
        assert Hk == sympy.kronecker_product(R * R.T, Lf.T * Lf)
    assert sl.check_certificate(v.certificate)["ok"]


def test_kaw_conv_needs_a_point():
    with pytest.raises(sl.InputError, match="weights"):
        sl.check_claim("KAW-CONV", ONE)


# -- KAW-1 -----------------------------------------------------------------------------------------
def _witness_check(v, X, Y):
    defs = v.certificate["defs"]
    L = len([k for k in defs if k.startswith("Wa")])
    pt = {t: [defs[f"W{t}{k}"][1] for k in range(1, L + 1)] for t in "abmcd"}
    loss = {t: frac_loss(pt[t], X, Y) for t in pt}
    for m, a, b in (("m", "a", "b"), ("a", "c", "d")):
        for k in range(L):
            for i, row in enumerate(pt[m][k]):
                for j, x in enumerate(row):
                    assert Fraction(x) == (Fraction(pt[a][k][i][j]) + Fraction(pt[b][k][i][j])) / 2
    assert loss["m"] > (loss["a"] + loss["b"]) / 2      # not convex
    assert loss["a"] < (loss["c"] + loss["d"]) / 2      # not concave


def test_kaw1_witnesses_recomputed_with_fractions():
    X, Y = [[1, 0, 1], [0, 1, 1]], [[1, 2, "1/2"], [0, -1, 3]]
    for widths in ([2, 1, 2], [2, 3, 2, 2], [2, 1, 1, 1, 1]):
        Yw = Y[:widths[-1]]
        v = sl.check_claim("KAW-1", instance_dict(widths, X, Yw))
        assert v.status == "holds", v.reason
        _witness_check(v, X, Yw)
        assert sl.check_certificate(v.certificate)["ok"]


@FAST
@given(st.lists(st.integers(-3, 3), min_size=6, max_size=6), st.lists(st.integers(-3, 3), min_size=3, max_size=3),
       st.sampled_from([[2, 1, 1], [2, 2, 2, 1], [2, 1, 3, 1]]))
def test_kaw1_random_data(xs, ys, widths):
    X = [xs[:3], xs[3:]]
    Y = [ys]
    v = sl.check_claim("KAW-1", instance_dict(widths, X, Y))
    Xs, Ys = S(X), S(Y)
    meets = (Xs * Xs.T).det() != 0 and (Xs * Ys.T).rank() == 1
    assert v.status == ("holds" if meets else "hypotheses not met")
    if meets:
        _witness_check(v, X, Y)


@pytest.mark.parametrize("widths,X,Y,why", [
    ([1, 1, 2], [[1, 2]], [[1, 0], [0, 1]], "d_y = 2 <= d_x = 1"),
    ([2, 1, 1], [[1, 2], [2, 4]], [[1, 0]], "X X^T is invertible"),
    ([2, 1, 2], [[1, 0], [0, 1]], [[1, 0], [2, 0]], "full rank"),
    ([2, 2], [[1, 0], [0, 1]], [[1, 0], [0, 1]], "H = 0 >= 1"),
])
def test_kaw1_hypotheses_violated(widths, X, Y, why):
    v = sl.check_claim("KAW-1", instance_dict(widths, X, Y))
    assert v.status == "hypotheses not met" and why in v.reason


# -- KAW-2/3/4 on critical points, against SymPy ----------------------------------------------------
def _subset_instance(widths, s, seed, I, x_rank=None, m=None):
    X, Y, U = data_with_spectrum(widths[0], widths[-1], m or widths[0] + 1, s, random.Random(seed), x_rank=x_rank)
    return network_instance(widths, X, Y, subset_point(widths, X, Y, U, I))


@pytest.mark.parametrize("widths,s,I", [([2, 1, 2], [2, 1], [1]), ([2, 1, 2], [2, 1], [0]),
                                        ([2, 1, 1, 2], [3, 1], [1]), ([2, 1, 1, 2], [3, 1], []),
                                        ([2, 1, 1, 2], [3, 1], [0])])
def test_kinds_against_sympy(widths, s, I):
    inst = _subset_instance(widths, s, 3, I)
    d = inst.to_dict()
    Ws, theta = sym_net(widths)
    X, Y = S(d["X"]), S(d["Y"])
    L = sym_loss(Ws, X, Y)
    at = subs_point(theta, d["weights"])
    assert all(sympy.diff(L, v).subs(at) == 0 for v in theta)
    n_plus, n_minus, n_zero = sympy_inertia(sympy.hessian(L, theta).subs(at))
    # the infimum: 1/2 ||Y||^2 - 1/2 (top-k eigenvalues of Sigma), k = min widths
    Sig = Y * X.T * (X * X.T).inv() * X * Y.T
    eig = sorted((ev for ev, mult in Sig.eigenvals().items() for _ in range(mult)), reverse=True)
    inf = sum(y ** 2 for y in Y) / 2 - sum(eig[:min(widths)]) / 2
    is_global = sympy.simplify(L.subs(at) - inf) == 0
    v2, v3, v4 = (sl.check_claim(c, d) for c in ("KAW-2", "KAW-3", "KAW-4"))
    inertia_fact = [f for f in facts(v3.certificate) if f["text"].endswith("inertia (n+, n-, n0) of the Hessian")]
    assert inertia_fact[0]["value"] == [n_plus, n_minus, n_zero]
    if is_global:
        assert (v2.status, v3.status) == ("holds", "hypotheses not met")
    else:
        assert v3.status == "holds" and v2.status == "hypotheses not met"
        assert n_plus > 0 or "rises" in v3.reason
    if not is_global and n_minus == 0:          # PSD saddle: only possible when the rank condition fails
        assert v4.status == "hypotheses not met" and "rank(W_H ... W_2)" in v4.reason
    elif not is_global:
        assert v4.status == "holds"
    for v in (v2, v3, v4):
        assert sl.check_certificate(v.certificate)["ok"]


def test_kaw2_data_hypotheses_violated():
    inst = _subset_instance([2, 2, 3], [2, 1, 0], 8, [0, 1], m=3)
    v = sl.check_claim("KAW-2", inst)
    assert v.status == "hypotheses not met" and "d_y = 3 <= d_x = 2" in v.reason
    inst = _subset_instance([3, 2, 3], [2, 1, 0], 9, [0, 1], x_rank=2)
    assert "X X^T is invertible" in sl.check_claim("KAW-3", inst).reason


def test_kaw2_needs_a_point():
    with pytest.raises(sl.InputError, match="weights"):
        sl.check_claim("KAW-2", ONE)


# -- KAW-4 without its rank hypothesis ---------------------------------------------------------------
def test_kaw4_rank_counterexample_independently():
    inst = kaw4_rank_counterexample()
    d = inst.to_dict()
    assert d["weights"] == [[["2", "0"], ["0", "0"]], [["1", "0"], ["0", "0"]], [["1", "0"], ["0", "0"]]]
    X, Y = S(d["X"]), S(d["Y"])
    assert X == sympy.eye(2) and Y == sympy.diag(2, 1)
    Ws, theta = sym_net([2, 2, 2, 2])
    L = sym_loss(Ws, X, Y)
    at = subs_point(theta, d["weights"])
    assert all(sympy.diff(L, v).subs(at) == 0 for v in theta)
    assert sympy_inertia(sympy.hessian(L, theta).subs(at)) == (3, 0, 9)     # PSD
    assert L.subs(at) == sympy.Rational(1, 2)                               # infimum 0: Y = P X
    # a hand descent curve: W_1[1,1] = W_2[1,1] = W_3[1,1] = t gives product diag(2, t^3)
    t = sympy.Symbol("t")
    curve = {**at, Ws[0][1, 1]: t, Ws[1][1, 1]: t, Ws[2][1, 1]: t}
    assert sympy.expand(L.subs(curve)) == sympy.expand((1 - t ** 3) ** 2 / 2)
    assert Ws[1].subs(at).rank() == 1                                       # < p = 2
    # the claim: rank hypothesis unmet; without it the statement fails (re-checkable)
    v = sl.check_claim("KAW-4", d)
    assert v.status == "hypotheses not met" and "rank(W_H ... W_2) = p" in v.reason
    w = check_kaw4_without_rank(d)
    assert w.status == "fails" and "negative eigenvalue" in w.reason
    # the weakened statement is the derived claim KAW-4-NORANK: its certificate is tied to it
    assert w.claim == "KAW-4-NORANK"
    assert sl.check_certificate(w.certificate)["status"] == "fails"
    assert sl.check_certificate(w.certificate, tie_to_claim=False)["status"] == "fails"
    rank = next(f for f in facts(w.certificate) if f["key"] == "rank_p")
    assert rank["role"] == "value" and rank["value"] is False
    assert w.counterexample == inst.to_dict()


@pytest.mark.parametrize("which,inertia", [("paper", (5, 0, 11)), ("origin", (0, 0, 3))])
def test_kaw4_other_counterexamples(which, inertia):
    inst = kaw4_rank_counterexample(which)
    w = check_kaw4_without_rank(inst)
    assert w.status == "fails"
    ifact = [f for f in facts(w.certificate) if f["text"].endswith("inertia (n+, n-, n0) of the Hessian")]
    assert tuple(ifact[0]["value"]) == inertia


# -- Q-RANK ---------------------------------------------------------------------------------------
@FAST
@given(st.data())
def test_factorize_random(data):
    H = data.draw(st.integers(0, 3))
    widths = [data.draw(st.integers(1, 4)) for _ in range(H + 2)]
    p = min(widths[1:-1]) if H else min(widths[0], widths[-1])
    r = data.draw(st.integers(0, min(p, widths[0], widths[-1])))
    ent = st.fractions(min_value=-3, max_value=3, max_denominator=3)
    A = sympy.Matrix(widths[-1], r, [sympy.Rational(str(data.draw(ent))) for _ in range(widths[-1] * r)])
    B = sympy.Matrix(r, widths[0], [sympy.Rational(str(data.draw(ent))) for _ in range(r * widths[0])])
    M = A * B if r else sympy.zeros(widths[-1], widths[0])
    W = factorize(QMatrix(M), widths)
    prod = sympy.eye(widths[0])
    for k, w in enumerate(W):
        assert w.shape == (widths[k + 1], widths[k])
        prod = w.to_sympy() * prod
    assert prod == M


def test_factorize_refuses_rank_above_p():
    with pytest.raises(ValueError, match="exceeds p"):
        factorize(QMatrix.eye(3), [3, 2, 4, 3])


def test_qrank_user_instance():
    d = instance_dict([3, 1, 2, 3], [[1], [2], [0]], [[1], [1], [1]],
                      [[[1, 2, 3]], [[1], [-1]], [[1, 0], [0, 1], [2, 2]]])
    v = sl.check_claim("Q-RANK", d)
    assert v.status == "holds"
    assert any("rank p + 1 = 2" in f["text"] for f in facts(v.certificate, "conclusion"))
    assert sl.check_certificate(v.certificate)["ok"]


# -- Q-ATTAIN -------------------------------------------------------------------------------------
def test_qattain_singular_xx_against_sympy():
    X = [[1, 2, 0, 1], [2, 4, 0, 2], [0, 1, 1, 0]]          # rank 2: X X^T singular
    Y = [[1, 0, 2, 1], [0, 1, -1, 3]]
    widths = [3, 1, 2]                                       # k = 1
    Xs, Ys = S(X), S(Y)
    assert (Xs * Xs.T).det() == 0
    Sig = Ys * Xs.pinv() * Xs * Ys.T
    v = sl.check_claim("Q-ATTAIN", instance_dict(widths, X, Y))
    if all(ev.is_rational for ev in Sig.eigenvals()):
        assert v.status == "holds"
    else:
        assert v.status == "undetermined" and "not rational" in v.reason
    # with k = d_y every eigenvalue is taken: the minimiser is Y X^+ (rational)
    v = sl.check_claim("Q-ATTAIN", instance_dict([3, 2, 2], X, Y))
    assert v.status == "holds"
    W = v.certificate["witnesses"]["minimiser"]
    P = S(W[1]) * S(W[0])
    assert frac_loss(W, X, Y) == sympy.Rational(sum(y ** 2 for y in Ys) - (Sig.trace())) / 2
    assert P * Xs == Ys * Xs.pinv() * Xs
    assert sl.check_certificate(v.certificate)["ok"]


def test_qattain_value_equals_eigenvalue_formula():
    X, Y, _ = data_with_spectrum(3, 3, 4, [3, 2, 0], random.Random(2), x_rank=2)
    W, _ = exact_minimiser(X, Y, [3, 2, 2, 3])
    Xs, Ys = X.to_sympy(), Y.to_sympy()
    Sig = Ys * Xs.pinv() * Xs * Ys.T
    eig = sorted((e for e, m in Sig.eigenvals().items() for _ in range(m)), reverse=True)
    inf = sum(y ** 2 for y in Ys) / 2 - sum(eig[:2]) / 2
    assert frac_loss([w.tolist() for w in W], X.tolist(), Y.tolist()) == inf


def test_qattain_irrational_eigenvectors_undetermined():
    v = sl.check_claim("Q-ATTAIN", instance_dict([2, 1, 2], [[1, 0], [0, 1]], [[2, 1], [1, 1]]))
    assert v.status == "undetermined"
    assert "exists" in v.reason and "not rational" in v.reason and v.certificate is None


def test_top_subspace_rational_despite_irrational_eigenvalues():
    # eigenvalues (23 +- sqrt 5)/2 and 1: the top-2 invariant subspace is span(e1, e2)
    Sg = QMatrix([[12, 1, 0], [1, 11, 0], [0, 0, 1]])
    V = top_invariant_subspace(Sg, 2)
    assert V.to_sympy().columnspace() and V.rank() == 2 and V.rows([2]).is_zero()
    assert top_invariant_subspace(Sg, 1) is None
    X = QMatrix.eye(3)
    Y = QMatrix([[3, 1, 0], [1, 3, 0], [0, 0, 1]])    # Sigma = Y Y^T, eigenvalues 16, 4, 1
    W, _ = exact_minimiser(X, Y, [3, 2, 3])
    assert frac_loss([w.tolist() for w in W], X.tolist(), Y.tolist()) == Fraction(1, 2)


# -- certificates ---------------------------------------------------------------------------------
@pytest.mark.parametrize("cid", IDS)
def test_first_bundled_certificates_reverify(cid):
    claim = get_claim(cid)
    for n, inst in enumerate(claim.instances()):
        if n >= 2:
            break
        v = claim.check(inst)
        assert v.status in ("holds", "hypotheses not met"), v.reason
        assert sl.check_certificate(v.certificate)["status"] == v.status


def test_tampered_certificates_are_rejected():
    v = sl.check_claim("KAW-1", instance_dict([2, 1, 2], [[1, 0, 1], [0, 1, 1]], [[1, 2, 0], [0, -1, 3]]))
    cert = copy.deepcopy(v.certificate)
    cert["defs"]["Wm1"] = ["lit", [["1", "0"]]]            # the midpoint is no longer the midpoint
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(cert)
    cert = copy.deepcopy(v.certificate)
    cert["instance"]["Y"][0][0] = "5"                       # other data: recorded losses are wrong
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(cert)
    inst = kaw4_rank_counterexample()
    w = sl.check_claim("KAW-3", inst.to_dict())
    cert = copy.deepcopy(w.certificate)
    cert["status"] = "fails"
    with pytest.raises(sl.CertificateError, match="imply"):
        sl.check_certificate(cert)
    cert = copy.deepcopy(w.certificate)
    cert["instance"]["widths"] = [2, 2, 2, 3]
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(cert)


def _rejected(cert, match=None):
    with pytest.raises(sl.CertificateError, match=match):
        sl.check_certificate(cert)


def test_witness_swapped_from_another_instance_is_rejected():
    # KAW-1: the points of other data (same widths)
    X = [[1, 0, 1], [0, 1, 1]]
    v1 = sl.check_claim("KAW-1", instance_dict([2, 1, 2], X, [[1, 2, 0], [0, -1, 3]]))
    v2 = sl.check_claim("KAW-1", instance_dict([2, 1, 2], X, [[3, 0, 1], [1, 1, 0]]))
    assert v1.certificate["witnesses"]["points"] != v2.certificate["witnesses"]["points"]
    cert = copy.deepcopy(v1.certificate)
    cert["witnesses"] = copy.deepcopy(v2.certificate["witnesses"])
    _rejected(cert)
    # Q-ATTAIN: the minimiser of other data (same widths), alone or with its facts
    X, Y1, _ = data_with_spectrum(3, 3, 4, [3, 2, 1], random.Random(1))
    X2, Y2, _ = data_with_spectrum(3, 3, 4, [3, 2, 1], random.Random(2))
    q1 = sl.check_claim("Q-ATTAIN", network_instance([3, 2, 3], X, Y1))
    q2 = sl.check_claim("Q-ATTAIN", network_instance([3, 2, 3], X2, Y2))
    assert q1.status == q2.status == "holds"
    cert = copy.deepcopy(q1.certificate)
    cert["witnesses"] = copy.deepcopy(q2.certificate["witnesses"])
    _rejected(cert)
    cert = copy.deepcopy(q2.certificate)
    cert["instance"] = copy.deepcopy(q1.certificate["instance"])   # q2's minimiser and facts on q1's data
    _rejected(cert)
    # a minimiser of other widths (a wider network reaches lower losses) is refused
    wide = sl.check_claim("Q-ATTAIN", network_instance([3, 3, 3], X, Y1))
    cert = copy.deepcopy(q1.certificate)
    cert["witnesses"]["minimiser"] = wide.certificate["witnesses"]["minimiser"]
    _rejected(cert)
    # SAD-0: the rising curve of the origin for other data (H = 3, widths [1, 1, 1, 1, 1])
    s1 = sl.check_claim("SAD-0", instance_dict([1, 1, 1, 1, 1], [[1]], [[2]]))
    s2 = sl.check_claim("SAD-0", instance_dict([1, 1, 1, 1, 1], [[1]], [[-2]]))
    assert s1.status == s2.status == "holds"
    assert s1.certificate["witnesses"]["rise"] != s2.certificate["witnesses"]["rise"]
    cert = copy.deepcopy(s1.certificate)
    cert["witnesses"]["rise"] = s2.certificate["witnesses"]["rise"]
    _rejected(cert)


def test_instance_changed_is_rejected():
    w = check_kaw4_without_rank(kaw4_rank_counterexample())
    assert w.status == "fails" and sl.check_certificate(w.certificate)["ok"]
    cert = copy.deepcopy(w.certificate)
    cert["instance"]["Y"] = [["2", "0"], ["0", "2"]]          # other data: the point is no longer critical
    _rejected(cert, match="stated|re-verify")
    cert = copy.deepcopy(w.certificate)
    cert["instance"]["weights"][0][0][0] = "1"                 # another point
    _rejected(cert)
    cert = copy.deepcopy(w.certificate)
    cert["claim"] = "KAW-4"                                   # the rank hypothesis is not a value there
    _rejected(cert)
    q = sl.check_claim("Q-RANK", instance_dict([3, 1, 3], [[1], [2], [0]], [[1], [1], [1]]))
    cert = copy.deepcopy(q.certificate)
    cert["instance"]["widths"] = [3, 2, 3]                     # other targets and factorisations
    _rejected(cert, match="recorded")


def test_point_kind_facts_inside_a_sub_statement():
    # the helper works on a Run and on a Scoped (nested keys, texts and witness names)
    from symlandscape.facts.fast import FAST
    from symlandscape.facts.statement import Run
    from symlandscape.provers.kawaguchi import point_finders
    from symlandscape.theorems.kawaguchi import point_kind_facts
    inst = kaw4_rank_counterexample()
    finders = point_finders("weights")
    kinds = []
    for nested in (False, True):
        def witness(name, **params):
            fn = finders.get(name.removeprefix("outer."))
            return None if fn is None else fn(inst, **params)
        run = Run("DEMO", inst.view(), inst.env, FAST, witness=witness)
        s = run.scoped("outer") if nested else run
        k = point_kind_facts(s, inst.view().weight_names)
        kinds.append((k.verdict, k.inertia, k.descent is not None, k.not_local_max()[0]))
        prefix = "outer.classification." if nested else "classification."
        assert all(f["key"].startswith(prefix) and f["role"] == "value" for f in run.facts)
        assert (prefix + "curve") in run.witnesses
    assert kinds[0] == kinds[1] == ("higher-order saddle", (3, 0, 9), True, "the Hessian has a positive eigenvalue")


def test_point_kind_facts_decisive_expressions():
    # the decisive expressions evaluate, on the instance, to the truth they name; at the
    # origin (zero Hessian) "not a local maximum" comes from the witness curve ``rise``
    from symlandscape.facts.fast import FAST, evaluate
    from symlandscape.facts.statement import Run
    from symlandscape.provers.kawaguchi import point_finders
    from symlandscape.theorems.kawaguchi import point_kind_facts
    finders = point_finders("weights")

    def kind(inst):
        run = Run("DEMO", inst.view(), inst.env, FAST,
                  witness=lambda name, **params: finders[name](inst, **params) if name in finders else None)
        return point_kind_facts(run, inst.view().weight_names)

    inst = kaw4_rank_counterexample()
    k = kind(inst)
    assert k.verdict == "higher-order saddle" and k.inertia == (3, 0, 9)
    gm, nmin, nmax = k.is_global(), k.not_local_min(), k.not_local_max()
    assert nmin[0] == "the loss drops along a certified curve"
    assert nmax[0] == "the Hessian has a positive eigenvalue"
    assert [evaluate(e[1], inst.env) for e in (gm, nmin, nmax)] == [False, True, True]
    origin = kaw4_rank_counterexample("origin")
    rise = kind(origin).not_local_max()
    assert rise is not None and "rises" in rise[0] and evaluate(rise[1], origin.env) is True


# -- examples and the proofs script ----------------------------------------------------------------
def test_example_files():
    mine = ["deep_linear_kaw4_rank_counterexample.json", "deep_linear_kaw_global_min.json",
            "deep_linear_origin_depth2.json", "deep_linear_singular_xx.json"]
    for path in (ROOT / "examples" / name for name in mine):
        inst = sl.load_instance(str(path))
        assert inst.weights is not None
        for cid in ("KAW-2", "KAW-3", "KAW-4"):
            v = sl.check_claim(cid, inst)
            assert v.status in ("holds", "hypotheses not met"), (path.name, cid, v.reason)
    ce = json.loads((ROOT / "examples" / "deep_linear_kaw4_rank_counterexample.json").read_text())
    assert check_kaw4_without_rank(ce).status == "fails"


def test_prove_claim_runs_and_writes(tmp_path):
    r = prove_claim("KAW-1", str(tmp_path))
    assert r["verdict"] == "holds" and r["instances"] == len(list((tmp_path / "KAW-1").glob("*.json")))
