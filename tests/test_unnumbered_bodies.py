"""An unnumbered upper-case body right after the caption: prose, not caption notes.

Read by eye in 01HAVANA4690 (extract text): after "REF: A)STATE 198912 ...
E)HAVANA 4186" and a blank line, the body opens without paragraph numbers,
in upper case: "RESPONSES ARE KEYED TO REF A, BEGINNING WITH THE QUESTION" /
"IN PARAGRAPH C.", then blocks lettered "C) POST IS NOT AWARE ..." to "M) AS
THERE HAVE BEEN NO U.S. REQUESTS ...", each after a blank line.  Block F
ends "... TO THE FULLEST EXTENT POSSIBLE. (REF E)" (line 66), and G opens
the next block.  The caption's one attention line is "S/CT FOR REAP".
"""

from __future__ import annotations

import cablelib
from cablelib.fields.body import _ends_sentence
from cables import cable_path


def test_an_upper_case_body_after_the_ref_list_is_prose() -> None:
    cable = cablelib.parse_file(cable_path("01HAVANA4690.txt"))
    assert cable.attention == ("S/CT FOR REAP",)
    assert [r.canonical_id for r in cable.references] == [
        "01STATE198912", "01HAVANA3721", "01HAVANA3817", "01HAVANA4110", "01HAVANA4186"]
    texts = [p.text for p in cable.paragraphs]
    assert all(p.number is None for p in cable.paragraphs)
    assert texts[0] == "RESPONSES ARE KEYED TO REF A, BEGINNING WITH THE QUESTION IN PARAGRAPH C."
    assert [t[:2] for t in texts[1:]] == [f"{letter})" for letter in "CDEFGHIJKLM"]
    assert texts[1].startswith("C) POST IS NOT AWARE OF ANY JUDICIAL RESPONSE IN THE GLOBAL FIGHT")
    assert texts[4].endswith("REPORTED PUBLICLY THAT THEY HAD COOPERATED TO THE FULLEST EXTENT POSSIBLE. (REF E)")
    assert texts[5].startswith('G) THE GOC PARROTED ITS THEME "NO TO TERRORISM, NO TO WAR"')
    assert cable.signers == ("NIGRO",)


_CAPTION = "UNCLAS STATE 001234\n\nE.O. 12958: N/A\nTAGS: PTER\nSUBJECT: TERRORISM REPORT\n\n"


def test_a_caption_note_has_at_most_eight_words() -> None:
    eight = cablelib.parse(_CAPTION + "ZFR ZFR ZFR CANCEL TELEGRAM PER DRAFTER REQUEST\n\n1. (U) Text.\n")
    assert eight.attention == ("ZFR ZFR ZFR CANCEL TELEGRAM PER DRAFTER REQUEST",)
    nine = cablelib.parse(_CAPTION + "THE REPORT FOLLOWS IN THE ORDER OF THE QUESTIONS ASKED\n"
                                     "IN THE TELEGRAM.\n\n1. (U) Text.\n")
    assert nine.attention == ()
    assert [p.text for p in nine.paragraphs] == [
        "THE REPORT FOLLOWS IN THE ORDER OF THE QUESTIONS ASKED IN THE TELEGRAM.", "Text."]


def test_a_reference_in_parentheses_after_a_stop_ends_a_sentence() -> None:
    assert _ends_sentence("TO THE FULLEST EXTENT POSSIBLE. (REF E)")
    assert _ends_sentence('AS HE SAID." (REFTEL) ')
    assert not _ends_sentence("TO THE FULLEST EXTENT POSSIBLE (REF E)")  # no stop before it
    assert not _ends_sentence("TO THE FULLEST EXTENT POSSIBLE. (SEE E)")  # no reference
