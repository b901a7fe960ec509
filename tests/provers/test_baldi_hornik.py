"""Baldi–Hornik claims (seed 004): independent cross-checks.

Every expected value here comes from SymPy computed directly on the instance (the
loss written out as ||W_{H+1}...W_1 X - Y||^2 / 2 with symbols, differentiated by
SymPy, matrices inverted by SymPy), from hand-worked cases, or from the known
theorems (Baldi–Hornik: the families of eigenvectors, their losses 1/2 (||Y||^2 -
sum of the chosen eigenvalues)); the code under test is only asked for its verdicts.
"""

import json
import re
import runpy
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symlandscape as sl
from symlandscape.landscape.classify import classify
from symlandscape.landscape.convexity import convexity_witnesses
from symlandscape.models.registry import make_network
from symlandscape.prove import prove_claim
from symlandscape.provers import baldi_hornik as bh

R = sympy.Rational


def mat(rows):
    return sympy.Matrix([[R(x) for x in row] for row in rows])


def sym_loss(widths, X, Y):
    """(layers of symbols, flat symbol list in theta order, loss) written out directly."""
    Ws, flat = [], []
    for k in range(len(widths) - 1):
        r, c = widths[k + 1], widths[k]
        W = sympy.Matrix(r, c, lambda i, j: sympy.Symbol(f"w{k}_{i}_{j}"))
        Ws.append(W)
        flat += [W[i, j] for j in range(c) for i in range(r)]
    out = X
    for W in Ws:
        out = W * out
    E = out - Y
    return Ws, flat, sum(e ** 2 for e in E) / 2


def at_point(expr, Ws, point):
    subs = {W[i, j]: P[i, j] for W, P in zip(Ws, point) for i in range(W.rows) for j in range(W.cols)}
    return expr.subs(subs)


def grad_hess(widths, X, Y, point):
    Ws, flat, L = sym_loss(widths, X, Y)
    g = sympy.Matrix([sympy.diff(L, v) for v in flat])
    Hs = sympy.hessian(L, flat)
    return at_point(g, Ws, point), at_point(Hs, Ws, point), at_point(L, Ws, point)


def signs(H):
    ev = H.eigenvals()
    pos = sum(m for v, m in ev.items() if v > 0)
    neg = sum(m for v, m in ev.items() if v < 0)
    return pos, neg, H.rows - pos - neg


def inst_dict(widths, X, Y, W=None):
    d = {"model": "deep_linear", "widths": widths, "X": [[str(x) for x in r] for r in X.tolist()],
         "Y": [[str(x) for x in r] for r in Y.tolist()]}
    if W is not None:
        d["weights"] = [[[str(x) for x in r] for r in M.tolist()] for M in W]
    return d


def from_inst(inst):
    """SymPy matrices X, Y, [W...] of a parsed instance."""
    return (inst.env["X"].to_sympy(), inst.env["Y"].to_sympy(), [W.to_sympy() for W in inst.weights])


# -- the mapping ------------------------------------------------------------------------------
def test_normal_equations_are_the_gradient_blocks():
    """eq (2) and eq (4) are dL/dW_1 = 0 and dL/dW_2 = 0 for W_1 = B, W_2 = A (L = L_seed / 2)."""
    X, Y = mat([[1, 2, 0], [0, 1, -1]]), mat([[3, 0, 1], [1, 1, 2]])
    (B, A), _, L = sym_loss([2, 1, 2], X, Y)
    Sxx, Syx = X * X.T, Y * X.T
    seed = sum(e ** 2 for e in (Y - A * B * X))               # eq (1): no 1/2
    assert sympy.expand(seed - 2 * L) == 0
    dB = sympy.Matrix(1, 2, lambda i, j: sympy.diff(L, B[i, j]))
    dA = sympy.Matrix(2, 1, lambda i, j: sympy.diff(L, A[i, j]))
    assert sympy.expand(dB - (A.T * A * B * Sxx - A.T * Syx)) == sympy.zeros(1, 2)
    assert sympy.expand(dA - (A * B * Sxx * B.T - Syx * B.T)) == sympy.zeros(2, 1)


# -- BH-4, BH-5 --------------------------------------------------------------------------------
def test_bh4_hand_worked():
    """A = 2, X = [1, 2], Y = [1, 0]: L(b) = ((2b - 1)^2 + (4b)^2) / 2 is minimal at b = 1/10."""
    b = sympy.Symbol("b")
    Lb = ((2 * b - 1) ** 2 + (4 * b) ** 2) / 2
    assert sympy.solve(sympy.diff(Lb, b), b) == [R(1, 10)]
    d = {"model": "deep_linear", "widths": [1, 1, 1], "X": [[1, 2]], "Y": [[1, 0]], "weights": [[["1/10"]], [[2]]]}

    def solves(v):
        return next(f["value"] for f in v.certificate["facts"] if f["key"] == "instance_solves")

    v = sl.check_claim("BH-4", d)
    assert v.status == "holds" and solves(v) is True
    d["weights"][0] = [[3]]
    v = sl.check_claim("BH-4", d)
    assert v.status == "holds" and solves(v) is False                # B = 3 is not a minimiser


small = st.integers(-2, 2)


@st.composite
def two_layer_data(draw):
    dx, p, dy, m = draw(st.integers(1, 2)), draw(st.integers(1, 2)), draw(st.integers(1, 2)), draw(st.integers(1, 3))

    def g(r, c):
        return sympy.Matrix(r, c, lambda i, j: draw(small))

    return dx, p, dy, g(dx, m), g(dy, m), g(dy, p), g(p, dx), g(p, dx), g(dy, p)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_layer_data())
def test_bh4_bh5_random(data):
    """SymPy: B* = A^+ Y X^+ and A* = Y (B X)^+ solve eqs (2), (4); any other solution has the same
    loss; no B (A) beats them. The claims hold on the same instances."""
    dx, p, dy, X, Y, A, B, Z1, Z2 = data
    Sxx, Syx = X * X.T, Y * X.T

    def loss(A_, B_):
        return sum(e ** 2 for e in (A_ * B_ * X - Y)) / 2

    Bs = A.pinv() * Y * X.pinv()
    assert A.T * A * Bs * Sxx == A.T * Syx
    N = Z1 - A.pinv() * A * Z1 * X * X.pinv()                    # A N X = 0
    assert loss(A, Bs + N) == loss(A, Bs) <= loss(A, B)
    As = Y * (B * X).pinv()
    assert As * B * Sxx * B.T == Syx * B.T
    M = Z2 - Z2 * (B * X) * (B * X).pinv()                       # M B X = 0
    assert loss(As + M, B) == loss(As, B) <= loss(A, B)
    for cid in ("BH-4", "BH-5"):
        assert sl.check_claim(cid, inst_dict([dx, p, dy], X, Y, [B, A])).status == "holds"
    assert sl.check_claim("BH-4", inst_dict([dx, p, dy], X, Y, [Bs + N, A])).status == "holds"


def test_bh4_hessian_block_psd_by_principal_minors():
    """The W_1 block from SymPy: every principal minor >= 0 (PSD), as the certificate says."""
    X, Y, A = mat([[1, 0, 2], [1, 1, 0]]), mat([[1, 2, 0], [0, 1, 1], [2, 0, 1]]), mat([[1, 2], [2, 4], [0, 0]])
    B = mat([[1, 0], [0, 1]])
    Ws, flat, L = sym_loss([2, 2, 3], X, Y)
    nb = 4
    Hb = at_point(sympy.hessian(L, flat[:nb]), Ws, [B, A])
    assert all(Hb.extract(list(I), list(I)).det() >= 0 for r in range(1, nb + 1) for I in combinations(range(nb), r))
    v = sl.check_claim("BH-4", inst_dict([2, 2, 3], X, Y, [B, A]))
    inertia = next(f["value"] for f in v.certificate["facts"] if f["key"] == "block_inertia")
    assert tuple(inertia) == signs(Hb) and inertia[1] == 0 and v.status == "holds"


# -- BH-6 and AW-004-BH6 ------------------------------------------------------------------------
def test_bh6_against_sympy():
    """On every bundled BH-6 instance: the hypotheses and A B = P_A Sigma_yx Sigma_xx^-1 by SymPy."""
    seen = 0
    for inst in bh._bh6_instances():
        X, Y, (B, A) = from_inst(inst)
        E = A * B * X - Y        # gradient blocks as derived by SymPy in the mapping test
        crit = (A.T * E * X.T).is_zero_matrix and (E * X.T * B.T).is_zero_matrix
        Sxx = X * X.T
        inv = Sxx.rank() == Sxx.rows
        full = A.rank() == A.cols
        v = sl.check_claim("BH-6", inst)
        assert v.status == ("holds" if crit and inv and full else "hypotheses not met"), inst.name
        if crit and inv:   # with or without full column rank: P_A = A A^+
            assert A * B == A * A.pinv() * Y * X.T * Sxx.inv()
            seen += full
    assert seen >= 5


def test_aw_bh6_minimal_counterexample():
    """X = I, Y = [[0, 1], [0, 0]], A = e_2, B = 0: critical; A B = 0 = P_A Sigma_yx but
    P_A Sigma_xy = [[0, 0], [1, 0]]; d = 1 can never fail (Sigma_xy = Sigma_yx)."""
    X, Y, A, B = sympy.eye(2), mat([[0, 1], [0, 0]]), mat([[0], [1]]), mat([[0, 0]])
    g, H, L = grad_hess([2, 1, 2], X, Y, [B, A])
    assert g.is_zero_matrix and L == R(1, 2)
    PA = A * (A.T * A).inv() * A.T
    assert A * B == PA * (Y * X.T) * (X * X.T).inv() == sympy.zeros(2, 2)
    assert PA * (X * Y.T) * (X * X.T).inv() == mat([[0, 0], [1, 0]])
    r = prove_claim("AW-004-BH6")
    assert r["verdict"] == "fails"
    ce = r["counterexample"]
    assert (ce["widths"], ce["X"], ce["Y"], ce["weights"]) == (
        [2, 1, 2], [["1", "0"], ["0", "1"]], [["0", "1"], ["0", "0"]], [[["0", "0"]], [["0"], ["1"]]])
    for inst in bh._aw_bh6_instances():
        if inst.widths == (2, 1, 2) and inst.env["Y"] == sl.QMatrix([[0, 1], [0, 0]]):
            break
        assert sl.check_claim("AW-004-BH6", inst).status != "fails"
    d = inst_dict([2, 1, 1], sympy.eye(2), mat([[1, 1]]), [mat([[1, 1]]), mat([[1]])])
    assert sl.check_claim("AW-004-BH6", d).status == "hypotheses not met"      # d_x != d_y


# -- BH-7 -------------------------------------------------------------------------------------
def test_bh7_hand_worked_families():
    """Sigma = diag(4, 1), p = 1: (0, 0) and (e_2, e_2^T) are saddles, (e_1, 2 e_1^T) the global
    minimum: SymPy Hessian eigenvalues; classification and BH-7 agree."""
    X, Y = sympy.eye(2), mat([[2, 0], [0, 1]])
    cases = [([mat([[0, 0]]), mat([[0], [0]])], "strict saddle"),
             ([mat([[2, 0]]), mat([[1], [0]])], "global minimum"),
             ([mat([[0, 1]]), mat([[0], [1]])], "strict saddle")]
    for W, verdict in cases:
        g, H, L = grad_hess([2, 1, 2], X, Y, W)
        assert g.is_zero_matrix
        s = signs(H)
        assert s[1] == 0 if verdict == "global minimum" else (s[0] > 0 and s[1] > 0)
        net = make_network("deep_linear", [2, 1, 2], X.tolist(), Y.tolist())
        c = classify(net, [w.tolist() for w in W])
        assert (c.verdict, c.inertia) == (verdict, s)
        assert sl.check_claim("BH-7", inst_dict([2, 1, 2], X, Y, W)).status == "holds"
    assert grad_hess([2, 1, 2], X, Y, cases[1][0])[2] == R(1, 2)     # (5 - 4) / 2


def test_bh7_enumeration_matches_baldi_hornik():
    """Per case: one family per index set of size <= p; loss 1/2 (||Y||^2 - sum_{i in I} s_i^2);
    under the hypotheses the top-p set is the global minimum and every other set a strict saddle."""
    rows = bh.bh7_enumeration()
    by_case = {}
    for r in rows:
        by_case.setdefault((tuple(r["widths"]), tuple(r["s"])), []).append(r)
    for case in range(len(bh._BH7_CASES)):
        widths, X, Y, U, s = bh.bh7_data(case)
        group = by_case[(tuple(widths), tuple(s))]
        p, dy = widths[1], widths[-1]
        assert len(group) == sum(len(list(combinations(range(dy), k))) for k in range(min(p, dy) + 1))
        ynorm = sum(x * x for x in Y.to_sympy())
        for r in group:
            assert r["loss"] == (ynorm - sum(R(s[i - 1]) ** 2 for i in r["I"])) / 2
            if r["status"] != "hypotheses not met":
                top = r["I"] == list(range(1, p + 1))
                assert r["verdict"] == ("global minimum" if top else "strict saddle"), r
                assert r["status"] == "holds"
    assert sum(r["status"] == "holds" for r in rows) >= 25


def test_bh7_repeated_eigenvalue_continuum():
    """Sigma with eigenvalues (4, 1, 1), I = {2}: the rotated point recorded in the certificate is
    critical (SymPy), has the same loss and a different product."""
    case = next(i for i, c in enumerate(bh._BH7_CASES) if c[:2] == ([3, 1, 3], [2, 1, 1]))
    I, inst = next((I, inst) for I, inst in bh._bh7_points(case) if I == (1,))
    v = sl.check_claim("BH-7", inst)
    assert v.status == "hypotheses not met" and "distinct eigenvalues" in v.reason
    assert "the family is a continuum" in bh.continuum_note(inst, v.certificate)
    facts = {f["key"]: f["value"] for f in v.certificate["facts"]}
    assert all(facts[k] is True for k in ("continuum_rotation", "continuum_critical", "continuum_same_loss",
                                          "continuum_other_product"))
    X, Y, (B, A) = from_inst(inst)
    Rot = mat(v.certificate["witnesses"]["rotation"])
    assert Rot.T * Rot == sympy.eye(3)
    A2 = Rot * A
    B2 = A2.pinv() * Y * X.pinv()
    g, _, L2 = grad_hess([3, 1, 3], X, Y, [B2, A2])
    assert g.is_zero_matrix
    assert L2 == sum(e ** 2 for e in (A * B * X - Y)) / 2
    assert A2 * B2 != A * B
    Sigma = Y * X.T * (X * X.T).inv() * X * Y.T
    assert Sigma * A == A and Sigma * A2 == A2 and A.row_join(A2).rank() == 2   # both in the 1-eigenspace


# -- AW-004-THM8 -----------------------------------------------------------------------------
def test_thm8_part1_fails_only_for_zero_X():
    Ws, flat, L = sym_loss([1, 1, 1], sympy.zeros(1, 1), sympy.zeros(1, 1))
    assert sympy.expand(L).free_symbols == set()                 # constant: convex and concave
    Ws, flat, L = sym_loss([2, 1, 1, 2], sympy.zeros(2, 2), mat([[1, 2], [0, 1]]))
    assert sympy.expand(L) == R(6, 2)
    r = prove_claim("AW-004-THM8")
    assert r["verdict"] == "fails" and r["instances"] == 1
    ce = r["counterexample"]
    assert (ce["widths"], ce["X"], ce["Y"]) == ([1, 1, 1], [["0"]], [["0"]])
    s = bh.thm8_search_summary()
    assert s["part 2"] == s["part 3"] == s["part 4"] == s["nonzero_X_fails"] == s["undetermined"] == 0
    assert s["part 1"] > 0 and s["saddles"] > 50 and s["higher_order"] > 0 and s["part4_saddles"] > 50


@pytest.mark.parametrize("widths, X, Y", [([1, 1, 1], [[1]], [[1]]), ([2, 1, 1, 2], [[1, 0], [0, 0]], [[0, 1], [3, 0]]),
                                          ([1, 2, 1], [[1, 1]], [[0, 0]])])
def test_thm8_convexity_witnesses_by_direct_evaluation(widths, X, Y):
    X, Y = mat(X), mat(Y)
    w = convexity_witnesses(widths, sl.QMatrix(X.tolist()), sl.QMatrix(Y.tolist()))

    def loss(P):
        out = X
        for M in P:
            out = M.to_sympy() * out
        return sum(e ** 2 for e in (out - Y)) / 2

    for kind in ("convex", "concave"):
        a, b = w[kind]
        mid = [(x + y) * sl.rational("1/2") for x, y in zip(a, b)]
        gap = loss(mid) - (loss(a) + loss(b)) / 2
        assert (gap > 0) if kind == "convex" else (gap < 0)


# -- AW-004-DEF3 -----------------------------------------------------------------------------
def test_def3_origin_of_depth_three_net():
    """L = (abc - 1)^2 / 2: zero gradient and Hessian at 0; along (t, t, t) the loss is
    (t^3 - 1)^2 / 2, below 1/2 for small t > 0 and above for t < 0: neither min nor max."""
    X = Y = sympy.eye(1)
    origin = [sympy.zeros(1, 1)] * 3
    g, H, L0 = grad_hess([1, 1, 1, 1], X, Y, origin)
    assert g.is_zero_matrix and H.is_zero_matrix and L0 == R(1, 2)
    t = sympy.Symbol("t")
    Lt = sympy.expand((t ** 3 - 1) ** 2 / 2)
    assert Lt.subs(t, R(1, 10)) < L0 < Lt.subs(t, -R(1, 10))
    d = inst_dict([1, 1, 1, 1], X, Y, origin)
    v = sl.check_claim("AW-004-DEF3", d)
    assert v.status == "fails" and "(0, 0, 3)" in v.reason
    r = prove_claim("AW-004-DEF3")
    assert r["verdict"] == "fails"
    assert {k: r["counterexample"][k] for k in ("widths", "X", "Y", "weights")} == {
        "widths": [1, 1, 1, 1], "X": [["1"]], "Y": [["1"]], "weights": [[["0"]], [["0"]], [["0"]]]}
    # the corrected notion: SAD-0-like, H = 2 with Y X^T = 0 is a global minimum (holds)
    assert sl.check_claim("AW-004-DEF3", inst_dict([1, 1, 1, 1], X, sympy.zeros(1, 1), origin)).status == "holds"


def test_def3_holds_on_two_layer_points():
    """H = 1: every critical point is a global minimum or has an indefinite Hessian (SymPy)."""
    n = 0
    for inst in bh._search_instances():
        if inst.H != 1 or sum(a * b for a, b in zip(inst.widths, inst.widths[1:])) > 4:
            continue
        X, Y, W = from_inst(inst)
        g, H, _ = grad_hess(list(inst.widths), X, Y, W)
        assert g.is_zero_matrix
        pos, neg, _ = signs(H)
        v = sl.check_claim("AW-004-DEF3", inst)
        assert v.status == "holds", inst.name
        facts = {f["key"]: f["value"] for f in v.certificate["facts"]}
        assert (pos > 0 and neg > 0) or facts.get("classification.global_min") is True, (inst.name, v.reason)
        n += 1
    assert n > 20


# -- certificates, user input, the proofs script -----------------------------------------------
ROOT = Path(__file__).resolve().parents[2]


def test_proofs_script_certificates_and_tampering(tmp_path, capsys):
    """The proofs script (in-process) writes certificates that re-verify independently;
    tampered ones are rejected."""
    script = runpy.run_path(str(ROOT / "proofs" / "baldi_hornik.py"))
    assert script["main"](["--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^BH-7 +holds ", out, re.M) and re.search(r"^AW-004-DEF3 +fails ", out, re.M)
    assert "I = {1, 3}" in out
    assert "the family is a continuum" in out and "corrected (Theorem 8)" in out
    for cid in ("BH-4", "BH-5", "BH-6", "BH-7", "AW-004-BH6", "AW-004-THM8", "AW-004-DEF3"):
        files = sorted((tmp_path / cid).iterdir())
        for f in files[:2] + files[-1:]:
            assert sl.check_certificate(json.loads(f.read_text()))["ok"]
    cert = json.loads(sorted((tmp_path / "AW-004-BH6").iterdir())[-1].read_text())
    assert cert["status"] == "fails"
    bad = json.loads(json.dumps(cert))
    bad["instance"]["Y"] = [["0", "1"], ["1", "0"]]                     # symmetric: eq (5) now true
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(bad)
    bad = json.loads(json.dumps(cert))
    next(f for f in bad["facts"] if f["role"] == "conclusion")["value"] = True
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(bad)


def test_user_dicts_and_input_errors():
    d = {"model": "deep_linear", "widths": [2, 1, 2], "X": [[1, "1/2"], [0, 1]], "Y": [["3/4", 0], [1, -1]],
         "weights": [[["1/3", 2]], [[1], ["-1/2"]]]}
    assert sl.check_claim("BH-5", d).status == "holds"
    assert sl.check_claim("BH-7", d).status == "hypotheses not met"     # not critical
    assert sl.check_claim("AW-004-THM8", d).status == "holds"           # part 1 only: not critical
    with pytest.raises(sl.InputError, match="two-layer"):
        sl.check_claim("BH-6", {**d, "widths": [2, 1, 1, 2], "weights": [[[1, 0]], [[1]], [[1], [0]]]})
    with pytest.raises(sl.InputError, match="needs a point"):
        sl.check_claim("BH-4", {k: v for k, v in d.items() if k != "weights"})
    with pytest.raises(sl.InputError):
        sl.check_claim("BH-4", {"model": "matrices", "matrices": {"A": [[1]]}})


def test_cli_check_example_files():
    for claim, f, rc in (("AW-004-BH6", "bh_aw_bh6_counterexample.json", 1),
                         ("AW-004-DEF3", "bh_def3_origin.json", 1), ("BH-7", "bh7_two_layer_saddle.json", 0)):
        p = subprocess.run([sys.executable, "-m", "symlandscape", "check", claim, str(ROOT / "examples" / f)],
                           capture_output=True, text=True, timeout=120)
        assert p.returncode == rc, p.stderr
        assert ("fails" if rc else "holds") in p.stdout


# -- the declared statements: depth, swapped witnesses, changed instances ---------------------
def test_thm8_needs_a_hidden_layer():
    """Theorem 8 is stated for depth H >= 1: without hidden layer the hypothesis ``depth`` fails
    (it used to crash on min() of no hidden widths)."""
    v = sl.check_claim("AW-004-THM8", {"model": "deep_linear", "widths": [1, 1], "X": [[1]], "Y": [[0]],
                                       "weights": [[[7]]]})
    assert v.status == "hypotheses not met" and [f["key"] for f in v.certificate["facts"]] == ["depth"]
    assert sl.check_certificate(v.certificate)["ok"]


def _search(pred):
    return next(inst for inst in bh._search_instances() if pred(inst))


def test_thm8_swapped_convexity_witness_is_rejected():
    a = _search(lambda i: i.widths == (2, 1, 2) and not i.env["X"].is_zero())
    b = _search(lambda i: i.widths == (1, 1, 1) and not i.env["X"].is_zero())
    va, vb = sl.check_claim("AW-004-THM8", a), sl.check_claim("AW-004-THM8", b)
    assert va.status == vb.status == "holds" and sl.check_certificate(va.certificate)["ok"]
    bad = json.loads(json.dumps(va.certificate))
    bad["witnesses"]["convexity"] = vb.certificate["witnesses"]["convexity"]
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(bad)
    bad = json.loads(json.dumps(va.certificate))                        # the instance changed: X = 0
    bad["instance"]["X"] = [["0", "0"], ["0", "0"]]
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(bad)


def test_thm8_witness_that_proves_nothing_is_undetermined():
    """A witness whose midpoint does not break convexity refutes nothing: undetermined, never fails."""
    from symlandscape.facts.fast import FAST
    from symlandscape.facts.statement import Run
    from symlandscape.theorems.declare import get_claim
    inst = _search(lambda i: i.widths == (1, 1, 1) and not i.env["X"].is_zero())
    same = [[["1"]], [["1"]]]
    run = Run("AW-004-THM8", inst.view(), inst.env, FAST,
              witness=lambda name, **kw: {"convex": [same, same], "concave": [same, same]}
              if name == "convexity" else None)
    get_claim("AW-004-THM8").run(run)
    assert run.status()[0] == "undetermined"


def test_bh7_swapped_rotation_or_changed_instance_is_rejected():
    case = next(i for i, c in enumerate(bh._BH7_CASES) if c[:2] == ([3, 1, 3], [2, 1, 1]))
    pts = {I: inst for I, inst in bh._bh7_points(case)}
    v1, v2 = sl.check_claim("BH-7", pts[(1,)]), sl.check_claim("BH-7", pts[(2,)])
    R1, R2 = v1.certificate["witnesses"]["rotation"], v2.certificate["witnesses"]["rotation"]
    assert R1 != R2 and sl.check_certificate(v1.certificate)["ok"]
    bad = json.loads(json.dumps(v1.certificate))
    bad["witnesses"]["rotation"] = R2
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(bad)
    bad = json.loads(json.dumps(v1.certificate))
    bad["instance"]["weights"] = pts[(0,)].to_dict()["weights"]     # the global minimum of the same data
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(bad)


def test_def3_swapped_curve_witness_is_rejected():
    """The DEF3 counterexample's failure rests on the classification's descent curve; another
    instance's curve (or none) does not re-verify."""
    X = Y = sympy.eye(1)
    v = sl.check_claim("AW-004-DEF3", inst_dict([1, 1, 1, 1], X, Y, [sympy.zeros(1, 1)] * 3))
    other = sl.check_claim("AW-004-DEF3", inst_dict([1, 1, 1, 1], X, 2 * Y, [sympy.zeros(1, 1)] * 3))
    assert v.status == other.status == "fails" and sl.check_certificate(v.certificate)["ok"]
    assert v.certificate["witnesses"]["classification.curve"] != other.certificate["witnesses"]["classification.curve"]
    bad = json.loads(json.dumps(v.certificate))
    bad["witnesses"]["classification.curve"] = other.certificate["witnesses"]["classification.curve"]
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(bad)
    bad["witnesses"]["classification.curve"] = None
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(bad)
