"""Issue 13, part 1: huge numerators and denominators never take a fixed-width path.

A zero Hessian block with a common denominator above 2^63 used to reach an int64
multiplication (``OverflowError: Python int too large to convert to C long``) in the
closed-form Hessian. Checked here against independent references: the characteristic
polynomial route and the certificate checker's own elimination (plain Fractions) for
inertia, and the checker's hyper-dual Hessian for the Hessian itself.
"""

import json
from fractions import Fraction

import flint
from hypothesis import given, settings
from hypothesis import strategies as st

from symlandscape.certificates.check import _inertia as ldl_inertia
from symlandscape.certificates.check import independent_evaluate
from symlandscape.cli import main
from symlandscape.exact import inertia, inertia_charpoly
from symlandscape.exact.certified import certified_inertia
from symlandscape.exact.inertia import as_integer_symmetric
from symlandscape.models import DeepLinear

# The sizes that used to matter: around 2^62 / 2^63 / 2^64 (int64 and uint64 edges),
# 2^53 (exact float64) and far beyond (10^30).
EDGES = ([2 ** 63 + k for k in range(-3, 4)] + [2 ** 62 + k for k in (-1, 0, 1)]
         + [2 ** 53 + k for k in (-1, 0, 1)] + [2 ** 64, 2 ** 64 + 1, 10 ** 30, 10 ** 30 + 7,
                                                3037000500])
HUGE_INT = st.sampled_from(EDGES) | st.integers(-3, 3)
HUGE_Q = st.builds(lambda a, s, b: Fraction(s * a, b), HUGE_INT, st.sampled_from([1, -1]),
                   st.sampled_from(EDGES) | st.integers(1, 3))


@st.composite
def symmetric(draw, entries=HUGE_Q, max_n=4):
    n = draw(st.integers(1, max_n))
    A = [[Fraction(0)] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            A[i][j] = A[j][i] = draw(entries) if draw(st.booleans()) else Fraction(0)
    return A


def _strs(rows):
    return [[str(x) for x in r] for r in rows]


@settings(max_examples=150)
@given(symmetric())
def test_inertia_with_huge_entries_matches_charpoly_and_ldl(A):
    ref = tuple(ldl_inertia(A))                       # the checker's elimination
    assert inertia_charpoly(_strs(A)) == ref
    assert inertia(_strs(A)) == ref
    fast = certified_inertia(as_integer_symmetric(_strs(A)))
    assert fast is None or fast == ref                # None is allowed, a wrong answer is not


@settings(max_examples=60)
@given(st.lists(HUGE_Q, min_size=4, max_size=4), st.booleans())
def test_hessian_with_huge_denominators_matches_hyperdual(v, zero_weights):
    # widths [1, 1, 1]: X, Y, W1, W2 scalars; zero weights give zero Gauss-Newton blocks
    x, y, a, b = v
    if x == 0:
        x = Fraction(1, 3037000500)
    W = [[[0]], [[0]]] if zero_weights else [[[str(a)]], [[str(b)]]]
    net = DeepLinear([1, 1, 1], X=[[str(x)]], Y=[[str(y)]])
    H = net.hessian(W)
    env = {"X": [[x]], "Y": [[y]], "W1": [[Fraction(W[0][0][0])]], "W2": [[Fraction(W[1][0][0])]]}
    ref = independent_evaluate(["hessian", "deep_linear", "X", "Y", ["W1", "W2"]], env)
    assert H.tolist() == ref
    assert inertia(H) == tuple(ldl_inertia(ref))


def test_issue_instance_through_the_cli(tmp_path, capsys):
    inst = {"model": "deep_linear", "widths": [1, 1, 1], "X": [["1/3037000500"]], "Y": [[1]],
            "weights": [[[0]], [[0]]]}
    p = tmp_path / "ov.json"
    p.write_text(json.dumps(inst), encoding="utf-8")
    assert main(["classify", str(p), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    # L = (a b x - 1)^2 / 2 at a = b = 0: Hessian [[0, -x], [-x, 0]], indefinite
    assert out["verdict"] == "strict saddle" and out["inertia"] == [1, 1, 0]
    cert = tmp_path / "c.json"
    cert.write_text(json.dumps(out["certificate"]), encoding="utf-8")
    assert main(["verify", str(cert)]) == 0
    assert main(["check", "KAW-4", str(p)]) in (0, 1)
    err = capsys.readouterr().err
    assert "Traceback" not in err and "OverflowError" not in err


def test_zero_block_with_denominator_above_2_63():
    # the smallest reproduction: H = 0 except the off-diagonal residual term -x
    for den in (2 ** 63 - 1, 2 ** 63, 2 ** 63 + 1, 2 ** 64, 10 ** 30):
        net = DeepLinear([1, 1, 1], X=[[f"1/{den}"]], Y=[[1]])
        H = net.hessian([[[0]], [[0]]])
        assert H.tolist() == [[0, Fraction(-1, den)], [Fraction(-1, den), 0]]
        assert inertia(H) == (1, 1, 0)
        assert flint.fmpq_mat(H.flint).numer_denom()[1] == den
