"""Paragraphs run together on one line: split where the next number stands.

Why: some pages hold the whole text with its line breaks lost, paragraphs
and all ("... Foreign Minister Kinga Goncz. 2. (C) Hamikus said that ...",
08BUDAPEST807), and the grammar sees a paragraph only where a line starts.
The paragraph before it then holds the next one, and the numbering has a
gap (1, 3) or stops early.  Where it has one, the paragraph before the gap
is read for the missing number written as a paragraph head — ``N.``, its
classification mark in parentheses, after a blank (``split_para_head``
accepts the mark) — and split there, its span too.  A number that the
numbering already has is never looked for, so a quoted ``2. (C)`` beside a
real paragraph 2 stays text.  Where no ``N + 1`` is found, up to three numbers
further on are looked for, each only after a sentence's end: a page that
lost paragraphs 6 and 7 runs "... by Colombian guerrillas. 8. (C) COMMENT:"
onto paragraph 5 (09CARACAS1333).

A heading may stand before the number on its line ("... Amorim said.",
blank line, "HAITI 5. (SBU) Affirming ...", 05BRASILIA715): a title (upper
case, :func:`~cablelib.fields.body.is_title`) that opens the line, after a
sentence's end, is the new paragraph's heading, kept as a ``heading``
artefact, and not the end of the paragraph before.
"""

from __future__ import annotations

from collections.abc import Sequence

from .fields.body import ends_sentence, is_title, split_para_head
from .fields.envelope import squeeze
from .model import Artefact, Paragraph, evolve, make_artefact, make_span, span_at

__all__ = ["split_run_together"]


def _head_at(text: str, number: int, start: int = 0, end: int | None = None, after_sentence: bool = False) -> int:
    """Where ``number`` stands as a paragraph head after a blank (or a pilcrow) in
    ``text[start:end]``, with its mark (and, with ``after_sentence``, after a
    sentence's end); -1 if nowhere."""
    if end is None:
        end = len(text)
    written = f"{number}."
    at = text.find(written, start, end)
    while at >= 0:
        before = text[at - 1] if at else ""
        if before.isspace() or before == "¶":
            found, marking, _rest = split_para_head(text[at:min(at + 40, end)])
            if found == number and marking is not None and (
                    not after_sentence or ends_sentence(text[max(start, at - 80):at])):
                return at
        at = text.find(written, at + 1, end)
    return -1


def _heading_before(source: str, start: int, where: int) -> tuple[int, int, str] | None:
    """``(start, end, title)`` of a heading just before the paragraph head at
    ``where``, after a sentence's end (not before ``start``): a title in upper
    case that opens the head's line, or a title line above a line whose only
    text before the head is the title's underline ("Background on Imprisoned
    American Citizens", blank line, "------ 6. (U) Since July 31 ...",
    09STATE118094)."""
    line_start = source.rfind("\n", start, where) + 1
    if line_start == 0:
        return None
    before = source[line_start:where]
    title = before.strip()
    if title and len(title) >= 3 and not title.strip("-"):
        # The underline: the title is the line above it, past blank lines.
        above_end = len(source[start:line_start].rstrip()) + start
        above_start = source.rfind("\n", start, above_end) + 1
        if above_start == 0:
            return None
        title = source[above_start:above_end].strip()
        if not is_title(title) or not ends_sentence(source[max(start, above_start - 80):above_start]):
            return None
        first = above_start + len(source[above_start:above_end]) - len(source[above_start:above_end].lstrip())
        return first, line_start + len(before.rstrip()), title
    if not title or not title.isupper() or not is_title(title):
        return None
    if not ends_sentence(source[max(start, line_start - 80):line_start]):
        return None
    first = line_start + len(before) - len(before.lstrip())
    return first, first + len(title), title


def _split(paragraph: Paragraph, number: int, source: str,
           after_sentence: bool = False) -> tuple[Paragraph, Paragraph, Artefact | None] | None:
    """``paragraph`` and paragraph ``number`` run into it, with the heading artefact
    of the second, or ``None``; ``after_sentence``: only a head after a sentence's end."""
    text = paragraph.text
    span = paragraph.span
    at = _head_at(text, number, after_sentence=after_sentence)
    if at < 0 or span is None:
        return None
    where = _head_at(source, number, span.start, span.end, after_sentence)
    if where < 0:
        return None
    _found, marking, rest = split_para_head(text[at:])
    heading: Artefact | None = None
    title: str | None = None
    before = _heading_before(source, span.start, where)
    end = where  # the first part ends at its last character before the blanks (and the heading)
    cut = at
    if before is not None and text[:at].rstrip().endswith(squeeze(source[before[0]:before[1]])):
        title_start, title_end, written = before
        heading = make_artefact("heading", source[title_start:title_end], span_at(source, title_start, title_end))
        title = squeeze(written)
        end = title_start
        cut = len(text[:at].rstrip()) - len(squeeze(source[title_start:title_end]))
    while end > span.start and source[end - 1] in " \t\r\n¶":
        end -= 1
    first = evolve(paragraph, text=text[:cut].rstrip(), span=make_span(span.start, end, span.line, span.column))
    second = Paragraph(number, marking, title, rest, span=span_at(source, where, span.end))
    return first, second, heading


_SKIPPED = 3
"""How many missing numbers a head run onto a paragraph may follow (09CARACAS1333's page
lost paragraphs 6 and 7: its "8. (C)" stands in paragraph 5)."""


def split_run_together(paragraphs: Sequence[Paragraph], source: str,
                       headings: list[Artefact] | None = None) -> tuple[Paragraph, ...]:
    """``paragraphs`` with each one that holds the next, missing, number split there;
    the headings found before such numbers are appended to ``headings``."""
    numbers = {p.number for p in paragraphs if p.number is not None}
    out: list[Paragraph] = []
    last: int | None = None  # the number of the last numbered paragraph
    for paragraph in paragraphs:
        if paragraph.number is not None:
            last = paragraph.number
        # An unnumbered paragraph after paragraph N (a titled block) may hold N + 1 too.
        while last is not None and last + 1 not in numbers:
            parts = None
            number = last + 1
            # N + 1 first; then, past numbers the page lost, up to _SKIPPED
            # more, each only after a sentence's end and short of a number
            # the numbering has ("... by Colombian guerrillas. 8. (C) COMMENT:"
            # after paragraph 5, 09CARACAS1333).
            while number <= last + 1 + _SKIPPED and number not in numbers:
                parts = _split(paragraph, number, source, after_sentence=number > last + 1)
                if parts is not None:
                    break
                number += 1
            if parts is None:
                break
            out.append(parts[0])
            paragraph = parts[1]
            if parts[2] is not None and headings is not None:
                headings.append(parts[2])
            numbers.add(number)
            last = number
        out.append(paragraph)
    return tuple(out)
