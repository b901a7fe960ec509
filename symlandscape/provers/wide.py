"""Instance families and witnesses for the very wide claims and growth rates of seed 002
(statements in :mod:`symlandscape.theorems.wide`, mathematics in
:mod:`symlandscape.landscape.wide`).

Witnesses (JSON data; the statements check them):

================== ==================================================================
``features``        the last hidden outputs ``Z`` (checked against the Hessian's W_L block)
``V``               a basis of the level subspace (:func:`~symlandscape.landscape.wide.level_subspace`)
``global_min``      a zero-loss point (:func:`~symlandscape.landscape.wide.zero_loss_point`)
``core_point``      a point of the core piece used by GROW-6.2
``star_point``      a point of ``S_{L-1}`` (critical, constant features)
``param_<piece>``   the Jacobian of a piece's parametrisation (as for CORE-DIM)
================== ==================================================================
"""

__all__ = ["wide_instances", "local_max_instances", "aw519_instances", "zero_block_instances",
           "growth_instances", "GROWTH_CLAIM_WIDTHS"]

import random

import flint

from ..exact.matrix import QMatrix
from ..instances import Instance
from ..landscape.loci import core_pieces, locus_point, parametrisation
from ..landscape.wide import (
    GROWTH_DATA,
    designed_critical_point,
    hidden_features,
    level_subspace,
    local_max_point,
    star_critical_point,
    zero_block_search,
    zero_loss_point,
)
from .feedforward import feedforward_instance, net_of
from .registry import prover

#: The growth claims' instances: the growth table's data set at its two smallest widths (the
#: independent checker evaluates Hessians entry by entry: about a minute at 53 parameters).
GROWTH_CLAIM_WIDTHS = (4, 5)


def _q(rng, a=3, b=3):
    return flint.fmpq(rng.randint(-a, a), rng.randint(1, b))


def _with_point(inst, W, name):
    return Instance("feedforward", {**inst.env, **{f"W{k + 1}": QMatrix(w) for k, w in enumerate(W)}},
                    inst.widths, name)


def _designed(rng, widths, m, coeffs, structure):
    """A designed critical point (data chosen for the point) of one of several structures."""
    n0, d, h = widths[0], widths[-1], widths[-2]
    X = [[flint.fmpq(j - m // 2) + _q(rng, 1, 4) for j in range(m)] for _ in range(n0)]
    shapes = [(widths[k + 1], widths[k] + 1) for k in range(len(widths) - 1)]
    W = [[[_q(rng) for _ in range(c)] for _ in range(r)] for r, c in shapes]
    if structure == "constant features":
        for a in range(h):
            for b in range(widths[-3]):
                W[-2][a][b] = 0
    elif structure == "dead units, repeated units":
        types = [(_q(rng), _q(rng)) for _ in range(2)]
        dead = (_q(rng), _q(rng))
        w = [_q(rng) for _ in range(d)]
        for k in range(h):
            wk, bk = dead if k < 2 else types[k % 2]
            W[-2][k] = [wk] * widths[-3] + [bk]
            for o in range(d):
                W[-1][o][k] = 0 if k < 2 else w[o] * _q(rng)
    got = designed_critical_point(widths, X, W, coeffs, True, rng)
    if got is None:
        return None
    net, Wq = got
    return feedforward_instance(widths, net.X.tolist(), net.Y.tolist(), coeffs, "G", W=[w.tolist() for w in Wq],
                                name=f"widths {widths}, m = {m}, s = {coeffs}, designed critical point ({structure})")


def wide_instances(seed=515):
    """Critical points of very wide nets: designed ones (random, constant features, dead and
    repeated units: the last have H V != 0), star and core points, zero-loss points; then a
    non-critical point and a net that is not very wide (hypotheses not met)."""
    rng = random.Random(seed)
    acts = [(0, 1, 1, 0), (0, 1, "1/2", "1/3"), (1, 1, 1, 1), (0, 0, 1, 0)]
    # a residual needs a rank-deficient output Jacobian: with d_0 = 1 its columns are polynomials
    # in x of degree deg(s)^(L-1), so m must exceed that (and h > m): [1, 5, 1] with m = 4, ...
    cases = [([1, 4, 2], 3, "constant features"), ([1, 5, 1], 4, "random"),
             ([1, 6, 2], 5, "dead units, repeated units"), ([1, 7, 3], 5, "dead units, repeated units"),
             ([1, 6, 6, 1], 5, "random")]
    for widths, m, structure in cases:
        for coeffs in acts[:2] if len(widths) == 3 else acts[:1]:
            inst = _designed(rng, widths, m, coeffs, structure)
            if inst is not None:
                yield inst
    for widths, reading, m in [([1, 3, 3, 1], "G", 2), ([2, 4, 4, 2], "G", 3), ([1, 3, 3, 3, 2], "S", 2)]:
        X = [[_q(rng) for _ in range(m)] for _ in range(widths[0])]
        Y = [[_q(rng) for _ in range(m)] for _ in range(widths[-1])]
        inst = feedforward_instance(widths, X, Y, (0, 1, 1, 0), reading)
        net = net_of(inst)
        yield _with_point(inst, [w.tolist() for w in star_critical_point(net, rng)],
                          f"widths {widths}, reading {reading}, star point S_{net.L - 1}")
        pair = core_pieces(net.L, reading)[0]
        yield _with_point(inst, [w.tolist() for w in locus_point(net, pair, rng=rng)],
                          f"widths {widths}, reading {reading}, core point S_{pair[0]} cap S_{pair[1]}")
        W = zero_loss_point(net, rng)
        if W is not None:
            yield _with_point(inst, [w.tolist() for w in W], f"widths {widths}, reading {reading}, zero-loss point")
    inst = feedforward_instance([1, 3, 1], [[0, 1]], [[1, 2]], (0, 1, 1, 0))
    yield _with_point(inst, [[[1, 0], [1, 1], [2, 0]], [[1, 1, 1, 0]]], "not a critical point")
    inst = feedforward_instance([1, 2, 1], [[0, 1, 2]], [[1, 2, 0]], (0, 1, 1, 0))
    yield _with_point(inst, [w.tolist() for w in star_critical_point(net_of(inst), rng)], "not very wide (h = 2 < m = 3)")


def _features_witness(inst):
    net = net_of(inst)
    return hidden_features(net, inst.weights).tostrings()


def _v_witness(inst):
    net = net_of(inst)
    return level_subspace(net, inst.weights).tostrings()


_WIDE_W = {"features": _features_witness, "V": _v_witness}


def local_max_instances():
    """Local maxima of nets without output bias (s(x) = x^2), smallest first, then points
    that are not certified local maxima."""
    cases = [([1, 2, 1], [[1]], [[-1]]), ([1, 3, 1], [[1, 2]], [[-1, -2]]), ([2, 3, 2], [[1, 0], [0, 1]],
             [[-1, -1], [-2, -1]]), ([1, 4, 4, 1], [[0, 1, 2]], [[-1, -1, -3]])]
    for hb in (True, False):
        for widths, X, Y in cases:
            net, W = local_max_point(widths, X, Y, hidden_bias=hb)
            inst = Instance("feedforward", _env(net, W, hb, 0), tuple(widths),
                            f"widths {widths}, local maximum (s(x) = x^2, W_L = -1, y < 0), hidden bias {int(hb)}")
            yield inst
    net, W = local_max_point([1, 3, 1], [[1, 2]], [[1, -2]])
    yield Instance("feedforward", _env(net, W, True, 0), (1, 3, 1), "a positive target: no sign certificate")


def _env(net, W, hb, ob):
    env = {"X": net.X, "Y": net.Y}
    cs = list(net.act.coeffs) + [flint.fmpq(0)] * (4 - len(net.act.coeffs))
    env.update({f"a{i}": QMatrix([[c]]) for i, c in enumerate(cs)})
    env["hidden_bias"] = QMatrix([[int(hb)]])
    env["output_bias"] = QMatrix([[ob]])
    env.update({f"W{k + 1}": w for k, w in enumerate(W)})
    return env


def aw519_instances(seed=519):
    """Very wide nets with an output bias, smallest first: critical points (star, designed,
    zero-loss) and arbitrary points."""
    rng = random.Random(seed)
    for widths, m in [([1, 2, 1], 1), ([1, 3, 1], 2), ([1, 4, 2], 3), ([1, 3, 3, 1], 2)]:
        X = [[_q(rng) for _ in range(m)] for _ in range(widths[0])]
        Y = [[_q(rng) for _ in range(m)] for _ in range(widths[-1])]
        inst = feedforward_instance(widths, X, Y, (0, 0, 1, 0))
        net = net_of(inst)
        yield _with_point(inst, [w.tolist() for w in star_critical_point(net, rng)], f"widths {widths}, star point")
        W = [[[_q(rng) for _ in range(c)] for _ in range(r)] for r, c in net.shapes]
        yield _with_point(inst, W, f"widths {widths}, a random point")
    inst = _designed(rng, [1, 5, 1], 4, (0, 1, 1, 0), "random")
    if inst is not None:
        yield inst


def zero_block_instances(max_n=3):
    """Symmetric matrices with a leading zero block, smallest n first (entries 0, 1, -1)."""
    for A, k, _ in zero_block_search(max_n):
        yield Instance("matrices", {"A": A, "k": QMatrix([[k]])}, None, f"{A.shape[0]} x {A.shape[0]}, k = {k}")


def growth_instances(widths=GROWTH_CLAIM_WIDTHS):
    """The fixed data set of :data:`~symlandscape.landscape.wide.GROWTH_DATA` at hidden
    widths ``widths``, readings G and S."""
    data = GROWTH_DATA
    for reading in ("G", "S"):
        for n in widths:
            ws = [len(data["X"])] + [n] * (data["depth"] - 1) + [len(data["Y"])]
            yield feedforward_instance(ws, data["X"], data["Y"], data["activation"], reading,
                                       name=f"hidden width {n}, reading {reading}")


def _point_witness(kind):
    def find(inst):
        net = net_of(inst)
        rng = random.Random(net.widths[1])
        reading = "G" if all(net.biases) else "S"
        if kind == "global_min":
            W = zero_loss_point(net, rng)
        elif kind == "star_point":
            W = star_critical_point(net, rng)
        else:
            pairs = core_pieces(net.L, reading)
            W = locus_point(net, list(pairs[0]), rng=rng) if pairs else None
        return None if W is None else [w.tostrings() for w in W]
    return find


def _param_witnesses() -> dict:
    def find(inst, name):
        piece = [int(x) for x in name.split("_")[1:]]
        return parametrisation(net_of(inst), piece).tostrings()
    names = [f"param_{i}" for i in range(1, 8)] + [f"param_{i}_{j}" for i in range(1, 8) for j in range(i + 1, 8)]
    return {name: (lambda inst, name=name: find(inst, name)) for name in names}


_GROW_W = {"global_min": _point_witness("global_min"), "star_point": _point_witness("star_point"),
           "core_point": _point_witness("core_point"), **_param_witnesses()}

prover("WIDE-5.15", instances=wide_instances, witnesses=_WIDE_W)
prover("WIDE-5.16", instances=lambda: wide_instances(seed=516), witnesses=_WIDE_W)
prover("WIDE-5.17", instances=lambda: wide_instances(seed=517), witnesses=_WIDE_W)
prover("WIDE-5.18", instances=lambda: wide_instances(seed=518), witnesses=_WIDE_W)
prover("WIDE-5.19", instances=local_max_instances)
prover("AW-002-5.19", instances=aw519_instances)
prover("AW-002-5.16", instances=zero_block_instances)
prover("GROW-6.1", instances=growth_instances, witnesses=_GROW_W)
prover("GROW-6.2", instances=growth_instances, witnesses=_GROW_W)
