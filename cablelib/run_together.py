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
real paragraph 2 stays text.
"""

from __future__ import annotations

from collections.abc import Sequence

from .fields.body import split_para_head
from .model import Paragraph, evolve, make_span

__all__ = ["split_run_together"]


def _head_at(text: str, number: int, start: int = 0, end: int | None = None) -> int:
    """Where ``number`` stands as a paragraph head after a blank (or a pilcrow) in
    ``text[start:end]``, with its mark; -1 if nowhere."""
    if end is None:
        end = len(text)
    written = f"{number}."
    at = text.find(written, start, end)
    while at >= 0:
        before = text[at - 1] if at else ""
        if before.isspace() or before == "¶":
            found, marking, _rest = split_para_head(text[at:min(at + 40, end)])
            if found == number and marking is not None:
                return at
        at = text.find(written, at + 1, end)
    return -1


def _split(paragraph: Paragraph, number: int, source: str) -> tuple[Paragraph, Paragraph] | None:
    """``paragraph`` and paragraph ``number`` run into it, or ``None``."""
    text = paragraph.text
    span = paragraph.span
    at = _head_at(text, number)
    if at < 0 or span is None:
        return None
    where = _head_at(source, number, span.start, span.end)
    if where < 0:
        return None
    _found, marking, rest = split_para_head(text[at:])
    end = where  # the first part ends at its last character before the blanks
    while end > span.start and source[end - 1] in " \t\r\n¶":
        end -= 1
    line = source.count("\n", 0, where) + 1
    column = where - source.rfind("\n", 0, where)
    first = evolve(paragraph, text=text[:at].rstrip(), span=make_span(span.start, end, span.line, span.column))
    second = Paragraph(number, marking, None, rest, span=make_span(where, span.end, line, column))
    return first, second


def split_run_together(paragraphs: Sequence[Paragraph], source: str) -> tuple[Paragraph, ...]:
    """``paragraphs`` with each one that holds the next, missing, number split there."""
    numbers = {p.number for p in paragraphs if p.number is not None}
    out: list[Paragraph] = []
    for paragraph in paragraphs:
        while paragraph.number is not None and paragraph.number + 1 not in numbers:
            parts = _split(paragraph, paragraph.number + 1, source)
            if parts is None:
                break
            out.append(parts[0])
            paragraph = parts[1]
            numbers.add(paragraph.number)
        out.append(paragraph)
    return tuple(out)
