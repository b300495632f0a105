"""A body fragment read from a file named by its reference id.

tathagata/reveal keeps each cable's body ``<pre>`` block alone, in a file
named by its id (``cables/09TRIPOLI950.txt``).  The text has no date-time
group, so it gives no year: no reference id, and REF items without a year
cite no cable id.  The file name gives the year when the text confirms it:
09TRIPOLI950.txt (read by eye) opens with ``S E C R E T SECTION 01 OF 02
TRIPOLI 000950`` and cites ``REF: A) TRIPOLI 938; B) TRIPOLI 941``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import cablelib
from cables import cable_path

FRAGMENT = cable_path("09TRIPOLI950.txt")


def test_the_file_name_gives_the_id_and_year_the_text_confirms() -> None:
    cable = cablelib.parse_file(FRAGMENT)
    assert cable.reference_id == "09TRIPOLI950"
    assert [(r.letter, r.text, r.canonical_id) for r in cable.references] == [
        ("A", "TRIPOLI 938", "09TRIPOLI938"), ("B", "TRIPOLI 941", "09TRIPOLI941")]
    assert cable.wrapper.reference_id is None  # the container itself names no id
    # The same text without its file name: no year anywhere.
    alone = cablelib.parse(FRAGMENT.read_text(encoding="utf-8"))
    assert alone.reference_id is None
    assert [r.canonical_id for r in alone.references] == [None, None]
    # So in a corpus run.
    assert [c.reference_id for c in cablelib.iter_corpus(FRAGMENT)] == ["09TRIPOLI950"]


def test_a_name_the_text_does_not_confirm_gives_nothing(tmp_path: Path) -> None:
    for name, expected in (("09TRIPOLI951.txt", None),  # another serial
                           ("09CAIRO950.txt", None),  # another station
                           ("notes.txt", None),
                           ("2009TRIPOLI00950.txt", "09TRIPOLI950"),  # written another way
                           ("09TRIPOLI950_a.html", "09TRIPOLI950")):
        copy = tmp_path / name
        shutil.copyfile(FRAGMENT, copy)
        assert cablelib.parse_file(copy).reference_id == expected, name


def test_a_text_that_gives_its_own_id_keeps_it(tmp_path: Path) -> None:
    text = ("P 071200Z DEC 09\nFM AMEMBASSY TRIPOLI\nTO SECSTATE WASHDC PRIORITY 1\n\n"
            "S E C R E T TRIPOLI 000950\n\nSUBJECT: A TEST\n\n1. (S) Text.\n")
    copy = tmp_path / "08TRIPOLI950.txt"  # the name's year is not the date-time group's
    copy.write_text(text, encoding="utf-8")
    assert cablelib.parse_file(copy).reference_id == "09TRIPOLI950"
