"""Nonlinear feedforward networks: the star and core loci of seed 002 (Cooper).

Statements only (instance families and witnesses in :mod:`symlandscape.provers.feedforward`).
Instances are ``feedforward`` networks ``A_L o s o ... o s o A_1`` with a polynomial
activation ``s(x) = a0 + a1 x + a2 x^2 + a3 x^3`` and layers ``[W_k | b_k]``; the reading of
DESIGN.md section 7 follows from the instance: hidden biases present -> reading G (pieces
``S_i``, ``1 <= i < L``), absent -> reading S (``s(0) = 0``, ``2 <= i <= L - 1``).

Symbolic proofs. For STAR-3.1 and CORE-3.2 the prover also proves the statement for an
*undefined* activation ``s`` (SymPy, the same backpropagation with ``s, s', s''`` at the
pre-activations, the free parameters as symbols): its summary is a witness, recorded in the
certificate (``symbolic``) and quoted in the conclusion's text. The checker cannot re-run
SymPy; it re-checks every fact on the instance's concrete activation, and the text says so.
"""

__all__ = []

from .declare import declare

_FF = "feedforward"


def _setup(s, need_point=True) -> dict:
    if need_point:
        s.require(s.view.has_point, "the instance needs \"weights\" (the point)")
    d = list(s.view.widths)
    L = len(d) - 1
    a = [s.peek(["entry", f"a{i}", 0, 0]) for i in range(4)]
    hb, ob = s.peek(["entry", "hidden_bias", 0, 0]), s.peek(["entry", "output_bias", 0, 0])
    spec = [_FF, *[str(x) for x in a], str(hb), str(ob)]
    bias = [hb == 1] * (L - 1) + [ob == 1]
    shapes = [(d[k + 1], d[k] + int(bias[k])) for k in range(L)]
    offs, n = [], 0
    for r, c in shapes:
        offs.append(n)
        n += r * c
    m = s.shape("X")[1]
    reading = "G" if hb == 1 else "S"
    pieces = list(range(1, L)) if reading == "G" else list(range(2, L))
    poly = " + ".join(f"{x} x^{i}" for i, x in enumerate(a) if x != 0) or "0"
    return {"d": d, "L": L, "spec": spec, "bias": bias, "shapes": shapes, "offs": offs, "n": n, "m": m,
            "reading": reading, "pieces": pieces, "poly": poly, "a0": a[0],
            "Ws": [f"W{k}" for k in range(1, L + 1)]}


def _weight_idx(c, k) -> list:
    """theta indices of W_k's weight part (k 1-based)."""
    d, off = c["d"], c["offs"][k - 1]
    return [off + b * d[k] + a for b in range(d[k - 1]) for a in range(d[k])]


def _bias_idx(c, k) -> list:
    d, off = c["d"], c["offs"][k - 1]
    return [off + d[k - 1] * d[k] + a for a in range(d[k])] if c["bias"][k - 1] else []


def _wpart(c, k):
    return ["cols", f"W{k}", list(range(c["d"][k - 1]))]


def _standing(s, c) -> bool:
    """The reading's standing hypotheses: an output bias; in reading S, s(0) = 0."""
    ok = s.hypothesis("the output layer has a bias b_L (b_L = mean y needs one)",
                      ["eq", ["entry", "output_bias", 0, 0], 1], key="output_bias")
    if c["reading"] == "S":
        ok = s.hypothesis("reading S (no hidden biases): s(0) = 0, i.e. a0 = 0",
                          ["eq", ["entry", "a0", 0, 0], 0], key="s0") and ok
    return ok


def _output_layer(s, c) -> bool:
    L, m = c["L"], c["m"]
    ok = s.hypothesis("W_L = 0", ["is_zero", _wpart(c, L)], key="w_l_zero")
    if not c["bias"][-1]:
        return False
    mean = ["scale", f"1/{m}", ["mul", "Y", ["lit", [[1]] * m]]]
    return s.hypothesis("b_L = mean_j y_j", ["eq", ["cols", f"W{L}", [c["d"][L - 1]]], mean], key="b_l_mean") and ok


def _symbolic(s, c, what):
    w = s.witness("symbolic")
    s.extra["symbolic"] = w
    if not w:
        return "no symbolic proof recorded"
    done = "proved" if w.get("all") else "NOT proved"
    return (f"for an undefined activation ({w.get('activation')}) {done} symbolically by the prover: "
            f"{w.get('identically_zero')} of {w.get('entries')} {what} vanish identically (SymPy, free parameters "
            f"as symbols); this certificate re-checks the instance's activation s(x) = {c['poly']}")


@declare("STAR-3.1", seed="002",
         statement="every point of the star locus (W_L = 0, b_L = mean y, W_i = 0 for some i) is a critical point "
                   "of the L2 loss (symbolic activation s; reading G: hidden biases, 1 <= i < L; reading S: no "
                   "hidden biases, s(0) = 0, 2 <= i <= L - 1)",
         kinds=(_FF,), paper="Cooper, The critical locus of overparameterized neural networks, Theorem 3.1",
         location="section 3.1.2")
def _star31(s):
    c = _setup(s)
    if not _standing(s, c) or not _output_layer(s, c):
        return
    on = s.hypothesis(f"W_i = 0 for some i in {c['pieces']} (reading {c['reading']})",
                      ["or", *[["is_zero", _wpart(c, i)] for i in c["pieces"]]], key="w_i_zero")
    if not on:
        return
    proof = _symbolic(s, c, "gradient entries")
    s.conclusion(f"grad L = 0 (exact, s(x) = {c['poly']}); {proof}",
                 ["is_zero", ["grad", c["spec"], "X", "Y", c["Ws"]]], key="critical")
    s.value("inertia of the Hessian (n_+, n_-, n_0): a negative eigenvalue makes the point a strict saddle",
            ["inertia", ["hessian", c["spec"], "X", "Y", c["Ws"]]], key="inertia")


def _core_hyp(s, c) -> bool:
    if not _standing(s, c) or not _output_layer(s, c):
        return False
    ps = c["pieces"]
    pairs = [(i, j) for a, i in enumerate(ps) for j in ps[a + 1:]]
    return s.hypothesis(f"W_i = W_j = 0 for some core pair i < j in {pairs} (reading {c['reading']})",
                        ["or", *[["and", ["is_zero", _wpart(c, i)], ["is_zero", _wpart(c, j)]] for i, j in pairs]],
                        key="core_pair")


def _core_facts(s, c):
    """Defines H; states criticality, the zero pattern and the block; returns the inertia."""
    L, d, n = c["L"], c["d"], c["n"]
    s.define("H", ["hessian", c["spec"], "X", "Y", c["Ws"]])
    proof = _symbolic(s, c, "Hessian entries (outside the block, and the block minus m [c;1][c;1]^T kron I)")
    s.conclusion("grad L = 0", ["is_zero", ["grad", c["spec"], "X", "Y", c["Ws"]]], key="critical")
    outside = list(range(c["offs"][L - 1]))
    s.conclusion(f"the Hessian is zero outside the (W_L, b_L) block ({proof})",
                 ["is_zero", ["cols", "H", outside]], key="zero_outside")
    cw = s.witness("c")
    ct = [[x] for x in (cw or ["0"] * d[L - 1])] + [["1"]]
    blk = list(range(c["offs"][L - 1], n))
    s.conclusion(f"the (W_L, b_L) block is m [c; 1][c; 1]^T kron I_{d[L]} (one copy per output), "
                 f"c = {[x[0] for x in ct[:-1]]} the x-independent last hidden output",
                 ["eq", ["rows", ["cols", "H", blk], blk],
                  ["scale", str(c["m"]), ["kron", ["mul", ["lit", ct], ["T", ["lit", ct]]], ["eye", d[L]]]]],
                 key="block")
    return s.value("inertia of the Hessian (n_+, n_-, n_0)", ["inertia", "H"], key="inertia")


@declare("CORE-3.2", seed="002",
         statement="every point of the core locus (W_L = 0, b_L = mean y, W_i = W_j = 0, i < j) is a degenerate "
                   "critical point: the Hessian is zero outside the (W_L, b_L) block, that block is "
                   "m [c; 1][c; 1]^T per output (c the last hidden output), so exactly d_out positive eigenvalues "
                   "and all others zero",
         kinds=(_FF,), paper="Cooper, Theorem 3.2 (counted per output; see AW-002-3.2)", location="section 3.1.2")
def _core32(s):
    c = _setup(s)
    if not _core_hyp(s, c):
        return
    _core_facts(s, c)
    dL, n = c["d"][-1], c["n"]
    s.conclusion(f"exactly d_out = {dL} positive eigenvalues, none negative, {n - dL} zero (degenerate)",
                 ["and", ["eq", ["at", ["inertia", "H"], 0], dL], ["eq", ["at", ["inertia", "H"], 1], 0],
                  ["lt", 0, ["at", ["inertia", "H"], 2]]], key="count")


@declare("AW-002-3.2", seed="002",
         statement="every point of the core locus is a degenerate critical point and the Hessian has one positive "
                   "eigenvalue, the remaining eigenvalues all vanish",
         kinds=(_FF,), as_written=True,
         corrected="with d_out outputs the Hessian at a core point has exactly d_out positive eigenvalues (the "
                   "(W_L, b_L) block is m [c; 1][c; 1]^T kron I_{d_out}) and all others zero; one positive "
                   "eigenvalue holds for scalar outputs only",
         paper="Cooper, Theorem 3.2 as written", location="section 1.2 and 3.1.2")
def _aw32(s):
    c = _setup(s)
    if not _core_hyp(s, c):
        return
    _core_facts(s, c)
    n, dL = c["n"], c["d"][-1]
    s.conclusion("the Hessian has one positive eigenvalue and the remaining eigenvalues vanish",
                 ["and", ["eq", ["at", ["inertia", "H"], 0], 1], ["eq", ["at", ["inertia", "H"], 1], 0]],
                 key="one_positive")
    s.conclusion("degenerate (a zero eigenvalue)", ["lt", 0, ["at", ["inertia", "H"], 2]], key="degenerate")
    s.explain(f"with d_out = {dL} outputs the (W_L, b_L) block is m [c; 1][c; 1]^T kron I_{dL}: "
              f"{dL} positive eigenvalues (n = {n})")


@declare("CORE-3.3", seed="002",
         statement="(Lemma 3.3) at W_L = 0 every derivative of F of order 1 or 2 not involving W_L vanishes, "
                   "except dF/db_L",
         kinds=(_FF,), paper="Cooper, Lemma 3.3 (orders 1 and 2 checked)", location="section 3.1.2")
def _core33(s):
    c = _setup(s)
    L, d, m = c["L"], c["d"], c["m"]
    if not s.hypothesis("W_L = 0", ["is_zero", _wpart(c, L)], key="w_l_zero"):
        return
    wl = set(_weight_idx(c, L))
    rest = [i for i in range(c["n"]) if i not in wl]
    bl = _bias_idx(c, L)
    for j in range(m):
        Xj, Yj = ["cols", "X", [j]], ["cols", "Y", [j]]
        for o in range(d[L]):
            e = [["1"] if r == o else ["0"] for r in range(d[L])]
            Yo = ["add", Yj, ["lit", e]]
            # grad L_y - grad L_{y + e_o} = J^T e_o and Hess L_y - Hess L_{y + e_o} = d^2 F_o
            # (the Gauss-Newton terms cancel): first and second derivatives of F_o(x_j)
            g = ["sub", ["grad", c["spec"], Xj, Yj, c["Ws"]], ["grad", c["spec"], Xj, Yo, c["Ws"]]]
            h = ["sub", ["hessian", c["spec"], Xj, Yj, c["Ws"]], ["hessian", c["spec"], Xj, Yo, c["Ws"]]]
            want = [["1"] if (bl and i == bl[o]) else ["0"] for i in rest]
            s.conclusion(f"sample {j + 1}, output {o + 1}: dF/dtheta outside W_L is zero except dF/db_L = e_{o + 1}",
                         ["eq", ["rows", g, rest], ["lit", want]], key=f"first_{j + 1}_{o + 1}")
            s.conclusion(f"sample {j + 1}, output {o + 1}: d^2F/dtheta^2 outside W_L is zero",
                         ["is_zero", ["rows", ["cols", h, rest], rest]], key=f"second_{j + 1}_{o + 1}")


@declare("CORE-DIM", seed="002",
         statement="the star piece S_i has codimension d_L d_{L-1} + d_L + d_i d_{i-1} and the core piece "
                   "S_i cap S_j codimension d_L d_{L-1} + d_L + d_i d_{i-1} + d_j d_{j-1} (counted from the "
                   "widths; checked against the rank of the piece's parametrisation)",
         kinds=(_FF,), paper="Cooper, section 3.1.1 (dimension formulas)", location="section 3.1.1")
def _coredim(s):
    c = _setup(s, need_point=False)
    d, L, n = c["d"], c["L"], c["n"]
    ps = c["pieces"]
    pieces = [(i,) for i in ps] + [(i, j) for a, i in enumerate(ps) for j in ps[a + 1:]]
    s.require(bool(c["bias"][-1]), "the loci need an output bias")
    dims = {}
    for piece in pieces:
        codim = d[L] * d[L - 1] + d[L] + sum(d[i] * d[i - 1] for i in piece)
        fixed = sorted(set(_weight_idx(c, L)) | set(_bias_idx(c, L)) | {x for i in piece for x in _weight_idx(c, i)})
        name = "param_" + "_".join(map(str, piece))
        J = s.witness(name)
        s.require(J is not None, f"no parametrisation recorded for piece {piece}")
        key = "_".join(map(str, piece))
        s.conclusion(f"piece {piece}: the parametrisation's Jacobian has rank n - codim = {n} - {codim} "
                     f"and moves no fixed coordinate",
                     ["and", ["eq", ["rank", ["lit", J]], n - codim], ["is_zero", ["rows", ["lit", J], fixed]]],
                     key=f"dim_{key}")
        dims[piece] = n - codim
    star = max((v for p, v in dims.items() if len(p) == 1), default=None)
    core = max((v for p, v in dims.items() if len(p) == 2), default=None)
    s.extra["dimensions"] = {"n": n, "reading": c["reading"], "star": star, "core": core,
                             "core_nonempty": core is not None,
                             "star_codim": None if star is None else n - star,
                             "pieces": {"_".join(map(str, p)): v for p, v in dims.items()}}

