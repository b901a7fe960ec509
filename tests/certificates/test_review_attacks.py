"""Attacks on the independent checker from the review of 2026-11-30.

Each test names the attack. A *forged* certificate is made self-consistent the way an
attacker would: the certificate's witnesses are replaced and every recorded field (facts,
definitions, status, reason, verdict) is set to what the checker's own replay gives, so the
only thing the checker can object to is the statement's logic itself.
"""

import copy
import json
import time

import pytest

import symlandscape as sl
from symlandscape.certificates.check import CertificateError, _replay, check_certificate
from symlandscape.theorems.declare import get_claim


def forged(cert, **witnesses):
    """``cert`` with ``witnesses`` replaced and every recorded field set to the replay's."""
    b = copy.deepcopy(cert)
    b["witnesses"].update(witnesses)
    try:
        mine = _replay(b, get_claim(b["claim"]))
    except CertificateError:
        return b          # the checker refuses the witness itself
    b.update(copy.deepcopy(mine))
    return b


def cert_of(claim, inst):
    v = sl.check_claim(claim, inst)
    assert v.certificate is not None, v.reason
    return v.certificate


def _example(name):
    return sl.load_instance(f"examples/{name}.json")


def _higher_order_saddle():
    c = sl.classify(sl.DeepLinear([1, 1, 1, 1], X=[[1]], Y=[[1]]), [[[0]], [[0]], [[0]]])
    assert c.verdict == "higher-order saddle"
    return c.certificate


# -- witness-decided conclusions: a wrong witness must not turn into "fails" -------------------
def test_classify_flat_curve_is_not_a_failed_classification():
    # Attack: CLASSIFY with a zero "descent" curve. The statement recorded verdict
    # "higher-order saddle" with status "fails" (the descends conclusion false), and the
    # checker accepted it: a verdict nothing certifies.
    cert = forged(_higher_order_saddle(), curve=[[[["0"]], [["0"]], [["0"]]]])
    with pytest.raises(CertificateError):
        check_certificate(cert)


def test_kaw_hess_wrong_sympy_witness_is_not_a_failure():
    # Attack: KAW-HESS with a wrong "SymPy Hessian" witness: the claim "failed" on an
    # instance where it holds (the checker cannot know what SymPy said).
    honest = cert_of("KAW-HESS", _example("deep_linear_saddle"))
    assert honest["status"] == "holds"
    h = [["0"] * 4 for _ in range(4)]
    cert = forged(honest, sympy_hessian=h)
    assert cert["status"] != "fails" or pytest.fail("a wrong SymPy witness made KAW-HESS fail")


def test_kaw_l1_wrong_sympy_witness_is_not_a_failure():
    # Attack: KAW-L1 with a wrong "SymPy gradient" witness.
    honest = cert_of("KAW-L1", _example("deep_linear_saddle"))
    assert honest["status"] == "holds"
    cert = forged(honest, sympy_gradient=[["1"], ["0"], ["0"], ["0"]])
    assert cert["status"] != "fails" or pytest.fail("a wrong SymPy witness made KAW-L1 fail")


@pytest.mark.parametrize("which", ["descent_curve", "ascent_curve"])
def test_aw_bad_flat_curve_is_not_a_failure(which):
    # Attack: AW-000-BAD (holds on this instance) with a zero curve witness: "not a
    # local minimum/maximum" came out false and the claim "failed".
    honest = cert_of("AW-000-BAD", _example("deep_linear_origin_depth2"))
    assert honest["status"] == "holds"
    zero = [[[["0", "0"]], [["0"]], [["0"]]]]
    cert = forged(honest, **{which: zero})
    assert cert["status"] != "fails" or pytest.fail(f"a flat {which} made AW-000-BAD fail")


def test_aw_bad_genuine_failure_survives_a_flat_curve():
    # The H = 2 counterexample fails by the Hessian (no witness involved): a bad curve
    # may not hide that.
    honest = cert_of("AW-000-BAD", _example("deep_linear_lemma_bad"))
    assert honest["status"] == "fails"
    cert = forged(honest, ascent_curve=[[[["0"]], [["0"]], [["0"]]]])
    assert cert["status"] == "fails"
    check_certificate(cert)


# -- explanations built from unchecked witnesses ------------------------------------------------
def test_aw_idx_reason_ignores_a_non_eigenbasis():
    # Attack: AW-000-IDX with an "eigenbasis" that is not one (columns swapped): the reason
    # then said that the index set exists for "the eigenbasis U shown".
    honest = cert_of("AW-000-IDX", _example("deep_linear_lemma_idx"))
    assert honest["status"] == "fails"
    cert = forged(honest, eigenbasis={"U": [["0", "1"], ["1", "0"]], "eigenvalues": ["4", "1"]})
    check_certificate(cert)
    assert "eigenbasis U shown" not in cert["reason"], cert["reason"]


# -- unbounded work ---------------------------------------------------------------------------
def test_classify_long_curve_is_refused_quickly():
    # Attack: a 1.5 KB curve witness of 60 zero steps: the checker interpolated a loss
    # polynomial of degree 360 with huge exact numbers (minutes; cubic in the steps).
    cert = copy.deepcopy(_higher_order_saddle())
    cert["witnesses"]["curve"] += [[[["0"]], [["0"]], [["0"]]]] * 60
    t = time.time()
    with pytest.raises(CertificateError):
        check_certificate(cert)
    assert time.time() - t < 5


def test_ysj_grad_eps_in_exponent_form_is_refused():
    # Attack: YSJ-GRAD's eps witness was read with Fraction(str), which accepts
    # "1e999999999" (a 10^9-digit integer: minutes to hours of work before any fact).
    honest = cert_of("YSJ-GRAD", {"model": "deep_linear", "widths": [1, 1, 1], "X": [[1]], "Y": [[1]],
                                  "weights": [[[1]], [[2]]]})
    for eps in ["1e0", "2.0", " 2", "1_0", "2" * 200_000]:
        with pytest.raises(CertificateError):
            check_certificate(forged(honest, eps=eps))


def test_path7_gate_patterns_are_bounded():
    # Attack: a PATH-7 certificate with 24 paths: the checker enumerated 2^24 gate patterns
    # per output (the prover refuses more than 2^16 patterns, so no honest one exists).
    honest = cert_of("PATH-7", _example("relu_path7"))
    cert = copy.deepcopy(honest)
    cert["instance"] = {"model": "relu", "widths": [2, 3, 4, 1], "X": [[1], [1]], "Y": [[0]], "q": 2,
                        "weights": [[[1, 1]] * 3, [[1, 1, 1]] * 4, [[1, 1, 1, 1]]]}
    t = time.time()
    with pytest.raises(CertificateError):
        check_certificate(cert)
    assert time.time() - t < 5


# -- certificate fields nobody checked ---------------------------------------------------------
def test_statement_version_must_be_an_integer():
    # Attack: "statement_version": true (== 1 in Python) was accepted.
    cert = copy.deepcopy(cert_of("KRON-1", {"model": "matrices", "matrices": {"A": [[1]], "B": [[2]], "C": [[3]]}}))
    cert["statement_version"] = True
    with pytest.raises(CertificateError):
        check_certificate(cert)


def test_unknown_top_level_fields_are_rejected():
    # Attack: a KRON-1 certificate carrying "verdict": "global minimum" (or any other
    # field) was accepted: only the fields the replay produces were compared.
    cert = copy.deepcopy(cert_of("KRON-1", {"model": "matrices", "matrices": {"A": [[1]], "B": [[2]], "C": [[3]]}}))
    cert["verdict"] = "global minimum"
    with pytest.raises(CertificateError):
        check_certificate(cert)
    cert = copy.deepcopy(cert_of("KRON-1", {"model": "matrices", "matrices": {"A": [[1]], "B": [[2]], "C": [[3]]}}))
    cert["facts"][0]["note"] = "checked by hand as well"
    with pytest.raises(CertificateError):
        check_certificate(cert)


def test_legacy_certificate_texts_and_reason_are_tied():
    # Attack: a legacy claim's certificate with an edited fact text and reason: only the
    # roles and expressions were tied to the prover's facts.
    v = sl.check_claim("KAW-1", _example("deep_linear_global_min"))
    cert = copy.deepcopy(v.certificate)
    cert["facts"][0]["text"] = "the network is convex"
    with pytest.raises(CertificateError):
        check_certificate(cert)
    cert = copy.deepcopy(v.certificate)
    cert["reason"] = "L is convex"
    with pytest.raises(CertificateError):
        check_certificate(cert)


# -- the command ------------------------------------------------------------------------------
def _verify(tmp_path, text, capsys):
    from symlandscape.cli import main
    p = tmp_path / "c.json"
    p.write_text(text)
    try:
        rc = main(["verify", str(p)])
    except SystemExit as e:
        rc = e.code
    return rc, capsys.readouterr().out


def test_cli_verify_checks_the_wrapper_of_classify_json(tmp_path, capsys):
    # Attack: `classify --json` output with the top-level verdict edited: `verify` checked
    # the inner certificate only and printed OK.
    c = sl.classify(sl.DeepLinear([1, 1, 1], X=[[1]], Y=[[1]]), [[[0]], [[0]]])
    out = {"verdict": "global minimum", "critical": True, "inertia": list(c.inertia),
           "loss": str(c.loss), "reason": c.reason, "certificate": c.certificate}
    rc, text = _verify(tmp_path, json.dumps(out), capsys)
    assert rc != 0 and "OK" not in text
    out["verdict"] = c.verdict
    rc, text = _verify(tmp_path, json.dumps(out), capsys)
    assert rc == 0 and c.verdict in text


def test_cli_verify_checks_the_wrapper_of_check_json(tmp_path, capsys):
    # Attack: `check --json` output with the top-level status edited.
    v = sl.check_claim("KRON-1", {"model": "matrices", "matrices": {"A": [[1]], "B": [[2]], "C": [[3]]}})
    out = v.to_dict()
    out["status"] = "fails"
    rc, text = _verify(tmp_path, json.dumps(out), capsys)
    assert rc != 0 and "OK" not in text
    rc, text = _verify(tmp_path, json.dumps(v.to_dict()), capsys)
    assert rc == 0


def test_cli_verify_refuses_duplicate_keys(tmp_path, capsys):
    # Attack: a certificate file with "status" twice: Python keeps the last one (checked),
    # a reader or another parser may show the first.
    v = sl.check_claim("KRON-1", {"model": "matrices", "matrices": {"A": [[1]], "B": [[2]], "C": [[3]]}})
    text = json.dumps(v.certificate)
    text = text.replace('"status": "holds"', '"status": "fails", "status": "holds"')
    rc, out = _verify(tmp_path, text, capsys)
    assert rc != 0 and "OK" not in out


def test_ysj_grad_eps_above_sigma_min_is_not_hypotheses_not_met():
    # Attack: YSJ-GRAD with eps = 3 > sigma_min(C) = 2: the witness made the hypothesis
    # "W in W_eps" false, and the certificate said "hypotheses not met" where the claim holds
    # (the hypothesis is "W in W_eps for some eps > 0", i.e. gram_pd; eps only certifies it).
    honest = cert_of("YSJ-GRAD", {"model": "deep_linear", "widths": [1, 1, 1], "X": [[1]], "Y": [[1]],
                                  "weights": [[[1]], [[2]]]})
    assert honest["status"] == "holds"
    cert = forged(honest, eps="3")
    assert cert["status"] not in ("hypotheses not met", "fails"), cert["reason"]


def test_legacy_certificate_fields_are_tied():
    # Attack: a legacy claim's certificate dressed as version 2 with fields nobody reads
    # ("inertia", "detail", "witnesses") was accepted: only facts, status and verdict were tied.
    v = sl.check_claim("KAW-1", _example("deep_linear_global_min"))
    cert = copy.deepcopy(v.certificate)
    cert["detail"] = "a global minimum, certified"
    with pytest.raises(CertificateError):
        check_certificate(cert)
    cert = copy.deepcopy(v.certificate)
    cert.update(version=2, statement_version=1, witnesses={})
    with pytest.raises(CertificateError):
        check_certificate(cert)


@pytest.mark.parametrize("expr", [
    ["kron", ["eye", 2000], ["eye", 2000]],                                 # 4e6 x 4e6: memory
    ["mul", ["vec", ["eye", 2000]], ["T", ["vec", ["eye", 2000]]]],         # 4e6 x 4e6 product
    ["mul", ["eye", 1000], ["eye", 1000]],                                  # 1e9 multiply-adds
    ["eye", 1000],                                                          # rank: 1e9 eliminations
    ["inv", ["eye", 1000]],
    ["hstack", *[["eye", 1000]] * 200],                                     # 2e8 entries by repetition
    ["grad", "deep_linear", ["lit", [[1]]], ["lit", [[1]]],                 # 2,090 literal parameters
     [["lit", [[0]] * 40], ["lit", [[0] * 40] * 50], ["lit", [[0] * 50]]]],
    ["at", ["loss_curve", "deep_linear", ["lit", [[1]]], ["lit", [[1]]],    # degree 1,600 interpolation
            [["lit", [[0]]]] * 400, [[["lit", [[1]]]] * 400] * 2], 0],
])
def test_hand_built_facts_cannot_ask_for_unbounded_work(expr):
    # Attack: tie_to_claim=False re-verifies any recorded facts; a 60-byte expression asked
    # for a 4e6 x 4e6 Kronecker product (unbounded memory) or 1e9 exact operations.
    # (Not run before the fix: it would exhaust the machine.)
    cert = copy.deepcopy(cert_of("KRON-1", {"model": "matrices", "matrices": {"A": [[1]], "B": [[2]], "C": [[3]]}}))
    cert["facts"] = [{"key": "x", "role": "conclusion", "text": "x", "expr": ["eq", ["rank", expr], 0],
                      "value": False}]
    cert["status"] = "fails"
    t = time.time()
    with pytest.raises(CertificateError):
        check_certificate(cert, tie_to_claim=False)
    assert time.time() - t < 30     # building the 4e6-entry operands is allowed (MAX_ENTRIES)


def test_statement_on_a_large_matrices_instance_is_refused_quickly():
    # Attack: a 4 KB KRON-3 certificate with 40 x 40 matrices A, B: the checker's pinv of the
    # 1600 x 1600 A kron B is ~4e9 exact operations (hours); the prover (flint) is far faster.
    honest = cert_of("KRON-3", _example("kron_ginv_counterexample"))
    cert = copy.deepcopy(honest)
    n = 40
    cert["instance"]["matrices"] = {"A": [[int(i == j) for j in range(n)] for i in range(n)],
                                    "B": [[int(i == j) for j in range(n)] for i in range(n)]}
    t = time.time()
    with pytest.raises(CertificateError):
        check_certificate(cert)
    assert time.time() - t < 30     # building A kron B (2.6e6 entries) is allowed


def test_cli_verify_accepts_honest_classify_json_of_a_non_critical_point(tmp_path, capsys):
    # The printed reason of a non-critical point adds the gradient's largest entry: verify
    # recomputes it (and rejects another one).
    c = sl.classify(sl.DeepLinear([1, 1, 1], X=[[1]], Y=[[1]]), [[[1]], [[2]]])
    assert c.verdict == "not critical"
    out = {"verdict": c.verdict, "critical": c.critical, "inertia": None, "loss": str(c.loss),
           "reason": c.reason, "certificate": c.certificate}
    rc, text = _verify(tmp_path, json.dumps(out), capsys)
    assert rc == 0 and "not critical" in text, text
    out["reason"] = out["reason"].replace("largest entry", "largest entry 0, not")
    rc, text = _verify(tmp_path, json.dumps(out), capsys)
    assert rc == 1
