"""The ``state`` variant on real outgoing Department cables."""

from __future__ import annotations

import pytest

import cablelib
from variant_cables import assert_not_worse_than_generic, parse_copy


@pytest.mark.parametrize("name", ["08STATE116943.html", "01STATE176819.html", "10STATE9565.txt"])
def test_department_cables_are_read_by_state(name):
    """FM SECSTATE WASHDC selects ``state`` — also for a 2001 cable that starts at its DTG."""
    assert assert_not_worse_than_generic(name).variant == "state"


def test_addressee_lines_after_xmt_are_exemptions_of_the_collective():
    """08STATE116943: 'INFO AMCONSUL CASABLANCA PRIORITY / XMT AMCONSUL JOHANNESBURG /
    AMCONSUL JOHANNESBURG' exempts Johannesburg from the security officer collective
    of the TO list; Johannesburg is no addressee."""
    cable = parse_copy("08STATE116943.html")
    assert [(r.name, r.precedence, r.excluded) for r in cable.recipients] == [
        ("SECURITY OFFICER COLLECTIVE", "PRIORITY", ("AMCONSUL JOHANNESBURG",)),
        ("AMEMBASSY TRIPOLI", "PRIORITY", ()),
    ]
    assert [(r.name, r.precedence, r.excluded) for r in cable.info_recipients] == [
        ("AMCONSUL CASABLANCA", "PRIORITY", ()),
    ]


def test_the_fah_example_of_format_line_9():
    """5 FAH-2 H-321.9's example (as quoted in cablemap's tests): both lines after XMT
    are exemptions from the collective."""
    header = ("R 010000Z JAN 09\nFM AMEMBASSY FOOBAR\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 3355\n"
              "RUEHX/EUROPEAN POLITICAL COLLECTIVE\nXMT AMEMBASSY SOFIA\nAMEMBASSY BUCHAREST\n")
    cable = cablelib.parse(header, variant="state")
    assert [(r.route, r.name, r.excluded) for r in cable.recipients] == [
        ("RUEHC", "SECSTATE WASHDC", ()),
        ("RUEHX", "EUROPEAN POLITICAL COLLECTIVE", ("AMEMBASSY SOFIA", "AMEMBASSY BUCHAREST")),
    ]


def test_the_department_cables_other_fields_are_generics():
    """01STATE176819: 18 TO and 3 INFO addressees without routing indicators, read as generic does."""
    cable = parse_copy("01STATE176819.html")
    assert len(cable.recipients) == 18 and len(cable.info_recipients) == 3
    assert cable.recipients[0].name == "AMEMBASSY PARIS"
    assert cable.info_recipients[-1].name == "AMCONSUL JEDDAH"
    assert cable.signers == ("POWELL",)
