"""Body fields on real cables: comments, doubled paragraph numbers, signers.

Expected values were read off the cable texts (tests/cables/), not taken
from parser output.
"""

from __future__ import annotations

import cablelib
from cables import cable_path


def test_comment_paragraph_of_an_old_cable():
    # 73TEHRAN7005: "COMMENT: NO INDICATION OF DATE ARREST TOOK PLACE. WILL
    # REPORT FURTHER DEVELOPMENTS." closes the body, then "HELMS".
    cable = cablelib.parse_file(cable_path("73TEHRAN7005.html"))
    assert cable.comments == ("NO INDICATION OF DATE ARREST TOOK PLACE. WILL REPORT FURTHER DEVELOPMENTS.",)
    assert cable.signers == ("HELMS",)


def test_doubled_paragraph_numbers():
    # 09LAPAZ1784 writes "1. 1. Summary and comment: Bolivian ..." and
    # "2. 2. The Department of Cochabamba ...".
    cable = cablelib.parse_file(cable_path("09LAPAZ1784.html"))
    assert [p.number for p in cable.paragraphs[:3]] == [1, 2, 3]
    assert cable.paragraphs[0].text.startswith("Summary and comment: Bolivian Counternarcotics")
    assert cable.paragraphs[1].text.startswith("The Department of Cochabamba has become")
    assert cable.paragraphs[1].heading == "Proliferation Of Cocaine Laboratories"


def test_comments_are_not_part_of_equality_or_json(seed_cable):
    assert seed_cable.comments == ()
    assert "comments" not in seed_cable.to_dict()


def test_a_run_together_caption_copy_after_a_cut_body_is_an_artefact():
    """08USNATO290: the body is cut at 'Summa...' and followed by the
    classification line and caption again, run together on one line."""
    cable = cablelib.parse_file(cable_path("08USNATO290.html"))
    assert [(p.number, p.marking, p.text) for p in cable.paragraphs] == [(1, "S/NF", "Summa...")]
    copies = [a for a in cable.artefacts if a.kind == "caption-copy"]
    assert [a.text for a in copies] == [
        "S E C R E T USNATO 000290 NOFORN SIPDIS E.O. 12958: DECL: 01/05/2017 TAGS: NATO PREL MOPS GG RS"]
    assert cable.source[copies[0].span.start:copies[0].span.end] == copies[0].text


def test_what_is_not_a_caption_copy():
    from cablelib.fields.body import is_caption_copy

    assert is_caption_copy("C O N F I D E N T I A L SECTION 01 OF 02 ANKARA 004688 SIPDIS E.O. 12958: DECL: X")
    assert is_caption_copy("UNCLAS PHNOM PENH 002131 TAGS: PHUM PREL")
    assert not is_caption_copy("SECRET TALKS IN 2006 WERE HELD UNDER E.O. 12958 RULES.")  # a year, not a serial
    assert not is_caption_copy("UNCLAS PHNOM PENH 002131 SIPDIS")  # no caption field on the line
    assert not is_caption_copy("UNCLAS PHNOM PENH 002131\nTAGS: PHUM")  # two lines: not run together
