"""Every file of the shared corpus parses in lenient mode without an exception.

The shared corpus sits beside the repository (``../shared/corpus``), as on
the developers' machines and in CI; set ``CABLELIB_CORPUS`` to point
elsewhere.  The container metadata of each file is checked against
MANIFEST.tsv in tests/test_sources.py; here we check the parse itself.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import cablelib

SHARED_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"

CORPUS = Path(os.environ.get("CABLELIB_CORPUS", SHARED_CORPUS))
FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in {".html", ".txt", ".csv"}
               and p.name != "README.md") if CORPUS.is_dir() else []

pytestmark = pytest.mark.skipif(not FILES, reason="shared corpus not found")


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_file_parses_leniently(path):
    cables = list(cablelib.iter_corpus(path))
    assert cables, "no cable in file"
    for cable in cables:
        assert isinstance(cable, cablelib.Cable)
        for diag in cable.diagnostics:
            if diag.span is not None:
                assert 0 <= diag.span.start <= diag.span.end <= len(cable.source)
        for para in cable.paragraphs:
            assert cable.source[para.span.start:para.span.end].strip()
    if path.suffix != ".csv":
        assert cablelib.parse_file(path) == cables[0]


def test_the_csv_file_yields_its_two_rows():
    (csv_file,) = [p for p in FILES if p.suffix == ".csv"]
    cables = list(cablelib.iter_corpus(csv_file))
    assert [c.reference_id for c in cables] == ["66BUENOSAIRES2481", "72TEHRAN1164"]
    assert [c.wrapper.container for c in cables] == ["csv", "csv"]


def test_the_whole_corpus_as_one_directory_run():
    errors = []
    cables = list(cablelib.iter_corpus(CORPUS, on_error=lambda name, err: errors.append(name)))
    # 316 files, the CSV holds 2 cables; README.md and MANIFEST.tsv are read
    # as raw text and give 2 more diagnostic-laden "cables".
    assert len([c for c in cables if c.wrapper and c.wrapper.container != "raw" or c.reference_id]) >= 300
    assert errors == []
