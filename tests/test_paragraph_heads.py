"""Paragraph heads written with a blank before the full stop or before a figure, and upper-case question headings.

Read by eye in 08CURACAO82's page: paragraphs 2, 3, 4, 5 and 9 open with
"2 . (U)", "3 . (U)", "4 . (C)", "5 . (C)", "9 . (C)" (paragraphs 1 and
6-8 with "1. (C)" ...).  Above paragraphs 3 and 4 stand the headings "BREAK
AT THE PUMP FOR GIVING U.S. FOL THE BOOT?" and "WHO IS FUNDING LOCAL
OPPOSITION?", each a line of its own between blank lines; paragraph 8 ends
"... the Curacao-based Dutch Commander of CTG" / "4.4.", the task group's
number wrapped onto a line of its own.  09CIUDADJUAREZ22 has "WHAT ARE
GOVERNMENT, BUSINESSES AND INDIVIDUALS DOING ABOUT IT?" alone between blank
lines above "7.  (SBU) As previously reported ...".  02ADANA386 writes its
item 6 "¶6.  103 ELECTION VIOLATION APPLICATIONS", a head before a figure.
"""

from __future__ import annotations

import cablelib
from cablelib.fields.body import is_title, split_para_head
from cables import cable_path


def test_heads_with_a_blank_before_the_full_stop() -> None:
    cable = cablelib.parse_file(cable_path("08CURACAO82.html"))
    assert [(p.number, p.marking) for p in cable.paragraphs] == [
        (1, "C"), (2, "U"), (3, "U"), (4, "C"), (5, "C"), (6, "C"), (7, "C"), (8, "C"), (9, "C")]
    second, ninth = cable.paragraphs[1], cable.paragraphs[8]
    assert second.text.startswith("Leaders of Curacao's opposition parties have used the recent, alleged")
    assert second.text.endswith("a public meeting on the issue in the Island Council, now set for June 24 .")
    assert cable.source[second.span.start:second.span.start + 7] == "2 . (U)"
    assert ninth.text.startswith("Comment: The opposition parties, while small, have a dedicated following")
    # A number wrapped onto a line of its own inside a sentence stays its text.
    assert cable.paragraphs[7].text.endswith("and the Curacao-based Dutch Commander of CTG 4.4.")


def test_upper_case_questions_on_a_line_of_their_own_are_headings() -> None:
    cable = cablelib.parse_file(cable_path("08CURACAO82.html"))
    assert [p.heading for p in cable.paragraphs[2:4]] == [
        "BREAK AT THE PUMP FOR GIVING U.S. FOL THE BOOT?", "WHO IS FUNDING LOCAL OPPOSITION?"]
    assert "BOOT?" not in cable.paragraphs[1].text
    assert cable.paragraphs[2].text.endswith("oil refinery supplies all fuel to local retailers.")
    juarez = cablelib.parse_file(cable_path("09CIUDADJUAREZ22.html"))
    seventh = juarez.paragraphs[6]
    assert (seventh.number, seventh.marking) == (7, "SBU")
    assert seventh.heading == "WHAT ARE GOVERNMENT, BUSINESSES AND INDIVIDUALS DOING ABOUT IT?"
    assert juarez.paragraphs[5].text.endswith("or whether the team has come to kill the target.")


def test_the_spaced_head_needs_its_mark() -> None:
    assert split_para_head("2 . (U) Leaders said") == (2, "U", "Leaders said")
    assert split_para_head("12 . (SBU) Leaders said") == (12, "SBU", "Leaders said")
    assert split_para_head("2 . Leaders said")[0] == 0  # no mark: not a head
    text = "1. (U) The talks went on\n2 . (U) The second paragraph.\n"
    assert [p.number for p in cablelib.parse(text).paragraphs] == [1, 2]
    for prose in ("1. (U) The talks went on for\n2 . Their reasons were many.\n",
                  "1. (U) The talks went on.\n2 . Their reasons were many.\n",
                  "1. (U) The talks went on.\n\n2 . Their reasons were many.\n"):
        assert [p.number for p in cablelib.parse(prose).paragraphs] == [1]
        assert cablelib.parse(prose).paragraphs[0].text.endswith(" 2 . Their reasons were many.")


def test_only_an_upper_case_question_is_a_title() -> None:
    assert is_title("WHO IS FUNDING LOCAL OPPOSITION?")
    assert is_title("WHY NOW?")
    assert not is_title("Who Funds The Opposition?")
    assert not is_title("WHY NOT.")


def test_a_spaced_head_ends_a_caption_field() -> None:
    cable = cablelib.parse("TAGS: PREL\nSUBJECT: TALKS ON THE BORDER\n2 . (U) The talks went on.\n")
    assert cable.subject == "TALKS ON THE BORDER"
    assert [(p.number, p.text) for p in cable.paragraphs] == [(2, "The talks went on.")]
    cable = cablelib.parse("Classified By: Ambassador A. Jones for reasons 1.4 (b)\n1 . (C) The talks went on.\n")
    assert cable.classified_by is not None and cable.classified_by.reasons
    assert [(p.number, p.text) for p in cable.paragraphs] == [(1, "The talks went on.")]


def test_a_pilcrow_head_before_a_figure() -> None:
    """02ADANA386, a press summary, numbers its items "¶1." to "¶8."; item 6 reads
    "¶6.  103 ELECTION VIOLATION APPLICATIONS" / "(Evrensel)  One hundred and three
    people applied to the" ... and ends "... threats and wrong electorate information
    cards.", and "¶7.  MERSIN POLICE BRIEFED ON EU HARMONIZATION LAWS" follows."""
    cable = cablelib.parse_file(cable_path("02ADANA386.txt"))
    assert [p.number for p in cable.paragraphs] == [1, 2, 3, 4, 5, 6, 7, 8]
    fifth, sixth = cable.paragraphs[4], cable.paragraphs[5]
    assert fifth.text.endswith("complained the Election Board refused to process objections to that end.")
    assert sixth.marking is None
    assert sixth.text.startswith("103 ELECTION VIOLATION APPLICATIONS (Evrensel) One hundred and three people")
    assert sixth.text.endswith("as well as threats and wrong electorate information cards.")
    assert cable.source[sixth.span.start:sixth.span.start + 9] == "¶6.  103 "
    assert cable.paragraphs[6].text.startswith("MERSIN POLICE BRIEFED ON EU HARMONIZATION LAWS")


def test_a_figure_after_a_number_is_a_head_only_behind_a_pilcrow() -> None:
    text = "1. (U) The talks went on for\n6. 103 days and ended.\n"
    assert [p.number for p in cablelib.parse(text).paragraphs] == [1]
    assert cablelib.parse(text).paragraphs[0].text.endswith("went on for 6. 103 days and ended.")
    for blank in ("\n", ""):
        pilcrow = f"1. (U) The talks went on.\n{blank}¶2.  103 people applied to the desk.\n"
        assert [(p.number, p.text) for p in cablelib.parse(pilcrow).paragraphs] == [
            (1, "The talks went on."), (2, "103 people applied to the desk.")]


def test_a_pilcrow_head_before_a_figure_ends_a_caption_field() -> None:
    for field in ("SUBJECT: PRESS SUMMARY", "Classified By: Consul John Smith for reasons 1.4 (b)"):
        cable = cablelib.parse(f"{field}\n¶1.  103 people applied to the desk.\n")
        assert [(p.number, p.text) for p in cable.paragraphs] == [(1, "103 people applied to the desk.")]


def test_a_figure_after_a_number_is_written_behind_a_pilcrow() -> None:
    from cablelib.model import Paragraph
    from cablelib.render import paragraph_head

    assert paragraph_head(Paragraph(6, None, None, "103 ELECTION VIOLATION APPLICATIONS")) == "¶6. "
    assert paragraph_head(Paragraph(6, "U", None, "103 people")) == "6. (U) "
    assert paragraph_head(Paragraph(6, None, None, "One hundred")) == "6. "
