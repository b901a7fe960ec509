"""The ``symlandscape`` command.

Exit codes: 0 success, 1 a checked claim failed, 2 bad input (one line on
stderr, no traceback).
"""

__all__ = ["main"]

import argparse
import json
import os
import sys

from .exact.numbers import InputError


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2 (argparse prints the whole usage)
        raise InputError(f"{self.prog}: {message} (see --help)")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="symlandscape",
                description="Exact checks of theorems about neural-network loss landscapes.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    c = sub.add_parser("classify", help="classify the point of an instance file")
    c.add_argument("instance")
    c.add_argument("--json", action="store_true")
    c = sub.add_parser("check", help="check one claim on an instance file")
    c.add_argument("claim")
    c.add_argument("instance")
    c.add_argument("--json", action="store_true")
    c = sub.add_parser("claims", help="list the claim catalogue")
    c.add_argument("--json", action="store_true")
    c = sub.add_parser("prove", help="run claims on their bundled instances (all by default)")
    c.add_argument("claims", nargs="*", metavar="CLAIM")
    c.add_argument("--json", action="store_true")
    c.add_argument("--out", metavar="DIR", help="write certificates to DIR/CLAIM/NNN.json")
    c.add_argument("--jobs", type=int, default=None, help="parallel processes (default: all cores)")
    c = sub.add_parser("verify", help="re-check a certificate file independently")
    c.add_argument("certificate")
    c = sub.add_parser("docs", help="regenerate the catalogue and errata pages from the registry")
    c.add_argument("--out", metavar="DIR", default="docs")
    c = sub.add_parser("latex", help="write a LaTeX derivation for an instance")
    c.add_argument("instance")
    c.add_argument("-o", "--output", required=True)
    c = sub.add_parser("exercise", help="a randomized exercise with a worked solution")
    c.add_argument("topic")
    c.add_argument("--seed", type=int, default=0)
    c.add_argument("--solution", action="store_true")
    return p


def main(argv=None) -> int:
    """Entry point; returns the exit code (also used by ``python -m symlandscape``)."""
    try:
        args = _parser().parse_args(argv)
        if args.command is None:
            raise InputError("no command given (see symlandscape --help)")
        return _COMMANDS[args.command](args)
    except InputError as e:
        print(f"symlandscape: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("symlandscape: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _cmd_claims(args) -> int:
    from .theorems.registry import claims, get_claim
    rows = [get_claim(c) for c in claims()]
    if args.json:
        print(json.dumps([{"id": c.id, "seed": c.seed, "statement": c.statement,
                           "kinds": list(c.kinds), "as_written": c.as_written} for c in rows], indent=1))
        return 0
    w = max(len(c.id) for c in rows)
    for c in rows:
        print(f"{c.id:<{w}}  [{c.seed}]  {c.statement}  (instances: {', '.join(c.kinds)})")
    return 0


def _cmd_check(args) -> int:
    from .instances import load_instance
    from .theorems.registry import get_claim
    from .prove import check_bounded
    claim = get_claim(args.claim)
    v = check_bounded(claim, load_instance(args.instance))
    if args.json:
        print(json.dumps({"id": v.claim, "status": v.status, "reason": v.reason,
                          "counterexample": v.counterexample, "certificate": v.certificate}, indent=1))
    else:
        print(f"{v.claim}: {v.status}")
        print(f"  {v.reason}")
    return 1 if v.status == "fails" else 0


def _progress(done: int, total: int, r: dict) -> None:
    if sys.stderr.isatty():
        bar = "#" * (30 * done // total)
        sys.stderr.write(f"\r[{bar:<30}] {done}/{total} {r['id']:<14}")
        if done == total:
            sys.stderr.write("\n")
    else:
        sys.stderr.write(f"[{done}/{total}] {r['id']}: {r['verdict']} ({r['seconds']:.2f} s)\n")
    sys.stderr.flush()


def _cmd_prove(args) -> int:
    from .prove import prove
    from .theorems.registry import claims, get_claim
    ids = args.claims or claims()
    for cid in ids:
        get_claim(cid)  # unknown ids fail before any work is done
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        raise InputError("--jobs must be at least 1")
    if args.out:
        try:
            os.makedirs(args.out, exist_ok=True)
        except OSError as e:
            raise InputError(f"--out {args.out}: {e.strerror}") from None
    results = prove(ids, jobs=jobs, out_dir=args.out, progress=None if args.json else _progress)
    if args.json:
        print(json.dumps({"claims": [{k: r[k] for k in ("id", "verdict", "instances", "seconds",
                                                        "reason", "counterexample")} for r in results]},
                         indent=1))
    else:
        _print_table(results)
    bad = [r for r in results if r["verdict"] == "fails" and not r["finding"]]
    return 1 if bad else 0


def _print_table(results: list) -> None:
    w = max(len(r["id"]) for r in results)
    print(f"{'claim':<{w}}  {'inst':>4}  {'holds':>5}  {'fails':>5}  {'n.a.':>4}  {'undet':>5}  "
          f"{'time':>7}  verdict")
    for r in results:
        c = r["counts"]
        print(f"{r['id']:<{w}}  {r['instances']:>4}  {c['holds']:>5}  {c['fails']:>5}  "
              f"{c['hypotheses not met']:>4}  {c['undetermined']:>5}  {r['seconds']:>6.2f}s  "
              f"{r['verdict']}{' (finding: see errata)' if r['finding'] and r['verdict'] == 'fails' else ''}")
    tally = {}
    for r in results:
        tally[r["verdict"]] = tally.get(r["verdict"], 0) + 1
    findings = sum(1 for r in results if r["verdict"] == "fails" and r["finding"])
    note = ""
    if tally.get("fails"):
        note = (f" ({findings} of the failures are documented findings: see docs/errata)"
                if findings == tally["fails"] else
                f" ({tally['fails'] - findings} theorem failure(s) that are not documented findings)")
    print(f"{len(results)} claims: " + ", ".join(f"{n} {k}" for k, n in sorted(tally.items())) + note)


def _cmd_classify(args) -> int:
    from .instances import load_instance
    inst = load_instance(args.instance)
    try:
        from .landscape.classify import classify_instance
    except ImportError:
        raise InputError("classify is not available yet in this version") from None
    return classify_instance(inst, as_json=args.json)


def _cmd_verify(args) -> int:
    from .certificates.check import CertificateError, check_certificate
    from .instances import read_json
    cert = read_json(args.certificate)
    try:
        res = check_certificate(cert)
    except CertificateError as e:
        print(f"REJECTED: {e}")
        return 1
    print(f"OK: {res['claim']} {res['status']} ({res['facts']} facts re-verified independently)")
    return 0


def _cmd_docs(args) -> int:
    from .docsgen import write_docs
    try:
        paths = write_docs(args.out)
    except OSError as e:
        raise InputError(f"--out {args.out}: {e.strerror}") from None
    for p in paths:
        print(p)
    return 0


def _not_yet(name):
    def cmd(args):
        raise InputError(f"`{name}` is not available yet in this version")
    return cmd


_COMMANDS = {"claims": _cmd_claims, "check": _cmd_check, "prove": _cmd_prove,
             "classify": _cmd_classify, "verify": _cmd_verify, "docs": _cmd_docs,
             "latex": _not_yet("latex"), "exercise": _not_yet("exercise")}
