"""Matrix-calculus claims KRON-1 ... KRON-5 [seed 000, lines 41-52] and the statements as
the seeds write them AW-000-P5 [seed 000, line 49] and AW-004-JAC [seed 004, eqs (10)-(11)].

Statements only (the instance families are in :mod:`symlandscape.provers.kron`).

Generalized inverses: every generalized inverse of an m x n matrix ``A`` is
``A^- = A^+ + U - A^+ A U A A^+`` for some n x m ``U`` (``["ginv", "A", "U"]``); an
instance may carry the ``U`` that selects one; without it the Moore-Penrose inverse is used.

Matrix names per claim:

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
"""

__all__ = ["jacobian_exprs", "p5_third_expr", "p5_basis_expr", "p5_rankb_expr"]

import itertools

from .declare import declare


def _ginv(s, a, shape, U: str):
    """``["ginv", a, U]`` when the instance has ``U`` (checked to be n x m), else ``["pinv", a]``."""
    if not s.view.has(U):
        return ["pinv", a]
    m, n = shape
    s.conform(s.shape(U) == (n, m), f"{U} must be {n} x {m} (it selects a generalized inverse of a "
                                    f"{m} x {n} matrix), got {s.shape(U)[0]} x {s.shape(U)[1]}")
    return ["ginv", a, U]


@declare("KRON-1", seed="000", statement="vec(ABC) = (C^T kron A) vec(B)", kinds=("matrices",),
         paper="standard (Magnus-Neudecker); seed 000 property 1", location="lines 41-52")
def _kron1(s):
    A, B, C = s.need("A", "B", "C")
    s.conform(A[1] == B[0] and B[1] == C[0], f"needs A (m x n), B (n x p), C (p x q); got {A}, {B}, {C}")
    s.conclusion("vec(ABC) = (C^T kron A) vec(B)",
                 ["eq", ["vec", ["mul", "A", "B", "C"]], ["mul", ["kron", ["T", "C"], "A"], ["vec", "B"]]],
                 key="vec_abc")


@declare("KRON-2", seed="000",
         statement="(A kron B)(C kron D) = AC kron BD; (A kron B)^T = A^T kron B^T; "
                   "A kron B = 0 implies A = 0 or B = 0",
         kinds=("matrices",), paper="standard; seed 000 property 2", location="lines 41-52")
def _kron2(s):
    """C and D are optional (both or neither). The implication is a hypothesis/conclusion
    pair when its antecedent holds; otherwise a vacuously true conclusion."""
    A, B = s.need("A", "B")
    if s.view.has("C") or s.view.has("D"):
        _, _, C, D = s.need("A", "B", "C", "D")
        s.conform(A[1] == C[0] and B[1] == D[0],
                  f"A C and B D must be defined; got A {A}, C {C}, B {B}, D {D}")
        s.conclusion("(A kron B)(C kron D) = AC kron BD",
                     ["eq", ["mul", ["kron", "A", "B"], ["kron", "C", "D"]],
                      ["kron", ["mul", "A", "C"], ["mul", "B", "D"]]], key="mixed_product")
    s.conclusion("(A kron B)^T = A^T kron B^T",
                 ["eq", ["T", ["kron", "A", "B"]], ["kron", ["T", "A"], ["T", "B"]]], key="transpose")
    zero = ["is_zero", ["kron", "A", "B"]]
    either = ["or", ["is_zero", "A"], ["is_zero", "B"]]
    if s.peek(zero):
        s.hypothesis("A kron B = 0", zero, key="kron_zero")
        s.conclusion("A = 0 or B = 0", either, key="factor_zero")
    else:
        s.value("A kron B = 0", zero, key="kron_zero")
        s.conclusion("A kron B = 0 implies A = 0 or B = 0 (vacuously: A kron B != 0)",
                     ["or", ["not", zero], either], key="factor_zero")


_K3_THIRD = "(A^T A)^- A^T A A^T = A^T"


@declare("KRON-3", seed="000",
         statement="(A kron B)^+ = A^+ kron B^+ (Moore-Penrose); A(A^T A)^- A^T A = A; "
                   "(A^T A)^- A^T A A^T = A^T (for every generalized inverse)",
         kinds=("matrices",), paper="standard; seed 000 property 3", location="lines 41-52, property 3",
         finding="(A^T A)^- A^T A A^T = A^T is false for a general generalized inverse: "
                 "A = [1 0], (A^T A)^- = [[1, 0], [1, 0]] gives [1, 1]^T. It holds for the "
                 "Moore-Penrose inverse and whenever (A^T A)^- A^T A is symmetric.",
         corrected="Use the transposed identity A^T A (A^T A)^- A^T = A^T, "
                   "which holds for every generalized inverse, or restrict the third identity "
                   "to the Moore-Penrose inverse.")
def _kron3(s):
    """The Moore-Penrose Kronecker rule, A^- kron B^- a generalized inverse of A kron B,
    both identities with (A^T A)^- = ginv(A^T A, U); values: the transposed identity and
    whether (A^T A)^- A^T A is symmetric."""
    A, B = s.need("A", "B")
    n = A[1]
    Ag = _ginv(s, "A", A, "UA")
    Bg = _ginv(s, "B", B, "UB")
    M = ["mul", ["T", "A"], "A"]
    Mg = _ginv(s, M, (n, n), "U")
    AB = ["kron", "A", "B"]
    s.conclusion("(A kron B)^+ = A^+ kron B^+",
                 ["eq", ["pinv", AB], ["kron", ["pinv", "A"], ["pinv", "B"]]], key="pinv_kron")
    s.conclusion("A^- kron B^- is a generalized inverse of A kron B",
                 ["eq", ["mul", AB, ["kron", Ag, Bg], AB], AB], key="ginv_kron")
    s.conclusion("A (A^T A)^- A^T A = A", ["eq", ["mul", "A", Mg, M], "A"], key="ginv_ata_left")
    third = s.conclusion(_K3_THIRD, ["eq", ["mul", Mg, M, ["T", "A"]], ["T", "A"]], key="ginv_ata_right")
    s.value("A^T A (A^T A)^- A^T = A^T (transposed form)", ["eq", ["mul", M, Mg, ["T", "A"]], ["T", "A"]],
            key="ginv_ata_transposed")
    s.value("(A^T A)^- A^T A is symmetric", ["eq", ["mul", Mg, M], ["T", ["mul", Mg, M]]], key="min_norm")
    if not third:
        s.explain("this generalized inverse of A^T A is not minimum-norm ((A^T A)^- A^T A is not "
                  "symmetric): the identity holds for Moore-Penrose and other minimum-norm "
                  "g-inverses, not for every one; A^T A (A^T A)^- A^T = A^T holds for every one")


@declare("KRON-4", seed="000",
         statement="Ax = b is solvable iff A A^- b = b; then the solutions are exactly "
                   "A^- b + (I - A^- A) w",
         kinds=("matrices",), paper="standard (Penrose 1955); seed 000 property 4", location="lines 41-52")
def _kron4(s):
    """Solvability (b in R(A), by rank) agrees with A A^- b = b; A (I - A^- A) = 0 and
    rank(A) + rank(I - A^- A) = n; when solvable A^- b + (I - A^- A) w solves it (w given
    or all ones); a given solution x (hypothesis) equals A^- b + (I - A^- A) x."""
    A, b = s.need("A", "b")
    m, n = A
    k = b[1]
    s.conform(b[0] == m, f"b must have {m} rows like A, got {b[0]}")
    for key in ("w", "x"):
        if s.view.has(key):
            s.conform(s.shape(key) == (n, k), f"{key} must be {n} x {k}, got {s.shape(key)[0]} x {s.shape(key)[1]}")
    G = _ginv(s, "A", A, "U")
    I_GA = ["sub", ["eye", n], ["mul", G, "A"]]
    if s.view.has("x"):
        s.hypothesis("x solves A x = b", ["eq", ["mul", "A", "x"], "b"], key="x_solves")
    solv = ["colspace_le", "b", "A"]
    solvable = s.value("b in R(A) (A x = b is solvable)", solv, key="solvable")
    s.conclusion("A x = b is solvable iff A A^- b = b", ["eq", solv, ["eq", ["mul", "A", G, "b"], "b"]],
                 key="solvable_iff")
    s.conclusion("A (I - A^- A) = 0 and rank(A) + rank(I - A^- A) = n (the (I - A^- A) w are the null space of A)",
                 ["and", ["is_zero", ["mul", "A", I_GA]],
                  ["eq", ["rank", ["vstack", ["hstack", "A", ["zeros", m, n]],
                                   ["hstack", ["zeros", n, n], I_GA]]], n]], key="null_space")
    if solvable:
        w = "w" if s.view.has("w") else ["lit", [[1] * k for _ in range(n)]]
        s.conclusion("A (A^- b + (I - A^- A) w) = b",
                     ["eq", ["mul", "A", ["add", ["mul", G, "b"], ["mul", I_GA, w]]], "b"], key="general_solution")
    if s.view.has("x"):
        s.conclusion("x = A^- b + (I - A^- A) w with w = x",
                     ["eq", "x", ["add", ["mul", G, "b"], ["mul", I_GA, "x"]]], key="x_in_family")


@declare("KRON-5", seed="000", statement="R(A) in R(B) iff B B^- A = A", kinds=("matrices",),
         paper="standard; seed 000 property 5", location="lines 41-52")
def _kron5(s):
    A, B = s.need("A", "B")
    s.conform(A[0] == B[0], f"A and B need the same number of rows, got {A}, {B}")
    G = _ginv(s, "B", B, "U")
    c1, c2 = ["colspace_le", "A", "B"], ["eq", ["mul", "B", G, "A"], "A"]
    s.value("R(A) in R(B)", c1, key="inclusion")
    s.value("B B^- A = A", c2, key="ginv_test")
    s.conclusion("R(A) in R(B) iff B B^- A = A", ["eq", c1, c2], key="equivalence")


# -- AW-000-P5 -------------------------------------------------------------------------------
def p5_third_expr(r: int, n: int):
    """Condition (3) for A of rank r: some r columns of B span exactly R(A).

    (3) [there are I, ``|I| = r``, and an invertible G with A = [B_I, 0] G] holds iff some
    r columns of B span R(A): if G is invertible, R(A) = R([B_I, 0] G) = R(B_I); conversely
    if R(B_I) = R(A) with ``|I| = r``, A = B_I C with C = B_I^+ A of rank r, and G = [C; E]
    completed by identity rows is invertible with [B_I, 0] G = A. For r = 0: A = 0.

    >>> p5_third_expr(1, 2)[0], len(p5_third_expr(1, 2))
    ('or', 3)
    """
    if r == 0:
        return ["is_zero", "A"]
    return ["or", *[["colspace_eq", "A", ["cols", "B", list(I)]] for I in itertools.combinations(range(n), r)]]


def p5_basis_expr(rb: int, n: int):
    """Corrected form: I of size rank(B) with B_I a basis of R(B) and R(A) in R(B_I)."""
    if rb == 0:
        return ["is_zero", "A"]
    return ["or", *[["and", ["colspace_eq", ["cols", "B", list(I)], "B"],
                     ["colspace_le", "A", ["cols", "B", list(I)]]]
                    for I in itertools.combinations(range(n), rb)]]


def p5_rankb_expr(rb: int, p: int, n: int):
    """Variant: ``|I| = rank(B)`` and G invertible: iff ``|I| <= p`` and R(B_I) = R(A)."""
    if rb > p:
        return ["or"]   # [B_I, 0] would have more than p columns: impossible (False)
    if rb == 0:
        return ["is_zero", "A"]
    return ["or", *[["colspace_eq", "A", ["cols", "B", list(I)]] for I in itertools.combinations(range(n), rb)]]


_P5_THIRD = "R(A) in R(B) iff (3) there are I, |I| = rank(A), and an invertible G with A = [B_I, 0] G"


@declare("AW-000-P5", seed="000",
         statement="R(A) in R(B) iff B B^- A = A iff there are an index set I of size rank(A) "
                   "and an invertible G with A = [B_I, 0] G",
         kinds=("matrices",), as_written=True, location="line 49", paper="seed 000 property 5 as written",
         corrected="R(A) in R(B) iff B B^- A = A iff A = B_I G for an index set I of size "
                   "rank(B) with B_I a basis of R(B) and some matrix G (or: add the hypothesis "
                   "rank(A) = rank(B) to the original third condition).")
def _aw_p5(s):
    """rank(A); the three conditions as values (with an (I, G) witness of (3) when it
    holds); the two equivalences as conclusions; the corrected forms as values."""
    (m, p), (_, n) = s.need("A", "B")
    s.conform(m == s.shape("B")[0], f"A and B need the same number of rows, got {(m, p)}, {s.shape('B')}")
    G = _ginv(s, "B", s.shape("B"), "U")
    r = s.value("rank(A)", ["rank", "A"], key="rank_a")
    rb = s.peek(["rank", "B"])
    c1 = ["colspace_le", "A", "B"]
    c3 = p5_third_expr(r, n)
    s.value("(1) R(A) in R(B)", c1, key="cond1")
    s.value("(2) B B^- A = A", ["eq", ["mul", "B", G, "A"], "A"], key="cond2")
    holds3 = s.value(f"(3) some rank(A) = {r} column(s) B_I of B span R(A) (iff A = [B_I, 0] G, G invertible)",
                     c3, key="cond3")
    if holds3:
        w = s.witness("index_set")   # {"I": [0-based columns], "G": p x p rows}
        I, Gw = w["I"], ["lit", w["G"]]
        BI0 = (["zeros", m, p] if r == 0 else
               ["hstack", ["cols", "B", I], ["zeros", m, p - r]] if p > r else ["cols", "B", I])
        s.value(f"witness of (3): A = [B_I, 0] G with I = {[i + 1 for i in I]} and det G != 0",
                ["and", ["eq", "A", ["mul", BI0, Gw]], ["ne", ["det", Gw], 0]], key="cond3_witness")
    s.conclusion("R(A) in R(B) iff B B^- A = A", ["eq", c1, ["eq", ["mul", "B", G, "A"], "A"]], key="p1_iff_p2")
    ok3 = s.conclusion(_P5_THIRD, ["eq", c1, c3], key="p1_iff_p3")
    s.value("corrected, hypothesis rank(A) = rank(B): rank(A) != rank(B) or [(1) iff (3)]",
            ["or", ["ne", ["rank", "A"], ["rank", "B"]], ["eq", c1, c3]], key="corrected_rank")
    s.value("corrected, I of size rank(B) with B_I a basis of R(B) and G any matrix: (1) iff A = B_I G",
            ["eq", c1, p5_basis_expr(rb, n)], key="corrected_basis")
    s.value("variant, |I| = rank(B) and G invertible: (1) iff A = [B_I, 0] G for such I, G",
            ["eq", c1, p5_rankb_expr(rb, p, n)], key="variant_rankb")
    if not ok3:
        s.explain("(3) implies R(A) in R(B) always (R(A) = R(B_I)), but R(A) in R(B) does not make R(A) "
                  "spanned by rank(A) columns of B; corrected statements (equivalent to (1) and (2) on "
                  "every instance of the search, see the errata): add the hypothesis rank(A) = rank(B), "
                  "or let I have size rank(B) with B_I a basis of R(B) and G be any matrix (A = B_I G)")


# -- AW-004-JAC ------------------------------------------------------------------------------
def _unit(p: int, d: int, i: int, j: int) -> list:
    return ["lit", [[int((a, b) == (i, j)) for b in range(d)] for a in range(p)]]


def jacobian_exprs(p: int, d: int) -> dict:
    """Fact expressions for the Jacobians of f(A) = A x (A p x d, x named ``"x"``).

    ``eq10``: the seed's eq (10) literally (row i = [0^T, ..., x^T (block i), ..., 0^T]);
    ``row``: columns d(Ax)/dA_ij = E_ij x with A's entries taken row by row; ``col``: the
    same column by column (the order of vec(A)). Built from unit matrices, independently
    of any Kronecker formula.

    >>> from symlandscape.facts.fast import evaluate
    >>> from symlandscape.exact import qmatrix
    >>> evaluate(jacobian_exprs(1, 2)["row"], {"x": qmatrix([[1], [2]])})
    QMatrix([[1, 2]])
    """
    xt = ["T", "x"]
    return {
        "eq10": ["vstack", *[["hstack", *[xt if k == i else ["zeros", 1, d] for k in range(p)]]
                             for i in range(p)]],
        "row": ["hstack", *[["mul", _unit(p, d, i, j), "x"] for i in range(p) for j in range(d)]],
        "col": ["hstack", *[["mul", _unit(p, d, i, j), "x"] for j in range(d) for i in range(p)]],
    }


@declare("AW-004-JAC", seed="004",
         statement="the total derivative of f(A) = A x with respect to A, for the vectorisation "
                   "of eq (10), is x^T kron I",
         kinds=("matrices",), as_written=True, location="eqs (10)-(11)", paper="seed 004 eqs (10)-(11) as written",
         corrected="With eq (10)'s row stacking the Jacobian of A x is I kron x^T; x^T kron I "
                   "is the Jacobian for column stacking vec(A).")
def _aw_jac(s):
    (p, d), xs = s.need("A", "x")
    s.conform(xs == (d, 1), f"x must be a {d} x 1 column (A is {p} x {d}), got {xs}")
    J = jacobian_exprs(p, d)
    s.value("eq (10) stacks the rows of A: its Jacobian is [d(Ax)/dA_ij] with A taken row by row",
            ["eq", J["eq10"], J["row"]], key="eq10_is_row")
    s.value("f(A) = J_row vec(A^T) (row stacking)", ["eq", ["mul", "A", "x"], ["mul", J["row"], ["vec", ["T", "A"]]]],
            key="row_derivative")
    s.value("f(A) = J_col vec(A) (column stacking)", ["eq", ["mul", "A", "x"], ["mul", J["col"], ["vec", "A"]]],
            key="col_derivative")
    ok = s.conclusion("x^T kron I is the total derivative of A x for the (row-by-row) vectorisation of eq (10)",
                      ["eq", ["kron", ["T", "x"], ["eye", p]], J["eq10"]], key="claim")
    s.value("x^T kron I = d(Ax)/d vec(A) (column stacking)", ["eq", ["kron", ["T", "x"], ["eye", p]], J["col"]],
            key="xt_kron_i_is_col")
    s.value("I kron x^T = d(Ax)/d vec(A^T) (row stacking, eq (10))", ["eq", ["kron", ["eye", p], ["T", "x"]], J["row"]],
            key="i_kron_xt_is_row")
    if not ok:
        s.explain("eq (10) stacks the rows of A, for which the Jacobian is I kron x^T; x^T kron I "
                  "is the Jacobian for column stacking vec(A) (the two agree only when p = 1, d = 1 or x = 0)")
