"""CLASSIFY: the statement of what kind of point a network's weights are (DESIGN.md section 4).

1. Gradient exactly zero? If not: ``"not critical"``.
2. Exact inertia ``(n+, n-, n0)`` of the Hessian: with the witness ``reduction``
   (rows ``P``, symmetry-tangent columns ``C``, ``T[P, C]`` nonsingular) as the inertia of
   ``H[Q, Q]`` plus ``|P|`` zeros (Sylvester; ``["hessian_inertia", ...]``), else of the
   whole Hessian.
3. The exact global-minimum test: the loss equals the infimum.
4. Otherwise by inertia: both signs -> ``"strict saddle"``; definite -> ``"local
   minimum"`` / ``"local maximum"``; semidefinite and singular -> a witness curve along
   which the loss drops (resp. rises) or ``"undetermined"`` with the reason.

The statement is run by the prover (:func:`symlandscape.classify`, which searches the
curve) and by the independent checker (which reads the curve from the certificate).
"""

__all__ = ["VERDICTS", "classify_statement", "classify_point", "global_min_test", "global_min_expr", "rises_expr"]

from ..facts.statement import Undecided
from .declare import declare

VERDICTS = ("not critical", "global minimum", "local minimum", "strict saddle",
            "higher-order saddle", "local maximum", "undetermined")


def global_min_test(widths, args: list) -> tuple:
    """The exact global-minimum test as fact expressions ``(same_space, loss_value, top_sum)``.

    With ``N = P X`` (``P`` the network's product, for a residual net the product of
    the ``I + W_k``), ``M = Y X^+ X``, ``Sigma = Y X^+ X Y^T`` and ``k = min(widths)``
    (:mod:`symlandscape.landscape.globalmin` has the argument):

    * ``same_space``: ``Pi_V M = N``, ``V = col(N)`` (``["eq", ["mul", ["proj", N], M], N]``);
    * ``loss_value``: ``||Y||^2 - 2 L(W) = tr(Pi_V Sigma)`` (implied by ``same_space``;
      stated so that "L(W) is the infimum" follows from the facts by arithmetic alone);
    * ``top_sum``: ``tr(Pi_V Sigma)`` is the sum of the k largest eigenvalues of Sigma
      (``["top_sum_attained", Sigma, N, k]``).

    ``W`` is a global minimum iff ``same_space`` and ``top_sum`` hold. ``args`` is
    ``[model, "X", "Y", [W_1, ..., W_{H+1}]]`` (names or expressions).

    Examples
    --------
    >>> [t[0] for t in global_min_test([1, 1, 1], ["deep_linear", "X", "Y", ["W1", "W2"]])]
    ['eq', 'eq', 'top_sum_attained']
    >>> global_min_test([2, 2], ["residual_linear", "X", "Y", ["W1"]])[2][2]
    ['mul', ['add', ['eye', 2], 'W1'], 'X']

    Notes
    -----
    Polynomial cost: products and pseudo-inverses of d_y x m matrices, and
    ``top_sum_attained`` on the d_y x d_y Sigma (see
    :func:`symlandscape.landscape.globalmin.decide_top_sum`). No additive compound.
    """
    model, X, Y, Ws = args
    if model == "residual_linear":
        layers = [["add", ["eye", widths[-1]], w] for w in Ws]
    else:
        layers = list(Ws)
    N = ["mul", *layers[::-1], X]
    M = ["mul", Y, ["pinv", X], X]
    sigma = ["mul", Y, ["pinv", X], X, ["T", Y]]
    s = ["sub", ["frob2", Y], ["scale", "2", ["loss", *args]]]
    return (["eq", ["mul", ["proj", N], M], N],
            ["eq", s, ["trace", ["mul", ["proj", N], sigma]]],
            ["top_sum_attained", sigma, N, min(widths)])


def global_min_expr(widths, args: list) -> list:
    """Boolean fact expression: the loss at the point equals the exact infimum.

    The conjunction of the three parts of :func:`global_min_test`.

    >>> global_min_expr([1, 1, 1], ["deep_linear", "X", "Y", ["W1", "W2"]])[0]
    'and'
    """
    return ["and", *global_min_test(widths, args)]


def _global_min(s, args) -> bool:
    """Record the exact global-minimum test (its parts as values, then the verdict).

    Raises ``Undecided`` (nothing recorded) when an evaluation hits a work limit.
    """
    widths = s.view.widths
    same, value, top = global_min_test(widths, args)
    k = min(widths)
    parts = [s.peek(e) for e in (same, value, top)]   # a work limit stops here, before any record
    prod = "(I + W_{H+1})...(I + W_1)" if args[0] == "residual_linear" else "W_{H+1}...W_1"
    s.value(f"N = {prod} X equals Pi_V M (V = col N, M = Y X^+ X): a best approximation of M "
            f"with columns in V", same, key="global_min_same_space")
    s.value(f"tr(Pi_V Sigma) = sum of the {k} largest eigenvalues of Sigma = Y X^+ X Y^T", top,
            key="global_min_top_sum")
    expr = global_min_expr(widths, args)
    if all(parts):
        s.conclusion("the loss equals the global minimum value "
                     "(||Y||^2 - 2L = tr(Pi_V Sigma) = sum of the k largest eigenvalues of Sigma)", expr,
                     key="global_min")
        return True
    s.conclusion("the loss is above the global minimum value", ["not", expr], key="not_global_min")
    return False


def rises_expr(cexpr: list, coeffs: list) -> list | None:
    """Fact: the loss along the curve ``cexpr`` rises for small t of some sign (lowest
    nonconstant coefficient odd, or even and positive); None when ``coeffs`` (its value)
    show no rise.

    >>> rises_expr("c", [1, 0, 2])
    ['and', ['eq', ['at', 'c', 1], 0], ['lt', 0, ['at', 'c', 2]]]
    >>> rises_expr("c", [1, 0, -2]) is None
    True
    """
    d = next((i for i in range(1, len(coeffs)) if coeffs[i] != 0), None)
    if d is None or (d % 2 == 0 and coeffs[d] < 0):
        return None
    last = ["ne", ["at", cexpr, d], 0] if d % 2 else ["lt", 0, ["at", cexpr, d]]
    return ["and", *[["eq", ["at", cexpr, i], 0] for i in range(1, d)], last]


def _not_local_max(s, args, steps) -> bool:
    """At a zero Hessian, after a descent curve: state "not a local maximum" from a curve
    along which the loss rises: the descent curve itself (odd lowest term), the same curve
    with its first layer's directions negated (at the origin of a deep net this flips the
    sign of the t^(H+1) term), or the witness ``rise``. False (nothing stated) if none does."""
    flipped = [[["neg", c] if j == 0 else c for j, c in enumerate(step)] for step in steps]
    tries = [("the descent curve", steps), ("the descent curve with its first layer negated", flipped),
             ("the witness curve W + t D", None)]
    for label, cur in tries:
        if cur is None:                       # the witness is asked for only when both others fail
            rise = s.witness("rise")
            if rise is None:
                return False
            cur = [[["lit", c] for c in step] for step in rise]
        cexpr = ["loss_curve", *args, cur]
        fact = rises_expr(cexpr, s.peek(cexpr))
        if fact is not None:
            s.conclusion(f"the loss rises along {label} (lowest nonconstant term odd or positive): not a local "
                         f"maximum", fact, key="not_local_max")
            return True
    return False


def _done(s, verdict: str, reason: str, inertia=None) -> str:
    s.extra["verdict"] = verdict
    s.extra["detail"] = reason
    s.extra["inertia"] = list(inertia) if inertia is not None else None
    return verdict


# version 2: a "higher-order saddle" at a zero Hessian also states "not a local maximum"
@declare("CLASSIFY", seed="-", statement="the kind of the instance's point (DESIGN.md section 4)",
         kinds=("deep_linear", "residual_linear"), version=2)
def classify_statement(s):
    """The classification statement; sets ``s.extra["verdict"]`` (one of VERDICTS)."""
    s.require(s.view.has_point, "classify needs a point: the instance has no \"weights\"")
    return classify_point(s, s.view.weight_names)


def classify_point(s, Ws: list) -> str:
    """State the kind of the point ``Ws`` (fact expressions, e.g. names or literals).

    Used as the CLASSIFY statement and, through ``s.scoped("classification")``, inside
    other claims' statements. Sets ``s.extra`` (verdict, detail, inertia); the witnesses
    it asks for are ``reduction`` (``{"P": [...], "C": [...]}`` or None) and ``curve``
    (``want="descent"`` or ``"ascent"``).
    """
    args = [s.view.model, "X", "Y", Ws]
    grad = ["grad", *args]
    if not s.peek(["is_zero", grad]):
        s.conclusion("the gradient is not zero", ["not", ["is_zero", grad]], key="not_critical")
        return _done(s, "not critical", "gradient is not zero")
    s.conclusion("the gradient is zero", ["is_zero", grad], key="critical")
    red = s.witness("reduction")   # {"P": rows, "C": tangent columns} with T[P, C] nonsingular
    if red is not None:
        H_in = ["hessian_inertia", *args, red.get("P") if isinstance(red, dict) else None,
                red.get("C") if isinstance(red, dict) else None]
    else:
        H_in = ["inertia", ["hessian", *args]]
    try:
        n_plus, n_minus, n_zero = s.value("inertia (n+, n-, n0) of the Hessian", H_in, key="hessian_inertia")
    except Undecided as e:   # too large to decide exactly: say so, never guess
        s.undetermined(f"Hessian inertia not computed: {e.reason}")
        return _done(s, "undetermined", s.undetermined_reason)
    inertia = (n_plus, n_minus, n_zero)
    try:
        gm = _global_min(s, args)
    except Undecided as e:
        gm, gm_limit = None, e.reason   # the inertia decides, or "undetermined" below
    if gm is True:
        return _done(s, "global minimum", "critical, and the loss equals the exact infimum "
                                          "(sum of the top-k eigenvalues of Sigma attained)", inertia)
    if n_plus and n_minus:
        s.conclusion("the Hessian has a positive and a negative eigenvalue",
                     ["and", ["lt", 0, ["at", H_in, 0]], ["lt", 0, ["at", H_in, 1]]], key="indefinite")
        return _done(s, "strict saddle", f"Hessian inertia {inertia}: indefinite", inertia)
    if n_zero == 0:
        kind = "local minimum" if n_minus == 0 else "local maximum"
        other = 1 if n_minus == 0 else 0
        s.conclusion(f"the Hessian is {'positive' if n_minus == 0 else 'negative'} definite",
                     ["and", ["eq", ["at", H_in, 2], 0], ["eq", ["at", H_in, other], 0]], key="definite")
        extra = "" if gm is None else " (not global: the loss is above the infimum)"
        return _done(s, kind, f"Hessian inertia {inertia}: definite{extra}", inertia)
    if gm is None:
        s.undetermined(f"semidefinite singular Hessian and the global-minimum test hit a work limit ({gm_limit})")
        return _done(s, "undetermined", s.undetermined_reason, inertia)
    want = "descent" if n_minus == 0 else "ascent"
    curve = s.witness("curve", want=want)
    if curve is None:
        s.undetermined(f"Hessian {'positive' if want == 'descent' else 'negative'} semidefinite and "
                       f"singular {inertia}, not a global minimum, and no {want} curve was found")
        return _done(s, "undetermined", s.undetermined_reason, inertia)
    steps = [[["lit", c] for c in step] for step in curve]
    cexpr = ["loss_curve", *args, steps]
    s.value("loss along the curve (coefficients of t^0, t^1, ...)", cexpr, key="curve_loss")
    if want == "descent":
        if not s.peek(["descends", cexpr]):   # a witness proves only its own side: never "fails"
            s.undetermined(f"Hessian positive semidefinite and singular {inertia}, not a global minimum, "
                           f"and the loss does not drop along the descent curve (witness)")
            return _done(s, "undetermined", s.undetermined_reason, inertia)
        s.conclusion("the loss drops along the curve", ["descends", cexpr], key="descends")
        if n_plus == 0 and not _not_local_max(s, args, steps):   # a zero Hessian: both sides to show
            s.undetermined(f"zero Hessian {inertia}: not a local minimum (the loss drops along a curve), "
                           f"but no curve along which it rises was found (a local maximum is not excluded)")
            return _done(s, "undetermined", s.undetermined_reason, inertia)
        rises = "; and it rises along another (not a local maximum)" if n_plus == 0 else ""
        return _done(s, "higher-order saddle",
                     f"Hessian PSD and singular {inertia}, not a global minimum; the loss drops along "
                     f"a polynomial curve of degree {len(curve)} (certificate){rises}", inertia)
    back = ["loss_curve", *args, [[["neg", c] for c in st] for st in steps]]
    if all(c == 0 for c in s.peek(back)[1:]) or s.peek(["descends", back]):
        # "not descends" is also true of a constant loss: a flat curve proves nothing
        s.undetermined(f"Hessian negative semidefinite and singular {inertia}, and the loss does not "
                       f"rise along the ascent curve (witness)")
        return _done(s, "undetermined", s.undetermined_reason, inertia)
    s.conclusion("the loss rises along the curve", ["not", ["descends", back]], key="rises")
    s.conclusion("the Hessian has a negative eigenvalue", ["lt", 0, ["at", H_in, 1]], key="negative_eigenvalue")
    return _done(s, "strict saddle", f"Hessian NSD and singular {inertia} with a negative eigenvalue; the "
                                     f"loss rises along a polynomial curve (not a maximum)", inertia)
