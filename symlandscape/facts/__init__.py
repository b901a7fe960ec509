"""The fact language: statements, their evaluation and the verdict rule.

``statement`` (the run of a claim's statement) and ``verdict`` (the verdict rule) import
nothing but the standard library, so that the independent checker can use them; ``fast``
is the python-flint evaluator the provers use.
"""
