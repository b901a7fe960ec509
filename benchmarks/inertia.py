"""Benchmark: exact inertia (certified fast path, charpoly route) against float eigvalsh.

Run ``python benchmarks/inertia.py [--sizes 50 144 256 500] [--seed 0]``.

Three families (``--kinds``), each of rank ``n - n // 10``:

* ``hessian``: Hessian-like ``S^T D S``: ``S`` has ``n - n // 10`` rows of small
  rationals (``k / d``, ``|k| <= 3``, ``d`` in 1, 2, 4), ``D`` is diagonal with
  entries in {-2, -1, 1, 3/2, 3}; the kernel is generic (dense, with ~2,000-bit
  entries at ``n = 500``), the hard case for the certified path.
* ``ill``: ill-conditioned ``Q D Q^T`` with ``Q`` a product of three rational
  Householder reflections and ``D`` diagonal with magnitudes from ``10^-12`` to ``10^4``
  (both signs) and ``n // 10`` zeros: nonzero eigenvalues 10^16 apart.
* ``clustered``: ``Q D Q^T`` with the nonzero eigenvalues in two tight clusters,
  ``1 + i 10^-9`` and ``-(2 + i 10^-9)``, and ``n // 10`` zeros.

Times are wall-clock seconds, medians of ``--repeats`` calls (the charpoly route: one
call) by ``benchmarks/_timing.py`` (``cpu``: median process time of ours, a check when
other jobs load the machine); ``ours``
includes clearing denominators and the symmetry check, ``eigvalsh`` is the
float64 call alone on a prebuilt array.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy loads

import argparse  # noqa: E402
import random  # noqa: E402

import flint  # noqa: E402
import numpy as np  # noqa: E402
from _timing import median, median_cpu  # noqa: E402

from symlandscape.exact import QMatrix, inertia  # noqa: E402


def hessian_like(n: int, rng: random.Random) -> QMatrix:
    k = n - n // 10
    S = flint.fmpq_mat(k, n, [flint.fmpq(rng.randint(-3, 3), rng.choice([1, 2, 4]))
                              for _ in range(k * n)])
    D = flint.fmpq_mat(k, k)
    for i in range(k):
        D[i, i] = rng.choice([flint.fmpq(-2), flint.fmpq(-1), flint.fmpq(1),
                              flint.fmpq(3, 2), flint.fmpq(3)])
    return QMatrix(S.transpose() * D * S)


def _householder_congruence(n: int, diag, rng: random.Random) -> QMatrix:
    """Q diag(d) Q^T with Q = H1 H2 H3, H = I - 2 v v^T / v^T v (rational, orthogonal)."""
    M = flint.fmpq_mat(n, n)
    for i, x in enumerate(diag):
        M[i, i] = x
    for _ in range(3):
        v = flint.fmpq_mat(n, 1, [rng.randint(-3, 3) for _ in range(n)])
        vv = (v.transpose() * v)[0, 0]
        if vv == 0:
            continue
        # H M H with H = I - 2 v v^T / vv, without forming H: M - 2 v (v^T M)/vv - ... (symmetric)
        Mv = M * v
        vMv = (v.transpose() * Mv)[0, 0]
        c = flint.fmpq(2) / vv
        M = M - c * (v * Mv.transpose()) - c * (Mv * v.transpose()) + (c * c * vMv) * (v * v.transpose())
    return QMatrix(M)


def ill_conditioned(n: int, rng: random.Random) -> QMatrix:
    k = n - n // 10
    d = [flint.fmpq(rng.choice((-1, 1)) * rng.randint(1, 9)) * flint.fmpq(10) ** rng.randint(-12, 4)
         for _ in range(k)] + [flint.fmpq(0)] * (n - k)
    rng.shuffle(d)
    return _householder_congruence(n, d, rng)


def clustered(n: int, rng: random.Random) -> QMatrix:
    k = n - n // 10
    eps = flint.fmpq(1, 10 ** 9)
    d = [(1 + i * eps) if i % 2 else -(2 + i * eps) for i in range(k)] + [flint.fmpq(0)] * (n - k)
    rng.shuffle(d)
    return _householder_congruence(n, d, rng)


FAMILIES = {"hessian": hessian_like, "ill": ill_conditioned, "clustered": clustered}


def float_inertia(w: np.ndarray, scale: float) -> tuple:
    tol = len(w) * np.finfo(float).eps * scale
    return (int((w > tol).sum()), int((w < -tol).sum()), int((abs(w) <= tol).sum()))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[50, 144, 256, 500])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-charpoly", action="store_true", help="skip the exact charpoly route")
    ap.add_argument("--kinds", nargs="+", default=list(FAMILIES), choices=list(FAMILIES))
    ap.add_argument("--repeats", type=int, default=5, help="runs of ours and eigvalsh (median); charpoly once")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    print(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}  "
          f"python-flint {flint.__version__}  numpy {np.__version__}")
    head = (f"{'kind':<10} {'n':>5} {'rank':>5} {'inertia':>16} {'ours s':>8} {'(cpu)':>7} {'charpoly s':>10} "
            f"{'eigvalsh s':>10} {'ours/eigvalsh':>13} {'charpoly/ours':>13}  agree")
    print(head)
    print("-" * len(head))
    ok = True
    inertia([[1, 1, 0], [1, 1, 0], [0, 0, 2]])  # warm-up: imports the certified path
    for kind in args.kinds:
        for n in args.sizes:
            M = FAMILIES[kind](n, rng)
            F = np.array([[float(x) for x in row] for row in M.flint.tolist()])
            t_ours, cpu_ours, ours = median_cpu(lambda: inertia(M), args.repeats)
            t_eig, w = median(lambda: np.linalg.eigvalsh(F), args.repeats)
            flt = float_inertia(w, float(abs(w).max()))
            if args.no_charpoly:
                cp, t_cp = None, float("nan")
            else:
                t_cp, cp = median(lambda: inertia(M, method="charpoly"), 1)
            agree = (cp is None or cp == ours) and ours[2] == n // 10
            ok &= agree
            print(f"{kind:<10} {n:>5} {n - ours[2]:>5} {str(ours):>16} {t_ours:>8.3f} {cpu_ours:>7.3f} "
                  f"{t_cp:>10.3f} {t_eig:>10.4f} {t_ours / t_eig:>13.1f} {t_cp / t_ours:>13.1f}  "
                  f"{'yes' if agree else 'NO'}{'' if flt == ours else f' (float says {flt})'}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
