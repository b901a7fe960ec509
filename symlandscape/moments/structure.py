r"""The structure of Theorem 9 [seed 004]: exact random-initialisation moments, fast.

Setting: one data point ``x, y`` in R^d, ``L`` iid d x d layers with zero-mean entries of
variance ``s2`` and fourth moment ``m4 = kappa s2^2``; ``l = 1/2 ||W^{L:1} x - y||^2``.

With ``A = W^L ... W^{k+1}``, ``v = W^{k-1} ... W^1 x`` and ``r = A W^k v - y`` the gradient
is rank one, ``dl/dW^k = A^T r v^T``, so ``||dl/dW^k||_F^2 = ||A^T r||^2 ||v||^2``. Expanding
``r``, the term linear in ``W^k`` has mean zero (``W^k`` independent of ``A, v``), and
Lemma 10 (``E||A^T A W v||^2 = s2 ||A^T A||_F^2 ||v||^2``) gives *exactly*

    E||dl/dW^k||_F^2 = s2 E||v||^4 E||A^T A||_F^2 + (d s2)^{L-1} ||x||^2 ||y||^2,

(Lemma 13 of the seed bounds it by twice each term). The two expectations follow from
linear recursions through the layers, valid for every iid law (only ``s2`` and ``m4``
enter: each layer appears with degree 4 in both):

* ``(P, Q) = (E||xi||_2^4, E||xi||_4^4)`` for ``xi -> W xi``:
  ``P' = s2^2 [d(d+2) P + (kappa-3) d Q]`` (Lemma 12) and ``Q' = s2^2 [3 d P + (kappa-3) d Q]``;
* ``(T, S, D) = (E tr(B^2), E (tr B)^2, E sum_a B_aa^2)`` for ``B = A A^T -> W B W^T``:
  ``T' = s2^2 [(d^2+d) T + d S + d(kappa-3) D]``, ``S' = s2^2 [2d T + d^2 S + d(kappa-3) D]``,
  ``D' = s2^2 [2d T + d S + d(kappa-3) D]``, from ``B = I`` (``T = D = d``, ``S = d^2``);
  ``E||A^T A||_F^2 = T``.

For Gaussian weights (kappa = 3) this closes: ``E||v||^4 = (s2^2 d(d+2))^{k-1} ||x||^4`` and
``E||A^T A||_F^2 = s2^{2n} [(d(d+2))^{n+1} - (d(d-1))^{n+1}] / 3`` for ``n = L - k`` layers.
"""

__all__ = ["chain_moments", "aat_moment", "grad2", "grad2_law", "gaussian_grad2_closed_form",
           "thm9_bound", "lemma13_bound", "symbolic_grad2"]

from fractions import Fraction

import flint
import sympy

from ..exact.numbers import InputError
from .laws import Law


def _check_dims(d, *counts):
    for n in (d, *counts):
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise InputError(f"dimensions and layer counts must be non-negative integers, got {n!r}")
    if d < 1:
        raise InputError("the width d must be at least 1")


def chain_moments(d: int, t: int, s2, m4, P0, Q0):
    """``(E||W^{t:1} x||_2^4, E||W^{t:1} x||_4^4)`` from ``P0 = ||x||_2^4``, ``Q0 = ||x||_4^4``.

    Works with any exact arithmetic (flint, Fraction, SymPy).

    >>> chain_moments(2, 1, 1, 3, 1, 1)      # Gaussian s2 = 1, x = e_1: E||W e_1||^4 = d(d+2)
    (8, 6)
    """
    _check_dims(d, t)
    c = m4 - 3 * s2 * s2          # (kappa - 3) s2^2
    P, Q = P0, Q0
    for _ in range(t):
        P, Q = s2 * s2 * d * (d + 2) * P + c * d * Q, 3 * s2 * s2 * d * P + c * d * Q
    return P, Q


def aat_moment(d: int, n: int, s2, m4):
    """``E||A^T A||_F^2`` for ``A`` a product of ``n`` iid d x d layers (``n = 0``: ``A = I``).

    >>> aat_moment(1, 2, 1, 3), aat_moment(3, 1, 1, 3)   # 1 x 1: E w^4 E w^4; Wishart: d^2(2d+1)
    (9, 63)
    """
    _check_dims(d, n)
    c = m4 - 3 * s2 * s2
    T, S, D = d, d * d, d
    for _ in range(n):
        T, S, D = (s2 * s2 * ((d * d + d) * T + d * S) + c * d * D,
                   s2 * s2 * (2 * d * T + d * d * S) + c * d * D,
                   s2 * s2 * (2 * d * T + d * S) + c * d * D)
    return T


def grad2(d: int, L: int, k: int, s2, m4, x2, x4, y2):
    """``E||dl/dW^k||_F^2`` exactly (see the module docstring).

    ``x2 = ||x||^2``, ``x4 = ||x||_4^4 = sum x_i^4``, ``y2 = ||y||^2``.

    >>> grad2(1, 1, 1, 1, 3, 1, 1, 1)      # E[(w x - y)^2 x^2] = s2 x^4 + x^2 y^2
    2
    """
    _check_dims(d, L, k)
    if not 1 <= k <= L:
        raise InputError(f"layer k = {k} is outside 1..{L}")
    P, _ = chain_moments(d, k - 1, s2, m4, x2 * x2, x4)
    T = aat_moment(d, L - k, s2, m4)
    return s2 * P * T + (d * s2) ** (L - 1) * x2 * y2


def _fmpq(v):
    v = sympy.nsimplify(v) if not isinstance(v, sympy.Basic) else v
    if not v.is_Rational:
        raise InputError(f"the law's moment {v} is not a rational number")
    return flint.fmpq(int(v.p), int(v.q))


def grad2_law(law: Law, x, y, L: int, k: int) -> flint.fmpq:
    """``E||dl/dW^k||_F^2`` for a law with rational ``s2``, ``m4`` and rational vectors ``x, y``.

    >>> from symlandscape.moments.laws import Gaussian
    >>> grad2_law(Gaussian(1), [1, 0], [0, 1], 2, 1)    # d = 2: s2 E||W^T W||_F^2 + d s2 = 20 + 2
    22
    """
    if len(x) != len(y) or not x:
        raise InputError("x and y need the same positive length d")
    xs = [flint.fmpq(v) if not isinstance(v, flint.fmpq) else v for v in map(_q, x)]
    ys = list(map(_q, y))
    x2 = sum((v * v for v in xs), flint.fmpq(0))
    x4 = sum((v ** 4 for v in xs), flint.fmpq(0))
    y2 = sum((v * v for v in ys), flint.fmpq(0))
    return grad2(len(xs), L, k, _fmpq(law.moment(2)), _fmpq(law.moment(4)), x2, x4, y2)


def _q(v):
    if isinstance(v, flint.fmpq):
        return v
    from ..exact.numbers import rational
    return rational(v)


def gaussian_grad2_closed_form(d, L, k, s2, rho, gamma):
    """The exact left side of Theorem 9 for Gaussian weights, in closed form:

    ``rho/(3 s2) (s2^2 d(d+2))^L - rho/(3 s2) s2^{2L} (d(d+2))^{k-1} (d(d-1))^{L-k+1}
    + gamma (d s2)^{L-1}``, with ``rho = ||x||^4``, ``gamma = ||x||^2 ||y||^2``.

    >>> d, L, k, s2, rho, gamma = sympy.symbols("d L k s2 rho gamma", positive=True)
    >>> gaussian_grad2_closed_form(1, 1, 1, s2, rho, gamma)
    gamma + rho*s2
    """
    return (rho / (3 * s2) * (s2 ** 2 * d * (d + 2)) ** L
            - rho / (3 * s2) * s2 ** (2 * L) * (d * (d + 2)) ** (k - 1) * (d * (d - 1)) ** (L - k + 1)
            + gamma * (d * s2) ** (L - 1))


def thm9_bound(d, L, s2, rho, gamma):
    """The two terms of Theorem 9's right side: ``2 rho/(3 s2) [s2^2 d(d+2)]^L`` and
    ``2 gamma (s2 d)^{L-1}``.

    >>> thm9_bound(1, 1, Fraction(1, 2), 1, 1)
    (Fraction(1, 1), Fraction(2, 1))
    """
    s2 = Fraction(s2) if isinstance(s2, int) else s2
    return 2 * rho * (s2 * s2 * d * (d + 2)) ** L / (3 * s2), 2 * gamma * (s2 * d) ** (L - 1)


def lemma13_bound(d, L, k, s2, m4, x2, x4, y2):
    """The two terms of Lemma 13's right side (twice the two exact terms).

    >>> lemma13_bound(1, 1, 1, 1, 3, 1, 1, 1)
    (2, 2)
    """
    P, _ = chain_moments(d, k - 1, s2, m4, x2 * x2, x4)
    return 2 * s2 * P * aat_moment(d, L - k, s2, m4), 2 * (d * s2) ** (L - 1) * x2 * y2


def symbolic_grad2(d: int, L: int, k: int):
    """``E||dl/dW^k||_F^2`` for a general iid law as a SymPy polynomial in ``s2``, ``kappa``,
    ``rho = ||x||^4``, ``x44 = ||x||_4^4`` and ``gamma = ||x||^2 ||y||^2``.

    >>> symbolic_grad2(1, 2, 1)
    gamma*s2 + kappa*rho*s2**3
    """
    s2, kappa, rho, x44, gamma = sympy.symbols("s2 kappa rho x44 gamma", positive=True)
    m4 = kappa * s2 ** 2
    P, _ = chain_moments(d, k - 1, s2, m4, rho, x44)
    T = aat_moment(d, L - k, s2, m4)
    return sympy.expand(s2 * P * T + (d * s2) ** (L - 1) * gamma)
