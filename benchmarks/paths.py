"""Path-sum evaluation (eq (5), every path enumerated, vectorised) vs the exact forward pass,
as the number of paths Psi grows to about 10^6. Medians of repeated runs; ratios printed.

    python benchmarks/paths.py [--repeats 5]
"""

import argparse
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from _timing import median  # noqa: E402

from symlandscape.models import ReLUNet  # noqa: E402
from symlandscape.paths import path_sum  # noqa: E402
from symlandscape.provers.instancegen import random_qmatrix  # noqa: E402

CASES = [[4, 4, 4, 2], [8, 8, 8, 2], [10, 10, 10, 10, 2], [16, 16, 16, 16, 2], [20, 20, 20, 20, 20, 2],
         [32, 32, 32, 32, 2]]


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    print(f"{'widths':<24} {'Psi':>9} {'forward s':>10} {'path sum s':>11} {'ratio':>7}  equal")
    for widths in CASES:
        rng = random.Random(1)
        net = ReLUNet(widths, random_qmatrix(rng, widths[0], 2), random_qmatrix(rng, widths[-1], 2), q="1/2")
        W = [random_qmatrix(rng, widths[k + 1], widths[k]) for k in range(len(widths) - 1)]
        tf, a = median(lambda: net.output(W), args.repeats)
        tp, b = median(lambda: path_sum(net, W), args.repeats)
        psi = 1
        for d in widths[:-1]:
            psi *= d
        print(f"{str(widths):<24} {psi:>9,} {tf:>10.4f} {tp:>11.4f} {tp / tf:>7.1f}  {a == b}")


if __name__ == "__main__":
    main()
