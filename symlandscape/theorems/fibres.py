r"""Fibres of the last layer and the zero-loss manifold: seed 002 (Cooper), sections 4.1 and 5.

Statements only (instance families in :mod:`symlandscape.provers.fibres`, the mathematics in
:mod:`symlandscape.landscape.fibres`). Instances are ``feedforward`` networks with a point.

How the facts are stated with the existing operations (nothing new for the checker except
``loss_curve`` of a feedforward network, which it evaluates by its own interpolation):

* *Features.* ``Phi`` (``c x m``: the last hidden outputs on the samples, with a row of
  ones when the output layer has a bias) is read off the network's own gradient: at the
  last layer ``V = 0`` with the single sample ``x_j`` and target ``-e_1`` the residual is
  ``e_1``, so ``dL/dV = e_1 phi_j^T`` and ``phi_j`` is the first row of that block. Both
  evaluators run the network; no witness is involved.
* *The fibre's quadratic* ``q(V) = 1/2 ||V Phi - Y||^2`` is the loss of a one-layer linear
  network on the data ``(Phi, Y)`` (``["loss", "deep_linear", "Phi", "Y", [V]]``), with
  coefficients ``A = Phi Phi^T kron I``, ``b = -vec(Y Phi^T)``, ``c_0 = 1/2 ||Y||^2``.
  FIB-5.7 compares the network's loss, gradient block and Hessian block with ``q``'s at the
  point, and the network's loss along two lines inside the fibre (``loss_curve``, an exact
  polynomial in ``t``) with ``q``'s.
* *Jacobian of the outputs* (ZERO-MAN). At a zero-loss point ``F(x_j) = y_j``, so the
  gradient of the one-sample loss with target ``y_j - e_o`` is the row ``dF_o(x_j)/dtheta``:
  ``J^T`` is the ``hstack`` of those ``m d_out`` gradients.

Readings of the seed. Lemma 5.14 as written bounds the rank of the fibre's leading form by
``d_out rank(Phi_h)`` (``Phi_h`` the hidden outputs) also with an output bias; the bias adds
the row of ones, and the rank is ``d_out rank([Phi_h; 1])`` (AW-002-5.14 fails; the
smallest instance searched is widths [1, 1, 1], no hidden bias, one sample ``x = 0``, all
weights 0: ``Phi_h = [0]``, the form is ``b^2``, rank 1 > 0). Section 4.1's manifold
statement is generic: at a zero of ``L`` with ``rank J < d`` the targets ``Y = F(theta)``
are a critical value of the output map (a measure-zero set of data by Sard's theorem), so
the generic hypothesis is not met there.
"""

__all__ = []

from .declare import declare
from .feedforward import _FF, _setup, _symbolic


def _fibre(s, c) -> dict:
    """Defines ``Phi`` (the features, read off the network's gradient); returns index data."""
    d, L, m = c["d"], c["L"], c["m"]
    cols = d[L - 1] + int(c["bias"][-1])
    off = c["offs"][L - 1]
    target = [["-1"]] + [["0"]] * (d[L] - 1)
    at_zero = c["Ws"][:-1] + [["zeros", d[L], cols]]
    first_row = [off + b * d[L] for b in range(cols)]
    s.define("Phi", ["hstack", *[["rows", ["grad", c["spec"], ["cols", "X", [j]], ["lit", target], at_zero], first_row]
                                 for j in range(m)]])
    hidden = ["rows", "Phi", list(range(d[L - 1]))] if c["bias"][-1] else "Phi"
    return {"cols": cols, "fib": list(range(off, c["n"])), "V": f"W{L}", "dout": d[L], "width": d[L - 1],
            "hidden": hidden, "zero_steps": [["zeros", r, k] for r, k in c["shapes"][:-1]]}


def _directions(rows: int, cols: int) -> list:
    """Two fixed directions in the fibre (no witness): all ones, and a pattern in -2..2."""
    return [[["1"] * cols for _ in range(rows)],
            [[str((3 * i + 5 * j + 1) % 5 - 2) for j in range(cols)] for i in range(rows)]]


def _quadratic_facts(s, c, f, note="") -> None:
    """The loss on the fibre is q: value, gradient and Hessian at the point, two lines."""
    spec, Ws, V, fib = c["spec"], c["Ws"], f["V"], f["fib"]
    s.define("A", ["kron", ["mul", "Phi", ["T", "Phi"]], ["eye", f["dout"]]])
    s.define("b", ["neg", ["vec", ["mul", "Y", ["T", "Phi"]]]])
    v = ["vec", V]
    s.value("the features Phi (last hidden outputs on the samples; a row of ones for the output bias)", "Phi",
            key="features")
    s.value("A = Phi Phi^T kron I_dout (the leading quadratic form)", "A", key="quad_a")
    s.value("b = -vec(Y Phi^T)", "b", key="quad_b")
    s.value("c0 = 1/2 ||Y||^2", ["scale", "1/2", ["frob2", "Y"]], key="quad_c0")
    q_at = ["add", ["scale", "1/2", ["entry", ["mul", ["T", v], "A", v], 0, 0]], ["entry", ["mul", ["T", "b"], v], 0, 0],
            ["scale", "1/2", ["frob2", "Y"]]]
    s.conclusion(f"the loss at the point equals q(V) = 1/2 v^T A v + b^T v + c0{note}",
                 ["eq", ["loss", spec, "X", "Y", Ws], q_at], key="value")
    s.conclusion("the gradient in (W_L, b_L) equals A v + b",
                 ["eq", ["rows", ["grad", spec, "X", "Y", Ws], fib], ["add", ["mul", "A", v], "b"]], key="gradient")
    s.conclusion("the Hessian block of (W_L, b_L) equals A",
                 ["eq", ["rows", ["cols", ["hessian", spec, "X", "Y", Ws], fib], fib], "A"], key="hessian")
    for i, C in enumerate(_directions(f["dout"], f["cols"]), 1):
        s.conclusion(f"along the line V + t C_{i} in the fibre the loss (an exact polynomial in t through the "
                     f"network) is q(V + t C_{i}), of degree <= 2",
                     ["eq", ["loss_curve", spec, "X", "Y", Ws, [f["zero_steps"] + [["lit", C]]]],
                      ["loss_curve", "deep_linear", "Phi", "Y", [V], [[["lit", C]]]]], key=f"line_{i}")


_PAPER = "Cooper, The critical locus of overparameterized neural networks"


@declare("ZERO-MAN", seed="002",
         statement="(section 4.1, from Coo18) N parameters, m distinct samples, d = m d_out < N: at a zero of L "
                   "where Y is a regular value of the output map (rank J = d, the generic case), L^-1(0) is locally "
                   "a smooth manifold of dimension N - d: the Hessian there is J^T J with inertia (d, 0, N - d)",
         kinds=(_FF,), paper=f"{_PAPER}, section 4.1 (Theorem of [Coo18])", location="section 4.1")
def _zeroman(s):
    c = _setup(s)
    d_out, m, n, spec, Ws = c["d"][-1], c["m"], c["n"], c["spec"], c["Ws"]
    d = m * d_out
    ok = True
    if m > 1:
        ok = s.hypothesis("the samples are distinct",
                          ["and", *[["ne", ["cols", "X", [i]], ["cols", "X", [j]]] for i in range(m) for j in range(i + 1, m)]],
                          key="distinct")
    ok = s.hypothesis(f"N = {n} > d = m d_out = {d}", ["lt", d, n], key="overparameterized") and ok
    ok = s.hypothesis("L = 0 at the point", ["eq", ["loss", spec, "X", "Y", Ws], 0], key="zero_loss") and ok
    if not ok:
        return
    cols = []
    for j in range(m):
        for o in range(d_out):
            e = [["1"] if r == o else ["0"] for r in range(d_out)]
            cols.append(["grad", spec, ["cols", "X", [j]], ["sub", ["cols", "Y", [j]], ["lit", e]], Ws])
    s.define("JT", ["hstack", *cols])
    s.value("rank J (J = dF/dtheta on all samples, m d_out x N)", ["rank", "JT"], key="rank_j")
    if not s.hypothesis(f"Y is a regular value of the output map at this zero: rank J = d = {d} (generic: when rank "
                        f"J < d, Y = F(theta) is a critical value, a measure-zero set of data by Sard's theorem)",
                        ["eq", ["rank", "JT"], d], key="regular"):
        return
    s.define("H", ["hessian", spec, "X", "Y", Ws])
    s.conclusion("the Hessian at the zero is the Gauss-Newton matrix J^T J (the residual vanishes)",
                 ["eq", "H", ["mul", "JT", ["T", "JT"]]], key="gauss_newton")
    s.conclusion(f"its inertia is (d, 0, N - d) = ({d}, 0, {n - d}): L^-1(0) is locally a smooth manifold of "
                 f"dimension N - d = {n - d} (tangent space ker J; implicit function theorem), L grows "
                 f"quadratically across it",
                 ["and", ["eq", ["at", ["inertia", "H"], 0], d], ["eq", ["at", ["inertia", "H"], 1], 0],
                  ["eq", ["at", ["inertia", "H"], 2], n - d]], key="manifold")


@declare("FIB-5.7", seed="002",
         statement="on the fibre through a point (every layer but the last fixed) the loss is the quadratic "
                   "q(V) = 1/2 ||V Phi - Y||^2 = 1/2 v^T A v + b^T v + c0 of v = vec [W_L | b_L], A = Phi Phi^T kron I, "
                   "b = -vec(Y Phi^T), c0 = 1/2 ||Y||^2, Phi the last hidden outputs on the samples (with a row of "
                   "ones for an output bias)",
         kinds=(_FF,), paper=f"{_PAPER}, Proposition 5.7", location="section 5.1")
def _fib57(s):
    c = _setup(s)
    proof = _symbolic(s, c, "entries of F - V Phi_s (the outputs minus the last layer times the symbolic features, "
                            "which are free of V)")
    _quadratic_facts(s, c, _fibre(s, c), note=f" ({proof})")


@declare("FIB-5.8", seed="002",
         statement="if the features Phi (with the row of ones of an output bias) have rank m, every critical point "
                   "of L restricted to the fibre is a global minimum of L (loss 0): the fibre's critical set is "
                   "V* + {Z : Z Phi = 0}, V* = Y Phi^+",
         kinds=(_FF,), paper=f"{_PAPER}, Lemma 5.8", location="section 5.1")
def _fib58(s):
    c = _setup(s)
    f = _fibre(s, c)
    m, spec, fib = c["m"], c["spec"], f["fib"]
    s.define("Vs", ["mul", "Y", ["pinv", "Phi"]])
    at_vs = c["Ws"][:-1] + ["Vs"]
    if not s.hypothesis(f"the features Phi ({f['cols']} x {m}) have rank m = {m}", ["eq", ["rank", "Phi"], m],
                        key="full_rank"):
        # the other side: the least-squares point is critical on the fibre, with positive loss
        s.value("the least-squares point V* = Y Phi^+ is critical on the fibre",
                ["is_zero", ["rows", ["grad", spec, "X", "Y", at_vs], fib]], key="vstar_critical")
        s.value("the loss at V*: positive when Y is not in the row space of Phi (a fibre-critical point that is "
                "not a global minimum; the hypothesis rank Phi = m fails, so no counterexample)",
                ["loss", spec, "X", "Y", at_vs], key="vstar_loss")
        return
    _quadratic_facts(s, c, f)
    s.conclusion("V* = Y Phi^+ is critical on the fibre: the gradient in (W_L, b_L) vanishes there (network)",
                 ["is_zero", ["rows", ["grad", spec, "X", "Y", at_vs], fib]], key="vstar_critical")
    s.conclusion("L(V*) = 0 through the network: a global minimum of L (L >= 0)",
                 ["eq", ["loss", spec, "X", "Y", at_vs], 0], key="vstar_zero")
    # every critical v of q has A (v - v*) = 0, so q(v) = q(v*) + 1/2 (v - v*)^T A (v - v*) = 0;
    # one more point of the critical set, V* + U (I - Phi Phi^+), through the network
    U = [["1"] * f["cols"] for _ in range(f["dout"])]
    s.define("Vz", ["add", "Vs", ["mul", ["lit", U], ["sub", ["eye", f["cols"]], ["proj", "Phi"]]]])
    at_vz = c["Ws"][:-1] + ["Vz"]
    s.conclusion("V* + U (I - Phi Phi^+) (U all ones; another point of the critical set V* + ker A) is critical on "
                 "the fibre with loss 0 (network)",
                 ["and", ["is_zero", ["rows", ["grad", spec, "X", "Y", at_vz], fib]],
                  ["eq", ["loss", spec, "X", "Y", at_vz], 0]], key="kernel_point")
    s.value("dimension of the fibre's critical set, d_out (c - m)", ["rank", ["sub", ["eye", f["cols"]], ["proj", "Phi"]]],
            key="critical_set_dim_per_output")


@declare("FIB-5.9", seed="002",
         statement="(Corollary 5.9) last hidden width d_{L-1} >= m; at a point whose features Phi have rank m and "
                   "which is not a global minimum (L > 0), along V(t) = V_0 + t C, C = (Y - V_0 Phi) Phi^+, "
                   "t in [0, 1], the loss is the quadratic L(V_0) (1 - t)^2: strictly decreasing, ending at a "
                   "global minimum (L = 0)",
         kinds=(_FF,), paper=f"{_PAPER}, Corollary 5.9", location="section 5.1")
def _fib59(s):
    c = _setup(s)
    f = _fibre(s, c)
    m, spec, Ws, V = c["m"], c["spec"], c["Ws"], f["V"]
    loss = ["loss", spec, "X", "Y", Ws]
    ok = s.hypothesis(f"the last hidden width d_(L-1) = {f['width']} >= m = {m}", ["le", m, f["width"]], key="wide")
    ok = s.hypothesis(f"the features Phi have rank m = {m}", ["eq", ["rank", "Phi"], m], key="full_rank") and ok
    ok = s.hypothesis("the point is not a global minimum: L > 0", ["lt", 0, loss], key="not_global") and ok
    if not ok:
        return
    s.define("C", ["mul", ["sub", "Y", ["mul", V, "Phi"]], ["pinv", "Phi"]])
    s.define("curve", ["loss_curve", spec, "X", "Y", Ws, [f["zero_steps"] + ["C"]]])
    s.value("the loss along V_0 + t C (coefficients of t^0, t^1, t^2, through the network)", "curve", key="line")
    s.conclusion("the loss along the line is a polynomial of degree <= 2 (equal to q along it)",
                 ["eq", "curve", ["loss_curve", "deep_linear", "Phi", "Y", [V], [["C"]]]], key="quadratic")

    def at(t):
        return ["loss", spec, "X", "Y", Ws[:-1] + [["add", V, ["scale", t, "C"]]]]
    s.conclusion("L(V_0 + C/2) = L(V_0)/4 and L(V_0 + C) = 0: the quadratic is L(V_0) (1 - t)^2, strictly "
                 "decreasing on [0, 1] (L(V_0) > 0), and V_0 + C is a global minimum",
                 ["and", ["eq", at("1/2"), ["scale", "1/4", loss]], ["eq", at("1"), 0]], key="decreasing")


def _rank_facts(s, c, f) -> None:
    fib = f["fib"]
    s.define("Q", ["rows", ["cols", ["hessian", c["spec"], "X", "Y", c["Ws"]], fib], fib])
    s.value("rank of the fibre's leading quadratic form (the Hessian block of (W_L, b_L))", ["rank", "Q"],
            key="rank_form")
    s.value("rank of the hidden features Phi_h", ["rank", f["hidden"]], key="rank_hidden")


@declare("WIDE-5.14", seed="002",
         statement="(Lemma 5.14, no output bias) the leading quadratic form of the loss on a fibre has rank "
                   "<= d_out rank(Phi_h), Phi_h the last hidden outputs on the samples (equality holds)",
         kinds=(_FF,), paper=f"{_PAPER}, Lemma 5.14 (without b_L; see AW-002-5.14)", location="section 5.3")
def _wide514(s):
    c = _setup(s)
    if not s.hypothesis("the output layer has no bias", ["eq", ["entry", "output_bias", 0, 0], 0], key="no_output_bias"):
        return
    f = _fibre(s, c)
    _rank_facts(s, c, f)
    s.conclusion(f"rank Q <= d_out rank(Phi_h) = rank(Phi_h kron I_{f['dout']})",
                 ["le", ["rank", "Q"], ["rank", ["kron", f["hidden"], ["eye", f["dout"]]]]], key="bound")
    s.conclusion("with equality (Q = Phi_h Phi_h^T kron I)",
                 ["eq", ["rank", "Q"], ["rank", ["kron", f["hidden"], ["eye", f["dout"]]]]], key="equality")


@declare("AW-002-5.14", seed="002",
         statement="(Lemma 5.14 as written) with an output bias b_L, the leading quadratic form of the loss on a "
                   "fibre has rank <= d_out rank(Phi_h), Phi_h the last hidden outputs on the samples",
         kinds=(_FF,), as_written=True,
         corrected="with an output bias the rank of the fibre's leading form is d_out rank([Phi_h; 1]) <= "
                   "d_out (rank(Phi_h) + 1) (d_out rank(Phi_h) without one): the bias adds the row of ones to the "
                   "features, which exceeds the as-written bound whenever the ones row is not in the row space of "
                   "Phi_h (at generic points as soon as rank Phi_h < m, e.g. one hidden unit and two samples); "
                   "the as-written bound holds when Phi_h has rank m",
         paper=f"{_PAPER}, Lemma 5.14 as written", location="section 5.3")
def _aw514(s):
    c = _setup(s)
    ok = s.hypothesis("the output layer has a bias b_L", ["eq", ["entry", "output_bias", 0, 0], 1], key="output_bias")
    if not s.hypothesis(f"the network has a hidden layer (L = {c['L']} >= 2)", ["le", 2, c["L"]], key="hidden") or not ok:
        return
    f = _fibre(s, c)
    _rank_facts(s, c, f)
    kr = ["kron", "Phi", ["eye", f["dout"]]]
    s.value("corrected: rank Q = d_out rank([Phi_h; 1]) = rank([Phi_h; 1] kron I)", ["eq", ["rank", "Q"], ["rank", kr]],
            key="corrected")
    ok = s.conclusion(f"rank Q <= d_out rank(Phi_h) = rank(Phi_h kron I_{f['dout']})",
                      ["le", ["rank", "Q"], ["rank", ["kron", f["hidden"], ["eye", f["dout"]]]]], key="bound")
    if not ok:
        s.explain(f"rank Q = {s.peek(['rank', 'Q'])} = d_out rank([Phi_h; 1]) with d_out = {f['dout']}, "
                  f"rank(Phi_h) = {s.peek(['rank', f['hidden']])}: the ones row of b_L is not in the row space of "
                  f"Phi_h")
