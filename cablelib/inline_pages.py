"""A page-break line run into a paragraph's text: cut out, kept as a ``page-break`` artefact.

Why: a telegram printed on several pages has a page line at the top of each
page after the first, ``TOKYO 00005492 002.2 OF 010`` (the post, cut to ten
characters, the serial in eight digits, the page and the page count).  On
its own line the grammar reads it as a page break (``PAGE_LINE``).  Pages
whose line breaks were lost run it into the prose instead: "... the CM
expressed satisfaction with having a Frito-Lay factory in the state.
Bhattacharjee KOLKATA 00000331 002 OF 002 added that educational
cooperation ..." (07KOLKATA331), and so eight times in 07TOKYO5492 and
09MOSCOW2932.  Read as prose, it put the page line in the middle of a
sentence.

How: the page line is looked for only in the shape this cable's own page
lines have: the post of its classification line (cut to ten characters,
``USUN NEW Y`` for USUN NEW YORK) or of a page line the grammar found on a
line of its own, followed by that line's serial in eight digits, the page
number (``002`` or ``002.2``) and ``OF`` with the count, blanks around
it.  Most cables hold their serial in eight digits only on their page lines
of their own, or nowhere: a search of the whole text decides that, and only
otherwise are the paragraphs searched, each with a C-speed ``in`` for the
post and serial as its squeezed text writes them.  The page line is cut
from the paragraph's text (the words around it joined by one space) and
becomes a ``page-break`` artefact with its span; where it ended the
paragraph ("... out of Libya. TRIPOLI 00000359 002 OF 002", 09TRIPOLI359),
the paragraph's span ends before it.  Both the text and the source must
hold the same number of such lines, or the paragraph is left as it is.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from . import module_patterns
from .model import Artefact, ClassificationLine, Paragraph, evolve, make_artefact, make_span, span_at

__all__ = ["PAGE_BREAK", "cut_inline_pages", "page_line_keys"]

PAGE_BREAK = "page-break"
"""The artefact kind of a page-break line (the grammar's ``PAGE_LINE`` gives the same)."""

_POST_WIDTH = 10
"""Page lines cut the post's name to ten characters (``OUAGADOUGO``, ``USUN NEW Y``)."""

# A page line on a line of its own, as the grammar found it: the post, the
# serial in eight digits (group 2), the page and the count.
_WHOLE_LINE = module_patterns.compile(r"[ \t]*([A-Z][A-Z.'()\/-]*(?:[ \t]+[A-Z.'()\/-]+)*?)[ \t]+(\d{8})[ \t]+\d{3}")


def page_line_keys(line: ClassificationLine | None, artefacts: Iterable[Artefact]) -> dict[str, set[str]]:
    """The serials (eight digits) this cable's page lines may carry, each with its posts as
    page lines write them: from the classification line and from the page-break
    lines found on lines of their own."""
    keys: dict[str, set[str]] = {}
    if line is not None and line.post and line.serial is not None:
        keys.setdefault(f"{line.serial:08d}", set()).add(" ".join(line.post[:_POST_WIDTH].split()))
    for artefact in artefacts:
        if artefact.kind == PAGE_BREAK:
            m = _WHOLE_LINE.match(artefact.text)
            if m is not None:
                keys.setdefault(m.group(2), set()).add(" ".join(m.group(1).split()))
    return keys


@functools.lru_cache(maxsize=256)
def _pattern(post: str, serial: str) -> re.Pattern[str]:
    """The page line of ``post`` and ``serial`` in a text, a blank or the text's end after
    it (:func:`_found` checks for a blank before it).

    It opens with the post's letters, not with a lookbehind, so that ``re`` looks
    for them with a fast literal search: a lookbehind first made it try the whole
    pattern at every character (36.6 against 1.6 µs for the text and source of a
    paragraph to cut, 1,347 characters on average).  Cached here: ``re``'s own
    cache is shared with every other caller in the process.
    """
    words = r"\s+".join(re.escape(word) for word in post.split())
    return re.compile(rf"{words}\s+{serial}\s+\d{{3}}(?:\.\d+)?\s+OF\s+\d{{3}}(?!\S)")


def _found(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[re.Match[str]]:
    """The matches of ``pattern`` in ``text[start:end]`` after a blank or at the text's start."""
    return [m for m in pattern.finditer(text, start, end) if not m.start() or text[m.start() - 1].isspace()]


def cut_inline_pages(paragraphs: Sequence[Paragraph], source: str, line: ClassificationLine | None,
                     artefacts: Sequence[Artefact], found: list[Artefact]) -> tuple[Paragraph, ...]:
    """``paragraphs`` with the page lines run into their text cut out; their
    ``page-break`` artefacts are appended to ``found``.  ``line`` is the cable's
    classification line, ``artefacts`` those the grammar found (its page lines
    on lines of their own among them)."""
    # The page lines on lines of their own: the grammar's, not in any paragraph's text.
    pages = [a for a in artefacts if a.kind == PAGE_BREAK and a.span is not None]
    keys = page_line_keys(line, pages)
    # Most cables hold their serial in eight digits nowhere, or no more often than
    # those lines do: a C-speed search of the text (a count only where it is
    # there) spares a look at each paragraph.
    keys = {serial: posts for serial, posts in keys.items()
            if serial in source and source.count(serial) > sum(serial in a.text for a in pages)}
    if not keys:
        return paragraphs if isinstance(paragraphs, tuple) else tuple(paragraphs)
    whole = frozenset(a.span.start for a in pages)  # type: ignore[union-attr]
    # A paragraph's text has its blanks squeezed, so the post and the serial stand there
    # as "KOLKATA 00000331": a C-speed ``in`` finds the paragraphs to cut.
    needles = [(f"{post} {serial}", post, serial) for serial, posts in keys.items() for post in sorted(posts)]
    out = list(paragraphs)
    for index, paragraph in enumerate(out):
        for needle, post, serial in needles:
            if needle in paragraph.text:
                out[index] = paragraph = _cut(paragraph, source, _pattern(post, serial), whole, found)
    return tuple(out)


def _cut(paragraph: Paragraph, source: str, pattern: re.Pattern[str], whole: frozenset[int],
         found: list[Artefact]) -> Paragraph:
    text, span = paragraph.text, paragraph.span
    in_text = _found(pattern, text, 0, len(text))
    if not in_text or span is None:
        return paragraph
    in_source = [m for m in _found(pattern, source, span.start, span.end) if m.start() not in whole]
    if len(in_source) != len(in_text):
        return paragraph
    pieces = []
    at = 0
    for m in in_text:
        pieces.append(text[at:m.start()].strip())
        at = m.end()
    pieces.append(text[at:].strip())
    new_text = " ".join(piece for piece in pieces if piece)
    if not new_text:  # nothing but page lines: not a paragraph this module made
        return paragraph
    found.extend(make_artefact(PAGE_BREAK, m.group(), span_at(source, m.start(), m.end())) for m in in_source)
    start, end = span.start, span.end
    if not pieces[-1]:  # the paragraph ended with a page line: its span ends before it
        end = in_source[-1].start()
        while end > start and source[end - 1].isspace():
            end -= 1
    if not pieces[0]:  # it opened with one: its span starts after it
        start = in_source[0].end()
        while start < end and source[start].isspace():
            start += 1
        return evolve(paragraph, text=new_text, span=span_at(source, start, end))
    return evolve(paragraph, text=new_text, span=make_span(start, end, span.line, span.column))
