"""Independent cross-checks of KAW-L1, KAW-L2, KAW-HESS and AW-000-IDX / EQ3 / BAD.

The reference values here come from SymPy directly (symbols, ``sympy.diff`` /
``sympy.hessian``, ``eigenvects``, Kronecker products and commutation matrices built
from their definitions), from hand-worked cases, and from known facts (Ky Fan), not
from symlandscape's own formulas.
"""

import copy
import json
import os
import random
from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symlandscape as sl
from symlandscape.exact.matrix import QMatrix
from symlandscape.facts.fast import evaluate
from symlandscape.landscape.eigenbases import eigenbasis, index_threshold
from symlandscape.prove import prove_claim
from symlandscape.provers import kawaguchi_lemmas as klp
from symlandscape.provers.registry import get_claim
from symlandscape.theorems import kawaguchi_lemmas as kl

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
R = sympy.Rational


def example(name: str) -> dict:
    with open(os.path.join(ROOT, "examples", f"deep_linear_lemma_{name}.json")) as f:
        return json.load(f)


# -- SymPy reference implementation (nothing from symlandscape) ---------------------------------
def M(rows):
    return sympy.Matrix([[R(x) for x in r] for r in rows])


def vec(A):
    """Columns of A stacked."""
    return sympy.Matrix([A[i, j] for j in range(A.cols) for i in range(A.rows)])


def commutation(m, n):
    """K with K vec(A) = vec(A^T) for m x n A, as sum_ij vec(E_ij^T) vec(E_ij)^T."""
    K = sympy.zeros(m * n, m * n)
    for i in range(m):
        for j in range(n):
            E = sympy.zeros(m, n)
            E[i, j] = 1
            K += vec(E.T) * vec(E).T
    return K


def symbolic_net(widths, X, Y):
    Ws = [sympy.Matrix(widths[k + 1], widths[k], lambda i, j, k=k: sympy.Symbol(f"w{k + 1}_{i}_{j}"))
          for k in range(len(widths) - 1)]
    out = X
    for W in Ws:
        out = W * out
    loss = sum((e ** 2 for e in out - Y), sympy.Integer(0)) / 2
    return Ws, loss


def derivatives(widths, X, Y, Wvals, seed_order=False):
    """Naive gradient and Hessian: sympy.diff of the loss, then substitution. Parameters in
    theta order (vec W_k) or, with ``seed_order``, in the seed's order (vec W_k^T)."""
    Ws, loss = symbolic_net(widths, X, Y)
    theta = [x for W in Ws for x in (vec(W.T) if seed_order else vec(W))]
    sub = {W[i, j]: V[i, j] for W, V in zip(Ws, Wvals) for i in range(W.rows) for j in range(W.cols)}
    g = sympy.Matrix([sympy.diff(loss, t) for t in theta]).xreplace(sub)
    H = sympy.hessian(loss, theta).xreplace(sub)
    return g, H


def prod(Ws, widths, a, b):
    """W_b ... W_a, identity I_{d_{a-1}} when b < a."""
    out = sympy.eye(widths[a - 1])
    for k in range(a, b + 1):
        out = Ws[k - 1] * out
    return out


def to_sympy(d):
    return {"X": M(d["X"]), "Y": M(d["Y"]), "W": [M(w) for w in d["weights"]], "widths": d["widths"]}


def rational_rows(rng, m, n, lo=-3, hi=3):
    return [[str(Fraction(rng.randint(lo, hi), rng.choice((1, 2, 3)))) for _ in range(n)] for _ in range(m)]


def instance_dict(widths, X, Y, W):
    return {"model": "deep_linear", "widths": widths, "X": X, "Y": Y, "weights": W}


SHAPES = [([1, 1, 1], 1), ([2, 1, 2], 2), ([1, 2, 1], 2), ([1, 1, 1, 1], 2), ([2, 1, 1], 3)]


@st.composite
def small_instances(draw):
    widths, m = draw(st.sampled_from(SHAPES))
    rng = random.Random(draw(st.integers(0, 10 ** 6)))
    W = [rational_rows(rng, widths[k + 1], widths[k]) for k in range(len(widths) - 1)]
    if draw(st.booleans()):            # a zero layer (critical when two are zero)
        k = draw(st.integers(0, len(W) - 1))
        W[k] = [["0"] * len(row) for row in W[k]]
    return instance_dict(widths, rational_rows(rng, widths[0], m), rational_rows(rng, widths[-1], m), W)


# -- hand-worked ---------------------------------------------------------------------------------
def test_hand_worked_one_dimensional():
    # L = (ab - 1)^2 / 2 at (a, b) = (2, 3): dL = (b(ab-1), a(ab-1)) = (15, 10),
    # Hessian [[b^2, 2ab - 1], [2ab - 1, a^2]] = [[9, 11], [11, 4]].
    d = instance_dict([1, 1, 1], [[1]], [[1]], [[[2]], [[3]]])
    v = sl.check_claim("KAW-HESS", d)
    assert v.status == "holds"
    lits = [f["expr"][2] for f in v.certificate["facts"] if f["key"] == "sympy_hessian"]
    assert lits == [["lit", [["9", "11"], ["11", "4"]]]]
    assert v.certificate["witnesses"]["sympy_hessian"] == [["9", "11"], ["11", "4"]]
    v = sl.check_claim("KAW-L1", d)
    assert v.status == "holds"
    lits = [f["expr"][2] for f in v.certificate["facts"] if f["key"] == "sympy_gradient"]
    assert lits == [["lit", [["15"], ["10"]]]]
    assert next(f["value"] for f in v.certificate["facts"] if f["key"] == "critical") is False


def test_hand_worked_l1_critical_point():
    # X = 1, Y = 2, W = (1, 2): P = 2 = C (C^T C)^- C^T Y X^T (X X^T)^-1 with C = 2.
    v = sl.check_claim("KAW-L1", instance_dict([1, 1, 1], [[1]], [[2]], [[[1]], [[2]]]))
    assert v.status == "holds"
    assert sum(f["key"].startswith("product_formula_") and f["role"] == "conclusion"
               for f in v.certificate["facts"]) == 2


def test_hand_worked_l2_zero_hessian():
    # H = 3, W_1 = W_2 = W_3 = 0: zero Hessian (PSD and NSD). For k = 2, C = 0 so R(I_1) is not
    # in R(C^T C), but X r W_4 W_3 = 0 since W_3 = 0.
    d = instance_dict([1, 1, 1, 1, 1], [[1]], [[1]], [[[0]], [[0]], [[0]], [[5]]])
    _, H = derivatives(d["widths"], M(d["X"]), M(d["Y"]), [M(w) for w in d["weights"]])
    assert H == sympy.zeros(4, 4)
    v = sl.check_claim("KAW-L2", d)
    assert v.status == "holds"
    Ws, X, Y = [M(w) for w in d["weights"]], M(d["X"]), M(d["Y"])
    C = Ws[3] * Ws[2] * Ws[1]
    r = (Ws[3] * Ws[2] * Ws[1] * Ws[0] * X - Y).T
    assert (C.T * C).rank() == 0 < sympy.eye(1).rank()              # R(I_1) not in R(C^T C) = 0
    assert X * r * Ws[3] * Ws[2] == sympy.zeros(1, 1)                 # ... but X r W_4 W_3 = 0
    facts = {f["key"]: (f["text"], f["value"]) for f in v.certificate["facts"]}
    assert facts["range_k2"] == ("k = 2: R((I_1)^T) in R(C^T C) or X r W_4...W_3 = 0", True)
    sl.check_certificate(v.certificate)


def test_l2_hypotheses_not_met_at_strict_saddle():
    v = sl.check_claim("KAW-L2", example("idx"))          # the u_2 point is a strict saddle
    assert v.status == "hypotheses not met"
    assert "semidefinite" in v.reason


# -- KAW-L1 against naive SymPy -----------------------------------------------------------------------
def seed_gradient(widths, X, Y, Ws, k):
    """eq (2): ((W_{H+1}..W_{k+1}) kron (W_{k-1}..W_1 X)^T)^T vec(r), r = (P X - Y)^T."""
    L = len(widths) - 1
    r = (prod(Ws, widths, 1, L) * X - Y).T
    left = prod(Ws, widths, k + 1, L)
    right = prod(Ws, widths, 1, k - 1) * X
    return sympy.kronecker_product(left, right.T).T * vec(r)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_l1_eq2_matches_naive_differentiation(d):
    widths, X, Y, Ws = d["widths"], M(d["X"]), M(d["Y"]), [M(w) for w in d["weights"]]
    g_theta, _ = derivatives(widths, X, Y, Ws)
    g_seed, _ = derivatives(widths, X, Y, Ws, seed_order=True)
    off = 0
    for k in range(1, len(widths)):
        n = widths[k] * widths[k - 1]
        s = seed_gradient(widths, X, Y, Ws, k)
        assert s == g_seed[off:off + n, :]                                  # eq (2) as printed
        assert commutation(widths[k], widths[k - 1]).T * s == g_theta[off:off + n, :]   # converted
        off += n
    v = sl.check_claim("KAW-L1", d)
    assert v.status in ("holds", "hypotheses not met")
    if v.status == "holds":
        sl.check_certificate(v.certificate)


def test_l1_product_formula_with_an_independent_generalized_inverse():
    # a critical point with rank-deficient C^T C (W_2 of rank 1 in [3, 2, 2, 3])
    inst = next(i for i in get_claim("KAW-L1").instances() if "[3, 2, 2, 3] subset point I = [2]" in i.name)
    d = to_sympy(inst.to_dict())
    X, Y, Ws, widths = d["X"], d["Y"], d["W"], d["widths"]
    g, _ = derivatives(widths, X, Y, Ws)
    assert g == sympy.zeros(len(g), 1)
    C = prod(Ws, widths, 2, 3)
    A = C.T * C
    assert A.rank() == 1
    # {1}-inverse from a nonsingular principal submatrix (G0_SS = A_SS^-1, zero elsewhere),
    # moved off the Moore-Penrose inverse by (I - G0 A) Z: A G A = A + (A - A G0 A) Z A = A
    i = next(i for i in range(A.rows) if A[i, i] != 0)
    G0 = sympy.zeros(*A.shape)
    G0[i, i] = 1 / A[i, i]
    G = G0 + (sympy.eye(A.rows) - G0 * A) * sympy.ones(*A.shape)
    assert A * G * A == A and G != A.pinv()
    for Ginv in (G, A.pinv()):
        assert prod(Ws, widths, 1, 3) == C * Ginv * C.T * Y * X.T * (X * X.T).inv()
    assert sl.check_claim("KAW-L1", inst).status == "holds"


def test_l1_singular_xxt_is_hypotheses_not_met():
    inst = next(i for i in get_claim("KAW-L1").instances() if i.name == "singular X X^T")
    v = get_claim("KAW-L1").check(inst)
    assert v.status == "hypotheses not met" and "X X^T" in v.reason


# -- KAW-HESS -------------------------------------------------------------------------------------------
def seed_hessian_blocks(widths, X, Y, Ws):
    """Kawaguchi's numerator-layout blocks written out with SymPy (the docstring formula)."""
    L = len(widths) - 1
    E = prod(Ws, widths, 1, L) * X - Y
    Lk = lambda k: prod(Ws, widths, k + 1, L)  # noqa: E731
    Rk = lambda k: prod(Ws, widths, 1, k - 1) * X  # noqa: E731
    rows = []
    for k in range(1, L + 1):
        row = []
        for j in range(1, L + 1):
            a, b = max(k, j), min(k, j)
            N = sympy.kronecker_product(Lk(a).T * Lk(b), Rk(a) * Rk(b).T)
            if a != b:
                Q = Lk(a).T * E * Rk(b).T
                N += sympy.kronecker_product(Q, prod(Ws, widths, b + 1, a - 1)) * commutation(widths[b - 1], widths[b])
            row.append(N if k >= j else N.T)
        rows.append(row)
    return sympy.BlockMatrix(rows).as_explicit()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_hessian_matches_naive_sympy_in_both_layouts(d):
    widths, X, Y, Ws = d["widths"], M(d["X"]), M(d["Y"]), [M(w) for w in d["weights"]]
    _, H = derivatives(widths, X, Y, Ws)
    _, Hseed = derivatives(widths, X, Y, Ws, seed_order=True)
    assert seed_hessian_blocks(widths, X, Y, Ws) == Hseed
    Kbd = sympy.diag(*[commutation(widths[k], widths[k - 1]) for k in range(1, len(widths))])
    assert Kbd.T * Hseed * Kbd == H
    v = sl.check_claim("KAW-HESS", d)
    assert v.status == "holds"
    lit = next(f["expr"][2] for f in v.certificate["facts"] if f["key"] == "sympy_hessian")
    assert M(lit[1]) == H
    sl.check_certificate(v.certificate)


def test_hessian_formula_exprs_evaluate_to_naive_sympy():
    rng = random.Random(5)
    widths, m = [2, 1, 2, 1], 2
    d = instance_dict(widths, rational_rows(rng, 2, m), rational_rows(rng, 1, m),
                      [rational_rows(rng, widths[k + 1], widths[k]) for k in range(3)])
    env = dict(sl.parse_instance(d).env)
    X, Y, Ws = M(d["X"]), M(d["Y"]), [M(w) for w in d["weights"]]
    env["E"] = QMatrix((Ws[2] * Ws[1] * Ws[0] * X - Y).tolist())
    _, H = derivatives(widths, X, Y, Ws)
    _, Hseed = derivatives(widths, X, Y, Ws, seed_order=True)
    assert evaluate(kl.kron_hessian(widths), env).to_sympy() == H
    assert evaluate(kl.seed_hessian(widths), env).to_sympy() == Hseed


# -- AW counterexamples, both sides evaluated with sympy.Matrix -----------------------------------------
def test_aw_idx_counterexample_by_sympy():
    d = to_sympy(example("idx"))
    X, Y, (W1, W2) = d["X"], d["Y"], d["W"]
    g, _ = derivatives(d["widths"], X, Y, [W1, W2])
    assert g == sympy.zeros(4, 1)                                    # critical
    Sigma = Y * X.T * (X * X.T).inv() * X * Y.T
    (lo, _, (u_lo,)), (hi, _, (u_hi,)) = sorted(Sigma.eigenvects(), key=lambda t: t[0])
    assert (hi, lo) == (4, 1)
    C = W2
    PC = C * (C.T * C).inv() * C.T
    p, dy = 1, 2
    q = min(dy, p)
    assert q == 1
    # the only index sets inside 1..min(d_y, p) of size pbar = 1: {1}, with u_1 the top eigenvector
    u1 = u_hi / u_hi.norm()
    assert PC != u1 * u1.T
    u2 = u_lo / u_lo.norm()
    assert PC == u2 * u2.T                                           # index 2 > min(d_y, p)
    v = sl.check_claim("AW-000-IDX", example("idx"))
    assert v.status == "fails"
    sl.check_certificate(v.certificate)


def test_aw_eq3_counterexample_by_sympy():
    d = to_sympy(example("eq3"))
    X, Y, (W1, W2) = d["X"], d["Y"], d["W"]
    g, H = derivatives(d["widths"], X, Y, [W1, W2])
    assert g == sympy.zeros(4, 1)
    assert all(ev >= 0 for ev in H.eigenvals())                      # PSD Hessian
    Sigma = Y * X.T * (X * X.T).inv() * X * Y.T
    assert Sigma == sympy.eye(2)
    P = W2 * W1
    loss = sum((e ** 2 for e in P * X - Y)) / 2
    assert loss == R(1, 2) == (sum(e ** 2 for e in Y) - max(Sigma.eigenvals())) / 2   # global minimum
    Xr = X * (P * X - Y).T
    assert Xr != sympy.zeros(2, 2)
    PC = W2 * (W2.T * W2).inv() * W2.T
    for U, equal in [(sympy.eye(2), False), (M([["3/5", "-4/5"], ["4/5", "3/5"]]), True)]:
        assert U.T * U == sympy.eye(2) and Sigma * U == U * sympy.eye(2)   # both admissible
        U1 = U[:, 0]
        assert (PC == U1 * U1.T) is equal
    v = sl.check_claim("AW-000-EQ3", example("eq3"))
    assert v.status == "fails"
    sl.check_certificate(v.certificate)


def test_aw_bad_counterexample_by_sympy():
    d = to_sympy(example("bad"))
    g, H = derivatives(d["widths"], d["X"], d["Y"], d["W"])
    assert g == sympy.zeros(3, 1)
    assert H == M([[0, -1, 0], [-1, 0, 0], [0, 0, 0]])
    assert min(H.eigenvals()) == -1                                  # not a "bad" saddle
    v = sl.check_claim("AW-000-BAD", example("bad"))
    assert v.status == "fails" and "negative" in v.reason
    sl.check_certificate(v.certificate)


def test_aw_bad_holds_for_h3_by_sympy():
    # H = 3, W_1 = W_2 = W_3 = 0, W_4 = 1: zero Hessian; along t (1, 1, 1, 0) the loss is
    # (t^3 - 1)^2 / 2 = 1/2 - t^3 + t^6/2: it drops for small t > 0 and rises for t < 0.
    d = instance_dict([1, 1, 1, 1, 1], [[1]], [[1]], [[[0]], [[0]], [[0]], [[1]]])
    g, H = derivatives(d["widths"], M(d["X"]), M(d["Y"]), [M(w) for w in d["weights"]])
    assert g == sympy.zeros(4, 1) and H == sympy.zeros(4, 4)
    t = sympy.Symbol("t")
    assert sympy.expand((t ** 3 - 1) ** 2 / 2) == R(1, 2) - t ** 3 + t ** 6 / 2
    v = sl.check_claim("AW-000-BAD", d)
    assert v.status == "holds"
    sl.check_certificate(v.certificate)


# -- prove, certificates, user instances ---------------------------------------------------------------
def _same_point(a: dict, b: dict) -> bool:
    norm = lambda rows: [[Fraction(x) for x in r] for r in rows]  # noqa: E731
    return (a["widths"] == b["widths"] and norm(a["X"]) == norm(b["X"]) and norm(a["Y"]) == norm(b["Y"])
            and [norm(w) for w in a["weights"]] == [norm(w) for w in b["weights"]])


def test_prove_verdicts_and_minimal_counterexamples():
    for cid in ("KAW-L1", "KAW-L2", "KAW-HESS"):
        r = prove_claim(cid)
        assert r["verdict"] == "holds", (cid, r["reason"])
    for cid, ex in [("AW-000-IDX", "idx"), ("AW-000-EQ3", "eq3"), ("AW-000-BAD", "bad")]:
        r = prove_claim(cid)
        assert r["verdict"] == "fails" and get_claim(cid).as_written
        assert _same_point(r["counterexample"], example(ex)), cid
        assert get_claim(cid).corrected and get_claim(cid).location


def test_certificates_reverify_and_tampering_is_rejected():
    for cid, d in [("AW-000-EQ3", example("eq3")), ("KAW-L2", example("eq3")), ("KAW-L1", example("idx"))]:
        cert = sl.check_claim(cid, d).certificate
        assert sl.check_certificate(cert)["ok"]
        bad = copy.deepcopy(cert)                  # another point
        bad["instance"]["weights"][1] = [["3"], ["5"]]
        with pytest.raises(sl.CertificateError):
            sl.check_certificate(bad)
        bad = copy.deepcopy(cert)                  # a recorded value flipped
        f = next(f for f in bad["facts"] if isinstance(f["value"], bool))
        f["value"] = not f["value"]
        with pytest.raises(sl.CertificateError):
            sl.check_certificate(bad)
        bad = copy.deepcopy(cert)                  # the deciding conclusion dropped
        bad["facts"] = [f for f in bad["facts"] if f["role"] != "conclusion"][:-1]
        with pytest.raises(sl.CertificateError):
            sl.check_certificate(bad)
        bad = copy.deepcopy(cert)                  # a forged eigenbasis (definition or witness)
        if "U" in bad["defs"]:
            bad["defs"]["U"] = ["lit", [["0", "1"], ["1", "0"]]]
            with pytest.raises(sl.CertificateError):
                sl.check_certificate(bad)
            bad = copy.deepcopy(cert)
            bad["witnesses"]["eigenbasis"]["U"] = [["0", "1"], ["1", "0"]]
            with pytest.raises(sl.CertificateError):
                sl.check_certificate(bad)


def _rejected(cert):
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(json.loads(json.dumps(cert)))


def test_swapped_witnesses_and_changed_instances_are_rejected():
    """Witnesses are untrusted: one taken from another instance's certificate, or an
    instance changed under the recorded witnesses, makes the replay differ."""
    rng = random.Random(11)
    a, b = (instance_dict([2, 1, 2], rational_rows(rng, 2, 2), rational_rows(rng, 2, 2),
                          [rational_rows(rng, 1, 2), rational_rows(rng, 2, 1)]) for _ in range(2))
    # KAW-HESS: the SymPy Hessian of another point
    ca, cb = (sl.check_claim("KAW-HESS", d).certificate for d in (a, b))
    assert sl.check_certificate(ca)["ok"] and ca["witnesses"]["sympy_hessian"] != cb["witnesses"]["sympy_hessian"]
    bad = copy.deepcopy(ca)
    bad["witnesses"]["sympy_hessian"] = cb["witnesses"]["sympy_hessian"]
    _rejected(bad)
    bad = copy.deepcopy(ca)
    bad["instance"] = cb["instance"]                     # another point under the same witness
    _rejected(bad)
    # KAW-L1: the SymPy gradient of another point; another g-inverse selector
    la, lb = (sl.check_claim("KAW-L1", d).certificate for d in (a, b))
    bad = copy.deepcopy(la)
    bad["witnesses"]["sympy_gradient"] = lb["witnesses"]["sympy_gradient"]
    _rejected(bad)
    c = sl.check_claim("KAW-L1", example("idx")).certificate
    bad = copy.deepcopy(c)
    bad["witnesses"]["ginv_selector"] = [["0"]]
    _rejected(bad)
    # AW-000-BAD: the descent curve of an instance with another W_{H+1}
    h2 = [i for i in get_claim("AW-000-BAD").instances() if i.name.startswith("[2, 2, 2, 2] Y = [I 0]")]
    c0, c1 = (get_claim("AW-000-BAD").check(i).certificate for i in h2[1:3])
    assert c0["witnesses"]["descent_curve"] != c1["witnesses"]["descent_curve"]
    for key in ("descent_curve", "ascent_curve"):
        bad = copy.deepcopy(c0)
        bad["witnesses"][key] = c1["witnesses"][key]
        _rejected(bad)
    bad = copy.deepcopy(c0)
    bad["witnesses"]["descent_curve"] = c0["witnesses"]["ascent_curve"]   # rises, does not drop
    _rejected(bad)
    bad = copy.deepcopy(c0)
    bad["instance"] = c1["instance"]
    _rejected(bad)
    # AW-000-EQ3: the two admissible eigenbases swapped; AW-000-IDX: another eigenbasis, a threshold
    e = sl.check_claim("AW-000-EQ3", example("eq3")).certificate
    bad = copy.deepcopy(e)
    bad["witnesses"]["eigenbasis"], bad["witnesses"]["eigenbasis_col_c"] = e["witnesses"]["eigenbasis_col_c"], \
        e["witnesses"]["eigenbasis"]
    _rejected(bad)
    bad = copy.deepcopy(e)
    bad["witnesses"]["eigenbasis"]["U"] = [["0", "1"], ["1", "0"]]
    _rejected(bad)
    i = sl.check_claim("AW-000-IDX", example("idx")).certificate
    bad = copy.deepcopy(i)
    bad["witnesses"]["eigenbasis"] = e["witnesses"]["eigenbasis_col_c"]
    _rejected(bad)
    idx_inst = next(x for x in get_claim("AW-000-IDX").instances()
                    if x.name == "[2, 1, 2] diagonal data, distinct eigenvalues, I = {1}")
    good = get_claim("AW-000-IDX").check(idx_inst).certificate
    assert good["witnesses"]["index_threshold"] == "9/4" and sl.check_certificate(good)["ok"]
    for t in ("3", "1", "5", [["1"]]):     # another valid t (another fact), neither side (undetermined), junk
        bad = copy.deepcopy(good)
        bad["witnesses"]["index_threshold"] = t
        _rejected(bad)


def test_check_claim_on_user_dicts_and_bad_input():
    user = {"model": "deep_linear", "widths": [2, 1, 2], "X": [[1, 0], [0, 1]],
            "Y": [["2", 0], [0, "1/2"]], "weights": [[["1", "0"]], [["2"], ["0"]]]}
    for cid in ("KAW-L1", "KAW-L2", "KAW-HESS", "AW-000-IDX", "AW-000-EQ3"):
        v = sl.check_claim(cid, user)
        assert v.status == "holds", (cid, v.reason)
    assert sl.check_claim("AW-000-BAD", user).status == "hypotheses not met"      # H = 1
    no_point = {k: v for k, v in user.items() if k != "weights"}
    with pytest.raises(sl.InputError, match="needs a point"):
        sl.check_claim("KAW-L2", no_point)
    with pytest.raises(sl.InputError, match="does not apply"):
        sl.check_claim("KAW-HESS", {"model": "matrices", "matrices": {"A": [[1]]}})


def test_corrected_statements_hold_on_the_whole_search():
    for cid in ("AW-000-IDX", "AW-000-EQ3", "AW-000-BAD"):
        s = klp.aw_search_summary(cid)
        assert s["fails"] > 0 and s["met"] > s["fails"]
        assert s["corrected_ok"] == s["met"], (cid, s)


# -- eigen helpers against SymPy ---------------------------------------------------------------------------
@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=3, max_size=3), st.integers(0, 10 ** 6), st.integers(1, 2))
def test_eigen_helpers_against_sympy(eigs, seed, s):
    from symlandscape.landscape.critical import cayley_orthogonal
    Q = cayley_orthogonal(3, random.Random(seed))
    lam = sorted(eigs, reverse=True)
    S = Q @ QMatrix([[lam[i] if i == j else 0 for j in range(3)] for i in range(3)]) @ Q.T
    Ss = S.to_sympy()
    assert evaluate(kl.distinct_eigenvalues_expr("S", 3), {"S": S}) == (len(set(lam)) == 3)
    # the projector onto the first s columns of Q: a top eigenspace (Ky Fan equality), unique iff gap
    P = Q.columns(range(s)) @ Q.columns(range(s)).T
    kf, uniq = (evaluate(e, {"S": S, "P": P}) for e in kl.top_eigenspace_exprs("S", "P", s, 3))
    assert kf is True and uniq == (lam[s - 1] != lam[s])
    # the last s columns: Ky Fan equality iff their eigenvalues are top ones (trace comparison)
    P2 = Q.columns(range(3 - s, 3)) @ Q.columns(range(3 - s, 3)).T
    kf2 = evaluate(kl.top_eigenspace_exprs("S", "P", s, 3)[0], {"S": S, "P": P2})
    assert kf2 == (sum(lam[3 - s:]) == sum(lam[:s]))
    # a rational eigenbasis: found when the eigenvalues are distinct (eigenvectors = columns of
    # Q up to scale), and with a repeated one when told a rational eigenvector to start from
    found = [eigenbasis(S)] + [eigenbasis(S, prefer=Q.columns([j])) for j in range(3)]
    if len(set(lam)) == 3:
        assert found[0] is not None
    if len(set(lam)) == 2:
        assert any(f is not None for f in found)
    for f in found:
        if f is not None:
            Us, ev = f[0].to_sympy(), [R(str(x)) for x in f[1]]
            assert Us.T * Us == sympy.eye(3) and Ss * Us == Us * sympy.diag(*ev) and ev == lam


@pytest.mark.parametrize("sv,cols,q,expected", [
    ([3, 2, 1], [[1, 0, 0]], 1, True), ([3, 2, 1], [[0, 1, 0]], 1, False), ([3, 2, 1], [[0, 1, 0]], 2, True),
    ([3, 2, 1], [[1, 0, 0], [0, 0, 1]], 2, False), ([3, 2, 1], [[1, 0, 0], [0, 0, 1]], 3, True),
    ([1, 1, 1], [[3, 4, 0]], 1, False), ([1, 1, 1], [[3, 4, 0]], 3, False),
    ([2, 2, 1], [[1, 0, 0], [0, 1, 0]], 2, True), ([2, 2, 1], [[1, 0, 0]], 2, False),
    ([2, 1, 1], [[1, 0, 0]], 1, True), ([2, 1, 1], [[1, 0, 0], [0, 1, 0]], 2, False),
])
def test_index_set_expr_by_brute_force(sv, cols, q, expected):
    """Sigma = diag(sv^2): "P_C = U_I U_I^T with I inside 1..q for every admissible U" by hand
    (a line of a repeated eigenvalue, or an eigenvalue group straddling q, fails). The
    threshold witness comes from the landscape search; a wrong one never flips the value."""
    S = QMatrix([[sv[i] ** 2 if i == j else 0 for j in range(3)] for i in range(3)])
    C = QMatrix(cols).T
    env = {"Sigma": S, "C": C, "PC": C.projector()}

    class Run:
        def __init__(self, t):
            self.t = t

        def peek(self, e):
            return evaluate(e, env)

        def witness(self, name, q):
            assert name == "index_threshold"
            return self.t

    t = index_threshold(S, C, q)
    expr = kl.index_set_expr(Run(None if t is None else str(t)), C.rank(), q, 3)
    assert evaluate(expr, env) is expected
    for wrong in ["-1", "0", "1", "2", "5/2", "4", "9", "10"]:
        e = kl.index_set_expr(Run(wrong), C.rank(), q, 3)
        assert e is None or evaluate(e, env) is expected
