"""Teaching exercises with a safe grader.

Each topic generates an exercise from a seed (reproducibly, with numbers a student can
handle by hand), knows its exact solution (confirmed by a second route before the exercise
is shown) and grades a typed answer without ever evaluating it
(:mod:`symlandscape.exercises.parse`), saying what is wrong.

Examples
--------
>>> from symlandscape.exercises import get_topic, topics
>>> len(topics()) >= 10
True
>>> t = get_topic("kron-vec")
>>> ex = t.generate(1)
>>> t.grade(ex, ex.solution_text).correct
True
>>> t.grade(ex, "[[1, 2], [3").status
'unparseable'
"""

__all__ = ["Exercise", "Grade", "Topic", "topics", "get_topic", "AnswerError", "parse_answer",
           "render_text", "render_latex"]

from .base import Exercise, Grade, Topic, get_topic, render_latex, render_text, topics
from .parse import AnswerError, parse_answer
