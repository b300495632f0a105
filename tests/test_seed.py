"""The seed cable 06PHNOMPENH2131 parses to every value the API contract lists.

Every expected value below was read off examples/06PHNOMPENH2131.txt (the
user's own example) and the contract's seed column, not from parser output.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

import cablelib

SEED = Path(__file__).resolve().parent.parent / "examples" / "06PHNOMPENH2131.txt"
UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=["parse", "parse_file", "strict"])
def cable(request, seed_text) -> cablelib.Cable:
    if request.param == "parse":
        return cablelib.parse(seed_text)
    if request.param == "parse_file":
        return cablelib.parse_file(SEED)
    return cablelib.parse(seed_text, strict=True)


def test_wrapper_fields(cable):
    assert cable.reference_id == "06PHNOMPENH2131"
    assert cable.created == dt.datetime(2006, 12, 4, 8, 8, tzinfo=UTC)
    assert cable.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert cable.origin == "Embassy Phnom Penh"


def test_envelope(cable):
    env = cable.envelope
    assert env.transmission_id == "VZCZCXRO5044"
    assert env.precedence == "PP"
    assert env.routing_indicators == ("RUEHCHI", "RUEHDT", "RUEHHM")
    assert env.station == "RUEHPF"
    assert env.sequence == 2131
    assert env.section == 1
    assert env.filed == "3380808"
    assert env.security == "ZNR UUUUU ZZH"
    assert env.dtg_precedence == "P"
    assert cable.dtg == dt.datetime(2006, 12, 4, 8, 8, tzinfo=UTC)
    assert cable.sender == "AMEMBASSY PHNOM PENH"


def test_recipients(cable):
    assert cable.recipients == (
        cablelib.Recipient(route="RUEHC", name="SECSTATE WASHDC", precedence="PRIORITY", serial="7672"),
    )
    assert cable.info_recipients == (
        cablelib.Recipient(route="RUEHZS", name="ASEAN COLLECTIVE", precedence=None, serial=None),
    )


def test_caption(cable):
    line = cable.classification_line
    assert (line.classification, line.section, line.sections, line.post, line.serial) == (
        "UNCLASSIFIED", 1, 2, "PHNOM PENH", 2131)
    assert cable.caveats == ("SIPDIS", "SENSITIVE")
    assert cable.attention == ("FOR G/TIP, EAP/MLS and EAP/RSP",)
    assert cable.executive_order == "12958"
    assert cable.declassify_on is None
    assert cable.tags == ("PHUM", "PREL", "KWMN", "CB")
    assert cable.subject == "CAMBODIA: TIP INTERIM ASSESSMENT REPORT"
    assert cable.subject_raw == "CAMBODIA: TIP INTERIM ASSESSMENT REPORT"
    assert cable.classified_by is None


def test_references(cable):
    refs = [(r.letter, r.kind, r.text, r.canonical_id) for r in cable.references]
    assert refs == [
        ("A", "cable", "STATE 178111", "06STATE178111"),
        ("B", "cable", "PHNOM PENH 1646", "06PHNOMPENH1646"),
    ]


def test_caption_appears_twice_and_each_copy_is_recorded(cable, seed_text):
    assert len(cable.captions) == 2
    first, second = cable.captions
    assert first.span.start < second.span.start
    # Both copies start with the classification line, at lines 23 and 41.
    assert (first.span.line, second.span.line) == (23, 41)
    assert seed_text[first.span.start:].startswith("UNCLAS SECTION 01 OF 02 PHNOM PENH 002131")
    assert seed_text[second.span.start:].startswith("UNCLAS SECTION 01 OF 02 PHNOM PENH 002131")
    assert first == second  # equal content; spans take no part in equality


def test_paragraphs(cable):
    paras = cable.paragraphs
    assert [p.number for p in paras] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [p.marking for p in paras] == ["U", "SBU", "SBU", "SBU", "U", "SBU", "SBU", "SBU"]
    assert [p.heading for p in paras] == [
        None,
        "Criminal Investigations and Prosecutions",
        "Improved Courts",
        "Arrests of Corrupt Officials Complicit in Trafficking",
        "Progress in Closing Establishments",
        "Cooperation between Government and NGOs",
        "Status of Anti-TIP Law",
        "PROTECT ACT Concerns",
    ]
    assert paras[0].text.startswith("Embassy Phnom Penh submits the following submission as an interim")
    # Paragraph 7 reads on across the page break line.
    assert ("During the review process, the Cambodian Ministry of Women's Affairs found that"
            in paras[6].text)
    assert "00002131" not in paras[6].text
    # Paragraph 4 reads on across its blank line.
    assert "However, only one of the three has actually been imprisoned" in paras[3].text
    assert paras[7].text.endswith("we await further RGC action on our request.")


def test_signature_summary_variant_diagnostics(cable):
    assert cable.signers == ("MUSSOMELI",)
    assert cable.summary is None
    assert cable.variant == "generic"
    assert cable.diagnostics == ()


def test_spans_slice_back_to_their_text(cable, seed_text):
    assert cable.source == seed_text
    assert cable.recipients[0].span.slice(seed_text) == "TO RUEHC/SECSTATE WASHDC PRIORITY 7672"
    assert cable.references[1].span.slice(seed_text) == "B. PHNOM PENH 1646"
    assert cable.classification_line.span.slice(seed_text).startswith("UNCLAS SECTION 01 OF 02")
    para7 = cable.paragraphs[6].span
    assert seed_text[para7.start:].startswith("7. (SBU) Although Cambodia")
    assert (para7.line, para7.column) == (148, 1)  # grep -n "^7. (SBU)"


def test_cli_prints_the_same_json(seed_text):
    out = subprocess.run(
        [sys.executable, "-m", "cablelib", "parse", str(SEED)],
        capture_output=True, text=True, check=True,
    ).stdout
    lines = out.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert data == json.loads(json.dumps(cablelib.parse(seed_text).to_dict()))
    assert data["reference_id"] == "06PHNOMPENH2131"
    assert data["created"] == "2006-12-04T08:08:00+00:00"
    assert [r["canonical_id"] for r in data["references"]] == ["06STATE178111", "06PHNOMPENH1646"]
