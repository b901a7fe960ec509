#!/usr/bin/env python3
"""Auer, Herbster and Warmuth [seed 003]: a sigmoid neuron with two certified local minima (AUER).

Run ``python proofs/auer.py [--write]``: the claim AUER on its bundled data sets (each minimum a
box of half-width 2^-30 with exactly one zero of the gradient, every Hessian on it positive
definite, the loss enclosed: "certified (interval)"), each certificate re-verified by the
independent checker (mpmath intervals); with ``--write`` the certified boxes go into
``symlandscape/data/auer_minima.json``, which the docs page and the gallery figure read.

Exit code 0 when the claim holds on every data set and every certificate re-verified.
"""

import argparse
import json
import os
import sys
import time

import symlandscape as sl
from symlandscape.provers import neurons

DATA = os.path.join(os.path.dirname(neurons._SS_FILE), "auer_minima.json")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="store the certified boxes")
    args = ap.parse_args(argv)
    out, ok = [], True
    for inst in neurons._auer_instances():
        t0 = time.perf_counter()
        v = sl.check_claim("AUER", inst)
        t = time.perf_counter() - t0
        print(f"{inst.name}: {v.status} ({v.kind}) in {t:.2f} s")
        if v.status != "holds":
            print(f"    {v.reason}")
            ok = False
            continue
        t0 = time.perf_counter()
        try:
            sl.check_certificate(json.loads(json.dumps(v.certificate)))
            print(f"    re-verified independently in {time.perf_counter() - t0:.2f} s")
        except sl.CertificateError as e:
            print(f"    REJECTED by the checker: {e}")
            ok = False
        minima = v.certificate["witnesses"]["minima"]
        for k, item in enumerate(minima, 1):
            c = [float((neurons.flint.fmpq(a) + neurons.flint.fmpq(b)) / 2) for a, b in item["box"]]
            lo, hi = (float(neurons.flint.fmpq(x).p) / float(neurons.flint.fmpq(x).q) for x in item["loss"])
            print(f"    minimum {k}: w ~ {[round(x, 6) for x in c]}, loss in [{lo:.10f}, {hi:.10f}], "
                  f"lambda_min >= {item['mu']}")
        out.append({"name": inst.name, "X": [[str(x) for x in r] for r in inst.env["X"].tolist()],
                    "Y": [[str(x) for x in r] for r in inst.env["Y"].tolist()], "minima": minima})
    if args.write and ok:
        with open(DATA, "w") as f:
            json.dump({"description": "certified local minima of a sigmoid neuron (claim AUER): boxes with rational "
                                      "endpoints (theta order), eigenvalue bounds mu and loss enclosures; written "
                                      "by proofs/auer.py", "data_sets": out}, f, indent=1)
            f.write("\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
