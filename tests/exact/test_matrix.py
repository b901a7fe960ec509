"""``symlandscape.exact.matrix``: every public method of QMatrix against an independent reference.

References are naive SymPy ``Matrix`` computations (rank, rref, nullspace, columnspace,
pinv, det, inverse, Gauss-Jordan solvability) and the defining identities (Penrose
conditions, ``A G A = A``, ``P^2 = P = P^T``, ``A x = b``). Results are read back through
``QMatrix.flint`` entry by entry (:func:`sym_of`), not through the methods under test.
Generated matrices include zero, rank-deficient (products of thin factors), 1 x n and
n x 1 matrices, repeated rows and entries with 40-digit numerators and denominators.
"""

import re
from fractions import Fraction

import flint
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symlandscape.exact.matrix import QMatrix, qmatrix
from symlandscape.exact.numbers import InputError

SETTINGS = settings(max_examples=60, deadline=None)
BIG = 10 ** 40


# -- independent conversions ----------------------------------------------------------------
def sym_rows(rows) -> sympy.Matrix:
    """SymPy matrix of Fraction rows (never through QMatrix)."""
    return sympy.Matrix([[sympy.Rational(x.numerator, x.denominator) for x in r] for r in rows])


def sym_of(Q: QMatrix) -> sympy.Matrix:
    """SymPy matrix of a QMatrix, read entry by entry from the flint matrix."""
    m, n = Q.flint.nrows(), Q.flint.ncols()
    return sympy.Matrix(m, n, lambda i, j: sympy.Rational(int(Q.flint[i, j].p),
                                                          int(Q.flint[i, j].q)))


def mm(A, B):
    """Fraction matrix product."""
    return [[sum((A[i][t] * B[t][j] for t in range(len(B))), Fraction(0))
             for j in range(len(B[0]))] for i in range(len(A))]


def solvable(A: sympy.Matrix, B: sympy.Matrix) -> bool:
    """Is every column of B in col(A)? By Gauss-Jordan elimination on each system."""
    for j in range(B.shape[1]):
        try:
            A.gauss_jordan_solve(B[:, j])
        except ValueError:
            return False
    return True


# -- strategies -------------------------------------------------------------------------------
small = st.integers(-3, 3).map(Fraction)
fractions_ = st.fractions(min_value=-5, max_value=5, max_denominator=7)
huge = st.one_of(
    st.builds(Fraction, st.integers(-BIG, BIG), st.integers(1, BIG)),
    st.sampled_from([Fraction(BIG), Fraction(-BIG), Fraction(1, BIG), Fraction(-(BIG + 1), BIG - 1),
                     Fraction(BIG * 7 + 3, 11)]))
entries = st.one_of(small, small, fractions_, huge)
dims = st.integers(1, 4)


def rows_of(m, n, elements=entries):
    return st.lists(st.lists(elements, min_size=n, max_size=n), min_size=m, max_size=m)


@st.composite
def matrices(draw, m=None, n=None):
    """Fraction rows of a small matrix; the kind is drawn so that degenerate cases are common."""
    kind = draw(st.sampled_from(["random", "zero", "lowrank", "repeated", "line", "sparse"]))
    if kind == "line":                  # 1 x n or m x 1 (a free dimension becomes 1)
        if m is None and (n is not None or draw(st.booleans())):
            m = 1
        elif n is None:
            n = 1
    m = draw(dims) if m is None else m
    n = draw(dims) if n is None else n
    if kind == "zero":
        return [[Fraction(0)] * n for _ in range(m)]
    if kind == "lowrank" and min(m, n) >= 2:
        k = draw(st.integers(1, min(m, n) - 1))
        return mm(draw(rows_of(m, k)), draw(rows_of(k, n)))
    if kind == "repeated" and m >= 2:
        base = draw(rows_of(draw(st.integers(1, m - 1)), n))
        out = [list(base[i % len(base)]) for i in range(m)]
        c = draw(st.sampled_from([Fraction(1), Fraction(-2), Fraction(3, BIG)]))
        out[-1] = [c * x for x in out[-1]]
        return out
    if kind == "sparse":
        return draw(rows_of(m, n, st.one_of(st.just(Fraction(0)), st.just(Fraction(0)), entries)))
    return draw(rows_of(m, n))


@st.composite
def same_rows(draw, k=2):
    """k matrices with a common number of rows."""
    m = draw(dims)
    return [draw(matrices(m=m)) for _ in range(k)]


@st.composite
def nonsingular(draw, n=None):
    """Square matrices with nonzero determinant (checked by SymPy)."""
    n = draw(dims) if n is None else n
    rows = draw(rows_of(n, n))
    if sym_rows(rows).det() == 0:
        rows = [[Fraction(int(i == j)) + (x if j > i else 0) for j, x in enumerate(r)]
                for i, r in enumerate(rows)]           # unit upper triangular
    return rows


# -- construction and parsing ----------------------------------------------------------------------
@SETTINGS
@given(matrices())
def test_construction_from_all_sources(rows):
    expected = sym_rows(rows)
    sources = [rows, tuple(tuple(r) for r in rows), [[str(x) for x in r] for r in rows],
               [[sympy.Rational(x.numerator, x.denominator) for x in r] for r in rows],
               [[flint.fmpq(x.numerator, x.denominator) for x in r] for r in rows],
               expected, sympy.ImmutableMatrix(expected)]
    for src in sources:
        Q = QMatrix(src)
        assert Q.shape == (len(rows), len(rows[0]))
        assert sym_of(Q) == expected
        assert sym_of(qmatrix(src, shape=(len(rows), len(rows[0])))) == expected
    Fm = flint.fmpq_mat(len(rows), len(rows[0]),
                        [flint.fmpq(x.numerator, x.denominator) for r in rows for x in r])
    assert sym_of(QMatrix(Fm)) == expected
    assert sym_of(QMatrix(QMatrix(rows))) == expected


def test_construction_from_integer_matrices():
    Z = flint.fmpz_mat(2, 2, [1, -2, 3, BIG])
    assert sym_of(QMatrix(Z)) == sympy.Matrix([[1, -2], [3, BIG]])
    np = pytest.importorskip("numpy")
    assert sym_of(QMatrix(np.array([[1, -2], [3, 4]]))) == sympy.Matrix([[1, -2], [3, 4]])
    with pytest.raises(InputError, match="float"):
        QMatrix(np.array([[0.5]]))


@pytest.mark.parametrize("data, pattern", [
    ([[1, 2], [3]], r"^X: row 1 has 1 entries, row 0 has 2 \(ragged rows\)$"),
    ([], r"^X: empty matrix \(no rows\)$"),
    ([[], []], r"^X: empty matrix \(rows have no entries\)$"),
    ([1, 2], r"^X: row 0 is not a list \(got int\)$"),
    ("[[1]]", r"^X: expected a matrix as a list of rows, got str$"),
    (7, r"^X: expected a matrix as a list of rows, got int$"),
    ([[1, 0.5]], r"^X\[0\]\[1\]: 0\.5 is a float"),
    ([[1], [True]], r"^X\[1\]\[0\]: True is a bool"),
    ([["1/0"]], r"^X\[0\]\[0\]: "),
    ([[sympy.sqrt(2)]], r"^X\[0\]\[0\]: sqrt\(2\) .*not an exact rational"),
])
def test_parse_errors_name_the_entry(data, pattern):
    with pytest.raises(InputError, match=pattern):
        qmatrix(data, where="X")
    with pytest.raises(ValueError):          # InputError is a ValueError
        QMatrix(data, "X")


def test_required_shape():
    with pytest.raises(InputError, match=r"^W: shape \(2, 1\) where \(1, 2\) is required$"):
        qmatrix([[1], [2]], where="W", shape=(1, 2))
    with pytest.raises(InputError, match=r"shape \(1, 1\) where \(2, 2\) is required"):
        QMatrix(QMatrix([[1]]), shape=[2, 2])
    E = qmatrix([], shape=(0, 3))                 # an explicitly empty matrix is allowed
    assert E.shape == (0, 3) and E.rank() == 0
    with pytest.raises(InputError, match="no rows"):
        qmatrix([], shape=(1, 3))


# -- constructors ---------------------------------------------------------------------------------
@pytest.mark.parametrize("m, n", [(1, 1), (1, 4), (3, 1), (2, 3), (0, 2), (2, 0)])
def test_zeros(m, n):
    Z = QMatrix.zeros(m, n)
    assert Z.shape == (m, n)
    assert sym_of(Z) == sympy.zeros(m, n)
    assert Z.is_zero()


@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_eye(n):
    I = QMatrix.eye(n)
    assert I.shape == (n, n)
    assert sym_of(I) == sympy.eye(n)


@SETTINGS
@given(same_rows(3))
def test_hstack_matches_sympy(blocks):
    Qs = [QMatrix(b) for b in blocks]
    expected = sympy.Matrix.hstack(*[sym_rows(b) for b in blocks])
    assert sym_of(QMatrix.hstack(Qs)) == expected
    assert sym_of(QMatrix.hstack(Qs[:1])) == sym_rows(blocks[0])


@SETTINGS
@given(same_rows(3))
def test_vstack_matches_sympy(blocks):
    blocks = [[list(c) for c in zip(*b)] for b in blocks]     # common column count
    expected = sympy.Matrix.vstack(*[sym_rows(b) for b in blocks])
    assert sym_of(QMatrix.vstack([QMatrix(b) for b in blocks])) == expected


def test_stack_shape_errors():
    with pytest.raises(ValueError, match="hstack: row counts differ"):
        QMatrix.hstack([QMatrix([[1], [2]]), QMatrix([[1]])])
    with pytest.raises(ValueError, match="row counts differ"):
        QMatrix.vstack([QMatrix([[1, 2]]), QMatrix([[1]])])


# -- protocol ------------------------------------------------------------------------------------
@SETTINGS
@given(matrices())
def test_shape_transpose_getitem(rows):
    Q = QMatrix(rows)
    m, n = len(rows), len(rows[0])
    assert Q.shape == (m, n)
    assert Q.T.shape == (n, m)
    assert sym_of(Q.T) == sym_rows(rows).T
    for i in range(m):
        for j in range(n):
            x = Q[i, j]
            assert Fraction(int(x.p), int(x.q)) == rows[i][j]


@SETTINGS
@given(matrices(), matrices())
def test_eq_and_hash(a, b):
    A, B = QMatrix(a), QMatrix(b)
    same = len(a) == len(b) and len(a[0]) == len(b[0]) and sym_rows(a) == sym_rows(b)
    assert (A == B) is same
    assert (A != B) is (not same)
    # equal values spelled differently are equal and hash equally
    A2 = QMatrix([[f"{x.numerator * 3}/{x.denominator * 3}" for x in r] for r in a])
    assert A2 == A and hash(A2) == hash(A)


def test_eq_edge_cases():
    assert QMatrix([[1, 2]]) != QMatrix([[1], [2]])            # same entries, other shape
    assert QMatrix.zeros(1, 2) != QMatrix.zeros(2, 1)
    assert QMatrix.zeros(0, 2) != QMatrix.zeros(2, 0)
    assert (QMatrix([[1]]) == [[1]]) is False                   # not a QMatrix: no equality
    assert QMatrix([[1]]).__eq__([[1]]) is NotImplemented
    assert len({QMatrix([[1, 2]]), QMatrix([["2/2", "4/2"]]), QMatrix([[1], [2]])}) == 2


@SETTINGS
@given(st.data())
def test_add_sub_neg(data):
    m, n = data.draw(dims), data.draw(dims)
    a, b = data.draw(matrices(m=m, n=n)), data.draw(matrices(m=m, n=n))
    A, B = QMatrix(a), QMatrix(b)
    sa, sb = sym_rows(a), sym_rows(b)
    assert sym_of(A + B) == sa + sb
    assert sym_of(A - B) == sa - sb
    assert sym_of(-A) == -sa
    assert (A - A).is_zero()


@SETTINGS
@given(st.data())
def test_matmul_matches_sympy(data):
    m, k, n = data.draw(dims), data.draw(dims), data.draw(dims)
    a, b = data.draw(matrices(m=m, n=k)), data.draw(matrices(m=k, n=n))
    assert sym_of(QMatrix(a) @ QMatrix(b)) == sym_rows(a) * sym_rows(b)


@SETTINGS
@given(matrices(), st.one_of(entries, st.integers(-5, 5)))
def test_scalar_multiplication(rows, c):
    A = QMatrix(rows)
    cs = sympy.Rational(Fraction(c).numerator, Fraction(c).denominator)
    expected = cs * sym_rows(rows)
    assert sym_of(A * c) == expected
    assert sym_of(c * A) == expected
    assert sym_of(A * str(Fraction(c))) == expected


def test_arithmetic_shape_errors():
    A, B = QMatrix([[1, 2], [3, 4]]), QMatrix([[1, 2, 3]])
    with pytest.raises(ValueError, match=r"matmul: shapes \(2, 2\) and \(1, 3\) do not match"):
        A @ B
    with pytest.raises(ValueError, match=r"\(1, 3\) and \(2, 2\)"):
        B @ A
    with pytest.raises(ValueError):
        A + B
    with pytest.raises(ValueError):
        A - B
    with pytest.raises(InputError, match="float"):
        A * 0.5
    with pytest.raises(InputError):
        A * B                                  # a matrix is not a scalar


# -- conversions ---------------------------------------------------------------------------------
@SETTINGS
@given(matrices())
def test_tolist_tostrings_to_sympy_repr(rows):
    Q = QMatrix(rows)
    L = Q.tolist()
    assert L == rows
    assert all(type(x) is Fraction for r in L for x in r)
    S = Q.tostrings()
    assert all(type(x) is str for r in S for x in r)
    assert [[Fraction(x) for x in r] for r in S] == rows
    Sy = Q.to_sympy()
    assert isinstance(Sy, sympy.MatrixBase) and Sy == sym_rows(rows)
    assert all(isinstance(x, sympy.Rational) for x in Sy)
    # repr lists every entry exactly, row by row
    r = repr(Q)
    assert r.startswith("QMatrix([") and r.endswith("])")
    parsed = [[Fraction(x) for x in row.split(", ")]
              for row in re.findall(r"\[([^\[\]]*)\]", r[len("QMatrix("):-1])]
    assert parsed == rows


def test_tostrings_forms():
    assert QMatrix([[1, "-2/6"], [Fraction(BIG, 3), 0]]).tostrings() == \
        [["1", "-1/3"], [f"{BIG}/3", "0"]]


@SETTINGS
@given(matrices())
def test_is_zero_and_max_abs(rows):
    Q = QMatrix(rows)
    assert Q.is_zero() is all(x == 0 for r in rows for x in r)
    m = Q.max_abs()
    assert isinstance(m, flint.fmpq)
    assert Fraction(int(m.p), int(m.q)) == max(abs(x) for r in rows for x in r)


def test_empty_matrix_queries():
    E = QMatrix.zeros(0, 3)
    assert E.is_zero() and E.max_abs() == 0 and E.trace() == 0 and E.frob2() == 0
    assert E.rank() == 0 and E.rref()[1] == []
    assert sym_of(E.nullspace()) == sympy.eye(3)
    assert E.pinv().shape == (3, 0) and E.projector().shape == (0, 0)


# -- rank, rref, nullspace, column space ----------------------------------------------------------
@SETTINGS
@given(matrices())
def test_rank_matches_sympy(rows):
    assert QMatrix(rows).rank() == sym_rows(rows).rank()


@pytest.mark.parametrize("rows, r", [
    ([[0, 0], [0, 0]], 0), ([[1, 2, 3], [2, 4, 6]], 1), ([[1], [BIG]], 1),
    ([[BIG, BIG + 1], [BIG - 1, BIG]], 2),          # det = 1 despite 40-digit entries
    ([[1, 1, 1], [1, 1, 1], [1, 1, 2]], 2),
])
def test_rank_hand_worked(rows, r):
    assert QMatrix(rows).rank() == r


@SETTINGS
@given(matrices())
def test_rref_matches_sympy(rows):
    R, piv = QMatrix(rows).rref()
    Rs, piv_s = sym_rows(rows).rref()
    assert sym_of(R) == Rs
    assert piv == list(piv_s)
    assert R.shape == (len(rows), len(rows[0]))


@SETTINGS
@given(matrices())
def test_nullspace(rows):
    A = sym_rows(rows)
    N = QMatrix(rows).nullspace()
    n, r = A.shape[1], A.rank()
    assert N.shape == (n, n - r)
    Ns = sym_of(N)
    assert (A * Ns).is_zero_matrix
    assert Ns.rank() == n - r                       # a basis, not just kernel vectors
    ref = sympy.Matrix.hstack(*A.nullspace()) if n > r else sympy.zeros(n, 0)
    assert Ns == ref                                # same free-variable basis as SymPy


@SETTINGS
@given(matrices())
def test_colspace(rows):
    A = sym_rows(rows)
    C = QMatrix(rows).colspace()
    ref = A.columnspace()
    Cs = sym_of(C)
    assert C.shape == (A.shape[0], len(ref))
    if ref:
        assert Cs == sympy.Matrix.hstack(*ref)       # the pivot columns of A
    assert Cs.rank() == A.rank()
    assert solvable(Cs, A) and solvable(A, Cs)


@SETTINGS
@given(matrices(), st.data())
def test_columns_and_rows(rows, data):
    A, Q = sym_rows(rows), QMatrix(rows)
    m, n = A.shape
    cols = data.draw(st.lists(st.integers(0, n - 1), max_size=5))
    rws = data.draw(st.lists(st.integers(0, m - 1), max_size=5))
    assert sym_of(Q.columns(cols)) == A.extract(list(range(m)), cols)
    assert sym_of(Q.rows(rws)) == A.extract(rws, list(range(n)))
    with pytest.raises(IndexError):
        Q.columns([n])
    with pytest.raises(IndexError):
        Q.rows([m])


@SETTINGS
@given(same_rows(2))
def test_colspace_contains_random(ab):
    a, b = ab
    assert QMatrix(a).colspace_contains(QMatrix(b)) is solvable(sym_rows(a), sym_rows(b))


@SETTINGS
@given(st.data())
def test_colspace_contains_constructed(data):
    m, n, k = data.draw(dims), data.draw(dims), data.draw(dims)
    a = data.draw(matrices(m=m, n=n))
    c = data.draw(matrices(m=n, n=k))
    A = QMatrix(a)
    assert A.colspace_contains(QMatrix(mm(a, c)))          # A C lies in col(A)
    assert A.colspace_contains(A)
    assert A.colspace_contains(QMatrix.zeros(m, k))


@SETTINGS
@given(same_rows(2))
def test_colspace_equals_random(ab):
    a, b = ab
    sa, sb = sym_rows(a), sym_rows(b)
    expected = solvable(sa, sb) and solvable(sb, sa)
    assert QMatrix(a).colspace_equals(QMatrix(b)) is expected
    assert QMatrix(b).colspace_equals(QMatrix(a)) is expected


@SETTINGS
@given(st.data())
def test_colspace_equals_under_invertible_change_of_basis(data):
    m, n = data.draw(dims), data.draw(dims)
    a = data.draw(matrices(m=m, n=n))
    g = data.draw(nonsingular(n))
    A = QMatrix(a)
    assert A.colspace_equals(QMatrix(mm(a, g)))
    assert A.colspace_equals(QMatrix.hstack([A, A]))
    # dropping a column changes the column space iff it was a pivot column
    if n >= 2:
        last_is_pivot = sym_rows(a).rank() != sym_rows([r[:-1] for r in a]).rank()
        assert A.colspace_equals(A.columns(range(n - 1))) is (not last_is_pivot)


def test_colspace_hand_worked():
    A = QMatrix([[1, 0], [0, 1], [0, 0]])
    assert A.colspace_contains(QMatrix([[3], [-BIG], [0]]))
    assert not A.colspace_contains(QMatrix([[0], [0], [1]]))
    assert not A.colspace_contains(QMatrix([[1, 0], [0, 0], [0, Fraction(1, BIG)]]))
    assert A.colspace_equals(QMatrix([[1, 1], [1, 2], [0, 0]]))
    assert not A.colspace_equals(QMatrix([[1], [0], [0]]))
    Z = QMatrix.zeros(3, 2)
    assert Z.colspace_equals(QMatrix.zeros(3, 1)) and not Z.colspace_equals(A)
    with pytest.raises(ValueError):
        A.colspace_contains(QMatrix([[1], [1]]))
    with pytest.raises(ValueError):
        A.colspace_equals(QMatrix([[1], [1]]))


# -- pseudo-inverses, projector, inverse, solve ---------------------------------------------------
@SETTINGS
@given(matrices())
def test_pinv_penrose_conditions_and_sympy(rows):
    A = sym_rows(rows)
    P = QMatrix(rows).pinv()
    G = sym_of(P)
    assert P.shape == (A.shape[1], A.shape[0])
    assert A * G * A == A
    assert G * A * G == G
    assert (A * G).T == A * G
    assert (G * A).T == G * A
    assert G == A.pinv()


@pytest.mark.parametrize("rows, expected", [
    ([[0, 0], [0, 0]], [[0, 0], [0, 0]]),
    ([[2]], [["1/2"]]),
    ([[1, 1], [1, 1]], [["1/4", "1/4"], ["1/4", "1/4"]]),
    ([[1, 2]], [["1/5"], ["2/5"]]),
    ([[3], [4]], [["3/25", "4/25"]]),
    ([[1, 0], [0, 0], [0, 0]], [[1, 0, 0], [0, 0, 0]]),
])
def test_pinv_hand_worked(rows, expected):
    assert QMatrix(rows).pinv() == QMatrix(expected)


@SETTINGS
@given(matrices(), st.data())
def test_ginv_is_a_generalized_inverse(rows, data):
    m, n = len(rows), len(rows[0])
    u = data.draw(matrices(m=n, n=m))
    A, Q = sym_rows(rows), QMatrix(rows)
    G = Q.ginv(QMatrix(u))
    assert G.shape == (n, m)
    assert A * sym_of(G) * A == A
    assert Q.ginv() == Q.pinv() and Q.ginv(None) == Q.pinv()
    assert sym_of(Q.ginv(QMatrix.zeros(n, m))) == A.pinv()


@SETTINGS
@given(matrices())
def test_ginv_reaches_every_generalized_inverse(rows):
    """A^+ + U - A^+ A U A A^+ = U when U is itself a generalized inverse, so the
    parametrisation covers all of them. The reference generalized inverse is the
    classic one built from a nonsingular r x r submatrix A[I, J]: G[J, I] = A[I, J]^-1."""
    A = sym_rows(rows)
    m, n = A.shape
    J = list(A.rref()[1])                       # independent columns
    I = list(A.T.rref()[1])                     # independent rows
    G = sympy.zeros(n, m)
    if J:
        Ginv = A.extract(I, J).inv()
        for a, j in enumerate(J):
            for b, i in enumerate(I):
                G[j, i] = Ginv[a, b]
    assert A * G * A == A                        # the reference really is one
    Gq = QMatrix([[Fraction(int(x.p), int(x.q)) for x in G.row(i)] for i in range(n)])
    assert sym_of(QMatrix(rows).ginv(Gq)) == G


def test_ginv_hand_worked_and_errors():
    A = QMatrix([[1, 0], [0, 0]])
    # A^+ = A; U - A U A keeps every entry of U except the (0, 0) one, which A^+ fixes at 1
    assert A.ginv(QMatrix([[5, 6], [7, 8]])) == QMatrix([[1, 6], [7, 8]])
    with pytest.raises(ValueError):
        A.ginv(QMatrix([[1, 2, 3]]))


@SETTINGS
@given(matrices())
def test_projector(rows):
    A = sym_rows(rows)
    P = sym_of(QMatrix(rows).projector())
    m = A.shape[0]
    assert P.shape == (m, m)
    assert P * P == P
    assert P.T == P
    assert P * A == A
    assert solvable(A, P) and solvable(P, A)             # col(P) = col(A)
    assert P.rank() == A.rank()
    assert P == A * A.pinv()


def test_projector_hand_worked():
    assert QMatrix([[1], [1]]).projector() == QMatrix([["1/2", "1/2"], ["1/2", "1/2"]])
    assert QMatrix([[BIG, 0], [0, Fraction(1, BIG)]]).projector() == QMatrix.eye(2)
    assert QMatrix.zeros(3, 2).projector() == QMatrix.zeros(3, 3)
    # onto span (1, 2): v v^T / |v|^2
    assert QMatrix([[1, 2], [2, 4]]).projector() == QMatrix([["1/5", "2/5"], ["2/5", "4/5"]])


@SETTINGS
@given(nonsingular())
def test_inv_matches_sympy(rows):
    A = sym_rows(rows)
    Inv = QMatrix(rows).inv()
    assert sym_of(Inv) == A.inv()
    assert A * sym_of(Inv) == sympy.eye(A.shape[0])


@SETTINGS
@given(matrices())
def test_inv_raises_exactly_when_singular_or_not_square(rows):
    A = sym_rows(rows)
    invertible = A.shape[0] == A.shape[1] and A.det() != 0
    if invertible:
        assert sym_of(QMatrix(rows).inv()) == A.inv()
    else:
        with pytest.raises(ValueError, match=r"^inv: matrix is singular or not square$"):
            QMatrix(rows).inv()


@pytest.mark.parametrize("rows", [
    [[1, 2], [2, 4]], [[0]], [[1, 2, 3]], [[1], [2]],
    [[BIG, BIG + 1], [BIG - 1, Fraction((BIG + 1) * (BIG - 1), BIG)]],     # det = 0 exactly
])
def test_inv_error_hand_worked(rows):
    A = sym_rows([[Fraction(x) for x in r] for r in rows])
    assert A.shape[0] != A.shape[1] or A.det() == 0
    with pytest.raises(ValueError, match="singular or not square"):
        QMatrix(rows).inv()


@SETTINGS
@given(matrices(), st.data())
def test_solve_consistent_systems(rows, data):
    _m, n = len(rows), len(rows[0])
    k = data.draw(st.integers(1, 3))
    c = data.draw(matrices(m=n, n=k))
    b = mm(rows, c)                                     # consistent by construction
    A, B = sym_rows(rows), sym_rows(b)
    x = QMatrix(rows).solve(QMatrix(b))
    assert x is not None and x.shape == (n, k)
    assert A * sym_of(x) == B
    assert sym_of(x) == A.pinv() * B                    # the least-norm solution


@SETTINGS
@given(matrices(), st.data())
def test_solve_returns_none_exactly_when_inconsistent(rows, data):
    m = len(rows)
    b = data.draw(matrices(m=m, n=data.draw(st.integers(1, 2))))
    A, B = sym_rows(rows), sym_rows(b)
    x = QMatrix(rows).solve(QMatrix(b))
    if solvable(A, B):
        assert x is not None and A * sym_of(x) == B
    else:
        assert x is None


def test_solve_hand_worked_and_errors():
    A = QMatrix([[1, 1], [2, 2]])
    assert A.solve(QMatrix([[2], [4]])) == QMatrix([[1], [1]])
    assert A.solve(QMatrix([[1], [0]])) is None
    assert QMatrix.zeros(2, 2).solve(QMatrix.zeros(2, 1)) == QMatrix.zeros(2, 1)
    assert QMatrix.zeros(2, 2).solve(QMatrix([[0], [Fraction(1, BIG)]])) is None
    with pytest.raises(ValueError, match=r"shapes \(2, 2\) and \(3, 1\)"):
        A.solve(QMatrix([[1], [2], [3]]))


# -- scalars -------------------------------------------------------------------------------------
@SETTINGS
@given(st.data())
def test_trace_matches_sympy(data):
    n = data.draw(dims)
    rows = data.draw(matrices(m=n, n=n))
    t = QMatrix(rows).trace()
    assert isinstance(t, flint.fmpq)
    assert sympy.Rational(int(t.p), int(t.q)) == sym_rows(rows).trace()


@SETTINGS
@given(matrices())
def test_frob2(rows):
    f = QMatrix(rows).frob2()
    assert isinstance(f, flint.fmpq)
    assert Fraction(int(f.p), int(f.q)) == sum((x * x for r in rows for x in r), Fraction(0))
    assert sympy.Rational(int(f.p), int(f.q)) == (sym_rows(rows).T * sym_rows(rows)).trace()


@SETTINGS
@given(matrices())
def test_is_symmetric(rows):
    A = sym_rows(rows)
    Q = QMatrix(rows)
    assert Q.is_symmetric() is (A.shape[0] == A.shape[1] and A == A.T)
    assert (Q.T @ Q).is_symmetric() and (Q @ Q.T).is_symmetric()


def test_is_symmetric_hand_worked():
    assert QMatrix([[1, 2], [2, 1]]).is_symmetric()
    assert not QMatrix([[1, 2], [Fraction(2 * BIG + 1, BIG), 1]]).is_symmetric()
    assert not QMatrix([[1, 2]]).is_symmetric()
    assert not QMatrix.zeros(2, 3).is_symmetric()
    assert QMatrix.zeros(3, 3).is_symmetric()
