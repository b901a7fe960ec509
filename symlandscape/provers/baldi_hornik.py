r"""Baldi–Hornik claims BH-4 ... BH-7 [seed 004, Theorems 4-7] and the statements as
the seed writes them: AW-004-BH6 [eq (5)], AW-004-THM8 [Theorem 8], AW-004-DEF3
[Definition 3 with Theorem 8.3].

Mapping of the seed's notation onto ours
----------------------------------------
The seed's two-layer network has ``A`` (d x p), ``B`` (p x d), samples ``x_i, y_i``
in ``R^d`` and the loss ``L(A, B) = sum_i ||y_i - A B x_i||^2 = ||Y - A B X||_F^2``
(eq (1): **no** factor 1/2; the network is ``A B x``, so ``B`` acts first). Ours is
:class:`~symlandscape.models.DeepLinear` with widths ``[d_x, p, d_y]``, samples as
the columns of ``X`` (d_x x m) and ``Y`` (d_y x m), and

    W_1 = B  (p x d_x),    W_2 = A  (d_y x p),    L_ours = 1/2 ||W_2 W_1 X - Y||_F^2 = L_seed / 2.

The factor 1/2 changes no critical point, no Hessian sign, no minimiser. The
seed's covariances are ``Sigma_xx = sum x_i x_i^T = X X^T``, ``Sigma_xy = sum x_i
y_i^T = X Y^T`` (d_x x d_y) and ``Sigma_yx = Y X^T`` (d_y x d_x); its ``Sigma =
Sigma_yx Sigma_xx^-1 Sigma_xy = Y X^T (X X^T)^-1 X Y^T`` is our ``Y X^+ X Y^T``
(the same matrix when ``X X^T`` is invertible). Our gradient blocks are
``dL/dW_1 = A^T A B Sigma_xx - A^T Sigma_yx`` and ``dL/dW_2 = A B Sigma_xx B^T -
Sigma_yx B^T``: eq (2) is ``dL/dW_1 = 0`` and eq (4) is ``dL/dW_2 = 0`` exactly (the
seed's derivatives are twice ours). ``P_A = A A^+``. The seed writes ``d_x = d_y =
d`` and ``p <= d``; the checkers accept any widths where the statement makes sense.

The kind of a critical point (global minimum, not a local minimum, not a local
maximum) comes from :func:`~symlandscape.provers.kawaguchi.point_kind` (exact
classification plus descent / ascent curves), shared with KAW-2..4.

Findings (``symlandscape prove BH-4 BH-5 BH-6 BH-7 AW-004-BH6 AW-004-THM8 AW-004-DEF3``)
-----------------------------------------------------------------------------------
* BH-4, BH-5 hold: the W_1 (W_2) block of the Hessian is PSD and does not depend on
  W_1 (W_2); ``B* = A^+ Y X^+`` (``A* = Y (B X)^+``) solves eq (2) (eq (4)) for
  *any* data, and the solutions of eq (2) (4) are exactly the minimisers.
* BH-6 holds; its full-column-rank hypothesis on ``A`` is not needed (``dL/dW_1 = 0``
  gives ``P_A A B Sigma_xx = P_A Sigma_yx`` since ``(A^T)^+ A^T = P_A``).
* AW-004-BH6 fails: eq (5) prints ``Sigma_xy`` for ``Sigma_yx``. The formula is
  undefined unless ``d_x = d_y``; for ``d_x = d_y = 1`` both agree; minimal
  counterexample widths [2, 1, 2], ``X = I``, ``Y = [[0, 1], [0, 0]]``, the saddle
  ``A = [[0], [1]], B = [[0, 0]]``: ``A B = 0`` but ``P_A Sigma_xy Sigma_xx^-1 =
  [[0, 0], [1, 0]]``.
* BH-7 holds on every critical family of the bundled instances (one family per
  index set of at most p eigenvectors, (0, 0) included): the top-p set is the global
  minimum, every other family a strict saddle. With a repeated eigenvalue the
  families are continua (a Cayley rotation inside the eigenspace moves the point
  to another critical point with the same loss and a different product).
* AW-004-THM8 fails as written only in part 1: with ``X = 0`` the loss is the
  constant ``1/2 ||Y||^2``, convex and concave (minimal: widths [1, 1, 1],
  ``X = Y = [[0]]``). ``X != 0`` mends it: parts 1-4 then hold on every instance of
  the search (zero Y, singular ``X X^T``, ``d_y > d_x``, repeated and irrational
  eigenvalues, H = 1..3), with "saddle" meaning neither a local minimum nor a
  local maximum and "rank(W_H...W_2) >= p" read as "= p" (the rank is at most p).
* AW-004-DEF3 fails: the origin of widths [1, 1, 1, 1] with ``X = Y = [[1]]`` is
  critical with zero Hessian (so not a saddle in the sense of Definition 3), yet
  the loss ``1/2 (t^3 - 1)^2`` along ``W_k = t`` drops on one side and rises on the
  other: neither a local minimum nor a local maximum.
"""

__all__ = ["invariant_blocks", "family_point", "family_points", "eigenspace_rotation",
           "convexity_witnesses", "bh7_data", "bh7_enumeration", "thm8_search_summary"]

import functools
import itertools
import random

import flint

from ..exact.matrix import QMatrix
from ..exact.numbers import InputError
from ..facts.fast import evaluate

# _pad ([[M, 0], [0, 0]] cut to a layer's shape) is subset_point's helper: one place for it
from ..landscape.critical import data_with_spectrum, rescale, subset_point
from ..landscape.critical import pad as _pad
from ..landscape.globalmin import sigma_matrix
from ..models.registry import make_network
from ..provers.registry import Evidence
from .common import lit as _lit
from .common import poly_at as _poly_at
from .common import show as _show
from .common import verdict as _verdict
from .instancegen import network_instance, random_qmatrix
from .kawaguchi import point_kind
from .registry import get_claim, register

# -- the seed's matrices as fact expressions (instance names X, Y, W1 = B, W2 = A) -------
_SXX = ["mul", "X", ["T", "X"]]
_SYX = ["mul", "Y", ["T", "X"]]
_SXY = ["mul", "X", ["T", "Y"]]
_AB = ["mul", "W2", "W1"]
_SIGMA = ["mul", "Y", ["pinv", "X"], "X", ["T", "Y"]]


def _args(inst, Ws=None) -> list:
    Ws = Ws or [f"W{k}" for k in range(1, len(inst.widths))]
    return [inst.model, "X", "Y", Ws]


def _two_layer(inst, claim: str) -> tuple:
    """``(d_x, p, d_y)`` of a two-layer instance with a point, else a clear InputError."""
    if inst.H != 1:
        raise InputError(f"{claim} is a two-layer claim (widths [d_x, p, d_y], W_1 = B, W_2 = A); "
                         f"the instance has {inst.H} hidden layers")
    if inst.weights is None:
        raise InputError(f"{claim} needs a point: the instance has no \"weights\" [W_1 = B, W_2 = A]")
    return tuple(inst.widths)


# -- invariant subspaces of Sigma and the critical families -----------------------------
def _orthogonal_basis(B: QMatrix) -> list:
    """Gram-Schmidt over Q: orthogonal (not normalised) rational columns spanning col(B)."""
    out = []
    for j in range(B.shape[1]):
        v = B.columns([j])
        for u in out:
            v = v - u * ((u.T @ v)[0, 0] / (u.T @ u)[0, 0])
        if not v.is_zero():
            out.append(v)
    return out


def invariant_blocks(S: QMatrix) -> list:
    """Rational building blocks of the invariant subspaces of a symmetric ``S``.

    One orthogonal rational eigenvector per dimension of each rational eigenspace
    (largest eigenvalue first), and ``ker f(S)`` for each irreducible factor ``f`` of
    degree > 1 of the characteristic polynomial (its eigenvectors are irrational).
    Every sum of blocks is an ``S``-invariant rational subspace.

    >>> [b.T.tolist() for b in invariant_blocks(QMatrix([[1, 0], [0, 0]]))]
    [[[Fraction(1, 1), Fraction(0, 1)]], [[Fraction(0, 1), Fraction(1, 1)]]]
    >>> [b.shape for b in invariant_blocks(QMatrix([[2, 1], [1, 1]]))]   # eigenvalues (3 +- sqrt 5)/2
    [(2, 2)]
    """
    d = S.shape[0]
    rational, irrational = [], []
    for f, _ in flint.fmpq_poly(S.flint.charpoly().coeffs()).factor()[1]:
        if f.degree() == 1:
            lam = -f[0] / f[1]
            rational.append((lam, _orthogonal_basis((S - QMatrix.eye(d) * lam).nullspace())))
        else:
            irrational.append(_poly_at(f, S).nullspace())
    rational.sort(key=lambda t: t[0], reverse=True)
    return [v for _, vs in rational for v in vs] + irrational


def family_point(widths, X: QMatrix, Y: QMatrix, V: QMatrix | None, full_middle: bool = False) -> list:
    """The critical point with product ``P_V Y X^+`` for any basis ``V`` of a Sigma-invariant subspace.

    ``W_{H+1} = [V, 0]``, ``W_1 = [V^+ Y X^+; 0]`` and hidden layers ``[I_r, 0; 0, 0]``
    (``r = dim V``), or ``[I, 0; 0, 0]`` of full rank when ``full_middle`` (then
    ``rank(W_H ... W_2) = p`` although the product has rank r). ``V = None`` is the
    zero subspace. Unlike :func:`~symlandscape.landscape.critical.subset_point`, V need
    not have orthonormal columns (rational eigenvectors rarely have rational norms).
    Criticality: every gradient block reduces to ``V^T (P_V - I) Sigma`` or
    ``(P_V - I) Sigma V^{+T}``, which vanish because ``Sigma V`` lies in ``col V``.

    >>> from symlandscape.models import DeepLinear
    >>> X, Y = QMatrix.eye(2), QMatrix([[1, 1], [0, 1]])
    >>> W = family_point([2, 1, 2], X, Y, QMatrix([[1], [1]]))   # (1, 1) is no eigenvector
    >>> DeepLinear([2, 1, 2], X, Y).gradient(W).is_zero()
    False
    >>> S = Y @ Y.T                                              # [[2, 1], [1, 1]]
    >>> W = family_point([2, 2, 2], X, Y, invariant_blocks(S)[0])
    >>> DeepLinear([2, 2, 2], X, Y).gradient(W).is_zero()
    True
    """
    L = len(widths) - 1
    r = 0 if V is None else V.shape[1]
    if r > min(widths[1:-1]) or r > widths[-1]:
        raise ValueError("subspace larger than the narrowest hidden layer")
    out = []
    for k in range(L):
        rows, cols = widths[k + 1], widths[k]
        if k == 0:
            M = V.pinv() @ Y @ X.pinv() if r else None
        elif k == L - 1:
            M = V if r else None
        else:
            n = min(widths[1:-1]) if full_middle else r
            M = QMatrix.eye(n) if n else None
        out.append(_pad(M, rows, cols) if M is not None else QMatrix.zeros(rows, cols))
    return out


def family_points(widths, X: QMatrix, Y: QMatrix) -> list:
    """``(label, W)`` for every sum of :func:`invariant_blocks` of ``Sigma = Y X^+ X Y^T``
    that fits the narrowest hidden layer (the zero subspace first, then by dimension),
    plus, for H >= 2, the same with full-rank hidden layers."""
    blocks = invariant_blocks(sigma_matrix(X, Y))
    cap = min(min(widths[1:-1]), widths[-1])
    out = []
    for n in range(len(blocks) + 1):
        for idx in itertools.combinations(range(len(blocks)), n):
            V = QMatrix.hstack([blocks[i] for i in idx]) if idx else None
            if V is not None and V.shape[1] > cap:
                continue
            label = "blocks {" + ", ".join(str(i + 1) for i in idx) + "}"
            out.append((label, family_point(widths, X, Y, V)))
            if len(widths) > 3:
                out.append((label + ", full-rank hidden layers", family_point(widths, X, Y, V, True)))
    return out


def eigenspace_rotation(X: QMatrix, Y: QMatrix, A: QMatrix) -> tuple | None:
    """A rational rotation ``R`` commuting with ``Sigma`` that moves ``col(A)``, or None.

    When ``Sigma`` has a repeated rational eigenvalue ``lambda`` whose eigenspace ``E``
    meets ``col(A)`` in ``u != 0`` and has a vector ``w != 0`` orthogonal to ``col(A)``,
    the Cayley rotation ``R = (I - S)(I + S)^-1``, ``S = u w^T - w u^T``, turns the
    plane of u and w inside E and fixes its complement, so ``R Sigma = Sigma R``,
    ``R col(A)`` is invariant again and ``R u`` leaves ``col(A)``.

    Returns
    -------
    tuple or None
        ``(lambda, R)``.

    >>> X, Y = QMatrix.eye(2), QMatrix.eye(2)           # Sigma = I: one double eigenvalue
    >>> lam, R = eigenspace_rotation(X, Y, QMatrix([[1], [0]]))
    >>> lam, R.T @ R == QMatrix.eye(2), (R @ QMatrix([[1], [0]])).T
    (1, True, QMatrix([[0, 1]]))
    """
    S = sigma_matrix(X, Y)
    d = S.shape[0]
    Vb = A.colspace()
    if Vb.shape[1] == 0:
        return None
    for f, mult in flint.fmpq_poly(S.flint.charpoly().coeffs()).factor()[1]:
        if f.degree() != 1 or mult < 2:
            continue
        lam = -f[0] / f[1]
        E = (S - QMatrix.eye(d) * lam).nullspace()
        inside = (QMatrix.eye(d) - Vb.projector()) @ E
        Zin, Zout = inside.nullspace(), (Vb.T @ E).nullspace()
        if Zin.shape[1] and Zout.shape[1]:
            u, w = E @ Zin.columns([0]), E @ Zout.columns([0])
            Sk = u @ w.T - w @ u.T
            return lam, (QMatrix.eye(d) - Sk) @ (QMatrix.eye(d) + Sk).inv()
    return None


# -- the kind of a critical point -------------------------------------------------------------
def _kind(ev, inst) -> tuple:
    """Classify the instance point (:func:`~symlandscape.provers.kawaguchi.point_kind`; the
    classification's facts go into ``ev`` as values) and return ``(classification, gm,
    not_min, not_max)``: decisive boolean expressions for "global minimum", "not a local
    minimum" and "not a local maximum" (each None when no certificate decides it)."""
    k = point_kind(inst)
    ev.include(k.classification.certificate, prefix="classification: ")
    return (k.classification, *(None if t is None else t[1]
                                for t in (k.is_global(), k.not_local_min(), k.not_local_max())))


def _global_or_saddle(c, gm, not_min, not_max):
    """Decisive expression "a global minimum, or neither a local minimum nor a local
    maximum (a saddle)"; None when undecided."""
    if gm is not None and c.verdict == "global minimum":
        return gm
    if None in (gm, not_min, not_max):
        return None
    return ["or", gm, ["and", not_min, not_max]]


# -- BH-4 and BH-5 -------------------------------------------------------------------------
def _bh45_instances(fixed: str):
    """Fixed factor of full rank, of deficient rank and zero; X of full and deficient rank;
    Y zero or not; the free factor random, the canonical minimiser, and another solution
    of the normal equations (a non-unique minimiser)."""
    cases = [  # (d_x, p, d_y, m, rank of the fixed factor, rank X, Y zero, free factor)
        (1, 1, 1, 1, 1, 1, False, "random"), (1, 1, 1, 1, 0, 1, False, "random"),
        (2, 1, 2, 3, 1, 2, False, "random"), (2, 1, 2, 3, 1, 2, False, "canonical"),
        (3, 2, 3, 4, 2, 3, False, "random"), (3, 2, 3, 4, 1, 3, False, "other"),
        (3, 2, 2, 2, 2, 1, False, "other"), (2, 2, 3, 3, 2, 2, False, "random"),
        (3, 2, 3, 4, 2, 2, True, "random"), (2, 2, 2, 2, 1, 1, False, "canonical"),
        (4, 2, 3, 3, 2, 3, False, "other"),
    ]
    for s, (dx, p, dy, m, rf, rx, yzero, kind) in enumerate(cases):
        rng = random.Random(4000 + s)
        X = random_qmatrix(rng, dx, m, rx)
        Y = QMatrix.zeros(dy, m) if yzero else random_qmatrix(rng, dy, m)
        if fixed == "A":
            A = random_qmatrix(rng, dy, p, rf)
            B = random_qmatrix(rng, p, dx)
            if kind != "random":
                B = A.pinv() @ Y @ X.pinv()
            if kind == "other":   # + N with A N X = 0, N != 0 when A or X is rank-deficient
                Z = random_qmatrix(rng, p, dx)
                B = B + Z - A.pinv() @ A @ Z @ X @ X.pinv()
        else:
            B = random_qmatrix(rng, p, dx, rf)
            A = random_qmatrix(rng, dy, p)
            if kind != "random":
                A = Y @ (B @ X).pinv()
            if kind == "other":   # + N with N B X = 0
                Z = random_qmatrix(rng, dy, p)
                A = A + Z - Z @ (B @ X) @ (B @ X).pinv()
        yield network_instance([dx, p, dy], X, Y, [B, A],
                               name=f"{fixed} fixed, rank {rf}, rank X {rx}, {kind} free factor")


def _block_idx(inst, k: int) -> list:
    """Positions of vec(W_k) (1-based k) inside theta."""
    o = [0]
    for r, c in zip(inst.widths[1:], inst.widths[:-1]):
        o.append(o[-1] + r * c)
    return list(range(o[k - 1], o[k]))


def _convex_in(ev, inst, k: int, star: str, star_expr, star_text: str, normal_eq: tuple, name: str,
               other: str) -> None:
    """Shared facts of BH-4 (k = 1, W_1 = B free) and BH-5 (k = 2, W_2 = A free)."""
    idx = _block_idx(inst, k)
    Ws = ["W1", "W2"]
    Ws_star = [star if j == k else w for j, w in enumerate(Ws, 1)]

    def block(ws):
        H = ["hessian", "deep_linear", "X", "Y", ws]
        return ["rows", ["cols", H, idx], idx]

    ev.define(star, star_expr)
    ev.value(f"inertia of d^2L/d{name}^2 (the W_{k} block of the Hessian)", ["inertia", block(Ws)])
    ev.conclusion(f"d^2L/d{name}^2 is positive semidefinite, hence L is convex in {name} "
                  f"(L is a quadratic polynomial in {name} for fixed {other})",
                  ["eq", ["at", ["inertia", block(Ws)], 1], 0])
    ev.value(f"d^2L/d{name}^2 does not depend on {name} (equal at {name} and {star})",
             ["eq", block(Ws), block(Ws_star)])
    lhs, rhs = normal_eq

    def solves(ws):
        return ["eq", lhs(*ws), rhs(*ws)]

    ev.conclusion(f"{star} = {star_text} solves the normal equations", solves(Ws_star))
    ev.conclusion(f"dL/d{name} = 0 at {name} = {star}: a minimiser, L being convex in {name}",
                  ["is_zero", ["rows", ["grad", "deep_linear", "X", "Y", Ws_star], idx]])
    loss, loss_star = ["loss", *_args(inst)], ["loss", *_args(inst, Ws_star)]
    ev.conclusion(f"L({star}) <= L at the instance's {name}", ["le", loss_star, loss])
    ev.value(f"the instance's {name} solves the normal equations", solves(Ws))
    ev.conclusion(f"the instance's {name} solves the normal equations iff it is a minimiser "
                  f"(L equal to L({star}))", ["eq", solves(Ws), ["eq", loss, loss_star]])


@register("BH-4", seed="004",
          statement="for fixed A the two-layer loss is convex in B and attains its minimum exactly at "
                    "the B solving eq (2): A^T A B Sigma_xx = A^T Sigma_yx",
          kinds=("deep_linear",), instances=lambda: _bh45_instances("A"), location="Theorem 4, eq (2)")
def _bh4(inst, ev):
    """Facts (W_1 = B, W_2 = A): the W_1 Hessian block is PSD and independent of B; the
    canonical solution ``B* = A^+ Y X^+`` of eq (2) (it exists for any data:
    ``A^T A A^+ = A^T`` and ``X^+ X X^T = X^T``) has ``dL/dB = 0``; ``L(B*) <= L(B)``;
    and the instance's B solves eq (2) iff ``L(A, B) = L(A, B*)``."""
    _two_layer(inst, "BH-4")
    _convex_in(ev, inst, 1, "Bstar", ["mul", ["pinv", "W2"], "Y", ["pinv", "X"]], "A^+ Y X^+",
               (lambda B, A: ["mul", ["T", A], A, B, _SXX], lambda B, A: ["mul", ["T", A], _SYX]),
               "B", "A")


@register("BH-5", seed="004",
          statement="for fixed B the two-layer loss is convex in A and attains its minimum exactly at "
                    "the A solving eq (4): A B Sigma_xx B^T = Sigma_yx B^T",
          kinds=("deep_linear",), instances=lambda: _bh45_instances("B"), location="Theorem 5, eq (4)")
def _bh5(inst, ev):
    """Facts (W_1 = B, W_2 = A): as BH-4 with the roles swapped; ``A* = Y (B X)^+`` (the
    least-squares solution of ``A (B X) = Y``) solves eq (4)."""
    _two_layer(inst, "BH-5")
    _convex_in(ev, inst, 2, "Astar", ["mul", "Y", ["pinv", ["mul", "W1", "X"]]], "Y (B X)^+",
               (lambda B, A: ["mul", A, B, _SXX, ["T", B]], lambda B, A: ["mul", _SYX, ["T", B]]),
               "A", "B")


# -- BH-6 and AW-004-BH6 -------------------------------------------------------------------
def _bh6_instances():
    """Critical points with A of full column rank (eigenvector families, rescaled; a
    non-orthonormal invariant basis; d_y < d_x and d_y > d_x), then the unmet hypotheses:
    rank-deficient A (the identity holds anyway), a point that is not critical, singular
    Sigma_xx."""
    for widths, s, I, m in [([2, 1, 2], [2, 1], [1], 3), ([3, 2, 3], [3, 2, 1], [0, 2], 4),
                            ([3, 2, 3], [3, 2, 1], [1, 2], 4), ([3, 2, 2], [2, 1], [0, 1], 3),
                            ([2, 2, 3], [2, 1, 0], [0, 2], 3), ([3, 2, 3], [2, 2, 1], [0, 2], 3)]:
        rng = random.Random(sum(widths) + len(I))
        X, Y, U = data_with_spectrum(widths[0], widths[-1], m, s, rng)
        yield network_instance(widths, X, Y, subset_point(widths, X, Y, U, I, rng),
                               name=f"{widths} s = {s}, eigenvectors {[i + 1 for i in I]}, rescaled")
    X, Y = QMatrix([[1, 0, 1], [0, 1, 1]]), QMatrix([[1, 2, 0], [0, 1, 1]])
    yield network_instance([2, 2, 2], X, Y, family_point([2, 2, 2], X, Y, QMatrix([[1, 1], [0, 1]])),
                           name="non-orthonormal basis of R^2 (global minimum)")
    rng = random.Random(60)
    X, Y, U = data_with_spectrum(3, 3, 4, [3, 2, 1], rng)
    yield network_instance([3, 2, 3], X, Y, subset_point([3, 2, 3], X, Y, U, [1], rng),
                           name="rank-deficient A (eigenvector 2 only)")
    yield network_instance([3, 2, 3], X, Y, [random_qmatrix(rng, 2, 3), random_qmatrix(rng, 3, 2)],
                           name="random point (not critical)")
    X, Y, U = data_with_spectrum(3, 3, 4, [3, 2, 0], rng, x_rank=2)
    yield network_instance([3, 2, 3], X, Y, subset_point([3, 2, 3], X, Y, U, [0, 1], rng),
                           name="singular Sigma_xx (rank X = 2)")


@register("BH-6", seed="004",
          statement="at a critical point with A of full column rank and Sigma_xx invertible, "
                    "AB = P_A Sigma_yx Sigma_xx^-1",
          kinds=("deep_linear",), instances=_bh6_instances, location="Theorem 6, eq (5) corrected")
def _bh6(inst, ev):
    """Hypotheses: the point is critical, rank(A) = p, Sigma_xx invertible. Conclusion:
    ``W_2 W_1 = P_{W_2} Y X^T (X X^T)^-1``. When only the rank hypothesis fails, the
    identity is still recorded (it needs only dL/dB = 0 and Sigma_xx invertible)."""
    dx, p, dy = _two_layer(inst, "BH-6")
    crit = ev.hypothesis("the point is critical", ["is_zero", ["grad", *_args(inst)]])
    ev.hypothesis("A = W_2 has full column rank p", ["eq", ["rank", "W2"], p])
    inv = ev.hypothesis("Sigma_xx = X X^T is invertible", ["eq", ["rank", _SXX], dx])
    if not (crit and inv):
        return _verdict(ev)
    holds = ev.conclusion("A B = P_A Sigma_yx Sigma_xx^-1",
                          ["eq", _AB, ["mul", ["proj", "W2"], _SYX, ["inv", _SXX]]])
    note = ""
    if inst.env["W2"].rank() < p and holds:
        note = ("the identity holds here anyway: dL/dB = 0 gives P_A A B Sigma_xx = P_A Sigma_yx "
                "((A^T)^+ A^T = P_A), so full column rank is not needed")
    return _verdict(ev, always=True, extra=note)


# -- BH-7 ----------------------------------------------------------------------------------
#: The BH-7 data: (widths, singular values of Y X^+ X (Sigma = U diag(s^2) U^T), samples, x_rank).
_BH7_CASES = [
    ([2, 1, 2], [2, 1], 2, None), ([2, 2, 2], [2, 1], 3, None), ([3, 1, 3], [3, 2, 1], 3, None),
    ([3, 2, 3], [3, 2, 1], 4, None), ([3, 2, 2], [2, 1], 3, None), ([4, 2, 3], [3, 2, 1], 4, None),
    # repeated eigenvalues (continua), then the other unmet hypotheses
    ([3, 1, 3], [2, 1, 1], 3, None), ([3, 2, 3], [2, 1, 1], 3, None), ([3, 2, 3], [2, 2, 1], 3, None),
    ([2, 1, 2], [2, 0], 2, None), ([3, 2, 3], [3, 2, 0], 4, 2),
]


def bh7_data(case: int) -> tuple:
    """``(widths, X, Y, U, s)`` of the BH-7 case number ``case`` (exact, reproducible)."""
    widths, s, m, xr = _BH7_CASES[case]
    X, Y, U = data_with_spectrum(widths[0], widths[-1], m, s, random.Random(700 + case), x_rank=xr)
    return widths, X, Y, U, s


def _bh7_points(case: int):
    """``(I, instance)`` for every index set I of at most p eigenvectors (rescaled points)."""
    widths, X, Y, U, s = bh7_data(case)
    cap = min(widths[1], widths[-1])
    rng = random.Random(7000 + case)
    for r in range(cap + 1):
        for I in itertools.combinations(range(widths[-1]), r):
            W = rescale(subset_point(widths, X, Y, U, list(I)), rng)
            yield I, network_instance(widths, X, Y, W, name=f"BH-7 {widths} s = {s}, "
                                      f"I = {{{', '.join(str(i + 1) for i in I)}}}")


def _bh7_instances():
    for case in range(len(_BH7_CASES)):
        for _, inst in _bh7_points(case):
            yield inst


def bh7_enumeration() -> list:
    """Every critical family of the BH-7 cases, classified: one row per (case, I) with
    ``widths``, ``s``, ``I`` (1-based), ``loss``, ``inertia``, ``verdict`` and the claim's
    ``status`` and ``reason`` on that point."""
    claim = get_claim("BH-7")
    rows = []
    for case in range(len(_BH7_CASES)):
        for I, inst in _bh7_points(case):
            c = point_kind(inst).classification      # cached: the claim's check reuses it
            v = claim.check(inst)
            rows.append({"widths": list(inst.widths), "s": _BH7_CASES[case][1], "I": [i + 1 for i in I],
                         "loss": c.loss, "inertia": c.inertia, "verdict": c.verdict,
                         "status": v.status, "reason": v.reason})
    return rows


def _distinct_eigs_expr(d: int) -> list:
    """Sigma (symmetric) has d distinct eigenvalues iff its minimal polynomial has degree d
    iff I, Sigma, ..., Sigma^(d-1) are linearly independent."""
    powers = [["eye", d]] + [["mul", *(["Sigma"] * j)] for j in range(1, d)]
    return ["eq", ["rank", ["hstack", *[["vec", P] for P in powers]]], d]


@register("BH-7", seed="004",
          statement="Sigma_xx, Sigma_xy full rank, Sigma = Sigma_yx Sigma_xx^-1 Sigma_xy full rank with "
                    "distinct eigenvalues: every local minimum is global, all other critical points are saddles",
          kinds=("deep_linear",), instances=_bh7_instances, location="Theorem 7")
def _bh7(inst, ev):
    """Hypotheses: Sigma_xx invertible, Sigma_xy of rank min(d_x, d_y), Sigma (defined as
    ``Y X^+ X Y^T``, equal to the seed's when Sigma_xx is invertible) of rank d_y with d_y
    distinct eigenvalues, the point critical. Conclusion: the point is a global minimum
    or a saddle (neither a local minimum nor a local maximum), certified by the
    classification's facts. With a repeated eigenvalue the reason reports the continuum
    (another critical point with the same loss and a different product)."""
    dx, p, dy = _two_layer(inst, "BH-7")
    ev.define("Sigma", _SIGMA)
    ev.hypothesis("Sigma_xx = X X^T is invertible", ["eq", ["rank", _SXX], dx])
    ev.hypothesis("Sigma_xy = X Y^T has full rank", ["eq", ["rank", _SXY], min(dx, dy)])
    ev.hypothesis("Sigma has full rank", ["eq", ["rank", "Sigma"], dy])
    distinct = ev.hypothesis("Sigma has distinct eigenvalues (rank [vec I, vec Sigma, ..., "
                             "vec Sigma^(d_y-1)] = d_y)", _distinct_eigs_expr(dy))
    if not ev.hypothesis("the point is critical", ["is_zero", ["grad", *_args(inst)]]):
        return _verdict(ev)
    c, *kind = _kind(ev, inst)
    expr = _global_or_saddle(c, *kind)
    if expr is None:
        ev.undetermined(f"could not certify the kind of the point ({c.verdict}: {c.reason})")
        return _verdict(ev)
    ok = ev.conclusion("the critical point is a global minimum or a saddle (neither a local minimum "
                       "nor a local maximum)", expr)
    notes = [f"{c.verdict}, Hessian inertia {c.inertia}"]
    if not distinct:
        notes.append(_continuum(ev, inst, ok))
    return _verdict(ev, always=True, extra="; ".join(n for n in notes if n))


def _continuum(ev, inst, ok: bool) -> str:
    """Values showing that the critical family through the point is a continuum."""
    X, Y, A = inst.env["X"], inst.env["Y"], inst.env["W2"]
    rot = eigenspace_rotation(X, Y, A)
    head = "conclusion holds anyway" if ok else "conclusion fails too"
    if rot is None:
        return f"{head}; no repeated rational eigenvalue splits col(A): this family's product is unique"
    lam, R = rot
    A2 = R @ A
    ev.define("W2r", _lit(A2))
    ev.define("W1r", ["mul", ["pinv", "W2r"], "Y", ["pinv", "X"]])
    rot_args = _args(inst, ["W1r", "W2r"])
    crit = ev.value("the rotated point (R A, (R A)^+ Y X^+) is critical", ["is_zero", ["grad", *rot_args]])
    same = ev.value("with the same loss", ["eq", ["loss", *rot_args], ["loss", *_args(inst)]])
    other = ev.value("and a different product", ["ne", ["mul", "W2r", "W1r"], _AB])
    if crit and same and other:
        return (f"{head}; the family is a continuum: the Cayley rotation R = {_show(R)} inside the eigenspace of "
                f"the repeated eigenvalue {lam} of Sigma maps the point to another critical point "
                f"(R A, (R A)^+ Y X^+) with the same loss and a different product A B")
    return f"{head}; the rotation inside the eigenspace of {lam} gave no second critical point"


# -- AW-004-THM8 -----------------------------------------------------------------------------
def convexity_witnesses(widths, X: QMatrix, Y: QMatrix) -> dict | None:
    """Exact witnesses that L is neither convex nor concave, or None when ``X = 0``
    (then L is constant).

    Along the rank-one chain ``W_1 = t_1 e v^T``, ``W_k = e e^T``, ``W_{H+1} = t_2 e e^T``
    (``e`` the first unit vector, ``v`` a unit vector with ``X^T v != 0``) the loss is
    ``a (t_1 t_2)^2 - b t_1 t_2 + c`` with ``a = ||X^T v||^2 / 2 > 0``. The points
    ``(C, 0)``, ``(0, C)`` have loss c and their midpoint loss ``a C^4/16 - b C^2/4 + c > c``
    for large C (not convex); ``(C, C)`` and ``(-C, -C)`` have loss ``a C^4 - b C^2 + c >
    c``, the loss at their midpoint 0 (not concave).

    Returns
    -------
    dict or None
        ``{"convex": (Wa, Wb), "concave": (Wa, Wb)}``: the midpoint violates the inequality.

    >>> w = convexity_witnesses([1, 1, 1], QMatrix([[1]]), QMatrix([[1]]))
    >>> [[W.tolist()[0][0] for W in P] for P in w["convex"]]
    [[Fraction(4, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(4, 1)]]
    """
    j = next((i for i in range(X.shape[0]) if not X.rows([i]).is_zero()), None)
    if j is None:
        return None
    L = len(widths) - 1
    net = make_network("deep_linear", widths, X, Y)

    def point(t1, t2):
        out = []
        for k in range(L):
            rows, cols = widths[k + 1], widths[k]
            M = QMatrix.zeros(rows, cols)
            M.flint[0, j if k == 0 else 0] = t1 if k == 0 else (t2 if k == L - 1 else 1)
            out.append(M)
        return out

    def mid(P, Q):
        return [(a + b) * flint.fmpq(1, 2) for a, b in zip(P, Q)]

    def search(make, bad):
        C = 1
        while True:
            a, b = make(C)
            la, lb, lm = net.loss(a), net.loss(b), net.loss(mid(a, b))
            if bad(la, lb, lm):
                return a, b
            C *= 2

    return {"convex": search(lambda C: (point(C, 0), point(0, C)), lambda la, lb, lm: 2 * lm > la + lb),
            "concave": search(lambda C: (point(C, C), point(-C, -C)), lambda la, lb, lm: 2 * lm < la + lb)}


_SEARCH_WIDTHS = sorted([[1, 1, 1], [2, 1, 1], [1, 1, 2], [1, 2, 1], [2, 1, 2], [2, 2, 1], [1, 2, 2],
                         [2, 2, 2], [1, 1, 1, 1], [2, 1, 1, 2], [1, 2, 2, 1], [2, 2, 1, 2],
                         [1, 1, 1, 1, 1], [2, 1, 1, 1, 2], [1, 2, 1, 2, 1]],
                        key=lambda w: (sum(a * b for a, b in zip(w, w[1:])), len(w), w))


def _search_data(dx: int, dy: int, zero: bool = True) -> list:
    """Small data, degenerate cases first: X = 0, Y = 0 (only with ``zero``), singular
    X X^T, rank-deficient Y X^T, repeated eigenvalues, irrational eigenvalues, d_y > d_x."""
    if (dx, dy) == (1, 1):
        return [([[0]], [[0]]), ([[0]], [[1]]), ([[1]], [[0]]), ([[1]], [[1]]), ([[1, 1]], [[2, 0]])]
    X2, Y2 = [[1, 0], [0, 1]], {1: [[1, 2]], 2: [[2, 0], [0, 1]]}
    out = [([[0] * 2] * dx, Y2[dy]), ([[1, 0]] if dx == 1 else X2, [[0, 0]] * dy)] if zero else []
    if dx == 2:
        out.append(([[1, 1], [1, 1]], Y2[dy]))                             # singular X X^T
    if dy == 2:
        out.append(([[1, 0]] if dx == 1 else X2, [[1, 0], [0, 0]]))          # rank-deficient Y X^T
        if dx == 2:
            out += [(X2, [[1, 0], [0, 1]]), (X2, [[1, 1], [0, 1]])]         # repeated / irrational
    out.append(([[1, 0]] if dx == 1 else X2, Y2[dy]))
    return out


def _search_instances():
    """Smallest first (by number of weights, then depth): every data set of
    :func:`_search_data`, every family point (the origin first), and for H >= 2 the point
    with the outer layers zero. Zero data (X = 0: L constant; Y = 0: every critical point
    is a global minimum) only up to 4 weights."""
    for widths in _SEARCH_WIDTHS:
        small = sum(a * b for a, b in zip(widths, widths[1:])) <= 4
        for X, Y in _search_data(widths[0], widths[-1], zero=small):
            X, Y = QMatrix(X), QMatrix(Y)
            pts = family_points(widths, X, Y)
            if len(widths) > 3:
                zero = [0, len(widths) - 2]
                pts.append(("outer layers zero", [QMatrix.zeros(widths[k + 1], widths[k]) if k in zero else
                                                  _pad(QMatrix([[1, -1], [2, 1]]), widths[k + 1], widths[k])
                                                  for k in range(len(widths) - 1)]))
            for label, W in pts:
                yield network_instance(widths, X, Y, W, name=f"search {widths}, {label}")



def _thm8_facts(inst, ev) -> dict:
    """Facts of the four parts on one instance (texts start with "part n:"); returns the
    point's ``verdict`` (None without a critical point) and ``rank_p`` (rank(W_H...W_2) = p)
    for :func:`thm8_search_summary`."""
    info = {"verdict": None, "rank_p": False}
    widths = inst.widths
    p = min(widths[1:-1])
    w = convexity_witnesses(widths, inst.env["X"], inst.env["Y"])
    if w is None:
        ev.value("X = 0: the output W_{H+1}...W_1 X is 0, so L = 1/2 ||Y||^2 is constant (convex and "
                 "concave)", ["is_zero", "X"])
        ev.conclusion("part 1: L is non-convex and non-concave (needs X != 0)", ["not", ["is_zero", "X"]])
    else:
        for kind in ("convex", "concave"):
            a, b = ([_lit(M) for M in P] for P in w[kind])
            avg = ["scale", "1/2", ["add", ["loss", *_args(inst, a)], ["loss", *_args(inst, b)]]]
            lm = ["loss", *_args(inst, [["scale", "1/2", ["add", x, y]] for x, y in zip(a, b)])]
            ev.conclusion(f"part 1: L is not {kind}: at two points and their midpoint, L(midpoint) "
                          f"{'>' if kind == 'convex' else '<'} the mean of the two losses",
                          ["lt", avg, lm] if kind == "convex" else ["lt", lm, avg])
    if inst.weights is None or not ev.value("the point is critical", ["is_zero", ["grad", *_args(inst)]]):
        return info
    c, gm, not_min, not_max = _kind(ev, inst)
    H = inst.H
    mid = ["rank", ["eye", widths[1]]] if H == 1 else ["rank", ["mul", *[f"W{k}" for k in range(H, 1, -1)]]]
    ev.value("rank(W_H...W_2) <= p always (W_1...W_2 = I_{d_1} for H = 1): '>= p' means '= p'", ["le", mid, p])
    info = {"verdict": c.verdict, "rank_p": evaluate(mid, ev.env) == p}
    part3 = _global_or_saddle(c, gm, not_min, not_max)
    if part3 is None:
        ev.undetermined(f"the kind of the point is not certified ({c.verdict}: {c.reason})")
        return info
    saddle = None if part3 is gm else ["and", not_min, not_max]
    n_minus = ["lt", 0, ["at", ["inertia", ["hessian", *_args(inst)]], 1]]
    ev.conclusion("part 2: a local minimum is global (the point is a global minimum or not a local minimum)",
                  gm if saddle is None else ["or", gm, not_min])
    ev.conclusion("part 3: a critical point that is not a global minimum is a saddle (neither a local "
                  "minimum nor a local maximum)", part3)
    ev.conclusion("part 4: if rank(W_H...W_2) >= p, the Hessian at a saddle has a negative eigenvalue",
                  ["or", ["lt", mid, p], n_minus, gm] + ([] if saddle is None else [["not", saddle]]))
    return info


@functools.lru_cache(maxsize=1)
def thm8_search_summary() -> dict:
    """Run the whole AW-004-THM8 search (without stopping) and tally the parts.

    Returns
    -------
    dict
        ``instances``; ``critical`` (points that are critical); ``saddles`` (critical, not a
        global minimum), ``higher_order`` (saddles with a semidefinite Hessian), ``part4_saddles``
        (saddles with rank(W_H...W_2) = p); ``undetermined``; per part ``"part n"``: the
        number of instances where it fails and ``"first part n"``: the first (smallest)
        failing instance or None; ``nonzero_X_fails``: failures on instances with ``X != 0``.
    """
    out = dict.fromkeys(("instances", "critical", "saddles", "higher_order", "part4_saddles",
                         "undetermined", "nonzero_X_fails"), 0)
    for part in range(1, 5):
        out[f"part {part}"], out[f"first part {part}"] = 0, None
    for inst in _search_instances():
        ev = Evidence("AW-004-THM8", inst)
        info = _thm8_facts(inst, ev)
        out["instances"] += 1
        saddle = info["verdict"] not in (None, "global minimum")
        out["critical"] += info["verdict"] is not None
        out["saddles"] += saddle
        out["higher_order"] += info["verdict"] == "higher-order saddle"
        out["part4_saddles"] += saddle and info["rank_p"]
        if ev.undetermined_reason:
            out["undetermined"] += 1
            continue
        failed = {f["text"].split(":")[0] for f in ev.facts if f["role"] == "conclusion" and f["value"] is not True}
        for part in sorted(failed):
            out[part] += 1
            out[f"first {part}"] = out[f"first {part}"] or (f"{inst.name}, X = {_show(inst.env['X'])}, "
                                                             f"Y = {_show(inst.env['Y'])}")
        out["nonzero_X_fails"] += bool(failed) and not inst.env["X"].is_zero()
    return out


@register("AW-004-THM8", seed="004",
          statement="for any depth, any widths and any input-output dimensions (no hypotheses on X, Y): "
                    "1. L is non-convex and non-concave; 2. every local minimum is global; 3. every critical "
                    "point that is not a global minimum is a saddle; 4. if rank(W_H...W_2) >= p, the Hessian "
                    "at any saddle point has a negative eigenvalue",
          kinds=("deep_linear",), instances=_search_instances, as_written=True, location="Theorem 8",
          corrected="for X != 0 (e.g. X X^T of full rank, Kawaguchi's hypothesis) parts 1-4 hold for any depth, "
                    "widths, dimensions and Y, with 'saddle' = a critical point that is neither a local "
                    "minimum nor a local maximum (not Definition 3, see AW-004-DEF3) and 'rank(W_H...W_2) "
                    ">= p' read as '= p' (the rank is at most p); with X = 0 the loss is constant and "
                    "parts 2-4 hold trivially, part 1 fails")
def _aw_thm8(inst, ev):
    """Facts per part (see :func:`_thm8_facts`); on a failure the reason tallies the
    whole search (:func:`thm8_search_summary`)."""
    _thm8_facts(inst, ev)
    if ev.status()[0] != "fails":
        return _verdict(ev)
    s = thm8_search_summary()
    parts = "; ".join(f"part {k} fails on {s[f'part {k}']}" + (f" (first: {s[f'first part {k}']})"
                                                               if s[f"first part {k}"] else "")
                      for k in range(1, 5))
    head = "X = 0 makes L constant, hence convex and concave. " if inst.env["X"].is_zero() else ""
    return _verdict(ev, always=True, extra=f"{head}Whole search: {s['instances']} instances, {s['critical']} critical "
                              f"points, {s['saddles']} saddles ({s['higher_order']} with a semidefinite "
                              f"Hessian, {s['part4_saddles']} with rank(W_H...W_2) = p), {s['undetermined']} "
                              f"undetermined: {parts}; failures with X != 0: {s['nonzero_X_fails']}")


# -- AW-004-DEF3 -----------------------------------------------------------------------------
@register("AW-004-DEF3", seed="004",
          statement="every critical point is a local minimum, a local maximum or a saddle in the sense of "
                    "Definition 3 (gradient zero and an indefinite Hessian)",
          kinds=("deep_linear",), instances=_search_instances, as_written=True,
          location="Definition 3 with Theorem 8.3",
          corrected="every critical point is a local minimum, a local maximum or a saddle, where a saddle is "
                    "a critical point that is neither a local minimum nor a local maximum: its Hessian may be "
                    "semidefinite, even zero (the origin for H >= 2 with Y X^T != 0); Definition 3's "
                    "indefinite Hessian is sufficient, not necessary (it is also necessary for H = 1 and "
                    "under rank(W_H...W_2) = p, Theorem 8.4)")
def _aw_def3(inst, ev):
    """Hypothesis: the point is critical. Conclusion: it is a local minimum, a local maximum
    or has an indefinite Hessian, each decided by a certificate of
    :func:`~symlandscape.provers.kawaguchi.point_kind` (global-minimum test, definite
    Hessian, an eigenvalue of either sign, a polynomial curve along which the loss drops or
    rises). A point certified neither a local minimum nor a local maximum with a
    semidefinite Hessian refutes the statement; without such certificates: undetermined."""
    if inst.weights is None:
        raise InputError("AW-004-DEF3 needs a point: the instance has no \"weights\"")
    if not ev.hypothesis("the point is critical", ["is_zero", ["grad", *_args(inst)]]):
        return _verdict(ev)
    c, gm, not_min, not_max = _kind(ev, inst)
    hin = ["inertia", ["hessian", *_args(inst)]]
    # each disjunct decides its own statement, so the disjunction is the claim on this point
    parts = [["and", ["lt", 0, ["at", hin, 0]], ["lt", 0, ["at", hin, 1]]]]
    parts += [["not", e] for e in (not_min, not_max) if e is not None]
    text = "a local minimum, a local maximum or an indefinite Hessian (Definition 3)"
    if evaluate(["or", *parts], ev.env):
        ev.conclusion(text, ["or", *parts])
        return _verdict(ev, always=True, extra=c.verdict)
    if None in (not_min, not_max):
        ev.undetermined(f"semidefinite Hessian and the kind of the point is not certified ({c.reason})")
        return _verdict(ev)
    ev.conclusion(text, ["or", *parts])
    return _verdict(ev, always=True, extra=f"Hessian inertia {c.inertia} is not indefinite, yet the point is neither a local "
                              f"minimum nor a local maximum (certified along polynomial curves): a saddle in "
                              f"the usual sense only")


# -- AW-004-BH6 (after THM8 and DEF3, as in THEOREMS.md) --------------------------------------
def _aw_bh6_instances():
    """Smallest first: d = 1 (Sigma_xy = Sigma_yx, nothing can fail); d_x != d_y (the formula
    is undefined); then d = 2 with X = I and Y by increasing number of nonzeros, p = 1 before
    p = 2, every rational family point (fewest nonzeros first); then random data."""
    def points(widths, X, Y):
        pts = sorted(family_points(widths, X, Y),
                     key=lambda t: sum(sum(1 for x in W.flint.entries() if x != 0) for W in t[1]))
        for label, W in pts:
            yield network_instance(widths, X, Y, W, name=f"search {widths}, {label}")

    for x, y in [(0, 0), (1, 0), (1, 1), (1, 2)]:
        yield from points([1, 1, 1], QMatrix([[x]]), QMatrix([[y]]))
    yield from points([2, 1, 1], QMatrix([[1, 0], [0, 1]]), QMatrix([[1, 1]]))
    yield from points([1, 1, 2], QMatrix([[1]]), QMatrix([[1], [1]]))
    I2 = QMatrix.eye(2)
    for Y in ([[0, 0], [0, 0]], [[1, 0], [0, 0]], [[0, 1], [0, 0]], [[1, 1], [0, 1]]):
        for p in (1, 2):
            yield from points([2, p, 2], I2, QMatrix(Y))
    rng = random.Random(70)
    X, Y, U = data_with_spectrum(3, 3, 4, [3, 2, 1], rng)
    for I in ([0], [0, 1], [1, 2]):
        yield network_instance([3, 2, 3], X, Y, subset_point([3, 2, 3], X, Y, U, I, rng), name="random data")


@register("AW-004-BH6", seed="004",
          statement="at a critical point (Sigma_xx invertible) AB = P_A Sigma_xy Sigma_xx^-1 with "
                    "Sigma_xy = sum_i x_i y_i^T as defined there",
          kinds=("deep_linear",), instances=_aw_bh6_instances, as_written=True, location="Theorem 6, eq (5)",
          corrected="at a critical point with Sigma_xx invertible, AB = P_A Sigma_yx Sigma_xx^-1 "
                    "(Sigma_yx = sum_i y_i x_i^T = Y X^T, the transpose of the Sigma_xy of eq (5)); "
                    "no rank hypothesis on A is needed and d_x != d_y is then allowed")
def _aw_bh6(inst, ev):
    """Hypotheses: the seed's setting d_x = d_y (otherwise ``P_A Sigma_xy Sigma_xx^-1`` is
    undefined: decided on zero matrices of the two shapes), critical point, Sigma_xx
    invertible. Conclusion: eq (5) as printed. Values: the corrected form, and whether
    Sigma_xy = Sigma_yx."""
    dx = _two_layer(inst, "AW-004-BH6")[0]
    ev.hypothesis("d_x = d_y (the seed's x_i, y_i in R^d; otherwise P_A Sigma_xy Sigma_xx^-1 is undefined)",
                  ["eq", ["scale", "0", _SXX], ["scale", "0", ["mul", "Y", ["T", "Y"]]]])
    ev.hypothesis("the point is critical", ["is_zero", ["grad", *_args(inst)]])
    ev.hypothesis("Sigma_xx = X X^T is invertible", ["eq", ["rank", _SXX], dx])
    if ev.status()[0] == "hypotheses not met":
        return _verdict(ev)
    ev.value("Sigma_xy = Sigma_yx (always for d = 1)", ["eq", _SXY, _SYX])
    mended = ev.value("corrected: A B = P_A Sigma_yx Sigma_xx^-1",
                      ["eq", _AB, ["mul", ["proj", "W2"], _SYX, ["inv", _SXX]]])
    ev.conclusion("A B = P_A Sigma_xy Sigma_xx^-1 (eq (5) as printed)",
                  ["eq", _AB, ["mul", ["proj", "W2"], _SXY, ["inv", _SXX]]])
    if ev.status()[0] != "fails":
        return _verdict(ev)
    seen = evaluate(["mul", ["proj", "W2"], _SXY, ["inv", _SXX]], ev.env)
    return _verdict(ev, always=True, extra=f"A B = {_show(inst.env['W2'] @ inst.env['W1'])} but P_A Sigma_xy "
                              f"Sigma_xx^-1 = {_show(seen)}; the corrected form with Sigma_yx = Y X^T "
                              f"{'holds' if mended else 'fails too'}")
