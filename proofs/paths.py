#!/usr/bin/env python
"""The ReLU path model [seed 000, section 2]: PATH-5 (eq (5)), PATH-6 (the spin-glass form of
eq (6)) and PATH-7 (Bernoulli gates, eq (7)).

Runs every claim on its bundled instances, prints the verdicts, re-verifies the certificates
written to --out, and prints eq (6)'s two sides for a tied network (the gate expectation walked
on the networkx path graph, and the re-indexed Hamiltonian over [Lambda]^(H+1)).

Usage: python proofs/paths.py [--out DIR]
Exit code 1 if a theorem fails or a certificate is rejected.
"""

import sys

import sympy

from symlandscape.paths import spin_glass_form
from symlandscape.prove import proof_script

CLAIMS = ["PATH-5", "PATH-6", "PATH-7"]


def main(argv=None) -> int:
    _, _, bad = proof_script(CLAIMS, __doc__, argv)
    for widths in ([2, 2, 1], [2, 2, 2, 1], [3, 3, 1]):
        f = spin_glass_form(widths)
        same = sympy.expand(f["expected_output"] - f["hamiltonian"]) == 0
        print(f"\neq (6) for the tied network {widths} (Lambda = {f['Lambda']}): "
              f"E_Z[Yhat] = Hamiltonian: {same}\n    {f['hamiltonian']}")
        if not same:
            bad.append(f"spin-glass identity {widths}")
    if bad:
        print(f"\nfailing theorems or rejected certificates: {', '.join(bad)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
