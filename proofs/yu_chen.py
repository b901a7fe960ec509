#!/usr/bin/env python3
"""Yu-Chen [seed 003]: a seeded search for counterexamples (claim YC is not registered yet).

One hidden sigmoid layer, linear output, no biases (the slides' form):
``L = 1/2 ||W_2 sigma(W_1 X) - Y||_F^2`` (:class:`symlandscape.models.sigmoid.SigmoidMLP`).
Yu and Chen: with distinct columns of X and d_1 = m, every local minimum is global.

Run ``python proofs/yu_chen.py [--instances 40] [--starts 30] [--seed 0]``: random small
instances (d_0 in {1, 2}, m in {2, 3, 4}, d_2 = 1, integer inputs with distinct columns, targets
in {-1, 0, 1/2, 1, 2, 3}), with d_1 = m (the hypothesis) and with d_1 = m - 1 (it dropped). From
each seeded start, damped Newton in floats; every end point with a small gradient is sorted:
loss ~ 0 (a global minimum), or a positive-loss critical point whose float Hessian is positive
semidefinite (a candidate counterexample), recording whether the hidden feature matrix
Phi = sigma(W_1 X) is numerically singular there. A candidate with a positive-definite float
Hessian is handed to the rigorous test (:func:`symlandscape.provers.neurons.certify_minimum`:
Krawczyk box, enclosed Hessian, loss enclosure); it would be a counterexample only with a point
of lower loss, and it is not re-checked by the independent checker (which has no view of this
model yet). Floats only *search* here; the summary says what was found, nothing more.
"""

import argparse
import random
import sys

import flint
import numpy as np

from symlandscape.enclose import box_balls, eig_lower_bound, loss_bounds, precision
from symlandscape.models.sigmoid import SigmoidMLP
from symlandscape.provers.neurons import _newton, certify_minimum

#: The data of the duplicated-unit minimum: d_0 = 1, m = 2 distinct inputs, d_2 = 1.
DUP_X, DUP_Y = [[1, 2]], [["1/2", 1]]


def _instance(rng, hypothesis: bool):
    while True:
        m, d0 = rng.choice([2, 3, 4]), rng.choice([1, 2])
        X = [[rng.randint(-3, 3) for _ in range(m)] for _ in range(d0)]
        if len(set(zip(*X))) == m:
            break
    Y = [[rng.choice(["-1", "0", "1/2", "1", "2", "3"]) for _ in range(m)]]
    return SigmoidMLP([d0, m if hypothesis else m - 1, 1], X, Y)


def _phi_smin(net, w):
    d0, d1, _ = net.widths
    W1 = np.array(w[:d0 * d1]).reshape(d0, d1).T
    X = np.array([[float(v) for v in r] for r in net.X.flint.tolist()])
    Phi = 1 / (1 + np.exp(-(W1 @ X)))
    return float(np.linalg.svd(Phi, compute_uv=False)[-1]) if min(Phi.shape) else 0.0


def search(n_instances, starts, seed, hypothesis):
    rng = random.Random(seed)
    tally = {"runs": 0, "global": 0, "candidates": 0, "candidates_singular_phi": 0, "certified": 0,
             "not_converged": 0}
    examples = []
    for k in range(n_instances):
        net = _instance(rng, hypothesis)
        srng = np.random.default_rng([seed, k])
        for _ in range(starts):
            tally["runs"] += 1
            w = _newton(net.float_derivatives, 2.0 * srng.standard_normal(net.n_params))
            if w is None:
                tally["not_converged"] += 1
                continue
            L, g, H = net.float_derivatives(w)
            if np.linalg.norm(g) > 1e-9 or np.linalg.norm(w) > 50:
                tally["not_converged"] += 1
                continue
            if L < 1e-10:
                tally["global"] += 1
                continue
            lam = np.linalg.eigvalsh(H)
            if lam[0] < -1e-8:
                continue                       # a saddle
            tally["candidates"] += 1
            singular = _phi_smin(net, w) < 1e-6
            tally["candidates_singular_phi"] += singular
            if lam[0] > 1e-6 and certify_minimum(net.enclose, w) is not None:
                tally["certified"] += 1
                examples.append((net.widths, net.X.tolist(), net.Y.tolist(), L))
    return tally, examples


def duplicated_unit_minimum(verbose=True) -> dict | None:
    """A local minimum with positive loss of the d_1 = m = 2 net on X = [1, 2], Y = [1/2, 1]
    (Fukumizu and Amari 2000: a hidden unit duplicated from a minimum of the narrower net).

    1. The d_1 = 1 net has a strict local minimum (a, c): a certified box B (Krawczyk, enclosed
       Hessian positive definite).
    2. Exactly, for every s: gamma(s) = (a, a, c/2 + s, c/2 - s) (theta = W_1 entries, then W_2)
       computes the same function as (a, c), so its loss is the same and its gradient is zero
       (d/dW_2i = dL_1/dc = 0, d/dW_1i = (W_2i / c) dL_1/da = 0): a line of critical points.
    3. On the box B' = (B_a, B_a, B_c/2, B_c/2), which contains gamma(0) in its interior, every
       Hessian restricted to t-perp (t = (0, 0, 1, -1), the line's direction; basis V = e_1, e_2,
       e_3 + e_4) has eigenvalues >= mu > 0 (certified). Then for q = gamma(s) + v (v in t-perp)
       near gamma(0), Taylor with integral remainder along the segment from gamma(s) (a critical
       point, in B') gives L(q) = L(gamma(s)) + int_0^1 (1 - u) v^T H v du >= L(gamma(0)): a local
       minimum (not strict: the line is flat), with the loss enclosed in [lo, hi], lo > 0.
    4. A rational point with loss enclosed below lo: the minimum is not global.

    Certified by symlandscape.enclose (python-flint arb); not yet a registered claim, so the
    independent checker does not repeat it. None when a step does not close.
    """
    net1 = SigmoidMLP([1, 1, 1], DUP_X, DUP_Y)
    w = _newton(net1.float_derivatives, np.array([0.9, 1.0]))
    wit = certify_minimum(net1.enclose, w)
    if wit is None:
        return None
    (a_lo, a_hi), (c_lo, c_hi) = [(flint.fmpq(x), flint.fmpq(y)) for x, y in
                                  [tuple(map(str, r)) for r in wit["box"]]]
    box2 = [(a_lo, a_hi), (a_lo, a_hi), (c_lo / 2, c_hi / 2), (c_lo / 2, c_hi / 2)]
    net2 = SigmoidMLP([1, 2, 1], DUP_X, DUP_Y)
    with precision(128):
        L, g, H = net2.enclose(box_balls(box2))
        V = flint.arb_mat([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1]])
        bound = eig_lower_bound(V.transpose() * H * V)
        lo, hi = loss_bounds(L, bits=40)
        # a better point: W_1 = (1, -1) makes Phi invertible; W_2 = Y Phi^-1 rounded to 2^-40
        W1 = np.array([[1.0], [-1.0]])
        Phi = 1 / (1 + np.exp(-(W1 @ np.array([[1.0, 2.0]]))))
        W2 = np.array([[0.5, 1.0]]) @ np.linalg.inv(Phi)
        better = [flint.fmpq(1), flint.fmpq(-1)] + [flint.fmpq(int(round(x * 2 ** 40)), 2 ** 40) for x in W2[0]]
        Lb = net2.enclose([flint.arb(x) for x in better])[0]
        _, better_hi = loss_bounds(Lb, bits=60)
    ok = bound.certified and bound.value > 0 and lo > 0 and better_hi < lo
    out = {"d1_box": wit["box"], "d1_mu": wit["mu"], "box": [[str(x), str(y)] for x, y in box2],
           "mu_normal": str(bound.value) if bound.certified else None, "loss": [str(lo), str(hi)],
           "better_point": [str(x) for x in better], "better_loss_below": str(better_hi), "certified": ok}
    if verbose:
        print("duplicated-unit point on X = [1, 2], Y = [1/2, 1], widths [1, 2, 1] (d_1 = m = 2):")
        print(f"    d_1 = 1 minimum (a, c) in the box {[[float(flint.fmpq(x)) for x in r] for r in wit['box']]} "
              f"(Krawczyk; Hessian eigenvalues >= {wit['mu']})")
        print(f"    Hessian on t-perp over B': eigenvalues >= {out['mu_normal']}; loss in "
              f"[{float(lo):.10f}, {float(hi):.10f}]")
        print(f"    rational point W_1 = (1, -1), W_2 ~ {np.round(W2[0], 6).tolist()}: loss <= {float(better_hi):.3g}")
        print("    => a local minimum with positive loss that is not global, with d_1 = m and distinct columns: "
              + ("CERTIFIED (arb; not re-checked independently)" if ok else "not certified"))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--instances", type=int, default=40)
    ap.add_argument("--starts", type=int, default=30)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    duplicated_unit_minimum()
    for hyp in (True, False):
        tally, examples = search(args.instances, args.starts, args.seed, hyp)
        label = "d_1 = m (hypothesis met)" if hyp else "d_1 = m - 1 (hypothesis dropped)"
        print(f"{label}: {args.instances} instances x {args.starts} starts: {tally}")
        for ex in examples[:5]:
            print(f"    strict local minimum with loss {ex[3]:.6g} (certified box) on widths {ex[0]}, "
                  f"X = {ex[1]}, Y = {ex[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
