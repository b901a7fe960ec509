"""Benchmark: exact Hessian inertia and classification of deep linear critical points
against float64 ``eigvalsh`` / ``eigh`` of the same Hessian, in the same run.

For each size (500, 2,000, 5,000, 10,000 parameters) and each kind of exactly critical
point (a global minimum, an eigenvector-subset saddle, a point with two zero layers, the
saddle moved by random rescaling symmetries; plus the ``[25, 10, 25]`` autoencoder's
global minimum), in fresh processes:

* ours: the exact Hessian inertia (:func:`symlandscape.landscape.hessian_inertia.hessian_inertia`:
  Sylvester reduction to ``H[Q, Q]``, certified inertia; the dense Hessian is never built),
  median of ``--repeats`` runs, then one full :func:`symlandscape.classify` (gradient,
  inertia, global-minimum test, curve search) for the verdict;
* float64: the same closed-form Hessian in numpy floats, then ``numpy.linalg.eigvalsh``
  and ``numpy.linalg.eigh`` (median of ``--float-repeats`` runs up to 2,000 parameters,
  one run above; a run estimated above ``--float-cap`` seconds is skipped and marked so).

Peak memory is the peak resident set of each process (``resource.getrusage``), which
includes the interpreter and the libraries (~80 MB).

Run ``python benchmarks/deep_linear.py [--sizes 500 2000 5000 10000] [--kinds ...]``.

Measured 2026-11-30 (commit 1ce7bf8, ``nice -n 10``, 2 cores shared with other jobs, load
average 2.9-4.7 during the run; wall seconds, median of 5; cpu = process time):

======  ===========  ==========  ==================  =======  =====  ====  ==========
n       point        widths      inertia             ours s   cpu s  MB    eigvalsh s
======  ===========  ==========  ==================  =======  =====  ====  ==========
500     global_min   [10]*6      (100, 0, 400)       0.005    0.005  85    0.010
500     saddle       [10]*6      (90, 9, 401)        0.021    0.021  90    0.009
500     zero_layers  [10]*6      (100, 100, 300)     0.002    0.002  85    0.020
500     rescaled     [10]*6      (90, 9, 401)        0.051    0.024  90    0.012
500     autoencoder  [25,10,25]  (400, 0, 100)       0.089    0.080  100   0.009
2000    global_min   [20]*6      (400, 0, 1600)      0.055    0.055  96    0.486
2000    saddle       [20]*6      (380, 19, 1601)     0.402    0.163  144   1.318
2000    zero_layers  [20]*6      (400, 400, 1200)    0.025    0.012  107   0.942
2000    rescaled     [20]*6      (380, 19, 1601)     0.369    0.244  149   0.906
5000    global_min   [25]*9      (625, 0, 4375)      0.433    0.214  113   23.42
5000    saddle       [25]*9      (600, 24, 4376)     1.241    0.775  323   24.16
5000    zero_layers  [25]*9      (625, 625, 3750)    0.036    0.033  144   20.48
5000    rescaled     [25]*9      (600, 24, 4376)     1.480    1.064  334   16.97
10000   global_min   [50]*5      (2500, 0, 7500)     5.982    4.868  497   115.4
10000   saddle       [50]*5      (2450, 49, 7501)    10.404   7.108  851   116.6
10000   zero_layers  [50]*5      (2500, 2500, 5000)  0.121    0.081  91    100.6
10000   rescaled     [50]*5      (2450, 49, 7501)    8.166    7.606  904   121.9
======  ===========  ==========  ==================  =======  =====  ====  ==========

At 5,000 and 10,000 rescaled parameters the reduced Hessian had kernel directions that
are no tangents; before the closed-form nullity bound (``extra_kernel``) their exact
kernel solve exceeded its limits and the inertia was "undetermined".
"""

import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
# the repository root, as in the other benchmarks (the spawned workers re-import this module)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import argparse  # noqa: E402
import multiprocessing as mp  # noqa: E402
import queue  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from _timing import median, median_cpu, peak_mb  # noqa: E402

# n_params -> widths with n = sum d_k d_{k-1} exactly
SIZES = {500: [10] * 6, 2000: [20] * 6, 5000: [25] * 9, 10000: [50] * 5}
KINDS = ("global_min", "saddle", "zero_layers", "rescaled")
AUTOENCODER = [25, 10, 25]
# float64 eigvalsh measured ~100 s at 10,000 parameters on this machine (one core); eigh ~3x
EIGVALSH_10K = 100.0
EIGH_FACTOR = 3.0


def point(kind, widths, seed=0):
    """(net, W): an exactly critical point of the given kind (checked by the callers)."""
    from symlandscape.landscape.critical import data_with_spectrum, rescale, subset_point, zero_layers_point
    from symlandscape.models import DeepLinear
    rng = random.Random(seed)
    dx, dy = widths[0], widths[-1]
    m = dx + 1
    svals = [dy - i if i < min(dx, m) else 0 for i in range(dy)]
    X, Y, U = data_with_spectrum(dx, dy, m, svals, rng)
    net = DeepLinear(widths, X, Y)
    k = min(widths)
    if kind == "global_min":
        W = subset_point(widths, X, Y, U, list(range(k)))
    elif kind in ("saddle", "rescaled"):
        W = subset_point(widths, X, Y, U, list(range(1, k)) if k > 1 else [0])
        if kind == "rescaled":
            W = rescale(W, rng)
    elif kind == "zero_layers":
        W = zero_layers_point(widths, [0, len(widths) - 2], rng)
    else:
        raise ValueError(kind)
    return net, net.weights(W)


# backwards-compatible helpers of the earlier benchmark
SHAPES = {8: [2, 2, 2], 27: [3, 3, 3, 3], 48: [4, 4, 4, 4], 144: [6, 6, 6, 6, 6],
          500: [10, 10, 10, 10, 10, 10], 2000: [20, 20, 20, 20, 20, 20], 4500: [30] * 6}


def instance(widths, seed=0, rescaled=True):
    """The eigenvector-subset saddle (top eigenvector dropped), rescaled unless told not to."""
    return point("rescaled" if rescaled else "saddle", widths, seed)


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
                T = np.einsum("ad,bc->badc", Q, M).reshape(dk1 * dk, -1)
                blk = blk + T
            Hf[off[k]:off[k + 1], off[j]:off[j + 1]] = blk
            Hf[off[j]:off[j + 1], off[k]:off[k + 1]] = blk.T
    return Hf


def _ours(kind, widths, repeats, q):
    import symlandscape as sl
    from symlandscape.landscape.hessian_inertia import hessian_inertia, reduction
    net, W = point(kind, widths)
    assert net.gradient(W).is_zero()
    t_red = reduction(net, W).t
    t_med, cpu_med, res = median_cpu(lambda: hessian_inertia(net, W), repeats)
    t_c, c = median(lambda: sl.classify(net, W), 1)
    q.put({"t": t_red, "inertia": res, "ours": t_med, "cpu": cpu_med, "classify": t_c, "verdict": c.verdict,
           "peak": peak_mb()})


def _float(kind, widths, repeats, do_eigh, q):
    net, W = point(kind, widths)
    t0 = time.perf_counter()
    Hf = float_hessian(net, W)
    t_build = time.perf_counter() - t0
    tv = median(lambda: np.linalg.eigvalsh(Hf), repeats)[0]
    th = median(lambda: np.linalg.eigh(Hf), repeats)[0] if do_eigh else float("nan")
    q.put({"build": t_build, "eigvalsh": tv, "eigh": th, "peak": peak_mb()})


def _run(target, *args):
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, q))
    p.start()
    while True:     # a worker that dies (an import error, the OOM killer) must not hang the run
        try:
            out = q.get(timeout=5)
            break
        except queue.Empty:
            if not p.is_alive():
                raise RuntimeError(f"{target.__name__} worker died (exit code {p.exitcode})") from None
    p.join()
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[500, 2000, 5000, 10000])
    ap.add_argument("--kinds", nargs="*", default=list(KINDS) + ["autoencoder"])
    ap.add_argument("--repeats", type=int, default=5, help="runs of ours per point (median)")
    ap.add_argument("--float-repeats", type=int, default=5,
                    help="runs of eigvalsh / eigh per point up to 2,000 parameters (one run above)")
    ap.add_argument("--float-cap", type=float, default=180.0, help="skip a float run estimated above this (s)")
    args = ap.parse_args(argv)
    rows = []
    jobs = []
    for n in args.sizes:
        for kind in args.kinds:
            if kind != "autoencoder":
                jobs.append((n, kind, SIZES[n]))
    if "autoencoder" in args.kinds:
        jobs.append((500, "autoencoder", AUTOENCODER))
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"({os.cpu_count()} cores); OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}")
    head = (f"{'n':>6} {'point':<12} {'widths':<14} {'t':>5} {'inertia (n+,n-,n0)':<20} {'ours s':>8} "
            f"{'cpu s':>7} {'MB':>6} {'load':>5} {'classify s':>10} {'verdict':<20} {'H64 s':>6} {'eigvalsh s':>10} {'eigh s':>8} "
            f"{'MB':>6} {'eigvalsh/ours':>13} {'eigh/ours':>9}")
    print(head)
    print("-" * len(head), flush=True)
    for n, kind, widths in jobs:
        kind_pt = "global_min" if kind == "autoencoder" else kind
        o = _run(_ours, kind_pt, widths, args.repeats)
        nn = sum(a * b for a, b in zip(widths, widths[1:]))
        est = EIGVALSH_10K * (nn / 10000) ** 3
        frep = args.float_repeats if nn <= 2000 else 1
        if est > args.float_cap:
            f = None
        else:
            f = _run(_float, kind_pt, widths, frep, est * EIGH_FACTOR <= args.float_cap)
        ours = o["ours"]
        load = os.getloadavg()[0]
        wstr = f"[{widths[0]}]*{len(widths)}" if len(set(widths)) == 1 else str(widths).replace(" ", "")
        if f is None:
            fl = f"{'-':>6} {'skipped':>10} {'skipped':>8} {'-':>6} {'-':>13} {'-':>9}"
        else:
            ev, eh = f["eigvalsh"], f["eigh"]
            ehs = f"{eh:>8.2f}" if eh == eh else f"{'skipped':>8}"
            ehr = f"{eh / ours:>8.1f}x" if eh == eh else f"{'-':>9}"
            fl = f"{f['build']:>6.2f} {ev:>10.3f} {ehs} {f['peak']:>6.0f} {ev / ours:>12.1f}x {ehr}"
        line = (f"{nn:>6} {kind:<12} {wstr:<14} {o['t']:>5} {str(tuple(o['inertia'])):<20} {ours:>8.3f} "
                f"{o['cpu']:>7.3f} {o['peak']:>6.0f} {load:>5.1f} {o['classify']:>10.2f} {o['verdict']:<20} {fl}")
        print(line, flush=True)
        rows.append(line)
    print(f"ours = exact Hessian inertia by the Sylvester reduction (median of {args.repeats}); classify = one "
          f"full exact classification; t = rank of the symmetry tangents used (inertia(H) = inertia(H[Q,Q]) + "
          f"(0,0,t)); H64 = float64 Hessian build; eigvalsh / eigh: median of {args.float_repeats} runs up to "
          f"2,000 parameters, one run above; 'skipped': estimated above {args.float_cap:.0f} s "
          f"(eigvalsh ~{EIGVALSH_10K:.0f} s x (n/10^4)^3, eigh ~{EIGH_FACTOR:.0f}x that); MB = peak RSS of the "
          f"process (interpreter and libraries included); cpu = median process time of ours (wall minus it: "
          f"time other jobs took); load = 1-minute load average after the row. Floats decide nothing: their signs near 0 are guesses.")


if __name__ == "__main__":
    main()
