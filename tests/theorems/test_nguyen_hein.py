"""NH (Nguyen-Hein, one hidden layer): certified zero-loss local minima where every hypothesis
holds, re-verified independently and confirmed by mpmath at 50 digits with the loss written out
again; tampered certificates are rejected; at the Yu-Chen duplicated-unit minimum, and for
d_1 != m or repeated inputs, the hypotheses are not met."""

import json
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import symlandscape as sl
from symlandscape.models.sigmoid import SigmoidMLP
from symlandscape.provers.neurons import NH_DATA, nh_fit, nh_instance


@pytest.fixture(scope="module")
def verdicts():
    return [sl.check_claim("NH", nh_instance(d, name)) for d, name in NH_DATA]


def _mp(x):
    x = Fraction(x)
    return mpmath.mpf(x.numerator) / x.denominator


def _loss(W1, W2, X, Y):
    """1/2 sum_{o, j} (sum_a W2[o][a] sigma(sum_b W1[a][b] X[b][j]) - Y[o][j])^2, written out again."""
    h, d0, m = len(W1), len(X), len(X[0])
    s = [[1 / (1 + mpmath.exp(-sum(W1[a][b] * _mp(X[b][j]) for b in range(d0)))) for j in range(m)]
         for a in range(h)]
    return sum((sum(W2[o][a] * s[a][j] for a in range(h)) - _mp(Y[o][j])) ** 2
               for o in range(len(Y)) for j in range(m)) / 2


def test_holds_certified_and_rechecked(verdicts):
    for v in verdicts[:3]:
        assert v.status == "holds", v.reason
        assert v.kind == "certified (interval)"
        assert sl.check_certificate(json.loads(json.dumps(v.certificate)))["status"] == "holds"
        assert {f["key"]: f["role"] for f in v.facts}["nondegenerate"] == "hypothesis"


@pytest.mark.parametrize("i", [0, 1, 2])
def test_fit_confirmed_by_mpmath(verdicts, i):
    """Independently of both interval codes: W_2* = Y Phi^{-1} (mpmath, 50 digits) lies in the
    box, has loss ~0 and a vanishing full gradient (numerical differentiation of the loss
    written out again); the W_2-block of the Hessian is Phi Phi^T kron I with eigenvalues above
    mu; the loss at the centre and at box corners lies in the certified intervals."""
    data = NH_DATA[i][0]
    X, Y = data["X"], data["Y"]
    wit = verdicts[i].certificate["witnesses"]["minimum"]
    W1 = [[_mp(x) for x in row] for row in wit["W1"]]
    h, d2, m = len(W1), len(Y), len(X[0])
    r = _mp(wit["radius"])
    with mpmath.workdps(50):
        Phi = mpmath.matrix([[1 / (1 + mpmath.exp(-sum(W1[a][b] * _mp(X[b][j]) for b in range(len(X)))))
                              for j in range(m)] for a in range(h)])
        star = [list(mpmath.lu_solve(Phi.T, mpmath.matrix([_mp(y) for y in Y[o]]))) for o in range(d2)]
        for o in range(d2):
            for a in range(h):
                assert abs(star[o][a] - _mp(wit["W2"][o][a])) < r
        assert _loss(W1, star, X, Y) < mpmath.mpf(10) ** -80
        flat = [x for row in W1 for x in row] + [x for row in star for x in row]
        d0 = len(X)

        def f(*t):
            return _loss([list(t[a * d0:(a + 1) * d0]) for a in range(h)],
                         [list(t[h * d0 + o * h:h * d0 + (o + 1) * h]) for o in range(d2)], X, Y)
        for k in range(len(flat)):
            assert abs(mpmath.diff(f, flat, tuple(int(t == k) for t in range(len(flat))))) < mpmath.mpf(10) ** -30
        G = Phi * Phi.T
        assert min(mpmath.eigsy(G)[0]) > _mp(wit["mu"]) > 0
        # the W_2-block at a box corner (W_2 = W_2* + r): second differences of the loss = G
        corner = flat[:h * d0] + [x + r for x in flat[h * d0:]]
        for a in range(h):
            for b in range(h):
                idx = tuple(int(t in (h * d0 + a, h * d0 + b)) + int(t == h * d0 + a == h * d0 + b)
                            for t in range(len(flat)))
                assert abs(mpmath.diff(f, corner, idx) - G[a, b]) < mpmath.mpf(10) ** -20
        centre = [[_mp(x) for x in row] for row in wit["W2"]]
        clo, chi = (_mp(x) for x in wit["centre_loss"])
        assert clo <= _loss(W1, centre, X, Y) <= chi
        lo, hi = (_mp(x) for x in wit["loss"])
        for sign in (1, -1):
            assert lo <= _loss(W1, [[x + sign * r for x in row] for row in centre], X, Y) <= hi


def _tampered(cert, **changes):
    cert = json.loads(json.dumps(cert))
    cert["witnesses"]["minimum"].update(changes)
    return cert


def _frac(x):
    return str(Fraction(x))


@pytest.mark.parametrize("case, why", [("shifted", "loss_in"), ("widened", "loss_in"), ("mu", "pd_on_span"),
                                       ("centre_loss", "loss_in"), ("loss", "loss_in"), ("W1", "loss_in"),
                                       ("far", "does not record|undetermined|status")])
def test_tampered_certificate_is_rejected(verdicts, case, why):
    cert = verdicts[1].certificate
    wit = cert["witnesses"]["minimum"]
    r = Fraction(wit["radius"])
    if case == "shifted":      # the box moved by 3 radii off the minimiser
        new = {"W2": [[_frac(Fraction(x) + 3 * r) for x in row] for row in wit["W2"]]}
    elif case == "widened":    # a box 4 times as wide: its loss leaves the certified interval
        new = {"radius": _frac(4 * r)}
    elif case == "mu":         # an eigenvalue bound above the true smallest eigenvalue of Phi Phi^T
        X = NH_DATA[1][0]["X"]
        W1 = np.array([[float(Fraction(x)) for x in row] for row in wit["W1"]])
        Phi = 1 / (1 + np.exp(-(W1 @ np.array(X, dtype=float))))
        new = {"mu": _frac(Fraction(round(1.01 * np.linalg.eigvalsh(Phi @ Phi.T)[0] * 1e6) + 1, 10 ** 6))}
    elif case == "centre_loss":
        new = {"centre_loss": [wit["centre_loss"][0], _frac(Fraction(wit["centre_loss"][1]) / 1000)]}
    elif case == "loss":
        new = {"loss": [wit["loss"][0], _frac(Fraction(wit["loss"][1]) / 10)]}
    elif case == "W1":
        new = {"W1": [[_frac(Fraction(wit["W1"][0][0]) + Fraction(1, 256)), *wit["W1"][0][1:]], *wit["W1"][1:]]}
    else:                      # a centre-loss bound too weak to place the minimiser in the box
        new = {"centre_loss": [wit["centre_loss"][0], "1"]}
    with pytest.raises(sl.CertificateError, match=why):
        sl.check_certificate(_tampered(cert, **new))


def test_duplicated_unit_minimum_does_not_meet_the_hypotheses(verdicts):
    """At the Yu-Chen duplicated-unit minimum (a certified non-global local minimum with d_1 = m)
    the W_2-block is singular (two equal hidden units): NH's hypotheses fail, consistently with
    NH. Checked independently: Phi Phi^T at (a, a) is singular, the minimum's loss exceeds the
    loss of the better point."""
    v = verdicts[3]
    assert v.status == "hypotheses not met" and "non-degenerate" in v.reason
    assert sl.check_certificate(json.loads(json.dumps(v.certificate)))["status"] == "hypotheses not met"
    roles = {f["key"]: (f["role"], f["value"]) for f in v.facts}
    assert roles["narrow_zero"] == roles["normal_pd"] == ("hypothesis", True)
    assert roles["nondegenerate"] == ("hypothesis", False) and roles["global"] == ("conclusion", False)
    wit = v.certificate["witnesses"]["minimum"]
    a = _mp(sum(Fraction(x) for x in wit["narrow_box"][0]) / 2)
    with mpmath.workdps(50):
        s = [1 / (1 + mpmath.exp(-a * x)) for x in (1, 2)]
        Phi = mpmath.matrix([s, s])
        assert abs(mpmath.det(Phi * Phi.T)) < mpmath.mpf(10) ** -45
        c = _mp(sum(Fraction(x) for x in wit["narrow_box"][1]) / 2)
        assert _loss([[a], [a]], [[c / 2, c / 2]], [[1, 2]], [["1/2", 1]]) > 30 * _loss(
            [[_mp(wit["point"][0])], [_mp(wit["point"][1])]], [[_mp(x) for x in wit["point"][2:]]],
            [[1, 2]], [["1/2", 1]]) + mpmath.mpf("0.03")


@pytest.mark.parametrize("width, X, why", [(3, [[1, 2]], "can be non-degenerate"), (1, [[1, 2]], "wide"),
                                           (2, [[1, 1]], "distinct")])
def test_hypotheses_are_checked_exactly(width, X, why):
    inst = nh_instance({"X": X, "Y": [["1/2", 1]]}, "test", width=width)
    v = sl.check_claim("NH", inst)
    assert v.status == "hypotheses not met" and v.kind == "exact"
    assert why in v.reason
    assert sl.check_certificate(v.certificate)["status"] == "hypotheses not met"


def test_no_fit_when_phi_is_singular():
    """Two equal rows of W_1 make Phi singular: no fit witness (independently: det Phi = 0)."""
    net = SigmoidMLP([1, 2, 1], [[1, 2]], [["1/2", 1]])
    assert nh_fit(net, [[1], [1]]) is None
    assert nh_fit(net, [[1], [-1]]) is not None


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_nh_fit_on_random_rational_instances(data):
    """Random small instances (d_1 = m in {2, 3}, d_0 in {1, 2}, integer inputs, rational
    targets, W_1 with entries in {-2, -3/2, ..., 2}, equal rows allowed): the fit witness exists
    exactly when mpmath finds Phi well conditioned, and then mpmath's W_2* = Y Phi^{-1} lies within
    the radius of the centre and lambda_min(Phi Phi^T) exceeds mu; equal rows of W_1 never fit."""
    m, d0 = data.draw(st.sampled_from([2, 3])), data.draw(st.sampled_from([1, 2]))
    X = [[data.draw(st.integers(-3, 3)) for _ in range(m)] for _ in range(d0)]
    Y = [[str(Fraction(data.draw(st.integers(-4, 4)), 2)) for _ in range(m)]]
    W1 = [[Fraction(data.draw(st.integers(-4, 4)), 2) for _ in range(d0)] for _ in range(m)]
    wit = nh_fit(SigmoidMLP([d0, m, 1], X, Y), W1)
    with mpmath.workdps(40):
        Phi = mpmath.matrix([[1 / (1 + mpmath.exp(-sum(_mp(W1[a][b]) * X[b][j] for b in range(d0))))
                              for j in range(m)] for a in range(m)])
        lam = min(mpmath.eigsy(Phi * Phi.T)[0])
        event("Phi singular" if lam < mpmath.mpf(10) ** -30 else "fit" if wit is not None else "no fit")
        if lam < mpmath.mpf(10) ** -30:
            assert wit is None
            return
        if lam > mpmath.mpf(10) ** -4:
            assert wit is not None
        if wit is None:
            return
        assert lam > _mp(wit["mu"]) > 0
        star = mpmath.lu_solve(Phi.T, mpmath.matrix([_mp(y) for y in Y[0]]))
        assert all(abs(star[a] - _mp(wit["W2"][0][a])) < _mp(wit["radius"]) for a in range(m))


def test_yc_key_step_is_the_same_certified_step():
    # YC (the key step of Yu-Chen): with d_1 = m, Phi invertible <=> the W_2-block Phi Phi^T
    # positive definite, so its facts are NH's; the certificates re-check independently, and at
    # the duplicated-unit minimum (Phi singular) the hypothesis fails, as AW-003-YC needs
    for d, name in NH_DATA:
        y, n = sl.check_claim("YC", nh_instance(d, name)), sl.check_claim("NH", nh_instance(d, name))
        assert (y.status, y.kind) == (n.status, n.kind)
        assert [f["value"] for f in y.facts] == [f["value"] for f in n.facts]
        if y.status == "holds":
            assert sl.check_certificate(json.loads(json.dumps(y.certificate)))["claim"] == "YC"
    assert {sl.check_claim("YC", nh_instance(d, name)).status for d, name in NH_DATA} == {"holds", "hypotheses not met"}
