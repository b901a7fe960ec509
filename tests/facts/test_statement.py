"""The statement runner: the same statement run by the fast (flint) and the independent
(plain fractions) evaluators takes the same branches and records the same facts."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symlandscape.certificates.check import INDEPENDENT, _mat
from symlandscape.exact import qmatrix
from symlandscape.facts.fast import FAST
from symlandscape.facts.statement import InstanceView, NotApplicable, Run, slug

SMALL = st.builds(Fraction, st.integers(-3, 3), st.sampled_from([1, 1, 2, 3]))


def matrices(m, n):
    return st.lists(st.lists(SMALL, min_size=n, max_size=n), min_size=m, max_size=m)


def _runs(rows):
    strs = {k: [[str(x) for x in r] for r in v] for k, v in rows.items()}
    view = InstanceView("matrices", None, {k: (len(v), len(v[0])) for k, v in rows.items()})
    fast = Run("DEMO", view, {k: qmatrix(v) for k, v in strs.items()}, FAST)
    indep = Run("DEMO", view, {k: _mat(v) for k, v in strs.items()}, INDEPENDENT)
    return fast, indep


def statement(s):
    """A statement that branches on values (rank, inertia, a determinant)."""
    (m, n), = s.need("A")
    r = s.value("rank A", ["rank", "A"], key="rank")
    G = ["mul", ["T", "A"], "A"]
    inert = s.value("inertia of A^T A", ["inertia", G], key="inertia")
    if r == n:
        s.hypothesis("A has full column rank", ["eq", ["rank", "A"], n], key="full")
        s.conclusion("A^T A is positive definite", ["eq", ["at", ["inertia", G], 0], n], key="pd")
    else:
        s.value("det A^T A", ["det", G], key="det")
        s.conclusion("A^T A is singular", ["eq", ["det", G], 0], key="singular")
    s.conclusion("A A^+ A = A", ["eq", ["mul", "A", ["pinv", "A"], "A"], "A"], key="penrose")
    return r, inert


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3).flatmap(lambda m: st.integers(1, 3).flatmap(lambda n: matrices(m, n))))
def test_fast_and_independent_runs_agree(A):
    fast, indep = _runs({"A": A})
    assert statement(fast) == statement(indep)          # same neutral values, same branches
    assert fast.record() == indep.record()             # same facts, values, status, reason
    assert fast.status()[0] == "holds"


def test_dropped_hypothesis_is_recorded_as_a_value():
    fast, _ = _runs({"A": [[Fraction(1), Fraction(2)]]})
    s = Run("DEMO", fast.view, fast.env, FAST, dropped={"full"})
    statement(s)
    assert [f["role"] for f in s.facts if f["key"] == "full"] == []    # rank 1 < n = 2: not stated
    s = Run("DEMO", InstanceView("matrices", None, {"A": (2, 1)}), {"A": qmatrix([[1], [2]])}, FAST,
            dropped={"full"})
    statement(s)
    assert [f["role"] for f in s.facts if f["key"] == "full"] == ["value"]


def test_scoped_facts_witnesses_and_explanations():
    calls = []

    def witness(name, **params):
        calls.append((name, params))
        return [["1"]]

    s = Run("DEMO", InstanceView("matrices", None, {"A": (1, 1)}), {"A": qmatrix([[2]])}, FAST, witness=witness)
    sub = s.scoped("inner")
    sub.conclusion("A = 2", ["eq", "A", ["lit", [["2"]]]], key="two")
    w = sub.witness("point", k=1)
    sub.undetermined("sub-statement undecided")
    assert s.facts[0]["key"] == "inner.two" and s.facts[0]["role"] == "value"
    assert s.facts[0]["text"] == "inner: A = 2"
    assert w == [["1"]] and calls == [("inner.point", {"k": 1})] and s.witnesses == {"inner.point": [["1"]]}
    assert s.undetermined_reason is None                # local to the sub-statement
    s.explain("because")
    s.conclusion("A = 3", ["eq", "A", ["lit", [["3"]]]], key="three")
    assert s.status() == ("fails", "conclusion fails: A = 3; because")


def test_instance_errors_and_keys():
    s = Run("DEMO", InstanceView("matrices", None, {"A": (1, 2)}), {"A": qmatrix([[1, 2]])}, FAST)
    with pytest.raises(NotApplicable, match="DEMO needs matrices A, B; the instance lacks B"):
        s.need("A", "B")
    with pytest.raises(NotApplicable, match="shapes do not conform: bad"):
        s.conform(False, "bad")
    with pytest.raises(ValueError, match="fact key"):
        s.value("x", ["rank", "A"], key="Bad Key")
    with pytest.raises(TypeError, match="not a boolean"):
        s.conclusion("rank", ["rank", "A"])
    with pytest.raises(ValueError, match="shadow"):
        s.define("A", ["T", "A"])
    assert slug("  A^T A = 0 !") == "a_t_a_0"
