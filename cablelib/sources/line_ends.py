"""Texts whose lines do not end in ``\\n``: old Mac CR, NEL, Unicode line separators.

Why: the grammar reads lines, and a line ends at ``\\n`` (``\\r\\n`` too).  A
file saved with classic Mac line ends (a lone CR), or converted from EBCDIC
(NEL, U+0085), or copied through a tool that wrote U+2028, has no ``\\n`` at
all: the whole cable was one line, and parsing it found nothing — no
envelope, no caption, one paragraph — without a word.

Rule: only a text with no ``\\n`` at all is changed, so every text with
ordinary line ends (including the cablegate pages that use U+2028 inside
lines, 08MEXICO2187) is left exactly as it is.  In such a text, each CR,
NEL, U+2028 and U+2029 becomes ``\\n``: one character for one, so offsets
do not move, and the text parsed (``Cable.source``) is the converted one,
whose ``\\n`` line numbers the spans use.  A ``line-ends`` diagnostic says
that it happened.  Checking costs one ``in`` scan that stops at the first
``\\n`` of an ordinary text.
"""

from __future__ import annotations

from cablelib.model import Diagnostic

__all__ = ["plain_line_ends"]

_LINE_ENDS = {"\r": "CR", "\x85": "NEL (U+0085)", "\u2028": "U+2028", "\u2029": "U+2029"}
_TABLE = str.maketrans({end: "\n" for end in _LINE_ENDS})


def plain_line_ends(text: str) -> tuple[str, Diagnostic | None]:
    """``text`` with its line ends as ``\\n`` if it had none, and the diagnostic saying so."""
    if "\n" in text:
        return text, None
    found = [name for end, name in _LINE_ENDS.items() if end in text]
    if not found:
        return text, None
    return text.translate(_TABLE), Diagnostic(
        "line-ends",
        f"the text has no \\n line ends; its {', '.join(found)} line ends were read as \\n "
        "(Cable.source has them as \\n)")
