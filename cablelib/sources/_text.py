"""Small text helpers shared by the verbatim containers.

Why blanking and not cutting: the grammar reports positions (offset, line,
column) in the text it parses.  If the containers layer cut the wrapper off,
every position would be shifted against the file the user has open in an
editor.  Replacing the wrapper characters by spaces while keeping ``\\n`` and
``\\r`` keeps ``len(text) == len(input)`` and every line and column unchanged;
the grammar simply skips the blank lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from .. import module_patterns

__all__ = ["blank_prefix", "iter_lines", "clean"]

_NOT_LINE_BREAK = module_patterns.compile(r"[^\r\n]")


def blank_prefix(text: str, end: int) -> str:
    """``text`` with every character before ``end`` except CR and LF made a space."""
    if end <= 0:
        return text
    return _NOT_LINE_BREAK.sub(" ", text[:end]) + text[end:]


def iter_lines(text: str, start: int = 0) -> Iterator[tuple[int, int, int]]:
    """Yield ``(start, end, next_start)`` for each line from ``start`` on.

    ``end`` excludes the line break (LF, or CR LF); ``next_start`` is where
    the following line begins.  The lines are produced lazily, so a caller
    that only looks at the first few lines of a huge text pays for those only.
    """
    n = len(text)
    pos = start
    while pos < n:
        nl = text.find("\n", pos)
        if nl < 0:
            yield pos, n, n
            return
        end = nl - 1 if nl > pos and text[nl - 1] == "\r" else nl
        yield pos, end, nl + 1
        pos = nl + 1


def clean(value: str) -> str:
    """A wrapper value without no-break spaces and surrounding blanks.

    Page-text exports pad labels and values with U+00A0; the metadata itself
    never contains one, so they become plain spaces and the ends are
    stripped.  Spaces inside the value are kept as written
    (``AFGHANISTAN:  THE ENIGMATIC ...``).  A byte-order mark left at the start
    of a text is dropped too.
    """
    return value.replace("\xa0", " ").replace("\ufeff", "").strip()
