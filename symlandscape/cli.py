"""The ``symlandscape`` command.

Exit codes: 0 success, 1 a checked claim failed, 2 bad input (one line on
stderr, no traceback). An instance beyond ``--max-params`` / ``--max-memory``
(:mod:`symlandscape.limits`) is refused with exit code 2 before any heavy step;
an exhausted resource (memory, recursion, integer size) that slips past those
estimates is also reported on one line with exit code 2.
"""

__all__ = ["main", "build_parser"]

import argparse
import json
import os
import sys

from .exact.numbers import InputError, WorkLimitExceeded


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2 (argparse prints the whole usage)
        raise InputError(f"{self.prog}: {message} (see --help)")


def _limit_options(c) -> None:
    from .limits import MAX_MEMORY, MAX_PARAMS, format_bytes
    c.add_argument("--max-params", type=int, default=None, metavar="N",
                   help=f"refuse instances with more parameters (default {MAX_PARAMS:,})")
    c.add_argument("--max-memory", default=None, metavar="SIZE",
                   help=f"refuse instances whose estimated peak memory is larger, e.g. 8G, 512M "
                        f"(default {format_bytes(MAX_MEMORY)})")


def _limits(args) -> tuple:
    """(max_params, max_memory) from the options (None: the defaults of limits.py)."""
    from .limits import parse_bytes
    mp = getattr(args, "max_params", None)
    if mp is not None and mp < 1:
        raise InputError("--max-params must be at least 1")
    mm = getattr(args, "max_memory", None)
    return mp, (parse_bytes(mm) if mm is not None else None)


def _load_limited(path: str, args):
    """Read an instance file, refuse it past the limits (sizes only), then parse it."""
    from .instances import parse_instance, read_json
    from .limits import check_limits
    data = read_json(path)
    check_limits(data, *_limits(args), where=path)
    try:
        return parse_instance(data)
    except InputError as e:
        raise InputError(f"{path}: {e}") from None


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="symlandscape",
                description="Exact checks of theorems about neural-network loss landscapes.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    c = sub.add_parser("classify", help="classify the point of an instance file")
    c.add_argument("instance")
    c.add_argument("--json", action="store_true")
    c.add_argument("--cert", metavar="FILE", help="also write the bare certificate to FILE")
    _limit_options(c)
    c = sub.add_parser("check", help="check one claim on an instance file")
    c.add_argument("claim")
    c.add_argument("instance")
    c.add_argument("--json", action="store_true")
    c.add_argument("--cert", metavar="FILE", help="also write the bare certificate to FILE")
    _limit_options(c)
    c = sub.add_parser("claims", help="list the claim catalogue")
    c.add_argument("--json", action="store_true")
    c = sub.add_parser("prove", help="run claims on their bundled instances (all by default)")
    c.add_argument("claims", nargs="*", metavar="CLAIM")
    c.add_argument("--json", action="store_true")
    c.add_argument("--out", metavar="DIR", help="write certificates to DIR/CLAIM/NNN.json")
    c.add_argument("--jobs", type=int, default=None, help="parallel processes (default: all cores)")
    c.add_argument("--force", action="store_true",
                   help="write into a non-empty --out DIR (replacing only certificate files)")
    _limit_options(c)
    c = sub.add_parser("verify", help="re-check a certificate file independently (a bare certificate, "
                                      "or what check --json / classify --json print)")
    c.add_argument("certificate")
    _limit_options(c)
    c = sub.add_parser("paths", help="path model of a ReLU instance: paths, active paths, eq (5) (--draw FILE)")
    c.add_argument("instance")
    c.add_argument("--sample", type=int, default=1, help="sample (1-based) whose active paths are shown")
    c.add_argument("--draw", metavar="FILE", help="draw the path graph to FILE (.svg, .png or .pdf)")
    # ---- exercises ----
    c = sub.add_parser("exercise", help="a seeded teaching exercise (exercise --list for the topics)")
    c.add_argument("topic", nargs="?")
    c.add_argument("--list", action="store_true", help="list the topics")
    c.add_argument("--seed", type=int, default=None, help="the exercise's seed (an integer >= 0)")
    c.add_argument("--solution", action="store_true", help="show the solution too")
    c.add_argument("--latex", action="store_true", help="print a LaTeX document instead of text")
    c.add_argument("--pdf", action="store_true", help="compile the LaTeX document to -o FILE with pdflatex")
    c.add_argument("-o", "--out", metavar="FILE", help="write to FILE instead of standard output")
    c = sub.add_parser("grade", help="grade an answer: exit 0 correct, 1 incorrect, 2 unreadable or bad input")
    c.add_argument("topic", nargs="?", help="the topic (omit with --topics)")
    c.add_argument("answer", nargs="?", help="the answer text (or --file)")
    c.add_argument("--seed", type=int, required=True)
    c.add_argument("--file", metavar="FILE", help="read the answer from FILE; with --topics one answer per "
                                                  "line, or a JSON object {\"1\": answer, ...} or {topic: answer}")
    c.add_argument("--topics", metavar="A,B,...", help="grade a whole sheet (as written by `sheet`)")
    c = sub.add_parser("sheet", help="a problem sheet: LaTeX (and a separate solution sheet), PDF, Moodle XML")
    c.add_argument("--topics", metavar="A,B,...", required=True)
    c.add_argument("--seed", type=int, required=True)
    c.add_argument("-o", "--out", metavar="FILE.tex", help="the sheet; the solutions go to FILE-solutions.tex")
    c.add_argument("--pdf", action="store_true", help="also compile both with pdflatex (FILE.pdf, FILE-solutions.pdf)")
    c.add_argument("--moodle", metavar="FILE.xml", help="also write a Moodle XML quiz")
    c.add_argument("--title", default="Problem sheet")
    # ---- end exercises ----
    c = sub.add_parser("docs", help="regenerate the catalogue and errata pages from the registry")
    c.add_argument("--out", metavar="DIR", default="docs")
    c.add_argument("--force", action="store_true",
                   help="write into a non-empty DIR (replacing only the pages this command writes)")
    # ---- latex ----
    c = sub.add_parser("latex", help="LaTeX derivation of an instance (or of one claim on it, --claim ID)")
    c.add_argument("instance")
    c.add_argument("-o", "--out", metavar="FILE.tex", help="write the document here (default: standard output)")
    c.add_argument("--pdf", action="store_true", help="also compile FILE.pdf with pdflatex (needs -o)")
    c.add_argument("--claim", metavar="ID", help="derive the claim ID on the instance: hypotheses, "
                                                 "conclusions and the exact values that decide them")
    _limit_options(c)
    # ---- end latex ----
    return p


def build_parser() -> argparse.ArgumentParser:
    """The ``symlandscape`` argument parser, every subcommand included (the docs site
    renders its help as the CLI reference).

    >>> build_parser().parse_args(["claims", "--json"]).command
    'claims'
    """
    return _parser()


def main(argv=None) -> int:
    """Entry point; returns the exit code (also used by ``python -m symlandscape``)."""
    try:
        args = _parser().parse_args(_grade_argv(sys.argv[1:] if argv is None else list(argv)))
        if args.command is None:
            raise InputError("no command given (see symlandscape --help)")
        return _COMMANDS[args.command](args)
    except InputError as e:
        # one line on stderr even when the message quotes a path or name with a newline in it
        msg = str(e).replace("\r", "\\r").replace("\n", "\\n")
        print(f"symlandscape: error: {msg}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("symlandscape: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except WorkLimitExceeded as e:  # a bounded computation refused to start
        print(f"symlandscape: error: resource limit: {e.reason}", file=sys.stderr)
        return 2
    except (MemoryError, RecursionError, OverflowError) as e:
        # Last line of defence: the estimates of limits.py should refuse such instances
        # first. Not bad input, but exit code 2 is the contract for "no answer".
        what = {MemoryError: "out of memory", RecursionError: "recursion too deep",
                OverflowError: "number too large for a fixed-size type"}[type(e)]
        print(f"symlandscape: error: resource limit, not bad input: {what} "
              f"({type(e).__name__}; try a smaller instance or lower --max-params/--max-memory)",
              file=sys.stderr)
        return 2


_CLAIMS_LEGEND = """\
seed: the source text a claim was checked against (../shared/seeds; 000 = Zhang's notes on
  Kawaguchi 2016, 001 = Yun-Sra-Jadbabaie 2018, 002 = Cooper, 003 = Golikov's slides,
  004 = Lucchi's lecture); the original paper and theorem follow in brackets.
as written: an AW-* statement checked with the seed's own wording; its failure is a finding.
finding: a catalogue statement shown false (see docs/errata); line N / eq (N): where in the seed.
"""


def _cmd_claims(args) -> int:
    from .provers.registry import claims, get_claim
    rows = [get_claim(c) for c in claims()]
    if args.json:
        print(json.dumps([{"id": c.id, "seed": c.seed, "paper": c.paper, "location": c.location,
                           "statement": c.statement, "kinds": list(c.kinds), "as_written": c.as_written,
                           "finding": c.finding or None, "declared": c.run is not None} for c in rows],
                         indent=1))
        return 0
    w = max(len(c.id) for c in rows)
    for c in rows:
        where = "; ".join(x for x in (c.paper, c.location) if x)
        tag = " [as written]" if c.as_written else " [finding]" if c.finding else ""
        print(f"{c.id:<{w}}  seed {c.seed}{f' ({where})' if where else ''}{tag}")
        print(f"{'':<{w}}  {c.statement}  (instances: {', '.join(c.kinds)})")
    print()
    print(_CLAIMS_LEGEND, end="")
    return 0


def _write_cert(path, cert) -> None:
    if not path:
        return
    if cert is None:
        raise InputError("--cert: the verdict is undetermined: there is no certificate to write")
    tmp = f"{path}.tmp{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(cert, f, indent=1)
        os.replace(tmp, path)
    except OSError as e:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise InputError(f"--cert {path}: {e.strerror}") from None


def _cmd_check(args) -> int:
    from .printing import verdict_lines
    from .prove import check_bounded
    from .provers.registry import get_claim
    claim = get_claim(args.claim)
    v = check_bounded(claim, _load_limited(args.instance, args))
    _write_cert(args.cert, v.certificate)
    if args.json:
        print(json.dumps(v.to_dict(), indent=1))
    else:
        print("\n".join(verdict_lines(v)))
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
    from .provers.registry import claims, get_claim
    ids = args.claims or claims()
    for cid in ids:
        get_claim(cid)  # unknown ids fail before any work is done
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        raise InputError("--jobs must be at least 1")
    limits = _limits(args)
    if args.out:
        from .outfiles import prepare_out_dir
        from .prove import CERT_FILE
        # refused or cleared before any claim runs (--force: only the certificate files of
        # the claims of this run); the files are written at the end, all or none
        mine = set(ids)
        prepare_out_dir(args.out, args.force,
                        lambda rel: CERT_FILE.fullmatch(rel) is not None and rel.split("/")[0] in mine)
    results = prove(ids, jobs=jobs, out_dir=args.out, progress=None if args.json else _progress,
                    limits=limits)
    if args.json:
        print(json.dumps({"claims": [{k: r[k] for k in ("id", "verdict", "instances", "seconds",
                                                        "reason", "counterexample", "kind")} for r in results]},
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
    from .landscape.classify import classify_instance
    from .printing import classification_lines
    c = classify_instance(_load_limited(args.instance, args))
    _write_cert(args.cert, c.certificate)
    if args.json:
        print(json.dumps({"verdict": c.verdict, "critical": c.critical,
                          "inertia": list(c.inertia) if c.inertia else None,
                          "loss": str(c.loss), "reason": c.reason, "certificate": c.certificate}, indent=1))
    else:
        print("\n".join(classification_lines(c)))
    return 0


def _cmd_verify(args) -> int:
    from .certificates.check import MAX_PARAMS as CHECK_MAX_PARAMS
    from .certificates.check import CertificateError, check_certificate
    from .instances import read_json
    from .limits import check_limits
    cert = wrapper = read_json(args.certificate)
    if isinstance(cert, dict) and "format" not in cert and isinstance(cert.get("certificate"), dict):
        cert = cert["certificate"]   # what `check --json` and `classify --json` print
    else:
        wrapper = None
    max_params, max_memory = _limits(args)
    # The checker's hyper-dual Hessian is far slower than the prover (~n^3.5): its own
    # limit applies unless --max-params is given. Too large is a refusal (exit 2), not
    # a rejected certificate.
    cap = CHECK_MAX_PARAMS if max_params is None else max_params
    if isinstance(cert, dict):  # the untrusted instance gets the same limits as a file
        e = check_limits(cert.get("instance"), max_params, max_memory,
                         where=f"{args.certificate}: certificate instance")
        if e is not None and e.params > cap:
            raise InputError(f"{args.certificate}: certificate instance {e.what} has {e.params:,} "
                             f"parameters; independent re-checking is limited to {cap:,} "
                             f"(--max-params; its hyper-dual Hessian costs ~n^3.5)")
    try:
        res = check_certificate(cert, max_params=cap)
        if wrapper is not None:
            _check_wrapper(wrapper, cert)
    except CertificateError as e:
        print(f"REJECTED: {e}")
        return 1
    verdict = f" ({cert['verdict']})" if isinstance(cert.get("verdict"), str) else ""
    print(f"OK: {res['claim']} {res['status']}{verdict} ({res['facts']} facts re-verified independently)")
    return 0


def _check_wrapper(wrapper: dict, cert: dict) -> None:
    """What `check --json` / `classify --json` print around a certificate must be what the
    (re-verified) certificate says: a field that cannot be tied to it is refused."""
    from .certificates.check import CertificateError, independent_evaluate
    from .provers.registry import get_claim
    if "verdict" in wrapper:      # classify --json
        if cert.get("claim") != "CLASSIFY":
            raise CertificateError(f"a printed verdict around a certificate of {cert.get('claim')!r}")
        inst = cert["instance"]
        args = [inst["model"], ["lit", inst["X"]], ["lit", inst["Y"]], [["lit", w] for w in inst["weights"]]]
        reason = cert.get("detail")
        if cert.get("verdict") == "not critical":   # classify adds the gradient's largest entry
            largest = max(abs(g[0]) for g in independent_evaluate(["grad", *args], {}))
            reason = f"{reason} (largest entry {largest} in absolute value)"
        want = {"verdict": cert.get("verdict"), "critical": cert.get("verdict") != "not critical",
                "inertia": cert.get("inertia"), "loss": str(independent_evaluate(["loss", *args], {})),
                "reason": reason, "certificate": cert}
    else:                         # check --json (Verdict.to_dict)
        claim = get_claim(cert["claim"])
        finding = claim.finding or ("as-written statement" if claim.as_written else "")
        want = {"id": cert["claim"], "status": cert["status"], "reason": cert.get("reason"),
                "finding": finding or None, "kind": cert.get("kind", "exact"),
                "counterexample": cert["instance"] if cert["status"] == "fails" else None, "certificate": cert}
    for key in set(wrapper) | set(want):
        if json.dumps(wrapper.get(key), sort_keys=True) != json.dumps(want.get(key), sort_keys=True):
            raise CertificateError(f"the printed {key} {str(wrapper.get(key))[:60]!r} is not what the "
                                   f"certificate says ({str(want.get(key))[:60]!r})")


def _cmd_paths(args) -> int:
    from .models import make_network
    from .paths import path_count, path_sum
    from .printing.figures import active_edges
    if args.draw:   # before any work or output: a bad --draw used to fail after printing
        from .outfiles import check_out_file
        check_out_file(args.draw, "--draw")
        if os.path.splitext(args.draw)[1].lower() not in (".svg", ".png", ".pdf", ""):
            raise InputError(f"--draw {args.draw}: the file name must end in .svg, .png or .pdf")
    inst = _load_limited(args.instance, args)   # the same reader and limits as check/classify
    if inst.model != "relu":
        raise InputError(f"paths needs a relu instance, not {inst.model!r}")
    if inst.weights is None:
        raise InputError("paths needs a point: the instance has no \"weights\"")
    net = make_network("relu", inst.widths, inst.env["X"], inst.env["Y"], q=inst.env["q"].flint[0, 0])
    if not 1 <= args.sample <= net.m:
        raise InputError(f"--sample {args.sample} is outside 1..{net.m}")
    psi = path_count(net.widths)
    ps, out = path_sum(net, inst.weights), net.output(inst.weights)
    if args.draw:   # drawn first: a failure prints nothing on stdout
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise InputError("--draw needs matplotlib: pip install 'symlandscape[figures]'") from None
        from .printing.figures import draw_path_graph
        try:
            draw_path_graph(net, inst.weights, args.draw, args.sample)
        except (OSError, ValueError) as e:
            raise InputError(f"--draw {args.draw}: {e}") from None
    print(f"widths {net.widths}: Psi = {psi} input-output paths per output, {psi * net.widths[-1]} in all")
    print(f"edges on active paths at sample {args.sample}: {len(active_edges(net, inst.weights, args.sample))}")
    print(f"eq (5) path sum = forward pass: {'yes' if ps == out else 'NO'} (exact, all samples)")
    if args.draw:
        print(f"wrote {args.draw}")
    return 0 if ps == out else 1


def _cmd_docs(args) -> int:
    from .docsgen import write_docs
    paths = write_docs(args.out, force=args.force)
    for p in paths:
        print(p)
    return 0


# ---- exercises ----
def _cmd_exercise(args) -> int:
    from .exercises import get_topic, topics
    from .exercises.sheet import compile_pdf, exercise_text, sheet_latex, write_pdf
    from .outfiles import check_out_file, write_text
    if args.list:
        if args.topic is not None:
            raise InputError("exercise --list takes no topic")
        ts = topics()
        w = max(len(t.name) for t in ts)
        for t in ts:
            print(f"{t.name:<{w}}  {t.title}")
        return 0
    if args.topic is None or args.seed is None:
        raise InputError("exercise needs a TOPIC and --seed N (or --list)")
    if args.pdf and not args.out:
        raise InputError("--pdf needs -o FILE.pdf")
    if args.pdf and not args.out.endswith(".pdf"):   # PDF bytes in x.tex would be a trap
        raise InputError(f"-o {args.out}: with --pdf the file name must end in .pdf")
    if args.out is not None:
        check_out_file(args.out)   # a missing directory, a directory: refused before any work
    ex = get_topic(args.topic).generate(args.seed)
    if args.pdf:
        write_pdf(args.out, compile_pdf(sheet_latex([ex], title=ex.title, solutions=args.solution)))
        print(f"wrote {args.out}")
        return 0
    text = (sheet_latex([ex], title=ex.title, solutions=args.solution) if args.latex
            else exercise_text(ex, args.solution) + "\n")
    if args.out:
        write_text(args.out, text)
        print(f"wrote {args.out}")
    else:
        print(text, end="")
    return 0


def _grade_argv(argv: list) -> list:
    """``grade TOPIC --seed N ANSWER``: argparse cannot give a second positional after an
    option, so the positionals of ``grade`` go first (after ``--`` everything is positional,
    for answers such as ``-1/2``)."""
    if not argv or argv[0] != "grade":
        return argv
    pos, opts, rest = [], [], argv[1:]
    i = 0
    while i < len(rest):
        a = rest[i]
        if a == "--":
            pos += rest[i + 1:]
            break
        if a in ("--seed", "--file", "--topics") and i + 1 < len(rest):
            opts += [a, rest[i + 1]]
            i += 2
            continue
        (opts if a.startswith("-") and len(a) > 1 and not _looks_numeric(a) else pos).append(a)
        i += 1
    return ["grade", *opts, "--", *pos] if pos else ["grade", *opts]


def _looks_numeric(a: str) -> bool:
    return a[0] == "-" and len(a) > 1 and (a[1].isdigit() or a[1] in ".([")


def _read_answer_file(path: str) -> str:
    try:
        if os.path.isdir(path):
            raise InputError(f"{path}: is a directory, not a file")
        # read at most 1 MB + 1 byte: getsize is 0 for /dev/zero, a pipe or /proc files,
        # and a whole read of /dev/zero never ends
        with open(path, encoding="utf-8") as f:
            text = f.read(1_000_001)
        if len(text) > 1_000_000:
            raise InputError(f"{path}: larger than 1 MB")
        return text
    except OSError as e:
        raise InputError(f"{path}: {e.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None


def _sheet_answers(text: str, names: list) -> list:
    s = text.strip()
    if s.startswith("{"):
        try:
            data = json.loads(s)
        except ValueError as e:
            raise InputError(f"--file: not a JSON object: {e}") from None
        except RecursionError:   # [[[[...]]]]: bad input, not a resource limit
            raise InputError("--file: JSON nested too deeply") from None
        if not isinstance(data, dict):
            raise InputError("--file: expected a JSON object")
        out = []
        for i, name in enumerate(names, 1):
            v = data.get(str(i), data.get(name))
            if v is not None and not isinstance(v, str):
                raise InputError(f"--file: the answer to exercise {i} must be a string")
            out.append(v)
        return out
    lines = text.splitlines()
    return [lines[i] if i < len(lines) and lines[i].strip() else None for i in range(len(names))]


def _cmd_grade(args) -> int:
    from .exercises import get_topic
    from .exercises.sheet import sheet_exercises
    if args.topics:
        if args.answer is not None or args.file is None:
            raise InputError("grade --topics reads the answers from --file FILE (no TOPIC or ANSWER)")
        if args.topic is not None:
            raise InputError("grade --topics takes no TOPIC")
        names = [t.strip() for t in args.topics.split(",") if t.strip()]
        exs = sheet_exercises(names, args.seed)
        answers = _sheet_answers(_read_answer_file(args.file), names)
        worst = 0
        for i, (ex, ans) in enumerate(zip(exs, answers), 1):
            head = f"exercise {i} ({ex.topic}, seed {ex.seed})"
            if ans is None:
                print(f"{head}: no answer")
                worst = max(worst, 1)
                continue
            g = get_topic(ex.topic).grade(ex, ans)
            print(f"{head}: {g.status}" + ("" if g.correct else f": {g.message}"))
            worst = max(worst, {"correct": 0, "incorrect": 1, "unparseable": 2}[g.status])
        return worst
    if args.topic is None:
        raise InputError("grade needs a TOPIC (or --topics with --file)")
    if (args.answer is None) == (args.file is None):
        raise InputError("grade needs exactly one of ANSWER and --file FILE")
    answer = args.answer if args.file is None else _read_answer_file(args.file)
    t = get_topic(args.topic)
    g = t.grade(t.generate(args.seed), answer)
    if g.status == "unparseable":
        raise InputError(g.message)
    print(g.message if g.correct else f"incorrect: {g.message}")
    return 0 if g.correct else 1


def _cmd_sheet(args) -> int:
    from .exercises.sheet import compile_pdf, moodle_xml, sheet_exercises, sheet_latex
    from .outfiles import check_out_file, write_out_files
    if not args.out and not args.moodle:
        raise InputError("sheet needs -o FILE.tex and/or --moodle FILE.xml")
    if args.pdf and not args.out:
        raise InputError("--pdf needs -o FILE.tex")
    if len(args.title) > 200 or not args.title.isprintable():
        # a title is one short line: a control character or a newline breaks \section*{...}
        raise InputError("--title must be one line of at most 200 printable characters")
    names = [t.strip() for t in args.topics.split(",") if t.strip()]
    base = (args.out[:-4] if args.out.endswith(".tex") else args.out) if args.out else None
    # every output path checked before any work (a bad --moodle used to leave the .tex files
    # written, a missing directory was created)
    paths = ([(args.out, "-o"), (f"{base}-solutions.tex", "-o")] if args.out else []) + \
        ([(args.moodle, "--moodle")] if args.moodle else []) + \
        ([(f"{base}.pdf", "--pdf"), (f"{base}-solutions.pdf", "--pdf")] if args.pdf else [])
    seen = set()
    for p, opt in paths:
        full = os.path.realpath(check_out_file(p, opt))
        if full in seen:   # e.g. --moodle x-solutions.tex: one output would overwrite another
            raise InputError(f"two outputs go to the same file {p}")
        seen.add(full)
    exs = sheet_exercises(names, args.seed)
    items = []
    if args.out:
        tex, sol = sheet_latex(exs, args.title), sheet_latex(exs, args.title, solutions=True)
        items += [(args.out, tex, "-o"), (f"{base}-solutions.tex", sol, "-o")]
    if args.moodle:
        items.append((args.moodle, moodle_xml(exs), "--moodle"))
    if args.pdf:   # compile first: a LaTeX failure writes nothing
        items += [(f"{base}.pdf", compile_pdf(tex), "--pdf"), (f"{base}-solutions.pdf", compile_pdf(sol), "--pdf")]
    write_out_files(items)   # all or nothing
    for path, *_ in items:
        print(f"wrote {path}")
    return 0
# ---- end exercises ----


_COMMANDS = {"claims": _cmd_claims, "check": _cmd_check, "prove": _cmd_prove,
             "classify": _cmd_classify, "verify": _cmd_verify, "docs": _cmd_docs, "paths": _cmd_paths,
             "exercise": _cmd_exercise, "grade": _cmd_grade, "sheet": _cmd_sheet}


# ---- latex ----
def _cmd_latex(args) -> int:
    from .printing.derivation import claim_derivation, derivation, derivation_document
    from .provers.registry import get_claim
    if args.pdf and not args.out:
        raise InputError("--pdf needs -o FILE.tex (the PDF is written next to it)")
    if args.out is not None and not args.out.endswith(".tex"):
        raise InputError(f"-o {args.out}: the file name must end in .tex")
    if args.out is not None:
        from .outfiles import check_out_file
        check_out_file(args.out)   # before any work; a missing directory is not created
        if args.pdf:
            check_out_file(args.out[:-4] + ".pdf", "--pdf")
    if args.claim is not None:   # `--claim ''` is an unknown claim, not "no claim"
        get_claim(args.claim)   # an unknown id fails before any work
    inst = _load_limited(args.instance, args)
    label = inst.name or os.path.basename(args.instance)
    if args.claim is not None:
        tex = derivation_document(claim_derivation(args.claim, inst), f"{args.claim} on: {label}")
    else:
        tex = derivation_document(derivation(inst), label)
    if args.out is None:
        sys.stdout.write(tex)
        return 0
    from .outfiles import write_files
    items = [(os.path.basename(args.out), tex)]
    if args.pdf:
        from .printing.pdf import compile_pdf
        items.append((os.path.basename(args.out)[:-4] + ".pdf", compile_pdf(tex).pdf))  # before writing
    for path in write_files(os.path.dirname(os.path.abspath(args.out)), items):
        print(f"wrote {path}")
    return 0


_COMMANDS["latex"] = _cmd_latex
# ---- end latex ----
