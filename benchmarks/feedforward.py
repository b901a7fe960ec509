"""Feedforward Hessians (seed 002): our exact backprop Hessian at a core-locus point vs
``sympy.hessian`` of the expanded loss vs a float64 numpy backprop (Gauss-Newton + curvature,
the same formulas in floats), as width and depth grow. Medians of repeated runs; ratios printed.
Then the three targets of the task:

* CORE-3.2 for an undefined activation (symbolic proof) at depth 4, hidden width 3, scalar
  output: under 2 s;
* the exact Hessian of a polynomial-activation net with about 1,000 parameters and its exact
  inertia (at a core point and at a star point): under 10 s;
* >= 100x faster than ``sympy.hessian`` at about 50 parameters.

    python benchmarks/feedforward.py [--repeats 3] [--skip-sympy-above N] [--sympy-target]

Measured 2026-11-30 (2 shared cores): sympy.hessian/ours = 2,390 at n = 7 and 21,400 at
n = 17; at n = 49 sympy.hessian had not finished after 17 minutes (ours: 0.0021 s, > 480,000x).
Ours/numpy float64: 1.2x at n = 17, 6x at 202, 18x at 398, 27x at 982. Targets: symbolic
CORE-3.2 at depth 4, width 3: 0.05 s; n = 982 Hessian + exact inertia: 2.4 s at a core point,
3.3 s at a star point (a strict saddle, inertia (40, 38, 904)).
"""

import argparse
import os
import random
import sys
import time

import flint
import numpy as np
import sympy

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from _timing import median  # noqa: E402

from symlandscape.exact.inertia import inertia  # noqa: E402
from symlandscape.landscape.loci import locus_point  # noqa: E402
from symlandscape.models.feedforward import Feedforward  # noqa: E402
from symlandscape.provers.feedforward import symbolic_core  # noqa: E402

# sympy.hessian of the *expanded* loss is run on one hidden layer (L = 2, a star point S_1: the
# core needs L >= 3) and on the smallest depth-3 net: with a quadratic activation the expanded
# loss of a depth-3 net has degree 14 and at ~60 parameters did not finish in 5 minutes.
CASES = [[1, 2, 1], [2, 4, 1], [4, 8, 1], [5, 10, 1], [1, 2, 2, 1], [2, 3, 3, 1], [2, 3, 3, 3, 1],
         [3, 4, 4, 4, 2], [3, 5, 5, 5, 5, 1], [4, 8, 8, 8, 2], [4, 12, 12, 12, 2], [4, 20, 20, 20, 2]]
SYMPY_MAX = {2: 60, 3: 12}
COEFFS = [0, 1, "1/2"]


def _net(widths, m=3, seed=1):
    rng = random.Random(seed)
    q = lambda: flint.fmpq(rng.randint(-2, 2), rng.randint(1, 2))  # noqa: E731
    X = [[q() for _ in range(m)] for _ in range(widths[0])]
    Y = [[q() for _ in range(m)] for _ in range(widths[-1])]
    net = Feedforward(widths, X, Y, activation=COEFFS)
    return net, locus_point(net, (1, 2) if len(widths) > 3 else (1,), rng=rng)


def sympy_hessian(net, W):
    """sympy.hessian of the loss expanded as one expression of the parameter symbols."""
    syms = net.symbols()
    flat = [S[i, j] for S in syms for j in range(S.shape[1]) for i in range(S.shape[0])]
    t = sympy.Symbol("t")
    s = sympy.Lambda(t, sum(sympy.Rational(str(c)) * t ** i for i, c in enumerate(net.act.coeffs)))
    loss = 0
    X, Y = net.X.to_sympy(), net.Y.to_sympy()
    for j in range(net.m):
        z = list(X[:, j])
        for k in range(net.L):
            d = net.widths[k]
            p = [sum(syms[k][a, b] * z[b] for b in range(d)) + syms[k][a, d] for a in range(net.widths[k + 1])]
            z = [s(v) for v in p] if k < net.L - 1 else p
        loss += sum((z[o] - Y[o, j]) ** 2 for o in range(net.widths[-1])) / 2
    loss = sympy.expand(loss)
    point = dict(zip(flat, [sympy.Rational(str(x)) for x in net.flatten(W).flint.entries()]))
    return sympy.hessian(loss, flat).subs(point)


def numpy_hessian(net, W):
    """float64 backprop Hessian: per sample J^T J + curvature, by the same block formulas."""
    c = [float(x.p) / float(x.q) for x in net.act.coeffs]
    s = np.polynomial.Polynomial(c)
    ds, d2s = s.deriv(), s.deriv(2)
    Wf = [np.array([[float(x.p) / float(x.q) for x in row] for row in w.flint.tolist()]) for w in net.weights(W)]
    X = np.array([[float(x.p) / float(x.q) for x in row] for row in net.X.flint.tolist()])
    Y = np.array([[float(x.p) / float(x.q) for x in row] for row in net.Y.flint.tolist()])
    L, d, n = net.L, net.widths, net.n_params
    H = np.zeros((n, n))
    for j in range(net.m):
        z, zt, D, E = X[:, j], [], [], []
        for k in range(L):
            zk = np.append(z, 1.0)
            zt.append(zk)
            p = Wf[k] @ zk
            if k < L - 1:
                D.append(ds(p))
                E.append(d2s(p))
                z = s(p)
        r = p - Y[:, j]
        Wn = [w[:, :d[k]] for k, w in enumerate(Wf)]
        B = [None] * L
        B[-1] = np.eye(d[-1])
        for k in range(L - 2, -1, -1):
            B[k] = (B[k + 1] @ Wn[k + 1]) * D[k]
        delta = [B[k].T @ r for k in range(L)]
        M = [None] * L
        M[-1] = np.zeros((d[-1], d[-1]))
        for k in range(L - 2, -1, -1):
            g = Wn[k + 1].T @ delta[k + 1]
            M[k] = (D[k][:, None] * (Wn[k + 1].T @ M[k + 1] @ Wn[k + 1]) * D[k][None, :]) + np.diag(g * E[k])
        P = {}
        for k in range(L):
            P[k, k] = np.eye(d[k + 1])
            for l in range(k + 1, L):
                P[l, k] = Wn[l] @ (D[l - 1][:, None] * P[l - 1, k])
        offs = np.cumsum([0] + [d[k + 1] * len(zt[k]) for k in range(L)])
        for l in range(L):
            for k in range(l + 1):
                N = B[l].T @ B[k] + M[l] @ P[l, k]
                blk = np.kron(np.outer(zt[l], zt[k]), N)
                if l > k:
                    Q = np.vstack([D[l - 1][:, None] * P[l - 1, k], np.zeros((1, d[k + 1]))])
                    blk += np.kron(np.kron(zt[k][None, :], Q), delta[l][:, None])
                H[offs[l]:offs[l + 1], offs[k]:offs[k + 1]] += blk
                if l != k:
                    H[offs[k]:offs[k + 1], offs[l]:offs[l + 1]] += blk.T
    return H


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--skip-sympy-above", type=int, default=20)
    ap.add_argument("--sympy-target", action="store_true",
                    help="also time sympy.hessian at 49 parameters (took more than 17 minutes on 2026-11-30)")
    args = ap.parse_args(argv)
    print("Hessian at a core-locus point (S_1 cap S_2; S_1 for one hidden layer), activation x + x^2/2, 3 samples")
    print(f"{'widths':<22} {'n':>5} {'ours s':>9} {'sympy s':>9} {'numpy s':>9} {'sympy/ours':>11} "
          f"{'ours/numpy':>11}  agree")
    for widths in CASES:
        net, W = _net(widths)
        to, H = median(lambda: net.hessian(W), args.repeats)
        tn, Hn = median(lambda: numpy_hessian(net, W), args.repeats)
        Hf = np.array([[float(x.p) / float(x.q) for x in row] for row in H.flint.tolist()])
        agree = bool(np.allclose(Hf, Hn, rtol=1e-9, atol=1e-9))
        if net.n_params <= min(args.skip_sympy_above, SYMPY_MAX.get(net.L, 0)):
            ts, Hs = median(lambda: sympy_hessian(net, W), 1)
            agree = agree and Hs == H.to_sympy()
            sy, ratio = f"{ts:9.3f}", f"{ts / to:11.1f}"
        else:
            sy, ratio = f"{'-':>9}", f"{'-':>11}"
        print(f"{str(widths):<22} {net.n_params:>5} {to:9.4f} {sy} {tn:9.4f} {ratio} {to / tn:11.1f}  {agree}",
              flush=True)

    print("\ntargets")
    net = Feedforward([1, 3, 3, 3, 1], [[1, 2, -1]], [[0, 1, 1]], activation=COEFFS)
    t, out = median(lambda: symbolic_core(net, (1, 2)), args.repeats)
    print(f"  CORE-3.2, undefined s, depth 4, width 3, scalar output (reading G, S_1 cap S_2): {t:.3f} s "
          f"(target < 2 s), all entries vanish identically: {out['all']} ({out['entries']} entries)")
    net_s = Feedforward([1, 3, 3, 3, 3, 1], [[1, 2, -1]], [[0, 1, 1]], activation=COEFFS,
                        biases=[False] * 4 + [True])
    t, out = median(lambda: symbolic_core(net_s, (2, 3)), args.repeats)
    print(f"  CORE-3.2, undefined s with s(0) = 0, reading S, L = 5, width 3: {t:.3f} s, all: {out['all']}")
    for piece in [(1, 2), (2,)]:
        net, _ = _net([4, 20, 20, 20, 2])
        W = locus_point(net, piece, rng=random.Random(5))
        t0 = time.perf_counter()
        H = net.hessian(W)
        t1 = time.perf_counter()
        inn = inertia(H)
        t2 = time.perf_counter()
        print(f"  exact Hessian + inertia, n = {net.n_params}, piece {piece}: {t1 - t0:.2f} s + {t2 - t1:.2f} s = "
              f"{t2 - t0:.2f} s (target < 10 s), inertia {inn}")
    net, W = _net([4, 8, 1])
    to, H = median(lambda: net.hessian(W), args.repeats)
    if not args.sympy_target:
        print(f"  n = {net.n_params}: ours {to:.4f} s (sympy.hessian: run with --sympy-target)")
        return
    ts, Hs = median(lambda: sympy_hessian(net, W), 1)
    print(f"  n = {net.n_params}: ours {to:.4f} s, sympy.hessian {ts:.2f} s: {ts / to:.0f}x (target >= 100x), "
          f"equal: {Hs == H.to_sympy()}")


if __name__ == "__main__":
    main()
