"""The date formats that publishers wrote around cables, read as aware UTC datetimes.

Why hand-written regexes instead of ``datetime.strptime``: ``%a`` and ``%b``
depend on the process locale, and ``strptime`` is slow (it runs for every
cable of the corpus).  Each reader returns ``None`` for anything it does not
recognise, so the caller decides whether that deserves a diagnostic.
"""

from __future__ import annotations

import datetime as _dt

from cablelib.model import Diagnostic
from .. import module_patterns

__all__ = ["parse_iso_minutes", "parse_ruby_time", "parse_csv_time", "wrapper_date"]

_UTC = _dt.timezone.utc

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}

# cablegate pages and the seed: "2006-12-04 08:08" or "2006-12-04 08:08:00".
_ISO = module_patterns.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*\Z")

# alx/cablegate extracts, Ruby's Time#to_s: "Wed Dec 28 18:06:00 +0100 1966".
_RUBY = module_patterns.compile(
    r"\s*(?:[A-Za-z]{3}\s+)?([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})"
    r"\s+([+-])(\d{2}):?(\d{2})\s+(\d{4})\s*\Z"
)

# cables.csv: "12/28/1966 18:48" (month first, no leading zeros).
_CSV = module_patterns.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*\Z")


def _build(year: int, month: int, day: int, hour: int, minute: int, second: int,
           tz: _dt.tzinfo = _UTC) -> _dt.datetime | None:
    try:
        return _dt.datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except (ValueError, OverflowError):
        return None


def parse_iso_minutes(value: str | None) -> _dt.datetime | None:
    """``YYYY-MM-DD HH:MM[:SS]`` in UTC (cablegate pages, the seed)."""
    m = _ISO.match(value or "")
    if not m:
        return None
    y, mo, d, h, mi, s = m.groups()
    return _build(int(y), int(mo), int(d), int(h), int(mi), int(s or 0))


def parse_ruby_time(value: str | None) -> _dt.datetime | None:
    """``Wed Dec 28 18:06:00 +0100 1966`` converted to UTC.

    The offset is applied, so ``00:00:00 +0200`` becomes 22:00 UTC on the
    previous day.  (The extracts store most dates as local midnight; see
    :mod:`cablelib.sources.extract_text`.)
    """
    m = _RUBY.match(value or "")
    if not m:
        return None
    mon, d, h, mi, s, sign, oh, om, y = m.groups()
    month = _MONTHS.get(mon.lower())
    if month is None:
        return None
    offset = _dt.timedelta(hours=int(oh), minutes=int(om))
    if offset >= _dt.timedelta(days=1):
        return None
    tz = _dt.timezone(-offset if sign == "-" else offset)
    local = _build(int(y), month, int(d), int(h), int(mi), int(s), tz)
    if local is None:
        return None
    try:
        return local.astimezone(_UTC)
    except (ValueError, OverflowError):
        return None


def parse_csv_time(value: str | None) -> _dt.datetime | None:
    """``M/D/YYYY H:MM`` in UTC (cables.csv)."""
    m = _CSV.match(value or "")
    if not m:
        return None
    mo, d, y, h, mi, s = m.groups()
    return _build(int(y), int(mo), int(d), int(h), int(mi), int(s or 0))


def wrapper_date(value: str | None, label: str, diagnostics: list[Diagnostic]) -> _dt.datetime | None:
    """A page's ``Created``/``Released`` value (``YYYY-MM-DD HH:MM[:SS]``), or
    ``None``; a value that is there but unreadable also adds a diagnostic."""
    if not value:
        return None
    parsed = parse_iso_minutes(value)
    if parsed is None:
        diagnostics.append(Diagnostic(
            "bad-wrapper-value", f"{label} value {value!r} is not YYYY-MM-DD HH:MM[:SS]"))
    return parsed
