"""The loss of a linear network along a polynomial curve, as an exact polynomial.

Higher-order certificates: at a critical point with a positive semidefinite,
singular Hessian, a curve ``theta(t) = theta + t d + t^2 e + ...`` along which
the loss ``L(theta(t)) - L(theta)`` has a negative lowest-order term proves the
point is not a local minimum (a saddle). The loss is a polynomial in ``t``, so
this is an exact statement about finitely many rational coefficients.
"""

__all__ = ["loss_along", "lowest_term", "curve_kind"]

import flint

from ..exact.matrix import QMatrix


def _polymat_mul(A: list, B: list) -> list:
    """Product of matrix polynomials given as coefficient lists (constant first)."""
    out = [None] * (len(A) + len(B) - 1)
    for i, a in enumerate(A):
        if a.is_zero():
            continue
        for j, b in enumerate(B):
            p = a @ b
            out[i + j] = p if out[i + j] is None else out[i + j] + p
    m, n = A[0].shape[0], B[0].shape[1]
    return [QMatrix.zeros(m, n) if c is None else c for c in out]


def loss_along(model: str, X: QMatrix, Y: QMatrix, W: list, curve: list) -> flint.fmpq_poly:
    """``L(W + t C_1 + t^2 C_2 + ...)`` as an exact polynomial in ``t``.

    Parameters
    ----------
    model : {"deep_linear", "residual_linear"}
        Layer maps ``W_k`` or ``I + W_k``.
    X, Y : QMatrix
        Data.
    W : list of QMatrix
        The point.
    curve : list of lists of QMatrix
        ``curve[i][k]`` is the coefficient of ``t^(i+1)`` in layer ``k``.

    Returns
    -------
    flint.fmpq_poly

    Raises
    ------
    ValueError
        An unknown model, or a curve step without one matrix of the layer's shape per layer.

    Examples
    --------
    >>> X, Y = QMatrix([[1]]), QMatrix([[1]])
    >>> z = QMatrix([[0]])
    >>> print(loss_along("deep_linear", X, Y, [z, z, z], [[QMatrix([[1]])] * 3]))   # 1/2 (t^3 - 1)^2
    1/2*x^6 + (-1)*x^3 + 1/2
    """
    if model not in ("deep_linear", "residual_linear"):
        raise ValueError(f"loss_along: model {model!r} is not 'deep_linear' or 'residual_linear'")
    for i, step in enumerate(curve):
        if len(step) != len(W):
            raise ValueError(f"loss_along: curve[{i}] has {len(step)} matrices for {len(W)} layers")
        for k, (C, Wk) in enumerate(zip(step, W)):
            if C.shape != Wk.shape:
                raise ValueError(f"loss_along: curve[{i}][{k}] has shape {C.shape} where the "
                                 f"layer's {Wk.shape} is required")
    layers = []
    for k, Wk in enumerate(W):
        const = Wk + QMatrix.eye(Wk.shape[0]) if model == "residual_linear" else Wk
        layers.append([const] + [c[k] for c in curve])
    P = [X]
    for layer in layers:
        P = _polymat_mul(layer, P)
    R = [P[0] - Y] + P[1:]
    coeffs = [flint.fmpq(0)] * (2 * len(R) - 1)
    for a, Ra in enumerate(R):
        fa = Ra.flint.entries()
        for b in range(a, len(R)):
            dot = sum((x * y for x, y in zip(fa, R[b].flint.entries())), flint.fmpq(0))
            coeffs[a + b] += dot if a == b else 2 * dot
    return flint.fmpq_poly([c / 2 for c in coeffs])


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
