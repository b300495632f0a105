"""Splitting envelope lines (ACP-127 format lines) into fields."""

from __future__ import annotations

import re

__all__ = ["split_routing", "split_station", "split_dtg_line", "split_recipient", "squeeze"]

_SPACES = re.compile(r"\s+")


def squeeze(text: str) -> str:
    r"""Runs of whitespace (including line breaks) to one space, ends stripped.

    ``" ".join(text.split())``, which splits on exactly the characters ``\s``
    matches and is about three times faster than a regex substitution here
    (benchmarks/grammar_experiments.py).  A long text (a paragraph) takes a
    cheaper road to the same result: line breaks and tabs become spaces; if
    what is left is printable, its only whitespace character is the space
    (no other whitespace character is printable), so collapsing runs of
    spaces with ``str.replace`` and stripping the ends gives what the split
    gives, without making a string of every word (2.8 % fewer instructions a
    parse, benchmarks/bench_instructions.py; tests/test_fast_paths.py).
    """
    if len(text) < 80:
        return " ".join(text.split())
    flat = text.replace("\n", " ")
    if "\r" in flat:
        flat = flat.replace("\r", " ")
    if "\t" in flat:
        flat = flat.replace("\t", " ")
    if not flat.isprintable():
        return " ".join(text.split())
    while "  " in flat:
        flat = flat.replace("  ", " ")
    return flat.strip(" ")


def split_routing(line: str) -> tuple[str, tuple[str, ...]]:
    """``PP RUEHCHI RUEHDT`` → ``('PP', ('RUEHCHI', 'RUEHDT'))``."""
    parts = line.split()
    return parts[0], tuple(parts[1:])


_STATION_RE = re.compile(r"DE\s+(\S+?)\s*#\s*(\d+)(?:/(\d+))?(?:\s+(\d+))?")


def split_station(line: str) -> tuple[str | None, int | None, int | None, str | None]:
    """``DE RUEHPF #2131/01 3380808`` → ``('RUEHPF', 2131, 1, '3380808')``."""
    m = _STATION_RE.match(line.strip())
    if m is None:
        return None, None, None, None
    ri, seq, section, filed = m.groups()
    return ri, int(seq), int(section) if section else None, filed


_DTG_LINE_RE = re.compile(r"((?:[ZOPRY]\s+){0,2})(\d{6}Z\s+[A-Za-z]{3}\s+\d{2,4})")


def split_dtg_line(line: str) -> tuple[str | None, str]:
    """``P R 041820Z JAN 10`` → ``('P R', '041820Z JAN 10')``."""
    m = _DTG_LINE_RE.search(line)
    if m is None:
        return None, squeeze(line)
    prec = squeeze(m.group(1)) or None
    return prec, squeeze(m.group(2))


_PRECEDENCES = ("NIACT IMMEDIATE", "IMMEDIATE", "PRIORITY", "PIORITY", "ROUTINE", "FLASH")
_RECIPIENT_RE = re.compile(
    r"^(?:(?P<route>[RQ][A-Z0-9]{3,7})\s*/\s*)?(?P<name>.*?)"
    r"(?:\s+(?P<prec>NIACT\s+IMMEDIATE|IMMEDIATE|PRIORITY|PIORITY|ROUTINE|FLASH))?"
    r"(?:\s+(?P<serial>\d{3,}))?\s*$"
)


def split_recipient(line: str) -> tuple[str | None, str, str | None, str | None]:
    """``RUEHC/SECSTATE WASHDC PRIORITY 7672`` → route, name, precedence, serial.

    The typo ``PIORITY`` is read as ``PRIORITY``; the serial keeps its zeros.
    """
    m = _RECIPIENT_RE.match(squeeze(line))
    assert m is not None  # the pattern matches every string
    prec = m.group("prec")
    if prec is not None:
        prec = squeeze(prec)
        if prec == "PIORITY":
            prec = "PRIORITY"
    return m.group("route"), m.group("name"), prec, m.group("serial")
