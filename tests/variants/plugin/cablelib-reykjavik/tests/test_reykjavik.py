"""The plugin's own tests: cablelib's contract, and the cable it exists for."""

from __future__ import annotations

from pathlib import Path

import cablelib
from cablelib.testing import check_variant
from cablelib_reykjavik import Reykjavik

CABLES = Path(__file__).parent / "cables"


def test_the_variant_keeps_the_cablelib_contract():
    check_variant(Reykjavik, corpus=CABLES)


def test_it_is_installed_and_chosen_for_reykjavik():
    assert cablelib.get_variant("reykjavik") is Reykjavik
    assert cablelib.parse_file(CABLES / "08REYKJAVIK195.txt").variant == "reykjavik"


def test_a_tags_line_without_its_keyword_is_read():
    text = (CABLES / "08REYKJAVIK195.txt").read_text(encoding="utf-8")
    assert text.count("TAGS: ") == 1
    without_keyword = text.replace("TAGS: ", "", 1)
    assert cablelib.parse(without_keyword).tags == ("MOPS", "KPKO", "MARR", "PGOV", "PREL", "AF", "IC")
