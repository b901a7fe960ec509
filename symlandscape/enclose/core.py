r"""Rigorous enclosures with python-flint ``arb`` balls: interval Newton (Krawczyk), positive
definiteness of every matrix in an enclosed Hessian, indefiniteness, loss bounds.

Transcendental losses (a sigmoid neuron, Gaussian population risks of ReLU units) have
critical points that are not rational. A verdict about one comes from a *box* with rational
endpoints and three rigorous tests, each of which either certifies or says why it could not
(an :class:`Outcome` with status ``"undetermined"`` and a reason, never a guess):

* :func:`krawczyk`: the box contains exactly one zero of the gradient. With ``m`` the box's
  midpoint, ``J`` an enclosure of the Hessian over the box and ``Y`` any matrix (here an
  approximate inverse of mid(J)), the Krawczyk image
  ``K = m - Y g(m) + (I - Y J)(X - m)`` lying in the interior of ``X`` proves that ``X``
  contains a unique zero of ``g`` (Krawczyk 1969, Moore 1977); ``K`` disjoint from ``X``
  proves that it contains none.
* :func:`certify_pd`: every symmetric matrix within the entrywise enclosure ``H`` has all
  eigenvalues >= ``mu``. Split ``H = C + E`` with ``C`` the (rounded, symmetrised) midpoint
  and ``|E| <= R`` entrywise; ``||E||_2 <= ||R||_F <= r`` (``r`` a rational upper bound),
  so ``C - (mu + r) I`` positive definite (decided exactly: fraction-free elimination,
  every leading principal minor > 0) implies ``lambda_min >= mu`` everywhere in ``H``
  (Weyl's inequality).
* :func:`certify_indefinite`: rational vectors ``u, v`` with ``u^T H u < 0 < v^T H v`` for
  every ``H`` in the enclosure (ball arithmetic).

A box with a unique gradient zero on which every Hessian is positive definite contains a
strict local minimum (and nothing else critical); :func:`loss_bounds` encloses its value.
"""

__all__ = ["Inconclusive", "Outcome", "precision", "ball", "to_fmpq", "box_balls", "box_midpoint",
           "krawczyk", "certify_pd", "eig_lower_bound", "certify_indefinite", "loss_bounds", "pd_exact",
           "MAX_DIM", "DEFAULT_PREC"]

import contextlib
from dataclasses import dataclass, field
from math import isqrt
from typing import Any, Callable

import flint

from ..exact.numbers import WorkLimitExceeded

#: Largest number of unknowns the tests accept (the exact positive-definiteness test is ~n^3
#: operations on integers of ~n * 64 bits).
MAX_DIM = 400
#: Working precision (bits) of the ball arithmetic unless the caller asks for another.
DEFAULT_PREC = 128
#: The exact positive-definiteness test rounds the midpoint to this grid (2^-GRID_BITS),
#: the rounding added to the radius.
GRID_BITS = 64


class Inconclusive(WorkLimitExceeded):
    """An interval test did not close: undetermined, with ``reason`` (never read as a failure)."""


@dataclass(frozen=True)
class Outcome:
    """The result of a rigorous test.

    Attributes
    ----------
    status : str
        ``"certified"`` (the property holds), ``"excluded"`` (proved not to hold, e.g. no zero
        in the box) or ``"undetermined"`` (the enclosure was too wide to decide).
    reason : str
        One line: what was shown, or why nothing was.
    value : object
        What the test computed (the Krawczyk image, the shift, the bounds).
    """

    status: str
    reason: str
    value: Any = field(default=None, repr=False)

    @property
    def certified(self) -> bool:
        return self.status == "certified"

    def require(self):
        """The value when certified; :class:`Inconclusive` with the reason otherwise."""
        if self.status != "certified":
            raise Inconclusive(self.reason)
        return self.value


@contextlib.contextmanager
def precision(bits: int):
    """Run a block with python-flint's ball arithmetic at ``bits`` of working precision."""
    old = flint.ctx.prec
    flint.ctx.prec = max(int(bits), 53)
    try:
        yield
    finally:
        flint.ctx.prec = old


def to_fmpq(x) -> flint.fmpq:
    """The exact rational value of an exact ``arb`` (a midpoint or an endpoint).

    >>> to_fmpq(flint.arb(3) / 4)
    3/4
    """
    if not x.is_exact():
        raise ValueError("to_fmpq of a ball with nonzero radius")
    man, exp = x.man_exp()
    man, exp = int(man), int(exp)
    return flint.fmpq(man * 2 ** exp) if exp >= 0 else flint.fmpq(man, 2 ** -exp)


def _fq(x) -> flint.fmpq:
    """An exact rational from an int, Fraction, fmpq/fmpz or a "p/q" string."""
    if isinstance(x, flint.fmpq):
        return x
    if hasattr(x, "numerator") and hasattr(x, "denominator"):
        return flint.fmpq(int(x.numerator), int(x.denominator))
    return flint.fmpq(x)


def ball(q) -> flint.arb:
    """A ball containing the rational ``q`` (exact when ``q`` is a short dyadic)."""
    return flint.arb(_fq(q))


def box_midpoint(box) -> list:
    """The exact rational midpoint of a box ``[(lo, hi), ...]``."""
    return [(_fq(lo) + _fq(hi)) / 2 for lo, hi in box]


def box_balls(box) -> list:
    """Balls containing the intervals ``[lo, hi]`` of a box (radius rounded up).

    >>> b = box_balls([(flint.fmpq(1, 3), flint.fmpq(1, 2))])[0]
    >>> b.contains(flint.arb(flint.fmpq(1, 3))), b.contains(flint.arb(flint.fmpq(1, 2)))
    (True, True)
    """
    out = []
    for lo, hi in box:
        lo, hi = _fq(lo), _fq(hi)
        if hi < lo:
            raise ValueError(f"box interval [{lo}, {hi}] is empty")
        out.append(ball((lo + hi) / 2) + flint.arb(0, flint.arb((hi - lo) / 2).upper()))
    return out


def _finite(xs) -> bool:
    return all(x.is_finite() for x in xs)


def _mat_entries(M: flint.arb_mat) -> list:
    return [M[i, j] for i in range(M.nrows()) for j in range(M.ncols())]


def krawczyk(fn: Callable, box, prec: int = DEFAULT_PREC) -> Outcome:
    """Krawczyk test: does ``box`` contain exactly one zero of the gradient ``g``?

    Parameters
    ----------
    fn : callable
        ``fn(balls)`` -> ``(g, H)``: the gradient (a list of ``arb``) and the Hessian (an
        ``arb_mat``, the Jacobian of ``g``) enclosed over the balls, in ball arithmetic.
    box : list of (lo, hi)
        Rational endpoints (``fmpq``, int or anything ``fmpq`` accepts).
    prec : int
        Working precision in bits.

    Returns
    -------
    Outcome
        ``certified`` (exactly one zero; ``value`` the Krawczyk image, a box of balls
        containing it), ``excluded`` (no zero in the box) or ``undetermined``.

    Examples
    --------
    The gradient ``x^2 - 2`` has exactly one zero, sqrt(2), in [7/5, 3/2] and none in [2, 3]:

    >>> f = lambda x: ([x[0] ** 2 - 2], flint.arb_mat([[2 * x[0]]]))
    >>> krawczyk(f, [(flint.fmpq(7, 5), flint.fmpq(3, 2))]).status
    'certified'
    >>> krawczyk(f, [(2, 3)]).status
    'excluded'
    """
    n = len(box)
    if n == 0 or n > MAX_DIM:
        return Outcome("undetermined", f"Krawczyk test of {n} unknowns (limit {MAX_DIM})")
    lo = [_fq(a) for a, _ in box]
    hi = [_fq(b) for _, b in box]
    with precision(prec):
        X = box_balls(box)
        m = [ball(q) for q in box_midpoint(box)]
        gm, _ = fn(m)
        _, J = fn(X)
        if not (_finite(gm) and _finite(_mat_entries(J))):
            return Outcome("undetermined", "the gradient or the Hessian is not finite on the box")
        # Y: any matrix works (the theorem holds for every Y); an approximate inverse of
        # mid(J) makes I - Y J small. Exact dyadic entries, so Y carries no radius.
        try:
            Jinv = flint.arb_mat([[J[i, j].mid() for j in range(n)] for i in range(n)]).inv()
        except (ZeroDivisionError, ValueError):
            return Outcome("undetermined", "the Hessian's midpoint on the box is numerically singular")
        Y = flint.arb_mat([[Jinv[i, j].mid() for j in range(n)] for i in range(n)])
        if not _finite(_mat_entries(Y)):
            return Outcome("undetermined", "the Hessian's midpoint on the box is numerically singular")
        Yg = Y * flint.arb_mat([[x] for x in gm])
        C = flint.arb_mat.convert(flint.arb_mat([[int(i == j) for j in range(n)] for i in range(n)])) - Y * J
        D = flint.arb_mat([[X[j] - m[j]] for j in range(n)])
        CD = C * D
        K = [m[i] - Yg[i, 0] + CD[i, 0] for i in range(n)]
        inside = all(K[i] > ball(lo[i]) and K[i] < ball(hi[i]) for i in range(n))
        if inside:
            return Outcome("certified", f"Krawczyk image inside the box: exactly one zero of the gradient "
                                        f"in the {n}-dimensional box", K)
        apart = next((i for i in range(n) if K[i] < ball(lo[i]) or K[i] > ball(hi[i])), None)
        if apart is not None:
            return Outcome("excluded", f"Krawczyk image disjoint from the box in coordinate {apart + 1}: "
                                       f"no zero of the gradient in the box", K)
        worst = max(range(n), key=lambda i: float(K[i].rad()) / max(float(hi[i] - lo[i]), 1e-300))
        return Outcome("undetermined", f"Krawczyk image not inside the box (coordinate {worst + 1}: image "
                                       f"{K[worst].str(5, radius=True)}, box [{float(lo[worst]):.6g}, "
                                       f"{float(hi[worst]):.6g}]); shrink the box or raise the precision", K)


def _mid_rad_sym(H: flint.arb_mat, grid_bits: int = GRID_BITS):
    """``(A, R, k)``: integers ``A`` (a symmetric midpoint rounded to the grid 2^-k) and
    rationals ``R`` with ``|H' - A / 2^k| <= R`` entrywise for every symmetric ``H'`` in ``H``."""
    n = H.nrows()
    if H.ncols() != n:
        raise ValueError("a square Hessian enclosure is required")
    mid = [[to_fmpq(H[i, j].mid()) for j in range(n)] for i in range(n)]
    rad = [[to_fmpq(H[i, j].rad()) for j in range(n)] for i in range(n)]
    scale = 2 ** grid_bits
    A = [[0] * n for _ in range(n)]
    R = [[flint.fmpq(0)] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            c = (mid[i][j] + mid[j][i]) / 2
            a = int((c * scale).floor())            # round down onto the grid
            err = c - flint.fmpq(a, scale)          # in [0, 2^-k)
            r = max(rad[i][j] + abs(mid[i][j] - c), rad[j][i] + abs(mid[j][i] - c)) + err
            A[i][j] = A[j][i] = a
            R[i][j] = R[j][i] = r
    return A, R, grid_bits


def _sqrt_up(s: flint.fmpq, bits: int = GRID_BITS) -> flint.fmpq:
    """A rational >= sqrt(s) for a rational s >= 0 (within 2^-bits)."""
    scale = 2 ** bits
    t = int((s * scale * scale).ceil())
    return flint.fmpq(isqrt(t) + 1, scale)


def pd_exact(A) -> bool:
    """Whether the symmetric matrix ``A`` (rows of rationals) is positive definite, exactly:
    every leading principal minor > 0 (Sylvester), by fraction-free (Bareiss) elimination.

    >>> pd_exact([[2, 1], [1, 2]]), pd_exact([[1, 2], [2, 1]]), pd_exact([[0]])
    (True, False, False)
    """
    rows = [[_fq(x) for x in r] for r in A]
    den = 1
    for r in rows:
        for x in r:
            den = den * int(x.q) // _gcd(den, int(x.q))
    return _pd_int([[int(x.p) * (den // int(x.q)) for x in r] for r in rows])


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def _pd_int(M) -> bool:
    M = [r[:] for r in M]
    n, prev = len(M), 1
    for k in range(n):
        if M[k][k] <= 0:
            return False
        pk = M[k][k]
        for i in range(k + 1, n):
            Mi, Mk, mik = M[i], M[k], M[i][k]
            for j in range(k + 1, n):
                Mi[j] = (Mi[j] * pk - mik * Mk[j]) // prev   # exact (Bareiss)
        prev = pk
    return True


def certify_pd(H: flint.arb_mat, mu=0) -> Outcome:
    """Every symmetric matrix in the entrywise enclosure ``H`` has all eigenvalues >= ``mu``?

    ``certified`` when ``C - (mu + r) I`` is exactly positive definite (``C`` the rounded
    symmetric midpoint, ``r`` a rational bound on the Frobenius norm of the radius);
    ``undetermined`` otherwise (the enclosure may still be positive definite).

    Examples
    --------
    >>> H = flint.arb_mat([[flint.arb(2, 0.01), flint.arb(1, 0.01)], [flint.arb(1, 0.01), flint.arb(2, 0.01)]])
    >>> certify_pd(H, flint.fmpq(9, 10)).status, certify_pd(H, flint.fmpq(1)).status
    ('certified', 'undetermined')
    """
    n = H.nrows()
    if n == 0 or n > MAX_DIM:
        return Outcome("undetermined", f"positive-definiteness test of a {n} x {n} matrix (limit {MAX_DIM})")
    if not _finite(_mat_entries(H)):
        return Outcome("undetermined", "the Hessian enclosure is not finite")
    return _certify_pd(_mid_rad_sym(H), _fq(mu))


#: Largest matrix on which the exact (Bareiss) test runs when the Cholesky test did not close:
#: ~n^3 / 3 operations on integers of up to ~n * 70 bits (n = 100: ~4 s).
MAX_BAREISS = 120


def _certify_pd(mrk, mu, exact: bool = True) -> Outcome:
    """:func:`certify_pd` on the rounded midpoint and radius ``mrk = (A, R, k)``; the exact
    Bareiss test (``exact``, n <= MAX_BAREISS) only when the Cholesky test does not close."""
    A, R, k = mrk
    n = len(A)
    r = _sqrt_up(sum((x * x for row in R for x in row), flint.fmpq(0)))
    shift = int(((mu + r) * 2 ** k).ceil())
    M = [[A[i][j] - (shift if i == j else 0) for j in range(n)] for i in range(n)]
    if _pd_cholesky(M) or (exact and n <= MAX_BAREISS and _pd_int(M)):
        return Outcome("certified", f"every Hessian in the enclosure has eigenvalues >= {mu} (midpoint minus "
                                    f"{float(mu + r):.3g} I positive definite, radius norm <= {float(r):.3g})",
                       (mu, r))
    return Outcome("undetermined", f"the midpoint minus (mu + r) I = {float(mu + r):.3g} I is not positive definite "
                                   f"(radius norm bound r = {float(r):.3g})", (mu, r))


def _pd_cholesky(M) -> bool:
    """Whether the symmetric integer matrix ``M`` is positive definite, shown by a float
    Cholesky factor and an exact residual; False means "not shown".

    A float estimate ``t`` of half the smallest eigenvalue of ``M`` (scaled), a float Cholesky
    factor ``L`` of ``M - t I`` rounded to integers, and the exact residual
    ``E = M - t I - L L^T`` (flint ``fmpz_mat`` product): ``L L^T`` is positive semidefinite, so
    lambda_min(M) >= t - ||E||_2 >= t - ||E||_F (Weyl), and ``||E||_F < t`` proves M positive
    definite (Rump's verified Cholesky, with the residual computed exactly instead of bounded).
    Cost: one float eigenvalue solve and Cholesky, one integer matrix product.

    >>> _pd_cholesky([[2, 1], [1, 2]]), _pd_cholesky([[1, 2], [2, 1]])
    (True, False)
    """
    import numpy as np
    n = len(M)
    e = max(1, max(abs(x) for row in M for x in row).bit_length())
    Mf = np.array([[float(x) for x in row] for row in M]) / 2.0 ** e if e < 1000 else None
    if Mf is None or not np.all(np.isfinite(Mf)):
        return False
    lam = float(np.linalg.eigvalsh(Mf)[0])
    if not lam > 0:
        return False
    q = max(60, e // 2 + 2)                  # L at scale 2^q, so L L^T and M at scale 2^(2q)
    T = int(lam / 2 * 2.0 ** 60) << (2 * q - 60)    # t = lam / 2 at scale 2^(2q), exactly
    try:
        L = np.linalg.cholesky(Mf - (T / 2.0 ** (2 * q)) * np.eye(n))
    except np.linalg.LinAlgError:
        return False
    Li = flint.fmpz_mat([[int(np.rint(x * 2.0 ** 60)) << (q - 60) for x in row] for row in L])
    Ms = flint.fmpz_mat([[(x << (2 * q - e)) - (T if i == j else 0) for j, x in enumerate(row)]
                         for i, row in enumerate(M)])
    E = Ms - Li * Li.transpose()
    frob2 = sum(int(x) ** 2 for x in E.entries())
    return frob2 < T * T

def eig_lower_bound(H: flint.arb_mat) -> Outcome:
    """A certified rational lower bound on the smallest eigenvalue of every symmetric matrix
    in the enclosure ``H`` (``value``; a float estimate only chooses the candidate).

    >>> H = flint.arb_mat([[flint.arb(2, 0.01), flint.arb(1, 0.01)], [flint.arb(1, 0.01), flint.arb(2, 0.01)]])
    >>> b = eig_lower_bound(H).value
    >>> 0.95 < float(b) <= 1
    True
    """
    import numpy as np
    n = H.nrows()
    if n == 0 or n > MAX_DIM or not _finite(_mat_entries(H)):
        return Outcome("undetermined", "no finite Hessian enclosure of a supported size")
    mrk = _mid_rad_sym(H)
    A, R, k = mrk
    r = float(_sqrt_up(sum((x * x for row in R for x in row), flint.fmpq(0))))
    lam = float(np.linalg.eigvalsh(np.array(A, dtype=float) / 2.0 ** k)[0])
    slacks = (1e-12, 1e-9, 1e-6, 1e-3, 0.1, 0.5)
    for slack, exact in [(x, False) for x in slacks] + [(x, True) for x in slacks]:
        cand = lam - r - slack * max(abs(lam), 1e-30)
        q = flint.fmpq(int(np.floor(cand * 2.0 ** 40)), 2 ** 40)
        out = _certify_pd(mrk, q, exact)
        if out.certified:
            return Outcome("certified", f"every Hessian in the enclosure has eigenvalues >= {q}", q)
    return Outcome("undetermined", f"no lower bound near the midpoint's lambda_min ~ {lam:.3g} could be certified")


def certify_indefinite(H: flint.arb_mat, u, v) -> Outcome:
    """``u^T H u < 0 < v^T H v`` for every matrix in the enclosure (rational ``u``, ``v``)?

    >>> H = flint.arb_mat([[flint.arb(1, 0.1), 0], [0, flint.arb(-1, 0.1)]])
    >>> certify_indefinite(H, [0, 1], [1, 0]).status, certify_indefinite(H, [1, 0], [0, 1]).status
    ('certified', 'undetermined')
    """
    n = H.nrows()

    def form(w):
        col = flint.arb_mat([[ball(x)] for x in w])
        return (col.transpose() * H * col)[0, 0]

    if len(u) != n or len(v) != n:
        return Outcome("undetermined", "the test vectors do not match the Hessian")
    fu, fv = form(u), form(v)
    if fu < 0 and fv > 0:
        return Outcome("certified", "u^T H u < 0 < v^T H v on the whole enclosure: every Hessian is indefinite",
                       (fu, fv))
    return Outcome("undetermined", f"the quadratic forms do not separate: u^T H u in {fu.str(3, radius=True)}, "
                                   f"v^T H v in {fv.str(3, radius=True)}", (fu, fv))


def loss_bounds(L: flint.arb, bits: int | None = None) -> tuple:
    """Rational ``(lo, hi)`` with the ball ``L`` inside ``[lo, hi]``; rounded outward to the grid
    2^-bits when ``bits`` is given (shorter numbers).

    >>> lo, hi = loss_bounds(flint.arb(flint.fmpq(1, 3)), bits=20)
    >>> lo <= flint.fmpq(1, 3) <= hi, hi - lo <= flint.fmpq(2, 2 ** 20)
    (True, True)
    """
    if not L.is_finite():
        raise Inconclusive("the loss enclosure is not finite")
    lo, hi = to_fmpq(L.lower()), to_fmpq(L.upper())
    if bits is not None:
        s = 2 ** bits
        lo, hi = flint.fmpq(int((lo * s).floor()), s), flint.fmpq(int((hi * s).ceil()), s)
    return lo, hi
