"""The verdict rule on hand-worked cases: precedence hypothesis > undetermined > conclusion."""

import pytest

from symlandscape.facts.verdict import STATUSES, Verdict, status_of


def f(role, value, text="t"):
    return {"role": role, "value": value, "text": text}


@pytest.mark.parametrize("facts, undet, expected", [
    ([], None, "undetermined"),
    ([f("value", False)], None, "undetermined"),                       # values decide nothing
    ([f("conclusion", True)], None, "holds"),
    ([f("conclusion", True), f("conclusion", False)], None, "fails"),
    ([f("hypothesis", False), f("conclusion", False)], None, "hypotheses not met"),
    ([f("hypothesis", False)], "too large", "hypotheses not met"),       # unmet beats undecided
    ([f("hypothesis", True), f("conclusion", False)], "too large", "undetermined"),
    ([f("hypothesis", True), f("conclusion", True)], None, "holds"),
    ([f("conclusion", 1)], None, "fails"),                              # only True is true
])
def test_status_rule(facts, undet, expected):
    assert status_of(facts, undet)[0] == expected
    assert expected in STATUSES


def test_reason_names_the_first_failure():
    facts = [f("hypothesis", True, "h1"), f("conclusion", False, "c1"), f("conclusion", False, "c2")]
    assert status_of(facts) == ("fails", "conclusion fails: c1")


def test_verdict_is_three_valued_and_renders():
    import symlandscape  # noqa: F401  (installs the printing layer's renderers)
    v = Verdict("X", "holds", "because", certificate={"facts": [f("conclusion", True, "c")]})
    with pytest.raises(TypeError):
        bool(v)
    md = v._repr_markdown_()
    assert md.startswith("**X: holds**") and "| conclusion | c | `true` |" in md
    assert v.to_dict()["id"] == "X" and v.facts == [f("conclusion", True, "c")]
