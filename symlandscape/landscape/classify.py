"""Classify a point of a linear network exactly (DESIGN.md section 4).

The decision itself is the CLASSIFY statement (:mod:`symlandscape.theorems.classification`):
this module runs it with the fast evaluator and supplies its one witness, a polynomial
curve along which the loss drops (or rises) at a semidefinite singular point. The
certificate re-verifies with :func:`symlandscape.check_certificate`, which runs the same
statement with its own arithmetic and reads the curve from the certificate.
"""

__all__ = ["classify", "Classification", "classify_instance", "run_classification", "curve_witness",
           "VERDICTS"]

import random
from dataclasses import dataclass

import flint

from ..exact.matrix import QMatrix
from ..facts.fast import FAST
from ..facts.statement import Run, Undecided
from ..instances import Instance
from ..theorems.classification import VERDICTS, classify_statement
from ..theorems.declare import get_claim
from . import hessian_inertia as _hessian_inertia  # registers the reduced-inertia fact ops
from .curves import curve_kind, loss_along, rising_curve


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
    return net.kind   # the registered model kind of the network


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
    >>> classify(net, [[[1]], [[1]]])
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: weights: expected 3 matrices W_1..W_3 for widths [1, 1, 1, 1], got 2

    Notes
    -----
    Cost: at a critical point the exact inertia of the principal submatrix
    ``H[Q, Q]`` of the Hessian left by the Sylvester reduction along the rescaling
    symmetries (:mod:`symlandscape.landscape.hessian_inertia`; ``n - rank T`` rows, never
    the dense Hessian), and the polynomial global-minimum test
    (:func:`~symlandscape.theorems.classification.global_min_test`: d_y x m products, an
    inertia, two characteristic polynomials and root isolation of size <= d_y; no additive
    compound, so e.g. the autoencoders [12, 5, 12] and [25, 10, 25] are decided). The curve
    search at semidefinite singular points tries chain directions first, then (building the
    dense Hessian only then) its kernel directions and a fourth-order correction; it may fail
    to find a certificate, and then says so. Past a size limit the verdict is
    ``"undetermined"`` with the reason.
    """
    W = net.weights(W)
    env = {"X": net.X, "Y": net.Y}
    env.update({f"W{k + 1}": w for k, w in enumerate(W)})
    inst = Instance(_model_name(net), env, tuple(net.widths))
    return run_classification(net, W, inst)


def curve_witness(net, W, want: str = "descent"):
    """The ``curve`` witness of the classification statement at ``W``: per step, the
    coefficient matrices of every layer as rational strings; None when none was found."""
    curve = _search_curve(net, net.weights(W), _model_name(net), want)
    return None if curve is None else [[c.tostrings() for c in step] for step in curve]


def rise_witness(net, W):
    """The ``rise`` witness of the classification statement at ``W`` (a curve along which the
    loss rises: "not a local maximum" at a zero Hessian), or None when none was found."""
    curve = rising_curve(net, net.weights(W), _model_name(net))
    return None if curve is None else [[c.tostrings() for c in step] for step in curve]


def run_classification(net, W, inst) -> Classification:
    """Run the CLASSIFY statement on ``inst`` (whose point is ``W``) with the curve search."""
    def witness(name, want="descent"):
        if name == "reduction":
            return _hessian_inertia.reduction_witness(net, W)
        if name == "rise":
            return rise_witness(net, W)
        return curve_witness(net, W, want) if name == "curve" else None

    s = Run("CLASSIFY", inst.view(), inst.env, FAST, witness=witness)
    try:
        classify_statement(s)
    except Undecided as e:
        s.undetermined(e.reason)
        s.extra.update(verdict="undetermined", detail=e.reason, inertia=None)
    status, reason = s.status()
    verdict, detail = s.extra["verdict"], s.extra["detail"]
    critical = verdict != "not critical"
    if not critical:
        detail += f" (largest entry {net.gradient(W).max_abs()} in absolute value)"
    cert = {"format": "symlandscape-certificate", "version": 2, "claim": "CLASSIFY",
            "statement_version": get_claim("CLASSIFY").version, "instance": inst.to_dict(), **s.record()}
    inertia = tuple(s.extra["inertia"]) if s.extra["inertia"] is not None else None
    return Classification(critical, inertia, verdict, detail, net.loss(W), cert)


# -- curve search -------------------------------------------------------------------------
def _search_curve(net, W, model, want: str, tries: int = 12):
    """A polynomial curve through W along which the loss drops (``want="descent"``)
    or rises on both sides (``"ascent"``), as a list of per-layer coefficient lists.

    Cheap candidates first: the chain directions are tried as straight lines before the
    dense Hessian and its exact kernel are computed (they usually succeed: at the origin
    of a deep net the kernel alone took seconds at 2,000 parameters); the kernel
    directions and the fourth-order corrections follow only when needed, in the same
    order as before."""
    sign = 1 if want == "descent" else -1
    lazy = {}

    def hessian():
        if "H" not in lazy:
            lazy["H"] = net.hessian(W)
        return lazy["H"]

    def kernel_candidates():
        if "K" not in lazy:
            K = hessian().nullspace()
            rng = random.Random(0)
            out = [K.columns([j]) for j in range(K.shape[1])]
            for _ in range(tries):
                out.append(K @ QMatrix([[rng.randint(-2, 2)] for _ in range(K.shape[1])]))
            lazy["K"] = [d for d in out if not d.is_zero()]
        return lazy["K"]

    chain = [d for d in _chain_directions(net, W) if not d.is_zero()]
    for d in chain:  # straight lines, cheapest first
        curve = [net.unflatten(d)]
        if _proves(model, net, W, curve, want, sign):
            return curve
    for d in kernel_candidates():
        curve = [net.unflatten(d)]
        if _proves(model, net, W, curve, want, sign):
            return curve
    for d in chain + kernel_candidates():  # with the fourth-order correction (n loss expansions each)
        e = _fourth_order_correction(net, W, hessian(), d, sign)
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


# -- instances -----------------------------------------------------------------------------
def classify_instance(inst) -> Classification:
    """Classify the point of a parsed network instance (InputError when it has none).

    >>> from symlandscape.instances import parse_instance
    >>> classify_instance(parse_instance({"model": "deep_linear", "widths": [1, 1],
    ...     "X": [[1]], "Y": [[2]], "weights": [[[2]]]})).verdict
    'global minimum'
    >>> classify_instance(parse_instance({"model": "matrices", "matrices": {"A": [[1]]}}))
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: classify needs a deep_linear or residual_linear instance, not 'matrices'
    """
    from ..exact.numbers import InputError
    from ..models.registry import make_network
    kinds = get_claim("CLASSIFY").kinds
    if inst.model not in kinds:
        raise InputError(f"classify needs a {' or '.join(kinds)} instance, not {inst.model!r}")
    if inst.weights is None:
        raise InputError("classify needs a point: the instance has no \"weights\"")
    net = make_network(inst.model, inst.widths, inst.env["X"], inst.env["Y"])
    return run_classification(net, inst.weights, inst)
