"""Sigma-invariant rational subspaces and the critical families of deep linear networks.

Baldi-Hornik (seed 004, Theorem 7): the critical points of a linear network are indexed
by the invariant subspaces of ``Sigma = Y X^+ X Y^T`` that fit the narrowest hidden
layer; the product at such a point is ``P_V Y X^+``. :func:`invariant_blocks` gives
rational building blocks of those subspaces (rational eigenvectors, and ``ker f(Sigma)``
for the irreducible factors f of degree > 1), :func:`family_point` the critical point of a
subspace (any basis, not only an orthonormal one as
:func:`~symlandscape.landscape.critical.subset_point`), :func:`family_points` every such
point of small data, and :func:`eigenspace_rotation` a rotation inside an eigenspace of a
repeated eigenvalue that moves a family point to another critical point (the families
are then continua). Everything here only *finds*; the statements check.
"""

__all__ = ["invariant_blocks", "family_point", "family_points", "eigenspace_rotation"]

import itertools

import flint

from ..exact.matrix import QMatrix
from .critical import pad
from .globalmin import sigma_matrix
from .spectral import poly_at


def _orthogonal_basis(B: QMatrix) -> list:
    """Gram-Schmidt over Q: orthogonal (not normalised) rational columns spanning col(B)."""
    out = []
    for j in range(B.shape[1]):
        v = B.columns([j])
        for u in out:
            v = v - u * ((u.T @ v)[0, 0] / (u.T @ u)[0, 0])
        if not v.is_zero():
            out.append(v)
    return out


def invariant_blocks(S: QMatrix) -> list:
    """Rational building blocks of the invariant subspaces of a symmetric ``S``.

    One orthogonal rational eigenvector per dimension of each rational eigenspace
    (largest eigenvalue first), and ``ker f(S)`` for each irreducible factor ``f`` of
    degree > 1 of the characteristic polynomial (its eigenvectors are irrational).
    Every sum of blocks is an ``S``-invariant rational subspace.

    >>> [b.T.tolist() for b in invariant_blocks(QMatrix([[1, 0], [0, 0]]))]
    [[[Fraction(1, 1), Fraction(0, 1)]], [[Fraction(0, 1), Fraction(1, 1)]]]
    >>> [b.shape for b in invariant_blocks(QMatrix([[2, 1], [1, 1]]))]   # eigenvalues (3 +- sqrt 5)/2
    [(2, 2)]
    """
    d = S.shape[0]
    rational, irrational = [], []
    for f, _ in flint.fmpq_poly(S.flint.charpoly().coeffs()).factor()[1]:
        if f.degree() == 1:
            lam = -f[0] / f[1]
            rational.append((lam, _orthogonal_basis((S - QMatrix.eye(d) * lam).nullspace())))
        else:
            irrational.append(poly_at(f, S).nullspace())
    rational.sort(key=lambda t: t[0], reverse=True)
    return [v for _, vs in rational for v in vs] + irrational


def family_point(widths, X: QMatrix, Y: QMatrix, V: QMatrix | None, full_middle: bool = False) -> list:
    """The critical point with product ``P_V Y X^+`` for any basis ``V`` of a Sigma-invariant subspace.

    ``W_{H+1} = [V, 0]``, ``W_1 = [V^+ Y X^+; 0]`` and hidden layers ``[I_r, 0; 0, 0]``
    (``r = dim V``), or ``[I, 0; 0, 0]`` of full rank when ``full_middle`` (then
    ``rank(W_H ... W_2) = p`` although the product has rank r). ``V = None`` is the
    zero subspace. Unlike :func:`~symlandscape.landscape.critical.subset_point`, V need
    not have orthonormal columns (rational eigenvectors rarely have rational norms).
    Criticality: every gradient block reduces to ``V^T (P_V - I) Sigma`` or
    ``(P_V - I) Sigma V^{+T}``, which vanish because ``Sigma V`` lies in ``col V``.

    >>> from symlandscape.models import DeepLinear
    >>> X, Y = QMatrix.eye(2), QMatrix([[1, 1], [0, 1]])
    >>> W = family_point([2, 1, 2], X, Y, QMatrix([[1], [1]]))   # (1, 1) is no eigenvector
    >>> DeepLinear([2, 1, 2], X, Y).gradient(W).is_zero()
    False
    >>> S = Y @ Y.T                                              # [[2, 1], [1, 1]]
    >>> W = family_point([2, 2, 2], X, Y, invariant_blocks(S)[0])
    >>> DeepLinear([2, 2, 2], X, Y).gradient(W).is_zero()
    True
    """
    L = len(widths) - 1
    r = 0 if V is None else V.shape[1]
    if r > min(widths[1:-1]) or r > widths[-1]:
        raise ValueError("subspace larger than the narrowest hidden layer")
    out = []
    for k in range(L):
        rows, cols = widths[k + 1], widths[k]
        if k == 0:
            M = V.pinv() @ Y @ X.pinv() if r else None
        elif k == L - 1:
            M = V if r else None
        else:
            n = min(widths[1:-1]) if full_middle else r
            M = QMatrix.eye(n) if n else None
        out.append(pad(M, rows, cols) if M is not None else QMatrix.zeros(rows, cols))
    return out


def family_points(widths, X: QMatrix, Y: QMatrix) -> list:
    """``(label, W)`` for every sum of :func:`invariant_blocks` of ``Sigma = Y X^+ X Y^T``
    that fits the narrowest hidden layer (the zero subspace first, then by dimension),
    plus, for H >= 2, the same with full-rank hidden layers."""
    blocks = invariant_blocks(sigma_matrix(X, Y))
    cap = min(min(widths[1:-1]), widths[-1])
    out = []
    for n in range(len(blocks) + 1):
        for idx in itertools.combinations(range(len(blocks)), n):
            V = QMatrix.hstack([blocks[i] for i in idx]) if idx else None
            if V is not None and V.shape[1] > cap:
                continue
            label = "blocks {" + ", ".join(str(i + 1) for i in idx) + "}"
            out.append((label, family_point(widths, X, Y, V)))
            if len(widths) > 3:
                out.append((label + ", full-rank hidden layers", family_point(widths, X, Y, V, True)))
    return out


def eigenspace_rotation(X: QMatrix, Y: QMatrix, A: QMatrix) -> tuple | None:
    """A rational rotation ``R`` commuting with ``Sigma`` that moves ``col(A)``, or None.

    When ``Sigma`` has a repeated rational eigenvalue ``lambda`` whose eigenspace ``E``
    meets ``col(A)`` in ``u != 0`` and has a vector ``w != 0`` orthogonal to ``col(A)``,
    the Cayley rotation ``R = (I - S)(I + S)^-1``, ``S = u w^T - w u^T``, turns the
    plane of u and w inside E and fixes its complement, so ``R Sigma = Sigma R``,
    ``R col(A)`` is invariant again and ``R u`` leaves ``col(A)``.

    Returns
    -------
    tuple or None
        ``(lambda, R)``.

    >>> X, Y = QMatrix.eye(2), QMatrix.eye(2)           # Sigma = I: one double eigenvalue
    >>> lam, R = eigenspace_rotation(X, Y, QMatrix([[1], [0]]))
    >>> lam, R.T @ R == QMatrix.eye(2), (R @ QMatrix([[1], [0]])).T
    (1, True, QMatrix([[0, 1]]))
    """
    S = sigma_matrix(X, Y)
    d = S.shape[0]
    Vb = A.colspace()
    if Vb.shape[1] == 0:
        return None
    for f, mult in flint.fmpq_poly(S.flint.charpoly().coeffs()).factor()[1]:
        if f.degree() != 1 or mult < 2:
            continue
        lam = -f[0] / f[1]
        E = (S - QMatrix.eye(d) * lam).nullspace()
        inside = (QMatrix.eye(d) - Vb.projector()) @ E
        Zin, Zout = inside.nullspace(), (Vb.T @ E).nullspace()
        if Zin.shape[1] and Zout.shape[1]:
            u, w = E @ Zin.columns([0]), E @ Zout.columns([0])
            Sk = u @ w.T - w @ u.T
            return lam, (QMatrix.eye(d) - Sk) @ (QMatrix.eye(d) + Sk).inv()
    return None
