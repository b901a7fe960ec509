"""The seed-004 moment claims: GRAD-004 against SymPy differentiation, certificates re-checked by
the independent checker (and rejected when tampered), the findings' minimal instances computed
by hand, the fast operations against the checker's own expansion on random rational instances."""

import json
import time
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symlandscape as sl
from symlandscape.certificates.check import CertificateError, _mat, check_certificate, independent_evaluate
from symlandscape.cli import main
from symlandscape.exact.matrix import qmatrix
from symlandscape.facts.fast import evaluate
from symlandscape.moments import gaussian_grad2_closed_form, weight_matrix
from symlandscape.prove import prove_claim
from symlandscape.provers.moments import moment_instance
from symlandscape.provers.registry import get_claim


@pytest.mark.parametrize("d, L", [(1, 2), (2, 2), (2, 3)])
def test_grad004_formula_against_sympy_differentiation(d, L):
    """dl/dW^k by differentiating the loss in every entry (SymPy) equals the seed's formula,
    symbolically in all weights, x and y."""
    Ws = [weight_matrix(f"W{j}", d, d) for j in range(1, L + 1)]
    x = sympy.Matrix(sympy.symbols(f"x1:{d + 1}"))
    y = sympy.Matrix(sympy.symbols(f"y1:{d + 1}"))
    prod_all = sympy.eye(d)
    for W in Ws:
        prod_all = W * prod_all
    loss = (prod_all * x - y).dot(prod_all * x - y) / 2
    for k in range(1, L + 1):
        G = Ws[k - 1].applyfunc(lambda w: sympy.diff(loss, w))
        back = sympy.eye(d)
        for j in range(k + 1, L + 1):
            back = back * Ws[j - 1].T                      # W^{k+1:L} = (W^{k+1})^T ... (W^L)^T
        fwd = sympy.eye(d)
        for j in range(1, k):
            fwd = fwd * Ws[j - 1].T                        # W^{1:k-1}
        formula = back * (prod_all * x * x.T - y * x.T) * fwd
        assert (G - formula).applyfunc(sympy.expand) == sympy.zeros(d, d)


def _certs(cid, keep=lambda inst: True):
    c = get_claim(cid)
    for inst in c.instances():
        if keep(inst):
            v = c.check(inst)
            if v.certificate is not None:
                yield inst, v


def _small(inst):
    x = inst.env.get("x")
    return x is None or x.shape[0] <= 2


@pytest.mark.parametrize("cid", ["GRAD-004", "MOM-10", "AW-004-L10", "MOM-11", "MOM-12", "MOM-13", "THM-9",
                                 "THM-9-LAW", "AW-004-XAV"])
def test_certificates_reverify_independently(cid):
    n = 0
    for _, v in _certs(cid, _small):
        res = check_certificate(json.loads(json.dumps(v.certificate)))
        assert res["ok"] and res["status"] == v.status
        n += 1
    assert n >= 3


def test_thm9_d3_L4_fast_and_reverified():
    """The exact left side for d = 3, L = 4, every k, in well under 5 s (structured), equal to
    the Gaussian closed form, and the certificate re-checked by the checker's own expansions."""
    inst = moment_instance(["1", "-2", "1/2"], ["1/3", "0", "1"], 4, "1/2")
    t0 = time.perf_counter()
    v = sl.check_claim("THM-9", inst)
    assert time.perf_counter() - t0 < 5 and v.status == "holds"
    s2, rho, gamma = sympy.Rational(1, 2), sympy.Rational(21, 4) ** 2, sympy.Rational(21, 4) * sympy.Rational(10, 9)
    for k in range(1, 5):
        left = next(f for f in v.facts if f["key"] == f"k{k}.left")["value"]
        assert sympy.Rational(left) == gaussian_grad2_closed_form(3, 4, k, s2, rho, gamma)
    assert check_certificate(json.loads(json.dumps(v.certificate)))["ok"]


def _fact(v, key):
    return next(f["value"] for f in v.facts if f["key"] == key)


def test_thm9_law_minimal_counterexample_by_hand():
    """Two-point law {1, -7}: s2 = 7/8 + 49/8 = 7, E w^4 = 7/8 + 2401/8 = 301; d = 1, L = 2, k = 1,
    x = 1, y = 0: E (w2 w1 x - y)^2 w2^2 x^2... = s2 E w2^4 = 2107; bound 2/(3*7) (3*49)^2 = 2058."""
    r = prove_claim("THM-9-LAW")
    assert r["verdict"] == "fails"
    cx = r["counterexample"]["matrices"]
    assert cx["law"] == [["1", "-7"], ["7/8", "1/8"]] and cx["depth"] == [["2"]]
    v = sl.check_claim("THM-9-LAW", r["counterexample"])
    assert _fact(v, "k1.left") == "2107"
    assert Fraction(_fact(v, "rhs_rho")) + Fraction(_fact(v, "rhs_gamma")) == 2058


def test_thm9_holds_for_kurtosis_at_most_3():
    """kappa <= 3 makes every (kappa - 3) term of the recursions non-positive: the bound holds."""
    for inst, v in _certs("THM-9-LAW"):
        if Fraction(_fact(v, "kappa")) <= 3:
            assert v.status == "holds", inst.name


def test_l10_minimal_counterexample_by_hand():
    """A = z, B = -z^2, z uniform on {-1, 0, 1}: E A B = 0 = E A E B, but E[A^2 B^2] = E z^6 = 2/3
    while E A^2 E B^2 = 4/9: with s^2 = 1 the two sides are 2/3 and 4/9."""
    r = prove_claim("AW-004-L10")
    assert r["verdict"] == "fails"
    v = sl.check_claim("AW-004-L10", r["counterexample"])
    assert _fact(v, "joint_left") == "2/3" and _fact(v, "norm_cov") == "2/9"
    assert len(r["counterexample"]["matrices"]["pAB"][0]) == 3      # two support points never suffice


def test_xavier_threshold_minimal_counterexample_by_hand():
    """d = L = 1, x = y = 1, s2 = 3/2: y-free term 2/(3 * 3/2) * (9/4 * 3) = 3 > y term 2, although
    s^4 = 9/4 < d(d+2) = 3."""
    r = prove_claim("AW-004-XAV")
    assert r["verdict"] == "fails"
    v = sl.check_claim("AW-004-XAV", r["counterexample"])
    assert (_fact(v, "rho_term"), _fact(v, "gamma_term"), _fact(v, "below")) == ("3", "2", True)


def test_mom13_slack_equals_left_side():
    """The exact identity makes Lemma 13's bound exactly twice the left side."""
    for _, v in _certs("MOM-13", _small):
        for f in v.facts:
            if f["key"].endswith(".slack"):
                assert f["value"] == _fact(v, f["key"].replace(".slack", ".left"))


@pytest.mark.parametrize("mutate", ["value", "law", "depth"])
def test_tampered_certificates_rejected(mutate):
    inst = moment_instance(["1", "2"], ["0", "1"], 2, "1/2")
    cert = json.loads(json.dumps(sl.check_claim("THM-9", inst).certificate))
    if mutate == "value":
        f = next(f for f in cert["facts"] if f["key"] == "k1.left")
        f["value"] = str(Fraction(f["value"]) + 1)
    elif mutate == "law":
        cert["instance"]["matrices"]["s2"] = [["1/3"]]
    else:
        cert["instance"]["matrices"]["depth"] = [["3"]]
    with pytest.raises(CertificateError):
        check_certificate(cert)


def test_checker_rejects_a_law_with_nonzero_mean():
    inst = moment_instance(["1"], ["0"], 1, "1/2").to_dict()
    cert = json.loads(json.dumps(sl.check_claim("MOM-13", inst).certificate))
    del cert["instance"]["matrices"]["s2"]
    cert["instance"]["matrices"]["law"] = [["1", "2"], ["1/2", "1/2"]]
    with pytest.raises(CertificateError):
        check_certificate(cert)


def test_bad_law_is_a_one_line_error(tmp_path, capsys):
    p = tmp_path / "bad.json"
    p.write_text(json.dumps({"model": "matrices", "matrices": {"x": [[1]], "y": [[0]], "depth": [[2]],
                                                              "law": [[1, 2], ["1/2", "1/2"]]}}))
    assert main(["check", "THM-9", str(p)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "mean" in err


def _zero_mean_law(draw):
    a = draw(st.integers(1, 4))
    b = draw(st.integers(1, 4))
    extra = draw(st.booleans())
    if extra:   # {-a, 0, b} with the weight on 0 free
        p0 = Fraction(draw(st.integers(1, 3)), 4)
        pa, pb = (1 - p0) * Fraction(b, a + b), (1 - p0) * Fraction(a, a + b)
        return [[-a, 0, b], [pa, p0, pb]]
    return [[-a, b], [Fraction(b, a + b), Fraction(a, a + b)]]


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_fast_operations_equal_checker_expansion(data):
    """Random rational x, y (zeros allowed) and random zero-mean discrete or Gaussian laws: the
    fast recursions equal the checker's expansion of the definitions, for every operation."""
    d = data.draw(st.integers(1, 2))
    L = data.draw(st.integers(1, 3 if d == 1 else 2))
    frac = st.fractions(min_value=-2, max_value=2, max_denominator=3)
    x = [[str(data.draw(frac))] for _ in range(d)]
    y = [[str(data.draw(frac))] for _ in range(d)]
    if data.draw(st.booleans()):
        law = ["gaussian", "s2"]
        mats = {"s2": [[str(data.draw(st.sampled_from(["1/2", "1", "3", "2/3"])))]]}
    else:
        law = ["discrete", "law"]
        mats = {"law": [[str(v) for v in row] for row in _zero_mean_law(data.draw)]}
    mats.update({"x": x, "y": y, "A": [["1", "-1/2"]], "B": [["2"], ["1/3"]]})
    fast_env = {k: qmatrix(v) for k, v in mats.items()}
    check_env = {k: _mat(v) for k, v in mats.items()}
    exprs = [["rw_grad2", law, "x", "y", L, k] for k in range(1, L + 1)]
    exprs += [[op, law, "x", t] for op in ("rw_norm2", "rw_norm4", "rw_quart") for t in range(L + 1)]
    exprs += [["rw_aat", law, d, n] for n in range(L + 1)] + [["rw_awb", law, "A", "B"], ["law_moment", law, 6]]
    for e in exprs:
        assert str(evaluate(e, fast_env)) == str(independent_evaluate(e, check_env)), e


def test_moment_law_equals_gaussian_with_the_same_first_four_moments():
    """A law given by its moments (0, 1, 0, 3) gives the Gaussian s^2 = 1 values, fast and in
    the checker (only E w^2 and E w^4 enter); a law missing E w^4 is refused by both."""
    base = {"x": [["1"], ["-1/2"]], "y": [["2"], ["1"]], "depth": [["2"]]}
    g = sl.check_claim("MOM-13", {"model": "matrices", "matrices": {**base, "s2": [["1"]]}})
    m = sl.check_claim("MOM-13", {"model": "matrices", "matrices": {**base, "moments": [[0, 1, 0, 3]]}})
    assert [f["value"] for f in g.facts] == [f["value"] for f in m.facts]
    assert check_certificate(json.loads(json.dumps(m.certificate)))["ok"]
    with pytest.raises(sl.InputError):
        sl.check_claim("MOM-13", {"model": "matrices", "matrices": {**base, "moments": [[0, 1]]}})
