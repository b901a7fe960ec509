r"""Exact near-identity factorisations of a matrix with positive determinant (Hardt–Ma, Thm 2).

Hardt and Ma (2017, Theorem 2.1; the slides' Theorem 2) build, for ``det R > 0``, global
minima ``R = (I + W_L) ... (I + W_1)`` of the residual population risk whose layers shrink
like ``1/L``. Their construction takes real roots; here every factor is rational and the
product is exactly ``R``:

1. *Transvections.* Gauss–Jordan elimination with row additions only (no swaps, no scalings)
   writes ``E_s ... E_1 R = D = diag(1, ..., 1, det R)`` with ``E_t = I + c_t e_i e_j^T``
   (``i != j``; a zero pivot is first repaired by adding the next row). So
   ``R = E_1^{-1} ... E_s^{-1} D`` and ``E^{-1} = I - c e_i e_j^T``.
2. *Splitting.* A transvection is the ``n``-th power of ``I + (c/n) e_i e_j^T`` exactly
   (``(e_i e_j^T)^2 = 0``), and ``D`` is the telescoping product of
   ``diag(1, ..., 1, a_k / a_{k-1})``, ``a_k = 1 + (det R - 1) k / n`` (``a_0 = 1``,
   ``a_n = det R``, all positive since ``det R > 0``): the rational path from 1 to det R.

With ``n`` pieces per factor the depth is ``L = n (s + 1)`` and every ``W_k`` has a single
nonzero entry, so ``||W_k||_2`` is that entry's absolute value (rational):
``|c_t| / n`` for the transvection pieces and
``|det R - 1| / (n a_{k-1}) <= |det R - 1| / (n min(1, det R))`` for the diagonal pieces.
Hence ``max_k ||W_k|| <= C / n = C (s + 1) / L`` with
``C = max(max_t |c_t|, |det R - 1| / min(1, det R))``: a sequence of exact global minima
with ``max_k ||W_k|| -> 0``.

When ``det R <= 0`` no such sequence exists: ``||W|| < 1`` forces ``det(I + W) > 0``
(every real eigenvalue of ``I + W`` is ``1 + lambda`` with ``|lambda| <= ||W|| < 1``; the
complex ones come in conjugate pairs), so a product of such factors has positive
determinant (the finding AW-003-HM2).
"""

__all__ = ["transvections", "near_identity_factors", "NearIdentity", "MAX_FACTOR_DIM"]

from dataclasses import dataclass

import flint

from ..exact.matrix import QMatrix
from ..exact.numbers import InputError

#: Largest dimension the elimination accepts (cost O(d^3) exact operations; the factor list
#: has up to d^2 + d transvections).
MAX_FACTOR_DIM = 12


def transvections(R) -> tuple:
    """``(ops, delta)`` with ``R = T_1 T_2 ... T_s diag(1, ..., 1, delta)``.

    Each ``T_t = I + c e_i e_j^T`` is given as ``(i, j, c)`` (0-based, ``i != j``, ``c`` an
    ``fmpq``); ``delta = det R``. Requires ``R`` square and invertible.

    Examples
    --------
    Rotation by a quarter turn (``det = 1``): three transvections.

    >>> ops, delta = transvections(QMatrix([[0, -1], [1, 0]]))
    >>> delta, len(ops)
    (1, 3)
    >>> P = QMatrix.eye(2)
    >>> for i, j, c in ops:
    ...     T = QMatrix.eye(2)
    ...     T.flint[i, j] = c
    ...     P = P @ T
    >>> P == QMatrix([[0, -1], [1, 0]])
    True

    Notes
    -----
    Cost: O(d^3) rational operations; at most ``d^2 + d`` transvections.
    """
    R = QMatrix(R, "R")
    d = R.shape[0]
    if R.shape != (d, d) or d == 0:
        raise InputError(f"R must be square, got {R.shape}")
    if d > MAX_FACTOR_DIM:
        raise InputError(f"R is {d} x {d}; the factorisation accepts d <= {MAX_FACTOR_DIM}")
    delta = R.flint.det()
    if delta == 0:
        raise InputError("R is singular: no product of invertible factors equals it")
    return _transvections(R.flint, d), delta


def _transvections(R: flint.fmpq_mat, d: int) -> list:
    M = [[R[i, j] for j in range(d)] for i in range(d)]
    row_ops = []                       # (i, j, c): row_i += c row_j, i.e. M <- (I + c e_i e_j^T) M

    def add(i, j, c):
        if c != 0:
            M[i] = [a + c * b for a, b in zip(M[i], M[j])]
            row_ops.append((i, j, c))

    for j in range(d - 1):
        if M[j][j] != 1:
            below = [i for i in range(j + 1, d) if M[i][j] != 0]
            if not below:
                # the column below the pivot is zero, so the pivot is not (R is invertible)
                add(j + 1, j, flint.fmpq(1))
                below = [j + 1]
            i = below[0]
            add(j, i, (1 - M[j][j]) / M[i][j])
        for i in range(d):
            if i != j:
                add(i, j, -M[i][j])
    delta = M[d - 1][d - 1]
    for i in range(d - 1):
        add(i, d - 1, -M[i][d - 1] / delta)
    # E_s ... E_1 R = D, so R = E_1^{-1} ... E_s^{-1} D, E^{-1} = I - c e_i e_j^T
    return [(i, j, -c) for i, j, c in row_ops]


@dataclass(frozen=True)
class NearIdentity:
    """An exact factorisation ``R = (I + W_L) ... (I + W_1)``.

    Attributes
    ----------
    layers : list of QMatrix
        ``W_1, ..., W_L`` (``W_1`` acts first).
    norms : list of fmpq
        ``||W_k||_2`` exactly (each ``W_k`` has one nonzero entry).
    n : int
        Pieces per elementary factor.
    constant : fmpq
        ``C`` with ``max_k ||W_k|| <= C / n`` for every ``n`` (the construction's bound).
    """

    layers: list
    norms: list
    n: int
    constant: flint.fmpq

    @property
    def depth(self) -> int:
        return len(self.layers)

    @property
    def max_norm(self) -> flint.fmpq:
        return max(self.norms, default=flint.fmpq(0))


def near_identity_factors(R, n: int) -> NearIdentity:
    """Rational ``W_1, ..., W_L`` with ``(I + W_L) ... (I + W_1) = R`` exactly and
    ``max_k ||W_k||_2 <= C / n`` (module docstring), for ``det R > 0``.

    Parameters
    ----------
    R : matrix-like
        Square, ``det R > 0``.
    n : int
        Pieces per elementary factor (``n >= 1``); the depth is ``n (s + 1)``.

    Examples
    --------
    >>> f = near_identity_factors([[2]], 4)
    >>> f.depth, [str(x) for x in f.norms], str(f.constant)
    (4, ['1/4', '1/5', '1/6', '1/7'], '1')
    >>> P = QMatrix.eye(1)
    >>> for W in f.layers:
    ...     P = (QMatrix.eye(1) + W) @ P
    >>> P == QMatrix([[2]])
    True
    >>> near_identity_factors([[-1]], 2)
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: det R = -1 <= 0: no product of factors I + W_k with ||W_k|| < 1 equals R

    Notes
    -----
    Cost: the elimination (O(d^3)) and ``n (s + 1)`` matrices of one nonzero entry each.
    """
    if type(n) is not int or n < 1:
        raise InputError(f"n must be a positive integer, got {n!r}")
    R = QMatrix(R, "R")
    d = R.shape[0]
    if R.shape == (d, d) and d and R.flint.det() <= 0:
        raise InputError(f"det R = {R.flint.det()} <= 0: no product of factors I + W_k with ||W_k|| < 1 equals R")
    ops, delta = transvections(R)
    return _factors(ops, delta, d, n)


def _factors(ops, delta, d: int, n: int) -> NearIdentity:
    layers, norms = [], []
    # product order R = T_1 ... T_s D: D acts first, so its pieces are W_1, ..., W_n
    a = [1 + (delta - 1) * flint.fmpq(k, n) for k in range(n + 1)]
    for k in range(1, n + 1):
        W = QMatrix.zeros(d, d)
        W.flint[d - 1, d - 1] = a[k] / a[k - 1] - 1
        layers.append(W)
        norms.append(abs(W.flint[d - 1, d - 1]))
    for i, j, c in reversed(ops):
        for _ in range(n):
            W = QMatrix.zeros(d, d)
            W.flint[i, j] = c / n
            layers.append(W)
            norms.append(abs(c) / n)
    cs = [abs(c) for _, _, c in ops] + [abs(delta - 1) / min(flint.fmpq(1), delta)]
    return NearIdentity(layers, norms, n, max(cs))
