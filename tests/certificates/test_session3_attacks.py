"""Attacks on the independent checker for the claims added in session 3 (review of 2026-11-30).

One genuine certificate per claim (module-scoped fixtures, the smallest of the claim's bundled
instances that gives one), then tampering: recorded fields flipped, instances changed under
the recorded facts, witnesses forged. A *forged* certificate is made self-consistent the way
an attacker would (``forged``: the witnesses replaced and every recorded field set to what the
checker's own replay gives), so only the statement's logic and the checker's arithmetic can
object. Every tampered certificate must be refused with a ``CertificateError``; a forged
witness must never turn a claim that holds into "fails".

Holes this file pins. Fixed in the statements (version 2): GROW-6.1 with a rank-deficient
parametrisation witness (or a singular zero of L), and GROW-6.2 with a critical point of
positive loss recorded as its "global minimum", were accepted as "fails"; TIAN with a plane
witness whose eigenvalue bound is mu <= 0 was accepted as "fails"; WU with a repeated box was
accepted with its point counted twice (critical points, local minima). Fixed in the checker:
a feedforward witness point wider than the instance (GROW-6.2) had its gradient and Hessian
computed whatever the number of parameters (minutes from a 40 KB certificate).
"""

import copy
import json
import time
from fractions import Fraction

import pytest

import symlandscape as sl
from symlandscape.certificates.check import CertificateError, _replay, check_certificate
from symlandscape.provers.registry import get_claim as provable
from symlandscape.theorems.declare import get_claim


def forged(cert, **witnesses):
    """``cert`` with ``witnesses`` replaced and every recorded field set to the replay's; None
    when the checker refuses the witness itself."""
    b = copy.deepcopy(cert)
    b["witnesses"].update(witnesses)
    try:
        mine = _replay(b, get_claim(b["claim"]))
    except CertificateError:
        return None
    b.update(copy.deepcopy(mine))
    return b


def rejected(cert) -> bool:
    try:
        check_certificate(cert)
    except CertificateError:
        return True
    return False


def assert_forgery_fails(cert, **witnesses):
    """The forged certificate is refused by the replay, or comes out not-"fails" and, when
    undetermined, is refused by the checker."""
    b = forged(cert, **witnesses)
    if b is None:
        return
    assert b["status"] != "fails", f"a forged witness made {cert['claim']} fail"
    if b["status"] == "undetermined":
        assert rejected(b)


_CACHE = {}


def genuine(claim, status=("holds",), want=None, limit=None):
    """The smallest certificate of the claim's bundled instances with one of ``status`` (and
    ``want(cert)``), trying at most ``limit`` instances."""
    key = (claim, status, want, limit)
    if key not in _CACHE:
        best = None
        for k, inst in enumerate(provable(claim).instances()):
            if limit is not None and k >= limit:
                break
            v = sl.check_claim(claim, inst)
            c = v.certificate
            if c is not None and c["status"] in status and (want is None or want(c)):
                if best is None or len(json.dumps(c)) < len(json.dumps(best)):
                    best = c
        assert best is not None, f"no genuine certificate of {claim}"
        _CACHE[key] = best
    return copy.deepcopy(_CACHE[key])


# -- fast claims: the generic battery -------------------------------------------------------------
FAST = ["PATH-6", "FIB-5.7", "FIB-5.8", "FIB-5.9", "WIDE-5.14", "AW-002-5.14", "ZERO-MAN", "WIDE-5.19",
        "AW-002-5.16", "AW-002-5.19", "HM-1", "HM-2", "AW-003-HM2", "AW-003-YC", "YC", "NH"]


def _status_of(claim):
    return ("fails",) if claim == "AW-003-YC" else ("holds", "fails")


@pytest.fixture(scope="module", params=FAST)
def fast_cert(request):
    return genuine(request.param, _status_of(request.param))


def test_genuine_and_resorted_certificates_verify(fast_cert):
    assert check_certificate(fast_cert)["ok"]
    assert check_certificate(json.loads(json.dumps(fast_cert, sort_keys=True)))["ok"]   # key order is free
    assert check_certificate(json.loads(json.dumps(fast_cert, indent=3)))["ok"]


def test_flipped_fact_values_are_refused(fast_cert):
    bools = [i for i, f in enumerate(fast_cert["facts"]) if isinstance(f["value"], bool)]
    for i in sorted({*bools[:2], *bools[-2:]}):          # each costs a full replay
        f = fast_cert["facts"][i]
        if True:
            b = copy.deepcopy(fast_cert)
            b["facts"][i]["value"] = not f["value"]
            assert rejected(b), f["key"]


def test_status_reason_and_fact_list_edits_are_refused(fast_cert):
    edits = [lambda b: b.update(status="fails" if b["status"] == "holds" else "holds"),
             lambda b: b.update(status="hypotheses not met"),
             lambda b: b.update(reason="forged"),
             lambda b: b["facts"].pop(),
             lambda b: b["facts"].append(copy.deepcopy(b["facts"][0])),
             lambda b: b["facts"].reverse(),
             lambda b: b.update(extra=1),
             lambda b: b["facts"][0].update(note="x"),
             lambda b: b["instance"].update(extra=1),
             lambda b: b["witnesses"].update(unused=1),
             lambda b: b.update(kind="certified (interval)" if b.get("kind") is None else None)]
    for k, edit in enumerate(edits):
        b = copy.deepcopy(fast_cert)
        edit(b)
        if b["facts"] != fast_cert["facts"] or k != 5:     # reversing one fact changes nothing
            assert rejected(b), k


def test_relabelled_as_another_claim_is_refused(fast_cert):
    same_statement = {frozenset({"YC", "NH"})}      # YC's statement is NH's: the same facts
    for other in FAST:
        if other == fast_cert["claim"] or frozenset({other, fast_cert["claim"]}) in same_statement:
            continue
        b = copy.deepcopy(fast_cert)
        b["claim"] = other
        assert rejected(b), other


def test_yc_relabelled_nh_is_the_same_statement():
    # benign: YC's statement is NH's statement run on the same instance; both hold there
    b = genuine("YC")
    b["claim"] = "NH"
    assert check_certificate(b)["ok"] and b["status"] == "holds"


def test_bad_numbers_and_shapes_are_refused_quickly(fast_cert):
    inst_key = "X" if "X" in fast_cert["instance"] else None
    bads = ["1e999999", "NaN", "inf", "1.5", "0x10", "1/0", "--1", " 1", 0.5, True, None, [], {}, "9" * 100_001]
    for bad in bads:
        b = copy.deepcopy(fast_cert)
        if inst_key:
            b["instance"][inst_key][0][0] = bad
        else:
            name = next(iter(b["instance"]["matrices"]))
            b["instance"]["matrices"][name][0][0] = bad
        t = time.perf_counter()
        assert rejected(b), repr(bad)[:20]
        assert time.perf_counter() - t < 5
    b = copy.deepcopy(fast_cert)
    if "widths" in b["instance"]:
        b["instance"]["widths"] = [10 ** 6] * len(b["instance"]["widths"])
        assert rejected(b)
    deep = 1
    for _ in range(100_000):
        deep = [deep]
    b = copy.deepcopy(fast_cert)
    b["witnesses"]["deep"] = deep
    assert rejected(b)
    for name in list(fast_cert["witnesses"]):
        b = copy.deepcopy(fast_cert)
        nest = 1
        for _ in range(5000):
            nest = [nest]
        b["witnesses"][name] = nest
        assert rejected(b), name


def test_instance_edits_under_the_recorded_facts_are_refused():
    # claims whose recorded values depend on the data: a changed instance must be refused
    for claim, edit in [("FIB-5.7", lambda i: i["X"][0].__setitem__(0, "7/5")),
                        ("FIB-5.7", lambda i: i.update(a2="3")),
                        ("FIB-5.7", lambda i: i.update(hidden_bias=str(1 - int(i["hidden_bias"])))),
                        ("FIB-5.9", lambda i: i["weights"][0][0].__setitem__(0, "99/7")),
                        ("ZERO-MAN", lambda i: i["weights"][-1][0].__setitem__(0, "5")),
                        ("HM-1", lambda i: i["weights"][0][0].__setitem__(0, "1/3")),
                        ("AW-003-YC", lambda i: i["Y"][0].__setitem__(0, "1/3")),
                        ("NH", lambda i: i["X"][0].__setitem__(0, "3"))]:
        b = genuine(claim, _status_of(claim))
        edit(b["instance"])
        assert rejected(b), claim


# -- section 6 growth claims: witness-decided conclusions (holes fixed: version 2) ---------------
@pytest.fixture(scope="module")
def grow61():
    return genuine("GROW-6.1", limit=1)


def test_grow61_rank_deficient_parametrisation_is_not_a_failure(grow61):
    # Attack (accepted before version 2 with status "fails"): a zero parametrisation of a
    # piece, so that "rank J = N - codim" came out false.
    for name in [k for k in grow61["witnesses"] if k.startswith("param")]:
        J = grow61["witnesses"][name]
        assert_forgery_fails(grow61, **{name: [["0"] * len(J[0]) for _ in J]})


def test_grow61_forged_global_minimum_is_refused(grow61):
    W = copy.deepcopy(grow61["witnesses"]["global_min"])
    W[-1][0][0] = str(Fraction(W[-1][0][0]) + 1)           # loss > 0 now
    assert_forgery_fails(grow61, global_min=W)


def test_grow62_critical_point_as_global_minimum_is_not_a_failure():
    # Attack (accepted before version 2 with status "fails"): the star point (critical, loss
    # > 0, rank H > d m) recorded as the "global minimum". The replay stops at the new
    # zero-loss fact, so this stays cheap.
    c = genuine("GROW-6.2", limit=1)
    b = forged(c, global_min=c["witnesses"]["star_point"])
    assert b is not None and b["status"] == "undetermined"
    assert rejected(b)


# -- TIAN (plane check) --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tian():
    return genuine("TIAN", want=lambda c: "polar_box" in c["witnesses"])


@pytest.mark.parametrize("mu", ["0", "-1", "-1/1000"])
def test_tian_nonpositive_mu_is_not_a_failure(tian, mu):
    # Attack (accepted before version 2 with status "fails"): the conclusion "mu > 0 and
    # pd_on(mu)" came out false for mu <= 0 although pd_on held.
    assert_forgery_fails(tian, polar_box={**tian["witnesses"]["polar_box"], "mu": mu})


def test_tian_box_forgeries_are_refused(tian):
    pb = tian["witnesses"]["polar_box"]
    (r0, r1), (t0, t1) = [[Fraction(x) for x in r] for r in pb["box"]]
    w = r1 - r0
    for box in ([[str(r0 - 1000 * w), str(r1 + 1000 * w)], [str(t0), str(t1)]],       # widened
                [[str(r0), str(r1)], [str(t1), str(2 * t1)]],                          # misses w*
                [["-1", str(r1)], [str(t0), str(t1)]],                                 # r < 0
                [[str(r0), str(r1)], ["-1/2", "1/2"]],                                 # a whole turn
                [[str(r0), str(r1)], [str(t0)]]):                                      # malformed
        assert_forgery_fails(tian, polar_box={**pb, "box": box})
        b = copy.deepcopy(tian)
        b["witnesses"]["polar_box"] = {**pb, "box": box}
        assert rejected(b)
    b = copy.deepcopy(tian)
    b["witnesses"]["polar_box"] = {**pb, "mu": str(Fraction(pb["mu"]) * 100)}      # raised bound
    assert rejected(b)
    b = copy.deepcopy(tian)
    b["instance"]["X"] = [["3"], ["4"]]                                            # another teacher
    assert rejected(b)


# -- WU (torus enumeration) ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def wu():
    return genuine("WU", limit=1)


def _items(wu):
    return copy.deepcopy(wu["witnesses"]["critical_points"])


def test_wu_forgeries_are_refused(wu):
    # each refused by the fact it breaks, before the costly cover where possible
    items = _items(wu)
    sad = next(i for i, it in enumerate(items) if it["kind"] != "minimum")
    mn = next(i for i, it in enumerate(items) if it["kind"] == "minimum")
    forgeries = []
    x = _items(wu)
    x[sad] = {"box": x[sad]["box"], "kind": "minimum", "mu": "1/1000"}          # a saddle called a minimum
    forgeries.append(x)
    x = _items(wu)
    x[mn]["mu"] = str(Fraction(x[mn]["mu"]) * 100)                              # raised bound
    forgeries.append(x)
    x = _items(wu)
    x[sad]["u"] = [["0"], ["0"]]                                                # no curvature direction
    forgeries.append(x)
    x = _items(wu)
    x[mn] = {"box": x[mn]["box"], "kind": "not a minimum", "u": [["1"], ["0"]]}  # a minimum called a saddle
    forgeries.append(x)
    forgeries.append([{"box": [["-33/64", "33/64"], ["-33/64", "33/64"]], "kind": "not a minimum",
                       "u": [["1"], ["0"]]}])                                    # one box for everything
    forgeries.append(items[:sad] + items[sad + 1:])                             # a critical point dropped
    for x in forgeries:
        b = copy.deepcopy(wu)
        b["witnesses"]["critical_points"] = x
        assert rejected(b)
        assert forged(wu, critical_points=x) is None


def test_wu_nonpositive_mu_is_undetermined(wu):
    x = _items(wu)
    mn = next(i for i, it in enumerate(x) if it["kind"] == "minimum")
    x[mn]["mu"] = "0"
    assert_forgery_fails(wu, critical_points=x)


def test_wu_other_teacher_is_refused(wu):
    for X in ([["0", "1"], ["1", "0"]], [["-1", "0"], ["0", "1"]]):
        b = copy.deepcopy(wu)
        b["instance"]["X"] = X
        assert rejected(b)


# -- NH / YC / AW-003-YC (sigmoid_mlp, pd_on_span) ----------------------------------------------
@pytest.mark.parametrize("claim", ["NH", "YC"])
def test_nh_fit_forgeries_are_refused(claim):
    c = genuine(claim)
    w = c["witnesses"]["minimum"]
    assert w["form"] == "fit"
    for bad in ({"mu": str(Fraction(w["mu"]) * 100)}, {"radius": str(Fraction(w["radius"]) * 100)},
                {"centre_loss": ["0", "0"]}, {"W1": [[str(Fraction(x) + 1) for x in r] for r in w["W1"]]},
                {"loss": ["1", "2"]}):
        assert forged(c, minimum={**w, **bad}) is None
        b = copy.deepcopy(c)
        b["witnesses"]["minimum"] = {**w, **bad}
        assert rejected(b)
    for bad in ({"mu": "0"}, {"radius": "0"}, {"mu": "-1"}):     # too weak: undetermined, never "fails"
        assert_forgery_fails(c, minimum={**w, **bad})


def test_aw_yc_forgeries_are_refused():
    c = genuine("AW-003-YC", ("fails",))
    w = c["witnesses"]["duplicated"]
    F = Fraction
    for bad in ({"loss": [str(F(w["loss"][0]) * 2), str(F(w["loss"][1]) * 2)]},    # the minimum's loss raised
                {"point": ["2", "1", "0", "0"]},                                  # another "better" point
                {"narrow_box": [[str(F(a) + F(1, 10)), str(F(b) + F(1, 10))] for a, b in w["narrow_box"]]},
                {"mu": str(F(w["mu"]) * 100)},
                {"point_loss": ["0", "0"]}):
        assert forged(c, duplicated={**w, **bad}) is None
        b = copy.deepcopy(c)
        b["witnesses"]["duplicated"] = {**w, **bad}
        assert rejected(b)
    # a loss gap the witness cannot show: undetermined, not "fails"
    b = forged(c, duplicated={**w, "point_loss": ["0", w["loss"][1]]})
    assert b is None or b["status"] == "undetermined"


# -- CLASSIFY v2: "not a local maximum" at a zero Hessian ----------------------------------------
def test_classify_v2_forged_rise_curve_is_refused():
    net = sl.DeepLinear([1, 1, 1, 1], X=[[1]], Y=[[1]])
    c = sl.classify(net, [[[0]], [[0]], [[0]]]).certificate
    assert c["status"] == "holds" and c["verdict"] == "higher-order saddle"
    # a flat curve, or one along which the loss only drops, proves nothing: undetermined
    for rise in ([[[["0"]], [["0"]], [["0"]]]], [[[["1"]], [["1"]], [["1"]]]]):
        b = forged(c, rise=rise, curve=[[[["0"]], [["0"]], [["0"]]]])
        assert b is None or b["status"] == "undetermined"
    b = copy.deepcopy(c)
    b["verdict"] = "local maximum"
    assert rejected(b)
    b = copy.deepcopy(c)
    b["facts"] = [f for f in b["facts"] if f["key"] != "not_local_max"]
    assert rejected(b)


def test_wu_repeated_box_does_not_inflate_the_counts(wu):
    # Attack (accepted before version 2): a box listed twice; every fact held and the values
    # "critical points" and "local minima among them" counted its point twice.
    items = _items(wu)
    mn = next(i for i, it in enumerate(items) if it["kind"] == "minimum")
    b = forged(wu, critical_points=items + [items[mn]])
    assert b is not None and b["status"] == "undetermined"
    assert rejected(b)
    counts = {f["key"]: f["value"] for f in wu["facts"] if f["key"] in ("count", "minima")}
    assert counts == {"count": str(len(items)), "minima": str(sum(it["kind"] == "minimum" for it in items))}


def test_grow62_witness_point_wider_than_the_instance_is_refused_quickly():
    # Attack (a 40 KB certificate took 100 s at hidden width 24, growing like width^4, before
    # the fix): a "core point" of a much wider network than the instance's; its gradient
    # and Hessian were computed whatever their size. The params limit now applies to
    # feedforward points in facts as it did to deep linear ones.
    c = genuine("GROW-6.2", limit=1)
    inst = c["instance"]
    hb, L = int(inst["hidden_bias"]), len(inst["widths"]) - 1
    h = 24
    W = [[["1/3"] + ["0"] * hb for _ in range(h)]]
    W += [[["1/5"] * (h + hb) for _ in range(h)] for _ in range(L - 2)]
    W += [[["0"] * h + ["1"] * int(inst["output_bias"])]]
    b = copy.deepcopy(c)
    b["witnesses"]["core_point"] = W
    t = time.perf_counter()
    with pytest.raises(CertificateError, match="parameters"):
        check_certificate(b)
    assert time.perf_counter() - t < 5
