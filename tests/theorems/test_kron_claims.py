"""Independent cross-checks of the matrix-calculus claims KRON-1 ... KRON-5, AW-000-P5, AW-004-JAC.

Expected values are worked by hand or recomputed here with ``sympy.Matrix`` (exact
rationals, SymPy's own pinv/rank/linsolve), never with QMatrix or the fact language.
"""

import copy
import itertools
import json
import os

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symlandscape
from symlandscape.calculus.identities import SUPPORTED, symbolic_check, symbolic_report
from symlandscape.certificates.check import CertificateError
from symlandscape.exact.matrix import QMatrix
from symlandscape.exact.numbers import InputError
from symlandscape.instances import load_instance
from symlandscape.prove import prove_claim
from symlandscape.provers.kron import p5_conditions, p5_search_summary

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KRON = ["KRON-1", "KRON-2", "KRON-3", "KRON-4", "KRON-5"]


def inst(**mats):
    return {"model": "matrices", "matrices": mats}


def check(cid, **mats):
    return symlandscape.check_claim(cid, inst(**mats))


def S(rows):
    return sympy.Matrix([[sympy.Rational(x) for x in r] for r in rows])


def sympy_ginv(A, U):
    """Every generalized inverse is A^+ + U - A^+ A U A A^+ (SymPy's own pinv)."""
    P = A.pinv()
    return P + U - P * A * U * A * P


def in_range(A, B):
    return B.row_join(A).rank() == B.rank()


# -- hand-worked instances ------------------------------------------------------------------
HOLDS = {
    "KRON-1": dict(A=[[1, 2]], B=[[1], ["1/2"]], C=[[3, 0]]),
    "KRON-2": dict(A=[[1, 2]], B=[[0], [1]], C=[[1], [1]], D=[[2]]),
    "KRON-3": dict(A=[[1, 1], [1, 1]], B=[[2, 0]], UA=[[1, 0], [0, 0]], UB=[[1], [5]]),
    "KRON-4": dict(A=[[1, 1], [2, 2]], b=[[2], [4]], x=[[3], [-1]], w=[[1], [0]], U=[[0, 1], [1, 0]]),
    "KRON-5": dict(A=[[1], [2]], B=[[1, 2], [2, 4]], U=[[1, 0], [0, 3]]),
    "AW-000-P5": dict(A=[[1], [0]], B=[[1, 0], [0, 1]]),
    "AW-004-JAC": dict(A=[[1, 2, 3]], x=[[1], [2], [3]]),
}


@pytest.mark.parametrize("cid", list(HOLDS))
def test_hand_instances_hold_and_certify(cid):
    v = check(cid, **HOLDS[cid])
    assert v.status == "holds", v.reason
    assert symlandscape.check_certificate(v.certificate)["ok"]


def test_kron2_zero_product_is_a_hypothesis_conclusion_pair():
    v = check("KRON-2", A=[[0, 0]], B=[[1], [2]])
    assert v.status == "holds"
    roles = {f["text"]: f["role"] for f in v.certificate["facts"]}
    assert roles["A kron B = 0"] == "hypothesis" and roles["A = 0 or B = 0"] == "conclusion"
    v = check("KRON-2", A=[[1, 0]], B=[[1], [2]])
    roles = {f["text"]: f["role"] for f in v.certificate["facts"]}
    assert v.status == "holds" and roles["A kron B = 0"] == "value"


def test_kron3_minimal_counterexample_by_hand():
    # A = [1 0], M = A^T A = diag(1, 0); U = [[0,0],[1,0]] gives the g-inverse G = [[1,0],[1,0]]:
    # M G M = M, but G M A^T = [1, 1]^T != A^T = [1, 0]^T.
    v = check("KRON-3", A=[[1, 0]], B=[[1]], U=[[0, 0], [1, 0]])
    assert v.status == "fails" and "(A^T A)^- A^T A A^T = A^T" in v.reason
    A, U = S([[1, 0]]), S([[0, 0], [1, 0]])
    M = A.T * A
    G = sympy_ginv(M, U)
    assert G == S([[1, 0], [1, 0]]) and M * G * M == M
    assert G * M * A.T == S([[1], [1]]) != A.T
    assert A * G * M == A and M * G * A.T == A.T     # the other identity and the transposed one hold
    # with the Moore-Penrose inverse (U = 0) the identity holds
    assert check("KRON-3", A=[[1, 0]], B=[[1]], U=[[0, 0], [0, 0]]).status == "holds"


def test_kron4_cases():
    assert check("KRON-4", A=[[1, 1], [2, 2]], b=[[1], [0]]).status == "holds"     # unsolvable: iff part only
    v = check("KRON-4", A=[[1, 1], [2, 2]], b=[[2], [4]], x=[[1], [0]])          # x is not a solution
    assert v.status == "hypotheses not met" and "x solves" in v.reason
    v = check("KRON-4", A=[[0, 0]], b=[[0]], x=[[5], ["-1/3"]], U=[[7], [1]])     # A = 0: every x solves
    assert v.status == "holds"


def test_kron5_both_sides_false():
    v = check("KRON-5", A=[[1], [0]], B=[[1, 2], [2, 4]], U=[[3, 1], [0, 2]])
    assert v.status == "holds"
    vals = {f["text"]: f["value"] for f in v.certificate["facts"]}
    assert vals["R(A) in R(B)"] is False and vals["B B^- A = A"] is False


@pytest.mark.parametrize("cid, mats, msg", [
    ("KRON-1", dict(A=[[1]], B=[[1]]), "lacks C"),
    ("KRON-2", dict(A=[[1]], B=[[1]], C=[[1]]), "lacks D"),
    ("KRON-2", dict(A=[[1, 2]], B=[[1]], C=[[1]], D=[[1]]), "do not conform"),
    ("KRON-3", dict(A=[[1, 2]]), "lacks B"),
    ("KRON-3", dict(A=[[1, 2]], B=[[1]], U=[[1]]), "U must be 2 x 2"),
    ("KRON-4", dict(A=[[1, 2]], b=[[1], [2]]), "do not conform"),
    ("KRON-4", dict(A=[[1, 2]], b=[[1]], x=[[1]]), "x must be 2 x 1"),
    ("KRON-5", dict(A=[[1]], B=[[1], [2]]), "do not conform"),
    ("AW-000-P5", dict(B=[[1]]), "lacks A"),
    ("AW-004-JAC", dict(A=[[1, 2]], x=[[1, 2]]), "x must be a 2 x 1"),
])
def test_input_errors(cid, mats, msg):
    with pytest.raises(InputError, match=msg):
        check(cid, **mats)


# -- certificates and tampering -------------------------------------------------------------
def _tamper_entry(cert, name, i, j, value):
    bad = copy.deepcopy(cert)
    bad["instance"]["matrices"][name][i][j] = value
    return bad


TAMPER = [  # (claim, instance, tamper): the tampered entry changes a recorded fact
    ("KRON-2", dict(A=[[0, 0]], B=[[1], [2]]), ("A", 0, 1, "3")),                      # A kron B = 0 no longer
    ("KRON-3", dict(A=[[1, 0]], B=[[1]], U=[[0, 0], [1, 0]]), ("U", 1, 0, "0")),     # third identity now holds
    ("KRON-4", HOLDS["KRON-4"], ("b", 1, 0, "5")),                                    # b leaves R(A)
    ("KRON-5", HOLDS["KRON-5"], ("A", 1, 0, "3")),                                    # A leaves R(B)
    ("AW-000-P5", dict(A=[[1], [1]], B=[[1, 0], [0, 1]]), ("A", 1, 0, "0")),         # (3) now holds
    ("AW-004-JAC", dict(A=[[1, 2], [3, 4]], x=[[1], [0]]), ("x", 0, 0, "0")),        # x = 0: claim holds
    ("KRON-1", HOLDS["KRON-1"], ("A", 0, 0, "1/2")),                                 # see below
]


@pytest.mark.parametrize("cid, mats, tamper", TAMPER)
def test_certificate_and_tampered_copy(cid, mats, tamper):
    v = check(cid, **mats)
    cert = json.loads(json.dumps(v.certificate))
    assert symlandscape.check_certificate(cert)["status"] == v.status
    bad = _tamper_entry(cert, *tamper)
    if cid == "KRON-1":
        # an identity holds on any data: changing an entry gives another valid certificate,
        # so tamper the recorded value instead
        symlandscape.check_certificate(bad)
        bad["facts"][0]["value"] = False
    with pytest.raises(CertificateError):
        symlandscape.check_certificate(bad)


def test_tampered_status_rejected():
    cert = copy.deepcopy(check("KRON-3", A=[[1, 0]], B=[[1]], U=[[0, 0], [1, 0]]).certificate)
    cert["status"] = "holds"
    with pytest.raises(CertificateError, match="facts imply"):
        symlandscape.check_certificate(cert)


# -- the as-written statements: counterexamples re-checked with SymPy ------------------------
def sympy_third_condition(A, B, size=None):
    """Is there I (|I| = rank A, or ``size``) and an invertible G with A = [B_I, 0] G? Decided
    directly: solve the linear system for G and ask whether det G vanishes identically on
    its (affine) solution set -- no use of the column-span lemma."""
    r, (m, p), n = A.rank() if size is None else size, A.shape, B.shape[1]
    if r > p:
        return False
    gs = sympy.symbols(f"g0:{p * p}")
    G = sympy.Matrix(p, p, gs)
    for I in itertools.combinations(range(n), r):
        L = B[:, list(I)].row_join(sympy.zeros(m, p - r))
        sol = sympy.linsolve(list(L * G - A), gs)
        if sol == sympy.EmptySet:
            continue
        (point,) = sol
        if sympy.expand(sympy.Matrix(p, p, list(point)).det()) != 0:
            return True
    return False


def test_aw_p5_counterexample_direct():
    A, B = S([[1], [1]]), S([[1, 0], [0, 1]])
    v = check("AW-000-P5", A=[[1], [1]], B=[[1, 0], [0, 1]])
    assert v.status == "fails" and "rank(A) = rank(B)" in v.reason
    assert in_range(A, B)                                  # (1)
    assert B * B.pinv() * A == A                           # (2)
    assert A.rank() == 1 and not sympy_third_condition(A, B)   # (3): neither e1 nor e2 spans (1, 1)
    # corrected: I of size rank(B) = 2, B_I = B a basis, A = B_I G with G = A
    assert B * A == A


def test_aw_p5_prove_is_minimal_and_corrections():
    r = prove_claim("AW-000-P5")
    assert r["verdict"] == "fails"
    assert r["counterexample"]["matrices"] == {"A": [["1"], ["1"]], "B": [["1", "0"], ["0", "1"]]}
    s = p5_search_summary()
    n = s["instances"]
    assert s["p1_iff_p2"] == s["p3_implies_p1"] == s["basis_ok"] == n
    assert s["rank_hyp_ok"] == s["rank_hyp_instances"] > 0
    assert s["p1_implies_p3"] < n
    assert s["rankb_invertible_ok"] < n                     # |I| = rank(B), G invertible: no fix
    c = p5_conditions(QMatrix([[0]]), QMatrix([[1]]))
    assert c["inclusion"] and not c["rankb_invertible"]


def test_aw_jac_counterexample_direct():
    x = S([[1], [0]])
    v = check("AW-004-JAC", A=[[1, 2], [3, 4]], x=[[1], [0]])
    assert v.status == "fails" and "I kron x^T" in v.reason
    a = sympy.Matrix(2, 2, sympy.symbols("a11 a12 a21 a22"))
    f = a * x
    # eq (10): d f_i / dA = (d f_i / dA_{1,:}, d f_i / dA_{2,:}) -- the entries of A row by row
    J_rows = f.jacobian([a[0, 0], a[0, 1], a[1, 0], a[1, 1]])
    J_cols = f.jacobian([a[0, 0], a[1, 0], a[0, 1], a[1, 1]])
    claimed = sympy.kronecker_product(x.T, sympy.eye(2))
    assert J_rows == S([[1, 0, 0, 0], [0, 0, 1, 0]]) != claimed
    assert J_cols == claimed and J_rows == sympy.kronecker_product(sympy.eye(2), x.T)
    r = prove_claim("AW-004-JAC")
    assert r["verdict"] == "fails" and r["counterexample"]["matrices"]["x"] == [["1"], ["0"]]


def test_prove_verdicts():
    got = {c: prove_claim(c)["verdict"] for c in KRON}
    assert got == {"KRON-1": "holds", "KRON-2": "holds", "KRON-3": "fails", "KRON-4": "holds", "KRON-5": "holds"}
    r = prove_claim("KRON-3")
    assert r["counterexample"]["matrices"] == {"A": [["1", "0"]], "B": [["1"]], "U": [["0", "0"], ["1", "0"]]}


@pytest.mark.parametrize("name, cid, status", [
    ("kron_ginv_counterexample.json", "KRON-3", "fails"),
    ("kron_ginv_counterexample.json", "KRON-2", "holds"),
    ("kron_range_columns.json", "AW-000-P5", "fails"),
    ("kron_range_columns.json", "KRON-5", "holds"),
])
def test_example_files(name, cid, status):
    assert symlandscape.check_claim(cid, load_instance(os.path.join(ROOT, "examples", name))).status == status


# -- property tests with sympy.Matrix ------------------------------------------------------------
_q = st.builds(lambda a, b: sympy.Rational(a, b), st.integers(-3, 3), st.sampled_from([1, 1, 2, 3]))


@st.composite
def rmat(draw, m=None, n=None, rank=None):
    """A random rational matrix, often rank-deficient (a product of m x k and k x n factors)."""
    m = draw(st.integers(1, 3)) if m is None else m
    n = draw(st.integers(1, 3)) if n is None else n
    k = draw(st.integers(0, min(m, n))) if rank is None else rank
    if k == 0:
        return sympy.zeros(m, n)
    F = sympy.Matrix(m, k, draw(st.lists(_q, min_size=m * k, max_size=m * k)))
    G = sympy.Matrix(k, n, draw(st.lists(_q, min_size=k * n, max_size=k * n)))
    return F * G


def rows(M):
    return [[str(x) for x in r] for r in M.tolist()]


FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.data())
def test_prop_kron1_kron2(data):
    A, B = data.draw(rmat()), data.draw(rmat())
    C = data.draw(rmat(m=A.shape[1]))
    D = data.draw(rmat(m=B.shape[1]))
    K = sympy.kronecker_product
    assert K(A, B) * K(C, D) == K(A * C, B * D)
    assert K(A, B).T == K(A.T, B.T)
    assert K(A, B).is_zero_matrix == (A.is_zero_matrix or B.is_zero_matrix)
    Bm = data.draw(rmat(m=A.shape[1]))
    Cm = data.draw(rmat(m=Bm.shape[1]))
    vec = lambda M: M.T.reshape(M.shape[0] * M.shape[1], 1)   # noqa: E731  column stacking
    assert vec(A * Bm * Cm) == K(Cm.T, A) * vec(Bm)
    assert check("KRON-2", A=rows(A), B=rows(B), C=rows(C), D=rows(D)).status == "holds"


@FAST
@given(st.data())
def test_prop_kron3(data):
    A, B = data.draw(rmat()), data.draw(rmat(m=data.draw(st.integers(1, 2)), n=data.draw(st.integers(1, 2))))
    m, n = A.shape
    U = data.draw(rmat(m=n, n=n, rank=data.draw(st.integers(0, n))))
    K = sympy.kronecker_product
    assert K(A, B).pinv() == K(A.pinv(), B.pinv())
    M = A.T * A
    G = sympy_ginv(M, U)
    assert M * G * M == M
    assert A * G * M == A                                  # every g-inverse
    assert M * G * A.T == A.T                              # transposed form: every g-inverse
    assert M.pinv() * M * A.T == A.T                       # third identity: Moore-Penrose
    third = G * M * A.T == A.T
    assert third or G * M != (G * M).T                     # min-norm g-inverses satisfy it
    v = check("KRON-3", A=rows(A), B=rows(B), U=rows(U))
    assert v.status == ("holds" if third else "fails")


@FAST
@given(st.data())
def test_prop_kron4(data):
    A = data.draw(rmat())
    m, n = A.shape
    U, z, w = data.draw(rmat(m=n, n=m)), data.draw(rmat(m=n, n=1)), data.draw(rmat(m=n, n=1))
    b = A * z if data.draw(st.booleans()) else data.draw(rmat(m=m, n=1))
    G = sympy_ginv(A, U)
    solvable = in_range(b, A)
    assert solvable == (A * G * b == b)
    if solvable:
        assert A * (G * b + (sympy.eye(n) - G * A) * w) == b
    x = z
    if A * x == b:
        assert x == G * b + (sympy.eye(n) - G * A) * x
    v = check("KRON-4", A=rows(A), b=rows(b), U=rows(U), w=rows(w), x=rows(x))
    assert v.status == ("holds" if A * x == b else "hypotheses not met")


@FAST
@given(st.data())
def test_prop_kron5_and_p5(data):
    B = data.draw(rmat())
    m, n = B.shape
    A = B * data.draw(rmat(m=n)) if data.draw(st.booleans()) else data.draw(rmat(m=m))
    U = data.draw(rmat(m=n, n=m))
    inside = in_range(A, B)
    assert inside == (B * sympy_ginv(B, U) * A == A)
    assert check("KRON-5", A=rows(A), B=rows(B), U=rows(U)).status == "holds"
    if A.shape[1] <= 2:
        third = sympy_third_condition(A, B)
        c = p5_conditions(QMatrix(rows(A)), QMatrix(rows(B)), QMatrix(rows(U)))
        assert (c["inclusion"], c["ginv"], c["columns"]) == (inside, inside, third)
        assert c["rankb_invertible"] == sympy_third_condition(A, B, size=B.rank())
        assert not third or inside                         # (3) implies (1) always
        if A.rank() == B.rank():
            assert third == inside                         # the corrected statement
        v = check("AW-000-P5", A=rows(A), B=rows(B), U=rows(U))
        assert v.status == ("holds" if third == inside else "fails")


# -- symbolic checks ---------------------------------------------------------------------------
@pytest.mark.parametrize("cid, shapes, expected", [
    ("KRON-1", {"A": (2, 2), "B": (2, 3), "C": (3, 1)}, True),
    ("KRON-1", {"A": (1, 3), "B": (3, 1), "C": (1, 2)}, True),
    ("KRON-2", {"A": (2, 1), "B": (1, 2), "C": (1, 2), "D": (2, 2)}, True),
    ("KRON-2", {"A": (2, 2), "B": (1, 1)}, True),
    ("KRON-3", {"A": (2, 1), "B": (2, 1)}, True),
    ("KRON-3", {"A": (1, 2), "B": (1, 1)}, False),
    ("KRON-4", {"A": (2, 3)}, True),
    ("KRON-4", {"A": (2, 2), "b": (2, 2)}, True),
    ("KRON-5", {"A": (2, 2), "B": (2, 3)}, True),
    ("AW-004-JAC", {"A": (2, 2)}, False),
    ("AW-004-JAC", {"A": (1, 3)}, True),
    ("AW-004-JAC", {"A": (3, 1)}, True),
])
def test_symbolic_check(cid, shapes, expected):
    assert symbolic_check(cid, shapes) is expected
    rep = symbolic_report(cid, shapes)
    assert all(v for k, v in rep.items() if k.startswith("extra: "))   # supporting identities always hold


def test_symbolic_kron3_parts():
    rep = symbolic_report("KRON-3", {"A": (1, 2), "B": (1, 1)})
    false = [k for k, v in rep.items() if not v]
    assert false == ["claim: (A^T A)^- A^T A A^T = A^T for every g-inverse (refuted on A = a e1 e1^T, generic U)"]


def test_symbolic_errors():
    assert set(SUPPORTED) >= set(KRON) | {"AW-004-JAC"}
    with pytest.raises(InputError, match="no symbolic check"):
        symbolic_check("AW-000-P5", {"A": (1, 1), "B": (1, 1)})
    with pytest.raises(InputError, match="do not conform"):
        symbolic_check("KRON-1", {"A": (2, 2), "B": (3, 3), "C": (3, 1)})
    with pytest.raises(InputError, match="must give C"):
        symbolic_check("KRON-1", {"A": (2, 2), "B": (2, 3)})
