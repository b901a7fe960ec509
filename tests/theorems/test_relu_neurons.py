"""TIAN and WU [seed 003]: verdicts, certificates, and tampered certificates rejected.

Independent references: SymPy's exact gradient of the unit-norm loss in angle form (with the
arc-cosine kernel written from the formula, angle differences of multiples of 1/8 turn), and
hand values (Tian: L(c w*) = (1 - c)^2 |w*|^2 / 4 for c > 0).
"""

import copy
import json

import pytest
import sympy

import symlandscape as sl
from symlandscape import CertificateError, check_certificate
from symlandscape.provers.relu_neurons import tian_instance, wu_instance

# -- TIAN ---------------------------------------------------------------------------------------------


def test_tian_holds_exactly_and_certificates_verify():
    for inst in sl.get_claim("TIAN").instances():
        v = sl.check_claim("TIAN", inst)
        check_certificate(v.certificate)
        if inst.widths[1] == 1:
            assert v.status == "holds" and v.kind == ("certified (interval)" if inst.widths[0] == 2 else "exact")
        else:
            assert v.status == "hypotheses not met"


def test_tian_values_by_hand():
    v = sl.check_claim("TIAN", tian_instance([3, 4]))       # |w*|^2 = 25
    facts = {f["key"]: f for f in v.certificate["facts"]}
    assert facts["loss_at_zero"]["value"] is True
    assert all(facts[k]["value"] is True for k in facts if k.startswith("descent_from_zero"))
    from symlandscape.models.relu_aligned import aligned_loss
    from symlandscape.models.relu_population import ReLUPopulation
    net = ReLUPopulation([2, 1, 1], [[3], [4]], [[1]])
    for c in (sympy.Rational(1, 2), sympy.Rational(3, 2), sympy.Rational(5, 2)):
        w = [[str(3 * c), str(4 * c)]]
        assert sympy.Rational(str(aligned_loss(net, [w, [[1]]]))) == (1 - c) ** 2 * 25 / 4
    assert str(aligned_loss(net, [[["-3", "-4"]], [[1]]])) == "25/2"   # antiparallel: |w|^2/4 + |w*|^2/4


def test_tian_tampered_certificate_rejected():
    cert = sl.check_claim("TIAN", tian_instance([1, -1, 2])).certificate
    bad = copy.deepcopy(cert)
    bad["instance"]["X"] = [["1"], ["3"], ["0"]]      # another instance: the same facts hold there
    check_certificate(bad)
    for key in ("hessian", "global_min"):
        bad = copy.deepcopy(cert)
        fact = next(f for f in bad["facts"] if f["key"] == key)
        fact["expr"] = ["eq", ["hessian", "relu_population", "X", "Y", [["T", "X"], ["lit", [["1"]]]]],
                        ["scale", "1", ["eye", 3]]]
        with pytest.raises(CertificateError):
            check_certificate(bad)


def test_tian_plane_certificate_tampered():
    cert = sl.check_claim("TIAN", tian_instance([1, 2])).certificate
    box = cert["witnesses"]["polar_box"]["box"]
    assert sympy.Rational(box[0][0]) ** 2 <= 5 <= sympy.Rational(box[0][1]) ** 2
    for forge in ("shift", "mu"):
        bad = json.loads(json.dumps(cert))
        if forge == "shift":
            w = sympy.Rational(box[1][1]) - sympy.Rational(box[1][0])
            bad["witnesses"]["polar_box"]["box"][1] = [str(sympy.Rational(x) + w / 4) for x in box[1]]
        else:
            bad["witnesses"]["polar_box"]["mu"] = "1"
        with pytest.raises(CertificateError):
            check_certificate(bad)


# -- WU -------------------------------------------------------------------------------------------------
def _f1(D):
    """d/dDelta of the unit arc-cosine kernel f, Delta in [-pi, pi] (SymPy, exact)."""
    return -(sympy.pi - sympy.Abs(D)) * sympy.sin(D) / (2 * sympy.pi)


def _fold(D):
    while D > sympy.pi:
        D -= 2 * sympy.pi
    while D < -sympy.pi:
        D += 2 * sympy.pi
    return D


def sympy_gradient(tau, phi=(0, sympy.Rational(1, 4))):
    """d L / d tau_i (turns) for two unit-norm units and unit teachers at angles phi."""
    t = [sympy.Rational(x) for x in tau]
    out = []
    for i in range(2):
        o = 1 - i
        g = _f1(_fold(2 * sympy.pi * (t[i] - t[o]))) - sum(_f1(_fold(2 * sympy.pi * (t[i] - p))) for p in phi)
        out.append(sympy.simplify(2 * sympy.pi * g))
    return out


EXACT_CRITICAL = {("0", "1/4"): "minimum", ("1/4", "0"): "minimum", ("1/8", "1/8"): "not a minimum",
                  ("-3/8", "-3/8"): "not a minimum", ("1/8", "-3/8"): "not a minimum",
                  ("-3/8", "1/8"): "not a minimum"}


@pytest.fixture(scope="module")
def wu_cert():
    v = sl.check_claim("WU", wu_instance([[1, 0], [0, 1]]))
    assert v.status == "holds" and v.kind == "certified (interval)"
    return v.certificate


def test_wu_boxes_hold_the_sympy_critical_points(wu_cert):
    for pt, kind in EXACT_CRITICAL.items():
        assert sympy_gradient(pt) == [0, 0]
    items = wu_cert["witnesses"]["critical_points"]
    assert len(items) == len(EXACT_CRITICAL)
    for pt, kind in EXACT_CRITICAL.items():
        holders = [it for it in items if all(sympy.Rational(lo) <= sympy.Rational(p) <= sympy.Rational(hi)
                                             for (lo, hi), p in zip(it["box"], pt))]
        assert len(holders) == 1 and holders[0]["kind"] == kind


def test_wu_certificate_verifies(wu_cert):
    check_certificate(wu_cert)


def _tampered(cert, fn):
    bad = json.loads(json.dumps(cert))
    fn(bad["witnesses"]["critical_points"])
    return bad


def _shift(items):
    lo, hi = items[0]["box"][0]
    w = sympy.Rational(hi) - sympy.Rational(lo)
    items[0]["box"][0] = [str(sympy.Rational(lo) + 3 * w), str(sympy.Rational(hi) + 3 * w)]


def _widen(items):
    it = next(i for i in items if i["kind"] == "minimum")
    it["box"] = [[str(sympy.Rational(lo) - sympy.Rational(1, 4)), str(sympy.Rational(hi) + sympy.Rational(1, 4))]
                 for lo, hi in it["box"]]


def _forge_mu(items):
    it = next(i for i in items if i["kind"] == "minimum")
    it["mu"] = str(sympy.Rational(it["mu"]) * 10)


def _drop_box(items):
    del items[-1]


def _forge_u(items):
    it = next(i for i in items if i["kind"] == "not a minimum")
    it["u"] = [["0"], ["1"]] if it["u"] != [["0"], ["1"]] else [["1"], ["0"]]


@pytest.mark.parametrize("tamper", [_shift, _widen, _forge_mu, _drop_box, _forge_u],
                         ids=["box shifted off the zero", "widened box", "forged eigenvalue bound",
                              "a critical point left out", "forged curvature direction"])
def test_wu_tampered_certificate_rejected(wu_cert, tamper):
    with pytest.raises(CertificateError):
        check_certificate(_tampered(wu_cert, tamper))


def test_wu_wrong_witness_is_undetermined_not_fails():
    from symlandscape.facts.fast import FAST
    from symlandscape.facts.statement import Run, Undecided
    from symlandscape.provers.relu_neurons import wu_critical_points
    inst = wu_instance([[1, 0], [0, 1]])
    items = wu_critical_points(inst)
    _shift(items)
    run = Run("WU", inst.view(), dict(inst.env), FAST, witness=lambda name, **_: items)
    try:
        sl.get_claim("WU").decl.run(run)
        status = run.status()[0]
    except Undecided:                  # what check_instance reports as "undetermined"
        status = "undetermined"
    assert status == "undetermined"


def test_wu_hypotheses():
    assert sl.check_claim("WU", wu_instance([[1, 1], [0, 1]])).status == "hypotheses not met"
    assert sl.check_claim("WU", wu_instance([[1, 0], [0, 1], [0, 0]])).status == "hypotheses not met"
