"""Problem sheets: LaTeX documents (exercises, and solutions separately), PDF, Moodle XML.

A sheet is a list of ``(topic, seed)``; every exercise on it names its topic and seed, so a
student can grade each answer with ``symlandscape grade TOPIC --seed N ANSWER``.
"""

__all__ = ["MAX_EXERCISES", "sheet_exercises", "exercise_text", "exercise_latex", "sheet_latex", "moodle_xml", "compile_pdf", "write_pdf"]

import os
import xml.etree.ElementTree as ET

from ..exact.numbers import InputError
from ..outfiles import write_files
from ..printing.pdf import compile_pdf as _compile_pdf
from .base import Exercise, get_topic, latex_text, render_latex, render_text

_PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[utf8]{inputenc}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage{amsmath,amssymb}
\usepackage[margin=2.2cm]{geometry}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.6em}
\allowdisplaybreaks
\sloppy
"""


#: Most exercises on one sheet (``sheet`` and ``grade --topics``): generating one takes
#: up to a few milliseconds, and a sheet is for people.
MAX_EXERCISES = 100


def sheet_exercises(topic_names, seed: int) -> list:
    """The exercises of a sheet: topic ``i`` gets ``seed`` (a repeated topic ``seed + 1``, ...).

    >>> [(e.topic, e.seed) for e in sheet_exercises(["kron-vec", "moment", "kron-vec"], 5)]
    [('kron-vec', 5), ('moment', 5), ('kron-vec', 6)]
    """
    if not topic_names:
        raise InputError("a sheet needs at least one topic")
    if len(topic_names) > MAX_EXERCISES:   # `--topics` with 100,000 names ran for minutes
        raise InputError(f"a sheet has at most {MAX_EXERCISES} exercises, not {len(topic_names):,}")
    seen, out = {}, []
    for name in topic_names:
        t = get_topic(name)
        k = seen.get(name, 0)
        seen[name] = k + 1
        out.append(t.generate(seed + k))
    return out


def exercise_latex(ex: Exercise, number: int | None = None, solution: bool = False) -> str:
    """One exercise as a LaTeX fragment (with its worked solution when ``solution``)."""
    head = f"Exercise {number}" if number is not None else "Exercise"
    lines = [f"\\subsection*{{{head}: {latex_text(ex.title)}}}",
             f"{{\\small topic \\texttt{{{latex_text(ex.topic)}}}, seed {ex.seed}}}\n",
             render_latex(ex.parts), "",
             f"\\emph{{Answer format:}} {latex_text(ex.answer_format)}.", ""]
    if solution:
        lines += [f"\\emph{{Solution:}} \\texttt{{{latex_text(ex.solution_text)}}}", "",
                  render_latex(ex.explanation), ""]
    return "\n".join(lines)


def sheet_latex(exercises, title: str = "Problem sheet", solutions: bool = False) -> str:
    """A complete LaTeX document of the exercises (``solutions``: with the worked solutions).

    >>> tex = sheet_latex(sheet_exercises(["kron-vec"], 0))
    >>> tex.startswith("\\\\documentclass") and tex.rstrip().endswith("\\\\end{document}")
    True
    """
    body = [_PREAMBLE, "\\begin{document}",
            f"\\section*{{{latex_text(title)}{' --- solutions' if solutions else ''}}}",
            latex_text("Grade an answer with: symlandscape grade TOPIC --seed N ANSWER"), ""]
    for i, ex in enumerate(exercises, 1):
        body.append(exercise_latex(ex, i, solutions))
    body.append("\\end{document}\n")
    return "\n".join(body)


def _html(parts) -> str:
    """Moodle question text: the LaTeX of the statement (Moodle's MathJax filter renders
    ``\\( ... \\)``), with the text parts escaped by ElementTree."""
    tex = render_latex(parts)
    # inline $...$ -> \( ... \) (Moodle's filter does not read single dollars)
    out, inside = [], False
    for ch in tex:
        if ch == "$":
            out.append("\\)" if inside else "\\(")
            inside = not inside
        else:
            out.append(ch)
    return "<p>" + "".join(out).replace("\n", " ") + "</p>"


def moodle_xml(exercises, category: str = "symlandscape") -> str:
    """A Moodle XML quiz: one question per exercise. A one-number answer becomes a
    ``numerical`` question (exact rationals as their value with tolerance 0 when they are
    finite decimals, else ``shortanswer`` with the fraction), a word answer ``shortanswer``,
    anything else an ``essay`` with the solution as feedback.

    >>> import xml.etree.ElementTree as ET
    >>> root = ET.fromstring(moodle_xml(sheet_exercises(["global-min", "kron-vec"], 0)))
    >>> [q.get("type") for q in root.iter("question")]
    ['category', 'numerical', 'essay']
    """
    from fractions import Fraction
    quiz = ET.Element("quiz")
    q = ET.SubElement(quiz, "question", type="category")
    ET.SubElement(ET.SubElement(q, "category"), "text").text = f"$course$/{category}"
    for i, ex in enumerate(exercises, 1):
        value = ex.solution
        decimal = None
        if ex.kind == "number" and isinstance(value, Fraction):
            d = value.denominator
            while d % 2 == 0:
                d //= 2
            while d % 5 == 0:
                d //= 5
            if d == 1:
                decimal = _decimal(value)
        qtype = ("numerical" if decimal is not None else
                 "shortanswer" if ex.kind in ("number", "choice") else "essay")
        q = ET.SubElement(quiz, "question", type=qtype)
        ET.SubElement(ET.SubElement(q, "name"), "text").text = f"{i}. {ex.title} ({ex.topic}, seed {ex.seed})"
        qt = ET.SubElement(q, "questiontext", format="html")
        ET.SubElement(qt, "text").text = _html(ex.parts) + f"<p>Answer format: {ex.answer_format}.</p>"
        fb = ET.SubElement(q, "generalfeedback", format="html")
        ET.SubElement(fb, "text").text = (f"<p>Solution: {ex.solution_text}</p>" + _html(ex.explanation))
        ET.SubElement(q, "defaultgrade").text = "1"
        if qtype == "numerical":
            a = ET.SubElement(q, "answer", fraction="100")
            ET.SubElement(a, "text").text = decimal
            ET.SubElement(a, "tolerance").text = "0"
        elif qtype == "shortanswer":
            ET.SubElement(q, "usecase").text = "0"
            a = ET.SubElement(q, "answer", fraction="100")
            ET.SubElement(a, "text").text = ex.solution_text
        else:
            ET.SubElement(q, "responseformat").text = "editor"
            ET.SubElement(q, "responsefieldlines").text = "5"
            gi = ET.SubElement(q, "graderinfo", format="html")
            ET.SubElement(gi, "text").text = (f"<p>Check with: symlandscape grade {ex.topic} --seed {ex.seed} "
                                              f"ANSWER. Solution: {ex.solution_text}</p>")
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


def _decimal(v) -> str:
    """A finite-decimal rational as its exact decimal text."""
    sign = "-" if v < 0 else ""
    v = abs(v)
    whole, rest = divmod(v.numerator, v.denominator)
    digits = ""
    while rest:
        rest *= 10
        d, rest = divmod(rest, v.denominator)
        digits += str(d)
    return f"{sign}{whole}" + (f".{digits}" if digits else "")


def compile_pdf(tex: str) -> bytes:
    """Compile LaTeX text with pdflatex and return the PDF's bytes (the one pdflatex runner,
    :func:`symlandscape.printing.pdf.compile_pdf`: a temporary directory, no shell escape).

    Raises
    ------
    InputError
        pdflatex is not installed, fails (the first LaTeX error line is reported), or times out.
    """
    return _compile_pdf(tex, name="sheet").pdf


def write_pdf(path: str, data: bytes) -> str:
    """Write bytes atomically to ``path`` (:func:`symlandscape.outfiles.write_files`)."""
    d, name = os.path.split(os.path.abspath(path))
    return write_files(d, [(name, data)])[0]


def exercise_text(ex: Exercise, solution: bool = False) -> str:
    """An exercise for the terminal."""
    lines = [f"{ex.title} (topic {ex.topic}, seed {ex.seed})", "", render_text(ex.parts), "",
             f"Answer format: {ex.answer_format}."]
    if solution:
        lines += ["", f"Solution: {ex.solution_text}", render_text(ex.explanation)]
    return "\n".join(lines)

