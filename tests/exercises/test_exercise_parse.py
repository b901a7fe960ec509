"""The safe answer parser: values against Python's Fraction arithmetic on the same tree,
hostile answers refused with one line, and no other exception or hang on random text."""

import time
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symlandscape.exercises.parse import LIMITS, AnswerError, exact_equal, parse_answer


@pytest.mark.parametrize("text, value", [
    ("3/4", Fraction(3, 4)), ("-2", Fraction(-2)), ("0.125", Fraction(1, 8)), ("(1 + 2) * 3 - 4 / 8", Fraction(17, 2)),
    ("2**-3", Fraction(1, 8)), ("--1", Fraction(1)), ("[1, 2/3]", [Fraction(1), Fraction(2, 3)]),
    ("[[1, 0], [0, -1]]", [[Fraction(1), Fraction(0)], [Fraction(0), Fraction(-1)]]), ("(1, 2)", [Fraction(1), Fraction(2)]),
])
def test_values_by_hand(text, value):
    assert parse_answer(text) == value


@pytest.mark.parametrize("text, words", [
    ("9**9**9", "exponent"), ("2**100000", "exponent"), ("(" * 50 + "1" + ")" * 50, "nests too deeply"),
    ("[" * 40 + "1" + "]" * 40, "nests too deeply"), ("-" * 100 + "1", "signs"), ("1" * 3000, "too long"),
    ("x", "name 'x'"), ("__import__('os')", "function '__import__'"), ("().__class__", "attribute"),
    ("(1).__class__.__bases__", "attribute"), ("lambda: 1", "lambda"), ("[i for i in [1]]", "comprehension"),
    ("'abc'", "text"), ("b'a'", "text"), ("1j", "complex"), ("1e5", "exponent notation"), ("1 % 2", "only"),
    ("1 if 1 else 0", "conditional"), ("{1: 2}", "dictionary"), ("a.b", "attribute"), ("f(1)", "function"),
    ("1/0", "division by zero"), ("0**-1", "division by zero"), ("", "empty"), ("[1, 2", "well-formed"),
    ("1; import os", "well-formed"), ("True", "True"), ("None", "None"), ("...", "Ellipsis"),
    ("123456789012345678901234567890123", "digits"), ("(2**12)**12**12", "exponent"),
    ("[]", "empty list"), ("[1] + [2]", "list"), ("sqrt(2)", "function 'sqrt'"), ("x := 1", "well-formed"),
    ("*[1]", "well-formed"), ("[*[1]]", "starred"), ("2**(1/2)", "whole number"),
])
def test_hostile_or_malformed_answers_get_one_line(text, words):
    with pytest.raises(AnswerError) as e:
        parse_answer(text)
    msg = str(e.value)
    assert "\n" not in msg and words.lower() in msg.lower(), msg


def test_names_only_from_the_whitelist():
    s = sympy.Symbol("s", positive=True)
    names = {"s": s, "sqrt": "sqrt"}
    assert parse_answer("3*s**2 + sqrt(8)", names) == 3 * s ** 2 + 2 * sympy.sqrt(2)
    for bad, words in [("t", "name 't'"), ("s(1)", "function 's'"), ("sqrt", "is a function"),
                       ("sqrt(s)", "takes a number"), ("sqrt(-1)", "negative"),
                       ("sqrt(2)+sqrt(3)+sqrt(5)+sqrt(7)", "three"), ("s**s", "whole number")]:
        with pytest.raises(AnswerError, match=words):
            parse_answer(bad, names)


# -- random expression trees: the parser against Fraction arithmetic --------------------------------
def _trees():
    leaf = st.fractions(min_value=-50, max_value=50, max_denominator=9).map(lambda f: (str(f), f))

    def extend(child):
        def combine(op, a, b):
            (ta, va), (tb, vb) = a, b
            if op == "/" and vb == 0:
                return (f"({ta}) * ({tb})", va * vb)
            return (f"({ta}) {op} ({tb})", {"+": va + vb, "-": va - vb, "*": va * vb, "/": va / vb if vb else 0}[op])
        return st.builds(combine, st.sampled_from("+-*/"), child, child)
    return st.recursive(leaf, extend, max_leaves=8)


@settings(max_examples=150)
@given(_trees())
def test_parser_agrees_with_fraction_arithmetic(tree):
    text, value = tree
    try:
        got = parse_answer(text)
    except AnswerError as e:      # only a limit may refuse a well-formed tree
        assert "nests too deeply" in str(e) or "too large" in str(e) or "signs" in str(e)
        return
    assert got == value


_ALPHABET = "0123456789+-*/().,[] _sqrtxe'\"ijlambda:=<>%{}!~^&|@\\\n"


@settings(max_examples=400)
@given(st.text(alphabet=_ALPHABET, max_size=120) | st.text(max_size=60))
def test_random_text_never_raises_anything_else_and_never_hangs(text):
    t0 = time.perf_counter()
    try:
        parse_answer(text, {"s": sympy.Symbol("s"), "sqrt": "sqrt"})
    except AnswerError as e:
        assert "\n" not in str(e)
    assert time.perf_counter() - t0 < 2.0


@settings(max_examples=100)
@given(st.lists(st.sampled_from(["9", "**", "(", ")", "[", "]", "-", "99", "*", "sqrt(", "s", ","]), max_size=60))
def test_hostile_token_soup_is_fast(tokens):
    text = "".join(tokens)
    t0 = time.perf_counter()
    try:
        parse_answer(text, {"s": sympy.Symbol("s"), "sqrt": "sqrt"})
    except AnswerError:
        pass
    assert time.perf_counter() - t0 < 2.0


def test_limits_are_what_the_messages_say():
    assert parse_answer("2**" + str(LIMITS["exponent"])) == 2 ** LIMITS["exponent"]
    with pytest.raises(AnswerError):
        parse_answer("2**" + str(LIMITS["exponent"] + 1))


def test_exact_equal_against_hand_values():
    r2 = sympy.sqrt(2)
    assert exact_equal((1 + r2) ** 2, 3 + 2 * r2)
    assert not exact_equal(r2, Fraction(99, 70))          # 99/70 is within 1e-4 of sqrt(2)
    s = sympy.Symbol("s")
    assert exact_equal(s ** 2 * 6, Fraction(6) * s * s) and not exact_equal(s ** 2, s)


@pytest.mark.parametrize("text", ["'\\q'", "1 is 1", "[1, 2](3)"])
def test_no_warning_escapes_the_parser(text, recwarn):
    with pytest.raises(AnswerError):
        parse_answer(text)
    assert len(recwarn) == 0
