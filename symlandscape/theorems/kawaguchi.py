r"""Kawaguchi's Theorem 1 and the questions around it [seed 000; SAD-0 also seed 003].

Statements only (instance families and witness finders: :mod:`symlandscape.provers.kawaguchi`).

Deep linear network, widths ``[d_x, d_1, ..., d_H, d_y]``, data ``X`` (d_x x m),
``Y`` (d_y x m), loss ``L(W) = 1/2 ||W_{H+1} ... W_1 X - Y||_F^2``,
``p = min(d_1, ..., d_H)`` (hidden widths only, Kawaguchi's p; not the
all-layer minimum ``k`` of Yun-Sra-Jadbabaie, which the global-minimum *test*
uses), ``theta = (vec W_1; ...; vec W_{H+1})`` with column-stacking ``vec``
(the seed's ``vec(W_k^T)`` is ``K_{d_k, d_{k-1}} vec(W_k)``).

KAW-CONV  L is convex in each ``W_k`` with the others fixed [000 line 21].
          Checked at the instance's point: for every k the diagonal Hessian block of
          ``W_k`` equals ``(R_k R_k^T) kron (L_k^T L_k)``, ``R_k = W_{k-1}...W_1 X``,
          ``L_k = W_{H+1}...W_{k+1}``, and has no negative eigenvalue (exact inertia of
          the block). ``L`` is a quadratic in ``W_k`` whose Hessian is that block (it
          does not depend on ``W_k``), so PSD means convex. No hypotheses.
KAW-1     Under the hypotheses (below) L is neither convex nor concave. Witness ``points``:
          five points ``a, b, m, c, d`` built from the data
          (:func:`symlandscape.landscape.convexity.nonconvexity_points`); the statement
          checks ``m = (a + b)/2`` with ``L(m) > (L(a) + L(b))/2`` and ``a = (c + d)/2`` with
          ``L(a) < (L(c) + L(d))/2``. Structural hypothesis ``H >= 1``.
KAW-2     Under the hypotheses every local minimum is global. The point is classified
          (:func:`~symlandscape.theorems.classification.classify_point`, its facts recorded as
          values); "W is a local minimum" is a hypothesis, decided by the global-minimum
          test, a positive definite Hessian, a negative Hessian eigenvalue or a descent
          curve (:func:`point_kind_facts`); the conclusion is the exact global-minimum test.
KAW-3     Under the hypotheses every critical point that is not a global minimum is a
          saddle: hypothesis "not a global minimum"; conclusions "not a local minimum"
          (negative Hessian eigenvalue or descent curve) and "not a local maximum"
          (positive Hessian eigenvalue or a witness curve ``rise`` along which L rises).
KAW-4     Under the hypotheses, if ``rank(W_H ... W_2) = p`` (``W_H ... W_2 = I_{d_1}``
          when ``H = 1``), the Hessian at any saddle has a negative eigenvalue. The rank
          hypothesis (key ``rank_p``) is needed: KAW-4-NORANK, derived without it, fails
          on saddles with a PSD Hessian (see
          :func:`symlandscape.provers.kawaguchi.kaw4_rank_counterexample`).
SAD-0     For ``H >= 2`` and ``Y X^T != 0`` the origin has zero gradient and zero Hessian
          and is a saddle; with ``Y X^T = 0`` it is a global minimum (any H). The
          statement is about the origin (zero literals), whatever weights the instance has.
          The slides' "H >= 3" counts weight matrices.
Q-RANK    The products ``W_{H+1} ... W_1`` are exactly the ``d_y x d_x`` matrices of rank
          ``<= p``. Witnesses: ``targets`` (for every rank ``r = 0 .. min(p, d_x, d_y)`` a
          target ``M_r`` and weights of the instance's widths: the statement checks the
          shapes and that their product is ``M_r``), ``product_factors`` (the instance's
          product, refactorised) and ``excess_target`` (rank ``p + 1``, when
          ``p < min(d_x, d_y)``: no product reaches it since
          ``rank(W_{H+1}...W_1) <= rank(W_j) <= d_j``). For ``H = 0``, ``p := min(d_x, d_y)``.
Q-ATTAIN  The global minimum is attained, also when ``X X^T`` is singular. Witness
          ``minimiser``: weights with product ``Pi Y X^+``, ``Pi`` the projector onto a
          rational top-k invariant subspace of ``Sigma = Y X^+ X Y^T`` (``k = min`` of all
          widths); the exact global-minimum test certifies it. None (an irrational
          minimiser): ``"undetermined"``, with that reason.

Hypotheses of KAW-1..4 (THEOREMS.md, corrected reading of [000 Theorem 1]):
``d_y <= d_x``, ``X X^T`` invertible, ``X Y^T`` of full rank ``min(d_x, d_y)``.
The widths enter facts as literals; a fact multiplying ``Y`` (and ``X``) by a zero
row of that literal width ties them to the instance.
"""

__all__ = ["PointFacts", "point_kind_facts", "data_hypotheses", "chain_expr", "layer_shapes_expr",
           "rises_expr", "minimiser_found", "minimiser_unavailable"]

from ..facts.statement import Scoped
from .classification import classify_point, global_min_expr, rises_expr
from .declare import declare, derive

_PAPER = "Kawaguchi 2016, Theorem 2.3"


# -- expression builders ----------------------------------------------------------------------
def chain_expr(factors: list, identity: int):
    """``["mul", ...]`` of the factors (left to right), ``["eye", identity]`` when empty.

    >>> chain_expr(["W3", "W2"], 2), chain_expr([], 2)
    (['mul', 'W3', 'W2'], ['eye', 2])
    """
    if not factors:
        return ["eye", identity]
    return factors[0] if len(factors) == 1 else ["mul", *factors]


def _product_expr(Ws: list):
    """``W_{H+1} ... W_1`` of the layer expressions ``Ws = [W_1, ..., W_{H+1}]``."""
    return chain_expr(list(reversed(Ws)), 0)


def _hidden_min(widths) -> int | None:
    hidden = list(widths[1:-1])
    return min(hidden) if hidden else None


def _shape_tie(dx: int, dy: int) -> list:
    """True, and re-checkable only when X has d_x rows and Y has d_y rows."""
    return ["and", ["is_zero", ["mul", ["zeros", 1, dx], "X"]],
            ["is_zero", ["mul", ["zeros", 1, dy], "Y"]]]


def layer_shapes_expr(widths, Ws: list) -> list:
    """True when the layer expressions ``Ws`` have the shapes of ``widths``, an evaluation
    error otherwise (the product with identities of those sizes is not defined): never
    False, so a statement may record it as a value and still reject wrong shapes.

    >>> layer_shapes_expr([2, 1], ["A"])
    ['and', ['eq', ['mul', ['eye', 1], 'A', ['eye', 2]], 'A']]
    """
    return ["and", *[["eq", ["mul", ["eye", widths[k + 1]], W, ["eye", widths[k]]], W]
                     for k, W in enumerate(Ws)]]


def _lits(rows_list) -> list:
    return [["lit", rows] for rows in rows_list]


def data_hypotheses(s) -> bool:
    """State the hypotheses of Kawaguchi's Theorem 1; True when all hold."""
    dx, dy = s.view.widths[0], s.view.widths[-1]
    r = min(dx, dy)
    ok = s.hypothesis(f"d_y = {dy} <= d_x = {dx}", ["and", _shape_tie(dx, dy), ["le", dy, dx]], key="dy_le_dx")
    ok &= s.hypothesis("X X^T is invertible", ["ne", ["det", ["mul", "X", ["T", "X"]]], 0], key="xxt_invertible")
    ok &= s.hypothesis(f"X Y^T has full rank min(d_x, d_y) = {r}",
                       ["eq", ["rank", ["mul", "X", ["T", "Y"]]], r], key="xyt_full_rank")
    return bool(ok)


def minimiser_found(k: int) -> str:
    """How Q-ATTAIN's minimiser witness is built (its conclusion's text names it)."""
    return f"product Pi Y X^+ with Pi the projector onto a rational top-{k} eigenspace of Sigma"


def minimiser_unavailable(k: int) -> str:
    """Q-ATTAIN's reason when the minimiser witness is None (the top-k subspace is irrational)."""
    return (f"a global minimiser exists (the infimum is attained) but is not rational: the "
            f"k = {k} largest eigenvalue(s) of Sigma split the roots of an irreducible factor of "
            f"its characteristic polynomial, so no rational subspace carries them")


# -- the kind of a critical point, as decisive fact expressions --------------------------------
class PointFacts:
    """A classified point with decisive fact expressions for "global / local min / local max".

    Each method returns ``(criterion, expr)``: ``expr`` evaluates to the truth of the
    statement the method names, by a criterion that is decisive in the case at hand
    (e.g. "not a local minimum" as "the Hessian has a negative eigenvalue" when it has
    one, as a descent curve at a PSD singular Hessian, or as the negation of the
    global-minimum test at a global minimum). ``None``: not decidable here (undetermined
    classification, a non-critical point, or no curve). Built by :func:`point_kind_facts`.

    Attributes
    ----------
    verdict, inertia, reason
        The classification's verdict (``theorems.classification.VERDICTS``), Hessian inertia
        (tuple or None) and detail.
    critical : list
        Expression "the gradient is zero".
    inertia_expr : list
        Expression of the Hessian's inertia ``[n+, n-, n0]``.
    global_min : list
        The exact global-minimum test (:func:`~symlandscape.theorems.classification.global_min_expr`).
    descent : list or None
        The classification's descent-curve fact, at a higher-order saddle.
    """

    def __init__(self, s, Ws: list, verdict: str, inertia, reason: str, descent):
        self.s, self.Ws = s, Ws
        widths = s.view.widths
        self.args = [s.view.model, "X", "Y", Ws]
        self.verdict, self.reason = verdict, reason
        self.inertia = tuple(inertia) if inertia is not None else None
        self.is_critical = verdict != "not critical"
        self.critical = ["is_zero", ["grad", *self.args]]
        self.inertia_expr = ["inertia", ["hessian", *self.args]]
        self.global_min = global_min_expr(widths, self.args)
        self.n = sum(widths[k] * widths[k + 1] for k in range(len(widths) - 1))
        self.descent = descent
        self._rise = False  # not asked yet

    def _at(self, i):
        return ["at", self.inertia_expr, i]

    def _decidable(self) -> bool:
        return self.is_critical and self.inertia is not None and self.verdict != "undetermined"

    def is_global(self):
        """"W is a global minimum": the exact test (None at a point that is not critical)."""
        if not self.is_critical:
            return None
        return ("exact test: L(W) = 1/2 ||Y||^2 - 1/2 (sum of the k largest eigenvalues of Sigma)",
                self.global_min)

    def is_local_min(self):
        """"W is a local minimum"."""
        if not self._decidable():
            return None
        n_plus, n_minus, n_zero = self.inertia
        if self.verdict == "global minimum":
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
        if self.inertia[1] > 0:
            return ("the Hessian has a negative eigenvalue", ["lt", 0, self._at(1)])
        if self.descent is not None:
            return ("the loss drops along a certified curve", self.descent)
        lm = self.is_local_min()
        if lm is None:
            return None
        return (f"decided by: {lm[0]}", ["not", lm[1]])

    def not_local_max(self):
        """"W is not a local maximum" (asks for the witness ``rise`` when the Hessian is
        negative semidefinite and singular)."""
        if not self._decidable():
            return None
        n_plus, n_minus, n_zero = self.inertia
        if n_plus > 0:
            return ("the Hessian has a positive eigenvalue", ["lt", 0, self._at(0)])
        if n_zero == 0:
            return ("decided by: the Hessian is negative definite (sufficient for a local maximum)",
                    ["ne", self._at(1), self.n])
        if self._rise is False:
            self._rise = None
            curve = self.s.witness("rise")
            if curve is not None:
                cexpr = ["loss_curve", *self.args, [_lits(step) for step in curve]]
                rises = rises_expr(cexpr, self.s.peek(cexpr))
                if rises is not None:
                    self._rise = ("the loss rises along a curve W + t D (lowest nonconstant coefficient "
                                  "odd or positive)", rises)
        return self._rise

    def undecided(self, s) -> None:
        """Mark ``s`` undetermined: the classification gave no decisive certificate."""
        why = self.reason if self.verdict == "undetermined" else \
            "no decisive certificate of the point's kind was found"
        s.undetermined(f"classification undetermined: {why}")


def _scope(s, name: str):
    """``s.scoped(name)`` for a run; for a sub-statement, the nested scope ``prefix.name``."""
    if hasattr(s, "scoped"):
        return s.scoped(name)
    return Scoped(s.run, f"{s.prefix}.{name}", s.as_values)


def _recorded_expr(sc, key: str):
    """The expression of the fact ``key`` just recorded in scope ``sc`` (None if none)."""
    full = f"{sc.prefix}.{key}"
    return next((f["expr"] for f in reversed(sc.run.facts) if f["key"] == full), None)


def point_kind_facts(s, Ws: list, scope: str = "classification") -> PointFacts:
    """Classify the point ``Ws`` (layer expressions: names or literals) inside the statement
    ``s`` (a run or a sub-statement; the classification's facts are recorded as values
    under ``scope``, its witness is ``scope.curve``) and return its :class:`PointFacts`. A
    curve along which the loss rises, when needed, is the witness ``rise`` (one step of
    per-layer matrices)."""
    sc = _scope(s, scope)
    classify_point(sc, Ws)
    descent = _recorded_expr(sc, "descends")
    return PointFacts(s, Ws, sc.extra["verdict"], sc.extra["inertia"], sc.extra["detail"], descent)


# -- KAW-CONV ---------------------------------------------------------------------------------
def _need_point(s) -> None:
    s.require(s.view.has_point, "checked at a point: the instance needs \"weights\"")


@declare("KAW-CONV", seed="000", statement="L is convex in each W_k when all other weights are fixed (line 21)",
         kinds=("deep_linear",), paper="folklore, recalled by Kawaguchi 2016; seed 000 line 21",
         location="line 21")
def _kaw_conv(s):
    _need_point(s)
    widths, names = s.view.widths, s.view.weight_names
    L = len(names)
    s.define("Hess", ["hessian", s.view.model, "X", "Y", names])
    off = 0
    for k in range(1, L + 1):
        idx = list(range(off, off + widths[k] * widths[k - 1]))
        off = idx[-1] + 1
        block = ["rows", ["cols", "Hess", idx], idx]
        R = chain_expr(list(reversed(names[:k - 1])) + ["X"], 0) if k > 1 else "X"
        Lk = chain_expr(list(reversed(names[k:])), widths[-1])
        rtext = "X" if k == 1 else ("W_1 X" if k == 2 else f"W_{k - 1}...W_1 X")
        ltext = "I" if k == L else (f"W_{k + 1}" if k + 1 == L else f"W_{L}...W_{k + 1}")
        s.conclusion(f"the Hessian block of W_{k} is (R R^T) kron (L^T L), R = {rtext}, L = {ltext}",
                     ["eq", block, ["kron", ["mul", R, ["T", R]], ["mul", ["T", Lk], Lk]]], key=f"block_{k}_kron")
        s.conclusion(f"the Hessian block of W_{k} is positive semidefinite (L is a convex quadratic "
                     f"in W_{k})", ["eq", ["at", ["inertia", block], 1], 0], key=f"block_{k}_psd")


# -- KAW-1 ------------------------------------------------------------------------------------
_TAGS = "abmcd"


@declare("KAW-1", seed="000",
         statement="d_y <= d_x, XX^T invertible, XY^T full rank: L is neither convex nor concave",
         kinds=("deep_linear",), paper=f"{_PAPER} (i); seed 000 Theorem 1.1", location="Theorem 1.1, lines 25-27")
def _kaw1(s):
    H = s.view.H
    ok = s.hypothesis(f"the network has H = {H} >= 1 hidden layers", ["le", 1, H], key="depth")
    ok = data_hypotheses(s) and ok
    if not ok:
        return
    pts = s.witness("points")   # {"a": [W_1 rows, ...], "b": ..., "m": ..., "c": ..., "d": ...}
    if pts is None:
        s.undetermined("no witness points of non-convexity were found")
        return
    L = len(s.view.widths) - 1
    s.value(f"the witness points have the layer shapes of widths {list(s.view.widths)}",
                 ["and", *[layer_shapes_expr(s.view.widths, _lits(pts[t])) for t in _TAGS]], key="witness_shapes")
    for t in _TAGS:
        for k, Wk in enumerate(pts[t], 1):
            s.define(f"W{t}{k}", ["lit", Wk])
    loss = {t: ["loss", s.view.model, "X", "Y", [f"W{t}{k}" for k in range(1, L + 1)]] for t in _TAGS}
    for t in _TAGS:
        s.value(f"L(theta_{t})", loss[t], key=f"loss_{t}")

    def midpoint(m, a, b):
        return ["and", *[["eq", f"W{m}{k}", ["scale", "1/2", ["add", f"W{a}{k}", f"W{b}{k}"]]]
                         for k in range(1, L + 1)]]

    s.conclusion("theta_m = (theta_a + theta_b)/2 (three collinear points)", midpoint("m", "a", "b"),
                 key="m_midpoint")
    s.conclusion("L(theta_m) > (L(theta_a) + L(theta_b))/2: L is not convex",
                 ["lt", ["scale", "1/2", ["add", loss["a"], loss["b"]]], loss["m"]], key="not_convex")
    s.conclusion("theta_a = (theta_c + theta_d)/2 (three collinear points)", midpoint("a", "c", "d"),
                 key="a_midpoint")
    s.conclusion("L(theta_a) < (L(theta_c) + L(theta_d))/2: L is not concave",
                 ["lt", loss["a"], ["scale", "1/2", ["add", loss["c"], loss["d"]]]], key="not_concave")


# -- KAW-2, KAW-3, KAW-4 ----------------------------------------------------------------------
def _critical_common(s) -> tuple:
    """Data hypotheses, classification, and the hypothesis "W is critical"."""
    _need_point(s)
    ok = data_hypotheses(s)
    kind = point_kind_facts(s, s.view.weight_names)
    ok = s.hypothesis("W is a critical point (the gradient is zero)", kind.critical, key="critical") and ok
    return ok, kind


@declare("KAW-2", seed="000",
         statement="d_y <= d_x, XX^T invertible, XY^T full rank: every local minimum is global",
         kinds=("deep_linear",), paper=f"{_PAPER} (ii); seed 000 Theorem 1.2", location="Theorem 1.2, line 29")
def _kaw2(s):
    ok, kind = _critical_common(s)
    if not kind.is_critical:
        return
    lm, gm = kind.is_local_min(), kind.is_global()      # gm: not None at a critical point
    if lm is None:
        return kind.undecided(s)
    if s.hypothesis(f"W is a local minimum ({lm[0]})", lm[1], key="local_min"):
        s.conclusion(f"W is a global minimum ({gm[0]})", gm[1], key="global_min")


@declare("KAW-3", seed="000",
         statement="same hypotheses: every critical point that is not a global minimum is a saddle",
         kinds=("deep_linear",), paper=f"{_PAPER} (iii); seed 000 Theorem 1.3", location="Theorem 1.3, line 30")
def _kaw3(s):
    ok, kind = _critical_common(s)
    if not kind.is_critical:
        return
    gm = kind.is_global()                               # not None at a critical point
    if not s.hypothesis("W is not a global minimum (exact test)", ["not", gm[1]], key="not_global_min"):
        return
    a, b = kind.not_local_min(), kind.not_local_max()
    if a is None or b is None:
        return kind.undecided(s)
    s.conclusion(f"W is not a local minimum: {a[0]}", a[1], key="not_local_min")
    s.conclusion(f"W is not a local maximum: {b[0]}", b[1], key="not_local_max")


@declare("KAW-4", seed="000",
         statement="same hypotheses: if rank(W_H...W_2) = p, the Hessian at any saddle has a negative eigenvalue",
         kinds=("deep_linear",), paper=f"{_PAPER} (iv); seed 000 Theorem 1.4", location="Theorem 1.4, line 31")
def _kaw4(s):
    H = s.view.H
    if not s.hypothesis(f"the network has H = {H} >= 1 hidden layers", ["le", 1, H], key="depth"):
        return
    ok, kind = _critical_common(s)
    if not kind.is_critical:
        return
    widths = s.view.widths
    p = _hidden_min(widths)
    mid = chain_expr(list(reversed(s.view.weight_names[1:-1])), widths[1])
    s.hypothesis(f"rank(W_H ... W_2) = p = min(d_1..d_H) = {p}", ["eq", ["rank", mid], p], key="rank_p")
    a, b = kind.not_local_min(), kind.not_local_max()
    if a is None or b is None:
        return kind.undecided(s)
    if s.hypothesis(f"W is a saddle (not a local minimum: {a[0]}; not a local maximum: {b[0]})",
                    ["and", a[1], b[1]], key="saddle"):
        s.conclusion("the Hessian has a negative eigenvalue", ["lt", 0, ["at", kind.inertia_expr, 1]],
                     key="negative_eigenvalue")


derive("KAW-4", "KAW-4-NORANK", drop={"rank_p"},
       statement="KAW-4 without the hypothesis rank(W_H...W_2) = p: the Hessian at any saddle "
                 "has a negative eigenvalue",
       finding="The rank hypothesis cannot be dropped: with widths [2,2,2,2], X = I, "
               "Y = diag(2, 1), W_1 = [[2,0],[0,0]], W_2 = W_3 = [[1,0],[0,0]] the point is a "
               "saddle (the loss drops like -t^3) whose Hessian (3, 0, 9) is PSD.",
       corrected="KAW-4 as stated (with rank(W_H...W_2) = p).")


# -- SAD-0 ------------------------------------------------------------------------------------
@declare("SAD-0", seed="000",
         statement="H >= 2 and YX^T != 0: the origin has zero gradient and Hessian yet is a saddle; "
                   "YX^T = 0: it is a global minimum",
         kinds=("deep_linear",), paper="Kawaguchi 2016, Section 2.3 (bad saddles); seed 000 line 73, "
                                       "seed 003 slide 2", location="line 73")
def _sad0(s):
    widths = s.view.widths
    origin = [["zeros", widths[k + 1], widths[k]] for k in range(len(widths) - 1)]
    args = [s.view.model, "X", "Y", origin]
    kind = point_kind_facts(s, origin)
    yx0 = ["is_zero", ["mul", "Y", ["T", "X"]]]
    if s.value("Y X^T = 0", yx0, key="yxt_zero_value"):
        s.hypothesis("Y X^T = 0", yx0, key="yxt_zero")
        s.conclusion("the gradient at the origin is zero", kind.critical, key="gradient_zero")
        gm = kind.is_global()
        if gm is None:
            return kind.undecided(s)
        s.conclusion("the origin is a global minimum (exact test)", gm[1], key="global_min")
        return
    s.hypothesis("Y X^T != 0", ["not", yx0], key="yxt_nonzero")
    if not s.hypothesis(f"H = {s.view.H} >= 2 hidden layers", ["le", 2, s.view.H], key="depth"):
        return
    s.conclusion("the gradient at the origin is zero", kind.critical, key="gradient_zero")
    s.conclusion("the Hessian at the origin is zero", ["is_zero", ["hessian", *args]], key="hessian_zero")
    a, b = kind.not_local_min(), kind.not_local_max()
    if a is None or b is None or kind.descent is None:
        return kind.undecided(s)
    s.conclusion("the origin is not a local minimum: the loss drops along the curve found by classify",
                 kind.descent, key="not_local_min")
    s.conclusion(f"the origin is not a local maximum: {b[0]}", b[1], key="not_local_max")


# -- Q-RANK -----------------------------------------------------------------------------------
@declare("Q-RANK", seed="000",
         statement="the products W_{H+1}...W_1 are exactly the d_y x d_x matrices of rank <= p "
                   "(constructive factorisation)",
         kinds=("deep_linear",), paper="seed 000 question 1 (line 120)", location="line 120")
def _qrank(s):
    widths = list(s.view.widths)
    dx, dy = widths[0], widths[-1]
    p = _hidden_min(widths)
    p = min(dx, dy) if p is None else p
    top = min(p, dx, dy)
    if s.view.has_point:
        P = _product_expr(s.view.weight_names)
        s.conclusion(f"rank(W_{{H+1}} ... W_1) <= p = {p} for the instance's weights", ["le", ["rank", P], p],
                     key="product_rank")
        Wf = s.witness("product_factors")   # [W_1 rows, ..., W_{H+1} rows]
        if Wf is None:
            return s.undetermined("factorize found no factorisation of the instance's product")
        s.conclusion("factorize(W_{H+1} ... W_1) reproduces the instance's product",
                     ["eq", _product_expr(_lits(Wf)), P], key="product_factorised")
    targets = s.witness("targets")   # per rank r = 0 .. top: {"M": rows, "W": [W_1 rows, ...]}
    if targets is None or len(targets) != top + 1:
        return s.undetermined(f"no factorised targets of every rank 0 .. {top}")
    for r, t in enumerate(targets):
        M, Wf = ["lit", t["M"]], _lits(t["W"])
        s.hypothesis(f"target M_{r} ({dy} x {dx}) has rank {r} <= p = {p}", ["le", ["rank", M], p],
                     key=f"target_{r}_rank")
        s.conclusion(f"factorize(M_{r}) has the layer shapes of widths {widths}", layer_shapes_expr(widths, Wf),
                     key=f"target_{r}_shapes")
        s.conclusion(f"the product of factorize(M_{r}) is M_{r}", ["eq", _product_expr(Wf), M],
                     key=f"target_{r}_product")
    if p < min(dx, dy):
        M = s.witness("excess_target")   # rows of a d_y x d_x matrix of rank p + 1
        if M is None:
            return s.undetermined(f"no target of rank p + 1 = {p + 1}")
        s.conclusion(f"a target of rank p + 1 = {p + 1} exceeds p, so it is no product "
                     f"(rank W_{{H+1}}...W_1 <= rank W_j <= d_j for the narrowest hidden layer j)",
                     ["lt", p, ["rank", ["lit", M]]], key="excess_rank")


# -- Q-ATTAIN ---------------------------------------------------------------------------------
@declare("Q-ATTAIN", seed="000",
         statement="the global minimum is attained, also when XX^T is singular (exact minimiser)",
         kinds=("deep_linear",), paper="seed 000 question 2 (line 121)", location="line 121")
def _qattain(s):
    widths = s.view.widths
    k = min(widths)
    W = s.witness("minimiser")   # [W_1 rows, ..., W_{H+1} rows] or None (irrational)
    if W is None:
        return s.undetermined(minimiser_unavailable(k))
    Ws = _lits(W)
    s.value(f"W* has the layer shapes of widths {list(widths)}", layer_shapes_expr(widths, Ws),
                 key="minimiser_shapes")
    s.value("det(X X^T) (0: X X^T singular)", ["det", ["mul", "X", ["T", "X"]]], key="det_xxt")
    kind = point_kind_facts(s, Ws)
    s.conclusion("W* is a critical point", kind.critical, key="critical")
    gm = kind.is_global()
    if gm is None:
        return kind.undecided(s)
    s.conclusion(f"W* attains the infimum ({minimiser_found(k)})", gm[1], key="attains")
