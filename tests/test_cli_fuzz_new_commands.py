"""The newer commands (``latex``, ``exercise``, ``grade``, ``sheet``, ``paths --draw``, ``docs``)
on hostile and malformed input: exit code 2 with exactly one line on stderr and nothing on
stdout, never a traceback or a hang, nothing half-written (the output directory is checked
afterwards), exit code 1 only where defined (``grade``: an incorrect answer).

The companion of ``tests/test_cli_fuzz.py`` (the older commands). Most runs are in-process
(``symlandscape.cli.main``); a few go through ``python -m symlandscape`` under an address-space
limit of 4 GB to see the real stderr and exit code. Every case marked "was:" is a bug this
file found (the exact input), fixed at its root.
"""

import contextlib
import copy
import glob
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import flint
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symlandscape.cli import main
from symlandscape.exact.numbers import WorkLimitExceeded
from symlandscape.exercises import topics
from symlandscape.exercises.sheet import MAX_EXERCISES
from symlandscape.landscape.spectral import MAX_SQRT_PARTS_BITS, sqrt_parts
from symlandscape.printing.figures import MAX_DRAW_EDGES

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "examples"
SADDLE = str(EX / "deep_linear_saddle.json")
RELU = str(EX / "relu_path5.json")
TOPICS = [t.name for t in topics()]
EXAMPLES = sorted(glob.glob(str(EX / "*.json")))

FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


def run(argv):
    """Run the CLI in-process; (exit code, stdout, stderr). An escaping exception fails."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = main(list(argv))
        except SystemExit as e:  # argparse --help only
            rc = e.code
        except BaseException as e:  # noqa: BLE001
            pytest.fail(f"uncaught {type(e).__name__} for {[a[:60] for a in argv]!r}: {str(e)[:200]}")
    return rc, out.getvalue(), err.getvalue()


def run_capped(*argv, timeout=120):
    """``python -m symlandscape`` under RLIMIT_AS = 4 GB (a hang fails by the timeout)."""
    def cap():
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (4 * 2 ** 30, 4 * 2 ** 30))
    p = subprocess.run([sys.executable, "-m", "symlandscape", *argv], capture_output=True, text=True,
                       timeout=timeout, cwd=ROOT, preexec_fn=cap,
                       env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    return p.returncode, p.stdout, p.stderr


def assert_bad_input(rc, out, err, *fragments):
    assert rc == 2, (rc, out[:300], err[:300])
    assert out == "", out[:300]
    assert "Traceback" not in err
    assert err.endswith("\n") and err.count("\n") == 1 and "\r" not in err, repr(err[:300])
    assert err.startswith("symlandscape: error: "), err
    for f in fragments:
        assert f in err, (f, err)


def listing(d) -> list:
    """Every path under ``d`` (temporary files included), to see that nothing was written."""
    return sorted(str(p.relative_to(d)) for p in Path(d).rglob("*"))


def instance(tmp_path, obj, name="inst.json") -> str:
    p = tmp_path / name
    p.write_text(obj if isinstance(obj, str) else json.dumps(obj), encoding="utf-8")
    return str(p)


# -- hand-picked arguments: refused, and nothing appears in the working directory ---------------
BAD_ARGV = [
    # latex
    ["latex", "{d}/no.json"], ["latex", "{d}"], ["latex", ""], ["latex", SADDLE, "-o", "{d}"],
    ["latex", SADDLE, "-o", "{d}/x.pdf"], ["latex", SADDLE, "-o", "{d}/sub.tex/"],
    ["latex", SADDLE, "-o", "{d}/missing/x.tex"],                # was: created {d}/missing
    ["latex", SADDLE, "-o", "{d}/missing/x.tex", "--pdf"],
    ["latex", SADDLE, "--claim", ""],                            # was: exit 0, the whole document
    ["latex", SADDLE, "--claim", "kron-1"], ["latex", SADDLE, "--claim", "KRON-1"],
    ["latex", SADDLE, "--claim", "BH-7\nX"], ["latex", SADDLE, "--max-params", "0"],
    ["latex", SADDLE, "--max-memory", "1"], ["latex", SADDLE, "--max-memory", "-5G"],
    ["latex", "{d}/a\nb.json"],                                  # a newline in the echoed path
    # exercise
    ["exercise", "kron-vec", "--seed", str(10 ** 100)], ["exercise", "kron-vec", "--seed", "-1"],
    ["exercise", "kron-vec", "--seed", "1.5"], ["exercise", "kron-vec", "--seed", "1e5"],
    ["exercise", "kron-vec", "--seed", "9" * 5000], ["exercise", "kron-vec", "--seed", "0x10"],
    ["exercise", "kron-vec", "--seed", ""], ["exercise", "nope", "--seed", "1"],
    ["exercise", "", "--seed", "1"], ["exercise", "KRON-VEC", "--seed", "1"],
    ["exercise", "kron-vec\n", "--seed", "1"], ["exercise", "--list", "kron-vec"],
    ["exercise", "kron-vec", "--seed", "1", "-o", "{d}"],
    ["exercise", "kron-vec", "--seed", "1", "-o", "{d}/missing/x.txt"],      # was: created it
    ["exercise", "kron-vec", "--seed", "1", "--pdf", "-o", "{d}/missing/x.pdf"],  # was: created it
    ["exercise", "kron-vec", "--seed", "1", "--pdf", "-o", "{d}/x.tex"],     # was: PDF bytes in x.tex
    ["exercise", "kron-vec", "--seed", "1", "--pdf"],
    # grade
    ["grade", "kron-vec", "--seed", "1"], ["grade", "kron-vec", "--seed", "1", "1", "--file", "{d}/a"],
    ["grade", "kron-vec", "--seed", "1", "--file", "{d}"], ["grade", "kron-vec", "--seed", "1", "--file", "{d}/no"],
    ["grade", "kron-vec", "--seed", "1", "--file", "/dev/zero"],            # was: read forever
    ["grade", "kron-vec", "--seed", "1", "x" * 1_000_000], ["grade", "kron-vec", "--seed", "1", "9**9**9"],
    ["grade", "kron-vec", "--seed", "1", "__import__('os').system('true')"],
    ["grade", "global-min", "--seed", "1", "1/0"], ["grade", "global-min", "--seed", "1", "\x00"],
    ["grade", "global-min", "--seed", "1", "1e400"], ["grade", "global-min", "--seed", "1", "(" * 10_000],
    ["grade", "global-min", "--seed", "1", "-" * 10_000 + "1"], ["grade", "global-min", "--seed", "1", "0.1" + "1" * 100],
    ["grade", "global-min", "--seed", str(10 ** 100), "1"], ["grade", "global-min", "--seed", "-3", "1"],
    ["grade", "nope", "--seed", "1", "1"], ["grade", "--seed", "1", "1"],
    ["grade", "--topics", "kron-vec", "--seed", "1", "1"], ["grade", "--topics", "kron-vec", "--seed", "1"],
    ["grade", "--topics", ",,,", "--seed", "1", "--file", "{d}/a"],
    ["grade", "--topics", "kron-vec,nope", "--seed", "1", "--file", "{d}/a"],
    ["grade", "--topics", ",".join(["kron-vec"] * 100_000), "--seed", "1", "--file", "{d}/a"],  # was: 150 s
    ["grade", "--topics", "global-min,global-min", "--seed", "999999999", "--file", "{d}/a"],
    # sheet
    ["sheet", "--topics", "kron-vec", "--seed", "1"],
    ["sheet", "--topics", "kron-vec", "--seed", "1", "-o", "{d}"],
    ["sheet", "--topics", "kron-vec", "--seed", "1", "-o", "{d}/missing/s.tex"],     # was: created it
    ["sheet", "--topics", "kron-vec", "--seed", "1", "-o", "{d}/s.tex", "--moodle", "{d}/missing/q.xml"],
    ["sheet", "--topics", "kron-vec", "--seed", "1", "-o", "{d}/s.tex", "--moodle", "{d}"],
    ["sheet", "--topics", "kron-vec", "--seed", "1", "-o", "{d}/s.tex", "--moodle", "{d}/s-solutions.tex"],
    ["sheet", "--topics", "kron-vec", "--seed", "1", "-o", "{d}/s.tex", "--moodle", "{d}/s.tex"],
    ["sheet", "--topics", "kron-vec", "--seed", "1", "--moodle", "{d}/q.xml", "--pdf"],
    ["sheet", "--topics", "kron-vec", "--seed", "1", "-o", "{d}/s.tex", "--title", "a\nb"],
    ["sheet", "--topics", "kron-vec", "--seed", "1", "-o", "{d}/s.tex", "--title", "x" * 100_000],
    ["sheet", "--topics", "kron-vec", "--seed", "1", "-o", "{d}/s.tex", "--title", "\x00\x07"],
    ["sheet", "--topics", "nope", "--seed", "1", "-o", "{d}/s.tex"],
    ["sheet", "--topics", "", "--seed", "1", "-o", "{d}/s.tex"],
    ["sheet", "--topics", "kron-vec", "--seed", "-5", "-o", "{d}/s.tex"],
    ["sheet", "--topics", "kron-vec", "--seed", str(10 ** 30), "-o", "{d}/s.tex"],
    ["sheet", "--topics", ",".join(["moment"] * (MAX_EXERCISES + 1)), "--seed", "1", "-o", "{d}/s.tex"],
    # paths --draw, docs
    ["paths", RELU, "--draw", "{d}/missing/g.svg"],     # was: created it
    ["paths", RELU, "--draw", "{d}/g.foo"],             # was: stdout printed, then exit 2
    ["paths", RELU, "--draw", "{d}"],                   # was: stdout printed, a temporary name in the message
    ["paths", RELU, "--sample", str(10 ** 100)], ["paths", RELU, "--sample", "0"],
    ["paths", SADDLE], ["docs", "--out", "{d}/a"],
]


@pytest.mark.parametrize("argv", BAD_ARGV, ids=lambda a: " ".join(a)[:50].replace("\n", "\\n"))
def test_bad_arguments(tmp_path, argv, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").write_text("1\n", encoding="utf-8")     # a file where --out DIR wants a directory
    before = listing(tmp_path)
    assert_bad_input(*run([a.replace("{d}", str(tmp_path)) for a in argv]))
    assert listing(tmp_path) == before


def test_messages_name_the_problem(tmp_path):
    d = str(tmp_path)
    assert_bad_input(*run(["latex", SADDLE, "--claim", ""]), "unknown claim ''")
    assert_bad_input(*run(["latex", SADDLE, "-o", f"{d}/missing/x.tex"]), "missing", "does not exist")
    assert_bad_input(*run(["sheet", "--topics", "kron-vec", "--seed", "1", "-o", f"{d}/s.tex",
                           "--moodle", f"{d}/s-solutions.tex"]), "same file")
    assert_bad_input(*run(["grade", "kron-vec", "--seed", "1", "--file", "/dev/zero"]), "larger than 1 MB")
    assert_bad_input(*run(["latex", f"{d}/a\nb.json"]), "a\\nb.json")


# -- the fixed bugs, beyond exit code 2 ------------------------------------------------------------
def test_sheet_bad_moodle_writes_no_tex(tmp_path):
    # was: s.tex and s-solutions.tex written, then the --moodle failure (half the output)
    q = tmp_path / "q.xml"
    q.mkdir()
    assert_bad_input(*run(["sheet", "--topics", "kron-vec", "--seed", "1", "-o", str(tmp_path / "s.tex"),
                           "--moodle", str(q)]), "--moodle")
    assert listing(tmp_path) == ["q.xml"]


def test_sheet_all_outputs_together(tmp_path):
    rc, out, err = run(["sheet", "--topics", "kron-vec,moment", "--seed", "3", "-o", str(tmp_path / "s.tex"),
                        "--moodle", str(tmp_path / "q.xml")])
    assert rc == 0 and err == "" and out.count("wrote") == 3
    assert listing(tmp_path) == ["q.xml", "s-solutions.tex", "s.tex"]


def test_grade_sheet_deep_json_is_bad_input(tmp_path):
    # was: "resource limit, not bad input: recursion too deep" for a file of brackets
    f = instance(tmp_path, '{"1": ' + "[" * 100_000 + "]" * 100_000 + "}", "a.json")
    assert_bad_input(*run(["grade", "--topics", "kron-vec", "--seed", "1", "--file", f]), "nested too deeply")


def test_paths_draw_refuses_a_big_graph_before_drawing(tmp_path):
    w = [2, 50, 50, 1]     # 2,650 edges > MAX_DRAW_EDGES, 2,650 parameters (within --max-params)
    assert sum(a * b for a, b in zip(w, w[1:])) > MAX_DRAW_EDGES
    W = [[[(u + v) % 3 - 1 for v in range(w[k])] for u in range(w[k + 1])] for k in range(3)]
    f = instance(tmp_path, {"model": "relu", "widths": w, "X": [[1, 2], [-1, 1]], "Y": [[1, 0]],
                            "q": "1/2", "weights": W})
    assert_bad_input(*run(["paths", f, "--draw", str(tmp_path / "g.svg")]), "edges")
    assert not (tmp_path / "g.svg").exists()


def test_sqrt_parts_limit():
    # was: latex on the AW-001-TRUNC counterexample with X[0][1] = 10**40 hung factoring
    # p q in sqrt_parts. Within the limit the parts are checked by squaring back.
    for v in (flint.fmpq(9, 20), flint.fmpq(2 ** 40 * 3, 7 ** 3), flint.fmpq(10 ** 20 + 7, 12)):
        b, c = sqrt_parts(v)
        assert b * b * c == v and all(c % (p * p) for p in range(2, 200))
    with pytest.raises(WorkLimitExceeded):
        sqrt_parts(flint.fmpq(2 ** (MAX_SQRT_PARTS_BITS + 1) + 1))


def test_latex_huge_entry_does_not_hang():
    d = json.loads((EX / "ysj_trunc_counterexample.json").read_text())
    d["X"][0][1] = 10 ** 40
    p = ROOT / ".pytest-cli-fuzz-trunc.json"
    try:
        p.write_text(json.dumps(d))
        rc, out, err = run_capped("latex", str(p), timeout=240)
    finally:
        p.unlink()
    assert rc == 0 and err == "" and out.rstrip().endswith(r"\end{document}"), err


# -- real entry point under RLIMIT_AS = 4 GB -------------------------------------------------------
@pytest.mark.parametrize("argv", [
    ["latex", "{d}/wide.json"],
    ["grade", "kron-vec", "--seed", "1", "--file", "/dev/zero"],
    ["grade", "--topics", ",".join(["moment"] * 15_000), "--seed", "1", "--file", "/dev/null"],
    ["exercise", "moment", "--seed", "9" * 100_000],
    ["sheet", "--topics", "moment", "--seed", "1", "-o", "{d}/missing/s.tex"],
], ids=["latex-2000x2000", "grade-dev-zero", "grade-15000-topics", "seed-100000-digits", "sheet-missing-dir"])
def test_real_entry_point_capped(tmp_path, argv):
    instance(tmp_path, {"model": "deep_linear", "widths": [2000, 2000],
                        "X": [[1]] * 2000, "Y": [[1]] * 2000}, "wide.json")
    before = listing(tmp_path)
    assert_bad_input(*run_capped(*[a.replace("{d}", str(tmp_path)) for a in argv], timeout=120))
    assert listing(tmp_path) == before


# -- hypothesis: mutated instances through latex ------------------------------------------------
LEAF = st.one_of(st.integers(-3, 3), st.integers(min_value=2 ** 60, max_value=2 ** 70),
                 st.sampled_from(["1/0", "abc", "0.5", "-0", "1e5", "", "1/" + "9" * 40, "nan", "Infinity"]),
                 st.none(), st.booleans(), st.just([]), st.just([[]]), st.just({}), st.just([[1, 2], [3]]))


def _paths(o, path=()):
    if path:
        yield path
    if isinstance(o, dict):
        for k, v in o.items():
            yield from _paths(v, path + (k,))
    elif isinstance(o, list):
        for i, v in enumerate(o):
            yield from _paths(v, path + (i,))


@st.composite
def mutated(draw):
    d = json.loads(Path(draw(st.sampled_from(EXAMPLES))).read_text())
    for _ in range(draw(st.integers(1, 3))):
        ps = list(_paths(d))
        if not ps:
            break
        p = draw(st.sampled_from(ps))
        cur = d
        for k in p[:-1]:
            cur = cur[k]
        if isinstance(cur, dict) and draw(st.booleans()):
            del cur[p[-1]]
        else:
            cur[p[-1]] = copy.deepcopy(draw(LEAF))
    return d


@FUZZ
@given(mutated(), st.sampled_from([None, "BH-7", "KAW-4", "KRON-1", "AW-001-TRUNC", "NOPE"]))
def test_fuzz_latex_mutated_instances(tmp_path, d, claim):
    f = instance(tmp_path, d)
    rc, out, err = run(["latex", f] + (["--claim", claim] if claim else []))
    if rc == 0:
        assert err == "" and out.startswith("\\documentclass") and out.rstrip().endswith(r"\end{document}")
    else:
        assert_bad_input(rc, out, err)


@FUZZ
@given(st.text(max_size=300))
def test_fuzz_latex_arbitrary_file_text(tmp_path, text):
    f = instance(tmp_path, text)
    assert_bad_input(*run(["latex", f, "-o", str(tmp_path / "out.tex")]), "inst.json")
    assert not (tmp_path / "out.tex").exists()


# -- hypothesis: grading arbitrary answers -----------------------------------------------------------
ANSWER = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="0123456789+-*/()[], .s_", max_size=80),
    st.builds(lambda n, s: s * n, st.integers(1, 3000), st.sampled_from(["(", "[", "-", "9", "**9", "[1,"])),
    st.sampled_from(["[[1, 0], [0, 1]]", "0", "-1/2", "saddle", "sqrt(2)", "sqrt(-1)", "1_000", "0x10",
                     "1j", "True", "None", "'1'", "b'1'", "f'{1}'", "[1 for x in []]", "lambda: 0",
                     "().__class__", "s**s", "2**-13", "(1/3)**12", "[[]]", "[]", "1,", "*a"]))


@FUZZ
@given(st.sampled_from(TOPICS), st.integers(0, 10 ** 9 - 1), ANSWER)
def test_fuzz_grade_answers(topic, seed, answer):
    rc, out, err = run(["grade", topic, "--seed", str(seed), "--", answer])
    assert rc in (0, 1, 2), rc
    if rc == 2:
        assert_bad_input(rc, out, err)
    else:
        assert err == "" and out.endswith("\n")
        assert out.startswith("incorrect: ") == (rc == 1)


@FUZZ
@given(st.integers(), st.sampled_from(TOPICS))
def test_fuzz_seeds(seed, topic):
    rc, out, err = run(["exercise", topic, "--seed", str(seed)])
    if 0 <= seed < 10 ** 9:
        assert rc == 0 and err == "" and f"seed {seed}" in out
    else:
        assert_bad_input(rc, out, err, "seed")


@FUZZ
@given(st.lists(st.sampled_from(TOPICS), min_size=1, max_size=4),
       st.one_of(st.text(max_size=200), st.dictionaries(st.sampled_from(["1", "2", "3", "kron-vec", "x"]),
                                                         st.one_of(st.text(max_size=20), st.integers(), st.none(),
                                                                   st.lists(st.integers(), max_size=2)))
                 .map(json.dumps)))
def test_fuzz_grade_sheet_files(tmp_path, names, text):
    f = instance(tmp_path, text, "answers.txt")
    rc, out, err = run(["grade", "--topics", ",".join(names), "--seed", "4", "--file", f])
    assert rc in (0, 1, 2)
    if rc == 2 and err:
        assert_bad_input(rc, out, err)
    else:   # one line per exercise; exit 2 without stderr: an unreadable answer on the sheet
        assert err == "" and out.count("\n") == len(names)


@FUZZ
@given(st.text(max_size=40), st.lists(st.sampled_from(TOPICS), min_size=1, max_size=3))
def test_fuzz_sheet_titles(tmp_path_factory, title, names):
    d = tmp_path_factory.mktemp("sheet")
    rc, out, err = run(["sheet", "--topics", ",".join(names), "--seed", "2", "--title", title,
                        "-o", str(d / "s.tex"), "--moodle", str(d / "q.xml")])
    if rc == 0:
        assert err == "" and listing(d) == ["q.xml", "s-solutions.tex", "s.tex"]
        assert title.isprintable()
    else:
        assert_bad_input(rc, out, err, "--title")
        assert listing(d) == []


def test_grade_exit_1_only_for_a_wrong_answer():
    # independent of the grader: a number that cannot be the global minimum (a loss is >= 0)
    rc, out, err = run(["grade", "global-min", "--seed", "1", "-1"])
    assert rc == 1 and out.startswith("incorrect") and err == ""


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only directory")
@pytest.mark.parametrize("argv", [["latex", SADDLE, "-o", "{d}/x.tex"],
                                  ["exercise", "moment", "--seed", "1", "-o", "{d}/x.txt"],
                                  ["sheet", "--topics", "moment", "--seed", "1", "-o", "{d}/s.tex"]],
                         ids=["latex", "exercise", "sheet"])
def test_read_only_directory(tmp_path, argv):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        assert_bad_input(*run([a.replace("{d}", str(ro)) for a in argv]), "not writable")
        assert listing(ro) == []
    finally:
        ro.chmod(0o755)


def test_existing_output_file_is_replaced_whole(tmp_path):
    # no --force on these commands: an existing regular file is replaced atomically, and a
    # failure before writing leaves it as it was
    f = tmp_path / "x.tex"
    f.write_text("old")
    assert_bad_input(*run(["latex", str(EX / "relu_path5.json"), "-o", str(f), "--claim", "NOPE"]))
    assert f.read_text() == "old"
    rc, out, err = run(["latex", SADDLE, "-o", str(f)])
    assert rc == 0 and err == "" and f.read_text().startswith("\\documentclass")
    assert listing(tmp_path) == ["x.tex"]
