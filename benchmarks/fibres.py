"""The fibre's quadratic (Proposition 5.7) and the descent line (Corollary 5.9), three ways in
one run: ours (one exact forward pass for the features Phi, then Phi Phi^T kron I; the
line's polynomial by Feedforward.loss_along) vs SymPy (the loss expanded in the last layer's
symbols, coefficients by sympy.hessian / differentiation) vs float64 numpy (the same formula
in floats, uncertified). Medians of repeats; ratios printed. Widths [d, w, w, d_out] with
w growing, m = w samples, s(x) = x + x^2/2, rational data.

    python benchmarks/fibres.py [--repeats 3] [--max-width 12]
"""

import argparse
import os
import random
import statistics
import sys
import time

import numpy as np
import sympy

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import flint  # noqa: E402

from symlandscape.landscape.fibres import descent_line, features, fibre_quadratic  # noqa: E402
from symlandscape.models.feedforward import Feedforward  # noqa: E402


def _median(fn, repeats):
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def _net(w, d_out=2, seed=0):
    rng = random.Random(seed)
    q = lambda: flint.fmpq(rng.randint(-3, 3), rng.randint(1, 3))  # noqa: E731
    m, widths = w, [2, w, w, d_out]
    X = [[flint.fmpq(j - m // 2) for j in range(m)], [q() for _ in range(m)]]     # distinct samples
    Y = [[q() for _ in range(m)] for _ in range(d_out)]
    net = Feedforward(widths, X, Y, activation=[0, 1, "1/2"])
    W = [[[q() for _ in range(c)] for _ in range(r)] for r, c in net.shapes]
    return net, W


def _sympy(net, W):
    Ws = [sympy.Matrix(w.to_sympy()) for w in net.weights(W)]
    r, c = net.shapes[-1]
    V = sympy.Matrix(r, c, lambda a, b: sympy.Symbol(f"v{a}_{b}"))
    t = sympy.Symbol("t")
    s = sympy.Lambda(t, t + t ** 2 / 2)
    X, Y = sympy.Matrix(net.X.to_sympy()), sympy.Matrix(net.Y.to_sympy())
    Z = X
    for k, Wk in enumerate(Ws[:-1]):
        Z = (Wk[:, :-1] * Z + Wk[:, -1] * sympy.ones(1, Z.shape[1])).applyfunc(s)
    F = V[:, :-1] * Z + V[:, -1] * sympy.ones(1, Z.shape[1])
    loss = sympy.expand(sum((F - Y).applyfunc(lambda e: e ** 2)) / 2)
    return sympy.hessian(loss, [V[a, b] for b in range(c) for a in range(r)])      # vec order


def _float(net, W):
    Ws = [np.array(w.tolist(), dtype=float) for w in net.weights(W)]
    Z = np.array(net.X.tolist(), dtype=float)
    for Wk in Ws[:-1]:
        P = Wk[:, :-1] @ Z + Wk[:, -1:]
        Z = P + P * P / 2
    Phi = np.vstack([Z, np.ones((1, Z.shape[1]))])
    return np.kron(Phi @ Phi.T, np.eye(net.widths[-1]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--max-width", type=int, default=12)
    args = ap.parse_args(argv)
    print(f"{'widths':<18}{'n':>5}  {'ours (s)':>10} {'sympy (s)':>10} {'float (s)':>10} {'sympy/ours':>11} "
          f"{'ours/float':>11}  {'line (s)':>9}  agree")
    w = 2
    while w <= args.max_width:
        net, W = _net(w)
        t_ours, q = _median(lambda: fibre_quadratic(net, W), args.repeats)
        t_sym, H = _median(lambda: _sympy(net, W), 1)
        t_flt, Hf = _median(lambda: _float(net, W), args.repeats)
        agree = sympy.Matrix(q.A.to_sympy()) == H and np.allclose(np.array(q.A.tolist(), dtype=float), Hf)
        line = ""
        if features(net, W).rank() == net.m:
            t_line, _ = _median(lambda: descent_line(net, W), args.repeats)
            line = f"{t_line:9.4f}"
        print(f"{str(net.widths):<18}{net.n_params:>5}  {t_ours:10.4f} {t_sym:10.3f} {t_flt:10.5f} "
              f"{t_sym / t_ours:11.0f} {t_ours / t_flt:11.1f}  {line:>9}  {agree}", flush=True)
        w += 2 if w < 6 else 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
