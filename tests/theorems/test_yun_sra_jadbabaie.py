"""Independent cross-checks of the Yun–Sra–Jadbabaie claims [seed 001]:
YSJ-R, YSJ-2.1, YSJ-2.2, YSJ-P3.1, YSJ-P3.2, YSJ-GRAD, YSJ-2.3 and AW-001-TRUNC.

Expected values are worked by hand or recomputed here with SymPy (exact rationals and
radicals: its own eigenvectors, derivatives of the symbolic loss, Hessians, exact
expectations), never with the fact language of the checkers.
"""

import copy
import itertools
import json
import os
import random

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symlandscape as sl
from symlandscape.exact.matrix import QMatrix
from symlandscape.facts.fast import evaluate
from symlandscape.landscape.critical import cayley_orthogonal, data_with_spectrum
from symlandscape.landscape.spectral import factor_through, rational_eps_below, relaxed_minimiser, top_eigenspace
from symlandscape.prove import prove_claim
from symlandscape.provers.instancegen import network_instance, random_qmatrix
from symlandscape.provers.yun_sra_jadbabaie import (
    check_without_criticality,
    check_without_spectral_bound,
    grad_convention_example,
    sharpness_instances,
    trunc_exact_values,
    trunc_search_summary,
)
from symlandscape.theorems.yun_sra_jadbabaie import min_width_indices, surd_text, trunc_criterion_2x2

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLAIMS = ["YSJ-R", "YSJ-2.1", "YSJ-2.2", "YSJ-P3.1", "YSJ-P3.2", "YSJ-GRAD", "YSJ-2.3", "AW-001-TRUNC"]


def S(rows):
    return sympy.Matrix([[sympy.Rational(str(x)) for x in r] for r in rows])


def net_dict(widths, X, Y, W=None, model="deep_linear"):
    d = {"model": model, "widths": list(widths), "X": X, "Y": Y}
    if W is not None:
        d["weights"] = W
    return d


def sym_loss(widths, X, Y, model="deep_linear"):
    """Symbolic loss and the list of weight matrices of symbols (SymPy only)."""
    Ws = [sympy.Matrix(widths[k + 1], widths[k], lambda i, j: sympy.Symbol(f"w{k}_{i}_{j}"))
          for k in range(len(widths) - 1)]
    out = S(X)
    for Wk in Ws:
        out = ((sympy.eye(Wk.shape[0]) + Wk) if model == "residual_linear" else Wk) * out
    E = out - S(Y)
    return sum(e ** 2 for e in E) / 2, Ws


def subs_point(Ws, W):
    return {s: sympy.Rational(str(v)) for Wk, Vk in zip(Ws, W) for s, v in zip(Wk, sympy.Matrix(Vk))}


# -- notation and exact helpers -------------------------------------------------------------------
def test_min_width_indices_all_layers():
    # THEOREMS.md: k over all layers, inputs and outputs included; p may be 0 or H + 1.
    assert min_width_indices([1, 2, 2]) == (1, [0])
    assert min_width_indices([3, 3, 2]) == (2, [2])
    assert min_width_indices([2, 2, 2]) == (2, [0, 1, 2])
    assert min_width_indices([4, 1, 3, 1, 2]) == (1, [1, 3])


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10 ** 6))
def test_top_eigenspace_against_sympy(seed):
    rng = random.Random(seed)
    d = rng.randint(2, 4)
    Q = cayley_orthogonal(d, rng)
    vals = rng.sample(range(-3, 6), d)
    Smat = Q @ QMatrix([[vals[i] if i == j else 0 for j in range(d)] for i in range(d)]) @ Q.T
    k = rng.randint(1, d - 1)
    V = top_eigenspace(Smat, k)
    # SymPy: eigenvectors of the k largest eigenvalues
    vecs = sorted(Smat.to_sympy().eigenvects(), key=lambda t: -t[0])
    top = sympy.Matrix.hstack(*[v for lam, m, vs in vecs[:k] for v in vs])
    assert sympy.Matrix.hstack(top, V.to_sympy()).rank() == k == V.rank()


def test_top_eigenspace_irrational_and_tied():
    assert top_eigenspace(QMatrix([[2, 1], [1, 1]]), 1) is None          # (3 +- sqrt 5)/2
    assert top_eigenspace(QMatrix([[1, 0, 0], [0, 1, 0], [0, 0, 0]]), 1) is None   # tie at the split
    # an irrational pair entirely on one side of the split is still a rational subspace
    V = top_eigenspace(QMatrix([[0, 0, 0], [0, 2, 1], [0, 1, 1]]), 2)
    assert V.to_sympy().columnspace() and QMatrix.hstack([V, QMatrix([[0], [1], [0]])]).rank() == 2


def test_factor_through_and_eps():
    R = QMatrix([[1, 2, 0], [2, 4, 0]])
    for widths in ([3, 1, 2], [3, 2, 1, 2], [3, 4, 1, 3, 2], [3, 2]):
        W = factor_through(widths, R)
        P = W[0]
        for w in W[1:]:
            P = w @ P
        assert P == R and [w.shape for w in W] == [(widths[i + 1], widths[i]) for i in range(len(widths) - 1)]
    assert rational_eps_below(sl.rational("9/4")) == sl.rational("3/2")
    e = rational_eps_below(sl.rational(2))
    assert 0 < e * e <= 2


# -- YSJ-R -----------------------------------------------------------------------------------------
def test_relaxed_minimiser_by_hand():
    # X = I, Y = diag(3, 1): Sigma = diag(9, 1); k = 1 keeps the top direction: R* = diag(3, 0),
    # L_0(R*) = 1/2 * 1^2.
    X, Y = QMatrix.eye(2), QMatrix([[3, 0], [0, 1]])
    assert relaxed_minimiser(X, Y, 1) == QMatrix([[3, 0], [0, 0]])
    assert relaxed_minimiser(X, Y, 2) == Y
    v = sl.check_claim("YSJ-R", net_dict([2, 1, 2], [[1, 0], [0, 1]], [[3, 0], [0, 1]],
                                         [[[3, 0]], [[1], [0]]]))
    assert v.status == "holds"
    facts = {f["text"]: f["value"] for f in v.certificate["facts"]}
    assert facts["L_0(R*) = 1/2 ||R* X - Y||^2"] == "1/2"
    assert facts["W_{H+1} ... W_1 = R*"] is True
    sl.check_certificate(v.certificate)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10 ** 6), st.sampled_from([([2, 1, 2], 3), ([3, 2, 3], 4), ([3, 1, 3], 3), ([4, 2, 3], 5)]))
def test_relaxed_minimiser_against_sympy(seed, shape):
    widths, m = shape
    rng = random.Random(seed)
    dx, dy, k = widths[0], widths[-1], min(widths)
    sv = sorted(rng.sample(range(1, 8), dy), reverse=True)
    X, Y, U = data_with_spectrum(dx, dy, m, sv, rng)
    Xs, Ys = X.to_sympy(), Y.to_sympy()
    Ms = Ys * Xs.T * (Xs * Xs.T).inv()
    Sig = Ms * Xs * Xs.T * Ms.T
    vecs = sorted(Sig.eigenvects(), key=lambda t: -t[0])
    Uh = sympy.Matrix.hstack(*[v for _, _, vs in vecs[:k] for v in vs])
    Rs = Uh * (Uh.T * Uh).inv() * Uh.T * Ms
    R = relaxed_minimiser(X, Y, k)
    assert R.to_sympy() == Rs and Rs.rank() <= k

    def L0(Rm):
        return sum(e ** 2 for e in (Rm * Xs - Ys)) / 2
    # L_0(R*) = 1/2 ||Y||^2 - 1/2 (sum of the k largest eigenvalues): by SymPy eigenvalues
    ev = sorted((lam for lam, mult, _ in vecs for _ in range(mult)), reverse=True)
    assert L0(Rs) == sum(y ** 2 for y in Ys) / 2 - sum(ev[:k]) / 2
    # no random rank-k matrix does better
    for _ in range(5):
        Rr = random_qmatrix(rng, dy, dx, rank=k).to_sympy()
        assert L0(Rr) >= L0(Rs)
    v = sl.check_claim("YSJ-R", network_instance(widths, X, Y))
    assert v.status == "holds", v.reason


def test_ysj_r_undetermined_when_uhat_irrational():
    v = sl.check_claim("YSJ-R", net_dict([2, 1, 2], [[0, 1], [1, 1]], [[1, 0], [1, 1]]))
    assert v.status == "undetermined" and "irrational" in v.reason and v.certificate is None


# -- YSJ-2.1 / YSJ-2.2 -------------------------------------------------------------------------------
def test_theorem_21_scalar_chain_by_hand():
    # L(a, b) = (ab - 1)^2 / 2: (0, 0) has Hessian [[0, -1], [-1, 0]] (saddle, rank 0 < k = 1),
    # ab = 1 are the global minima (rank 1 = k).
    L, Ws = sym_loss([1, 1, 1], [[1]], [[1]])
    th = [Ws[0][0], Ws[1][0]]
    H0 = sympy.hessian(L, th).subs({th[0]: 0, th[1]: 0})
    assert H0 == sympy.Matrix([[0, -1], [-1, 0]])
    v = sl.check_claim("YSJ-2.1", net_dict([1, 1, 1], [[1]], [[1]], [[[0]], [[0]]]))
    assert v.status == "holds" and "saddle" in v.reason
    v = sl.check_claim("YSJ-2.1", net_dict([1, 1, 1], [[1]], [[1]], [[["2"]], [["1/2"]]]))
    assert v.status == "holds"
    sl.check_certificate(v.certificate)


def test_theorem_22_all_subsets_against_sympy():
    # X = I, Y = diag(3, 2, 1): Sigma = diag(9, 4, 1), Uhat = [e1 e2]; inf L = 1/2 (14 - 13).
    widths, X, Y = [3, 2, 3], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[3, 0, 0], [0, 2, 0], [0, 0, 1]]
    L, Ws = sym_loss(widths, X, Y)
    th = [s for Wk in Ws for s in Wk.T]     # any fixed order of the parameters
    H = sympy.hessian(L, th)
    e = sympy.eye(3)
    for r in range(3):
        for I in itertools.combinations(range(3), r):
            W1 = sympy.zeros(2, 3)
            W2 = sympy.zeros(3, 2)
            for c, i in enumerate(I):
                W1[c, :] = (e[:, i].T * S(Y))
                W2[:, c] = e[:, i]
            pt = subs_point(Ws, [W1, W2])
            assert all(sympy.diff(L, s).subs(pt) == 0 for s in th)          # critical
            is_min = L.subs(pt) == sympy.Rational(1, 2)
            in_V2 = (W2 * W1).rank() == 2 and sympy.Matrix.hstack(W2, e[:, :2]).rank() == 2
            assert is_min == in_V2 == (I == (0, 1))
            if not is_min:   # SymPy: the Hessian is not positive semidefinite, or zero Hessian at 0
                Hp = H.subs(pt)
                assert not Hp.is_positive_semidefinite or Hp.is_zero_matrix
            v = sl.check_claim("YSJ-2.2", net_dict(widths, X, Y, [W1.tolist(), W2.tolist()]))
            assert v.status == "holds", (I, v.reason)
            assert ("saddle" in v.reason) == (not is_min)


def test_bundled_21_22_cover_p_positions_and_depths():
    from symlandscape.provers.registry import get_claim
    seen = set()
    for cid in ("YSJ-2.1", "YSJ-2.2"):
        for inst in get_claim(cid).instances():
            k, ps = min_width_indices(inst.widths)
            H = len(inst.widths) - 2
            for p in ps:
                seen.add(("0" if p == 0 else "H+1" if p == H + 1 else "hidden", H))
    assert {("0", 1), ("hidden", 1), ("H+1", 1), ("hidden", 2), ("H+1", 2), ("hidden", 3)} <= seen


def test_iff_fails_without_criticality():
    # [1, 1, 1], X = Y = 1, W = (1, 2): full-rank product, L = 1/2 > 0 = inf L, gradient != 0.
    L, Ws = sym_loss([1, 1, 1], [[1]], [[1]])
    pt = {Ws[0][0]: 1, Ws[1][0]: 2}
    assert L.subs(pt) == sympy.Rational(1, 2) and sympy.diff(L, Ws[0][0]).subs(pt) != 0
    inst = sharpness_instances()["YSJ-2.1 non-critical"]
    assert sl.check_claim("YSJ-2.1", inst).status == "hypotheses not met"
    v = check_without_criticality(inst)
    assert v.status == "fails" and v.counterexample["weights"] == [[["1"]], [["2"]]]
    sl.check_certificate(v.certificate)   # a derived claim: its facts are tied to it
    v2 = check_without_criticality(sharpness_instances()["YSJ-2.2 non-critical"])
    assert v2.status == "fails"
    sl.check_certificate(v2.certificate)


def test_hypotheses_of_line_56():
    # repeated singular values, and rank-deficient Y X^T: hypotheses not met
    v = sl.check_claim("YSJ-2.1", net_dict([2, 2, 2], [[1, 0], [0, 1]], [[1, 0], [0, 1]],
                                           [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]))
    assert v.status == "hypotheses not met" and "distinct" in v.reason
    v = sl.check_claim("YSJ-2.1", net_dict([2, 2, 2], [[1, 0], [0, 1]], [[1, 0], [0, 0]],
                                           [[[1, 0], [0, 0]], [[1, 0], [0, 1]]]))
    assert v.status == "hypotheses not met" and "Y X^T" in v.reason
    with pytest.raises(sl.InputError, match="needs a point"):
        sl.check_claim("YSJ-2.2", net_dict([2, 1, 2], [[1, 0], [0, 1]], [[2, 0], [0, 1]]))


# -- YSJ-P3.1 / YSJ-P3.2 ----------------------------------------------------------------------------
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10 ** 6), st.sampled_from([[2, 2, 2], [3, 2, 3], [2, 3, 1, 2], [2, 1, 2, 3]]))
def test_eq5_gradient_against_sympy(seed, widths):
    rng = random.Random(seed)
    m = 2
    X, Y = random_qmatrix(rng, widths[0], m), random_qmatrix(rng, widths[-1], m)
    W = [random_qmatrix(rng, widths[i + 1], widths[i]) for i in range(len(widths) - 1)]
    L, Ws = sym_loss(widths, X.tolist(), Y.tolist())
    pt = subs_point(Ws, [w.to_sympy() for w in W])
    Wn = [w.to_sympy() for w in W]
    Xs, Ys = X.to_sympy(), Y.to_sympy()
    P = sympy.eye(widths[0])
    for w in Wn:
        P = w * P
    E = (P * Xs - Ys) * Xs.T
    for i in range(1, len(widths)):
        # A_i = W_{i+1}^T ... W_{H+1}^T and B_i = W_1^T ... W_{i-1}^T, built literally
        A = sympy.eye(widths[i])
        for w in Wn[i:]:
            A = A * w.T
        B = sympy.eye(widths[0])
        for w in Wn[:i - 1]:
            B = B * w.T
        G = sympy.Matrix(widths[i], widths[i - 1], lambda a, b: sympy.diff(L, Ws[i - 1][a, b]).subs(pt))
        assert G == A * E * B
    v = sl.check_claim("YSJ-P3.1", network_instance(widths, X, Y, W))
    assert v.status == "holds"


def test_p31_iff_both_directions():
    # [3, 2, 3], X = I, Y = diag(3, 2, 1), p = 1. W_2 = [e1, e2 + e3] spans a subspace that is not
    # invariant under Sigma = diag(9, 4, 1); W_1 = (W_2^T W_2)^-1 W_2^T Y solves A_1 E = 0, but
    # E B_2 = E W_1^T != 0: in V_1 and not critical, as Proposition 3.1 says.
    X, Y = [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[3, 0, 0], [0, 2, 0], [0, 0, 1]]
    W2 = sympy.Matrix([[1, 0], [0, 1], [0, 1]])
    W1 = (W2.T * W2).inv() * W2.T * S(Y)            # solves A_1 E = W_2^T (W_2 W_1 - Y) = 0
    E = (W2 * W1 - S(Y))
    assert (W2.T * E).is_zero_matrix and not (E * W1.T).is_zero_matrix
    v = sl.check_claim("YSJ-P3.1", net_dict([3, 2, 3], X, Y, [W1.tolist(), W2.tolist()]))
    assert v.status == "holds"
    facts = {f["text"]: f["value"] for f in v.certificate["facts"]}
    assert facts["W critical iff A_1 E = 0 and E B_2 = 0 (p = 1)"] is True
    sl.check_certificate(v.certificate)


def test_p32_by_hand_and_outside_V1():
    X, Y = [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[3, 0, 0], [0, 2, 0], [0, 0, 1]]
    gm = sl.check_claim("YSJ-P3.2", json.load(open(os.path.join(ROOT, "examples", "ysj_global_min.json"))))
    sad = sl.check_claim("YSJ-P3.2", json.load(open(os.path.join(ROOT, "examples", "ysj_saddle.json"))))
    assert gm.status == sad.status == "holds"
    vals = lambda v: {f["text"]: f["value"] for f in v.certificate["facts"]}  # noqa: E731
    key = "col(W_{H+1}...W_{2}) = col(V), V an exact basis of col(Uhat)"
    assert vals(gm)[key] is True and vals(sad)[key] is False
    out = sl.check_claim("YSJ-P3.2", net_dict([3, 2, 3], X, Y, [[[3, 0, 0], [0, 0, 0]], [[1, 0], [0, 0], [0, 0]]]))
    assert out.status == "hypotheses not met" and "V_1" in out.reason


# -- YSJ-GRAD ---------------------------------------------------------------------------------------
def _grad_bound_by_hand(C, E):
    """||C^T E||^2 >= lambda_min(C C^T) ||E||^2 for 2 x n C, decided with the closed form
    lambda_min = (t - sqrt(t^2 - 4 det)) / 2 (no eigen-solver)."""
    G = C * C.T
    t, dt = G.trace(), G.det()
    g, e = sum(x ** 2 for x in C.T * E), sum(x ** 2 for x in E)
    if e == 0:
        return True
    a = 2 * g / e - t          # inequality: a >= -sqrt(t^2 - 4 det)
    return a >= 0 or a ** 2 <= t ** 2 - 4 * dt


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10 ** 6), st.sampled_from([[2, 2, 2], [3, 2, 2], [2, 3, 2], [2, 2, 3, 2]]))
def test_grad_bound_against_closed_form(seed, widths):
    rng = random.Random(seed)
    X, Y = random_qmatrix(rng, widths[0], 3), random_qmatrix(rng, 2, 3)
    W = [random_qmatrix(rng, widths[i + 1], widths[i]) for i in range(len(widths) - 1)]
    C = sympy.eye(widths[1])
    for w in W[1:]:
        C = w.to_sympy() * C
    P = C * W[0].to_sympy()
    E = (P * X.to_sympy() - Y.to_sympy()) * X.to_sympy().T
    v = sl.check_claim("YSJ-GRAD", network_instance(widths, X, Y, W))
    if (C * C.T).det() == 0:
        assert v.status == "hypotheses not met"
    else:
        assert _grad_bound_by_hand(C, E)
        assert v.status == "holds", v.reason


def test_grad_tight_when_lambda_min_rational():
    # C = W_2 = diag(2, 1) (d_1 = d_y = 2): sigma_min = 1 = eps exactly; E = (W_2 W_1 X - Y) X^T with
    # X = I: E = W_2 W_1 - Y; take W_1 = 0, Y = -e2 e1^T: E = e2 e1^T, C^T E = E, ||.||^2 = 1 = 1^2 * 1.
    v = sl.check_claim("YSJ-GRAD", net_dict([2, 2, 2], [[1, 0], [0, 1]], [[0, 0], [-1, 0]],
                                            [[[0, 0], [0, 0]], [[2, 0], [0, 1]]]))
    assert v.status == "holds"
    facts = {f["text"]: f["value"] for f in v.certificate["facts"]}
    assert any(t.startswith("W in W_eps for eps = 1:") for t in facts)
    sl.check_certificate(v.certificate)


def test_grad_other_convention_fails():
    g = grad_convention_example()
    # SymPy: C = [[1], [0]] has singular value 1; E = [[0], [-1]] is in ker C^T.
    C, E = sympy.Matrix([[1], [0]]), sympy.Matrix([[0], [-1]])
    assert C.singular_values() == [1] and (C.T * E).is_zero_matrix
    assert (g["grad1_norm2"], g["sigma_min_other_convention"], g["E_norm2"], g["lambda_min_CCt"]) == (0, 1, 1, 0)
    assert sl.check_claim("YSJ-GRAD", g["instance"]).status == "hypotheses not met"


# -- YSJ-2.3 ----------------------------------------------------------------------------------------
def test_population_risk_exact_expectation():
    """E over x uniform on the 8 atoms +-v_j (second moment S = V V^T / 4) and Gaussian xi
    (Isserlis: E xi_i = 0, E xi_i xi_j = delta_ij), computed with SymPy, against
    1/2 tr((P - R) S (P - R)^T) + d/2 and against the residual loss of X = V / 2, Y = R X."""
    V = sympy.Matrix([[1, 0, 1, 2], [0, 1, -1, 1]])
    A = sympy.Matrix([[sympy.Rational(1, 4), sympy.Rational(1, 3)], [0, sympy.Rational(-1, 2)]])
    R = (sympy.eye(2) + A) ** 2
    Sm = V * V.T / 4
    xi = sympy.Matrix(sympy.symbols("xi0 xi1"))
    for W1, W2 in [(A, A), (sympy.Matrix([[1, 2], [0, -3]]), sympy.Matrix([[0, 1], [1, 0]]))]:
        P = (sympy.eye(2) + W2) * (sympy.eye(2) + W1)
        risk = 0
        for j in range(4):
            for sgn in (1, -1):
                x = sgn * V[:, j]
                r = P * x - (R * x + xi)
                risk += sympy.Rational(1, 8) * sympy.expand(sum(c ** 2 for c in r) / 2)
        poly = sympy.Poly(risk, *xi)
        moments = {(0, 0): 1, (1, 0): 0, (0, 1): 0, (2, 0): 1, (0, 2): 1, (1, 1): 0}
        expectation = sum(c * moments[mon] for mon, c in poly.terms())
        D = P - R
        assert expectation == (D * Sm * D.T).trace() / 2 + sympy.Rational(2, 2)
        X = V / 2
        Y = R * X
        loss = sum(c ** 2 for c in (P * X - Y)) / 2
        assert expectation == loss + 1
    # the bundled instance with X = V / 2 holds
    inst = [i for i in sl.get_claim("YSJ-2.3").instances() if i.name.startswith("X = V / 2")][0]
    assert inst.env["X"].to_sympy() == V / 2
    v = sl.check_claim("YSJ-2.3", inst)
    assert v.status == "holds"
    sl.check_certificate(v.certificate)


def test_residual_d1_critical_points_by_sympy():
    # L = ((1 + a)(1 + b) - r)^2 s / 2: critical iff (1 + a)(1 + b) = r, or a = b = -1.
    a, b = sympy.symbols("a b", real=True)
    r, s = 3, 2
    L = ((1 + a) * (1 + b) - r) ** 2 * s / 2
    sols = sympy.solve([sympy.diff(L, a), sympy.diff(L, b)], [a, b], dict=True)
    bad = [p for p in sols if sympy.simplify(((1 + a) * (1 + b) - r).subs(p)) != 0]
    assert bad == [{a: -1, b: -1}]
    # with |a|, |b| < 1 every critical point has (1 + a)(1 + b) = r: a global minimum
    H = sympy.hessian(L, [a, b]).subs({a: -1, b: -1})
    assert H == sympy.Matrix([[0, -r * s], [-r * s, 0]])       # strict saddle, loss r^2 s / 2 > 0
    inst = sharpness_instances()["YSJ-2.3 sigma_max = 1"]
    assert sl.check_claim("YSJ-2.3", inst).status == "hypotheses not met"
    v = check_without_spectral_bound(inst)
    assert v.status == "fails" and "global minimum" in v.reason
    sl.check_certificate(v.certificate)   # a derived claim: its facts are tied to it
    # d = 2: W_1 = W_2 = -I (singular layers, sigma_max = 1) is critical and not a minimum
    inst2 = [i for i in sl.get_claim("YSJ-2.3").instances() if i.name.startswith("W_1 = W_2 = -I")][0]
    assert sl.check_claim("YSJ-2.3", inst2).status == "hypotheses not met"
    assert check_without_spectral_bound(inst2).status == "fails"


def test_residual_user_instance_and_wrong_model():
    v = sl.check_claim("YSJ-2.3", json.load(open(os.path.join(ROOT, "examples", "residual_critical_global.json"))))
    assert v.status == "holds"
    # Y not of the form R X (m > d and Y outside the row space of X): hypothesis not met
    v = sl.check_claim("YSJ-2.3", net_dict([1, 1], [[1, 0]], [[0, 1]], [[[0]]], model="residual_linear"))
    assert v.status == "hypotheses not met" and "Y = R X" in v.reason
    with pytest.raises(sl.InputError):
        sl.check_claim("YSJ-2.3", net_dict([1, 1], [[1]], [[1]], [[[0]]]))


# -- AW-001-TRUNC -----------------------------------------------------------------------------------
def test_trunc_minimal_counterexample_by_sympy():
    X, Y = sympy.Matrix([[0, 1], [1, 1]]), sympy.Matrix([[1, 0], [1, 1]])
    M = Y * X.T * (X * X.T).inv()
    Sig, B = M * X * X.T * M.T, M * M.T

    def eig2(A, sign):      # closed form of the 2 x 2 symmetric eigenvalues
        return (A.trace() + sign * sympy.sqrt(A.trace() ** 2 - 4 * A.det())) / 2

    def top_vec(A):
        lam = eig2(A, 1)
        u = (A - lam * sympy.eye(2)).nullspace()[0]
        return u / sympy.sqrt((u.T * u)[0])
    u, w = top_vec(Sig), top_vec(B)
    Rstar = u * u.T * M                  # eq (4)
    T1 = w * w.T * M                     # truncated SVD of M (rank 1)
    d_star = sympy.nsimplify(sympy.simplify(sum(x ** 2 for x in (Rstar - M))))
    d_svd = sympy.nsimplify(sympy.simplify(sum(x ** 2 for x in (T1 - M))))
    assert sympy.simplify(d_star - (sympy.Rational(3, 2) - 3 * sympy.sqrt(5) / 10)) == 0
    assert sympy.simplify(d_svd - (3 - sympy.sqrt(5)) / 2) == 0
    assert (d_star - d_svd).is_positive
    # corrected: R* is optimal in the X-weighted norm: ||(R* - M) X||^2 = lambda_min(Sigma)
    wd = sympy.simplify(sum(x ** 2 for x in ((Rstar - M) * X)))
    assert sympy.simplify(wd - eig2(Sig, -1)) == 0
    r = prove_claim("AW-001-TRUNC")
    assert r["verdict"] == "fails" and r["instances"] == 258
    ce = r["counterexample"]
    assert (ce["widths"], ce["X"], ce["Y"]) == ([2, 1, 2], [["0", "1"], ["1", "1"]], [["1", "0"], ["1", "1"]])
    assert "||R* - M||_F^2 = 3/2 - 3*sqrt(5)/10 > 3/2 - sqrt(5)/2" in r["reason"]
    # the closed forms of the reason are facts of the certificate, and SymPy's values
    v = sl.check_claim("AW-001-TRUNC", ce)
    facts = {f["key"]: f["value"] for f in v.certificate["facts"]}
    assert facts["closed_form.distance"] is True and facts["closed_form.eckart_young"] is True
    w = v.certificate["witnesses"]["closed_forms"]
    exact = trunc_exact_values(sl.load_instance(os.path.join(ROOT, "examples", "ysj_trunc_counterexample.json")))
    for key, ref in (("dist2", d_star), ("eckart_young", exact["eckart_young"])):
        a, b, c = w[key]
        assert sympy.simplify(sympy.Rational(a) + sympy.Rational(b) * sympy.sqrt(c) - ref) == 0
        assert surd_text(a, b, c) == str(ref)
    sl.check_certificate(v.certificate)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10 ** 6))
def test_trunc_criterion_against_rational_eigenvectors(seed):
    rng = random.Random(seed)
    Q1, Q2 = cayley_orthogonal(2, rng), cayley_orthogonal(2, rng)
    if rng.random() < 0.4:
        Q2 = Q1 if rng.random() < 0.5 else Q1 @ QMatrix([[0, 1], [1, 0]])
    a, b = rng.sample(range(-4, 5), 2)
    c, e = rng.randint(-4, 4), rng.randint(-4, 4)
    Sm = Q1 @ QMatrix([[a, 0], [0, b]]) @ Q1.T
    Bm = Q2 @ QMatrix([[c, 0], [0, e]]) @ Q2.T
    u = Q1.columns([0 if a > b else 1]).to_sympy()        # top eigenvector of S
    Bs = Bm.to_sympy()
    # u is a top eigenvector of B iff the Rayleigh quotient of u equals lambda_max(B)
    expect = (u.T * Bs * u)[0] == max(c, e)
    assert evaluate(trunc_criterion_2x2("S", "B"), {"S": Sm, "B": Bm}) == expect


def test_trunc_scalar_xx_holds_and_summary():
    v = sl.check_claim("AW-001-TRUNC", net_dict([3, 1, 3], [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]],
                                                [[3, 1, 0, 1], [1, 2, 1, 0], [0, 1, 1, 2]]))
    assert v.status in ("holds", "undetermined")
    s = trunc_search_summary()
    assert s["scalar_xx"] > 0 and s["scalar_xx_fail"] == 0 and s["first_failure"][0] == 258


# -- certificates, user-style instances, prove ------------------------------------------------------
def test_certificates_reverify_and_tampering_is_rejected():
    v = sl.check_claim("AW-001-TRUNC", sl.load_instance(os.path.join(ROOT, "examples", "ysj_trunc_counterexample.json")))
    assert v.status == "fails"
    sl.check_certificate(v.certificate)
    bad = copy.deepcopy(v.certificate)
    bad["instance"]["X"] = [["1", "0"], ["0", "1"]]       # X X^T = I: the criterion now holds
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(bad)
    v = sl.check_claim("YSJ-2.2", json.load(open(os.path.join(ROOT, "examples", "ysj_saddle.json"))))
    assert v.status == "holds"
    sl.check_certificate(v.certificate)
    bad = copy.deepcopy(v.certificate)
    bad["instance"]["weights"][1] = [["1", "0"], ["0", "1"], ["0", "0"]]   # now the global minimum
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(bad)
    bad = copy.deepcopy(v.certificate)
    bad["status"] = "fails"
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(bad)


@pytest.mark.parametrize("fname,claim,status", [
    ("ysj_global_min.json", "YSJ-2.2", "holds"), ("ysj_saddle.json", "YSJ-2.2", "holds"),
    ("ysj_global_min.json", "YSJ-R", "holds"), ("ysj_noncritical.json", "YSJ-2.1", "hypotheses not met"),
    ("ysj_noncritical.json", "YSJ-GRAD", "holds"), ("ysj_trunc_counterexample.json", "AW-001-TRUNC", "fails"),
    ("residual_singular_saddle.json", "YSJ-2.3", "hypotheses not met"),
])
def test_example_files(fname, claim, status):
    inst = sl.load_instance(os.path.join(ROOT, "examples", fname))
    v = sl.check_claim(claim, inst)
    assert v.status == status, v.reason
    if v.certificate is not None:
        sl.check_certificate(v.certificate)


def test_prove_all_ysj_claims():
    for cid in CLAIMS:
        r = prove_claim(cid)
        assert r["verdict"] == ("fails" if cid.startswith("AW-") else "holds"), (cid, r["reason"])
        assert r["counts"]["undetermined"] == 0


# -- forged witnesses and changed instances ---------------------------------------------------------
def _forge(cid, inst, witnesses):
    """The certificate a forger gets by running the claim's statement honestly on chosen
    witnesses (facts, status and reason consistent with them)."""
    from symlandscape.facts.fast import FAST
    from symlandscape.facts.statement import Run
    from symlandscape.theorems.declare import get_claim as declared
    d = declared(cid)
    run = Run(cid, inst.view(), inst.env, FAST, witness=lambda name, **p: witnesses.get(name), dropped=d.dropped)
    d.run(run)
    return json.loads(json.dumps({"format": "symlandscape-certificate", "version": 2, "claim": cid,
                                  "statement_version": d.version, "instance": inst.to_dict(), **run.record()}))


def _instances(cid):
    from symlandscape.provers.registry import get_claim
    return list(get_claim(cid).instances())


def test_ysj_r_factorisation_witness_of_another_instance_rejected():
    insts = _instances("YSJ-R")
    nopoint = [i for i in insts if i.name.startswith("no point")][0]
    other = [i for i in insts if i.name == "k < d_y, [2, 1, 2]: a factorisation of R*"][0]
    other = sl.parse_instance({k: v for k, v in other.to_dict().items() if k != "weights"})
    v, w = sl.check_claim("YSJ-R", nopoint), sl.check_claim("YSJ-R", other)
    assert v.status == w.status == "holds"
    mine, theirs = v.certificate["witnesses"]["factorisation"], w.certificate["witnesses"]["factorisation"]
    assert mine != theirs
    sl.check_certificate(v.certificate)
    bad = copy.deepcopy(v.certificate)
    bad["witnesses"]["factorisation"] = theirs
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(bad)
    # stating the facts honestly on the wrong witness gives no certificate either
    forged = _forge("YSJ-R", nopoint, {**v.certificate["witnesses"], "factorisation": theirs})
    assert forged["status"] == "undetermined"
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(forged)
    # a wrong basis of col(Uhat) cannot make the claim fail
    forged = _forge("YSJ-R", nopoint, {"uhat_basis": [["1"], ["0"]], "factorisation": mine})
    assert forged["status"] == "undetermined"
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(forged)


def test_grad_eps_witness_of_another_instance_rejected():
    insts = _instances("YSJ-GRAD")
    v, w = sl.check_claim("YSJ-GRAD", insts[0]), sl.check_claim("YSJ-GRAD", insts[7])
    assert insts[0].widths == insts[7].widths and v.status == w.status == "holds"
    assert v.certificate["witnesses"]["eps"] != w.certificate["witnesses"]["eps"]
    bad = copy.deepcopy(v.certificate)
    bad["witnesses"]["eps"] = w.certificate["witnesses"]["eps"]
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(bad)
    bad["witnesses"]["eps"] = "-1"        # not a positive rational: the statement refuses it
    with pytest.raises(sl.CertificateError, match="eps"):
        sl.check_certificate(bad)


def test_classification_curve_of_another_instance_rejected():
    inst = [i for i in _instances("YSJ-2.1") if i.name == "k = d_y [1, 1, 1, 1], I = []"][0]
    v = sl.check_claim("YSJ-2.1", inst)
    w = sl.check_claim("YSJ-2.1", net_dict([1, 1, 1, 1], [[1, 0]], [[2, 1]], [[[0]], [[0]], [[0]]]))
    assert v.status == w.status == "holds" and "saddle" in v.reason
    theirs = w.certificate["witnesses"]["classification.curve"]
    assert theirs != v.certificate["witnesses"]["classification.curve"]
    sl.check_certificate(v.certificate)
    bad = copy.deepcopy(v.certificate)
    bad["witnesses"]["classification.curve"] = theirs
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(bad)


def test_trunc_closed_forms_of_another_instance_rejected():
    v = sl.check_claim("AW-001-TRUNC", sl.load_instance(os.path.join(ROOT, "examples", "ysj_trunc_counterexample.json")))
    other = None
    for n, inst in enumerate(_instances("AW-001-TRUNC")):
        if n > 258:
            w = sl.check_claim("AW-001-TRUNC", inst)
            if w.status == "fails" and w.certificate["witnesses"]["closed_forms"] != \
                    v.certificate["witnesses"]["closed_forms"]:
                other = inst
                break
    assert other is not None
    theirs = w.certificate["witnesses"]["closed_forms"]
    bad = copy.deepcopy(v.certificate)
    bad["witnesses"]["closed_forms"] = theirs
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(bad)
    # stated honestly on the wrong closed forms: they are recorded as false and left out of the reason
    forged = _forge("AW-001-TRUNC", sl.parse_instance(v.certificate["instance"]), {"closed_forms": theirs})
    facts = {f["key"]: f["value"] for f in forged["facts"]}
    assert facts["closed_form.distance"] is False and "sqrt" not in forged["reason"]
    sl.check_certificate(forged)


@pytest.mark.parametrize("claim", ["YSJ-P3.2", "YSJ-R", "YSJ-2.2"])
def test_certificate_on_a_changed_instance_rejected(claim):
    v = sl.check_claim(claim, json.load(open(os.path.join(ROOT, "examples", "ysj_global_min.json"))))
    assert v.status == "holds"
    bad = copy.deepcopy(v.certificate)
    bad["instance"]["Y"][0][0] = "4"
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(bad)
