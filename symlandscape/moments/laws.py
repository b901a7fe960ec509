"""Laws of independent zero-mean random weights, given by their moments.

A law answers ``moment(k) = E w^k`` exactly: a SymPy number or expression. Three kinds:

* :class:`Gaussian` ``N(0, s^2)``: ``E w^{2k} = s^{2k} (2k-1)!!`` (Isserlis), odd moments 0;
* :class:`MomentLaw`: a general zero-mean law given by symbolic moments (``s^2``,
  ``kappa s^4``, ...); a moment not given is the symbol ``m<k>`` (unknown, but exact);
* :class:`Discrete`: finitely many values with exact rational probabilities
  (:func:`rademacher`, :func:`three_point`, ...), which can also be enumerated.

Every law here has mean zero (the setting of seed 004, Lemma 10 onwards).
"""

__all__ = ["Law", "Gaussian", "MomentLaw", "Discrete", "rademacher", "three_point", "two_point",
           "law_from_spec", "MAX_MOMENT"]

from fractions import Fraction

import sympy

from ..exact.numbers import InputError, rational

#: Largest moment order a law computes (the polynomials of seed 004 need at most 4 per weight;
#: the brute-force cross-checks at most 8).
MAX_MOMENT = 64


def _sym_rational(x, where):
    """An exact number (int, Fraction, "3/4", fmpq, sympy Rational) as a sympy Rational."""
    if isinstance(x, sympy.Basic):
        if not x.is_Rational:
            raise InputError(f"{where}: {x} is not an exact rational")
        return x
    q = rational(x, where)
    return sympy.Rational(int(q.p), int(q.q))


class Law:
    """A zero-mean law of one weight, described by its moments."""

    def moment(self, k: int):
        """``E w^k`` (SymPy)."""
        raise NotImplementedError

    def _order(self, k):
        if isinstance(k, bool) or not isinstance(k, int) or k < 0 or k > MAX_MOMENT:
            raise InputError(f"moment order {k!r} is outside 0..{MAX_MOMENT}")

    @property
    def s2(self):
        """The variance ``s^2 = E w^2``."""
        return self.moment(2)

    @property
    def kappa(self):
        """The kurtosis ``kappa = E w^4 / s^4`` (Gaussian: 3)."""
        return sympy.simplify(self.moment(4) / self.moment(2) ** 2)

    @property
    def is_numeric(self) -> bool:
        """True when ``s^2`` and ``E w^4`` are rational numbers (no symbols)."""
        return all(getattr(self.moment(k), "is_Rational", False) for k in (2, 4))


class Gaussian(Law):
    """``N(0, s2)``; ``s2`` an exact rational or a SymPy symbol.

    Examples
    --------
    >>> g = Gaussian("1/2")
    >>> [g.moment(k) for k in range(7)], g.kappa
    ([1, 0, 1/2, 0, 3/4, 0, 15/8], 3)
    """

    def __init__(self, s2):
        self._s2 = s2 if isinstance(s2, sympy.Basic) and not s2.is_Number else _sym_rational(s2, "Gaussian s^2")
        if self._s2.is_Number and self._s2 <= 0:
            raise InputError(f"Gaussian variance s^2 = {self._s2} must be positive")

    def moment(self, k):
        self._order(k)
        if k % 2:
            return sympy.Integer(0)
        return self._s2 ** (k // 2) * sympy.factorial2(k - 1)

    def __repr__(self):
        return f"Gaussian({self._s2})"


class MomentLaw(Law):
    """A zero-mean law given by symbolic moments ``{k: E w^k}``; the others are the symbols ``m<k>``.

    Examples
    --------
    >>> s2, kappa = sympy.symbols("s2 kappa", positive=True)
    >>> law = MomentLaw({2: s2, 4: kappa * s2**2})
    >>> law.moment(1), law.moment(3), law.kappa
    (0, m3, kappa)
    """

    def __init__(self, moments: dict):
        self._m = {}
        for k, v in moments.items():
            self._order(k)
            self._m[k] = v if isinstance(v, sympy.Basic) else _sym_rational(v, f"moment {k}")
        if self._m.get(1, 0) != 0:
            raise InputError("the law must have mean zero")

    def moment(self, k):
        self._order(k)
        if k == 0:
            return sympy.Integer(1)
        if k == 1:
            return sympy.Integer(0)
        return self._m.get(k, sympy.Symbol(f"m{k}"))

    def __repr__(self):
        return f"MomentLaw({self._m})"


class Discrete(Law):
    """Finitely many values with exact probabilities (positive, summing to 1, mean zero).

    Examples
    --------
    >>> law = Discrete([-1, 0, 1], ["1/4", "1/2", "1/4"])
    >>> law.s2, law.moment(4), law.kappa
    (1/2, 1/2, 2)
    >>> Discrete([1, 2], ["1/2", "1/2"])
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: the discrete law has mean 3/2, not 0
    """

    def __init__(self, values, probs):
        if len(values) != len(probs) or not values:
            raise InputError("a discrete law needs as many probabilities as values (at least one)")
        self.values = [Fraction(str(_sym_rational(v, "law value"))) for v in values]
        self.probs = [Fraction(str(_sym_rational(p, "law probability"))) for p in probs]
        if any(p <= 0 for p in self.probs) or sum(self.probs) != 1:
            raise InputError("the probabilities of a discrete law must be positive and sum to 1")
        mean = sum(v * p for v, p in zip(self.values, self.probs))
        if mean != 0:
            raise InputError(f"the discrete law has mean {mean}, not 0")

    def moment(self, k):
        self._order(k)
        m = sum((p * v ** k for v, p in zip(self.values, self.probs)), Fraction(0))
        return sympy.Rational(m.numerator, m.denominator)

    def __repr__(self):
        return f"Discrete({[str(v) for v in self.values]}, {[str(p) for p in self.probs]})"


def rademacher(a=1) -> Discrete:
    """``+-a`` with probability 1/2 each (kurtosis 1).

    >>> rademacher().kappa
    1
    """
    return Discrete([-_sym_rational(a, "a"), _sym_rational(a, "a")], ["1/2", "1/2"])


def three_point(a=1, p="2/3") -> Discrete:
    """``+-a`` with probability ``p/2`` each, 0 with probability ``1 - p`` (kurtosis ``1/p``);
    the default ``p = 2/3`` is the uniform law on ``{-a, 0, a}``.

    >>> three_point().kappa, three_point(p="1/7").kappa
    (3/2, 7)
    """
    a, p = _sym_rational(a, "a"), _sym_rational(p, "p")
    if not 0 < p <= 1:
        raise InputError(f"p = {p} is not a probability")
    if p == 1:
        return rademacher(a)
    return Discrete([-a, 0, a], [p / 2, 1 - p, p / 2])


def two_point(a, b) -> Discrete:
    """The zero-mean law on ``{a, -b}`` (``a, b > 0``): ``P(a) = b / (a + b)``; kurtosis
    ``(a^2 - a b + b^2) / (a b)``.

    >>> two_point(1, 7).kappa
    43/7
    """
    a, b = _sym_rational(a, "a"), _sym_rational(b, "b")
    if a <= 0 or b <= 0:
        raise InputError("two_point needs a, b > 0")
    return Discrete([a, -b], [b / (a + b), a / (a + b)])


def law_from_spec(spec, value_of) -> Law:
    """A law from a fact-language law spec: ``["gaussian", s2]``, ``["discrete", L]`` (L a 2 x n
    matrix: values, probabilities) or ``["moments", M]`` (M a 1 x K matrix: ``E w^1 .. E w^K``).

    ``value_of(expr)`` evaluates the spec's arguments (to exact matrices).
    """
    if not isinstance(spec, list) or not spec or spec[0] not in ("gaussian", "discrete", "moments") \
            or len(spec) != 2:
        raise InputError(f"unknown law spec {str(spec)[:60]!r}")
    M = value_of(spec[1]).tolist()
    if spec[0] == "gaussian":
        if len(M) != 1 or len(M[0]) != 1:
            raise InputError("a Gaussian law needs s^2 as a 1 x 1 matrix")
        return Gaussian(M[0][0])
    if spec[0] == "discrete":
        if len(M) != 2:
            raise InputError("a discrete law needs a 2 x n matrix (values; probabilities)")
        return Discrete(M[0], M[1])
    if len(M) != 1 or not M[0]:
        raise InputError("a moment law needs a 1 x K matrix of moments E w^1 .. E w^K")
    moments = {k + 1: m for k, m in enumerate(M[0])}
    law = MomentLaw(moments)
    law.max_known = len(M[0])
    return law
