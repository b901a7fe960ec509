r"""Gaussian population loss of a sum of ReLU units (seed 003: Tian 2017, Safran-Shamir 2018).

Student ``x -> sum_{i=1}^K relu(w_i . x)``, teacher ``x -> sum_j a_j relu(v_j . x)``, input
``x ~ N(0, I_d)``, loss ``L(W) = 1/2 E (student - teacher)^2``. Instance: ``widths [d, K, 1]``,
``X`` the teacher's unit vectors ``v_j`` as columns (``d x K*``), ``Y`` its output weights
``a_j`` (``1 x K*``; all ones in the slides), ``W_1`` (``K x d``) the student's units as rows.

Closed form through the arc-cosine kernel (Cho and Saul 2009):
``k(w, v) = E[relu(w.x) relu(v.x)] = (|w||v| sin t + (pi - t) w.v) / (2 pi)``, ``t`` the angle
between ``w`` and ``v``, ``|w||v| sin t = sqrt(|w|^2 |v|^2 - (w.v)^2)``, and ``k(w, w) = |w|^2 / 2``:

``L = 1/2 sum_{i,i'} k(w_i, w_i') - sum_{i,j} a_j k(w_i, v_j) + 1/2 sum_{j,j'} a_j a_j' k(v_j, v_j')``.

Gradient and Hessian come from the kernel's closed-form derivatives (:func:`_pair`: d x d
blocks per pair of units, ``arb_mat``), evaluated in ball arithmetic, so they are enclosures
(python-flint ``arb``); :meth:`ReLUPopulation.enclose_jets` derives the same by second-order
forward differentiation (:class:`_Jet`) and the tests compare the two. Cost: ~(K^2 + K K*) d^2
ball operations, mostly inside flint (K = d = 20, 400 parameters: ~0.25 CPU s). The loss is not twice differentiable
where a unit is 0 or two units are parallel (``t`` = 0 or pi); there the enclosures are not
finite and the interval tests say "undetermined". Parameters in theta order: ``vec(W_1)``
(column stacking), so entry ``(i, c)`` of ``W_1`` is parameter ``c K + i``.
"""

__all__ = ["ReLUPopulation"]

import copy

import flint

from ..exact.matrix import QMatrix
from ..exact.numbers import InputError
from .sigmoid import NotExact


class _Jet:
    """A function of m local variables to second order: value, gradient, Hessian (arb)."""

    __slots__ = ("v", "g", "h")

    def __init__(self, v, g, h):
        self.v, self.g, self.h = v, g, h

    @staticmethod
    def var(x, k, m):
        g = [flint.arb(0)] * m
        g[k] = flint.arb(1)
        return _Jet(x, g, [[flint.arb(0)] * m for _ in range(m)])

    @staticmethod
    def const(x, m):
        return _Jet(x, [flint.arb(0)] * m, [[flint.arb(0)] * m for _ in range(m)])

    def __add__(self, o):
        return _Jet(self.v + o.v, [a + b for a, b in zip(self.g, o.g)],
                    [[a + b for a, b in zip(r, s)] for r, s in zip(self.h, o.h)])

    def __sub__(self, o):
        return _Jet(self.v - o.v, [a - b for a, b in zip(self.g, o.g)],
                    [[a - b for a, b in zip(r, s)] for r, s in zip(self.h, o.h)])

    def scale(self, c):
        return _Jet(self.v * c, [a * c for a in self.g], [[a * c for a in r] for r in self.h])

    def __mul__(self, o):
        m = len(self.g)
        return _Jet(self.v * o.v, [self.v * o.g[k] + o.v * self.g[k] for k in range(m)],
                    [[self.v * o.h[p][q] + o.v * self.h[p][q] + self.g[p] * o.g[q] + o.g[p] * self.g[q]
                      for q in range(m)] for p in range(m)])

    def unary(self, f0, f1, f2):
        """f(self) given f, f', f'' at the value."""
        m = len(self.g)
        return _Jet(f0, [f1 * a for a in self.g],
                    [[f2 * self.g[p] * self.g[q] + f1 * self.h[p][q] for q in range(m)] for p in range(m)])

    def sqrt(self):
        s = self.v.sqrt()
        return self.unary(s, 1 / (2 * s), -1 / (4 * s * self.v))

    def recip(self):
        return self.unary(1 / self.v, -1 / (self.v * self.v), 2 / (self.v * self.v * self.v))

    def acos(self):
        r = (1 - self.v * self.v).sqrt()
        return self.unary(self.v.acos(), -1 / r, -self.v / (r * r * r))


def _dot(a, b):
    out = a[0] * b[0]
    for x, y in zip(a[1:], b[1:]):
        out = out + x * y
    return out


def _kernel(w, v):
    """k(w, v) for two lists of jets (|w||v| sin t + (pi - t) w.v) / (2 pi)."""
    c = _dot(w, v)
    p = _dot(w, w) * _dot(v, v)
    s = (p - c * c).sqrt()
    t = (c * p.sqrt().recip()).acos()
    pi = flint.arb.pi()
    m = len(c.g)
    return (s + (_Jet.const(pi, m) - t) * c).scale(1 / (2 * pi))


def _pair(w, v, both=True):
    r"""The kernel k(w, v) of two units (lists of balls) with its closed-form derivatives:
    ``(k, grad_w, grad_v, H_ww, H_vv, H_wv)`` (blocks ``arb_mat``; ``grad_v``, ``H_vv``,
    ``H_wv`` only with ``both``).

    With ``t`` the angle, ``s = sin t``, ``u = cos t``, unit vectors ``w' = w/|w|``,
    ``v' = v/|v|``, ``n_w = (v' - u w') / s``, ``n_v = (w' - u v') / s`` (Safran and Shamir
    2018, Brutzkus and Globerson 2017):
    ``grad_w = (|v| s w' + (pi - t) v) / (2 pi)``,
    ``H_ww = |v| s / (2 pi |w|) (I - w' w'^T + n_w n_w^T)``,
    ``H_wv = ((pi - t) I + s w' v'^T + s n_w n_v^T) / (2 pi)``.
    Not finite where ``w`` or ``v`` is 0 or they are parallel.
    """
    d = len(w)
    ww = _dot(w, w)
    vv = _dot(v, v)
    c = _dot(w, v)
    nw, nv = ww.sqrt(), vv.sqrt()
    p = nw * nv
    ps = (ww * vv - c * c).sqrt()                     # |w||v| sin t
    s, u = ps / p, c / p
    pt = flint.arb.pi() - u.acos()                    # pi - t
    tp = 2 * flint.arb.pi()
    k = (ps + pt * c) / tp
    wb = [x / nw for x in w]
    vb = [x / nv for x in v]
    n_w = [(b - u * a) / s for a, b in zip(wb, vb)]
    gw = [(nv * s * a + pt * b) / tp for a, b in zip(wb, v)]
    W, Nw = flint.arb_mat([[x] for x in wb]), flint.arb_mat([[x] for x in n_w])
    eye = flint.arb_mat([[int(r == q) for q in range(d)] for r in range(d)])
    Hww = (eye - W * W.transpose() + Nw * Nw.transpose()) * (nv * s / (tp * nw))
    if not both:
        return k, gw, None, Hww, None, None
    n_v = [(a - u * b) / s for a, b in zip(wb, vb)]
    gv = [(nw * s * a + pt * b) / tp for a, b in zip(vb, w)]
    V, Nv = flint.arb_mat([[x] for x in vb]), flint.arb_mat([[x] for x in n_v])
    Hvv = (eye - V * V.transpose() + Nv * Nv.transpose()) * (nw * s / (tp * nv))
    Hwv = (eye * pt + (W * V.transpose() + Nw * Nv.transpose()) * s) * (1 / tp)
    return k, gw, gv, Hww, Hvv, Hwv


class ReLUPopulation:
    """Population loss of ``sum_i relu(w_i . x)`` against a ReLU teacher, ``x ~ N(0, I)``.

    Examples
    --------
    Student equal to the teacher (two orthonormal units): loss 0, gradient 0.

    >>> net = ReLUPopulation([2, 2, 1], X=[[1, 0], [0, 1]], Y=[[1, 1]])
    >>> L, g, H = net.enclose([flint.arb(1), flint.arb(0), flint.arb(0), flint.arb(1)])
    >>> L.contains(0), all(x.contains(0) for x in g)
    (True, True)
    """

    kind = "relu_population"

    def __init__(self, widths, X, Y):
        widths = list(widths)
        if len(widths) != 3 or widths[2] != 1 or not all(isinstance(w, int) and w > 0 for w in widths):
            raise InputError(f"widths: a sum of ReLU units has widths [d, K, 1], got {widths}")
        self.widths = widths
        self.d, self.K = widths[0], widths[1]
        self.X, self.Y = QMatrix(X, "X"), QMatrix(Y, "Y")
        if self.X.shape[0] != self.d:
            raise InputError(f"X (the teacher's units as columns): {self.X.shape[0]} rows, but d = {self.d}")
        self.Kt = self.X.shape[1]
        if self.Y.shape != (1, self.Kt):
            raise InputError(f"Y (the teacher's output weights): shape {self.Y.shape}, (1, {self.Kt}) required")
        for j in range(self.Kt):
            if all(self.X.flint[r, j] == 0 for r in range(self.d)):
                raise InputError(f"X: teacher unit {j + 1} is zero")
        self.n_params = self.d * self.K
        self._v = [[self.X.flint[r, j] for r in range(self.d)] for j in range(self.Kt)]
        self._a = [self.Y.flint[0, j] for j in range(self.Kt)]

    def _unit(self, w, i):
        return [w[c * self.K + i] for c in range(self.d)]      # theta order: vec(W_1)

    def enclose(self, w) -> tuple:
        """``(L, g, H)`` enclosing loss, gradient and Hessian over the balls ``w`` (theta order).

        Closed-form derivatives of the kernel (:func:`_pair`, d x d blocks as ``arb_mat``), so
        the cost is ~(K^2 + K K*) d^2 ball operations, mostly inside flint.
        """
        d, K = self.d, self.K
        units = [self._unit(w, i) for i in range(K)]
        L = flint.arb(0)
        grads = [[x / 2 for x in u] for u in units]                       # 1/2 k(w, w) = |w|^2 / 4
        half = flint.arb_mat([[flint.arb(1) / 2 if r == c else 0 for c in range(d)] for r in range(d)])
        diag = [half for _ in range(K)]
        off = {}
        for i, u in enumerate(units):
            L += sum((x * x for x in u), flint.arb(0)) / 4
            for i2 in range(i + 1, K):
                k, gw, gv, Hww, Hvv, Hwv = _pair(u, units[i2])
                L += k
                grads[i] = [a + b for a, b in zip(grads[i], gw)]
                grads[i2] = [a + b for a, b in zip(grads[i2], gv)]
                diag[i], diag[i2] = diag[i] + Hww, diag[i2] + Hvv
                off[i, i2] = Hwv
            for v, a in zip(self._v, self._a):
                if a == 0:
                    continue
                k, gw, _, Hww, _, _ = _pair(u, [flint.arb(x) for x in v], both=False)
                L -= a * k
                grads[i] = [x - a * y for x, y in zip(grads[i], gw)]
                diag[i] = diag[i] - Hww * flint.arb(a)
        L += self._teacher()
        n = self.n_params
        g = [grads[i][c] for c in range(d) for i in range(K)]            # theta order: c K + i
        blocks = {(i, i): diag[i].entries() for i in range(K)}
        for (i, i2), B in off.items():
            blocks[i, i2] = B.entries()
            blocks[i2, i] = B.transpose().entries()
        H = [[None] * n for _ in range(n)]
        for (i, i2), E in blocks.items():
            for r in range(d):
                row = H[r * K + i]
                for c in range(d):
                    row[c * K + i2] = E[r * d + c]
        return L, g, flint.arb_mat(H)

    def enclose_jets(self, w) -> tuple:
        """The same enclosure as :meth:`enclose` by second-order forward differentiation of the
        kernel's closed form (:class:`_Jet`); ~(2d)^2 times slower, kept as an independent
        derivation that the tests compare :meth:`enclose` against."""
        d, K, n = self.d, self.K, self.n_params
        idx = [[c * K + i for c in range(d)] for i in range(K)]
        L = flint.arb(0)
        g = [flint.arb(0)] * n
        H = [[flint.arb(0)] * n for _ in range(n)]

        def add(jet, where, coeff):
            nonlocal L
            L += coeff * jet.v
            for p, P in enumerate(where):
                g[P] += coeff * jet.g[p]
                for q, Q in enumerate(where):
                    H[P][Q] += coeff * jet.h[p][q]

        for i in range(K):
            wi = self._unit(w, i)
            # 1/2 k(w_i, w_i) = |w_i|^2 / 4
            vars_ = [_Jet.var(x, k, d) for k, x in enumerate(wi)]
            add(_dot(vars_, vars_), idx[i], flint.arb(1) / 4)
            for i2 in range(i + 1, K):
                wj = self._unit(w, i2)
                both = [_Jet.var(x, k, 2 * d) for k, x in enumerate(wi + wj)]
                add(_kernel(both[:d], both[d:]), idx[i] + idx[i2], flint.arb(1))
            for j, (v, a) in enumerate(zip(self._v, self._a)):
                if a == 0:
                    continue
                vj = [_Jet.const(flint.arb(x), d) for x in v]
                add(_kernel(vars_, vj), idx[i], -flint.arb(a))
        L += self._teacher()
        return L, g, flint.arb_mat(H)

    def _teacher(self):
        """1/2 sum_{j,j'} a_j a_j' k(v_j, v_j') (a constant)."""
        total = flint.arb(0)
        for j, (v, a) in enumerate(zip(self._v, self._a)):
            total += a * a * sum((flint.arb(x) * x for x in v), flint.arb(0)) / 4
            for j2 in range(j + 1, self.Kt):
                v2, a2 = self._v[j2], self._a[j2]
                if a * a2 == 0:
                    continue
                vv = [_Jet.const(flint.arb(x), 1) for x in v]
                ww = [_Jet.const(flint.arb(x), 1) for x in v2]
                c = sum((x * y for x, y in zip(v, v2)), flint.fmpq(0))
                n1 = sum((x * x for x in v), flint.fmpq(0))
                n2 = sum((x * x for x in v2), flint.fmpq(0))
                if c * c == n1 * n2:      # parallel teacher units: t = 0 or pi, exactly
                    k = flint.arb(c) / 2 if c > 0 else flint.arb(0)
                else:
                    k = _kernel(vv, ww).v
                total += a * a2 * k
        return total

    def float_derivatives(self, w):
        """Float ``(L, g, H)`` at theta ``w`` (numpy; closed-form gradient, Hessian by central
        differences of it): for searching only, never a verdict."""
        import numpy as np
        w = np.asarray(w, dtype=float)
        W = w.reshape(self.d, self.K).T                         # rows: units
        V = np.array([[float(x) for x in v] for v in self._v])
        a = np.array([float(x) for x in self._a])

        def kern(A, B):
            na = np.linalg.norm(A, axis=1)[:, None]
            nb = np.linalg.norm(B, axis=1)[None, :]
            c = A @ B.T
            t = np.arccos(np.clip(c / (na * nb), -1, 1))
            return (na * nb * np.sin(t) + (np.pi - t) * c) / (2 * np.pi)

        def dk(A, B, wts):
            na = np.linalg.norm(A, axis=1)[:, None]
            nb = np.linalg.norm(B, axis=1)[None, :]
            c = A @ B.T
            t = np.arccos(np.clip(c / (na * nb), -1, 1))
            coef = (nb * np.sin(t) / na) * wts[None, :]
            return (coef.sum(1)[:, None] * A + ((np.pi - t) * wts[None, :]) @ B) / (2 * np.pi)

        def grad(W):
            return dk(W, W, np.ones(len(W))) - dk(W, V, a)

        L = 0.5 * kern(W, W).sum() - (kern(W, V) * a[None, :]).sum() + 0.5 * (a[:, None] * kern(V, V) * a[None, :]).sum()
        g = grad(W).T.reshape(-1)
        n, h = len(w), 1e-6
        Hm = np.zeros((n, n))
        for k in range(n):
            e = np.zeros(n)
            e[k] = h
            Hm[:, k] = (grad((w + e).reshape(self.d, self.K).T) - grad((w - e).reshape(self.d, self.K).T)).T.reshape(-1) / (2 * h)
        return float(L), g, (Hm + Hm.T) / 2

    def loss(self, W):
        """Exact at aligned points (:mod:`.relu_aligned`); elsewhere ``NotExact`` (the loss involves
        arccos and sqrt there: use the interval facts zero_in, pd_on, loss_in)."""
        from .relu_aligned import aligned_loss
        return aligned_loss(self, W)

    def gradient(self, W):
        from .relu_aligned import aligned_gradient
        return aligned_gradient(self, W)

    def hessian(self, W):
        from .relu_aligned import aligned_hessian
        return aligned_hessian(self, W)

    def loss_along(self, W, curve):
        raise NotExact("the Gaussian population loss of ReLU units is not polynomial")


def _schema() -> dict:
    from .linear import SCHEMA_FRAGMENT as linear
    frag = copy.deepcopy(linear)
    frag["description"] = ("Gaussian population loss of a sum of K ReLU units against a ReLU teacher "
                           "(x ~ N(0, I_d)): widths [d, K, 1], X the teacher's unit vectors as columns "
                           "(d x K*), Y its output weights (1 x K*), optionally weights = [W_1 (K x d), "
                           "W_2 (1 x K, the student's output weights, ignored: all ones)].")
    frag["properties"]["widths"]["minItems"] = 3
    frag["properties"]["widths"]["maxItems"] = 3
    return frag


#: JSON Schema fragment of ``relu_population`` instance files.
SCHEMA_FRAGMENT = _schema()
