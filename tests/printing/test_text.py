"""Printing: every operation of the fact language renders, and `check` lists every fact."""

import pytest

import symlandscape as sl
from symlandscape.facts import fast
from symlandscape.printing import render, verdict_lines


def test_every_fact_operation_has_a_rendering():
    for op in fast._OPS:
        text = render([op, "A", "B"])
        assert isinstance(text, str) and text, op


@pytest.mark.parametrize("expr, text", [
    (["eq", ["mul", "A", ["pinv", "A"], "A"], "A"], "A A^+ A = A"),
    (["colspace_le", "A", ["cols", "B", [0, 2]]], "R(A) in R(B[:, [1, 3]])"),   # 1-based in print
    (["and", ["is_zero", "A"], ["not", ["eq", "B", ["zeros", 1, 2]]]], "A = 0 and not (B = 0_1x2)"),
    (["lit", [["1", "2"]] * 13], "<13 x 2 matrix>"),
])
def test_hand_checked_renderings(expr, text):
    assert render(expr) == text


def test_check_lines_list_every_fact():
    v = sl.check_claim("KRON-2", {"model": "matrices", "matrices": {"A": [[0]], "B": [[1]]}})
    lines = verdict_lines(v)
    assert lines[0] == "KRON-2: holds"
    assert len(lines) == 2 + len(v.facts)
    assert any(line.strip().startswith("hypothesis  A kron B = 0: true") for line in lines)
