r"""A single sigmoid neuron with squared loss (seed 003; Auer, Herbster and Warmuth 1995), and
one hidden sigmoid layer with a linear output (:class:`SigmoidMLP`; Yu and Chen 1995).

``L(w) = 1/2 sum_i (sigma(w . x_i) - y_i)^2`` with ``sigma(z) = 1 / (1 + exp(-z))``, data ``X``
(``d x m``, one column per sample) and ``Y`` (``1 x m``), weights ``w`` (``W_1``, ``1 x d``).
The loss is transcendental, so nothing here is exact: the model gives enclosures of the loss,
gradient and Hessian in python-flint ball arithmetic (:meth:`SigmoidNeuron.enclose`), from
which :mod:`symlandscape.enclose` certifies critical points ("certified (interval)"), and
plain floats for searching (:meth:`SigmoidNeuron.float_derivatives`; never a verdict).

With ``s_i = sigma(w . x_i)``, ``r_i = s_i - y_i``, ``s' = s (1 - s)``, ``s'' = s' (1 - 2 s)``:
``grad L = sum_i r_i s'_i x_i`` and ``Hess L = sum_i (s'_i^2 + r_i s''_i) x_i x_i^T``.
"""

__all__ = ["SigmoidNeuron", "SigmoidMLP", "NotExact", "SCHEMA_FRAGMENT", "MLP_SCHEMA_FRAGMENT"]

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


class SigmoidMLP:
    r"""One hidden sigmoid layer, linear output, no biases (the slides' form of Yu and Chen 1995):
    ``L(W_1, W_2) = 1/2 ||W_2 sigma(W_1 X) - Y||_F^2``.

    Widths ``[d_0, d_1, d_2]``, ``X`` (``d_0 x m``), ``Y`` (``d_2 x m``); ``theta = (vec W_1;
    vec W_2)``, column-major (entry ``(a, b)`` of ``W_1`` is parameter ``b d_1 + a``, entry
    ``(o, a)`` of ``W_2`` is ``d_0 d_1 + a d_2 + o``). With ``Phi = sigma(W_1 X)`` and
    ``R = W_2 Phi - Y``: ``dL/dW_2 = R Phi^T``, ``dL/dW_1 = ((W_2^T R) * sigma'(W_1 X)) X^T``;
    the Hessian is ``J^T J`` (``J`` the Jacobian of the outputs) plus the curvature term
    ``sum_j sum_o r_oj Hess f_oj`` (W_1-W_1 block ``delta_aa' (W_2^T r)_a sigma''_a x_b x_b'``,
    W_1-W_2 block ``delta_aa' r_o sigma'_a x_b``).

    Examples
    --------
    >>> net = SigmoidMLP([1, 1, 1], X=[[0]], Y=[[1]])
    >>> L, g, H = net.enclose([flint.arb(0), flint.arb(2)])     # W_1 = 0, W_2 = 2: output 1
    >>> L.contains(0), [x.contains(0) for x in g]
    (True, [True, True])
    """

    kind = "sigmoid_mlp"

    def __init__(self, widths, X, Y):
        widths = list(widths)
        if len(widths) != 3 or not all(isinstance(w, int) and w > 0 for w in widths):
            raise InputError(f"widths: one hidden layer has widths [d_0, d_1, d_2], got {widths}")
        self.widths = widths
        self.X, self.Y = QMatrix(X, "X"), QMatrix(Y, "Y")
        d0, d1, d2 = widths
        if self.X.shape[0] != d0:
            raise InputError(f"X: {self.X.shape[0]} rows, but widths[0] = {d0}")
        self.m = self.X.shape[1]
        if self.Y.shape != (d2, self.m):
            raise InputError(f"Y: shape {self.Y.shape} where ({d2}, {self.m}) is required")
        self.n1, self.n_params = d0 * d1, d0 * d1 + d1 * d2
        self._x = [[self.X.flint[b, j] for b in range(d0)] for j in range(self.m)]
        self._y = [[self.Y.flint[o, j] for o in range(d2)] for j in range(self.m)]

    def _split(self, w):
        d0, d1, d2 = self.widths
        W1 = [[w[b * d1 + a] for b in range(d0)] for a in range(d1)]
        W2 = [[w[self.n1 + a * d2 + o] for a in range(d1)] for o in range(d2)]
        return W1, W2

    def _derivatives(self, w, sig, zero, conv=lambda v: v):
        """Loss, gradient, Hessian (lists) from the entries ``w`` with ``sig(z) -> (s, s', s'')``
        (``conv`` converts the data's rationals to the entries' number type)."""
        d0, d1, d2 = self.widths
        n, n1 = self.n_params, self.n1
        W1, W2 = self._split(w)
        L = zero
        g = [zero] * n
        H = [[zero] * n for _ in range(n)]
        i1 = lambda a, b: b * d1 + a              # noqa: E731
        i2 = lambda o, a: n1 + a * d2 + o         # noqa: E731
        for x, y in zip(self._x, self._y):
            x, y = [conv(v) for v in x], [conv(v) for v in y]
            z = [sum((W1[a][b] * x[b] for b in range(d0) if x[b] != 0), zero) for a in range(d1)]
            s = [sig(v) for v in z]
            f = [sum((W2[o][a] * s[a][0] for a in range(d1)), zero) for o in range(d2)]
            r = [f[o] - y[o] for o in range(d2)]
            back = [sum((W2[o][a] * r[o] for o in range(d2)), zero) for a in range(d1)]   # (W_2^T r)_a
            L += sum((v * v for v in r), zero) / 2
            # Jacobian rows J[o] (sparse: (index, value))
            J = [[(i2(o, a), s[a][0]) for a in range(d1)]
                 + [(i1(a, b), W2[o][a] * s[a][1] * x[b]) for a in range(d1) for b in range(d0) if x[b] != 0]
                 for o in range(d2)]
            for o in range(d2):
                for p, u in J[o]:
                    g[p] += r[o] * u
                    for q, v in J[o]:
                        H[p][q] += u * v
            for a in range(d1):
                for b in range(d0):
                    if x[b] == 0:
                        continue
                    for b2 in range(d0):
                        if x[b2] != 0:
                            H[i1(a, b)][i1(a, b2)] += back[a] * s[a][2] * x[b] * x[b2]
                    for o in range(d2):
                        c = r[o] * s[a][1] * x[b]
                        H[i1(a, b)][i2(o, a)] += c
                        H[i2(o, a)][i1(a, b)] += c
        return L, g, H

    def enclose(self, w) -> tuple:
        """``(L, g, H)`` enclosing loss, gradient and Hessian over the balls ``w`` (theta order)."""
        def sig(z):
            s = 1 / (1 + (-z).exp())
            d1 = s * (1 - s)
            return s, d1, d1 * (1 - 2 * s)
        L, g, H = self._derivatives(list(w), sig, flint.arb(0))
        return L, g, flint.arb_mat(H)

    def float_derivatives(self, w):
        """Float ``(L, g, H)`` (numpy) at ``w``: for searching only, never a verdict."""
        import math

        import numpy as np

        def sig(z):
            s = 1 / (1 + math.exp(-max(min(z, 700), -700)))
            return s, s * (1 - s), s * (1 - s) * (1 - 2 * s)
        L, g, H = self._derivatives([float(v) for v in w], sig, 0.0, lambda v: int(v.p) / int(v.q))
        return float(L), np.array([float(v) for v in g]), np.array([[float(v) for v in r] for r in H])

    def loss(self, W):
        raise NotExact("the loss of a sigmoid network is transcendental: use the interval facts "
                       "(zero_in, pd_on, loss_in)")

    gradient = hessian = loss

    def loss_along(self, W, curve):
        raise NotExact("the loss of a sigmoid network is transcendental: no exact curve polynomial")


def _mlp_schema() -> dict:
    from .linear import SCHEMA_FRAGMENT as linear
    frag = copy.deepcopy(linear)
    frag["description"] = ("One hidden sigmoid layer, linear output, no biases: L = 1/2 ||W_2 sigma(W_1 X) - Y||_F^2 "
                           "with widths [d_0, d_1, d_2], X (d_0 x m), Y (d_2 x m), optionally weights = [W_1, W_2]. "
                           "Transcendental: claims about it are certified by interval enclosures.")
    frag["properties"]["widths"]["minItems"] = 3
    frag["properties"]["widths"]["maxItems"] = 3
    return frag


#: JSON Schema fragment of ``sigmoid_mlp`` instance files.
MLP_SCHEMA_FRAGMENT = _mlp_schema()
