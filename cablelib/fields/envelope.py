"""Splitting envelope lines (ACP-127 format lines) into fields."""

from __future__ import annotations

from .. import module_patterns

__all__ = ["split_routing", "split_station", "split_dtg_line", "split_recipient", "squeeze"]


def squeeze(text: str) -> str:
    r"""Runs of whitespace (including line breaks) to one space, ends stripped.

    ``" ".join(text.split())``, which splits on exactly the characters ``\s``
    matches and is about three times faster than a regex substitution here
    (benchmarks/grammar_experiments.py).  A long text (a paragraph) takes a
    cheaper road to the same result: line breaks and tabs become spaces; if
    what is left is printable, its only whitespace character is the space
    (no other whitespace character is printable), so collapsing runs of
    spaces (``str.split`` on two spaces and a join, then ``str.replace``
    while a double space is left) and stripping the ends gives what the
    split gives, without making a string of every word (2.8 % fewer instructions a
    parse, benchmarks/bench_instructions.py; tests/test_fast_paths.py).
    ``isprintable`` itself cost two thirds of that road (1.9 of 2.9 µs for a
    618-character paragraph), so ASCII text, which ``isascii`` recognises
    without reading it, is checked instead for the six other ASCII
    whitespace characters with C-speed ``in`` scans.
    """
    if len(text) < 80:
        return " ".join(text.split())
    if "\r" in text:
        # " \r\n" line ends would become three spaces, and every run of
        # three costs a pass more below; two blanks become one space here.
        text = text.replace("\r\n", " ")
    flat = text.replace("\n", " ").replace("\r", " ").replace("\t", " ")
    if flat.isascii():
        if "\x0b" in flat or "\x0c" in flat or "\x1c" in flat or "\x1d" in flat or "\x1e" in flat \
                or "\x1f" in flat:
            return " ".join(text.split())
    elif not flat.isprintable():
        return " ".join(text.split())
    if "  " in flat:
        # One split and join halves every run of spaces, so a double space is
        # left only where a run was three or more long: only then is it looked
        # for again (most paragraphs have only the two spaces after a full
        # stop: 22 instead of 30 us a cable).  Whether such a run exists is
        # asked of the text with a C-speed ``in``, not of every part.
        longer = "   " in flat
        flat = " ".join(flat.split("  "))
        if longer:
            while "  " in flat:
                flat = flat.replace("  ", " ")
    return flat.strip(" ")


def split_routing(line: str) -> tuple[str, tuple[str, ...]]:
    """``PP RUEHCHI RUEHDT`` → ``('PP', ('RUEHCHI', 'RUEHDT'))``."""
    parts = line.split()
    return parts[0], tuple(parts[1:])


_STATION_RE = module_patterns.compile(r"DE\s+(\S+?)\s*#\s*(\d+)(?:/(\d+))?(?:\s+(\d+))?")


def split_station(line: str) -> tuple[str | None, int | None, int | None, str | None]:
    """``DE RUEHPF #2131/01 3380808`` → ``('RUEHPF', 2131, 1, '3380808')``."""
    m = _STATION_RE.match(line.strip())
    if m is None:
        return None, None, None, None
    ri, seq, section, filed = m.groups()
    return ri, int(seq), int(section) if section else None, filed


_DTG_LINE_RE = module_patterns.compile(r"((?:[ZOPRY]\s+){0,2})(\d{6}Z\s+[A-Za-z]{3}\s+\d{2,4})")


def split_dtg_line(line: str) -> tuple[str | None, str]:
    """``P R 041820Z JAN 10`` → ``('P R', '041820Z JAN 10')``."""
    m = _DTG_LINE_RE.search(line)
    if m is None:
        return None, squeeze(line)
    prec = squeeze(m.group(1)) or None
    return prec, squeeze(m.group(2))


_ROUTE_RE = module_patterns.compile(r"([RQ][A-Z0-9]{3,7})\s*/\s*")
_ONE_WORD_PRECEDENCES = frozenset(("IMMEDIATE", "PRIORITY", "PIORITY", "ROUTINE", "FLASH"))


def split_recipient(line: str) -> tuple[str | None, str, str | None, str | None]:
    r"""``RUEHC/SECSTATE WASHDC PRIORITY 7672`` → route, name, precedence, serial.

    The typo ``PIORITY`` is read as ``PRIORITY``; the serial keeps its zeros.

    The line is read as ``[ROUTE/]NAME[ PRECEDENCE][ SERIAL]`` with the
    shortest name that leaves a valid tail: the regex
    ``^(?:(ROUTE)\s*/\s*)?(.*?)(?:\s+(PRECEDENCE))?(?:\s+(\d{3,}))?\s*$``
    on the squeezed line, which ran at 100 ns a character (a lazy group tried
    at every position).  On a squeezed line the tail is at most three words,
    so the tail is read off the last words instead (5.6 -> 2.8 µs a line;
    tests/test_fast_paths.py compares both on every corpus line).
    """
    text = squeeze(line)
    m = _ROUTE_RE.match(text)
    route, rest = (m.group(1), text[m.end():]) if m else (None, text)
    words = rest.split(" ")
    # The longest valid tail, leaving the name at least one word: SERIAL,
    # then NIACT IMMEDIATE or a one-word precedence before it.
    end = len(words)
    serial = None
    if end >= 2 and len(words[-1]) >= 3 and words[-1].isdecimal():  # \d{3,}, without a call into re
        serial = words[-1]
        end -= 1
    prec = None
    if end >= 3 and words[end - 2] == "NIACT" and words[end - 1] == "IMMEDIATE":
        prec = "NIACT IMMEDIATE"
        end -= 2
    elif end >= 2 and words[end - 1] in _ONE_WORD_PRECEDENCES:
        prec = "PRIORITY" if words[end - 1] == "PIORITY" else words[end - 1]
        end -= 1
    if prec is None and serial is None:
        return route, rest, None, None
    return route, " ".join(words[:end]), prec, serial
