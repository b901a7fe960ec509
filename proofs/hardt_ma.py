#!/usr/bin/env python3
"""Hardt–Ma as Golikov's slides state it [seed 003]: HM-1, HM-2 and AW-003-HM2.

Run ``python proofs/hardt_ma.py [--out DIR]``:

1. every claim on its bundled exact instances (``symlandscape.prove``), writing
   certificates to ``DIR/CLAIM/NNN.json`` with ``--out`` and re-verifying each with the
   independent checker;
2. HM-2: the table of ``max_k ||W_k||`` (exact) against the depth L for the exact
   near-identity global minima of a few R with det R > 0;
3. HM-1's other side: an exhaustive grid search for critical points that are not global
   minima (every one found has a layer with ||W_k|| >= 1);
4. AW-003-HM2: the minimal counterexample and the corrected statement.

Exit code 0 when everything ran, no theorem (non-AW claim) failed or was undetermined,
the search found no non-global critical point within the bound, and every certificate
re-verified; 1 otherwise.
"""

import argparse
import os
import sys

from symlandscape.landscape.near_identity import near_identity_factors
from symlandscape.prove import report_claims
from symlandscape.provers.hardt_ma import nonglobal_critical_search
from symlandscape.provers.registry import get_claim

CLAIMS = ["HM-1", "HM-2", "AW-003-HM2"]
TABLE_R = [("R = 2 (d = 1)", [[2]]), ("R = quarter turn", [[0, -1], [1, 0]]), ("R = -I (d = 2)", [[-1, 0], [0, -1]]),
           ("R = [[2, 1], [1, 3]]", [[2, 1], [1, 3]]), ("R = [[1, 2, 0], [0, 0, 1], [3, 1, 1]]",
                                                         [[1, 2, 0], [0, 0, 1], [3, 1, 1]])]


def hm2_table() -> None:
    print("\n== HM-2: exact global minima (I + W_L)...(I + W_1) = R, max_k ||W_k|| (spectral, exact)")
    print(f"{'R':<38} {'n':>4} {'L':>5} {'max ||W_k||':>12} {'L * max':>8}")
    for name, R in TABLE_R:
        for n in (1, 2, 4, 8, 16, 32):
            f = near_identity_factors(R, n)
            print(f"{name:<38} {n:>4} {f.depth:>5} {str(f.max_norm):>12} {str(f.depth * f.max_norm):>8}")


def search_part() -> bool:
    print("\n== HM-1: critical points that are not global minima (exhaustive grid search, X = I)")
    ok = True
    for d, L in [(1, 2), (1, 3), (2, 2)]:
        out = nonglobal_critical_search(d, L)
        ex = out["examples"][0] if out["examples"] else None
        print(f"d = {d}, L = {L}: {out['points']} points, {out['critical']} critical, {out['nonglobal']} not global "
              f"minima, {out['nonglobal_within_bound']} of them with every ||W_k|| < 1")
        if ex:
            print(f"   e.g. R = {ex['R']}, W = {ex['W']}: risk - d = {ex['risk_minus_d']}, "
                  f"||W_k|| >= 1 for k in {ex['norm_ge_1']}")
        ok &= out["nonglobal_within_bound"] == 0
    return ok


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", metavar="DIR", help="write certificates to DIR/CLAIM/NNN.json")
    args = ap.parse_args(argv)
    if args.out:
        os.makedirs(args.out, exist_ok=True)
    print("== exact instances (symlandscape.prove)")
    results, bad_certs = report_claims(CLAIMS, args.out)
    hm2_table()
    search_ok = search_part()
    print("\n== AW-003-HM2 (the slides omit det R > 0)")
    print("minimal counterexample: d = 1, R = 0 (det R = 0); with det R < 0: d = 1, R = -1. A global minimum has")
    print("prod (1 + w_k) = R; ||W|| < 1 forces det(I + W) > 0, so some layer has ||W_k|| >= 1 at every depth.")
    print(f"corrected: {get_claim('AW-003-HM2').corrected}")
    print("\n== summary")
    for r in results:
        kind = " (as written: a finding)" if get_claim(r["id"]).as_written and r["verdict"] == "fails" else ""
        print(f"{r['id']:<11} {r['verdict']}{kind} on {r['instances']} exact instances")
    theorem_failures = [r["id"] for r in results
                        if r["verdict"] in ("fails", "undetermined") and not get_claim(r["id"]).as_written]
    for f, e in bad_certs:
        print(f"certificate REJECTED: {f}: {e}")
    return 1 if bad_certs or theorem_failures or not search_ok else 0


if __name__ == "__main__":
    sys.exit(main())
