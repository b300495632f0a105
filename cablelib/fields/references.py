"""REF lists: splitting items, typing them, and resolving cable ids.

The grammar hands over the REF block as text (the REF line and any lettered
item lines); this module splits it into items (``A.``, ``A)``, ``(A)``,
``[A]``), types each item, and turns cable citations (``STATE 178111``,
``06 TBILISI 2601``, ``BRASILIA 2799 AND 2764``) into canonical ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..ids import _stations, canonical_id, station_key, two_digit_year
from .envelope import squeeze

__all__ = ["RefItem", "split_items", "cite_ids", "item_kind"]

# A bullet at the start of the text, or after whitespace or ';'.
_BULLET = re.compile(r"(?:^|(?<=[\s;]))¶?(?:\(([A-Z])\)|\[([A-Z])\]|([A-Z])[.):])(?=\s)")

RefItem = tuple[str | None, str, int, int]  # letter, text, start, end (offsets in the block)


def split_items(text: str) -> Iterator[RefItem]:
    """Items of a REF block as (letter, text, start, end), in order."""
    bullets = list(_BULLET.finditer(text))
    if not bullets:
        stripped = text.strip()
        if stripped:
            start = text.find(stripped)
            yield None, stripped, start, start + len(stripped)
        return
    head = text[: bullets[0].start()].strip()
    if head:
        start = text.find(head)
        yield None, head, start, start + len(head)
    for i, m in enumerate(bullets):
        end = bullets[i + 1].start() if i + 1 < len(bullets) else len(text)
        body = text[m.end():end]
        stripped = body.strip()
        letter = m.group(1) or m.group(2) or m.group(3)
        lead = len(body) - len(body.lstrip())
        yield letter, stripped, m.start(), m.end() + lead + len(stripped)


_WORD = r"[A-Za-z0-9][A-Za-z'.-]*"
_CITE = re.compile(
    r"(?:(?<![A-Za-z0-9])(?P<year>(?:19|20)\d{2}|\d{2}|\(\d{2}\))\s+)?"
    r"(?P<post>" + _WORD + r"(?:\s+" + _WORD + r"){0,3}?)\s+(?P<serial>\d{1,6})(?![\d/])"
    r"(?P<more>(?:\s*(?:,|AND|and|&)\s*\d{1,6}(?![\d/]))*)"
)
_COMPACT = re.compile(r"(?<![A-Za-z0-9])(\d{2}|\d{4})-?([A-Z]{3,})-?(\d{1,6})(?![\d])")
_MORE = re.compile(r"\d{1,6}")


def _station(post: str) -> str | None:
    """The station for a post as written, trying shorter word suffixes."""
    words = post.split()
    stations = _stations()
    for i in range(len(words)):
        key = station_key(" ".join(words[i:]).replace("0", "O"))
        if key in stations:
            return key
    return None


def cite_ids(text: str, year: int | None) -> list[str | None]:
    """Canonical ids of every cable an item cites, in order.

    A citation without a year when no year is known gives ``None``: the item
    is still a cable reference, but its id cannot be told.
    """
    ids: list[str | None] = []
    for m in _COMPACT.finditer(text):
        if _station(m.group(2)):
            ids.append(canonical_id(m.group(1) + m.group(2) + m.group(3)))
    if ids:
        return ids
    for m in _CITE.finditer(text):
        station = _station(m.group("post"))
        if station is None:
            continue
        y = m.group("year")
        yy = two_digit_year(y.strip("()")) if y else two_digit_year(year) if year is not None else None
        for serial in [m.group("serial"), *_MORE.findall(m.group("more") or "")]:
            ids.append(canonical_id(f"{yy}{station}{int(serial)}") if yy else None)
    return ids


_KINDS = (
    ("email", re.compile(r"(?i)\be-?mails?\b")),
    ("telcon", re.compile(r"(?i)\b(?:telcons?|telecons?|phone|telephone)\b")),
    ("fax", re.compile(r"(?i)\bfax\b")),
    ("memo", re.compile(r"(?i)\b(?:memo|memorandum)\b")),
    ("meeting", re.compile(r"(?i)\b(?:meeting|mtg)\b")),
    ("web", re.compile(r"(?i)https?://|www\.")),
    ("report", re.compile(r"(?i)\b(?:OSC|IIR|TD-\d|report)\b")),
    ("book", re.compile(r"(?i)\b(?:FAM|FAH|book)\b")),
)


def item_kind(text: str, has_cable: bool) -> str:
    """The kind of a REF item: ``cable`` when it cites a cable, else by keyword."""
    if has_cable:
        return "cable"
    for kind, regex in _KINDS:
        if regex.search(text):
            return kind
    return "other"


def clean_item_text(text: str) -> str:
    return squeeze(text).rstrip(";,")
