"""AUER: two certified local minima of a sigmoid neuron, re-checked independently; tampered
boxes, eigenvalue bounds, loss enclosures and kinds are rejected."""

import copy
import json
from fractions import Fraction

import mpmath
import pytest
import sympy

import symlandscape as sl
from symlandscape.models import SigmoidNeuron
from symlandscape.provers import neurons

INSTANCES = list(neurons._auer_instances())


@pytest.fixture(scope="module")
def verdicts():
    return [sl.check_claim("AUER", inst) for inst in INSTANCES]


def test_auer_holds_certified_by_intervals(verdicts):
    for v in verdicts:
        assert v.status == "holds", v.reason
        assert v.kind == "certified (interval)" == v.certificate["kind"] == v.to_dict()["kind"]
        assert len(v.certificate["witnesses"]["minima"]) >= 2
        assert sl.check_certificate(json.loads(json.dumps(v.certificate)))["ok"]


def test_exact_verdicts_carry_no_kind():
    v = sl.check_claim("KRON-1", {"model": "matrices", "matrices": {"A": [[1]], "B": [[2]], "C": [[3]]}})
    assert v.kind == "exact" and "kind" not in v.certificate


def test_minima_confirmed_by_mpmath(verdicts):
    """Independently of both interval codes: mpmath's Newton (50 digits, SymPy derivatives) from
    each box's centre converges inside the box, where the Hessian's eigenvalues exceed mu and the
    loss lies in the recorded interval; the minima have different losses (one is not global)."""
    for inst, v in zip(INSTANCES, verdicts):
        net = SigmoidNeuron(list(inst.widths), inst.env["X"], inst.env["Y"])
        sym = net.symbolic()
        ws, L = sym["w"], sym["loss"]
        grad = sympy.lambdify(ws, [sympy.diff(L, a) for a in ws], "mpmath")
        hess = sympy.lambdify(ws, [[sympy.diff(L, a, b) for b in ws] for a in ws], "mpmath")
        loss = sympy.lambdify(ws, L, "mpmath")
        losses = []
        with mpmath.workdps(50):
            for item in v.certificate["witnesses"]["minima"]:
                box = [(Fraction(a), Fraction(b)) for a, b in item["box"]]
                start = [mpmath.mpf((a + b).numerator) / (2 * (a + b).denominator) for a, b in box]
                root = mpmath.findroot(lambda *x: grad(*x), start) if len(ws) > 1 else \
                    [mpmath.findroot(lambda x: grad(x)[0], start[0])]
                root = list(root)
                for r, (a, b) in zip(root, box):
                    assert mpmath.mpf(a.numerator) / a.denominator < r < mpmath.mpf(b.numerator) / b.denominator
                lam = min(mpmath.eigsy(mpmath.matrix(hess(*root)))[0])
                mu = Fraction(item["mu"])
                assert lam > mpmath.mpf(mu.numerator) / mu.denominator > 0
                val = loss(*root)
                lo, hi = (Fraction(x) for x in item["loss"])
                assert mpmath.mpf(lo.numerator) / lo.denominator <= val <= mpmath.mpf(hi.numerator) / hi.denominator
                losses.append(val)
        assert abs(losses[0] - losses[1]) > 1e-3


def _replace(cert: dict, old: str, new: str) -> dict:
    """Replace a witness string everywhere (witness, fact texts and expressions) so that only
    the interval tests can tell."""
    return json.loads(json.dumps(cert).replace(f'"{old}"', f'"{new}"').replace(f" {old} ", f" {new} "))


def _rejected(cert, why: str):
    with pytest.raises(sl.CertificateError) as e:
        sl.check_certificate(cert)
    assert why in str(e.value), str(e.value)


def _box_strings(cert, k):
    return cert["witnesses"]["minima"][k]["box"]


def test_shifted_box_is_rejected(verdicts):
    cert = verdicts[0].certificate
    out = cert
    for a, b in _box_strings(cert, 0):
        lo, hi = Fraction(a), Fraction(b)
        w = hi - lo
        out = _replace(_replace(out, a, str(lo + 2 * w)), b, str(hi + 2 * w))
    assert _box_strings(out, 0) != _box_strings(cert, 0)
    _rejected(out, "zero_in")


def test_box_holding_both_minima_is_rejected(verdicts):
    cert = verdicts[0].certificate
    boxes = [[(Fraction(a), Fraction(b)) for a, b in m["box"]] for m in cert["witnesses"]["minima"]]
    out = cert
    for i, (a, b) in enumerate(_box_strings(cert, 0)):
        lo = min(bx[i][0] for bx in boxes) - Fraction(1, 10)
        hi = max(bx[i][1] for bx in boxes) + Fraction(1, 10)
        out = _replace(_replace(out, a, str(lo)), b, str(hi))
    _rejected(out, "zero_in")


def test_widened_box_is_rejected(verdicts):
    cert = verdicts[1].certificate
    out = cert
    for a, b in _box_strings(cert, 0):
        lo, hi = Fraction(a), Fraction(b)
        out = _replace(_replace(out, a, str(lo - 10)), b, str(hi + 10))
    _rejected(out, "zero_in")


def test_eigenvalue_bound_above_lambda_min_is_rejected(verdicts):
    cert = verdicts[0].certificate
    item = cert["witnesses"]["minima"][1]
    # mpmath's lambda_min at the minimum is ~0.0559 (test_minima_confirmed_by_mpmath); 1/10 is above it
    out = _replace(cert, item["mu"], "1/10")
    assert out["witnesses"]["minima"][1]["mu"] == "1/10"
    _rejected(out, "pd_on")
    out = _replace(cert, item["mu"], "-1/10")     # a negative bound certifies no minimum
    _rejected(out, "")


def test_tampered_loss_enclosure_is_rejected(verdicts):
    cert = verdicts[0].certificate
    lo, hi = cert["witnesses"]["minima"][0]["loss"]
    mid = (Fraction(lo) + Fraction(hi)) / 2
    _rejected(_replace(cert, lo, str(mid)), "loss_in")


def test_kind_is_bound(verdicts):
    cert = copy.deepcopy(verdicts[0].certificate)
    cert["kind"] = "exact"
    _rejected(cert, "kind")
    exact = sl.check_claim("KRON-1", {"model": "matrices", "matrices": {"A": [[1]], "B": [[2]], "C": [[3]]}})
    forged = dict(exact.certificate, kind="certified (interval)")
    _rejected(forged, "kind")


def test_inconclusive_boxes_make_the_claim_undetermined(monkeypatch):
    """A witness whose boxes are too wide: the fast tests do not close -> undetermined (never fails)."""
    from symlandscape.provers.registry import _PROVERS
    wide = [{"box": [["-1", "1"], ["-1", "1"]], "mu": "1/100", "loss": ["0", "1"]},
            {"box": [["2", "3"], ["-2", "-1"]], "mu": "1/100", "loss": ["0", "1"]}]
    monkeypatch.setitem(_PROVERS["AUER"].witnesses, "minima", lambda inst, **_: wide)
    v = sl.check_claim("AUER", INSTANCES[0])
    assert v.status == "undetermined" and "Krawczyk" in v.reason and v.certificate is None


def test_fact_operation_refuses_a_wrong_box_shape():
    from symlandscape.facts.fast import FAST
    inst = INSTANCES[0]
    env = FAST.fresh_env(inst.env)
    with pytest.raises(sl.InputError):
        FAST.evaluate(["zero_in", "sigmoid_neuron", "X", "Y", ["lit", [["0", "1"]]]], env)
