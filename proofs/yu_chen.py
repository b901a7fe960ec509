#!/usr/bin/env python3
"""Yu-Chen [seed 003]: the slides' statement fails (AW-003-YC), and a seeded counterexample search.

One hidden sigmoid layer, linear output, no biases (the slides' form):
``L = 1/2 ||W_2 sigma(W_1 X) - Y||_F^2`` (:class:`symlandscape.models.sigmoid.SigmoidMLP`).
Yu and Chen: with distinct columns of X and d_1 = m, every local minimum is global.

Run ``python proofs/yu_chen.py [--instances 40] [--starts 30] [--seed 0]``: first the claim
AW-003-YC (a certified non-global local minimum with d_1 = m, re-verified independently); then
random small
instances (d_0 in {1, 2}, m in {2, 3, 4}, d_2 = 1, integer inputs with distinct columns, targets
in {-1, 0, 1/2, 1, 2, 3}), with d_1 = m (the hypothesis) and with d_1 = m - 1 (it dropped). From
each seeded start, damped Newton in floats; every end point with a small gradient is sorted:
loss ~ 0 (a global minimum), or a positive-loss critical point whose float Hessian is positive
semidefinite (a candidate counterexample), recording whether the hidden feature matrix
Phi = sigma(W_1 X) is numerically singular there. A candidate with a positive-definite float
Hessian is handed to the rigorous test (:func:`symlandscape.provers.neurons.certify_minimum`:
Krawczyk box, enclosed Hessian, loss enclosure); it would be a counterexample only with a point
of lower loss (not searched here). Floats only *search*; the summary says what was found.
"""

import argparse
import json
import random
import sys

import numpy as np

import symlandscape as sl
from symlandscape.models.sigmoid import SigmoidMLP
from symlandscape.provers.neurons import _newton, certify_minimum, yc_instance


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


def duplicated_unit_minimum(verbose=True):
    """The claim AW-003-YC on its minimal instance (X = [1, 2], Y = [1/2, 1], widths [1, 2, 1]):
    a certified non-global local minimum with d_1 = m (see the claim's statement in
    :mod:`symlandscape.theorems.neurons`), re-verified by the independent checker. The verdict."""
    v = sl.check_claim("AW-003-YC", yc_instance())
    if verbose:
        print(f"AW-003-YC on X = [1, 2], Y = [1/2, 1], widths [1, 2, 1]: {v.status} ({v.kind})")
        print(f"    {v.reason}")
        if v.certificate is not None:
            try:
                sl.check_certificate(json.loads(json.dumps(v.certificate)))
                print("    certificate re-verified by the independent checker")
            except sl.CertificateError as e:
                print(f"    REJECTED by the checker: {e}")
    return v


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--instances", type=int, default=40)
    ap.add_argument("--starts", type=int, default=30)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    v = duplicated_unit_minimum()
    for hyp in (True, False):
        tally, examples = search(args.instances, args.starts, args.seed, hyp)
        label = "d_1 = m (hypothesis met)" if hyp else "d_1 = m - 1 (hypothesis dropped)"
        print(f"{label}: {args.instances} instances x {args.starts} starts: {tally}")
        for ex in examples[:5]:
            print(f"    strict local minimum with loss {ex[3]:.6g} (certified box) on widths {ex[0]}, "
                  f"X = {ex[1]}, Y = {ex[2]}")
    return 0 if v.status == "fails" else 1


if __name__ == "__main__":
    sys.exit(main())
