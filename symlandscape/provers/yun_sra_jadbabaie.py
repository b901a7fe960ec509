r"""Instance families and witness finders for the Yun-Sra-Jadbabaie claims [seed 001]
(statements, notation and the findings in :mod:`symlandscape.theorems.yun_sra_jadbabaie`).

Witnesses:

* ``uhat_basis`` (YSJ-R, YSJ-P3.2, AW-001-TRUNC): an exact rational basis of col(Uhat),
  the top-k eigenspace of Sigma (None when it is irrational or not unique);
* ``factorisation`` (YSJ-R without a point): weights whose product is R*;
* ``classification.curve`` (YSJ-R, YSJ-2.1, YSJ-2.2, YSJ-2.3): the curve of the
  classification of the point (:func:`symlandscape.landscape.classify.curve_witness`);
* ``eps`` (YSJ-GRAD): a rational ``0 < eps <= sigma_min(W_{H+1} ... W_2)``;
* ``closed_forms`` (AW-001-TRUNC, d_y = 2): ``||R* - M||_F^2`` and the Eckart-Young optimum
  as ``a + b sqrt(c)`` (for the report; the statement checks them).

The findings derived by dropping a hypothesis (YSJ-2.1-NONCRIT, YSJ-2.2-NONCRIT,
YSJ-2.3-NOBOUND) run on :func:`sharpness_instances`.
"""

__all__ = ["check_without_criticality", "check_without_spectral_bound", "trunc_search_summary",
           "trunc_exact_values", "grad_convention_example", "sharpness_instances"]

import functools
import itertools
import random

import flint

from ..exact.inertia import inertia
from ..exact.matrix import QMatrix
from ..exact.numbers import WorkLimitExceeded
from ..exact.roots import real_roots
from ..facts.fast import evaluate
from ..instances import Instance
from ..landscape.classify import curve_witness
from ..landscape.critical import data_with_spectrum, rescale, subset_point, zero_layers_point
from ..landscape.globalmin import sigma_matrix
from ..landscape.spectral import factor_through, rational_eps_below, relaxed_minimiser, sqrt_parts, top_eigenspace
from ..models.registry import make_network
from ..theorems.yun_sra_jadbabaie import min_width_indices, trunc_criterion_2x2
from .instancegen import network_instance, random_qmatrix
from .registry import Verdict, prover

Q = flint.fmpq


# -- witness finders -----------------------------------------------------------------------------
def _uhat_basis(inst):
    """An exact basis of col(Uhat) (the top-k eigenspace of Sigma), or None."""
    V = top_eigenspace(sigma_matrix(inst.env["X"], inst.env["Y"]), min(inst.widths))
    return None if V is None else V.tostrings()


def _factorisation(inst):
    """Weights through the widths with product R* (eqs (3)-(4)), or None."""
    R = relaxed_minimiser(inst.env["X"], inst.env["Y"], min(inst.widths))
    return None if R is None else [w.tostrings() for w in factor_through(inst.widths, R)]


def _curve(inst, want: str = "descent"):
    """The classification's curve at the instance's point."""
    net = make_network(inst.model, inst.widths, inst.env["X"], inst.env["Y"])
    return curve_witness(net, inst.weights, want)


def _eps(inst):
    """A rational eps with 0 < eps^2 <= lambda_min(C C^T), C = W_{H+1} ... W_2."""
    W = inst.weights
    C = QMatrix.eye(W[0].shape[0])
    for w in W[1:]:
        C = w @ C
    return str(rational_eps_below(real_roots((C @ C.T).flint.charpoly())[0]))


def _closed_forms(inst):
    """``||R* - M||_F^2 = tr(B)/2 - tr(S_0 B_0) / sqrt(2 tr(S_0^2))`` and the Eckart-Young
    optimum ``tr(B)/2 - sqrt(tr(B_0^2) / 2)`` (``B = M M^T``, ``_0``: traceless part) as
    ``[a, b, c]`` for ``a + b sqrt(c)``; d_y = 2 only."""
    X, Y = inst.env["X"], inst.env["Y"]
    if Y.shape[0] != 2:
        return None
    M = Y @ X.pinv()
    S, B = M @ X @ X.T @ M.T, M @ M.T
    S0, B0 = S - QMatrix.eye(2) * (S.trace() / 2), B - QMatrix.eye(2) * (B.trace() / 2)
    t, q = (S0 @ B0).trace(), (S0 @ S0).trace()
    a = B.trace() / 2
    try:
        f, c = sqrt_parts(t * t / (2 * q))
        f2, c2 = sqrt_parts((B0 @ B0).trace() / 2)
    except WorkLimitExceeded:
        return None   # numbers too large to factor: the report goes without the radicals
    return {"dist2": [str(a), str(-f if t > 0 else f), c], "eckart_young": [str(a), str(-f2), c2]}


_CURVE = {"classification.curve": _curve}


# -- data assumptions [line 56] ------------------------------------------------------------------
def _line56_ok(X: QMatrix, Y: QMatrix) -> bool:
    """The same assumptions in Python (search filters)."""
    dx, m = X.shape
    dy = Y.shape[0]
    if not (dy <= dx <= m) or X.rank() < dx or (Y @ X.T).rank() < min(dx, dy):
        return False
    cp = (Y @ X.pinv() @ X @ Y.T).flint.charpoly()
    return cp.gcd(cp.derivative()).degree() == 0


# -- YSJ-R ---------------------------------------------------------------------------------------
def _r_instances():
    # k = d_y: R* = M (random data; no eigenvectors needed), the factorisation of R*
    for s, widths in enumerate([[2, 2, 2], [3, 2, 2], [2, 3, 2], [3, 3, 2, 2], [1, 1, 1, 1]]):
        rng = random.Random(10 + s)
        m = widths[0] + 1
        X, Y = random_qmatrix(rng, widths[0], m, widths[0]), random_qmatrix(rng, widths[-1], m)
        R = relaxed_minimiser(X, Y, min(widths))
        yield network_instance(widths, X, Y, rescale(factor_through(widths, R), rng),
                               name=f"k = d_y, {widths}: a factorisation of R*")
    # k < d_y: rational Uhat (data_with_spectrum); the factorisation, then other points
    specs = [([2, 1, 2], 3, [2, 1]), ([3, 2, 3], 4, [3, 2, 1]), ([4, 2, 3], 5, [3, 2, 1]),
             ([3, 1, 2, 3], 4, [3, 2, 1]), ([2, 2, 3], 3, [2, 1, 0])]
    for s, (widths, m, sv) in enumerate(specs):
        rng = random.Random(20 + s)
        X, Y, U = data_with_spectrum(widths[0], widths[-1], m, sv, rng)
        R = relaxed_minimiser(X, Y, min(widths))
        yield network_instance(widths, X, Y, rescale(factor_through(widths, R), rng),
                               name=f"k < d_y, {widths}: a factorisation of R*")
        if s < 3:
            k = min(widths)
            W = subset_point(widths, X, Y, U, list(range(1, k + 1)) if k + 1 <= widths[-1] else [])
            yield network_instance(widths, X, Y, W, name=f"k < d_y, {widths}: a saddle (L >= L_0(R*))")
    rng = random.Random(30)
    X, Y, _ = data_with_spectrum(2, 2, 3, [2, 1], rng)
    yield network_instance([2, 1, 2], X, Y, name="no point: R* factorised by the checker")
    X, Y, _ = data_with_spectrum(2, 2, 3, [1, 1], rng)
    yield network_instance([2, 1, 2], X, Y, name="repeated singular values: Uhat not unique")


prover("YSJ-R", instances=_r_instances,
       witnesses={"uhat_basis": _uhat_basis, "factorisation": _factorisation, **_CURVE})


# -- YSJ-2.1 / YSJ-2.2 ----------------------------------------------------------------------------
def _subset_instances(specs, tag: str):
    """Critical points of every listed eigenvector subset (Baldi–Hornik family), some
    rescaled by weight symmetries; spec = (widths, m, singular values, subsets, seed)."""
    for widths, m, sv, subsets, seed in specs:
        rng = random.Random(seed)
        X, Y, U = data_with_spectrum(widths[0], widths[-1], m, sv, rng)
        for n, I in enumerate(subsets):
            W = subset_point(widths, X, Y, U, list(I))
            if n % 2 == 0:
                W = rescale(W, rng)
            yield network_instance(widths, X, Y, W, name=f"{tag} {widths}, I = {list(I)}")


def _zero_layer_instance(widths, m, sv, zero, seed, tag):
    rng = random.Random(seed)
    X, Y, _ = data_with_spectrum(widths[0], widths[-1], m, sv, rng)
    return network_instance(widths, X, Y, zero_layers_point(widths, zero, rng),
                            name=f"{tag} {widths}, layers {[z + 1 for z in zero]} zero")


_SPECS_21 = [  # k = d_y; p = 0, hidden and H+1 all occur
    ([2, 2, 2], 3, [2, 1], [(), (0,), (1,), (0, 1)], 1),
    ([3, 2, 2], 4, [3, 1], [(0, 1), (1,), ()], 2),
    ([2, 3, 2], 3, [2, 1], [(0, 1), (0,)], 3),
    ([3, 3, 2, 2], 4, [2, 1], [(0, 1), (1,), (0,)], 4),
    ([2, 2, 3, 2, 2], 3, [2, 1], [(0, 1), (1,)], 5),
    ([1, 1, 1, 1], 2, [2], [(0,), ()], 6),
    ([3, 2], 4, [2, 1], [(0, 1)], 7),
]
_SPECS_22 = [  # k < d_y
    ([2, 1, 2], 3, [2, 1], [(), (0,), (1,)], 11),
    ([3, 2, 3], 4, [3, 2, 1], [(0, 1), (0, 2), (1, 2), (2,), ()], 12),
    ([4, 2, 3], 5, [3, 2, 1], [(0, 1), (1, 2)], 13),
    ([3, 1, 2, 3], 4, [3, 2, 1], [(0,), (2,), ()], 14),
    ([3, 2, 1, 3], 4, [3, 2, 1], [(0,), (1,)], 15),
    ([3, 2, 2, 3], 4, [3, 2, 1], [(0, 1), (0, 2)], 16),
    ([2, 2, 1, 2, 2], 3, [2, 1], [(0,), (1,)], 17),
]


def _t21_instances():
    yield from _subset_instances(_SPECS_21, "k = d_y")
    yield _zero_layer_instance([2, 3, 2, 2], 3, [2, 1], [0, 2], 8, "k = d_y")
    yield from _subset_instances([([2, 2, 2], 3, [1, 1], [(0, 1)], 9)], "repeated singular values")
    yield from _subset_instances([([2, 1, 2], 3, [2, 1], [(0,)], 10)], "k < d_y (Theorem 2.2's case)")
    yield sharpness_instances()["YSJ-2.1 non-critical"]


def _t22_instances():
    yield from _subset_instances(_SPECS_22, "k < d_y")
    yield _zero_layer_instance([3, 2, 1, 3], 4, [3, 2, 1], [0, 2], 18, "k < d_y")
    yield from _subset_instances([([3, 2, 3], 4, [2, 2, 1], [(0, 1)], 19)], "repeated singular values")
    yield from _subset_instances([([2, 2, 2], 3, [2, 1], [(0, 1)], 20)], "k = d_y (Theorem 2.1's case)")
    yield sharpness_instances()["YSJ-2.2 non-critical"]


prover("YSJ-2.1", instances=_t21_instances, witnesses=_CURVE)
prover("YSJ-2.2", instances=_t22_instances, witnesses=_CURVE)


def check_without_criticality(inst: Instance) -> Verdict:
    """Theorem 2.1 / 2.2's "global minimum iff in V" at a point *not assumed critical*.

    The claim id is chosen by the instance (``k = d_y``: 2.1, else 2.2). Criticality is
    recorded as a value, so a non-critical point that breaks the equivalence gives
    ``"fails"`` with a re-checkable certificate.

    >>> v = check_without_criticality(sharpness_instances()["YSJ-2.1 non-critical"])
    >>> v.status, v.reason
    ('fails', 'conclusion fails: W is a global minimum iff W is in V_1 (rank W_{H+1}...W_1 = k), p = 0')
    """
    from .registry import check_claim
    case = "2.1" if min(inst.widths) == inst.widths[-1] else "2.2"
    return check_claim(f"YSJ-{case}-NONCRIT", inst)


# -- YSJ-P3.1 ------------------------------------------------------------------------------------
def _a_p_zero_point(widths, X, Y, rng):
    """A point in V_1 with A_p E = 0 (the layers below p solve it) but, generically,
    E B_{p+1} != 0: not critical (tests the "iff" from the other side)."""
    k, ps = min_width_indices(widths)
    p = ps[0]
    L = len(widths) - 1
    upper = [random_qmatrix(rng, widths[i + 1], widths[i]) for i in range(p, L)]
    C = QMatrix.eye(widths[p])
    for Wi in upper:
        C = Wi @ C
    A = C.T
    M = Y @ X.T @ (X @ X.T).inv()
    T = (A @ A.T).inv() @ A @ M
    return factor_through(widths[:p + 1], T) + upper if p > 0 else upper


def _p31_instances():
    specs = [([2, 2, 2], 3, [2, 1], 31), ([3, 2, 3], 4, [3, 2, 1], 32), ([2, 3, 2], 3, [2, 1], 33),
             ([3, 3, 2], 4, [2, 1], 34), ([2, 2, 3], 3, [2, 1, 0], 35), ([3, 1, 2, 3], 4, [3, 2, 1], 36),
             ([3, 2, 2, 3], 4, [3, 2, 1], 37), ([2, 3, 1, 2, 2], 3, [2, 1], 38)]
    for widths, m, sv, seed in specs:
        rng = random.Random(seed)
        X, Y, U = data_with_spectrum(widths[0], widths[-1], m, sv, rng)
        k = min(widths)
        rnd = [random_qmatrix(rng, widths[i + 1], widths[i]) for i in range(len(widths) - 1)]
        yield network_instance(widths, X, Y, rnd, name=f"{widths}: random point")
        yield network_instance(widths, X, Y, rescale(subset_point(widths, X, Y, U, list(range(k))), rng),
                               name=f"{widths}: critical, top-k subset")
        if k < widths[-1]:
            yield network_instance(widths, X, Y, subset_point(widths, X, Y, U, list(range(1, k + 1))),
                                   name=f"{widths}: critical, another k-subset")
        if 0 < min_width_indices(widths)[1][0] < len(widths) - 1:
            yield network_instance(widths, X, Y, _a_p_zero_point(widths, X, Y, rng),
                                   name=f"{widths}: A_p E = 0, not critical")
        if seed in (32, 37):
            yield network_instance(widths, X, Y, subset_point(widths, X, Y, U, [0]),
                                   name=f"{widths}: critical, rank < k (outside V_1)")
    rng = random.Random(39)
    X, Y, _ = data_with_spectrum(3, 2, 4, [2, 0], rng, x_rank=1)
    yield network_instance([3, 2, 2, 2], X, Y, [random_qmatrix(rng, 2, 3), random_qmatrix(rng, 2, 2),
                                                random_qmatrix(rng, 2, 2)], name="singular X X^T, random point")


prover("YSJ-P3.1", instances=_p31_instances)


# -- YSJ-P3.2 ------------------------------------------------------------------------------------
def _p32_instances():
    def top_k(specs):
        return [(w, m, sv, [I for I in subs if len(I) == min(w)], seed) for w, m, sv, subs, seed in specs]
    yield from _subset_instances([s for s in top_k(_SPECS_21) if s[3]], "k = d_y")
    yield from _subset_instances([s for s in top_k(_SPECS_22) if s[3]], "k < d_y")
    yield from _subset_instances([([3, 2, 3], 4, [3, 2, 1], [(0,)], 40)], "outside V_1")


prover("YSJ-P3.2", instances=_p32_instances, witnesses={"uhat_basis": _uhat_basis})


# -- YSJ-GRAD ------------------------------------------------------------------------------------
def _grad_instances():
    specs = [([2, 2, 2], 3, 51), ([2, 3, 2], 3, 52), ([3, 3, 2, 2], 4, 53), ([2, 2, 3, 2, 2], 3, 54),
             ([3, 4, 3], 4, 55), ([2, 2], 3, 56), ([2, 3, 1], 2, 57)]
    for widths, m, seed in specs:
        rng = random.Random(seed)
        X, Y = random_qmatrix(rng, widths[0], m), random_qmatrix(rng, widths[-1], m)
        W = [random_qmatrix(rng, widths[i + 1], widths[i]) for i in range(len(widths) - 1)]
        yield network_instance(widths, X, Y, W, name=f"{widths}: random point")
    for widths, m, sv, seed in [([2, 2, 2], 3, [2, 1], 58), ([3, 3, 2, 2], 4, [3, 1], 59)]:
        rng = random.Random(seed)
        X, Y, U = data_with_spectrum(widths[0], widths[-1], m, sv, rng)
        yield network_instance(widths, X, Y, rescale(subset_point(widths, X, Y, U, [0, 1]), rng),
                               name=f"{widths}: global minimum (E = 0)")
    rng = random.Random(60)
    X, Y, U = data_with_spectrum(3, 3, 4, [3, 2, 1], rng)
    yield network_instance([3, 2, 3], X, Y, subset_point([3, 2, 3], X, Y, U, [0, 1]),
                           name="d_1 < d_y: sigma_min(W_2) = 0 (outside every W_eps)")
    yield network_instance([2, 2, 2], X.rows([0, 1]), Y.rows([0, 1]),
                           [random_qmatrix(rng, 2, 2), random_qmatrix(rng, 2, 2, rank=1)],
                           name="W_2 singular")


prover("YSJ-GRAD", instances=_grad_instances, witnesses={"eps": _eps})


def grad_convention_example() -> dict:
    """The other reading of sigma_min (smallest of the min(d_y, d_1) singular values)
    breaks the bound: widths [1, 1, 2], ``W_2 = [[1], [0]]`` has the single singular
    value 1, but ``E`` in the kernel of ``W_2^T`` gives ``dL/dW_1 = 0``.

    >>> ex = grad_convention_example()
    >>> ex["grad1_norm2"], ex["sigma_min_other_convention"], ex["E_norm2"], ex["lambda_min_CCt"]
    (0, 1, 1, 0)
    """
    inst = network_instance([1, 1, 2], QMatrix([[1]]), QMatrix([[0], [1]]),
                            [QMatrix([[0]]), QMatrix([[1], [0]])], name="sigma_min conventions")
    net = make_network("deep_linear", inst.widths, inst.env["X"], inst.env["Y"])
    W = inst.weights
    C = W[1]
    E = (net.product(W, 1, 2) @ inst.env["X"] - inst.env["Y"]) @ inst.env["X"].T
    return {"instance": inst, "grad1_norm2": net.gradient_blocks(W)[0].frob2(),
            "sigma_min_other_convention": (C.T @ C)[0, 0], "E_norm2": E.frob2(),
            "lambda_min_CCt": min(r.exact() for r in real_roots((C @ C.T).flint.charpoly()))}


# -- YSJ-2.3 -------------------------------------------------------------------------------------
def _res_instance(d, X, R, W, name):
    X = QMatrix(X)
    R = QMatrix(R)
    return network_instance([d] * (len(W) + 1), X, R @ X, [QMatrix(w) for w in W],
                            model="residual_linear", name=name)


def _small_layer(rng, d: int) -> QMatrix:
    """A random rational d x d matrix with sigma_max < 1 (checked exactly)."""
    while True:
        W = random_qmatrix(rng, d, d, height=2, denominators=(3, 4, 5))
        if inertia(QMatrix.eye(d) - W.T @ W)[0] == d:
            return W


def _t23_instances():
    h = Q(1, 2)
    yield _res_instance(1, [[1, 2]], [[Q(3, 2)]], [[[h]]], "d = 1, H = 0: W_1 = R - I")
    yield _res_instance(1, [[1, -1, 2]], [[Q(9, 4)]], [[[h]], [[h]]], "d = 1, H = 1: (3/2)^2")
    yield _res_instance(1, [[2, 1]], [[Q(1, 8)]], [[[-h]]] * 3, "d = 1, H = 2: (1/2)^3")
    A = QMatrix([[Q(1, 4), Q(1, 3)], [0, -h]])
    IA = QMatrix.eye(2) + A
    yield _res_instance(2, [[1, 0, 1], [0, 1, -1]], IA @ IA, [A, A], "d = 2, H = 1: R = (I + A)^2")
    yield _res_instance(2, [[1, 0], [0, 1]], QMatrix.eye(2), [QMatrix.zeros(2, 2)] * 2, "R = I at W = 0")
    rng = random.Random(70)
    for L, m in [(2, 3), (3, 4), (2, 4)]:
        Ws = [_small_layer(rng, 2) for _ in range(L)]
        R = QMatrix.eye(2)
        for w in Ws:
            R = (QMatrix.eye(2) + w) @ R
        X = random_qmatrix(rng, 2, m, rank=2)
        yield _res_instance(2, X, R, Ws, f"d = 2, H = {L - 1}: random small layers, R their product")
    # X X^T = S with x uniform on the 8 atoms +-v_j (second moment S = V V^T / 4), X = V / 2
    V = QMatrix([[1, 0, 1, 2], [0, 1, -1, 1]])
    yield _res_instance(2, V * h, IA @ IA, [A, A], "X = V / 2 encodes the covariance of +-v_j")
    # hypotheses not met
    yield _res_instance(1, [[1]], [[3]], [[[-1]], [[-1]]], "W = (-1, -1): sigma_max = 1, critical, not a minimum")
    yield _res_instance(2, [[1, 0, 1], [0, 1, 2]], IA @ IA, [-QMatrix.eye(2)] * 2,
                        "W_1 = W_2 = -I: singular layers, critical, not a minimum")
    yield _res_instance(2, [[1, 0], [0, 1]], [[1, 0], [0, -1]], [[[0, 0], [0, -2]]],
                        "det R < 0: W_1 = R - I, sigma_max = 2")
    yield _res_instance(2, [[1, 0], [0, 1]], [[1, 0], [0, -1]], [QMatrix.zeros(2, 2)] * 2,
                        "det R < 0, W = 0: sigma_max < 1 but not critical")


prover("YSJ-2.3", instances=_t23_instances, witnesses=_CURVE)


def check_without_spectral_bound(inst: Instance) -> Verdict:
    """Corollary 2.3 with ``sigma_max(W_i) < 1`` recorded as a value instead of a hypothesis.

    >>> v = check_without_spectral_bound(sharpness_instances()["YSJ-2.3 sigma_max = 1"])
    >>> v.status
    'fails'
    """
    from .registry import check_claim
    return check_claim("YSJ-2.3-NOBOUND", inst)


def sharpness_instances() -> dict:
    """Instances showing each dropped hypothesis breaks the conclusion.

    * ``"YSJ-2.1 non-critical"``: widths [1, 1, 1], X = Y = [[1]], W = (1, 2): rank P = 1 = k,
      L = 1/2 > 0 = inf L (not critical).
    * ``"YSJ-2.2 non-critical"``: a global minimum of a [2, 1, 2] instance with W_1 doubled:
      rank P = k and col(W_2) = col(Uhat), not a minimum (not critical).
    * ``"YSJ-2.3 sigma_max = 1"``: d = 1, H = 1, R = 3, W = (-1, -1): critical, loss 9/2 > 0.

    >>> sorted(sharpness_instances())
    ['YSJ-2.1 non-critical', 'YSJ-2.2 non-critical', 'YSJ-2.3 sigma_max = 1']
    """
    one = QMatrix([[1]])
    rng = random.Random(80)
    X, Y, U = data_with_spectrum(2, 2, 3, [2, 1], rng)
    W = subset_point([2, 1, 2], X, Y, U, [0])
    return {
        "YSJ-2.1 non-critical": network_instance([1, 1, 1], one, one, [one, QMatrix([[2]])],
                                                 name="non-critical point with a full-rank product"),
        "YSJ-2.2 non-critical": network_instance([2, 1, 2], X, Y, [W[0] * 2, W[1]],
                                                 name="col(W_2) = col(Uhat), product rank k, not critical"),
        "YSJ-2.3 sigma_max = 1": _res_instance(1, [[1]], [[3]], [[[-1]], [[-1]]],
                                               "W = (-1, -1): sigma_max = 1, critical, not a minimum"),
    }


def _noncrit(case):
    return lambda: iter([sharpness_instances()[f"YSJ-{case} non-critical"]])


prover("YSJ-2.1-NONCRIT", instances=_noncrit("2.1"), witnesses=_CURVE)
prover("YSJ-2.2-NONCRIT", instances=_noncrit("2.2"), witnesses=_CURVE)
prover("YSJ-2.3-NOBOUND", instances=lambda: iter([sharpness_instances()["YSJ-2.3 sigma_max = 1"]]),
       witnesses=_CURVE)


# -- AW-001-TRUNC ----------------------------------------------------------------------------------
def _search_key(e):
    return (max(abs(x) for x in e), sum(1 for x in e if x), sum(1 for x in e if x < 0), e)


def _trunc_instances():
    """Smallest first. Every instance meeting the hypotheses (line 56 and k < d_y) is
    kept; the others are skipped (they would only report "hypotheses not met").

    1. widths [2, 1, 2], m = 2 (the smallest shape with k < d_y and rank M > k): all
       X, Y with entries in {-1, 0, 1}, by number of nonzeros, then negatives;
    2. larger shapes with rational Uhat (d_y = 3) and X X^T = I (where it holds)."""
    for e in sorted(itertools.product((-1, 0, 1), repeat=8), key=_search_key):
        X, Y = QMatrix([e[0:2], e[2:4]]), QMatrix([e[4:6], e[6:8]])
        if _line56_ok(X, Y):
            yield network_instance([2, 1, 2], X, Y, name=f"search [2, 1, 2], entries {e}")
    for s, (widths, m, sv) in enumerate([([3, 2, 3], 4, [3, 2, 1]), ([4, 1, 3], 5, [3, 2, 1])]):
        X, Y, _ = data_with_spectrum(widths[0], widths[-1], m, sv, random.Random(90 + s))
        yield network_instance(widths, X, Y, name=f"{widths}, rational Uhat")
    X = QMatrix([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]])
    Y = QMatrix([[3, 1, 0, 1], [1, 2, 1, 0], [0, 1, 1, 2]])
    yield network_instance([3, 1, 3], X, Y, name="X X^T = I")


prover("AW-001-TRUNC", instances=_trunc_instances,
       witnesses={"uhat_basis": _uhat_basis, "closed_forms": _closed_forms})


@functools.lru_cache(maxsize=1)
def trunc_search_summary() -> dict:
    """Run the first phase of the AW-001-TRUNC search ([2, 1, 2], entries in {-1, 0, 1})
    without stopping, and tally.

    Returns
    -------
    dict
        ``instances`` (meeting the hypotheses), ``holds``, ``fails``, ``first_failure``
        (its position, 1-based, and entries), ``scalar_xx`` (instances with X X^T = c I),
        ``scalar_xx_fail`` (failures among them: the corrected statement says 0) and
        ``commuting_without_scalar_xx`` (holds although X X^T is not a multiple of I).

    >>> s = trunc_search_summary()
    >>> s["scalar_xx_fail"], s["first_failure"][0], s["fails"] > 0
    (0, 258, True)
    """
    out = dict(instances=0, holds=0, fails=0, first_failure=None, scalar_xx=0, scalar_xx_fail=0,
               commuting_without_scalar_xx=0)
    crit = trunc_criterion_2x2("S", "B")
    for e in sorted(itertools.product((-1, 0, 1), repeat=8), key=_search_key):
        X, Y = QMatrix([e[0:2], e[2:4]]), QMatrix([e[4:6], e[6:8]])
        if not _line56_ok(X, Y):
            continue
        out["instances"] += 1
        M = Y @ X.pinv()
        XX = X @ X.T
        ok = evaluate(crit, {"S": M @ XX @ M.T, "B": M @ M.T})
        scalar = XX == QMatrix.eye(2) * (XX.trace() / 2)
        out["holds" if ok else "fails"] += 1
        out["scalar_xx"] += scalar
        out["scalar_xx_fail"] += scalar and not ok
        out["commuting_without_scalar_xx"] += ok and not scalar
        if not ok and out["first_failure"] is None:
            out["first_failure"] = (out["instances"], e)
    return out


def _eig2(A, sign: int):
    """The larger (sign = 1) or smaller (sign = -1) eigenvalue of a symmetric 2 x 2 SymPy
    matrix, in closed form."""
    import sympy
    t, d = A.trace(), A.det()
    return (t + sign * sympy.sqrt(t ** 2 - 4 * d)) / 2


def trunc_exact_values(inst: Instance) -> dict:
    """Closed forms (SymPy radicals, for reports) of ``||R* - M||_F^2`` and the
    Eckart–Young optimum on a d_y = 2, k = 1 instance; the decision itself is the facts'.

    >>> X, Y = QMatrix([[0, 1], [1, 1]]), QMatrix([[1, 0], [1, 1]])
    >>> v = trunc_exact_values(network_instance([2, 1, 2], X, Y))
    >>> v["dist2"], v["eckart_young"]
    (3/2 - 3*sqrt(5)/10, 3/2 - sqrt(5)/2)
    """
    import sympy
    X, Y = inst.env["X"].to_sympy(), inst.env["Y"].to_sympy()
    M = Y * X.T * (X * X.T).inv()
    S, B = M * X * X.T * M.T, M * M.T
    u = (S - _eig2(S, 1) * sympy.eye(2)).nullspace()[0]
    Pu = u * u.T / (u.T * u)[0]
    D = (sympy.eye(2) - Pu) * M
    dist2 = sympy.radsimp(sympy.simplify(sum(x ** 2 for x in D)))
    return {"dist2": dist2, "eckart_young": sympy.simplify(_eig2(B, -1)), "M": M, "Sigma": S, "MMt": B}

