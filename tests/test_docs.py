"""Documentation: the Sphinx build is clean, and README and CI agree on the test command."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _quick_start_block(readme: str) -> list[str]:
    """Lines of the first ```bash block under ``## Quick start`` in README.md."""
    section = re.search(r"^## Quick start[ \t]*\n(.*?)(?=^## |\Z)", readme, re.M | re.S)
    assert section, "README.md has no '## Quick start' section"
    block = re.search(r"^```bash[ \t]*\n(.*?)^```", section.group(1), re.M | re.S)
    assert block, "the Quick start section has no ```bash block"
    return block.group(1).splitlines()


@pytest.fixture(scope="module")
def built_docs(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Build the HTML docs once, with ``-W`` (warnings are errors)."""
    try:
        import myst_parser  # noqa: F401
        import sphinx  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("sphinx/myst-parser missing; CI installs '.[test]', which must bring them")
        pytest.skip("sphinx or myst-parser is not installed (pip install -e '.[test]')")
    tmp = tmp_path_factory.mktemp("docs")
    out = tmp / "html"
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(tmp / "doctrees"), str(DOCS), str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    return proc, out


def test_sphinx_build_has_no_warnings(built_docs: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    """``sphinx-build -W`` builds every page of the HTML docs."""
    proc, out = built_docs
    assert proc.returncode == 0, f"sphinx-build -W failed:\n{proc.stdout}\n{proc.stderr}"
    for page in ("index", "tutorial", "architecture", "api"):
        assert (out / f"{page}.html").is_file(), page


def test_api_page_documents_the_entry_points(built_docs: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    """Once the package exports them, the API page shows ``parse``, ``parse_file`` and ``Cable``."""
    import cablelib

    if not hasattr(cablelib, "parse"):
        pytest.skip("cablelib.parse does not exist yet")
    proc, out = built_docs
    assert proc.returncode == 0, proc.stderr
    html = (out / "api.html").read_text(encoding="utf-8")
    for name in ("cablelib.parse", "cablelib.parse_file", "cablelib.Cable"):
        assert f'id="{name}"' in html, f"{name} is not documented on the API page"


def test_test_command_is_one_line() -> None:
    """docs/_test_command.txt holds exactly one non-empty line."""
    lines = (DOCS / "_test_command.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and lines[0].strip(), lines


def test_readme_quick_start_matches_the_test_command() -> None:
    """README's Quick start has two command lines; the second is the CI test command."""
    readme = ROOT / "README.md"
    if not readme.is_file():
        pytest.skip("no README.md")
    lines = _quick_start_block(readme.read_text(encoding="utf-8"))
    assert len(lines) == 2, lines
    assert "examples/06PHNOMPENH2131.txt" in lines[0]
    command = (DOCS / "_test_command.txt").read_text(encoding="utf-8").strip()
    assert lines[1] == command, "README's test command and docs/_test_command.txt differ"
