"""CLI smoke tests through the real entry point (exit codes and one-line errors)."""

import json
import subprocess
import sys

import pytest


def run(*args, input=None):
    p = subprocess.run([sys.executable, "-m", "symlandscape", *args], capture_output=True,
                       text=True, input=input, timeout=300)
    return p.returncode, p.stdout, p.stderr


def test_prove_json_shape():
    rc, out, err = run("prove", "--json", "KRON-1")
    assert rc == 0, err
    data = json.loads(out)
    assert set(data) == {"claims"}
    (c,) = data["claims"]
    assert set(c) == {"id", "verdict", "instances", "seconds", "reason", "counterexample", "kind"}
    assert c["id"] == "KRON-1" and c["verdict"] == "holds" and c["instances"] > 0


@pytest.mark.parametrize("args", [("check", "NO-SUCH-CLAIM", "x.json"),
                                  ("check", "KRON-1", "/nonexistent/file.json"),
                                  ("bogus",), ("prove", "NOPE")])
def test_bad_input_is_one_line_exit_2(args):
    rc, out, err = run(*args)
    assert rc == 2
    assert err.count("\n") == 1 and "Traceback" not in err


def test_check_example_file(tmp_path):
    rc, out, err = run("check", "KRON-1", "examples/kron_rank_deficient.json")
    assert rc == 0, err
    assert "holds" in out


def test_prove_results_identical_for_any_jobs():
    ids = ["KRON-3", "AW-000-P5", "KAW-4", "YSJ-2.1", "AW-004-DEF3"]
    outs = []
    for jobs in ("1", "2"):
        rc, out, err = run("prove", "--json", "--jobs", jobs, *ids)
        assert rc == 0, err
        outs.append([{k: v for k, v in c.items() if k != "seconds"} for c in json.loads(out)["claims"]])
    assert outs[0] == outs[1]
    assert [c["id"] for c in outs[0]] == ids


def test_classify_examples():
    for name, verdict in [("deep_linear_global_min", "global minimum"),
                          ("deep_linear_saddle", "strict saddle"),
                          ("deep_linear_origin_h2", "higher-order saddle"),
                          ("deep_linear_not_critical", "not critical")]:
        rc, out, err = run("classify", "--json", f"examples/{name}.json")
        assert rc == 0, err
        data = json.loads(out)
        assert data["verdict"] == verdict
        import symlandscape as sl
        sl.check_certificate(data["certificate"])


def test_sharpness_counterexample_file():
    # KAW-4 itself: hypothesis not met (rank < p); without it: fails on the same file.
    rc, out, _ = run("check", "KAW-4", "examples/deep_linear_kaw4_rank_counterexample.json")
    assert rc == 0 and "hypotheses not met" in out
    rc, out, _ = run("check", "KAW-4-NORANK", "examples/deep_linear_kaw4_rank_counterexample.json")
    assert rc == 1 and "fails" in out
