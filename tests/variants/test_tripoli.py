"""The ``tripoli`` variant on real cables from Embassy Tripoli."""

from __future__ import annotations

import pytest

import cablelib

from variant_cables import assert_not_worse_than_generic, parse_copy


@pytest.mark.parametrize("name", ["08TRIPOLI126.html", "08TRIPOLI982.html", "09TRIPOLI950.txt"])
def test_tripoli_cables_are_read_by_tripoli(name):
    assert assert_not_worse_than_generic(name).variant == "tripoli"


def test_the_dated_signature_of_the_eact_copy_08tripoli126():
    """The cable ends '... the Libyan Bank. End comment. \\nSTEVENS 0 02/18/2008'."""
    cable = parse_copy("08TRIPOLI126.html")
    assert cable.signers == ("STEVENS",)
    last = cable.paragraphs[-1]
    assert last.number == 3 and last.marking == "SBU"
    assert last.text.endswith("into a single entity, the Libyan Bank. End comment.")
    assert "STEVENS" not in last.text
    assert cable.source[last.span.start:last.span.end].rstrip().endswith("End comment.")
    (signature,) = [a for a in cable.artefacts if a.kind == "signature"]
    assert signature.text == "STEVENS 0 02/18/2008"
    assert cable.source[signature.span.start:signature.span.end] == "STEVENS 0 02/18/2008"
    line_start = cable.source.rfind("\n", 0, signature.span.start) + 1
    assert signature.span.line == cable.source.count("\n", 0, signature.span.start) + 1
    assert signature.span.column == signature.span.start - line_start + 1


@pytest.mark.parametrize("name,signer", [("08TRIPOLI982.html", "CRETZ"), ("09TRIPOLI950.txt", "POLASCHIK")])
def test_other_signatures_are_left_alone(name, signer):
    assert parse_copy(name).signers == (signer,)


def test_only_the_last_paragraph_can_end_with_the_dated_signature():
    """A 'NAME 0 MM/DD/YYYY' line inside the body stays text."""
    inside = "UNCLAS TRIPOLI 000126\n\n1. (U) First.\nSTEVENS 0 02/18/2008\n\n2. (U) Second.\n"
    cable = cablelib.parse(inside, variant="tripoli")
    assert [p.text for p in cable.paragraphs] == ["First. STEVENS 0 02/18/2008", "Second."]
    assert cable.signers == ()
    at_end = "UNCLAS TRIPOLI 000126\n\n1. (U) First.\n\n2. (U) Second.\nSTEVENS 0 02/18/2008"
    cable = cablelib.parse(at_end, variant="tripoli")
    assert [p.text for p in cable.paragraphs] == ["First.", "Second."]
    assert cable.signers == ("STEVENS",)
