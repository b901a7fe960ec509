#!/usr/bin/env python
"""Kawaguchi's lemmas [seed 000]: KAW-L1, KAW-L2, KAW-HESS, and the seed's own wording
AW-000-IDX, AW-000-EQ3, AW-000-BAD, on their bundled instances.

Usage::

    python proofs/kawaguchi_lemmas.py [--out DIR] [--no-recheck] [--summary] [CLAIM ...]

Each claim runs through :func:`symlandscape.prove.prove_claim` (the AW statements stop at
their first, minimal, counterexample). With ``--out`` the certificates go to
``DIR/CLAIM/NNN.json`` and every one is re-verified independently with
:func:`symlandscape.check_certificate` (unless ``--no-recheck``). ``--summary`` also runs
each AW search to the end and reports how the as-written and the corrected statements fare.

Exit status: 0 when the theorems hold (AW failures are findings about the seed's
wording), 1 when a theorem fails or is undetermined or a certificate does not re-verify.
"""

import argparse
import sys

from symlandscape.prove import report_claims
from symlandscape.provers.kawaguchi_lemmas import aw_search_summary
from symlandscape.provers.registry import get_claim

CLAIMS = ["KAW-L1", "KAW-L2", "KAW-HESS", "AW-000-IDX", "AW-000-EQ3", "AW-000-BAD"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("claims", nargs="*", default=CLAIMS, help="claim ids (default: all six)")
    ap.add_argument("--out", metavar="DIR", help="write certificates to DIR/CLAIM/NNN.json")
    ap.add_argument("--no-recheck", action="store_true", help="do not re-verify written certificates")
    ap.add_argument("--summary", action="store_true", help="run the AW searches to the end and tally")
    args = ap.parse_args(argv)
    results, rejected = report_claims(args.claims, args.out, recheck=not args.no_recheck)
    bad = bool(rejected) or any(r["verdict"] != "holds" and not r["finding"] for r in results)
    for f, e in rejected:
        print(f"  certificate {f} does not re-verify: {e}")
    if args.summary:
        for cid in args.claims:
            if get_claim(cid).as_written:
                s = aw_search_summary(cid)
                print(f"{cid} full search: {s['instances']} instances, {s['met']} meet the hypotheses, "
                      f"{s['fails']} fail as written, the corrected statement holds on {s['corrected_ok']}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
