"""Instance families and witnesses for the Hardt–Ma claims of seed 003 (statements in
:mod:`symlandscape.theorems.hardt_ma`): HM-1, HM-2 and AW-003-HM2.

HM-1's global minima come from the exact near-identity factorisations of
:mod:`symlandscape.landscape.near_identity`; its "hypotheses not met" side is a search for
critical points that are not global minima (:func:`nonglobal_critical_search`): every one
found has a layer with ``||W_k|| >= 1``, as the theorem requires.
"""

__all__ = ["hm2_sequence", "nonglobal_critical_search", "hm1_instances", "hm2_instances", "aw_hm2_instances",
           "DEPTH_PIECES"]

import itertools
import random

from ..exact.inertia import inertia
from ..exact.matrix import QMatrix
from ..exact.numbers import rational
from ..instances import Instance
from ..landscape.near_identity import near_identity_factors
from ..models.linear import ResidualLinear
from .instancegen import network_instance, random_qmatrix
from .registry import prover

#: Pieces per elementary factor in the HM-2 witness sequences (depth L = n (s + 1)).
DEPTH_PIECES = (1, 2, 4, 8, 16)


def _res(d, X, R, W=None, name=""):
    X, R = QMatrix(X), QMatrix(R)
    L = len(W) if W is not None else 1
    return network_instance([d] * (L + 1), X, R @ X, None if W is None else [QMatrix(w) for w in W],
                            model="residual_linear", name=name)


def _R_of(inst: Instance) -> QMatrix:
    return inst.env["Y"] @ inst.env["X"].pinv()


def hm2_sequence(inst: Instance, pieces=DEPTH_PIECES, **_):
    """The HM-2 witness: exact factorisations of R at depths ``n (s + 1)``, ``n`` in
    ``pieces``, each with its exact ``max_k ||W_k||``, and ``K = C (s + 1)`` with
    ``max_k ||W_k|| <= K / L``; None when ``det R <= 0`` or X X^T is singular.

    >>> w = hm2_sequence(_res(1, [[1]], [[2]]), pieces=(1, 2))
    >>> w["constant"], [(len(it["layers"]), it["bound"]) for it in w["depths"]]
    ('1', [(1, '1'), (2, '1/2')])
    """
    X = inst.env["X"]
    d = X.shape[0]
    if X.rank() != d:
        return None
    R = _R_of(inst)
    if R.flint.det() <= 0:
        return None
    depths, K = [], None
    for n in pieces:
        f = near_identity_factors(R, n)
        K = f.constant * (f.depth // n)
        depths.append({"layers": [W.tostrings() for W in f.layers], "bound": str(f.max_norm)})
    return {"constant": str(K), "depths": depths}


def _spectral_lt_one(W: QMatrix) -> bool:
    d = W.shape[0]
    return inertia(QMatrix.eye(d) - W.T @ W)[0] == d


def nonglobal_critical_search(d: int = 1, L: int = 2, grid=(-2, -1, "-1/2", 0, "1/2", 1, 2), Rs=None) -> dict:
    """Exhaustive search of a grid for critical points of the residual risk (``X = I``)
    that are not global minima, and their layer norms.

    ``d = 1``: every ``(w_1, ..., w_L)`` with entries in ``grid``; ``d = 2``: every tuple of
    diagonal layers with entries in ``grid`` and of the rank-one layers ``diag(a, -1)``
    rotated by a quarter turn. Criticality and ``P = R`` are exact; ``||W_k|| < 1`` exact
    (inertia). Returns counts and the non-global critical points found, each with the
    largest ``k`` index set where ``||W_k|| >= 1``.

    By hand for ``d = 1``, ``R = 3``: critical iff ``(1 + w_1)(1 + w_2) = 3`` (the four
    grid pairs of factors (1, 3), (3, 1), (3/2, 2), (2, 3/2)) or ``w_1 = w_2 = -1``:

    >>> out = nonglobal_critical_search(1, 2, Rs=[[[3]]])
    >>> out["critical"], out["nonglobal"], out["nonglobal_within_bound"], out["examples"][0]["W"]
    (5, 1, 0, [[['-1']], [['-1']]])
    """
    grid = [rational(g) for g in grid]
    Rs = [QMatrix(R) for R in (Rs or ([[[3]], [[2]], [["1/2"]], [[-1]]] if d == 1 else
                                      [[[3, 0], [0, 2]], [[2, 0], [0, -1]], [[0, -1], [1, 0]]]))]
    if d == 1:
        layers = [QMatrix([[g]]) for g in grid]
    else:
        J = QMatrix([[0, -1], [1, 0]])
        diag = [QMatrix([[a, 0], [0, b]]) for a in grid for b in grid]
        layers = diag + [J @ QMatrix([[a, 0], [0, -1]]) @ J.T for a in grid]
    out = {"points": 0, "critical": 0, "nonglobal": 0, "nonglobal_within_bound": 0, "examples": []}
    X = QMatrix.eye(d)
    for R in Rs:
        net = ResidualLinear(d, X, R @ X, H=L - 1)
        for W in itertools.product(layers, repeat=L):
            out["points"] += 1
            if not net.gradient(list(W)).is_zero():
                continue
            out["critical"] += 1
            if net.product(list(W), 1, L) == R:
                continue
            out["nonglobal"] += 1
            big = [k + 1 for k, Wk in enumerate(W) if not _spectral_lt_one(Wk)]
            out["nonglobal_within_bound"] += not big
            if len(out["examples"]) < 12:
                out["examples"].append({"R": R.tostrings(), "W": [w.tostrings() for w in W], "norm_ge_1": big,
                                        "risk_minus_d": str((net.product(list(W), 1, L) - R).frob2())})
    return out


def _small_layer(rng, d: int) -> QMatrix:
    while True:
        W = random_qmatrix(rng, d, d, height=2, denominators=(3, 4, 5))
        if _spectral_lt_one(W):
            return W


def hm1_instances():
    """HM-1: global minima with small layers (holds); critical points with a layer of norm
    >= 1 that are not global minima, and a non-critical point (hypotheses not met)."""
    h = rational("1/2")
    yield _res(1, [[1]], [["3/2"]], [[[h]]], "d = 1, one factor: W_1 = R - I = 1/2")
    for R, n, what in [([[2]], 4, "d = 1, R = 2"), ([[0, -1], [1, 0]], 2, "d = 2, R = quarter turn"),
                       ([[-1, 0], [0, -1]], 4, "d = 2, R = -I (half turn, det 1)"),
                       ([[2, 1], [1, 3]], 8, "d = 2, R = [[2, 1], [1, 3]]")]:
        f = near_identity_factors(R, n)
        yield _res(len(R), QMatrix.eye(len(R)), R, f.layers,
                   f"{what}: exact near-identity global minimum, L = {f.depth}, max ||W_k|| = {f.max_norm}")
    rng = random.Random(3)
    for L in (2, 3):
        Ws = [_small_layer(rng, 2) for _ in range(L)]
        R = QMatrix.eye(2)
        for w in Ws:
            R = (QMatrix.eye(2) + w) @ R
        yield _res(2, QMatrix.eye(2), R, Ws, f"d = 2, L = {L}: random layers with ||W_k|| < 1, R their product")
    yield _res(2, [[1, 0, 1], [0, 1, -1]], R, Ws, "x with second moment S != I (Y = R X)")
    # hypotheses not met
    yield _res(2, QMatrix.eye(2), [[2, 0], [0, 1]], [QMatrix.zeros(2, 2)] * 2,
               "W = 0, R != I: ||W_k|| < 1 but not critical")
    yield _res(1, [[1]], [[3]], [[[-1]], [[-1]]], "d = 1, R = 3, W = (-1, -1): critical, not a minimum, ||W_k|| = 1")
    yield _res(2, QMatrix.eye(2), [[3, 0], [0, 2]], [[[0, 0], [0, -1]], [[2, 0], [0, -1]]],
               "d = 2, R = diag(3, 2), W_1 = diag(0, -1), W_2 = diag(2, -1): critical, not a minimum, ||W_2|| = 2")
    yield _res(2, QMatrix.eye(2), [[1, 0], [0, -1]], [[[0, 0], [0, -2]]],
               "det R < 0: the global minimum W_1 = R - I has ||W_1|| = 2")


def hm2_instances():
    """HM-2: x ~ N(0, I) (X = I) and one general S, det R > 0; det R < 0 (hypotheses not met)."""
    for R, what in [([[2]], "d = 1, R = 2"), ([["1/3"]], "d = 1, R = 1/3"),
                    ([[0, -1], [1, 0]], "d = 2, R = quarter turn"), ([[-1, 0], [0, -1]], "d = 2, R = -I (det 1)"),
                    ([[2, 1], [1, 3]], "d = 2, R = [[2, 1], [1, 3]]"),
                    ([[1, 2, 0], [0, 0, 1], [3, 1, 1]], "d = 3, a zero pivot")]:
        yield _res(len(R), QMatrix.eye(len(R)), R, name=f"{what}, x ~ N(0, I)")
    yield _res(2, [[1, 0, 1], [0, 1, -1]], [[0, 1], [-1, "1/2"]], name="d = 2, S = X X^T != I")
    yield _res(2, QMatrix.eye(2), [[1, 0], [0, -1]], name="det R < 0")


def aw_hm2_instances():
    """Smallest first: d = 1 with R in {0, -1, 1, ...} by ``|R|``, then d = 2."""
    for r in (0, -1, 1, 2, "1/2"):
        yield _res(1, [[1]], [[r]], name=f"d = 1, R = {r}")
    yield _res(2, QMatrix.eye(2), [[1, 0], [0, -1]], name="d = 2, R = diag(1, -1) (a reflection)")
    yield _res(2, QMatrix.eye(2), [[-1, 0], [0, -1]], name="d = 2, R = -I (det 1: holds)")


prover("HM-1", instances=hm1_instances)
prover("HM-2", instances=hm2_instances, witnesses={"sequence": hm2_sequence})
prover("AW-003-HM2", instances=aw_hm2_instances, witnesses={"sequence": hm2_sequence})
