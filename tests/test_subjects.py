"""SUBJECT lines on real cables (tests/cables/): values read off the cable texts.

Some cablegate pages print a blank line after every line, and a subject
wrapped there has a blank line inside it (grammars/envelope.lark,
SUBJECT_GAP).
"""

from __future__ import annotations

import pytest

import cablelib
from cables import cable_path


@pytest.mark.parametrize("name, subject", [
    ("10SHENYANG4.html", "WAITING AND WATCHING: NORTH KOREA AFTER CURRENCY REFORM"),
    ("07LONDON4045.html", "EUR SENIOR ADVISOR PANDITH AND S/P ADVISOR COHEN’S VISIT TO THE UK, OCTOBER 9-14, 2007"),
])
def test_a_subject_wrapped_across_a_blank_line_is_read_whole(name, subject):
    """"SUBJECT: ... AFTER CURRENCY" / blank / "REFORM" / blank / "REF: 09 ...": the second
    line had been read as a caption note (an attention line)."""
    cable = cablelib.parse_file(cable_path(name))
    assert cable.subject == subject
    assert subject.rsplit(" ", 1)[-1] not in " ".join(cable.attention)
    span = cable.captions[0].subject.span
    assert cable.source[span.start:span.end].rstrip().endswith(subject.rsplit(" ", 1)[-1])


def test_a_cut_subject_takes_no_line_after_it():
    """90KHARTOUM10657's subject is cut ("... USE OF ...") and another message's routing line
    follows: the "..." ends it."""
    cable = cablelib.parse_file(cable_path("90KHARTOUM10657.html"))
    assert cable.subject == "GOS COUNCIL REPUTEDLY SUPPORTS DISMANTLING RELIEF, USE OF ..."


@pytest.mark.parametrize("line", ["NOFORN", "SENSITIVE BUT UNCLASSIFIED", "STATE FOR EUR/WE AND S/P",
                                  "LIMITED OFFICIAL USE LONDON 004045",
                                  "C O N F I D E N T I A L SECTION 02 OF 05 LONDON 004045"])
def test_a_caveat_attention_or_classification_line_after_the_blank_is_not_the_subject(line):
    """The same London text with a caveat, an attention line or a classification line (the next
    caption's, as a page header repeats it; found by tests/test_render.py's round trip) where
    the subject's second line was."""
    text = cablelib.parse_file(cable_path("07LONDON4045.html")).source
    changed = text.replace("\n\nVISIT TO THE UK, OCTOBER 9-14, 2007\n", f"\n\n{line}\n", 1)
    assert changed != text
    cable = cablelib.parse(changed)
    assert cable.subject == "EUR SENIOR ADVISOR PANDITH AND S/P ADVISOR COHEN’S"


def test_without_a_caption_field_after_it_the_line_is_not_the_subject():
    """One blank line, the line, and then no REF, Classified By, E.O. or TAGS line: the page may
    not be double-spaced there, and the line is left as it was read."""
    text = cablelib.parse_file(cable_path("10SHENYANG4.html")).source
    changed = text.replace("REFORM \n\nREF:", "REFORM \n\n\nREF:", 1)
    assert changed != text
    assert cablelib.parse(changed).subject == "WAITING AND WATCHING: NORTH KOREA AFTER CURRENCY"
