"""Very wide feedforward networks and growth rates: seed 002 (Cooper) sections 5.3 and 6.

Statements only (instance families and witnesses in :mod:`symlandscape.provers.wide`,
the mathematics in :mod:`symlandscape.landscape.wide`). Reconstruction of the lost
symbols (DESIGN.md section 7): ``h = d_{L-1}`` the last hidden width, ``d = d_L`` the
outputs, ``m`` samples, ``Z`` the ``h x m`` last hidden outputs (features), ``r = rank Z``;
the *slice* through ``p`` fixes every layer but ``[W_L | b_L]``. Very wide: every hidden
width exceeds ``m``.

* WIDE-5.15 / 5.17: at a critical point the level set contains ``p + V``,
  ``dim V >= d (h - r)`` / ``>= d (h - m)``; 5.16 / 5.18: at least that many zero
  Hessian eigenvalues.
* WIDE-5.19: at a local maximum (no output bias) the level set contains the whole slice.
* AW-002-5.19: 5.19 as stated with an output bias (vacuous: there is no local maximum).
* AW-002-5.16: the lemma the proofs of 5.16 / 5.18 use (a ``k x k`` zero principal block
  gives ``k`` zero eigenvalues): false.
* GROW-6.1 / 6.2: section 6's dimensions and zero counts at equal hidden widths ``n``.

Witnesses: ``features`` (``Z``, checked against the Hessian's ``W_L`` block, which is
``(Z Z^T) kron I_d`` because ``F`` is linear in ``W_L``), ``V`` (a basis of the level
subspace in theta coordinates), points (``global_min``, ``core_point``, ``star_point``)
and parametrisations (``param_<piece>``) for the growth claims.
"""

__all__ = []

from .declare import declare
from .feedforward import _setup, _weight_idx
from .kawaguchi_lemmas import _witness_fact

_FF = "feedforward"
_PAPER = "Cooper"


def _very_wide(s, c) -> bool:
    hidden, m = c["d"][1:c["L"]], c["m"]
    return s.hypothesis(f"very wide: every hidden width {hidden} exceeds m = {m}",
                        ["and", *[["lt", m, h] for h in hidden]], key="very_wide")


def _slice(c) -> list:
    return list(range(c["offs"][c["L"] - 1], c["n"]))


def _point_with_last(c, E):
    """Weights expression of ``p`` with the last layer replaced by ``E``."""
    return c["Ws"][:-1] + [E]


def _features(s, c):
    """The features witness, checked against the Hessian's ``W_L`` block; returns r or None."""
    L, d = c["L"], c["d"]
    Z = s.witness("features")
    if Z is None:
        s.undetermined("no features witness recorded")
        return None
    wl = _weight_idx(c, L)
    ok = _witness_fact(s, f"the W_L block of the Hessian is (Z Z^T) kron I_{d[L]} with Z the recorded "
                          f"{d[L - 1]} x {c['m']} features (F is linear in W_L)",
                       ["eq", ["rows", ["cols", "H", wl], wl],
                        ["kron", ["mul", ["lit", Z], ["T", ["lit", Z]]], ["eye", d[L]]]],
                       key="features", otherwise="the recorded features do not match the Hessian")
    if not ok:
        return None
    return s.value("r = rank Z (features of the last hidden layer)", ["rank", ["lit", Z]], key="r")


def _level_space(s, c, bound: int, label: str):
    """States that L is constant on p + V, V = ker Q (Q the slice block of the Hessian, PSD),
    and dim V >= bound. The dimension needs no witness; the witness V (a basis of ker Q) only
    carries the direct look at L on a line of p + V, so a wrong one makes the run undetermined."""
    L, d, n = c["L"], c["d"], c["n"]
    sl = _slice(c)
    Q = ["rows", ["cols", "H", sl], sl]
    rank_q = s.value("rank Q, Q the (W_L, b_L) block of the Hessian (the slice's leading form, doubled)",
                     ["rank", Q], key="rank_q")
    s.conclusion(f"V = ker Q has dimension {len(sl)} - rank Q >= {label} = {bound}; L is constant on p + V "
                 f"(grad L = 0 and L is a quadratic polynomial on the slice: F is affine in [W_L | b_L])",
                 ["le", ["rank", Q], len(sl) - bound], key="dim")
    V = s.witness("V")
    if V is None or not V or not V[0] or rank_q == len(sl):
        return len(sl) - rank_q
    Vx = ["lit", V]
    outside = [i for i in range(n) if i not in set(sl)]
    k = len(V[0])
    if not _witness_fact(s, "the recorded V lies in the slice, V^T H V = 0 and rank V = dim ker Q (a basis of "
                            "ker Q: Q is positive semidefinite)",
                         ["and", ["is_zero", ["rows", Vx, outside]], ["is_zero", ["mul", ["T", Vx], "H", Vx]],
                          ["eq", ["rank", Vx], len(sl) - rank_q]],
                         key="basis", otherwise="the recorded V is not a basis of ker Q"):
        return len(sl) - rank_q
    # an independent look: L itself at three points of one line in p + V (degree <= 2 in t)
    cols = d[L - 1] + int(c["bias"][-1])
    v = ["mul", Vx, ["lit", [[str(i + 1)] for i in range(k)]]]
    E = ["unvec", ["rows", v, sl], d[L], cols]
    base = ["loss", c["spec"], "X", "Y", c["Ws"]]
    for t in ("1", "-2", "3"):
        s.conclusion(f"L(p + {t} v) = L(p) for v = V (1, ..., {k})^T",
                     ["eq", ["loss", c["spec"], "X", "Y", _point_with_last(c, ["add", c["Ws"][-1], ["scale", t, E]])],
                      base], key=f"line_{t.replace('-', 'm')}")
    return len(sl) - rank_q


def _wide_setup(s):
    """Common hypotheses of 5.15-5.18; returns the setup dict or None."""
    c = _setup(s)
    if not _very_wide(s, c):
        return None
    s.define("H", ["hessian", c["spec"], "X", "Y", c["Ws"]])
    if not s.hypothesis("p is a critical point: grad L = 0", ["is_zero", ["grad", c["spec"], "X", "Y", c["Ws"]]],
                        key="critical"):
        return None
    return c


def _wide_level(s, which: str):
    c = _wide_setup(s)
    if c is None:
        return
    d, h, m = c["d"][-1], c["d"][-2], c["m"]
    r = _features(s, c)
    if r is None:
        return
    bound, label = (d * (h - r), f"d (h - r) = {d} ({h} - {r})") if which == "r" else \
        (d * (h - m), f"d (h - m) = {d} ({h} - {m})")
    _level_space(s, c, bound, label)


def _wide_zeros(s, which: str):
    c = _wide_setup(s)
    if c is None:
        return
    d, h, m = c["d"][-1], c["d"][-2], c["m"]
    r = _features(s, c)
    if r is None:
        return
    bound, label = (d * (h - r), f"d (h - r) = {d} ({h} - {r})") if which == "r" else \
        (d * (h - m), f"d (h - m) = {d} ({h} - {m})")
    V = s.witness("V")
    if V and V[0]:
        # the seed's argument needs V in ker H; record whether it is (it need not be)
        s.value("rank(H V): 0 iff the level subspace V lies in the kernel of the Hessian",
                ["rank", ["mul", "H", ["lit", V]]], key="rank_hv")
    s.value("inertia of the Hessian (n_+, n_-, n_0)", ["inertia", "H"], key="inertia")
    s.conclusion(f"at least {label} zero eigenvalues of the Hessian",
                 ["le", bound, ["at", ["inertia", "H"], 2]], key="zeros")


@declare("WIDE-5.15", seed="002",
         statement="very wide net, critical point p: the level set of L(p) contains p + V with V a linear space "
                   "of dimension >= d (h - r), h the last hidden width, d the outputs, r the rank of the last "
                   "hidden outputs on the samples (V: last-layer directions E with E [Z; 1] = 0)",
         kinds=(_FF,), paper=f"{_PAPER}, Theorem 5.15", location="section 5.3")
def _wide515(s):
    _wide_level(s, "r")


@declare("WIDE-5.16", seed="002",
         statement="very wide net, critical point p: the Hessian of L at p has at least d (h - r) zero eigenvalues",
         kinds=(_FF,), paper=f"{_PAPER}, Corollary 5.16", location="section 5.3")
def _wide516(s):
    _wide_zeros(s, "r")


@declare("WIDE-5.17", seed="002",
         statement="very wide net, critical point p: the level set of L(p) contains p + V, V linear of dimension "
                   ">= d (h - m) (m samples)",
         kinds=(_FF,), paper=f"{_PAPER}, Theorem 5.17", location="section 5.3")
def _wide517(s):
    _wide_level(s, "m")


@declare("WIDE-5.18", seed="002",
         statement="very wide net, critical point p: the Hessian of L at p has at least d (h - m) zero eigenvalues",
         kinds=(_FF,), paper=f"{_PAPER}, Corollary 5.18", location="section 5.3")
def _wide518(s):
    _wide_zeros(s, "m")


def _all_entries(name, rows, cols, op):
    return ["and", *[[op, ["entry", name, i, j], 0] if op == "lt" else [op, 0, ["entry", name, i, j]]
                     for i in range(rows) for j in range(cols)]]


def _entry(name):
    return ["entry", name, 0, 0]


@declare("WIDE-5.19", seed="002",
         statement="very wide net without output bias: at a local maximum p the level set of L(p) contains the "
                   "whole slice p + {[W_L]} of dimension d h (local maxima certified by a sign argument: "
                   "s >= 0, W_L < 0 entrywise, y < 0, the last hidden outputs 0 at p)",
         kinds=(_FF,), paper=f"{_PAPER}, Corollary 5.19 (without output bias; see AW-002-5.19)",
         location="section 5.3")
def _wide519(s):
    c = _setup(s)
    L, d, m, n = c["L"], c["d"], c["m"], c["n"]
    if not s.hypothesis("no output bias", ["eq", _entry("output_bias"), 0], key="no_output_bias"):
        return
    if not _very_wide(s, c):
        return
    s.define("H", ["hessian", c["spec"], "X", "Y", c["Ws"]])
    sl = _slice(c)
    a1sq = ["entry", ["scale", _entry("a1"), "a1"], 0, 0]
    a0a2 = ["entry", ["scale", "4", ["scale", _entry("a0"), "a2"]], 0, 0]
    hyps = [
        s.hypothesis("s >= 0 on R: a3 = 0, a2 > 0, a1^2 <= 4 a0 a2",
                     ["and", ["eq", _entry("a3"), 0], ["lt", 0, _entry("a2")], ["le", a1sq, a0a2]], key="s_nonneg"),
        s.hypothesis("W_L < 0 entrywise", _all_entries(c["Ws"][-1], d[L], d[L - 1], "lt"), key="w_l_negative"),
        s.hypothesis("y < 0 entrywise", _all_entries("Y", d[L], m, "lt"), key="y_negative"),
        s.hypothesis("the last hidden outputs vanish at p (the W_L block of the Hessian, (Z Z^T) kron I, is 0)",
                     ["is_zero", ["rows", ["cols", "H", sl], sl]], key="features_zero"),
    ]
    if not all(hyps):
        return
    s.explain("p is a local maximum: near p, s >= 0 and W_L < 0 give F <= 0, and F is near F(p) = 0, so "
              "2 y < F <= 0 and (F - y)^2 <= y^2 entrywise")
    s.conclusion("grad L = 0 (a local maximum is critical)",
                 ["is_zero", ["grad", c["spec"], "X", "Y", c["Ws"]]], key="critical")
    s.conclusion("the Hessian has no positive eigenvalue (necessary at a local maximum)",
                 ["eq", ["at", ["inertia", "H"], 0], 0], key="nsd")
    E = ["lit", [[str(1 + a + b) for b in range(d[L - 1])] for a in range(d[L])]]
    base = ["loss", c["spec"], "X", "Y", c["Ws"]]
    for t in ("1", "-2", "3"):
        s.conclusion(f"L(p + {t} E) = L(p) for the slice direction E = [1 + a + b]",
                     ["eq", ["loss", c["spec"], "X", "Y", _point_with_last(c, ["add", c["Ws"][-1], ["scale", t, E]])],
                      base], key=f"line_{t.replace('-', 'm')}")
    s.conclusion(f"L is constant on the whole slice through p, dimension d h = {d[L] * d[L - 1]} (grad = 0 and the "
                 f"slice block of the Hessian is 0; L is quadratic on the slice)",
                 ["and", ["eq", len(sl), d[L] * d[L - 1]], ["is_zero", ["rows", ["cols", "H", sl], sl]]],
                 key="slice_flat")
    s.value("n, the number of parameters", ["q", str(n)], key="n")


@declare("AW-002-5.16", seed="002",
         statement="(the step in the proofs of 5.16 and 5.18) a symmetric matrix with a k x k zero principal block "
                   "has at least k zero eigenvalues",
         kinds=("matrices",), as_written=True,
         corrected="a symmetric n x n matrix whose quadratic form vanishes on a k-dimensional subspace (e.g. a k x k "
                   "zero principal block) has n_+ <= n - k and n_- <= n - k, hence at least 2k - n zero "
                   "eigenvalues (sharp: [[0, I_k], [I_k, 0]]); k zero eigenvalues follow when the block's columns "
                   "are zero too (the subspace lies in the kernel, H V = 0), which is what 5.16 / 5.18 need",
         paper=f"{_PAPER}, proofs of Corollaries 5.16 and 5.18", location="section 5.3")
def _aw516(s):
    n, n2 = s.need("A")[0]
    s.conform(n == n2, f"A must be square, got {n} x {n2}")
    s.conform(s.view.has("k") and s.shape("k") == (1, 1), "k: a 1 x 1 matrix (the size of the zero block)")
    k = s.peek(_entry("k"))
    s.require(k == int(k) and 0 <= k <= n, f"k = {k}: an integer 0 <= k <= {n}")
    k = int(k)
    if not s.hypothesis("A is symmetric", ["eq", "A", ["T", "A"]], key="symmetric"):
        return
    idx = list(range(k))
    if not s.hypothesis(f"the leading {k} x {k} principal block is zero", ["is_zero", ["rows", ["cols", "A", idx], idx]]
                        if k else ["eq", 0, 0], key="zero_block"):
        return
    inn = ["inertia", "A"]
    s.value(f"corrected: n_+ <= n - k = {n - k}, n_- <= n - k and so >= 2k - n = {2 * k - n} zero eigenvalues",
            ["and", ["le", ["at", inn, 0], n - k], ["le", ["at", inn, 1], n - k], ["le", 2 * k - n, ["at", inn, 2]]],
            key="corrected")
    s.value("A's columns 1..k vanish (the block's span lies in the kernel)", ["is_zero", ["cols", "A", idx]]
            if k else ["eq", 0, 0], key="kernel")
    s.conclusion(f"at least k = {k} zero eigenvalues", ["le", k, ["at", inn, 2]], key="zeros")
    s.explain(f"the inertia (n_+, n_-, n_0) of this {n} x {n} matrix has n_0 < k: a zero block bounds n_+ and n_- "
              f"by n - k only")


@declare("AW-002-5.19", seed="002",
         statement="as stated, for a network with output bias b_L: for any local maximum p of L the level set "
                   "contains a linear space of dimension d (h + 1) (the whole slice; the proof's step: the leading "
                   "form of the slice has rank 0)",
         kinds=(_FF,), as_written=True,
         corrected="it holds only vacuously: with an output bias d^2 L / d b_L^2 = m I_d at every point, so L has "
                   "no local maximum and the proof's step (rank Q = 0) never occurs (Q has rank >= d); without an "
                   "output bias local maxima exist (s(x) = x^2, W_L < 0, y < 0, features 0) and the level set "
                   "contains the whole W_L slice, dimension d h (WIDE-5.19)",
         paper=f"{_PAPER}, Corollary 5.19 as written", location="section 5.3")
def _aw519(s):
    c = _setup(s)
    L, d, m = c["L"], c["d"], c["m"]
    if not s.hypothesis("an output bias b_L", ["eq", _entry("output_bias"), 1], key="output_bias"):
        return
    if not _very_wide(s, c):
        return
    H = ["hessian", c["spec"], "X", "Y", c["Ws"]]
    bl = list(range(c["n"] - d[L], c["n"]))
    s.conclusion(f"d^2 L / d b_L^2 = m I_{d[L]} = {m} I at p, so the Hessian has a positive eigenvalue and the "
                 f"leading form of the slice has rank >= {d[L]}: p is not a local maximum and the corollary "
                 f"holds at p vacuously (with an output bias L has no local maximum at all)",
                 ["eq", ["rows", ["cols", H, bl], bl], ["scale", str(m), ["eye", d[L]]]], key="bias_block")
    s.value("inertia of the Hessian (n_+, n_-, n_0)", ["inertia", H], key="inertia")


# -- section 6 ----------------------------------------------------------------------------------
def _growth_setup(s):
    c = _setup(s, need_point=False)
    d, L = c["d"], c["L"]
    s.require(L >= 3, "section 6 needs at least two hidden layers")
    s.require(len(set(d[1:L])) == 1, f"section 6 takes equal hidden widths, got {d[1:L]}")
    s.require(bool(c["bias"][-1]), "the loci need an output bias")
    return c


def _witness_point(s, c, name):
    W = s.witness(name)
    if W is None or len(W) != c["L"]:
        s.undetermined(f"no {name} recorded")
        return None
    return [["lit", w] for w in W]


def _formulas(c) -> dict:
    d, L, m = c["d"], c["L"], c["m"]
    n0, n, do = d[0], d[1], d[L]
    G = c["reading"] == "G"
    star_codim = do * n + do + (n0 * n if G else n * n)
    core_codim = do * n + do + (n0 * n + n * n if G else 2 * n * n) if len(c["pieces"]) >= 2 else None
    return {"n0": n0, "n": n, "d": do, "m": m, "star_codim": star_codim, "core_codim": core_codim,
            "star_piece": (c["pieces"][0],), "core_piece": tuple(c["pieces"][:2]) if len(c["pieces"]) >= 2 else None}


def _piece_dim(s, c, piece, codim, key):
    fixed = sorted({x for i in piece for x in _weight_idx(c, i)} | set(range(c["offs"][c["L"] - 1], c["n"])))
    name = "param_" + "_".join(map(str, piece))
    J = s.witness(name)
    if J is None:
        s.undetermined(f"no parametrisation recorded for piece {piece}")
        return
    name = " cap ".join(f"S_{i}" for i in piece)
    # a witness proves only its own side: a wrong parametrisation (e.g. rank too small) is
    # undetermined, never a failure of the claim
    _witness_fact(s, f"{name}: dimension N - {codim} = {c['n'] - codim} (its parametrisation has that rank "
                     f"and moves no fixed coordinate)",
                  ["and", ["eq", ["rank", ["lit", J]], c["n"] - codim], ["is_zero", ["rows", ["lit", J], fixed]]],
                  key=key, otherwise=f"the recorded parametrisation of {name} does not have rank N - {codim}")


# version 2: the witnesses (parametrisations, the zero of L) prove only their own side
@declare("GROW-6.1", seed="002",
         statement="equal hidden widths n, fixed data (m samples, d outputs, d_0 inputs): the zero-loss locus has "
                   "dimension N - d m near a global minimum (codimension constant in n), the star locus codimension "
                   "d n + d + n^2 in reading S (quadratic in n) but d n + d + d_0 n in reading G (linear), the core "
                   "codimension d n + d + 2 n^2 (S) / d n + d + d_0 n + n^2 (G), both quadratic",
         kinds=(_FF,), paper=f"{_PAPER}, Proposition 6.1", location="section 6.1", version=2)
def _grow61(s):
    c = _growth_setup(s)
    f, n, m, dd = _formulas(c), c["n"], c["m"], c["d"][-1]
    W = _witness_point(s, c, "global_min")
    if W is None:
        return
    if not _witness_fact(s, "L = 0 at the recorded global minimum", ["eq", ["loss", c["spec"], "X", "Y", W], 0],
                         key="zero_loss", otherwise="the recorded point does not have loss 0"):
        return
    # rank J^T J = d m only at a regular zero: a singular recorded zero proves nothing (undetermined)
    _witness_fact(s, f"the Hessian there (J^T J) has rank d m = {dd * m}: L^-1(0) is a manifold of dimension "
                     f"N - d m = {n} - {dd * m} = {n - dd * m} near it",
                  ["eq", ["rank", ["hessian", c["spec"], "X", "Y", W]], dd * m], key="dim_min",
                  otherwise="the recorded zero of L is not a regular one (rank J^T J < d m)")
    _piece_dim(s, c, f["star_piece"], f["star_codim"], "dim_star")
    if f["core_piece"]:
        _piece_dim(s, c, f["core_piece"], f["core_codim"], "dim_core")
    s.extra["growth"] = {"reading": c["reading"], "n": f["n"], "N": n, "dim_min": n - dd * m,
                         "dim_star": n - f["star_codim"],
                         "dim_core": None if f["core_codim"] is None else n - f["core_codim"]}


# version 2: the recorded global minimum must have loss 0
@declare("GROW-6.2", seed="002",
         statement="equal hidden widths n, fixed data: a core point has exactly N - d zero Hessian eigenvalues "
                   "(nonzero count constant), a global minimum at least N - d m (nonzero count <= d m), a critical "
                   "point of a very wide net (n > m) at least d (n - m) (linear growth); checked at a core point, a "
                   "zero-loss point and a star point of the net",
         kinds=(_FF,), paper=f"{_PAPER}, Proposition 6.2 (counted per output; see AW-002-3.2)",
         location="section 6.1", version=2)
def _grow62(s):
    c = _growth_setup(s)
    if not _very_wide(s, c):
        return
    f, n, m, dd, L = _formulas(c), c["n"], c["m"], c["d"][-1], c["L"]
    h = c["d"][L - 1]
    pts = {k: _witness_point(s, c, k) for k in ("core_point", "global_min", "star_point")}
    if any(v is None for v in pts.values()):
        return
    for key, W in pts.items():
        if not _witness_fact(s, f"the recorded {key.replace('_', ' ')} is critical",
                             ["is_zero", ["grad", c["spec"], "X", "Y", W]], key=f"{key}_critical",
                             otherwise=f"the recorded {key} is not critical"):
            return
    # "global minimum" is the witness's word: its loss must be 0 (a critical point with L > 0 can
    # have rank H > d m, which would make the claim fail on a point it says nothing about)
    if not _witness_fact(s, "L = 0 at the recorded global minimum",
                         ["eq", ["loss", c["spec"], "X", "Y", pts["global_min"]], 0], key="global_min_zero_loss",
                         otherwise="the recorded global minimum does not have loss 0"):
        return
    Wc = pts["core_point"]
    i, j = f["core_piece"] or (None, None)
    if i is None:
        s.require(False, "no core at this depth and reading")
    mean = ["scale", f"1/{m}", ["mul", "Y", ["lit", [[1]] * m]]]
    on = ["and", ["is_zero", ["cols", Wc[L - 1], list(range(h))]], ["eq", ["cols", Wc[L - 1], [h]], mean],
          ["is_zero", ["cols", Wc[i - 1], list(range(c["d"][i - 1]))]],
          ["is_zero", ["cols", Wc[j - 1], list(range(c["d"][j - 1]))]]]
    if not _witness_fact(s, f"the recorded core point lies on S_{i} cap S_{j}", on, key="on_core",
                         otherwise="the recorded core point is not on the core"):
        return
    inn = lambda W: ["inertia", ["hessian", c["spec"], "X", "Y", W]]  # noqa: E731
    s.conclusion(f"core point: exactly N - d = {n - dd} zero eigenvalues", ["eq", ["at", inn(Wc), 2], n - dd],
                 key="zeros_core")
    Wm = pts["global_min"]
    s.conclusion(f"global minimum: at least N - d m = {n - dd * m} zero eigenvalues (N - rank J^T J)",
                 ["le", ["rank", ["hessian", c["spec"], "X", "Y", Wm]], dd * m],
                 key="zeros_min")
    Ws = pts["star_point"]
    s.conclusion(f"star point (a critical point of the very wide net): at least d (n - m) = {dd * (h - m)} zero "
                 f"eigenvalues", ["le", dd * (h - m), ["at", inn(Ws), 2]], key="zeros_star")
