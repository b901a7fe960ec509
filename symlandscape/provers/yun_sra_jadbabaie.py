r"""Yun–Sra–Jadbabaie, "Global optimality conditions for deep neural networks" [seed 001]:
YSJ-R, YSJ-2.1, YSJ-2.2, YSJ-P3.1, YSJ-P3.2, YSJ-GRAD, YSJ-2.3 and the statement as
written AW-001-TRUNC.

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
* *Global minimum*: the test of ``landscape.classify`` (loss equal to
  ``1/2 ||Y||^2 - 1/2 S_k``, ``S_k`` the sum of the k largest eigenvalues of Sigma),
  decided by the exact inertia of ``Sigma^[k] - (||Y||^2 - 2 L) I`` (additive compound).
* *col(C) = col(Uhat)* without computing Uhat (usually irrational): with distinct
  eigenvalues, ``col(C)`` is the top-k eigenspace iff ``rank C = k``, ``Sigma C`` lies
  in ``col(C)`` (an invariant subspace is spanned by k eigenvectors) and
  ``tr(proj(C) Sigma)`` (the sum of those eigenvalues) equals ``S_k`` (compound test).
* *Distinct singular values* [line 56]: the minimal polynomial of the symmetric Sigma
  has degree ``d_y``, i.e. ``rank [vec I, vec Sigma, ..., vec Sigma^{d_y - 1}] = d_y``.
* *Saddle*: not a local minimum (a negative Hessian eigenvalue, or a curve along which
  the loss drops: ``descends``) and not a local maximum (a positive Hessian
  eigenvalue, or a curve whose lowest non-constant loss term is odd or positive),
  from the exact classification (:func:`symlandscape.landscape.classify.classify`).
* YSJ-GRAD: ``||C^T E||^2 >= lambda_min(C C^T) ||E||^2`` with ``lambda_min``
  algebraic is decided by one rational inertia: for ``e = ||E||^2 > 0`` and
  ``g = ||C^T E||^2`` it holds iff ``lambda_min <= g / e`` iff ``e C C^T - g I`` has an
  eigenvalue ``<= 0`` (fewer than ``d_y`` positive eigenvalues). Membership in
  ``W_eps``: ``C C^T - eps^2 I`` has no negative eigenvalue, for a rational ``eps``
  below ``sigma_min`` found by exact root isolation.
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
  (:func:`sharpness_instances`, :func:`check_without_criticality`).
* Corollary 2.3 is sharp in ``sigma_max(W_i) < 1``: ``d = 1``, ``H = 1``,
  ``W = (-1, -1)`` (``sigma_max = 1``) is a critical point (a strict saddle) with
  product 0, not a global minimum (:func:`check_without_spectral_bound`).
"""

__all__ = ["min_width_indices", "top_eigenspace", "relaxed_minimiser", "factor_through",
           "rational_eps_below", "check_without_criticality", "check_without_spectral_bound",
           "trunc_criterion_2x2", "trunc_search_summary", "trunc_exact_values",
           "grad_convention_example", "sharpness_instances", "residual_population_facts"]

import functools
import itertools
import random
from math import comb

import flint

from ..exact.inertia import inertia
from ..exact.matrix import QMatrix
from ..exact.numbers import InputError
from ..exact.roots import real_roots
from ..facts.fast import evaluate
from ..instances import Instance
from ..landscape.classify import classify
from ..landscape.critical import data_with_spectrum, rescale, subset_point, zero_layers_point
from ..landscape.curves import loss_along, lowest_term
from ..landscape.spectral import factor_through, rational_eps_below, relaxed_minimiser, top_eigenspace
from ..models.registry import make_network
from ..provers.registry import Evidence
from .common import lit as _lit
from .instancegen import network_instance, random_qmatrix
from .registry import Verdict, register

Q = flint.fmpq
SIGMA = ["mul", "Y", ["pinv", "X"], "X", ["T", "Y"]]   # = Y X^T (XX^T)^-1 X Y^T for full-rank X
M_EXPR = ["mul", "Y", ["pinv", "X"]]                   # = Y X^T (XX^T)^-1
XXT = ["mul", "X", ["T", "X"]]
#: Hessian facts are re-verified with O(n^2) hyper-dual evaluations: include the
#: classification of points with at most this many parameters.
MAX_HESSIAN_PARAMS = 40


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


def _args(inst) -> list:
    return [inst.model, "X", "Y", [f"W{k}" for k in range(1, len(inst.widths))]]


def _power(name: str, e: int, d: int):
    if e == 0:
        return ["eye", d]
    return name if e == 1 else ["mul", *([name] * e)]


def _distinct_expr(dy: int, S: str = "Sigma"):
    """Sigma (symmetric) has d_y distinct eigenvalues iff I, Sigma, ..., Sigma^{d_y-1} are
    linearly independent (the minimal polynomial has degree d_y)."""
    return ["eq", ["rank", ["hstack", *[["vec", _power(S, e, dy)] for e in range(dy)]]], dy]


def _compound_test(S, k: int, d: int, s):
    """Boolean: ``s`` (a scalar expression) is the sum of the k largest eigenvalues of ``S``."""
    N = comb(d, k)
    t = ["inertia", ["sub", ["compound", S, k], ["scale", s, ["eye", N]]]]
    # counts are compared with eq/ne only (n- <= N, so "n- < N" is "n- != N")
    return ["and", ["eq", ["at", t, 0], 0], ["ne", ["at", t, 1], N]]


def _global_min_expr(model: str, Ws: list, k: int, dy: int):
    """Boolean: the loss at ``Ws`` is the infimum (same test as ``classify``)."""
    s = ["sub", ["frob2", "Y"], ["scale", "2", ["loss", model, "X", "Y", Ws]]]
    return _compound_test(SIGMA, k, dy, s)


def _top_subspace_expr(C, k: int, dy: int, S: str = "Sigma"):
    """Boolean: col(C) is a (the, with a gap) k-dimensional top eigenspace of ``S``."""
    return ["and", ["eq", ["rank", C], k], ["colspace_le", ["mul", S, C], C],
            _compound_test(S, k, dy, ["trace", ["mul", ["proj", C], S]])]


def _critical_expr(inst):
    return ["is_zero", ["grad", *_args(inst)]]


def _point(inst, claim: str):
    if inst.weights is None:
        raise InputError(f"{claim} needs a point: the instance has no \"weights\"")
    return make_network(inst.model, inst.widths, inst.env["X"], inst.env["Y"]), inst.weights


# -- data assumptions [line 56] ------------------------------------------------------------------
def _line56(ev, widths, m: int) -> bool:
    """Record the seed's standing assumptions as hypotheses; True iff all hold."""
    dx, dy = widths[0], widths[-1]
    ok = ev.hypothesis("d_y <= d_x <= m [line 56]", ["and", ["le", dy, dx], ["le", dx, m]])
    ok &= ev.hypothesis("X X^T has full rank", ["eq", ["rank", XXT], dx])
    ok &= ev.hypothesis("Y X^T has full rank", ["eq", ["rank", ["mul", "Y", ["T", "X"]]], min(dx, dy)])
    ok &= ev.hypothesis("the singular values of Y X^T (X X^T)^-1 X are distinct "
                        "(rank [vec I, vec Sigma, ..., vec Sigma^(d_y-1)] = d_y)", _distinct_expr(dy))
    return ok


def _define_data(ev) -> None:
    ev.define("M", M_EXPR)
    ev.define("Sigma", SIGMA)


def _line56_ok(X: QMatrix, Y: QMatrix) -> bool:
    """The same assumptions in Python (search filters)."""
    dx, m = X.shape
    dy = Y.shape[0]
    if not (dy <= dx <= m) or X.rank() < dx or (Y @ X.T).rank() < min(dx, dy):
        return False
    cp = (Y @ X.pinv() @ X @ Y.T).flint.charpoly()
    return cp.gcd(cp.derivative()).degree() == 0


# -- saddles from an exact classification ----------------------------------------------------------
def _classification_curve(c) -> list | None:
    for f in c.certificate["facts"]:
        e = f["expr"]
        if isinstance(e, list) and e and e[0] == "loss_curve" and f["text"].startswith("loss along"):
            return [[QMatrix(m[1]) for m in step] for step in e[5]]
    return None


def _rises_expr(cexpr, d: int):
    """Lowest non-constant coefficient (degree d) odd, or even and positive."""
    lowest = ["ne", ["at", cexpr, d], 0] if d % 2 else ["lt", 0, ["at", cexpr, d]]
    return ["and", *[["eq", ["at", cexpr, i], 0] for i in range(1, d)], lowest]


def _saddle_witness(inst, net, W, c):
    """A boolean expression certifying "neither a local minimum nor a local maximum"
    from the classification ``c`` (plus an ascent curve where the Hessian has no
    positive eigenvalue), or None."""
    args = _args(inst)
    Hin = ["inertia", ["hessian", *args]]
    if c.inertia is None:
        return None
    n_plus, n_minus, _ = c.inertia
    not_min = ["ne", ["at", Hin, 1], 0] if n_minus else None
    not_max = ["ne", ["at", Hin, 0], 0] if n_plus else None
    curve = _classification_curve(c)
    if (not_min is None or not_max is None) and curve is not None:
        flipped = [[-C if k == 0 else C for k, C in enumerate(step)] for step in curve]
        for cur in (curve, flipped):
            d, coef = lowest_term(loss_along(inst.model, net.X, net.Y, W, cur))
            if d is None:
                continue
            cexpr = ["loss_curve", *args, [[_lit(C) for C in step] for step in cur]]
            if not_min is None and (d % 2 or coef < 0):
                not_min = ["descends", cexpr]
            if not_max is None and (d % 2 or coef > 0):
                not_max = _rises_expr(cexpr, d)
    if not_min is None or not_max is None:
        return None
    return ["and", not_min, not_max]


def _saddle_conclusion(ev, inst, net, W, c, text: str) -> None:
    """Record "W is a saddle" (conclusion) from the classification, or mark undetermined."""
    w = _saddle_witness(inst, net, W, c)
    if w is not None:
        ev.conclusion(text, w)
        return
    Hin = ["inertia", ["hessian", *_args(inst)]]
    if c.verdict in ("local minimum", "global minimum"):
        ev.conclusion(text + " (fails: the Hessian has no negative eigenvalue and the point is a "
                      f"{c.verdict})", ["ne", ["at", Hin, 1], 0])
    elif c.verdict == "local maximum":
        ev.conclusion(text + " (fails: a local maximum)", ["ne", ["at", Hin, 0], 0])
    else:
        ev.undetermined(f"no saddle certificate: {c.reason}")


def _classify_point(ev, inst, net, W):
    c = classify(net, W)
    if net.n_params <= MAX_HESSIAN_PARAMS:
        ev.include(c.certificate, prefix="classification: ")
    return c


# -- YSJ-R ---------------------------------------------------------------------------------------
def _r_instances():
    # k = d_y: R* = M (random data; no eigenvectors needed), the factorisation of R*
    for s, widths in enumerate([[2, 2, 2], [3, 2, 2], [2, 3, 2], [3, 3, 2, 2], [1, 1, 1, 1]]):
        rng = random.Random(10 + s)
        m = widths[0] + 1
        X, Y = random_qmatrix(rng, widths[0], m, widths[0]), random_qmatrix(rng, widths[-1], m)
        R = relaxed_minimiser(X, Y, min(widths))
        yield network_instance(widths, X, Y, rescale(factor_through(widths, R), rng),
                               name=f"k = d_y, {widths}: a factorisation of R*")
    # k < d_y: rational Uhat (data_with_spectrum); the factorisation, then other points
    specs = [([2, 1, 2], 3, [2, 1]), ([3, 2, 3], 4, [3, 2, 1]), ([4, 2, 3], 5, [3, 2, 1]),
             ([3, 1, 2, 3], 4, [3, 2, 1]), ([2, 2, 3], 3, [2, 1, 0])]
    for s, (widths, m, sv) in enumerate(specs):
        rng = random.Random(20 + s)
        X, Y, U = data_with_spectrum(widths[0], widths[-1], m, sv, rng)
        R = relaxed_minimiser(X, Y, min(widths))
        yield network_instance(widths, X, Y, rescale(factor_through(widths, R), rng),
                               name=f"k < d_y, {widths}: a factorisation of R*")
        if s < 3:
            k = min(widths)
            W = subset_point(widths, X, Y, U, list(range(1, k + 1)) if k + 1 <= widths[-1] else [])
            yield network_instance(widths, X, Y, W, name=f"k < d_y, {widths}: a saddle (L >= L_0(R*))")
    rng = random.Random(30)
    X, Y, _ = data_with_spectrum(2, 2, 3, [2, 1], rng)
    yield network_instance([2, 1, 2], X, Y, name="no point: R* factorised by the checker")
    X, Y, _ = data_with_spectrum(2, 2, 3, [1, 1], rng)
    yield network_instance([2, 1, 2], X, Y, name="repeated singular values: Uhat not unique")


@register("YSJ-R", seed="001",
          statement="relaxed problem min_{rank R <= k} 1/2 ||R X - Y||^2: R* = Y X^T (XX^T)^-1 (k = d_y) "
                    "or Uhat Uhat^T Y X^T (XX^T)^-1 (k < d_y); L_0(R*) <= inf L; every W with product R* "
                    "is a global minimum",
          kinds=("deep_linear",), instances=_r_instances, location="section 3.1, eqs (3)-(4)")
def _ysj_r(inst, ev):
    """Hypotheses: ``X X^T`` invertible; for ``k < d_y`` distinct singular values of
    ``Y X^T (X X^T)^-1 X`` (line 56; it makes ``col(Uhat)`` unique).

    Conclusions: the basis ``V`` of ``col(Uhat)`` (computed exactly; the check is
    undetermined when it is irrational) spans the top-k eigenspace of Sigma;
    ``rank R* <= k``; ``L_0(R*) = 1/2 ||Y||^2 - 1/2 S_k``, the infimum of L (so
    ``L_0(R*) <= inf L``, with equality); for ``k = d_y`` the first-order condition
    ``(R* X - Y) X^T = 0`` of the strictly convex ``L_0``. At the instance's point:
    ``L(W) >= L_0(R*)``, and when ``W_{H+1} ... W_1 = R*``, W is critical and a global
    minimum. Without a point, the checker factorises ``R*`` through the widths
    (:func:`factor_through`) and checks that point.
    """
    widths, _X, _Y = inst.widths, inst.env["X"], inst.env["Y"]
    dx, dy = widths[0], widths[-1]
    k, _ = min_width_indices(widths)
    ok = ev.hypothesis("X X^T is invertible", ["eq", ["rank", XXT], dx])
    _define_data(ev)
    if k < dy:
        ok &= ev.hypothesis("k < d_y: the singular values of Y X^T (X X^T)^-1 X are distinct "
                            "(line 56; col(Uhat) is unique)", _distinct_expr(dy))
    if not ok:
        return
    if k < dy:
        V = top_eigenspace(evaluate("Sigma", ev.env), k)
        if V is None:
            ev.undetermined("col(Uhat) is irrational on this instance: eq (4)'s R* has irrational "
                            "entries and cannot be stated exactly")
            return
        ev.define("V", _lit(V))
        ev.conclusion("col(V) = col(Uhat): the top-k eigenspace of Sigma (rank k, invariant, "
                      "eigenvalue sum S_k)", _top_subspace_expr("V", k, dy))
        ev.define("Rstar", ["mul", ["proj", "V"], "M"])
    else:
        ev.define("Rstar", ["mul", "Y", ["T", "X"], ["inv", XXT]])
        ev.conclusion("R* = Y X^T (X X^T)^-1 solves the first-order condition (R* X - Y) X^T = 0",
                      ["is_zero", ["mul", ["sub", ["mul", "Rstar", "X"], "Y"], ["T", "X"]]])
    res = ["sub", ["mul", "Rstar", "X"], "Y"]
    ev.value("L_0(R*) = 1/2 ||R* X - Y||^2", ["scale", "1/2", ["frob2", res]])
    ev.conclusion("rank(R*) <= k (feasible for the relaxed problem)",
                  ["or", *[["eq", ["rank", "Rstar"], r] for r in range(k + 1)]])
    ev.conclusion("L_0(R*) = 1/2 ||Y||^2 - 1/2 (sum of the k largest eigenvalues of Sigma) = inf L",
                  _compound_test("Sigma", k, dy, ["sub", ["frob2", "Y"], ["frob2", res]]))
    if inst.weights is not None:
        args = _args(inst)
        P = _prod(widths, 1, len(widths) - 1)
        ev.conclusion("L(W) >= L_0(R*) (relaxation)",
                      ["le", ["frob2", res], ["frob2", ["sub", ["mul", P, "X"], "Y"]]])
        if ev.value("W_{H+1} ... W_1 = R*", ["eq", P, "Rstar"]):
            net, W = _point(inst, "YSJ-R")
            _classify_point(ev, inst, net, W)
            ev.conclusion("W is critical", _critical_expr(inst))
            ev.conclusion("W is a global minimum (L(W) = L_0(R*) = inf L)",
                          ["and", ["eq", ["loss", *args], ["scale", "1/2", ["frob2", res]]],
                           _global_min_expr(inst.model, args[3], k, dy)])
        return
    Ws = [_lit(w) for w in factor_through(widths, evaluate("Rstar", ev.env))]
    P = ["mul", *Ws[::-1]] if len(Ws) > 1 else Ws[0]
    ev.conclusion("the factorisation W of R* through the widths has product R*", ["eq", P, "Rstar"])
    ev.conclusion("W is critical", ["is_zero", ["grad", "deep_linear", "X", "Y", Ws]])
    ev.conclusion("W is a global minimum (L(W) = L_0(R*) = inf L)",
                  ["and", ["eq", ["loss", "deep_linear", "X", "Y", Ws], ["scale", "1/2", ["frob2", res]]],
                   _global_min_expr("deep_linear", Ws, k, dy)])


# -- YSJ-2.1 / YSJ-2.2 ----------------------------------------------------------------------------
def _subset_instances(specs, tag: str):
    """Critical points of every listed eigenvector subset (Baldi–Hornik family), some
    rescaled by weight symmetries; spec = (widths, m, singular values, subsets, seed)."""
    for widths, m, sv, subsets, seed in specs:
        rng = random.Random(seed)
        X, Y, U = data_with_spectrum(widths[0], widths[-1], m, sv, rng)
        for n, I in enumerate(subsets):
            W = subset_point(widths, X, Y, U, list(I))
            if n % 2 == 0:
                W = rescale(W, rng)
            yield network_instance(widths, X, Y, W, name=f"{tag} {widths}, I = {list(I)}")


def _zero_layer_instance(widths, m, sv, zero, seed, tag):
    rng = random.Random(seed)
    X, Y, _ = data_with_spectrum(widths[0], widths[-1], m, sv, rng)
    return network_instance(widths, X, Y, zero_layers_point(widths, zero, rng),
                            name=f"{tag} {widths}, layers {[z + 1 for z in zero]} zero")


_SPECS_21 = [  # k = d_y; p = 0, hidden and H+1 all occur
    ([2, 2, 2], 3, [2, 1], [(), (0,), (1,), (0, 1)], 1),
    ([3, 2, 2], 4, [3, 1], [(0, 1), (1,), ()], 2),
    ([2, 3, 2], 3, [2, 1], [(0, 1), (0,)], 3),
    ([3, 3, 2, 2], 4, [2, 1], [(0, 1), (1,), (0,)], 4),
    ([2, 2, 3, 2, 2], 3, [2, 1], [(0, 1), (1,)], 5),
    ([1, 1, 1, 1], 2, [2], [(0,), ()], 6),
    ([3, 2], 4, [2, 1], [(0, 1)], 7),
]
_SPECS_22 = [  # k < d_y
    ([2, 1, 2], 3, [2, 1], [(), (0,), (1,)], 11),
    ([3, 2, 3], 4, [3, 2, 1], [(0, 1), (0, 2), (1, 2), (2,), ()], 12),
    ([4, 2, 3], 5, [3, 2, 1], [(0, 1), (1, 2)], 13),
    ([3, 1, 2, 3], 4, [3, 2, 1], [(0,), (2,), ()], 14),
    ([3, 2, 1, 3], 4, [3, 2, 1], [(0,), (1,)], 15),
    ([3, 2, 2, 3], 4, [3, 2, 1], [(0, 1), (0, 2)], 16),
    ([2, 2, 1, 2, 2], 3, [2, 1], [(0,), (1,)], 17),
]


def _t21_instances():
    yield from _subset_instances(_SPECS_21, "k = d_y")
    yield _zero_layer_instance([2, 3, 2, 2], 3, [2, 1], [0, 2], 8, "k = d_y")
    yield from _subset_instances([([2, 2, 2], 3, [1, 1], [(0, 1)], 9)], "repeated singular values")
    yield from _subset_instances([([2, 1, 2], 3, [2, 1], [(0,)], 10)], "k < d_y (Theorem 2.2's case)")
    yield sharpness_instances()["YSJ-2.1 non-critical"]


def _t22_instances():
    yield from _subset_instances(_SPECS_22, "k < d_y")
    yield _zero_layer_instance([3, 2, 1, 3], 4, [3, 2, 1], [0, 2], 18, "k < d_y")
    yield from _subset_instances([([3, 2, 3], 4, [2, 2, 1], [(0, 1)], 19)], "repeated singular values")
    yield from _subset_instances([([2, 2, 2], 3, [2, 1], [(0, 1)], 20)], "k = d_y (Theorem 2.1's case)")
    yield sharpness_instances()["YSJ-2.2 non-critical"]


def _in_V(inst, case: str, p: int):
    widths = inst.widths
    k, dy = min(widths), widths[-1]
    P = _prod(widths, 1, len(widths) - 1)
    rank_k = ["eq", ["rank", P], k]
    if case == "2.1":
        return rank_k
    return ["and", rank_k, _top_subspace_expr(_C(widths, p), k, dy)]


def _theorem_2x(inst, ev, case: str, require_critical: bool = True) -> None:
    claim = f"YSJ-{case}"
    net, W = _point(inst, claim)
    widths = inst.widths
    dy = widths[-1]
    k, ps = min_width_indices(widths)
    _define_data(ev)
    ok = _line56(ev, widths, inst.env["X"].shape[1])
    if case == "2.1":
        ok &= ev.hypothesis(f"k = d_y (k = {k}, d_y = {dy})", ["eq", k, dy])
    else:
        ok &= ev.hypothesis(f"k < d_y (k = {k}, d_y = {dy})", ["lt", k, dy])
    crit = _critical_expr(inst)
    if require_critical:
        ok &= ev.hypothesis("W is a critical point", crit)
    else:
        ev.value("W is a critical point (not assumed)", crit)
    if not ok:
        return
    args = _args(inst)
    gm = _global_min_expr(inst.model, args[3], k, dy)
    vset = "V_1 (rank W_{H+1}...W_1 = k)" if case == "2.1" else \
        "V_2 (rank W_{H+1}...W_1 = k and col(W_{H+1}...W_{p+1}) = col(Uhat))"
    for p in ps:
        ev.conclusion(f"W is a global minimum iff W is in {vset}, p = {p}", ["eq", gm, _in_V(inst, case, p)])
    if not require_critical:
        return
    c = _classify_point(ev, inst, net, W)
    p = ps[0]
    if not evaluate(_in_V(inst, case, p), ev.env):
        _saddle_conclusion(ev, inst, net, W, c, f"W (critical, not in {vset.split(' ')[0]}) is a saddle")


@register("YSJ-2.1", seed="001",
          statement="line-56 assumptions, k = d_y: a critical point is a global minimum iff "
                    "rank(W_{H+1}...W_1) = k; every critical point of smaller rank is a saddle",
          kinds=("deep_linear",), instances=_t21_instances, location="Theorem 2.1")
def _ysj21(inst, ev):
    """Hypotheses: line 56 (``d_y <= d_x <= m``, ``X X^T`` and ``Y X^T`` full rank, distinct
    singular values), ``k = d_y``, W critical. Conclusions: global minimum (exact test)
    iff ``rank P = k``, for every p; if ``rank P < k``, W is a saddle (certified from the
    exact classification). :func:`check_without_criticality` drops criticality."""
    _theorem_2x(inst, ev, "2.1")


@register("YSJ-2.2", seed="001",
          statement="line-56 assumptions, k < d_y: a critical point is a global minimum iff "
                    "rank(W_{H+1}...W_1) = k and col(W_{H+1}...W_{p+1}) = col(Uhat); every other "
                    "critical point is a saddle",
          kinds=("deep_linear",), instances=_t22_instances, location="Theorem 2.2")
def _ysj22(inst, ev):
    """As YSJ-2.1 with ``k < d_y`` and V_2; ``col(C_p) = col(Uhat)`` is decided without Uhat
    (rank k, Sigma-invariant, eigenvalue sum S_k), for every index p attaining k."""
    _theorem_2x(inst, ev, "2.2")


def check_without_criticality(inst: Instance) -> Verdict:
    """Theorem 2.1 / 2.2's "global minimum iff in V" at a point *not assumed critical*.

    The claim id is chosen by the instance (``k = d_y``: 2.1, else 2.2). Criticality is
    recorded as a value, so a non-critical point that breaks the equivalence gives
    ``"fails"`` with a re-checkable certificate.

    >>> v = check_without_criticality(sharpness_instances()["YSJ-2.1 non-critical"])
    >>> v.status, v.reason
    ('fails', 'conclusion fails: W is a global minimum iff W is in V_1 (rank W_{H+1}...W_1 = k), p = 0')
    """
    from .registry import check_claim
    case = "2.1" if min(inst.widths) == inst.widths[-1] else "2.2"
    return check_claim(f"YSJ-{case}-NONCRIT", inst)


def _verdict(ev, inst, reason: str | None = None) -> Verdict:
    """The verdict of the recorded facts (with an extended ``reason`` when given)."""
    status, own = ev.status()
    reason = reason or own
    cert = ev.certificate() if status != "undetermined" else None
    if cert is not None:
        cert["reason"] = reason
    return Verdict(ev.claim, status, reason, counterexample=inst.to_dict() if status == "fails" else None,
                   certificate=cert)


# -- YSJ-P3.1 ------------------------------------------------------------------------------------
def _a_p_zero_point(widths, X, Y, rng):
    """A point in V_1 with A_p E = 0 (the layers below p solve it) but, generically,
    E B_{p+1} != 0: not critical (tests the "iff" from the other side)."""
    k, ps = min_width_indices(widths)
    p = ps[0]
    L = len(widths) - 1
    upper = [random_qmatrix(rng, widths[i + 1], widths[i]) for i in range(p, L)]
    C = QMatrix.eye(widths[p])
    for Wi in upper:
        C = Wi @ C
    A = C.T
    M = Y @ X.T @ (X @ X.T).inv()
    T = (A @ A.T).inv() @ A @ M
    return factor_through(widths[:p + 1], T) + upper if p > 0 else upper


def _p31_instances():
    specs = [([2, 2, 2], 3, [2, 1], 31), ([3, 2, 3], 4, [3, 2, 1], 32), ([2, 3, 2], 3, [2, 1], 33),
             ([3, 3, 2], 4, [2, 1], 34), ([2, 2, 3], 3, [2, 1, 0], 35), ([3, 1, 2, 3], 4, [3, 2, 1], 36),
             ([3, 2, 2, 3], 4, [3, 2, 1], 37), ([2, 3, 1, 2, 2], 3, [2, 1], 38)]
    for widths, m, sv, seed in specs:
        rng = random.Random(seed)
        X, Y, U = data_with_spectrum(widths[0], widths[-1], m, sv, rng)
        k = min(widths)
        rnd = [random_qmatrix(rng, widths[i + 1], widths[i]) for i in range(len(widths) - 1)]
        yield network_instance(widths, X, Y, rnd, name=f"{widths}: random point")
        yield network_instance(widths, X, Y, rescale(subset_point(widths, X, Y, U, list(range(k))), rng),
                               name=f"{widths}: critical, top-k subset")
        if k < widths[-1]:
            yield network_instance(widths, X, Y, subset_point(widths, X, Y, U, list(range(1, k + 1))),
                                   name=f"{widths}: critical, another k-subset")
        if 0 < min_width_indices(widths)[1][0] < len(widths) - 1:
            yield network_instance(widths, X, Y, _a_p_zero_point(widths, X, Y, rng),
                                   name=f"{widths}: A_p E = 0, not critical")
        if seed in (32, 37):
            yield network_instance(widths, X, Y, subset_point(widths, X, Y, U, [0]),
                                   name=f"{widths}: critical, rank < k (outside V_1)")
    rng = random.Random(39)
    X, Y, _ = data_with_spectrum(3, 2, 4, [2, 0], rng, x_rank=1)
    yield network_instance([3, 2, 2, 2], X, Y, [random_qmatrix(rng, 2, 3), random_qmatrix(rng, 2, 2),
                                                random_qmatrix(rng, 2, 2)], name="singular X X^T, random point")


@register("YSJ-P3.1", seed="001",
          statement="dL/dW_i = A_i E B_i; W in V_1 is critical iff A_p E = 0 and E B_{p+1} = 0; "
                    "rank A_i = k (i <= p), rank B_i = k (i >= p+1)",
          kinds=("deep_linear",), instances=_p31_instances, location="eq (5), Proposition 3.1")
def _ysj_p31(inst, ev):
    """No data hypotheses (the proof uses ranks only). Conclusions: eq (5) for every
    block; when ``rank P = k`` (hypothesis, else the remaining conclusions are
    recorded as vacuous implications): for every p attaining k, critical iff
    ``A_p E = 0`` and ``E B_{p+1} = 0``, ``rank A_i = k`` for ``1 <= i <= p`` and
    ``rank B_i = k`` for ``p + 1 <= i <= H + 1``."""
    net, W = _point(inst, "YSJ-P3.1")
    widths = inst.widths
    L = len(widths) - 1
    k, ps = min_width_indices(widths)
    args = _args(inst)
    P = _prod(widths, 1, L)
    ev.define("E", ["mul", ["sub", ["mul", P, "X"], "Y"], ["T", "X"]])
    grad = ["grad", *args]
    for i in range(1, L + 1):
        o0, o1 = net.offsets[i - 1], net.offsets[i]
        block = ["unvec", ["rows", grad, list(range(o0, o1))], widths[i], widths[i - 1]]
        ev.conclusion(f"dL/dW_{i} = A_{i} E B_{i} (eq 5)",
                      ["eq", block, ["mul", _A(widths, i), "E", _B(widths, i)]])
    inV1 = ["eq", ["rank", P], k]
    holds = evaluate(inV1, ev.env)
    (ev.hypothesis if holds else ev.value)(f"W in V_1: rank W_{{H+1}}...W_1 = k = {k}", inV1)
    for p in ps:
        facts = [(f"W critical iff A_{p} E = 0 and E B_{p + 1} = 0 (p = {p})",
                  ["eq", ["is_zero", grad], ["and", ["is_zero", ["mul", _A(widths, p), "E"]],
                                             ["is_zero", ["mul", "E", _B(widths, p + 1)]]]])]
        facts += [(f"rank A_{i} = k (p = {p})", ["eq", ["rank", _A(widths, i)], k]) for i in range(1, p + 1)]
        facts += [(f"rank B_{i} = k (p = {p})", ["eq", ["rank", _B(widths, i)], k]) for i in range(p + 1, L + 1)]
        for text, e in facts:
            if holds:
                ev.conclusion(text, e)
            else:
                ev.conclusion(f"W in V_1 implies: {text} (vacuous here)", ["or", ["not", inV1], e])


# -- YSJ-P3.2 ------------------------------------------------------------------------------------
def _p32_instances():
    def top_k(specs):
        return [(w, m, sv, [I for I in subs if len(I) == min(w)], seed) for w, m, sv, subs, seed in specs]
    yield from _subset_instances([s for s in top_k(_SPECS_21) if s[3]], "k = d_y")
    yield from _subset_instances([s for s in top_k(_SPECS_22) if s[3]], "k < d_y")
    yield from _subset_instances([([3, 2, 3], 4, [3, 2, 1], [(0,)], 40)], "outside V_1")


@register("YSJ-P3.2", seed="001",
          statement="a critical point in V_1 is a global minimum iff "
                    "col(W_{H+1}...W_{p+1}) = row(A_p) = col(Uhat)",
          kinds=("deep_linear",), instances=_p32_instances, location="Proposition 3.2")
def _ysj_p32(inst, ev):
    """Hypotheses: ``X X^T`` invertible; for ``k < d_y`` distinct singular values (line 56;
    Uhat's span unique); W critical; W in V_1. Conclusions for every p attaining k:
    ``col(C_p) = row(A_p)``; global minimum iff ``col(C_p) = col(Uhat)`` (decided
    without Uhat). Value: ``col(C_p) = col(V)`` for the exact basis V of col(Uhat) when
    it is rational."""
    _point(inst, "YSJ-P3.2")
    widths = inst.widths
    dx, dy = widths[0], widths[-1]
    k, ps = min_width_indices(widths)
    _define_data(ev)
    ok = ev.hypothesis("X X^T is invertible", ["eq", ["rank", XXT], dx])
    if k < dy:
        ok &= ev.hypothesis("the singular values of Y X^T (X X^T)^-1 X are distinct (line 56)",
                            _distinct_expr(dy))
    ok &= ev.hypothesis("W is a critical point", _critical_expr(inst))
    ok &= ev.hypothesis(f"W in V_1: rank W_{{H+1}}...W_1 = k = {k}",
                        ["eq", ["rank", _prod(widths, 1, len(widths) - 1)], k])
    if not ok:
        return
    args = _args(inst)
    gm = _global_min_expr(inst.model, args[3], k, dy)
    V = top_eigenspace(evaluate("Sigma", ev.env), k)
    for p in ps:
        C = _C(widths, p)
        ev.conclusion(f"col(W_{{H+1}}...W_{{{p + 1}}}) = row(A_{p})", ["colspace_eq", C, ["T", _A(widths, p)]])
        ev.conclusion(f"W is a global minimum iff col(W_{{H+1}}...W_{{{p + 1}}}) = col(Uhat) (p = {p})",
                      ["eq", gm, _top_subspace_expr(C, k, dy)])
        if V is not None:
            ev.value(f"col(W_{{H+1}}...W_{{{p + 1}}}) = col(V), V an exact basis of col(Uhat)",
                     ["colspace_eq", C, _lit(V)])


# -- YSJ-GRAD ------------------------------------------------------------------------------------
def _grad_instances():
    specs = [([2, 2, 2], 3, 51), ([2, 3, 2], 3, 52), ([3, 3, 2, 2], 4, 53), ([2, 2, 3, 2, 2], 3, 54),
             ([3, 4, 3], 4, 55), ([2, 2], 3, 56), ([2, 3, 1], 2, 57)]
    for widths, m, seed in specs:
        rng = random.Random(seed)
        X, Y = random_qmatrix(rng, widths[0], m), random_qmatrix(rng, widths[-1], m)
        W = [random_qmatrix(rng, widths[i + 1], widths[i]) for i in range(len(widths) - 1)]
        yield network_instance(widths, X, Y, W, name=f"{widths}: random point")
    for widths, m, sv, seed in [([2, 2, 2], 3, [2, 1], 58), ([3, 3, 2, 2], 4, [3, 1], 59)]:
        rng = random.Random(seed)
        X, Y, U = data_with_spectrum(widths[0], widths[-1], m, sv, rng)
        yield network_instance(widths, X, Y, rescale(subset_point(widths, X, Y, U, [0, 1]), rng),
                               name=f"{widths}: global minimum (E = 0)")
    rng = random.Random(60)
    X, Y, U = data_with_spectrum(3, 3, 4, [3, 2, 1], rng)
    yield network_instance([3, 2, 3], X, Y, subset_point([3, 2, 3], X, Y, U, [0, 1]),
                           name="d_1 < d_y: sigma_min(W_2) = 0 (outside every W_eps)")
    yield network_instance([2, 2, 2], X.rows([0, 1]), Y.rows([0, 1]),
                           [random_qmatrix(rng, 2, 2), random_qmatrix(rng, 2, 2, rank=1)],
                           name="W_2 singular")


@register("YSJ-GRAD", seed="001",
          statement="on W_eps = {sigma_min(W_{H+1}...W_2) >= eps}: ||dL/dW_1||_F^2 >= "
                    "sigma_min(W_{H+1}...W_2)^2 ||E||_F^2 >= eps^2 ||E||_F^2; a critical point in W_eps "
                    "has E = 0 and is a global minimum",
          kinds=("deep_linear",), instances=_grad_instances, location="lines 116-122")
def _ysj_grad(inst, ev):
    """``C = W_{H+1} ... W_2`` (d_y x d_1), ``G = C C^T``; ``sigma_min(C)^2 = lambda_min(G)``.

    Hypotheses: G positive definite (W in W_eps for some eps > 0) and, for the rational
    ``eps`` of :func:`rational_eps_below`, ``G - eps^2 I`` has no negative eigenvalue.
    Conclusions: ``dL/dW_1 = C^T E``; ``||C^T E||^2 >= lambda_min(G) ||E||^2`` (one exact
    inertia, see the module docstring); ``>= eps^2 ||E||^2``; a critical point has
    ``E = 0`` and is a global minimum; ``rank P = d_y`` implies ``rank C = d_y``
    (line 122)."""
    net, W = _point(inst, "YSJ-GRAD")
    widths = inst.widths
    L, dy = len(widths) - 1, widths[-1]
    k, _ = min_width_indices(widths)
    args = _args(inst)
    P = _prod(widths, 1, L)
    ev.define("E", ["mul", ["sub", ["mul", P, "X"], "Y"], ["T", "X"]])
    ev.define("C", _C(widths, 1))
    ev.define("G", ["mul", "C", ["T", "C"]])
    G = evaluate("G", ev.env)
    if not ev.hypothesis("sigma_min(W_{H+1}...W_2) > 0: C C^T is positive definite",
                         ["eq", ["at", ["inertia", "G"], 0], dy]):
        return
    lam = real_roots(G.flint.charpoly())[0]
    eps = rational_eps_below(lam)
    eps2 = str(eps * eps)
    ev.hypothesis(f"W in W_eps for eps = {eps}: C C^T - eps^2 I has no negative eigenvalue",
                  ["eq", ["at", ["inertia", ["sub", "G", ["scale", eps2, ["eye", dy]]]], 1], 0])
    grad1 = ["unvec", ["rows", ["grad", *args], list(range(net.offsets[1]))], widths[1], widths[0]]
    ev.conclusion("dL/dW_1 = C^T E (eq 5 with B_1 = I)", ["eq", grad1, ["mul", ["T", "C"], "E"]])
    e, g = ["frob2", "E"], ["frob2", grad1]
    ev.conclusion("||dL/dW_1||^2 >= sigma_min(C)^2 ||E||^2 (E = 0, or ||E||^2 C C^T - ||dL/dW_1||^2 I "
                  "has an eigenvalue <= 0)",
                  ["or", ["eq", e, 0],
                   ["ne", ["at", ["inertia", ["sub", ["scale", e, "G"], ["scale", g, ["eye", dy]]]], 0], dy]])
    ev.conclusion(f"||dL/dW_1||^2 >= eps^2 ||E||^2 (eps^2 = {eps2})", ["le", ["scale", eps2, e], g])
    ev.conclusion("a critical point in W_eps has E = 0 and is a global minimum",
                  ["or", ["not", _critical_expr(inst)],
                   ["and", ["is_zero", "E"], _global_min_expr(inst.model, args[3], k, dy)]])
    ev.conclusion("rank W_{H+1}...W_1 = d_y implies rank W_{H+1}...W_2 = d_y (line 122)",
                  ["or", ["ne", ["rank", P], dy], ["eq", ["rank", "C"], dy]])


def grad_convention_example() -> dict:
    """The other reading of sigma_min (smallest of the min(d_y, d_1) singular values)
    breaks the bound: widths [1, 1, 2], ``W_2 = [[1], [0]]`` has the single singular
    value 1, but ``E`` in the kernel of ``W_2^T`` gives ``dL/dW_1 = 0``.

    >>> ex = grad_convention_example()
    >>> ex["grad1_norm2"], ex["sigma_min_other_convention"], ex["E_norm2"], ex["lambda_min_CCt"]
    (0, 1, 1, 0)
    """
    inst = network_instance([1, 1, 2], QMatrix([[1]]), QMatrix([[0], [1]]),
                            [QMatrix([[0]]), QMatrix([[1], [0]])], name="sigma_min conventions")
    net = make_network("deep_linear", inst.widths, inst.env["X"], inst.env["Y"])
    W = inst.weights
    C = W[1]
    E = (net.product(W, 1, 2) @ inst.env["X"] - inst.env["Y"]) @ inst.env["X"].T
    return {"instance": inst, "grad1_norm2": net.gradient_blocks(W)[0].frob2(),
            "sigma_min_other_convention": (C.T @ C)[0, 0], "E_norm2": E.frob2(),
            "lambda_min_CCt": min(r.exact() for r in real_roots((C @ C.T).flint.charpoly()))}


# -- YSJ-2.3 -------------------------------------------------------------------------------------
def _res_P(d: int, L: int):
    f = [["add", f"W{i}", ["eye", d]] for i in range(L, 0, -1)]
    return f[0] if L == 1 else ["mul", *f]


def residual_population_facts(inst: Instance, ev: Evidence, bound_is_hypothesis: bool = True) -> None:
    """Record the facts of Corollary 2.3 (= Hardt–Ma Thm 2.2) on a residual instance.

    The instance encodes the distribution: ``S = X X^T`` (rank d), ``R = Y X^+`` with
    ``Y = R X``. Hypotheses: those two; ``sigma_max(W_i) < 1`` for every i (``I - W_i^T W_i``
    positive definite; a value when ``bound_is_hypothesis`` is False); W critical.
    Conclusions: the population risk ``1/2 tr((P - R) S (P - R)^T) + d/2`` equals the
    instance's residual loss plus ``d/2``; W is a global minimum of the risk:
    ``(P - R) S = 0``. Values: ``rank P = d`` and ``det(I + W_i) > 0``. Shared with HM-1.
    """
    if inst.model != "residual_linear":
        raise InputError("Corollary 2.3 is about residual networks: a residual_linear instance is required")
    net, W = _point(inst, ev.claim)
    d, L = inst.widths[0], len(inst.widths) - 1
    ok = ev.hypothesis("S = X X^T is positive definite (rank X = d)", ["eq", ["rank", "X"], d])
    ok &= ev.hypothesis("y = R x (noise-free part): Y = R X with R = Y X^+",
                        ["eq", ["mul", "Y", ["pinv", "X"], "X"], "Y"])
    for i in range(1, L + 1):
        e = ["eq", ["at", ["inertia", ["sub", ["eye", d], ["mul", ["T", f"W{i}"], f"W{i}"]]], 0], d]
        text = f"sigma_max(W_{i}) < 1 (I - W_{i}^T W_{i} positive definite)"
        if bound_is_hypothesis:
            ok &= ev.hypothesis(text, e)
        else:
            ev.value(text + " (not assumed)", e)
    ok &= ev.hypothesis("W is a critical point of the population risk (= of the residual loss)",
                        _critical_expr(inst))
    if not ok:
        return
    ev.define("S", XXT)
    ev.define("R", M_EXPR)
    ev.define("P", _res_P(d, L))
    PR = ["sub", "P", "R"]
    ev.conclusion("population risk - d/2 = 1/2 tr((P - R) S (P - R)^T) = residual loss of (X, Y = R X)",
                  ["eq", ["scale", "1/2", ["trace", ["mul", PR, "S", ["T", PR]]]], ["loss", *_args(inst)]])
    ev.value("rank (I + W_{H+1})...(I + W_1) = d", ["eq", ["rank", "P"], d])
    for i in range(1, L + 1):
        ev.value(f"det(I + W_{i}) > 0", ["lt", 0, ["det", ["add", f"W{i}", ["eye", d]]]])
    if net.n_params <= MAX_HESSIAN_PARAMS:
        ev.include(classify(net, W).certificate, prefix="classification: ")
    ev.conclusion("W is a global minimum of the population risk: (P - R) S = 0 (risk = d/2)",
                  ["is_zero", ["mul", PR, "S"]])


def _res_instance(d, X, R, W, name):
    X = QMatrix(X)
    R = QMatrix(R)
    return network_instance([d] * (len(W) + 1), X, R @ X, [QMatrix(w) for w in W],
                            model="residual_linear", name=name)


def _small_layer(rng, d: int) -> QMatrix:
    """A random rational d x d matrix with sigma_max < 1 (checked exactly)."""
    while True:
        W = random_qmatrix(rng, d, d, height=2, denominators=(3, 4, 5))
        if inertia(QMatrix.eye(d) - W.T @ W)[0] == d:
            return W


def _t23_instances():
    h = Q(1, 2)
    yield _res_instance(1, [[1, 2]], [[Q(3, 2)]], [[[h]]], "d = 1, H = 0: W_1 = R - I")
    yield _res_instance(1, [[1, -1, 2]], [[Q(9, 4)]], [[[h]], [[h]]], "d = 1, H = 1: (3/2)^2")
    yield _res_instance(1, [[2, 1]], [[Q(1, 8)]], [[[-h]]] * 3, "d = 1, H = 2: (1/2)^3")
    A = QMatrix([[Q(1, 4), Q(1, 3)], [0, -h]])
    IA = QMatrix.eye(2) + A
    yield _res_instance(2, [[1, 0, 1], [0, 1, -1]], IA @ IA, [A, A], "d = 2, H = 1: R = (I + A)^2")
    yield _res_instance(2, [[1, 0], [0, 1]], QMatrix.eye(2), [QMatrix.zeros(2, 2)] * 2, "R = I at W = 0")
    rng = random.Random(70)
    for L, m in [(2, 3), (3, 4), (2, 4)]:
        Ws = [_small_layer(rng, 2) for _ in range(L)]
        R = QMatrix.eye(2)
        for w in Ws:
            R = (QMatrix.eye(2) + w) @ R
        X = random_qmatrix(rng, 2, m, rank=2)
        yield _res_instance(2, X, R, Ws, f"d = 2, H = {L - 1}: random small layers, R their product")
    # X X^T = S with x uniform on the 8 atoms +-v_j (second moment S = V V^T / 4), X = V / 2
    V = QMatrix([[1, 0, 1, 2], [0, 1, -1, 1]])
    yield _res_instance(2, V * h, IA @ IA, [A, A], "X = V / 2 encodes the covariance of +-v_j")
    # hypotheses not met
    yield _res_instance(1, [[1]], [[3]], [[[-1]], [[-1]]], "W = (-1, -1): sigma_max = 1, critical, not a minimum")
    yield _res_instance(2, [[1, 0, 1], [0, 1, 2]], IA @ IA, [-QMatrix.eye(2)] * 2,
                        "W_1 = W_2 = -I: singular layers, critical, not a minimum")
    yield _res_instance(2, [[1, 0], [0, 1]], [[1, 0], [0, -1]], [[[0, 0], [0, -2]]],
                        "det R < 0: W_1 = R - I, sigma_max = 2")
    yield _res_instance(2, [[1, 0], [0, 1]], [[1, 0], [0, -1]], [QMatrix.zeros(2, 2)] * 2,
                        "det R < 0, W = 0: sigma_max < 1 but not critical")


@register("YSJ-2.3", seed="001",
          statement="residual net, y = R x + xi: population risk = 1/2 ||(P - R) S^(1/2)||_F^2 + d/2; "
                    "if sigma_max(W_i) < 1 for all i, every critical point is a global minimum "
                    "(no det R > 0 needed)",
          kinds=("residual_linear",), instances=_t23_instances, location="Corollary 2.3")
def _ysj23(inst, ev):
    """See :func:`residual_population_facts` and the module docstring for the reduction of
    the population risk to the instance's residual loss."""
    residual_population_facts(inst, ev)


def check_without_spectral_bound(inst: Instance) -> Verdict:
    """Corollary 2.3 with ``sigma_max(W_i) < 1`` recorded as a value instead of a hypothesis.

    >>> v = check_without_spectral_bound(sharpness_instances()["YSJ-2.3 sigma_max = 1"])
    >>> v.status
    'fails'
    """
    from .registry import check_claim
    return check_claim("YSJ-2.3-NOBOUND", inst)


def sharpness_instances() -> dict:
    """Instances showing each dropped hypothesis breaks the conclusion.

    * ``"YSJ-2.1 non-critical"``: widths [1, 1, 1], X = Y = [[1]], W = (1, 2): rank P = 1 = k,
      L = 1/2 > 0 = inf L (not critical).
    * ``"YSJ-2.2 non-critical"``: a global minimum of a [2, 1, 2] instance with W_1 doubled:
      rank P = k and col(W_2) = col(Uhat), not a minimum (not critical).
    * ``"YSJ-2.3 sigma_max = 1"``: d = 1, H = 1, R = 3, W = (-1, -1): critical, loss 9/2 > 0.

    >>> sorted(sharpness_instances())
    ['YSJ-2.1 non-critical', 'YSJ-2.2 non-critical', 'YSJ-2.3 sigma_max = 1']
    """
    one = QMatrix([[1]])
    rng = random.Random(80)
    X, Y, U = data_with_spectrum(2, 2, 3, [2, 1], rng)
    W = subset_point([2, 1, 2], X, Y, U, [0])
    return {
        "YSJ-2.1 non-critical": network_instance([1, 1, 1], one, one, [one, QMatrix([[2]])],
                                                 name="non-critical point with a full-rank product"),
        "YSJ-2.2 non-critical": network_instance([2, 1, 2], X, Y, [W[0] * 2, W[1]],
                                                 name="col(W_2) = col(Uhat), product rank k, not critical"),
        "YSJ-2.3 sigma_max = 1": _res_instance(1, [[1]], [[3]], [[[-1]], [[-1]]],
                                               "W = (-1, -1): sigma_max = 1, critical, not a minimum"),
    }


# -- AW-001-TRUNC ----------------------------------------------------------------------------------
def _traceless(S: str, n: int):
    return ["sub", S, ["scale", ["scale", f"1/{n}", ["trace", S]], ["eye", n]]]


def trunc_criterion_2x2(S: str = "Sigma", B: str = "MMt") -> list:
    """Boolean expression (d_y = 2, k = 1): the top eigenvector of ``S`` (distinct
    eigenvalues) is a top eigenvector of ``B``.

    Traceless symmetric 2 x 2 matrices ``[[a, b], [b, -a]]`` commute iff they are
    parallel, and then share their eigenvectors; so the top eigenvector of S is a top
    eigenvector of B iff ``B_0 = c S_0`` with ``c >= 0`` (c = 0: B scalar), i.e. iff
    ``S_0 B_0 = B_0 S_0`` and ``tr(S_0 B_0) >= 0`` (``X_0`` = traceless part).

    >>> env = {"S": QMatrix([[1, 1], [1, 2]]), "B": QMatrix([[2, 1], [1, 1]])}
    >>> evaluate(trunc_criterion_2x2("S", "B"), env), evaluate(trunc_criterion_2x2("S", "S"), env)
    (False, True)
    """
    S0, B0 = _traceless(S, 2), _traceless(B, 2)
    return ["and", ["eq", ["mul", S0, B0], ["mul", B0, S0]], ["le", 0, ["trace", ["mul", S0, B0]]]]


def _search_key(e):
    return (max(abs(x) for x in e), sum(1 for x in e if x), sum(1 for x in e if x < 0), e)


def _trunc_instances():
    """Smallest first. Every instance meeting the hypotheses (line 56 and k < d_y) is
    kept; the others are skipped (they would only report "hypotheses not met").

    1. widths [2, 1, 2], m = 2 (the smallest shape with k < d_y and rank M > k): all
       X, Y with entries in {-1, 0, 1}, by number of nonzeros, then negatives;
    2. larger shapes with rational Uhat (d_y = 3) and X X^T = I (where it holds)."""
    for e in sorted(itertools.product((-1, 0, 1), repeat=8), key=_search_key):
        X, Y = QMatrix([e[0:2], e[2:4]]), QMatrix([e[4:6], e[6:8]])
        if _line56_ok(X, Y):
            yield network_instance([2, 1, 2], X, Y, name=f"search [2, 1, 2], entries {e}")
    for s, (widths, m, sv) in enumerate([([3, 2, 3], 4, [3, 2, 1]), ([4, 1, 3], 5, [3, 2, 1])]):
        X, Y, _ = data_with_spectrum(widths[0], widths[-1], m, sv, random.Random(90 + s))
        yield network_instance(widths, X, Y, name=f"{widths}, rational Uhat")
    X = QMatrix([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]])
    Y = QMatrix([[3, 1, 0, 1], [1, 2, 1, 0], [0, 1, 1, 2]])
    yield network_instance([3, 1, 3], X, Y, name="X X^T = I")


@register("AW-001-TRUNC", seed="001",
          statement="R* of eq (4) is the best rank-k approximation of Y X^T (XX^T)^-1 (its truncated SVD)",
          kinds=("deep_linear",), instances=_trunc_instances, as_written=True,
          corrected="R* = Uhat Uhat^T Y X^T (XX^T)^-1 is the best rank-k approximation of "
                    "M = Y X^T (XX^T)^-1 in the X-weighted norm ||(R - M) X||_F (equivalently, "
                    "R* (XX^T)^(1/2) is the truncated SVD of M (XX^T)^(1/2)); it is the truncated "
                    "SVD of M when X X^T is a multiple of the identity",
          location="line 102, eq (4)")
def _aw_trunc(inst, ev):
    """Hypotheses: line 56 and ``k < d_y`` (eq (4)'s case). ``B = M M^T``.

    The statement holds iff ``||R* - M||^2`` is the Eckart–Young optimum
    ``||M||^2 - S_k(B)``, since ``rank R* <= k`` (equivalently: col(Uhat) is a top-k
    eigenspace of B). For ``d_y = 2`` it is decided by :func:`trunc_criterion_2x2`
    (no eigenvector needed); otherwise from the exact rational basis of col(Uhat)
    (undetermined when it is irrational): ``S_k(B) = ||M||^2 - ||R* - M||^2`` by the
    compound test. Values: the corrected statement (weighted norm) and the case
    ``X X^T = c I``."""
    widths = inst.widths
    dx, dy = widths[0], widths[-1]
    k, _ = min_width_indices(widths)
    _define_data(ev)
    ok = _line56(ev, widths, inst.env["X"].shape[1])
    ok &= ev.hypothesis(f"k < d_y (eq (4); k = {k}, d_y = {dy})", ["lt", k, dy])
    if not ok:
        return
    ev.define("MMt", ["mul", "M", ["T", "M"]])
    xx_scalar = ["eq", XXT, ["scale", ["scale", f"1/{dx}", ["trace", XXT]], ["eye", dx]]]
    ev.value("X X^T is a multiple of I", xx_scalar)
    V = top_eigenspace(evaluate("Sigma", ev.env), k)
    decided = False
    if dy == 2:
        crit = trunc_criterion_2x2()
        ev.conclusion("R* = Uhat Uhat^T M is the truncated SVD of M (2 x 2 criterion: the top eigenvector "
                      "of Sigma is a top eigenvector of M M^T)", crit)
        ev.value("corrected: X X^T = c I implies R* is the truncated SVD of M", ["or", ["not", xx_scalar], crit])
        decided = True
    if V is not None:
        ev.define("V", _lit(V))
        ev.define("Rstar", ["mul", ["proj", "V"], "M"])
        ev.value("col(V) = col(Uhat) (top-k eigenspace of Sigma)", _top_subspace_expr("V", k, dy))
        dist = ["frob2", ["sub", "Rstar", "M"]]
        best = _compound_test("MMt", k, dy, ["sub", ["frob2", "M"], dist])
        ev.conclusion("||R* - M||_F^2 = Eckart-Young optimum ||M||^2 - (sum of the k largest eigenvalues "
                      "of M M^T): R* is a best rank-k approximation of M", best)
        wdist = ["frob2", ["mul", ["sub", "Rstar", "M"], "X"]]
        ev.value("corrected: ||(R* - M) X||^2 = tr Sigma - S_k(Sigma) (best in the X-weighted norm)",
                 _compound_test("Sigma", k, dy, ["sub", ["trace", "Sigma"], wdist]))
        ev.value("corrected: X X^T = c I implies R* is the truncated SVD of M", ["or", ["not", xx_scalar], best])
        decided = True
    if not decided:
        ev.undetermined("col(Uhat) is irrational and d_y > 2: eq (4)'s R* cannot be stated exactly")
    status, reason = ev.status()
    if status == "fails" and dy == 2:
        v = trunc_exact_values(inst)
        reason += (f"; ||R* - M||_F^2 = {v['dist2']} > {v['eckart_young']} (the Eckart-Young optimum: "
                   f"R* is optimal only in the X-weighted norm ||(R - M) X||_F)")
    return _verdict(ev, inst, reason)


@functools.lru_cache(maxsize=1)
def trunc_search_summary() -> dict:
    """Run the first phase of the AW-001-TRUNC search ([2, 1, 2], entries in {-1, 0, 1})
    without stopping, and tally.

    Returns
    -------
    dict
        ``instances`` (meeting the hypotheses), ``holds``, ``fails``, ``first_failure``
        (its position, 1-based, and entries), ``scalar_xx`` (instances with X X^T = c I),
        ``scalar_xx_fail`` (failures among them: the corrected statement says 0) and
        ``commuting_without_scalar_xx`` (holds although X X^T is not a multiple of I).

    >>> s = trunc_search_summary()
    >>> s["scalar_xx_fail"], s["first_failure"][0], s["fails"] > 0
    (0, 258, True)
    """
    out = dict(instances=0, holds=0, fails=0, first_failure=None, scalar_xx=0, scalar_xx_fail=0,
               commuting_without_scalar_xx=0)
    crit = trunc_criterion_2x2("S", "B")
    for e in sorted(itertools.product((-1, 0, 1), repeat=8), key=_search_key):
        X, Y = QMatrix([e[0:2], e[2:4]]), QMatrix([e[4:6], e[6:8]])
        if not _line56_ok(X, Y):
            continue
        out["instances"] += 1
        M = Y @ X.pinv()
        XX = X @ X.T
        ok = evaluate(crit, {"S": M @ XX @ M.T, "B": M @ M.T})
        scalar = XX == QMatrix.eye(2) * (XX.trace() / 2)
        out["holds" if ok else "fails"] += 1
        out["scalar_xx"] += scalar
        out["scalar_xx_fail"] += scalar and not ok
        out["commuting_without_scalar_xx"] += ok and not scalar
        if not ok and out["first_failure"] is None:
            out["first_failure"] = (out["instances"], e)
    return out


def _eig2(A, sign: int):
    """The larger (sign = 1) or smaller (sign = -1) eigenvalue of a symmetric 2 x 2 SymPy
    matrix, in closed form."""
    import sympy
    t, d = A.trace(), A.det()
    return (t + sign * sympy.sqrt(t ** 2 - 4 * d)) / 2


def trunc_exact_values(inst: Instance) -> dict:
    """Closed forms (SymPy radicals, for reports) of ``||R* - M||_F^2`` and the
    Eckart–Young optimum on a d_y = 2, k = 1 instance; the decision itself is the facts'.

    >>> X, Y = QMatrix([[0, 1], [1, 1]]), QMatrix([[1, 0], [1, 1]])
    >>> v = trunc_exact_values(network_instance([2, 1, 2], X, Y))
    >>> v["dist2"], v["eckart_young"]
    (3/2 - 3*sqrt(5)/10, 3/2 - sqrt(5)/2)
    """
    import sympy
    X, Y = inst.env["X"].to_sympy(), inst.env["Y"].to_sympy()
    M = Y * X.T * (X * X.T).inv()
    S, B = M * X * X.T * M.T, M * M.T
    u = (S - _eig2(S, 1) * sympy.eye(2)).nullspace()[0]
    Pu = u * u.T / (u.T * u)[0]
    D = (sympy.eye(2) - Pu) * M
    dist2 = sympy.radsimp(sympy.simplify(sum(x ** 2 for x in D)))
    return {"dist2": dist2, "eckart_young": sympy.simplify(_eig2(B, -1)), "M": M, "Sigma": S, "MMt": B}
