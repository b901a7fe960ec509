"""Instance families and witnesses for the matrix-calculus claims (statements in
:mod:`symlandscape.theorems.kron`).

Findings (see the verdicts of ``symlandscape prove``):

* KRON-3, third identity: ``(A^T A)^- A^T A A^T = A^T`` is *not* true for every
  generalized inverse (A = [[1, 0]], U = [[0, 0], [1, 0]]); it holds for minimum-norm
  generalized inverses; the transposed identity holds for every one.
* AW-000-P5: ``R(A) in R(B)`` does not imply that ``rank(A)`` columns of ``B`` span
  ``R(A)`` (A = [[1], [1]], B = I_2); see :func:`p5_search_summary`.
* AW-004-JAC: eq (10) stacks the rows of ``A``; the Jacobian of ``A x`` is then ``I kron x^T``.
"""

__all__ = ["p5_conditions", "p5_search_summary", "complete_to_invertible", "p5_witness"]

import functools
import itertools
import random

from ..exact.matrix import QMatrix
from ..facts.fast import evaluate
from ..instances import Instance
from ..theorems.kron import p5_basis_expr, p5_rankb_expr, p5_third_expr
from .instancegen import matrices_instances, random_qmatrix
from .registry import prover


def _q(rows) -> QMatrix:
    return QMatrix(rows)


def _binary(m: int, n: int):
    """Every m x n 0/1 matrix, fewest nonzeros first (ties: more leading ones first)."""
    cells = m * n
    masks = sorted(range(2 ** cells), key=lambda b: (bin(b).count("1"), -b))
    for b in masks:
        bits = [(b >> (cells - 1 - t)) & 1 for t in range(cells)]
        yield QMatrix([bits[i * n:(i + 1) * n] for i in range(m)])

def _kron1_instances():
    yield from matrices_instances({"A": (2, 3), "B": (3, 2), "C": (2, 2)}, seeds=range(3))
    yield from matrices_instances({"A": (1, 2), "B": (2, 1), "C": (1, 3)}, seeds=range(2), rank={"B": 0})


prover("KRON-1", instances=_kron1_instances)


def _kron2_instances():
    yield Instance("matrices", {"A": QMatrix.zeros(1, 1), "B": _q([[1]]),
                                "C": _q([[1]]), "D": _q([[1]])}, None, "A = 0 (1 x 1)")
    specs = [  # (shapes, ranks, seeds)
        ({"A": (2, 3), "B": (2, 2), "C": (3, 2), "D": (2, 1)}, None, range(3)),
        ({"A": (2, 3), "B": (3, 2), "C": (3, 3), "D": (2, 2)}, {"A": 1, "D": 1}, range(3, 5)),
        ({"A": (3, 2), "B": (1, 3), "C": (2, 2), "D": (3, 2)}, {"A": 0}, range(5, 7)),
        ({"A": (2, 2), "B": (2, 3), "C": (2, 1), "D": (3, 2)}, {"B": 0}, range(7, 9)),
        ({"A": (3, 3), "B": (2, 2), "C": (3, 2), "D": (2, 2)}, {"A": 2, "B": 1, "C": 1}, range(9, 11)),
        ({"A": (1, 4), "B": (4, 1), "C": (4, 1), "D": (1, 3)}, {"C": 0}, range(11, 13)),
    ]
    for shapes, ranks, seeds in specs:
        yield from matrices_instances(shapes, seeds=seeds, rank=ranks)
    # A and B alone: the transpose rule and the zero-product implication.
    yield from matrices_instances({"A": (2, 3), "B": (3, 1)}, seeds=range(13, 15), rank={"B": 0})


prover("KRON-2", instances=_kron2_instances)


def _kron3_instances():
    # Smallest first: A in {0,1}^{1x2}, B = [1], every 0/1 selector U of (A^T A)^-.
    for A in _binary(1, 2):
        for U in _binary(2, 2):
            yield Instance("matrices", {"A": A, "B": _q([[1]]), "U": U}, None, "small 0/1 search")
    specs = [
        ({"A": (3, 2), "B": (2, 2)}, {"A": 1}, range(2)),                      # Moore-Penrose only
        ({"A": (2, 3), "B": (2, 1)}, None, range(2, 4)),
        ({"A": (3, 2), "B": (2, 3), "U": (2, 2), "UA": (2, 3), "UB": (3, 2)}, None, range(4, 6)),  # full column rank A
        ({"A": (3, 3), "B": (2, 2), "U": (3, 3), "UA": (3, 3), "UB": (2, 2)}, {"A": 2, "B": 1}, range(6, 9)),
        ({"A": (2, 3), "B": (3, 2), "U": (3, 3), "UA": (3, 2), "UB": (2, 3)}, {"A": 1, "B": 1}, range(9, 12)),
        ({"A": (2, 2), "B": (2, 2), "U": (2, 2), "UA": (2, 2), "UB": (2, 2)}, {"A": 0}, range(12, 14)),
        ({"A": (4, 3), "B": (1, 2), "U": (3, 3), "UA": (3, 4), "UB": (2, 1)}, {"A": 2, "B": 0}, range(14, 16)),
    ]
    for shapes, ranks, seeds in specs:
        yield from matrices_instances(shapes, seeds=seeds, rank=ranks)


prover("KRON-3", instances=_kron3_instances)


def _kron4_instances():
    cases = [  # (m, n, rank, k, solvable, with U, with x)
        (1, 1, 0, 1, True, False, True), (1, 1, 0, 1, False, False, False),
        (2, 2, 1, 1, True, True, True), (2, 2, 1, 1, False, True, False),
        (3, 3, 2, 1, True, True, True), (3, 3, 2, 1, False, True, False),
        (2, 3, 2, 1, True, True, True), (3, 2, 2, 1, True, True, True),
        (3, 2, 2, 1, False, False, False), (3, 4, 1, 2, True, True, True),
        (3, 3, 3, 1, True, True, True), (2, 2, 0, 1, True, True, True),
        (2, 2, 0, 1, False, True, False), (4, 3, 2, 2, True, False, True),
        (4, 3, 2, 2, False, True, False),
    ]
    for s, (m, n, r, k, solvable, with_u, with_x) in enumerate(cases):
        rng = random.Random(100 + s)
        A = random_qmatrix(rng, m, n, r)
        z = random_qmatrix(rng, n, k)
        if solvable:
            b = A @ z
        else:
            b = random_qmatrix(rng, m, k)
            while A.colspace_contains(b):
                b = random_qmatrix(rng, m, k)
        env = {"A": A, "b": b, "w": random_qmatrix(rng, n, k)}
        if with_u:
            env["U"] = random_qmatrix(rng, n, m)
        if with_x:
            N = A.nullspace()
            env["x"] = z + (N @ random_qmatrix(rng, N.shape[1], k) if N.shape[1] else QMatrix.zeros(n, k))
        yield Instance("matrices", env, None, f"seed {100 + s}")


prover("KRON-4", instances=_kron4_instances)


def _kron5_instances():
    cases = [  # (m, n, p, rank B, inside R(B), with U)
        (1, 1, 1, 0, True, False), (1, 1, 1, 0, False, False), (1, 1, 1, 1, False, True),
        (2, 2, 1, 1, True, True), (2, 2, 1, 1, False, True), (2, 3, 2, 2, False, True),
        (3, 2, 2, 1, True, True), (3, 2, 2, 1, False, True), (3, 3, 4, 2, True, True),
        (3, 3, 4, 2, False, True), (3, 4, 2, 3, False, True), (4, 3, 3, 2, True, False),
        (4, 2, 3, 2, False, False), (3, 3, 2, 0, True, True),
    ]
    for s, (m, n, p, r, inside, with_u) in enumerate(cases):
        rng = random.Random(200 + s)
        B = random_qmatrix(rng, m, n, r)
        if inside:
            A = B @ random_qmatrix(rng, n, p)
        else:
            A = random_qmatrix(rng, m, p)
            while B.colspace_contains(A) and B.rank() < m:
                A = random_qmatrix(rng, m, p)
        env = {"A": A, "B": B}
        if with_u:
            env["U"] = random_qmatrix(rng, n, m)
        yield Instance("matrices", env, None, f"seed {200 + s}")


prover("KRON-5", instances=_kron5_instances)


def complete_to_invertible(C: QMatrix) -> QMatrix:
    """Extend an r x p matrix of rank r by rows of the identity to an invertible p x p matrix.

    The added rows are e_j^T for the non-pivot columns j of rref(C): with C = T R
    (T invertible, R the nonzero rows of rref(C)), [R; E] is a row permutation of a
    unit upper triangular matrix, so [C; E] is invertible.

    >>> G = complete_to_invertible(QMatrix([[1, 1, 0]]))
    >>> G.shape, G.rank(), G.rows([0]) == QMatrix([[1, 1, 0]])
    ((3, 3), 3, True)
    """
    r, p = C.shape
    _, piv = C.rref()
    if len(piv) != r:
        raise ValueError("complete_to_invertible: C must have full row rank")
    E = [[int(j == c) for j in range(p)] for c in range(p) if c not in set(piv)]
    return QMatrix.vstack([C, QMatrix(E)]) if E else C


def p5_witness(A: QMatrix, B: QMatrix):
    """(I, G) with A = [B_I, 0] G and G invertible (0-based I), or None."""
    r, (_m, p), n = A.rank(), A.shape, B.shape[1]
    if r == 0:
        return (), QMatrix.eye(p)
    for I in itertools.combinations(range(n), r):
        BI = B.columns(I)
        if BI.colspace_equals(A):
            return I, complete_to_invertible(BI.pinv() @ A)
    return None


def _p5_index_set(inst):
    w = p5_witness(inst.env["A"], inst.env["B"])
    return None if w is None else {"I": list(w[0]), "G": w[1].tostrings()}


def p5_conditions(A: QMatrix, B: QMatrix, U: QMatrix | None = None) -> dict:
    """The three conditions of AW-000-P5 and its corrected forms, decided exactly.

    Returns
    -------
    dict
        ``inclusion`` R(A) in R(B); ``ginv`` B B^- A = A (B^- = ginv(B, U)); ``columns``
        condition (3) as written; ``rank_hyp`` rank(A) = rank(B); ``basis`` the corrected
        condition with I a basis of R(B) and G any matrix; ``rankb_invertible`` the variant
        with ``|I| = rank(B)`` and G invertible.

    Examples
    --------
    >>> p5_conditions(QMatrix([[1], [1]]), QMatrix.eye(2))
    {'inclusion': True, 'ginv': True, 'columns': False, 'rank_hyp': False, 'basis': True,
     'rankb_invertible': False}
    """
    env = {"A": A, "B": B}
    if U is not None:
        env["U"] = U
    G = ["ginv", "B", "U"] if U is not None else ["pinv", "B"]
    return {"inclusion": B.colspace_contains(A),
            "ginv": evaluate(["eq", ["mul", "B", G, "A"], "A"], env),
            "columns": evaluate(p5_third_expr(A.rank(), B.shape[1]), env),
            "rank_hyp": A.rank() == B.rank(),
            "basis": evaluate(p5_basis_expr(B.rank(), B.shape[1]), env),
            "rankb_invertible": evaluate(p5_rankb_expr(B.rank(), A.shape[1], B.shape[1]), env)}


_P5_SHAPES = sorted(((m, n, p) for m in range(1, 4) for n in range(1, 4) for p in range(1, 4)
                     if m * (n + p) <= 8), key=lambda s: (s[0] * (s[1] + s[2]), s))


def _p5_instances():
    """Smallest first: every pair of 0/1 matrices A (m x p), B (m x n) with m(n + p) <= 8
    (zero and rank-deficient A and B, dependent columns, p > n, rank(A) < rank(B) ...),
    ordered by m(n + p), then shape, then the nonzeros of B, then those of A; then random
    rational instances (with generalized-inverse selectors U) of larger shapes."""
    for m, n, p in _P5_SHAPES:
        for B in _binary(m, n):
            for A in _binary(m, p):
                yield Instance("matrices", {"A": A, "B": B}, None, f"0/1 search {m}x{p}, {m}x{n}")
    cases = [  # (m, n, p, rank B, rank A or None, A in R(B) by construction)
        (3, 3, 2, 2, 1, True), (3, 3, 2, 2, 2, True), (3, 4, 3, 2, 2, True), (4, 3, 2, 3, 1, True),
        (3, 2, 4, 2, 2, True), (3, 3, 3, 1, 1, True), (3, 3, 2, 2, None, False), (4, 4, 2, 0, 0, True),
    ]
    for s, (m, n, p, rb, ra, inside) in enumerate(cases):
        rng = random.Random(300 + s)
        B = random_qmatrix(rng, m, n, rb)
        A = B @ random_qmatrix(rng, n, p) if inside else random_qmatrix(rng, m, p)
        if ra is not None and inside:
            while A.rank() != ra:
                A = B @ random_qmatrix(rng, n, p, ra)
        yield Instance("matrices", {"A": A, "B": B, "U": random_qmatrix(rng, n, m)}, None, f"seed {300 + s}")


@functools.lru_cache(maxsize=1)
def p5_search_summary() -> dict:
    """Run the whole AW-000-P5 search (without stopping) and tally the three conditions
    and the corrected forms.

    Returns
    -------
    dict
        ``instances``; ``p1_iff_p2`` instances where (1) iff (2); ``p3_implies_p1``;
        ``p1_implies_p3``; ``rank_hyp_instances`` and ``rank_hyp_ok`` (how many have
        rank(A) = rank(B) and on how many of those (1) iff (3)); ``basis_ok`` (the corrected
        condition agrees with (1)); ``rankb_invertible_ok`` (the variant ``|I| = rank(B)`` with G
        invertible agrees with (1)). Requiring B_I of full column rank in (3) changes
        nothing: (3) already forces it.

    >>> s = p5_search_summary()
    >>> s["p1_iff_p2"] == s["p3_implies_p1"] == s["basis_ok"] == s["instances"]
    True
    >>> s["rank_hyp_ok"] == s["rank_hyp_instances"], s["p1_implies_p3"] < s["instances"]
    (True, True)
    >>> s["rankb_invertible_ok"] < s["instances"]
    True
    """
    tally = dict.fromkeys(("instances", "p1_iff_p2", "p3_implies_p1", "p1_implies_p3",
                           "rank_hyp_instances", "rank_hyp_ok", "basis_ok", "rankb_invertible_ok"), 0)
    for inst in _p5_instances():
        c = p5_conditions(inst.env["A"], inst.env["B"], inst.env.get("U"))
        tally["instances"] += 1
        tally["p1_iff_p2"] += c["inclusion"] == c["ginv"]
        tally["p3_implies_p1"] += (not c["columns"]) or c["inclusion"]
        tally["p1_implies_p3"] += (not c["inclusion"]) or c["columns"]
        tally["rank_hyp_instances"] += c["rank_hyp"]
        tally["rank_hyp_ok"] += c["rank_hyp"] and c["inclusion"] == c["columns"]
        tally["basis_ok"] += c["inclusion"] == c["basis"]
        tally["rankb_invertible_ok"] += c["inclusion"] == c["rankb_invertible"]
    return tally


prover("AW-000-P5", instances=_p5_instances, witnesses={"index_set": _p5_index_set})


def _jac_instances():
    """Smallest first: shapes p x d (p, d <= 3) by p d, every 0/1 vector x (fewest nonzeros
    first), A with entries 1..pd; then random rational x and A."""
    shapes = sorted(((p, d) for p in range(1, 4) for d in range(1, 4)), key=lambda s: (s[0] * s[1], s))
    for p, d in shapes:
        A = QMatrix([[i * d + j + 1 for j in range(d)] for i in range(p)])
        for x in _binary(d, 1):
            yield Instance("matrices", {"A": A, "x": x}, None, f"0/1 search p={p}, d={d}")
    for s, (p, d) in enumerate([(2, 3), (3, 2), (4, 2), (1, 4), (4, 1)]):
        rng = random.Random(400 + s)
        yield Instance("matrices", {"A": random_qmatrix(rng, p, d), "x": random_qmatrix(rng, d, 1)},
                       None, f"seed {400 + s}")


prover("AW-004-JAC", instances=_jac_instances)
