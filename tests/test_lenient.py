"""Lenient mode: any str gives a Cable, fragments still yield their fields."""

from __future__ import annotations

import datetime as dt

import pytest

import cablelib


def test_a_lone_ref_line_gives_its_references_with_the_callers_year():
    # The seed's REF list, written on one line.
    cable = cablelib.parse("REF: A. STATE 178111 B. PHNOM PENH 1646", year=2006)
    assert [(r.letter, r.canonical_id) for r in cable.references] == [
        ("A", "06STATE178111"), ("B", "06PHNOMPENH1646")]
    assert cable.diagnostics == ()


def test_a_ref_line_without_a_year_gives_no_guessed_id():
    cable = cablelib.parse("REF: STATE 178111")
    assert [(r.kind, r.text, r.canonical_id) for r in cable.references] == [("cable", "STATE 178111", None)]


def test_a_caption_run_together_on_one_line():
    # The shape of 10STATE284 / the Tripoli cables: the whole caption on one line.
    text = ("C O N F I D E N T I A L SECTION 01 OF 02 STATE 000284 SIPDIS E.O. 12958: "
            "DECL: 01/04/2020 TAGS: MASS MARR MCAP SUBJECT: LIBYA: C-130 REQUEST "
            "REF: STATE 178111 1. (C) The United States and Libya have an opportunity.")
    cable = cablelib.parse(text, year=2010)
    assert cable.classification_line.classification == "CONFIDENTIAL"
    assert (cable.classification_line.post, cable.classification_line.serial) == ("STATE", 284)
    assert cable.caveats == ("SIPDIS",)
    assert cable.executive_order == "12958"
    assert cable.declassify_on == dt.date(2020, 1, 4)
    assert cable.tags == ("MASS", "MARR", "MCAP")
    assert cable.subject == "LIBYA: C-130 REQUEST"
    # STATE cable 284 of 2010 cannot cite STATE 178111 of the same year:
    # the item takes the year before.
    assert [r.canonical_id for r in cable.references] == ["09STATE178111"]
    assert [(p.number, p.marking, p.text) for p in cable.paragraphs] == [
        (1, "C", "The United States and Libya have an opportunity.")]


def test_an_envelope_without_a_body():
    text = ("VZCZCXRO5044\nPP RUEHCHI RUEHDT RUEHHM\nDE RUEHPF #2131/01 3380808\n"
            "ZNR UUUUU ZZH\nP 040808Z DEC 06\nFM AMEMBASSY PHNOM PENH\n"
            "TO RUEHC/SECSTATE WASHDC PRIORITY 7672\nINFO RUEHZS/ASEAN COLLECTIVE\n")
    cable = cablelib.parse(text)
    assert cable.envelope.station == "RUEHPF"
    assert cable.dtg == dt.datetime(2006, 12, 4, 8, 8, tzinfo=dt.timezone.utc)
    assert cable.sender == "AMEMBASSY PHNOM PENH"
    assert [r.name for r in cable.recipients + cable.info_recipients] == ["SECSTATE WASHDC", "ASEAN COLLECTIVE"]
    assert cable.paragraphs == ()
    assert cable.diagnostics == ()


def test_an_old_header_that_starts_at_the_dtg():
    # 72TEHRAN1164's header shape (cables.csv row 2).
    text = "R 250930Z FEB 72\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 1553\nINFO AMEMBASSY MOSCOW\n"
    cable = cablelib.parse(text)
    assert cable.envelope.transmission_id is None
    assert cable.envelope.dtg_precedence == "R"
    assert cable.dtg == dt.datetime(1972, 2, 25, 9, 30, tzinfo=dt.timezone.utc)
    assert cable.recipients == (cablelib.Recipient(None, "SECSTATE WASHDC", None, "1553"),)


@pytest.mark.parametrize("text", [
    "", " ", "\n\n\n", "\x00", "\x00" * 100, "¶", "\r\n\r\n", "\f\v\t",
    "1.", "REF:", "SUBJECT:", "TAGS:", "VZCZC", "DE", "P 999999Z XXX 99",
    "(" * 10_000, "-" * 100_000, "A" * 100_000, "PAGE 02 " * 1000,
    "UNCLAS\n" * 500, "\udcff", "é" * 50, "FM\nTO\nINFO\nXMT\n",
])
def test_never_raises_and_diagnostics_point_into_the_text(text):
    cable = cablelib.parse(text)
    assert isinstance(cable, cablelib.Cable)
    assert cable.source == text
    for diag in cable.diagnostics:
        if diag.span is not None:
            assert 0 <= diag.span.start <= diag.span.end <= len(text)


def test_non_str_input_is_a_clear_error():
    with pytest.raises(cablelib.CableInputError, match="needs a str"):
        cablelib.parse(b"UNCLAS")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cablelib.parse(None)  # type: ignore[arg-type]


def test_unknown_variant_suggests_the_closest_name():
    with pytest.raises(cablelib.UnknownVariantError, match="Did you mean 'generic'"):
        cablelib.parse("UNCLAS", variant="generik")
    with pytest.raises(LookupError):
        cablelib.parse("UNCLAS", variant="nothing-like-it")
