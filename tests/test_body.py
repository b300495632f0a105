"""Body fields on real cables: comments, doubled paragraph numbers, signers.

Expected values were read off the cable texts (tests/cables/), not taken
from parser output.
"""

from __future__ import annotations

import pytest

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


def test_a_page_break_line_inside_a_paragraph_is_an_artefact_and_the_paragraph_reads_on():
    """The seed cable: "During the / PHNOM PENH 00002131 002 OF 002 / review process" (lines 153-158)."""
    cable = cablelib.parse_file(cable_path("06PHNOMPENH2131.txt"))
    breaks = [a for a in cable.artefacts if a.kind == "page-break"]
    assert [a.text for a in breaks] == ["PHNOM PENH 00002131 002 OF 002"]
    assert cable.source[breaks[0].span.start:breaks[0].span.end] == breaks[0].text
    seventh = next(p for p in cable.paragraphs if p.number == 7)
    assert seventh.span.start < breaks[0].span.start < seventh.span.end
    assert "During the review process, the Cambodian Ministry of Women's Affairs" in seventh.text
    assert "00002131" not in seventh.text


COPY = "UNCLAS PHNOM PENH 002131 TAGS: PHUM PREL"  # the seed cable's caption, run together on one line


def test_a_caption_copy_run_onto_a_paragraph_is_an_artefact():
    """The line alone after paragraph 7's page break, where the paragraph reads on: a copy
    of the caption, kept out of the paragraph's text."""
    seed = cable_path("06PHNOMPENH2131.txt").read_text(encoding="utf-8")
    after_break = seed.index("PHNOM PENH 00002131 002 OF 002") + len("PHNOM PENH 00002131 002 OF 002\n\n\n")
    text = seed[:after_break] + COPY + "\n\n" + seed[after_break:]
    cable = cablelib.parse(text)
    copies = [a for a in cable.artefacts if a.kind == "caption-copy"]
    assert [text[a.span.start:a.span.end] for a in copies] == [COPY]
    assert not [p for p in cable.paragraphs if COPY in p.text]
    assert "During the review process" in next(p for p in cable.paragraphs if p.number == 7).text


def test_the_same_line_opening_a_run_of_its_own_is_not_a_caption_copy():
    """Between paragraphs 2 and 3, after a blank line, the same line opens a run of its own:
    not a copy run onto a paragraph (segment reads it as a heading over paragraph 3)."""
    seed = cable_path("06PHNOMPENH2131.txt").read_text(encoding="utf-8")
    at = seed.index("\n3. (")
    cable = cablelib.parse(seed[:at] + "\n\n" + COPY + "\n" + seed[at:])
    assert not [a for a in cable.artefacts if a.kind == "caption-copy"]
    assert next(p for p in cable.paragraphs if p.number == 3).heading == COPY


def test_a_paragraph_opening_with_its_mark_alone_ends_the_ref_line():
    """08KUALALUMPUR317: "REF: STATE 40380" / " (SBU) Poloff delivered reftel demarche ..." /
    "KEITH".  The paragraph's number is dropped; it had been read as the REF line's wrapped
    text, so the cable had no paragraph and no signer."""
    cable = cablelib.parse_file(cable_path("08KUALALUMPUR317.html"))
    [ref] = cable.references
    assert (ref.letter, ref.kind, ref.text, ref.canonical_id) == (None, "cable", "STATE 40380", "08STATE40380")
    assert cable.source[ref.span.start:ref.span.end] == "STATE 40380"
    [paragraph] = cable.paragraphs
    assert (paragraph.number, paragraph.marking) == (None, "SBU")
    assert paragraph.text.startswith("Poloff delivered reftel demarche and nonpaper to Adi Mohammed")
    assert paragraph.text.endswith("unable to elicit any further response from MFA.")
    assert cable.source[paragraph.span.start:paragraph.span.end].startswith("(SBU) Poloff")
    assert cable.signers == ("KEITH",)


@pytest.mark.parametrize("mark", ["U", "C", "S", "TS", "SBU", "C/NF", "S/NF", "S//NF", "U//FOUO", "SBU/NF"])
@pytest.mark.parametrize("field", ["REF: STATE 40380", "SUBJECT: DEMARCHE: US-EU PRISONERS OF CONSCIENCE DECLARATION"])
def test_a_paragraph_mark_ends_a_caption_field_s_wrapped_lines(mark, field):
    """The same cable's text with each paragraph mark the corpus has, after a REF or a SUBJECT line."""
    text = cablelib.parse_file(cable_path("08KUALALUMPUR317.html")).source
    head, rest = text.split("SUBJECT: ", 1)
    body = rest.split("\n (SBU) ", 1)[1]
    cable = cablelib.parse(f"{head}{field}\n ({mark}) {body}")
    [paragraph] = cable.paragraphs
    assert paragraph.marking == mark and paragraph.text.startswith("Poloff delivered reftel demarche")
    assert cable.signers == ("KEITH",)
    if field.startswith("REF"):
        assert [r.text for r in cable.references] == ["STATE 40380"]
    else:
        assert cable.subject == "DEMARCHE: US-EU PRISONERS OF CONSCIENCE DECLARATION"


def test_a_paragraph_run_onto_the_ref_line_is_a_paragraph():
    """08MANAMA287's page prints the body on the REF line: "REF: STATE 43799 (SBU) Poloff
    delivered reftel message to MFA ...", and the signer HENZEL after the embassy's banner,
    on the same line: "... Classified Website: XXXXXXXXXXXX****... ******** HENZEL"."""
    cable = cablelib.parse_file(cable_path("08MANAMA287.html"))
    [ref] = cable.references
    assert (ref.text, ref.canonical_id) == ("STATE 43799", "08STATE43799")
    assert cable.source[ref.span.start:ref.span.end] == "STATE 43799"
    [paragraph] = cable.paragraphs
    assert (paragraph.number, paragraph.marking) == (None, "SBU")
    assert paragraph.text.startswith("Poloff delivered reftel message to MFA Bilateral Relations Officer")
    assert cable.source[paragraph.span.start:].startswith("(SBU) Poloff")
    # The row of asterisks that closes the banner ends the text before a signer's name.
    assert cable.signers == ("HENZEL",)
    assert paragraph.text.endswith("Classified Website: XXXXXXXXXXXX" + "*" * 45 + " " + "*" * 8)


def test_a_mark_in_a_ref_item_that_opens_no_sentence_stays_in_the_item():
    """"(C) NOTAL" or an all-capitals "(C) THE" is no paragraph run onto the line."""
    text = cablelib.parse_file(cable_path("08MANAMA287.html")).source
    head = text.split("REF: ", 1)[0]
    for tail in ("(C) NOTAL", "(U) EXDIS DISTRIBUTION", "(C) THE TALKS WENT WELL"):
        cable = cablelib.parse(f"{head}REF: STATE 43799 {tail}\n\n1. (U) Poloff delivered the message.\n")
        assert [r.text for r in cable.references] == [f"STATE 43799 {tail}"]
        assert [p.number for p in cable.paragraphs] == [1]


def test_a_number_with_no_text_after_an_unfinished_sentence_ends_that_sentence():
    """09CAIRO1778: "1. This is an action request; please see para" / blank / "4." / "2.On
    September 14, ...": the 4 is the end of the sentence the publisher broke, not an empty
    paragraph 4 between 1 and 2."""
    cable = cablelib.parse_file(cable_path("09CAIRO1778.html"))
    assert [p.number for p in cable.paragraphs] == [1, 2, 3, 4]  # "4." then "2.", "3.", "4.We request"
    first, second = cable.paragraphs[:2]
    assert first.text == "This is an action request; please see para 4."
    assert cable.source[first.span.start:first.span.end].rstrip().endswith("see para\n\n4.")
    assert second.text.startswith("On September 14, we received a diplomatic note from the MFA")


def test_an_empty_number_after_a_finished_sentence_stays_a_paragraph():
    """09LAPAZ1784 numbers its paragraphs twice and leaves "6." alone before a heading, after
    "... will require greater GOB response.": the source's own (empty) paragraph 6."""
    cable = cablelib.parse_file(cable_path("09LAPAZ1784.html"))
    numbers = [p.number for p in cable.paragraphs]
    assert numbers[4:8] == [5, 6, 7, 8]
    assert cable.paragraphs[5].text == ""
    assert cable.paragraphs[6].heading == "Growing Community Involvement in Production and Trafficking"
