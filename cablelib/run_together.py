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


def _head_at(text: str, number: int, start: int = 0) -> int:
    """Where ``number`` stands as a paragraph head after a blank (or a pilcrow) in
    ``text`` from ``start``, with its mark; -1 if nowhere."""
    written = f"{number}."
    at = text.find(written, start)
    while at >= 0:
        before = text[at - 1] if at else ""
        if before.isspace() or before == "¶":
            found, marking, _rest = split_para_head(text[at:at + 40])
            if found == number and marking is not None:
                return at
        at = text.find(written, at + 1)
    return -1


def _split(paragraph: Paragraph, source: str) -> tuple[Paragraph, Paragraph] | None:
    """``paragraph`` and the next one run into it, or ``None``."""
    assert paragraph.number is not None
    number = paragraph.number + 1
    text = paragraph.text
    at = _head_at(text, number)
    span = paragraph.span
    if at < 0 or span is None:
        return None
    where = _head_at(source[:span.end], number, span.start)
    if where < 0:
        return None
    found, marking, rest = split_para_head(text[at:])
    end = len(source[:where].rstrip(" \t\r\n¶"))
    line = source.count("\n", 0, where) + 1
    column = where - source.rfind("\n", 0, where)
    first = evolve(paragraph, text=text[:at].rstrip(), span=make_span(span.start, end, span.line, span.column))
    second = Paragraph(found, marking, None, rest, span=make_span(where, span.end, line, column))
    return first, second


def split_run_together(paragraphs: Sequence[Paragraph], source: str) -> tuple[Paragraph, ...]:
    """``paragraphs`` with each one that holds the next, missing, number split there."""
    numbers = {p.number for p in paragraphs if p.number is not None}
    out: list[Paragraph] = []
    for paragraph in paragraphs:
        while paragraph.number is not None and paragraph.number + 1 not in numbers:
            parts = _split(paragraph, source)
            if parts is None:
                break
            out.append(parts[0])
            paragraph = parts[1]
            numbers.add(paragraph.number)
        out.append(paragraph)
    return tuple(out)
