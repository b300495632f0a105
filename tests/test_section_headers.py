"""A later section's header repeated in a printout's body: artefacts, not paragraph text.

Read by eye in the files:

* 00HARARE6677 (cablegate page): paragraph 5 breaks off at "... IF IT WAITS
  THAT LONG," (line 46); the page foot, "CONFIDENTIAL PTQ1865", the page
  line of section 2's first page and its header follow — ACTION AF-00,
  INFO LOG-00 ..., the DTG "O 291359Z NOV 00", FM, TO and INFO run together
  on one line, then "C O N F I D E N T I A L SECTION 02 OF 03 HARARE 006677",
  SIPDIS, three attention lines and "E.O. 12958: DECL: 11/29/10 TAGS: PGOV
  PREL ECON PINR ZI SA".  The page's SUBJECT line is gone; after page 2's
  line stands "OPPOSITION LEADER", the end of the subject ("ASSISTANT
  SECRETARY MEETS WITH ZIMBABWE OPPOSITION LEADER"), and then the paragraph
  goes on: "THERE WILL BE “NOTHING TO VOTE FOR” ...".  Paragraph 9 the same
  at section 3 ("... HE TOLD THE" / "BRITISH TO REFRAIN ...").
* 01VATICAN5693: paragraph 7 breaks off at "WITH THE OUTSIDE"; section 2's
  header ends with "E.O. 12958:  DECL: 10/23/11 TAGS: PREL AF PK IN AF PK IN
  VT VTPREL" and on the next line the paragraph goes on: "WORLD STEPPING
  INTO THE GAP.".
* 90CAPETOWN97: between paragraphs 9 and 10, blank-separated, "CONFIDENTIAL",
  "R 171512Z JAN 90" with FM, TO and INFO, "C O N F I D E N T I A L SECTION
  02 OF 03 CAPE TOWN 00097", "LONDON FOR KOLKER, PARIS FOR FENDRICK" and
  E.O., TAGS and "SUBJECT:  ESSA MOOSA TALKS ABOUT MANDELA AND OTHER TOPICS".
* 00HARARE2271 (extract text): sections 2 to 7 each open with their page
  header and a header over two pages (ACTION AID-00 ... "UNCLAS SECTION 02 OF
  07 HARARE 002271", SIPDIS, AIDAC, six attention blocks, E.O., TAGS,
  SUBJECT), inside the paragraph that was cut ("... DURING THE INCEPTION
  PHASE WITH AN" / "EVALUATION AT THE END;").
"""

from __future__ import annotations

import pytest

import cablelib
from cables import cable_path

hypothesis = pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from cablelib import strategies as cst  # noqa: E402
from cablelib.render import render  # noqa: E402
from drawn_paragraphs import first_line_break_in_a_paragraph  # noqa: E402

# What a header copy leaves in no paragraph: its distribution block, date-time
# group, addressees, section line and caption.
HEADER_WORDS = ("PTQ", "ACTION AF-00", "ACTION SA-00", "ACTION AID-00", "LOG-00", "SECTION 0", "FM AMEMBASSY",
                "FM AMCONSUL", "TAGS:", "E.O.")


def _headers(cable: cablelib.Cable) -> list[str]:
    return [a.text for a in cable.artefacts if a.kind == "section-header"]


def _check_spans(cable: cablelib.Cable) -> None:
    for artefact in cable.artefacts:
        if artefact.kind == "section-header":
            span = artefact.span
            assert cable.source[span.start:span.end].strip() == artefact.text
            assert span.line == cable.source.count("\n", 0, span.start) + 1
            assert span.column == span.start - cable.source.rfind("\n", 0, span.start)


def _no_header_in_paragraphs(cable: cablelib.Cable) -> None:
    for paragraph in cable.paragraphs:
        for word in HEADER_WORDS:
            assert word not in paragraph.text, (paragraph.number, word)


def test_headers_inside_paragraphs_with_the_subjects_end_after_a_page_line() -> None:
    cable = cablelib.parse_file(cable_path("00HARARE6677.html"))
    assert [p.number for p in cable.paragraphs] == list(range(1, 13))
    fifth, ninth = cable.paragraphs[4], cable.paragraphs[8]
    assert "IF IT WAITS THAT LONG, THERE WILL BE “NOTHING TO VOTE FOR” BY THE TIME" in fifth.text
    assert "HE TOLD THE BRITISH TO REFRAIN FROM MAKING PUBLIC STATEMENTS" in ninth.text
    headers = _headers(cable)
    assert len(headers) == 4
    assert headers[1] == headers[3] == "OPPOSITION LEADER"
    for header, section in ((headers[0], "02"), (headers[2], "03")):
        assert header.startswith("ACTION AF-00\nINFO LOG-00 NP-00")
        assert "O 291359Z NOV 00 FM AMEMBASSY HARARE TO SECSTATE WASHDC IMMEDIATE 77" in header
        assert f"\nC O N F I D E N T I A L SECTION {section} OF 03 HARARE 006677\nSIPDIS\n" in header
        assert header.endswith("E.O. 12958: DECL: 11/29/10 TAGS: PGOV PREL ECON PINR ZI SA")
    # The page header's classification word and PTQ number go with its page line.
    pages = [a.text for a in cable.artefacts if a.kind == "page-break"]
    assert "CONFIDENTIAL PTQ1865\nPAGE 01 HARARE 06677 02 OF 03 291401Z" in pages
    assert "CONFIDENTIAL PTQ1866\nPAGE 01 HARARE 06677 03 OF 03 291401Z" in pages
    _no_header_in_paragraphs(cable)
    _check_spans(cable)


def test_a_header_ending_at_tags_and_the_paragraph_going_on_on_the_next_line() -> None:
    cable = cablelib.parse_file(cable_path("01VATICAN5693.html"))
    assert [p.number for p in cable.paragraphs] == list(range(1, 12))
    seventh = cable.paragraphs[6]
    assert ("FOR THE AFGHAN POPULATION WAS SIGNIFICANT, HE ADDED, WITH THE OUTSIDE WORLD STEPPING INTO THE GAP. "
            "HE ADMITTED THAT AIRDROPS TO REMOTE SPOTS") in seventh.text
    (header,) = _headers(cable)
    assert header.startswith("ACTION SA-00 \nINFO  LOG-00")
    assert "\nC O N F I D E N T I A L SECTION 02 OF 02 VATICAN 005693 \nSIPDIS \n" in header
    assert header.endswith("TAGS: PREL AF PK IN AF PK IN VT VTPREL")
    _no_header_in_paragraphs(cable)
    _check_spans(cable)


def test_a_header_between_paragraphs_is_no_paragraph() -> None:
    cable = cablelib.parse_file(cable_path("90CAPETOWN97.html"))
    assert [p.number for p in cable.paragraphs] == list(range(1, 18))
    headers = _headers(cable)
    assert headers[0] == "CONFIDENTIAL"
    assert headers[1].startswith("R 171512Z JAN 90 \nFM AMCONSUL CAPE TOWN \nTO SECSTATE WASHDC 5366 \n")
    assert headers[2:4] == ["C O N F I D E N T I A L SECTION 02 OF 03 CAPE TOWN 00097",
                            "LONDON FOR KOLKER, PARIS FOR FENDRICK"]
    assert headers[4].endswith("SUBJECT:  ESSA MOOSA TALKS ABOUT MANDELA AND OTHER TOPICS")
    assert len(headers) == 5
    # The heading under the header is still paragraph 10's.
    assert cable.paragraphs[9].heading == "DE KLERK-ANC COMMUNICATION THROUGH MANDELA"
    _no_header_in_paragraphs(cable)
    _check_spans(cable)


def test_six_headers_over_two_pages_each() -> None:
    cable = cablelib.parse_file(cable_path("00HARARE2271.txt"))
    assert [p.number for p in cable.paragraphs] == list(range(1, 24))
    headers = _headers(cable)
    assert len(headers) == 6 * 12
    sections = [h for h in headers if "SECTION" in h]
    assert sections == [f"UNCLAS SECTION 0{n} OF 07 HARARE 002271" for n in range(2, 8)]
    assert headers[:3] == ["ACTION AID-00", headers[1], sections[0]]
    assert "P 271036Z APR 00 \nFM AMEMBASSY HARARE \nTO SECSTATE WASHDC PRIORITY 5876 \n" in headers[1]
    assert headers[11] == "E.O. 12958: N/A \nTAGS: PGOV PREL ECON ZI\nSUBJECT:  U.S. ASSISTANCE FOR LAND REFORM"
    joined = " ".join(p.text for p in cable.paragraphs)
    # The page foot of the page before the header is no text either.
    assert "-UNDERTAKE ONGOING MONITORING DURING THE INCEPTION PHASE WITH AN EVALUATION AT THE END;" in joined
    _no_header_in_paragraphs(cable)
    _check_spans(cable)


# ---------------------------------------------------------------- what is no header copy

_BEFORE = "1. (C) The minister said that the talks would go on\nfor some weeks, and that the"
_AFTER = "delegations would meet again in March.\n\n2. (C) He added nothing else.\n"
_HEADER = ("CONFIDENTIAL     PTQ1865\n"
           "PAGE 01        HARARE  06677  02 OF 03  291401Z\n"
           "ACTION AF-00\n"
           "INFO  LOG-00   NP-00    AID-00\n"
           "      SAS-00   SWCI-00    /012W\n"
           "                  ------------------A54E56  291401Z /38\n"
           "O 291359Z NOV 00\n"
           "FM AMEMBASSY HARARE\n"
           "TO SECSTATE WASHDC IMMEDIATE 7739\n"
           "C O N F I D E N T I A L SECTION 02 OF 03 HARARE 006677\n"
           "SIPDIS\n"
           "E.O. 12958: DECL: 11/29/10\n"
           "TAGS: PGOV PREL ECON PINR ZI SA\n"
           "SUBJECT: ASSISTANT SECRETARY MEETS WITH OPPOSITION LEADER\n")
_JOINED = ("The minister said that the talks would go on for some weeks, and that the delegations would meet "
           "again in March.")


def _first_text(header: str) -> str:
    return cablelib.parse(_BEFORE + "\n" + header + _AFTER).paragraphs[0].text


def test_a_made_header_inside_a_paragraph_is_taken_out() -> None:
    cable = cablelib.parse(_BEFORE + "\n" + _HEADER + _AFTER)
    assert [p.text for p in cable.paragraphs] == [_JOINED, "He added nothing else."]
    assert "".join(_headers(cable)).startswith("ACTION AF-00")
    assert _headers(cable)[-1].endswith("MEETS WITH OPPOSITION LEADER")


@pytest.mark.parametrize("change", [
    ("SECTION 02 OF 03", "SECTION 01 OF 03"),  # the first section's header is the cable's own
    ("O 291359Z NOV 00\n", ""),  # no date-time group
    ("FM AMEMBASSY HARARE\n", ""),  # no FM line
    ("C O N F I D E N T I A L SECTION", "THE SECTION"),  # no classification line
])
def test_a_header_missing_a_mark_stays_text(change) -> None:
    text = _first_text(_HEADER.replace(*change))
    assert text.startswith("The minister said") and "SIPDIS" in text and "TAGS: PGOV" in text


def test_prose_before_the_date_time_group_in_its_chunk_keeps_it_text() -> None:
    header = _HEADER.replace("O 291359Z NOV 00\n", "THE TALKS WERE CALLED O 291359Z NOV 00\n")
    assert "SIPDIS" in _first_text(header)


def test_a_subject_line_ends_the_header_and_the_text_after_it_reads_on() -> None:
    header = _HEADER + "WRAPPED SUBJECT\n"  # a subject wrapped onto a second line
    assert _first_text(header) == _JOINED
    long_tail = "FIRST\nSECOND\nTHIRD\n"  # more than two lines after SUBJECT: prose
    assert _first_text(_HEADER + long_tail).startswith(
        "The minister said that the talks would go on for some weeks, and that the FIRST SECOND THIRD")


# ---------------------------------------------------------------- on drawn cables


_PAGE_HEAD = "CONFIDENTIAL     PTQ1865\nPAGE 01        HARARE  06677  02 OF 03  291401Z\n"
assert _HEADER.startswith(_PAGE_HEAD)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cable=cst.cables(envelope=True, captions=True, body=True, max_paragraphs=4, max_references=2),
       section=st.integers(2, 9), blank=st.booleans())
def test_a_header_inside_a_drawn_paragraph_reads_as_its_page_line_alone(cable, section, blank) -> None:
    """A drawn cable, rendered, with a section's page line and header put between
    two lines of a paragraph (after a blank line or not) reads with the same
    paragraphs as with the page line alone there, and the header is kept."""
    text = render(cable)
    cut = first_line_break_in_a_paragraph(text, cablelib.parse(text))
    if cut is None:
        return  # no paragraph of two lines
    at = cut + 1
    gap = "\n" if blank else ""
    header = _HEADER.replace("SECTION 02", f"SECTION 0{section}")
    paged = cablelib.parse(text[:at] + gap + _PAGE_HEAD + gap + text[at:])
    joined = cablelib.parse(text[:at] + gap + header + gap + text[at:])
    assert [(p.number, p.marking, p.heading, p.text) for p in joined.paragraphs] == \
        [(p.number, p.marking, p.heading, p.text) for p in paged.paragraphs]
    headers = _headers(joined)
    assert headers[0].startswith("ACTION AF-00") and headers[-1].endswith("MEETS WITH OPPOSITION LEADER")
