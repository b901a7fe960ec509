"""Sphinx extension: the pages of the site that are generated from the code at build time.

* ``seeds/seed-NNN.md``: one page per seed, from the claim registry (metadata in
  ``symlandscape/theorems/``) and a run of every claim on its bundled instances
  (:func:`symlandscape.prove.prove_claim`): what each claim says, where it comes from,
  how it is checked and what was found.
* ``_generated/fragments/cli.md``: the CLI reference, from the argparse parser
  (:func:`symlandscape.cli.build_parser`), one section per subcommand.
* ``_generated/fragments/instance-format.md``: the instance kinds and their fields, from
  ``symlandscape/instance.schema.json``.

The fragments are pulled into hand-written pages with MyST's ``{include}``. Everything is
generated before Sphinx reads its sources (``builder-inited``) and a file is rewritten only
when its text changes, so incremental builds stay incremental. The functions are plain
(no Sphinx needed) so that ``tests/test_docs_site.py`` can check coverage cheaply.
"""

import io
import json
import os
import re
from contextlib import redirect_stdout

SEEDS = ("000", "001", "002", "003", "004")
ROLE_LABEL = {"hypothesis": "hypotheses", "conclusion": "conclusions", "value": "deciding values"}
MAX_FACTS = 14


# -- helpers ------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|$~{}#])")


def md_escape(text: str) -> str:
    """Plain text as Markdown that renders literally (statements use ``*``, ``_``, ``|``)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _short(value, limit: int = 160) -> str:
    s = json.dumps(value)
    return s if len(s) <= limit else s[:limit - 3] + "..."


def _compact_json(d: dict) -> str:
    return "{\n" + ",\n".join(f" {json.dumps(k)}: {json.dumps(v)}" for k, v in d.items()) + "\n}"


def _kind(claim) -> str:
    if claim.as_written:
        return "as written"
    if claim.parent:
        return f"finding (derived from {claim.parent})" if claim.finding else f"derived from {claim.parent}"
    return "finding" if claim.finding else "theorem"


def _fence(text: str, lang: str = "") -> list:
    ticks = "````" if "```" in text else "```"
    return [f"{ticks}{lang}", text.rstrip("\n"), ticks]


def _write_if_changed(path: str, text: str) -> bool:
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return False
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)
    return True


# -- seed pages -------------------------------------------------------------------------------
def run_claims(ids=None) -> dict:
    """``{id: result}``: every claim run on its bundled instances, with its certificates
    (``prove_claim(..., keep_certificates=True)``; a few seconds for the whole catalogue)."""
    from symlandscape.prove import prove_claim
    from symlandscape.provers.registry import claims
    return {cid: prove_claim(cid, keep_certificates=True) for cid in (ids or claims())}


def _representative(result: dict):
    """The certificate shown under "how it is checked": the counterexample of a failure,
    else the first instance whose hypotheses held, else the first one."""
    certs = [c for _, c in result.get("certificates", ())]
    for want in (("fails",) if result["verdict"] == "fails" else ("holds", "fails")):
        for c in certs:
            if c.get("status") == want:
                return c
    return certs[0] if certs else None


def _fact_lines(cert: dict, with_values: bool) -> list:
    out = []
    for role in ("hypothesis", "conclusion", "value"):
        facts = [f for f in cert["facts"] if f["role"] == role]
        if not facts:
            continue
        out.append(f"- {ROLE_LABEL[role]}:")
        for f in facts[:MAX_FACTS]:
            val = f" = `{_short(f['value'])}`" if with_values or role == "value" else ""
            out.append(f"  - {md_escape(f['text'])}{val}")
        if len(facts) > MAX_FACTS:
            out.append(f"  - ... and {len(facts) - MAX_FACTS} more")
    return out


def _claim_section(claim, result, seed: str, links: dict) -> list:
    out = [f"## {claim.id}", "", f"**Statement.** {md_escape(claim.statement)}", ""]
    meta = []
    if claim.paper:
        meta.append(f"original: {md_escape(claim.paper)}")
    if claim.location:
        meta.append(f"where in seed {seed}: {md_escape(claim.location)}")
    meta.append(f"kind: {_kind(claim)}")
    meta.append(f"instances accepted: {', '.join(f'`{k}`' for k in claim.kinds)}")
    out += ["; ".join(meta) + ".", ""]
    if claim.dropped:
        out += [f"Derived from {claim.parent} without the hypotheses "
                f"{', '.join(f'`{k}`' for k in sorted(claim.dropped))} (still evaluated, recorded as values).", ""]
    if result is None:
        out += ["**Verdict:** not run in this build.", ""]
    else:
        c = result["counts"]
        names = []
        for _, cert in result.get("certificates", ()):
            n = cert["instance"].get("name")
            if n and n not in names:
                names.append(n)
        how = ("certified interval enclosures (python-flint arb), re-checked with mpmath intervals"
               if result["kind"] != "exact" else "exact rational arithmetic (python-flint), "
               "re-checked with plain fractions")
        out += [f"**How it is checked.** `symlandscape prove {claim.id}` runs the statement on "
                f"{result['instances']} bundled instance(s)"
                + (" (smallest first; the search stops at the first counterexample)" if claim.as_written else "")
                + (f", e.g. {'; '.join(md_escape(n) for n in names[:3])}" if names else "")
                + f", with {how}. On "
                + ("the counterexample" if result["verdict"] == "fails" else "one instance")
                + " it states:", ""]
        rep = _representative(result)
        if rep is not None:
            out += _fact_lines(rep, with_values=result["verdict"] == "fails") + [""]
        out += [f"**Verdict: {result['verdict']}**"
                + (" (certified (interval))" if result["kind"] != "exact" else "")
                + f" — {md_escape(result['reason'])}. Per instance: holds {c['holds']}, fails {c['fails']}, "
                f"hypotheses not met {c['hypotheses not met']}, undetermined {c['undetermined']}.", ""]
        if result["verdict"] == "fails" and result["counterexample"] is not None:
            out += [f"**Minimal counterexample** (re-check: `symlandscape check {claim.id} FILE`):", ""]
            out += _fence(_compact_json(result["counterexample"]), "json") + [""]
    if claim.finding:
        out += [f"**Finding.** {md_escape(claim.finding)}", ""]
    if claim.corrected:
        out += [f"**Corrected statement.** {md_escape(claim.corrected)}", ""]
    if claim.failure_expected and links.get("errata"):
        out += [f"See also the [errata of seed {seed}]({links['errata']}).", ""]
    return out


def seed_pages(results: dict | None = None, links: dict | None = None) -> dict:
    """``{seed: markdown}``, one page per seed with every claim checked against it.

    ``results``: ``{claim id: prove_claim result}`` (:func:`run_claims`); without it the
    pages carry the registry's metadata only. ``links``: ``{seed: {"errata": path,
    "findings": path}}``, relative links to other pages of the site.
    """
    from symlandscape.provers.registry import claims, get_claim
    from symlandscape.theorems.declare import SOURCES
    results, links = results or {}, links or {}
    by_seed = {s: [] for s in SEEDS}
    for cid in claims():
        c = get_claim(cid)
        by_seed.setdefault(c.seed, []).append(c)
    pages = {}
    for seed, items in sorted(by_seed.items()):
        src = SOURCES.get(seed)
        lk = links.get(seed, {})
        out = [f"# Seed {seed}: {md_escape(src.title) if src else ''}", ""]
        if src:
            out += [f"Original work: {md_escape(src.original)}.", ""]
        out += ["Generated at build time from the claim registry (`symlandscape/theorems/`) and a run "
                "of every claim on its bundled instances (`symlandscape prove`); do not edit. "
                "Terms: [concepts](../concepts.md).", ""]
        extra = []
        if lk.get("findings"):
            extra.append(f"[findings on seed {seed}]({lk['findings']}) (hand-written)")
        if lk.get("errata"):
            extra.append(f"[errata of seed {seed}]({lk['errata']}) (generated by `symlandscape docs`)")
        if extra:
            out += ["See also: " + "; ".join(extra) + ".", ""]
        if not items:
            out += ["No claim is checked against this seed yet.", ""]
            pages[seed] = "\n".join(out)
            continue
        out += [f"{len(items)} claims.", "", "| claim | original | where in the seed | kind | verdict | instances |",
                "|---|---|---|---|---|---|"]
        for c in items:
            r = results.get(c.id)
            verdict = "not run" if r is None else r["verdict"] + (" (interval)" if r["kind"] != "exact" else "")
            n = "" if r is None else str(r["instances"])
            anchor = re.sub(r"[^a-z0-9 -]", "", c.id.lower()).replace(" ", "-")
            out.append(f"| [{c.id}](#{anchor}) | {md_escape(c.paper)} | {md_escape(c.location)} | {_kind(c)} "
                       f"| {verdict} | {n} |")
        out.append("")
        for c in items:
            out += _claim_section(c, results.get(c.id), seed, lk)
        pages[seed] = "\n".join(out).rstrip("\n") + "\n"
    return pages


def seed_table() -> str:
    """Markdown table of the seeds (``theorems.declare.SOURCES``) with their claim counts."""
    from symlandscape.provers.registry import claims, get_claim
    from symlandscape.theorems.declare import SOURCES
    count = {}
    for cid in claims():
        seed = get_claim(cid).seed
        count[seed] = count.get(seed, 0) + 1
    out = ["| seed | source text | original work | claims |", "|---|---|---|---|"]
    for seed in SEEDS:
        src = SOURCES.get(seed)
        out.append(f"| [{seed}](seeds/seed-{seed}.md) | {md_escape(src.title if src else '')} "
                   f"| {md_escape(src.original if src else '')} | {count.get(seed, 0)} |")
    return "\n".join(out) + "\n"


# -- CLI reference ----------------------------------------------------------------------------
def _subparsers(parser):
    import argparse
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            return [(name, helps.get(name, ""), p) for name, p in action.choices.items()]
    return []


def cli_reference() -> str:
    """Markdown: the top-level ``--help`` and each subcommand's ``--help``, from argparse."""
    from symlandscape.cli import build_parser
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "96"     # argparse wraps to the terminal: fix the width
    try:
        parser = build_parser()
        out = ["```text", parser.format_help().rstrip(), "```", ""]
        for name, help_, sub in _subparsers(parser):
            out += [f"## `symlandscape {name}`", ""]
            if help_:
                out += [md_escape(help_[0].upper() + help_[1:]) + ".", ""]
            out += _fence(sub.format_help(), "text") + [""]
    finally:
        if old is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old
    return "\n".join(out)


def cli_subcommands() -> list:
    """The subcommand names of the parser, in order."""
    from symlandscape.cli import build_parser
    return [name for name, _, _ in _subparsers(build_parser())]


# -- instance format --------------------------------------------------------------------------
def _schema_path() -> str:
    import symlandscape
    return os.path.join(os.path.dirname(symlandscape.__file__), "instance.schema.json")


def load_schema() -> dict:
    with open(_schema_path(), encoding="utf-8") as f:
        return json.load(f)


def _type_of(s: dict, defs: dict) -> str:
    if "$ref" in s:
        name = s["$ref"].rsplit("/", 1)[-1]
        return {"exactNumber": "exact number", "matrix": "matrix", "schemaVersion": "1",
                "name": "string", "description": "string"}.get(name, name)
    if "const" in s:
        return json.dumps(s["const"])
    if "enum" in s:
        return " or ".join(json.dumps(v) for v in s["enum"])
    if "oneOf" in s or "anyOf" in s:
        return " or ".join(_type_of(x, defs) for x in s.get("oneOf", s.get("anyOf")))
    t = s.get("type")
    if t == "array":
        inner = _type_of(s.get("items", {}), defs) if isinstance(s.get("items"), dict) else "item"
        return f"list of {inner}"
    if t == "object":
        if isinstance(s.get("additionalProperties"), dict):
            return f"object: name -> {_type_of(s['additionalProperties'], defs)}"
        return "object"
    if t == "integer":
        lo, hi = s.get("minimum"), s.get("maximum")
        return "integer" + (f" {lo}..{hi}" if lo is not None and hi is not None else
                            f" >= {lo}" if lo is not None else "")
    return t or "any"


def _field_doc(s: dict, defs: dict) -> str:
    if "description" in s:
        return s["description"]
    if "$ref" in s:
        return defs.get(s["$ref"].rsplit("/", 1)[-1], {}).get("description", "")
    return ""


def schema_kinds(schema: dict) -> list:
    """``[(model kinds, definition name)]`` from the schema's if/then dispatch."""
    out = []
    for branch in schema.get("allOf", []):
        m = branch["if"]["properties"]["model"]
        kinds = [m["const"]] if "const" in m else list(m["enum"])
        out.append((kinds, branch["then"]["$ref"].rsplit("/", 1)[-1]))
    return out


def instance_format_markdown() -> str:
    """Markdown: per instance kind its description and a table of its fields."""
    schema = load_schema()
    defs = schema["$defs"]
    out = [f"Schema `{schema.get('$id', '')}` ({schema.get('$schema', '')}). "
           f"{md_escape(schema.get('description', ''))}", "",
           "| `model` | definition | required keys |", "|---|---|---|"]
    kinds = schema_kinds(schema)
    for ks, name in kinds:
        d = defs[name]
        out.append(f"| {', '.join(f'`{k}`' for k in ks)} | [{name}](#{name.lower()}) "
                   f"| {', '.join(f'`{k}`' for k in d.get('required', []))} |")
    out.append("")
    for ks, name in kinds:
        d = defs[name]
        out += [f"### {name}", "", f"`model`: {', '.join(f'`{k}`' for k in ks)}. {md_escape(d.get('description', ''))}", "",
                "| key | required | type | meaning |", "|---|---|---|---|"]
        req = set(d.get("required", []))
        for key, ps in d.get("properties", {}).items():
            out.append(f"| `{key}` | {'yes' if key in req else 'no'} | {md_escape(_type_of(ps, defs))} "
                       f"| {md_escape(_field_doc(ps, defs))} |")
        if d.get("additionalProperties") is False:
            out += ["", "No other keys are accepted."]
        out.append("")
    out += ["### Shared definitions", "", "| name | meaning |", "|---|---|"]
    for name in ("exactNumber", "matrix", "schemaVersion", "name", "description"):
        if name in defs:
            out.append(f"| `{name}` | {md_escape(defs[name].get('description', ''))} |")
    out.append("")
    if "$comment" in schema:
        out += [f"**Checked beyond the schema** (by `parse_instance`): {md_escape(schema['$comment'])}", ""]
    return "\n".join(out)


def findings_toctree(srcdir: str) -> str:
    """A toctree of the hand-written findings pages ``seed-NNN.md`` that exist (a glob that
    matches nothing would be a warning, and the build runs with ``-W``)."""
    names = sorted(f[:-3] for f in os.listdir(srcdir) if re.fullmatch(r"seed-[0-9]{3}\.md", f))
    if not names:
        return "No hand-written findings page yet.\n"
    return "\n".join(["```{toctree}", ":maxdepth: 1", ":caption: Findings, by seed (hand-written)", "",
                      *names, "```", ""])


# -- the names of ``import symlandscape as sl`` ------------------------------------------------
def toplevel_api_markdown() -> str:
    """A reST list-table (in a MyST ``eval-rst`` block) of ``symlandscape.__all__``: each
    name linked to where it is documented, with the first paragraph of its docstring."""
    import inspect

    import symlandscape
    out = ["```{eval-rst}", ".. list-table::", "   :header-rows: 1", "   :widths: 30 70", "",
           "   * - name", "     - what"]
    for name in symlandscape.__all__:
        obj = getattr(symlandscape, name)
        mod = getattr(obj, "__module__", None)
        if not mod or not mod.startswith("symlandscape.") or name.startswith("_"):
            continue
        doc = " ".join((inspect.getdoc(obj) or "").strip().split("\n\n")[0].split())
        out += [f"   * - :py:obj:`sl.{name} <{mod}.{name}>`", f"     - {doc}"]
    return "\n".join(out + ["```", ""])


#: Top-level pages placed by hand in a toctree (index.md, seeds.md); any other top-level
#: page is listed by :func:`other_pages_toctree`, so that a new page (e.g. exercises.md)
#: is in the site without editing a toctree.
PLACED = {"index", "quickstart", "concepts", "seeds", "formats", "cli", "api", "claims", "moments",
          "architecture", "README", "sg_execution_times"}


def other_pages_toctree(srcdir: str) -> str:
    """A toctree of the top-level ``*.md`` pages that no hand-written toctree places
    (neither :data:`PLACED` nor a findings page ``seed-NNN.md``)."""
    names = sorted(f[:-3] for f in os.listdir(srcdir)
                   if f.endswith(".md") and f[:-3] not in PLACED and not re.fullmatch(r"seed-[0-9]{3}\.md", f))
    if not names:
        return "\n"
    return "\n".join(["```{toctree}", ":maxdepth: 2", ":caption: More", "", *names, "```", ""])


# -- Sphinx glue ------------------------------------------------------------------------------
def generate(srcdir: str, run: bool = True) -> list:
    """Write the generated pages and fragments under ``srcdir``; the paths rewritten."""
    results = run_claims() if run else None
    links = {}
    for seed in SEEDS:
        lk = {}
        if os.path.exists(os.path.join(srcdir, "errata", f"seed-{seed}.md")):
            lk["errata"] = f"../errata/seed-{seed}.md"
        if os.path.exists(os.path.join(srcdir, f"seed-{seed}.md")):
            lk["findings"] = f"../seed-{seed}.md"
        links[seed] = lk
    files = {os.path.join("seeds", f"seed-{s}.md"): text for s, text in seed_pages(results, links).items()}
    files[os.path.join("_generated", "fragments", "findings-toctree.md")] = findings_toctree(srcdir)
    files[os.path.join("_generated", "fragments", "other-pages-toctree.md")] = other_pages_toctree(srcdir)
    files[os.path.join("_generated", "fragments", "toplevel-api.md")] = toplevel_api_markdown()
    files[os.path.join("_generated", "fragments", "seed-table.md")] = seed_table()
    files[os.path.join("_generated", "fragments", "cli.md")] = cli_reference()
    files[os.path.join("_generated", "fragments", "instance-format.md")] = instance_format_markdown()
    buf = io.StringIO()
    with redirect_stdout(buf):      # nothing of the run reaches the build log
        written = [p for p, t in files.items() if _write_if_changed(os.path.join(srcdir, p), t)]
    return written


def _on_builder_inited(app) -> None:
    from sphinx.util import logging
    written = generate(app.srcdir, run=app.config.symlandscape_run_claims)
    logging.getLogger(__name__).info(f"symlandscape_site: {len(written)} generated page(s) updated")


def setup(app):
    app.add_config_value("symlandscape_run_claims", True, "env")
    app.connect("builder-inited", _on_builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
