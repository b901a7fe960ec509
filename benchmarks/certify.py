"""Certifying one critical point (Krawczyk box, enclosed positive-definite Hessian, loss
enclosure; python-flint arb, plus the independent checker's mpmath re-check) vs an
uncertified float Newton solve of the same point (numpy). Medians of repeated runs, in CPU
seconds of this process; the ratio certified / float is printed.

Cases: the two AUER minima (sigmoid neuron, d = 2, m = 4), a sigmoid neuron with d inputs
and 3d samples (random small integers, targets in (0, 1)) for d = 2..10, and the stored
Safran-Shamir spurious minima for K = 6..20 (ReLU population loss, K^2 parameters; the float
Newton starts 1e-3 off the stored centre and must come back to it). Repeats are capped at
``--max-repeats-large`` for K >= 14 (each certification there takes 10-30 s).

    python benchmarks/certify.py [--repeats 5] [--k 6 20] [--checker-max-k 6]
"""

import argparse
import os
import random
import statistics
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from _timing import median_cpu  # noqa: E402

from symlandscape.models import ReLUPopulation, SigmoidNeuron  # noqa: E402
from symlandscape.provers.neurons import AUER_DATA, _newton, certify_minimum, float_minima, ss_centre, ss_instance  # noqa: E402


def _median(fn, repeats):
    """Median CPU seconds of this process (8 agents shared the 2 cores: wall time would measure
    the neighbours too) and the last result."""
    _, cpu, out = median_cpu(fn, repeats)
    return cpu, out


def _checker_seconds(net, wit, repeats):
    """The independent checker's interval re-check of the same box (mpmath iv)."""
    from fractions import Fraction

    from symlandscape.certificates.check import _iv_loss_in, _iv_pd_on, _iv_zero_in
    model = ["relu_population", net.K] if net.kind == "relu_population" else net.kind
    X = [[Fraction(str(x)) for x in row] for row in net.X.flint.tolist()]
    Y = [[Fraction(str(y)) for y in row] for row in net.Y.flint.tolist()]
    B = [[Fraction(a), Fraction(b)] for a, b in wit["box"]]
    mu, lo, hi = Fraction(wit["mu"]), Fraction(wit["loss"][0]), Fraction(wit["loss"][1])

    def run():
        return (_iv_zero_in(model, X, Y, B) and _iv_pd_on(model, X, Y, B, mu)
                and _iv_loss_in(model, X, Y, B, lo, hi))
    return _median(run, repeats)


def _cases(k_range):
    net = SigmoidNeuron([2, 1], AUER_DATA["X"], AUER_DATA["Y"])
    for k, w in enumerate(float_minima(net.float_derivatives, 2)):
        yield f"AUER min {k + 1} (d=2)", net, w, 1e-2
    for d in range(2, 11):
        rng = random.Random(d)
        m = 3 * d
        X = [[rng.randint(-2, 2) for _ in range(m)] for _ in range(d)]
        Y = [[f"{rng.randint(1, 9)}/10" for _ in range(m)]]
        net = SigmoidNeuron([d, 1], X, Y)
        mins = float_minima(net.float_derivatives, d, starts=10, scale=0.5)
        if mins:
            yield f"sigmoid d={d}, m={m}", net, mins[0], 1e-2
    for K in range(k_range[0], k_range[1] + 1):
        centre = ss_centre(K)
        if centre is None:
            continue
        inst = ss_instance(K)
        net = ReLUPopulation(list(inst.widths), inst.env["X"], inst.env["Y"])
        yield f"SS K={K} (n={K * K})", net, np.array([float(x) for x in centre]), 1e-3


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--max-repeats-large", type=int, default=1, help="repeats for SS with K >= 14")
    ap.add_argument("--k", type=int, nargs=2, default=(6, 20), metavar=("FROM", "TO"))
    ap.add_argument("--checker-repeats", type=int, default=1, help="repeats of the (slow) independent re-check")
    ap.add_argument("--checker-max-k", type=int, default=6, help="largest SS K re-checked (~K^5 cost)")
    args = ap.parse_args(argv)
    print(f"{'case':<24} {'params':>6} {'float Newton s':>14} {'certify s':>10} {'ratio':>8} {'checker s':>10}  certified")
    ratios = []
    for name, net, w, noise in _cases(args.k):
        ss = net.kind == "relu_population"
        reps = min(args.repeats, args.max_repeats_large) if ss and net.K >= 14 else args.repeats
        rng = np.random.default_rng(0)
        start = w + noise * rng.standard_normal(len(w))    # the same start for every repeat
        t_float, wf = _median(lambda: _newton(net.float_derivatives, start.copy()), reps)
        back = wf is not None and np.max(np.abs(wf - w)) < 1e-6
        t_cert, wit = _median(lambda: certify_minimum(net.enclose, wf if back else w), reps)
        recheck = wit and (not ss or net.K <= args.checker_max_k)
        t_check = _checker_seconds(net, wit, args.checker_repeats)[0] if recheck else float("nan")
        ratio = t_cert / t_float if back else float("nan")
        ratios.append(ratio) if back else None
        print(f"{name:<24} {net.n_params:>6} {t_float:>14.5f} {t_cert:>10.5f} {ratio:>8.1f} {t_check:>10.4f}  "
              f"{'yes' if wit else 'no'}{'' if back else ' (float Newton went elsewhere)'}", flush=True)
    print(f"median ratio certify / float Newton: {statistics.median(ratios):.1f}")


if __name__ == "__main__":
    main()
