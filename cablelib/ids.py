"""One canonicaliser for cable reference ids: :func:`canonical_id`.

A reference id is ``YY`` + STATION + SERIAL (``06PHNOMPENH2131``).  The same
cable is written many ways: with a malformed published id
(``08ECTION01OF02MANAMA492``), with a station alias in a REF list
(``HCMC 196``), with a four-digit year or a PlusD suffix (``1975DACCA00292_b``,
``10SHANGHAI60_a``), or with zero-padded serials.  Every path in cablelib that
produces an id goes through this module, so one table decides.

Data (shipped in ``cablelib/data/``, facts taken from heuer/cablemap, BSD
3-clause, see ``cablelib/data/SOURCES.md``):

* ``id-corrections.tsv`` — published bad ids and the id they stand for;
* ``station-aliases.tsv`` — station aliases.  Where cablemap's two tables
  disagree we follow ``c14n.py`` (the newer table, whose tests pass; its
  history reverses the reader's ``BRUSSELS`` and Taipei choices), and a
  one-sided alias that is itself a real Cablegate station is never applied
  (``TAIPEI`` stays ``TAIPEI``, ``BRUSSELS`` stays ``BRUSSELS``): both are
  published ids of thousands of cables.  Aliases both tables agree on are
  applied to ids built from REF items even when the alias is a real station
  (``PARIS FR 2144`` → ``UNESCOPARISFR``), never to a published id.
"""

from __future__ import annotations

import functools

from . import module_patterns
from .errors import CableInputError
from .package_files import data_rows as _rows

__all__ = ["canonical_id", "station_key", "two_digit_year"]

_ID_RE = module_patterns.compile(r"^(\d{2}|\d{4})([A-Z][A-Z0-9]*?[A-Z])0*(\d{1,7})$")
_PREFIXES = ("USMISSION", "AMEMBASSY", "AMCONSUL", "EMBASSY", "CONSULATE")
_SUFFIXES = ("WASHDC",)  # "SECSTATE WASHDC" on an FM line
_NOT_ID_CHARACTER = module_patterns.compile(r"[^A-Z0-9]")
_PLUSD_SUFFIX = module_patterns.compile(r"_[A-Za-z]$")  # 1975DACCA00292_b


@functools.cache
def _corrections() -> dict[str, str]:
    return {r["published_id"]: r["canonical_id"] for r in _rows("id-corrections.tsv")}


@functools.cache
def _stations() -> frozenset[str]:
    return frozenset(r["station"] for r in _rows("stations.tsv"))


@functools.cache
def _aliases(for_reference: bool = False) -> dict[str, str]:
    """Station aliases.

    For a published id, an alias that is itself a real Cablegate station is
    never applied (it would rename thousands of real ids: TAIPEI, BRUSSELS,
    PARISFR).  For an id built from a REF item, aliases on which both
    cablemap tables agree are applied even to real stations (``PARIS FR
    2144`` → ``UNESCOPARISFR``); the one-sided ones (``TAIPEI`` ↔
    ``AITTAIPEI``, ``BRUSSELS`` → ``USEUBRUSSELS``) never are.
    """
    stations = _stations()
    table: dict[str, str] = {}
    for row in _rows("station-aliases.tsv"):
        alias = row["alias"]
        target = row["canonical_c14n"] or row["canonical_reader"]
        if not target or target not in stations:
            continue
        if alias in stations and not (for_reference and row["agree"] == "y"):
            continue
        table[alias] = target
    return table


@functools.lru_cache(maxsize=8192)  # pure; a corpus has a few thousand post spellings
def station_key(post: str, *, for_reference: bool = False) -> str:
    """Station part of an id from a post name as written.

    ``'Phnom Penh'`` → ``'PHNOMPENH'``, ``'AMEMBASSY VIENNA'`` → ``'VIENNA'``,
    ``'HCMC'`` → ``'HOCHIMINHCITY'``.  ``for_reference`` applies the agreed
    aliases of REF lists too (see :func:`_aliases`).
    """
    key = _NOT_ID_CHARACTER.sub("", post.upper())
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix):]
            break
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
    return _aliases(for_reference).get(key, key)


def two_digit_year(year: int | str) -> str:
    """``2006`` or ``'06'`` → ``'06'``."""
    return f"{int(year) % 100:02d}"


def canonical_id(published_id: str) -> str:
    """The canonical form of a cable reference id.

    Applies, in order: the table of known malformed and invalid published
    ids; removal of a PlusD suffix (``_a``); reduction of a four-digit year;
    station aliases; removal of leading zeros from the serial.  An id that
    does not look like ``YY STATION SERIAL`` is returned upper-cased and
    stripped, unchanged otherwise.

    >>> canonical_id('08ECTION01OF02MANAMA492')
    '08MANAMA492'
    >>> canonical_id('1975DACCA00292_b')
    '75DACCA292'
    """
    if not isinstance(published_id, str):  # str() would make 'NONE' of None
        raise CableInputError(f"canonical_id() needs a str, not {type(published_id).__name__}")
    text = published_id.strip()
    fixed = _corrections().get(text)
    if fixed is not None:
        return fixed
    key = (_PLUSD_SUFFIX.sub("", text) if "_" in text else text).upper().replace(" ", "")
    fixed = _corrections().get(key)
    if fixed is not None:
        return fixed
    match = _ID_RE.match(key)
    if match is None:
        return key
    year, station, serial = match.groups()
    return f"{two_digit_year(year)}{station_key(station)}{int(serial)}"
