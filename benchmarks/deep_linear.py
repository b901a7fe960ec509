"""Benchmark: exact Hessian + classification of deep linear critical points.

Compares, in one run and on the same exact critical points:

* ours: closed-form exact Hessian (flint) + exact classification (certified inertia,
  exact global-minimum test);
* naive SymPy: symbolic loss, ``sympy.hessian``, ``subs`` (skipped past a time cap);
* float64 numpy: the same closed-form Hessian in floats + ``numpy.linalg.eigvalsh``
  (fast, but its signs decide nothing).

Run ``python benchmarks/deep_linear.py [--sizes 8 27 48 144 500 2000] [--sympy-cap 120]``.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import multiprocessing as mp  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from symlandscape.landscape.classify import classify  # noqa: E402
from symlandscape.landscape.critical import data_with_spectrum, rescale, subset_point  # noqa: E402
from symlandscape.models import DeepLinear  # noqa: E402

# n_params -> widths (equal widths d, L layers: n = L d^2, or close to it)
SHAPES = {8: [2, 2, 2], 27: [3, 3, 3, 3], 48: [4, 4, 4, 4], 144: [6, 6, 6, 6, 6],
          500: [10, 10, 10, 10, 10, 10], 2000: [20, 20, 20, 20, 20, 20], 4500: [30] * 6}


def instance(widths, seed=0, rescaled=True):
    """Exact data with rational eigenvectors and a saddle (drop the top eigenvector),
    moved off its canonical form by rescaling symmetries unless ``rescaled=False``
    (rescaling keeps the kind of point but makes the entries much longer)."""
    rng = random.Random(seed)
    d, dy, m = widths[0], widths[-1], widths[0] + 1
    svals = [dy - i for i in range(dy)]
    X, Y, U = data_with_spectrum(d, dy, m, svals, rng)
    k = min(widths)
    I = list(range(1, k)) if k > 1 else [0]
    W = subset_point(widths, X, Y, U, I)
    return DeepLinear(widths, X, Y), (rescale(W, rng) if rescaled else W)


def float_hessian(net, W):
    """Closed-form Hessian in float64 (same formula as the exact one)."""
    A = [np.array([[float(x) for x in row] for row in w.tolist()]) for w in W]
    X = np.array([[float(x) for x in r] for r in net.X.tolist()])
    Y = np.array([[float(x) for x in r] for r in net.Y.tolist()])
    L = len(A)
    R = [X]
    for a in A:
        R.append(a @ R[-1])
    E = R[-1] - Y
    Lf = [None] * L
    acc = np.eye(A[-1].shape[0])
    for k in range(L - 1, -1, -1):
        Lf[k] = acc
        acc = acc @ A[k]
    sizes = [a.size for a in A]
    off = np.concatenate([[0], np.cumsum(sizes)])
    Hf = np.zeros((off[-1], off[-1]))
    for k in range(L):
        for j in range(k + 1):
            blk = np.kron(R[k] @ R[j].T, Lf[k].T @ Lf[j])
            if j < k:
                M = np.eye(A[j].shape[0])
                for a in A[j + 1:k]:
                    M = a @ M
                Q = Lf[k].T @ E @ R[j].T
                dk, dk1 = A[k].shape
                # entry ((a_, b_) of W_k, (c_, d_) of W_j) = Q[a_, d_] M[b_, c_]
                T = np.einsum("ad,bc->badc", Q, M).reshape(dk1 * dk, -1)
                blk = blk + T
            Hf[off[k]:off[k + 1], off[j]:off[j + 1]] = blk
            Hf[off[j]:off[j + 1], off[k]:off[k + 1]] = blk.T
    return Hf


def _sympy_job(widths, rescaled, q):
    import sympy
    net, W = instance(widths, rescaled=rescaled)
    t0 = time.perf_counter()
    s = net.symbolic()
    H = sympy.hessian(s["loss"], s["theta"])
    vals = [sympy.Rational(str(x)) for x in net.theta(W).flint.entries()]
    Hn = H.subs(dict(zip(s["theta"], vals)))
    q.put((time.perf_counter() - t0, Hn.shape))


def time_sympy(widths, cap, rescaled=True):
    q = mp.Queue()
    p = mp.Process(target=_sympy_job, args=(widths, rescaled, q))
    p.start()
    p.join(cap)
    if p.is_alive():
        p.terminate()
        p.join()
        return None
    return q.get()[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=[8, 27, 48, 144, 500, 2000])
    ap.add_argument("--sympy-cap", type=float, default=120.0, help="seconds per naive SymPy run")
    ap.add_argument("--sympy-max", type=int, default=48, help="largest size tried with naive SymPy")
    ap.add_argument("--point", choices=("rescaled", "plain"), default="rescaled",
                    help="rescaled (long entries) or plain (canonical) critical points")
    args = ap.parse_args()
    print(f"{'n':>5} {'widths':<22} {'hessian':>9} {'classify':>9} {'verdict':<20} {'numpy':>9} "
          f"{'sympy':>9} {'ours/numpy':>10} {'sympy/ours':>10}")
    for n in args.sizes:
        widths = SHAPES[n]
        net, W = instance(widths, rescaled=args.point == "rescaled")
        t0 = time.perf_counter()
        net.hessian(W)
        t_h = time.perf_counter() - t0
        t0 = time.perf_counter()
        c = classify(net, W)
        t_c = time.perf_counter() - t0
        t0 = time.perf_counter()
        np.linalg.eigvalsh(float_hessian(net, W))
        t_np = time.perf_counter() - t0
        t_sp = time_sympy(widths, args.sympy_cap, args.point == "rescaled") if n <= args.sympy_max else None
        sp = "skipped" if n > args.sympy_max else (f">{args.sympy_cap:.0f}s" if t_sp is None else f"{t_sp:.2f}s")
        if n > args.sympy_max:
            ratio_sp = ""
        elif t_sp is None:
            ratio_sp = f">{args.sympy_cap / t_c:,.0f}x"
        else:
            ratio_sp = f"{t_sp / t_c:,.0f}x"
        print(f"{n:>5} {str(widths):<22} {t_h:>8.3f}s {t_c:>8.3f}s {c.verdict:<20} {t_np:>8.4f}s "
              f"{sp:>9} {t_c / t_np:>9.1f}x {ratio_sp:>10}", flush=True)
    print("classify = exact gradient + Hessian + certified inertia + exact global-minimum test;"
          " sympy = symbolic loss, sympy.hessian, subs (no classification);"
          " numpy = float64 Hessian + eigvalsh (decides nothing).")


if __name__ == "__main__":
    main()
