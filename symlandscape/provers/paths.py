"""Instance families for the ReLU path-model claims (statements in :mod:`symlandscape.theorems.paths`)."""

__all__ = ["relu_instances", "spin_glass_instances"]

import random

import flint

from .. import paths as _paths  # noqa: F401  (registers the path fact operations)
from ..exact.matrix import QMatrix
from ..instances import Instance
from .instancegen import random_qmatrix
from .registry import prover


def _relu_instance(rng, widths, q, m=2, tie=False, name=""):
    X = random_qmatrix(rng, widths[0], m)
    W = [random_qmatrix(rng, widths[k + 1], widths[k]) for k in range(len(widths) - 1)]
    if tie:
        # make the first hidden unit's pre-activation exactly 0 at the first sample while its
        # outgoing weights are nonzero: the convention sigma(0) = 0 is exercised
        row = W[0].flint
        x = X.flint
        s = sum((row[0, v] * x[v, 0] for v in range(1, widths[0])), flint.fmpq(0))
        if x[0, 0] == 0:
            x[0, 0] = 1
        row[0, 0] = -s / x[0, 0]
    Y = random_qmatrix(rng, widths[-1], m)
    env = {"X": X, "Y": Y, "q": QMatrix([[q]])}
    env.update({f"W{k + 1}": w for k, w in enumerate(W)})
    return Instance("relu", env, tuple(widths), name)


def relu_instances(widths_list, qs=(1, 2, "3/2"), seed=0, max_paths=None):
    """Seeded ReLU instances: every widths in ``widths_list``, each q, with and without ties."""
    rng = random.Random(seed)
    for widths in widths_list:
        if max_paths is not None and _psi(widths) > max_paths:
            continue
        for q in qs:
            for tie in (False, True):
                yield _relu_instance(rng, widths, flint.fmpq(*map(int, str(q).split("/"))) if "/" in str(q)
                                     else flint.fmpq(int(q)), tie=tie,
                                     name=f"widths {widths}, q = {q}{', a tie' if tie else ''}")


def _psi(widths):
    out = 1
    for d in widths[:-1]:
        out *= d
    return out


_WIDTHS = [[1, 1], [1, 1, 1], [2, 2, 1], [2, 3, 2], [3, 2, 2, 1], [2, 2, 2, 2], [1, 3, 3, 1], [3, 3, 3, 2]]

prover("PATH-5", instances=lambda: relu_instances(_WIDTHS, seed=500))
prover("PATH-7", instances=lambda: relu_instances(_WIDTHS, qs=(1, 2, 3, "1/2"), seed=700, max_paths=8))


def _tied_instance(rng, widths, q, m=2, name=""):
    """A point tied as A3p/A4p: every row of every layer is the same w^T (needs equal widths)."""
    lam = widths[0]
    w = random_qmatrix(rng, 1, lam)
    inst = _relu_instance(rng, widths, q, m=m, name=name)
    for k in range(1, len(widths)):
        inst.env[f"W{k}"] = QMatrix.vstack([w] * widths[k])
    return inst


def spin_glass_instances(seed=600):
    """PATH-6: tied points (Lambda an integer), untied points, and widths whose Psi is not a
    perfect (H+1)-th power (Lambda irrational: the hypothesis fails, as the issue asks to report)."""
    rng = random.Random(seed)
    for widths, q in (([1, 1], 2), ([2, 1], 3), ([2, 2, 1], 2), ([3, 3, 1], "3/2"), ([2, 2, 2, 1], 2),
                      ([2, 2, 3], 4), ([3, 3, 2], 2), ([1, 1, 1, 1], 5)):
        qq = flint.fmpq(*map(int, str(q).split("/"))) if "/" in str(q) else flint.fmpq(q)
        yield _tied_instance(rng, widths, qq, name=f"widths {widths}, tied weights, q = {q}")
    for widths in ([2, 3, 1], [1, 2, 1], [2, 4, 1]):          # Psi = 6, 2, 8 over H + 1 = 2
        yield _relu_instance(rng, widths, flint.fmpq(2), name=f"widths {widths}: Lambda not an integer")
    yield _relu_instance(rng, [2, 2, 1], flint.fmpq(2), name="widths [2, 2, 1], untied weights")


prover("PATH-6", instances=spin_glass_instances)
