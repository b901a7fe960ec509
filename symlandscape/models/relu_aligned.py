r"""Exact loss, gradient and Hessian of the Gaussian ReLU population loss at *aligned* points.

For the loss of :mod:`.relu_population`, call a pair of nonzero vectors *aligned* when they
are parallel (angle 0) or antiparallel (angle pi). Near an aligned pair the arc-cosine
kernel is a quadratic polynomial up to a cubic remainder: with
``phi(t) = sin t - t cos t = t^3/3 + O(t^5)`` and the angle ``t`` Lipschitz in the vectors,

* parallel: ``k(w, v) = w.v / 2 + |w||v| phi(t) / (2 pi) = w.v / 2 + O(|h|^3)``;
* antiparallel (``s = pi - t``): ``k(w, v) = |w||v| phi(s) / (2 pi) = O(|h|^3)``.

So at a point where every student-student and student-teacher pair is aligned and no
student unit is 0, the loss is twice differentiable and its value, gradient and Hessian are
those of the quadratic surrogate (``k = max(w.v, 0) / 2`` on each aligned pair): exact
rationals. The loss value also needs the teacher's pairs aligned (orthogonal teacher units
give ``k = 1/(2 pi)``). Anywhere else this module raises :class:`~.sigmoid.NotExact` (the
interval facts decide there). A zero student unit is a kink: the loss is defined and
continuous (``k(0, v) = 0``) but not differentiable.

Theta order as in :mod:`.relu_population`: entry ``(i, c)`` of ``W_1`` is parameter ``c K + i``.
"""

__all__ = ["aligned_loss", "aligned_gradient", "aligned_hessian"]

import flint

from ..exact.matrix import QMatrix
from .sigmoid import NotExact


def _dot(a, b):
    return sum((x * y for x, y in zip(a, b)), flint.fmpq(0))


def _pair(a, b) -> int:
    """+1 parallel, -1 antiparallel, 0 when a vector is zero; NotExact otherwise."""
    c, na, nb = _dot(a, b), _dot(a, a), _dot(b, b)
    if na == 0 or nb == 0:
        return 0
    if c * c != na * nb:
        raise NotExact("the point is not aligned (a pair of units is neither parallel nor antiparallel): "
                       "the Gaussian ReLU population loss there involves arccos; use the interval facts")
    return 1 if c > 0 else -1


def _units(net, W):
    W1 = QMatrix(W[0], "W_1").flint
    if (W1.nrows(), W1.ncols()) != (net.K, net.d):
        raise NotExact(f"W_1 must be {net.K} x {net.d}")
    return [[W1[i, c] for c in range(net.d)] for i in range(net.K)]


def _teacher(net):
    return [(v, a) for v, a in zip(net._v, net._a) if a != 0]


def aligned_loss(net, W) -> flint.fmpq:
    """The loss at an aligned point (zero units allowed: the loss is continuous there).

    >>> from symlandscape.models.relu_population import ReLUPopulation
    >>> net = ReLUPopulation([2, 1, 1], [[2], [0]], [[1]])
    >>> aligned_loss(net, [[[1, 0]], [[1]]]), aligned_loss(net, [[[0, 0]], [[1]]])
    (1/4, 1)
    """
    ws, L = _units(net, W), flint.fmpq(0)
    for i, w in enumerate(ws):
        L += _dot(w, w) / 4
        for w2 in ws[i + 1:]:
            if _pair(w, w2) > 0:
                L += _dot(w, w2) / 2
        for v, a in _teacher(net):
            if _pair(w, v) > 0:
                L -= a * _dot(w, v) / 2
    tea = _teacher(net)
    for j, (v, a) in enumerate(tea):
        L += a * a * _dot(v, v) / 4
        for v2, a2 in tea[j + 1:]:
            if _pair(v, v2) > 0:
                L += a * a2 * _dot(v, v2) / 2
    return L


def _differentiable(ws) -> None:
    if any(all(x == 0 for x in w) for w in ws):
        raise NotExact("a student unit is 0: the loss is not differentiable there (a kink)")


def aligned_gradient(net, W) -> QMatrix:
    """The gradient (theta order) at an aligned point without zero units.

    >>> from symlandscape.models.relu_population import ReLUPopulation
    >>> net = ReLUPopulation([2, 1, 1], [[2], [0]], [[1]])
    >>> aligned_gradient(net, [[[1, 0]], [[1]]]).tostrings(), aligned_gradient(net, [[[-1, 0]], [[1]]]).tostrings()
    ([['-1/2'], ['0']], [['-1/2'], ['0']])
    """
    ws = _units(net, W)
    _differentiable(ws)
    K, d = net.K, net.d
    g = [[flint.fmpq(0)] * d for _ in range(K)]
    for i, w in enumerate(ws):
        for c in range(d):
            g[i][c] += w[c] / 2
        for i2, w2 in enumerate(ws):
            if i2 != i and _pair(w, w2) > 0:
                for c in range(d):
                    g[i][c] += w2[c] / 2
        for v, a in _teacher(net):
            if _pair(w, v) > 0:
                for c in range(d):
                    g[i][c] -= a * v[c] / 2
    return QMatrix([[g[i][c]] for c in range(d) for i in range(K)])


def aligned_hessian(net, W) -> QMatrix:
    """The Hessian (theta order) at an aligned point without zero units.

    >>> from symlandscape.models.relu_population import ReLUPopulation
    >>> net = ReLUPopulation([2, 1, 1], [[2], [0]], [[1]])
    >>> aligned_hessian(net, [[[2, 0]], [[1]]]).tostrings()
    [['1/2', '0'], ['0', '1/2']]
    """
    ws = _units(net, W)
    _differentiable(ws)
    K, d, n = net.K, net.d, net.n_params
    H = flint.fmpq_mat(n, n)
    for i, w in enumerate(ws):
        for i2, w2 in enumerate(ws):
            if i2 == i or _pair(w, w2) > 0:
                for c in range(d):
                    H[c * K + i, c * K + i2] = flint.fmpq(1, 2)
        for v, _ in _teacher(net):
            _pair(w, v)                    # only checks alignment: teacher terms add no curvature
    return QMatrix(H)
