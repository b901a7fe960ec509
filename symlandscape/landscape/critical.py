"""Exact critical points of deep linear networks, on demand.

Claims must be checked on the points that matter — global minima, the saddles
of each eigenvector subset (Baldi–Hornik), rank-deficient points, the origin —
not only on random points, which are almost never critical. These constructors
return exact weights; every one is re-checked (``gradient == 0`` exactly) by
the callers, never assumed.

The data must make the eigenvectors of ``Sigma = Y X^+ X Y^T`` rational for
eigenvector-subset points to be rational: :func:`cayley_orthogonal` and
:func:`data_with_spectrum` build such data.
"""

__all__ = ["cayley_orthogonal", "data_with_spectrum", "subset_point", "zero_layers_point",
           "rescale", "eigenvectors_rational", "pad", "line_point", "full_middle_point"]

import random
from typing import Sequence

import flint

from ..exact.matrix import QMatrix


def cayley_orthogonal(n: int, rng: random.Random, height: int = 2) -> QMatrix:
    """A random rational orthogonal matrix ``(I - S)(I + S)^-1``, ``S`` skew-symmetric.

    >>> Q = cayley_orthogonal(3, random.Random(1))
    >>> Q.T @ Q == QMatrix.eye(3)
    True
    """
    S = flint.fmpq_mat(n, n)
    for i in range(n):
        for j in range(i + 1, n):
            v = flint.fmpq(rng.randint(-height, height), rng.choice((1, 2)))
            S[i, j], S[j, i] = v, -v
    I = QMatrix.eye(n)
    S = QMatrix(S)
    return (I - S) @ (I + S).inv()


def data_with_spectrum(dx: int, dy: int, m: int, singular_values: Sequence, rng: random.Random,
                       x_rank: int | None = None) -> tuple:
    """Data ``(X, Y, U)`` whose ``Sigma = Y X^+ X Y^T = U diag(s^2) U^T`` exactly.

    ``U`` is rational orthogonal (d_y x d_y), so every eigenvector of Sigma is
    rational; ``singular_values`` (length d_y, rational, zeros allowed, repeats
    allowed) are the singular values of ``Y X^+ X``. ``X`` has rank ``x_rank``
    (default ``min(d_x, m)``; smaller gives a singular ``X X^T``).

    Examples
    --------
    >>> X, Y, U = data_with_spectrum(2, 2, 3, [2, 1], random.Random(0))
    >>> Sigma = Y @ X.pinv() @ X @ Y.T
    >>> Sigma == U @ QMatrix([[4, 0], [0, 1]]) @ U.T
    True
    """
    r = min(dx, m) if x_rank is None else x_rank
    if len(singular_values) != dy:
        raise ValueError("one singular value per output is required")
    if any(s != 0 for s in singular_values[min(r, dy):]):
        raise ValueError(f"only the first rank(X) = {r} singular values may be nonzero")
    # X = A [I_r 0] B with A (dx x dx) invertible, B (m x m) orthogonal: row space of X is
    # spanned by the first r rows of B, and X^+ X = B^T diag(I_r, 0) B.
    B = cayley_orthogonal(m, rng)
    A = cayley_orthogonal(dx, rng) @ QMatrix([[flint.fmpq(rng.randint(1, 3)) if i == j else 0
                                               for j in range(dx)] for i in range(dx)])
    J = QMatrix([[1 if (i == j and i < r) else 0 for j in range(m)] for i in range(dx)])
    X = A @ J @ B
    U = cayley_orthogonal(dy, rng)
    S = QMatrix([[singular_values[i] if (i == j and j < r) else 0 for j in range(m)] for i in range(dy)])
    # Y = U S' B with S' supported on the first r columns: Y X^+ X = Y.
    Y = U @ S @ B
    # order the spectrum so that U's columns are eigenvectors for s_i^2 in the given order
    return X, Y, U


def subset_point(widths: Sequence[int], X: QMatrix, Y: QMatrix, U: QMatrix, I: Sequence[int],
                 rng: random.Random | None = None) -> list:
    """The critical point with product ``U_I U_I^T Y X^+`` (Baldi–Hornik family).

    ``W_1 = [U_I^T Y X^+; 0]``, middle layers ``[I_r 0; 0 0]``, ``W_{H+1} = [U_I 0]``,
    with ``r = |I| <= min(widths)``; ``U`` has orthonormal eigenvector columns of
    Sigma. Optional random rescaling symmetries move it off the canonical form.

    Examples
    --------
    >>> X, Y, U = data_with_spectrum(2, 2, 2, [2, 1], random.Random(0))
    >>> W = subset_point([2, 1, 2], X, Y, U, [1])
    >>> from symlandscape.models import DeepLinear
    >>> DeepLinear([2, 1, 2], X, Y).gradient(W).is_zero()
    True
    """
    r = len(I)
    if r > min(widths[1:-1] or [widths[0]]) or r > widths[-1]:
        raise ValueError("index set larger than the narrowest layer")
    UI = U.columns(I)
    W = []
    L = len(widths) - 1
    for k in range(L):
        rows, cols = widths[k + 1], widths[k]
        if k == 0 and k == L - 1:
            M = UI @ UI.T @ Y @ X.pinv()
        elif k == 0:
            M = pad(UI.T @ Y @ X.pinv(), rows, cols)
        elif k == L - 1:
            M = pad(UI, rows, cols)
        else:
            M = pad(QMatrix.eye(r), rows, cols) if r else QMatrix.zeros(rows, cols)
        W.append(M)
    return rescale(W, rng) if rng is not None else W


def pad(M: QMatrix, rows: int, cols: int) -> QMatrix:
    out = flint.fmpq_mat(rows, cols)
    for i in range(min(rows, M.shape[0])):
        for j in range(min(cols, M.shape[1])):
            out[i, j] = M.flint[i, j]
    return QMatrix(out)


def zero_layers_point(widths: Sequence[int], zero: Sequence[int], rng: random.Random) -> list:
    """Random weights with the layers in ``zero`` (0-based) set to 0.

    With two or more zero layers every gradient block has a zero factor, so the
    point is critical.
    """
    W = []
    for k in range(len(widths) - 1):
        rows, cols = widths[k + 1], widths[k]
        if k in zero:
            W.append(QMatrix.zeros(rows, cols))
        else:
            W.append(QMatrix([[flint.fmpq(rng.randint(-3, 3), rng.choice((1, 2))) for _ in range(cols)]
                              for _ in range(rows)]))
    return W


def rescale(W: list, rng: random.Random) -> list:
    """Apply random rescaling symmetries ``W_k -> G W_k, W_{k+1} -> W_{k+1} G^-1``.

    The product, hence the loss and the kind of the point, is unchanged.
    """
    W = list(W)
    for k in range(len(W) - 1):
        d = W[k].shape[0]
        G = cayley_orthogonal(d, rng) @ QMatrix([[rng.randint(1, 2) if i == j else 0 for j in range(d)]
                                                  for i in range(d)])
        W[k] = G @ W[k]
        W[k + 1] = W[k + 1] @ G.inv()
    return W


def eigenvectors_rational(U: QMatrix) -> bool:
    """True iff U has orthonormal columns (checked exactly)."""
    return U.T @ U == QMatrix.eye(U.shape[1])


def line_point(X: QMatrix, Y: QMatrix, c: QMatrix) -> list:
    """The ``[d_x, 1, d_y]`` point with ``W_2 = c`` and ``W_1`` optimal for it,
    ``W_1 = (c^T c)^-1 c^T Y X^+``: critical when ``c`` spans a ``Sigma``-invariant line
    (``Sigma = Y X^+ X Y^T``).

    >>> W1, W2 = line_point(QMatrix.eye(2), QMatrix.eye(2), QMatrix([[3], [4]]))
    >>> W1.tolist()
    [[Fraction(3, 25), Fraction(4, 25)]]
    """
    return [(c.T @ c).inv() @ c.T @ Y @ X.pinv(), c]
def full_middle_point(widths: Sequence[int], X: QMatrix, Y: QMatrix, U: QMatrix, I: Sequence[int]) -> list:
    """The eigenvector-subset critical point with product ``U_I U_I^T Y X^+`` but
    padded-identity middle layers, so that ``rank(W_H ... W_2) = p`` even when ``|I| < p``.

    Critical because ``W_{H+1} ... W_2 = [U_I 0]`` and ``W_1 = [U_I^T Y X^+; 0]`` keep
    every gradient block a multiple of ``U_I^T (I - U_I U_I^T) = 0``.

    >>> from symlandscape.models import DeepLinear
    >>> X, Y, U = data_with_spectrum(3, 3, 4, [3, 2, 1], random.Random(1))
    >>> W = full_middle_point([3, 2, 2, 3], X, Y, U, [0])
    >>> DeepLinear([3, 2, 2, 3], X, Y).gradient(W).is_zero(), W[1].rank()
    (True, 2)
    """
    W = subset_point(widths, X, Y, U, I)
    for k in range(1, len(W) - 1):
        W[k] = pad(QMatrix.eye(min(W[k].shape)), *W[k].shape)
    return W
