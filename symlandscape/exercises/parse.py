"""A safe parser for students' answers: a whitelist over Python's ``ast``, evaluated exactly.

The text is parsed with :func:`ast.parse` (``mode="eval"``: one expression, never
executed) after cheap checks on its length and bracket depth, every node is checked
against a whitelist, and the value is built node by node: integer and decimal literals
become :class:`fractions.Fraction` (``0.125`` is exactly 1/8; exponent notation such as
``1e9`` is refused), ``+ - * / **`` act on Fractions, lists (nested) are vectors and
matrices. Names exist only when a topic allows them: the function ``sqrt`` and symbols
such as ``s`` (a SymPy symbol); then the value is a SymPy expression built with SymPy's
own arithmetic, never by ``sympify`` of text.

Every limit (text length, node count, nesting depth, integer digits, exponent size, size of
every intermediate number) is checked *before* the work it bounds, so a hostile answer
(``9**9**9``, ``((((...))))``, ``__import__('os')``, ``lambda: 0``, ``[x for x in y]``)
costs microseconds and ends in one :class:`AnswerError` with a one-line message.
"""

__all__ = ["AnswerError", "parse_answer", "LIMITS", "exact_equal"]

import ast
import re
import warnings
from fractions import Fraction

import sympy

#: The limits every answer must respect (text characters, AST nodes, nesting depth,
#: digits of a literal, absolute value of an exponent, bits of any intermediate number).
LIMITS = {"chars": 2000, "nodes": 400, "depth": 12, "digits": 30, "exponent": 12, "bits": 1024}

_DECIMAL = re.compile(r"(\d[\d_]*)?\.(\d[\d_]*)?")


class AnswerError(ValueError):
    """An answer that cannot be read; ``str(e)`` is one line saying why."""


def parse_answer(text, names=None):
    """Read an answer: a number, an expression, or a (nested) list of them.

    Parameters
    ----------
    text : str
        What the student typed, e.g. ``"[[1, -2], [3/4, 0]]"``, ``"-1/2"``, ``"3*s**2"``.
    names : dict, optional
        Allowed names: ``{"s": sympy.Symbol("s")}`` for symbols, ``{"sqrt": "sqrt"}`` for the
        square root. Without names no name is accepted.

    Returns
    -------
    Fraction, sympy.Expr or list
        Fractions when the answer uses no names, SymPy expressions otherwise; lists nest
        as typed.

    Raises
    ------
    AnswerError
        Unparseable, a construct outside the whitelist, or a limit exceeded.

    Examples
    --------
    >>> parse_answer("[[1, -2], [3/4, 0.5]]")
    [[Fraction(1, 1), Fraction(-2, 1)], [Fraction(3, 4), Fraction(1, 2)]]
    >>> parse_answer("2**-2 - (1/4)")
    Fraction(0, 1)
    >>> s = sympy.Symbol("s")
    >>> parse_answer("6*s**2 + sqrt(8)", {"s": s, "sqrt": "sqrt"})
    6*s**2 + 2*sqrt(2)
    >>> parse_answer("9**9**9")
    Traceback (most recent call last):
    ...
    symlandscape.exercises.parse.AnswerError: exponent 387420489 is too large (at most 12 in absolute value)
    >>> parse_answer("__import__('os')")
    Traceback (most recent call last):
    ...
    symlandscape.exercises.parse.AnswerError: function '__import__' is not allowed here (allowed: none)
    """
    if not isinstance(text, str):
        raise AnswerError("the answer must be text")
    names = dict(names or {})
    text = text.strip()
    if not text:
        raise AnswerError("the answer is empty")
    if len(text) > LIMITS["chars"]:
        raise AnswerError(f"the answer is too long ({len(text):,} characters, at most {LIMITS['chars']:,})")
    _bracket_depth(text)
    try:
        with warnings.catch_warnings():   # e.g. "invalid escape sequence": a message, not output
            warnings.simplefilter("ignore")
            tree = ast.parse(text, mode="eval")
    except SyntaxError as e:
        col = f" at column {e.offset}" if e.offset else ""
        raise AnswerError(f"not a well-formed expression{col}: {text[:40]!r}") from None
    except (ValueError, RecursionError, MemoryError, OverflowError) as e:
        raise AnswerError(f"the answer cannot be read ({type(e).__name__})") from None
    _check_tree(tree, text)
    return _Evaluator(text, names).value(tree.body)


def _bracket_depth(text: str) -> None:
    """Refuse deep nesting before the Python parser sees it (its own limit is a crash risk)."""
    depth = worst = unary = 0
    for ch in text:
        if ch in "([{":
            depth += 1
            worst = max(worst, depth)
        elif ch in ")]}":
            depth -= 1
        # a long run of signs nests as deeply as brackets do
        unary = unary + 1 if ch in "+-~" else (unary if ch.isspace() else 0)
        if unary > LIMITS["depth"]:
            raise AnswerError(f"too many signs in a row (at most {LIMITS['depth']})")
    if worst > LIMITS["depth"]:
        raise AnswerError(f"the answer nests too deeply ({worst} brackets, at most {LIMITS['depth']})")


_ALLOWED = (ast.Expression, ast.Constant, ast.BinOp, ast.UnaryOp, ast.List, ast.Tuple, ast.Name,
            ast.Call, ast.Load, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd)


def _describe(node) -> str:
    kinds = {ast.Lambda: "a lambda", ast.Attribute: "an attribute", ast.Subscript: "indexing",
             ast.ListComp: "a comprehension", ast.SetComp: "a comprehension", ast.DictComp: "a comprehension",
             ast.GeneratorExp: "a comprehension", ast.Compare: "a comparison", ast.BoolOp: "and/or",
             ast.IfExp: "a conditional", ast.Dict: "a dictionary", ast.Set: "a set",
             ast.JoinedStr: "an f-string", ast.NamedExpr: "an assignment", ast.Starred: "a starred item",
             ast.Await: "await", ast.Not: "'not'", ast.Invert: "'~'", ast.Yield: "yield", ast.YieldFrom: "yield", ast.Slice: "a slice"}
    for k, what in kinds.items():
        if isinstance(node, k):
            return what
    return type(node).__name__


def _check_tree(tree, text: str) -> None:
    """Whitelist of node types, node count and depth (iteratively: no recursion on input)."""
    count, stack = 0, [(tree, 0)]
    while stack:
        node, d = stack.pop()
        count += 1
        if count > LIMITS["nodes"]:
            raise AnswerError(f"the answer is too large (more than {LIMITS['nodes']} parts)")
        if d > 3 * LIMITS["depth"]:
            raise AnswerError(f"the answer nests too deeply (at most {LIMITS['depth']} levels)")
        if not isinstance(node, _ALLOWED):
            raise AnswerError(f"{_describe(node)} is not allowed in an answer")
        if isinstance(node, ast.BinOp) and not isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)):
            raise AnswerError("only + - * / ** are allowed")
        if isinstance(node, ast.Call) and (node.keywords or not isinstance(node.func, ast.Name)):
            raise AnswerError("only a plain call such as sqrt(2) is allowed")
        stack.extend((c, d + 1) for c in ast.iter_child_nodes(node))


class _Evaluator:
    def __init__(self, text: str, names: dict):
        self.text, self.names = text, names
        self.symbolic = bool(names)

    def value(self, node):
        if isinstance(node, (ast.List, ast.Tuple)):
            if not node.elts:
                raise AnswerError("an empty list is not an answer")
            return [self.value(e) for e in node.elts]
        v = self.scalar(node)
        return v

    def scalar(self, node):
        if isinstance(node, ast.Constant):
            return self.literal(node)
        if isinstance(node, ast.Name):
            if node.id not in self.names or self.names[node.id] == "sqrt":
                allowed = ", ".join(n for n in self.names) or "none"
                what = "is a function: call it, e.g. sqrt(2)" if self.names.get(node.id) == "sqrt" else \
                    f"is not allowed here (allowed: {allowed})"
                raise AnswerError(f"name {node.id[:30]!r} {what}")
            return self.names[node.id]
        if isinstance(node, ast.Call):
            fn = node.func.id
            if self.names.get(fn) != "sqrt":
                allowed = ", ".join(n for n, v in self.names.items() if v == "sqrt") or "none"
                raise AnswerError(f"function {fn[:30]!r} is not allowed here (allowed: {allowed})")
            if len(node.args) != 1:
                raise AnswerError("sqrt takes one argument")
            a = self.scalar(node.args[0])
            if isinstance(a, sympy.Basic) and a.is_Rational:
                a = Fraction(int(a.p), int(a.q))
            if not isinstance(a, Fraction):
                raise AnswerError("sqrt takes a number, e.g. sqrt(2) or sqrt(3/4)")
            if a < 0:
                raise AnswerError("sqrt of a negative number")
            return self.bounded(sympy.sqrt(sympy.Rational(a.numerator, a.denominator)))
        if isinstance(node, (ast.List, ast.Tuple)):
            raise AnswerError("a list cannot be part of an arithmetic expression")
        if isinstance(node, ast.UnaryOp):
            v = self.scalar(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp):
            a, b = self.scalar(node.left), self.scalar(node.right)
            op = node.op
            if isinstance(op, ast.Pow):
                return self.power(a, b)
            if isinstance(op, ast.Div):
                if b == 0:
                    raise AnswerError("division by zero")
                r = a / b
            elif isinstance(op, ast.Mult):
                r = a * b
            elif isinstance(op, ast.Add):
                r = a + b
            else:
                r = a - b
            return self.bounded(r)
        raise AnswerError(f"{_describe(node)} is not allowed in an answer")

    def literal(self, node):
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            what = "text" if isinstance(v, (str, bytes)) else "a complex number" if isinstance(v, complex) else repr(v)[:20]
            raise AnswerError(f"{what} is not allowed in an answer (numbers only)")
        seg = ast.get_source_segment(self.text, node) or ""
        digits = sum(c.isdigit() for c in seg)
        if digits > LIMITS["digits"]:
            raise AnswerError(f"a number with {digits} digits is too long (at most {LIMITS['digits']})")
        if isinstance(v, int):
            out = Fraction(v)
        else:
            if not _DECIMAL.fullmatch(seg):
                raise AnswerError(f"write {seg[:20]!r} as a fraction or a plain decimal (no exponent notation)")
            out = Fraction(seg.replace("_", ""))  # the exact rational the decimal spells
        return sympy.Rational(out.numerator, out.denominator) if self.symbolic else out

    def power(self, a, b):
        e = b
        if isinstance(e, sympy.Basic):
            if not e.is_Integer:
                raise AnswerError("an exponent must be a whole number")
            e = Fraction(int(e))
        if not isinstance(e, Fraction) or e.denominator != 1:
            raise AnswerError("an exponent must be a whole number (write sqrt(x) for a square root)")
        n = e.numerator
        if abs(n) > LIMITS["exponent"]:
            raise AnswerError(f"exponent {n} is too large (at most {LIMITS['exponent']} in absolute value)")
        if a == 0 and n < 0:
            raise AnswerError("division by zero (0 to a negative power)")
        if isinstance(a, Fraction) and max(a.numerator.bit_length(), a.denominator.bit_length()) * abs(n) > LIMITS["bits"]:
            raise AnswerError(f"a number in the answer is too large (more than {LIMITS['bits']} bits)")
        return self.bounded(a ** n)

    def bounded(self, r):
        if isinstance(r, Fraction):
            if max(r.numerator.bit_length(), r.denominator.bit_length()) > LIMITS["bits"]:
                raise AnswerError(f"a number in the answer is too large (more than {LIMITS['bits']} bits)")
            return r
        # SymPy: every rational inside must be small, and the expression must stay small
        if sympy.count_ops(r) > LIMITS["nodes"]:
            raise AnswerError(f"the answer is too large (more than {LIMITS['nodes']} operations)")
        # few distinct square roots keep the exact equality test (a minimal polynomial) small
        if len({p for p in r.atoms(sympy.Pow) if not p.exp.is_Integer}) > 3:
            raise AnswerError("at most three different square roots in an answer")
        for q in r.atoms(sympy.Rational):
            if max(int(q.p).bit_length(), int(q.q).bit_length()) > LIMITS["bits"]:
                raise AnswerError(f"a number in the answer is too large (more than {LIMITS['bits']} bits)")
        return r


def exact_equal(a, b) -> bool:
    """Exact equality of two scalars (Fractions or SymPy expressions: polynomials in symbols
    with algebraic coefficients). Decided by expansion and, for constants, by the minimal
    polynomial of the difference (zero iff it is ``x``); never numerically.

    >>> exact_equal(Fraction(1, 2), sympy.Rational(1, 2))
    True
    >>> exact_equal(sympy.sqrt(8), 2 * sympy.sqrt(2)), exact_equal(sympy.sqrt(2), Fraction(7, 5))
    (True, False)
    """
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a == b
    if isinstance(a, (str, bytes)) or isinstance(b, (str, bytes)):
        raise TypeError("exact_equal compares parsed values, never text")
    # strict sympify only converts numbers and SymPy objects (it refuses strings too)
    conv = lambda v: sympy.Rational(v.numerator, v.denominator) if isinstance(v, Fraction) else sympy.sympify(v, strict=True)  # noqa: E731
    d = sympy.expand(conv(a) - conv(b))
    if d == 0:
        return True
    if d.free_symbols:
        # a polynomial in the symbols: expanded to 0 iff every coefficient is 0
        syms = sorted(d.free_symbols, key=str)
        try:
            coeffs = sympy.Poly(d, *syms).coeffs()
        except sympy.PolynomialError:
            return False
        return all(exact_equal(c, Fraction(0)) for c in coeffs)
    if d.is_Rational:
        return False
    x = sympy.Dummy("x")
    return sympy.minimal_polynomial(d, x) == x
