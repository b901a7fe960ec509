"""Single neurons with transcendental losses [seed 003]: claims certified by interval enclosures.

Statements only (instance families and the witness search in
:mod:`symlandscape.provers.neurons`). A local minimum of a transcendental loss is not a
rational point; it is certified by a *box* with rational endpoints (the witness) and three
interval facts (:mod:`symlandscape.models.enclosed`): exactly one zero of the gradient in the
box (Krawczyk), every Hessian on the box with eigenvalues >= mu > 0 (so the zero is a strict
local minimum), and an enclosure of its loss. Such a verdict is "certified (interval)".
"""

__all__ = ["MAX_BOXES"]

from .declare import declare

#: Most boxes a certificate may ask the checker to test.
MAX_BOXES = 8


def _certified_minimum(s, args, item, k, what="minimum", spurious=False):
    """State the three interval facts for one box ``item = {"box", "mu", "loss"}``; its box
    expression. With ``spurious``, the loss enclosure must also lie above 0."""
    box = ["lit", item["box"]]
    mu, (lo, hi) = item["mu"], item["loss"]
    # a witness too weak to certify anything (mu <= 0, a loss bound not above 0) leaves the
    # claim undetermined: an existence claim never "fails" because of a poor witness
    if s.peek(["q", mu]) <= 0 or (spurious and s.peek(["q", lo]) <= 0):
        s.undetermined(f"{what} {k}: the witness's eigenvalue or loss bound is not positive")
        return None
    s.conclusion(f"{what} {k}: the box contains exactly one zero of the gradient (Krawczyk test)",
                 ["zero_in", *args, box], key=f"min{k}.zero")
    s.conclusion(f"{what} {k}: every Hessian on the box has eigenvalues >= {mu} > 0 (a strict local minimum)",
                 ["and", ["lt", 0, ["q", mu]], ["pd_on", *args, box, ["q", mu]]], key=f"min{k}.pd")
    approx = f"{float((s.peek(['q', lo]) + s.peek(['q', hi])) / 2):.7g}"
    loss = ["loss_in", *args, box, ["q", lo], ["q", hi]]
    if spurious:
        s.conclusion(f"{what} {k}: the loss on the box lies in [{lo}, {hi}] (about {approx}), above the global "
                     f"minimum value 0: a spurious local minimum", ["and", ["lt", 0, ["q", lo]], loss],
                     key=f"min{k}.loss")
    else:
        s.conclusion(f"{what} {k}: the loss on the box lies in [{lo}, {hi}] (about {approx})", loss,
                     key=f"min{k}.loss")
    return box


def _certified_minima(s, args, what="minimum") -> list:
    """State the three interval facts for every box of the witness ``minima``; the box
    expressions (none when the witness is missing or has fewer than two boxes)."""
    minima = s.witness("minima")
    if not isinstance(minima, list) or len(minima) < 2:
        s.undetermined("no two local minima were certified on this data set")
        return []
    s.require(len(minima) <= MAX_BOXES, f"at most {MAX_BOXES} boxes, got {len(minima)}")
    boxes = [_certified_minimum(s, args, item, k, what) for k, item in enumerate(minima, 1)]
    return boxes if all(b is not None for b in boxes) else []


def _disjoint(s, boxes) -> None:
    """One fact per pair of boxes: a coordinate in which they do not overlap."""
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            A, B = s.peek(boxes[a]), s.peek(boxes[b])
            s.require(len(A) == len(B), "boxes of different dimensions")
            sep = next((i for i in range(len(A)) if A[i][1] < B[i][0] or B[i][1] < A[i][0]), None)
            if sep is None:
                s.undetermined(f"the boxes of minima {a + 1} and {b + 1} overlap: the minima may coincide")
                continue
            ea, eb = ["entry", boxes[a], sep, 1], ["entry", boxes[b], sep, 0]
            fa, fb = ["entry", boxes[b], sep, 1], ["entry", boxes[a], sep, 0]
            s.conclusion(f"the boxes of minima {a + 1} and {b + 1} are disjoint (coordinate {sep + 1}): "
                         f"distinct local minima", ["or", ["lt", ea, eb], ["lt", fa, fb]],
                         key=f"distinct.{a + 1}.{b + 1}")


@declare("AUER", seed="003",
         statement="a single sigmoid neuron with squared loss has a finite data set with at least two distinct "
                   "local minima (each certified: a box with exactly one zero of the gradient, every Hessian on "
                   "the box positive definite, the loss enclosed)",
         kinds=("sigmoid_neuron",),
         paper="Auer, Herbster and Warmuth 1995, Exponentially many local minima for single neurons (NIPS 8)",
         location="slide 'The simplest non-linear net', first bullet")
def _auer(s):
    (d, m), (dy, m2) = s.need("X", "Y")
    s.conform(dy == 1 and m2 == m, f"Y must be 1 x m with m = {m}, got {dy} x {m2}")
    boxes = _certified_minima(s, ["sigmoid_neuron", "X", "Y"])
    if boxes:
        _disjoint(s, boxes)


@declare("SS", seed="003",
         statement="sum of K ReLU units, x ~ N(0, I_K), K orthonormal teacher units with output weights 1: for "
                   "6 <= K <= 20 the population loss has a non-global local minimum (certified for the instance's "
                   "K: a box with exactly one zero of the gradient, every Hessian on it positive definite, the loss "
                   "enclosed strictly above the global minimum value 0)",
         kinds=("relu_population",),
         paper="Safran and Shamir 2018, Spurious local minima are common in two-layer ReLU neural networks "
               "(ICML), Section 4 (k = n)",
         location="slide 'A bit more complex non-linear net', third bullet")
def _ss(s):
    (d, Kt), _ = s.need("X", "Y")
    K = s.view.widths[1]
    s.hypothesis(f"6 <= K = {K} <= 20", ["and", ["le", 6, K], ["le", K, 20]], key="k_range")
    s.hypothesis(f"K = K* = d = {K} (student, teacher and input sizes equal, as in the paper's k = n)",
                 ["and", ["eq", K, Kt], ["eq", d, K]], key="square")
    s.hypothesis("the teacher's units are orthonormal: X^T X = I", ["eq", ["mul", ["T", "X"], "X"], ["eye", Kt]],
                 key="orthonormal")
    s.hypothesis("the teacher's output weights are all 1", ["eq", "Y", ["lit", [["1"] * Kt]]], key="ones")
    item = s.witness("minimum")
    if not isinstance(item, dict):
        s.undetermined("no spurious local minimum was certified for this K")
        return
    _certified_minimum(s, [["relu_population", K], "X", "Y"], item, 1, spurious=True)


def _distinct_columns(m: int) -> list:
    """All columns of X pairwise different (an exact fact)."""
    pairs = [["ne", ["cols", "X", [i]], ["cols", "X", [j]]] for i in range(m) for j in range(i + 1, m)]
    return ["and", *pairs] if pairs else ["eq", 0, 0]


def _duplicated_box(narrow, d0: int, h: int, q):
    """The box of the wide net (h hidden units) from the narrow net's box (h - 1 units, one
    output): hidden unit h - 1 repeats unit h - 2, the output weight c of that unit split into
    c/2, c/2. Rows in theta order (vec W_1 column-major, then W_2); ``q`` reads a witness
    rational. Also the two W_2 indices of the split."""
    k = h - 1
    rows = []
    for b in range(d0):
        for a in range(h):
            rows.append(narrow[b * k + min(a, k - 1)])
    for a in range(h):
        lo, hi = narrow[d0 * k + min(a, k - 1)]
        rows.append((lo, hi) if a < k - 1 else (str(q(lo) / 2), str(q(hi) / 2)))
    return rows, d0 * h + k - 1, d0 * h + k


def _duplicated_minimum(s, wit, d0: int, h: int, local):
    """State the facts of a duplicated-unit local minimum (the witness ``duplicated`` of
    AW-003-YC, one output): the narrow net's unique gradient zero (a, c) in its box, the
    Hessian positive definite across the flat line on the duplicated box (``local`` records
    these two: ``s.value`` or ``s.hypothesis``), the loss on that box and at the better
    rational point (values). ``(lo, bhi)``: the lower loss bound of the minimum and the upper
    loss bound of the point (witness strings); None (undetermined) when the witness is not usable."""
    k = h - 1
    narrow = [tuple(r) for r in wit["narrow_box"]]
    s.require(len(narrow) == d0 * k + k and all(len(r) == 2 for r in narrow), "the narrow box has the wrong size")
    rows, i_c, i_new = _duplicated_box(narrow, d0, h, lambda x: s.peek(["q", x]))
    n = len(rows)
    c_lo, c_hi = s.peek(["q", narrow[d0 * k + k - 1][0]]), s.peek(["q", narrow[d0 * k + k - 1][1]])
    mu, (lo, hi), (blo, bhi) = wit["mu"], wit["loss"], wit["point_loss"]
    point = wit["point"]
    s.require(isinstance(point, list) and len(point) == n, f"the better point needs {n} entries")
    if not (c_lo > 0 or c_hi < 0) or s.peek(["q", mu]) <= 0 or s.peek(["q", lo]) <= s.peek(["q", bhi]):
        s.undetermined("the witness's output weight, eigenvalue bound or loss gap is not usable")
        return None
    box = ["lit", [[str(a), str(b)] for a, b in rows]]
    V = [[int(i == j) for j in range(n) if j != i_new] for i in range(n)]
    V[i_new][[j for j in range(n) if j != i_new].index(i_c)] = 1
    local(f"the narrow net (d_1 = {k}) has exactly one zero (a, c) of its gradient in the witness box, "
          f"with c != 0 (Krawczyk)", ["zero_in", ["sigmoid_mlp", k], "X", "Y", ["lit", [list(r) for r in narrow]]],
          key="narrow_zero")
    local(f"on the duplicated box, every Hessian restricted to the complement of the flat direction "
          f"(the split of c) has eigenvalues >= {mu} > 0",
          ["pd_on_span", ["sigmoid_mlp", h], "X", "Y", box, ["lit", V], ["q", mu]], key="normal_pd")
    s.value(f"the loss on the duplicated box lies in [{lo}, {hi}]",
            ["loss_in", ["sigmoid_mlp", h], "X", "Y", box, ["q", lo], ["q", hi]], key="min_loss")
    s.value(f"the loss at the rational point {point} lies in [{blo}, {bhi}]",
            ["loss_in", ["sigmoid_mlp", h], "X", "Y", ["lit", [[x, x] for x in point]], ["q", blo], ["q", bhi]],
            key="point_loss")
    return lo, bhi


@declare("AW-003-YC", seed="003",
         statement="(as on the slides) one hidden layer, L(W) = ||Y - W_2 sigma(W_1 X)||_F^2, sigma(z) = "
                   "1/(1 + exp(-z)), no biases: if all columns of X are distinct and d_1 = m, then all local "
                   "minima of L are global (checked on 1/2 L, which has the same minima)",
         kinds=("sigmoid_mlp",), as_written=True,
         location="slide 'A non-linear net with one hidden layer', Theorem Yu & Chen (1995)",
         paper="Yu and Chen 1995, On the local minima free condition of backpropagation learning (IEEE TNN "
               "6(5)): P distinct patterns, P - 1 sigmoid hidden units plus one dummy (constant) hidden unit; "
               "every suboptimal equilibrium is unstable in the sense of Lyapunov",
         corrected="Yu and Chen's own statement (not checked here): P distinct patterns, P - 1 sigmoid hidden "
                   "units plus one constant (dummy) hidden unit; every suboptimal equilibrium is unstable in the "
                   "sense of Lyapunov. The slides' form (d_1 = m sigmoid units, no biases) fails: a hidden unit "
                   "duplicated from a local minimum of the narrower net gives a line of non-global local minima "
                   "(Fukumizu and Amari 2000); minimal instance d_0 = 1, X = [1, 2], Y = [1/2, 1]")
def _aw_yc(s):
    """Witness ``duplicated``: the narrow net's box (d_1 - 1 units) with a unique gradient zero
    (a, c), c != 0; the wide box built from it exactly (:func:`_duplicated_box`), on which the
    Hessian restricted to the complement of the flat direction t (the split of c) is positive
    definite; the loss enclosed there; a rational point with a smaller loss. Then gamma(s) (the
    split c/2 + s, c/2 - s) is a line of critical points (same function, gradients proportional
    to the narrow gradient) and Taylor's formula from gamma(s) gives L >= L(gamma(0)) near
    gamma(0): a local minimum; the point shows it is not global."""
    (d0, m), (d2, m2) = s.need("X", "Y")
    h = s.view.widths[1]
    s.hypothesis(f"all {m} columns of X are distinct", _distinct_columns(m), key="distinct")
    s.hypothesis(f"d_1 = m = {m}", ["eq", h, m], key="width")
    wit = s.witness("duplicated")
    if not isinstance(wit, dict) or d2 != 1 or h < 2:
        s.undetermined("no duplicated-unit local minimum was certified on this instance (the construction "
                       "needs one output and d_1 >= 2)")
        return
    found = _duplicated_minimum(s, wit, d0, h, s.value)
    if found is None:
        return
    lo, bhi = found
    s.explain("gamma(s) = the duplicated point with output weights (c/2 + s, c/2 - s) computes the narrow net's "
              "function for every s, so it is a line of critical points with one loss value; with the Hessian "
              "positive definite across the line on a box around gamma(0), Taylor's formula with integral "
              "remainder from gamma(s) gives L >= L(gamma(0)) near gamma(0): a local minimum, and the rational "
              "point has a smaller loss")
    s.conclusion(f"every local minimum is global: the local minimum gamma(0) (loss >= {lo}) has loss <= the "
                 f"loss at the rational point (<= {bhi})", ["le", ["q", lo], ["q", bhi]], key="global")


def _w2_box(s, wit, d0: int, h: int, d2: int, radius):
    """The box of the ``fit`` witness in theta order: W_1 exactly (point intervals), every W_2
    entry within ``radius`` of the witness's centre; rows as strings."""
    q = lambda x: s.peek(["q", x])       # noqa: E731
    rows = [[str(q(wit["W1"][a][b]))] * 2 for b in range(d0) for a in range(h)]
    for a in range(h):
        for o in range(d2):
            c = q(wit["W2"][o][a])
            rows.append([str(c - radius), str(c + radius)])
    return rows


@declare("YC", seed="003",
         statement="(Yu and Chen 1995, the key step) one hidden layer, L(W) = ||Y - W_2 sigma(W_1 X)||_F^2, "
                   "sigma(z) = 1/(1 + exp(-z)), no biases, all columns of X distinct, d_1 = m: at a local minimum "
                   "where the hidden feature matrix Phi = sigma(W_1 X) is invertible the loss is 0 (a global "
                   "minimum); where Phi is singular it can fail (AW-003-YC). Phi invertible is Phi Phi^T positive "
                   "definite, the Hessian of 1/2 L w.r.t. W_2 up to the factor kron I",
         kinds=("sigmoid_mlp",),
         paper="Yu and Chen 1995, On the local minima free condition of backpropagation learning (IEEE TNN 6(5)): "
               "the step 'an invertible hidden output matrix forces zero error at an equilibrium'",
         location="slide 'A non-linear net with one hidden layer', Theorem Yu & Chen (1995)")
def _yc(s):
    # The same facts as NH's one-hidden-layer step (_nh below): with d_1 = m, the W_2-block
    # (Phi Phi^T) kron I being positive definite is exactly "Phi invertible", and the
    # stationarity R Phi^T = 0 then gives R = 0. The witness is NH's ("minimum").
    return _nh(s)


@declare("NH", seed="003",
         statement="(Nguyen and Hein 2017, one hidden layer, the layer k = 1 the wide one) L(W) = ||Y - W_2 "
                   "sigma(W_1 X)||_F^2, sigma(z) = 1/(1 + exp(-z)), no biases: if all columns of X are distinct, "
                   "d_1 >= m, and W* is a local minimum at which the Hessian of L w.r.t. W_2 is non-degenerate, "
                   "then W* is a global minimum (the rank condition on the layers l > k + 1 is vacuous for one "
                   "hidden layer; checked on 1/2 L, which has the same minima, at constructed local minima)",
         kinds=("sigmoid_mlp",),
         paper="Nguyen and Hein 2017, The loss surface of deep and wide neural networks (ICML 2017, PMLR 70), Section 3 "
               "(the slides' form: sigmoid, no biases, d_k >= m)",
         location="slide 'Deep non-linear nets', Theorem Nguyen & Hein (2017)")
def _nh(s):
    """The linear-algebra step that proves NH for one hidden layer: the Hessian block of 1/2 L
    w.r.t. W_2 is (Phi Phi^T) kron I_{d_2} with Phi = sigma(W_1 X) (d_1 x m), whatever W_2; it is
    positive semidefinite, so non-degenerate means positive definite, which forces rank Phi =
    d_1, hence d_1 <= m; with d_1 >= m, Phi is square and invertible, and the stationarity
    R Phi^T = 0 of a local minimum (R = W_2 Phi - Y) gives R = 0: L(W*) = 0 <= L everywhere.

    Witness ``minimum``, one of two forms.

    * ``{"form": "fit", "W1", "W2", "radius", "mu", "centre_loss", "loss"}``: W_1 rational
      (d_1 x d_0), W* = (W_1, W_2*) with W_2* the minimiser of the quadratic L(W_1, .). Facts: the
      W_2-block is >= mu > 0 on the box B (W_1 exact, W_2 within ``radius`` of the centre W2)
      (the non-degeneracy; the block depends on W_1 alone, so it holds at W* wherever W_2* is); L at the centre <= eps; 2 eps <= mu radius^2, so by strong convexity
      |W_2* - centre| <= sqrt(2 eps / mu) <= radius: W* lies in B; the conclusion is the loss
      enclosure on B. W* is a local minimum because the step above makes it a zero of L (the
      full gradient of a zero of L vanishes): the hypothesis holds, it is not tested separately
      (a Krawczyk test of the full gradient cannot close: the zeros of L form a manifold of
      dimension d_0 d_1 through W*, and the full Hessian there has rank <= d_2 m).
    * ``{"form": "duplicated", ...}``: the witness of AW-003-YC (a non-global local minimum
      built by duplicating a hidden unit); at it two hidden units coincide, so Phi = S Phi'
      (S the d_1 x (d_1 - 1) duplication matrix) and the W_2-block has rank <= d_2 (d_1 - 1):
      the non-degeneracy hypothesis fails exactly; NH is consistent with the Yu-Chen
      counterexample.

    An instance's point (``weights``), when given, only tells the prover where to look for W*
    (:func:`symlandscape.provers.neurons._nh_minimum`); the facts are about the witness's W*.
    """
    (d0, m), (d2, m2) = s.need("X", "Y")
    h = s.view.widths[1]
    s.conform(m2 == m, f"Y must have m = {m} columns, got {m2}")
    s.hypothesis(f"all {m} columns of X are distinct", _distinct_columns(m), key="distinct")
    s.hypothesis(f"the hidden layer is at least as wide as the data: d_1 = {h} >= m = {m}", ["le", m, h],
                 key="wide")
    s.hypothesis(f"the Hessian w.r.t. W_2, (Phi Phi^T) kron I_{d2} with Phi = sigma(W_1 X) of size {h} x {m}, "
                 f"can be non-degenerate: d_1 = {h} <= m = {m} (rank Phi Phi^T <= m at every W)",
                 ["le", h, m], key="nondegenerate.rank")
    if h != m:
        return
    wit = s.witness("minimum")
    form = wit.get("form") if isinstance(wit, dict) else None
    model = ["sigmoid_mlp", h]
    if form == "duplicated" and d2 == 1 and h >= 2:
        found = _duplicated_minimum(s, wit, d0, h, s.hypothesis)
        if found is None:
            return
        lo, bhi = found
        S = [[int(a == b or (a == h - 1 and b == h - 2)) for b in range(h - 1)] for a in range(h)]
        s.hypothesis(f"the Hessian w.r.t. W_2 is non-degenerate at W*: at W* = gamma(0) hidden unit {h} repeats "
                     f"unit {h - 1}, so Phi = S Phi' (S the {h} x {h - 1} duplication matrix) and Phi Phi^T has "
                     f"rank <= rank S; non-degenerate needs rank S = d_1 = {h}",
                     ["eq", ["rank", ["lit", S]], h], key="nondegenerate")
        s.conclusion(f"W* is a global minimum: its loss (>= {lo}) is at most the loss at the rational point "
                     f"(<= {bhi})", ["le", ["q", lo], ["q", bhi]], key="global")
        return
    if form != "fit":
        s.undetermined("no local minimum of this instance was certified (the prover constructs zero-loss fits "
                       "with W_1 rational and Phi invertible, or a duplicated-unit minimum from a point with two "
                       "equal rows of W_1)")
        return
    s.require(isinstance(wit.get("W1"), list) and len(wit["W1"]) == h and all(
        isinstance(r, list) and len(r) == d0 for r in wit["W1"]), f"the witness's W1 must be {h} x {d0}")
    s.require(isinstance(wit.get("W2"), list) and len(wit["W2"]) == d2 and all(
        isinstance(r, list) and len(r) == h for r in wit["W2"]), f"the witness's W2 must be {d2} x {h}")
    radius, mu = s.peek(["q", wit["radius"]]), s.peek(["q", wit["mu"]])
    (clo, chi), (lo, hi) = wit["centre_loss"], wit["loss"]
    if radius <= 0 or mu <= 0 or 2 * s.peek(["q", chi]) > mu * radius ** 2:
        s.undetermined("the witness's radius or eigenvalue bound is not positive, or its centre is too far from "
                       "the minimiser (2 eps > mu r^2)")
        return
    n1 = d0 * h
    box = ["lit", _w2_box(s, wit, d0, h, d2, radius)]
    centre = ["lit", _w2_box(s, wit, d0, h, d2, 0)]
    V = [[int(i == n1 + j) for j in range(h * d2)] for i in range(n1 + h * d2)]
    s.hypothesis(f"the Hessian w.r.t. W_2 is non-degenerate at W*: on the box B (W_1 = the witness's rational "
                 f"W_1, every entry of W_2 within {wit['radius']} of the centre), every Hessian block w.r.t. W_2 "
                 f"(= (Phi Phi^T) kron I_{d2}, the same for every W_2) has eigenvalues >= {wit['mu']} > 0",
                 ["and", ["lt", 0, ["q", wit["mu"]]], ["pd_on_span", model, "X", "Y", box, ["lit", V],
                                                       ["q", wit["mu"]]]], key="nondegenerate")
    s.value(f"the loss at the centre of B lies in [{clo}, {chi}]",
            ["loss_in", model, "X", "Y", centre, ["q", clo], ["q", chi]], key="centre_loss")
    s.value(f"2 eps <= mu r^2 (eps = {chi}, mu = {wit['mu']}, r = {wit['radius']}): the minimiser W_2* of the "
            f"strongly convex L(W_1, .) is within sqrt(2 eps / mu) <= r of the centre, so W* = (W_1, W_2*) lies "
            f"in B (that W* is a local minimum, NH's hypothesis, follows with the conclusion: a zero of L >= 0 "
            f"is a minimum)", ["le", ["trace", ["scale", 2, ["lit", [[chi]]]]],
                      ["trace", ["mul", ["lit", [[wit["mu"]]]], ["lit", [[wit["radius"]]]], ["lit", [[wit["radius"]]]]]]],
            key="in_box")
    about = max(abs(float(s.peek(["q", lo]))), abs(float(s.peek(["q", hi]))))
    s.conclusion(f"W* is a global minimum (certified (interval): the hypotheses hold on B and the loss on B lies "
                 f"in [{lo}, {hi}] (within {about:.2g} of 0); L(W*) = 0 follows from the stated linear-algebra step: the W_2-block "
                 f"positive definite and d_1 >= m make Phi invertible, and R Phi^T = 0 at W* gives R = 0; a zero "
                 f"of L >= 0 is a global, hence also a local, minimum)",
                 ["loss_in", model, "X", "Y", box, ["q", lo], ["q", hi]], key="global")
