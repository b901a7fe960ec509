"""Printing: text, Markdown and LaTeX of facts, verdicts and reports, and figures. Nothing
else in the package formats results for people; only this layer and the CLI print."""

from ..facts.verdict import set_renderer
from .latex import FactLatexPrinter, latex_fact, verdict_latex
from .text import TextPrinter, classification_lines, render, verdict_lines, verdict_markdown

set_renderer("markdown", verdict_markdown)
set_renderer("latex", verdict_latex)

__all__ = ["TextPrinter", "render", "verdict_lines", "verdict_markdown", "classification_lines",
           "FactLatexPrinter", "latex_fact", "verdict_latex"]
