r"""Very wide feedforward networks (seed 002, Cooper, section 5.3 and section 6).

A network ``F = A_L o s o ... o s o A_1``
(:class:`~symlandscape.models.feedforward.Feedforward`) is *very wide* when every hidden
width exceeds the number of samples ``m``. Write ``h = d_{L-1}`` (the last hidden
width), ``d = d_L`` (outputs), ``Z`` the ``h x m`` matrix of last hidden outputs
(the *features*) and ``r = rank Z``. On the *slice* through a point ``p`` (all layers
but the last fixed) the network is affine in ``[W_L | b_L]``, so the loss is a quadratic
polynomial there, with leading form ``Q(E) = 1/2 ||E Z~||^2`` (``Z~ = [Z; 1]`` with an
output bias, ``Z`` without).

* :func:`level_subspace` is ``V = {E : E Z~ = 0}`` in theta coordinates, of dimension
  ``d (h + b - rank Z~)`` (``b`` = 1 with an output bias) ``>= d (h - r)``. At a
  critical point the slice gradient vanishes, so ``L`` is constant on ``p + V``
  (Theorem 5.15; with ``r <= m`` Theorem 5.17).
* The seed's Corollaries 5.16 and 5.18 count zero Hessian eigenvalues from ``V``; its
  argument ("a ``k x k`` zero block gives ``k`` zero eigenvalues") is false in general
  (:func:`zero_block_bound`, :func:`zero_block_search`), and ``H V`` need not vanish
  (:func:`wide_report` records ``rank(H V)``), but the counts hold on every instance we
  constructed.
* Exact critical points: :func:`designed_critical_point` (data chosen for a point: the
  residual in the left kernel of the output Jacobian), :func:`zero_loss_point`,
  :func:`local_max_point` (no output bias, ``s(x) = x^2``), and the star and core loci of
  :mod:`symlandscape.landscape.loci`.
* :func:`growth_table`: the dimensions and zero-eigenvalue counts of section 6 as the
  hidden width grows on a fixed data set (GROW-6.1/6.2).

Examples
--------
>>> from symlandscape.models.feedforward import Feedforward
>>> net = Feedforward([1, 3, 1], [[0, 1]], [[0, 1]], activation=[0, 0, 1])
>>> W = [[[1, 0], [1, 1], [0, 1]], [[0, 0, 0, "1/2"]]]
>>> hidden_features(net, W).tolist()
[[Fraction(0, 1), Fraction(1, 1)], [Fraction(1, 1), Fraction(4, 1)], [Fraction(1, 1), Fraction(1, 1)]]
>>> level_subspace(net, W).shape            # d (h + 1 - rank [Z; 1]) = 1 * (4 - 2)
(10, 2)
"""

__all__ = ["slice_indices", "hidden_features", "level_subspace", "designed_critical_point",
           "zero_loss_point", "local_max_point", "star_critical_point", "wide_report", "seed_bounds",
           "zero_block_bound", "zero_block_search", "growth_row", "growth_table", "seed_growth_formulas",
           "growth_markdown", "GROWTH_COLUMNS", "GROWTH_DATA", "MAX_GROWTH_PARAMS"]

import itertools
import random

import flint

from ..exact.inertia import inertia
from ..exact.matrix import QMatrix
from ..exact.numbers import InputError
from .loci import core_pieces, locus_point, parametrisation, star_pieces

#: Largest parameter count a growth-table row is computed for (dense exact Hessians).
MAX_GROWTH_PARAMS = 400

#: Section 6's fixed data set for the growth table (d_0 = 1, d = 1, m = 3, depth 4,
#: s(x) = x + x^2) and the hidden widths tabulated.
GROWTH_DATA = {"X": [[0, 1, 2]], "Y": [[1, 0, 2]], "activation": (0, 1, 1), "depth": 4,
               "widths": (4, 5, 6, 7, 8, 9, 10)}


def _q(rng, a=3, b=3):
    return flint.fmpq(rng.randint(-a, a), rng.randint(1, b))


def slice_indices(net) -> list:
    """Theta indices of the last layer ``[W_L | b_L]`` (the slice coordinates).

    >>> from symlandscape.models.feedforward import Feedforward
    >>> slice_indices(Feedforward([1, 2, 1], [[1]], [[0]]))
    [4, 5, 6]
    """
    return list(range(net.offsets[-1], net.n_params))


def hidden_features(net, W) -> QMatrix:
    """The last hidden outputs ``Z = z_{L-1}(x_j)``, ``d_{L-1} x m`` (exact)."""
    if net.L < 2:
        raise InputError("a network with a hidden layer is needed")
    P = net.preactivations(W)[-2].flint
    return QMatrix(flint.fmpq_mat([[net.act.value(x) for x in row] for row in P.tolist()]))


def _augmented(net, Z) -> flint.fmpq_mat:
    """``Z~``: the features with a row of ones when the output layer has a bias."""
    if not net.biases[-1]:
        return Z.flint
    h, m = Z.shape
    A = flint.fmpq_mat(h + 1, m)
    for i in range(h):
        for j in range(m):
            A[i, j] = Z.flint[i, j]
    for j in range(m):
        A[h, j] = 1
    return A


def level_subspace(net, W) -> QMatrix:
    """A basis (columns, theta coordinates) of ``V = {[dW | db] : [dW | db] Z~ = 0}``.

    The last layer's parameters ``E`` enter ``F`` only through ``E Z~``, so ``L(p + v)`` is
    ``L(p)`` plus ``grad . v`` for ``v`` in ``V``: at a critical point ``L`` is constant on
    ``p + V``. The basis is ``e_o kron u`` for ``u`` in the left kernel of ``Z~`` (theta is
    column-major: ``E[o, b]`` sits at ``offset + b d + o``).

    Notes
    -----
    One forward pass and one exact nullspace of an ``m x (h + 1)`` matrix.
    """
    W = net.weights(W)
    Zt = QMatrix(_augmented(net, hidden_features(net, W)))
    U = Zt.T.nullspace().flint                        # columns u with u^T Z~ = 0
    d, off = net.widths[-1], net.offsets[-1]
    k = U.ncols()
    V = flint.fmpq_mat(net.n_params, d * k)
    for c in range(k):
        for o in range(d):
            for b in range(U.nrows()):
                V[off + b * d + o, c * d + o] = U[b, c]
    return QMatrix(V)


def designed_critical_point(widths, X, W, activation, biases=True, rng=None):
    """Targets ``Y`` that make ``W`` a critical point with a nonzero residual, if any.

    ``grad L = J^T r`` with ``J`` the Jacobian of the outputs on all samples and
    ``r = F - Y``: any ``r`` in the left kernel of ``J`` gives a critical point
    ``Y = F - r``. Returns ``(net, W)`` (``r`` a random rational combination of a kernel
    basis) or None when ``J`` has full row rank (then every critical point there is a
    global minimum).

    >>> from symlandscape.models.feedforward import Feedforward
    >>> net, W = designed_critical_point([1, 3, 1], [[0, 1, 2, 3]], [[[1, 0], [2, 1], [0, 1]], [[1, 2, 3, 1]]],
    ...                                  [0, 1, 1], rng=random.Random(1))
    >>> net.gradient(W).is_zero(), net.loss(W) > 0
    (True, True)
    """
    from ..models.feedforward import Feedforward
    rng = rng or random.Random(0)
    d, m = widths[-1], len(X[0])
    net = Feedforward(widths, X, [[0] * m] * d, activation=activation, biases=biases)
    W = net.weights(W)
    K = net.jacobian_rows(W).T.nullspace().flint
    if K.ncols() == 0:
        return None
    co = [_q(rng) for _ in range(K.ncols())]
    if all(c == 0 for c in co):
        co[0] = flint.fmpq(1)
    r = [sum((co[c] * K[i, c] for c in range(K.ncols())), flint.fmpq(0)) for i in range(K.nrows())]
    F = net.output(W).flint
    Y = [[F[o, j] - r[j * d + o] for j in range(m)] for o in range(d)]
    return Feedforward(widths, X, Y, activation=activation, biases=biases), W


def zero_loss_point(net, rng=None, tries: int = 20):
    """A global minimum with loss 0: random hidden layers, ``[W_L | b_L] Z~ = Y`` solved exactly.

    Returns the weights, or None when ``Z~`` has rank below ``m`` at ``tries`` random points
    (a very wide net has full rank generically; a narrow one never).
    """
    rng = rng or random.Random(0)
    for _ in range(tries):
        W = [flint.fmpq_mat([[_q(rng) for _ in range(c)] for _ in range(r)]) for r, c in net.shapes]
        W[-1] = flint.fmpq_mat(*net.shapes[-1])
        Zt = QMatrix(_augmented(net, hidden_features(net, [QMatrix(w) for w in W])))
        if Zt.rank() < net.m:
            continue
        # E Z~ = Y: the minimum-norm solution through the pseudoinverse
        E = (net.Y @ Zt.pinv()).flint
        return [QMatrix(w) for w in W[:-1]] + [QMatrix(E)]
    return None


def local_max_point(widths, X, Y, hidden_bias=True):
    """A local maximum of a net without output bias and ``s(x) = x^2``.

    ``W_{L-1} = 0`` (and ``b_{L-1} = 0``) make the features vanish, ``W_L`` has every entry
    ``-1`` and the lower layers are ``1``; with every ``y < 0`` this is a local maximum: near
    the point ``s >= 0`` and ``W_L < 0`` give ``F <= 0``, and ``F`` is near 0, so
    ``2 y < F <= 0`` and ``(F - y)^2 <= y^2`` entrywise.

    >>> net, W = local_max_point([1, 3, 1], [[1, 2]], [[-1, -2]])
    >>> net.gradient(W).is_zero(), net.loss(W)
    (True, 5/2)
    """
    from ..models.feedforward import Feedforward
    L = len(widths) - 1
    if L < 2:
        raise InputError("a hidden layer is needed")
    biases = [hidden_bias] * (L - 1) + [False]
    net = Feedforward(widths, X, Y, activation=[0, 0, 1], biases=biases)
    W = []
    for k, (r, c) in enumerate(net.shapes):
        if k == L - 2:
            W.append(flint.fmpq_mat(r, c))
        elif k == L - 1:
            W.append(flint.fmpq_mat([[-1] * c for _ in range(r)]))
        else:
            W.append(flint.fmpq_mat([[1] * c for _ in range(r)]))
    return net, [QMatrix(w) for w in W]


def star_critical_point(net, rng=None):
    """A point of the star piece ``S_{L-1}`` (``W_L = 0``, ``b_L`` = mean y, ``W_{L-1} = 0``):
    critical (STAR-3.1), features constant across samples (``r <= 1``)."""
    return locus_point(net, [net.L - 1], rng=rng or random.Random(0))


def seed_bounds(net, W) -> dict:
    """The seed's lower bounds at ``W``: ``d (h - r)`` (5.15/5.16) and ``d (h - m)`` (5.17/5.18)."""
    d, h = net.widths[-1], net.widths[-2]
    r = hidden_features(net, W).rank()
    return {"r": r, "bound_r": d * (h - r), "bound_m": d * (h - net.m)}


def wide_report(net, W) -> dict:
    """Exact data of 5.15-5.18 at a point: gradient zero, ``dim V``, the seed's bounds, the
    Hessian's inertia, ``rank(H V)`` (0 iff ``V`` lies in the kernel).

    Notes
    -----
    One exact Hessian (backpropagation) and its exact inertia: dominated by the inertia of an
    ``n x n`` matrix (certified path, charpoly fallback; see :mod:`symlandscape.exact.inertia`).
    """
    W = net.weights(W)
    V = level_subspace(net, W)
    H = net.hessian(W)
    out = {"n": net.n_params, "critical": net.gradient(W).is_zero(), "loss": net.loss(W), "dim_V": V.rank()}
    out.update(seed_bounds(net, W))
    out["inertia"] = tuple(inertia(H))
    out["rank_HV"] = (H @ V).rank() if V.shape[1] else 0
    return out


# -- AW-002-5.16: zero principal blocks -----------------------------------------------------------
def zero_block_bound(n: int, k: int) -> int:
    """The corrected lemma's bound: a symmetric ``n x n`` matrix whose quadratic form vanishes
    on a ``k``-dimensional subspace (a ``k x k`` zero principal block) has
    ``n_+ <= n - k`` and ``n_- <= n - k`` (a definite subspace meets it in 0), hence at least
    ``max(0, 2k - n)`` zero eigenvalues; ``[[0, I_k], [I_k, 0]]`` padded shows it is sharp.

    >>> zero_block_bound(2, 1), zero_block_bound(3, 2), zero_block_bound(4, 4)
    (0, 1, 4)
    """
    if not 0 <= k <= n:
        raise InputError(f"need 0 <= k <= n, got k = {k}, n = {n}")
    return max(0, 2 * k - n)


def zero_block_search(max_n: int = 3, entries=(0, 1, -1)):
    """Symmetric matrices with a leading ``k x k`` zero block, smallest ``n`` first, entries
    from ``entries``: yields ``(A, k, inertia)`` for every one (``A`` a QMatrix).

    >>> A, k, inn = next((A, k, i) for A, k, i in zero_block_search(2) if i[2] < k)
    >>> A.tolist(), k, inn
    ([[Fraction(0, 1), Fraction(1, 1)], [Fraction(1, 1), Fraction(0, 1)]], 1, (1, 1, 0))
    """
    for n in range(1, max_n + 1):
        for k in range(1, n + 1):
            free = [(i, j) for i in range(n) for j in range(i, n) if not (i < k and j < k)]
            for vals in itertools.product(entries, repeat=len(free)):
                A = flint.fmpq_mat(n, n)
                for (i, j), v in zip(free, vals):
                    A[i, j] = A[j, i] = v
                yield QMatrix(A), k, tuple(inertia(QMatrix(A)))


# -- section 6: growth as the hidden width grows ------------------------------------------------------
#: The columns of :func:`growth_table` (names and meanings).
GROWTH_COLUMNS = {
    "n": "hidden width (all hidden layers)",
    "N": "number of parameters",
    "dim_min": "dim of the zero-loss locus near a constructed global minimum (N - rank J)",
    "dim_star": "dim of the largest star piece (rank of its parametrisation)",
    "dim_core": "dim of the largest core piece (rank of its parametrisation)",
    "dim_V": "dim of the linear space p + V in the level set at a star point S_{L-1}",
    "zeros_core": "zero Hessian eigenvalues at a core point (exact inertia)",
    "zeros_min": "zero Hessian eigenvalues at the global minimum (N - rank H, H = J^T J PSD there)",
    "zeros_star": "zero Hessian eigenvalues at the star point (exact inertia)",
}


def seed_growth_formulas(widths, m: int, reading: str) -> dict:
    """Section 6's formulas for equal hidden widths ``n``: ``N``, ``dim_min = N - d m``,
    the star and core dimensions (reading S: the pieces ``S_i``, ``i >= 2``, have codimension
    ``d n + d + n^2``, the core ``d n + d + 2 n^2``; reading G: the largest pieces involve
    ``W_1`` and the codimensions are ``d n + d + d_0 n`` and ``d n + d + d_0 n + n^2``),
    ``dim_V >= d (n - m)``, ``zeros_core = N - d`` (the seed: ``N - 1``),
    ``zeros_min >= N - d m``, ``zeros_star >= d (n - m)``.

    >>> seed_growth_formulas([1, 4, 4, 4, 1], 3, "G")["dim_core"]      # 53 - (4 + 1 + 4 + 16)
    28
    """
    n0, d, L = widths[0], widths[-1], len(widths) - 1
    n = widths[1]
    if any(w != n for w in widths[1:-1]):
        raise InputError("section 6 takes equal hidden widths")
    hb = reading == "G"
    N = n0 * n + (L - 2) * n * n + d * n + d + (L - 1) * n * hb
    star = N - (d * n + d + (n * n if reading == "S" else n0 * n))
    core_pieces_ = core_pieces(L, reading)
    core = None
    if core_pieces_:
        core = N - (d * n + d + (2 * n * n if reading == "S" else n0 * n + n * n))
    return {"N": N, "dim_min": N - d * m, "dim_star": star, "dim_core": core, "dim_V": d * (n - m),
            "zeros_core": None if core is None else N - d, "zeros_min": N - d * m, "zeros_star": d * (n - m)}


def growth_row(net, rng=None) -> dict:
    """One row of :func:`growth_table` for ``net`` (equal hidden widths, an output bias).

    Notes
    -----
    Exact: two parametrisation ranks, two Hessians by backpropagation, one exact rank and two
    exact inertias of ``N x N`` matrices; refused above :data:`MAX_GROWTH_PARAMS`.
    """
    if net.n_params > MAX_GROWTH_PARAMS:
        raise InputError(f"{net.n_params} parameters: above MAX_GROWTH_PARAMS = {MAX_GROWTH_PARAMS}")
    rng = rng or random.Random(0)
    reading = "G" if all(net.biases) else "S"
    L, N = net.L, net.n_params
    row = {"n": net.widths[1], "N": N}
    Wmin = zero_loss_point(net, rng)
    if Wmin is None:
        raise InputError("no zero-loss point found at a random point (features of rank < m)")
    Hmin = net.hessian(Wmin)
    row["dim_min"] = N - net.jacobian_rows(Wmin).rank()
    row["zeros_min"] = N - Hmin.rank()
    stars = star_pieces(L, reading)
    row["dim_star"] = max(parametrisation(net, [i]).rank() for i in stars) if stars else None
    cores = core_pieces(L, reading)
    row["dim_core"] = max(parametrisation(net, list(p)).rank() for p in cores) if cores else None
    if cores:
        Wc = locus_point(net, list(cores[-1]), rng=rng)
        row["zeros_core"] = inertia(net.hessian(Wc))[2]
    else:
        row["zeros_core"] = None
    Ws = star_critical_point(net, rng)
    row["dim_V"] = level_subspace(net, Ws).rank()
    row["zeros_star"] = inertia(net.hessian(Ws))[2]
    return row


def growth_table(n0: int, d: int, depth: int, widths_seq, X, Y, activation=(0, 1, 1), reading="G",
                 seed: int = 0) -> list:
    """Rows of exact dimensions and zero counts for hidden widths ``widths_seq`` on the fixed
    data ``X, Y`` (``depth`` affine layers), each with the seed formulas
    (:func:`seed_growth_formulas`) under ``"formula"``.

    >>> rows = growth_table(1, 1, 3, [3, 4], [[0, 1]], [[1, 0]], seed=1)
    >>> [(r["n"], r["dim_V"], r["formula"]["dim_V"], r["zeros_core"]) for r in rows]
    [(3, 3, 1, 21), (4, 4, 2, 32)]
    """
    from ..models.feedforward import Feedforward
    out = []
    for n in widths_seq:
        widths = [n0] + [n] * (depth - 1) + [d]
        biases = [reading == "G"] * (depth - 1) + [True]
        net = Feedforward(widths, X, Y, activation=list(activation), biases=biases)
        row = growth_row(net, random.Random(seed + n))
        row["formula"] = seed_growth_formulas(widths, net.m, reading)
        out.append(row)
    return out


def growth_markdown(rows) -> str:
    """A Markdown table of :func:`growth_table` rows: each exact value with the seed formula
    (``=`` where they agree, the formula in brackets otherwise; the bounds as ``>=``).

    >>> rows = growth_table(1, 1, 3, [3], [[0, 1]], [[1, 0]], seed=1)
    >>> print(growth_markdown(rows).splitlines()[2])
    | 3 | 22 | 20 = | 15 = | 6 = | 3 >= 1 | 21 = | 20 >= 20 | 15 >= 1 |
    """
    head = ["n", "N", "dim min", "dim star", "dim core", "dim V", "zeros core", "zeros min", "zeros star"]
    keys = ["dim_min", "dim_star", "dim_core", "dim_V", "zeros_core", "zeros_min", "zeros_star"]
    bounds = {"dim_V", "zeros_min", "zeros_star"}
    out = [f"| {' | '.join(head)} |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [str(r["n"]), str(r["N"])]
        for k in keys:
            got, want = r[k], r["formula"][k]
            if got is None:
                cells.append("-")
            elif k in bounds:
                cells.append(f"{got} >= {want}" if got >= want else f"{got} (< {want}!)")
            else:
                cells.append(f"{got} =" if got == want else f"{got} (seed: {want})")
        out.append(f"| {' | '.join(cells)} |")
    return "\n".join(out)
