"""Certifying one critical point (Krawczyk box, enclosed positive-definite Hessian, loss
enclosure; python-flint arb, plus the independent checker's mpmath re-check) vs an
uncertified float Newton solve of the same point (numpy). Medians of repeated runs; the
ratio certified / float is printed.

Cases: the two AUER minima (sigmoid neuron, d = 2, m = 4), a sigmoid neuron with d inputs
and 3d samples (random small integers, targets in (0, 1)), d up to 16, and the K = 6
Safran-Shamir spurious minimum (ReLU population loss, 36 parameters).

    python benchmarks/certify.py [--repeats 5]
"""

import argparse
import os
import random
import statistics
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from _timing import median  # noqa: E402

from symlandscape.models import ReLUPopulation, SigmoidNeuron  # noqa: E402
from symlandscape.provers.neurons import AUER_DATA, SS6_START, _newton, certify_minimum, float_minima, ss_instance  # noqa: E402


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
    return median(run, repeats)


def _cases():
    net = SigmoidNeuron([2, 1], AUER_DATA["X"], AUER_DATA["Y"])
    for k, w in enumerate(float_minima(net.float_derivatives, 2)):
        yield f"AUER min {k + 1} (d=2)", net, w
    for d in (4, 8, 16):
        rng = random.Random(d)
        m = 3 * d
        X = [[rng.randint(-2, 2) for _ in range(m)] for _ in range(d)]
        Y = [[f"{rng.randint(1, 9)}/10" for _ in range(m)]]
        net = SigmoidNeuron([d, 1], X, Y)
        mins = float_minima(net.float_derivatives, d, starts=10, scale=0.5)
        if mins:
            yield f"sigmoid d={d}, m={m}", net, mins[0]
    inst = ss_instance(6)
    net = ReLUPopulation(list(inst.widths), inst.env["X"], inst.env["Y"])
    yield "SS spurious min (K=6, n=36)", net, np.array(SS6_START).T.reshape(-1)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--checker-repeats", type=int, default=1, help="repeats of the (slow) independent re-check")
    args = ap.parse_args(argv)
    print(f"{'case':<24} {'float Newton s':>14} {'certify s':>10} {'ratio':>8} {'checker s':>10}  certified")
    ratios = []
    for name, net, w in _cases():
        rng = np.random.default_rng(0)
        start = w + 1e-2 * rng.standard_normal(len(w))    # the same start for every repeat
        t_float, wf = median(lambda: _newton(net.float_derivatives, start.copy()), args.repeats)
        t_cert, wit = median(lambda: certify_minimum(net.enclose, wf), args.repeats)
        t_check = _checker_seconds(net, wit, args.checker_repeats)[0] if wit else float("nan")
        ratios.append(t_cert / t_float)
        print(f"{name:<24} {t_float:>14.5f} {t_cert:>10.5f} {t_cert / t_float:>8.1f} {t_check:>10.4f}  "
              f"{'yes' if wit else 'no'}")
    print(f"median ratio certify / float Newton: {statistics.median(ratios):.1f}")


if __name__ == "__main__":
    main()
