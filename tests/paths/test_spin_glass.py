"""PATH-6, the spin-glass form of eq (6): the tied network's gate expectation against the
re-indexed Hamiltonian (two independent enumerations), and the claim on instances."""

import itertools
import json
import random
from math import prod

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symlandscape as sl
from symlandscape.certificates.check import CertificateError, check_certificate
from symlandscape.exact.numbers import InputError
from symlandscape.paths import spin_glass_form
from symlandscape.provers.instancegen import random_qmatrix


@pytest.mark.parametrize("widths", [[1, 1], [3, 1], [2, 2, 1], [3, 3, 1], [2, 2, 2, 1], [2, 2, 2, 2, 1]])
def test_expected_output_is_the_hamiltonian(widths):
    f = spin_glass_form(widths)
    assert sympy.expand(f["expected_output"] - f["hamiltonian"]) == 0
    lam, H = widths[0], len(widths) - 2
    # Lambda^(H+1) distinct monomials X_i w^(...), each coefficient 1 (uniformity, A4p)
    terms = sympy.Add.make_args(f["hamiltonian"])
    assert len(terms) == lam ** (H + 1) == prod(widths[:-1])
    assert all(sympy.Poly(t, *f["hamiltonian"].free_symbols).coeffs() == [1] for t in terms)


def test_shared_inputs_collapse_to_a_product():
    # a network gives X_{i_1..i_{H+1}} = x_{i_1}: the Hamiltonian is (w . x)(1 . w)^H
    f = spin_glass_form([2, 2, 2, 1])
    x = sympy.symbols("x1:3")
    w = f["weights"]
    sub = {sympy.Symbol("X_" + "".join(map(str, idx))): x[idx[0] - 1]
           for idx in itertools.product((1, 2), repeat=3)}
    assert sympy.expand(f["hamiltonian"].subs(sub) - (x[0] * w[0] + x[1] * w[1]) * (w[0] + w[1]) ** 2) == 0


def test_refuses_unequal_widths_and_huge_psi():
    with pytest.raises(InputError, match="d_x = d_1"):
        spin_glass_form([2, 3, 1])
    with pytest.raises(InputError, match="exceed"):
        spin_glass_form([10, 10, 10, 10, 1])


def _tied(rng, widths, q, m):
    lam = widths[0]
    w = [[str(x) for x in row] for row in random_qmatrix(rng, 1, lam).tolist()][0]
    X = [[str(x) for x in row] for row in random_qmatrix(rng, lam, m).tolist()]
    Y = [[0] * m for _ in range(widths[-1])]
    weights = [[list(w) for _ in range(widths[k])] for k in range(1, len(widths))]
    return {"model": "relu", "widths": widths, "X": X, "Y": Y, "q": q, "weights": weights}, w, X


@settings(max_examples=25, deadline=None)
@given(lam=st.integers(1, 3), H=st.integers(0, 2), dy=st.integers(1, 2), m=st.integers(1, 2),
       q=st.sampled_from([1, 2, 3, "5/2"]), seed=st.integers(0, 10 ** 6))
def test_path6_holds_on_tied_networks(lam, H, dy, m, q, seed):
    widths = [lam] * (H + 1) + [dy]
    if lam ** (H + 1) > 9:
        return                                    # 2^Psi gate patterns: keep it small
    d, w, X = _tied(random.Random(seed), widths, q, m)
    v = sl.check_claim("PATH-6", d)
    assert v.status == "holds", v.reason
    # independently: the linear network of the tied weights, sample by sample
    wf = [sympy.Rational(x) for x in w]
    for i in range(m):
        x = [sympy.Rational(X[a][i]) for a in range(lam)]
        want = sum(a * b for a, b in zip(wf, x)) * sum(wf) ** H
        lin = sympy.Matrix(X).col(i).applyfunc(sympy.Rational)
        for k in range(1, len(widths)):
            lin = sympy.Matrix([[wf[b] for b in range(lam)]] * widths[k]) * lin
        assert all(e == want for e in lin)
    assert check_certificate(v.certificate)["status"] == "holds"


def test_lambda_not_an_integer_and_untied_points():
    rng = random.Random(3)
    for widths in ([2, 3, 1], [2, 4, 1], [1, 2, 1]):
        d = {"model": "relu", "widths": widths, "X": [[1]] * widths[0], "Y": [[0]],
             "q": 2, "weights": [[[1] * widths[k - 1]] * widths[k] for k in range(1, len(widths))]}
        v = sl.check_claim("PATH-6", d)
        assert v.status == "hypotheses not met" and "Lambda" in v.reason
    d, _, _ = _tied(rng, [2, 2, 1], 2, 1)
    d["weights"][0][1] = ["7", "-7"]
    v = sl.check_claim("PATH-6", d)
    assert v.status == "hypotheses not met" and "tied" in v.reason


def test_tampered_certificate_is_rejected():
    d, _, _ = _tied(random.Random(5), [2, 2, 1], 2, 2)
    cert = sl.check_claim("PATH-6", d).certificate
    bad = json.loads(json.dumps(cert))
    bad["instance"]["weights"][0][0][0] = "99"        # breaks the tying, the recorded facts disagree
    with pytest.raises(CertificateError):
        check_certificate(bad)
    bad = json.loads(json.dumps(cert))
    for f in bad["facts"]:
        if f["key"] == "eq6":
            f["value"] = False
    with pytest.raises(CertificateError):
        check_certificate(bad)
