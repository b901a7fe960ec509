"""Products of deep linear networks and exact global minimisers (Q-RANK, Q-ATTAIN).

Every ``d_y x d_x`` matrix of rank ``<= p = min(d_1, ..., d_H)`` is a product
``W_{H+1} ... W_1`` of weights of the given widths (:func:`factorize`, constructive), and
the deep linear loss attains its infimum: :func:`exact_minimiser` builds a global
minimiser with product ``Pi Y X^+``, ``Pi`` the projector onto a top-k invariant subspace
of ``Sigma = Y X^+ X Y^T`` (Eckart-Young), whenever that subspace is rational
(:func:`top_invariant_subspace`).
"""

__all__ = ["factorize", "top_invariant_subspace", "exact_minimiser", "hidden_min"]

import functools
from typing import Sequence

import flint

from ..exact.matrix import QMatrix
from ..exact.roots import RealRoot, isolate_real_roots
from ..theorems.kawaguchi import minimiser_found, minimiser_unavailable
from .critical import pad
from .globalmin import sigma_matrix
from .spectral import poly_at


def hidden_min(widths) -> int | None:
    """Kawaguchi's ``p = min(d_1, ..., d_H)``, None when there is no hidden layer.

    >>> hidden_min([3, 2, 4, 3]), hidden_min([2, 3])
    (2, None)
    """
    hidden = list(widths[1:-1])
    return min(hidden) if hidden else None


def factorize(M, widths: Sequence[int]) -> list:
    """Exact weights of the given widths whose product ``W_{H+1} ... W_1`` is ``M``.

    Full-rank factorisation ``M = F G`` (``F``: the pivot columns of ``M``, ``G``: the
    nonzero rows of its rref, ``r = rank M``), then ``W_1 = [G; 0]``, middle layers
    ``[I_r 0; 0 0]``, ``W_{H+1} = [F 0]``.

    Parameters
    ----------
    M : matrix (d_y x d_x), exact
    widths : sequence of int
        ``[d_x, d_1, ..., d_H, d_y]``.

    Returns
    -------
    list of QMatrix

    Raises
    ------
    ValueError
        Wrong shape, or ``rank M > p = min(d_1..d_H)`` (no such factorisation exists).

    Examples
    --------
    >>> W = factorize([[1, 2], [2, 4]], [2, 1, 1, 2])
    >>> [w.shape for w in W], W[2] @ W[1] @ W[0] == QMatrix([[1, 2], [2, 4]])
    ([(1, 2), (1, 1), (2, 1)], True)
    >>> factorize([[1, 0], [0, 1]], [2, 1, 2])
    Traceback (most recent call last):
    ...
    ValueError: rank 2 exceeds p = min(d_1..d_H) = 1: not a product of these widths
    """
    M = QMatrix(M)
    widths = list(widths)
    dx, dy = widths[0], widths[-1]
    if M.shape != (dy, dx):
        raise ValueError(f"target has shape {M.shape}, widths need {(dy, dx)}")
    if len(widths) == 2:
        return [M]
    R, piv = M.rref()
    r = len(piv)
    p = hidden_min(widths)
    if r > p:
        raise ValueError(f"rank {r} exceeds p = min(d_1..d_H) = {p}: not a product of these widths")
    F = M.columns(piv)
    G = R.rows(range(r)) if r else QMatrix.zeros(1, dx)
    L = len(widths) - 1
    W = []
    for k in range(L):
        rows, cols = widths[k + 1], widths[k]
        if k == 0:
            W.append(pad(G, rows, cols) if r else QMatrix.zeros(rows, cols))
        elif k == L - 1:
            W.append(pad(F, rows, cols) if r else QMatrix.zeros(rows, cols))
        else:
            W.append(pad(QMatrix.eye(r), rows, cols) if r else QMatrix.zeros(rows, cols))
    return W


def top_invariant_subspace(S: QMatrix, k: int) -> QMatrix | None:
    """A rational basis (columns) of a subspace spanned by eigenvectors of the k largest
    eigenvalues of symmetric ``S`` (with multiplicity), or None when none is rational.

    The characteristic polynomial is factored over Q; the k largest roots must take
    every root of each irreducible factor they touch, except possibly part of a
    rational eigenvalue's eigenspace (ties: any part of it will do). The subspace is
    the sum of the kernels ``ker f_i(S)``.

    Examples
    --------
    >>> top_invariant_subspace(QMatrix([[2, 0], [0, 1]]), 1).tolist()
    [[Fraction(1, 1)], [Fraction(0, 1)]]
    >>> top_invariant_subspace(QMatrix([[2, 1], [1, 1]]), 1) is None   # (3 +- sqrt 5)/2
    True
    """
    d = S.shape[0]
    if k >= d:
        return QMatrix.eye(d)
    if k <= 0:
        return QMatrix.zeros(d, 0)
    _, factors = S.flint.charpoly().factor()
    roots = []
    for i, (f, e) in enumerate(factors):
        f = flint.fmpq_poly(f)
        for lo, hi in isolate_real_roots(f):
            roots.extend([(RealRoot(f, lo, hi), i)] * e)
    roots.sort(key=functools.cmp_to_key(lambda a, b: (b[0] > a[0]) - (b[0] < a[0])))
    count = [0] * len(factors)
    for _, i in roots[:k]:
        count[i] += 1
    blocks = []
    for i, (f, e) in enumerate(factors):
        if not count[i]:
            continue
        K = poly_at(flint.fmpq_poly(f), S).nullspace()
        if count[i] == K.shape[1]:
            blocks.append(K)
        elif f.degree() == 1:
            blocks.append(K.columns(range(count[i])))
        else:
            return None
    return QMatrix.hstack(blocks)


def exact_minimiser(X, Y, widths: Sequence[int]) -> tuple:
    """An exact global minimiser of the deep linear loss, for any data.

    Returns ``(W, reason)``: ``W`` has product ``Pi Y X^+`` with ``Pi`` the projector onto
    a top-k invariant subspace of ``Sigma = Y X^+ X Y^T`` (``k = min(widths)``); by
    Eckart-Young its loss is the infimum ``1/2 ||Y||^2 - 1/2 (top-k eigenvalue sum)``.
    ``W`` is None (with the reason) when that subspace is not rational.

    Examples
    --------
    >>> W, why = exact_minimiser(QMatrix([[1, 0], [0, 0]]), QMatrix([[2, 3]]), [2, 1, 1])
    >>> W[1] @ W[0]
    QMatrix([[2, 0]])
    """
    X, Y = QMatrix(X), QMatrix(Y)
    S = sigma_matrix(X, Y)
    k = min(widths)
    V = top_invariant_subspace(S, k)
    if V is None:
        return None, minimiser_unavailable(k)
    P = V.projector() @ Y @ X.pinv() if V.shape[1] else QMatrix.zeros(Y.shape[0], X.shape[0])
    return factorize(P, widths), minimiser_found(k)
