"""Exercises and grades, the topic registry, and the comparisons that say what is wrong.

An :class:`Exercise` is built once by its topic from a seed and carries its statement as
*parts* (plain text and mathematical objects), so the same exercise renders to the
terminal (:func:`render_text`) and to LaTeX through SymPy's printer (:func:`render_latex`).
Its ``solution`` is exact (``Fraction`` / nested lists / a SymPy expression / a word)
and ``solution_text`` is what a student would type for it.
"""

__all__ = ["Exercise", "Grade", "Topic", "M", "register", "topics", "get_topic", "render_text",
           "render_latex", "fmt", "as_matrix", "matrix_complaint", "scalar_of", "internal_check",
           "rng_for", "entry_name"]

import random
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable

import sympy

from ..exact.numbers import InputError
from .parse import AnswerError, exact_equal, parse_answer


@dataclass(frozen=True)
class M:
    """A mathematical part of a statement: ``obj`` is printed by ``sympy.latex`` in LaTeX,
    and as ``text`` (default: the answer syntax of :func:`fmt`) on the terminal."""

    obj: object
    text: str | None = None
    display: bool = False


@dataclass
class Exercise:
    """One generated exercise.

    Attributes
    ----------
    topic, title : str
        The topic's name and title (the title is filled in by :meth:`Topic.generate`).
    seed : int
    parts : list
        The statement: ``str`` (plain text) and :class:`M` (mathematics).
    answer_format : str
        How to type the answer (plain text).
    solution : object
        The exact answer.
    solution_text : str
        The answer as a student would type it (it grades correct).
    explanation : list
        A worked solution, parts as in ``parts``.
    data : dict
        The exercise's data (JSON-able: rationals as strings).
    names : dict
        Names the answer may use (for :func:`~symlandscape.exercises.parse.parse_answer`).
    kind : str
        ``"number"`` (one number), ``"choice"`` (one word of ``choices``) or ``"structured"``.
    choices : tuple
        The accepted words of a ``"choice"`` exercise.
    extra : dict
        What the grader needs beyond the solution (the matrices typical mistakes give).
    """

    topic: str
    seed: int
    title: str
    parts: list
    answer_format: str
    solution: object
    solution_text: str
    explanation: list = field(default_factory=list)
    data: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)
    kind: str = "structured"
    choices: tuple = ()
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Grade:
    """The grade of one answer: ``status`` is ``"correct"``, ``"incorrect"`` or
    ``"unparseable"``; ``message`` says what is wrong (one or a few lines)."""

    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == "correct"


@dataclass(frozen=True)
class Topic:
    """A topic: ``generate(seed) -> Exercise`` and ``grade(exercise, answer) -> Grade``."""

    name: str
    title: str
    _generate: Callable
    _grade: Callable

    def generate(self, seed: int) -> Exercise:
        """The exercise of this topic for ``seed`` (a non-negative integer); the same seed
        gives the same exercise on every machine."""
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 10 ** 9:
            raise InputError(f"seed must be an integer in 0..999999999, got {seed!r}")
        ex = self._generate(rng_for(self.name, seed), seed)
        ex.title = self.title
        return ex

    def grade(self, exercise: Exercise, answer: str) -> Grade:
        """Grade the text ``answer`` against ``exercise`` (never evaluates the text)."""
        if exercise.topic != self.name:
            raise InputError(f"an exercise of topic {exercise.topic!r} graded as {self.name!r}")
        try:
            return self._grade(exercise, answer)
        except AnswerError as e:
            return Grade("unparseable", f"cannot read the answer: {e} (expected: {exercise.answer_format})")


_TOPICS: dict = {}


def register(name: str, title: str):
    """Decorator registering ``(generate, grade)`` returned by the decorated factory."""
    def deco(factory):
        gen, grade = factory()
        if name in _TOPICS:
            raise ValueError(f"topic {name} registered twice")
        _TOPICS[name] = Topic(name, title, gen, grade)
        return factory
    return deco


def topics() -> list:
    """The registered topics, in registration order."""
    from . import topics_linear, topics_nets  # noqa: F401  (importing registers them)
    return list(_TOPICS.values())


def get_topic(name: str) -> Topic:
    """The topic ``name``; InputError naming the known topics otherwise."""
    known = {t.name: t for t in topics()}
    if name not in known:
        raise InputError(f"unknown exercise topic {str(name)[:40]!r} (known: {', '.join(known)}; "
                         f"see `symlandscape exercise --list`)")
    return known[name]


def rng_for(name: str, seed: int) -> random.Random:
    """A private generator for (topic, seed): never the global random state."""
    return random.Random(f"symlandscape-exercise:{name}:{seed}")


def internal_check(ok: bool, what: str) -> None:
    """An exercise whose solution two routes disagree on is never printed."""
    if not ok:
        raise RuntimeError(f"internal error: the solution failed its independent check: {what}")


# -- formatting ------------------------------------------------------------------------------------
def fmt(v) -> str:
    """The answer syntax of a value: ``Fraction(3, 4)`` -> ``3/4``, lists as ``[...]``.

    >>> fmt([[Fraction(1), Fraction(-3, 4)]]), fmt(sympy.Rational(2, 3) * sympy.Symbol("s") ** 2)
    ('[[1, -3/4]]', '2*s**2/3')
    """
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(fmt(x) for x in v) + "]"
    if isinstance(v, sympy.MatrixBase):
        return fmt(v.tolist())
    if isinstance(v, (Fraction, int)):
        return str(Fraction(v))
    if isinstance(v, sympy.Basic):
        return sympy.sstr(v)
    return str(v)


def _sym(v):
    if isinstance(v, Fraction):
        return sympy.Rational(v.numerator, v.denominator)
    if isinstance(v, (list, tuple)):
        if v and isinstance(v[0], (list, tuple)):
            return sympy.Matrix([[_sym(x) for x in row] for row in v])
        return sympy.Matrix([_sym(x) for x in v])
    return v


_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                  "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"}


def latex_text(s: str) -> str:
    """Plain text made safe for LaTeX."""
    return "".join(_LATEX_SPECIAL.get(c, c) for c in s)


def render_text(parts) -> str:
    """The parts as terminal text (mathematics in answer syntax)."""
    out = []
    for p in parts:
        if isinstance(p, M):
            t = p.text if p.text is not None else " = ".join(
                fmt(o) for o in (p.obj if isinstance(p.obj, tuple) else (p.obj,)))
            out.append(f"\n    {t}\n" if p.display else t)
        else:
            out.append(p)
    return "".join(out)


def render_latex(parts) -> str:
    """The parts as LaTeX: text escaped, mathematics by ``sympy.latex``."""
    out = []
    for p in parts:
        if isinstance(p, M):
            objs = p.obj if isinstance(p.obj, tuple) else (p.obj,)
            tex = " = ".join(sympy.latex(_sym(o)) for o in objs)
            out.append(f"\n\\[ {tex} \\]\n" if p.display else f"${tex}$")
        else:
            out.append(latex_text(p))
    return "".join(out)


# -- comparing answers ---------------------------------------------------------------------------------
def scalar_of(v, what: str = "the answer"):
    """A parsed answer that must be one number (or expression)."""
    if isinstance(v, list):
        if len(v) == 1 and not isinstance(v[0], list):
            return v[0]
        raise AnswerError(f"{what} must be a single number, not a list")
    return v


def as_matrix(v, shape: tuple, what: str = "the answer") -> list:
    """A parsed answer as a list of rows; a flat list is read as the only row or column
    ``shape`` allows, a single number as a 1 x 1 matrix."""
    if not isinstance(v, list):
        return [[v]]
    if all(not isinstance(x, list) for x in v):
        if shape[1] == 1 and shape[0] != 1:
            return [[x] for x in v]
        return [list(v)]
    if not all(isinstance(r, list) for r in v):
        raise AnswerError(f"{what}: mix of numbers and rows (write a matrix as [[row 1], [row 2], ...])")
    if any(isinstance(x, list) for r in v for x in r):
        raise AnswerError(f"{what}: too many levels of brackets for a matrix")
    if len({len(r) for r in v}) != 1:
        raise AnswerError(f"{what}: rows of different lengths {[len(r) for r in v]}")
    return [list(r) for r in v]


def _eq(A, B) -> bool:
    return (len(A) == len(B) and all(len(a) == len(b) for a, b in zip(A, B))
            and all(exact_equal(x, y) for a, b in zip(A, B) for x, y in zip(a, b)))


def entry_name(i: int, j: int, shape: tuple) -> str:
    """``entry (i, j)`` 1-based, or ``entry i`` of a vector."""
    if shape[1] == 1:
        return f"entry {i + 1}"
    if shape[0] == 1:
        return f"entry {j + 1}"
    return f"entry ({i + 1}, {j + 1})"


def matrix_complaint(expected: list, got: list, name: str, alternatives: dict | None = None) -> str | None:
    """What is wrong with the matrix ``got`` (rows) as ``expected``; None when it is right.

    ``alternatives`` maps a description (``"dL/dW_2, the other block"``) to a matrix a
    typical mistake produces; one that matches (and differs from ``expected``) is named.

    Examples
    --------
    >>> F = Fraction
    >>> E = [[F(1), F(2)], [F(3), F(4)]]
    >>> matrix_complaint(E, [[F(1), F(2)], [F(3), F(-4)]], "G")
    'G: entry (2, 2) is wrong (its sign is wrong)'
    >>> matrix_complaint(E, [[F(-1), F(-2)], [F(-3), F(-4)]], "G")
    'G: wrong sign: your answer is the negative of the correct one'
    >>> matrix_complaint(E, [[F(1), F(3)], [F(2), F(4)]], "G")
    'G: your answer is the transpose of the correct one'
    >>> matrix_complaint(E, [[F(1), F(2)]], "G")
    'G: wrong shape: expected 2 x 2, got 1 x 2'
    """
    shape = (len(expected), len(expected[0]))
    gshape = (len(got), len(got[0]) if got else 0)
    for desc, alt in (alternatives or {}).items():
        if alt is not None and not _eq(alt, expected) and _eq(alt, got):
            return f"{name}: your answer is {desc}"
    if gshape != shape:
        hint = " (did you transpose?)" if gshape == shape[::-1] else ""
        return f"{name}: wrong shape: expected {shape[0]} x {shape[1]}, got {gshape[0]} x {gshape[1]}{hint}"
    if _eq(expected, got):
        return None
    neg = [[-x for x in r] for r in expected]
    if _eq(neg, got):
        return f"{name}: wrong sign: your answer is the negative of the correct one"
    if shape[0] == shape[1] and shape[0] > 1 and _eq([list(r) for r in zip(*expected)], got):
        return f"{name}: your answer is the transpose of the correct one"
    bad = [(i, j) for i in range(shape[0]) for j in range(shape[1]) if not exact_equal(expected[i][j], got[i][j])]
    desc = [entry_name(i, j, shape) for i, j in bad[:3]]
    signs = [entry_name(i, j, shape) for i, j in bad[:3] if exact_equal(-expected[i][j], got[i][j])]
    more = f" and {len(bad) - 3} more" if len(bad) > 3 else ""
    verb = "is" if len(bad) == 1 else "are"
    why = (" (its sign is wrong)" if len(bad) == 1 else f" (wrong sign: {', '.join(signs)})") if signs else ""
    return f"{name}: {', '.join(desc)}{more} {verb} wrong{why}"


def parse(exercise: Exercise, text: str):
    """The student's answer parsed with the exercise's allowed names."""
    return parse_answer(text, exercise.names)
