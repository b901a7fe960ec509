"""The exact global minimum of a deep linear network, with or without data assumptions.

With ``k = min(d_0, ..., d_{H+1})`` (all widths) and ``Sigma = Y X^+ X Y^T``, the
infimum of ``L = 1/2 ||W_{H+1} ... W_1 X - Y||_F^2`` over all weights is attained
and equals ``1/2 ||Y||_F^2 - 1/2 S_k``, ``S_k`` the sum of the k largest
eigenvalues of Sigma (DESIGN.md section 4; ``||Y X^+ X||^2 = tr Sigma``). So a
point is a global minimum iff ``s := ||Y||^2 - 2 L(W)`` equals ``S_k``.

``S_k`` is usually irrational. It is the largest eigenvalue of the k-th
*additive compound* ``Sigma^[k]`` (whose eigenvalues are the sums of k distinct
eigenvalues of Sigma), so ``S_k == s`` is decided by the exact inertia of the
rational matrix ``Sigma^[k] - s I``: no eigenvalue above 0 and not all below.
:func:`top_k_eigenvalues` gives the same decision a second way, by exact root
isolation of characteristic polynomials, for cross-checks and reports.
"""

__all__ = ["sigma_matrix", "min_width", "additive_compound", "attains_top_k_sum",
           "top_k_eigenvalues", "global_min_value"]

from itertools import combinations

import flint

from ..exact.inertia import inertia
from ..exact.matrix import QMatrix
from ..exact.roots import descending_roots
from ..facts.fast import register_op


def sigma_matrix(X: QMatrix, Y: QMatrix) -> QMatrix:
    """``Sigma = Y X^+ X Y^T`` (exact; ``X X^T`` may be singular).

    >>> sigma_matrix(QMatrix([[1, 0]]), QMatrix([[1, 1]])).tolist()
    [[Fraction(1, 1)]]
    """
    return Y @ X.pinv() @ X @ Y.T


def min_width(widths) -> int:
    """``k = min(d_0, ..., d_{H+1})``, inputs and outputs included."""
    return min(widths)


def additive_compound(S: QMatrix, k: int) -> QMatrix:
    """The k-th additive compound ``S^[k]`` on the basis ``e_I`` of the k-th exterior power.

    Its eigenvalues are the sums ``lambda_{i_1} + ... + lambda_{i_k}`` over k-subsets.

    >>> additive_compound(QMatrix([[1, 2], [2, 3]]), 2).tolist()     # trace
    [[Fraction(4, 1)]]
    >>> additive_compound(QMatrix([[1, 2], [2, 3]]), 1) == QMatrix([[1, 2], [2, 3]])
    True

    Notes
    -----
    Size ``C(d, k)``; cost ``O(C(d, k) k d)`` entries.
    """
    d = S.shape[0]
    subsets = list(combinations(range(d), k))
    index = {I: n for n, I in enumerate(subsets)}
    N = len(subsets)
    M = flint.fmpq_mat(N, N)
    F = S.flint
    for col, J in enumerate(subsets):
        M[col, col] = sum((F[j, j] for j in J), flint.fmpq(0))
        Jset = set(J)
        for p, jp in enumerate(J):
            rest = J[:p] + J[p + 1:]
            for l in range(d):
                if l in Jset or F[l, jp] == 0:
                    continue
                I = tuple(sorted(rest + (l,)))
                # e_{j1} ^ .. ^ e_l (at position p) ^ .. : moving e_l to its sorted place
                # passes the elements of J\{jp} strictly between l and jp.
                between = sum(1 for j in rest if min(l, jp) < j < max(l, jp))
                M[index[I], col] += -F[l, jp] if between % 2 else F[l, jp]
    return QMatrix(M)


def attains_top_k_sum(S: QMatrix, k: int, s) -> bool:
    """True iff ``s`` equals the sum of the k largest eigenvalues of symmetric ``S``.

    >>> attains_top_k_sum(QMatrix([[2, 0], [0, 1]]), 1, 2), attains_top_k_sum(QMatrix([[2, 0], [0, 1]]), 1, 1)
    (True, False)
    """
    C = additive_compound(S, k)
    N = C.shape[0]
    n_plus, n_minus, _ = inertia(C - QMatrix.eye(N) * s)
    return n_plus == 0 and n_minus < N


def top_k_eigenvalues(S: QMatrix, k: int) -> list:
    """The k largest eigenvalues of symmetric ``S`` (with multiplicity) as exact real roots.

    >>> [repr(r) for r in top_k_eigenvalues(QMatrix([[2, 0], [0, 1]]), 2)]
    ['2', '1']
    """
    A, _ = S.flint.numer_denom()
    den = flint.fmpq(S.flint.numer_denom()[1])
    cp = A.charpoly()
    # eigenvalues of S are those of A divided by the common denominator
    return [_Scaled(r, den) for r in descending_roots(cp)[:k]]


class _Scaled:
    """A root of the cleared matrix divided by the denominator (kept exact)."""

    __slots__ = ("root", "den")

    def __init__(self, root, den):
        self.root, self.den = root, den

    def __eq__(self, other):
        if isinstance(other, _Scaled) and other.den == self.den:
            return self.root == other.root
        return self.root == flint.fmpq(other) * self.den

    def __lt__(self, other):
        return self.root < flint.fmpq(other) * self.den

    def __float__(self):
        return float(self.root) / float(self.den)

    def __repr__(self):
        x = self.root.exact()
        return str(x / self.den) if x is not None else f"({self.root!r})/{self.den}"


def global_min_value(X: QMatrix, Y: QMatrix, widths) -> tuple:
    """The infimum of the loss as ``(half_norm_Y2, top_k)``: ``inf = half_norm_Y2 - top_k / 2``.

    ``top_k`` is the list of the k largest eigenvalues of Sigma (exact roots);
    when they are all rational the infimum is returned as a rational in a third slot.

    >>> global_min_value(QMatrix([[1, 0], [0, 1]]), QMatrix([[3, 0], [0, 1]]), [2, 1, 2])[2]
    1/2
    """
    k = min_width(widths)
    top = top_k_eigenvalues(sigma_matrix(X, Y), k)
    half = Y.frob2() / 2
    vals = [t.root.exact() for t in top]
    exact = None
    if all(v is not None for v in vals):
        exact = half - sum((v / t.den for v, t in zip(vals, top)), flint.fmpq(0)) / 2
    return half, top, exact


# The fact language's ["compound", a, k] (the checker has its own, from minors).
register_op("compound", lambda env, a, k: additive_compound(_evaluate(a, env), k))


def _evaluate(expr, env):
    from ..facts.fast import evaluate
    return evaluate(expr, env)
