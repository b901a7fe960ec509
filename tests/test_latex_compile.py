"""Every derivation document compiles with a real pdflatex: one per example instance, one
per catalogue claim (``--claim``) on its first bundled instance, and a page with every
operation of the fact language. Fails on any LaTeX error and on more than
MAX_OVERFULL overfull hboxes in a document.

Without pdflatex the test is skipped, unless CI_REQUIRE_PDFLATEX=1 (set by .ci/run), which
makes a missing pdflatex a failure. The documents compile in 2 parallel processes; the
count and total compile time are printed."""

import glob
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from symlandscape.cli import main
from symlandscape.exact.numbers import InputError
from symlandscape.facts import fast
from symlandscape.instances import Instance, load_instance, parse_instance
from symlandscape.printing.derivation import claim_derivation, derivation, derivation_document
from symlandscape.printing.latex import latex_fact
from symlandscape.printing.pdf import compile_pdf, first_error
from symlandscape.provers.registry import claims, get_claim

ROOT = os.path.join(os.path.dirname(__file__), "..")
MAX_OVERFULL = 5
JOBS = 2


def _need_pdflatex():
    if shutil.which("pdflatex") is None:
        if os.environ.get("CI_REQUIRE_PDFLATEX") == "1":
            pytest.fail("CI_REQUIRE_PDFLATEX=1 but pdflatex is not installed")
        pytest.skip("pdflatex is not installed (CI installs it: see .ci/run)")


def _documents() -> list:
    docs = []
    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "*.json"))):
        inst = load_instance(path)
        docs.append((os.path.basename(path), derivation_document(derivation(inst), inst.name or path)))
    for cid in claims():
        inst = next(iter(get_claim(cid).instances()))
        inst = inst if isinstance(inst, Instance) else parse_instance(inst)
        docs.append((f"--claim {cid}", derivation_document(claim_derivation(cid, inst), cid)))
    ops = [rf"\paragraph{{{op.replace('_', ' ')}}} \[{latex_fact([op, 'A', 'B'])}\]" for op in sorted(fast._OPS)]
    docs.append(("every fact operation", derivation_document([], "ops").replace(
        r"\end{document}", "\n".join(ops) + "\n" + r"\end{document}")))
    return docs


def _compile(item):
    name, tex = item
    t = time.perf_counter()
    try:
        res = compile_pdf(tex)
    except InputError as e:
        return name, str(e), None, time.perf_counter() - t
    return name, None, res, time.perf_counter() - t


def test_every_document_compiles(capsys):
    _need_pdflatex()
    docs = _documents()
    assert len(docs) >= len(claims()) + 30
    t = time.perf_counter()
    with ThreadPoolExecutor(JOBS) as pool:     # pdflatex runs as a subprocess: threads suffice
        results = list(pool.map(_compile, docs))
    wall = time.perf_counter() - t
    bad = [f"{name}: {err}" for name, err, _, _ in results if err]
    bad += [f"{name}: {res.overfull} overfull hboxes" for name, _, res, _ in results
            if res is not None and res.overfull > MAX_OVERFULL]
    bad += [f"{name}: not a PDF" for name, _, res, _ in results if res is not None and not res.pdf.startswith(b"%PDF")]
    with capsys.disabled():
        print(f"\nLaTeX: compiled {len(results)} documents in {wall:.1f} s wall "
              f"({sum(r[3] for r in results):.1f} s of pdflatex, {JOBS} processes)")
    assert not bad, "\n".join(bad)


def test_cli_pdf_writes_tex_and_pdf(tmp_path):
    _need_pdflatex()
    out = tmp_path / "deriv.tex"
    assert main(["latex", os.path.join(ROOT, "examples", "deep_linear_saddle.json"), "-o", str(out), "--pdf"]) == 0
    assert out.read_text().startswith(r"\documentclass")
    assert (tmp_path / "deriv.pdf").read_bytes().startswith(b"%PDF")


def test_a_latex_error_is_one_line_with_the_first_error(tmp_path, capsys):
    _need_pdflatex()
    with pytest.raises(InputError, match=r"pdflatex failed: Undefined control sequence"):
        compile_pdf("\\documentclass{article}\\begin{document}\\nosuchmacro\\end{document}\n")
    log = "x\n! Missing $ inserted.\n<inserted text>\nl.7 a_b\n"
    assert first_error(log) == "Missing $ inserted. (l.7 a_b)"
