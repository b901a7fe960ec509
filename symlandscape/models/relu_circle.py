r"""Gaussian population loss of ReLU units of unit norm in the plane, in angle coordinates
(seed 003: Wu et al. 2018).

Student ``x -> sum_{i=1}^K relu(u_i . x)`` with ``u_i = (cos 2 pi tau_i, sin 2 pi tau_i)``
(``tau_i`` in turns: one turn = 2 pi), teacher ``sum_j a_j relu(v_j . x)``, ``x ~ N(0, I_2)``,
``L = 1/2 E (student - teacher)^2``. Instance as for ``relu_population`` with ``d = 2``
(``X`` the teacher's units as columns, ``Y`` their output weights); the parameters are the
``K`` angles, so the unit-norm constraint of Wu et al. is built in: the constraint manifold
is the torus and its critical points are the zeros of this gradient.

With ``k(w, v) = |w||v| f(Delta)`` (arc-cosine kernel, ``Delta`` the signed angle from ``v`` to
``w``) and, for ``Delta`` in ``[-pi, pi]``, ``phi(a) = sin a - a cos a``:

* ``f(Delta) = (pi cos Delta + phi(|Delta|)) / (2 pi)``,
  ``f' = -(pi - |Delta|) sin Delta / (2 pi)``, ``f'' = (sin|Delta| - (pi - |Delta|) cos Delta) / (2 pi)``;
* near ``Delta = pi`` (``Delta = pi + u``, ``u`` in ``[-pi, pi]``): ``f = phi(|u|) / (2 pi)``,
  ``f' = |u| sin u / (2 pi)``, ``f'' = (sin|u| + |u| cos u) / (2 pi)``.

``phi(a) = a^3/3 + O(a^5)``, so ``f`` is twice continuously differentiable everywhere (not
three times at ``Delta = 0`` or ``pi``): in these coordinates the gradient and Hessian
enclosures stay finite where units are parallel, unlike the Cartesian closed form of
:mod:`.relu_population`, and the interval tests (Krawczyk, positive definiteness) apply at
``W = W*``. ``L = K/4 + sum_{i<i'} f(2 pi (tau_i - tau_i')) - sum_{i,j} a_j |v_j|
f(2 pi (tau_i - phi_j)) + (teacher constant)``, ``phi_j`` the teacher's angles in turns.
"""

__all__ = ["ReLUCircle", "ReLUPolar", "kernel_f", "float_derivatives"]

import flint

from ..exact.matrix import QMatrix
from ..exact.numbers import InputError
from .enclosed import register_objective


def _abs(x: flint.arb) -> flint.arb:
    """A ball containing ``|x|`` and no negative number."""
    if x > 0:
        return x
    if x < 0:
        return -x
    u = x.abs_upper()
    return flint.arb(u / 2, u / 2)


def kernel_f(x: flint.arb) -> tuple:
    """``(F, F', F'')`` enclosing ``F(x) = f(2 pi x)`` (``x`` in turns) and its derivatives in
    ``x``; not finite when the ball is wider than half a turn.

    >>> F, F1, F2 = kernel_f(flint.arb(0))
    >>> F.contains(flint.arb(1) / 2), F1.contains(0), F2.contains(-2 * flint.arb.pi() ** 2)
    (True, True, True)
    """
    pi = flint.arb.pi()
    nan = flint.arb("nan")
    lo, hi = x.lower(), x.upper()
    if not x.is_finite() or hi - lo > flint.arb(1) / 2:
        return nan, nan, nan
    n = (x.mid() + flint.arb(1) / 2).floor()          # shift the midpoint into [-1/2, 1/2)
    y = x - n
    half = flint.arb(1) / 2
    if y.lower() >= -half and y.upper() <= half:
        D = 2 * pi * y
        a = _abs(D)
        s, c = D.sin(), D.cos()
        f = (pi * c + a.sin() - a * c) / (2 * pi)
        f1 = -(pi - a) * s / (2 * pi)
        f2 = (a.sin() - (pi - a) * c) / (2 * pi)
    else:
        u = 2 * pi * (y - half if y.mid() > 0 else y + half)
        a = _abs(u)
        s, c = u.sin(), u.cos()
        f = (a.sin() - a * c) / (2 * pi)
        f1 = a * s / (2 * pi)
        f2 = (a.sin() + a * c) / (2 * pi)
    return f, 2 * pi * f1, 4 * pi * pi * f2


class ReLUCircle:
    """Unit-norm ReLU units in the plane, parameters = angles in turns.

    Examples
    --------
    Student = teacher (``tau = (0, 1/4)`` for the teacher ``I``): loss 0, gradient 0.

    >>> net = ReLUCircle([2, 2, 1], [[1, 0], [0, 1]], [[1, 1]])
    >>> L, g, H = net.enclose([flint.arb(0), flint.arb(1) / 4])
    >>> L.contains(0), all(x.contains(0) for x in g)
    (True, True)
    """

    kind = "relu_circle"

    def __init__(self, widths, X, Y):
        widths = list(widths)
        if len(widths) != 3 or widths[0] != 2 or widths[2] != 1 or widths[1] < 1:
            raise InputError(f"widths: unit-norm ReLU units in the plane have widths [2, K, 1], got {widths}")
        self.widths, self.K = widths, widths[1]
        self.X, self.Y = QMatrix(X, "X"), QMatrix(Y, "Y")
        if self.X.shape[0] != 2 or self.Y.shape != (1, self.X.shape[1]):
            raise InputError("X must be 2 x K* (the teacher's units) and Y 1 x K* (their output weights)")
        self.Kt = self.X.shape[1]
        self._v = [(self.X.flint[0, j], self.X.flint[1, j]) for j in range(self.Kt)]
        if any(a == 0 and b == 0 for a, b in self._v):
            raise InputError("X: a teacher unit is zero")
        self._a = [self.Y.flint[0, j] for j in range(self.Kt)]
        self.n_params = self.K

    def _teacher(self):
        """Norms and angles (turns) of the teacher's units, as balls."""
        pi = flint.arb.pi()
        out = []
        for (a, b), w in zip(self._v, self._a):
            out.append((flint.arb(a * a + b * b).sqrt(), flint.arb.atan2(flint.arb(b), flint.arb(a)) / (2 * pi), w))
        return out

    def enclose(self, tau) -> tuple:
        """``(L, g, H)`` enclosing loss, gradient and Hessian over the balls ``tau``."""
        K = self.K
        L = flint.arb(K) / 4
        g = [flint.arb(0)] * K
        H = [[flint.arb(0)] * K for _ in range(K)]
        teacher = self._teacher()
        for i in range(K):
            for i2 in range(i + 1, K):
                F, F1, F2 = kernel_f(tau[i] - tau[i2])
                L += F
                g[i] += F1
                g[i2] -= F1
                H[i][i] += F2
                H[i2][i2] += F2
                H[i][i2] -= F2
                H[i2][i] -= F2
            for nv, ph, a in teacher:
                if a == 0:
                    continue
                F, F1, F2 = kernel_f(tau[i] - ph)
                c = nv * a
                L -= c * F
                g[i] -= c * F1
                H[i][i] -= c * F2
        for j, (nv, ph, a) in enumerate(teacher):
            L += a * a * nv * nv / 4
            for nv2, ph2, a2 in teacher[j + 1:]:
                L += a * a2 * nv * nv2 * kernel_f(ph - ph2)[0]
        return L, g, flint.arb_mat(H)


def float_derivatives(net: ReLUCircle, tau) -> tuple:
    """Float ``(L, g, H)`` (numpy) at angles ``tau`` (turns): for searching only."""
    import numpy as np
    pi = np.pi

    def F(x):
        D = (2 * pi * x + pi) % (2 * pi) - pi
        a = abs(D)
        return ((pi * np.cos(D) + np.sin(a) - a * np.cos(D)) / (2 * pi), -(pi - a) * np.sin(D),
                2 * pi * (np.sin(a) - (pi - a) * np.cos(D)))
    K = net.K
    L, g, H = K / 4, np.zeros(K), np.zeros((K, K))
    tea = [(float(np.hypot(float(a), float(b))), float(np.arctan2(float(b), float(a)) / (2 * pi)), float(w))
           for (a, b), w in zip(net._v, net._a)]
    for i in range(K):
        for i2 in range(i + 1, K):
            f, f1, f2 = F(tau[i] - tau[i2])
            L += f
            g[i] += f1
            g[i2] -= f1
            H[i, i] += f2
            H[i2, i2] += f2
            H[i, i2] -= f2
            H[i2, i] -= f2
        for nv, ph, a in tea:
            f, f1, f2 = F(tau[i] - ph)
            L -= nv * a * f
            g[i] -= nv * a * f1
            H[i, i] -= nv * a * f2
    for j, (nv, ph, a) in enumerate(tea):
        L += a * a * nv * nv / 4
        for nv2, ph2, a2 in tea[j + 1:]:
            L += a * a2 * nv * nv2 * F(ph - ph2)[0]
    return L, g, H


register_objective("relu_circle", ReLUCircle)


class ReLUPolar:
    """One ReLU unit against one teacher unit ``a relu(v . x)`` in the plane, in polar
    coordinates *relative to the teacher*: ``w = r (cos 2 pi tau, sin 2 pi tau)`` in the frame
    whose first axis is ``v / |v|``, parameters ``(r, tau)`` (tau in turns). Then
    ``L = r^2/4 - r a |v| F(tau) + a^2 |v|^2 / 4`` (``F(tau) = f(2 pi tau)``), twice continuously
    differentiable for ``r > 0``, and ``w = v`` is ``(|v|, 0)``.

    >>> net = ReLUPolar([2, 1], [[3], [4]], [[1]])
    >>> L, g, H = net.enclose([flint.arb(5), flint.arb(0)])
    >>> L.contains(0), g[0].contains(0), g[1].contains(0), H[0, 0].contains(flint.arb(1) / 2)
    (True, True, True, True)
    """

    kind = "relu_polar"

    def __init__(self, widths, X, Y):
        self.X, self.Y = QMatrix(X, "X"), QMatrix(Y, "Y")
        if self.X.shape != (2, 1) or self.Y.shape != (1, 1):
            raise InputError("relu_polar: one teacher unit in the plane (X 2 x 1, Y 1 x 1)")
        v0, v1 = self.X.flint[0, 0], self.X.flint[1, 0]
        if v0 == 0 and v1 == 0:
            raise InputError("X: the teacher unit is zero")
        self._n2, self._a = v0 * v0 + v1 * v1, self.Y.flint[0, 0]
        self.widths, self.n_params = list(widths), 2

    def enclose(self, x) -> tuple:
        """``(L, g, H)`` over the balls ``x = (r, tau)``."""
        r, tau = x
        nv = flint.arb(self._n2).sqrt()
        c = nv * self._a
        F, F1, F2 = kernel_f(tau)
        L = r * r / 4 - r * c * F + self._a * self._a * self._n2 / 4
        g = [r / 2 - c * F, -r * c * F1]
        H = flint.arb_mat([[flint.arb(1) / 2, -c * F1], [-c * F1, -r * c * F2]])
        return L, g, H


register_objective("relu_polar", ReLUPolar)
