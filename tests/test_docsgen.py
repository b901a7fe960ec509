"""The committed docs pages are exactly what the registry generates (no drift)."""

import os

from symlandscape.docsgen import catalogue_markdown, errata_pages

DOCS = os.path.join(os.path.dirname(__file__), "..", "docs")


def test_catalogue_page_is_current():
    with open(os.path.join(DOCS, "claims.md"), encoding="utf-8") as f:
        assert f.read() == catalogue_markdown(), "run `symlandscape docs` and commit docs/"


def test_errata_pages_are_current():
    for seed, text in errata_pages().items():
        with open(os.path.join(DOCS, "errata", f"seed-{seed}.md"), encoding="utf-8") as f:
            assert f.read() == text, f"errata for seed {seed} is stale: run `symlandscape docs`"
