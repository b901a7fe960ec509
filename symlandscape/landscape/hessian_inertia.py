r"""Exact Hessian inertia of a linear network at a critical point, without the dense Hessian.

The reduction (DESIGN.md section 4, "Inertia without the dense Hessian")
-----------------------------------------------------------------------
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
layer maps are rank deficient ``t`` can be below ``rank T``; the other tangent
columns, corrected by columns ``C`` to vanish on ``P`` (a block triangular solve
with the small minors), are kernel vectors of ``H[Q, Q]`` and are passed to the
certified inertia as a kernel hint.

The certified inertia (:func:`symlandscape.exact.certified.certified_inertia`) then
runs on the integer matrix ``D H[Q, Q]`` (``n - t`` rows, assembled by
:meth:`~symlandscape.models.LinearChain.hessian_principal_scaled`). Every fallback is
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

__all__ = ["hessian_inertia", "reduction", "reduction_witness", "reduced_inertia", "Reduction",
           "MAX_CHARPOLY", "MAX_DENSE_CHECK", "MAX_HINTS", "MAX_REDUCED"]

from dataclasses import dataclass, field

import flint

from ..exact.certified import certified_inertia
from ..exact.inertia import inertia_charpoly
from ..exact.numbers import WorkLimitExceeded
from ..facts import fast

#: Largest reduced matrix ``H[Q, Q]`` whose exact characteristic polynomial is the fallback
#: when the certified bounds do not close (about 1 s at 250 rows with small entries).
MAX_CHARPOLY = 250
#: Largest ``t`` for which a ``T[P, C]`` that is not the structured choice is checked densely
#: (rank mod a prime of a ``t x t`` matrix: ~1 s at 1,500).
MAX_DENSE_CHECK = 1500
#: Largest number of extra tangent columns turned into kernel hints (more: no hint).
MAX_HINTS = 2000
#: Largest ``n - t`` attempted at all (the reduced matrix has ``(n - t)^2`` entries).
MAX_REDUCED = 12_000

_P = 4611686018427387847  # a prime below 2^62


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


def reduction(net, W) -> Reduction:
    """The structured reduction ``(P, C)`` at ``W`` (any point; ``t`` may be 0).

    Examples
    --------
    >>> from symlandscape.models import DeepLinear
    >>> net = DeepLinear([1, 2, 1], X=[[1]], Y=[[1]])
    >>> r = reduction(net, [[[1], [0]], [[1, 0]]])
    >>> r.modes, r.P, r.C
    (['down', 'none'], [0, 1], [0, 1])
    """
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


def _solve_right(X, M):
    """X M^-1 for a nonsingular square M (exact)."""
    return M.transpose().solve(X.transpose()).transpose()


def _hints(net, red: Reduction, Q: list):
    """Kernel vectors of H[Q, Q] from the tangent columns outside C (None when too many)."""
    d, H = net.widths, len(net.widths) - 2
    A = red.layers
    Cset = set(red.C)
    co = _col_offsets(d)
    seeds = [c for c in range(co[H + 1]) if c not in Cset]
    if not seeds or len(seeds) > MAX_HINTS:
        return None
    sub = {}
    for k, mode in enumerate(red.modes, 1):
        if mode == "down":
            I, J = red.minors[k - 1]
            M = flint.fmpq_mat([[A[k - 1][i, j] for j in J] for i in I])
            sub[k] = (I, J, M)
        elif mode == "up":
            I, J = red.minors[k - 1]
            M = flint.fmpq_mat([[A[k][i, j] for j in J] for i in I])
            sub[k] = (I, J, M.inv())

    def cols(Mt, J):
        return flint.fmpq_mat([[Mt[i, j] for j in J] for i in range(Mt.nrows())])

    def rows(Mt, I):
        return flint.fmpq_mat([[Mt[i, j] for j in range(Mt.ncols())] for i in I])

    qpos = {q: i for i, q in enumerate(Q)}
    out = []
    for c in seeds:
        k0 = max(k for k in range(1, H + 1) if co[k] <= c)
        b0, a0 = divmod(c - co[k0], d[k0])
        F = {k: flint.fmpq_mat(d[k], d[k]) for k in range(1, H + 1)}
        F[k0][a0, b0] = 1
        S = {}

        def get(k, F=F, S=S):
            if k < 1 or k > H:
                return None
            if k in S:
                return S[k]
            mode, Sk = red.modes[k - 1], F[k]
            if mode == "down":
                I, J, M = sub[k]
                prev = get(k - 1)
                rhs = -(Sk * A[k - 1])
                if prev is not None:
                    rhs += A[k - 1] * prev
                U = _solve_right(cols(rhs, J), M)     # d_k x r: the columns I of S_k
                Sk = flint.fmpq_mat(Sk)
                for i in range(d[k]):
                    for jj, col in enumerate(I):
                        Sk[i, col] = U[i, jj]
            elif mode == "up":
                I, J, Minv = sub[k]
                nxt = get(k + 1)
                rhs = -(A[k] * Sk)
                if nxt is not None:
                    rhs += nxt * A[k]
                U = Minv * rows(rhs, I)               # r x d_k: the rows J of S_k
                Sk = flint.fmpq_mat(Sk)
                for ii, row in enumerate(J):
                    for j in range(d[k]):
                        Sk[row, j] = U[ii, j]
            S[k] = Sk
            return Sk

        Ss = [get(k) for k in range(1, H + 1)]
        col = [flint.fmpq(0)] * len(Q)
        nz = False
        o = net.offsets
        for k in range(1, H + 2):                  # block of W_k: S_k A_k - A_k S_{k-1}
            blk = None
            if k <= H:
                blk = Ss[k - 1] * A[k - 1]
            if k >= 2:
                t = A[k - 1] * Ss[k - 2]
                blk = -t if blk is None else blk - t
            rk, ck = blk.nrows(), blk.ncols()
            for q in range(ck):
                for a in range(rk):
                    v = blk[a, q]
                    if v != 0:
                        pos = o[k - 1] + q * rk + a
                        i = qpos.get(pos)
                        if i is None:
                            raise AssertionError("tangent hint does not vanish on P")
                        col[i] = v
                        nz = True
        if nz:
            out.append(col)
    if not out:
        return None
    return flint.fmpq_mat(len(Q), len(out), [out[j][i] for i in range(len(Q)) for j in range(len(out))])


def reduced_inertia(net, W, red: Reduction | None = None, hints: bool = True) -> tuple:
    """``inertia(H)`` from ``inertia(H[Q, Q]) + (0, 0, t)`` at a critical point ``W``.

    The caller must know that ``W`` is exactly critical (:func:`hessian_inertia` checks).
    Raises :class:`WorkLimitExceeded` when no bounded route decides.
    """
    red = red if red is not None else reduction(net, W)
    n = net.n_params
    Pset = set(red.P)
    Q = [i for i in range(n) if i not in Pset]
    if len(Q) > MAX_REDUCED:
        raise WorkLimitExceeded(f"reduced Hessian of {len(Q)} rows exceeds MAX_REDUCED {MAX_REDUCED}")
    M, _ = net.hessian_principal_scaled(W, Q)
    hint = _hints(net, red, Q) if hints and Q else None
    res = certified_inertia(M, hint) if Q else (0, 0, 0)
    if res is None:
        if len(Q) > MAX_CHARPOLY:
            raise WorkLimitExceeded(f"certified inertia of the reduced {len(Q)} x {len(Q)} Hessian did not "
                                    f"close and the exact charpoly is limited to MAX_CHARPOLY {MAX_CHARPOLY} rows")
        res = inertia_charpoly(M)
    return (res[0], res[1], res[2] + red.t)


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
    res = certified_inertia(A)
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
        return list(reduced_inertia(net, Wv, red, hints=False))
    return list(reduced_inertia(net, Wv, red))


def _prev_prime(p: int) -> int:
    p -= 1
    while not flint.fmpz(p).is_prime():
        p -= 1
    return p


fast.register_op("hessian_inertia", _op_hessian_inertia)
fast.register_hessian_inertia(lambda net, W: reduced_inertia(net, W))
