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
  spanned by eigenvectors of the ``pbar`` largest eigenvalues, i.e. ``col(C)`` is
  Sigma-invariant and ``lambda_min(Sigma|col C) >= lambda_max(Sigma|col(C)^perp)``:
  the fact ``["top_sum_attained", Sigma, P_C, pbar]``, decided in polynomial time by a
  rational separator and two exact inertias
  (:func:`symlandscape.landscape.globalmin.decide_top_sum`); uniqueness is its
  ``"strict"`` form, ``lambda_min(Sigma|col C) > lambda_max(Sigma|col(C)^perp)``.
* ``P_C = U_I U_I^T`` for some ``I`` inside ``1..q`` and every admissible ``U`` iff (i)
  ``P_C`` is a polynomial in ``Sigma`` (``col(C)`` is a sum of whole eigenspaces: a rank
  test on ``vec I, vec Sigma, ..., vec Sigma^{d_y-1}, vec P_C``) and (ii) every eigenvalue of
  ``Sigma`` on ``col(C)`` exceeds ``lambda_{q+1}``. (ii) is certified by a rational ``t``:
  if it holds, ``Sigma - t I`` is nonsingular with at most ``q`` positive eigenvalues
  and positive definite on ``col(C)`` (``n+(C^T (Sigma - t I) C) = pbar``); if it fails,
  a ``t`` with ``mu <= t <= lambda_{q+1}`` (``mu`` the smallest eigenvalue on ``col(C)``)
  makes ``Sigma - t I`` not positive definite on ``col(C)`` (``n+(C^T (Sigma - t I) C) <
  pbar``) with at most ``d_y - q - 1`` negative eigenvalues. ``t`` is a witness
  (``index_threshold``): each of the two tests proves its side whatever ``t`` is, and a
  ``t`` that proves neither leaves the claim undetermined.
* ``Sigma`` has distinct eigenvalues iff ``I, Sigma, ..., Sigma^{d_y-1}`` are linearly
  independent (a symmetric matrix is diagonalizable, so the degree of its minimal
  polynomial is the number of distinct eigenvalues).

When ``Sigma`` has rational eigenvectors the statements also exhibit admissible ``U``
(witnesses ``eigenbasis`` and ``eigenbasis_col_c``: rational orthogonal, verified by value
facts ``U^T U = I``, ``Sigma U = U Lambda``) and the projectors ``U_I U_I^T``, as values.

Symbolic differentiation (KAW-L1, KAW-HESS). ``["grad"]`` and ``["hessian"]`` are the
closed forms of :mod:`symlandscape.models.linear` in the prover and forward-mode
(hyper-dual) differentiation of the loss as written in the independent checker. The SymPy
gradient and Hessian (expand the loss polynomial, differentiate, evaluate) are witnesses
(``sympy_gradient``, ``sympy_hessian``): prover work that the checker cannot redo without
SymPy. The checker verifies that the recorded matrix equals *its own* derivative of the
loss, so a certificate of KAW-HESS proves "closed form = direct differentiation" with the
checker's differentiation as the direct route, and records that SymPy agreed.

Standing hypotheses. The AW statements come from the proof of Theorem 1, so its
hypotheses are theirs: ``d_y <= d_x``, ``X X^T`` invertible, ``X Y^T`` of full rank.

Statements only: the instance families and the witness finders are in
:mod:`symlandscape.provers.kawaguchi_lemmas` (tallies: ``aw_search_summary`` there).

Findings (``symlandscape prove``; exact minimal instances):

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

__all__ = ["seed_gradient_block", "seed_hessian", "kron_hessian", "distinct_eigenvalues_expr",
           "top_eigenspace_exprs", "index_set_expr", "SYMPY_MAX_PARAMS", "SYMPY_GRAD_MAX"]

import itertools
from typing import Sequence

from .classification import classify_point, global_min_expr
from .declare import declare

#: SymPy differentiation (a witness) up to this many parameters: Hessians (KAW-HESS) and
#: gradients (KAW-L1, cheaper claims: fewer parameters).
SYMPY_MAX_PARAMS = 16
SYMPY_GRAD_MAX = 12
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


def _n_params(widths) -> int:
    return sum(a * b for a, b in zip(widths, widths[1:]))


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
    >>> from symlandscape.exact import qmatrix
    >>> env = {"X": qmatrix([[1]]), "Y": qmatrix([[1]]), "W1": qmatrix([[2]]), "W2": qmatrix([[3]]),
    ...        "E": qmatrix([[5]])}
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
    >>> from symlandscape.exact import qmatrix
    >>> env = {"X": qmatrix([[1]]), "Y": qmatrix([[1]]), "W1": qmatrix([[2]]), "W2": qmatrix([[3]]),
    ...        "E": qmatrix([[5]])}
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


# -- eigenvalue tests (expressions) ------------------------------------------------------------
def _powers(S: str, d: int) -> list:
    out = [["eye", d]]
    for j in range(1, d):
        out.append(S if j == 1 else ["mul", *[S] * j])
    return out


def distinct_eigenvalues_expr(S: str, d: int) -> list:
    """``S`` (d x d symmetric) has d distinct eigenvalues: ``vec S^0, ..., vec S^{d-1}`` independent.

    >>> from symlandscape.facts.fast import evaluate
    >>> from symlandscape.exact import qmatrix
    >>> evaluate(distinct_eigenvalues_expr("S", 2), {"S": qmatrix([[1, 0], [0, 1]])})
    False
    >>> evaluate(distinct_eigenvalues_expr("S", 2), {"S": qmatrix([[2, 1], [1, 2]])})
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
    eigenvectors of the s largest eigenvalues); ``unique``: kyfan and moreover
    ``lambda_s > lambda_{s+1}`` (range(PC) is the unique top-s eigenspace).

    The one place this module states these tests (``top_sum_attained``, polynomial in
    ``d``; ``d`` is unused since the additive compound of size C(d, s) is no longer built,
    and kept for the callers).

    >>> from symlandscape.facts.fast import evaluate
    >>> from symlandscape.exact import qmatrix
    >>> env = {"S": qmatrix([[2, 0], [0, 1]]), "P": qmatrix([[1, 0], [0, 0]])}
    >>> [evaluate(e, env) for e in top_eigenspace_exprs("S", "P", 1, 2)]
    [True, True]
    >>> env["S"] = qmatrix([[1, 0], [0, 1]])
    >>> [evaluate(e, env) for e in top_eigenspace_exprs("S", "P", 1, 2)]
    [True, False]
    """
    return (["top_sum_attained", S, PC, s], ["top_sum_attained", S, PC, s, "strict"])


def _top_sum(s: int) -> str:
    return "lambda_1" if s == 1 else f"lambda_1 + ... + lambda_{s}"


def _count_at_most(count, q: int) -> list:
    """``count <= q`` for an integer count (an inertia entry) by equalities: the re-checker
    orders rationals only, and inertia entries are plain integers."""
    return ["or", *[["eq", count, j] for j in range(q + 1)]]


def _rank_expr(A) -> list:
    """rank(A) as a rational, tr(A A^+), so that it can be ordered in facts."""
    return ["trace", ["proj", A]]


def index_set_expr(s, pbar: int, q: int, d: int) -> list | None:
    """The conclusion "P_C = U_I U_I^T for an index set I inside 1..q, for every admissible U"
    over the names ``"Sigma"``, ``"C"``, ``"PC"`` (``pbar = rank C``, ``Sigma`` d x d).

    ``s`` is the statement run (or anything with ``peek`` and ``witness``): when ``col(C)``
    is a sum of eigenspaces and ``q < d`` the witness ``index_threshold`` (a rational
    string ``t``, see the module docstring) decides (ii); the expression is the test that
    ``t`` passes, so its value proves the verdict whatever ``t`` is. None when ``t`` proves
    neither side (the claim is then undetermined).

    >>> from symlandscape.facts.fast import evaluate
    >>> from symlandscape.exact import qmatrix
    >>> class Demo:
    ...     env = {"Sigma": qmatrix([[4, 0], [0, 1]]), "C": qmatrix([[0], [1]]),
    ...            "PC": qmatrix([[0, 0], [0, 1]])}
    ...     t = "1"
    ...     def peek(self, e): return evaluate(e, self.env)
    ...     def witness(self, name, **params): return self.t
    >>> evaluate(index_set_expr(Demo(), 1, 1, 2), Demo.env)       # {2} is not inside 1..1
    False
    >>> Demo.t = "2"                   # proves neither side
    >>> index_set_expr(Demo(), 1, 1, 2) is None
    True
    >>> evaluate(index_set_expr(Demo(), 1, 2, 2), Demo.env)
    True
    """
    if pbar == 0:
        return ["is_zero", "PC"]
    whole = _polynomial_in("Sigma", "PC", d)
    if q >= d or not s.peek(whole):
        return whole
    t = s.witness("index_threshold", q=q)
    if not isinstance(t, str):
        return None
    St = ["sub", "Sigma", ["scale", t, ["eye", d]]]
    In_S, In_C = ["inertia", St], ["inertia", ["mul", ["T", "C"], St, "C"]]
    ok = ["and", ["eq", ["at", In_S, 2], 0], _count_at_most(["at", In_S, 0], q), ["eq", ["at", In_C, 0], pbar]]
    if s.peek(ok):
        return ["and", whole, ok]
    bad = ["and", ["not", ["eq", ["at", In_C, 0], pbar]], _count_at_most(["at", In_S, 1], d - q - 1)]
    if s.peek(bad):
        return ["and", whole, ["not", bad]]
    return None


# -- shared statement pieces ---------------------------------------------------------------------
_SIGMA = ["mul", "Y", ["T", "X"], ["inv", ["mul", "X", ["T", "X"]]], "X", ["T", "Y"]]
_SIGMA_PINV = ["mul", "Y", ["pinv", "X"], "X", ["T", "Y"]]
_XR = ["mul", "X", ["T", "E"]]          # X r


def _point(s) -> list:
    """The widths of a network instance that carries a point (else not applicable)."""
    s.require(s.view.has_point, "needs a point: the instance has no \"weights\"")
    return list(s.view.widths)


def _xxt_invertible(s) -> bool:
    return s.hypothesis("X X^T is invertible", ["ne", ["det", ["mul", "X", ["T", "X"]]], 0], key="xxt_invertible")


def _standing(s, widths) -> bool:
    """Theorem 1's hypotheses (the AW statements live in its proof); stops at the first false one."""
    dx, dy = widths[0], widths[-1]
    return (s.hypothesis(f"d_y <= d_x ({dy} <= {dx})", ["le", dy, dx], key="dy_le_dx")
            and _xxt_invertible(s)
            and s.hypothesis("X Y^T has full rank", ["eq", ["rank", ["mul", "X", ["T", "Y"]]], min(dx, dy)],
                             key="xyt_full_rank"))


def _define_common(s, widths) -> None:
    """Names P, C, E (= P X - Y; r = E^T), PC = C (C^T C)^+ C^T."""
    L = len(widths) - 1
    s.define("P", _prod(widths, 1, L))
    s.define("C", _prod(widths, 2, L))
    s.define("E", ["sub", ["mul", "P", "X"], "Y"])
    s.define("PC", ["mul", "C", ["pinv", ["mul", ["T", "C"], "C"]], ["T", "C"]])


def _is_psd(s, widths) -> bool:
    In = ["inertia", ["hessian", *_args(widths)]]
    return s.hypothesis("the Hessian is positive semidefinite", ["eq", ["at", In, 1], 0], key="psd")


def _critical(s, widths) -> bool:
    return s.hypothesis("the point is critical (gradient = 0)", ["is_zero", ["grad", *_args(widths)]],
                        key="critical")


def _eigenbasis_facts(s, name: str, w, text: str) -> bool:
    """Define the witnessed eigenbasis ``name`` (``{"U": rows, "eigenvalues": [...]}``) and
    record whether it is admissible (a value: the witness is checked, not trusted); returns
    that value (explanations may speak of it only when True)."""
    U, eigs = w["U"], w["eigenvalues"]
    d = len(U)
    s.define(name, ["lit", U])
    Lam = ["lit", [[eigs[i] if i == j else "0" for j in range(d)] for i in range(d)]]
    order = [["le", ["entry", Lam, i + 1, i + 1], ["entry", Lam, i, i]] for i in range(d - 1)]
    return s.value(f"{text}: {name}^T {name} = I, Sigma {name} = {name} Lambda with Lambda = "
                   f"diag({', '.join(eigs)}) decreasing",
                   ["and", ["eq", ["mul", ["T", name], name], ["eye", d]],
                    ["eq", ["mul", "Sigma", name], ["mul", name, Lam]], *order], key=f"eigenbasis_{name.lower()}")


def _global_min_value(s, widths) -> None:
    """Value fact: the loss equals the exact infimum (:func:`global_min_expr`, the one test:
    ``N = P X`` equals ``Pi_V Y X^+ X`` and ``tr(Pi_V Sigma)`` is the sum of the k largest
    eigenvalues of ``Sigma = Y X^+ X Y^T``, ``V = col N``, ``k = min(widths)``)."""
    k = min(widths)
    s.value(f"the loss equals the global minimum value (N = Pi_V Y X^+ X and tr(Pi_V Sigma) = "
            f"sum of the {k} largest eigenvalues of Sigma)", global_min_expr(widths, _args(widths)),
            key="global_min")


def _proj_cols(name: str, idx) -> list:
    return ["mul", ["cols", name, list(idx)], ["T", ["cols", name, list(idx)]]]


def _witness_fact(s, text: str, expr, key: str, otherwise: str) -> bool:
    """A conclusion about a witness when it holds; else a value and the run undetermined
    (unless a conclusion already failed): an untrusted witness proves only its own side,
    a wrong one never makes the claim fail."""
    ok = s.peek(expr)
    (s.conclusion if ok else s.value)(text, expr, key=key)
    if not ok and s.status()[0] != "fails":
        s.undetermined(f"{otherwise}: nothing is concluded from it")
    return ok


def _lowest_degree(coeffs) -> int | None:
    """Degree of the lowest nonconstant nonzero coefficient (a peeked ``loss_curve``)."""
    return next((i for i in range(1, len(coeffs)) if coeffs[i] != 0), None)


# -- KAW-L1 ------------------------------------------------------------------------------------
@declare("KAW-L1", seed="000",
         statement="first-order condition (2): W is critical iff every block gradient "
                   "((W_{H+1}...W_{k+1}) kron (W_{k-1}...W_1 X)^T)^T vec(r) vanishes; then "
                   "W_{H+1}...W_1 = C(C^T C)^- C^T Y X^T (XX^T)^-1",
         kinds=(_DL,), paper="Kawaguchi 2016 (first-order lemma); seed 000 Lemma 1, eq (2)",
         location="lines 53-57")
def _kaw_l1(s):
    """Facts: per layer, eq (2) converted to theta order equals the gradient block
    (``["grad"]``: closed form in the prover, hyper-dual numbers in the checker; for small
    nets also the SymPy gradient, a witness); critical iff every eq (2) block is zero; at a
    critical point (X X^T invertible) the product formula with the Moore-Penrose inverse and
    with another generalized inverse of C^T C (selected by the witness ``ginv_selector``).
    """
    d = _point(s)
    L = len(d) - 1
    inv_ok = _xxt_invertible(s)
    _define_common(s, d)
    grad = ["grad", *_args(d)]
    o = _offsets(d)
    for k in range(1, L + 1):
        right = "X" if k == 1 else _label(d, 1, k - 1) + " X"
        s.conclusion(f"eq (2), k = {k}: vec(dL/dW_{k}) = K_{{{d[k - 1]},{d[k]}}} (({_label(d, k + 1, L)}) kron "
                     f"({right})^T)^T vec(r)  [vec(W_{k}^T) = K_{{{d[k]},{d[k - 1]}}} vec(W_{k})]",
                     ["eq", ["rows", grad, list(range(o[k - 1], o[k]))],
                      ["mul", ["K", d[k - 1], d[k]], seed_gradient_block(d, k)]], key=f"eq2_block_{k}")
    s.conclusion("W is critical iff every block of eq (2) vanishes",
                 ["eq", ["is_zero", grad], ["and", *[["is_zero", seed_gradient_block(d, k)] for k in range(1, L + 1)]]],
                 key="critical_iff_eq2")
    if _n_params(d) <= SYMPY_GRAD_MAX:
        g = s.witness("sympy_gradient")
        if g is None:
            s.undetermined("no SymPy gradient (witness) to compare with")
        else:
            _witness_fact(s, "SymPy gradient (expand, differentiate, evaluate) = gradient", ["eq", grad, ["lit", g]],
                          "sympy_gradient", "the SymPy gradient (witness) is not the gradient")
    critical = s.value("the point is critical", ["is_zero", grad], key="critical")
    s.value("P X = C (C^T C)^+ C^T Y X^+ X at a critical point (no invertibility needed)",
            ["or", ["not", ["is_zero", grad]], ["eq", ["mul", "P", "X"], ["mul", "PC", "Y", ["pinv", "X"], "X"]]],
            key="product_formula_px")
    if not inv_ok:
        return
    CtC = ["mul", ["T", "C"], "C"]
    tail = ["mul", ["T", "C"], "Y", ["T", "X"], ["inv", ["mul", "X", ["T", "X"]]]]
    G = s.witness("ginv_selector")       # d_1 x d_1 (C^T C is d_1 x d_1; d_y x d_y when H = 0)
    if G is None:
        s.undetermined("no selector of a generalized inverse (witness)")
        return
    for text, ginv, key in [("Moore-Penrose (C^T C)^+", ["pinv", CtC], "product_formula_pinv"),
                            ("the generalized inverse (C^T C)^+ + G - (C^T C)^+ (C^T C) G (C^T C)(C^T C)^+",
                             ["ginv", CtC, ["lit", G]], "product_formula_ginv")]:
        s.conclusion(f"critical implies W_{L}...W_1 = C (C^T C)^- C^T Y X^T (X X^T)^-1, with {text}",
                     ["or", ["not", ["is_zero", grad]], ["eq", "P", ["mul", "C", ginv, tail]]], key=key)
    if critical:
        s.value("the generalized inverse used differs from the Moore-Penrose one (or C^T C is invertible)",
                ["or", ["ne", ["ginv", CtC, ["lit", G]], ["pinv", CtC]], ["ne", ["det", CtC], 0]],
                key="ginv_differs")


# -- KAW-L2 ------------------------------------------------------------------------------------
def _l2_part_b(s, d, applicable_expr) -> None:
    """eq (3), decided without eigenvectors; a witnessed rational eigenbasis as values."""
    dy = d[-1]
    pbar = s.peek(["rank", "C"])
    if pbar == 0:
        concl = ["is_zero", "PC"]
        text = "pbar = 0: C (C^T C)^- C^T = 0 = U_0 U_0^T"
    else:
        kf, uniq = top_eigenspace_exprs("Sigma", "PC", pbar, dy)
        concl = ["or", ["and", kf, uniq], ["is_zero", _XR]]
        text = (f"eq (3): C (C^T C)^- C^T = U_{pbar} U_{pbar}^T (col(C) is the unique top-{pbar} eigenspace: "
                f"Ky Fan equality tr(Sigma P_C) = {_top_sum(pbar)}) or X r = 0")
    s.conclusion(f"(if PSD, X X^T invertible, distinct eigenvalues) {text}", ["or", ["not", applicable_expr], concl],
                 key="eq3")
    w = s.witness("eigenbasis") if pbar > 0 else None
    if w is not None:
        _eigenbasis_facts(s, "U", w, "rational eigenbasis U of Sigma")
        s.value(f"C (C^T C)^- C^T = U_{pbar} U_{pbar}^T for this U", ["eq", "PC", _proj_cols("U", range(pbar))],
                key="eq3_for_u")


@declare("KAW-L2", seed="000",
         statement="second-order condition: at a critical point with positive or negative semidefinite "
                   "Hessian, for every k in 2..H+1: R((W_{k-1}...W_2)^T) in R(C^T C) or "
                   "X r W_{H+1}...W_{k+1} = 0; hence rank(W_{H+1}...W_k) >= rank(W_{k-1}...W_2) or "
                   "X r W_{H+1}...W_{k+1} = 0. If PSD (X X^T invertible, Sigma with distinct "
                   "eigenvalues): C(C^T C)^- C^T = U_pbar U_pbar^T or X r = 0 (eq 3)",
         kinds=(_DL,), paper="Kawaguchi 2016 (second-order lemma); seed 000 Lemma 2, eq (3)",
         location="lines 59-63")
def _kaw_l2(s):
    """Hypotheses: critical; Hessian PSD or NSD (exact inertia). Conclusions: for each
    k, the range inclusion or ``X r L_k = 0``, and the rank corollary; eq (3) as an
    implication from (PSD, X X^T invertible, distinct eigenvalues of Sigma), decided
    by Ky Fan equality (module docstring). Sigma is ``Y X^+ X Y^T`` (equal to the seed's
    when X X^T is invertible, and defined always)."""
    d = _point(s)
    L = len(d) - 1
    if not _critical(s, d):
        return
    In = ["inertia", ["hessian", *_args(d)]]
    if not s.hypothesis("the Hessian is positive or negative semidefinite",
                        ["or", ["eq", ["at", In, 1], 0], ["eq", ["at", In, 0], 0]], key="semidefinite"):
        return
    _define_common(s, d)
    s.define("Sigma", _SIGMA_PINV)
    for k in range(2, L + 1):
        Mk = _prod(d, 2, k - 1)                          # W_{k-1} ... W_2  (I_{d_1} for k = 2)
        zero = ["is_zero", ["mul", _XR, _left(d, k)]]    # X r W_{H+1} ... W_{k+1} = 0
        m_, l_, r_ = _label(d, 2, k - 1), _label(d, k + 1, L), _label(d, k, L)
        s.conclusion(f"k = {k}: R(({m_})^T) in R(C^T C) or X r {l_} = 0",
                     ["or", ["colspace_le", ["T", Mk], ["mul", ["T", "C"], "C"]], zero], key=f"range_k{k}")
        s.conclusion(f"k = {k}: rank({r_}) >= rank({m_}) or X r {l_} = 0",
                     ["or", ["le", _rank_expr(Mk), _rank_expr(_prod(d, k, L))], zero], key=f"rank_k{k}")
    dy = d[-1]
    applicable = ["and", ["eq", ["at", In, 1], 0], ["ne", ["det", ["mul", "X", ["T", "X"]]], 0],
                  distinct_eigenvalues_expr("Sigma", dy)]
    s.value("eq (3) applies: Hessian PSD, X X^T invertible, Sigma has distinct eigenvalues", applicable,
            key="eq3_applies")
    s.value("col(C) is Sigma-invariant", ["colspace_le", ["mul", "Sigma", "C"], "C"], key="sigma_invariant")
    _l2_part_b(s, d, applicable)


# -- KAW-HESS --------------------------------------------------------------------------------
@declare("KAW-HESS", seed="000",
         statement="closed-form block Hessian (Kronecker form) equals the Hessian from direct "
                   "symbolic differentiation",
         kinds=(_DL,), paper="Kawaguchi 2016 (block Hessian); seed 000 line 65", location="line 65")
def _kaw_hess(s):
    """Facts: the Kronecker block formula (theta order) equals ``["hessian"]`` (the closed
    form in the prover, hyper-dual differentiation of the loss as written in the checker);
    Kawaguchi's numerator-layout blocks converted with commutation matrices equal it; for up
    to ``SYMPY_MAX_PARAMS`` parameters the SymPy Hessian (the witness ``sympy_hessian``:
    the checker verifies it against its own differentiation) equals it.
    """
    d = _point(s)
    s.define("E", ["sub", ["mul", _prod(d, 1, len(d) - 1), "X"], "Y"])
    hess = ["hessian", *_args(d)]
    s.conclusion("Kronecker block formula (R_k R_j^T) kron (L_k^T L_j) + K (Q_kj kron M_kj) = Hessian",
                 ["eq", hess, kron_hessian(d)], key="kron_formula")
    Kbd = _seed_to_theta(d)
    s.conclusion("Kawaguchi's numerator-layout blocks D_vec(W_k^T)(D_vec(W_j^T) L)^T, converted: "
                 "Kbd^T N Kbd = Hessian with Kbd = blockdiag(K_{d_k, d_{k-1}})",
                 ["eq", hess, ["mul", ["T", Kbd], seed_hessian(d), Kbd]], key="seed_blocks")
    n = _n_params(d)
    if n > SYMPY_MAX_PARAMS:
        s.value(f"SymPy comparison skipped ({n} > {SYMPY_MAX_PARAMS} parameters)", ["eq", 1, 1], key="sympy_skipped")
        return
    h = s.witness("sympy_hessian")
    if h is None:
        s.undetermined("no SymPy Hessian (witness) to compare with")
        return
    _witness_fact(s, "SymPy Hessian (expand, differentiate twice, evaluate) = Hessian", ["eq", hess, ["lit", h]],
                  "sympy_hessian", "the SymPy Hessian (witness) is not the Hessian")


# -- AW-000-IDX ----------------------------------------------------------------------------------
_IDX_CORRECTED = ("with X X^T invertible, at every critical point col(C) is Sigma-invariant; if Sigma has "
                  "distinct eigenvalues, C(C^TC)^-C^T = U_I U_I^T for a unique I = {i_1 < ... < i_pbar} "
                  "inside 1..d_y (not 1..min(d_y, p); strictly increasing); with repeated eigenvalues, "
                  "= V_I V_I^T for some orthonormal eigenbasis V (eigenvalues decreasing) that depends "
                  "on the point")


@declare("AW-000-IDX", seed="000",
         statement="the index sets I_pbar = {i_1 <= ... <= i_pbar} are drawn from 1..min(d_y, p): at every "
                   "critical point, C(C^TC)^-C^T = U_I U_I^T for such an index set",
         kinds=(_DL,), as_written=True, corrected=_IDX_CORRECTED, location="line 41",
         paper="Kawaguchi 2016 (notation of the proof of Theorem 1); seed 000 line 41 as written")
def _aw_idx(s):
    """Hypotheses: Theorem 1's (d_y <= d_x, X X^T invertible, X Y^T full rank); critical.
    Conclusion: :func:`index_set_expr` with q = min(d_y, p), for every admissible U
    (index multisets with a repeated index never give a projector, so ``<=`` adds nothing).
    Values: the corrected statement (col(C) Sigma-invariant), and with a witnessed rational
    eigenbasis U the projectors U_I U_I^T for I inside 1..q and 1..d_y."""
    d = _point(s)
    L, dy = len(d) - 1, d[-1]
    if not _standing(s, d) or not _critical(s, d):
        return
    _define_common(s, d)
    s.define("Sigma", _SIGMA)
    p = min(d[1:-1]) if L > 1 else dy
    q = min(dy, p)
    w = s.witness("eigenbasis")
    admissible = w is not None and _eigenbasis_facts(s, "U", w, "rational eigenbasis U of Sigma")
    pbar = s.value("pbar = rank(C)", ["rank", "C"], key="pbar")
    expr = index_set_expr(s, pbar, q, dy)
    if expr is None:
        s.undetermined("the threshold witness decides neither side of the index-set condition")
        return
    s.conclusion(f"C (C^T C)^- C^T = U_I U_I^T with I inside 1..min(d_y, p) = 1..{q}, |I| = pbar = {pbar}, "
                 f"for every admissible U", expr, key="index_set")
    s.value("corrected: col(C) is Sigma-invariant", ["colspace_le", ["mul", "Sigma", "C"], "C"],
            key="corrected_sigma_invariant")
    s.value("Sigma has distinct eigenvalues", distinct_eigenvalues_expr("Sigma", dy), key="distinct_eigenvalues")
    hits = []
    if w is not None and pbar > 0:
        for bound, what, key in [(q, "1..min(d_y, p)", "this_u_inside_q"), (dy, "1..d_y", "this_u_inside_dy")]:
            sets = list(itertools.combinations(range(bound), pbar))
            s.value(f"for this U: C (C^T C)^- C^T = U_I U_I^T for some I inside {what}",
                    ["or", *[["eq", "PC", _proj_cols("U", I)] for I in sets]] if sets else ["eq", 1, 0], key=key)
        if admissible:   # the explanation speaks of an eigenbasis only when U is one
            hits = [I for I in itertools.combinations(range(dy), pbar) if s.peek(["eq", "PC", _proj_cols("U", I)])]
    if hits and max(hits[0]) >= q:
        where = (f"C (C^T C)^- C^T = U_I U_I^T for I = {{{', '.join(str(i + 1) for i in hits[0])}}}, "
                 f"beyond min(d_y, p) = {q}")
    elif hits:
        where = ("for the eigenbasis U shown the index set exists, but col(C) splits the eigenspace of a "
                 "repeated eigenvalue, so another admissible U has none")
    else:
        where = ("col(C) is not a sum of eigenspaces of Sigma within the top min(d_y, p) positions "
                 "(no admissible U works for every choice)")
    s.explain(f"{where}. Corrected: {_IDX_CORRECTED}")


# -- AW-000-EQ3 ----------------------------------------------------------------------------------
_EQ3_CORRECTED = ("at a critical point with PSD Hessian (X X^T invertible), col(C) is spanned by "
                  "eigenvectors of Sigma for its pbar largest eigenvalues (C(C^TC)^-C^T = V_pbar V_pbar^T "
                  "for some orthonormal eigenbasis V, eigenvalues decreasing) or X r = 0; with "
                  "lambda_pbar > lambda_{pbar+1} (e.g. distinct eigenvalues) V_pbar V_pbar^T = U_pbar U_pbar^T")


@declare("AW-000-EQ3", seed="000",
         statement="at a critical point with PSD Hessian, C(C^TC)^-C^T = U_pbar U_pbar^T or X r = 0 "
                   "(no hypothesis on the eigenvalues of Sigma)",
         kinds=(_DL,), as_written=True, corrected=_EQ3_CORRECTED, location="eq (3), line 63",
         paper="Kawaguchi 2016 (second-order lemma, eq (3)); seed 000 Lemma 2 as written")
def _aw_eq3(s):
    """Hypotheses: Theorem 1's; critical; PSD Hessian. Conclusion (every admissible U):
    Ky Fan equality and ``lambda_pbar > lambda_{pbar+1}``, or X r = 0 (module docstring).
    Values: whether the point is a global minimum; the corrected statement (Ky Fan equality
    or X r = 0); witnessed rational eigenbases U and, with a repeated eigenvalue, U2 preferring
    col(C), with U_pbar U_pbar^T compared to C (C^T C)^- C^T for each; where the conclusion
    fails, the classification of the point."""
    d = _point(s)
    dy = d[-1]
    if not _standing(s, d) or not _critical(s, d) or not _is_psd(s, d):
        return
    _define_common(s, d)
    s.define("Sigma", _SIGMA)
    pbar = s.peek(["rank", "C"])
    bases = []
    if pbar > 0:
        w = s.witness("eigenbasis")
        if w is not None:
            bases.append(("U", w))
            w2 = s.witness("eigenbasis_col_c")
            if w2 is not None and w2["U"] != w["U"]:
                bases.append(("U2", w2))
    admissible = {name for name, w in bases if _eigenbasis_facts(s, name, w, f"admissible eigenbasis {name}")}
    _global_min_value(s, d)
    s.value("pbar = rank(C)", ["rank", "C"], key="pbar")
    if pbar == 0:
        s.conclusion("pbar = 0: C (C^T C)^- C^T = 0 = U_0 U_0^T", ["is_zero", "PC"], key="eq3")
        return
    kf, uniq = top_eigenspace_exprs("Sigma", "PC", pbar, dy)
    ok = s.conclusion(f"C (C^T C)^- C^T = U_{pbar} U_{pbar}^T for every admissible U (Ky Fan equality and "
                      f"lambda_{pbar} > lambda_{pbar + 1}) or X r = 0", ["or", ["and", kf, uniq], ["is_zero", _XR]],
                      key="eq3")
    top = s.value(f"Ky Fan equality: tr(Sigma P_C) = {_top_sum(pbar)}", kf, key="kyfan")
    s.value("corrected: Ky Fan equality or X r = 0", ["or", kf, ["is_zero", _XR]], key="corrected_kyfan_or_xr0")
    s.value("Sigma has distinct eigenvalues", distinct_eigenvalues_expr("Sigma", dy), key="distinct_eigenvalues")
    hold = []
    for name, _ in bases:
        same = s.value(f"C (C^T C)^- C^T = U_{pbar} U_{pbar}^T for U = {name}",
                       ["eq", "PC", _proj_cols(name, range(pbar))], key=f"top_projector_{name.lower()}")
        if name in admissible:   # explanations speak only of witnesses that check
            hold.append((name, same))
    if ok:
        return
    kind = classify_point(s.scoped("classification"), s.view.weight_names)
    extra = (f"the point is a {kind} and X r != 0, but lambda_pbar = lambda_(pbar+1): the top "
             f"eigenspace is not unique, so U_pbar depends on the choice of U" if top else
             f"the point is a {kind}, X r != 0, and col(C) is not spanned by top eigenvectors")
    if hold:
        extra += "; " + ", ".join(f"{'=' if same else '!='} U_pbar U_pbar^T for {n}" for n, same in hold)
    s.explain(f"{extra}. Corrected: {_EQ3_CORRECTED}")


# -- AW-000-BAD ----------------------------------------------------------------------------------
_BAD_CORRECTED = ("for H >= 3 and Y X^T != 0, W_1 = ... = W_H = 0 (any W_{H+1}) is a saddle whose Hessian "
                  "is zero; for H = 2 it has no negative Hessian eigenvalue iff W_3^T Y X^T = 0 (under "
                  "Theorem 1's hypotheses: W_3 = 0, the origin), otherwise it is a strict saddle; "
                  "with Y X^T = 0 it is a global minimum")


def _curve_expr(d, curve) -> list:
    return ["loss_curve", *_args(d), [[["lit", c] for c in step] for step in curve]]


@declare("AW-000-BAD", seed="000",
         statement="for H > 1, W_1 = ... = W_H = 0 with arbitrary W_{H+1} is a \"bad\" saddle "
                   "(no negative Hessian eigenvalue)",
         kinds=(_DL,), as_written=True, corrected=_BAD_CORRECTED, location="line 73",
         paper="Kawaguchi 2016 (proof of Theorem 1); seed 000 line 73 as written")
def _aw_bad(s):
    """Hypotheses: H > 1, W_1 = ... = W_H = 0, Theorem 1's hypotheses. Conclusions: the
    gradient is zero; the Hessian has no negative eigenvalue; the loss drops along a curve
    (not a local minimum) and rises along one (not a local maximum): witnesses
    ``descent_curve`` and ``ascent_curve``, their lowest terms read off the evaluated loss
    polynomials. Values: the Hessian's positive eigenvalue and the classification of the
    point (where it has a negative one), whether W_{H+1}^T Y X^T = 0 and whether the Hessian
    is zero."""
    d = _point(s)
    H = len(d) - 2
    if not s.hypothesis(f"H > 1 (H = {H})", ["lt", 1, H], key="h_gt_1"):
        return
    if not s.hypothesis("W_1 = ... = W_H = 0", ["and", *[["is_zero", _w(k)] for k in range(1, H + 1)]],
                        key="zero_layers"):
        return
    if not _standing(s, d):
        return
    hess = ["hessian", *_args(d)]
    s.conclusion("the gradient is zero", ["is_zero", ["grad", *_args(d)]], key="gradient_zero")
    neg = s.conclusion("the Hessian has no negative eigenvalue", ["eq", ["at", ["inertia", hess], 1], 0],
                       key="no_negative_eigenvalue")
    s.value("W_{H+1}^T Y X^T = 0", ["is_zero", ["mul", ["T", _w(H + 1)], "Y", ["T", "X"]]], key="w_last_yxt_zero")
    s.value("the Hessian is zero", ["is_zero", hess], key="hessian_zero")
    extra = ""
    if not neg:
        s.value("the Hessian has a positive eigenvalue", ["ne", ["at", ["inertia", hess], 0], 0],
                key="positive_eigenvalue")
        c = s.scoped("classification")
        kind = classify_point(c, s.view.weight_names)
        inertia = tuple(c.extra["inertia"]) if c.extra.get("inertia") is not None else None
        extra = (f"H = {H}: the Hessian is [[0, B], [B^T, 0]] on (W_1, W_2) with B from W_3^T Y X^T != 0, "
                 f"so it has a negative eigenvalue (classification: {kind}, inertia {inertia})")
    down, up = s.witness("descent_curve"), s.witness("ascent_curve")
    if down is None or up is None:
        yxt0 = s.peek(["is_zero", ["mul", "Y", ["T", "X"]]])
        s.undetermined("Y X^T = 0: no descent curve (the point is a global minimum)" if yxt0
                       else "no descent or ascent curve (witness) was found")
        return
    lc_down, lc_up = _curve_expr(d, down), _curve_expr(d, up)
    deg = _lowest_degree(s.peek(lc_down))
    _witness_fact(s, f"not a local minimum: the loss drops along W + t D (lowest term t^{deg})",
                  ["descends", lc_down], "not_local_min", "the loss does not drop along the descent curve (witness)")
    deg_up = _lowest_degree(s.peek(lc_up))
    if deg_up is None:
        rises = ["eq", 1, 0]            # constant along the curve: proves nothing
    else:
        low = [["eq", ["at", lc_up, i], 0] for i in range(1, deg_up)]
        rises = ["and", *low, ["lt", 0, ["at", lc_up, deg_up]]] if low else ["lt", 0, ["at", lc_up, deg_up]]
    _witness_fact(s, f"not a local maximum: the loss rises along W + t D' (lowest term t^{deg_up})", rises,
                  "not_local_max", "the loss does not rise along the ascent curve (witness)")
    s.explain(f"{extra}. Corrected: {_BAD_CORRECTED}")
