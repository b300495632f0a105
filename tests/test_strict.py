"""Strict mode: CableSyntaxError at the first deviation, with exact positions.

Each broken input is a real cable fragment (from the seed) with one
deliberate fault; the expected line and column are counted by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import cablelib

SEED = (Path(__file__).resolve().parent.parent / "examples" / "06PHNOMPENH2131.txt").read_text(encoding="utf-8")
ENVELOPE = SEED[SEED.index("VZCZCXRO5044"):SEED.index("UNCLAS SECTION")]


def _error(text: str) -> cablelib.CableSyntaxError:
    with pytest.raises(cablelib.CableSyntaxError) as info:
        cablelib.parse(text, strict=True)
    return info.value


def test_garbage_line_inside_the_envelope():
    text = ENVELOPE.replace("ZNR UUUUU ZZH\n", "ZNR UUUUU ZZH\nGarbage here\n")
    err = _error(text)
    assert (err.line, err.column, err.offset) == (5, 1, text.index("Garbage"))
    assert "Garbage here" in err.message
    assert "a date-time group line" in err.message  # what was expected
    assert "DTG_LINE" in err.expected
    assert str(err).startswith("<text>:5:1: unexpected text 'Garbage here'")
    assert err.get_context(text).splitlines() == ["Garbage here", "^"]


def test_error_column_is_one_based_inside_a_line():
    # The DE line is complete after "3380808"; the stray word is not.
    text = ENVELOPE.replace("3380808", "3380808 junk")
    err = _error(text)
    assert (err.line, err.column) == (3, 28)  # len("DE RUEHPF #2131/01 3380808 ") == 27
    assert err.offset == text.index("junk")


def test_position_on_a_crlf_text():
    text = ENVELOPE.replace("ZNR UUUUU ZZH\n", "ZNR UUUUU ZZH\nGarbage here\n").replace("\n", "\r\n")
    err = _error(text)
    assert (err.line, err.column) == (5, 1)
    assert text[err.offset:].startswith("Garbage here\r\n")


def test_strict_error_is_a_cable_error_and_a_value_error():
    err = _error(ENVELOPE.replace("ZNR UUUUU ZZH\n", "ZNR UUUUU ZZH\n?!\n"))
    assert isinstance(err, cablelib.CableError)
    assert isinstance(err, ValueError)


def test_lenient_mode_turns_the_same_fault_into_a_diagnostic_and_keeps_going():
    text = ENVELOPE.replace("ZNR UUUUU ZZH\n", "ZNR UUUUU ZZH\nGarbage here\n")
    cable = cablelib.parse(text)
    assert [d.code for d in cable.diagnostics] == ["unexpected-text"]
    diag = cable.diagnostics[0]
    assert diag.span.slice(text) == "Garbage here"
    assert (diag.span.line, diag.span.column) == (5, 1)
    # Everything after the bad line is still read.
    assert cable.dtg is not None and cable.dtg.isoformat() == "2006-12-04T08:08:00+00:00"
    assert cable.sender == "AMEMBASSY PHNOM PENH"
    assert cable.info_recipients[0].name == "ASEAN COLLECTIVE"


def test_whole_corpus_sample_seed_is_strict_clean():
    assert cablelib.parse(SEED, strict=True).diagnostics == ()
