r"""Exact Hessian inertia of a linear network at a critical point, without the dense Hessian.

The reduction (DESIGN.md section 4, "Inertia without the dense Hessian")
------------------------------------------------------------------------
At an exactly critical point the tangents ``T`` (``n x c``) of the rescaling
symmetries ``A_k -> G A_k, A_{k+1} -> A_{k+1} G^-1`` lie in the kernel of the
Hessian ``H`` (differentiate ``grad L(g . W) . tau = 0``; the gradient term vanishes).
Column ``(k, a, b)`` of ``T`` (hidden layer ``k``, ``S = e_a e_b^T``; position
``d_1^2 + ... + d_{k-1}^2 + b d_k + a``, the order of
:meth:`~symlandscape.models.LinearChain.symmetry_tangents`) is ``dW_k = S A_k``,
``dW_{k+1} = -A_{k+1} S``. So ``T`` is block bidiagonal: rows of ``vec W_k`` meet
the columns of hidden layer ``k`` in ``kron(A_k^T, I)`` and those of hidden layer
``k - 1`` in ``-kron(I, A_k)``.

If ``T[P, C]`` is nonsingular (``t`` rows ``P``, ``t`` columns ``C``) and ``Q`` is the
complement of ``P``, then ``B = [T[:, C] | E_Q]`` is invertible (its rows ``P`` hold
the nonsingular ``T[P, C]`` next to zeros) and ``B^T H B = diag(0_t, H[Q, Q])``
(because ``H T[:, C] = 0``), so by Sylvester's law
``inertia(H) = inertia(H[Q, Q]) + (0, 0, t)``.

Choice of ``P`` and ``C`` (:func:`reduction`). Per hidden layer ``k`` one of three
modes: *down* (a nonsingular ``r x r`` minor ``A_k[I, J]``: columns ``b in I``, all
``a``; rows: the entries ``(a, q)`` of ``W_k`` with ``q in J``; the submatrix is
``kron(A_k[I, J]^T, I)``), *up* (a minor ``A_{k+1}[I', J']``: columns ``a in J'``;
rows: the entries ``(p, b)`` of ``W_{k+1}`` with ``p in I'``; the submatrix is
``-kron(I, A_{k+1}[I', J'])``) or *none*. With no *up* layer directly followed by a
*down* one, the block graph of ``T[P, C]`` is acyclic, so ``T[P, C]`` is block
triangular and ``det T[P, C] = +- prod det(minor)^{d_k} != 0``: a proof. The modes
maximise ``t`` by dynamic programming (zero layers force *up* or *none*). When the
layer maps are rank deficient ``t`` can be below ``rank T``; then the other tangent
columns ``C2``, corrected by columns ``C`` to vanish on ``P`` (``Z = T[:, C2] - T[:, C]
T[P, C]^-1 T[P, C2]``, a block triangular solve with the small minors, computed modulo
a prime), complete the choice: rows ``P2`` with ``Z[P2, C2]`` nonsingular mod ``p`` give
``det T[P + P2, C + C2] = det T[P, C] det Z[P2, C2] != 0`` (Schur complement). At the
usual points (subset saddles, global minima, zero layers, rescaled) ``t = rank T``.

The certified inertia (:func:`symlandscape.exact.certified.certified_inertia`) then
runs on the integer matrix ``D H[Q, Q]`` (``n - t`` rows, assembled by
:meth:`~symlandscape.models.LinearChain.hessian_principal_scaled`). ``H[Q, Q]`` is
usually still singular: when the layer maps share unused directions (a saddle from a
partial eigenvector set has about one per layer), rank-one kernel vectors of ``H`` that
are no tangents exist; :func:`extra_kernel` gives them in closed form and
:func:`_nullity_bound` turns them into a proven lower bound of the nullity of ``H[Q, Q]``
(their corrections by the tangent columns, rank modulo a prime). With that bound the
certified inertia needs only its float step (Gershgorin on the ``n - t - bound``
largest eigenvalues): no rank modulo a prime of ``H[Q, Q]`` and no exact kernel solve
with its large entries (which did not close at 5,000 and 10,000 rescaled parameters). Every fallback is
bounded: the exact characteristic polynomial only up to ``MAX_CHARPOLY`` rows, a
dense check of an arbitrary (not structured) ``T[P, C]`` only up to
``MAX_DENSE_CHECK``; past them :class:`~symlandscape.exact.numbers.WorkLimitExceeded`
with the reason (the caller turns it into "undetermined").

Fact operations registered here (:func:`symlandscape.facts.fast.register_op`):
``["hessian_inertia", model, X, Y, [W...], P, C]`` (0-based index lists ``P`` into
``theta`` and ``C`` into the columns of ``T`` as witnesses; an error unless the point
is critical and ``T[P, C]`` nonsingular); and the network case of ``["inertia",
["hessian", ...]]`` at a critical point (:func:`hessian_inertia`).
"""

__all__ = ["hessian_inertia", "reduction", "reduction_witness", "reduced_inertia", "Reduction", "extra_kernel",
           "MAX_CHARPOLY", "MAX_DENSE_CHECK", "MAX_SEEDS", "MAX_REDUCED", "MAX_STACK"]

from dataclasses import dataclass, field

import flint
import numpy as np

from ..exact import certified as _certified
from ..exact.inertia import inertia_charpoly
from ..exact.numbers import WorkLimitExceeded
from ..facts import fast

#: Largest reduced matrix ``H[Q, Q]`` whose exact characteristic polynomial is the fallback
#: when the certified bounds do not close (about 1 s at 250 rows with small entries).
MAX_CHARPOLY = 250
#: Largest ``t`` for which a ``T[P, C]`` that is not the structured choice is checked densely
#: (rank mod a prime of a ``t x t`` matrix: ~1 s at 1,500).
MAX_DENSE_CHECK = 1500
#: Largest number of tangent columns outside the structured choice used to complete it.
MAX_SEEDS = 2000
#: Largest number of int64 entries of one stack ``(columns, d_k, d_k)`` in the corrections
#: (``_corrected_mod_p``): 4e7 entries are 320 MB, and a few stacks live at once.
MAX_STACK = 4 * 10 ** 7
#: Largest ``n - t`` attempted at all: the reduced matrix has ``(n - t)^2`` entries (36 million
#: at 6,000: ~0.3 GB as int64, several GB as exact integers of a few hundred bits).
MAX_REDUCED = 6_000

_P = 4611686018427387847  # a prime below 2^62
_PSMALL = 67108859        # the largest prime below 2^26


@dataclass
class Reduction:
    """A structured choice of rows ``P`` and tangent columns ``C`` with ``T[P, C]`` nonsingular.

    ``modes[k - 1]`` is ``"down"``, ``"up"`` or ``"none"`` for hidden layer ``k``;
    ``minors[k - 1]`` the rows and columns of the minor of ``A_k`` (down) or
    ``A_{k+1}`` (up); ``P`` and ``C`` are sorted 0-based lists.
    """

    P: list
    C: list
    modes: list
    minors: list
    layers: list = field(repr=False)
    #: the completion's rows and columns (inside ``P`` and ``C``); None when ``P``, ``C``
    #: did not come from :func:`reduction` (then the structured part is unknown)
    P2: list | None = field(default=None, repr=False)
    C2: list | None = field(default=None, repr=False)
    #: the corrected columns ``C2`` mod ``_PSMALL`` on the rows outside the structured ``P``
    Z2: object = field(default=None, repr=False)

    @property
    def t(self) -> int:
        return len(self.P)


def _layer_maps(net, W) -> list:
    return [net.layer(Q.flint, k + 1) for k, Q in enumerate(net.weights(W))]


def _minor(A: flint.fmpq_mat) -> tuple:
    """Rows I and columns J of a nonsingular r x r minor of A, r = rank A (exact)."""
    if A.nrows() == 0 or A.ncols() == 0:
        return [], []
    R, r = A.rref()
    J = []
    for i in range(r):
        J.append(next(j for j in range(A.ncols()) if R[i, j] != 0))
    if not J:
        return [], []
    AJt = flint.fmpq_mat([[A[i, j] for i in range(A.nrows())] for j in J])   # A[:, J]^T
    R2, r2 = AJt.rref()
    I = [next(j for j in range(AJt.ncols()) if R2[i, j] != 0) for i in range(r2)]
    return I, J


def _col_offsets(d) -> list:
    H = len(d) - 2
    off = [0] * (H + 2)
    for k in range(1, H + 1):
        off[k + 1] = off[k] + d[k] ** 2
    return off   # off[k]: first column of hidden layer k (1-based k)


def _structured(net, W) -> Reduction:
    """The structured part of the reduction: block triangular ``T[P, C]`` (module notes)."""
    A = _layer_maps(net, W)
    d, o = net.widths, net.offsets
    H = len(d) - 2
    minors = [_minor(a) for a in A]            # minors[k - 1] of A_k
    ranks = [len(m[0]) for m in minors]
    # DP over hidden layers 1..H; state: mode of the previous hidden layer
    gain = {"none": lambda k: 0, "down": lambda k: d[k] * ranks[k - 1], "up": lambda k: d[k] * ranks[k]}
    best = {"none": (0, [])}
    for k in range(1, H + 1):
        nxt = {}
        for prev, (val, modes) in best.items():
            for mode in ("down", "none", "up"):
                if prev == "up" and mode == "down":
                    continue
                g = gain[mode](k)
                if mode != "none" and g == 0:
                    continue
                cand = (val + g, modes + [mode])
                if mode not in nxt or cand[0] > nxt[mode][0]:
                    nxt[mode] = cand
        best = nxt
    modes = max(best.values(), key=lambda vm: vm[0])[1] if H else []
    co = _col_offsets(d)
    P, C, mins = [], [], []
    for k, mode in enumerate(modes, 1):
        dk = d[k]
        if mode == "down":
            I, J = minors[k - 1]
            C += [co[k] + b * dk + a for b in I for a in range(dk)]
            P += [o[k - 1] + q * dk + a for q in J for a in range(dk)]
            mins.append((I, J))
        elif mode == "up":
            I, J = minors[k]
            C += [co[k] + b * dk + a for b in range(dk) for a in J]
            P += [o[k] + b * d[k + 1] + p for b in range(dk) for p in I]
            mins.append((I, J))
        else:
            mins.append(None)
    return Reduction(sorted(P), sorted(C), modes, mins, A)


def reduction(net, W) -> Reduction:
    """The reduction ``(P, C)`` at ``W`` (any point; ``t`` may be 0), ``T[P, C]`` nonsingular.

    The structured choice (block triangular ``T[P, C]``, determinant a product of powers
    of small minors), completed by the tangent columns outside it: their corrections
    ``Z = T[:, C2] - T[:, C] T[P, C]^-1 T[P, C2]`` vanish on ``P``, and
    ``det T[P + P2, C + C2] = det T[P, C] det Z[P2, C2]``; ``Z`` is computed modulo a
    prime (the images of the exact rational entries) and ``P2``, ``C2`` are pivots of a
    nonsingular ``Z[P2, C2] mod p``, which proves ``det Z[P2, C2] != 0``.

    Examples
    --------
    >>> from symlandscape.models import DeepLinear
    >>> net = DeepLinear([1, 2, 1], X=[[1]], Y=[[1]])
    >>> r = reduction(net, [[[1], [0]], [[1, 0]]])
    >>> r.modes, r.P, r.C
    (['down'], [0, 1, 3], [0, 1, 2])
    """
    red = _structured(net, W)
    Pset = set(red.P)
    Q = [i for i in range(net.n_params) if i not in Pset]
    extra = _completion(net, red, Q) if Q else None
    red.P2, red.C2, red.Z2 = extra if extra is not None else ([], [], None)
    red.P = sorted(red.P + red.P2)
    red.C = sorted(red.C + red.C2)
    return red


def _mod(M: flint.fmpq_mat, p: int) -> np.ndarray:
    """The image of a rational matrix mod p as int64 residues (ValueError if p divides a
    denominator)."""
    Z, den = M.numer_denom()
    dinv = pow(int(den), -1, p)          # ValueError when p divides den
    return np.array([int(x) * dinv % p for x in Z.entries()], dtype=np.int64).reshape(M.nrows(), M.ncols())


def _inv_mod(M: np.ndarray, p: int) -> np.ndarray:
    r = M.shape[0]
    Mi = flint.nmod_mat(r, r, M.ravel().tolist(), p).inv()      # ZeroDivisionError if singular
    return np.array([int(x) for x in Mi.entries()], dtype=np.int64).reshape(r, r)


def _pivots_mod(Z: np.ndarray, p: int) -> list:
    """Pivot columns of the reduced row echelon form of Z mod p (exact)."""
    R, r = flint.nmod_mat(Z.shape[0], Z.shape[1], Z.ravel().tolist(), p).rref()
    if r == 0:
        return []
    top = np.array([int(x) for x in R.entries()[: r * Z.shape[1]]], dtype=np.int64).reshape(r, Z.shape[1])
    return [int(np.flatnonzero(top[i])[0]) for i in range(r)]


def _completion(net, red: Reduction, Q: list):
    """Rows ``P2`` (in ``Q``) and tangent columns ``C2`` outside ``C`` completing the reduction.

    Every seed column ``(k0, a0, b0)`` outside ``C`` is corrected by columns ``C`` to vanish
    on ``P`` (:func:`_corrected_mod_p`); ``C2`` are pivot columns of the corrections ``Z``
    modulo a prime below 2^26 and ``P2`` pivot rows of ``Z[:, C2]``; returns ``(P2, C2,
    Z[:, C2])`` (the last for :func:`_nullity_bound`). None when there is
    nothing to add, a denominator or minor vanishes mod the prime, or there are more than
    ``MAX_SEEDS`` seeds.
    """
    d, H = net.widths, len(net.widths) - 2
    Cset = set(red.C)
    co = _col_offsets(d)
    seeds = [c for c in range(co[H + 1]) if c not in Cset]
    m = len(seeds)
    if not m or m > MAX_SEEDS or max(d) > 2048 or m * max(d) ** 2 > MAX_STACK:
        return None
    p = _PSMALL
    Z = _corrected_mod_p(net, red, Q, p, seeds=seeds)
    if Z is None:
        return None
    live = np.flatnonzero(Z.any(axis=0))             # seeds whose corrected tangent is not 0 mod p
    if live.size == 0:
        return None
    Z, seeds = np.ascontiguousarray(Z[:, live]), [seeds[j] for j in live]
    C2 = _pivots_mod(Z, p)
    if not C2:
        return None
    ZC = np.ascontiguousarray(Z[:, C2])
    P2 = _pivots_mod(np.ascontiguousarray(ZC.T), p)
    r = len(C2)
    if len(P2) != r or flint.nmod_mat(r, r, ZC[P2, :].ravel().tolist(), p).rank() != r:
        return None
    return [Q[i] for i in P2], [seeds[j] for j in C2], ZC


def _corrected_mod_p(net, red: Reduction, Q: list, p: int, seeds=(), vectors=()):
    """Rows ``Q`` of kernel vectors of ``H`` corrected by the columns ``C`` of the structured
    choice to vanish on its rows ``P``, modulo the prime ``p < 2^26`` (int64 array
    ``len(Q) x m``), or None when a denominator or a minor vanishes mod ``p``.

    The columns are, in this order, the tangent columns ``seeds`` (``(k0, a0, b0)``: ``S_k0 =
    e_a0 e_b0^T``) and the ``vectors`` (``(k, x, y)``: ``dW_k = x y^T``, 0-based weight
    layer ``k``, rational vectors ``x``, ``y``). To each, the tangent of ``S = (S_1, ..., S_H)``
    with unknowns on the pattern of ``C`` is added so that the sum vanishes on ``P``: a
    *down* layer ``k`` solves ``(S_k A_k - A_k S_{k-1} + V_k)[:, J] = 0`` for the columns
    ``I`` of ``S_k`` (after ``S_{k-1}``), an *up* layer ``(S_{k+1} A_{k+1} - A_{k+1} S_k +
    V_{k+1})[I', :] = 0`` for the rows ``J'`` of ``S_k`` (after ``S_{k+1}``); an order exists
    because no *up* layer is followed by a *down* one. The block of ``W_k`` is ``S_k A_k -
    A_k S_{k-1} + V_k``. The correction is a combination of tangent columns, so the column
    stays in ``ker H`` and ``rank [T[:, C] | Z] = t + rank Z[Q]``. All columns at once
    (stacks of small matrices) in int64 residues (products below 2^52, sums of at most
    2,048 of them below 2^63: exact).
    """
    d, H = net.widths, len(net.widths) - 2
    co, o = _col_offsets(d), net.offsets
    m = len(seeds) + len(vectors)
    try:
        A = [_mod(a, p) for a in red.layers]
        inv = {}
        for k, mode in enumerate(red.modes, 1):
            if mode != "none":
                I, J = red.minors[k - 1]
                Ak = A[k - 1] if mode == "down" else A[k]
                inv[k] = _inv_mod(np.ascontiguousarray(Ak[np.ix_(I, J)]), p)
        V = {}                                   # forcing blocks of W_k (1-based k)
        for s, (k, x, y) in enumerate(vectors, len(seeds)):
            xm = _mod(flint.fmpq_mat(len(x), 1, list(x)), p)[:, 0]
            ym = _mod(flint.fmpq_mat(1, len(y), list(y)), p)[0]
            blk = V.setdefault(k + 1, np.zeros((m, d[k + 1], d[k]), dtype=np.int64))
            blk[s] = np.outer(xm, ym) % p
    except (ZeroDivisionError, ValueError):
        return None
    F = {}
    for k in range(1, H + 1):
        e = np.zeros((m, d[k], d[k]), dtype=np.int64)
        for s, c in enumerate(seeds):
            if co[k] <= c < co[k + 1]:
                b0, a0 = divmod(c - co[k], d[k])
                e[s, a0, b0] = 1
        F[k] = e
    S = {}

    def stack(k):
        """S_k over the columns: int64 residues, shape (m, d_k, d_k)."""
        if k in S:
            return S[k]
        mode = red.modes[k - 1]
        e = F[k].copy()
        if mode == "down":
            I, J = red.minors[k - 1]
            Ak = A[k - 1]
            rhs = -(e @ Ak[:, J])                                        # (m, d_k, r)
            if k in V:
                rhs -= V[k][:, :, J]
            rhs %= p
            if k > 1:
                rhs = (rhs + (Ak @ stack(k - 1)[:, :, J]) % p) % p
            e[:, :, I] = (rhs @ inv[k]) % p
        elif mode == "up":
            I, J = red.minors[k - 1]
            Ak1 = A[k]
            rhs = -(Ak1[I, :] @ e)                                       # (m, r, d_k)
            if k + 1 in V:
                rhs += V[k + 1][:, I, :]
            rhs %= p
            if k < H:
                rhs = (rhs + (stack(k + 1)[:, I, :] @ Ak1) % p) % p
            e[:, J, :] = (inv[k] @ rhs) % p
        S[k] = e
        return e

    qpos = np.full(net.n_params, -1, dtype=np.int64)
    qpos[np.array(Q, dtype=np.int64)] = np.arange(len(Q))
    Z = np.zeros((len(Q), m), dtype=np.int64)
    for k in range(1, H + 2):                       # block of W_k over all columns
        rk, ck = d[k], d[k - 1]
        blk = V[k].copy() if k in V else np.zeros((m, rk, ck), dtype=np.int64)
        if k <= H:
            blk = (blk + stack(k) @ A[k - 1]) % p
        if k >= 2:
            blk = (blk - (A[k - 1] @ stack(k - 1)) % p) % p
        nz = np.nonzero(blk)
        if nz[0].size == 0:
            continue
        pos = qpos[o[k - 1] + nz[2] * rk + nz[1]]
        if (pos < 0).any():
            raise AssertionError("corrected column does not vanish on P")
        Z[pos, nz[0]] = blk[nz]
    return Z


def extra_kernel(net, W, limit: int = MAX_SEEDS) -> list | None:
    r"""Rank-one kernel vectors of the Hessian beyond the symmetry tangents, in closed form.

    For weight layer ``k`` (0-based, ``A_k`` maps width ``d_k`` to ``d_{k+1}``) write
    ``R_k = A_{k-1} ... A_0 X`` (its input), ``L_k = A_{L-1} ... A_{k+1}`` (the map after
    it) and ``E`` the residual. The loss is ``1/2 ||F - Y||^2`` with ``F`` multilinear in the
    layers, so for ``v = x y^T`` in layer ``k`` and ``w`` in layer ``j``:
    ``H[v, w] = <L_k x y^T R_k, J w> + <E, d^2 F[v, w]>``, where ``d^2 F[v, w]`` is
    ``L_j w M x y^T R_k`` (``j > k``, ``M = A_{j-1} ... A_{k+1}``) or ``L_k x y^T M w R_j``
    (``j < k``, ``M = A_{k-1} ... A_{j+1}``) and 0 for ``j = k``. So ``H v = 0`` (at any
    point, critical or not) for

    * (a) ``L_k x = 0`` and ``R_k^T y = 0``: both terms vanish;
    * (b) ``A_{k+1} x = 0`` and ``L_{k+1}^T E R_k^T y = 0``: ``L_k x = 0``, every ``M x``
      with ``j > k + 1`` contains ``A_{k+1} x``, and for ``j = k + 1`` the term is
      ``y^T R_k E^T L_{k+1} w x = 0``;
    * (c) ``A_{k-1}^T y = 0`` and ``x^T L_k^T E R_{k-1}^T = 0``: the mirror image
      (``R_k^T y = 0``, ``M^T y = 0`` for ``j < k - 1``, the term of ``j = k - 1``).

    These are the directions that move unused singular directions (a kernel of a layer
    map) without changing the product to second order; at a saddle from a partial
    eigenvector set they are the about one kernel direction per layer that the tangents
    miss. Returns ``[(k, x, y), ...]`` (exact integer vectors), or None past ``limit``
    vectors.

    Examples
    --------
    >>> from symlandscape.models import DeepLinear
    >>> net = DeepLinear([1, 2, 1], X=[[1]], Y=[[1]])
    >>> extra_kernel(net, [[[1], [0]], [[1, 0]]])     # E = 0: (b) and (c) with ker A = e_2
    [(0, [0, -1], [1]), (1, [1], [0, -1])]
    """
    A = _layer_maps(net, W)
    Lw = len(A)
    Rs, Ls = net._forward(A), net._backward(A)
    E = Rs[-1] - net.Y.flint
    out = []

    def kernel(M):
        """Exact basis of ker M (list of integer lists)."""
        if M.ncols() == 0:
            return []
        Z, _ = M.numer_denom()
        X, nul = Z.nullspace()
        return [[X[i, j] for i in range(M.ncols())] for j in range(nul)]

    for k in range(Lw):
        pairs = [(kernel(Ls[k]), kernel(Rs[k].transpose()))]
        if k + 1 < Lw:
            pairs.append((kernel(A[k + 1]), kernel(Ls[k + 1].transpose() * E * Rs[k].transpose())))
        if k > 0:
            N = Ls[k].transpose() * E * Rs[k - 1].transpose()
            pairs.append((kernel(N.transpose()), kernel(A[k - 1].transpose())))
        for xs, ys in pairs:
            if len(out) + len(xs) * len(ys) > limit:
                return None
            out += [(k, x, y) for x in xs for y in ys]
    return out


def _nullity_bound(net, W, red: Reduction) -> int:
    """A proven lower bound of the nullity of ``H[Q, Q]`` (0 when there is none).

    The completion's tangent columns ``C2`` and the vectors of :func:`extra_kernel` lie in
    ``ker H``; corrected by the structured columns ``C0`` to vanish on the structured rows
    ``P0`` they stay there, and ``rank [T[:, C0] | Z] = t0 + rank Z[Q0]`` (``Q0`` the
    complement of ``P0``). The rank of ``Z mod p`` is at most its rank over Q, so
    ``nullity(H) >= t0 + rank_p Z`` and, as ``nullity(H) = t + nullity(H[Q, Q])`` with ``t
    = t0 + |C2|``, ``nullity(H[Q, Q]) >= rank_p Z - |C2|``. Cost: small nullspaces per
    layer, the stacked corrections and one rank mod ``p`` of a ``|Q0| x m`` matrix.
    """
    if red.P2 is None or max(net.widths) > 2048:
        return 0
    vecs = extra_kernel(net, W)
    if not vecs or len(vecs) * max(net.widths) ** 2 > MAX_STACK:
        return 0
    n = net.n_params
    P0 = set(red.P) - set(red.P2)
    Q0 = [i for i in range(n) if i not in P0]
    p = _PSMALL
    Z = _corrected_mod_p(net, red, Q0, p, vectors=vecs)
    if Z is None:
        return 0
    if red.C2:
        Z = np.hstack([red.Z2, Z])         # the completion's own corrections, same rows Q0
    Z = Z[:, Z.any(axis=0)]
    if Z.shape[1] == 0:
        return 0
    rank = flint.nmod_mat(Z.shape[0], Z.shape[1], Z.ravel().tolist(), p).rank()
    return max(0, rank - len(red.C2))


def reduced_inertia(net, W, red: Reduction | None = None) -> tuple:
    """``inertia(H)`` from ``inertia(H[Q, Q]) + (0, 0, t)`` at a critical point ``W``.

    The caller must know that ``W`` is exactly critical (:func:`hessian_inertia` checks).
    Raises :class:`WorkLimitExceeded` when no bounded route decides.
    """
    pieces = net._hessian_pieces(W)
    single = _single_block_inertia(net, W, pieces)
    if single is not None:
        return single
    red = red if red is not None else reduction(net, W)
    n = net.n_params
    Pset = set(red.P)
    Q = [i for i in range(n) if i not in Pset]
    if len(Q) > MAX_REDUCED:
        raise WorkLimitExceeded(f"reduced Hessian of {len(Q)} rows exceeds MAX_REDUCED {MAX_REDUCED}")
    M, _ = net.hessian_principal_scaled(W, Q, pieces, as_array=True)
    del pieces
    # the bound is computed only when the float spectrum of H[Q, Q] has a near-zero eigenvalue
    res = (_certified.certified_inertia(M, nullity_at_least=lambda: _nullity_bound(net, W, red))
           if Q else (0, 0, 0))
    if res is None:
        if len(Q) > MAX_CHARPOLY:
            raise WorkLimitExceeded(f"certified inertia of the reduced {len(Q)} x {len(Q)} Hessian did not "
                                    f"close and the exact charpoly is limited to MAX_CHARPOLY {MAX_CHARPOLY} rows")
        res = inertia_charpoly(flint.fmpz_mat(len(Q), len(Q), M.ravel().tolist()))
    return (res[0], res[1], res[2] + red.t)


def _single_block_inertia(net, W, pieces=None):
    """Closed form when the Hessian is ``0`` or has one nonzero block pair ``(k, j)``, ``k != j``,
    that is a single (possibly permuted) Kronecker product ``a kron b``; else None.

    Then ``H`` is, up to a permutation, ``[[0, B^T], [B, 0]]`` (zero elsewhere), whose
    eigenvalues are the ``+-`` singular values of ``B`` and zeros, and ``rank B = rank a
    rank b``: ``inertia(H) = (rho, rho, n - 2 rho)`` with ``rho = rank a rank b`` (exact ranks
    of small integer matrices). This is every point with two or more zero layers of a deep
    linear net (only the block of the first and the last zero layer survives), and the origin.
    """
    pieces, _ = pieces if pieces is not None else net._hessian_pieces(W)
    live = {}
    for kj, terms in pieces.items():
        nz = [tm for tm in terms if any(x != 0 for x in tm[1].flat) and any(x != 0 for x in tm[2].flat)]
        if nz:
            live[kj] = nz
    n = net.n_params
    if not live:
        return (0, 0, n)
    if len(live) != 1:
        return None
    (k, j), terms = next(iter(live.items()))
    if k == j or len(terms) != 1:
        return None
    _, a, b, _ = terms[0]

    def rank(x):
        return flint.fmpz_mat(x.shape[0], x.shape[1], [int(v) for v in x.flat]).rank()

    rho = rank(a) * rank(b)
    return (rho, rho, n - 2 * rho)


def hessian_inertia(net, W) -> tuple:
    """Exact inertia ``(n+, n-, n0)`` of the Hessian of ``net`` at ``W`` (DESIGN.md section 4).

    At an exactly critical point through the Sylvester reduction (never the dense
    Hessian); elsewhere the dense exact Hessian and ``inertia`` (bounded likewise).

    Examples
    --------
    >>> from symlandscape.models import DeepLinear
    >>> net = DeepLinear([1, 1, 1, 1], X=[[1]], Y=[[1]])
    >>> hessian_inertia(net, [[[0]], [[0]], [[0]]]), hessian_inertia(net, [[[1]], [[1]], [[1]]])
    ((0, 0, 3), (1, 0, 2))
    """
    W = net.weights(W)
    if hasattr(net, "symmetry_tangents") and net.gradient(W).is_zero():
        return reduced_inertia(net, W)
    M = net.hessian(W)
    from ..exact.inertia import as_integer_symmetric
    A = as_integer_symmetric(M)
    res = _certified.certified_inertia(A)
    if res is None:
        if A.nrows() > MAX_CHARPOLY:
            raise WorkLimitExceeded(f"certified inertia of the {A.nrows()} x {A.nrows()} Hessian did not close "
                                    f"and the exact charpoly is limited to MAX_CHARPOLY {MAX_CHARPOLY} rows")
        res = inertia_charpoly(A)
    return res


def reduction_witness(net, W):
    """The witness ``{"P": [...], "C": [...]}`` at an exactly critical point, or None
    (not critical, or ``t = 0``)."""
    W = net.weights(W)
    if not net.gradient(W).is_zero():
        return None
    red = reduction(net, W)
    if red.t == 0:
        return None
    return {"P": list(red.P), "C": list(red.C)}


# -- the fact operations ---------------------------------------------------------------------
def _tangent_submatrix_rank_mod_p(A, d, o, P, C, p):
    """rank of T[P, C] mod p, built entry by entry from the layer maps (dense t x t)."""
    H = len(d) - 2
    co = _col_offsets(d)
    t = len(P)
    prow = {r: i for i, r in enumerate(P)}
    M = flint.nmod_mat(t, t, p)
    for jc, c in enumerate(C):
        k = max(kk for kk in range(1, H + 1) if co[kk] <= c)
        b, a = divmod(c - co[k], d[k])
        Ak, Ak1 = A[k - 1], A[k]
        for q in range(d[k - 1]):
            i = prow.get(o[k - 1] + q * d[k] + a)
            if i is not None and Ak[b, q] != 0:
                M[i, jc] = int(Ak[b, q].p) * pow(int(Ak[b, q].q), -1, p) % p
        for pp in range(d[k + 1]):
            i = prow.get(o[k] + b * d[k + 1] + pp)
            if i is not None and Ak1[pp, a] != 0:
                v = -Ak1[pp, a]
                M[i, jc] = int(v.p) * pow(int(v.q), -1, p) % p
    return M.rank()


def _valid_indices(xs, n, what):
    if not isinstance(xs, list) or any(isinstance(i, bool) or not isinstance(i, int) for i in xs):
        raise ValueError(f"hessian_inertia: {what} must be a list of integers")
    if any(not 0 <= i < n for i in xs):
        raise ValueError(f"hessian_inertia: an index of {what} is out of range 0..{n - 1}")
    if len(set(xs)) != len(xs):
        raise ValueError(f"hessian_inertia: {what} has a repeated index")
    return sorted(xs)


def _op_hessian_inertia(env, model, X, Y, Ws, P, C):
    Wv = [fast.evaluate(w, env) for w in Ws]
    net = fast.network(model, fast.evaluate(X, env), fast.evaluate(Y, env), Wv)
    if not hasattr(net, "symmetry_tangents"):
        raise ValueError(f"hessian_inertia: model {model!r} has no rescaling symmetries")
    n = net.n_params
    d = net.widths
    c = sum(w * w for w in d[1:-1])
    P = _valid_indices(P, n, "P")
    C = _valid_indices(C, c, "C")
    if len(P) != len(C):
        raise ValueError(f"hessian_inertia: P has {len(P)} indices and C {len(C)}")
    if not net.gradient(Wv).is_zero():
        raise ValueError("hessian_inertia: the point is not critical (H T = 0 needs a zero gradient)")
    red = reduction(net, Wv)
    if red.P != P or red.C != C:
        # not the structured choice: prove T[P, C] nonsingular by a dense rank mod p (bounded)
        if len(P) > MAX_DENSE_CHECK:
            raise WorkLimitExceeded(f"T[P, C] is not the structured choice and t = {len(P)} exceeds "
                                    f"MAX_DENSE_CHECK {MAX_DENSE_CHECK}")
        A = _layer_maps(net, Wv)
        p = _P
        while any(int(x.q) % p == 0 for a in A for x in a.entries()):
            p = _prev_prime(p)
        if _tangent_submatrix_rank_mod_p(A, d, net.offsets, P, C, p) != len(P):
            raise ValueError("hessian_inertia: T[P, C] is singular (mod p): not a reduction witness")
        red = Reduction(P, C, ["none"] * (len(d) - 2), [None] * (len(d) - 2), A)
        return list(reduced_inertia(net, Wv, red))
    return list(reduced_inertia(net, Wv, red))


def _prev_prime(p: int) -> int:
    p -= 1
    while not flint.fmpz(p).is_prime():
        p -= 1
    return p


fast.register_op("hessian_inertia", _op_hessian_inertia)
fast.register_hessian_inertia(lambda net, W: reduced_inertia(net, W))
