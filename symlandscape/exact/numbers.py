"""Exact rational numbers from user input.

Every number that reaches a decision passes through :func:`rational`. It
accepts only representations whose value is exactly known and refuses Python
floats, which silently carry binary rounding error.
"""

__all__ = ["InputError", "WorkLimitExceeded", "rational", "MAX_EXPONENT", "MAX_DIGITS"]

import re
from fractions import Fraction
from numbers import Integral, Rational

import flint

#: Largest decimal exponent accepted in a string such as ``"1e-3"``: larger ones
#: would make the exact value itself enormous (``"1e999999999"`` has a billion digits).
MAX_EXPONENT = 10_000
#: Longest digit string accepted in one number.
MAX_DIGITS = 100_000

# ASCII only: \d would also match other scripts' digits.
_DECIMAL = re.compile(r"^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$")
_RATIO = re.compile(r"^([+-]?[0-9]+)\s*/\s*([+-]?[0-9]+)$")


class InputError(ValueError):
    """Bad user input: the message is one line that names the offending entry."""


class WorkLimitExceeded(Exception):
    """An exact computation would exceed one of its documented size limits.

    Not an :class:`InputError`: the input is valid, the answer is just too
    expensive to compute here. Callers that decide a verdict turn it into
    ``"undetermined"`` with ``reason`` (one line); the CLI into exit code 2.

    Parameters
    ----------
    reason : str
        One line: what was asked for and which limit (a module constant) stopped it.

    Examples
    --------
    >>> e = WorkLimitExceeded("exact charpoly of a 900 x 900 matrix (limit 500)")
    >>> e.reason, isinstance(e, InputError)
    ('exact charpoly of a 900 x 900 matrix (limit 500)', False)
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = " ".join(str(reason).split())  # one line, whatever the caller built


def rational(x, where: str = "value") -> flint.fmpq:
    """Return the exact rational value of ``x`` as a ``flint.fmpq``.

    Parameters
    ----------
    x : int, Fraction, sympy.Rational, flint.fmpq, flint.fmpz or str
        Strings may be integers (``"-2"``), ratios (``"3/4"``) or decimals
        (``"0.125"``, ``"1e-3"``); a decimal string is the rational it spells.
    where : str
        Name of the entry, used in error messages.

    Returns
    -------
    flint.fmpq

    Raises
    ------
    InputError
        For floats, bools, NaN, infinities, malformed strings, zero
        denominators, exponents beyond ``MAX_EXPONENT`` and anything else.

    Examples
    --------
    >>> rational("3/4"), rational("0.125"), rational("1e-3"), rational(-2)
    (3/4, 1/8, 1/1000, -2)
    >>> rational(0.5, where="X[0][1]")
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: X[0][1]: 0.5 is a float; give exact numbers as ints or strings such as "1/2" or "0.5"
    """
    if isinstance(x, flint.fmpq):
        return x
    if isinstance(x, bool):
        raise InputError(f"{where}: {x!r} is a bool, not a number")
    if isinstance(x, (int, flint.fmpz)):
        return flint.fmpq(int(x))
    if isinstance(x, float):
        raise InputError(f'{where}: {x!r} is a float; give exact numbers as ints or strings '
                         f'such as "1/2" or "0.5"')
    if isinstance(x, str):
        return _parse(x, where)
    if isinstance(x, (Fraction, Rational)) and not isinstance(x, Integral):
        return flint.fmpq(int(x.numerator), int(x.denominator))
    if isinstance(x, Integral):
        return flint.fmpq(int(x))
    # sympy.Rational is registered with numbers.Rational; anything else (sympy
    # Float, irrational symbols, numpy floats) is refused.
    raise InputError(f"{where}: {x!r} ({type(x).__name__}) is not an exact rational number")


def _parse(s: str, where: str) -> flint.fmpq:
    t = s.strip()
    if len(t) > MAX_DIGITS:
        raise InputError(f"{where}: number string of {len(t)} characters is too long")
    m = _RATIO.match(t)
    if m:
        # flint parses long digit strings (Python's int() refuses > 4300 digits)
        num, den = _int(m.group(1)), _int(m.group(2))
        if den == 0:
            raise InputError(f"{where}: {s[:40]!r} has a zero denominator")
        return flint.fmpq(num, den)
    m = _DECIMAL.match(t)
    if not m or not (m.group(2) or m.group(3)):
        raise InputError(f"{where}: {s!r} is not an exact number "
                         f'(use forms like "-2", "3/4", "0.125", "1e-3")')
    sign, whole, frac, exp = m.groups()
    frac = frac or ""
    if exp and len(exp.lstrip("+-").lstrip("0")) > len(str(MAX_EXPONENT)):
        raise InputError(f"{where}: exponent in {s[:40]!r} is out of range (|exponent| <= {MAX_EXPONENT})")
    e = (-1 if exp and exp[0] == "-" else 1) * int(exp.lstrip("+-").lstrip("0") or "0") if exp else 0
    if abs(e) > MAX_EXPONENT:
        raise InputError(f"{where}: exponent {e} in {s!r} is out of range "
                         f"(|exponent| <= {MAX_EXPONENT})")
    value = flint.fmpq(_int((whole or "0") + frac), flint.fmpz(10) ** len(frac))
    value *= flint.fmpq(10) ** e if e >= 0 else flint.fmpq(1, flint.fmpz(10) ** -e)
    return -value if sign == "-" else value


def _int(digits: str) -> flint.fmpz:
    return flint.fmpz(digits.lstrip("+"))
