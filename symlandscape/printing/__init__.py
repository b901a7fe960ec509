"""Printing: text and Markdown of facts, verdicts and reports (LaTeX to come). Nothing
else in the package formats results for people; only this layer and the CLI print."""

from ..facts.verdict import set_renderer
from .text import TextPrinter, classification_lines, render, verdict_lines, verdict_markdown

set_renderer("markdown", verdict_markdown)

__all__ = ["TextPrinter", "render", "verdict_lines", "verdict_markdown", "classification_lines"]
