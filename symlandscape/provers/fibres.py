"""Instance families for the fibre claims of seed 002 (statements in
:mod:`symlandscape.theorems.fibres`): FIB-5.7, FIB-5.8, FIB-5.9, WIDE-5.14, AW-002-5.14, ZERO-MAN.

Witnesses: only FIB-5.7's ``symbolic``, the summary of the prover's SymPy proof for an
undefined activation ``s`` (:func:`symbolic_fibre`; quoted, not re-checked). Every fact is
stated with the network's own loss, gradient, Hessian and ``loss_curve`` (the features are
read off the gradient, the fibre's least-squares point is ``Y Phi^+``). Architectures: 1 to 5 layers (widths lists of length 2 to 6), widths 1 to 5,
scalar and vector outputs, hidden and output biases on and off, polynomial activations with
rational coefficients. AW-002-5.14 is searched from the smallest instances
(:func:`aw514_search`).
"""

__all__ = ["fibre_instance", "aw514_search", "zero_loss_instance", "symbolic_fibre", "ACTIVATIONS"]

import itertools
import random

import flint
import sympy

from ..exact.matrix import QMatrix
from ..instances import Instance
from ..landscape.fibres import features, output_jacobian, zero_loss_data
from ..models.feedforward import Feedforward
from .feedforward import feedforward_instance, net_of
from .registry import prover

#: Largest parameter count for the symbolic proof (nested SymPy expressions of an undefined s).
MAX_SYMBOLIC_PARAMS = 60


def symbolic_fibre(net) -> dict:
    """FIB-5.7 for an undefined activation ``s``, every parameter a symbol: the outputs are
    ``V Phi_s`` with ``Phi_s`` (read off as ``dF/dV``) free of the last layer's symbols, so the
    loss on every fibre is ``1/2 ||V Phi_s - Y||^2``; counts the entries of ``F - V Phi_s`` that
    expand to 0.

    >>> symbolic_fibre(Feedforward([1, 2, 1], [[1, 2]], [[0, 1]], activation=[0, 1, 1]))
    {'activation': 'undefined s', 'entries': 2, 'identically_zero': 2, 'all': True}
    """
    snet = Feedforward(net.widths, net.X, net.Y, activation="s", biases=net.biases)
    out = snet.symbolic()
    F, V = out["output"], out["weights"][-1]
    vs = set(V)
    # Phi_s[b, j] = dF_0(x_j) / dV[0, b]: the features as SymPy expressions
    Phi = sympy.Matrix(V.shape[1], net.m, lambda b, j: sympy.diff(F[0, j], V[0, b]))
    free = all(not (e.free_symbols & vs) for e in Phi)
    R = (F - V * Phi).applyfunc(sympy.expand)
    zero = sum(1 for e in R if e == 0)
    return {"activation": "undefined s", "entries": len(R), "identically_zero": zero, "all": free and zero == len(R)}


def _symbolic_witness(inst):
    net = net_of(inst)
    return None if net.n_params > MAX_SYMBOLIC_PARAMS else symbolic_fibre(net)


#: Polynomial activations of the families: x + x^2, x - x^3/3, identity, 1 + x + x^2/2, 2x^2 - x.
ACTIVATIONS = [(0, 1, 1, 0), (0, 1, 0, "-1/3"), (0, 1, 0, 0), (1, 1, "1/2", 0), (0, -1, 2, 0)]


def _q(rng, lo=-3, hi=3, den=3):
    return flint.fmpq(rng.randint(lo, hi), rng.randint(1, den))


def fibre_instance(widths, m, coeffs, hidden_bias, output_bias, rng, W=None, X=None, Y=None, name="") -> Instance:
    """A feedforward instance with random rational data (distinct inputs) and point."""
    if X is None:
        while True:
            X = [[_q(rng) for _ in range(m)] for _ in range(widths[0])]
            if len({tuple(X[i][j] for i in range(widths[0])) for j in range(m)}) == m:
                break
    if Y is None:
        Y = [[_q(rng) for _ in range(m)] for _ in range(widths[-1])]
    base = feedforward_instance(widths, X, Y, coeffs, "G" if hidden_bias else "S", output_bias=output_bias)
    net = net_of(base)
    if W is None:
        W = [[[_q(rng, -2, 2, 2) for _ in range(c)] for _ in range(r)] for r, c in net.shapes]
    env = {**base.env, **{f"W{k + 1}": QMatrix(w) for k, w in enumerate(W)}}
    label = name or (f"widths {list(widths)}, m = {m}, s = {tuple(str(c) for c in coeffs)}, "
                     f"hidden bias {hidden_bias}, output bias {output_bias}")
    return Instance("feedforward", env, tuple(widths), label)


#: (widths, m, activation index, hidden_bias, output_bias): depth 1 to 5, widths 1 to 5.
_ARCHS = [([1, 2, 1], 2, 0, 1, 1), ([2, 3, 2], 3, 1, 0, 1), ([1, 2, 2, 1], 3, 3, 1, 0), ([2, 2, 3, 2], 2, 0, 1, 1),
          ([1, 3, 2, 2, 1], 3, 1, 0, 1), ([1, 2, 2, 2, 2, 1], 2, 0, 1, 1), ([2, 5, 1], 4, 4, 1, 0),
          ([1, 1, 4, 2], 3, 2, 0, 0), ([3, 1], 2, 2, 1, 1), ([1, 2, 1, 1, 3], 2, 4, 1, 1)]


def _fib57_instances(seed=57):
    rng = random.Random(seed)
    for widths, m, a, hb, ob in _ARCHS:
        yield fibre_instance(widths, m, ACTIVATIONS[a], hb, ob, rng)


def _full_rank(widths, m, a, hb, ob, rng, tries=50):
    for _ in range(tries):
        inst = fibre_instance(widths, m, ACTIVATIONS[a], hb, ob, rng)
        if features(net_of(inst), inst.weights).rank() == m:
            return inst
    raise RuntimeError(f"no full-rank features for {widths} in {tries} draws")


#: Wide last hidden layers (d_(L-1) + output bias >= m): full-rank features for random points.
_WIDE = [([1, 3, 1], 3, 0, 1, 1), ([2, 2, 4, 2], 4, 1, 0, 1), ([1, 2, 3, 1], 3, 3, 1, 0), ([2, 3, 3, 3, 2], 3, 0, 1, 1),
         ([1, 2, 5, 2], 5, 4, 1, 0), ([1, 2, 2, 2, 2, 1], 2, 1, 1, 1), ([2, 1, 2], 2, 0, 1, 1)]


def _fib58_instances(seed=58):
    rng = random.Random(seed)
    for widths, m, a, hb, ob in _WIDE:
        yield _full_rank(widths, m, a, hb, ob, rng)
    # rank < m: more samples than feature rows, and a zero hidden layer (constant features)
    yield fibre_instance([1, 1, 1], 3, ACTIVATIONS[0], 1, 1, rng, name="rank Phi < m: widths [1, 1, 1], m = 3")
    inst = fibre_instance([1, 2, 2, 1], 2, ACTIVATIONS[0], 1, 1, rng)
    W = inst.weights
    W[1] = QMatrix([[0, 0, 1], [0, 0, -1]])
    yield Instance("feedforward", {**inst.env, "W2": W[1]}, inst.widths,
                   "rank Phi < m: W_2 = 0 makes the features constant")


def _fib59_instances(seed=59):
    rng = random.Random(seed)
    for widths, m, a, hb, ob in _WIDE:
        if widths[-2] >= m:
            yield _full_rank(widths, m, a, hb, ob, rng)
    yield fibre_instance([1, 1, 1], 2, ACTIVATIONS[0], 1, 1, rng, name="d_(L-1) = 1 < m = 2")


def _wide514_instances(seed=514):
    rng = random.Random(seed)
    for widths, m, a, hb, _ in _ARCHS + _WIDE:
        yield fibre_instance(widths, m, ACTIVATIONS[a], hb, 0, rng)
    inst = fibre_instance([1, 2, 2, 2], 3, ACTIVATIONS[0], 1, 0, rng)
    yield Instance("feedforward", {**inst.env, "W2": QMatrix.zeros(2, 3)}, inst.widths,
                   "W_2 = 0 (zero features after s(0) = 0)")


def aw514_search(limit=24):
    """AW-002-5.14 from the smallest instances: widths [1, 1, 1] (no hidden bias, then with
    one), one then two samples, identity then x + x^2, distinct data and weights in
    {-1, 0, 1} ordered by largest entry, number of nonzeros and of negative entries (targets
    0: the rank does not see them); of each group the smallest candidate and the smallest
    with every weight nonzero; then a few larger networks (vector output, depth 3)."""
    out = []
    for hb in (0, 1):
        for m in (1, 2):
            for a in (2, 0):
                widths = [1, 1, 1]
                cands = []
                n_w = 1 + hb
                for xs in itertools.product((0, 1, -1), repeat=m):
                    if len(set(xs)) < m:
                        continue
                    for ws in itertools.product((0, 1, -1), repeat=n_w + 2):
                        ent = list(xs) + list(ws)
                        cands.append((max(abs(e) for e in ent), sum(e != 0 for e in ent), sum(e < 0 for e in ent),
                                      xs, ws))
                cands.sort()
                # the smallest candidate, and the smallest with every weight nonzero
                picks = [cands[0], next(cd for cd in cands if all(w != 0 for w in cd[4]))]
                for _, _, _, xs, ws in picks:
                    W = [[list(ws[:n_w])], [list(ws[n_w:])]]
                    out.append(fibre_instance(widths, m, ACTIVATIONS[a], hb, 1, None, W=W, X=[list(xs)], Y=[[0] * m],
                                              name=f"widths [1, 1, 1], hidden bias {hb}, m = {m}, "
                                                   f"s = {ACTIVATIONS[a][:3]}, X = {list(xs)}, W = {W}"))
    rng = random.Random(5140)
    for widths, m, a, hb in [([1, 2, 2], 2, 0, 1), ([2, 2, 2, 1], 3, 1, 0), ([1, 3, 1], 3, 0, 1), ([1, 1, 2], 2, 2, 0)]:
        out.append(fibre_instance(widths, m, ACTIVATIONS[a], hb, 1, rng))
    return out[:limit]


def zero_loss_instance(widths, m, coeffs, hb, ob, rng, W=None, X=None, name="", regular=False, tries=50) -> Instance:
    """A point with its targets ``Y = F(X; theta)`` (a zero of the loss by construction);
    ``regular``: redraw the point until the output Jacobian has rank ``m d_out`` (random
    small rationals hit zeros, and a zero weight can drop the rank)."""
    for _ in range(tries):
        inst = fibre_instance(widths, m, coeffs, hb, ob, rng, W=W, X=X)
        net = net_of(inst)
        if not regular or output_jacobian(net, inst.weights).rank() == m * widths[-1]:
            break
    else:
        raise RuntimeError(f"no regular zero-loss point for {widths} in {tries} draws")
    Y = zero_loss_data(net, inst.weights)
    return Instance("feedforward", {**inst.env, "Y": Y}, inst.widths, name or inst.name + ", Y = F(X)")


def _zeroman_instances(seed=41):
    rng = random.Random(seed)
    for widths, m, a, hb, ob in [([1, 2, 1], 2, 0, 1, 1), ([2, 2, 2], 2, 1, 0, 1), ([1, 2, 2, 1], 3, 3, 1, 1),
                                 ([2, 3, 2, 2], 3, 0, 1, 0), ([1, 2, 2, 2, 1], 4, 4, 1, 1), ([1, 1, 1], 1, 2, 0, 0),
                                 ([1, 2, 1, 1, 1, 1], 3, 0, 1, 1)]:
        yield zero_loss_instance(widths, m, ACTIVATIONS[a], hb, ob, rng, regular=True)
    # rank drops (hypotheses not met): the origin of s(x) = x with Y = 0; a star-locus point
    # (W_1 = 0, W_L = 0, b_L = y) with constant targets; repeated samples
    yield fibre_instance([1, 1, 1], 1, ACTIVATIONS[2], 0, 0, rng, W=[[[0]], [[0]]], X=[[1]], Y=[[0]],
                         name="origin of [1, 1, 1], s(x) = x, Y = 0: J = 0")
    yield fibre_instance([1, 2, 2, 1], 2, ACTIVATIONS[0], 1, 1, rng, X=[[1, 2]], Y=[[1, 1]],
                         W=[[[0, 1], [0, -1]], [[1, 2, 0], [0, 1, 1]], [[0, 0, 1]]],
                         name="star locus S_1 with constant targets: constant features")
    yield zero_loss_instance([1, 2, 1], 2, ACTIVATIONS[0], 1, 1, rng, X=[[1, 1]], name="repeated sample")


prover("FIB-5.7", instances=_fib57_instances, witnesses={"symbolic": _symbolic_witness})
prover("FIB-5.8", instances=_fib58_instances)
prover("FIB-5.9", instances=_fib59_instances)
prover("WIDE-5.14", instances=_wide514_instances)
prover("AW-002-5.14", instances=aw514_search)
prover("ZERO-MAN", instances=_zeroman_instances)
