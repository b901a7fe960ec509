r"""Baldi-Hornik claims BH-4 ... BH-7 [seed 004, Theorems 4-7] and the statements as
the seed writes them: AW-004-BH6 [eq (5)], AW-004-THM8 [Theorem 8], AW-004-DEF3
[Definition 3 with Theorem 8.3].

Statements only (instance families and witness finders: :mod:`symlandscape.provers.baldi_hornik`).

Mapping of the seed's notation onto ours
----------------------------------------
The seed's two-layer network has ``A`` (d x p), ``B`` (p x d), samples ``x_i, y_i``
in ``R^d`` and the loss ``L(A, B) = sum_i ||y_i - A B x_i||^2 = ||Y - A B X||_F^2``
(eq (1): **no** factor 1/2; the network is ``A B x``, so ``B`` acts first). Ours is
:class:`~symlandscape.models.DeepLinear` with widths ``[d_x, p, d_y]``, samples as
the columns of ``X`` (d_x x m) and ``Y`` (d_y x m), and

    W_1 = B  (p x d_x),    W_2 = A  (d_y x p),    L_ours = 1/2 ||W_2 W_1 X - Y||_F^2 = L_seed / 2.

The factor 1/2 changes no critical point, no Hessian sign, no minimiser. The
seed's covariances are ``Sigma_xx = sum x_i x_i^T = X X^T``, ``Sigma_xy = sum x_i
y_i^T = X Y^T`` (d_x x d_y) and ``Sigma_yx = Y X^T`` (d_y x d_x); its ``Sigma =
Sigma_yx Sigma_xx^-1 Sigma_xy = Y X^T (X X^T)^-1 X Y^T`` is our ``Y X^+ X Y^T``
(the same matrix when ``X X^T`` is invertible). Our gradient blocks are
``dL/dW_1 = A^T A B Sigma_xx - A^T Sigma_yx`` and ``dL/dW_2 = A B Sigma_xx B^T -
Sigma_yx B^T``: eq (2) is ``dL/dW_1 = 0`` and eq (4) is ``dL/dW_2 = 0`` exactly (the
seed's derivatives are twice ours). ``P_A = A A^+``. The seed writes ``d_x = d_y =
d`` and ``p <= d``; the statements accept any widths where they make sense.

The kind of a critical point (global minimum, not a local minimum, not a local
maximum) comes from :func:`~symlandscape.theorems.kawaguchi.point_kind_facts` (the
classification's facts recorded as values under ``classification.``, its witness
``classification.curve``; a rising curve, when needed, is the witness ``rise``), shared
with KAW-2..4.

Witnesses: BH-7 ``rotation`` (a rational rotation commuting with Sigma that moves
``col(A)``, at a point with a repeated eigenvalue: the family is a continuum);
AW-004-THM8 ``convexity`` (two pairs of points whose midpoints break convexity and
concavity). BH-4, BH-5, BH-6 and AW-004-BH6 need none.

Findings (``symlandscape prove BH-4 BH-5 BH-6 BH-7 AW-004-BH6 AW-004-THM8 AW-004-DEF3``)
----------------------------------------------------------------------------------------
* BH-4, BH-5 hold: the W_1 (W_2) block of the Hessian is PSD and does not depend on
  W_1 (W_2); ``B* = A^+ Y X^+`` (``A* = Y (B X)^+``) solves eq (2) (eq (4)) for
  *any* data, and the solutions of eq (2) (4) are exactly the minimisers.
* BH-6 holds; its full-column-rank hypothesis on ``A`` is not needed (``dL/dW_1 = 0``
  gives ``P_A A B Sigma_xx = P_A Sigma_yx`` since ``(A^T)^+ A^T = P_A``): the
  conclusion is recorded, and holds, also where only that hypothesis fails.
* AW-004-BH6 fails: eq (5) prints ``Sigma_xy`` for ``Sigma_yx``. The formula is
  undefined unless ``d_x = d_y``; for ``d_x = d_y = 1`` both agree; minimal
  counterexample widths [2, 1, 2], ``X = I``, ``Y = [[0, 1], [0, 0]]``, the saddle
  ``A = [[0], [1]], B = [[0, 0]]``: ``A B = 0`` but ``P_A Sigma_xy Sigma_xx^-1 =
  [[0, 0], [1, 0]]``.
* BH-7 holds on every critical family of the bundled instances (one family per
  index set of at most p eigenvectors, (0, 0) included): the top-p set is the global
  minimum, every other family a strict saddle. With a repeated eigenvalue the
  families are continua (a Cayley rotation inside the eigenspace moves the point
  to another critical point with the same loss and a different product).
* AW-004-THM8 fails as written only in part 1: with ``X = 0`` the loss is the
  constant ``1/2 ||Y||^2``, convex and concave (minimal: widths [1, 1, 1],
  ``X = Y = [[0]]``). ``X != 0`` mends it: parts 1-4 then hold on every instance of
  the search (zero Y, singular ``X X^T``, ``d_y > d_x``, repeated and irrational
  eigenvalues, H = 1..3), with "saddle" meaning neither a local minimum nor a
  local maximum and "rank(W_H...W_2) >= p" read as "= p" (the rank is at most p).
  The theorem is stated "for any depth H >= 1" (``p`` is the smallest hidden width):
  a network without hidden layer does not meet the hypothesis ``depth``.
* AW-004-DEF3 fails: the origin of widths [1, 1, 1, 1] with ``X = Y = [[1]]`` is
  critical with zero Hessian (so not a saddle in the sense of Definition 3), yet
  the loss ``1/2 (t^3 - 1)^2`` along ``W_k = t`` drops on one side and rises on the
  other: neither a local minimum nor a local maximum.
"""

__all__ = ["global_or_saddle_expr", "distinct_eigenvalues_expr"]

from .declare import declare
from .kawaguchi import layer_shapes_expr, point_kind_facts

_PAPER = "Baldi-Hornik 1989"

# -- the seed's matrices as fact expressions (instance names X, Y, W1 = B, W2 = A) -------
_SXX = ["mul", "X", ["T", "X"]]
_SYX = ["mul", "Y", ["T", "X"]]
_SXY = ["mul", "X", ["T", "Y"]]
_AB = ["mul", "W2", "W1"]
_SIGMA = ["mul", "Y", ["pinv", "X"], "X", ["T", "Y"]]


def _args(s, Ws=None) -> list:
    return [s.view.model, "X", "Y", Ws or s.view.weight_names]


def _critical(s) -> list:
    return ["is_zero", ["grad", *_args(s)]]


def _show(rows) -> str:
    """``[[0, 1], [1/2, 0]]``: a matrix value (neutral rows) for a reason text.

    >>> from fractions import Fraction
    >>> _show([[0, 1], [Fraction(1, 2), 0]])
    '[[0, 1], [1/2, 0]]'
    """
    return "[" + ", ".join("[" + ", ".join(str(x) for x in row) + "]" for row in rows) + "]"


def _two_layer(s) -> tuple:
    """``(d_x, p, d_y)`` of a two-layer instance with a point, else NotApplicable."""
    s.require(s.view.H == 1, f"a two-layer claim (widths [d_x, p, d_y], W_1 = B, W_2 = A); "
                             f"the instance has {s.view.H} hidden layers")
    s.require(s.view.has_point, "needs a point: the instance has no \"weights\" [W_1 = B, W_2 = A]")
    return tuple(s.view.widths)


# -- the kind of a critical point -------------------------------------------------------------
def _kind(s) -> tuple:
    """Classify the instance's point (:func:`~symlandscape.theorems.kawaguchi.point_kind_facts`,
    the classification's facts recorded as values) and return ``(kind, gm, not_min,
    not_max)``: decisive boolean expressions for "global minimum", "not a local minimum"
    and "not a local maximum" (each None when no certificate decides it)."""
    k = point_kind_facts(s, s.view.weight_names)
    return (k, *(None if t is None else t[1] for t in (k.is_global(), k.not_local_min(), k.not_local_max())))


def global_or_saddle_expr(verdict: str, gm, not_min, not_max):
    """Decisive expression "a global minimum, or neither a local minimum nor a local
    maximum (a saddle)"; None when undecided.

    >>> global_or_saddle_expr("strict saddle", "g", "a", "b")
    ['or', 'g', ['and', 'a', 'b']]
    >>> global_or_saddle_expr("global minimum", "g", None, None)
    'g'
    """
    if gm is not None and verdict == "global minimum":
        return gm
    if None in (gm, not_min, not_max):
        return None
    return ["or", gm, ["and", not_min, not_max]]


# -- BH-4 and BH-5 -------------------------------------------------------------------------
def _block_idx(widths, k: int) -> list:
    """Positions of vec(W_k) (1-based k) inside theta."""
    o = [0]
    for r, c in zip(widths[1:], widths[:-1]):
        o.append(o[-1] + r * c)
    return list(range(o[k - 1], o[k]))


def _convex_in(s, k: int, star: str, star_expr, star_text: str, normal_eq: tuple, name: str,
               other: str) -> None:
    """Shared facts of BH-4 (k = 1, W_1 = B free) and BH-5 (k = 2, W_2 = A free)."""
    idx = _block_idx(s.view.widths, k)
    Ws = ["W1", "W2"]
    Ws_star = [star if j == k else w for j, w in enumerate(Ws, 1)]

    def block(ws):
        H = ["hessian", "deep_linear", "X", "Y", ws]
        return ["rows", ["cols", H, idx], idx]

    s.define(star, star_expr)
    s.value(f"inertia of d^2L/d{name}^2 (the W_{k} block of the Hessian)", ["inertia", block(Ws)],
            key="block_inertia")
    s.conclusion(f"d^2L/d{name}^2 is positive semidefinite, hence L is convex in {name} "
                 f"(L is a quadratic polynomial in {name} for fixed {other})",
                 ["eq", ["at", ["inertia", block(Ws)], 1], 0], key="block_psd")
    s.value(f"d^2L/d{name}^2 does not depend on {name} (equal at {name} and {star})",
            ["eq", block(Ws), block(Ws_star)], key="block_constant")
    lhs, rhs = normal_eq

    def solves(ws):
        return ["eq", lhs(*ws), rhs(*ws)]

    s.conclusion(f"{star} = {star_text} solves the normal equations", solves(Ws_star), key="star_solves")
    s.conclusion(f"dL/d{name} = 0 at {name} = {star}: a minimiser, L being convex in {name}",
                 ["is_zero", ["rows", ["grad", "deep_linear", "X", "Y", Ws_star], idx]], key="star_stationary")
    loss, loss_star = ["loss", *_args(s)], ["loss", *_args(s, Ws_star)]
    s.conclusion(f"L({star}) <= L at the instance's {name}", ["le", loss_star, loss], key="star_minimal")
    s.value(f"the instance's {name} solves the normal equations", solves(Ws), key="instance_solves")
    s.conclusion(f"the instance's {name} solves the normal equations iff it is a minimiser "
                 f"(L equal to L({star}))", ["eq", solves(Ws), ["eq", loss, loss_star]], key="solves_iff_minimiser")


@declare("BH-4", seed="004",
         statement="for fixed A the two-layer loss is convex in B and attains its minimum exactly at "
                   "the B solving eq (2): A^T A B Sigma_xx = A^T Sigma_yx",
         kinds=("deep_linear",), paper=f"{_PAPER}; seed 004 Theorem 4", location="Theorem 4, eq (2)")
def _bh4(s):
    """Facts (W_1 = B, W_2 = A): the W_1 Hessian block is PSD and independent of B; the
    canonical solution ``B* = A^+ Y X^+`` of eq (2) (it exists for any data:
    ``A^T A A^+ = A^T`` and ``X^+ X X^T = X^T``) has ``dL/dB = 0``; ``L(B*) <= L(B)``;
    and the instance's B solves eq (2) iff ``L(A, B) = L(A, B*)``."""
    _two_layer(s)
    _convex_in(s, 1, "Bstar", ["mul", ["pinv", "W2"], "Y", ["pinv", "X"]], "A^+ Y X^+",
               (lambda B, A: ["mul", ["T", A], A, B, _SXX], lambda B, A: ["mul", ["T", A], _SYX]),
               "B", "A")


@declare("BH-5", seed="004",
         statement="for fixed B the two-layer loss is convex in A and attains its minimum exactly at "
                   "the A solving eq (4): A B Sigma_xx B^T = Sigma_yx B^T",
         kinds=("deep_linear",), paper=f"{_PAPER}; seed 004 Theorem 5", location="Theorem 5, eq (4)")
def _bh5(s):
    """Facts (W_1 = B, W_2 = A): as BH-4 with the roles swapped; ``A* = Y (B X)^+`` (the
    least-squares solution of ``A (B X) = Y``) solves eq (4)."""
    _two_layer(s)
    _convex_in(s, 2, "Astar", ["mul", "Y", ["pinv", ["mul", "W1", "X"]]], "Y (B X)^+",
               (lambda B, A: ["mul", A, B, _SXX, ["T", B]], lambda B, A: ["mul", _SYX, ["T", B]]),
               "A", "B")


# -- BH-6 -----------------------------------------------------------------------------------
@declare("BH-6", seed="004",
         statement="at a critical point with A of full column rank and Sigma_xx invertible, "
                   "AB = P_A Sigma_yx Sigma_xx^-1",
         kinds=("deep_linear",), paper=f"{_PAPER}; seed 004 Theorem 6", location="Theorem 6, eq (5) corrected")
def _bh6(s):
    """Hypotheses: the point is critical, rank(A) = p, Sigma_xx invertible. Conclusion:
    ``W_2 W_1 = P_{W_2} Y X^T (X X^T)^-1``. When only the rank hypothesis fails, the
    identity is still recorded (it needs only dL/dB = 0 and Sigma_xx invertible)."""
    dx, p, dy = _two_layer(s)
    crit = s.hypothesis("the point is critical", _critical(s), key="critical")
    s.hypothesis("A = W_2 has full column rank p", ["eq", ["rank", "W2"], p], key="a_full_column_rank")
    inv = s.hypothesis("Sigma_xx = X X^T is invertible", ["eq", ["rank", _SXX], dx], key="sxx_invertible")
    if not (crit and inv):
        return
    s.conclusion("A B = P_A Sigma_yx Sigma_xx^-1", ["eq", _AB, ["mul", ["proj", "W2"], _SYX, ["inv", _SXX]]],
                 key="product_formula")


# -- BH-7 ----------------------------------------------------------------------------------
def distinct_eigenvalues_expr(d: int, S="Sigma") -> list:
    """Sigma (symmetric) has d distinct eigenvalues iff its minimal polynomial has degree d
    iff I, Sigma, ..., Sigma^(d-1) are linearly independent.

    >>> distinct_eigenvalues_expr(2)
    ['eq', ['rank', ['hstack', ['vec', ['eye', 2]], ['vec', ['mul', 'Sigma']]]], 2]
    """
    powers = [["eye", d]] + [["mul", *([S] * j)] for j in range(1, d)]
    return ["eq", ["rank", ["hstack", *[["vec", P] for P in powers]]], d]


@declare("BH-7", seed="004",
         statement="Sigma_xx, Sigma_xy full rank, Sigma = Sigma_yx Sigma_xx^-1 Sigma_xy full rank with "
                   "distinct eigenvalues: every local minimum is global, all other critical points are saddles",
         kinds=("deep_linear",), paper=f"{_PAPER}; seed 004 Theorem 7", location="Theorem 7")
def _bh7(s):
    """Hypotheses: Sigma_xx invertible, Sigma_xy of rank min(d_x, d_y), Sigma (defined as
    ``Y X^+ X Y^T``, equal to the seed's when Sigma_xx is invertible) of rank d_y with d_y
    distinct eigenvalues, the point critical. Conclusion: the point is a global minimum
    or a saddle (neither a local minimum nor a local maximum), certified by the
    classification's facts. With a repeated eigenvalue, values show the continuum
    (:func:`_continuum`)."""
    dx, p, dy = _two_layer(s)
    s.define("Sigma", _SIGMA)
    s.hypothesis("Sigma_xx = X X^T is invertible", ["eq", ["rank", _SXX], dx], key="sxx_invertible")
    s.hypothesis("Sigma_xy = X Y^T has full rank", ["eq", ["rank", _SXY], min(dx, dy)], key="sxy_full_rank")
    s.hypothesis("Sigma has full rank", ["eq", ["rank", "Sigma"], dy], key="sigma_full_rank")
    distinct = s.hypothesis("Sigma has distinct eigenvalues (rank [vec I, vec Sigma, ..., "
                            "vec Sigma^(d_y-1)] = d_y)", distinct_eigenvalues_expr(dy), key="distinct_eigenvalues")
    if not s.hypothesis("the point is critical", _critical(s), key="critical"):
        return
    k, *kind = _kind(s)
    expr = global_or_saddle_expr(k.verdict, *kind)
    if expr is None:
        s.undetermined(f"could not certify the kind of the point ({k.verdict}: {k.reason})")
        return
    s.conclusion("the critical point is a global minimum or a saddle (neither a local minimum "
                 "nor a local maximum)", expr, key="global_or_saddle")
    if not distinct:
        _continuum(s, dy)


def _continuum(s, dy: int) -> None:
    """Values showing that the critical family through the point is a continuum: the
    witness ``rotation`` is a rational orthogonal ``R`` commuting with Sigma (it turns a
    plane inside the eigenspace of a repeated eigenvalue) such that ``(R A, (R A)^+ Y X^+)``
    is another critical point with the same loss and a different product. None (no
    repeated rational eigenvalue splits ``col(A)``): nothing is recorded."""
    R = s.witness("rotation")
    if R is None:
        return
    s.define("Rot", ["lit", R])
    s.value("R is orthogonal and commutes with Sigma (a rotation inside eigenspaces of Sigma)",
            ["and", ["eq", ["mul", ["T", "Rot"], "Rot"], ["eye", dy]],
             ["eq", ["mul", "Rot", "Sigma"], ["mul", "Sigma", "Rot"]]], key="continuum_rotation")
    s.define("W2r", ["mul", "Rot", "W2"])
    s.define("W1r", ["mul", ["pinv", "W2r"], "Y", ["pinv", "X"]])
    rot_args = _args(s, ["W1r", "W2r"])
    s.value("the rotated point (R A, (R A)^+ Y X^+) is critical", ["is_zero", ["grad", *rot_args]],
            key="continuum_critical")
    s.value("with the same loss", ["eq", ["loss", *rot_args], ["loss", *_args(s)]], key="continuum_same_loss")
    s.value("and a different product", ["ne", ["mul", "W2r", "W1r"], _AB], key="continuum_other_product")


# -- AW-004-THM8 -----------------------------------------------------------------------------
def _lits(rows_list) -> list:
    return [["lit", rows] for rows in rows_list]


def _part1(s) -> bool:
    """Part 1 (L is neither convex nor concave); False when undetermined."""
    if s.peek(["is_zero", "X"]):
        s.value("X = 0: the output W_{H+1}...W_1 X is 0, so L = 1/2 ||Y||^2 is constant (convex and "
                "concave)", ["is_zero", "X"], key="x_zero")
        s.conclusion("part 1: L is non-convex and non-concave (needs X != 0)", ["not", ["is_zero", "X"]],
                     key="part1")
        s.explain("X = 0 makes L constant, hence convex and concave")
        return True
    w = s.witness("convexity")   # {"convex": [Wa rows, Wb rows], "concave": [Wa rows, Wb rows]}
    if w is None:
        s.undetermined("no witness points of non-convexity and non-concavity were found")
        return False
    widths = s.view.widths
    for kind in ("convex", "concave"):
        a, b = (_lits(P) for P in w[kind])
        s.value(f"the {kind}ity witness points have the layer shapes of widths {list(widths)}",
                ["and", layer_shapes_expr(widths, a), layer_shapes_expr(widths, b)], key=f"part1_{kind}_shapes")
        avg = ["scale", "1/2", ["add", ["loss", *_args(s, a)], ["loss", *_args(s, b)]]]
        lm = ["loss", *_args(s, [["scale", "1/2", ["add", x, y]] for x, y in zip(a, b)])]
        broken = ["lt", avg, lm] if kind == "convex" else ["lt", lm, avg]
        if not s.peek(broken):   # a witness that proves nothing refutes nothing
            s.undetermined(f"the witness points do not show that L is not {kind}")
            return False
        s.conclusion(f"part 1: L is not {kind}: at two points and their midpoint, L(midpoint) "
                     f"{'>' if kind == 'convex' else '<'} the mean of the two losses", broken,
                     key=f"part1_not_{kind}")
    return True


@declare("AW-004-THM8", seed="004",
         statement="for any depth, any widths and any input-output dimensions (no hypotheses on X, Y): "
                   "1. L is non-convex and non-concave; 2. every local minimum is global; 3. every critical "
                   "point that is not a global minimum is a saddle; 4. if rank(W_H...W_2) >= p, the Hessian "
                   "at any saddle point has a negative eigenvalue",
         kinds=("deep_linear",), as_written=True, location="Theorem 8",
         paper="Kawaguchi 2016, Theorem 2.3; seed 004 Theorem 8",
         corrected="for X != 0 (e.g. X X^T of full rank, Kawaguchi's hypothesis) parts 1-4 hold for any depth "
                   "H >= 1, widths, dimensions and Y, with 'saddle' = a critical point that is neither a local "
                   "minimum nor a local maximum (not Definition 3, see AW-004-DEF3) and 'rank(W_H...W_2) "
                   ">= p' read as '= p' (the rank is at most p); with X = 0 the loss is constant and "
                   "parts 2-4 hold trivially, part 1 fails")
def _aw_thm8(s):
    """Hypothesis: depth H >= 1 (the theorem's "for any depth H >= 1"; p, the smallest hidden
    width, needs a hidden layer). Part 1 from the witness ``convexity`` (or X = 0); at a
    critical point, parts 2-4 from the point's classification (texts start with "part n:")."""
    widths, H = s.view.widths, s.view.H
    if not s.hypothesis(f"the network has H = {H} >= 1 hidden layers (Theorem 8: any depth H >= 1; "
                        f"p is the smallest hidden width)", ["le", 1, H], key="depth"):
        return
    if not _part1(s):
        return
    if not s.view.has_point or not s.value("the point is critical", _critical(s), key="critical"):
        return
    p = min(widths[1:-1])
    k, gm, not_min, not_max = _kind(s)
    mid = ["rank", ["eye", widths[1]]] if H == 1 else ["rank", ["mul", *[f"W{j}" for j in range(H, 1, -1)]]]
    s.value("rank(W_H...W_2) <= p always (W_1...W_2 = I_{d_1} for H = 1): '>= p' means '= p'", ["le", mid, p],
            key="rank_le_p")
    part3 = global_or_saddle_expr(k.verdict, gm, not_min, not_max)
    if part3 is None:
        s.undetermined(f"the kind of the point is not certified ({k.verdict}: {k.reason})")
        return
    saddle = None if part3 is gm else ["and", not_min, not_max]
    n_minus = ["lt", 0, ["at", ["inertia", ["hessian", *_args(s)]], 1]]
    s.conclusion("part 2: a local minimum is global (the point is a global minimum or not a local minimum)",
                 gm if saddle is None else ["or", gm, not_min], key="part2")
    s.conclusion("part 3: a critical point that is not a global minimum is a saddle (neither a local "
                 "minimum nor a local maximum)", part3, key="part3")
    s.conclusion("part 4: if rank(W_H...W_2) >= p, the Hessian at a saddle has a negative eigenvalue",
                 ["or", ["lt", mid, p], n_minus, gm] + ([] if saddle is None else [["not", saddle]]), key="part4")


# -- AW-004-DEF3 -----------------------------------------------------------------------------
@declare("AW-004-DEF3", seed="004",
         statement="every critical point is a local minimum, a local maximum or a saddle in the sense of "
                   "Definition 3 (gradient zero and an indefinite Hessian)",
         kinds=("deep_linear",), as_written=True, location="Definition 3 with Theorem 8.3",
         paper="seed 004 Definition 3 (with Kawaguchi 2016, Theorem 2.3 (iii))",
         corrected="every critical point is a local minimum, a local maximum or a saddle, where a saddle is "
                   "a critical point that is neither a local minimum nor a local maximum: its Hessian may be "
                   "semidefinite, even zero (the origin for H >= 2 with Y X^T != 0); Definition 3's "
                   "indefinite Hessian is sufficient, not necessary (it is also necessary for H = 1 and "
                   "under rank(W_H...W_2) = p, Theorem 8.4)")
def _aw_def3(s):
    """Hypothesis: the point is critical. Conclusion: it is a local minimum, a local maximum
    or has an indefinite Hessian, each decided by a certificate of
    :func:`~symlandscape.theorems.kawaguchi.point_kind_facts` (global-minimum test, definite
    Hessian, an eigenvalue of either sign, a polynomial curve along which the loss drops or
    rises). A point certified neither a local minimum nor a local maximum with a
    semidefinite Hessian refutes the statement; without such certificates: undetermined."""
    s.require(s.view.has_point, "needs a point: the instance has no \"weights\"")
    if not s.hypothesis("the point is critical", _critical(s), key="critical"):
        return
    k, gm, not_min, not_max = _kind(s)
    hin = ["inertia", ["hessian", *_args(s)]]
    # each disjunct decides its own statement, so the disjunction is the claim on this point
    parts = [["and", ["lt", 0, ["at", hin, 0]], ["lt", 0, ["at", hin, 1]]]]
    parts += [["not", e] for e in (not_min, not_max) if e is not None]
    text = "a local minimum, a local maximum or an indefinite Hessian (Definition 3)"
    if not s.peek(["or", *parts]) and None in (not_min, not_max):
        s.undetermined(f"semidefinite Hessian and the kind of the point is not certified ({k.reason})")
        return
    if not s.conclusion(text, ["or", *parts], key="definition3"):
        s.explain(f"Hessian inertia {k.inertia} is not indefinite, yet the point is neither a local minimum "
                  f"nor a local maximum (certified along polynomial curves): a saddle in the usual sense only")


# -- AW-004-BH6 (after THM8 and DEF3, as in THEOREMS.md) --------------------------------------
@declare("AW-004-BH6", seed="004",
         statement="at a critical point (Sigma_xx invertible) AB = P_A Sigma_xy Sigma_xx^-1 with "
                   "Sigma_xy = sum_i x_i y_i^T as defined there",
         kinds=("deep_linear",), as_written=True, location="Theorem 6, eq (5)",
         paper=f"{_PAPER}; seed 004 Theorem 6, eq (5)",
         corrected="at a critical point with Sigma_xx invertible, AB = P_A Sigma_yx Sigma_xx^-1 "
                   "(Sigma_yx = sum_i y_i x_i^T = Y X^T, the transpose of the Sigma_xy of eq (5)); "
                   "no rank hypothesis on A is needed and d_x != d_y is then allowed")
def _aw_bh6(s):
    """Hypotheses: the seed's setting d_x = d_y (otherwise ``P_A Sigma_xy Sigma_xx^-1`` is
    undefined: decided on zero matrices of the two shapes), critical point, Sigma_xx
    invertible. Conclusion: eq (5) as printed. Values: the corrected form, and whether
    Sigma_xy = Sigma_yx."""
    dx = _two_layer(s)[0]
    ok = s.hypothesis("d_x = d_y (the seed's x_i, y_i in R^d; otherwise P_A Sigma_xy Sigma_xx^-1 is undefined)",
                      ["eq", ["scale", "0", _SXX], ["scale", "0", ["mul", "Y", ["T", "Y"]]]], key="dx_eq_dy")
    ok = s.hypothesis("the point is critical", _critical(s), key="critical") and ok
    ok = s.hypothesis("Sigma_xx = X X^T is invertible", ["eq", ["rank", _SXX], dx], key="sxx_invertible") and ok
    if not ok:
        return
    s.value("Sigma_xy = Sigma_yx (always for d = 1)", ["eq", _SXY, _SYX], key="sxy_eq_syx")
    mended = s.value("corrected: A B = P_A Sigma_yx Sigma_xx^-1",
                     ["eq", _AB, ["mul", ["proj", "W2"], _SYX, ["inv", _SXX]]], key="corrected")
    printed = ["mul", ["proj", "W2"], _SXY, ["inv", _SXX]]
    if not s.conclusion("A B = P_A Sigma_xy Sigma_xx^-1 (eq (5) as printed)", ["eq", _AB, printed], key="eq5"):
        s.explain(f"A B = {_show(s.peek(_AB))} but P_A Sigma_xy Sigma_xx^-1 = {_show(s.peek(printed))}; "
                  f"the corrected form with Sigma_yx = Y X^T {'holds' if mended else 'fails too'}")
