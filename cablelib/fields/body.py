"""Splitting body tokens: paragraph heads, headings, the signature, the summary."""

from __future__ import annotations

import re

from .envelope import squeeze

__all__ = ["split_para_head", "join_lines", "heading_text", "split_signers", "find_summary"]

_HEAD = re.compile(r"^¶?\s*(\d{1,2})\.\s*(?:\(([^)\n]{1,20})\)\s*)?")
_MARK_OK = re.compile(r"^[A-Z]{1,4}(?:\s*/{1,2}\s*[A-Z]+(?:\s+[A-Z]+)*)*$")


def split_para_head(text: str) -> tuple[int, str | None, str]:
    """``7. (SBU) Although ...`` → ``(7, 'SBU', 'Although ...')``."""
    m = _HEAD.match(text)
    if m is None:  # the grammar only hands over paragraph heads
        return 0, None, text
    marking = m.group(2)
    if marking is not None:
        marking = squeeze(marking).upper()
        if not _MARK_OK.match(marking):
            return int(m.group(1)), None, text[m.end(1) + 1:].lstrip()
    return int(m.group(1)), marking, text[m.end():]


def join_lines(text: str) -> str:
    """Lines joined by one space, runs of spaces squeezed, pilcrows dropped."""
    return squeeze(text.replace("¶", " "))


_DASHES = re.compile(r"^[\s-]*$")


def heading_text(token: str) -> str:
    """The title of a heading token: the first line that is not all dashes.

    ``Improved Courts / -----``, ``----- / SUMMARY / -----`` and the inline
    ``-------- Training --------`` all give their title.
    """
    for line in token.split("\n"):
        if not _DASHES.match(line):
            return squeeze(line.strip().strip("-"))
    return ""


_SIGNER_SPLIT = re.compile(r"\s*(?:/|,|&|\bAND\b|\s{2,})\s*")


def split_signers(token: str) -> tuple[str, ...]:
    """Surnames on the signature line: ``MUSSOMELI`` → ``('MUSSOMELI',)``."""
    first = token.strip().split("\n", 1)[0].strip()
    return tuple(n for n in _SIGNER_SPLIT.split(first.upper()) if n)


_SUMMARY = re.compile(
    r"(?is)\b(?:BEGIN\s+)?SUMM?A?RY(?:\s+AND\s+(?:COMMENT|ACTION\s+REQUEST))?\s*[:.\-]+\s*(.*?)\s*"
    r"\bEND\s+(?:OF\s+)?SUMM?A?RY\b")
_PARA_MARK = re.compile(r"\s\d{1,2}\.\s*\([A-Z/ ]{1,12}\)\s*")


def find_summary(paragraph_texts: list[str]) -> str | None:
    """The text between ``SUMMARY:`` and ``END SUMMARY``, joined and squeezed."""
    joined = " ".join(paragraph_texts)
    m = _SUMMARY.search(joined)
    if m is None:
        return None
    text = squeeze(_PARA_MARK.sub(" ", " " + m.group(1)))
    return text or None
