"""Matrix-calculus claims KRON-1 ... KRON-5 [seed 000, lines 41-52] and the
statements as the seeds write them: AW-000-P5 [seed 000, line 49] and AW-004-JAC
[seed 004, eqs (10)-(11)].

Generalized inverses. Every generalized inverse of an m x n matrix ``A`` is
``A^- = A^+ + U - A^+ A U A A^+`` for some n x m matrix ``U`` (``["ginv", "A", "U"]``
in the fact language); ``U = 0`` gives the Moore-Penrose inverse ``A^+``. Where a
claim is stated "for every generalized inverse", an instance may carry the ``U``
that selects one (the matrix names are given per claim below); without it the
Moore-Penrose inverse is used. The bundled instances use several ``U``.

Matrix names per claim (all matrices of a ``"matrices"`` instance):

========== ===================================================================
KRON-1     A (m x n), B (n x p), C (p x q)
KRON-2     A, B; optionally C, D (both) with A C and B D defined
KRON-3     A (m x n), B; optionally U (n x n: (A^T A)^- = ginv(A^T A, U)),
           UA (n x m: A^- = ginv(A, UA)), UB (B^- = ginv(B, UB))
KRON-4     A (m x n), b (m x k); optionally U (n x m: A^-), w (n x k), x (n x k, a
           claimed solution of A x = b: a hypothesis)
KRON-5     A (m x p), B (m x n); optionally U (n x m: B^- = ginv(B, U))
AW-000-P5  A (m x p), B (m x n); optionally U (n x m: B^-)
AW-004-JAC A (p x d: fixes the shape of f(A) = A x), x (d x 1)
========== ===================================================================

Findings (see the verdicts of ``symlandscape prove``):

* KRON-3, third identity: ``(A^T A)^- A^T A A^T = A^T`` is *not* true for every
  generalized inverse (A = [[1, 0]], U = [[0, 0], [1, 0]] gives (A^T A)^- = [[1, 0], [1, 0]]
  and the left side [[1], [1]]). It holds when ``(A^T A)^- A^T A`` is symmetric
  (minimum-norm generalized inverses, the Moore-Penrose inverse among them); the
  transposed identity ``A^T A (A^T A)^- A^T = A^T`` holds for every one.
* AW-000-P5: ``R(A) in R(B)`` does not imply that ``rank(A)`` columns of ``B``
  span ``R(A)`` (A = [[1], [1]], B = I_2); see :func:`p5_search_summary`.
* AW-004-JAC: eq (10) stacks the rows of ``A``; for that order the Jacobian of
  ``A x`` is ``I kron x^T``; ``x^T kron I`` is the Jacobian for column stacking ``vec(A)``.
"""

__all__ = ["p5_conditions", "p5_search_summary", "complete_to_invertible", "jacobian_exprs"]

import functools
import itertools
import random

from ..certificates.evidence import evaluate
from ..exact.matrix import QMatrix
from ..exact.numbers import InputError
from ..instances import Instance
from .instancegen import matrices_instances, random_qmatrix
from .registry import register
from .common import lit as _lit, verdict as _verdict


# -- helpers ---------------------------------------------------------------------------------
def _need(inst, claim: str, *names):
    """The named matrices of the instance, or an InputError naming what is missing."""
    missing = [k for k in names if k not in inst.env]
    if missing:
        have = ", ".join(sorted(inst.env)) or "none"
        raise InputError(f"{claim} needs matrices {', '.join(names)}; the instance lacks "
                         f"{', '.join(missing)} (it has {have})")
    return [inst.env[k] for k in names]


def _conform(claim: str, ok: bool, msg: str) -> None:
    if not ok:
        raise InputError(f"{claim}: shapes do not conform: {msg}")


def _ginv_expr(claim: str, inst, a, shape, U: str):
    """``["ginv", a, U]`` when the instance has ``U`` (checked to be n x m), else ``["pinv", a]``."""
    if U not in inst.env:
        return ["pinv", a]
    m, n = shape
    _conform(claim, inst.env[U].shape == (n, m),
             f"{U} must be {n} x {m} (it selects a generalized inverse of a {m} x {n} matrix), "
             f"got {inst.env[U].shape[0]} x {inst.env[U].shape[1]}")
    return ["ginv", a, U]


def _q(rows) -> QMatrix:
    return QMatrix(rows)


def _binary(m: int, n: int):
    """Every m x n 0/1 matrix, fewest nonzeros first (ties: more leading ones first)."""
    cells = m * n
    masks = sorted(range(2 ** cells), key=lambda b: (bin(b).count("1"), -b))
    for b in masks:
        bits = [(b >> (cells - 1 - t)) & 1 for t in range(cells)]
        yield QMatrix([bits[i * n:(i + 1) * n] for i in range(m)])


# -- KRON-1 ----------------------------------------------------------------------------------
def _kron1_instances():
    yield from matrices_instances({"A": (2, 3), "B": (3, 2), "C": (2, 2)}, seeds=range(3))
    yield from matrices_instances({"A": (1, 2), "B": (2, 1), "C": (1, 3)}, seeds=range(2), rank={"B": 0})


@register("KRON-1", seed="000", statement="vec(ABC) = (C^T kron A) vec(B)",
          kinds=("matrices",), instances=_kron1_instances)
def _kron1(inst, ev):
    A, B, C = _need(inst, "KRON-1", "A", "B", "C")
    if A.shape[1] != B.shape[0] or B.shape[1] != C.shape[0]:
        raise InputError(f"KRON-1 needs A (m x n), B (n x p), C (p x q); got {A.shape}, {B.shape}, {C.shape}")
    ev.conclusion("vec(ABC) = (C^T kron A) vec(B)",
                  ["eq", ["vec", ["mul", "A", "B", "C"]], ["mul", ["kron", ["T", "C"], "A"], ["vec", "B"]]])


# -- KRON-2 ----------------------------------------------------------------------------------
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


@register("KRON-2", seed="000",
          statement="(A kron B)(C kron D) = AC kron BD; (A kron B)^T = A^T kron B^T; "
                    "A kron B = 0 implies A = 0 or B = 0",
          kinds=("matrices",), instances=_kron2_instances)
def _kron2(inst, ev):
    """C and D are optional (both or neither): without them the mixed-product rule is not checked.

    The implication "A kron B = 0 implies A = 0 or B = 0" is a hypothesis/conclusion
    pair when its antecedent holds on the instance; otherwise the antecedent is
    recorded as a (false) value and the implication as a (vacuously true) conclusion,
    so that the two unconditional identities are still decided.
    """
    A, B = _need(inst, "KRON-2", "A", "B")
    if "C" in inst.env or "D" in inst.env:
        C, D = _need(inst, "KRON-2", "C", "D")
        _conform("KRON-2", A.shape[1] == C.shape[0] and B.shape[1] == D.shape[0],
                 f"A C and B D must be defined; got A {A.shape}, C {C.shape}, B {B.shape}, D {D.shape}")
        ev.conclusion("(A kron B)(C kron D) = AC kron BD",
                      ["eq", ["mul", ["kron", "A", "B"], ["kron", "C", "D"]],
                       ["kron", ["mul", "A", "C"], ["mul", "B", "D"]]])
    ev.conclusion("(A kron B)^T = A^T kron B^T",
                  ["eq", ["T", ["kron", "A", "B"]], ["kron", ["T", "A"], ["T", "B"]]])
    zero = ["is_zero", ["kron", "A", "B"]]
    either = ["or", ["is_zero", "A"], ["is_zero", "B"]]
    if evaluate(zero, ev.env):
        ev.hypothesis("A kron B = 0", zero)
        ev.conclusion("A = 0 or B = 0", either)
    else:
        ev.value("A kron B = 0", zero)
        ev.conclusion("A kron B = 0 implies A = 0 or B = 0 (vacuously: A kron B != 0)",
                      ["or", ["not", zero], either])


# -- KRON-3 ----------------------------------------------------------------------------------
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


_K3_THIRD = "(A^T A)^- A^T A A^T = A^T"


@register("KRON-3", seed="000",
          statement="(A kron B)^+ = A^+ kron B^+ (Moore-Penrose); A(A^T A)^- A^T A = A; "
                    "(A^T A)^- A^T A A^T = A^T (for every generalized inverse)",
          kinds=("matrices",), instances=_kron3_instances, location="lines 41-52, property 3",
          finding="(A^T A)^- A^T A A^T = A^T is false for a general generalized inverse: "
                  "A = [1 0], (A^T A)^- = [[1, 0], [1, 0]] gives [1, 1]^T. It holds for the "
                  "Moore-Penrose inverse and whenever (A^T A)^- A^T A is symmetric.",
          corrected="Use the transposed identity A^T A (A^T A)^- A^T = A^T, "
                    "which holds for every generalized inverse, or restrict the third identity "
                    "to the Moore-Penrose inverse.")
def _kron3(inst, ev):
    """Facts: the Moore-Penrose Kronecker rule, that A^- kron B^- is a generalized inverse
    of A kron B (for the selected A^-, B^-), and both identities with (A^T A)^- =
    ginv(A^T A, U). Values (not part of the claim, re-verified): the transposed
    identity A^T A (A^T A)^- A^T = A^T and whether (A^T A)^- A^T A is symmetric.
    """
    A, B = _need(inst, "KRON-3", "A", "B")
    m, n = A.shape
    Ag = _ginv_expr("KRON-3", inst, "A", A.shape, "UA")
    Bg = _ginv_expr("KRON-3", inst, "B", B.shape, "UB")
    M = ["mul", ["T", "A"], "A"]
    Mg = _ginv_expr("KRON-3", inst, M, (n, n), "U")
    AB = ["kron", "A", "B"]
    ev.conclusion("(A kron B)^+ = A^+ kron B^+",
                  ["eq", ["pinv", AB], ["kron", ["pinv", "A"], ["pinv", "B"]]])
    ev.conclusion("A^- kron B^- is a generalized inverse of A kron B",
                  ["eq", ["mul", AB, ["kron", Ag, Bg], AB], AB])
    ev.conclusion("A (A^T A)^- A^T A = A", ["eq", ["mul", "A", Mg, M], "A"])
    ev.conclusion(_K3_THIRD, ["eq", ["mul", Mg, M, ["T", "A"]], ["T", "A"]])
    ev.value("A^T A (A^T A)^- A^T = A^T (transposed form)", ["eq", ["mul", M, Mg, ["T", "A"]], ["T", "A"]])
    ev.value("(A^T A)^- A^T A is symmetric", ["eq", ["mul", Mg, M], ["T", ["mul", Mg, M]]])
    return _verdict(ev,
                        "this generalized inverse of A^T A is not minimum-norm ((A^T A)^- A^T A is not "
                        "symmetric): the identity holds for Moore-Penrose and other minimum-norm "
                        "g-inverses, not for every one; A^T A (A^T A)^- A^T = A^T holds for every one",
                        when=_K3_THIRD)


# -- KRON-4 ----------------------------------------------------------------------------------
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


@register("KRON-4", seed="000",
          statement="Ax = b is solvable iff A A^- b = b; then the solutions are exactly "
                    "A^- b + (I - A^- A) w",
          kinds=("matrices",), instances=_kron4_instances)
def _kron4(inst, ev):
    """Facts: solvability (b in R(A), by rank) agrees with A A^- b = b; A (I - A^- A) = 0
    and rank(A) + rank(I - A^- A) = n (so {(I - A^- A) w} is exactly the null space of A);
    when solvable, A^- b + (I - A^- A) w solves it for the given w (default: all ones);
    when the instance gives a solution x (hypothesis A x = b), x = A^- b + (I - A^- A) x.
    """
    A, b = _need(inst, "KRON-4", "A", "b")
    m, n = A.shape
    k = b.shape[1]
    _conform("KRON-4", b.shape[0] == m, f"b must have {m} rows like A, got {b.shape[0]}")
    for key in ("w", "x"):
        if key in inst.env:
            _conform("KRON-4", inst.env[key].shape == (n, k),
                     f"{key} must be {n} x {k}, got {inst.env[key].shape[0]} x {inst.env[key].shape[1]}")
    G = _ginv_expr("KRON-4", inst, "A", A.shape, "U")
    I_GA = ["sub", ["eye", n], ["mul", G, "A"]]
    if "x" in inst.env:
        ev.hypothesis("x solves A x = b", ["eq", ["mul", "A", "x"], "b"])
    solv = ["colspace_le", "b", "A"]
    solvable = ev.value("b in R(A) (A x = b is solvable)", solv)
    ev.conclusion("A x = b is solvable iff A A^- b = b", ["eq", solv, ["eq", ["mul", "A", G, "b"], "b"]])
    ev.conclusion("A (I - A^- A) = 0 and rank(A) + rank(I - A^- A) = n (the (I - A^- A) w are the null space of A)",
                  ["and", ["is_zero", ["mul", "A", I_GA]],
                   ["eq", ["rank", ["vstack", ["hstack", "A", ["zeros", m, n]],
                                    ["hstack", ["zeros", n, n], I_GA]]], n]])
    if solvable:
        w = "w" if "w" in inst.env else ["lit", [[1] * k for _ in range(n)]]
        ev.conclusion("A (A^- b + (I - A^- A) w) = b",
                      ["eq", ["mul", "A", ["add", ["mul", G, "b"], ["mul", I_GA, w]]], "b"])
    if "x" in inst.env:
        ev.conclusion("x = A^- b + (I - A^- A) w with w = x",
                      ["eq", "x", ["add", ["mul", G, "b"], ["mul", I_GA, "x"]]])


# -- KRON-5 ----------------------------------------------------------------------------------
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


@register("KRON-5", seed="000", statement="R(A) in R(B) iff B B^- A = A",
          kinds=("matrices",), instances=_kron5_instances)
def _kron5(inst, ev):
    """Facts: R(A) in R(B) (by rank) and B B^- A = A as values; the conclusion is their equivalence."""
    A, B = _need(inst, "KRON-5", "A", "B")
    _conform("KRON-5", A.shape[0] == B.shape[0], f"A and B need the same number of rows, got {A.shape}, {B.shape}")
    G = _ginv_expr("KRON-5", inst, "B", B.shape, "U")
    c1, c2 = ["colspace_le", "A", "B"], ["eq", ["mul", "B", G, "A"], "A"]
    ev.value("R(A) in R(B)", c1)
    ev.value("B B^- A = A", c2)
    ev.conclusion("R(A) in R(B) iff B B^- A = A", ["eq", c1, c2])


# -- AW-000-P5 -------------------------------------------------------------------------------
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


def _p5_third_expr(A: QMatrix, B: QMatrix):
    """Fact expression deciding condition (3) for an A of rank r.

    (3) [there are I, |I| = r, and an invertible G with A = [B_I, 0] G] holds iff some
    r columns of B span exactly R(A). Proof: if G is invertible, R(A) = R([B_I, 0] G) =
    R(B_I). Conversely, if R(B_I) = R(A) with |I| = r = rank(A), B_I has full column
    rank, A = B_I C with C = B_I^+ A of rank r, and G = [C; E] completed by rows of the
    identity (:func:`complete_to_invertible`) is invertible with [B_I, 0] G = B_I C = A.
    Shapes: [B_I, 0] is m x (r + (p - r)) = m x p, so the zero block always fits (r <= p);
    the only obstruction is r > n (then no index set exists, and R(A) is not in R(B)
    either). For r = 0 the condition is A = 0 (I empty, G = I).
    """
    r, n = A.rank(), B.shape[1]
    if r == 0:
        return ["is_zero", "A"]
    return ["or", *[["colspace_eq", "A", ["cols", "B", list(I)]] for I in itertools.combinations(range(n), r)]]


def _p5_basis_expr(B: QMatrix):
    """Corrected form: some I of size rank(B) with B_I a basis of R(B) and R(A) in R(B_I)
    (i.e. A = B_I G for a rank(B) x p matrix G, not required invertible)."""
    rb, n = B.rank(), B.shape[1]
    if rb == 0:
        return ["is_zero", "A"]
    return ["or", *[["and", ["colspace_eq", ["cols", "B", list(I)], "B"],
                     ["colspace_le", "A", ["cols", "B", list(I)]]]
                    for I in itertools.combinations(range(n), rb)]]


def _p5_rankb_expr(A: QMatrix, B: QMatrix):
    """Variant: |I| = rank(B) and G invertible. As for (3), A = [B_I, 0] G with G invertible
    iff |I| <= p and R(B_I) = R(A) (full-row-rank r x p matrices form one orbit under
    right multiplication by invertible p x p matrices, so B_I need not be independent)."""
    rb, (m, p), n = B.rank(), A.shape, B.shape[1]
    if rb > p:
        return ["or"]  # [B_I, 0] would have more than p columns: impossible (False)
    if rb == 0:
        return ["is_zero", "A"]
    return ["or", *[["colspace_eq", "A", ["cols", "B", list(I)]] for I in itertools.combinations(range(n), rb)]]


def _p5_witness(A: QMatrix, B: QMatrix):
    """(I, G) with A = [B_I, 0] G and G invertible, or None."""
    r, (m, p), n = A.rank(), A.shape, B.shape[1]
    if r == 0:
        return (), QMatrix.eye(p)
    for I in itertools.combinations(range(n), r):
        BI = B.columns(I)
        if BI.colspace_equals(A):
            return I, complete_to_invertible(BI.pinv() @ A)
    return None


def p5_conditions(A: QMatrix, B: QMatrix, U: QMatrix | None = None) -> dict:
    """The three conditions of AW-000-P5 and its corrected forms, decided exactly.

    Returns
    -------
    dict
        ``inclusion`` R(A) in R(B); ``ginv`` B B^- A = A (B^- = ginv(B, U)); ``columns``
        condition (3) as written; ``rank_hyp`` rank(A) = rank(B); ``basis`` the corrected
        condition with I a basis of R(B) and G any matrix; ``rankb_invertible`` the variant
        with |I| = rank(B) and G invertible.

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
            "columns": evaluate(_p5_third_expr(A, B), env),
            "rank_hyp": A.rank() == B.rank(),
            "basis": evaluate(_p5_basis_expr(B), env),
            "rankb_invertible": evaluate(_p5_rankb_expr(A, B), env)}


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
        condition agrees with (1)); ``rankb_invertible_ok`` (the variant |I| = rank(B) with G
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


_P5_THIRD = "R(A) in R(B) iff (3) there are I, |I| = rank(A), and an invertible G with A = [B_I, 0] G"


@register("AW-000-P5", seed="000",
          statement="R(A) in R(B) iff B B^- A = A iff there are an index set I of size rank(A) "
                    "and an invertible G with A = [B_I, 0] G",
          kinds=("matrices",), instances=_p5_instances, as_written=True, location="line 49",
          corrected="R(A) in R(B) iff B B^- A = A iff A = B_I G for an index set I of size "
                    "rank(B) with B_I a basis of R(B) and some matrix G (or: add the hypothesis "
                    "rank(A) = rank(B) to the original third condition).")
def _aw_p5(inst, ev):
    """Facts: rank(A); the three conditions as values (condition (3) decided by
    :func:`_p5_third_expr`, with an explicit (I, G) witness when it holds); the two
    equivalences as conclusions; the corrected forms as values."""
    A, B = _need(inst, "AW-000-P5", "A", "B")
    _conform("AW-000-P5", A.shape[0] == B.shape[0],
             f"A and B need the same number of rows, got {A.shape}, {B.shape}")
    (m, p), n = A.shape, B.shape[1]
    G = _ginv_expr("AW-000-P5", inst, "B", B.shape, "U")
    r = ev.value("rank(A)", ["rank", "A"])
    c1 = ["colspace_le", "A", "B"]
    c2 = ["eq", ["mul", "B", G, "A"], "A"]
    c3 = _p5_third_expr(A, B)
    ev.value("(1) R(A) in R(B)", c1)
    ev.value("(2) B B^- A = A", c2)
    holds3 = ev.value(f"(3) some rank(A) = {r} column(s) B_I of B span R(A) (iff A = [B_I, 0] G, G invertible)", c3)
    if holds3:
        I, Gw = _p5_witness(A, B)
        BI0 = (["zeros", m, p] if r == 0 else
               ["hstack", ["cols", "B", list(I)], ["zeros", m, p - r]] if p > r else ["cols", "B", list(I)])
        ev.value(f"witness of (3): A = [B_I, 0] G with I = {[i + 1 for i in I]} and det G != 0",
                 ["and", ["eq", "A", ["mul", BI0, _lit(Gw)]], ["ne", ["det", _lit(Gw)], 0]])
    ev.conclusion("R(A) in R(B) iff B B^- A = A", ["eq", c1, c2])
    ev.conclusion(_P5_THIRD, ["eq", c1, c3])
    ev.value("corrected, hypothesis rank(A) = rank(B): rank(A) != rank(B) or [(1) iff (3)]",
             ["or", ["ne", ["rank", "A"], ["rank", "B"]], ["eq", c1, c3]])
    ev.value("corrected, I of size rank(B) with B_I a basis of R(B) and G any matrix: (1) iff A = B_I G",
             ["eq", c1, _p5_basis_expr(B)])
    ev.value("variant, |I| = rank(B) and G invertible: (1) iff A = [B_I, 0] G for such I, G",
             ["eq", c1, _p5_rankb_expr(A, B)])
    failed = [f["text"] for f in ev.facts if f["role"] == "conclusion" and f["value"] is not True]
    if _P5_THIRD not in failed:
        return _verdict(ev)
    s = p5_search_summary()
    extra = (f"(3) implies R(A) in R(B) always (R(A) = R(B_I)), but R(A) in R(B) does not make R(A) "
             f"spanned by rank(A) columns of B. Corrected statements, equivalent to (1) and (2) on all "
             f"{s['instances']} instances of the search: add the hypothesis rank(A) = rank(B) "
             f"({s['rank_hyp_instances']} instances have it), or let I have size rank(B) with B_I a "
             f"basis of R(B) and G be any rank(B) x p matrix (A = B_I G). Not mended by requiring "
             f"B_I of full column rank ((3) already forces it), nor by |I| = rank(B) with G "
             f"invertible (wrong on {s['instances'] - s['rankb_invertible_ok']} instances, e.g. A = 0, B != 0)")
    return _verdict(ev, extra)


# -- AW-004-JAC ------------------------------------------------------------------------------
def _unit(p: int, d: int, i: int, j: int) -> list:
    return ["lit", [[int((a, b) == (i, j)) for b in range(d)] for a in range(p)]]


def jacobian_exprs(p: int, d: int) -> dict:
    """Fact expressions for the Jacobians of f(A) = A x (A p x d, x named ``"x"``).

    ``eq10``: the seed's eq (10) literally, row i = [0^T, ..., x^T (block i), ..., 0^T],
    blocks indexed by the rows A_{k,:} of A; ``row``: columns d(Ax)/dA_ij = E_ij x with
    the entries of A taken row by row; ``col``: the same with the entries taken column by
    column (the order of vec(A)). Built from unit matrices, independently of any
    Kronecker formula.

    >>> from symlandscape.certificates.evidence import evaluate
    >>> env = {"x": QMatrix([[1], [2]])}
    >>> evaluate(jacobian_exprs(1, 2)["row"], env)
    QMatrix([[1, 2]])
    """
    xt = ["T", "x"]
    return {
        "eq10": ["vstack", *[["hstack", *[xt if k == i else ["zeros", 1, d] for k in range(p)]]
                             for i in range(p)]],
        "row": ["hstack", *[["mul", _unit(p, d, i, j), "x"] for i in range(p) for j in range(d)]],
        "col": ["hstack", *[["mul", _unit(p, d, i, j), "x"] for j in range(d) for i in range(p)]],
    }


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


@register("AW-004-JAC", seed="004",
          statement="the total derivative of f(A) = A x with respect to A, for the vectorisation "
                    "of eq (10), is x^T kron I",
          kinds=("matrices",), instances=_jac_instances, as_written=True, location="eqs (10)-(11)",
          corrected="With eq (10)'s row stacking the Jacobian of A x is I kron x^T; x^T kron I "
                    "is the Jacobian for column stacking vec(A).")
def _aw_jac(inst, ev):
    """Facts: eq (10)'s Jacobian equals the row-stacking Jacobian (values); f(A) equals
    J vec(.) for both stackings (values: f is linear, so these are its total derivatives);
    the claim x^T kron I = eq (10)'s Jacobian (conclusion); which Kronecker form matches
    which stacking (values)."""
    A, x = _need(inst, "AW-004-JAC", "A", "x")
    p, d = A.shape
    _conform("AW-004-JAC", x.shape == (d, 1), f"x must be a {d} x 1 column (A is {p} x {d}), got {x.shape}")
    J = jacobian_exprs(p, d)
    ev.value("eq (10) stacks the rows of A: its Jacobian is [d(Ax)/dA_ij] with A taken row by row",
             ["eq", J["eq10"], J["row"]])
    ev.value("f(A) = J_row vec(A^T) (row stacking)", ["eq", ["mul", "A", "x"], ["mul", J["row"], ["vec", ["T", "A"]]]])
    ev.value("f(A) = J_col vec(A) (column stacking)", ["eq", ["mul", "A", "x"], ["mul", J["col"], ["vec", "A"]]])
    ev.conclusion("x^T kron I is the total derivative of A x for the (row-by-row) vectorisation of eq (10)",
                  ["eq", ["kron", ["T", "x"], ["eye", p]], J["eq10"]])
    ev.value("x^T kron I = d(Ax)/d vec(A) (column stacking)", ["eq", ["kron", ["T", "x"], ["eye", p]], J["col"]])
    ev.value("I kron x^T = d(Ax)/d vec(A^T) (row stacking, eq (10))", ["eq", ["kron", ["eye", p], ["T", "x"]], J["row"]])
    return _verdict(ev,
                        "eq (10) stacks the rows of A, for which the Jacobian is I kron x^T; x^T kron I "
                        "is the Jacobian for column stacking vec(A) (the two agree only when p = 1, "
                        "d = 1 or x = 0)")
