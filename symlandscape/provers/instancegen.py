"""Deterministic generators of exact rational instances for ``prove``.

Random but reproducible (seeded): small integer and rational entries, with
optional prescribed ranks (a product of two random factors) so that
rank-deficient cases are always covered.
"""

__all__ = ["random_qmatrix", "matrices_instances", "network_instance"]

import random

import flint

from ..exact.matrix import QMatrix
from ..instances import Instance


def random_qmatrix(rng: random.Random, m: int, n: int, rank: int | None = None,
                   height: int = 3, denominators: tuple = (1, 1, 2, 3)) -> QMatrix:
    """A random m x n rational matrix, of exactly the given rank when ``rank`` is set.

    >>> A = random_qmatrix(random.Random(0), 3, 4, rank=2)
    >>> A.shape, A.rank()
    ((3, 4), 2)
    """
    if rank is None:
        return QMatrix(flint.fmpq_mat(m, n, [flint.fmpq(rng.randint(-height, height), rng.choice(denominators))
                                             for _ in range(m * n)]))
    if rank == 0:
        return QMatrix.zeros(m, n)
    while True:
        A = random_qmatrix(rng, m, rank, None, height, denominators) @ random_qmatrix(rng, rank, n, None, height, denominators)
        if A.rank() == rank:
            return A


def matrices_instances(shapes: dict, seeds, rank: dict | None = None, name: str = ""):
    """Yield ``matrices`` instances with the given shapes (and optional ranks), one per seed."""
    for s in seeds:
        rng = random.Random(s)
        env = {k: random_qmatrix(rng, m, n, (rank or {}).get(k)) for k, (m, n) in shapes.items()}
        yield Instance("matrices", env, None, name or f"seed {s}")


def network_instance(widths, X, Y, W=None, model: str = "deep_linear", name: str = "") -> Instance:
    """A ``deep_linear`` / ``residual_linear`` instance from exact matrices (and a point).

    >>> inst = network_instance([1, 1, 1], QMatrix([[1]]), QMatrix([[2]]), [QMatrix([[1]])] * 2)
    >>> inst.H, inst.weights[0].shape
    (1, (1, 1))
    """
    env = {"X": QMatrix(X), "Y": QMatrix(Y)}
    if W is not None:
        env.update({f"W{k + 1}": QMatrix(w) for k, w in enumerate(W)})
    return Instance(model, env, tuple(widths), name)
