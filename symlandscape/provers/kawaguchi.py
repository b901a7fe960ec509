r"""Kawaguchi's Theorem 1 and the questions around it [seed 000; SAD-0 also seed 003].

Deep linear network, widths ``[d_x, d_1, ..., d_H, d_y]``, data ``X`` (d_x x m),
``Y`` (d_y x m), loss ``L(W) = 1/2 ||W_{H+1} ... W_1 X - Y||_F^2``,
``p = min(d_1, ..., d_H)`` (hidden widths only, Kawaguchi's p; not the
all-layer minimum ``k`` of Yun-Sra-Jadbabaie, which the global-minimum *test*
uses), ``theta = (vec W_1; ...; vec W_{H+1})`` with column-stacking ``vec``
(the seed's ``vec(W_k^T)`` is ``K_{d_k, d_{k-1}} vec(W_k)``).

Claims (registered in this order; every fact re-verifies with
:func:`symlandscape.check_certificate`):

KAW-CONV  L is convex in each ``W_k`` with the others fixed [000 line 21].
          Checked at the instance's point: for every k the diagonal Hessian block of
          ``W_k`` equals ``(R_k R_k^T) kron (L_k^T L_k)``, ``R_k = W_{k-1}...W_1 X``,
          ``L_k = W_{H+1}...W_{k+1}``, and has no negative eigenvalue (exact inertia of
          the block). ``L`` is a quadratic in ``W_k`` whose Hessian is that block (it
          does not depend on ``W_k``), so PSD means convex. No hypotheses.
KAW-1     Under the hypotheses (below) L is neither convex nor concave. Exact
          witnesses, built from the data (the instance's point is not used): with
          ``G = Y X^T`` and an entry ``G_ij != 0``, ``c = G_ij / ||X_{j,:}||^2``, point
          ``a``: ``W_1 = e_1 e_j^T``, middle ``W_k = e_1 e_1^T``, ``W_{H+1} = c e_i e_1^T``;
          ``b``: ``a`` with ``W_1, W_{H+1}`` negated (same product); ``mid = (a + b)/2``
          has ``W_1 = W_{H+1} = 0``. Then ``L(a) = L(b) = L(mid) - G_ij^2 / (2 ||X_j||^2)``
          (not convex). Not concave: ``a`` is the midpoint of ``a +- e_i e_1^T`` (in
          ``W_{H+1}``), and ``L`` is a strictly convex quadratic along that line.
          Structural hypothesis ``H >= 1`` (for ``H = 0`` L is a convex quadratic).
KAW-2     Under the hypotheses every local minimum is global. Per critical point:
          the point is classified exactly (:func:`symlandscape.landscape.classify.classify`,
          certificate included); "W is a local minimum" is a hypothesis, decided by the
          global-minimum test, a positive definite Hessian, a negative Hessian eigenvalue
          (not a local minimum) or a descent curve (not a local minimum); the conclusion
          is the exact global-minimum test. A saddle does not meet the hypothesis.
KAW-3     Under the hypotheses every critical point that is not a global minimum is a
          saddle: hypothesis "not a global minimum"; conclusions "not a local minimum"
          (negative Hessian eigenvalue or descent curve) and "not a local maximum"
          (positive Hessian eigenvalue or a curve along which L rises).
KAW-4     Under the hypotheses, if ``rank(W_H ... W_2) = p`` (``W_H ... W_2 = I_{d_1}``
          when ``H = 1``), the Hessian at any saddle has a negative eigenvalue.
          Hypotheses: data, critical, the rank condition, "W is a saddle"; conclusion
          ``n_- > 0``. *The rank hypothesis is needed* (all data hypotheses kept):
          widths ``[2, 2, 2, 2]``, ``X = I_2``, ``Y = diag(2, 1)``, point
          ``W_1 = [[2, 0], [0, 0]]``, ``W_2 = W_3 = [[1, 0], [0, 0]]`` (critical, loss 1/2,
          infimum 0): ``rank(W_2) = 1 < p = 2``, Hessian inertia ``(3, 0, 9)`` (PSD), and
          the loss drops along a certified curve (``1/2 - t^3 + 10 t^4 + ...``): a saddle
          without a negative Hessian eigenvalue. Likewise widths ``[3, 2, 2, 3]``,
          ``Y = diag(3, 2, 1)``, ``I = (0,)``: inertia ``(5, 0, 11)``; trivially, the origin
          for ``H >= 2`` (zero Hessian). See :func:`kaw4_rank_counterexample` and
          :func:`check_kaw4_without_rank` (a re-checkable certificate of the failure).
SAD-0     [000 line 73, 003 slide 2] For ``H >= 2`` and ``Y X^T != 0`` the origin has
          zero gradient and zero Hessian and is a saddle: the descent curve found by
          ``classify`` proves it is not a local minimum, a curve along which L rises
          proves it is not a local maximum. With ``Y X^T = 0`` the origin is a global
          minimum (any H). The certificate's point is the origin (the instance's own
          weights, if any, are replaced). The slides' "H >= 3" counts weight matrices.
Q-RANK    [000, question 1] The products ``W_{H+1} ... W_1`` are exactly the
          ``d_y x d_x`` matrices of rank ``<= p``. What is checked on a ``deep_linear``
          instance (data unused): (a) for targets ``M_r`` of every rank
          ``r = 0 .. min(p, d_x, d_y)`` (seeded from the widths) :func:`factorize`
          gives weights of the instance's widths whose product is exactly ``M_r``;
          (b) if the instance has weights, their product has rank ``<= p`` and
          :func:`factorize` reproduces it; (c) when ``p < min(d_x, d_y)`` a target of
          rank ``p + 1`` is exhibited and its rank recorded as exceeding ``p`` (no
          product reaches it: ``rank(W_{H+1}...W_1) <= rank(W_j) <= d_j``). For
          ``H = 0`` the products are all ``d_y x d_x`` matrices (``p := min(d_x, d_y)``).
Q-ATTAIN  [000, question 2] The global minimum is attained, also when ``X X^T`` is
          singular. :func:`exact_minimiser` constructs ``W*`` with product
          ``Pi Y X^+``, ``Pi`` the projector onto a rational top-k invariant subspace of
          ``Sigma = Y X^+ X Y^T`` (``k = min`` of all widths), and the exact global-minimum
          test certifies it. When that subspace is not rational (the k largest
          eigenvalues split the roots of an irreducible factor of the characteristic
          polynomial) a minimiser exists but is irrational: ``"undetermined"``, with
          that reason.

Hypotheses of KAW-1..4 (THEOREMS.md, corrected reading of [000 Theorem 1]):
``d_y <= d_x``, ``X X^T`` invertible, ``X Y^T`` of full rank ``min(d_x, d_y)``.
The widths enter facts as literals; a fact multiplying ``Y`` (and ``X``) by a zero
row of that literal width ties them to the instance (a mismatch makes the
re-checker reject the certificate).
"""

__all__ = ["factorize", "top_invariant_subspace", "exact_minimiser", "global_min_expr",
           "PointKind", "point_kind", "kaw4_rank_counterexample", "check_kaw4_without_rank",
           "full_middle_point"]

import functools
import itertools
import json
import random

from ..exact.matrix import QMatrix
from ..exact.numbers import InputError
from ..instances import Instance
from ..landscape.classify import classify
from ..landscape.convexity import nonconvexity_points
from ..landscape.critical import data_with_spectrum, full_middle_point, rescale, subset_point, zero_layers_point
from ..landscape.curves import loss_along, rising_curve
from ..landscape.minimiser import exact_minimiser, factorize, hidden_min, top_invariant_subspace
from ..models.linear import DeepLinear
from ..provers.registry import Evidence
from ..theorems.classification import global_min_expr
from .common import lit as _lit
from .common import verdict as _verdict
from .instancegen import network_instance, random_qmatrix
from .registry import Verdict, register

MODEL = "deep_linear"


# -- small helpers ------------------------------------------------------------------------
def _names(inst) -> list:
    return [f"W{k}" for k in range(1, len(inst.widths))]


def _args(inst) -> list:
    return [MODEL, "X", "Y", _names(inst)]


def _chain_expr(factors: list, identity: int):
    """``["mul", ...]`` of the factors (left to right), the identity when empty."""
    if not factors:
        return ["eye", identity]
    return factors[0] if len(factors) == 1 else ["mul", *factors]


def _net(inst) -> DeepLinear:
    return DeepLinear(inst.widths, inst.env["X"], inst.env["Y"])


def _need_point(inst, claim: str) -> list:
    if inst.weights is None:
        raise InputError(f"{claim} is checked at a point: the instance needs \"weights\"")
    return inst.weights


_hidden_min = hidden_min


def _rises(cexpr: list, coeffs: list) -> list | None:
    """Fact: the loss along the curve rises for small t of some sign (lowest nonconstant
    coefficient odd, or even and positive). None when these coefficients show no rise."""
    d = next((i for i in range(1, len(coeffs)) if coeffs[i] != 0), None)
    if d is None or (d % 2 == 0 and coeffs[d] < 0):
        return None
    last = ["ne", ["at", cexpr, d], 0] if d % 2 else ["lt", 0, ["at", cexpr, d]]
    return ["and", *[["eq", ["at", cexpr, i], 0] for i in range(1, d)], last]


def _shape_tie(dx: int, dy: int) -> list:
    """True, and re-checkable only when X has d_x rows and Y has d_y rows."""
    return ["and", ["is_zero", ["mul", ["zeros", 1, dx], "X"]],
            ["is_zero", ["mul", ["zeros", 1, dy], "Y"]]]


def _data_hypotheses(ev: Evidence, inst) -> bool:
    """Record the hypotheses of Kawaguchi's Theorem 1; True when all hold."""
    dx, dy = inst.widths[0], inst.widths[-1]
    r = min(dx, dy)
    ok = ev.hypothesis(f"d_y = {dy} <= d_x = {dx}", ["and", _shape_tie(dx, dy), ["le", dy, dx]])
    ok &= ev.hypothesis("X X^T is invertible", ["ne", ["det", ["mul", "X", ["T", "X"]]], 0])
    ok &= ev.hypothesis(f"X Y^T has full rank min(d_x, d_y) = {r}",
                        ["eq", ["rank", ["mul", "X", ["T", "Y"]]], r])
    return bool(ok)


# -- the kind of a critical point, as decisive fact expressions ---------------------------------
_CLASSIFY_CACHE: dict = {}


def _classify_cached(inst):
    """``classify`` at the instance's point, memoised per instance (prove runs KAW-2/3/4 on
    the same points)."""
    key = json.dumps(inst.to_dict(), sort_keys=True)
    if key not in _CLASSIFY_CACHE:
        if len(_CLASSIFY_CACHE) > 256:
            _CLASSIFY_CACHE.clear()
        _CLASSIFY_CACHE[key] = classify(_net(inst), inst.weights)
    return _CLASSIFY_CACHE[key]


class PointKind:
    """A classified point with decisive fact expressions for "global / local min / local max".

    Each method returns ``(criterion, expr)``: ``expr`` evaluates, on the instance, to
    the truth of the statement the method names, by a criterion that is decisive in
    the case at hand (e.g. "not a local minimum" as "the Hessian has a negative
    eigenvalue" when it has one, as a descent curve at a PSD singular Hessian, or as
    the negation of the global-minimum test at a global minimum). ``None``: not
    decidable here (``classification.verdict == "undetermined"``, a non-critical point,
    or no curve found).

    Attributes
    ----------
    classification : Classification
    critical : list
        Expression "the gradient is zero".
    inertia_expr : list
        Expression of the Hessian's inertia ``[n+, n-, n0]``.
    global_min : list or None
        The exact global-minimum test (:func:`global_min_expr`).
    descent : list or None
        ``classify``'s descent-curve fact, at a higher-order saddle.
    """

    def __init__(self, inst):
        self.inst = inst
        self.classification = c = _classify_cached(inst)
        args = _args(inst)
        self.critical = ["is_zero", ["grad", *args]]
        self.inertia_expr = ["inertia", ["hessian", *args]]
        self.global_min = global_min_expr(inst.widths, args)
        self.n = _net(inst).n_params
        self.descent = next((f["expr"] for f in c.certificate["facts"]
                             if f["text"] == "the loss drops along the curve"), None)
        self._rise = False  # not searched yet

    def _at(self, i):
        return ["at", self.inertia_expr, i]

    def _decidable(self) -> bool:
        c = self.classification
        return c.critical and c.inertia is not None and c.verdict != "undetermined"

    def is_global(self):
        """"W is a global minimum": the exact test."""
        if self.global_min is None or not self.classification.critical:
            return None
        return ("exact test: L(W) = 1/2 ||Y||^2 - 1/2 (sum of the k largest eigenvalues of Sigma)",
                self.global_min)

    def is_local_min(self):
        """"W is a local minimum"."""
        if not self._decidable():
            return None
        n_plus, n_minus, n_zero = self.classification.inertia
        if self.classification.verdict == "global minimum":
            return ("it is a global minimum (exact test)", self.global_min)
        if n_minus > 0:
            return ("the Hessian has no negative eigenvalue (necessary)", ["eq", self._at(1), 0])
        if n_zero == 0:
            return ("the Hessian is positive definite (sufficient)",
                    ["and", ["eq", self._at(1), 0], ["eq", self._at(2), 0]])
        if self.descent is not None:
            return ("the loss does not drop along the certified curve (necessary)", ["not", self.descent])
        return None

    def not_local_min(self):
        """"W is not a local minimum"."""
        if not self._decidable():
            return None
        if self.classification.inertia[1] > 0:
            return ("the Hessian has a negative eigenvalue", ["lt", 0, self._at(1)])
        if self.descent is not None:
            return ("the loss drops along a certified curve", self.descent)
        lm = self.is_local_min()
        if lm is None:
            return None
        return (f"decided by: {lm[0]}", ["not", lm[1]])

    def not_local_max(self):
        """"W is not a local maximum"."""
        if not self._decidable():
            return None
        n_plus, n_minus, n_zero = self.classification.inertia
        if n_plus > 0:
            return ("the Hessian has a positive eigenvalue", ["lt", 0, self._at(0)])
        if n_zero == 0:
            return ("decided by: the Hessian is negative definite (sufficient for a local maximum)",
                    ["ne", self._at(1), self.n])
        if self._rise is False:
            net = _net(self.inst)
            curve = rising_curve(net, self.inst.weights)
            self._rise = None
            if curve is not None:
                coeffs = loss_along(MODEL, net.X, net.Y, self.inst.weights, curve).coeffs()
                cexpr = ["loss_curve", *_args(self.inst), [[_lit(D) for D in step] for step in curve]]
                self._rise = ("the loss rises along a curve W + t D (lowest nonconstant coefficient "
                              "odd or positive)", _rises(cexpr, coeffs))
        return self._rise


def point_kind(inst) -> PointKind:
    """The :class:`PointKind` of a ``deep_linear`` instance's point (classified once, cached).

    >>> inst = network_instance([1, 1, 1], QMatrix([[1]]), QMatrix([[1]]), [QMatrix([[0]])] * 2)
    >>> k = point_kind(inst)
    >>> k.classification.verdict, k.not_local_min()[0]
    ('strict saddle', 'the Hessian has a negative eigenvalue')
    """
    return PointKind(inst)


def _undecided(ev: Evidence, kind: PointKind) -> None:
    c = kind.classification
    why = c.reason if c.verdict == "undetermined" else "no decisive certificate of the point's kind was found"
    ev.undetermined(f"classification undetermined: {why}")


# -- KAW-CONV ---------------------------------------------------------------------------------
def _conv_instances():
    rng = random.Random(7)
    for widths in ([1, 1, 1], [2, 3, 2], [3, 2, 2, 3], [2, 2, 2, 2, 2], [3, 1, 2, 2], [2, 3, 4, 2]):
        m = widths[0] + 1
        X, Y = random_qmatrix(rng, widths[0], m), random_qmatrix(rng, widths[-1], m)
        W = [random_qmatrix(rng, widths[k + 1], widths[k]) for k in range(len(widths) - 1)]
        yield network_instance(widths, X, Y, W, name=f"random point, widths {widths}")
    # rank-deficient data and weights, critical points, zero layers
    X, Y = random_qmatrix(rng, 3, 4, rank=1), random_qmatrix(rng, 2, 4, rank=1)
    W = [random_qmatrix(rng, 2, 3, rank=1), random_qmatrix(rng, 2, 2, rank=1), random_qmatrix(rng, 2, 2)]
    yield network_instance([3, 2, 2, 2], X, Y, W, name="rank-one data and weights")
    X, Y, U = data_with_spectrum(3, 3, 4, [3, 2, 1], random.Random(1))
    for I in ([0, 1], [2]):
        yield network_instance([3, 2, 2, 3], X, Y, subset_point([3, 2, 2, 3], X, Y, U, I),
                               name=f"critical point I = {tuple(I)}")
    yield network_instance([3, 2, 2, 3], X, Y, zero_layers_point([3, 2, 2, 3], [0, 2], rng),
                           name="W_1 = W_3 = 0")
    yield network_instance([3, 2, 2, 3], X, Y, zero_layers_point([3, 2, 2, 3], [0, 1, 2], rng),
                           name="origin")


@register("KAW-CONV", seed="000",
          statement="L is convex in each W_k when all other weights are fixed (line 21)",
          kinds=("deep_linear",), instances=_conv_instances)
def _kaw_conv(inst, ev):
    W = _need_point(inst, "KAW-CONV")
    names = _names(inst)
    ev.define("Hess", ["hessian", *_args(inst)])
    off = 0
    for k, Wk in enumerate(W, 1):
        idx = list(range(off, off + Wk.shape[0] * Wk.shape[1]))
        off = idx[-1] + 1
        block = ["rows", ["cols", "Hess", idx], idx]
        R = _chain_expr(list(reversed(names[:k - 1])) + ["X"], 0) if k > 1 else "X"
        Lk = _chain_expr(list(reversed(names[k:])), inst.widths[-1])
        rtext = "X" if k == 1 else ("W_1 X" if k == 2 else f"W_{k - 1}...W_1 X")
        ltext = "I" if k == len(W) else (f"W_{k + 1}" if k + 1 == len(W) else f"W_{len(W)}...W_{k + 1}")
        ev.conclusion(f"the Hessian block of W_{k} is (R R^T) kron (L^T L), R = {rtext}, L = {ltext}",
                      ["eq", block, ["kron", ["mul", R, ["T", R]], ["mul", ["T", Lk], Lk]]])
        ev.conclusion(f"the Hessian block of W_{k} is positive semidefinite (L is a convex quadratic "
                      f"in W_{k})", ["eq", ["at", ["inertia", block], 1], 0])


# -- KAW-1 --------------------------------------------------------------------------------------
def _kaw1_instances():
    good = [([3, 2, 3], 3, [3, 2, 1]), ([2, 1, 2], 3, [2, 1]), ([3, 2, 2, 3], 4, [2, 1, 1]),
            ([3, 1, 1, 1, 2], 4, [2, 1]), ([2, 3, 1], 2, [1])]
    for n, (widths, m, s) in enumerate(good):
        X, Y, _ = data_with_spectrum(widths[0], widths[-1], m, s, random.Random(10 + n))
        yield network_instance(widths, X, Y, name=f"spectrum {s}, widths {widths}")
    rng = random.Random(3)
    yield network_instance([2, 2, 2, 1], random_qmatrix(rng, 2, 3), random_qmatrix(rng, 1, 3),
                           name="random integer data")
    # hypotheses violated
    X, Y, _ = data_with_spectrum(2, 3, 3, [2, 1, 0], random.Random(20))
    yield network_instance([2, 2, 3], X, Y, name="d_y > d_x")
    X, Y, _ = data_with_spectrum(3, 3, 4, [2, 1, 0], random.Random(21), x_rank=2)
    yield network_instance([3, 2, 3], X, Y, name="X X^T singular (x_rank 2)")
    X, Y, _ = data_with_spectrum(3, 3, 4, [2, 0, 0], random.Random(22))
    yield network_instance([3, 2, 3], X, Y, name="X Y^T of rank 1")
    yield network_instance([2, 2], X.rows([0, 1]), Y.rows([0, 1]), name="H = 0 (no hidden layer)")


@register("KAW-1", seed="000",
          statement="d_y <= d_x, XX^T invertible, XY^T full rank: L is neither convex nor concave",
          kinds=("deep_linear",), instances=_kaw1_instances)
def _kaw1(inst, ev):
    ok = ev.hypothesis(f"the network has H = {inst.H} >= 1 hidden layers", ["le", 1, inst.H])
    ok = _data_hypotheses(ev, inst) and ok
    pts = nonconvexity_points(inst.env["X"], inst.env["Y"], inst.widths)
    if not ok or pts is None:
        return
    L = len(inst.widths) - 1
    for tag, Ws in pts.items():
        for k, Wk in enumerate(Ws, 1):
            ev.define(f"W{tag}{k}", _lit(Wk))
    loss = {t: ["loss", MODEL, "X", "Y", [f"W{t}{k}" for k in range(1, L + 1)]] for t in pts}
    for t in pts:
        ev.value(f"L(theta_{t})", loss[t])

    def midpoint(m, a, b):
        return ["and", *[["eq", f"W{m}{k}", ["scale", "1/2", ["add", f"W{a}{k}", f"W{b}{k}"]]]
                         for k in range(1, L + 1)]]

    ev.conclusion("theta_m = (theta_a + theta_b)/2 (three collinear points)", midpoint("m", "a", "b"))
    ev.conclusion("L(theta_m) > (L(theta_a) + L(theta_b))/2: L is not convex",
                  ["lt", ["scale", "1/2", ["add", loss["a"], loss["b"]]], loss["m"]])
    ev.conclusion("theta_a = (theta_c + theta_d)/2 (three collinear points)", midpoint("a", "c", "d"))
    ev.conclusion("L(theta_a) < (L(theta_c) + L(theta_d))/2: L is not concave",
                  ["lt", loss["a"], ["scale", "1/2", ["add", loss["c"], loss["d"]]]])


# -- critical points for KAW-2/3/4 ------------------------------------------------------------
def _subsets(dy: int, widths) -> list:
    top = min(min(widths[1:-1]), dy)
    return [list(I) for r in range(top + 1) for I in itertools.combinations(range(dy), r)]


def _critical_instances(full_middle: bool = False):
    """Critical points over widths, depths H = 1..3 and data meeting / violating the hypotheses."""
    fams = [  # (widths, m, singular values, data seed, x_rank, label)
        ([3, 2, 3], 4, [3, 2, 1], 1, None, "Sigma eigenvalues 9 > 4 > 1"),
        ([3, 2, 3], 4, [2, 1, 1], 2, None, "Sigma eigenvalues 4 > 1 = 1 (tie at the k-th)"),
        ([2, 1, 2], 3, [2, 1], 3, None, "Sigma eigenvalues 4 > 1"),
        ([3, 2, 2], 4, [2, 1], 4, None, "d_y = 2 < d_x = 3"),
        ([3, 2, 2, 3], 4, [3, 2, 1], 1, None, "Sigma eigenvalues 9 > 4 > 1"),
        ([2, 1, 1, 2], 3, [2, 1], 5, None, "Sigma eigenvalues 4 > 1"),
        ([2, 1, 1, 1, 2], 3, [3, 1], 6, None, "H = 3"),
        ([3, 2, 2, 2, 2], 4, [2, 1], 7, None, "H = 3, d_y < d_x"),
        # hypotheses violated
        ([2, 2, 3], 3, [2, 1, 0], 8, None, "d_y > d_x"),
        ([3, 2, 3], 4, [2, 1, 0], 9, 2, "X X^T singular"),
        ([3, 2, 3], 4, [2, 1, 0], 10, None, "X Y^T rank-deficient"),
    ]
    for widths, m, s, seed, x_rank, label in fams:
        X, Y, U = data_with_spectrum(widths[0], widths[-1], m, s, random.Random(seed), x_rank=x_rank)
        for I in _subsets(widths[-1], widths):
            origin = not I and len(widths) > 3
            if origin and widths != [2, 1, 1, 2]:
                continue  # the origin of deep nets: see SAD-0 (one small case kept here)
            yield network_instance(widths, X, Y, subset_point(widths, X, Y, U, I),
                                   name=f"{label}, widths {widths}, subset point I = {tuple(I)}")
            if full_middle and len(widths) > 3 and 0 < len(I) < min(widths[1:-1]):
                yield network_instance(widths, X, Y, full_middle_point(widths, X, Y, U, I),
                                       name=f"{label}, widths {widths}, I = {tuple(I)}, "
                                            f"full-rank middle layers")
    # rescaled points (symmetries move them off the canonical form) and zero-layer points
    X, Y, U = data_with_spectrum(3, 3, 4, [3, 2, 1], random.Random(1))
    rng = random.Random(11)
    for I in ([0, 1], [1, 2]):
        yield network_instance([3, 2, 2, 3], X, Y, subset_point([3, 2, 2, 3], X, Y, U, I, rng=rng),
                               name=f"rescaled subset point I = {tuple(I)}, widths [3, 2, 2, 3]")
    yield network_instance([3, 2, 2, 3], X, Y, zero_layers_point([3, 2, 2, 3], [0, 2], rng),
                           name="W_1 = W_3 = 0, W_2 random, widths [3, 2, 2, 3]")
    yield network_instance([3, 2, 3], X, Y, rescale(subset_point([3, 2, 3], X, Y, U, [0, 2]), rng),
                           name="rescaled subset point I = (0, 2), widths [3, 2, 3]")


def _critical_common(ev, inst, claim: str) -> tuple:
    """Data hypotheses, classification, and the hypothesis "W is critical"."""
    _need_point(inst, claim)
    ok = _data_hypotheses(ev, inst)
    kind = point_kind(inst)
    ev.include(kind.classification.certificate, prefix="classification: ")
    ok = ev.hypothesis("W is a critical point (the gradient is zero)", kind.critical) and ok
    return ok, kind


# -- KAW-2 --------------------------------------------------------------------------------------
@register("KAW-2", seed="000",
          statement="d_y <= d_x, XX^T invertible, XY^T full rank: every local minimum is global",
          kinds=("deep_linear",), instances=_critical_instances)
def _kaw2(inst, ev):
    ok, kind = _critical_common(ev, inst, "KAW-2")
    if not kind.classification.critical:
        return
    lm, gm = kind.is_local_min(), kind.is_global()
    if lm is None or gm is None:
        return _undecided(ev, kind)
    if ev.hypothesis(f"W is a local minimum ({lm[0]})", lm[1]):
        ev.conclusion(f"W is a global minimum ({gm[0]})", gm[1])


# -- KAW-3 --------------------------------------------------------------------------------------
@register("KAW-3", seed="000",
          statement="same hypotheses: every critical point that is not a global minimum is a saddle",
          kinds=("deep_linear",), instances=_critical_instances)
def _kaw3(inst, ev):
    ok, kind = _critical_common(ev, inst, "KAW-3")
    if not kind.classification.critical:
        return
    gm = kind.is_global()
    if gm is None:
        return _undecided(ev, kind)
    if not ev.hypothesis("W is not a global minimum (exact test)", ["not", gm[1]]):
        return
    a, b = kind.not_local_min(), kind.not_local_max()
    if a is None or b is None:
        return _undecided(ev, kind)
    ev.conclusion(f"W is not a local minimum: {a[0]}", a[1])
    ev.conclusion(f"W is not a local maximum: {b[0]}", b[1])


# -- KAW-4 --------------------------------------------------------------------------------------
def _kaw4_facts(inst, ev, rank_hypothesis: bool = True) -> None:
    ok = ev.hypothesis(f"the network has H = {inst.H} >= 1 hidden layers", ["le", 1, inst.H])
    if not ok:
        return
    ok, kind = _critical_common(ev, inst, "KAW-4")
    if not kind.classification.critical:
        return
    p = _hidden_min(inst.widths)
    mid = _chain_expr(list(reversed(_names(inst)[1:-1])), inst.widths[1])
    rank = ["eq", ["rank", mid], p]
    text = f"rank(W_H ... W_2) = p = min(d_1..d_H) = {p}"
    if rank_hypothesis:
        ev.hypothesis(text, rank)
    else:
        ev.value(text + " (dropped hypothesis: recorded, not assumed)", rank)
    a, b = kind.not_local_min(), kind.not_local_max()
    if a is None or b is None:
        return _undecided(ev, kind)
    if ev.hypothesis(f"W is a saddle (not a local minimum: {a[0]}; not a local maximum: {b[0]})",
                     ["and", a[1], b[1]]):
        ev.conclusion("the Hessian has a negative eigenvalue", ["lt", 0, ["at", kind.inertia_expr, 1]])


@register("KAW-4", seed="000",
          statement="same hypotheses: if rank(W_H...W_2) = p, the Hessian at any saddle has a negative eigenvalue",
          kinds=("deep_linear",), instances=lambda: _critical_instances(full_middle=True))
def _kaw4(inst, ev):
    _kaw4_facts(inst, ev)


def kaw4_rank_counterexample(which: str = "small") -> Instance:
    """A saddle showing that KAW-4 needs ``rank(W_H ... W_2) = p``.

    ``"small"``: widths ``[2, 2, 2, 2]``, ``X = I_2``, ``Y = diag(2, 1)`` (so ``d_y <= d_x``,
    ``X X^T = I`` and ``X Y^T`` full rank; ``Sigma = diag(4, 1)``), and the critical point
    ``W_1 = [[2, 0], [0, 0]]``, ``W_2 = W_3 = [[1, 0], [0, 0]]`` (product ``diag(2, 0)``,
    loss 1/2, eigenvector subset ``I = (0,)``): ``rank(W_2) = 1 < p = 2``, Hessian
    inertia ``(3, 0, 9)`` (PSD), not a global minimum (infimum 0), and the loss drops
    along a certified curve: a saddle with no negative Hessian eigenvalue.
    ``"paper"``: the same on widths ``[3, 2, 2, 3]`` with ``Y = diag(3, 2, 1)``: inertia
    ``(5, 0, 11)``. ``"origin"``: the origin of widths ``[1, 1, 1, 1]``, ``X = Y = [[1]]``
    (zero Hessian; the trivial case, see SAD-0).

    >>> inst = kaw4_rank_counterexample()
    >>> inst.widths, [w.rank() for w in inst.weights]
    ((2, 2, 2, 2), [1, 1, 1])
    """
    if which == "origin":
        one = QMatrix([[1]])
        return network_instance([1, 1, 1, 1], one, one, [QMatrix([[0]])] * 3,
                                name="KAW-4 without its rank hypothesis: the origin, zero Hessian")
    if which not in ("small", "paper"):
        raise ValueError(f"unknown counterexample {which!r} (small, paper, origin)")
    d = 2 if which == "small" else 3
    widths = [d, 2, 2, d]
    X = QMatrix.eye(d)
    Y = QMatrix([[d - i if i == j else 0 for j in range(d)] for i in range(d)])
    W = subset_point(widths, X, Y, QMatrix.eye(d), [0])
    return network_instance(widths, X, Y, W, name=f"KAW-4 without its rank hypothesis: PSD-Hessian "
                                                  f"saddle on widths {widths}, I = (0,)")


def check_kaw4_without_rank(instance) -> Verdict:
    """KAW-4 with the hypothesis ``rank(W_H ... W_2) = p`` dropped (recorded as a value).

    On :func:`kaw4_rank_counterexample` this ``"fails"``: a certificate that the rank
    hypothesis cannot be removed. The weakened statement is the registered finding
    ``KAW-4-NORANK`` (module ``sharpness``); this is a shortcut to it.

    Parameters
    ----------
    instance : dict or Instance (``deep_linear`` with weights)
    """
    from .registry import check_claim
    return check_claim("KAW-4-NORANK", instance)


# -- SAD-0 --------------------------------------------------------------------------------------
def _sad0_instances():
    one = QMatrix([[1]])
    yield network_instance([1, 1, 1, 1], one, one, name="L = (abc - 1)^2 / 2")
    yield network_instance([1, 1, 1, 1, 1], one, QMatrix([[2]]), name="H = 3: L = (abcd - 2)^2 / 2")
    X, Y, _ = data_with_spectrum(2, 2, 3, [2, 1], random.Random(5))
    yield network_instance([2, 1, 1, 2], X, Y, name="H = 2, widths [2, 1, 1, 2]")
    yield network_instance([2, 1, 1, 1, 2], X, Y, name="H = 3, widths [2, 1, 1, 1, 2]")
    X3, Y3, _ = data_with_spectrum(3, 2, 4, [2, 1], random.Random(6), x_rank=2)
    yield network_instance([3, 2, 1, 2], X3, Y3, name="H = 2, X X^T singular")
    # Y X^T = 0: the origin is a global minimum
    yield network_instance([2, 1, 1, 1], QMatrix([[1, 0], [0, 0]]), QMatrix([[0, 3]]), name="Y X^T = 0")
    yield network_instance([2, 2, 2], QMatrix([[1, 1, 0], [0, 0, 0]]), QMatrix([[1, -1, 2], [0, 0, 1]]),
                           name="Y X^T = 0, H = 1")
    # H < 2 with Y X^T != 0: the origin is a strict saddle, the hypothesis H >= 2 fails
    yield network_instance([2, 1, 2], X, Y, name="H = 1")


@register("SAD-0", seed="000",
          statement="H >= 2 and YX^T != 0: the origin has zero gradient and Hessian yet is a saddle; "
                    "YX^T = 0: it is a global minimum",
          kinds=("deep_linear",), instances=_sad0_instances)
def _sad0(inst, ev):
    zero = [QMatrix.zeros(inst.widths[k + 1], inst.widths[k]) for k in range(len(inst.widths) - 1)]
    inst0 = inst.with_weights(zero)
    ev = Evidence("SAD-0", inst0)
    args = _args(inst0)
    kind = point_kind(inst0)
    ev.include(kind.classification.certificate, prefix="classification: ")
    if ev.value("Y X^T = 0", ["is_zero", ["mul", "Y", ["T", "X"]]]):
        ev.hypothesis("Y X^T = 0", ["is_zero", ["mul", "Y", ["T", "X"]]])
        ev.conclusion("the gradient at the origin is zero", kind.critical)
        gm = kind.is_global()
        if gm is None:
            _undecided(ev, kind)
        else:
            ev.conclusion("the origin is a global minimum (exact test)", gm[1])
        return _verdict(ev)
    ev.hypothesis("Y X^T != 0", ["not", ["is_zero", ["mul", "Y", ["T", "X"]]]])
    if not ev.hypothesis(f"H = {inst.H} >= 2 hidden layers", ["le", 2, inst.H]):
        return _verdict(ev)
    ev.conclusion("the gradient at the origin is zero", kind.critical)
    ev.conclusion("the Hessian at the origin is zero", ["is_zero", ["hessian", *args]])
    a, b = kind.not_local_min(), kind.not_local_max()
    if a is None or b is None or kind.descent is None:
        _undecided(ev, kind)
        return _verdict(ev)
    ev.conclusion("the origin is not a local minimum: the loss drops along the curve found by classify",
                  kind.descent)
    ev.conclusion(f"the origin is not a local maximum: {b[0]}", b[1])
    return _verdict(ev)


# -- Q-RANK -------------------------------------------------------------------------------------
def _qrank_instances():
    rng = random.Random(13)
    for widths in ([3, 1, 3], [3, 2, 2, 3], [4, 2, 3, 4], [2, 3, 2], [3, 2], [2, 1, 1, 2], [4, 3, 2, 3, 3]):
        m = 2
        X, Y = random_qmatrix(rng, widths[0], m), random_qmatrix(rng, widths[-1], m)
        yield network_instance(widths, X, Y, name=f"widths {widths}, no point")
        W = [random_qmatrix(rng, widths[k + 1], widths[k]) for k in range(len(widths) - 1)]
        yield network_instance(widths, X, Y, W, name=f"widths {widths}, random point")
    W = zero_layers_point([3, 2, 2, 3], [1], rng)
    yield network_instance([3, 2, 2, 3], random_qmatrix(rng, 3, 2), random_qmatrix(rng, 3, 2), W,
                           name="zero middle layer")


def _product_expr(names: list):
    return _chain_expr(list(reversed(names)), 0)


@register("Q-RANK", seed="000",
          statement="the products W_{H+1}...W_1 are exactly the d_y x d_x matrices of rank <= p "
                    "(constructive factorisation)",
          kinds=("deep_linear",), instances=_qrank_instances)
def _qrank(inst, ev):
    widths = list(inst.widths)
    dx, dy = widths[0], widths[-1]
    p = _hidden_min(widths)
    p = min(dx, dy) if p is None else p
    top = min(p, dx, dy)
    rng = random.Random(str(widths))
    if inst.weights is not None:
        P = _product_expr(_names(inst))
        ev.conclusion(f"rank(W_{{H+1}} ... W_1) <= p = {p} for the instance's weights", ["le", ["rank", P], p])
        Wf = factorize(functools.reduce(lambda acc, w: w @ acc, inst.weights[1:], inst.weights[0]),
                       widths)
        ev.conclusion("factorize(W_{H+1} ... W_1) reproduces the instance's product",
                      ["eq", _product_expr([_lit(w) for w in Wf]), P])
    for r in range(top + 1):
        M = random_qmatrix(rng, dy, dx, rank=r)
        Wf = factorize(M, widths)
        ev.hypothesis(f"target M_{r} ({dy} x {dx}) has rank {r} <= p = {p}", ["le", ["rank", _lit(M)], p])
        ev.conclusion(f"factorize(M_{r}) has the layer shapes of widths {widths}",
                      ["and", *[["eq", ["mul", ["eye", widths[k + 1]], _lit(w), ["eye", widths[k]]], _lit(w)]
                                for k, w in enumerate(Wf)]])
        ev.conclusion(f"the product of factorize(M_{r}) is M_{r}",
                      ["eq", _product_expr([_lit(w) for w in Wf]), _lit(M)])
    if p < min(dx, dy):
        M = random_qmatrix(rng, dy, dx, rank=p + 1)
        ev.conclusion(f"a target of rank p + 1 = {p + 1} exceeds p, so it is no product "
                      f"(rank W_{{H+1}}...W_1 <= rank W_j <= d_j for the narrowest hidden layer j)",
                      ["lt", p, ["rank", _lit(M)]])


# -- Q-ATTAIN -----------------------------------------------------------------------------------
def _qattain_instances():
    specs = [  # (widths, m, singular values, seed, x_rank, label)
        ([3, 2, 3], 4, [3, 2, 1], 1, None, "X X^T invertible"),
        ([3, 2, 3], 4, [2, 1, 0], 2, 2, "X X^T singular (rank 2)"),
        ([3, 2, 2, 3], 3, [2, 1, 0], 3, 2, "X X^T singular, H = 2"),
        ([3, 1, 3], 4, [2, 0, 0], 4, 1, "X X^T of rank 1"),
        ([3, 2, 3], 4, [2, 2, 1], 5, None, "repeated top eigenvalue"),
        ([3, 2, 3], 4, [2, 1, 1], 6, None, "tie at the k-th eigenvalue"),
        ([2, 2, 1, 3], 2, [2, 0, 0], 7, 1, "d_x = 2 < d_y = 3, X X^T singular"),
        ([1, 2, 2], 3, [2, 0], 8, None, "d_x = 1 narrowest (k = 1 < p = 2)"),
        ([2, 3, 2], 3, [0, 0], 9, 1, "Y = 0"),
    ]
    for widths, m, s, seed, x_rank, label in specs:
        X, Y, _ = data_with_spectrum(widths[0], widths[-1], m, s, random.Random(seed), x_rank=x_rank)
        yield network_instance(widths, X, Y, name=f"{label}, widths {widths}")
    rng = random.Random(17)
    X = random_qmatrix(rng, 3, 4, rank=2)
    yield network_instance([3, 3, 2], X, random_qmatrix(rng, 2, 4), name="random data, X rank 2, k = d_y")
    yield network_instance([2, 2, 2], QMatrix.zeros(2, 3), random_qmatrix(rng, 2, 3), name="X = 0")


@register("Q-ATTAIN", seed="000",
          statement="the global minimum is attained, also when XX^T is singular (exact minimiser)",
          kinds=("deep_linear",), instances=_qattain_instances)
def _qattain(inst, ev):
    X, Y = inst.env["X"], inst.env["Y"]
    W, why = exact_minimiser(X, Y, inst.widths)
    if W is None:
        ev.undetermined(why)
        return
    inst1 = inst.with_weights(W)
    ev = Evidence("Q-ATTAIN", inst1)
    ev.value("det(X X^T) (0: X X^T singular)", ["det", ["mul", "X", ["T", "X"]]])
    kind = point_kind(inst1)
    ev.include(kind.classification.certificate, prefix="classification: ")
    ev.conclusion("W* is a critical point", kind.critical)
    gm = kind.is_global()
    if gm is None:
        _undecided(ev, kind)
    else:
        ev.conclusion(f"W* attains the infimum ({why})", gm[1])
    return _verdict(ev)
