r"""Kawaguchi's lemmas on deep linear networks [seed 000, lines 39-73]: KAW-L1 (first
order, eq (2)), KAW-L2 (second order, eq (3)), KAW-HESS (the block Hessian), and the
statements as the seed writes them: AW-000-IDX (line 41), AW-000-EQ3 (eq (3)) and
AW-000-BAD (line 73).

Notation (seed 000, lines 37-41; THEOREMS.md). ``L = 1/2 ||W_{H+1} ... W_1 X - Y||_F^2``,
``P = W_{H+1} ... W_1``, ``E = P X - Y``, ``r = E^T`` (m x d_y), ``C = W_{H+1} ... W_2``,
``W_k ... W_k' = I_{d_k}`` when ``k < k'``, ``p = min(d_1, ..., d_H)``, ``pbar = rank C``,
``P_C = C (C^T C)^- C^T`` (the orthogonal projector onto ``col(C)`` for *every*
generalized inverse), ``Sigma = Y X^T (X X^T)^-1 X Y^T = U Lambda U^T`` with
``Lambda_11 >= ... >= Lambda_{d_y d_y}``.

Parameter order. The seed differentiates with respect to ``vec(W_k^T)`` (numerator
layout); ``theta`` here stacks ``vec(W_k)`` (DESIGN.md section 3). With the commutation
matrix ``K_{m,n}`` (``K_{m,n} vec A = vec A^T`` for m x n ``A``; ``["K", m, n]``),
``vec(W_k^T) = K_{d_k, d_{k-1}} vec(W_k)``, so the seed's gradient block ``g_k`` and
Hessian block ``N_{kj}`` convert as

    vec(dL/dW_k) = K_{d_{k-1}, d_k} g_k,        Hess_{kj} = K_{d_{k-1}, d_k} N_{kj} K_{d_j, d_{j-1}}.

The seed's Hessian blocks in numerator layout (derived in ``symlandscape.models.linear``;
``L_k = W_{H+1} ... W_{k+1}``, ``R_k = W_{k-1} ... W_1 X``, ``M_{kj} = W_{k-1} ... W_{j+1}``,
``Q_{kj} = L_k^T E R_j^T``):

    N_{kk} = (L_k^T L_k) kron (R_k R_k^T),
    N_{kj} = (L_k^T L_j) kron (R_k R_j^T) + (Q_{kj} kron M_{kj}) K_{d_{j-1}, d_j}    (j < k).

Eigendecompositions. With repeated eigenvalues ``U`` is not unique, and the seed fixes
``U`` (line 41) before any critical point is chosen. A statement about ``U_pbar`` or
``U_I`` is therefore read for *every* admissible ``U`` (orthonormal eigenvectors,
eigenvalues in decreasing order): one admissible ``U`` for which it fails is a
counterexample. The checkers decide these statements without eigenvectors:

* ``P_C = U_pbar U_pbar^T`` for every admissible ``U`` iff ``col(C)`` is the top-``pbar``
  eigenspace and that eigenspace is unique (``lambda_pbar > lambda_{pbar+1}``). By Ky Fan,
  ``tr(Sigma P_C) <= lambda_1 + ... + lambda_pbar`` with equality iff ``col(C)`` is
  spanned by eigenvectors of the ``pbar`` largest eigenvalues; that sum is the largest
  eigenvalue ``s`` of the additive compound ``Sigma^[pbar]`` (eigenvalues: the sums of
  ``pbar`` distinct eigenvalues), so equality is the exact inertia test
  ``n+(Sigma^[pbar] - tr(Sigma P_C) I) = 0`` (and not all negative), and uniqueness is
  ``rank(Sigma^[pbar] - s I) = N - 1`` (``s`` simple: ``lambda_pbar > lambda_{pbar+1}``).
* ``P_C = U_I U_I^T`` for some ``I`` inside ``1..q`` and every admissible ``U`` iff (i)
  ``P_C`` is a polynomial in ``Sigma`` (``col(C)`` is a sum of whole eigenspaces: a rank
  test on ``vec I, vec Sigma, ..., vec Sigma^{d_y-1}, vec P_C``) and (ii) every eigenvalue of
  ``Sigma`` on ``col(C)`` exceeds ``lambda_{q+1}``. (ii) is certified by a rational ``t``:
  if it holds, ``Sigma - t I`` is nonsingular with at most ``q`` positive eigenvalues
  and positive definite on ``col(C)`` (``n+(C^T (Sigma - t I) C) = pbar``); if it fails,
  a ``t`` below every eigenvalue on ``col(C)`` has ``n+(Sigma - t I) >= q + 1``.
* ``Sigma`` has distinct eigenvalues iff ``I, Sigma, ..., Sigma^{d_y-1}`` are linearly
  independent (a symmetric matrix is diagonalizable, so the degree of its minimal
  polynomial is the number of distinct eigenvalues).

When ``Sigma`` has rational eigenvectors the checkers also exhibit admissible ``U``
(rational orthogonal, verified by facts ``U^T U = I``, ``Sigma U = U Lambda``) and the
projectors ``U_I U_I^T``, as values.

Standing hypotheses. The AW statements come from the proof of Theorem 1, so its
hypotheses are theirs: ``d_y <= d_x``, ``X X^T`` invertible, ``X Y^T`` of full rank.

Findings (``symlandscape prove``; exact minimal instances in :func:`aw_search_summary`):

* AW-000-IDX: indices are not confined to ``1..min(d_y, p)``: widths [2, 1, 2], X = I,
  Y = diag(2, 1), W_1 = [0 1], W_2 = [0; 1] is critical with ``P_C = u_2 u_2^T``.
  Corrected: ``1 <= i_1 < ... < i_pbar <= d_y`` (strict; a repeated index never gives a
  projector), and with repeated eigenvalues ``col(C)`` is a ``Sigma``-invariant subspace,
  spanned by ``pbar`` vectors of *some* orthonormal eigenbasis that depends on the point.
* AW-000-EQ3: with a repeated eigenvalue at position ``pbar`` the top eigenspace is not
  unique: widths [2, 1, 2], X = Y = I, ``C = (3, 4)^T``: a global minimum with
  ``P_C != U_1 U_1^T`` for ``U = I`` (but ``= U'_1 U'_1^T`` for the rotation ``U'``).
* AW-000-BAD: for H = 2 the point ``W_1 = W_2 = 0`` has the Hessian block
  ``[[0, B], [B^T, 0]]``, ``B ~ W_3^T Y X^T``: a strict saddle unless ``W_3^T Y X^T = 0``
  (under the standing hypotheses: ``W_3 = 0``). For H >= 3 the Hessian is zero and the
  point is a saddle (when ``Y X^T != 0``; with ``Y X^T = 0`` it is a global minimum).
"""

__all__ = ["seed_gradient_block", "seed_hessian", "kron_hessian", "sympy_derivatives",
           "eigenbasis", "distinct_eigenvalues_expr", "top_eigenspace_exprs",
           "index_set_expr", "aw_search_summary", "SYMPY_MAX_PARAMS"]

import functools
import itertools
import random
from math import comb
from typing import Sequence

import flint

from ..exact.matrix import QMatrix
from ..exact.numbers import InputError
from ..exact.roots import descending_roots, real_roots
from ..facts.fast import evaluate
from ..landscape.classify import classify
from ..landscape.critical import data_with_spectrum, subset_point
from ..models.linear import DeepLinear
from ..theorems.classification import global_min_expr
from .common import lit as _lit
from .common import verdict as _verdict
from .instancegen import network_instance, random_qmatrix
from .registry import get_claim, register

#: SymPy differentiation (an independent route recorded as a literal) up to this many
#: parameters: Hessians (KAW-HESS) and gradients (KAW-L1, cheaper claims: fewer parameters).
SYMPY_MAX_PARAMS = 16
_SYMPY_GRAD_MAX = 12
_DL = "deep_linear"


# -- fact expressions over the instance names X, Y, W1..W{H+1} ----------------------------------
def _w(k: int) -> str:
    return f"W{k}"


def _prod(widths, a: int, b: int):
    """``W_b ... W_a`` (1-based); ``I_{d_{a-1}}`` when ``b < a`` (the seed's convention)."""
    if b < a:
        return ["eye", widths[a - 1]]
    if a == b:
        return _w(a)
    return ["mul", *[_w(k) for k in range(b, a - 1, -1)]]


def _label(widths, a: int, b: int) -> str:
    """Readable ``W_b...W_a`` (``I_d`` when empty)."""
    if b < a:
        return f"I_{widths[a - 1]}"
    return f"W_{a}" if a == b else f"W_{b}...W_{a}"


def _left(widths, k: int):
    """``L_k = W_{H+1} ... W_{k+1}`` (d_y x d_k)."""
    return _prod(widths, k + 1, len(widths) - 1)


def _right(widths, k: int):
    """``R_k = W_{k-1} ... W_1 X`` (d_{k-1} x m)."""
    return "X" if k == 1 else ["mul", *[_w(i) for i in range(k - 1, 0, -1)], "X"]


def _args(widths) -> list:
    return [_DL, "X", "Y", [_w(k) for k in range(1, len(widths))]]


def _offsets(widths) -> list:
    o = [0]
    for k in range(1, len(widths)):
        o.append(o[-1] + widths[k] * widths[k - 1])
    return o


def seed_gradient_block(widths: Sequence[int], k: int) -> list:
    """The seed's eq (2) for layer ``k``: ``((W_{H+1}..W_{k+1}) kron (W_{k-1}..W_1 X)^T)^T vec(r)``,
    the gradient with respect to ``vec(W_k^T)``; it uses the residual ``E`` (defined name
    ``"E"``, ``r = E^T``).

    >>> seed_gradient_block([1, 1, 1], 1)
    ['mul', ['T', ['kron', 'W2', ['T', 'X']]], ['vec', ['T', 'E']]]
    """
    return ["mul", ["T", ["kron", _left(widths, k), ["T", _right(widths, k)]]], ["vec", ["T", "E"]]]


def _blockdiag(blocks: list, sizes: list) -> list:
    n = sum(sizes)
    rows, off = [], 0
    for B, s in zip(blocks, sizes):
        parts = ([["zeros", s, off]] if off else []) + [B] + ([["zeros", s, n - off - s]] if n - off - s else [])
        rows.append(["hstack", *parts] if len(parts) > 1 else B)
        off += s
    return ["vstack", *rows] if len(rows) > 1 else rows[0]


def _assemble(widths, block) -> list:
    L = len(widths) - 1
    if L == 1:
        return block(1, 1)
    return ["vstack", *[["hstack", *[block(k, j) if j <= k else ["T", block(j, k)]
                                     for j in range(1, L + 1)]] for k in range(1, L + 1)]]


def kron_hessian(widths: Sequence[int]) -> list:
    """The closed-form Hessian in ``theta = (vec W_1; ...)`` order as a fact expression:
    ``Hess_kj = (R_k R_j^T) kron (L_k^T L_j) + K_{d_{k-1}, d_k} (Q_kj kron M_kj)`` (j < k).

    >>> from symlandscape.facts.fast import evaluate
    >>> env = {"X": QMatrix([[1]]), "Y": QMatrix([[1]]), "W1": QMatrix([[2]]), "W2": QMatrix([[3]]),
    ...        "E": QMatrix([[5]])}
    >>> evaluate(kron_hessian([1, 1, 1]), env)      # L = (ab - 1)^2 / 2 at (2, 3)
    QMatrix([[9, 11], [11, 4]])
    """
    d = widths

    def block(k, j):
        Lk, Lj, Rk, Rj = _left(d, k), _left(d, j), _right(d, k), _right(d, j)
        gn = ["kron", ["mul", Rk, ["T", Rj]], ["mul", ["T", Lk], Lj]]
        if j == k:
            return gn
        Q = ["mul", ["T", Lk], "E", ["T", Rj]]
        return ["add", gn, ["mul", ["K", d[k - 1], d[k]], ["kron", Q, _prod(d, j + 1, k - 1)]]]
    return _assemble(d, block)


def seed_hessian(widths: Sequence[int]) -> list:
    """Kawaguchi's numerator-layout Hessian ``[D_vec(W_k^T) (D_vec(W_j^T) L)^T]_{kj}`` as a fact
    expression (blocks in layer order 1..H+1): ``N_kj = (L_k^T L_j) kron (R_k R_j^T) +
    (Q_kj kron M_kj) K_{d_{j-1}, d_j}`` for j < k.

    >>> from symlandscape.facts.fast import evaluate
    >>> env = {"X": QMatrix([[1]]), "Y": QMatrix([[1]]), "W1": QMatrix([[2]]), "W2": QMatrix([[3]]),
    ...        "E": QMatrix([[5]])}
    >>> evaluate(seed_hessian([1, 1, 1]), env)
    QMatrix([[9, 11], [11, 4]])
    """
    d = widths

    def block(k, j):
        Lk, Lj, Rk, Rj = _left(d, k), _left(d, j), _right(d, k), _right(d, j)
        gn = ["kron", ["mul", ["T", Lk], Lj], ["mul", Rk, ["T", Rj]]]
        if j == k:
            return gn
        Q = ["mul", ["T", Lk], "E", ["T", Rj]]
        return ["add", gn, ["mul", ["kron", Q, _prod(d, j + 1, k - 1)], ["K", d[j - 1], d[j]]]]
    return _assemble(d, block)


def _seed_to_theta(widths) -> list:
    """``Kbd = blockdiag(K_{d_k, d_{k-1}})``: ``theta_seed = Kbd theta``."""
    L = len(widths) - 1
    return _blockdiag([["K", widths[k], widths[k - 1]] for k in range(1, L + 1)],
                      [widths[k] * widths[k - 1] for k in range(1, L + 1)])


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


# -- eigen helpers -----------------------------------------------------------------------------
def _powers(S: str, d: int) -> list:
    out = [["eye", d]]
    for j in range(1, d):
        out.append(S if j == 1 else ["mul", *[S] * j])
    return out


def distinct_eigenvalues_expr(S: str, d: int) -> list:
    """``S`` (d x d symmetric) has d distinct eigenvalues: ``vec S^0, ..., vec S^{d-1}`` independent.

    >>> evaluate(distinct_eigenvalues_expr("S", 2), {"S": QMatrix([[1, 0], [0, 1]])})
    False
    >>> evaluate(distinct_eigenvalues_expr("S", 2), {"S": QMatrix([[2, 1], [1, 2]])})
    True
    """
    if d == 1:
        return ["eq", 1, 1]
    return ["eq", ["rank", ["hstack", *[["vec", M] for M in _powers(S, d)]]], d]


def _polynomial_in(S: str, P: str, d: int) -> list:
    """``P`` lies in span{I, S, ..., S^{d-1}} (for a projector: its range is a sum of whole
    eigenspaces of the symmetric ``S``)."""
    basis = [["vec", M] for M in _powers(S, d)]
    return ["eq", ["rank", ["hstack", *basis, ["vec", P]]], ["rank", ["hstack", *basis]]]


def top_eigenspace_exprs(S: str, PC: str, s: int, d: int) -> tuple:
    """``(kyfan, unique)`` for a rank-``s`` projector ``PC`` (1 <= s <= d):
    ``kyfan``: tr(S PC) is the sum of the s largest eigenvalues (range(PC) is spanned by
    eigenvectors of the s largest eigenvalues); ``unique``: given kyfan, that sum is a simple
    eigenvalue of the compound, i.e. ``lambda_s > lambda_{s+1}``.

    >>> env = {"S": QMatrix([[2, 0], [0, 1]]), "P": QMatrix([[1, 0], [0, 0]])}
    >>> [evaluate(e, env) for e in top_eigenspace_exprs("S", "P", 1, 2)]
    [True, True]
    >>> env["S"] = QMatrix.eye(2)
    >>> [evaluate(e, env) for e in top_eigenspace_exprs("S", "P", 1, 2)]
    [True, False]
    """
    N = comb(d, s)
    D = ["sub", ["compound", S, s], ["scale", ["trace", ["mul", S, PC]], ["eye", N]]]
    In = ["inertia", D]
    return (["and", ["eq", ["at", In, 0], 0], ["ne", ["at", In, 1], N]],
            ["eq", ["rank", D], N - 1])


def _top_sum(s: int) -> str:
    return "lambda_1" if s == 1 else f"lambda_1 + ... + lambda_{s}"


def _count_at_most(count, q: int) -> list:
    """``count <= q`` for an integer count (an inertia entry) by equalities: the re-checker
    orders rationals only, and inertia entries are plain integers."""
    return ["or", *[["eq", count, j] for j in range(q + 1)]]


def _rank_expr(A) -> list:
    """rank(A) as a rational, tr(A A^+), so that it can be ordered in facts."""
    return ["trace", ["proj", A]]


def _orthonormal(vectors: list):
    """Gram-Schmidt; the orthonormal columns if every norm is rational, else None."""
    ortho = []
    for v in vectors:
        w = v
        for q in ortho:
            w = w - q * ((q.T @ v)[0, 0] / (q.T @ q)[0, 0])
        if not w.is_zero():
            ortho.append(w)
    out = []
    for w in ortho:
        n2 = (w.T @ w)[0, 0]
        p, q = flint.fmpz(n2.p), flint.fmpz(n2.q)
        if not (p.is_square() and q.is_square()):
            return None
        out.append(w * flint.fmpq(q.isqrt(), p.isqrt()))
    return out


def eigenbasis(S: QMatrix, prefer: QMatrix | None = None) -> tuple | None:
    """A rational orthonormal eigenbasis ``(U, eigenvalues)`` of symmetric ``S``, eigenvalues
    decreasing; within each eigenspace the vectors of ``col(prefer)`` come first. None
    when an eigenvalue or a norm is irrational (or ``col(prefer)`` is not invariant).

    >>> U, lam = eigenbasis(QMatrix([[1, 0], [0, 1]]), prefer=QMatrix([[3], [4]]))
    >>> U.tolist(), [str(x) for x in lam]
    ([[Fraction(3, 5), Fraction(-4, 5)], [Fraction(4, 5), Fraction(3, 5)]], ['1', '1'])
    >>> eigenbasis(QMatrix([[1, 1], [1, 1]])) is None        # eigenvectors (1, +-1)/sqrt 2
    True
    """
    d = S.shape[0]
    roots = []
    for f, mult in S.flint.charpoly().factor()[1]:
        if f.degree() != 1:
            return None
        c = f.coeffs()
        roots.append((-c[0] / c[1], mult))
    roots.sort(key=lambda t: t[0], reverse=True)
    B = prefer.colspace() if prefer is not None and prefer.rank() else None
    cols, eigs = [], []
    for lam, mult in roots:
        A = S - QMatrix.eye(d) * lam
        if B is None:
            groups = [A.nullspace()]
        else:
            groups = [B @ (A @ B).nullspace(), QMatrix.vstack([A, B.T]).nullspace()]
        vecs = [G.columns([j]) for G in groups for j in range(G.shape[1])]
        ortho = _orthonormal(vecs)
        if ortho is None or len(ortho) != mult:
            return None
        cols += ortho
        eigs += [lam] * mult
    return QMatrix.hstack(cols), eigs


def _rational_between(a, b) -> flint.fmpq:
    """A rational strictly between real roots ``a < b``."""
    while not a.hi < b.lo:
        a.refine()
        b.refine()
    return (a.hi + b.lo) / 2


def index_set_expr(Sigma: QMatrix, C: QMatrix, q: int) -> tuple:
    """Decide "P_C = U_I U_I^T for an index set I inside 1..q, for every admissible U".

    Returns ``(expr, holds)``: a fact expression over the names ``"Sigma"``, ``"C"``,
    ``"PC"`` and its exact value (see the module docstring: (i) whole eigenspaces,
    (ii) a rational ``t`` certifying that the eigenvalues on ``col(C)`` exceed
    ``lambda_{q+1}``, or one certifying that they do not).

    >>> S, C = QMatrix([[4, 0], [0, 1]]), QMatrix([[0], [1]])
    >>> env = {"Sigma": S, "C": C, "PC": C.projector()}
    >>> expr, ok = index_set_expr(S, C, 1)
    >>> ok, evaluate(expr, env)
    (False, False)
    >>> index_set_expr(S, C, 2)[1]
    True
    """
    d = Sigma.shape[0]
    s = C.rank()
    if s == 0:
        return ["is_zero", "PC"], True
    env = {"Sigma": Sigma, "PC": C.projector()}
    whole = _polynomial_in("Sigma", "PC", d)
    if not evaluate(whole, env) or q >= d:
        return whole, evaluate(whole, env)
    lam = descending_roots(Sigma.flint.charpoly())
    B = C.colspace()
    mu = real_roots((B.pinv() @ Sigma @ B).flint.charpoly())[0]   # smallest eigenvalue on col(C)
    lq1 = lam[q]

    def shifted(t):
        St = ["sub", "Sigma", ["scale", str(t), ["eye", d]]]
        return ["inertia", St], ["inertia", ["mul", ["T", "C"], St, "C"]]
    if mu > lq1:
        nxt = min(x for x in lam if x > lq1)
        t = _rational_between(lq1, nxt)
        In_S, In_C = shifted(t)
        ok = ["and", ["eq", ["at", In_S, 2], 0], _count_at_most(["at", In_S, 0], q), ["eq", ["at", In_C, 0], s]]
        return ["and", whole, ok], True
    t = mu.lo                      # below every eigenvalue on col(C)
    In_S, In_C = shifted(t)
    bad = ["and", ["not", _count_at_most(["at", In_S, 0], q)], ["eq", ["at", In_C, 0], s]]
    return ["and", whole, ["not", bad]], False


# -- shared checker pieces -------------------------------------------------------------------
def _network(inst, claim: str):
    if inst.weights is None:
        raise InputError(f"{claim} needs a point: the instance has no \"weights\"")
    net = DeepLinear(list(inst.widths), inst.env["X"], inst.env["Y"])
    return net, net.weights(inst.weights)


def _xxt_invertible(ev, role: str = "hypothesis") -> bool:
    expr = ["ne", ["det", ["mul", "X", ["T", "X"]]], 0]
    return getattr(ev, role)("X X^T is invertible", expr)


def _standing(ev, widths) -> bool:
    """Theorem 1's hypotheses (the AW statements live in its proof); stops at the first false one."""
    dx, dy = widths[0], widths[-1]
    return (ev.hypothesis(f"d_y <= d_x ({dy} <= {dx})", ["le", dy, dx])
            and _xxt_invertible(ev)
            and ev.hypothesis("X Y^T has full rank", ["eq", ["rank", ["mul", "X", ["T", "Y"]]], min(dx, dy)]))


def _define_common(ev, widths) -> None:
    """Names P, C, E (= P X - Y; r = E^T), PC = C (C^T C)^+ C^T."""
    L = len(widths) - 1
    ev.define("P", _prod(widths, 1, L))
    ev.define("C", _prod(widths, 2, L))
    ev.define("E", ["sub", ["mul", "P", "X"], "Y"])
    ev.define("PC", ["mul", "C", ["pinv", ["mul", ["T", "C"], "C"]], ["T", "C"]])


_SIGMA = ["mul", "Y", ["T", "X"], ["inv", ["mul", "X", ["T", "X"]]], "X", ["T", "Y"]]
_SIGMA_PINV = ["mul", "Y", ["pinv", "X"], "X", ["T", "Y"]]
_XR = ["mul", "X", ["T", "E"]]          # X r


def _is_psd(ev, widths, role: str = "hypothesis") -> bool:
    In = ["inertia", ["hessian", *_args(widths)]]
    return getattr(ev, role)("the Hessian is positive semidefinite", ["eq", ["at", In, 1], 0])


def _critical(ev, widths, role: str = "hypothesis") -> bool:
    return getattr(ev, role)("the point is critical (gradient = 0)", ["is_zero", ["grad", *_args(widths)]])


def _witness_facts(ev, name: str, U: QMatrix, eigs: list, text: str) -> None:
    """Define an eigenbasis ``name`` and record that it is admissible (values)."""
    d = U.shape[0]
    ev.define(name, _lit(U))
    Lam = ["lit", [[str(eigs[i]) if i == j else "0" for j in range(d)] for i in range(d)]]
    order = [["le", ["entry", Lam, i + 1, i + 1], ["entry", Lam, i, i]] for i in range(d - 1)]
    ev.value(f"{text}: {name}^T {name} = I, Sigma {name} = {name} Lambda with Lambda = "
             f"diag({', '.join(map(str, eigs))}) decreasing",
             ["and", ["eq", ["mul", ["T", name], name], ["eye", d]],
              ["eq", ["mul", "Sigma", name], ["mul", name, Lam]], *order])


def _global_min_value(ev, widths) -> bool:
    """Value fact: the loss equals the exact infimum (the test of ``landscape.classify``:
    ``Sigma^[k] - (||Y||^2 - 2 L) I`` has no positive and not only negative eigenvalues,
    ``k = min(widths)``, ``Sigma = Y X^+ X Y^T``)."""
    k = min(widths)
    return ev.value(f"the loss equals the global minimum value (inertia of Sigma^[{k}] - (||Y||^2 - 2L) I: "
                    f"no positive, not all negative)", global_min_expr(widths, _args(widths)))


def _proj_cols(name: str, idx) -> list:
    return ["mul", ["cols", name, list(idx)], ["T", ["cols", name, list(idx)]]]


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


# -- KAW-L1 ------------------------------------------------------------------------------------
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


@register("KAW-L1", seed="000",
          statement="first-order condition (2): W is critical iff every block gradient "
                    "((W_{H+1}...W_{k+1}) kron (W_{k-1}...W_1 X)^T)^T vec(r) vanishes; then "
                    "W_{H+1}...W_1 = C(C^T C)^- C^T Y X^T (XX^T)^-1",
          kinds=(_DL,), instances=_l1_instances, location="lines 53-57")
def _kaw_l1(inst, ev):
    """Facts: per layer, eq (2) converted to theta order equals the gradient block
    (``["grad"]``: closed form here, hyper-dual numbers in the re-checker; for small nets
    also a SymPy gradient as a literal); critical iff every eq (2) block is zero; at a
    critical point (X X^T invertible) the product formula with the Moore-Penrose inverse
    and with another generalized inverse of C^T C.
    """
    net, W = _network(inst, "KAW-L1")
    d = list(inst.widths)
    L = len(d) - 1
    inv_ok = _xxt_invertible(ev)
    _define_common(ev, d)
    grad = ["grad", *_args(d)]
    o = _offsets(d)
    for k in range(1, L + 1):
        right = "X" if k == 1 else _label(d, 1, k - 1) + " X"
        ev.conclusion(f"eq (2), k = {k}: vec(dL/dW_{k}) = K_{{{d[k - 1]},{d[k]}}} (({_label(d, k + 1, L)}) kron "
                      f"({right})^T)^T vec(r)  [vec(W_{k}^T) = K_{{{d[k]},{d[k - 1]}}} vec(W_{k})]",
                      ["eq", ["rows", grad, list(range(o[k - 1], o[k]))],
                       ["mul", ["K", d[k - 1], d[k]], seed_gradient_block(d, k)]])
    ev.conclusion("W is critical iff every block of eq (2) vanishes",
                  ["eq", ["is_zero", grad],
                   ["and", *[["is_zero", seed_gradient_block(d, k)] for k in range(1, L + 1)]]])
    if net.n_params <= _SYMPY_GRAD_MAX:
        ev.conclusion("SymPy gradient (expand, differentiate, evaluate) = gradient",
                      ["eq", grad, _lit(sympy_derivatives(net, W, order=1))])
    critical = ev.value("the point is critical", ["is_zero", grad])
    ev.value("P X = C (C^T C)^+ C^T Y X^+ X at a critical point (no invertibility needed)",
             ["or", ["not", ["is_zero", grad]],
              ["eq", ["mul", "P", "X"], ["mul", "PC", "Y", ["pinv", "X"], "X"]]])
    if not inv_ok:
        return _verdict(ev)
    CtC = ["mul", ["T", "C"], "C"]
    tail = ["mul", ["T", "C"], "Y", ["T", "X"], ["inv", ["mul", "X", ["T", "X"]]]]
    G = random_qmatrix(random.Random(7), d[1], d[1])      # C^T C is d_1 x d_1 (d_y x d_y when H = 0)
    for text, ginv in [("Moore-Penrose (C^T C)^+", ["pinv", CtC]),
                       ("the generalized inverse (C^T C)^+ + G - (C^T C)^+ (C^T C) G (C^T C)(C^T C)^+",
                        ["ginv", CtC, _lit(G)])]:
        ev.conclusion(f"critical implies W_{L}...W_1 = C (C^T C)^- C^T Y X^T (X X^T)^-1, with {text}",
                      ["or", ["not", ["is_zero", grad]], ["eq", "P", ["mul", "C", ginv, tail]]])
    if critical:
        ev.value("the generalized inverse used differs from the Moore-Penrose one (or C^T C is invertible)",
                 ["or", ["ne", ["ginv", CtC, _lit(G)], ["pinv", CtC]], ["ne", ["det", CtC], 0]])
    return _verdict(ev)


# -- KAW-HESS --------------------------------------------------------------------------------
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


@register("KAW-HESS", seed="000",
          statement="closed-form block Hessian (Kronecker form) equals the Hessian from direct "
                    "symbolic differentiation",
          kinds=(_DL,), instances=_hess_instances, location="line 65")
def _kaw_hess(inst, ev):
    """Facts: the Kronecker block formula (theta order) equals ``["hessian"]`` (closed form in
    the fast path, hyper-dual numbers in the re-checker); Kawaguchi's numerator-layout
    blocks converted with commutation matrices equal it; for up to ``SYMPY_MAX_PARAMS``
    parameters the SymPy Hessian (a literal) equals it.
    """
    net, W = _network(inst, "KAW-HESS")
    d = list(inst.widths)
    ev.define("E", ["sub", ["mul", _prod(d, 1, len(d) - 1), "X"], "Y"])
    hess = ["hessian", *_args(d)]
    ev.conclusion("Kronecker block formula (R_k R_j^T) kron (L_k^T L_j) + K (Q_kj kron M_kj) = Hessian",
                  ["eq", hess, kron_hessian(d)])
    Kbd = _seed_to_theta(d)
    ev.conclusion("Kawaguchi's numerator-layout blocks D_vec(W_k^T)(D_vec(W_j^T) L)^T, converted: "
                  "Kbd^T N Kbd = Hessian with Kbd = blockdiag(K_{d_k, d_{k-1}})",
                  ["eq", hess, ["mul", ["T", Kbd], seed_hessian(d), Kbd]])
    if net.n_params <= SYMPY_MAX_PARAMS:
        ev.conclusion("SymPy Hessian (expand, differentiate twice, evaluate) = Hessian",
                      ["eq", hess, _lit(sympy_derivatives(net, W, order=2))])
    else:
        ev.value(f"SymPy comparison skipped ({net.n_params} > {SYMPY_MAX_PARAMS} parameters)", ["eq", 1, 1])
    return _verdict(ev)


# -- KAW-L2 ------------------------------------------------------------------------------------
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


def _l2_part_b(ev, d, C: QMatrix, Sigma: QMatrix, applicable_expr) -> None:
    """eq (3), decided without eigenvectors; a rational eigenbasis as values when there is one."""
    dy = d[-1]
    s = C.rank()
    if s == 0:
        concl = ["is_zero", "PC"]
        text = "pbar = 0: C (C^T C)^- C^T = 0 = U_0 U_0^T"
    else:
        kf, uniq = top_eigenspace_exprs("Sigma", "PC", s, dy)
        concl = ["or", ["and", kf, uniq], ["is_zero", _XR]]
        text = (f"eq (3): C (C^T C)^- C^T = U_{s} U_{s}^T (col(C) is the unique top-{s} eigenspace: "
                f"Ky Fan equality tr(Sigma P_C) = {_top_sum(s)}) or X r = 0")
    ev.conclusion(f"(if PSD, X X^T invertible, distinct eigenvalues) {text}", ["or", ["not", applicable_expr], concl])
    eb = eigenbasis(Sigma)
    if eb is not None and s > 0:
        _witness_facts(ev, "U", *eb, "rational eigenbasis U of Sigma")
        ev.value(f"C (C^T C)^- C^T = U_{s} U_{s}^T for this U", ["eq", "PC", _proj_cols("U", range(s))])


@register("KAW-L2", seed="000",
          statement="second-order condition: at a critical point with positive or negative semidefinite "
                    "Hessian, for every k in 2..H+1: R((W_{k-1}...W_2)^T) in R(C^T C) or "
                    "X r W_{H+1}...W_{k+1} = 0; hence rank(W_{H+1}...W_k) >= rank(W_{k-1}...W_2) or "
                    "X r W_{H+1}...W_{k+1} = 0. If PSD (X X^T invertible, Sigma with distinct "
                    "eigenvalues): C(C^T C)^- C^T = U_pbar U_pbar^T or X r = 0 (eq 3)",
          kinds=(_DL,), instances=_l2_instances, location="lines 59-63")
def _kaw_l2(inst, ev):
    """Hypotheses: critical; Hessian PSD or NSD (exact inertia). Conclusions: for each
    k, the range inclusion or ``X r L_k = 0``, and the rank corollary; eq (3) as an
    implication from (PSD, X X^T invertible, distinct eigenvalues of Sigma), decided
    by Ky Fan equality (module docstring). Sigma is ``Y X^+ X Y^T`` (equal to the seed's
    when X X^T is invertible, and defined always)."""
    net, W = _network(inst, "KAW-L2")
    d = list(inst.widths)
    L = len(d) - 1
    if not _critical(ev, d):
        return _verdict(ev)
    In = ["inertia", ["hessian", *_args(d)]]
    if not ev.hypothesis("the Hessian is positive or negative semidefinite",
                         ["or", ["eq", ["at", In, 1], 0], ["eq", ["at", In, 0], 0]]):
        return _verdict(ev)
    _define_common(ev, d)
    ev.define("Sigma", _SIGMA_PINV)
    for k in range(2, L + 1):
        Mk = _prod(d, 2, k - 1)                          # W_{k-1} ... W_2  (I_{d_1} for k = 2)
        zero = ["is_zero", ["mul", _XR, _left(d, k)]]    # X r W_{H+1} ... W_{k+1} = 0
        m_, l_, r_ = _label(d, 2, k - 1), _label(d, k + 1, L), _label(d, k, L)
        ev.conclusion(f"k = {k}: R(({m_})^T) in R(C^T C) or X r {l_} = 0",
                      ["or", ["colspace_le", ["T", Mk], ["mul", ["T", "C"], "C"]], zero])
        ev.conclusion(f"k = {k}: rank({r_}) >= rank({m_}) or X r {l_} = 0",
                      ["or", ["le", _rank_expr(Mk), _rank_expr(_prod(d, k, L))], zero])
    dy = d[-1]
    applicable = ["and", ["eq", ["at", In, 1], 0], ["ne", ["det", ["mul", "X", ["T", "X"]]], 0],
                  distinct_eigenvalues_expr("Sigma", dy)]
    ev.value("eq (3) applies: Hessian PSD, X X^T invertible, Sigma has distinct eigenvalues", applicable)
    ev.value("col(C) is Sigma-invariant", ["colspace_le", ["mul", "Sigma", "C"], "C"])
    _l2_part_b(ev, d, net.product(W, 2, L), evaluate(_SIGMA_PINV, inst.env), applicable)
    return _verdict(ev)


# -- AW search instances (smallest first) ---------------------------------------------------------
_AW_SHAPES = [[1, 1, 1], [2, 1, 1], [1, 1, 2], [2, 1, 2], [2, 2, 2], [3, 1, 2], [3, 1, 3], [3, 2, 3],
              [3, 1, 1, 3], [3, 2, 1, 3], [3, 2, 2, 3]]


def _rotation_point(X, Y, c: QMatrix):
    """[d_x, 1, d_y] critical point with W_2 = c (any vector spanning a Sigma-invariant line)."""
    W1 = (c.T @ c).inv() @ c.T @ Y @ X.pinv()
    return [W1, c]


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
                    pts.insert(1, ("col(C) = span (3, 4) of the eigenspace", _rotation_point(X, Y, c)))
            for pi, (label, W) in enumerate(pts):
                out.append(((_n_params(widths), si, fi, pi), _inst(widths, X, Y, W, f"{widths} {fname}, {label}")))
    out.sort(key=lambda t: t[0])
    for _, inst in out:
        yield inst


# -- AW-000-IDX ----------------------------------------------------------------------------------
_IDX_CORRECTED = ("with X X^T invertible, at every critical point col(C) is Sigma-invariant; if Sigma has "
                  "distinct eigenvalues, C(C^TC)^-C^T = U_I U_I^T for a unique I = {i_1 < ... < i_pbar} "
                  "inside 1..d_y (not 1..min(d_y, p); strictly increasing); with repeated eigenvalues, "
                  "= V_I V_I^T for some orthonormal eigenbasis V (eigenvalues decreasing) that depends "
                  "on the point")


@register("AW-000-IDX", seed="000",
          statement="the index sets I_pbar = {i_1 <= ... <= i_pbar} are drawn from 1..min(d_y, p): at every "
                    "critical point, C(C^TC)^-C^T = U_I U_I^T for such an index set",
          kinds=(_DL,), instances=_aw_instances, as_written=True,
          corrected=_IDX_CORRECTED, location="line 41")
def _aw_idx(inst, ev):
    """Hypotheses: Theorem 1's (d_y <= d_x, X X^T invertible, X Y^T full rank); critical.
    Conclusion: :func:`index_set_expr` with q = min(d_y, p), for every admissible U
    (index multisets with a repeated index never give a projector, so ``<=`` adds nothing).
    Values: the corrected statement (col(C) Sigma-invariant), and with a rational
    eigenbasis U the projectors U_I U_I^T for I inside 1..q and 1..d_y."""
    net, W = _network(inst, "AW-000-IDX")
    d = list(inst.widths)
    L, dy = len(d) - 1, d[-1]
    if not _standing(ev, d) or not _critical(ev, d):
        return _verdict(ev)
    _define_common(ev, d)
    Sigma = evaluate(_SIGMA, inst.env)
    ev.define("Sigma", _SIGMA)
    C = net.product(W, 2, L)
    s = C.rank()
    p = min(d[1:-1]) if L > 1 else dy
    q = min(dy, p)
    eb = eigenbasis(Sigma)
    if eb is not None:
        _witness_facts(ev, "U", *eb, "rational eigenbasis U of Sigma")
    pbar = ev.value("pbar = rank(C)", ["rank", "C"])
    expr, _ = index_set_expr(Sigma, C, q)
    ev.conclusion(f"C (C^T C)^- C^T = U_I U_I^T with I inside 1..min(d_y, p) = 1..{q}, |I| = pbar = {pbar}, "
                  f"for every admissible U", expr)
    ev.value("corrected: col(C) is Sigma-invariant", ["colspace_le", ["mul", "Sigma", "C"], "C"])
    ev.value("Sigma has distinct eigenvalues", distinct_eigenvalues_expr("Sigma", dy))
    hits = []
    if eb is not None and s > 0:
        for bound, what in [(q, "1..min(d_y, p)"), (dy, "1..d_y")]:
            sets = list(itertools.combinations(range(bound), s))
            ev.value(f"for this U: C (C^T C)^- C^T = U_I U_I^T for some I inside {what}",
                     ["or", *[["eq", "PC", _proj_cols("U", I)] for I in sets]] if sets else ["eq", 1, 0])
        hits = [I for I in itertools.combinations(range(dy), s)
                if evaluate(["eq", "PC", _proj_cols("U", I)], ev.env)]
    if hits and max(hits[0]) >= q:
        where = (f"C (C^T C)^- C^T = U_I U_I^T for I = {{{', '.join(str(i + 1) for i in hits[0])}}}, "
                 f"beyond min(d_y, p) = {q}")
    elif hits:
        where = ("for the eigenbasis U shown the index set exists, but col(C) splits the eigenspace of a "
                 "repeated eigenvalue, so another admissible U has none")
    else:
        where = ("col(C) is not a sum of eigenspaces of Sigma within the top min(d_y, p) positions "
                 "(no admissible U works for every choice)")
    return _verdict(ev, f"{where}. Corrected: {_IDX_CORRECTED}")


# -- AW-000-EQ3 ----------------------------------------------------------------------------------
_EQ3_CORRECTED = ("at a critical point with PSD Hessian (X X^T invertible), col(C) is spanned by "
                  "eigenvectors of Sigma for its pbar largest eigenvalues (C(C^TC)^-C^T = V_pbar V_pbar^T "
                  "for some orthonormal eigenbasis V, eigenvalues decreasing) or X r = 0; with "
                  "lambda_pbar > lambda_{pbar+1} (e.g. distinct eigenvalues) V_pbar V_pbar^T = U_pbar U_pbar^T")


@register("AW-000-EQ3", seed="000",
          statement="at a critical point with PSD Hessian, C(C^TC)^-C^T = U_pbar U_pbar^T or X r = 0 "
                    "(no hypothesis on the eigenvalues of Sigma)",
          kinds=(_DL,), instances=_aw_instances, as_written=True,
          corrected=_EQ3_CORRECTED, location="eq (3), line 63")
def _aw_eq3(inst, ev):
    """Hypotheses: Theorem 1's; critical; PSD Hessian. Conclusion (every admissible U):
    Ky Fan equality and ``lambda_pbar > lambda_{pbar+1}``, or X r = 0 (module docstring).
    Values: whether the point is a global minimum; the corrected statement (Ky Fan equality or X r = 0);
    a rational eigenbasis U and, with a repeated eigenvalue, a second admissible U2
    preferring col(C), with U_pbar U_pbar^T compared to C (C^T C)^- C^T for each."""
    net, W = _network(inst, "AW-000-EQ3")
    d = list(inst.widths)
    L, dy = len(d) - 1, d[-1]
    if not _standing(ev, d) or not _critical(ev, d) or not _is_psd(ev, d):
        return _verdict(ev)
    _define_common(ev, d)
    Sigma = evaluate(_SIGMA, inst.env)
    ev.define("Sigma", _SIGMA)
    C = net.product(W, 2, L)
    s = C.rank()
    witnesses = []
    eb = eigenbasis(Sigma)
    if eb is not None and s > 0:
        witnesses.append(("U", eb))
        eb2 = eigenbasis(Sigma, prefer=C)
        if eb2 is not None and eb2[0] != eb[0]:
            witnesses.append(("U2", eb2))
    for name, (U, eigs) in witnesses:
        _witness_facts(ev, name, U, eigs, f"admissible eigenbasis {name}")
    _global_min_value(ev, d)
    ev.value("pbar = rank(C)", ["rank", "C"])
    if s == 0:
        ev.conclusion("pbar = 0: C (C^T C)^- C^T = 0 = U_0 U_0^T", ["is_zero", "PC"])
        return _verdict(ev)
    kf, uniq = top_eigenspace_exprs("Sigma", "PC", s, dy)
    ok = ev.conclusion(f"C (C^T C)^- C^T = U_{s} U_{s}^T for every admissible U (Ky Fan equality and "
                       f"lambda_{s} > lambda_{s + 1}) or X r = 0", ["or", ["and", kf, uniq], ["is_zero", _XR]])
    top = ev.value(f"Ky Fan equality: tr(Sigma P_C) = {_top_sum(s)}", kf)
    ev.value("corrected: Ky Fan equality or X r = 0", ["or", kf, ["is_zero", _XR]])
    ev.value("Sigma has distinct eigenvalues", distinct_eigenvalues_expr("Sigma", dy))
    hold = []
    for name, _ in witnesses:
        same = ev.value(f"C (C^T C)^- C^T = U_{s} U_{s}^T for U = {name}", ["eq", "PC", _proj_cols(name, range(s))])
        hold.append((name, same))
    kind = "" if ok else classify(net, W).verdict      # for the message only (costly search)
    extra = (f"the point is a {kind} and X r != 0, but lambda_pbar = lambda_(pbar+1): the top "
             f"eigenspace is not unique, so U_pbar depends on the choice of U" if top else
             f"the point is a {kind}, X r != 0, and col(C) is not spanned by top eigenvectors")
    if hold:
        extra += "; " + ", ".join(f"{'=' if ok else '!='} U_pbar U_pbar^T for {n}" for n, ok in hold)
    return _verdict(ev, f"{extra}. Corrected: {_EQ3_CORRECTED}")


# -- AW-000-BAD ----------------------------------------------------------------------------------
_BAD_CORRECTED = ("for H >= 3 and Y X^T != 0, W_1 = ... = W_H = 0 (any W_{H+1}) is a saddle whose Hessian "
                  "is zero; for H = 2 it has no negative Hessian eigenvalue iff W_3^T Y X^T = 0 (under "
                  "Theorem 1's hypotheses: W_3 = 0, the origin), otherwise it is a strict saddle; "
                  "with Y X^T = 0 it is a global minimum")


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


def _chain_curve(net: DeepLinear, W: list, sign: int):
    """A curve W + t D through W_1 = ... = W_H = 0 along which the loss's lowest term is
    ``-sign * g t^deg``, ``g != 0``: a rank-one chain D_H ... D_1 = e_a e_b^T with
    (W_{H+1}^T Y X^T)_{ab} = g (deg = H), or, when that matrix is 0, through all layers with
    (Y X^T)_{cb} = g (deg = H + 1). Returns (curve, deg) or None (Y X^T = 0)."""
    d = net.widths
    H = len(d) - 2

    def unit(r, c, i, j, v=1):
        M = QMatrix.zeros(r, c)
        M.flint[i, j] = v
        return M
    G = W[-1].T @ net.Y @ net.X.T
    full = G.is_zero()
    M = net.Y @ net.X.T if full else G
    nz = [(i, j) for i in range(M.shape[0]) for j in range(M.shape[1]) if M[i, j] != 0]
    if not nz:
        return None
    a, b = nz[0]
    g = M[a, b]
    sgn = sign if g > 0 else -sign
    D = []
    for k in range(1, H + 1):
        rows, cols = d[k], d[k - 1]
        i = (a if not full else 0) if k == H else 0
        j = b if k == 1 else 0
        D.append(unit(rows, cols, i, j, sgn if k == 1 else 1))
    D.append(unit(d[-1], d[-2], a, 0) if full else QMatrix.zeros(d[-1], d[-2]))
    return [D], (H + 1 if full else H)


def _curve_expr(d, curve) -> list:
    return ["loss_curve", *_args(d), [[_lit(c) for c in step] for step in curve]]


@register("AW-000-BAD", seed="000",
          statement="for H > 1, W_1 = ... = W_H = 0 with arbitrary W_{H+1} is a \"bad\" saddle "
                    "(no negative Hessian eigenvalue)",
          kinds=(_DL,), instances=_bad_instances, as_written=True, corrected=_BAD_CORRECTED,
          location="line 73")
def _aw_bad(inst, ev):
    """Hypotheses: H > 1, W_1 = ... = W_H = 0, Theorem 1's hypotheses. Conclusions: the
    gradient is zero; the Hessian has no negative eigenvalue; the loss drops along a curve
    (not a local minimum) and rises along one (not a local maximum). Values: the
    Hessian's positive eigenvalue (where it has a negative one), whether W_{H+1}^T Y X^T = 0 and
    whether the Hessian is zero."""
    net, W = _network(inst, "AW-000-BAD")
    d = list(inst.widths)
    H = len(d) - 2
    if not ev.hypothesis(f"H > 1 (H = {H})", ["lt", 1, H]):
        return _verdict(ev)
    if not ev.hypothesis("W_1 = ... = W_H = 0", ["and", *[["is_zero", _w(k)] for k in range(1, H + 1)]]):
        return _verdict(ev)
    if not _standing(ev, d):
        return _verdict(ev)
    hess = ["hessian", *_args(d)]
    ev.conclusion("the gradient is zero", ["is_zero", ["grad", *_args(d)]])
    neg = ev.conclusion("the Hessian has no negative eigenvalue", ["eq", ["at", ["inertia", hess], 1], 0])
    ev.value("W_{H+1}^T Y X^T = 0", ["is_zero", ["mul", ["T", _w(H + 1)], "Y", ["T", "X"]]])
    ev.value("the Hessian is zero", ["is_zero", hess])
    if not neg:
        ev.value("the Hessian has a positive eigenvalue", ["ne", ["at", ["inertia", hess], 0], 0])
    c = classify(net, W) if not neg else None     # the costly curve search only where it is cheap
    down, up = _chain_curve(net, W, +1), _chain_curve(net, W, -1)
    if down is None:
        ev.undetermined("Y X^T = 0: no descent curve (the point is a global minimum)")
        return _verdict(ev)
    (cd, deg), (cu, _) = down, up
    lc_down, lc_up = _curve_expr(d, cd), _curve_expr(d, cu)
    ev.conclusion(f"not a local minimum: the loss drops along W + t D (lowest term t^{deg})", ["descends", lc_down])
    low = [["eq", ["at", lc_up, i], 0] for i in range(1, deg)]
    ev.conclusion(f"not a local maximum: the loss rises along W + t D' (lowest term t^{deg})",
                  ["and", *low, ["lt", 0, ["at", lc_up, deg]]] if low else ["lt", 0, ["at", lc_up, deg]])
    extra = (f"H = {H}: the Hessian is [[0, B], [B^T, 0]] on (W_1, W_2) with B from W_3^T Y X^T != 0, "
             f"so it has a negative eigenvalue (classification: {c.verdict}, inertia {c.inertia})"
             if not neg else "")
    return _verdict(ev, f"{extra}. Corrected: {_BAD_CORRECTED}")


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
            corr = [f["value"] for f in facts if f["text"].startswith("corrected")]
            if claim_id == "AW-000-BAD":      # corrected: fails exactly when H = 2 and W_3^T Y X^T != 0
                H = len(inst.widths) - 2
                crit = next(f["value"] for f in facts if f["text"] == "W_{H+1}^T Y X^T = 0")
                corr = [(v.status == "holds") == (H >= 3 or crit)]
            tally["corrected_ok"] += all(c is True for c in corr)
        if v.status == "fails":
            tally["fails"] += 1
            tally["first_fail"] = tally["first_fail"] or inst.name
    return tally
