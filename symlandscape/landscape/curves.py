"""The loss of a linear network along a polynomial curve, as an exact polynomial.

Higher-order certificates: at a critical point with a positive semidefinite,
singular Hessian, a curve ``theta(t) = theta + t d + t^2 e + ...`` along which
the loss ``L(theta(t)) - L(theta)`` has a negative lowest-order term proves the
point is not a local minimum (a saddle). The loss is a polynomial in ``t``, so
this is an exact statement about finitely many rational coefficients.
"""

__all__ = ["loss_along", "lowest_term", "curve_kind", "chain_curve", "rising_curve"]

import flint

from ..exact.matrix import QMatrix
from ..facts.fast import network


def loss_along(model: str, X: QMatrix, Y: QMatrix, W: list, curve: list) -> flint.fmpq_poly:
    """``L(W + t C_1 + t^2 C_2 + ...)`` for a network of kind ``model`` (see
    :meth:`symlandscape.models.linear.LinearChain.loss_along`, its one home).

    Raises ValueError for an unknown model or a curve step without one matrix of the
    layer's shape per layer.

    >>> X, Y, z = QMatrix([[1]]), QMatrix([[1]]), QMatrix([[0]])
    >>> print(loss_along("deep_linear", X, Y, [z, z, z], [[QMatrix([[1]])] * 3]))
    1/2*x^6 + (-1)*x^3 + 1/2
    """
    try:
        net = network(model, X, Y, W)
    except KeyError:
        raise ValueError(f"loss_along: model {model!r} is not a registered network kind") from None
    return net.loss_along(W, curve)


def lowest_term(poly: flint.fmpq_poly) -> tuple:
    """``(degree, coefficient)`` of the lowest nonconstant term, or ``(None, 0)``.

    >>> lowest_term(flint.fmpq_poly([5, 0, 0, -2, 1]))
    (3, -2)
    """
    c = poly.coeffs()
    for d in range(1, len(c)):
        if c[d] != 0:
            return d, c[d]
    return None, flint.fmpq(0)


def curve_kind(poly: flint.fmpq_poly) -> str:
    """What a loss polynomial along a curve through the point proves.

    ``"descent"``: the loss drops on one side at least (negative even term, or any
    odd term — then it drops on one side and rises on the other: ``"both"``);
    ``"ascent"``: it rises on both sides; ``"flat"``: constant.

    >>> curve_kind(flint.fmpq_poly([1, 0, -1])), curve_kind(flint.fmpq_poly([1, 0, 0, 2]))
    ('descent', 'both')
    """
    d, c = lowest_term(poly)
    if d is None:
        return "flat"
    if d % 2 == 1:
        return "both"
    return "descent" if c < 0 else "ascent"


def chain_curve(net, W: list, sign: int = 1) -> list | None:
    """A curve ``W + t D`` through a point with ``W_1 = ... = W_H = 0`` along which the loss's
    lowest term is ``-sign * |g| t^deg``, ``g != 0`` (``sign = 1``: it drops, ``-1``: it rises).

    A rank-one chain ``D_H ... D_1 = e_a e_b^T`` with ``(W_{H+1}^T Y X^T)_{ab} = g`` (deg = H),
    or, when that matrix is 0, through all layers with ``(Y X^T)_{cb} = g`` (deg = H + 1).
    Returns ``[[D_1, ..., D_{H+1}]]`` (one step), or None when ``Y X^T = 0``.

    >>> from symlandscape.models import DeepLinear
    >>> net, z = DeepLinear([1, 1, 1, 1], [[1]], [[1]]), QMatrix([[0]])
    >>> c = chain_curve(net, [z, z, QMatrix([[1]])])
    >>> lowest_term(loss_along("deep_linear", net.X, net.Y, [z, z, QMatrix([[1]])], c))
    (2, -1)
    """
    d = net.widths
    H = len(d) - 2

    def unit(r, c, i, j, v=1):
        M = QMatrix.zeros(r, c)
        M.flint[i, j] = v
        return M
    G = W[-1].T @ net.Y @ net.X.T
    full = G.is_zero()
    M = net.Y @ net.X.T if full else G
    nz = [(i, j) for i in range(M.shape[0]) for j in range(M.shape[1]) if M[i, j] != 0]
    if not nz:
        return None
    a, b = nz[0]
    sgn = sign if M[a, b] > 0 else -sign
    D = []
    for k in range(1, H + 1):
        i = (a if not full else 0) if k == H else 0
        j = b if k == 1 else 0
        D.append(unit(d[k], d[k - 1], i, j, sgn if k == 1 else 1))
    D.append(unit(d[-1], d[-2], a, 0) if full else QMatrix.zeros(d[-1], d[-2]))
    return [D]
def _unit(rows: int, cols: int, i: int, j: int, c=1) -> QMatrix:
    out = flint.fmpq_mat(rows, cols)
    out[i, j] = c
    return QMatrix(out)


def rising_curve(net, W, model: str = "deep_linear") -> list | None:
    """A curve ``W + t D`` (as ``[D]``, one step of per-layer matrices) along which the loss
    rises for small ``t`` of some sign (lowest nonconstant coefficient odd, or even and positive):
    a certificate that ``W`` is not a local maximum. None when no candidate does.

    Candidates: rank-one chains ``e_i <- e_1 <- ... <- e_j`` through all layers (both
    signs: at the origin these give ``+- t^(H+1) <chain X, Y>`` and ``t^(2H+2)``
    terms), then kernel vectors of the Hessian.

    >>> from symlandscape.models import DeepLinear
    >>> net = DeepLinear([1, 1, 1, 1], X=[[1]], Y=[[1]])
    >>> z = QMatrix([[0]])
    >>> print(loss_along("deep_linear", net.X, net.Y, [z] * 3, rising_curve(net, [z] * 3)))
    1/2*x^6 + (-1)*x^3 + 1/2
    """
    dims = net.widths
    cands = []
    for j in range(dims[0]):
        if net.X.rows([j]).is_zero():
            continue
        for i in range(dims[-1]):
            for sign in (1, -1):
                D = [_unit(dims[1], dims[0], 0, j)] if len(dims) > 2 else []
                D += [_unit(dims[k + 1], dims[k], 0, 0) for k in range(1, len(dims) - 2)]
                D.append(_unit(dims[-1], dims[-2], i, 0 if len(dims) > 2 else j, sign))
                cands.append(D)
    K = net.hessian(W).nullspace()
    cands += [net.unflatten(K.columns([c])) for c in range(min(K.shape[1], 24))]
    for D in cands:
        deg, c = lowest_term(loss_along(model, net.X, net.Y, W, [D]))
        if deg is not None and (deg % 2 == 1 or c > 0):
            return [D]
    return None
