"""AW-003-YC: the slides' Yu-Chen statement fails (a certified non-global local minimum with
d_1 = m); the certificate is re-verified independently, confirmed by mpmath at 50 digits with the
loss written out again, and tampered witnesses are rejected."""

import json
from fractions import Fraction

import mpmath
import pytest

import symlandscape as sl
from symlandscape.provers.neurons import yc_instance


@pytest.fixture(scope="module")
def verdict():
    return sl.check_claim("AW-003-YC", yc_instance())


def _mp(x):
    x = Fraction(x)
    return mpmath.mpf(x.numerator) / x.denominator


def _loss(theta, h, X, Y):
    """1/2 sum_j (sum_a W_2[a] sigma(W_1[a] x_j) - y_j)^2, d_0 = d_2 = 1, theta = (W_1; W_2)."""
    return sum((sum(theta[h + a] / (1 + mpmath.exp(-theta[a] * _mp(x))) for a in range(h)) - _mp(y)) ** 2
               for x, y in zip(X, Y)) / 2


def test_fails_certified_and_rechecked(verdict):
    assert verdict.status == "fails", verdict.reason
    assert verdict.kind == "certified (interval)"
    assert sl.check_certificate(json.loads(json.dumps(verdict.certificate)))["ok"]
    assert sl.get_claim("AW-003-YC").as_written


def test_counterexample_confirmed_by_mpmath(verdict):
    """Independently of both interval codes: the one-unit critical point (a, c) lies in the narrow
    box; the duplicated point (a, a, c/2, c/2) has zero gradient, a Hessian with t = (0, 0, 1, -1)
    in its kernel and eigenvalues above mu on t-perp; its loss is in the certified interval and
    far above the loss at the rational point."""
    wit = verdict.certificate["witnesses"]["duplicated"]
    X, Y = [1, 2], ["1/2", "1"]
    with mpmath.workdps(50):
        f1 = lambda a, c: _loss([a, c], 1, X, Y)                       # noqa: E731
        box = [(Fraction(x), Fraction(y)) for x, y in wit["narrow_box"]]
        a, c = mpmath.findroot([lambda a, c: mpmath.diff(lambda t: f1(t, c), a),
                                lambda a, c: mpmath.diff(lambda t: f1(a, t), c)],
                               [_mp((lo + hi) / 2) for lo, hi in box])
        for v, (lo, hi) in zip((a, c), box):
            assert _mp(lo) < v < _mp(hi)
        p = [a, a, c / 2, c / 2]
        f2 = lambda *t: _loss(list(t), 2, X, Y)                        # noqa: E731
        grad = [mpmath.diff(f2, p, tuple(int(i == k) for i in range(4))) for k in range(4)]
        assert max(abs(x) for x in grad) < mpmath.mpf(10) ** -30
        H = mpmath.matrix(4, 4)
        for i in range(4):
            for j in range(4):
                H[i, j] = mpmath.diff(f2, p, tuple(int(k == i) + int(k == j) for k in range(4)))
        assert mpmath.norm(H * mpmath.matrix([0, 0, 1, -1])) < mpmath.mpf(10) ** -25
        V = mpmath.matrix([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1]])
        assert min(mpmath.eigsy(V.T * H * V)[0]) > _mp(wit["mu"]) > 0
        lo, hi = (Fraction(x) for x in wit["loss"])
        assert _mp(lo) <= f2(*p) <= _mp(hi) and lo > Fraction(3, 100)
        assert f2(*[_mp(x) for x in wit["point"]]) <= _mp(wit["point_loss"][1]) < _mp(lo)


def _replace(cert, old, new):
    return json.loads(json.dumps(cert).replace(f'"{old}"', f'"{new}"').replace(f" {old} ", f" {new} "))


@pytest.mark.parametrize("field, new, why", [("mu", "1/10", "pd_on_span"), ("point", "3/2", "loss_in"),
                                            ("narrow_box", "1/2", "zero_in")])
def test_tampered_witness_is_rejected(verdict, field, new, why):
    wit = verdict.certificate["witnesses"]["duplicated"]
    old = {"mu": wit["mu"], "point": wit["point"][2], "narrow_box": wit["narrow_box"][0][0]}[field]
    with pytest.raises(sl.CertificateError, match=why):
        sl.check_certificate(_replace(verdict.certificate, old, new))


def test_narrow_box_shifted_off_the_zero_is_rejected(verdict):
    cert = verdict.certificate
    for lo, hi in cert["witnesses"]["duplicated"]["narrow_box"]:
        w = Fraction(hi) - Fraction(lo)
        cert = _replace(_replace(cert, lo, str(Fraction(lo) + 2 * w)), hi, str(Fraction(hi) + 2 * w))
    with pytest.raises(sl.CertificateError):
        sl.check_certificate(cert)


def test_hypotheses_are_checked():
    narrow = sl.parse_instance({"model": "sigmoid_mlp", "widths": [1, 1, 1], "X": [[1, 2]], "Y": [["1/2", 1]]})
    v = sl.check_claim("AW-003-YC", narrow)
    assert v.status == "hypotheses not met" and "d_1 = m" in v.reason
    same = sl.parse_instance({"model": "sigmoid_mlp", "widths": [1, 2, 1], "X": [[1, 1]], "Y": [["1/2", 1]]})
    v = sl.check_claim("AW-003-YC", same)
    assert v.status == "hypotheses not met" and "distinct" in v.reason
