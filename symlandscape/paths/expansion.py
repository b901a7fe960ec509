r"""Path expansion of a ReLU network's outputs (eq (5) of seed 000) and Bernoulli gates (eq (7)).

``Yhat_{j,i} = q sum_{p=1}^{Psi} [X_i]_{j,p} [Z_i]_{j,p} prod_{k=1}^{H+1} w^{(k)}_{j,p}``: a path
``p`` to output ``j`` picks one unit per layer; ``[X_i]_{j,p}`` is the input entry it starts
from, ``w^{(k)}`` the weights on its edges and ``[Z_i]_{j,p}`` the product of the activation
indicators of its units (hidden and output) at sample ``i``. Convention: a unit is active
iff its pre-activation is > 0 (``sigma(0) = 0``), so a pre-activation exactly 0 contributes
nothing on either side of eq (5), which therefore holds at ties too.
"""

__all__ = ["path_expansion", "path_sum", "gated_expectation", "MAX_PATH_TERMS", "MAX_GATE_PATTERNS"]

from fractions import Fraction
from math import lcm, prod

import flint
import numpy as np
import sympy

from ..exact.matrix import QMatrix
from ..exact.numbers import InputError
from ..facts.fast import evaluate, network, register_op
from .graph import input_output_paths, path_graph

#: Largest number of path terms (paths x outputs x samples) :func:`path_sum` evaluates.
MAX_PATH_TERMS = 20_000_000
#: Largest number of gate patterns (2^Psi per output and sample) :func:`gated_expectation` enumerates.
MAX_GATE_PATTERNS = 1 << 16


def path_expansion(net, W=None, sample: int = 1) -> sympy.Matrix:
    """Eq (5) for one sample as a SymPy column (one entry per output).

    Without ``W`` the weights are symbols ``w{k}_{u}{v}`` and the indicators symbols
    ``z{k}_{u}`` (unit ``u`` of layer ``k`` active); with ``W`` both are exact numbers
    (the indicators from the forward pass), so the result is the network's output.

    Examples
    --------
    >>> from symlandscape.models import ReLUNet
    >>> net = ReLUNet([1, 2, 1], X=[[3]], Y=[[0]])
    >>> path_expansion(net)
    Matrix([[3*w1_11*w2_11*z1_1*z2_1 + 3*w1_21*w2_12*z1_2*z2_1]])
    >>> W = [[[1], [-1]], [[2, 5]]]
    >>> path_expansion(net, W), net.output(W)
    (Matrix([[6]]), QMatrix([[6]]))
    """
    widths, i = net.widths, sample - 1
    if not 0 <= i < net.m:
        raise InputError(f"sample {sample} is outside 1..{net.m}")
    L = len(widths) - 1
    if W is None:
        w = lambda k, u, v: sympy.Symbol(f"w{k}_{u + 1}{v + 1}")  # noqa: E731
        z = lambda k, u: sympy.Symbol(f"z{k}_{u + 1}")              # noqa: E731
    else:
        Wq = net.weights(W)
        Z = net.pattern(Wq)
        w = lambda k, u, v: sympy.Rational(str(Wq[k - 1].flint[u, v]))  # noqa: E731
        z = lambda k, u: int(Z[k - 1].flint[u, i])                     # noqa: E731
    x = [sympy.Rational(str(net.X.flint[v, i])) for v in range(widths[0])]
    q = sympy.Rational(str(net.q))
    out = []
    for j in range(widths[-1]):
        total = 0
        for units in np.ndindex(*widths[:-1]):
            path = list(units) + [j]
            term = x[path[0]]
            for k in range(1, L + 1):
                term = term * w(k, path[k], path[k - 1]) * z(k, path[k])
            total += term
        out.append(q * total)
    return sympy.Matrix(out)


def _integer_layers(W):
    """Each layer as (integer numerators as an int64 or object array, common denominator)."""
    out = []
    for Wk in W:
        den = lcm(*(int(x.q) for x in Wk.flint.entries())) if Wk.shape[0] * Wk.shape[1] else 1
        num = [[int(x.p) * (den // int(x.q)) for x in row] for row in Wk.flint.tolist()]
        out.append((num, den))
    return out


def path_sum(net, W) -> QMatrix:
    """Eq (5) evaluated exactly for every output and sample, by explicit enumeration of the
    paths (vectorised over all paths at once with numpy; not the layer-by-layer product).

    Examples
    --------
    >>> from symlandscape.models import ReLUNet
    >>> net = ReLUNet([2, 3, 2], X=[[1, 0], [2, -1]], Y=[[0, 0], [0, 0]], q="1/2")
    >>> W = [[[1, -1], [0, 1], [2, 1]], [[1, 1, -1], [0, 2, 1]]]
    >>> path_sum(net, W) == net.output(W)
    True

    Notes
    -----
    ``Psi * d_y * m`` terms (``Psi = d_x d_1 ... d_H``), each a product of ``H + 2``
    integers: int64 when the a-priori bound fits, Python integers otherwise. Refused past
    ``MAX_PATH_TERMS``.
    """
    W = net.weights(W)
    widths = net.widths
    psi = prod(widths[:-1])
    terms = psi * widths[-1] * net.m
    if terms > MAX_PATH_TERMS:
        raise InputError(f"path_sum: {terms:,} path terms exceed the limit {MAX_PATH_TERMS:,}")
    Z = [np.array(z.flint.tolist(), dtype=np.int64) for z in net.pattern(W)]   # unit x sample
    layers = _integer_layers(W)
    xden = lcm(*(int(x.q) for x in net.X.flint.entries()))
    xnum = np.array([[int(x.p) * (xden // int(x.q)) for x in row] for row in net.X.flint.tolist()], dtype=object)
    bound = max(1, int(np.max(np.abs(xnum))) if xnum.size else 1)
    for num, _ in layers:
        bound *= max(1, max((abs(v) for r in num for v in r), default=1))
    dtype = np.int64 if bound * psi < 2 ** 62 else object
    idx = np.indices(widths[:-1]).reshape(len(widths) - 1, -1)       # one column per path
    out = flint.fmpq_mat(widths[-1], net.m)
    den = xden * prod(d for _, d in layers)
    for i in range(net.m):
        base = xnum[idx[0], i].astype(dtype)                          # x_p
        for k in range(1, len(widths) - 1):                           # hidden layers
            num = np.array(layers[k - 1][0], dtype=dtype)
            base = base * num[idx[k], idx[k - 1]] * Z[k - 1][idx[k], i]
        last = np.array(layers[-1][0], dtype=dtype)
        for j in range(widths[-1]):
            if Z[-1][j, i] == 0:
                continue                                              # output unit inactive
            s = int(np.sum(base * last[j, idx[-1]]))
            out[j, i] = flint.fmpq(s, den)
    return QMatrix(out * net.q)


def gated_expectation(net, W, rho) -> QMatrix:
    """``E_Z[q sum_p x_p Z_p prod(w)]`` with independent Bernoulli(rho) gates ``Z_p`` (one per
    path, output and sample), by exact enumeration of every gate pattern (eq (7)).

    With ``q = 1/rho`` it is the linear network ``W_{H+1} ... W_1 X`` (PATH-7).

    Examples
    --------
    >>> from symlandscape.models import ReLUNet
    >>> net = ReLUNet([1, 2, 1], X=[[1]], Y=[[0]], q=3)
    >>> gated_expectation(net, [[[1], [-1]], [[2, 5]]], "1/3")     # = W2 W1 X = 2 - 5
    QMatrix([[-3]])
    """
    W = net.weights(W)
    rho = flint.fmpq(Fraction(str(rho)).numerator, Fraction(str(rho)).denominator)
    if not 0 <= rho <= 1:
        raise InputError(f"rho = {rho} is not a probability")
    widths = net.widths
    psi = prod(widths[:-1])
    if (1 << psi) > MAX_GATE_PATTERNS:
        raise InputError(f"gated_expectation: 2^{psi} gate patterns exceed the limit {MAX_GATE_PATTERNS:,}")
    out = flint.fmpq_mat(widths[-1], net.m)
    for i in range(net.m):
        for j in range(widths[-1]):
            terms = []
            for units in np.ndindex(*widths[:-1]):
                path = list(units) + [j]
                t = net.X.flint[path[0], i]
                for k in range(1, len(widths)):
                    t *= W[k - 1].flint[path[k], path[k - 1]]
                terms.append(t)
            total = flint.fmpq(0)
            for mask in range(1 << psi):
                on = bin(mask).count("1")
                pr = rho ** on * (1 - rho) ** (psi - on)
                if pr:
                    total += pr * sum((terms[p] for p in range(psi) if mask >> p & 1), flint.fmpq(0))
            out[j, i] = total * net.q
    return QMatrix(out)


# -- fact operations: ["path_sum", model, X, Y, Ws], ["relu_output", ...], ["gated_expectation",
#    model, X, Y, Ws, rho], ["path_count", model, X, Y, Ws] ------------------------------------
def _net(env, model, X, Y, Ws):
    W = [evaluate(w, env) for w in Ws]
    return network(model, evaluate(X, env), evaluate(Y, env), W), W


register_op("path_sum", lambda env, *a: path_sum(*_net(env, *a)))
register_op("relu_output", lambda env, *a: (lambda n, W: n.output(W))(*_net(env, *a)))
def _count_paths(net) -> int:
    """Paths to output 1 counted by walking the path graph (networkx), not by the formula."""
    if prod(net.widths[:-1]) > 200_000:
        raise InputError("path_count: more than 200,000 paths to enumerate")
    return sum(1 for _ in input_output_paths(path_graph(net.widths), 1))


register_op("relu_ties", lambda env, *a: flint.fmpq(sum(
    1 for P in _net(env, *a)[0].preactivations(_net(env, *a)[1]) for x in P.flint.entries() if x == 0)))
register_op("path_count", lambda env, *a: flint.fmpq(_count_paths(_net(env, *a)[0])))
register_op("gated_expectation", lambda env, model, X, Y, Ws, rho:
            gated_expectation(*_net(env, model, X, Y, Ws), evaluate(rho, env)))
