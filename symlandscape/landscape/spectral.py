"""Spectral constructions on the data of a deep linear network, exactly.

The top-k eigenspace of ``Sigma = Y X^+ X Y^T`` (when it is rational), the minimiser
``R*`` of the rank-constrained relaxation ``min_{rank R <= k} 1/2 ||R X - Y||^2``
(Yun-Sra-Jadbabaie eqs (3)-(4)), a factorisation of a matrix through the widths of a
network, rational lower bounds of singular values, and radicals ``a + b sqrt(c)`` for
reports. The claims that use them state and check their results in the fact language:
these functions only *find* (they supply witnesses).
"""

__all__ = ["poly_at", "top_eigenspace", "relaxed_minimiser", "factor_through", "rational_eps_below",
           "sqrt_parts", "MAX_SQRT_PARTS_BITS"]

from math import isqrt

import flint

from ..exact.matrix import QMatrix
from ..exact.numbers import WorkLimitExceeded
from ..exact.roots import real_roots
from .critical import pad


def poly_at(f: flint.fmpq_poly, S: QMatrix) -> QMatrix:
    """``f(S)`` by Horner's rule, exactly.

    >>> poly_at(flint.fmpq_poly([1, 0, 1]), QMatrix([[0, 1], [-1, 0]])).is_zero()   # S^2 + I
    True
    """
    n = S.shape[0]
    out = flint.fmpq_mat(n, n)
    I = QMatrix.eye(n).flint
    for c in reversed(f.coeffs()):
        out = out * S.flint + I * c
    return QMatrix(out)


def top_eigenspace(S: QMatrix, k: int) -> QMatrix | None:
    """A rational basis (columns) of the span of the eigenvectors of the k largest
    eigenvalues of the symmetric ``S``, or None when that subspace is not unique
    (``lambda_k = lambda_{k+1}``) or not rational.

    The subspace is rational iff no irreducible factor (over Q) of the characteristic
    polynomial has roots on both sides of the split; it is then the kernel of the
    product of the factors whose roots are the top k, evaluated at ``S``.

    >>> top_eigenspace(QMatrix([[2, 0], [0, 1]]), 1)
    QMatrix([[1], [0]])
    >>> top_eigenspace(QMatrix([[1, 1], [1, 2]]), 1) is None          # (3 + sqrt 5)/2
    True
    >>> top_eigenspace(QMatrix([[1, 1, 0], [1, 2, 0], [0, 0, 0]]), 2)  # an irrational pair
    QMatrix([[1, 0], [0, 1], [0, 0]])
    """
    d = S.shape[0]
    if k >= d:
        return QMatrix.eye(d)
    _, factors = S.flint.charpoly().factor()
    roots = []
    for idx, (f, e) in enumerate(factors):
        for r in real_roots(f):
            roots.extend([(r, idx)] * e)
    roots = sorted(roots, key=lambda t: t[0], reverse=True)
    top, rest = roots[:k], roots[k:]
    if top[-1][0] == rest[0][0]:
        return None
    top_f, rest_f = {i for _, i in top}, {i for _, i in rest}
    if top_f & rest_f:
        return None
    g = flint.fmpq_poly([1])
    for i in top_f:
        g *= factors[i][0]
    V = poly_at(g, S).nullspace()
    assert V.shape[1] == k
    return V


def relaxed_minimiser(X: QMatrix, Y: QMatrix, k: int) -> QMatrix | None:
    """``R*`` of eqs (3)/(4): ``Y X^T (X X^T)^-1`` when ``k >= d_y``, else
    ``proj(Uhat) Y X^T (X X^T)^-1``; None when the top-k eigenspace of Sigma is not
    rational (or not unique). ``X X^T`` must be invertible.

    >>> relaxed_minimiser(QMatrix([[1, 0], [0, 1]]), QMatrix([[3, 0], [0, 1]]), 1)
    QMatrix([[3, 0], [0, 0]])
    """
    M = Y @ X.T @ (X @ X.T).inv()
    if k >= Y.shape[0]:
        return M
    V = top_eigenspace(M @ X @ X.T @ M.T, k)
    return None if V is None else V.projector() @ M


def factor_through(widths, R: QMatrix) -> list:
    """Weights ``[W_1, ..., W_{H+1}]`` with ``W_{H+1} ... W_1 = R`` exactly.

    ``R = F G`` with F the pivot columns of R (rank r); ``W_1 = [G; 0]``, middle layers
    ``[I_r 0; 0 0]``, ``W_{H+1} = [F 0]``. Needs ``rank R <= min(widths)``.

    >>> W = factor_through([2, 1, 3, 2], QMatrix([[1, 2], [2, 4]]))
    >>> W[2] @ W[1] @ W[0]
    QMatrix([[1, 2], [2, 4]])
    """
    L = len(widths) - 1
    if L == 1:
        return [R]
    r = R.rank()
    if r > min(widths):
        raise ValueError(f"rank {r} does not fit through widths {list(widths)}")
    if r == 0:
        return [QMatrix.zeros(widths[i + 1], widths[i]) for i in range(L)]
    F = R.colspace()
    G = F.pinv() @ R
    W = [pad(G, widths[1], widths[0])]
    W += [pad(QMatrix.eye(r), widths[i + 1], widths[i]) for i in range(1, L - 1)]
    W.append(pad(F, widths[L], widths[L - 1]))
    return W


def rational_eps_below(lam) -> flint.fmpq:
    """A rational ``eps > 0`` with ``eps^2 <= lam`` for an exact positive real root
    (or rational) ``lam``: ``sqrt(lam)`` itself when it is rational.

    >>> rational_eps_below(flint.fmpq(9, 4)), rational_eps_below(flint.fmpq(2))
    (3/2, 707/500)
    """
    x = lam if isinstance(lam, flint.fmpq) else lam.exact()
    if x is not None:
        x = flint.fmpq(x)
        a, b = int(x.p), int(x.q)
        if isqrt(a) ** 2 == a and isqrt(b) ** 2 == b:
            return flint.fmpq(isqrt(a), isqrt(b))
        lo = x
    else:
        while lam.lo <= 0:
            lam.refine()
        lo = lam.lo
    digits = 3
    while True:
        n = int(lo.p) * 10 ** (2 * digits) // int(lo.q)
        s = isqrt(n)
        if s > 0:
            return flint.fmpq(s, 10 ** digits)
        digits += 2


#: Largest ``p q`` (bits) :func:`sqrt_parts` factors. Factoring is superpolynomial: a
#: 170-bit semiprime took 0.3 s with flint 0.9, and an instance with one entry 10**40
#: (``latex`` on a mutated AW-001-TRUNC example) hung in the factorisation for minutes.
MAX_SQRT_PARTS_BITS = 160


def sqrt_parts(v) -> tuple:
    """``(b, c)`` with ``sqrt(v) = b sqrt(c)``, b rational and c a squarefree integer,
    for a rational ``v >= 0`` (``(0, 1)`` for 0).

    >>> sqrt_parts(flint.fmpq(9, 20)), sqrt_parts(flint.fmpq(4))
    ((3/10, 5), (2, 1))

    Raises :class:`~symlandscape.exact.numbers.WorkLimitExceeded` when ``p q`` has more
    than ``MAX_SQRT_PARTS_BITS`` bits (it factors ``p q``).
    """
    v = flint.fmpq(v)
    if v < 0:
        raise ValueError("sqrt_parts: negative argument")
    if v == 0:
        return flint.fmpq(0), 1
    n = int(v.p) * int(v.q)          # sqrt(p/q) = sqrt(p q) / q
    if n.bit_length() > MAX_SQRT_PARTS_BITS:
        raise WorkLimitExceeded(f"sqrt_parts: factoring a {n.bit_length()}-bit integer "
                                f"(limit MAX_SQRT_PARTS_BITS = {MAX_SQRT_PARTS_BITS})")
    f, c = 1, 1
    for prime, e in flint.fmpz(n).factor():
        f *= int(prime) ** (e // 2)
        c *= int(prime) ** (e % 2)
    return flint.fmpq(f, int(v.q)), c
