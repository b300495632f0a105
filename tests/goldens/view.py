"""The curated view of a parsed cable that the golden files pin down.

A golden is not a dump of the whole model: it keeps the fields a reader can
check against the cable text by eye (ids, dates, addressees, caption, the
start of each paragraph, summary, signers) and leaves out spans, raw text and
diagnostics.  ``tests/test_goldens.py`` and its ``--update-goldens`` switch
both build the view with :func:`build_view`, so what is written is exactly
what is compared.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

PARAGRAPH_TEXT_CHARS = 50
SUMMARY_CHARS = 60

#: Field order of a golden file (after its ``input`` key).
FIELDS = (
    "reference_id",
    "created",
    "classification",
    "origin",
    "dtg",
    "sender",
    "recipients",
    "info_recipients",
    "classification_line",
    "caveats",
    "executive_order",
    "declassify_on",
    "tags",
    "subject",
    "references",
    "classified_by",
    "paragraphs",
    "summary",
    "signers",
    "variant",
)


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _recipients(recipients: Any) -> list[list[str | None]]:
    return [[r.route, r.name, r.precedence, r.serial] for r in recipients]


def build_view(cable: Any) -> dict[str, Any]:
    """The golden view of ``cable``: plain JSON types, keys in :data:`FIELDS` order."""
    line = cable.classification_line
    by = cable.classified_by
    return {
        "reference_id": cable.reference_id,
        "created": _iso(cable.created),
        "classification": cable.classification,
        "origin": cable.origin,
        "dtg": _iso(cable.dtg),
        "sender": cable.sender,
        "recipients": _recipients(cable.recipients),
        "info_recipients": _recipients(cable.info_recipients),
        "classification_line": None if line is None else {
            "classification": line.classification,
            "section": line.section,
            "sections": line.sections,
            "post": line.post,
            "serial": line.serial,
        },
        "caveats": list(cable.caveats),
        "executive_order": cable.executive_order,
        "declassify_on": _iso(cable.declassify_on),
        "tags": list(cable.tags),
        "subject": cable.subject,
        "references": [[r.letter, r.kind, r.canonical_id] for r in cable.references],
        "classified_by": None if by is None else {
            "names": list(by.names),
            "title": by.title,
            "reasons": list(by.reasons),
        },
        "paragraphs": [
            [p.number, p.marking, p.heading, p.text[:PARAGRAPH_TEXT_CHARS]]
            for p in cable.paragraphs
        ],
        "summary": None if cable.summary is None else cable.summary[:SUMMARY_CHARS],
        "signers": list(cable.signers),
        "variant": cable.variant,
    }
