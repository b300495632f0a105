"""TO and INFO addressees on real cables (tests/cables/).

Expected values were read off the cable texts, not taken from parser output.
"""

from __future__ import annotations

import re

import pytest

import cablelib
from cables import cable_path

# INFO lines as the cables print them: route, name, precedence, serial.
OSCE_LISTS = {
    "08WARSAW953.html": [
        ("RUEHXP", "ALL NATO POST COLLECTIVE", "IMMEDIATE", None),
        ("RUEHZL", "EUROPEAN POLITICAL COLLECTIVE", "IMMEDIATE", None),
        ("RUCNOSC", "ORGANIZATION FOR SECURITY COOPERATION IN EUROPE", "IMMEDIATE", None),
    ],
    "08BUDAPEST807.html": [
        ("RUEHXP", "ALL NATO POST COLLECTIVE", None, None),
        ("RUCNOSC", "ORGANIZATION FOR SECURITY COOPERATION IN EUROPE", None, None),
        ("RUEHMO", "AMEMBASSY MOSCOW", None, "0637"),
        ("RUEHSI", "AMEMBASSY TBILISI", None, "0249"),
    ],
    "08LISBON1999.html": [
        ("RUEHXP", "ALL NATO POST COLLECTIVE", "PRIORITY", None),
        ("RUCNOSC", "ORG FOR SECURITY CO OP IN EUR COLLECTIVE", "PRIORITY", None),
        ("RUEHMO", "AMEMBASSY MOSCOW", "PRIORITY", "0517"),
        ("RUEHSI", "AMEMBASSY TBILISI", "PRIORITY", "0048"),
    ],
}
# The attention lines of the same cables' captions.
ATTENTION = {
    "08WARSAW953.html": ("STATE FOR A/S FRIED, U/S ROOD",),
    "08BUDAPEST807.html": ("DEPARTMENT FOR GEORGIA TASK FORCE AND EUR/CE-JAMIE LAMORE",),
    "08LISBON1999.html": (),
}


@pytest.mark.parametrize("name", sorted(OSCE_LISTS))
def test_an_addressee_named_with_for_is_an_addressee_not_an_attention_line(name):
    """"RUCNOSC/ORGANIZATION FOR SECURITY COOPERATION IN EUROPE": the FOR made it an attention
    line ("STATE FOR INR/B"), which then took the addressees after it as its continuation."""
    cable = cablelib.parse_file(cable_path(name))
    assert [(r.route, r.name, r.precedence, r.serial) for r in cable.info_recipients] == OSCE_LISTS[name]
    assert cable.attention == ATTENTION[name]
    for recipient in cable.info_recipients:  # each span is its own line (the first one's with INFO)
        line = cable.source[recipient.span.start:recipient.span.end]
        assert line.removeprefix("INFO ").startswith(f"{recipient.route}/{recipient.name}") and "\n" not in line


def test_no_attention_line_of_the_repository_cables_opens_with_a_routing_indicator():
    from cables import CABLES

    for path in sorted(p for p in CABLES.rglob("*") if p.is_file() and not p.name.startswith(".")):
        for cable in cablelib.iter_corpus(path):
            assert not [a for a in cable.attention if re.match(r"[RQ][A-Z0-9]{3,7}/", a)], path.name


def test_a_database_record_glued_to_the_last_addressee():
    """02BOGOTA1025's extract-text copy (read by eye): its last INFO line runs into a
    database record, "DIRONDCP WASHDCid: 2446" / "date: 2/4/2002 11:52" / "refid:
    02BOGOTA1025" ... / "header:", then the header again, "----- header ends -----"
    and the caption.  The glued line was no addressee, so the record, the header and
    the whole caption were read as prose."""
    import datetime as dt

    cable = cablelib.parse_file(cable_path("02BOGOTA1025.txt"))
    assert [r.name for r in cable.info_recipients][-2:] == ["SECDEF WASHDC", "DIRONDCP WASHDC"]
    assert len(cable.info_recipients) == 10  # NSC WASHDC ... DIRONDCP WASHDC, read off the header
    record = next(a for a in cable.artefacts if a.kind == "record")
    assert record.text.startswith("id: 2446\ndate: 2/4/2002 11:52\nrefid: 02BOGOTA1025")
    assert cable.classification_line is not None
    assert cable.classification_line.raw == "C O N F I D E N T I A L SECTION 01 OF 02 BOGOTA 001025"
    assert cable.subject == "PUBLIC PROTESTS GROW IN THE FACE OF FARC ATTACKS"
    assert cable.tags == ("PTER", "PGOV", "PINS", "CO")
    assert (cable.executive_order, cable.declassify_on) == ("12958", dt.date(2007, 2, 1))
    assert [(r.letter, r.canonical_id) for r in cable.references] == [("A", "02BOGOTA918"), ("B", "02BOGOTA879")]
    assert cable.classified_by is not None
    assert (cable.classified_by.title, cable.classified_by.names) == ("AMBASSADOR", ("ANNE W. PATTERSON",))
    assert cable.classified_by.reasons == ("1.5(b)", "1.5(d)")
    assert (cable.paragraphs[0].number, cable.paragraphs[0].marking) == (1, "C")
    assert cable.signers == ("PATTERSON",)


def test_only_a_record_s_id_and_date_lines_end_an_addressee_early():
    head = "P 041152Z FEB 02\nFM AMEMBASSY BOGOTA\nTO SECSTATE WASHDC PRIORITY 6573\nINFO NSC WASHDC\n{last}\n"
    glued = cablelib.parse(head.format(last="DIRONDCP WASHDCid: 2446\ndate: 2/4/2002 11:52\nrefid: 02BOGOTA1025"))
    assert [r.name for r in glued.info_recipients] == ["NSC WASHDC", "DIRONDCP WASHDC"]
    # Without the date line under it, "id: 2446" is no record: the line is no addressee.
    alone = cablelib.parse(head.format(last="DIRONDCP WASHDCid: 2446\nmore text"))
    assert [r.name for r in alone.info_recipients] == ["NSC WASHDC"]


def test_a_media_partner_s_date_line_glued_to_the_last_addressee():
    """08RIYADH1541's extract-text copy (read by eye): "RUEAIIA/CIA WASHDC IMMEDIATEThursday,
    16 October 2008, 10:16", then the caption.  The glued line was no addressee, and
    the caption was read as prose; now the copy reads as the cablegate page of the
    same cable does."""
    import datetime as dt

    text = cablelib.parse_file(cable_path("08RIYADH1541.txt"))
    page = cablelib.parse_file(cable_path("08RIYADH1541.html"))
    last = text.info_recipients[-1]
    assert (last.route, last.name, last.precedence) == ("RUEAIIA", "CIA WASHDC", "IMMEDIATE")
    assert [a.text for a in text.artefacts if a.kind == "notice"] == ["Thursday, 16 October 2008, 10:16"]
    assert text.subject == "PAKISTANI RELATIONS WITH SAUDIS “STRAINED”"
    assert text.tags == ("PREL", "PTER", "SA", "PK")
    assert (text.executive_order, text.declassify_on) == ("12958", dt.date(2018, 10, 15))
    assert [(r.letter, r.canonical_id) for r in text.references] == [
        ("A", "08ISLAMABAD3249"), ("B", "08RIYADH1510"), ("C", "08RIYADH1175"), ("D", "08ISLAMABAD2405")]
    for field in ("reference_id", "subject", "tags", "executive_order", "declassify_on", "caveats",
                  "classification"):
        assert getattr(text, field) == getattr(page, field), field
    assert [(r.route, r.name) for r in text.info_recipients] == [(r.route, r.name) for r in page.info_recipients]
    assert [(p.number, p.marking) for p in text.paragraphs] == [(p.number, p.marking) for p in page.paragraphs]


def test_a_weekday_glued_to_an_addressee_is_a_date_only_with_its_date():
    head = ("O 161016Z OCT 08\nFM AMEMBASSY RIYADH\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 9349\n"
            "INFO RUEHIL/AMEMBASSY ISLAMABAD IMMEDIATE 4717\n{last}\n\nSUBJECT: X\n")
    glued = cablelib.parse(head.format(last="RUEAIIA/CIA WASHDC IMMEDIATEThursday, 16 October 2008, 10:16"))
    assert [r.name for r in glued.info_recipients] == ["AMEMBASSY ISLAMABAD", "CIA WASHDC"]
    assert glued.subject == "X"
    # A weekday without the rest of the date line is no date: the line is no addressee.
    for last in ("RUEAIIA/CIA WASHDC IMMEDIATEThursday", "RUEAIIA/CIA WASHDC IMMEDIATEThursday, the 16th"):
        assert [r.name for r in cablelib.parse(head.format(last=last)).info_recipients] == [
            "AMEMBASSY ISLAMABAD"], last
