"""Exact matrices over the rationals, backed by ``flint.fmpq_mat``.

:class:`QMatrix` adds to flint's matrix what the landscape checks need and flint
lacks: parsing with clear errors, nullspaces, column-space tests, projectors,
the Moore-Penrose and generalized inverses, and consistency-checked solves.
"""

__all__ = ["QMatrix", "qmatrix"]

from fractions import Fraction
from typing import Iterable, Sequence

import flint

from .numbers import InputError, rational


class QMatrix:
    """An exact rational matrix.

    Examples
    --------
    >>> A = QMatrix([[1, 2], [2, 4]])
    >>> A.shape, A.rank()
    ((2, 2), 1)
    >>> A.nullspace().tolist()
    [[Fraction(-2, 1)], [Fraction(1, 1)]]
    >>> (A @ A.pinv() @ A) == A
    True
    """

    __slots__ = ("flint",)

    def __init__(self, data, where: str = "matrix", shape: tuple | None = None):
        if isinstance(data, QMatrix):
            self.flint = data.flint
        elif isinstance(data, flint.fmpq_mat):
            self.flint = data
        elif isinstance(data, flint.fmpz_mat):
            self.flint = flint.fmpq_mat(data)
        elif hasattr(data, "tolist") and hasattr(data, "shape") and not isinstance(data, list):
            # sympy.Matrix and friends: go through the checked entry parser.
            self.flint = _from_rows(data.tolist(), where, shape)
        else:
            self.flint = _from_rows(data, where, shape)
        if shape is not None and self.shape != tuple(shape):
            raise InputError(f"{where}: shape {self.shape} where {tuple(shape)} is required")

    # -- construction ---------------------------------------------------------
    @classmethod
    def zeros(cls, m: int, n: int) -> "QMatrix":
        """The m x n zero matrix.

        >>> QMatrix.zeros(1, 2).tolist()
        [[Fraction(0, 1), Fraction(0, 1)]]
        """
        return cls(flint.fmpq_mat(m, n))

    @classmethod
    def eye(cls, n: int) -> "QMatrix":
        """The n x n identity.

        >>> QMatrix.eye(2) == QMatrix([[1, 0], [0, 1]])
        True
        """
        M = flint.fmpq_mat(n, n)
        for i in range(n):
            M[i, i] = 1
        return cls(M)

    @classmethod
    def hstack(cls, blocks: Sequence["QMatrix"]) -> "QMatrix":
        """Blocks side by side (all with the same number of rows).

        >>> QMatrix.hstack([QMatrix([[1]]), QMatrix([[2, 3]])]).tolist()
        [[Fraction(1, 1), Fraction(2, 1), Fraction(3, 1)]]
        """
        rows = blocks[0].shape[0]
        M = flint.fmpq_mat(rows, sum(b.shape[1] for b in blocks))
        c0 = 0
        for b in blocks:
            if b.shape[0] != rows:
                raise ValueError("hstack: row counts differ")
            F = b.flint
            for i in range(rows):
                for j in range(b.shape[1]):
                    M[i, c0 + j] = F[i, j]
            c0 += b.shape[1]
        return cls(M)

    @classmethod
    def vstack(cls, blocks: Sequence["QMatrix"]) -> "QMatrix":
        """Blocks stacked vertically.

        >>> QMatrix.vstack([QMatrix([[1, 2]]), QMatrix([[3, 4]])]).shape
        (2, 2)
        """
        return cls.hstack([b.T for b in blocks]).T

    # -- basic protocol -------------------------------------------------------
    @property
    def shape(self) -> tuple:
        return (self.flint.nrows(), self.flint.ncols())

    @property
    def T(self) -> "QMatrix":
        return QMatrix(self.flint.transpose())

    def __getitem__(self, ij):
        return self.flint[ij]

    def __eq__(self, other) -> bool:
        if not isinstance(other, QMatrix):
            return NotImplemented
        return self.shape == other.shape and self.flint == other.flint

    def __hash__(self):
        return hash((self.shape, tuple(self.flint.entries())))

    def __add__(self, other: "QMatrix") -> "QMatrix":
        return QMatrix(self.flint + other.flint)

    def __sub__(self, other: "QMatrix") -> "QMatrix":
        return QMatrix(self.flint - other.flint)

    def __neg__(self) -> "QMatrix":
        return QMatrix(-self.flint)

    def __matmul__(self, other: "QMatrix") -> "QMatrix":
        if self.shape[1] != other.shape[0]:
            raise ValueError(f"matmul: shapes {self.shape} and {other.shape} do not match")
        return QMatrix(self.flint * other.flint)

    def __mul__(self, c) -> "QMatrix":
        return QMatrix(self.flint * rational(c, "scalar"))

    __rmul__ = __mul__

    def __repr__(self) -> str:
        rows = ", ".join("[" + ", ".join(str(x) for x in row) + "]" for row in self.flint.tolist())
        return f"QMatrix([{rows}])"

    def tolist(self) -> list:
        """Nested lists of ``fractions.Fraction``."""
        return [[Fraction(int(x.p), int(x.q)) for x in row] for row in self.flint.tolist()]

    def tostrings(self) -> list:
        """Nested lists of exact strings, as certificates store them.

        >>> QMatrix([[1, "1/3"]]).tostrings()
        [['1', '1/3']]
        """
        return [[str(x) for x in row] for row in self.flint.tolist()]

    def to_sympy(self):
        """The same matrix as a ``sympy.Matrix`` of ``Rational``.

        >>> QMatrix([["1/2"]]).to_sympy()
        Matrix([[1/2]])
        """
        import sympy
        return sympy.Matrix(self.shape[0], self.shape[1],
                            [sympy.Rational(int(x.p), int(x.q)) for x in self.flint.entries()])

    def is_zero(self) -> bool:
        """True iff every entry is 0.

        >>> QMatrix.zeros(2, 3).is_zero()
        True
        """
        return all(x == 0 for x in self.flint.entries())

    def max_abs(self) -> flint.fmpq:
        """Largest absolute value of an entry (0 for an empty matrix)."""
        return max((abs(x) for x in self.flint.entries()), default=flint.fmpq(0))

    # -- exact linear algebra ----------------------------------------------------
    def rank(self) -> int:
        """Exact rank.

        >>> QMatrix([[1, 2, 3], [2, 4, 6]]).rank()
        1
        """
        if 0 in self.shape:
            return 0
        return self.flint.rank()

    def rref(self) -> tuple:
        """Reduced row echelon form and the list of pivot columns.

        >>> R, piv = QMatrix([[0, 2, 4], [0, 1, 2]]).rref()
        >>> piv
        [1]
        """
        if 0 in self.shape:
            return self, []
        R, r = self.flint.rref()
        piv, j = [], 0
        for i in range(r):
            while R[i, j] == 0:
                j += 1
            piv.append(j)
        return QMatrix(R), piv

    def nullspace(self) -> "QMatrix":
        """A basis of the right nullspace, as the columns of an n x (n - rank) matrix.

        >>> QMatrix([[1, 1]]).nullspace().tolist()
        [[Fraction(-1, 1)], [Fraction(1, 1)]]
        """
        n = self.shape[1]
        R, piv = self.rref()
        free = [j for j in range(n) if j not in set(piv)]
        N = flint.fmpq_mat(n, len(free))
        for c, f in enumerate(free):
            N[f, c] = 1
            for i, p in enumerate(piv):
                N[p, c] = -R.flint[i, f]
        return QMatrix(N)

    def colspace(self) -> "QMatrix":
        """A basis of the column space: the pivot columns of ``self``.

        >>> QMatrix([[1, 2, 0], [1, 2, 1]]).colspace().shape
        (2, 2)
        """
        _, piv = self.rref()
        return self.columns(piv)

    def columns(self, idx: Iterable[int]) -> "QMatrix":
        """The submatrix of the given columns, in the given order."""
        idx = list(idx)
        M = flint.fmpq_mat(self.shape[0], len(idx))
        for c, j in enumerate(idx):
            for i in range(self.shape[0]):
                M[i, c] = self.flint[i, j]
        return QMatrix(M)

    def rows(self, idx: Iterable[int]) -> "QMatrix":
        """The submatrix of the given rows, in the given order."""
        return self.T.columns(idx).T

    def colspace_contains(self, other: "QMatrix") -> bool:
        """True iff every column of ``other`` lies in the column space of ``self``.

        >>> QMatrix([[1], [1]]).colspace_contains(QMatrix([[2], [2]]))
        True
        """
        return QMatrix.hstack([self, other]).rank() == self.rank()

    def colspace_equals(self, other: "QMatrix") -> bool:
        """True iff both matrices have the same column space.

        >>> QMatrix([[1, 0], [0, 1]]).colspace_equals(QMatrix([[1, 1], [1, 2]]))
        True
        """
        r = QMatrix.hstack([self, other]).rank()
        return r == self.rank() == other.rank()

    def pinv(self) -> "QMatrix":
        """The Moore-Penrose pseudo-inverse, exactly.

        Uses the full-rank factorisation ``A = F G`` (F: pivot columns, G: the
        nonzero rows of the rref), for which ``A^+ = G^T (G G^T)^-1 (F^T F)^-1 F^T``.

        >>> QMatrix([[1, 1], [1, 1]]).pinv().tolist()
        [[Fraction(1, 4), Fraction(1, 4)], [Fraction(1, 4), Fraction(1, 4)]]
        """
        m, n = self.shape
        R, piv = self.rref()
        r = len(piv)
        if r == 0:
            return QMatrix.zeros(n, m)
        F = self.columns(piv).flint
        G = R.rows(range(r)).flint
        Gt, Ft = G.transpose(), F.transpose()
        return QMatrix(Gt * (G * Gt).inv() * (Ft * F).inv() * Ft)

    def ginv(self, U: "QMatrix | None" = None) -> "QMatrix":
        """A generalized inverse ``G`` (``A G A = A``).

        Every generalized inverse has the form ``A^+ + U - A^+ A U A A^+`` for some
        n x m matrix ``U``; ``U = None`` gives the Moore-Penrose inverse.

        >>> A = QMatrix([[1, 0], [0, 0]])
        >>> G = A.ginv(QMatrix([[5, 6], [7, 8]]))
        >>> A @ G @ A == A, G == A.pinv()
        (True, False)
        """
        P = self.pinv()
        if U is None:
            return P
        return P + U - P @ self @ U @ self @ P

    def projector(self) -> "QMatrix":
        """The orthogonal projector onto the column space, ``A A^+``.

        >>> QMatrix([[1], [1]]).projector().tolist()
        [[Fraction(1, 2), Fraction(1, 2)], [Fraction(1, 2), Fraction(1, 2)]]
        """
        return self @ self.pinv()

    def inv(self) -> "QMatrix":
        """The inverse of a nonsingular square matrix (ValueError otherwise)."""
        if self.shape[0] != self.shape[1] or self.rank() < self.shape[0]:
            raise ValueError("inv: matrix is singular or not square")
        return QMatrix(self.flint.inv())

    def solve(self, b: "QMatrix") -> "QMatrix | None":
        """One exact solution of ``A x = b``, or ``None`` when the system is inconsistent.

        The solution returned is ``A^+ b`` (the least-norm one); consistency is
        checked exactly (``A A^+ b == b``).

        >>> QMatrix([[1, 1], [2, 2]]).solve(QMatrix([[2], [4]])).tolist()
        [[Fraction(1, 1)], [Fraction(1, 1)]]
        >>> QMatrix([[1, 1], [2, 2]]).solve(QMatrix([[1], [0]])) is None
        True
        """
        x = self.pinv() @ b
        return x if self @ x == b else None

    def trace(self) -> flint.fmpq:
        return sum((self.flint[i, i] for i in range(min(self.shape))), flint.fmpq(0))

    def frob2(self) -> flint.fmpq:
        """Squared Frobenius norm, exact.

        >>> QMatrix([[1, 2], [2, 0]]).frob2()
        9
        """
        return sum((x * x for x in self.flint.entries()), flint.fmpq(0))

    def is_symmetric(self) -> bool:
        return self.shape[0] == self.shape[1] and self.flint == self.flint.transpose()


def qmatrix(data, where: str = "matrix", shape: tuple | None = None) -> QMatrix:
    """Parse ``data`` (nested lists of exact numbers) into a :class:`QMatrix`.

    Parameters
    ----------
    data : nested lists, QMatrix, sympy.Matrix or flint matrix
    where : str
        Name used in error messages (``"X"``, ``"weights[1]"``).
    shape : tuple, optional
        Required shape.

    Raises
    ------
    InputError
        Ragged rows, non-list input, non-exact entries, or the wrong shape.

    Examples
    --------
    >>> qmatrix([[1, "1/2"]]).tolist()
    [[Fraction(1, 1), Fraction(1, 2)]]
    >>> qmatrix([[1, 2], [3]], where="X")
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: X: row 1 has 1 entries, row 0 has 2 (ragged rows)
    """
    return QMatrix(data, where, shape)


def _from_rows(rows, where: str, shape) -> flint.fmpq_mat:
    if not isinstance(rows, (list, tuple)):
        raise InputError(f"{where}: expected a matrix as a list of rows, got {type(rows).__name__}")
    if len(rows) == 0:
        if shape is not None and shape[0] == 0:
            return flint.fmpq_mat(0, shape[1])
        raise InputError(f"{where}: empty matrix (no rows)")
    width = None
    entries = []
    for i, row in enumerate(rows):
        if not isinstance(row, (list, tuple)):
            raise InputError(f"{where}: row {i} is not a list (got {type(row).__name__})")
        if width is None:
            width = len(row)
        elif len(row) != width:
            raise InputError(f"{where}: row {i} has {len(row)} entries, row 0 has {width} "
                             f"(ragged rows)")
        entries.extend(rational(x, f"{where}[{i}][{j}]") for j, x in enumerate(row))
    if width == 0:
        raise InputError(f"{where}: empty matrix (rows have no entries)")
    return flint.fmpq_mat(len(rows), width, entries)
