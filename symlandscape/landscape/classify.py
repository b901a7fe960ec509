"""Classify a point of a linear network exactly (DESIGN.md section 4).

1. Gradient exactly zero? If not: ``"not critical"``.
2. Exact inertia ``(n+, n-, n0)`` of the Hessian.
3. The exact global-minimum test (``globalmin``): loss equal to the infimum.
4. Otherwise by inertia: both signs -> ``"strict saddle"``; definite ->
   ``"local minimum"`` / ``"local maximum"``; semidefinite and singular -> a
   higher-order certificate (a polynomial curve along which the loss drops,
   resp. rises) or ``"undetermined"`` with the reason. Never a guess.

Every decision is recorded as a fact, so ``Classification.certificate``
re-verifies with :func:`symlandscape.check_certificate`.
"""

__all__ = ["classify", "Classification", "classify_instance", "global_min_test", "global_min_expr",
           "VERDICTS"]

import json
import random
import sys
from dataclasses import dataclass
from math import comb

import flint

from ..certificates.evidence import Evidence
from ..exact.matrix import QMatrix
from ..exact.numbers import WorkLimitExceeded
from ..instances import Instance
from .curves import curve_kind, loss_along

VERDICTS = ("not critical", "global minimum", "local minimum", "strict saddle",
            "higher-order saddle", "local maximum", "undetermined")
#: Largest additive compound built for the global-minimum test.
MAX_COMPOUND = 400


@dataclass
class Classification:
    """The kind of a point, with the exact values that decide it."""

    critical: bool
    inertia: tuple | None
    verdict: str
    reason: str
    loss: flint.fmpq
    certificate: dict

    def __bool__(self):
        raise TypeError("use .verdict or .critical, not the Classification itself")


def _model_name(net) -> str:
    from ..models.linear import ResidualLinear
    return "residual_linear" if isinstance(net, ResidualLinear) else "deep_linear"


def classify(net, W) -> Classification:
    """Classify the point ``W`` of a deep (or residual) linear network exactly.

    Parameters
    ----------
    net : DeepLinear or ResidualLinear
    W : list of matrices
        ``[W_1, ..., W_{H+1}]`` as nested lists of exact numbers or QMatrix.

    Returns
    -------
    Classification
        ``verdict`` is one of ``VERDICTS``; ``certificate`` re-verifies independently.

    Examples
    --------
    >>> from symlandscape.models import DeepLinear
    >>> net = DeepLinear([1, 1, 1, 1], X=[[1]], Y=[[1]])
    >>> c = classify(net, [[[0]], [[0]], [[0]]])      # the origin, H = 2
    >>> c.critical, c.inertia, c.verdict
    (True, (0, 0, 3), 'higher-order saddle')
    >>> classify(net, [[[1]], [[1]], [[1]]]).verdict
    'global minimum'

    Notes
    -----
    Cost: one closed-form Hessian (O(n^2) entries), its exact inertia, and an
    additive compound of Sigma of size C(d_y, k) (refused past ``MAX_COMPOUND``:
    then ``"undetermined"``). The curve search at semidefinite singular points
    tries kernel directions of the Hessian with a fourth-order correction; it
    may fail to find a certificate, and then says so.
    """
    W = net.weights(W)
    model = _model_name(net)
    env = {"X": net.X, "Y": net.Y}
    env.update({f"W{k + 1}": w for k, w in enumerate(W)})
    inst = Instance(model, env, tuple(net.widths))
    return _classify(net, W, inst)


def _classify(net, W, inst) -> Classification:
    ev = Evidence("CLASSIFY", inst)
    model = inst.model
    Ws = [f"W{k + 1}" for k in range(len(W))]
    args = [model, "X", "Y", Ws]
    loss = net.loss(W)
    if not ev.peek(["is_zero", ["grad", *args]]):
        g = net.gradient(W)
        ev.conclusion("the gradient is not zero", ["not", ["is_zero", ["grad", *args]]])
        return _done(ev, False, None, "not critical",
                     f"gradient is not zero (largest entry {g.max_abs()} in absolute value)", loss)
    ev.conclusion("the gradient is zero", ["is_zero", ["grad", *args]])
    try:
        n_plus, n_minus, n_zero = ev.value("inertia (n+, n-, n0) of the Hessian", ["inertia", ["hessian", *args]])
    except WorkLimitExceeded as e:  # too large to decide exactly: say so, never guess
        ev.undetermined(f"Hessian inertia not computed: {e.reason}")
        return _done(ev, True, None, "undetermined", ev.undetermined_reason, loss)
    inertia = (n_plus, n_minus, n_zero)
    try:
        gm = _global_min_facts(ev, net, args)
    except WorkLimitExceeded:
        gm = None  # as for a too-large compound: the inertia decides, or "undetermined"
        ev.undetermined_reason = None  # set by the failed fact; this test is optional here
    if gm is True:
        return _done(ev, True, inertia, "global minimum",
                     "critical, and the loss equals the exact infimum (sum of the top-k eigenvalues of Sigma attained)", loss)
    H_in = ["inertia", ["hessian", *args]]
    if n_plus and n_minus:
        ev.conclusion("the Hessian has a positive and a negative eigenvalue",
                      ["and", ["lt", 0, ["at", H_in, 0]], ["lt", 0, ["at", H_in, 1]]])
        return _done(ev, True, inertia, "strict saddle", f"Hessian inertia {inertia}: indefinite", loss)
    if n_zero == 0:
        kind = "local minimum" if n_minus == 0 else "local maximum"
        other = 1 if n_minus == 0 else 0  # no eigenvalue of the other sign, none zero
        ev.conclusion(f"the Hessian is {'positive' if n_minus == 0 else 'negative'} definite",
                      ["and", ["eq", ["at", H_in, 2], 0], ["eq", ["at", H_in, other], 0]])
        extra = "" if gm is None else " (not global: the loss is above the infimum)"
        return _done(ev, True, inertia, kind, f"Hessian inertia {inertia}: definite{extra}", loss)
    if gm is None:
        ev.undetermined("semidefinite singular Hessian and the global-minimum test was too large")
        return _done(ev, True, inertia, "undetermined", ev.undetermined_reason, loss)
    want = "descent" if n_minus == 0 else "ascent"
    curve = _search_curve(net, W, model, want)
    if curve is None:
        ev.undetermined(f"Hessian {'positive' if want == 'descent' else 'negative'} semidefinite and "
                        f"singular {inertia}, not a global minimum, and no {want} curve was found")
        return _done(ev, True, inertia, "undetermined", ev.undetermined_reason, loss)
    cexpr = ["loss_curve", *args, [[["lit", c.tostrings()] for c in step] for step in curve]]
    ev.value("loss along the curve (coefficients of t^0, t^1, ...)", cexpr)
    if want == "descent":
        ev.conclusion("the loss drops along the curve", ["descends", cexpr])
        return _done(ev, True, inertia, "higher-order saddle",
                     f"Hessian PSD and singular {inertia}, not a global minimum; the loss drops along "
                     f"a polynomial curve of degree {len(curve)} (certificate)", loss)
    ev.conclusion("the loss rises along the curve", ["not", ["descends", ["loss_curve", *args,
                  [[["neg", ["lit", c.tostrings()]] for c in step] for step in curve]]]])
    ev.conclusion("the Hessian has a negative eigenvalue", ["lt", 0, ["at", H_in, 1]])
    return _done(ev, True, inertia, "strict saddle",
                 f"Hessian NSD and singular {inertia} with a negative eigenvalue; the loss rises along a "
                 f"polynomial curve (not a maximum)", loss)


def _done(ev, critical, inertia, verdict, reason, loss) -> Classification:
    cert = ev.certificate()
    cert["verdict"] = verdict
    return Classification(critical, inertia, verdict, reason, loss, cert)


def global_min_test(widths, args: list) -> tuple | None:
    """The exact global-minimum test as a fact expression: ``(inertia_expr, N)``.

    ``inertia_expr`` is the inertia of ``Sigma^[k] - (||Y||^2 - 2 L(W)) I`` (k-th
    additive compound of ``Sigma = Y X^+ X Y^T``, ``k = min(widths)``, size N); the
    loss is the global minimum iff it has no positive and not only negative
    eigenvalues. None when N exceeds ``MAX_COMPOUND``. ``args`` is
    ``[model, "X", "Y", ["W1", ...]]``.

    >>> global_min_test([1, 1, 1], ["deep_linear", "X", "Y", ["W1", "W2"]])[1]
    1
    """
    from ..certificates.check import MAX_COMPOUND_WORK
    k = min(widths)
    N = comb(widths[-1], k)
    if N > MAX_COMPOUND or N * N * (k + 1) > MAX_COMPOUND_WORK:  # the re-checker's limit too
        return None
    sigma = ["mul", "Y", ["pinv", "X"], "X", ["T", "Y"]]
    s = ["sub", ["frob2", "Y"], ["scale", "2", ["loss", *args]]]
    return ["inertia", ["sub", ["compound", sigma, k], ["scale", s, ["eye", N]]]], N


def global_min_expr(widths, args: list) -> list | None:
    """Boolean fact expression: the loss at the point equals the exact infimum.

    >>> global_min_expr([1, 1, 1], ["deep_linear", "X", "Y", ["W1", "W2"]])[0]
    'and'
    """
    t = global_min_test(widths, args)
    if t is None:
        return None
    test, N = t
    return ["and", ["eq", ["at", test, 0], 0], ["lt", ["at", test, 1], N]]


def _global_min_facts(ev, net, args):
    """Record the exact global-minimum test; True / False, or None when too large."""
    t = global_min_test(net.widths, args)
    if t is None:
        return None
    test, N = t
    k = min(net.widths)
    n_plus, n_minus, _ = ev.value(f"inertia of Sigma^[{k}] - (||Y||^2 - 2L) I "
                                  f"(0 positive and not all negative iff L is the global minimum)", test)
    is_min = n_plus == 0 and n_minus < N
    if is_min:
        ev.conclusion("the loss equals the global minimum value", global_min_expr(net.widths, args))
    else:
        ev.conclusion("the loss is above the global minimum value",
                      ["or", ["lt", 0, ["at", test, 0]], ["eq", ["at", test, 1], N]])
    return is_min


# -- curve search -------------------------------------------------------------------------
def _search_curve(net, W, model, want: str, tries: int = 12):
    """A polynomial curve through W along which the loss drops (``want="descent"``)
    or rises on both sides (``"ascent"``), as a list of per-layer coefficient lists."""
    H = net.hessian(W)
    K = H.nullspace()
    rng = random.Random(0)
    # cheap candidates first: chains through all layers, then kernel directions
    cands = _chain_directions(net, W) + [K.columns([j]) for j in range(K.shape[1])]
    for _ in range(tries):
        cands.append(K @ QMatrix([[rng.randint(-2, 2)] for _ in range(K.shape[1])]))
    cands = [d for d in cands if not d.is_zero()]
    sign = 1 if want == "descent" else -1
    for d in cands:  # straight lines
        curve = [net.unflatten(d)]
        if _proves(model, net, W, curve, want, sign):
            return curve
    for d in cands:  # with the fourth-order correction (costs n loss expansions each)
        e = _fourth_order_correction(net, W, H, d, sign)
        if e is not None:
            curve = [net.unflatten(d), net.unflatten(e)]
            if _proves(model, net, W, curve, want, sign):
                return curve
    return None


def _proves(model, net, W, curve, want, sign) -> bool:
    kind = curve_kind(loss_along(model, net.X, net.Y, W, curve))
    if want == "descent":
        return kind in ("descent", "both")
    return kind == "ascent"


def _chain_directions(net, W):
    """Rank-one chains through all layers aligned with the residual correlation:
    at the origin of a deep net these give the classic t^(H+1) descent."""
    E = net.Y - net.product(W, 1, len(W)) @ net.X   # Y - P X
    G = E @ net.X.T
    out = []
    for j in range(G.shape[1]):
        v = QMatrix.zeros(G.shape[1], 1)
        v.flint[j, 0] = 1
        u = G @ v
        if u.is_zero():
            continue
        blocks, prev = [], v
        for k, (r, c) in enumerate(net.shapes):
            nxt = u if k == len(net.shapes) - 1 else _unit(r)
            blocks.append(nxt @ prev.T)
            prev = nxt
        out.append(QMatrix.vstack([_vec(b) for b in blocks]))
    return out


def _unit(n):
    e = QMatrix.zeros(n, 1)
    e.flint[0, 0] = 1
    return e


def _vec(B):
    from ..calculus.kron import vec
    return vec(B)


def _fourth_order_correction(net, W, H, d, sign: int = 1):
    """The second-order term e of a curve W + t d + t^2 e, for d in ker H.

    The t^4 coefficient of the loss is ``1/2 e.He + b.e + c4`` with
    ``b = 1/2 D^3 L[d, d, .]``; it is smallest at ``H e = -b``. When b is not in
    the range of H, a kernel vector e with ``sign * b.e`` large and negative makes it
    as negative (``sign = 1``) or positive (``sign = -1``) as needed.
    """
    b = _third_derivative_dd(net, W, d)
    if b.is_zero():
        return None
    e = H.solve(-b)
    if e is not None:
        return e
    K = H.nullspace()
    Ktb = K.T @ b
    c = loss_along(_model_name(net), net.X, net.Y, W, [net.unflatten(d)]).coeffs()
    c4 = abs(c[4]) if len(c) > 4 else flint.fmpq(0)
    lam = (c4 + 1) / Ktb.frob2()
    return K @ Ktb * (-sign * lam)


def _third_derivative_dd(net, W, d):
    """b_i = 1/2 D^3 L[d, d, e_i]: g(s) = (t^2 coefficient of L(W + s e_i + t d)) is a
    polynomial in s of degree <= 2(H+1); b_i is its linear coefficient, recovered
    exactly by interpolation through enough integer points."""
    model = _model_name(net)
    dW = net.unflatten(d)
    theta = net.theta(W)
    deg = 2 * len(W)
    pts = list(range(-(deg // 2) - 1, deg // 2 + 2))
    out = flint.fmpq_mat(net.n_params, 1)
    for i in range(net.n_params):
        vals = []
        for s in pts:
            th = QMatrix(flint.fmpq_mat(theta.flint))
            th.flint[i, 0] += s
            c = loss_along(model, net.X, net.Y, net.unflatten(th), [dW]).coeffs()
            vals.append(c[2] if len(c) > 2 else flint.fmpq(0))
        c = _interp(pts, vals).coeffs()
        out[i, 0] = c[1] if len(c) > 1 else flint.fmpq(0)
    return QMatrix(out)


def _interp(xs, ys):
    x = flint.fmpq_poly([0, 1])
    out = flint.fmpq_poly([0])
    for i, (xi, yi) in enumerate(zip(xs, ys)):
        term = flint.fmpq_poly([yi])
        for j, xj in enumerate(xs):
            if j != i:
                term = term * (x - xj) / flint.fmpq(xi - xj)
        out += term
    return out


# -- CLI -----------------------------------------------------------------------------------
def classify_instance(inst, as_json: bool = False) -> int:
    """``symlandscape classify``: print the verdict of an instance's point; exit code."""
    from ..exact.numbers import InputError
    from ..models.factory import make_network
    if inst.model not in ("deep_linear", "residual_linear"):
        raise InputError(f"classify needs a network instance (deep_linear or residual_linear), "
                         f"not {inst.model!r}")
    if inst.weights is None:
        raise InputError("classify needs a point: the instance has no \"weights\"")
    net = make_network(inst.model, inst.widths, inst.env["X"], inst.env["Y"])
    c = _classify(net, inst.weights, inst)
    if as_json:
        print(json.dumps({"verdict": c.verdict, "critical": c.critical,
                          "inertia": list(c.inertia) if c.inertia else None,
                          "loss": str(c.loss), "reason": c.reason, "certificate": c.certificate}, indent=1))
    else:
        print(f"verdict: {c.verdict}")
        print(f"loss:    {c.loss}")
        if c.inertia:
            print(f"inertia: (n+, n-, n0) = {c.inertia}")
        print(f"reason:  {c.reason}")
    sys.stdout.flush()
    return 0
