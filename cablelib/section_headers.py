"""A later section's header, repeated inside the body of a multi-section printout.

Why: a long telegram went out in sections ("SECTION 02 OF 03"), and a
receiving post's printout gives each section its own header: the page
header with its PTQ number, the distribution block (``ACTION AF-00``,
``INFO LOG-00 ...``), the date-time group, FM, TO and INFO, the
classification line with the section number, the attention lines and the
caption again (E.O., TAGS, SUBJECT).  Where a section ended in the middle
of a paragraph, its successor's header stands in that paragraph's text
(00HARARE6677, 00HARARE2271, 01VATICAN5693), or between two paragraphs as
prose of its own (90CAPETOWN97).  Read as prose, it put a distribution
block and forty addressees into paragraph text.

How: inside one paragraph's run of chunks (the grammar's ``TEXT`` and
``PAGE_LINE`` tokens after its first), a header copy is recognised by
three marks that prose does not give together, in this order: a
date-time group (``O 291359Z NOV 00``), an ``FM`` line, and a
classification line that names a section of 2 or more (``C O N F I D E N
T I A L SECTION 02 OF 03 HARARE 006677``; the first section's header is the
cable's own).  It starts at the chunk that holds the date-time group, or at
the chunks just before that one that only open a header (a classification
word, a PTQ number, distribution lines). It ends after the caption's last
field: the first SUBJECT line after the section line, or else the last
E.O., TAGS or REF line before the scan stops (:data:`_SCAN_LINES` lines
on); a short line right after it that ends no clause is the subject's
wrapped end, and so is one after the page lines that follow a header whose
copy lost its SUBJECT line (:func:`_subject_tail`).  The text after that end
in the same chunk goes on as prose; page-break lines inside the header stay
page breaks.  Each piece becomes a ``SECTION_HEADER`` chunk,
which :func:`cablelib.fields.body.segment` skips and the transformer keeps
as a ``section-header`` artefact with its span.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import module_patterns
from .fields.body import SPACED_CLASSIFICATION, Chunk, sub_chunk

__all__ = ["SECTION_HEADER", "split_section_headers"]

SECTION_HEADER = "SECTION_HEADER"
"""The chunk kind of a piece of a repeated section header."""

# The classification line of a section: a classification word, spaced or
# not, then "SECTION nn OF nn" (a post's name may stand between); group 1
# is the section's number.
_SECTION_LINE = module_patterns.compile(
    r"(?m)^[ \t]*(?:" + SPACED_CLASSIFICATION + r"|LIMITED[ \t]+OFFICIAL[ \t]+USE)"
    r"(?![A-Za-z])[ \t]+(?:[A-Z][A-Z .]*?[ \t]+)?SECTION[ \t]+0*([1-9]\d?)[ \t]+OF[ \t]+\d{1,2}\b")
# A date-time group with its precedence, as the envelope's DTG line has it;
# also inside a line, for copies whose line breaks were lost.
_DTG = module_patterns.compile(r"(?<![A-Z0-9])(?:[OPRZ]{1,2}[ \t]+)?\d{6}Z[ \t]+[A-Z]{3}[ \t]+\d{2}(?!\d)")
_FM = module_patterns.compile(r"(?<![A-Z])FM[ \t]+[A-Z]")
# A line that may open a section's header before its date-time group: the
# page foot's and page header's classification word (with the PTQ number),
# and the distribution block's lines (ACTION, INFO LOG-00 and more office
# codes, the "/004W" count, the "------507B4E  271033Z /38" line).
_OPENING_LINE = module_patterns.compile(
    r"[ \t]*(?:(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED[ \t]+OFFICIAL[ \t]+USE)(?:[ \t]+PTQ\d+)?[ \t\r]*$"
    r"|(?:ACTION|ORIGIN)[ \t]+[A-Z]+-\d\d|INFO[ \t]+LOG-\d\d|[A-Z]+-\d\d(?![A-Za-z0-9])|\/\d+[ \t]*[WR]\b"
    r"|-{6,}[A-Z0-9]{4,}[ \t]+\d{6}Z?)")
# The caption's fields that may end a header.
_CAPTION_FIELD = module_patterns.compile(r"[ \t]*(?:E\.[ \t]?O\.|TAGS?[ \t]*:|REFS?[ \t]*:|SUBJ(?:ECT)?[ \t]*:)")
_SUBJECT_FIELD = module_patterns.compile(r"[ \t]*SUBJ(?:ECT)?[ \t]*:")

_LOOK_BACK = 6
"""Chunks before the section line in which its date-time group and FM line are looked for."""

_SCAN_LINES = 24
"""Lines after the section line in which the caption's end is looked for."""


def _opens_only(text: str) -> bool:
    """Whether every line of ``text`` may open a section's header."""
    return all(_OPENING_LINE.match(line) is not None for line in text.split("\n") if line.strip())


def _start(chunks: Sequence[Chunk], index: int, section_at: int) -> int | None:
    """The index of the chunk where the header whose section line is at
    ``section_at`` of chunk ``index`` starts, or ``None`` without a date-time
    group and then an FM line before that line."""
    for first in range(index, max(0, index - _LOOK_BACK) - 1, -1):
        kind, text = chunks[first][0], chunks[first][1]
        if kind == "PAGE_LINE":
            continue
        if kind != "TEXT":  # the paragraph's head: prose
            return None
        head = text[:section_at] if first == index else text
        dtg = _DTG.search(head)
        if dtg is None:
            continue
        # The DTG's chunk opens the header: it starts with the DTG, or with
        # lines that only open a header; an FM line follows the DTG.
        if text[:dtg.start()].strip() and not _opens_only(text[:dtg.start()]):
            return None
        between = [head[dtg.end():], *(c[1] for c in chunks[first + 1:index] if c[0] == "TEXT")]
        if first != index:
            between.append(chunks[index][1][:section_at])
        if not any(_FM.search(part) for part in between):
            return None
        while first > 0 and chunks[first - 1][0] == "TEXT" and _opens_only(chunks[first - 1][1]):
            first -= 1
        return first
    return None


def _end(chunks: Sequence[Chunk], index: int, section_at: int) -> tuple[int, int, bool]:
    """``(chunk index, offset in its text, whether a SUBJECT line ends it)`` where the
    header whose section line is at ``section_at`` of chunk ``index`` ends: after
    the section line at least."""
    text = chunks[index][1]
    line_end = text.find("\n", section_at)
    end = (index, line_end if line_end >= 0 else len(text), False)
    seen = 0
    for at in range(index, len(chunks)):
        kind, text = chunks[at][0], chunks[at][1]
        if kind != "TEXT":
            continue
        offset = section_at if at == index else 0
        while offset <= len(text):
            if seen == _SCAN_LINES:
                return end
            seen += 1
            line_end = text.find("\n", offset)
            if line_end < 0:
                line_end = len(text)
            if _SUBJECT_FIELD.match(text, offset):
                return at, line_end, True
            if _CAPTION_FIELD.match(text, offset):
                end = (at, line_end, False)
            offset = line_end + 1
    return end


def _subject_tail(text: str) -> int:
    """The length of ``text``'s first line if it reads as the wrapped end of a
    subject whose SUBJECT line the copy lost, else 0.

    00HARARE6677's section headers end at TAGS, and after the page line
    comes "OPPOSITION LEADER", the second line of the subject ("... MEETS
    WITH ZIMBABWE / OPPOSITION LEADER"), then the paragraph.  Such a line is
    short, ends no clause, and either stands alone in its chunk (as the
    canonical layout writes it, :mod:`cablelib.render`) or a line more than
    twice as long follows it (prose lines of a fixed-width copy are about
    equally long).
    """
    first_end = text.find("\n")
    if first_end < 0:
        first_end = len(text)
    line = text[:first_end].strip()
    following = text[first_end + 1:].split("\n", 1)[0].strip()
    if not line or len(line) > 60 or line.endswith((".", ",", ";", ":")):
        return 0
    if first_end < len(text) and len(following) <= 2 * len(line):
        return 0
    return first_end


def _cut(chunk: Chunk, end: int) -> list[Chunk]:
    """``chunk`` up to ``end`` as a ``SECTION_HEADER`` piece, and the prose after
    it (past blanks), if any, as a ``TEXT`` chunk of its own."""
    text = chunk[1]
    pieces = [sub_chunk(chunk, 0, len(text[:end].rstrip()), SECTION_HEADER)]
    rest = len(text) - len(text[end:].lstrip())
    if rest < len(text):
        pieces.append(sub_chunk(chunk, rest, len(text), "TEXT"))
    return pieces


def split_section_headers(chunks: list[Chunk]) -> list[Chunk]:
    """``chunks`` (one paragraph's run) with each repeated section header made
    ``SECTION_HEADER`` chunks; the same list where there is none."""
    index = 0
    out = chunks
    while index < len(out):
        chunk = out[index]
        found = _SECTION_LINE.search(chunk[1]) if chunk[0] == "TEXT" and "SECTION" in chunk[1] else None
        if found is None or found.group(1) == "1":  # the first section's header is the cable's own
            index += 1
            continue
        first = _start(out, index, found.start())
        if first is None:
            index += 1
            continue
        last, end, has_subject = _end(out, index, found.start())
        final = out[last]
        following = out[last + 1:]
        tail = _subject_tail(final[1][end:].lstrip("\n")) if final[1][end:].strip() else 0
        if tail:  # a wrapped subject, on the next line of the same chunk
            end = len(final[1]) - len(final[1][end:].lstrip("\n")) + tail
        pieces = [c if c[0] != "TEXT" else (SECTION_HEADER, *c[1:]) for c in out[first:last]]
        cut = _cut(final, end)
        pieces.extend(cut)
        if len(cut) == 1 and not has_subject:
            # The header lost its SUBJECT line: the subject's wrapped end may
            # be the first prose after it, past page lines (00HARARE6677).
            at = next((i for i, c in enumerate(following) if c[0] != "PAGE_LINE"), len(following))
            tail = _subject_tail(following[at][1]) if at < len(following) and following[at][0] == "TEXT" else 0
            if tail:
                pieces.extend(following[:at])
                following = [*_cut(following[at], tail), *following[at + 1:]]
        out = [*out[:first], *pieces, *following]
        index = first + len(pieces)
    return out
