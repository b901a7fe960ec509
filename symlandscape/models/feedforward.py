r"""Nonlinear feedforward networks ``F = A_L o s o (...) o s o A_1`` with exact derivatives.

Layers ``k = 1..L`` are affine, ``p_k = W_k z_{k-1} + b_k`` (the bias optional per layer),
``z_0 = x``, ``z_k = s(p_k)`` for hidden layers and ``F(x) = p_L`` (no activation on the
output). Loss ``L = 1/2 sum_j ||F(x_j) - y_j||^2``. A layer's parameters are its augmented
matrix ``[W_k | b_k]`` (``d_k x (d_{k-1} + 1)`` with a bias, ``d_k x d_{k-1}`` without), and
``theta`` stacks their column-major vecs (so ``b_k`` follows ``vec W_k``).

Activations are chosen by *name* from a fixed registry (:data:`ACTIVATIONS`), or given as
a polynomial's rational coefficient list ``[c_0, c_1, ...]``: polynomial activations keep
everything rational, so losses, gradients and Hessians are exact. ``"s"`` is an undefined
SymPy function (optionally with the fact ``s(0) = 0``) and ``tanh``, ``sigmoid``,
``softplus`` are symbolic only (:meth:`Feedforward.symbolic_derivatives`).

Derivatives by backpropagation (never by differentiating an expanded loss). Per sample, with
``D_k = diag s'(p_k)``, ``E_k = s''(p_k)``, ``r = F - y``:

* ``B_L = I``, ``B_k = B_{k+1} W_{k+1} D_k`` (``dF/dp_k``); ``delta_k = B_k^T r``;
* ``g_k = W_{k+1}^T delta_{k+1}`` (``d(r.F)/dz_k``), ``M_L = 0``,
  ``M_k = D_k W_{k+1}^T M_{k+1} W_{k+1} D_k + diag(g_k * E_k)`` (``d^2(r.F)/dp_k^2``);
* ``P_{kk} = I``, ``P_{lk} = W_l D_{l-1} P_{l-1,k}`` (``dp_l/dp_k``);
* ``U_l = z~_{l-1} kron I_{d_l}`` and ``V_l = I kron delta_l``, ``z~`` with the bias's 1.

Then ``dF/dtheta_l = B_l U_l^T``, the gradient block is ``U_l delta_l`` and the Hessian is

    H = sum_j [U V] [[N, Q^T], [Q, 0]] [U V]^T,
    N_{lk} = B_l^T B_k + M_l P_{lk} (l >= k; the transpose above the diagonal),
    Q_{lk} = (D_{l-1} P_{l-1,k} with a zero row for b_l)      (l > k, else 0):

``B_l^T B_k`` is the Gauss-Newton term, ``M`` and ``Q`` the curvature term through ``s'``
and ``s''``. The same code runs on python-flint rationals and on SymPy expressions.
"""

__all__ = ["Feedforward", "Activation", "ACTIVATIONS", "activation", "SCHEMA_FRAGMENT",
           "feedforward_from_scalars", "feedforward_weight_columns", "spec_of"]

from dataclasses import dataclass
from typing import Sequence

import flint

from ..exact.matrix import QMatrix, qmatrix
from ..exact.numbers import InputError, rational
from .registry import network_schema


@dataclass(frozen=True)
class Activation:
    """An activation function: a polynomial (exact) or a symbolic one.

    Attributes
    ----------
    name : str
        ``"poly"`` for a polynomial, otherwise a name of :data:`ACTIVATIONS`.
    coeffs : tuple of fmpq
        ``(c_0, c_1, ...)`` of a polynomial activation; empty for symbolic ones.
    zero_at_zero : bool
        ``s(0) = 0`` is known (a polynomial with ``c_0 = 0``, or ``"s"`` declared so).

    Examples
    --------
    >>> a = activation([0, 1, "1/2"])          # x + x^2/2
    >>> a.exact, a.zero_at_zero, a.value(flint.fmpq(2)), a.d1(flint.fmpq(2)), a.d2(flint.fmpq(2))
    (True, True, 4, 3, 1)
    >>> activation("tanh").exact
    False
    """

    name: str
    coeffs: tuple = ()
    zero_at_zero: bool = False

    @property
    def exact(self) -> bool:
        return self.name == "poly"

    @property
    def poly(self) -> flint.fmpq_poly:
        return flint.fmpq_poly(list(self.coeffs))

    def value(self, x):
        return self.poly(x)

    def d1(self, x):
        return self.poly.derivative()(x)

    def d2(self, x):
        return self.poly.derivative().derivative()(x)

    def sympy(self, order: int = 0):
        """A callable ``x -> s^{(order)}(x)`` on SymPy expressions (order 0, 1, 2)."""
        import sympy
        t = sympy.Symbol("t")
        if self.exact:
            e = sum(sympy.Rational(str(c)) * t ** i for i, c in enumerate(self.coeffs))
            e = sympy.diff(e, t, order) if order else e
            return sympy.Lambda(t, e)
        if self.name == "s":
            f = sympy.Function(("s", "ds", "d2s")[order])
            if self.zero_at_zero and order == 0:
                return lambda x: sympy.Integer(0) if x == 0 else f(x)
            return f
        e = {"tanh": sympy.tanh(t), "sigmoid": 1 / (1 + sympy.exp(-t)),
             "softplus": sympy.log(1 + sympy.exp(t))}[self.name]
        return sympy.Lambda(t, sympy.diff(e, t, order) if order else e)

    def arb(self, order: int = 0):
        """A callable ``x -> s^{(order)}(x)`` on python-flint ``arb`` balls (order 0, 1, 2): the
        polynomial by Horner, tanh, sigmoid and softplus by their closed forms; an undefined
        ``s`` has no values (InputError).

        >>> activation("tanh").arb(1)(flint.arb(0)), activation([0, 1, 1]).arb(2)(flint.arb(5))
        (1.00000000000000, 2.00000000000000)
        """
        if self.exact:
            p = self.poly
            for _ in range(order):
                p = p.derivative()
            cs = [flint.arb(c) for c in p.coeffs()] or [flint.arb(0)]

            def horner(x):
                out = flint.arb(0)
                for c in reversed(cs):
                    out = out * x + c
                return out
            return horner
        if self.name == "s":
            raise InputError("an undefined activation s has no values: intervals need tanh, sigmoid, softplus "
                             "or a polynomial")

        def sig(x):
            return 1 / (1 + (-x).exp())
        if self.name == "tanh":
            return [lambda x: x.tanh(), lambda x: 1 - x.tanh() ** 2,
                    lambda x: -2 * x.tanh() * (1 - x.tanh() ** 2)][order]
        if self.name == "sigmoid":
            return [sig, lambda x: sig(x) * (1 - sig(x)), lambda x: sig(x) * (1 - sig(x)) * (1 - 2 * sig(x))][order]
        return [lambda x: (1 + x.exp()).log(), sig, lambda x: sig(x) * (1 - sig(x))][order]   # softplus

    def spec(self) -> list:
        """The coefficient list as rational strings (polynomials only)."""
        return [str(c) for c in self.coeffs]


#: The fixed registry of named activations (names are looked up, never parsed).
ACTIVATIONS = {
    "identity": Activation("poly", (flint.fmpq(0), flint.fmpq(1)), True),
    "s": Activation("s"),
    "s0": Activation("s", (), True),       # undefined s with the fact s(0) = 0
    "tanh": Activation("tanh", (), True),
    "sigmoid": Activation("sigmoid"),
    "softplus": Activation("softplus"),
}


def activation(a) -> Activation:
    """An :class:`Activation` from a registry name, a coefficient list, or itself.

    >>> activation("identity").coeffs
    (0, 1)
    >>> activation([1, 0, 0]).coeffs                 # trailing zeros dropped
    (1,)
    >>> activation("relu")
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: activation 'relu' is not known (known: identity, s, s0, tanh, sigmoid, softplus, or a coefficient list)
    """
    if isinstance(a, Activation):
        return a
    if isinstance(a, str):
        if a not in ACTIVATIONS:
            raise InputError(f"activation {a!r} is not known (known: {', '.join(ACTIVATIONS)}, "
                             f"or a coefficient list)")
        return ACTIVATIONS[a]
    if isinstance(a, (list, tuple)) and a:
        cs = [rational(c, f"activation[{i}]") for i, c in enumerate(a)]
        while len(cs) > 1 and cs[-1] == 0:
            cs.pop()
        return Activation("poly", tuple(cs), cs[0] == 0)
    raise InputError("activation: expected a name or a non-empty list of coefficients")


class _FlintOps:
    """Matrix operations on python-flint rationals."""

    @staticmethod
    def zeros(m, n):
        return flint.fmpq_mat(m, n)

    @staticmethod
    def T(A):
        return A.transpose()

    @staticmethod
    def num(x):
        return flint.fmpq(x)

    @staticmethod
    def simplify(x):
        return x


class _ArbOps(_FlintOps):
    """The same operations on python-flint ``arb`` balls (rigorous enclosures)."""

    @staticmethod
    def zeros(m, n):
        return flint.arb_mat(m, n)

    @staticmethod
    def num(x):
        return flint.arb(x)


class _SympyOps:
    """The same operations on SymPy matrices (symbolic entries)."""

    @staticmethod
    def zeros(m, n):
        import sympy
        return sympy.zeros(m, n)

    @staticmethod
    def T(A):
        return A.T

    @staticmethod
    def num(x):
        import sympy
        return sympy.Integer(x)

    @staticmethod
    def simplify(x):
        import sympy
        return sympy.expand(x)


class Feedforward:
    """Feedforward network ``A_L o s o ... o s o A_1`` with L2 loss over the data ``X, Y``.

    Parameters
    ----------
    widths : list of int
        ``[d_0, d_1, ..., d_L]`` (``d_0`` inputs, ``d_L`` outputs).
    X, Y : matrices
        ``d_0 x m`` and ``d_L x m``, exact entries.
    activation : str, list or Activation
        A name of :data:`ACTIVATIONS` or a polynomial's coefficient list (default identity).
    biases : bool or list of bool
        Whether each layer has a bias (one bool for all layers, or one per layer).

    Examples
    --------
    >>> net = Feedforward([1, 1, 1], X=[[1, 2]], Y=[[0, 1]], activation=[0, 1, 1])
    >>> W = [[[1, 0]], [[2, -1]]]                  # s(x) = x + x^2; [W_1 | b_1], [W_2 | b_2]
    >>> net.output(W)                              # 2 s(x) - 1 at x = 1, 2
    QMatrix([[3, 11]])
    >>> net.loss(W), net.gradient(W).T            # residuals 3, 10; by hand: sum r w_2 s'(x) x, ...
    (109/2, QMatrix([[218, 118, 66, 13]]))
    >>> net.hessian(W).tolist()[3]                 # d^2 L / db_2 dtheta = column of J^T J
    [Fraction(26, 1), Fraction(16, 1), Fraction(8, 1), Fraction(2, 1)]
    """

    kind = "feedforward"

    def __init__(self, widths: Sequence[int], X, Y, activation="identity", biases=True):
        from .linear import _check_widths
        self.widths = _check_widths(widths)
        self.L = len(self.widths) - 1
        self.act = globals()["activation"](activation)
        if isinstance(biases, bool):
            biases = [biases] * self.L
        if len(biases) != self.L or not all(isinstance(b, bool) for b in biases):
            raise InputError(f"biases: expected {self.L} booleans (one per layer)")
        self.biases = list(biases)
        self.X = qmatrix(X, "X")
        self.m = self.X.shape[1]
        if self.X.shape[0] != self.widths[0]:
            raise InputError(f"X: shape {self.X.shape} but widths[0] = {self.widths[0]}")
        self.Y = qmatrix(Y, "Y", shape=(self.widths[-1], self.m))
        self.shapes = [(self.widths[k + 1], self.widths[k] + int(self.biases[k])) for k in range(self.L)]
        self.offsets, n = [], 0
        for r, c in self.shapes:
            self.offsets.append(n)
            n += r * c
        self.n_params = n

    def __repr__(self) -> str:
        return f"Feedforward(widths={self.widths}, m={self.m}, biases={self.biases}, activation={self.act.name})"

    # -- parameters ----------------------------------------------------------------------
    def weights(self, W) -> list:
        """Validated layer matrices ``[W_k | b_k]`` as QMatrix (``shapes[k]``)."""
        if not isinstance(W, (list, tuple)) or len(W) != self.L:
            raise InputError(f"weights: expected {self.L} matrices")
        return [qmatrix(w, f"weights[{k}]", shape=self.shapes[k]) for k, w in enumerate(W)]

    def unflatten(self, theta) -> list:
        """Layer matrices from ``theta`` (column-major vecs stacked)."""
        v = qmatrix(theta, "theta", shape=(self.n_params, 1)).flint
        out = []
        for (r, c), off in zip(self.shapes, self.offsets):
            M = flint.fmpq_mat(r, c)
            for j in range(c):
                for i in range(r):
                    M[i, j] = v[off + j * r + i, 0]
            out.append(QMatrix(M))
        return out

    def flatten(self, W) -> QMatrix:
        """``theta`` of layer matrices."""
        out = flint.fmpq_mat(self.n_params, 1)
        for Wk, off in zip(self.weights(W), self.offsets):
            r, c = Wk.shape
            for j in range(c):
                for i in range(r):
                    out[off + j * r + i, 0] = Wk.flint[i, j]
        return QMatrix(out)

    def _need_exact(self):
        if not self.act.exact:
            raise InputError(f"activation {self.act.name!r} is symbolic: exact values need a polynomial "
                             f"activation (use symbolic_derivatives)")

    # -- forward pass -------------------------------------------------------------------
    def preactivations(self, W) -> list:
        """``[P_1, ..., P_L]``, one column per sample (``P_L`` is the output)."""
        self._need_exact()
        W = self.weights(W)
        Z, out = self.X.flint, []
        for k, Wk in enumerate(W):
            P = self._affine(Wk.flint, Z, k)
            out.append(QMatrix(P))
            if k < self.L - 1:
                Z = flint.fmpq_mat([[self.act.value(x) for x in row] for row in P.tolist()])
        return out

    def _affine(self, Wk, Z, k):
        d = self.widths[k]
        if not self.biases[k]:
            return Wk * Z
        A = flint.fmpq_mat(Wk.nrows(), d)
        b = flint.fmpq_mat(Wk.nrows(), Z.ncols())
        for i in range(Wk.nrows()):
            for j in range(d):
                A[i, j] = Wk[i, j]
            for j in range(Z.ncols()):
                b[i, j] = Wk[i, d]
        return A * Z + b

    def output(self, W) -> QMatrix:
        """``F(X)`` exactly (polynomial activations)."""
        return self.preactivations(W)[-1]

    def loss(self, W) -> flint.fmpq:
        """``1/2 sum_j ||F(x_j) - y_j||^2``."""
        return (self.output(W) - self.Y).frob2() / 2

    # -- backpropagation (shared by the exact and the symbolic mode) -----------------------
    def _sample(self, ops, Wm, x, y, s, ds, d2s):
        """Per-sample quantities: z~, D, E, B, delta, M, P (lists indexed by layer 0..L-1)."""
        L, d = self.L, self.widths
        zt, D, E, p = [], [], [], None
        z = x
        for k in range(L):
            zk = list(z) + ([ops.num(1)] if self.biases[k] else [])
            zt.append(zk)
            Wk = Wm[k]
            p = [ops.simplify(sum((Wk[a, b] * zk[b] for b in range(len(zk))), ops.num(0))) for a in range(d[k + 1])]
            if k < L - 1:
                D.append([ds(v) for v in p])
                E.append([d2s(v) for v in p])
                z = [s(v) for v in p]
        F = p
        r = [ops.simplify(F[o] - y[o]) for o in range(d[-1])]
        # the weights without their bias columns
        Wn = [Wm[k][:, :d[k]] if ops is _SympyOps else _cols(Wm[k], d[k]) for k in range(L)]
        B = [None] * L
        B[L - 1] = _eye(ops, d[-1])
        for k in range(L - 2, -1, -1):
            B[k] = _scale_cols(B[k + 1] * Wn[k + 1], D[k])
        delta = [[ops.simplify(sum((B[k][o, a] * r[o] for o in range(d[-1])), ops.num(0))) for a in range(d[k + 1])]
                 for k in range(L)]
        M = [None] * L
        M[L - 1] = ops.zeros(d[-1], d[-1])
        for k in range(L - 2, -1, -1):
            Wk1 = Wn[k + 1]
            inner = ops.T(Wk1) * M[k + 1] * Wk1
            Mk = _scale_rows(_scale_cols(inner, D[k]), D[k])
            for a in range(d[k + 1]):
                g = sum((Wk1[o, a] * delta[k + 1][o] for o in range(d[k + 2])), ops.num(0))
                Mk[a, a] = Mk[a, a] + g * E[k][a]
            M[k] = Mk
        return {"zt": zt, "D": D, "B": B, "delta": delta, "M": M, "Wn": Wn, "r": r, "F": F}

    def _assemble(self, ops, q, want_hessian=True):
        """Gradient and Hessian of one sample from its backprop quantities ``q``."""
        L, d, n = self.L, self.widths, self.n_params
        zt, D, B, delta, M, Wn = q["zt"], q["D"], q["B"], q["delta"], q["M"], q["Wn"]
        grad = ops.zeros(n, 1)
        for k in range(L):
            off, dk = self.offsets[k], d[k + 1]
            for b, zb in enumerate(zt[k]):
                for a in range(dk):
                    grad[off + b * dk + a, 0] = delta[k][a] * zb
        if not want_hessian:
            return grad, None
        # P[l][k] = dp_l/dp_k for l >= k
        P = [[None] * L for _ in range(L)]
        for k in range(L):
            P[k][k] = _eye(ops, d[k + 1])
            for l in range(k + 1, L):
                P[l][k] = Wn[l] * _scale_rows(P[l - 1][k], D[l - 1])
        doff, noff = [], []
        sd = sn = 0
        for k in range(L):
            doff.append(sd)
            noff.append(sn)
            sd += d[k + 1]
            sn += len(zt[k])
        core = ops.zeros(sd + sn, sd + sn)
        for l in range(L):
            for k in range(l + 1):
                blk = ops.T(B[l]) * B[k] + M[l] * P[l][k]
                _put(core, doff[l], doff[k], blk)
                if l != k:
                    _put(core, doff[k], doff[l], ops.T(blk))
                if l > k:
                    Qlk = _scale_rows(P[l - 1][k], D[l - 1])   # a zero row for b_l: left as is
                    _put(core, sd + noff[l], doff[k], Qlk)
                    _put(core, doff[k], sd + noff[l], ops.T(Qlk))
        UV = ops.zeros(n, sd + sn)
        for k in range(L):
            off, dk = self.offsets[k], d[k + 1]
            for b, zb in enumerate(zt[k]):
                for a in range(dk):
                    UV[off + b * dk + a, doff[k] + a] = zb
                    UV[off + b * dk + a, sd + noff[k] + b] = delta[k][a]
        return grad, (UV, core)

    def _exact_parts(self, W):
        self._need_exact()
        Wm = [w.flint for w in self.weights(W)]
        a = self.act
        s, ds, d2s = a.value, a.poly.derivative(), a.poly.derivative().derivative()
        X, Y = self.X.flint, self.Y.flint
        for j in range(self.m):
            x = [X[i, j] for i in range(self.widths[0])]
            y = [Y[i, j] for i in range(self.widths[-1])]
            yield self._sample(_FlintOps, Wm, x, y, s, ds, d2s)

    def gradient(self, W) -> QMatrix:
        """Exact gradient in ``theta`` order (polynomial activations)."""
        g = flint.fmpq_mat(self.n_params, 1)
        for q in self._exact_parts(W):
            g += self._assemble(_FlintOps, q, want_hessian=False)[0]
        return QMatrix(g)

    def hessian(self, W) -> QMatrix:
        """Exact Hessian in ``theta`` order by backpropagation (polynomial activations)."""
        parts = [self._assemble(_FlintOps, q)[1] for q in self._exact_parts(W)]
        n = self.n_params
        if not parts:
            return QMatrix(flint.fmpq_mat(n, n))
        # one product over all samples: [UV_1 ... UV_m] blockdiag(core_j) [UV_1 ... UV_m]^T
        w = parts[0][1].nrows()
        big = flint.fmpq_mat(n, w * len(parts))
        core = flint.fmpq_mat(w * len(parts), w * len(parts))
        for j, (UV, C) in enumerate(parts):
            _put(big, 0, j * w, UV)
            _put(core, j * w, j * w, C)
        return QMatrix(big * core * big.transpose())

    def jacobian_rows(self, W) -> QMatrix:
        """``dF_o(x_j)/dtheta`` as rows (sample-major, ``m d_L x n``): Gauss-Newton's ``J``."""
        rows = []
        for q in self._exact_parts(W):
            for o in range(self.widths[-1]):
                row = flint.fmpq_mat(1, self.n_params)
                for k in range(self.L):
                    off, dk = self.offsets[k], self.widths[k + 1]
                    for b, zb in enumerate(q["zt"][k]):
                        for a in range(dk):
                            row[0, off + b * dk + a] = q["B"][k][o, a] * zb
                rows.append(row)
        out = flint.fmpq_mat(len(rows), self.n_params)
        for i, row in enumerate(rows):
            _put(out, i, 0, row)
        return QMatrix(out)

    def loss_along(self, W, curve) -> flint.fmpq_poly:
        """The loss on ``W + t C_1 + t^2 C_2 + ...`` as an exact polynomial in ``t``."""
        self._need_exact()
        W = self.weights(W)
        steps = [self.weights(step) for step in curve]
        t = flint.fmpq_poly([0, 1])
        Wt = []
        for k, Wk in enumerate(W):
            r, c = Wk.shape
            Wt.append([[flint.fmpq_poly([Wk.flint[i, j]]) + sum(
                (steps[e][k].flint[i, j] * t ** (e + 1) for e in range(len(steps))), flint.fmpq_poly([0]))
                for j in range(c)] for i in range(r)])
        poly = self.act.poly
        total = flint.fmpq_poly([0])
        X, Y = self.X.flint, self.Y.flint
        for j in range(self.m):
            z = [flint.fmpq_poly([X[i, j]]) for i in range(self.widths[0])]
            for k in range(self.L):
                zk = z + ([flint.fmpq_poly([1])] if self.biases[k] else [])
                p = [sum((Wt[k][a][b] * zk[b] for b in range(len(zk))), flint.fmpq_poly([0]))
                     for a in range(self.widths[k + 1])]
                z = [poly(v) for v in p] if k < self.L - 1 else p
            for o in range(self.widths[-1]):
                e = z[o] - Y[o, j]
                total += e * e
        return total / 2

    # -- interval mode (transcendental activations) ----------------------------------------
    def enclose(self, w) -> tuple:
        """``(L, g, H)`` enclosing the loss, gradient and Hessian over the balls ``w`` (a list
        of ``n_params`` python-flint ``arb`` in theta order; the current working precision),
        by the same backpropagation in ball arithmetic: the protocol of the interval facts
        (:mod:`symlandscape.models.enclosed`). Any activation with values (tanh, sigmoid,
        softplus, polynomials).

        A ball that contains 0 says nothing about an entry being 0: a *structural* zero (an
        entry identically zero as a function of ``s``) is proved by
        :meth:`symbolic_derivatives` with an undefined ``s``, never read off a ball.

        Notes
        -----
        The cost of :meth:`hessian` with ball arithmetic instead of rationals (``O(m n^2)``
        products of per-sample blocks); radii grow with depth and with the balls' widths.

        Examples
        --------
        >>> net = Feedforward([1, 1, 1], [[1]], [[0]], activation="tanh", biases=False)
        >>> L, g, H = net.enclose([flint.arb(0), flint.arb(1)])   # F = w_2 tanh(w_1 x) = 0
        >>> L, g[0], g[1], H[0, 0], H[1, 1]                  # H = J^T J: J = (w_2 x, tanh 0)
        (0, 0, 0, 1.00000000000000, 0)
        """
        n = self.n_params
        if len(w) != n:
            raise InputError(f"enclose: expected {n} balls, got {len(w)}")
        Wm = []
        for (r, c), off in zip(self.shapes, self.offsets):
            M = flint.arb_mat(r, c)
            for j in range(c):
                for i in range(r):
                    M[i, j] = flint.arb(w[off + j * r + i])
            Wm.append(M)
        s, ds, d2s = (self.act.arb(k) for k in range(3))
        X, Y = self.X.flint, self.Y.flint
        L, g, H = flint.arb(0), flint.arb_mat(n, 1), flint.arb_mat(n, n)
        for j in range(self.m):
            x = [flint.arb(X[i, j]) for i in range(self.widths[0])]
            y = [flint.arb(Y[i, j]) for i in range(self.widths[-1])]
            q = self._sample(_ArbOps, Wm, x, y, s, ds, d2s)
            L += sum((e * e for e in q["r"]), flint.arb(0)) / 2
            gj, (UV, C) = self._assemble(_ArbOps, q)
            g += gj
            H += UV * C * UV.transpose()
        return L, [g[i, 0] for i in range(n)], H

    # -- symbolic mode --------------------------------------------------------------------
    def symbols(self, names: str = "w") -> list:
        """SymPy matrices of parameter symbols ``w{k}_{a}{b}`` (the bias column ``b{k}_{a}``)."""
        import sympy
        out = []
        for k, (r, c) in enumerate(self.shapes):
            d = self.widths[k]
            out.append(sympy.Matrix(r, c, lambda a, b, k=k, d=d: sympy.Symbol(
                f"{names}{k + 1}_{a + 1}{b + 1}" if b < d else f"b{k + 1}_{a + 1}")))
        return out

    def symbolic_derivatives(self, W=None, hessian: bool = True) -> dict:
        """Loss, gradient and Hessian as SymPy expressions by the same backpropagation.

        ``W``: SymPy matrices (entries symbols or numbers; default :meth:`symbols`). The
        activation enters as ``s``, ``ds``, ``d2s`` applied to the pre-activations (an
        undefined ``s``), or as its formula. Entries are expanded, not simplified further.

        Examples
        --------
        >>> net = Feedforward([1, 1, 1], X=[[1]], Y=[[0]], activation="s", biases=[False, True])
        >>> out = net.symbolic_derivatives()
        >>> out["gradient"].T
        Matrix([[b2_1*w2_11*ds(w1_11) + w2_11**2*ds(w1_11)*s(w1_11), b2_1*s(w1_11) + w2_11*s(w1_11)**2, b2_1 + w2_11*s(w1_11)]])
        """
        import sympy
        Wm = [sympy.Matrix(w) for w in (W if W is not None else self.symbols())]
        s, ds, d2s = (self.act.sympy(i) for i in range(3))
        n = self.n_params
        loss, g, H = sympy.Integer(0), sympy.zeros(n, 1), sympy.zeros(n, n)
        X, Y = self.X.to_sympy(), self.Y.to_sympy()
        for j in range(self.m):
            q = self._sample(_SympyOps, Wm, list(X[:, j]), list(Y[:, j]), s, ds, d2s)
            loss += sum(e ** 2 for e in q["r"]) / 2
            gj, parts = self._assemble(_SympyOps, q, want_hessian=hessian)
            g += gj
            if hessian:
                UV, C = parts
                H += UV * C * UV.T
        out = {"weights": Wm, "loss": sympy.expand(loss), "gradient": g.applyfunc(sympy.expand)}
        if hessian:
            out["hessian"] = H.applyfunc(sympy.expand)
        return out

    def symbolic(self, names: str = "w") -> dict:
        """SymPy weights and the output ``F(X)`` (one column per sample)."""
        import sympy
        Ws = self.symbols(names)
        s = self.act.sympy(0)
        Z = sympy.Matrix(self.X.to_sympy())
        for k, Wk in enumerate(Ws):
            A = Wk[:, :self.widths[k]]
            P = A * Z
            if self.biases[k]:
                P = P + Wk[:, self.widths[k]] * sympy.ones(1, Z.shape[1])
            Z = P.applyfunc(s) if k < self.L - 1 else P
        return {"weights": Ws, "output": Z}


def _eye(ops, n):
    M = ops.zeros(n, n)
    for i in range(n):
        M[i, i] = ops.num(1)
    return M


_FLINT_MATS = (flint.fmpq_mat, flint.arb_mat)


def _shape(A) -> tuple:
    return (A.nrows(), A.ncols()) if isinstance(A, _FLINT_MATS) else A.shape


def _new(A, r, c):
    if isinstance(A, _FLINT_MATS):
        return type(A)(r, c)
    import sympy
    return sympy.zeros(r, c)


def _cols(A, c):
    out = type(A)(A.nrows(), c)
    for i in range(A.nrows()):
        for j in range(c):
            out[i, j] = A[i, j]
    return out


def _scale_cols(A, v):
    """A diag(v)."""
    rows, cols = _shape(A)
    out = _new(A, rows, cols)
    for j, x in enumerate(v):
        if not x == 0:   # exact zeros only (an arb ball around 0 is kept)
            for i in range(rows):
                out[i, j] = A[i, j] * x
    return out


def _scale_rows(A, v):
    """diag(v) A."""
    rows, cols = _shape(A)
    out = _new(A, rows, cols)
    for i, x in enumerate(v):
        if not x == 0:   # exact zeros only (an arb ball around 0 is kept)
            for j in range(cols):
                out[i, j] = A[i, j] * x
    return out


def _put(M, r0, c0, B):
    rows, cols = _shape(B)
    for i in range(rows):
        for j in range(cols):
            x = B[i, j]
            if not x == 0:   # exact zeros only (an arb ball around 0 is kept)
                M[r0 + i, c0 + j] = x


def _flag(v, name) -> bool:
    v = rational(v, name)
    if v not in (0, 1):
        raise InputError(f"{name}: expected 0 or 1, got {v}")
    return v == 1


def feedforward_from_scalars(widths, X, Y, a0=0, a1=1, a2=0, a3=0, hidden_bias=1, output_bias=1) -> Feedforward:
    """The network of a ``feedforward`` instance or fact spec (its scalar parameters).

    >>> feedforward_from_scalars([1, 2, 1], [[1]], [[0]], a2="1/2", hidden_bias=0).shapes
    [(2, 1), (1, 3)]
    """
    L = len(widths) - 1
    biases = [_flag(hidden_bias, "hidden_bias")] * (L - 1) + [_flag(output_bias, "output_bias")]
    return Feedforward(widths, X, Y, activation=[a0, a1, a2, a3], biases=biases)


def feedforward_weight_columns(widths, k, env) -> int:
    """Columns of layer ``k + 1``'s matrix ``[W | b]`` in an instance (``env``: its scalars)."""
    key = "output_bias" if k == len(widths) - 2 else "hidden_bias"
    flag = env[key].flint[0, 0] if key in env else 1
    return widths[k] + int(_flag(flag, key))


def spec_of(net: Feedforward) -> list:
    """The fact-language model spec ``["feedforward", a0, a1, a2, a3, hidden_bias, output_bias]``.

    >>> spec_of(Feedforward([1, 1, 1], [[1]], [[1]], activation=[0, 1, 1], biases=[False, True]))
    ['feedforward', '0', '1', '1', '0', '0', '1']
    """
    cs = list(net.act.coeffs)
    if not net.act.exact or len(cs) > 4:
        raise InputError("a fact spec needs a polynomial activation of degree <= 3")
    if len(set(net.biases[:-1])) > 1:
        raise InputError("a fact spec has one bias flag for all hidden layers")
    cs += [flint.fmpq(0)] * (4 - len(cs))
    hb = int(net.biases[0]) if net.L > 1 else 1
    return ["feedforward", *[str(c) for c in cs], str(hb), str(int(net.biases[-1]))]


#: JSON Schema fragment of feedforward instance files.
SCHEMA_FRAGMENT = network_schema(
    'A feedforward network A_L o s o ... o s o A_1 with a polynomial activation s(x) = a0 + a1 x + a2 x^2 + a3 x^3 (rational coefficients, default the identity), biases on the hidden layers (hidden_bias = 1, default) and on the output layer (output_bias = 1, default) or not (0); widths [d_0, ..., d_L], data X (d_0 x m) and Y (d_L x m), optionally a point weights = [[W_1 | b_1], ..., [W_L | b_L]] (a layer without bias has no bias column).',
    {'a0': {'$ref': '#/$defs/exactNumber'}, 'a1': {'$ref': '#/$defs/exactNumber'}, 'a2': {'$ref': '#/$defs/exactNumber'}, 'a3': {'$ref': '#/$defs/exactNumber'}, 'hidden_bias': {'enum': [0, 1, '0', '1']}, 'output_bias': {'enum': [0, 1, '0', '1']}})
