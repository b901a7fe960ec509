"""Test oracle only: the old global-minimum test through the k-th additive compound.

``S^[k]`` (size C(d, k)) has the sums of k distinct eigenvalues of ``S`` as its
eigenvalues, so ``s`` is the sum of the k largest iff ``S^[k] - s I`` has no positive
eigenvalue and not only negative ones. Exponential in k; kept here (and only here) to
cross-check the polynomial ``top_sum_attained`` on small sizes.
"""

from itertools import combinations

import flint

from symlandscape.exact.inertia import inertia
from symlandscape.exact.matrix import QMatrix
from symlandscape.exact.roots import descending_roots


def additive_compound(S: QMatrix, k: int) -> QMatrix:
    """The k-th additive compound ``S^[k]`` on the basis ``e_I`` of the k-th exterior power."""
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
                between = sum(1 for j in rest if min(l, jp) < j < max(l, jp))
                M[index[I], col] += -F[l, jp] if between % 2 else F[l, jp]
    return QMatrix(M)


def attains_top_k_sum(S: QMatrix, k: int, s) -> bool:
    """True iff ``s`` equals the sum of the k largest eigenvalues of symmetric ``S`` (1 <= k <= d)."""
    C = additive_compound(S, k)
    N = C.shape[0]
    n_plus, n_minus, _ = inertia(C - QMatrix.eye(N) * s, method="charpoly")
    return n_plus == 0 and n_minus < N


def top_k_sum_is_simple(S: QMatrix, k: int) -> bool:
    """The sum of the k largest eigenvalues is attained by one k-subset only
    (``lambda_k > lambda_{k+1}``): the top eigenvalue of ``S^[k]`` is simple (exact roots
    of its characteristic polynomial)."""
    top = descending_roots(additive_compound(S, k).flint.charpoly())
    return len(top) == 1 or not top[0] == top[1]
