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
