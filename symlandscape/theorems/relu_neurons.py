r"""ReLU units with Gaussian input [seed 003]: TIAN (one unit) and WU (two unit-norm units).

Statements only (instances and the search for critical points in
:mod:`symlandscape.provers.relu_neurons`). Loss ``L = 1/2 E (student - teacher)^2``,
``x ~ N(0, I_d)``, in the closed form of the arc-cosine kernel (:mod:`symlandscape.models.relu_population`).

TIAN (Tian 2017): one student unit ``w``, teacher ``relu(w*.x)``
-------------------------------------------------------------------
``L(w) = |w|^2/4 - k(w, w*) + |w*|^2/4``. At *aligned* points (``w`` parallel or antiparallel
to ``w*``) the loss, gradient and Hessian are exact rationals
(:mod:`symlandscape.models.relu_aligned`); at ``w = w*``: ``L = 0`` (its least value: ``L`` is an
expectation of a square), gradient 0, Hessian ``I/2`` (positive definite: a strict minimum).
The loss is not differentiable at ``w = 0`` (``k(w, w*)`` is positively homogeneous of degree 1
and not linear), where ``L(0) = |w*|^2/4``; on the ray ``c w*`` (``c > 0``)
``L = (1 - c)^2 |w*|^2/4 < L(0)`` for ``0 < c < 2``, so 0 is not a local minimum.
For ``d = 2`` the facts also certify (interval) that ``w*`` is the only critical point with
``R0 <= |w| <= R1`` (``R0 = min(1, |w*|^2)/16 <= |w*|/16``, ``R1 = 2 max(1, |w*|^2) >= 2|w*|``), in
polar coordinates relative to ``w*`` (:class:`~symlandscape.models.relu_circle.ReLUPolar`).
Uniqueness everywhere (proved from the closed form, not by the facts): with ``t`` the angle between ``w``
and ``w*`` and ``r = |w|``, ``L = r^2/4 - r|w*| (sin t + (pi - t) cos t)/(2 pi) + |w*|^2/4``,
so ``dL/dt = r |w*| (pi - t) sin t / (2 pi)`` vanishes for ``r > 0`` only at ``t = 0`` or
``pi`` (the gradient lies in the plane of ``w`` and ``w*``), and then ``dL/dr = 0`` gives
``r = |w*|`` (``t = 0``) or ``r = 0`` (``t = pi``): ``w*`` is the only critical point.

WU (Wu et al. 2018): two units, orthonormal teacher units, "among W of norm 1"
------------------------------------------------------------------------------
The constraint, precisely: each student unit has unit norm (``||w_1|| = ||w_2|| = 1``; Wu, Luo
and Lee restrict the hidden weights to the unit sphere), so the constraint set is a product
of spheres; its critical points are the zeros of the Riemannian gradient. The check is for
``d = 2`` (the plane of the teacher units): then the constraint set is a torus, parametrised by
the angles ``tau_1, tau_2`` in turns (:mod:`symlandscape.models.relu_circle`, twice
continuously differentiable there), and the teacher units are taken to be ``+-e_1, +-e_2``
(any orthonormal pair is one after a rotation or reflection, which leaves ``N(0, I)`` and the
loss invariant). Facts, all "certified (interval)":

* every zero of the gradient in ``[-33/64, 33/64]^2`` (a full period and more) lies in one of the
  witness's boxes (``zeros_covered``: bisection with gradient enclosures),
* each box contains exactly one critical point (Krawczyk),
* each box is classified: every Hessian on it positive definite (a strict local minimum), or a
  direction ``u`` of negative curvature on the whole box (not a local minimum),
* every minimum box contains ``W*`` or the swapped ``(w*_2, w*_1)``, up to whole turns.

So the local minima on the torus are exactly ``W*`` and its swap: "unique" holds up to the order
of the units (the swap is also a global minimum, loss 0, a point the slides' "unique" omits).
For ``d >= 3`` (a product of spheres ``S^{d-1}``) nothing is checked here.
"""

__all__ = ["WU_RECT", "MAX_CRITICAL_BOXES"]

from fractions import Fraction

from .declare import declare
from .kawaguchi_lemmas import _witness_fact

#: The rectangle (turns) that the WU cover spans: a full period of the torus and a margin.
WU_RECT = [["-33/64", "33/64"], ["-33/64", "33/64"]]
#: Most critical-point boxes a WU witness may list.
MAX_CRITICAL_BOXES = 16
_ONE = ["lit", [["1"]]]


# version 2: a plane witness with mu <= 0 is undetermined (it made TIAN "fail")
@declare("TIAN", seed="003",
         statement="one ReLU unit, x ~ N(0, I), y = relu(w*.x): w = w* is the unique minimum of the population "
                   "loss (checked exactly: w* critical with loss 0 and Hessian I/2; 0 is a kink and not a minimum; "
                   "for d = 2 certified: no other critical point with |w*|/16 <= |w| <= 2|w*|)",
         kinds=("relu_population",),
         paper="Tian 2017, An analytical formula of population gradient for two-layered ReLU network (ICML), "
               "Section 4 (K = 1)",
         location="slide 'The simplest non-linear net', second bullet", version=2)
def _tian(s):
    """Hypotheses: one student and one teacher unit, output weight 1. Conclusions (exact, at
    aligned points): ``L(w*) = 0`` (global minimum), gradient 0, Hessian ``I/2`` positive
    definite (strict). Values: ``L(0) = |w*|^2/4`` and ``L(c w*)`` below it for small ``c``."""
    (d, Kt), _ = s.need("X", "Y")
    K = s.view.widths[1]
    s.hypothesis(f"one student unit and one teacher unit (K = {K}, K* = {Kt})", ["and", ["eq", K, 1], ["eq", Kt, 1]],
                 key="single_unit")
    if s.status()[0] == "hypotheses not met":
        return
    s.hypothesis("the teacher's output weight is 1: y = relu(w*.x)", ["eq", "Y", _ONE], key="weight_one")
    if s.status()[0] == "hypotheses not met":
        return
    star = [["T", "X"], _ONE]
    args = ["relu_population", "X", "Y"]
    s.conclusion("L(w*) = 0, the least value of L (an expectation of a square): w* is a global minimum",
                 ["eq", ["loss", *args, star], 0], key="global_min")
    s.conclusion("the gradient at w* is 0 (exact: w* is aligned with itself)", ["is_zero", ["grad", *args, star]],
                 key="critical")
    s.conclusion("the Hessian at w* is I/2 (exact)", ["eq", ["hessian", *args, star], ["scale", "1/2", ["eye", d]]],
                 key="hessian")
    s.conclusion("the Hessian at w* is positive definite: w* is a strict local minimum",
                 ["eq", ["at", ["inertia", ["hessian", *args, star]], 0], d], key="strict")
    zero = [["zeros", 1, d], _ONE]
    s.value("L(0) = |w*|^2 / 4 (w = 0 is a kink: the loss is not differentiable there)",
            ["eq", ["loss", *args, zero], ["scale", "1/4", ["frob2", "X"]]], key="loss_at_zero")
    for c in ("1/2", "1/64", "1/4096"):
        s.value(f"L({c} w*) = (1 - c)^2 |w*|^2 / 4 < L(0): the loss drops from 0 along w*",
                ["lt", ["loss", *args, [["scale", c, ["T", "X"]], _ONE]], ["loss", *args, zero]],
                key=f"descent_from_zero.{c.replace('/', '_')}")
    if d == 2:
        _tian_plane(s)


def _tian_plane(s) -> None:
    """d = 2: every critical point with R0 <= |w| <= R1 is w* (certified, polar coordinates
    relative to w*: model ``relu_polar``, where the Hessian enclosure stays finite at w*)."""
    item = s.witness("polar_box")
    if item is None:
        s.undetermined("no certified box around w* in polar coordinates was found")
        return
    ok = (isinstance(item, dict) and isinstance(item.get("mu"), str) and isinstance(item.get("box"), list)
          and len(item["box"]) == 2 and all(isinstance(r, list) and len(r) == 2 for r in item["box"]))
    s.require(ok, "witness polar_box: {box: [[r_lo, r_hi], [tau_lo, tau_hi]], mu}")
    n2 = s.peek(["frob2", "X"])
    R0, R1 = min(Fraction(1), n2) / 16, 2 * max(Fraction(1), n2)      # R0 <= |w*| / 16, R1 >= 2 |w*|
    box = ["lit", item["box"]]
    (rlo, rhi), (tlo, thi) = s.peek(box)
    inside = ["and", ["le", 0, ["q", str(rlo)]], ["le", ["q", str(rlo * rlo)], ["frob2", "X"]],
              ["le", ["frob2", "X"], ["q", str(rhi * rhi)]], ["le", ["q", str(tlo)], 0], ["le", 0, ["q", str(thi)]]]
    if not _witness_fact(s, "the box holds w* = (r, tau) = (|w*|, 0)", inside, "plane.holds_w_star",
                         "the witness box does not hold w*"):
        return
    if s.peek(["q", item["mu"]]) <= 0:     # a witness too weak to certify: never a failure of the claim
        s.undetermined("plane: the witness's eigenvalue bound is not positive")
        return
    args = ["relu_polar", "X", "Y"]
    s.conclusion("plane: the box holds exactly one critical point (Krawczyk test): w*", ["zero_in", *args, box],
                 key="plane.zero")
    s.conclusion(f"plane: every Hessian on the box has eigenvalues >= {item['mu']} > 0 (polar coordinates)",
                 ["and", ["lt", 0, ["q", item["mu"]]], ["pd_on", *args, box, ["q", item["mu"]]]], key="plane.strict")
    s.conclusion(f"plane: every critical point w with {R0} <= |w| <= {R1} (r = |w|, tau = the angle from w* in "
                 f"turns, a full turn) lies in the box: w* is the only one there",
                 ["zeros_covered", *args, ["lit", [[str(R0), str(R1)], ["-33/64", "33/64"]]], [box]],
                 key="plane.cover")


def _teacher_angles(s) -> list | None:
    """Angles (turns) of teacher units that are +-e_1 or +-e_2, from the peeked entries."""
    out = []
    for j in range(2):
        col = (s.peek(["entry", "X", 0, j]), s.peek(["entry", "X", 1, j]))
        angles = {(1, 0): Fraction(0), (0, 1): Fraction(1, 4), (-1, 0): Fraction(1, 2), (0, -1): Fraction(-1, 4)}
        if col not in angles:
            return None
        out.append(angles[col])
    return out


def _box_contains(box, point):
    return ["and", *[["and", ["le", ["entry", box, i, 0], ["q", str(p)]], ["le", ["q", str(p)], ["entry", box, i, 1]]]
                     for i, p in enumerate(point)]]


def _valid_items(s, items) -> None:
    def box_ok(b):
        return isinstance(b, list) and len(b) == 2 and all(isinstance(r, list) and len(r) == 2 for r in b)
    ok = (isinstance(items, list) and 0 < len(items) <= MAX_CRITICAL_BOXES
          and all(isinstance(it, dict) and box_ok(it.get("box")) and it.get("kind") in ("minimum", "not a minimum")
                  and (isinstance(it.get("mu"), str) if it.get("kind") == "minimum" else
                       isinstance(it.get("u"), list) and len(it["u"]) == 2) for it in items))
    s.require(ok, f"witness critical_points: 1 to {MAX_CRITICAL_BOXES} items {{box (2 x 2), kind, mu or u}}")


# version 2: the boxes must be pairwise disjoint (a repeated box inflated the counts)
@declare("WU", seed="003",
         statement="two ReLU units of norm 1, x ~ N(0, I), orthonormal teacher units w*_1, w*_2 with output weights 1: "
                   "W = W* is the unique local minimum of the population loss among W with ||w_1|| = ||w_2|| = 1, up to "
                   "the order of the units (checked for d = 2: every critical point on the torus certified and "
                   "classified)",
         kinds=("relu_population",),
         paper="Wu, Luo and Lee 2018, No spurious local minima in a two hidden unit ReLU network (ICLR workshop)",
         location="slide 'A bit more complex non-linear net', second bullet", version=2)
def _wu(s):
    """Hypotheses: d = K = K* = 2, X^T X = I with units +-e_1, +-e_2, output weights 1.
    Conclusions (interval): the cover, one zero per box, each box's kind, and every minimum box
    holding W* or its swap (up to whole turns). Values: the number of critical points."""
    (d, Kt), _ = s.need("X", "Y")
    K = s.view.widths[1]
    s.hypothesis(f"d = K = K* = 2 (the check covers the plane of the teacher units), got d = {d}, K = {K}, "
                 f"K* = {Kt}", ["and", ["eq", d, 2], ["eq", K, 2], ["eq", Kt, 2]], key="sizes")
    if s.status()[0] == "hypotheses not met":
        return
    s.hypothesis("the teacher's units are orthonormal: X^T X = I", ["eq", ["mul", ["T", "X"], "X"], ["eye", 2]],
                 key="orthonormal")
    s.hypothesis("the teacher's output weights are 1", ["eq", "Y", ["lit", [["1", "1"]]]], key="weights_one")
    if s.status()[0] == "hypotheses not met":
        return
    entries = [["entry", "X", i, j] for i in range(2) for j in range(2)]
    s.hypothesis("the teacher's units are +-e_1, +-e_2: entries in {-1, 0, 1} (every orthonormal pair is one after "
                 "a rotation or reflection, which leaves N(0, I) and the loss invariant)",
                 ["and", *[["or", ["eq", e, 0], ["eq", e, 1], ["eq", e, -1]] for e in entries]], key="axis_teacher")
    if s.status()[0] == "hypotheses not met":
        return
    phi = _teacher_angles(s)
    items = s.witness("critical_points")
    if items is None:
        s.undetermined("no certified enumeration of the critical points on the torus was found")
        return
    _valid_items(s, items)
    model = ["relu_circle", 2]
    boxes = [["lit", it["box"]] for it in items]
    # disjoint boxes, each with exactly one critical point: the counts below count distinct points
    # (a repeated box would count its point twice, e.g. two "local minima" for one)
    apart = [["or", *[["lt", ["entry", A, i, 1], ["entry", B, i, 0]] for i in range(2)],
              *[["lt", ["entry", B, i, 1], ["entry", A, i, 0]] for i in range(2)]]
             for a, A in enumerate(boxes) for B in boxes[a + 1:]]
    if not _witness_fact(s, "the witness's boxes are pairwise disjoint", ["and", *apart] if apart else ["eq", 0, 0],
                         "disjoint", "the witness's boxes overlap"):
        return
    minima = 0
    for k, (it, box) in enumerate(zip(items, boxes), 1):
        s.conclusion(f"box {k}: exactly one critical point (Krawczyk test)", ["zero_in", model, "X", "Y", box],
                     key=f"box{k}.zero")
        if it["kind"] == "minimum":
            minima += 1
            if s.peek(["q", it["mu"]]) <= 0:
                s.undetermined(f"box {k}: the witness's eigenvalue bound is not positive")
                return
            s.conclusion(f"box {k}: every Hessian on the box has eigenvalues >= {it['mu']} > 0 (a strict local "
                         f"minimum)", ["and", ["lt", 0, ["q", it["mu"]]], ["pd_on", model, "X", "Y", box, ["q", it["mu"]]]],
                         key=f"box{k}.minimum")
            B = s.peek(box)
            # the translates (whole turns) of W* and of its swap nearest above the box's corner
            cands = [[p + (lo - p).__ceil__() for (lo, _), p in zip(B, pt)] for pt in (phi, phi[::-1])]
            s.conclusion(f"box {k}: it holds W* or its swap (angles {[str(x) for x in phi]} turns, up to order and "
                         f"whole turns), a global minimum (loss 0): the box's one critical point is it",
                         ["or", *[_box_contains(box, c) for c in cands]], key=f"box{k}.is_star")
        else:
            s.conclusion(f"box {k}: u^T H u < 0 on the whole box for u = {[r[0] for r in it['u']]}: not a local "
                         f"minimum", ["neg_curv_on", model, "X", "Y", box, ["lit", it["u"]]], key=f"box{k}.not_min")
    # the cover last: it is the costly fact, and a wrong box is cheaper to reject on its own facts
    s.conclusion(f"every critical point on the torus (||w_1|| = ||w_2|| = 1; angles in turns, the rectangle "
                 f"[-33/64, 33/64]^2 holds a full period) lies in one of the {len(items)} boxes",
                 ["zeros_covered", model, "X", "Y", ["lit", WU_RECT], boxes], key="cover")
    s.value("critical points on the torus (boxes; a point on the rectangle's edge may count twice)",
            ["q", str(len(items))], key="count")
    s.value("local minima among them", ["q", str(minima)], key="minima")
