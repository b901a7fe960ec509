r"""Fibres of the last layer (seed 002, section 5.1): the loss on a fibre is a quadratic.

Fix every layer but the last of a :class:`~symlandscape.models.feedforward.Feedforward`
network. The last layer ``V = [W_L | b_L]`` (``d_out x c``) then acts on constant
*features*: the last hidden layer's outputs on the ``m`` samples, with a row of ones when
the output layer has a bias,

    Phi = [s(p_{L-1}(x_1)) ... s(p_{L-1}(x_m)); 1 ... 1]        (c x m),

so ``F(X) = V Phi`` and the loss on the fibre is the linear regression of ``Y`` on ``Phi``:

    q(V) = 1/2 ||V Phi - Y||^2 = 1/2 v^T A v + b^T v + c_0,
    A = Phi Phi^T kron I_{d_out},  b = -vec(Y Phi^T),  c_0 = 1/2 ||Y||^2,  v = vec V

(``vec`` stacks columns, the theta order of the last layer). ``A`` is the *leading
quadratic form* of Lemma 5.14; its rank is ``d_out rank(Phi)``: with an output bias that is
``d_out rank([Phi_h; 1])``, not ``d_out rank(Phi_h)`` (``Phi_h`` the hidden outputs alone).

When ``rank Phi = m`` the fibre's critical points are exactly the zero-loss points
``V* + {Z : Z Phi = 0}``, ``V* = Y Phi^+`` (Lemma 5.8), and from any ``V_0`` on that fibre the
segment to ``V_0 + (Y - V_0 Phi) Phi^+`` carries the loss ``(1 - t)^2 L(V_0)`` (Corollary 5.9).

Examples
--------
>>> from symlandscape.models.feedforward import Feedforward
>>> net = Feedforward([1, 2, 1], X=[[1, 2]], Y=[[1, 0]], activation=[0, 1, 1])
>>> W = [[[1, 0], [0, 1]], [[1, 1, 0]]]               # hidden outputs s(x) = x + x^2 and s(1) = 2
>>> features(net, W)
QMatrix([[2, 6], [2, 2], [1, 1]])
>>> descent_line(net, W).poly                         # residuals 3, 8: 73/2 (1 - t)^2
73/2*x^2 + (-73)*x + 73/2
"""

__all__ = ["features", "hidden_features", "fibre_indices", "FibreQuadratic", "fibre_quadratic",
           "fibre_critical_set", "DescentLine", "descent_line", "strictly_decreasing_on_unit_interval",
           "output_jacobian", "zero_loss_data"]

from dataclasses import dataclass

import flint

from ..calculus.kron import kron, vec
from ..exact.matrix import QMatrix
from ..exact.numbers import InputError


def _check(net, W) -> list:
    if net.kind != "feedforward":
        raise InputError(f"fibres are defined for feedforward networks, not {net.kind!r}")
    return net.weights(W)


def hidden_features(net, W) -> QMatrix:
    """The last hidden layer's outputs on the samples (``d_{L-1} x m``; ``X`` when ``L = 1``).

    >>> from symlandscape.models.feedforward import Feedforward
    >>> hidden_features(Feedforward([1, 1, 1], [[0, 3]], [[0, 0]], activation=[0, 0, 1], biases=False),
    ...                 [[[1]], [[1]]])                  # s(x) = x^2
    QMatrix([[0, 9]])
    """
    W = _check(net, W)
    if net.L == 1:
        return net.X
    P = net.preactivations(W)[net.L - 2].flint
    s = net.act
    return QMatrix(flint.fmpq_mat([[s.value(x) for x in row] for row in P.tolist()]))


def features(net, W) -> QMatrix:
    """``Phi``: the hidden features with the row of ones of the output bias (if any)."""
    H = hidden_features(net, W)
    if not net.biases[-1]:
        return H
    return QMatrix.vstack([H, QMatrix([[1] * net.m])])


def fibre_indices(net) -> list:
    """theta indices of the last layer ``[W_L | b_L]`` (the fibre's coordinates, ``vec`` order)."""
    return list(range(net.offsets[-1], net.n_params))


@dataclass(frozen=True)
class FibreQuadratic:
    """``q(v) = 1/2 v^T A v + b^T v + c0`` on a fibre (``v = vec [W_L | b_L]``).

    Attributes
    ----------
    Phi : QMatrix
        The features (``c x m``).
    A, b : QMatrix
        The leading quadratic form ``Phi Phi^T kron I`` and the linear term ``-vec(Y Phi^T)``.
    c0 : fmpq
        ``1/2 ||Y||^2``.
    """

    Phi: QMatrix
    A: QMatrix
    b: QMatrix
    c0: flint.fmpq

    def value(self, v: QMatrix) -> flint.fmpq:
        return (v.T @ self.A @ v)[0, 0] / 2 + (self.b.T @ v)[0, 0] + self.c0

    def gradient(self, v: QMatrix) -> QMatrix:
        return self.A @ v + self.b


def fibre_quadratic(net, W) -> FibreQuadratic:
    """The exact coefficients of the loss on the fibre through ``W`` (Proposition 5.7).

    Notes
    -----
    One forward pass for ``Phi``, then a ``c x m`` by ``m x c`` product and a Kronecker
    product with ``I_{d_out}``: ``O(c^2 (m + d_out^2))`` rational operations.

    >>> from symlandscape.models.feedforward import Feedforward
    >>> net = Feedforward([1, 1, 1], [[1, 2]], [[0, 1]], activation=[0, 1, 1])
    >>> W = [[[1, 0]], [[2, 1]]]
    >>> q = fibre_quadratic(net, W)
    >>> q.value(net.flatten(W).rows(fibre_indices(net))) == net.loss(W)
    True
    """
    Phi = features(net, W)
    A = kron(Phi @ Phi.T, QMatrix.eye(net.widths[-1]))
    b = -vec(net.Y @ Phi.T)
    return FibreQuadratic(Phi, A, b, net.Y.frob2() / 2)


def fibre_critical_set(net, W) -> tuple:
    """``(V*, K)``: the fibre's critical points are ``V* + span`` of the matrices ``Z`` with
    ``Z Phi = 0``; ``V* = Y Phi^+`` (least squares, minimum norm) and ``K`` a basis of the
    left null space of ``Phi`` (rows), so ``Z = U K`` for any ``d_out x rank`` matrix ``U``.

    >>> from symlandscape.models.feedforward import Feedforward
    >>> net = Feedforward([1, 2, 1], [[1]], [[3]], activation=[0, 1], biases=[False, True])
    >>> Vs, K = fibre_critical_set(net, [[[1], [2]], [[0, 0, 0]]])
    >>> Vs, K.shape                                    # Phi = [1; 2; 1]: 3 - 1 = 2 directions
    (QMatrix([[1/2, 1, 1/2]]), (2, 3))
    """
    Phi = features(net, W)
    Vs = net.Y @ Phi.pinv()
    return Vs, Phi.T.nullspace().T          # rows k with k Phi = 0 (possibly none)


@dataclass(frozen=True)
class DescentLine:
    """The segment ``V(t) = V_0 + t C``, ``t in [0, 1]``, from ``V_0`` to a global minimum."""

    V0: QMatrix
    target: QMatrix
    direction: QMatrix
    poly: flint.fmpq_poly


def descent_line(net, W) -> DescentLine:
    """Corollary 5.9: from a point with ``rank Phi = m`` to the zero-loss point
    ``V_0 + (Y - V_0 Phi) Phi^+`` of its fibre; ``poly`` is the loss along it, computed
    through the whole network (:meth:`Feedforward.loss_along`), not from the formula
    ``(1 - t)^2 L(V_0)`` it equals.

    Raises InputError when ``rank Phi < m`` (no zero-loss point on the fibre in general).
    """
    W = _check(net, W)
    Phi = features(net, W)
    if Phi.rank() != net.m:
        raise InputError(f"the features have rank {Phi.rank()} < m = {net.m}: Corollary 5.9 needs rank m")
    V0 = W[-1]
    target = V0 + (net.Y - V0 @ Phi) @ Phi.pinv()
    C = target - V0
    steps = [QMatrix.zeros(*w.shape) for w in W[:-1]] + [C]
    return DescentLine(V0, target, C, net.loss_along(W, [steps]))


def strictly_decreasing_on_unit_interval(poly: flint.fmpq_poly) -> bool:
    """Is the polynomial strictly decreasing on ``[0, 1]``? Exact for degree <= 2 (its
    derivative is affine: non-positive at both ends and not identically zero).

    >>> t = flint.fmpq_poly([0, 1])
    >>> strictly_decreasing_on_unit_interval((1 - t) ** 2), strictly_decreasing_on_unit_interval(t * t - t)
    (True, False)
    """
    if poly.degree() > 2:
        raise InputError("strictly_decreasing_on_unit_interval decides degree <= 2 only")
    d = poly.derivative()
    return d(0) <= 0 and d(1) <= 0 and not d.is_zero()


def output_jacobian(net, W) -> QMatrix:
    """``dF_o(x_j)/dtheta`` (``m d_out x N``, sample-major): the map whose rank decides whether
    ``L^{-1}(0)`` is locally a manifold of dimension ``N - m d_out`` (section 4.1)."""
    _check(net, W)
    return net.jacobian_rows(W)


def zero_loss_data(net, W) -> QMatrix:
    """Targets ``Y = F(X)`` that make ``W`` a zero-loss point (the data realised by the net)."""
    return net.output(_check(net, W))
