r"""Bias-free ReLU networks in the form of eq (4) of seed 000 (Choromanska et al. 2015).

``Yhat(W, X) = q sigma(W_{H+1} sigma(W_H ... sigma(W_1 X)))`` with ``sigma(x) = max(0, x)``
applied entrywise at every layer, the output included (as eq (4) writes it), and a constant
output scale ``q``; loss ``L = 1/2 ||Yhat - Y||_F^2``. Everything is exact over the rationals.

Activation pattern. For sample ``i`` and layer ``k`` the unit ``u`` is *active* when its
pre-activation ``(W_k z_{k-1})_u`` is > 0. The convention for a pre-activation exactly 0:
``sigma(0) = 0``, so the unit is inactive (indicator 0) and contributes nothing, on either
side of the forward pass and of the path expansion. The loss is *not differentiable* at a
point with a pre-activation exactly 0 that matters (the two one-sided derivatives differ in
general): :meth:`ReLUNet.gradient` and :meth:`ReLUNet.hessian` then raise
:class:`NotDifferentiable` naming the tied units, never a silent subgradient.

Derivatives elsewhere. With the pattern fixed (it is locally constant away from ties),
sample ``i``'s output is the deep linear chain with layer maps ``A_k = D_k^(i) W_k`` (``D``
the 0/1 diagonal masks, the output mask times ``q``). ``vec(D W) = (I kron D) vec(W)`` is a
diagonal 0/1 (or q) map, so the gradient and Hessian are ``sum_i S_i g_i`` and
``sum_i S_i H_i S_i`` with ``g_i, H_i`` the deep linear network's exact closed forms at the
masked weights for the single sample ``(x_i, y_i)`` and ``S_i`` that diagonal scaling: one
home for the Kronecker formulas (:mod:`symlandscape.models.linear`).
"""

__all__ = ["ReLUNet", "NotDifferentiable", "SCHEMA_FRAGMENT"]

from typing import Sequence

import flint

from ..exact.matrix import QMatrix
from ..exact.numbers import InputError, rational
from .linear import DeepLinear, _check_widths
from .registry import network_schema


class NotDifferentiable(InputError):
    """The loss is not differentiable at this point (a pre-activation is exactly 0)."""


def _relu(M: flint.fmpq_mat) -> flint.fmpq_mat:
    out = flint.fmpq_mat(M.nrows(), M.ncols())
    for i in range(M.nrows()):
        for j in range(M.ncols()):
            if M[i, j] > 0:
                out[i, j] = M[i, j]
    return out


class ReLUNet:
    """Bias-free ReLU network ``q sigma(W_{H+1} ... sigma(W_1 X))`` with exact data.

    Parameters
    ----------
    widths : list of int
        ``[d_x, d_1, ..., d_H, d_y]``.
    X, Y : matrices
        ``d_x x m`` and ``d_y x m``, exact entries.
    q : rational
        The output scale of eq (4) (default 1).

    Examples
    --------
    >>> net = ReLUNet([2, 2, 1], X=[[1], [-1]], Y=[[1]])
    >>> W = [[[1, 0], [0, 1]], [[1, 1]]]
    >>> net.output(W)                      # sigma([1, 1] sigma([1, -1])) = 1
    QMatrix([[1]])
    >>> net.loss(W), net.pattern(W)[0].tolist()
    (0, [[Fraction(1, 1)], [Fraction(0, 1)]])
    >>> net.gradient([[[1, 0], [0, 1]], [[2, 1]]]).T    # unit 2 of layer 1 inactive
    QMatrix([[2, 0, -2, 0, 1, 0]])
    >>> net.gradient([[[1, 0], [0, 0]], [[1, 1]]])
    Traceback (most recent call last):
    ...
    symlandscape.models.relu.NotDifferentiable: not differentiable at this point: pre-activation exactly 0 at layer 1, unit 2, sample 1
    """

    kind = "relu"

    def __init__(self, widths: Sequence[int], X, Y, q=1):
        self.widths = _check_widths(widths)
        self.H = len(self.widths) - 2
        self.q = rational(q, "q")
        if self.q == 0:
            raise InputError("q: the output scale must be nonzero")
        # the deep linear network of the same widths: its weights() validation and shapes
        self._lin = DeepLinear(self.widths, X, Y)
        self.X, self.Y, self.m = self._lin.X, self._lin.Y, self._lin.m
        self.shapes, self.n_params, self.offsets = self._lin.shapes, self._lin.n_params, self._lin.offsets

    def __repr__(self) -> str:
        return f"ReLUNet(widths={self.widths}, m={self.m}, q={self.q})"

    def weights(self, W) -> list:
        """Validated weights ``[W_1, ..., W_{H+1}]`` as QMatrix."""
        return self._lin.weights(W)

    def unflatten(self, theta) -> list:
        return self._lin.unflatten(theta)

    # -- forward pass ------------------------------------------------------------------
    def preactivations(self, W) -> list:
        """``[P_1, ..., P_{H+1}]``: ``P_k = W_k z_{k-1}`` (``z_0 = X``), one column per sample."""
        W = self.weights(W)
        z, out = self.X.flint, []
        for Wk in W:
            p = Wk.flint * z
            out.append(QMatrix(p))
            z = _relu(p)
        return out

    def output(self, W) -> QMatrix:
        """``Yhat = q sigma(W_{H+1} ... sigma(W_1 X))``, exactly."""
        return QMatrix(_relu(self.preactivations(W)[-1].flint) * self.q)

    def loss(self, W) -> flint.fmpq:
        """``1/2 ||Yhat - Y||_F^2``."""
        return (self.output(W) - self.Y).frob2() / 2

    def pattern(self, W) -> list:
        """The activation indicators: ``Z_k[u, i] = 1`` iff ``P_k[u, i] > 0`` (0 at exact ties)."""
        return [QMatrix([[int(x > 0) for x in row] for row in P.flint.tolist()])
                for P in self.preactivations(W)]

    def ties(self, W, order: int = 1) -> list:
        """``(layer, unit, sample)`` (1-based) of pre-activations exactly 0 that matter for
        derivatives of the given order. For the gradient (``order=1``) a tie matters unless the
        unit's outgoing weights are all 0 (then both one-sided derivatives agree). For the
        Hessian (``order=2``) every tie matters: the mixed derivative in the unit's incoming and
        outgoing weights involves sigma'(0), which does not exist."""
        W = self.weights(W)
        P = self.preactivations(W)
        out = []
        for k, Pk in enumerate(P):
            for u in range(Pk.shape[0]):
                matters = order >= 2 or k == len(P) - 1 or any(
                    W[k + 1].flint[v, u] != 0 for v in range(W[k + 1].shape[0]))
                for i in range(Pk.shape[1]):
                    if Pk.flint[u, i] == 0 and matters:
                        out.append((k + 1, u + 1, i + 1))
        return out

    def _masked(self, W, order: int = 1):
        """Per sample: (masked weights A_k = D_k W_k, with q in the output mask; the diagonal
        scaling S of theta)."""
        ties = self.ties(W, order)
        if ties:
            shown = ", ".join(f"layer {k}, unit {u}, sample {i}" for k, u, i in ties[:3])
            more = f" and {len(ties) - 3} more" if len(ties) > 3 else ""
            what = "differentiable" if order == 1 else "twice differentiable"
            raise NotDifferentiable(f"not {what} at this point: pre-activation exactly 0 at "
                                    f"{shown}{more}")
        W = self.weights(W)
        Z = self.pattern(W)
        L = len(W)
        for i in range(self.m):
            A, scale = [], []
            for k, Wk in enumerate(W):
                mask = [Z[k].flint[u, i] * (self.q if k == L - 1 else 1) for u in range(Wk.shape[0])]
                D = flint.fmpq_mat(len(mask), len(mask))
                for u, c in enumerate(mask):
                    D[u, u] = c
                A.append(QMatrix(D * Wk.flint))
                # vec(D W) = (I kron D) vec(W): entry (u, v) of W scaled by mask[u]
                scale += [mask[u] for _ in range(Wk.shape[1]) for u in range(Wk.shape[0])]
            yield i, A, scale

    def _sample_net(self, i):
        return DeepLinear(self.widths, self.X.columns([i]), self.Y.columns([i]))

    def gradient(self, W) -> QMatrix:
        """Exact gradient in ``theta`` order where no pre-activation that matters is 0."""
        g = flint.fmpq_mat(self.n_params, 1)
        for i, A, scale in self._masked(W):
            gi = self._sample_net(i).gradient(A).flint
            for r in range(self.n_params):
                if scale[r] != 0:
                    g[r, 0] += scale[r] * gi[r, 0]
        return QMatrix(g)

    def hessian(self, W) -> QMatrix:
        """Exact Hessian in ``theta`` order where no pre-activation that matters is 0."""
        n = self.n_params
        H = flint.fmpq_mat(n, n)
        for i, A, scale in self._masked(W, order=2):
            Hi = self._sample_net(i).hessian(A).flint
            live = [r for r in range(n) if scale[r] != 0]
            for r in live:
                for c in live:
                    H[r, c] += scale[r] * scale[c] * Hi[r, c]
        return QMatrix(H)

    def loss_along(self, W, curve) -> flint.fmpq_poly:
        """The loss on ``W + t C_1 + ...`` for ``t`` near 0 where the pattern is constant
        (a polynomial only there: NotDifferentiable at ties)."""
        total = flint.fmpq_poly([0])
        for i, A, scale in self._masked(W, order=2):
            cur = []
            for step in curve:
                cur.append([QMatrix(c).flint for c in step])
            masked_curve = []
            for step in cur:
                ms = []
                for k, C in enumerate(step):
                    d = A[k].shape[0]
                    D = flint.fmpq_mat(d, d)
                    for u in range(d):
                        D[u, u] = scale[self.offsets[k] + u]   # first column's scale = the row mask
                    ms.append(QMatrix(D * C))
                masked_curve.append(ms)
            total += self._sample_net(i).loss_along(A, masked_curve)
        return total

    def symbolic(self, names: str = "W") -> dict:
        """SymPy weights and the pattern-free output ``q sigma(...)`` with ``sympy.Max``."""
        import sympy
        Ws = [sympy.Matrix(r, c, lambda a, b, k=k: sympy.Symbol(f"{names}{k + 1}_{a + 1}{b + 1}"))
              for k, (r, c) in enumerate(self.shapes)]
        z = sympy.Matrix(self.X.to_sympy())
        for Wk in Ws:
            z = (Wk * z).applyfunc(lambda e: sympy.Max(0, e))
        return {"weights": Ws, "output": sympy.Rational(str(self.q)) * z}


#: JSON Schema fragment of relu instance files.
SCHEMA_FRAGMENT = network_schema(
    'A bias-free ReLU network q sigma(W_{H+1} sigma(W_H ... sigma(W_1 X))) as in eq (4) of seed 000: widths [d_x, d_1, ..., d_H, d_y], data X (d_x x m) and Y (d_y x m), the output scale q (default 1), optionally a point weights = [W_1, ..., W_{H+1}].',
    {'q': {'$ref': '#/$defs/exactNumber'}})
