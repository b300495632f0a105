"""Cutting a REF block into more pieces, for variants whose posts separate items differently.

Why: the base grammar hands a REF list over as pieces of text (the REF line,
then one piece per lettered item line), and :mod:`cablelib.assemble` splits
each piece into items at letter bullets (``A.``, ``(B)``) and at the
separators every post uses (``;``, a colon before a citation).  Some posts
separate unlettered items in a way of their own — Hanoi's drafters followed
each item with its title in parentheses and went straight on to the next
(``HANOI 60 (FEW CHANGES ...)  HANOI 330 (...)``).  Left in one piece,
every cable id found in it gets the whole text as its own.  A variant cuts
the pieces at its own boundaries; assembly then treats each cut piece as it
treats an item line of its own, so letters, ids and spans keep working.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import attrs

from .. import module_patterns
from ..assemble import sub_span
from ..model import Span
from ..transform import RefBlock

__all__ = ["cut_pieces", "top_level_cuts", "keyword_end"]

_KEYWORD = module_patterns.compile(r"\s*(?i:(?:PROGRAM\s+)?REF(?:S|TELS?|\(S\))?)(?![A-Za-z])\s*:?")


def keyword_end(text: str) -> int:
    """Where the REF keyword of the first piece ends (0 when there is none)."""
    m = _KEYWORD.match(text)
    return m.end() if m else 0


def top_level_cuts(text: str, pattern: re.Pattern[str], start: int = 0) -> list[tuple[int, int]]:
    """``(end of item, start of next item)`` for every match of ``pattern`` outside parentheses."""
    cuts: list[tuple[int, int]] = []
    for m in pattern.finditer(text, start):
        if text.count("(", 0, m.start()) <= text.count(")", 0, m.start()):
            cuts.append((m.start(), m.end()))
    return cuts


def _cut(text: str, span: Span, cuts: Iterable[tuple[int, int]]) -> list[tuple[str, Span]]:
    pieces: list[tuple[str, Span]] = []
    begin = 0
    for end, next_begin in [*cuts, (len(text), len(text))]:
        chunk = text[begin:end]
        lead = len(chunk) - len(chunk.lstrip())
        stripped = chunk.strip()
        if stripped:
            a = begin + lead
            pieces.append((stripped, sub_span(text, span, a, a + len(stripped))))
        begin = next_begin
    return pieces


def cut_pieces(block: RefBlock, find_cuts: Callable[[str, int], list[tuple[int, int]]]) -> RefBlock:
    """``block`` with every piece cut where ``find_cuts(text, start)`` says.

    ``find_cuts`` gets a piece's text and where to start looking (after the
    REF keyword in the first piece) and returns ``(end, next_start)`` pairs.
    The first piece keeps its keyword, so assembly still strips it.
    """
    pieces: list[tuple[str, Span]] = []
    for index, (text, span) in enumerate(block.pieces):
        start = keyword_end(text) if index == 0 else 0
        cuts = find_cuts(text, start)
        if not cuts:
            pieces.append((text, span))
            continue
        pieces.extend(_cut(text, span, cuts))
    return attrs.evolve(block, pieces=tuple(pieces))
