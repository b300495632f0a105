"""Paragraphs run together on one line, split where the next number stands.

Read by eye: 08TRIPOLI982's page holds its body on one line (line 29):
"... Post accordingly requests a waiver of the AL boycott certification.
2. (SBU) In 2007, the Ministry of Trade and Economy informed Post ...".
08BUDAPEST807's whole text, after its cut-off first copy, runs paragraphs
1 to 4 together on line 28: "... Foreign Minister Kinga Goncz. 2. (C)
Hamikus said that Russia was ...", "... their accession aspirations. 3. (C)
Hamikus agreed ...", "... than other EU members. 4. (C) The GoH has not
been contacted ...".  09CARACAS1333's page numbers its paragraphs 1 to 5 and
then runs "8. (C) COMMENT: This was the Ambassador's first trip to Zulia
..." onto paragraph 5's last line ("... kidnapping plots by Colombian
guerrillas. 8. (C) COMMENT:"): paragraphs 6 and 7 are not on the page.
"""

from __future__ import annotations

import cablelib
from cablelib.run_together import split_run_together
from cables import cable_path

SEED = cable_path("06PHNOMPENH2131.txt").read_text(encoding="utf-8")


def _heads(cable: cablelib.Cable) -> list[tuple[int | None, str | None]]:
    return [(p.number, p.marking) for p in cable.paragraphs]


def test_a_body_on_one_line() -> None:
    cable = cablelib.parse_file(cable_path("08TRIPOLI982.html"))
    assert _heads(cable) == [(1, "U"), (2, "SBU")]
    first, second = cable.paragraphs
    assert first.text.endswith("Post accordingly requests a waiver of the AL boycott certification.")
    assert second.text.startswith("In 2007, the Ministry of Trade and Economy informed Post")
    assert cable.source[first.span.end - 14:first.span.end] == "certification."
    assert cable.source[second.span.start:second.span.start + 16] == "2. (SBU) In 2007"
    assert (second.span.line, second.span.column) == (29, 422)
    # The second part keeps the end of the paragraph it came from (the signer CRETZ, glued to it, included).
    assert cable.source[:second.span.end].endswith("Israeli visas or entry/exit stamps.  CRETZ")


def test_four_paragraphs_run_together() -> None:
    cable = cablelib.parse_file(cable_path("08BUDAPEST807.html"))
    assert _heads(cable) == [(1, "C"), (2, "C"), (3, "C"), (4, "C")]
    assert cable.paragraphs[0].text.endswith("may be attended by GoH Foreign Minister Kinga Goncz.")
    assert cable.paragraphs[1].text.startswith('Hamikus said that Russia was "smart enough to go far enough,"')
    assert cable.paragraphs[2].text.startswith("Hamikus agreed that the Russian response")
    assert cable.paragraphs[3].text.startswith("The GoH has not been contacted")
    for paragraph in cable.paragraphs[1:]:
        assert cable.source[paragraph.span.start:].startswith(f"{paragraph.number}. (C) ")
        assert paragraph.span.line == 28


_BREAK = "\n\nImproved Courts\n--------------\n\n\n3. (SBU)"  # the seed's paragraph 3 and the heading above it


def _seed(joint: str) -> cablelib.Cable:
    """The seed with its paragraph 3's heading dropped and ``joint`` in place of the break."""
    assert SEED.count(_BREAK) == 1
    return cablelib.parse(SEED.replace(_BREAK, joint))


def test_only_a_missing_number_with_its_mark_after_a_blank_is_a_head() -> None:
    plain = _seed("\n\n3. (SBU)")
    assert [p.number for p in plain.paragraphs] == [1, 2, 3, 4, 5, 6, 7, 8]
    joined = _seed(" 3. (SBU)")  # paragraph 3 run onto the end of paragraph 2's last line
    assert [(p.number, p.marking, p.text) for p in joined.paragraphs] == [
        (p.number, p.marking, p.text) for p in plain.paragraphs]
    third = joined.paragraphs[2]
    assert joined.source[third.span.start:third.span.end] == plain.source[
        plain.paragraphs[2].span.start:plain.paragraphs[2].span.end]
    # No mark, or a mark that is no classification: text.
    for head in (" 3. During", " 3. (see below)"):
        assert [p.number for p in _seed(head).paragraphs] == [1, 2, 4, 5, 6, 7, 8], head
    # Not after a blank: text.
    assert [p.number for p in _seed("/3. (SBU)").paragraphs] == [1, 2, 4, 5, 6, 7, 8]
    # A number the numbering has is not looked for: "2. (SBU)" quoted in paragraph 1.
    quoted = SEED.replace("Embassy Phnom Penh submits", "Embassy Phnom Penh (see 2. (SBU) below) submits", 1)
    assert quoted != SEED
    assert [p.number for p in cablelib.parse(quoted).paragraphs] == [1, 2, 3, 4, 5, 6, 7, 8]


def test_a_heading_before_the_number_on_its_line() -> None:
    # 05BRASILIA715: "... Amorim said. " / blank line / "HAITI 5. (SBU) Affirming the USG's support".
    cable = cablelib.parse_file(cable_path("05BRASILIA715.html"))
    assert [p.number for p in cable.paragraphs] == list(range(1, 11))
    fourth, fifth = cable.paragraphs[3:5]
    assert fourth.text.endswith("make developments in Bolivia of vital interest to Brazil, Amorim said.")
    assert cable.source[fourth.span.end - 12:fourth.span.end] == "Amorim said."
    assert (fifth.number, fifth.marking, fifth.heading) == (5, "SBU", "HAITI")
    assert fifth.text.startswith("Affirming the USG's support and gratitude for Brazil's leadership")
    (haiti,) = [a for a in cable.artefacts if a.kind == "heading" and a.text == "HAITI"]
    assert cable.source[haiti.span.start:haiti.span.end + 9] == "HAITI 5. (SBU)"
    assert (haiti.span.line, haiti.span.column) == (29, 1) == (fifth.span.line, fifth.span.column - 6)
    starts = [a.span.start for a in cable.artefacts]
    assert starts == sorted(starts)


def test_only_an_upper_case_title_opening_its_line_after_a_sentence_is_a_heading() -> None:
    plain = _seed("\n\n3. (SBU)")
    headed = _seed("\n\nIMPROVED COURTS 3. (SBU)")
    assert [(p.number, p.text) for p in headed.paragraphs] == [(p.number, p.text) for p in plain.paragraphs]
    assert headed.paragraphs[2].heading == "IMPROVED COURTS"
    assert [a.text for a in headed.artefacts if a.kind == "heading"].count("IMPROVED COURTS") == 1
    for joint in (" IMPROVED COURTS 3. (SBU)", "\n\nImproved Courts 3. (SBU)"):  # not opening its line; not upper case
        cable = _seed(joint)
        assert [p.number for p in cable.paragraphs] == [1, 2, 3, 4, 5, 6, 7, 8], joint
        assert cable.paragraphs[2].heading is None and cable.paragraphs[1].text.endswith(joint.split(" 3.")[0].strip())
    # After no sentence's end: the line's start is a wrapped line's, the words are text.
    cable = cablelib.parse("1. (U) The talks were held with the\nEUROPEAN UNION 2. (U) Affirming the support.\n")
    assert [(p.number, p.heading, p.text) for p in cable.paragraphs] == [
        (1, None, "The talks were held with the EUROPEAN UNION"), (2, None, "Affirming the support.")]


def test_nothing_to_split() -> None:
    assert split_run_together((), "") == ()
    plain = cablelib.parse(SEED)
    assert split_run_together(plain.paragraphs, plain.source) == plain.paragraphs


def test_a_head_run_on_past_numbers_the_page_lost() -> None:
    cable = cablelib.parse_file(cable_path("09CARACAS1333.html"))
    assert _heads(cable) == [(1, "C"), (2, "C"), (3, "C"), (4, "C"), (5, "C"), (8, "C")]
    fifth, eighth = cable.paragraphs[4:]
    assert fifth.text.endswith("claimed to know people who had been victims of extortion or "
                               "kidnapping plots by Colombian guerrillas.")
    assert eighth.text.startswith("COMMENT: This was the Ambassador’s first trip to Zulia since returning")
    assert eighth.text.endswith("that may yet exist in Venezuela,s oil sector. END COMMENT.")
    assert cable.source[eighth.span.start:eighth.span.start + 15] == "8. (C) COMMENT:"
    assert cable.source[fifth.span.end - 11:fifth.span.end] == "guerrillas."


def test_a_later_number_only_after_a_sentence_and_a_few_numbers_on() -> None:
    def numbers(text: str) -> list[int | None]:
        return [p.number for p in cablelib.parse(text).paragraphs]

    assert numbers("1. (U) The talks went on. 4. (C) The second paragraph.\n") == [1, 4]
    assert numbers("1. (U) The talks went on. 5. (C) The second paragraph.\n") == [1, 5]  # three lost
    assert numbers("1. (U) The talks went on. 6. (C) The second paragraph.\n") == [1]  # four lost: text
    # Past a lost number only after a sentence's end; the next number needs none.
    assert numbers("1. (U) The talks went on with 4. (C) The second paragraph.\n") == [1]
    assert numbers("1. (U) The talks went on with 2. (C) The second paragraph.\n") == [1, 2]
    # A number the numbering has is never taken: 3 stands on a line of its own below.
    assert numbers("1. (U) The talks went on. 3. (C) Quoted.\n3. (U) The third.\n") == [1, 3]
    cable = cablelib.parse("1. (U) The talks went on. 4. (C) The second paragraph.\n")
    fourth = cable.paragraphs[1]
    assert (fourth.marking, fourth.text) == ("C", "The second paragraph.")
    assert cable.source[fourth.span.start:fourth.span.end] == "4. (C) The second paragraph."
