"""vec, unvec, Kronecker products and commutation matrices.

Each function accepts an exact :class:`~symlandscape.exact.matrix.QMatrix` (and
returns one) or a ``sympy.Matrix`` (and returns one), so the same identities can
be checked on rational instances and on generic symbolic entries.
"""

__all__ = ["vec", "unvec", "kron", "commutation"]

import flint
import sympy

from ..exact.matrix import QMatrix


def vec(A):
    """Stack the columns of ``A`` into one column.

    Examples
    --------
    >>> vec(QMatrix([[1, 2], [3, 4]])).T
    QMatrix([[1, 3, 2, 4]])
    >>> a, b = sympy.symbols("a b")
    >>> vec(sympy.Matrix([[a, b]])).T
    Matrix([[a, b]])
    """
    m, n = A.shape
    if isinstance(A, QMatrix):
        F, out = A.flint, flint.fmpq_mat(m * n, 1)
        for j in range(n):
            for i in range(m):
                out[j * m + i, 0] = F[i, j]
        return QMatrix(out)
    return sympy.Matrix(m * n, 1, [A[i, j] for j in range(n) for i in range(m)])


def unvec(v, m: int, n: int):
    """Inverse of :func:`vec`: the m x n matrix whose columns were stacked in ``v``.

    >>> unvec(QMatrix([[1], [3], [2], [4]]), 2, 2)
    QMatrix([[1, 2], [3, 4]])
    """
    if v.shape != (m * n, 1):
        raise ValueError(f"unvec: a column of length {m * n} is required, got shape {v.shape}")
    if isinstance(v, QMatrix):
        F, out = v.flint, flint.fmpq_mat(m, n)
        for j in range(n):
            for i in range(m):
                out[i, j] = F[j * m + i, 0]
        return QMatrix(out)
    return sympy.Matrix(m, n, lambda i, j: v[j * m + i, 0])


def kron(A, B):
    """Kronecker product ``A kron B``.

    >>> kron(QMatrix([[1, 2]]), QMatrix([[1], [10]]))
    QMatrix([[1, 2], [10, 20]])
    """
    if isinstance(A, QMatrix) and isinstance(B, QMatrix):
        (p, q), (r, s) = A.shape, B.shape
        FA, FB, out = A.flint, B.flint, flint.fmpq_mat(p * r, q * s)
        for i in range(p):
            for j in range(q):
                a = FA[i, j]
                if a == 0:
                    continue
                for k in range(r):
                    for l in range(s):
                        out[i * r + k, j * s + l] = a * FB[k, l]
        return QMatrix(out)
    return sympy.kronecker_product(sympy.Matrix(A), sympy.Matrix(B))


def commutation(m: int, n: int) -> QMatrix:
    """The commutation matrix ``K_{m,n}``: ``K vec(A) = vec(A^T)`` for m x n ``A``.

    >>> A = QMatrix([[1, 2, 3], [4, 5, 6]])
    >>> commutation(2, 3) @ vec(A) == vec(A.T)
    True
    """
    K = flint.fmpq_mat(m * n, m * n)
    for i in range(m):
        for j in range(n):
            # vec(A)[j*m+i] = A[i,j] = vec(A^T)[i*n+j]
            K[i * n + j, j * m + i] = 1
    return QMatrix(K)
