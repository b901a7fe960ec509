"""Independent re-verification of certificates with plain ``fractions``.

LCF style: the trusted part is the claim's *statement* (its declaration in
:mod:`symlandscape.theorems`, which only names facts) and the verdict rule; the
certificate's witnesses are untrusted data. :func:`check_certificate` runs the
claim's statement on the certificate's instance and witnesses with the evaluator of
this module, and the facts, values, texts, status and verdict it obtains must be
exactly the ones recorded.

This module shares no arithmetic with the fast path and imports no prover (the
import-linter contract in ``pyproject.toml`` enforces it): matrices are lists of
``fractions.Fraction``, ranks come from Gaussian elimination, inertia from a
symmetric LDL^T elimination with 2x2 pivots (Sylvester's law of inertia), and
network derivatives from hyper-dual numbers (forward-mode differentiation of the
loss as written, not the closed Kronecker formulas). The Hessian inertia at a critical
point may come with a reduction witness (``hessian_inertia``): then only ``H[Q, Q]`` is
computed, after the checker's own tangents and determinant prove the reduction.
"""

__all__ = ["check_certificate", "CertificateError", "independent_evaluate", "INDEPENDENT"]

import json
import re
from fractions import Fraction

from ..facts.statement import InstanceView, NotApplicable, Run
from ..facts.verdict import FACT_ROLES, status_of
from ..theorems.declare import UnknownClaim, get_claim


class CertificateError(ValueError):
    """The certificate is malformed or one of its recorded facts is false."""


# -- plain Fraction matrices ------------------------------------------------------------
def _mat(rows):
    if not isinstance(rows, list) or not rows or not all(isinstance(r, list) for r in rows):
        raise CertificateError("a matrix must be a non-empty list of rows")
    n = len(rows[0])
    if any(len(r) != n for r in rows):
        raise CertificateError("ragged matrix in certificate")
    return [[_frac(x) for x in r] for r in rows]


def _frac(x) -> Fraction:
    if isinstance(x, bool) or not isinstance(x, (int, str)):
        raise CertificateError(f"certificate number {x!r} is not an int or a string")
    if isinstance(x, str) and (len(x) > 100_000 or any(c in x for c in "eE")):
        raise CertificateError(f"certificate number {x[:30]!r} is not in p/q form")
    if isinstance(x, int):
        return Fraction(x)
    m = _RATIONAL.match(x)
    if not m:
        raise CertificateError(f"certificate number {x[:30]!r} is not in p/q form")
    den = _big_int(m.group(3)) if m.group(3) else 1
    if den == 0:
        raise CertificateError(f"certificate number {x[:30]!r} has a zero denominator")
    num = _big_int(m.group(2))
    return Fraction(-num if m.group(1) == "-" else num, den)


_RATIONAL = re.compile(r"^(-?)(\d+)(?:/(\d+))?$", re.ASCII)


def _big_int(digits: str) -> int:
    """int() of a digit string of any length (Python refuses > 4300 digits at once)."""
    if len(digits) < 4000:
        return int(digits)
    half = len(digits) // 2
    return _big_int(digits[:half]) * 10 ** (len(digits) - half) + _big_int(digits[half:])


def _shape(A):
    return (len(A), len(A[0]) if A else 0)


#: Largest matrix (in entries) a certificate may ask the checker to build.
MAX_ENTRIES = 4_000_000
#: Largest network (parameters) whose certificate is re-checked by default. The
#: hyper-dual Hessian costs ~n^3.5 here: a CLASSIFY certificate of [d, d, d] took
#: 4.9 s at 32 parameters, 44 s at 72 and 5.4 min at 128 (measured 2026-11-30).
MAX_PARAMS = 128


#: The limit of the check under way (``check_certificate``'s ``max_params``), for networks
#: whose weights are literals of a fact rather than the instance's.
_LIMITS = {"params": MAX_PARAMS}


def _check_params(inst, max_params: int) -> None:
    """Refuse a network instance with more than ``max_params`` parameters, before any work."""
    w = inst.get("widths") if isinstance(inst, dict) else None
    if isinstance(w, list) and all(type(x) is int and x > 0 for x in w):
        n = sum(a * b for a, b in zip(w, w[1:]))
        if n > max_params:
            raise CertificateError(f"certificate instance has {n:,} parameters; the checker's "
                                   f"limit is {max_params:,} (about n^3.5 work)")


def _dims(*ns):
    total = 1
    for n in ns:
        if isinstance(n, bool) or not isinstance(n, int) or n < 0 or n > MAX_ENTRIES:
            raise CertificateError(f"a matrix dimension {str(n)[:20]} is larger than the checker allows")
        total *= n
    if total > MAX_ENTRIES:
        raise CertificateError(f"a {' x '.join(map(str, ns))} matrix is larger than the checker allows")


def _scalar(x):
    if not isinstance(x, (Fraction, int)) or isinstance(x, bool):
        raise CertificateError("lt/le compare scalars only")
    return x


_ZERO, _ONE = Fraction(0), Fraction(1)   # shared: Fractions are immutable


def _eye(n):
    _dims(n, n)
    return [[_ONE if i == j else _ZERO for j in range(n)] for i in range(n)]


def _zeros(m, n):
    _dims(m, n)
    return [[Fraction(0)] * n for _ in range(m)]


def _T(A):
    return [list(c) for c in zip(*A)]


#: Most exact multiply-adds of one product or one elimination (rank, inverse, determinant,
#: inertia): ~1e8 is minutes here. A product of an m x k and a k x n matrix costs m k n, an
#: elimination of an m x n matrix m n min(m, n). Honest checks stay far below (a Hessian of
#: MAX_PARAMS = 128 parameters: 2e6; the largest global-minimum compound: ~7e7).
MAX_OPERATION_WORK = 100_000_000


def _work(what, *dims):
    total = 1
    for d in dims:
        total *= d
    if total > MAX_OPERATION_WORK:
        raise CertificateError(f"{what} of {' x '.join(map(str, dims))} is more work than the checker allows")


def _mul(A, B):
    if _shape(A)[1] != _shape(B)[0]:
        raise CertificateError(f"shapes {_shape(A)} and {_shape(B)} do not multiply")
    _dims(_shape(A)[0], _shape(B)[1])
    _work("a product", _shape(A)[0], _shape(A)[1], _shape(B)[1])
    Bt = _T(B)
    return [[sum((a * b for a, b in zip(r, c)), Fraction(0)) for c in Bt] for r in A]


def _add(A, B):
    if isinstance(A, Fraction) and isinstance(B, Fraction):
        return A + B
    if isinstance(A, Fraction) or isinstance(B, Fraction):
        raise CertificateError("cannot add a scalar and a matrix")
    if _shape(A) != _shape(B):
        raise CertificateError(f"shapes {_shape(A)} and {_shape(B)} do not add")
    return [[a + b for a, b in zip(r, s)] for r, s in zip(A, B)]


def _scale(c, A):
    if isinstance(A, Fraction):
        return c * A
    return [[c * a for a in r] for r in A]


def _kron(A, B):
    _dims(_shape(A)[0] * _shape(B)[0], _shape(A)[1] * _shape(B)[1])
    return [[a * b for a in ra for b in rb] for ra in A for rb in B]


def _vec(A):
    return [[A[i][j]] for j in range(len(A[0])) for i in range(len(A))]


def _unvec(v, m, n):
    _dims(m, n)
    if _shape(v) != (m * n, 1):
        raise CertificateError(f"unvec of a {_shape(v)} matrix into {m} x {n}")
    return [[v[j * m + i][0] for j in range(n)] for i in range(m)]


def _commutation(m, n):
    _dims(m, n)
    _dims(m * n, m * n)
    K = _zeros(m * n, m * n)
    for i in range(m):
        for j in range(n):
            K[i * n + j][j * m + i] = Fraction(1)
    return K


def _rref(A):
    R = [r[:] for r in A]
    m, n = _shape(R)
    _work("an elimination", m, n, min(m, n))
    piv, row = [], 0
    for col in range(n):
        p = next((i for i in range(row, m) if R[i][col] != 0), None)
        if p is None:
            continue
        R[row], R[p] = R[p], R[row]
        inv = 1 / R[row][col]
        R[row] = [x * inv for x in R[row]]
        for i in range(m):
            if i != row and R[i][col] != 0:
                f = R[i][col]
                R[i] = [x - f * y for x, y in zip(R[i], R[row])]
        piv.append(col)
        row += 1
        if row == m:
            break
    return R, piv


def _rank(A):
    return len(_rref(A)[1])


def _square(A, what):
    if len(A) != len(A[0]):
        raise CertificateError(f"{what} of a non-square {_shape(A)} matrix")


def _inv(A):
    _square(A, "inverse")
    n = len(A)
    R, piv = _rref([r + e for r, e in zip(A, _eye(n))])
    if piv[:n] != list(range(n)):
        raise CertificateError("inverse of a singular matrix")
    return [r[n:] for r in R]


def _det(A):
    _square(A, "determinant")
    _work("a determinant", len(A), len(A), len(A))
    M, n, d = [r[:] for r in A], len(A), Fraction(1)
    for c in range(n):
        p = next((i for i in range(c, n) if M[i][c] != 0), None)
        if p is None:
            return Fraction(0)
        if p != c:
            M[c], M[p], d = M[p], M[c], -d
        d *= M[c][c]
        for i in range(c + 1, n):
            f = M[i][c] / M[c][c]
            M[i] = [x - f * y for x, y in zip(M[i], M[c])]
    return d


def _pinv(A):
    m, n = _shape(A)
    R, piv = _rref(A)
    if not piv:
        return _zeros(n, m)
    F = [[A[i][j] for j in piv] for i in range(m)]
    G = R[:len(piv)]
    Gt, Ft = _T(G), _T(F)
    return _mul(_mul(Gt, _inv(_mul(G, Gt))), _mul(_inv(_mul(Ft, F)), Ft))


def _inertia(A):
    """Symmetric elimination: 1x1 pivots where a diagonal entry is nonzero, else a
    2x2 pivot [[0, a], [a, 0]] (one positive, one negative eigenvalue)."""
    _work("an inertia", len(A), len(A), len(A))
    if A != _T(A):
        raise CertificateError("inertia of a non-symmetric matrix")
    M, pos, neg = [r[:] for r in A], 0, 0
    while M:
        n = len(M)
        k = next((i for i in range(n) if M[i][i] != 0), None)
        if k is not None:
            d = M[k][k]
            pos, neg = pos + (d > 0), neg + (d < 0)
            M = [[M[i][j] - M[i][k] * M[k][j] / d for j in range(n) if j != k]
                 for i in range(n) if i != k]
            continue
        pair = next(((i, j) for i in range(n) for j in range(i + 1, n) if M[i][j] != 0), None)
        if pair is None:
            break
        i, j = pair
        a = M[i][j]
        pos, neg = pos + 1, neg + 1
        # Schur complement of the block [[0, a], [a, 0]], whose inverse is [[0, 1/a], [1/a, 0]].
        rest = [r for r in range(n) if r not in (i, j)]
        M = [[M[r][c] - (M[r][i] * M[j][c] + M[r][j] * M[i][c]) / a for c in rest] for r in rest]
    return [pos, neg, len(A) - pos - neg]


# -- networks by hyper-dual numbers ----------------------------------------------------
# The checker's own view of each model kind: the layer maps of its weights.
_NETWORK_LAYERS = {
    "deep_linear": lambda Ws: Ws,
    "residual_linear": lambda Ws: [_add(W, _eye(len(W))) for W in Ws],
    "relu": lambda Ws: Ws,          # sigma between the layers: see _loss_hd
}


def _spec(model):
    """``(kind, q)`` from a model spec: a kind name, or ``["relu", q]``."""
    if isinstance(model, str) and model in _NETWORK_LAYERS:
        return model, Fraction(1)
    if (isinstance(model, list) and len(model) == 2 and model[0] == "relu"):
        return "relu", _frac(model[1])
    raise CertificateError(f"unknown network model {str(model)[:40]!r}")


def _layers(model, Ws):
    kind, _ = _spec(model)
    return _NETWORK_LAYERS[kind](Ws)


def _hd_relu(Z):
    """ReLU of a hyper-dual matrix: a positive real part keeps the derivatives, a negative one
    kills them; an exact 0 with a nonzero derivative part is a kink (not differentiable)."""
    out = tuple(_zeros(*_shape(Z[0])) for _ in range(4))
    for i, row in enumerate(Z[0]):
        for j, x in enumerate(row):
            if x > 0:
                for c in range(4):
                    out[c][i][j] = Z[c][i][j]
            elif x == 0 and any(Z[c][i][j] != 0 for c in (1, 2, 3)):
                raise CertificateError("the loss is not differentiable here: a pre-activation is exactly 0")
    return out


def _hd_mul(A, B):
    # Matrices of hyper-dual numbers as 4-tuples (a, a_s, a_t, a_st), s^2 = t^2 = 0.
    a0, a1, a2, a3 = A
    b0, b1, b2, b3 = B
    return (_mul(a0, b0), _add(_mul(a0, b1), _mul(a1, b0)), _add(_mul(a0, b2), _mul(a2, b0)),
            _add(_add(_mul(a0, b3), _mul(a3, b0)), _add(_mul(a1, b2), _mul(a2, b1))))


def _loss_hd(model, X, Y, Ws, ds, dt):
    """Loss at W + s*ds + t*dt as hyper-dual (L, dL/ds, dL/dt, d2L/dsdt)."""
    kind, q = _spec(model)
    Z = (X, _zeros(*_shape(X)), _zeros(*_shape(X)), _zeros(*_shape(X)))
    base = _layers(model, Ws)
    for W, s, t in zip(base, ds, dt):
        Z = _hd_mul((W, s, t, _zeros(*_shape(W))), Z)
        if kind == "relu":
            Z = _hd_relu(Z)
    if q != 1:
        Z = tuple(_scale(q, M) for M in Z)
    R = (_add(Z[0], _scale(-1, Y)), Z[1], Z[2], Z[3])
    half = Fraction(1, 2)
    e0 = [x for r in R[0] for x in r]
    e1, e2, e3 = ([x for r in M for x in r] for M in R[1:])
    loss = half * sum(x * x for x in e0)
    return (loss, sum(a * b for a, b in zip(e0, e1)), sum(a * b for a, b in zip(e0, e2)),
            sum(a * d + b * c for a, b, c, d in zip(e0, e1, e2, e3)))


def _unit(Ws, idx):
    out = [_zeros(*_shape(W)) for W in Ws]
    if idx is not None:
        for k, W in enumerate(Ws):
            m, n = _shape(W)
            if idx < m * n:
                out[k][idx % m][idx // m] = Fraction(1)  # theta order: vec (column stacking)
                break
            idx -= m * n
    return out


def _net(model, what, X, Y, Ws):
    return _hd_derivative(lambda u, v: _loss_hd(model, X, Y, Ws, u, v), what, Ws)


def _hd_derivative(loss_hd, what, Ws):
    """The loss, gradient or Hessian at ``Ws`` from ``loss_hd(u, v)``, the loss in hyper-dual
    numbers along the unit directions ``u, v`` (``[value, d/du, d/dv, d2/dudv]``)."""
    zero = _unit(Ws, None)
    if what == "loss":
        return loss_hd(zero, zero)[0]
    n = sum(len(W) * len(W[0]) for W in Ws)
    # literal weights in a fact, or a witness point wider than the instance (GROW-6.x): the
    # instance's limit applies to them too
    if n > _LIMITS["params"]:
        raise CertificateError(f"a {what} of {n:,} parameters; the checker's limit is {_LIMITS['params']:,}")
    units = [_unit(Ws, i) for i in range(n)]
    if what == "grad":
        return [[loss_hd(units[i], zero)[1]] for i in range(n)]
    H = _zeros(n, n)
    for i in range(n):
        for j in range(i, n):
            H[i][j] = H[j][i] = loss_hd(units[i], units[j])[3]
    return H


# == feedforward networks (seed 002): the checker's own view ===============================
# Layers [W_k | b_k] (a bias column when the layer has one), a polynomial activation
# a0 + a1 x + a2 x^2 + a3 x^3 between the layers, none on the output; model spec
# ["feedforward", a0, a1, a2, a3, hidden_bias, output_bias]. Loss, gradient and Hessian by
# forward-mode hyper-dual numbers through the network as written (no backpropagation).

def _ff_spec(model):
    """``(coefficients, hidden_bias, output_bias)`` of a feedforward spec, or None."""
    if not (isinstance(model, list) and model and model[0] == "feedforward"):
        return None
    if len(model) != 7:
        raise CertificateError("a feedforward spec has 4 coefficients and 2 bias flags")
    cs = [_frac(c) for c in model[1:5]]
    flags = [_frac(f) for f in model[5:7]]
    if any(f not in (0, 1) for f in flags):
        raise CertificateError("feedforward bias flags must be 0 or 1")
    return cs, flags[0] == 1, flags[1] == 1


def _ff_act(cs, x, order):
    """The order-th derivative of the polynomial activation at x (Horner)."""
    c = list(cs)
    for _ in range(order):
        c = [i * c[i] for i in range(1, len(c))] or [Fraction(0)]
    out = Fraction(0)
    for a in reversed(c):
        out = out * x + a
    return out


def _ff_hd_act(cs, Z):
    """s of a hyper-dual matrix: s(a) + s'(a)(a_s s + a_t t + a_st st) + s''(a) a_s a_t st."""
    out = tuple(_zeros(*_shape(Z[0])) for _ in range(4))
    for i, row in enumerate(Z[0]):
        for j, a in enumerate(row):
            d1, d2 = _ff_act(cs, a, 1), _ff_act(cs, a, 2)
            out[0][i][j] = _ff_act(cs, a, 0)
            out[1][i][j] = d1 * Z[1][i][j]
            out[2][i][j] = d1 * Z[2][i][j]
            out[3][i][j] = d1 * Z[3][i][j] + d2 * Z[1][i][j] * Z[2][i][j]
    return out


def _ff_loss_hd(spec, X, Y, Ws, ds, dt):
    cs, hb, ob = spec
    m = _shape(X)[1]
    Z = (X, _zeros(*_shape(X)), _zeros(*_shape(X)), _zeros(*_shape(X)))
    L = len(Ws)
    for k, (W, s, t) in enumerate(zip(Ws, ds, dt)):
        if (ob if k == L - 1 else hb):
            Z = (Z[0] + [[Fraction(1)] * m], Z[1] + [[Fraction(0)] * m], Z[2] + [[Fraction(0)] * m],
                 Z[3] + [[Fraction(0)] * m])
        if _shape(W)[1] != len(Z[0]):
            raise CertificateError(f"feedforward layer {k + 1} has the wrong number of columns")
        Z = _hd_mul((W, s, t, _zeros(*_shape(W))), Z)
        if k < L - 1:
            Z = _ff_hd_act(cs, Z)
    R = (_add(Z[0], _scale(-1, Y)), Z[1], Z[2], Z[3])
    e0 = [x for r in R[0] for x in r]
    e1, e2, e3 = ([x for r in M for x in r] for M in R[1:])
    return (Fraction(1, 2) * sum(x * x for x in e0), sum(a * b for a, b in zip(e0, e1)),
            sum(a * b for a, b in zip(e0, e2)), sum(a * d + b * c for a, b, c, d in zip(e0, e1, e2, e3)))


def _ff_net(spec, what, X, Y, Ws):
    return _hd_derivative(lambda u, v: _ff_loss_hd(spec, X, Y, Ws, u, v), what, Ws)


def _ff_instance(inst, env, widths):
    """Scalars of a feedforward instance, and the bias columns of its layers."""
    for key, default in (("a0", 0), ("a1", 1), ("a2", 0), ("a3", 0), ("hidden_bias", 1), ("output_bias", 1)):
        env[key] = [[_frac(inst.get(key, default))]]
    flags = [env["hidden_bias"][0][0], env["output_bias"][0][0]]
    if any(f not in (0, 1) for f in flags):
        raise CertificateError("feedforward bias flags must be 0 or 1")
    L = len(widths) - 1
    return [widths[k] + int(flags[1] if k == L - 1 else flags[0]) for k in range(L)]
# == end feedforward ==========================================================================


def _hessian_inertia(model, X, Y, Ws, P, C):
    """Inertia of the Hessian by the Sylvester reduction with the witnesses P (rows) and C
    (symmetry tangent columns), re-derived here with plain fractions.

    The gradient must be exactly zero: then the tangents T of the rescaling symmetries
    (``dW_k = S A_k``, ``dW_{k+1} = -A_{k+1} S`` for ``S = e_a e_b^T`` in hidden layer ``k``,
    column ``d_1^2 + ... + d_{k-1}^2 + b d_k + a``) satisfy ``H T = 0`` (differentiate the
    invariance of the gradient). If ``det T[P, C] != 0`` (checked here), ``B = [T[:, C] | E_Q]``
    is invertible and ``B^T H B = diag(0, H[Q, Q])``, so the inertia is that of ``H[Q, Q]``
    (hyper-dual entries, LDL^T) plus ``t = |P|`` zeros.
    """
    A = _layers(model, Ws)
    widths = [len(X)] + [len(W) for W in Ws]
    n = sum(len(W) * len(W[0]) for W in Ws)
    hidden = widths[1:-1]
    c = sum(w * w for w in hidden)
    for name, idx, top in (("P", P, n), ("C", C, c)):
        if not isinstance(idx, list):
            raise CertificateError(f"hessian_inertia: {name} must be a list of indices")
        for i in idx:
            _index(i, top)
        if len(set(idx)) != len(idx):
            raise CertificateError(f"hessian_inertia: {name} repeats an index")
    if len(P) != len(C):
        raise CertificateError(f"hessian_inertia: {len(P)} rows P but {len(C)} columns C")
    t = len(P)
    _dims(t, t)
    grad = _net(model, "grad", X, Y, Ws)
    if any(g[0] != 0 for g in grad):
        raise CertificateError("hessian_inertia: the gradient is not zero (H T = 0 needs a critical point)")
    # the tangent columns C, entries P
    starts, acc = [], 0
    for d in hidden:
        starts.append(acc)
        acc += d * d
    theta_off, acc = [], 0
    for W in Ws:
        theta_off.append(acc)
        acc += len(W) * len(W[0])
    rowpos = {r: i for i, r in enumerate(P)}
    TPC = _zeros(t, t) if t else []
    for col, cc in enumerate(C):
        k = max(h for h in range(len(hidden)) if starts[h] <= cc)   # 0-based hidden layer: W_{k+1}, W_{k+2}
        d = hidden[k]
        e = _zeros(d * d, 1)
        e[cc - starts[k]][0] = Fraction(1)
        S = _unvec(e, d, d)
        for layer, blk in ((k, _mul(S, A[k])), (k + 1, _scale(-1, _mul(A[k + 1], S)))):
            for pos, v in enumerate(x[0] for x in _vec(blk)):
                i = rowpos.get(theta_off[layer] + pos)
                if i is not None:
                    TPC[i][col] = v
    if t and _det(TPC) == 0:
        raise CertificateError("hessian_inertia: T[P, C] is singular: not a reduction witness")
    pset = set(P)
    Q = [i for i in range(n) if i not in pset]
    _dims(len(Q), len(Q))
    if not Q:
        return [0, 0, t]
    units = {i: _unit(Ws, i) for i in Q}
    HQ = _zeros(len(Q), len(Q))
    for a, i in enumerate(Q):
        for b in range(a, len(Q)):
            HQ[a][b] = HQ[b][a] = _loss_hd(model, X, Y, Ws, units[i], units[Q[b]])[3]
    pos, neg, zero = _inertia(HQ)
    return [pos, neg, zero + t]


# -- ReLU paths (eq (5) of seed 000), by enumeration with itertools ----------------------
MAX_PATH_TERMS = 200_000
MAX_GATE_TERMS = 1 << 14
#: Gate patterns are enumerated: 2^paths of them (the prover refuses more than 2^16), each
#: summing up to ``paths`` terms for every output entry.
MAX_GATE_PATTERNS = 1 << 16
MAX_GATE_WORK = 1 << 24


def _relu_forward(X, Ws):
    """Pre-activations and outputs of sigma(W_k ...) with plain fractions."""
    z, pre = X, []
    for W in Ws:
        p = _mul(W, z)
        pre.append(p)
        z = [[x if x > 0 else Fraction(0) for x in r] for r in p]
    return pre, z


def _paths(widths, j):
    from itertools import product
    return (list(units) + [j] for units in product(*(range(d) for d in widths[:-1])))


def _path_terms(X, Ws, q, with_gates):
    widths = [len(X)] + [len(W) for W in Ws]
    m = len(X[0])
    n_paths = 1
    for d in widths[:-1]:
        n_paths *= d
    if n_paths * widths[-1] * m > (MAX_GATE_TERMS if with_gates else MAX_PATH_TERMS):
        raise CertificateError("too many paths to re-check")
    pre, _ = _relu_forward(X, Ws)
    out = []
    for j in range(widths[-1]):
        row = []
        for i in range(m):
            terms = []
            for path in _paths(widths, j):
                t = X[path[0]][i]
                for k in range(1, len(widths)):
                    t *= Ws[k - 1][path[k]][path[k - 1]]
                    if not with_gates and pre[k - 1][path[k]][i] <= 0:
                        t = Fraction(0)                       # an inactive unit on the path
                terms.append(t)
            row.append(terms)
        out.append(row)
    return out, n_paths


def _path_sum(model, X, Ws):
    _, q = _spec(model)
    terms, _ = _path_terms(X, Ws, q, with_gates=False)
    return [[q * sum(t, Fraction(0)) for t in row] for row in terms]


def _relu_output(model, X, Ws):
    _, q = _spec(model)
    return _scale(q, _relu_forward(X, Ws)[1])


def _relu_ties(model, X, Ws):
    return Fraction(sum(1 for P in _relu_forward(X, Ws)[0] for r in P for x in r if x == 0))


def _path_count(model, X, Ws):
    widths = [len(X)] + [len(W) for W in Ws]
    bound = 1
    for d in widths[:-1]:
        bound *= d
    if bound > MAX_PATH_TERMS:
        raise CertificateError("too many paths to re-check")
    return Fraction(sum(1 for _ in _paths(widths, 0)))     # enumerated, not multiplied


def _gated_expectation(model, X, Ws, rho):
    """E over independent Bernoulli(rho) gates, one per path: every gate pattern enumerated."""
    _, q = _spec(model)
    rho = _scalar(rho)
    if not 0 <= rho <= 1:
        raise CertificateError("rho is not a probability")
    terms, n = _path_terms(X, Ws, q, with_gates=True)
    if n > MAX_GATE_PATTERNS.bit_length() - 1 or (1 << n) * n * len(terms) * len(X[0]) > MAX_GATE_WORK:
        raise CertificateError(f"2^{n} gate patterns per output entry: too many to re-check")
    out = []
    for row in terms:
        out.append([])
        for t in row:
            total = Fraction(0)
            for mask in range(1 << n):
                on = bin(mask).count("1")
                total += rho ** on * (1 - rho) ** (n - on) * sum((t[p] for p in range(n) if mask >> p & 1),
                                                                 Fraction(0))
            out[-1].append(q * total)
    return out


# -- random-weight moments (seed 004, Lemma 10 to Theorem 9) -------------------------------------
# The checker's own route: polynomials in the weights with integer coefficients, as dicts from a
# packed exponent vector (8 bits per weight) to the coefficient, expanded from the definitions
# (the loss differentiated entry by entry for the gradient), then every monomial replaced by the
# product of the law's moments. No recursion, no rank-one formula.
MAX_RW_TERMS = 400_000           # monomials in one polynomial
MAX_RW_PRODUCTS = 3_000_000      # pairs of monomials multiplied by one operation
MAX_RW_LAYERS = 8
_RW_BITS = 8


def _rw_law(spec, ev):
    """The law's moment function k -> E w^k from ``["gaussian", s2]``, ``["discrete", P]``,
    ``["moments", M]``; checked: positive variance, probabilities positive summing to 1, mean 0."""
    if not isinstance(spec, list) or len(spec) != 2 or spec[0] not in ("gaussian", "discrete", "moments"):
        raise CertificateError(f"unknown law {str(spec)[:40]!r}")
    M = ev(spec[1])
    if not isinstance(M, list):
        raise CertificateError("a law needs a matrix")
    if spec[0] == "gaussian":
        if _shape(M) != (1, 1) or M[0][0] <= 0:
            raise CertificateError("a Gaussian law needs a positive 1 x 1 variance")
        s2 = M[0][0]

        def mom(k):
            if k % 2:
                return Fraction(0)
            out = Fraction(1)
            for j in range(1, k, 2):            # (k-1)!! s2^{k/2}
                out *= j * s2
            return out
        return mom
    if spec[0] == "discrete":
        if len(M) != 2 or any(p <= 0 for p in M[1]) or sum(M[1]) != 1 \
                or sum(v * p for v, p in zip(*M)) != 0:
            raise CertificateError("a discrete law needs values and positive probabilities summing to 1, mean 0")
        return lambda k: sum((p * v ** k for v, p in zip(*M)), Fraction(0))
    if len(M) != 1 or M[0][0] != 0:
        raise CertificateError("a moment law needs a 1 x K row of moments with E w = 0")

    def given(k):
        if k == 0:
            return Fraction(1)
        if k > len(M[0]):
            raise CertificateError(f"the moment law does not give E w^{k}")
        return M[0][k - 1]
    return given


def _rw_int(n, lo, hi, what):
    if isinstance(n, bool) or not isinstance(n, int) or not lo <= n <= hi:
        raise CertificateError(f"{what} {str(n)[:20]} is outside {lo}..{hi}")
    return n


def _rw_mul(p, q):
    if len(p) * len(q) > MAX_RW_PRODUCTS:
        raise CertificateError(f"a product of {len(p):,} x {len(q):,} monomials is too large to re-check")
    out = {}
    for ka, ca in p.items():
        for kb, cb in q.items():
            k = ka + kb
            out[k] = out.get(k, 0) + ca * cb
    out = {k: c for k, c in out.items() if c}
    if len(out) > MAX_RW_TERMS:
        raise CertificateError("a polynomial with too many monomials to re-check")
    return out


def _rw_add(p, q, c=1):
    out = dict(p)
    for k, v in q.items():
        out[k] = out.get(k, 0) + c * v
    return {k: v for k, v in out.items() if v}


def _rw_diff(p, i):
    shift, out = _RW_BITS * i, {}
    for k, c in p.items():
        e = (k >> shift) & ((1 << _RW_BITS) - 1)
        if e:
            out[k - (1 << shift)] = out.get(k - (1 << shift), 0) + c * e
    return out


def _rw_expect(p, mom):
    cache, total, mask = {}, Fraction(0), (1 << _RW_BITS) - 1
    for k, c in p.items():
        term = Fraction(c)
        while k and term:
            e = k & mask
            if e:
                if e not in cache:
                    cache[e] = mom(e)
                term *= cache[e]
            k >>= _RW_BITS
        total += term
    return total


def _rw_matvec(W, v):
    """A matrix of weight polynomials times a vector of polynomials."""
    out = []
    for row in W:
        acc = {}
        for w, x in zip(row, v):
            acc = _rw_add(acc, _rw_mul(w, x))
        out.append(acc)
    return out


def _rw_layer(j, d):
    """Layer j (0-based) of d x d weights: entry (a, b) is the variable j d^2 + a d + b."""
    return [[{1 << (_RW_BITS * (j * d * d + a * d + b)): 1} for b in range(d)] for a in range(d)]


def _rw_scaled_vector(M, what):
    """A column of fractions as integers times 1/den."""
    if not isinstance(M, list) or not M or len(M[0]) != 1:
        raise CertificateError(f"{what} must be a column vector")
    den = 1
    for r in M:
        den = den * r[0].denominator // _gcd(den, r[0].denominator)
    return [int(r[0] * den) for r in M], den


def _gcd(a, b):
    while b:
        a, b = b, a % b
    return a


def _rw_sq_norm(vec):
    acc = {}
    for p in vec:
        acc = _rw_add(acc, _rw_mul(p, p))
    return acc


def _rw_chain(mom, x, t, power):
    """E||W^{t:1} x||_2^2 (power 2), ||.||_2^4 (power 4) or ||.||_4^4 (power 44), expanded."""
    xs, den = _rw_scaled_vector(x, "x")
    d = len(xs)
    t = _rw_int(t, 0, MAX_RW_LAYERS, "layer count")
    v = [{0: c} if c else {} for c in xs]
    for j in range(t):
        v = _rw_matvec(_rw_layer(j, d), v)
    if power == 2:
        return _rw_expect(_rw_sq_norm(v), mom) / den ** 2
    if power == 4:
        n2 = _rw_sq_norm(v)
        return _rw_expect(_rw_mul(n2, n2), mom) / den ** 4
    acc = {}
    for p in v:
        p2 = _rw_mul(p, p)
        acc = _rw_add(acc, _rw_mul(p2, p2))
    return _rw_expect(acc, mom) / den ** 4


def _rw_aat(mom, d, n):
    """E||A^T A||_F^2 for A = W_n ... W_1, every entry expanded."""
    d = _rw_int(d, 1, 16, "width")
    n = _rw_int(n, 0, MAX_RW_LAYERS, "layer count")
    cols = [[{0: int(i == j)} if i == j else {} for i in range(d)] for j in range(d)]   # columns of I
    for j in range(n):
        cols = [_rw_matvec(_rw_layer(j, d), c) for c in cols]
    acc = {}
    for i in range(d):
        for j in range(d):
            g = {}
            for a in range(d):
                g = _rw_add(g, _rw_mul(cols[i][a], cols[j][a]))            # (A^T A)_{ij}
            acc = _rw_add(acc, _rw_mul(g, g))
    return _rw_expect(acc, mom)


def _rw_awb(mom, A, B):
    """E||A W B||_F^2 with W (cols A x rows B) random, expanded."""
    p, q = _shape(A)[1], _shape(B)[0]
    den = 1
    for M in (A, B):
        for r in M:
            for v in r:
                den = den * v.denominator // _gcd(den, v.denominator)
    Ai = [[int(v * den) for v in r] for r in A]
    Bi = [[int(v * den) for v in r] for r in B]
    acc = {}
    for i in range(len(Ai)):
        for j in range(_shape(B)[1]):
            e = {}
            for a in range(p):
                for b in range(q):
                    c = Ai[i][a] * Bi[b][j]
                    if c:
                        key = 1 << (_RW_BITS * (a * q + b))
                        e[key] = e.get(key, 0) + c
            acc = _rw_add(acc, _rw_mul(e, e))
    return _rw_expect(acc, mom) / den ** 4


def _rw_grad2(mom, x, y, L, k):
    """E||dl/dW^k||_F^2: the loss expanded from its definition, differentiated in each entry."""
    L = _rw_int(L, 1, MAX_RW_LAYERS, "depth")
    k = _rw_int(k, 1, L, "layer")
    if _shape(x) != _shape(y):
        raise CertificateError("x and y need the same shape")
    xs, _ = _rw_scaled_vector(x, "x")
    d = len(xs)
    den = 1
    for r in x + y:
        den = den * r[0].denominator // _gcd(den, r[0].denominator)
    out = [{0: int(r[0] * den)} if r[0] else {} for r in x]
    for j in range(L):
        out = _rw_matvec(_rw_layer(j, d), out)
    resid = [_rw_add(o, {0: int(t[0] * den)} if t[0] else {}, -1) for o, t in zip(out, y)]
    loss2 = _rw_sq_norm(resid)                         # = 2 den^2 l
    acc = {}
    for i in range(d * d):
        g = _rw_diff(loss2, (k - 1) * d * d + i)         # = 2 den^2 dl/dw
        acc = _rw_add(acc, _rw_mul(g, g))
    return _rw_expect(acc, mom) / (4 * den ** 4)


def _rw_pow(a, n):
    _scalar(a)
    n = _rw_int(n, -4 * 64, 4 * 64, "exponent")
    if n < 0 and a == 0:
        raise CertificateError("a negative power of 0")
    return Fraction(a) ** n


_RW_OPS = frozenset({"law_moment", "rw_awb", "rw_norm2", "rw_norm4", "rw_quart", "rw_aat", "rw_grad2", "rw_pow"})


def _rw_op(op, a, ev):
    if op == "rw_pow":
        return _rw_pow(ev(a[0]), a[1])
    mom = _rw_law(a[0], ev)
    if op == "law_moment":
        return mom(_rw_int(a[1], 0, 16, "moment order"))
    if op == "rw_awb":
        return _rw_awb(mom, ev(a[1]), ev(a[2]))
    if op in ("rw_norm2", "rw_norm4", "rw_quart"):
        return _rw_chain(mom, ev(a[1]), a[2], {"rw_norm2": 2, "rw_norm4": 4, "rw_quart": 44}[op])
    if op == "rw_aat":
        return _rw_aat(mom, a[1], a[2])
    return _rw_grad2(mom, ev(a[1]), ev(a[2]), a[3], a[4])
# -- end of the random-weight moments ------------------------------------------------------------


def _interpolate(ts, vals):
    """Coefficients (constant first) of the polynomial through (ts[i], vals[i])."""
    n = len(ts)
    coeffs = [Fraction(0)] * n
    for i, (ti, vi) in enumerate(zip(ts, vals)):
        basis, denom = [Fraction(1)], Fraction(1)
        for j, tj in enumerate(ts):
            if j != i:
                basis = [a - tj * b for a, b in zip([Fraction(0)] + basis, basis + [Fraction(0)])]
                denom *= ti - tj
        for d, b in enumerate(basis):
            coeffs[d] += vi * b / denom
    return coeffs


#: Most steps (C1, C2, ...) of a curve the checker evaluates: curves found by search have
#: one or two; the interpolation costs ~(2 (H+1) steps)^3 operations on growing numbers
#: (60 zero steps of a 1.5 KB witness took minutes).
MAX_CURVE_STEPS = 4
#: Largest degree 2 (H+1) steps interpolated (a two-step curve of MAX_PARAMS one-unit layers).
MAX_CURVE_DEGREE = 512


def _curve(model, X, Y, Ws, curve):
    """Loss along W + t C1 + t^2 C2 + ..., by exact interpolation of loss values."""
    if isinstance(curve, list) and len(curve) > MAX_CURVE_STEPS:
        raise CertificateError(f"a curve of {len(curve)} steps; the checker evaluates at most {MAX_CURVE_STEPS}")
    if not curve or any(len(step) != len(Ws) or any(_shape(C) != _shape(W) for C, W in zip(step, Ws))
                        for step in curve):
        raise CertificateError("every curve step needs one matrix per layer, of the layer's shape")
    deg = 2 * len(Ws) * len(curve)
    if deg > MAX_CURVE_DEGREE:
        raise CertificateError(f"a loss polynomial of degree {deg} along a curve; the checker interpolates "
                               f"at most {MAX_CURVE_DEGREE}")
    ts = list(range(deg + 1))
    vals = []
    for t in ts:
        Wt = [W for W in Ws]
        for p, step in enumerate(curve, 1):
            Wt = [_add(W, _scale(Fraction(t) ** p, C)) for W, C in zip(Wt, step)]
        vals.append(_net(model, "loss", X, Y, Wt))
    coeffs = _interpolate(ts, vals)
    while len(coeffs) > 1 and coeffs[-1] == 0:
        coeffs.pop()
    return coeffs


# ---- fibres (seed 002, section 5): the loss of a feedforward network along a curve ----
# loss_curve for ["feedforward", ...] specs, by exact interpolation of the checker's own
# feedforward loss (_ff_loss_hd). The degree bound is read off the network as written:
# deg p_1 <= e_1, deg p_k <= e_k + a deg p_{k-1} (a the activation's degree, e_k the highest
# curve step moving layer k), loss degree <= 2 deg p_L; a fibre direction (last layer only)
# gives 2.

def _fib_curve(spec, X, Y, Ws, curve):
    if isinstance(curve, list) and len(curve) > MAX_CURVE_STEPS:
        raise CertificateError(f"a curve of {len(curve)} steps; the checker evaluates at most {MAX_CURVE_STEPS}")
    if not curve or any(len(step) != len(Ws) or any(_shape(C) != _shape(W) for C, W in zip(step, Ws))
                        for step in curve):
        raise CertificateError("every curve step needs one matrix per layer, of the layer's shape")
    cs = spec[0]
    a = max((i for i, c in enumerate(cs) if c != 0), default=0)
    deg_p = 0
    for k in range(len(Ws)):
        e = max((p for p, step in enumerate(curve, 1) if any(x != 0 for r in step[k] for x in r)), default=0)
        deg_p = e + (a * deg_p if k > 0 else 0)
        if deg_p > MAX_CURVE_DEGREE:
            break
    deg = 2 * deg_p
    if deg > MAX_CURVE_DEGREE:
        raise CertificateError(f"a loss polynomial of degree {deg} along a curve; the checker interpolates "
                               f"at most {MAX_CURVE_DEGREE}")
    ts = list(range(deg + 1))
    zero = _unit(Ws, None)
    vals = []
    for t in ts:
        Wt = [W for W in Ws]
        for p, step in enumerate(curve, 1):
            Wt = [_add(W, _scale(Fraction(t) ** p, C)) for W, C in zip(Wt, step)]
        vals.append(_ff_loss_hd(spec, X, Y, Wt, zero, zero)[0])
    coeffs = _interpolate(ts, vals)
    while len(coeffs) > 1 and coeffs[-1] == 0:
        coeffs.pop()
    return coeffs
# ---- end fibres ----


def _descends(coeffs):
    for d, c in enumerate(coeffs[1:], 1):
        if c != 0:
            return d % 2 == 1 or c < 0
    return False


def _index(i, n):
    if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < n:
        raise CertificateError(f"index {str(i)[:20]} out of range 0..{n - 1}")
    return i


def _at(xs, i):
    if not isinstance(xs, list):
        raise CertificateError("indexing a scalar")
    return xs[_index(i, len(xs))]


def _pick(rows, idx):
    if not isinstance(idx, list) or not idx:
        raise CertificateError("a non-empty list of indices is required")
    return [rows[_index(i, len(rows))] for i in idx]


def _trace(A):
    _square(A, "trace")
    return sum((r[i] for i, r in enumerate(A)), Fraction(0))


def _coeff_list(c):
    if not isinstance(c, list) or any(not isinstance(x, Fraction) for x in c):
        raise CertificateError("descends needs a list of polynomial coefficients")
    return c


def _colspace_le(A, B):
    if len(A) != len(B):
        raise CertificateError("column-space comparison of matrices with different row counts")
    return _rank([a + b for a, b in zip(B, A)]) == _rank(B)


# ===== interval certificates (seed 003): the checker's own interval arithmetic ==========
# The facts zero_in, pd_on, loss_in of a transcendental loss are re-decided here with
# mpmath's interval context ``iv`` (outward rounding), not python-flint: no code is shared
# with symlandscape.enclose. Each returns True or rejects the certificate with the reason.
# The model is evaluated by this block's own formulas (the sigmoid neuron's loss, gradient
# and Hessian written out again below).
IV_PREC = 160
#: Largest box (parameters) an interval fact may ask for.
MAX_BOX_DIM = 64
#: Largest number of samples of an interval model.
MAX_IV_SAMPLES = 10_000
#: Largest estimated work of one interval fact, in units of the estimate in _iv_setup (the
#: K = 6 Safran-Shamir box: ~0.3 million, ~5 s a fact).
MAX_IV_WORK = 5_000_000


def _iv():
    from mpmath import iv
    return iv


def _ivq(x: Fraction):
    """An interval containing the rational x (exact integers divided with outward rounding)."""
    iv = _iv()
    return iv.mpf(x.numerator) / iv.mpf(x.denominator)


def _iv_ends(x) -> tuple:
    """The exact rational endpoints of an interval."""
    from mpmath import libmp
    try:
        a, b = x._mpi_
        return Fraction(*libmp.to_rational(a)), Fraction(*libmp.to_rational(b))
    except (ValueError, OverflowError, TypeError, ZeroDivisionError):
        raise CertificateError("an interval enclosure is not finite") from None


def _iv_hull(lo: Fraction, hi: Fraction):
    iv = _iv()
    return iv.mpf([_ivq(lo).a, _ivq(hi).b])


def _iv_sigmoid_neuron(X, Y, w):
    """(L, g, H) over the intervals w: L = 1/2 sum (1/(1+e^{-w.x}) - y)^2 and its derivatives."""
    iv = _iv()
    d, m = len(X), len(X[0])
    if len(Y) != 1 or len(Y[0]) != m or len(w) != d:
        raise CertificateError("a sigmoid neuron needs X d x m, Y 1 x m and d parameters")
    if m > MAX_IV_SAMPLES:
        raise CertificateError("too many samples to re-check")
    x = [[_ivq(X[j][i]) for j in range(d)] for i in range(m)]
    zero = iv.mpf(0)
    L, g, H = zero, [zero] * d, [[zero] * d for _ in range(d)]
    for i in range(m):
        z = zero
        for j in range(d):
            z = z + w[j] * x[i][j]
        s = 1 / (1 + iv.exp(-z))
        r = s - _ivq(Y[0][i])
        ds = s * (1 - s)
        c = ds * ds + r * ds * (1 - 2 * s)
        L = L + r * r / 2
        for j in range(d):
            g[j] = g[j] + r * ds * x[i][j]
            for k in range(d):
                H[j][k] = H[j][k] + c * x[i][j] * x[i][k]
    return L, g, H


class _IvJet:
    """Value, gradient and Hessian (intervals) of a function of m local variables."""

    def __init__(self, v, g, h):
        self.v, self.g, self.h = v, g, h

    @staticmethod
    def make(v, k, m):
        iv = _iv()
        g = [iv.mpf(0)] * m
        if k is not None:
            g[k] = iv.mpf(1)
        return _IvJet(v, g, [[iv.mpf(0)] * m for _ in range(m)])

    def add(self, o, sign=1):
        return _IvJet(self.v + sign * o.v, [a + sign * b for a, b in zip(self.g, o.g)],
                      [[a + sign * b for a, b in zip(r, s)] for r, s in zip(self.h, o.h)])

    def mul(self, o):
        m = len(self.g)
        return _IvJet(self.v * o.v, [self.v * o.g[k] + o.v * self.g[k] for k in range(m)],
                      [[self.v * o.h[p][q] + o.v * self.h[p][q] + self.g[p] * o.g[q] + o.g[p] * self.g[q]
                        for q in range(m)] for p in range(m)])

    def chain(self, f0, f1, f2):
        m = len(self.g)
        return _IvJet(f0, [f1 * a for a in self.g],
                      [[f2 * self.g[p] * self.g[q] + f1 * self.h[p][q] for q in range(m)] for p in range(m)])


def _iv_kernel(w, v):
    """(|w||v| sin t + (pi - t) w.v) / (2 pi) for lists of _IvJet; t by atan2 (iv has no acos)."""
    iv = _iv()

    def dot(a, b):
        out = a[0].mul(b[0])
        for x, y in zip(a[1:], b[1:]):
            out = out.add(x.mul(y))
        return out

    c = dot(w, v)
    p = dot(w, w).mul(dot(v, v))
    q = p.add(c.mul(c), -1)                       # |w|^2 |v|^2 - (w.v)^2
    sq = iv.sqrt(q.v)
    s = q.chain(sq, 1 / (2 * sq), -1 / (4 * sq * q.v))
    rp = iv.sqrt(p.v)
    inv = p.chain(1 / rp, -1 / (2 * rp * p.v), 3 / (4 * rp * p.v * p.v))    # p^(-1/2)
    u = c.mul(inv)
    r = iv.sqrt(1 - u.v * u.v)
    t = u.chain(iv.atan2(r, u.v), -1 / r, -u.v / (r * r * r))              # arccos u
    m = len(c.g)
    pi_minus_t = _IvJet.make(iv.pi, None, m).add(t, -1)
    k = s.add(pi_minus_t.mul(c))
    f = 1 / (2 * iv.pi)
    return _IvJet(k.v * f, [x * f for x in k.g], [[x * f for x in row] for row in k.h])


def _iv_relu_population(X, Y, w, K):
    """(L, g, H) of 1/2 E(sum_i relu(w_i.x) - sum_j a_j relu(v_j.x))^2, x ~ N(0, I), over the
    intervals w (theta = vec W_1: entry (i, c) of W_1 is w[c K + i]); teacher v_j = column j
    of X, a_j = Y[0][j]."""
    iv = _iv()
    d, Kt = len(X), len(X[0])
    if len(Y) != 1 or len(Y[0]) != Kt or len(w) != d * K:
        raise CertificateError("a ReLU population loss needs X d x K*, Y 1 x K* and d K parameters")
    n = d * K
    L, g, H = iv.mpf(0), [iv.mpf(0)] * n, [[iv.mpf(0)] * n for _ in range(n)]
    idx = [[c * K + i for c in range(d)] for i in range(K)]

    def add(jet, where, coeff):
        nonlocal L
        L = L + coeff * jet.v
        for p, P in enumerate(where):
            g[P] = g[P] + coeff * jet.g[p]
            for q, Q in enumerate(where):
                H[P][Q] = H[P][Q] + coeff * jet.h[p][q]

    teacher = [[_ivq(X[r][j]) for r in range(d)] for j in range(Kt)]
    for i in range(K):
        wi = [_IvJet.make(w[P], k, d) for k, P in enumerate(idx[i])]
        sq = wi[0].mul(wi[0])
        for x in wi[1:]:
            sq = sq.add(x.mul(x))
        add(sq, idx[i], iv.mpf(1) / 4)                      # 1/2 k(w_i, w_i) = |w_i|^2 / 4
        for i2 in range(i + 1, K):
            pair = [_IvJet.make(w[P], k, 2 * d) for k, P in enumerate(idx[i] + idx[i2])]
            add(_iv_kernel(pair[:d], pair[d:]), idx[i] + idx[i2], iv.mpf(1))
        for j in range(Kt):
            if Y[0][j] != 0:
                vj = [_IvJet.make(x, None, d) for x in teacher[j]]
                add(_iv_kernel(wi, vj), idx[i], -_ivq(Y[0][j]))
    for j in range(Kt):                                      # the teacher's constant
        vj = [_IvJet.make(x, None, 1) for x in teacher[j]]
        L = L + _ivq(Y[0][j]) ** 2 * sum((x * x for x in teacher[j]), iv.mpf(0)) / 4
        for j2 in range(j + 1, Kt):
            c = sum((X[r][j] * X[r][j2] for r in range(d)), Fraction(0))
            n1 = sum((X[r][j] ** 2 for r in range(d)), Fraction(0))
            n2 = sum((X[r][j2] ** 2 for r in range(d)), Fraction(0))
            if c * c == n1 * n2:          # parallel teacher units: k = max(w.v, 0) / 2 exactly
                k = _ivq(max(c, Fraction(0)) / 2)
            else:
                k = _iv_kernel(vj, [_IvJet.make(x, None, 1) for x in teacher[j2]]).v
            L = L + _ivq(Y[0][j]) * _ivq(Y[0][j2]) * k
    return L, g, H


def _iv_sigmoid_mlp(X, Y, w, h):
    """(L, g, H) of 1/2 ||W_2 s(W_1 X) - Y||^2 over the intervals w, h hidden units, theta =
    (vec W_1; vec W_2) column-major. Per sample: outputs f_o = sum_a W_2[o][a] s_a; the Hessian is
    sum_o (grad f_o)(grad f_o)^T + r_o Hess f_o, with Hess f_o nonzero only in the blocks
    (W_1 row a, W_1 row a): W_2[o][a] s''_a x x^T and (W_1 row a, W_2[o][a]): s'_a x."""
    iv = _iv()
    d, m = len(X), len(X[0])
    k = len(Y)
    if len(Y[0]) != m or len(w) != d * h + h * k:
        raise CertificateError("a sigmoid net needs X d x m, Y k x m and d h + h k parameters")
    if m > MAX_IV_SAMPLES:
        raise CertificateError("too many samples to re-check")
    n = len(w)
    zero = iv.mpf(0)
    p1 = lambda a, b: b * h + a            # noqa: E731  W_1[a][b]
    p2 = lambda o, a: d * h + a * k + o    # noqa: E731  W_2[o][a]
    L, g, H = zero, [zero] * n, [[zero] * n for _ in range(n)]
    for j in range(m):
        x = [_ivq(X[b][j]) for b in range(d)]
        s, s1, s2 = [], [], []
        for a in range(h):
            z = zero
            for b in range(d):
                z = z + w[p1(a, b)] * x[b]
            e = 1 / (1 + iv.exp(-z))
            s.append(e)
            s1.append(e * (1 - e))
            s2.append(e * (1 - e) * (1 - 2 * e))
        for o in range(k):
            f = zero
            for a in range(h):
                f = f + w[p2(o, a)] * s[a]
            r = f - _ivq(Y[o][j])
            L = L + r * r / 2
            grad = {}
            for a in range(h):
                grad[p2(o, a)] = s[a]
                for b in range(d):
                    grad[p1(a, b)] = grad.get(p1(a, b), zero) + w[p2(o, a)] * s1[a] * x[b]
            for P, u in grad.items():
                g[P] = g[P] + r * u
                for Q, v in grad.items():
                    H[P][Q] = H[P][Q] + u * v
            for a in range(h):
                for b in range(d):
                    for b2 in range(d):
                        H[p1(a, b)][p1(a, b2)] = H[p1(a, b)][p1(a, b2)] + r * w[p2(o, a)] * s2[a] * x[b] * x[b2]
                    c = r * s1[a] * x[b]
                    H[p1(a, b)][p2(o, a)] = H[p1(a, b)][p2(o, a)] + c
                    H[p2(o, a)][p1(a, b)] = H[p2(o, a)][p1(a, b)] + c
    return L, g, H


_IV_MODELS = {"sigmoid_neuron": _iv_sigmoid_neuron}


def _iv_setup(model, X, Y, B):
    """The model's interval evaluation ``f(X, Y, w)``: a kind name, or [kind, K] (hidden width;
    for ``relu_circle`` the number of unit angles, one box row each)."""
    if isinstance(model, list) and len(model) == 2 and model[0] == "relu_circle":
        if not (type(model[1]) is int and 0 < model[1] <= 8 and isinstance(B, list) and len(B) == model[1]):
            raise CertificateError("[relu_circle, K] takes 1 <= K <= 8 angles, one box row each")
        model = "relu_circle"
    if (isinstance(model, list) and len(model) == 2 and model[0] == "relu_population"
            and type(model[1]) is int and 0 < model[1] <= MAX_BOX_DIM):
        f = lambda X, Y, w: _iv_relu_population(X, Y, w, model[1])  # noqa: E731
    elif (isinstance(model, list) and len(model) == 2 and model[0] == "sigmoid_mlp"
            and type(model[1]) is int and 0 < model[1] <= MAX_BOX_DIM):
        f = lambda X, Y, w: _iv_sigmoid_mlp(X, Y, w, model[1])  # noqa: E731
    elif isinstance(model, str) and model in _IV_MODELS:
        f = _IV_MODELS[model]
    else:
        raise CertificateError(f"no interval evaluation for model {str(model)[:40]!r}")
    if not isinstance(B, list) or not B or len(B) > MAX_BOX_DIM or any(len(r) != 2 for r in B):
        raise CertificateError("a box is a list of at most 64 [lo, hi] rows")
    if any(r[1] < r[0] for r in B):
        raise CertificateError("a box has an interval with hi < lo")
    # bound the work before any of it: interval operations ~ samples x d^2 (sigmoid) or
    # (pairs of units) x (2d)^2 x 30 (ReLU population jets)
    d, cols = len(X), len(X[0]) if X else 0
    K = model[1] if isinstance(model, list) else 1
    work = cols * d * d if isinstance(model, str) else (K * K + K * cols) * (2 * d) ** 2 * 30
    if isinstance(model, list) and model[0] == "sigmoid_mlp":
        work = cols * len(Y) * len(B) ** 2
    if work > MAX_IV_WORK:
        raise CertificateError(f"the interval re-check would take ~{work:,} interval operations "
                               f"(limit {MAX_IV_WORK:,})")
    return f


class _IvPrec:
    def __enter__(self):
        self.old = _iv().prec
        _iv().prec = IV_PREC

    def __exit__(self, *exc):
        _iv().prec = self.old


def _iv_zero_in(model, X, Y, B):
    """Krawczyk: K = m - Y g(m) + (I - Y J)(X - m) inside the box (Y: this checker's own
    approximate inverse of mid(J), any matrix being allowed by the theorem)."""
    import mpmath
    f = _iv_setup(model, X, Y, B)
    n = len(B)
    with _IvPrec():
        iv = _iv()
        mid = [(lo + hi) / 2 for lo, hi in B]
        Xb = [_iv_hull(lo, hi) for lo, hi in B]
        m = [_ivq(c) for c in mid]
        _, gm, _ = f(X, Y, m)
        _, _, J = f(X, Y, Xb)
        with mpmath.mp.workprec(80):
            Jm = mpmath.matrix([[sum(_iv_ends(J[i][j])) / 2 for j in range(n)] for i in range(n)])
            try:
                Jinv = Jm ** -1
            except ZeroDivisionError:
                raise CertificateError("zero_in: the Hessian's midpoint is singular") from None
            Yq = [[Fraction(*mpmath.libmp.to_rational(mpmath.mpf(Jinv[i, j])._mpf_)) for j in range(n)]
                  for i in range(n)]
        Yv = [[_ivq(y) for y in row] for row in Yq]
        for i in range(n):
            Yg = sum((Yv[i][j] * gm[j] for j in range(n)), iv.mpf(0))
            acc = m[i] - Yg
            for j in range(n):
                c = (1 if i == j else 0) - sum((Yv[i][k] * J[k][j] for k in range(n)), iv.mpf(0))
                acc = acc + c * (Xb[j] - m[j])
            lo, hi = _iv_ends(acc)
            if not (B[i][0] < lo and hi < B[i][1]):
                raise CertificateError(f"zero_in: the Krawczyk image is not inside the box in coordinate "
                                       f"{i + 1} (image [{float(lo):.12g}, {float(hi):.12g}], box "
                                       f"[{float(B[i][0]):.12g}, {float(B[i][1]):.12g}])")
    return True


def _iv_pd_on(model, X, Y, B, mu):
    """Every Hessian on the box has eigenvalues >= mu: the midpoint C minus (mu + r) I has
    inertia (n, 0, 0) by this module's LDL^T, r = the largest row sum of the radius matrix
    (>= ||E||_2 for the symmetric deviation E)."""
    f = _iv_setup(model, X, Y, B)
    mu = _scalar(mu)
    n = len(B)
    with _IvPrec():
        _, _, H = f(X, Y, [_iv_hull(lo, hi) for lo, hi in B])
        ends = [[_iv_ends(H[i][j]) for j in range(n)] for i in range(n)]
    _pd_from_ends(ends, mu, "pd_on")
    return True


def _iv_pd_on_span(model, X, Y, B, V, mu):
    """Every V^T H V (H a Hessian on the box) has eigenvalues >= mu: the interval product
    V^T H V (V rational), then the test of _iv_pd_on on it."""
    f = _iv_setup(model, X, Y, B)
    mu = _scalar(mu)
    n = len(B)
    if len(V) != n or not V or not V[0] or any(len(r) != len(V[0]) for r in V):
        raise CertificateError(f"pd_on_span: V must be an {n} x k matrix")
    k = len(V[0])
    with _IvPrec():
        iv = _iv()
        _, _, H = f(X, Y, [_iv_hull(lo, hi) for lo, hi in B])
        Vi = [[_ivq(x) for x in row] for row in V]
        HV = [[sum((H[i][t] * Vi[t][j] for t in range(n) if V[t][j] != 0), iv.mpf(0)) for j in range(k)]
              for i in range(n)]
        M = [[sum((Vi[t][i] * HV[t][j] for t in range(n) if V[t][i] != 0), iv.mpf(0)) for j in range(k)]
             for i in range(k)]
        ends = [[_iv_ends(M[i][j]) for j in range(k)] for i in range(k)]
    _pd_from_ends(ends, mu, "pd_on_span")
    return True


def _pd_from_ends(ends, mu, what):
    """Every symmetric matrix with entries in the intervals ``ends`` has eigenvalues >= mu:
    the rounded midpoint minus (mu + r) I positive definite by exact LDL^T, r the largest row
    sum of the radius (>= the 2-norm of the symmetric deviation)."""
    n = len(ends)
    grid = Fraction(1, 2 ** 64)
    C = _zeros(n, n)
    R = _zeros(n, n)
    for i in range(n):
        for j in range(n):
            (a, b), (c, d) = ends[i][j], ends[j][i]
            rounded = ((a + b + c + d) / 4 / grid).__floor__() * grid
            C[i][j] = rounded
            R[i][j] = max(b - rounded, rounded - a, d - rounded, rounded - c)
    r = max(sum(row, Fraction(0)) for row in R)
    shifted = [[C[i][j] - ((mu + r) if i == j else 0) for j in range(n)] for i in range(n)]
    if _inertia(shifted) != [n, 0, 0]:
        raise CertificateError(f"{what}: cannot confirm eigenvalues >= {mu} on the box (midpoint minus "
                               f"{float(mu + r):.6g} I is not positive definite)")


def _iv_loss_in(model, X, Y, B, lo, hi):
    f = _iv_setup(model, X, Y, B)
    lo, hi = _scalar(lo), _scalar(hi)
    with _IvPrec():
        L, _, _ = f(X, Y, [_iv_hull(a, b) for a, b in B])
        a, b = _iv_ends(L)
    if not (lo <= a and b <= hi):
        raise CertificateError(f"loss_in: the loss on the box, [{float(a):.12g}, {float(b):.12g}], is not "
                               f"inside [{float(lo):.12g}, {float(hi):.12g}]")
    return True


def _interval_fact(op, a, ev):
    """Dispatch of the interval facts (one line in _evaluate_op)."""
    X, Y, B = ev(a[1]), ev(a[2]), ev(a[3])
    if op == "zero_in":
        return _iv_zero_in(a[0], X, Y, B)
    if op == "pd_on":
        return _iv_pd_on(a[0], X, Y, B, ev(a[4]))
    if op == "pd_on_span":
        return _iv_pd_on_span(a[0], X, Y, B, ev(a[4]), ev(a[5]))
    return _iv_loss_in(a[0], X, Y, B, ev(a[4]), ev(a[5]))
# ===== end of interval certificates =======================================================
# ---- relu neurons (seed 003: TIAN, WU) ----------------------------------------------------------
# The checker's own view of (1) the Gaussian ReLU population loss at aligned points (every
# student-student and student-teacher pair parallel or antiparallel): there the loss has the
# derivatives of the quadratic q(W) = 1/2 sum_{i,i'} P_ii' w_i.w_i' - sum_i b_i.w_i + c with
# P_ii = 1/2, P_ii' = 1/2 for a parallel pair (else 0) and b_i = sum of a_j v_j / 2 over the
# teachers parallel to w_i: gradient (P kron I) theta - b, Hessian P kron I in theta order
# (the kernel is w.v/2 or 0 up to a cubic remainder); (2) unit-norm ReLU units in the plane in
# angle coordinates (turns), model "relu_circle"; (3) the interval facts zeros_covered (its own
# bisection) and neg_curv_on. Written again from the formulas, sharing nothing with the prover.
_RN_OPS = ("zeros_covered", "neg_curv_on")
#: Most cells the checker's cover may examine.
MAX_COVER_CELLS = 200_000


def _rn_aligned_pair(a, b) -> int:
    c = sum((x * y for x, y in zip(a, b)), Fraction(0))
    na, nb = sum((x * x for x in a), Fraction(0)), sum((x * x for x in b), Fraction(0))
    if na == 0 or nb == 0:
        return 0
    if c * c != na * nb:
        raise CertificateError("the ReLU population loss is exact only at aligned points")
    return 1 if c > 0 else -1


def _rn_aligned(op, X, Y, Ws):
    if not Ws:
        raise CertificateError("a ReLU population point needs W_1")
    W = Ws[0]
    d, Kt = _shape(X)
    K = len(W)
    if _shape(W) != (K, d) or _shape(Y) != (1, Kt):
        raise CertificateError("ReLU population point and data do not conform")
    units = [list(r) for r in W]
    tea = [([X[r][j] for r in range(d)], Y[0][j]) for j in range(Kt) if Y[0][j] != 0]
    P = [[Fraction(1, 2) if i == k or _rn_aligned_pair(units[i], units[k]) > 0 else Fraction(0)
          for k in range(K)] for i in range(K)]
    b = [[sum((a * v[c] for v, a in tea if _rn_aligned_pair(units[i], v) > 0), Fraction(0)) / 2 for c in range(d)]
         for i in range(K)]
    if op == "loss":
        q = sum((P[i][k] * sum((x * y for x, y in zip(units[i], units[k])), Fraction(0))
                 for i in range(K) for k in range(K)), Fraction(0)) / 2
        q -= sum((b[i][c] * units[i][c] for i in range(K) for c in range(d)), Fraction(0))
        for j, (v, a) in enumerate(tea):
            for j2, (v2, a2) in enumerate(tea):
                if j == j2 or _rn_aligned_pair(v, v2) > 0:
                    q += a * a2 * sum((x * y for x, y in zip(v, v2)), Fraction(0)) / 4
        return q
    if any(all(x == 0 for x in w) for w in units):
        raise CertificateError("the loss is not differentiable where a ReLU unit is 0")
    n = K * d
    H = [[P[p % K][q % K] if p // K == q // K else Fraction(0) for q in range(n)] for p in range(n)]
    if op == "hessian":
        return H
    theta = [units[p % K][p // K] for p in range(n)]
    return [[sum((H[p][q] * theta[q] for q in range(n)), Fraction(0)) - b[p % K][p // K]] for p in range(n)]


def _rn_f(x):
    """(F, F', F'') of F(x) = f(2 pi x), x an interval in turns, f the unit arc-cosine kernel."""
    import math
    iv = _iv()
    pi = iv.pi
    lo, hi = x.a, x.b                     # exact endpoints (degenerate intervals): no rounding below
    if not (hi - lo <= 0.5):
        raise CertificateError("an angle interval wider than half a turn")
    n = math.floor(float(x.mid) + 0.5)    # any integer shift is valid; the tests below are exact
    y = x - n
    ylo, yhi = y.a, y.b
    if ylo >= -0.5 and yhi <= 0.5:
        D = 2 * pi * y
        a = abs(D)
        f = (pi * iv.cos(D) + iv.sin(a) - a * iv.cos(D)) / (2 * pi)
        f1 = -(pi - a) * iv.sin(D) / (2 * pi)
        f2 = (iv.sin(a) - (pi - a) * iv.cos(D)) / (2 * pi)
    else:
        half = _ivq(Fraction(1, 2))
        u = 2 * pi * (y - half if ylo + yhi > 0 else y + half)     # straddles +-1/2: width <= 1/2
        a = abs(u)
        f = (iv.sin(a) - a * iv.cos(u)) / (2 * pi)
        f1 = a * iv.sin(u) / (2 * pi)
        f2 = (iv.sin(a) + a * iv.cos(u)) / (2 * pi)
    return f, 2 * pi * f1, 4 * pi * pi * f2


def _rn_teacher(X, Y):
    """Norms and angles (turns) of the teacher's units, as intervals."""
    iv = _iv()
    if len(X) != 2 or len(Y) != 1 or len(Y[0]) != len(X[0]):
        raise CertificateError("relu_circle needs X 2 x K* and Y 1 x K*")
    tea = []
    for j in range(len(X[0])):
        p, q = X[0][j], X[1][j]
        if p == 0 and q == 0:
            raise CertificateError("relu_circle: a teacher unit is 0")
        tea.append((iv.sqrt(_ivq(p * p + q * q)), iv.atan2(_ivq(q), _ivq(p)) / (2 * iv.pi), Y[0][j]))
    return tea


def _iv_relu_circle(X, Y, w, tea=None, grad_only=False):
    """(L, g, H) of unit-norm ReLU units at angles w (turns) against the teacher (X, Y), d = 2."""
    iv = _iv()
    tea = tea or _rn_teacher(X, Y)
    K = len(w)
    zero = iv.mpf(0)
    L, g, H = iv.mpf(K) / 4, [zero] * K, [[zero] * K for _ in range(K)]
    for i in range(K):
        for k in range(i + 1, K):
            f, f1, f2 = _rn_f(w[i] - w[k])
            L, g[i], g[k] = L + f, g[i] + f1, g[k] - f1
            H[i][i], H[k][k], H[i][k], H[k][i] = H[i][i] + f2, H[k][k] + f2, H[i][k] - f2, H[k][i] - f2
        for nv, ph, a in tea:
            if a != 0:
                f, f1, f2 = _rn_f(w[i] - ph)
                c = nv * _ivq(a)
                L, g[i], H[i][i] = L - c * f, g[i] - c * f1, H[i][i] - c * f2
    if grad_only:
        return None, g, None
    for j, (nv, ph, a) in enumerate(tea):
        L = L + _ivq(a * a) * nv * nv / 4
        for nv2, ph2, a2 in tea[j + 1:]:
            L = L + _ivq(a * a2) * nv * nv2 * _rn_f(ph - ph2)[0]
    return L, g, H


def _iv_relu_polar(X, Y, w):
    """(L, g, H) of one unit w = r (cos 2 pi tau, sin 2 pi tau) in the frame of the one teacher
    unit v (first axis v/|v|), parameters (r, tau): L = r^2/4 - r a |v| F(tau) + a^2 |v|^2/4."""
    iv = _iv()
    if _shape(X) != (2, 1) or _shape(Y) != (1, 1) or len(w) != 2:
        raise CertificateError("relu_polar needs X 2 x 1, Y 1 x 1 and the parameters (r, tau)")
    n2 = X[0][0] ** 2 + X[1][0] ** 2
    if n2 == 0:
        raise CertificateError("relu_polar: the teacher unit is 0")
    c = iv.sqrt(_ivq(n2)) * _ivq(Y[0][0])
    r, tau = w
    F, F1, F2 = _rn_f(tau)
    L = r * r / 4 - r * c * F + _ivq(Y[0][0] ** 2 * n2) / 4
    return L, [r / 2 - c * F, -r * c * F1], [[iv.mpf(1) / 2, -c * F1], [-c * F1, -r * c * F2]]


_IV_MODELS["relu_circle"] = _iv_relu_circle
_IV_MODELS["relu_polar"] = _iv_relu_polar


def _rn_box(B, n):
    if not isinstance(B, list) or len(B) != n or any(len(r) != 2 or r[1] < r[0] for r in B):
        raise CertificateError(f"a box for {n} parameters is n rows [lo, hi] with lo <= hi")
    return B


class _RnPrec:
    """mpmath iv at ``bits`` of precision inside the block (the cover's cells are not tiny)."""

    def __init__(self, bits):
        self.bits = bits

    def __enter__(self):
        self.old = _iv().prec
        _iv().prec = self.bits

    def __exit__(self, *exc):
        _iv().prec = self.old


def _rn_cover(model, X, Y, rect, boxes):
    """Bisect rect until every cell lies in a box or the gradient's enclosure excludes 0."""
    f = _iv_setup(model, X, Y, rect)
    n = len(rect)
    boxes = [_rn_box(b, n) for b in boxes]
    stack, seen = [tuple(tuple(r) for r in rect)], 0
    if f is _iv_relu_circle:        # the teacher once, the gradient alone: the cover's hot loop
        tea = _rn_teacher(X, Y)
        f = lambda X, Y, w: _iv_relu_circle(X, Y, w, tea, grad_only=True)  # noqa: E731
    with _RnPrec(64):
        while stack:
            cell = stack.pop()
            seen += 1
            if seen > MAX_COVER_CELLS:
                raise CertificateError(f"zeros_covered: more than {MAX_COVER_CELLS} cells")
            if any(all(b[i][0] <= cell[i][0] and cell[i][1] <= b[i][1] for i in range(n)) for b in boxes):
                continue
            try:
                _, g, _ = f(X, Y, [_iv_hull(lo, hi) for lo, hi in cell])
                if any(_iv_ends(x)[0] > 0 or _iv_ends(x)[1] < 0 for x in g):
                    continue
            except CertificateError:
                pass                      # too wide an angle interval: split further
            k = max(range(n), key=lambda i: cell[i][1] - cell[i][0])
            lo, hi = cell[k]
            if hi - lo < Fraction(1, 2 ** 60):
                raise CertificateError("zeros_covered: a cell is neither excluded nor inside a box")
            mid = (lo + hi) / 2
            stack += [cell[:k] + ((lo, mid),) + cell[k + 1:], cell[:k] + ((mid, hi),) + cell[k + 1:]]
    return True


def _rn_neg_curv(model, X, Y, B, u):
    f = _iv_setup(model, X, Y, B)
    n = len(B)
    if _shape(u) != (n, 1):
        raise CertificateError("neg_curv_on: u must be an n x 1 column")
    with _IvPrec():
        _, _, H = f(X, Y, [_iv_hull(lo, hi) for lo, hi in B])
        uv = [_ivq(r[0]) for r in u]
        q = sum((uv[i] * H[i][j] * uv[j] for i in range(n) for j in range(n)), _iv().mpf(0))
        if not _iv_ends(q)[1] < 0:
            raise CertificateError("neg_curv_on: u^T H u is not certainly negative on the box")
    return True


def _relu_neurons_op(op, a, ev):
    """Dispatch (one line in _evaluate_op): exact relu_population values at aligned points and
    the facts zeros_covered, neg_curv_on; None when the operation is not this block's."""
    if op in ("loss", "grad", "hessian") and a and a[0] == "relu_population":
        return _rn_aligned(op, ev(a[1]), ev(a[2]), [ev(w) for w in a[3]])
    if op == "zeros_covered":
        return _rn_cover(a[0], ev(a[1]), ev(a[2]), ev(a[3]), [ev(b) for b in a[4]])
    if op == "neg_curv_on":
        return _rn_neg_curv(a[0], ev(a[1]), ev(a[2]), ev(a[3]), ev(a[4]))
    return None
# ---- end of relu neurons ------------------------------------------------------------------------



def independent_evaluate(expr, env):
    """Evaluate a fact expression with plain fractions (see ``evidence`` for the language).

    >>> independent_evaluate(["rank", ["lit", [[1, 2], [2, 4]]]], {})
    1
    """
    if isinstance(expr, str):
        if expr not in env:
            raise CertificateError(f"fact names unknown matrix {expr!r}")
        return env[expr]
    if isinstance(expr, bool):
        return expr
    if isinstance(expr, int):
        return Fraction(expr)
    if not isinstance(expr, list) or not expr or not isinstance(expr[0], str):
        raise CertificateError(f"malformed fact expression {str(expr)[:60]!r}")
    cache = getattr(env, "cache", None)
    if cache is not None:
        import json
        key = json.dumps(expr)
        if key not in cache:
            cache[key] = _evaluate_op(expr, env)
        return cache[key]
    return _evaluate_op(expr, env)


class _Env(dict):
    """Named values plus a cache of evaluated subexpressions (never mutated)."""

    def __init__(self, *a):
        super().__init__(*a)
        self.cache = {}


def _evaluate_op(expr, env):
    op, *a = expr
    ev = lambda t: independent_evaluate(t, env)  # noqa: E731
    if (op in _RN_OPS or op in ("loss", "grad", "hessian")) and (r := _relu_neurons_op(op, a, ev)) is not None:
        return r
    if op in ("loss", "grad", "hessian") and _ff_spec(a[0]) is not None:
        return _ff_net(_ff_spec(a[0]), op, ev(a[1]), ev(a[2]), [ev(w) for w in a[3]])
    if op in ("loss", "grad", "hessian"):
        return _net(a[0], op, ev(a[1]), ev(a[2]), [ev(w) for w in a[3]])
    if op == "loss_curve" and _ff_spec(a[0]) is not None:   # fibres block
        return _fib_curve(_ff_spec(a[0]), ev(a[1]), ev(a[2]), [ev(w) for w in a[3]], [[ev(c) for c in st] for st in a[4]])
    if op == "hessian_inertia":
        if len(a) != 6:
            raise CertificateError("hessian_inertia takes model, X, Y, [W...], P, C")
        return _hessian_inertia(a[0], ev(a[1]), ev(a[2]), [ev(w) for w in a[3]], a[4], a[5])
    if op in ("path_sum", "relu_output", "path_count", "relu_ties"):
        fn = {"path_sum": _path_sum, "relu_output": _relu_output, "path_count": _path_count,
              "relu_ties": _relu_ties}[op]
        return fn(a[0], ev(a[1]), [ev(w) for w in a[3]])
    if op == "gated_expectation":
        return _gated_expectation(a[0], ev(a[1]), [ev(w) for w in a[3]], ev(a[4]))
    if op in _RW_OPS:
        return _rw_op(op, a, ev)
    if op in ("zero_in", "pd_on", "loss_in", "pd_on_span"):
        return _interval_fact(op, a, ev)
    simple = {
        "lit": lambda: _mat(a[0]), "eye": lambda: _eye(a[0]), "zeros": lambda: _zeros(a[0], a[1]),
        "sub": lambda: _add(ev(a[0]), _scale(-1, ev(a[1]))), "neg": lambda: _scale(-1, ev(a[0])),
        "scale": lambda: _scale(ev(a[0]) if isinstance(a[0], list) else _frac(a[0]), ev(a[1])),
        "T": lambda: _T(ev(a[0])),
        "loss_curve": lambda: _curve(a[0], ev(a[1]), ev(a[2]), [ev(w) for w in a[3]],
                                     [[ev(c) for c in step] for step in a[4]]),
        "descends": lambda: _descends(_coeff_list(ev(a[0]))), "at": lambda: _at(ev(a[0]), a[1]),
        "kron": lambda: _kron(ev(a[0]), ev(a[1])), "vec": lambda: _vec(ev(a[0])),
        "unvec": lambda: _unvec(ev(a[0]), a[1], a[2]), "K": lambda: _commutation(a[0], a[1]),
        "inv": lambda: _inv(ev(a[0])), "pinv": lambda: _pinv(ev(a[0])),
        "proj": lambda: _mul(ev(a[0]), _pinv(ev(a[0]))),
        "cols": lambda: _T(_pick(_T(ev(a[0])), a[1])),
        "rows": lambda: _pick(ev(a[0]), a[1]),
        "q": lambda: _frac(a[0]), "rank": lambda: _rank(ev(a[0])),
        "frob2": lambda: sum((x * x for r in ev(a[0]) for x in r), Fraction(0)),
        "trace": lambda: _trace(ev(a[0])),
        "entry": lambda: _at(_at(ev(a[0]), a[1]), a[2]), "det": lambda: _det(ev(a[0])),
        "inertia": lambda: _inertia(ev(a[0])),
        "eq": lambda: ev(a[0]) == ev(a[1]), "ne": lambda: ev(a[0]) != ev(a[1]),
        "lt": lambda: _scalar(ev(a[0])) < _scalar(ev(a[1])),
        "le": lambda: _scalar(ev(a[0])) <= _scalar(ev(a[1])),
        "is_zero": lambda: all(x == 0 for r in ev(a[0]) for x in r),
        "colspace_le": lambda: _colspace_le(ev(a[0]), ev(a[1])),
        "colspace_eq": lambda: _colspace_le(ev(a[0]), ev(a[1])) and _colspace_le(ev(a[1]), ev(a[0])),
        "not": lambda: not ev(a[0]),
    }
    if op in simple:
        return simple[op]()
    if op in ("mul", "add", "hstack", "vstack", "and", "or"):
        xs = [ev(t) for t in a]
        if op == "and":
            return all(xs)
        if op == "or":
            return any(xs)
        if op == "hstack":
            if len({len(x) for x in xs}) != 1:
                raise CertificateError("hstack of matrices with different row counts")
            _dims(len(xs[0]), sum(len(x[0]) for x in xs))
            return [sum(rs, []) for rs in zip(*xs)]
        if op == "vstack":
            if len({len(x[0]) for x in xs}) != 1:
                raise CertificateError("vstack of matrices with different column counts")
            _dims(sum(len(x) for x in xs), len(xs[0][0]))
            return [r for x in xs for r in x]
        out = xs[0]
        for x in xs[1:]:
            out = _mul(out, x) if op == "mul" else _add(out, x)
        return out
    if op == "top_sum_attained":
        return _top_sum_op(ev, a)
    if op == "ginv":
        A, U = ev(a[0]), ev(a[1])
        P = _pinv(A)
        return _add(_add(P, U), _scale(-1, _mul(_mul(_mul(_mul(P, A), U), A), P)))
    raise CertificateError(f"unknown fact operation {op!r}")


# -- top_sum_attained (independent re-check; issue 13) ------------------------------------------
# ["top_sum_attained", S, B, k] : tr(Pi_{col B} S) = lambda_1 + ... + lambda_k of the symmetric PSD S;
# [..., k, "strict"]            : moreover lambda_k > lambda_{k+1} (or k >= d).
# Own code, sharing nothing with landscape.globalmin / exact.roots: the Fraction matrices
# and LDL^T inertia above, Berkowitz characteristic polynomials, Sturm sequences (scaled
# to primitive integer polynomials) and bisection on lists of Fractions (constant
# coefficient first).
#
# Why this decides the statement (r = rank B <= k, V = col B, C a basis of V^perp):
# r = d or r = k = 0: true; r < k: true iff S C = 0; r = k: true iff S V <= V and
# lambda_min(S|V) >= lambda_max(S|V^perp) (Ky Fan's equality case). The two extreme
# eigenvalues are compared by exact root isolation; a rational separator c confirms the
# outcome by two inertias, and equal roots are proved by a common factor (gcd).

#: Largest S (d x d) the re-checker accepts for top_sum_attained. The work is a d x d
#: LDL^T inertia, an inverse and two characteristic polynomials of sizes r and d - r
#: (Berkowitz: O(d^4) Fraction operations), Sturm chains of degree <= d, bisection
#: (its number of steps grows with the bit size of the entries) and two more inertias.
#: Measured with small integer entries (2-core machine, under load): d = 25, r = 10:
#: 0.5-1.5 s; d = 40: 3-6 s (r = 20), ~22 s (r = 39); the autoencoder [25, 10, 25]'s
#: Sigma from rational orthogonal data: ~3 s.
MAX_TOP_SUM_DIM = 40


def _top_sum_op(ev, a):
    if len(a) not in (3, 4) or (len(a) == 4 and a[3] != "strict"):
        raise CertificateError("top_sum_attained takes S, B, k and optionally \"strict\"")
    k = a[2]
    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise CertificateError(f"top_sum_attained: k = {str(k)[:20]} is not a non-negative integer")
    S, B = ev(a[0]), ev(a[1])
    if not isinstance(S, list) or not isinstance(B, list):
        raise CertificateError("top_sum_attained needs two matrices")
    return _top_sum(S, B, k, len(a) == 4)


def _top_sum(S, B, k, strict):
    d = len(S)
    _square(S, "top_sum_attained")
    if d > MAX_TOP_SUM_DIM:
        raise CertificateError(f"top_sum_attained of a {d} x {d} matrix is larger than the checker allows "
                               f"(MAX_TOP_SUM_DIM = {MAX_TOP_SUM_DIM})")
    if len(B) != d:
        raise CertificateError(f"top_sum_attained: B has {len(B)} rows, S is {d} x {d}")
    if _inertia(S)[1] != 0:                     # (also refuses a non-symmetric S)
        raise CertificateError("top_sum_attained: S is not positive semidefinite")
    piv = _rref(B)[1]
    r = len(piv)
    if r > k:
        raise CertificateError(f"top_sum_attained: rank B = {r} exceeds k = {k}")
    if r == d or (r == 0 and k == 0):
        return True
    Bv = [[row[j] for j in piv] for row in B]
    C = _eye(d) if r == 0 else _nullspace(_T(Bv))
    if r < k:
        return all(x == 0 for row in _mul(S, C) for x in row) and (not strict or k >= d)
    if not _colspace_le(_mul(S, Bv), Bv):      # V is not S-invariant
        return False
    A, G = _mul(_mul(_T(Bv), S), Bv), _mul(_T(Bv), Bv)
    A2, G2 = _mul(_mul(_T(C), S), C), _mul(_T(C), C)
    order, c = _compare_extremes(_charpoly(_mul(_inv(G), A)), _charpoly(_mul(_inv(G2), A2)))
    if c is not None:                           # the separator's two inertias
        on_v = _inertia(_add(A, _scale(-c, G)))
        on_perp = _inertia(_add(_scale(c, G2), _scale(-1, A2)))
        confirmed = (on_v[1] == 0 and on_perp[1] == 0) if order > 0 else \
            (on_v[1] + on_v[2] > 0 and on_perp[1] > 0)
        if not confirmed:
            raise CertificateError("top_sum_attained: separator and root isolation disagree (checker bug)")
    return order > 0 if strict else order >= 0


def _nullspace(A):
    """A basis of {x : A x = 0} as the columns of an n x (n - rank) matrix."""
    R, piv = _rref(A)
    n = _shape(A)[1]
    free = [j for j in range(n) if j not in piv]
    cols = []
    for f in free:
        v = [Fraction(0)] * n
        v[f] = Fraction(1)
        for i, p in enumerate(piv):
            v[p] = -R[i][f]
        cols.append(v)
    return _T(cols)


def _charpoly(A):
    """det(x I - A), constant coefficient first, by Berkowitz's division-free algorithm:
    the characteristic polynomial of each leading principal submatrix from the previous
    one, through the Toeplitz vector (1, -a_kk, -r A_k^i c), i = 0, 1, ...
    (r, c: the k-th row and column left of / above the diagonal; O(n^4) Fraction operations
    in matrix-vector products)."""
    n = len(A)
    steps = []
    for size in range(n, 1, -1):
        k = size - 1
        sub = [row[:k] for row in A[:k]]
        r = [-x for x in A[k][:k]]
        v = [A[i][k] for i in range(k)]
        seq = [Fraction(1), -A[k][k]]
        for _ in range(k):
            seq.append(sum((x * y for x, y in zip(r, v)), Fraction(0)))
            v = [sum((x * y for x, y in zip(row, v)), Fraction(0)) for row in sub]
        steps.append(seq)
    poly = [Fraction(1), -A[0][0]] if n else [Fraction(1)]         # highest degree first
    for seq in reversed(steps):
        poly = [sum((seq[i - j] * poly[j] for j in range(len(poly)) if 0 <= i - j < len(seq)), Fraction(0))
                for i in range(len(seq))]
    return poly[::-1]


def _positive_primitive(p):
    """p times a positive rational: integer coefficients with gcd 1 (same Sturm signs)."""
    from math import gcd, lcm
    if not p:
        return p
    den = lcm(*(x.denominator for x in p))
    ints = [x.numerator * (den // x.denominator) for x in p]
    g = gcd(*ints)
    return [Fraction(x // g) for x in ints]


def _p_trim(p):
    p = list(p)
    while p and p[-1] == 0:
        p.pop()
    return p


def _p_eval(p, x):
    v = Fraction(0)
    for a in reversed(p):
        v = v * x + a
    return v


def _p_divmod(a, b):
    a, b = _p_trim(a), _p_trim(b)
    q = [Fraction(0)] * max(len(a) - len(b) + 1, 1)
    while len(a) >= len(b):
        f, s = a[-1] / b[-1], len(a) - len(b)
        q[s] = f
        a = _p_trim([x - f * (b[i - s] if 0 <= i - s < len(b) else 0) for i, x in enumerate(a)])
    return _p_trim(q), a


def _p_gcd(a, b):
    a, b = _p_trim(a), _p_trim(b)
    while b:
        a, b = b, _p_divmod(a, b)[1]
    return [x / a[-1] for x in a] if a else a


def _p_deriv(p):
    return _p_trim([i * x for i, x in enumerate(p)][1:])


def _squarefree(p):
    g = _p_gcd(p, _p_deriv(p))
    return _p_divmod(p, g)[0] if len(g) > 1 else _p_trim(p)


def _sturm(p):
    chain = [_positive_primitive(p), _positive_primitive(_p_deriv(p))]
    while len(chain[-1]) > 1:
        r = [-x for x in _p_divmod(chain[-2], chain[-1])[1]]
        if not r:
            break
        chain.append(_positive_primitive(r))
    return chain


def _variations(chain, x):
    """Sign changes of the chain at x (None: -infinity; "inf": +infinity), zeros dropped."""
    signs = []
    for q in chain:
        if x is None:
            v = q[-1] * (-1 if (len(q) - 1) % 2 else 1)
        elif x == "inf":
            v = q[-1]
        else:
            v = _p_eval(q, x)
        if v != 0:
            signs.append(v > 0)
    return sum(1 for s, t in zip(signs, signs[1:]) if s != t)


def _count(chain, lo, hi):
    """Distinct roots of the chain's (squarefree) polynomial in (lo, hi]."""
    return _variations(chain, lo) - _variations(chain, hi)


def _extreme(p, smallest):
    """(squarefree p, its Sturm chain, lo, hi): (lo, hi] holds the smallest (largest) real
    root of p and no other root of p."""
    p = _squarefree(p)
    chain = _sturm(p)
    bound = 1 + max(abs(x / p[-1]) for x in p[:-1])     # Cauchy: every root in (-bound, bound)
    lo, hi = -bound, bound
    while _count(chain, lo, hi) > 1:
        mid = (lo + hi) / 2
        if smallest:
            lo, hi = (lo, mid) if _count(chain, lo, mid) > 0 else (mid, hi)
        else:
            lo, hi = (mid, hi) if _count(chain, mid, hi) > 0 else (lo, mid)
    return chain, lo, hi


def _refine(chain, lo, hi):
    mid = (lo + hi) / 2
    return (lo, mid) if _count(chain, lo, mid) == 1 else (mid, hi)


def _compare_extremes(p, q):
    """(sign of lambda_min(p) - mu_max(q), separator c or None for a tie): -1, 0 or 1."""
    pc, plo, phi = _extreme(p, True)
    qc, qlo, qhi = _extreme(q, False)
    g = _p_gcd(pc[0], qc[0])
    gc = _sturm(g) if len(g) > 1 else None
    while True:
        if qhi <= plo:                      # mu <= qhi <= plo < lambda
            return 1, qhi
        if phi <= qlo:                      # lambda <= phi <= qlo < mu
            return -1, phi
        # a common root in the overlap is the only root of each interval: lambda = mu
        if gc is not None and _count(gc, max(plo, qlo), min(phi, qhi)) > 0:
            return 0, None
        plo, phi = _refine(pc, plo, phi)
        qlo, qhi = _refine(qc, qlo, qhi)
# -- end top_sum_attained ----------------------------------------------------------------------


def _encode(v):
    if isinstance(v, bool) or isinstance(v, int):
        return v
    if isinstance(v, Fraction):
        return str(v)
    if isinstance(v, list) and v and isinstance(v[0], list):
        return [[str(x) for x in r] for r in v]
    if isinstance(v, list):
        return [_encode(x) for x in v]
    raise CertificateError(f"cannot encode value of type {type(v).__name__}")


_INSTANCE_KEYS = {"matrices": {"model", "schema_version", "name", "description", "matrices"},
                  "deep_linear": {"model", "schema_version", "name", "description", "widths", "X", "Y", "weights"},
                  "residual_linear": {"model", "schema_version", "name", "description", "widths", "X", "Y", "weights"},
                  "relu": {"model", "schema_version", "name", "description", "widths", "X", "Y", "weights", "q"},
                  "sigmoid_neuron": {"model", "schema_version", "name", "description", "widths", "X", "Y", "weights"},
                  "relu_population": {"model", "schema_version", "name", "description", "widths", "X", "Y", "weights"},
                  "sigmoid_mlp": {"model", "schema_version", "name", "description", "widths", "X", "Y", "weights"},
                  "feedforward": {"model", "schema_version", "name", "description", "widths", "X", "Y", "weights",
                                  "a0", "a1", "a2", "a3", "hidden_bias", "output_bias"}}


def _instance_env(inst: dict) -> dict:
    """The instance's named matrices, validated independently of ``instances.py``."""
    if not isinstance(inst, dict):
        raise CertificateError("certificate has no instance object")
    model = inst.get("model")
    if model not in _INSTANCE_KEYS:
        raise CertificateError(f"certificate instance has unknown model {model!r}")
    if set(inst) - _INSTANCE_KEYS[model]:
        raise CertificateError(f"certificate instance has unknown keys {sorted(map(repr, set(inst) - _INSTANCE_KEYS[model]))}")
    if model == "matrices":
        mats = inst.get("matrices")
        if not isinstance(mats, dict) or not mats or not all(isinstance(k, str) and k.isidentifier() for k in mats):
            raise CertificateError("certificate instance needs named matrices")
        return {k: _mat(v) for k, v in mats.items()}
    widths = inst.get("widths")
    if not (isinstance(widths, list) and len(widths) >= 2
            and all(type(w) is int and w > 0 for w in widths)):
        raise CertificateError("certificate instance has no valid widths")
    env = {"X": _mat(inst.get("X")), "Y": _mat(inst.get("Y"))}
    m = _shape(env["X"])[1]
    if _shape(env["X"])[0] != widths[0] or _shape(env["Y"]) != (widths[-1], m):
        raise CertificateError("certificate instance data do not match its widths")
    if model == "residual_linear" and len(set(widths)) != 1:
        raise CertificateError("residual instance with unequal widths")
    if model == "sigmoid_neuron" and (len(widths) != 2 or widths[1] != 1):
        raise CertificateError("a sigmoid neuron instance has widths [d, 1]")
    if model == "relu_population" and (len(widths) != 3 or widths[2] != 1):
        raise CertificateError("a ReLU population instance has widths [d, K, 1]")
    if model == "sigmoid_mlp" and len(widths) != 3:
        raise CertificateError("a one-hidden-layer sigmoid instance has widths [d_0, d_1, d_2]")
    if model == "relu":
        env["q"] = [[_frac(inst.get("q", 1))]]
        if env["q"][0][0] == 0:
            raise CertificateError("relu instance with q = 0")
    cols = _ff_instance(inst, env, widths) if model == "feedforward" else widths[:-1]
    if "weights" in inst:
        W = inst["weights"]
        if not isinstance(W, list) or len(W) != len(widths) - 1:
            raise CertificateError("certificate instance has the wrong number of weights")
        for k, w in enumerate(W):
            env[f"W{k + 1}"] = _mat(w)
            if _shape(env[f"W{k + 1}"]) != (widths[k + 1], cols[k]):
                raise CertificateError(f"certificate weight W{k + 1} does not match the widths")
    return env


def _same(a, b) -> bool:
    """Equality that also compares JSON types (True is not 1, "1" is not 1, no floats)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


class _Independent:
    """This module's evaluator, as a statement run uses it."""

    def evaluate(self, expr, env):
        return independent_evaluate(expr, env)

    def encode(self, value):
        return _encode(value)

    def neutral(self, value):
        if isinstance(value, list):
            return [self.neutral(x) for x in value]
        return value

    def fresh_env(self, env):
        return _Env(env)


#: The independent evaluator.
INDEPENDENT = _Independent()

_ERRORS = (TypeError, ValueError, IndexError, KeyError, ZeroDivisionError, RecursionError,
           OverflowError, MemoryError, AttributeError)


def _header(cert) -> None:
    if not isinstance(cert, dict) or cert.get("format") != "symlandscape-certificate":
        raise CertificateError("not a symlandscape certificate")
    if type(cert.get("version")) is not int or cert.get("version") not in (1, 2):
        raise CertificateError(f"unsupported certificate version {cert.get('version')!r}")
    facts = cert.get("facts")
    if not isinstance(facts, list):
        raise CertificateError("certificate has no list of facts")
    for f in facts:
        if (not isinstance(f, dict) or f.get("role") not in FACT_ROLES
                or not isinstance(f.get("text"), str) or "expr" not in f or "value" not in f):
            raise CertificateError(f"malformed fact {str(f)[:60]!r}")
        if f["role"] != "value" and type(f["value"]) is not bool:
            raise CertificateError(f"fact {f['text'][:60]!r} must have a boolean value")
    if cert.get("status") == "undetermined":
        raise CertificateError("an undetermined check certifies nothing")


def _view(inst: dict, env: dict) -> InstanceView:
    widths = inst.get("widths") if inst.get("model") != "matrices" else None
    return InstanceView(inst["model"], widths, {k: _shape(v) for k, v in env.items()})


def _replay(cert: dict, claim) -> dict:
    """Run the claim's statement on the certificate's instance and witnesses, independently."""
    if (cert.get("version") != 2 or type(cert.get("statement_version")) is not int
            or cert.get("statement_version") != claim.version):
        raise CertificateError(f"certificate is for another version of the statement of {claim.id} "
                               f"(this is version {claim.version})")
    witnesses = cert.get("witnesses")
    if not isinstance(witnesses, dict):
        raise CertificateError("certificate has no witnesses object")
    inst = cert.get("instance")
    env = _instance_env(inst)
    if inst["model"] not in claim.kinds:
        raise CertificateError(f"claim {claim.id} does not apply to a {inst['model']!r} instance")
    run = Run(claim.id, _view(inst, env), env, INDEPENDENT,
              witness=lambda name, **params: witnesses.get(name), dropped=claim.dropped)
    try:
        claim.run(run)
    except CertificateError:
        raise
    except NotApplicable as e:
        raise CertificateError(f"the statement of {claim.id} does not apply to this instance: {e}") from None
    except _ERRORS as e:
        raise CertificateError(f"the statement of {claim.id} cannot be evaluated on this certificate: "
                               f"{type(e).__name__}: {e}") from None
    return run.record()


_CERT_FIELDS = frozenset({"format", "version", "claim", "instance", "statement_version", "status", "reason",
                          "witnesses", "defs", "facts"})
_FACT_FIELDS = frozenset({"key", "role", "text", "expr", "value"})


def _compare(cert: dict, mine: dict) -> None:
    """The recorded facts, definitions, witnesses, status and verdict must be the replay's."""
    tied = f"the facts are not the ones claim {cert['claim']!r} states on this instance"
    unknown = set(cert) - _CERT_FIELDS - set(mine)
    if unknown:   # a field nobody checks (e.g. a "verdict" of a claim without one) is refused
        raise CertificateError(f"certificate has fields the statement does not record: {sorted(map(str, unknown))[:5]}")
    theirs_facts = cert["facts"]
    if len(theirs_facts) != len(mine["facts"]):
        raise CertificateError(f"{tied}: {len(theirs_facts)} recorded, {len(mine['facts'])} stated")
    for want, got in zip(mine["facts"], theirs_facts):
        if set(got) - _FACT_FIELDS:
            raise CertificateError(f"fact {want['key']!r} has unknown fields {sorted(map(str, set(got) - _FACT_FIELDS))[:5]}")
        for field in ("key", "role", "text", "expr"):
            if not _same(_json(got.get(field)), _json(want[field])):
                raise CertificateError(f"{tied}: fact {want['key']!r} has another {field} "
                                       f"({str(got.get(field))[:60]!r}, stated {str(want[field])[:60]!r})")
        if not _same(_json(got.get("value")), _json(want["value"])):
            raise CertificateError(f"fact {want['text']!r} does not re-verify: recorded "
                                   f"{got.get('value')!r}, recomputed {want['value']!r}")
    defs = cert.get("defs") or {}
    for name in defs:
        if name in cert["instance"].get("matrices", {}) or name in ("X", "Y") or \
                (isinstance(name, str) and name[:1] == "W" and name[1:].isdigit()):
            raise CertificateError(f"def {name!r} shadows a matrix of the instance")
    if not _same(_json(defs), _json(mine["defs"])):
        raise CertificateError(f"{tied}: the definitions differ")
    if cert.get("kind") != mine.get("kind"):    # "certified (interval)" exactly when a fact is one
        raise CertificateError(f"recorded kind {cert.get('kind')!r} but the facts are {mine.get('kind', 'exact')!r}")
    unused = set(cert["witnesses"]) - set(mine["witnesses"])
    if unused:
        raise CertificateError(f"{tied}: witnesses the statement does not use: {sorted(unused)[:5]}")
    for key in set(mine) - {"facts", "defs", "witnesses"}:
        if not _same(_json(cert.get(key)), _json(mine[key])):
            raise CertificateError(f"recorded {key} {str(cert.get(key))[:80]!r} but the facts imply "
                                   f"{str(mine[key])[:80]!r}")


def _json(x):
    """Canonical JSON data (dict keys sorted), so that key order never matters."""
    try:
        return json.loads(json.dumps(x, sort_keys=True))
    except (TypeError, ValueError, RecursionError):
        raise CertificateError("certificate data is not plain JSON") from None


def check_certificate(cert: dict, tie_to_claim: bool = True, max_params: int | None = None) -> dict:
    """Re-verify a certificate independently of the code that wrote it.

    For a declared claim, the claim's statement is run on the certificate's instance and
    witnesses with this module's own arithmetic; every fact (key, text, expression and
    value), the status, the reason and the verdict must be exactly the recorded ones.
    Witnesses are untrusted: a wrong one makes a fact come out differently, and the
    certificate is rejected. Independent of JSON key order and whitespace.

    Parameters
    ----------
    cert : dict
        A certificate as written by :func:`symlandscape.check_claim` or ``classify``.
    tie_to_claim : bool
        Default True: the facts must be the claim's. False re-verifies only the recorded
        values (any facts, e.g. hand-built ones), not that they are the claim's.
    max_params : int, optional
        Refuse a network instance with more parameters (default ``MAX_PARAMS``), before any work.

    Returns
    -------
    dict
        ``{"ok": True, "claim": ..., "status": ..., "facts": n}``.

    Raises
    ------
    CertificateError
        The first fact that does not re-verify, a status the facts do not imply,
        or a malformed certificate.

    Examples
    --------
    >>> import symlandscape as sl
    >>> v = sl.check_claim("KRON-1", {"model": "matrices", "matrices":
    ...     {"A": [[1, 2]], "B": [[1], ["1/2"]], "C": [[3]]}})
    >>> check_certificate(v.certificate)["ok"]
    True
    >>> v.certificate["facts"][0]["expr"] = ["eq", ["rank", "A"], 2]   # tampered
    >>> check_certificate(v.certificate)
    Traceback (most recent call last):
    ...
    symlandscape.certificates.check.CertificateError: the facts are not the ones claim 'KRON-1' states on this instance: fact 'vec_abc' has another expr (...)
    >>> c = sl.classify(sl.DeepLinear([1, 1, 1], X=[[1]], Y=[[1]]), [[[0]], [[0]]])
    >>> c.verdict, check_certificate(c.certificate)["ok"]
    ('strict saddle', True)
    >>> c.certificate["facts"][0]["text"] = "the gradient is not zero"    # edited text
    >>> check_certificate(c.certificate)
    Traceback (most recent call last):
    ...
    symlandscape.certificates.check.CertificateError: the facts are not the ones claim 'CLASSIFY' states on this instance: fact 'critical' has another text ('the gradient is not zero', stated 'the gradient is zero')

    Notes
    -----
    Hessian facts cost O(n^2) hyper-dual loss evaluations for n parameters:
    seconds for n ~ 50, minutes past a hundred (measured: 8.5-18 min per point for
    the 120-parameter autoencoder [12, 5, 12]; over a day, estimated, at 500), hence the
    ``max_params`` refusal.
    ``top_sum_attained`` facts (the global-minimum test) are polynomial in d_y and
    refused past ``MAX_TOP_SUM_DIM``: seconds at d_y = 25.
    """
    _header(cert)
    max_params = MAX_PARAMS if max_params is None else max_params
    _check_params(cert.get("instance"), max_params)
    previous, _LIMITS["params"] = _LIMITS["params"], max_params
    try:
        return _check(cert, tie_to_claim)
    finally:
        _LIMITS["params"] = previous


def _check(cert: dict, tie_to_claim: bool) -> dict:
    if not tie_to_claim:    # the recorded values alone, whatever claim states them
        return _check_values(cert)
    if not isinstance(cert.get("claim"), str):
        raise CertificateError("certificate names no claim")
    try:
        claim = get_claim(cert["claim"])
    except UnknownClaim:
        raise CertificateError(f"certificate for unknown claim {cert['claim']!r}") from None
    try:
        _compare(cert, _replay(cert, claim))
    except CertificateError:
        raise
    except _ERRORS as e:
        raise CertificateError(f"malformed certificate: {type(e).__name__}: {e}") from None
    return {"ok": True, "claim": claim.id, "status": cert["status"], "facts": len(cert["facts"])}


def _check_values(cert: dict) -> dict:
    """Values-only mode (``tie_to_claim=False``): every recorded fact re-evaluated and the
    status it implies, whatever claim states them (not that they are the claim's)."""
    facts = cert["facts"]
    try:
        env = _Env(_instance_env(cert.get("instance")))
        defs = cert.get("defs") or {}
        if not isinstance(defs, dict):
            raise CertificateError("defs must be an object")
        for name, expr in defs.items():
            if name in env:
                raise CertificateError(f"def {name!r} shadows a matrix of the instance")
            env[name] = independent_evaluate(expr, env)
            env.cache.clear()
    except CertificateError:
        raise
    except (TypeError, ValueError, IndexError, KeyError, ZeroDivisionError, RecursionError, AttributeError) as e:
        raise CertificateError(f"malformed certificate instance or defs: {type(e).__name__}: {e}") from None
    for f in facts:
        if not isinstance(f, dict) or f.get("role") not in FACT_ROLES:
            raise CertificateError(f"malformed fact {str(f)[:60]!r}")
        try:
            got = _encode(independent_evaluate(f.get("expr"), env))
        except CertificateError:
            raise
        except (TypeError, ValueError, IndexError, KeyError, ZeroDivisionError, RecursionError,
                OverflowError, MemoryError, AttributeError) as e:
            raise CertificateError(f"fact {str(f.get('text'))[:60]!r} cannot be evaluated: "
                                   f"{type(e).__name__}: {e}") from None
        if not _same(got, f.get("value")):
            raise CertificateError(f"fact {f.get('text')!r} does not re-verify: "
                                   f"recorded {f.get('value')!r}, recomputed {got!r}")
    status = cert.get("status")
    implied, _ = status_of(facts)
    if implied != status:
        raise CertificateError(f"recorded status {status!r} but the facts imply {implied!r}")
    return {"ok": True, "claim": cert.get("claim"), "status": status, "facts": len(facts)}
