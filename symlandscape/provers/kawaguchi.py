"""Kawaguchi's Theorem 1 and the questions around it: instance families and witness finders.

The statements (KAW-CONV, KAW-1..4, KAW-4-NORANK, SAD-0, Q-RANK, Q-ATTAIN) are declared in
:mod:`symlandscape.theorems.kawaguchi`; the mathematics the finders use lives in
:mod:`symlandscape.landscape` (:mod:`~symlandscape.landscape.convexity`,
:mod:`~symlandscape.landscape.minimiser`, :mod:`~symlandscape.landscape.curves`,
:mod:`~symlandscape.landscape.critical`, :mod:`~symlandscape.landscape.classify`).

Witnesses (JSON data, rational strings):

=================== =============== ==========================================================
claim               witness         what
=================== =============== ==========================================================
KAW-1               points          the non-convexity points a, b, m, c, d (weights per point)
KAW-2/3/4, SAD-0,   classifi-       a curve along which the loss drops (or rises) at the point
Q-ATTAIN, NORANK    cation.curve    (KAW-2/3/4: the instance's; SAD-0: the origin; Q-ATTAIN: W*)
same                rise            one step ``[D_1, ..., D_{H+1}]``: the loss rises along W + t D
Q-RANK              targets         per rank r: a target M_r and its factorisation
Q-RANK              product_factors the factorisation of the instance's product
Q-RANK              excess_target   a target of rank p + 1 (when p < min(d_x, d_y))
Q-ATTAIN            minimiser       an exact global minimiser, None when it is irrational
=================== =============== ==========================================================
"""

__all__ = ["kaw4_rank_counterexample", "check_kaw4_without_rank", "point_finders"]

import functools
import itertools
import json
import random

from ..exact.matrix import QMatrix
from ..instances import Instance
from ..landscape.classify import curve_witness
from ..landscape.convexity import nonconvexity_points
from ..landscape.critical import data_with_spectrum, full_middle_point, rescale, subset_point, zero_layers_point
from ..landscape.curves import rising_curve
from ..landscape.minimiser import exact_minimiser, factorize, hidden_min
from ..models.linear import DeepLinear
from .instancegen import network_instance, random_qmatrix
from .registry import Verdict, check_claim, prover


# -- points and their witnesses (curves) --------------------------------------------------------
def _key(inst) -> str:
    return json.dumps(inst.to_dict(), sort_keys=True)


def _net(inst) -> DeepLinear:
    return DeepLinear(inst.widths, inst.env["X"], inst.env["Y"])


def _rows(Ws) -> list:
    return [w.tostrings() for w in Ws]


def _origin(inst) -> list:
    w = inst.widths
    return [QMatrix.zeros(w[k + 1], w[k]) for k in range(len(w) - 1)]


_MEMO: dict = {}


def _memo(kind: str, inst, compute):
    """Witness search memoised per instance (``prove`` runs KAW-2/3/4 on the same points)."""
    key = (kind, _key(inst))
    if key not in _MEMO:
        if len(_MEMO) > 1024:
            _MEMO.clear()
        _MEMO[key] = compute()
    return _MEMO[key]


def _exact_minimiser(inst):
    return _memo("minimiser", inst, lambda: exact_minimiser(inst.env["X"], inst.env["Y"], inst.widths)[0])


_POINTS = {
    "weights": lambda inst: inst.weights,
    "origin": _origin,
    "minimiser": _exact_minimiser,
}


def point_finders(point: str) -> dict:
    """The witness finders of :func:`~symlandscape.theorems.kawaguchi.point_kind_facts` at a
    point of the instance: ``"weights"`` (its own), ``"origin"`` or ``"minimiser"``."""
    at = _POINTS[point]

    def curve(inst, want="descent"):
        W = at(inst)
        return None if W is None else _memo(f"curve:{point}:{want}", inst,
                                            lambda: curve_witness(_net(inst), W, want))

    def rise(inst):
        W = at(inst)
        if W is None:
            return None
        found = _memo(f"rise:{point}", inst, lambda: rising_curve(_net(inst), W))
        return None if found is None else [_rows(step) for step in found]

    return {"classification.curve": curve, "rise": rise}


# -- KAW-CONV ---------------------------------------------------------------------------------
def _conv_instances():
    rng = random.Random(7)
    for widths in ([1, 1, 1], [2, 3, 2], [3, 2, 2, 3], [2, 2, 2, 2, 2], [3, 1, 2, 2], [2, 3, 4, 2]):
        m = widths[0] + 1
        X, Y = random_qmatrix(rng, widths[0], m), random_qmatrix(rng, widths[-1], m)
        W = [random_qmatrix(rng, widths[k + 1], widths[k]) for k in range(len(widths) - 1)]
        yield network_instance(widths, X, Y, W, name=f"random point, widths {widths}")
    # rank-deficient data and weights, critical points, zero layers
    X, Y = random_qmatrix(rng, 3, 4, rank=1), random_qmatrix(rng, 2, 4, rank=1)
    W = [random_qmatrix(rng, 2, 3, rank=1), random_qmatrix(rng, 2, 2, rank=1), random_qmatrix(rng, 2, 2)]
    yield network_instance([3, 2, 2, 2], X, Y, W, name="rank-one data and weights")
    X, Y, U = data_with_spectrum(3, 3, 4, [3, 2, 1], random.Random(1))
    for I in ([0, 1], [2]):
        yield network_instance([3, 2, 2, 3], X, Y, subset_point([3, 2, 2, 3], X, Y, U, I),
                               name=f"critical point I = {tuple(I)}")
    yield network_instance([3, 2, 2, 3], X, Y, zero_layers_point([3, 2, 2, 3], [0, 2], rng),
                           name="W_1 = W_3 = 0")
    yield network_instance([3, 2, 2, 3], X, Y, zero_layers_point([3, 2, 2, 3], [0, 1, 2], rng),
                           name="origin")



prover("KAW-CONV", instances=_conv_instances)


# -- KAW-1 ------------------------------------------------------------------------------------
def _kaw1_points(inst):
    pts = nonconvexity_points(inst.env["X"], inst.env["Y"], inst.widths)
    return None if pts is None else {t: _rows(Ws) for t, Ws in pts.items()}


def _kaw1_instances():
    good = [([3, 2, 3], 3, [3, 2, 1]), ([2, 1, 2], 3, [2, 1]), ([3, 2, 2, 3], 4, [2, 1, 1]),
            ([3, 1, 1, 1, 2], 4, [2, 1]), ([2, 3, 1], 2, [1])]
    for n, (widths, m, s) in enumerate(good):
        X, Y, _ = data_with_spectrum(widths[0], widths[-1], m, s, random.Random(10 + n))
        yield network_instance(widths, X, Y, name=f"spectrum {s}, widths {widths}")
    rng = random.Random(3)
    yield network_instance([2, 2, 2, 1], random_qmatrix(rng, 2, 3), random_qmatrix(rng, 1, 3),
                           name="random integer data")
    # hypotheses violated
    X, Y, _ = data_with_spectrum(2, 3, 3, [2, 1, 0], random.Random(20))
    yield network_instance([2, 2, 3], X, Y, name="d_y > d_x")
    X, Y, _ = data_with_spectrum(3, 3, 4, [2, 1, 0], random.Random(21), x_rank=2)
    yield network_instance([3, 2, 3], X, Y, name="X X^T singular (x_rank 2)")
    X, Y, _ = data_with_spectrum(3, 3, 4, [2, 0, 0], random.Random(22))
    yield network_instance([3, 2, 3], X, Y, name="X Y^T of rank 1")
    yield network_instance([2, 2], X.rows([0, 1]), Y.rows([0, 1]), name="H = 0 (no hidden layer)")



prover("KAW-1", instances=_kaw1_instances, witnesses={"points": _kaw1_points})


# -- critical points for KAW-2/3/4 ------------------------------------------------------------
def _subsets(dy: int, widths) -> list:
    top = min(min(widths[1:-1]), dy)
    return [list(I) for r in range(top + 1) for I in itertools.combinations(range(dy), r)]


def _critical_instances(full_middle: bool = False):
    """Critical points over widths, depths H = 1..3 and data meeting / violating the hypotheses."""
    fams = [  # (widths, m, singular values, data seed, x_rank, label)
        ([3, 2, 3], 4, [3, 2, 1], 1, None, "Sigma eigenvalues 9 > 4 > 1"),
        ([3, 2, 3], 4, [2, 1, 1], 2, None, "Sigma eigenvalues 4 > 1 = 1 (tie at the k-th)"),
        ([2, 1, 2], 3, [2, 1], 3, None, "Sigma eigenvalues 4 > 1"),
        ([3, 2, 2], 4, [2, 1], 4, None, "d_y = 2 < d_x = 3"),
        ([3, 2, 2, 3], 4, [3, 2, 1], 1, None, "Sigma eigenvalues 9 > 4 > 1"),
        ([2, 1, 1, 2], 3, [2, 1], 5, None, "Sigma eigenvalues 4 > 1"),
        ([2, 1, 1, 1, 2], 3, [3, 1], 6, None, "H = 3"),
        ([3, 2, 2, 2, 2], 4, [2, 1], 7, None, "H = 3, d_y < d_x"),
        # hypotheses violated
        ([2, 2, 3], 3, [2, 1, 0], 8, None, "d_y > d_x"),
        ([3, 2, 3], 4, [2, 1, 0], 9, 2, "X X^T singular"),
        ([3, 2, 3], 4, [2, 1, 0], 10, None, "X Y^T rank-deficient"),
    ]
    for widths, m, s, seed, x_rank, label in fams:
        X, Y, U = data_with_spectrum(widths[0], widths[-1], m, s, random.Random(seed), x_rank=x_rank)
        for I in _subsets(widths[-1], widths):
            origin = not I and len(widths) > 3
            if origin and widths != [2, 1, 1, 2]:
                continue  # the origin of deep nets: see SAD-0 (one small case kept here)
            yield network_instance(widths, X, Y, subset_point(widths, X, Y, U, I),
                                   name=f"{label}, widths {widths}, subset point I = {tuple(I)}")
            if full_middle and len(widths) > 3 and 0 < len(I) < min(widths[1:-1]):
                yield network_instance(widths, X, Y, full_middle_point(widths, X, Y, U, I),
                                       name=f"{label}, widths {widths}, I = {tuple(I)}, "
                                            f"full-rank middle layers")
    # rescaled points (symmetries move them off the canonical form) and zero-layer points
    X, Y, U = data_with_spectrum(3, 3, 4, [3, 2, 1], random.Random(1))
    rng = random.Random(11)
    for I in ([0, 1], [1, 2]):
        yield network_instance([3, 2, 2, 3], X, Y, subset_point([3, 2, 2, 3], X, Y, U, I, rng=rng),
                               name=f"rescaled subset point I = {tuple(I)}, widths [3, 2, 2, 3]")
    yield network_instance([3, 2, 2, 3], X, Y, zero_layers_point([3, 2, 2, 3], [0, 2], rng),
                           name="W_1 = W_3 = 0, W_2 random, widths [3, 2, 2, 3]")
    yield network_instance([3, 2, 3], X, Y, rescale(subset_point([3, 2, 3], X, Y, U, [0, 2]), rng),
                           name="rescaled subset point I = (0, 2), widths [3, 2, 3]")



prover("KAW-2", instances=_critical_instances, witnesses=point_finders("weights"))
prover("KAW-3", instances=_critical_instances, witnesses=point_finders("weights"))
prover("KAW-4", instances=lambda: _critical_instances(full_middle=True), witnesses=point_finders("weights"))


# -- KAW-4 without its rank hypothesis (KAW-4-NORANK, derived) ------------------------------------
def kaw4_rank_counterexample(which: str = "small") -> Instance:
    """A saddle showing that KAW-4 needs ``rank(W_H ... W_2) = p``.

    ``"small"``: widths ``[2, 2, 2, 2]``, ``X = I_2``, ``Y = diag(2, 1)`` (so ``d_y <= d_x``,
    ``X X^T = I`` and ``X Y^T`` full rank; ``Sigma = diag(4, 1)``), and the critical point
    ``W_1 = [[2, 0], [0, 0]]``, ``W_2 = W_3 = [[1, 0], [0, 0]]`` (product ``diag(2, 0)``,
    loss 1/2, eigenvector subset ``I = (0,)``): ``rank(W_2) = 1 < p = 2``, Hessian
    inertia ``(3, 0, 9)`` (PSD), not a global minimum (infimum 0), and the loss drops
    along a certified curve: a saddle with no negative Hessian eigenvalue.
    ``"paper"``: the same on widths ``[3, 2, 2, 3]`` with ``Y = diag(3, 2, 1)``: inertia
    ``(5, 0, 11)``. ``"origin"``: the origin of widths ``[1, 1, 1, 1]``, ``X = Y = [[1]]``
    (zero Hessian; the trivial case, see SAD-0).

    >>> inst = kaw4_rank_counterexample()
    >>> inst.widths, [w.rank() for w in inst.weights]
    ((2, 2, 2, 2), [1, 1, 1])
    """
    if which == "origin":
        one = QMatrix([[1]])
        return network_instance([1, 1, 1, 1], one, one, [QMatrix([[0]])] * 3,
                                name="KAW-4 without its rank hypothesis: the origin, zero Hessian")
    if which not in ("small", "paper"):
        raise ValueError(f"unknown counterexample {which!r} (small, paper, origin)")
    d = 2 if which == "small" else 3
    widths = [d, 2, 2, d]
    X = QMatrix.eye(d)
    Y = QMatrix([[d - i if i == j else 0 for j in range(d)] for i in range(d)])
    W = subset_point(widths, X, Y, QMatrix.eye(d), [0])
    return network_instance(widths, X, Y, W, name=f"KAW-4 without its rank hypothesis: PSD-Hessian "
                                                  f"saddle on widths {widths}, I = (0,)")


def check_kaw4_without_rank(instance) -> Verdict:
    """KAW-4 with the hypothesis ``rank(W_H ... W_2) = p`` dropped (recorded as a value).

    On :func:`kaw4_rank_counterexample` this ``"fails"``: a certificate that the rank
    hypothesis cannot be removed. The weakened statement is the finding ``KAW-4-NORANK``,
    derived from KAW-4 without the hypothesis ``rank_p`` (:mod:`symlandscape.theorems.kawaguchi`,
    catalogue group ``sharpness``); this is a shortcut to it.

    Parameters
    ----------
    instance : dict or Instance (``deep_linear`` with weights)
    """
    return check_claim("KAW-4-NORANK", instance)


prover("KAW-4-NORANK", instances=lambda: (kaw4_rank_counterexample(w) for w in ("origin", "small", "paper")),
       witnesses=point_finders("weights"))


# -- SAD-0 ------------------------------------------------------------------------------------
def _sad0_instances():
    one = QMatrix([[1]])
    yield network_instance([1, 1, 1, 1], one, one, name="L = (abc - 1)^2 / 2")
    yield network_instance([1, 1, 1, 1, 1], one, QMatrix([[2]]), name="H = 3: L = (abcd - 2)^2 / 2")
    X, Y, _ = data_with_spectrum(2, 2, 3, [2, 1], random.Random(5))
    yield network_instance([2, 1, 1, 2], X, Y, name="H = 2, widths [2, 1, 1, 2]")
    yield network_instance([2, 1, 1, 1, 2], X, Y, name="H = 3, widths [2, 1, 1, 1, 2]")
    X3, Y3, _ = data_with_spectrum(3, 2, 4, [2, 1], random.Random(6), x_rank=2)
    yield network_instance([3, 2, 1, 2], X3, Y3, name="H = 2, X X^T singular")
    # Y X^T = 0: the origin is a global minimum
    yield network_instance([2, 1, 1, 1], QMatrix([[1, 0], [0, 0]]), QMatrix([[0, 3]]), name="Y X^T = 0")
    yield network_instance([2, 2, 2], QMatrix([[1, 1, 0], [0, 0, 0]]), QMatrix([[1, -1, 2], [0, 0, 1]]),
                           name="Y X^T = 0, H = 1")
    # H < 2 with Y X^T != 0: the origin is a strict saddle, the hypothesis H >= 2 fails
    yield network_instance([2, 1, 2], X, Y, name="H = 1")



prover("SAD-0", instances=_sad0_instances, witnesses=point_finders("origin"))


# -- Q-RANK -----------------------------------------------------------------------------------
def _qrank_instances():
    rng = random.Random(13)
    for widths in ([3, 1, 3], [3, 2, 2, 3], [4, 2, 3, 4], [2, 3, 2], [3, 2], [2, 1, 1, 2], [4, 3, 2, 3, 3]):
        m = 2
        X, Y = random_qmatrix(rng, widths[0], m), random_qmatrix(rng, widths[-1], m)
        yield network_instance(widths, X, Y, name=f"widths {widths}, no point")
        W = [random_qmatrix(rng, widths[k + 1], widths[k]) for k in range(len(widths) - 1)]
        yield network_instance(widths, X, Y, W, name=f"widths {widths}, random point")
    W = zero_layers_point([3, 2, 2, 3], [1], rng)
    yield network_instance([3, 2, 2, 3], random_qmatrix(rng, 3, 2), random_qmatrix(rng, 3, 2), W,
                           name="zero middle layer")



def _qrank_witnesses(inst) -> dict:
    """Targets of every rank ``0 .. min(p, d_x, d_y)`` and of rank ``p + 1``, seeded from the
    widths, with their factorisations; the instance's product refactorised."""
    def compute():
        widths = list(inst.widths)
        dx, dy = widths[0], widths[-1]
        p = hidden_min(widths)
        p = min(dx, dy) if p is None else p
        rng = random.Random(str(widths))
        targets = []
        for r in range(min(p, dx, dy) + 1):
            M = random_qmatrix(rng, dy, dx, rank=r)
            targets.append({"M": M.tostrings(), "W": _rows(factorize(M, widths))})
        excess = random_qmatrix(rng, dy, dx, rank=p + 1).tostrings() if p < min(dx, dy) else None
        product = None
        if inst.weights is not None:
            P = functools.reduce(lambda acc, w: w @ acc, inst.weights[1:], inst.weights[0])
            product = _rows(factorize(P, widths))
        return {"targets": targets, "excess_target": excess, "product_factors": product}
    return _memo("qrank", inst, compute)


prover("Q-RANK", instances=_qrank_instances,
       witnesses={name: (lambda inst, name=name: _qrank_witnesses(inst)[name])
                  for name in ("targets", "excess_target", "product_factors")})


# -- Q-ATTAIN ---------------------------------------------------------------------------------
def _qattain_instances():
    specs = [  # (widths, m, singular values, seed, x_rank, label)
        ([3, 2, 3], 4, [3, 2, 1], 1, None, "X X^T invertible"),
        ([3, 2, 3], 4, [2, 1, 0], 2, 2, "X X^T singular (rank 2)"),
        ([3, 2, 2, 3], 3, [2, 1, 0], 3, 2, "X X^T singular, H = 2"),
        ([3, 1, 3], 4, [2, 0, 0], 4, 1, "X X^T of rank 1"),
        ([3, 2, 3], 4, [2, 2, 1], 5, None, "repeated top eigenvalue"),
        ([3, 2, 3], 4, [2, 1, 1], 6, None, "tie at the k-th eigenvalue"),
        ([2, 2, 1, 3], 2, [2, 0, 0], 7, 1, "d_x = 2 < d_y = 3, X X^T singular"),
        ([1, 2, 2], 3, [2, 0], 8, None, "d_x = 1 narrowest (k = 1 < p = 2)"),
        ([2, 3, 2], 3, [0, 0], 9, 1, "Y = 0"),
    ]
    for widths, m, s, seed, x_rank, label in specs:
        X, Y, _ = data_with_spectrum(widths[0], widths[-1], m, s, random.Random(seed), x_rank=x_rank)
        yield network_instance(widths, X, Y, name=f"{label}, widths {widths}")
    rng = random.Random(17)
    X = random_qmatrix(rng, 3, 4, rank=2)
    yield network_instance([3, 3, 2], X, random_qmatrix(rng, 2, 4), name="random data, X rank 2, k = d_y")
    yield network_instance([2, 2, 2], QMatrix.zeros(2, 3), random_qmatrix(rng, 2, 3), name="X = 0")



def _qattain_minimiser(inst):
    W = _exact_minimiser(inst)
    return None if W is None else _rows(W)


prover("Q-ATTAIN", instances=_qattain_instances,
       witnesses={"minimiser": _qattain_minimiser, **point_finders("minimiser")})
