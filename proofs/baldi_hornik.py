#!/usr/bin/env python
"""Baldi–Hornik claims [seed 004]: BH-4 ... BH-7 and the statements as written
AW-004-BH6, AW-004-THM8, AW-004-DEF3.

Runs every claim on its bundled instances (``symlandscape.prove.prove_claim``), prints
the verdicts, the counterexamples of the as-written statements with their corrected
forms, and, for BH-7, the enumeration of all critical families of the small instances
(one per index set I of at most p eigenvectors of Sigma, (A, B) = (0, 0) included)
with their exact classification, and the tally of Theorem 8's four parts over the whole
AW-004-THM8 search.

Usage: python proofs/baldi_hornik.py [--out DIR]   (certificates go to DIR/CLAIM/NNN.json)
Exit code 1 if a theorem (not an AW-* statement) fails.
"""

import sys

from symlandscape.prove import proof_script
from symlandscape.provers.baldi_hornik import bh7_enumeration, thm8_summary_text

CLAIMS = ["BH-4", "BH-5", "BH-6", "BH-7", "AW-004-BH6", "AW-004-THM8", "AW-004-DEF3"]


def _print_enumeration() -> None:
    print("\nBH-7: every critical family of the small instances (I: eigenvectors of Sigma, "
          "largest eigenvalue first; points rescaled by random symmetries)")
    last = None
    for r in bh7_enumeration():
        key = (tuple(r["widths"]), tuple(r["s"]))
        if key != last:
            eig = ", ".join(str(s * s) for s in r["s"])
            print(f"\n  widths {r['widths']}, eigenvalues of Sigma ({eig}), claim status per point:")
            last = key
        I = "{" + ", ".join(map(str, r["I"])) + "}"
        print(f"    I = {I:<10} loss {str(r['loss']):>6}  inertia {str(r['inertia']):<12} "
              f"{r['verdict']:<16} [{r['status']}]")
        if r["continuum"]:
            print("      " + r["continuum"])
        elif r["status"] == "hypotheses not met" and "distinct eigenvalues" not in r["reason"]:
            print("      " + r["reason"].split(";")[0])


def main(argv=None) -> int:
    _, _, bad = proof_script(CLAIMS, __doc__, argv)
    _print_enumeration()
    print(f"\nAW-004-THM8: {thm8_summary_text()}")
    if bad:
        print(f"\nfailing theorems or rejected certificates: {', '.join(bad)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
