"""The polynomial global-minimum test (``top_sum_attained``) against independent routes.

* The old test through the k-th additive compound (``tests/landscape/compound_oracle.py``, kept
  only as an oracle) on small random rational instances: repeated eigenvalues,
  rank-deficient Sigma, X and Y, ``r < k``, repeated irrational eigenvalue pairs split
  between ``V`` and ``V^perp``.
* mpmath eigenvalues at 60 digits where the two sides are clearly apart.
* The fast evaluator (flint, ``landscape.globalmin``) and the independent re-checker
  (plain fractions, ``certificates.check``) agree on every case.
* Networks: ``global_min_expr`` against the compound oracle applied to the loss value,
  deep and residual, at exact minimisers, eigenvector-subset critical points and random
  points; the autoencoders [12, 5, 12] and [25, 10, 25] are decided by ``classify``.
"""

import json
import os
import random
import time
from fractions import Fraction

import mpmath
import pytest
from compound_oracle import attains_top_k_sum, top_k_sum_is_simple
from hypothesis import given, settings
from hypothesis import strategies as st

import symlandscape as sl
from symlandscape.certificates import check as chk
from symlandscape.certificates.check import CertificateError, independent_evaluate
from symlandscape.exact.matrix import QMatrix
from symlandscape.exact.numbers import InputError
from symlandscape.facts.fast import evaluate
from symlandscape.landscape.critical import cayley_orthogonal, data_with_spectrum, subset_point
from symlandscape.landscape.globalmin import decide_top_sum, sigma_matrix, top_sum_attained
from symlandscape.landscape.minimiser import exact_minimiser
from symlandscape.models import DeepLinear, ResidualLinear
from symlandscape.theorems.classification import global_min_expr

T = [[2, 1], [1, 1]]          # eigenvalues (3 +- sqrt 5) / 2, irrational


def lit(M: QMatrix):
    return ["lit", M.tostrings()]


def checker(S: QMatrix, B: QMatrix, k: int, strict: bool = False) -> bool:
    expr = ["top_sum_attained", lit(S), lit(B), k] + (["strict"] if strict else [])
    return independent_evaluate(expr, {})


def oracle(S: QMatrix, B: QMatrix, k: int) -> tuple:
    """(attained, strict) by the additive compound (1 <= k <= d)."""
    P = B.projector() if not B.is_zero() else QMatrix.zeros(*S.shape)
    att = attains_top_k_sum(S, k, (P @ S).trace())
    return att, att and top_k_sum_is_simple(S, k)


def block_diag(blocks) -> QMatrix:
    n = sum(len(b) for b in blocks)
    rows, off = [], 0
    for b in blocks:
        for r in b:
            rows.append([0] * off + list(r) + [0] * (n - off - len(r)))
        off += len(b)
    return QMatrix(rows)


# -- random instances ---------------------------------------------------------------------------
@st.composite
def spectral_case(draw):
    """S = U diag(l) U^T (U rational orthogonal) with repeated eigenvalues, zeros and
    optionally repeated irrational pairs (blocks T); B spans (mixtures of) eigenvector
    subsets or is random, possibly rank deficient; 1 <= rank B <= k <= d."""
    rng = random.Random(draw(st.integers(0, 10 ** 6)))
    pairs = draw(st.integers(0, 2))
    singles = draw(st.lists(st.sampled_from([0, 0, 1, 2, 2, 3, Fraction(1, 2)]), min_size=0,
                            max_size=4 - pairs))
    blocks = [T] * pairs + [[[x]] for x in singles]
    if not blocks:
        blocks = [[[1]]]
    D = block_diag(blocks)
    d = D.shape[0]
    U = cayley_orthogonal(d, rng) if draw(st.booleans()) else QMatrix.eye(d)
    S = U @ D @ U.T
    kind = draw(st.sampled_from(["eigen", "eigen", "random", "mixed"]))
    r = draw(st.integers(0, d)) if draw(st.integers(0, 4)) == 0 else draw(st.integers(1, max(d - 1, 1)))
    cols = draw(st.permutations(range(d)))[:r]
    if kind == "eigen" or kind == "mixed":
        # columns of U: invariant under D's blocks only when a T block is taken whole or
        # not at all; otherwise a non-invariant subspace (also a useful case)
        B = U.columns(cols) if cols else QMatrix.zeros(d, 1)
        if kind == "mixed" and r:
            G = QMatrix([[rng.randint(-2, 2) for _ in range(r + 1)] for _ in range(r)])
            B = B @ G                                   # r + 1 columns, rank <= r
    else:
        B = QMatrix([[rng.randint(-1, 1) for _ in range(max(r, 1))] for _ in range(d)])
    rank = B.rank()
    # r = k (the eigenvalue comparison) most of the time; r < k and the ends otherwise
    k = rank if rank and draw(st.integers(0, 3)) else draw(st.integers(max(rank, 1), d))
    return S, B, k


@st.composite
def gram_case(draw):
    """S = A A^T with small integer A (d x m, m may be < d: singular S); B random, or the
    pivot columns of S (col S), or a random subspace of col S."""
    rng = random.Random(draw(st.integers(0, 10 ** 6)))
    d, m = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    A = QMatrix([[rng.randint(-2, 2) for _ in range(m)] for _ in range(d)])
    S = A @ A.T
    kind = draw(st.sampled_from(["random", "colS", "subS"]))
    if kind == "colS":
        B = S
    elif kind == "subS":
        B = A @ QMatrix([[rng.randint(-1, 1)] for _ in range(m)])
    else:
        ncols = draw(st.integers(1, 3))
        B = QMatrix([[rng.randint(-2, 2) for _ in range(ncols)] for _ in range(d)])
    rank = B.rank()
    k = rank if rank and draw(st.booleans()) else draw(st.integers(max(rank, 1), d))
    return S, B, k


@settings(max_examples=300)
@given(st.one_of(spectral_case(), gram_case()))
def test_top_sum_matches_compound_oracle_and_checker(case):
    S, B, k = case
    dec = decide_top_sum(S, B, k)
    want = oracle(S, B, k)
    assert (dec.attained, dec.strict) == want, (S, B, k, dec)
    assert checker(S, B, k) == dec.attained
    assert checker(S, B, k, strict=True) == dec.strict
    if dec.case == "tie":          # a tie is always rational (see decide_top_sum)
        assert dec.separator is not None and dec.tie.degree() == 1


@settings(max_examples=80)
@given(st.one_of(spectral_case(), gram_case()))
def test_top_sum_against_mpmath_where_clearly_apart(case):
    S, B, k = case
    mpmath.mp.dps = 60
    A = mpmath.matrix([[mpmath.mpf(x.numerator) / x.denominator for x in r] for r in S.tolist()])
    eig = sorted(mpmath.eigsy(A)[0], reverse=True)
    P = B.projector() if not B.is_zero() else QMatrix.zeros(*S.shape)
    t = (P @ S).trace()
    gap = abs(mpmath.mpf(int(t.p)) / int(t.q) - sum(eig[:k]))
    got = top_sum_attained(S, B, k)
    if gap > mpmath.mpf(10) ** -20:
        assert not got, (S, B, k, gap)
    if got:
        assert gap < mpmath.mpf(10) ** -40
    # strictness: lambda_k > lambda_{k+1}, where mpmath separates them clearly
    if got and k < S.shape[0] and abs(eig[k - 1] - eig[k]) > mpmath.mpf(10) ** -20:
        assert top_sum_attained(S, B, k, strict=True)


# -- specific cases -----------------------------------------------------------------------------
def test_repeated_irrational_pair_split_between_v_and_vperp():
    # Sigma = diag(T, T) (eigenvalues a, a, b, b): the top-2 eigenspace is the a-eigenspace,
    # irrational; a rational invariant V carries a with its conjugate b.
    S = block_diag([T, T])
    for Q in (QMatrix.eye(4), cayley_orthogonal(4, random.Random(5))):
        S2 = Q @ S @ Q.T
        V = Q @ QMatrix([[1, 0], [0, 1], [0, 0], [0, 0]])       # the first block: {a, b}
        dec = decide_top_sum(S2, V, 2)
        assert (dec.attained, dec.case) == (False, "crossed")
        assert oracle(S2, V, 2) == (False, False) and checker(S2, V, 2) is False
        W = Q @ QMatrix([[1, 0], [0, 0], [0, 1], [0, 0]])       # e1, e3: not invariant
        assert decide_top_sum(S2, W, 2).case == "not invariant" and checker(S2, W, 2) is False
        whole = Q @ QMatrix([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
        assert top_sum_attained(S2, whole, 4) and checker(S2, whole, 4)


def test_irrational_spectrum_inside_v_is_separated():
    # Sigma = diag(T, 0): V = the T block carries (3 +- sqrt 5)/2 > 0 = Sigma|V^perp.
    S = block_diag([T, [[0]]])
    V = QMatrix([[1, 0], [0, 1], [0, 0]])
    dec = decide_top_sum(S, V, 2)
    assert (dec.attained, dec.strict, dec.case) == (True, True, "separated")
    assert 0 <= Fraction(str(dec.separator)) < Fraction(38, 100)   # below b = 0.381...
    assert checker(S, V, 2, strict=True) and oracle(S, V, 2) == (True, True)
    # one more dimension than the T block: r = 2 < k = 3 and Sigma|V^perp = 0
    assert top_sum_attained(S, V, 3) and checker(S, V, 3) and oracle(S, V, 3)[0]


def test_rational_tie_uses_the_tie_value_as_separator():
    S = QMatrix([[2, 0, 0], [0, 2, 0], [0, 0, 1]])
    dec = decide_top_sum(S, QMatrix([[1], [1], [0]]), 1)
    assert (dec.attained, dec.strict, dec.case, dec.separator) == (True, False, "tie", 2)
    assert checker(S, QMatrix([[1], [1], [0]]), 1) and not checker(S, QMatrix([[1], [1], [0]]), 1, True)


@pytest.mark.parametrize("S, B, k, att, strict", [
    ([[0, 0], [0, 0]], [[0], [0]], 0, True, True),           # r = k = 0
    ([[1, 0], [0, 0]], [[0], [0]], 1, False, False),         # V = {0}, Sigma != 0
    ([[0, 0], [0, 0]], [[0], [0]], 2, True, True),           # V = {0}, Sigma = 0, k = d
    ([[0, 0, 0], [0, 0, 0], [0, 0, 0]], [[0], [0], [0]], 2, True, False),  # ... k < d: lambda_2 = lambda_3
    ([[3, 1], [1, 3]], [[1, 0], [0, 1]], 2, True, True),     # V^perp = {0}
    ([[3, 1], [1, 3]], [[1, 0], [0, 1]], 5, True, True),     # k > d
    ([[1, 1], [1, 1]], [[1], [1]], 2, True, True),           # r < k = d, Sigma|V^perp = 0
    ([[1, 1, 0], [1, 1, 0], [0, 0, 0]], [[1], [1], [0]], 2, True, False),  # r < k < d
    ([[1, 1, 0], [1, 1, 0], [0, 0, 1]], [[1], [1], [0]], 2, False, False),  # r < k, Sigma|V^perp != 0
])
def test_edge_cases(S, B, k, att, strict):
    S, B = QMatrix(S), QMatrix(B)
    dec = decide_top_sum(S, B, k)
    assert (dec.attained, dec.strict) == (att, strict), dec
    assert checker(S, B, k) == att and checker(S, B, k, True) == strict


@pytest.mark.parametrize("S, B, k", [
    ([[1, 2], [0, 1]], [[1], [0]], 1),       # not symmetric
    ([[1, 0], [0, -1]], [[1], [0]], 1),      # not PSD
    ([[1, 0], [0, 1]], [[1, 0], [0, 1]], 1),  # rank B > k
    ([[1, 0], [0, 1]], [[1, 0, 0]], 1),      # row count
])
def test_errors_in_both_evaluators(S, B, k):
    S, B = QMatrix(S), QMatrix(B)
    with pytest.raises(InputError):
        decide_top_sum(S, B, k)
    with pytest.raises(CertificateError):
        checker(S, B, k)


def test_checker_size_limit_is_documented_and_enforced():
    n = chk.MAX_TOP_SUM_DIM + 1
    with pytest.raises(CertificateError, match="MAX_TOP_SUM_DIM"):
        independent_evaluate(["top_sum_attained", ["eye", n], ["zeros", n, 1], 1], {})


def test_checker_charpoly_and_sturm_are_right():
    import flint
    rng = random.Random(3)
    for n in range(1, 7):
        A = [[Fraction(rng.randint(-3, 3), rng.randint(1, 3)) for _ in range(n)] for _ in range(n)]
        want = flint.fmpq_mat([[flint.fmpq(x.numerator, x.denominator) for x in r] for r in A]).charpoly()
        got = chk._charpoly(A)
        assert [flint.fmpq(x.numerator, x.denominator) for x in got] == list(want.coeffs())
    chain = chk._sturm(chk._squarefree([Fraction(c) for c in (2, 0, -3, 0, 1)]))  # (x^2-1)(x^2-2)
    assert chk._count(chain, None, "inf") == 4 and chk._count(chain, Fraction(-1), Fraction(1)) == 1


# -- networks ----------------------------------------------------------------------------------
def _old_test(net, W) -> bool:
    """The compound test on the loss value: ||Y||^2 - 2 L(W) = S_k(Sigma)."""
    S = sigma_matrix(net.X, net.Y)
    return attains_top_k_sum(S, min(net.widths), net.Y.frob2() - 2 * net.loss(W))


def _points(net, X, Y, U, widths, rng):
    k = min(widths)
    W, _ = exact_minimiser(X, Y, widths)
    if W is not None:
        yield W
    dy = widths[-1]
    for r in range(k + 1):
        I = rng.sample(range(dy), r)
        yield subset_point(widths, X, Y, U, I, rng)
    yield [QMatrix([[rng.randint(-1, 1) for _ in range(c)] for _ in range(rr)]) for rr, c in net.shapes]


@settings(max_examples=40)
@given(st.integers(0, 10 ** 6))
def test_global_min_expr_matches_compound_oracle(seed):
    rng = random.Random(seed)
    dx, dy = rng.randint(1, 4), rng.randint(1, 4)
    hidden = [rng.randint(1, 4) for _ in range(rng.randint(1, 2))]
    widths = [dx] + hidden + [dy]
    m = rng.randint(1, 5)
    r = rng.randint(0, min(dx, m))                               # rank-deficient X allowed
    sv = [Fraction(rng.choice([0, 1, 1, 2, 3]), rng.choice([1, 2])) for _ in range(dy)]
    sv = [s if i < r else 0 for i, s in enumerate(sv)]           # rank-deficient Y allowed
    X, Y, U = data_with_spectrum(dx, dy, m, sv, rng, x_rank=r)
    net = DeepLinear(widths, X, Y)
    args = ["deep_linear", "X", "Y", [f"W{i + 1}" for i in range(len(widths) - 1)]]
    expr = global_min_expr(widths, args)
    for W in _points(net, X, Y, U, widths, rng):
        env = {"X": X, "Y": Y, **{f"W{i + 1}": w for i, w in enumerate(W)}}
        got = evaluate(expr, env)
        assert got == _old_test(net, W), (widths, W)
        slow = {k: [[Fraction(x) for x in row] for row in v.tolist()] for k, v in env.items()}
        assert independent_evaluate(expr, slow) == got


@settings(max_examples=25)
@given(st.integers(0, 10 ** 6))
def test_residual_global_min_expr_matches_compound_oracle(seed):
    rng = random.Random(seed)
    d, L = rng.randint(1, 3), rng.randint(1, 3)                 # L weight matrices
    widths = [d] * (L + 1)
    m = rng.randint(1, 4)
    X = QMatrix([[rng.randint(-1, 1) for _ in range(m)] for _ in range(d)])
    Y = QMatrix([[rng.randint(-2, 2) for _ in range(m)] for _ in range(d)])
    net = ResidualLinear(d, X, Y, H=L - 1)
    assert list(net.widths) == widths
    args = ["residual_linear", "X", "Y", [f"W{i + 1}" for i in range(L)]]
    expr = global_min_expr(widths, args)
    pts = [[QMatrix([[rng.randint(-1, 1) for _ in range(d)] for _ in range(d)]) for _ in range(L)]]
    # a minimiser: (I + W_1) = Y X^+ (all widths equal: k = d), the other layers zero
    pts.append([Y @ X.pinv() - QMatrix.eye(d)] + [QMatrix.zeros(d, d)] * (L - 1))
    for W in pts:
        env = {"X": X, "Y": Y, **{f"W{i + 1}": w for i, w in enumerate(W)}}
        got = evaluate(expr, env)
        assert got == _old_test(net, W)
        slow = {k: [[Fraction(x) for x in row] for row in v.tolist()] for k, v in env.items()}
        assert independent_evaluate(expr, slow) == got
    assert evaluate(expr, {"X": X, "Y": Y, **{f"W{i + 1}": w for i, w in enumerate(pts[1])}})


def test_formerly_undecided_wide_output_is_decided():
    # Y = 0 at the origin of [5, 5, 11]: the compound had size C(11, 5) = 462 > 400.
    X = [[int(i == j) for j in range(5)] for i in range(5)]
    net = sl.DeepLinear([5, 5, 11], X, [[0] * 5 for _ in range(11)])
    c = sl.classify(net, [[[0] * 5 for _ in range(5)], [[0] * 5 for _ in range(11)]])
    assert c.verdict == "global minimum"
    _gm_facts_reverify(c.certificate)      # (the full re-check takes ~3 min: 80-parameter Hessian)


# -- the autoencoders of issue 13 ----------------------------------------------------------------
def _autoencoder(widths, m, seed=1):
    d, k = widths[0], min(widths)
    rng = random.Random(seed)
    X, Y, U = data_with_spectrum(d, d, m, [Fraction(d - i + 1, 2) for i in range(d)], rng)
    net = DeepLinear(widths, X, Y)
    W, _ = exact_minimiser(X, Y, widths)
    saddle = subset_point(widths, X, Y, U, list(range(k - 1)) + [k], rng)   # swaps lambda_k, lambda_{k+1}
    return net, W, saddle


def _gm_facts_reverify(cert):
    """Re-evaluate the global-minimum facts of a CLASSIFY certificate (all but the gradient
    and Hessian facts, whose hyper-dual re-check costs O(n) and O(n^2) loss evaluations)
    with the independent checker."""
    env = chk._Env(chk._instance_env(cert["instance"]))
    n = 0
    for f in cert["facts"]:
        text = json.dumps(f["expr"])
        if "hessian" not in text and "grad" not in text:
            assert chk._same(chk._encode(independent_evaluate(f["expr"], env)), f["value"]), f["text"]
            n += 1
    assert n == 3


@pytest.mark.parametrize("widths, m", [([12, 5, 12], 13), ([25, 10, 25], 26)])
def test_autoencoders_are_decided(widths, m):
    net, W, saddle = _autoencoder(widths, m)
    for point, verdict in ((W, "global minimum"), (saddle, "strict saddle")):
        t = time.time()
        c = sl.classify(net, point)
        assert c.verdict == verdict, c.reason
        assert time.time() - t < 120
        _gm_facts_reverify(c.certificate)


@pytest.mark.skipif(not os.environ.get("SYMLANDSCAPE_SLOW"),
                    reason="full re-check: 8.5-18 min per point (the re-checker's hyper-dual Hessian, "
                           "O(n^2) loss evaluations at n = 120); set SYMLANDSCAPE_SLOW=1")
def test_autoencoder_12_5_12_certificates_reverify():
    net, W, saddle = _autoencoder([12, 5, 12], 13)
    for point in (W, saddle):
        assert sl.check_certificate(sl.classify(net, point).certificate)["ok"]
