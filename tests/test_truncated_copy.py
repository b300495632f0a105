"""A cut-off first copy of the cable, and what follows it before the whole text (cablelib.truncated_copy).

Nine real pages of the shared corpus hold one: the caption (08CURACAO82), or
the caption and the start of the first paragraph (09QUITO1206, 10THEHAGUE117),
cut off with "...", then the record of the cable, then the whole text again;
or the whole text soon after the cut, its caption lines run together
(08VILNIUS668, 08HELSINKI374, 08BUDAPEST807, 05MINSK851 with a date between,
04THEHAGUE1903 with a cables.csv row's fields).  Expected values are read
from the page texts.
"""

from __future__ import annotations

import pytest

import cablelib
from cablelib.fields.envelope import squeeze
from cablelib.normalize import normalize
from cablelib.render import render
from cablelib.sources import unwrap
from cablelib.truncated_copy import _earliest_copy, _line_starts_before, blank, find_truncated_copy
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


PAGES = ("08CURACAO82.html", "09QUITO1206.html", "10THEHAGUE117.txt", "08VILNIUS668.html", "08HELSINKI374.html",
         "08BUDAPEST807.html", "05MINSK851.html", "04THEHAGUE1903.html")


def _text(name: str) -> str:
    return normalize(unwrap(cable_path(name).read_text(encoding="utf-8")).text)


def test_blanking_keeps_every_offset_and_line():
    for name in PAGES:
        text = _text(name)
        found = find_truncated_copy(text)
        assert found is not None, name
        blanked = blank(text, found)
        assert len(blanked) == len(text)
        assert [i for i, c in enumerate(blanked) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]
        assert blanked[:found.blank_start] == text[:found.blank_start]
        assert blanked[found.blank_end:] == text[found.blank_end:]
        assert not blanked[found.blank_start:found.blank_end].strip()
        # every non-blank character blanked is in one of the artefacts
        covered = set()
        for _kind, start, end in found.parts:
            covered.update(range(start, end))
        assert all(i in covered for i in range(found.blank_start, found.blank_end) if not text[i].isspace()), name


def test_the_binary_search_finds_the_earliest_line_that_the_rest_repeats():
    for name in PAGES:
        text = _text(name)
        found = find_truncated_copy(text)
        assert found is not None
        kind, cut_line, copy_end = found.parts[0]
        assert kind == "truncated-copy"
        dots = copy_end - 3
        rest = squeeze(text[copy_end:])
        starts = _line_starts_before(text, dots)
        linear = next(s for s in starts if squeeze(text[s:dots]) in rest)
        assert _earliest_copy(text, starts, dots, rest) == (linear, squeeze(text[linear:dots]))
        assert linear <= cut_line
        # the line before the copy is not repeated after it
        assert linear == starts[0] or squeeze(text[starts[starts.index(linear) - 1]:dots]) not in rest


def test_the_whole_text_soon_after_the_cut():
    # The caption lines run together in the whole text ("UNCLAS VILNIUS 000668 SENSITIVE
    # SIPDIS AMEMBASSY MINSK SENDS E.O. ..."): the copy's own lines are read instead.
    cable = _parse("08VILNIUS668.html")
    assert cable.caveats == ("SENSITIVE", "SIPDIS") and cable.attention == ("AMEMBASSY MINSK SENDS",)
    assert cable.subject == "BELARUS: SPAT WITH RUSSIA OVER GEORGIA"
    assert [(r.text, r.canonical_id) for r in cable.references] == [("VILNIUS 663", "08VILNIUS663")]
    first = cable.paragraphs[0]
    assert (first.number, first.marking) == (1, "SBU")
    assert first.text.startswith("The neutrality of the Belarusian regime with regard to the conflict in Georgia")
    (cut,) = _kept(cable, "truncated-copy")
    assert cut.text == "1.  (SBU) The neutrality of the Belarusian regime with regar..."
    (again,) = _kept(cable, "copy-repeat")
    assert again.text.startswith("UNCLAS VILNIUS 000668 SENSITIVE SIPDIS AMEMBASSY MINSK SENDS E.O. 12958: N/A")
    assert again.text.endswith("SUBJECT: BELARUS: SPAT WITH RUSSIA OVER GEORGIA REF: VILNIUS 663")
    assert not _kept(cable, "record")


def test_a_paragraph_cut_mid_word_reads_on_in_the_whole_text():
    cable = _parse("08HELSINKI374.html")
    # the paragraph the cut is in is set aside whole, and read whole from the whole text
    (cut,) = _kept(cable, "truncated-copy")
    assert cut.text == "(SBU) Poloff delivered GAERC points to MFA Deputy Director \nAnu Laamanen on Aug..."
    (paragraph,) = cable.paragraphs
    assert paragraph.marking == "SBU"
    assert paragraph.text.startswith("Poloff delivered GAERC points to MFA Deputy Director Anu Laamanen on August 12. "
                                     "Finnish representatives were en route to Brussels")
    assert [r.text for r in cable.references] == ["STATE 86108"]
    assert cable.signers == ("BARRETT",) and cable.caveats == ("SENSITIVE", "SIPDIS")


def test_a_wrapped_subject_cut_is_read_whole_from_the_whole_text():
    cable = _parse("08BUDAPEST807.html")
    (cut,) = _kept(cable, "truncated-copy")
    assert cut.text == "SUBJECT: DEMARCHE DELIVERED: U.S. PROPOSAL FOR STRONG NAC \nSTATEMENT ..."
    assert cable.subject == ("DEMARCHE DELIVERED: U.S. PROPOSAL FOR STRONG NAC STATEMENT CONDEMNING "
                             "RUSSIAN ACTIONS IN GEORGIA")
    assert [(r.text, r.canonical_id) for r in cable.references] == [("SECSTATE 85678", "08STATE85678")]
    assert cable.classified_by is not None and cable.classified_by.names == ("Ryan C. Leong",)
    assert cable.paragraphs[0].number == 1 and cable.paragraphs[0].text.startswith("Ref talking points were delivered")


def test_what_lies_between_the_cut_and_the_whole_text_is_kept_as_a_record():
    cable = _parse("05MINSK851.html")
    assert [a.text for a in _kept(cable, "record")] == ["7/28/2005 14:18"]
    assert [(r.letter, r.canonical_id) for r in cable.references] == [("A", "05MINSK638"), ("B", "05MINSK118")]
    assert cable.paragraphs[0].number == 1
    assert cable.paragraphs[0].text.startswith("Summary: The banking system in Belarus is characterized by")
    # 04THEHAGUE1903: the copy's signature line, then a cables.csv row's fields
    cable = _parse("04THEHAGUE1903.html")
    (record,) = _kept(cable, "record")
    assert record.text.startswith('SOBEL \n",\n19205,7/29/2004 5:59,04THEHAGUE1903,"Embassy The Hague",')
    assert cable.subject == "SURVEILLANCE OF U.S. EMBASSY THE HAGUE 07/27/2004"
    assert "SOBEL" not in cable.attention
    assert cable.paragraphs[0].text == "A. (U) POST: The Hague."


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
    assert found is not None and found.blank_start == 0 and found.reference_id == "10THEHAGUE117"


def test_without_a_record_the_copy_must_be_a_caption_start_and_the_repeat_not_cut():
    text = _text("08VILNIUS668.html")
    assert find_truncated_copy(text) is not None
    # the same page with its repeat cut off at the same place: a subject or a line
    # that ends in "..." in each section's caption is no cut-off copy
    dots = text.index("regar...") + len("regar")
    repeat = text.index("\nThe neutrality of the Belarusian regime with regard")
    cut_again = text[:repeat] + "\nThe neutrality of the Belarusian regime with regar..." + "\n" + text[repeat + 60:]
    assert find_truncated_copy(cut_again) is None
    # the copy not opening with a classification line
    assert text[dots - 400:dots].count("UNCLAS VILNIUS") == 1
    no_caption = text.replace("UNCLAS VILNIUS 000668", "UNCLEAR VILNIUS 000668")
    assert find_truncated_copy(no_caption) is None
    # a copy under 100 characters: "UNCLAS VILNIUS 000668 SENSITIVE SIPDIS..." repeated proves too little
    copy_start = text.index("UNCLAS VILNIUS 000668")
    short = text[:copy_start] + "UNCLAS VILNIUS 000668 SENSITIVE SIPDIS" + text[dots:]
    assert find_truncated_copy(short) is None


def test_at_most_four_cuts_are_tried(monkeypatch):
    # Each cut tried reads (squeezes) the text after it; a text of many cut lines and
    # records is read four times, not once for each.
    from cablelib import truncated_copy

    tried: list[int] = []
    real = truncated_copy._before_record

    def counting(text: str, dots: int, start: int, end: int) -> object:
        tried.append(dots)
        return real(text, dots, start, end)

    monkeypatch.setattr(truncated_copy, "_before_record", counting)
    record = "Some words...\n\n250833\n\n2010-02-25\n\n10THEHAGUE117\n\nEmbassy The Hague\n\nUNCLASSIFIED\n\n"
    text = "".join(f"{record}1. (U) Paragraph {i} repeats nothing above.\n\n" for i in range(50))
    assert find_truncated_copy(text) is None
    assert len(tried) == 4


def test_the_cut_is_looked_for_in_the_first_8192_characters_only():
    # 10THEHAGUE117 behind 8,000 blank lines (padding of 8,200 characters): the copy
    # would open the text after a header, so it is not looked for that far in.
    text = cable_path("10THEHAGUE117.txt").read_text(encoding="utf-8")
    assert find_truncated_copy(normalize(unwrap(text).text)) is not None
    late = "\n" * 8200 + normalize(unwrap(text).text)
    assert find_truncated_copy(late) is None
    assert find_truncated_copy("\n" * 7000 + normalize(unwrap(text).text)) is not None


# ---------------------------------------------------------------- property: drawn cables

hypothesis = pytest.importorskip("hypothesis")

from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from cablelib import strategies as cst  # noqa: E402
from cablelib import truncated_copy as truncated_copy_module  # noqa: E402
from cablelib.fields.caption import CLASSIFICATION_WORD  # noqa: E402

FIELDS = ("classification_line", "caveats", "attention", "executive_order", "declassify_on", "tags", "subject",
          "references", "classified_by", "paragraphs", "summary", "signers", "recipients", "info_recipients")


@given(cst.cables(envelope=True, captions=True, body=True, max_paragraphs=4, max_references=4),
       st.integers(min_value=100, max_value=420), st.booleans())
@settings(max_examples=max(10, settings().max_examples // 2))
def test_a_cut_off_copy_before_the_whole_text_changes_no_field(cable, length, with_record):
    """A drawn cable's text with a first copy of its caption onwards, cut off after
    ``length`` characters, before it (with a database record between, or not)
    reads as the text alone: every field the same."""
    text = render(cable)
    parsed = cablelib.parse(text)
    assume(parsed.captions and parsed.captions[0].classification_line is not None)
    start = parsed.captions[0].span.start
    copy = text[start:start + length]
    assume(len(squeeze(copy)) >= 100 and "..." not in text)
    record = "id: 159478\ndate: 6/24/2008 18:24\norigin: Consulate Curacao\nclassification: CONFIDENTIAL\n\n"
    doubled = text[:start] + copy + "...\n\n\n" + (record if with_record else "") + text[start:]
    again = cablelib.parse(doubled)
    assert [a.kind for a in again.artefacts if a.kind in ("truncated-copy", "record")][:1] == ["truncated-copy"]
    for field in FIELDS:
        assert getattr(again, field) == getattr(parsed, field), field


@given(st.from_regex(CLASSIFICATION_WORD, fullmatch=True))
def test_every_classification_word_passes_the_cheap_test(word):
    # The cheap test before a copy without a record is looked for must let every
    # classification word through: blanks dropped, upper-cased, it holds a core.
    cleaned = word.replace(" ", "").replace("\t", "").upper()
    assert any(core in cleaned for core in truncated_copy_module._CLASSIFICATION_CORES)
