r"""A single sigmoid neuron with squared loss (seed 003; Auer, Herbster and Warmuth 1995).

``L(w) = 1/2 sum_i (sigma(w . x_i) - y_i)^2`` with ``sigma(z) = 1 / (1 + exp(-z))``, data ``X``
(``d x m``, one column per sample) and ``Y`` (``1 x m``), weights ``w`` (``W_1``, ``1 x d``).
The loss is transcendental, so nothing here is exact: the model gives enclosures of the loss,
gradient and Hessian in python-flint ball arithmetic (:meth:`SigmoidNeuron.enclose`), from
which :mod:`symlandscape.enclose` certifies critical points ("certified (interval)"), and
plain floats for searching (:meth:`SigmoidNeuron.float_derivatives`; never a verdict).

With ``s_i = sigma(w . x_i)``, ``r_i = s_i - y_i``, ``s' = s (1 - s)``, ``s'' = s' (1 - 2 s)``:
``grad L = sum_i r_i s'_i x_i`` and ``Hess L = sum_i (s'_i^2 + r_i s''_i) x_i x_i^T``.
"""

__all__ = ["SigmoidNeuron", "NotExact", "SCHEMA_FRAGMENT"]

import copy

import flint

from ..exact.matrix import QMatrix
from ..exact.numbers import InputError


class NotExact(InputError):
    """The quantity is transcendental: only enclosures (interval facts) are available."""


class SigmoidNeuron:
    """``x -> sigma(w . x)`` with squared loss on exact data.

    Parameters
    ----------
    widths : list of int
        ``[d, 1]``.
    X, Y : matrices
        ``d x m`` inputs and ``1 x m`` targets, exact entries.

    Examples
    --------
    >>> net = SigmoidNeuron([1, 1], X=[[1, -2]], Y=[["1/2", 0]])
    >>> L, g, H = net.enclose([flint.arb(0)])
    >>> L.contains(flint.arb(flint.fmpq(1, 8))), g[0].contains(flint.arb(flint.fmpq(-1, 4)))
    (True, True)
    """

    kind = "sigmoid_neuron"

    def __init__(self, widths, X, Y):
        widths = list(widths)
        if len(widths) != 2 or widths[1] != 1 or not all(isinstance(w, int) and w > 0 for w in widths):
            raise InputError(f"widths: a single neuron has widths [d, 1], got {widths}")
        self.widths = widths
        self.X = QMatrix(X, "X")
        self.Y = QMatrix(Y, "Y")
        d = widths[0]
        if self.X.shape[0] != d:
            raise InputError(f"X: {self.X.shape[0]} rows, but widths[0] = d = {d}")
        self.m = self.X.shape[1]
        if self.Y.shape != (1, self.m):
            raise InputError(f"Y: shape {self.Y.shape} where (1, m) = {(1, self.m)} is required")
        self.n_params = d
        self._x = [[self.X.flint[j, i] for j in range(d)] for i in range(self.m)]
        self._y = [self.Y.flint[0, i] for i in range(self.m)]

    def enclose(self, w) -> tuple:
        """``(L, g, H)`` enclosing the loss, gradient and Hessian over the balls ``w``
        (a list of ``d`` python-flint ``arb``; the current working precision)."""
        d = self.n_params
        L = flint.arb(0)
        g = [flint.arb(0)] * d
        H = [[flint.arb(0)] * d for _ in range(d)]
        for x, y in zip(self._x, self._y):
            z = sum((w[j] * x[j] for j in range(d) if x[j] != 0), flint.arb(0))
            s = 1 / (1 + (-z).exp())
            r = s - y
            d1 = s * (1 - s)
            c = d1 * d1 + r * d1 * (1 - 2 * s)
            L += r * r / 2
            for j in range(d):
                if x[j] != 0:
                    g[j] += r * d1 * x[j]
                    for k in range(j, d):
                        if x[k] != 0:
                            H[j][k] += c * x[j] * x[k]
        for j in range(d):
            for k in range(j):
                H[j][k] = H[k][j]
        return L, g, flint.arb_mat(H)

    def float_derivatives(self, w):
        """Float ``(L, g, H)`` (numpy) at the point ``w``: for searching only, never a verdict."""
        import numpy as np
        X = np.array([[float(v) for v in row] for row in self.X.flint.tolist()])
        y = np.array([float(v) for v in self._y])
        w = np.asarray(w, dtype=float)
        z = np.clip(w @ X, -700, 700)
        s = 1 / (1 + np.exp(-z))
        r = s - y
        d1 = s * (1 - s)
        c = d1 * d1 + r * d1 * (1 - 2 * s)
        return 0.5 * float(r @ r), X @ (r * d1), (X * c) @ X.T

    def loss(self, W):
        raise NotExact("the loss of a sigmoid neuron is transcendental: use the interval facts "
                       "(zero_in, pd_on, loss_in)")

    gradient = hessian = loss

    def loss_along(self, W, curve):
        raise NotExact("the loss of a sigmoid neuron is transcendental: no exact curve polynomial")

    def symbolic(self):
        """SymPy forms: the weight symbols and the loss."""
        import sympy
        w = sympy.symbols(f"w1:{self.n_params + 1}")
        x = [[sympy.Rational(str(v)) for v in row] for row in self._x]
        L = sum((1 / (1 + sympy.exp(-sum(wj * xj for wj, xj in zip(w, xi)))) - sympy.Rational(str(yi))) ** 2
                for xi, yi in zip(x, self._y)) / 2
        return {"w": list(w), "loss": L}


def _schema() -> dict:
    from .linear import SCHEMA_FRAGMENT as linear
    frag = copy.deepcopy(linear)
    frag["description"] = ("A single sigmoid neuron sigma(w . x) with squared loss: widths [d, 1], data X "
                           "(d x m) and Y (1 x m), optionally a point weights = [W_1] with W_1 of shape 1 x d. "
                           "The loss is transcendental: claims about it are certified by interval enclosures.")
    frag["properties"]["widths"]["maxItems"] = 2
    return frag


#: JSON Schema fragment of ``sigmoid_neuron`` instance files.
SCHEMA_FRAGMENT = _schema()
