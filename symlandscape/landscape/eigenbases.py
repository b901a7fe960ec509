"""Rational orthonormal eigenbases of ``Sigma`` and rational thresholds between its eigenvalues.

Witness search for statements about eigenvector index sets (Kawaguchi's ``U_I``, seed 000
line 41; :mod:`symlandscape.theorems.kawaguchi_lemmas`): an admissible ``U`` when
``Sigma`` has rational eigenvectors, and the rational ``t`` that certifies, by exact
inertia alone, whether the eigenvalues of ``Sigma`` on ``col(C)`` exceed ``lambda_{q+1}``.
The statements verify everything they are given; nothing here is trusted.
"""

__all__ = ["eigenbasis", "rational_between", "index_threshold"]

import flint

from ..exact.matrix import QMatrix
from ..exact.roots import descending_roots, real_roots


def _orthonormal(vectors: list):
    """Gram-Schmidt; the orthonormal columns if every norm is rational, else None."""
    ortho = []
    for v in vectors:
        w = v
        for q in ortho:
            w = w - q * ((q.T @ v)[0, 0] / (q.T @ q)[0, 0])
        if not w.is_zero():
            ortho.append(w)
    out = []
    for w in ortho:
        n2 = (w.T @ w)[0, 0]
        p, q = flint.fmpz(n2.p), flint.fmpz(n2.q)
        if not (p.is_square() and q.is_square()):
            return None
        out.append(w * flint.fmpq(q.isqrt(), p.isqrt()))
    return out


def eigenbasis(S: QMatrix, prefer: QMatrix | None = None) -> tuple | None:
    """A rational orthonormal eigenbasis ``(U, eigenvalues)`` of symmetric ``S``, eigenvalues
    decreasing; within each eigenspace the vectors of ``col(prefer)`` come first. None
    when an eigenvalue or a norm is irrational (or ``col(prefer)`` is not invariant).

    >>> U, lam = eigenbasis(QMatrix([[1, 0], [0, 1]]), prefer=QMatrix([[3], [4]]))
    >>> U.tolist(), [str(x) for x in lam]
    ([[Fraction(3, 5), Fraction(-4, 5)], [Fraction(4, 5), Fraction(3, 5)]], ['1', '1'])
    >>> eigenbasis(QMatrix([[1, 1], [1, 1]])) is None        # eigenvectors (1, +-1)/sqrt 2
    True
    """
    d = S.shape[0]
    roots = []
    for f, mult in S.flint.charpoly().factor()[1]:
        if f.degree() != 1:
            return None
        c = f.coeffs()
        roots.append((-c[0] / c[1], mult))
    roots.sort(key=lambda t: t[0], reverse=True)
    B = prefer.colspace() if prefer is not None and prefer.rank() else None
    cols, eigs = [], []
    for lam, mult in roots:
        A = S - QMatrix.eye(d) * lam
        if B is None:
            groups = [A.nullspace()]
        else:
            groups = [B @ (A @ B).nullspace(), QMatrix.vstack([A, B.T]).nullspace()]
        vecs = [G.columns([j]) for G in groups for j in range(G.shape[1])]
        ortho = _orthonormal(vecs)
        if ortho is None or len(ortho) != mult:
            return None
        cols += ortho
        eigs += [lam] * mult
    return QMatrix.hstack(cols), eigs


def rational_between(a, b) -> flint.fmpq:
    """A rational strictly between real roots ``a < b``.

    >>> a, b = real_roots([-2, 0, 1])
    >>> a < rational_between(a, b) < b
    True
    """
    while not a.hi < b.lo:
        a.refine()
        b.refine()
    return (a.hi + b.lo) / 2


def index_threshold(Sigma: QMatrix, C: QMatrix, q: int) -> flint.fmpq | None:
    """A rational ``t`` deciding whether every eigenvalue of symmetric ``Sigma`` on the
    ``Sigma``-invariant ``col(C)`` exceeds ``lambda_{q+1}`` (eigenvalues decreasing).

    If they do: ``lambda_{q+1} < t <`` every other eigenvalue above ``lambda_{q+1}``
    (then ``Sigma - t I`` is nonsingular with at most ``q`` positive eigenvalues and
    positive definite on ``col(C)``). If not: ``mu <= t <= lambda_{q+1}`` for the smallest
    eigenvalue ``mu`` on ``col(C)`` (then ``Sigma - t I`` is not positive definite on
    ``col(C)`` and has at most ``d - q - 1`` negative eigenvalues). None when ``q >= d``,
    ``C = 0``, or ``mu = lambda_{q+1}`` is irrational (no rational ``t`` exists).

    >>> S = QMatrix([[4, 0], [0, 1]])
    >>> index_threshold(S, QMatrix([[1], [0]]), 1), index_threshold(S, QMatrix([[0], [1]]), 1)
    (9/4, 1)
    """
    d = Sigma.shape[0]
    if q >= d or C.rank() == 0:
        return None
    lam = descending_roots(Sigma.flint.charpoly())
    B = C.colspace()
    mu = real_roots((B.pinv() @ Sigma @ B).flint.charpoly())[0]   # smallest eigenvalue on col(C)
    lq1 = lam[q]
    if mu > lq1:
        return rational_between(lq1, min(x for x in lam if x > lq1))
    if mu < lq1:
        for x in (mu.exact(), lq1.exact()):
            if x is not None:
                return x
        return rational_between(mu, lq1)
    return mu.exact()
