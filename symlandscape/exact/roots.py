"""Exact real roots of rational polynomials: Sturm counting and isolation.

Eigenvalues of rational symmetric matrices are real algebraic numbers. To
decide "these are the k largest eigenvalues of Sigma" without floats, roots are
represented by a squarefree rational polynomial and a rational isolating
interval, and compared by refining the intervals (equal roots are detected
with a gcd, so a comparison always terminates).
"""

__all__ = ["sturm_count", "isolate_real_roots", "RealRoot", "real_roots", "descending_roots"]

from functools import total_ordering

import flint

Q = flint.fmpq


def _poly(p) -> flint.fmpq_poly:
    if isinstance(p, flint.fmpq_poly):
        return p
    if isinstance(p, flint.fmpz_poly):
        return flint.fmpq_poly(p.coeffs())
    return flint.fmpq_poly([Q(c) if not isinstance(c, Q) else c for c in p])


def _squarefree(p: flint.fmpq_poly) -> flint.fmpq_poly:
    g = p.gcd(p.derivative())
    return p if g.degree() == 0 else p // g


def _sturm_chain(p: flint.fmpq_poly) -> list:
    chain = [p, p.derivative()]
    while chain[-1].degree() > 0:
        r = -(chain[-2] % chain[-1])
        if r == 0:
            break
        chain.append(r)
    return chain


def _variations(chain, x) -> int:
    signs = []
    for q in chain:
        v = q(x) if x is not None else None
        if x is None:  # +infinity: sign of the leading coefficient
            v = q.coeffs()[-1] if q.degree() >= 0 else 0
        if v != 0:
            signs.append(v > 0)
    return sum(1 for a, b in zip(signs, signs[1:]) if a != b)


def _variations_neg_inf(chain) -> int:
    signs = []
    for q in chain:
        if q.degree() < 0:
            continue
        lead = q.coeffs()[-1]
        s = (lead > 0) == (q.degree() % 2 == 0)
        signs.append(s)
    return sum(1 for a, b in zip(signs, signs[1:]) if a != b)


def sturm_count(p, lo=None, hi=None) -> int:
    """Number of distinct real roots of ``p`` in ``(lo, hi]`` (None = infinite end).

    Parameters
    ----------
    p : flint.fmpq_poly, flint.fmpz_poly or list of coefficients (constant first)
    lo, hi : rational or None

    Examples
    --------
    >>> sturm_count([-2, 0, 1])            # x^2 - 2
    2
    >>> sturm_count([-2, 0, 1], 0, 2)
    1
    >>> sturm_count([0, 0, 1])             # x^2: one distinct root
    1
    """
    p = _poly(p)
    if p.degree() <= 0:
        if p == 0:
            raise ValueError("sturm_count: the zero polynomial has infinitely many roots")
        return 0
    p = _squarefree(p)  # a repeated root at an endpoint would zero the whole chain there
    chain = _sturm_chain(p)
    vlo = _variations_neg_inf(chain) if lo is None else _variations(chain, Q(lo))
    vhi = _variations(chain, None) if hi is None else _variations(chain, Q(hi))
    return vlo - vhi


def _cauchy_bound(p: flint.fmpq_poly) -> Q:
    c = p.coeffs()
    lead = abs(c[-1])
    return 1 + max((abs(x) / lead for x in c[:-1]), default=Q(0))


@total_ordering
class RealRoot:
    """A real root of a squarefree rational polynomial, isolated in ``(lo, hi]``.

    Comparisons are exact. ``float(r)`` is for display only.

    Examples
    --------
    >>> a, b = real_roots([-2, 0, 1])      # -sqrt(2), sqrt(2)
    >>> a < b, b > Q(141, 100), b < Q(142, 100), b == b
    (True, True, True, True)
    >>> real_roots([-4, 0, 1])[1] == 2
    True
    """

    __slots__ = ("poly", "lo", "hi")

    def __init__(self, poly: flint.fmpq_poly, lo: Q, hi: Q):
        self.poly, self.lo, self.hi = poly, lo, hi

    def exact(self):
        """The root as an ``fmpq`` when it is rational, else None."""
        if self.poly.degree() == 1:
            c = self.poly.coeffs()
            return -c[0] / c[1]
        for f, _ in self.poly.factor()[1]:
            if f.degree() == 1:
                c = f.coeffs()
                x = -c[0] / c[1]
                if self.lo < x <= self.hi:
                    return x
        return None

    def refine(self) -> None:
        """Halve the isolating interval (it stays half-open: ``(lo, hi]``)."""
        mid = (self.lo + self.hi) / 2
        if sturm_count(self.poly, self.lo, mid) == 1:
            self.hi = mid
        else:
            self.lo = mid

    def _cmp(self, other) -> int:
        # Half-open intervals make disjointness decisive: hi <= other.lo means less.
        if not isinstance(other, RealRoot):
            from .numbers import rational
            x = rational(other, "comparison")
            while True:
                if self.hi < x:
                    return -1
                if self.lo >= x:
                    return 1
                if self.poly(x) == 0:
                    return 0
                self.refine()
        g = self.poly.gcd(other.poly)
        while True:
            if self.hi <= other.lo:
                return -1
            if other.hi <= self.lo:
                return 1
            # A common root in the overlap is the unique root of each interval.
            if g.degree() > 0 and sturm_count(g, max(self.lo, other.lo), min(self.hi, other.hi)) > 0:
                return 0
            self.refine()
            other.refine()

    def __eq__(self, other) -> bool:
        if other is None:
            return False
        return self._cmp(other) == 0

    def __lt__(self, other) -> bool:
        return self._cmp(other) < 0

    __hash__ = None  # equal to rationals and to other roots: no consistent hash

    def __float__(self) -> float:
        """Nearest double, for display only (refined to relative width 2^-60)."""
        x = self.exact()
        if x is not None:
            return float(x)
        # 0 is not a root here (exact() would have found it), so the interval can be
        # shrunk until it excludes 0 and is relatively narrow.
        for _ in range(4000):
            lo, hi = self.lo, self.hi
            if (lo >= 0 or hi < 0) and (hi - lo) * 2 ** 60 <= min(abs(lo), abs(hi)):
                break
            self.refine()
        return float((self.lo + self.hi) / 2)

    def __repr__(self) -> str:
        x = self.exact()
        return str(x) if x is not None else f"root of {self.poly} in ({self.lo}, {self.hi}]"


def isolate_real_roots(p) -> list:
    """Disjoint isolating intervals ``(lo, hi]`` of the distinct real roots, ascending.

    Examples
    --------
    >>> [(str(a), str(b)) for a, b in isolate_real_roots([-2, 0, 1])]
    [('-3', '0'), ('0', '3')]
    """
    p = _poly(p)
    if p.degree() <= 0:
        return []
    p = _squarefree(p)
    B = _cauchy_bound(p)
    out = []

    def split(lo, hi, n):
        if n == 0:
            return
        if n == 1:
            out.append((lo, hi))
            return
        mid = (lo + hi) / 2
        nl = sturm_count(p, lo, mid)
        split(lo, mid, nl)
        split(mid, hi, n - nl)

    split(-B, B, sturm_count(p, -B, B))
    return out


def real_roots(p) -> list:
    """The real roots of ``p`` with multiplicity, ascending, as :class:`RealRoot`.

    Examples
    --------
    >>> [repr(r) for r in real_roots([0, 0, -1, 1])]     # x^3 - x^2 = x^2 (x - 1)
    ['0', '0', '1']
    """
    p = _poly(p)
    if p == 0:
        raise ValueError("real_roots: the zero polynomial")
    roots = []
    for f, mult in p.factor_squarefree()[1]:
        f = _poly(f)
        roots.extend((RealRoot(f, lo, hi), mult) for lo, hi in isolate_real_roots(f))
    roots.sort(key=_SortKey)
    return [r for r, m in roots for _ in range(m)]


class _SortKey:
    __slots__ = ("r",)

    def __init__(self, rm):
        self.r = rm[0]

    def __lt__(self, other):
        return self.r < other.r


def descending_roots(p) -> list:
    """Real roots with multiplicity, largest first (for eigenvalue orderings).

    >>> [repr(r) for r in descending_roots([6, -5, 1])]
    ['3', '2']
    """
    return real_roots(p)[::-1]
