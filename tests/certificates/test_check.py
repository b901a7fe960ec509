"""Certificates: produced certificates re-verify; tampered ones are rejected with
``CertificateError`` (never another exception); the independent evaluator agrees with the
fast one on random expressions.

``check_certificate(cert)`` also ties the facts to the claim: it replays the claim's statement
on the certificate's instance and witnesses and rejects a certificate whose facts differ.
Hand-built certificates (claim "DEMO", not a registered claim; :class:`HandBuilt`) therefore
exercise the evaluator and the status rule with ``tie_to_claim=False``; that they are rejected
with the default is tested separately."""

import copy
import json
import subprocess
import sys
import textwrap
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symlandscape as sl
from symlandscape.certificates import check as chk
from symlandscape.certificates.check import CertificateError, check_certificate, independent_evaluate
from symlandscape.exact.matrix import QMatrix
from symlandscape.facts.fast import FAST as FAST_EVAL
from symlandscape.facts.fast import encode_value, evaluate
from symlandscape.facts.statement import Run
from symlandscape.instances import parse_instance
from symlandscape.provers.registry import claims

FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

class HandBuilt(Run):
    """Facts stated by hand on an instance (no declared statement), as a certificate dict."""

    def __init__(self, claim, inst):
        super().__init__(claim, inst.view(), inst.env, FAST_EVAL)
        self.instance = inst

    def certificate(self) -> dict:
        status, reason = self.status()
        return {"format": "symlandscape-certificate", "version": 1, "claim": self.claim, "status": status,
                "reason": reason, "instance": self.instance.to_dict(), "defs": self.defs, "facts": self.facts}


KRON_INSTANCES = [
    {"model": "matrices", "matrices": {"A": [[1, 2]], "B": [[1], ["1/2"]], "C": [[3, 0]]}},
    {"model": "matrices", "matrices": {"A": [[1, 2, 3], [2, 4, 6]],
                                       "B": [["1/2", 0], [0, 0], [1, "-3/4"]],
                                       "C": [[1, 1], [1, 1]]}},
    {"model": "matrices", "matrices": {"A": [["0.125"]], "B": [["-7/3", "1e-3"]],
                                       "C": [[1, 0, 2], [0, 1, "2/5"]]}},
]


def kron_cert(i=0):
    v = sl.check_claim("KRON-1", KRON_INSTANCES[i])
    assert v.status == "holds"
    return v.certificate


def demo_cert():
    """A certificate with defs, hypothesis, conclusion and instance-dependent value facts."""
    inst = parse_instance({"model": "matrices", "matrices": {
        "A": [[1, 2], [2, 4], [0, "1/2"]], "S": [[2, 1], [1, "-1/3"]]}})
    ev = HandBuilt("DEMO", inst)
    ev.define("P", ["pinv", "A"])
    ev.hypothesis("S is symmetric", ["eq", "S", ["T", "S"]])
    ev.value("rank A", ["rank", "A"])
    ev.value("A^+", "P")
    ev.value("inertia S", ["inertia", "S"])
    ev.value("|A|^2", ["frob2", "A"])
    ev.conclusion("A A^+ A = A", ["eq", ["mul", "A", "P", "A"], "A"])
    ev.conclusion("rank A^+ = rank A", ["eq", ["rank", "P"], ["rank", "A"]])
    cert = ev.certificate()
    assert cert["status"] == "holds"
    return json.loads(json.dumps(cert))  # exactly what a certificate file holds


def not_met_cert():
    """A hand-built certificate whose hypothesis fails (status "hypotheses not met")."""
    inst = parse_instance({"model": "matrices", "matrices": {"A": [[1, 2], [2, 4]]}})
    ev = HandBuilt("DEMO", inst)
    ev.hypothesis("A invertible", ["eq", ["rank", "A"], 2])
    ev.conclusion("A A^+ = I", ["eq", ["proj", "A"], ["eye", 2]])
    return json.loads(json.dumps(ev.certificate()))


def fails_cert():
    """A hand-built certificate whose conclusion is false (status "fails")."""
    inst = parse_instance({"model": "matrices", "matrices": {"A": [[1, 2], [2, 4]]}})
    ev = HandBuilt("DEMO", inst)
    ev.conclusion("A A^+ = I", ["eq", ["proj", "A"], ["eye", 2]])
    return json.loads(json.dumps(ev.certificate()))


def classify_cert():
    """A CLASSIFY certificate: the origin of a 1-1-1 deep linear network is a saddle."""
    c = sl.classify(sl.DeepLinear([1, 1, 1], [[1]], [[1]]), [[[0]], [[0]]])
    return json.loads(json.dumps(c.certificate))


TIED = ("the facts are not the ones claim", "the claim's code gives", "cannot be regenerated",
        "unknown claim", "names no claim")


def rejected(cert, *fragments):
    """Rejected by the evaluator and status rule alone (tie_to_claim=False), with the
    given message; and by the full check, either with that message or earlier, because
    the facts differ from the ones the claim's code states (checked before evaluation)."""
    for tie in (False, True):
        with pytest.raises(CertificateError) as ei:
            check_certificate(cert, tie_to_claim=tie)
        msg = str(ei.value)
        if tie and any(t in msg for t in TIED):
            continue
        for f in fragments:
            assert f in msg, (f, msg)


def rejected_only_when_tied(cert, *fragments):
    """Every fact re-verifies and the status is right, but the facts are not the claim's."""
    assert check_certificate(cert, tie_to_claim=False)["ok"]
    with pytest.raises(CertificateError) as ei:
        check_certificate(cert)
    for f in fragments:
        assert f in str(ei.value), (f, str(ei.value))


# -- good certificates verify ---------------------------------------------------------------
@pytest.mark.parametrize("i", range(len(KRON_INSTANCES)))
def test_kron1_certificates_verify(i):
    cert = kron_cert(i)
    res = check_certificate(cert)
    assert res == {"ok": True, "claim": "KRON-1", "status": "holds", "facts": len(cert["facts"])}
    # ... also after a JSON round trip (what `symlandscape verify` reads)
    assert check_certificate(json.loads(json.dumps(cert)))["ok"]


def test_demo_certificate_verifies():
    assert check_certificate(demo_cert(), tie_to_claim=False) == {
        "ok": True, "claim": "DEMO", "status": "holds", "facts": 7}


def test_hypotheses_not_met_and_fails_certificates_verify():
    assert check_certificate(not_met_cert(), tie_to_claim=False)["status"] == "hypotheses not met"
    assert check_certificate(fails_cert(), tie_to_claim=False)["status"] == "fails"


@pytest.mark.parametrize("make", [demo_cert, not_met_cert, fails_cert],
                         ids=["holds", "hypotheses-not-met", "fails"])
def test_hand_built_certificates_rejected_when_tied_to_the_claim(make):
    # "DEMO" is no registered claim: nothing says which facts it should state.
    cert = make()
    with pytest.raises(CertificateError, match="unknown claim 'DEMO'"):
        check_certificate(cert)
    with pytest.raises(CertificateError, match="DEMO"):
        check_certificate(cert, tie_to_claim=True)
    assert check_certificate(cert, tie_to_claim=False)["ok"]


def test_classify_certificate_verifies():
    cert = classify_cert()
    assert cert["claim"] == "CLASSIFY"
    assert check_certificate(cert) == {"ok": True, "claim": "CLASSIFY", "status": "holds",
                                       "facts": len(cert["facts"])}
    assert check_certificate(cert, tie_to_claim=False)["ok"]


@pytest.mark.parametrize("net, W", [
    (sl.DeepLinear([1, 1, 1], [[1]], [[1]]), [[[1]], [[1]]]),                  # global minimum
    (sl.DeepLinear([1, 1, 1], [[1]], [[1]]), [[[1]], [[2]]]),                  # not critical
    (sl.DeepLinear([2, 1, 2], [[1, 0], [0, 1]], [[2, 0], [0, 1]]), [[[0, 0]], [[0], [0]]]),
    (sl.ResidualLinear(1, [[1]], [[2]], H=1), [[[0]], [[0]]]),
], ids=["global-min", "not-critical", "2-1-2-origin", "residual"])
def test_more_classify_certificates_verify(net, W):
    cert = json.loads(json.dumps(sl.classify(net, W).certificate))
    assert check_certificate(cert)["ok"]


def test_every_claims_certificate_verifies_tied():
    """One certificate per registered claim (from the first example file on which the claim
    is determined) re-verifies with the facts tied to the claim."""
    import glob
    import os

    from symlandscape.instances import load_instance
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    insts = [load_instance(p) for p in sorted(glob.glob(os.path.join(root, "examples", "*.json")))]
    checked, bad = [], []
    for cid in claims():
        for inst in insts:
            try:
                v = sl.check_claim(cid, inst)
            except sl.InputError:
                continue
            if v.certificate is not None:
                break
        else:
            continue
        cert = json.loads(json.dumps(v.certificate))
        try:
            res = check_certificate(cert)
            assert res["claim"] == cid and res["status"] == v.status
            checked.append(cid)
        except CertificateError as e:
            bad.append((cid, str(e)[:200]))
    assert not bad, bad
    assert len(checked) >= 30, checked


# -- the facts are tied to the claim ------------------------------------------------------------
@pytest.mark.parametrize("claim", [c for c in claims() if c != "KRON-1"]
                         + ["DEMO", "", None, 5, "kron-1", "KRON-1 ", "KRON-1\n"], ids=repr)
def test_relabelled_kron1_certificate_rejected(claim):
    cert = kron_cert()
    cert["claim"] = claim
    rejected_only_when_tied(cert)


@pytest.mark.parametrize("claim", list(claims()) + ["DEMO", "classify", None], ids=repr)
def test_relabelled_classify_certificate_rejected(claim):
    cert = classify_cert()
    cert["claim"] = claim
    rejected_only_when_tied(cert)


TRIVIAL_KRON = {
    "trivial-conclusion": lambda c: c["facts"][0].__setitem__("expr", ["eq", 1, 1]),
    "weaker-conclusion": lambda c: c["facts"][0].__setitem__("expr", ["eq", ["rank", "A"],
                                                                      ["rank", "A"]]),
    "conclusion-on-another-matrix": lambda c: c["facts"][0].__setitem__(
        "expr", ["eq", ["vec", ["mul", "A", "B", "C"]], ["vec", ["mul", "A", "B", "C"]]]),
    "extra-true-conclusion": lambda c: c["facts"].append(
        {"role": "conclusion", "text": "x", "expr": ["eq", 1, 1], "value": True}),
    "extra-hypothesis": lambda c: c["facts"].insert(
        0, {"role": "hypothesis", "text": "h", "expr": ["eq", 1, 1], "value": True}),
    "extra-value": lambda c: c["facts"].append(
        {"role": "value", "text": "r", "expr": ["rank", "A"], "value": 1}),
    "conclusion-made-value": lambda c: c["facts"].append(
        dict(c["facts"][0], role="value")),
    "extra-def": lambda c: c.__setitem__("defs", {"Z": ["eye", 1]}),
}


@pytest.mark.parametrize("name", TRIVIAL_KRON)
def test_kron1_facts_swapped_for_easier_ones_rejected(name):
    cert = kron_cert()
    TRIVIAL_KRON[name](cert)
    rejected_only_when_tied(cert, "the facts are not the ones claim 'KRON-1' states")


def _hessian_conclusion(c):
    return next(i for i, f in enumerate(c["facts"]) if f["role"] == "conclusion"
                and "Hessian" in f["text"])


TRIVIAL_CLASSIFY = {
    "trivial-conclusion": lambda c: c["facts"][_hessian_conclusion(c)].__setitem__(
        "expr", ["eq", 1, 1]),
    "dropped-conclusion": lambda c: c["facts"].pop(_hessian_conclusion(c)),
    "dropped-value": lambda c: c["facts"].pop(1),
    "extra-true-conclusion": lambda c: c["facts"].append(
        {"role": "conclusion", "text": "x", "expr": ["eq", 1, 1], "value": True}),
    "extra-def": lambda c: c.__setitem__("defs", {"Z": ["eye", 1]}),
}


@pytest.mark.parametrize("name", TRIVIAL_CLASSIFY)
def test_classify_facts_swapped_for_easier_ones_rejected(name):
    cert = classify_cert()
    TRIVIAL_CLASSIFY[name](cert)
    rejected_only_when_tied(cert, "the facts are not the ones claim 'CLASSIFY' states")


def test_kron1_instance_changed_consistently_still_verifies():
    # The facts are regenerated on the certificate's own instance: another instance with its
    # own (re-verified) facts is a certificate of another true case of the same claim.
    a, b = kron_cert(0), kron_cert(2)
    a["instance"] = copy.deepcopy(b["instance"])
    assert check_certificate(a)["ok"]


def test_classify_instance_changed_to_a_different_verdict_rejected():
    # The origin of 1-1-1 with X = Y = 1 is a saddle; with Y = 0 the same point is the global
    # minimum: the recorded saddle facts no longer re-verify.
    cert = classify_cert()
    cert["instance"]["Y"] = [["0"]]
    rejected(cert, "does not re-verify")


@pytest.mark.parametrize("case", ["classify-on-matrices", "classify-without-weights", "list-claim",
                                  "object-claim"])
def test_tie_to_claim_never_crashes(case):
    if case == "classify-on-matrices":
        cert = kron_cert()
        cert["claim"] = "CLASSIFY"
    elif case == "classify-without-weights":
        inst = parse_instance({"model": "deep_linear", "widths": [1, 1, 1], "X": [[1]],
                               "Y": [[1]]})
        ev = HandBuilt("CLASSIFY", inst)
        ev.conclusion("L >= 0", ["le", 0, ["frob2", "Y"]])
        cert = json.loads(json.dumps(ev.certificate()))
    else:
        cert = kron_cert()
        cert["claim"] = ["KRON-1"] if case == "list-claim" else {"id": "KRON-1"}
    with pytest.raises(CertificateError):
        check_certificate(cert)


# -- tampering ------------------------------------------------------------------------------
def test_changed_instance_entry_kron1():
    # KRON-1 is an identity: another rational entry gives another true certificate ...
    cert = kron_cert(1)
    cert["instance"]["matrices"]["A"][0][0] = "5/7"
    assert check_certificate(cert)["ok"]
    # ... but a shape change or a non-number does not.
    for bad in (["1", "2"], "abc", "1e3", "1E3", 0.5, 1.0, None, True, "1/0", "nan", {"p": 1}):
        c = kron_cert(1)
        c["instance"]["matrices"]["B"][0][0] = bad
        rejected(c)
    c = kron_cert(1)
    c["instance"]["matrices"]["B"][0].append("1")
    rejected(c)
    c = kron_cert(1)
    del c["instance"]["matrices"]["C"]
    rejected(c)


@pytest.mark.parametrize("path, value", [
    (("A", 0, 0), "0"), (("A", 2, 1), "1"), (("S", 1, 1), "1"), (("S", 0, 1), "2")])
def test_changed_instance_entry_demo(path, value):
    cert = demo_cert()
    m, i, j = path
    cert["instance"]["matrices"][m][i][j] = value
    rejected(cert)


def test_changed_fact_values():
    for k, new in [(0, False), (1, 1), (1, 2), (1, "2"), (2, [["1"]]), (3, [2, 0, 0]),
                   (3, [1, 1]), (4, "21/5"), (5, False), (6, False), (4, None)]:
        cert = demo_cert()
        if cert["facts"][k]["value"] == new:
            continue
        cert["facts"][k]["value"] = new
        rejected(cert)
    cert = demo_cert()
    cert["facts"][2]["value"][0][0] = str(Fraction(cert["facts"][2]["value"][0][0]) + 1)
    rejected(cert, "does not re-verify")


@pytest.mark.parametrize("status", ["fails", "hypotheses not met", "undetermined", "HOLDS", "",
                                    None, 1, True, ["holds"]])
def test_changed_status(status):
    for cert in (kron_cert(), demo_cert()):
        cert["status"] = status
        rejected(cert)


def test_undetermined_certifies_nothing():
    cert = demo_cert()
    cert["status"] = "undetermined"
    rejected(cert, "undetermined")
    inst = parse_instance({"model": "matrices", "matrices": {"A": [[1]]}})
    ev = HandBuilt("DEMO", inst)
    ev.value("rank", ["rank", "A"])
    c = ev.certificate()
    assert c["status"] == "undetermined"
    rejected(c)


def test_dropped_facts():
    for mutate in (lambda c: c.pop("facts"), lambda c: c.__setitem__("facts", []),
                   lambda c: c.__setitem__("facts", None), lambda c: c.__setitem__("facts", {}),
                   lambda c: c.__setitem__("facts", "facts"),
                   lambda c: c.__setitem__("facts", [f for f in c["facts"]
                                                     if f["role"] != "conclusion"])):
        for cert in (kron_cert(), demo_cert()):
            mutate(cert)
            rejected(cert)


def test_dropped_hypothesis_that_failed():
    cert = not_met_cert()
    cert["facts"] = cert["facts"][1:]  # the conclusion is false: status would be "fails"
    rejected(cert, "recorded status 'hypotheses not met' but the facts imply 'fails'")


@pytest.mark.parametrize("expr", [
    ["frobnicate", "A"], ["__class__"], ["eval", "1"], ["import", "os"],   # unknown ops
    [], [1, 2], [None], [["eq", 1, 1]], {"op": "eq"}, None, 0.5, "NoSuchMatrix", "",  # non-exprs
    ["eq", 1], ["eq"], ["rank"], ["mul"], ["entry", "A", 0], ["kron", "A"],      # arity
    ["eye", "x"], ["eye", 1.5], ["zeros", "a", 1], ["kron", 1, 2], ["rank", 1],  # types
    ["entry", "A", 9, 9], ["entry", "A", "0", 0], ["cols", "A", 3], ["cols", "A", [7]],
    ["T", 5], ["inertia", "A"], ["inv", ["zeros", 2, 2]], ["q", "1/0"], ["q", 1.5],
    ["q", "1e3"], ["q", "1E-3"], ["q", [1]], ["lit", [[0.5]]], ["lit", [["1e2"]]],
    ["lit", []], ["lit", [[1], [1, 2]]], ["lit", "1"], ["scale", "1e2", "A"],
    ["scale", 0.5, "A"], ["unvec", "A", "x", 1], ["add", "A", ["T", "A"]],
    ["mul", "A", "A"], ["loss", "cnn", "A", "A", ["A"]], ["loss", "deep_linear", "A"],
    ["at", "A", 99], ["at", 5, 0], ["descends", 5], ["compound", "A", 1],
    ["top_sum_attained", "A", "A", "k"], ["top_sum_attained", "A", "A", True],
    ["top_sum_attained", "A", "A", -1], ["top_sum_attained", "A", "A", 1, "loose"],
    ["top_sum_attained", "A", "A"], ["top_sum_attained", 1, "A", 1],
    ["top_sum_attained", ["lit", [[1, 2], [0, 1]]], ["eye", 2], 2],       # not symmetric
    ["top_sum_attained", ["lit", [[1, 0], [0, -1]]], ["eye", 2], 2],      # not PSD
    ["top_sum_attained", ["eye", 2], ["eye", 2], 1],                      # rank B > k
    ["top_sum_attained", ["eye", 2], ["eye", 3], 3],                      # row counts
])
def test_malformed_expressions(expr):
    cert = kron_cert()
    cert["facts"][0]["expr"] = expr
    rejected(cert)


@pytest.mark.parametrize("depth", [2000, 50_000])
def test_deeply_nested_expression(depth):
    e = "A"
    for _ in range(depth):
        e = ["T", e]
    cert = kron_cert()
    cert["facts"][0]["expr"] = ["eq", e, e]
    rejected(cert)
    nested = []
    for _ in range(depth):
        nested = [nested]
    cert["facts"][0]["expr"] = nested
    rejected(cert)


@pytest.mark.parametrize("mutate", [
    lambda c: c.__setitem__("format", "symlandscape-certificat"),
    lambda c: c.pop("format"),
    lambda c: c.__setitem__("format", None),
    lambda c: c.__setitem__("version", 3),
    lambda c: c.__setitem__("version", "1"),
    lambda c: c.__setitem__("version", None),
    lambda c: c.pop("version"),
    lambda c: c.pop("instance"),
    lambda c: c.__setitem__("instance", []),
    lambda c: c.__setitem__("instance", {"model": "cnn"}),
    lambda c: c.__setitem__("instance", {"model": "deep_linear"}),
    lambda c: c["instance"].__setitem__("matrices", [1]),
    lambda c: c["instance"].__setitem__("matrices", {"A": "[[1]]"}),
    lambda c: c.__setitem__("defs", [1]),
    lambda c: c.__setitem__("defs", {"P": ["frobnicate"]}),
    lambda c: c.__setitem__("defs", {"P": 0.5}),
    lambda c: c["facts"].append("fact"),
    lambda c: c["facts"].append({"role": "lemma", "text": "x", "expr": ["eq", 1, 1], "value": True}),
    lambda c: c["facts"].append({"role": "conclusion", "text": "x", "expr": ["eq", 1, 2], "value": True}),
    lambda c: c["facts"].append({"role": "conclusion", "text": "x", "expr": ["eq", 1, 1]}),
    lambda c: c["facts"][0].__setitem__("role", "hypothesis"),  # a false "hypothesis"? value True
    lambda c: c["facts"][0].__setitem__("role", "value"),       # then nothing concludes
], ids=lambda f: "")
def test_structural_tampering(mutate):
    cert = kron_cert()
    mutate(cert)
    try:
        check_certificate(cert)
    except CertificateError:
        return
    # Only a conclusion turned into a true hypothesis may still verify (status unchanged
    # would then be wrong: there is no conclusion left).
    pytest.fail(f"tampered certificate accepted: {json.dumps(cert)[:300]}")


@pytest.mark.parametrize("bad", [["1e3"], ["1E-2"], [0.5], [1.0], [float("nan")], [float("inf")],
                                 [True], [None], ["1/0"], ["nan"], ["inf"], ["x"]])
def test_numbers_with_exponents_or_floats_in_certificate(bad):
    cert = kron_cert()
    cert["instance"]["matrices"]["A"][0] = bad + cert["instance"]["matrices"]["A"][0][1:]
    rejected(cert)
    cert = demo_cert()
    cert["facts"][2]["value"] = [[bad[0]] * len(r) for r in cert["facts"][2]["value"]]
    rejected(cert)


@pytest.mark.parametrize("non_cert", [None, [], "cert", 1, {"format": "symlandscape-certificate"}])
def test_not_a_certificate(non_cert):
    rejected(non_cert)


BOUND_TEXT = {
    "reason": lambda c: c.__setitem__("reason", "anything at all \n with newlines"),
    "no-reason": lambda c: c.pop("reason"),
    "renamed-fact": lambda c: c["facts"][0].__setitem__("text", "renamed fact"),
    "negated-text": lambda c: c["facts"][0].__setitem__("text", "not " + c["facts"][0]["text"]),
}


@pytest.mark.parametrize("name", BOUND_TEXT)
def test_texts_and_reason_are_bound_to_the_statement(name):
    # Issue 13: a fact's text (and the reason built from it) is regenerated by running the
    # claim's statement in the checker, so changing it, even to its negation, is rejected.
    for cert in (kron_cert(), classify_cert()):
        BOUND_TEXT[name](cert)
        with pytest.raises(CertificateError):
            check_certificate(cert)


IMMATERIAL = {
    "empty-defs": lambda c: c.__setitem__("defs", {}) if not c["defs"] else None,
    "no-defs": lambda c: c.pop("defs") if not c["defs"] else None,
    "instance-name": lambda c: c["instance"].__setitem__("name", "renamed"),
    "instance-description": lambda c: c["instance"].__setitem__("description", "text"),
}


@pytest.mark.parametrize("name", IMMATERIAL)
def test_immaterial_changes_still_verify(name):
    for cert, tie in ((demo_cert(), False), (kron_cert(), True), (classify_cert(), True)):
        expected = check_certificate(copy.deepcopy(cert), tie_to_claim=tie)
        IMMATERIAL[name](cert)
        assert check_certificate(cert, tie_to_claim=tie) == expected


def test_fact_order_is_immaterial_to_the_evaluator():
    cert = demo_cert()
    cert["facts"].reverse()
    assert check_certificate(cert, tie_to_claim=False)["ok"]


# -- type strictness, defs, malformed facts, long numbers, ill-formed expressions ------------------
@pytest.mark.parametrize("forged", [1, 1.0, 0, "true", [True]], ids=repr)
def test_type_confused_value_forges_fails(forged):
    # True == 1 == 1.0 in Python: a conclusion recorded as 1 must not "re-verify" and then, not
    # being True, make the status rule imply "fails".
    cert = kron_cert()
    cert["facts"][0]["value"] = forged
    cert["status"] = "fails"
    rejected(cert, "must have a boolean value")


@pytest.mark.parametrize("recorded", [True, 1.0, "1", [1]], ids=repr)
def test_value_facts_compare_types(recorded):
    # A value fact recorded as True (== 1) or 1.0 where the rank is the int 1.
    inst = parse_instance({"model": "matrices", "matrices": {"A": [[1, 2], [2, 4]]}})
    ev = HandBuilt("DEMO", inst)
    ev.value("rank A", ["rank", "A"])
    ev.conclusion("rank A < 2", ["lt", ["rank", "A"], 2])
    cert = json.loads(json.dumps(ev.certificate()))
    assert cert["facts"][0]["value"] == 1 and check_certificate(cert, tie_to_claim=False)["ok"]
    cert["facts"][0]["value"] = recorded
    rejected(cert, "does not re-verify")


@pytest.mark.parametrize("version", [True, 1.0, 3, "1", None], ids=repr)
def test_version_type_confusion(version):
    cert = kron_cert()
    cert["version"] = version
    rejected(cert, "unsupported certificate version")


def test_defs_cannot_shadow_instance_matrices():
    cert = {"format": "symlandscape-certificate", "version": 1, "claim": "DEMO", "status": "holds",
            "reason": "rank A = 2", "instance": {"model": "matrices",
                                                 "matrices": {"A": [["1", "2"], ["2", "4"]]}},
            "defs": {"A": ["lit", [["1", "0"], ["0", "1"]]]},
            "facts": [{"role": "conclusion", "text": "rank A = 2",
                       "expr": ["eq", ["rank", "A"], 2], "value": True}]}
    rejected(cert, "shadows")  # rank of the recorded A is 1
    cert = kron_cert()
    cert["defs"] = {"B": ["T", "B"]}
    rejected(cert, "def 'B' shadows")


def test_define_cannot_shadow():
    inst = parse_instance({"model": "matrices", "matrices": {"A": [[1, 2]]}})
    ev = HandBuilt("DEMO", inst)
    with pytest.raises(ValueError, match="shadow"):
        ev.define("A", ["T", "A"])
    ev.define("P", ["pinv", "A"])
    assert ev.certificate()["defs"] == {"P": ["pinv", "A"]}


@pytest.mark.parametrize("mutate", [lambda f: f.pop("text"), lambda f: f.__setitem__("text", 5),
                                    lambda f: f.__setitem__("text", None),
                                    lambda f: f.__setitem__("text", ["t"])],
                         ids=["missing", "int", "null", "list"])
def test_fact_text_tampering(mutate):
    for cert in (kron_cert(), demo_cert()):
        mutate(cert["facts"][0])
        rejected(cert, "malformed fact")


@pytest.mark.parametrize("mutate, fragment", [
    (lambda f: f.pop("expr"), "malformed fact"),
    (lambda f: f.pop("value"), "malformed fact"),
    (lambda f: f.pop("role"), "malformed fact"),
    (lambda f: f.__setitem__("role", "Conclusion"), "malformed fact"),
    (lambda f: f.__setitem__("value", None), "must have a boolean value"),
    (lambda f: f.__setitem__("value", "True"), "must have a boolean value"),
    (lambda f: f.__setitem__("value", 1), "must have a boolean value"),
], ids=["no-expr", "no-value", "no-role", "bad-role", "null-value", "string-value", "int-value"])
def test_malformed_facts_rejected_up_front(mutate, fragment):
    for cert in (kron_cert(), demo_cert(), not_met_cert()):
        k = next(i for i, f in enumerate(cert["facts"]) if f["role"] != "value")
        mutate(cert["facts"][k])
        rejected(cert, fragment)


def test_large_numbers_verify():
    v = sl.check_claim("KRON-1", {"model": "matrices", "matrices": {
        "A": [["1e4400"]], "B": [["1/3"]], "C": [["2"]]}})
    assert v.status == "holds"
    cert = json.loads(json.dumps(v.certificate))
    assert check_certificate(cert)["ok"]
    assert check_certificate(cert, tie_to_claim=False)["ok"]
    big = "7" * 5000
    v = sl.check_claim("KRON-1", {"model": "matrices", "matrices": {
        "A": [[big, "-1/" + big]], "B": [["0." + big], [int(big[:4000])]], "C": [["3"]]}})
    assert check_certificate(json.loads(json.dumps(v.certificate)))["ok"]


@pytest.mark.parametrize("expr", [
    ["eq", ["hstack", ["eye", 2], ["lit", [["1"]]]], ["lit", [["1", "0", "1"]]]],
    ["eq", ["rank", ["vstack", ["eye", 2], ["lit", [["1"]]]]], 2],
    ["eq", ["unvec", ["lit", [["1"], ["2"], ["3"]]], 1, 2], ["lit", [["1", "2"]]]],
    ["eq", ["det", ["lit", [["1", "2", "3"]]]], 1],
    ["lt", ["eye", 2], ["lit", [["2", "0"], ["0", "1"]]]],
    ["le", ["eye", 2], ["eye", 2]],
    ["le", 0, ["eye", 1]],
    ["eq", ["inv", ["lit", [["1", "0", "5"], ["0", "1", "7"]]]],
     ["lit", [["5", "1", "0"], ["7", "0", "1"]]]],
], ids=["hstack", "vstack", "unvec", "det", "lt", "le", "le-scalar-matrix", "inv"])
def test_ill_formed_expressions_rejected(expr):
    cert = kron_cert()
    with pytest.raises(Exception):
        evaluate(expr, {})  # the fast path refuses it
    cert["facts"][0]["expr"] = expr
    rejected(cert)


@pytest.mark.parametrize("mutate, fragment", [
    (lambda i: i.__setitem__("colour", "red"), "unknown keys"),
    (lambda i: i.__setitem__("widths", [1, 1]), "unknown keys"),
    (lambda i: i.__setitem__("matrices", {"1A": [["1"]]}), "named matrices"),
    (lambda i: i.__setitem__("matrices", {}), "named matrices"),
], ids=["unknown-key", "widths-on-matrices", "bad-name", "no-matrices"])
def test_instance_validated_independently_matrices(mutate, fragment):
    cert = kron_cert()
    mutate(cert["instance"])
    rejected(cert, fragment)


@pytest.mark.parametrize("mutate, fragment", [
    (lambda i: i.__setitem__("widths", [1, 2, 1]), "widths"),
    (lambda i: i.__setitem__("widths", [1, True, 1]), "widths"),
    (lambda i: i.__setitem__("widths", [1, 1]), "weights"),
    (lambda i: i.__setitem__("X", [["1", "2"]]), "widths"),
    (lambda i: i.__setitem__("weights", [[["0"]]]), "weights"),
    (lambda i: i.__setitem__("weights", [[["0", "0"]], [["0"]]]), "W1"),
    (lambda i: i.__setitem__("matrices", {"A": [["1"]]}), "unknown keys"),
    (lambda i: i.__setitem__("model", "residual_linear") or i.__setitem__("widths", [1, 2, 1]),
     "widths"),
], ids=["widths", "bool-width", "too-few-widths", "X-shape", "weights-count", "W1-shape",
        "matrices-on-network", "residual-unequal"])
def test_instance_validated_independently_networks(mutate, fragment):
    cert = classify_cert()
    mutate(cert["instance"])
    rejected(cert, fragment)


DOS = textwrap.dedent("""
    import json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))
    resource.setrlimit(resource.RLIMIT_CPU, (5, 5))
    from symlandscape.certificates.check import check_certificate, CertificateError
    for expr in json.loads(sys.argv[1]):
        cert = {"format": "symlandscape-certificate", "version": 1, "claim": "D",
                "status": "holds", "reason": "", "defs": {},
                "instance": {"model": "matrices", "matrices": {"A": [["1"]]}},
                "facts": [{"role": "conclusion", "text": "t", "expr": expr, "value": True}]}
        try:
            check_certificate(cert, tie_to_claim=False)
            print("accepted", flush=True)
        except CertificateError as e:
            print("CertificateError:", e, flush=True)
        except MemoryError:
            print("MemoryError", flush=True)
""")


def _dos(exprs):
    p = subprocess.run([sys.executable, "-c", DOS, json.dumps(exprs)], capture_output=True,
                       text=True, timeout=120)
    return p.stdout.splitlines(), p.stderr[-300:]


ABSURD = [["is_zero", ["zeros", 10 ** 5, 10 ** 5]], ["eq", ["eye", 10 ** 5], ["eye", 10 ** 5]],
          ["is_zero", ["K", 1000, 1000]], ["top_sum_attained", ["eye", 41], ["zeros", 41, 1], 1],
          ["is_zero", ["zeros", 10 ** 100, 10 ** 100]], ["is_zero", ["K", 10 ** 50, 10 ** 50]],
          ["is_zero", ["eye", 10 ** 1000]]]


def test_absurd_sizes_refused():
    lines, err = _dos(ABSURD)
    assert len(lines) == len(ABSURD), (lines, err)
    for expr, line in zip(ABSURD, lines):
        assert line.startswith("CertificateError:") and "larger than the checker allows" in line, \
            (expr, line)


@pytest.mark.parametrize("expr", [["is_zero", ["zeros", 10 ** 9, 0]],
                                  ["is_zero", ["K", 10 ** 9, 0]]], ids=["zeros", "K"])
def test_zero_dimension_does_not_bypass_the_size_cap(expr):
    lines, err = _dos([expr])
    assert lines and lines[0].startswith("CertificateError:"), (lines, err)


def test_top_sum_work_is_bounded():
    from symlandscape.certificates.check import MAX_TOP_SUM_DIM
    n = MAX_TOP_SUM_DIM + 1
    lines, err = _dos([["top_sum_attained", ["eye", n], ["zeros", n, 1], 1]])  # 5 s CPU limit
    assert lines and lines[0].startswith("CertificateError:") and "MAX_TOP_SUM_DIM" in lines[0], (lines, err)


# -- random tampering -------------------------------------------------------------------------------
def _paths(x, path=()):
    yield path
    if isinstance(x, dict):
        for k, v in x.items():
            yield from _paths(v, path + (k,))
    elif isinstance(x, list):
        for i, v in enumerate(x):
            yield from _paths(v, path + (i,))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats() | st.text(max_size=6)
    | st.sampled_from([0, 1, 1.0, 0.0, "1", "0", "1/2", "-1", "1e3", "A", "P", "S", "holds", "fails",
                       "hypotheses not met", "conclusion", "hypothesis", "value", "eq", "rank",
                       "pinv", "T", "mul", "inertia", "lit", "eye", "zeros", "matrices"]),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=4), c, max_size=3),
    max_leaves=8)
BASES = [kron_cert(0), kron_cert(1), demo_cert(), classify_cert()]
DEMO_BASE = 2  # claim "DEMO": checked with tie_to_claim=False (no registered claim to tie to)
#: Claim ids a tampered certificate may carry: strings and other hashable scalars (a JSON list
#: or object, or "CLASSIFY" on a matrices instance, crashes the tie: see
#: test_tie_to_claim_never_crashes).
CLAIM_IDS = (st.text(max_size=8) | st.none() | st.integers(-3, 3) | st.booleans()
             | st.sampled_from([c for c in claims()] + ["DEMO"]))


@st.composite
def tampered(draw):
    base = draw(st.sampled_from(range(len(BASES))))
    cert = copy.deepcopy(BASES[base])
    touched = []
    for _ in range(draw(st.integers(1, 2))):
        paths = [p for p in _paths(cert) if p]
        path = draw(st.sampled_from(paths))
        target = cert
        for k in path[:-1]:
            target = target[k]
        if isinstance(target, dict) and draw(st.booleans()):
            del target[path[-1]]
        elif isinstance(target, list) and draw(st.integers(0, 4)) == 0:
            target.insert(path[-1], draw(JSON))
        elif path == ("claim",):
            target[path[-1]] = draw(CLAIM_IDS)
        else:
            target[path[-1]] = draw(JSON)
        touched.append(path)
    return base, cert, touched


def _check(cert, tie):
    try:
        return check_certificate(cert, tie_to_claim=tie)
    except CertificateError:
        return None


@FAST
@given(tampered())
def test_random_tampering_verifies_or_certificate_error(case):
    base, cert, touched = case
    original = BASES[base]
    loose = _check(cert, False)
    tied = None if base == DEMO_BASE else _check(cert, True)
    if tied is not None:
        # The tie only adds checks: what it accepts, the evaluator accepts with the same verdict.
        assert tied == loose, (tied, loose)
        # Facts, defs and roles are the claim's own, so the verdict is the original one unless
        # the instance changed (another instance, another true case of the claim).
        if all(t[0] != "instance" for t in touched):
            assert tied["status"] == original["status"], (touched, json.dumps(cert)[:400])
    if loose is None:
        return
    assert loose["ok"] is True
    # A certificate that still verifies after one change of something other than the instance,
    # the defs or the claim id keeps the original verdict.
    if len(touched) == 1 and touched[0][0] not in ("instance", "defs", "claim"):
        assert loose["status"] == original["status"], (touched, json.dumps(cert)[:400])


@FAST
@given(st.sampled_from(range(len(BASES))), st.text(max_size=30) | st.none() | JSON)
def test_reason_is_bound_or_immaterial(base, reason):
    # Checked without the tie, "reason" is free text; with the tie (declared statements) it is
    # regenerated from the statement, so only the genuine reason verifies.
    cert = copy.deepcopy(BASES[base])
    genuine = cert.get("reason")
    cert["reason"] = reason
    assert check_certificate(cert, tie_to_claim=False) == check_certificate(
        copy.deepcopy(BASES[base]), tie_to_claim=False)
    if base != DEMO_BASE and reason != genuine:
        with pytest.raises(CertificateError):
            check_certificate(cert)


# -- independent evaluator vs fast evaluator -----------------------------------------------------------
SMALL = st.builds(Fraction, st.integers(-4, 4), st.sampled_from([1, 1, 1, 2, 3]))


@st.composite
def rational_matrix(draw, m, n):
    return [[draw(SMALL) for _ in range(n)] for _ in range(m)]


def lit(rows):
    return ["lit", [[str(x) for x in r] for r in rows]]


def _factor_pairs(k):
    return [(a, k // a) for a in range(1, k + 1) if k % a == 0]


class Gen:
    """Random well-typed expressions of a given shape over a random environment."""

    def __init__(self, draw, env_shapes):
        self.draw = draw
        self.env = env_shapes  # name -> shape

    def dim(self):
        return self.draw(st.integers(1, 3))

    def mat(self, m, n, depth):
        d = self.draw
        opts = ["lit"]
        names = [k for k, s in self.env.items() if s == (m, n)]
        if names:
            opts += ["name", "name"]
        if m == n:
            opts += ["eye"]
        if depth > 0:
            opts += ["T", "mul", "add", "sub", "neg", "scale", "pinv", "ginv", "hstack", "vstack",
                     "cols", "rows", "unvec", "mul3"]
            if m * n <= 4:
                opts += ["kron"]
            if n == 1 and m <= 4:
                opts += ["vec"]
            if m == n:
                opts += ["proj", "inv", "K"]
        op = d(st.sampled_from(opts))
        sub = depth - 1
        if op == "lit":
            return lit(d(rational_matrix(m, n)))
        if op == "name":
            return d(st.sampled_from(names))
        if op == "eye":
            return ["eye", m]
        if op == "T":
            return ["T", self.mat(n, m, sub)]
        if op == "mul":
            k = self.dim()
            return ["mul", self.mat(m, k, sub), self.mat(k, n, sub)]
        if op == "mul3":
            k, l = self.dim(), self.dim()
            return ["mul", self.mat(m, k, sub), self.mat(k, l, sub), self.mat(l, n, sub)]
        if op in ("add", "sub"):
            return [op, self.mat(m, n, sub), self.mat(m, n, sub)]
        if op == "neg":
            return ["neg", self.mat(m, n, sub)]
        if op == "scale":
            return ["scale", str(d(SMALL)), self.mat(m, n, sub)]
        if op == "pinv":
            return ["pinv", self.mat(n, m, sub)]
        if op == "ginv":
            return ["ginv", self.mat(n, m, sub), self.mat(m, n, sub)]
        if op == "proj":
            return ["proj", self.mat(m, self.dim(), sub)]
        if op == "inv":  # I + B^T B is positive definite, hence invertible
            b = self.mat(self.dim(), n, sub)
            return ["inv", ["add", ["eye", n], ["mul", ["T", b], b]]]
        if op == "K":
            a, b = d(st.sampled_from(_factor_pairs(m)))
            return ["K", a, b]
        if op == "hstack":
            if n == 1:
                return self.mat(m, n, sub)
            a = d(st.integers(1, n - 1))
            return ["hstack", self.mat(m, a, sub), self.mat(m, n - a, sub)]
        if op == "vstack":
            if m == 1:
                return self.mat(m, n, sub)
            a = d(st.integers(1, m - 1))
            return ["vstack", self.mat(a, n, sub), self.mat(m - a, n, sub)]
        if op == "cols":
            k = self.dim()
            return ["cols", self.mat(m, k, sub), d(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))]
        if op == "rows":
            k = self.dim()
            return ["rows", self.mat(k, n, sub), d(st.lists(st.integers(0, k - 1), min_size=m, max_size=m))]
        if op == "unvec":
            return ["unvec", self.mat(m * n, 1, sub), m, n]
        if op == "vec":
            a, b = d(st.sampled_from(_factor_pairs(m)))
            return ["vec", self.mat(a, b, sub)]
        if op == "kron":
            p, r = d(st.sampled_from(_factor_pairs(m)))
            q, s = d(st.sampled_from(_factor_pairs(n)))
            return ["kron", self.mat(p, q, sub), self.mat(r, s, sub)]
        raise AssertionError(op)

    def symmetric(self, n, depth):
        d = self.draw
        kind = d(st.sampled_from(["AtA", "AAt", "S+St", "product", "lit"]))
        if kind == "AtA":
            a = self.mat(self.dim(), n, depth)
            return ["mul", ["T", a], a]
        if kind == "AAt":
            a = self.mat(n, self.dim(), depth)
            return ["mul", a, ["T", a]]
        if kind == "S+St":
            s = self.mat(n, n, depth)
            return ["add", s, ["T", s]]
        if kind == "product":  # B^T S B with S symmetric indefinite
            k = self.dim()
            s = self.mat(k, k, depth)
            b = self.mat(k, n, depth)
            return ["mul", ["T", b], ["add", s, ["T", s]], b]
        rows = d(rational_matrix(n, n))
        return lit([[rows[min(i, j)][max(i, j)] for j in range(n)] for i in range(n)])

    def scalar(self, depth):
        d = self.draw
        op = d(st.sampled_from(["rank", "frob2", "trace", "det", "entry", "q", "int"]))
        m, n = self.dim(), self.dim()
        if op == "rank":
            return ["rank", self.mat(m, n, depth)]
        if op == "frob2":
            return ["frob2", self.mat(m, n, depth)]
        if op in ("trace", "det"):
            return [op, self.mat(m, m, depth)]
        if op == "entry":
            return ["entry", self.mat(m, n, depth), d(st.integers(0, m - 1)), d(st.integers(0, n - 1))]
        if op == "q":
            return ["q", str(d(SMALL))]
        return d(st.integers(-3, 3))

    def boolean(self, depth):
        d = self.draw
        op = d(st.sampled_from(["eq", "ne", "eq_id", "lt", "le", "is_zero", "colspace_le",
                                "colspace_eq", "not", "and", "or", "eq_scalar", "top_sum"]))
        m, n = self.dim(), self.dim()
        if op in ("eq", "ne"):
            return [op, self.mat(m, n, depth), self.mat(m, n, depth)]
        if op == "eq_id":  # an identity that holds: A A^+ A = A, or the Kronecker vec rule
            a = self.mat(m, n, depth)
            return ["eq", ["mul", a, ["pinv", a], a], a]
        if op == "eq_scalar":
            return ["eq", self.scalar(depth), self.scalar(depth)]
        if op in ("lt", "le"):
            return [op, self.scalar(depth), self.scalar(depth)]
        if op == "is_zero":
            return ["is_zero", self.mat(m, n, depth)]
        if op in ("colspace_le", "colspace_eq"):
            return [op, self.mat(m, n, depth), self.mat(m, self.dim(), depth)]
        if op == "top_sum":  # a PSD A^T A (or A A^T), any B (k >= rank B: k = its column count)
            a = self.mat(self.dim(), m, depth)
            S = ["mul", ["T", a], a]
            ncols = self.dim()
            B = self.mat(m, ncols, depth)
            flag = d(st.sampled_from([[], ["strict"]]))
            return ["top_sum_attained", S, B, ncols + d(st.integers(0, 1)), *flag]
        if op == "not":
            return ["not", self.boolean(max(depth - 1, 0))]
        return [op] + [self.boolean(max(depth - 1, 0)) for _ in range(d(st.integers(0, 3)))]

    def any(self, depth):
        kind = self.draw(st.sampled_from(["mat", "mat", "scalar", "bool", "inertia"]))
        if kind == "mat":
            return self.mat(self.dim(), self.dim(), depth)
        if kind == "scalar":
            return self.scalar(depth)
        if kind == "bool":
            return self.boolean(depth)
        return ["inertia", self.symmetric(self.dim(), depth)]


@st.composite
def env_and_expr(draw):
    shapes = {name: (draw(st.integers(1, 3)), draw(st.integers(1, 3))) for name in "ABC"}
    env = {name: draw(rational_matrix(*s)) for name, s in shapes.items()}
    g = Gen(draw, shapes)
    expr = g.any(draw(st.integers(0, 3)))
    return env, expr


def both(expr, env):
    fast_env = {k: QMatrix([[str(x) for x in r] for r in v]) for k, v in env.items()}
    slow_env = {k: [r[:] for r in v] for k, v in env.items()}
    return encode_value(evaluate(expr, fast_env)), chk._encode(independent_evaluate(expr, slow_env))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(env_and_expr())
def test_independent_evaluator_agrees(case):
    env, expr = case
    fast, slow = both(expr, env)
    assert fast == slow, json.dumps(expr)


@FAST
@given(st.data())
def test_inertia_of_symmetric_products_agrees(data):
    n = data.draw(st.integers(1, 4))
    g = Gen(data.draw, {})
    expr = ["inertia", g.symmetric(n, data.draw(st.integers(0, 2)))]
    fast, slow = both(expr, {})
    assert fast == slow and sum(fast) == n, json.dumps(expr)


@FAST
@given(st.data())
def test_rank_pinv_kron_vec_proj_ginv_agree(data):
    m, n = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    A = data.draw(rational_matrix(m, n))
    U = data.draw(rational_matrix(n, m))
    B = data.draw(rational_matrix(data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))))
    env = {"A": A, "U": U, "B": B}
    for expr in (["rank", "A"], ["pinv", "A"], ["kron", "A", "B"], ["vec", "A"], ["proj", "A"],
                 ["ginv", "A", "U"], ["eq", ["mul", "A", ["ginv", "A", "U"], "A"], "A"],
                 ["inertia", ["mul", ["T", "A"], "A"]], ["inertia", ["mul", "A", ["T", "A"]]],
                 ["eq", ["vec", ["mul", "A", "U", "A"]], ["mul", ["kron", ["T", "A"], "A"], ["vec", "U"]]],
                 ["colspace_eq", ["proj", "A"], "A"], ["K", m, n], ["trace", ["proj", "A"]]):
        fast, slow = both(expr, env)
        assert fast == slow, json.dumps(expr)


@st.composite
def network_case(draw):
    model = draw(st.sampled_from(["deep_linear", "residual_linear"]))
    if model == "deep_linear":
        widths = draw(st.lists(st.integers(1, 2), min_size=2, max_size=4))
    else:
        widths = [draw(st.integers(1, 2))] * draw(st.integers(2, 4))
    m = draw(st.integers(1, 3))
    env = {"X": draw(rational_matrix(widths[0], m)), "Y": draw(rational_matrix(widths[-1], m))}
    for k in range(len(widths) - 1):
        env[f"W{k + 1}"] = draw(rational_matrix(widths[k + 1], widths[k]))
    return model, env, [f"W{k + 1}" for k in range(len(widths) - 1)]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network_case(), st.sampled_from(["loss", "grad", "hessian"]))
def test_network_ops_agree(case, op):
    model, env, Ws = case
    fast, slow = both([op, model, "X", "Y", Ws], env)
    assert fast == slow


# -- review findings: forged CLASSIFY verdicts and statuses ---------------------------------

def test_classify_verdict_swap_rejected():
    cert = classify_cert()                         # a strict saddle
    assert cert["verdict"] == "strict saddle"
    assert check_certificate(cert)["ok"]
    cert["verdict"] = "global minimum"
    with pytest.raises(CertificateError, match="verdict"):
        check_certificate(cert)


def test_undetermined_classification_cannot_be_promoted(monkeypatch):
    # The origin of a depth-3 net is a (higher-order) saddle only through a descent curve;
    # with the curve search switched off classify must say "undetermined". (The old
    # instance here, an undecidable compound of size C(11, 5), is decided now: the
    # global-minimum test is polynomial; see tests/landscape/test_globalmin.py.)
    import symlandscape.landscape.classify as cl
    monkeypatch.setattr(cl, "_search_curve", lambda *a, **k: None)
    net = sl.DeepLinear([1, 1, 1, 1], [[1]], [[1]])
    c = sl.classify(net, [[[0]], [[0]], [[0]]])
    assert c.verdict == "undetermined"
    cert = json.loads(json.dumps(c.certificate))
    cert["status"], cert["verdict"] = "holds", "higher-order saddle"
    with pytest.raises(CertificateError):
        check_certificate(cert)


def test_unvec_with_absurd_dimensions_is_a_certificate_error():
    env_cert = {"format": "symlandscape-certificate", "version": 1, "claim": "DEMO",
                "status": "holds", "reason": "", "defs": {},
                "instance": {"model": "matrices", "matrices": {"A": [["1"]]}},
                "facts": [{"role": "conclusion", "text": "t",
                           "expr": ["is_zero", ["unvec", "A", 10 ** 30, 0]], "value": True}]}
    with pytest.raises(CertificateError):
        check_certificate(env_cert, tie_to_claim=False)
