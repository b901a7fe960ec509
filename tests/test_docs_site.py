"""The documentation site's generated pages cover the code, and its quick start is true.

Cheap: nothing here runs Sphinx (``.ci/run`` builds the site with ``-W``). The generator
(``docs/_ext/symlandscape_site.py``) is checked against independent sources: the claim
registry, the CLI's dispatch table, the instance registry, and the real command output.
"""

import ast
import doctest
import importlib.util
import json
import os
import re
import shlex

import pytest

from symlandscape import cli
from symlandscape.instances import MODELS
from symlandscape.provers.registry import claims, get_claim

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DOCS = os.path.join(ROOT, "docs")


def _site():
    spec = importlib.util.spec_from_file_location("symlandscape_site", os.path.join(DOCS, "_ext", "symlandscape_site.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


site = _site()


def _sections(page: str) -> dict:
    """``{heading: body}`` for the level-2 sections of a Markdown page."""
    parts = re.split(r"^## (.+)$", page, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


# -- seed pages ---------------------------------------------------------------------------
def test_seed_pages_cover_every_claim_once_on_its_seed():
    pages = site.seed_pages()
    assert sorted(pages) == ["000", "001", "002", "003", "004"]
    seen = {}
    for seed, page in pages.items():
        for heading in _sections(page):
            assert heading not in seen, f"{heading} on seed pages {seen[heading]} and {seed}"
            seen[heading] = seed
    ids = claims()
    assert len(ids) > 40
    assert set(seen) == set(ids)
    for cid in ids:
        c = get_claim(cid)
        assert seen[cid] == c.seed
        body = _sections(pages[c.seed])[cid]
        if c.paper:                      # the original paper and theorem number are shown
            assert site.md_escape(c.paper) in body
        if c.as_written:
            assert "kind: as written" in body


def test_seed_page_shows_the_run_verdict_counterexample_and_correction():
    from symlandscape.instances import parse_instance
    results = site.run_claims(["KRON-5", "AW-004-XAV"])
    page = site.seed_pages(results, {"004": {"errata": "../errata/seed-004.md"}})["004"]
    body = _sections(page)["AW-004-XAV"]
    assert "**Verdict: fails**" in body
    cx = json.loads(re.search(r"```json\n(.*?)\n```", body, re.S).group(1))
    # the counterexample shown really is one (re-checked here from the page's JSON)
    assert get_claim("AW-004-XAV").check(parse_instance(cx)).status == "fails"
    assert "**Corrected statement.**" in body and "../errata/seed-004.md" in body
    body5 = _sections(site.seed_pages(results)["000"])["KRON-5"]
    assert "**Verdict: holds**" in body5 and f"on {results['KRON-5']['instances']} bundled" in body5
    assert "**Verdict:** not run" in _sections(site.seed_pages(results)["000"])["KRON-1"]


def test_markdown_escaping_keeps_statement_text():
    s = "||dl/dW^k||_F^2 <= 2 rho * [s^4 d(d+2)]^L | `x`"
    esc = site.md_escape(s)
    assert re.sub(r"\\(.)", r"\1", esc) == s
    assert not re.search(r"(?<!\\)[*_|`\[\]<]", esc)


def test_findings_toctree_lists_only_existing_pages(tmp_path):
    assert "No hand-written findings page" in site.findings_toctree(str(tmp_path))
    for name in ("seed-003.md", "seed-002.md", "seeds.md", "seed-2.md"):
        (tmp_path / name).write_text("# x\n")
    text = site.findings_toctree(str(tmp_path))
    entries = text.split("\n\n", 1)[1].split("```")[0].split()
    assert entries == ["seed-002", "seed-003"]


# -- CLI reference ------------------------------------------------------------------------
def test_cli_reference_covers_every_subcommand_and_option():
    ref = site.cli_reference()
    secs = _sections(ref)
    names = [h.strip("`").split()[1] for h in secs]
    assert sorted(names) == sorted(cli._COMMANDS)          # the dispatch table, not the parser
    assert site.cli_subcommands() == names
    for name, _, sub in site._subparsers(cli.build_parser()):
        body = secs[f"`symlandscape {name}`"]
        assert f"usage: symlandscape {name}" in body
        for action in sub._actions:
            for opt in action.option_strings:
                assert opt in body, f"{name}: {opt} missing"


# -- instance format ----------------------------------------------------------------------
def test_instance_format_covers_every_model_kind_and_key():
    text = site.instance_format_markdown()
    schema = site.load_schema()
    kinds = [k for ks, _ in site.schema_kinds(schema) for k in ks]
    assert sorted(kinds) == sorted(MODELS)
    secs = re.split(r"^### (.+)$", text, flags=re.M)
    by_def = {secs[i].strip(): secs[i + 1] for i in range(1, len(secs), 2)}
    for _, name in site.schema_kinds(schema):
        for key in schema["$defs"][name]["properties"]:
            assert f"| `{key}` |" in by_def[name]


# -- quick start --------------------------------------------------------------------------
def _console_blocks(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        cmd, out = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if cmd:
                    yield cmd, out
                cmd, out = line[2:], []
            else:
                out.append(line)
        if cmd:
            yield cmd, out


def _mask_times(lines):
    return [re.sub(r"\b\d+\.\d\ds\b", "T", ln) for ln in lines]


def test_quickstart_console_output_is_real(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    os.symlink(os.path.join(ROOT, "examples"), tmp_path / "examples")
    runs = list(_console_blocks(os.path.join(DOCS, "quickstart.md")))
    assert len(runs) >= 5
    for cmd, expected in runs:
        argv = shlex.split(cmd)
        assert argv[0] == "symlandscape"
        if argv[1] == "prove":
            argv[2:2] = ["--jobs", "1"]
        code = cli.main(argv[1:])
        got = capsys.readouterr().out.rstrip("\n").splitlines()
        assert _mask_times(got) == _mask_times(expected), cmd
        assert code == (1 if argv[1] == "check" and "fails" in expected[0] else 0), cmd


def _pages_with_doctests():
    """Hand-written pages with ``>>>`` examples (docs/moments.md has its own test:
    tests/moments/test_docs_moments.py)."""
    out = []
    for dirpath, dirs, files in os.walk(DOCS):
        dirs[:] = [d for d in dirs if not d.startswith(("_", ".")) and d not in ("api", "auto_gallery", "seeds")]
        for f in files:
            path = os.path.join(dirpath, f)
            if f.endswith(".md") and f != "moments.md":
                with open(path, encoding="utf-8") as fh:
                    if re.search(r"^>>> ", fh.read(), re.M):
                        out.append(os.path.relpath(path, DOCS))
    return sorted(out)


def test_quickstart_has_doctests():
    assert "quickstart.md" in _pages_with_doctests()


@pytest.mark.parametrize("page", _pages_with_doctests())
def test_markdown_page_doctests(page):
    res = doctest.testfile(os.path.join(DOCS, page), module_relative=False,
                           optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert res.attempted >= 5 and res.failed == 0


# -- gallery ------------------------------------------------------------------------------
def test_gallery_scripts_have_titles():
    """sphinx-gallery needs a docstring whose first line is a title underlined with '='."""
    found = 0
    for dirpath, _, files in os.walk(os.path.join(DOCS, "gallery")):
        assert "README.rst" in files or "README.txt" in files, dirpath
        for f in files:
            if f.startswith("plot_") and f.endswith(".py"):
                found += 1
                with open(os.path.join(dirpath, f), encoding="utf-8") as fh:
                    doc = ast.get_docstring(ast.parse(fh.read()))
                assert doc, f
                title, underline = doc.splitlines()[:2]
                assert title.strip() and set(underline) == {"="} and len(underline) >= len(title), f
    assert found >= 4


def test_other_pages_are_listed_so_a_new_page_needs_no_toctree_edit(tmp_path):
    for name in ("index.md", "quickstart.md", "seed-002.md", "exercises.md", "notes.md", "README.md"):
        (tmp_path / name).write_text("# x\n")
    text = site.other_pages_toctree(str(tmp_path))
    assert text.split("\n\n", 1)[1].split("```")[0].split() == ["exercises", "notes"]
    # every page placed by hand really is in a hand-written toctree of index.md or seeds.md
    with open(os.path.join(DOCS, "index.md"), encoding="utf-8") as f:
        index = f.read()
    listed = set(re.findall(r"^([a-z_]+)$", index, re.M))
    assert site.PLACED - {"index", "README", "sg_execution_times"} <= listed


def test_api_page_lists_every_top_level_name():
    import symlandscape
    table = site.toplevel_api_markdown()
    for name in symlandscape.__all__:
        if name != "__version__":
            obj = getattr(symlandscape, name)
            assert f":py:obj:`sl.{name} <{obj.__module__}.{name}>`" in table
