"""Splitting body tokens: paragraph heads, headings, the signature, the summary."""

from __future__ import annotations

import re

from .envelope import squeeze

__all__ = ["split_para_head", "join_lines", "heading_text", "split_signers", "find_summary"]

_HEAD = re.compile(r"^¶?\s*(\d{1,2})\.(?:\s*\d{1,2}\.(?=\s))?\s*(?:\(([^)\n]{1,20})\)\s*)?")
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
            return int(m.group(1)), None, text[m.start(2) - 1:].lstrip()
    return int(m.group(1)), marking, text[m.end():]


_PAGE_FOOT = re.compile(r"\s+(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\s*$")


def strip_page_foot(chunk: str) -> str:
    """A prose chunk without the classification word that ends a printed page."""
    return _PAGE_FOOT.sub("", chunk)


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
    """Surnames on the signature line, upper case.

    ``MUSSOMELI`` → ``('MUSSOMELI',)``; ``KEEGAN/PAAL`` → two names;
    ``van Voorst`` → ``('VAN VOORST',)``.
    """
    first = token.strip().split("\n", 1)[0].strip().rstrip("\\ .")
    names: dict[str, None] = {}
    for name in _SIGNER_SPLIT.split(first.upper()):
        if name:
            names.setdefault(name, None)
    words = first.upper().split()
    if len(words) == 2 and words[0] == words[1]:  # "SHANNON Shannon": one signer written twice
        return (words[0],)
    return tuple(names)


# "... END COMMENT. NICHOLSON" — media-partner copies put the signature on
# the last line of the last paragraph.
_INLINE_SIGNER = re.compile(
    r"(?:(?<=[.!?\"'”)\]/])|(?<=\bComment)|(?<=\bCOMMENT))\s+((?:[A-Z][A-Z'\-]{2,}(?:\s+(?:/\s*)?[A-Z][A-Za-z'\-]{2,})?)|[A-Z][a-z][A-Za-z'\-]+)[\s\\.]*$")
_NOT_NAMES = frozenset({"END", "COMMENT", "SUMMARY", "SIPDIS", "NOFORN", "BT", "NNNN", "UNCLASSIFIED",
                        "CONFIDENTIAL", "SECRET", "THANKS", "REGARDS"})


def trailing_signer(text: str) -> tuple[tuple[str, ...], int] | None:
    """A signature run on at the end of a paragraph's text: the names and where they start."""
    text = _PAGE_FOOT.sub("", text)  # "... PATTERSON SECRET": the classification word trails
    m = _INLINE_SIGNER.search(text[-80:])
    if m is None:
        return None
    names = split_signers(m.group(1))
    if not names or any(n in _NOT_NAMES for n in names):
        return None
    return names, len(text) - 80 + m.start() if len(text) > 80 else m.start()


_SUMMARY_START = re.compile(
    r"(?i)\b(?:BEGIN\s+SUMM?A?RY\b[:.\-]*|SUMM?A?RY(?:\s+AND\s+(?:COMMENT|ACTION\s+REQUEST|INTRODUCTION))?\s*[:.\-]+)")
_SUMMARY_END = re.compile(r"(?i)\bEND\s+(?:OF\s+)?SUMM?A?RY\b(?:\s+AND\s+COMMENT)?[.:]?")
_SUMMARY_HEADING = re.compile(r"(?i)^summ?a?ry\b")
_PARA_MARK = re.compile(r"\s\d{1,2}\.\s*\([A-Z/ ]{1,12}\)\s*")


def find_summary(paragraphs: list[tuple[str | None, str]]) -> str | None:
    """The summary: from ``SUMMARY:`` / ``BEGIN SUMMARY`` / a ``SUMMARY``
    heading to ``END SUMMARY``, joined and squeezed, markers removed.

    ``paragraphs`` are (heading, text) pairs.  A summary may span several
    paragraphs; without an END SUMMARY it is the paragraph it starts in (or,
    under a heading, the paragraphs up to the next heading).
    """
    for index, (heading, text) in enumerate(paragraphs):
        start = _SUMMARY_START.search(text[:200])
        under_heading = heading is not None and _SUMMARY_HEADING.match(heading)
        if start is None and not under_heading:
            continue
        begin = start.end() if start else 0
        parts: list[str] = []
        for offset, (next_heading, next_text) in enumerate(paragraphs[index:]):
            if offset and next_heading is not None:
                break
            chunk = next_text[begin:] if offset == 0 else next_text
            end = _SUMMARY_END.search(chunk)
            if end is not None:
                parts.append(chunk[: end.start()])
                break
            parts.append(chunk)
            if not under_heading:
                # Without a heading a summary runs on only until END SUMMARY.
                if not any(_SUMMARY_END.search(t) for _, t in paragraphs[index + offset + 1: index + 4]):
                    break
        summary = squeeze(_PARA_MARK.sub(" ", " " + " ".join(parts)))
        return summary or None
    # "END SUMMARY" with no start: the text before it, in the first paragraphs.
    for index, (_heading, text) in enumerate(paragraphs[:3]):
        end = _SUMMARY_END.search(text)
        if end is not None:
            before = [t for _, t in paragraphs[:index]] + [text[: end.start()]]
            return squeeze(" ".join(before)) or None
    return None
