#!/usr/bin/env python3
"""ReLU units with Gaussian input [seed 003]: TIAN (one unit) and WU (two unit-norm units).

Run ``python proofs/relu_neurons.py [--out DIR]``:

1. both claims on their bundled instances (``symlandscape.prove``), writing certificates to
   ``DIR/CLAIM/NNN.json`` with ``--out`` and re-verifying each with the independent checker;
2. WU, teacher e_1, e_2: the table of the critical points on the torus (angles in turns),
   each box certified (Krawczyk) and classified, and the seconds to certify and re-check.

Exit code 0 when everything ran, neither claim failed or was undetermined on an instance
meeting its hypotheses, and every certificate re-verified; 1 otherwise.
"""

import argparse
import os
import sys
import time
from fractions import Fraction

from symlandscape import check_certificate
from symlandscape.prove import report_claims
from symlandscape.provers.registry import check_claim
from symlandscape.provers.relu_neurons import wu_instance

CLAIMS = ["TIAN", "WU"]


def wu_table() -> bool:
    print("\n== WU, teacher e_1, e_2: every critical point on the torus ||w_1|| = ||w_2|| = 1 (angles in turns)")
    t0 = time.perf_counter()
    v = check_claim("WU", wu_instance([[1, 0], [0, 1]]))
    t1 = time.perf_counter()
    check_certificate(v.certificate)
    t2 = time.perf_counter()
    print(f"{'box centre (turns)':<28} {'half-width':>12}  kind")
    for it in v.certificate["witnesses"]["critical_points"]:
        c = [(Fraction(lo) + Fraction(hi)) / 2 for lo, hi in it["box"]]
        r = (Fraction(it["box"][0][1]) - Fraction(it["box"][0][0])) / 2
        detail = f"eigenvalues >= {float(Fraction(it['mu'])):.4g}" if it["kind"] == "minimum" else \
            f"u = {[r_[0] for r_ in it['u']]}"
        print(f"({float(c[0]):+.6f}, {float(c[1]):+.6f})      {str(r):>12}  {it['kind']} ({detail})")
    print(f"verdict: {v.status} [{v.kind}]; certify {t1 - t0:.2f} s, independent re-check {t2 - t1:.2f} s")
    return v.status == "holds"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", metavar="DIR", help="write certificates to DIR/CLAIM/NNN.json")
    args = ap.parse_args(argv)
    if args.out:
        os.makedirs(args.out, exist_ok=True)
    print("== instances (symlandscape.prove)")
    results, bad_certs = report_claims(CLAIMS, args.out)
    ok = wu_table()
    print("\n== summary")
    for r in results:
        print(f"{r['id']:<5} {r['verdict']} on {r['instances']} instances")
    bad = [r["id"] for r in results if r["verdict"] in ("fails", "undetermined")]
    for f, e in bad_certs:
        print(f"certificate REJECTED: {f}: {e}")
    return 1 if bad or bad_certs or not ok else 0


if __name__ == "__main__":
    sys.exit(main())
