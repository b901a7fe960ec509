"""The fact language and its fast exact evaluator (python-flint).

A claim does not return a bare boolean. Its statement (:mod:`symlandscape.facts.statement`)
states *facts* — hypotheses, conclusions, deciding values — as expressions in this
small JSON language over the instance's named matrices and the prover's witnesses.
This module evaluates them with python-flint; the independent checker
(:mod:`symlandscape.certificates.check`) evaluates the same expressions with its own
plain-fraction arithmetic.

Operations on networks (``loss``, ``grad``, ``hessian``, ``loss_curve``) are supplied
by the model layer above through :func:`register_network` (this layer knows no
network), and operations that need landscape mathematics through :func:`register_op`.

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
other                  ``["at", list, i]``
scalars                ``["q", "3/4"]``, ``["rank", a]``, ``["frob2", a]``, ``["trace", a]``,
                       ``["entry", a, i, j]``, ``["det", a]``, ``["inertia", a]`` (a list);
                       ``["hessian_inertia", model, X, Y, [W...], P, C]``: the Hessian's inertia
                       by the Sylvester reduction with witnesses P, C (registered by
                       :mod:`symlandscape.landscape.hessian_inertia`)
booleans               ``["eq", a, b]``, ``["ne", a, b]``, ``["lt", a, b]``, ``["le", a, b]``,
                       ``["is_zero", a]``, ``["colspace_le", a, b]``, ``["colspace_eq", a, b]``,
                       ``["and", ...]``, ``["or", ...]``, ``["not", a]``,
                       ``["top_sum_attained", S, B, k]`` and ``[..., k, "strict"]`` (below;
                       registered by :mod:`symlandscape.landscape.globalmin`)
=====================  ==========================================================

``["top_sum_attained", S, B, k]``: ``tr(Pi_{col B} S)`` equals the sum of the k largest
eigenvalues of the symmetric positive semidefinite ``S`` (k a non-negative integer
literal); with a fifth element ``"strict"``, moreover ``lambda_k(S) > lambda_{k+1}(S)``
(or ``k >= d``): ``col B`` is then the unique top-k eigenspace. An error (not False)
when ``S`` is not symmetric PSD or ``rank B > k``. Decided in polynomial time by
:func:`symlandscape.landscape.globalmin.decide_top_sum`; the re-checker has its own
implementation (size limit ``MAX_TOP_SUM_DIM``).
"""

__all__ = ["evaluate", "encode_value", "FAST", "FastEvaluator", "register_network", "register_op",
           "register_hessian_inertia", "network"]

import json
from typing import Any

import flint

from ..calculus.kron import commutation, kron, unvec, vec
from ..exact.inertia import inertia
from ..exact.matrix import QMatrix, qmatrix
from ..exact.numbers import WorkLimitExceeded, rational
from .statement import neutral_scalar

_NETWORKS: dict = {}


def register_network(kind: str, factory, scalars=()) -> None:
    """Make ``["loss", kind, X, Y, [W...]]`` (and grad, hessian, loss_curve) evaluable.

    ``factory(widths, X, Y)`` returns an object with ``loss(W)``, ``gradient(W)``,
    ``hessian(W)``, ``loss_along(W, curve)`` (an ``fmpq_poly``) and optionally
    ``symmetry_tangents(W)`` (kernel vectors of the Hessian at critical points).
    ``scalars`` names the kind's extra parameters (keyword arguments of the factory).
    Called by :mod:`symlandscape.models` for each model kind.
    """
    _NETWORKS[kind] = (factory, tuple(scalars))


def register_op(name: str, fn) -> None:
    """Add an operation ``fn(env, *args)`` to the language (from a layer above)."""
    if name in _OPS:
        raise ValueError(f"fact operation {name!r} exists")
    _OPS[name] = fn


def network(model, X, Y, Ws):
    """The registered network for data ``X, Y`` and weights shaped ``Ws``.

    ``model`` is a kind name, or ``[kind, value, ...]`` with the kind's scalar parameters
    as rational literals in the order of its registration (ReLU: ``["relu", "1/2"]``, q).
    """
    name, params = (model, []) if isinstance(model, str) else (model[0], list(model[1:]))
    if name not in _NETWORKS:
        raise KeyError(f"fact names unknown network model {name!r}")
    factory, scalars = _NETWORKS[name]
    if len(params) > len(scalars):
        raise KeyError(f"network model {name!r} takes {len(scalars)} parameters")
    kw = {k: rational(v) for k, v in zip(scalars, params)}
    return factory([X.shape[0]] + [W.shape[0] for W in Ws], X, Y, **kw)


_network = network

_HESSIAN_INERTIA = []


def register_hessian_inertia(fn) -> None:
    """Use ``fn(net, W)`` for ``["inertia", ["hessian", ...]]`` at exactly critical points
    (the Sylvester reduction of :mod:`symlandscape.landscape.hessian_inertia`, registered
    from the layer above; it never builds the dense Hessian)."""
    _HESSIAN_INERTIA[:] = [fn]


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
    """Exact inertia; for a network Hessian at an exactly critical point, the registered
    reduction (``register_hessian_inertia``: inertia of a principal submatrix, the dense
    Hessian never built) or else the rescaling-symmetry tangents as a kernel hint (they lie
    in ker H by a theorem)."""
    hint = None
    if isinstance(a, list) and a and a[0] == "hessian":
        model, X, Y, Ws = a[1:]
        W = [_ev(w, env) for w in Ws]
        net = _network(model, _ev(X, env), _ev(Y, env), W)
        if hasattr(net, "symmetry_tangents") and net.gradient(W).is_zero():
            if _HESSIAN_INERTIA:
                return list(_HESSIAN_INERTIA[0](net, W))
            hint = net.symmetry_tangents(W)
    M = _ev(a, env)
    try:
        return list(inertia(M, _trusted_kernel=hint))
    except WorkLimitExceeded as e:  # a statement run turns it into Undecided ("undetermined")
        raise WorkLimitExceeded(f"inertia of a {M.shape[0]} x {M.shape[0]} matrix: {e.reason}") from None


def _curve(env, model, X, Y, Ws, curve):
    W = [_ev(w, env) for w in Ws]
    poly = _network(model, _ev(X, env), _ev(Y, env), W).loss_along(
        W, [[_ev(c, env) for c in step] for step in curve])
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




class FastEvaluator:
    """The python-flint evaluator of the fact language, as a statement run uses it."""

    #: Exceptions that mean "too large to decide here": the run becomes undetermined.
    undecided = (WorkLimitExceeded,)

    def evaluate(self, expr, env):
        return evaluate(expr, env)

    def encode(self, value):
        return encode_value(value)

    def neutral(self, value):
        if isinstance(value, QMatrix):
            return [[neutral_scalar(x) for x in row] for row in value.flint.tolist()]
        if isinstance(value, (list, tuple)):
            return [self.neutral(x) for x in value]
        return neutral_scalar(value) if not isinstance(value, bool) else value

    def fresh_env(self, env):
        return _Env(env)


#: The shared fast evaluator.
FAST = FastEvaluator()
