"""Public constructors of exact points of deep linear networks, with the seeds' 1-based indices.

Thin validating wrappers (networkx style) over :mod:`symlandscape.landscape.critical`:
index sets are 1-based as the seeds write them (``I = {1, 3}`` picks the first and third
eigenvectors), and bad input is one clear :class:`~symlandscape.exact.numbers.InputError`,
never a raw ``IndexError``.
"""

__all__ = ["eigenvector_subset_point", "zero_layer_point", "rescaled_point"]

import random
from typing import Sequence

from ..exact.matrix import QMatrix, qmatrix
from ..exact.numbers import InputError
from . import critical


def _net_kind(net) -> None:
    if getattr(net, "kind", None) not in ("deep_linear", "residual_linear"):
        raise InputError("expected a DeepLinear or ResidualLinear network")


def _one_based(I, n: int, what: str) -> list:
    if isinstance(I, (str, bytes)) or not hasattr(I, "__iter__"):
        raise InputError(f"{what}: expected a collection of 1-based indices, got {I!r}")
    out = list(I)
    for i in out:
        if isinstance(i, bool) or not isinstance(i, int) or not 1 <= i <= n:
            raise InputError(f"{what}: index {i!r} is outside 1..{n} (indices are 1-based, as in the seeds)")
    if len(set(out)) != len(out):
        raise InputError(f"{what}: repeated index in {out}")
    return sorted(out)


def eigenvector_subset_point(net, I: Sequence[int], U) -> list:
    """The critical point whose product is ``U_I U_I^T Y X^+`` (the Baldi-Hornik family).

    Parameters
    ----------
    net : DeepLinear
    I : collection of int
        1-based indices of eigenvectors of ``Sigma = Y X^+ X Y^T`` (columns of ``U``),
        at most the narrowest width.
    U : matrix
        ``d_y x d_y`` with orthonormal columns that are eigenvectors of ``Sigma`` (checked
        exactly: the point is rational only when such a rational ``U`` exists).

    Returns
    -------
    list of QMatrix
        ``[W_1, ..., W_{H+1}]``; the gradient there is exactly zero.

    Examples
    --------
    >>> import symlandscape as sl
    >>> net = sl.DeepLinear([2, 1, 2], X=[[1, 0], [0, 1]], Y=[[2, 0], [0, 1]])
    >>> W = eigenvector_subset_point(net, {2}, U=[[1, 0], [0, 1]])
    >>> [w.tolist() for w in W], net.gradient(W).is_zero()
    ([[[Fraction(0, 1), Fraction(1, 1)]], [[Fraction(0, 1)], [Fraction(1, 1)]]], True)
    >>> eigenvector_subset_point(net, [0], U=[[1, 0], [0, 1]])
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: I: index 0 is outside 1..2 (indices are 1-based, as in the seeds)
    """
    _net_kind(net)
    U = qmatrix(U, "U") if not isinstance(U, QMatrix) else U
    dy = net.widths[-1]
    if U.shape != (dy, dy):
        raise InputError(f"U: expected {dy} x {dy} (d_y x d_y), got {U.shape[0]} x {U.shape[1]}")
    if U.T @ U != QMatrix.eye(dy):
        raise InputError("U: the columns are not orthonormal (U^T U != I)")
    S = net.Y @ net.X.pinv() @ net.X @ net.Y.T
    D = U.T @ S @ U
    if any(D.flint[i, j] != 0 for i in range(dy) for j in range(dy) if i != j):
        raise InputError("U: the columns are not eigenvectors of Sigma = Y X^+ X Y^T")
    idx = _one_based(I, dy, "I")
    narrow = min(net.widths)
    if len(idx) > narrow:
        raise InputError(f"I: {len(idx)} indices but the narrowest width is {narrow}")
    return critical.subset_point(net.widths, net.X, net.Y, U, [i - 1 for i in idx])


def zero_layer_point(net, layers: Sequence[int], seed: int = 0) -> list:
    """Random exact weights with the given layers (1-based) set to zero.

    With two or more zero layers every gradient block has a zero factor, so the point is
    critical (and a saddle or a global minimum: see :func:`symlandscape.classify`).

    Examples
    --------
    >>> import symlandscape as sl
    >>> net = sl.DeepLinear([1, 2, 2, 1], X=[[1]], Y=[[1]])
    >>> W = zero_layer_point(net, [1, 3])
    >>> W[0].is_zero(), W[2].is_zero(), net.gradient(W).is_zero()
    (True, True, True)
    >>> zero_layer_point(net, [4])
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: layers: index 4 is outside 1..3 (indices are 1-based, as in the seeds)
    """
    _net_kind(net)
    idx = _one_based(layers, len(net.widths) - 1, "layers")
    return critical.zero_layers_point(net.widths, [i - 1 for i in idx], random.Random(seed))


def rescaled_point(net, W, seed: int = 0) -> list:
    """``W`` moved along the rescaling symmetries ``W_k -> G W_k, W_{k+1} -> W_{k+1} G^-1``.

    The product, the loss and the kind of the point are unchanged; the entries grow.

    Examples
    --------
    >>> import symlandscape as sl
    >>> net = sl.DeepLinear([1, 2, 1], X=[[1]], Y=[[1]])
    >>> W = [[[1], [0]], [[1, 0]]]
    >>> V = rescaled_point(net, W, seed=3)
    >>> net.loss(V) == net.loss(W), V[0] != net.weights(W)[0]
    (True, True)
    """
    _net_kind(net)
    return critical.rescale(net.weights(W), random.Random(seed))
