"""Exact inertia ``(n_plus, n_minus, n_zero)`` of symmetric rational matrices.

The exact route here is always right: the characteristic polynomial of a real
symmetric matrix has only real roots, so Descartes' rule of signs counts its
positive and negative roots exactly. A certified fast path (float eigenvectors
plus rigorous error bounds) may answer first; it never guesses and falls back
to this route whenever its bounds do not close.
"""

__all__ = ["inertia", "inertia_charpoly", "as_integer_symmetric", "MAX_CHARPOLY_DIM",
           "MAX_CHARPOLY_WORK"]

import flint

from .matrix import QMatrix, qmatrix
from .numbers import InputError, WorkLimitExceeded

#: Largest matrix (rows) whose exact characteristic polynomial is computed, whatever
#: its entries: memory for the intermediate integers grows with n as well as time.
MAX_CHARPOLY_DIM = 600
#: Largest estimated charpoly work ``n^4 (b + 16)`` (b: bit length of the largest
#: integer entry). Measured with python-flint 0.9.0 on this 2-core machine:
#: n = 200/300/400 with 10-bit entries took 0.45/2.2/7.3 s and n = 200 with 200-bit
#: entries 6.8 s, i.e. about 1.2e-11 s per unit of work (up to 2x for large entries);
#: 4e12 is about a minute (n = 500 with small entries: ~20 s).
MAX_CHARPOLY_WORK = 4 * 10 ** 12


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
    WorkLimitExceeded
        If the certified path cannot decide and the exact characteristic
        polynomial is beyond ``MAX_CHARPOLY_DIM`` / ``MAX_CHARPOLY_WORK``
        (never a guess instead).

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
    try:
        return _inertia_charpoly(A)
    except WorkLimitExceeded as e:
        if certified_inertia is None:
            raise
        raise WorkLimitExceeded(f"certified inertia bounds did not close; {e.reason}") from None


def inertia_charpoly(M) -> tuple:
    """Inertia from the exact characteristic polynomial and Descartes' rule of signs.

    Raises :class:`WorkLimitExceeded` past ``MAX_CHARPOLY_DIM`` / ``MAX_CHARPOLY_WORK``.

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


def charpoly_work(A: flint.fmpz_mat) -> int:
    """Estimated work ``n^4 (b + 16)`` of the exact charpoly (see ``MAX_CHARPOLY_WORK``).

    >>> charpoly_work(flint.fmpz_mat([[1, 0], [0, 1]]))
    272
    """
    n = A.nrows()
    b = max((abs(int(x)).bit_length() for x in A.entries()), default=0) if n else 0
    return n ** 4 * (b + 16)


def _check_charpoly_limits(A: flint.fmpz_mat) -> None:
    n = A.nrows()
    if n > MAX_CHARPOLY_DIM:
        raise WorkLimitExceeded(f"exact characteristic polynomial of a {n} x {n} matrix is beyond "
                                f"the limit of {MAX_CHARPOLY_DIM} rows (MAX_CHARPOLY_DIM)")
    w = charpoly_work(A)
    if w > MAX_CHARPOLY_WORK:
        raise WorkLimitExceeded(f"exact characteristic polynomial of a {n} x {n} matrix would take "
                                f"~{w * 1.2e-11:.0f} s (work {w:.2e} > MAX_CHARPOLY_WORK "
                                f"{MAX_CHARPOLY_WORK:.0e})")


def _inertia_charpoly(A: flint.fmpz_mat) -> tuple:
    n = A.nrows()
    if n == 0:
        return (0, 0, 0)
    _check_charpoly_limits(A)
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
