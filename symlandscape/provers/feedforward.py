"""Instance families and witnesses for the star and core loci of seed 002 (statements in
:mod:`symlandscape.theorems.feedforward`).

Witnesses (JSON data; the statements verify what they can, nothing here is trusted):

=================== ==================================================================
``symbolic``         summary of the prover's SymPy proof for an undefined activation ``s``
                     (:func:`symbolic_star`, :func:`symbolic_core`): quoted, not re-checked
``c``                the last hidden output on the core (the Hessian block is built from it)
``param_<piece>``    the Jacobian of the piece's parametrisation (CORE-DIM)
=================== ==================================================================
"""

__all__ = ["symbolic_star", "symbolic_core", "feedforward_instance", "net_of"]

import random

import flint
import sympy

from ..exact.matrix import QMatrix
from ..instances import Instance
from ..landscape.loci import (
    core_pieces,
    last_hidden_constant,
    locus_point,
    parametrisation,
    pieces_containing,
    star_pieces,
)
from ..models.feedforward import Feedforward, feedforward_from_scalars
from .registry import prover

#: Largest parameter count for the symbolic proofs (SymPy Hessians grow as n^2 expressions).
MAX_SYMBOLIC_PARAMS = 120


def net_of(inst: Instance) -> Feedforward:
    """The network of a feedforward instance."""
    sc = {k: inst.env[k].flint[0, 0] for k in ("a0", "a1", "a2", "a3", "hidden_bias", "output_bias")}
    return feedforward_from_scalars(list(inst.widths), inst.env["X"], inst.env["Y"], **sc)


def feedforward_instance(widths, X, Y, coeffs=(0, 1, 1, 0), reading="G", W=None, name="", output_bias=1) -> Instance:
    """A feedforward instance (reading G: all biases; S: only the output bias, unless ``output_bias = 0``)."""
    cs = list(coeffs) + [0] * (4 - len(coeffs))
    env = {"X": QMatrix(X), "Y": QMatrix(Y)}
    for i, cf in enumerate(cs):
        env[f"a{i}"] = QMatrix([[cf]])
    env["hidden_bias"] = QMatrix([[1 if reading == "G" else 0]])
    env["output_bias"] = QMatrix([[output_bias]])
    if W is not None:
        env.update({f"W{k + 1}": QMatrix(w) for k, w in enumerate(W)})
    return Instance("feedforward", env, tuple(widths), name)


def _reading(net) -> str:
    return "G" if all(net.biases) else "S"


def _symbolic_net(net):
    return Feedforward(net.widths, net.X, net.Y, activation="s" if _reading(net) == "G" else "s0",
                       biases=net.biases)


def _symbolic_point(net, zero_layers):
    """Weights with the piece's fixed entries (W_L = 0, b_L = mean y, W_i = 0) and symbols elsewhere."""
    snet = _symbolic_net(net)
    syms = snet.symbols()
    base = locus_point(net, zero_layers, free=None)      # fixed entries as in the locus
    L, d = net.L, net.widths
    out = []
    for k, S in enumerate(syms):
        M = sympy.Matrix(S)
        for a in range(M.shape[0]):
            for b in range(M.shape[1]):
                fixed = k == L - 1 or ((k + 1) in zero_layers and b < d[k])
                if fixed:
                    M[a, b] = sympy.Rational(str(base[k].flint[a, b]))
        out.append(M)
    return snet, out


def _label(net):
    return "undefined s" + (", s(0) = 0" if _reading(net) == "S" else "")


def symbolic_star(net, piece) -> dict:
    """STAR-3.1 for an undefined ``s`` on the piece ``S_i`` (free parameters symbols): the
    gradient by backprop in SymPy, each entry expanded; counts the entries identically 0.

    >>> net = Feedforward([1, 2, 1], [[1, 2]], [[0, 1]], activation=[0, 1, 1])
    >>> symbolic_star(net, (1,))
    {'activation': 'undefined s', 'piece': [1], 'entries': 7, 'identically_zero': 7, 'all': True}
    """
    snet, W = _symbolic_point(net, set(piece))
    g = snet.symbolic_derivatives(W, hessian=False)["gradient"]
    zero = sum(1 for e in g if sympy.expand(e) == 0)
    return {"activation": _label(net), "piece": list(piece), "entries": len(g), "identically_zero": zero,
            "all": zero == len(g)}


def symbolic_core(net, pair) -> dict:
    """CORE-3.2 for an undefined ``s`` on ``S_i cap S_j``: every Hessian entry outside the
    ``(W_L, b_L)`` block, and every entry of the block minus ``m [c; 1][c; 1]^T kron I`` with
    the symbolic last hidden output ``c`` (the same at every sample), expands to 0."""
    snet, W = _symbolic_point(net, set(pair))
    H = snet.symbolic_derivatives(W)["hessian"]
    L, d, n = net.L, net.widths, net.n_params
    # the last hidden output at each sample with these weights: forward pass in SymPy
    s = snet.act.sympy(0)
    Z = sympy.Matrix(net.X.to_sympy())
    for k in range(L - 1):
        P = W[k][:, :d[k]] * Z
        if net.biases[k]:
            P = P + W[k][:, d[k]] * sympy.ones(1, Z.shape[1])
        Z = P.applyfunc(s)
    same = all(sympy.expand(Z[a, j] - Z[a, 0]) == 0 for a in range(d[L - 1]) for j in range(net.m))
    ct = sympy.Matrix(list(Z[:, 0]) + [1])
    target = sympy.kronecker_product(net.m * ct * ct.T, sympy.eye(d[L]))
    off = n - target.shape[0]
    zero = total = 0
    for a in range(n):
        for b in range(n):
            want = target[a - off, b - off] if a >= off and b >= off else 0
            total += 1
            zero += sympy.expand(H[a, b] - want) == 0
    return {"activation": _label(net), "piece": list(pair), "entries": total, "identically_zero": zero,
            "all": zero == total and same}


def _symbolic_witness(kind):
    def find(inst):
        net = net_of(inst)
        if net.n_params > MAX_SYMBOLIC_PARAMS:
            return None
        W = inst.weights
        found = pieces_containing(net, W, _reading(net))
        if kind == "star":
            return symbolic_star(net, (found["star"][0],)) if found["star"] else None
        return symbolic_core(net, found["core"][0]) if found["core"] else None
    return find


def _c_witness(inst):
    net = net_of(inst)
    c = last_hidden_constant(net, inst.weights)
    return None if c is None else [str(x) for x in c]


def _param_witness(inst, name):
    net = net_of(inst)
    piece = tuple(int(x) for x in name.split("_")[1:])
    return parametrisation(net, piece).tostrings()


def _param_witnesses(max_depth=12) -> dict:
    """Witness finders ``param_<i>`` and ``param_<i>_<j>`` for every piece up to ``max_depth``."""
    names = [f"param_{i}" for i in range(1, max_depth)]
    names += [f"param_{i}_{j}" for i in range(1, max_depth) for j in range(i + 1, max_depth)]
    return {name: (lambda inst, name=name: _param_witness(inst, name)) for name in names}


def _data(rng, widths, m):
    q = lambda: flint.fmpq(rng.randint(-3, 3), rng.randint(1, 3))  # noqa: E731
    return ([[q() for _ in range(m)] for _ in range(widths[0])], [[q() for _ in range(m)] for _ in range(widths[-1])])


_ACTS = [(0, 1, 1, 0), (0, 1, 0, "-1/3"), (0, 1, 0, 0), (1, 1, "1/2", 0)]


def _star_instances(seed=31):
    rng = random.Random(seed)
    cases = [([1, 2, 1], "G"), ([1, 2, 2, 1], "G"), ([2, 2, 2, 2], "G"), ([1, 2, 2, 1], "S"),
             ([2, 2, 2, 2, 1], "S"), ([1, 2, 2, 2, 2], "S")]
    for widths, reading in cases:
        for coeffs in _ACTS:
            if reading == "S" and coeffs[0] != 0:
                continue
            X, Y = _data(rng, widths, 3)
            inst = feedforward_instance(widths, X, Y, coeffs, reading)
            net = net_of(inst)
            pieces = star_pieces(net.L, reading)
            i = pieces[rng.randrange(len(pieces))]
            W = locus_point(net, [i], rng=rng)
            yield Instance("feedforward", {**inst.env, **{f"W{k + 1}": w for k, w in enumerate(W)}}, inst.widths,
                           f"widths {widths}, reading {reading}, s = {coeffs}, on S_{i}")
    # off the locus: b_L not the mean (hypotheses not met)
    X, Y = _data(rng, [1, 2, 1], 2)
    inst = feedforward_instance([1, 2, 1], X, Y)
    W = locus_point(net_of(inst), [1], rng=rng)
    W[-1] = QMatrix([[0, 0, W[-1].flint[0, 2] + 1]])
    yield Instance("feedforward", {**inst.env, "W1": W[0], "W2": W[1]}, inst.widths, "b_L off the mean")


def core_instances(seed=32, vector=True, scalar=True):
    """Core points in both readings, from the smallest depth with a core up."""
    rng = random.Random(seed)
    cases = []
    if vector:
        cases += [([1, 1, 1, 2], "G", 1), ([1, 1, 1, 1, 2], "S", 1), ([2, 2, 2, 2], "G", 3), ([1, 2, 2, 2, 3], "S", 2)]
    if scalar:
        cases += [([1, 1, 1, 1], "G", 2), ([1, 2, 2, 1], "G", 3), ([2, 2, 2, 2, 1], "G", 3), ([1, 1, 1, 1, 1], "S", 2),
                  ([1, 3, 3, 3, 1], "S", 3), ([2, 2, 2, 2, 2, 1], "S", 2)]
    for widths, reading, m in cases:
        for coeffs in _ACTS[:2] + ([_ACTS[3]] if reading == "G" else []):
            X, Y = _data(rng, widths, m)
            inst = feedforward_instance(widths, X, Y, coeffs, reading)
            net = net_of(inst)
            pairs = core_pieces(net.L, reading)
            pair = pairs[rng.randrange(len(pairs))]
            W = locus_point(net, pair, rng=rng)
            yield Instance("feedforward", {**inst.env, **{f"W{k + 1}": w for k, w in enumerate(W)}}, inst.widths,
                           f"widths {widths}, reading {reading}, m = {m}, s = {coeffs}, on S_{pair[0]} cap S_{pair[1]}")


def _core33_instances(seed=33):
    rng = random.Random(seed)
    for widths, reading in [([1, 2, 1], "G"), ([1, 2, 2, 2], "G"), ([2, 1, 2, 1], "S"), ([1, 2, 1, 2], "G")]:
        for coeffs in _ACTS[:2]:
            X, Y = _data(rng, widths, 2)
            inst = feedforward_instance(widths, X, Y, coeffs, reading)
            net = net_of(inst)
            W = [[[flint.fmpq(rng.randint(-3, 3), rng.randint(1, 2)) for _ in range(c)] for _ in range(r)]
                 for r, c in net.shapes]
            W[-1] = [[0] * net.widths[-2] + ([rng.randint(-2, 2)] if net.biases[-1] else []) for _ in W[-1]]
            yield Instance("feedforward", {**inst.env, **{f"W{k + 1}": QMatrix(w) for k, w in enumerate(W)}},
                           inst.widths, f"widths {widths}, reading {reading}, s = {coeffs}, W_L = 0")


def _dim_instances(seed=34):
    rng = random.Random(seed)
    for widths, reading in [([1, 2, 1], "G"), ([2, 3, 3, 1], "G"), ([1, 2, 3, 4, 2], "G"), ([2, 3, 3, 1], "S"),
                            ([1, 2, 3, 4, 2], "S"), ([2, 3, 3, 3, 3, 1], "S")]:
        X, Y = _data(rng, widths, 2)
        yield feedforward_instance(widths, X, Y, (0, 1, 1, 0), reading, name=f"widths {widths}, reading {reading}")


_CORE_W = {"symbolic": _symbolic_witness("core"), "c": _c_witness}

prover("STAR-3.1", instances=_star_instances, witnesses={"symbolic": _symbolic_witness("star")})
prover("CORE-3.2", instances=core_instances, witnesses=_CORE_W)
prover("AW-002-3.2", instances=lambda: core_instances(seed=35), witnesses=_CORE_W)
prover("CORE-3.3", instances=_core33_instances)
prover("CORE-DIM", instances=_dim_instances, witnesses=_param_witnesses())
