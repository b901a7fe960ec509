"""`symlandscape exercise / grade / sheet`: exit codes (0 correct, 1 incorrect, 2 bad input),
one-line errors, files written atomically, Moodle XML parsed back, a real pdflatex run."""

import contextlib
import io
import json
import shutil
import xml.etree.ElementTree as ET

import pytest

from symlandscape.cli import main
from symlandscape.exercises import get_topic


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(argv)
    return rc, out.getvalue(), err.getvalue()


def bad(argv, *words):
    rc, out, err = run(argv)
    assert rc == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err, (rc, out, err)
    for w in words:
        assert w in err, err


def test_list_shows_ten_topics_with_titles():
    rc, out, _ = run(["exercise", "--list"])
    lines = out.strip().splitlines()
    assert rc == 0 and len(lines) >= 10 and all(len(ln.split(None, 1)) == 2 for ln in lines)


def test_exercise_text_latex_and_solution(tmp_path):
    rc, out, _ = run(["exercise", "paths", "--seed", "4"])
    assert rc == 0 and "topic paths, seed 4" in out and "Solution" not in out
    rc, out2, _ = run(["exercise", "paths", "--seed", "4", "--solution"])
    assert rc == 0 and "Solution: " + get_topic("paths").generate(4).solution_text in out2
    f = tmp_path / "ex.tex"
    rc, out, _ = run(["exercise", "kron-vec", "--seed", "1", "--latex", "-o", str(f)])
    assert rc == 0 and f.read_text().startswith("\\documentclass")


@pytest.mark.parametrize("argv, words", [
    (["exercise"], ["TOPIC"]), (["exercise", "nope", "--seed", "1"], ["unknown exercise topic"]),
    (["exercise", "paths", "--seed", "-1"], ["seed"]), (["exercise", "paths", "--seed", "x"], ["invalid int"]),
    (["exercise", "paths", "--list"], ["no topic"]), (["exercise", "paths", "--seed", "1", "--pdf"], ["-o"]),
    (["grade", "paths", "--seed", "1"], ["ANSWER"]), (["grade", "nope", "--seed", "1", "1"], ["unknown"]),
    (["grade", "paths", "--seed", "1", "9**9**9"], ["exponent"]), (["grade", "paths", "--seed", "1", "__import__('os')"], ["not allowed"]),
    (["grade", "paths", "--seed", "1", "--file", "/nonexistent/answers.txt"], ["/nonexistent"]),
    (["sheet", "--topics", "paths", "--seed", "1"], ["-o"]), (["sheet", "--topics", ",", "--seed", "1", "-o", "x.tex"], ["topic"]),
    (["sheet", "--topics", "paths,nope", "--seed", "1", "-o", "x.tex"], ["unknown"]),
])
def test_bad_input_exit_2(argv, words):
    bad(argv, *words)


def test_grade_exit_codes():
    ex = get_topic("dl-gradient").generate(2)
    rc, out, _ = run(["grade", "dl-gradient", "--seed", "2", ex.solution_text])
    assert rc == 0 and out.strip() == "correct"
    wrong = [[-v for v in r] for r in ex.solution]
    from symlandscape.exercises.base import fmt
    rc, out, _ = run(["grade", "dl-gradient", fmt(wrong), "--seed", "2"])   # answer before the option
    assert rc == 1 and out.startswith("incorrect:")
    rc, out, _ = run(["grade", "classify", "--seed", "0", "--", "higher-order saddle"])
    assert rc in (0, 1)


def test_grade_answer_file_and_sheet_file(tmp_path):
    names = ["kron-vec", "moment", "classify"]
    from symlandscape.exercises.sheet import sheet_exercises
    exs = sheet_exercises(names, 3)
    one = tmp_path / "one.txt"
    one.write_text(exs[0].solution_text + "\n")
    assert run(["grade", "kron-vec", "--seed", "3", "--file", str(one)])[0] == 0
    lines = tmp_path / "answers.txt"
    lines.write_text("\n".join(e.solution_text for e in exs) + "\n")
    rc, out, _ = run(["grade", "--topics", ",".join(names), "--seed", "3", "--file", str(lines)])
    assert rc == 0 and out.count(": correct") == 3
    js = tmp_path / "answers.json"
    js.write_text(json.dumps({"1": exs[0].solution_text, "moment": "12345", "3": exs[2].solution_text}))
    rc, out, _ = run(["grade", "--topics", ",".join(names), "--seed", "3", "--file", str(js)])
    assert rc == 1 and "exercise 2 (moment, seed 3): incorrect" in out
    js.write_text(json.dumps({"2": "9**9**9"}))
    rc, out, _ = run(["grade", "--topics", ",".join(names), "--seed", "3", "--file", str(js)])
    assert rc == 2 and "unparseable" in out and "no answer" in out


def test_sheet_tex_solutions_and_moodle(tmp_path):
    names = ["global-min", "kron-vec", "classify", "moment", "paths"]
    out_tex, xml_path = tmp_path / "s.tex", tmp_path / "q.xml"
    rc, out, _ = run(["sheet", "--topics", ",".join(names), "--seed", "2", "-o", str(out_tex), "--moodle", str(xml_path)])
    assert rc == 0
    tex, sol = out_tex.read_text(), (tmp_path / "s-solutions.tex").read_text()
    assert tex.count("\\subsection*") == 5 and "Solution:" not in tex and sol.count("Solution:") == 5
    from symlandscape.exercises.sheet import sheet_exercises
    exs = sheet_exercises(names, 2)
    root = ET.parse(xml_path).getroot()
    qs = [q for q in root.iter("question") if q.get("type") != "category"]
    assert len(qs) == 5
    for q, ex in zip(qs, exs):
        if q.get("type") == "numerical":
            from fractions import Fraction
            assert Fraction(q.find("answer/text").text) == ex.solution       # the decimal is exact
        elif q.get("type") == "shortanswer":
            assert q.find("answer/text").text == ex.solution_text
        else:
            assert ex.solution_text in q.find("generalfeedback/text").text
    assert [f.name for f in tmp_path.iterdir() if f.name.startswith(".")] == []   # no temporary files left


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
def test_sheet_pdf_compiles(tmp_path):
    names = ["kron-vec", "dl-hessian-block", "locus", "as-written", "moment"]
    rc, out, _ = run(["sheet", "--topics", ",".join(names), "--seed", "5", "-o", str(tmp_path / "s.tex"), "--pdf"])
    assert rc == 0
    for f in ("s.pdf", "s-solutions.pdf"):
        assert (tmp_path / f).read_bytes().startswith(b"%PDF")


def test_pdf_without_pdflatex_is_a_clean_error(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    bad(["exercise", "paths", "--seed", "1", "--pdf", "-o", str(tmp_path / "e.pdf")], "pdflatex")
    assert not (tmp_path / "e.pdf").exists()
