"""Dates in cables: the date-time group, DECL dates, publication timestamps."""

from __future__ import annotations

import datetime as dt
import re
from .. import module_patterns

__all__ = ["MONTHS", "century_year", "decl_date_of_any_year", "parse_dtg", "parse_decl_date", "resolve_two_digit_year"]

MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)}

_DTG_RE = module_patterns.compile(r"(\d{2})(\d{2})(\d{2})Z\s+([A-Za-z]{3})\s+(\d{2}(?:\d{2})?)\b")


def century_year(yy: int) -> int:
    """Cablegate spans 1966-2010: ``66``-``99`` → 19xx, ``00``-``65`` → 20xx."""
    return 1900 + yy if yy >= 66 else 2000 + yy


def parse_dtg(text: str) -> dt.datetime | None:
    """``040808Z DEC 06`` → ``2006-12-04 08:08 UTC``; ``None`` if impossible."""
    m = _DTG_RE.search(text)
    if m is None:
        return None
    day, hour, minute, mon, year = m.groups()
    month = MONTHS.get(mon.upper())
    y = int(year)
    y = century_year(y) if len(year) == 2 else y
    if month is None:
        return None
    try:
        return dt.datetime(y, month, int(day), int(hour), int(minute), tzinfo=dt.timezone.utc)
    except ValueError:
        return None


def resolve_two_digit_year(yy: int, not_before: int | None) -> int:
    """The first year ending in ``yy`` that is not before ``not_before``.

    Without a reference year, fall back to :func:`century_year`.
    """
    if not_before is None:
        return century_year(yy)
    year = not_before - not_before % 100 + yy
    return year if year >= not_before else year + 100


_DECL_RES = (
    (module_patterns.compile(r"\b(\d{4})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{1,2})\b"), "ymd"),
    (module_patterns.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4}|\d{2})\b"), "mdy"),
    (module_patterns.compile(r"(\d{1,2})-(\d{1,2})-(\d{4}|\d{2})\b"), "mdy"),
)


_NAMED_DATES = (
    (module_patterns.compile(
        r"\b(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b", re.I
    ), "mdy"),
    (module_patterns.compile(
        r"\b(\d{1,2})\s+(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\.?,?\s+(\d{4})\b", re.I
    ), "dmy"),
)


def _named_date(text: str) -> dt.date | None:
    """``DECLASSIFIED JUNE 21, 2006`` / ``30 JUN 2005`` → a date."""
    for regex, order in _NAMED_DATES:
        m = regex.search(text)
        if m is None:
            continue
        if order == "mdy":
            mon, day, year = m.groups()
        else:
            day, mon, year = m.groups()
        try:
            return dt.date(int(year), MONTHS[mon[:3].upper()], int(day))
        except ValueError:
            return None
    return None


def parse_decl_date(text: str, cable_year: int | None = None) -> dt.date | None:
    """The declassification date in an E.O. instruction, or ``None``.

    ``DECL: 01/26/2019`` → 2019-01-26.  A two-digit year resolves to the first
    such year not before the cable's own year.  ``N/A``, ``OADR``, ``X1`` give
    ``None``.
    """
    return _decl_date(text, cable_year, True)


def decl_date_of_any_year(text: str) -> dt.date | None:
    """:func:`parse_decl_date` where the answer is the same for every cable year, else ``None``.

    Why: the transformer reads an E.O. line before the cable's year is known
    (it comes from the date-time group, the wrapper or the caller).  Most
    DECL dates have a four-digit year, and one read here spares assembly a
    second reading and two copies of the caption (``evolve``) for each of
    them; a two-digit year is left for :mod:`cablelib.assemble`.
    """
    return _decl_date(text, None, False)


def _decl_date(text: str, cable_year: int | None, two_digit_years: bool) -> dt.date | None:
    for regex, order in _DECL_RES:
        m = regex.search(text)
        if m is None:
            continue
        a, b, c = m.groups()
        if order == "mdy":
            month, day, year = int(a), int(b), c
        else:
            year, month, day = a, int(b), int(c)
        y = int(year)
        if len(year) == 2:
            if not two_digit_years:
                return None
            y = resolve_two_digit_year(y, cable_year)
        try:
            return dt.date(y, month, day)
        except ValueError:
            return None
    return _named_date(text)
