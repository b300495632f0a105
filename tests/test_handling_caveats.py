"""Caveats and handling lines that were read as attention lines or prose.

Read by eye:
- 07NEWDELHI4272's caption runs together on one line: "SIPDIS SENSITIVE SIPDIS
  DEPT FOR NEC DIRECTOR HUBBARD USDOC FOR ..."; the caveat words were the
  start of an attention line, and the cable had no caveat.
- 10ADDISABABA247 has "SENSITIVE BUT UNCLASSIFIED. NOT FOR INTERNET
  DISTRIBUTION." after its REF line, read as an attention line (its FOR).
- 07NAPLES129 has "Sensitive but unclassified - handle accordingly." after its
  subject, read as an unnumbered first paragraph.
"""

from __future__ import annotations

import cablelib
from cables import cable_path


def test_caveat_words_before_an_attention_line_on_the_same_line() -> None:
    cable = cablelib.parse_file(cable_path("07NEWDELHI4272.html"))
    assert cable.caveats == ("SIPDIS", "SENSITIVE")
    (attention,) = cable.attention
    assert attention.startswith("DEPT FOR NEC DIRECTOR HUBBARD USDOC FOR ITA/MAC/OSA/LDROKER/ASTERN/KRUDD")
    assert attention.endswith("STATE FOR P, SCA/INS AND EB/TRA JEFFREY HORWITZ AND TOM ENGLE")


def test_handling_sentences_are_the_sensitive_caveat() -> None:
    addis = cablelib.parse_file(cable_path("10ADDISABABA247.html"))
    assert "SENSITIVE" in addis.caveats
    assert not [a for a in addis.attention if "UNCLASSIFIED" in a]
    assert addis.attention[-1] == "USAID FOR AFR/EA - HELLYER, DALTON, AFR/SD - CURTIS; EGAT - JHESTER, JYASMAN AND GMYERS"
    naples = cablelib.parse_file(cable_path("07NAPLES129.html"))
    assert naples.caveats == ("SIPDIS", "SENSITIVE")
    assert (naples.paragraphs[0].number, naples.paragraphs[0].marking) == (1, "SBU")
    assert naples.paragraphs[0].text.startswith("Summary: A series of law enforcement successes in Sicily")


def test_the_forms_of_the_handling_sentence() -> None:
    head = "UNCLAS PARIS 000001\n\n{line}\n\nSUBJECT: X\n\n1. (SBU) Text.\n"
    for line in ("SENSITIVE BUT UNCLASSIFIED -- HANDLE ACCORDINGLY",
                 "SENSITIVE BUT UNCLASSIFIED; PLEASE PROTECT ACCORDINGLY",
                 "Sensitive but unclassified - handle accordingly.",
                 "SENSITIVE BUT UNCLASSIFIED. NOT FOR INTERNET DISTRIBUTION."):
        cable = cablelib.parse(head.format(line=line))
        assert (cable.caveats, cable.attention, cable.subject) == (("SENSITIVE",), (), "X"), line
    # An attention line after caveat words on one line; without FOR or PASS, no attention line.
    cable = cablelib.parse(head.format(line="SIPDIS NOFORN STATE FOR EUR/WE"))
    assert (cable.caveats, cable.attention) == (("SIPDIS", "NOFORN"), ("STATE FOR EUR/WE",))
