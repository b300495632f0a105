"""The ``brazil`` variant on real cables from the Mission in Brazil."""

from __future__ import annotations

import pytest

from variant_cables import assert_not_worse_than_generic, parse_copy


@pytest.mark.parametrize("name", ["10BRASILIA108.html", "06SAOPAULO465.html", "09BRASILIA1263.txt",
                                  "06BRASILIA1365.txt"])
def test_brazil_cables_are_read_by_brazil(name):
    assert assert_not_worse_than_generic(name).variant == "brazil"


def test_a_notice_on_a_line_of_its_own_is_a_paragraph_10brasilia108():
    """'REF: 2009 BRASILIA 1381' then '(U) THIS CABLE IS SENSITIVE BUT UNCLASSIFIED AND NOT
    FOR INTERNET DISTRIBUTION.' before paragraph 1: an unnumbered paragraph marked (U), as
    08BRASILIA1568 numbers it paragraph 1 — not a REF item."""
    cable = parse_copy("10BRASILIA108.html")
    assert [(r.letter, r.kind, r.text, r.canonical_id) for r in cable.references] == [
        (None, "cable", "2009 BRASILIA 1381", "09BRASILIA1381")]
    assert "SENSITIVE" in cable.caveats
    notice, first = cable.paragraphs[:2]
    assert (notice.number, notice.marking, notice.text) == (
        None, "U", "THIS CABLE IS SENSITIVE BUT UNCLASSIFIED AND NOT FOR INTERNET DISTRIBUTION.")
    assert first.number == 1 and first.marking == "SBU"


def test_a_notice_run_into_the_last_ref_item_06saopaulo465():
    """'F) 05 BRASILIA 1602 SENSITIVE BUT UNCLASSIFIED - PLEASE PROTECT ACCORDINGLY.'"""
    cable = parse_copy("06SAOPAULO465.html")
    refs = [(r.letter, r.text, r.canonical_id) for r in cable.references]
    assert refs == [
        ("A", "BRASILIA 496", "06BRASILIA496"),
        ("B", "SAO PAULO 215", "06SAOPAULO215"),
        ("C", "SAO PAULO 102", "06SAOPAULO102"),
        ("D", "05 BRASILIA 2601", "05BRASILIA2601"),
        ("E", "05 BRASILIA 2457 AND PREVIOUS", "05BRASILIA2457"),
        ("F", "05 BRASILIA 1602", "05BRASILIA1602"),
    ]
    last = cable.references[-1]
    assert cable.source[last.span.start:last.span.end] == "F) 05 BRASILIA 1602"
    assert cable.caveats == ("SIPDIS", "SENSITIVE")
