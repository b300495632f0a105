"""Where a line of rendered text may break: wrapping that the parser reads back.

Why a module of its own: a paragraph's text is wrapped at 70 columns, but a
break in the wrong place changes what the grammar reads (a line that starts
with a paragraph number opens a new paragraph, a line of dashes underlines
the line above, a last line ending like ``---- TITLE ----`` is a heading).
:func:`wrap` tries layouts from the most careful to the plainest and keeps
the first that the variant's own terminal (``PARA`` for a numbered
paragraph, ``TEXT`` for prose) still reads as one token; the one-line form
always does.  :mod:`cablelib.render` uses it for the body and re-exports it.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Sequence

from . import module_patterns
from .fields.body import INLINE_HEADING_AT_END

__all__ = ["wrap", "WIDTH", "variant_terminal", "reads_as_one"]

WIDTH = 70
"""Column at which paragraph text is wrapped (the seed's width)."""


@functools.cache
def variant_terminal(variant: str, name: str) -> re.Pattern[str] | None:
    """The variant's own terminal ``name`` (PARA, TEXT, SIGNATURE), compiled."""
    from .registry import get_variant

    try:
        terminals = get_variant(variant).parser().terminals
    except Exception:  # noqa: BLE001 - an unknown variant
        return None
    return next((re.compile(t.pattern.to_regexp()) for t in terminals if t.name == name), None)


_BARE_NUMBER_HEAD = module_patterns.compile(r"\d{1,2}\. $")


def wrap(head: str, text: str, variant: str = "generic", width: int = WIDTH) -> str:
    """``head + text`` broken into lines of at most ``width`` columns.

    A break is kept only if the variant's own prose terminal still reads the
    wrapped text as one chunk (a line that would start a new paragraph, look
    like a page-break line or an underlined heading is never made); if it
    does not, the paragraph stays on one line.  A numbered paragraph must be
    read as one (PARA), an unnumbered one as prose (TEXT).

    No line starts with a run of dashes (alone on its line it would underline
    the line above) or a paragraph number.  Text that ends like a heading run
    onto a paragraph (``... END NOTE.) ------ TITLE ------``) is broken before
    the title, even when it is short, so that its last line is not read as
    such a heading.  A bare number whose text does not let it open a
    paragraph (``4. 9 . Comment``) stands on a line of its own.
    """
    whole = head + text
    pattern = variant_terminal(variant, "PARA" if head.lstrip("¶")[:1].isdigit() else "TEXT")
    if pattern is None:
        return whole
    candidates = _layouts(whole, width)
    if _BARE_NUMBER_HEAD.match(head):
        candidates = itertools.chain(candidates, (head.rstrip() + "\n" + layout for layout in _layouts(text, width)))
    for candidate in candidates:
        # Checked with the line end that follows it in the rendering: a last
        # line "3." is a paragraph number only when a line end comes after it.
        if INLINE_HEADING_AT_END.search(candidate) is None and reads_as_one(
                pattern, candidate + "\n", len(candidate)):
            return candidate
    return whole


def _layouts(text: str, width: int) -> Iterator[str]:
    """``text`` on one line if it fits, else filled carefully, then plainly; then on one line."""
    run_on = INLINE_HEADING_AT_END.search(text)
    if len(text) <= width and run_on is None:
        yield text
        return
    words = text.split(" ")
    forced = len(text[:run_on.start(1)].split(" ")) - 1 if run_on is not None else None
    yield "\n".join(_greedy_lines(words, width, forced, careful=True))
    yield "\n".join(_greedy_lines(words, width, forced, careful=False))
    yield text


# Words a careful wrapping does not put at the start of a line: a dash run
# (alone on its line it underlines the line above) and a paragraph number.
_NO_LINE_START = module_patterns.compile(r"---|¶?\d{1,2}\.")


def _greedy_lines(words: Sequence[str], width: int, forced: int | None, careful: bool) -> list[str]:
    """``words`` filled into lines of ``width`` columns, with a break before
    word ``forced``.  A careful filling does not start a line with a word
    that ``_NO_LINE_START`` matches: the word before it moves down with it
    (or, if it cannot, the line runs over)."""
    def can_start(word: str) -> bool:
        return not (careful and _NO_LINE_START.match(word))

    lines: list[str] = []
    line: list[str] = []
    size = 0
    for index, word in enumerate(words):
        if line and index == forced:
            lines.append(" ".join(line))
            line, size = [word], len(word)
        elif line and size + 1 + len(word) > width:
            if can_start(word):
                lines.append(" ".join(line))
                line, size = [word], len(word)
            elif len(line) > 1 and can_start(line[-1]) and (forced is None or index - 1 != forced):
                carried = line.pop()
                lines.append(" ".join(line))
                line = [carried, word]
                size = len(carried) + 1 + len(word)
            else:
                line.append(word)
                size += 1 + len(word)
        else:
            line.append(word)
            size += len(word) + (1 if len(line) > 1 else 0)
    lines.append(" ".join(line))
    return lines


def reads_as_one(pattern: re.Pattern[str], text: str, end: int | None = None) -> bool:
    """Whether ``pattern`` reads ``text`` up to ``end`` (its end) as one token."""
    m = pattern.match(text)
    return m is not None and m.end() == (len(text) if end is None else end)
