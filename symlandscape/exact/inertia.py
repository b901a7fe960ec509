"""Exact inertia ``(n_plus, n_minus, n_zero)`` of symmetric rational matrices.

The exact route here is always right: the characteristic polynomial of a real
symmetric matrix has only real roots, so Descartes' rule of signs counts its
positive and negative roots exactly. A certified fast path (float eigenvectors
plus rigorous error bounds) may answer first; it never guesses and falls back
to this route whenever its bounds do not close.
"""

__all__ = ["inertia", "inertia_charpoly", "as_integer_symmetric"]

import flint

from .matrix import QMatrix, qmatrix
from .numbers import InputError


def inertia(M, method: str = "auto", *, _trusted_kernel=None) -> tuple:
    """Exact inertia of a symmetric rational matrix.

    Parameters
    ----------
    M : QMatrix, flint matrix or nested lists of exact numbers
        A symmetric matrix.
    method : {"auto", "charpoly", "certified"}
        ``"auto"`` tries the certified fast path and falls back to the exact
        characteristic polynomial when its bounds do not close; ``"charpoly"``
        uses the exact route only; ``"certified"`` raises if the fast path
        cannot decide.
    _trusted_kernel : QMatrix or flint matrix, optional
        Internal: columns that a theorem puts in the kernel of ``M`` (the rescaling
        symmetries of a network at an exactly critical point). They are trusted, not
        checked, and only speed up the certified rank bound; with a false one the
        answer can be wrong, hence the underscore.

    Returns
    -------
    tuple of int
        ``(n_plus, n_minus, n_zero)``: the numbers of positive, negative and zero
        eigenvalues, counted with multiplicity.

    Raises
    ------
    InputError
        If ``M`` is not square and symmetric or has non-exact entries.

    Examples
    --------
    >>> inertia([[2, 1], [1, 2]])
    (2, 0, 0)
    >>> inertia([[0, 1], [1, 0]])
    (1, 1, 0)
    >>> inertia([[1, 1], [1, 1]])
    (1, 0, 1)

    Notes
    -----
    The characteristic polynomial costs O(n^3) multimodular operations on
    integers whose size grows with n and the entry height: about 15 s at
    n = 500 with small entries (25-46 s measured under load). The certified path costs a float eigenvalue
    decomposition, an exact rank and a few matrix products.
    """
    A = _as_symmetric_integer(M)
    if method == "charpoly":
        return _inertia_charpoly(A)
    if method not in ("auto", "certified"):
        raise ValueError(f"inertia: unknown method {method!r}")
    try:
        from .certified import certified_inertia
    except ImportError:  # fast path not built: the exact route is always available
        certified_inertia = None
    if certified_inertia is not None:
        hint = _trusted_kernel.flint if isinstance(_trusted_kernel, QMatrix) else _trusted_kernel
        res = certified_inertia(A, hint)
        if res is not None:
            return res
    if method == "certified":
        raise ValueError("inertia: the certified fast path could not decide")
    return _inertia_charpoly(A)


def inertia_charpoly(M) -> tuple:
    """Inertia from the exact characteristic polynomial and Descartes' rule of signs.

    Examples
    --------
    >>> inertia_charpoly([[1, 0, 0], [0, -3, 0], [0, 0, 0]])
    (1, 1, 1)
    """
    return _inertia_charpoly(_as_symmetric_integer(M))


def as_integer_symmetric(M) -> flint.fmpz_mat:
    """Validate symmetry and clear denominators (a positive scale keeps the inertia).

    >>> as_integer_symmetric([["1/2", 1], [1, "1/3"]])
    [3, 6]
    [6, 2]
    """
    return _as_symmetric_integer(M)


def _as_symmetric_integer(M) -> flint.fmpz_mat:
    if isinstance(M, flint.fmpz_mat):
        A = M
    else:
        Q = M.flint if isinstance(M, QMatrix) else (M if isinstance(M, flint.fmpq_mat) else qmatrix(M).flint)
        n, m = Q.nrows(), Q.ncols()
        if n != m:
            raise InputError(f"inertia: matrix is {n} x {m}, not square")
        A, _ = Q.numer_denom()
    if A.nrows() != A.ncols():
        raise InputError(f"inertia: matrix is {A.nrows()} x {A.ncols()}, not square")
    if A != A.transpose():
        raise InputError("inertia: matrix is not symmetric")
    return A


def _inertia_charpoly(A: flint.fmpz_mat) -> tuple:
    n = A.nrows()
    if n == 0:
        return (0, 0, 0)
    c = A.charpoly().coeffs()  # constant term first; real-rooted
    n_zero = next(i for i, x in enumerate(c) if x != 0)
    c = c[n_zero:]
    n_plus = _sign_changes(c)
    n_minus = _sign_changes([x if i % 2 == 0 else -x for i, x in enumerate(c)])
    assert n_plus + n_minus + n_zero == n, "charpoly of a symmetric matrix is real-rooted"
    return (n_plus, n_minus, n_zero)


def _sign_changes(coeffs) -> int:
    signs = [x > 0 for x in coeffs if x != 0]
    return sum(1 for a, b in zip(signs, signs[1:]) if a != b)
