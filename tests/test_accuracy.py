"""The accuracy report: page reading, the field comparisons, and a run on the shared corpus.

The pages read here are the real cablegate pages among the container samples
of ``tests/cables.py``; every expected annotation below was checked against
the page's HTML by eye.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest

import cablelib
from cablelib import accuracy
from cablelib.sources import unwrap
from cables import CONTAINER_SAMPLES, cable_path, cable_paths

ROOT = Path(__file__).resolve().parent.parent
#: The cablegate pages (cablegate-html*/) among the container samples, in path order.
PAGES = [p for p in cable_paths(CONTAINER_SAMPLES) if p.parent.name.startswith("cablegate-html")]
CORPUS = ROOT.parent / "shared" / "corpus"
UTC = dt.timezone.utc


def _page(name: str) -> accuracy.Page:
    path = cable_path(f"{name}.html")
    return accuracy.read_page(path.read_text(encoding="utf-8"), name)


def test_read_page_annotations_of_06ankara4688() -> None:
    """Id, Created, title, tag links, numbered anchors and the VZCZC word are read off the page."""
    a = _page("06ANKARA4688").annotations
    assert a.page_id == "06ANKARA4688"
    assert a.created == dt.datetime(2006, 8, 11, 14, 2, tzinfo=UTC)
    assert a.subject == "TURKEY'S FOREIGN POLICY SPLIT - THE PM'S CIRCLE TO"
    assert a.tags == ("PGOV", "PINR", "PREL", "TU")
    # WikiLeaks anchored '3. (C/NF)' and '4. (C/NF)' but not '1.(C)' and '2.(C)'.
    assert [n for n, _ in a.anchors] == [3, 4]
    assert a.transmission_id == "VZCZCXYZ0015"


def test_anchor_offsets_point_at_the_paragraph_number() -> None:
    """An anchor's offset is where its paragraph number starts in the rebuilt text."""
    page = _page("06ANKARA4688")
    for number, offset in page.annotations.anchors:
        assert page.text[offset:].startswith(f"{number}. (C/NF)")
    assert "\u00b6" not in page.text and "<a " not in page.text


def test_title_without_subject_and_first_release_page() -> None:
    """'Viewing cable 10STATE284,' has no subject; the HTTrack page has the four-column table."""
    a = _page("10STATE284").annotations
    assert a.subject is None
    assert a.tags == ("MASS", "MARR", "MCAP", "MOPS", "PARM", "PGOV")
    assert a.transmission_id == "VZCZCXRO0379"
    h = _page("09PARIS1254").annotations
    assert h.page_id == "09PARIS1254"
    assert h.created == dt.datetime(2009, 9, 16, 7, 7, tzinfo=UTC)
    assert h.transmission_id == "VZCZCXRO6701"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_rebuilt_text_matches_the_sources_layer(path: Path) -> None:
    """Two independent extractions of the cable text (ours and cablelib.sources) agree exactly."""
    html = path.read_text(encoding="utf-8")
    assert accuracy.read_page(html).text == unwrap(html).text


def test_parser_gets_plain_text_only() -> None:
    """The text handed to the parser is a raw cable: no wrapper, so no page id can leak in."""
    page = _page("06ANKARA4688")
    cable = cablelib.parse(page.text)
    assert cable.wrapper is None or cable.wrapper.container == "raw"
    assert cable.wrapper is None or cable.wrapper.reference_id is None
    assert cable.source == page.text


def test_created_minute_is_the_twelve_hour_clock_hour() -> None:
    """DTG 041820Z shown as 18:06 agrees (template bug); 18:07 does not; 18:20 does."""
    dtg = dt.datetime(2010, 1, 4, 18, 20, tzinfo=UTC)
    assert accuracy._same_minute(dtg, dtg.replace(minute=6)) == (True, "page minute is the 12-hour clock hour")
    assert accuracy._same_minute(dtg, dtg.replace(minute=7))[0] is False
    assert accuracy._same_minute(dtg, dtg) == (True, "")
    assert accuracy._same_minute(dtg, dtg.replace(hour=17, minute=5))[0] is False
    midnight = dt.datetime(2010, 1, 7, 0, 12, tzinfo=UTC)
    assert accuracy._same_minute(midnight, midnight)[0] is True


def test_repair_tags_uses_the_shipped_table() -> None:
    """WikiLeaks' written tags are put through tag-repairs.tsv, singly and as person pairs."""
    assert accuracy.repair_tags(("PGOV", "RU", "FI")) == ("PGOV", "RS", "FI")
    assert accuracy.repair_tags(("VTPREL", "VT")) == ("VT", "PREL")
    assert accuracy.repair_tags(("OVIP", "RICE", "CONDOLEEZZA", "KISL")) == (
        "OVIP", "RICE, CONDOLEEZZA", "KISL")


def test_out_of_sequence_anchors_are_not_paragraph_claims() -> None:
    """'par2007' on a wrapped line starting with a year is ignored; the rest are claims."""
    claims, ignored = accuracy._paragraph_claims([(1, 0), (2, 10), (2007, 20), (3, 30)])
    assert claims == [(1, 0), (2, 10), (3, 30)]
    assert ignored == [2007]


def _scored(text: str, **annotations: object) -> dict[str, accuracy.Comparison]:
    base = dict(page_id=None, created=None, subject=None, tags=(), anchors=(), transmission_id=None)
    base.update(annotations)
    page = accuracy.Page("test", text, accuracy.Annotations(**base))  # type: ignore[arg-type]
    return {c.field: c for c in accuracy.score_page(page)}


# 04TRIPOLI31, caption lines as on the cablegate page (WikiLeaks' title lost the '(').
TRIPOLI_SUBJECT = (
    "TAGS: PREL PTER FR LY VE\n"
    "SUBJECT: (C) CHIRAC VISIT TO LIBYA MODESTLY SUCCESSFUL, BUT NOT \n"
    "HAPPY \n"
)


def test_subject_title_is_the_first_line_without_its_bracket() -> None:
    """Title 'C) CHIRAC ... BUT NOT' agrees with our two-line subject '(C) ... HAPPY'."""
    c = _scored(TRIPOLI_SUBJECT, subject="C) CHIRAC VISIT TO LIBYA MODESTLY SUCCESSFUL, BUT NOT")
    assert c["subject"].status == "agree", c["subject"]
    assert "first subject line" in c["subject"].note
    wrong = _scored(TRIPOLI_SUBJECT, subject="C) CHIRAC VISIT TO TUNISIA")
    assert wrong["subject"].status == "disagree"


def test_not_applicable_fields() -> None:
    """No anchors, no VZCZC line, no title subject, no tag link: n/a, not failures."""
    c = _scored(TRIPOLI_SUBJECT)
    for field in ("subject", "tags", "paragraphs", "transmission_id", "reference_id", "created"):
        assert c[field].status == "n/a", field


def test_tags_as_sequences() -> None:
    """Same tags in the same order agree; another order is a disagreement (noted)."""
    assert _scored(TRIPOLI_SUBJECT, tags=("PREL", "PTER", "FR", "LY", "VE"))["tags"].status == "agree"
    other = _scored(TRIPOLI_SUBJECT, tags=("PTER", "PREL", "FR", "LY", "VE"))["tags"]
    assert other.status == "disagree" and other.note == "same tags, other order"


def _load_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("accuracy_report", ROOT / "scripts" / "accuracy_report.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_script_json_on_the_test_pages(capsys: pytest.CaptureFixture[str]) -> None:
    """``--json`` prints a table row per field and every disagreement; no page raises."""
    script = _load_script()
    assert script.main(["--json", *map(str, PAGES)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pages"] == 6
    assert data["exceptions"] == []
    assert [row["field"] for row in data["fields"]] == list(accuracy.FIELDS)
    for d in data["disagreements"]:
        assert {"cable", "field", "ours", "theirs", "status"} <= set(d)


def test_explanations_file_names_real_fields() -> None:
    """Every explained disagreement names a scored field and a known verdict."""
    script = _load_script()
    for (cable, field), (verdict, why) in script.load_explanations().items():
        assert field in accuracy.FIELDS, (cable, field)
        assert verdict in {"parser", "wikileaks", "limit"}, (cable, verdict)
        assert why.strip(), (cable, field)


@pytest.mark.skipif(not (CORPUS / "cablegate-html").is_dir(), reason="shared corpus not present")
def test_report_on_the_shared_corpus_raises_nowhere(capsys: pytest.CaptureFixture[str]) -> None:
    """All 254 shared pages are read, parsed and scored with no exception."""
    script = _load_script()
    assert script.main(["--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pages"] == 254
    assert data["exceptions"] == []
