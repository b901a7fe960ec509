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
