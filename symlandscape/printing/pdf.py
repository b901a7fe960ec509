"""Compile a LaTeX document with pdflatex: in a temporary directory, all or nothing.

Examples
--------
>>> first_error("! Undefined control sequence.\\nl.5 \\\\foo\\n")
'Undefined control sequence. (l.5 \\\\foo)'
>>> overfull_boxes("Overfull \\\\hbox (3.2pt too wide) in paragraph\\nOverfull \\\\vbox (1pt too high)\\n")
1
"""

__all__ = ["compile_pdf", "first_error", "overfull_boxes", "PdfResult"]

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

from ..exact.numbers import InputError

#: Seconds one pdflatex run may take before it is stopped.
TIMEOUT = 120


@dataclass
class PdfResult:
    """The outcome of :func:`compile_pdf`: the PDF's bytes, the log, the overfull hboxes."""

    pdf: bytes
    log: str
    overfull: int
    runs: int


def first_error(log: str) -> str:
    """The first LaTeX error of a log (``! ...`` and the ``l.N`` context), or ''."""
    lines = log.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("!"):
            msg = line[1:].strip()
            ctx = next((x.strip() for x in lines[i + 1:i + 12] if re.match(r"l\.\d+", x)), "")
            return f"{msg} ({ctx})" if ctx else msg
    return ""


def overfull_boxes(log: str) -> int:
    """The number of overfull hboxes a log reports."""
    return len(re.findall(r"^Overfull \\hbox", log, flags=re.M))


def compile_pdf(tex: str, pdflatex: str | None = None, name: str = "derivation") -> PdfResult:
    """Compile ``tex`` with pdflatex in a temporary directory and return the PDF.

    Runs pdflatex with ``-interaction=nonstopmode -halt-on-error -no-shell-escape``, a
    second time when the log asks for a rerun (labels, longtable widths).

    Raises
    ------
    InputError
        pdflatex is not installed, fails, or times out (one line: the first LaTeX error).

    Notes
    -----
    Cost: one or two pdflatex runs, typically 0.3-1 s each for these documents.
    """
    exe = pdflatex or shutil.which("pdflatex")
    if exe is None:
        raise InputError("--pdf needs pdflatex, which is not installed (e.g. apt-get install "
                         "texlive-latex-base lmodern)")
    with tempfile.TemporaryDirectory(prefix="symlandscape-tex-") as d:
        src = os.path.join(d, f"{name}.tex")
        with open(src, "w", encoding="utf-8") as f:
            f.write(tex)
        log, runs = "", 0
        for runs in (1, 2):
            try:
                p = subprocess.run([exe, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
                                    f"{name}.tex"], cwd=d, stdin=subprocess.DEVNULL, capture_output=True,
                                   timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                raise InputError(f"pdflatex did not finish within {TIMEOUT} s") from None
            except OSError as e:
                raise InputError(f"cannot run pdflatex: {e.strerror or e}") from None
            logf = os.path.join(d, f"{name}.log")
            log = open(logf, encoding="latin-1").read() if os.path.exists(logf) else \
                p.stdout.decode("latin-1", "replace")
            if p.returncode != 0:
                err = first_error(log) or f"exit code {p.returncode}"
                raise InputError(f"pdflatex failed: {err}")
            if not re.search(r"Rerun|rerun", log):
                break
        with open(os.path.join(d, f"{name}.pdf"), "rb") as f:
            pdf = f.read()
    return PdfResult(pdf, log, overfull_boxes(log), runs)
