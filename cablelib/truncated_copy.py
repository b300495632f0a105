"""A cut-off first copy of the cable and the database record after it: set aside before the grammar.

Why: some cablegate pages hold the cable twice.  First comes the caption (and
perhaps the start of the first paragraph), cut off with ``...``; then the
database record of the cable (``159478`` / ``2008-06-24`` / ``08CURACAO82`` /
``Consulate Curacao`` / ``CONFIDENTIAL`` / ``08CARACAS695|08HAVANA462``, or the
labelled ``id:`` / ``date:`` / ``refid:`` ... ``header:`` form); then the whole
text again.  Read as it stands, the cut-off copy was the caption and all the
rest body prose: 08CURACAO82 lost its REF items, its Classified By line and
four paragraphs (run into the first one), and 09QUITO1206 had a first
paragraph holding the record and the header.

The first copy is taken as a copy only if it is one: squeezed (runs of
whitespace as one space), its text before the ``...`` must occur in the text
after the record.  It starts at the earliest line start for which that
holds, within :data:`_LOOK_BACK` lines.  Both parts are then blanked in the
text the grammar reads (line breaks kept, so every offset and line number is
unchanged) and kept as artefacts, ``truncated-copy`` and ``record``, with
their spans in ``Cable.source``: nothing of the text is dropped.  The
record's reference id is the cable's when neither the caller nor the
publisher's wrapper gives one: a page that is only the ``<pre>`` block
(10THEHAGUE117) has no date-time group, and the id gives the year its REF
items need.
"""

from __future__ import annotations

from typing import NamedTuple

from . import module_patterns
from .fields.envelope import squeeze
from .ids import canonical_id

__all__ = ["TruncatedCopy", "find_truncated_copy", "blank"]

# "..." at a line end, then a record's first line: an "id:" label or a row number.
_CUT = module_patterns.compile(r"\.\.\.[ \t]*\r?\n\s*(?=(?i:id):|\d{3,7}[ \t]*\r?\n)")
_RECORD = module_patterns.compile(
    # id: 240720 / date: 12/18/2009 19:19 / refid: ... / destination: ... / header: (the
    # header itself, which follows the label, is the envelope printed again: left to the grammar)
    r"(?i:id):[ \t]*\d+(?:[ \t]*\r?\n[ \t]*(?i:date|refid|origin|classification|destination):[^\n]*)*"
    r"(?:[ \t]*\r?\n[ \t]*(?i:header):)?"
    # 159478 / 2008-06-24 / 08CURACAO82 / Consulate Curacao / CONFIDENTIAL / 08CARACAS695|08HAVANA462,
    # one field a line, blank lines between them or not
    r"|\d{3,7}[ \t]*\r?\n\s*\d{1,4}[/-]\d{1,2}[/-]\d{1,4}(?:[ \t]+\d{1,2}:\d\d(?::\d\d)?)?[ \t]*\r?\n"
    r"\s*\d{2}[A-Z]+\d+[ \t]*\r?\n\s*\S[^\n]*\r?\n\s*(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)[^\n]*"
    r"(?:\r?\n\s*\d{2}[A-Z]+\d+(?:\|\d{2}[A-Z]+\d+)*[ \t]*(?=\r?\n|\Z))?"
)
_REACH = 8192
"""Where the ``...`` is looked for: the first 8,192 characters of a text.  The copy
opens the text after the header and is short (245-250 characters in the three
pages of the shared corpus that have one), and the latest caption start in the
shared corpus is at 3,354 (07BERN881, a database dump).  Scanning the whole of
every text for ``...`` cost 0.65 % of a parse's instructions."""
_RECORDS_TRIED = 4
"""Records after a cut tried at most: each reads the whole rest of the text, and a
text of many cut lines and records (tests/test_linear.py) would read it for each."""
_LOOK_BACK = 200
"""Line starts tried before the ``...``: a caption and a paragraph's start are far fewer lines."""
_MIN_COPY = 40
"""Characters (squeezed) a first copy must have: a shorter match proves nothing."""


# The record's reference id: the "refid:" field, or the unlabelled form's third line.
_REFID = module_patterns.compile(r"(?im)^[ \t]*(?:refid:[ \t]*)?(\d{2}[A-Z]+\d+)[ \t]*$")


class TruncatedCopy(NamedTuple):
    """Offsets of the cut-off copy (``copy_start`` to the end of its ``...``) and of the record,
    and the reference id the record gives (as written)."""

    copy_start: int
    copy_end: int
    record_start: int
    record_end: int
    reference_id: str | None


def find_truncated_copy(text: str) -> TruncatedCopy | None:
    """The first cut-off copy followed by a record whose copy the rest of ``text`` repeats, or ``None``."""
    # str.find, not _CUT.finditer: re reads every character of every text for the
    # literal "...", at about seven machine instructions each (1.5 % of a parse).
    # Only the first _REACH characters: the copy opens the text after the header.
    at = text.find("...", 0, _REACH)
    records = 0
    while at >= 0 and records < _RECORDS_TRIED:
        cut = _CUT.match(text, at)
        at = text.find("...", at + 1, _REACH)
        record = _RECORD.match(text, cut.end()) if cut is not None else None
        if cut is None or record is None:
            continue
        records += 1
        dots = cut.start()
        rest = squeeze(text[record.end():])
        start = _earliest_copy_start(text, _line_starts_before(text, dots), dots, rest)
        if start is None:
            continue
        refid = _REFID.search(record.group())
        return TruncatedCopy(start, dots + 3, record.start(), record.end(),
                             canonical_id(refid.group(1)) if refid else None)
    return None


def _earliest_copy_start(text: str, starts: list[int], dots: int, rest: str) -> int | None:
    """The earliest of ``starts`` whose text up to ``dots``, squeezed, occurs in ``rest``
    and is at least :data:`_MIN_COPY` long; ``None`` if none is.

    A binary search: if the text from a line start occurs in ``rest``, so does the
    text from every later one (a part of it), so the starts that hold are the
    last ones of the list.
    """
    low, high = 0, len(starts)  # starts[high:] hold; starts[:low] do not
    while low < high:
        middle = (low + high) // 2
        if squeeze(text[starts[middle]:dots]) in rest:
            high = middle
        else:
            low = middle + 1
    if high == len(starts) or len(squeeze(text[starts[high]:dots])) < _MIN_COPY:
        return None
    return starts[high]


def _line_starts_before(text: str, end: int) -> list[int]:
    """The starts of the lines before ``end`` (the last :data:`_LOOK_BACK`), earliest first."""
    starts = [end]
    at = end
    while len(starts) <= _LOOK_BACK and at > 0:
        at = text.rfind("\n", 0, at - 1) + 1 if at > 1 else 0
        starts.append(at)
        if at == 0:
            break
    starts.reverse()
    return starts[:-1]


def blank(text: str, found: TruncatedCopy) -> str:
    """``text`` with the copy and the record (and what lies between them) as spaces, line breaks kept."""
    start, end = found.copy_start, found.record_end
    part = text[start:end]
    blanked = "".join(c if c in "\r\n" else " " for c in part)
    return text[:start] + blanked + text[end:]
