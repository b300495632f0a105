"""Publication notices before a cable: the partial-extract notice.

The extract-text copies of 2002 cables (read by eye) put WikiLeaks' notice
"This record is a partial extract of the original cable. The full text of
the original cable is not available." on line 6 and glue the classification
line to its full stop: "...not available.UNCLAS AMMAN 002221" (02AMMAN2221),
"...not available.C O N F I D E N T I A L SECTION 01 OF 03 ANKARA 008852"
(02ANKARA8852).  The notice took the whole line, and the cable had no
classification line.
"""

from __future__ import annotations

import cablelib
from cables import cable_path

NOTICE = ("This record is a partial extract of the original cable. "
          "The full text of the original cable is not available.")


def _notice(cable: cablelib.Cable) -> cablelib.Artefact:
    (found,) = [a for a in cable.artefacts if a.kind == "notice"]
    return found


def test_a_classification_line_glued_to_the_notice_is_read() -> None:
    amman = cablelib.parse_file(cable_path("02AMMAN2221.txt"))
    assert _notice(amman).text == NOTICE
    line = amman.classification_line
    assert line is not None and line.span is not None
    assert (line.raw, line.classification, line.post, line.serial) == ("UNCLAS AMMAN 002221", "UNCLASSIFIED", "AMMAN", 2221)
    assert (line.span.line, line.span.column) == (6, len(NOTICE) + 1)
    ankara = cablelib.parse_file(cable_path("02ANKARA8852.txt"))
    line = ankara.classification_line
    assert line is not None
    assert (line.classification, line.section, line.sections, line.post, line.serial) == (
        "CONFIDENTIAL", 1, 3, "ANKARA", 8852)


def test_the_notice_alone_or_with_other_words_after_it_keeps_its_line() -> None:
    page = cable_path("06PHNOMPENH2131.txt").read_text(encoding="utf-8")
    seed = page[page.index("VZCZC"):]  # the cable without the page's header lines
    alone = cablelib.parse(NOTICE + "\n" + seed)
    assert _notice(alone).text == NOTICE
    other = NOTICE.replace("is not available.", "is lost somewhere.")
    assert _notice(cablelib.parse(other + "\n" + seed)).text == other
    assert alone.classification_line is not None
    assert alone.classification_line.raw == "UNCLAS SECTION 01 OF 02 PHNOM PENH 002131"
