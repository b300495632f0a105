"""Sphinx configuration for the cablelib documentation.

Pages are Markdown (MyST). The API page uses autodoc, so the package must be
importable: ``pip install -e '.[test]'`` (or ``.[docs]``) before building.
The test suite builds these docs with warnings as errors
(``tests/test_docs.py``); build them by hand with::

    python -m sphinx -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import sys
from pathlib import Path

# Prefer the checkout next to this file over any other installed copy, so that
# the docs always describe the code they were built from.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

project = "cablelib"
author = "cablelib developers"
copyright = "cablelib developers"  # noqa: A001 - Sphinx's name

try:
    from importlib.metadata import PackageNotFoundError, version as _version

    release = _version("cablelib")
except PackageNotFoundError:  # building from a checkout that is not installed
    release = "0.1.0"
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_test_command.txt", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

html_theme = "alabaster"
html_title = f"cablelib {release}"
# No network in CI: nothing here may fetch (no intersphinx).
