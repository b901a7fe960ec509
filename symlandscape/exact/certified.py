"""Certified fast inertia of integer symmetric matrices (floats with rigorous bounds).

:func:`certified_inertia` returns the exact inertia or ``None``; it never
guesses. ``inertia()`` falls back to the exact characteristic polynomial when
it gets ``None``.

Notes
-----
Let ``A`` be the n x n integer symmetric input, ``g`` the gcd of its entries
and ``A' = A / g`` (a positive multiple: same inertia and kernel). Five steps.
(When an entry has 53 bits or more, the float steps 2-4 use ``A' = A`` and ``g`` is
computed only if step 5 runs: any positive multiple will do there.)

1. *Rank guess.* ``r = rank(A mod q)`` for a prime ``q`` not dividing ``g``,
   with ``P`` the pivot columns of the reduced echelon form mod ``q`` and ``Q``
   the others. Nothing below trusts ``r`` or ``P``: every use is checked.
2. *Float congruence.* ``As = 2^-b A'`` (``b`` the bit length of the largest
   entry) is rounded entrywise to the float matrix ``F``:
   ``|F - As| <= c |F| + eta``, with ``c = 0`` if every entry has at most 53
   bits, else ``c = u/(1-u)`` (``u = 2^-53``), and ``eta = 2^-1000`` only when
   entries beyond 1000 bits are first shifted right. ``V`` holds the float
   eigenvectors (``numpy.linalg.eigh``) of the ``r`` eigenvalues of ``F``
   largest in modulus, and ``C^ = fl(V^T fl(F V))``. With ``G = |V|^T |F| |V|``,
   the standard bound for conventional matrix products (any order of the sums,
   with or without FMA; ``gamma_n = n u / (1 - n u)``) gives
   ``|C^ - V^T F V| <= gamma_n (2 + gamma_n) G``, and
   ``|V^T (F - As) V| <= c G + eta (|V|^T 1)(1^T |V|)``. The computed
   ``G^ = fl(|V|^T fl(|F| |V|))`` satisfies ``G <= G^ / (1 - gamma_n)^2``. So
   ``D = (3 gamma_n + c)(1 + 2^-20) G^ + 2^-900`` (``3 gamma_n`` and the factor
   absorb the ``(1 - gamma_n)^-2`` and the rounding of ``D`` itself) bounds ``|C^ - C|`` entrywise
   (only its row sums are used, and they are computed by matrix-vector products: see
   ``_congruence``)
   for the exact ``C = V^T As V`` (with ``n <= 2^20`` and ``|V| <= 2``, the
   term ``2^-900`` covers ``eta`` and every underflow).
3. *Gershgorin.* If ``|C^_ii| > (1 + 2^-19) fl(sum_{j != i} |C^_ij| + sum_j D_ij)``
   for every ``i`` (the factor covers the rounding of these nonnegative sums),
   every Gershgorin interval of the exact symmetric ``C`` lies strictly on the
   side of 0 given by ``sign(C^_ii)``. Then ``C(t) = diag(C) + t offdiag(C)``,
   ``0 <= t <= 1``, is nonsingular for every ``t`` (its intervals only shrink),
   so its inertia is constant along the path: ``n+(C)`` and ``n-(C)`` are the
   numbers of positive and negative ``C^_ii``, and they add up to ``r``.
4. *Interlacing.* If ``C = V^T As V`` is positive definite on a subspace ``W``,
   then ``x^T As x > 0`` on ``V W`` minus 0, and ``V`` is injective on ``W``
   (``V w = 0`` would give ``w^T C w = 0``). So ``n+(A) >= n+(C)`` and
   ``n-(A) >= n-(C)`` for any real ``V`` (full column rank is not even
   needed), hence ``rank(A) >= r``.
5. *Rank upper bound.* Let ``B = A'[P, P]`` and ``W`` an integer matrix with
   ``B W = I (mod p)``, checked exactly. If ``A'[:, Q] = A'[:, P] X_k
   (mod p^k)`` for an integer matrix ``X_k``, then ``X_k = B^-1 A'[P, Q]`` in
   the p-adic integers mod ``p^k``, so the Schur complement
   ``S = A'[Q,Q] - A'[Q,P] B^-1 A'[P,Q]`` is ``0 mod p^k``. ``det(B) S`` is the
   integer matrix of the bordered minors ``det A'[P+i, P+j]``, all at most
   ``H = prod_{c in P} |A'[:,c]| max_{j in Q} |A'[:,j]|`` (Hadamard), so
   ``p^k > H`` forces ``S = 0`` and ``rank(A) = rank(B) + rank(S) = r``.
   ``X_k`` is built by p-adic lifting in float64 arithmetic whose every
   intermediate is an integer of absolute value at most ``2^53`` (a priori
   bounds fix ``p``), and every step checks that the whole residual is
   divisible by ``p``. Two other rigorous routes to the same bound: an exact
   kernel ``K = [-N; d I]`` (rational reconstruction of ``X_k``) with
   ``A K = 0`` checked exactly, which is quicker when the kernel has small
   entries; and, for entries too large for the float64 lifting,
   ``rank(A mod p_i) <= r`` for primes whose product exceeds the Hadamard
   bound on every (r+1)-minor. With steps 3-4, ``inertia(A) = (n+(C), n-(C), n - r)``.

Whenever a test fails the answer is ``None``. Floats and the rank mod ``q``
only choose ``V``, ``r``, ``P`` and the lifting digits; none of them decides
anything without its bound or exact check.

Every exact fallback here has a size limit (module constants below): past it the
route raises :class:`~symlandscape.exact.numbers.WorkLimitExceeded`, which
``certified_inertia`` treats like a bound that did not close (it tries the
next route, then answers ``None``); the characteristic polynomial that
``inertia()`` falls back to has its own limit.

Cost at n = 500 (rank 450, generic dense kernel with ~2,000-bit entries): about
0.7 s on one core, mostly the ~300 lifting steps (two float products each);
``eigh`` and the bound take 0.06 s. A flint ``arb_mat`` product instead of the
a priori bound took 0.76 s alone. The exact charpoly took about 25 s.
"""

__all__ = ["certified_inertia", "MAX_DIXON_WORK", "MAX_MULTIMODULAR_WORK"]

import ctypes
import glob
import math
import os
import random

import flint
import numpy as np

from .numbers import WorkLimitExceeded

#: Largest estimated work ``r^3 m max(1, (b + 8) / 16)`` of an exact p-adic (Dixon) solve
#: with an r x r matrix, m right-hand sides and b-bit entries. Measured (python-flint
#: 0.9.0, this 2-core machine, 7-bit entries): r = m = 250 took 3.7 s, r = m = 500 55 s,
#: about 1e-9 s per unit; 6e10 is about a minute. The output alone has r m entries of
#: ~r b bits, so the memory limit follows the time limit.
MAX_DIXON_WORK = 6 * 10 ** 10
#: Largest ``(number of primes) x n^3`` for the multimodular rank bound. One rank mod a
#: 62-bit prime took 0.03 s at n = 500 and 0.22 s at n = 1000 (~2.2e-10 s n^3); 2.5e11
#: is about a minute.
MAX_MULTIMODULAR_WORK = 25 * 10 ** 10

_U = 2.0 ** -53
_P1 = 4611686018427387847  # largest prime below 2^62
_TAU = 2.0 ** -900


def _honour_blas_threads() -> None:
    """Apply OPENBLAS_NUM_THREADS even when numpy was imported before the variable was set.

    The package sets it to 1 before numpy loads unless the user set it; when the
    user imported numpy first, OpenBLAS already runs with every core (250-500x
    slower ``eigh`` on small loaded machines), so set the thread count directly.
    """
    want = os.environ.get("OPENBLAS_NUM_THREADS", "")
    if not want.isdigit() or int(want) < 1:
        return
    libs = os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs", "*openblas*")
    for path in glob.glob(libs):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for get, put in (("scipy_openblas_get_num_threads64_", "scipy_openblas_set_num_threads64_"),
                         ("scipy_openblas_get_num_threads", "scipy_openblas_set_num_threads"),
                         ("openblas_get_num_threads64_", "openblas_set_num_threads64_"),
                         ("openblas_get_num_threads", "openblas_set_num_threads")):
            if hasattr(lib, get) and hasattr(lib, put):
                if getattr(lib, get)() != int(want):
                    getattr(lib, put)(int(want))
                break


_honour_blas_threads()


def certified_inertia(A: flint.fmpz_mat, kernel_hint=None, nullity_at_least=0) -> tuple | None:
    """Inertia ``(n_plus, n_minus, n_zero)`` of an integer symmetric matrix, or None.

    Parameters
    ----------
    A : flint.fmpz_mat or numpy.ndarray
        Square and symmetric (not checked here; ``inertia()`` checks it); a numpy
        array of int64 or of Python ints (object) is read without a flint round trip.
    kernel_hint : flint.fmpq_mat or flint.fmpz_mat, optional
        Columns known (by a theorem, e.g. the rescaling symmetries at an exactly
        critical point) to lie in the kernel of A. Their rank mod p bounds the
        nullity from below, so only the missing kernel vectors are solved for.
    nullity_at_least : int or callable, optional
        A proven lower bound ``k`` of the nullity of A (e.g. the rank mod p of
        known kernel vectors), or a function computing it (called only when a
        float eigenvalue is near 0). Then ``rank(A) <= n - k``, and when the
        Gershgorin step closes with the ``n - k`` eigenvalues largest in modulus
        (``rank(A) >= n - k``) nothing else is needed: no rank mod ``q``, no
        kernel solve. When it does not close, the usual steps run. With ``k = 0``
        the same shortcut proves a nonsingular matrix (tried when no float
        eigenvalue is near 0).

    Returns
    -------
    tuple of int or None
        The exact inertia, or ``None`` when a bound does not close (then use
        the exact characteristic polynomial). Never a wrong answer.

    Examples
    --------
    >>> certified_inertia(flint.fmpz_mat([[2, 1], [1, 2]]))
    (2, 0, 0)
    >>> certified_inertia(flint.fmpz_mat([[1, 2, 3], [2, 4, 6], [3, 6, -1]]))
    (1, 1, 1)
    >>> big = 10 ** 20                     # eigenvalues ~2e20 and ~0.5: too close to 0
    >>> certified_inertia(flint.fmpz_mat([[big, big], [big, big + 1]])) is None
    True
    """
    n = A.shape[0] if isinstance(A, np.ndarray) else A.nrows()
    if n == 0:
        return (0, 0, 0)
    if n > 2 ** 20:
        return None
    M, g, vals = _entries(A, n)
    if g == 0:
        return (0, 0, n)
    if M is not None:  # every entry of A' below 2^53: exact in float64
        alpha = int(np.abs(M).max())
        bits = alpha.bit_length()
        F, c = np.ldexp(M, -bits), 0.0
        p = _lifting_prime(n, alpha, g)
    else:
        bits = max(map(abs, vals)).bit_length()
        F, c = _to_float(vals, n, bits)
        p = None
    try:
        eig = np.linalg.eigh(F)
    except np.linalg.LinAlgError:
        return None
    w = np.abs(eig[0])
    # rank(A) <= n - k is proven (k = 0: trivially); Gershgorin on n - k directions proves
    # rank(A) >= n - k. Without a bound, try it only when no float eigenvalue looks like 0 (a
    # choice of route, not a verdict): then no rank mod q is needed for a nonsingular A.
    nonsingular_looking = w.min() > 2.0 ** -30 * n * w.max()
    k = 0 if nonsingular_looking and callable(nullity_at_least) else nullity_at_least
    if callable(k):
        k = k()
    if 0 < k < n or (k == 0 and nonsingular_looking):
        signs = _gershgorin_signs(F, c, n - k, eig)
        if signs is not None:
            return (signs[0], signs[1], k)
    if M is not None:
        colsq = _colsq(M, n, alpha)
    else:
        g, vals = _divide_out(vals)
        Mo = np.array(vals, dtype=object).reshape(n, n)
        colsq = list((Mo * Mo).sum(axis=0))
        del Mo
    del vals
    if isinstance(A, np.ndarray):   # the exact routes below work on the flint matrix
        A = flint.fmpz_mat(n, n, A.ravel().tolist())
    r, piv = _rank_and_pivots(A, p or _prime_not_dividing(_P1, g))
    if r is None:
        return None
    signs = _gershgorin_signs(F, c, r, eig)
    del eig
    if signs is None:
        return None
    if r < n:
        routes = [lambda: kernel_hint is not None and _hinted_kernel(A, r, piv, kernel_hint)]
        if p:
            routes.append(lambda: _padic(A, M, r, piv, colsq, p))
        else:
            routes += [lambda: _solve_kernel(A, r, piv), lambda: _multimodular(A, r, colsq, g)]
        if not any(map(_bounded, routes)):
            return None
    return (signs[0], signs[1], n - r)


def _bounded(route) -> bool:
    """Run one rank-bound route; one past its work limit only fails to close (False)."""
    try:
        return bool(route())
    except WorkLimitExceeded:
        return False


def _dixon_limit(r: int, m: int, A) -> None:
    """Raise WorkLimitExceeded if a Dixon solve (r x r, m right-hand sides) is too large."""
    if r == 0 or m == 0:
        return
    if r ** 3 * m > MAX_DIXON_WORK:  # cheap test first: no scan of the entries
        raise WorkLimitExceeded(f"exact Dixon solve of size {r} with {m} right-hand sides "
                                f"(work {r ** 3 * m:.2e} > MAX_DIXON_WORK {MAX_DIXON_WORK:.0e})")
    b = max((abs(int(x)).bit_length() for x in A.entries()), default=0)
    w = r ** 3 * m * max(1, (b + 8) // 16)
    if w > MAX_DIXON_WORK:
        raise WorkLimitExceeded(f"exact Dixon solve of size {r} with {m} right-hand sides and "
                                f"{b}-bit entries (work {w:.2e} > MAX_DIXON_WORK {MAX_DIXON_WORK:.0e})")


def _entries(A, n):
    """(A' as exact float64 or None, g, A' as Python ints or None).

    ``A`` is a flint matrix or a numpy integer array (int64, or object of Python ints:
    then no flint entries are converted back)."""
    if isinstance(A, np.ndarray) and A.dtype == np.int64:
        e = A.ravel()
        big = e.size and max(int(e.max()), -int(e.min())) >= 2 ** 53
        M = None if big else e.astype(float).reshape(n, n)
        if big:
            e = e.tolist()
    elif isinstance(A, np.ndarray):     # Python ints: look at the largest before converting
        e = A.ravel().tolist()
        M = (np.array(e, dtype=float).reshape(n, n) if max(map(abs, e), default=0) < 2 ** 53
             else None)
    else:
        e = A.entries()
        try:
            M = np.fromiter(e, dtype=float, count=n * n).reshape(n, n)
        except OverflowError:
            M = None
    if M is not None and np.abs(M).max() < 2.0 ** 53:  # then every entry is exact
        g = int(np.gcd.reduce(M.astype(np.int64), axis=None))
        return (M / g if g > 1 else M), g, None
    vals = list(map(int, e))
    # The float step needs no gcd (a positive multiple has the same inertia): 0 marks
    # "not computed yet" unless every entry is 0; ``_divide_out`` divides when a rank route needs it.
    return None, (0 if not any(vals) else -1), vals


def _divide_out(vals):
    """(g, vals / g) for the Python-int entries (the exact rank routes work on A' = A / g)."""
    g = math.gcd(*vals)
    return g, (vals if g == 1 else [v // g for v in vals])


def _prev_prime(p: int) -> int:
    p -= 1
    while not flint.fmpz(p).is_prime():
        p -= 1
    return p


def _prime_not_dividing(p: int, g: int) -> int:
    while g % p == 0:
        p = _prev_prime(p)
    return p


def _lifting_prime(n, alpha, g):
    """Largest prime p with n h^2 <= 2^53 and n alpha (h + 1) < 2^52, h = p // 2 + 2."""
    p = min(2 * math.isqrt(2 ** 53 // n), 2 ** 53 // (n * alpha))
    while p > 8 and (n * (p // 2 + 2) ** 2 > 2 ** 53 or n * alpha * (p // 2 + 3) >= 2 ** 52):
        p -= 1
    return _prime_not_dividing(_prev_prime(p), g) if p >= 2 ** 10 else None


def _rank_and_pivots(A, p):
    """Rank mod p and the pivot columns of the rref (found from one row combination)."""
    R, r = flint.nmod_mat(A, p).rref()
    n = A.ncols()
    rng = random.Random(r * 1000003 + n)
    c = [rng.randrange(1, p) for _ in range(n)]
    # A pivot column of the rref is the unit vector e_k, so c^T R there equals c_k.
    z = list(map(int, (flint.nmod_mat(1, n, c, p) * R).entries()))
    piv = []
    for j in range(n):
        if len(piv) < r and z[j] == c[len(piv)]:
            piv.append(j)
    return (r, piv) if len(piv) == r else (None, None)


def _to_float(vals, n, bits):
    """Float matrix F ~ 2^-bits A' with |F - 2^-bits A'| <= c |F| + 2^-1000 (step 2)."""
    s = max(0, bits - 1000)
    it = map(float, vals) if s == 0 else (float(v >> s) for v in vals)
    F = np.ldexp(np.fromiter(it, dtype=float, count=n * n).reshape(n, n), -(bits - s))
    return F, (0.0 if bits <= 53 else _U / (1 - _U))


def _congruence(F, c, V):
    """C^ = fl(V^T fl(F V)) and the row sums of a D with |C^ - V^T As V| <= D entrywise (step 2).

    Only the row sums ``sum_j D_ij`` enter the Gershgorin test, and those of ``G =
    |V|^T |F| |V|`` are ``g = |V|^T (|F| (|V| 1))``: three matrix-vector products instead
    of two matrix products. Every term is nonnegative, so each computed product is at
    least ``(1 - gamma_n)`` times the exact one with the computed (upper bound) input:
    ``g <= g^ / (1 - gamma_n)^3``, and ``(3 gamma_n + c)(1 + 2^-20) g^ + n 2^-900`` bounds
    ``sum_j |C^_ij - C_ij|`` (``2 gamma_n + gamma_n^2 + c`` times ``(1 - gamma_n)^-3`` is
    below it for ``gamma_n <= 2^-30``, i.e. ``n <= 2^20``).
    """
    n = F.shape[0]
    C = V.T @ (F @ V)
    aV = np.abs(V)
    g = aV.T @ (np.abs(F) @ aV.sum(axis=1))
    gam = n * _U / (1 - n * _U)
    return C, g * ((3 * gam + c) * (1 + 2.0 ** -20)) + n * _TAU


def _gershgorin_signs(F, c, r, eig):
    """(n+(C), n-(C)) for C = V^T As V if every Gershgorin interval excludes 0 (steps 2-3);
    ``eig = numpy.linalg.eigh(F)``."""
    w, V = eig
    V = np.ascontiguousarray(V[:, np.argsort(-np.abs(w), kind="stable")[:r]])
    if not np.isfinite(V).all() or np.abs(V).max() > 2:
        return None
    C, Drow = _congruence(F, c, V)
    diag = np.diag(C).copy()
    off = np.abs(C, out=C)
    np.fill_diagonal(off, 0.0)
    rad = (off.sum(axis=1) + Drow) * (1 + 2.0 ** -19)
    if not (np.isfinite(rad).all() and np.isfinite(diag).all() and (np.abs(diag) > rad).all()):
        return None
    return int((diag > 0).sum()), int((diag < 0).sum())


def _colsq(M, n, alpha):
    """Exact squared column norms of the integer matrix M as Python ints."""
    if n * alpha * alpha < 2 ** 53:
        return [int(x) for x in (M * M).sum(axis=0)]
    if n * alpha * alpha < 2 ** 63:
        Mi = M.astype(np.int64)
        return [int(x) for x in (Mi * Mi).sum(axis=0)]
    Mo = M.astype(np.int64).astype(object)
    return list((Mo * Mo).sum(axis=0))


def _padic(A, M, r, piv, colsq, p) -> bool:
    """Prove rank(A) <= r by p-adic lifting of A'[:, Q] = A'[:, P] X in exact float64.

    Every array holds integers of absolute value at most 2^53, so every float
    operation is exact: residues are at most ``h = p // 2 + 2`` (``_mods``),
    ``|W y| <= n h^2 <= 2^53``, the residual ``R`` stays at most ``n alpha`` since
    ``(n alpha + n alpha h) / p <= n alpha``, so ``T = R - AP x`` and ``B W`` are
    below ``n alpha (h + 1) < 2^52`` (``_lifting_prime`` chose ``p`` for these
    bounds). ``T`` is divisible by ``p`` iff ``p rint(T / p) = T``, which then is
    the exact next residual.
    """
    n = M.shape[0]
    P = np.array(piv)
    Q = np.setdiff1d(np.arange(n), P)
    order = np.concatenate([P, Q])
    AP = np.ascontiguousarray(M[np.ix_(order, P)])
    R = np.ascontiguousarray(M[np.ix_(order, Q)])
    B = AP[:r]
    W = _inv_mod(_mods(B, p), p)
    if W is None:
        try:
            W = flint.nmod_mat(r, r, B.ravel().astype(np.int64).tolist(), p).inv()
        except ZeroDivisionError:
            return False
        W = _mods(np.array(list(map(int, W.entries())), dtype=float).reshape(r, r), p)
    if (_mods(B @ W, p) != np.eye(r)).any():  # exact: |B W| <= n alpha h
        return False
    H2 = math.prod(colsq[j] for j in piv) * max(colsq[j] for j in Q)
    steps, pk = 0, 1
    while pk * pk <= H2:
        pk *= p
        steps += 1
    # try an exact small kernel when p^k first exceeds 2^100 and 2^400
    checks = [next(k for k in range(1, 999) if p ** k >= 2 ** b) for b in (100, 400)]
    digits, T, U = [], np.empty_like(R), np.empty_like(R)
    for step in range(steps):
        x = _mods(W @ _mods(R[:r], p), p)
        np.matmul(AP, x, out=T)
        np.subtract(R, T, out=T)  # T = R - AP x
        np.rint(np.multiply(T, 1.0 / p, out=U), out=U)
        if not np.array_equal(np.multiply(U, p, out=R), T):
            return False  # the Schur complement is not 0 mod p^(step+1): rank > r
        R, U = U, R  # the next residual is T / p
        if step < checks[-1]:
            digits.append(x.astype(np.int32))  # |x| <= h < 2^31
        if step + 1 in checks and step + 1 < steps and _kernel_shortcut(A, P, Q, digits, p):
            return True
    return True


def _mods(z, p):
    """A representative of z mod p of absolute value at most p // 2 + 2, exactly.

    For integers ``|z| <= 2^53``, ``fl(z fl(1/p))`` is within ``2/p`` of ``z/p``, so
    ``q = rint(...)`` misses the integer nearest to ``z/p`` only at a near tie,
    and ``z - p q`` is an exact integer operation.
    """
    return z - p * np.rint(z * (1.0 / p))


def _inv_mod(B, p):
    """Inverse mod p by 2 x 2 block recursion (no pivoting across blocks), or None.

    Entries of ``B`` and of every product operand are reduced to at most
    ``h = p // 2 + 2``, so each product (inner size <= n) is exact. The caller
    checks the result.
    """
    m = B.shape[0]
    if m <= 48:
        E = np.hstack([B, np.eye(m)])
        for j in range(m):
            nz = np.flatnonzero(E[j:, j]) + j
            if nz.size == 0:
                return None
            E[[j, nz[0]]] = E[[nz[0], j]]
            E[j] = _mods(E[j] * pow(int(E[j, j]) % p, -1, p), p)
            col = E[:, j].copy()
            col[j] = 0.0
            E = _mods(E - np.outer(col, E[j]), p)
        return E[:, m:]
    k = m // 2
    X = _inv_mod(B[:k, :k], p)
    if X is None:
        return None
    T = _mods(X @ B[:k, k:], p)
    U = _mods(B[k:, :k] @ X, p)
    Y = _inv_mod(_mods(B[k:, k:] - B[k:, :k] @ T, p), p)
    if Y is None:
        return None
    TY = _mods(T @ Y, p)
    return np.block([[_mods(X + TY @ U, p), -TY], [_mods(-(Y @ U), p), Y]])


def _kernel_shortcut(A, P, Q, digits, p) -> bool:
    """Rational reconstruction of X from X mod p^k and an exact check of A [-X; I] = 0."""
    M = p ** len(digits)
    # numerators and denominators up to bound, bound^2 < M / 2^22: unique if they exist, and
    # a random residue has such a reconstruction only with probability ~2^-20
    bound = math.isqrt(M) >> 11
    r, m = digits[0].shape
    for i, j in ((0, 0), (r // 2, m // 2), (r - 1, m - 1)):
        if _ratrecon_den(sum(int(x[i, j]) * p ** k for k, x in enumerate(digits)) % M,
                         M, bound) is None:
            return False  # the usual case for a dense kernel: give up cheaply
    X = np.zeros((r, m), dtype=object)
    for x in reversed(digits):
        X = X * p + x.astype(object)
    d = 1
    for _ in range(64):  # grow a common denominator d (at least doubling) entry by entry
        Y = (X * d) % M
        Y = np.where(Y > M // 2, Y - M, Y)
        big = np.flatnonzero(np.abs(Y) > bound)
        if big.size == 0:
            break
        den = _ratrecon_den(int(Y.flat[big[0]]) % M, M, bound)
        if den is None or d * den > bound:
            return False
        d *= den
    else:
        return False
    n = A.nrows()
    K = np.zeros((n, m), dtype=object)
    K[P, :] = -Y
    K[Q, np.arange(m)] = d
    return (A * flint.fmpz_mat(n, m, [int(v) for v in K.ravel()])).is_zero()


def _ratrecon_den(y, M, bound):
    """Denominator b <= bound with |b y mod M| <= bound (half extended Euclid), or None."""
    r0, r1, t0, t1 = M, y, 0, 1
    while r1 > bound:
        q = r0 // r1
        r0, r1, t0, t1 = r1, r0 - q * r1, t1, t0 - q * t1
    b = abs(t1)
    return b if 0 < b <= bound else None


def _hinted_kernel(A, r, piv, T) -> bool:
    """rank(A) <= r from trusted kernel vectors T plus a few solved ones.

    The rank of T mod p is a lower bound of its rank over Q (a nonzero minor mod p
    is nonzero). The missing ``m = n - r - rank(T)`` kernel vectors are random
    combinations of the kernel basis ``e_q - A[P,P]^-1 A[P,q]``: only m right-hand
    sides are solved exactly, ``A K = 0`` is checked exactly, and ``[T K]`` must
    reach rank ``n - r`` mod p; then the nullity is at least ``n - r``.
    """
    n = A.nrows()
    p = _P1
    Tz = T if isinstance(T, flint.fmpz_mat) else flint.fmpq_mat(T).numer_denom()[0]
    if Tz.nrows() != n:
        return False
    need = n - r
    rt = flint.nmod_mat(Tz, p).rank() if Tz.ncols() else 0
    if rt > need:
        return False  # inconsistent with the rank guess: let the other routes decide
    if rt == need:
        return True
    m = need - rt + 2  # two spare directions against unlucky random choices
    _dixon_limit(r, m, A)
    P = list(piv)
    pset = set(P)
    Q = [j for j in range(n) if j not in pset]
    rng = random.Random(n * 7919 + r)
    Rq = flint.fmpz_mat(len(Q), m, [rng.randint(-2 ** 20, 2 ** 20) for _ in range(len(Q) * m)])
    rows = A.tolist()
    APQ = flint.fmpz_mat([[rows[i][j] for j in Q] for i in P])
    APP = flint.fmpq_mat(flint.fmpz_mat([[rows[i][j] for j in P] for i in P]))
    try:
        X = APP.solve(flint.fmpq_mat(APQ * Rq), algorithm="dixon")
    except (ZeroDivisionError, ValueError):
        return False
    Xn, d = X.numer_denom()
    K = [[0] * m for _ in range(n)]
    Xl, Rl = Xn.tolist(), Rq.tolist()
    for i, pi in enumerate(P):
        K[pi] = [-int(v) for v in Xl[i]]
    for c, q in enumerate(Q):
        K[q] = [int(v) * int(d) for v in Rl[c]]
    K = flint.fmpz_mat(K)
    if not (A * K).is_zero():
        return False
    both = flint.fmpz_mat([tr + kr for tr, kr in zip(Tz.tolist(), K.tolist())])
    return flint.nmod_mat(both, p).rank() >= need


def _solve_kernel(A, r, piv) -> bool:
    """rank(A) <= r exactly, for entries too large for float64 lifting.

    With P the (guessed) pivot columns, solve ``A[P,P] X = A[P,Q]`` exactly (p-adic
    Dixon) and check ``A[:,P] X = A[:,Q]`` with exact integer products: then every
    column is a combination of the r columns P. A wrong guess only makes the
    solve or the check fail (then False). Cheap when r is small compared with n.
    """
    n = A.nrows()
    _dixon_limit(r, n - r, A)
    P = piv
    pset = set(P)
    Q = [j for j in range(n) if j not in pset]
    rows = A.tolist()
    APP = flint.fmpq_mat(flint.fmpz_mat([[rows[i][j] for j in P] for i in P]))
    APQ = flint.fmpq_mat(flint.fmpz_mat([[rows[i][j] for j in Q] for i in P]))
    try:
        X = APP.solve(APQ, algorithm="dixon")
    except (ZeroDivisionError, ValueError):
        return False
    N, d = X.numer_denom()
    AP = flint.fmpz_mat([[rows[i][j] for j in P] for i in range(n)])
    AQ = flint.fmpz_mat([[rows[i][j] for j in Q] for i in range(n)])
    return AP * N == AQ * d


def _multimodular(A, r, colsq, g) -> bool:
    """rank(A mod p) <= r for primes whose product exceeds every (r+1)-minor (Hadamard)."""
    H2 = math.prod(sorted(colsq, reverse=True)[: r + 1])
    n = A.nrows()
    primes = H2.bit_length() // 122 + 1  # each prime has 61 bits; their product must pass sqrt(H2)
    if primes * n ** 3 > MAX_MULTIMODULAR_WORK:
        raise WorkLimitExceeded(f"multimodular rank bound with {primes} primes at n = {n} "
                                f"(work {primes * n ** 3:.2e} > MAX_MULTIMODULAR_WORK "
                                f"{MAX_MULTIMODULAR_WORK:.0e})")
    prod, p = 1, _P1 + 1
    while prod * prod <= H2:
        p = _prime_not_dividing(_prev_prime(p), g)
        if flint.nmod_mat(A, p).rank() > r:
            return False
        prod *= p
    return True
