"""Facts: small exact statements that decide a claim, and their fast evaluation.

A claim checker does not return a bare boolean. It states *facts* — a
hypothesis, a conclusion or a deciding value — as expressions in a tiny JSON
language over the instance's named matrices, evaluates them here with
python-flint, and the recorded facts become the certificate. The independent
checker (:mod:`symlandscape.certificates.check`) evaluates the same
expressions with plain fractions and SymPy.

Expression language (JSON lists; a bare string names a matrix of the instance):

=====================  ==========================================================
matrices               ``["lit", rows]``, ``["eye", n]``, ``["zeros", m, n]``,
                       ``["mul", a, b, ...]``, ``["add", a, b, ...]``, ``["sub", a, b]``,
                       ``["neg", a]``, ``["scale", q, a]`` (q a rational string or a scalar expression), ``["T", a]``,
                       ``["kron", a, b]``, ``["vec", a]``, ``["unvec", a, m, n]``,
                       ``["K", m, n]`` (commutation), ``["inv", a]``, ``["pinv", a]``,
                       ``["ginv", a, U]``, ``["proj", a]``, ``["hstack", a, ...]``,
                       ``["vstack", a, ...]``, ``["cols", a, [j, ...]]``, ``["rows", a, [i, ...]]``
networks               ``["loss", model, X, Y, [W...]]``, ``["grad", ...]``, ``["hessian", ...]``
                       with model ``"deep_linear"`` or ``"residual_linear"``;
                       ``["loss_curve", model, X, Y, [W...], [[C1...], [C2...]]]``: the
                       coefficients of L(W + t C1 + t^2 C2 + ...) in t;
                       ``["descends", curve]``: its lowest nonconstant term is odd or negative
other                  ``["compound", a, k]`` (k-th additive compound), ``["at", list, i]``
scalars                ``["q", "3/4"]``, ``["rank", a]``, ``["frob2", a]``, ``["trace", a]``,
                       ``["entry", a, i, j]``, ``["det", a]``, ``["inertia", a]`` (a list)
booleans               ``["eq", a, b]``, ``["ne", a, b]``, ``["lt", a, b]``, ``["le", a, b]``,
                       ``["is_zero", a]``, ``["colspace_le", a, b]``, ``["colspace_eq", a, b]``,
                       ``["and", ...]``, ``["or", ...]``, ``["not", a]``
=====================  ==========================================================
"""

__all__ = ["Evidence", "evaluate", "encode_value", "FACT_ROLES"]

import json
from typing import Any

import flint

from ..calculus.kron import commutation, kron, unvec, vec
from ..exact.inertia import inertia
from ..exact.matrix import QMatrix, qmatrix
from ..exact.numbers import WorkLimitExceeded, rational

FACT_ROLES = ("hypothesis", "conclusion", "value")


def _network(model: str, X, Y, Ws):
    from ..models.factory import make_network
    return make_network(model, [X.shape[0]] + [W.shape[0] for W in Ws], X, Y)


def _ev(expr, env):
    return evaluate(expr, env)


_OPS = {
    "lit": lambda env, rows: qmatrix(rows, "lit"),
    "eye": lambda env, n: QMatrix.eye(n),
    "zeros": lambda env, m, n: QMatrix.zeros(m, n),
    "mul": lambda env, *a: _fold(lambda x, y: x @ y, [_ev(t, env) for t in a]),
    "add": lambda env, *a: _fold(lambda x, y: x + y, [_ev(t, env) for t in a]),
    "sub": lambda env, a, b: _ev(a, env) - _ev(b, env),
    "neg": lambda env, a: -_ev(a, env),
    "scale": lambda env, q, a: _ev(a, env) * (_ev(q, env) if isinstance(q, list) else rational(q)),
    "T": lambda env, a: _ev(a, env).T,
    "kron": lambda env, a, b: kron(_ev(a, env), _ev(b, env)),
    "vec": lambda env, a: vec(_ev(a, env)),
    "unvec": lambda env, a, m, n: unvec(_ev(a, env), m, n),
    "K": lambda env, m, n: commutation(m, n),
    "inv": lambda env, a: _ev(a, env).inv(),
    "pinv": lambda env, a: _ev(a, env).pinv(),
    "ginv": lambda env, a, U: _ev(a, env).ginv(_ev(U, env)),
    "proj": lambda env, a: _ev(a, env).projector(),
    "hstack": lambda env, *a: QMatrix.hstack([_ev(t, env) for t in a]),
    "vstack": lambda env, *a: QMatrix.vstack([_ev(t, env) for t in a]),
    "cols": lambda env, a, idx: _ev(a, env).columns(idx),
    "rows": lambda env, a, idx: _ev(a, env).rows(idx),
    "loss": lambda env, model, X, Y, Ws: _network(model, _ev(X, env), _ev(Y, env), [_ev(w, env) for w in Ws]).loss([_ev(w, env) for w in Ws]),
    "grad": lambda env, model, X, Y, Ws: _network(model, _ev(X, env), _ev(Y, env), [_ev(w, env) for w in Ws]).gradient([_ev(w, env) for w in Ws]),
    "hessian": lambda env, model, X, Y, Ws: _network(model, _ev(X, env), _ev(Y, env), [_ev(w, env) for w in Ws]).hessian([_ev(w, env) for w in Ws]),
    "compound": lambda env, a, k: _compound(_ev(a, env), k),
    "loss_curve": lambda env, model, X, Y, Ws, curve: _curve(env, model, X, Y, Ws, curve),
    "descends": lambda env, c: _descends(_ev(c, env)),
    "at": lambda env, a, i: _ev(a, env)[i],
    "q": lambda env, s: rational(s),
    "rank": lambda env, a: _ev(a, env).rank(),
    "frob2": lambda env, a: _ev(a, env).frob2(),
    "trace": lambda env, a: _ev(a, env).trace(),
    "entry": lambda env, a, i, j: _ev(a, env)[i, j],
    "det": lambda env, a: _ev(a, env).flint.det(),
    "inertia": lambda env, a: _inertia(env, a),
    "eq": lambda env, a, b: _equal(_ev(a, env), _ev(b, env)),
    "ne": lambda env, a, b: not _equal(_ev(a, env), _ev(b, env)),
    "lt": lambda env, a, b: _ev(a, env) < _ev(b, env),
    "le": lambda env, a, b: _ev(a, env) <= _ev(b, env),
    "is_zero": lambda env, a: _ev(a, env).is_zero(),
    "colspace_le": lambda env, a, b: _ev(b, env).colspace_contains(_ev(a, env)),
    "colspace_eq": lambda env, a, b: _ev(a, env).colspace_equals(_ev(b, env)),
    "and": lambda env, *a: all(_ev(t, env) for t in a),
    "or": lambda env, *a: any(_ev(t, env) for t in a),
    "not": lambda env, a: not _ev(a, env),
}


def _inertia(env, a) -> list:
    """Exact inertia; for a network Hessian at an exactly critical point, pass the
    rescaling-symmetry tangents as a kernel hint (they lie in ker H by a theorem)."""
    M = _ev(a, env)
    hint = None
    if isinstance(a, list) and a and a[0] == "hessian":
        model, X, Y, Ws = a[1:]
        W = [_ev(w, env) for w in Ws]
        net = _network(model, _ev(X, env), _ev(Y, env), W)
        if net.gradient(W).is_zero():
            hint = net.symmetry_tangents(W)
    try:
        return list(inertia(M, _trusted_kernel=hint))
    except WorkLimitExceeded as e:  # Evidence._fact turns it into "undetermined"
        raise WorkLimitExceeded(f"inertia of a {M.shape[0]} x {M.shape[0]} matrix: {e.reason}") from None


def _compound(A, k):
    from ..landscape.globalmin import additive_compound
    return additive_compound(A, k)


def _curve(env, model, X, Y, Ws, curve):
    from ..landscape.curves import loss_along
    poly = loss_along(model, _ev(X, env), _ev(Y, env), [_ev(w, env) for w in Ws],
                      [[_ev(c, env) for c in step] for step in curve])
    return list(poly.coeffs()) or [flint.fmpq(0)]


def _descends(coeffs) -> bool:
    # lowest nonconstant term odd, or even and negative: the loss drops on some side
    for d, c in enumerate(coeffs[1:], 1):
        if c != 0:
            return d % 2 == 1 or c < 0
    return False


def _fold(f, xs):
    out = xs[0]
    for x in xs[1:]:
        out = f(out, x)
    return out


def _equal(a, b) -> bool:
    if isinstance(a, QMatrix) or isinstance(b, QMatrix):
        return isinstance(a, QMatrix) and isinstance(b, QMatrix) and a == b
    return a == b


def evaluate(expr, env: dict):
    """Evaluate a fact expression exactly with python-flint.

    Examples
    --------
    >>> env = {"A": qmatrix([[1, 2], [2, 4]])}
    >>> evaluate(["rank", "A"], env), evaluate(["eq", ["mul", "A", ["pinv", "A"], "A"], "A"], env)
    (1, True)
    """
    if isinstance(expr, str):
        if expr not in env:
            raise KeyError(f"fact names unknown matrix {expr!r}")
        return env[expr]
    if isinstance(expr, bool) or isinstance(expr, int):
        return flint.fmpq(int(expr)) if not isinstance(expr, bool) else expr
    cache = getattr(env, "cache", None)
    if cache is not None:
        key = json.dumps(expr)
        if key not in cache:
            op, *args = expr
            cache[key] = _OPS[op](env, *args)
        return cache[key]
    op, *args = expr
    return _OPS[op](env, *args)


class _Env(dict):
    """Named values plus a cache of evaluated subexpressions (values are never mutated)."""

    def __init__(self, *a):
        super().__init__(*a)
        self.cache = {}


def encode_value(v) -> Any:
    """JSON form of a fact's value: bools and ints as such, rationals and matrices as strings.

    >>> encode_value(flint.fmpq(3, 4)), encode_value(qmatrix([[1, 2]])), encode_value(True)
    ('3/4', [['1', '2']], True)
    """
    if isinstance(v, bool) or isinstance(v, int):
        return v
    if isinstance(v, QMatrix):
        return v.tostrings()
    if isinstance(v, (flint.fmpq, flint.fmpz)):
        return str(v)
    if isinstance(v, (list, tuple)):
        return [encode_value(x) for x in v]
    raise TypeError(f"cannot encode fact value of type {type(v).__name__}")


class Evidence:
    """Collects the facts of one claim check on one instance and derives the verdict.

    Examples
    --------
    >>> from symlandscape.instances import parse_instance
    >>> inst = parse_instance({"model": "matrices", "matrices": {"A": [[1, 2], [2, 4]]}})
    >>> ev = Evidence("DEMO", inst)
    >>> ev.hypothesis("rank A = 1", ["eq", ["rank", "A"], 1])
    True
    >>> ev.conclusion("A A^+ A = A", ["eq", ["mul", "A", ["pinv", "A"], "A"], "A"])
    True
    >>> ev.status()
    ('holds', 'A A^+ A = A')
    """

    def __init__(self, claim: str, instance, env: dict | None = None):
        self.claim = claim
        self.instance = instance
        self.env = _Env(instance.env if env is None else env)
        self.defs: dict = {}
        self.facts: list = []
        self.undetermined_reason: str | None = None

    def define(self, name: str, expr) -> Any:
        """Bind ``name`` to the value of ``expr`` for later facts (recorded in the certificate)."""
        if name in self.env:
            raise ValueError(f"define: {name!r} would shadow a named matrix")
        value = evaluate(expr, self.env)
        self.defs[name] = expr
        self.env[name] = value
        self.env.cache.clear()  # a name may now mean something else
        return value

    def _fact(self, role: str, text: str, expr) -> Any:
        try:
            value = evaluate(expr, self.env)
        except WorkLimitExceeded as e:
            # Too large to decide exactly (e.g. the "inertia" op past its limits): the
            # check is undetermined with that reason; the caller decides how to stop.
            self.undetermined(f"{text}: {e.reason}")
            raise
        if role != "value" and not isinstance(value, bool):
            raise TypeError(f"{role} fact {text!r} is not a boolean expression")
        self.facts.append({"role": role, "text": text, "expr": expr, "value": encode_value(value)})
        return value

    def peek(self, expr) -> Any:
        """Evaluate ``expr`` without recording it (to choose which fact to state)."""
        return evaluate(expr, self.env)

    def hypothesis(self, text: str, expr) -> bool:
        """Record and return a hypothesis of the claim, evaluated on the instance."""
        return self._fact("hypothesis", text, expr)

    def conclusion(self, text: str, expr) -> bool:
        """Record and return a conclusion of the claim, evaluated on the instance."""
        return self._fact("conclusion", text, expr)

    def value(self, text: str, expr) -> Any:
        """Record a deciding exact value (a rank, an inertia, a loss)."""
        return self._fact("value", text, expr)

    def include(self, certificate: dict, prefix: str = "") -> None:
        """Add another check's facts on the same instance (e.g. a classification) as
        ``value`` facts: they are re-verified but do not decide this claim's status."""
        for f in certificate["facts"]:
            self.facts.append({**f, "role": "value", "text": prefix + f["text"]})

    def undetermined(self, reason: str) -> None:
        """Mark the check as undecided (never read as holds or fails)."""
        self.undetermined_reason = reason

    def status(self) -> tuple:
        """``(status, reason)`` derived from the recorded facts."""
        return status_of(self.facts, self.undetermined_reason)

    def certificate(self) -> dict:
        status, reason = self.status()
        return {
            "format": "symlandscape-certificate",
            "version": 1,
            "claim": self.claim,
            "status": status,
            "reason": reason,
            "instance": self.instance.to_dict(),
            "defs": self.defs,
            "facts": self.facts,
        }


def status_of(facts: list, undetermined_reason: str | None = None) -> tuple:
    """The verdict the facts imply: the one rule shared by checkers and the re-checker.

    >>> status_of([{"role": "hypothesis", "text": "h", "value": False}])
    ('hypotheses not met', 'hypothesis fails: h')
    """
    hyps = [f for f in facts if f["role"] == "hypothesis"]
    concl = [f for f in facts if f["role"] == "conclusion"]
    bad_h = [f for f in hyps if f["value"] is not True]
    if bad_h:
        return "hypotheses not met", "hypothesis fails: " + bad_h[0]["text"]
    if undetermined_reason is not None:
        return "undetermined", undetermined_reason
    bad_c = [f for f in concl if f["value"] is not True]
    if bad_c:
        return "fails", "conclusion fails: " + bad_c[0]["text"]
    if not concl:
        return "undetermined", "no conclusion was checked"
    return "holds", "; ".join(f["text"] for f in concl)
