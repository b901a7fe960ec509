"""Adversarial tests of the exact number parser ``symlandscape.exact.numbers.rational``."""

import decimal
import re
import time
from fractions import Fraction

import flint
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symlandscape.exact.numbers import MAX_DIGITS, MAX_EXPONENT, InputError, rational

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def q(p, r=1):
    return flint.fmpq(p, r)


# -- accepted forms, hand-worked values ---------------------------------------------------
@pytest.mark.parametrize("x, expected", [
    ("0.125", q(1, 8)),
    ("1e-3", q(1, 1000)),
    ("1E-3", q(1, 1000)),
    ("-2", q(-2)),
    ("+2", q(2)),
    ("3/4", q(3, 4)),
    ("6/8", q(3, 4)),
    ("-3/4", q(-3, 4)),
    ("3/-4", q(-3, 4)),
    ("-3/-4", q(3, 4)),
    ("3 / 4", q(3, 4)),
    (" 7 ", q(7)),
    ("\t7\n", q(7)),
    ("0", q(0)),
    ("-0", q(0)),
    ("0/5", q(0)),
    ("007", q(7)),
    ("1.", q(1)),
    (".5", q(1, 2)),
    ("-.5", q(-1, 2)),
    ("2.50", q(5, 2)),
    ("1.5e2", q(150)),
    ("1.5e+2", q(150)),
    ("12.5e-1", q(5, 4)),
    ("-0.001e3", q(-1)),
    ("1e0", q(1)),
    ("0.1", q(1, 10)),            # the exact decimal, not the binary float 0.1
    ("0.3333", q(3333, 10000)),
    ("123456789012345678901234567890", q(123456789012345678901234567890)),
    (7, q(7)),
    (-7, q(-7)),
    (0, q(0)),
    (10 ** 40, q(10 ** 40)),
    (Fraction(3, 4), q(3, 4)),
    (Fraction(-6, 8), q(-3, 4)),
    (Fraction(5), q(5)),
    (sympy.Rational(3, 4), q(3, 4)),
    (sympy.Rational(-1, 3), q(-1, 3)),
    (sympy.Integer(5), q(5)),
    (sympy.S.Half, q(1, 2)),
    (sympy.S.Zero, q(0)),
    (flint.fmpq(2, 3), q(2, 3)),
    (flint.fmpz(-9), q(-9)),
])
def test_accepted_forms(x, expected):
    v = rational(x)
    assert isinstance(v, flint.fmpq)
    assert v == expected


def test_numpy_integers_are_exact():
    np = pytest.importorskip("numpy")
    assert rational(np.int64(-3)) == -3
    assert rational(np.uint8(200)) == 200


def test_exponent_limit_is_inclusive():
    assert rational(f"1e{MAX_EXPONENT}") == flint.fmpq(10) ** MAX_EXPONENT
    assert rational(f"1e-{MAX_EXPONENT}") == flint.fmpq(1, 10 ** MAX_EXPONENT)
    assert rational(f"1e+00{MAX_EXPONENT}") == flint.fmpq(10) ** MAX_EXPONENT
    with pytest.raises(InputError, match="exponent"):
        rational(f"1e{MAX_EXPONENT + 1}")
    with pytest.raises(InputError, match="exponent"):
        rational(f"1e-{MAX_EXPONENT + 1}")


# -- refused inputs -------------------------------------------------------------------------
REFUSED = [
    0.5, 1.0, -0.0, float("nan"), float("inf"), float("-inf"),
    True, False, None,
    complex(1, 0), b"1", bytearray(b"1"), [1], (1,), {"a": 1}, object(),
    decimal.Decimal("0.5"),
    sympy.Float(0.5), sympy.Float("0.5"), sympy.nan, sympy.oo, -sympy.oo, sympy.zoo,
    sympy.pi, sympy.sqrt(2), sympy.Symbol("x"), sympy.I,
    "1/0", "0/0", "-5/0", "1/00", "abc", "nan", "NaN", "inf", "-inf", "Infinity",
    "infinity", "", " ", "\t\n", ".", "-", "+", "e3", ".e3", "1e", "1e+", "1e-", "1e1.5",
    "1.2.3", "1/2/3", "1/2.5", "1.5/2", "--1", "+-1", "1-", "0x10", "0b1", "1_000",
    "1,5", "1 000", "1/", "/2", "1 e3", "1e 3", "- 1", "(1)", "1/2j", "1j", "½", "²",
    "1e999999999", "1e-999999999", "1e99999999999999999999", "3/4 x", "x3/4",
    "1\x00", "\x00", "１/0",
]


@pytest.mark.parametrize("x", REFUSED,
                         ids=lambda x: type(x).__name__ if " at 0x" in repr(x) else repr(x)[:30])
def test_refused(x):
    with pytest.raises(InputError) as ei:
        rational(x, where="X[1][2]")
    msg = str(ei.value)
    assert msg.startswith("X[1][2]: ")
    assert "\n" not in msg and "\r" not in msg


def test_numpy_floats_refused():
    np = pytest.importorskip("numpy")
    for x in (np.float64(0.5), np.float32(0.5), np.float64("nan"), np.longdouble(1), np.bool_(True)):
        with pytest.raises(InputError):
            rational(x)


def test_float_message_is_clear():
    with pytest.raises(InputError, match=r'float; give exact numbers as ints or strings such as "1/2"'):
        rational(0.1, where="Y[0][0]")


def test_huge_exponent_refused_fast():
    for s in ("1e999999999", "-7.5e999999999", "1e-999999999", "1E+999999999999999"):
        t = time.perf_counter()
        with pytest.raises(InputError, match="out of range"):
            rational(s)
        assert time.perf_counter() - t < 1.0


def test_huge_strings_refused_fast():
    for s in ("1" * (MAX_DIGITS + 1), " " * 10 + "9" * (2 * MAX_DIGITS), "x" * 10 ** 6):
        t = time.perf_counter()
        with pytest.raises(InputError):
            rational(s)
        assert time.perf_counter() - t < 1.0


def test_huge_error_messages_stay_one_line():
    with pytest.raises(InputError) as ei:
        rational("a\nb\rc" * 1000)
    assert "\n" not in str(ei.value) and "\r" not in str(ei.value)


LONG = {  # digit strings beyond CPython's 4300-digit int/str limit, with their exact values
    "integer": ("7" * 5000, flint.fmpq(7 * (flint.fmpz(10) ** 5000 - 1) / 9)),
    "denominator": ("1/" + "3" * 5000, flint.fmpq(3, flint.fmpz(10) ** 5000 - 1)),
    "decimal": ("0." + "1" * 5000, flint.fmpq(flint.fmpz(10) ** 5000 - 1, 9 * flint.fmpz(10) ** 5000)),
    "negative-ratio": ("-" + "9" * 5000 + "/-" + "3" * 5000, flint.fmpq(3)),
    "trailing-zeros": ("1" + "0" * 5000 + ".000e-5000", flint.fmpq(1)),
    "zero-denominator": ("7" * 5000 + "/" + "0" * 5000, None),
    "exponent-too-long": ("1e" + "1" * 5000, None),
    "negative-exponent-too-long": ("1e-" + "9" * 20, None),
}


@pytest.mark.parametrize("name", LONG)
def test_long_digit_strings_within_max_digits(name):
    s, expected = LONG[name]
    if expected is None:
        with pytest.raises(InputError) as ei:
            rational(s, where="M[0][0]")
        assert str(ei.value).startswith("M[0][0]: ")
        if "exponent" in name:
            assert "out of range" in str(ei.value)
        return
    assert rational(s) == expected


@pytest.mark.parametrize("s, expected", [("1e" + "0" * 5000 + "1", q(10)),
                                         ("1e-" + "0" * 5000 + "1", q(1, 10)),
                                         ("2e+" + "0" * 5000, q(2))], ids=["plus", "minus", "zero"])
def test_exponent_with_many_leading_zeros(s, expected):
    # Either the exact value or an InputError is acceptable; a bare ValueError is not.
    try:
        v = rational(s)
    except InputError:
        return
    assert v == expected


def test_round_trip_of_large_values():
    x = flint.fmpq(10 ** 5000 + 1, 3)
    assert rational(str(x)) == x
    assert rational(Fraction(10 ** 5000 + 1, 3)) == x
    assert rational(flint.fmpz(10) ** 6000) == flint.fmpq(10) ** 6000


def test_max_digits_boundary():
    assert rational("1" + "0" * (MAX_DIGITS - 1)) == flint.fmpq(10) ** (MAX_DIGITS - 1)
    with pytest.raises(InputError, match="too long"):
        rational("1" + "0" * MAX_DIGITS)


@pytest.mark.parametrize("s", ["٣/٤", "１２", "৫", "1/٤", "0.٥", "1e٣", "²", "7\u0663", "\u0663e2"])
def test_non_ascii_digits_refused(s):
    """Only ASCII digits spell numbers (as in the published schema); other scripts' decimal
    digits, which Python's ``\\d`` and ``int()`` would accept, are refused."""
    with pytest.raises(InputError, match="not an exact number"):
        rational(s)


# -- properties -------------------------------------------------------------------------------
@FAST
@given(st.text(max_size=60))
def test_arbitrary_text_gives_fmpq_or_input_error(s):
    try:
        v = rational(s)
    except InputError as e:
        assert "\n" not in str(e)
        return
    assert isinstance(v, flint.fmpq)


NUMBERISH = st.text(alphabet="0123456789+-./eE \t", max_size=25)


@FAST
@given(NUMBERISH)
def test_numberish_text_gives_fmpq_or_input_error(s):
    try:
        v = rational(s)
    except InputError:
        return
    assert isinstance(v, flint.fmpq)


def _reference(s: str):
    """An independent reading of the accepted grammar with ``fractions`` (None = refused)."""
    t = s.strip()
    m = re.fullmatch(r"([+-]?[0-9]+)\s*/\s*([+-]?[0-9]+)", t)
    if m:
        n, d = int(m.group(1)), int(m.group(2))
        return None if d == 0 else Fraction(n, d)
    m = re.fullmatch(r"([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?", t)
    if not m or not (m.group(2) or m.group(3)):
        return None
    e = int(m.group(4) or 0)
    if abs(e) > MAX_EXPONENT:
        return None
    frac = m.group(3) or ""
    v = Fraction(int((m.group(2) or "0") + frac), 10 ** len(frac)) * Fraction(10) ** e
    return -v if m.group(1) == "-" else v


@FAST
@given(NUMBERISH)
def test_matches_reference_grammar(s):
    ref = _reference(s)
    try:
        v = rational(s)
    except InputError:
        assert ref is None, f"{s!r} refused but it spells {ref}"
        return
    assert ref is not None, f"{s!r} accepted as {v}"
    assert Fraction(int(v.p), int(v.q)) == ref


@FAST
@given(st.integers(), st.integers(min_value=1))
def test_round_trip_str_fmpq(p, r):
    x = flint.fmpq(p, r)
    assert rational(str(x)) == x
    assert rational(Fraction(p, r)) == x
    assert rational(sympy.Rational(p, r)) == x
    assert rational(f"{p}/{r}") == x
    assert rational(f" {p} / {r} ") == x


@FAST
@given(st.integers(min_value=-10 ** 30, max_value=10 ** 30), st.integers(0, 40),
       st.integers(-50, 50))
def test_decimal_strings_are_exact(n, k, e):
    digits = str(abs(n)).rjust(k + 1, "0")
    s = ("-" if n < 0 else "") + digits[:len(digits) - k] + "." + digits[len(digits) - k:]
    assert rational(s) == flint.fmpq(n, 10 ** k)
    assert rational(f"{s}e{e}") == flint.fmpq(n, 10 ** k) * flint.fmpq(10) ** e


@FAST
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_every_float_refused(x):
    with pytest.raises(InputError):
        rational(x)
    # ... but its decimal spelling as a string is accepted exactly (when it is finite).
    if x == x and abs(x) != float("inf"):
        s = repr(x)
        assert rational(s) == flint.fmpq(*Fraction(decimal.Decimal(s)).as_integer_ratio())
