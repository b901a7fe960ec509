"""Star and core loci: constructed points lie on their pieces, are critical (exact gradient),
and the piece dimensions counted from the widths equal the rank of the parametrisation."""

import itertools
import random

import flint
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symlandscape.exact.numbers import InputError
from symlandscape.landscape.loci import (
    core_pieces,
    last_hidden_constant,
    locus_point,
    min_core_depth,
    on_piece,
    parametrisation,
    piece_codim,
    pieces_containing,
    reading_of,
    star_pieces,
)
from symlandscape.models.feedforward import Feedforward


def _net(rng, widths, reading, coeffs=(0, 1, "1/2", 1), m=3):
    q = lambda: flint.fmpq(rng.randint(-2, 2), rng.randint(1, 2))  # noqa: E731
    X = [[q() for _ in range(m)] for _ in range(widths[0])]
    Y = [[q() for _ in range(m)] for _ in range(widths[-1])]
    L = len(widths) - 1
    return Feedforward(widths, X, Y, activation=list(coeffs),
                       biases=True if reading == "G" else [False] * (L - 1) + [True])


def test_pieces_by_definition():
    # brute force from the definitions in DESIGN.md section 7
    for L in range(1, 7):
        assert star_pieces(L, "G") == [i for i in range(1, 10) if 1 <= i < L]
        assert star_pieces(L, "S") == [i for i in range(1, 10) if 2 <= i <= L - 1]
        for r in "GS":
            assert core_pieces(L, r) == list(itertools.combinations(star_pieces(L, r), 2))
    assert (min_core_depth("G"), min_core_depth("S")) == (3, 4)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10 ** 6), st.sampled_from([([1, 2, 2, 1], "G"), ([2, 1, 2, 2], "G"), ([1, 2, 2, 2, 1], "S"),
                                                  ([2, 2, 1, 2, 2], "S"), ([1, 1, 1, 1, 1, 1], "S")]))
def test_points_critical_and_dimensions(seed, case):
    widths, reading = case
    rng = random.Random(seed)
    net = _net(rng, widths, reading)
    assert reading_of(net) == reading
    L = net.L
    for piece in [(i,) for i in star_pieces(L, reading)] + core_pieces(L, reading):
        W = locus_point(net, piece, rng=rng)
        assert on_piece(net, W, piece)
        assert net.gradient(W).is_zero()              # STAR-3.1 on a concrete activation
        assert set(piece) <= set(pieces_containing(net, W, reading)["star"])
        J = parametrisation(net, piece)
        assert J.rank() == J.shape[1] == net.n_params - piece_codim(widths, piece)
        if len(piece) == 2:
            c = last_hidden_constant(net, W)
            assert c is not None and (reading == "G" or all(x == 0 for x in c))


def test_off_locus_and_bad_readings():
    net = _net(random.Random(1), [1, 2, 2, 1], "G")
    W = locus_point(net, [1])
    W2 = [w for w in W]
    W2[-1] = W2[-1] + W2[-1]                       # b_L no longer the mean (unless it is 0)
    assert on_piece(net, W2, [1]) == (W[-1].flint[0, 2] == 0)
    with pytest.raises(InputError):
        reading_of(Feedforward([1, 1, 1], [[1]], [[1]], activation=[1, 1], biases=[False, True]))  # s(0) != 0
    with pytest.raises(InputError):
        locus_point(net, [3])
