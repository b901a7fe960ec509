"""The command line on bad input: exit code 2, exactly one line on stderr, nothing on stdout,
never a traceback. Most runs are in-process (``symlandscape.cli.main``) for speed; a few go
through ``python -m symlandscape`` to cover the real entry point."""

import contextlib
import copy
import glob
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symlandscape.cli import main
from symlandscape.exact.numbers import InputError
from symlandscape.instances import load_instance

ROOT = Path(__file__).resolve().parent.parent
INVALID = sorted(glob.glob(str(ROOT / "examples" / "invalid" / "*.json")))
GOOD = str(ROOT / "examples" / "kron_rank_deficient.json")

FUZZ = settings(max_examples=80, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

def run(argv):
    """Run the CLI in-process; return (exit code, stdout, stderr). Any escaping exception
    (a traceback for the user) fails the test."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = main(list(argv))
        except SystemExit as e:  # argparse --help/--version only
            rc = e.code
        except BaseException as e:  # noqa: BLE001
            pytest.fail(f"uncaught {type(e).__name__} for {argv!r}: {str(e)[:200]}")
    return rc, out.getvalue(), err.getvalue()


def run_subprocess(*argv, timeout=120):
    p = subprocess.run([sys.executable, "-m", "symlandscape", *argv], capture_output=True,
                       text=True, timeout=timeout, cwd=ROOT)
    return p.returncode, p.stdout, p.stderr


def assert_bad_input(rc, out, err, *fragments):
    assert rc == 2, (rc, out, err)
    assert out == "", out
    assert "Traceback" not in err
    assert err.endswith("\n") and err.count("\n") == 1 and "\r" not in err, repr(err)
    assert err.startswith("symlandscape: error: "), err
    for f in fragments:
        assert f in err, (f, err)


# -- every bad example file ------------------------------------------------------------------
@pytest.mark.parametrize("path", INVALID, ids=os.path.basename)
@pytest.mark.parametrize("command", [["check", "KRON-1"], ["classify"]], ids=" ".join)
def test_invalid_files_exit_2(command, path):
    # Every file is refused by the loader, so the message names the file.
    assert_bad_input(*run(command + [path]), os.path.basename(path))


@pytest.mark.parametrize("name", ["float_entry.json", "deep_nesting.json", "huge_json_integer.json",
                                  "long_digit_string.json", "unknown_key_with_newline.json"])
def test_invalid_files_real_entry_point(name):
    rc, out, err = run_subprocess("check", "KRON-1", f"examples/invalid/{name}")
    assert_bad_input(rc, out, err, name)


def test_long_numbers_are_exact_through_the_cli(tmp_path):
    # Beyond CPython's 4300-digit int/str limit, as a JSON integer and as strings.
    big = "7" * 5000
    p = tmp_path / "big.json"
    p.write_text('{"model": "matrices", "matrices": {"A": [[' + big + ', "1/' + big + '"]], '
                 '"B": [[1], ["0.' + big + '"]], "C": [[3, 0]]}}', encoding="utf-8")
    rc, out, err = run(["check", "KRON-1", str(p), "--json"])
    assert rc == 0 and err == "" and json.loads(out)["status"] == "holds"
    rc, out, err = run(["verify", _cert(tmp_path, json.loads(out)["certificate"])])
    assert rc == 0 and out.startswith("OK: KRON-1 holds"), (out, err)


def test_classify_large_data_at_zero_weights(tmp_path):
    p = tmp_path / "dl.json"
    p.write_text(json.dumps({"model": "deep_linear", "widths": [1, 1, 1], "X": [[2 ** 32]],
                             "Y": [[1]], "weights": [[[0]], [[0]]]}), encoding="utf-8")
    rc, out, err = run(["classify", str(p)])
    assert rc == 0 and "Traceback" not in err


def test_float_message_names_the_file_and_number():
    rc, out, err = run(["check", "KRON-1", str(ROOT / "examples/invalid/float_entry.json")])
    assert_bad_input(rc, out, err, "float_entry.json", "0.5", "float")


def test_malformed_json_message_has_line_and_column():
    rc, out, err = run(["check", "KRON-1", str(ROOT / "examples/invalid/malformed_truncated.json")])
    assert_bad_input(rc, out, err, "malformed JSON", "line 4 column 1")


# -- arguments --------------------------------------------------------------------------------
@pytest.mark.parametrize("argv", [
    ["check", "NO-SUCH-CLAIM", GOOD],
    ["check", "", GOOD],
    ["check", "kron-1", GOOD],
    ["check", "KRON-1\nX", GOOD],
    ["check", "KRON-1", "/nonexistent/file.json"],
    ["check", "KRON-1", ""],
    ["check", "KRON-1", str(ROOT)],
    ["check"],
    ["check", "KRON-1"],
    ["check", "KRON-1", GOOD, "extra"],
    ["check", "--bogus", "KRON-1", GOOD],
    ["classify"],
    ["classify", "/nonexistent.json"],
    ["bogus"],
    ["CHECK", "KRON-1", GOOD],
    ["--bogus"],
    ["prove", "NOPE"],
    ["prove", "KRON-1", "NOPE"],
    ["prove", "--jobs", "0"],
    ["prove", "--jobs", "-3", "KRON-1"],
    ["prove", "--jobs", "abc"],
    ["prove", "--jobs", "1.5"],
    ["prove", "--jobs"],
    ["prove", "--out"],
    ["verify"],
    ["verify", "/nonexistent/cert.json"],
    ["latex", GOOD, "--pdf"],          # --pdf needs -o FILE.tex
    ["latex", GOOD, "-o", "x.pdf"],
    ["latex", "--claim", "NOPE", GOOD],
    ["exercise"],
    ["exercise", "x", "--seed", "abc"],
    ["claims", "extra"],
], ids=lambda a: " ".join(a)[:40].replace("\n", "\\n") or "empty")
def test_bad_arguments_exit_2(argv):
    assert_bad_input(*run(argv))


def test_unknown_claim_message():
    assert_bad_input(*run(["check", "NO-SUCH-CLAIM", GOOD]), "unknown claim 'NO-SUCH-CLAIM'")


def test_unknown_command_real_entry_point():
    assert_bad_input(*run_subprocess("bogus"), "bogus")


def test_prove_jobs_zero():
    assert_bad_input(*run(["prove", "--jobs", "0", "KRON-1"]), "--jobs")
    assert_bad_input(*run_subprocess("prove", "--jobs", "0"), "--jobs")


def test_prove_out_under_a_regular_file(tmp_path):
    f = tmp_path / "plain_file"
    f.write_text("x")
    rc, out, err = run(["prove", "KRON-1", "--json", "--out", str(f / "certs")])
    assert_bad_input(rc, out, err, "--out")
    rc, out, err = run(["prove", "KRON-1", "--out", str(f)])
    assert_bad_input(rc, out, err, "--out")
    assert f.read_text() == "x"


def test_no_command():
    assert_bad_input(*run([]), "command")
    assert_bad_input(*run_subprocess(), "command")


def test_check_kron1_on_deep_linear_names_accepted_kinds(tmp_path):
    p = tmp_path / "dl.json"
    p.write_text(json.dumps({"model": "deep_linear", "widths": [1, 1, 1], "X": [[1, 2]],
                             "Y": [["1/2", 1]], "weights": [[[2]], [[3]]]}))
    rc, out, err = run(["check", "KRON-1", str(p)])
    assert_bad_input(rc, out, err, "KRON-1", "deep_linear", "accepts: matrices")


def test_check_kron1_missing_or_mismatched_matrices(tmp_path):
    p = tmp_path / "m.json"
    p.write_text(json.dumps({"model": "matrices", "matrices": {"A": [[1, 2]]}}))
    assert_bad_input(*run(["check", "KRON-1", str(p)]), "KRON-1", "B")
    p.write_text(json.dumps({"model": "matrices", "matrices": {"A": [[1, 2]], "B": [[1]],
                                                                "C": [[1]]}}))
    assert_bad_input(*run(["check", "KRON-1", str(p)]), "KRON-1")


def test_good_file_still_works():
    rc, out, err = run(["check", "KRON-1", GOOD])
    assert rc == 0 and "holds" in out and "Traceback" not in err
    rc, out, err = run(["check", "KRON-1", GOOD, "--json"])
    assert rc == 0 and json.loads(out)["status"] == "holds"


# -- verify (certificate files) -------------------------------------------------------------------
def _cert(tmp_path, obj=None, text=None):
    p = tmp_path / "cert.json"
    p.write_text(json.dumps(obj) if text is None else text, encoding="utf-8")
    return str(p)


def _good_cert():
    rc, out, _ = run(["check", "KRON-1", GOOD, "--json"])
    return json.loads(out)["certificate"]


def test_verify_good_and_tampered(tmp_path):
    cert = _good_cert()
    rc, out, err = run(["verify", _cert(tmp_path, cert)])
    assert rc == 0 and out.startswith("OK: KRON-1 holds") and err == ""
    cert["status"] = "fails"
    rc, out, err = run(["verify", _cert(tmp_path, cert)])
    assert rc == 1 and out.startswith("REJECTED") and "Traceback" not in err


@pytest.mark.parametrize("text", ["", "{", "[1, 2", "\xff", "null", "[]", '"cert"', "{}",
                                  '{"format": "symlandscape-certificate", "version": 1}'])
def test_verify_malformed_files(tmp_path, text):
    rc, out, err = run(["verify", _cert(tmp_path, text=text)])
    assert rc in (1, 2)
    if rc == 2:
        assert_bad_input(rc, out, err)
    else:
        assert out.startswith("REJECTED") and out.count("\n") == 1 and err == ""


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, "[" + "9" * 5000 + "]",
                                  '{"a": ' * 5000 + "1" + "}" * 5000, '[1.5]', '[NaN]'],
                         ids=["deep", "huge-int", "deep-object", "float", "nan"])
def test_verify_pathological_json(tmp_path, text):
    # verify reads certificates with the same strict reader as instances (read_json).
    rc, out, err = run(["verify", _cert(tmp_path, text=text)])
    assert rc in (1, 2) and "Traceback" not in err
    if rc == 2:
        assert_bad_input(rc, out, err, "cert.json")
    else:
        assert out.startswith("REJECTED") and out.count("\n") == 1 and err == ""


def test_verify_refuses_floats_in_certificates(tmp_path):
    # A float anywhere in a certificate file is refused when reading (version 1.0, a value 1.0).
    cert = _good_cert()
    text = json.dumps(cert).replace("\"version\": 2", "\"version\": 2.0")
    assert_bad_input(*run(["verify", _cert(tmp_path, text=text)]), "float")


def test_verify_relabelled_certificate(tmp_path):
    # The facts of a KRON-1 certificate are not what KRON-2 (or an unknown claim) states.
    for claim in ("KRON-2", "KAW-4", "DEMO", ""):
        cert = _good_cert()
        cert["claim"] = claim
        rc, out, err = run(["verify", _cert(tmp_path, cert)])
        assert rc == 1 and out.startswith("REJECTED") and err == "", (claim, out, err)


def test_verify_classify_certificate(tmp_path):
    p = tmp_path / "dl.json"
    p.write_text(json.dumps({"model": "deep_linear", "widths": [1, 1, 1], "X": [[1]], "Y": [[1]],
                             "weights": [[[0]], [[0]]]}), encoding="utf-8")
    rc, out, err = run(["classify", str(p), "--json"])
    assert rc == 0, (out, err)
    cert = json.loads(out)["certificate"]
    rc, out, err = run(["verify", _cert(tmp_path, cert)])
    assert rc == 0 and out.startswith("OK: CLASSIFY"), (out, err)


@pytest.mark.parametrize("claim", ["CLASSIFY", ["KRON-1"], {"id": "KRON-1"}],
                         ids=["classify-on-matrices", "list", "object"])
def test_verify_relabelled_certificate_no_traceback(tmp_path, claim):
    cert = _good_cert()
    cert["claim"] = claim
    rc, out, err = run(["verify", _cert(tmp_path, cert)])
    assert rc == 1 and out.startswith("REJECTED") and err == "", (out, err)


def test_verify_wrong_arity_expression(tmp_path):
    cert = _good_cert()
    cert["facts"][0]["expr"] = ["rank"]
    rc, out, err = run(["verify", _cert(tmp_path, cert)])
    assert rc == 1 and out.startswith("REJECTED")


# -- fuzzing ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def fuzz_file(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz") / "garbage.json"


def _expect_from_loader(path):
    """True if load_instance refuses the file with InputError (so the CLI must exit 2)."""
    try:
        load_instance(str(path))
    except InputError:
        return True
    return False  # accepted (another exception propagates and fails the test, as a bug)


def _check_cli_on(path):
    must_fail = _expect_from_loader(path)
    rc, out, err = run(["check", "KRON-1", str(path)])
    if must_fail or rc == 2:
        assert_bad_input(rc, out, err)
    else:
        assert rc in (0, 1) and "Traceback" not in err


@FUZZ
@given(st.binary(max_size=300))
def test_fuzz_random_bytes(fuzz_file, data):
    fuzz_file.write_bytes(data)
    _check_cli_on(fuzz_file)


# Any key, line breaks included: unknown keys are reported with repr() on one line.
KEYS = st.text(max_size=6)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10)
    | st.sampled_from(["matrices", "deep_linear", "residual_linear", "model", "1/2", "1e-3"]),
    lambda c: st.lists(c, max_size=4) | st.dictionaries(
        KEYS | st.sampled_from(["model", "matrices", "widths", "X", "Y", "weights", "A", "B", "C"]),
        c, max_size=4),
    max_leaves=15)


@FUZZ
@given(JSON)
def test_fuzz_random_json_values(fuzz_file, value):
    fuzz_file.write_text(json.dumps(value), encoding="utf-8")
    _check_cli_on(fuzz_file)


@FUZZ
@given(st.text(alphabet='{}[]",:0123456789.eE+-/ \ntrufalsnNIy', max_size=120))
def test_fuzz_json_like_text(fuzz_file, text):
    fuzz_file.write_text(text, encoding="utf-8")
    _check_cli_on(fuzz_file)


VALID = [
    {"model": "matrices", "matrices": {"A": [[1, 2]], "B": [[1], ["1/2"]], "C": [[3, 0]]}},
    json.loads(Path(GOOD).read_text()),
    {"model": "deep_linear", "widths": [2, 1, 1], "X": [[1, 2], [0, 1]], "Y": [["1/2", 1]],
     "weights": [[[1, "-1/3"]], [[2]]]},
    {"model": "residual_linear", "widths": [2, 2], "X": [[1], [0]], "Y": [[0], [1]],
     "weights": [[["0.5", 0], [0, "1e-2"]]]},
]


def _paths(x, path=()):
    yield path
    if isinstance(x, dict):
        for k, v in x.items():
            yield from _paths(v, path + (k,))
    elif isinstance(x, list):
        for i, v in enumerate(x):
            yield from _paths(v, path + (i,))


@st.composite
def mutated(draw):
    d = copy.deepcopy(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(d))[1:]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        target = d
        for k in path[:-1]:
            target = target[k]
        action = draw(st.sampled_from(["replace", "delete", "dup", "text"]))
        if action == "delete":
            del target[path[-1]]
        elif action == "dup" and isinstance(target, list):
            target.append(copy.deepcopy(target[path[-1]]))
        elif action == "text":
            target[path[-1]] = draw(st.sampled_from(
                ["1/0", "0.5", "nan", "1e99999", "", " ", "-", "3/4", "1e-3", "x"]))
        else:
            target[path[-1]] = draw(JSON)
    if draw(st.booleans()):
        d[draw(KEYS)] = draw(JSON)
    return d


@FUZZ
@given(mutated(), st.sampled_from([None, 1]))
def test_fuzz_mutated_valid_instances(fuzz_file, d, indent):
    fuzz_file.write_text(json.dumps(d, indent=indent), encoding="utf-8")
    _check_cli_on(fuzz_file)


# -- oversized and malformed instances and certificates (issue 13) --------------------------------
# Every run ends in 0, 1 or 2, with no traceback and exactly one line on stderr for 2; an
# instance beyond the limits is refused from its sizes alone, so none of these can hang or
# exhaust memory (the subprocess runs below add a 4 GB address-space cap and a timeout).

def _assert_clean(rc, out, err):
    assert rc in (0, 1, 2), (rc, out[-300:], err[-300:])
    assert "Traceback" not in err and "Traceback" not in out
    if rc == 2:
        assert_bad_input(rc, out, err)


def _zeros(r, c):
    return [[0] * c for _ in range(r)]


@st.composite
def network_instances(draw):
    """Networks from tiny to absurd: matching data when the network is small (so it really
    runs), otherwise whatever shapes (the limits must refuse from the widths first)."""
    model = draw(st.sampled_from(["deep_linear", "residual_linear"]))
    if draw(st.booleans()):
        widths = draw(st.lists(st.integers(1, 3000), min_size=2, max_size=5))
    else:  # deep and narrow
        widths = [draw(st.integers(1, 3))] * draw(st.integers(2, 5000))
    if model == "residual_linear" and draw(st.booleans()):
        widths = [widths[0]] * len(widths)
    params = sum(a * b for a, b in zip(widths, widths[1:]))
    if params <= 24 and len(widths) <= 6:
        X = [[draw(st.sampled_from([0, 1, -2, "1/3", "1/3037000500", str(2 ** 64)]))] for _ in range(widths[0])]
        Y = [[draw(st.sampled_from([0, 1, "5/7", str(10 ** 30)]))] for _ in range(widths[-1])]
        W = [_zeros(b, a) for a, b in zip(widths, widths[1:])]
    else:
        X, Y, W = [[1]], [[1]], [[[0]]] * min(len(widths) - 1, 3)
    d = {"model": model, "widths": widths, "X": X, "Y": Y, "weights": W}
    if draw(st.integers(0, 9)) == 0:
        del d[draw(st.sampled_from(["X", "Y", "weights", "widths"]))]
    return d


LIMIT_OPTIONS = st.sampled_from([[], ["--max-params", "10"], ["--max-memory", "100M"],
                                 ["--max-params", "0"], ["--max-memory", "x"], ["--max-memory", "1T"]])


@FUZZ
@given(network_instances(), st.sampled_from([["classify"], ["check", "KAW-4"], ["check", "YSJ-2.2"]]),
       LIMIT_OPTIONS)
def test_fuzz_oversized_instances(fuzz_file, d, command, opts):
    fuzz_file.write_text(json.dumps(d), encoding="utf-8")
    rc, out, err = run(command + [str(fuzz_file)] + opts)
    _assert_clean(rc, out, err)
    if rc == 2:
        assert "resource limit, not bad input" not in err     # refused by the estimate


def _classify_certificate():
    p = Path(GOOD).parent / "deep_linear_origin_h2.json"
    rc, out, _ = run(["classify", str(p), "--json"])
    assert rc == 0
    return json.loads(out)["certificate"]


CERTS = {}


@st.composite
def certificates(draw):
    """A valid KRON-1 or CLASSIFY certificate, mutated like the instances above, or with
    its instance swapped for an oversized network."""
    if not CERTS:
        CERTS["kron"], CERTS["classify"] = _good_cert(), _classify_certificate()
    c = copy.deepcopy(CERTS[draw(st.sampled_from(["kron", "classify"]))])
    if draw(st.booleans()):
        c["instance"] = draw(network_instances())
    for _ in range(draw(st.integers(0, 2))):
        paths = list(_paths(c))[1:]
        path = draw(st.sampled_from(paths))
        target = c
        for k in path[:-1]:
            target = target[k]
        if draw(st.booleans()) and isinstance(target, (dict, list)):
            target[path[-1]] = draw(JSON)
        elif isinstance(target, dict):
            del target[path[-1]]
    return c


@FUZZ
@given(certificates(), LIMIT_OPTIONS)
def test_fuzz_certificates(fuzz_file, cert, opts):
    fuzz_file.write_text(json.dumps(cert), encoding="utf-8")
    rc, out, err = run(["verify", str(fuzz_file)] + opts)
    _assert_clean(rc, out, err)
    if rc == 1:
        assert out.startswith("REJECTED") and out.count("\n") == 1 and err == ""


def _run_capped(argv, timeout=120):
    """The real entry point under a 4 GB address-space limit and a timeout: an estimate
    that let something heavy through shows up as a MemoryError line, a kill or a hang."""
    import resource

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (4 * 2 ** 30, 4 * 2 ** 30))
    p = subprocess.run([sys.executable, "-m", "symlandscape", *argv], capture_output=True, text=True,
                       timeout=timeout, cwd=ROOT, preexec_fn=cap)
    return p.returncode, p.stdout, p.stderr


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network_instances(), st.booleans())
def test_fuzz_oversized_real_entry_point(tmp_path_factory, d, as_certificate):
    path = tmp_path_factory.mktemp("capped") / "x.json"
    if as_certificate:
        cert = copy.deepcopy(_good_cert())
        cert["instance"] = d
        d = cert
    path.write_text(json.dumps(d), encoding="utf-8")
    rc, out, err = _run_capped(["verify" if as_certificate else "classify", str(path)])
    _assert_clean(rc, out, err)
    assert "resource limit, not bad input" not in err


def test_thm8_without_hidden_layer_is_hypotheses_not_met(tmp_path, capsys):
    """Found by the large-denominator hunt of issue 13 (it crashed with min() of no hidden
    widths): Theorem 8 is stated "for any depth H >= 1", so a net without hidden layer does
    not meet the hypothesis ``depth``."""
    p = tmp_path / "h0.json"
    p.write_text(json.dumps({"model": "deep_linear", "widths": [1, 1], "X": [[1]], "Y": [[0]],
                             "weights": [[[7]]]}), encoding="utf-8")
    assert main(["check", "AW-004-THM8", str(p)]) == 0
    out = capsys.readouterr().out
    assert "hypotheses not met" in out and "H = 0 >= 1" in out
