"""Independent cross-checks of the Hardt–Ma claims [seed 003]: HM-1, HM-2, AW-003-HM2, and
the exact near-identity factorisations behind them.

Expected values come from SymPy (its own products, determinants, spectral norms as square
roots of eigenvalues of W^T W, symbolic gradients of the risk) or are worked by hand.
"""

import copy
import json
import os

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symlandscape as sl
from symlandscape import CertificateError, check_certificate
from symlandscape.exact.numbers import InputError
from symlandscape.landscape.near_identity import near_identity_factors, transvections
from symlandscape.provers.hardt_ma import aw_hm2_instances, hm2_sequence, nonglobal_critical_search

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def S(rows):
    return sympy.Matrix([[sympy.Rational(str(x)) for x in r] for r in rows])


def spectral_norm(W) -> sympy.Expr:
    """SymPy: sqrt of the largest eigenvalue of W^T W."""
    return sympy.sqrt(max((W.T * W).eigenvals()))


rationals = st.fractions(min_value=-3, max_value=3, max_denominator=4)


# -- the construction ------------------------------------------------------------------------
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 3).flatmap(lambda d: st.lists(st.lists(rationals, min_size=d, max_size=d),
                                                     min_size=d, max_size=d)),
       st.sampled_from([1, 2, 3, 5]))
def test_factors_multiply_to_R_with_the_stated_norms(rows, n):
    R = S(rows)
    if R.det() <= 0:
        with pytest.raises(InputError):
            near_identity_factors(rows, n)
        return
    f = near_identity_factors(rows, n)
    d = R.shape[0]
    P = sympy.eye(d)
    for W in f.layers:
        P = (sympy.eye(d) + S(W.tostrings())) * P
    assert P == R
    for W, nrm in zip(f.layers, f.norms):
        assert spectral_norm(S(W.tostrings())) == sympy.Rational(str(nrm))
    assert sympy.Rational(str(f.max_norm)) <= sympy.Rational(str(f.constant)) / n
    assert f.depth % n == 0


def test_transvections_need_no_swap_on_a_zero_pivot():
    # [[0, 1], [1, 0]] has det -1; [[0, 1], [-1, 0]] has a zero pivot and det 1
    ops, delta = transvections([[0, 1], [-1, 0]])
    P = sympy.eye(2)
    for i, j, c in ops:
        T = sympy.eye(2)
        T[i, j] = sympy.Rational(str(c))
        P = P * T
    assert P * sympy.diag(1, sympy.Rational(str(delta))) == S([[0, 1], [-1, 0]])
    with pytest.raises(InputError):
        transvections([[1, 2], [2, 4]])


def test_bound_falls_like_one_over_depth_by_hand():
    # R = 2 (d = 1): pieces a_k / a_{k-1} with a_k = 1 + k/n; the largest is 1 + 1/n
    for n in (1, 2, 4, 8):
        f = near_identity_factors([[2]], n)
        assert f.depth == n and f.max_norm == sympy.Rational(1, n)


@settings(max_examples=40, deadline=None)
@given(st.lists(rationals, min_size=4, max_size=4))
def test_small_norm_forces_positive_determinant(e):
    """The lemma behind AW-003-HM2: ||W|| < 1 implies det(I + W) > 0 (SymPy, exact)."""
    W = S([e[:2], e[2:]])
    if all(ev < 1 for ev in (W.T * W).eigenvals()):
        assert (sympy.eye(2) + W).det() > 0


# -- HM-1 ------------------------------------------------------------------------------------------
def _sym_risk_gradient_zero(inst) -> bool:
    """SymPy: the gradient of tr((P - R) S (P - R)^T) vanishes at the instance's point."""
    d, L = inst.widths[0], len(inst.widths) - 1
    Ws = [sympy.Matrix(d, d, lambda i, j: sympy.Symbol(f"w{k}_{i}_{j}")) for k in range(L)]
    X, Y = inst.env["X"].to_sympy(), inst.env["Y"].to_sympy()
    R = Y * X.pinv()
    P = sympy.eye(d)
    for W in Ws:
        P = (sympy.eye(d) + W) * P
    risk = ((P - R) * X * X.T * (P - R).T).trace()
    at = {sym: val for W, V in zip(Ws, inst.weights) for sym, val in zip(W, V.to_sympy())}
    return all(sympy.diff(risk, sym).subs(at) == 0 for W in Ws for sym in W)


def test_hm1_verdicts_and_sympy_criticality():
    seen = {"holds": 0, "hypotheses not met": 0}
    for inst in sl.get_claim("HM-1").instances():
        v = sl.check_claim("HM-1", inst)
        assert v.status in seen, (inst.name, v.reason)
        seen[v.status] += 1
        if len(inst.widths) <= 4:          # symbolic gradients of short products only
            crit = _sym_risk_gradient_zero(inst)
            if v.status == "holds":
                assert crit
            if "critical, not a minimum" in inst.name:
                assert crit and v.reason.startswith("hypothesis fails: ||W_k|| < 1")
        check_certificate(v.certificate)
    assert seen["holds"] >= 5 and seen["hypotheses not met"] >= 3


def test_nonglobal_critical_points_all_violate_the_bound():
    """The search's non-global critical points, re-checked with SymPy."""
    for d, L in [(1, 2), (1, 3), (2, 2)]:
        out = nonglobal_critical_search(d, L)
        assert out["nonglobal"] > 0 and out["nonglobal_within_bound"] == 0
        for ex in out["examples"][:4]:
            R, Ws = S(ex["R"]), [S(w) for w in ex["W"]]
            P = sympy.eye(d)
            for W in Ws:
                P = (sympy.eye(d) + W) * P
            assert P != R
            assert any(spectral_norm(W) >= 1 for W in Ws)
            assert [k + 1 for k, W in enumerate(Ws) if spectral_norm(W) >= 1] == ex["norm_ge_1"]


# -- HM-2 and AW-003-HM2 -----------------------------------------------------------------------------
def test_hm2_holds_with_certificates():
    statuses = []
    for inst in sl.get_claim("HM-2").instances():
        v = sl.check_claim("HM-2", inst)
        statuses.append(v.status)
        check_certificate(v.certificate)
    assert statuses.count("holds") >= 6 and statuses[-1] == "hypotheses not met"


def test_aw_minimal_counterexample_is_R_zero():
    insts = list(aw_hm2_instances())
    first = next(i for i in insts if sl.check_claim("AW-003-HM2", i).status == "fails")
    assert first.name == "d = 1, R = 0"
    by_name = {i.name: sl.check_claim("AW-003-HM2", i) for i in insts}
    assert by_name["d = 1, R = -1"].status == "fails"
    assert by_name["d = 2, R = diag(1, -1) (a reflection)"].status == "fails"
    assert by_name["d = 2, R = -I (det 1: holds)"].status == "holds"
    assert by_name["d = 1, R = 2"].status == "holds"


def test_aw_example_file_fails_through_the_cli(capsys):
    from symlandscape.cli import main
    rc = main(["check", "AW-003-HM2", os.path.join(ROOT, "examples", "hardt_ma_det_negative.json")])
    out = capsys.readouterr().out
    assert rc == 1 and "det R = -1 <= 0" in out


def _hm2_cert(name="d = 2, R = quarter turn, x ~ N(0, I)"):
    inst = next(i for i in sl.get_claim("HM-2").instances() if i.name == name)
    return sl.check_claim("HM-2", inst).certificate


def test_tampered_sequence_is_rejected_or_undetermined():
    cert = _hm2_cert()
    check_certificate(cert)
    bad = copy.deepcopy(cert)
    bad["witnesses"]["sequence"]["depths"][1]["layers"][0][0][0] = "1/3"
    with pytest.raises(CertificateError):
        check_certificate(bad)
    # the same forged witness through the prover's statement: undetermined, never "fails"
    inst = next(i for i in sl.get_claim("HM-2").instances() if i.name.startswith("d = 2, R = quarter"))
    wit = hm2_sequence(inst)
    wit["depths"][1]["bound"] = "1/100"
    from symlandscape.facts.fast import FAST
    from symlandscape.facts.statement import Run
    from symlandscape.provers.registry import get_claim
    run = Run("HM-2", inst.view(), dict(inst.env), FAST, witness=lambda name, **_: wit)
    get_claim("HM-2").decl.run(run)
    assert run.status()[0] == "undetermined"


def test_forged_bound_in_certificate_is_rejected():
    cert = _hm2_cert()
    bad = copy.deepcopy(cert)
    bad["witnesses"]["sequence"]["depths"][-1]["bound"] = "1/1000"
    with pytest.raises(CertificateError):
        check_certificate(bad)
    bad = json.loads(json.dumps(cert))
    bad["status"] = "fails"
    with pytest.raises(CertificateError):
        check_certificate(bad)
