"""The exact left side of Theorem 9, E||dl/dW^k||_F^2 for Gaussian weights (k = 1), three ways as
d and L grow: the structured layer recursions (symlandscape.moments), the independent checker's
integer polynomial expansion of the definition, and a naive SymPy route (differentiate the loss,
expand, substitute the Isserlis moments). Medians of repeated runs; ratios to the structured route.

    python benchmarks/moments.py [--repeats 3] [--naive-limit 60]
"""

import argparse
import os
import sys
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import sympy  # noqa: E402
from _timing import median  # noqa: E402

from symlandscape.certificates.check import CertificateError, _mat, independent_evaluate  # noqa: E402
from symlandscape.moments import Gaussian, expect, grad2_law, weight_matrix  # noqa: E402

CASES = [(1, 2), (1, 4), (2, 2), (2, 3), (3, 2), (2, 4), (3, 3), (3, 4), (4, 4), (8, 8)]
S2 = Fraction(1, 2)


def _data(d):
    x = [Fraction(i + 1, 2) * (-1) ** i for i in range(d)]
    y = [Fraction(1, i + 2) for i in range(d)]
    return x, y


def structured(d, L):
    x, y = _data(d)
    return Fraction(str(grad2_law(Gaussian(S2), [str(v) for v in x], [str(v) for v in y], L, 1)))


def checker(d, L):
    x, y = _data(d)
    env = {"x": _mat([[str(v)] for v in x]), "y": _mat([[str(v)] for v in y]), "s2": _mat([[str(S2)]])}
    return independent_evaluate(["rw_grad2", ["gaussian", "s2"], "x", "y", L, 1], env)


def naive(d, L):
    x, y = _data(d)
    Ws = [weight_matrix(f"W{j}", d, d) for j in range(1, L + 1)]
    out = sympy.Matrix([sympy.Rational(v.numerator, v.denominator) for v in x])
    for W in Ws:
        out = W * out
    r = out - sympy.Matrix([sympy.Rational(v.numerator, v.denominator) for v in y])
    loss = sum(e ** 2 for e in r) / 2
    g2 = sum(sympy.diff(loss, w) ** 2 for w in Ws[0])
    val = expect(g2, ([w for W in Ws for w in W], Gaussian(sympy.Rational(S2.numerator, S2.denominator))))
    return Fraction(int(val.p), int(val.q))


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--naive-limit", type=float, default=60.0,
                    help="skip the slower routes for larger cases once one run took longer (s)")
    args = ap.parse_args(argv)
    print(f"{'d':>2} {'L':>2} {'structured s':>13} {'checker s':>10} {'naive SymPy s':>14} "
          f"{'checker/struct':>15} {'naive/struct':>13}  equal")
    slow = {"checker": False, "naive": False}
    for d, L in CASES:
        ts, vs = median(lambda: structured(d, L), args.repeats)
        row = {"checker": (None, None), "naive": (None, None)}
        for name, fn in (("checker", checker), ("naive", naive)):
            if slow[name]:
                continue
            try:
                t, v = median(lambda: fn(d, L), 1 if name == "naive" else args.repeats)
            except CertificateError:
                slow[name] = True
                continue
            row[name] = (t, v)
            if t > args.naive_limit:
                slow[name] = True
        tc, vc = row["checker"]
        tn, vn = row["naive"]
        fmt = lambda t: f"{t:.4f}" if t is not None else "skipped"  # noqa: E731
        ratio = lambda t: f"{t / ts:.0f}x" if t is not None else "-"  # noqa: E731
        equal = all(v is None or v == vs for v in (vc, vn))
        print(f"{d:>2} {L:>2} {ts:>13.5f} {fmt(tc):>10} {fmt(tn):>14} {ratio(tc):>15} {ratio(tn):>13}  {equal}",
              flush=True)


if __name__ == "__main__":
    main()
