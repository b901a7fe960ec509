"""Sphinx configuration of the symlandscape documentation site.

Build: ``python3 -m sphinx -W --keep-going -b html docs docs/_build/html`` (docs/README.md).
Generated at build time, git-ignored: ``seeds/`` (one page per seed, from the claim
registry and a run of every claim), ``_generated/`` (CLI reference, instance-format
tables), ``api/`` (autosummary stubs) and ``auto_gallery/`` (sphinx-gallery).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))      # the package, without installing it
sys.path.insert(0, os.path.join(HERE, "_ext"))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

project = "symlandscape"
author = "the symlandscape authors"
copyright = "2026, " + author
version = release = "0.1.0"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "symlandscape_site",          # docs/_ext: seed pages, CLI reference, instance format
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "README.md", "_generated/fragments", "gallery"]
templates_path = ["_templates"]

# -- MyST: the markdown pages stay markdown -------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
smartquotes = False                   # JSON and code-like text in prose stay as typed

# -- API reference -------------------------------------------------------------------------
autosummary_generate = True
autosummary_imported_members = False
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_typehints = "none"            # numpydoc sections carry the types
autodoc_member_order = "bysource"
numpydoc_show_class_members = False   # members are documented by autodoc itself
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# -- gallery ---------------------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "gallery",
    "gallery_dirs": "auto_gallery",
    "filename_pattern": r"/plot_",           # every plot_*.py is run at build time
    "ignore_pattern": r"__init__\.py|/_",
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    "matplotlib_animations": False,
    "plot_gallery": "True",
    "run_stale_examples": False,
    "abort_on_example_error": True,
}

# -- HTML ------------------------------------------------------------------------------------
html_theme = "alabaster"
html_title = "symlandscape"
html_theme_options = {"description": "exact checks of loss-landscape theorems", "fixed_sidebar": True}
html_static_path = []
