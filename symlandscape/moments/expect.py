"""Exact expectations of polynomials in independent random weights.

Two routes, kept apart so that each checks the other:

* :func:`expect`: expand a SymPy polynomial in the weight symbols and replace each monomial
  ``prod w_i^{e_i}`` by ``prod E w_i^{e_i}`` (independence); works for every law, symbolic
  ones included. Non-polynomial input is refused.
* :func:`enumerate_expectation`: for finite discrete laws, the exact weighted sum over every
  joint value of the weights of any exactly computable function (e.g. a gradient built by
  matrix products): no expansion at all.

Both have size limits (:data:`MAX_TERMS`, :data:`MAX_CONFIGURATIONS`).
"""

__all__ = ["expect", "enumerate_expectation", "weight_matrix", "MAX_TERMS", "MAX_CONFIGURATIONS"]

from fractions import Fraction
from itertools import product

import sympy

from ..exact.numbers import InputError, WorkLimitExceeded
from .laws import Discrete, Law

#: Largest number of monomials :func:`expect` expands.
MAX_TERMS = 2_000_000
#: Largest number of joint weight values :func:`enumerate_expectation` visits.
MAX_CONFIGURATIONS = 2_000_000


def weight_matrix(name: str, m: int, n: int) -> sympy.Matrix:
    """An ``m x n`` matrix of weight symbols ``<name>_<i><j>`` (1-based).

    >>> weight_matrix("W1", 2, 2)
    Matrix([
    [W1_11, W1_12],
    [W1_21, W1_22]])
    """
    return sympy.Matrix(m, n, lambda i, j: sympy.Symbol(f"{name}_{i + 1}{j + 1}"))


def expect(expr, laws, max_terms: int = MAX_TERMS):
    """``E[expr]`` over independent weights.

    Parameters
    ----------
    expr : sympy expression
        A polynomial in the weight symbols (other symbols are constants).
    laws : dict
        ``{symbol: Law}``, or ``(symbols, law)`` for one law shared by iid weights.
    max_terms : int
        Refuse (``WorkLimitExceeded``) an expansion with more monomials.

    Examples
    --------
    >>> from symlandscape.moments.laws import Gaussian, MomentLaw
    >>> w, v, c = sympy.symbols("w v c")
    >>> s2 = sympy.Symbol("s2", positive=True)
    >>> expect((w + v) ** 4 + c * w, ([w, v], Gaussian(s2)))
    12*s2**2
    >>> expect((w + v) ** 4, ([w, v], MomentLaw({2: s2})))
    2*m4 + 6*s2**2
    >>> expect(1 / w, ([w], Gaussian(1)))
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: expect: the expression is not a polynomial in the weights
    """
    if isinstance(laws, tuple):
        syms, law = laws
        laws = {s: law for s in syms}
    if not all(isinstance(law, Law) for law in laws.values()):
        raise InputError("expect: every weight needs a Law")
    syms = list(laws)
    if isinstance(expr, (str, bytes)):
        raise InputError("expect: give a SymPy expression or a number, not text (text is never parsed)")
    expr = sympy.sympify(expr, strict=True) if not isinstance(expr, sympy.Basic) else expr
    if not syms:
        return expr
    if not expr.is_polynomial(*syms):
        raise InputError("expect: the expression is not a polynomial in the weights")
    poly = sympy.Poly(sympy.expand(expr), *syms)
    terms = poly.terms()
    if len(terms) > max_terms:
        raise WorkLimitExceeded(f"expect: {len(terms):,} monomials exceed the limit {max_terms:,}")
    cache = {}

    def mom(i, e):
        if (i, e) not in cache:
            cache[i, e] = laws[syms[i]].moment(e)
        return cache[i, e]

    total = sympy.Integer(0)
    for exps, coeff in terms:
        m = coeff
        for i, e in enumerate(exps):
            if e:
                m = m * mom(i, e)
                if m == 0:
                    break
        total += m
    return sympy.expand(total)


def enumerate_expectation(fn, n_weights: int, law: Discrete, max_configurations: int = MAX_CONFIGURATIONS):
    """``E fn(w_1, ..., w_n)`` for iid weights of a discrete ``law``, by visiting every joint value.

    ``fn`` receives a tuple of ``Fraction`` and returns an exact number (``Fraction``/int);
    the result is a ``Fraction``.

    Examples
    --------
    >>> from symlandscape.moments.laws import rademacher
    >>> enumerate_expectation(lambda w: (w[0] + w[1]) ** 4, 2, rademacher())
    Fraction(8, 1)
    """
    if not isinstance(law, Discrete):
        raise InputError("enumerate_expectation needs a discrete law")
    count = len(law.values) ** n_weights
    if count > max_configurations:
        raise WorkLimitExceeded(f"enumeration: {count:,} weight configurations exceed the limit "
                                f"{max_configurations:,}")
    pairs = list(zip(law.values, law.probs))
    total = Fraction(0)
    for combo in product(pairs, repeat=n_weights):
        p = Fraction(1)
        for _, q in combo:
            p *= q
        total += p * Fraction(fn(tuple(v for v, _ in combo)))
    return total
