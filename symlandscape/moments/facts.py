"""Fact operations for the random-initialisation moments of seed 004 (registered on import).

A law is a list in the expression: ``["gaussian", s2]`` (s2 a 1 x 1 matrix expression),
``["discrete", P]`` (P a 2 x n matrix: values; probabilities) or ``["moments", M]`` (M a
1 x K matrix ``E w^1 .. E w^K``). Every weight is independent with that law, mean zero.

=============================================  ====================================================
``["law_moment", law, k]``                     ``E w^k``
``["rw_awb", law, A, B]``                      ``E ||A W B||_F^2`` (W random, A and B fixed)
``["rw_norm2", law, x, t]``                    ``E ||W^{t:1} x||_2^2`` (t iid d x d layers)
``["rw_norm4", law, x, t]``                    ``E ||W^{t:1} x||_2^4``
``["rw_quart", law, x, t]``                    ``E ||W^{t:1} x||_4^4``
``["rw_aat", law, d, n]``                      ``E ||A^T A||_F^2``, A a product of n d x d layers
``["rw_grad2", law, x, y, L, k]``              ``E ||dl/dW^k||_F^2``, ``l = 1/2 ||W^{L:1} x - y||^2``
``["rw_pow", a, n]``                           ``a^n`` for a scalar and an integer n
=============================================  ====================================================

The fast side uses the layer recursions of :mod:`.structure` (only ``E w^2`` and ``E w^4``
enter) and, for ``rw_awb``, the expectation operator; the independent checker expands the
polynomials itself (``certificates/check.py``).
"""

__all__ = ["law_of"]

import flint
import sympy

from ..exact.matrix import QMatrix
from ..exact.numbers import InputError, WorkLimitExceeded
from ..facts.fast import evaluate, register_op
from .expect import expect, weight_matrix
from .laws import law_from_spec
from .structure import aat_moment, chain_moments, grad2

#: Largest number of layers (or power) the operations accept.
MAX_LAYERS = 64


def law_of(spec, env):
    """The :class:`~.laws.Law` named by a law spec in ``env``."""
    return law_from_spec(spec, lambda e: evaluate(e, env))


def _q(v) -> flint.fmpq:
    # never sympify: a value here is already an exact number (flint, int or SymPy Rational)
    if isinstance(v, flint.fmpq):
        return v
    if isinstance(v, (int, flint.fmpz)) and not isinstance(v, bool):
        return flint.fmpq(v)
    if isinstance(v, sympy.Basic) and v.is_Rational:
        return flint.fmpq(int(v.p), int(v.q))
    raise InputError(f"moment {v} is not a given rational number")


def _s2_m4(law):
    return _q(law.moment(2)), _q(law.moment(4))


def _int(n, what, lo=0, hi=MAX_LAYERS) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or not lo <= n <= hi:
        raise InputError(f"{what} {n!r} is not an integer in {lo}..{hi}")
    return n


def _vector(env, expr, what):
    M = evaluate(expr, env)
    if not isinstance(M, QMatrix) or M.shape[1] != 1:
        raise InputError(f"{what} must be a column vector")
    return [M.flint[i, 0] for i in range(M.shape[0])]


def _chain(env, spec, x, t, which):
    law = law_of(spec, env)
    xs = _vector(env, x, "x")
    t = _int(t, "layer count")
    x2 = sum((v * v for v in xs), flint.fmpq(0))
    if which == 2:      # only E w^2 enters
        return (len(xs) * _q(law.moment(2))) ** t * x2
    s2, m4 = _s2_m4(law)
    P, Q = chain_moments(len(xs), t, s2, m4, x2 * x2, sum((v ** 4 for v in xs), flint.fmpq(0)))
    return P if which == 4 else Q


#: Largest number of entries of W in ``rw_awb`` (the expansion has up to that many squared monomials).
MAX_AWB_WEIGHTS = 400


def _awb(env, spec, A, B):
    law = law_of(spec, env)
    A, B = evaluate(A, env), evaluate(B, env)
    if A.shape[1] * B.shape[0] > MAX_AWB_WEIGHTS:
        raise WorkLimitExceeded(f"rw_awb: W has {A.shape[1] * B.shape[0]:,} entries (limit {MAX_AWB_WEIGHTS})")
    W = weight_matrix("w", A.shape[1], B.shape[0])
    M = A.to_sympy() * W * B.to_sympy()
    return _q(expect(sum(e ** 2 for e in M), (list(W), law)))


def _grad2(env, spec, x, y, L, k):
    law = law_of(spec, env)
    xs, ys = _vector(env, x, "x"), _vector(env, y, "y")
    if len(xs) != len(ys):
        raise InputError("x and y need the same length")
    L = _int(L, "depth L", 1)
    k = _int(k, "layer k", 1, L)
    s2, m4 = _s2_m4(law)
    x2 = sum((v * v for v in xs), flint.fmpq(0))
    return grad2(len(xs), L, k, s2, m4, x2, sum((v ** 4 for v in xs), flint.fmpq(0)),
                 sum((v * v for v in ys), flint.fmpq(0)))


def _pow(env, a, n):
    a = evaluate(a, env)
    n = _int(n, "exponent", -MAX_LAYERS * 4, MAX_LAYERS * 4)
    if n < 0 and a == 0:
        raise InputError("rw_pow: a negative power of 0")
    return a ** n


register_op("law_moment", lambda env, spec, k: _q(law_of(spec, env).moment(_int(k, "moment order", 0, 16))))
register_op("rw_awb", _awb)
register_op("rw_norm2", lambda env, spec, x, t: _chain(env, spec, x, t, 2))
register_op("rw_norm4", lambda env, spec, x, t: _chain(env, spec, x, t, 4))
register_op("rw_quart", lambda env, spec, x, t: _chain(env, spec, x, t, 44))
register_op("rw_aat", lambda env, spec, d, n: aat_moment(_int(d, "width d", 1), _int(n, "layer count"),
                                                         *_s2_m4(law_of(spec, env))))
register_op("rw_grad2", _grad2)
register_op("rw_pow", _pow)
