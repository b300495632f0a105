"""REF lists: splitting items, typing them, and resolving cable ids.

The grammar hands over the REF block as text (the REF line and any lettered
item lines); this module splits it into items (``A.``, ``A)``, ``(A)``,
``[A]``), types each item, and turns cable citations (``STATE 178111``,
``06 TBILISI 2601``, ``BRASILIA 2799 AND 2764``) into canonical ids.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from .. import module_patterns
from ..ids import _stations, canonical_id, station_key, two_digit_year
from .envelope import squeeze

__all__ = ["RefItem", "split_items", "cite_ids", "item_kind", "repeat_key"]

# A bullet at the start of the text, or after whitespace or ';' / ','.
# "(A)" may touch its item ("(A)STATE 175414"), and so may "A)" before an
# upper-case word ("A)STATE 198912 B)HAVANA 3721"); "A." needs a space.
_BULLET = module_patterns.compile(
    r"(?:^|(?<=[\s;,]))¶?(?:\(([A-Za-z])\)|\[([A-Za-z])\]|([A-Za-z])[.):](?=\s)|([A-Z])\)(?=[A-Z]))")

RefItem = tuple[str | None, str, int, int]  # letter, text, start, end (offsets in the block)


def _bullets(text: str) -> list[tuple[str, int, int]]:
    """Bullets that follow the alphabet: A, B, C ... (a doubled "A. (A)" counts once).

    Only a letter that continues the sequence is a bullet, so "(U)" or
    "(C)" markings and initials inside an item are not taken for one.
    """
    found: list[tuple[str, int, int]] = []
    expected = None
    for m in _BULLET.finditer(text):
        letter = (m.group(1) or m.group(2) or m.group(3) or m.group(4)).upper()
        if expected is None:
            if letter != "A":
                continue
        elif letter == found[-1][0] and not text[found[-1][2]:m.start()].strip():
            found[-1] = (letter, found[-1][1], m.end())  # "A. (A)": one bullet
            continue
        elif letter != expected:
            continue
        found.append((letter, m.start(), m.end()))
        expected = chr(ord(letter) + 1)
    return found


def split_items(text: str, first_letter: str | None = None) -> Iterator[RefItem]:
    """Items of a REF block as (letter, text, start, end), in order.

    ``first_letter`` lets a continuation piece (an item line of its own)
    start the alphabet where the previous piece left off.
    """
    bullets = _bullets(text) if first_letter is None else _bullets_from(text, first_letter)
    if not bullets:
        stripped = text.strip()
        if stripped:
            start = text.find(stripped)
            yield None, stripped, start, start + len(stripped)
        return
    head = text[: bullets[0][1]].strip()
    if head:
        start = text.find(head)
        yield None, head, start, start + len(head)
    for i, (letter, b_start, b_end) in enumerate(bullets):
        end = bullets[i + 1][1] if i + 1 < len(bullets) else len(text)
        body = text[b_end:end]
        stripped = body.strip()
        if not stripped:
            continue
        lead = len(body) - len(body.lstrip())
        yield letter, stripped, b_start, b_end + lead + len(stripped)


def _bullets_from(text: str, letter: str) -> list[tuple[str, int, int]]:
    m = _BULLET.match(text.lstrip())
    if m is None:
        return []
    offset = len(text) - len(text.lstrip())
    first = (m.group(1) or m.group(2) or m.group(3) or m.group(4)).upper()
    found = [(first, offset + m.start(), offset + m.end())]
    expected = chr(ord(first) + 1)
    for b in _BULLET.finditer(text, offset + m.end()):
        got = (b.group(1) or b.group(2) or b.group(3) or b.group(4)).upper()
        if got == found[-1][0] and not text[found[-1][2]:b.start()].strip():
            found[-1] = (got, found[-1][1], b.end())
        elif got == expected:
            found.append((got, b.start(), b.end()))
            expected = chr(ord(got) + 1)
    return found


# A word of a post's name.  Taken possessively: what follows a word is always
# \s (another word, or the serial), which no character of a word can be, so
# giving characters back can never help, and trying it made a long REF item
# without a citation slow (a 934-character OCR-garbled item in 06NEWDELHI5138
# took 1 ms a parse; tests/test_fast_paths.py).
_WORD = r"[A-Za-z0][A-Za-z'.-]*+"
_CITE = module_patterns.compile(
    r"(?:(?<![A-Za-z0-9])(?P<year>(?:19|20)\d{2}|\d{2}|\(\d{2}\))(?:\s+|(?=[A-Za-z])))?"
    r"(?P<post>" + _WORD + r"(?:\s+" + _WORD + r"){0,3}?)\s+(?P<serial>0*\d{1,6})(?![\d/])"
    r"(?:\s*\((?P<year_after>\d{2}|\d{4})\))?"
    r"(?P<more>(?:\s*(?:,|AND|and|&)\s*\d{1,6}(?![\d/]))*)"
)
# A page-break line glued into a REF item: "BRUSSELS 00001639 001.5 OF 002".
_GLUED_PAGE = module_patterns.compile(r"[A-Z][A-Z .]*?\s+\d{8}\s+\d{3}(?:\.\d+)?\s+OF\s+\d{3}")
# Its serial and page number, part of every match: searched from a digit, not
# from every capital letter as _GLUED_PAGE is.
_GLUED_PAGE_CORE = module_patterns.compile(r"\d{8}\s+\d{3}")
_COMPACT = module_patterns.compile(r"(?<![A-Za-z0-9])(\d{2}|\d{4})-?([A-Z]{3,})-?(\d{1,6})(?![\d])")
# Part of every _COMPACT match ("6STA" of "06STATE123"), searched from its
# digit: _COMPACT opens with a lookbehind, so re tries it at every character
# of every REF item; where this finds nothing, that cannot either.
_COMPACT_CORE = module_patterns.compile(r"\d-?[A-Z]{3}")
_MORE = module_patterns.compile(r"\d{1,6}")


@functools.lru_cache(maxsize=8192)
def _station(post: str) -> str | None:
    """The station for a post as written, trying shorter word suffixes.

    Cached like :func:`cablelib.ids.station_key`, which it calls once for
    each word suffix: it is pure, and a corpus asks it about the same few
    thousand spellings again and again (``STATE``, the months of dates that
    look like citations).  Half of the calls in one pass over the 317
    cables of the shared corpus repeat an earlier one.
    """
    words = post.split()
    stations = _stations()
    for i in range(len(words)):
        key = station_key(" ".join(words[i:]).replace("0", "O"), for_reference=True)
        if key in stations:
            return key
    return None


_OWN_ID = module_patterns.compile(r"^(\d{2})([A-Z]+?)(\d+)$")


def cite_ids(text: str, year: int | None, own_id: str | None = None) -> list[str | None]:
    """Canonical ids of every cable an item cites, in order.

    A citation without a year takes ``year`` (the citing cable's), except
    that a cable cannot cite a later serial of its own post from the same
    year: ``RIO DE JANEIRO 245`` in cable 14 of 2009 from Rio is a 2008
    cable (09RIODEJANEIRO14).  A citation without a year when no year is
    known gives ``None``: the item is still a cable reference, but its id
    cannot be told.
    """
    own = _OWN_ID.match(own_id or "")
    ids: list[str | None] = []
    if _GLUED_PAGE_CORE.search(text):
        text = _GLUED_PAGE.sub(" ", text)
    for m in _COMPACT.finditer(text) if _COMPACT_CORE.search(text) else ():
        station = _station(m.group(2))
        if station:
            ids.append(canonical_id(m.group(1) + station + m.group(3)))
    if ids:
        return ids
    pos = 0
    while True:
        cite = _CITE.search(text, pos)
        if cite is None:
            break
        station = _station(cite.group("post"))
        if station is None:
            pos = cite.start() + 1  # the next word may start a citation
            continue
        pos = cite.end()
        y = cite.group("year_after") or cite.group("year")
        for serial in [cite.group("serial"), *_MORE.findall(cite.group("more") or "")]:
            if y:
                yy: str | None = two_digit_year(y.strip("()"))
            elif year is None:
                yy = None
            elif own is not None and own.group(2) == station and int(serial) > int(own.group(3)):
                yy = two_digit_year(year - 1)
            else:
                yy = two_digit_year(year)
            ids.append(canonical_id(f"{yy}{station}{int(serial)}") if yy else None)
    return ids


_KINDS = (
    ("email", module_patterns.compile(r"(?i)\be-?mails?\b")),
    ("telcon", module_patterns.compile(r"(?i)\b(?:telcons?|telecons?|phone|telephone)\b")),
    ("fax", module_patterns.compile(r"(?i)\bfax\b")),
    ("memo", module_patterns.compile(r"(?i)\b(?:memo|memorandum)\b")),
    ("meeting", module_patterns.compile(r"(?i)\b(?:meeting|mtg)\b")),
    ("web", module_patterns.compile(r"(?i)https?://|www\.")),
    ("report", module_patterns.compile(r"(?i)\b(?:OSC|IIR|TD-\d|report)\b")),
    ("book", module_patterns.compile(r"(?i)\b(?:FAM|FAH|book)\b")),
)


# Items that one lettered entry holds: "STATE 106206 CIRCULAR; STATE CA-3400
# NOV 2, 1966", and the colon-separated lists of the 1970s ("TEHRAN'S A-077
# OF MAY 15, 1972: TEHRAN 3312").
_SUB_ITEM = module_patterns.compile(r";\s*|:\s+(?=[A-Z][A-Za-z' ]*\s\d)")
_NO_REFERENCE = module_patterns.compile(r"(?i)^(?:none|n/a|na)\.?$")


def sub_items(text: str, year: int | None = None) -> list[tuple[str, int]]:
    """The parts of one REF entry, with their offsets; ``NONE`` gives none.

    An entry is split on ``;`` (and on ``:`` before a citation) only when one
    of its parts cites a cable: a telcon note "TELCON: O. MOSS: CA/OCS ...;
    AF DUTY" stays one item.
    """
    stripped = text.strip()
    if not stripped or _NO_REFERENCE.match(stripped):
        return []
    parts: list[tuple[str, int]] = []
    pos = 0
    for m in _SUB_ITEM.finditer(text):
        parts.append((text[pos:m.start()], pos))
        pos = m.end()
    parts.append((text[pos:], pos))
    parts = [(p.strip(), off + len(p) - len(p.lstrip())) for p, off in parts
             if p.strip() and not _NO_REFERENCE.match(p.strip())]
    if len(parts) > 1 and any(cite_ids(p, year or 2000) for p, _ in parts):
        return parts
    return [(stripped, text.find(stripped))]


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


def repeat_key(letter: str | None, text: str, cited: str | None) -> tuple[str | None, str, str | None]:
    """What makes REF items of a cable's caption copies one reference: the same letter,
    text and cited id, letter and text compared without case.

    A media partner's copy of the caption may be lower-cased (08KINSHASA189:
    ``REF: 07 KINSHASA 798`` and ``Ref: 07 kinshasa 798``); its items are the
    first copy's again, not more references.
    """
    return (letter.upper() if letter else letter, text.upper(), cited)
