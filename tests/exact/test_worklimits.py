"""Issue 13, part 2: every exact fallback has a size limit; past it a WorkLimitExceeded
(not an InputError) that classification and claim checks turn into "undetermined".

The limits are module constants; the tests shrink them (monkeypatch) so that tiny
matrices hit them, and check the answers against the unlimited exact route.
"""

import importlib
import json

import flint
import pytest

import symlandscape as sl
from symlandscape.cli import main
from symlandscape.exact import InputError, WorkLimitExceeded, inertia, inertia_charpoly
from symlandscape.models import DeepLinear
from symlandscape.prove import check_bounded

# ``symlandscape.exact.inertia`` is also the name of the function re-exported by the
# package, so fetch the modules themselves.
INERTIA = importlib.import_module("symlandscape.exact.inertia")
CERTIFIED = importlib.import_module("symlandscape.exact.certified")

BIG = 10 ** 20
# eigenvalues ~2e20 and ~0.5: the certified route's bounds cannot close (its doctest)
UNDECIDED = [[BIG, BIG], [BIG, BIG + 1]]


def test_exception_is_exported_and_not_input_error():
    assert sl.exact.WorkLimitExceeded is WorkLimitExceeded
    assert not issubclass(WorkLimitExceeded, InputError)
    assert not issubclass(WorkLimitExceeded, ValueError)   # nobody catches it as bad input
    assert "\n" not in WorkLimitExceeded("a\nb").reason


def test_charpoly_dimension_limit(monkeypatch):
    monkeypatch.setattr(INERTIA, "MAX_CHARPOLY_DIM", 2)
    assert inertia_charpoly([[1, 0], [0, -1]]) == (1, 1, 0)
    with pytest.raises(WorkLimitExceeded, match="MAX_CHARPOLY_DIM"):
        inertia_charpoly([[1, 0, 0], [0, 1, 0], [0, 0, 1]])


def test_charpoly_work_limit(monkeypatch):
    assert CERTIFIED.certified_inertia(flint.fmpz_mat(UNDECIDED)) is None
    assert inertia(UNDECIDED) == (2, 0, 0)             # the exact fallback decides it
    monkeypatch.setattr(INERTIA, "MAX_CHARPOLY_WORK", 10)
    with pytest.raises(WorkLimitExceeded, match="certified inertia bounds did not close.*MAX_CHARPOLY_WORK"):
        inertia(UNDECIDED)


def _rank_deficient_huge():
    # entries above 2^53 (no float64 lifting), rank 2 of 4: the Dixon and multimodular routes
    u, v = [BIG, 3, -BIG, 7], [5, BIG + 1, 2, -1]
    return [[u[i] * u[j] - v[i] * v[j] for j in range(4)] for i in range(4)]


def test_dixon_and_multimodular_limits_fall_through(monkeypatch):
    A = flint.fmpz_mat(_rank_deficient_huge())
    ref = inertia_charpoly(A)
    assert ref == (1, 1, 2)
    assert CERTIFIED.certified_inertia(A) in (None, ref)
    monkeypatch.setattr(CERTIFIED, "MAX_DIXON_WORK", 0)
    with pytest.raises(WorkLimitExceeded, match="MAX_DIXON_WORK"):
        CERTIFIED._solve_kernel(A, 2, [0, 1])
    monkeypatch.setattr(CERTIFIED, "MAX_MULTIMODULAR_WORK", 0)
    with pytest.raises(WorkLimitExceeded, match="MAX_MULTIMODULAR_WORK"):
        CERTIFIED._multimodular(A, 2, [1] * 4, 1)
    # past both limits the certified route only fails to close ...
    assert CERTIFIED.certified_inertia(A) is None
    # ... and the exact charpoly (within its own limit) still answers exactly
    assert inertia(A) == ref
    monkeypatch.setattr(INERTIA, "MAX_CHARPOLY_DIM", 3)
    with pytest.raises(WorkLimitExceeded):
        inertia(A)


def _no_fast_path(monkeypatch):
    from symlandscape.landscape import hessian_inertia
    monkeypatch.setattr(CERTIFIED, "certified_inertia", lambda *a, **k: None)
    monkeypatch.setattr(INERTIA, "MAX_CHARPOLY_DIM", 1)
    # the closed form of a single off-diagonal Kronecker block would decide this saddle exactly
    monkeypatch.setattr(hessian_inertia, "_single_block_inertia", lambda *a, **k: None)


SADDLE = {"model": "deep_linear", "widths": [1, 1, 1], "X": [[1]], "Y": [[1]],
          "weights": [[[0]], [[0]]]}


def test_classify_past_a_limit_is_undetermined(monkeypatch):
    net = DeepLinear([1, 1, 1], X=[[1]], Y=[[1]])
    assert sl.classify(net, [[[0]], [[0]]]).verdict == "strict saddle"
    _no_fast_path(monkeypatch)
    c = sl.classify(net, [[[0]], [[0]]])
    assert c.verdict == "undetermined" and c.inertia is None
    assert "MAX_CHARPOLY_DIM" in c.reason and c.certificate["status"] == "undetermined"


def test_classify_cli_past_a_limit(monkeypatch, tmp_path, capsys):
    p = tmp_path / "s.json"
    p.write_text(json.dumps(SADDLE), encoding="utf-8")
    _no_fast_path(monkeypatch)
    assert main(["classify", str(p)]) == 0
    out, err = capsys.readouterr()
    assert "verdict: undetermined" in out and "MAX_CHARPOLY_DIM" in out and err == ""


def test_global_min_test_past_a_limit_leaves_the_inertia_verdict(monkeypatch):
    # indefinite Hessian (saddle): the global-minimum test is not needed to decide it
    calls = []

    def limited(M, *a, **k):  # top_sum_attained's PSD check of Sigma (the Hessian's inertia at a
        calls.append(1)       # critical point comes from the Sylvester reduction, not from here)
        raise WorkLimitExceeded("test limit")
    monkeypatch.setattr(importlib.import_module("symlandscape.landscape.globalmin"), "inertia", limited)
    c = sl.classify(DeepLinear([1, 1, 1], X=[[1]], Y=[[1]]), [[[0]], [[0]]])
    assert len(calls) == 1                             # the global-minimum test did hit the limit
    assert c.verdict == "strict saddle" and c.inertia == (1, 1, 0)
    assert c.certificate["status"] == "holds"          # not left undetermined by the skipped test
    assert not any((f.get("key") or "").startswith("global_min") for f in c.certificate["facts"])


def test_claim_check_past_a_limit_is_undetermined(monkeypatch, tmp_path, capsys):
    inst = sl.parse_instance(SADDLE)
    claim = sl.get_claim("KAW-4")
    assert check_bounded(claim, inst).status != "undetermined"
    _no_fast_path(monkeypatch)
    v = check_bounded(claim, inst)
    assert v.status == "undetermined" and "MAX_CHARPOLY_DIM" in v.reason
    p = tmp_path / "s.json"
    p.write_text(json.dumps(SADDLE), encoding="utf-8")
    assert main(["check", "KAW-4", str(p)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("KAW-4: undetermined") and "MAX_CHARPOLY_DIM" in out and err == ""


def test_statement_run_records_the_reason(monkeypatch):
    from symlandscape.facts.fast import FAST
    from symlandscape.facts.statement import Run, Undecided
    _no_fast_path(monkeypatch)
    inst = sl.parse_instance({"model": "matrices", "matrices": {"A": [[1, 2], [2, 1]]}})
    s = Run("DEMO", inst.view(), inst.env, FAST)
    with pytest.raises(Undecided) as e:
        s.value("inertia of A", ["inertia", "A"])
    assert e.value.reason.startswith("inertia of A: ") and "MAX_CHARPOLY_DIM" in e.value.reason
    assert s.facts == []     # nothing half-recorded
