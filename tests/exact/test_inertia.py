"""Exact inertia: the certified fast path, the charpoly route and independent references."""

import os
import random
import subprocess
import sys
from fractions import Fraction

import flint
import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symlandscape.exact import InputError, QMatrix, inertia, inertia_charpoly
from symlandscape.exact import certified as cert
from symlandscape.exact.certified import certified_inertia
from symlandscape.exact.inertia import as_integer_symmetric

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# -- independent references ---------------------------------------------------------

def ref_inertia(rows) -> tuple:
    """Inertia by exact symmetric Gaussian elimination (congruences) over Fractions.

    A nonzero diagonal pivot is eliminated from both sides; if every remaining
    diagonal entry is 0 but a_ij != 0, adding row/column j to row/column i makes
    the new a_ii = 2 a_ij nonzero. Sylvester's law of inertia does the rest.
    """
    A = [[Fraction(x) for x in row] for row in rows]
    active = list(range(len(A)))
    pos = neg = 0
    while active:
        i = next((i for i in active if A[i][i] != 0), None)
        if i is None:
            pair = next(((i, j) for i in active for j in active if i < j and A[i][j] != 0), None)
            if pair is None:
                break
            i, j = pair
            for k in active:
                A[i][k] += A[j][k]
            for k in active:
                A[k][i] += A[k][j]
            continue
        piv = A[i][i]
        pos, neg = (pos + 1, neg) if piv > 0 else (pos, neg + 1)
        active.remove(i)
        for j in active:
            f = A[j][i] / piv
            if f:
                for k in active:
                    A[j][k] -= f * A[i][k]
    return (pos, neg, len(A) - pos - neg)


def sympy_inertia(rows) -> tuple:
    """Inertia from SymPy's characteristic polynomial and Sturm root counting."""
    x = sympy.Symbol("x")
    p = sympy.Poly(sympy.Matrix(rows).applyfunc(sympy.Rational).charpoly(x).as_expr(), x)
    zero = 0
    while p.eval(0) == 0:
        p = sympy.Poly(sympy.cancel(p.as_expr() / x), x)
        zero += 1
    pos = neg = 0
    _, factors = p.sqf_list()
    for f, mult in factors:
        pos += mult * f.count_roots(0, sympy.oo)
        neg += mult * f.count_roots(-sympy.oo, 0)
    return (pos, neg, zero)


def all_routes(rows) -> tuple:
    """inertia() auto and charpoly agree; the certified path is None or agrees."""
    auto = inertia(rows)
    assert inertia(rows, method="charpoly") == auto
    fast = certified_inertia(as_integer_symmetric(rows))
    assert fast is None or fast == auto
    return auto


# -- strategies ---------------------------------------------------------------------

small_q = st.builds(Fraction, st.integers(-12, 12), st.integers(1, 7))


@st.composite
def symmetric(draw, n_max=7, entries=small_q):
    n = draw(st.integers(1, n_max))
    up = {(i, j): draw(entries) for i in range(n) for j in range(i, n)}
    return [[up[min(i, j), max(i, j)] for j in range(n)] for i in range(n)]


def congruence(S, D):
    """S^T diag(D) S as nested Fraction lists (S: k x n)."""
    k, n = len(S), len(S[0])
    return [[sum(S[t][i] * D[t] * S[t][j] for t in range(k)) for j in range(n)] for i in range(n)]


def signs(D) -> tuple:
    return (sum(d > 0 for d in D), sum(d < 0 for d in D), sum(d == 0 for d in D))


def cayley(K):
    """Rational orthogonal (I - K)(I + K)^-1 from a skew-symmetric K."""
    n = len(K)
    I = QMatrix.eye(n)
    Km = QMatrix(K)
    return ((I - Km) @ (I + Km).inv()).tolist()


@st.composite
def skew(draw, n):
    up = {(i, j): draw(st.builds(Fraction, st.integers(-4, 4), st.integers(1, 3)))
          for i in range(n) for j in range(i + 1, n)}
    return [[Fraction(0) if i == j else (up[i, j] if i < j else -up[j, i]) for j in range(n)]
            for i in range(n)]


# -- property tests -----------------------------------------------------------------

@SETTINGS
@given(symmetric())
def test_random_symmetric_matches_references(M):
    expected = ref_inertia(M)
    assert all_routes(M) == expected
    if len(M) <= 5:
        assert sympy_inertia(M) == expected


@SETTINGS
@given(st.integers(1, 9), st.integers(0, 9), st.data())
def test_singular_congruences(n, k, data):
    """S^T D S with k <= n rows: rank deficient, exactly known rank and inertia bound."""
    k = min(k, n)
    if k == 0:
        M = [[Fraction(0)] * n for _ in range(n)]
    else:
        S = [[data.draw(small_q) for _ in range(n)] for _ in range(k)]
        D = [data.draw(small_q.filter(bool)) for _ in range(k)]
        M = congruence(S, D)
    got = all_routes(M)
    assert got == ref_inertia(M)
    assert got[2] >= n - k
    if k:
        assert got[0] <= signs(D)[0] and got[1] <= signs(D)[1]


@SETTINGS
@given(st.lists(st.sampled_from([-1, 1, 0]), min_size=1, max_size=8),
       st.lists(st.integers(-30, 30), min_size=8, max_size=8), st.data())
def test_badly_scaled(sgn, exps, data):
    """U^T D U with U unit upper triangular: inertia = signs of D, entries 1e-30..1e30."""
    n = len(sgn)
    D = [s * Fraction(10) ** e for s, e in zip(sgn, exps)]
    U = [[Fraction(int(i == j)) if i >= j else data.draw(small_q) for j in range(n)]
         for i in range(n)]
    M = congruence(U, D)
    assert all_routes(M) == signs(D) == ref_inertia(M)


@SETTINGS
@given(st.integers(2, 6), st.data())
def test_repeated_and_clustered_eigenvalues(n, data):
    """Q^T D Q with rational orthogonal Q (Cayley): eigenvalues are exactly D."""
    pool = [Fraction(1), Fraction(-1), Fraction(2), Fraction(0), 1 + Fraction(1, 10 ** 20),
            Fraction(1, 10 ** 20), Fraction(-1, 10 ** 20), Fraction(-3, 2)]
    D = [data.draw(st.sampled_from(pool)) for _ in range(n)]
    Q = cayley(data.draw(skew(n)))
    M = congruence(Q, D)
    assert all_routes(M) == signs(D)


@SETTINGS
@given(symmetric(n_max=6), st.data())
def test_invariant_under_congruence(M, data):
    n = len(M)
    U = [[Fraction(int(i == j)) if i >= j else data.draw(small_q) for j in range(n)]
         for i in range(n)]
    perm = data.draw(st.permutations(range(n)))
    S = QMatrix([U[p] for p in perm])
    T = (S.T @ QMatrix(M) @ S).tolist()
    assert inertia(T) == inertia(M) == ref_inertia(M) == ref_inertia(T)


@settings(max_examples=25, deadline=None)
@given(st.integers(10, 64), st.floats(0.5, 1.0), st.booleans(), st.integers(0, 2 ** 32))
def test_certified_lifting_and_kernel_routes(n, frac, duplicate, seed):
    """Moderate sizes: S^T D S with a generic (dense) or duplicated-column (small) kernel."""
    rng = random.Random(seed)
    k = max(1, int(n * frac))
    S = [[rng.randint(-3, 3) for _ in range(n if not duplicate else k)] for _ in range(k)]
    if duplicate:
        for _ in range(n - k):
            a, b = rng.randrange(k), rng.randrange(k)
            for row in S:
                row.append(row[a] + rng.choice([-2, 1, 3]) * row[b])
    Sm = flint.fmpz_mat(S)
    D = flint.fmpz_mat(k, k)
    for i in range(k):
        D[i, i] = rng.choice([-3, -1, 1, 2])
    A = Sm.transpose() * D * Sm
    fast = certified_inertia(A)
    assert fast is None or fast == inertia(A, method="charpoly")


# -- targeted cases ------------------------------------------------------------------

@pytest.mark.parametrize("M, expected", [
    ([[0]], (0, 0, 1)),
    ([[5]], (1, 0, 0)),
    ([["-1/3"]], (0, 1, 0)),
    ([[0, 0], [0, 0]], (0, 0, 2)),
    ([[2, 1], [1, 2]], (2, 0, 0)),             # eigenvalues 3, 1
    ([[1, 2], [2, 1]], (1, 1, 0)),             # 3, -1
    ([[1, 1], [1, 1]], (1, 0, 1)),             # 2, 0
    ([[0, 1], [1, 0]], (1, 1, 0)),             # zero diagonal
    ([[2, -1, 0], [-1, 2, -1], [0, -1, 2]], (3, 0, 0)),   # 2 - sqrt2, 2, 2 + sqrt2
    ([[1, 2, 3], [2, 4, 6], [3, 6, 9]], (1, 0, 2)),       # rank one, 14
    ([[-1, 2, 3], [2, -4, -6], [3, -6, -9]], (0, 1, 2)),  # -(rank one), -14
    ([[0, 0, 1], [0, 0, 0], [1, 0, 0]], (1, 1, 1)),
    ([["1/2", "1/3"], ["1/3", "1/4"]], (2, 0, 0)),         # Hilbert 2 x 2
    ([[1, 0, 0, 0], [0, -2, 0, 0], [0, 0, 0, 0], [0, 0, 0, "1e-30"]], (2, 1, 1)),
])
def test_hand_worked(M, expected):
    assert inertia(M) == expected
    assert inertia(M, method="charpoly") == expected
    assert ref_inertia([[Fraction(str(x)) for x in row] for row in M]) == expected


@pytest.mark.parametrize("n", [2, 5, 9, 12])
def test_hilbert(n):
    H = [[Fraction(1, i + j + 1) for j in range(n)] for i in range(n)]
    assert all_routes(H) == (n, 0, 0)
    shifted = [[H[i][j] - (Fraction(1, 2) if i == j else 0) for j in range(n)] for i in range(n)]
    assert all_routes(shifted) == ref_inertia(shifted)
    sg = [(-1) ** i for i in range(n)]  # a signed congruence keeps it positive definite
    assert all_routes([[sg[i] * sg[j] * H[i][j] for j in range(n)] for i in range(n)]) == (n, 0, 0)


def test_rank_one_and_zero():
    v = [Fraction(k, 3) - 2 for k in range(8)]
    M = [[a * b for b in v] for a in v]
    assert all_routes(M) == (1, 0, 7)
    assert all_routes([[-x for x in row] for row in M]) == (0, 1, 7)
    assert all_routes([[0] * 6 for _ in range(6)]) == (0, 0, 6)
    assert certified_inertia(flint.fmpz_mat(4, 4)) == (0, 0, 4)
    assert certified_inertia(flint.fmpz_mat(0, 0)) == (0, 0, 0)


def test_certified_returns_none_when_bounds_do_not_close():
    """Eigenvalues 1, 1, -1e-25, 0: floats cannot see -1e-25; the fast path must refuse."""
    Q = cayley([[0, 1, 2, 0], [-1, 0, 1, 1], [-2, -1, 0, 3], [0, -1, -3, 0]])
    D = [Fraction(1), Fraction(1), Fraction(-1, 10 ** 25), Fraction(0)]
    M = congruence(Q, D)
    assert certified_inertia(as_integer_symmetric(M)) is None
    assert inertia(M) == inertia(M, method="charpoly") == (2, 1, 1)
    with pytest.raises(ValueError):
        inertia(M, method="certified")
    big = 10 ** 20  # eigenvalues ~2e20 and ~1/2
    assert certified_inertia(flint.fmpz_mat([[big, big], [big, big + 1]])) is None
    assert inertia([[big, big], [big, big + 1]]) == (2, 0, 0)


def test_certified_path_is_taken_on_ordinary_matrices():
    rng = random.Random(7)
    for n, k in [(30, 30), (40, 33), (60, 45)]:
        S = flint.fmpq_mat(k, n, [flint.fmpq(rng.randint(-3, 3), rng.choice([1, 2, 4]))
                                  for _ in range(k * n)])
        D = flint.fmpq_mat(k, k)
        for i in range(k):
            D[i, i] = rng.choice([-2, -1, 1, 3])
        A = as_integer_symmetric(S.transpose() * D * S)
        fast = certified_inertia(A)
        assert fast is not None
        assert fast == inertia(A, method="charpoly") == inertia(A, method="certified")
        assert fast[2] == n - k


def _block_case(entries, n=14, k=9, seed=3):
    rng = random.Random(seed)
    S = flint.fmpz_mat(k, n, [rng.randint(-entries, entries) for _ in range(k * n)])
    D = flint.fmpz_mat(k, k)
    for i in range(k):
        D[i, i] = rng.choice([-3, -1, 2])
    return S.transpose() * D * S


@pytest.mark.parametrize("entries", [3, 2 ** 18, 10 ** 12, 10 ** 200])
def test_certified_rank_routes(entries):
    """Small entries: p-adic lifting; ~2^40: p too small, primes; >2^53, >2^1000: primes."""
    A = _block_case(entries)
    fast = certified_inertia(A)
    assert fast is not None and fast == inertia(A, method="charpoly")
    assert fast[2] == 5


def test_structured_kernel_shortcut_and_singular_leading_block():
    # duplicated columns: small exact kernel, found by rational reconstruction
    rng = random.Random(11)
    k, n = 50, 70
    S = [[rng.randint(-3, 3) for _ in range(k)] for _ in range(k)]
    for j in range(k, n):
        a, b = rng.randrange(k), rng.randrange(k)
        for row in S:
            row.append(row[a] - 2 * row[b])
    Sm = flint.fmpz_mat(S)
    D = flint.fmpz_mat(k, k)
    for i in range(k):
        D[i, i] = rng.choice([-1, 1, 2])
    A = Sm.transpose() * D * Sm
    assert certified_inertia(A) == inertia(A, method="charpoly")
    # [[0, I], [I, 0]] + a zero row: B = A[P, P] has a singular leading block
    m = 50
    A = flint.fmpz_mat(2 * m + 1, 2 * m + 1)
    for i in range(m):
        A[i, m + i] = A[m + i, i] = 1
    assert certified_inertia(A) == (m, m, 1)


def test_wrong_rank_guess_is_caught(monkeypatch):
    """The rank mod p undercounts when p divides a pivot: the kernel proof must then fail."""
    p = 10007
    monkeypatch.setattr(cert, "_lifting_prime", lambda n, alpha, g: p)
    U = flint.fmpz_mat([[1, 2, -1], [0, 1, 3], [0, 0, 1]])
    D = flint.fmpz_mat([[1, 0, 0], [0, p, 0], [0, 0, -3]])
    A = U.transpose() * D * U  # rank 3, but rank 2 mod p
    # the float step proves a nonsingular matrix without a rank guess; switch that route
    # off (it is tried with r = n only) to exercise the wrong guess
    assert certified_inertia(A) == (2, 1, 0)
    gersh = cert._gershgorin_signs
    monkeypatch.setattr(cert, "_gershgorin_signs",
                        lambda F, c, r, eig: None if r == F.shape[0] else gersh(F, c, r, eig))
    assert certified_inertia(A) is None
    assert inertia(A) == (2, 1, 0)
    big = cert._P1  # entries beyond 2^53: the rank guess uses this prime, then more primes
    A = flint.fmpz_mat([[1, 0], [0, big]])
    assert certified_inertia(A) is None
    assert inertia(A) == (2, 0, 0)


@SETTINGS
@given(symmetric(n_max=6, entries=st.builds(Fraction, st.integers(-10 ** 30, 10 ** 30),
                                             st.integers(1, 10 ** 6))), st.integers(0, 2 ** 32))
def test_float_congruence_bound_is_rigorous(M, seed):
    """sum_b |fl(V^T F V)_ab - (V^T As V)_ab| <= Drow_a (the row sums the Gershgorin test
    uses), checked in exact rational arithmetic."""
    A = as_integer_symmetric(M)
    n = A.nrows()
    vals = [int(x) for x in A.entries()]
    bits = max(max(map(abs, vals)).bit_length(), 1)
    F, c = cert._to_float(vals, n, bits)
    V = np.linalg.qr(np.random.default_rng(seed).standard_normal((n, n)))[0]
    C, Drow = cert._congruence(F, c, V)
    As = [[Fraction(vals[i * n + j], 2 ** bits) for j in range(n)] for i in range(n)]
    Vq = [[Fraction(float(V[i, j])) for j in range(n)] for i in range(n)]
    for a in range(n):
        err = sum(abs(Fraction(float(C[a, b]))
                      - sum(Vq[i][a] * As[i][j] * Vq[j][b] for i in range(n) for j in range(n)))
                  for b in range(n))
        assert err <= Fraction(float(Drow[a]))


def test_inverse_mod_p():
    rng = np.random.default_rng(0)
    p = 1000003
    for m in (5, 60, 130):
        B = rng.integers(-1000, 1000, size=(m, m)).astype(float)
        W = cert._inv_mod(cert._mods(B, p), p)
        assert W is not None
        assert (cert._mods(B @ W, p) == np.eye(m)).all()
    assert cert._inv_mod(np.zeros((3, 3)), p) is None


def test_larger_matrix_against_charpoly():
    rng = random.Random(2)
    n, k = 90, 80
    S = flint.fmpq_mat(k, n, [flint.fmpq(rng.randint(-4, 4), rng.choice([1, 3]))
                              for _ in range(k * n)])
    D = flint.fmpq_mat(k, k)
    for i in range(k):
        D[i, i] = flint.fmpq(rng.choice([-2, 1, 5]), rng.choice([1, 2]))
    M = QMatrix(S.transpose() * D * S)
    auto = inertia(M)
    assert auto == inertia(M, method="charpoly") == inertia(M, method="certified")
    assert auto[2] == n - k


def test_input_kinds_agree():
    rows = [["1/2", 1, 0], [1, "-3", "0.25"], [0, "0.25", 2]]
    q = QMatrix(rows)
    expected = inertia(rows)
    assert inertia(q) == inertia(q.flint) == inertia(as_integer_symmetric(rows)) == expected
    sm = sympy.Matrix(3, 3, [sympy.Rational(str(x)) for r in rows for x in r])
    assert inertia(sm) == expected
    assert inertia_charpoly(rows) == expected


@pytest.mark.parametrize("bad", [
    [[1, 2]],                       # not square
    [[1, 2, 3], [2, 1, 3]],         # not square
    [[1, 2], [3, 4]],               # not symmetric
    [[0.5, 1], [1, 2]],             # float
    [[1, 0], [0, float("nan")]],    # float
    [[1, "x"], ["x", 1]],           # not a number
    [[1, 2], [2]],                  # ragged
])
def test_bad_input(bad):
    with pytest.raises(InputError):
        inertia(bad)


def test_bad_flint_input_and_method():
    with pytest.raises(InputError):
        inertia(flint.fmpz_mat([[1, 2], [3, 4]]))
    with pytest.raises(InputError):
        inertia(flint.fmpq_mat(2, 3))
    with pytest.raises(ValueError):
        inertia([[1]], method="eigvalsh")


def test_openblas_single_thread_even_if_numpy_came_first():
    """numpy imported before symlandscape: the variable is set late, certified applies it."""
    code = """
import glob, os, ctypes, numpy
import symlandscape
from symlandscape.exact import certified
print(os.environ["OPENBLAS_NUM_THREADS"])
libs = glob.glob(os.path.join(os.path.dirname(numpy.__file__), os.pardir, "numpy.libs",
                              "*openblas*"))
lib = ctypes.CDLL(libs[0]) if libs else None
get = getattr(lib, "scipy_openblas_get_num_threads64_", None) if lib else None
print(get() if get else 1)
"""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["1", "1"], out.stderr


# -- kernel hints (theorem-backed kernel vectors speed up the rank bound) ---------------

def test_kernel_hint_matches_charpoly_on_network_hessians():
    # Rescaling tangents lie in ker H at exactly critical points; with them as a hint
    # the certified path must agree with the exact characteristic-polynomial route.
    import random as _random

    from symlandscape.landscape.critical import data_with_spectrum, rescale, subset_point
    from symlandscape.models import DeepLinear
    rng = _random.Random(5)
    X, Y, U = data_with_spectrum(3, 3, 4, [3, 2, 1], rng)
    for widths, I in (([3, 3, 3, 3], [1, 2]), ([3, 2, 2, 3], [0]), ([3, 3, 3], [0, 2])):
        net = DeepLinear(widths, X, Y)
        W = rescale(subset_point(widths, X, Y, U, I), rng)
        assert net.gradient(W).is_zero()
        H = net.hessian(W)
        T = net.symmetry_tangents(W)
        assert (H @ T).is_zero()          # the theorem, checked here independently
        want = inertia(H, method="charpoly")
        assert inertia(H, _trusted_kernel=T) == want


def test_kernel_hint_partial_kernel():
    # A hint covering only part of the kernel: the missing directions are solved for.
    from symlandscape.exact.matrix import QMatrix
    S = QMatrix([[1, 2, 0, 1, 3], [0, 1, 1, 2, 1], [2, 0, 1, 0, 1]])
    D = QMatrix([[5, 0, 0], [0, -2, 0], [0, 0, "1/3"]])
    A = S.T @ D @ S                       # rank 3, nullity 2
    K = S.nullspace()
    assert K.shape == (5, 2)
    assert inertia(A, _trusted_kernel=K.columns([0])) == inertia(A, method="charpoly") == (2, 1, 2)


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 30), st.integers(0, 2 ** 32), st.sampled_from([1, 10 ** 30]))
def test_nullity_lower_bound(n, seed, scale):
    """A proven nullity lower bound k (here any k <= the true nullity, which the reference
    knows) skips the rank routes when it is exact and never changes the answer otherwise."""
    rng = random.Random(seed)
    k = rng.randint(1, n)
    S = [[rng.randint(-3, 3) * scale + rng.randint(-1, 1) for _ in range(n)] for _ in range(k)]
    D = flint.fmpz_mat(k, k)
    for i in range(k):
        D[i, i] = rng.choice([-3, -1, 1, 2])
    A = flint.fmpz_mat(S).transpose() * D * flint.fmpz_mat(S)
    want = ref_inertia([[Fraction(int(x)) for x in row] for row in A.tolist()])
    for bound in {0, max(0, want[2] - 1), want[2]}:
        got = certified_inertia(A, nullity_at_least=bound)
        assert got is None or got == want
        lazy = certified_inertia(A, nullity_at_least=lambda b=bound: b)   # computed on demand
        assert lazy is None or lazy == want
    if 0 < want[2] < n and certified_inertia(A) is not None:    # the float step closes here
        assert certified_inertia(A, nullity_at_least=want[2]) == want
