"""Page-break lines run into a paragraph's text are cut out and kept as artefacts.

Read by eye in the pages (line numbers of ``Cable.source``):

* 07KOLKATA331, line 40 (paragraph 4, one line): "... the CM expressed
  satisfaction with having a Frito-Lay factory in the state. Bhattacharjee
  KOLKATA 00000331 002 OF 002 added that educational cooperation was another
  area ...", the page line at column 557.
* 09TRIPOLI359, line 38: paragraph 5 ends "... personally escorted released
  critic Idriss Boufayed to his flight out of Libya. TRIPOLI 00000359 002 OF
  002" (the page line at column 614), then a blank line and "6.(C) Comment:".
* 07USUNNEWYORK1149 (classification line "... USUN NEW YORK 001149"):
  "USUN NEW Y 00001149 002 OF 003" in paragraph 5 and "... 003 OF 003" in
  paragraph 11, the post cut to ten characters.
* 09MOSCOW2932, line 68: "... joint research in high energy physics with
  MIT MOSCOW 00002932 006.2 OF 010 and other universities ...": MIT is the
  prose's, the page line starts at MOSCOW.
"""

from __future__ import annotations

import pytest

import cablelib
from cablelib.inline_pages import cut_inline_pages, page_line_keys
from cablelib.model import ClassificationLine, Paragraph, Span
from cables import cable_path


def _pages(cable: cablelib.Cable) -> list[str]:
    return [a.text for a in cable.artefacts if a.kind == "page-break"]


def test_a_page_line_in_the_middle_of_a_sentence() -> None:
    cable = cablelib.parse_file(cable_path("07KOLKATA331.html"))
    fourth = cable.paragraphs[3]
    assert fourth.number == 4
    assert ("a Frito-Lay factory in the state. Bhattacharjee added that educational cooperation was another"
            in fourth.text)
    assert "00000331" not in fourth.text
    (page,) = [a for a in cable.artefacts if a.kind == "page-break"]
    assert page.text == "KOLKATA 00000331 002 OF 002"
    assert (page.span.line, page.span.column) == (40, 557)
    assert cable.source[page.span.start:page.span.end] == page.text
    starts = [a.span.start for a in cable.artefacts if a.span is not None]
    assert starts == sorted(starts)


def test_a_page_line_that_ends_a_paragraph() -> None:
    cable = cablelib.parse_file(cable_path("09TRIPOLI359.html"))
    fifth, sixth = cable.paragraphs[4:6]
    assert fifth.text.endswith("escorted released critic Idriss Boufayed to his flight out of Libya.")
    assert cable.source[fifth.span.start:fifth.span.end].endswith("his flight out of Libya.")
    assert (sixth.number, sixth.marking) == (6, "C") and sixth.text.startswith("Comment:")
    (page,) = [a for a in cable.artefacts if a.kind == "page-break"]
    assert (page.text, page.span.line, page.span.column) == ("TRIPOLI 00000359 002 OF 002", 38, 614)


def test_the_post_cut_to_ten_characters_and_prose_words_before_it() -> None:
    usun = cablelib.parse_file(cable_path("07USUNNEWYORK1149.html"))
    assert _pages(usun) == ["USUN NEW Y 00001149 002 OF 003", "USUN NEW Y 00001149 003 OF 003"]
    assert not any("00001149" in p.text for p in usun.paragraphs)
    moscow = cablelib.parse_file(cable_path("09MOSCOW2932.html"))
    assert len(_pages(moscow)) == 8
    assert "MOSCOW 00002932 006.2 OF 010" in _pages(moscow)
    tenth = moscow.paragraphs[9]
    assert tenth.number == 10
    assert "joint research in high energy physics with MIT and other universities" in tenth.text


def _one(text: str, *, post: str = "KOLKATA", serial: int = 331) -> tuple[tuple[Paragraph, ...], list]:
    source = f"4. {text}\n"
    paragraph = Paragraph(4, None, None, text, span=Span(0, len(source) - 1, 1, 1))
    found: list = []
    line = ClassificationLine("UNCLASSIFIED", post=post, serial=serial)
    return cut_inline_pages((paragraph,), source, line, (), found), found


def test_only_this_cables_own_page_line_is_cut() -> None:
    (paragraph,), found = _one("The CM said KOLKATA 00000331 002 OF 002 that trade grew.")
    assert paragraph.text == "The CM said that trade grew." and [a.text for a in found] == ["KOLKATA 00000331 002 OF 002"]
    for text in ("The CM said KOLKATA 00000332 002 OF 002 that trade grew.",  # another serial
                 "The CM said CHENNAI 00000331 002 OF 002 that trade grew.",  # another post
                 "The CM said KOLKATA 00000331 002 that trade grew.",  # no page count
                 "The CM said KOLKATA 00000331 002 OF 002X that trade grew.",  # glued to a word
                 "The CM saidKOLKATA 00000331 002 OF 002 that trade grew."):
        (paragraph,), found = _one(text)
        assert paragraph.text == text and found == [], text
    # The page lines the grammar found on lines of their own give their post too.
    page = cablelib.parse("1. (U) The talks went on and on.\nRPO DUBAI 00000015 002 OF 003\nThey ended.\n")
    assert page_line_keys(None, page.artefacts) == {"00000015": {"RPO DUBAI"}}


def test_beside_a_page_line_of_its_own_in_the_same_paragraph() -> None:
    text = ("1. (U) The talks went on and on\nKOLKATA 00000331 002 OF 003\n"
            "and on. The CM said KOLKATA 00000331 003 OF 003 that trade grew.\n")
    cable = cablelib.parse(text)
    assert [p.text for p in cable.paragraphs] == ["The talks went on and on and on. The CM said that trade grew."]
    assert _pages(cable) == ["KOLKATA 00000331 002 OF 003", "KOLKATA 00000331 003 OF 003"]
    assert [(a.span.line, a.span.column) for a in cable.artefacts if a.kind == "page-break"] == [(2, 1), (3, 21)]


# ---------------------------------------------------------------- on drawn cables

hypothesis = pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from cablelib import strategies as cst  # noqa: E402
from cablelib.render import render  # noqa: E402
from drawn_paragraphs import first_line_break_in_a_paragraph  # noqa: E402


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cable=cst.cables(envelope=False, captions=True, body=True, max_paragraphs=4, max_references=1),
       page=st.integers(2, 9), dotted=st.booleans())
def test_a_page_line_run_into_a_drawn_paragraph_is_cut_out(cable, page, dotted) -> None:
    """A drawn cable, rendered, with one line break inside a paragraph replaced by its
    own page line between blanks, reads with the same paragraphs as with a blank
    there, and the page line is a page-break artefact at its place."""
    text = render(cable)
    plain = cablelib.parse(text)
    line = plain.classification_line
    if line is None or not line.post or line.serial is None:
        return
    at = first_line_break_in_a_paragraph(text, plain)
    if at is None:
        return  # no paragraph of two lines
    page_line = f"{line.post[:10].rstrip()} {line.serial:08d} {page:03d}{'.2' if dotted else ''} OF 010"
    spaced = cablelib.parse(text[:at] + " " + text[at + 1:])
    paged = cablelib.parse(text[:at] + " " + page_line + " " + text[at + 1:])
    assert [(p.number, p.marking, p.heading, p.text) for p in paged.paragraphs] == \
        [(p.number, p.marking, p.heading, p.text) for p in spaced.paragraphs]
    assert len(_pages(paged)) == len(_pages(spaced)) + 1
    (found,) = [a for a in paged.artefacts if a.kind == "page-break" and a.span.start == at + 1]
    assert found.text == page_line
