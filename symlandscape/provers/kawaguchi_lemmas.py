"""Instance families and witness finders for Kawaguchi's lemmas KAW-L1, KAW-HESS, KAW-L2 and
the as-written statements AW-000-IDX, AW-000-EQ3, AW-000-BAD (statements, notation and
findings in :mod:`symlandscape.theorems.kawaguchi_lemmas`).

Witnesses (JSON data; the statements verify them, nothing here is trusted):

===================== ===============================================================
``sympy_gradient``     SymPy gradient at the point (KAW-L1, up to 12 parameters)
``sympy_hessian``      SymPy Hessian at the point (KAW-HESS, up to 16 parameters)
``ginv_selector``      the d_1 x d_1 matrix selecting a generalized inverse of C^T C (KAW-L1)
``eigenbasis``         ``{"U", "eigenvalues"}``: a rational orthonormal eigenbasis of Sigma
``eigenbasis_col_c``   the same, vectors of col(C) first within each eigenspace (AW-000-EQ3)
``index_threshold``    the rational t of the index-set test (AW-000-IDX; parameter q)
``descent_curve``,     curves W + t D through W_1 = ... = W_H = 0 along which the loss drops
``ascent_curve``       (rises) (AW-000-BAD)
``classification.*``   the classification's curve (:func:`symlandscape.landscape.classify.curve_witness`)
===================== ===============================================================
"""

__all__ = ["sympy_derivatives", "aw_search_summary"]

import functools
import itertools
import random

from ..exact.matrix import QMatrix
from ..landscape.classify import curve_witness
from ..landscape.critical import data_with_spectrum, line_point, subset_point
from ..landscape.curves import chain_curve
from ..landscape.eigenbases import eigenbasis, index_threshold
from ..landscape.globalmin import sigma_matrix
from ..models.linear import DeepLinear
from .instancegen import network_instance, random_qmatrix
from .registry import get_claim, prover


# -- SymPy: an independent differentiation route ---------------------------------------------
def sympy_derivatives(net: DeepLinear, W: list, order: int = 2) -> QMatrix:
    """Gradient (``order=1``, a column) or Hessian (``order=2``) by SymPy: the loss of
    ``net.symbolic()`` is expanded into a polynomial in the weight symbols, differentiated
    symbolically and evaluated at ``W`` (theta order).

    >>> net = DeepLinear([1, 1, 1], [[1]], [[1]])
    >>> sympy_derivatives(net, [[[2]], [[3]]])
    QMatrix([[9, 11], [11, 4]])
    >>> sympy_derivatives(net, [[[2]], [[3]]], order=1).T
    QMatrix([[15, 10]])
    """
    import sympy

    s = net.symbolic()
    th = s["theta"]
    at = dict(zip(th, net.theta(W).to_sympy()))
    poly = sympy.Poly(sympy.expand(s["loss"]), *th)
    grads = [poly.diff(v) for v in th]
    n = len(th)

    if order == 1:
        return QMatrix([[str(g.eval(at))] for g in grads])
    H = [[None] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            H[i][j] = H[j][i] = str(grads[i].diff(th[j]).eval(at))
    return QMatrix(H)


# -- witness finders ------------------------------------------------------------------------
def _net_point(inst):
    net = DeepLinear(list(inst.widths), inst.env["X"], inst.env["Y"])
    return net, net.weights(inst.weights)


def _sympy_gradient(inst):
    net, W = _net_point(inst)
    return sympy_derivatives(net, W, order=1).tostrings()


def _sympy_hessian(inst):
    net, W = _net_point(inst)
    return sympy_derivatives(net, W, order=2).tostrings()


def _ginv_selector(inst):
    """A fixed pseudo-random d_1 x d_1 matrix (C^T C is d_1 x d_1)."""
    d1 = inst.widths[1]
    return random_qmatrix(random.Random(7), d1, d1).tostrings()


def _encode_basis(eb):
    return None if eb is None else {"U": eb[0].tostrings(), "eigenvalues": [str(x) for x in eb[1]]}


def _sigma_c(inst):
    net, W = _net_point(inst)
    return sigma_matrix(net.X, net.Y), net.product(W, 2, len(W))


def _eigenbasis(inst):
    return _encode_basis(eigenbasis(_sigma_c(inst)[0]))


def _eigenbasis_col_c(inst):
    return _encode_basis(eigenbasis(*_sigma_c(inst)))


def _index_threshold(inst, q: int):
    t = index_threshold(*_sigma_c(inst), q)
    return None if t is None else str(t)


def _chain(sign: int):
    def find(inst):
        net, W = _net_point(inst)
        curve = chain_curve(net, W, sign)
        return None if curve is None else [[c.tostrings() for c in step] for step in curve]
    return find


def _classification_curve(inst, want: str = "descent"):
    net, W = _net_point(inst)
    return curve_witness(net, W, want)


_EIGEN = {"eigenbasis": _eigenbasis}


# -- generators of data and points -----------------------------------------------------------
def _diag_data(dx: int, dy: int, svals) -> tuple:
    """X = I_{d_x}, Y = [diag(svals) 0] (needs d_y <= d_x): Sigma = diag(svals^2), U = I."""
    X = QMatrix.eye(dx)
    Y = QMatrix([[svals[i] if i == j else 0 for j in range(dx)] for i in range(dy)])
    return X, Y, QMatrix.eye(dy)


def _subset_points(widths, X, Y, U, rng=None):
    """Every eigenvector-subset critical point, all sizes up to min(p, d_y) (origin first)."""
    dy = widths[-1]
    p = min(widths[1:-1]) if len(widths) > 2 else dy
    for r in range(min(p, dy) + 1):
        for I in itertools.combinations(range(dy), r):
            yield f"I = {{{', '.join(str(i + 1) for i in I)}}}", subset_point(widths, X, Y, U, list(I), rng)


def _inst(widths, X, Y, W, name):
    return network_instance(widths, X, Y, [QMatrix(w) for w in W], name=name)


def _n_params(widths) -> int:
    return sum(a * b for a, b in zip(widths, widths[1:]))


# -- instance families ----------------------------------------------------------------------
def _l1_instances():
    rng = random.Random(1000)
    X1, Y1 = QMatrix([[1]]), QMatrix([[2]])
    for W, name in [([[[1]], [[2]]], "global minimum"), ([[[0]], [[0]]], "origin (critical)"),
                    ([[[1]], [[1]]], "not critical"), ([[["1/2"]], [[4]]], "global minimum, rescaled")]:
        yield _inst([1, 1, 1], X1, Y1, W, f"[1,1,1] {name}")
    # H = 0: linear regression, C = I.
    X, Y = random_qmatrix(rng, 2, 3), random_qmatrix(rng, 2, 3)
    yield _inst([2, 2], X, Y, [Y @ X.T @ (X @ X.T).inv()], "H = 0, critical")
    yield _inst([2, 2], X, Y, [random_qmatrix(rng, 2, 2)], "H = 0, not critical")
    cases = [([2, 1, 2], [2, 1], 3, [[], [0], [1]]),
             ([3, 2, 2, 3], [3, 2, 1], 4, [[0, 1], [1], [0, 2]]),   # [1]: rank-deficient W_2
             ([2, 2, 1, 2, 2], [2, 1], 3, [[0], []])]
    for widths, sv, m, subsets in cases:
        X, Y, U = data_with_spectrum(widths[0], widths[-1], m, sv, rng)
        for I in subsets:
            yield _inst(widths, X, Y, subset_point(widths, X, Y, U, I, rng),
                        f"{widths} subset point I = {[i + 1 for i in I]}")
        yield _inst(widths, X, Y, [random_qmatrix(rng, r, c) for r, c in zip(widths[1:], widths)],
                    f"{widths} random point")
    # two zero layers (critical for H >= 2), rank-deficient C
    X, Y = random_qmatrix(rng, 2, 3), random_qmatrix(rng, 2, 3)
    yield _inst([2, 2, 2, 2], X, Y, [QMatrix.zeros(2, 2), QMatrix.zeros(2, 2), random_qmatrix(rng, 2, 2)],
                "[2,2,2,2] W1 = W2 = 0")
    # singular X X^T: the implication's hypothesis fails
    X, Y, U = data_with_spectrum(3, 2, 2, [2, 1], rng)
    yield _inst([3, 2, 2], X, Y, subset_point([3, 2, 2], X, Y, U, [0, 1]), "singular X X^T")


def _hess_instances():
    rng = random.Random(2000)
    yield _inst([1, 1, 1], QMatrix([[1]]), QMatrix([[1]]), [[[2]], [[3]]], "[1,1,1] hand-worked")
    for widths, m in [([2, 1, 2], 2), ([1, 2, 1, 1], 2), ([2, 2, 2], 3), ([2, 1, 2, 1, 2], 2),
                      ([1, 1, 1, 1, 1], 1), ([3, 2, 2], 2), ([2, 2, 1, 2], 3)]:
        X, Y = random_qmatrix(rng, widths[0], m), random_qmatrix(rng, widths[-1], m)
        yield _inst(widths, X, Y, [random_qmatrix(rng, r, c) for r, c in zip(widths[1:], widths)],
                    f"{widths} random point")
    X, Y, U = data_with_spectrum(2, 2, 3, [2, 1], rng)
    yield _inst([2, 1, 2], X, Y, subset_point([2, 1, 2], X, Y, U, [1], rng), "[2,1,2] saddle")
    X, Y, U = data_with_spectrum(3, 3, 3, [3, 2, 1], rng)
    yield _inst([3, 2, 2, 3], X, Y, subset_point([3, 2, 2, 3], X, Y, U, [0, 1], rng), "[3,2,2,3] global minimum")
    yield _inst([2, 2, 2], QMatrix.zeros(2, 2), QMatrix.zeros(2, 2),
                [random_qmatrix(rng, 2, 2), random_qmatrix(rng, 2, 2)], "zero data")
    X = random_qmatrix(rng, 2, 3)
    W = [random_qmatrix(rng, 1, 2, rank=1), random_qmatrix(rng, 2, 1)]
    yield _inst([2, 1, 2], X, W[1] @ W[0] @ X, W, "zero residual (Y = P X)")


def _l2_instances():
    rng = random.Random(3000)
    yield _inst([1, 1, 1], QMatrix([[1]]), QMatrix([[2]]), [[[1]], [[2]]], "[1,1,1] global minimum")
    yield _inst([1, 1, 1], QMatrix([[1]]), QMatrix([[0]]), [[[0]], [[0]]], "[1,1,1] Y = 0, origin")
    yield _inst([2, 2], QMatrix.eye(2), QMatrix([[1, 2], [3, 4]]), [[[1, 2], [3, 4]]], "H = 0 minimum")
    configs = [([2, 1, 2], [2, 1], 3), ([3, 2, 3], [3, 2, 1], 4), ([3, 2, 2, 3], [3, 2, 1], 4),
               ([3, 1, 2, 3], [3, 2, 1], 3), ([3, 2, 1, 3], [2, 1, 1], 4), ([3, 1, 3], [1, 1, "1/2"], 3),
               ([3, 2, 3], [2, 1, 1], 3), ([2, 2, 2, 2, 2], [2, 1], 2)]
    for widths, sv, m in configs:
        X, Y, U = data_with_spectrum(widths[0], widths[-1], m, sv, rng)
        for label, W in _subset_points(widths, X, Y, U, rng):
            yield _inst(widths, X, Y, W, f"{widths} spectrum {sv}, subset point {label}")
    # W_1 = ... = W_H = 0 (bad saddles for H >= 3; zero Hessian), rank-deficient middle layers
    for widths in ([2, 2, 2, 2, 2], [1, 1, 1, 1, 1]):
        X, Y = random_qmatrix(rng, widths[0], 2), random_qmatrix(rng, widths[-1], 2)
        W = ([QMatrix.zeros(r, c) for r, c in zip(widths[1:-1], widths[:-2])]
             + [random_qmatrix(rng, widths[-1], widths[-2])])
        yield _inst(widths, X, Y, W, f"{widths} W_1 = ... = W_H = 0")
    # singular X X^T (part (b) does not apply; part (a) does)
    X, Y, U = data_with_spectrum(3, 2, 2, [2, 1], rng)
    for label, W in _subset_points([3, 2, 2], X, Y, U, rng):
        yield _inst([3, 2, 2], X, Y, W, f"singular X X^T, subset point {label}")


# -- AW search instances (smallest first) ---------------------------------------------------------
_AW_SHAPES = [[1, 1, 1], [2, 1, 1], [1, 1, 2], [2, 1, 2], [2, 2, 2], [3, 1, 2], [3, 1, 3], [3, 2, 3],
              [3, 1, 1, 3], [3, 2, 1, 3], [3, 2, 2, 3]]


def _aw_instances():
    """Shapes by number of parameters; per shape: diagonal data with distinct singular values
    (X = I, Sigma diagonal), then repeated singular values (Sigma = I) with, for [d_x, 1, d_y],
    a critical point whose col(C) is a rotated line of the eigenspace, then Cayley data
    (rational orthogonal eigenvectors, m = d_x + 1). Points: every index set of every size
    (indices beyond min(d_y, p) included; sizes below p give rank-deficient middle layers)."""
    rng = random.Random(4000)
    out = []
    for si, widths in enumerate(sorted(_AW_SHAPES, key=lambda w: (_n_params(w), w))):
        dx, dy = widths[0], widths[-1]
        families = []
        if dy <= dx:
            families.append(("diagonal data, distinct eigenvalues", _diag_data(dx, dy, list(range(dy, 0, -1)))))
            if dy >= 2:
                families.append(("diagonal data, Sigma = I", _diag_data(dx, dy, [1] * dy)))
            families.append(("Cayley data", data_with_spectrum(dx, dy, dx + 1, list(range(dy + 1, 1, -1)), rng)))
        else:
            X = QMatrix([[1] * dx for _ in range(dx)]) if dx == 1 else QMatrix.eye(dx)
            Y = QMatrix([[1 + i] * dx for i in range(dy)])
            families.append(("d_y > d_x", (X, Y, None)))
        for fi, (fname, (X, Y, U)) in enumerate(families):
            pts = []
            if U is None:
                pts.append(("origin", [QMatrix.zeros(r, c) for r, c in zip(widths[1:], widths)]))
            else:
                pts.extend(_subset_points(widths, X, Y, U, rng if fname == "Cayley data" else None))
                if fname == "diagonal data, Sigma = I" and len(widths) == 3 and widths[1] == 1:
                    c = QMatrix([[3], [4]] + [[0]] * (dy - 2))
                    pts.insert(1, ("col(C) = span (3, 4) of the eigenspace", line_point(X, Y, c)))
            for pi, (label, W) in enumerate(pts):
                out.append(((_n_params(widths), si, fi, pi), _inst(widths, X, Y, W, f"{widths} {fname}, {label}")))
    out.sort(key=lambda t: t[0])
    for _, inst in out:
        yield inst


def _bad_instances():
    """Smallest first: H = 1 (excluded), then H = 2, 3, 4 with widths up to 2; data X = I
    with Y = 0 (outside the hypotheses), Y = I-like and random; W_{H+1} = 0, all ones, random."""
    rng = random.Random(5000)
    shapes = [[1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1, 1], [2, 1, 1, 2], [2, 2, 2, 2], [1, 1, 1, 1, 1, 1],
              [2, 1, 1, 1, 2], [2, 2, 1, 2, 2], [2, 2, 2, 2, 2]]
    out = []
    for si, widths in enumerate(shapes):
        dx, dy = widths[0], widths[-1]
        if len(widths) == 3:          # H = 1: excluded by the statement; one instance shows it
            out.append(((_n_params(widths), si, 0, 0),
                        _inst(widths, QMatrix.eye(dx), QMatrix.eye(dy), [QMatrix.zeros(1, 1), QMatrix([[1]])],
                              f"{widths} H = 1, W_1 = 0")))
            continue
        datas = [("Y = 0", QMatrix.eye(dx), QMatrix.zeros(dy, dx)),
                 ("Y = [I 0]", QMatrix.eye(dx), QMatrix([[int(i == j) for j in range(dx)] for i in range(dy)])),
                 ("random data", random_qmatrix(rng, dx, dx + 1, rank=dx), random_qmatrix(rng, dy, dx + 1, rank=dy))]
        for di, (dname, X, Y) in enumerate(datas):
            lasts = [("W_{H+1} = 0", QMatrix.zeros(dy, widths[-2])),
                     ("W_{H+1} = ones", QMatrix([[1] * widths[-2] for _ in range(dy)])),
                     ("W_{H+1} random", random_qmatrix(rng, dy, widths[-2]))]
            for li, (lname, Wl) in enumerate(lasts):
                W = [QMatrix.zeros(r, c) for r, c in zip(widths[1:-1], widths[:-2])] + [Wl]
                out.append(((_n_params(widths), si, di, li), _inst(widths, X, Y, W, f"{widths} {dname}, {lname}")))
    out.sort(key=lambda t: t[0])
    for _, inst in out:
        yield inst


prover("KAW-L1", instances=_l1_instances,
       witnesses={"sympy_gradient": _sympy_gradient, "ginv_selector": _ginv_selector})
prover("KAW-HESS", instances=_hess_instances, witnesses={"sympy_hessian": _sympy_hessian})
prover("KAW-L2", instances=_l2_instances, witnesses=_EIGEN)
prover("AW-000-IDX", instances=_aw_instances, witnesses={**_EIGEN, "index_threshold": _index_threshold})
prover("AW-000-EQ3", instances=_aw_instances, witnesses={**_EIGEN, "eigenbasis_col_c": _eigenbasis_col_c,
                                                              "classification.curve": _classification_curve})
prover("AW-000-BAD", instances=_bad_instances,
       witnesses={"descent_curve": _chain(+1), "ascent_curve": _chain(-1),
                  "classification.curve": _classification_curve})


# -- search summaries ----------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def aw_search_summary(claim_id: str) -> dict:
    """Run every bundled instance of an AW claim of this module (without stopping) and tally.

    Returns
    -------
    dict
        ``instances``; ``met`` (hypotheses met); ``fails`` (as written); ``corrected_ok``
        (instances meeting the hypotheses on which the "corrected:" value fact, where
        recorded, is true); ``first_fail`` (name of the first counterexample).

    >>> s = aw_search_summary("AW-000-IDX")
    >>> s["fails"] > 0 and s["corrected_ok"] == s["met"]
    True
    """
    claim = get_claim(claim_id)
    tally = {"instances": 0, "met": 0, "fails": 0, "corrected_ok": 0, "first_fail": None}
    for inst in claim.instances():
        v = claim.check(inst)
        tally["instances"] += 1
        if v.status in ("holds", "fails"):
            tally["met"] += 1
            facts = v.certificate["facts"]
            corr = [f["value"] for f in facts if f["key"].startswith("corrected")]
            if claim_id == "AW-000-BAD":      # corrected: fails exactly when H = 2 and W_3^T Y X^T != 0
                H = len(inst.widths) - 2
                crit = next(f["value"] for f in facts if f["key"] == "w_last_yxt_zero")
                corr = [(v.status == "holds") == (H >= 3 or crit)]
            tally["corrected_ok"] += all(c is True for c in corr)
        if v.status == "fails":
            tally["fails"] += 1
            tally["first_fail"] = tally["first_fail"] or inst.name
    return tally
