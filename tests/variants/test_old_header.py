"""The ``old-header`` variant on real cables of 1966-2002 whose header starts at the DTG."""

from __future__ import annotations

import pytest

import cablelib
from cablelib.variants.old_header import OldHeader
from variant_cables import assert_not_worse_than_generic, parse_copy


@pytest.mark.parametrize("name,row", [("cables_sample.csv", 0), ("cables_sample.csv", 1),
                                      ("66BUENOSAIRES2481.txt", 0), ("7575LIBREVILLE1895.html", 0),
                                      ("01CAIRO3757.txt", 0)])
def test_old_headers_are_read_by_old_header(name, row):
    assert assert_not_worse_than_generic(name, row).variant == "old-header"


def _refs(cable):
    return [(r.letter, r.kind, r.text, r.canonical_id, cable.source[r.span.start:r.span.end])
            for r in cable.references]


def test_colon_separated_ref_items_72tehran1164():
    """'REF: TEHRAN 1091: TEHRAN 263: MOSCOW 1603' is three references, each with its own text."""
    cable = parse_copy("cables_sample.csv", row=1)
    assert cable.reference_id == "72TEHRAN1164"
    assert _refs(cable) == [
        (None, "cable", "TEHRAN 1091", "72TEHRAN1091", "TEHRAN 1091"),
        (None, "cable", "TEHRAN 263", "72TEHRAN263", "TEHRAN 263"),
        (None, "cable", "MOSCOW 1603", "72MOSCOW1603", "MOSCOW 1603"),
    ]


@pytest.mark.parametrize("name,row", [("cables_sample.csv", 0), ("66BUENOSAIRES2481.txt", 0)])
def test_semicolon_separated_ref_items_66buenosaires2481(name, row):
    """'REF: STATE 106206 CIRCULAR; STATE CA-3400 NOV 2, 1966': a telegram and a circular airgram."""
    cable = parse_copy(name, row=row)
    assert cable.reference_id == "66BUENOSAIRES2481"
    assert _refs(cable) == [
        (None, "cable", "STATE 106206 CIRCULAR", "66STATE106206", "STATE 106206 CIRCULAR"),
        (None, "other", "STATE CA-3400 NOV 2, 1966", None, "STATE CA-3400 NOV 2, 1966"),
    ]


def test_semicolon_separated_ref_items_7575libreville1895():
    """'REF: STATE 272523; USUN 6028': USUN is the mission in New York."""
    cable = parse_copy("7575LIBREVILLE1895.html")
    assert _refs(cable) == [
        (None, "cable", "STATE 272523", "75STATE272523", "STATE 272523"),
        (None, "cable", "USUN 6028", "75USUNNEWYORK6028", "USUN 6028"),
    ]


def test_lettered_items_separated_by_semicolons_keep_their_letters():
    """The 1990s form '(A) ...; (B) ...' (97WELLINGTON1656's REF line)."""
    text = "R 220136Z DEC 97\nFM AMEMBASSY WELLINGTON\nTO SECSTATE WASHDC 5893\n" \
           "UNCLAS WELLINGTON 001656\nREF: (A) WELLINGTON 1498; (B) WELLINGTON 1492\n"
    cable = cablelib.parse(text, variant="old-header")
    assert [(r.letter, r.text, r.canonical_id) for r in cable.references] == [
        ("A", "WELLINGTON 1498", "97WELLINGTON1498"), ("B", "WELLINGTON 1492", "97WELLINGTON1492")]


@pytest.mark.parametrize("head,fits", [
    ("P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\n", True),
    ("R 220136Z DEC 97\nFM AMEMBASSY WELLINGTON\n", True),
    ("O 231553Z FEB 01\nFM AMEMBASSY PRETORIA\n", True),
    ("O 111108Z APR 08\nFM AMEMBASSY BEIJING\n", False),  # a 2008 DTG-only header
    ("VZCZCXRO5044\nDE RUEHPF #2131 3380808\nP 040808Z DEC 06\nFM AMEMBASSY PHNOM PENH\n", False),
    ("VZCZCXYZ0000\nR 250930Z FEB 02\nFM AMEMBASSY ANKARA\n", False),  # an envelope before the DTG
])
def test_the_score_wants_a_dtg_first_and_a_year_before_2003(head, fits):
    assert (OldHeader.score(head) > 0.01) is fits
