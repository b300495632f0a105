"""Repairs of a whole input text before its container is read.

Both keep every character's offset and line (one character for one), and
each reports itself with a diagnostic; the repaired text is what is parsed
and what ``Cable.source`` holds.  Applied by :func:`cablelib.parse` and to
every file read (:func:`cablelib.sources.files.unwrap_bytes`).
"""

from __future__ import annotations

from cablelib.model import Diagnostic

from .line_ends import plain_line_ends
from .quote_marks import unquote

__all__ = ["fix_input"]


def fix_input(text: str) -> tuple[str, tuple[Diagnostic, ...]]:
    """``text`` with lines that end in ``\\n`` and no e-mail quote marks, and what was done."""
    notes: list[Diagnostic] = []
    for repair in (plain_line_ends, unquote):  # line ends first: unquote reads lines
        text, note = repair(text)
        if note is not None:
            notes.append(note)
    return text, tuple(notes)
