r"""Hardt–Ma, "Identity matters in deep learning", as Golikov's slides state it [seed 003]:
HM-1, HM-2 and the statement as written AW-003-HM2.

Statements only (instance families and the construction of the global minima are in
:mod:`symlandscape.provers.hardt_ma` and :mod:`symlandscape.landscape.near_identity`).

Setting (slides): all widths ``d``, ``y = R x + xi`` with ``xi`` independent, ``E xi = 0``,
``E xi xi^T = I``, and the risk ``E||y - (I + W_L) ... (I + W_1) x||^2`` (no factor 1/2;
``L`` is the slides' ``H``, the number of residual factors). With ``S = E x x^T``
(``S = I`` for ``x ~ N(0, I)``) and ``P = (I + W_L) ... (I + W_1)``,
``E||y - P x||^2 = tr((P - R) S (P - R)^T) + d`` (the cross term has mean zero).
A ``residual_linear`` instance encodes the distribution by its data as for YSJ-2.3
(:mod:`symlandscape.theorems.yun_sra_jadbabaie`): ``S = X X^T`` (rank d; ``X = I`` for
``x ~ N(0, I)``) and ``R = Y X^+`` with ``Y = R X``, so the risk is ``d`` plus twice the
instance's residual loss ``1/2 ||P X - Y||^2``: the same critical points, and the global
minima are the points with ``P = R`` (risk ``d``, attained, e.g. at ``W_1 = R - I``).

How the statements are decided exactly
--------------------------------------
* ``||W_k|| < 1`` (the spectral norm, the strongest reading: Frobenius or any other
  norm bounded below by the spectral one gives a weaker statement) is decided as
  ``I - W_k^T W_k`` positive definite (exact inertia); ``||W|| <= b`` as
  ``b^2 I - W^T W`` having no negative eigenvalue.
* HM-2: the witness is a sequence of exact factorisations ``R = (I + W_L) ... (I + W_1)``
  of growing depth ``L`` with a rational bound ``b_L`` on ``max_k ||W_k||``; the facts
  check every product, every norm bound, and ``L b_L <= K`` (one constant ``K``), so the
  bound falls like ``1/L`` on the sequence (never rising). The construction
  (:func:`~symlandscape.landscape.near_identity.near_identity_factors`) gives
  ``max_k ||W_k|| <= K / L`` for every ``L`` of its form; the facts check the depths the
  witness lists (a finite sequence cannot show a limit by itself).

Finding
-------
* AW-003-HM2 fails: the slides omit ``det R > 0``. ``||W|| < 1`` forces ``det(I + W) > 0``
  (the real eigenvalues of ``I + W`` are ``1 + lambda`` with ``|lambda| <= ||W|| < 1``; the
  others come in conjugate pairs), so every global minimum of a risk with ``det R <= 0``
  has some ``||W_k|| >= 1``, at every depth. Minimal instance: ``d = 1``, ``R = 0``
  (``det R = 0``); with ``det R < 0``: ``d = 1``, ``R = -1``. Corrected: Hardt–Ma's
  hypothesis ``det R > 0``, which suffices (HM-2).
"""

__all__ = ["MAX_SEQUENCE", "MAX_DEPTH"]

from .declare import declare
from .kawaguchi_lemmas import _witness_fact
from .yun_sra_jadbabaie import M_EXPR, XXT, _critical_expr, _met, _need_point, _res_P

#: Most depths an HM-2 witness may list, and most factors at one depth (the checker
#: multiplies them all).
MAX_SEQUENCE = 8
MAX_DEPTH = 512
_PAPER = "Hardt and Ma 2017, Identity matters in deep learning (ICLR)"
_WHERE = "slide 'Let d_0 = ... = d_H; y = R x + xi', "


def _spectral_below_one(W, d: int):
    """``||W||_2 < 1``: ``I - W^T W`` positive definite."""
    return ["eq", ["at", ["inertia", ["sub", ["eye", d], ["mul", ["T", W], W]]], 0], d]


def _spectral_at_most(W, b2: str, d: int):
    """``||W||_2 <= b``: ``b^2 I - W^T W`` has no negative eigenvalue (``b2`` = b^2)."""
    return ["eq", ["at", ["inertia", ["sub", ["scale", b2, ["eye", d]], ["mul", ["T", W], W]]], 1], 0]


def _data(s) -> int:
    """Hypotheses on the data (``S`` positive definite, ``Y = R X``); defines S and R."""
    (d, _), _ = s.need("X", "Y")
    s.conform(all(w == d for w in s.view.widths), f"a residual net has all widths d = {d}, got {s.view.widths}")
    s.hypothesis("S = X X^T is positive definite (rank X = d; X = I encodes x ~ N(0, I))",
                 ["eq", ["rank", "X"], d], key="s_definite")
    s.hypothesis("y = R x + xi: Y = R X with R = Y X^+", ["eq", ["mul", "Y", ["pinv", "X"], "X"], "Y"],
                 key="y_is_rx")
    s.define("S", XXT)
    s.define("R", M_EXPR)
    return d


@declare("HM-1", seed="003",
         statement="residual linear net, all widths d, y = R x + xi: every critical point of "
                   "E||y - (I + W_L)...(I + W_1) x||^2 with max_k ||W_k|| < 1 (spectral norm) is a global minimum",
         kinds=("residual_linear",), paper=f"{_PAPER}, Theorem 2.2", location=_WHERE + "Theorem 1")
def _hm1(s):
    """Hypotheses: the data, ``||W_k|| < 1`` for every k (key ``spectral_bound``), W critical.
    Conclusions: the risk identity ``E||y - P x||^2 - d = tr((P - R) S (P - R)^T)`` = twice
    the residual loss; ``P = R`` (a global minimum, risk ``d``). Values: ``det(I + W_k) > 0``."""
    _need_point(s)
    d = _data(s)
    L = len(s.view.widths) - 1
    s.hypothesis("||W_k|| < 1 for every k (I - W_k^T W_k positive definite)",
                 ["and", *[_spectral_below_one(f"W{k}", d) for k in range(1, L + 1)]], key="spectral_bound")
    s.hypothesis("W is a critical point of the risk (= of the residual loss of (X, Y = R X))", _critical_expr(s),
                 key="critical")
    if not _met(s):
        return
    s.define("P", _res_P(d, L))
    PR = ["sub", "P", "R"]
    args = [s.view.model, "X", "Y", s.view.weight_names]
    s.conclusion("E||y - P x||^2 - d = tr((P - R) S (P - R)^T) = 2 x the residual loss of (X, Y = R X)",
                 ["eq", ["trace", ["mul", PR, "S", ["T", PR]]], ["scale", "2", ["loss", *args]]], key="risk_identity")
    for k in range(1, L + 1):
        s.value(f"det(I + W_{k}) > 0", ["lt", 0, ["det", ["add", f"W{k}", ["eye", d]]]], key=f"det_positive.w{k}")
    s.conclusion("W is a global minimum: P = (I + W_L)...(I + W_1) = R (risk = d, its least value)",
                 ["eq", "P", "R"], key="global_min")


def _product_expr(layers, d: int):
    f = [["add", ["lit", W], ["eye", d]] for W in reversed(layers)]
    return f[0] if len(f) == 1 else ["mul", *f]


def _valid_sequence(s, seq, d: int) -> bool:
    def square(W):
        return isinstance(W, list) and len(W) == d and all(isinstance(r, list) and len(r) == d for r in W)
    ok = (isinstance(seq, dict) and isinstance(seq.get("depths"), list) and isinstance(seq.get("constant"), str)
          and all(isinstance(it, dict) and isinstance(it.get("layers"), list) and isinstance(it.get("bound"), str)
                  and it["layers"] and all(square(W) for W in it["layers"]) for it in seq["depths"]))
    s.require(ok, "witness sequence: {\"constant\": K, \"depths\": [{\"layers\": [W_1, ...], \"bound\": b}, ...]} "
                  "with d x d layers")
    s.require(2 <= len(seq["depths"]) <= MAX_SEQUENCE, f"witness sequence: 2 to {MAX_SEQUENCE} depths")
    s.require(all(len(it["layers"]) <= MAX_DEPTH for it in seq["depths"]),
              f"witness sequence: at most {MAX_DEPTH} factors at one depth")
    return True


def _minima_sequence(s, d: int) -> None:
    """The facts on the witness sequence of global minima (HM-2, and AW-003-HM2 when det R > 0)."""
    seq = s.witness("sequence")
    if seq is None:
        s.undetermined("no sequence of global minima was constructed")
        return
    _valid_sequence(s, seq, d)
    K = s.peek(["q", seq["constant"]])
    prev = None
    for j, it in enumerate(seq["depths"], 1):
        layers, b = it["layers"], it["bound"]
        L = len(layers)
        bq = s.peek(["q", b])
        s.require(bq >= 0, f"witness sequence: the bound {b} is negative")
        facts = [(f"depth L = {L}: (I + W_L)...(I + W_1) = R exactly (a global minimum)",
                  ["eq", _product_expr(layers, d), "R"], f"depth{j}.global_min"),
                 (f"depth L = {L}: ||W_k|| <= {b} for every k (b^2 I - W_k^T W_k has no negative eigenvalue)",
                  ["and", *[_spectral_at_most(["lit", W], str(bq * bq), d) for W in layers]], f"depth{j}.bound"),
                 (f"depth L = {L}: L x {b} = {L * bq} <= K = {K} (the bound falls like 1/L)",
                  ["le", ["q", str(L * bq)], ["q", str(K)]], f"depth{j}.rate")]
        if prev is not None:
            facts.append((f"the depth grows ({prev[0]} < {L}) and the bound does not rise ({b} <= {prev[1]})",
                          ["and", ["lt", prev[0], L], ["le", ["q", b], ["q", prev[1]]]], f"depth{j}.monotone"))
        for text, expr, key in facts:
            # a wrong witness proves nothing (undetermined), never that the claim fails
            if not _witness_fact(s, text, expr, key, f"the witness sequence at depth {L} is wrong"):
                return
        prev = (L, b)
    s.value("the last bound is below 1", ["lt", ["q", prev[1]], 1], key="last_below_one")


@declare("HM-2", seed="003",
         statement="residual linear net, y = R x + xi, det R > 0: there is a sequence of global minima W^(L) "
                   "with max_k ||W_k^(L)|| -> 0 as the depth L grows (constructed exactly: max_k ||W_k|| <= K / L)",
         kinds=("residual_linear",), paper=f"{_PAPER}, Theorem 2.1", location=_WHERE + "Theorem 2")
def _hm2(s):
    """Hypotheses: the data and ``det R > 0`` (key ``det_positive``). Conclusions, for the
    witness ``sequence`` (exact factorisations of growing depth): each product is R, each
    layer within its bound, ``L b_L <= K``, depths growing and bounds falling."""
    d = _data(s)
    s.hypothesis("det R > 0", ["lt", 0, ["det", "R"]], key="det_positive")
    if _met(s):
        _minima_sequence(s, d)


@declare("AW-003-HM2", seed="003",
         statement="for every R (the slides omit det R > 0) there is a sequence of global minima W^(L) with "
                   "max_k ||W_k^(L)|| -> 0",
         kinds=("residual_linear",), as_written=True, paper=f"{_PAPER}, Theorem 2.1 (as the slides state it)",
         location=_WHERE + "Theorem 2",
         corrected="for every R with det R > 0 there is a sequence of global minima W^(L) with max_k ||W_k^(L)|| "
                   "-> 0 (Hardt-Ma's hypothesis; HM-2). det R > 0 is necessary: ||W|| < 1 forces det(I + W) > 0, so "
                   "when det R <= 0 every global minimum has max_k ||W_k|| >= 1 at every depth")
def _aw_hm2(s):
    """Hypotheses: the data. Conclusion ``det R > 0``, necessary for the statement: a global
    minimum has ``P = R``, and ``||W_k|| < 1`` for all k would give ``det P > 0``. When it
    holds, the HM-2 facts on the witness sequence; when not, a value: the global minimum
    ``W_1 = R - I`` (depth 1) has ``||W_1|| >= 1``."""
    d = _data(s)
    if not _met(s):
        return
    ok = s.conclusion("det R > 0, necessary: ||W|| < 1 forces det(I + W) > 0, and a global minimum has "
                      "(I + W_L)...(I + W_1) = R, so det R <= 0 leaves some ||W_k|| >= 1 at every depth",
                      ["lt", 0, ["det", "R"]], key="det_positive")
    if ok:
        _minima_sequence(s, d)
        return
    s.value("the global minimum W_1 = R - I (depth 1) has ||W_1|| >= 1",
            ["not", _spectral_below_one(["sub", "R", ["eye", d]], d)], key="depth1_norm")
    s.explain(f"det R = {s.peek(['det', 'R'])} <= 0: every global minimum, at every depth, has a layer with "
              f"||W_k|| >= 1, so max_k ||W_k|| cannot tend to 0")

