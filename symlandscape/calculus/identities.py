"""Symbolic proofs of the matrix-calculus identities (KRON-1 ... KRON-5, AW-004-JAC).

Every matrix is *generic*: its entries are independent SymPy symbols, for the
sizes given. An identity is proved for those sizes when the difference of its two
sides expands to 0 (a polynomial identity in the entries), or, for the few
rational-function checks, cancels to 0.

Generalized inverses cannot be written as polynomials of generic entries. The
statements "for every generalized inverse" are therefore proved by treating the
generalized inverse ``G`` as a matrix of *independent* symbols and writing the
quantity to be shown zero as a polynomial combination of the defect
``D = M G M - M`` (zero exactly when ``G`` is a generalized inverse of ``M``), or via a
Gram identity ``E^T E = (polynomial in D)`` (real matrices: ``E^T E = 0`` forces
``E = 0``). The Moore-Penrose part of KRON-3 is proved through the four Penrose
equations, which characterise ``A^+`` uniquely.

What is checked symbolically and what only on exact instances
(``symlandscape.theorems.kron``):

============ ========================================================================
KRON-1       vec(ABC) = (C^T kron A) vec(B): the whole identity.
KRON-2       mixed product and transpose: the whole identities. A kron B = 0 implies
             A = 0 or B = 0: the entries of A kron B are exactly the products
             a_ij b_kl, each once (the implication follows: a product of reals
             vanishes only if a factor does).
KRON-3       with X, Y independent (standing for A^+, B^+ or any A^-, B^-): the four
             Penrose expressions of (A kron B, X kron Y) are the Kronecker products of
             those of (A, X) and (B, Y); hence (A kron B)^+ = A^+ kron B^+ and A^- kron B^-
             is a g-inverse of A kron B. A (A^T A)^- A^T A = A for every g-inverse G of
             M = A^T A: E = A G M - A satisfies E^T E = M G^T D - D. Third identity
             (A^T A)^- A^T A A^T = A^T: for n = 1, F F^T = (G M - 1) D proves it for every
             g-inverse; for n >= 2 it is *refuted* symbolically on the family
             A = a e_1 e_1^T with a generic selector U (a nonzero residual); as extras, it
             is proved for minimum-norm g-inverses (G M symmetric, Moore-Penrose
             included) and the transposed identity A^T A (A^T A)^- A^T = A^T for every
             g-inverse (H H^T = M G D^T - D^T). Rank-deficient instances with
             specific U: only on instances.
KRON-4       every step as a polynomial identity in A, G, b, w, x and D = A G A - A.
KRON-5       A = B C gives B B^- A - A = D_B C; the converse A = B (B^- A) is immediate.
AW-004-JAC   the Jacobian of vec(A x) w.r.t. the entries of A, taken row by row (eq (10))
             and column by column, compared with x^T kron I and I kron x^T.
AW-000-P5    no symbolic check (its third condition is a search over index sets):
             only on instances.
============ ========================================================================
"""

__all__ = ["generic", "symbolic_check", "symbolic_report", "SUPPORTED"]

from collections import Counter

import sympy

from ..exact.numbers import InputError
from .kron import kron, vec

#: Claim ids with a symbolic check, and the matrices their ``shapes`` must name.
SUPPORTED = {"KRON-1": ("A", "B", "C"), "KRON-2": ("A", "B"), "KRON-3": ("A", "B"),
             "KRON-4": ("A",), "KRON-5": ("A", "B"), "AW-004-JAC": ("A",)}


def generic(name: str, m: int, n: int) -> sympy.Matrix:
    """An m x n matrix of independent symbols ``name{i}_{j}``.

    >>> generic("a", 1, 2)
    Matrix([[a0_0, a0_1]])
    """
    return sympy.Matrix(m, n, lambda i, j: sympy.Symbol(f"{name}{i}_{j}"))


def _zero(M) -> bool:
    return all(sympy.expand(e) == 0 for e in M)


def _zero_rational(M) -> bool:
    return all(sympy.cancel(sympy.together(e)) == 0 for e in M)


def _same(P, Q) -> bool:
    return P.shape == Q.shape and _zero(P - Q)


def _shape(shapes: dict, key: str, claim: str) -> tuple:
    try:
        m, n = shapes[key]
        m, n = int(m), int(n)
    except KeyError:
        raise InputError(f"{claim}: shapes must give {key} as (rows, columns)") from None
    except (TypeError, ValueError):
        raise InputError(f"{claim}: shape of {key} must be a pair of integers, got {shapes[key]!r}") from None
    if m < 1 or n < 1 or m * n > 64:
        raise InputError(f"{claim}: shape of {key} must have 1..64 entries, got {m} x {n}")
    return m, n


def _conform(claim: str, ok: bool, msg: str) -> None:
    if not ok:
        raise InputError(f"{claim}: shapes do not conform: {msg}")


def symbolic_report(claim_id: str, shapes: dict) -> dict:
    """Each symbolically checked part of a claim, with whether it holds.

    Parameters
    ----------
    claim_id : str
        One of :data:`SUPPORTED`.
    shapes : dict
        ``{"A": (m, n), ...}``: the sizes of the claim's matrices (see :data:`SUPPORTED`;
        KRON-2 also accepts ``C`` and ``D``, KRON-4 ``b``). The sizes of generalized
        inverses and auxiliary matrices follow from them.

    Returns
    -------
    dict
        ``{text: bool}``. Texts starting with ``"claim: "`` are parts of the claim as
        catalogued; ``"extra: "`` marks supporting or corrected statements.

    Raises
    ------
    InputError
        Unknown claim, missing or non-conforming shapes.

    Examples
    --------
    >>> r = symbolic_report("KRON-3", {"A": (1, 2), "B": (1, 1)})
    >>> r["claim: A (A^T A)^- A^T A = A for every g-inverse (E^T E = M G^T D - D)"]
    True
    >>> r["claim: (A^T A)^- A^T A A^T = A^T for every g-inverse (refuted on A = a e1 e1^T, generic U)"]
    False
    """
    if claim_id not in SUPPORTED:
        raise InputError(f"no symbolic check for {claim_id!r} (supported: {', '.join(SUPPORTED)})")
    return _CHECKS[claim_id](shapes)


def symbolic_check(claim_id: str, shapes: dict) -> bool:
    """True iff every part of the claim (as catalogued) checked symbolically holds.

    Parameters
    ----------
    claim_id : str
        One of :data:`SUPPORTED`.
    shapes : dict
        ``{"A": (m, n), ...}``, see :func:`symbolic_report`.

    Returns
    -------
    bool

    Examples
    --------
    >>> symbolic_check("KRON-1", {"A": (2, 2), "B": (2, 3), "C": (3, 1)})
    True
    >>> symbolic_check("KRON-3", {"A": (2, 1), "B": (1, 2)})   # n = 1: every part holds
    True
    >>> symbolic_check("KRON-3", {"A": (1, 2), "B": (1, 1)})   # third identity refuted
    False
    >>> symbolic_check("AW-004-JAC", {"A": (2, 2)})            # eq (10) stacks rows
    False
    """
    return all(v for k, v in symbolic_report(claim_id, shapes).items() if k.startswith("claim: "))


# -- the checks --------------------------------------------------------------------------------
def _kron1(shapes):
    (m, n), (n2, p), (p2, q) = (_shape(shapes, k, "KRON-1") for k in "ABC")
    _conform("KRON-1", n == n2 and p == p2, f"A {m}x{n}, B {n2}x{p}, C {p2}x{q}")
    A, B, C = generic("a", m, n), generic("b", n, p), generic("c", p, q)
    return {"claim: vec(ABC) = (C^T kron A) vec(B)": _same(vec(A * B * C), kron(C.T, A) * vec(B))}


def _kron2(shapes):
    (m, n), (q, r) = _shape(shapes, "A", "KRON-2"), _shape(shapes, "B", "KRON-2")
    A, B = generic("a", m, n), generic("b", q, r)
    out = {"claim: (A kron B)^T = A^T kron B^T": _same(kron(A, B).T, kron(A.T, B.T))}
    if "C" in shapes or "D" in shapes:
        (n2, s), (r2, t) = _shape(shapes, "C", "KRON-2"), _shape(shapes, "D", "KRON-2")
        _conform("KRON-2", n == n2 and r == r2, f"A {m}x{n}, C {n2}x{s}, B {q}x{r}, D {r2}x{t}")
        C, D = generic("c", n, s), generic("d", r, t)
        out["claim: (A kron B)(C kron D) = AC kron BD"] = _same(kron(A, B) * kron(C, D), kron(A * C, B * D))
    out["claim: the entries of A kron B are the products a_ij b_kl, each once (so A kron B = 0 "
        "implies A = 0 or B = 0)"] = Counter(list(kron(A, B))) == Counter(a * b for a in A for b in B)
    return out


def _kron3(shapes):
    (m, n), (q, s) = _shape(shapes, "A", "KRON-3"), _shape(shapes, "B", "KRON-3")
    A, B, X, Y = generic("a", m, n), generic("b", q, s), generic("x", n, m), generic("y", s, q)
    P, Q = kron(A, B), kron(X, Y)
    out = {
        "claim: Penrose 1: (A kron B)(X kron Y)(A kron B) = AXA kron BYB (A^- kron B^- is a g-inverse)":
            _same(P * Q * P, kron(A * X * A, B * Y * B)),
        "claim: Penrose 2: (X kron Y)(A kron B)(X kron Y) = XAX kron YBY": _same(Q * P * Q, kron(X * A * X, Y * B * Y)),
        "claim: Penrose 3: (A kron B)(X kron Y) = AX kron BY, transposed (AX)^T kron (BY)^T":
            _same(P * Q, kron(A * X, B * Y)) and _same((P * Q).T, kron((A * X).T, (B * Y).T)),
        "claim: Penrose 4: (X kron Y)(A kron B) = XA kron YB, transposed (XA)^T kron (YB)^T":
            _same(Q * P, kron(X * A, Y * B)) and _same((Q * P).T, kron((X * A).T, (Y * B).T)),
    }
    G = generic("g", n, n)
    M = A.T * A
    D = M * G * M - M
    E = A * G * M - A
    out["claim: A (A^T A)^- A^T A = A for every g-inverse (E^T E = M G^T D - D)"] = _same(E.T * E, M * G.T * D - D)
    I = sympy.eye(n)
    if n == 1:
        F = G * M * A.T - A.T
        out["claim: (A^T A)^- A^T A A^T = A^T for every g-inverse (n = 1: F F^T = (G M - 1) D)"] = \
            _same(F * F.T, (G * M - I) * D)
    else:
        a = sympy.Symbol("a", nonzero=True)
        A1 = sympy.zeros(m, n)
        A1[0, 0] = a
        M1 = A1.T * A1
        M1p = sympy.zeros(n, n)
        M1p[0, 0] = 1 / a ** 2
        U = generic("u", n, n)
        G1 = M1p + U - M1p * M1 * U * M1 * M1p
        if not _zero_rational(M1 * G1 * M1 - M1) or not _zero_rational(M1p * M1 * M1p - M1p):
            raise AssertionError("KRON-3 refutation family: G is not a generalized inverse")
        out["claim: (A^T A)^- A^T A A^T = A^T for every g-inverse (refuted on A = a e1 e1^T, generic U)"] = \
            _zero_rational(G1 * M1 * A1.T - A1.T)
    S = G * M
    out["extra: (A^T A)^- A^T A A^T - A^T = (A(S - I) + A(S^T - S))^T with (A(S - I))^T A(S - I) = (S - I)^T D, "
        "S = (A^T A)^- A^T A: the third identity holds when S is symmetric (minimum-norm g-inverses, "
        "Moore-Penrose included)"] = (_same((S * A.T - A.T).T, A * (S - I) + A * (S.T - S))
                                     and _same((A * (S - I)).T * (A * (S - I)), (S - I).T * D))
    H = M * G * A.T - A.T
    out["extra: A^T A (A^T A)^- A^T = A^T for every g-inverse (H H^T = M G D^T - D^T)"] = \
        _same(H * H.T, M * G * D.T - D.T)
    if m >= n and q >= s and n * s <= 2:
        pA, pB = (A.T * A).inv() * A.T, (B.T * B).inv() * B.T
        pP = (P.T * P).inv() * P.T
        out["extra: generic full column rank: (A kron B)^+ = A^+ kron B^+ with A^+ = (A^T A)^-1 A^T"] = \
            _zero_rational(pP - kron(pA, pB))
    if m >= n and n <= 2:
        out["extra: generic full column rank: A (A^T A)^-1 A^T A = A"] = _zero_rational(A * (A.T * A).inv() * A.T * A - A)
    return out


def _kron4(shapes):
    m, n = _shape(shapes, "A", "KRON-4")
    mb, k = _shape(shapes, "b", "KRON-4") if "b" in shapes else (m, 1)
    _conform("KRON-4", mb == m, f"b must have {m} rows, got {mb}")
    A, G, b, w, x = generic("a", m, n), generic("g", n, m), generic("b", m, k), generic("w", n, k), generic("x", n, k)
    I = sympy.eye(n)
    D = A * G * A - A
    return {
        "claim: A(A^- b + (I - A^- A) w) - b = (A A^- b - b) - D w (A A^- b = b gives a solution for every w)":
            _same(A * (G * b + (I - G * A) * w) - b, (A * G * b - b) - D * w),
        "claim: with b = A x: A A^- b - b = D x (solvable implies A A^- b = b)": _same(A * G * (A * x) - A * x, D * x),
        "claim: with b = A x: A^- b + (I - A^- A) x = x (every solution has the form, w = x)":
            _same(G * (A * x) + (I - G * A) * x, x),
        "claim: A (I - A^- A) = -D (the (I - A^- A) w solve A y = 0)": _same(A * (I - G * A), -D),
    }


def _kron5(shapes):
    (m, p), (m2, n) = _shape(shapes, "A", "KRON-5"), _shape(shapes, "B", "KRON-5")
    _conform("KRON-5", m == m2, f"A {m}x{p} and B {m2}x{n} need the same number of rows")
    A, B, C, G = generic("a", m, p), generic("b", m, n), generic("c", n, p), generic("g", n, m)
    DB = B * G * B - B
    return {
        "claim: with A = B C: B B^- A - A = D_B C (R(A) in R(B) implies B B^- A = A)":
            _same(B * G * (B * C) - B * C, DB * C),
        "claim: A = B (B^- A) - (B B^- A - A) (B B^- A = A implies R(A) in R(B))":
            _same(A, B * (G * A) - (B * G * A - A)),
    }


def _jac(shapes):
    p, d = _shape(shapes, "A", "AW-004-JAC")
    A, x = generic("a", p, d), generic("x", d, 1)
    f = A * x
    rows = [A[i, j] for i in range(p) for j in range(d)]
    cols = [A[i, j] for j in range(d) for i in range(p)]
    Jr, Jc = f.jacobian(rows), f.jacobian(cols)
    eq10 = sympy.Matrix.vstack(*[sympy.Matrix.hstack(*[x.T if k == i else sympy.zeros(1, d) for k in range(p)])
                                 for i in range(p)])
    return {
        "claim: x^T kron I = Jacobian of A x w.r.t. the entries of A stacked row by row (eq (10))":
            _same(kron(x.T, sympy.eye(p)), Jr),
        "extra: eq (10) is the row-by-row Jacobian": _same(eq10, Jr),
        "extra: x^T kron I = d(Ax)/d vec(A) (column stacking)": _same(kron(x.T, sympy.eye(p)), Jc),
        "extra: I kron x^T = Jacobian for row stacking": _same(kron(sympy.eye(p), x.T), Jr),
    }


_CHECKS = {"KRON-1": _kron1, "KRON-2": _kron2, "KRON-3": _kron3, "KRON-4": _kron4,
           "KRON-5": _kron5, "AW-004-JAC": _jac}
