"""SS: a certified spurious local minimum of the K = 6 Safran-Shamir population loss, re-checked
by the independent checker (mpmath intervals); a tampered eigenvalue bound or loss is rejected."""

import json
from fractions import Fraction

import numpy as np
import pytest

import symlandscape as sl
from symlandscape.models import ReLUPopulation
from symlandscape.provers.neurons import ss_instance


@pytest.fixture(scope="module")
def verdict():
    return sl.check_claim("SS", ss_instance(6))


def test_ss_k6_holds_and_rechecks(verdict):
    assert verdict.status == "holds", verdict.reason
    assert verdict.kind == "certified (interval)"
    assert sl.check_certificate(json.loads(json.dumps(verdict.certificate)))["ok"]


def test_ss_minimum_confirmed_by_floats(verdict):
    """Independently of the interval codes: at the box centre the float gradient (closed form,
    numpy) vanishes to rounding, the float Hessian's smallest eigenvalue exceeds mu, and the
    loss is inside the recorded interval and far above 0."""
    item = verdict.certificate["witnesses"]["minimum"]
    inst = ss_instance(6)
    net = ReLUPopulation(list(inst.widths), inst.env["X"], inst.env["Y"])
    centre = np.array([float((Fraction(a) + Fraction(b)) / 2) for a, b in item["box"]])
    L, g, H = net.float_derivatives(centre)
    assert np.linalg.norm(g) < 1e-10
    lam = np.linalg.eigvalsh(H)[0]
    assert lam > float(Fraction(item["mu"])) > 0
    lo, hi = (float(Fraction(x)) for x in item["loss"])
    assert lo <= L <= hi and lo > 0.02


def test_ss_hypotheses_are_checked():
    inst = sl.parse_instance({"model": "relu_population", "widths": [2, 2, 1], "X": [[1, 0], [0, 1]],
                              "Y": [[1, 1]]})
    v = sl.check_claim("SS", inst)
    assert v.status == "hypotheses not met" and "6 <= K" in v.reason


def _replace(cert, old, new):
    return json.loads(json.dumps(cert).replace(f'"{old}"', f'"{new}"').replace(f" {old} ", f" {new} "))


def test_ss_tampered_eigenvalue_bound_is_rejected(verdict):
    cert = verdict.certificate
    mu = cert["witnesses"]["minimum"]["mu"]
    out = _replace(cert, mu, "1/100")      # lambda_min ~ 0.0047 < 1/100
    with pytest.raises(sl.CertificateError, match="pd_on"):
        sl.check_certificate(out)


def test_ss_loss_enclosure_must_stay_above_zero(verdict):
    cert = verdict.certificate
    lo = cert["witnesses"]["minimum"]["loss"][0]
    out = json.loads(json.dumps(cert).replace(f'"{lo}"', '"0"').replace(f"[{lo},", "[0,"))
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(out)
    # the same weak witness through the prover's statement: undetermined, never "fails"
    from symlandscape.facts.fast import FAST
    from symlandscape.facts.statement import Run
    from symlandscape.theorems.declare import get_claim
    inst = ss_instance(6)
    weak = dict(cert["witnesses"]["minimum"], loss=["0", cert["witnesses"]["minimum"]["loss"][1]])
    run = Run("SS", inst.view(), inst.env, FAST, witness=lambda name, **_: weak)
    get_claim("SS").run(run)
    assert run.status()[0] == "undetermined"


def _boxes_replaced(cert, fn):
    """The certificate with every box row [a, b] replaced by fn(a, b) (witness, texts, expressions)."""
    out = cert
    for a, b in cert["witnesses"]["minimum"]["box"]:
        lo, hi = fn(Fraction(a), Fraction(b))
        out = _replace(_replace(out, a, str(lo)), b, str(hi))
    assert out["witnesses"]["minimum"]["box"] != cert["witnesses"]["minimum"]["box"]
    return out


def test_ss_box_shifted_off_the_zero_is_rejected(verdict):
    out = _boxes_replaced(verdict.certificate, lambda a, b: (a + 2 * (b - a), b + 2 * (b - a)))
    with pytest.raises(sl.CertificateError, match="zero_in"):
        sl.check_certificate(out)


def test_ss_widened_box_is_rejected(verdict):
    """Half-width 1/10 instead of 2^-30: the enclosures are far too wide to certify anything."""
    out = _boxes_replaced(verdict.certificate, lambda a, b: (a - Fraction(1, 10), b + Fraction(1, 10)))
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(out)


def test_stored_minima_are_float_critical_points_with_positive_hessians():
    """Every stored centre (K = 6..20) against the float closed form (numpy arccos, a separate
    code path from the ball arithmetic): gradient ~ 0, smallest Hessian eigenvalue > 0, loss > 0,
    and the record says how it was found."""
    from symlandscape.provers.neurons import ss_centre, ss_minima
    stored = ss_minima()
    assert sorted(stored) == list(range(6, 21))
    for K in stored:
        inst = ss_instance(K)
        net = ReLUPopulation(list(inst.widths), inst.env["X"], inst.env["Y"])
        c = np.array([float(x) for x in ss_centre(K)])
        L, g, H = net.float_derivatives(c)
        assert np.linalg.norm(g) < 1e-9, K
        assert np.linalg.eigvalsh(H)[0] > 1e-3, K
        assert L > 0.01, K
        assert {"seed", "run"} <= set(stored[K]["search"])


def test_ss_k7_holds_from_the_stored_centre():
    v = sl.check_claim("SS", ss_instance(7))
    assert v.status == "holds" and v.kind == "certified (interval)", v.reason
    item = v.certificate["witnesses"]["minimum"]
    assert Fraction(item["loss"][0]) > Fraction(2, 100) and Fraction(item["mu"]) > 0


def test_ss_without_a_stored_minimum_is_undetermined(tmp_path, monkeypatch):
    """K = 8 with the data file missing: undetermined, never holds or fails."""
    from symlandscape.provers import neurons
    monkeypatch.setattr(neurons, "_SS_FILE", str(tmp_path / "missing.json"))
    monkeypatch.setattr(neurons.ss_centre, "__defaults__", (str(tmp_path / "missing.json"),))
    v = sl.check_claim("SS", ss_instance(8))
    assert v.status == "undetermined", v.reason
