"""Witnesses that the deep linear loss is neither convex nor concave (KAW-1).

With ``G = Y X^T`` and an entry ``G_ij != 0``, ``c = G_ij / ||X_{j,:}||^2``, point ``a``:
``W_1 = e_1 e_j^T``, middle ``W_k = e_1 e_1^T``, ``W_{H+1} = c e_i e_1^T``; ``b``: ``a`` with
``W_1, W_{H+1}`` negated (same product); ``m = (a + b)/2`` has ``W_1 = W_{H+1} = 0``. Then
``L(a) = L(b) = L(m) - G_ij^2 / (2 ||X_j||^2)`` (not convex). Not concave: ``a`` is the
midpoint of ``c, d = a +- e_i e_1^T`` (in ``W_{H+1}``), along which ``L`` is a strictly
convex quadratic.

:func:`convexity_witnesses` (AW-004-THM8, part 1) needs only ``X != 0``, not ``Y X^T != 0``:
two pairs of points on a rank-one chain whose midpoints break convexity and concavity.
"""

__all__ = ["nonconvexity_points", "convexity_witnesses"]

import flint

from ..exact.matrix import QMatrix
from ..models.registry import make_network
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


def convexity_witnesses(widths, X: QMatrix, Y: QMatrix) -> dict | None:
    """Exact witnesses that L is neither convex nor concave, or None when ``X = 0``
    (then L is constant) or there is no hidden layer (then L is a convex quadratic).

    Along the rank-one chain ``W_1 = t_1 e v^T``, ``W_k = e e^T``, ``W_{H+1} = t_2 e e^T``
    (``e`` the first unit vector, ``v`` a unit vector with ``X^T v != 0``) the loss is
    ``a (t_1 t_2)^2 - b t_1 t_2 + c`` with ``a = ||X^T v||^2 / 2 > 0``. The points
    ``(C, 0)``, ``(0, C)`` have loss c and their midpoint loss ``a C^4/16 - b C^2/4 + c > c``
    for large C (not convex); ``(C, C)`` and ``(-C, -C)`` have loss ``a C^4 - b C^2 + c >
    c``, the loss at their midpoint 0 (not concave).

    Returns
    -------
    dict or None
        ``{"convex": (Wa, Wb), "concave": (Wa, Wb)}``: the midpoint violates the inequality.

    >>> w = convexity_witnesses([1, 1, 1], QMatrix([[1]]), QMatrix([[1]]))
    >>> [[W.tolist()[0][0] for W in P] for P in w["convex"]]
    [[Fraction(4, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(4, 1)]]
    """
    j = next((i for i in range(X.shape[0]) if not X.rows([i]).is_zero()), None)
    if j is None or len(widths) < 3:
        return None
    L = len(widths) - 1
    net = make_network("deep_linear", widths, X, Y)

    def point(t1, t2):
        out = []
        for k in range(L):
            rows, cols = widths[k + 1], widths[k]
            M = QMatrix.zeros(rows, cols)
            M.flint[0, j if k == 0 else 0] = t1 if k == 0 else (t2 if k == L - 1 else 1)
            out.append(M)
        return out

    def mid(P, Q):
        return [(a + b) * flint.fmpq(1, 2) for a, b in zip(P, Q)]

    def search(make, bad):
        C = 1
        while True:
            a, b = make(C)
            la, lb, lm = net.loss(a), net.loss(b), net.loss(mid(a, b))
            if bad(la, lb, lm):
                return a, b
            C *= 2

    return {"convex": search(lambda C: (point(C, 0), point(0, C)), lambda la, lb, lm: 2 * lm > la + lb),
            "concave": search(lambda C: (point(C, C), point(-C, -C)), lambda la, lb, lm: 2 * lm < la + lb)}
