r"""The star and core loci of seed 002 (Cooper), in the two readings of DESIGN.md section 7.

A network ``F = A_L o s o ... o s o A_1`` (:class:`~symlandscape.models.feedforward.Feedforward`,
``L`` affine layers ``[W_k | b_k]``). The loci are affine (because ``b_L`` is the data mean):

* ``S_i = {W_L = 0, b_L = mean_j y_j, W_i = 0}``, all other parameters free (the *star*
  locus is the union of the ``S_i``);
* ``S_i cap S_j`` for ``i < j`` (the *core* is the union of these).

Readings. **G** (general): hidden biases free, ``1 <= i < L``; the core needs ``L >= 3``.
**S** (the seed's): no hidden biases, ``s(0) = 0``, ``2 <= i <= L - 1``; the core needs
``L >= 4`` and the last hidden output on the core is ``c = 0``. Both need an output bias.

Dimensions are counted from the widths (:func:`piece_codim`) and checked against the rank
of each piece's affine parametrisation (:func:`parametrisation`).

Examples
--------
>>> star_pieces(4, "G"), star_pieces(4, "S"), core_pieces(3, "G"), core_pieces(3, "S")
([1, 2, 3], [2, 3], [(1, 2)], [])
>>> min_core_depth("G"), min_core_depth("S")
(3, 4)
"""

__all__ = ["READINGS", "star_pieces", "core_pieces", "min_core_depth", "reading_of", "locus_point",
           "on_piece", "pieces_containing", "piece_codim", "parametrisation", "last_hidden_constant"]

import random

import flint

from ..exact.matrix import QMatrix
from ..exact.numbers import InputError

READINGS = ("G", "S")


def _check_reading(reading: str) -> None:
    if reading not in READINGS:
        raise InputError(f"reading {reading!r}: expected 'G' (hidden biases free) or 'S' (none, s(0) = 0)")


def star_pieces(L: int, reading: str) -> list:
    """Indices ``i`` of the star-locus pieces ``S_i`` of a net with ``L`` affine layers."""
    _check_reading(reading)
    return list(range(1 if reading == "G" else 2, L))


def core_pieces(L: int, reading: str) -> list:
    """Pairs ``(i, j)``, ``i < j``, of the core pieces ``S_i cap S_j``."""
    ps = star_pieces(L, reading)
    return [(i, j) for a, i in enumerate(ps) for j in ps[a + 1:]]


def min_core_depth(reading: str, up_to: int = 20) -> int:
    """The smallest ``L`` whose core has a piece (found by enumeration, not by formula)."""
    for L in range(1, up_to + 1):
        if core_pieces(L, reading):
            return L
    raise InputError(f"no core up to depth {up_to}")


def reading_of(net) -> str:
    """``"G"`` for a net with biases on every layer, ``"S"`` for one with only an output bias
    and ``s(0) = 0``; InputError otherwise (the loci are defined for those two)."""
    if not net.biases[-1]:
        raise InputError("the star locus needs an output bias (b_L = mean y)")
    if all(net.biases):
        return "G"
    if not any(net.biases[:-1]) and net.act.zero_at_zero:
        return "S"
    raise InputError("the star locus is defined for all hidden biases (reading G) or none with s(0) = 0 (reading S)")


def _mean_y(net) -> list:
    Y = net.Y.flint
    return [sum((Y[o, j] for j in range(net.m)), flint.fmpq(0)) / net.m for o in range(net.widths[-1])]


def locus_point(net, zero_layers, free=None, rng=None) -> list:
    """A point of ``S_{i_1} cap S_{i_2} cap ...`` (``zero_layers`` = the ``i``'s, 1-based).

    ``W_L = 0``, ``b_L = mean y``, ``W_i = 0`` for ``i`` in ``zero_layers`` (their biases and
    every other parameter free); ``free`` is the list of free values in :func:`parametrisation`
    order, else random small rationals from ``rng``.

    >>> from symlandscape.models.feedforward import Feedforward
    >>> net = Feedforward([1, 1, 1, 1], X=[[1, 2]], Y=[[0, 1]], activation=[0, 1, 1])
    >>> [w.tolist() for w in locus_point(net, [1], free=[5, 6, 7])]
    [[[Fraction(0, 1), Fraction(5, 1)]], [[Fraction(6, 1), Fraction(7, 1)]], [[Fraction(0, 1), Fraction(1, 2)]]]
    """
    L = net.L
    zero = set(zero_layers)
    if not zero <= set(range(1, L)):
        raise InputError(f"zero layers {sorted(zero)} outside 1..{L - 1}")
    slots = _free_slots(net, zero)
    if free is None:
        rng = rng or random.Random(0)
        free = [flint.fmpq(rng.randint(-3, 3), rng.randint(1, 3)) for _ in slots]
    if len(free) != len(slots):
        raise InputError(f"expected {len(slots)} free values, got {len(free)}")
    W = [flint.fmpq_mat(r, c) for r, c in net.shapes]
    for (k, a, b), v in zip(slots, free):
        W[k][a, b] = flint.fmpq(v) if not isinstance(v, flint.fmpq) else v
    mean = _mean_y(net)
    for o in range(net.widths[-1]):
        W[L - 1][o, net.widths[L - 1]] = mean[o]
    return [QMatrix(w) for w in W]


def _free_slots(net, zero) -> list:
    """``(layer index 0-based, row, col)`` of the free entries, in theta order."""
    L, out = net.L, []
    for k, (r, c) in enumerate(net.shapes):
        if k == L - 1:
            continue                     # W_L = 0 and b_L = mean y: nothing free
        for col in range(c):
            weight = col < net.widths[k]
            if weight and (k + 1) in zero:
                continue
            out.extend((k, a, col) for a in range(r))
    # theta order: layer, then column-major
    return sorted(out, key=lambda t: (t[0], t[2], t[1]))


def on_piece(net, W, zero_layers) -> bool:
    """Whether ``W`` lies on ``S_{i_1} cap ...`` (exact)."""
    W = net.weights(W)
    L, d = net.L, net.widths
    WL = W[L - 1].flint
    if net.biases[-1] is False:
        return False
    mean = _mean_y(net)
    if any(WL[o, b] != 0 for o in range(d[L]) for b in range(d[L - 1])):
        return False
    if any(WL[o, d[L - 1]] != mean[o] for o in range(d[L])):
        return False
    return all(all(W[i - 1].flint[a, b] == 0 for a in range(d[i]) for b in range(d[i - 1])) for i in zero_layers)


def pieces_containing(net, W, reading: str) -> dict:
    """The star pieces ``i`` and core pieces ``(i, j)`` of ``reading`` containing ``W``."""
    star = [i for i in star_pieces(net.L, reading) if on_piece(net, W, [i])]
    core = [(i, j) for i, j in core_pieces(net.L, reading) if i in star and j in star]
    return {"star": star, "core": core}


def piece_codim(widths, zero_layers) -> int:
    """Codimension of ``S_{i_1} cap ...`` counted from the widths: ``d_L d_{L-1}`` (``W_L``)
    ``+ d_L`` (``b_L``) ``+ sum_i d_i d_{i-1}``.

    >>> piece_codim([1, 3, 3, 3, 1], [2]), piece_codim([1, 3, 3, 3, 1], [2, 3])
    (13, 22)
    """
    L = len(widths) - 1
    return widths[L] * widths[L - 1] + widths[L] + sum(widths[i] * widths[i - 1] for i in set(zero_layers))


def parametrisation(net, zero_layers) -> QMatrix:
    """The Jacobian of the piece's affine parametrisation ``free values -> theta``, from
    :func:`locus_point` itself (``phi(e_t) - phi(0)`` column by column: exact, affine)."""
    zero = set(zero_layers)
    k = len(_free_slots(net, zero))
    base = net.flatten(locus_point(net, zero, free=[0] * k)).flint
    J = flint.fmpq_mat(net.n_params, k)
    for t in range(k):
        e = [0] * k
        e[t] = 1
        col = net.flatten(locus_point(net, zero, free=e)).flint - base
        for r in range(net.n_params):
            J[r, t] = col[r, 0]
    return QMatrix(J)


def last_hidden_constant(net, W):
    """The last hidden output ``c = z_{L-1}(x)`` if it is the same for every sample, else None."""
    P = net.preactivations(W)
    if net.L == 1:
        return None
    Z = [[net.act.value(x) for x in row] for row in P[-2].flint.tolist()]
    if all(len(set(row)) == 1 for row in Z):
        return [row[0] for row in Z]
    return None
