r"""Yun–Sra–Jadbabaie, "Global optimality conditions for deep neural networks" [seed 001]:
YSJ-R, YSJ-2.1, YSJ-2.2, YSJ-P3.1, YSJ-P3.2, YSJ-GRAD, YSJ-2.3 and the statement as
written AW-001-TRUNC, and the findings derived from them (YSJ-2.1-NONCRIT,
YSJ-2.2-NONCRIT, YSJ-2.3-NOBOUND).

Statements only: the instance families and the witness finders (the basis of col(Uhat),
factorisations of R*, the rational eps of YSJ-GRAD, classification curves, closed forms
for reports) are in :mod:`symlandscape.provers.yun_sra_jadbabaie`.

Notation (THEOREMS.md wins over the seed where they differ)
-----------------------------------------------------------
Widths ``d_0 = d_x, d_1, ..., d_H, d_{H+1} = d_y``; ``P = W_{H+1} ... W_1``;
``k = min(d_0, ..., d_{H+1})`` over *all* layers and ``p`` any index attaining it
(``0 <= p <= H + 1``; every claim is checked for every such ``p``);
``M = Y X^T (X X^T)^-1`` (written ``Y X^+`` in the facts, equal when ``X X^T`` is
invertible); ``Sigma = M X X^T M^T = Y X^+ X Y^T``, so the singular values of
``Y X^T (X X^T)^-1 X`` are the square roots of the eigenvalues of Sigma and ``Uhat``
(its first k left singular vectors) spans the top-k eigenspace of Sigma;
``A_i = W_{i+1}^T ... W_{H+1}^T = (W_{H+1} ... W_{i+1})^T`` (``0 <= i <= H+1``,
``A_{H+1} = I``, ``A_0 = P^T``), ``B_i = W_1^T ... W_{i-1}^T`` (``1 <= i <= H+2``,
``B_1 = I``), ``C_p = W_{H+1} ... W_{p+1} = A_p^T`` and ``E = (P X - Y) X^T``.
The gradient blocks ``dL/dW_i`` are compared as matrices: the ``i``-th block of the
gradient column (theta order, ``vec`` stacking columns) is un-vectorised to
``d_i x d_{i-1}`` (``["unvec", ["rows", grad, block], d_i, d_{i-1}]``).

How the statements are decided exactly
--------------------------------------
* *Global minimum*: the shared test of CLASSIFY (loss equal to ``1/2 ||Y||^2 - 1/2 S_k``,
  ``S_k`` the sum of the k largest eigenvalues of Sigma):
  :func:`symlandscape.theorems.classification.global_min_expr`.
* *"s equals S_k(S)"* for other scalars ``s`` (the relaxed optimum, the Eckart-Young
  optimum): :func:`top_k_sum_expr`, ``s = tr(Pi_B S)`` and ``top_sum_attained(S, B, k)``
  for the subspace ``col(B)`` that attains it (``R* X``, resp. ``col(V)``, V the basis of
  ``col(Uhat)``), decided in polynomial time (the argument is in
  :mod:`symlandscape.landscape.globalmin`); the one place to change that test.
* *col(C) = col(Uhat)* without computing Uhat (usually irrational): with distinct
  eigenvalues, ``col(C)`` is the top-k eigenspace iff ``rank C = k``, ``Sigma C`` lies
  in ``col(C)`` (an invariant subspace is spanned by k eigenvectors) and
  ``tr(proj(C) Sigma)`` (the sum of those eigenvalues) equals ``S_k``
  (``top_sum_attained``).
* *Distinct singular values* [line 56]: the minimal polynomial of the symmetric Sigma
  has degree ``d_y``, i.e. ``rank [vec I, vec Sigma, ..., vec Sigma^{d_y - 1}] = d_y``.
* *Saddle*: not a local minimum (a negative Hessian eigenvalue, or a curve along which
  the loss drops: ``descends``) and not a local maximum (a positive Hessian
  eigenvalue, or a curve whose lowest non-constant loss term is odd or positive),
  from the exact classification of the point (the CLASSIFY statement, scoped
  ``classification``; its curve is the witness ``classification.curve``).
* YSJ-GRAD: ``||C^T E||^2 >= lambda_min(C C^T) ||E||^2`` with ``lambda_min``
  algebraic is decided by one rational inertia: for ``e = ||E||^2 > 0`` and
  ``g = ||C^T E||^2`` it holds iff ``lambda_min <= g / e`` iff ``e C C^T - g I`` has an
  eigenvalue ``<= 0`` (fewer than ``d_y`` positive eigenvalues). Membership in
  ``W_eps``: ``C C^T - eps^2 I`` has no negative eigenvalue, for a rational ``eps``
  below ``sigma_min`` found by exact root isolation (the witness ``eps``).
  ``sigma_min(C)`` means the ``d_y``-th singular value, ``sqrt(lambda_min(C C^T))``
  (0 when ``d_1 < d_y``). The seed uses the bound where ``k = d_y <= d_1`` and the two
  conventions agree; with "the smallest of the ``min(d_y, d_1)`` singular values"
  the inequality is false when ``d_1 < d_y`` (``C^T`` has a kernel):
  see :func:`grad_convention_example`.
* YSJ-2.3 (population risk): for ``x`` with second-moment matrix ``S`` (the zero mean
  is not needed) and ``y = R x + xi``, ``xi`` independent, ``E xi = 0``,
  ``E xi xi^T = I``,
  ``1/2 E||P x - y||^2 = 1/2 tr((P - R) S (P - R)^T) + d/2 = 1/2 ||(P - R) S^(1/2)||_F^2 + d/2``
  (the cross term has mean zero). A ``residual_linear`` instance encodes the
  distribution by its data: ``S = X X^T`` (rank d) and ``R = Y X^+`` with ``Y = R X``
  exactly (``Y X^+ X = Y``); then ``1/2 tr((P - R) X X^T (P - R)^T) = 1/2 ||P X - Y||^2``
  identically in the weights, so the population risk is the instance's residual loss
  plus ``d/2``: same gradient, same critical points, and the global minima are the
  points with ``(P - R) S = 0`` (risk ``d/2``, attained at ``P = R``, e.g.
  ``W_1 = R - I``). Every rational positive definite ``S`` has such an ``X``
  (``S = L D L^T``; each entry of ``D`` is a sum of four rational squares), and a
  covariance ``c S`` (e.g. ``X X^T / m``) scales the risk minus ``d/2`` by ``c > 0``:
  same critical points and minima. ``sigma_max(W_i) < 1`` is decided as
  ``I - W_i^T W_i`` positive definite (exact inertia). It forces ``det(I + W_i) > 0``
  (``I + t W_i`` is invertible for ``0 <= t <= 1``), so when ``det R < 0`` the region
  holds no critical point and the corollary is vacuous there: dropping ``det R > 0``
  costs nothing.

Findings
--------
* AW-001-TRUNC fails: eq (4)'s ``R* = Uhat Uhat^T M`` is not in general the truncated SVD
  of ``M = Y X^T (X X^T)^-1``. Minimal instance (smallest dimensions, then entries in
  {-1, 0, 1} by largest entry, number of nonzeros, number of negative entries; the
  257 instances before it that meet line 56 hold):
  ``X = [[0, 1], [1, 1]]``, ``Y = [[1, 0], [1, 1]]``,
  widths [2, 1, 2]: ``M = [[-1, 1], [0, 1]]``, ``Sigma = [[1, 1], [1, 2]]``,
  ``M M^T = [[2, 1], [1, 1]]``; ``||R* - M||^2 = 3/2 - 3 sqrt(5)/10 ~ 0.829 >
  (3 - sqrt 5)/2 ~ 0.382``, the Eckart–Young optimum. Corrected: ``R*`` is the best
  rank-k approximation of M in the X-weighted norm ``||(R - M) X||_F`` (equivalently
  ``R* (X X^T)^(1/2)`` is the truncated SVD of ``M (X X^T)^(1/2)``); it is the truncated
  SVD of M when ``X X^T`` is a multiple of I.
* The "iff" of Theorems 2.1/2.2 needs criticality: ``[1, 1, 1]``, ``X = Y = [[1]]``,
  ``W = (1, 2)`` has a full-rank product and is not a minimum
  (YSJ-2.1-NONCRIT, YSJ-2.2-NONCRIT).
* Corollary 2.3 is sharp in ``sigma_max(W_i) < 1``: ``d = 1``, ``H = 1``,
  ``W = (-1, -1)`` (``sigma_max = 1``) is a critical point (a strict saddle) with
  product 0, not a global minimum (YSJ-2.3-NOBOUND).
"""

__all__ = ["min_width_indices", "top_k_sum_expr", "top_subspace_expr", "distinct_expr", "trunc_criterion_2x2",
           "surd_text", "MAX_HESSIAN_PARAMS"]

import re
from fractions import Fraction

from .classification import classify_point, global_min_expr, rises_expr
from .declare import declare, derive

SIGMA = ["mul", "Y", ["pinv", "X"], "X", ["T", "Y"]]   # = Y X^T (XX^T)^-1 X Y^T for full-rank X
M_EXPR = ["mul", "Y", ["pinv", "X"]]                   # = Y X^T (XX^T)^-1
XXT = ["mul", "X", ["T", "X"]]
#: Hessian facts are re-verified with O(n^2) hyper-dual evaluations: the classification of
#: a point with more parameters is stated only where a saddle conclusion needs it.
MAX_HESSIAN_PARAMS = 40
_PAPER = "Yun-Sra-Jadbabaie 2018"


# -- notation ----------------------------------------------------------------------------------
def min_width_indices(widths) -> tuple:
    """``(k, ps)``: ``k = min(d_0, ..., d_{H+1})`` and every index ``p`` attaining it.

    >>> min_width_indices([3, 2, 4, 2])
    (2, [1, 3])
    >>> min_width_indices([1, 2, 2])
    (1, [0])
    """
    k = min(widths)
    return k, [i for i, d in enumerate(widths) if d == k]


def _prod(widths, i: int, j: int):
    """Expression of ``W_j ... W_i`` (1-based; the identity of size d_{i-1} when j < i)."""
    if j < i:
        return ["eye", widths[i - 1]]
    if i == j:
        return f"W{i}"
    return ["mul", *[f"W{t}" for t in range(j, i - 1, -1)]]


def _A(widths, i: int):
    """``A_i = (W_{H+1} ... W_{i+1})^T`` (d_i x d_y)."""
    return ["T", _prod(widths, i + 1, len(widths) - 1)]


def _B(widths, i: int):
    """``B_i = (W_{i-1} ... W_1)^T`` (d_x x d_{i-1})."""
    return ["T", _prod(widths, 1, i - 1)]


def _C(widths, p: int):
    """``C_p = W_{H+1} ... W_{p+1}`` (d_y x d_p)."""
    return _prod(widths, p + 1, len(widths) - 1)


def _args(s, Ws=None) -> list:
    return [s.view.model, "X", "Y", s.view.weight_names if Ws is None else Ws]


def _offsets(widths) -> list:
    """Start of each layer's block in the gradient column (theta order)."""
    out = [0]
    for i in range(len(widths) - 1):
        out.append(out[-1] + widths[i + 1] * widths[i])
    return out


def _power(name: str, e: int, d: int):
    if e == 0:
        return ["eye", d]
    return name if e == 1 else ["mul", *([name] * e)]


def distinct_expr(dy: int, S: str = "Sigma"):
    """Sigma (symmetric) has d_y distinct eigenvalues iff I, Sigma, ..., Sigma^{d_y-1} are
    linearly independent (the minimal polynomial has degree d_y)."""
    return ["eq", ["rank", ["hstack", *[["vec", _power(S, e, dy)] for e in range(dy)]]], dy]


def top_k_sum_expr(S, B, k: int, s):
    """Boolean: the scalar expression ``s`` is the sum of the k largest eigenvalues of the
    symmetric PSD ``S``, witnessed by the subspace ``col(B)`` (``rank B <= k``):
    ``s = tr(Pi_B S)`` and ``tr(Pi_B S) = S_k`` (``top_sum_attained``). Always sound;
    complete when ``col(B)`` is a space on which the optimum is attained (the callers'
    ``s`` equals ``tr(Pi_B S)`` identically, or by the Eckart-Young argument of
    :mod:`symlandscape.landscape.globalmin`).

    The one place where this module builds this test (the global-minimum test itself
    is CLASSIFY's :func:`~symlandscape.theorems.classification.global_min_expr`).

    >>> top_k_sum_expr("S", "B", 1, ["q", "2"])[2]
    ['top_sum_attained', 'S', 'B', 1]
    """
    return ["and", ["eq", s, ["trace", ["mul", ["proj", B], S]]], ["top_sum_attained", S, B, k]]


def top_subspace_expr(C, k: int, dy: int, S: str = "Sigma"):
    """Boolean: col(C) is a (the, with a gap) k-dimensional top eigenspace of ``S``:
    rank k, S-invariant, and its eigenvalue sum ``tr(proj(C) S)`` is ``S_k``
    (``top_sum_attained``; ``rank C <= k`` is required). ``dy`` is unused since the
    additive compound is no longer built, and kept for the callers."""
    return ["and", ["eq", ["rank", C], k], ["colspace_le", ["mul", S, C], C],
            ["top_sum_attained", S, C, k]]


def _critical_expr(s, Ws=None):
    return ["is_zero", ["grad", *_args(s, Ws)]]


def _global_min(s, Ws):
    """CLASSIFY's global-minimum test at ``Ws`` (a boolean expression)."""
    return global_min_expr(s.view.widths, _args(s, Ws))


def _met(s) -> bool:
    """Every hypothesis stated so far holds (a derived claim's dropped ones are values)."""
    return s.status()[0] != "hypotheses not met"


def _need_point(s) -> None:
    s.require(s.view.has_point, "needs a point: the instance has no \"weights\"")


def _lit_matrix(s, w, shape: tuple, name: str) -> list:
    """``["lit", rows]`` for a witness matrix, after checking that it has ``shape``."""
    ok = (isinstance(w, list) and len(w) == shape[0]
          and all(isinstance(r, list) and len(r) == shape[1] for r in w))
    s.require(ok, f"witness {name} must be a {shape[0]} x {shape[1]} matrix")
    return ["lit", w]


def _n_params(widths) -> int:
    return _offsets(widths)[-1]


def _define_data(s) -> None:
    s.define("M", M_EXPR)
    s.define("Sigma", SIGMA)


def _line56(s, widths, m: int) -> None:
    """The seed's standing assumptions as hypotheses [line 56]."""
    dx, dy = widths[0], widths[-1]
    s.hypothesis("d_y <= d_x <= m [line 56]", ["and", ["le", dy, dx], ["le", dx, m]], key="dims")
    s.hypothesis("X X^T has full rank", ["eq", ["rank", XXT], dx], key="xxt_full_rank")
    s.hypothesis("Y X^T has full rank", ["eq", ["rank", ["mul", "Y", ["T", "X"]]], min(dx, dy)],
                 key="yxt_full_rank")
    s.hypothesis("the singular values of Y X^T (X X^T)^-1 X are distinct "
                 "(rank [vec I, vec Sigma, ..., vec Sigma^(d_y-1)] = d_y)", distinct_expr(dy), key="distinct_sv")


# -- saddles from the exact classification -----------------------------------------------------
def _classify(s, Ws, force: bool = False):
    """State the classification of ``Ws`` (as values, keys ``classification.*``) when the
    point is small enough or ``force``; the scoped run (its ``extra``), or None."""
    if not force and _n_params(s.view.widths) > MAX_HESSIAN_PARAMS:
        return None
    sc = s.scoped("classification")
    classify_point(sc, Ws)
    return sc


def _lowest_term(coeffs) -> tuple:
    for d in range(1, len(coeffs)):
        if coeffs[d] != 0:
            return d, coeffs[d]
    return None, 0


def _saddle_expr(s, args, inertia, curve):
    """A boolean expression certifying "neither a local minimum nor a local maximum" from
    the Hessian's inertia and the classification's curve (and the curve with its first
    layer's directions negated), or None."""
    if inertia is None:
        return None
    n_plus, n_minus, _ = inertia
    Hin = ["inertia", ["hessian", *args]]
    not_min = ["ne", ["at", Hin, 1], 0] if n_minus else None
    not_max = ["ne", ["at", Hin, 0], 0] if n_plus else None
    if (not_min is None or not_max is None) and curve is not None:
        steps = [[["lit", C] for C in step] for step in curve]
        flipped = [[["neg", C] if j == 0 else C for j, C in enumerate(step)] for step in steps]
        for cur in (steps, flipped):
            cexpr = ["loss_curve", *args, cur]
            coeffs = s.peek(cexpr)
            d, coef = _lowest_term(coeffs)
            if d is None:
                continue
            if not_min is None and (d % 2 or coef < 0):
                not_min = ["descends", cexpr]
            if not_max is None and (d % 2 or coef > 0):
                not_max = rises_expr(cexpr, coeffs)
    if not_min is None or not_max is None:
        return None
    return ["and", not_min, not_max]


def _saddle_conclusion(s, Ws, sc, text: str) -> None:
    """Conclude "W is a saddle" from the classification ``sc``, or mark undetermined."""
    args = _args(s, Ws)
    w = _saddle_expr(s, args, sc.extra.get("inertia"), s.witnesses.get("classification.curve"))
    if w is not None:
        s.conclusion(text, w, key="saddle")
        return
    Hin = ["inertia", ["hessian", *args]]
    verdict = sc.extra["verdict"]
    if verdict in ("local minimum", "global minimum"):
        s.conclusion(text + " (fails: the Hessian has no negative eigenvalue and the point is a "
                     f"{verdict})", ["ne", ["at", Hin, 1], 0], key="saddle")
    elif verdict == "local maximum":
        s.conclusion(text + " (fails: a local maximum)", ["ne", ["at", Hin, 0], 0], key="saddle")
    else:
        s.undetermined(f"no saddle certificate: {sc.extra['detail']}")


# -- YSJ-R -----------------------------------------------------------------------------------------
@declare("YSJ-R", seed="001",
         statement="relaxed problem min_{rank R <= k} 1/2 ||R X - Y||^2: R* = Y X^T (XX^T)^-1 (k = d_y) "
                   "or Uhat Uhat^T Y X^T (XX^T)^-1 (k < d_y); L_0(R*) <= inf L; every W with product R* "
                   "is a global minimum",
         kinds=("deep_linear",), location="section 3.1, eqs (3)-(4)",
         paper=f"{_PAPER}, Section 3.1, eqs (2)-(4)")
def _ysj_r(s):
    """Hypotheses: ``X X^T`` invertible; for ``k < d_y`` distinct singular values of
    ``Y X^T (X X^T)^-1 X`` (line 56; it makes ``col(Uhat)`` unique).

    Conclusions: the basis ``V`` of ``col(Uhat)`` (witness ``uhat_basis``; undetermined
    when col(Uhat) is irrational) spans the top-k eigenspace of Sigma; ``rank R* <= k``;
    ``L_0(R*) = 1/2 ||Y||^2 - 1/2 S_k``, the infimum of L (so ``L_0(R*) <= inf L``, with
    equality); for ``k = d_y`` the first-order condition ``(R* X - Y) X^T = 0`` of the
    strictly convex ``L_0``. At the instance's point: ``L(W) >= L_0(R*)``, and when
    ``W_{H+1} ... W_1 = R*``, W is critical and a global minimum. Without a point, a
    factorisation of ``R*`` through the widths (witness ``factorisation``) is checked.
    """
    widths = s.view.widths
    dx, dy, L = widths[0], widths[-1], len(widths) - 1
    k, _ = min_width_indices(widths)
    s.hypothesis("X X^T is invertible", ["eq", ["rank", XXT], dx], key="xxt_invertible")
    _define_data(s)
    if k < dy:
        s.hypothesis("k < d_y: the singular values of Y X^T (X X^T)^-1 X are distinct "
                     "(line 56; col(Uhat) is unique)", distinct_expr(dy), key="distinct_sv")
    if not _met(s):
        return
    if k < dy:
        V = s.witness("uhat_basis")
        if V is None:
            s.undetermined("col(Uhat) is irrational on this instance: eq (4)'s R* has irrational "
                           "entries and cannot be stated exactly")
            return
        s.define("V", _lit_matrix(s, V, (dy, k), "uhat_basis"))
        if not s.conclusion("col(V) = col(Uhat): the top-k eigenspace of Sigma (rank k, invariant, "
                            "eigenvalue sum S_k)", top_subspace_expr("V", k, dy), key="uhat_basis"):
            s.undetermined("the witness V does not span col(Uhat)")
            return
        s.define("Rstar", ["mul", ["proj", "V"], "M"])
    else:
        s.define("Rstar", ["mul", "Y", ["T", "X"], ["inv", XXT]])
        s.conclusion("R* = Y X^T (X X^T)^-1 solves the first-order condition (R* X - Y) X^T = 0",
                     ["is_zero", ["mul", ["sub", ["mul", "Rstar", "X"], "Y"], ["T", "X"]]], key="first_order")
    res = ["sub", ["mul", "Rstar", "X"], "Y"]
    L0 = ["scale", "1/2", ["frob2", res]]
    s.value("L_0(R*) = 1/2 ||R* X - Y||^2", L0, key="relaxed_loss")
    s.conclusion("rank(R*) <= k (feasible for the relaxed problem)",
                 ["or", *[["eq", ["rank", "Rstar"], r] for r in range(k + 1)]], key="feasible")
    s.conclusion("L_0(R*) = 1/2 ||Y||^2 - 1/2 (sum of the k largest eigenvalues of Sigma) = inf L",
                 top_k_sum_expr("Sigma", ["mul", "Rstar", "X"], k, ["sub", ["frob2", "Y"], ["frob2", res]]),
                 key="relaxed_optimum")
    if s.view.has_point:
        Ws = s.view.weight_names
        P = _prod(widths, 1, L)
        s.conclusion("L(W) >= L_0(R*) (relaxation)",
                     ["le", ["frob2", res], ["frob2", ["sub", ["mul", P, "X"], "Y"]]], key="relaxation")
        if s.value("W_{H+1} ... W_1 = R*", ["eq", P, "Rstar"], key="product_is_rstar"):
            _classify(s, Ws)
            s.conclusion("W is critical", _critical_expr(s), key="critical")
            s.conclusion("W is a global minimum (L(W) = L_0(R*) = inf L)",
                         ["and", ["eq", ["loss", *_args(s)], L0], _global_min(s, Ws)], key="global_min")
        return
    fac = s.witness("factorisation")
    if fac is None:
        s.undetermined("no factorisation of R* through the widths was found")
        return
    s.require(isinstance(fac, list) and len(fac) == L, f"witness factorisation must list {L} matrices")
    Ws = [_lit_matrix(s, w, (widths[i + 1], widths[i]), f"factorisation[{i}]") for i, w in enumerate(fac)]
    P = ["mul", *Ws[::-1]] if len(Ws) > 1 else Ws[0]
    if not s.conclusion("the factorisation W of R* through the widths has product R*", ["eq", P, "Rstar"],
                        key="factorisation"):
        s.undetermined("the witness is not a factorisation of R*")
        return
    s.conclusion("W is critical", _critical_expr(s, Ws), key="critical")
    s.conclusion("W is a global minimum (L(W) = L_0(R*) = inf L)",
                 ["and", ["eq", ["loss", *_args(s, Ws)], L0], _global_min(s, Ws)], key="global_min")


# -- YSJ-2.1 / YSJ-2.2 ----------------------------------------------------------------------------
def _in_V(widths, case: str, p: int):
    k, dy = min(widths), widths[-1]
    rank_k = ["eq", ["rank", _prod(widths, 1, len(widths) - 1)], k]
    if case == "2.1":
        return rank_k
    return ["and", rank_k, top_subspace_expr(_C(widths, p), k, dy)]


def _theorem_2x(s, case: str) -> None:
    """Line 56, ``k = d_y`` (2.1) or ``k < d_y`` (2.2), W critical (key ``critical``).
    Conclusions: global minimum iff W in V_1 / V_2, for every p attaining k; at a critical
    point outside V (p the first index attaining k), W is a saddle."""
    _need_point(s)
    widths = s.view.widths
    dy = widths[-1]
    k, ps = min_width_indices(widths)
    Ws = s.view.weight_names
    _define_data(s)
    _line56(s, widths, s.shape("X")[1])
    if case == "2.1":
        s.hypothesis(f"k = d_y (k = {k}, d_y = {dy})", ["eq", k, dy], key="k_eq_dy")
    else:
        s.hypothesis(f"k < d_y (k = {k}, d_y = {dy})", ["lt", k, dy], key="k_lt_dy")
    critical = s.hypothesis("W is a critical point", _critical_expr(s), key="critical")
    if not _met(s):
        return
    gm = _global_min(s, Ws)
    vset = "V_1 (rank W_{H+1}...W_1 = k)" if case == "2.1" else \
        "V_2 (rank W_{H+1}...W_1 = k and col(W_{H+1}...W_{p+1}) = col(Uhat))"
    for p in ps:
        s.conclusion(f"W is a global minimum iff W is in {vset}, p = {p}", ["eq", gm, _in_V(widths, case, p)],
                     key=f"global_min_iff_in_v.p{p}")
    if not critical:     # a derived claim without criticality: no saddle to state
        return
    in_v = s.peek(_in_V(widths, case, ps[0]))
    sc = _classify(s, Ws, force=not in_v)
    if not in_v:
        _saddle_conclusion(s, Ws, sc, f"W (critical, not in {vset.split(' ')[0]}) is a saddle")


@declare("YSJ-2.1", seed="001",
         statement="line-56 assumptions, k = d_y: a critical point is a global minimum iff "
                   "rank(W_{H+1}...W_1) = k; every critical point of smaller rank is a saddle",
         kinds=("deep_linear",), location="Theorem 2.1", paper=f"{_PAPER}, Theorem 2.1")
def _ysj21(s):
    """Hypotheses: line 56 (``d_y <= d_x <= m``, ``X X^T`` and ``Y X^T`` full rank, distinct
    singular values), ``k = d_y``, W critical. Conclusions: global minimum (exact test)
    iff ``rank P = k``, for every p; if ``rank P < k``, W is a saddle (certified from the
    exact classification)."""
    _theorem_2x(s, "2.1")


@declare("YSJ-2.2", seed="001",
         statement="line-56 assumptions, k < d_y: a critical point is a global minimum iff "
                   "rank(W_{H+1}...W_1) = k and col(W_{H+1}...W_{p+1}) = col(Uhat); every other "
                   "critical point is a saddle",
         kinds=("deep_linear",), location="Theorem 2.2", paper=f"{_PAPER}, Theorem 2.2")
def _ysj22(s):
    """As YSJ-2.1 with ``k < d_y`` and V_2; ``col(C_p) = col(Uhat)`` is decided without Uhat
    (rank k, Sigma-invariant, eigenvalue sum S_k), for every index p attaining k."""
    _theorem_2x(s, "2.2")


# -- YSJ-P3.1 ------------------------------------------------------------------------------------
@declare("YSJ-P3.1", seed="001",
         statement="dL/dW_i = A_i E B_i; W in V_1 is critical iff A_p E = 0 and E B_{p+1} = 0; "
                   "rank A_i = k (i <= p), rank B_i = k (i >= p+1)",
         kinds=("deep_linear",), location="eq (5), Proposition 3.1",
         paper=f"{_PAPER}, eq (5) and Proposition 3.1")
def _ysj_p31(s):
    """No data hypotheses (the proof uses ranks only). Conclusions: eq (5) for every
    block; when ``rank P = k`` (hypothesis, else the remaining conclusions are
    recorded as vacuous implications): for every p attaining k, critical iff
    ``A_p E = 0`` and ``E B_{p+1} = 0``, ``rank A_i = k`` for ``1 <= i <= p`` and
    ``rank B_i = k`` for ``p + 1 <= i <= H + 1``."""
    _need_point(s)
    widths = s.view.widths
    L = len(widths) - 1
    k, ps = min_width_indices(widths)
    off = _offsets(widths)
    P = _prod(widths, 1, L)
    s.define("E", ["mul", ["sub", ["mul", P, "X"], "Y"], ["T", "X"]])
    grad = ["grad", *_args(s)]
    for i in range(1, L + 1):
        block = ["unvec", ["rows", grad, list(range(off[i - 1], off[i]))], widths[i], widths[i - 1]]
        s.conclusion(f"dL/dW_{i} = A_{i} E B_{i} (eq 5)", ["eq", block, ["mul", _A(widths, i), "E", _B(widths, i)]],
                     key=f"eq5.w{i}")
    inV1 = ["eq", ["rank", P], k]
    holds = s.peek(inV1)
    (s.hypothesis if holds else s.value)(f"W in V_1: rank W_{{H+1}}...W_1 = k = {k}", inV1, key="in_v1")
    for p in ps:
        facts = [(f"W critical iff A_{p} E = 0 and E B_{p + 1} = 0 (p = {p})",
                  ["eq", ["is_zero", grad], ["and", ["is_zero", ["mul", _A(widths, p), "E"]],
                                             ["is_zero", ["mul", "E", _B(widths, p + 1)]]]], f"critical_iff.p{p}")]
        facts += [(f"rank A_{i} = k (p = {p})", ["eq", ["rank", _A(widths, i)], k], f"rank_a{i}.p{p}")
                  for i in range(1, p + 1)]
        facts += [(f"rank B_{i} = k (p = {p})", ["eq", ["rank", _B(widths, i)], k], f"rank_b{i}.p{p}")
                  for i in range(p + 1, L + 1)]
        for text, e, key in facts:
            if holds:
                s.conclusion(text, e, key=key)
            else:
                s.conclusion(f"W in V_1 implies: {text} (vacuous here)", ["or", ["not", inV1], e], key=key)


# -- YSJ-P3.2 ------------------------------------------------------------------------------------
@declare("YSJ-P3.2", seed="001",
         statement="a critical point in V_1 is a global minimum iff "
                   "col(W_{H+1}...W_{p+1}) = row(A_p) = col(Uhat)",
         kinds=("deep_linear",), location="Proposition 3.2", paper=f"{_PAPER}, Proposition 3.2")
def _ysj_p32(s):
    """Hypotheses: ``X X^T`` invertible; for ``k < d_y`` distinct singular values (line 56;
    Uhat's span unique); W critical; W in V_1. Conclusions for every p attaining k:
    ``col(C_p) = row(A_p)``; global minimum iff ``col(C_p) = col(Uhat)`` (decided
    without Uhat). Value: ``col(C_p) = col(V)`` for the exact basis V of col(Uhat)
    (witness ``uhat_basis``) when it is rational."""
    _need_point(s)
    widths = s.view.widths
    dx, dy = widths[0], widths[-1]
    k, ps = min_width_indices(widths)
    Ws = s.view.weight_names
    _define_data(s)
    s.hypothesis("X X^T is invertible", ["eq", ["rank", XXT], dx], key="xxt_invertible")
    if k < dy:
        s.hypothesis("the singular values of Y X^T (X X^T)^-1 X are distinct (line 56)", distinct_expr(dy),
                     key="distinct_sv")
    s.hypothesis("W is a critical point", _critical_expr(s), key="critical")
    s.hypothesis(f"W in V_1: rank W_{{H+1}}...W_1 = k = {k}", ["eq", ["rank", _prod(widths, 1, len(widths) - 1)], k],
                 key="in_v1")
    if not _met(s):
        return
    gm = _global_min(s, Ws)
    V = s.witness("uhat_basis")
    if V is not None:
        V = _lit_matrix(s, V, (dy, k), "uhat_basis")
        if not s.peek(top_subspace_expr(V, k, dy)):
            V = None      # not a basis of col(Uhat): nothing to record
    for p in ps:
        C = _C(widths, p)
        s.conclusion(f"col(W_{{H+1}}...W_{{{p + 1}}}) = row(A_{p})", ["colspace_eq", C, ["T", _A(widths, p)]],
                     key=f"col_c_eq_row_a.p{p}")
        s.conclusion(f"W is a global minimum iff col(W_{{H+1}}...W_{{{p + 1}}}) = col(Uhat) (p = {p})",
                     ["eq", gm, top_subspace_expr(C, k, dy)], key=f"global_min_iff_uhat.p{p}")
        if V is not None:
            s.value(f"col(W_{{H+1}}...W_{{{p + 1}}}) = col(V), V an exact basis of col(Uhat)",
                    ["colspace_eq", C, V], key=f"col_c_eq_v.p{p}")


# -- YSJ-GRAD ------------------------------------------------------------------------------------
_P_Q = re.compile(r"^-?[0-9]{1,4000}(/[0-9]{1,4000})?$", re.ASCII)


def _rational(x) -> Fraction | None:
    """A witness's rational string in ``p/q`` form, or None. Not ``Fraction(x)`` itself: it
    accepts ``"1e999999999"`` (a billion-digit integer, hours of work on untrusted data).

    >>> _rational("-3/4"), _rational("1e9"), _rational("0.5"), _rational(2)
    (Fraction(-3, 4), None, None, None)
    """
    if not isinstance(x, str) or not _P_Q.match(x):
        return None
    try:
        return Fraction(x)
    except (ValueError, ZeroDivisionError):
        return None


@declare("YSJ-GRAD", seed="001",
         statement="on W_eps = {sigma_min(W_{H+1}...W_2) >= eps}: ||dL/dW_1||_F^2 >= "
                   "sigma_min(W_{H+1}...W_2)^2 ||E||_F^2 >= eps^2 ||E||_F^2; a critical point in W_eps "
                   "has E = 0 and is a global minimum",
         kinds=("deep_linear",), location="lines 116-122",
         paper=f"{_PAPER}, proof of Theorem 2.1 (Section 3.2)")
def _ysj_grad(s):
    """``C = W_{H+1} ... W_2`` (d_y x d_1), ``G = C C^T``; ``sigma_min(C)^2 = lambda_min(G)``.

    Hypotheses: G positive definite (W in W_eps for some eps > 0) and, for the rational
    ``eps`` (witness ``eps``, found below ``sigma_min`` by root isolation), ``G - eps^2 I``
    has no negative eigenvalue. Conclusions: ``dL/dW_1 = C^T E``;
    ``||C^T E||^2 >= lambda_min(G) ||E||^2`` (one exact inertia, see the module
    docstring); ``>= eps^2 ||E||^2``; a critical point has ``E = 0`` and is a global
    minimum; ``rank P = d_y`` implies ``rank C = d_y`` (line 122)."""
    _need_point(s)
    widths = s.view.widths
    L, dy = len(widths) - 1, widths[-1]
    Ws = s.view.weight_names
    P = _prod(widths, 1, L)
    s.define("E", ["mul", ["sub", ["mul", P, "X"], "Y"], ["T", "X"]])
    s.define("C", _C(widths, 1))
    s.define("G", ["mul", "C", ["T", "C"]])
    if not s.hypothesis("sigma_min(W_{H+1}...W_2) > 0: C C^T is positive definite",
                        ["eq", ["at", ["inertia", "G"], 0], dy], key="gram_pd"):
        return
    w = s.witness("eps")
    eps = _rational(w)
    s.require(eps is not None and eps > 0, "witness eps must be a positive rational")
    eps2 = str(eps * eps)
    in_eps = ["eq", ["at", ["inertia", ["sub", "G", ["scale", eps2, ["eye", dy]]]], 1], 0]
    text = f"W in W_eps for eps = {w}: C C^T - eps^2 I has no negative eigenvalue"
    if not s.peek(in_eps):   # the witness, not W, is at fault: W is in W_eps for smaller eps (gram_pd)
        s.value(text, in_eps, key="in_w_eps")
        s.undetermined(f"eps = {w} (witness) is above sigma_min(W_{{H+1}}...W_2): nothing is concluded from it")
        return
    s.hypothesis(text, in_eps, key="in_w_eps")
    grad1 = ["unvec", ["rows", ["grad", *_args(s)], list(range(_offsets(widths)[1]))], widths[1], widths[0]]
    s.conclusion("dL/dW_1 = C^T E (eq 5 with B_1 = I)", ["eq", grad1, ["mul", ["T", "C"], "E"]], key="eq5.w1")
    e, g = ["frob2", "E"], ["frob2", grad1]
    s.conclusion("||dL/dW_1||^2 >= sigma_min(C)^2 ||E||^2 (E = 0, or ||E||^2 C C^T - ||dL/dW_1||^2 I "
                 "has an eigenvalue <= 0)",
                 ["or", ["eq", e, 0],
                  ["ne", ["at", ["inertia", ["sub", ["scale", e, "G"], ["scale", g, ["eye", dy]]]], 0], dy]],
                 key="gradient_bound")
    s.conclusion(f"||dL/dW_1||^2 >= eps^2 ||E||^2 (eps^2 = {eps2})", ["le", ["scale", eps2, e], g],
                 key="gradient_bound_eps")
    s.conclusion("a critical point in W_eps has E = 0 and is a global minimum",
                 ["or", ["not", _critical_expr(s)], ["and", ["is_zero", "E"], _global_min(s, Ws)]],
                 key="critical_global_min")
    s.conclusion("rank W_{H+1}...W_1 = d_y implies rank W_{H+1}...W_2 = d_y (line 122)",
                 ["or", ["ne", ["rank", P], dy], ["eq", ["rank", "C"], dy]], key="line122")


# -- YSJ-2.3 -------------------------------------------------------------------------------------
def _res_P(d: int, L: int):
    f = [["add", f"W{i}", ["eye", d]] for i in range(L, 0, -1)]
    return f[0] if L == 1 else ["mul", *f]


@declare("YSJ-2.3", seed="001",
         statement="residual net, y = R x + xi: population risk = 1/2 ||(P - R) S^(1/2)||_F^2 + d/2; "
                   "if sigma_max(W_i) < 1 for all i, every critical point is a global minimum "
                   "(no det R > 0 needed)",
         kinds=("residual_linear",), location="Corollary 2.3",
         paper=f"{_PAPER}, Corollary 2.3 (= Hardt-Ma 2017, Theorem 2.2)")
def _ysj23(s):
    """Corollary 2.3 (= Hardt-Ma Thm 2.2) on a residual instance, which encodes the
    distribution: ``S = X X^T`` (rank d), ``R = Y X^+`` with ``Y = R X`` (see the module
    docstring for the reduction of the population risk to the residual loss).

    Hypotheses: those two; ``sigma_max(W_i) < 1`` for every i (``I - W_i^T W_i`` positive
    definite; key ``spectral_bound``); W critical. Conclusions: the population risk
    ``1/2 tr((P - R) S (P - R)^T) + d/2`` equals the instance's residual loss plus ``d/2``;
    W is a global minimum of the risk: ``(P - R) S = 0``. Values: ``rank P = d`` and
    ``det(I + W_i) > 0``."""
    _need_point(s)
    widths = s.view.widths
    d, L = widths[0], len(widths) - 1
    s.hypothesis("S = X X^T is positive definite (rank X = d)", ["eq", ["rank", "X"], d], key="s_definite")
    s.hypothesis("y = R x (noise-free part): Y = R X with R = Y X^+", ["eq", ["mul", "Y", ["pinv", "X"], "X"], "Y"],
                 key="y_is_rx")
    bound = [["eq", ["at", ["inertia", ["sub", ["eye", d], ["mul", ["T", f"W{i}"], f"W{i}"]]], 0], d]
             for i in range(1, L + 1)]
    s.hypothesis("sigma_max(W_i) < 1 for every i (I - W_i^T W_i positive definite)",
                 ["and", *bound], key="spectral_bound")
    s.hypothesis("W is a critical point of the population risk (= of the residual loss)", _critical_expr(s),
                 key="critical")
    if not _met(s):
        return
    s.define("S", XXT)
    s.define("R", M_EXPR)
    s.define("P", _res_P(d, L))
    PR = ["sub", "P", "R"]
    s.conclusion("population risk - d/2 = 1/2 tr((P - R) S (P - R)^T) = residual loss of (X, Y = R X)",
                 ["eq", ["scale", "1/2", ["trace", ["mul", PR, "S", ["T", PR]]]], ["loss", *_args(s)]],
                 key="risk_identity")
    s.value("rank (I + W_{H+1})...(I + W_1) = d", ["eq", ["rank", "P"], d], key="full_rank")
    for i in range(1, L + 1):
        s.value(f"det(I + W_{i}) > 0", ["lt", 0, ["det", ["add", f"W{i}", ["eye", d]]]], key=f"det_positive.w{i}")
    _classify(s, s.view.weight_names)
    s.conclusion("W is a global minimum of the population risk: (P - R) S = 0 (risk = d/2)",
                 ["is_zero", ["mul", PR, "S"]], key="global_min")


# -- AW-001-TRUNC ----------------------------------------------------------------------------------
def _traceless(S, n: int):
    return ["sub", S, ["scale", ["scale", f"1/{n}", ["trace", S]], ["eye", n]]]


def trunc_criterion_2x2(S: str = "Sigma", B: str = "MMt") -> list:
    """Boolean expression (d_y = 2, k = 1): the top eigenvector of ``S`` (distinct
    eigenvalues) is a top eigenvector of ``B``.

    Traceless symmetric 2 x 2 matrices ``[[a, b], [b, -a]]`` commute iff they are
    parallel, and then share their eigenvectors; so the top eigenvector of S is a top
    eigenvector of B iff ``B_0 = c S_0`` with ``c >= 0`` (c = 0: B scalar), i.e. iff
    ``S_0 B_0 = B_0 S_0`` and ``tr(S_0 B_0) >= 0`` (``X_0`` = traceless part).

    >>> trunc_criterion_2x2("S", "B")[0]
    'and'
    """
    S0, B0 = _traceless(S, 2), _traceless(B, 2)
    return ["and", ["eq", ["mul", S0, B0], ["mul", B0, S0]], ["le", 0, ["trace", ["mul", S0, B0]]]]


def surd_text(a, b, c: int) -> str:
    """``a + b sqrt(c)`` (rationals a, b; integer c >= 1) written as SymPy writes it.

    >>> surd_text("3/2", "-3/10", 5), surd_text("3/2", "-1/2", 5), surd_text(0, 2, 3)
    ('3/2 - 3*sqrt(5)/10', '3/2 - sqrt(5)/2', '2*sqrt(3)')
    """
    a, b = Fraction(a), Fraction(b)
    if b == 0 or c == 1:
        return str(a + b)
    num, den = abs(b.numerator), b.denominator
    r = (f"sqrt({c})" if num == 1 else f"{num}*sqrt({c})") + (f"/{den}" if den != 1 else "")
    if a == 0:
        return ("-" if b < 0 else "") + r
    return f"{a} {'-' if b < 0 else '+'} {r}"


def _surd(w, key: str):
    """Parse a closed form ``[a, b, c]`` (``a + b sqrt(c)``) of a witness, or None."""
    v = w.get(key) if isinstance(w, dict) else None
    if not (isinstance(v, list) and len(v) == 3 and type(v[2]) is int and v[2] >= 1):
        return None
    a, b = _rational(v[0]), _rational(v[1])
    return None if a is None or b is None else (v[0], v[1], v[2])


def _one(*scales):
    """The 1 x 1 matrix of the product of the scalars (expressions or rational strings)."""
    out = ["eye", 1]
    for q in reversed(scales):
        out = ["scale", q, out]
    return out


def _trunc_closed_forms(s) -> str:
    """``||R* - M||_F^2 = ... > ...`` in radicals (d_y = 2), each checked by facts: with
    ``S_0``, ``B_0`` the traceless parts of Sigma and ``B = M M^T``,
    ``||R* - M||^2 = tr(B)/2 - tr(S_0 B_0) / sqrt(2 tr(S_0^2))`` and the Eckart-Young
    optimum ``lambda_min(B) = tr(B)/2 - sqrt(tr(B_0^2)/2)``; empty when the witness does
    not check."""
    w = s.witness("closed_forms")
    dist, ey = _surd(w, "dist2"), _surd(w, "eckart_young")
    if dist is None or ey is None:
        return ""
    S0, B0 = _traceless("Sigma", 2), _traceless("MMt", 2)
    t, q = ["trace", ["mul", S0, B0]], ["trace", ["mul", S0, S0]]
    half = ["scale", "1/2", ["trace", "MMt"]]
    a, b, c = dist
    ok = s.value(f"closed form: ||R* - M||_F^2 = {surd_text(a, b, c)} "
                 f"(= tr(M M^T)/2 - tr(Sigma_0 B_0) / sqrt(2 tr(Sigma_0^2)), B = M M^T)",
                 ["and", ["eq", ["q", a], half], ["eq", _one(b, b, str(c), "2", q), _one(t, t)],
                  ["eq", ["le", ["q", b], 0], ["le", 0, t]]], key="closed_form.distance")
    a2, b2, c2 = ey
    ok &= s.value(f"closed form: Eckart-Young optimum lambda_min(M M^T) = {surd_text(a2, b2, c2)} "
                  f"(= tr(B)/2 - sqrt(tr(B_0^2)/2))",
                  ["and", ["eq", ["q", a2], half], ["eq", _one(b2, b2, str(c2), "2"), _one(["trace", ["mul", B0, B0]])],
                   ["le", ["q", b2], 0]], key="closed_form.eckart_young")
    return f"||R* - M||_F^2 = {surd_text(a, b, c)} > {surd_text(a2, b2, c2)} " if ok else ""


@declare("AW-001-TRUNC", seed="001",
         statement="R* of eq (4) is the best rank-k approximation of Y X^T (XX^T)^-1 (its truncated SVD)",
         kinds=("deep_linear",), as_written=True, location="line 102, eq (4)",
         paper=f"{_PAPER}, Section 3.1, eq (4), as written",
         corrected="R* = Uhat Uhat^T Y X^T (XX^T)^-1 is the best rank-k approximation of "
                   "M = Y X^T (XX^T)^-1 in the X-weighted norm ||(R - M) X||_F (equivalently, "
                   "R* (XX^T)^(1/2) is the truncated SVD of M (XX^T)^(1/2)); it is the truncated "
                   "SVD of M when X X^T is a multiple of the identity")
def _aw_trunc(s):
    """Hypotheses: line 56 and ``k < d_y`` (eq (4)'s case). ``B = M M^T``.

    The statement holds iff ``||R* - M||^2`` is the Eckart-Young optimum
    ``||M||^2 - S_k(B)``, since ``rank R* <= k`` (equivalently: col(Uhat) is a top-k
    eigenspace of B). For ``d_y = 2`` it is decided by :func:`trunc_criterion_2x2`
    (no eigenvector needed); otherwise from the exact rational basis of col(Uhat)
    (witness ``uhat_basis``; undetermined when it is irrational):
    ``S_k(B) = ||M||^2 - ||R* - M||^2`` by ``top_sum_attained`` on ``col(V)``
    (``||M||^2 - ||R* - M||^2 = tr(Pi_V B)`` since ``R* = Pi_V M``). Values: the corrected
    statement (weighted norm) and the case ``X X^T = c I``; for a failure with
    ``d_y = 2``, the two distances in radicals (witness ``closed_forms``, checked)."""
    widths = s.view.widths
    dx, dy = widths[0], widths[-1]
    k, _ = min_width_indices(widths)
    _define_data(s)
    _line56(s, widths, s.shape("X")[1])
    s.hypothesis(f"k < d_y (eq (4); k = {k}, d_y = {dy})", ["lt", k, dy], key="k_lt_dy")
    if not _met(s):
        return
    s.define("MMt", ["mul", "M", ["T", "M"]])
    xx_scalar = ["eq", XXT, ["scale", ["scale", f"1/{dx}", ["trace", XXT]], ["eye", dx]]]
    s.value("X X^T is a multiple of I", xx_scalar, key="xxt_scalar")
    V = s.witness("uhat_basis")
    decided = False
    if dy == 2:
        crit = trunc_criterion_2x2()
        s.conclusion("R* = Uhat Uhat^T M is the truncated SVD of M (2 x 2 criterion: the top eigenvector "
                     "of Sigma is a top eigenvector of M M^T)", crit, key="truncated_svd_2x2")
        s.value("corrected: X X^T = c I implies R* is the truncated SVD of M", ["or", ["not", xx_scalar], crit],
                key="corrected_scalar_xx_2x2")
        decided = True
    if V is not None:
        s.define("V", _lit_matrix(s, V, (dy, k), "uhat_basis"))
        s.define("Rstar", ["mul", ["proj", "V"], "M"])
        if not s.value("col(V) = col(Uhat) (top-k eigenspace of Sigma)", top_subspace_expr("V", k, dy),
                       key="uhat_basis"):
            s.undetermined("the witness V does not span col(Uhat)")
            return
        dist = ["frob2", ["sub", "Rstar", "M"]]
        best = top_k_sum_expr("MMt", "V", k, ["sub", ["frob2", "M"], dist])
        s.conclusion("||R* - M||_F^2 = Eckart-Young optimum ||M||^2 - (sum of the k largest eigenvalues "
                     "of M M^T): R* is a best rank-k approximation of M", best, key="eckart_young")
        wdist = ["frob2", ["mul", ["sub", "Rstar", "M"], "X"]]
        s.value("corrected: ||(R* - M) X||^2 = tr Sigma - S_k(Sigma) (best in the X-weighted norm)",
                top_k_sum_expr("Sigma", "V", k, ["sub", ["trace", "Sigma"], wdist]), key="corrected_weighted")
        s.value("corrected: X X^T = c I implies R* is the truncated SVD of M", ["or", ["not", xx_scalar], best],
                key="corrected_scalar_xx")
        decided = True
    if not decided:
        s.undetermined("col(Uhat) is irrational and d_y > 2: eq (4)'s R* cannot be stated exactly")
    elif dy == 2 and s.status()[0] == "fails":
        s.explain(f"{_trunc_closed_forms(s)}(the Eckart-Young optimum: R* is optimal only in the "
                  f"X-weighted norm ||(R - M) X||_F)")


# -- findings: a hypothesis dropped ------------------------------------------------------------------
derive("YSJ-2.1", "YSJ-2.1-NONCRIT", drop={"critical"},
       statement="YSJ-2.1 at any point, critical or not: global minimum iff rank(W_{H+1}...W_1) = k",
       finding="Criticality cannot be dropped: widths [1,1,1], X = Y = [[1]], W = (1, 2) has a "
               "full-rank product and loss 1/2 > 0 = inf L.",
       corrected="YSJ-2.1 as stated (at critical points).")
derive("YSJ-2.2", "YSJ-2.2-NONCRIT", drop={"critical"},
       statement="YSJ-2.2 at any point, critical or not: global minimum iff rank = k and "
                 "col(W_{H+1}...W_{p+1}) = col(Uhat)",
       finding="Criticality cannot be dropped: a global minimum with W_1 doubled keeps rank k "
               "and col(W_2) = col(Uhat) but is not a minimum.",
       corrected="YSJ-2.2 as stated (at critical points).")
derive("YSJ-2.3", "YSJ-2.3-NOBOUND", drop={"spectral_bound"},
       statement="YSJ-2.3 without sigma_max(W_i) < 1: every critical point of the residual "
                 "population risk is a global minimum",
       finding="The spectral bound cannot be dropped: d = 1, R = 3, W = (-1, -1) (sigma_max = 1) "
               "is critical with risk 9/2 + d/2, above the minimum d/2.",
       corrected="YSJ-2.3 as stated (sigma_max(W_i) < 1 for all i).")
