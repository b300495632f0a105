"""Underlined headings in the layouts that pages give them.

Read by eye in the files:

* 07TOKYO5492 (line 38): "Opening Remarks ---------------" on a line of its
  own between blank lines, then "2.(C) Following brief introductions ...";
  so for fourteen more headings ("North Korea -----------", "Iran ----"),
  one with a page line glued in: "U.S.-India Civilian Nuclear Cooperation
  TOKYO 00005492 007.2 OF 010 ---------------------------------------".
* 02ANKARA8305 (line 55): a dash line, then "EXTRADITION OF SUSPECTED
  TERRORISTS (C/D) -----------------------------------------", then a blank
  line and "18. (U) IN 2002, THE REPUBLIC OF TURKEY ...".
* 06PARTO9: a dash line, "STANDING WITH PATRIARCH", "REGARDING REPLACING
  LAHOUD", a dash line, then "7.  (C) As for replacing President Emile Lahoud".
  06TRIPOLI498: "August 10:  Presentation by NAMRU-3 Director on Cooperation
  with" / "Libya" in the same frame, over "9.  (U)  Dr. Bruce Boynton".
* 06SAOPAULO465 (line 75): a dash line, a blank line, "IMPLICATIONS OF THE
  "BARRIER CLAUSE"", a blank line, a dash line, then "6. (SBU) As things
  stand now"; further on a dash line, a blank line, "COMMENT AND BIOGRAPHIC
  NOTE ---------------------------" and "9. (SBU) Fleury's term".
* 00HARARE6677: "TSVANGIRAI LOOKS INTO THE CRYSTAL BALL" and a SIPDIS line
  between two dash lines over paragraph 3.
* 05BRASILIA715: "... (per below). End introduction VENEZUELA", a blank
  line, "2. (S) Ambassador outlined points".
* 08LONDON2673: "Megrahi’s Diagnosis", a blank line, a dash line, a blank
  line, "3. (C/NF) Megrahi was first diagnosed ..."; so for five more, the
  last "Comment: Devolution and Foreign Policy" over paragraph 9.
  09CANBERRA1013's "MESSAGE WILL BE RESENT UNDER NEW MRN/MCN." ends a
  sentence: the dash line two lines below it opens a "ZFR ZFR ZFR" frame.
* 09CAIRO2348: "... according to Ibrahim. Nuclear Energy Policy
  ---------------------" at the end of paragraph 1's line, then a blank line
  and "2. (SBU)"; 08GUATEMALA867: "... anticipated revenues from the fiscal
  reform package. End Note.) Review of Senior Officials' Performance
  ------" over "5. (C)".
* 09STATE118094: "Background on Imprisoned American Citizens", a blank line,
  and the underline glued to the next paragraph's number: "------ 6. (U)
  Since July 31, Iran has detained three American citizens"; the paragraph
  before ends "... deepens our concerns about Iran's intentions for its
  nuclear program.".
* 09ASMARA429 (line 31): "2. (C) THE DEFENSE MINISTER AND THE COLONELS" over a
  dash line, then "Defense Minister Sebhat Efrem convoked army colonels ...";
  so "3. (SBU) SOCCER TEAM 1 - REGIME 0" and "4. (C) [Content removed]"
  (WikiLeaks' redaction) over theirs; paragraphs 1 and 5 open "1. (SBU)
  SUMMARY:" and "5. (S) COMMENT:".
* 09UNVIEVIENNA9 (line 26): '... opined that "Gaza makes everything worse."'
  then, on the same line, a dash run, " ----", "Syria and Iran:  Looking for a
  "Package" Solution", a dash run and " ----", over "4.  (C)  Turning to
  priorities at the IAEA".
* 08RIYADH1619 (line 68): paragraph 9 ends "... with appropriate USG
  representation.", a dash line under it, the page line "RIYADH 00001619
  003.2 OF 003", then "“WE MUST PROTECT IT TOGETHER”" and its underline over
  "10. (S)".
"""

from __future__ import annotations

import cablelib
from cablelib.fields.body import heading_text
from cablelib.render import render
from cables import cable_path


def _by_number(cable: cablelib.Cable) -> dict[int, cablelib.Paragraph]:
    return {p.number: p for p in cable.paragraphs if p.number is not None}


def test_a_title_and_its_underline_on_one_line() -> None:
    cable = cablelib.parse_file(cable_path("07TOKYO5492.html"))
    paragraphs = _by_number(cable)
    assert paragraphs[1].text.endswith("and the Global Nuclear Energy Partnership (GNEP). End Summary.")
    assert (paragraphs[2].heading, paragraphs[3].heading, paragraphs[11].heading) == (
        "Opening Remarks", "North Korea", "Iran")
    assert sum(p.heading is not None for p in cable.paragraphs) == 15
    assert not [p.number for p in cable.paragraphs if "---" in p.text]
    # A page line glued into a title by the lost line break is no part of it.
    assert paragraphs[27].heading == "U.S.-India Civilian Nuclear Cooperation"
    assert heading_text("Talks TOKYO 00005492 007.2 OF 010 -----") == "Talks"
    assert heading_text("TOKYO 00005492 007.2 OF 010 -----") == "TOKYO 00005492 007.2 OF 010"  # nothing else: kept
    opening = next(a for a in cable.artefacts if a.kind == "heading" and a.text.startswith("Opening Remarks"))
    assert cable.source[opening.span.start:opening.span.end].rstrip() == "Opening Remarks ---------------"
    assert opening.span.line == 38


def test_a_dash_line_above_a_title_run_onto_its_underline() -> None:
    cable = cablelib.parse_file(cable_path("02ANKARA8305.html"))
    paragraphs = _by_number(cable)
    assert paragraphs[17].text.endswith("OCALAN’S SENTENCE WAS CONVERTED TO LIFE IN PRISON.")
    assert paragraphs[18].heading == "EXTRADITION OF SUSPECTED TERRORISTS (C/D)"
    assert paragraphs[18].text.startswith("IN 2002, THE REPUBLIC OF TURKEY DID NOT SEEK THE EXTRADITION")
    assert not [p.number for p in cable.paragraphs if "-----" in p.text]


def test_a_title_of_two_lines_in_a_frame() -> None:
    parto = cablelib.parse_file(cable_path("06PARTO9.html"))
    standing = [p for p in parto.paragraphs if p.heading and p.heading.startswith("STANDING")]
    assert [p.heading for p in standing] == ["STANDING WITH PATRIARCH REGARDING REPLACING LAHOUD"]
    assert standing[0].text.startswith("As for replacing President Emile Lahoud")
    assert not [p for p in parto.paragraphs if "STANDING WITH" in p.text]
    tripoli = _by_number(cablelib.parse_file(cable_path("06TRIPOLI498.html")))
    assert tripoli[9].heading == "August 10: Presentation by NAMRU-3 Director on Cooperation with Libya"
    assert "August 10: Presentation" not in tripoli[8].text


def test_a_title_between_blank_lines_in_a_frame() -> None:
    cable = cablelib.parse_file(cable_path("06SAOPAULO465.html"))
    paragraphs = _by_number(cable)
    assert paragraphs[6].heading == 'IMPLICATIONS OF THE "BARRIER CLAUSE"'
    assert paragraphs[6].text.startswith("As things stand now, there are seventeen parties")
    assert paragraphs[9].heading == "COMMENT AND BIOGRAPHIC NOTE"
    assert not [p.number for p in cable.paragraphs if "-----" in p.text]


def test_a_sipdis_line_in_the_frame_is_no_part_of_the_title() -> None:
    cable = _by_number(cablelib.parse_file(cable_path("00HARARE6677.html")))
    assert cable[3].heading == "TSVANGIRAI LOOKS INTO THE CRYSTAL BALL"
    assert "CRYSTAL BALL" not in cable[2].text
    assert heading_text("SIPDIS") == "SIPDIS"  # a lone SIPDIS line read as a title stays one


def test_an_underline_glued_to_the_next_number() -> None:
    cable = cablelib.parse_file(cable_path("09STATE118094.html"))
    sixth = _by_number(cable)[6]
    assert (sixth.marking, sixth.heading) == ("U", "Background on Imprisoned American Citizens")
    assert sixth.text.startswith("Since July 31, Iran has detained three American citizens")
    before = cable.paragraphs[cable.paragraphs.index(sixth) - 1]
    assert before.text.endswith("deepens our concerns about Iran's intentions for its nuclear program.")
    (artefact,) = [a for a in cable.artefacts if a.kind == "heading" and "Imprisoned" in a.text]
    assert cable.source[artefact.span.start:artefact.span.end + 7].endswith("----- 6. (U)")
    # Rendered, the heading is written in the canonical form, and reads back.
    again = cablelib.parse(render(cable))
    assert _by_number(again)[6].heading == "Background on Imprisoned American Citizens"


def test_a_title_with_blank_lines_before_its_underline() -> None:
    cable = cablelib.parse_file(cable_path("08LONDON2673.html"))
    paragraphs = _by_number(cable)
    assert paragraphs[3].heading == "Megrahi’s Diagnosis"
    assert paragraphs[2].text.endswith("could occur sooner rather than later. End summary.")
    assert paragraphs[9].heading == "Comment: Devolution and Foreign Policy"
    assert [p.number for p in cable.paragraphs] == list(range(1, 11))
    canberra = cablelib.parse_file(cable_path("09CANBERRA1013.html"))
    assert [(p.heading, p.text) for p in canberra.paragraphs] == [
        ("ZFR ZFR ZFR ZFR ZFR ZFR ZFR", "PLEASE CANCEL AND DELETE ALL COPIES OF CANBERRA 1013."),
        (None, "MESSAGE WILL BE RESENT UNDER NEW MRN/MCN.")]


def test_a_title_and_underline_run_onto_the_paragraph_before() -> None:
    cairo = _by_number(cablelib.parse_file(cable_path("09CAIRO2348.html")))
    assert cairo[2].heading == "Nuclear Energy Policy"
    assert cairo[1].text.endswith('in meeting Egypt\'s energy needs for "at least" the next 15 years, according to Ibrahim.')
    guatemala = cablelib.parse_file(cable_path("08GUATEMALA867.html"))
    paragraphs = _by_number(guatemala)
    assert paragraphs[5].heading == "Review of Senior Officials' Performance"  # the last sentence's end, not a quote mark
    assert paragraphs[4].text.endswith("End Note.)")
    (artefact,) = [a for a in guatemala.artefacts if a.kind == "heading" and a.text.startswith("Review of Senior")]
    assert guatemala.source[artefact.span.start:artefact.span.start + 16] == "Review of Senior"


def test_an_upper_case_title_run_onto_an_end_marker() -> None:
    # 05BRASILIA715: "... with Ambassador (per below). End introduction VENEZUELA",
    # a blank line, "2. (S) Ambassador outlined points".
    cable = _by_number(cablelib.parse_file(cable_path("05BRASILIA715.html")))
    assert cable[1].text.endswith("reviewed key issues from those discussions with Ambassador (per below). "
                                  "End introduction")
    assert cable[2].heading == "VENEZUELA"
    made = cablelib.parse("1. (U) Text. End summary VENEZUELA\n\n2. (U) More.\n")
    assert [(p.heading, p.text) for p in made.paragraphs] == [(None, "Text. End summary"), ("VENEZUELA", "More.")]
    for text in ("1. (U) Text. End summary Venezuela\n\n2. (U) More.\n",  # not upper case
                 "1. (U) Text. End summary VENEZUELA\n\nMore text.\n",  # no number after it
                 "1. (U) Text about VENEZUELA\n\n2. (U) More.\n"):  # no end marker
        parsed = cablelib.parse(text)
        assert not [p for p in parsed.paragraphs if p.heading], text
        assert "VENEZUELA" in parsed.paragraphs[0].text.upper(), text


def test_the_rest_of_an_underline_after_a_page_break() -> None:
    # 06KABUL2862: "OUT OF A JOB, BUT NOT OUT OF POWER", its dashes, the page line
    # "KABUL 00002862 002.2 OF 005", then "-----" and "4. (SBU) One potential problem".
    cable = cablelib.parse_file(cable_path("06KABUL2862.txt"))
    assert [p.number for p in cable.paragraphs] == list(range(1, 18))
    fourth = _by_number(cable)[4]
    assert (fourth.marking, fourth.heading) == ("SBU", "OUT OF A JOB, BUT NOT OUT OF POWER")
    rests = [a for a in cable.artefacts if a.kind == "underline"]
    assert [a.text.strip() for a in rests] == ["-----", "-------------", "-----------------", "----------"]
    assert all(cable.source[a.span.start:a.span.end] == a.text for a in rests)
    # The canonical layout writes each heading's underline whole, and no rest.
    again = cablelib.parse(render(cable))
    assert [(p.number, p.heading) for p in again.paragraphs] == [(p.number, p.heading) for p in cable.paragraphs]
    assert not [a for a in again.artefacts if a.kind == "underline"]


def test_a_title_on_the_numbers_line_over_a_dash_line() -> None:
    cable = cablelib.parse_file(cable_path("09ASMARA429.html"))
    assert [(p.number, p.marking, p.heading) for p in cable.paragraphs] == [
        (1, "SBU", None), (2, "C", "THE DEFENSE MINISTER AND THE COLONELS"), (3, "SBU", "SOCCER TEAM 1 - REGIME 0"),
        (4, "C", "[Content removed]"), (5, "S", None)]
    second = cable.paragraphs[1]
    assert second.text.startswith("Defense Minister Sebhat Efrem convoked army colonels in late November")
    assert cable.paragraphs[3].text.startswith("Eritreans are fearful of associating with foreigners")
    headings = [a for a in cable.artefacts if a.kind == "heading"]
    assert [a.text.split("\n")[0] for a in headings] == [
        "THE DEFENSE MINISTER AND THE COLONELS", "SOCCER TEAM 1 - REGIME 0", "[Content removed]"]
    assert all(cable.source[a.span.start:a.span.end] == a.text for a in headings)
    assert (headings[0].span.line, headings[0].span.column) == (31, 8)
    assert cable.source[second.span.start:second.span.start + 7] == "2. (C) "
    # The canonical layout writes the heading over the number: the same paragraphs.
    again = cablelib.parse(render(cable))
    assert [(p.number, p.heading, p.text) for p in again.paragraphs] == [
        (p.number, p.heading, p.text) for p in cable.paragraphs]
    # No dash line under it, a dash line under a head alone, or under prose: no heading.
    for text in ("2. (C) THE DEFENSE MINISTER\nDefense Minister Sebhat spoke.\n",
                 "2. (C)\n-----\nDefense Minister Sebhat spoke.\n",
                 "2. (C) The minister spoke.\n-----\nThe colonels listened.\n"):
        assert [p.heading for p in cablelib.parse(text).paragraphs] == [None], text


def test_an_inline_heading_whose_dash_lines_come_in_two_runs() -> None:
    cable = cablelib.parse_file(cable_path("09UNVIEVIENNA9.html"))
    third, fourth = _by_number(cable)[3], _by_number(cable)[4]
    assert third.text.endswith('he opined that "Gaza makes everything worse."')
    assert fourth.heading == 'Syria and Iran: Looking for a "Package" Solution'
    (syria,) = [a for a in cable.artefacts if a.kind == "heading" and "Syria" in a.text]
    assert syria.text.startswith("-----") and syria.text.split()[1] == "----"
    assert cable.source[syria.span.start:syria.span.end] == syria.text


def test_an_overline_before_a_page_break_and_its_title_after_it() -> None:
    cable = cablelib.parse_file(cable_path("08RIYADH1619.html"))
    ninth, tenth = _by_number(cable)[9], _by_number(cable)[10]
    assert ninth.text.endswith("to staff the Industrial Security JWG with appropriate USG representation.")
    assert tenth.heading == "\u201cWE MUST PROTECT IT TOGETHER\u201d"
    (overline,) = [a for a in cable.artefacts if a.kind == "underline"]
    assert (overline.text, overline.span.line, overline.span.column) == ("-" * 29, 69, 1)
    # Not before a page break: the dash line stays the paragraph's.
    plain = cablelib.parse("1. (U) The talks went on.\n-----\nThey ended.\n")
    assert plain.paragraphs[0].text == "The talks went on. ----- They ended."
    plain = cablelib.parse("1. (U) The talks went on.\n-----\n\n2. (U) More.\n")
    assert plain.paragraphs[0].text == "The talks went on. -----"
    paged = cablelib.parse("1. (U) The talks went on.\n-----\nTOKYO 00005492 002.2 OF 010\nMore talks.\n")
    assert paged.paragraphs[0].text == "The talks went on. More talks."
    assert [(a.kind, a.text) for a in paged.artefacts] == [
        ("underline", "-----"), ("page-break", "TOKYO 00005492 002.2 OF 010")]


def test_what_is_no_heading() -> None:
    long_title = "A" + " word" * 20  # a title longer than 80 characters
    for line in (long_title + " -----", "The vote was close --", "-----"):
        cable = cablelib.parse(f"1. (U) Text.\n\n{line}\n\n2. (U) More.\n")
        assert [p.heading for p in cable.paragraphs] == [None, None], line
    # A line that ends a sentence is no title over a dash line after a blank line.
    cable = cablelib.parse("1. (U) Text.\n\nThe talks ended.\n\n-----\n\n2. (U) More.\n")
    assert [p.heading for p in cable.paragraphs] == [None, None]
    # A dash line with a title under it is that title's overline, not the underline
    # of the line above it.
    cable = cablelib.parse("1. (U) Text.\n\nA Short Line\n\n-----\nNext Title\n-----\n\n2. (U) More.\n")
    assert [p.heading for p in cable.paragraphs] == [None, "Next Title"]
    assert cable.paragraphs[0].text == "Text. A Short Line"
    # Run onto a paragraph: not after a sentence's end, or no title.
    for ending in ("the vote was close ---------", "Done. but the vote was close ---------"):
        cable = cablelib.parse(f"1. (U) Text {ending}\n\n2. (U) More.\n")
        assert [p.heading for p in cable.paragraphs] == [None, None], ending
