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

__all__ = ["VERDICTS", "classify_statement", "classify_point", "global_min_test", "global_min_expr", "MAX_COMPOUND", "MAX_COMPOUND_WORK"]

from math import comb

from .declare import declare

VERDICTS = ("not critical", "global minimum", "local minimum", "strict saddle",
            "higher-order saddle", "local maximum", "undetermined")
#: Largest additive compound built for the global-minimum test.
MAX_COMPOUND = 400
#: Largest number of k x k minors (times k + 1 evaluation points) the re-checker computes.
MAX_COMPOUND_WORK = 500_000


def global_min_test(widths, args: list) -> tuple | None:
    """The exact global-minimum test as a fact expression: ``(inertia_expr, N)``.

    ``inertia_expr`` is the inertia of ``Sigma^[k] - (||Y||^2 - 2 L(W)) I`` (k-th
    additive compound of ``Sigma = Y X^+ X Y^T``, ``k = min(widths)``, size N); the
    loss is the global minimum iff it has no positive and not only negative
    eigenvalues. None when N exceeds ``MAX_COMPOUND``.

    >>> global_min_test([1, 1, 1], ["deep_linear", "X", "Y", ["W1", "W2"]])[1]
    1
    """
    k = min(widths)
    N = comb(widths[-1], k)
    if N > MAX_COMPOUND or N * N * (k + 1) > MAX_COMPOUND_WORK:
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


def _global_min(s, args):
    """Record the global-minimum test; True / False, or None when too large."""
    t = global_min_test(s.view.widths, args)
    if t is None:
        return None
    test, N = t
    k = min(s.view.widths)
    n_plus, n_minus, _ = s.value(f"inertia of Sigma^[{k}] - (||Y||^2 - 2L) I "
                                 f"(0 positive and not all negative iff L is the global minimum)", test,
                                 key="global_min_inertia")
    if n_plus == 0 and n_minus < N:
        s.conclusion("the loss equals the global minimum value", global_min_expr(s.view.widths, args),
                     key="global_min")
        return True
    s.conclusion("the loss is above the global minimum value",
                 ["or", ["lt", 0, ["at", test, 0]], ["eq", ["at", test, 1], N]], key="not_global_min")
    return False


def _done(s, verdict: str, reason: str, inertia=None) -> str:
    s.extra["verdict"] = verdict
    s.extra["detail"] = reason
    s.extra["inertia"] = list(inertia) if inertia is not None else None
    return verdict


@declare("CLASSIFY", seed="-", statement="the kind of the instance's point (DESIGN.md section 4)",
         kinds=("deep_linear", "residual_linear"))
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
    n_plus, n_minus, n_zero = s.value("inertia (n+, n-, n0) of the Hessian", H_in, key="hessian_inertia")
    inertia = (n_plus, n_minus, n_zero)
    gm = _global_min(s, args)
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
        s.undetermined("semidefinite singular Hessian and the global-minimum test was too large")
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
        s.conclusion("the loss drops along the curve", ["descends", cexpr], key="descends")
        return _done(s, "higher-order saddle",
                     f"Hessian PSD and singular {inertia}, not a global minimum; the loss drops along "
                     f"a polynomial curve of degree {len(curve)} (certificate)", inertia)
    s.conclusion("the loss rises along the curve",
                 ["not", ["descends", ["loss_curve", *args, [[["neg", c] for c in st] for st in steps]]]],
                 key="rises")
    s.conclusion("the Hessian has a negative eigenvalue", ["lt", 0, ["at", H_in, 1]], key="negative_eigenvalue")
    return _done(s, "strict saddle", f"Hessian NSD and singular {inertia} with a negative eigenvalue; the "
                                     f"loss rises along a polynomial curve (not a maximum)", inertia)
