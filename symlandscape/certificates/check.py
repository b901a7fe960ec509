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

__all__ = ["check_certificate", "CertificateError", "independent_evaluate", "INDEPENDENT", "check_tied"]

import json
import re
from fractions import Fraction
from math import comb

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
#: Largest number of k x k minors (times k + 1 evaluation points) for a compound.
MAX_COMPOUND_WORK = 500_000


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


def _eye(n):
    _dims(n, n)
    return [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]


def _zeros(m, n):
    _dims(m, n)
    return [[Fraction(0)] * n for _ in range(m)]


def _T(A):
    return [list(c) for c in zip(*A)]


def _mul(A, B):
    if _shape(A)[1] != _shape(B)[0]:
        raise CertificateError(f"shapes {_shape(A)} and {_shape(B)} do not multiply")
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
}


def _layers(model, Ws):
    if model not in _NETWORK_LAYERS:
        raise CertificateError(f"unknown network model {model!r}")
    return _NETWORK_LAYERS[model](Ws)


def _hd_mul(A, B):
    # Matrices of hyper-dual numbers as 4-tuples (a, a_s, a_t, a_st), s^2 = t^2 = 0.
    a0, a1, a2, a3 = A
    b0, b1, b2, b3 = B
    return (_mul(a0, b0), _add(_mul(a0, b1), _mul(a1, b0)), _add(_mul(a0, b2), _mul(a2, b0)),
            _add(_add(_mul(a0, b3), _mul(a3, b0)), _add(_mul(a1, b2), _mul(a2, b1))))


def _loss_hd(model, X, Y, Ws, ds, dt):
    """Loss at W + s*ds + t*dt as hyper-dual (L, dL/ds, dL/dt, d2L/dsdt)."""
    Z = (X, _zeros(*_shape(X)), _zeros(*_shape(X)), _zeros(*_shape(X)))
    base = _layers(model, Ws)
    for W, s, t in zip(base, ds, dt):
        Z = _hd_mul((W, s, t, _zeros(*_shape(W))), Z)
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
    zero = _unit(Ws, None)
    if what == "loss":
        return _loss_hd(model, X, Y, Ws, zero, zero)[0]
    n = sum(len(W) * len(W[0]) for W in Ws)
    units = [_unit(Ws, i) for i in range(n)]
    if what == "grad":
        return [[_loss_hd(model, X, Y, Ws, units[i], zero)[1]] for i in range(n)]
    H = _zeros(n, n)
    for i in range(n):
        for j in range(i, n):
            H[i][j] = H[j][i] = _loss_hd(model, X, Y, Ws, units[i], units[j])[3]
    return H


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


def _compound(A, k):
    """Additive compound as d/dt of the k-th multiplicative compound (k x k minors) of
    I + tA at t = 0: the minors are polynomials of degree <= k in t, so their linear
    coefficient follows exactly from values at t = 0, 1, ..., k."""
    from itertools import combinations
    n = len(A)
    _square(A, "additive compound")
    if isinstance(k, bool) or not isinstance(k, int) or not 0 < k <= n:
        raise CertificateError(f"compound order {k!r} out of range")
    N = comb(n, k)
    _dims(N, N)
    if N * N * (k + 1) > MAX_COMPOUND_WORK:
        raise CertificateError(f"additive compound of order {k} of a {n} x {n} matrix is too large to re-check")
    subsets = list(combinations(range(n), k))
    ts = list(range(k + 1))
    mats = [_add(_eye(n), _scale(Fraction(t), A)) for t in ts]
    out = _zeros(len(subsets), len(subsets))
    for r, I in enumerate(subsets):
        for c, J in enumerate(subsets):
            vals = [_det([[M[i][j] for j in J] for i in I]) for M in mats]
            out[r][c] = _interpolate(ts, vals)[1]
    return out


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


def _curve(model, X, Y, Ws, curve):
    """Loss along W + t C1 + t^2 C2 + ..., by exact interpolation of loss values."""
    if not curve or any(len(step) != len(Ws) or any(_shape(C) != _shape(W) for C, W in zip(step, Ws))
                        for step in curve):
        raise CertificateError("every curve step needs one matrix per layer, of the layer's shape")
    deg = 2 * len(Ws) * len(curve)
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
    if op in ("loss", "grad", "hessian"):
        return _net(a[0], op, ev(a[1]), ev(a[2]), [ev(w) for w in a[3]])
    if op == "hessian_inertia":
        if len(a) != 6:
            raise CertificateError("hessian_inertia takes model, X, Y, [W...], P, C")
        return _hessian_inertia(a[0], ev(a[1]), ev(a[2]), [ev(w) for w in a[3]], a[4], a[5])
    simple = {
        "lit": lambda: _mat(a[0]), "eye": lambda: _eye(a[0]), "zeros": lambda: _zeros(a[0], a[1]),
        "sub": lambda: _add(ev(a[0]), _scale(-1, ev(a[1]))), "neg": lambda: _scale(-1, ev(a[0])),
        "scale": lambda: _scale(ev(a[0]) if isinstance(a[0], list) else _frac(a[0]), ev(a[1])),
        "T": lambda: _T(ev(a[0])),
        "compound": lambda: _compound(ev(a[0]), a[1]),
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
            return [sum(rs, []) for rs in zip(*xs)]
        if op == "vstack":
            if len({len(x[0]) for x in xs}) != 1:
                raise CertificateError("vstack of matrices with different column counts")
            return [r for x in xs for r in x]
        out = xs[0]
        for x in xs[1:]:
            out = _mul(out, x) if op == "mul" else _add(out, x)
        return out
    if op == "ginv":
        A, U = ev(a[0]), ev(a[1])
        P = _pinv(A)
        return _add(_add(P, U), _scale(-1, _mul(_mul(_mul(_mul(P, A), U), A), P)))
    raise CertificateError(f"unknown fact operation {op!r}")


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
                  "residual_linear": {"model", "schema_version", "name", "description", "widths", "X", "Y", "weights"}}


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
    if "weights" in inst:
        W = inst["weights"]
        if not isinstance(W, list) or len(W) != len(widths) - 1:
            raise CertificateError("certificate instance has the wrong number of weights")
        for k, w in enumerate(W):
            env[f"W{k + 1}"] = _mat(w)
            if _shape(env[f"W{k + 1}"]) != (widths[k + 1], widths[k]):
                raise CertificateError(f"certificate weight W{k + 1} does not match the widths")
    return env


def _same(a, b) -> bool:
    """Equality that also compares JSON types (True is not 1, "1" is not 1, no floats)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def check_tied(cert: dict, facts: list, expected: dict, values: bool = True) -> None:
    """The facts (and, after re-evaluation, the status and verdict) must be those the
    claim's code states on this instance."""
    mine = [(f.get("role"), f.get("expr")) for f in facts]
    theirs = [(f["role"], f["expr"]) for f in expected["facts"]]
    try:
        same = _same(json.loads(json.dumps(mine)), json.loads(json.dumps(theirs)))
    except (RecursionError, TypeError, ValueError):
        same = False
    if not same or expected.get("defs", {}) != (cert.get("defs") or {}):
        raise CertificateError(f"the facts are not the ones claim {cert.get('claim')!r} "
                               f"states on this instance")
    if values and (expected.get("status") != cert.get("status")
                   or expected.get("verdict") != cert.get("verdict")):
        raise CertificateError(f"recorded status/verdict {cert.get('status')!r}/{cert.get('verdict')!r} "
                               f"but the claim's code gives {expected.get('status')!r}/"
                               f"{expected.get('verdict')!r} on this instance")


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
    if cert.get("version") != 2 or cert.get("statement_version") != claim.version:
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


def _compare(cert: dict, mine: dict) -> None:
    """The recorded facts, definitions, witnesses, status and verdict must be the replay's."""
    tied = f"the facts are not the ones claim {cert['claim']!r} states on this instance"
    theirs_facts = cert["facts"]
    if len(theirs_facts) != len(mine["facts"]):
        raise CertificateError(f"{tied}: {len(theirs_facts)} recorded, {len(mine['facts'])} stated")
    for want, got in zip(mine["facts"], theirs_facts):
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


def check_certificate(cert: dict, tie_to_claim: bool = True, expected: dict | None = None) -> dict:
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
    expected : dict, optional
        For a claim still checked by a legacy prover (no declared statement): the facts
        its prover states (supplied by :mod:`symlandscape.verify`).

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

    Notes
    -----
    Hessian facts cost O(n^2) hyper-dual loss evaluations for n parameters:
    seconds for n ~ 50, minutes past a few hundred.
    """
    _header(cert)
    if not tie_to_claim:    # the recorded values alone, whatever claim states them
        return _check_values(cert, False, None)
    if not isinstance(cert.get("claim"), str):
        raise CertificateError("certificate names no claim")
    try:
        claim = get_claim(cert["claim"])
    except UnknownClaim:
        raise CertificateError(f"certificate for unknown claim {cert['claim']!r}") from None
    if claim.run is not None:
        try:
            _compare(cert, _replay(cert, claim))
        except CertificateError:
            raise
        except _ERRORS as e:
            raise CertificateError(f"malformed certificate: {type(e).__name__}: {e}") from None
        return {"ok": True, "claim": claim.id, "status": cert["status"], "facts": len(cert["facts"])}
    return _check_values(cert, tie_to_claim, expected)


def _check_values(cert: dict, tie_to_claim: bool, expected: dict | None) -> dict:
    """Legacy certificates: the recorded facts re-evaluated, tied to the prover's facts."""
    facts = cert["facts"]
    if tie_to_claim:
        if expected is None:
            raise CertificateError(f"claim {cert['claim']!r} has no declared statement yet: its certificate "
                                   f"is tied to the claim by symlandscape.check_certificate")
        check_tied(cert, facts, expected, values=False)
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
    if tie_to_claim:
        check_tied(cert, facts, expected)
    return {"ok": True, "claim": cert.get("claim"), "status": status, "facts": len(facts)}
