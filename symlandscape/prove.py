"""Run registered claims over their bundled instances and aggregate the verdicts."""

__all__ = ["prove_claim", "prove", "aggregate", "check_bounded", "report_claims", "proof_script"]

import json
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable

from .outfiles import write_files
from .provers.registry import get_claim


def aggregate(claim, verdicts: list) -> dict:
    """Combine per-instance verdicts: fails > undetermined > holds > hypotheses not met.

    ``holds`` means: held on every instance tried whose hypotheses were met.
    """
    counts = {s: sum(v.status == s for v in verdicts) for s in
              ("holds", "fails", "hypotheses not met", "undetermined")}
    n = len(verdicts)
    first = lambda s: next(v for v in verdicts if v.status == s)  # noqa: E731
    if counts["fails"]:
        v = first("fails")
        return {"verdict": "fails", "reason": v.reason, "counterexample": v.counterexample,
                "counts": counts}
    if counts["undetermined"]:
        v = first("undetermined")
        return {"verdict": "undetermined", "counts": counts, "counterexample": None,
                "reason": f"{counts['undetermined']} of {n} instances undetermined, e.g.: {v.reason}"}
    if counts["holds"]:
        extra = f" ({counts['hypotheses not met']} more had unmet hypotheses)" if counts["hypotheses not met"] else ""
        return {"verdict": "holds", "counts": counts, "counterexample": None,
                "reason": f"holds on {counts['holds']} instances{extra}"}
    if n == 0:
        return {"verdict": "undetermined", "counts": counts, "counterexample": None,
                "reason": "no instances were generated"}
    return {"verdict": "hypotheses not met", "counts": counts, "counterexample": None,
            "reason": f"hypotheses not met on all {n} instances, e.g.: {first('hypotheses not met').reason}"}


def check_bounded(claim, inst, limits: tuple | None = None):
    """``claim.check(inst)``, with a computation past a work limit as ``"undetermined"``.

    ``limits = (max_params, max_memory)`` (None entries: the defaults of
    :mod:`symlandscape.limits`) makes an instance beyond them ``"undetermined"``
    before any work is spent on it.

    >>> from symlandscape.provers.registry import get_claim
    >>> from symlandscape.instances import parse_instance
    >>> check_bounded(get_claim("KRON-1"), parse_instance({"model": "matrices",
    ...     "matrices": {"A": [[1]], "B": [[2]], "C": [[3]]}})).status
    'holds'
    """
    from .exact.numbers import InputError, WorkLimitExceeded
    from .facts.verdict import Verdict
    if limits is not None:
        from .limits import check_limits
        try:
            check_limits(inst.to_dict(), *limits)
        except InputError as e:
            return Verdict(claim.id, "undetermined", f"beyond the limits: {e}")
    try:
        return claim.check(inst)
    except WorkLimitExceeded as e:
        return Verdict(claim.id, "undetermined", e.reason)


#: Relative paths of the certificate files ``prove --out`` writes: ``CLAIM/NNN.json``.
CERT_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*/[0-9]{3,}\.json")


def prove_claim(claim_id: str, out_dir: str | None = None, limits: tuple | None = None,
                keep_certificates: bool = False) -> dict:
    """Run one claim over its instances; write certificates to ``out_dir/claim_id/NNN.json``.

    A statement-as-written (``AW-*``) search stops at its first counterexample:
    its instances come smallest first, so that counterexample is minimal. The
    certificates are written after the run, each atomically, all or none
    (:func:`symlandscape.outfiles.write_files`). With ``keep_certificates`` the
    result carries them as ``"certificates": [(relative path, certificate), ...]``
    for the caller to write. ``limits``: see :func:`check_bounded`.
    """
    claim = get_claim(claim_id)
    t0 = time.perf_counter()
    verdicts, certs = [], []
    for inst in claim.instances():
        v = check_bounded(claim, inst, limits)
        verdicts.append(v)
        if v.certificate is not None and (out_dir is not None or keep_certificates):
            certs.append((f"{claim_id}/{len(verdicts):03d}.json", v.certificate))
        if claim.as_written and v.status == "fails":
            break
    if out_dir is not None:
        write_files(out_dir, [(rel, json.dumps(c, indent=1)) for rel, c in certs])
    res = aggregate(claim, verdicts)
    out = {"id": claim_id, "verdict": res["verdict"], "instances": len(verdicts),
           "seconds": round(time.perf_counter() - t0, 3), "reason": res["reason"],
           "counterexample": res["counterexample"], "counts": res["counts"],
           "finding": claim.failure_expected,
           # "certified (interval)" when some verdict rests on interval enclosures (DESIGN section 4)
           "kind": "certified (interval)" if any(getattr(v, "kind", "exact") != "exact" for v in verdicts)
           else "exact"}
    if keep_certificates:
        out["certificates"] = certs
    return out


def _prove_one(args):
    return prove_claim(*args)


def prove(ids: Iterable[str], jobs: int = 1, out_dir: str | None = None,
          progress: Callable | None = None, limits: tuple | None = None) -> list:
    """Prove several claims, ``jobs`` at a time; results in the order of ``ids``.

    Certificates are written to ``out_dir`` only at the end, by this process, each
    file atomically and all or none (a failure removes what this run wrote).
    """
    ids = list(ids)
    keep = out_dir is not None
    if jobs <= 1 or len(ids) <= 1:
        results = []
        for i, cid in enumerate(ids):
            results.append(prove_claim(cid, None, limits, keep))
            if progress:
                progress(i + 1, len(ids), results[-1])
    else:
        by_id = {}
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(_prove_one, (cid, None, limits, keep)): cid for cid in ids}
            from concurrent.futures import as_completed
            for done, fut in enumerate(as_completed(futures), 1):
                r = fut.result()
                by_id[r["id"]] = r
                if progress:
                    progress(done, len(ids), r)
        results = [by_id[cid] for cid in ids]
    if keep:
        write_files(out_dir, [(rel, json.dumps(c, indent=1))
                              for r in results for rel, c in r.pop("certificates")])
    return results


def reverify_files(paths, tie_to_claim: bool = True) -> list:
    """Re-check certificate files independently; ``[(path, error)]`` for those rejected."""
    from .certificates.check import CertificateError, check_certificate
    from .instances import read_json
    bad = []
    for path in paths:
        try:
            check_certificate(read_json(path), tie_to_claim=tie_to_claim)
        except CertificateError as e:
            bad.append((path, str(e)))
    return bad


def report_claims(ids: Iterable[str], out_dir: str | None = None, recheck: bool = True) -> tuple:
    """Prove claims one by one, printing verdicts, counterexamples and corrections, and
    re-verify the certificates written to ``out_dir``: ``(results, rejected_certificates)``.

    The shared first part of every ``proofs/`` script.
    """
    import glob
    results, bad = [], []
    for cid in ids:
        claim = get_claim(cid)
        r = prove_claim(cid, out_dir)
        results.append(r)
        c = r["counts"]
        print(f"{cid:<14} {r['verdict']:<6} on {r['instances']} instances (holds {c['holds']}, "
              f"fails {c['fails']}, n.a. {c['hypotheses not met']}, undetermined "
              f"{c['undetermined']}) in {r['seconds']:.2f} s")
        print(f"    {r['reason']}")
        if r["counterexample"] is not None:
            print(f"    counterexample: {json.dumps(r['counterexample'])}")
            if claim.corrected:
                print(f"    corrected ({claim.location}): {claim.corrected}")
        if out_dir is not None and recheck:
            files = sorted(glob.glob(os.path.join(out_dir, cid, "*.json")))
            rejected = reverify_files(files)
            bad += rejected
            print(f"    {len(files) - len(rejected)}/{len(files)} certificates re-verified independently")
    return results, bad


def proof_script(ids: Iterable[str], doc: str, argv=None, options=()) -> tuple:
    """The shared start of a ``proofs/`` script: parse ``--out DIR`` (and ``options``, pairs
    ``(flag, argparse keyword arguments)``), prove and print the claims ``ids``, re-verify the
    certificates written; ``(args, results, failing)`` with ``failing`` the theorems that fail
    (documented findings excluded) and the rejected certificate files."""
    import argparse
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--out", metavar="DIR", help="write certificates to DIR/CLAIM/NNN.json")
    for flag, kw in options:
        ap.add_argument(flag, **kw)
    args = ap.parse_args(argv)
    results, rejected = report_claims(ids, args.out)
    failing = [r["id"] for r in results if r["verdict"] == "fails" and not r["finding"]]
    return args, results, failing + [f for f, _ in rejected]
