r"""Baldi-Hornik claims BH-4 ... BH-7, AW-004-BH6, AW-004-THM8, AW-004-DEF3 [seed 004]:
instance families and witness finders.

The statements, the mapping of the seed's notation onto ours and the findings are in
:mod:`symlandscape.theorems.baldi_hornik`; the mathematics the finders use lives in
:mod:`symlandscape.landscape` (:mod:`~symlandscape.landscape.families`: Sigma-invariant
subspaces, their critical points and eigenspace rotations; :mod:`~symlandscape.landscape.convexity`;
:mod:`~symlandscape.landscape.critical`).

Witnesses (JSON data, rational strings):

=================== ============= =========================================================
claim               witness       what
=================== ============= =========================================================
BH-7, AW-004-THM8,  classifi-     a curve along which the loss drops (or rises) at the point
AW-004-DEF3         cation.curve
same                rise          one step ``[D_1, ..., D_{H+1}]``: the loss rises along W + t D
BH-7                rotation      a rational rotation commuting with Sigma that moves col(A)
AW-004-THM8         convexity     ``{"convex": [Wa, Wb], "concave": [Wa, Wb]}``: point pairs whose
                                  midpoint breaks convexity / concavity
=================== ============= =========================================================

:func:`bh7_enumeration` classifies every critical family of the BH-7 cases and
:func:`thm8_search_summary` tallies the four parts of Theorem 8 over its whole search
(both for ``proofs/baldi_hornik.py`` and the tests).
"""

__all__ = ["bh7_data", "bh7_enumeration", "thm8_search_summary", "thm8_summary_text", "continuum_note"]

import functools
import itertools
import random

from ..exact.matrix import QMatrix
from ..landscape.classify import classify
from ..landscape.convexity import convexity_witnesses
from ..landscape.critical import data_with_spectrum, rescale, subset_point
from ..landscape.critical import pad as _pad
from ..landscape.families import eigenspace_rotation, family_point, family_points
from ..models.registry import make_network
from .instancegen import network_instance, random_qmatrix
from .kawaguchi import point_finders
from .registry import check_instance, get_claim, prover


def _rows(Ws) -> list:
    return [W.tostrings() for W in Ws]


def _show(M: QMatrix) -> str:
    return "[" + ", ".join("[" + ", ".join(row) + "]" for row in M.tostrings()) + "]"


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


prover("BH-4", instances=lambda: _bh45_instances("A"))
prover("BH-5", instances=lambda: _bh45_instances("B"))


# -- BH-6 ----------------------------------------------------------------------------------
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


prover("BH-6", instances=_bh6_instances)


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


def _rotation(inst):
    """Witness ``rotation``: a rational rotation commuting with Sigma that moves col(A)
    (:func:`~symlandscape.landscape.families.eigenspace_rotation`), or None."""
    if inst.weights is None or len(inst.widths) != 3:
        return None
    rot = eigenspace_rotation(inst.env["X"], inst.env["Y"], inst.env["W2"])
    return None if rot is None else rot[1].tostrings()


prover("BH-7", instances=_bh7_instances, witnesses={**point_finders("weights"), "rotation": _rotation})

_CONTINUUM = ("continuum_rotation", "continuum_critical", "continuum_same_loss", "continuum_other_product")


def continuum_note(inst, certificate: dict | None) -> str:
    """The sentence saying that BH-7's critical family through ``inst`` is a continuum, read
    from the certificate's ``continuum_*`` values; "" when they do not show one."""
    if certificate is None:
        return ""
    facts = {f["key"]: f["value"] for f in certificate["facts"]}
    if not all(facts.get(k) is True for k in _CONTINUUM):
        return ""
    R = QMatrix(certificate["witnesses"]["rotation"])
    lam = eigenspace_rotation(inst.env["X"], inst.env["Y"], inst.env["W2"])[0]
    return (f"the family is a continuum: the Cayley rotation R = {_show(R)} inside the eigenspace of "
            f"the repeated eigenvalue {lam} of Sigma maps the point to another critical point "
            f"(R A, (R A)^+ Y X^+) with the same loss and a different product A B")


def bh7_enumeration() -> list:
    """Every critical family of the BH-7 cases, classified: one row per (case, I) with
    ``widths``, ``s``, ``I`` (1-based), ``loss``, ``inertia``, ``verdict``, the claim's
    ``status`` and ``reason`` on that point, and ``continuum`` (:func:`continuum_note`)."""
    claim = get_claim("BH-7")
    rows = []
    for case in range(len(_BH7_CASES)):
        for I, inst in _bh7_points(case):
            c = classify(make_network("deep_linear", inst.widths, inst.env["X"], inst.env["Y"]), inst.weights)
            v = claim.check(inst)
            rows.append({"widths": list(inst.widths), "s": _BH7_CASES[case][1], "I": [i + 1 for i in I],
                         "loss": c.loss, "inertia": c.inertia, "verdict": c.verdict,
                         "status": v.status, "reason": v.reason, "continuum": continuum_note(inst, v.certificate)})
    return rows


# -- AW-004-THM8 and AW-004-DEF3: the search ------------------------------------------------
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


def _convexity(inst):
    """Witness ``convexity`` (:func:`~symlandscape.landscape.convexity.convexity_witnesses`)."""
    w = convexity_witnesses(inst.widths, inst.env["X"], inst.env["Y"])
    return None if w is None else {kind: [_rows(P) for P in pair] for kind, pair in w.items()}


prover("AW-004-THM8", instances=_search_instances,
       witnesses={**point_finders("weights"), "convexity": _convexity})
prover("AW-004-DEF3", instances=_search_instances, witnesses=point_finders("weights"))


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
    decl = get_claim("AW-004-THM8").decl
    out = dict.fromkeys(("instances", "critical", "saddles", "higher_order", "part4_saddles",
                         "undetermined", "nonzero_X_fails"), 0)
    for part in range(1, 5):
        out[f"part {part}"], out[f"first part {part}"] = 0, None
    for inst in _search_instances():
        v = check_instance(decl, inst)
        out["instances"] += 1
        if v.status == "undetermined":
            out["undetermined"] += 1
            continue
        facts = {f["key"]: f for f in v.certificate["facts"]}
        if facts.get("critical", {}).get("value") is True:
            out["critical"] += 1
            if facts.get("classification.global_min", {}).get("value") is not True:
                out["saddles"] += 1
                out["higher_order"] += "classification.descends" in facts
                widths, H = inst.widths, inst.H
                mid = functools.reduce(lambda acc, W: W @ acc, inst.weights[1:H], QMatrix.eye(widths[1]))
                out["part4_saddles"] += mid.rank() == min(widths[1:-1])
        failed = {f["text"].split(":")[0] for f in v.certificate["facts"]
                  if f["role"] == "conclusion" and f["value"] is not True}
        for part in sorted(failed):
            out[part] += 1
            out[f"first {part}"] = out[f"first {part}"] or (f"{inst.name}, X = {_show(inst.env['X'])}, "
                                                             f"Y = {_show(inst.env['Y'])}")
        out["nonzero_X_fails"] += bool(failed) and not inst.env["X"].is_zero()
    return out


def thm8_summary_text() -> str:
    """One paragraph: the tally of :func:`thm8_search_summary` (for reports)."""
    s = thm8_search_summary()
    parts = "; ".join(f"part {k} fails on {s[f'part {k}']}" + (f" (first: {s[f'first part {k}']})"
                                                               if s[f"first part {k}"] else "")
                      for k in range(1, 5))
    return (f"Whole search: {s['instances']} instances, {s['critical']} critical points, {s['saddles']} "
            f"saddles ({s['higher_order']} with a semidefinite Hessian, {s['part4_saddles']} with "
            f"rank(W_H...W_2) = p), {s['undetermined']} undetermined: {parts}; failures with X != 0: "
            f"{s['nonzero_X_fails']}")


# -- AW-004-BH6 ------------------------------------------------------------------------------
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


prover("AW-004-BH6", instances=_aw_bh6_instances)
