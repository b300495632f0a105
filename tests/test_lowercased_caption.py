"""A media partner's lower-cased copy of the caption, read as a caption.

08KINSHASA189's page (read by eye) prints the database record's caption
(TAGS, SUBJECT and REF in capitals, nothing else), then the partner's copy
in lower case: ``S e c r e t section 01 of 02 kinshasa 000189``, ``Sipdis``,
``Noforn``, the attention line ``Department for isn/ness dfenstermacher``
with ``af/c`` on the next line, ``E.o. 12958: decl: 02/22/2018``, ``Tags:``,
``Subject:``, ``Ref: 07 kinshasa 798`` and ``Classified By: Acting DCM
Craig Cloud for reasons 1.4 (b), (c), and (f)``; then ``1. (S/NF) Summary:
Minister xxxxxxxxxxxx briefed the Ambassador ...``.  The office line
``af/c`` had ended the caption, and the rest of it was read as a first,
unnumbered paragraph.
"""

from __future__ import annotations

import datetime as dt

import cablelib
from cables import cable_path

SEED = cable_path("06PHNOMPENH2131.txt").read_text(encoding="utf-8")


def test_the_lower_cased_copy_gives_the_fields_the_first_copy_lacks() -> None:
    cable = cablelib.parse_file(cable_path("08KINSHASA189.html"))
    assert cable.attention == ("Department for isn/ness dfenstermacher af/c",)
    assert cable.executive_order == "12958"
    assert cable.declassify_on == dt.date(2018, 2, 22)
    assert cable.classified_by is not None
    assert cable.classified_by.title == "Acting DCM"
    assert cable.classified_by.names == ("Craig Cloud",)
    assert cable.classified_by.reasons == ("1.4(b)", "1.4(c)", "1.4(f)")
    # The first copy's fields stay the cable's.
    assert cable.subject == "CONGOLESE URANIUM: GDRC LOOKS TO CHINA FOR HELP"
    assert cable.tags == ("EMIN", "ENRG", "ETRD", "KNNP", "PGOV", "PINR", "PINS")
    first = cable.paragraphs[0]
    assert (first.number, first.marking) == (1, "S/NF")
    assert first.text.startswith("Summary: Minister xxxxxxxxxxxx briefed the Ambassador on possible future")
    assert not cable.diagnostics


def test_the_copies_ref_items_are_one_reference() -> None:
    cable = cablelib.parse_file(cable_path("08KINSHASA189.html"))
    assert [ref.text for caption in cable.captions for ref in caption.references] == [
        "07 KINSHASA 798", "07 kinshasa 798"]
    assert [(r.text, r.canonical_id) for r in cable.references] == [("07 KINSHASA 798", "07KINSHASA798")]


def test_a_lower_case_line_after_an_attention_line_is_an_office_line_only_with_slashes() -> None:
    caption = "UNCLAS PHNOM PENH 002131\n\nDEPARTMENT FOR EAP/MLS\n{line}\n\nE.O. 12958: N/A\n\n1. (U) Text.\n"
    offices = cablelib.parse(caption.format(line="eap/rsp, drl/ilcsr"))
    assert offices.attention == ("DEPARTMENT FOR EAP/MLS eap/rsp, drl/ilcsr",)
    assert offices.executive_order == "12958"
    for prose in ("the minister said", "and/or the minister"):
        cable = cablelib.parse(caption.format(line=prose))
        assert cable.attention == ("DEPARTMENT FOR EAP/MLS",), prose
