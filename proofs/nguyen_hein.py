#!/usr/bin/env python3
"""Nguyen-Hein [seed 003] for one hidden layer (claim NH): the certified instances, and a seeded
search for counterexamples where the hypotheses hold.

One hidden sigmoid layer, linear output, no biases: ``L = 1/2 ||W_2 sigma(W_1 X) - Y||_F^2``
(:class:`symlandscape.models.sigmoid.SigmoidMLP`). NH: distinct columns of X, d_1 >= m, W* a
local minimum with the Hessian w.r.t. W_2 non-degenerate, then W* is global. That block is
(Phi Phi^T) kron I (Phi = sigma(W_1 X), d_1 x m), so non-degenerate forces d_1 = m and Phi
invertible, and stationarity R Phi^T = 0 gives R = 0: a counterexample would be a critical
point with positive loss, a positive-semidefinite Hessian and lambda_min(Phi Phi^T) > 0.

Run ``python proofs/nguyen_hein.py [--instances 40] [--starts 30] [--seed 0]``: first the claim
NH on its instances (zero-loss fits certified, the Yu-Chen duplicated-unit minimum where the
non-degeneracy hypothesis fails), each certificate re-verified independently; then random small
instances (d_0 in {1, 2}, m in {2, 3, 4}, d_1 = m, d_2 in {1, 2}, integer inputs in [-3, 3] with
distinct columns, targets in {-1, 0, 1/2, 1, 2, 3}). From each seeded start (N(0, 4) weights),
damped Newton (Levenberg-Marquardt) in floats; every end point with |grad| < 1e-9 is sorted:
loss < 1e-10 (a global minimum), a saddle (float Hessian eigenvalue < -1e-8), or a positive-loss
candidate local minimum, recording lambda_min(Phi Phi^T) there (and whether two hidden units
coincide, as in the Yu-Chen counterexample). A candidate whose W_2-block is
numerically non-degenerate (lambda_min(Phi Phi^T) > 1e-6) would contradict NH. Floats only
search; the summary says what was found.
"""

import argparse
import json
import random
import sys

import numpy as np

import symlandscape as sl
from symlandscape.models.sigmoid import SigmoidMLP
from symlandscape.provers.neurons import NH_DATA, _newton, nh_instance


def _instance(rng):
    while True:
        m, d0 = rng.choice([2, 3, 4]), rng.choice([1, 2])
        X = [[rng.randint(-3, 3) for _ in range(m)] for _ in range(d0)]
        if len(set(zip(*X))) == m:
            break
    Y = [[rng.choice(["-1", "0", "1/2", "1", "2", "3"]) for _ in range(m)] for _ in range(rng.choice([1, 2]))]
    return SigmoidMLP([d0, m, len(Y)], X, Y)


def _gram_min(net, w):
    """lambda_min(Phi Phi^T) at w: the W_2-block of the Hessian is this matrix kron I."""
    d0, d1, _ = net.widths
    W1 = np.asarray(w[:d0 * d1]).reshape(d0, d1).T
    X = np.array([[float(v) for v in r] for r in net.X.flint.tolist()])
    Phi = 1 / (1 + np.exp(-np.clip(W1 @ X, -700, 700)))
    return float(np.linalg.eigvalsh(Phi @ Phi.T)[0])


def _equal_units(net, w) -> bool:
    """Two hidden units with (numerically) the same incoming weights: Phi has two equal rows."""
    d0, d1, _ = net.widths
    W1 = np.asarray(w[:d0 * d1]).reshape(d0, d1).T
    return any(np.linalg.norm(W1[a] - W1[b]) < 1e-6 for a in range(d1) for b in range(a))


def _parallel_rows(net, w) -> bool:
    """A row of Phi ~ 0 (a unit saturated at 0 on every sample) or two parallel rows (e.g. two
    units saturated at 1, or equal units)."""
    d0, d1, _ = net.widths
    W1 = np.asarray(w[:d0 * d1]).reshape(d0, d1).T
    X = np.array([[float(v) for v in r] for r in net.X.flint.tolist()])
    Phi = 1 / (1 + np.exp(-np.clip(W1 @ X, -700, 700)))
    nrm = np.linalg.norm(Phi, axis=1)
    if nrm.min() < 1e-6:
        return True
    U = Phi / nrm[:, None]
    return any(abs(U[a] @ U[b]) > 1 - 1e-10 for a in range(d1) for b in range(a))


def search(n_instances: int, starts: int, seed: int):
    """The tally of the search (see the module docstring) and the counterexample candidates."""
    rng = random.Random(seed)
    tally = {"instances": n_instances, "runs": 0, "not_converged": 0, "global": 0, "saddles": 0,
             "positive_loss_minima": 0, "of_them_degenerate_block": 0, "of_those_two_equal_units": 0,
             "of_those_parallel_or_zero_rows": 0, "counterexamples": 0}
    worst, found = 0.0, []
    for k in range(n_instances):
        net = _instance(rng)
        srng = np.random.default_rng([seed, k])
        for _ in range(starts):
            tally["runs"] += 1
            w = _newton(net.float_derivatives, 2.0 * srng.standard_normal(net.n_params))
            if w is None or np.linalg.norm(w) > 50:
                tally["not_converged"] += 1
                continue
            L, g, H = net.float_derivatives(w)
            if np.linalg.norm(g) > 1e-9:
                tally["not_converged"] += 1
                continue
            if L < 1e-10:
                tally["global"] += 1
                continue
            if np.linalg.eigvalsh(H)[0] < -1e-8:
                tally["saddles"] += 1
                continue
            tally["positive_loss_minima"] += 1
            lam = _gram_min(net, w)
            worst = max(worst, lam)
            if lam < 1e-6:
                tally["of_them_degenerate_block"] += 1
                tally["of_those_two_equal_units"] += _equal_units(net, w)
                tally["of_those_parallel_or_zero_rows"] += _parallel_rows(net, w)
            else:
                tally["counterexamples"] += 1
                found.append((net.widths, net.X.tolist(), net.Y.tolist(), L, lam))
    tally["largest_lambda_min_at_a_positive_loss_minimum"] = float(f"{worst:.3g}")
    return tally, found


def claim_instances(verbose: bool = True) -> list:
    """NH on the prover's instances, each certificate re-verified; the verdicts."""
    out = []
    for data, name in NH_DATA:
        v = sl.check_claim("NH", nh_instance(data, name))
        ok = sl.check_certificate(json.loads(json.dumps(v.certificate)))["status"] == v.status
        out.append(v)
        if verbose:
            print(f"{name}: {v.status} ({v.kind}); re-verified: {ok}")
            print(f"    {v.reason[:300]}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--instances", type=int, default=40)
    ap.add_argument("--starts", type=int, default=30)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    verdicts = claim_instances()
    tally, found = search(args.instances, args.starts, args.seed)
    print(f"d_1 = m, {args.instances} instances x {args.starts} starts (seed {args.seed}): {tally}")
    for ex in found[:5]:
        print(f"    CANDIDATE: widths {ex[0]}, X = {ex[1]}, Y = {ex[2]}, loss {ex[3]:.6g}, "
              f"lambda_min(Phi Phi^T) = {ex[4]:.3g}")
    ok = [v.status for v in verdicts] == ["holds"] * 3 + ["hypotheses not met"] and not found
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
