"""Witnesses that the deep linear loss is neither convex nor concave (KAW-1).

With ``G = Y X^T`` and an entry ``G_ij != 0``, ``c = G_ij / ||X_{j,:}||^2``, point ``a``:
``W_1 = e_1 e_j^T``, middle ``W_k = e_1 e_1^T``, ``W_{H+1} = c e_i e_1^T``; ``b``: ``a`` with
``W_1, W_{H+1}`` negated (same product); ``m = (a + b)/2`` has ``W_1 = W_{H+1} = 0``. Then
``L(a) = L(b) = L(m) - G_ij^2 / (2 ||X_j||^2)`` (not convex). Not concave: ``a`` is the
midpoint of ``c, d = a +- e_i e_1^T`` (in ``W_{H+1}``), along which ``L`` is a strictly
convex quadratic.
"""

__all__ = ["nonconvexity_points"]

from ..exact.matrix import QMatrix
from .curves import _unit


def nonconvexity_points(X: QMatrix, Y: QMatrix, widths) -> dict | None:
    """The points ``a, b, m, c, d`` (each a list of weight matrices), or None when
    ``Y X^T = 0`` or there is no hidden layer.

    >>> pts = nonconvexity_points(QMatrix([[1, 0]]), QMatrix([[2, 0]]), [1, 1, 1])
    >>> [[w.tolist() for w in pts[t]] for t in "am"]
    [[[[Fraction(1, 1)]], [[Fraction(2, 1)]]], [[[Fraction(0, 1)]], [[Fraction(0, 1)]]]]
    """
    d = list(widths)
    G = Y @ X.T
    ij = next(((i, j) for i in range(G.shape[0]) for j in range(G.shape[1]) if G[i, j] != 0), None)
    if ij is None or len(d) < 3:
        return None
    i, j = ij
    c = G[i, j] / X.rows([j]).frob2()
    L = len(d) - 1
    a = [_unit(d[1], d[0], 0, j)] + [_unit(d[k + 1], d[k], 0, 0) for k in range(1, L - 1)]
    a.append(_unit(d[-1], d[-2], i, 0, c))
    b = [-a[0]] + a[1:-1] + [-a[-1]]
    mid = [QMatrix.zeros(*a[0].shape)] + a[1:-1] + [QMatrix.zeros(*a[-1].shape)]
    D = _unit(d[-1], d[-2], i, 0)
    return {"a": a, "b": b, "m": mid, "c": a[:-1] + [a[-1] + D], "d": a[:-1] + [a[-1] - D]}
