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
