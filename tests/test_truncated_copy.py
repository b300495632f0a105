"""A cut-off first copy of the cable and the database record after it (cablelib.truncated_copy).

Three real pages hold one: the caption (08CURACAO82), or the caption and the
start of the first paragraph (09QUITO1206, 10THEHAGUE117), cut off with
"...", then the record of the cable, then the whole text again.  Expected
values are read from the page texts.
"""

from __future__ import annotations

import cablelib
from cablelib.fields.envelope import squeeze
from cablelib.normalize import normalize
from cablelib.sources import unwrap
from cablelib.truncated_copy import _earliest_copy_start, _line_starts_before, blank, find_truncated_copy
from cables import cable_path


def _parse(name: str) -> cablelib.Cable:
    return cablelib.parse(cable_path(name).read_text(encoding="utf-8"))


def _kept(cable: cablelib.Cable, kind: str) -> list[cablelib.Artefact]:
    found = [a for a in cable.artefacts if a.kind == kind]
    for artefact in found:  # lossless: each artefact is its span's text in the source
        assert artefact.span is not None
        assert cable.source[artefact.span.start:artefact.span.end].strip() == artefact.text
        assert cable.source.count("\n", 0, artefact.span.start) + 1 == artefact.span.line
    return found


def test_a_cut_off_caption_is_set_aside_and_the_whole_caption_read():
    cable = _parse("08CURACAO82.html")
    assert cable.subject == ("OPPOSITION PARTIES AND VENEZUELA COMPLAIN ABOUT U.S. "
                             "COUNTER-DRUG FORWARD OPERATING LOCATION")
    assert [(r.letter, r.text, r.canonical_id) for r in cable.references] == [
        ("A", "CARACAS 000695", "08CARACAS695"), ("B", "HAVANA 000462", "08HAVANA462")]
    assert cable.classified_by is not None
    assert cable.classified_by.names == ("William J. Furnish",)
    assert cable.classified_by.reasons == ("1.4(a)", "1.4(b)", "1.4(d)")
    assert len(cable.captions) == 1
    (copy,) = _kept(cable, "truncated-copy")
    assert copy.text.startswith("C O N F I D E N T I A L CURACAO 000082")
    assert copy.text.endswith("SUBJECT: OPPOSITION PARTIES AND VENEZUELA COMPLAIN ABOUT U.S. \nCOUNTER-DRUG FO...")
    (record,) = _kept(cable, "record")
    assert record.text == ("159478\n\n2008-06-24\n\n08CURACAO82\n\nConsulate Curacao\n\n"
                           "CONFIDENTIAL\n\n08CARACAS695|08HAVANA462")
    first = cable.paragraphs[0]
    assert (first.number, first.marking) == (1, "C")
    assert first.text.startswith("SUMMARY: Local opposition parties are using rising fuel prices")


def test_a_cut_off_first_paragraph_and_a_labelled_record():
    cable = _parse("09QUITO1206.html")
    (copy,) = _kept(cable, "truncated-copy")
    assert copy.text.startswith("UNCLAS QUITO 001206")
    assert copy.text.endswith("1. The Embassy received under cover of a dip...")
    (record, _header_ends) = _kept(cable, "record")
    # up to the header's label: the header after it is the envelope printed again
    assert record.text.startswith("id: 240720\ndate: 12/18/2009 19:19\nrefid: 09QUITO1206\n")
    assert record.text.endswith("destination: 09STATE121858\nheader:")
    assert [p.number for p in cable.paragraphs][:1] == [1]
    assert cable.paragraphs[0].text.startswith("The Embassy received under cover of a diplomatic note a letter from")
    assert not any("id: 240720" in p.text or "UNCLAS QUITO" in p.text for p in cable.paragraphs)
    assert [r.canonical_id for r in cable.references] == ["09STATE121858"]


def test_the_records_reference_id_is_the_cables_when_nothing_else_gives_one():
    # The page is the <pre> block alone: no date-time group, no metadata table.
    cable = _parse("10THEHAGUE117.txt")
    assert cable.reference_id == "10THEHAGUE117"
    # ... so REF items have a year: the record's destination is 10STATE15722.
    assert [(r.text, r.canonical_id) for r in cable.references] == [("STATE 15722", "10STATE15722")]
    assert len(cable.paragraphs) == 1
    assert cable.paragraphs[0].text.startswith("EMBOFFS delivered reftel points to Mr. Peter van der Vliet, Deputy")
    text = cable_path("10THEHAGUE117.txt").read_text(encoding="utf-8")
    assert cablelib.parse(text, reference_id="10THEHAGUE999").reference_id == "10THEHAGUE999"  # the caller's first


def test_blanking_keeps_every_offset_and_line():
    for name in ("08CURACAO82.html", "09QUITO1206.html", "10THEHAGUE117.txt"):
        text = normalize(unwrap(cable_path(name).read_text(encoding="utf-8")).text)
        found = find_truncated_copy(text)
        assert found is not None, name
        blanked = blank(text, found)
        assert len(blanked) == len(text)
        assert [i for i, c in enumerate(blanked) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]
        assert blanked[:found.copy_start] == text[:found.copy_start]
        assert blanked[found.record_end:] == text[found.record_end:]
        assert not blanked[found.copy_start:found.record_end].strip()


def test_the_binary_search_finds_the_earliest_line_that_the_rest_repeats():
    for name in ("08CURACAO82.html", "09QUITO1206.html", "10THEHAGUE117.txt"):
        text = normalize(unwrap(cable_path(name).read_text(encoding="utf-8")).text)
        found = find_truncated_copy(text)
        assert found is not None
        dots = found.copy_end - 3
        rest = squeeze(text[found.record_end:])
        starts = _line_starts_before(text, dots)
        linear = next(s for s in starts if squeeze(text[s:dots]) in rest)
        assert _earliest_copy_start(text, starts, dots, rest) == linear == found.copy_start
        # the line before the copy is not repeated after the record
        assert found.copy_start == 0 or squeeze(text[starts[starts.index(linear) - 1]:dots]) not in rest


def test_a_cut_and_a_record_without_the_copy_repeated_are_left_alone():
    text = cable_path("10THEHAGUE117.txt").read_text(encoding="utf-8")
    cut = text.index("UNCLASSIFIED\n\n10STATE15722") + len("UNCLASSIFIED\n\n10STATE15722")
    # the record followed by other text than the copy: nothing is set aside
    other = text[:cut] + "\n\nSomething else entirely, which repeats nothing above.\n"
    assert find_truncated_copy(normalize(unwrap(other).text)) is None
    cable = cablelib.parse(other)
    assert not [a for a in cable.artefacts if a.kind in ("truncated-copy", "record")]
    # no record after the cut: nothing either
    assert find_truncated_copy(text.replace("250833", "Mr. Jones")) is None


def test_a_copy_too_short_to_prove_anything_is_left_alone():
    # 10THEHAGUE117's record with only "to Mr. Peter..." before it: the rest repeats
    # those words, but a few words repeated prove no copy.
    text = cable_path("10THEHAGUE117.txt").read_text(encoding="utf-8")
    record = text[text.index("250833"):text.index("10STATE15722") + len("10STATE15722")]
    short = ("to Mr. Peter...\n\n\n" + record + "\n\nEMBOFFS delivered reftel points to Mr. Peter van der Vliet, "
             "Deputy Director of the Dutch MFA's UN and International Financial Institutions Department.\n")
    assert find_truncated_copy(short) is None
    longer = "EMBOFFS delivered reftel points to Mr. Peter...\n\n\n" + record + short[short.index("\n\nEMBOFFS"):]
    found = find_truncated_copy(longer)
    assert found is not None and found.copy_start == 0 and found.reference_id == "10THEHAGUE117"


def test_at_most_four_records_are_tried(monkeypatch):
    # Each record tried reads the rest of the text (squeezed); a text of many
    # cut lines and records is read four times, not once for each.
    from cablelib import truncated_copy

    calls: list[int] = []

    def counting(text: str) -> str:
        calls.append(len(text))
        return squeeze(text)

    monkeypatch.setattr(truncated_copy, "squeeze", counting)
    record = "Some words...\n\n250833\n\n2010-02-25\n\n10THEHAGUE117\n\nEmbassy The Hague\n\nUNCLASSIFIED\n\n"
    text = "".join(f"{record}1. (U) Paragraph {i} repeats nothing above.\n\n" for i in range(50))
    assert find_truncated_copy(text) is None
    rests = [n for n in calls if n > len(text) // 2]
    assert 1 <= len(rests) <= 4


def test_the_cut_is_looked_for_in_the_first_8192_characters_only():
    # 10THEHAGUE117 behind 8,000 blank lines (padding of 8,200 characters): the copy
    # would open the text after a header, so it is not looked for that far in.
    text = cable_path("10THEHAGUE117.txt").read_text(encoding="utf-8")
    assert find_truncated_copy(normalize(unwrap(text).text)) is not None
    late = "\n" * 8200 + normalize(unwrap(text).text)
    assert find_truncated_copy(late) is None
    assert find_truncated_copy("\n" * 7000 + normalize(unwrap(text).text)) is not None
