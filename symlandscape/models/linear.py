r"""Deep linear and residual linear networks: exact loss, gradient and Hessian.

Both models are chains of ``L = H + 1`` affine layer maps ``A_k`` acting on the
data ``X`` (``d_0 x m``),

    F(W) = A_L A_{L-1} ... A_1 X,      L(W) = 1/2 ||F(W) - Y||_F^2,

with ``A_k = W_k`` (:class:`DeepLinear`) or ``A_k = I + W_k``
(:class:`ResidualLinear`, Hardt-Ma). Since ``dA_k = dW_k`` in both cases, every
derivative below holds for both models: only the factors ``A_k`` differ. The
common machinery lives in :class:`LinearChain`.

Derivation
----------
Notation (1-based layers, ``W_k`` of shape ``d_k x d_{k-1}``):

* ``R_k = A_{k-1} ... A_1 X``      (``d_{k-1} x m``; ``R_1 = X``),
* ``L_k = A_L ... A_{k+1}``        (``d_L x d_k``;  ``L_L = I``),
* ``M_{kj} = A_{k-1} ... A_{j+1}`` (``d_{k-1} x d_j`` for ``j < k``; ``I`` when
  ``j = k - 1``),
* ``E = F - Y`` (``d_L x m``), ``theta = (vec W_1; ...; vec W_L)``, ``vec``
  stacking columns, ``K_{p,q}`` the commutation matrix (``K_{p,q} vec A =
  vec A^T`` for ``p x q`` ``A``).

*First order.* ``F`` is affine in each ``W_k`` separately, so
``dF = sum_k L_k dW_k R_k`` and, by ``vec(ABC) = (C^T kron A) vec B``,

    vec dF = sum_k J_k vec dW_k,      J_k = R_k^T kron L_k   (d_L m x d_k d_{k-1}).

With ``dL = <E, dF>`` the gradient block is
``vec(dL/dW_k) = J_k^T vec E``, i.e.

    dL/dW_k = L_k^T E R_k^T = (A_L ... A_{k+1})^T E (A_{k-1} ... A_1 X)^T.

*Second order.* ``d^2 L[U, V] = <dF[U], dF[V]> + <E, d^2 F[U, V]>``. The first
term gives the Gauss-Newton blocks, using ``(A kron B)^T (C kron D) =
A^T C kron B^T D``:

    GN_{kj} = J_k^T J_j = (R_k R_j^T) kron (L_k^T L_j).

For the second term, ``F`` is multi-affine in the weights, so
``d^2 F / dW_k^2 = 0`` (the diagonal blocks are pure Gauss-Newton) and for
``j < k``

    d^2 F[U_k, V_j] = L_k U_k M_{kj} V_j R_j.

For unit directions ``U_k = e_a e_b^T``, ``V_j = e_c e_d^T``,
``<E, L_k e_a e_b^T M_{kj} e_c e_d^T R_j> = Q_{kj}[a, d] M_{kj}[b, c]`` with

    Q_{kj} = L_k^T E R_j^T     (d_k x d_{j-1}).

In the vec index order (``(a, b)`` of ``W_k`` is entry ``b d_k + a`` of
``vec W_k``) this is ``vec(U^T)^T (Q_{kj} kron M_{kj}) vec(V)``, so::

    Hess_{kj} = (R_k R_j^T) kron (L_k^T L_j) + K_{d_{k-1}, d_k} (Q_{kj} kron M_{kj})
                                                          (j < k),
    Hess_{kk} = (R_k R_k^T) kron (L_k^T L_k),      Hess_{jk} = Hess_{kj}^T.

(The seeds order parameters as ``vec(W_k^T) = K_{d_k, d_{k-1}} vec(W_k)``; in
that order the blocks are ``K_{d_k, d_{k-1}} Hess_{kj} K_{d_j, d_{j-1}}^T``.)

Exact assembly
--------------
Every block is an entrywise product of two small rational matrices (a
Kronecker product or a permuted one), so the Hessian needs no large matrix
product: the small factors ``R_k R_j^T``, ``L_k^T L_j``, ``Q_{kj}``, ``M_{kj}``
come from flint products; their numerators are scaled to one common
denominator ``D`` and multiplied out in numpy (int64 when a bound on the block
shows every entry is below 2^62, otherwise object arrays of exact ``fmpz``);
the upper blocks are the lower ones transposed (by reference); the integer matrix enters flint
once (``fmpz_mat``) and is divided by ``D``. Entering flint and the final
division cost about 0.25 us per small entry and ~1 us per entry of ~80 bits,
which dominates: measured 0.06 s (integers) / 0.16 s (rationals) at 500
parameters and 1.0 s / 2.9 s at 2,000.
"""

__all__ = ["LinearChain", "DeepLinear", "ResidualLinear"]

from math import lcm
from typing import Sequence

import flint
import numpy as np

from ..exact.matrix import QMatrix
from ..exact.numbers import InputError, rational
from .registry import network_schema


class LinearChain:
    """Common base of :class:`DeepLinear` and :class:`ResidualLinear`.

    A chain of ``H + 1`` layer maps ``A_k`` built from the weights ``W_k``
    (subclasses define :meth:`layer`). All derivatives are with respect to the
    weights ``W_k`` and follow the formulas in the module docstring.

    Attributes
    ----------
    widths : list of int
        ``[d_0, d_1, ..., d_H, d_{H+1}]``.
    H : int
        Number of hidden layers (``H + 1`` weight matrices).
    X, Y : QMatrix
        Data, ``d_0 x m`` and ``d_{H+1} x m``.
    m : int
        Number of samples.
    shapes : list of tuple
        ``shapes[k] = (d_{k+1}, d_k)``, the shape of ``W_{k+1}``.
    n_params : int
        Length of ``theta``.
    """

    def __init__(self, widths: Sequence[int], X, Y):
        self.widths = _check_widths(widths)
        self.H = len(self.widths) - 2
        self.X = QMatrix(X, "X")
        self.Y = QMatrix(Y, "Y")
        dx, dy = self.widths[0], self.widths[-1]
        m = self.X.shape[1]
        if self.X.shape[0] != dx:
            raise InputError(f"X: {self.X.shape[0]} rows, but widths[0] = d_x = {dx}")
        if self.Y.shape != (dy, m):
            raise InputError(f"Y: shape {self.Y.shape} where (d_y, m) = {(dy, m)} is required")
        self.m = m
        self.shapes = [(self.widths[k + 1], self.widths[k]) for k in range(self.H + 1)]
        self.n_params = sum(r * c for r, c in self.shapes)
        # offsets[k]: position of vec(W_{k+1}) inside theta.
        self.offsets = [0]
        for r, c in self.shapes:
            self.offsets.append(self.offsets[-1] + r * c)

    # -- layer maps (what subclasses change) --------------------------------------
    def layer(self, Wk: flint.fmpq_mat, k: int) -> flint.fmpq_mat:
        """The layer map ``A_k`` (1-based ``k``) built from the weight ``W_k``."""
        raise NotImplementedError

    def _layer_symbolic(self, Wk, k: int):
        raise NotImplementedError

    # -- parsing ------------------------------------------------------------------
    def weights(self, W) -> list:
        """Parse and validate weights.

        Parameters
        ----------
        W : sequence of H + 1 matrices
            Nested lists of exact numbers, ``QMatrix`` or flint matrices;
            ``W[k]`` is ``W_{k+1}`` and must have shape ``shapes[k]``.

        Returns
        -------
        list of QMatrix

        Raises
        ------
        InputError
            Wrong number of matrices, wrong shapes, or non-exact entries; the
            message names the offending entry (``weights[1]`` is ``W_2``).

        Examples
        --------
        >>> net = DeepLinear([1, 2, 1], X=[[1]], Y=[[2]])
        >>> net.weights([[[1], [0]], [[1, "1/2"]]])[1]
        QMatrix([[1, 1/2]])
        >>> net.weights([[[1], [0]], [[1, 0.5]]])
        Traceback (most recent call last):
        ...
        symlandscape.exact.numbers.InputError: weights[1][0][1]: 0.5 is a float; give exact numbers as ints or strings such as "1/2" or "0.5"
        """
        if not isinstance(W, (list, tuple)):
            raise InputError(f"weights: expected a list of {self.H + 1} matrices "
                             f"W_1..W_{self.H + 1}, got {type(W).__name__}")
        if len(W) != self.H + 1:
            raise InputError(f"weights: expected {self.H + 1} matrices W_1..W_{self.H + 1} "
                             f"for widths {self.widths}, got {len(W)}")
        out = []
        for k, (Wk, shape) in enumerate(zip(W, self.shapes)):
            Q = QMatrix(Wk, f"weights[{k}]")
            if Q.shape != shape:
                raise InputError(f"weights[{k}] (W_{k + 1}): shape {Q.shape}, but W_{k + 1} "
                                 f"must be d_{k + 1} x d_{k} = {shape[0]} x {shape[1]}")
            out.append(Q)
        return out

    def theta(self, W) -> QMatrix:
        """The parameter column ``theta = (vec W_1; ...; vec W_{H+1})``.

        Examples
        --------
        >>> net = DeepLinear([2, 1, 1], X=[[1], [0]], Y=[[1]])
        >>> net.theta([[[1, 2]], [[3]]]).T
        QMatrix([[1, 2, 3]])
        """
        return _stack_vec([Q.flint for Q in self.weights(W)])

    def unflatten(self, theta) -> list:
        """Inverse of :meth:`theta`: the list of weight matrices.

        Parameters
        ----------
        theta : QMatrix (a single row or column) or flat list of exact numbers

        Returns
        -------
        list of QMatrix

        Examples
        --------
        >>> net = DeepLinear([2, 2, 1], X=[[1], [0]], Y=[[1]])
        >>> net.unflatten([1, 2, 3, 4, 5, 6])
        [QMatrix([[1, 3], [2, 4]]), QMatrix([[5, 6]])]
        """
        if isinstance(theta, (QMatrix, flint.fmpq_mat, flint.fmpz_mat)):
            Q = QMatrix(theta)
            if 1 not in Q.shape:
                raise InputError(f"theta: shape {Q.shape}; a single row or column is required")
            entries = Q.flint.entries()
        elif isinstance(theta, (list, tuple)):
            entries = [rational(x, f"theta[{i}]") for i, x in enumerate(theta)]
        else:
            raise InputError(f"theta: expected a column or a flat list, got {type(theta).__name__}")
        if len(entries) != self.n_params:
            raise InputError(f"theta: {len(entries)} entries where n_params = {self.n_params} "
                             f"are required")
        out = []
        for k, (r, c) in enumerate(self.shapes):
            part = entries[self.offsets[k]:self.offsets[k + 1]]
            # part is vec(W) = row-major entries of W^T
            out.append(QMatrix(flint.fmpq_mat(c, r, part).transpose()))
        return out

    # -- forward pass ---------------------------------------------------------------
    def _layers(self, W) -> list:
        return [self.layer(Q.flint, k + 1) for k, Q in enumerate(self.weights(W))]

    def product(self, W, i: int, j: int) -> QMatrix:
        """The layer product ``A_j A_{j-1} ... A_i`` (1-based).

        Parameters
        ----------
        W : weights
        i, j : int
            ``1 <= i <= H + 2`` and ``i - 1 <= j <= H + 1``; ``j = i - 1`` gives
            the identity of size ``d_{i-1}``.

        Returns
        -------
        QMatrix
            ``d_j x d_{i-1}``.

        Examples
        --------
        >>> net = DeepLinear([1, 1, 1, 1], X=[[1]], Y=[[1]])
        >>> W = [[[2]], [[3]], [[5]]]
        >>> net.product(W, 1, 3), net.product(W, 2, 3), net.product(W, 3, 2)
        (QMatrix([[30]]), QMatrix([[15]]), QMatrix([[1]]))
        """
        L = self.H + 1
        if not (1 <= i <= L + 1 and i - 1 <= j <= L):
            raise ValueError(f"product: need 1 <= i <= {L + 1} and i - 1 <= j <= {L}, "
                             f"got i = {i}, j = {j}")
        A = self._layers(W)
        P = _eye(self.widths[i - 1])
        for k in range(i, j + 1):
            P = A[k - 1] * P
        return QMatrix(P)

    def output(self, W) -> QMatrix:
        """The network output ``A_{H+1} ... A_1 X``."""
        return QMatrix(self._forward(self._layers(W))[-1])

    def residual(self, W) -> QMatrix:
        """The residual ``E = A_{H+1} ... A_1 X - Y``."""
        return QMatrix(self._forward(self._layers(W))[-1] - self.Y.flint)

    def _forward(self, A: list) -> list:
        # Rs[k] = A_k ... A_1 X  (0-based k: Rs[0] = X is R_1; Rs[L] = output).
        Rs = [self.X.flint]
        for Ak in A:
            Rs.append(Ak * Rs[-1])
        return Rs

    def _backward(self, A: list) -> list:
        # Ls[k] = A_L ... A_{k+2}, the left factor L_{k+1} of W_{k+1}.
        L = len(A)
        Ls = [None] * L
        Ls[L - 1] = _eye(self.widths[-1])
        for k in range(L - 2, -1, -1):
            Ls[k] = Ls[k + 1] * A[k + 1]
        return Ls

    # -- loss and derivatives -----------------------------------------------------------
    def loss(self, W) -> flint.fmpq:
        """The loss ``1/2 ||A_{H+1} ... A_1 X - Y||_F^2``, exactly.

        Examples
        --------
        >>> net = DeepLinear([1, 1, 1], X=[[1, 2]], Y=[[1, 0]])
        >>> net.loss([[[2]], [["1/2"]]])    # output [1, 2], residual [0, 2]
        2
        """
        return self.residual(W).frob2() / 2

    def gradient_blocks(self, W) -> list:
        """The blocks ``dL/dW_k = L_k^T E R_k^T`` as ``d_k x d_{k-1}`` matrices.

        Examples
        --------
        >>> net = DeepLinear([1, 1, 1], X=[[1]], Y=[[0]])
        >>> net.gradient_blocks([[[2]], [[3]]])   # L = (w2 w1)^2 / 2 at (2, 3)
        [QMatrix([[18]]), QMatrix([[12]])]
        """
        A = self._layers(W)
        Rs = self._forward(A)
        E = Rs[-1] - self.Y.flint
        Ls = self._backward(A)
        return [QMatrix(Ls[k].transpose() * E * Rs[k].transpose()) for k in range(len(A))]

    def gradient(self, W) -> QMatrix:
        """The gradient as a column in ``theta`` order.

        Returns
        -------
        QMatrix
            ``n_params x 1``.

        Examples
        --------
        >>> net = DeepLinear([2, 1, 1], X=[[1], [1]], Y=[[0]])
        >>> net.gradient([[[1, 1]], [[1]]]).T
        QMatrix([[2, 2, 4]])
        """
        return _stack_vec([G.flint for G in self.gradient_blocks(W)])

    def hessian(self, W, part: str = "full") -> QMatrix:
        """The exact Hessian in ``theta`` order, from the closed-form block formula.

        Parameters
        ----------
        W : weights
        part : {"full", "gauss_newton", "residual"}
            ``"gauss_newton"``: only ``J^T J`` (the blocks
            ``(R_k R_j^T) kron (L_k^T L_j)``); ``"residual"``: only the
            second-order term ``<E, d^2 F>``; ``"full"``: their sum.

        Returns
        -------
        QMatrix
            Symmetric, ``n_params x n_params``.

        Examples
        --------
        >>> net = DeepLinear([1, 1, 1], X=[[1]], Y=[[1]])
        >>> net.hessian([[[2]], [[3]]])      # L = (ab - 1)^2 / 2
        QMatrix([[9, 11], [11, 4]])
        >>> net.hessian([[[2]], [[3]]], part="residual")
        QMatrix([[0, 5], [5, 0]])
        """
        if part not in ("full", "gauss_newton", "residual"):
            raise ValueError(f"hessian: part must be 'full', 'gauss_newton' or 'residual', "
                             f"not {part!r}")
        gn, res = part != "residual", part != "gauss_newton"
        groups, D = self._hessian_pieces(W, gn, res)
        n = self.n_params
        if not groups:
            return QMatrix(flint.fmpq_mat(n, n))
        o = self.offsets
        blocks = {}
        for (k, j), terms in groups.items():
            bound = sum(_max_abs(a) * _max_abs(b) * c for _, a, b, c in terms)
            # Entries below 2^62 go through int64 numpy (vectorised) and reach flint
            # as small Python ints; larger ones stay exact as fmpz objects. Each factor
            # must fit on its own too (the product bound is 0 when one factor is 0),
            # and so must the scale c itself: ``a * c`` converts c to int64 even when
            # a is all zeros (a zero block with a common denominator above 2^63).
            small = bound < 2 ** 62 and all(max(_max_abs(a), _max_abs(b), 1) * c < 2 ** 62
                                            for _, a, b, c in terms)
            blk = None
            for kind, a, b, c in terms:
                if small:
                    a, b = _as_int64(a), _as_int64(b)
                elif c != 1:
                    c = flint.fmpz(c)
                if c != 1:                    # scale the smaller factor
                    if a.size <= b.size:
                        a = a * c
                    else:
                        b = b * c
                if kind == "kron":
                    # (a kron b)[(p, q), (r, s)] = a[p, r] b[q, s]
                    t = a[:, None, :, None] * b[None, :, None, :]
                else:
                    # entry ((a_, b_) of W_k, (c_, d_) of W_j) = Q[a_, d_] M[b_, c_];
                    # rows b_ d_k + a_, columns d_ d_j + c_: axes (b_, a_, d_, c_).
                    t = a[None, :, :, None] * b[:, None, None, :]
                t = t.reshape(o[k + 1] - o[k], o[j + 1] - o[j])
                blk = t if blk is None else blk + t
            blocks[k, j] = blk
        # Object arrays hold references: the mirrored upper blocks cost no
        # arithmetic, and the fmpz entries enter fmpz_mat without conversion
        # (a Python int above 2^63 costs ~5x more to convert than an fmpz).
        Hnum = np.zeros((n, n), dtype=object)
        for (k, j), blk in blocks.items():
            Hnum[o[k]:o[k + 1], o[j]:o[j + 1]] = blk
            if j != k:
                Hnum[o[j]:o[j + 1], o[k]:o[k + 1]] = blk.T
        Hq = flint.fmpq_mat(flint.fmpz_mat(n, n, Hnum.ravel().tolist()))
        if D != 1:
            Hq = Hq / flint.fmpz(D)
        return QMatrix(Hq)

    def _hessian_pieces(self, W, gauss_newton: bool = True, residual: bool = True) -> tuple:
        """The small factors of every Hessian block (the one place they are formed).

        ``gauss_newton`` / ``residual`` select the terms (:meth:`hessian`'s ``part``):
        "kron" pieces are the Gauss-Newton term, "perm" pieces the permuted Q kron M term.

        Returns ``(pieces, D)``: ``pieces`` maps ``(k, j)`` (0-based layers, ``j <= k``)
        to a list of ``(kind, a, b, c)`` with integer numerator arrays ``a``, ``b`` (object
        arrays of ``fmpz``) and an integer scale ``c``, such that ``D`` times the block is
        ``sum c * (a kron b)`` (``kind == "kron"``) or the permuted product
        (``kind == "perm"``, entry ``(i, l)`` = ``a[i % d_k, l // d_j] * b[i // d_k, l % d_j]``).
        """
        A = self._layers(W)
        L = len(A)
        d = self.widths
        Rs = self._forward(A)
        E = Rs[-1] - self.Y.flint
        Ls = self._backward(A)
        Ls_T = [x.transpose() for x in Ls]
        Rs_T = [x.transpose() for x in Rs]
        raw = []
        for k in range(L if gauss_newton else 0):
            for j in range(k + 1):
                s, sd = _numden(Rs[k] * Rs_T[j])
                t, td = _numden(Ls_T[k] * Ls[j])
                raw.append((k, j, "kron", s, t, sd * td))
        if residual and L > 1 and not _is_zero(E):
            ELT = [Ls_T[k] * E for k in range(L)]
            for j in range(L - 1):
                M = _eye(d[j + 1])
                for k in range(j + 1, L):
                    q, qd = _numden(ELT[k] * Rs_T[j])
                    mu, md = _numden(M)
                    raw.append((k, j, "perm", q, mu, qd * md))
                    M = A[k] * M
        D = lcm(*(p[5] for p in raw))
        pieces = {}
        for k, j, kind, a, b, den in raw:
            pieces.setdefault((k, j), []).append((kind, a, b, D // den))
        return pieces, D

    def hessian_principal_scaled(self, W, idx, pieces=None, as_array: bool = False) -> tuple:
        """``D`` times the principal submatrix ``H[idx, idx]`` of the Hessian, and ``D``.

        Assembled entry by entry from the small Kronecker factors of the blocks (as in
        :meth:`hessian`), without the dense ``n x n`` Hessian: the cost is
        ``O(len(idx)^2)`` entries plus the small factors.

        Parameters
        ----------
        W : weights
        idx : sequence of int
            Strictly increasing 0-based positions in ``theta``.
        pieces : tuple, optional
            ``self._hessian_pieces(W)`` when the caller already has it (not recomputed).
        as_array : bool
            Return the numpy array (int64, or object of Python ints when entries may
            reach 2^62) instead of a flint matrix: no conversion at all.

        Returns
        -------
        (flint.fmpz_mat, int)
            The integer symmetric matrix ``D H[idx, idx]`` and the positive integer ``D``.

        Examples
        --------
        >>> net = DeepLinear([1, 2, 1], X=[[1]], Y=[[1]])
        >>> W = [[[2], [1]], [[1, 3]]]
        >>> M, D = net.hessian_principal_scaled(W, [0, 2, 3])
        >>> QMatrix(flint.fmpq_mat(M) / D) == net.hessian(W).rows([0, 2, 3]).columns([0, 2, 3])
        True
        """
        idx = [int(i) for i in idx]
        n = self.n_params
        if any(not 0 <= i < n for i in idx) or any(a >= b for a, b in zip(idx, idx[1:])):
            raise ValueError("hessian_principal_scaled: idx must be strictly increasing positions "
                             f"in 0..{n - 1}")
        m = len(idx)
        if m == 0:
            return (np.zeros((0, 0), dtype=np.int64) if as_array else flint.fmpz_mat(0, 0)), 1
        pieces, D = pieces if pieces is not None else self._hessian_pieces(W)
        o, d = self.offsets, self.widths
        arr = np.array(idx, dtype=np.int64)
        cuts = np.searchsorted(arr, o)
        local = [arr[cuts[k]:cuts[k + 1]] - o[k] for k in range(len(o) - 1)]

        def fits(a, b, c):
            ma, mb = _max_abs(a), _max_abs(b)
            return c < 2 ** 62 and ma * c < 2 ** 62 and mb * c < 2 ** 62 and ma * mb * c < 2 ** 62

        small = all(sum(_max_abs(a) * _max_abs(b) * c for _, a, b, c in terms) < 2 ** 62
                    and all(fits(a, b, c) for _, a, b, c in terms) for terms in pieces.values())
        out = np.zeros((m, m), dtype=np.int64 if small else object)
        for (k, j), terms in pieces.items():
            rk, cj = local[k], local[j]
            if rk.size == 0 or cj.size == 0:
                continue
            dk, dj = d[k + 1], d[j + 1]
            blk = None
            for kind, a, b, c in terms:
                if small:
                    a, b = _as_int64(a), _as_int64(b)
                elif as_array:     # Python ints: no flint wrapper per product, none to convert
                    a, b = _as_pyint(a), _as_pyint(b)
                elif c != 1:
                    c = flint.fmpz(c)
                if c != 1:         # scale the small factor, not the block (|a| c < 2^62 if small)
                    a = a * c
                if kind == "kron":
                    t = a[np.ix_(rk // dk, cj // dj)] * b[np.ix_(rk % dk, cj % dj)]
                else:
                    t = a[np.ix_(rk % dk, cj // dj)] * b[np.ix_(rk // dk, cj % dj)]
                blk = t if blk is None else blk + t
            out[cuts[k]:cuts[k + 1], cuts[j]:cuts[j + 1]] = blk
            if j != k:
                out[cuts[j]:cuts[j + 1], cuts[k]:cuts[k + 1]] = blk.T
        if as_array:
            return out, D
        return flint.fmpz_mat(m, m, out.ravel().tolist()), D

    def loss_along(self, W, curve) -> flint.fmpq_poly:
        """``L(W + t C_1 + t^2 C_2 + ...)`` as an exact polynomial in ``t``.

        ``curve[i][k]`` is the coefficient of ``t^(i+1)`` in layer ``k``; every step needs one
        matrix of the layer's shape per layer (ValueError naming the step, layer and shapes).

        >>> net = DeepLinear([1, 1, 1, 1], X=[[1]], Y=[[1]])
        >>> print(net.loss_along([[[0]]] * 3, [[QMatrix([[1]])] * 3]))    # 1/2 (t^3 - 1)^2
        1/2*x^6 + (-1)*x^3 + 1/2
        >>> net.loss_along([[[0]]] * 3, [[QMatrix([[1]])] * 2])
        Traceback (most recent call last):
        ...
        ValueError: loss_along: curve[0] has 2 matrices for 3 layers
        """
        W = self.weights(W)
        for i, step in enumerate(curve):
            if len(step) != len(W):
                raise ValueError(f"loss_along: curve[{i}] has {len(step)} matrices for {len(W)} layers")
            for k, (C, Wk) in enumerate(zip(step, W)):
                if QMatrix(C).shape != Wk.shape:
                    raise ValueError(f"loss_along: curve[{i}][{k}] has shape {QMatrix(C).shape} where the "
                                     f"layer's {Wk.shape} is required")
        layers = [[QMatrix(self.layer(Wk.flint, k))] + [QMatrix(c[k]) for c in curve]
                  for k, Wk in enumerate(W)]
        P = [self.X]
        for layer in layers:
            P = _polymat_mul(layer, P)
        R = [P[0] - self.Y] + P[1:]
        coeffs = [flint.fmpq(0)] * (2 * len(R) - 1)
        for a, Ra in enumerate(R):
            fa = Ra.flint.entries()
            for b in range(a, len(R)):
                dot = sum((x * y for x, y in zip(fa, R[b].flint.entries())), flint.fmpq(0))
                coeffs[a + b] += dot if a == b else 2 * dot
        return flint.fmpq_poly([c / 2 for c in coeffs])

    def symmetry_tangents(self, W) -> QMatrix:
        """Tangent vectors of the weight-rescaling symmetries, as columns.

        For each hidden layer ``k`` (``1 <= k <= H``) and invertible
        ``G = I + t S`` the map ``A_k -> G A_k``, ``A_{k+1} -> A_{k+1} G^-1``
        leaves the loss unchanged; its tangent at ``t = 0`` is
        ``dW_k = S A_k``, ``dW_{k+1} = -A_{k+1} S``. The columns are these
        tangents for ``S = e_a e_b^T``, ordered by ``k``, then ``b``, then ``a``
        (``sum_k d_k^2`` columns). At an exactly critical point they lie in the
        kernel of the Hessian.

        Returns
        -------
        QMatrix
            ``n_params x (d_1^2 + ... + d_H^2)``.

        Examples
        --------
        >>> net = DeepLinear([1, 1, 1], X=[[1]], Y=[[1]])
        >>> net.symmetry_tangents([[[2]], [[3]]]).T
        QMatrix([[2, -3]])
        """
        A = self._layers(W)
        d, o = self.widths, self.offsets
        ncols = sum(d[k] ** 2 for k in range(1, self.H + 1))
        T = flint.fmpq_mat(self.n_params, ncols)
        col = 0
        for k in range(1, self.H + 1):           # hidden layer k between W_k and W_{k+1}
            Ak, Ak1 = A[k - 1], A[k]            # A_k (d_k x d_{k-1}), A_{k+1} (d_{k+1} x d_k)
            dk = d[k]
            for b in range(dk):
                for a in range(dk):
                    # dW_k = e_a (row b of A_k): entry (a, q) at o + q d_k + a
                    for q in range(d[k - 1]):
                        v = Ak[b, q]
                        if v != 0:
                            T[o[k - 1] + q * dk + a, col] = v
                    # dW_{k+1} = -(column a of A_{k+1}) e_b^T: entry (p, b)
                    for p in range(d[k + 1]):
                        v = Ak1[p, a]
                        if v != 0:
                            T[o[k] + b * d[k + 1] + p, col] = -v
                    col += 1
        return QMatrix(T)

    # -- symbolic form ----------------------------------------------------------------------
    def symbolic(self, names: str = "W") -> dict:
        """The model with a SymPy symbol for every weight entry.

        Symbols are named ``W1_12`` for entry (1, 2) of ``W_1`` (1-based), or
        ``W1_1_12`` when a width reaches 10 (so that names stay unambiguous).

        Parameters
        ----------
        names : str
            Prefix of the symbol names.

        Returns
        -------
        dict
            ``"weights"``: list of ``sympy.Matrix`` ``W_k``; ``"layers"``: the
            layer maps ``A_k``; ``"theta"``: the symbols in ``theta`` order;
            ``"output"``, ``"residual"``: ``sympy.Matrix``; ``"loss"``: the loss
            expression (not expanded).

        Examples
        --------
        >>> net = DeepLinear([1, 1, 1], X=[[1]], Y=[[2]])
        >>> s = net.symbolic()
        >>> s["theta"]
        [W1_11, W2_11]
        >>> s["loss"]
        (W1_11*W2_11 - 2)**2/2
        """
        import sympy

        sep = "_" if max(self.widths) >= 10 else ""
        Ws, theta = [], []
        for k, (r, c) in enumerate(self.shapes):
            Wk = sympy.Matrix(r, c, lambda i, j: sympy.Symbol(
                f"{names}{k + 1}_{i + 1}{sep}{j + 1}", real=True))
            Ws.append(Wk)
            theta.extend(Wk[i, j] for j in range(c) for i in range(r))
        As = [self._layer_symbolic(Wk, k + 1) for k, Wk in enumerate(Ws)]
        out = self.X.to_sympy()
        for Ak in As:
            out = Ak * out
        Eres = out - self.Y.to_sympy()
        loss = sum((e ** 2 for e in Eres), sympy.Integer(0)) / 2
        return {"weights": Ws, "layers": As, "theta": theta, "output": out,
                "residual": Eres, "loss": loss}


class DeepLinear(LinearChain):
    """Deep linear network ``W_{H+1} ... W_1 X`` with the squared loss.

    Parameters
    ----------
    widths : sequence of int
        ``[d_x, d_1, ..., d_H, d_y]``; ``W_k`` is ``d_k x d_{k-1}``.
    X : nested lists of exact numbers or QMatrix
        Inputs, ``d_x x m``.
    Y : nested lists of exact numbers or QMatrix
        Targets, ``d_y x m``.

    Examples
    --------
    >>> net = DeepLinear(widths=[2, 3, 2], X=[[1, 0], [0, 1]], Y=[[1, 0], [0, "1/2"]])
    >>> net.H, net.n_params, net.shapes
    (1, 12, [(3, 2), (2, 3)])
    >>> W = [[[1, 0], [0, 1], [0, 0]], [[1, 0, 0], [0, "1/2", 0]]]
    >>> net.loss(W), net.gradient(W).is_zero()
    (0, True)
    >>> H = net.hessian(W)
    >>> H.shape, H.is_symmetric()
    ((12, 12), True)
    """

    kind = "deep_linear"

    def __init__(self, widths: Sequence[int], X, Y):
        super().__init__(widths, X, Y)

    def layer(self, Wk: flint.fmpq_mat, k: int) -> flint.fmpq_mat:
        return Wk

    def _layer_symbolic(self, Wk, k: int):
        return Wk

    def __repr__(self) -> str:
        return f"DeepLinear(widths={self.widths}, m={self.m})"


class ResidualLinear(LinearChain):
    """Residual linear network (Hardt-Ma) ``(I + W_{H+1}) ... (I + W_1) X``.

    All widths are ``d``; there are ``H + 1`` weight matrices ``W_1 .. W_{H+1}``
    (``H`` hidden layers, as for :class:`DeepLinear` and in the seeds'
    ``(I + W_{H+1}) ... (I + W_1)``). The loss is the finite-sample
    ``1/2 ||(I + W_{H+1}) ... (I + W_1) X - Y||_F^2``. Derivatives with respect to
    ``W_k`` are those of :class:`LinearChain` with the layer maps
    ``A_k = I + W_k``.

    Parameters
    ----------
    d : int
        The common width.
    X, Y : nested lists of exact numbers or QMatrix
        ``d x m`` each.
    H : int
        Number of hidden layers (``H + 1`` residual blocks), ``H >= 0``.

    Examples
    --------
    >>> net = ResidualLinear(1, X=[[1]], Y=[[2]], H=1)
    >>> net.widths, net.n_params
    ([1, 1, 1], 2)
    >>> net.loss([[[0]], [[0]]]), net.gradient([[[0]], [[0]]]).T
    (1/2, QMatrix([[-1, -1]]))
    >>> net.hessian([[[0]], [[0]]])      # L = ((1 + a)(1 + b) - 2)^2 / 2
    QMatrix([[1, 0], [0, 1]])
    """

    kind = "residual_linear"

    def __init__(self, d: int, X, Y, H: int = 1):
        if isinstance(H, bool) or not isinstance(H, int) or H < 0:
            raise InputError(f"H: number of hidden layers must be an integer >= 0, got {H!r}")
        if isinstance(d, bool) or not isinstance(d, int) or d < 1:
            raise InputError(f"d: width must be an integer >= 1, got {d!r}")
        super().__init__([d] * (H + 2), X, Y)
        self.d = d

    def layer(self, Wk: flint.fmpq_mat, k: int) -> flint.fmpq_mat:
        return Wk + _eye(self.d)

    def _layer_symbolic(self, Wk, k: int):
        import sympy
        return sympy.eye(self.d) + Wk

    def __repr__(self) -> str:
        return f"ResidualLinear(d={self.d}, H={self.H}, m={self.m})"


# -- helpers ------------------------------------------------------------------------------
def _check_widths(widths) -> list:
    if isinstance(widths, (str, bytes)) or not isinstance(widths, (list, tuple)):
        raise InputError(f"widths: expected a list of positive integers, got "
                         f"{type(widths).__name__}")
    if len(widths) < 2:
        raise InputError(f"widths: need at least [d_x, d_y], got {list(widths)}")
    for i, w in enumerate(widths):
        if isinstance(w, bool) or not isinstance(w, int) or w < 1:
            raise InputError(f"widths[{i}]: {w!r} is not a positive integer")
    return list(widths)


def _eye(n: int) -> flint.fmpq_mat:
    M = flint.fmpq_mat(n, n)
    for i in range(n):
        M[i, i] = 1
    return M


def _is_zero(M: flint.fmpq_mat) -> bool:
    return all(x == 0 for x in M.entries())


def _numden(M: flint.fmpq_mat) -> tuple:
    """Integer numerator (numpy object array of ``fmpz``) and common denominator."""
    Z, den = M.numer_denom()
    arr = np.empty(M.nrows() * M.ncols(), dtype=object)
    arr[:] = Z.entries()
    return arr.reshape(M.nrows(), M.ncols()), int(den)


def _max_abs(a: np.ndarray) -> int:
    return max(abs(int(x)) for x in a.flat)


def _as_pyint(a: np.ndarray) -> np.ndarray:
    out = np.empty(a.shape, dtype=object)
    out.flat[:] = [int(x) for x in a.flat]
    return out


def _as_int64(a: np.ndarray) -> np.ndarray:
    return np.array([int(x) for x in a.flat], dtype=np.int64).reshape(a.shape)


def _stack_vec(mats: list) -> QMatrix:
    """``(vec M_1; vec M_2; ...)`` as one column (vec M = row-major entries of M^T)."""
    entries = []
    for M in mats:
        entries.extend(M.transpose().entries())
    return QMatrix(flint.fmpq_mat(len(entries), 1, entries))


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


#: JSON Schema fragment of deep_linear and residual_linear instance files (the model
#: registry assembles ``instance.schema.json`` from the fragments of every kind).
SCHEMA_FRAGMENT = network_schema(
    'A deep linear network (layer maps W_k) or a linear residual network (layer maps I + W_k, all widths equal): widths [d_x, d_1, ..., d_H, d_y], data X (d_x x m) and Y (d_y x m), optionally a point weights = [W_1, ..., W_{H+1}] with W_k of shape d_k x d_{k-1}.')
