"""Lookups on the model against the shipped reference tables.

These answer questions *about* parsed values without parsing again:

* :func:`station_name` — a routing indicator's station (``RUEHPF`` →
  ``AMEMBASSY PHNOM PENH``), from ``routing-indicators.tsv``;
* :func:`tag_kind` — what a TAGS entry is (geo, subject, program,
  organisation, person), from ``tags-subject.txt`` and
  ``tags-organization.txt`` and cablemap's rules;
* :func:`title_case` — a subject in title case that keeps acronyms
  (``acronyms.txt``) upper case;
* :func:`canonical_surname` — a signer's surname with known misspellings
  repaired (``surname-repairs.tsv``; signers only, never free text).

Tables are read once, on first use.  Sources: ``cablelib/data/SOURCES.md``.
"""

from __future__ import annotations

import functools
import re

from . import module_patterns
from .errors import CableInputError
from .package_files import data_rows as _rows
from .package_files import data_text as _text

__all__ = ["station_name", "station_names", "tag_kind", "title_case", "canonical_surname"]


@functools.cache
def _routing() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for row in _rows("routing-indicators.tsv"):
        names = table.setdefault(row["routing_indicator"], [])
        if row["name"] not in names:
            names.append(row["name"])
    return {ri: tuple(names) for ri, names in table.items()}


def _text_argument(function: str, value: object) -> str:
    """``value`` if it is a ``str``; else the clear error every public function gives."""
    if not isinstance(value, str):
        raise CableInputError(f"{function}() needs a str, not {type(value).__name__}")
    return value


def station_names(routing_indicator: str | None) -> tuple[str, ...]:
    """Every station name the tables give for a routing indicator (may be several)."""
    if routing_indicator is None:
        return ()
    if not _text_argument("station_names", routing_indicator):
        return ()
    return _routing().get(routing_indicator.strip().upper(), ())


def station_name(routing_indicator: str | None) -> str | None:
    """The (first) station name of a routing indicator, or ``None`` if unknown.

    >>> station_name("RUEHPF")
    'AMEMBASSY PHNOM PENH'
    """
    if routing_indicator is not None:
        _text_argument("station_name", routing_indicator)
    names = station_names(routing_indicator)
    return names[0] if names else None


@functools.cache
def _tag_lists() -> tuple[frozenset[str], frozenset[str]]:
    subject = frozenset(line.strip().upper() for line in _text("tags-subject.txt").splitlines() if line.strip())
    orgs = frozenset(line.strip().upper() for line in _text("tags-organization.txt").splitlines() if line.strip())
    return subject, orgs


def tag_kind(tag: str) -> str:
    """``geo``, ``person``, ``program``, ``subject``, ``organisation`` or ``unknown``.

    The rules are cablemap's: two letters is a country or area; a comma is a
    person (``CLINTON, HILLARY``); four letters starting with K is a program
    tag; then the shipped subject and organisation lists decide.
    """
    value = _text_argument("tag_kind", tag).strip().upper()
    if "," in value:
        return "person"
    if len(value) == 2 and value.isalpha():
        return "geo"
    if len(value) == 4 and value.startswith("K") and value.isalpha():
        return "program"
    subject, orgs = _tag_lists()
    if value in subject:
        return "subject"
    if value in orgs:
        return "organisation"
    return "unknown"


@functools.cache
def _acronyms() -> frozenset[str]:
    return frozenset(line.strip().upper() for line in _text("acronyms.txt").splitlines() if line.strip())


_WORD = module_patterns.compile(r"[^\s]+")
_EDGE = module_patterns.compile(r"^([^\w]*)(.*?)([^\w]*)$", re.UNICODE)


def title_case(subject: str) -> str:
    """``CAMBODIA: TIP INTERIM ASSESSMENT REPORT`` → ``Cambodia: TIP Interim Assessment Report``.

    Words in the shipped acronym list (ignoring case and surrounding
    punctuation) stay upper case; other words are capitalised.
    """
    _text_argument("title_case", subject)
    acronyms = _acronyms()

    def part(word: str) -> str:
        if word.upper() in acronyms:
            return word.upper()
        lead, core, tail = _EDGE.match(word).groups()  # type: ignore[union-attr]
        if core.upper() in acronyms or (lead + core).upper() in acronyms or (core + tail).upper() in acronyms:
            return lead + core.upper() + tail
        return lead + core[:1].upper() + core[1:].lower() + tail

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if word.upper() in acronyms:
            return word.upper()
        return "-".join(part(p) for p in word.split("-"))

    return _WORD.sub(fix, subject)


@functools.cache
def _surnames() -> dict[str, str]:
    return {row["written"]: row["canonical"] for row in _rows("surname-repairs.tsv")}


def canonical_surname(name: str) -> str:
    """A signer's surname with a known misspelling repaired (``BRADKTE`` → ``BRADTKE``)."""
    key = _text_argument("canonical_surname", name).strip().upper()
    return _surnames().get(key, key)
